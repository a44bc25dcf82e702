/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Start-up code of the application processors.  trampoline_start ..
 * trampoline_end is copied to TRAMPOLINE_PHYS; a STARTUP IPI with vector
 * TRAMPOLINE_PHYS >> 12 starts an AP there in real mode (CS = 0x7000,
 * IP = 0).  It switches straight to long mode on the boot page tables
 * (which identity-map the low 1 GiB), takes a CPU number, and jumps to
 * ap_entry in the higher half.  The boot CPU fills in tr_cr3, tr_efer
 * and tr_stacks before sending the IPIs.
 */
#include "arch/memlayout.h"

#define TR(x)       ((x) - trampoline_start)
#define TR_ABS(x)   (TRAMPOLINE_PHYS + TR(x))

    .text
    .code16
    .globl trampoline_start
trampoline_start:
    cli
    cld
    mov %cs, %ax
    mov %ax, %ds
    lgdtl TR(tr_gdt_ptr)
    mov %cr4, %eax
    or $0x20, %eax                      /* PAE */
    mov %eax, %cr4
    movl TR(tr_cr3), %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx
    movl TR(tr_efer), %eax
    xor %edx, %edx
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax                /* PG | WP | PE */
    mov %eax, %cr0
    ljmpl $0x08, $TR_ABS(tr_long)

    .code64
tr_long:
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov $1, %eax
    lock xadd %eax, TR_ABS(tr_count)
    lea 1(%rax), %edi                   /* this CPU's number */
    mov TR_ABS(tr_stacks), %rbx
    mov (%rbx, %rdi, 8), %rsp
    movabs $ap_entry, %rax
    jmp *%rax

    .balign 8
tr_gdt:
    .quad 0
    .quad 0x00af9b000000ffff            /* 0x08: 64-bit code */
    .quad 0x00cf93000000ffff            /* 0x10: data */
tr_gdt_ptr:
    .word 23
    .long TR_ABS(tr_gdt)
    .balign 8
    .globl tr_cr3, tr_efer, tr_count, tr_stacks
tr_cr3:
    .quad 0
tr_efer:
    .quad 0
tr_count:
    .long 0
    .long 0
tr_stacks:
    .quad 0
    .globl trampoline_end
trampoline_end:

/* ap_entry(cpu): on the higher half; switch to the kernel's tables. */
ap_entry:
    lgdt boot_gdt_ptr
    mov kernel_cr3(%rip), %rax
    mov %rax, %cr3
    xor %ebp, %ebp
    call ap_main
1:  cli
    hlt
    jmp 1b

    .section .note.GNU-stack, "", @progbits
