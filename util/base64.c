/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Strict base64 on top of GLib: GLib's decoder skips invalid characters
 * silently, so the input is validated here first.
 */
#include "qemu/osdep.h"
#include "qemu/base64.h"

char *qbase64_encode(const uint8_t *data, size_t len)
{
    return g_base64_encode(data, len);
}

static bool b64_alphabet(char c)
{
    return g_ascii_isalnum(c) || c == '+' || c == '/';
}

/* Alphabet, padding only at the end (at most two), length % 4 == 0. */
static bool b64_validate(const char *in, size_t len, Error **errp)
{
    size_t pad = 0;
    size_t i;

    if (memchr(in, '\0', len)) {
        error_setg(errp, "Base64 data contains embedded NUL characters");
        return false;
    }
    while (pad < 2 && pad < len && in[len - 1 - pad] == '=') {
        pad++;
    }
    for (i = 0; i < len - pad; i++) {
        if (!b64_alphabet(in[i])) {
            error_setg(errp, "Base64 data contains invalid characters");
            return false;
        }
    }
    if (len % 4) {
        error_setg(errp, "Base64 data length is not a multiple of 4");
        return false;
    }
    return true;
}

uint8_t *qbase64_decode(const char *input, size_t in_len, size_t *out_len,
                        Error **errp)
{
    gint state = 0;
    guint save = 0;
    uint8_t *out;

    *out_len = 0;
    if (in_len == (size_t)-1) {
        in_len = strlen(input);
    }
    if (!b64_validate(input, in_len, errp)) {
        return NULL;
    }
    out = g_malloc(in_len / 4 * 3 + 1);
    *out_len = g_base64_decode_step(input, in_len, out, &state, &save);
    out[*out_len] = '\0';
    return out;
}
