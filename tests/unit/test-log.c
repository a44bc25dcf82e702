/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for -d/-D logging and trace events (-trace). */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/option.h"
#include "trace/control.h"
#include "trace-util.h"

/* Every test starts from: no mask, stderr, all events off. */
static void log_reset(void)
{
    qemu_set_log(0);
    qemu_log_close();
    trace_enable_pattern("-*");
}

static char *tmp_path(const char *name)
{
    return g_build_filename(g_get_tmp_dir(), name, NULL);
}

/* Point the log at a fresh temporary file; returns its path. */
static char *log_to_tmp(void)
{
    g_autofree char *base = g_strdup_printf("test-log-%d.txt", (int)getpid());
    char *path = tmp_path(base);

    g_assert_true(qemu_set_log_filename(path, &error_abort));
    return path;
}

/* Close the log and return the contents of @path (then removed). */
static char *log_contents(const char *path)
{
    char *text = NULL;

    qemu_log_close();
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    unlink(path);
    return text;
}

static void test_mask_parse(void)
{
    log_reset();
    g_assert_cmpint(qemu_str_to_log_mask("in_asm,int"), ==,
                    CPU_LOG_TB_IN_ASM | CPU_LOG_INT);
    g_assert_cmpint(qemu_str_to_log_mask("guest_errors,unimp"), ==,
                    LOG_GUEST_ERROR | LOG_UNIMP);
    g_assert_cmpint(qemu_str_to_log_mask("out_asm"), ==, CPU_LOG_TB_OUT_ASM);
    g_assert_cmpint(qemu_str_to_log_mask("cpu_reset,strace,nochain"), ==,
                    CPU_LOG_RESET | LOG_STRACE | CPU_LOG_TB_NOCHAIN);
    g_assert_cmpint(qemu_str_to_log_mask("all") & LOG_GUEST_ERROR, ==,
                    LOG_GUEST_ERROR);
    g_assert_cmpint(qemu_str_to_log_mask("bogus"), ==, 0);
    g_assert_cmpint(qemu_str_to_log_mask("in_asm,bogus"), ==, 0);
    g_assert_cmpint(qemu_str_to_log_mask("in_asm,"), ==, 0);
    g_assert_cmpint(qemu_str_to_log_mask(""), ==, 0);
    g_assert_cmpint(qemu_str_to_log_mask("help"), ==, 0);
    g_assert_cmpint(qemu_str_to_log_mask("IN_ASM"), ==, 0);
}

static void test_mask_trace_item(void)
{
    log_reset();
    g_assert_false(trace_event_is_enabled_by_name("qemu_opts_parse"));
    g_assert_cmpint(qemu_str_to_log_mask("unimp,trace:qemu_opts_*"), ==,
                    LOG_UNIMP | LOG_TRACE);
    g_assert_true(trace_event_is_enabled_by_name("qemu_opts_parse"));
    g_assert_true(trace_event_is_enabled_by_name("qemu_opts_store_add"));
    g_assert_false(trace_event_is_enabled_by_name("qemu_log_set_file"));
    g_assert_cmpint(qemu_str_to_log_mask("trace:help"), ==, 0);
    g_assert_true(qemu_log_is_trace_help("int,trace:help"));
    g_assert_true(qemu_log_is_trace_help("trace:?"));
    g_assert_false(qemu_log_is_trace_help("trace:foo,help"));
    log_reset();
}

static void test_usage(void)
{
    g_autofree char *out = NULL;
    size_t len;
    FILE *f = open_memstream(&out, &len);

    qemu_print_log_usage(f);
    fclose(f);
    g_assert_true(g_str_has_prefix(out,
        "Log items (comma separated):\n"
        "out_asm         show generated host assembly code for each "
        "compiled TB\n"
        "in_asm          show target assembly code for each compiled TB\n"));
    g_assert_nonnull(strstr(out,
        "guest_errors    log when the guest OS does something invalid "
        "(eg accessing a\nnon-existent register)\n"));
    g_assert_true(g_str_has_suffix(out,
        "trace:PATTERN   enable trace events\n"
        "\nUse \"-d trace:help\" to get a list of trace events.\n\n"));
}

static void test_log_mask_to_file(void)
{
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;

    log_reset();
    path = log_to_tmp();
    qemu_log_mask(LOG_GUEST_ERROR, "hidden %d\n", 1);
    qemu_set_log(qemu_str_to_log_mask("guest_errors"));
    g_assert_true(qemu_loglevel_mask(LOG_GUEST_ERROR));
    g_assert_false(qemu_loglevel_mask(LOG_UNIMP));
    qemu_log_mask(LOG_GUEST_ERROR, "bad write at 0x%x\n", 0x10);
    qemu_log_mask(LOG_UNIMP, "hidden %d\n", 2);
    qemu_log("plain\n");
    qemu_log_flush();
    text = log_contents(path);
    g_assert_cmpstr(text, ==, "bad write at 0x10\nplain\n");
    log_reset();
}

static void test_log_lock(void)
{
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    FILE *f;

    log_reset();
    path = log_to_tmp();
    f = qemu_log_lock();
    fprintf(f, "RAX=%d\n", 1);
    fprintf(f, "RBX=%d\n", 2);
    qemu_log_unlock(f);
    text = log_contents(path);
    g_assert_cmpstr(text, ==, "RAX=1\nRBX=2\n");
}

static void test_logfile_errors(void)
{
    g_autofree char *pattern = tmp_path("test-log-%d.pid");
    g_autofree char *base = g_strdup_printf("test-log-%d.pid", (int)getpid());
    g_autofree char *expanded = tmp_path(base);
    Error *err = NULL;

    log_reset();
    g_assert_false(qemu_set_log_filename("/nonexistent/dir/log", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Error opening logfile /nonexistent/dir/log: "
                    "No such file or directory");
    error_free_or_abort(&err);
    g_assert_false(qemu_set_log_filename("a%s", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Bad logfile format: a%s");
    error_free_or_abort(&err);

    g_assert_true(qemu_set_log_filename(pattern, &error_abort));
    qemu_log("pid\n");
    qemu_log_close();
    g_assert_true(g_file_test(expanded, G_FILE_TEST_EXISTS));
    unlink(expanded);
    g_assert_true(qemu_set_log_filename(NULL, &error_abort));
}

/* "PID@SEC.USEC:" then @rest. */
static void assert_trace_line(const char *line, const char *rest)
{
    g_autofree char *re = g_strdup_printf("^%d@[0-9]+\\.[0-9]{6}:%s$",
                                          (int)getpid(), rest);

    g_test_message("line '%s'", line);
    g_assert_true(g_regex_match_simple(re, line, 0, 0));
}

static void test_trace_output(void)
{
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(QemuOpts) opts = NULL;
    static const QemuOptsList list = { .name = "netdev",
                                       .implied_opt_name = "type" };

    log_reset();
    path = log_to_tmp();
    trace_qemu_opts_store_add("off", "x", 1);       /* disabled: no line */
    g_assert_true(trace_enable_pattern("qemu_opts_parse"));
    g_assert_true(trace_enable_pattern("qemu_opts_store_*"));
    opts = qemu_opts_parse(&list, "user,id=n0", true, &error_abort);
    trace_qemu_opts_store_add("netdev", "n0", 7);
    g_assert_true(trace_enable_pattern("-qemu_opts_parse"));
    qemu_opts_del(g_steal_pointer(&opts));
    opts = qemu_opts_parse(&list, "hidden", true, NULL);
    text = log_contents(path);
    lines = g_strsplit(text, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, 3);
    assert_trace_line(lines[0],
                      "qemu_opts_parse group netdev params 'user,id=n0'");
    assert_trace_line(lines[1], "qemu_opts_store_add group netdev id n0 now 7");
    g_assert_cmpstr(lines[2], ==, "");
    log_reset();
}

static void test_trace_unknown_warns(void)
{
    if (g_test_subprocess()) {
        error_init("prog");
        loc_set_cmdline("-trace", "foo");
        g_assert_false(trace_enable_pattern("foo"));
        g_assert_false(trace_enable_pattern("nomatch*"));  /* silent */
        return;
    }
    g_test_trap_subprocess(NULL, 0, 0);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr(
        "prog: -trace foo: warning: trace event 'foo' does not exist\n");
}

static void test_trace_list(void)
{
    g_autofree char *out = NULL;
    size_t len;
    FILE *f = open_memstream(&out, &len);

    trace_list_events(f);
    fclose(f);
    g_assert_cmpstr(out, ==,
                    "qemu_opts_parse\nqemu_opts_store_add\n"
                    "qemu_log_set_file\n");
}

static void test_trace_opt_parse(void)
{
    g_autofree char *events = tmp_path("test-log-events.txt");
    g_autofree char *path = NULL;
    g_autofree char *text = NULL;
    g_autofree char *arg = NULL;
    bool help = false;

    log_reset();
    g_assert_true(g_file_set_contents(events,
                                      "# comment\n\n  qemu_opts_store_add \n",
                                      -1, NULL));
    path = tmp_path("test-log-trace.txt");
    arg = g_strdup_printf("qemu_log_*,events=%s,file=%s", events, path);
    g_assert_true(trace_opt_parse(arg, &help, &error_abort));
    g_assert_false(help);
    g_assert_true(trace_event_is_enabled_by_name("qemu_log_set_file"));
    g_assert_true(trace_event_is_enabled_by_name("qemu_opts_store_add"));
    g_assert_false(trace_event_is_enabled_by_name("qemu_opts_parse"));
    /* file= went through qemu_set_log_filename(), traced to the file. */
    text = log_contents(path);
    g_assert_nonnull(strstr(text, ":qemu_log_set_file log file "));
    unlink(events);
    log_reset();
}

static void test_trace_opt_errors(void)
{
    Error *err = NULL;

    log_reset();
    g_assert_false(trace_opt_parse("enable=x*,bogus=1", NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Invalid parameter 'bogus'");
    error_free_or_abort(&err);
    g_assert_false(trace_opt_parse("events=/nonexistent/ev", NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "error: could not open trace events file "
                    "'/nonexistent/ev': No such file or directory");
    error_free_or_abort(&err);
    g_assert_true(trace_opt_parse("enable=qemu_opts_parse", NULL,
                                  &error_abort));
    g_assert_true(trace_event_is_enabled_by_name("qemu_opts_parse"));
    g_assert_false(trace_event_is_enabled_by_name("nonexistent"));
    log_reset();
}

static void test_trace_opt_help(void)
{
    bool help = false;

    log_reset();
    g_assert_true(trace_opt_parse("help", &help, &error_abort));
    g_assert_true(help);
    help = false;
    g_assert_true(trace_opt_parse("enable=?,file=/nonexistent/x", &help,
                                  &error_abort));
    g_assert_true(help);
    help = false;
    g_assert_true(trace_opt_parse("qemu_opts_parse", &help, &error_abort));
    g_assert_false(help);
    g_assert_true(trace_opt_parse("help", NULL, &error_abort));
    log_reset();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/log/mask", test_mask_parse);
    g_test_add_func("/log/mask-trace", test_mask_trace_item);
    g_test_add_func("/log/usage", test_usage);
    g_test_add_func("/log/mask-to-file", test_log_mask_to_file);
    g_test_add_func("/log/lock", test_log_lock);
    g_test_add_func("/log/logfile-errors", test_logfile_errors);
    g_test_add_func("/trace/output", test_trace_output);
    g_test_add_func("/trace/unknown-warns", test_trace_unknown_warns);
    g_test_add_func("/trace/list", test_trace_list);
    g_test_add_func("/trace/opt-parse", test_trace_opt_parse);
    g_test_add_func("/trace/opt-errors", test_trace_opt_errors);
    g_test_add_func("/trace/opt-help", test_trace_opt_help);
    return g_test_run();
}
