/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * User-mode test programs for aarch64 (position-independent, no literal
 * pools: user_run copies them to a user page).  System calls: SVC #0,
 * number in x8, arguments x0..x4, result in x0.  guest/tests/user.c and
 * guest/tests/ipi-defer.c run them.
 */
#define SYS_EXIT    0
#define SYS_WRITE   1
#define SYS_GETCPU  2
#define SYS_ADD     3
#define SYS_PROBE   4
#define SYS_USER_IRQS 5
#define SHARED_OFF  0x20000

    .section .rodata
    .balign 4

/* Writes a line, checks SYS_ADD and preserved registers; exit 42. */
    .globl uprog_hello, uprog_hello_end
uprog_hello:
    adr x0, 3f
    mov x1, #(4f - 3f)
    mov x8, #SYS_WRITE
    svc #0
    cmp x0, #(4f - 3f)
    b.ne 2f
    movz x19, #0x5a5a
    movk x19, #0x5a5a, lsl #16
    mov x0, #1
    mov x1, #2
    mov x2, #3
    mov x3, #4
    mov x4, #5
    mov x8, #SYS_ADD
    svc #0
    cmp x0, #15
    b.ne 2f
    movz x1, #0x5a5a
    movk x1, #0x5a5a, lsl #16
    cmp x19, x1
    b.ne 2f
    mov x0, #42
1:  mov x8, #SYS_EXIT
    svc #0
2:  mov x0, #1
    b 1b
3:  .ascii "hello from user mode\n"
4:
    .balign 4
uprog_hello_end:

/* Masking interrupts at EL0 (SCTLR_EL1.UMA = 0) traps: killed. */
    .globl uprog_cli, uprog_cli_end
uprog_cli:
    msr daifset, #2
    mov x0, #0
    mov x8, #SYS_EXIT
    svc #0
uprog_cli_end:

/* Reading the kernel image from EL0: data abort, killed. */
    .globl uprog_kread, uprog_kread_end
uprog_kread:
    movz x0, #0xffff, lsl #48
    movk x0, #0xffff, lsl #32
    movk x0, #0xc020, lsl #16
    ldr x0, [x0]
    mov x0, #0
    mov x8, #SYS_EXIT
    svc #0
uprog_kread_end:

/*
 * Spins at EL0 until 3 interrupts have arrived in user mode (asking the
 * kernel between rounds of 100000 iterations, at most 5000 rounds);
 * exits with the count.
 */
    .globl uprog_spin, uprog_spin_end
uprog_spin:
    mov x8, #SYS_USER_IRQS
    svc #0
    mov x19, x0                         /* count at the start */
    mov x20, #5000
1:  movz x2, #0x86a0
    movk x2, #0x1, lsl #16              /* 100000 */
2:  subs x2, x2, #1
    b.ne 2b
    mov x8, #SYS_USER_IRQS
    svc #0
    sub x0, x0, x19
    cmp x0, #3
    b.hs 3f
    subs x20, x20, #1
    b.ne 1b
3:  mov x8, #SYS_EXIT
    svc #0
uprog_spin_end:

/*
 * The isolated CPU's loop of the IPI-deferral experiment: spins at EL0
 * on the shared page (generation at +0, stop at +8) and enters the
 * kernel (SYS_PROBE) only when the generation changes.
 */
    .globl uprog_isol, uprog_isol_end
uprog_isol:
    adr x19, uprog_isol
    add x19, x19, #(SHARED_OFF >> 12), lsl #12
    mov x20, #0
1:  yield
    ldr x0, [x19, #8]
    cbnz x0, 2f
    ldr x0, [x19]
    cmp x0, x20
    b.eq 1b
    mov x20, x0
    mov x8, #SYS_PROBE
    svc #0
    b 1b
2:  mov x8, #SYS_GETCPU
    svc #0
    mov x8, #SYS_EXIT
    svc #0
uprog_isol_end:

    .section .note.GNU-stack, "", @progbits
