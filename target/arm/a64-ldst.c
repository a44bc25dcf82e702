/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 loads and stores: single registers in every addressing mode,
 * literal, pairs, exclusives (single-threaded semantics) and
 * load-acquire/store-release.  Integer and SIMD&FP register forms.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"

#define X(r) (cpu->env.xregs[(r)])

/* op->sub: what the access does. */
enum {
    LS_STORE,
    LS_LOAD,        /* zero-extend */
    LS_LOAD_SX64,   /* sign-extend to 64 bits */
    LS_LOAD_SX32,   /* sign-extend to 32 bits */
    LS_VSTORE,
    LS_VLOAD,
    LS_PRFM,
};

/* op->cond for immediate forms: addressing mode. */
enum {
    AM_OFFSET,
    AM_POST,
    AM_PRE,
};

static void a64_vload(ARMCPU *cpu, unsigned v, uint64_t addr, unsigned size)
{
    uint64_t *reg = cpu->env.vregs[v];

    if (size == 4) {
        reg[0] = a64_load(cpu, addr, 3);
        reg[1] = a64_load(cpu, addr + 8, 3);
    } else {
        reg[0] = a64_load(cpu, addr, size);
        reg[1] = 0;
    }
}

static void a64_vstore(ARMCPU *cpu, unsigned v, uint64_t addr, unsigned size)
{
    uint64_t *reg = cpu->env.vregs[v];

    if (size == 4) {
        a64_store(cpu, addr, 3, reg[0]);
        a64_store(cpu, addr + 8, 3, reg[1]);
    } else {
        a64_store(cpu, addr, size, reg[0]);
    }
}

static inline void a64_access(ARMCPU *cpu, unsigned kind, unsigned rt,
                              uint64_t addr, unsigned size)
{
    uint64_t v;

    switch (kind) {
    case LS_STORE:
        a64_store(cpu, addr, size, X(rt));
        break;
    case LS_LOAD:
        X(rt) = a64_load(cpu, addr, size);
        break;
    case LS_LOAD_SX64:
    case LS_LOAD_SX32:
        v = a64_load(cpu, addr, size);
        v = (uint64_t)((int64_t)(v << (64 - (8 << size))) >>
                       (64 - (8 << size)));
        X(rt) = kind == LS_LOAD_SX32 ? (uint32_t)v : v;
        break;
    case LS_VSTORE:
        a64_vstore(cpu, rt, addr, size);
        break;
    case LS_VLOAD:
        a64_vload(cpu, rt, addr, size);
        break;
    default:
        break;      /* PRFM */
    }
}

static const A64Op *a64_op_ldst_imm(ARMCPU *cpu, const A64Op *op)
{
    uint64_t base = X(op->rn);
    uint64_t addr = op->cond == AM_POST ? base : base + op->imm;

    a64_access(cpu, op->sub, op->rd, addr, op->shift);
    if (op->cond != AM_OFFSET) {
        X(op->rn) = base + op->imm;
    }
    return a64_next(cpu, op);
}

/* The two hottest forms: LDR/STR Xt, [Xn, #uimm]. */
static const A64Op *a64_op_ldr64(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_load(cpu, X(op->rn) + op->imm, 3);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_str64(ARMCPU *cpu, const A64Op *op)
{
    a64_store(cpu, X(op->rn) + op->imm, 3, X(op->rd));
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

    a64_access(cpu, op->sub, op->rd, X(op->rn) + off, op->shift);
    return a64_next(cpu, op);
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
    if (op->shift == 3 && op->sub == LS_LOAD) {
        op->fn = a64_op_ldr64;
    } else if (op->shift == 3 && op->sub == LS_STORE) {
        op->fn = a64_op_str64;
    }
    return true;
}

bool trans_LDST_IMM9(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned mode = a64_field(insn, 10, 2);

    if (mode == 2) {
        mode = 0;       /* LDTR/STTR: unprivileged = normal at EL0 */
    }
    if (!a64_ldst_kind(op, insn, mode == 0)) {
        return false;
    }
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->imm = (uint64_t)a64_sfield(insn, 12, 9);
    op->cond = mode == 0 ? AM_OFFSET : mode == 1 ? AM_POST : AM_PRE;
    op->fn = a64_op_ldst_imm;
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
    return true;
}

static const A64Op *a64_op_ldr_lit(ARMCPU *cpu, const A64Op *op)
{
    a64_access(cpu, op->sub, op->rd, op->imm, op->shift);
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
    a64_access(cpu, op->sub, op->rd, addr, op->shift);
    a64_access(cpu, op->sub, op->ra, addr + bytes, op->shift);
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
    uint64_t v1 = a64_load(cpu, addr, 3), v2 = a64_load(cpu, addr + 8, 3);

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

    a64_store(cpu, addr, 3, X(op->rd));
    a64_store(cpu, addr + 8, 3, X(op->ra));
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

    if (opc == 3 || (!vec && opc == 1 && !load)) {
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

static const A64Op *a64_op_ldxr(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn);
    uint64_t v = a64_load(cpu, addr, op->shift);

    cpu->env.excl_addr = addr;
    cpu->env.excl_val = v;
    cpu->env.excl_size = op->shift + 1;
    X(op->rd) = v;
    return a64_next(cpu, op);
}

static const A64Op *a64_op_stxr(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn);
    bool ok = cpu->env.excl_size == op->shift + 1 &&
              cpu->env.excl_addr == addr &&
              a64_load(cpu, addr, op->shift) == cpu->env.excl_val;

    if (ok) {
        a64_store(cpu, addr, op->shift, X(op->rd));
    }
    cpu->env.excl_size = 0;
    X(op->rm) = ok ? 0 : 1;
    return a64_next(cpu, op);
}

bool trans_LDST_EXCL(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    bool load = a64_field(insn, 22, 1);
    unsigned rt = a64_field(insn, 0, 5);

    op->shift = a64_field(insn, 30, 2);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    if (load) {
        if (a64_field(insn, 16, 5) != 31) {
            return false;
        }
        op->rd = a64_reg_wz(rt);
        op->fn = a64_op_ldxr;
    } else {
        op->rd = a64_reg_rz(rt);
        op->rm = a64_reg_wz(a64_field(insn, 16, 5));
        op->fn = a64_op_stxr;
    }
    return true;
}

bool trans_LDST_ORDER(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    bool load = a64_field(insn, 22, 1);
    unsigned rt = a64_field(insn, 0, 5);

    if (!a64_field(insn, 15, 1)) {
        return false;   /* LDLAR/STLLR (v8.1) */
    }
    op->shift = a64_field(insn, 30, 2);
    op->sub = load ? LS_LOAD : LS_STORE;
    op->rd = load ? a64_reg_wz(rt) : a64_reg_rz(rt);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->imm = 0;
    op->cond = AM_OFFSET;
    op->fn = a64_op_ldst_imm;
    return true;
}

/* LD1/ST1 (multiple structures, 1-4 consecutive registers). */
static const A64Op *a64_op_ldst_mult(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rn);
    unsigned bytes = op->sf ? 16 : 8;

    for (unsigned i = 0; i < op->cond; i++) {
        unsigned v = (op->rd + i) % 32;

        if (op->sub == LS_VLOAD) {
            cpu->env.vregs[v][0] = a64_load(cpu, addr + i * bytes, 3);
            cpu->env.vregs[v][1] = op->sf ?
                a64_load(cpu, addr + i * bytes + 8, 3) : 0;
        } else {
            a64_store(cpu, addr + i * bytes, 3, cpu->env.vregs[v][0]);
            if (op->sf) {
                a64_store(cpu, addr + i * bytes + 8, 3,
                          cpu->env.vregs[v][1]);
            }
        }
    }
    if (op->shift) {
        X(op->rn) = addr + (op->rm == A64_REG_ZR ? op->cond * bytes
                                                  : X(op->rm));
    }
    return a64_next(cpu, op);
}

bool trans_LDST_MULT(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    bool post = a64_field(insn, 23, 1);

    switch (a64_field(insn, 12, 4)) {
    case 7:
        op->cond = 1;
        break;
    case 10:
        op->cond = 2;
        break;
    case 6:
        op->cond = 3;
        break;
    case 2:
        op->cond = 4;
        break;
    default:
        return false;   /* LD2-LD4/ST2-ST4: not implemented */
    }
    if (!post && a64_field(insn, 16, 5) != 0) {
        return false;
    }
    op->sf = a64_field(insn, 30, 1);
    op->sub = a64_field(insn, 22, 1) ? LS_VLOAD : LS_VSTORE;
    op->shift = post;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_reg_sp(a64_field(insn, 5, 5));
    op->rm = a64_reg_rz(a64_field(insn, 16, 5));
    op->fn = a64_op_ldst_mult;
    return true;
}
