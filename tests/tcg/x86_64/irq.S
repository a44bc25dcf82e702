/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IRQ entry for the timer guest: save the caller-saved registers and
 * RBP (used to realign RSP), call the C handler, return with IRETQ.
 */
    .text
    .globl irq_entry
irq_entry:
    push %rbp
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    mov %rsp, %rbp
    and $-16, %rsp
    call irq_handler
    mov %rbp, %rsp
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
    pop %rbp
    iretq

    .section .note.GNU-stack, "", @progbits
