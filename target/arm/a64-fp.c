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

/*
 * FADD/FSUB/FMUL/FDIV get a handler per operation and size, so that the
 * short path (a64-fpu.h) is inlined with a constant operation.
 */
static QEMU_ALWAYS_INLINE const A64Op *
fp_dp2_inline(ARMCPU *cpu, const A64Op *op, A64FPOp opn, unsigned size)
{
    uint64_t a = V(op->rn)[0], b = V(op->rm)[0];

    if (size == 2) {
        a = (uint32_t)a;
        b = (uint32_t)b;
    }
    fp_write(cpu, op->rd, a64_fpu_binop_inline(cpu, opn, size, a, b));
    return a64_next(cpu, op);
}

#define FP_DP2_HANDLER(name, opn, size)                                   \
    static const A64Op *a64_op_##name(ARMCPU *cpu, const A64Op *op)     \
    {                                                                     \
        return fp_dp2_inline(cpu, op, opn, size);                         \
    }

FP_DP2_HANDLER(fadd_s, A64_FADD, 2)
FP_DP2_HANDLER(fsub_s, A64_FSUB, 2)
FP_DP2_HANDLER(fmul_s, A64_FMUL, 2)
FP_DP2_HANDLER(fdiv_s, A64_FDIV, 2)
FP_DP2_HANDLER(fadd_d, A64_FADD, 3)
FP_DP2_HANDLER(fsub_d, A64_FSUB, 3)
FP_DP2_HANDLER(fmul_d, A64_FMUL, 3)
FP_DP2_HANDLER(fdiv_d, A64_FDIV, 3)

/* Indexed by [size == 3][A64FPOp]. */
static A64Handler *const fp_dp2_fast[2][4] = {
    { a64_op_fadd_s, a64_op_fsub_s, a64_op_fmul_s, a64_op_fdiv_s },
    { a64_op_fadd_d, a64_op_fsub_d, a64_op_fmul_d, a64_op_fdiv_d },
};

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
    op->fn = op->sub <= A64_FDIV ? fp_dp2_fast[op->sf][op->sub]
                                 : a64_op_fp_dp2;
    return true;
}

/*
 * FMADD: a+n*m, FMSUB: a-n*m, FNMADD: -a-n*m, FNMSUB: -a+n*m.  Arm
 * negates the operands before NaN processing, so a NaN operand comes out
 * with its sign flipped.  op->sub bit 0: negate n; bit 1: negate a.
 */
static QEMU_ALWAYS_INLINE const A64Op *
fp_dp3_inline(ARMCPU *cpu, const A64Op *op, unsigned size, unsigned sub)
{
    uint64_t sign = 1ull << ((8u << size) - 1);
    uint64_t a = V(op->ra)[0], n = V(op->rn)[0], m = V(op->rm)[0];

    if (size == 2) {
        a = (uint32_t)a;
        n = (uint32_t)n;
        m = (uint32_t)m;
    }
    if (sub & 1) {
        n ^= sign;
    }
    if (sub & 2) {
        a ^= sign;
    }
    fp_write(cpu, op->rd, a64_fpu_muladd_inline(cpu, size, a, n, m));
    return a64_next(cpu, op);
}

#define FP_DP3_HANDLER(name, size, sub)                                   \
    static const A64Op *a64_op_##name(ARMCPU *cpu, const A64Op *op)     \
    {                                                                     \
        return fp_dp3_inline(cpu, op, size, sub);                         \
    }                                                                     \
    static A64_FPU_TARGET_FMA const A64Op *                               \
    a64_op_##name##_fma(ARMCPU *cpu, const A64Op *op)                     \
    {                                                                     \
        return fp_dp3_inline(cpu, op, size, sub);                         \
    }

FP_DP3_HANDLER(fmadd_s, 2, 0)
FP_DP3_HANDLER(fmsub_s, 2, 1)
FP_DP3_HANDLER(fnmsub_s, 2, 2)
FP_DP3_HANDLER(fnmadd_s, 2, 3)
FP_DP3_HANDLER(fmadd_d, 3, 0)
FP_DP3_HANDLER(fmsub_d, 3, 1)
FP_DP3_HANDLER(fnmsub_d, 3, 2)
FP_DP3_HANDLER(fnmadd_d, 3, 3)

/* Indexed by [host FMA][size == 3][op->sub]. */
static A64Handler *const fp_dp3_fast[2][2][4] = {
    {
        { a64_op_fmadd_s, a64_op_fmsub_s, a64_op_fnmsub_s, a64_op_fnmadd_s },
        { a64_op_fmadd_d, a64_op_fmsub_d, a64_op_fnmsub_d, a64_op_fnmadd_d },
    }, {
        { a64_op_fmadd_s_fma, a64_op_fmsub_s_fma, a64_op_fnmsub_s_fma,
          a64_op_fnmadd_s_fma },
        { a64_op_fmadd_d_fma, a64_op_fmsub_d_fma, a64_op_fnmsub_d_fma,
          a64_op_fnmadd_d_fma },
    },
};

bool trans_FP_DP3(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned o1 = a64_field(insn, 21, 1), o0 = a64_field(insn, 15, 1);

    if (!fp_type(op, insn, false)) {
        return false;
    }
    op->sub = (o0 ^ o1) | (o1 << 1);
    op->fn = fp_dp3_fast[a64_fpu_host_fma()][op->sf][op->sub];
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

/* FCVT between single and double: the short path, else a64-fpu.c. */
static inline uint64_t fp_cvt_inline(ARMCPU *cpu, unsigned from, uint64_t a)
{
    uint64_t r;

    if (from == 2) {
        /* exact; only FZ (a denormal) and NaNs need the full function */
        if (likely(!(cpu->env.fpcr & FPCR_FZ) && !a64_fpu_nan(a, 2))) {
            return a64_fpu_bits_d(a64_fpu_s(a));
        }
        return a64_fp_convert(cpu, 2, 3, a, false);
    }
    if (likely(a64_fpu_fast(cpu))) {
        r = a64_fpu_bits_s((float)a64_fpu_d(a));
        if (likely(a64_fpu_result_ok(r, 2, false))) {
            a64_fpu_fast_flags(cpu, r);
            return r;
        }
    }
    return a64_fp_convert(cpu, 3, 2, a, false);
}

/* FMOV, FABS, FNEG, FSQRT and FCVT (S <-> D) per size and operation. */
static QEMU_ALWAYS_INLINE const A64Op *
fp_dp1_inline(ARMCPU *cpu, const A64Op *op, unsigned sub, unsigned size)
{
    uint64_t sign = 1ull << ((8u << size) - 1);
    uint64_t a = V(op->rn)[0], r;

    a = size == 3 ? a : (uint32_t)a;
    switch (sub) {
    case DP1_MOV:
        r = a;
        break;
    case DP1_ABS:
        r = a & ~sign;
        break;
    case DP1_NEG:
        r = a ^ sign;
        break;
    case DP1_SQRT:
        r = a64_fpu_sqrt(cpu, size, a);
        break;
    default:
        r = fp_cvt_inline(cpu, size, a);
        break;
    }
    fp_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

#define FP_DP1_HANDLER(name, sub, size)                                   \
    static const A64Op *a64_op_##name(ARMCPU *cpu, const A64Op *op)     \
    {                                                                     \
        return fp_dp1_inline(cpu, op, sub, size);                         \
    }

FP_DP1_HANDLER(fmov_s, DP1_MOV, 2)
FP_DP1_HANDLER(fabs_s, DP1_ABS, 2)
FP_DP1_HANDLER(fneg_s, DP1_NEG, 2)
FP_DP1_HANDLER(fsqrt_s, DP1_SQRT, 2)
FP_DP1_HANDLER(fcvt_sd, DP1_CVT_D, 2)
FP_DP1_HANDLER(fmov_d, DP1_MOV, 3)
FP_DP1_HANDLER(fabs_d, DP1_ABS, 3)
FP_DP1_HANDLER(fneg_d, DP1_NEG, 3)
FP_DP1_HANDLER(fsqrt_d, DP1_SQRT, 3)
FP_DP1_HANDLER(fcvt_ds, DP1_CVT_S, 3)

/* The specialised handler of a decoded DP1 record, or NULL. */
static A64Handler *fp_dp1_fast(const A64Op *op)
{
    static A64Handler *const tab[2][4] = {
        { a64_op_fmov_s, a64_op_fabs_s, a64_op_fneg_s, a64_op_fsqrt_s },
        { a64_op_fmov_d, a64_op_fabs_d, a64_op_fneg_d, a64_op_fsqrt_d },
    };

    if (op->shift < 2) {
        return NULL;
    }
    if (op->sub <= DP1_SQRT) {
        return tab[op->shift - 2][op->sub];
    }
    if (op->sub == DP1_CVT_D && op->shift == 2) {
        return a64_op_fcvt_sd;
    }
    if (op->sub == DP1_CVT_S && op->shift == 3) {
        return a64_op_fcvt_ds;
    }
    return NULL;
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
    op->fn = fp_dp1_fast(op) ?: a64_op_fp_dp1;
    return true;
}

/* FCMP/FCMPE: integer compare first (a64-fpu.h), else a64-fpu.c. */
static inline uint32_t fp_compare_inline(ARMCPU *cpu, unsigned size,
                                         uint64_t a, uint64_t b, bool signal)
{
    uint32_t nzcv;

    if (likely(a64_fpu_compare_inline(cpu, size, a, b, &nzcv))) {
        return nzcv;
    }
    return a64_fp_compare(cpu, size, a, b, signal);
}

static const A64Op *a64_op_fp_cmp(ARMCPU *cpu, const A64Op *op)
{
    unsigned size = op->shift;
    uint64_t b = op->imm ? 0 : fp_read(cpu, op->rm, size);

    cpu->env.nzcv = fp_compare_inline(cpu, size, fp_read(cpu, op->rn, size),
                                      b, op->sub);
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
        cpu->env.nzcv = fp_compare_inline(cpu, size,
                                          fp_read(cpu, op->rn, size),
                                          fp_read(cpu, op->rm, size),
                                          op->sub);
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

/*
 * SCVTF/UCVTF without fraction bits, per FP size, signedness and
 * integer width (op->sf), with the exactness test of a64-fpu.h.
 */
static QEMU_ALWAYS_INLINE const A64Op *
fp_from_int_inline(ARMCPU *cpu, const A64Op *op, unsigned size,
                   bool is_signed)
{
    fp_write(cpu, op->rd, a64_fpu_from_int_inline(cpu, size, X(op->rn),
                                                  is_signed,
                                                  op->sf ? 64 : 32));
    return a64_next(cpu, op);
}

/* FCVTZS/FCVTZU, any fraction bits, in integer arithmetic when it can. */
static QEMU_ALWAYS_INLINE const A64Op *
fp_to_int_z_inline(ARMCPU *cpu, const A64Op *op, unsigned size,
                   bool is_signed)
{
    uint64_t a = fp_read(cpu, op->rn, size), r;

    if (unlikely(!a64_fpu_to_int_z(cpu, size, a, is_signed, op->sf, op->imm,
                                   &r))) {
        r = a64_fp_to_int(cpu, size, a, A64_RM_ZERO, is_signed, op->sf,
                          op->imm);
    }
    X(op->rd) = r;
    return a64_next(cpu, op);
}

#define FP_CVT_HANDLER(name, tmpl, size, is_signed)                       \
    static const A64Op *a64_op_##name(ARMCPU *cpu, const A64Op *op)     \
    {                                                                     \
        return tmpl(cpu, op, size, is_signed);                            \
    }

FP_CVT_HANDLER(scvtf_s, fp_from_int_inline, 2, true)
FP_CVT_HANDLER(ucvtf_s, fp_from_int_inline, 2, false)
FP_CVT_HANDLER(scvtf_d, fp_from_int_inline, 3, true)
FP_CVT_HANDLER(ucvtf_d, fp_from_int_inline, 3, false)
FP_CVT_HANDLER(fcvtzs_s, fp_to_int_z_inline, 2, true)
FP_CVT_HANDLER(fcvtzu_s, fp_to_int_z_inline, 2, false)
FP_CVT_HANDLER(fcvtzs_d, fp_to_int_z_inline, 3, true)
FP_CVT_HANDLER(fcvtzu_d, fp_to_int_z_inline, 3, false)

/* The specialised handler of a decoded conversion record, or the generic. */
static A64Handler *fp_cvt_handler(const A64Op *op)
{
    static A64Handler *const to_int[2][2] = {
        { a64_op_fcvtzs_s, a64_op_fcvtzu_s },
        { a64_op_fcvtzs_d, a64_op_fcvtzu_d },
    };
    static A64Handler *const from_int[2][2] = {
        { a64_op_scvtf_s, a64_op_ucvtf_s },
        { a64_op_scvtf_d, a64_op_ucvtf_d },
    };

    if (op->sub < 2 && (int8_t)op->cond == A64_RM_ZERO) {
        return to_int[op->shift - 2][op->sub];
    }
    if (op->sub >= 2 && op->imm == 0) {
        return from_int[op->shift - 2][op->sub - 2];
    }
    return a64_op_fp_cvt;
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
    op->fn = fp_cvt_handler(op);
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
