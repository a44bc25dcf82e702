/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 branches, exception generation, hints, barriers and the EL0
 * system registers (MRS/MSR, DC ZVA).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "a64-engine.h"
#include "a64-fpu.h"

#define X(r) (cpu->env.xregs[(r)])

static const A64Op *a64_op_b(ARMCPU *cpu, const A64Op *op)
{
    cpu->env.pc = op->imm;
    return a64_goto(cpu, op);
}

static const A64Op *a64_op_bl(ARMCPU *cpu, const A64Op *op)
{
    X(30) = op->pc + 4;
    cpu->env.pc = op->imm;
    return a64_goto(cpu, op);
}

static const A64Op *a64_op_bcond(ARMCPU *cpu, const A64Op *op)
{
    bool taken = a64_cond_inline(cpu->env.nzcv, op->cond);

    cpu->env.pc = taken ? op->imm : op->pc + 4;
    return a64_goto(cpu, op);
}

static const A64Op *a64_op_cbz(ARMCPU *cpu, const A64Op *op)
{
    bool zero = a64_wreg(X(op->rn), op->sf) == 0;

    cpu->env.pc = zero != op->sub ? op->imm : op->pc + 4;
    return a64_goto(cpu, op);
}

static const A64Op *a64_op_tbz(ARMCPU *cpu, const A64Op *op)
{
    bool clear = ((X(op->rn) >> op->shift) & 1) == 0;

    cpu->env.pc = clear != op->sub ? op->imm : op->pc + 4;
    return a64_goto(cpu, op);
}

static const A64Op *a64_op_br(ARMCPU *cpu, const A64Op *op)
{
    cpu->env.pc = X(op->rn);
    return op;
}

static const A64Op *a64_op_blr(ARMCPU *cpu, const A64Op *op)
{
    uint64_t target = X(op->rn);

    X(30) = op->pc + 4;
    cpu->env.pc = target;
    return op;
}

static const A64Op *a64_op_svc(ARMCPU *cpu, const A64Op *op)
{
    cpu->env.pc = op->pc + 4;
    cpu->exit_reason = A64_EXIT_SVC;
    return op;
}

const A64Op *a64_op_nop(ARMCPU *cpu, const A64Op *op)
{
    return a64_next(cpu, op);
}

static void a64_branch_end(A64DisasContext *s, A64Handler *fn)
{
    s->op->fn = fn;
    s->end_block = true;
}

bool trans_B(A64DisasContext *s, uint32_t insn)
{
    s->op->imm = s->pc + a64_sfield_shl(insn, 0, 26, 2);
    a64_branch_end(s, a64_op_b);
    return true;
}

bool trans_BL(A64DisasContext *s, uint32_t insn)
{
    s->op->imm = s->pc + a64_sfield_shl(insn, 0, 26, 2);
    a64_branch_end(s, a64_op_bl);
    return true;
}

bool trans_BCOND(A64DisasContext *s, uint32_t insn)
{
    s->op->imm = s->pc + a64_sfield_shl(insn, 5, 19, 2);
    s->op->cond = a64_field(insn, 0, 4);
    a64_branch_end(s, a64_op_bcond);
    return true;
}

bool trans_CBZ(A64DisasContext *s, uint32_t insn)
{
    s->op->imm = s->pc + a64_sfield_shl(insn, 5, 19, 2);
    s->op->sf = a64_field(insn, 31, 1);
    s->op->sub = a64_field(insn, 24, 1);
    s->op->rn = a64_reg_rz(a64_field(insn, 0, 5));
    a64_branch_end(s, a64_op_cbz);
    return true;
}

bool trans_TBZ(A64DisasContext *s, uint32_t insn)
{
    s->op->imm = s->pc + a64_sfield_shl(insn, 5, 14, 2);
    s->op->shift = (a64_field(insn, 31, 1) << 5) | a64_field(insn, 19, 5);
    s->op->sub = a64_field(insn, 24, 1);
    s->op->rn = a64_reg_rz(a64_field(insn, 0, 5));
    a64_branch_end(s, a64_op_tbz);
    return true;
}

bool trans_BR(A64DisasContext *s, uint32_t insn)
{
    s->op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    a64_branch_end(s, a64_op_br);
    return true;
}

bool trans_BLR(A64DisasContext *s, uint32_t insn)
{
    s->op->rn = a64_reg_rz(a64_field(insn, 5, 5));
    a64_branch_end(s, a64_op_blr);
    return true;
}

bool trans_RET(A64DisasContext *s, uint32_t insn)
{
    return trans_BR(s, insn);
}

bool trans_SVC(A64DisasContext *s, uint32_t insn)
{
    a64_branch_end(s, a64_op_svc);
    return true;
}

bool trans_HINT(A64DisasContext *s, uint32_t insn)
{
    /* NOP, YIELD, WFE, WFI, SEV, BTI and the PAuth hints: no effect. */
    s->op->fn = a64_op_nop;
    return true;
}

static const A64Op *a64_op_clrex(ARMCPU *cpu, const A64Op *op)
{
    cpu->env.excl_size = 0;
    return a64_next(cpu, op);
}

bool trans_BARRIER(A64DisasContext *s, uint32_t insn)
{
    unsigned op2 = a64_field(insn, 5, 3);

    /* CLREX, DSB, DMB, ISB (SB and friends are not implemented). */
    if (op2 < 2 || op2 > 6 || op2 == 3) {
        return false;
    }
    s->op->fn = op2 == 2 ? a64_op_clrex : a64_op_nop;
    return true;
}

/* The DCZID_EL0 block size: 2^4 words = 64 bytes. */
#define A64_DCZ_BYTES 64

static const A64Op *a64_op_dc_zva(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rd) & ~(uint64_t)(A64_DCZ_BYTES - 1);

    /* one translation check first: a fault leaves memory untouched */
    a64_store(cpu, op, addr, 3, 0);
    for (unsigned i = 8; i < A64_DCZ_BYTES; i += 8) {
        a64_store(cpu, op, addr + i, 3, 0);
    }
    return a64_next(cpu, op);
}

bool trans_SYS(A64DisasContext *s, uint32_t insn)
{
    unsigned op1 = a64_field(insn, 16, 3), crn = a64_field(insn, 12, 4);
    unsigned crm = a64_field(insn, 8, 4), op2 = a64_field(insn, 5, 3);

    if (op1 != 3 || crn != 7) {
        return false;
    }
    s->op->rd = a64_reg_rz(a64_field(insn, 0, 5));
    if (crm == 4 && op2 == 1) {
        s->op->fn = a64_op_dc_zva;
        return true;
    }
    /* DC CVAU/CVAC/CIVAC/CVAP, IC IVAU: caches are coherent here. */
    if ((crm == 5 && op2 == 1) || ((crm == 10 || crm == 11 || crm == 14 ||
                                     crm == 12) && op2 == 1)) {
        s->op->fn = a64_op_nop;
        return true;
    }
    return false;
}

/* System register keys: op0:op1:CRn:CRm:op2 packed as in MRS bits 20..5. */
#define SYSREG(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

enum {
    SR_TPIDR_EL0 = SYSREG(3, 3, 13, 0, 2),
    SR_NZCV = SYSREG(3, 3, 4, 2, 0),
    SR_FPCR = SYSREG(3, 3, 4, 4, 0),
    SR_FPSR = SYSREG(3, 3, 4, 4, 1),
    SR_CTR_EL0 = SYSREG(3, 3, 0, 0, 1),
    SR_DCZID_EL0 = SYSREG(3, 3, 0, 0, 7),
    SR_MIDR_EL1 = SYSREG(3, 0, 0, 0, 0),
    SR_MPIDR_EL1 = SYSREG(3, 0, 0, 0, 5),
    SR_REVIDR_EL1 = SYSREG(3, 0, 0, 0, 6),
    SR_CNTFRQ_EL0 = SYSREG(3, 3, 14, 0, 0),
    SR_CNTVCT_EL0 = SYSREG(3, 3, 14, 0, 2),
};

#define A64_CNTFRQ 1000000000ull   /* the counter counts nanoseconds */

static bool a64_is_id_reg(unsigned key)
{
    /* op0=3 op1=0 CRn=0 CRm=1..7: the ID space Linux emulates for EL0. */
    return (key & ~0x3fu) == SYSREG(3, 0, 0, 0, 0) && ((key >> 3) & 7);
}

/*
 * An ID register as Linux shows it to EL0 (it traps and emulates MRS):
 * the instruction-set registers in full, ID_AA64PFR0 limited to the
 * fields Linux exposes (EL0, EL1, FP, AdvSIMD, DIT), the rest as zero.
 */
static uint64_t a64_id_reg_el0(ARMCPU *cpu, unsigned key)
{
    unsigned idx = ARM_IDREG_IDX((key >> 11) & 7, (key >> 3) & 15, key & 7);

    switch (idx) {
    case ARM_ID_AA64PFR0:
        return cpu->idregs.val[idx] & 0x000f000000ff00ffull;
    case ARM_ID_AA64PFR1: case ARM_ID_AA64ZFR0:
    case ARM_ID_AA64ISAR0: case ARM_ID_AA64ISAR1:
    case ARM_ID_AA64ISAR2: case ARM_ID_AA64ISAR3:
        return cpu->idregs.val[idx];
    default:
        return 0;
    }
}

static uint64_t a64_sysreg_read(ARMCPU *cpu, unsigned key)
{
    struct timespec ts;

    switch (key) {
    case SR_TPIDR_EL0:
        return cpu->env.tpidr_el0;
    case SR_NZCV:
        return cpu->env.nzcv;
    case SR_FPCR:
        return cpu->env.fpcr;
    case SR_FPSR:
        return cpu->env.fpsr;
    case SR_CTR_EL0:
        return cpu->idregs.val[ARM_ID_CTR];
    case SR_DCZID_EL0:
        return 4;
    case SR_MIDR_EL1:
        return cpu->idregs.val[ARM_ID_MIDR];
    case SR_MPIDR_EL1:
        return 0x80000000;
    case SR_CNTFRQ_EL0:
        return A64_CNTFRQ;
    case SR_CNTVCT_EL0:
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
    default:
        return a64_is_id_reg(key) ? a64_id_reg_el0(cpu, key) : 0;
    }
}

static const A64Op *a64_op_mrs(ARMCPU *cpu, const A64Op *op)
{
    X(op->rd) = a64_sysreg_read(cpu, op->imm);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_msr(ARMCPU *cpu, const A64Op *op)
{
    uint64_t v = X(op->rd);

    switch (op->imm) {
    case SR_TPIDR_EL0:
        cpu->env.tpidr_el0 = v;
        break;
    case SR_NZCV:
        cpu->env.nzcv = v & 0xf0000000u;
        break;
    case SR_FPCR:
        cpu->env.fpcr = v & 0x07ff9f00u;
        break;
    default:
        cpu->env.fpsr = v & 0xf800009fu;
        a64_fpu_reset_host_flags();
        break;
    }
    return a64_next(cpu, op);
}

static bool a64_sysreg_readable(unsigned key)
{
    switch (key) {
    case SR_TPIDR_EL0: case SR_NZCV: case SR_FPCR: case SR_FPSR:
    case SR_CTR_EL0: case SR_DCZID_EL0: case SR_MIDR_EL1:
    case SR_MPIDR_EL1: case SR_REVIDR_EL1: case SR_CNTFRQ_EL0:
    case SR_CNTVCT_EL0:
        return true;
    default:
        return a64_is_id_reg(key);
    }
}

bool trans_MRS(A64DisasContext *s, uint32_t insn)
{
    unsigned key = a64_field(insn, 5, 16);

    if (!a64_sysreg_readable(key)) {
        return false;
    }
    s->op->imm = key;
    s->op->rd = a64_reg_wz(a64_field(insn, 0, 5));
    s->op->fn = a64_op_mrs;
    return true;
}

bool trans_MSR_REG(A64DisasContext *s, uint32_t insn)
{
    unsigned key = a64_field(insn, 5, 16);

    if (key != SR_TPIDR_EL0 && key != SR_NZCV && key != SR_FPCR &&
        key != SR_FPSR) {
        return false;
    }
    s->op->imm = key;
    s->op->rd = a64_reg_rz(a64_field(insn, 0, 5));
    s->op->fn = a64_op_msr;
    return true;
}

A64JitKind a64_branch_jit_kind(A64Handler *fn)
{
    static const struct {
        A64Handler *fn;
        A64JitKind kind;
    } map[] = {
        { a64_op_b, A64K_B },
        { a64_op_bl, A64K_BL },
        { a64_op_bcond, A64K_BCOND },
        { a64_op_cbz, A64K_CBZ },
        { a64_op_tbz, A64K_TBZ },
        { a64_op_br, A64K_BR },
        { a64_op_blr, A64K_BLR },
        { a64_op_nop, A64K_NOP },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        if (map[i].fn == fn) {
            return map[i].kind;
        }
    }
    return A64K_NONE;
}
