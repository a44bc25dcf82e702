/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Segment register loads in 64-bit mode: MOV Sreg, MOV from Sreg,
 * PUSH/POP FS/GS.  Only the GDT is supported (a selector with TI = 1
 * raises #GP and logs under LOG_UNIMP).  A null selector loads an unusable
 * segment with base 0 (as QEMU does for FS/GS); SS may be null at
 * CPL < 3 when RPL = CPL.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "qemu/log.h"

#define DESC_S          (1u << 12)      /* code/data (not system) */
#define DESC_CODE       (1u << 11)
#define DESC_RW         (1u << 9)       /* data: writable; code: readable */
#define DESC_CONFORMING (1u << 10)
#define DESC_ACCESSED   (1u << 8)

static unsigned cpl(X86CPU *cpu)
{
    return cpu->hflags & X86_HF_CPL_MASK;
}

/* Check a data-segment (or SS) descriptor; returns the vector or -1. */
static int x86_check_data_desc(X86CPU *cpu, int seg, uint16_t sel,
                               uint32_t hi)
{
    unsigned dpl = (hi >> X86_DESC_DPL_SHIFT) & 3, rpl = sel & 3;

    if (!(hi & DESC_S)) {
        return X86_EXCP_GP;
    }
    if (seg == R_SS) {
        if ((hi & DESC_CODE) || !(hi & DESC_RW) || dpl != cpl(cpu) ||
            rpl != cpl(cpu)) {
            return X86_EXCP_GP;
        }
        return hi & X86_DESC_P ? -1 : X86_EXCP_SS;
    }
    if ((hi & DESC_CODE) && !(hi & DESC_RW)) {
        return X86_EXCP_GP;                 /* execute-only code */
    }
    if ((!(hi & DESC_CODE) || !(hi & DESC_CONFORMING)) &&
        dpl < MAX(cpl(cpu), rpl)) {
        return X86_EXCP_GP;
    }
    return hi & X86_DESC_P ? -1 : X86_EXCP_NP;
}

static void x86_load_null(X86CPU *cpu, const X86Op *op, int seg,
                          uint16_t sel)
{
    X86Segment *s = &cpu->env.segs[seg];

    if (seg == R_SS && (cpl(cpu) == 3 || (sel & 3) != cpl(cpu))) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    s->selector = sel;
    s->base = 0;
    s->limit = 0;
    s->flags = seg == R_SS ? (cpl(cpu) << X86_DESC_DPL_SHIFT) : 0;
}

/* Load @sel into @seg (not CS) with the architectural checks. */
static void x86_load_seg(X86CPU *cpu, const X86Op *op, int seg, uint16_t sel)
{
    CPUX86State *env = &cpu->env;
    uint64_t a, desc;
    uint32_t hi;
    int v;

    if ((sel & ~3u) == 0) {
        x86_load_null(cpu, op, seg, sel);
        return;
    }
    if (sel & 4) {
        qemu_log_mask(LOG_UNIMP, "x86: LDT selectors are not supported\n");
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    if ((sel | 7u) > env->gdt.limit) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    a = env->gdt.base + (sel & ~7u);
    desc = x86_ld(cpu, op, a, 8);
    hi = desc >> 32;
    v = x86_check_data_desc(cpu, seg, sel, hi);
    if (v >= 0) {
        x86_raise(cpu, op, v, sel & ~3u);
    }
    if (!(hi & DESC_ACCESSED)) {
        x86_st(cpu, op, a + 5, 1, (hi >> 8) | 1);
    }
    env->segs[seg].selector = sel;
    env->segs[seg].base = ((desc >> 16) & 0xffffff) | (hi & 0xff000000u);
    env->segs[seg].limit = (desc & 0xffff) | (hi & 0xf0000);
    if (hi & X86_DESC_G) {
        env->segs[seg].limit = (env->segs[seg].limit << 12) | 0xfff;
    }
    env->segs[seg].flags = (hi & 0x00f0ff00u) | DESC_ACCESSED;
}

/* MOV Sreg, r/m16: op->reg is the segment register. */
const X86Op *x86_op_mov_to_seg(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0;
    uint16_t sel = x86_get_e(cpu, op, &ea);

    x86_load_seg(cpu, op, op->reg, sel);
    if (op->reg == R_SS) {
        cpu->irq_inhibit = true;    /* the MOV SS shadow */
        cpu->env.rip = x86_next_rip(cpu, op);
        return op;
    }
    return x86_next(cpu, op);
}

/* MOV r/m, Sreg: a register gets the zero-extended selector. */
const X86Op *x86_op_mov_from_seg(X86CPU *cpu, const X86Op *op)
{
    uint16_t sel = cpu->env.segs[op->reg].selector;

    if (op->flags & X86_OPF_MEM) {
        x86_st(cpu, op, x86_ea(cpu, op), 2, sel);
    } else {
        x86_set_reg(&cpu->env, op->rm, op->size, sel);
    }
    return x86_next(cpu, op);
}

/* PUSH FS/GS, POP FS/GS: op->sub is the segment register. */
const X86Op *x86_op_push_seg(X86CPU *cpu, const X86Op *op)
{
    uint64_t sp = cpu->env.regs[R_ESP] - op->size;

    x86_st(cpu, op, sp, op->size, cpu->env.segs[op->sub].selector);
    cpu->env.regs[R_ESP] = sp;
    return x86_next(cpu, op);
}

const X86Op *x86_op_pop_seg(X86CPU *cpu, const X86Op *op)
{
    uint64_t sel = x86_ld(cpu, op, cpu->env.regs[R_ESP], op->size);

    x86_load_seg(cpu, op, op->sub, sel);
    cpu->env.regs[R_ESP] += op->size;
    return x86_next(cpu, op);
}
