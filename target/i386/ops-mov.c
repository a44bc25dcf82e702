/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handlers for moves, extensions, the stack, exchanges and conditional
 * moves.  Loads and stores happen before any register is written.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

const X86Op *x86_op_mov_rr(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;

    x86_set_reg(env, op->rm, op->size, x86_get_reg(env, op->reg, op->size));
    return x86_next(cpu, op);
}

const X86Op *x86_op_mov_ri(X86CPU *cpu, const X86Op *op)
{
    x86_set_reg(&cpu->env, op->reg, op->size, op->imm);
    return x86_next(cpu, op);
}

const X86Op *x86_op_mov_load(X86CPU *cpu, const X86Op *op)
{
    uint64_t v = x86_ld(cpu, op, x86_ea(cpu, op), op->size);

    x86_set_reg(&cpu->env, op->reg, op->size, v);
    return x86_next(cpu, op);
}

const X86Op *x86_op_mov_store(X86CPU *cpu, const X86Op *op)
{
    x86_st(cpu, op, x86_ea(cpu, op), op->size,
           x86_get_reg(&cpu->env, op->reg, op->size));
    return x86_next(cpu, op);
}

const X86Op *x86_op_mov_mi(X86CPU *cpu, const X86Op *op)
{
    x86_st(cpu, op, x86_ea(cpu, op), op->size, op->imm);
    return x86_next(cpu, op);
}

/* Source of MOVZX/MOVSX/MOVSXD: op->sub bytes from E. */
static uint64_t movx_src(X86CPU *cpu, const X86Op *op)
{
    if (op->flags & X86_OPF_MEM) {
        return x86_ld(cpu, op, x86_ea(cpu, op), op->sub);
    }
    return x86_get_reg(&cpu->env, op->rm, op->sub);
}

const X86Op *x86_op_movzx(X86CPU *cpu, const X86Op *op)
{
    x86_set_reg(&cpu->env, op->reg, op->size, movx_src(cpu, op));
    return x86_next(cpu, op);
}

const X86Op *x86_op_movsx(X86CPU *cpu, const X86Op *op)
{
    x86_set_reg(&cpu->env, op->reg, op->size,
                x86_sext(movx_src(cpu, op), op->sub));
    return x86_next(cpu, op);
}

const X86Op *x86_op_lea(X86CPU *cpu, const X86Op *op)
{
    x86_set_reg(&cpu->env, op->reg, op->size, x86_ea(cpu, op));
    return x86_next(cpu, op);
}

/* ---- stack (x86_push/x86_pop: RSP, or SS:ESP/SP in legacy modes) ---- */

static void push(X86CPU *cpu, const X86Op *op, uint64_t v)
{
    x86_push(cpu, op, op->size, v);
}

const X86Op *x86_op_push_r(X86CPU *cpu, const X86Op *op)
{
    push(cpu, op, x86_get_reg(&cpu->env, op->reg, op->size));
    return x86_next(cpu, op);
}

const X86Op *x86_op_push_i(X86CPU *cpu, const X86Op *op)
{
    push(cpu, op, op->imm);
    return x86_next(cpu, op);
}

const X86Op *x86_op_push_e(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0;

    push(cpu, op, x86_get_e(cpu, op, &ea));
    return x86_next(cpu, op);
}

const X86Op *x86_op_pop_r(X86CPU *cpu, const X86Op *op)
{
    uint64_t v = x86_pop(cpu, op, op->size);

    x86_set_reg(&cpu->env, op->reg, op->size, v);
    return x86_next(cpu, op);
}

const X86Op *x86_op_pop_e(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t v = x86_stack_ld(cpu, op, 0, op->size);
    uint64_t ea, old_sp = env->regs[R_ESP];

    if (!(op->flags & X86_OPF_MEM)) {
        x86_set_sp(cpu, old_sp + op->size);
        x86_set_reg(env, op->rm, op->size, v);
        return x86_next(cpu, op);
    }
    /* an RSP-based destination is addressed after the increment */
    x86_set_sp(cpu, old_sp + op->size);
    ea = x86_ea(cpu, op);
    env->regs[R_ESP] = old_sp;
    x86_st(cpu, op, ea, op->size, v);
    x86_set_sp(cpu, old_sp + op->size);
    return x86_next(cpu, op);
}

const X86Op *x86_op_leave(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t bp = env->regs[R_EBP] & x86_sp_mask(cpu);
    uint64_t v = x86_ld(cpu, op, x86_sp_linear(cpu, op, bp), op->size);

    x86_set_sp(cpu, bp + op->size);
    x86_set_reg(env, R_EBP, op->size, v);
    return x86_next(cpu, op);
}

/*
 * ENTER size, level: push (E/R)BP, copy level-1 outer frame pointers,
 * push the new frame pointer, then reserve @size bytes.  Every load and
 * store happens before a register changes.
 */
const X86Op *x86_op_enter(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned n = op->size, level = op->sub;
    uint64_t mask = x86_sp_mask(cpu), sp = env->regs[R_ESP];
    uint64_t bp = env->regs[R_EBP], frame = (sp - n) & mask;
    uint64_t v;

    x86_st(cpu, op, x86_sp_linear(cpu, op, sp - n), n, bp);
    for (unsigned i = 1; i < level; i++) {
        v = x86_ld(cpu, op, x86_sp_linear(cpu, op, bp - i * n), n);
        x86_st(cpu, op, x86_sp_linear(cpu, op, sp - (i + 1) * n), n, v);
    }
    if (level) {
        x86_st(cpu, op, x86_sp_linear(cpu, op, sp - (level + 1) * n), n,
               frame);
    }
    x86_set_sp(cpu, sp - (level ? level + 1 : 1) * n - op->imm);
    x86_set_reg(env, R_EBP, n, frame);
    return x86_next(cpu, op);
}

/* PUSHA/PUSHAD: AX CX DX BX (original) SP BP SI DI. */
const X86Op *x86_op_pusha(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned n = op->size;
    uint64_t sp = env->regs[R_ESP];

    x86_stack_ld(cpu, op, -8 * (int64_t)n, n);     /* fault first */
    for (int r = R_EAX; r <= R_EDI; r++) {
        x86_push(cpu, op, n, r == R_ESP ? sp : env->regs[r]);
    }
    return x86_next(cpu, op);
}

/* POPA/POPAD: DI SI BP (skip SP) BX DX CX AX. */
const X86Op *x86_op_popa(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned n = op->size;
    uint64_t v[8];

    for (int i = 0; i < 8; i++) {
        v[i] = x86_stack_ld(cpu, op, i * n, n);
    }
    x86_set_sp(cpu, env->regs[R_ESP] + 8 * n);
    for (int i = 0; i < 8; i++) {
        if (R_EDI - i != R_ESP) {
            x86_set_reg(env, R_EDI - i, n, v[i]);
        }
    }
    return x86_next(cpu, op);
}

/* ---- exchanges (LOCK is atomic by construction: one thread) ---- */

const X86Op *x86_op_xchg(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, a = x86_get_e(cpu, op, &ea);
    uint64_t b = x86_get_reg(env, op->reg, op->size);

    x86_set_e(cpu, op, ea, b);
    x86_set_reg(env, op->reg, op->size, a);
    return x86_next(cpu, op);
}

const X86Op *x86_op_cmpxchg(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, dest = x86_get_e(cpu, op, &ea);
    uint64_t acc = x86_get_reg(env, R_EAX, op->size);
    bool eq = dest == acc;

    if (eq) {
        x86_set_e(cpu, op, ea, x86_get_reg(env, op->reg, op->size));
    } else {
        if (op->flags & X86_OPF_MEM) {
            x86_st(cpu, op, ea, op->size, dest);    /* always written */
        }
        x86_set_reg(env, R_EAX, op->size, dest);
    }
    x86_cc_set(env, X86_CC_SUB, op->size, acc - dest, acc, dest);
    return x86_next(cpu, op);
}

const X86Op *x86_op_xadd(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, a = x86_get_e(cpu, op, &ea);
    uint64_t b = x86_get_reg(env, op->reg, op->size);

    if (op->flags & X86_OPF_MEM) {
        x86_st(cpu, op, ea, op->size, a + b);
        x86_set_reg(env, op->reg, op->size, a);
    } else {
        x86_set_reg(env, op->reg, op->size, a);
        x86_set_reg(env, op->rm, op->size, a + b);
    }
    x86_cc_set(env, X86_CC_ADD, op->size, a + b, a, b);
    return x86_next(cpu, op);
}

/* CMPXCHG8B / CMPXCHG16B (op->size 8 or 16; 16 must be aligned). */
const X86Op *x86_op_cmpxchg8b(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned half = op->size / 2;
    uint64_t ea = x86_ea(cpu, op), lo, hi;
    bool eq;

    if (op->size == 16 && (ea & 15)) {
        x86_raise(cpu, op, X86_EXCP_GP, 0);
    }
    lo = x86_ld(cpu, op, ea, half);
    hi = x86_ld(cpu, op, ea + half, half);
    eq = lo == x86_get_reg(env, R_EAX, half) &&
         hi == x86_get_reg(env, R_EDX, half);
    if (eq) {
        x86_st(cpu, op, ea, half, env->regs[R_EBX]);
        x86_st(cpu, op, ea + half, half, env->regs[R_ECX]);
    } else {
        x86_st(cpu, op, ea, half, lo);      /* always written */
        x86_set_reg(env, R_EAX, half, lo);
        x86_set_reg(env, R_EDX, half, hi);
    }
    x86_cc_materialize(env);
    env->eflags = (env->eflags & ~(uint64_t)X86_ZF) | (eq ? X86_ZF : 0);
    return x86_next(cpu, op);
}

const X86Op *x86_op_bswap(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t v = env->regs[op->reg];

    switch (op->size) {
    case 8:
        v = __builtin_bswap64(v);
        break;
    case 4:
        v = __builtin_bswap32((uint32_t)v);
        break;
    default:
        v = 0;      /* BSWAP r16 is undefined; zero like common parts */
        break;
    }
    x86_set_reg(env, op->reg, op->size, v);
    return x86_next(cpu, op);
}

/* CBW / CWDE / CDQE */
const X86Op *x86_op_cbw(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned half = op->size / 2;

    x86_set_reg(env, R_EAX, op->size,
                x86_sext(x86_get_reg(env, R_EAX, half), half));
    return x86_next(cpu, op);
}

/* CWD / CDQ / CQO */
const X86Op *x86_op_cwd(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t a = x86_get_reg(env, R_EAX, op->size);

    x86_set_reg(env, R_EDX, op->size,
                (a >> (op->size * 8 - 1)) & 1 ? ~0ull : 0);
    return x86_next(cpu, op);
}

const X86Op *x86_op_cmovcc(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, v = x86_get_e(cpu, op, &ea);   /* always read */

    if (x86_cc_fast(env, op->sub)) {
        x86_set_reg(env, op->reg, op->size, v);
    } else if (op->size == 4) {
        /* a 32-bit destination is zero-extended even when not moved */
        x86_set_reg(env, op->reg, 4, env->regs[op->reg]);
    }
    return x86_next(cpu, op);
}

const X86Op *x86_op_setcc(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0;

    if (op->flags & X86_OPF_MEM) {
        ea = x86_ea(cpu, op);
    }
    x86_set_e(cpu, op, ea, x86_cc_fast(&cpu->env, op->sub));
    return x86_next(cpu, op);
}
