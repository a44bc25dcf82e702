/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Exception and interrupt delivery in long mode, IRETQ and LTR.
 *
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
           vector == 21;
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

/* Deliver cpu->exception_index; may fault (longjmp) while doing it. */
static void x86_deliver(X86CPU *cpu)
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

/* IRETQ from 64-bit mode to 64-bit code (no return to compatibility). */
const X86Op *x86_op_iretq(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t sp = env->regs[R_ESP], rip, cs, flags, rsp, ss, desc;
    unsigned cpl = cpu->hflags & X86_HF_CPL_MASK, new_cpl;
    uint64_t mask = X86_ARITH_FLAGS | X86_TF | X86_DF | 0x4000 | 0x40000 |
                    0x200000;

    rip = x86_ld(cpu, op, sp, 8);
    cs = x86_ld(cpu, op, sp + 8, 8) & 0xffff;
    flags = x86_ld(cpu, op, sp + 16, 8);
    rsp = x86_ld(cpu, op, sp + 24, 8);
    ss = x86_ld(cpu, op, sp + 32, 8) & 0xffff;
    new_cpl = cs & 3;
    if (new_cpl < cpl || !x86_is_canonical(rip)) {
        x86_raise(cpu, op, X86_EXCP_GP, cs & ~3u);
    }
    desc = x86_gdt_desc(cpu, cs, cs & ~3u);
    if (!desc_is_code64(desc)) {
        qemu_log_mask(LOG_UNIMP, "x86: IRET to a non-64-bit code segment "
                      "is not implemented\n");
        x86_raise(cpu, op, X86_EXCP_GP, cs & ~3u);
    }
    if (cpl == 0) {
        mask |= 0x3000 | X86_IF;
    } else if (cpl <= ((env->eflags >> 12) & 3)) {
        mask |= X86_IF;
    }
    cpu->nmi_blocked = false;
    x86_load_cs64(cpu, cs, desc, new_cpl);
    env->segs[R_SS].selector = ss;
    env->regs[R_ESP] = rsp;
    env->rip = rip;
    x86_set_eflags(env, (x86_get_eflags(env) & ~mask) | (flags & mask));
    x86_update_hflags(cpu);
    return op;
}

/* LTR: load the 16-byte 64-bit TSS descriptor and mark it busy. */
const X86Op *x86_op_ltr(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, sel, lo, hi;

    if (cpu->hflags & X86_HF_CPL_MASK) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    sel = x86_get_e(cpu, op, &ea) & 0xffff;
    if ((sel & 4) || (sel & ~7u) == 0 || (sel | 7u) + 8 > env->gdt.limit) {
        x86_raise(cpu, op, X86_EXCP_GP, sel & ~3u);
    }
    lo = x86_ld(cpu, op, env->gdt.base + (sel & ~7u), 8);
    hi = x86_ld(cpu, op, env->gdt.base + (sel & ~7u) + 8, 8);
    if (((lo >> 40) & 0x1f) != 0x09) {     /* available 64-bit TSS */
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

    if (!(env->efer & X86_EFER_SCE)) {
        x86_raise(cpu, op, X86_EXCP_UD, 0);
    }
    env->regs[R_ECX] = x86_next_rip(cpu, op);
    env->regs[R_R11] = x86_get_eflags(env) & ~0x10000ull;   /* RF */
    x86_set_eflags(env, x86_get_eflags(env) & ~env->fmask & ~0x10000ull);
    x86_load_flat(&env->segs[R_CS], sel, X86_DESC_P | X86_DESC_G |
                  X86_DESC_L | (0x1bu << 8));
    x86_load_flat(&env->segs[R_SS], sel + 8, X86_DESC_P | X86_DESC_G |
                  X86_DESC_DB | (0x13u << 8));
    env->rip = env->lstar;
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
    x86_load_flat(&env->segs[R_CS], (sel + 16) | 3, X86_DESC_P |
                  X86_DESC_G | X86_DESC_L | user | (0x1bu << 8));
    /* SS gets the selector; its cached descriptor stays flat */
    env->segs[R_SS].selector = (sel + 8) | 3;
    env->segs[R_SS].flags = X86_DESC_P | X86_DESC_G | X86_DESC_DB | user |
                            (0x13u << 8);
    env->rip = env->regs[R_ECX];
    x86_set_eflags(env, (env->regs[R_R11] & 0x3c7fd7ull) | X86_FLAGS_FIXED);
    x86_update_hflags(cpu);
    return op;
}
