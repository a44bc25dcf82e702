/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Handlers for arithmetic, logic, shifts, multiply/divide and bit ops.
 *
 * Commit rule: a handler computes its result, performs the store that can
 * fault, and only then writes registers and the lazy flags.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

typedef enum AluKind {
    ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP,
    ALU_TEST,
} AluKind;

static inline uint64_t alu_result(AluKind k, uint64_t a, uint64_t b,
                                  bool carry)
{
    switch (k) {
    case ALU_ADD:
        return a + b;
    case ALU_OR:
        return a | b;
    case ALU_ADC:
        return a + b + carry;
    case ALU_SBB:
        return a - b - carry;
    case ALU_AND:
    case ALU_TEST:
        return a & b;
    case ALU_XOR:
        return a ^ b;
    default:
        return a - b;
    }
}

static inline void alu_flags(CPUX86State *env, AluKind k, unsigned size,
                             uint64_t r, uint64_t a, uint64_t b, bool carry)
{
    X86CCOp cc;

    switch (k) {
    case ALU_ADD:
        cc = X86_CC_ADD;
        break;
    case ALU_ADC:
        cc = carry ? X86_CC_ADC1 : X86_CC_ADD;
        break;
    case ALU_SBB:
        cc = carry ? X86_CC_SBB1 : X86_CC_SUB;
        break;
    case ALU_SUB:
    case ALU_CMP:
        cc = X86_CC_SUB;
        break;
    default:
        cc = X86_CC_LOGIC;
        break;
    }
    x86_cc_set(env, cc, size, r, a, b);
}

static inline bool alu_writes(AluKind k)
{
    return k != ALU_CMP && k != ALU_TEST;
}

static inline bool alu_carry(CPUX86State *env, AluKind k)
{
    return (k == ALU_ADC || k == ALU_SBB) && x86_cf(env);
}

/* E = E op (G or imm) */
static inline const X86Op *alu_e(X86CPU *cpu, const X86Op *op, AluKind k,
                                 uint64_t b)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0;
    uint64_t a = x86_get_e(cpu, op, &ea);
    bool c = alu_carry(env, k);
    uint64_t r = alu_result(k, a, b, c);

    if (alu_writes(k)) {
        x86_set_e(cpu, op, ea, r);
    }
    alu_flags(env, k, op->size, r, a, b, c);
    return x86_next(cpu, op);
}

/* G = G op E */
static inline const X86Op *alu_ge(X86CPU *cpu, const X86Op *op, AluKind k)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0;
    uint64_t b = x86_get_e(cpu, op, &ea);
    uint64_t a = x86_get_reg(env, op->reg, op->size);
    bool c = alu_carry(env, k);
    uint64_t r = alu_result(k, a, b, c);

    if (alu_writes(k)) {
        x86_set_reg(env, op->reg, op->size, r);
    }
    alu_flags(env, k, op->size, r, a, b, c);
    return x86_next(cpu, op);
}

static inline const X86Op *alu_eg(X86CPU *cpu, const X86Op *op, AluKind k)
{
    return alu_e(cpu, op, k, x86_get_reg(&cpu->env, op->reg, op->size));
}

static inline const X86Op *alu_ei(X86CPU *cpu, const X86Op *op, AluKind k)
{
    return alu_e(cpu, op, k, op->imm & x86_size_mask(op->size));
}

const X86Op *x86_op_add_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_ADD);
}

const X86Op *x86_op_add_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_ADD);
}

const X86Op *x86_op_add_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_ADD);
}

const X86Op *x86_op_or_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_OR);
}

const X86Op *x86_op_or_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_OR);
}

const X86Op *x86_op_or_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_OR);
}

const X86Op *x86_op_adc_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_ADC);
}

const X86Op *x86_op_adc_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_ADC);
}

const X86Op *x86_op_adc_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_ADC);
}

const X86Op *x86_op_sbb_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_SBB);
}

const X86Op *x86_op_sbb_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_SBB);
}

const X86Op *x86_op_sbb_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_SBB);
}

const X86Op *x86_op_and_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_AND);
}

const X86Op *x86_op_and_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_AND);
}

const X86Op *x86_op_and_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_AND);
}

const X86Op *x86_op_sub_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_SUB);
}

const X86Op *x86_op_sub_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_SUB);
}

const X86Op *x86_op_sub_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_SUB);
}

const X86Op *x86_op_xor_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_XOR);
}

const X86Op *x86_op_xor_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_XOR);
}

const X86Op *x86_op_xor_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_XOR);
}

const X86Op *x86_op_cmp_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_CMP);
}

const X86Op *x86_op_cmp_ge(X86CPU *cpu, const X86Op *op)
{
    return alu_ge(cpu, op, ALU_CMP);
}

const X86Op *x86_op_cmp_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_CMP);
}

const X86Op *x86_op_test_eg(X86CPU *cpu, const X86Op *op)
{
    return alu_eg(cpu, op, ALU_TEST);
}

const X86Op *x86_op_test_ei(X86CPU *cpu, const X86Op *op)
{
    return alu_ei(cpu, op, ALU_TEST);
}


const X86Op *x86_op_inc(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, a = x86_get_e(cpu, op, &ea);
    bool cf = x86_cf(&cpu->env);

    x86_set_e(cpu, op, ea, a + 1);
    x86_cc_set(&cpu->env, X86_CC_INC, op->size, a + 1, a, cf);
    return x86_next(cpu, op);
}

const X86Op *x86_op_dec(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, a = x86_get_e(cpu, op, &ea);
    bool cf = x86_cf(&cpu->env);

    x86_set_e(cpu, op, ea, a - 1);
    x86_cc_set(&cpu->env, X86_CC_DEC, op->size, a - 1, a, cf);
    return x86_next(cpu, op);
}

const X86Op *x86_op_neg(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, a = x86_get_e(cpu, op, &ea);

    x86_set_e(cpu, op, ea, -a);
    x86_cc_set(&cpu->env, X86_CC_SUB, op->size, -a, 0, a);
    return x86_next(cpu, op);
}

const X86Op *x86_op_not(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, a = x86_get_e(cpu, op, &ea);

    x86_set_e(cpu, op, ea, ~a);
    return x86_next(cpu, op);
}

/* ---- shifts and rotates ---- */

/*
 * A masked count of zero changes nothing, except that a 32-bit register
 * destination is still written (zero-extended), as on hardware.
 */
static const X86Op *shift_zero(X86CPU *cpu, const X86Op *op, uint64_t a)
{
    if (!(op->flags & X86_OPF_MEM) && op->size == 4) {
        x86_set_reg(&cpu->env, op->rm, 4, a);
    }
    return x86_next(cpu, op);
}

static inline unsigned shift_count(X86CPU *cpu, const X86Op *op)
{
    uint64_t c = op->flags & X86_OPF_CL ? cpu->env.regs[R_ECX] : op->imm;

    return c & (op->size == 8 ? 63 : 31);
}

const X86Op *x86_op_shl(X86CPU *cpu, const X86Op *op)
{
    unsigned c = shift_count(cpu, op);
    uint64_t ea = 0, a, r;

    a = x86_get_e(cpu, op, &ea);
    if (c == 0) {
        return shift_zero(cpu, op, a);
    }
    r = a << c;
    x86_set_e(cpu, op, ea, r);
    x86_cc_set(&cpu->env, X86_CC_SHL, op->size, r, a << (c - 1), 0);
    return x86_next(cpu, op);
}

const X86Op *x86_op_shr(X86CPU *cpu, const X86Op *op)
{
    unsigned c = shift_count(cpu, op);
    uint64_t ea = 0, a, r;

    a = x86_get_e(cpu, op, &ea);
    if (c == 0) {
        return shift_zero(cpu, op, a);
    }
    r = a >> c;
    x86_set_e(cpu, op, ea, r);
    x86_cc_set(&cpu->env, X86_CC_SHR, op->size, r, a >> (c - 1), 0);
    return x86_next(cpu, op);
}

const X86Op *x86_op_sar(X86CPU *cpu, const X86Op *op)
{
    unsigned c = shift_count(cpu, op);
    uint64_t ea = 0;
    int64_t a, r;

    a = x86_sext(x86_get_e(cpu, op, &ea), op->size);
    if (c == 0) {
        return shift_zero(cpu, op, a);
    }
    r = a >> c;
    x86_set_e(cpu, op, ea, r);
    x86_cc_set(&cpu->env, X86_CC_SHR, op->size, r, a >> (c - 1), 0);
    return x86_next(cpu, op);
}

/* Rotates change only CF and OF: flags are made eager. */
static void rot_flags(CPUX86State *env, bool cf, bool of)
{
    x86_cc_materialize(env);
    env->eflags &= ~(uint64_t)(X86_CF | X86_OF);
    env->eflags |= (cf ? X86_CF : 0) | (of ? X86_OF : 0);
}

static inline uint64_t msb(uint64_t v, unsigned size)
{
    return (v >> (size * 8 - 1)) & 1;
}

static const X86Op *rotate(X86CPU *cpu, const X86Op *op, bool left)
{
    unsigned bits = op->size * 8, c = shift_count(cpu, op);
    uint64_t ea = 0, a, r, m = x86_size_mask(op->size);
    unsigned n;

    a = x86_get_e(cpu, op, &ea);
    if (c == 0) {
        return shift_zero(cpu, op, a);
    }
    n = c % bits;
    if (left) {
        r = n ? ((a << n) | (a >> (bits - n))) & m : a;
    } else {
        r = n ? ((a >> n) | (a << (bits - n))) & m : a;
    }
    x86_set_e(cpu, op, ea, r);
    if (left) {
        rot_flags(&cpu->env, r & 1, msb(r, op->size) ^ (r & 1));
    } else {
        rot_flags(&cpu->env, msb(r, op->size),
                  msb(r, op->size) ^ msb(r << 1, op->size));
    }
    return x86_next(cpu, op);
}

const X86Op *x86_op_rol(X86CPU *cpu, const X86Op *op)
{
    return rotate(cpu, op, true);
}

const X86Op *x86_op_ror(X86CPU *cpu, const X86Op *op)
{
    return rotate(cpu, op, false);
}

static const X86Op *rotate_carry(X86CPU *cpu, const X86Op *op, bool left)
{
    unsigned bits = op->size * 8, c = shift_count(cpu, op);
    uint64_t ea = 0, a, r;
    bool cf = x86_cf(&cpu->env), out;

    a = x86_get_e(cpu, op, &ea);
    if (c == 0) {
        return shift_zero(cpu, op, a);
    }
    r = a;
    for (unsigned n = c % (bits + 1); n > 0; n--) {
        if (left) {
            out = msb(r, op->size);
            r = (r << 1) | cf;
        } else {
            out = r & 1;
            r = (r >> 1) | ((uint64_t)cf << (bits - 1));
        }
        cf = out;
    }
    r &= x86_size_mask(op->size);
    x86_set_e(cpu, op, ea, r);
    if (left) {
        rot_flags(&cpu->env, cf, msb(r, op->size) ^ cf);
    } else {
        rot_flags(&cpu->env, cf, msb(r, op->size) ^ msb(r << 1, op->size));
    }
    return x86_next(cpu, op);
}

const X86Op *x86_op_rcl(X86CPU *cpu, const X86Op *op)
{
    return rotate_carry(cpu, op, true);
}

const X86Op *x86_op_rcr(X86CPU *cpu, const X86Op *op)
{
    return rotate_carry(cpu, op, false);
}

/*
 * SHLD/SHRD: shift E, filling from G.  Counts above 16 for 16-bit
 * operands give an undefined result; here zeros follow G's bits.
 */
static const X86Op *double_shift(X86CPU *cpu, const X86Op *op, bool left)
{
    unsigned bits = op->size * 8, c = shift_count(cpu, op);
    uint64_t ea = 0, a, b, r, m = x86_size_mask(op->size);

    a = x86_get_e(cpu, op, &ea);
    if (c == 0) {
        return shift_zero(cpu, op, a);
    }
    b = x86_get_reg(&cpu->env, op->reg, op->size);
    if (left) {
        unsigned __int128 v = ((unsigned __int128)a << bits) | b;

        r = (uint64_t)((v << c) >> bits) & m;
        x86_set_e(cpu, op, ea, r);
        x86_cc_set(&cpu->env, X86_CC_SHL, op->size, r,
                   (uint64_t)((v << (c - 1)) >> bits), 0);
    } else {
        unsigned __int128 v = ((unsigned __int128)b << bits) | a;

        r = (uint64_t)(v >> c) & m;
        x86_set_e(cpu, op, ea, r);
        x86_cc_set(&cpu->env, X86_CC_SHR, op->size, r,
                   (uint64_t)(v >> (c - 1)), 0);
    }
    return x86_next(cpu, op);
}

const X86Op *x86_op_shld(X86CPU *cpu, const X86Op *op)
{
    return double_shift(cpu, op, true);
}

const X86Op *x86_op_shrd(X86CPU *cpu, const X86Op *op)
{
    return double_shift(cpu, op, false);
}

/* ---- multiply and divide ---- */

/* The accumulator pair of a one-operand MUL/DIV: AX, DX:AX, ... */
static void set_acc_pair(CPUX86State *env, unsigned size, uint64_t lo,
                         uint64_t hi)
{
    if (size == 1) {
        x86_set_reg(env, R_EAX, 2, (lo & 0xff) | ((hi & 0xff) << 8));
    } else {
        x86_set_reg(env, R_EAX, size, lo);
        x86_set_reg(env, R_EDX, size, hi);
    }
}

const X86Op *x86_op_mul(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned size = op->size;
    uint64_t ea = 0, b = x86_get_e(cpu, op, &ea);
    unsigned __int128 p = (unsigned __int128)x86_get_reg(env, R_EAX, size) * b;
    uint64_t lo = (uint64_t)p & x86_size_mask(size);
    uint64_t hi = (uint64_t)(p >> (size * 8)) & x86_size_mask(size);

    set_acc_pair(env, size, lo, hi);
    x86_cc_set(env, X86_CC_MUL, size, lo, hi != 0, 0);
    return x86_next(cpu, op);
}

const X86Op *x86_op_imul1(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned size = op->size;
    uint64_t ea = 0;
    int64_t b = x86_sext(x86_get_e(cpu, op, &ea), size);
    int64_t a = x86_sext(x86_get_reg(env, R_EAX, size), size);
    __int128 p = (__int128)a * b;
    uint64_t lo = (uint64_t)p & x86_size_mask(size);
    uint64_t hi = (uint64_t)(p >> (size * 8)) & x86_size_mask(size);

    set_acc_pair(env, size, lo, hi);
    x86_cc_set(env, X86_CC_MUL, size, lo,
               (__int128)(int64_t)x86_sext(lo, size) != p, 0);
    return x86_next(cpu, op);
}

static const X86Op *imul_to_g(X86CPU *cpu, const X86Op *op, int64_t a,
                              int64_t b)
{
    __int128 p = (__int128)a * b;
    uint64_t lo = (uint64_t)p & x86_size_mask(op->size);

    x86_set_reg(&cpu->env, op->reg, op->size, lo);
    x86_cc_set(&cpu->env, X86_CC_MUL, op->size, lo,
               (__int128)(int64_t)x86_sext(lo, op->size) != p, 0);
    return x86_next(cpu, op);
}

const X86Op *x86_op_imul2(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0;
    int64_t b = x86_sext(x86_get_e(cpu, op, &ea), op->size);
    int64_t a = x86_sext(x86_get_reg(&cpu->env, op->reg, op->size),
                         op->size);

    return imul_to_g(cpu, op, a, b);
}

const X86Op *x86_op_imul3(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0;
    int64_t a = x86_sext(x86_get_e(cpu, op, &ea), op->size);

    return imul_to_g(cpu, op, a, x86_sext(op->imm, op->size));
}

static unsigned __int128 acc_pair(CPUX86State *env, unsigned size)
{
    if (size == 1) {
        return x86_get_reg(env, R_EAX, 2);
    }
    return ((unsigned __int128)x86_get_reg(env, R_EDX, size) << (size * 8)) |
           x86_get_reg(env, R_EAX, size);
}

const X86Op *x86_op_div(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned size = op->size;
    uint64_t ea = 0, b = x86_get_e(cpu, op, &ea);
    unsigned __int128 n = acc_pair(env, size), q;

    if (b == 0) {
        x86_raise(cpu, op, X86_EXCP_DE, 0);
    }
    q = n / b;
    if (q > x86_size_mask(size)) {
        x86_raise(cpu, op, X86_EXCP_DE, 0);
    }
    set_acc_pair(env, size, (uint64_t)q, (uint64_t)(n % b));
    return x86_next(cpu, op);
}

const X86Op *x86_op_idiv(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned size = op->size, bits = size * 8;
    uint64_t ea = 0;
    int64_t b = x86_sext(x86_get_e(cpu, op, &ea), size);
    __int128 n = (__int128)(acc_pair(env, size) << (128 - 2 * bits)) >>
                 (128 - 2 * bits);
    __int128 q, lim = (__int128)1 << (bits - 1);

    if (b == 0) {
        x86_raise(cpu, op, X86_EXCP_DE, 0);
    }
    if (b == -1) {
        /* no host division: INT128_MIN / -1 would trap */
        if (n > lim || n < -(lim - 1)) {
            x86_raise(cpu, op, X86_EXCP_DE, 0);
        }
        q = -n;
    } else {
        q = n / b;
    }
    if (q >= lim || q < -lim) {
        x86_raise(cpu, op, X86_EXCP_DE, 0);
    }
    set_acc_pair(env, size, (uint64_t)q, (uint64_t)(n - q * b));
    return x86_next(cpu, op);
}

/* ---- bits ---- */

const X86Op *x86_op_bt(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    unsigned bits = op->size * 8;
    uint64_t ea = 0, v, off, mask;

    if (op->flags & X86_OPF_IMM) {
        off = op->imm & (bits - 1);
    } else {
        off = x86_get_reg(env, op->reg, op->size);
    }
    if (op->flags & X86_OPF_MEM) {
        /* bit-string addressing: the offset may select another word */
        int64_t soff = x86_sext(off, op->size);

        ea = x86_ea(cpu, op) +
             (uint64_t)((soff >> (__builtin_ctz(bits))) * op->size);
        v = x86_ld(cpu, op, ea, op->size);
    } else {
        v = x86_get_reg(env, op->rm, op->size);
    }
    mask = 1ull << (off & (bits - 1));
    if (op->sub != 0) {
        uint64_t r = op->sub == 1 ? v | mask : op->sub == 2 ? v & ~mask
                                                            : v ^ mask;
        x86_set_e(cpu, op, ea, r);
    }
    x86_cc_materialize(env);
    env->eflags = (env->eflags & ~(uint64_t)X86_CF) | (v & mask ? X86_CF : 0);
    return x86_next(cpu, op);
}

static const X86Op *bit_scan(X86CPU *cpu, const X86Op *op, bool reverse)
{
    CPUX86State *env = &cpu->env;
    uint64_t ea = 0, v = x86_get_e(cpu, op, &ea);

    x86_cc_materialize(env);
    if (v == 0) {
        env->eflags |= X86_ZF;
        return x86_next(cpu, op);
    }
    env->eflags &= ~(uint64_t)X86_ZF;
    x86_set_reg(env, op->reg, op->size,
                reverse ? 63 - __builtin_clzll(v) : __builtin_ctzll(v));
    return x86_next(cpu, op);
}

const X86Op *x86_op_bsf(X86CPU *cpu, const X86Op *op)
{
    return bit_scan(cpu, op, false);
}

const X86Op *x86_op_bsr(X86CPU *cpu, const X86Op *op)
{
    return bit_scan(cpu, op, true);
}

/* Set CF and ZF after TZCNT/LZCNT/POPCNT, the others as given. */
static void count_flags(CPUX86State *env, bool cf, bool zf, bool clear)
{
    x86_cc_materialize(env);
    if (clear) {
        env->eflags &= ~(uint64_t)X86_ARITH_FLAGS;
    }
    env->eflags &= ~(uint64_t)(X86_CF | X86_ZF);
    env->eflags |= (cf ? X86_CF : 0) | (zf ? X86_ZF : 0);
}

const X86Op *x86_op_tzcnt(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, v = x86_get_e(cpu, op, &ea);
    unsigned r = v ? __builtin_ctzll(v) : op->size * 8;

    x86_set_reg(&cpu->env, op->reg, op->size, r);
    count_flags(&cpu->env, v == 0, r == 0, false);
    return x86_next(cpu, op);
}

const X86Op *x86_op_lzcnt(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, v = x86_get_e(cpu, op, &ea);
    unsigned bits = op->size * 8;
    unsigned r = v ? bits - 64 + __builtin_clzll(v) : bits;

    x86_set_reg(&cpu->env, op->reg, op->size, r);
    count_flags(&cpu->env, v == 0, r == 0, false);
    return x86_next(cpu, op);
}

const X86Op *x86_op_popcnt(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = 0, v = x86_get_e(cpu, op, &ea);

    x86_set_reg(&cpu->env, op->reg, op->size, __builtin_popcountll(v));
    count_flags(&cpu->env, false, v == 0, true);
    return x86_next(cpu, op);
}

const X86Op *x86_op_flagop(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;

    if (op->sub <= 2) {
        x86_cc_materialize(env);
    }
    switch (op->sub) {
    case 0:
        env->eflags ^= X86_CF;
        break;
    case 1:
        env->eflags &= ~(uint64_t)X86_CF;
        break;
    case 2:
        env->eflags |= X86_CF;
        break;
    case 3:
        env->eflags &= ~(uint64_t)X86_DF;
        break;
    default:
        env->eflags |= X86_DF;
        break;
    }
    return x86_next(cpu, op);
}

/* ---- legacy modes: decimal adjust, ASCII adjust, INTO, BOUND ---- */

/* SF, ZF, PF of the byte @v, in EFLAGS layout. */
static uint64_t szp8(uint8_t v)
{
    return (v & 0x80 ? X86_SF : 0) | (v ? 0 : X86_ZF) |
           (__builtin_parity(v) ? 0 : X86_PF);
}

/* DAA (sub 0) / DAS (sub 1): AL adjusted after a packed BCD add/sub. */
static uint64_t bcd_daa_das(CPUX86State *env, bool sub, uint64_t f)
{
    uint8_t al = env->regs[R_EAX], old_al = al;
    bool old_cf = f & X86_CF, cf = false, af = false;

    if ((al & 0xf) > 9 || (f & X86_AF)) {
        cf = old_cf || (sub ? al < 6 : al > 0xf9);
        al = sub ? al - 6 : al + 6;
        af = true;
    }
    if (old_al > 0x99 || old_cf) {
        al = sub ? al - 0x60 : al + 0x60;
        cf = true;
    } else if (!sub) {
        cf = false;
    }
    x86_set_reg(env, R_EAX, 1, al);
    return szp8(al) | (cf ? X86_CF : 0) | (af ? X86_AF : 0);
}

/* AAA (sub 2) / AAS (sub 3): unpacked BCD adjust of AX. */
static uint64_t bcd_aaa_aas(CPUX86State *env, bool sub, uint64_t f)
{
    uint16_t ax = env->regs[R_EAX];
    bool adj = (ax & 0xf) > 9 || (f & X86_AF);

    if (adj) {
        ax = sub ? ax - 6 - 0x100 : ax + 0x106;   /* SDM: AX-6, AH-1 */
    }
    x86_set_reg(env, R_EAX, 2, ax & 0xff0f);
    return adj ? X86_CF | X86_AF : 0;
}

/* op->sub: 0 DAA, 1 DAS, 2 AAA, 3 AAS, 4 AAM imm8, 5 AAD imm8 */
const X86Op *x86_op_bcd(X86CPU *cpu, const X86Op *op)
{
    CPUX86State *env = &cpu->env;
    uint8_t al = env->regs[R_EAX], ah = env->regs[R_EAX] >> 8;
    uint8_t base = op->imm;
    uint64_t f;

    if (op->sub == 4 && base == 0) {
        x86_raise(cpu, op, X86_EXCP_DE, 0);
    }
    x86_cc_materialize(env);
    f = env->eflags;
    switch (op->sub) {
    case 0:
    case 1:
        f = (f & ~(uint64_t)X86_ARITH_FLAGS) | bcd_daa_das(env, op->sub, f);
        break;
    case 2:
    case 3:
        f = (f & ~(uint64_t)X86_ARITH_FLAGS) |
            bcd_aaa_aas(env, op->sub == 3, f);
        break;
    case 4:
        x86_set_reg(env, R_EAX, 2, ((al / base) << 8) | (al % base));
        f = (f & ~(uint64_t)X86_ARITH_FLAGS) | szp8(al % base);
        break;
    default:
        al = al + ah * base;
        x86_set_reg(env, R_EAX, 2, al);
        f = (f & ~(uint64_t)X86_ARITH_FLAGS) | szp8(al);
        break;
    }
    env->eflags = f;
    return x86_next(cpu, op);
}

/* INTO: INT 4 when OF is set (a trap: RIP after the instruction). */
const X86Op *x86_op_into(X86CPU *cpu, const X86Op *op)
{
    if (!(x86_cc_compute(&cpu->env) & X86_OF)) {
        cpu->env.rip = x86_next_rip(cpu, op);
        return op;
    }
    cpu->exception_is_int = true;
    cpu->exception_next_rip = x86_next_rip(cpu, op);
    cpu->insns_done++;
    x86_raise(cpu, op, 4, 0);
}

/* BOUND r, m: #BR (5) unless lower <= r <= upper (signed). */
const X86Op *x86_op_bound(X86CPU *cpu, const X86Op *op)
{
    uint64_t ea = x86_ea(cpu, op);
    int64_t lo = x86_sext(x86_ld(cpu, op, ea, op->size), op->size);
    int64_t hi = x86_sext(x86_ld(cpu, op, ea + op->size, op->size),
                          op->size);
    int64_t v = x86_sext(x86_get_reg(&cpu->env, op->reg, op->size),
                         op->size);

    if (v < lo || v > hi) {
        x86_raise(cpu, op, 5, 0);
    }
    return x86_next(cpu, op);
}
