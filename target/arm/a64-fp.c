/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 scalar floating point, single and double precision: arithmetic,
 * fused multiply-add, compare, select, immediate moves, precision and
 * integer conversions.
 *
 * Arithmetic uses the host's IEEE operations (round to nearest; FPCR
 * rounding modes and flush-to-zero are not applied yet), then fixes up
 * what differs on Arm: NaN results follow Arm's propagation rules (first
 * signalling NaN quietened, else first quiet NaN, else the default NaN;
 * FPCR.DN forces the default NaN), and float-to-integer conversions
 * saturate.  Host exception flags are folded into FPSR's cumulative bits.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"

#include <fenv.h>
#include <math.h>

#define X(r) (cpu->env.xregs[(r)])
#define V(r) (cpu->env.vregs[(r)])

#define FPSR_IOC (1u << 0)
#define FPSR_DZC (1u << 1)
#define FPSR_OFC (1u << 2)
#define FPSR_UFC (1u << 3)
#define FPSR_IXC (1u << 4)
#define FPCR_DN  (1u << 25)

typedef struct FPVal {
    bool dbl;
    uint64_t bits;
} FPVal;

static inline double fp_d(uint64_t b)
{
    double d;

    memcpy(&d, &b, 8);
    return d;
}

static inline float fp_s(uint64_t b)
{
    float f;
    uint32_t w = b;

    memcpy(&f, &w, 4);
    return f;
}

static inline uint64_t fp_bits_d(double d)
{
    uint64_t b;

    memcpy(&b, &d, 8);
    return b;
}

static inline uint64_t fp_bits_s(float f)
{
    uint32_t w;

    memcpy(&w, &f, 4);
    return w;
}

static bool fp_is_nan(uint64_t b, bool dbl)
{
    return dbl ? isnan(fp_d(b)) : isnan(fp_s(b));
}

static bool fp_is_snan(uint64_t b, bool dbl)
{
    uint64_t quiet = dbl ? 1ull << 51 : 1u << 22;

    return fp_is_nan(b, dbl) && !(b & quiet);
}

static uint64_t fp_default_nan(bool dbl)
{
    return dbl ? 0x7ff8000000000000ull : 0x7fc00000u;
}

/* Arm's NaN result for operands a, b, c (c_valid for three inputs). */
static uint64_t fp_nan_result(ARMCPU *cpu, bool dbl, const uint64_t *ops,
                              unsigned n)
{
    uint64_t quiet = dbl ? 1ull << 51 : 1u << 22;

    for (unsigned i = 0; i < n; i++) {
        if (fp_is_snan(ops[i], dbl)) {
            cpu->env.fpsr |= FPSR_IOC;
            return (cpu->env.fpcr & FPCR_DN) ? fp_default_nan(dbl)
                                             : ops[i] | quiet;
        }
    }
    for (unsigned i = 0; i < n; i++) {
        if (fp_is_nan(ops[i], dbl)) {
            return (cpu->env.fpcr & FPCR_DN) ? fp_default_nan(dbl) : ops[i];
        }
    }
    return fp_default_nan(dbl);
}

static void fp_collect_flags(ARMCPU *cpu)
{
    int e = fetestexcept(FE_ALL_EXCEPT);

    cpu->env.fpsr |= ((e & FE_INVALID) ? FPSR_IOC : 0) |
                     ((e & FE_DIVBYZERO) ? FPSR_DZC : 0) |
                     ((e & FE_OVERFLOW) ? FPSR_OFC : 0) |
                     ((e & FE_UNDERFLOW) ? FPSR_UFC : 0) |
                     ((e & FE_INEXACT) ? FPSR_IXC : 0);
}

static void fp_write(ARMCPU *cpu, unsigned rd, uint64_t bits)
{
    V(rd)[0] = bits;
    V(rd)[1] = 0;
}

static uint64_t fp_arith(unsigned opc, bool dbl, uint64_t a, uint64_t b)
{
    if (dbl) {
        double x = fp_d(a), y = fp_d(b), r;

        switch (opc) {
        case 0: r = x * y; break;
        case 1: r = x / y; break;
        case 2: r = x + y; break;
        case 3: r = x - y; break;
        case 4: case 6: r = (x > y || (x == y && !signbit(x))) ? x : y; break;
        case 5: case 7: r = (x < y || (x == y && signbit(x))) ? x : y; break;
        default: r = -(x * y); break;
        }
        return fp_bits_d(r);
    } else {
        float x = fp_s(a), y = fp_s(b), r;

        switch (opc) {
        case 0: r = x * y; break;
        case 1: r = x / y; break;
        case 2: r = x + y; break;
        case 3: r = x - y; break;
        case 4: case 6: r = (x > y || (x == y && !signbit(x))) ? x : y; break;
        case 5: case 7: r = (x < y || (x == y && signbit(x))) ? x : y; break;
        default: r = -(x * y); break;
        }
        return fp_bits_s(r);
    }
}

static const A64Op *a64_op_fp_dp2(ARMCPU *cpu, const A64Op *op)
{
    bool dbl = op->sf;
    uint64_t ops[2] = { V(op->rn)[0], V(op->rm)[0] }, r;

    if (!dbl) {
        ops[0] = (uint32_t)ops[0];
        ops[1] = (uint32_t)ops[1];
    }
    if (fp_is_nan(ops[0], dbl) || fp_is_nan(ops[1], dbl)) {
        /* FMAXNM/FMINNM: a single quiet NaN loses to a number. */
        if ((op->sub == 6 || op->sub == 7) &&
            !fp_is_snan(ops[0], dbl) && !fp_is_snan(ops[1], dbl) &&
            !(fp_is_nan(ops[0], dbl) && fp_is_nan(ops[1], dbl))) {
            r = fp_is_nan(ops[0], dbl) ? ops[1] : ops[0];
        } else {
            r = fp_nan_result(cpu, dbl, ops, 2);
        }
    } else {
        feclearexcept(FE_ALL_EXCEPT);
        r = fp_arith(op->sub, dbl, ops[0], ops[1]);
        fp_collect_flags(cpu);
        if (fp_is_nan(r, dbl)) {
            r = fp_default_nan(dbl);     /* inf-inf, 0*inf, 0/0 */
        }
    }
    fp_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

static bool fp_type(A64Op *op, uint32_t insn)
{
    unsigned type = a64_field(insn, 22, 2);

    op->sf = type == 1;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
    op->ra = a64_field(insn, 10, 5);
    return type < 2;
}

bool trans_FP_DP2(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    op->sub = a64_field(insn, 12, 4);
    if (!fp_type(op, insn) || op->sub > 8) {
        return false;
    }
    op->fn = a64_op_fp_dp2;
    return true;
}

static const A64Op *a64_op_fp_dp3(ARMCPU *cpu, const A64Op *op)
{
    bool dbl = op->sf;
    uint64_t mask = dbl ? ~0ull : 0xffffffffu;
    uint64_t ops[3] = { V(op->ra)[0] & mask, V(op->rn)[0] & mask,
                        V(op->rm)[0] & mask };
    uint64_t sign = dbl ? 1ull << 63 : 1u << 31, r;

    if (fp_is_nan(ops[0], dbl) || fp_is_nan(ops[1], dbl) ||
        fp_is_nan(ops[2], dbl)) {
        r = fp_nan_result(cpu, dbl, ops, 3);
        fp_write(cpu, op->rd, r);
        return a64_next(cpu, op);
    }
    /* sub bit 0: negate the product; bit 1: negate the addend. */
    if (op->sub & 1) {
        ops[1] ^= sign;
    }
    if (op->sub & 2) {
        ops[0] ^= sign;
    }
    feclearexcept(FE_ALL_EXCEPT);
    r = dbl ? fp_bits_d(fma(fp_d(ops[1]), fp_d(ops[2]), fp_d(ops[0])))
            : fp_bits_s(fmaf(fp_s(ops[1]), fp_s(ops[2]), fp_s(ops[0])));
    fp_collect_flags(cpu);
    if (fp_is_nan(r, dbl)) {
        r = fp_default_nan(dbl);
    }
    fp_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

bool trans_FP_DP3(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned o1 = a64_field(insn, 21, 1), o0 = a64_field(insn, 15, 1);

    if (!fp_type(op, insn)) {
        return false;
    }
    /* FMADD: a+n*m, FMSUB: a-n*m, FNMADD: -a-n*m, FNMSUB: -a+n*m */
    op->sub = (o0 ^ o1) | (o1 << 1);
    op->fn = a64_op_fp_dp3;
    return true;
}

static uint64_t fp_dp1_value(ARMCPU *cpu, const A64Op *op, uint64_t a)
{
    bool dbl = op->sf;
    uint64_t sign = dbl ? 1ull << 63 : 1u << 31;

    switch (op->sub) {
    case 0:
        return a;
    case 1:
        return a & ~sign;
    case 2:
        return a ^ sign;
    case 3:
        if (fp_is_nan(a, dbl)) {
            return fp_nan_result(cpu, dbl, &a, 1);
        }
        return dbl ? fp_bits_d(sqrt(fp_d(a))) : fp_bits_s(sqrtf(fp_s(a)));
    case 4:     /* FCVT to single (from double) */
        if (fp_is_nan(a, true)) {
            uint64_t q = fp_nan_result(cpu, true, &a, 1);

            return (cpu->env.fpcr & FPCR_DN) ? fp_default_nan(false)
                   : ((q >> 32) & 0x80000000u) | 0x7fc00000u |
                     ((q >> 29) & 0x3fffff);
        }
        return fp_bits_s((float)fp_d(a));
    default:    /* FCVT to double (from single) */
        if (fp_is_nan(a, false)) {
            uint64_t q = fp_nan_result(cpu, false, &a, 1);

            return (cpu->env.fpcr & FPCR_DN) ? fp_default_nan(true)
                   : ((q & 0x80000000ull) << 32) | 0x7ff8000000000000ull |
                     ((q & 0x3fffff) << 29);
        }
        return fp_bits_d((double)fp_s(a));
    }
}

static const A64Op *a64_op_fp_dp1(ARMCPU *cpu, const A64Op *op)
{
    uint64_t a = op->sf ? V(op->rn)[0] : (uint32_t)V(op->rn)[0];
    uint64_t r;

    feclearexcept(FE_ALL_EXCEPT);
    r = fp_dp1_value(cpu, op, a);
    if (op->sub >= 3) {
        fp_collect_flags(cpu);
        if (op->sub == 3 && fp_is_nan(r, op->sf) && !fp_is_nan(a, op->sf)) {
            r = fp_default_nan(op->sf);
        }
    }
    fp_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

bool trans_FP_DP1(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 15, 6);

    if (!fp_type(op, insn)) {
        return false;
    }
    if (opc <= 3) {
        op->sub = opc;
    } else if (opc == 4 && op->sf) {
        op->sub = 4;
    } else if (opc == 5 && !op->sf) {
        op->sub = 5;
    } else {
        return false;   /* FRINT*, half precision */
    }
    op->fn = a64_op_fp_dp1;
    return true;
}

static const A64Op *a64_op_fp_cmp(ARMCPU *cpu, const A64Op *op)
{
    bool dbl = op->sf;
    uint64_t a = dbl ? V(op->rn)[0] : (uint32_t)V(op->rn)[0];
    uint64_t b = op->imm ? 0 : dbl ? V(op->rm)[0] : (uint32_t)V(op->rm)[0];

    if (fp_is_nan(a, dbl) || fp_is_nan(b, dbl)) {
        if (op->sub || fp_is_snan(a, dbl) || fp_is_snan(b, dbl)) {
            cpu->env.fpsr |= FPSR_IOC;
        }
        cpu->env.nzcv = A64_CF | A64_VF;
    } else {
        double x = dbl ? fp_d(a) : fp_s(a), y = dbl ? fp_d(b) : fp_s(b);

        cpu->env.nzcv = x == y ? A64_ZF | A64_CF : x < y ? A64_NF : A64_CF;
    }
    return a64_next(cpu, op);
}

bool trans_FP_CMP(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!fp_type(op, insn)) {
        return false;
    }
    op->imm = a64_field(insn, 3, 1);    /* compare with zero */
    op->sub = a64_field(insn, 4, 1);    /* FCMPE */
    op->fn = a64_op_fp_cmp;
    return true;
}

static const A64Op *a64_op_fp_csel(ARMCPU *cpu, const A64Op *op)
{
    unsigned src = a64_cond_inline(cpu->env.nzcv, op->cond) ? op->rn
                                                            : op->rm;
    uint64_t v = V(src)[0];

    fp_write(cpu, op->rd, op->sf ? v : (uint32_t)v);
    return a64_next(cpu, op);
}

bool trans_FP_CSEL(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!fp_type(op, insn)) {
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

    if (!fp_type(op, insn)) {
        return false;
    }
    op->imm = fp_expand_imm(a64_field(insn, 13, 8), op->sf);
    op->fn = a64_op_fp_imm;
    return true;
}

/* Round toward zero and saturate, as FCVTZS/FCVTZU do. */
static uint64_t fp_to_int(ARMCPU *cpu, double x, bool is_signed, bool w64)
{
    double lo = is_signed ? (w64 ? -9223372036854775808.0 : -2147483648.0)
                          : 0.0;
    double hi = w64 ? (is_signed ? 9223372036854775808.0
                                 : 18446744073709551616.0)
                    : (is_signed ? 2147483648.0 : 4294967296.0);
    double t = trunc(x);

    if (isnan(x)) {
        cpu->env.fpsr |= FPSR_IOC;
        return 0;
    }
    if (t < lo || t >= hi) {
        cpu->env.fpsr |= FPSR_IOC;
        if (t < lo) {
            return is_signed ? (w64 ? (uint64_t)INT64_MIN
                                    : (uint32_t)INT32_MIN) : 0;
        }
        return is_signed ? (w64 ? (uint64_t)INT64_MAX : INT32_MAX)
                         : (w64 ? UINT64_MAX : UINT32_MAX);
    }
    if (t != x) {
        cpu->env.fpsr |= FPSR_IXC;
    }
    if (is_signed) {
        return w64 ? (uint64_t)(int64_t)t : (uint32_t)(int32_t)t;
    }
    return w64 ? (uint64_t)t : (uint32_t)t;
}

static const A64Op *a64_op_fp_cvt(ARMCPU *cpu, const A64Op *op)
{
    bool dbl = op->cond, w64 = op->sf;
    uint64_t r;

    if (op->sub < 2) {          /* FCVTZS, FCVTZU */
        uint64_t a = V(op->rn)[0];
        double x = dbl ? fp_d(a) : fp_s(a);

        X(op->rd) = fp_to_int(cpu, x, op->sub == 0, w64);
        return a64_next(cpu, op);
    }
    feclearexcept(FE_ALL_EXCEPT);
    if (op->sub == 2) {         /* SCVTF */
        int64_t v = w64 ? (int64_t)X(op->rn) : (int32_t)X(op->rn);

        r = dbl ? fp_bits_d((double)v) : fp_bits_s((float)v);
    } else {                    /* UCVTF */
        uint64_t v = w64 ? X(op->rn) : (uint32_t)X(op->rn);

        r = dbl ? fp_bits_d((double)v) : fp_bits_s((float)v);
    }
    fp_collect_flags(cpu);
    fp_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

bool a64_trans_fp_cvt(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned type = a64_field(insn, 22, 2), rmode = a64_field(insn, 19, 2);
    unsigned opc = a64_field(insn, 16, 3);

    if (type > 1) {
        return false;
    }
    op->cond = type;
    op->sf = a64_field(insn, 31, 1);
    if (rmode == 3 && opc < 2) {
        op->sub = opc;
        op->rd = a64_reg_wz(a64_field(insn, 0, 5));
        op->rn = a64_field(insn, 5, 5);
    } else if (rmode == 0 && (opc == 2 || opc == 3)) {
        op->sub = opc;
        op->rd = a64_field(insn, 0, 5);
        op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    } else {
        return false;
    }
    op->fn = a64_op_fp_cvt;
    return true;
}
