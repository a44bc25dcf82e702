/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The patch site of the IPI-deferral experiment: patch_site() returns
 * the 32-bit value in the immediates of its first two instructions,
 * which arch_patch_site_write() rewrites through the direct map.
 */
    .text
    .balign 16
    .globl patch_site
patch_site:
    movz w0, #0
    movk w0, #0, lsl #16
    ret

    .section .note.GNU-stack, "", @progbits
