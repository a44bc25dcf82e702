/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Parsing of numbers, sizes, booleans and identifiers as QEMU's command
 * line and QMP accept them, plus the helpers that turn a failure into
 * QEMU's exact diagnostic text.
 *
 * Integer parsers (qemu_strto*):
 *   - return 0 on success, -EINVAL when no number was found (or, with
 *     @endptr NULL, when anything follows it), -ERANGE on overflow;
 *   - follow strtoull() base rules: base 0 accepts "0x" hex and leading-0
 *     octal; leading white space is skipped; empty or white-space-only
 *     input is -EINVAL;
 *   - with @endptr NULL the whole string must be consumed; otherwise
 *     *endptr is set to the first unparsed character (to @nptr on -EINVAL);
 *   - on -ERANGE *result is clamped to the type's limit, on -EINVAL it is 0.
 * Unsigned parsers reject a minus sign (-EINVAL), except that "-0" is 0:
 * strtoull() would silently wrap "-1" to UINT64_MAX, which is never what a
 * user asking for a count or an address meant.
 */
#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

int qemu_strtoi(const char *nptr, const char **endptr, int base,
                int *result);
int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result);
int qemu_strtol(const char *nptr, const char **endptr, int base,
                long *result);
int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result);
int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result);
int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result);
/* Finite doubles only: "inf"/"nan" are -EINVAL; overflow is -ERANGE. */
int qemu_strtod(const char *nptr, const char **endptr, double *result);

/*
 * Sizes: a decimal number, optionally with a fraction ("1.5"), or a hex
 * integer ("0x1000"), followed by an optional unit suffix B, K/k, M/m, G/g,
 * T/t, P/p, E/e (powers of 1024; B is bytes).  Without a suffix the default
 * unit applies: bytes for qemu_strtosz(), MiB for qemu_strtosz_MiB() (-m).
 * Leading zeros do not mean octal.  A fraction needs a unit larger than
 * bytes ("1.5" and "0.5B" are -EINVAL for qemu_strtosz()); the result is
 * truncated to whole bytes.  Negative numbers are -EINVAL; results
 * >= 2^64 are -ERANGE.  Hex with a suffix is accepted; callers that want
 * QEMU's deprecation warning test qemu_strtosz_is_hex_with_suffix().
 */
int qemu_strtosz(const char *nptr, const char **end, uint64_t *result);
int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result);
bool qemu_strtosz_is_hex_with_suffix(const char *nptr);

/*
 * Typed parsing with QEMU's error messages.  @name is the parameter name
 * used in the message.
 *   bool:   on|yes|true|y / off|no|false|n, else
 *           "Parameter 'NAME' expects 'on' or 'off'"
 *   number: qemu_strtou64() base 0, else "Parameter 'NAME' expects a
 *           number" or "Value 'V' is too large for parameter 'NAME'"
 *   size:   qemu_strtosz(), else "Parameter 'NAME' expects a non-negative
 *           number below 2^64" plus the suffix hint (QEMU_SIZE_HINT); a hex
 *           value with a suffix parses but warns (warn_report) "Using a
 *           multiplier suffix on hex numbers is deprecated: V".
 */
#define QEMU_SIZE_HINT \
    "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, tera-, " \
    "peta-\nand exabytes, respectively.\n"

bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp);
bool qemu_parse_number(const char *name, const char *value,
                       uint64_t *result, Error **errp);
bool qemu_parse_size(const char *name, const char *value,
                     uint64_t *result, Error **errp);
/* Set the exact size error (message and hint) for parameter @name. */
void qemu_error_set_size(Error **errp, const char *name);

/*
 * Identifiers (id=): letters, digits, '-', '.', '_', starting with a
 * letter.  qemu_check_id() sets "Parameter 'id' expects an identifier"
 * with the hint QEMU_ID_HINT.
 */
#define QEMU_ID_HINT \
    "Identifiers consist of letters, digits, '-', '.', '_', starting with " \
    "a letter.\n"

bool id_wellformed(const char *id);
bool qemu_check_id(const char *id, Error **errp);

/* "help" or "?": the argument asks for a listing. */
bool is_help_option(const char *s);

/* Human-readable size, as QEMU prints it: "512 B", "1 KiB", "1.5 GiB". */
char *size_to_str(uint64_t val);

#endif
