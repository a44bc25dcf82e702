/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry of the x86_64 guest kernel.  Two ways in:
 *  - Multiboot v1 (a.out kludge, so loaders that refuse ELF64 Multiboot
 *    images still load it): 32-bit protected mode, paging off,
 *    EAX = 0x2badb002, EBX = physical address of the Multiboot info.
 *  - The ELF entry point, for boards that enter ELF64 kernels directly in
 *    64-bit mode (docs/pc-boot.md): RDI = command line, RSI = RAM size,
 *    identity-mapped paging.
 * Both load the boot page tables below (low 1 GiB mapped at 0, at the
 * direct map and at the kernel's link address) and call
 * kmain(magic, info, arg) on the boot stack in the higher half.
 */
#include "arch/memlayout.h"

#define MB_MAGIC        0x1badb002
#define MB_FLAGS        0x00010002      /* memory info, a.out kludge */
#define PHYS(x)         ((x) - KERNEL_VMA)

    .section .multiboot, "a"
    .balign 4
mb_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long PHYS(mb_header)               /* header_addr */
    .long KERNEL_PHYS                   /* load_addr: the ELF header */
    .long PHYS(_edata)                  /* load_end_addr */
    .long PHYS(_end)                    /* bss_end_addr */
    .long PHYS(start32)                 /* entry_addr */

    .section .text.boot, "ax"
    .code32
    .globl start32
start32:
    cli
    cld
    mov %eax, %edi                      /* magic */
    mov %ebx, %esi                      /* Multiboot info */
    /*
     * PAE, then EFER.LME, then paging.  No CPUID here: in an SEV-ES/SNP
     * guest it raises #VC, which needs the handler sev_early_init()
     * installs; that also sets EFER.NXE when the CPU has NX.
     */
    mov %cr4, %eax
    or $0x20, %eax
    mov %eax, %cr4
    mov $PHYS(boot_pml4), %eax
    mov %eax, %cr3
    mov $0x100, %eax
    mov $0xc0000080, %ecx
    xor %edx, %edx
    wrmsr
    mov %cr0, %eax
    or $0x80010001, %eax                /* PG | WP | PE */
    mov %eax, %cr0
    lgdt PHYS(boot_gdt_ptr32)
    ljmp $0x08, $PHYS(start64_low)

    .code64
start64_low:
    mov %edi, %edi                      /* kmain(magic, info, 0) */
    mov %esi, %esi
    xor %edx, %edx
    movabs $start64_high, %rax
    jmp *%rax

    /* Direct 64-bit entry: the ELF entry point (a physical address). */
    .globl entry64
entry64:
    cli
    cld
    mov %rdi, %r8                       /* command line */
    mov $PHYS(boot_pml4), %eax
    mov %rax, %cr3
    mov $0xc0000080, %ecx
    rdmsr
    or $0x800, %eax                     /* NXE (assumed with long mode) */
    and $~0x400, %eax                   /* LMA is read-only */
    wrmsr
    mov %r8, %rdx                       /* kmain(0x64, RAM size, cmdline) */
    mov $0x64, %edi
    movabs $start64_high, %rax
    jmp *%rax

start64_high:
    lgdt boot_gdt_ptr
    mov $0x10, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    xor %eax, %eax
    mov %eax, %fs
    mov %eax, %gs
    movabs $boot_stack_top, %rsp
    pushq $0x08
    movabs $1f, %rax
    pushq %rax
    lretq
1:  xor %ebp, %ebp
    push %rdi
    push %rsi
    push %rdx
    sub $8, %rsp
    call sev_early_init                 /* #VC handler, SEV detection */
    add $8, %rsp
    pop %rdx
    pop %rsi
    pop %rdi
    call kmain
2:  cli
    hlt
    jmp 2b

    /*
     * An AP started by SEV-SNP AP creation (arch/x86_64/smp.c): long
     * mode on the kernel's tables, RSP = its stack, RAX = its number.
     */
    .globl sev_ap_entry
sev_ap_entry:
    cli
    cld
    mov %eax, %edi
    xor %ebp, %ebp
    call ap_main
3:  cli
    hlt
    jmp 3b

    .section .data
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9b000000ffff            /* 0x08: 64-bit code, DPL 0 */
    .quad 0x00cf93000000ffff            /* 0x10: data, DPL 0 */
boot_gdt_end:
    .globl boot_gdt_ptr32
boot_gdt_ptr32:
    .word boot_gdt_end - boot_gdt - 1
    .long PHYS(boot_gdt)
    .balign 8
    .globl boot_gdt_ptr
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .quad boot_gdt

    /*
     * Boot page tables: PML4 slots 0 (identity) and 256 (direct map)
     * share one PDPT; slot 511 maps the kernel at -2 GiB.  One page
     * directory maps the first 1 GiB with 2 MiB pages.
     */
    .balign 4096
    .globl boot_pml4
boot_pml4:
    .quad PHYS(boot_pdpt_low) + 3
    .fill 255, 8, 0
    .quad PHYS(boot_pdpt_low) + 3
    .fill 254, 8, 0
    .quad PHYS(boot_pdpt_high) + 3
boot_pdpt_low:
    .quad PHYS(boot_pd) + 3
    .fill 511, 8, 0
boot_pdpt_high:
    .fill 510, 8, 0
    .quad PHYS(boot_pd) + 3
    .quad 0
boot_pd:
    .set i, 0
    .rept 512
    .quad (i << 21) + 0x83
    .set i, i + 1
    .endr

    .section .bss
    .balign 4096
boot_stack:
    .skip 16384
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
