/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 system registers: decoding of MSR/MRS/SYS/SYSL and MSR
 * (immediate), the generic access rules (minimum EL from op1, absent
 * ELs, HCR_EL2 trap groups), reset, the translation regime and the ID
 * registers in system mode.  The register rows live in the tables of
 * sysreg-*.c; docs/devel/arm-sysreg.md lists them.
 */
#include "qemu/osdep.h"
#include "sysreg.h"
#include "sysreg-internal.h"
#include "qemu/bitops.h"
#include "qemu/log.h"
#include "qapi/error.h"

static const ArmSysreg *const arm_sysreg_tables[] = {
    arm_sysregs_core, arm_sysregs_timer_gic, arm_sysregs_debug,
    arm_sysregs_sys,
};

/* Unallocated encodings of the ID space read as zero (Arm ARM D18). */
static uint64_t arm_sr_read_idspace(ArmSysCtx *c, const ArmSysreg *r)
{
    return arm_sr_idreg(c, ARM_IDREG_IDX(0, c->crm, c->op2));
}

static const ArmSysreg arm_sr_idspace_row = {
    ARM_SR_KEY(3, 0, 0, 1, 0), "ID space", ARM_SRF_RO | ARM_SRF_TID3,
    .read = arm_sr_read_idspace,
};

const ArmSysreg *arm_sysreg_find(uint32_t key)
{
    for (size_t t = 0; t < ARRAY_SIZE(arm_sysreg_tables); t++) {
        for (const ArmSysreg *r = arm_sysreg_tables[t]; r->name; r++) {
            if (r->key == key) {
                return r;
            }
        }
    }
    /* op0 = 3, op1 = 0, CRn = 0, CRm = 1..7: the feature ID space. */
    if ((key & ~0x3fu) == ARM_SR_KEY(3, 0, 0, 0, 0) && (key & 0x38)) {
        return &arm_sr_idspace_row;
    }
    return NULL;
}

/* arm_sysreg_find() through the CPU's cache; key 0 is never a row. */
static const ArmSysreg *arm_sr_lookup(ArmSysState *s, uint32_t key)
{
    unsigned i = (key ^ (key >> 6) ^ (key >> 12)) & (ARM_SYS_LOOKUP_SIZE - 1);
    const ArmSysreg *r;

    if (s->lookup_key[i] == key) {
        return s->lookup_row[i];
    }
    r = arm_sysreg_find(key);
    if (r) {
        s->lookup_key[i] = key;
        s->lookup_row[i] = r;
    }
    return r;
}

uint64_t arm_sr_read_raz(ArmSysCtx *c, const ArmSysreg *r)
{
    return 0;
}

void arm_sr_write_wi(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
}

int64_t arm_sysreg_now_ns(const ArmSysState *s)
{
    return s->clocks ? qemu_clock_get_ns(s->clocks, QEMU_CLOCK_VIRTUAL) : 0;
}

/* EL2 applies its traps to the current security state (no Secure EL2). */
static bool arm_sr_el2_enabled(const ArmSysState *s)
{
    return s->el.have_el2 &&
           (!s->el.have_el3 || (s->el.scr_el3 & ARM_SCR_NS));
}

/* The lowest EL op1 allows (Arm ARM "System register encoding"). */
static unsigned arm_sr_min_el(unsigned op1, uint32_t flags)
{
    static const uint8_t min_el[8] = { 1, 1, 1, 1, 2, 2, 3, 1 };

    if (op1 == 3) {
        return (flags & ARM_SRF_EL0) ? 0 : 1;
    }
    return min_el[op1];
}

/* The HCR_EL2 trap groups for accesses from EL1. */
static int arm_sr_hcr_traps(const ArmSysCtx *c, uint32_t flags)
{
    uint64_t hcr = c->s->el.hcr_el2;

    if (c->el != 1 || !arm_sr_el2_enabled(c->s)) {
        return ARM_ACC_OK;
    }
    if ((flags & ARM_SRF_TVM) &&
        (hcr & (c->read ? ARM_HCR_TRVM : ARM_HCR_TVM))) {
        return ARM_ACC_TRAP_EL2;
    }
    if (((flags & ARM_SRF_TID3) && (hcr & ARM_HCR_TID3)) ||
        ((flags & ARM_SRF_TID2) && (hcr & ARM_HCR_TID2)) ||
        ((flags & ARM_SRF_TID1) && (hcr & ARM_HCR_TID1)) ||
        ((flags & ARM_SRF_TACR) && (hcr & ARM_HCR_TACR))) {
        return ARM_ACC_TRAP_EL2;
    }
    return ARM_ACC_OK;
}

static int arm_sr_check(const ArmSysCtx *c, const ArmSysreg *r)
{
    unsigned min_el = arm_sr_min_el(c->op1, r->flags);
    int acc;

    if ((min_el == 2 && !c->s->el.have_el2) ||
        (min_el == 3 && !c->s->el.have_el3) || c->op1 == 5) {
        return ARM_ACC_UNDEF;       /* absent EL, or VHE aliases */
    }
    if (c->el < min_el) {
        return ARM_ACC_UNDEF;
    }
    if ((c->read && (r->flags & ARM_SRF_WO)) ||
        (!c->read && (r->flags & ARM_SRF_RO))) {
        return ARM_ACC_UNDEF;
    }
    acc = arm_sr_hcr_traps(c, r->flags);
    if (acc == ARM_ACC_OK && r->access) {
        acc = r->access(c, r);
    }
    return acc;
}

static ArmSysregResult arm_sr_result(const ArmSysCtx *c, int acc)
{
    ArmSysregResult res = { ARM_SR_OK, 0, 0 };

    if (acc == ARM_ACC_UNDEF) {
        res.kind = ARM_SR_UNDEF;
    } else if (acc >= ARM_ACC_FP_EL1) {
        res.kind = ARM_SR_TRAP;
        res.target_el = acc - ARM_ACC_FP_EL1 + 1;
        res.esr = ARM_ESR(ARM_EC_FP_ACCESS, 0);
    } else if (acc > 0) {
        res.kind = ARM_SR_TRAP;
        res.target_el = acc;
        res.esr = arm_syn_sysreg(c->op0, c->op1, c->crn, c->crm, c->op2,
                                 c->rt, c->read);
    }
    return res;
}

static void arm_sr_do(ArmSysCtx *c, const ArmSysreg *r)
{
    CPUARMState *env = &c->cpu->env;

    if (c->read) {
        uint64_t v = r->read ? r->read(c, r) :
                     r->offset ? *arm_sr_field(c->s, r) : 0;

        env->xregs[c->rt == 31 ? A64_REG_ZW : c->rt] = v;
        return;
    }
    uint64_t v = c->rt == 31 ? 0 : env->xregs[c->rt];

    if (r->write) {
        r->write(c, r, v);
    } else if (r->offset) {
        uint64_t *f = arm_sr_field(c->s, r);

        *f = r->wmask ? (*f & ~r->wmask) | (v & r->wmask) : v;
    }
    if (r->flags & ARM_SRF_TLB) {
        c->s->pending |= ARM_SYS_FLUSH_TLB | ARM_SYS_END_BLOCK;
    }
    if (r->flags & ARM_SRF_IRQ) {
        c->s->pending |= ARM_SYS_IRQ_RECHECK | ARM_SYS_END_BLOCK;
    }
}

static void arm_sr_unknown(const ArmSysCtx *c, uint32_t insn)
{
    qemu_log_mask(LOG_UNIMP, "unimplemented system register or instruction"
                  " 0x%08" PRIx32 " (op0=%u op1=%u CRn=%u CRm=%u op2=%u %s)"
                  " at EL%u\n", insn, c->op0, c->op1, c->crn, c->crm, c->op2,
                  c->read ? "read" : "write", c->el);
}

/* MSR (immediate): the PSTATE fields. */
static int arm_sr_pstate(ArmSysCtx *c)
{
    ArmSysState *s = c->s;
    unsigned imm = c->crm;
    uint32_t bits = (uint32_t)(imm & 0xf) << 6;

    switch ((c->op1 << 3) | c->op2) {
    case 0x1e:  /* DAIFSet */
    case 0x1f:  /* DAIFClr */
        if (c->el == 0 && !(s->el.sctlr[1] & ARM_SCTLR_UMA)) {
            return arm_sr_el0_trap(s);
        }
        s->el.pstate = c->op2 == 6 ? s->el.pstate | bits :
                       s->el.pstate & ~bits;
        s->pending |= ARM_SYS_IRQ_RECHECK | ARM_SYS_END_BLOCK;
        return ARM_ACC_OK;
    case 0x05:  /* SPSel */
        if (c->el == 0) {
            return ARM_ACC_UNDEF;
        }
        s->el.sp[arm_sp_index(&s->el)] = c->cpu->env.xregs[A64_REG_SP];
        s->el.sp_sel = imm & 1;
        c->cpu->env.xregs[A64_REG_SP] = s->el.sp[arm_sp_index(&s->el)];
        return ARM_ACC_OK;
    case 0x04:  /* PAN */
        if (c->el == 0 || !s->el.have_pan) {
            return ARM_ACC_UNDEF;
        }
        s->el.pstate = (imm & 1) ? s->el.pstate | ARM_PSTATE_PAN :
                       s->el.pstate & ~ARM_PSTATE_PAN;
        s->pending |= ARM_SYS_FLUSH_TLB | ARM_SYS_END_BLOCK;
        return ARM_ACC_OK;
    default:
        qemu_log_mask(LOG_UNIMP, "MSR (immediate): PSTATE field op1=%u "
                      "op2=%u not implemented\n", c->op1, c->op2);
        return ARM_ACC_UNDEF;
    }
}

ArmSysregResult arm_sysreg_exec_state(ARMCPU *cpu, ArmSysState *s,
                                      uint32_t insn)
{
    ArmSysCtx c = {
        .cpu = cpu, .s = s, .el = s->el.el,
        .read = extract32(insn, 21, 1), .op0 = extract32(insn, 19, 2),
        .op1 = extract32(insn, 16, 3), .crn = extract32(insn, 12, 4),
        .crm = extract32(insn, 8, 4), .op2 = extract32(insn, 5, 3),
        .rt = extract32(insn, 0, 5),
    };
    const ArmSysreg *r;
    int acc;

    if (!arm_sysreg_is_system_insn(insn)) {
        return arm_sr_result(&c, ARM_ACC_UNDEF);
    }
    if (c.op0 == 0) {
        if (c.read || c.crn != 4 || c.rt != 31) {
            arm_sr_unknown(&c, insn);
            return arm_sr_result(&c, ARM_ACC_UNDEF);
        }
        return arm_sr_result(&c, arm_sr_pstate(&c));
    }
    r = arm_sr_lookup(s, ARM_SR_KEY(c.op0, c.op1, c.crn, c.crm, c.op2));
    if (!r) {
        arm_sr_unknown(&c, insn);
        return arm_sr_result(&c, ARM_ACC_UNDEF);
    }
    acc = arm_sr_check(&c, r);
    if (acc == ARM_ACC_OK) {
        arm_sr_do(&c, r);
    }
    return arm_sr_result(&c, acc);
}

ArmSysregResult arm_sysreg_exec(ARMCPU *cpu, uint32_t insn)
{
    return arm_sysreg_exec_state(cpu, cpu->sys, insn);
}

/* CPACR_EL1.FPEN, then CPTR_EL2.TFP, then CPTR_EL3.TFP. */
int arm_sr_fp_check(const ArmSysState *s)
{
    unsigned el = s->el.el;
    unsigned fpen = extract64(s->cpacr_el1, 20, 2);

    if (el <= 1 && (fpen == 0 || fpen == 2 || (fpen == 1 && el == 0))) {
        if (el == 0 && s->el.have_el2 && (s->el.hcr_el2 & ARM_HCR_TGE)) {
            return ARM_ACC_FP_EL2;
        }
        return ARM_ACC_FP_EL1;
    }
    if (el <= 2 && arm_sr_el2_enabled(s) && (s->cptr_el2 & (1u << 10))) {
        return ARM_ACC_FP_EL2;
    }
    if (s->el.have_el3 && (s->cptr_el3 & (1u << 10))) {
        return ARM_ACC_FP_EL3;
    }
    return ARM_ACC_OK;
}

ArmSysregResult arm_sysreg_fp_access_state(const ArmSysState *s)
{
    ArmSysCtx c = { .s = (ArmSysState *)s };

    return arm_sr_result(&c, arm_sr_fp_check(s));
}

ArmSysregResult arm_sysreg_fp_access(ARMCPU *cpu)
{
    return arm_sysreg_fp_access_state(cpu->sys);
}

static ArmSysregResult arm_sr_trap(unsigned el, unsigned ec, uint32_t iss)
{
    ArmSysregResult r = {
        ARM_SR_TRAP, el, (ec << 26) | (1u << 25) | iss,
    };

    return r;
}

static const ArmSysregResult arm_sr_ok = { ARM_SR_OK, 0, 0 };
static const ArmSysregResult arm_sr_undef = { ARM_SR_UNDEF, 0, 0 };

ArmSysregResult arm_sysreg_hvc_check(const ArmSysState *s)
{
    if (s->el.el == 0 || !s->el.have_el2 ||
        (s->el.have_el3 && !(s->el.scr_el3 & ARM_SCR_HCE)) ||
        (!s->el.have_el3 && s->el.el < 3 &&
         (s->el.hcr_el2 & ARM_HCR_HCD))) {
        return arm_sr_undef;
    }
    return arm_sr_ok;
}

ArmSysregResult arm_sysreg_smc_check(const ArmSysState *s, uint16_t imm)
{
    if (s->el.el == 0) {
        return arm_sr_undef;
    }
    if (s->el.el == 1 && arm_sr_el2_enabled(s) &&
        (s->el.hcr_el2 & ARM_HCR_TSC)) {
        return arm_sr_trap(2, ARM_EC_SMC, imm);
    }
    if (!s->el.have_el3 || (s->el.scr_el3 & ARM_SCR_SMD)) {
        return arm_sr_undef;
    }
    return arm_sr_ok;
}

ArmSysregResult arm_sysreg_wfx_check(const ArmSysState *s, bool wfe)
{
    unsigned el = s->el.el;
    uint32_t iss = wfe;

    if (el == 0 && !(s->el.sctlr[1] & (wfe ? ARM_SCTLR_NTWE :
                                           ARM_SCTLR_NTWI))) {
        return arm_sr_trap(arm_sr_el0_trap(s), ARM_EC_WFX, iss);
    }
    if (el <= 1 && arm_sr_el2_enabled(s) &&
        (s->el.hcr_el2 & (wfe ? ARM_HCR_TWE : ARM_HCR_TWI))) {
        return arm_sr_trap(2, ARM_EC_WFX, iss);
    }
    if (el < 3 && s->el.have_el3 &&
        (s->el.scr_el3 & (wfe ? ARM_SCR_TWE : ARM_SCR_TWI))) {
        return arm_sr_trap(3, ARM_EC_WFX, iss);
    }
    return arm_sr_ok;
}

static unsigned arm_sr_pa_bits(const ArmIdRegs *id)
{
    static const uint8_t bits[] = { 32, 36, 40, 42, 44, 48 };
    unsigned pr = extract64(id->val[ARM_ID_AA64MMFR0], 0, 4);

    return pr < ARRAY_SIZE(bits) ? bits[pr] : 48;
}

ArmMMURegime arm_sysreg_regime_state(ARMCPU *cpu, const ArmSysState *s,
                                     unsigned el)
{
    unsigned i = el < 1 ? 1 : el > 3 ? 3 : el;
    ArmMMURegime r = {
        .kind = i == 1 ? ARM_REGIME_EL10 :
                i == 2 ? ARM_REGIME_EL2 : ARM_REGIME_EL3,
        .sctlr = s->el.sctlr[i], .tcr = s->tcr[i], .ttbr0 = s->ttbr0[i],
        .ttbr1 = i == 1 ? s->ttbr1[1] : 0, .mair = s->mair[i],
        .pa_bits = arm_sr_pa_bits(&cpu->idregs),
        .pan = i == 1 && (s->el.pstate & ARM_PSTATE_PAN),
    };

    return r;
}

ArmMMURegime arm_sysreg_regime(ARMCPU *cpu, unsigned el)
{
    return arm_sysreg_regime_state(cpu, cpu->sys, el);
}

/* Reset values: see the table in docs/devel/arm-sysreg.md. */
void arm_sysreg_reset_state(ArmSysState *s, const ArmIdRegs *idregs)
{
    ArmSysState cfg = *s;

    memset(s, 0, sizeof(*s));
    s->as = cfg.as;
    s->clocks = cfg.clocks;
    s->gic = cfg.gic;
    s->cpu_index = cfg.cpu_index;
    s->mpidr = cfg.mpidr;
    s->rvbar = cfg.rvbar;
    s->gt_freq = cfg.gt_freq;
    s->irq_line = cfg.irq_line;
    s->fiq_line = cfg.fiq_line;
    s->el.have_el2 = cfg.el.have_el2;
    s->el.have_el3 = cfg.el.have_el3;
    s->el.have_pan = cfg.el.have_pan;

    arm_el_reset(&s->el, s->rvbar);
    s->el.sctlr[1] = ARM_SCTLR_EL1_RES1;
    s->el.sctlr[2] = ARM_SCTLR_EL2_RES1;
    s->el.sctlr[3] = ARM_SCTLR_EL2_RES1;
    s->el.hcr_el2 = ARM_HCR_RW;
    s->el.scr_el3 = ARM_SCR_RES1 | ARM_SCR_RW;
    arm_gt_reset(&s->gt, s->gt_freq ? s->gt_freq : ARM_GT_DEFAULT_FREQ);
    s->cnthctl_el2 = ARM_CNTHCTL_EL1PCTEN | ARM_CNTHCTL_EL1PCEN;
    s->cptr_el2 = ARM_CPTR_EL2_RES1;
    s->vpidr_el2 = idregs->val[ARM_ID_MIDR];
    s->vmpidr_el2 = s->mpidr | (1ull << 31);
    s->oslsr_el1 = ARM_OSLSR_RESET;
    s->icc_sre[1] = ARM_ICC_SRE_SRE;
    s->icc_sre[2] = ARM_ICC_SRE_SRE | ARM_ICC_SRE_ENABLE;
    s->icc_sre[3] = ARM_ICC_SRE_SRE | ARM_ICC_SRE_ENABLE;
    s->icc_bpr[0] = 0;      /* minimum binary point (8 priority bits) */
    s->icc_bpr[1] = 1;      /* minimum for group 1 */
}

void arm_sysreg_reset(ARMCPU *cpu)
{
    arm_sysreg_reset_state(cpu->sys, &cpu->idregs);
}
