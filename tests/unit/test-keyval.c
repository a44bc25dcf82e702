/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for keyval-mode option parsing (-machine, -object, ...). */
#include "qemu/osdep.h"
#include "qemu/option.h"

static const QemuOptsList machine_list = {
    .name = "machine",
    .implied_opt_name = "type",
    .merge_lists = true,
    .keyval = true,
};

static const QemuOptsList object_list = {
    .name = "object",
    .implied_opt_name = "qom-type",
    .keyval = true,
};

static const QemuOptDesc display_desc[] = {
    { "type", QEMU_OPT_STRING },
    { "gl", QEMU_OPT_BOOL },
    { NULL }
};

static const QemuOptsList display_list = {
    .name = "display",
    .implied_opt_name = "type",
    .keyval = true,
    .desc = display_desc,
};

static void parse_fails(const QemuOptsList *list, const char *s,
                        const char *msg)
{
    Error *err = NULL;

    g_assert_null(qemu_opts_parse(list, s, true, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_expected_equals(void)
{
    parse_fails(&machine_list, "none,dump-guest-core",
                "Expected '=' after parameter 'dump-guest-core'");
    /* No short-form booleans, not even "no" prefixed ones. */
    parse_fails(&machine_list, "none,nousb",
                "Expected '=' after parameter 'nousb'");
    /* Without an implied key the first element needs '=' too. */
    parse_fails(&object_list, "a=1,b", "Expected '=' after parameter 'b'");
    g_assert_null(qemu_opts_parse(&object_list, "memory-backend-ram", false,
                                  NULL));
}

static void test_implied_first_only(void)
{
    g_autoptr(QemuOpts) o = qemu_opts_parse(&machine_list,
                                            "q35,accel=kvm:tcg", true,
                                            &error_abort);

    g_assert_cmpstr(qemu_opt_get(o, "type"), ==, "q35");
    g_assert_cmpstr(qemu_opt_get(o, "accel"), ==, "kvm:tcg");
    parse_fails(&machine_list, "accel=tcg,q35",
                "Expected '=' after parameter 'q35'");
}

static void test_values(void)
{
    g_autoptr(QemuOpts) o = qemu_opts_parse(
        &object_list, "secret,id=s0,data=a,,b=c,file=/x,,y", true,
        &error_abort);

    g_assert_cmpstr(qemu_opt_get(o, "qom-type"), ==, "secret");
    g_assert_cmpstr(qemu_opts_id(o), ==, "s0");
    g_assert_null(qemu_opt_get(o, "id"));
    g_assert_cmpstr(qemu_opt_get(o, "data"), ==, "a,b=c");
    g_assert_cmpstr(qemu_opt_get(o, "file"), ==, "/x,y");
}

static void test_dotted_keys(void)
{
    g_autoptr(QemuOpts) o = qemu_opts_parse(
        &object_list, "stream,addr.type=unix,addr.path=/s,a_b-c.d0=1",
        true, &error_abort);

    g_assert_cmpstr(qemu_opt_get(o, "addr.type"), ==, "unix");
    g_assert_cmpstr(qemu_opt_get(o, "addr.path"), ==, "/s");
    g_assert_cmpstr(qemu_opt_get(o, "a_b-c.d0"), ==, "1");
}

static void test_invalid_keys(void)
{
    parse_fails(&object_list, "x,=v", "Invalid parameter ''");
    parse_fails(&object_list, "x,a..b=1", "Invalid parameter 'a..b'");
    parse_fails(&object_list, "x,.a=1", "Invalid parameter '.a'");
    parse_fails(&object_list, "x,a.=1", "Invalid parameter 'a.'");
    parse_fails(&object_list, "x,a b=1", "Invalid parameter 'a b'");
    parse_fails(&object_list, "x,a:b=1", "Invalid parameter 'a:b'");
}

static void test_empty_element(void)
{
    Error *err = NULL;

    /* An empty first element is an empty implied value... */
    g_autoptr(QemuOpts) o = qemu_opts_parse(&object_list, ",a=1", true,
                                            &error_abort);
    g_assert_cmpstr(qemu_opt_get(o, "qom-type"), ==, "");
    /* ... and an error without one. */
    g_assert_null(qemu_opts_parse(&object_list, ",a=1", false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter ''");
    error_free(err);
}

static void test_help(void)
{
    g_autoptr(QemuOpts) a = qemu_opts_parse(&machine_list, "help", true,
                                            &error_abort);
    g_autoptr(QemuOpts) b = qemu_opts_parse(&object_list,
                                            "sev-guest,help", true,
                                            &error_abort);
    g_autoptr(QemuOpts) c = qemu_opts_parse(&machine_list, "none,?", true,
                                            &error_abort);

    g_assert_true(qemu_opt_has_help_opt(a));
    g_assert_null(qemu_opt_get(a, "type"));
    g_assert_true(qemu_opt_has_help_opt(b));
    g_assert_cmpstr(qemu_opt_get(b, "qom-type"), ==, "sev-guest");
    g_assert_true(qemu_opt_has_help_opt(c));
}

static void test_repeated_and_merge(void)
{
    g_autoptr(QemuOptsStore) s = qemu_opts_store_new();
    QemuOpts *m;

    m = qemu_opts_store_add(s, qemu_opts_parse(&machine_list,
                                               "pc,kernel=a,kernel=b", true,
                                               &error_abort), &error_abort);
    g_assert_cmpstr(qemu_opt_get(m, "kernel"), ==, "b");
    m = qemu_opts_store_add(s, qemu_opts_parse(&machine_list, "q35", true,
                                               &error_abort), &error_abort);
    g_assert_cmpstr(qemu_opt_get(m, "type"), ==, "q35");
    g_assert_cmpstr(qemu_opt_get(m, "kernel"), ==, "b");
    g_assert_cmpuint(qemu_opts_store_count(s, "machine"), ==, 1);
}

static void test_desc(void)
{
    g_autoptr(QemuOpts) o = qemu_opts_parse(&display_list, "none,gl=off",
                                            true, &error_abort);

    g_assert_false(qemu_opt_get_bool(o, "gl", true));
    parse_fails(&display_list, "none,gl=1",
                "Parameter 'gl' expects 'on' or 'off'");
    parse_fails(&display_list, "none,foo=1", "Invalid parameter 'foo'");
}

static void test_json_is_not_keyval(void)
{
    /* Callers must route '{' arguments to the JSON parser themselves. */
    parse_fails(&object_list,
                "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\"}",
                "Expected '=' after parameter '\"id\":\"m0\"}'");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/keyval/expected-equals", test_expected_equals);
    g_test_add_func("/keyval/implied-first-only", test_implied_first_only);
    g_test_add_func("/keyval/values", test_values);
    g_test_add_func("/keyval/dotted-keys", test_dotted_keys);
    g_test_add_func("/keyval/invalid-keys", test_invalid_keys);
    g_test_add_func("/keyval/empty-element", test_empty_element);
    g_test_add_func("/keyval/help", test_help);
    g_test_add_func("/keyval/repeated-merge", test_repeated_and_merge);
    g_test_add_func("/keyval/desc", test_desc);
    g_test_add_func("/keyval/json", test_json_is_not_keyval);
    return g_test_run();
}
