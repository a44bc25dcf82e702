/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest signals: handlers with siginfo, masks and pending signals, the
 * alternate stack, SIGSEGV/SIGBUS-style faults with si_addr (recovered by
 * siglongjmp and by fixing the page and returning), SIGILL and SIGTRAP,
 * SIGALRM, registers and FP state kept across a handler, SA_RESETHAND.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile int got_code;
static volatile pid_t got_pid;
static void *volatile got_addr;
static volatile int on_alt;
static sigjmp_buf jb;
static char *altstack;

static void on_usr(int sig, siginfo_t *si, void *uc)
{
    char local;

    got = sig;
    got_code = si->si_code;
    got_pid = si->si_pid;
    on_alt = altstack && &local >= altstack && &local < altstack + 65536;
}

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    got = sig;
    got_code = si->si_code;
    got_addr = si->si_addr;
    siglongjmp(jb, 1);
}

static char *page;

/* Make the page writable and return: the store is retried. */
static void on_fix(int sig, siginfo_t *si, void *uc)
{
    got = sig;
    got_addr = si->si_addr;
    mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void test_kill_and_mask(void)
{
    sigset_t set, pend;

    install(SIGUSR1, on_usr, 0);
    kill(getpid(), SIGUSR1);
    printf("kill: sig=%d code=%d pid_ok=%d\n", got, got_code,
           got_pid == getpid());
    got = 0;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: got=%d pending=%d\n", got, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    printf("unblocked: got=%d code=%d\n", got, got_code);
}

static void test_altstack(void)
{
    stack_t ss = { 0 }, old;

    altstack = malloc(65536);
    ss.ss_sp = altstack;
    ss.ss_size = 65536;
    sigaltstack(&ss, NULL);
    install(SIGUSR2, on_usr, SA_ONSTACK);
    got = 0;
    raise(SIGUSR2);
    sigaltstack(NULL, &old);
    printf("altstack: sig=%d on_alt=%d size=%zu flags=%d\n", got, on_alt,
           old.ss_size, old.ss_flags);
}

static void test_segv(void)
{
    volatile int *bad = (volatile int *)0x10;

    install(SIGSEGV, on_fault, 0);
    got = 0;
    if (!sigsetjmp(jb, 1)) {
        *bad = 42;
        printf("no fault?\n");
    }
    printf("segv: sig=%d code=%d addr=%p\n", got, got_code, (void *)got_addr);
    got = 0;
    if (!sigsetjmp(jb, 1)) {
        (void)*(volatile long *)0xdead000;
    }
    printf("segv read: sig=%d addr=%p\n", got, (void *)got_addr);
}

static void test_fix_and_return(void)
{
    volatile int x = 5, y = 7;

    page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    install(SIGSEGV, on_fix, 0);
    got = 0;
    x = x + 1;
    ((volatile char *)page)[100] = (char)(x + y);
    y = y * 2;
    printf("fixed: sig=%d offset=%ld value=%d x=%d y=%d\n", got,
           (long)((char *)got_addr - page), page[100], x, y);
}

static void test_ill_trap(void)
{
    install(SIGILL, on_fault, 0);
    got = 0;
    if (!sigsetjmp(jb, 1)) {
        asm volatile(".inst 0x00000000");   /* UDF #0 */
    }
    printf("ill: sig=%d\n", got);
    install(SIGTRAP, on_fault, 0);
    got = 0;
    if (!sigsetjmp(jb, 1)) {
        asm volatile("brk #3");
    }
    printf("trap: sig=%d\n", got);
}

static volatile double fp_in_handler;

static void on_alarm(int sig)
{
    volatile double d = 1.5;

    got = sig;
    fp_in_handler = d * d;
}

static void test_alarm_and_state(void)
{
    volatile double keep = 3.25;
    uint64_t r19 = 0x1122334455667788ull, out;

    struct itimerval it = { { 0, 0 }, { 0, 20000 } };

    signal(SIGALRM, on_alarm);
    got = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    while (!got) {
        pause();
    }
    asm volatile("mov x19, %1\n"
                 "mov x8, #129\n"       /* kill(getpid(), SIGALRM) */
                 "mov x1, #14\n"
                 "mov x0, %2\n"
                 "svc #0\n"
                 "mov %0, x19\n"
                 : "=r"(out) : "r"(r19), "r"((long)getpid())
                 : "x0", "x1", "x8", "x19", "memory");
    printf("alarm: sig=%d fp=%g keep=%g x19_ok=%d\n", got, fp_in_handler,
           keep, out == r19);
}

static void test_resethand(void)
{
    struct sigaction sa, cur;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    sigaction(SIGUSR1, NULL, &cur);
    printf("resethand: default_now=%d\n", cur.sa_handler == SIG_DFL);
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    printf("ignored: still here\n");
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    test_kill_and_mask();
    test_altstack();
    test_segv();
    test_fix_and_return();
    test_ill_trap();
    test_alarm_and_state();
    test_resethand();
    /* Default action: die by SIGTERM, status -15 for the harness. */
    signal(SIGTERM, SIG_DFL);
    raise(SIGTERM);
    printf("not reached\n");
    return 0;
}
