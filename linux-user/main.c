/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qemu-aarch64: run a static AArch64 Linux program on this host.
 *
 *   qemu-aarch64 [-cpu MODEL] [-d ITEMS] [-E VAR=VALUE] [-U VAR] [-0 ARGV0]
 *                [-strace] program [args...]
 *
 * Also the CPU loop of every guest thread: run the engine, perform
 * syscalls, turn host faults in guest code and undefined instructions
 * into guest signals, deliver pending signals (signal.c).
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "user.h"

#include <sys/syscall.h>

typedef struct UserOptions {
    const char *cpu_model;
    const char *log_items;
    GPtrArray *env_set;     /* "VAR=VALUE" */
    GPtrArray *env_unset;
    const char *argv0;      /* -0: guest argv[0] */
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
            "-0 argv0          forces target process argv[0] to be 'argv0'\n"
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
    } else if (!strcmp(opt, "0")) {
        o->argv0 = arg;
    } else {
        fprintf(stderr, "qemu-aarch64: unknown option '-%s'\n", opt);
        return 1;
    }
    return -1;
}

/*
 * -cpu MODEL[,SYSREG_<REG>_<FIELD>=<value>...]: a CPU with the model's
 * ID registers, lowered as asked (docs/arm64-id-regs.md).
 */
static ARMCPU *cpu_from_option(const char *arg, uintptr_t guest_base,
                               uint64_t guest_mask, Error **errp)
{
    g_auto(GStrv) items = g_strsplit(arg ? arg : "max", ",", -1);
    const ARMCPUModel *model = arm_cpu_model_find(items[0]);
    ARMCPU *cpu;

    if (!model) {
        error_setg(errp, "unable to find CPU model '%s'", items[0]);
        return NULL;
    }
    cpu = arm_cpu_new(model, guest_base);
    cpu->guest_mask = guest_mask;
    if (!arm_cpu_set_idregs(cpu, items + 1, errp)) {
        error_prepend(errp, "-cpu %s: ", arg);
        arm_cpu_free(cpu);
        return NULL;
    }
    return cpu;
}

/* -cpu MODEL[,...],help: the ID register fields, rules and values. */
static bool cpu_option_help(const char *arg)
{
    g_auto(GStrv) items = g_strsplit(arg, ",", -1);
    g_autoptr(GString) out = NULL;
    g_autofree char *rest = NULL;
    Error *err = NULL;
    ARMCPU *cpu;
    guint n = g_strv_length(items);

    if (n < 2 || strcmp(items[n - 1], "help")) {
        return false;
    }
    g_free(items[n - 1]);
    items[n - 1] = NULL;
    rest = g_strjoinv(",", items);
    cpu = cpu_from_option(rest, 0, UINT64_MAX, &err);
    if (!cpu) {
        error_report_err(err);
        exit(1);
    }
    out = g_string_new(NULL);
    arm_idregs_describe(&cpu->idregs, out);
    fputs(out->str, stdout);
    arm_cpu_free(cpu);
    return true;
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
    if (o->cpu_model && cpu_option_help(o->cpu_model)) {
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

static __thread UserThread *thread_self;

UserThread *user_thread_self(void)
{
    return thread_self;
}

void user_thread_set_self(UserThread *t)
{
    thread_self = t;
}

UserThread *user_thread_new(LinuxUser *u, ARMCPU *cpu)
{
    UserThread *t = g_new0(UserThread, 1);

    t->u = u;
    t->cpu = cpu;
    g_mutex_lock(&u->lock);
    t->next = u->threads;
    u->threads = t;
    u->n_threads++;
    g_mutex_unlock(&u->lock);
    return t;
}

unsigned user_thread_unlink(UserThread *t)
{
    LinuxUser *u = t->u;
    unsigned left;

    g_mutex_lock(&u->lock);
    for (UserThread **p = &u->threads; *p; p = &(*p)->next) {
        if (*p == t) {
            *p = t->next;
            u->n_threads--;
            break;
        }
    }
    left = u->n_threads;
    g_mutex_unlock(&u->lock);
    return left;
}

/* BRK #imm: SIGTRAP; any other undefined encoding: SIGILL. */
static void cpu_loop_udef(UserThread *t)
{
    uint32_t insn = t->cpu->exit_insn;

    if ((insn & 0xffe0001f) == 0xd4200000) {
        user_signal_raise_sync(t, SIGTRAP, 1 /* TRAP_BRKPT */,
                               t->cpu->env.pc);
    } else {
        user_signal_raise_sync(t, SIGILL, 1 /* ILL_ILLOPC */,
                               t->cpu->env.pc);
    }
}

/* Run guest code; a host fault in it comes back here as a guest signal. */
static A64ExitReason cpu_loop_exec(UserThread *t)
{
    ARMCPU *cpu = t->cpu;

    if (sigsetjmp(t->jmp, 0)) {
        t->jmp_mode = USER_JMP_NONE;
        cpu->env.xregs[A64_REG_ZR] = 0;
        cpu->env.pc = t->fault_pc;
        user_signal_raise_sync(t, t->fault_sig, t->fault_code,
                               t->fault_addr);
        return A64_EXIT_NONE;
    }
    t->jmp_mode = USER_JMP_GUEST;
    cpu->exit_reason = arm_cpu_exec(cpu, 1u << 20);
    t->jmp_mode = USER_JMP_NONE;
    return cpu->exit_reason;
}

int user_cpu_loop(UserThread *t)
{
    for (;;) {
        A64ExitReason r;

        if (__atomic_load_n(&t->cpu->exit_request, __ATOMIC_RELAXED)) {
            __atomic_store_n(&t->cpu->exit_request, 0, __ATOMIC_RELAXED);
            user_mem_sync_code(t);
        }
        user_signal_deliver(t);
        r = cpu_loop_exec(t);
        if (r == A64_EXIT_SVC) {
            linux_user_syscall(t);
            if (t->exited) {
                return 0;
            }
        } else if (r == A64_EXIT_UDEF) {
            cpu_loop_udef(t);
        }
    }
}

static bool user_start(LinuxUser *u, const UserOptions *o, char **argv,
                       Error **errp)
{
    g_auto(GStrv) env = build_env(o);
    UserThread *t;
    ARMCPU *cpu;
    uint64_t sp;

    if (!user_mem_init(u, errp)) {
        return false;
    }
    cpu = cpu_from_option(o->cpu_model, u->guest_base,
                          u->reserve_size - 1, errp);
    if (!cpu) {
        return false;
    }
    t = user_thread_new(u, cpu);
    t->tid = getpid();
    user_thread_set_self(t);
    u->main_thread = t;
    u->exec_path = realpath(argv[0], NULL);
    if (!u->exec_path) {
        u->exec_path = g_strdup(argv[0]);
    }
    u->strace = o->strace;
    u->cpu_model = o->cpu_model;
    u->log_items = o->log_items;
    user_signal_init(u);
    /* The guest starts with the mask we were started with. */
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, NULL, &t->sigmask, 8);
    if (!linux_user_load_elf(u, argv[0], errp)) {
        return false;
    }
    if (o->argv0) {
        argv[0] = (char *)o->argv0;
    }
    sp = linux_user_setup_stack(u, argv, env, errp);
    if (!sp) {
        return false;
    }
    cpu->env.xregs[A64_REG_SP] = sp;
    cpu->env.pc = u->entry;
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
    r = user_cpu_loop(u.main_thread);
    /* The main thread called exit() while others run: leave them be. */
    pthread_exit(NULL);
    return r;
}
