/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry of the x86 benchmark guest.  A Multiboot v1 image (a.out kludge
 * header, so this ELF64 file boots with -kernel on our pc machine and on
 * QEMU's): entered in 32-bit protected mode with paging off, it loads its
 * own GDT, builds 4-level page tables (the first GiB identity-mapped with
 * 2 MiB pages; the second GiB's first 2 MiB left to bench.c, which maps a
 * window there with 4 KiB pages), enables PAE, long mode and paging, and
 * calls bench_main(mbi) in 64-bit mode.
 */
#define MB_MAGIC    0x1BADB002
#define MB_FLAGS    0x00010003  /* page-align, memory info, a.out kludge */
#define CODE32      0x08
#define DATA        0x10
#define CODE64      0x18
#define PTE_P_W     0x003
#define PDE_2M      0x083       /* present, writable, page size */
#define MSR_EFER    0xc0000080
#define EFER_LME    0x100
#define CR4_PAE     0x20
#define CR0_PG      0x80000000

    .section .text.start, "ax"
    .code32
    .globl _start
_start:
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long mb_header             /* header_addr */
    .long __load_start          /* load_addr */
    .long __load_end            /* load_end_addr */
    .long __bss_end             /* bss_end_addr */
    .long entry32               /* entry_addr */

entry32:
    mov $stack_top, %esp
    mov %ebx, mbi_ptr
    lgdt gdtr
    ljmp $CODE32, $1f
1:  mov $DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs

    /* PML4[0] -> PDPT; PDPT[0] -> PD (1 GiB of 2 MiB pages) */
    mov $pdpt, %eax
    or $PTE_P_W, %eax
    mov %eax, pml4
    mov $pd, %eax
    or $PTE_P_W, %eax
    mov %eax, pdpt
    mov $pd_win, %eax           /* PDPT[1] -> PD of the 4 KiB window */
    or $PTE_P_W, %eax
    mov %eax, pdpt + 8
    mov $pt_win, %eax           /* PD_WIN[0] -> PT, filled by bench.c */
    or $PTE_P_W, %eax
    mov %eax, pd_win
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $21, %eax
    or $PDE_2M, %eax
    mov %eax, pd(,%ecx,8)
    inc %ecx
    cmp $512, %ecx
    jne 2b

    mov %cr4, %eax
    or $CR4_PAE, %eax
    mov %eax, %cr4
    mov $pml4, %eax
    mov %eax, %cr3
    mov $MSR_EFER, %ecx
    rdmsr
    or $EFER_LME, %eax
    wrmsr
    mov %cr0, %eax
    or $CR0_PG, %eax
    mov %eax, %cr0
    ljmp $CODE64, $entry64

    .code64
entry64:
    mov $DATA, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $stack_top, %rsp
    mov mbi_ptr(%rip), %edi
    call bench_main
3:  cli
    hlt
    jmp 3b

    .section .rodata
    .balign 8
gdt:
    .quad 0
    .quad 0x00cf9a000000ffff    /* 0x08: 32-bit code */
    .quad 0x00cf92000000ffff    /* 0x10: data */
    .quad 0x00af9a000000ffff    /* 0x18: 64-bit code */
gdt_end:
gdtr:
    .word gdt_end - gdt - 1
    .long gdt

    .data
    .balign 4
mbi_ptr:
    .long 0

    .bss
    .balign 4096
    .globl pml4, pdpt, pd, pd_win, pt_win
pml4:   .skip 4096
pdpt:   .skip 4096
pd:     .skip 4096
pd_win: .skip 4096
pt_win: .skip 4096
stack:  .skip 16384
stack_top:

    .section .note.GNU-stack, "", @progbits
