/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AdvSIMD floating point, single and double precision lanes, vector and
 * scalar forms: three-same (arithmetic, FMLA/FMLS, compares, pairwise,
 * FRECPS/FRSQRTS), two-register misc (FABS/FNEG/FSQRT, FRINT*, FCVT*,
 * SCVTF/UCVTF, compares with zero, FCVTN/FCVTL/FCVTXN, FRECPE/FRSQRTE,
 * FRECPX, URECPE/URSQRTE),
 * across lanes (FMAXV/FMINV/FMAXNMV/FMINNMV) and by element
 * (FMLA/FMLS/FMUL/FMULX).  Each lane goes through a64-fpu.c, so FPCR
 * and FPSR behave as for the scalar instructions.
 *
 * Record fields: op->shift element size (2 or 3), op->imm2 lane count
 * (1 for the scalar forms, whose other lanes are cleared), op->sub the
 * operation, op->sf Q.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"
#include "a64-fpu.h"

#define V(r) (cpu->env.vregs[(r)])

/* op->sub for three-same. */
enum {
    F3_ARITH,       /* op->cond: an A64FPOp */
    F3_FMLA, F3_FMLS,
    F3_CMEQ, F3_CMGE, F3_CMGT, F3_ACGE, F3_ACGT,
    F3_PAIR,        /* op->cond: an A64FPOp applied pairwise */
};

static uint64_t fpv_ones(unsigned size)
{
    return size == 3 ? ~0ull : 0xffffffffull;
}

static uint64_t fpv_abs(uint64_t v, unsigned size)
{
    return v & ~(1ull << ((8u << size) - 1));
}

static uint64_t fpv_neg(uint64_t v, unsigned size)
{
    return v ^ (1ull << ((8u << size) - 1));
}

static void fpv_write(ARMCPU *cpu, unsigned rd, const uint64_t *r)
{
    V(rd)[0] = r[0];
    V(rd)[1] = r[1];
}

static uint64_t f3_lane(ARMCPU *cpu, const A64Op *op, uint64_t a, uint64_t b,
                        uint64_t d)
{
    unsigned size = op->shift;

    switch (op->sub) {
    case F3_ARITH:
        return a64_fp_binop(cpu, op->cond, size, a, b);
    case F3_FMLA:
        return a64_fp_muladd(cpu, size, d, a, b);
    case F3_FMLS:
        return a64_fp_muladd(cpu, size, d, fpv_neg(a, size), b);
    case F3_CMEQ:
        return a64_fp_cmp_op(cpu, size, a, b, 0) ? fpv_ones(size) : 0;
    case F3_CMGE:
        return a64_fp_cmp_op(cpu, size, a, b, 1) ? fpv_ones(size) : 0;
    case F3_CMGT:
        return a64_fp_cmp_op(cpu, size, a, b, 2) ? fpv_ones(size) : 0;
    case F3_ACGE:
        return a64_fp_cmp_op(cpu, size, fpv_abs(a, size), fpv_abs(b, size),
                             1) ? fpv_ones(size) : 0;
    default:
        return a64_fp_cmp_op(cpu, size, fpv_abs(a, size), fpv_abs(b, size),
                             2) ? fpv_ones(size) : 0;
    }
}

static const A64Op *a64_op_f3same(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm), *d = V(op->rd);
    unsigned lanes = op->imm2, size = op->shift;
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < lanes; i++) {
        uint64_t a, b;

        if (op->sub == F3_PAIR) {
            const uint64_t *src = i < lanes / 2 ? n : m;
            unsigned j = (i % (lanes / 2)) * 2;

            a = a64_lane_get(src, j, size);
            b = a64_lane_get(src, j + 1, size);
            a64_lane_set(r, i, size, a64_fp_binop(cpu, op->cond, size, a, b));
            continue;
        }
        a = a64_lane_get(n, i, size);
        b = a64_lane_get(m, i, size);
        a64_lane_set(r, i, size,
                     f3_lane(cpu, op, a, b, a64_lane_get(d, i, size)));
    }
    fpv_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

/*
 * FADD/FSUB/FMUL/FDIV/FMLA/FMLS on 2S, 4S and 2D get a handler each, with
 * the short path of a64-fpu.h inlined per lane.  If a lane's result is
 * not one the short path may keep, the whole instruction is redone by
 * a64_op_f3same (the lanes already done raised the same host flags as
 * they will there, so FPSR comes out the same).
 */
enum { F3K_FMLA = A64_FDIV + 1, F3K_FMLS };

static QEMU_ALWAYS_INLINE uint64_t
f3_fast_lane(unsigned kind, unsigned size, uint64_t a, uint64_t b, uint64_t d)
{
    if (kind == F3K_FMLA) {
        return a64_fpu_fma(size, d, a, b);
    }
    if (kind == F3K_FMLS) {
        return a64_fpu_fma(size, d, fpv_neg(a, size), b);
    }
    return a64_fpu_arith(kind, size, a, b);
}

static QEMU_ALWAYS_INLINE const A64Op *
f3_fast(ARMCPU *cpu, const A64Op *op, unsigned kind, unsigned size,
        unsigned lanes)
{
    const uint64_t *n = V(op->rn), *m = V(op->rm), *d = V(op->rd);
    uint64_t r[2] = { 0, 0 };
    bool ok = a64_fpu_fast(cpu);

    for (unsigned i = 0; i < lanes && ok; i++) {
        uint64_t x = f3_fast_lane(kind, size, a64_lane_get(n, i, size),
                                  a64_lane_get(m, i, size),
                                  a64_lane_get(d, i, size));

        ok = a64_fpu_result_ok(x, size, kind <= A64_FSUB);
        a64_lane_set(r, i, size, x);
    }
    if (unlikely(!ok)) {
        return a64_op_f3same(cpu, op);
    }
    a64_fpu_fast_flags(cpu, r[0] ^ r[1]);
    fpv_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

#define F3_FAST_HANDLERS(name, kind)                                      \
    static const A64Op *a64_op_##name##_2s(ARMCPU *cpu, const A64Op *op) \
    {                                                                     \
        return f3_fast(cpu, op, kind, 2, 2);                              \
    }                                                                     \
    static const A64Op *a64_op_##name##_4s(ARMCPU *cpu, const A64Op *op) \
    {                                                                     \
        return f3_fast(cpu, op, kind, 2, 4);                              \
    }                                                                     \
    static const A64Op *a64_op_##name##_2d(ARMCPU *cpu, const A64Op *op) \
    {                                                                     \
        return f3_fast(cpu, op, kind, 3, 2);                              \
    }

F3_FAST_HANDLERS(vfadd, A64_FADD)
F3_FAST_HANDLERS(vfsub, A64_FSUB)
F3_FAST_HANDLERS(vfmul, A64_FMUL)
F3_FAST_HANDLERS(vfdiv, A64_FDIV)
F3_FAST_HANDLERS(vfmla, F3K_FMLA)
F3_FAST_HANDLERS(vfmls, F3K_FMLS)

/* FMLA/FMLS again with host FMA3 (a64-fpu.h). */
#define F3_FMA_HANDLER(name, kind, size, lanes)                           \
    static A64_FPU_TARGET_FMA const A64Op *                               \
    a64_op_##name(ARMCPU *cpu, const A64Op *op)                           \
    {                                                                     \
        return f3_fast(cpu, op, kind, size, lanes);                       \
    }

F3_FMA_HANDLER(vfmla_2s_fma, F3K_FMLA, 2, 2)
F3_FMA_HANDLER(vfmla_4s_fma, F3K_FMLA, 2, 4)
F3_FMA_HANDLER(vfmla_2d_fma, F3K_FMLA, 3, 2)
F3_FMA_HANDLER(vfmls_2s_fma, F3K_FMLS, 2, 2)
F3_FMA_HANDLER(vfmls_4s_fma, F3K_FMLS, 2, 4)
F3_FMA_HANDLER(vfmls_2d_fma, F3K_FMLS, 3, 2)

/* The specialised handler of a vector three-same record, or NULL. */
static A64Handler *f3_fast_handler(const A64Op *op)
{
    static A64Handler *const tab[8][3] = {
        { a64_op_vfadd_2s, a64_op_vfadd_4s, a64_op_vfadd_2d },
        { a64_op_vfsub_2s, a64_op_vfsub_4s, a64_op_vfsub_2d },
        { a64_op_vfmul_2s, a64_op_vfmul_4s, a64_op_vfmul_2d },
        { a64_op_vfdiv_2s, a64_op_vfdiv_4s, a64_op_vfdiv_2d },
        { a64_op_vfmla_2s, a64_op_vfmla_4s, a64_op_vfmla_2d },
        { a64_op_vfmls_2s, a64_op_vfmls_4s, a64_op_vfmls_2d },
        { a64_op_vfmla_2s_fma, a64_op_vfmla_4s_fma, a64_op_vfmla_2d_fma },
        { a64_op_vfmls_2s_fma, a64_op_vfmls_4s_fma, a64_op_vfmls_2d_fma },
    };
    unsigned kind, shape = op->shift == 3 ? 2 : op->sf;

    if (op->sub == F3_ARITH && op->cond <= A64_FDIV) {
        kind = op->cond;
    } else if (op->sub == F3_FMLA || op->sub == F3_FMLS) {
        kind = op->sub == F3_FMLA ? F3K_FMLA : F3K_FMLS;
        kind += a64_fpu_host_fma() ? 2 : 0;
    } else {
        return NULL;
    }
    return tab[kind][shape];
}

/* Three-same FP: key = U:a:opcode<2:0> (opcode<4:3> == 11). */
static bool f3_decode(A64Op *op, unsigned key)
{
    static const struct {
        uint8_t key, sub, fpop;
    } tab[] = {
        { 0x00, F3_ARITH, A64_FMAXNM }, { 0x01, F3_FMLA, 0 },
        { 0x02, F3_ARITH, A64_FADD }, { 0x03, F3_ARITH, A64_FMULX },
        { 0x04, F3_CMEQ, 0 }, { 0x06, F3_ARITH, A64_FMAX },
        { 0x07, F3_ARITH, A64_FRECPS },
        { 0x08, F3_ARITH, A64_FMINNM }, { 0x09, F3_FMLS, 0 },
        { 0x0a, F3_ARITH, A64_FSUB }, { 0x0e, F3_ARITH, A64_FMIN },
        { 0x0f, F3_ARITH, A64_FRSQRTS },
        { 0x10, F3_PAIR, A64_FMAXNM }, { 0x12, F3_PAIR, A64_FADD },
        { 0x13, F3_ARITH, A64_FMUL }, { 0x14, F3_CMGE, 0 },
        { 0x15, F3_ACGE, 0 }, { 0x16, F3_PAIR, A64_FMAX },
        { 0x17, F3_ARITH, A64_FDIV },
        { 0x18, F3_PAIR, A64_FMINNM }, { 0x1a, F3_ARITH, A64_FABD },
        { 0x1c, F3_CMGT, 0 }, { 0x1d, F3_ACGT, 0 },
        { 0x1e, F3_PAIR, A64_FMIN },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(tab); i++) {
        if (tab[i].key == key) {
            op->sub = tab[i].sub;
            op->cond = tab[i].fpop;
            return true;
        }
    }
    return false;
}

static void fpv_regs(A64Op *op, uint32_t insn)
{
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
}

/* Lane count for Q (vector) or 1 (scalar); false for 1D vectors. */
static bool fpv_lanes(A64Op *op, uint32_t insn, bool scalar)
{
    op->shift = 2 + a64_field(insn, 22, 1);
    op->sf = a64_field(insn, 30, 1);
    op->imm2 = scalar ? 1 : (op->sf ? 16 : 8) >> op->shift;
    return scalar || !(op->shift == 3 && !op->sf);
}

bool a64_trans_simd_3same_fp(A64DisasContext *s, uint32_t insn, bool scalar)
{
    A64Op *op = s->op;
    unsigned key = (a64_field(insn, 29, 1) << 4) |
                   (a64_field(insn, 23, 1) << 3) | a64_field(insn, 11, 3);

    if (!f3_decode(op, key) || !fpv_lanes(op, insn, scalar)) {
        return false;
    }
    if (scalar && (op->sub == F3_PAIR || op->sub == F3_FMLA ||
                   op->sub == F3_FMLS || (op->sub == F3_ARITH &&
                   op->cond != A64_FMULX && op->cond != A64_FRECPS &&
                   op->cond != A64_FRSQRTS && op->cond != A64_FABD))) {
        return false;
    }
    fpv_regs(op, insn);
    op->fn = a64_op_f3same;
    if (!scalar && f3_fast_handler(op)) {
        op->fn = f3_fast_handler(op);
    }
    return true;
}

/* ---- two-register misc ---- */

enum {
    F2_ABS, F2_NEG, F2_SQRT, F2_RINT, F2_TOINT_S, F2_TOINT_U, F2_SCVTF,
    F2_UCVTF, F2_CMGT0, F2_CMEQ0, F2_CMLT0, F2_CMGE0, F2_CMLE0,
    F2_RECPE, F2_RSQRTE, F2_URECPE, F2_URSQRTE, F2_RECPX,
};

static uint64_t f2_cmp0(ARMCPU *cpu, unsigned sub, unsigned size,
                        uint64_t a)
{
    bool r;

    switch (sub) {
    case F2_CMGT0:
        r = a64_fp_cmp_op(cpu, size, a, 0, 2);
        break;
    case F2_CMEQ0:
        r = a64_fp_cmp_op(cpu, size, a, 0, 0);
        break;
    case F2_CMLT0:
        r = a64_fp_cmp_op(cpu, size, 0, a, 2);
        break;
    case F2_CMGE0:
        r = a64_fp_cmp_op(cpu, size, a, 0, 1);
        break;
    default:
        r = a64_fp_cmp_op(cpu, size, 0, a, 1);
        break;
    }
    return r ? fpv_ones(size) : 0;
}

/* FCVT*S/FCVT*U of a lane: toward zero in integer arithmetic if it can. */
static uint64_t f2_to_int(ARMCPU *cpu, const A64Op *op, uint64_t a)
{
    unsigned size = op->shift;
    int rmode = (int8_t)op->cond;
    bool is_signed = op->sub == F2_TOINT_S;
    uint64_t r;

    if (rmode == A64_RM_ZERO &&
        a64_fpu_to_int_z(cpu, size, a, is_signed, size == 3, op->imm, &r)) {
        return r;
    }
    return a64_fp_to_int(cpu, size, a, rmode, is_signed, size == 3, op->imm);
}

static uint64_t f2_lane(ARMCPU *cpu, const A64Op *op, uint64_t a)
{
    unsigned size = op->shift;
    int rmode = (int8_t)op->cond;

    switch (op->sub) {
    case F2_ABS:
        return fpv_abs(a, size);
    case F2_NEG:
        return fpv_neg(a, size);
    case F2_SQRT:
        return a64_fpu_sqrt(cpu, size, a);
    case F2_RINT:
        return a64_fp_rint(cpu, size, a, rmode, op->imm);
    case F2_TOINT_S:
    case F2_TOINT_U:
        return f2_to_int(cpu, op, a);
    case F2_SCVTF:
    case F2_UCVTF:
        if (op->imm == 0) {
            return a64_fpu_from_int_inline(cpu, size, a,
                                           op->sub == F2_SCVTF, 8u << size);
        }
        return a64_fp_from_int(cpu, size, a, op->sub == F2_SCVTF,
                               8u << size, op->imm);
    case F2_RECPE:
        return a64_fp_recpe(cpu, size, a);
    case F2_RSQRTE:
        return a64_fp_rsqrte(cpu, size, a);
    case F2_URECPE:
        return a64_fp_urecpe(a);
    case F2_URSQRTE:
        return a64_fp_ursqrte(a);
    case F2_RECPX:
        return a64_fp_recpx(cpu, size, a);
    default:
        return f2_cmp0(cpu, op->sub, size, a);
    }
}

static const A64Op *a64_op_f2misc(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < op->imm2; i++) {
        a64_lane_set(r, i, op->shift,
                     f2_lane(cpu, op, a64_lane_get(n, i, op->shift)));
    }
    fpv_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

/*
 * FCVTN/FCVTXN (narrow into the low or, for "2", the high half) and
 * FCVTL (widen the low or high half).  op->shift: the wide size.
 */
static const A64Op *a64_op_fcvt_nl(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    unsigned wide = op->shift, lanes = 8u >> wide;  /* per 64 bits */
    uint64_t r[2] = { V(op->rd)[0], V(op->rd)[1] };
    unsigned half = op->sf;

    if (op->sub == 0) {         /* narrow: lanes of n into half of d */
        uint64_t out = 0;

        for (unsigned i = 0; i < (op->ra ? 1 : 2 * lanes); i++) {
            uint64_t x = a64_fp_convert(cpu, wide, wide - 1,
                                        a64_lane_get(n, i, wide),
                                        op->imm);
            a64_lane_set(&out, i, wide - 1, x);
        }
        r[half] = out;
        if (!half) {
            r[1] = 0;
        }
    } else {                    /* widen half of n */
        uint64_t src = n[half];

        for (unsigned i = 0; i < 2 * lanes; i++) {
            a64_lane_set(r, i, wide,
                         a64_fp_convert(cpu, wide - 1, wide,
                                        a64_lane_get(&src, i, wide - 1),
                                        false));
        }
    }
    fpv_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

static bool f2_decode_narrow(A64Op *op, uint32_t insn, unsigned key,
                             bool scalar)
{
    bool sz = a64_field(insn, 22, 1);

    if (key == 0x36 && !sz) {
        return false;               /* FCVTXN is double to single only */
    }
    if (scalar && key != 0x36) {
        return false;
    }
    op->sub = key == 0x17 ? 1 : 0;
    op->imm = key == 0x36;          /* round to odd */
    op->shift = 2 + sz;             /* wide: single (from half) or double */
    op->sf = scalar ? 0 : a64_field(insn, 30, 1);
    op->ra = scalar;
    fpv_regs(op, insn);
    op->fn = a64_op_fcvt_nl;
    return true;
}

/* key = U:a:opcode. */
static bool f2_decode(A64Op *op, unsigned key)
{
    static const struct {
        uint8_t key, sub;
        int8_t rmode;
    } tab[] = {
        { 0x18, F2_RINT, A64_RM_TIEEVEN }, { 0x19, F2_RINT, A64_RM_NEGINF },
        { 0x1a, F2_TOINT_S, A64_RM_TIEEVEN },
        { 0x1b, F2_TOINT_S, A64_RM_NEGINF },
        { 0x1c, F2_TOINT_S, A64_RM_TIEAWAY }, { 0x1d, F2_SCVTF, 0 },
        { 0x2c, F2_CMGT0, 0 }, { 0x2d, F2_CMEQ0, 0 }, { 0x2e, F2_CMLT0, 0 },
        { 0x2f, F2_ABS, 0 }, { 0x38, F2_RINT, A64_RM_POSINF },
        { 0x39, F2_RINT, A64_RM_ZERO }, { 0x3a, F2_TOINT_S, A64_RM_POSINF },
        { 0x3b, F2_TOINT_S, A64_RM_ZERO }, { 0x3d, F2_RECPE, 0 },
        { 0x3c, F2_URECPE, 0 }, { 0x3f, F2_RECPX, 0 },
        { 0x7c, F2_URSQRTE, 0 },
        { 0x58, F2_RINT, A64_RM_TIEAWAY }, { 0x59, F2_RINT, A64_RM_FPCR },
        { 0x5a, F2_TOINT_U, A64_RM_TIEEVEN },
        { 0x5b, F2_TOINT_U, A64_RM_NEGINF },
        { 0x5c, F2_TOINT_U, A64_RM_TIEAWAY }, { 0x5d, F2_UCVTF, 0 },
        { 0x6c, F2_CMGE0, 0 }, { 0x6d, F2_CMLE0, 0 }, { 0x6f, F2_NEG, 0 },
        { 0x79, F2_RINT, A64_RM_FPCR }, { 0x7a, F2_TOINT_U, A64_RM_POSINF },
        { 0x7b, F2_TOINT_U, A64_RM_ZERO }, { 0x7d, F2_RSQRTE, 0 },
        { 0x7f, F2_SQRT, 0 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(tab); i++) {
        if (tab[i].key == key) {
            op->sub = tab[i].sub;
            op->cond = (uint8_t)tab[i].rmode;
            op->imm = key == 0x59;      /* FRINTX */
            return true;
        }
    }
    return false;
}

bool a64_trans_simd_2misc_fp(A64DisasContext *s, uint32_t insn, bool scalar)
{
    A64Op *op = s->op;
    unsigned opcode = a64_field(insn, 12, 5);
    unsigned key = (a64_field(insn, 29, 1) << 6) |
                   (a64_field(insn, 23, 1) << 5) | opcode;

    if (key == 0x16 || key == 0x17 || key == 0x56) {
        return f2_decode_narrow(op, insn, key == 0x56 ? 0x36 : key, scalar);
    }
    if (!f2_decode(op, key) || !fpv_lanes(op, insn, scalar)) {
        return false;
    }
    if (scalar && (op->sub == F2_ABS || op->sub == F2_NEG ||
                   op->sub == F2_SQRT || op->sub == F2_RINT ||
                   op->sub == F2_URECPE || op->sub == F2_URSQRTE)) {
        return false;
    }
    if ((op->sub == F2_RECPX && !scalar) ||
        ((op->sub == F2_URECPE || op->sub == F2_URSQRTE) && op->shift != 2)) {
        return false;
    }
    fpv_regs(op, insn);
    op->fn = a64_op_f2misc;
    return true;
}

/* ---- across lanes: FMAXNMV, FMAXV, FMINNMV, FMINV (4S only) ---- */

static const A64Op *a64_op_facross(ARMCPU *cpu, const A64Op *op)
{
    const uint64_t *n = V(op->rn);
    uint64_t lo, hi;

    /* Arm reduces pairwise: op(op(e0, e1), op(e2, e3)). */
    lo = a64_fp_binop(cpu, op->cond, 2, a64_lane_get(n, 0, 2),
                      a64_lane_get(n, 1, 2));
    hi = a64_fp_binop(cpu, op->cond, 2, a64_lane_get(n, 2, 2),
                      a64_lane_get(n, 3, 2));
    V(op->rd)[0] = a64_fp_binop(cpu, op->cond, 2, lo, hi);
    V(op->rd)[1] = 0;
    return a64_next(cpu, op);
}

bool a64_trans_simd_across_fp(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opcode = a64_field(insn, 12, 5);
    bool min = a64_field(insn, 23, 1);

    if (!a64_field(insn, 29, 1) || !a64_field(insn, 30, 1) ||
        a64_field(insn, 22, 1) || (opcode != 0x0c && opcode != 0x0f)) {
        return false;
    }
    if (opcode == 0x0c) {
        op->cond = min ? A64_FMINNM : A64_FMAXNM;
    } else {
        op->cond = min ? A64_FMIN : A64_FMAX;
    }
    fpv_regs(op, insn);
    op->fn = a64_op_facross;
    return true;
}

/* ---- by element: FMLA, FMLS, FMUL, FMULX ---- */

static const A64Op *a64_op_felem(ARMCPU *cpu, const A64Op *op)
{
    unsigned size = op->shift;
    uint64_t m = a64_lane_get(V(op->rm), op->imm, size);
    const uint64_t *n = V(op->rn), *d = V(op->rd);
    uint64_t r[2] = { 0, 0 };

    for (unsigned i = 0; i < op->imm2; i++) {
        uint64_t a = a64_lane_get(n, i, size), x;

        switch (op->sub) {
        case 0:
            x = a64_fp_muladd(cpu, size, a64_lane_get(d, i, size), a, m);
            break;
        case 1:
            x = a64_fp_muladd(cpu, size, a64_lane_get(d, i, size),
                              fpv_neg(a, size), m);
            break;
        case 2:
            x = a64_fp_binop(cpu, A64_FMUL, size, a, m);
            break;
        default:
            x = a64_fp_binop(cpu, A64_FMULX, size, a, m);
            break;
        }
        a64_lane_set(r, i, size, x);
    }
    fpv_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

/* FMLA/FMLS/FMUL by element on 2S, 4S, 2D: as f3_fast, one m lane. */
static QEMU_ALWAYS_INLINE const A64Op *
felem_fast(ARMCPU *cpu, const A64Op *op, unsigned kind, unsigned size,
           unsigned lanes)
{
    uint64_t m = a64_lane_get(V(op->rm), op->imm, size);
    const uint64_t *n = V(op->rn), *d = V(op->rd);
    uint64_t r[2] = { 0, 0 };
    bool ok = a64_fpu_fast(cpu);

    for (unsigned i = 0; i < lanes && ok; i++) {
        uint64_t x = f3_fast_lane(kind, size, a64_lane_get(n, i, size), m,
                                  a64_lane_get(d, i, size));

        ok = a64_fpu_result_ok(x, size, false);
        a64_lane_set(r, i, size, x);
    }
    if (unlikely(!ok)) {
        return a64_op_felem(cpu, op);
    }
    a64_fpu_fast_flags(cpu, r[0] ^ r[1]);
    fpv_write(cpu, op->rd, r);
    return a64_next(cpu, op);
}

#define FELEM_FAST_HANDLERS(name, kind)                                   \
    static const A64Op *a64_op_##name##_2s(ARMCPU *cpu, const A64Op *op) \
    {                                                                     \
        return felem_fast(cpu, op, kind, 2, 2);                           \
    }                                                                     \
    static const A64Op *a64_op_##name##_4s(ARMCPU *cpu, const A64Op *op) \
    {                                                                     \
        return felem_fast(cpu, op, kind, 2, 4);                           \
    }                                                                     \
    static const A64Op *a64_op_##name##_2d(ARMCPU *cpu, const A64Op *op) \
    {                                                                     \
        return felem_fast(cpu, op, kind, 3, 2);                           \
    }

FELEM_FAST_HANDLERS(vfmla_elem, F3K_FMLA)
FELEM_FAST_HANDLERS(vfmls_elem, F3K_FMLS)
FELEM_FAST_HANDLERS(vfmul_elem, A64_FMUL)

#define FELEM_FMA_HANDLER(name, kind, size, lanes)                        \
    static A64_FPU_TARGET_FMA const A64Op *                               \
    a64_op_##name(ARMCPU *cpu, const A64Op *op)                           \
    {                                                                     \
        return felem_fast(cpu, op, kind, size, lanes);                    \
    }

FELEM_FMA_HANDLER(vfmla_elem_2s_fma, F3K_FMLA, 2, 2)
FELEM_FMA_HANDLER(vfmla_elem_4s_fma, F3K_FMLA, 2, 4)
FELEM_FMA_HANDLER(vfmla_elem_2d_fma, F3K_FMLA, 3, 2)
FELEM_FMA_HANDLER(vfmls_elem_2s_fma, F3K_FMLS, 2, 2)
FELEM_FMA_HANDLER(vfmls_elem_4s_fma, F3K_FMLS, 2, 4)
FELEM_FMA_HANDLER(vfmls_elem_2d_fma, F3K_FMLS, 3, 2)

/* op->sub 0 FMLA, 1 FMLS, 2 FMUL; vector forms only. */
static A64Handler *felem_fast_handler(const A64Op *op)
{
    static A64Handler *const tab[5][3] = {
        { a64_op_vfmla_elem_2s, a64_op_vfmla_elem_4s, a64_op_vfmla_elem_2d },
        { a64_op_vfmls_elem_2s, a64_op_vfmls_elem_4s, a64_op_vfmls_elem_2d },
        { a64_op_vfmul_elem_2s, a64_op_vfmul_elem_4s, a64_op_vfmul_elem_2d },
        { a64_op_vfmla_elem_2s_fma, a64_op_vfmla_elem_4s_fma,
          a64_op_vfmla_elem_2d_fma },
        { a64_op_vfmls_elem_2s_fma, a64_op_vfmls_elem_4s_fma,
          a64_op_vfmls_elem_2d_fma },
    };
    unsigned row = op->sub;

    if (op->sub > 2 || op->imm2 == 1) {
        return NULL;
    }
    if (op->sub < 2 && a64_fpu_host_fma()) {
        row += 3;
    }
    return tab[row][op->shift == 3 ? 2 : op->sf];
}

bool a64_trans_simd_elem_fp(A64DisasContext *s, uint32_t insn, bool scalar)
{
    A64Op *op = s->op;
    unsigned opcode = a64_field(insn, 12, 4), u = a64_field(insn, 29, 1);
    unsigned h = a64_field(insn, 11, 1), l = a64_field(insn, 21, 1);

    if (a64_field(insn, 23, 1) == 0) {
        return false;           /* half precision (v8.2) or integer */
    }
    if (opcode == 1 && !u) {
        op->sub = 0;
    } else if (opcode == 5 && !u) {
        op->sub = 1;
    } else if (opcode == 9) {
        op->sub = u ? 3 : 2;
    } else {
        return false;
    }
    if (!fpv_lanes(op, insn, scalar)) {
        return false;
    }
    if (op->shift == 3) {
        if (l) {
            return false;
        }
        op->imm = h;
    } else {
        op->imm = (h << 1) | l;
    }
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);    /* M:Rm, all five bits */
    op->fn = felem_fast_handler(op) ?: a64_op_felem;
    return true;
}

/* ---- decode rows: by element and the scalar forms (FP only so far) ---- */

static bool fpv_elem_is_fp(uint32_t insn)
{
    unsigned opc = a64_field(insn, 12, 4);

    return opc == 1 || opc == 5 || opc == 9;
}

bool trans_SIMD_ELEM(A64DisasContext *s, uint32_t insn)
{
    if (a64_field(insn, 12, 4) == 0xe) {
        return a64_trans_simd_dot_elem(s, insn);
    }
    if (fpv_elem_is_fp(insn)) {
        return a64_trans_simd_elem_fp(s, insn, false);
    }
    return a64_trans_simd_elem_int(s, insn, false);
}

bool trans_SCALAR_ELEM(A64DisasContext *s, uint32_t insn)
{
    if (fpv_elem_is_fp(insn)) {
        return a64_trans_simd_elem_fp(s, insn, true);
    }
    return a64_trans_simd_elem_int(s, insn, true);
}

bool trans_SCALAR_3SAME(A64DisasContext *s, uint32_t insn)
{
    if (a64_field(insn, 11, 5) < 0x18) {
        return a64_trans_simd_3same_int(s, insn, true);
    }
    return a64_trans_simd_3same_fp(s, insn, true);
}

bool trans_SCALAR_2MISC(A64DisasContext *s, uint32_t insn)
{
    unsigned opcode = a64_field(insn, 12, 5);

    if (opcode < 0x16 && (opcode < 0x0c || opcode > 0x0f)) {
        return a64_trans_simd_2misc_int(s, insn, true);
    }
    return a64_trans_simd_2misc_fp(s, insn, true);
}
