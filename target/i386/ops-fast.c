/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Specialised handlers for the hottest instruction forms, chosen by the
 * translator (translate.c) in place of the general handlers of
 * ops-alu.c/ops-mov.c/ops-ctl.c when the form allows.
 *
 * Each handler is one operand form at one size: 32- or 64-bit general
 * registers, an immediate, or a "flat" memory operand (64-bit mode,
 * 64-bit addressing, no FS/GS override: x86_op_is_flat()), so it has no
 * run-time switch on size, operand kind or mode.  They compute exactly
 * what the general handlers compute, including the lazy-flag record, and
 * follow the same commit rule (the access that can fault comes first);
 * loads and stores take the inline soft-TLB hit (x86_ld_hit/x86_st_hit);
 * on anything else they tail-call the general handler for the whole
 * instruction (nothing has been changed yet at that point).
 *
 * The handlers are small static wrappers around one inline body with
 * constant arguments; x86_fast_*() return them from tables.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

static inline uint64_t fast_mask(unsigned size)
{
    return size == 8 ? ~0ull : 0xffffffffull;
}

/* ---- ADD/OR/AND/SUB/XOR/CMP/TEST ---- */

static inline uint64_t fast_alu_result(unsigned k, uint64_t a, uint64_t b)
{
    switch (k) {
    case X86_ALU_ADD:
        return a + b;
    case X86_ALU_OR:
        return a | b;
    case X86_ALU_AND:
    case X86_ALU_TEST:
        return a & b;
    case X86_ALU_XOR:
        return a ^ b;
    default:                /* SUB, CMP */
        return a - b;
    }
}

/* The general G = G op E handler, for a flat load that misses. */
static inline X86OpHandler fast_alu_general(unsigned k)
{
    switch (k) {
    case X86_ALU_ADD:
        return x86_op_add_ge;
    case X86_ALU_OR:
        return x86_op_or_ge;
    case X86_ALU_AND:
        return x86_op_and_ge;
    case X86_ALU_SUB:
        return x86_op_sub_ge;
    case X86_ALU_XOR:
        return x86_op_xor_ge;
    case X86_ALU_CMP:
        return x86_op_cmp_ge;
    default:
        return x86_op_test_eg;
    }
}

/*
 * RR: rm = rm op reg.  RI: rm = rm op imm.  RM: reg = reg op [mem].
 * CMP and TEST write only the flags.
 */
static inline const X86Op *fast_alu(X86CPU *cpu, const X86Op *op,
                                    unsigned k, unsigned form,
                                    unsigned size)
{
    CPUX86State *env = &cpu->env;
    uint64_t m = fast_mask(size);
    unsigned d = form == X86_FAST_RM ? op->reg : op->rm;
    uint64_t a, b, r;

    if (form == X86_FAST_RR) {
        b = env->regs[op->reg] & m;
    } else if (form == X86_FAST_RI) {
        b = op->imm & m;
    } else if (!x86_ld_hit(cpu, x86_ea_flat(cpu, op), size, &b)) {
        return fast_alu_general(k)(cpu, op);
    }
    a = env->regs[d] & m;
    r = fast_alu_result(k, a, b);
    if (k != X86_ALU_CMP && k != X86_ALU_TEST) {
        env->regs[d] = r & m;
    }
    x86_cc_set(env, x86_alu_cc_kind(k), size, r, a, b);
    return x86_next(cpu, op);
}

#define DEF_FAST_ALU(name, kind) \
    static const X86Op *name##_rr4(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_alu(cpu, op, kind, X86_FAST_RR, 4); \
    } \
    static const X86Op *name##_rr8(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_alu(cpu, op, kind, X86_FAST_RR, 8); \
    } \
    static const X86Op *name##_ri4(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_alu(cpu, op, kind, X86_FAST_RI, 4); \
    } \
    static const X86Op *name##_ri8(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_alu(cpu, op, kind, X86_FAST_RI, 8); \
    } \
    static const X86Op *name##_rm4(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_alu(cpu, op, kind, X86_FAST_RM, 4); \
    } \
    static const X86Op *name##_rm8(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_alu(cpu, op, kind, X86_FAST_RM, 8); \
    }

DEF_FAST_ALU(add, X86_ALU_ADD)
DEF_FAST_ALU(or, X86_ALU_OR)
DEF_FAST_ALU(and, X86_ALU_AND)
DEF_FAST_ALU(sub, X86_ALU_SUB)
DEF_FAST_ALU(xor, X86_ALU_XOR)
DEF_FAST_ALU(cmp, X86_ALU_CMP)
DEF_FAST_ALU(test, X86_ALU_TEST)

#define FAST_ALU_ROW(name) \
    { { name##_rr4, name##_rr8 }, { name##_ri4, name##_ri8 }, \
      { name##_rm4, name##_rm8 } }

/* [kind][form][size 4, 8]; ADC and SBB keep the general handlers */
static const X86OpHandler fast_alu_table[9][3][2] = {
    [X86_ALU_ADD] = FAST_ALU_ROW(add),
    [X86_ALU_OR] = FAST_ALU_ROW(or),
    [X86_ALU_AND] = FAST_ALU_ROW(and),
    [X86_ALU_SUB] = FAST_ALU_ROW(sub),
    [X86_ALU_XOR] = FAST_ALU_ROW(xor),
    [X86_ALU_CMP] = FAST_ALU_ROW(cmp),
    [X86_ALU_TEST] = FAST_ALU_ROW(test),
};

X86OpHandler x86_fast_alu(unsigned kind, unsigned form, unsigned size)
{
    if (kind > X86_ALU_TEST || form > X86_FAST_RM ||
        (size != 4 && size != 8)) {
        return NULL;
    }
    return fast_alu_table[kind][form][size == 8];
}

/* ---- MOV, MOVZX, MOVSXD, LEA ---- */

/* 32-bit writes zero-extend, so a size-4 move is a masked 64-bit one. */
static inline const X86Op *fast_mov_rr(X86CPU *cpu, const X86Op *op,
                                       unsigned size)
{
    cpu->env.regs[op->rm] = cpu->env.regs[op->reg] & fast_mask(size);
    return x86_next(cpu, op);
}

static inline const X86Op *fast_mov_ri(X86CPU *cpu, const X86Op *op,
                                       unsigned size)
{
    cpu->env.regs[op->reg] = op->imm & fast_mask(size);
    return x86_next(cpu, op);
}

static inline const X86Op *fast_mov_load(X86CPU *cpu, const X86Op *op,
                                         unsigned size)
{
    uint64_t v;

    if (!x86_ld_hit(cpu, x86_ea_flat(cpu, op), size, &v)) {
        return x86_op_mov_load(cpu, op);
    }
    cpu->env.regs[op->reg] = v;
    return x86_next(cpu, op);
}

static inline const X86Op *fast_mov_store(X86CPU *cpu, const X86Op *op,
                                          unsigned size)
{
    if (!x86_st_hit(cpu, x86_ea_flat(cpu, op), size,
                    cpu->env.regs[op->reg])) {
        return x86_op_mov_store(cpu, op);
    }
    return x86_next(cpu, op);
}

/* MOVZX r32/r64 from a low byte/word register (not AH..BH) */
static inline const X86Op *fast_movzx_r(X86CPU *cpu, const X86Op *op,
                                        unsigned src)
{
    cpu->env.regs[op->reg] = cpu->env.regs[op->rm] & x86_size_mask(src);
    return x86_next(cpu, op);
}

static inline const X86Op *fast_movzx_m(X86CPU *cpu, const X86Op *op,
                                        unsigned src)
{
    uint64_t v;

    if (!x86_ld_hit(cpu, x86_ea_flat(cpu, op), src, &v)) {
        return x86_op_movzx(cpu, op);
    }
    cpu->env.regs[op->reg] = v;
    return x86_next(cpu, op);
}

static inline const X86Op *fast_lea(X86CPU *cpu, const X86Op *op,
                                    unsigned size)
{
    cpu->env.regs[op->reg] = x86_ea_flat(cpu, op) & fast_mask(size);
    return x86_next(cpu, op);
}

#define DEF_FAST_SIZED(name, body, arg) \
    static const X86Op *name(X86CPU *cpu, const X86Op *op) \
    { \
        return body(cpu, op, arg); \
    }

DEF_FAST_SIZED(mov_rr4, fast_mov_rr, 4)
DEF_FAST_SIZED(mov_rr8, fast_mov_rr, 8)
DEF_FAST_SIZED(mov_ri4, fast_mov_ri, 4)
DEF_FAST_SIZED(mov_ri8, fast_mov_ri, 8)
DEF_FAST_SIZED(mov_load4, fast_mov_load, 4)
DEF_FAST_SIZED(mov_load8, fast_mov_load, 8)
DEF_FAST_SIZED(mov_store4, fast_mov_store, 4)
DEF_FAST_SIZED(mov_store8, fast_mov_store, 8)
DEF_FAST_SIZED(movzx_rb, fast_movzx_r, 1)
DEF_FAST_SIZED(movzx_rw, fast_movzx_r, 2)
DEF_FAST_SIZED(movzx_mb, fast_movzx_m, 1)
DEF_FAST_SIZED(movzx_mw, fast_movzx_m, 2)
DEF_FAST_SIZED(lea4, fast_lea, 4)
DEF_FAST_SIZED(lea8, fast_lea, 8)

X86OpHandler x86_fast_mov(unsigned form, unsigned size)
{
    static const X86OpHandler table[4][2] = {
        [X86_FAST_RR] = { mov_rr4, mov_rr8 },
        [X86_FAST_RI] = { mov_ri4, mov_ri8 },
        [X86_FAST_RM] = { mov_load4, mov_load8 },
        [X86_FAST_MR] = { mov_store4, mov_store8 },
    };

    if (form > X86_FAST_MR || (size != 4 && size != 8)) {
        return NULL;
    }
    return table[form][size == 8];
}

X86OpHandler x86_fast_movzx(bool mem, unsigned src_size, unsigned size)
{
    if (size != 4 && size != 8) {
        return NULL;
    }
    if (src_size == 1) {
        return mem ? movzx_mb : movzx_rb;
    }
    return mem ? movzx_mw : movzx_rw;
}

X86OpHandler x86_fast_lea(unsigned size)
{
    return size == 8 ? lea8 : size == 4 ? lea4 : NULL;
}

/* ---- MOVSXD r64, r/m32 ---- */

static const X86Op *movsxd_r(X86CPU *cpu, const X86Op *op)
{
    cpu->env.regs[op->reg] = (int64_t)(int32_t)cpu->env.regs[op->rm];
    return x86_next(cpu, op);
}

static const X86Op *movsxd_m(X86CPU *cpu, const X86Op *op)
{
    uint64_t v;

    if (!x86_ld_hit(cpu, x86_ea_flat(cpu, op), 4, &v)) {
        return x86_op_movsx(cpu, op);
    }
    cpu->env.regs[op->reg] = (int64_t)(int32_t)v;
    return x86_next(cpu, op);
}

X86OpHandler x86_fast_movsxd(bool mem)
{
    return mem ? movsxd_m : movsxd_r;
}

/* ---- SHL/SHR/SAR register by a non-zero immediate count ---- */

enum { FAST_SHL, FAST_SHR, FAST_SAR };

/* op->imm is the count, already masked and non-zero (translate.c) */
static inline const X86Op *fast_shift(X86CPU *cpu, const X86Op *op,
                                      unsigned k, unsigned size)
{
    CPUX86State *env = &cpu->env;
    uint64_t m = fast_mask(size), a = env->regs[op->rm] & m, r, last;
    unsigned c = op->imm;

    if (k == FAST_SHL) {
        r = a << c;
        last = a << (c - 1);
    } else if (k == FAST_SHR) {
        r = a >> c;
        last = a >> (c - 1);
    } else {
        a = x86_sext(a, size);
        r = (int64_t)a >> c;
        last = (int64_t)a >> (c - 1);
    }
    env->regs[op->rm] = r & m;
    x86_cc_set(env, k == FAST_SHL ? X86_CC_SHL : X86_CC_SHR, size, r, last,
               0);
    return x86_next(cpu, op);
}

#define DEF_FAST_SHIFT(name, kind) \
    static const X86Op *name##4(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_shift(cpu, op, kind, 4); \
    } \
    static const X86Op *name##8(X86CPU *cpu, const X86Op *op) \
    { \
        return fast_shift(cpu, op, kind, 8); \
    }

DEF_FAST_SHIFT(shl, FAST_SHL)
DEF_FAST_SHIFT(shr, FAST_SHR)
DEF_FAST_SHIFT(sar, FAST_SAR)

X86OpHandler x86_fast_shift(unsigned kind, unsigned size)
{
    static const X86OpHandler table[3][2] = {
        { shl4, shl8 }, { shr4, shr8 }, { sar4, sar8 },
    };

    if (kind > 2 || (size != 4 && size != 8)) {
        return NULL;
    }
    return table[kind][size == 8];
}

/* ---- INC/DEC of a 32/64-bit register ---- */

static inline const X86Op *fast_incdec(X86CPU *cpu, const X86Op *op,
                                       int delta, unsigned size)
{
    CPUX86State *env = &cpu->env;
    uint64_t a = env->regs[op->rm] & fast_mask(size);
    bool cf;

    /* CF is kept: only the kinds that give it cheaply stay here */
    if (env->cc_op != X86_CC_SUB && env->cc_op != X86_CC_LOGIC &&
        env->cc_op != X86_CC_ADD && env->cc_op != X86_CC_INC &&
        env->cc_op != X86_CC_DEC) {
        return delta > 0 ? x86_op_inc(cpu, op) : x86_op_dec(cpu, op);
    }
    cf = x86_cf(env);

    env->regs[op->rm] = (a + delta) & fast_mask(size);
    x86_cc_set(env, delta > 0 ? X86_CC_INC : X86_CC_DEC, size, a + delta,
               a, cf);
    return x86_next(cpu, op);
}

static const X86Op *inc4(X86CPU *cpu, const X86Op *op)
{
    return fast_incdec(cpu, op, 1, 4);
}

static const X86Op *dec4(X86CPU *cpu, const X86Op *op)
{
    return fast_incdec(cpu, op, -1, 4);
}

static const X86Op *inc8(X86CPU *cpu, const X86Op *op)
{
    return fast_incdec(cpu, op, 1, 8);
}

static const X86Op *dec8(X86CPU *cpu, const X86Op *op)
{
    return fast_incdec(cpu, op, -1, 8);
}

X86OpHandler x86_fast_incdec(bool dec, unsigned size)
{
    if (size != 4 && size != 8) {
        return NULL;
    }
    return dec ? (size == 8 ? dec8 : dec4) : (size == 8 ? inc8 : inc4);
}

/* ---- 64-bit mode stack: PUSH/POP r64, CALL rel32, RET ---- */

static const X86Op *push64(X86CPU *cpu, const X86Op *op)
{
    uint64_t sp = cpu->env.regs[R_ESP] - 8;

    if (!x86_st_hit(cpu, sp, 8, cpu->env.regs[op->reg])) {
        return x86_op_push_r(cpu, op);
    }
    cpu->env.regs[R_ESP] = sp;
    return x86_next(cpu, op);
}

static const X86Op *pop64(X86CPU *cpu, const X86Op *op)
{
    uint64_t v;

    if (!x86_ld_hit(cpu, cpu->env.regs[R_ESP], 8, &v)) {
        return x86_op_pop_r(cpu, op);
    }
    cpu->env.regs[R_ESP] += 8;
    cpu->env.regs[op->reg] = v;     /* POP RSP: the loaded value wins */
    return x86_next(cpu, op);
}

static const X86Op *call64(X86CPU *cpu, const X86Op *op)
{
    uint64_t sp = cpu->env.regs[R_ESP] - 8;

    if (!x86_st_hit(cpu, sp, 8, x86_next_rip(cpu, op))) {
        return x86_op_call(cpu, op);
    }
    cpu->env.regs[R_ESP] = sp;
    cpu->env.rip = op->imm;
    return x86_chain_slot(cpu, op, 1, X86_SLOT_JUMP);
}

static const X86Op *ret64(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t t;

    if (!x86_ld_hit(cpu, env->regs[R_ESP], 8, &t) ||
        unlikely(!x86_is_canonical(t))) {
        return x86_op_ret(cpu, op);     /* it raises the #GP */
    }
    env->regs[R_ESP] += 8 + (op->imm & 0xffff);
    env->rip = t;
    return x86_chain_next(cpu, op, 1);
}

X86OpHandler x86_fast_stack(unsigned which)
{
    static const X86OpHandler table[] = {
        [X86_FAST_PUSH] = push64,
        [X86_FAST_POP] = pop64,
        [X86_FAST_CALL] = call64,
        [X86_FAST_RET] = ret64,
    };

    return which < ARRAY_SIZE(table) ? table[which] : NULL;
}

/* ---- CMP/TEST reg, reg/imm fused with the Jcc after it ---- */

/*
 * The eight condition pairs of the Jcc encoding (cc >> 1) as bits, from
 * the operands of a SUB (CMP) or a logic op (TEST: CF = OF = 0).
 */
static inline unsigned fused_conds(uint64_t a, uint64_t b, uint64_t r,
                                   unsigned size, bool sub)
{
    unsigned sh = 64 - size * 8;
    uint64_t rs = r << sh;
    unsigned cf = sub && (a << sh) < (b << sh);
    unsigned of = sub && (int64_t)(((a ^ b) & (a ^ r)) << sh) < 0;
    unsigned zf = rs == 0, sf = (int64_t)rs < 0, lt = sf ^ of;
    unsigned pf = !__builtin_parity((unsigned)(r & 0xff));

    return of | cf << 1 | zf << 2 | (cf | zf) << 3 | sf << 4 | pf << 5 |
           lt << 6 | (zf | lt) << 7;
}

/*
 * The record of the CMP/TEST runs both instructions: the flags are still
 * recorded (they stay visible after the Jcc), the branch is decided from
 * the operands at hand, and the Jcc's record (op + 1, which keeps its own
 * handler, so it also runs on its own) is where the block ends.  If that
 * record was turned into a terminator (end of the budget, code written)
 * only the compare runs.
 */
static inline const X86Op *fused_cmp_jcc(X86CPU *cpu, const X86Op *op,
                                         bool test, unsigned form,
                                         unsigned size)
{
    CPUX86State *env = &cpu->env;
    const X86Op *j = op + 1;
    uint64_t m = fast_mask(size), a = env->regs[op->rm] & m, b, r;
    unsigned cc, take;

    b = form == X86_FAST_RR ? env->regs[op->reg] & m : op->imm & m;
    r = test ? a & b : a - b;
    x86_cc_set(env, test ? X86_CC_LOGIC : X86_CC_SUB, size, r, a, b);
    if (unlikely(j->fn == x86_op_end)) {
        return x86_next(cpu, op);
    }
    cc = j->sub;
    take = ((fused_conds(a, b, r, size, !test) >> (cc >> 1)) ^ cc) & 1;
    /* without a branch: the condition is data, a mispredict costs more */
    env->rip = x86_next_rip(cpu, j) ^
               ((j->imm ^ x86_next_rip(cpu, j)) & -(uint64_t)take);
    return x86_chain_slot(cpu, j, 1, take ? X86_SLOT_JUMP : X86_SLOT_FALL);
}

#define DEF_FUSED(name, test, form) \
    static const X86Op *name##4(X86CPU *cpu, const X86Op *op) \
    { \
        return fused_cmp_jcc(cpu, op, test, form, 4); \
    } \
    static const X86Op *name##8(X86CPU *cpu, const X86Op *op) \
    { \
        return fused_cmp_jcc(cpu, op, test, form, 8); \
    }

DEF_FUSED(cmp_rr_jcc, false, X86_FAST_RR)
DEF_FUSED(cmp_ri_jcc, false, X86_FAST_RI)
DEF_FUSED(test_rr_jcc, true, X86_FAST_RR)
DEF_FUSED(test_ri_jcc, true, X86_FAST_RI)

X86OpHandler x86_fast_fuse_jcc(X86OpHandler prev)
{
    static const X86OpHandler pairs[][2] = {
        { cmp_rr4, cmp_rr_jcc4 }, { cmp_rr8, cmp_rr_jcc8 },
        { cmp_ri4, cmp_ri_jcc4 }, { cmp_ri8, cmp_ri_jcc8 },
        { test_rr4, test_rr_jcc4 }, { test_rr8, test_rr_jcc8 },
        { test_ri4, test_ri_jcc4 }, { test_ri8, test_ri_jcc8 },
    };

    for (unsigned i = 0; i < ARRAY_SIZE(pairs); i++) {
        if (pairs[i][0] == prev) {
            return pairs[i][1];
        }
    }
    return NULL;
}

/* ---- IMUL r, r/m (32/64-bit registers), DIV r/m32 register ---- */

/* CF = OF = "the signed product does not fit", as x86_op_imul2 */
static const X86Op *imul_rr4(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    int64_t p = (int64_t)(int32_t)env->regs[op->reg] *
                (int32_t)env->regs[op->rm];
    uint64_t lo = (uint32_t)p;

    env->regs[op->reg] = lo;
    x86_cc_set(env, X86_CC_MUL, 4, lo, p != (int32_t)p, 0);
    return x86_next(cpu, op);
}

static const X86Op *imul_rr8(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    int64_t lo;
    bool of = __builtin_mul_overflow((int64_t)env->regs[op->reg],
                                     (int64_t)env->regs[op->rm], &lo);

    env->regs[op->reg] = lo;
    x86_cc_set(env, X86_CC_MUL, 8, lo, of, 0);
    return x86_next(cpu, op);
}

/* EDX:EAX / r32; #DE on a zero divisor or a quotient over 32 bits */
static const X86Op *div_r4(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint64_t n = (env->regs[R_EDX] << 32) | (uint32_t)env->regs[R_EAX];
    uint32_t b = env->regs[op->rm];

    if (unlikely(b == 0 || n / b > UINT32_MAX)) {
        x86_raise(cpu, op, X86_EXCP_DE, 0);
    }
    env->regs[R_EAX] = n / b;
    env->regs[R_EDX] = n % b;
    return x86_next(cpu, op);
}

X86OpHandler x86_fast_imul_rr(unsigned size)
{
    return size == 8 ? imul_rr8 : size == 4 ? imul_rr4 : NULL;
}

X86OpHandler x86_fast_div_r4(void)
{
    return div_r4;
}

/* ---- ROL/ROR r32/r64 by a non-zero immediate count ---- */

/*
 * Rotates keep SF/ZF/PF/AF, so the flags must be made eager first; done
 * inline when they are already eager or come from a logic op (the usual
 * case in hashing code), else the general handler does it all.
 */
static inline bool fast_flags_eager(CPUX86State *env)
{
    unsigned sh = (64 - env->cc_size * 8) & 63;
    uint64_t r = env->cc_dst << sh;
    uint32_t f;

    if (env->cc_op == X86_CC_EFLAGS) {
        return true;
    }
    if (env->cc_op != X86_CC_LOGIC) {
        return false;
    }
    f = __builtin_parity((unsigned)(env->cc_dst & 0xff)) ? 0 : X86_PF;
    f |= (r == 0 ? X86_ZF : 0) | ((int64_t)r < 0 ? X86_SF : 0);
    env->eflags = (env->eflags & ~(uint64_t)X86_ARITH_FLAGS) | f;
    env->cc_op = X86_CC_EFLAGS;
    return true;
}

static inline const X86Op *fast_rotate(X86CPU *cpu, const X86Op *op,
                                       bool left, unsigned size)
{
    CPUX86State *env = &cpu->env;
    unsigned bits = size * 8, c = op->imm;
    uint64_t m = fast_mask(size), a = env->regs[op->rm] & m, r;
    bool msb, cf, of;

    if (!fast_flags_eager(env)) {
        return left ? x86_op_rol(cpu, op) : x86_op_ror(cpu, op);
    }
    if (left) {
        r = ((a << c) | (a >> (bits - c))) & m;
        msb = r >> (bits - 1);
        cf = r & 1;
        of = msb ^ cf;
    } else {
        r = ((a >> c) | (a << (bits - c))) & m;
        msb = r >> (bits - 1);
        cf = msb;
        of = msb ^ ((r >> (bits - 2)) & 1);
    }
    env->regs[op->rm] = r;
    env->eflags = (env->eflags & ~(uint64_t)(X86_CF | X86_OF)) |
                  (cf ? X86_CF : 0) | (of ? X86_OF : 0);
    return x86_next(cpu, op);
}

static const X86Op *rol4(X86CPU *cpu, const X86Op *op)
{
    return fast_rotate(cpu, op, true, 4);
}

static const X86Op *rol8(X86CPU *cpu, const X86Op *op)
{
    return fast_rotate(cpu, op, true, 8);
}

static const X86Op *ror4(X86CPU *cpu, const X86Op *op)
{
    return fast_rotate(cpu, op, false, 4);
}

static const X86Op *ror8(X86CPU *cpu, const X86Op *op)
{
    return fast_rotate(cpu, op, false, 8);
}

X86OpHandler x86_fast_rotate(bool left, unsigned size)
{
    if (size != 4 && size != 8) {
        return NULL;
    }
    return left ? (size == 8 ? rol8 : rol4) : (size == 8 ? ror8 : ror4);
}

/* ---- description of the handlers above (native-code tier) ---- */

static bool fast_desc_set(X86FastDesc *d, unsigned cls, unsigned kind,
                          unsigned form, unsigned size)
{
    d->cls = cls;
    d->kind = kind;
    d->form = form;
    d->size = size;
    return true;
}

static bool fast_describe_alu(X86OpHandler fn, X86FastDesc *d)
{
    static const X86OpHandler fused[2][2][2] = {
        { { cmp_rr_jcc4, cmp_rr_jcc8 }, { cmp_ri_jcc4, cmp_ri_jcc8 } },
        { { test_rr_jcc4, test_rr_jcc8 }, { test_ri_jcc4, test_ri_jcc8 } },
    };

    for (unsigned k = 0; k <= X86_ALU_TEST; k++) {
        for (unsigned f = 0; f <= X86_FAST_RM; f++) {
            for (unsigned s = 0; s < 2; s++) {
                if (fast_alu_table[k][f][s] && fast_alu_table[k][f][s] == fn) {
                    return fast_desc_set(d, X86_FD_ALU, k, f, 4 << s);
                }
            }
        }
    }
    for (unsigned t = 0; t < 2; t++) {
        for (unsigned f = 0; f < 2; f++) {
            for (unsigned s = 0; s < 2; s++) {
                if (fused[t][f][s] == fn) {
                    return fast_desc_set(d, X86_FD_FUSED,
                                         t ? X86_ALU_TEST : X86_ALU_CMP,
                                         f, 4 << s);
                }
            }
        }
    }
    return false;
}

bool x86_fast_describe(X86OpHandler fn, X86FastDesc *d)
{
    for (unsigned s = 4; s <= 8; s += 4) {
        for (unsigned f = X86_FAST_RR; f <= X86_FAST_MR; f++) {
            if (x86_fast_mov(f, s) == fn) {
                return fast_desc_set(d, X86_FD_MOV, 0, f, s);
            }
        }
        for (unsigned k = 0; k < 3; k++) {
            if (x86_fast_shift(k, s) == fn) {
                return fast_desc_set(d, X86_FD_SHIFT, k, 0, s);
            }
        }
        for (unsigned k = 0; k < 2; k++) {
            if (x86_fast_incdec(k, s) == fn) {
                return fast_desc_set(d, X86_FD_INCDEC, k, 0, s);
            }
        }
        for (unsigned k = 0; k < 2; k++) {
            if (x86_fast_rotate(k, s) == fn) {
                return fast_desc_set(d, X86_FD_ROTATE, k, 0, s);
            }
        }
        if (x86_fast_lea(s) == fn) {
            return fast_desc_set(d, X86_FD_LEA, 0, 0, s);
        }
        if (x86_fast_imul_rr(s) == fn) {
            return fast_desc_set(d, X86_FD_IMUL, 0, 0, s);
        }
    }
    for (unsigned src = 1; src <= 2; src++) {
        for (unsigned m = 0; m < 2; m++) {
            if (x86_fast_movzx(m, src, 8) == fn) {
                return fast_desc_set(d, X86_FD_MOVZX, src,
                                     m ? X86_FAST_RM : X86_FAST_RR, 8);
            }
        }
    }
    for (unsigned m = 0; m < 2; m++) {
        if (x86_fast_movsxd(m) == fn) {
            return fast_desc_set(d, X86_FD_MOVSXD, 0,
                                 m ? X86_FAST_RM : X86_FAST_RR, 8);
        }
    }
    for (unsigned w = X86_FAST_PUSH; w <= X86_FAST_RET; w++) {
        if (x86_fast_stack(w) == fn) {
            return fast_desc_set(d, X86_FD_STACK, w, 0, 8);
        }
    }
    return fast_describe_alu(fn, d);
}
