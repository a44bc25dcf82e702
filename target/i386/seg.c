/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Segmentation: segment register loads in every mode (MOV Sreg, POP Sreg,
 * LDS/LES/LFS/LGS/LSS), far JMP/CALL/RET (code segments and call gates,
 * with the TSS stack switch of a call to an inner privilege level),
 * LLDT/SLDT/STR, and the legacy-mode address checks (limits, expand-down,
 * null segments) used by x86_ea() and the stack helpers.
 *
 * Real mode: a load sets the selector and base = selector * 16 and keeps
 * the cached limit and attributes, as the hardware does ("unreal" mode
 * works).  Protected and long mode: the descriptor comes from the GDT or
 * the LDT with the architectural checks; a null selector loads an
 * unusable segment (base 0; an access through it is #GP in protected
 * mode).  Task switches through a 32-bit TSS (JMP/CALL to a TSS or a task
 * gate, task gates in the IDT, IRET with NT) are at the end.  Not
 * implemented: 16-bit TSSs, 64-bit call gates (each raises #GP and logs
 * LOG_UNIMP).
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "qemu/log.h"

#define DESC_S          (1u << 12)      /* code/data (not system) */
#define DESC_CODE       (1u << 11)
#define DESC_RW         (1u << 9)       /* data: writable; code: readable */
#define DESC_CONFORMING (1u << 10)      /* code; for data: expand-down */
#define DESC_ACCESSED   (1u << 8)
#define DESC_TYPE(hi)   (((hi) >> 8) & 0x1f)    /* S + type */

static unsigned cpl(X86CPU *cpu)
{
    return cpu->hflags & X86_HF_CPL_MASK;
}

static bool x86_pe(X86CPU *cpu)
{
    return cpu->env.cr[0] & X86_CR0_PE;
}

/* Fault at @op, or at RIP when there is no record (delivery). */
static void QEMU_NORETURN seg_fault(X86CPU *cpu, const X86Op *op, int vec,
                                   uint32_t err)
{
    if (op) {
        x86_raise(cpu, op, vec, err);
    }
    x86_raise_at(cpu, cpu->env.rip, vec, err);
}

/* ---- legacy-mode addressing ---- */

uint64_t x86_seg_linear(X86CPU *cpu, const X86Op *op, int seg,
                        uint64_t off)
{
    const X86Segment *s = &cpu->env.segs[seg];
    uint32_t f = s->flags;
    bool bad;

    if ((f & (DESC_S | DESC_CODE | DESC_CONFORMING)) ==
        (DESC_S | DESC_CONFORMING)) {
        /* expand-down data: valid offsets are limit+1 .. 0xffff(ffff) */
        bad = off <= s->limit || off > (f & X86_DESC_DB ? 0xffffffffu
                                                         : 0xffffu);
    } else {
        bad = off > s->limit;
    }
    if (unlikely(bad || (!(f & X86_DESC_P) && x86_pe(cpu)))) {
        seg_fault(cpu, op, seg == R_SS ? X86_EXCP_SS : X86_EXCP_GP, 0);
    }
    return (uint32_t)(s->base + off);
}

uint64_t x86_ea_seg(X86CPU *cpu, const X86Op *op, uint64_t a)
{
    a = op->flags & X86_OPF_ADDR16 ? (uint16_t)a : (uint32_t)a;
    if (op->seg >= X86_NB_SEGS) {
        return a;                       /* LEA */
    }
    return x86_seg_linear(cpu, op, op->seg, a);
}

/* ---- descriptors ---- */

uint64_t x86_sys_ld(X86CPU *cpu, const X86Op *op, uint64_t a, unsigned size)
{
    if (!x86_is_canonical(a) || !x86_is_canonical(a + size - 1)) {
        seg_fault(cpu, op, X86_EXCP_GP, 0);
    }
    return soft_tlb_load(&cpu->tlb, a, size, X86_MMU_KERNEL,
                         op ? (uintptr_t)op : X86_RA_DELIVERY);
}

void x86_sys_st(X86CPU *cpu, const X86Op *op, uint64_t a, unsigned size,
                uint64_t v)
{
    if (!x86_is_canonical(a) || !x86_is_canonical(a + size - 1)) {
        seg_fault(cpu, op, X86_EXCP_GP, 0);
    }
    soft_tlb_store(&cpu->tlb, a, size, v, X86_MMU_KERNEL,
                   op ? (uintptr_t)op : X86_RA_DELIVERY);
}

/* Address of @sel's descriptor in the GDT or LDT, or #GP(sel). */
static uint64_t x86_desc_addr(X86CPU *cpu, const X86Op *op, uint16_t sel)
{
    CPUX86State *env = &cpu->env;
    uint64_t base = env->gdt.base, limit = env->gdt.limit;

    if (sel & 4) {
        base = env->ldt.base;
        limit = (env->ldt.flags & X86_DESC_P) ? env->ldt.limit : 0;
    }
    if ((sel | 7u) > limit) {
        seg_fault(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    return base + (sel & ~7u);
}

uint64_t x86_read_desc(X86CPU *cpu, const X86Op *op, uint16_t sel)
{
    return x86_sys_ld(cpu, op, x86_desc_addr(cpu, op, sel), 8);
}

void x86_seg_from_desc(X86Segment *s, uint16_t sel, uint64_t desc)
{
    uint32_t hi = desc >> 32;

    s->selector = sel;
    s->base = ((desc >> 16) & 0xffffff) | (hi & 0xff000000u);
    s->limit = (desc & 0xffff) | (hi & 0xf0000);
    if (hi & X86_DESC_G) {
        s->limit = (s->limit << 12) | 0xfff;
    }
    s->flags = hi & 0x00f0ff00u;
}

/* Set the accessed bit of a descriptor that lacks it. */
static void x86_desc_touch(X86CPU *cpu, const X86Op *op, uint16_t sel,
                           uint64_t desc)
{
    uint32_t hi = desc >> 32;

    if (!(hi & DESC_ACCESSED)) {
        x86_sys_st(cpu, op, x86_desc_addr(cpu, op, sel) + 5, 1,
                   (hi >> 8) | 1);
    }
}

/* CS from a code descriptor, at privilege level @new_cpl. */
void x86_load_cs(X86CPU *cpu, uint16_t sel, uint64_t desc, unsigned new_cpl)
{
    X86Segment *cs = &cpu->env.segs[R_CS];

    x86_seg_from_desc(cs, (sel & ~3u) | new_cpl, desc);
    if (cs->flags & X86_DESC_L && (cpu->env.efer & X86_EFER_LMA)) {
        cs->base = 0;
        cs->limit = 0xffffffff;
    }
    cs->flags = (cs->flags & ~(3u << X86_DESC_DPL_SHIFT)) |
                (new_cpl << X86_DESC_DPL_SHIFT) | DESC_ACCESSED;
    x86_update_hflags(cpu);
}

/* Check a data-segment (or SS) descriptor; returns the vector or -1. */
static int x86_check_data_desc(unsigned level, int seg, uint16_t sel,
                               uint32_t hi)
{
    unsigned dpl = (hi >> X86_DESC_DPL_SHIFT) & 3, rpl = sel & 3;

    if (!(hi & DESC_S)) {
        return X86_EXCP_GP;
    }
    if (seg == R_SS) {
        if ((hi & DESC_CODE) || !(hi & DESC_RW) || dpl != level ||
            rpl != level) {
            return X86_EXCP_GP;
        }
        return hi & X86_DESC_P ? -1 : X86_EXCP_SS;
    }
    if ((hi & DESC_CODE) && !(hi & DESC_RW)) {
        return X86_EXCP_GP;                 /* execute-only code */
    }
    if ((!(hi & DESC_CODE) || !(hi & DESC_CONFORMING)) &&
        dpl < MAX(level, rpl)) {
        return X86_EXCP_GP;
    }
    return hi & X86_DESC_P ? -1 : X86_EXCP_NP;
}

static void x86_load_null(X86CPU *cpu, const X86Op *op, int seg,
                          uint16_t sel, unsigned level)
{
    X86Segment *s = &cpu->env.segs[seg];

    /* a null SS is legal only in 64-bit mode below CPL 3 */
    if (seg == R_SS && (level == 3 || (sel & 3) != level ||
                        !(cpu->hflags & X86_HF_CS64))) {
        seg_fault(cpu, op, X86_EXCP_GP, 0);
    }
    s->selector = sel;
    s->base = 0;
    s->limit = 0;
    s->flags = seg == R_SS ? (level << X86_DESC_DPL_SHIFT) | X86_DESC_DB : 0;
}

/* Load @sel into @seg (not CS) as at privilege level @level. */
static void x86_load_seg_at(X86CPU *cpu, const X86Op *op, int seg,
                            uint16_t sel, unsigned level)
{
    CPUX86State *env = &cpu->env;
    uint64_t desc;
    int v;

    if (!x86_pe(cpu)) {
        env->segs[seg].selector = sel;
        env->segs[seg].base = (uint32_t)sel << 4;
        env->segs[seg].flags |= X86_DESC_P;
        return;
    }
    if ((sel & ~3u) == 0) {
        x86_load_null(cpu, op, seg, sel, level);
        return;
    }
    desc = x86_read_desc(cpu, op, sel);
    v = x86_check_data_desc(level, seg, sel, desc >> 32);
    if (v >= 0) {
        seg_fault(cpu, op, v, sel & ~3u);
    }
    x86_desc_touch(cpu, op, sel, desc);
    x86_seg_from_desc(&env->segs[seg], sel, desc);
    env->segs[seg].flags |= DESC_ACCESSED;
}

static void x86_load_seg(X86CPU *cpu, const X86Op *op, int seg, uint16_t sel)
{
    x86_load_seg_at(cpu, op, seg, sel, cpl(cpu));
    if (seg == R_SS) {
        x86_update_hflags(cpu);
    }
}

/* ---- MOV/PUSH/POP Sreg, Lxx ---- */

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

/* PUSH Sreg, POP Sreg: op->sub is the segment register. */
const X86Op *x86_op_push_seg(X86CPU *cpu, const X86Op *op)
{
    x86_push(cpu, op, op->size, cpu->env.segs[op->sub].selector);
    return x86_next(cpu, op);
}

const X86Op *x86_op_pop_seg(X86CPU *cpu, const X86Op *op)
{
    uint64_t sel = x86_stack_ld(cpu, op, 0, op->size);

    x86_load_seg(cpu, op, op->sub, sel);
    x86_set_sp(cpu, cpu->env.regs[R_ESP] + op->size);
    if (op->sub == R_SS) {
        cpu->irq_inhibit = true;
        cpu->env.rip = x86_next_rip(cpu, op);
        return op;
    }
    return x86_next(cpu, op);
}

/* LDS/LES/LFS/LGS/LSS r, m16:16/32/64: op->sub is the segment register. */
const X86Op *x86_op_lxs(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = x86_ea(cpu, op);
    uint64_t off = x86_ld(cpu, op, ea, op->size);
    uint16_t sel = x86_ld(cpu, op, x86_legacy(cpu) ? (uint32_t)(ea +
                          op->size) : ea + op->size, 2);

    x86_load_seg(cpu, op, op->sub, sel);
    x86_set_reg(&cpu->env, op->reg, op->size, off);
    if (op->sub == R_SS) {
        cpu->irq_inhibit = true;
        cpu->env.rip = x86_next_rip(cpu, op);
        return op;
    }
    return x86_next(cpu, op);
}

/* ---- far transfers ---- */

/* The far pointer of JMP/CALL FAR: ptr16:x immediate or m16:x. */
static uint64_t far_ptr(X86CPU *cpu, const X86Op *op, uint16_t *sel)
{
    uint64_t ea;

    if (!(op->flags & X86_OPF_MEM)) {
        *sel = op->disp;
        return op->imm;
    }
    ea = x86_ea(cpu, op);
    *sel = x86_ld(cpu, op, ea + op->size, 2);
    return x86_ld(cpu, op, ea, op->size);
}

/*
 * A far transfer's target EIP must lie within the new CS limit (#GP(0)
 * before anything changes); a 64-bit target needs a canonical RIP.
 */
void x86_check_target_eip(X86CPU *cpu, const X86Op *op, uint64_t desc,
                          uint64_t eip)
{
    X86Segment s;

    if ((desc >> 32) & X86_DESC_L && (cpu->env.efer & X86_EFER_LMA)) {
        if (!x86_is_canonical(eip)) {
            x86_raise(cpu, op, X86_EXCP_GP, 0);
        }
        return;
    }
    x86_seg_from_desc(&s, 0, desc);
    if (eip > s.limit) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
}

/* A code descriptor a JMP/CALL may go to directly (same privilege). */
static void check_code_direct(X86CPU *cpu, const X86Op *op, uint16_t sel,
                              uint32_t hi)
{
    unsigned dpl = (hi >> X86_DESC_DPL_SHIFT) & 3;

    if ((hi & DESC_CONFORMING) ? dpl > cpl(cpu)
                               : (sel & 3) > cpl(cpu) || dpl != cpl(cpu)) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    if (!(hi & X86_DESC_P)) {
        x86_raise(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
}

typedef struct FarTarget {
    uint16_t sel;
    uint64_t desc;
    uint64_t eip;
    unsigned cpl;           /* CPL after the transfer */
    unsigned gate_size;     /* call gate push size, 0 for a code segment */
    unsigned params;        /* call gate parameter count */
    uint16_t old_cs;        /* CS selector before the call */
} FarTarget;

/* Resolve a call gate (legacy modes): target code segment and entry. */
static void far_gate(X86CPU *cpu, const X86Op *op, uint16_t sel,
                     uint64_t gate, bool call, FarTarget *t)
{
    uint32_t hi = gate >> 32, chi;
    unsigned gdpl = (hi >> X86_DESC_DPL_SHIFT) & 3, dpl;

    if (gdpl < MAX(cpl(cpu), sel & 3u)) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    if (!(hi & X86_DESC_P)) {
        x86_raise(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
    t->sel = (gate >> 16) & 0xffff;
    t->gate_size = DESC_TYPE(hi) == 0x0c ? 4 : 2;
    t->eip = (gate & 0xffff) | (t->gate_size == 4 ? hi & 0xffff0000u : 0);
    t->params = (gate >> 32) & 0x1f;
    if ((t->sel & ~3u) == 0) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    t->desc = x86_read_desc(cpu, op, t->sel);
    chi = t->desc >> 32;
    dpl = (chi >> X86_DESC_DPL_SHIFT) & 3;
    if ((chi & (DESC_S | DESC_CODE)) != (DESC_S | DESC_CODE) ||
        dpl > cpl(cpu) ||
        (!call && !(chi & DESC_CONFORMING) && dpl != cpl(cpu))) {
        x86_raise(cpu, op, X86_EXCP_GP, t->sel & ~3u);
    }
    if (!(chi & X86_DESC_P)) {
        x86_raise(cpu, op, X86_EXCP_NP, t->sel & ~3u);
    }
    t->cpl = (chi & DESC_CONFORMING) ? cpl(cpu) : dpl;
}

/*
 * Resolve the target of a protected-mode far JMP/CALL; true when it was
 * a task switch, which is then complete.
 */
static bool far_target(X86CPU *cpu, const X86Op *op, uint16_t sel,
                       uint64_t eip, bool call, FarTarget *t)
{
    uint32_t hi;

    if ((sel & ~3u) == 0) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    t->desc = x86_read_desc(cpu, op, sel);
    hi = t->desc >> 32;
    t->sel = sel;
    t->eip = eip;
    t->cpl = cpl(cpu);
    t->gate_size = 0;
    t->params = 0;
    if ((hi & (DESC_S | DESC_CODE)) == (DESC_S | DESC_CODE)) {
        check_code_direct(cpu, op, sel, hi);
        return false;
    }
    if (!(hi & DESC_S) && (DESC_TYPE(hi) == 0x0c || DESC_TYPE(hi) == 0x04)
        && !(cpu->env.efer & X86_EFER_LMA)) {
        far_gate(cpu, op, sel, t->desc, call, t);
        return false;
    }
    if ((DESC_TYPE(hi) == 0x05 || DESC_TYPE(hi) == 0x09 ||
         DESC_TYPE(hi) == 0x01) && !(cpu->env.efer & X86_EFER_LMA)) {
        unsigned dpl = (hi >> X86_DESC_DPL_SHIFT) & 3;

        /* a task gate or an available TSS: switch tasks */
        if (dpl < MAX(cpl(cpu), sel & 3u)) {
            x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
        }
        if (!(hi & X86_DESC_P)) {
            x86_raise(cpu, op, X86_EXCP_NP, sel & ~3u);
        }
        x86_task_switch(cpu, op, DESC_TYPE(hi) == 0x05 ? t->desc >> 16 : sel,
                        call ? X86_TASK_CALL : X86_TASK_JMP,
                        x86_next_rip(cpu, op), -1);
        return true;
    }
    qemu_log_mask(LOG_UNIMP, "x86: far transfer through system descriptor "
                  "type 0x%x (64-bit gate) is not implemented\n",
                  DESC_TYPE(hi));
    x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
}

/* Real mode (and the check-free part of every mode): CS = sel. */
static void far_real(X86CPU *cpu, uint16_t sel, uint64_t eip)
{
    X86Segment *cs = &cpu->env.segs[R_CS];

    cs->selector = sel;
    cs->base = (uint32_t)sel << 4;
    cpu->env.rip = eip;
    x86_update_hflags(cpu);
}

const X86Op *x86_op_jmp_far(X86CPU *cpu, const X86Op *op)
{
    FarTarget t;
    uint16_t sel;
    uint64_t eip = far_ptr(cpu, op, &sel);

    if (!x86_pe(cpu)) {
        far_real(cpu, sel, eip & x86_size_mask(op->size));
        return op;
    }
    if (far_target(cpu, op, sel, eip, false, &t)) {
        return op;
    }
    x86_check_target_eip(cpu, op, t.desc, t.eip);
    x86_load_cs(cpu, t.sel, t.desc, t.cpl);
    cpu->env.rip = t.eip;
    return op;
}

/* Inner-privilege call through a gate: new stack from the TSS. */
static void far_call_inner(X86CPU *cpu, const X86Op *op, const FarTarget *t,
                           uint64_t ret_eip)
{
    CPUX86State *env = &cpu->env;
    unsigned n = t->gate_size, new_cpl = t->cpl;
    uint64_t old_ss = env->segs[R_SS].selector, old_esp = env->regs[R_ESP];
    uint64_t params[32], new_esp;
    uint16_t new_ss;

    if (!(env->tr.flags & (8u << 8))) {
        qemu_log_mask(LOG_UNIMP, "x86: call gate with a 16-bit TSS is not "
                      "implemented\n");
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    if (8 * new_cpl + 11 > env->tr.limit) {
        x86_raise(cpu, op, 10 /* #TS */, env->tr.selector & ~3u);
    }
    new_esp = x86_sys_ld(cpu, op, env->tr.base + 4 + 8 * new_cpl, 4);
    new_ss = x86_sys_ld(cpu, op, env->tr.base + 8 + 8 * new_cpl, 2);
    for (unsigned i = 0; i < t->params; i++) {
        params[i] = x86_stack_ld(cpu, op, i * n, n);
    }
    x86_load_seg_at(cpu, op, R_SS, new_ss, new_cpl);
    env->regs[R_ESP] = new_esp;
    x86_load_cs(cpu, t->sel, t->desc, new_cpl);
    x86_push(cpu, op, n, old_ss);
    x86_push(cpu, op, n, old_esp);
    for (unsigned i = t->params; i-- > 0;) {
        x86_push(cpu, op, n, params[i]);
    }
    x86_push(cpu, op, n, t->old_cs);
    x86_push(cpu, op, n, ret_eip);
}

const X86Op *x86_op_call_far(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint16_t sel, old_cs = env->segs[R_CS].selector;
    uint64_t eip = far_ptr(cpu, op, &sel), ret = x86_next_rip(cpu, op);
    unsigned n = op->size;
    FarTarget t;

    if (!x86_pe(cpu)) {
        x86_stack_ld(cpu, op, -2 * (int64_t)n, n);  /* fault first */
        x86_push(cpu, op, n, old_cs);
        x86_push(cpu, op, n, ret);
        far_real(cpu, sel, eip & x86_size_mask(n));
        return op;
    }
    if (far_target(cpu, op, sel, eip, true, &t)) {
        return op;
    }
    x86_check_target_eip(cpu, op, t.desc, t.eip);
    t.old_cs = old_cs;
    if (t.gate_size && t.cpl < cpl(cpu)) {
        far_call_inner(cpu, op, &t, ret);
    } else {
        n = t.gate_size ? t.gate_size : n;
        x86_stack_ld(cpu, op, -2 * (int64_t)n, n);
        x86_push(cpu, op, n, old_cs);
        x86_push(cpu, op, n, ret);
        x86_load_cs(cpu, t.sel, t.desc, t.cpl);
    }
    env->rip = t.eip;
    return op;
}

/* Data segments the outer level may not keep become null (RET, IRET). */
void x86_null_inner_segs(X86CPU *cpu)
{
    static const int segs[] = { R_ES, R_DS, R_FS, R_GS };
    unsigned level = cpl(cpu);

    for (unsigned i = 0; i < ARRAY_SIZE(segs); i++) {
        X86Segment *s = &cpu->env.segs[segs[i]];
        unsigned dpl = (s->flags >> X86_DESC_DPL_SHIFT) & 3;
        bool conforming_code = (s->flags & (DESC_CODE | DESC_CONFORMING)) ==
                               (DESC_CODE | DESC_CONFORMING);

        if ((s->selector & ~3u) && !conforming_code && dpl < level) {
            s->selector = 0;
            s->flags = 0;
        }
    }
}

/*
 * Return to @sel:@eip at privilege RPL (RETF, IRET in protected mode):
 * checks the code descriptor; returns the new CPL (the caller loads SS
 * and ESP for an outer level first, then calls x86_load_cs).
 */
unsigned x86_check_return_cs(X86CPU *cpu, const X86Op *op, uint16_t sel,
                             uint64_t *desc)
{
    unsigned rpl = sel & 3, dpl;
    uint32_t hi;

    if ((sel & ~3u) == 0 || rpl < cpl(cpu)) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    *desc = x86_read_desc(cpu, op, sel);
    hi = *desc >> 32;
    dpl = (hi >> X86_DESC_DPL_SHIFT) & 3;
    if ((hi & (DESC_S | DESC_CODE)) != (DESC_S | DESC_CODE) ||
        ((hi & DESC_CONFORMING) ? dpl > rpl : dpl != rpl)) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    if (!(hi & X86_DESC_P)) {
        x86_raise(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
    return rpl;
}

/* Load SS for a return to outer level @level (null SS: 64-bit only). */
void x86_load_ss_outer(X86CPU *cpu, const X86Op *op, uint16_t sel,
                       unsigned level)
{
    x86_load_seg_at(cpu, op, R_SS, sel, level);
}

/* RETF [imm16]: op->size is the operand size, op->imm the extra bytes. */
const X86Op *x86_op_ret_far(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned n = op->size, imm = op->imm & 0xffff, level;
    uint64_t eip = x86_stack_ld(cpu, op, 0, n), desc, esp, ss;
    uint16_t sel = x86_stack_ld(cpu, op, n, n);

    if (!x86_pe(cpu)) {
        x86_set_sp(cpu, env->regs[R_ESP] + 2 * n + imm);
        far_real(cpu, sel, eip);
        return op;
    }
    level = x86_check_return_cs(cpu, op, sel, &desc);
    x86_check_target_eip(cpu, op, desc, eip);
    if (level == cpl(cpu)) {
        x86_load_cs(cpu, sel, desc, level);
        x86_set_sp(cpu, env->regs[R_ESP] + 2 * n + imm);
    } else {
        esp = x86_stack_ld(cpu, op, 2 * n + imm, n);
        ss = x86_stack_ld(cpu, op, 3 * n + imm, n);
        x86_load_ss_outer(cpu, op, ss, level);
        x86_load_cs(cpu, sel, desc, level);
        x86_set_sp(cpu, esp + imm);
        x86_null_inner_segs(cpu);
    }
    env->rip = eip;
    return op;
}

/* ---- LDT and TR ---- */

/* LLDT r/m16: an LDT descriptor from the GDT (16 bytes in long mode). */
const X86Op *x86_op_lldt(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, desc, a;
    uint16_t sel;

    if (cpl(cpu) != 0 || !x86_pe(cpu)) {
        x86_raise(cpu, op, x86_pe(cpu) ? X86_EXCP_GP : X86_EXCP_UD, 0);
    }
    sel = x86_get_e(cpu, op, &ea);
    if ((sel & ~3u) == 0) {
        env->ldt.selector = sel;
        env->ldt.flags = 0;
        env->ldt.base = 0;
        env->ldt.limit = 0;
        return x86_next(cpu, op);
    }
    if (sel & 4) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    a = x86_desc_addr(cpu, op, sel);
    desc = x86_ld(cpu, op, a, 8);
    if (DESC_TYPE(desc >> 32) != 0x02) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    if (!((desc >> 47) & 1)) {
        x86_raise(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
    x86_seg_from_desc(&env->ldt, sel, desc);
    if (env->efer & X86_EFER_LMA) {
        env->ldt.base |= x86_ld(cpu, op, a + 8, 4) << 32;
    }
    return x86_next(cpu, op);
}

/* SLDT / STR (op->sub 0 / 1): the selector, zero-extended to a register. */
const X86Op *x86_op_sldt(X86CPU *cpu, const X86Op *op)
{
    uint16_t sel = op->sub ? cpu->env.tr.selector : cpu->env.ldt.selector;

    if (!x86_pe(cpu)) {
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    if (op->flags & X86_OPF_MEM) {
        x86_st(cpu, op, x86_ea(cpu, op), 2, sel);
    } else {
        x86_set_reg(&cpu->env, op->rm, op->size, sel);
    }
    return x86_next(cpu, op);
}

/* ---- task switches (legacy protected mode, 32-bit TSS) ---- */

#define X86_EXCP_TS     10
#define EFLAGS_NT       0x4000u

/* 32-bit TSS layout */
#define TSS_LINK        0x00
#define TSS_CR3         0x1c
#define TSS_EIP         0x20
#define TSS_EFLAGS      0x24
#define TSS_REGS        0x28        /* EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI */
#define TSS_SEGS        0x48        /* ES, CS, SS, DS, FS, GS: 4 bytes each */
#define TSS_LDT         0x60
#define TSS_MIN_LIMIT   0x67

/* Set or clear the busy bit of the TSS descriptor @sel (in the GDT). */
static void tss_set_busy(X86CPU *cpu, const X86Op *op, uint16_t sel,
                         bool busy)
{
    uint64_t a = cpu->env.gdt.base + (sel & ~7u) + 5;
    uint8_t access = x86_sys_ld(cpu, op, a, 1);

    x86_sys_st(cpu, op, a, 1, busy ? access | 2 : access & ~2u);
}

/*
 * Segment loads of the new task: a bad selector or descriptor is #TS
 * (the selector), a non-present one #NP (#SS for SS).
 */
static void task_load_seg(X86CPU *cpu, const X86Op *op, int seg,
                          uint16_t sel, unsigned level)
{
    uint64_t desc;
    int v;

    if ((sel & ~3u) == 0) {
        if (seg == R_SS) {
            seg_fault(cpu, op, X86_EXCP_TS, sel & ~3u);
        }
        x86_load_null(cpu, op, seg, sel, level);
        return;
    }
    if ((sel | 7u) > (sel & 4 ? cpu->env.ldt.limit : cpu->env.gdt.limit)) {
        seg_fault(cpu, op, X86_EXCP_TS, sel & ~3u);
    }
    desc = x86_read_desc(cpu, op, sel);
    v = x86_check_data_desc(level, seg, sel, desc >> 32);
    if (v >= 0) {
        seg_fault(cpu, op, v == X86_EXCP_GP ? X86_EXCP_TS : v, sel & ~3u);
    }
    x86_desc_touch(cpu, op, sel, desc);
    x86_seg_from_desc(&cpu->env.segs[seg], sel, desc);
    cpu->env.segs[seg].flags |= DESC_ACCESSED;
}

static void task_load_ldt(X86CPU *cpu, const X86Op *op, uint16_t sel)
{
    CPUX86State *env = &cpu->env;
    uint64_t desc;

    memset(&env->ldt, 0, sizeof(env->ldt));
    env->ldt.selector = sel;
    if ((sel & ~3u) == 0) {
        return;
    }
    if ((sel & 4) || (sel | 7u) > env->gdt.limit) {
        seg_fault(cpu, op, X86_EXCP_TS, sel & ~3u);
    }
    desc = x86_read_desc(cpu, op, sel);
    if (DESC_TYPE(desc >> 32) != 0x02) {
        seg_fault(cpu, op, X86_EXCP_TS, sel & ~3u);
    }
    if (!((desc >> 32) & X86_DESC_P)) {
        seg_fault(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
    x86_seg_from_desc(&env->ldt, sel, desc);
}

static void task_load_cs(X86CPU *cpu, const X86Op *op, uint16_t sel)
{
    unsigned rpl = sel & 3, dpl;
    uint64_t desc;
    uint32_t hi;

    if ((sel & ~3u) == 0 ||
        (sel | 7u) > (sel & 4 ? cpu->env.ldt.limit : cpu->env.gdt.limit)) {
        seg_fault(cpu, op, X86_EXCP_TS, sel & ~3u);
    }
    desc = x86_read_desc(cpu, op, sel);
    hi = desc >> 32;
    dpl = (hi >> X86_DESC_DPL_SHIFT) & 3;
    if ((hi & (DESC_S | DESC_CODE)) != (DESC_S | DESC_CODE) ||
        (hi & DESC_CONFORMING ? dpl > rpl : dpl != rpl)) {
        seg_fault(cpu, op, X86_EXCP_TS, sel & ~3u);
    }
    if (!(hi & X86_DESC_P)) {
        seg_fault(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
    x86_desc_touch(cpu, op, sel, desc);
    x86_load_cs(cpu, sel, desc, rpl);
}

void x86_task_switch(X86CPU *cpu, const X86Op *op, uint16_t sel,
                     X86TaskSource src, uint64_t next_eip, int error_code)
{
    CPUX86State *env = &cpu->env;
    uint32_t regs[8], segs[6], eip, eflags, cr3, ldt, hi;
    uint64_t desc, base;
    X86Segment tss;
    unsigned type, level;

    if ((sel & 4) || (sel | 7u) > env->gdt.limit) {
        seg_fault(cpu, op, src == X86_TASK_IRET ? X86_EXCP_TS : X86_EXCP_GP,
                  sel & ~3u);
    }
    desc = x86_read_desc(cpu, op, sel);
    hi = desc >> 32;
    type = DESC_TYPE(hi);
    if (type == 0x01 || type == 0x03) {
        qemu_log_mask(LOG_UNIMP, "x86: task switch to a 16-bit TSS is not "
                      "implemented\n");
        seg_fault(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    /* IRET returns to a busy task; everything else needs an idle one */
    if (type != (src == X86_TASK_IRET ? 0x0b : 0x09)) {
        seg_fault(cpu, op, src == X86_TASK_IRET ? X86_EXCP_TS : X86_EXCP_GP,
                  sel & ~3u);
    }
    if (!(hi & X86_DESC_P)) {
        seg_fault(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
    x86_seg_from_desc(&tss, sel, desc);
    if (tss.limit < TSS_MIN_LIMIT) {
        seg_fault(cpu, op, X86_EXCP_TS, sel & ~3u);
    }

    /* Read the new state first: a fault here leaves the old task as is. */
    base = tss.base;
    cr3 = x86_sys_ld(cpu, op, base + TSS_CR3, 4);
    eip = x86_sys_ld(cpu, op, base + TSS_EIP, 4);
    eflags = x86_sys_ld(cpu, op, base + TSS_EFLAGS, 4);
    for (int i = 0; i < 8; i++) {
        regs[i] = x86_sys_ld(cpu, op, base + TSS_REGS + 4 * i, 4);
    }
    for (int i = 0; i < 6; i++) {
        segs[i] = x86_sys_ld(cpu, op, base + TSS_SEGS + 4 * i, 2);
    }
    ldt = x86_sys_ld(cpu, op, base + TSS_LDT, 2);

    /* Save the outgoing task in its TSS. */
    base = env->tr.base;
    if (src == X86_TASK_JMP || src == X86_TASK_IRET) {
        tss_set_busy(cpu, op, env->tr.selector, false);
    }
    x86_sys_st(cpu, op, base + TSS_EIP, 4, next_eip);
    x86_sys_st(cpu, op, base + TSS_EFLAGS, 4, x86_get_eflags(env) &
               ~(src == X86_TASK_IRET ? EFLAGS_NT : 0));
    for (int i = 0; i < 8; i++) {
        x86_sys_st(cpu, op, base + TSS_REGS + 4 * i, 4, env->regs[i]);
    }
    for (int i = 0; i < 6; i++) {
        x86_sys_st(cpu, op, base + TSS_SEGS + 4 * i, 4,
                   env->segs[i].selector);
    }

    /* Link and mark the incoming task, then make it current. */
    if (src == X86_TASK_CALL || src == X86_TASK_INT) {
        x86_sys_st(cpu, op, tss.base + TSS_LINK, 2, env->tr.selector);
        eflags |= EFLAGS_NT;
    }
    if (src != X86_TASK_IRET) {
        tss_set_busy(cpu, op, sel, true);
    }
    env->tr = tss;
    env->tr.flags |= 2u << 8;                   /* busy */
    env->cr[0] |= X86_CR0_TS;
    if (env->cr[0] & X86_CR0_PG) {
        env->cr[3] = cr3;
        x86_tlb_flush_all(cpu);
    }
    for (int i = 0; i < 8; i++) {
        env->regs[i] = regs[i];
    }
    x86_set_eflags(env, eflags | 2);
    env->rip = eip;

    /* Segments, in the new task: faults from here on belong to it. */
    task_load_ldt(cpu, op, ldt);
    task_load_cs(cpu, op, segs[R_CS]);
    level = segs[R_CS] & 3;
    task_load_seg(cpu, op, R_SS, segs[R_SS], level);
    x86_update_hflags(cpu);
    task_load_seg(cpu, op, R_ES, segs[R_ES], level);
    task_load_seg(cpu, op, R_DS, segs[R_DS], level);
    task_load_seg(cpu, op, R_FS, segs[R_FS], level);
    task_load_seg(cpu, op, R_GS, segs[R_GS], level);
    if (error_code >= 0) {
        uint32_t esp = env->regs[R_ESP] - 4;
        uint64_t a = env->segs[R_SS].flags & X86_DESC_DB ? esp
                                                         : (uint16_t)esp;

        soft_tlb_store(&cpu->tlb, env->segs[R_SS].base + a, 4, error_code,
                       x86_mmu_idx(cpu), op ? (uintptr_t)op : X86_RA_DELIVERY);
        x86_set_sp(cpu, esp);
    }
    if (eip > env->segs[R_CS].limit) {
        seg_fault(cpu, op, X86_EXCP_GP, 0);
    }
}
