/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry of the aarch64 guest kernel.  The image starts with the arm64
 * Linux Image header, so a board loads it like Linux (at RAM base +
 * 2 MiB, DTB address in x0); the ELF entry point is the same code (x0
 * is then not a DTB: the virt machine's tree at the RAM base is used).
 * At EL2 the CPU drops to EL1.  With the MMU off, the boot tables map
 * the first 4 GiB at 0 (identity), at the direct map and the image at
 * KERNEL_VMA + physical; then the MMU goes on and the code continues
 * at its link address.  Secondary CPUs (PSCI CPU_ON) enter at
 * secondary_entry with their CPU number in x0.
 */
#include "arch/memlayout.h"

#define SCTLR_RES1      ((1 << 29) | (1 << 28) | (1 << 23) | (1 << 22) | \
                         (1 << 20) | (1 << 11))
#define SCTLR_MMU_ON    (SCTLR_RES1 | (1 << 12) | (1 << 3) | (1 << 2) | 1)
/* T0SZ = T1SZ = 16, WB WA inner shareable walks, TG0 4K, TG1 4K */
#define TCR_BASE        (16 | (1 << 8) | (1 << 10) | (3 << 12) | \
                         (16 << 16) | (1 << 24) | (1 << 26) | (3 << 28) | \
                         (2 << 30))
/* attr0 Device-nGnRnE, attr1 Normal WB, attr2 Normal non-cacheable */
#define MAIR_VALUE      0x44ff00
#define BLK_NORMAL      0x705           /* AF, inner shareable, attr1 */
#define BLK_DEVICE      0x60000000000401 /* AF, attr0, UXN, PXN */
#define FDT_MAGIC_LE    0xedfe0dd0

    .section .text.head, "ax"
    .globl _head
_head:
    b start                             /* code0 */
    .long 0                             /* code1 */
    .quad 0x200000                      /* text_offset */
    .quad _image_size                   /* image_size */
    .quad 2                             /* little-endian, 4 KiB pages */
    .quad 0, 0, 0
    .ascii "ARM\x64"                    /* magic */
    .long 0

/* Leave EL2 for EL1 (no-op at EL1); clobbers x1. */
.macro drop_to_el1
    mrs x1, CurrentEL
    cmp x1, #(2 << 2)
    b.ne 8f
    mov x1, #(1 << 31)                  /* HCR_EL2.RW: EL1 is AArch64 */
    msr hcr_el2, x1
    mrs x1, cnthctl_el2
    orr x1, x1, #3                      /* EL1 may use the counters */
    msr cnthctl_el2, x1
    msr cntvoff_el2, xzr
    mrs x1, s3_4_c12_c9_5               /* ICC_SRE_EL2 */
    orr x1, x1, #1                      /* SRE */
    orr x1, x1, #8                      /* Enable: EL1 may use SRE */
    msr s3_4_c12_c9_5, x1
    isb
    mov x1, #0x3c5                      /* EL1h, DAIF masked */
    msr spsr_el2, x1
    adr x1, 8f
    msr elr_el2, x1
    eret
8:
.endm

/* Load the boot tables and turn the MMU on; clobbers x1-x3. */
.macro mmu_on
    ldr x1, =MAIR_VALUE
    msr mair_el1, x1
    mrs x2, id_aa64mmfr0_el1
    and x2, x2, #7                      /* PARange -> TCR.IPS */
    ldr x1, =TCR_BASE
    orr x1, x1, x2, lsl #32
    msr tcr_el1, x1
    adrp x1, boot_l0_lo
    msr ttbr0_el1, x1
    adrp x1, boot_l0_hi
    msr ttbr1_el1, x1
    isb
    tlbi vmalle1
    dsb nsh
    ldr x1, =SCTLR_MMU_ON
    msr sctlr_el1, x1
    isb
.endm

start:
    mov x20, x0
    mrs x22, CurrentEL
    drop_to_el1
    msr daifset, #0xf
    /* x0 is the DTB if it has the magic, else the RAM base */
    mov x21, #0
    mov x1, #VIRT_RAM_BASE
    cbz x20, 1f
    ldr w2, [x20]
    ldr w3, =FDT_MAGIC_LE
    cmp w2, w3
    b.ne 1f
    mov x21, #1
    b 2f
1:  mov x20, x1
2:
    /* boot tables (in .data: zero in the file, no .bss clearing yet) */
    adrp x4, boot_l1
    adrp x5, boot_l1_k
    adrp x6, boot_l0_lo
    adrp x7, boot_l0_hi
    orr x1, x4, #3
    str x1, [x6]                        /* TTBR0 slot 0: identity */
    str x1, [x7, #(256 * 8)]            /* TTBR1 slot 256: direct map */
    orr x1, x5, #3
    str x1, [x7, #(511 * 8)]            /* TTBR1 slot 511: the image */
    ldr x1, =BLK_DEVICE
    str x1, [x4]                        /* 0 .. 1 GiB: devices */
    str x1, [x5, #(510 * 8)]
    ldr x1, =BLK_NORMAL
    mov x2, #(1 << 30)
    orr x3, x1, x2
    str x3, [x4, #8]                    /* 1 .. 4 GiB: RAM */
    str x3, [x5, #(511 * 8)]
    add x3, x3, x2
    str x3, [x4, #16]
    add x3, x3, x2
    str x3, [x4, #24]
    dsb sy
    mmu_on
    ldr x1, =high_start
    br x1

high_start:
    ldr x1, =boot_stack_top
    mov sp, x1
    ldr x1, =vectors
    msr vbar_el1, x1
    isb
    /* clear .bss */
    ldr x1, =__bss_start
    ldr x2, =_end
3:  cmp x1, x2
    b.hs 4f
    stp xzr, xzr, [x1], #16
    b 3b
4:  ldr x1, =boot_dtb_pa
    str x20, [x1]
    ldr x1, =boot_dtb_from_x0
    str x21, [x1]
    lsr x22, x22, #2
    ldr x1, =boot_el
    str x22, [x1]
    ldr x0, =0xd00dfeed                 /* FDT_BOOT_MAGIC */
    mov x1, x20
    mov x2, #0
    bl kmain
5:  wfi
    b 5b

    .globl secondary_entry
secondary_entry:
    mov x19, x0
    drop_to_el1
    msr daifset, #0xf
    mmu_on
    ldr x1, =secondary_high
    br x1

secondary_high:
    ldr x1, =ap_stacks
    ldr x2, [x1, x19, lsl #3]
    mov sp, x2
    ldr x1, =vectors
    msr vbar_el1, x1
    isb
    mov x0, x19
    bl ap_main
6:  wfi
    b 6b
    .ltorg

    .data
    .balign 4096
    .globl boot_l0_lo, boot_l0_hi
boot_l0_lo:
    .fill 512, 8, 0
boot_l0_hi:
    .fill 512, 8, 0
boot_l1:
    .fill 512, 8, 0
boot_l1_k:
    .fill 512, 8, 0

    .bss
    .balign 16
boot_stack:
    .fill 16384, 1, 0
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
