/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AdvSIMD integer instructions (the subset glibc's string and memory
 * routines use) and FMOV between general and SIMD&FP registers.
 *
 * Vectors are two 64-bit halves (V[0] low); element i of size 8<<size
 * bits is read with vec_get() and written with vec_set().  Results are
 * built in a temporary and written whole, so Vd may alias a source; a
 * 64-bit (Q=0) result clears the upper half, as the architecture says.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"

#define X(r) (cpu->env.xregs[(r)])
#define V(r) (cpu->env.vregs[(r)])

static inline uint64_t vec_get(const uint64_t *v, unsigned i, unsigned size)
{
    unsigned bits = 8u << size, per = 64 / bits;
    uint64_t x = v[i / per] >> ((i % per) * bits);

    return bits == 64 ? x : x & ((1ull << bits) - 1);
}

static inline void vec_set(uint64_t *v, unsigned i, unsigned size,
                           uint64_t x)
{
    unsigned bits = 8u << size, per = 64 / bits, sh = (i % per) * bits;
    uint64_t mask = bits == 64 ? ~0ull : ((1ull << bits) - 1) << sh;

    v[i / per] = (v[i / per] & ~mask) | ((x << sh) & mask);
}

static inline int64_t sext(uint64_t x, unsigned size)
{
    unsigned sh = 64 - (8u << size);

    return (int64_t)(x << sh) >> sh;
}

static inline uint64_t all_ones(unsigned size)
{
    return size == 3 ? ~0ull : (1ull << (8u << size)) - 1;
}

static void vec_write(ARMCPU *cpu, const A64Op *op, const uint64_t *r)
{
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = op->sf ? r[1] : 0;
}

static unsigned vec_lanes(const A64Op *op)
{
    return (op->sf ? 16 : 8) >> op->shift;
}

static uint64_t simd_3same_elem(unsigned key, uint64_t a, uint64_t b,
                                unsigned size)
{
    uint64_t ones = all_ones(size);

    switch (key) {
    case 0x10:
        return a + b;
    case 0x30:
        return a - b;
    case 0x31:
        return a == b ? ones : 0;
    case 0x11:
        return (a & b) ? ones : 0;
    case 0x26:
        return a > b ? ones : 0;
    case 0x27:
        return a >= b ? ones : 0;
    case 0x06:
        return sext(a, size) > sext(b, size) ? ones : 0;
    case 0x07:
        return sext(a, size) >= sext(b, size) ? ones : 0;
    case 0x0c: case 0x14:
        return sext(a, size) > sext(b, size) ? a : b;
    case 0x0d: case 0x15:
        return sext(a, size) < sext(b, size) ? a : b;
    case 0x2c: case 0x34:
        return a > b ? a : b;
    case 0x2d: case 0x35:
        return a < b ? a : b;
    default:    /* 0x17 ADDP */
        return a + b;
    }
}

static void simd_logic(const uint64_t *n, const uint64_t *m, uint64_t *d,
                       unsigned key, uint64_t *r)
{
    for (unsigned i = 0; i < 2; i++) {
        switch (key) {
        case 0: r[i] = n[i] & m[i]; break;
        case 1: r[i] = n[i] & ~m[i]; break;
        case 2: r[i] = n[i] | m[i]; break;
        case 3: r[i] = n[i] | ~m[i]; break;
        case 4: r[i] = n[i] ^ m[i]; break;
        case 5: r[i] = (d[i] & n[i]) | (~d[i] & m[i]); break;
        case 6: r[i] = (m[i] & n[i]) | (~m[i] & d[i]); break;
        default: r[i] = (~m[i] & n[i]) | (m[i] & d[i]); break;
        }
    }
}

static const A64Op *a64_op_3same(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm);
    uint64_t r[2] = { 0, 0 };
    unsigned lanes = vec_lanes(op), key = op->sub;
    bool pairwise = key == 0x17 || key == 0x34 || key == 0x35 ||
                    key == 0x14 || key == 0x15;

    if (key == 0x03 || key == 0x23) {
        simd_logic(n, m, V(op->rd), (key >> 3) | op->shift, r);
    } else {
        for (unsigned i = 0; i < lanes; i++) {
            uint64_t a, b;

            if (pairwise) {
                const uint64_t *src = i < lanes / 2 ? n : m;
                unsigned j = (i % (lanes / 2)) * 2;

                a = vec_get(src, j, op->shift);
                b = vec_get(src, j + 1, op->shift);
            } else {
                a = vec_get(n, i, op->shift);
                b = vec_get(m, i, op->shift);
            }
            vec_set(r, i, op->shift, simd_3same_elem(key, a, b, op->shift));
        }
    }
    vec_write(cpu, op, r);
    return a64_next(cpu, op);
}

static void a64_vec_common(A64Op *op, uint32_t insn)
{
    op->sf = a64_field(insn, 30, 1);
    op->shift = a64_field(insn, 22, 2);
    op->sub = (a64_field(insn, 29, 1) << 5) | a64_field(insn, 11, 5);
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
}

bool trans_SIMD_3SAME(A64DisasContext *s, uint32_t insn)
{
    static const uint8_t ok[] = { 0x03, 0x23, 0x10, 0x30, 0x31, 0x11, 0x26,
                                  0x27, 0x06, 0x07, 0x0c, 0x0d, 0x2c, 0x2d,
                                  0x17, 0x34, 0x35, 0x14, 0x15 };
    A64Op *op = s->op;

    if (a64_field(insn, 11, 5) >= 0x18) {
        return a64_trans_simd_3same_fp(s, insn, false);
    }
    a64_vec_common(op, insn);
    if (!memchr(ok, op->sub, sizeof(ok))) {
        return a64_trans_simd_3same_int(s, insn, false);
    }
    if (op->shift == 3 && !op->sf && op->sub != 0x03 && op->sub != 0x23) {
        return false;
    }
    if (op->shift == 3 && op->sub != 0x03 && op->sub != 0x23 &&
        op->sub != 0x10 && op->sub != 0x30 && op->sub != 0x17 &&
        (op->sub & 0x3e) != 0x06 && (op->sub & 0x3e) != 0x26 &&
        op->sub != 0x31 && op->sub != 0x11) {
        return false;
    }
    op->fn = a64_op_3same;
    return true;
}

static uint64_t simd_2misc_elem(unsigned key, uint64_t a, unsigned size)
{
    uint64_t ones = all_ones(size);
    int64_t sa = sext(a, size);

    switch (key) {
    case 0x09:
        return a == 0 ? ones : 0;
    case 0x08:
        return sa > 0 ? ones : 0;
    case 0x28:
        return sa >= 0 ? ones : 0;
    case 0x29:
        return sa <= 0 ? ones : 0;
    case 0x0a:
        return sa < 0 ? ones : 0;
    case 0x0b:
        return sa < 0 ? -a : a;
    case 0x2b:
        return -a;
    case 0x05:
        return __builtin_popcountll(a);
    default:    /* 0x25 NOT */
        return ~a;
    }
}

/* REV16/32/64: reverse the @size elements inside each container. */
static void simd_rev(const uint64_t *n, unsigned size, unsigned cont_log2,
                     unsigned lanes, uint64_t *r)
{
    unsigned per = 1u << (cont_log2 - size);

    for (unsigned i = 0; i < lanes; i++) {
        unsigned base = i & ~(per - 1), j = base + (per - 1 - (i - base));

        vec_set(r, j, size, vec_get(n, i, size));
    }
}

static const A64Op *a64_op_2misc(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    uint64_t r[2] = { V(op->rd)[0], V(op->rd)[1] };
    unsigned lanes = vec_lanes(op);

    if (op->sub == 0x12) {          /* XTN, XTN2 */
        unsigned half = 8 >> op->shift;

        for (unsigned i = 0; i < half; i++) {
            vec_set(r, (op->sf ? half : 0) + i, op->shift,
                    vec_get(n, i, op->shift + 1));
        }
        if (!op->sf) {
            r[1] = 0;
        }
        V(op->rd)[0] = r[0];
        V(op->rd)[1] = r[1];
        return a64_next(cpu, op);
    }
    r[0] = r[1] = 0;
    if (op->sub == 0x00 || op->sub == 0x20 || op->sub == 0x01) {
        simd_rev(n, op->shift, op->sub == 0x00 ? 3 : op->sub == 0x20 ? 2 : 1,
                 lanes, r);
    } else {
        for (unsigned i = 0; i < lanes; i++) {
            vec_set(r, i, op->shift,
                    simd_2misc_elem(op->sub, vec_get(n, i, op->shift),
                                    op->shift));
        }
    }
    vec_write(cpu, op, r);
    return a64_next(cpu, op);
}

bool trans_SIMD_2MISC(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    unsigned opcode = a64_field(insn, 12, 5);

    if (opcode >= 0x16 || (opcode >= 0x0c && opcode <= 0x0f)) {
        return a64_trans_simd_2misc_fp(s, insn, false);
    }
    a64_vec_common(op, insn);
    op->sub = (a64_field(insn, 29, 1) << 5) | a64_field(insn, 12, 5);
    switch (op->sub) {
    case 0x09: case 0x08: case 0x28: case 0x29: case 0x0a: case 0x0b:
    case 0x2b:
        if (op->shift == 3 && !op->sf) {
            return false;
        }
        break;
    case 0x05: case 0x25:
        if (op->shift != 0) {
            return a64_trans_simd_2misc_int(s, insn, false);   /* RBIT */
        }
        break;
    case 0x00:
        if (op->shift == 3) {
            return false;
        }
        break;
    case 0x20:
        if (op->shift >= 2) {
            return false;
        }
        break;
    case 0x01:
        if (op->shift != 0) {
            return false;
        }
        break;
    case 0x12:
        if (op->shift == 3) {
            return false;
        }
        break;
    default:
        return a64_trans_simd_2misc_int(s, insn, false);
    }
    op->fn = a64_op_2misc;
    return true;
}

static const A64Op *a64_op_across(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    unsigned lanes = vec_lanes(op);
    uint64_t acc = vec_get(n, 0, op->shift);

    for (unsigned i = 1; i < lanes; i++) {
        uint64_t e = vec_get(n, i, op->shift);

        switch (op->sub) {
        case 0x1b:
            acc += e;
            break;
        case 0x2a:
            acc = e > acc ? e : acc;
            break;
        case 0x3a:
            acc = e < acc ? e : acc;
            break;
        case 0x0a:
            acc = sext(e, op->shift) > sext(acc, op->shift) ? e : acc;
            break;
        default:
            acc = sext(e, op->shift) < sext(acc, op->shift) ? e : acc;
            break;
        }
    }
    V(op->rd)[0] = acc & all_ones(op->shift);
    V(op->rd)[1] = 0;
    return a64_next(cpu, op);
}

bool trans_SIMD_ACROSS(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opcode = a64_field(insn, 12, 5);

    if (a64_field(insn, 29, 1) && (opcode == 0x0c || opcode == 0x0f)) {
        return a64_trans_simd_across_fp(s, insn);
    }
    if (opcode == 0x03) {
        return a64_trans_simd_addlv(s, insn);
    }
    a64_vec_common(op, insn);
    op->sub = (a64_field(insn, 29, 1) << 5) | a64_field(insn, 12, 5);
    if (op->sub != 0x1b && op->sub != 0x2a && op->sub != 0x3a &&
        op->sub != 0x0a && op->sub != 0x1a) {
        return false;
    }
    if (op->shift == 3 || (op->shift == 2 && !op->sf)) {
        return false;
    }
    op->fn = a64_op_across;
    return true;
}

static const A64Op *a64_op_3diff(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm);
    unsigned half = 8 >> op->shift, base = op->sf ? half : 0;
    bool sgn = !(op->sub & 0x20), wide = op->sub & 1;
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < half; i++) {
        uint64_t a, b, x;

        a = wide ? vec_get(n, i, op->shift + 1)
                 : vec_get(n, base + i, op->shift);
        b = vec_get(m, base + i, op->shift);
        if (sgn) {
            a = wide ? (uint64_t)sext(a, op->shift + 1)
                     : (uint64_t)sext(a, op->shift);
            b = (uint64_t)sext(b, op->shift);
        }
        switch (op->sub & 0x1e) {
        case 0x00:
            x = a + b;
            break;
        case 0x02:
            x = a - b;
            break;
        default:
            x = a * b;
            break;
        }
        vec_set(r, i, op->shift + 1, x);
    }
    V(op->rd)[0] = r[0];
    V(op->rd)[1] = r[1];
    return a64_next(cpu, op);
}

bool trans_SIMD_3DIFF(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 4);

    a64_vec_common(op, insn);
    /* xADDL 0000, xADDW 0001, xSUBL 0010, xSUBW 0011, xMULL 1100 */
    if (opc > 3 && opc != 12) {
        return a64_trans_simd_3diff_int(s, insn, false);
    }
    if (op->shift == 3) {
        return false;
    }
    op->sub = (a64_field(insn, 29, 1) << 5) | (opc == 12 ? 0x04 : opc);
    op->fn = a64_op_3diff;
    return true;
}

static const A64Op *a64_op_copy(ARMCPU *cpu, const A64Op *op)
{
    uint64_t r[2] = { V(op->rd)[0], V(op->rd)[1] }, x;
    unsigned lanes = vec_lanes(op);

    switch (op->sub) {
    case 0:     /* DUP element */
    case 1:     /* DUP general */
        x = op->sub ? X(op->rn) : vec_get(V(op->rn), op->imm, op->shift);
        for (unsigned i = 0; i < lanes; i++) {
            vec_set(r, i, op->shift, x);
        }
        vec_write(cpu, op, r);
        break;
    case 3:     /* INS general */
        vec_set(r, op->imm, op->shift, X(op->rn));
        V(op->rd)[0] = r[0];
        V(op->rd)[1] = r[1];
        break;
    case 5:     /* SMOV */
        x = (uint64_t)sext(vec_get(V(op->rn), op->imm, op->shift),
                           op->shift);
        X(op->ra) = op->sf ? x : (uint32_t)x;
        break;
    case 7:     /* UMOV */
        X(op->ra) = vec_get(V(op->rn), op->imm, op->shift);
        break;
    default:    /* INS element */
        vec_set(r, op->imm, op->shift,
                vec_get(V(op->rn), op->imm2, op->shift));
        V(op->rd)[0] = r[0];
        V(op->rd)[1] = r[1];
        break;
    }
    return a64_next(cpu, op);
}

bool trans_SIMD_COPY(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned imm5 = a64_field(insn, 16, 5), imm4 = a64_field(insn, 11, 4);
    bool opbit = a64_field(insn, 29, 1);

    if ((imm5 & 0xf) == 0) {
        return false;
    }
    op->sf = a64_field(insn, 30, 1);
    op->shift = __builtin_ctz(imm5);
    op->imm = imm5 >> (op->shift + 1);
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->ra = a64_reg_wz(op->rd);
    if (opbit) {
        if (!op->sf) {
            return false;
        }
        op->sub = 8;
        op->imm2 = imm4 >> op->shift;
    } else {
        op->sub = imm4;
        if (imm4 == 1 || imm4 == 3) {
            op->rn = a64_reg_rz(op->rn);    /* DUP/INS from a GPR */
        }
        if ((imm4 != 0 && imm4 != 1 && imm4 != 3 && imm4 != 5 &&
             imm4 != 7) || (op->shift == 3 && !op->sf && imm4 <= 1) ||
            (imm4 == 3 && !op->sf) ||
            (imm4 == 7 && (op->shift == 3) != op->sf) ||
            (imm4 == 5 && op->shift >= 2 + op->sf)) {
            return false;
        }
    }
    op->fn = a64_op_copy;
    return true;
}

/* AdvSIMDExpandImm for the integer forms (cmode != 1111). */
static uint64_t simd_expand_imm(unsigned op, unsigned cmode, uint64_t imm8)
{
    uint64_t r = 0;

    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3:
        r = imm8 << (8 * (cmode >> 1));
        return r | (r << 32);
    case 4: case 5:
        r = imm8 << (8 * ((cmode >> 1) & 1));
        return r * 0x0001000100010001ull;
    case 6:
        r = (cmode & 1) ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff;
        return r | (r << 32);
    default:
        if (!op) {
            return imm8 * 0x0101010101010101ull;
        }
        for (unsigned i = 0; i < 8; i++) {
            r |= ((imm8 >> i) & 1) ? 0xffull << (8 * i) : 0;
        }
        return r;
    }
}

static const A64Op *a64_op_modimm(ARMCPU *cpu, const A64Op *op)
{
    uint64_t r[2] = { V(op->rd)[0], V(op->rd)[1] };

    switch (op->sub) {
    case 0:     /* MOVI/MVNI: imm already inverted for MVNI */
        r[0] = r[1] = op->imm;
        break;
    case 1:     /* ORR */
        r[0] |= op->imm;
        r[1] |= op->imm;
        break;
    default:    /* BIC */
        r[0] &= ~op->imm;
        r[1] &= ~op->imm;
        break;
    }
    vec_write(cpu, op, r);
    return a64_next(cpu, op);
}

/*
 * FMOV (vector, immediate), single (op 0) or double (op 1, Q only):
 * VFPExpandImm, sign, NOT(b6), b6 repeated, imm8<5:0> at the top of the
 * fraction, in every lane.
 */
static bool trans_fmov_vimm(A64Op *op, uint32_t insn, unsigned opbit,
                            uint64_t imm8)
{
    uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, low = imm8 & 0x3f;
    uint32_t s;

    op->sf = a64_field(insn, 30, 1);
    op->rd = a64_field(insn, 0, 5);
    op->sub = 0;
    if (opbit) {
        if (!op->sf) {
            return false;
        }
        op->imm = (sign << 63) | ((b6 ^ 1) << 62) | ((b6 ? 0xffull : 0) << 54) |
                  (low << 48);
    } else {
        s = (sign << 31) | ((b6 ^ 1) << 30) | ((b6 ? 0x1fu : 0) << 25) |
            (low << 19);
        op->imm = s | ((uint64_t)s << 32);
    }
    op->fn = a64_op_modimm;
    return true;
}

static bool trans_modimm(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opbit = a64_field(insn, 29, 1), cmode = a64_field(insn, 12, 4);
    uint64_t imm8 = (a64_field(insn, 16, 3) << 5) | a64_field(insn, 5, 5);

    if (a64_field(insn, 11, 1)) {
        return false;   /* FMOV of half precision (ARMv8.2) */
    }
    if (cmode == 15) {
        return trans_fmov_vimm(op, insn, opbit, imm8);
    }
    op->sf = a64_field(insn, 30, 1);
    op->rd = a64_field(insn, 0, 5);
    op->imm = simd_expand_imm(opbit, cmode, imm8);
    if ((cmode & 1) && (cmode >> 2) != 3) {
        op->sub = opbit ? 2 : 1;
    } else {
        op->sub = 0;
        if (opbit && cmode != 14) {
            op->imm = ~op->imm;
        }
    }
    op->fn = a64_op_modimm;
    return true;
}

bool trans_SIMD_SHIFTI(A64DisasContext *s, uint32_t insn)
{
    if (a64_field(insn, 19, 4) == 0) {
        return trans_modimm(s, insn);
    }
    return a64_trans_simd_shift_imm(s, insn, false);
}

static const A64Op *a64_op_perm(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm);
    unsigned lanes = vec_lanes(op), half = lanes / 2, part = op->sub >> 2;
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < lanes; i++) {
        unsigned j;
        uint64_t x;

        switch (op->sub & 3) {
        case 1:     /* UZP */
            j = 2 * i + part;
            x = j < lanes ? vec_get(n, j, op->shift)
                          : vec_get(m, j - lanes, op->shift);
            break;
        case 2:     /* TRN */
            j = (i & ~1u) + part;
            x = vec_get((i & 1) ? m : n, j, op->shift);
            break;
        default:    /* ZIP */
            j = part * half + i / 2;
            x = vec_get((i & 1) ? m : n, j, op->shift);
            break;
        }
        vec_set(r, i, op->shift, x);
    }
    vec_write(cpu, op, r);
    return a64_next(cpu, op);
}

bool trans_SIMD_PERM(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    a64_vec_common(op, insn);
    op->sub = a64_field(insn, 12, 3);
    if ((op->sub & 3) == 0 || (op->shift == 3 && !op->sf)) {
        return false;
    }
    op->fn = a64_op_perm;
    return true;
}

static const A64Op *a64_op_ext(ARMCPU *cpu, const A64Op *op)
{
    uint8_t bytes[32];
    unsigned len = op->sf ? 16 : 8;
    uint64_t r[2];

    memcpy(bytes, V(op->rn), len);
    memcpy(bytes + len, V(op->rm), len);
    memset(r, 0, sizeof(r));
    memcpy(r, bytes + op->imm, len);
    vec_write(cpu, op, r);
    return a64_next(cpu, op);
}

bool trans_SIMD_EXT(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    a64_vec_common(op, insn);
    op->imm = a64_field(insn, 11, 4);
    if (!op->sf && op->imm >= 8) {
        return false;
    }
    op->fn = a64_op_ext;
    return true;
}

static const A64Op *a64_op_fmov(ARMCPU *cpu, const A64Op *op)
{
    switch (op->sub) {
    case 0:     /* to general */
        X(op->rd) = a64_wreg(V(op->rn)[op->imm], op->sf);
        break;
    case 1:     /* to the low element: clears the rest */
        V(op->rd)[0] = a64_wreg(X(op->rn), op->sf);
        V(op->rd)[1] = 0;
        break;
    default:    /* to V.D[1] */
        V(op->rd)[1] = X(op->rn);
        break;
    }
    return a64_next(cpu, op);
}

bool trans_FP_INT(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned key = (a64_field(insn, 31, 1) << 7) |
                   (a64_field(insn, 22, 2) << 5) |
                   (a64_field(insn, 19, 2) << 3) | a64_field(insn, 16, 3);
    bool to_vec = key & 1;
    unsigned r = a64_field(insn, 0, 5), n = a64_field(insn, 5, 5);

    switch (key & ~1u) {
    case 0x06:              /* FMOV Wd, Sn */
    case 0xa6:              /* FMOV Xd, Dn */
    case 0xce:              /* FMOV Xd, Vn.D[1] */
        break;
    default:
        return a64_trans_fp_cvt(s, insn);
    }
    op->sf = a64_field(insn, 31, 1);
    op->imm = (key & ~1u) == 0xce;
    op->sub = to_vec ? (op->imm ? 2 : 1) : 0;
    op->rd = to_vec ? r : a64_reg_wz(r);
    op->rn = to_vec ? a64_reg_rz(n) : n;
    op->fn = a64_op_fmov;
    return true;
}

/* TBL/TBX: op->cond table registers from rn; op->sub 1 for TBX. */
static const A64Op *a64_op_tbl(ARMCPU *cpu, const A64Op *op)
{
    uint8_t table[64];
    uint64_t r[2] = { V(op->rd)[0], V(op->rd)[1] };
    const uint64_t *idx = V(op->rm);
    unsigned bytes = op->sf ? 16 : 8, limit = 16 * op->cond;

    for (unsigned t = 0; t < op->cond; t++) {
        const uint64_t *v = V((op->rn + t) % 32);

        for (unsigned i = 0; i < 16; i++) {
            table[t * 16 + i] = vec_get(v, i, 0);
        }
    }
    for (unsigned i = 0; i < bytes; i++) {
        unsigned x = vec_get(idx, i, 0);

        if (x < limit) {
            vec_set(r, i, 0, table[x]);
        } else if (!op->sub) {
            vec_set(r, i, 0, 0);
        }
    }
    vec_write(cpu, op, r);
    return a64_next(cpu, op);
}

bool trans_SIMD_TBL(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    a64_vec_common(op, insn);
    op->cond = a64_field(insn, 13, 2) + 1;
    op->sub = a64_field(insn, 12, 1);
    op->fn = a64_op_tbl;
    return true;
}
