/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AdvSIMD integer three-same, the forms a64-simd.c does not handle:
 * halving add/subtract (SHADD, URHADD, ...), saturating add/subtract
 * (SQADD, UQSUB, ...), shifts by register (SSHL, URSHL, SQSHL, UQRSHL,
 * ...), absolute difference (SABD, UABA, ...), MLA/MLS/MUL/PMUL and
 * SQDMULH/SQRDMULH; vector and scalar; and the scalar D forms of
 * ADD/SUB/CMGT/CMHI/CMGE/CMHS/CMTST/CMEQ.  Saturation sets FPSR.QC.
 *
 * Record: op->sub = U:opcode, op->shift = element size, op->imm2 =
 * elements (1 for the scalar forms), op->sf = Q.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"
#include "a64-crypto.h"
#include "a64-fpu.h"

#define V(r) (cpu->env.vregs[(r)])
#define FPSR_QC (1u << 27)

typedef __int128 i128;

static int64_t si_sext(uint64_t x, unsigned size)
{
    unsigned sh = 64 - (8u << size);

    return (int64_t)(x << sh) >> sh;
}

static uint64_t si_ones(unsigned size)
{
    return size == 3 ? ~0ull : (1ull << (8u << size)) - 1;
}

static i128 si_val(uint64_t x, unsigned size, bool sgn)
{
    return sgn ? (i128)si_sext(x, size) : (i128)(x & si_ones(size));
}

static uint64_t si_sat(ARMCPU *cpu, i128 v, unsigned size, bool sgn)
{
    unsigned bits = 8u << size;
    i128 lo = sgn ? -((i128)1 << (bits - 1)) : 0;
    i128 hi = sgn ? ((i128)1 << (bits - 1)) - 1 : ((i128)1 << bits) - 1;

    if (v < lo || v > hi) {
        cpu->env.fpsr |= FPSR_QC;
        v = v < lo ? lo : hi;
    }
    return (uint64_t)v & si_ones(size);
}

/*
 * SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL: shift by the signed
 * low byte of @b, right shifts optionally rounding.
 */
static uint64_t si_shl_reg(ARMCPU *cpu, uint64_t a, uint64_t b,
                           unsigned size, bool sgn, bool rnd, bool sat)
{
    int shift = (int8_t)b, bits = 8 << size;
    i128 x = si_val(a, size, sgn);

    if (shift >= 0) {
        if (shift >= bits) {
            if (!sat || x == 0) {
                return 0;
            }
            return si_sat(cpu, x < 0 ? -((i128)1 << 100) : (i128)1 << 100,
                          size, sgn);
        }
        x *= (i128)1 << shift;
    } else {
        int n = -shift > 65 ? 65 : -shift;

        if (rnd) {
            x += (i128)1 << (n - 1);
        }
        x >>= n;
    }
    return sat ? si_sat(cpu, x, size, sgn) : (uint64_t)x & si_ones(size);
}

/* Carry-less multiply of two bytes (PMUL), low 8 bits. */
static uint64_t si_pmul8(uint64_t a, uint64_t b)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < 8; i++) {
        if (b & (1u << i)) {
            r ^= a << i;
        }
    }
    return r & 0xff;
}

static uint64_t si_doubling_mulh(ARMCPU *cpu, uint64_t a, uint64_t b,
                                 unsigned size, bool rnd)
{
    unsigned bits = 8u << size;
    i128 p = 2 * si_val(a, size, true) * si_val(b, size, true);

    if (rnd) {
        p += (i128)1 << (bits - 1);
    }
    return si_sat(cpu, p >> bits, size, true);
}

static uint64_t si_elem(ARMCPU *cpu, unsigned key, unsigned size, uint64_t a,
                        uint64_t b, uint64_t d)
{
    bool sgn = !(key & 0x20);
    i128 x = si_val(a, size, sgn), y = si_val(b, size, sgn);
    uint64_t ones = si_ones(size);

    switch (key & 0x1f) {
    case 0x00:
        return (uint64_t)((x + y) >> 1) & ones;
    case 0x01:
        return si_sat(cpu, x + y, size, sgn);
    case 0x02:
        return (uint64_t)((x + y + 1) >> 1) & ones;
    case 0x04:
        return (uint64_t)((x - y) >> 1) & ones;
    case 0x05:
        return si_sat(cpu, x - y, size, sgn);
    case 0x08: case 0x09: case 0x0a: case 0x0b:
        return si_shl_reg(cpu, a, b, size, sgn, key & 2, key & 1);
    case 0x0e:
        return (uint64_t)(x > y ? x - y : y - x) & ones;
    case 0x0f:
        return (d + (uint64_t)(x > y ? x - y : y - x)) & ones;
    case 0x12:
        return (sgn ? d + a * b : d - a * b) & ones;
    case 0x13:
        return sgn ? (a * b) & ones : si_pmul8(a, b);
    case 0x06:      /* CMGT, CMHI */
        return x > y ? ones : 0;
    case 0x07:      /* CMGE, CMHS */
        return x >= y ? ones : 0;
    case 0x10:      /* ADD, SUB (scalar D) */
        return sgn ? a + b : a - b;
    case 0x11:      /* CMTST, CMEQ (scalar D) */
        return (sgn ? (a & b) != 0 : a == b) ? ones : 0;
    default:        /* 0x16 SQDMULH, SQRDMULH */
        return si_doubling_mulh(cpu, a, b, size, !sgn);
    }
}

static const A64Op *a64_op_3same_int(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm), *d = V(op->rd);
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < op->imm2; i++) {
        a64_lane_set(r, i, op->shift,
                     si_elem(cpu, op->sub, op->shift,
                             a64_lane_get(n, i, op->shift),
                             a64_lane_get(m, i, op->shift),
                             a64_lane_get(d, i, op->shift)));
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

/* Size rules per key; false for keys this file does not handle. */
static bool si_allowed(unsigned key, unsigned size, bool q, bool scalar)
{
    switch (key & 0x1f) {
    case 0x01: case 0x05: case 0x09: case 0x0b:
        return scalar || size < 3 || q;
    case 0x08: case 0x0a:
        return scalar ? size == 3 : size < 3 || q;
    case 0x00: case 0x02: case 0x04: case 0x0e: case 0x0f: case 0x12:
        return !scalar && size < 3;
    case 0x13:
        return !scalar && (key == 0x33 ? size == 0 : size < 3);
    case 0x16:
        return size == 1 || size == 2;
    case 0x06: case 0x07: case 0x10: case 0x11:
        return scalar && size == 3;     /* vectors: a64-simd.c */
    default:
        return false;
    }
}

/* Called for the three-same keys a64-simd.c does not know. */
bool a64_trans_simd_3same_int(A64DisasContext *s, uint32_t insn,
                              bool scalar)
{
    A64Op *op = s->op;
    unsigned key = (a64_field(insn, 29, 1) << 5) | a64_field(insn, 11, 5);

    op->sf = a64_field(insn, 30, 1);
    op->shift = a64_field(insn, 22, 2);
    if (!si_allowed(key, op->shift, op->sf, scalar)) {
        return false;
    }
    op->sub = key;
    op->imm2 = scalar ? 1 : (op->sf ? 16 : 8) >> op->shift;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
    op->fn = a64_op_3same_int;
    return true;
}

/* ---- three-different: the forms a64-simd.c does not handle ---- */

/* op->sub = U:opcode (4 bits); op->shift = narrow size; op->ra scalar. */
static uint64_t sd_wide_elem(ARMCPU *cpu, unsigned key, unsigned size,
                             uint64_t a, uint64_t b, uint64_t d)
{
    bool sgn = !(key & 0x20);
    unsigned wsize = size + 1;
    i128 x = si_val(a, size, sgn), y = si_val(b, size, sgn);
    i128 acc = si_val(d, wsize, sgn), p;
    uint64_t wones = si_ones(wsize);

    switch (key & 0xf) {
    case 0x5:                       /* SABAL, UABAL */
        return (d + (uint64_t)(x > y ? x - y : y - x)) & wones;
    case 0x7:                       /* SABDL, UABDL */
        return (uint64_t)(x > y ? x - y : y - x) & wones;
    case 0x8:                       /* SMLAL, UMLAL */
        return (uint64_t)(acc + x * y) & wones;
    case 0xa:                       /* SMLSL, UMLSL */
        return (uint64_t)(acc - x * y) & wones;
    case 0xc:                       /* SMULL, UMULL (by element) */
        return (uint64_t)(x * y) & wones;
    case 0xe:                       /* PMULL (bytes) */
        p = 0;
        for (unsigned i = 0; i < 8; i++) {
            if (b & (1u << i)) {
                p ^= (i128)(a & 0xff) << i;
            }
        }
        return (uint64_t)p & 0xffff;
    default:                        /* SQDMLAL, SQDMLSL, SQDMULL */
        p = (i128)si_sat(cpu, 2 * x * y, wsize, true);
        p = si_val((uint64_t)p, wsize, true);
        if ((key & 0xf) == 0xd) {
            return (uint64_t)p & wones;
        }
        return si_sat(cpu, (key & 0xf) == 0x9 ? acc + p : acc - p, wsize,
                      true);
    }
}

static const A64Op *a64_op_3diff_wide(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm), *d = V(op->rd);
    unsigned size = op->shift, count = op->ra ? 1 : 8u >> size;
    unsigned base = op->sf ? count : 0;
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < count; i++) {
        a64_lane_set(r, i, size + 1,
                     sd_wide_elem(cpu, op->sub, size,
                                  a64_lane_get(n, base + i, size),
                                  a64_lane_get(m, base + i, size),
                                  a64_lane_get(d, i, size + 1)));
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

/* ADDHN, RADDHN, SUBHN, RSUBHN: high halves of wide sums/differences. */
static const A64Op *a64_op_3diff_hn(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm);
    unsigned size = op->shift, bits = 8u << size, count = 8u >> size;
    uint64_t out = 0;
    bool rnd = op->sub & 0x20, sub = (op->sub & 0xf) == 6;

    for (unsigned i = 0; i < count; i++) {
        uint64_t a = a64_lane_get(n, i, size + 1);
        uint64_t b = a64_lane_get(m, i, size + 1);
        unsigned __int128 x = (unsigned __int128)a + (sub ? -b : b);

        if (rnd) {
            x += (unsigned __int128)1 << (bits - 1);
        }
        a64_lane_set(&out, i, size, (uint64_t)(x >> bits));
    }
    V(op->rd)[op->sf] = out;
    if (!op->sf) {
        V(op->rd)[1] = 0;
    }
    return a64_next(cpu, op);
}

/* PMULL/PMULL2 .1Q: 64 x 64 -> 128-bit carry-less product. */
static const A64Op *a64_op_pmull_1q(ARMCPU *cpu, const A64Op *op)
{
    a64_clmul64_soft(V(op->rn)[op->sf], V(op->rm)[op->sf], V(op->rd));
    return a64_next(cpu, op);
}

/* The same with PCLMULQDQ (a64-crypto.h). */
static const A64Op *a64_op_pmull_1q_host(ARMCPU *cpu, const A64Op *op)
{
    a64_clmul64_host(V(op->rn)[op->sf], V(op->rm)[op->sf], V(op->rd));
    return a64_next(cpu, op);
}

bool a64_trans_simd_3diff_int(A64DisasContext *s, uint32_t insn,
                              bool scalar)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 4), u = a64_field(insn, 29, 1);
    unsigned size = a64_field(insn, 22, 2);
    bool sqd = opc == 9 || opc == 11 || opc == 13;

    if (opc == 14 && !u && size == 3 && !scalar &&
        (s->cpu->hwcap & A64_HWCAP_PMULL)) {
        op->sf = a64_field(insn, 30, 1);
        op->rd = a64_field(insn, 0, 5);
        op->rn = a64_field(insn, 5, 5);
        op->rm = a64_field(insn, 16, 5);
        op->fn = a64_clmul_host_ok() ? a64_op_pmull_1q_host
                                     : a64_op_pmull_1q;
        return true;
    }
    if (size == 3 || (sqd && (u || size == 0)) || (opc == 14 && (u || size)) ||
        (scalar && !sqd)) {
        return false;       /* PMULL.1Q needs the crypto extension */
    }
    if (opc != 4 && opc != 5 && opc != 6 && opc != 7 && opc != 8 &&
        !sqd && opc != 10 && opc != 14) {
        return false;
    }
    op->sub = (u << 5) | opc;
    op->shift = size;
    op->sf = scalar ? 0 : a64_field(insn, 30, 1);
    op->ra = scalar;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
    op->fn = (opc == 4 || opc == 6) ? a64_op_3diff_hn : a64_op_3diff_wide;
    return true;
}

bool trans_SCALAR_3DIFF(A64DisasContext *s, uint32_t insn)
{
    return a64_trans_simd_3diff_int(s, insn, true);
}

/* ---- two-register misc: the forms a64-simd.c does not handle ---- */

static uint64_t sm_count_lead(uint64_t x, unsigned size, bool sign_bits)
{
    unsigned bits = 8u << size;
    uint64_t v = x & si_ones(size);
    unsigned n = 0;

    if (sign_bits) {    /* CLS: leading bits equal to the sign, minus one */
        uint64_t sign = (v >> (bits - 1)) & 1;

        for (int i = bits - 2; i >= 0 && ((v >> i) & 1) == sign; i--) {
            n++;
        }
        return n;
    }
    for (int i = bits - 1; i >= 0 && !((v >> i) & 1); i--) {
        n++;
    }
    return n;
}

static uint64_t sm_elem(ARMCPU *cpu, unsigned key, unsigned size, uint64_t a,
                        uint64_t d)
{
    i128 x = si_val(a, size, true);

    switch (key) {
    case 0x03:                      /* SUQADD */
        return si_sat(cpu, si_val(d, size, true) + si_val(a, size, false),
                      size, true);
    case 0x23:                      /* USQADD */
        return si_sat(cpu, si_val(d, size, false) + x, size, false);
    case 0x04:
        return sm_count_lead(a, size, true);
    case 0x24:
        return sm_count_lead(a, size, false);
    case 0x07:
        return si_sat(cpu, x < 0 ? -x : x, size, true);
    case 0x27:
        return si_sat(cpu, -x, size, true);
    case 0x0b:                      /* ABS (scalar D) */
        return (uint64_t)(x < 0 ? -x : x);
    case 0x2b:                      /* NEG (scalar D) */
        return -a;
    case 0x08:
        return x > 0 ? ~0ull : 0;
    case 0x28:
        return x >= 0 ? ~0ull : 0;
    case 0x09:
        return x == 0 ? ~0ull : 0;
    case 0x29:
        return x <= 0 ? ~0ull : 0;
    case 0x0a:
        return x < 0 ? ~0ull : 0;
    default: {                      /* 0x25 with size 1: RBIT bytes */
        uint64_t r = 0;

        for (unsigned i = 0; i < 8; i++) {
            r |= ((a >> i) & 1) << (7 - i);
        }
        return r;
    }
    }
}

static const A64Op *a64_op_2misc_int(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *d = V(op->rd);
    unsigned size = op->shift;
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < op->imm2; i++) {
        a64_lane_set(r, i, size,
                     sm_elem(cpu, op->sub, size, a64_lane_get(n, i, size),
                             a64_lane_get(d, i, size)));
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

/* SADDLP, UADDLP, SADALP, UADALP: op->shift is the narrow size. */
static const A64Op *a64_op_addlp(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *d = V(op->rd);
    unsigned size = op->shift;
    bool sgn = !(op->sub & 0x20), acc = (op->sub & 0x1f) == 0x06;
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < op->imm2; i++) {
        i128 s = si_val(a64_lane_get(n, 2 * i, size), size, sgn) +
                 si_val(a64_lane_get(n, 2 * i + 1, size), size, sgn);

        if (acc) {
            s += a64_lane_get(d, i, size + 1);
        }
        a64_lane_set(r, i, size + 1, (uint64_t)s);
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

/* SQXTN, UQXTN, SQXTUN (narrow size op->shift) and SHLL (widen). */
static const A64Op *a64_op_2misc_nl(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    unsigned size = op->shift, count = op->ra ? 1 : 8u >> size;
    uint64_t r[2] = { V(op->rd)[0], V(op->rd)[1] }, out = 0;

    if (op->sub == 0x33) {          /* SHLL: n's half widened, << esize */
        uint64_t src = n[op->sf];

        for (unsigned i = 0; i < count; i++) {
            a64_lane_set(r, i, size + 1,
                         a64_lane_get(&src, i, size) << (8u << size));
        }
        V(op->rd)[0] = r[0];
        V(op->rd)[1] = r[1];
        return a64_next(cpu, op);
    }
    for (unsigned i = 0; i < count; i++) {
        uint64_t e = a64_lane_get(n, i, size + 1);
        i128 v = si_val(e, size + 1, op->sub != 0x34);

        a64_lane_set(&out, i, size, si_sat(cpu, v, size, op->sub == 0x14));
    }
    if (op->sf) {
        r[1] = out;
    } else {
        r[0] = out;
        r[1] = 0;
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

bool a64_trans_simd_2misc_int(A64DisasContext *s, uint32_t insn,
                              bool scalar)
{
    A64Op *op = s->op;
    unsigned key = (a64_field(insn, 29, 1) << 5) | a64_field(insn, 12, 5);
    unsigned size = a64_field(insn, 22, 2);
    bool q = a64_field(insn, 30, 1);

    op->shift = size;
    op->sf = q;
    op->ra = scalar;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->imm2 = scalar ? 1 : (q ? 16 : 8) >> size;
    switch (key) {
    case 0x03: case 0x23: case 0x07: case 0x27:
        if (!scalar && size == 3 && !q) {
            return false;
        }
        break;
    case 0x0b: case 0x2b: case 0x08: case 0x28: case 0x09: case 0x29:
    case 0x0a:
        if (!scalar || size != 3) {
            return false;   /* vector forms are in a64-simd.c */
        }
        break;
    case 0x04: case 0x24:
        if (scalar || size == 3) {
            return false;
        }
        break;
    case 0x25:
        if (scalar || size != 1) {
            return false;
        }
        op->shift = 0;
        op->imm2 = q ? 16 : 8;
        break;
    case 0x02: case 0x22: case 0x06: case 0x26:
        if (scalar || size == 3) {
            return false;
        }
        op->sub = key;
        op->imm2 = (q ? 16 : 8) >> (size + 1);
        op->fn = a64_op_addlp;
        return true;
    case 0x14: case 0x34: case 0x32: case 0x33:
        if (size == 3 || (key == 0x33 && scalar)) {
            return false;
        }
        op->sub = key;
        if (scalar) {
            op->sf = 0;
        }
        op->fn = a64_op_2misc_nl;
        return true;
    default:
        return false;
    }
    op->sub = key;
    op->fn = a64_op_2misc_int;
    return true;
}

/* ---- by element, integer (vector and scalar) ---- */

/* op->sub = U:opcode; op->imm = index; op->shift = element size. */
static uint64_t se_elem(ARMCPU *cpu, unsigned key, unsigned size, uint64_t a,
                        uint64_t b, uint64_t d)
{
    switch (key) {
    case 0x08:                      /* MUL */
        return (a * b) & si_ones(size);
    case 0x20:                      /* MLA */
        return (d + a * b) & si_ones(size);
    case 0x24:                      /* MLS */
        return (d - a * b) & si_ones(size);
    case 0x0c:                      /* SQDMULH */
        return si_doubling_mulh(cpu, a, b, size, false);
    default:                        /* 0x0d SQRDMULH */
        return si_doubling_mulh(cpu, a, b, size, true);
    }
}

static const A64Op *a64_op_elem_int(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *d = V(op->rd);
    unsigned size = op->shift, key = op->sub & 0x2f;
    uint64_t m = a64_lane_get(V(op->rm), op->imm, size);
    uint64_t r[2] = { 0, 0 };
    bool lng = op->sub & 0x40;
    unsigned base = (lng && op->sf) ? op->imm2 : 0;

    for (unsigned i = 0; i < op->imm2; i++) {
        uint64_t a = a64_lane_get(n, base + i, size);

        if (lng) {          /* the widening forms reuse the 3diff rules */
            a64_lane_set(r, i, size + 1,
                         sd_wide_elem(cpu, key, size, a, m,
                                      a64_lane_get(d, i, size + 1)));
        } else {
            a64_lane_set(r, i, size,
                         se_elem(cpu, key, size, a, m,
                                 a64_lane_get(d, i, size)));
        }
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

bool a64_trans_simd_elem_int(A64DisasContext *s, uint32_t insn, bool scalar)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 4), u = a64_field(insn, 29, 1);
    unsigned size = a64_field(insn, 22, 2), key = (u << 5) | opc;
    int k;

    /* the widening forms, as three-different keys (a64_trans_3diff) */
    switch (opc) {
    case 0x2: k = 0x8; break;               /* SMLAL, UMLAL */
    case 0x6: k = 0xa; break;               /* SMLSL, UMLSL */
    case 0xa: k = 0xc; break;               /* SMULL, UMULL */
    case 0x3: k = u ? -2 : 0x9; break;      /* SQDMLAL */
    case 0x7: k = u ? -2 : 0xb; break;      /* SQDMLSL */
    case 0xb: k = u ? -2 : 0xd; break;      /* SQDMULL */
    default: k = -1; break;
    }
    if (k == -2 || size == 0 || size == 3) {
        return false;
    }
    if (k >= 0) {
        if (scalar && k != 0x9 && k != 0xb && k != 0xd) {
            return false;
        }
        op->sub = 0x40 | (u << 5) | k;
    } else if (key == 0x0c || key == 0x0d ||
               (!scalar && (key == 0x08 || key == 0x20 || key == 0x24))) {
        op->sub = key;
    } else {
        return false;
    }
    op->shift = size;
    op->sf = a64_field(insn, 30, 1);
    if (size == 1) {
        op->imm = (a64_field(insn, 11, 1) << 2) |
                  (a64_field(insn, 21, 1) << 1) | a64_field(insn, 20, 1);
        op->rm = a64_field(insn, 16, 4);
    } else {
        op->imm = (a64_field(insn, 11, 1) << 1) | a64_field(insn, 21, 1);
        op->rm = a64_field(insn, 16, 5);
    }
    if (scalar) {
        op->imm2 = 1;
        op->sf = 0;
    } else {
        op->imm2 = (k >= 0 ? 8 : (op->sf ? 16 : 8)) >> size;
    }
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->fn = a64_op_elem_int;
    return true;
}

/* ---- scalar pairwise (ADDP, FADDP, FMAXP, ...) and DUP (element) ---- */

static const A64Op *a64_op_scalar_pair(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    unsigned size = op->shift;
    uint64_t a = a64_lane_get(n, 0, size), b = a64_lane_get(n, 1, size);

    V(op->rd)[0] = op->cond == 0xff ? a + b
                                    : a64_fp_binop(cpu, op->cond, size, a, b);
    V(op->rd)[1] = 0;
    return a64_next(cpu, op);
}

bool trans_SCALAR_PAIR(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 5), u = a64_field(insn, 29, 1);
    unsigned size = a64_field(insn, 22, 2);
    bool hi = size & 2;

    if (!u) {
        if (opc != 0x1b || size != 3) {
            return false;   /* ADDP only; the FP16 forms are ARMv8.2 */
        }
        op->cond = 0xff;
        op->shift = 3;
    } else {
        switch (opc) {
        case 0x0c:
            op->cond = hi ? A64_FMINNM : A64_FMAXNM;
            break;
        case 0x0d:
            if (hi) {
                return false;
            }
            op->cond = A64_FADD;
            break;
        case 0x0f:
            op->cond = hi ? A64_FMIN : A64_FMAX;
            break;
        default:
            return false;
        }
        op->shift = 2 + (size & 1);
    }
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->fn = a64_op_scalar_pair;
    return true;
}

static const A64Op *a64_op_scalar_dup(ARMCPU *cpu, const A64Op *op)
{
    V(op->rd)[0] = a64_lane_get(V(op->rn), op->imm, op->shift);
    V(op->rd)[1] = 0;
    return a64_next(cpu, op);
}

bool trans_SCALAR_COPY(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned imm5 = a64_field(insn, 16, 5);

    if ((imm5 & 0xf) == 0) {
        return false;
    }
    op->shift = __builtin_ctz(imm5);
    op->imm = imm5 >> (op->shift + 1);
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->fn = a64_op_scalar_dup;
    return true;
}

/* SADDLV, UADDLV: the sum of all elements, widened. */
static const A64Op *a64_op_addlv(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    uint64_t sum = 0;

    for (unsigned i = 0; i < op->imm2; i++) {
        sum += (uint64_t)si_val(a64_lane_get(n, i, op->shift), op->shift,
                                !op->sub);
    }
    V(op->rd)[0] = sum & si_ones(op->shift + 1);
    V(op->rd)[1] = 0;
    return a64_next(cpu, op);
}

bool a64_trans_simd_addlv(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned size = a64_field(insn, 22, 2);
    bool q = a64_field(insn, 30, 1);

    if (size == 3 || (size == 2 && !q)) {
        return false;
    }
    op->sub = a64_field(insn, 29, 1);
    op->shift = size;
    op->imm2 = (q ? 16 : 8) >> size;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->fn = a64_op_addlv;
    return true;
}

/*
 * SDOT/UDOT (FEAT_DotProd): each 32-bit lane of Vd adds the four products
 * of the bytes of Vn's and Vm's lane (by element: Vm's lane op->imm).
 * op->sub: bit 0 signed; op->sf: 128-bit.
 */
static const A64Op *a64_op_dot(ARMCPU *cpu, const A64Op *op)
{
    unsigned lanes = op->sf ? 4 : 2;
    bool sgn = op->sub & 1, elem = op->sub & 2;
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < lanes; i++) {
        unsigned mi = elem ? op->imm : i;
        uint32_t acc = a64_lane_get(V(op->rd), i, 2);

        for (unsigned k = 0; k < 4; k++) {
            i128 a = si_val(a64_lane_get(V(op->rn), 4 * i + k, 0), 0, sgn);
            i128 b = si_val(a64_lane_get(V(op->rm), 4 * mi + k, 0), 0, sgn);

            acc += (uint32_t)(a * b);
        }
        a64_lane_set(r, i, 2, acc);
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

/* Advanced SIMD three same (extra): SDOT/UDOT (vector) so far. */
bool trans_SIMD_3EXTRA(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (a64_field(insn, 11, 4) != 2 || a64_field(insn, 22, 2) != 2 ||
        !(s->cpu->hwcap & A64_HWCAP_ASIMDDP)) {
        return false;
    }
    op->sf = a64_field(insn, 30, 1);
    op->sub = !a64_field(insn, 29, 1);
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
    op->fn = a64_op_dot;
    return true;
}

/* SDOT/UDOT (by element), from the SIMD_ELEM row (opcode 0xe). */
bool a64_trans_simd_dot_elem(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (a64_field(insn, 22, 2) != 2 || !(s->cpu->hwcap & A64_HWCAP_ASIMDDP)) {
        return false;
    }
    op->sf = a64_field(insn, 30, 1);
    op->sub = 2 | !a64_field(insn, 29, 1);
    op->imm = (a64_field(insn, 11, 1) << 1) | a64_field(insn, 21, 1);
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);      /* M:Rm */
    op->fn = a64_op_dot;
    return true;
}
