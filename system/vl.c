/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Command-line parsing and the start-up sequence.
 *
 * Options are read left to right into a VLConfig (listings such as
 * "-machine help" print and exit as soon as they are seen, because the
 * target is already known from argv[0]); then the machine is built in
 * QEMU's order: objects and chardevs, accelerator, board, monitors and
 * qtest, devices, reset, start.
 */
#include "qemu/osdep.h"
#include "system/vl.h"
#include "system/type-list.h"
#include "hw/core/machine.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "monitor/monitor.h"
#include "system/qtest.h"
#include "chardev/char.h"
#include "trace/control.h"
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>

typedef struct OptDef {
    const char *name;
    bool has_arg;
    OptIndex index;
} OptDef;

static const OptDef opt_table[] = {
    { "machine", true, OPT_MACHINE }, { "M", true, OPT_MACHINE },
    { "accel", true, OPT_ACCEL }, { "cpu", true, OPT_CPU },
    { "m", true, OPT_M }, { "smp", true, OPT_SMP },
    { "object", true, OPT_OBJECT }, { "device", true, OPT_DEVICE },
    { "global", true, OPT_GLOBAL }, { "netdev", true, OPT_NETDEV },
    { "chardev", true, OPT_CHARDEV }, { "serial", true, OPT_SERIAL },
    { "monitor", true, OPT_MONITOR }, { "mon", true, OPT_MON },
    { "qmp", true, OPT_QMP }, { "qmp-pretty", true, OPT_QMP_PRETTY },
    { "qtest", true, OPT_QTEST }, { "qtest-log", true, OPT_QTEST_LOG },
    { "nographic", false, OPT_NOGRAPHIC }, { "display", true, OPT_DISPLAY },
    { "nodefaults", false, OPT_NODEFAULTS }, { "kernel", true, OPT_KERNEL },
    { "initrd", true, OPT_INITRD }, { "append", true, OPT_APPEND },
    { "dtb", true, OPT_DTB }, { "S", false, OPT_S }, { "d", true, OPT_D },
    { "D", true, OPT_DLOG }, { "trace", true, OPT_TRACE },
    { "icount", true, OPT_ICOUNT }, { "no-reboot", false, OPT_NO_REBOOT },
    { "no-shutdown", false, OPT_NO_SHUTDOWN }, { "name", true, OPT_NAME },
    { "version", false, OPT_VERSION }, { "h", false, OPT_HELP },
    { "help", false, OPT_HELP }, { "audio", true, OPT_AUDIO },
    { "run-with", true, OPT_RUN_WITH }, { "target", true, OPT_TARGET },
    { "nic", true, OPT_NIC },
    { "semihosting", false, OPT_SEMIHOSTING },
    { "semihosting-config", true, OPT_SEMIHOSTING_CONFIG },
};

static const OptDef *opt_lookup(const char *arg)
{
    const char *name = arg + 1;

    if (name[0] == '-') {
        name++;
    }
    for (size_t i = 0; i < ARRAY_SIZE(opt_table); i++) {
        if (strcmp(opt_table[i].name, name) == 0) {
            return &opt_table[i];
        }
    }
    return NULL;
}

static QEMU_NORETURN void print_and_exit(GString *out, int status)
{
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    exit(status);
}

/* Parse one QemuOpts-style option into the store; exit 1 on error. */
static QemuOpts *store_opts(VLConfig *c, const QemuOptsList *list,
                            const char *arg)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(list, arg, true, &err);

    if (!opts || !(opts = qemu_opts_store_add(c->opts, opts, &err))) {
        error_report_err(err);
        exit(1);
    }
    return opts;
}

static void handle_machine(VLConfig *c, const char *arg)
{
    QemuOpts *opts = store_opts(c, &qemu_machine_opts, arg);
    const char *type = qemu_opt_get(opts, "type");

    if ((type && is_help_option(type)) ||
        (!type && qemu_opt_has_help_opt(opts))) {
        GString *out = g_string_new(NULL);

        machine_print_list(c->target, out);
        print_and_exit(out, 0);
    }
    if (qemu_opt_has_help_opt(opts)) {
        MachineClass *mc = type ? machine_class_find(c->target, type)
                                : machine_class_default(c->target);
        GString *out = g_string_new(NULL);

        if (!mc) {
            error_report("unsupported machine type");
            fprintf(stderr, "Use -machine help to list supported "
                    "machines\n");
            exit(1);
        }
        object_class_print_help(OBJECT_CLASS(mc), out);
        print_and_exit(out, 0);
    }
}

/* -cpu MODEL[,PROP=VALUE...],help: the model's properties, then exit. */
static void handle_cpu_props_help(VLConfig *c, const char *arg)
{
    g_auto(GStrv) items = g_strsplit(arg, ",", -1);
    guint n = g_strv_length(items);
    GString *out = g_string_new(NULL);
    Error *err = NULL;

    g_free(items[n - 1]);
    items[n - 1] = NULL;            /* drop "help" */
    if (!c->target->print_cpu_props) {
        g_string_append_printf(out, "CPU model '%s' has no properties "
                               "to list\n", items[0]);
    } else if (!c->target->print_cpu_props(items[0], items + 1, out,
                                           &err)) {
        g_string_free(out, true);
        error_report_err(err);
        exit(1);
    }
    print_and_exit(out, 0);
}

static void handle_cpu(VLConfig *c, const char *arg)
{
    const char *last = strrchr(arg, ',');

    if (is_help_option(arg)) {
        GString *out = g_string_new(NULL);

        c->target->print_cpu_list(c->target, out);
        print_and_exit(out, 0);
    }
    if (last && is_help_option(last + 1)) {
        handle_cpu_props_help(c, arg);
    }
    g_free(c->cpu_model);
    c->cpu_model = g_strdup(arg);
    c->cpu_loc = loc_save();
}

/* -semihosting-config enable=on|off,target=native|auto */
static void handle_semihosting_config(VLConfig *c, const char *arg)
{
    g_auto(GStrv) items = g_strsplit(arg, ",", -1);

    c->semihosting = true;
    for (char **p = items; *p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        if (!strcmp(kv[0], "enable") && kv[1] &&
            (!strcmp(kv[1], "on") || !strcmp(kv[1], "off"))) {
            c->semihosting = !strcmp(kv[1], "on");
        } else if (!strcmp(kv[0], "target") && kv[1] &&
                   (!strcmp(kv[1], "native") || !strcmp(kv[1], "auto"))) {
            continue;
        } else {
            error_report("semihosting-config: unsupported parameter '%s' "
                         "(enable=on|off and target=native|auto work)", *p);
            exit(1);
        }
    }
}

static void handle_listing_opt(VLConfig *c, OptIndex idx, const char *arg)
{
    const QemuOptsList *list = idx == OPT_DEVICE ? &qemu_device_opts :
                               idx == OPT_OBJECT ? &qemu_object_opts :
                               idx == OPT_ACCEL ? &qemu_accel_opts :
                               idx == OPT_NETDEV ? &qemu_netdev_opts :
                               &qemu_chardev_opts;
    QemuOpts *opts;
    const char *first;

    if (arg[0] == '{') {
        vl_store_json_opts(c, list, arg);
        return;
    }
    opts = store_opts(c, list, arg);
    first = qemu_opt_get(opts, list->implied_opt_name);
    if ((first && is_help_option(first)) || qemu_opt_has_help_opt(opts)) {
        vl_print_listing(c, idx, first && !is_help_option(first) ? first
                                                                 : NULL);
        exit(0);
    }
}

static void spec_opt_free(gpointer p)
{
    SpecOpt *s = p;

    g_free(s->spec);
    g_free(s);
}

static void global_prop_free(gpointer p)
{
    GlobalProp *g = p;

    g_free(g->driver);
    g_free(g->property);
    g_free(g->value);
    g_free(g);
}

static SpecOpt *spec_opt_new(const char *opt, const char *spec)
{
    SpecOpt *s = g_new0(SpecOpt, 1);

    s->opt = opt;
    s->spec = g_strdup(spec);
    s->loc = loc_save();
    return s;
}

static void handle_global(VLConfig *c, const char *arg)
{
    GlobalProp *g = g_new0(GlobalProp, 1);
    const char *dot = strchr(arg, '.');
    const char *eq = strchr(arg, '=');

    if (!dot || !eq || eq < dot) {
        error_report("Invalid parameter '%s'", arg);
        exit(1);
    }
    g->driver = g_strndup(arg, dot - arg);
    g->property = g_strndup(dot + 1, eq - dot - 1);
    g->value = g_strdup(eq + 1);
    g->loc = loc_save();
    g_ptr_array_add(c->globals, g);
}

static void handle_log(VLConfig *c, OptIndex idx, const char *arg)
{
    Error *err = NULL;
    bool help = false;

    switch (idx) {
    case OPT_D:
        if (qemu_log_is_trace_help(arg)) {
            trace_list_events(stdout);
            exit(0);
        }
        c->log_mask = qemu_str_to_log_mask(arg);
        if (!c->log_mask) {
            qemu_print_log_usage(stdout);
            exit(1);
        }
        break;
    case OPT_DLOG:
        g_free(c->log_file);
        c->log_file = g_strdup(arg);
        break;
    default:
        if (!trace_opt_parse(arg, &help, &err)) {
            error_report_err(err);
            exit(1);
        }
        if (help) {
            trace_list_events(stdout);
            exit(0);
        }
        break;
    }
}

static void handle_display(VLConfig *c, OptIndex idx, const char *arg)
{
    if (idx == OPT_DISPLAY) {
        if (is_help_option(arg)) {
            printf("Available display backend types:\nnone\n");
            exit(0);
        }
        if (strcmp(arg, "none") != 0 && !g_str_has_prefix(arg, "none,") &&
            strcmp(arg, "type=none") != 0) {
            g_autofree char *type = g_strdup(arg);

            *strchrnul(type, ',') = '\0';
            error_report("Parameter 'type' does not accept value '%s'",
                         g_str_has_prefix(type, "type=") ? type + 5 : type);
            exit(1);
        }
    } else if (idx == OPT_AUDIO) {
        if (strcmp(arg, "none") != 0 && strcmp(arg, "driver=none") != 0) {
            error_report("audio backends are not supported; use -audio none");
            exit(1);
        }
    } else {
        if (strcmp(arg, "exit-with-parent=on") == 0) {
            c->exit_with_parent = true;
        } else if (strcmp(arg, "exit-with-parent=off") != 0) {
            error_report("Invalid parameter '%s'", arg);
            exit(1);
        }
    }
}

static void set_str(char **field, const char *arg)
{
    g_free(*field);
    *field = g_strdup(arg);
}

static void handle_simple(VLConfig *c, OptIndex idx, const char *arg)
{
    switch (idx) {
    case OPT_NOGRAPHIC:
        c->nographic = true;
        break;
    case OPT_NODEFAULTS:
        c->nodefaults = true;
        break;
    case OPT_S:
        c->start_paused = true;
        break;
    case OPT_NO_REBOOT:
        c->no_reboot = true;
        break;
    case OPT_SEMIHOSTING:
        c->semihosting = true;
        break;
    case OPT_SEMIHOSTING_CONFIG:
        handle_semihosting_config(c, arg);
        break;
    case OPT_NO_SHUTDOWN:
        c->no_shutdown = true;
        break;
    case OPT_VERSION:
        vl_print_version();
        exit(0);
    case OPT_HELP:
        vl_print_help(error_get_progname());
        exit(0);
    default:
        g_assert_not_reached();
    }
}

static void handle_option(VLConfig *c, const OptDef *def, const char *arg)
{
    switch (def->index) {
    case OPT_MACHINE:
        handle_machine(c, arg);
        break;
    case OPT_CPU:
        handle_cpu(c, arg);
        break;
    case OPT_ACCEL: case OPT_DEVICE: case OPT_OBJECT: case OPT_NETDEV:
    case OPT_CHARDEV:
        handle_listing_opt(c, def->index, arg);
        break;
    case OPT_M:
        store_opts(c, &qemu_mem_opts, arg);
        break;
    case OPT_SMP:
        store_opts(c, &qemu_smp_opts, arg);
        break;
    case OPT_MON:
        store_opts(c, &qemu_mon_opts, arg);
        break;
    case OPT_ICOUNT:
        store_opts(c, &qemu_icount_opts, arg);
        break;
    case OPT_NIC:
        store_opts(c, &qemu_nic_opts, arg);
        break;
    case OPT_GLOBAL:
        handle_global(c, arg);
        break;
    case OPT_SERIAL:
        g_ptr_array_add(c->serials, spec_opt_new("-serial", arg));
        break;
    case OPT_MONITOR:
        g_ptr_array_add(c->hmp_monitors, spec_opt_new("-monitor", arg));
        break;
    case OPT_QMP:
        g_ptr_array_add(c->qmp_monitors, spec_opt_new("-qmp", arg));
        break;
    case OPT_QMP_PRETTY:
        g_ptr_array_add(c->qmp_pretty, spec_opt_new("-qmp-pretty", arg));
        break;
    case OPT_QTEST:
        if (c->qtest) {
            spec_opt_free(c->qtest);
        }
        c->qtest = spec_opt_new("-qtest", arg);
        break;
    case OPT_QTEST_LOG:
        set_str(&c->qtest_log, arg);
        c->qtest_log_given = true;
        break;
    case OPT_KERNEL:
        set_str(&c->kernel, arg);
        break;
    case OPT_INITRD:
        set_str(&c->initrd, arg);
        break;
    case OPT_APPEND:
        set_str(&c->append, arg);
        break;
    case OPT_DTB:
        set_str(&c->dtb, arg);
        break;
    case OPT_NAME:
        vl_parse_name(c, arg);
        break;
    case OPT_D: case OPT_DLOG: case OPT_TRACE:
        handle_log(c, def->index, arg);
        break;
    case OPT_DISPLAY: case OPT_AUDIO: case OPT_RUN_WITH:
        handle_display(c, def->index, arg);
        break;
    case OPT_TARGET:
        break;                  /* handled before parsing */
    default:
        handle_simple(c, def->index, arg);
        break;
    }
}

static void parse_args(VLConfig *c, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const OptDef *def;

        if (arg[0] != '-') {
            if (!c->positional) {
                c->positional = arg;
            }
            continue;
        }
        def = opt_lookup(arg);
        loc_set_cmdline(arg, NULL);
        if (!def) {
            error_report("invalid option");
            exit(1);
        }
        if (def->has_arg) {
            if (i + 1 >= argc) {
                error_report("requires an argument");
                exit(1);
            }
            loc_set_cmdline(arg, argv[++i]);
            handle_option(c, def, argv[i]);
        } else {
            handle_option(c, def, NULL);
        }
        loc_clear();
    }
}

/* -target NAME, or argv[0]; exits with the list of targets otherwise. */
static const TargetInfo *select_target(int argc, char **argv)
{
    const char *name = NULL;
    const TargetInfo *t;
    g_autofree char *names = target_names_joined();

    for (int i = 1; i + 1 < argc; i++) {
        const OptDef *def = argv[i][0] == '-' ? opt_lookup(argv[i]) : NULL;

        if (def && def->index == OPT_TARGET) {
            name = argv[i + 1];
            loc_set_cmdline(argv[i], name);
        } else if (def && def->has_arg) {
            i++;
        }
    }
    if (name) {
        t = target_find(name);
        if (!t) {
            error_report("unknown target '%s' (targets: %s)", name, names);
            exit(1);
        }
        loc_clear();
        return t;
    }
    t = target_from_progname(error_get_progname());
    if (!t) {
        error_report("no target selected (use -target or a "
                     "qemu-system-<arch> name); targets: %s", names);
        exit(1);
    }
    return t;
}

static VLConfig *vl_config_new(const TargetInfo *target)
{
    VLConfig *c = g_new0(VLConfig, 1);

    c->target = target;
    c->opts = qemu_opts_store_new();
    c->globals = g_ptr_array_new_with_free_func(global_prop_free);
    c->serials = g_ptr_array_new_with_free_func(spec_opt_free);
    c->hmp_monitors = g_ptr_array_new_with_free_func(spec_opt_free);
    c->qmp_monitors = g_ptr_array_new_with_free_func(spec_opt_free);
    c->qmp_pretty = g_ptr_array_new_with_free_func(spec_opt_free);
    return c;
}

static void vl_config_free(VLConfig *c)
{
    qemu_opts_store_free(c->opts);
    g_ptr_array_unref(c->globals);
    g_ptr_array_unref(c->serials);
    g_ptr_array_unref(c->hmp_monitors);
    g_ptr_array_unref(c->qmp_monitors);
    g_ptr_array_unref(c->qmp_pretty);
    if (c->qtest) {
        spec_opt_free(c->qtest);
    }
    g_free(c->qtest_log);
    g_free(c->cpu_model);
    g_free(c->kernel);
    g_free(c->initrd);
    g_free(c->append);
    g_free(c->dtb);
    g_free(c->name);
    g_free(c->log_file);
    g_free(c);
}

static void setup_logging(VLConfig *c)
{
    Error *err = NULL;

    if (c->log_file && !qemu_set_log_filename(c->log_file, &err)) {
        error_report_err(err);
        exit(1);
    }
    qemu_set_log(c->log_mask | (qemu_loglevel & LOG_TRACE));
}

static void on_signal(int signo, pid_t sender, void *opaque)
{
    MachineState *ms = opaque;
    g_autofree char *name = sender ? qemu_get_pid_name(sender) : NULL;

    if (sender) {
        error_report("terminating on signal %d from pid %d (%s)", signo,
                     (int)sender, name ? name : "<unknown process>");
    } else {
        error_report("terminating on signal %d", signo);
    }
    qemu_system_shutdown_request(ms, SHUTDOWN_CAUSE_HOST_SIGNAL);
}

/*
 * Once we are exiting (QMP quit, isa-debug-exit), termination signals are
 * blocked: teardown restores their default dispositions, and a SIGTERM
 * that a client sends meanwhile must not turn a clean exit into death by
 * signal.  Blocked, it stays pending and goes away with the process.
 */
static void block_term_signals(void)
{
    sigset_t set;

    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

/* ctrl-a x on a multiplexed console. */
static void on_console_quit(void *opaque)
{
    qemu_system_shutdown_request(opaque, SHUTDOWN_CAUSE_HOST_UI);
}

static int run_machine(MachineState *ms, VLConfig *c)
{
    int status;

    chardev_set_quit_handler(ms->chardevs, on_console_quit, ms);
    main_loop_install_signal_handlers(ms->main_loop, on_signal, ms,
                                      &error_fatal);
    if (c->exit_with_parent) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
    }
    qemu_system_reset(ms, SHUTDOWN_CAUSE_NONE);
    if (!c->start_paused) {
        vm_start(ms);
    }
    while (!ms->exit_requested) {
        main_loop_run(ms->main_loop);
    }
    block_term_signals();
    status = ms->exit_status;
    monitor_flush_all(ms);
    qtest_server_free(ms->qtest);
    while (ms->monitors->len) {
        monitor_free(g_ptr_array_index(ms->monitors, 0));
    }
    machine_free(ms);
    return status;
}

int qemu_main(int argc, char **argv)
{
    VLConfig *c;
    MachineState *ms;
    int status;

    error_init(argv[0]);
    type_list_register_all();
    c = vl_config_new(select_target(argc, argv));
    parse_args(c, argc, argv);
    setup_logging(c);
    ms = vl_build_machine(c);
    status = run_machine(ms, c);
    vl_config_free(c);
    return status;
}
