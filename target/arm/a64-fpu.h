/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 floating-point arithmetic with Arm's rules (a64-fpu.c).
 *
 * Values are raw bit patterns; @size is log2 of the format's bytes
 * (1 half, 2 single, 3 double).  Every function applies FPCR (RMode, FZ,
 * DN) and accumulates FPSR's cumulative flags (IOC, DZC, OFC, UFC, IXC,
 * IDC) of @cpu.  Arithmetic is single and double precision; half
 * precision exists only in conversions (ARMv8.0).
 */
#ifndef TARGET_ARM_A64_FPU_H
#define TARGET_ARM_A64_FPU_H

#include <math.h>
#include "cpu.h"

#define FPSR_IOC (1u << 0)
#define FPSR_DZC (1u << 1)
#define FPSR_OFC (1u << 2)
#define FPSR_UFC (1u << 3)
#define FPSR_IXC (1u << 4)
#define FPSR_IDC (1u << 7)
#define FPCR_FZ  (1u << 24)
#define FPCR_DN  (1u << 25)

/* Rounding modes as FPCR.RMode numbers them, plus ties-away. */
enum {
    A64_RM_TIEEVEN, A64_RM_POSINF, A64_RM_NEGINF, A64_RM_ZERO,
    A64_RM_TIEAWAY, A64_RM_FPCR = -1,
};

typedef enum A64FPOp {
    A64_FADD, A64_FSUB, A64_FMUL, A64_FDIV,
    A64_FMAX, A64_FMIN, A64_FMAXNM, A64_FMINNM,
    A64_FNMUL, A64_FMULX, A64_FABD, A64_FRECPS, A64_FRSQRTS,
} A64FPOp;

uint64_t a64_fp_binop(ARMCPU *cpu, A64FPOp opn, unsigned size, uint64_t a,
                      uint64_t b);
/* addend + n * m with one rounding (negate operands before calling). */
uint64_t a64_fp_muladd(ARMCPU *cpu, unsigned size, uint64_t addend,
                       uint64_t n, uint64_t m);
uint64_t a64_fp_sqrt(ARMCPU *cpu, unsigned size, uint64_t a);
/* FRINT*: round to an integral value; @exact raises IXC (FRINTX). */
uint64_t a64_fp_rint(ARMCPU *cpu, unsigned size, uint64_t a, int rmode,
                     bool exact);
/* FCVT[NPMZA][SU] and the fixed-point FCVTZ*: saturating. */
uint64_t a64_fp_to_int(ARMCPU *cpu, unsigned size, uint64_t a, int rmode,
                       bool is_signed, bool w64, unsigned fbits);
/* SCVTF/UCVTF of the @int_bits-bit @v, fixed-point with @fbits. */
uint64_t a64_fp_from_int(ARMCPU *cpu, unsigned size, uint64_t v,
                         bool is_signed, unsigned int_bits, unsigned fbits);
/*
 * A 64-bit integer to double/float in the host's current rounding mode.
 * A compiler's unsigned conversion may subtract a bias (clang does),
 * which turns 0 into -0 when rounding down; a signed conversion of half
 * the value, the dropped bit kept as a sticky bit, doubled exactly,
 * rounds like the exact value in every mode.
 */
static inline double a64_fpu_int_to_d(uint64_t v, bool is_signed)
{
    if (is_signed || !(v >> 63)) {
        return (double)(int64_t)v;
    }
    return 2.0 * (double)(int64_t)((v >> 1) | (v & 1));
}

static inline float a64_fpu_int_to_s(uint64_t v, bool is_signed)
{
    if (is_signed || !(v >> 63)) {
        return (float)(int64_t)v;
    }
    return 2.0f * (float)(int64_t)((v >> 1) | (v & 1));
}

/* FCVT between formats; @round_odd for FCVTXN. */
uint64_t a64_fp_convert(ARMCPU *cpu, unsigned from, unsigned to, uint64_t a,
                        bool round_odd);
/* FCMP/FCMPE: NZCV of the comparison; @signal: any NaN raises IOC. */
uint32_t a64_fp_compare(ARMCPU *cpu, unsigned size, uint64_t a, uint64_t b,
                        bool signal);
/* Vector compares: 0 false, 1 true.  @op 0 EQ, 1 GE, 2 GT. */
bool a64_fp_cmp_op(ARMCPU *cpu, unsigned size, uint64_t a, uint64_t b,
                   unsigned op);
/* FRECPE/FRSQRTE estimates (8 bits, as the Arm ARM computes them). */
uint64_t a64_fp_recpe(ARMCPU *cpu, unsigned size, uint64_t a);
uint64_t a64_fp_rsqrte(ARMCPU *cpu, unsigned size, uint64_t a);
uint32_t a64_fp_urecpe(uint32_t a);
uint32_t a64_fp_ursqrte(uint32_t a);
uint64_t a64_fp_recpx(ARMCPU *cpu, unsigned size, uint64_t a);
uint64_t a64_fp_default_nan(unsigned size);
/* Clear the host's FP flags (on entry to the engine, on FPSR writes). */
void a64_fpu_reset_host_flags(void);
bool a64_fp_is_nan(uint64_t bits, unsigned size);

/*
 * Short path, inlined into the handlers.  The arithmetic one is for
 * x86-64 hosts only (elsewhere a64_fpu_fast() is false and it takes the
 * calls above); the conversions and the compare further down decide in
 * integer arithmetic and work on every host.
 *
 * It applies when FPCR asks for round-to-nearest without FZ: then a host
 * operation whose result is a normal number above the smallest normal
 * (add and subtract: any finite number, their tiny results are exact)
 * had no NaN operand, and its only possible exception is Inexact; the
 * default NaN (DN) cannot matter.  Any other result is recomputed by
 * the full function, which gives the same host flags for the same
 * operation, so "host flags are a subset of FPSR's" still holds.  Once
 * FPSR.IXC is set (it stays set in nearly all real FP code) nothing is
 * read from the host; before that MXCSR is read after the operation
 * (the asm takes the result as input, so the compiler cannot move the
 * operation after the read).
 */
#if defined(__x86_64__)
#define A64_FPU_INLINE 1
#else
#define A64_FPU_INLINE 0
#endif

#define A64_FPCR_RMODE (3u << 22)

/*
 * Handlers built a second time for hosts with FMA3, so that fma() is one
 * instruction instead of a call into libm; the decoder picks that copy
 * when a64_fpu_host_fma().
 */
#if defined(__x86_64__)
#define A64_FPU_TARGET_FMA __attribute__((target("fma")))

static inline bool a64_fpu_host_fma(void)
{
    return __builtin_cpu_supports("fma");
}
#else
#define A64_FPU_TARGET_FMA

static inline bool a64_fpu_host_fma(void)
{
    return false;
}
#endif

static inline bool a64_fpu_fast(const ARMCPU *cpu)
{
    return A64_FPU_INLINE && !(cpu->env.fpcr & (FPCR_FZ | A64_FPCR_RMODE));
}

static inline double a64_fpu_d(uint64_t b)
{
    double d;

    memcpy(&d, &b, 8);
    return d;
}

static inline float a64_fpu_s(uint64_t b)
{
    float f;
    uint32_t w = b;

    memcpy(&f, &w, 4);
    return f;
}

static inline uint64_t a64_fpu_bits_d(double d)
{
    uint64_t b;

    memcpy(&b, &d, 8);
    return b;
}

static inline uint64_t a64_fpu_bits_s(float f)
{
    uint32_t w;

    memcpy(&w, &f, 4);
    return w;
}

/* @bits (single or double, @size 2 or 3) is a NaN. */
static inline bool a64_fpu_nan(uint64_t bits, unsigned size)
{
    uint64_t mag = size == 3 ? bits << 1 : (uint64_t)(uint32_t)bits << 33;

    return mag > (size == 3 ? 0xffe0000000000000ull : 0xff00000000000000ull);
}

/*
 * The result @r of a short-path operation needs no more than Inexact:
 * finite and, unless @exact_tiny (add/subtract), above the smallest
 * normal in magnitude.
 */
static inline bool a64_fpu_result_ok(uint64_t r, unsigned size,
                                     bool exact_tiny)
{
    uint64_t mag = size == 3 ? r << 1 : (uint64_t)(uint32_t)r << 33;
    uint64_t inf = size == 3 ? 0xffe0000000000000ull : 0xff00000000000000ull;
    uint64_t min = size == 3 ? 0x0020000000000000ull : 0x0100000000000000ull;

    if (exact_tiny) {
        return mag < inf;
    }
    return mag - min - 1 < inf - min - 1;
}

#if defined(__x86_64__)
/* OR the host flags into FPSR; @dep is the last operation's result. */
static inline void a64_fpu_host_flags(ARMCPU *cpu, uint64_t dep)
{
    uint32_t csr;

    __asm__ volatile("stmxcsr %0" : "=m"(csr) : "r"(dep));
    cpu->env.fpsr |= (csr & 1) | ((csr >> 1) & 0x1e);
}
#else
static inline void a64_fpu_host_flags(ARMCPU *cpu, uint64_t dep)
{
    g_assert_not_reached();     /* a64_fpu_fast() is false */
}
#endif

/* After a short-path operation whose result @r passed the check. */
static inline void a64_fpu_fast_flags(ARMCPU *cpu, uint64_t r)
{
    if (unlikely(!(cpu->env.fpsr & FPSR_IXC))) {
        a64_fpu_host_flags(cpu, r);
    }
}

/* FSQRT, scalar or a lane: the short path, else a64_fp_sqrt(). */
static inline uint64_t a64_fpu_sqrt(ARMCPU *cpu, unsigned size, uint64_t a)
{
    if (likely(a64_fpu_fast(cpu))) {
        uint64_t r = size == 3 ? a64_fpu_bits_d(sqrt(a64_fpu_d(a)))
                               : a64_fpu_bits_s(sqrtf(a64_fpu_s(a)));

        if (likely(a64_fpu_result_ok(r, size, false))) {
            a64_fpu_fast_flags(cpu, r);
            return r;
        }
    }
    return a64_fp_sqrt(cpu, size, a);
}

/* Host arithmetic for the short path (FADD, FSUB, FMUL, FDIV). */
static inline uint64_t a64_fpu_arith(A64FPOp opn, unsigned size, uint64_t a,
                                     uint64_t b)
{
    if (size == 3) {
        double x = a64_fpu_d(a), y = a64_fpu_d(b);

        return a64_fpu_bits_d(opn == A64_FADD ? x + y : opn == A64_FSUB ?
                              x - y : opn == A64_FMUL ? x * y : x / y);
    } else {
        float x = a64_fpu_s(a), y = a64_fpu_s(b);

        return a64_fpu_bits_s(opn == A64_FADD ? x + y : opn == A64_FSUB ?
                              x - y : opn == A64_FMUL ? x * y : x / y);
    }
}

/* d + n * m, fused. */
static inline uint64_t a64_fpu_fma(unsigned size, uint64_t d, uint64_t n,
                                   uint64_t m)
{
    if (size == 3) {
        return a64_fpu_bits_d(fma(a64_fpu_d(n), a64_fpu_d(m),
                                  a64_fpu_d(d)));
    }
    return a64_fpu_bits_s(fmaf(a64_fpu_s(n), a64_fpu_s(m), a64_fpu_s(d)));
}

/*
 * One arithmetic operation with the short path: @opn in FADD..FDIV.
 * Operands and result in the low bits (single: 32 bits).
 */
static inline uint64_t a64_fpu_binop_inline(ARMCPU *cpu, A64FPOp opn,
                                            unsigned size, uint64_t a,
                                            uint64_t b)
{
    if (likely(a64_fpu_fast(cpu))) {
        uint64_t r = a64_fpu_arith(opn, size, a, b);

        if (likely(a64_fpu_result_ok(r, size, opn <= A64_FSUB))) {
            a64_fpu_fast_flags(cpu, r);
            return r;
        }
    }
    return a64_fp_binop(cpu, opn, size, a, b);
}

/* addend + n * m with the short path. */
static inline uint64_t a64_fpu_muladd_inline(ARMCPU *cpu, unsigned size,
                                             uint64_t addend, uint64_t n,
                                             uint64_t m)
{
    if (likely(a64_fpu_fast(cpu))) {
        uint64_t r = a64_fpu_fma(size, addend, n, m);

        if (likely(a64_fpu_result_ok(r, size, false))) {
            a64_fpu_fast_flags(cpu, r);
            return r;
        }
    }
    return a64_fp_muladd(cpu, size, addend, n, m);
}

/* |v| = @u needs more than @prec significant bits (SCVTF is inexact). */
static inline bool a64_fpu_int_inexact(uint64_t u, unsigned prec)
{
    unsigned drop;

    if (u >> prec == 0) {
        return false;
    }
    drop = 64 - __builtin_clzll(u) - prec;
    return u & ((1ull << drop) - 1);
}

/*
 * SCVTF/UCVTF of the @int_bits-bit @v without fraction bits.  Exactness
 * is decided on the integer, so the host conversion (to nearest) is
 * used whenever it is exact or FPCR asks for to-nearest; its only
 * exception is Inexact, which is set here.
 */
static inline uint64_t a64_fpu_from_int_inline(ARMCPU *cpu, unsigned size,
                                               uint64_t v, bool is_signed,
                                               unsigned int_bits)
{
    uint64_t u;
    bool inexact;

    if (int_bits == 32) {
        v = is_signed ? (uint64_t)(int64_t)(int32_t)v : (uint32_t)v;
    }
    u = is_signed && (int64_t)v < 0 ? -v : v;
    inexact = a64_fpu_int_inexact(u, size == 3 ? 53 : 24);
    if (unlikely(inexact && (cpu->env.fpcr & A64_FPCR_RMODE))) {
        return a64_fp_from_int(cpu, size, v, is_signed, 64, 0);
    }
    if (inexact) {
        cpu->env.fpsr |= FPSR_IXC;
    }
    if (size == 3) {
        return a64_fpu_bits_d(a64_fpu_int_to_d(v, is_signed));
    }
    return a64_fpu_bits_s(a64_fpu_int_to_s(v, is_signed));
}

/*
 * FCVTZS/FCVTZU of the single/double @a times 2^@fbits, in integer
 * arithmetic (no host flags): false for NaN, infinity, a value out of
 * range, or FZ set, which the full function handles (saturation, IOC,
 * IDC).  The result is zero-extended from 32 bits unless @w64.
 */
static inline bool a64_fpu_to_int_z(ARMCPU *cpu, unsigned size, uint64_t a,
                                    bool is_signed, bool w64, unsigned fbits,
                                    uint64_t *res)
{
    unsigned mbits = size == 3 ? 52 : 23, emask = size == 3 ? 0x7ff : 0xff;
    int limit = (w64 ? 64 : 32) - is_signed;
    int exp = (a >> mbits) & emask;
    int e = exp - (int)(emask >> 1) + (int)fbits;
    uint64_t frac = a & ((1ull << mbits) - 1), mant, mag;
    bool neg = (a >> ((8u << size) - 1)) & 1, inexact;

    if ((cpu->env.fpcr & FPCR_FZ) || exp == (int)emask) {
        return false;
    }
    if (exp == 0 || e < 0) {
        mag = 0;                        /* |value| < 1 */
        inexact = exp || frac;
    } else if (e >= limit) {
        return false;
    } else if (e >= (int)mbits) {
        mag = ((1ull << mbits) | frac) << (e - mbits);
        inexact = false;
    } else {
        mant = (1ull << mbits) | frac;
        mag = mant >> (mbits - e);
        inexact = (mant << (64 - (mbits - e))) != 0;
    }
    if (neg && !is_signed && mag) {
        return false;
    }
    mag = neg ? -mag : mag;
    *res = w64 ? mag : (uint32_t)mag;
    if (inexact) {
        cpu->env.fpsr |= FPSR_IXC;
    }
    return true;
}

/*
 * FCMP of two values: NZCV, or false when the full function must
 * decide (a NaN, or FZ with a denormal possible).  Integer compares on
 * sign-magnitude keys (any host), so no host flag is touched.
 */
static inline bool a64_fpu_compare_inline(const ARMCPU *cpu, unsigned size,
                                          uint64_t a, uint64_t b,
                                          uint32_t *nzcv)
{
    unsigned top = (8u << size) - 1;
    uint64_t sign = 1ull << top;
    int64_t ka, kb;

    if ((cpu->env.fpcr & FPCR_FZ) || a64_fpu_nan(a, size) ||
        a64_fpu_nan(b, size)) {
        return false;
    }
    ka = (a & sign) ? -(int64_t)(a & (sign - 1)) : (int64_t)(a & (sign - 1));
    kb = (b & sign) ? -(int64_t)(b & (sign - 1)) : (int64_t)(b & (sign - 1));
    *nzcv = ka == kb ? A64_ZF | A64_CF : ka < kb ? A64_NF : A64_CF;
    return true;
}

#endif
