/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry of the test guests.  The board enters in 64-bit mode with RSP at
 * a usable stack and RDI pointing to the command line (docs/pc-boot.md),
 * which is already the C calling convention for guest_main(cmdline).
 */
    .section .text.start, "ax"
    .globl _start
_start:
    and $-16, %rsp
    call guest_main
1:  cli
    hlt
    jmp 1b

    .section .note.GNU-stack, "", @progbits
