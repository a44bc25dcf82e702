/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 integer data processing: add/sub, logical, moves, bitfield,
 * conditional select/compare, multiply/divide, bit operations.
 * trans_NAME() fills the record at decode time; a64_op_*() run it.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"

#define X(r) (cpu->env.xregs[(r)])


uint64_t a64_add_flags(uint64_t a, uint64_t b, unsigned carry, bool sf,
                       uint32_t *nzcv)
{
    return a64_add_flags_inline(a, b, carry, sf, nzcv);
}

bool a64_cond_holds(uint32_t nzcv, unsigned cond)
{
    return a64_cond_inline(nzcv, cond);
}

static uint64_t a64_logic_flags(uint64_t r, bool sf, uint32_t *nzcv)
{
    *nzcv = ((sf ? r >> 63 : (r >> 31) & 1) ? A64_NF : 0) |
            (r == 0 ? A64_ZF : 0);
    return r;
}

static uint64_t a64_shift(uint64_t v, unsigned type, unsigned amt, bool sf)
{
    unsigned width = sf ? 64 : 32;

    v = a64_wreg(v, sf);
    if (amt == 0) {
        return v;
    }
    switch (type) {
    case 0:
        return a64_wreg(v << amt, sf);
    case 1:
        return v >> amt;
    case 2:
        if (sf) {
            return (uint64_t)((int64_t)v >> amt);
        }
        return (uint32_t)((int32_t)v >> amt);
    default:
        return a64_wreg((v >> amt) | (v << (width - amt)), sf);
    }
}

static uint64_t a64_extend(uint64_t v, unsigned option)
{
    switch (option) {
    case 0:
        return (uint8_t)v;
    case 1:
        return (uint16_t)v;
    case 2:
        return (uint32_t)v;
    case 4:
        return (int8_t)v;
    case 5:
        return (int16_t)v;
    case 6:
        return (int32_t)v;
    default:
        return v;
    }
}

static inline void a64_addsub(ARMCPU *cpu, const A64Op *op, uint64_t a,
                              uint64_t b, unsigned carry)
{
    uint64_t r;

    if (op->sub & AS_SUB) {
        b = ~b;
    }
    if (op->sub & AS_FLAGS) {
        r = a64_add_flags_inline(a, b, carry, op->sf, &cpu->env.nzcv);
    } else {
        r = a + b + carry;
    }
    X(op->rd) = a64_wreg(r, op->sf);
}

static const A64Op *a64_op_addsub_imm(ARMCPU *cpu, const A64Op *op)
{
    a64_addsub(cpu, op, X(op->rn), op->imm, op->sub & AS_SUB);
    return a64_next(cpu, op);
}

/* The hot case: ADD/SUB immediate without flags, 64-bit. */
static const A64Op *a64_op_add_imm64(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = X(op->rn) + op->imm;
    return a64_next(cpu, op);
}

static const A64Op *a64_op_add_imm32(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = (uint32_t)(X(op->rn) + op->imm);
    return a64_next(cpu, op);
}

/* SUBS/CMP immediate. */
static const A64Op *a64_op_subs_imm(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_add_flags_inline(X(op->rn), ~op->imm, 1, op->sf,
                                     &cpu->env.nzcv);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_addsub_shift(ARMCPU *cpu, const A64Op *op)
{
    uint64_t b = a64_shift(X(op->rm), op->cond, op->shift, op->sf);

    a64_addsub(cpu, op, X(op->rn), b, op->sub & AS_SUB);
    return a64_next(cpu, op);
}

/* SUBS/CMP with an unshifted register: the hot compare. */
static const A64Op *a64_op_subs_reg(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_add_flags_inline(X(op->rn), ~X(op->rm), 1, op->sf,
                                     &cpu->env.nzcv);
    return a64_next(cpu, op);
}

/* ADD/SUB with an unshifted register, no flags. */
static const A64Op *a64_op_add_reg(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_wreg(X(op->rn) + X(op->rm), op->sf);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_sub_reg(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_wreg(X(op->rn) - X(op->rm), op->sf);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_addsub_ext(ARMCPU *cpu, const A64Op *op)
{
    uint64_t b = a64_extend(X(op->rm), op->cond) << op->shift;

    a64_addsub(cpu, op, X(op->rn), b, op->sub & AS_SUB);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_adc(ARMCPU *cpu, const A64Op *op)
{
    unsigned c = (cpu->env.nzcv & A64_CF) ? 1 : 0;

    a64_addsub(cpu, op, X(op->rn), X(op->rm), c);
    return a64_next(cpu, op);
}

static void a64_addsub_common(A64DisasContext *s, uint32_t insn)
{
    bool setflags = a64_field(insn, 29, 1);

    s->op->sf = a64_field(insn, 31, 1);
    s->op->sub = a64_field(insn, 30, 1) | (setflags ? AS_FLAGS : 0);
    s->op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    s->op->rd = a64_reg_wz(a64_field(insn, 0, 5));
}

bool trans_ADDSUB_IMM(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    bool setflags = a64_field(insn, 29, 1);

    a64_addsub_common(s, insn);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    if (!setflags) {
        op->rd = a64_reg_sp(a64_field(insn, 0, 5));
    }
    op->imm = (uint64_t)a64_field(insn, 10, 12)
              << (12 * a64_field(insn, 22, 1));
    op->fn = a64_op_addsub_imm;
    if (!setflags) {
        if (op->sub & AS_SUB) {
            op->imm = -op->imm;
        }
        op->fn = op->sf ? a64_op_add_imm64 : a64_op_add_imm32;
    } else if (op->sub & AS_SUB) {
        op->fn = a64_op_subs_imm;
    }
    return true;
}

bool trans_ADDSUB_SHIFT(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    a64_addsub_common(s, insn);
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->cond = a64_field(insn, 22, 2);
    op->shift = a64_field(insn, 10, 6);
    if (op->cond == 3 || (!op->sf && op->shift >= 32)) {
        return false;
    }
    op->fn = a64_op_addsub_shift;
    if (op->shift == 0) {
        static A64Handler *const fast[4] = {
            a64_op_add_reg, a64_op_sub_reg, NULL, a64_op_subs_reg,
        };

        op->fn = fast[op->sub] ? fast[op->sub] : op->fn;
    }
    return true;
}

bool trans_ADDSUB_EXT(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    a64_addsub_common(s, insn);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    if (!a64_field(insn, 29, 1)) {
        op->rd = a64_reg_sp(a64_field(insn, 0, 5));
    }
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->cond = a64_field(insn, 13, 3);
    op->shift = a64_field(insn, 10, 3);
    if (op->shift > 4) {
        return false;
    }
    op->fn = a64_op_addsub_ext;
    return true;
}

bool trans_ADC(A64DisasContext *s, uint32_t insn)
{
    a64_addsub_common(s, insn);
    s->op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    s->op->fn = a64_op_adc;
    return true;
}

/*
 * DecodeBitMasks from the Arm ARM: the element size comes from the top
 * set bit of N:NOT(imms); welem has S+1 ones rotated right by R,
 * replicated; tmask has (S-R)+1 ones, replicated.
 */
static bool a64_bitmasks(unsigned n, unsigned imms, unsigned immr,
                         bool immediate, uint64_t *wmask, uint64_t *tmask)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    unsigned len, esize, levels, sv, rv, d;
    uint64_t welem, telem, emask;

    if (combined == 0) {
        return false;
    }
    len = 31 - __builtin_clz(combined);
    if (len < 1) {
        return false;
    }
    esize = 1u << len;
    levels = esize - 1;
    if (immediate && (imms & levels) == levels) {
        return false;
    }
    sv = imms & levels;
    rv = immr & levels;
    d = (sv - rv) & levels;
    emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
    welem = sv + 1 == 64 ? ~0ull : (1ull << (sv + 1)) - 1;
    telem = d + 1 == 64 ? ~0ull : (1ull << (d + 1)) - 1;
    if (rv) {
        welem = ((welem >> rv) | (welem << (esize - rv))) & emask;
    }
    for (unsigned i = esize; i < 64; i *= 2) {
        welem |= welem << i;
        telem |= telem << i;
    }
    *wmask = welem;
    *tmask = telem;
    return true;
}

bool a64_decode_bitmask(unsigned n, unsigned imms, unsigned immr, bool sf,
                        uint64_t *result)
{
    uint64_t t;

    if (!sf && n) {
        return false;
    }
    if (!a64_bitmasks(n, imms, immr, true, result, &t)) {
        return false;
    }
    *result = a64_wreg(*result, sf);
    return true;
}

/* AND, ORR, EOR or ANDS (op->sub 0-3) of @a and @b into Rd. */
static inline void a64_logic_apply(ARMCPU *cpu, const A64Op *op, uint64_t a,
                                   uint64_t b)
{
    uint64_t r;

    switch (op->sub) {
    case 0:
        r = a & b;
        break;
    case 1:
        r = a | b;
        break;
    case 2:
        r = a ^ b;
        break;
    default:
        r = a64_logic_flags(a64_wreg(a & b, op->sf), op->sf,
                            &cpu->env.nzcv);
        break;
    }
    X(op->rd) = a64_wreg(r, op->sf);
}

static const A64Op *a64_op_logic(ARMCPU *cpu, const A64Op *op)
{
    a64_logic_apply(cpu, op, X(op->rn), op->imm);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_logic_reg(ARMCPU *cpu, const A64Op *op)
{
    uint64_t b = a64_shift(X(op->rm), op->cond, op->shift, op->sf) ^ op->imm;

    a64_logic_apply(cpu, op, X(op->rn), b);
    return a64_next(cpu, op);
}

/* MOV Xd, Xm (ORR with XZR, no shift): the common register move. */
static const A64Op *a64_op_mov_reg(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_wreg(X(op->rm), op->sf);
    return a64_next(cpu, op);
}

bool trans_LOGIC_IMM(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->sub = a64_field(insn, 29, 2);
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rd = op->sub == 3 ? a64_reg_wz(a64_field(insn, 0, 5))
                          : a64_reg_sp(a64_field(insn, 0, 5));
    if (!a64_decode_bitmask(a64_field(insn, 22, 1), a64_field(insn, 10, 6),
                            a64_field(insn, 16, 6), op->sf, &op->imm)) {
        return false;
    }
    op->fn = a64_op_logic;
    return true;
}

/*
 * The hot 64-bit forms without inversion or flags: AND/ORR/EOR with the
 * second operand shifted left or right (logically), one handler each.
 */
static const A64Op *a64_op_and_lsl(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = X(op->rn) & (X(op->rm) << op->shift);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_orr_lsl(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = X(op->rn) | (X(op->rm) << op->shift);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_eor_lsl(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = X(op->rn) ^ (X(op->rm) << op->shift);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_and_lsr(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = X(op->rn) & (X(op->rm) >> op->shift);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_orr_lsr(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = X(op->rn) | (X(op->rm) >> op->shift);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_eor_lsr(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = X(op->rn) ^ (X(op->rm) >> op->shift);
    return a64_next(cpu, op);
}

static A64Handler *const a64_logic_fast[2][3] = {
    { a64_op_and_lsl, a64_op_orr_lsl, a64_op_eor_lsl },
    { a64_op_and_lsr, a64_op_orr_lsr, a64_op_eor_lsr },
};

bool trans_LOGIC_REG(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->sub = a64_field(insn, 29, 2);
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->cond = a64_field(insn, 22, 2);
    op->shift = a64_field(insn, 10, 6);
    op->imm = a64_field(insn, 21, 1) ? ~0ull : 0;
    if (!op->sf && op->shift >= 32) {
        return false;
    }
    op->fn = a64_op_logic_reg;
    if (op->sf && !op->imm && op->sub < 3 && op->cond < 2) {
        op->fn = a64_logic_fast[op->cond][op->sub];
    }
    if (op->sub == 1 && op->rn == A64_REG_ZR && op->shift == 0 && !op->imm) {
        op->fn = a64_op_mov_reg;
    }
    return true;
}

static const A64Op *a64_op_movz(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = op->imm;
    return a64_next(cpu, op);
}

static const A64Op *a64_op_movk(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_wreg((X(op->rd) & ~op->imm2) | op->imm, op->sf);
    return a64_next(cpu, op);
}

bool trans_MOVW(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 29, 2), hw = a64_field(insn, 21, 2);

    op->sf = a64_field(insn, 31, 1);
    if (opc == 1 || (!op->sf && hw >= 2)) {
        return false;
    }
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->imm = (uint64_t)a64_field(insn, 5, 16) << (16 * hw);
    op->imm2 = 0xffffull << (16 * hw);
    op->fn = a64_op_movz;
    if (opc == 0) {
        op->imm = a64_wreg(~op->imm, op->sf);
    } else if (opc == 3) {
        op->fn = a64_op_movk;
    }
    return true;
}

static const A64Op *a64_op_bitfield(ARMCPU *cpu, const A64Op *op)
{
    uint64_t src = X(op->rn), dst = X(op->rd), rot, bot, top;
    unsigned width = op->sf ? 64 : 32, r = op->shift;

    src = a64_wreg(src, op->sf);
    rot = r ? a64_wreg((src >> r) | (src << (width - r)), op->sf) : src;
    switch (op->sub) {
    case 0:     /* SBFM */
        bot = rot & op->imm;
        top = ((src >> op->cond) & 1) ? ~0ull : 0;
        dst = (top & ~op->imm2) | (bot & op->imm2);
        break;
    case 1:     /* BFM */
        bot = (dst & ~op->imm) | (rot & op->imm);
        dst = (dst & ~op->imm2) | (bot & op->imm2);
        break;
    default:    /* UBFM */
        dst = rot & op->imm & op->imm2;
        break;
    }
    X(op->rd) = a64_wreg(dst, op->sf);
    return a64_next(cpu, op);
}

bool trans_BITFIELD(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned n = a64_field(insn, 22, 1);

    op->sf = a64_field(insn, 31, 1);
    op->sub = a64_field(insn, 29, 2);
    if (op->sub == 3 || n != op->sf) {
        return false;
    }
    op->shift = a64_field(insn, 16, 6);
    op->cond = a64_field(insn, 10, 6);          /* imms: the sign bit */
    if (!op->sf && (op->shift >= 32 || op->cond >= 32)) {
        return false;
    }
    if (!a64_bitmasks(n, op->cond, op->shift, false, &op->imm, &op->imm2)) {
        return false;
    }
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->fn = a64_op_bitfield;
    return true;
}

static const A64Op *a64_op_extr(ARMCPU *cpu, const A64Op *op)
{
    uint64_t n = X(op->rn), m = X(op->rm), r;

    if (op->sf) {
        r = op->shift ? (m >> op->shift) | (n << (64 - op->shift)) : m;
    } else {
        r = (uint32_t)((((uint64_t)(uint32_t)n << 32) | (uint32_t)m)
                       >> op->shift);
    }
    X(op->rd) = r;
    return a64_next(cpu, op);
}

bool trans_EXTR(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->shift = a64_field(insn, 10, 6);
    if (a64_field(insn, 22, 1) != op->sf || (!op->sf && op->shift >= 32)) {
        return false;
    }
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->fn = a64_op_extr;
    return true;
}

static const A64Op *a64_op_csel(ARMCPU *cpu, const A64Op *op)
{
    uint64_t r;

    if (a64_cond_inline(cpu->env.nzcv, op->cond)) {
        r = X(op->rn);
    } else {
        r = X(op->rm);
        switch (op->sub) {
        case 1:
            r += 1;
            break;
        case 2:
            r = ~r;
            break;
        case 3:
            r = -r;
            break;
        }
    }
    X(op->rd) = a64_wreg(r, op->sf);
    return a64_next(cpu, op);
}

bool trans_CSEL(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->sub = (a64_field(insn, 30, 1) << 1) | a64_field(insn, 10, 1);
    op->cond = a64_field(insn, 12, 4);
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->fn = a64_op_csel;
    return true;
}

static const A64Op *a64_op_ccmp(ARMCPU *cpu, const A64Op *op)
{
    uint64_t b = op->sub & 2 ? op->imm : X(op->rm);

    if (!a64_cond_inline(cpu->env.nzcv, op->cond)) {
        cpu->env.nzcv = op->imm2;
        return a64_next(cpu, op);
    }
    if (op->sub & 1) {
        a64_add_flags_inline(X(op->rn), ~b, 1, op->sf, &cpu->env.nzcv);
    } else {
        a64_add_flags_inline(X(op->rn), b, 0, op->sf, &cpu->env.nzcv);
    }
    return a64_next(cpu, op);
}

bool trans_CCMP(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->sub = a64_field(insn, 30, 1) | (a64_field(insn, 11, 1) << 1);
    op->cond = a64_field(insn, 12, 4);
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->imm = a64_field(insn, 16, 5);
    op->imm2 = (uint64_t)a64_field(insn, 0, 4) << 28;
    op->fn = a64_op_ccmp;
    return true;
}

static uint64_t a64_div(uint64_t a, uint64_t b, bool sgn, bool sf)
{
    if (b == 0) {
        return 0;
    }
    if (!sgn) {
        return a / b;
    }
    if (sf) {
        if ((int64_t)a == INT64_MIN && (int64_t)b == -1) {
            return a;
        }
        return (uint64_t)((int64_t)a / (int64_t)b);
    }
    if ((int32_t)a == INT32_MIN && (int32_t)b == -1) {
        return (uint32_t)a;
    }
    return (uint32_t)((int32_t)a / (int32_t)b);
}

/*
 * CRC32/CRC32C: a bit-reflected CRC of the 1 << size data bytes of @data
 * into @acc, no pre- or post-inversion.  The reflected polynomials are
 * 0xEDB88320 (CRC-32) and 0x82F63B78 (CRC-32C).
 */
uint32_t a64_crc32(uint32_t acc, uint64_t data, unsigned size, bool c)
{
    uint32_t poly = c ? 0x82f63b78u : 0xedb88320u;
    unsigned bits = 8u << size;

    for (unsigned i = 0; i < bits; i += 8) {
        acc ^= (uint8_t)(data >> i);
        for (unsigned k = 0; k < 8; k++) {
            acc = (acc >> 1) ^ (poly & -(acc & 1));
        }
    }
    return acc;
}

static const A64Op *a64_op_crc32(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_crc32(X(op->rn), X(op->rm), op->shift, op->cond);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_dp2(ARMCPU *cpu, const A64Op *op)
{
    uint64_t a = a64_wreg(X(op->rn), op->sf), b = a64_wreg(X(op->rm), op->sf);
    unsigned amt = b & (op->sf ? 63 : 31);
    uint64_t r;

    switch (op->sub) {
    case 2:
    case 3:
        r = a64_div(a, b, op->sub == 3, op->sf);
        break;
    default:
        r = a64_shift(a, op->sub - 8, amt, op->sf);
        break;
    }
    X(op->rd) = a64_wreg(r, op->sf);
    return a64_next(cpu, op);
}

bool trans_DP2(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->sub = a64_field(insn, 10, 6);
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    if ((op->sub & 0x38) == 0x10) {
        /* CRC32{B,H,W,X} and CRC32C*: X only with sf = 1 */
        op->shift = op->sub & 3;
        op->cond = (op->sub >> 2) & 1;
        op->fn = a64_op_crc32;
        return op->sf == (op->shift == 3) &&
               (s->cpu->hwcap & A64_HWCAP_CRC32);
    }
    if (op->sub != 2 && op->sub != 3 && (op->sub < 8 || op->sub > 11)) {
        return false;
    }
    op->fn = a64_op_dp2;
    return true;
}

static uint64_t a64_rev_bytes(uint64_t v, unsigned chunk_bytes)
{
    uint64_t r = 0;

    for (unsigned base = 0; base < 8; base += chunk_bytes) {
        for (unsigned i = 0; i < chunk_bytes; i++) {
            uint64_t byte = (v >> ((base + i) * 8)) & 0xff;

            r |= byte << ((base + chunk_bytes - 1 - i) * 8);
        }
    }
    return r;
}

static const A64Op *a64_op_dp1(ARMCPU *cpu, const A64Op *op)
{
    uint64_t a = a64_wreg(X(op->rn), op->sf), r = 0;
    unsigned width = op->sf ? 64 : 32;

    switch (op->sub) {
    case 0:
        for (unsigned i = 0; i < width; i++) {
            r |= ((a >> i) & 1) << (width - 1 - i);
        }
        break;
    case 1:
        r = a64_rev_bytes(a, 2);
        break;
    case 2:
        r = a64_rev_bytes(a, 4);
        break;
    case 3:
        r = a64_rev_bytes(a, 8);
        break;
    case 4:
        r = a ? __builtin_clzll(a) - (64 - width) : width;
        break;
    default: {
        uint64_t x = op->sf ? a : (uint64_t)(int64_t)(int32_t)a;
        x ^= (uint64_t)((int64_t)x >> 1);
        x &= ~(1ull << 63);
        r = x ? __builtin_clzll(x) - 1 : 63;
        r -= 64 - width;
        break;
    }
    }
    X(op->rd) = a64_wreg(r, op->sf);
    return a64_next(cpu, op);
}

bool trans_DP1(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->sub = a64_field(insn, 10, 6);
    if (op->sub > 5 || (op->sub == 3 && !op->sf)) {
        return false;
    }
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->fn = a64_op_dp1;
    return true;
}

static const A64Op *a64_op_dp3(ARMCPU *cpu, const A64Op *op)
{
    uint64_t n = X(op->rn), m = X(op->rm), a = X(op->ra), p;

    switch (op->sub) {
    case 0:
        p = n * m;
        break;
    case 1:
        p = (uint64_t)((int64_t)(int32_t)n * (int64_t)(int32_t)m);
        break;
    case 2:
        p = (uint64_t)(((__int128)(int64_t)n * (int64_t)m) >> 64);
        X(op->rd) = p;
        return a64_next(cpu, op);
    case 5:
        p = (uint64_t)(uint32_t)n * (uint32_t)m;
        break;
    default:
        p = (uint64_t)(((unsigned __int128)n * m) >> 64);
        X(op->rd) = p;
        return a64_next(cpu, op);
    }
    X(op->rd) = a64_wreg(op->cond ? a - p : a + p, op->sf);
    return a64_next(cpu, op);
}

bool trans_DP3(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sf = a64_field(insn, 31, 1);
    op->sub = a64_field(insn, 21, 3);
    op->cond = a64_field(insn, 15, 1);
    switch (op->sub) {
    case 0:
        break;
    case 1:
    case 5:
        if (!op->sf) {
            return false;
        }
        break;
    case 2:
    case 6:
        if (!op->sf || op->cond) {
            return false;
        }
        break;
    default:
        return false;
    }
    op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->ra = a64_reg_rz(a64_field(insn, 10, 5));
    op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    op->fn = a64_op_dp3;
    return true;
}

bool trans_ADR(A64DisasContext *s, uint32_t insn)
{
    int64_t off = a64_sfield_shl(insn, 5, 19, 2) | a64_field(insn, 29, 2);

    s->op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    s->op->imm = s->pc + off;
    s->op->fn = a64_op_movz;
    return true;
}

bool trans_ADRP(A64DisasContext *s, uint32_t insn)
{
    int64_t off = a64_sfield_shl(insn, 5, 19, 2) | a64_field(insn, 29, 2);

    s->op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    s->op->imm = (s->pc & ~0xfffull) + ((uint64_t)off << 12);
    s->op->fn = a64_op_movz;
    return true;
}

A64JitKind a64_alu_jit_kind(A64Handler *fn)
{
    static const struct {
        A64Handler *fn;
        A64JitKind kind;
    } map[] = {
        { a64_op_addsub_imm, A64K_ADDSUB_IMM },
        { a64_op_subs_imm, A64K_ADDSUB_IMM },
        { a64_op_add_imm64, A64K_ADD_IMM },
        { a64_op_add_imm32, A64K_ADD_IMM },
        { a64_op_addsub_shift, A64K_ADDSUB_SHIFT },
        { a64_op_subs_reg, A64K_ADDSUB_SHIFT },
        { a64_op_add_reg, A64K_ADDSUB_SHIFT },
        { a64_op_sub_reg, A64K_ADDSUB_SHIFT },
        { a64_op_addsub_ext, A64K_ADDSUB_EXT },
        { a64_op_logic, A64K_LOGIC_IMM },
        { a64_op_logic_reg, A64K_LOGIC_REG },
        { a64_op_and_lsl, A64K_LOGIC_REG },
        { a64_op_orr_lsl, A64K_LOGIC_REG },
        { a64_op_eor_lsl, A64K_LOGIC_REG },
        { a64_op_and_lsr, A64K_LOGIC_REG },
        { a64_op_orr_lsr, A64K_LOGIC_REG },
        { a64_op_eor_lsr, A64K_LOGIC_REG },
        { a64_op_mov_reg, A64K_LOGIC_REG },
        { a64_op_movz, A64K_MOVZ },
        { a64_op_movk, A64K_MOVK },
        { a64_op_bitfield, A64K_BITFIELD },
        { a64_op_extr, A64K_EXTR },
        { a64_op_csel, A64K_CSEL },
        { a64_op_ccmp, A64K_CCMP },
        { a64_op_dp2, A64K_DP2 },
        { a64_op_dp3, A64K_DP3 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        if (map[i].fn == fn) {
            return map[i].kind;
        }
    }
    return A64K_NONE;
}
