/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Trap entry stubs (one per vector, building a TrapFrame for
 * trap_dispatch()), the SYSCALL entry, the return to user mode and the
 * kernel's setjmp/longjmp.
 */
#include "arch/memlayout.h"

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
                      (v) == 21 || (v) == 29 || (v) == 30)

    .text
    .macro stub v
    .balign 16
    .if HAS_ERROR(\v)
    pushq $\v
    .else
    pushq $0
    pushq $\v
    .endif
    jmp trap_common
    .endm

    .balign 16
    .globl trap_stubs
trap_stubs:
    .set v, 0
    .rept 256
    stub v
    .set v, v + 1
    .endr

/* The stubs leave vector at (%rsp) and the error code above it. */
trap_common:
    testb $3, 24(%rsp)                  /* CS of the interrupted code */
    jz 1f
    swapgs
1:  push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    cld
    mov %rsp, %rdi
    mov %rsp, %rbx
    and $-16, %rsp
    /* #VC and NMI have their own C entry points (arch/sev.h) */
    mov 15*8(%rbx), %rax                /* vector */
    cmp $29, %rax
    je 3f
    cmp $2, %rax
    je 4f
    call trap_dispatch
    jmp 5f
3:  call vc_dispatch
    jmp 5f
4:  call nmi_dispatch
5:  mov %rbx, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    testb $3, 24(%rsp)                  /* CS we return to */
    jz 2f
    swapgs
2:  add $16, %rsp
    iretq

/*
 * SYSCALL: RCX = user RIP, R11 = user RFLAGS, RAX = number, arguments in
 * RDI, RSI, RDX, R10, R8.  Builds a TrapFrame on the CPU's kernel stack
 * and calls syscall_dispatch(frame); RAX of the frame is the result.
 */
    .globl syscall_entry
syscall_entry:
    swapgs
    mov %rsp, %gs:16
    mov %gs:8, %rsp
    pushq $0x23                         /* SS: user data | 3 */
    pushq %gs:16                        /* RSP */
    push %r11                           /* RFLAGS */
    pushq $0x2b                         /* CS: user code | 3 */
    push %rcx                           /* RIP */
    pushq $0                            /* error */
    pushq $-1                           /* vector: a system call */
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    call syscall_dispatch
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    mov 16(%rsp), %rcx                  /* RIP */
    mov 32(%rsp), %r11                  /* RFLAGS */
    mov 40(%rsp), %rsp                  /* user RSP */
    swapgs
    sysretq

/* user_enter(rip, rsp): drop to ring 3 with interrupts on. */
    .globl user_enter
user_enter:
    pushq $0x23
    push %rsi
    pushq $0x202
    pushq $0x2b
    push %rdi
    xor %eax, %eax
    xor %ebx, %ebx
    xor %ecx, %ecx
    xor %edx, %edx
    xor %esi, %esi
    xor %edi, %edi
    xor %ebp, %ebp
    xor %r8d, %r8d
    xor %r9d, %r9d
    xor %r10d, %r10d
    xor %r11d, %r11d
    xor %r12d, %r12d
    xor %r13d, %r13d
    xor %r14d, %r14d
    xor %r15d, %r15d
    swapgs
    iretq

/* kernel_setjmp(jb): callee-saved registers, RSP and the return RIP. */
    .globl kernel_setjmp
kernel_setjmp:
    mov %rbx, 0(%rdi)
    mov %rbp, 8(%rdi)
    mov %r12, 16(%rdi)
    mov %r13, 24(%rdi)
    mov %r14, 32(%rdi)
    mov %r15, 40(%rdi)
    lea 8(%rsp), %rax
    mov %rax, 48(%rdi)
    mov (%rsp), %rax
    mov %rax, 56(%rdi)
    xor %eax, %eax
    ret

/* kernel_longjmp(jb, value) */
    .globl kernel_longjmp
kernel_longjmp:
    mov 0(%rdi), %rbx
    mov 8(%rdi), %rbp
    mov 16(%rdi), %r12
    mov 24(%rdi), %r13
    mov 32(%rdi), %r14
    mov 40(%rdi), %r15
    mov 48(%rdi), %rsp
    mov %esi, %eax
    jmp *56(%rdi)

    .section .note.GNU-stack, "", @progbits
