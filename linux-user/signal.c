/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest signals for qemu-aarch64: the signal syscalls, host signal
 * handlers, and delivery with the arm64 rt_sigframe.
 *
 * Model: the host kernel does the bookkeeping wherever the semantics are
 * the same.  A guest disposition is mirrored on the host (SIG_DFL stays
 * SIG_DFL, so default actions kill/stop/ignore natively with the native
 * exit status; SIG_IGN stays SIG_IGN), and each thread's guest blocked
 * mask is its host mask, so the host picks the receiving thread and keeps
 * blocked signals pending.  Only signals with a guest handler reach
 * host_async_handler(), which queues them on the thread (pending bit +
 * siginfo, whose layout is the same on arm64 and x86-64) and asks the
 * engine to stop at the next block; user_signal_deliver() then builds
 * the frame.  Host handlers run without SA_RESTART: a blocking syscall
 * returns EINTR and, when the guest asked for SA_RESTART, the syscall is
 * re-issued after the handler returns (PC back on the SVC).
 *
 * SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGTRAP always have the host fault
 * handler: a fault in guest code becomes a guest signal (main.c); a fault
 * in the syscall layer becomes EFAULT; anything else is an emulator bug.
 *
 * Frame (Linux arch/arm64 layout): below SP (or the alternate stack) a
 * 16-byte frame record {x29, x30}, then struct rt_sigframe = siginfo (128)
 * + ucontext (flags, link, stack_t, sigmask, 120 unused, 16-aligned
 * sigcontext: fault_address, x0-x30, sp, pc, pstate, 4096 bytes of
 * records: fpsimd_context then the terminator).  The handler gets x0 =
 * signal, x1 = &info, x2 = &uc, x29 = &record, x30 = sa_restorer or our
 * trampoline page (mov x8, #139; svc #0) as there is no vDSO.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "user.h"

#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define G_SA_NOCLDSTOP  0x00000001ull
#define G_SA_NOCLDWAIT  0x00000002ull
#define G_SA_SIGINFO    0x00000004ull
#define G_SA_RESTORER   0x04000000ull
#define G_SA_ONSTACK    0x08000000ull
#define G_SA_RESTART    0x10000000ull
#define G_SA_NODEFER    0x40000000ull
#define G_SA_RESETHAND  0x80000000ull
#define G_SS_ONSTACK    1
#define G_SS_DISABLE    2
#define G_SS_AUTODISARM (1u << 31)
#define G_MINSIGSTKSZ   5120

#define SIGBIT(s) (1ull << ((s) - 1))
#define FAULT_SIGS (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | \
                    SIGBIT(SIGFPE) | SIGBIT(SIGTRAP))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* Frame layout offsets (bytes). */
#define FR_INFO         0
#define FR_UC           128
#define UC_STACK        16
#define UC_SIGMASK      40
#define UC_MCONTEXT     176
#define SC_FAULT_ADDR   0
#define SC_REGS         8
#define SC_SP           256
#define SC_PC           264
#define SC_PSTATE       272
#define SC_RESERVED     288
#define FRAME_SIZE      (FR_UC + UC_MCONTEXT + SC_RESERVED + 4096)
#define G_FPSIMD_MAGIC    0x46508001u
#define G_FPSIMD_SIZE     528

/* The trampoline used when the guest gives no sa_restorer. */
static uint64_t sigreturn_tramp;
/* x86-64 needs a restorer on raw rt_sigaction: taken from glibc's. */
static uint64_t host_restorer;

typedef struct HostKSigaction {
    void *handler;
    unsigned long flags;
    uint64_t restorer;
    uint64_t mask;
} HostKSigaction;

static void host_sigaction_raw(int sig, void *handler, unsigned long flags)
{
    HostKSigaction ka = { .handler = handler, .flags = flags,
                          .mask = ~0ull };

    if (handler != SIG_DFL && handler != SIG_IGN) {
        ka.flags |= 0x04000000 /* SA_RESTORER */;
        ka.restorer = host_restorer;
        ka.mask = ~(FAULT_SIGS | UNBLOCKABLE);
    }
    syscall(SYS_rt_sigaction, sig, &ka, NULL, 8);
}

void user_signal_set_host_mask(uint64_t mask)
{
    uint64_t host = mask & ~(FAULT_SIGS | UNBLOCKABLE);

    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &host, NULL, 8);
}

static void host_block_all(uint64_t *old)
{
    uint64_t all = ~(FAULT_SIGS | UNBLOCKABLE);

    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, old, 8);
}

static void host_restore(uint64_t *old)
{
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, old, NULL, 8);
}

G_NORETURN void user_die_by_signal(int sig)
{
    struct rlimit nocore = { 0, 0 };
    uint64_t bit = SIGBIT(sig);

    if (sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP || sig == SIGABRT ||
        sig == SIGBUS || sig == SIGFPE || sig == SIGSEGV || sig == SIGSYS ||
        sig == SIGXCPU || sig == SIGXFSZ) {
        fprintf(stderr, "qemu: uncaught target signal %d (%s) - core "
                "dumped\n", sig, strsignal(sig));
    }
    fflush(NULL);
    qemu_log_flush();
    setrlimit(RLIMIT_CORE, &nocore);
    host_sigaction_raw(sig, SIG_DFL, 0);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &bit, NULL, 8);
    syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), sig);
    _exit(128 + sig);
}

/* A signal with a guest handler arrived on this thread: queue it. */
static void host_async_handler(int sig, siginfo_t *info, void *uc)
{
    UserThread *t = user_thread_self();

    if (!t || sig < 1 || sig > USER_NSIG) {
        return;
    }
    if (!(t->pending & SIGBIT(sig))) {
        memcpy(t->pending_info[sig], info, 128);
        __atomic_or_fetch(&t->pending, SIGBIT(sig), __ATOMIC_SEQ_CST);
    }
    t->sig_fresh = 1;
    __atomic_store_n(&t->cpu->exit_request, 1, __ATOMIC_RELAXED);
    user_safe_syscall_rewind(uc);
}

/*
 * The guest instruction that faulted.  The engine's handler for it keeps
 * its A64Op pointer live (in a host register, or in its stack frame when
 * built without optimisation); the pointers to earlier records of the
 * block that may also be around are lower.  So: the highest-addressed
 * load/store record of the running block found in the host registers or
 * in the first FAULT_STACK_SCAN bytes of the interrupted stack.
 */
#define FAULT_STACK_SCAN 1024

static void fault_consider(UserThread *t, uintptr_t v, uintptr_t *best)
{
    uint64_t pc;
    uint32_t insn;

    /* Loads and stores (op0 = x1x0: bits 27 and 25), and DC ZVA. */
    if (v > *best && arm_cpu_running_op(t->cpu, v, &pc, &insn) &&
        (((insn >> 25) & 5) == 4 || (insn & 0xffffffe0) == 0xd50b7420)) {
        *best = v;
    }
}

/* The interrupted stack holds frames ASan does not know we may read. */
__attribute__((no_sanitize_address))
static uintptr_t stack_word(uintptr_t p)
{
    return *(const uintptr_t *)p;
}

static uint64_t fault_guest_pc(UserThread *t, ucontext_t *uc)
{
    uintptr_t best = 0, sp = 0;
    uint64_t pc;
    uint32_t insn;

    /* native code (a64-jit.h) names the faulting record exactly */
    if (arm_cpu_jit_fault_op(t->cpu, uc, &pc, &insn)) {
        return pc;
    }
#if defined(__x86_64__)
    for (int i = 0; i < NGREG; i++) {
        fault_consider(t, uc->uc_mcontext.gregs[i], &best);
    }
    sp = uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
    for (int i = 0; i < 31; i++) {
        fault_consider(t, uc->uc_mcontext.regs[i], &best);
    }
    sp = uc->uc_mcontext.sp;
#endif
    for (uintptr_t p = sp & ~7ul; sp && p < sp + FAULT_STACK_SCAN; p += 8) {
        fault_consider(t, stack_word(p), &best);
    }
    if (best && arm_cpu_running_op(t->cpu, best, &pc, &insn)) {
        return pc;
    }
    return arm_cpu_running_op(t->cpu, 0, &pc, &insn) ? pc : t->cpu->env.pc;
}

static void host_fault_handler(int sig, siginfo_t *info, void *ucv)
{
    UserThread *t = user_thread_self();
    static const char bug[] = "qemu-aarch64: host fault outside guest "
                              "code\n";

    if (info->si_code <= 0) {
        host_async_handler(sig, info, ucv);       /* sent by kill() */
        return;
    }
    if (t && t->jmp_mode == USER_JMP_GUEST &&
        (sig == SIGSEGV || sig == SIGBUS)) {
        t->fault_sig = sig;
        t->fault_code = info->si_code;
        t->fault_addr = h2g(t->u, info->si_addr);
        /* Unmapped guest pages are PROT_NONE on the host: ACCERR there. */
        if (sig == SIGSEGV && t->fault_code == SEGV_ACCERR &&
            user_mem_unmapped(t->u, t->fault_addr)) {
            t->fault_code = SEGV_MAPERR;
        }
        t->fault_pc = t->fault_addr == t->cpu->env.pc ? t->fault_addr :
                      fault_guest_pc(t, ucv);
        siglongjmp(t->jmp, 1);
    }
    if (t && t->jmp_mode == USER_JMP_ACCESS &&
        (sig == SIGSEGV || sig == SIGBUS)) {
        siglongjmp(t->jmp, 1);
    }
    (void)!write(STDERR_FILENO, bug, sizeof(bug) - 1);
    user_die_by_signal(sig);
}

void user_signal_init(LinuxUser *u)
{
    struct sigaction sa = { .sa_sigaction = host_fault_handler,
                            .sa_flags = SA_SIGINFO | SA_NODEFER };
    HostKSigaction cur;
    static const uint32_t tramp[] = {
        0xd2801168,     /* mov x8, #139 (rt_sigreturn) */
        0xd4000001,     /* svc #0 */
    };
    uint64_t page = user_mem_find_free(u, USER_PAGE_SIZE);

    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    sigaction(SIGTRAP, &sa, NULL);
    syscall(SYS_rt_sigaction, SIGSEGV, NULL, &cur, 8);
    host_restorer = cur.restorer;
    if (page && user_mem_map_fixed(u, page, USER_PAGE_SIZE,
                                   PROT_READ | PROT_WRITE)) {
        memcpy(g2h(u, page), tramp, sizeof(tramp));
        mprotect(g2h(u, page), USER_PAGE_SIZE, PROT_READ | PROT_EXEC);
        sigreturn_tramp = page;
    }
    /* Guest dispositions start as the host's (inherited over exec). */
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        HostKSigaction ka;

        if (!(FAULT_SIGS & SIGBIT(sig)) &&
            syscall(SYS_rt_sigaction, sig, NULL, &ka, 8) == 0 &&
            ka.handler == SIG_IGN) {
            u->sigact[sig].handler = 1;
        }
    }
}

/* Mirror the guest disposition of @sig on the host (u->lock held). */
static void mirror_disposition(LinuxUser *u, int sig)
{
    const GuestSigaction *ga = &u->sigact[sig];
    unsigned long flags = SA_SIGINFO;

    if (FAULT_SIGS & SIGBIT(sig)) {
        return;
    }
    if (ga->handler == 0) {
        host_sigaction_raw(sig, SIG_DFL, 0);
    } else if (ga->handler == 1) {
        host_sigaction_raw(sig, SIG_IGN, 0);
    } else {
        flags |= ga->flags & (G_SA_NOCLDSTOP | G_SA_NOCLDWAIT);
        host_sigaction_raw(sig, host_async_handler, flags);
    }
}

static int64_t sys_rt_sigaction(LinuxUser *u, const uint64_t *a)
{
    int sig = a[0];
    GuestSigaction act, old;

    if (sig < 1 || sig > USER_NSIG || a[3] != 8) {
        return -EINVAL;
    }
    if (a[1]) {
        GuestSigaction *g = user_ptr(u, a[1], sizeof(act));

        if (!g) {
            return -EFAULT;
        }
        act = *g;
        if (SIGBIT(sig) & UNBLOCKABLE) {
            return -EINVAL;
        }
        act.mask &= ~UNBLOCKABLE;
    }
    g_mutex_lock(&u->lock);
    old = u->sigact[sig];
    if (a[1]) {
        u->sigact[sig] = act;
        mirror_disposition(u, sig);
    }
    g_mutex_unlock(&u->lock);
    if (a[2]) {
        GuestSigaction *g = user_ptr(u, a[2], sizeof(old));

        if (!g) {
            return -EFAULT;
        }
        *g = old;
    }
    return 0;
}

static int64_t sys_rt_sigprocmask(LinuxUser *u, const uint64_t *a)
{
    UserThread *t = user_thread_self();
    uint64_t old = t->sigmask, set;

    if (a[3] != 8) {
        return -EINVAL;
    }
    if (a[1]) {
        uint64_t *p = user_ptr(u, a[1], 8);

        if (!p) {
            return -EFAULT;
        }
        set = *p;
        switch (a[0]) {
        case SIG_BLOCK:
            t->sigmask |= set;
            break;
        case SIG_UNBLOCK:
            t->sigmask &= ~set;
            break;
        case SIG_SETMASK:
            t->sigmask = set;
            break;
        default:
            return -EINVAL;
        }
        t->sigmask &= ~UNBLOCKABLE;
        user_signal_set_host_mask(t->sigmask);
    }
    if (a[2]) {
        uint64_t *p = user_ptr(u, a[2], 8);

        if (!p) {
            return -EFAULT;
        }
        *p = old;
    }
    return 0;
}

static int64_t sys_rt_sigpending(LinuxUser *u, const uint64_t *a)
{
    UserThread *t = user_thread_self();
    uint64_t *p = user_ptr(u, a[0], 8), host = 0;

    if (!p) {
        return -EFAULT;
    }
    syscall(SYS_rt_sigpending, &host, 8);
    *p = (host | t->pending) & t->sigmask;
    return 0;
}

static int64_t sys_rt_sigsuspend(LinuxUser *u, const uint64_t *a)
{
    UserThread *t = user_thread_self();
    uint64_t *p = user_ptr(u, a[0], 8), mask, old;

    if (a[1] != 8) {
        return -EINVAL;
    }
    if (!p) {
        return -EFAULT;
    }
    mask = *p & ~UNBLOCKABLE;
    t->saved_mask = t->sigmask;
    t->has_saved_mask = true;
    t->sigmask = mask;
    /*
     * With every signal blocked, nothing can be queued between the check
     * and the wait: rt_sigsuspend unblocks atomically.
     */
    host_block_all(&old);
    if (!(t->pending & ~mask)) {
        uint64_t host = mask & ~(FAULT_SIGS | UNBLOCKABLE);

        syscall(SYS_rt_sigsuspend, &host, 8);
    }
    user_signal_set_host_mask(mask);
    return -EINTR;
}

static int64_t sys_rt_sigtimedwait(LinuxUser *u, const uint64_t *a)
{
    uint64_t *set = user_ptr(u, a[0], 8);
    void *info = a[1] ? user_ptr(u, a[1], 128) : NULL;
    void *ts = a[2] ? user_ptr(u, a[2], 16) : NULL;

    if (!set || (a[1] && !info) || (a[2] && !ts)) {
        return -EFAULT;
    }
    return user_safe_syscall(SYS_rt_sigtimedwait, (long)set, (long)info,
                             (long)ts, 8, 0, 0);
}

static bool on_altstack(UserThread *t, uint64_t sp)
{
    return t->ss_size && sp > t->ss_sp && sp <= t->ss_sp + t->ss_size;
}

static void altstack_to_guest(UserThread *t, uint64_t *g)
{
    uint64_t sp = t->cpu->env.xregs[A64_REG_SP];
    uint32_t flags = t->ss_size ? (on_altstack(t, sp) ? G_SS_ONSTACK : 0) :
                     G_SS_DISABLE;

    g[0] = t->ss_sp;
    g[1] = flags | (t->ss_flags & G_SS_AUTODISARM);
    g[2] = t->ss_size;
}

static int64_t altstack_set(UserThread *t, const uint64_t *g)
{
    uint32_t flags = g[1];

    if (on_altstack(t, t->cpu->env.xregs[A64_REG_SP])) {
        return -EPERM;
    }
    if (flags & G_SS_DISABLE) {
        t->ss_sp = t->ss_size = 0;
        t->ss_flags = 0;
        return 0;
    }
    if (flags & ~(G_SS_ONSTACK | G_SS_AUTODISARM)) {
        return -EINVAL;
    }
    if (g[2] < G_MINSIGSTKSZ) {
        return -ENOMEM;
    }
    t->ss_sp = g[0];
    t->ss_size = g[2];
    t->ss_flags = flags & G_SS_AUTODISARM;
    return 0;
}

static int64_t sys_sigaltstack(LinuxUser *u, const uint64_t *a)
{
    UserThread *t = user_thread_self();
    uint64_t old[3];
    int64_t r = 0;

    altstack_to_guest(t, old);
    if (a[0]) {
        const uint64_t *g = user_ptr(u, a[0], 24);

        if (!g) {
            return -EFAULT;
        }
        r = altstack_set(t, g);
    }
    if (a[1] && r == 0) {
        uint64_t *g = user_ptr(u, a[1], 24);

        if (!g) {
            return -EFAULT;
        }
        memcpy(g, old, sizeof(old));
    }
    return r;
}

static void frame_write_fpsimd(CPUARMState *env, uint8_t *rec)
{
    uint32_t hdr[4] = { G_FPSIMD_MAGIC, G_FPSIMD_SIZE, env->fpsr, env->fpcr };

    memcpy(rec, hdr, sizeof(hdr));
    memcpy(rec + 16, env->vregs, sizeof(env->vregs));
    memset(rec + G_FPSIMD_SIZE, 0, 8);        /* terminator record */
}

/* Fill the frame at host @f; the caller guards against faults. */
static void frame_fill(UserThread *t, uint8_t *f, int sig, uint64_t mask)
{
    CPUARMState *env = &t->cpu->env;
    uint8_t *uc = f + FR_UC, *sc = uc + UC_MCONTEXT;
    uint64_t hdr[2] = { 0, 0 }, pstate = env->nzcv;

    memcpy(f + FR_INFO, t->pending_info[sig], 128);
    memcpy(uc, hdr, sizeof(hdr));
    altstack_to_guest(t, (uint64_t *)(uc + UC_STACK));
    memcpy(uc + UC_SIGMASK, &mask, 8);
    memset(uc + UC_SIGMASK + 8, 0, UC_MCONTEXT - UC_SIGMASK - 8);
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
        sig == SIGTRAP || sig == SIGFPE) {
        memcpy(sc + SC_FAULT_ADDR, t->pending_info[sig] + 16, 8);
    } else {
        memset(sc + SC_FAULT_ADDR, 0, 8);
    }
    memcpy(sc + SC_REGS, env->xregs, 31 * 8);
    memcpy(sc + SC_SP, &env->xregs[A64_REG_SP], 8);
    memcpy(sc + SC_PC, &env->pc, 8);
    memcpy(sc + SC_PSTATE, &pstate, 8);
    frame_write_fpsimd(env, sc + SC_RESERVED);
}

/* Build the frame and enter the handler; false if the stack is bad. */
static bool frame_setup(UserThread *t, int sig, const GuestSigaction *ga,
                        uint64_t mask)
{
    CPUARMState *env = &t->cpu->env;
    LinuxUser *u = t->u;
    uint64_t sp = env->xregs[A64_REG_SP], rec, frame;
    uint64_t fr[2] = { env->xregs[29], env->xregs[30] };

    if ((ga->flags & G_SA_ONSTACK) && t->ss_size && !on_altstack(t, sp)) {
        sp = t->ss_sp + t->ss_size;
    }
    rec = (sp - 16) & ~15ull;
    frame = rec - FRAME_SIZE;
    if (!guest_range_ok(u, frame, sp - frame)) {
        return false;
    }
    t->jmp_mode = USER_JMP_ACCESS;
    if (sigsetjmp(t->jmp, 0)) {
        t->jmp_mode = USER_JMP_NONE;
        return false;
    }
    frame_fill(t, g2h(u, frame), sig, mask);
    memcpy(g2h(u, rec), fr, sizeof(fr));
    t->jmp_mode = USER_JMP_NONE;
    if (t->ss_flags & G_SS_AUTODISARM) {
        t->ss_sp = t->ss_size = 0;
    }
    env->xregs[0] = sig;
    env->xregs[1] = frame + FR_INFO;
    env->xregs[2] = frame + FR_UC;
    env->xregs[29] = rec;
    env->xregs[30] = (ga->flags & G_SA_RESTORER) ? ga->restorer :
                     sigreturn_tramp;
    env->xregs[A64_REG_SP] = frame;
    env->pc = ga->handler;
    return true;
}

static bool sig_default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
           sig == SIGCONT;
}

static void handle_one(UserThread *t, int sig, bool forced)
{
    LinuxUser *u = t->u;
    uint64_t mask = t->has_saved_mask ? t->saved_mask : t->sigmask;
    GuestSigaction ga;

    g_mutex_lock(&u->lock);
    ga = u->sigact[sig];
    if (ga.handler > 1 && (ga.flags & G_SA_RESETHAND)) {
        u->sigact[sig].handler = 0;
        mirror_disposition(u, sig);
    }
    g_mutex_unlock(&u->lock);
    if (forced && (ga.handler == 1 || (t->sigmask & SIGBIT(sig)))) {
        ga.handler = 0;         /* as Linux: a blocked/ignored fault kills */
    }
    if (ga.handler == 1 || (ga.handler == 0 && sig_default_ignored(sig))) {
        return;
    }
    if (ga.handler == 0) {
        if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) {
            syscall(SYS_tgkill, getpid(), t->tid, sig);
            return;
        }
        user_die_by_signal(sig);
    }
    if (t->restart_syscall && (ga.flags & G_SA_RESTART)) {
        t->cpu->env.pc -= 4;
        t->cpu->env.xregs[0] = t->syscall_x0;
    }
    t->restart_syscall = false;
    if (!frame_setup(t, sig, &ga, mask)) {
        user_die_by_signal(SIGSEGV);
    }
    t->has_saved_mask = false;
    t->sigmask |= ga.mask | ((ga.flags & G_SA_NODEFER) ? 0 : SIGBIT(sig));
    t->sigmask &= ~UNBLOCKABLE;
    user_signal_set_host_mask(t->sigmask);
}

void user_signal_deliver(UserThread *t)
{
    t->sig_fresh = 0;
    for (;;) {
        uint64_t ready = t->pending & ~t->sigmask, old;
        int sig;

        if (!ready) {
            break;
        }
        sig = __builtin_ctzll(ready) + 1;
        host_block_all(&old);
        __atomic_and_fetch(&t->pending, ~SIGBIT(sig), __ATOMIC_SEQ_CST);
        host_restore(&old);
        handle_one(t, sig, false);
    }
    t->restart_syscall = false;
    if (t->has_saved_mask) {
        t->has_saved_mask = false;
        t->sigmask = t->saved_mask;
        user_signal_set_host_mask(t->sigmask);
    }
}

void user_signal_raise_sync(UserThread *t, int sig, int code, uint64_t addr)
{
    int32_t hdr[4] = { sig, 0, code, 0 };

    memset(t->pending_info[sig], 0, 128);
    memcpy(t->pending_info[sig], hdr, sizeof(hdr));
    memcpy(t->pending_info[sig] + 16, &addr, 8);
    t->restart_syscall = false;
    handle_one(t, sig, true);
}

static bool frame_restore(UserThread *t, const uint8_t *f)
{
    CPUARMState *env = &t->cpu->env;
    const uint8_t *uc = f + FR_UC, *sc = uc + UC_MCONTEXT;
    const uint8_t *rec = sc + SC_RESERVED;
    uint64_t pstate, mask;
    uint32_t hdr[4];

    memcpy(env->xregs, sc + SC_REGS, 31 * 8);
    memcpy(&env->xregs[A64_REG_SP], sc + SC_SP, 8);
    memcpy(&env->pc, sc + SC_PC, 8);
    memcpy(&pstate, sc + SC_PSTATE, 8);
    env->nzcv = pstate & 0xf0000000u;
    memcpy(hdr, rec, sizeof(hdr));
    if (hdr[0] != G_FPSIMD_MAGIC || hdr[1] != G_FPSIMD_SIZE) {
        return false;
    }
    env->fpsr = hdr[2];
    env->fpcr = hdr[3];
    memcpy(env->vregs, rec + 16, sizeof(env->vregs));
    memcpy(&mask, uc + UC_SIGMASK, 8);
    t->sigmask = mask & ~UNBLOCKABLE;
    user_signal_set_host_mask(t->sigmask);
    altstack_set(t, (const uint64_t *)(uc + UC_STACK));
    return true;
}

static int64_t sys_rt_sigreturn(LinuxUser *u, const uint64_t *a)
{
    UserThread *t = user_thread_self();
    uint64_t frame = t->cpu->env.xregs[A64_REG_SP];

    if ((frame & 15) || !guest_range_ok(u, frame, FRAME_SIZE) ||
        !frame_restore(t, g2h(u, frame))) {
        qemu_log_mask(LOG_GUEST_ERROR, "rt_sigreturn: bad frame at 0x%"
                      PRIx64 "\n", frame);
        user_signal_raise_sync(t, SIGSEGV, 0 /* SI_KERNEL-ish */, 0);
        return t->cpu->env.xregs[0];
    }
    /* The dispatcher stores the result in X0: give back the saved X0. */
    return t->cpu->env.xregs[0];
}

static int64_t sys_kill(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_kill, (pid_t)a[0], (int)a[1]));
}

static int64_t sys_tkill(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_tkill, (pid_t)a[0], (int)a[1]));
}

static int64_t sys_tgkill(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_tgkill, (pid_t)a[0], (pid_t)a[1],
                                 (int)a[2]));
}

static int64_t sys_rt_sigqueueinfo(LinuxUser *u, const uint64_t *a)
{
    void *info = user_ptr(u, a[2], 128);

    if (!info) {
        return -EFAULT;
    }
    return user_host_ret(syscall(SYS_rt_sigqueueinfo, (pid_t)a[0],
                                 (int)a[1], info));
}

const SyscallDef user_syscalls_signal[] = {
    { 129, "kill", sys_kill, "dS" },
    { 130, "tkill", sys_tkill, "dS" },
    { 131, "tgkill", sys_tgkill, "ddS" },
    { 132, "sigaltstack", sys_sigaltstack, "pp" },
    { 133, "rt_sigsuspend", sys_rt_sigsuspend, "pd" },
    { 134, "rt_sigaction", sys_rt_sigaction, "Sppd" },
    { 135, "rt_sigprocmask", sys_rt_sigprocmask, "dppd" },
    { 136, "rt_sigpending", sys_rt_sigpending, "pd" },
    { 137, "rt_sigtimedwait", sys_rt_sigtimedwait, "pppd" },
    { 138, "rt_sigqueueinfo", sys_rt_sigqueueinfo, "dSp" },
    { 139, "rt_sigreturn", sys_rt_sigreturn, "" },
};
const size_t user_n_syscalls_signal = G_N_ELEMENTS(user_syscalls_signal);
