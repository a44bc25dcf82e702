/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 system registers: identification, MMU and exception controls,
 * PSTATE views, banked stack pointers, thread IDs and the EL2/EL3
 * configuration registers (rows of arm_sysregs_core[]).
 */
#include "qemu/osdep.h"
#include "sysreg-internal.h"
#include "qemu/bitops.h"

/* ---- identification ---- */

static bool arm_sr_virt_ids(const ArmSysCtx *c)
{
    return c->el == 1 && c->s->el.have_el2 &&
           (!c->s->el.have_el3 || (c->s->el.scr_el3 & ARM_SCR_NS));
}

static uint64_t rd_midr(ArmSysCtx *c, const ArmSysreg *r)
{
    return arm_sr_virt_ids(c) ? c->s->vpidr_el2 :
           arm_sr_idreg(c, ARM_ID_MIDR);
}

static uint64_t rd_mpidr(ArmSysCtx *c, const ArmSysreg *r)
{
    return arm_sr_virt_ids(c) ? c->s->vmpidr_el2 :
           c->s->mpidr | (1ull << 31);
}

static uint64_t rd_ctr(ArmSysCtx *c, const ArmSysreg *r)
{
    return arm_sr_idreg(c, ARM_ID_CTR);
}

static int acc_ctr(const ArmSysCtx *c, const ArmSysreg *r)
{
    if (c->el == 0 && !(c->s->el.sctlr[1] & ARM_SCTLR_UCT)) {
        return arm_sr_el0_trap(c->s);
    }
    if (c->el == 0 && arm_sr_have_el2(c->s) &&
        (c->s->el.hcr_el2 & ARM_HCR_TID2)) {
        return ARM_ACC_TRAP_EL2;
    }
    return ARM_ACC_OK;
}

/* DC ZVA prohibited at the current EL? (DCZID_EL0.DZP) */
static bool arm_sr_dzp(const ArmSysCtx *c)
{
    const ArmSysState *s = c->s;

    if (c->el == 0 && !(s->el.sctlr[1] & ARM_SCTLR_DZE)) {
        return true;
    }
    return c->el <= 1 && s->el.have_el2 && (s->el.hcr_el2 & ARM_HCR_TDZ);
}

static uint64_t rd_dczid(ArmSysCtx *c, const ArmSysreg *r)
{
    return ARM_DCZID_BS | (arm_sr_dzp(c) ? 1u << 4 : 0);
}

/*
 * Caches as the Cortex-A57 TRM describes them: L1 I 48 KiB 3-way, L1 D
 * 32 KiB 2-way, L2 2 MiB 16-way, 64-byte lines.  CLIDR: LoUU 1, LoC 2,
 * LoUIS 1, Ctype1 separate, Ctype2 unified.
 */
#define ARM_CLIDR ((1ull << 27) | (2ull << 24) | (1ull << 21) | \
                   (4ull << 3) | 3)
#define ARM_CCSIDR(sets, ways) ((((sets) - 1ull) << 13) | \
                                (((ways) - 1ull) << 3) | 2)

static uint64_t rd_clidr(ArmSysCtx *c, const ArmSysreg *r)
{
    return ARM_CLIDR;
}

static uint64_t rd_ccsidr(ArmSysCtx *c, const ArmSysreg *r)
{
    switch (c->s->csselr_el1 & 0xf) {
    case 0:
        return ARM_CCSIDR(256, 2);      /* L1 D */
    case 1:
        return ARM_CCSIDR(256, 3);      /* L1 I */
    case 2:
        return ARM_CCSIDR(2048, 16);    /* L2 */
    default:
        return 0;                       /* no such cache: UNKNOWN */
    }
}

/* RVBAR_ELx exists only for the highest implemented EL. */
static int acc_rvbar(const ArmSysCtx *c, const ArmSysreg *r)
{
    unsigned top = c->s->el.have_el3 ? 3 : c->s->el.have_el2 ? 2 : 1;

    return r->arg == top ? ARM_ACC_OK : ARM_ACC_UNDEF;
}

static uint64_t rd_rvbar(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->rvbar;
}

/* ---- PSTATE views ---- */

static uint64_t rd_currentel(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->el << 2;
}

static uint64_t rd_spsel(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->el.sp_sel;
}

static void wr_spsel(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    ArmELState *e = &c->s->el;
    uint64_t *live = &c->cpu->env.xregs[A64_REG_SP];

    e->sp[arm_sp_index(e)] = *live;
    e->sp_sel = v & 1;
    *live = e->sp[arm_sp_index(e)];
}

static int acc_daif(const ArmSysCtx *c, const ArmSysreg *r)
{
    if (c->el == 0 && !(c->s->el.sctlr[1] & ARM_SCTLR_UMA)) {
        return arm_sr_el0_trap(c->s);
    }
    return ARM_ACC_OK;
}

static uint64_t rd_daif(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->el.pstate & ARM_PSTATE_DAIF;
}

static void wr_daif(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    ArmELState *e = &c->s->el;

    e->pstate = (e->pstate & ~ARM_PSTATE_DAIF) | (v & ARM_PSTATE_DAIF);
}

static uint64_t rd_nzcv(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->cpu->env.nzcv & ARM_PSTATE_NZCV;
}

static void wr_nzcv(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->cpu->env.nzcv = v & ARM_PSTATE_NZCV;
}

static int acc_pan(const ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->el.have_pan ? ARM_ACC_OK : ARM_ACC_UNDEF;
}

static uint64_t rd_pan(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->el.pstate & ARM_PSTATE_PAN;
}

static void wr_pan(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    ArmELState *e = &c->s->el;

    e->pstate = (e->pstate & ~ARM_PSTATE_PAN) | (v & ARM_PSTATE_PAN);
}

static uint64_t rd_isr(ArmSysCtx *c, const ArmSysreg *r)
{
    return (c->s->irq_line ? ARM_PSTATE_I : 0) |
           (c->s->fiq_line ? ARM_PSTATE_F : 0);
}

/* ---- stack pointers (the one in use is live in xregs[31]) ---- */

/* MSR/MRS SP_EL0 is UNDEFINED while SP_EL0 is the current SP. */
static int acc_sp_el0(const ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->el.sp_sel ? ARM_ACC_OK : ARM_ACC_UNDEF;
}

static uint64_t rd_sp(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->s->el.sp[r->arg];
}

static void wr_sp(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->el.sp[r->arg] = v;
}

/* ---- FP control, TPIDR_EL0 (live in env) ---- */

/* FPCR/FPSR exist with FP (ID_AA64PFR0.FP != 0xf), then the enables. */
static int acc_fp(const ArmSysCtx *c, const ArmSysreg *r)
{
    if (extract64(arm_sr_idreg(c, ARM_ID_AA64PFR0), 16, 4) == 0xf) {
        return ARM_ACC_UNDEF;
    }
    return arm_sr_fp_check(c->s);
}

static uint64_t rd_fpcr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->cpu->env.fpcr;
}

static void wr_fpcr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    /* AHP, DN, FZ, RMode; FZ16 with FP16 (ID_AA64PFR0.FP == 1). */
    uint32_t mask = 0x07c00000;

    if (extract64(arm_sr_idreg(c, ARM_ID_AA64PFR0), 16, 4) == 1) {
        mask |= 1u << 19;
    }
    c->cpu->env.fpcr = v & mask;
}

static uint64_t rd_fpsr(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->cpu->env.fpsr;
}

static void wr_fpsr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->cpu->env.fpsr = v & 0x0800009f;      /* QC and the cumulative bits */
}

static uint64_t rd_tpidr0(ArmSysCtx *c, const ArmSysreg *r)
{
    return c->cpu->env.tpidr_el0;
}

static void wr_tpidr0(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->cpu->env.tpidr_el0 = v;
}

static int acc_tpidrro(const ArmSysCtx *c, const ArmSysreg *r)
{
    return (c->el == 0 && !c->read) ? ARM_ACC_UNDEF : ARM_ACC_OK;
}

/* ---- controls with RES0/RES1 bits ---- */

/* SCTLR_EL1 writable bits: M A C SA SA0 CP15BEN ITD SED UMA I DZE UCT
 * nTWI nTWE WXN UCI, and SPAN with PAN. */
#define SCTLR_EL1_W 0x040dd3bfull
#define SCTLR_EL2_W 0x0008100full   /* M A C SA I WXN */

static void wr_sctlr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    unsigned el = r->arg;
    uint64_t w = el == 1 ? SCTLR_EL1_W : SCTLR_EL2_W;
    uint64_t res1 = el == 1 ? ARM_SCTLR_EL1_RES1 : ARM_SCTLR_EL2_RES1;

    if (el == 1 && c->s->el.have_pan) {
        w |= ARM_SCTLR_SPAN;
        res1 &= ~ARM_SCTLR_SPAN;
    }
    c->s->el.sctlr[el] = (v & w) | res1;
}

static void wr_hcr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    /* Armv8.0 fields [33:0]; RW is RAO (EL1 is AArch64 only). */
    c->s->el.hcr_el2 = (v & ((1ull << 34) - 1)) | ARM_HCR_RW;
}

static void wr_scr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    /* NS IRQ FIQ EA SMD HCE SIF ST TWI TWE; RW is RAO. */
    c->s->el.scr_el3 = (v & 0x3b8full) | ARM_SCR_RES1 | ARM_SCR_RW;
}

/* CPACR_EL1 and CPTR_EL2 accesses trapped by CPTR_EL2/EL3.TCPAC. */
static int acc_cpacr(const ArmSysCtx *c, const ArmSysreg *r)
{
    const ArmSysState *s = c->s;

    if (c->el == 1 && r->arg == 1 && s->el.have_el2 &&
        (s->cptr_el2 & (1ull << 31))) {
        return ARM_ACC_TRAP_EL2;
    }
    if (c->el < 3 && s->el.have_el3 && (s->cptr_el3 & (1ull << 31))) {
        return ARM_ACC_TRAP_EL3;
    }
    return ARM_ACC_OK;
}

static void wr_cptr_el2(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->cptr_el2 = (v & 0x80100400ull) | ARM_CPTR_EL2_RES1;
}

static void wr_csselr(ArmSysCtx *c, const ArmSysreg *r, uint64_t v)
{
    c->s->csselr_el1 = v & 0xf;
}

#define F(x) ARM_SR_FIELD(x)
#define K(a, b, c, d, e) ARM_SR_KEY(a, b, c, d, e)
#define TVM (ARM_SRF_TVM | ARM_SRF_TLB)

const ArmSysreg arm_sysregs_core[] = {
    /* identification */
    { K(3, 0, 0, 0, 0), "MIDR_EL1", ARM_SRF_RO, .read = rd_midr },
    { K(3, 0, 0, 0, 5), "MPIDR_EL1", ARM_SRF_RO, .read = rd_mpidr },
    { K(3, 0, 0, 0, 6), "REVIDR_EL1", ARM_SRF_RO | ARM_SRF_TID1,
      .read = arm_sr_read_raz },
    { K(3, 1, 0, 0, 0), "CCSIDR_EL1", ARM_SRF_RO | ARM_SRF_TID2,
      .read = rd_ccsidr },
    { K(3, 1, 0, 0, 1), "CLIDR_EL1", ARM_SRF_RO | ARM_SRF_TID2,
      .read = rd_clidr },
    { K(3, 1, 0, 0, 7), "AIDR_EL1", ARM_SRF_RO | ARM_SRF_TID1,
      .read = arm_sr_read_raz },
    { K(3, 2, 0, 0, 0), "CSSELR_EL1", ARM_SRF_TID2, F(csselr_el1),
      .write = wr_csselr },
    { K(3, 3, 0, 0, 1), "CTR_EL0", ARM_SRF_RO | ARM_SRF_EL0 | ARM_SRF_TID2,
      .access = acc_ctr, .read = rd_ctr },
    { K(3, 3, 0, 0, 7), "DCZID_EL0", ARM_SRF_RO | ARM_SRF_EL0,
      .read = rd_dczid },
    { K(3, 4, 0, 0, 0), "VPIDR_EL2", 0, F(vpidr_el2), 0xffffffff },
    { K(3, 4, 0, 0, 5), "VMPIDR_EL2", 0, F(vmpidr_el2), 0xff41ffffffull },
    { K(3, 0, 12, 0, 1), "RVBAR_EL1", ARM_SRF_RO, .access = acc_rvbar,
      .read = rd_rvbar, .arg = 1 },
    { K(3, 4, 12, 0, 1), "RVBAR_EL2", ARM_SRF_RO, .access = acc_rvbar,
      .read = rd_rvbar, .arg = 2 },
    { K(3, 6, 12, 0, 1), "RVBAR_EL3", ARM_SRF_RO, .access = acc_rvbar,
      .read = rd_rvbar, .arg = 3 },

    /* system control */
    { K(3, 0, 1, 0, 0), "SCTLR_EL1", TVM, F(el.sctlr[1]),
      .write = wr_sctlr, .arg = 1 },
    { K(3, 4, 1, 0, 0), "SCTLR_EL2", ARM_SRF_TLB, F(el.sctlr[2]),
      .write = wr_sctlr, .arg = 2 },
    { K(3, 6, 1, 0, 0), "SCTLR_EL3", ARM_SRF_TLB, F(el.sctlr[3]),
      .write = wr_sctlr, .arg = 3 },
    { K(3, 0, 1, 0, 1), "ACTLR_EL1", ARM_SRF_TACR, F(actlr[1]) },
    { K(3, 4, 1, 0, 1), "ACTLR_EL2", 0, F(actlr[2]) },
    { K(3, 6, 1, 0, 1), "ACTLR_EL3", 0, F(actlr[3]) },
    { K(3, 0, 1, 0, 2), "CPACR_EL1", 0, F(cpacr_el1), 0x10300000,
      .access = acc_cpacr, .arg = 1 },
    { K(3, 4, 1, 1, 0), "HCR_EL2", ARM_SRF_TLB | ARM_SRF_IRQ,
      F(el.hcr_el2), .write = wr_hcr },
    { K(3, 4, 1, 1, 1), "MDCR_EL2", 0, F(mdcr_el2), 0xfffff },
    { K(3, 4, 1, 1, 2), "CPTR_EL2", 0, F(cptr_el2), .access = acc_cpacr,
      .write = wr_cptr_el2, .arg = 2 },
    { K(3, 4, 1, 1, 3), "HSTR_EL2", 0, F(hstr_el2), 0xffff },
    { K(3, 4, 1, 1, 7), "HACR_EL2", 0, F(hacr_el2) },
    { K(3, 6, 1, 1, 0), "SCR_EL3", ARM_SRF_TLB | ARM_SRF_IRQ,
      F(el.scr_el3), .write = wr_scr },
    { K(3, 6, 1, 1, 2), "CPTR_EL3", 0, F(cptr_el3), 0x80100400 },
    { K(3, 6, 1, 3, 1), "MDCR_EL3", 0, F(mdcr_el3), 0x1ffffff },

    /* translation */
    { K(3, 0, 2, 0, 0), "TTBR0_EL1", TVM, F(ttbr0[1]) },
    { K(3, 0, 2, 0, 1), "TTBR1_EL1", TVM, F(ttbr1[1]) },
    { K(3, 0, 2, 0, 2), "TCR_EL1", TVM, F(tcr[1]), 0x7fffffffffull },
    { K(3, 4, 2, 0, 0), "TTBR0_EL2", ARM_SRF_TLB, F(ttbr0[2]) },
    { K(3, 4, 2, 0, 2), "TCR_EL2", ARM_SRF_TLB, F(tcr[2]), 0x17ff3full },
    { K(3, 4, 2, 1, 0), "VTTBR_EL2", ARM_SRF_TLB, F(vttbr_el2) },
    { K(3, 4, 2, 1, 2), "VTCR_EL2", ARM_SRF_TLB, F(vtcr_el2), 0x7ffffull },
    { K(3, 6, 2, 0, 0), "TTBR0_EL3", ARM_SRF_TLB, F(ttbr0[3]) },
    { K(3, 6, 2, 0, 2), "TCR_EL3", ARM_SRF_TLB, F(tcr[3]), 0x17ff3full },
    { K(3, 0, 10, 2, 0), "MAIR_EL1", TVM, F(mair[1]) },
    { K(3, 0, 10, 3, 0), "AMAIR_EL1", ARM_SRF_TVM, F(amair[1]) },
    { K(3, 4, 10, 2, 0), "MAIR_EL2", ARM_SRF_TLB, F(mair[2]) },
    { K(3, 4, 10, 3, 0), "AMAIR_EL2", 0, F(amair[2]) },
    { K(3, 6, 10, 2, 0), "MAIR_EL3", ARM_SRF_TLB, F(mair[3]) },
    { K(3, 6, 10, 3, 0), "AMAIR_EL3", 0, F(amair[3]) },
    { K(3, 0, 13, 0, 1), "CONTEXTIDR_EL1", ARM_SRF_TVM, F(contextidr_el1),
      0xffffffff },
    { K(3, 0, 7, 4, 0), "PAR_EL1", 0, F(par_el1) },

    /* exception handling */
    { K(3, 0, 4, 0, 0), "SPSR_EL1", 0, F(el.spsr[1]), 0xffffffff },
    { K(3, 0, 4, 0, 1), "ELR_EL1", 0, F(el.elr[1]) },
    { K(3, 4, 4, 0, 0), "SPSR_EL2", 0, F(el.spsr[2]), 0xffffffff },
    { K(3, 4, 4, 0, 1), "ELR_EL2", 0, F(el.elr[2]) },
    { K(3, 6, 4, 0, 0), "SPSR_EL3", 0, F(el.spsr[3]), 0xffffffff },
    { K(3, 6, 4, 0, 1), "ELR_EL3", 0, F(el.elr[3]) },
    { K(3, 4, 4, 3, 0), "SPSR_irq", ARM_SRF_NOFIELD,
      .read = arm_sr_read_raz, .write = arm_sr_write_wi },
    { K(3, 4, 4, 3, 1), "SPSR_abt", ARM_SRF_NOFIELD,
      .read = arm_sr_read_raz, .write = arm_sr_write_wi },
    { K(3, 4, 4, 3, 2), "SPSR_und", ARM_SRF_NOFIELD,
      .read = arm_sr_read_raz, .write = arm_sr_write_wi },
    { K(3, 4, 4, 3, 3), "SPSR_fiq", ARM_SRF_NOFIELD,
      .read = arm_sr_read_raz, .write = arm_sr_write_wi },
    { K(3, 0, 5, 1, 0), "AFSR0_EL1", ARM_SRF_TVM, F(afsr0[1]) },
    { K(3, 0, 5, 1, 1), "AFSR1_EL1", ARM_SRF_TVM, F(afsr1[1]) },
    { K(3, 0, 5, 2, 0), "ESR_EL1", ARM_SRF_TVM, F(el.esr[1]), 0xffffffff },
    { K(3, 4, 5, 1, 0), "AFSR0_EL2", 0, F(afsr0[2]) },
    { K(3, 4, 5, 1, 1), "AFSR1_EL2", 0, F(afsr1[2]) },
    { K(3, 4, 5, 2, 0), "ESR_EL2", 0, F(el.esr[2]), 0xffffffff },
    { K(3, 6, 5, 1, 0), "AFSR0_EL3", 0, F(afsr0[3]) },
    { K(3, 6, 5, 1, 1), "AFSR1_EL3", 0, F(afsr1[3]) },
    { K(3, 6, 5, 2, 0), "ESR_EL3", 0, F(el.esr[3]), 0xffffffff },
    { K(3, 0, 6, 0, 0), "FAR_EL1", ARM_SRF_TVM, F(el.far[1]) },
    { K(3, 4, 6, 0, 0), "FAR_EL2", 0, F(el.far[2]) },
    { K(3, 4, 6, 0, 4), "HPFAR_EL2", 0, F(hpfar_el2), 0xffffffffff0ull },
    { K(3, 6, 6, 0, 0), "FAR_EL3", 0, F(el.far[3]) },
    { K(3, 0, 12, 0, 0), "VBAR_EL1", 0, F(el.vbar[1]), ~0x7ffull },
    { K(3, 4, 12, 0, 0), "VBAR_EL2", 0, F(el.vbar[2]), ~0x7ffull },
    { K(3, 6, 12, 0, 0), "VBAR_EL3", 0, F(el.vbar[3]), ~0x7ffull },
    { K(3, 0, 12, 1, 0), "ISR_EL1", ARM_SRF_RO, .read = rd_isr },

    /* PSTATE and stack pointers */
    { K(3, 0, 4, 1, 0), "SP_EL0", 0, .access = acc_sp_el0,
      .read = rd_sp, .write = wr_sp, .arg = 0 },
    { K(3, 4, 4, 1, 0), "SP_EL1", 0, .read = rd_sp, .write = wr_sp,
      .arg = 1 },
    { K(3, 6, 4, 1, 0), "SP_EL2", 0, .read = rd_sp, .write = wr_sp,
      .arg = 2 },
    { K(3, 0, 4, 2, 0), "SPSel", 0, .read = rd_spsel, .write = wr_spsel },
    { K(3, 0, 4, 2, 2), "CurrentEL", ARM_SRF_RO, .read = rd_currentel },
    { K(3, 0, 4, 2, 3), "PAN", ARM_SRF_TLB, .access = acc_pan,
      .read = rd_pan, .write = wr_pan },
    { K(3, 3, 4, 2, 0), "NZCV", ARM_SRF_EL0, .read = rd_nzcv,
      .write = wr_nzcv },
    { K(3, 3, 4, 2, 1), "DAIF", ARM_SRF_EL0 | ARM_SRF_IRQ,
      .access = acc_daif, .read = rd_daif, .write = wr_daif },
    { K(3, 3, 4, 4, 0), "FPCR", ARM_SRF_EL0, .access = acc_fp,
      .read = rd_fpcr, .write = wr_fpcr },
    { K(3, 3, 4, 4, 1), "FPSR", ARM_SRF_EL0, .access = acc_fp,
      .read = rd_fpsr, .write = wr_fpsr },

    /* thread IDs */
    { K(3, 3, 13, 0, 2), "TPIDR_EL0", ARM_SRF_EL0, .read = rd_tpidr0,
      .write = wr_tpidr0 },
    { K(3, 3, 13, 0, 3), "TPIDRRO_EL0", ARM_SRF_EL0, F(tpidrro_el0),
      .access = acc_tpidrro },
    { K(3, 0, 13, 0, 4), "TPIDR_EL1", 0, F(tpidr[1]) },
    { K(3, 4, 13, 0, 2), "TPIDR_EL2", 0, F(tpidr[2]) },
    { K(3, 6, 13, 0, 2), "TPIDR_EL3", 0, F(tpidr[3]) },
    { 0 }
};
