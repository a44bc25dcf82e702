/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exception and interrupt delivery in every mode, IRET and LTR.
 *
 * Real mode: the IVT (4-byte vectors at IDTR.base), FLAGS, CS and IP are
 * pushed, IF/TF/AC cleared.  Protected mode: 8-byte interrupt and trap
 * gates (16 and 32-bit), the target code segment from the GDT/LDT, the
 * TSS stack (SSn:ESPn) on a change to an inner level, and the frame
 * [SS, ESP,] EFLAGS, CS, EIP [, error code], or a task switch through a
 * task gate (seg.c).  Long mode:
 * Delivery reads the 16-byte IDT gate, loads the target code segment from
 * the GDT, picks the stack (IST entry, TSS.RSPn on a privilege change, or
 * the current stack, aligned to 16 bytes), pushes SS, RSP, RFLAGS, CS,
 * RIP and the error code, and clears TF/NT/RF (and IF for interrupt
 * gates).  A fault during delivery is combined with the first one as the
 * architecture says: #DF, or a triple fault (shutdown) if #DF itself
 * cannot be delivered.
 *
 * Memory accesses made here use X86_RA_DELIVERY: a fault longjmps back
 * to x86_cpu_exec() with cpu->delivering still set.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "qemu/log.h"

#define GATE_INT    0xe
#define GATE_TRAP   0xf

static uint64_t sys_ld(X86CPU *cpu, uint64_t addr, unsigned size)
{
    if (!x86_is_canonical(addr)) {
        x86_raise_at(cpu, cpu->env.rip, X86_EXCP_GP, 0);
    }
    return soft_tlb_load(&cpu->tlb, addr, size, X86_MMU_KERNEL,
                         X86_RA_DELIVERY);
}

static void sys_st(X86CPU *cpu, uint64_t addr, unsigned size, uint64_t v)
{
    if (!x86_is_canonical(addr)) {
        x86_raise_at(cpu, cpu->env.rip, X86_EXCP_SS, 0);
    }
    soft_tlb_store(&cpu->tlb, addr, size, v, X86_MMU_KERNEL,
                   X86_RA_DELIVERY);
}

static bool x86_has_error_code(int vector)
{
    return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 ||
           vector == 21 || vector == 29;
}

/* The 8-byte GDT descriptor of @sel, or #GP(sel) (LDT not supported). */
static uint64_t x86_gdt_desc(X86CPU *cpu, uint16_t sel, uint32_t err)
{
    CPUX86State *env = &cpu->env;

    if ((sel & 4) || (sel & ~7u) == 0 || (sel | 7u) > env->gdt.limit) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, err);
    }
    return sys_ld(cpu, env->gdt.base + (sel & ~7u), 8);
}

/* Load CS from a 64-bit code descriptor. */
static void x86_load_cs64(X86CPU *cpu, uint16_t sel, uint64_t desc,
                          unsigned cpl)
{
    X86Segment *cs = &cpu->env.segs[R_CS];

    cs->selector = (sel & ~3u) | cpl;
    cs->base = 0;
    cs->limit = 0xffffffff;
    cs->flags = (uint32_t)(desc >> 32) & 0x00f0ff00u;
    cs->flags = (cs->flags & ~(3u << X86_DESC_DPL_SHIFT)) |
                (cpl << X86_DESC_DPL_SHIFT);
}

static bool desc_is_code64(uint64_t desc)
{
    uint32_t hi = desc >> 32;

    return (hi & X86_DESC_P) && (hi & (3u << 11)) == (3u << 11) &&
           (hi & X86_DESC_L);
}

typedef struct X86Gate {
    uint64_t offset;
    uint16_t selector;
    unsigned ist, type, dpl;
    bool present;
} X86Gate;

static void x86_read_gate(X86CPU *cpu, int vector, X86Gate *g)
{
    CPUX86State *env = &cpu->env;
    uint32_t err = vector * 8 + 2;
    uint64_t lo, hi;

    if (vector * 16 + 15 > env->idt.limit) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, err);
    }
    lo = sys_ld(cpu, env->idt.base + vector * 16, 8);
    hi = sys_ld(cpu, env->idt.base + vector * 16 + 8, 8);
    g->offset = (lo & 0xffff) | ((lo >> 32) & 0xffff0000ull) | (hi << 32);
    g->selector = lo >> 16;
    g->ist = (lo >> 32) & 7;
    g->type = (lo >> 40) & 0xf;
    g->dpl = (lo >> 45) & 3;
    g->present = (lo >> 47) & 1;
    if (g->type != GATE_INT && g->type != GATE_TRAP) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, err);
    }
    if (!g->present) {
        x86_raise_at(cpu, env->rip, X86_EXCP_NP, err);
    }
}

/* The stack for the handler: IST, TSS.RSPn on a CPL change, or RSP. */
static uint64_t x86_handler_stack(X86CPU *cpu, const X86Gate *g,
                                  unsigned new_cpl, unsigned old_cpl)
{
    CPUX86State *env = &cpu->env;
    uint64_t rsp;

    if (g->ist) {
        rsp = sys_ld(cpu, env->tr.base + 0x24 + 8 * (g->ist - 1), 8);
    } else if (new_cpl < old_cpl) {
        rsp = sys_ld(cpu, env->tr.base + 4 + 8 * new_cpl, 8);
    } else {
        rsp = env->regs[R_ESP];
    }
    return rsp & ~15ull;
}

/* Deliver cpu->exception_index in long mode. */
static void x86_deliver_long(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    int vector = cpu->exception_index;
    unsigned old_cpl = cpu->hflags & X86_HF_CPL_MASK, new_cpl;
    uint64_t desc, rsp, rip, flags = x86_get_eflags(env);
    X86Gate g;

    x86_read_gate(cpu, vector, &g);
    if (cpu->exception_is_int && old_cpl > g.dpl) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, vector * 8 + 2);
    }
    desc = x86_gdt_desc(cpu, g.selector, g.selector & ~3u);
    if (!desc_is_code64(desc)) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, g.selector & ~3u);
    }
    new_cpl = (desc >> (32 + X86_DESC_DPL_SHIFT)) & 3;
    if (new_cpl > old_cpl) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, g.selector & ~3u);
    }
    rsp = x86_handler_stack(cpu, &g, new_cpl, old_cpl);
    rip = cpu->exception_is_int ? cpu->exception_next_rip : env->rip;
    /* no error code for INT n and external interrupts, even vector 8-14 */
    /* push everything first (may fault), then commit */
    sys_st(cpu, rsp - 8, 8, env->segs[R_SS].selector);
    sys_st(cpu, rsp - 16, 8, env->regs[R_ESP]);
    sys_st(cpu, rsp - 24, 8, flags);
    sys_st(cpu, rsp - 32, 8, env->segs[R_CS].selector);
    sys_st(cpu, rsp - 40, 8, rip);
    rsp -= 40;
    if (x86_has_error_code(vector) && !cpu->exception_is_int &&
        !cpu->exception_is_ext) {
        sys_st(cpu, rsp - 8, 8, cpu->error_code);
        rsp -= 8;
    }
    if (new_cpl != old_cpl) {
        env->segs[R_SS].selector = new_cpl;     /* null selector */
    }
    x86_load_cs64(cpu, g.selector, desc, new_cpl);
    env->regs[R_ESP] = rsp;
    env->rip = g.offset;
    flags &= ~(uint64_t)(X86_TF | 0x4000 | 0x10000 | 0x20000);
    if (g.type == GATE_INT) {
        flags &= ~(uint64_t)X86_IF;
    }
    x86_set_eflags(env, flags);
    x86_update_hflags(cpu);
}

/* ---- real and protected mode ---- */

/* Push @v (@n bytes) on the legacy-mode stack during delivery. */
static void dpush(X86CPU *cpu, unsigned n, uint64_t v)
{
    uint64_t sp = cpu->env.regs[R_ESP] - n;

    soft_tlb_store(&cpu->tlb, x86_sp_linear(cpu, NULL, sp), n, v,
                   X86_MMU_KERNEL, X86_RA_DELIVERY);
    x86_set_sp(cpu, sp);
}

static uint64_t x86_return_rip(X86CPU *cpu)
{
    return cpu->exception_is_int ? cpu->exception_next_rip : cpu->env.rip;
}

static void x86_deliver_real(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    int vector = cpu->exception_index;
    uint64_t flags = x86_get_eflags(env), rip = x86_return_rip(cpu);
    uint32_t ivt;

    if (vector * 4 + 3 > env->idt.limit) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, vector * 8 + 2);
    }
    ivt = sys_ld(cpu, env->idt.base + vector * 4, 4);
    dpush(cpu, 2, flags);
    dpush(cpu, 2, env->segs[R_CS].selector);
    dpush(cpu, 2, rip);
    env->segs[R_CS].selector = ivt >> 16;
    env->segs[R_CS].base = (ivt >> 16) << 4;
    env->rip = ivt & 0xffff;
    x86_set_eflags(env, flags & ~(uint64_t)(X86_IF | X86_TF | 0x40000 |
                                            0x10000));
    x86_update_hflags(cpu);
}

/* The interrupt stack at inner level @level from the 32-bit TSS. */
static void x86_tss_stack(X86CPU *cpu, unsigned level, unsigned n)
{
    CPUX86State *env = &cpu->env;
    uint64_t old_ss = env->segs[R_SS].selector, old_esp = env->regs[R_ESP];
    uint32_t esp;
    uint16_t ss;

    if (!(env->tr.flags & (8u << 8))) {
        qemu_log_mask(LOG_UNIMP, "x86: interrupt stack switch with a "
                      "16-bit TSS is not implemented\n");
        x86_raise_at(cpu, env->rip, 10, env->tr.selector & ~3u);
    }
    if (8 * level + 11 > env->tr.limit) {
        x86_raise_at(cpu, env->rip, 10, env->tr.selector & ~3u);
    }
    esp = sys_ld(cpu, env->tr.base + 4 + 8 * level, 4);
    ss = sys_ld(cpu, env->tr.base + 8 + 8 * level, 2);
    x86_load_ss_outer(cpu, NULL, ss, level);
    env->regs[R_ESP] = esp;
    dpush(cpu, n, old_ss);
    dpush(cpu, n, old_esp);
}

static void x86_deliver_prot(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    int vector = cpu->exception_index;
    unsigned old_cpl = cpu->hflags & X86_HF_CPL_MASK, new_cpl, type, n;
    uint32_t err = vector * 8 + 2, chi;
    uint64_t gate, desc, flags = x86_get_eflags(env), rip, off;
    uint16_t sel, cs = env->segs[R_CS].selector;

    if (vector * 8 + 7 > env->idt.limit) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, err);
    }
    gate = sys_ld(cpu, env->idt.base + vector * 8, 8);
    type = (gate >> 40) & 0x1f;
    if (type != 0x05 && type != 0x06 && type != 0x07 && type != 0x0e &&
        type != 0x0f) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, err);
    }
    if (cpu->exception_is_int && old_cpl > ((gate >> 45) & 3)) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, err);
    }
    if (!((gate >> 47) & 1)) {
        x86_raise_at(cpu, env->rip, X86_EXCP_NP, err);
    }
    if (type == 0x05) {
        /* a task gate: the handler is another task */
        bool push = x86_has_error_code(vector) && !cpu->exception_is_int &&
                    !cpu->exception_is_ext;

        x86_task_switch(cpu, NULL, gate >> 16, X86_TASK_INT,
                        x86_return_rip(cpu), push ? (int)cpu->error_code : -1);
        return;
    }
    n = type & 8 ? 4 : 2;
    sel = gate >> 16;
    off = (gate & 0xffff) | (n == 4 ? (gate >> 32) & 0xffff0000u : 0);
    if ((sel & ~3u) == 0) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, 0);
    }
    desc = x86_read_desc(cpu, NULL, sel);
    chi = desc >> 32;
    new_cpl = chi & (1u << 10) ? old_cpl : (chi >> X86_DESC_DPL_SHIFT) & 3;
    if ((chi & (3u << 11)) != (3u << 11) || new_cpl > old_cpl) {
        x86_raise_at(cpu, env->rip, X86_EXCP_GP, sel & ~3u);
    }
    if (!(chi & X86_DESC_P)) {
        x86_raise_at(cpu, env->rip, X86_EXCP_NP, sel & ~3u);
    }
    rip = x86_return_rip(cpu);
    if (new_cpl < old_cpl) {
        x86_tss_stack(cpu, new_cpl, n);
    }
    dpush(cpu, n, flags);
    dpush(cpu, n, cs);
    dpush(cpu, n, rip);
    if (x86_has_error_code(vector) && !cpu->exception_is_int &&
        !cpu->exception_is_ext) {
        dpush(cpu, n, cpu->error_code);
    }
    x86_load_cs(cpu, sel, desc, new_cpl);
    env->rip = off;
    flags &= ~(uint64_t)(X86_TF | 0x4000 | 0x10000 | 0x20000);
    if (!(type & 1)) {
        flags &= ~(uint64_t)X86_IF;
    }
    x86_set_eflags(env, flags);
}

/* Deliver cpu->exception_index; may fault (longjmp) while doing it. */
static void x86_deliver(X86CPU *cpu)
{
    if (!(cpu->env.cr[0] & X86_CR0_PE)) {
        x86_deliver_real(cpu);
    } else if (cpu->env.efer & X86_EFER_LMA) {
        x86_deliver_long(cpu);
    } else {
        x86_deliver_prot(cpu);
    }
}

static bool x86_is_contributory(int v)
{
    return v == X86_EXCP_DE || (v >= 10 && v <= 13);
}

/*
 * A fault (@second) happened while delivering @first: returns the vector
 * to deliver now, or -1 for a triple fault.
 */
static int x86_combine(int first, int second)
{
    if (first == X86_EXCP_DF) {
        return -1;
    }
    if ((x86_is_contributory(first) && x86_is_contributory(second)) ||
        (first == X86_EXCP_PF && (second == X86_EXCP_PF ||
                                  x86_is_contributory(second)))) {
        return X86_EXCP_DF;
    }
    return second;
}

/*
 * Deliver the pending exception.  Called under the exec setjmp; a fault
 * while delivering comes back here through x86_exception_nested().
 */
void x86_deliver_pending(X86CPU *cpu)
{
    cpu->delivering = cpu->exception_index;
    qemu_log_mask(CPU_LOG_INT, "x86: exception %d (error 0x%x) at RIP 0x%"
                  PRIx64 "\n", cpu->exception_index, cpu->error_code,
                  cpu->env.rip);
    x86_deliver(cpu);
    /*
     * A delivery counts as one instruction: a handler that faults at once
     * (a loop of deliveries) still consumes the budget, so exec() ends.
     */
    cpu->insns_done++;
    cpu->delivering = -1;
    cpu->exception_index = -1;
    cpu->exception_is_int = false;
    cpu->exception_is_ext = false;
}

/* Returns false on a triple fault. */
bool x86_exception_nested(X86CPU *cpu)
{
    int v;

    if (cpu->delivering < 0) {
        return true;
    }
    /* INT n and external interrupts are not exception classes: no #DF */
    v = cpu->exception_is_int || cpu->exception_is_ext
        ? cpu->exception_index
        : x86_combine(cpu->delivering, cpu->exception_index);
    cpu->exception_is_int = false;
    cpu->exception_is_ext = false;
    cpu->delivering = -1;
    if (v < 0) {
        return false;
    }
    if (v == X86_EXCP_DF) {
        cpu->error_code = 0;
    }
    cpu->exception_index = v;
    return true;
}

/* ---- instructions ---- */

/* INT n / INT3: a trap (RIP after the instruction), gate DPL checked. */
const X86Op *x86_op_int(X86CPU *cpu, const X86Op *op)
{
    cpu->exception_is_int = true;
    cpu->exception_next_rip = x86_next_rip(cpu, op);
    cpu->insns_done++;      /* the INT itself completes */
    x86_raise(cpu, op, op->imm & 0xff, 0);
}

/* EFLAGS bits an IRET/POPF may change at this CPL and IOPL. */
static uint64_t x86_iret_mask(X86CPU *cpu, unsigned size)
{
    unsigned level = cpu->hflags & X86_HF_CPL_MASK;
    uint64_t mask = X86_ARITH_FLAGS | X86_TF | X86_DF | 0x4000 | 0x10000 |
                    0x40000 | 0x200000;

    if (level == 0) {
        mask |= 0x3000 | X86_IF | 0x180000;     /* IOPL, IF, VIF, VIP */
    } else if (level <= ((cpu->env.eflags >> 12) & 3)) {
        mask |= X86_IF;
    }
    return size == 2 ? mask & 0xffff : mask;
}

static void x86_iret_flags(X86CPU *cpu, uint64_t flags, uint64_t mask)
{
    CPUX86State *env = &cpu->env;

    x86_set_eflags(env, (x86_get_eflags(env) & ~mask) | (flags & mask));
    cpu->nmi_blocked = false;
}

/* IRET (op->size 8: IRETQ) in 64-bit mode: always pops SS:RSP. */
const X86Op *x86_op_iretq(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned n = op->size, cpl = cpu->hflags & X86_HF_CPL_MASK, level;
    uint64_t rip, flags, rsp, desc, mask = x86_iret_mask(cpu, n);
    uint16_t cs, ss;

    rip = x86_stack_ld(cpu, op, 0, n);
    cs = x86_stack_ld(cpu, op, n, n);
    flags = x86_stack_ld(cpu, op, 2 * n, n);
    rsp = x86_stack_ld(cpu, op, 3 * n, n);
    ss = x86_stack_ld(cpu, op, 4 * n, n);
    if (flags & 0x4000) {
        qemu_log_mask(LOG_UNIMP, "x86: IRET with NT (task return) is not "
                      "implemented in long mode\n");
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    level = x86_check_return_cs(cpu, op, cs, &desc);
    if ((desc >> 32) & X86_DESC_L ? !x86_is_canonical(rip)
                                  : rip > 0xffffffffu) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    if ((ss & ~3u) || level == 3 || level != cpl) {
        x86_load_ss_outer(cpu, op, ss, level);
    } else {
        env->segs[R_SS].selector = ss;
    }
    x86_load_cs(cpu, cs, desc, level);
    env->regs[R_ESP] = rsp;
    env->rip = rip;
    x86_iret_flags(cpu, flags, mask);
    if (level > cpl) {
        x86_null_inner_segs(cpu);
    }
    return op;
}

static const X86Op *x86_iret_real(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned n = op->size;
    uint64_t ip = x86_stack_ld(cpu, op, 0, n);
    uint16_t cs = x86_stack_ld(cpu, op, n, n);
    uint64_t flags = x86_stack_ld(cpu, op, 2 * n, n);
    uint64_t mask = X86_ARITH_FLAGS | X86_TF | X86_IF | X86_DF | 0x7000 |
                    0x10000 | 0x40000 | 0x200000;

    x86_set_sp(cpu, env->regs[R_ESP] + 3 * n);
    env->segs[R_CS].selector = cs;
    env->segs[R_CS].base = (uint32_t)cs << 4;
    env->rip = ip;
    x86_iret_flags(cpu, flags, n == 2 ? mask & 0xffff : mask);
    x86_update_hflags(cpu);
    return op;
}

/* Protected mode (and compatibility mode): SS:ESP only to an outer level. */
static const X86Op *x86_iret_prot(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned n = op->size, cpl = cpu->hflags & X86_HF_CPL_MASK, level;
    uint64_t eip, flags, desc, esp, mask = x86_iret_mask(cpu, n);
    uint16_t cs, ss;

    if (env->eflags & 0x4000) {
        /* NT: return to the task in the back-link of the current TSS */
        x86_task_switch(cpu, op, x86_sys_ld(cpu, op, env->tr.base, 2),
                        X86_TASK_IRET, x86_next_rip(cpu, op), -1);
        return op;
    }
    eip = x86_stack_ld(cpu, op, 0, n);
    cs = x86_stack_ld(cpu, op, n, n);
    flags = x86_stack_ld(cpu, op, 2 * n, n);
    if ((flags & 0x20000) && cpl == 0 && n == 4) {
        qemu_log_mask(LOG_UNIMP, "x86: IRET to virtual-8086 mode is not "
                      "implemented\n");
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    level = x86_check_return_cs(cpu, op, cs, &desc);
    x86_check_target_eip(cpu, op, desc, eip);
    if (level == cpl) {
        x86_load_cs(cpu, cs, desc, level);
        x86_set_sp(cpu, env->regs[R_ESP] + 3 * n);
    } else {
        esp = x86_stack_ld(cpu, op, 3 * n, n);
        ss = x86_stack_ld(cpu, op, 4 * n, n);
        x86_load_ss_outer(cpu, op, ss, level);
        x86_load_cs(cpu, cs, desc, level);
        x86_set_sp(cpu, esp);
        x86_null_inner_segs(cpu);
    }
    env->rip = eip;
    x86_iret_flags(cpu, flags, mask);
    return op;
}

/* IRET/IRETD/IRETQ: op->size is the operand size. */
const X86Op *x86_op_iret(X86CPU *cpu, const X86Op *op)
{
    if (!(cpu->env.cr[0] & X86_CR0_PE)) {
        return x86_iret_real(cpu, op);
    }
    if (cpu->hflags & X86_HF_CS64) {
        return x86_op_iretq(cpu, op);
    }
    return x86_iret_prot(cpu, op);
}

/*
 * LTR: load the TSS descriptor (16 bytes in long mode, else 8: a 32-bit
 * or 16-bit TSS) and mark it busy.
 */
const X86Op *x86_op_ltr(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    bool lma = env->efer & X86_EFER_LMA;
    uint64_t ea = 0, sel, lo, hi = 0;
    unsigned type;

    if (!(env->cr[0] & X86_CR0_PE)) {
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    if (cpu->hflags & X86_HF_CPL_MASK) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    sel = x86_get_e(cpu, op, &ea) & 0xffff;
    if ((sel & 4) || (sel & ~7u) == 0 ||
        (sel | 7u) + (lma ? 8 : 0) > env->gdt.limit) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    lo = x86_ld(cpu, op, env->gdt.base + (sel & ~7u), 8);
    if (lma) {
        hi = x86_ld(cpu, op, env->gdt.base + (sel & ~7u) + 8, 8);
    }
    type = (lo >> 40) & 0x1f;
    if (type != 0x09 && (lma || type != 0x01)) {     /* available TSS */
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    if (!((lo >> 47) & 1)) {
        x86_raise(cpu, op, X86_EXCP_NP, sel & ~3u);
    }
    x86_st(cpu, op, env->gdt.base + (sel & ~7u), 8, lo | (2ull << 40));
    env->tr.selector = sel;
    env->tr.base = ((lo >> 16) & 0xffffff) | ((lo >> 32) & 0xff000000ull) |
                   (hi << 32);
    env->tr.limit = (lo & 0xffff) | ((lo >> 32) & 0xf0000);
    env->tr.flags = (uint32_t)(lo >> 32) & 0x00f0ff00u;
    return x86_next(cpu, op);
}

/* ---- SYSCALL / SYSRET (64-bit mode) ---- */

/* Flat segment state loaded by SYSCALL/SYSRET (descriptors not read). */
static void x86_load_flat(X86Segment *seg, uint16_t sel, uint32_t flags)
{
    seg->selector = sel;
    seg->base = 0;
    seg->limit = 0xffffffff;
    seg->flags = flags;
}

const X86Op *x86_op_syscall(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint16_t sel = (env->star >> 32) & 0xfffc;
    bool compat = !(cpu->hflags & X86_HF_CS64);

    if (!(env->efer & X86_EFER_SCE)) {
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    if (!(env->efer & X86_EFER_LMA)) {
        qemu_log_mask(LOG_UNIMP, "x86: SYSCALL outside long mode is not "
                      "implemented\n");
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    env->regs[R_ECX] = x86_next_rip(cpu, op);
    env->regs[R_R11] = x86_get_eflags(env) & ~0x10000ull;   /* RF */
    x86_set_eflags(env, x86_get_eflags(env) & ~env->fmask & ~0x10000ull);
    x86_load_flat(&env->segs[R_CS], sel, X86_DESC_P | X86_DESC_G |
                  X86_DESC_L | (0x1bu << 8));
    x86_load_flat(&env->segs[R_SS], sel + 8, X86_DESC_P | X86_DESC_G |
                  X86_DESC_DB | (0x13u << 8));
    env->rip = compat ? env->cstar : env->lstar;
    x86_update_hflags(cpu);
    return op;
}

const X86Op *x86_op_sysret(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint16_t sel = (env->star >> 48) & 0xfffc;
    uint32_t user = 3u << X86_DESC_DPL_SHIFT;

    if (!(env->efer & X86_EFER_SCE)) {
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    if ((cpu->hflags & X86_HF_CPL_MASK) != 0 ||
        !x86_is_canonical(env->regs[R_ECX])) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    if (op->size == 8) {
        x86_load_flat(&env->segs[R_CS], (sel + 16) | 3, X86_DESC_P |
                      X86_DESC_G | X86_DESC_L | user | (0x1bu << 8));
    } else {
        /* SYSRET (no REX.W): to 32-bit compatibility-mode code */
        x86_load_flat(&env->segs[R_CS], sel | 3, X86_DESC_P | X86_DESC_G |
                      X86_DESC_DB | user | (0x1bu << 8));
    }
    /* SS gets the selector; its cached descriptor stays flat */
    env->segs[R_SS].selector = (sel + 8) | 3;
    env->segs[R_SS].flags = X86_DESC_P | X86_DESC_G | X86_DESC_DB | user |
                            (0x13u << 8);
    env->rip = op->size == 8 ? env->regs[R_ECX] : (uint32_t)env->regs[R_ECX];
    x86_set_eflags(env, (env->regs[R_R11] & 0x3c7fd7ull) | X86_FLAGS_FIXED);
    x86_update_hflags(cpu);
    return op;
}
