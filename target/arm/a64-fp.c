/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 scalar floating point, single and double precision (and half
 * precision conversions): arithmetic, fused multiply-add, FRINT*,
 * compare (FCMP/FCMPE/FCCMP/FCCMPE), select, immediate moves, precision
 * conversions and integer/fixed-point conversions in every rounding
 * mode.  The arithmetic with Arm's NaN, rounding, flush-to-zero and flag
 * rules is in a64-fpu.c.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"
#include "a64-fpu.h"

#define X(r) (cpu->env.xregs[(r)])
#define V(r) (cpu->env.vregs[(r)])

/* Scalar results clear the rest of the vector register. */
static void fp_write(ARMCPU *cpu, unsigned rd, uint64_t bits)
{
    V(rd)[0] = bits;
    V(rd)[1] = 0;
}

static uint64_t fp_read(ARMCPU *cpu, unsigned rn, unsigned size)
{
    uint64_t v = V(rn)[0];

    return size == 3 ? v : size == 2 ? (uint32_t)v : (uint16_t)v;
}

/* op->shift: log2 size from the type field (00 S, 01 D, 11 H). */
static bool fp_type(A64Op *op, uint32_t insn, bool half_ok)
{
    unsigned type = a64_field(insn, 22, 2);

    op->shift = type == 0 ? 2 : type == 1 ? 3 : 1;
    op->sf = type == 1;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
    op->ra = a64_field(insn, 10, 5);
    return type < 2 || (type == 3 && half_ok);
}

static const A64Op *a64_op_fp_dp2(ARMCPU *cpu, const A64Op *op)
{
    unsigned size = op->shift;

    fp_write(cpu, op->rd, a64_fp_binop(cpu, op->sub, size,
                                       fp_read(cpu, op->rn, size),
                                       fp_read(cpu, op->rm, size)));
    return a64_next(cpu, op);
}

bool trans_FP_DP2(A64DisasContext *s, uint32_t insn)
{
    static const uint8_t ops[9] = {
        A64_FMUL, A64_FDIV, A64_FADD, A64_FSUB, A64_FMAX, A64_FMIN,
        A64_FMAXNM, A64_FMINNM, A64_FNMUL,
    };
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 4);

    if (!fp_type(op, insn, false) || opc > 8) {
        return false;
    }
    op->sub = ops[opc];
    op->fn = a64_op_fp_dp2;
    return true;
}

/*
 * FMADD: a+n*m, FMSUB: a-n*m, FNMADD: -a-n*m, FNMSUB: -a+n*m.  Arm
 * negates the operands before NaN processing, so a NaN operand comes out
 * with its sign flipped.  op->sub bit 0: negate n; bit 1: negate a.
 */
static const A64Op *a64_op_fp_dp3(ARMCPU *cpu, const A64Op *op)
{
    unsigned size = op->shift;
    uint64_t sign = 1ull << ((8u << size) - 1);
    uint64_t a = fp_read(cpu, op->ra, size), n = fp_read(cpu, op->rn, size);

    if (op->sub & 1) {
        n ^= sign;
    }
    if (op->sub & 2) {
        a ^= sign;
    }
    fp_write(cpu, op->rd, a64_fp_muladd(cpu, size, a, n,
                                        fp_read(cpu, op->rm, size)));
    return a64_next(cpu, op);
}

bool trans_FP_DP3(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned o1 = a64_field(insn, 21, 1), o0 = a64_field(insn, 15, 1);

    if (!fp_type(op, insn, false)) {
        return false;
    }
    op->sub = (o0 ^ o1) | (o1 << 1);
    op->fn = a64_op_fp_dp3;
    return true;
}

/* FP_DP1 op->sub values. */
enum {
    DP1_MOV, DP1_ABS, DP1_NEG, DP1_SQRT, DP1_CVT_S, DP1_CVT_D, DP1_CVT_H,
    DP1_RINT,   /* op->cond: rounding mode, op->imm: exact (FRINTX) */
};

static uint64_t fp_dp1_value(ARMCPU *cpu, const A64Op *op, uint64_t a)
{
    unsigned size = op->shift;
    uint64_t sign = 1ull << ((8u << size) - 1);

    switch (op->sub) {
    case DP1_MOV:
        return a;
    case DP1_ABS:
        return a & ~sign;
    case DP1_NEG:
        return a ^ sign;
    case DP1_SQRT:
        return a64_fp_sqrt(cpu, size, a);
    case DP1_CVT_S:
        return a64_fp_convert(cpu, size, 2, a, false);
    case DP1_CVT_D:
        return a64_fp_convert(cpu, size, 3, a, false);
    case DP1_CVT_H:
        return a64_fp_convert(cpu, size, 1, a, false);
    default:
        return a64_fp_rint(cpu, size, a, (int8_t)op->cond, op->imm);
    }
}

static const A64Op *a64_op_fp_dp1(ARMCPU *cpu, const A64Op *op)
{
    fp_write(cpu, op->rd,
             fp_dp1_value(cpu, op, fp_read(cpu, op->rn, op->shift)));
    return a64_next(cpu, op);
}

bool trans_FP_DP1(A64DisasContext *s, uint32_t insn)
{
    /* FRINTN, P, M, Z, A, -, X, I */
    static const int8_t rint_mode[8] = {
        A64_RM_TIEEVEN, A64_RM_POSINF, A64_RM_NEGINF, A64_RM_ZERO,
        A64_RM_TIEAWAY, -2, A64_RM_FPCR, A64_RM_FPCR,
    };
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 15, 6);

    if (!fp_type(op, insn, true)) {
        return false;
    }
    if (op->shift == 1 && opc != 4 && opc != 5) {
        return false;   /* half-precision arithmetic is ARMv8.2 */
    }
    if (opc <= 3) {
        op->sub = opc;
    } else if (opc == 4 || opc == 5 || opc == 7) {
        op->sub = opc == 4 ? DP1_CVT_S : opc == 5 ? DP1_CVT_D : DP1_CVT_H;
        if (op->sub - DP1_CVT_S == op->shift - 2 ||
            (opc == 7 && op->shift == 1)) {
            return false;   /* conversion to the same format */
        }
    } else if (opc >= 8 && opc <= 15 && rint_mode[opc - 8] != -2) {
        op->sub = DP1_RINT;
        op->cond = (uint8_t)rint_mode[opc - 8];
        op->imm = opc == 14;
    } else {
        return false;
    }
    op->fn = a64_op_fp_dp1;
    return true;
}

static const A64Op *a64_op_fp_cmp(ARMCPU *cpu, const A64Op *op)
{
    unsigned size = op->shift;
    uint64_t b = op->imm ? 0 : fp_read(cpu, op->rm, size);

    cpu->env.nzcv = a64_fp_compare(cpu, size, fp_read(cpu, op->rn, size), b,
                                   op->sub);
    return a64_next(cpu, op);
}

bool trans_FP_CMP(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!fp_type(op, insn, false)) {
        return false;
    }
    op->imm = a64_field(insn, 3, 1);    /* compare with zero */
    op->sub = a64_field(insn, 4, 1);    /* FCMPE */
    op->fn = a64_op_fp_cmp;
    return true;
}

/* FCCMP/FCCMPE: compare if the condition holds, else NZCV = #nzcv. */
static const A64Op *a64_op_fp_ccmp(ARMCPU *cpu, const A64Op *op)
{
    unsigned size = op->shift;

    if (a64_cond_inline(cpu->env.nzcv, op->cond)) {
        cpu->env.nzcv = a64_fp_compare(cpu, size, fp_read(cpu, op->rn, size),
                                       fp_read(cpu, op->rm, size), op->sub);
    } else {
        cpu->env.nzcv = op->imm;
    }
    return a64_next(cpu, op);
}

bool trans_FP_CCMP(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!fp_type(op, insn, false)) {
        return false;
    }
    op->cond = a64_field(insn, 12, 4);
    op->sub = a64_field(insn, 4, 1);
    op->imm = (uint64_t)a64_field(insn, 0, 4) << 28;
    op->fn = a64_op_fp_ccmp;
    return true;
}

static const A64Op *a64_op_fp_csel(ARMCPU *cpu, const A64Op *op)
{
    unsigned src = a64_cond_inline(cpu->env.nzcv, op->cond) ? op->rn
                                                            : op->rm;

    fp_write(cpu, op->rd, fp_read(cpu, src, op->shift));
    return a64_next(cpu, op);
}

bool trans_FP_CSEL(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!fp_type(op, insn, false)) {
        return false;
    }
    op->cond = a64_field(insn, 12, 4);
    op->fn = a64_op_fp_csel;
    return true;
}

static const A64Op *a64_op_fp_imm(ARMCPU *cpu, const A64Op *op)
{
    fp_write(cpu, op->rd, op->imm);
    return a64_next(cpu, op);
}

/* VFPExpandImm: sign, 3-bit exponent, 4-bit fraction. */
static uint64_t fp_expand_imm(unsigned imm8, bool dbl)
{
    uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, frac = imm8 & 0xf;
    uint64_t exp3 = (imm8 >> 4) & 3;

    if (dbl) {
        uint64_t exp = ((b6 ^ 1) << 10) | (b6 ? 0xffull << 2 : 0) | exp3;

        return (sign << 63) | (exp << 52) | (frac << 48);
    }
    return (sign << 31) | ((((b6 ^ 1) << 7) | (b6 ? 0x1fu << 2 : 0) |
                            exp3) << 23) | (frac << 19);
}

bool trans_FP_IMM(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!fp_type(op, insn, false)) {
        return false;
    }
    op->imm = fp_expand_imm(a64_field(insn, 13, 8), op->sf);
    op->fn = a64_op_fp_imm;
    return true;
}

/*
 * FP <-> integer conversions.  op->sub: 0 to signed, 1 to unsigned,
 * 2 SCVTF, 3 UCVTF; op->cond: rounding mode; op->imm: fraction bits;
 * op->sf: 64-bit integer; op->shift: FP size.
 */
static const A64Op *a64_op_fp_cvt(ARMCPU *cpu, const A64Op *op)
{
    unsigned size = op->shift;

    if (op->sub < 2) {
        X(op->rd) = a64_fp_to_int(cpu, size, fp_read(cpu, op->rn, size),
                                  (int8_t)op->cond, op->sub == 0, op->sf,
                                  op->imm);
    } else {
        fp_write(cpu, op->rd, a64_fp_from_int(cpu, size, X(op->rn),
                                              op->sub == 2,
                                              op->sf ? 64 : 32, op->imm));
    }
    return a64_next(cpu, op);
}

static void fp_cvt_regs(A64Op *op, uint32_t insn)
{
    if (op->sub < 2) {
        op->rd = a64_reg_wz(a64_field(insn, 0, 5));
        op->rn = a64_field(insn, 5, 5);
    } else {
        op->rd = a64_field(insn, 0, 5);
        op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    }
    op->fn = a64_op_fp_cvt;
}

/* FCVT[NPMZ][SU], FCVTA[SU], SCVTF, UCVTF (FMOV is in a64-simd.c). */
bool a64_trans_fp_cvt(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned type = a64_field(insn, 22, 2), rmode = a64_field(insn, 19, 2);
    unsigned opc = a64_field(insn, 16, 3);

    if (type > 1) {
        return false;
    }
    op->shift = type + 2;
    op->sf = a64_field(insn, 31, 1);
    op->imm = 0;
    if (opc < 2) {
        op->sub = opc;
        op->cond = rmode;               /* N, P, M, Z */
    } else if (rmode == 0 && opc < 6) {
        op->sub = opc < 4 ? opc : opc - 4;
        op->cond = opc < 4 ? A64_RM_FPCR : A64_RM_TIEAWAY;
    } else {
        return false;
    }
    op->cond = (uint8_t)(int8_t)op->cond;
    fp_cvt_regs(op, insn);
    return true;
}

/* SCVTF/UCVTF/FCVTZS/FCVTZU (scalar, fixed-point). */
bool trans_FP_FIXED(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned type = a64_field(insn, 22, 2), scale = a64_field(insn, 10, 6);
    unsigned key = a64_field(insn, 16, 5);   /* rmode:opcode */

    op->sf = a64_field(insn, 31, 1);
    if (type > 1 || (!op->sf && scale < 32)) {
        return false;
    }
    switch (key) {
    case 0x02: case 0x03:
        op->sub = key;
        break;
    case 0x18: case 0x19:
        op->sub = key - 0x18;
        break;
    default:
        return false;
    }
    op->shift = type + 2;
    op->cond = A64_RM_ZERO;
    op->imm = 64 - scale;
    fp_cvt_regs(op, insn);
    return true;
}
