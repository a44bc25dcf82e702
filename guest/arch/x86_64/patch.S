/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The patch site of the IPI-deferral experiment: patch_site() returns the
 * 32-bit immediate of its first instruction, which text_patch() rewrites
 * through the direct map (the text mapping itself is read-only).
 */
    .text
    .balign 16
    .globl patch_site, patch_site_imm
patch_site:
    .byte 0xb8                          /* mov $imm32, %eax */
patch_site_imm:
    .long 0
    ret

    .section .note.GNU-stack, "", @progbits
