/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 Linux syscalls of qemu-aarch64: the dispatcher and the small
 * system calls (time, identity of the system, limits, randomness).
 *
 * The guest passes the number in X8 and arguments in X0-X5; the result
 * (or -errno) goes back in X0.  The handlers live in tables by area
 * (syscall-file.c, syscall-proc.c, signal.c, mmap.c, the table below),
 * indexed by number once at start-up; an unknown number returns -ENOSYS
 * and is logged under -d unimp.  While a handler runs, a host fault on a
 * guest address (a bad pointer the emulator dereferences) makes the
 * syscall return -EFAULT, as the kernel would.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "user.h"

#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>

#define USER_MAX_SYSCALL 512

int64_t user_host_ret(int64_t r)
{
    return r < 0 ? -errno : r;
}

static int64_t sys_enosys(LinuxUser *u, const uint64_t *a)
{
    return -ENOSYS;
}

static int64_t sys_uname(LinuxUser *u, const uint64_t *a)
{
    struct utsname *buf = user_ptr(u, a[0], sizeof(struct utsname));

    if (!buf) {
        return -EFAULT;
    }
    if (uname(buf) < 0) {
        return -errno;
    }
    g_strlcpy(buf->machine, "aarch64", sizeof(buf->machine));
    return 0;
}

static int64_t sys_getrandom(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getrandom(user_kptr(u, a[0], a[1]), a[1], a[2]));
}

static int64_t sys_prlimit64(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(prlimit(a[0], a[1],
                                 user_kptr_opt(u, a[2], 16),
                                 user_kptr_opt(u, a[3], 16)));
}

static int64_t sys_getrlimit(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getrlimit(a[0], user_kptr(u, a[1], 16)));
}

static int64_t sys_setrlimit(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(setrlimit(a[0], user_kptr(u, a[1], 16)));
}

/* timespec, timeval, struct tms and struct sysinfo match the host's. */
static int64_t sys_clock_gettime(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(clock_gettime(a[0], user_kptr(u, a[1], 16)));
}

static int64_t sys_clock_getres(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(clock_getres(a[0], user_kptr_opt(u, a[1], 16)));
}

static int64_t sys_clock_nanosleep(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_clock_nanosleep, (int)a[0], (int)a[1],
                             (long)user_kptr(u, a[2], 16),
                             (long)user_kptr_opt(u, a[3], 16), 0, 0);
}

static int64_t sys_sysinfo(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(sysinfo(user_kptr(u, a[0],
                                           sizeof(struct sysinfo))));
}

static int64_t sys_gettimeofday(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_gettimeofday,
                                 user_kptr_opt(u, a[0], 16),
                                 user_kptr_opt(u, a[1], 8)));
}

static int64_t sys_nanosleep(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_nanosleep, (long)user_kptr(u, a[0], 16),
                             (long)user_kptr_opt(u, a[1], 16), 0, 0, 0, 0);
}

static int64_t sys_sched_yield(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(sched_yield());
}

static int64_t sys_times(LinuxUser *u, const uint64_t *a)
{
    struct tms t;
    clock_t r = times(&t);
    struct tms *g = a[0] ? user_ptr(u, a[0], sizeof(t)) : NULL;

    if (a[0] && !g) {
        return -EFAULT;
    }
    if (g) {
        *g = t;
    }
    return r == (clock_t)-1 ? -errno : r;
}

static int64_t sys_getcpu(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_getcpu, user_kptr_opt(u, a[0], 4),
                                 user_kptr_opt(u, a[1], 4), NULL));
}

/* struct itimerval matches the host's. */
static int64_t sys_getitimer(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getitimer(a[0], user_kptr(u, a[1], 32)));
}

static int64_t sys_setitimer(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(setitimer(a[0], user_kptr(u, a[1], 32),
                                   user_kptr_opt(u, a[2], 32)));
}

static const SyscallDef syscalls_misc[] = {
    { 102, "getitimer", sys_getitimer, "dp" },
    { 103, "setitimer", sys_setitimer, "dpp" },
    { 101, "nanosleep", sys_nanosleep, "pp" },
    { 113, "clock_gettime", sys_clock_gettime, "dp" },
    { 114, "clock_getres", sys_clock_getres, "dp" },
    { 115, "clock_nanosleep", sys_clock_nanosleep, "dxpp" },
    { 124, "sched_yield", sys_sched_yield, "" },
    { 153, "times", sys_times, "p" },
    { 160, "uname", sys_uname, "p" },
    { 163, "getrlimit", sys_getrlimit, "dp" },
    { 164, "setrlimit", sys_setrlimit, "dp" },
    { 168, "getcpu", sys_getcpu, "ppp" },
    { 169, "gettimeofday", sys_gettimeofday, "pp" },
    { 179, "sysinfo", sys_sysinfo, "p" },
    { 261, "prlimit64", sys_prlimit64, "ddpp" },
    { 278, "getrandom", sys_getrandom, "pdx" },
    { 293, "rseq", sys_enosys, "pdxx" },
};

static const SyscallDef *syscall_index[USER_MAX_SYSCALL];

static void index_table(const SyscallDef *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_assert(t[i].nr < USER_MAX_SYSCALL && !syscall_index[t[i].nr]);
        syscall_index[t[i].nr] = &t[i];
    }
}

static gpointer build_index(gpointer unused)
{
    index_table(syscalls_misc, G_N_ELEMENTS(syscalls_misc));
    index_table(user_syscalls_file, user_n_syscalls_file);
    index_table(user_syscalls_proc, user_n_syscalls_proc);
    index_table(user_syscalls_signal, user_n_syscalls_signal);
    index_table(user_syscalls_mem, user_n_syscalls_mem);
    return NULL;
}

static const SyscallDef *syscall_find(uint64_t nr)
{
    static GOnce once = G_ONCE_INIT;

    g_once(&once, build_index, NULL);
    return nr < USER_MAX_SYSCALL ? syscall_index[nr] : NULL;
}

/* Syscalls Linux does not restart after a handler, even with SA_RESTART. */
static bool syscall_no_restart(unsigned nr)
{
    return nr == 101 || nr == 115 || nr == 133 || nr == 137 ||
           nr == 139 || nr == 72 || nr == 73 || nr == 22;
}

void linux_user_syscall(UserThread *t)
{
    LinuxUser *u = t->u;
    uint64_t *x = t->cpu->env.xregs;
    const SyscallDef *def;
    int64_t ret;

    if (t->pending & ~t->sigmask) {
        /* A signal came in just before the SVC: deliver it first. */
        t->cpu->env.pc -= 4;
        return;
    }
    def = syscall_find(x[8]);
    if (!def) {
        qemu_log_mask(LOG_UNIMP, "Unsupported syscall: %" PRIu64 "\n", x[8]);
        if (u->strace) {
            fprintf(stderr, "%d Unknown syscall %" PRIu64 "\n", t->tid,
                    x[8]);
        }
        x[0] = (uint64_t)-ENOSYS;
        return;
    }
    t->syscall_x0 = x[0];
    t->jmp_mode = USER_JMP_ACCESS;
    if (sigsetjmp(t->jmp, 0)) {
        ret = -EFAULT;
    } else {
        if (u->strace) {
            user_strace_enter(def, u, x);
        }
        ret = def->fn(u, x);
    }
    t->jmp_mode = USER_JMP_NONE;
    if (u->strace) {
        user_strace_exit(def, ret);
    }
    t->restart_syscall = ret == -EINTR && !syscall_no_restart(def->nr);
    x[0] = ret;
}
