/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SYSCALL ABI of the x86_64 port: number in RAX, arguments in RDI, RSI,
 * RDX, R10, R8, result in RAX (RCX and R11 are clobbered by the CPU).
 */
#include "ipi-defer.h"
#include "user.h"

void syscall_dispatch(TrapFrame *tf)
{
    const uint64_t a[5] = { tf->rdi, tf->rsi, tf->rdx, tf->r10, tf->r8 };
    Cpu *c = this_cpu();

    ct_kernel_enter(c);                 /* before anything else */
    tf->rax = syscall_handle(tf->rax, a);
    ct_user_enter(c);
}
