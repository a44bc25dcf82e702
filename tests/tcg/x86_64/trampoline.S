/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AP start-up code of the SMP guest.  The BSP copies tramp_start ..
 * tramp_end to TRAMP_BASE (0x10000) and sends INIT-SIPI-SIPI with vector
 * 0x10; an AP starts here in real mode at 1000:0000, switches to 32-bit
 * protected mode, enables PAE paging with the board's identity tables
 * (CR3 = 0x2000, docs/pc-boot.md) and long mode, then calls
 * ap_main(apic_id) on its own stack (ap_stacks + (id + 1) * 4096).
 */
#define TRAMP_BASE 0x10000
#define ABS(x) (TRAMP_BASE + (x) - tramp_start)

    .text
    .globl tramp_start, tramp_end
    .code16
tramp_start:
    cli
    mov %cs, %ax
    mov %ax, %ds
    lgdtl tramp_gdt_ptr - tramp_start
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl $0x18, $ABS(pm32)

    .code32
pm32:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr4, %eax
    or $0x20, %eax              /* PAE */
    mov %eax, %cr4
    mov $0x2000, %eax
    mov %eax, %cr3
    mov $0xc0000080, %ecx       /* EFER.LME */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax        /* PG: long mode, compatibility */
    mov %eax, %cr0
    ljmp $0x08, $ABS(lm64)

    .code64
lm64:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $0xfee00020, %ebx       /* xAPIC ID register */
    mov (%rbx), %edi
    shr $24, %edi
    lea 1(%rdi), %rcx
    shl $12, %rcx
    mov $ap_stacks, %rsp
    add %rcx, %rsp
    mov $ap_main, %rax
    call *%rax
1:  cli
    hlt
    jmp 1b

    .balign 8
tramp_gdt:
    .quad 0
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit code (as the BSP's) */
    .quad 0x00cf92000000ffff    /* 0x10: flat data */
    .quad 0x00cf9a000000ffff    /* 0x18: 32-bit code */
tramp_gdt_ptr:
    .word 31
    .long ABS(tramp_gdt)
tramp_end:

    .section .note.GNU-stack, "", @progbits
