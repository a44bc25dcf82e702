/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Strict base64 (RFC 4648 standard alphabet, '=' padding), for qtest's
 * b64read/b64write and base64 properties.
 */
#ifndef QEMU_BASE64_H
#define QEMU_BASE64_H

/* Returns a NUL-terminated string to g_free(). */
char *qbase64_encode(const uint8_t *data, size_t len);

/*
 * Decode @in_len bytes of @input (the whole string when @in_len is -1).
 * Rejects embedded NULs, characters outside the alphabet, misplaced '='
 * and lengths that are not a multiple of 4.  Returns a buffer to g_free()
 * (NUL-terminated for convenience, not counted in *@out_len), or NULL with
 * @errp set.
 */
uint8_t *qbase64_decode(const char *input, size_t in_len, size_t *out_len,
                        Error **errp);

#endif
