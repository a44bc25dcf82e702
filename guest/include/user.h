/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-mode tasks: a program copied to user pages runs at the lowest
 * privilege until it calls SYS_EXIT or faults; user_run() returns its
 * exit status (or USER_KILLED - vector after a fault).
 */
#ifndef GUEST_USER_H
#define GUEST_USER_H

#include "kernel.h"

#define SYS_EXIT            0
#define SYS_WRITE           1       /* (buf, len) -> len */
#define SYS_GETCPU          2       /* () -> CPU number */
#define SYS_ADD             3       /* (a, b, c, d, e) -> a + b + c + d + e */
#define SYS_PROBE           4       /* () -> 0 go on, 1 stop (ipi-defer.h) */
#define SYS_USER_IRQS       5       /* () -> interrupts taken in user mode */
#define USER_KILLED         -1000

#define USER_SHARED_OFF     0x20000

/*
 * Run @len bytes of position-independent code from @code in user mode;
 * if @shared_pa is not 0, that page is mapped read-only USER_SHARED_OFF
 * bytes after the code.
 */
int user_run(const void *code, size_t len, uint64_t shared_pa);
/* Where a killed task's trap returns to (kernel/user.c). */
__noreturn void user_exit_resume(void);
/* System call @nr with arguments @a; returns its result. */
uint64_t syscall_handle(uint64_t nr, const uint64_t a[5]);
/* The arch's SYSCALL handler; the result goes to the frame. */
void syscall_dispatch(TrapFrame *tf);
void user_enter(uint64_t pc, uint64_t sp);

#endif
