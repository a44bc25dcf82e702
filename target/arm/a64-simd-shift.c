/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AdvSIMD shift by immediate, vector and scalar: SSHR/USHR, SSRA/USRA,
 * SRSHR/URSHR, SRSRA/URSRA, SRI, SHL, SLI, SQSHL/UQSHL/SQSHLU, the
 * narrowing shifts (SHRN, RSHRN, SQSHRN, UQSHRN, SQRSHRN, UQRSHRN,
 * SQSHRUN, SQRSHRUN), SSHLL/USHLL and the fixed-point conversions
 * SCVTF/UCVTF/FCVTZS/FCVTZU.  Saturation sets FPSR.QC.
 *
 * Record: op->sub = U:opcode, op->shift = element size (the narrow one
 * for narrowing and lengthening forms), op->imm = shift amount or
 * fraction bits, op->imm2 = elements, op->sf = Q, op->ra = scalar.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"
#include "a64-fpu.h"

#define V(r) (cpu->env.vregs[(r)])
#define FPSR_QC (1u << 27)

static int64_t sh_sext(uint64_t x, unsigned size)
{
    unsigned sh = 64 - (8u << size);

    return (int64_t)(x << sh) >> sh;
}

static uint64_t sh_ones(unsigned size)
{
    return size == 3 ? ~0ull : (1ull << (8u << size)) - 1;
}

/* Element right shift by 1..64, optionally rounding, exact. */
static __int128 sh_right(uint64_t e, unsigned size, unsigned amt, bool sgn,
                         bool round)
{
    __int128 v = sgn ? (__int128)sh_sext(e, size) : (__int128)e;

    if (round) {
        v += (__int128)1 << (amt - 1);
    }
    return v >> amt;
}

/* Saturate @v to @size bits, signed or unsigned; QC on saturation. */
static uint64_t sh_sat(ARMCPU *cpu, __int128 v, unsigned size, bool sgn)
{
    unsigned bits = 8u << size;
    __int128 lo = sgn ? -((__int128)1 << (bits - 1)) : 0;
    __int128 hi = sgn ? ((__int128)1 << (bits - 1)) - 1
                      : ((__int128)1 << bits) - 1;

    if (v < lo || v > hi) {
        cpu->env.fpsr |= FPSR_QC;
        v = v < lo ? lo : hi;
    }
    return (uint64_t)v & sh_ones(size);
}

/* Left shift by 0..63 with saturation (SQSHL, UQSHL, SQSHLU). */
static uint64_t sh_qshl(ARMCPU *cpu, uint64_t e, unsigned size, unsigned amt,
                        bool src_signed, bool dst_signed)
{
    __int128 v = src_signed ? (__int128)sh_sext(e, size) : (__int128)e;

    if (v < 0 && !dst_signed) {
        cpu->env.fpsr |= FPSR_QC;
        return 0;
    }
    return sh_sat(cpu, v * ((__int128)1 << amt), size, dst_signed);
}

static uint64_t sh_elem(ARMCPU *cpu, const A64Op *op, uint64_t e, uint64_t d)
{
    unsigned size = op->shift, amt = op->imm, key = op->sub;
    bool u = key & 0x20, rnd = key & 4;
    uint64_t ones = sh_ones(size), mask;

    switch (key & 0x1f) {
    case 0x00: case 0x04:
        return (uint64_t)sh_right(e, size, amt, !u, rnd) & ones;
    case 0x02: case 0x06:
        return (d + (uint64_t)sh_right(e, size, amt, !u, rnd)) & ones;
    case 0x08:      /* SRI */
        mask = amt >= 64 ? 0 : ones >> amt;
        return (d & ~mask) | ((amt >= 64 ? 0 : e >> amt) & mask);
    case 0x0a:      /* SHL, SLI */
        if (!u) {
            return (e << amt) & ones;
        }
        mask = (ones << amt) & ones;
        return (d & ~mask) | ((e << amt) & mask);
    case 0x0c:      /* SQSHLU */
        return sh_qshl(cpu, e, size, amt, true, false);
    case 0x0e:      /* SQSHL, UQSHL */
        return sh_qshl(cpu, e, size, amt, !u, !u);
    case 0x1c:      /* SCVTF, UCVTF */
        return a64_fp_from_int(cpu, size, e, !u, 8u << size, amt);
    default:        /* 0x1f FCVTZS, FCVTZU */
        return a64_fp_to_int(cpu, size, e, A64_RM_ZERO, !u, size == 3, amt);
    }
}

/* Narrowing: a wide element to a narrow one. */
static uint64_t sh_narrow(ARMCPU *cpu, const A64Op *op, uint64_t e)
{
    unsigned nsize = op->shift, wsize = nsize + 1, amt = op->imm;
    unsigned key = op->sub;
    bool rnd = key & 1;

    switch (key) {
    case 0x10: case 0x11:           /* SHRN, RSHRN */
        return (uint64_t)sh_right(e, wsize, amt, false, rnd) &
               sh_ones(nsize);
    case 0x30: case 0x31:           /* SQSHRUN, SQRSHRUN */
        return sh_sat(cpu, sh_right(e, wsize, amt, true, rnd), nsize, false);
    case 0x12: case 0x13:           /* SQSHRN, SQRSHRN */
        return sh_sat(cpu, sh_right(e, wsize, amt, true, rnd), nsize, true);
    default:                        /* UQSHRN, UQRSHRN */
        return sh_sat(cpu, sh_right(e, wsize, amt, false, rnd), nsize,
                      false);
    }
}

static const A64Op *a64_op_shift_narrow(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    unsigned nsize = op->shift, count = op->ra ? 1 : 8u >> nsize;
    uint64_t r[2] = { V(op->rd)[0], V(op->rd)[1] }, out = 0;

    for (unsigned i = 0; i < count; i++) {
        a64_lane_set(&out, i, nsize,
                     sh_narrow(cpu, op, a64_lane_get(n, i, nsize + 1)));
    }
    if (op->sf) {
        r[1] = out;     /* the "2" form fills the upper half */
    } else {
        r[0] = out;
        r[1] = 0;
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

static const A64Op *a64_op_shift_long(ARMCPU *cpu, const A64Op *op)
{
    unsigned nsize = op->shift, count = 8u >> nsize;
    uint64_t src = V(op->rn)[op->sf], r[2] = { 0, 0 };

    for (unsigned i = 0; i < count; i++) {
        uint64_t e = a64_lane_get(&src, i, nsize);

        if (op->sub == 0x14) {
            e = (uint64_t)sh_sext(e, nsize);
        }
        a64_lane_set(r, i, nsize + 1, e << op->imm);
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

static const A64Op *a64_op_shift_elem(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *d = V(op->rd);
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < op->imm2; i++) {
        a64_lane_set(r, i, op->shift,
                     sh_elem(cpu, op, a64_lane_get(n, i, op->shift),
                             a64_lane_get(d, i, op->shift)));
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

/* Which forms exist, and the scalar rules, for key = U:opcode. */
static bool sh_allowed(unsigned key, bool scalar, unsigned size, bool q)
{
    switch (key) {
    case 0x00: case 0x20: case 0x02: case 0x22: case 0x04: case 0x24:
    case 0x06: case 0x26: case 0x28: case 0x0a: case 0x2a:
        return scalar ? size == 3 : (size < 3 || q);
    case 0x2c: case 0x0e: case 0x2e:
        return scalar || size < 3 || q;
    case 0x10: case 0x11: case 0x14: case 0x34:
        return !scalar && size < 3;
    case 0x30: case 0x31: case 0x12: case 0x13: case 0x32: case 0x33:
        return size < 3;
    case 0x1c: case 0x3c: case 0x1f: case 0x3f:
        return size >= 2 && (scalar || size < 3 || q);
    default:
        return false;
    }
}

bool a64_trans_simd_shift_imm(A64DisasContext *s, uint32_t insn,
                              bool scalar)
{
    A64Op *op = s->op;
    unsigned immh = a64_field(insn, 19, 4), immhb = a64_field(insn, 16, 7);
    unsigned key = (a64_field(insn, 29, 1) << 5) | a64_field(insn, 11, 5);
    unsigned size = 31 - __builtin_clz(immh), esize = 8u << size;
    unsigned opc = key & 0x1f;
    bool right = opc < 0x0a || (opc >= 0x10 && opc != 0x14);

    op->sf = a64_field(insn, 30, 1);
    if (!sh_allowed(key, scalar, size, op->sf)) {
        return false;
    }
    op->sub = key;
    op->shift = size;
    op->imm = right ? 2 * esize - immhb : immhb - esize;
    op->imm2 = scalar ? 1 : (op->sf ? 16 : 8) >> size;
    op->ra = scalar;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    if (opc >= 0x10 && opc <= 0x13) {
        op->sf = scalar ? 0 : op->sf;
        op->fn = a64_op_shift_narrow;
    } else if (opc == 0x14) {
        op->fn = a64_op_shift_long;
    } else {
        op->fn = a64_op_shift_elem;
    }
    return true;
}

bool trans_SCALAR_SHIFTI(A64DisasContext *s, uint32_t insn)
{
    return a64_field(insn, 19, 4) != 0 &&
           a64_trans_simd_shift_imm(s, insn, true);
}
