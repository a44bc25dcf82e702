/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for QemuOpts-mode option parsing and the option store. */
#include "qemu/osdep.h"
#include "qemu/option.h"

static const QemuOptDesc netdev_desc[] = {
    { "type", QEMU_OPT_STRING, "backend type" },
    { "restrict", QEMU_OPT_BOOL, "isolate the guest" },
    { "hubid", QEMU_OPT_NUMBER, NULL },
    { "size", QEMU_OPT_SIZE, "buffer size", "64k" },
    { "name", QEMU_OPT_STRING, NULL, "dflt" },
    { NULL }
};

static const QemuOptsList netdev_list = {
    .name = "netdev",
    .implied_opt_name = "type",
    .desc = netdev_desc,
};

/* No desc: any key goes, typed access is checked by the getter. */
static const QemuOptsList device_list = {
    .name = "device",
    .implied_opt_name = "driver",
};

static const QemuOptsList machine_list = {
    .name = "machine",
    .implied_opt_name = "type",
    .merge_lists = true,
};

static QemuOpts *parse_ok(const QemuOptsList *list, const char *s)
{
    return qemu_opts_parse(list, s, true, &error_abort);
}

/* Parse @s expecting failure with message @msg. */
static void parse_fails(const QemuOptsList *list, const char *s,
                        const char *msg)
{
    Error *err = NULL;

    g_assert_null(qemu_opts_parse(list, s, true, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, msg);
    error_free(err);
}

static void test_implied_and_keys(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&device_list,
                                     "e1000,id=nic0,mac=52:54:00:12:34:56");

    g_assert_cmpstr(qemu_opts_group(o), ==, "device");
    g_assert_cmpstr(qemu_opt_get(o, "driver"), ==, "e1000");
    g_assert_cmpstr(qemu_opts_id(o), ==, "nic0");
    g_assert_null(qemu_opt_get(o, "id"));       /* id is not an option */
    g_assert_cmpstr(qemu_opt_get(o, "mac"), ==, "52:54:00:12:34:56");
    g_assert_null(qemu_opt_get(o, "nope"));
    g_assert_false(qemu_opt_has_help_opt(o));
    g_assert_true(qemu_opts_list(o) == &device_list);
}

static void test_explicit_implied_key(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&device_list, "driver=e1000");
    g_autoptr(QemuOpts) p = NULL;

    g_assert_cmpstr(qemu_opt_get(o, "driver"), ==, "e1000");
    /* Without permission the first bare element is a flag. */
    p = qemu_opts_parse(&device_list, "a=1", false, &error_abort);
    g_assert_cmpstr(qemu_opt_get(p, "a"), ==, "1");
    g_assert_null(qemu_opt_get(p, "driver"));
}

static void test_escaped_commas(void)
{
    g_autoptr(QemuOpts) a = parse_ok(&device_list, "e1000,,foo");
    g_autoptr(QemuOpts) b = parse_ok(&device_list, "x,path=a,,b,,,c=d=e");
    g_autoptr(QemuOpts) c = parse_ok(&device_list, "x,k=v,");

    g_assert_cmpstr(qemu_opt_get(a, "driver"), ==, "e1000,foo");
    g_assert_cmpstr(qemu_opt_get(b, "path"), ==, "a,b,");
    g_assert_cmpstr(qemu_opt_get(b, "c"), ==, "d=e");
    g_assert_cmpstr(qemu_opt_get(c, "k"), ==, "v");
}

static void test_empty_values(void)
{
    g_autoptr(QemuOpts) a = parse_ok(&device_list, "");
    g_autoptr(QemuOpts) b = parse_ok(&device_list, ",k=");

    g_assert_null(qemu_opt_get(a, "driver"));
    g_assert_cmpstr(qemu_opt_get(b, "driver"), ==, "");
    g_assert_cmpstr(qemu_opt_get(b, "k"), ==, "");
    parse_fails(&device_list, "x,=v", "Invalid parameter ''");
}

static void test_help(void)
{
    g_autoptr(QemuOpts) a = parse_ok(&device_list, "help");
    g_autoptr(QemuOpts) b = parse_ok(&device_list, "e1000,help");
    g_autoptr(QemuOpts) c = parse_ok(&netdev_list, "user,?,id=n0");
    g_autoptr(QemuOpts) d = parse_ok(&device_list, "e1000,helpx=1");

    g_assert_true(qemu_opt_has_help_opt(a));
    g_assert_null(qemu_opt_get(a, "driver"));
    g_assert_true(qemu_opt_has_help_opt(b));
    g_assert_cmpstr(qemu_opt_get(b, "driver"), ==, "e1000");
    g_assert_true(qemu_opt_has_help_opt(c));
    g_assert_false(qemu_opt_has_help_opt(d));
}

static void test_short_form_bool(void)
{
    if (g_test_subprocess()) {
        g_autoptr(QemuOpts) o = NULL;

        error_init("prog");
        loc_set_cmdline("-chardev", "socket,server,nowait");
        o = parse_ok(&device_list, "socket,server,nowait");
        g_assert_cmpstr(qemu_opt_get(o, "server"), ==, "on");
        g_assert_cmpstr(qemu_opt_get(o, "wait"), ==, "off");
        g_assert_true(qemu_opt_get_bool(o, "server", false));
        g_assert_false(qemu_opt_get_bool(o, "wait", true));
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr(
        "prog: -chardev socket,server,nowait: warning: short-form boolean "
        "option 'server' deprecated\n"
        "Please use server=on instead\n"
        "prog: -chardev socket,server,nowait: warning: short-form boolean "
        "option 'wait' deprecated\n"
        "Please use wait=off instead\n");
}

static void test_short_form_delay(void)
{
    if (g_test_subprocess()) {
        g_autoptr(QemuOpts) o = NULL;

        error_init("prog");
        o = parse_ok(&device_list, "socket,nodelay");
        g_assert_cmpstr(qemu_opt_get(o, "delay"), ==, "off");
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr("prog: warning: short-form boolean option "
                              "'delay' deprecated\n"
                              "Please use nodelay=on instead\n");
}

static void test_desc_validation(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&netdev_list,
                                     "user,restrict=yes,hubid=0x10,size=2M");

    g_assert_true(qemu_opt_get_bool(o, "restrict", false));
    g_assert_cmpuint(qemu_opt_get_number(o, "hubid", 0), ==, 16);
    g_assert_cmpuint(qemu_opt_get_size(o, "size", 0), ==, 2 << 20);

    parse_fails(&netdev_list, "user,bogus=1", "Invalid parameter 'bogus'");
    parse_fails(&netdev_list, "user,bogus", "Invalid parameter 'bogus'");
    parse_fails(&netdev_list, "user,restrict=1",
                "Parameter 'restrict' expects 'on' or 'off'");
    parse_fails(&netdev_list, "user,hubid=x",
                "Parameter 'hubid' expects a number");
    parse_fails(&netdev_list, "user,hubid=99999999999999999999",
                "Value '99999999999999999999' is too large for parameter "
                "'hubid'");
    parse_fails(&netdev_list, "user,size=-1",
                "Parameter 'size' expects a non-negative number below 2^64");
}

static void test_defaults(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&netdev_list, "user");

    g_assert_cmpstr(qemu_opt_get(o, "name"), ==, "dflt");
    g_assert_false(qemu_opt_find(o, "name"));
    g_assert_true(qemu_opt_find(o, "type"));
    g_assert_cmpuint(qemu_opt_get_size(o, "size", 1), ==, 64 << 10);
    g_assert_cmpuint(qemu_opt_get_number(o, "hubid", 7), ==, 7);
    g_assert_true(qemu_opt_get_bool(o, "restrict", true));
}

static void test_id(void)
{
    Error *err = NULL;

    /* The id is checked first, whatever follows. */
    g_assert_null(qemu_opts_parse(&netdev_list, "user,bogus=1,id=0bad",
                                  true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'id' expects an identifier");
    g_assert_cmpstr(error_get_hint(err), ==,
                    "Identifiers consist of letters, digits, '-', '.', '_', "
                    "starting with a letter.\n");
    error_free(err);
    parse_fails(&device_list, "x,id=", "Parameter 'id' expects an identifier");
}

static int collect_pairs(void *opaque, const char *name, const char *value,
                         Error **errp)
{
    g_string_append_printf(opaque, "%s=%s;", name, value);
    return 0;
}

static int stop_at_b(void *opaque, const char *name, const char *value,
                     Error **errp)
{
    (*(int *)opaque)++;
    return !strcmp(name, "b") ? 42 : 0;
}

static void test_last_wins_and_foreach(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&device_list, "d,a=1,b=2,a=3");
    g_autoptr(GString) seen = g_string_new(NULL);

    g_assert_cmpstr(qemu_opt_get(o, "a"), ==, "3");
    g_assert_cmpint(qemu_opt_foreach(o, collect_pairs, seen, &error_abort),
                    ==, 0);
    g_assert_cmpstr(seen->str, ==, "driver=d;a=1;b=2;a=3;");
}

static void test_foreach_stops(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&device_list, "d,a=1,b=2,c=3");
    int calls = 0;

    g_assert_cmpint(qemu_opt_foreach(o, stop_at_b, &calls, NULL), ==, 42);
    g_assert_cmpint(calls, ==, 3);
}

static void test_set_unset_to_string(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&device_list, "d,id=x0,a=1,a=2");
    g_autoptr(QemuOpts) n = parse_ok(&netdev_list, "user");
    g_autofree char *s1 = NULL;
    g_autofree char *s2 = NULL;
    Error *err = NULL;

    g_assert_true(qemu_opt_unset(o, "a"));
    g_assert_false(qemu_opt_unset(o, "a"));
    g_assert_null(qemu_opt_get(o, "a"));
    g_assert_true(qemu_opt_set(o, "path", "a,b", &error_abort));
    s1 = qemu_opts_to_string(o);
    g_assert_cmpstr(s1, ==, "id=x0,driver=d,path=a,,b");

    g_assert_false(qemu_opt_set(n, "nope", "1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'nope'");
    error_free_or_abort(&err);
    g_assert_false(qemu_opt_set(n, "restrict", "maybe", &err));
    error_free_or_abort(&err);
    s2 = qemu_opts_to_string(n);
    g_assert_cmpstr(s2, ==, "type=user");
}

static void test_typed_getters_without_desc(void)
{
    g_autoptr(QemuOpts) o = parse_ok(&device_list,
                                     "d,b=maybe,n=12,s=1k,bad=zz");
    Error *err = NULL;
    uint64_t v;
    bool b;

    g_assert_true(qemu_opt_get_bool(o, "b", true));   /* defval */
    g_assert_false(qemu_opt_get_bool_err(o, "b", true, &b, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'b' expects 'on' or 'off'");
    error_free_or_abort(&err);
    g_assert_cmpuint(qemu_opt_get_number(o, "n", 0), ==, 12);
    g_assert_cmpuint(qemu_opt_get_size(o, "s", 0), ==, 1024);
    g_assert_cmpuint(qemu_opt_get_number(o, "bad", 5), ==, 5);
    g_assert_false(qemu_opt_get_number_err(o, "bad", 5, &v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'bad' expects a number");
    error_free_or_abort(&err);
    g_assert_false(qemu_opt_get_size_err(o, "bad", 5, &v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'bad' expects a non-negative number "
                    "below 2^64");
    error_free_or_abort(&err);
    g_assert_true(qemu_opt_get_size_err(o, "missing", 9, &v, &err));
    g_assert_cmpuint(v, ==, 9);
}

static void test_create(void)
{
    g_autoptr(QemuOpts) o = qemu_opts_create(&netdev_list, "n1",
                                             &error_abort);
    Error *err = NULL;

    g_assert_cmpstr(qemu_opts_id(o), ==, "n1");
    g_assert_null(qemu_opts_create(&netdev_list, "1n", &err));
    error_free_or_abort(&err);
}

static void test_store_duplicate_id(void)
{
    g_autoptr(QemuOptsStore) s = qemu_opts_store_new();
    Error *err = NULL;
    QemuOpts *a = parse_ok(&netdev_list, "user,id=n0");
    QemuOpts *b = parse_ok(&netdev_list, "user,id=n1");

    g_assert_true(qemu_opts_store_add(s, a, &error_abort) == a);
    g_assert_true(qemu_opts_store_add(s, b, &error_abort) == b);
    g_assert_null(qemu_opts_store_add(s, parse_ok(&netdev_list,
                                                  "socket,id=n0"), &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Duplicate ID 'n0' for netdev");
    error_free_or_abort(&err);
    /* The same id in another group is fine. */
    g_assert_nonnull(qemu_opts_store_add(s, parse_ok(&device_list,
                                                     "e1000,id=n0"),
                                         &error_abort));
    g_assert_true(qemu_opts_store_find(s, "netdev", "n0") == a);
    g_assert_true(qemu_opts_store_find(s, "netdev", "n1") == b);
    g_assert_null(qemu_opts_store_find(s, "netdev", "n2"));
    g_assert_null(qemu_opts_store_find(s, "netdev", NULL));
    g_assert_cmpuint(qemu_opts_store_count(s, "netdev"), ==, 2);
    g_assert_cmpuint(qemu_opts_store_count(s, "device"), ==, 1);
    g_assert_cmpstr(qemu_opt_get(qemu_opts_store_find(s, "device", "n0"),
                                 "driver"), ==, "e1000");
    qemu_opts_store_del(s, a);
    g_assert_true(qemu_opts_store_first(s, "netdev") == b);
}

static void test_store_merge(void)
{
    g_autoptr(QemuOptsStore) s = qemu_opts_store_new();
    QemuOpts *first = parse_ok(&machine_list, "pc,accel=tcg");
    QemuOpts *m;

    g_assert_true(qemu_opts_store_add(s, first, &error_abort) == first);
    m = qemu_opts_store_add(s, parse_ok(&machine_list, "q35,dump=on"),
                            &error_abort);
    g_assert_true(m == first);
    g_assert_cmpuint(qemu_opts_store_count(s, "machine"), ==, 1);
    g_assert_cmpstr(qemu_opt_get(m, "type"), ==, "q35");
    g_assert_cmpstr(qemu_opt_get(m, "accel"), ==, "tcg");
    g_assert_cmpstr(qemu_opt_get(m, "dump"), ==, "on");
}

typedef struct ForeachState {
    GString *ids;
    GString *locs;
} ForeachState;

static int collect_ids(void *opaque, QemuOpts *opts, Error **errp)
{
    ForeachState *st = opaque;
    Location loc = loc_save();

    g_string_append_printf(st->ids, "%s;", qemu_opts_id(opts));
    g_string_append_printf(st->locs, "%s;", loc.arg ? loc.arg : "-");
    if (!strcmp(qemu_opts_id(opts), "c")) {
        error_setg(errp, "stop at c");
        return -1;
    }
    return 0;
}

static void test_store_foreach(void)
{
    static const char *const args[] = { "user,id=a", "user,id=b",
                                        "user,id=c", "user,id=d" };
    g_autoptr(QemuOptsStore) s = qemu_opts_store_new();
    g_autoptr(GString) ids = g_string_new(NULL);
    g_autoptr(GString) locs = g_string_new(NULL);
    ForeachState st = { ids, locs };
    Error *err = NULL;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(args); i++) {
        loc_set_cmdline("-netdev", args[i]);
        qemu_opts_store_add(s, parse_ok(&netdev_list, args[i]),
                            &error_abort);
    }
    qemu_opts_store_add(s, parse_ok(&device_list, "x,id=z"), &error_abort);
    loc_set_cmdline("-other", NULL);
    g_assert_cmpint(qemu_opts_store_foreach(s, "netdev", collect_ids, &st,
                                            &err), ==, -1);
    g_assert_cmpstr(ids->str, ==, "a;b;c;");
    g_assert_cmpstr(locs->str, ==, "user,id=a;user,id=b;user,id=c;");
    g_assert_cmpstr(error_get_pretty(err), ==, "stop at c");
    error_free(err);
    /* The caller's location is restored. */
    g_assert_cmpstr(loc_save().opt, ==, "-other");
    g_assert_true(qemu_opts_loc(qemu_opts_store_find(s, "netdev", "d")).arg
                  == args[3]);
    loc_clear();
}

static void test_print_help(void)
{
    static const QemuOptDesc no_desc[] = { { NULL } };
    static const QemuOptsList empty = { .name = "empty", .desc = no_desc };
    g_autofree char *out = NULL;
    size_t len;
    FILE *f = open_memstream(&out, &len);

    qemu_opts_print_help(f, &netdev_list, true);
    qemu_opts_print_help(f, &empty, true);
    fclose(f);
    g_assert_cmpstr(out, ==,
        "netdev options:\n"
        "  hubid=<num>\n"
        "  name=<str>\n"
        "  restrict=<bool (on/off)> - isolate the guest\n"
        "  size=<size>            - buffer size\n"
        "  type=<str>             - backend type\n"
        "There are no options for empty.\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qemu-opts/implied", test_implied_and_keys);
    g_test_add_func("/qemu-opts/implied-explicit", test_explicit_implied_key);
    g_test_add_func("/qemu-opts/escaped-commas", test_escaped_commas);
    g_test_add_func("/qemu-opts/empty-values", test_empty_values);
    g_test_add_func("/qemu-opts/help", test_help);
    g_test_add_func("/qemu-opts/short-form-bool", test_short_form_bool);
    g_test_add_func("/qemu-opts/short-form-delay", test_short_form_delay);
    g_test_add_func("/qemu-opts/desc-validation", test_desc_validation);
    g_test_add_func("/qemu-opts/defaults", test_defaults);
    g_test_add_func("/qemu-opts/id", test_id);
    g_test_add_func("/qemu-opts/last-wins", test_last_wins_and_foreach);
    g_test_add_func("/qemu-opts/foreach-stops", test_foreach_stops);
    g_test_add_func("/qemu-opts/set-unset", test_set_unset_to_string);
    g_test_add_func("/qemu-opts/typed-getters",
                    test_typed_getters_without_desc);
    g_test_add_func("/qemu-opts/create", test_create);
    g_test_add_func("/qemu-opts/store/duplicate-id",
                    test_store_duplicate_id);
    g_test_add_func("/qemu-opts/store/merge", test_store_merge);
    g_test_add_func("/qemu-opts/store/foreach", test_store_foreach);
    g_test_add_func("/qemu-opts/print-help", test_print_help);
    return g_test_run();
}
