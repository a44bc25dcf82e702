/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 loads and stores: single registers in every addressing mode,
 * literal, pairs and load-acquire/store-release, integer and SIMD&FP
 * register forms.  Exclusives and atomics: a64-atomic.c.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"

#define X(r) (cpu->env.xregs[(r)])

static void a64_vload(ARMCPU *cpu, const A64Op *op, unsigned v,
                      uint64_t addr, unsigned size)
{
    uint64_t *reg = cpu->env.vregs[v];

    if (size == 4) {
        reg[0] = a64_load(cpu, op, addr, 3);
        reg[1] = a64_load(cpu, op, addr + 8, 3);
    } else {
        reg[0] = a64_load(cpu, op, addr, size);
        reg[1] = 0;
    }
}

static void a64_vstore(ARMCPU *cpu, const A64Op *op, unsigned v,
                       uint64_t addr, unsigned size)
{
    uint64_t *reg = cpu->env.vregs[v];

    if (size == 4) {
        a64_store(cpu, op, addr, 3, reg[0]);
        a64_store(cpu, op, addr + 8, 3, reg[1]);
    } else {
        a64_store(cpu, op, addr, size, reg[0]);
    }
}

static inline void a64_access(ARMCPU *cpu, const A64Op *op,
                              unsigned kind, unsigned rt,
                              uint64_t addr, unsigned size)
{
    uint64_t v;

    switch (kind) {
    case LS_STORE:
        a64_store(cpu, op, addr, size, X(rt));
        break;
    case LS_LOAD:
        X(rt) = a64_load(cpu, op, addr, size);
        break;
    case LS_LOAD_SX64:
    case LS_LOAD_SX32:
        v = a64_load(cpu, op, addr, size);
        v = (uint64_t)((int64_t)(v << (64 - (8 << size))) >>
                       (64 - (8 << size)));
        X(rt) = kind == LS_LOAD_SX32 ? (uint32_t)v : v;
        break;
    case LS_VSTORE:
        a64_vstore(cpu, op, rt, addr, size);
        break;
    case LS_VLOAD:
        a64_vload(cpu, op, rt, addr, size);
        break;
    default:
        break;      /* PRFM */
    }
}

static const A64Op *a64_op_ldst_imm(ARMCPU *cpu, const A64Op *op)
{
    uint64_t base = X(op->rn);
    uint64_t addr = op->cond == AM_POST ? base : base + op->imm;

    a64_access(cpu, op, op->sub, op->rd, addr, op->shift);
    if (op->cond != AM_OFFSET) {
        X(op->rn) = base + op->imm;
    }
    return a64_next(cpu, op);
}

/* The two hottest forms: LDR/STR Xt, [Xn, #uimm]. */
static const A64Op *a64_op_ldr64(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_load(cpu, op, X(op->rn) + op->imm, 3);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_str64(ARMCPU *cpu, const A64Op *op)
{
    a64_store(cpu, op, X(op->rn) + op->imm, 3, X(op->rd));
    return a64_next(cpu, op);
}

static uint64_t a64_extend_index(uint64_t v, unsigned option)
{
    switch (option) {
    case 2:
        return (uint32_t)v;
    case 6:
        return (uint64_t)(int64_t)(int32_t)v;
    default:
        return v;
    }
}

static const A64Op *a64_op_ldst_reg(ARMCPU *cpu, const A64Op *op)
{
    uint64_t off = a64_extend_index(X(op->rm), op->cond) << op->imm;

    a64_access(cpu, op, op->sub, op->rd, X(op->rn) + off, op->shift);
    return a64_next(cpu, op);
}

/*
 * Specialised integer forms, picked at decode time: plain loads
 * (zero-extending) and stores of each size, at [Xn, #imm] and at
 * [Xn, Xm, extend #amount].  The size is a constant in each handler, so
 * the access compiles to one host load or store.
 */
static inline const A64Op *a64_ld_imm(ARMCPU *cpu, const A64Op *op,
                                      unsigned size)
{
    X(op->rd) = a64_load(cpu, op, X(op->rn) + op->imm, size);
    return a64_next(cpu, op);
}

static inline const A64Op *a64_st_imm(ARMCPU *cpu, const A64Op *op,
                                      unsigned size)
{
    a64_store(cpu, op, X(op->rn) + op->imm, size, X(op->rd));
    return a64_next(cpu, op);
}

static inline uint64_t a64_reg_addr(ARMCPU *cpu, const A64Op *op)
{
    return X(op->rn) + (a64_extend_index(X(op->rm), op->cond) << op->imm);
}

static inline const A64Op *a64_ld_reg(ARMCPU *cpu, const A64Op *op,
                                      unsigned size)
{
    X(op->rd) = a64_load(cpu, op, a64_reg_addr(cpu, op), size);
    return a64_next(cpu, op);
}

static inline const A64Op *a64_st_reg(ARMCPU *cpu, const A64Op *op,
                                      unsigned size)
{
    a64_store(cpu, op, a64_reg_addr(cpu, op), size, X(op->rd));
    return a64_next(cpu, op);
}

static const A64Op *a64_op_ldb_imm(ARMCPU *cpu, const A64Op *op)
{
    return a64_ld_imm(cpu, op, 0);
}

static const A64Op *a64_op_ldh_imm(ARMCPU *cpu, const A64Op *op)
{
    return a64_ld_imm(cpu, op, 1);
}

static const A64Op *a64_op_ldw_imm(ARMCPU *cpu, const A64Op *op)
{
    return a64_ld_imm(cpu, op, 2);
}

static const A64Op *a64_op_stb_imm(ARMCPU *cpu, const A64Op *op)
{
    return a64_st_imm(cpu, op, 0);
}

static const A64Op *a64_op_sth_imm(ARMCPU *cpu, const A64Op *op)
{
    return a64_st_imm(cpu, op, 1);
}

static const A64Op *a64_op_stw_imm(ARMCPU *cpu, const A64Op *op)
{
    return a64_st_imm(cpu, op, 2);
}

static const A64Op *a64_op_ldb_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_ld_reg(cpu, op, 0);
}

static const A64Op *a64_op_ldh_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_ld_reg(cpu, op, 1);
}

static const A64Op *a64_op_ldw_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_ld_reg(cpu, op, 2);
}

static const A64Op *a64_op_ldx_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_ld_reg(cpu, op, 3);
}

static const A64Op *a64_op_stb_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_st_reg(cpu, op, 0);
}

static const A64Op *a64_op_sth_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_st_reg(cpu, op, 1);
}

static const A64Op *a64_op_stw_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_st_reg(cpu, op, 2);
}

static const A64Op *a64_op_stx_reg(ARMCPU *cpu, const A64Op *op)
{
    return a64_st_reg(cpu, op, 3);
}

/* [load?][size]; the 64-bit [Xn, #imm] forms are a64_op_ldr64/str64. */
static A64Handler *const a64_ldst_imm_fast[2][4] = {
    { a64_op_stb_imm, a64_op_sth_imm, a64_op_stw_imm, a64_op_str64 },
    { a64_op_ldb_imm, a64_op_ldh_imm, a64_op_ldw_imm, a64_op_ldr64 },
};

static A64Handler *const a64_ldst_reg_fast[2][4] = {
    { a64_op_stb_reg, a64_op_sth_reg, a64_op_stw_reg, a64_op_stx_reg },
    { a64_op_ldb_reg, a64_op_ldh_reg, a64_op_ldw_reg, a64_op_ldx_reg },
};

/* The specialised handler for @op, if it is a plain load or store. */
static void a64_ldst_pick(A64Op *op, A64Handler *const tab[2][4])
{
    if (op->sub == LS_STORE || op->sub == LS_LOAD) {
        op->fn = tab[op->sub == LS_LOAD][op->shift];
    }
}

/*
 * Common decode of size/V/opc into op->sub, op->shift (log2 bytes) and
 * op->rd.  Returns false for unallocated combinations.
 */
static bool a64_ldst_kind(A64Op *op, uint32_t insn, bool prfm_ok)
{
    unsigned size = a64_field(insn, 30, 2), opc = a64_field(insn, 22, 2);
    unsigned rt = a64_field(insn, 0, 5);

    if (a64_field(insn, 26, 1)) {
        if (opc & 2) {
            if (size) {
                return false;
            }
            size = 4;
        }
        op->sub = (opc & 1) ? LS_VLOAD : LS_VSTORE;
        op->shift = size;
        op->rd = rt;
        return true;
    }
    op->shift = size;
    switch (opc) {
    case 0:
        op->sub = LS_STORE;
        op->rd = a64_reg_rz(rt);
        return true;
    case 1:
        op->sub = LS_LOAD;
        break;
    case 2:
        if (size == 3) {
            op->sub = LS_PRFM;
            return prfm_ok;
        }
        op->sub = LS_LOAD_SX64;
        break;
    default:
        if (size >= 2) {
            return false;
        }
        op->sub = LS_LOAD_SX32;
        break;
    }
    op->rd = a64_reg_wz(rt);
    return true;
}

bool trans_LDST_UIMM(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!a64_ldst_kind(op, insn, true)) {
        return false;
    }
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->imm = (uint64_t)a64_field(insn, 10, 12) << op->shift;
    op->cond = AM_OFFSET;
    op->fn = a64_op_ldst_imm;
    a64_ldst_pick(op, a64_ldst_imm_fast);
    return true;
}

#ifdef A64_SYSTEM
/*
 * LDTR/STTR: at EL1 the access is checked with EL0's permissions (MMU
 * index 0); at EL2 and EL3 it is a plain access.  A fault leaves through
 * the exception entry, which sets the MMU index again.
 */
static const A64Op *a64_op_ldst_unpriv(ARMCPU *cpu, const A64Op *op)
{
    unsigned idx = cpu->se->mmu_idx;

    if (idx == 1) {
        cpu->se->mmu_idx = 0;
    }
    a64_access(cpu, op, op->sub, op->rd, X(op->rn) + op->imm, op->shift);
    cpu->se->mmu_idx = idx;
    return a64_next(cpu, op);
}
#endif

bool trans_LDST_IMM9(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned mode = a64_field(insn, 10, 2);

    if (mode == 2) {
        /* LDTR/STTR: unprivileged = normal at EL0; no SIMD or PRFM form */
        if (a64_field(insn, 26, 1)) {
            return false;
        }
        mode = 0;
    }
    if (!a64_ldst_kind(op, insn, a64_field(insn, 10, 2) == 0)) {
        return false;
    }
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->imm = (uint64_t)a64_sfield(insn, 12, 9);
    op->cond = mode == 0 ? AM_OFFSET : mode == 1 ? AM_POST : AM_PRE;
    op->fn = a64_op_ldst_imm;
#ifdef A64_SYSTEM
    if (a64_field(insn, 10, 2) == 2) {
        op->fn = a64_op_ldst_unpriv;
        return true;
    }
#endif
    if (op->cond == AM_OFFSET) {
        a64_ldst_pick(op, a64_ldst_imm_fast);
    }
    return true;
}

bool trans_LDST_REG(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;

    if (!a64_ldst_kind(op, insn, true)) {
        return false;
    }
    op->cond = a64_field(insn, 13, 3);
    if (!(op->cond & 2)) {
        return false;
    }
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->imm = a64_field(insn, 12, 1) ? op->shift : 0;
    op->fn = a64_op_ldst_reg;
    a64_ldst_pick(op, a64_ldst_reg_fast);
    return true;
}

static const A64Op *a64_op_ldr_lit(ARMCPU *cpu, const A64Op *op)
{
    a64_access(cpu, op, op->sub, op->rd, op->imm, op->shift);
    return a64_next(cpu, op);
}

bool trans_LDR_LIT(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 30, 2), rt = a64_field(insn, 0, 5);

    op->imm = s->pc + a64_sfield_shl(insn, 5, 19, 2);
    if (a64_field(insn, 26, 1)) {
        if (opc == 3) {
            return false;
        }
        op->sub = LS_VLOAD;
        op->shift = opc + 2;
        op->rd = rt;
    } else {
        op->sub = opc == 2 ? LS_LOAD_SX64 : opc == 3 ? LS_PRFM : LS_LOAD;
        op->shift = opc == 1 ? 3 : 2;
        op->rd = a64_reg_wz(rt);
    }
    op->fn = a64_op_ldr_lit;
    return true;
}

static const A64Op *a64_op_ldst_pair(ARMCPU *cpu, const A64Op *op)
{
    uint64_t base = X(op->rn);
    uint64_t addr = op->cond == AM_POST ? base : base + op->imm;
    unsigned bytes = 1u << op->shift;

    /* base was read first, so Rt == Rn cannot disturb the writeback. */
    a64_access(cpu, op, op->sub, op->rd, addr, op->shift);
    a64_access(cpu, op, op->sub, op->ra, addr + bytes, op->shift);
    if (op->cond != AM_OFFSET) {
        X(op->rn) = base + op->imm;
    }
    return a64_next(cpu, op);
}

/* LDP/STP Xt1, Xt2, [Xn, #imm] and the pre/post-index forms. */
static const A64Op *a64_op_ldp64(ARMCPU *cpu, const A64Op *op)
{
    uint64_t base = X(op->rn);
    uint64_t addr = op->cond == AM_POST ? base : base + op->imm;
    uint64_t v1 = a64_load(cpu, op, addr, 3);
    uint64_t v2 = a64_load(cpu, op, addr + 8, 3);

    if (op->cond != AM_OFFSET) {
        X(op->rn) = base + op->imm;
    }
    X(op->rd) = v1;
    X(op->ra) = v2;
    return a64_next(cpu, op);
}

static const A64Op *a64_op_stp64(ARMCPU *cpu, const A64Op *op)
{
    uint64_t base = X(op->rn);
    uint64_t addr = op->cond == AM_POST ? base : base + op->imm;

    a64_store(cpu, op, addr, 3, X(op->rd));
    a64_store(cpu, op, addr + 8, 3, X(op->ra));
    if (op->cond != AM_OFFSET) {
        X(op->rn) = base + op->imm;
    }
    return a64_next(cpu, op);
}

bool trans_LDST_PAIR(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 30, 2), mode = a64_field(insn, 23, 2);
    bool load = a64_field(insn, 22, 1), vec = a64_field(insn, 26, 1);
    unsigned rt = a64_field(insn, 0, 5), rt2 = a64_field(insn, 10, 5);

    if (opc == 3 || (!vec && opc == 1 && (!load || mode == 0))) {
        return false;
    }
    if (vec) {
        op->shift = opc + 2;
        op->sub = load ? LS_VLOAD : LS_VSTORE;
        op->rd = rt;
        op->ra = rt2;
    } else {
        op->shift = opc == 2 ? 3 : 2;
        op->sub = !load ? LS_STORE : opc == 1 ? LS_LOAD_SX64 : LS_LOAD;
        op->rd = load ? a64_reg_wz(rt) : a64_reg_rz(rt);
        op->ra = load ? a64_reg_wz(rt2) : a64_reg_rz(rt2);
    }
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->imm = (uint64_t)a64_sfield_shl(insn, 15, 7, op->shift);
    op->cond = mode == 1 ? AM_POST : mode == 3 ? AM_PRE : AM_OFFSET;
    op->fn = a64_op_ldst_pair;
    if (!vec && opc == 2) {
        op->fn = load ? a64_op_ldp64 : a64_op_stp64;
    }
    return true;
}

bool trans_LDST_ORDER(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    bool load = a64_field(insn, 22, 1);
    unsigned rt = a64_field(insn, 0, 5);

    /* LDLAR/STLLR (bit 15 clear): no LORegions, so the same as LDAR/STLR */
    op->shift = a64_field(insn, 30, 2);
    op->sub = load ? LS_LOAD : LS_STORE;
    op->rd = load ? a64_reg_wz(rt) : a64_reg_rz(rt);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->imm = 0;
    op->cond = AM_OFFSET;
    op->fn = a64_op_ldst_imm;
    return true;
}

/*
 * LD1-LD4/ST1-ST4, multiple structures: op->imm repeats of op->cond
 * interleaved registers (LD1 of 2-4 registers is 2-4 repeats of one),
 * elements of 1 << op->shift bytes, op->sf = Q.
 */
static uint64_t a64_ldst_post(ARMCPU *cpu, const A64Op *op)
{
    return op->ra == 2 ? op->imm2 : X(op->rm);
}

static const A64Op *a64_op_ldst_mult(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn), start = addr;
    unsigned esize = op->shift, selem = op->cond;
    unsigned elems = (op->sf ? 16 : 8) >> esize;
    bool load = op->sub == LS_VLOAD;

    for (unsigned r = 0; r < op->imm; r++) {
        for (unsigned e = 0; e < elems; e++) {
            for (unsigned k = 0; k < selem; k++) {
                uint64_t *v = cpu->env.vregs[(op->rd + r + k) % 32];

                if (load) {
                    a64_lane_set(v, e, esize, a64_load(cpu, op, addr, esize));
                } else {
                    a64_store(cpu, op, addr, esize, a64_lane_get(v, e, esize));
                }
                addr += 1u << esize;
            }
        }
    }
    for (unsigned i = 0; load && !op->sf && i < op->imm * selem; i++) {
        cpu->env.vregs[(op->rd + i) % 32][1] = 0;
    }
    if (op->ra) {
        X(op->rn) = start + a64_ldst_post(cpu, op);
    }
    return a64_next(cpu, op);
}

/* Post-index: op->ra 1 = by register op->rm, 2 = by op->imm2 bytes. */
static void a64_ldst_vec_post(A64Op *op, uint32_t insn, unsigned bytes)
{
    unsigned rm = a64_field(insn, 16, 5);

    op->ra = 0;
    if (a64_field(insn, 23, 1)) {
        op->ra = rm == 31 ? 2 : 1;
        op->rm = rm;
        op->imm2 = bytes;
    }
}

bool trans_LDST_MULT(A64DisasContext *s, uint32_t insn)
{
    static const int8_t rpt[16] = { 1, -1, 4, -1, 1, -1, 3, 1,
                                    1, -1, 2, -1, -1, -1, -1, -1 };
    static const int8_t sel[16] = { 4, -1, 1, -1, 3, -1, 1, 1,
                                    2, -1, 1, -1, -1, -1, -1, -1 };
    A64Op *op = s->op;
    unsigned opcode = a64_field(insn, 12, 4);

    if (rpt[opcode] < 0 || (!a64_field(insn, 23, 1) &&
                            a64_field(insn, 16, 5) != 0)) {
        return false;
    }
    op->sf = a64_field(insn, 30, 1);
    op->shift = a64_field(insn, 10, 2);
    if (op->shift == 3 && !op->sf && sel[opcode] != 1) {
        return false;
    }
    op->imm = rpt[opcode];
    op->cond = sel[opcode];
    op->sub = a64_field(insn, 22, 1) ? LS_VLOAD : LS_VSTORE;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    a64_ldst_vec_post(op, insn, (op->sf ? 16 : 8) * op->imm * op->cond);
    op->fn = a64_op_ldst_mult;
    return true;
}

/*
 * LD1-LD4/ST1-ST4 (single structure) and LD1R-LD4R: op->cond registers,
 * lane op->imm of 1 << op->shift bytes; op->sub LS_VLOAD/LS_VSTORE or
 * LS_PRFM for the replicating loads (which use op->sf = Q).
 */
static const A64Op *a64_op_ldst_single(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn), start = addr;
    unsigned esize = op->shift;

    for (unsigned k = 0; k < op->cond; k++) {
        uint64_t *v = cpu->env.vregs[(op->rd + k) % 32];

        if (op->sub == LS_VSTORE) {
            a64_store(cpu, op, addr, esize, a64_lane_get(v, op->imm, esize));
        } else if (op->sub == LS_VLOAD) {
            a64_lane_set(v, op->imm, esize, a64_load(cpu, op, addr, esize));
        } else {
            uint64_t x = a64_load(cpu, op, addr, esize);

            for (unsigned e = 0; e < 8u >> esize; e++) {
                a64_lane_set(v, e, esize, x);
            }
            v[1] = op->sf ? v[0] : 0;
        }
        addr += 1u << esize;
    }
    if (op->ra) {
        X(op->rn) = start + a64_ldst_post(cpu, op);
    }
    return a64_next(cpu, op);
}

bool trans_LDST_SINGLE(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opcode = a64_field(insn, 13, 3), size = a64_field(insn, 10, 2);
    unsigned q = a64_field(insn, 30, 1), sbit = a64_field(insn, 12, 1);
    bool load = a64_field(insn, 22, 1);

    if (!a64_field(insn, 23, 1) && a64_field(insn, 16, 5) != 0) {
        return false;
    }
    op->cond = ((opcode & 1) << 1 | a64_field(insn, 21, 1)) + 1;
    op->sub = load ? LS_VLOAD : LS_VSTORE;
    op->shift = opcode >> 1;
    switch (opcode >> 1) {
    case 0:
        op->imm = (q << 3) | (sbit << 2) | size;
        break;
    case 1:
        if (size & 1) {
            return false;
        }
        op->imm = (q << 2) | (sbit << 1) | (size >> 1);
        break;
    case 2:
        if (size & 2 || (size == 1 && sbit)) {
            return false;
        }
        op->imm = size ? q : (q << 1) | sbit;
        op->shift = size ? 3 : 2;
        break;
    default:
        if (!load || sbit) {
            return false;
        }
        op->sub = LS_PRFM;     /* replicate */
        op->shift = size;
        op->sf = q;
        break;
    }
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    a64_ldst_vec_post(op, insn, op->cond << op->shift);
    op->fn = a64_op_ldst_single;
    return true;
}

A64JitKind a64_ldst_jit_kind(A64Handler *fn)
{
    static const struct {
        A64Handler *fn;
        A64JitKind kind;
    } map[] = {
        { a64_op_ldst_imm, A64K_LDST_IMM },
        { a64_op_ldr64, A64K_LDST_IMM },
        { a64_op_str64, A64K_LDST_IMM },
        { a64_op_ldb_imm, A64K_LDST_IMM },
        { a64_op_ldh_imm, A64K_LDST_IMM },
        { a64_op_ldw_imm, A64K_LDST_IMM },
        { a64_op_stb_imm, A64K_LDST_IMM },
        { a64_op_sth_imm, A64K_LDST_IMM },
        { a64_op_stw_imm, A64K_LDST_IMM },
        { a64_op_ldst_reg, A64K_LDST_REG },
        { a64_op_ldb_reg, A64K_LDST_REG },
        { a64_op_ldh_reg, A64K_LDST_REG },
        { a64_op_ldw_reg, A64K_LDST_REG },
        { a64_op_ldx_reg, A64K_LDST_REG },
        { a64_op_stb_reg, A64K_LDST_REG },
        { a64_op_sth_reg, A64K_LDST_REG },
        { a64_op_stw_reg, A64K_LDST_REG },
        { a64_op_stx_reg, A64K_LDST_REG },
        { a64_op_ldst_pair, A64K_LDST_PAIR },
        { a64_op_ldp64, A64K_LDST_PAIR },
        { a64_op_stp64, A64K_LDST_PAIR },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        if (map[i].fn == fn) {
            return map[i].kind;
        }
    }
    return A64K_NONE;
}
