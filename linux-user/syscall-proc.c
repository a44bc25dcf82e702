/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process and thread syscalls of qemu-aarch64: clone (fork and
 * threads), exit/exit_group, futex, execve, wait4/waitid, ids, robust
 * lists, prctl.
 *
 * fork: the host process forks; the child keeps only the calling guest
 * thread.  Threads: clone with CLONE_VM starts a host thread with its own
 * ARMCPU (a copy of the caller's registers, X0 = 0, SP = the new stack,
 * TPIDR_EL0 = tls with CLONE_SETTLS); guest tid = host tid.  Futexes are
 * host futexes on the guest words (same process, same memory).  execve of
 * an AArch64 ELF re-executes this emulator (/proc/self/exe) with the same
 * -cpu/-d/-strace options; anything else is executed natively.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "user.h"

#include <elf.h>
#include <linux/futex.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define G_CLONE_VM              0x00000100ull
#define G_CLONE_VFORK           0x00004000ull
#define G_CLONE_THREAD          0x00010000ull
#define G_CLONE_SETTLS          0x00080000ull
#define G_CLONE_PARENT_SETTID   0x00100000ull
#define G_CLONE_CHILD_CLEARTID  0x00200000ull
#define G_CLONE_CHILD_SETTID    0x01000000ull

typedef struct ThreadStart {
    UserThread *t;
    uint64_t flags;
    uint64_t ptid;
    uint64_t ctid;
    GMutex lock;
    GCond cond;
    bool started;
    int tid;            /* the new thread's, for the parent */
} ThreadStart;

G_NORETURN static void exit_process(int status)
{
    fflush(NULL);
    qemu_log_flush();
    _exit(status);
}

static void put_tid(LinuxUser *u, uint64_t addr, int tid)
{
    int32_t *p = user_ptr(u, addr, 4);

    if (p) {
        *p = tid;
    }
}

static void *thread_main(void *opaque)
{
    ThreadStart *s = opaque;
    UserThread *t = s->t;
    LinuxUser *u = t->u;
    uint64_t all = ~0ull;

    user_thread_set_self(t);
    t->tid = syscall(SYS_gettid);
    t->jmp_mode = USER_JMP_ACCESS;
    if (!sigsetjmp(t->jmp, 0)) {
        if (s->flags & G_CLONE_CHILD_SETTID) {
            put_tid(u, s->ctid, t->tid);
        }
        if (s->flags & G_CLONE_PARENT_SETTID) {
            put_tid(u, s->ptid, t->tid);
        }
    }
    t->jmp_mode = USER_JMP_NONE;
    g_mutex_lock(&s->lock);
    s->tid = t->tid;
    s->started = true;
    g_cond_signal(&s->cond);
    g_mutex_unlock(&s->lock);
    /* s is gone from here on. */
    user_signal_set_host_mask(t->sigmask);
    user_cpu_loop(t);
    /* No signal handler may see this thread's state once it is freed. */
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, 8);
    user_thread_set_self(NULL);
    arm_cpu_free(t->cpu);
    g_free(t);
    return NULL;
}

static int64_t clone_thread(LinuxUser *u, UserThread *self,
                            const uint64_t *a)
{
    ARMCPU *cpu = arm_cpu_new(self->cpu->model, u->guest_base);
    ThreadStart s = { .flags = a[0], .ptid = a[2], .ctid = a[4] };
    uint64_t all = ~0ull, old;
    pthread_attr_t attr;
    pthread_t th;
    int err;

    cpu->env = self->cpu->env;
    arm_cpu_copy_features(cpu, self->cpu);
    cpu->guest_mask = self->cpu->guest_mask;
    cpu->env.xregs[0] = 0;
    if (a[1]) {
        cpu->env.xregs[A64_REG_SP] = a[1];
    }
    if (a[0] & G_CLONE_SETTLS) {
        cpu->env.tpidr_el0 = a[3];
    }
    s.t = user_thread_new(u, cpu);
    s.t->sigmask = self->sigmask;
    if (a[0] & G_CLONE_CHILD_CLEARTID) {
        s.t->clear_child_tid = a[4];
    }
    g_mutex_init(&s.lock);
    g_cond_init(&s.cond);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* The new thread starts with every signal blocked until it is set up. */
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, 8);
    err = pthread_create(&th, &attr, thread_main, &s);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &old, NULL, 8);
    pthread_attr_destroy(&attr);
    if (err) {
        user_thread_unlink(s.t);
        arm_cpu_free(cpu);
        g_free(s.t);
        return -err;
    }
    g_mutex_lock(&s.lock);
    while (!s.started) {
        g_cond_wait(&s.cond, &s.lock);
    }
    g_mutex_unlock(&s.lock);
    g_mutex_clear(&s.lock);
    g_cond_clear(&s.cond);
    return s.tid;       /* s.t may be gone already */
}

/* fork (and vfork, done as a fork): the child keeps only this thread. */
static int64_t clone_fork(LinuxUser *u, UserThread *self, const uint64_t *a)
{
    pid_t pid;

    if ((a[0] & 0xff) != SIGCHLD) {
        qemu_log_mask(LOG_UNIMP, "clone: exit signal %d done as SIGCHLD\n",
                      (int)(a[0] & 0xff));
    }
    fflush(NULL);
    g_mutex_lock(&u->lock);
    pid = fork();
    if (pid != 0) {
        g_mutex_unlock(&u->lock);
        if (pid < 0) {
            return -errno;
        }
        if (a[0] & G_CLONE_PARENT_SETTID) {
            put_tid(u, a[2], pid);
        }
        return pid;
    }
    self->next = NULL;
    u->threads = self;
    u->n_threads = 1;
    self->tid = syscall(SYS_gettid);
    g_mutex_unlock(&u->lock);
    if (a[1]) {
        self->cpu->env.xregs[A64_REG_SP] = a[1];
    }
    if (a[0] & G_CLONE_SETTLS) {
        self->cpu->env.tpidr_el0 = a[3];
    }
    if (a[0] & G_CLONE_CHILD_SETTID) {
        put_tid(u, a[4], self->tid);
    }
    if (a[0] & G_CLONE_CHILD_CLEARTID) {
        self->clear_child_tid = a[4];
    }
    return 0;
}

static int64_t sys_clone(LinuxUser *u, const uint64_t *a)
{
    UserThread *self = user_thread_self();

    if ((a[0] & G_CLONE_VM) && !(a[0] & G_CLONE_VFORK)) {
        if (!(a[0] & G_CLONE_THREAD)) {
            qemu_log_mask(LOG_UNIMP, "clone: CLONE_VM without "
                          "CLONE_THREAD\n");
            return -EINVAL;
        }
        return clone_thread(u, self, a);
    }
    return clone_fork(u, self, a);
}

/* Mark one robust futex of a dying thread as owner-died, as Linux does. */
static void robust_release(LinuxUser *u, uint64_t entry, int64_t off,
                           int tid)
{
    uint32_t *word = user_ptr(u, entry + off, 4);
    uint32_t old, new;

    if (!word || ((entry + off) & 3)) {
        return;
    }
    old = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    do {
        if ((old & FUTEX_TID_MASK) != (uint32_t)tid) {
            return;
        }
        new = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    } while (!__atomic_compare_exchange_n(word, &old, new, false,
                                          __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST));
    if (old & FUTEX_WAITERS) {
        syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
}

/* Walk the robust list (head: next, futex_offset, list_op_pending). */
static void robust_list_exit(LinuxUser *u, UserThread *t)
{
    uint64_t *head = t->robust_list ? user_ptr(u, t->robust_list, 24) :
                     NULL;
    uint64_t entry;

    if (!head) {
        return;
    }
    entry = head[0] & ~1ull;
    for (int n = 0; entry != t->robust_list && n < 2048; n++) {
        uint64_t *next = user_ptr(u, entry, 8);

        if (!next) {
            break;
        }
        if (entry != (head[2] & ~1ull)) {
            robust_release(u, entry, (int64_t)head[1], t->tid);
        }
        entry = *next & ~1ull;
    }
    if (head[2]) {
        robust_release(u, head[2] & ~1ull, (int64_t)head[1], t->tid);
    }
}

static int64_t sys_exit(LinuxUser *u, const uint64_t *a)
{
    UserThread *t = user_thread_self();
    int32_t *ctid;

    if (user_thread_unlink(t) == 0) {
        exit_process(a[0] & 0xff);
    }
    robust_list_exit(u, t);
    ctid = t->clear_child_tid ? user_ptr(u, t->clear_child_tid, 4) : NULL;
    if (ctid) {
        __atomic_store_n(ctid, 0, __ATOMIC_SEQ_CST);
        syscall(SYS_futex, ctid, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
    t->exited = true;
    return 0;
}

static int64_t sys_exit_group(LinuxUser *u, const uint64_t *a)
{
    exit_process(a[0] & 0xff);
}

static int64_t sys_set_tid_address(LinuxUser *u, const uint64_t *a)
{
    UserThread *t = user_thread_self();

    t->clear_child_tid = a[0];
    return t->tid;
}

static int64_t sys_set_robust_list(LinuxUser *u, const uint64_t *a)
{
    if (a[1] != 24) {
        return -EINVAL;
    }
    user_thread_self()->robust_list = a[0];
    return 0;
}

static int64_t sys_get_robust_list(LinuxUser *u, const uint64_t *a)
{
    uint64_t *head = user_ptr(u, a[1], 8), *len = user_ptr(u, a[2], 8);

    if (a[0] && a[0] != (uint64_t)user_thread_self()->tid) {
        return -EPERM;
    }
    if (!head || !len) {
        return -EFAULT;
    }
    *head = user_thread_self()->robust_list;
    *len = 24;
    return 0;
}

static bool futex_has_timeout(int cmd)
{
    return cmd == FUTEX_WAIT || cmd == FUTEX_WAIT_BITSET ||
           cmd == FUTEX_LOCK_PI || cmd == FUTEX_WAIT_REQUEUE_PI ||
           cmd == 13 /* FUTEX_LOCK_PI2 */;
}

static int64_t sys_futex(LinuxUser *u, const uint64_t *a)
{
    int cmd = a[1] & FUTEX_CMD_MASK;
    void *uaddr = user_ptr(u, a[0], 4);
    void *uaddr2 = NULL;
    uintptr_t arg4 = a[3];

    if (!uaddr) {
        return -EFAULT;
    }
    if (futex_has_timeout(cmd)) {
        arg4 = (uintptr_t)user_kptr_opt(u, a[3], 16);
    }
    if (cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE ||
        cmd == FUTEX_WAKE_OP || cmd == FUTEX_CMP_REQUEUE_PI ||
        cmd == FUTEX_WAIT_REQUEUE_PI) {
        uaddr2 = user_kptr(u, a[4], 4);
    }
    if (cmd == FUTEX_FD) {
        return -ENOSYS;
    }
    return user_safe_syscall(SYS_futex, (long)uaddr, (int)a[1],
                             (uint32_t)a[2], arg4, (long)uaddr2,
                             (uint32_t)a[5]);
}

/* A NULL-terminated guest array of strings; NULL on a bad pointer. */
static char **strv_from_guest(LinuxUser *u, uint64_t addr)
{
    GPtrArray *v = g_ptr_array_new();

    for (uint64_t i = 0; addr; i++) {
        uint64_t *p = user_ptr(u, addr + i * 8, 8);
        const char *str;

        if (!p || i > 65536) {
            g_ptr_array_free(v, TRUE);
            return NULL;
        }
        if (!*p) {
            break;
        }
        str = user_str(u, *p);
        if (!str) {
            g_ptr_array_free(v, TRUE);
            return NULL;
        }
        g_ptr_array_add(v, (char *)str);
    }
    g_ptr_array_add(v, NULL);
    return (char **)g_ptr_array_free(v, FALSE);
}

static bool is_aarch64_elf(const char *path)
{
    Elf64_Ehdr eh;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool r;

    if (fd < 0) {
        return false;
    }
    r = read(fd, &eh, sizeof(eh)) == sizeof(eh) &&
        !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
        eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_machine == EM_AARCH64;
    close(fd);
    return r;
}

/* Our own command line for running @path with guest @argv. */
static char **self_argv(LinuxUser *u, const char *path, char **argv)
{
    GPtrArray *v = g_ptr_array_new();

    g_ptr_array_add(v, (char *)"qemu-aarch64");
    if (argv[0]) {
        g_ptr_array_add(v, (char *)"-0");
        g_ptr_array_add(v, argv[0]);
    }
    if (u->cpu_model) {
        g_ptr_array_add(v, (char *)"-cpu");
        g_ptr_array_add(v, (char *)u->cpu_model);
    }
    if (u->log_items) {
        g_ptr_array_add(v, (char *)"-d");
        g_ptr_array_add(v, (char *)u->log_items);
    }
    if (u->strace) {
        g_ptr_array_add(v, (char *)"-strace");
    }
    g_ptr_array_add(v, (char *)"--");
    g_ptr_array_add(v, (char *)path);
    for (unsigned i = argv[0] ? 1 : 0; argv[i]; i++) {
        g_ptr_array_add(v, argv[i]);
    }
    g_ptr_array_add(v, NULL);
    return (char **)g_ptr_array_free(v, FALSE);
}

static int64_t sys_execve(LinuxUser *u, const uint64_t *a)
{
    const char *path = user_str(u, a[0]);
    g_autofree char **argv = strv_from_guest(u, a[1]);
    g_autofree char **envp = strv_from_guest(u, a[2]);
    g_autofree char **self = NULL;

    if (!path || !argv || !envp) {
        return -EFAULT;
    }
    path = user_path_fixup(u, path);
    if (access(path, X_OK) < 0) {
        return -errno;
    }
    fflush(NULL);
    qemu_log_flush();
    if (!is_aarch64_elf(path)) {
        execve(path, argv, envp);
        return -errno;
    }
    self = self_argv(u, path, argv);
    execve("/proc/self/exe", self, envp);
    return -errno;
}

static int64_t sys_wait4(LinuxUser *u, const uint64_t *a)
{
    /* int status and struct rusage have the same layout on both. */
    return user_safe_syscall(SYS_wait4, (pid_t)a[0],
                             (long)user_kptr_opt(u, a[1], 4), (int)a[2],
                             (long)user_kptr_opt(u, a[3],
                                                 sizeof(struct rusage)),
                             0, 0);
}

static int64_t sys_waitid(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_waitid, (int)a[0], (int)a[1],
                             (long)user_kptr_opt(u, a[2], 128), (int)a[3],
                             (long)user_kptr_opt(u, a[4],
                                                 sizeof(struct rusage)),
                             0);
}

static int64_t sys_getrusage(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getrusage(a[0], user_kptr(u, a[1],
                                                   sizeof(struct rusage))));
}

static int64_t sys_gettid(LinuxUser *u, const uint64_t *a)
{
    return user_thread_self()->tid;
}

static int64_t sys_getpid(LinuxUser *u, const uint64_t *a)
{
    return getpid();
}

static int64_t sys_getppid(LinuxUser *u, const uint64_t *a)
{
    return getppid();
}

/* Identity syscalls go to the host raw (per thread, as in the kernel). */
static int64_t sys_raw(long nr, const uint64_t *a)
{
    return user_host_ret(syscall(nr, a[0], a[1], a[2]));
}

static int64_t sys_getuid(LinuxUser *u, const uint64_t *a)
{
    return getuid();
}

static int64_t sys_geteuid(LinuxUser *u, const uint64_t *a)
{
    return geteuid();
}

static int64_t sys_getgid(LinuxUser *u, const uint64_t *a)
{
    return getgid();
}

static int64_t sys_getegid(LinuxUser *u, const uint64_t *a)
{
    return getegid();
}

static int64_t sys_setuid(LinuxUser *u, const uint64_t *a)
{
    return sys_raw(SYS_setuid, a);
}

static int64_t sys_setgid(LinuxUser *u, const uint64_t *a)
{
    return sys_raw(SYS_setgid, a);
}

static int64_t sys_setreuid(LinuxUser *u, const uint64_t *a)
{
    return sys_raw(SYS_setreuid, a);
}

static int64_t sys_setregid(LinuxUser *u, const uint64_t *a)
{
    return sys_raw(SYS_setregid, a);
}

static int64_t sys_setresuid(LinuxUser *u, const uint64_t *a)
{
    return sys_raw(SYS_setresuid, a);
}

static int64_t sys_setresgid(LinuxUser *u, const uint64_t *a)
{
    return sys_raw(SYS_setresgid, a);
}

static int64_t sys_getresuid(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getresuid(user_kptr(u, a[0], 4),
                                   user_kptr(u, a[1], 4),
                                   user_kptr(u, a[2], 4)));
}

static int64_t sys_getresgid(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getresgid(user_kptr(u, a[0], 4),
                                   user_kptr(u, a[1], 4),
                                   user_kptr(u, a[2], 4)));
}

static int64_t sys_getgroups(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getgroups(a[0], a[0] ? user_kptr(u, a[1], a[0] * 4)
                                             : NULL));
}

static int64_t sys_setpgid(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(setpgid(a[0], a[1]));
}

static int64_t sys_getpgid(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getpgid(a[0]));
}

static int64_t sys_getsid(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getsid(a[0]));
}

static int64_t sys_setsid(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(setsid());
}

static int64_t sys_prctl(LinuxUser *u, const uint64_t *a)
{
    switch (a[0]) {
    case PR_SET_NAME:
    case PR_GET_NAME:
        return user_host_ret(prctl(a[0], user_kptr(u, a[1], 16)));
    case PR_SET_PDEATHSIG:
    case PR_SET_DUMPABLE:
    case PR_GET_DUMPABLE:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_CHILD_SUBREAPER:
        return user_host_ret(prctl(a[0], a[1], a[2], a[3], a[4]));
    default:
        qemu_log_mask(LOG_UNIMP, "prctl option %" PRIu64 " not "
                      "implemented\n", a[0]);
        return -EINVAL;
    }
}

static int64_t sys_sched_getaffinity(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_sched_getaffinity, (pid_t)a[0],
                                 (size_t)a[1], user_kptr(u, a[2], a[1])));
}

const SyscallDef user_syscalls_proc[] = {
    { 93, "exit", sys_exit, "d" },
    { 94, "exit_group", sys_exit_group, "d" },
    { 95, "waitid", sys_waitid, "ddpxp" },
    { 96, "set_tid_address", sys_set_tid_address, "p" },
    { 98, "futex", sys_futex, "pXdpdd" },
    { 99, "set_robust_list", sys_set_robust_list, "pd" },
    { 100, "get_robust_list", sys_get_robust_list, "dpp" },
    { 123, "sched_getaffinity", sys_sched_getaffinity, "ddp" },
    { 143, "setregid", sys_setregid, "dd" },
    { 144, "setgid", sys_setgid, "d" },
    { 145, "setreuid", sys_setreuid, "dd" },
    { 146, "setuid", sys_setuid, "d" },
    { 147, "setresuid", sys_setresuid, "ddd" },
    { 148, "getresuid", sys_getresuid, "ppp" },
    { 149, "setresgid", sys_setresgid, "ddd" },
    { 150, "getresgid", sys_getresgid, "ppp" },
    { 154, "setpgid", sys_setpgid, "dd" },
    { 155, "getpgid", sys_getpgid, "d" },
    { 156, "getsid", sys_getsid, "d" },
    { 157, "setsid", sys_setsid, "" },
    { 158, "getgroups", sys_getgroups, "dp" },
    { 165, "getrusage", sys_getrusage, "dp" },
    { 167, "prctl", sys_prctl, "dxxxx" },
    { 172, "getpid", sys_getpid, "" },
    { 173, "getppid", sys_getppid, "" },
    { 174, "getuid", sys_getuid, "" },
    { 175, "geteuid", sys_geteuid, "" },
    { 176, "getgid", sys_getgid, "" },
    { 177, "getegid", sys_getegid, "" },
    { 178, "gettid", sys_gettid, "" },
    { 220, "clone", sys_clone, "Cpppp" },
    { 221, "execve", sys_execve, "saa" },
    { 260, "wait4", sys_wait4, "dpxp" },
};
const size_t user_n_syscalls_proc = G_N_ELEMENTS(user_syscalls_proc);
