/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Blocking host syscalls that cannot miss a guest signal.
 *
 * A guest signal is caught on the host, queued, and delivered by the CPU
 * loop between guest instructions.  If it arrives after the loop's last
 * check but before a blocking host syscall starts, that syscall would
 * sleep with the signal undelivered.  user_safe_syscall() closes the
 * window: it tests the thread's sig_fresh flag and issues the syscall in
 * a short assembly sequence; the host signal handler, seeing the
 * interrupted host PC between the test and the syscall instruction,
 * moves it to a path returning -EINTR (user_safe_syscall_rewind()).  A
 * signal arriving during the syscall interrupts it (the host handlers
 * have no SA_RESTART), so it returns -EINTR as well; the CPU loop then
 * delivers the signal and restarts the syscall for SA_RESTART handlers.
 *
 * x86-64 hosts only; elsewhere a plain check-then-syscall keeps the
 * (small) window open.
 */
#include "qemu/osdep.h"
#include "user.h"

#include <sys/syscall.h>
#include <ucontext.h>

#if defined(__x86_64__)

/*
 * long user_safe_syscall_base(volatile int *flag, long nr, long a1,
 *                             long a2, long a3, long a4, long a5, long a6)
 * Returns the raw kernel result (-errno on failure).
 */
asm(".text\n"
    ".globl user_safe_syscall_base\n"
    ".type user_safe_syscall_base, @function\n"
    "user_safe_syscall_base:\n"
    "    .cfi_startproc\n"
    "    push %rbp\n"
    "    .cfi_adjust_cfa_offset 8\n"
    "    mov %rdi, %rbp\n"
    "    mov %rsi, %rax\n"
    "    mov %rdx, %rdi\n"
    "    mov %rcx, %rsi\n"
    "    mov %r8, %rdx\n"
    "    mov %r9, %r10\n"
    "    mov 16(%rsp), %r8\n"
    "    mov 24(%rsp), %r9\n"
    ".globl user_safe_syscall_start\n"
    "user_safe_syscall_start:\n"
    "    cmpl $0, (%rbp)\n"
    "    jnz user_safe_syscall_interrupted\n"
    "    syscall\n"
    ".globl user_safe_syscall_end\n"
    "user_safe_syscall_end:\n"
    "    pop %rbp\n"
    "    .cfi_adjust_cfa_offset -8\n"
    "    ret\n"
    "    .cfi_adjust_cfa_offset 8\n"
    ".globl user_safe_syscall_interrupted\n"
    "user_safe_syscall_interrupted:\n"
    "    mov $-4, %rax\n"           /* -EINTR */
    "    pop %rbp\n"
    "    .cfi_adjust_cfa_offset -8\n"
    "    ret\n"
    "    .cfi_endproc\n"
    ".size user_safe_syscall_base, .-user_safe_syscall_base\n");

long user_safe_syscall_base(volatile int *flag, long nr, long a1, long a2,
                            long a3, long a4, long a5, long a6);
extern const char user_safe_syscall_start[];
extern const char user_safe_syscall_end[];
extern const char user_safe_syscall_interrupted[];

void user_safe_syscall_rewind(void *ucv)
{
    ucontext_t *uc = ucv;
    uintptr_t pc = uc->uc_mcontext.gregs[REG_RIP];

    if (pc >= (uintptr_t)user_safe_syscall_start &&
        pc < (uintptr_t)user_safe_syscall_end) {
        uc->uc_mcontext.gregs[REG_RIP] =
            (uintptr_t)user_safe_syscall_interrupted;
    }
}

#else

static long user_safe_syscall_base(volatile int *flag, long nr, long a1,
                                   long a2, long a3, long a4, long a5,
                                   long a6)
{
    long r;

    if (*flag) {
        return -EINTR;
    }
    r = syscall(nr, a1, a2, a3, a4, a5, a6);
    return r < 0 ? -errno : r;
}

void user_safe_syscall_rewind(void *ucv)
{
}

#endif

int64_t user_safe_syscall(long nr, long a1, long a2, long a3, long a4,
                          long a5, long a6)
{
    UserThread *t = user_thread_self();

    return user_safe_syscall_base(&t->sig_fresh, nr, a1, a2, a3, a4, a5,
                                  a6);
}
