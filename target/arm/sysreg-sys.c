/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The A64 SYS instructions: TLB maintenance (TLBI: asks the engine to
 * flush through sys->pending), address translation (AT: a stage-1 walk
 * with mmu.c into PAR_EL1), data and instruction cache maintenance (DC,
 * IC: caches are not modelled, so only the access rules and, for IC,
 * ending the block remain).  Rows of arm_sysregs_sys[].
 */
#include "qemu/osdep.h"
#include "sysreg-internal.h"
#include "qemu/bitops.h"
#include "qemu/log.h"

static bool arm_sr_el2_on(const ArmSysState *s)
{
    return s->el.have_el2 &&
           (!s->el.have_el3 || (s->el.scr_el3 & ARM_SCR_NS));
}

/* HCR_EL2 trap bit @bit for EL0/EL1 accesses. */
static int arm_sr_hcr_trap(const ArmSysCtx *c, uint64_t bit)
{
    if (c->el <= 1 && arm_sr_el2_on(c->s) && (c->s->el.hcr_el2 & bit)) {
        return ARM_ACC_TRAP_EL2;
    }
    return ARM_ACC_OK;
}

/* ---- TLBI ---- */

/* arg bits */
#define TLBI_IS     1u      /* Inner Shareable: every CPU */
#define TLBI_VA     2u      /* by VA: Xt holds VA[55:12] */

static int acc_tlbi(const ArmSysCtx *c, const ArmSysreg *r)
{
    return c->el == 1 ? arm_sr_hcr_trap(c, ARM_HCR_TTLB) : ARM_ACC_OK;
}

static void wr_tlbi(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    ArmSysState *s = c->s;
    bool is = (r->arg & TLBI_IS) ||
              (c->el == 1 && arm_sr_el2_on(s) &&
               (s->el.hcr_el2 & ARM_HCR_FB));
    bool first = !(s->pending & (ARM_SYS_FLUSH_TLB |
                                 ARM_SYS_FLUSH_TLB_ALL_CPUS));

    if ((r->arg & TLBI_VA) && first) {
        s->tlbi_by_va = true;
        /* VA[55:12], sign-extended from bit 55 as the ranges are. */
        s->tlbi_va = (uint64_t)((int64_t)(extract64(v, 0, 44) << 20) >> 8);
    } else {
        s->tlbi_by_va = false;
    }
    s->pending |= (is ? ARM_SYS_FLUSH_TLB_ALL_CPUS : 0) |
                  ARM_SYS_FLUSH_TLB | ARM_SYS_END_BLOCK;
}

/* ---- AT ---- */

/* arg: regime EL (bits 1:0), EL0 permissions (4), write (8). */
#define AT_EL0      4u
#define AT_W        8u

static void wr_at(ArmSysCtx *c, const ArmSysreg *r, uint64_t va)
{
    ArmSysState *s = c->s;
    unsigned el = r->arg & 3;
    ArmMMURegime reg = arm_sysreg_regime_state(c->cpu, s, el);
    ArmTranslation t;
    ArmMMUFault f;
    bool ok;

    if (c->op1 == 4 && el == 1 && (s->el.hcr_el2 & ARM_HCR_VM)) {
        qemu_log_mask(LOG_UNIMP, "AT S12E*: stage 2 is not modelled, "
                      "stage 1 result only\n");
    }
    reg.pan = false;            /* AT S1E1R/W do not check PAN */
    if (!s->as) {
        qemu_log_mask(LOG_GUEST_ERROR, "AT: CPU has no address space\n");
        memset(&f, 0, sizeof(f));
        f.fsc = ARM_FSC_TRANSLATION;
        ok = false;
    } else {
        ok = arm_mmu_translate(s->as, &reg, va,
                               (r->arg & AT_W) ? ARM_ACC_WRITE :
                               ARM_ACC_READ, r->arg & AT_EL0, &t, &f);
    }
    s->par_el1 = arm_mmu_par(ok, &t, &f);
}

/* ---- DC / IC ---- */

/* arg: which HCR_EL2 bit traps it, and the EL0 enable. */
#define DC_POU      1u      /* HCR_EL2.TPU */
#define DC_POC      2u      /* HCR_EL2.TPCP */
#define DC_SW       4u      /* HCR_EL2.TSW */
#define DC_ZVA      8u      /* SCTLR_EL1.DZE, HCR_EL2.TDZ */
#define IC_END      16u     /* end the block */

static int acc_cache(const ArmSysCtx *c, const ArmSysreg *r)
{
    uint64_t sctlr = c->s->el.sctlr[1];

    if (c->el == 0) {
        bool ok = (r->arg & DC_ZVA) ? (sctlr & ARM_SCTLR_DZE) :
                                      (sctlr & ARM_SCTLR_UCI);
        if (!ok) {
            return arm_sr_el0_trap(c->s);
        }
    }
    if (r->arg & DC_ZVA) {
        return arm_sr_hcr_trap(c, ARM_HCR_TDZ);
    }
    if (r->arg & DC_POU) {
        return arm_sr_hcr_trap(c, ARM_HCR_TPU);
    }
    if (r->arg & DC_POC) {
        return arm_sr_hcr_trap(c, ARM_HCR_TPCP);
    }
    if (r->arg & DC_SW) {
        return arm_sr_hcr_trap(c, ARM_HCR_TSW);
    }
    return ARM_ACC_OK;
}

/* DC CVAP needs FEAT_DPB (ID_AA64ISAR1.DPB >= 1), CVADP DPB >= 2. */
static int acc_dpb(const ArmSysCtx *c, const ArmSysreg *r)
{
    unsigned dpb = extract64(arm_sr_idreg(c, ARM_ID_AA64ISAR1), 0, 4);

    if (dpb < ((r->arg & 32) ? 2 : 1)) {
        return ARM_ACC_UNDEF;
    }
    return acc_cache(c, r);
}

static void wr_cache(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    if (r->arg & IC_END) {
        c->s->pending |= ARM_SYS_END_BLOCK;
    }
}

#define K(a, b, c, d, e) ARM_SR_KEY(a, b, c, d, e)
#define TLBI(op1, crm, op2, name, a) \
    { K(1, op1, 8, crm, op2), "TLBI " name, ARM_SRF_WO, \
      .access = acc_tlbi, .write = wr_tlbi, .arg = (a) }
#define TLBI2(op1, op2, name, a) \
    TLBI(op1, 3, op2, name "IS", (a) | TLBI_IS), \
    TLBI(op1, 7, op2, name, (a))
#define AT(op1, op2, name, a) \
    { K(1, op1, 7, 8, op2), "AT " name, ARM_SRF_WO, .write = wr_at, \
      .arg = (a) }
#define CACHE(op1, crm, op2, name, a, fl) \
    { K(1, op1, 7, crm, op2), name, ARM_SRF_WO | (fl), \
      .access = acc_cache, .write = wr_cache, .arg = (a) }

const ArmSysreg arm_sysregs_sys[] = {
    TLBI2(0, 0, "VMALLE1", 0),
    TLBI2(0, 1, "VAE1", TLBI_VA),
    TLBI2(0, 2, "ASIDE1", 0),
    TLBI2(0, 3, "VAAE1", TLBI_VA),
    TLBI2(0, 5, "VALE1", TLBI_VA),
    TLBI2(0, 7, "VAALE1", TLBI_VA),
    TLBI(4, 0, 1, "IPAS2E1IS", TLBI_IS),
    TLBI(4, 0, 5, "IPAS2LE1IS", TLBI_IS),
    TLBI(4, 4, 1, "IPAS2E1", 0),
    TLBI(4, 4, 5, "IPAS2LE1", 0),
    TLBI2(4, 0, "ALLE2", 0),
    TLBI2(4, 1, "VAE2", TLBI_VA),
    TLBI2(4, 4, "ALLE1", 0),
    TLBI2(4, 5, "VALE2", TLBI_VA),
    TLBI2(4, 6, "VMALLS12E1", 0),
    TLBI2(6, 0, "ALLE3", 0),
    TLBI2(6, 1, "VAE3", TLBI_VA),
    TLBI2(6, 5, "VALE3", TLBI_VA),

    AT(0, 0, "S1E1R", 1),
    AT(0, 1, "S1E1W", 1 | AT_W),
    AT(0, 2, "S1E0R", 1 | AT_EL0),
    AT(0, 3, "S1E0W", 1 | AT_EL0 | AT_W),
    AT(4, 0, "S1E2R", 2),
    AT(4, 1, "S1E2W", 2 | AT_W),
    AT(4, 4, "S12E1R", 1),
    AT(4, 5, "S12E1W", 1 | AT_W),
    AT(4, 6, "S12E0R", 1 | AT_EL0),
    AT(4, 7, "S12E0W", 1 | AT_EL0 | AT_W),
    AT(6, 0, "S1E3R", 3),
    AT(6, 1, "S1E3W", 3 | AT_W),

    CACHE(0, 1, 0, "IC IALLUIS", DC_POU | IC_END, 0),
    CACHE(0, 5, 0, "IC IALLU", DC_POU | IC_END, 0),
    CACHE(3, 5, 1, "IC IVAU", DC_POU | IC_END, ARM_SRF_EL0),
    CACHE(0, 6, 1, "DC IVAC", DC_POC, 0),
    CACHE(0, 6, 2, "DC ISW", DC_SW, 0),
    CACHE(0, 10, 2, "DC CSW", DC_SW, 0),
    CACHE(0, 14, 2, "DC CISW", DC_SW, 0),
    CACHE(3, 4, 1, "DC ZVA", DC_ZVA, ARM_SRF_EL0),
    CACHE(3, 10, 1, "DC CVAC", DC_POC, ARM_SRF_EL0),
    CACHE(3, 11, 1, "DC CVAU", DC_POU, ARM_SRF_EL0),
    CACHE(3, 14, 1, "DC CIVAC", DC_POC, ARM_SRF_EL0),
    { K(1, 3, 7, 12, 1), "DC CVAP", ARM_SRF_WO | ARM_SRF_EL0,
      .access = acc_dpb, .write = wr_cache, .arg = DC_POC },
    { K(1, 3, 7, 13, 1), "DC CVADP", ARM_SRF_WO | ARM_SRF_EL0,
      .access = acc_dpb, .write = wr_cache, .arg = DC_POC | 32 },
    { 0 }
};
