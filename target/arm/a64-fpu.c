/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 floating point with Arm's rules on top of the host's IEEE 754
 * arithmetic (facts from the Arm ARM's FP pseudocode: FPUnpack,
 * FPProcessNaNs, FPRound, FPMulAdd, FPRecipStepFused, FPToFixed...).
 *
 * - Inputs: with FPCR.FZ a single/double denormal operand is flushed to
 *   zero and IDC is set.
 * - NaNs: the first signalling NaN (quietened, IOC), else the first quiet
 *   NaN, is the result; FPCR.DN gives the default NaN instead; an invalid
 *   operation (inf - inf, 0 * inf, ...) gives the default NaN and IOC.
 * - Rounding: the host rounds in FPCR.RMode (set around the
 *   operation, only when it is not round-to-nearest).
 * - Results: Arm detects tininess before rounding, x86 after; a result
 *   equal to the smallest normal that was inexact is recomputed rounding
 *   toward zero to decide.  With FZ a tiny result becomes a signed zero
 *   and sets UFC only.
 * - Flags: the host's exception flags become FPSR's cumulative bits.
 *
 * The host operation runs in a noinline function so that the compiler
 * keeps it between the fenv calls.
 */
#include "qemu/osdep.h"
#include "a64-fpu.h"

#include <fenv.h>
#include <float.h>
#include <math.h>

/*
 * The host's rounding mode and exception flags.  On x86-64 this is the
 * SSE control register directly: glibc's fenv functions also reload the
 * x87 environment, which cost more than the arithmetic.  FE_* values are
 * the MXCSR flag bits there.
 */
#if defined(__x86_64__)
#include <xmmintrin.h>

static const unsigned fp_host_rc[4] = { 0x0000, 0x4000, 0x2000, 0x6000 };

static inline void fp_host_round(unsigned rm)
{
    _mm_setcsr((_mm_getcsr() & ~0x6000u) | fp_host_rc[rm]);
}

static inline void fp_host_clear(void)
{
    _mm_setcsr(_mm_getcsr() & ~0x3fu);
}

static inline int fp_host_flags(void)
{
    return _mm_getcsr() & (FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW |
                           FE_UNDERFLOW | FE_INEXACT);
}

/* FPSR bits for the flags, when FE_* are the x86 bits (above). */
static inline uint32_t fp_host_fpsr(int e)
{
    return (e & FE_INVALID) | ((e >> 1) & 0x1e);
}
#else
static const int fp_host_rm[4] = {
    FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO,
};

static inline void fp_host_round(unsigned rm)
{
    fesetround(fp_host_rm[rm]);
}

static inline void fp_host_clear(void)
{
    feclearexcept(FE_ALL_EXCEPT);
}

static inline int fp_host_flags(void)
{
    return fetestexcept(FE_ALL_EXCEPT);
}

static inline uint32_t fp_host_fpsr(int e)
{
    return ((e & FE_INVALID) ? FPSR_IOC : 0) |
           ((e & FE_DIVBYZERO) ? FPSR_DZC : 0) |
           ((e & FE_OVERFLOW) ? FPSR_OFC : 0) |
           ((e & FE_UNDERFLOW) ? FPSR_UFC : 0) |
           ((e & FE_INEXACT) ? FPSR_IXC : 0);
}
#endif

/*
 * Fast path: the host's sticky flags are left set between operations,
 * under the invariant "host flags are a subset of FPSR's" (the engine
 * calls a64_fpu_reset_host_flags() on entry and when FPSR is written),
 * so OR-ing them into FPSR after an operation is exact without clearing
 * them first.  Results that need the flags of this operation alone
 * (NaN, tiny) take the slow path, which clears them.
 */
void a64_fpu_reset_host_flags(void)
{
    fp_host_clear();
}

/* Host-side operations (fp_host). */
enum {
    H_ADD, H_SUB, H_MUL, H_DIV, H_FMA, H_SQRT, H_RECPS, H_RSQRTS, H_TO_S,
};

static unsigned fp_mant_bits(unsigned size)
{
    return size == 3 ? 52 : size == 2 ? 23 : 10;
}

static uint64_t fp_sign_bit(unsigned size)
{
    return 1ull << ((8u << size) - 1);
}

static uint64_t fp_mask(unsigned size)
{
    return size == 3 ? ~0ull : (1ull << (8u << size)) - 1;
}

static uint64_t fp_exp_field(uint64_t bits, unsigned size)
{
    unsigned eb = size == 3 ? 11 : size == 2 ? 8 : 5;

    return (bits >> fp_mant_bits(size)) & ((1u << eb) - 1);
}

static uint64_t fp_frac(uint64_t bits, unsigned size)
{
    return bits & ((1ull << fp_mant_bits(size)) - 1);
}

static bool fp_exp_max(uint64_t bits, unsigned size)
{
    unsigned eb = size == 3 ? 11 : size == 2 ? 8 : 5;

    return fp_exp_field(bits, size) == (1u << eb) - 1;
}

static inline bool fp_is_nan_inline(uint64_t bits, unsigned size)
{
    return fp_exp_max(bits, size) && fp_frac(bits, size);
}

bool a64_fp_is_nan(uint64_t bits, unsigned size)
{
    return fp_is_nan_inline(bits, size);
}

static bool fp_is_snan(uint64_t bits, unsigned size)
{
    return a64_fp_is_nan(bits, size) &&
           !(bits & (1ull << (fp_mant_bits(size) - 1)));
}

static bool fp_is_inf(uint64_t bits, unsigned size)
{
    return fp_exp_max(bits, size) && !fp_frac(bits, size);
}

static bool fp_is_zero(uint64_t bits, unsigned size)
{
    return (bits & ~fp_sign_bit(size) & fp_mask(size)) == 0;
}

uint64_t a64_fp_default_nan(unsigned size)
{
    return size == 3 ? 0x7ff8000000000000ull : size == 2 ? 0x7fc00000u
                                                          : 0x7e00u;
}

static double fp_d(uint64_t b)
{
    double d;

    memcpy(&d, &b, 8);
    return d;
}

static float fp_s(uint64_t b)
{
    float f;
    uint32_t w = b;

    memcpy(&f, &w, 4);
    return f;
}

static uint64_t fp_bits_d(double d)
{
    uint64_t b;

    memcpy(&b, &d, 8);
    return b;
}

static uint64_t fp_bits_s(float f)
{
    uint32_t w;

    memcpy(&w, &f, 4);
    return w;
}

/* The value of a single or double as a host double (exact). */
static double fp_value(uint64_t bits, unsigned size)
{
    return size == 3 ? fp_d(bits) : fp_s(bits);
}

/* FPUnpack's flush of a denormal input under FPCR.FZ. */
static uint64_t fp_flush_in(ARMCPU *cpu, uint64_t bits, unsigned size)
{
    bits &= fp_mask(size);
    if ((cpu->env.fpcr & FPCR_FZ) && size >= 2 &&
        fp_exp_field(bits, size) == 0 && fp_frac(bits, size)) {
        cpu->env.fpsr |= FPSR_IDC;
        return bits & fp_sign_bit(size);
    }
    return bits;
}

/* A NaN operand quietened (IOC for a signalling one), or DN's NaN. */
static uint64_t fp_process_nan(ARMCPU *cpu, uint64_t bits, unsigned size)
{
    if (fp_is_snan(bits, size)) {
        cpu->env.fpsr |= FPSR_IOC;
        bits |= 1ull << (fp_mant_bits(size) - 1);
    }
    return (cpu->env.fpcr & FPCR_DN) ? a64_fp_default_nan(size) : bits;
}

/* FPProcessNaNs over @n operands; false if none is a NaN. */
static bool fp_nans(ARMCPU *cpu, unsigned size, const uint64_t *ops,
                    unsigned n, uint64_t *r)
{
    bool any = false;

    for (unsigned i = 0; i < n; i++) {
        any |= fp_is_nan_inline(ops[i], size);
    }
    if (likely(!any)) {
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        if (fp_is_snan(ops[i], size)) {
            *r = fp_process_nan(cpu, ops[i], size);
            return true;
        }
    }
    for (unsigned i = 0; i < n; i++) {
        if (a64_fp_is_nan(ops[i], size)) {
            *r = fp_process_nan(cpu, ops[i], size);
            return true;
        }
    }
    return false;
}

/*
 * (3 + x * y) / 2 with one rounding: halve an operand that halves
 * exactly, so that a product near the top of the range cannot overflow.
 */
static double fp_rsqrts_d(double x, double y)
{
    if (fabs(x) >= 2 * DBL_MIN) {
        return fma(x * 0.5, y, 1.5);
    }
    if (fabs(y) >= 2 * DBL_MIN) {
        return fma(x, y * 0.5, 1.5);
    }
    return fma(x, y, 3.0) * 0.5;
}

static float fp_rsqrts_s(float x, float y)
{
    if (fabsf(x) >= 2 * FLT_MIN) {
        return fmaf(x * 0.5f, y, 1.5f);
    }
    if (fabsf(y) >= 2 * FLT_MIN) {
        return fmaf(x, y * 0.5f, 1.5f);
    }
    return fmaf(x, y, 3.0f) * 0.5f;
}

static __attribute__((noinline)) uint64_t fp_host(unsigned hop,
                                                  unsigned size, uint64_t a,
                                                  uint64_t b, uint64_t c)
{
    if (size == 3) {
        double x = fp_d(a), y = fp_d(b), z = fp_d(c);

        switch (hop) {
        case H_ADD: return fp_bits_d(x + y);
        case H_SUB: return fp_bits_d(x - y);
        case H_MUL: return fp_bits_d(x * y);
        case H_DIV: return fp_bits_d(x / y);
        case H_FMA: return fp_bits_d(fma(y, z, x));
        case H_SQRT: return fp_bits_d(sqrt(x));
        case H_RECPS: return fp_bits_d(fma(x, y, 2.0));
        case H_RSQRTS: return fp_bits_d(fp_rsqrts_d(x, y));
        default: return fp_bits_s((float)x);    /* H_TO_S */
        }
    } else {
        float x = fp_s(a), y = fp_s(b), z = fp_s(c);

        switch (hop) {
        case H_ADD: return fp_bits_s(x + y);
        case H_SUB: return fp_bits_s(x - y);
        case H_MUL: return fp_bits_s(x * y);
        case H_DIV: return fp_bits_s(x / y);
        case H_FMA: return fp_bits_s(fmaf(y, z, x));
        case H_SQRT: return fp_bits_s(sqrtf(x));
        case H_RECPS: return fp_bits_s(fmaf(x, y, 2.0f));
        default: return fp_bits_s(fp_rsqrts_s(x, y));
        }
    }
}

/*
 * Run host operation @hop in FPCR's rounding mode and apply Arm's result
 * rules.  @rsize is the result's size (differs for H_TO_S).
 */
static uint64_t fp_compute(ARMCPU *cpu, unsigned hop, unsigned size,
                           uint64_t a, uint64_t b, uint64_t c)
{
    unsigned rm = (cpu->env.fpcr >> 22) & 3;
    unsigned rsize = hop == H_TO_S ? 2 : size;
    uint64_t sign = fp_sign_bit(rsize), minnorm, mag, r;
    bool tiny;
    int e;

    if (likely(rm == 0)) {
        r = fp_host(hop, size, a, b, c);
        mag = r & ~sign;
        if (likely(mag > (1ull << fp_mant_bits(rsize)) &&
                   !fp_is_nan_inline(r, rsize))) {
            cpu->env.fpsr |= fp_host_fpsr(fp_host_flags());
            return r;
        }
    }
    if (rm) {
        fp_host_round(rm);
    }
    fp_host_clear();
    r = fp_host(hop, size, a, b, c);
    e = fp_host_flags();
    mag = r & ~sign;
    minnorm = 1ull << fp_mant_bits(rsize);
    tiny = e & FE_UNDERFLOW;
    if (!tiny && mag == minnorm && (e & FE_INEXACT)) {
        fp_host_round(A64_RM_ZERO);
        tiny = (fp_host(hop, size, a, b, c) & ~sign) < minnorm;
        fp_host_round(rm);
    }
    if (rm) {
        fp_host_round(A64_RM_TIEEVEN);
    }
    fp_host_clear();        /* FPSR gets Arm's flags, maybe not the host's */
    if (e & FE_INVALID) {
        cpu->env.fpsr |= FPSR_IOC;
        return a64_fp_default_nan(rsize);
    }
    if ((cpu->env.fpcr & FPCR_FZ) && (tiny || (mag && mag < minnorm))) {
        cpu->env.fpsr |= FPSR_UFC;
        return r & sign;
    }
    cpu->env.fpsr |= ((e & FE_DIVBYZERO) ? FPSR_DZC : 0) |
                     ((e & FE_OVERFLOW) ? FPSR_OFC : 0) |
                     (tiny && (e & FE_INEXACT) ? FPSR_UFC : 0) |
                     ((e & FE_INEXACT) ? FPSR_IXC : 0);
    return r;
}

/* FMAX/FMIN/FMAXNM/FMINNM of two non-NaN values. */
static uint64_t fp_minmax(A64FPOp opn, unsigned size, uint64_t a, uint64_t b)
{
    double x = fp_value(a, size), y = fp_value(b, size);
    bool max = opn == A64_FMAX || opn == A64_FMAXNM;

    if (x == y) {       /* +0 and -0: max is +0, min is -0 */
        bool a_neg = a & fp_sign_bit(size);

        return max == a_neg ? b : a;
    }
    return (x > y) == max ? a : b;
}

/* The sign-adjusted 2.0 / 1.5 / infinity answers of FRECPS/FRSQRTS. */
static bool fp_step_special(A64FPOp opn, unsigned size, uint64_t a,
                            uint64_t b, uint64_t *r)
{
    uint64_t sign = (a ^ b) & fp_sign_bit(size);
    bool inf_a = fp_is_inf(a, size), inf_b = fp_is_inf(b, size);

    if ((inf_a && fp_is_zero(b, size)) || (fp_is_zero(a, size) && inf_b)) {
        if (opn == A64_FMULX) {
            *r = sign | (size == 3 ? 0x4000000000000000ull : 0x40000000u);
        } else if (opn == A64_FRECPS) {
            *r = size == 3 ? 0x4000000000000000ull : 0x40000000u;
        } else {
            *r = size == 3 ? 0x3ff8000000000000ull : 0x3fc00000u;
        }
        return true;
    }
    if (opn != A64_FMULX && (inf_a || inf_b)) {
        *r = sign | (size == 3 ? 0x7ff0000000000000ull : 0x7f800000u);
        return true;
    }
    return false;
}

uint64_t a64_fp_binop(ARMCPU *cpu, A64FPOp opn, unsigned size, uint64_t a,
                      uint64_t b)
{
    static const uint8_t hop[] = {
        [A64_FADD] = H_ADD, [A64_FSUB] = H_SUB, [A64_FMUL] = H_MUL,
        [A64_FDIV] = H_DIV, [A64_FNMUL] = H_MUL, [A64_FMULX] = H_MUL,
        [A64_FABD] = H_SUB, [A64_FRECPS] = H_RECPS,
        [A64_FRSQRTS] = H_RSQRTS,
    };
    uint64_t sign = fp_sign_bit(size), ops[2], r;
    bool nan_a, nan_b;

    /* Hot path: plain arithmetic, no FZ, no NaN operand. */
    if (likely(opn <= A64_FDIV && !(cpu->env.fpcr & FPCR_FZ))) {
        a &= fp_mask(size);
        b &= fp_mask(size);
        if (likely(!fp_is_nan_inline(a, size) &&
                   !fp_is_nan_inline(b, size))) {
            return fp_compute(cpu, hop[opn], size, a, b, 0);
        }
    }
    if (opn == A64_FRECPS || opn == A64_FRSQRTS) {
        a ^= sign;      /* the step functions negate op1 first */
    }
    ops[0] = a = fp_flush_in(cpu, a, size);
    ops[1] = b = fp_flush_in(cpu, b, size);
    nan_a = a64_fp_is_nan(a, size);
    nan_b = a64_fp_is_nan(b, size);
    if ((opn == A64_FMAXNM || opn == A64_FMINNM) && nan_a != nan_b &&
        !fp_is_snan(a, size) && !fp_is_snan(b, size)) {
        return nan_a ? b : a;       /* a quiet NaN loses to a number */
    }
    if (fp_nans(cpu, size, ops, 2, &r)) {
        /* nothing to compute */
    } else if (opn >= A64_FMAX && opn <= A64_FMINNM) {
        return fp_minmax(opn, size, a, b);
    } else if ((opn == A64_FMULX || opn == A64_FRECPS ||
                opn == A64_FRSQRTS) && fp_step_special(opn, size, a, b, &r)) {
        return r;
    } else {
        r = fp_compute(cpu, hop[opn], size, a, b, 0);
    }
    if (opn == A64_FNMUL) {
        r ^= sign;
    } else if (opn == A64_FABD) {
        r &= ~sign;
    }
    return r;
}

uint64_t a64_fp_muladd(ARMCPU *cpu, unsigned size, uint64_t addend,
                       uint64_t n, uint64_t m)
{
    uint64_t ops[3], r;
    bool invalid;

    ops[0] = addend = fp_flush_in(cpu, addend, size);
    ops[1] = n = fp_flush_in(cpu, n, size);
    ops[2] = m = fp_flush_in(cpu, m, size);
    invalid = (fp_is_inf(n, size) && fp_is_zero(m, size)) ||
              (fp_is_zero(n, size) && fp_is_inf(m, size));
    if (fp_nans(cpu, size, ops, 3, &r)) {
        if (invalid && !fp_is_snan(addend, size) &&
            a64_fp_is_nan(addend, size)) {
            cpu->env.fpsr |= FPSR_IOC;
            r = a64_fp_default_nan(size);
        }
        return r;
    }
    return fp_compute(cpu, H_FMA, size, addend, n, m);
}

uint64_t a64_fp_sqrt(ARMCPU *cpu, unsigned size, uint64_t a)
{
    uint64_t r;

    a = fp_flush_in(cpu, a, size);
    if (fp_nans(cpu, size, &a, 1, &r)) {
        return r;
    }
    return fp_compute(cpu, H_SQRT, size, a, 0, 0);
}

static double fp_round_mode(double x, int rmode)
{
    switch (rmode) {
    case A64_RM_POSINF:
        return ceil(x);
    case A64_RM_NEGINF:
        return floor(x);
    case A64_RM_ZERO:
        return trunc(x);
    case A64_RM_TIEAWAY:
        return round(x);
    default:
        return nearbyint(x);    /* host mode is always to-nearest here */
    }
}

static int fp_rmode(ARMCPU *cpu, int rmode)
{
    return rmode == A64_RM_FPCR ? (int)((cpu->env.fpcr >> 22) & 3) : rmode;
}

uint64_t a64_fp_rint(ARMCPU *cpu, unsigned size, uint64_t a, int rmode,
                     bool exact)
{
    double x, r;
    uint64_t nan;

    a = fp_flush_in(cpu, a, size);
    if (fp_nans(cpu, size, &a, 1, &nan)) {
        return nan;
    }
    if (fp_is_inf(a, size) || fp_is_zero(a, size)) {
        return a;
    }
    x = fp_value(a, size);
    r = fp_round_mode(x, fp_rmode(cpu, rmode));
    if (exact && r != x) {
        cpu->env.fpsr |= FPSR_IXC;
    }
    return size == 3 ? fp_bits_d(r) : fp_bits_s((float)r);
}

uint64_t a64_fp_to_int(ARMCPU *cpu, unsigned size, uint64_t a, int rmode,
                       bool is_signed, bool w64, unsigned fbits)
{
    unsigned bits = w64 ? 64 : 32;
    double lo = is_signed ? -ldexp(1.0, bits - 1) : 0.0;
    double hi = ldexp(1.0, is_signed ? bits - 1 : bits);
    double x, t;

    a = fp_flush_in(cpu, a, size);
    if (a64_fp_is_nan(a, size)) {
        cpu->env.fpsr |= FPSR_IOC;
        return 0;
    }
    x = ldexp(fp_value(a, size), fbits);
    if (fbits) {
        fp_host_clear();    /* a scaled value may have overflowed */
    }
    t = fp_round_mode(x, fp_rmode(cpu, rmode));
    if (t < lo || t >= hi) {
        cpu->env.fpsr |= FPSR_IOC;
        if (t < lo) {
            return is_signed ? (w64 ? (uint64_t)INT64_MIN : 0x80000000u) : 0;
        }
        return is_signed ? (w64 ? (uint64_t)INT64_MAX : 0x7fffffffu)
                         : (w64 ? UINT64_MAX : 0xffffffffu);
    }
    if (t != x) {
        cpu->env.fpsr |= FPSR_IXC;
    }
    if (is_signed) {
        return w64 ? (uint64_t)(int64_t)t : (uint32_t)(int32_t)t;
    }
    return w64 ? (uint64_t)t : (uint32_t)t;
}

uint64_t a64_fp_from_int(ARMCPU *cpu, unsigned size, uint64_t v,
                         bool is_signed, unsigned int_bits, unsigned fbits)
{
    unsigned rm = (cpu->env.fpcr >> 22) & 3;
    uint64_t r;

    if (int_bits == 32) {
        v = is_signed ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
    }
    if (rm) {
        fp_host_round(rm);
    }
    /* no clear: host flags are a subset of FPSR's (see above) */
    if (size == 3) {
        double d = a64_fpu_int_to_d(v, is_signed);

        r = fp_bits_d(ldexp(d, -(int)fbits));
    } else {
        float f = a64_fpu_int_to_s(v, is_signed);

        r = fp_bits_s(ldexpf(f, -(int)fbits));
    }
    cpu->env.fpsr |= fp_host_fpsr(fp_host_flags());
    if (rm) {
        fp_host_round(A64_RM_TIEEVEN);
    }
    return r;
}

/* Round the finite double @x to half precision in @rmode. */
static uint64_t fp_to_half(ARMCPU *cpu, double x, int rmode)
{
    uint64_t sign = signbit(x) ? 0x8000 : 0;
    double m = fabs(x), scaled, q;
    int e;

    if (sign && (rmode == A64_RM_POSINF || rmode == A64_RM_NEGINF)) {
        rmode ^= 3;     /* round the magnitude the other way */
    }
    if (m == 0) {
        return sign;
    }
    frexp(m, &e);
    e -= 1;                             /* 2^e <= m < 2^(e+1) */
    if (e < -14) {
        scaled = ldexp(m, 24);          /* units of the smallest denormal */
        q = fp_round_mode(scaled, rmode);
        if (q != scaled) {
            cpu->env.fpsr |= FPSR_UFC | FPSR_IXC;
        }
        return sign | (uint64_t)q;      /* 0x400 is the smallest normal */
    }
    scaled = ldexp(m, 10 - e);          /* in [1024, 2048) */
    q = fp_round_mode(scaled, rmode);
    if (q == 2048) {
        q = 1024;
        e++;
    }
    if (q != scaled) {
        cpu->env.fpsr |= FPSR_IXC;
    }
    if (e > 15) {
        cpu->env.fpsr |= FPSR_OFC | FPSR_IXC;
        return sign | ((rmode == A64_RM_ZERO || rmode == A64_RM_NEGINF) ?
                       0x7bff : 0x7c00);
    }
    return sign | ((uint64_t)(e + 15) << 10) | ((uint64_t)q - 1024);
}

static double fp_half_value(uint64_t h)
{
    int exp = (h >> 10) & 0x1f;
    double m = h & 0x3ff, v;

    v = exp ? ldexp(m + 1024, exp - 25) : ldexp(m, -24);
    return (h & 0x8000) ? -v : v;
}

/* A NaN in format @from as a NaN of format @to (payload's top bits). */
static uint64_t fp_convert_nan(ARMCPU *cpu, unsigned from, unsigned to,
                               uint64_t a)
{
    unsigned fm = fp_mant_bits(from), tm = fp_mant_bits(to);
    uint64_t frac, r;

    a = fp_process_nan(cpu, a, from);
    if (cpu->env.fpcr & FPCR_DN) {
        return a64_fp_default_nan(to);
    }
    frac = fp_frac(a, from);
    frac = fm > tm ? frac >> (fm - tm) : frac << (tm - fm);
    r = (fp_mask(to) & ~fp_sign_bit(to) & ~((1ull << tm) - 1)) | frac;
    return ((a & fp_sign_bit(from)) ? fp_sign_bit(to) : 0) | r;
}

uint64_t a64_fp_convert(ARMCPU *cpu, unsigned from, unsigned to, uint64_t a,
                        bool round_odd)
{
    double x;

    a = fp_flush_in(cpu, a, from);
    if (a64_fp_is_nan(a, from)) {
        return fp_convert_nan(cpu, from, to, a);
    }
    x = from == 1 ? fp_half_value(a) : fp_value(a, from);
    if (to == 1) {
        if (fp_is_inf(a, from)) {
            return (a & fp_sign_bit(from) ? 0x8000 : 0) | 0x7c00;
        }
        return fp_to_half(cpu, x, fp_rmode(cpu, A64_RM_FPCR));
    }
    if (to == 3) {
        return fp_bits_d(x);
    }
    if (from != 3) {
        return fp_bits_s((float)x);
    }
    if (round_odd) {
        uint64_t fpcr = cpu->env.fpcr, r;
        uint32_t fpsr = cpu->env.fpsr;

        cpu->env.fpcr |= 3u << 22;
        cpu->env.fpsr = 0;
        r = fp_compute(cpu, H_TO_S, 3, a, 0, 0);
        if ((cpu->env.fpsr & FPSR_IXC) && !fp_is_inf(r, 2)) {
            r |= 1;
        }
        cpu->env.fpcr = fpcr;
        cpu->env.fpsr |= fpsr;
        return r;
    }
    return fp_compute(cpu, H_TO_S, 3, a, 0, 0);
}

uint32_t a64_fp_compare(ARMCPU *cpu, unsigned size, uint64_t a, uint64_t b,
                        bool signal)
{
    double x, y;

    a = fp_flush_in(cpu, a, size);
    b = fp_flush_in(cpu, b, size);
    if (a64_fp_is_nan(a, size) || a64_fp_is_nan(b, size)) {
        if (signal || fp_is_snan(a, size) || fp_is_snan(b, size)) {
            cpu->env.fpsr |= FPSR_IOC;
        }
        return A64_CF | A64_VF;
    }
    x = fp_value(a, size);
    y = fp_value(b, size);
    return x == y ? A64_ZF | A64_CF : x < y ? A64_NF : A64_CF;
}

bool a64_fp_cmp_op(ARMCPU *cpu, unsigned size, uint64_t a, uint64_t b,
                   unsigned op)
{
    uint32_t f = a64_fp_compare(cpu, size, a, b, op != 0);

    switch (op) {
    case 0:
        return f & A64_ZF;
    case 1:
        return (f & A64_CF) && !(f & A64_VF);
    default:
        return (f & A64_CF) && !(f & A64_VF) && !(f & A64_ZF);
    }
}

/*
 * FRECPE/FRSQRTE: 8-bit estimates from the Arm ARM's RecipEstimate and
 * RecipSqrtEstimate (integer arithmetic on a 9-bit scaled input).
 */
static unsigned fp_recip_estimate(unsigned a)
{
    a = a * 2 + 1;
    return ((1u << 19) / a + 1) / 2;
}

static unsigned fp_rsqrt_estimate(unsigned a)
{
    uint64_t b = 512;

    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = ((a >> 1) << 1) + 1;
        a *= 2;
    }
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28)) {
        b++;
    }
    return (b + 1) / 2;
}

/* The fraction of @a as 52 bits and its biased exponent. */
static void fp_unpack52(uint64_t a, unsigned size, uint64_t *frac, int *exp)
{
    *frac = size == 3 ? fp_frac(a, 3) : fp_frac(a, 2) << 29;
    *exp = fp_exp_field(a, size);
}

static uint64_t fp_pack52(unsigned size, uint64_t sign, int exp,
                          uint64_t frac)
{
    if (size == 3) {
        return sign | ((uint64_t)exp << 52) | frac;
    }
    return sign | ((uint64_t)exp << 23) | (frac >> 29);
}

static uint64_t fp_max_or_inf(ARMCPU *cpu, unsigned size, uint64_t sign)
{
    unsigned rm = (cpu->env.fpcr >> 22) & 3;
    bool to_inf = rm == A64_RM_TIEEVEN || (rm == A64_RM_POSINF && !sign) ||
                  (rm == A64_RM_NEGINF && sign);
    uint64_t inf = size == 3 ? 0x7ff0000000000000ull : 0x7f800000u;

    cpu->env.fpsr |= FPSR_OFC | FPSR_IXC;
    return sign | (to_inf ? inf : inf - 1);
}

uint64_t a64_fp_recpe(ARMCPU *cpu, unsigned size, uint64_t a)
{
    uint64_t sign, frac, r;
    int exp, rexp;
    double m;

    a = fp_flush_in(cpu, a, size);
    sign = a & fp_sign_bit(size);
    if (fp_nans(cpu, size, &a, 1, &r)) {
        return r;
    }
    if (fp_is_inf(a, size)) {
        return sign;
    }
    if (fp_is_zero(a, size)) {
        cpu->env.fpsr |= FPSR_DZC;
        return sign | (size == 3 ? 0x7ff0000000000000ull : 0x7f800000u);
    }
    m = fabs(fp_value(a, size));
    if (m < ldexp(1.0, size == 3 ? -1024 : -128)) {
        return fp_max_or_inf(cpu, size, sign);
    }
    if ((cpu->env.fpcr & FPCR_FZ) && m >= ldexp(1.0, size == 3 ? 1022 : 126)) {
        cpu->env.fpsr |= FPSR_UFC;
        return sign;
    }
    fp_unpack52(a, size, &frac, &exp);
    if (exp == 0) {
        if (!(frac >> 51)) {
            exp = -1;
            frac = (frac << 2) & ((1ull << 52) - 1);
        } else {
            frac = (frac << 1) & ((1ull << 52) - 1);
        }
    }
    rexp = (size == 3 ? 2045 : 253) - exp;
    frac = (uint64_t)(fp_recip_estimate(256 | (frac >> 44)) & 0xff) << 44;
    if (rexp == 0) {
        frac = (1ull << 51) | (frac >> 1);
    } else if (rexp == -1) {
        frac = (1ull << 50) | (frac >> 2);
        rexp = 0;
    }
    return fp_pack52(size, sign, rexp, frac);
}

uint64_t a64_fp_rsqrte(ARMCPU *cpu, unsigned size, uint64_t a)
{
    uint64_t sign, frac, r;
    unsigned scaled;
    int exp, rexp;

    a = fp_flush_in(cpu, a, size);
    sign = a & fp_sign_bit(size);
    if (fp_nans(cpu, size, &a, 1, &r)) {
        return r;
    }
    if (fp_is_zero(a, size)) {
        cpu->env.fpsr |= FPSR_DZC;
        return sign | (size == 3 ? 0x7ff0000000000000ull : 0x7f800000u);
    }
    if (sign) {
        cpu->env.fpsr |= FPSR_IOC;
        return a64_fp_default_nan(size);
    }
    if (fp_is_inf(a, size)) {
        return 0;
    }
    fp_unpack52(a, size, &frac, &exp);
    if (exp == 0) {
        while (!(frac >> 51)) {
            frac <<= 1;
            exp--;
        }
        frac = (frac << 1) & ((1ull << 52) - 1);
    }
    if (!(exp & 1)) {
        scaled = 256 | (frac >> 44);
    } else {
        scaled = 128 | (frac >> 45);
    }
    rexp = ((size == 3 ? 3068 : 380) - exp) / 2;
    frac = (uint64_t)(fp_rsqrt_estimate(scaled) & 0xff) << 44;
    return fp_pack52(size, 0, rexp, frac);
}

/* URECPE/URSQRTE: the same estimates on unsigned 32-bit fixed point. */
uint32_t a64_fp_urecpe(uint32_t a)
{
    if (!(a >> 31)) {
        return 0xffffffffu;
    }
    return fp_recip_estimate(a >> 23) << 23;
}

uint32_t a64_fp_ursqrte(uint32_t a)
{
    if (!(a >> 30)) {
        return 0xffffffffu;
    }
    return fp_rsqrt_estimate(a >> 23) << 23;
}

/* FRECPX: the exponent inverted, fraction zero. */
uint64_t a64_fp_recpx(ARMCPU *cpu, unsigned size, uint64_t a)
{
    unsigned mant = fp_mant_bits(size);
    uint64_t sign, exp, emax, r;

    a = fp_flush_in(cpu, a, size);
    if (fp_nans(cpu, size, &a, 1, &r)) {
        return r;
    }
    sign = a & fp_sign_bit(size);
    exp = fp_exp_field(a, size);
    emax = size == 3 ? 0x7ff : 0xff;
    exp = exp ? ~exp & emax : emax - 1;
    return sign | (exp << mant);
}
