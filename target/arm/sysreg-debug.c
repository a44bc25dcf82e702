/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 system registers that Linux touches at boot but the model does
 * not act on: self-hosted debug (stored; no breakpoint, watchpoint or
 * step events are generated from them), the PMU (RAZ/WI: no counters,
 * PMCR_EL0.N = 0) and RAS (present only when ID_AA64PFR0.RAS says so;
 * no error records).  Rows of arm_sysregs_debug[].
 */
#include "qemu/osdep.h"
#include "sysreg-internal.h"
#include "qemu/bitops.h"

/* ---- debug ---- */

/* DBGB*R<n> / DBGW*R<n>: n at arg bits [3:0], watchpoint at bit 4. */
static int acc_dbg_pair(const ArmSysCtx *c, const ArmSysreg *r)
{
    uint64_t dfr0 = arm_sr_idreg(c, ARM_ID_AA64DFR0);
    unsigned n = r->arg & 15;
    unsigned count = 1 + extract64(dfr0, (r->arg & 16) ? 20 : 12, 4);

    return n < count ? ARM_ACC_OK : ARM_ACC_UNDEF;
}

/* Debug Communications Channel at EL0: MDSCR_EL1.TDCC traps it. */
static int acc_dcc(const ArmSysCtx *c, const ArmSysreg *r)
{
    if (c->el == 0 && (c->s->mdscr_el1 & (1u << 12))) {
        return arm_sr_el0_trap(c->s);
    }
    return ARM_ACC_OK;
}

static void wr_oslar(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->oslsr_el1 = (c->s->oslsr_el1 & ~2u) | ((v & 1) << 1);
}

static uint64_t rd_oslsr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->oslsr_el1;
}

static uint64_t rd_osdlr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->osdlr_el1;
}

static void wr_osdlr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->osdlr_el1 = v & 1;
}

/* DBGCLAIMSET reads the implemented claim bits, CLR the set ones. */
static uint64_t rd_claimset(ArmSysCtx *c, const ArmSysreg *r)
{
    return 0xff;
}

static void wr_claimset(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->dbgclaim |= v & 0xff;
}

static uint64_t rd_claimclr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->dbgclaim;
}

static void wr_claimclr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->dbgclaim &= ~(v & 0xff);
}

/* ---- PMU: EL0 accesses trap (PMUSERENR_EL0.EN reads 0) ---- */

static int acc_pmu(const ArmSysCtx *c, const ArmSysreg *r)
{
    return c->el == 0 ? arm_sr_el0_trap(c->s) : ARM_ACC_OK;
}

/* PMUSERENR_EL0 itself is readable at EL0. */
static int acc_pmuserenr(const ArmSysCtx *c, const ArmSysreg *r)
{
    return (c->el == 0 && !c->read) ? ARM_ACC_UNDEF : ARM_ACC_OK;
}

/* ---- RAS ---- */

static int acc_ras(const ArmSysCtx *c, const ArmSysreg *r)
{
    uint64_t pfr0 = arm_sr_idreg(c, ARM_ID_AA64PFR0);

    return extract64(pfr0, 28, 4) ? ARM_ACC_OK : ARM_ACC_UNDEF;
}

#define K(a, b, c, d, e) ARM_SR_KEY(a, b, c, d, e)
#define F(x) ARM_SR_FIELD(x)
#define RAZWI .read = arm_sr_read_raz, .write = arm_sr_write_wi
#define DBGPAIR(n) \
    { K(2, 0, 0, n, 4), "DBGBVR" #n "_EL1", 0, F(dbgbvr[n]), \
      .access = acc_dbg_pair, .arg = (n) }, \
    { K(2, 0, 0, n, 5), "DBGBCR" #n "_EL1", 0, F(dbgbcr[n]), 0xffe1e7, \
      .access = acc_dbg_pair, .arg = (n) }, \
    { K(2, 0, 0, n, 6), "DBGWVR" #n "_EL1", 0, F(dbgwvr[n]), \
      .access = acc_dbg_pair, .arg = 16 + (n) }, \
    { K(2, 0, 0, n, 7), "DBGWCR" #n "_EL1", 0, F(dbgwcr[n]), 0x1f1fffff, \
      .access = acc_dbg_pair, .arg = 16 + (n) }
#define PMU(op1, crn, crm, op2, name, fl) \
    { K(3, op1, crn, crm, op2), name, ARM_SRF_EL0 | (fl), \
      .access = acc_pmu, RAZWI }
#define RAS(op1, crn, crm, op2, name, fl) \
    { K(3, op1, crn, crm, op2), name, (fl), .access = acc_ras, RAZWI }

const ArmSysreg arm_sysregs_debug[] = {
    { K(2, 0, 0, 0, 2), "OSDTRRX_EL1", 0, RAZWI },
    { K(2, 0, 0, 2, 0), "MDCCINT_EL1", 0, RAZWI },
    { K(2, 0, 0, 2, 2), "MDSCR_EL1", 0, F(mdscr_el1), 0xe0f041 },
    { K(2, 0, 0, 3, 2), "OSDTRTX_EL1", 0, RAZWI },
    { K(2, 0, 0, 6, 2), "OSECCR_EL1", 0, RAZWI },
    DBGPAIR(0), DBGPAIR(1), DBGPAIR(2), DBGPAIR(3),
    DBGPAIR(4), DBGPAIR(5), DBGPAIR(6), DBGPAIR(7),
    DBGPAIR(8), DBGPAIR(9), DBGPAIR(10), DBGPAIR(11),
    DBGPAIR(12), DBGPAIR(13), DBGPAIR(14), DBGPAIR(15),
    { K(2, 0, 1, 0, 0), "MDRAR_EL1", ARM_SRF_RO, .read = arm_sr_read_raz },
    { K(2, 0, 1, 0, 4), "OSLAR_EL1", ARM_SRF_WO, .write = wr_oslar },
    { K(2, 0, 1, 1, 4), "OSLSR_EL1", ARM_SRF_RO, .read = rd_oslsr },
    { K(2, 0, 1, 3, 4), "OSDLR_EL1", 0, .read = rd_osdlr,
      .write = wr_osdlr },
    { K(2, 0, 1, 4, 4), "DBGPRCR_EL1", 0, RAZWI },
    { K(2, 0, 7, 8, 6), "DBGCLAIMSET_EL1", 0, .read = rd_claimset,
      .write = wr_claimset },
    { K(2, 0, 7, 9, 6), "DBGCLAIMCLR_EL1", 0, .read = rd_claimclr,
      .write = wr_claimclr },
    { K(2, 0, 7, 14, 6), "DBGAUTHSTATUS_EL1", ARM_SRF_RO,
      .read = arm_sr_read_raz },
    { K(2, 3, 0, 1, 0), "MDCCSR_EL0", ARM_SRF_RO | ARM_SRF_EL0,
      .access = acc_dcc, .read = arm_sr_read_raz },
    { K(2, 3, 0, 4, 0), "DBGDTR_EL0", ARM_SRF_EL0, .access = acc_dcc,
      RAZWI },
    { K(2, 3, 0, 5, 0), "DBGDTRRX_EL0", ARM_SRF_EL0, .access = acc_dcc,
      RAZWI },
    { K(2, 4, 0, 7, 0), "DBGVCR32_EL2", 0, RAZWI },

    { K(3, 0, 9, 14, 1), "PMINTENSET_EL1", 0, RAZWI },
    { K(3, 0, 9, 14, 2), "PMINTENCLR_EL1", 0, RAZWI },
    PMU(3, 9, 12, 0, "PMCR_EL0", 0),
    PMU(3, 9, 12, 1, "PMCNTENSET_EL0", 0),
    PMU(3, 9, 12, 2, "PMCNTENCLR_EL0", 0),
    PMU(3, 9, 12, 3, "PMOVSCLR_EL0", 0),
    PMU(3, 9, 12, 4, "PMSWINC_EL0", ARM_SRF_WO),
    PMU(3, 9, 12, 5, "PMSELR_EL0", 0),
    PMU(3, 9, 12, 6, "PMCEID0_EL0", ARM_SRF_RO),
    PMU(3, 9, 12, 7, "PMCEID1_EL0", ARM_SRF_RO),
    PMU(3, 9, 13, 0, "PMCCNTR_EL0", 0),
    PMU(3, 9, 13, 1, "PMXEVTYPER_EL0", 0),
    PMU(3, 9, 13, 2, "PMXEVCNTR_EL0", 0),
    { K(3, 3, 9, 14, 0), "PMUSERENR_EL0", ARM_SRF_EL0,
      .access = acc_pmuserenr, RAZWI },
    PMU(3, 9, 14, 3, "PMOVSSET_EL0", 0),
    PMU(3, 14, 15, 7, "PMCCFILTR_EL0", 0),

    RAS(0, 5, 3, 0, "ERRIDR_EL1", ARM_SRF_RO),
    RAS(0, 5, 3, 1, "ERRSELR_EL1", 0),
    RAS(0, 5, 4, 0, "ERXFR_EL1", ARM_SRF_RO),
    RAS(0, 5, 4, 1, "ERXCTLR_EL1", 0),
    RAS(0, 5, 4, 2, "ERXSTATUS_EL1", 0),
    RAS(0, 5, 4, 3, "ERXADDR_EL1", 0),
    RAS(0, 5, 5, 0, "ERXMISC0_EL1", 0),
    RAS(0, 5, 5, 1, "ERXMISC1_EL1", 0),
    { K(3, 0, 12, 1, 1), "DISR_EL1", 0, F(disr_el1), .access = acc_ras },
    RAS(4, 12, 1, 1, "VDISR_EL2", 0),
    RAS(4, 5, 2, 3, "VSESR_EL2", 0),
    { 0 }
};
