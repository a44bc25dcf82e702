/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Interrupt entry stubs for the APIC and SMP guests: isr_stub_table[v]
 * is the entry of vector v (0..255).  Each pushes a dummy error code
 * (except the vectors where the CPU pushes one) and the vector, saves
 * the caller-saved registers and RBX (CPUID emulation in a #VC handler
 * sets it) and calls isr_dispatch(IsrFrame *), then returns with IRETQ.
 * Vector 29 (#VC, SEV-ES) has a CPU-pushed error code.
 */
    .text
    .altmacro

    .macro stub v
isr_\v:
    .if (\v == 8) || ((\v >= 10) && (\v <= 14)) || (\v == 17) || (\v == 21) || (\v == 29)
    .else
    push $0
    .endif
    push $\v
    jmp isr_common
    .endm

    .macro entry v
    .quad isr_\v
    .endm

    .set i, 0
    .rept 256
    stub %i
    .set i, i + 1
    .endr

isr_common:
    push %rax
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %r8
    push %r9
    push %r10
    push %r11
    push %rbp
    push %rbx
    mov %rsp, %rdi
    mov %rsp, %rbp
    and $-16, %rsp
    call isr_dispatch
    mov %rbp, %rsp
    pop %rbx
    pop %rbp
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rax
    add $16, %rsp
    iretq

    .section .rodata
    .globl isr_stub_table
    .balign 8
isr_stub_table:
    .set i, 0
    .rept 256
    entry %i
    .set i, i + 1
    .endr

    .section .note.GNU-stack, "", @progbits
