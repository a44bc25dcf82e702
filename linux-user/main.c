/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-aarch64: run a static AArch64 Linux program on this host.
 *
 *   qemu-aarch64 [-cpu MODEL] [-d ITEMS] [-E VAR=VALUE] [-U VAR] [-strace]
 *                program [args...]
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "user.h"

#include <sys/resource.h>

typedef struct UserOptions {
    const char *cpu_model;
    const char *log_items;
    GPtrArray *env_set;     /* "VAR=VALUE" */
    GPtrArray *env_unset;
    bool strace;
    int first_arg;          /* index of the program in argv */
} UserOptions;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: qemu-aarch64 [options] program [arguments...]\n"
            "Linux CPU emulator (compiled for aarch64 emulation)\n\n"
            "Options:\n"
            "-h                print this help\n"
            "-cpu model        select CPU (-cpu help for list)\n"
            "-d item[,...]     enable logging of specified items\n"
            "-E var=value      sets targets environment variable\n"
            "-U var            unsets targets environment variable\n"
            "-strace           log system calls\n"
            "-version          display version information and exit\n");
}

/* Returns -1 to continue, else an exit status. */
static int parse_option(UserOptions *o, char **argv, int *i)
{
    const char *opt = argv[*i] + 1;
    const char *arg = argv[*i + 1];

    if (opt[0] == '-') {
        opt++;
    }
    if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(opt, "version")) {
        printf("qemu-aarch64 version 7.2.0\n");
        return 0;
    }
    if (!strcmp(opt, "strace")) {
        o->strace = true;
        return -1;
    }
    if (!arg) {
        fprintf(stderr, "qemu-aarch64: option '-%s' needs an argument\n",
                opt);
        return 1;
    }
    (*i)++;
    if (!strcmp(opt, "cpu")) {
        o->cpu_model = arg;
    } else if (!strcmp(opt, "d")) {
        o->log_items = arg;
    } else if (!strcmp(opt, "E")) {
        g_ptr_array_add(o->env_set, (gpointer)arg);
    } else if (!strcmp(opt, "U")) {
        g_ptr_array_add(o->env_unset, (gpointer)arg);
    } else {
        fprintf(stderr, "qemu-aarch64: unknown option '-%s'\n", opt);
        return 1;
    }
    return -1;
}

static int parse_args(UserOptions *o, int argc, char **argv)
{
    int i;

    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        int r;

        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        }
        r = parse_option(o, argv, &i);
        if (r >= 0) {
            return r;
        }
    }
    if (o->cpu_model && !strcmp(o->cpu_model, "help")) {
        arm_cpu_list(stdout);
        return 0;
    }
    if (i >= argc) {
        usage(stderr);
        return 1;
    }
    o->first_arg = i;
    return -1;
}

static char **build_env(const UserOptions *o)
{
    char **env = g_get_environ();

    for (guint i = 0; i < o->env_set->len; i++) {
        g_auto(GStrv) kv = g_strsplit(o->env_set->pdata[i], "=", 2);

        env = g_environ_setenv(env, kv[0], kv[1] ? kv[1] : "", TRUE);
    }
    for (guint i = 0; i < o->env_unset->len; i++) {
        env = g_environ_unsetenv(env, o->env_unset->pdata[i]);
    }
    return env;
}

/* Die the way the guest would have: by the signal, without a core. */
static void die_by_signal(int sig, const char *what)
{
    struct rlimit nocore = { 0, 0 };

    fprintf(stderr, "qemu: uncaught target signal %d (%s) - core dumped\n",
            sig, what);
    fflush(NULL);
    setrlimit(RLIMIT_CORE, &nocore);
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
}

/*
 * A guest load or store to an unmapped or protected address faults on
 * the host.  Until guest signal delivery exists, report it the way an
 * uncaught guest SIGSEGV/SIGBUS ends the program.  Only async-signal-safe
 * calls here.
 */
static void host_fault_handler(int sig)
{
    static const char segv[] = "qemu: uncaught target signal 11 "
                               "(Segmentation fault) - core dumped\n";
    static const char bus[] = "qemu: uncaught target signal 7 "
                              "(Bus error) - core dumped\n";
    struct rlimit nocore = { 0, 0 };

    if (sig == SIGSEGV) {
        (void)!write(STDERR_FILENO, segv, sizeof(segv) - 1);
    } else {
        (void)!write(STDERR_FILENO, bus, sizeof(bus) - 1);
    }
    setrlimit(RLIMIT_CORE, &nocore);
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
}

static void install_fault_handlers(void)
{
    /* NODEFER: the handler's raise() must not find the signal blocked. */
    struct sigaction sa = { .sa_handler = host_fault_handler,
                            .sa_flags = SA_NODEFER };

    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

static int cpu_loop(LinuxUser *u)
{
    for (;;) {
        A64ExitReason r = arm_cpu_exec(u->cpu, 1u << 20);

        if (r == A64_EXIT_SVC) {
            linux_user_syscall(u);
            if (u->exited) {
                return u->exit_status;
            }
        } else if (r == A64_EXIT_UDEF) {
            die_by_signal(SIGILL, "Illegal instruction");
        }
    }
}

static bool user_start(LinuxUser *u, const UserOptions *o, char **argv,
                       Error **errp)
{
    const ARMCPUModel *model = arm_cpu_model_find(o->cpu_model ?
                                                  o->cpu_model : "max");
    g_auto(GStrv) env = build_env(o);
    uint64_t sp;

    if (!model) {
        error_setg(errp, "unable to find CPU model '%s'", o->cpu_model);
        return false;
    }
    u->cpu = arm_cpu_new(model, u->guest_base);
    u->exec_path = argv[0];
    u->strace = o->strace;
    if (!linux_user_load_elf(u, argv[0], errp)) {
        return false;
    }
    sp = linux_user_setup_stack(u, argv, env, errp);
    if (!sp) {
        return false;
    }
    u->cpu->env.xregs[A64_REG_SP] = sp;
    u->cpu->env.pc = u->entry;
    return true;
}

int main(int argc, char **argv)
{
    UserOptions o = { .env_set = g_ptr_array_new(),
                      .env_unset = g_ptr_array_new() };
    LinuxUser u = { 0 };
    Error *err = NULL;
    int r = parse_args(&o, argc, argv);

    if (r >= 0) {
        return r;
    }
    if (o.log_items) {
        int mask = qemu_str_to_log_mask(o.log_items);

        if (!mask) {
            fprintf(stderr, "qemu-aarch64: unknown -d item in '%s'\n",
                    o.log_items);
            return 1;
        }
        qemu_set_log(mask);
    }
    if (!user_start(&u, &o, argv + o.first_arg, &err)) {
        fprintf(stderr, "qemu-aarch64: %s\n", error_get_pretty(err));
        error_free(err);
        return 1;
    }
    install_fault_handlers();
    r = cpu_loop(&u);
    arm_cpu_free(u.cpu);
    fflush(NULL);
    qemu_log_flush();
    return r;
}
