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

#endif
