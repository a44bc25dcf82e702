/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry code of the bare-metal AArch64 system tests: the boot CPU's entry
 * (_start, at EL1, EL2 or EL3: whatever the loader gives), the entry of
 * CPUs started by PSCI CPU_ON (rt_secondary_entry, x0 = CPU index), one
 * vector table per exception level that saves a struct ExcFrame (rt.h)
 * and calls rt_exc_dispatch(frame, kind), and rt_lower_call(), which runs
 * code at the next lower exception level until an exception handler
 * sends it back with rt_lower_return().
 */

#define STACK_SIZE  16384
#define FRAME_SIZE  288

    .section .text.start, "ax"
    .global _start
_start:
    msr     spsel, #1
    mov     x0, #0
    bl      set_stack
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  bl      set_vbar
    bl      rt_main
3:  wfi
    b       3b

    .global rt_secondary_entry
rt_secondary_entry:
    msr     spsel, #1
    mov     x19, x0
    bl      set_stack
    bl      set_vbar
    mov     x0, x19
    bl      rt_secondary
4:  wfi
    b       4b

/* sp = the top of CPU x0's stack; clobbers x1, x2 */
set_stack:
    ldr     x1, =rt_stacks
    mov     x2, #STACK_SIZE
    madd    x1, x0, x2, x1
    add     sp, x1, #STACK_SIZE
    ret

/* VBAR of the current exception level; clobbers x0 */
set_vbar:
    mrs     x0, CurrentEL
    cmp     x0, #(3 << 2)
    b.eq    3f
    cmp     x0, #(2 << 2)
    b.eq    2f
    ldr     x0, =rt_vectors_el1
    msr     vbar_el1, x0
    isb
    ret
2:  ldr     x0, =rt_vectors_el2
    msr     vbar_el2, x0
    isb
    ret
3:  ldr     x0, =rt_vectors_el3
    msr     vbar_el3, x0
    isb
    ret

    .global rt_set_vbar
rt_set_vbar:
    b       set_vbar

/* One vector: make room for the frame, save x0/x1, x0 = kind. */
.macro VENTRY el, kind
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       exc_common_el\el
.endm

.macro VECTORS el
    .balign 2048
    .global rt_vectors_el\el
rt_vectors_el\el:
    VENTRY  \el, 0
    VENTRY  \el, 1
    VENTRY  \el, 2
    VENTRY  \el, 3
    VENTRY  \el, 4
    VENTRY  \el, 5
    VENTRY  \el, 6
    VENTRY  \el, 7
    VENTRY  \el, 8
    VENTRY  \el, 9
    VENTRY  \el, 10
    VENTRY  \el, 11
    VENTRY  \el, 12
    VENTRY  \el, 13
    VENTRY  \el, 14
    VENTRY  \el, 15

exc_common_el\el:
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    mrs     x2, elr_el\el
    stp     x30, x2, [sp, #240]
    mrs     x3, spsr_el\el
    mrs     x4, esr_el\el
    stp     x3, x4, [sp, #256]
    mrs     x5, far_el\el
    add     x6, sp, #FRAME_SIZE
    stp     x5, x6, [sp, #272]
    mov     x1, x0
    mov     x0, sp
    bl      rt_exc_dispatch
    ldp     x30, x2, [sp, #240]
    ldr     x3, [sp, #256]
    msr     elr_el\el, x2
    msr     spsr_el\el, x3
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldp     x0, x1, [sp, #0]
    add     sp, sp, #FRAME_SIZE
    eret
.endm

    .text
    VECTORS 1
    VECTORS 2
    VECTORS 3

/*
 * uint64_t rt_lower_call(pc, sp, arg, spsr): save the callee-saved
 * registers, ERET to pc with SPSR spsr (a lower EL), x0 = arg and that
 * EL's stack pointer = sp.  Returns the value an exception handler passed
 * to rt_lower_return().  Works at EL1 (to EL0) and EL2 (to EL1).
 */
    .global rt_lower_call
rt_lower_call:
    ldr     x9, =lower_ctx
    stp     x19, x20, [x9, #0]
    stp     x21, x22, [x9, #16]
    stp     x23, x24, [x9, #32]
    stp     x25, x26, [x9, #48]
    stp     x27, x28, [x9, #64]
    stp     x29, x30, [x9, #80]
    mov     x10, sp
    str     x10, [x9, #96]
    mrs     x10, CurrentEL
    cmp     x10, #(2 << 2)
    b.eq    1f
    msr     elr_el1, x0
    msr     spsr_el1, x3
    msr     sp_el0, x1
    b       2f
1:  msr     elr_el2, x0
    msr     spsr_el2, x3
    msr     sp_el1, x1
2:  mov     x0, x2
    isb
    eret

/* Target of the ERET that rt_lower_return() arranges; x0 = the value. */
    .global rt_lower_resume
rt_lower_resume:
    ldr     x9, =lower_ctx
    ldp     x19, x20, [x9, #0]
    ldp     x21, x22, [x9, #16]
    ldp     x23, x24, [x9, #32]
    ldp     x25, x26, [x9, #48]
    ldp     x27, x28, [x9, #64]
    ldp     x29, x30, [x9, #80]
    ldr     x10, [x9, #96]
    mov     sp, x10
    ret

    .bss
    .balign 16
lower_ctx:
    .skip   112
    .balign 4096
    .global rt_stacks
rt_stacks:
    .skip   STACK_SIZE * 8
