/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for number, size, boolean and identifier parsing. */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "qemu/base64.h"

/* ---- qemu_strtou64 / qemu_strtoi64 ---- */

typedef struct U64Case {
    const char *in;
    int ret;
    uint64_t val;
} U64Case;

static void test_strtou64_whole(void)
{
    static const U64Case cases[] = {
        { "0", 0, 0 },
        { "42", 0, 42 },
        { "0x1f", 0, 31 },
        { "0X1F", 0, 31 },
        { "010", 0, 8 },                /* base 0: octal */
        { "  7", 0, 7 },                /* leading space, like strtoull */
        { "+5", 0, 5 },
        { "-0", 0, 0 },
        { "18446744073709551615", 0, UINT64_MAX },
        { "18446744073709551616", -ERANGE, UINT64_MAX },
        { "0xffffffffffffffffff", -ERANGE, UINT64_MAX },
        { "-1", -EINVAL, 0 },
        { "-18446744073709551616", -EINVAL, 0 },
        { "", -EINVAL, 0 },
        { "   ", -EINVAL, 0 },
        { "x", -EINVAL, 0 },
        { "12 ", -EINVAL, 0 },          /* trailing garbage */
        { "12k", -EINVAL, 0 },
        { "0x", -EINVAL, 0 },
        { "08", -EINVAL, 0 },           /* not octal */
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t v = 12345;
        int ret = qemu_strtou64(cases[i].in, NULL, 0, &v);

        g_test_message("input '%s'", cases[i].in);
        g_assert_cmpint(ret, ==, cases[i].ret);
        g_assert_cmpuint(v, ==, cases[i].val);
    }
}

static void test_strtou64_endptr(void)
{
    const char *s = "123abc";
    const char *end = NULL;
    uint64_t v;

    g_assert_cmpint(qemu_strtou64(s, &end, 0, &v), ==, 0);
    g_assert_cmpuint(v, ==, 123);
    g_assert_true(end == s + 3);

    /* No digits: end points at the start. */
    s = "abc";
    g_assert_cmpint(qemu_strtou64(s, &end, 0, &v), ==, -EINVAL);
    g_assert_true(end == s);

    /* Base 16 without prefix, base 2. */
    g_assert_cmpint(qemu_strtou64("ff", NULL, 16, &v), ==, 0);
    g_assert_cmpuint(v, ==, 255);
    g_assert_cmpint(qemu_strtou64("101", NULL, 2, &v), ==, 0);
    g_assert_cmpuint(v, ==, 5);
    g_assert_cmpint(qemu_strtou64("1", NULL, 1, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtou64(NULL, NULL, 0, &v), ==, -EINVAL);
}

static void test_strtoi64(void)
{
    int64_t v;

    g_assert_cmpint(qemu_strtoi64("-42", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, -42);
    g_assert_cmpint(qemu_strtoi64("-0x10", NULL, 0, &v), ==, 0);
    g_assert_cmpint(v, ==, -16);
    g_assert_cmpint(qemu_strtoi64("9223372036854775807", NULL, 0, &v),
                    ==, 0);
    g_assert_cmpint(v, ==, INT64_MAX);
    g_assert_cmpint(qemu_strtoi64("9223372036854775808", NULL, 0, &v),
                    ==, -ERANGE);
    g_assert_cmpint(v, ==, INT64_MAX);
    g_assert_cmpint(qemu_strtoi64("-9223372036854775809", NULL, 0, &v),
                    ==, -ERANGE);
    g_assert_cmpint(v, ==, INT64_MIN);
    g_assert_cmpint(qemu_strtoi64("", NULL, 0, &v), ==, -EINVAL);
    g_assert_cmpint(qemu_strtoi64("1.5", NULL, 0, &v), ==, -EINVAL);
    g_assert_cmpint(v, ==, 0);
}

static void test_strtoi_narrow(void)
{
    int i;
    unsigned int u;
    long l;
    unsigned long ul;

    g_assert_cmpint(qemu_strtoi("2147483647", NULL, 10, &i), ==, 0);
    g_assert_cmpint(i, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("2147483648", NULL, 10, &i), ==, -ERANGE);
    g_assert_cmpint(i, ==, INT_MAX);
    g_assert_cmpint(qemu_strtoi("-2147483649", NULL, 10, &i), ==, -ERANGE);
    g_assert_cmpint(i, ==, INT_MIN);
    g_assert_cmpint(qemu_strtoui("4294967295", NULL, 0, &u), ==, 0);
    g_assert_cmpuint(u, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("4294967296", NULL, 0, &u), ==, -ERANGE);
    g_assert_cmpuint(u, ==, UINT_MAX);
    g_assert_cmpint(qemu_strtoui("-1", NULL, 0, &u), ==, -EINVAL);
    g_assert_cmpint(qemu_strtol("-7", NULL, 0, &l), ==, 0);
    g_assert_cmpint(l, ==, -7);
    g_assert_cmpint(qemu_strtoul("0x10", NULL, 0, &ul), ==, 0);
    g_assert_cmpuint(ul, ==, 16);
}

static void test_strtod(void)
{
    const char *end;
    double d;

    g_assert_cmpint(qemu_strtod("1.25", NULL, &d), ==, 0);
    g_assert_cmpfloat(d, ==, 1.25);
    g_assert_cmpint(qemu_strtod("2.5x", &end, &d), ==, 0);
    g_assert_cmpstr(end, ==, "x");
    g_assert_cmpint(qemu_strtod("1e999", NULL, &d), ==, -ERANGE);
    g_assert_cmpint(qemu_strtod("inf", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod("nan", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod("", NULL, &d), ==, -EINVAL);
    g_assert_cmpint(qemu_strtod("1.0 ", NULL, &d), ==, -EINVAL);
}

/* ---- qemu_strtosz ---- */

static void test_strtosz_ok(void)
{
    static const U64Case cases[] = {
        { "0", 0, 0 },
        { "12345", 0, 12345 },
        { "1B", 0, 1 },
        { "1b", 0, 1 },
        { "1k", 0, 1024 },
        { "1K", 0, 1024 },
        { "1M", 0, 1 << 20 },
        { "1G", 0, UINT64_C(1) << 30 },
        { "1T", 0, UINT64_C(1) << 40 },
        { "1P", 0, UINT64_C(1) << 50 },
        { "1E", 0, UINT64_C(1) << 60 },
        { "15E", 0, UINT64_C(15) << 60 },
        { "1.5G", 0, UINT64_C(3) << 29 },
        { "0.5k", 0, 512 },
        { "1.0", 0, 1 },                /* zero fraction of bytes is fine */
        { "010", 0, 10 },               /* leading zero is not octal */
        { "0x10", 0, 16 },
        { "0x1B", 0, 27 },              /* B and E are hex digits */
        { "0x10M", 0, 16 << 20 },       /* deprecated but accepted */
        { "18446744073709551615", 0, UINT64_MAX },
        { "15.5E", 0, UINT64_C(31) << 59 },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t v = 1;

        g_test_message("input '%s'", cases[i].in);
        g_assert_cmpint(qemu_strtosz(cases[i].in, NULL, &v), ==, 0);
        g_assert_cmpuint(v, ==, cases[i].val);
    }
}

static void test_strtosz_bad(void)
{
    static const U64Case cases[] = {
        { "", -EINVAL, 0 },
        { " ", -EINVAL, 0 },
        { "foo", -EINVAL, 0 },
        { "-1", -EINVAL, 0 },
        { "-0", -EINVAL, 0 },
        { "+1", -EINVAL, 0 },
        { "1.5", -EINVAL, 0 },          /* fractional bytes */
        { "0.5B", -EINVAL, 0 },
        { "1.", -EINVAL, 0 },
        { ".5k", -EINVAL, 0 },
        { "1x", -EINVAL, 0 },
        { "1kB", -EINVAL, 0 },
        { "0x1.5M", -EINVAL, 0 },
        { "1 k", -EINVAL, 0 },
        { "16E", -ERANGE, 0 },
        { "18446744073709551616", -ERANGE, 0 },
        { "16384P", -ERANGE, 0 },
        { "99999999999999999999k", -ERANGE, 0 },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        uint64_t v = 1;

        g_test_message("input '%s'", cases[i].in);
        g_assert_cmpint(qemu_strtosz(cases[i].in, NULL, &v), ==,
                        cases[i].ret);
        g_assert_cmpuint(v, ==, 0);
    }
}

static void test_strtosz_end_and_mib(void)
{
    const char *s = "4k,rest";
    const char *end;
    uint64_t v;

    g_assert_cmpint(qemu_strtosz(s, &end, &v), ==, 0);
    g_assert_cmpuint(v, ==, 4096);
    g_assert_true(end == s + 2);
    g_assert_cmpint(qemu_strtosz("12x", &end, &v), ==, 0);
    g_assert_cmpstr(end, ==, "x");
    g_assert_cmpuint(v, ==, 12);
    s = "zz";
    g_assert_cmpint(qemu_strtosz(s, &end, &v), ==, -EINVAL);
    g_assert_true(end == s);

    g_assert_cmpint(qemu_strtosz_MiB("512", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_C(512) << 20);
    g_assert_cmpint(qemu_strtosz_MiB("1.5", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_C(3) << 19);
    g_assert_cmpint(qemu_strtosz_MiB("2G", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, UINT64_C(2) << 30);
    g_assert_cmpint(qemu_strtosz_MiB("100B", NULL, &v), ==, 0);
    g_assert_cmpuint(v, ==, 100);
    g_assert_cmpint(qemu_strtosz_MiB("17592186044416", NULL, &v), ==,
                    -ERANGE);
}

static void test_strtosz_hex_suffix(void)
{
    g_assert_true(qemu_strtosz_is_hex_with_suffix("0x10M"));
    g_assert_true(qemu_strtosz_is_hex_with_suffix("0X1k"));
    g_assert_false(qemu_strtosz_is_hex_with_suffix("0x1B"));
    g_assert_false(qemu_strtosz_is_hex_with_suffix("0x10"));
    g_assert_false(qemu_strtosz_is_hex_with_suffix("10M"));
    g_assert_false(qemu_strtosz_is_hex_with_suffix(NULL));
}

/* ---- Typed parsing with messages ---- */

static void test_bool_parse(void)
{
    static const char *const on[] = { "on", "yes", "true", "y" };
    static const char *const off[] = { "off", "no", "false", "n" };
    static const char *const bad[] = { "1", "0", "ON", "", "onn", "t" };
    Error *err = NULL;
    bool b;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(on); i++) {
        b = false;
        g_assert_true(qapi_bool_parse("x", on[i], &b, &error_abort));
        g_assert_true(b);
        g_assert_true(qapi_bool_parse("x", off[i], &b, &error_abort));
        g_assert_false(b);
    }
    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        g_assert_false(qapi_bool_parse("server", bad[i], &b, &err));
        g_assert_cmpstr(error_get_pretty(err), ==,
                        "Parameter 'server' expects 'on' or 'off'");
        error_free_or_abort(&err);
    }
    g_assert_false(qapi_bool_parse("x", NULL, &b, NULL));
}

static void test_parse_number(void)
{
    Error *err = NULL;
    uint64_t v;

    g_assert_true(qemu_parse_number("cpus", "0x10", &v, &error_abort));
    g_assert_cmpuint(v, ==, 16);
    g_assert_false(qemu_parse_number("cpus", "two", &v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'cpus' expects a number");
    error_free_or_abort(&err);
    g_assert_false(qemu_parse_number("cpus", "-1", &v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'cpus' expects a number");
    error_free_or_abort(&err);
    g_assert_false(qemu_parse_number("cpus", "99999999999999999999", &v,
                                     &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Value '99999999999999999999' is too large for "
                    "parameter 'cpus'");
    error_free_or_abort(&err);
}

static void test_parse_size(void)
{
    Error *err = NULL;
    uint64_t v;

    g_assert_true(qemu_parse_size("size", "2M", &v, &error_abort));
    g_assert_cmpuint(v, ==, 2 << 20);
    g_assert_false(qemu_parse_size("size", "foo", &v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'size' expects a non-negative number "
                    "below 2^64");
    g_assert_cmpstr(error_get_hint(err), ==,
                    "Optional suffix k, M, G, T, P or E means kilo-, "
                    "mega-, giga-, tera-, peta-\n"
                    "and exabytes, respectively.\n");
    error_free_or_abort(&err);
    g_assert_false(qemu_parse_size("size", "16E", &v, &err));
    error_free_or_abort(&err);
}

static void test_parse_size_hex_warns(void)
{
    if (g_test_subprocess()) {
        uint64_t v;

        error_init("prog");
        g_assert_true(qemu_parse_size("size", "0x10M", &v, &error_abort));
        g_assert_cmpuint(v, ==, 16 << 20);
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("prog: warning: Using a multiplier suffix on "
                              "hex numbers is deprecated: 0x10M\n");
}

/* ---- Identifiers, help, size_to_str ---- */

static void test_id_wellformed(void)
{
    Error *err = NULL;

    g_assert_true(id_wellformed("n0"));
    g_assert_true(id_wellformed("a-b.c_d"));
    g_assert_true(id_wellformed("Z"));
    g_assert_false(id_wellformed(""));
    g_assert_false(id_wellformed("0n"));
    g_assert_false(id_wellformed("_x"));
    g_assert_false(id_wellformed("a b"));
    g_assert_false(id_wellformed("a/b"));
    g_assert_false(id_wellformed(NULL));

    g_assert_true(qemu_check_id("ok", &error_abort));
    g_assert_false(qemu_check_id("1x", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'id' expects an identifier");
    g_assert_cmpstr(error_get_hint(err), ==,
                    "Identifiers consist of letters, digits, '-', '.', "
                    "'_', starting with a letter.\n");
    error_free(err);
}

static void test_is_help_option(void)
{
    g_assert_true(is_help_option("help"));
    g_assert_true(is_help_option("?"));
    g_assert_false(is_help_option("HELP"));
    g_assert_false(is_help_option("helpx"));
    g_assert_false(is_help_option(""));
    g_assert_false(is_help_option(NULL));
}

static void test_size_to_str(void)
{
    static const struct {
        uint64_t in;
        const char *out;
    } cases[] = {
        { 0, "0 B" },
        { 512, "512 B" },
        { 999, "999 B" },
        { 1000, "0.977 KiB" },
        { 1024, "1 KiB" },
        { 1536, "1.5 KiB" },
        { UINT64_C(1) << 30, "1 GiB" },
        { UINT64_C(3) << 39, "1.5 TiB" },
        { UINT64_MAX, "16 EiB" },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        g_autofree char *s = size_to_str(cases[i].in);

        g_assert_cmpstr(s, ==, cases[i].out);
    }
}

/* ---- base64 ---- */

static void test_base64(void)
{
    static const uint8_t bin[] = { 'h', 'i', 0, 0xff, '!' };
    g_autofree char *enc = qbase64_encode(bin, sizeof(bin));
    g_autofree uint8_t *dec = NULL;
    g_autofree uint8_t *part = NULL;
    size_t len;

    g_assert_cmpstr(enc, ==, "aGkA/yE=");
    dec = qbase64_decode(enc, -1, &len, &error_abort);
    g_assert_cmpuint(len, ==, sizeof(bin));
    g_assert_cmpmem(dec, len, bin, sizeof(bin));
    g_assert_cmpint(dec[len], ==, 0);
    /* An explicit length need not stop at a NUL terminator. */
    part = qbase64_decode("aGVsbG8=trailing", 8, &len, &error_abort);
    g_assert_cmpmem(part, len, "hello", 5);
}

static void test_base64_bad(void)
{
    static const struct {
        const char *in;
        size_t len;
        const char *msg;
    } cases[] = {
        { "aGk", 3, "Base64 data length is not a multiple of 4" },
        { "aG=k", 4, "Base64 data contains invalid characters" },
        { "a===", 4, "Base64 data contains invalid characters" },
        { "aG k", 4, "Base64 data contains invalid characters" },
        { "aG\0k", 4, "Base64 data contains embedded NUL characters" },
    };
    size_t i;

    for (i = 0; i < ARRAY_SIZE(cases); i++) {
        Error *err = NULL;
        size_t len = 99;

        g_assert_null(qbase64_decode(cases[i].in, cases[i].len, &len, &err));
        g_assert_cmpuint(len, ==, 0);
        g_assert_cmpstr(error_get_pretty(err), ==, cases[i].msg);
        error_free(err);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cutils/strtou64/whole", test_strtou64_whole);
    g_test_add_func("/cutils/strtou64/endptr", test_strtou64_endptr);
    g_test_add_func("/cutils/strtoi64", test_strtoi64);
    g_test_add_func("/cutils/strtoi/narrow", test_strtoi_narrow);
    g_test_add_func("/cutils/strtod", test_strtod);
    g_test_add_func("/cutils/strtosz/ok", test_strtosz_ok);
    g_test_add_func("/cutils/strtosz/bad", test_strtosz_bad);
    g_test_add_func("/cutils/strtosz/end-mib", test_strtosz_end_and_mib);
    g_test_add_func("/cutils/strtosz/hex-suffix", test_strtosz_hex_suffix);
    g_test_add_func("/cutils/parse/bool", test_bool_parse);
    g_test_add_func("/cutils/parse/number", test_parse_number);
    g_test_add_func("/cutils/parse/size", test_parse_size);
    g_test_add_func("/cutils/parse/size-hex-warns",
                    test_parse_size_hex_warns);
    g_test_add_func("/cutils/id", test_id_wellformed);
    g_test_add_func("/cutils/help", test_is_help_option);
    g_test_add_func("/cutils/size-to-str", test_size_to_str);
    g_test_add_func("/cutils/base64", test_base64);
    g_test_add_func("/cutils/base64-bad", test_base64_bad);
    return g_test_run();
}
