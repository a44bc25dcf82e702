/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Number, size, boolean and identifier parsing with QEMU's rules and
 * diagnostics.  See include/qemu/cutils.h for the contract.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

#include <math.h>

/*
 * Common tail of the integer parsers: decide between success and
 * -EINVAL from where parsing stopped, and report the end position.
 */
static int finish_parse(const char *nptr, const char *ep,
                        const char **endptr, int ret)
{
    if (ep == nptr) {
        ret = -EINVAL;
    } else if (!endptr && *ep != '\0') {
        ret = -EINVAL;
    }
    if (endptr) {
        *endptr = ret == -EINVAL ? nptr : ep;
    }
    return ret;
}

static bool valid_base(int base)
{
    return base == 0 || (base >= 2 && base <= 36);
}

static bool starts_negative(const char *nptr)
{
    while (g_ascii_isspace(*nptr)) {
        nptr++;
    }
    return *nptr == '-';
}

/* Parse a signed integer in [min, max]; out of range clamps. */
static int parse_signed(const char *nptr, const char **endptr, int base,
                        int64_t min, int64_t max, int64_t *result)
{
    char *ep = (char *)nptr;
    long long v = 0;
    int ret = 0;

    if (nptr && valid_base(base)) {
        errno = 0;
        v = strtoll(nptr, &ep, base);
        if (errno == ERANGE || v > max || v < min) {
            ret = -ERANGE;
            v = v < 0 ? min : max;
        }
    }
    ret = nptr ? finish_parse(nptr, ep, endptr, ret) : -EINVAL;
    *result = ret == -EINVAL ? 0 : v;
    return ret;
}

/* Parse an unsigned integer in [0, max]; a minus sign is -EINVAL. */
static int parse_unsigned(const char *nptr, const char **endptr, int base,
                          uint64_t max, uint64_t *result)
{
    char *ep = (char *)nptr;
    unsigned long long v = 0;
    int ret = 0;

    if (nptr && valid_base(base)) {
        errno = 0;
        v = strtoull(nptr, &ep, base);
        if (starts_negative(nptr) && (errno == ERANGE || v != 0)) {
            ep = (char *)nptr;          /* "-N" is not a number here */
        } else if (errno == ERANGE || v > max) {
            ret = -ERANGE;
            v = max;
        }
    }
    ret = nptr ? finish_parse(nptr, ep, endptr, ret) : -EINVAL;
    *result = ret == -EINVAL ? 0 : v;
    return ret;
}

int qemu_strtoi(const char *nptr, const char **endptr, int base,
                int *result)
{
    int64_t v;
    int ret = parse_signed(nptr, endptr, base, INT_MIN, INT_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtoui(const char *nptr, const char **endptr, int base,
                 unsigned int *result)
{
    uint64_t v;
    int ret = parse_unsigned(nptr, endptr, base, UINT_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtol(const char *nptr, const char **endptr, int base,
                long *result)
{
    int64_t v;
    int ret = parse_signed(nptr, endptr, base, LONG_MIN, LONG_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtoul(const char *nptr, const char **endptr, int base,
                 unsigned long *result)
{
    uint64_t v;
    int ret = parse_unsigned(nptr, endptr, base, ULONG_MAX, &v);

    *result = v;
    return ret;
}

int qemu_strtoi64(const char *nptr, const char **endptr, int base,
                  int64_t *result)
{
    return parse_signed(nptr, endptr, base, INT64_MIN, INT64_MAX, result);
}

int qemu_strtou64(const char *nptr, const char **endptr, int base,
                  uint64_t *result)
{
    return parse_unsigned(nptr, endptr, base, UINT64_MAX, result);
}

int qemu_strtod(const char *nptr, const char **endptr, double *result)
{
    char *ep = (char *)nptr;
    double v = 0;
    int ret = 0;

    if (nptr) {
        errno = 0;
        v = strtod(nptr, &ep);
        if (errno == ERANGE && fabs(v) > 1.0) {
            ret = -ERANGE;              /* overflow; underflow is fine */
        } else if (ep != nptr && !isfinite(v)) {
            ep = (char *)nptr;          /* "inf", "nan" */
        }
    }
    ret = nptr ? finish_parse(nptr, ep, endptr, ret) : -EINVAL;
    *result = ret == -EINVAL ? 0 : v;
    return ret;
}

/* Multiplier for a size suffix character, 0 if it is not one. */
static uint64_t size_suffix_mul(char c)
{
    switch (g_ascii_toupper(c)) {
    case 'B':
        return 1;
    case 'K':
        return UINT64_C(1) << 10;
    case 'M':
        return UINT64_C(1) << 20;
    case 'G':
        return UINT64_C(1) << 30;
    case 'T':
        return UINT64_C(1) << 40;
    case 'P':
        return UINT64_C(1) << 50;
    case 'E':
        return UINT64_C(1) << 60;
    default:
        return 0;
    }
}

static bool is_hex_prefix(const char *p)
{
    return p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
}

/*
 * Parse ".digits" at *p into a fraction in [0, 1).  Returns false when
 * no digit follows the point.
 */
static bool parse_fraction(const char **p, double *frac)
{
    const char *s = *p + 1;
    double scale = 0.1;

    *frac = 0;
    if (!g_ascii_isdigit(*s)) {
        return false;
    }
    for (; g_ascii_isdigit(*s); s++) {
        *frac += (*s - '0') * scale;
        scale /= 10;
    }
    *p = s;
    return true;
}

/* The number part of a size: integer (hex or decimal) and fraction. */
static int strtosz_number(const char *nptr, const char **ep,
                          uint64_t *val, double *frac)
{
    const char *p = nptr;
    int ret;

    while (g_ascii_isspace(*p)) {
        p++;
    }
    *frac = 0;
    if (*p == '-' || *p == '+') {
        return -EINVAL;
    }
    ret = qemu_strtou64(p, ep, is_hex_prefix(p) ? 16 : 10, val);
    if (ret < 0) {
        return ret;
    }
    if (**ep == '.' && !is_hex_prefix(p)) {
        if (!parse_fraction(ep, frac)) {
            return -EINVAL;
        }
    }
    return 0;
}

/* Scale val.frac by mul, or -ERANGE if the result needs 65 bits. */
static int strtosz_scale(uint64_t val, double frac, uint64_t mul,
                         uint64_t *result)
{
    uint64_t part = (uint64_t)(frac * (double)mul);

    if (val > UINT64_MAX / mul) {
        return -ERANGE;
    }
    if (val * mul > UINT64_MAX - part) {
        return -ERANGE;
    }
    *result = val * mul + part;
    return 0;
}

static int do_strtosz(const char *nptr, const char **end, uint64_t unit,
                      uint64_t *result)
{
    const char *ep = nptr;
    uint64_t val = 0;
    uint64_t mul;
    double frac;
    int ret;

    *result = 0;
    if (!nptr) {
        return -EINVAL;
    }
    ret = strtosz_number(nptr, &ep, &val, &frac);
    if (ret == 0) {
        mul = size_suffix_mul(*ep);
        if (mul) {
            ep++;
        } else {
            mul = unit;
        }
        if (mul == 1 && frac != 0) {
            ret = -EINVAL;              /* fractional bytes */
        } else if (!end && *ep != '\0') {
            ret = -EINVAL;
        } else {
            ret = strtosz_scale(val, frac, mul, result);
        }
    }
    if (end) {
        *end = ret == -EINVAL ? nptr : ep;
    }
    return ret;
}

int qemu_strtosz(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, 1, result);
}

int qemu_strtosz_MiB(const char *nptr, const char **end, uint64_t *result)
{
    return do_strtosz(nptr, end, UINT64_C(1) << 20, result);
}

bool qemu_strtosz_is_hex_with_suffix(const char *nptr)
{
    const char *p = nptr;

    if (!p) {
        return false;
    }
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!is_hex_prefix(p)) {
        return false;
    }
    for (p += 2; g_ascii_isxdigit(*p); p++) {
        /* skip the digits */
    }
    return size_suffix_mul(*p) != 0;
}

bool qapi_bool_parse(const char *name, const char *value, bool *obj,
                     Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    size_t i;

    for (i = 0; value && i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(value, yes[i])) {
            *obj = true;
            return true;
        }
        if (!strcmp(value, no[i])) {
            *obj = false;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

bool qemu_parse_number(const char *name, const char *value,
                       uint64_t *result, Error **errp)
{
    int ret = qemu_strtou64(value, NULL, 0, result);

    if (ret == -ERANGE) {
        error_setg(errp, "Value '%s' is too large for parameter '%s'",
                   value, name);
        return false;
    }
    if (ret < 0) {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    return true;
}

void qemu_error_set_size(Error **errp, const char *name)
{
    error_setg(errp, "Parameter '%s' expects a non-negative number "
               "below 2^64", name);
    error_append_hint(errp, QEMU_SIZE_HINT);
}

bool qemu_parse_size(const char *name, const char *value,
                     uint64_t *result, Error **errp)
{
    if (qemu_strtosz(value, NULL, result) < 0) {
        qemu_error_set_size(errp, name);
        return false;
    }
    if (qemu_strtosz_is_hex_with_suffix(value)) {
        warn_report("Using a multiplier suffix on hex numbers is "
                    "deprecated: %s", value);
    }
    return true;
}

bool id_wellformed(const char *id)
{
    const char *p;

    if (!id || !g_ascii_isalpha(id[0])) {
        return false;
    }
    for (p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

bool qemu_check_id(const char *id, Error **errp)
{
    if (id_wellformed(id)) {
        return true;
    }
    error_setg(errp, "Parameter 'id' expects an identifier");
    error_append_hint(errp, QEMU_ID_HINT);
    return false;
}

bool is_help_option(const char *s)
{
    return s && (!strcmp(s, "help") || !strcmp(s, "?"));
}

char *size_to_str(uint64_t val)
{
    static const char *const prefix[] = { "", "Ki", "Mi", "Gi", "Ti",
                                          "Pi", "Ei" };
    double v = (double)val;
    size_t i = 0;

    /* Move up a unit while the number would need four digits. */
    while (v >= 1000 && i + 1 < ARRAY_SIZE(prefix)) {
        v /= 1024;
        i++;
    }
    return g_strdup_printf("%0.3g %sB", v, prefix[i]);
}
