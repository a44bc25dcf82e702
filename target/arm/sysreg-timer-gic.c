/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 system registers of the generic timer (CNT*, through
 * gtimer.c) and of the GICv3 CPU interface (ICC_*, through the
 * gicv3_cpuif_* API of hw/intc/arm_gicv3_cpuif.c): arm_sysregs_timer_gic[].
 */
#include "qemu/osdep.h"
#include "sysreg-internal.h"
#include "hw/intc/arm_gicv3.h"
#include "qemu/bitops.h"

/* ---- generic timer ---- */

/* EL1 (and EL0) physical counter/timer accesses gated by CNTHCTL_EL2. */
static bool arm_sr_cnthctl_trap(const ArmSysCtx *c, uint64_t bit)
{
    const ArmSysState *s = c->s;
    bool el2_on = s->el.have_el2 &&
                  (!s->el.have_el3 || (s->el.scr_el3 & ARM_SCR_NS));

    return c->el <= 1 && el2_on && !(s->cnthctl_el2 & bit);
}

static int acc_cntfrq(const ArmSysCtx *c, const ArmSysreg *r)
{
    unsigned top = c->s->el.have_el3 ? 3 : c->s->el.have_el2 ? 2 : 1;

    if (c->el == 0) {
        if (!c->read) {
            return ARM_ACC_UNDEF;
        }
        if (!(c->s->gt.cntkctl &
              (ARM_CNTKCTL_EL0PCTEN | ARM_CNTKCTL_EL0VCTEN))) {
            return arm_sr_el0_trap(c->s);
        }
        return ARM_ACC_OK;
    }
    return (!c->read && c->el != top) ? ARM_ACC_UNDEF : ARM_ACC_OK;
}

/* CNTPCT_EL0 (arg 0) and CNTVCT_EL0 (arg 1). */
static int acc_cntxct(const ArmSysCtx *c, const ArmSysreg *r)
{
    if (c->el == 0 && !arm_gt_el0_counter_ok(&c->s->gt, r->arg)) {
        return arm_sr_el0_trap(c->s);
    }
    if (!r->arg && arm_sr_cnthctl_trap(c, ARM_CNTHCTL_EL1PCTEN)) {
        return ARM_ACC_TRAP_EL2;
    }
    return ARM_ACC_OK;
}

static uint64_t rd_cntxct(ArmSysCtx *c, const ArmSysreg *r)
{
    return arm_gt_count(&c->s->gt, r->arg ? ARM_GT_VIRT : ARM_GT_PHYS,
                        arm_sysreg_now_ns(c->s));
}

static uint64_t rd_cntfrq(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->gt.freq;
}

static void wr_cntfrq(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->gt.freq = (uint32_t)v;
    c->s->pending |= ARM_SYS_TIMER_CHANGED;
}

static uint64_t rd_cntkctl(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->gt.cntkctl;
}

static void wr_cntkctl(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->gt.cntkctl = v & 0x3ff;
}

static uint64_t rd_cntvoff(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->gt.cntvoff;
}

static void wr_cntvoff(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->gt.cntvoff = v;
    c->s->pending |= ARM_SYS_TIMER_CHANGED;
}

/* Timer rows: arg = ArmGTTimer << 2 | register (0 TVAL, 1 CTL, 2 CVAL). */
#define TMR(t, reg) (((t) << 2) | (reg))

static int acc_timer(const ArmSysCtx *c, const ArmSysreg *r)
{
    ArmGTTimer t = r->arg >> 2;
    const ArmSysState *s = c->s;

    switch (t) {
    case ARM_GT_PHYS:
    case ARM_GT_VIRT:
        if (c->el == 0 && !arm_gt_el0_timer_ok(&s->gt, t)) {
            return arm_sr_el0_trap(s);
        }
        if (t == ARM_GT_PHYS &&
            arm_sr_cnthctl_trap(c, ARM_CNTHCTL_EL1PCEN)) {
            return ARM_ACC_TRAP_EL2;
        }
        return ARM_ACC_OK;
    case ARM_GT_SEC:
        /* Secure EL1 with SCR_EL3.ST, or EL3; UNDEFINED otherwise. */
        if (c->el == 3) {
            return ARM_ACC_OK;
        }
        if (c->el == 1 && s->el.have_el3 &&
            !(s->el.scr_el3 & ARM_SCR_NS)) {
            return (s->el.scr_el3 & ARM_SCR_ST) ? ARM_ACC_OK :
                   ARM_ACC_TRAP_EL3;
        }
        return ARM_ACC_UNDEF;
    default:
        return ARM_ACC_OK;      /* CNTHP_*: op1 = 4 already needs EL2 */
    }
}

static uint64_t rd_timer(ArmSysCtx *c, const ArmSysreg *r)
{
    ArmGTTimer t = r->arg >> 2;
    int64_t now = arm_sysreg_now_ns(c->s);

    switch (r->arg & 3) {
    case 0:
        return arm_gt_tval_read(&c->s->gt, t, now);
    case 1:
        return arm_gt_ctl_read(&c->s->gt, t, now);
    default:
        return c->s->gt.cval[t];
    }
}

static void wr_timer(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    ArmGTTimer t = r->arg >> 2;

    switch (r->arg & 3) {
    case 0:
        arm_gt_tval_write(&c->s->gt, t, arm_sysreg_now_ns(c->s), v);
        break;
    case 1:
        arm_gt_ctl_write(&c->s->gt, t, v);
        break;
    default:
        c->s->gt.cval[t] = v;
        break;
    }
    c->s->pending |= ARM_SYS_TIMER_CHANGED;
}

/* ---- GICv3 CPU interface ---- */

static GICv3State *arm_sr_gic(const ArmSysCtx *c)
{
    return c->s->gic;
}

/* ICC_* UNDEF without a GICv3, or when ID_AA64PFR0.GIC hides it. */
static bool arm_sr_has_icc(const ArmSysCtx *c)
{
    return c->s->gic &&
           extract64(arm_sr_idreg(c, ARM_ID_AA64PFR0), 24, 4) != 0;
}

static int acc_icc(const ArmSysCtx *c, const ArmSysreg *r)
{
    return arm_sr_has_icc(c) ? ARM_ACC_OK : ARM_ACC_UNDEF;
}

/*
 * ICC_SRE_EL1 (arg 1) traps to EL2 when ICC_SRE_EL2.Enable is 0, and
 * ICC_SRE_EL1/EL2 to EL3 when ICC_SRE_EL3.Enable is 0.
 */
static int acc_icc_sre(const ArmSysCtx *c, const ArmSysreg *r)
{
    const ArmSysState *s = c->s;

    if (!arm_sr_has_icc(c)) {
        return ARM_ACC_UNDEF;
    }
    if (r->arg == 1 && c->el == 1 && s->el.have_el2 &&
        !(s->icc_sre[2] & ARM_ICC_SRE_ENABLE)) {
        return ARM_ACC_TRAP_EL2;
    }
    if (c->el < 3 && s->el.have_el3 &&
        !(s->icc_sre[3] & ARM_ICC_SRE_ENABLE)) {
        return ARM_ACC_TRAP_EL3;
    }
    return ARM_ACC_OK;
}

static uint64_t rd_pmr(ArmSysCtx *c, const ArmSysreg *r)
{
    return gicv3_cpuif_get_pmr(arm_sr_gic(c), c->s->cpu_index);
}

static void wr_pmr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    gicv3_cpuif_set_pmr(arm_sr_gic(c), c->s->cpu_index, v & 0xff);
}

/* arg: the group (0 or 1). */
static uint64_t rd_iar(ArmSysCtx *c, const ArmSysreg *r)
{
    c->s->pending |= ARM_SYS_IRQ_RECHECK | ARM_SYS_END_BLOCK;
    return gicv3_cpuif_acknowledge(arm_sr_gic(c), c->s->cpu_index, r->arg);
}

static void wr_eoir(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    gicv3_cpuif_eoi(arm_sr_gic(c), c->s->cpu_index, v & 0xffffff,
                    c->s->icc_ctlr_el1 & 2);
}

static uint64_t rd_hppir(ArmSysCtx *c, const ArmSysreg *r)
{
    return gicv3_cpuif_hppi(arm_sr_gic(c), c->s->cpu_index, r->arg);
}

static uint64_t rd_bpr(ArmSysCtx *c, const ArmSysreg *r)
{
    /* With CBPR, BPR1 reads BPR0 + 1 (saturated). */
    if (r->arg == 1 && (c->s->icc_ctlr_el1 & 1)) {
        return MIN(c->s->icc_bpr[0] + 1, 7);
    }
    return c->s->icc_bpr[r->arg];
}

static void wr_bpr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    unsigned min = r->arg;      /* 0 for group 0, 1 for group 1 */

    if (r->arg == 1 && (c->s->icc_ctlr_el1 & 1)) {
        return;                 /* CBPR: BPR1 writes ignored */
    }
    c->s->icc_bpr[r->arg] = MAX(v & 7, min);
}

/* ICC_AP0R<n> at arg n, ICC_AP1R<n> at arg 4 + n: stored only. */
static uint64_t rd_apr(ArmSysCtx *c, const ArmSysreg *r)
{
    return r->arg < 4 ? c->s->icc_ap0r[r->arg] : c->s->icc_ap1r[r->arg - 4];
}

static void wr_apr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    if (r->arg < 4) {
        c->s->icc_ap0r[r->arg] = v;
    } else {
        c->s->icc_ap1r[r->arg - 4] = v;
    }
}

static void wr_dir(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    gicv3_cpuif_deactivate(arm_sr_gic(c), c->s->cpu_index, v & 0xffffff);
}

static uint64_t rd_rpr(ArmSysCtx *c, const ArmSysreg *r)
{
    return gicv3_cpuif_running_priority(arm_sr_gic(c), c->s->cpu_index);
}

static void wr_sgi(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    gicv3_cpuif_generate_sgi(arm_sr_gic(c), c->s->cpu_index, v, r->arg);
}

/* PRIbits = 7 (8 bits), IDbits = 0 (16 bits), no A3V/SEIS/RSS. */
#define ICC_CTLR_RO (7u << 8)

static uint64_t rd_ctlr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->icc_ctlr_el1 | ICC_CTLR_RO;
}

static void wr_ctlr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->icc_ctlr_el1 = v & 3;             /* CBPR, EOImode */
}

/* ICC_CTLR_EL3: EOImode_EL1NS (4) and CBPR_EL1NS (1) alias EL1's. */
static uint64_t rd_ctlr3(ArmSysCtx *c, const ArmSysreg *r)
{
    uint32_t el1 = c->s->icc_ctlr_el1;

    return (c->s->icc_ctlr_el3 & ~0x12u) | ((el1 & 2) << 3) |
           ((el1 & 1) << 1) | ICC_CTLR_RO;
}

static void wr_ctlr3(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->icc_ctlr_el3 = v & 0x7f;
    c->s->icc_ctlr_el1 = ((v >> 3) & 2) | ((v >> 1) & 1);
}

/* ICC_SRE_ELx at arg x: SRE is RAO/WI (no legacy interface). */
static uint64_t rd_sre(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->icc_sre[r->arg] | ARM_ICC_SRE_SRE;
}

static void wr_sre(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    uint8_t mask = ARM_ICC_SRE_DFB | ARM_ICC_SRE_DIB |
                   (r->arg > 1 ? ARM_ICC_SRE_ENABLE : 0);

    c->s->icc_sre[r->arg] = (v & mask) | ARM_ICC_SRE_SRE;
}

static uint64_t rd_grpen(ArmSysCtx *c, const ArmSysreg *r)
{
    return gicv3_cpuif_get_grpen(arm_sr_gic(c), c->s->cpu_index, r->arg);
}

static void wr_grpen(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    gicv3_cpuif_set_grpen(arm_sr_gic(c), c->s->cpu_index, r->arg, v & 1);
}

/* ---- GICv3 virtual interface control (ICH_*_EL2), stored only ---- */

/*
 * ICH_VTR_EL2: 4 list registers, 5 priority and preemption bits, 16-bit
 * INTIDs, no GICv4 direct injection (nV4), no A3V/SEIS/TDS.
 */
#define ICH_VTR ((ARM_SYS_NUM_ICH_LR - 1) | (1u << 20) | (4u << 26) | \
                 (4u << 29))

static uint64_t rd_ich_vtr(ArmSysCtx *c, const ArmSysreg *r)
{
    return ICH_VTR;
}

/* ICH_ELRSR_EL2: list registers with no pending or active interrupt. */
static uint64_t rd_ich_elrsr(ArmSysCtx *c, const ArmSysreg *r)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < ARM_SYS_NUM_ICH_LR; i++) {
        if (!extract64(c->s->ich_lr[i], 62, 2)) {
            v |= 1u << i;
        }
    }
    return v;
}

static uint64_t rd_ich_lr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->ich_lr[r->arg];
}

static void wr_ich_lr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->ich_lr[r->arg] = v;
}

/* arg: index, + 4 for ICH_AP1R<n>; 5 priority bits: only <n> = 0. */
static uint64_t rd_ich_apr(ArmSysCtx *c, const ArmSysreg *r)
{
    return r->arg < 4 ? c->s->ich_ap0r[r->arg] : c->s->ich_ap1r[r->arg - 4];
}

static void wr_ich_apr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    if (r->arg < 4) {
        c->s->ich_ap0r[r->arg] = v;
    } else {
        c->s->ich_ap1r[r->arg - 4] = v;
    }
}

static uint64_t rd_ich_hcr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->ich_hcr;
}

static void wr_ich_hcr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->ich_hcr = v & 0xf8007fffu;    /* EOIcount, TDIR..En */
}

static uint64_t rd_ich_vmcr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->ich_vmcr;
}

static void wr_ich_vmcr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->ich_vmcr = v & 0xfffc021bu;   /* VPMR VBPR0 VBPR1 VEOIM VCBPR.. */
}

#define K(a, b, c, d, e) ARM_SR_KEY(a, b, c, d, e)
#define ICH(crm, op2, name, fl, rd, wr, a) \
    { K(3, 4, 12, crm, op2), name, (fl), .access = acc_icc, \
      .read = (rd), .write = (wr), .arg = (a) }
#define TIMER3(op1, crm, t, name) \
    { K(3, op1, 14, crm, 0), name "_TVAL", ARM_SRF_EL0, \
      .access = acc_timer, .read = rd_timer, .write = wr_timer, \
      .arg = TMR(t, 0) }, \
    { K(3, op1, 14, crm, 1), name "_CTL", ARM_SRF_EL0, \
      .access = acc_timer, .read = rd_timer, .write = wr_timer, \
      .arg = TMR(t, 1) }, \
    { K(3, op1, 14, crm, 2), name "_CVAL", ARM_SRF_EL0, \
      .access = acc_timer, .read = rd_timer, .write = wr_timer, \
      .arg = TMR(t, 2) }
#define ICC(crm, op2, name, fl, rd, wr, a) \
    { K(3, 0, 12, crm, op2), name, (fl), .access = acc_icc, \
      .read = (rd), .write = (wr), .arg = (a) }
#define IRQ ARM_SRF_IRQ

const ArmSysreg arm_sysregs_timer_gic[] = {
    { K(3, 3, 14, 0, 0), "CNTFRQ_EL0", ARM_SRF_EL0, .access = acc_cntfrq,
      .read = rd_cntfrq, .write = wr_cntfrq },
    { K(3, 3, 14, 0, 1), "CNTPCT_EL0", ARM_SRF_EL0 | ARM_SRF_RO,
      .access = acc_cntxct, .read = rd_cntxct, .arg = 0 },
    { K(3, 3, 14, 0, 2), "CNTVCT_EL0", ARM_SRF_EL0 | ARM_SRF_RO,
      .access = acc_cntxct, .read = rd_cntxct, .arg = 1 },
    { K(3, 0, 14, 1, 0), "CNTKCTL_EL1", 0, .read = rd_cntkctl,
      .write = wr_cntkctl },
    { K(3, 4, 14, 0, 3), "CNTVOFF_EL2", 0, .read = rd_cntvoff,
      .write = wr_cntvoff },
    { K(3, 4, 14, 1, 0), "CNTHCTL_EL2", 0, ARM_SR_FIELD(cnthctl_el2),
      0xff },
    TIMER3(3, 2, ARM_GT_PHYS, "CNTP"),
    TIMER3(3, 3, ARM_GT_VIRT, "CNTV"),
    TIMER3(4, 2, ARM_GT_HYP, "CNTHP"),
    TIMER3(7, 2, ARM_GT_SEC, "CNTPS"),

    { K(3, 0, 4, 6, 0), "ICC_PMR_EL1", IRQ, .access = acc_icc,
      .read = rd_pmr, .write = wr_pmr },
    ICC(8, 0, "ICC_IAR0_EL1", ARM_SRF_RO, rd_iar, NULL, 0),
    ICC(8, 1, "ICC_EOIR0_EL1", ARM_SRF_WO | IRQ, NULL, wr_eoir, 0),
    ICC(8, 2, "ICC_HPPIR0_EL1", ARM_SRF_RO, rd_hppir, NULL, 0),
    ICC(8, 3, "ICC_BPR0_EL1", 0, rd_bpr, wr_bpr, 0),
    ICC(8, 4, "ICC_AP0R0_EL1", 0, rd_apr, wr_apr, 0),
    ICC(8, 5, "ICC_AP0R1_EL1", 0, rd_apr, wr_apr, 1),
    ICC(8, 6, "ICC_AP0R2_EL1", 0, rd_apr, wr_apr, 2),
    ICC(8, 7, "ICC_AP0R3_EL1", 0, rd_apr, wr_apr, 3),
    ICC(9, 0, "ICC_AP1R0_EL1", 0, rd_apr, wr_apr, 4),
    ICC(9, 1, "ICC_AP1R1_EL1", 0, rd_apr, wr_apr, 5),
    ICC(9, 2, "ICC_AP1R2_EL1", 0, rd_apr, wr_apr, 6),
    ICC(9, 3, "ICC_AP1R3_EL1", 0, rd_apr, wr_apr, 7),
    ICC(11, 1, "ICC_DIR_EL1", ARM_SRF_WO | IRQ, NULL, wr_dir, 0),
    ICC(11, 3, "ICC_RPR_EL1", ARM_SRF_RO, rd_rpr, NULL, 0),
    ICC(11, 5, "ICC_SGI1R_EL1", ARM_SRF_WO | IRQ, NULL, wr_sgi, 1),
    ICC(11, 6, "ICC_ASGI1R_EL1", ARM_SRF_WO | IRQ, NULL, wr_sgi, 1),
    ICC(11, 7, "ICC_SGI0R_EL1", ARM_SRF_WO | IRQ, NULL, wr_sgi, 0),
    ICC(12, 0, "ICC_IAR1_EL1", ARM_SRF_RO, rd_iar, NULL, 1),
    ICC(12, 1, "ICC_EOIR1_EL1", ARM_SRF_WO | IRQ, NULL, wr_eoir, 1),
    ICC(12, 2, "ICC_HPPIR1_EL1", ARM_SRF_RO, rd_hppir, NULL, 1),
    ICC(12, 3, "ICC_BPR1_EL1", 0, rd_bpr, wr_bpr, 1),
    ICC(12, 4, "ICC_CTLR_EL1", 0, rd_ctlr, wr_ctlr, 0),
    { K(3, 0, 12, 12, 5), "ICC_SRE_EL1", 0, .access = acc_icc_sre,
      .read = rd_sre, .write = wr_sre, .arg = 1 },
    ICC(12, 6, "ICC_IGRPEN0_EL1", IRQ, rd_grpen, wr_grpen, 0),
    ICC(12, 7, "ICC_IGRPEN1_EL1", IRQ, rd_grpen, wr_grpen, 1),
    { K(3, 4, 12, 9, 5), "ICC_SRE_EL2", 0, .access = acc_icc_sre,
      .read = rd_sre, .write = wr_sre, .arg = 2 },
    ICH(8, 0, "ICH_AP0R0_EL2", 0, rd_ich_apr, wr_ich_apr, 0),
    ICH(8, 1, "ICH_AP0R1_EL2", 0, rd_ich_apr, wr_ich_apr, 1),
    ICH(8, 2, "ICH_AP0R2_EL2", 0, rd_ich_apr, wr_ich_apr, 2),
    ICH(8, 3, "ICH_AP0R3_EL2", 0, rd_ich_apr, wr_ich_apr, 3),
    ICH(9, 0, "ICH_AP1R0_EL2", 0, rd_ich_apr, wr_ich_apr, 4),
    ICH(9, 1, "ICH_AP1R1_EL2", 0, rd_ich_apr, wr_ich_apr, 5),
    ICH(9, 2, "ICH_AP1R2_EL2", 0, rd_ich_apr, wr_ich_apr, 6),
    ICH(9, 3, "ICH_AP1R3_EL2", 0, rd_ich_apr, wr_ich_apr, 7),
    ICH(11, 0, "ICH_HCR_EL2", 0, rd_ich_hcr, wr_ich_hcr, 0),
    ICH(11, 1, "ICH_VTR_EL2", ARM_SRF_RO, rd_ich_vtr, NULL, 0),
    ICH(11, 2, "ICH_MISR_EL2", ARM_SRF_RO, arm_sr_read_raz, NULL, 0),
    ICH(11, 3, "ICH_EISR_EL2", ARM_SRF_RO, arm_sr_read_raz, NULL, 0),
    ICH(11, 5, "ICH_ELRSR_EL2", ARM_SRF_RO, rd_ich_elrsr, NULL, 0),
    ICH(11, 7, "ICH_VMCR_EL2", 0, rd_ich_vmcr, wr_ich_vmcr, 0),
    ICH(12, 0, "ICH_LR0_EL2", 0, rd_ich_lr, wr_ich_lr, 0),
    ICH(12, 1, "ICH_LR1_EL2", 0, rd_ich_lr, wr_ich_lr, 1),
    ICH(12, 2, "ICH_LR2_EL2", 0, rd_ich_lr, wr_ich_lr, 2),
    ICH(12, 3, "ICH_LR3_EL2", 0, rd_ich_lr, wr_ich_lr, 3),
    { K(3, 6, 12, 12, 4), "ICC_CTLR_EL3", 0, .access = acc_icc,
      .read = rd_ctlr3, .write = wr_ctlr3 },
    { K(3, 6, 12, 12, 5), "ICC_SRE_EL3", 0, .access = acc_icc,
      .read = rd_sre, .write = wr_sre, .arg = 3 },
    { K(3, 6, 12, 12, 7), "ICC_IGRPEN1_EL3", IRQ, .access = acc_icc,
      .read = rd_grpen, .write = wr_grpen, .arg = 1 },
    { 0 }
};
