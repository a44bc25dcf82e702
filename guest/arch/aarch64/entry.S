/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exception vectors (VBAR_EL1), the return to EL0 (user_enter) and the
 * kernel's setjmp/longjmp.  Each of the 16 vector entries saves x0/x1,
 * notes which entry it is and branches to trap_entry, which saves the
 * rest into a TrapFrame (arch/cpu.h) and calls arch_trap().  The frame
 * decides where the return goes: elr, spsr and sp may have been
 * changed (arch_redirect_trap).
 */
#define FRAME           320
#define F_SP            248
#define F_ELR           256
#define F_ESR           272
#define F_KIND          304

.macro ventry kind
    .balign 0x80
    sub sp, sp, #FRAME
    stp x0, x1, [sp, #0]
    mov x0, #\kind
    b trap_entry
.endm

    .text
    .balign 2048
    .globl vectors
vectors:
    ventry 0                            /* EL1t: sync, irq, fiq, serror */
    ventry 1
    ventry 2
    ventry 3
    ventry 4                            /* EL1h */
    ventry 5
    ventry 6
    ventry 7
    ventry 8                            /* EL0, AArch64 */
    ventry 9
    ventry 10
    ventry 11
    ventry 12                           /* EL0, AArch32 */
    ventry 13
    ventry 14
    ventry 15

trap_entry:
    stp x2, x3, [sp, #16]
    stp x4, x5, [sp, #32]
    stp x6, x7, [sp, #48]
    stp x8, x9, [sp, #64]
    stp x10, x11, [sp, #80]
    stp x12, x13, [sp, #96]
    stp x14, x15, [sp, #112]
    stp x16, x17, [sp, #128]
    stp x18, x19, [sp, #144]
    stp x20, x21, [sp, #160]
    stp x22, x23, [sp, #176]
    stp x24, x25, [sp, #192]
    stp x26, x27, [sp, #208]
    stp x28, x29, [sp, #224]
    str x30, [sp, #240]
    str x0, [sp, #F_KIND]
    mrs x1, spsr_el1
    tst x1, #0xf
    b.ne 1f
    mrs x2, sp_el0                      /* from EL0 */
    b 2f
1:  add x2, sp, #FRAME
2:  str x2, [sp, #F_SP]
    mrs x2, elr_el1
    stp x2, x1, [sp, #F_ELR]
    mrs x3, esr_el1
    mrs x4, far_el1
    stp x3, x4, [sp, #F_ESR]
    mov x29, #0                         /* ends frame-pointer walks */
    mov x0, sp
    bl arch_trap

    ldp x2, x3, [sp, #F_ELR]
    msr elr_el1, x2
    msr spsr_el1, x3
    tst x3, #0xf
    b.ne 3f
    ldr x4, [sp, #F_SP]                 /* back to EL0 */
    msr sp_el0, x4
    bl restore_x2_x30
    ldp x0, x1, [sp, #0]
    add sp, sp, #FRAME
    eret
3:  /* back to EL1, on the frame's stack pointer (maybe a new one) */
    ldr x0, [sp, #F_SP]
    ldp x1, x2, [sp, #0]
    stp x1, x2, [x0, #-16]!
    bl restore_x2_x30
    mov sp, x0
    ldp x0, x1, [sp], #16
    eret

/* Reload x2..x30 from the frame at sp (x30 last: it is our link). */
restore_x2_x30:
    ldp x2, x3, [sp, #16]
    ldp x4, x5, [sp, #32]
    ldp x6, x7, [sp, #48]
    ldp x8, x9, [sp, #64]
    ldp x10, x11, [sp, #80]
    ldp x12, x13, [sp, #96]
    ldp x14, x15, [sp, #112]
    ldp x16, x17, [sp, #128]
    ldp x18, x19, [sp, #144]
    ldp x20, x21, [sp, #160]
    ldp x22, x23, [sp, #176]
    ldp x24, x25, [sp, #192]
    ldp x26, x27, [sp, #208]
    ldp x28, x29, [sp, #224]
    mov x1, x30
    ldr x30, [sp, #240]
    br x1

/* user_enter(pc, sp): drop to EL0 with interrupts on. */
    .globl user_enter
user_enter:
    msr sp_el0, x1
    msr elr_el1, x0
    msr spsr_el1, xzr                   /* EL0t, DAIF clear */
    mov x0, #0
    mov x1, #0
    mov x2, #0
    mov x3, #0
    mov x4, #0
    mov x5, #0
    mov x6, #0
    mov x7, #0
    mov x8, #0
    mov x9, #0
    mov x10, #0
    mov x11, #0
    mov x12, #0
    mov x13, #0
    mov x14, #0
    mov x15, #0
    mov x16, #0
    mov x17, #0
    mov x18, #0
    mov x19, #0
    mov x20, #0
    mov x21, #0
    mov x22, #0
    mov x23, #0
    mov x24, #0
    mov x25, #0
    mov x26, #0
    mov x27, #0
    mov x28, #0
    mov x29, #0
    mov x30, #0
    eret

/* kernel_setjmp(jb): x19..x30 and sp. */
    .globl kernel_setjmp
kernel_setjmp:
    stp x19, x20, [x0, #0]
    stp x21, x22, [x0, #16]
    stp x23, x24, [x0, #32]
    stp x25, x26, [x0, #48]
    stp x27, x28, [x0, #64]
    stp x29, x30, [x0, #80]
    mov x1, sp
    str x1, [x0, #96]
    mov x0, #0
    ret

/* kernel_longjmp(jb, value) */
    .globl kernel_longjmp
kernel_longjmp:
    ldp x19, x20, [x0, #0]
    ldp x21, x22, [x0, #16]
    ldp x23, x24, [x0, #32]
    ldp x25, x26, [x0, #48]
    ldp x27, x28, [x0, #64]
    ldp x29, x30, [x0, #80]
    ldr x2, [x0, #96]
    mov sp, x2
    mov w0, w1
    ret

    .section .note.GNU-stack, "", @progbits
