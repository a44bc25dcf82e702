/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 system registers (target/arm/sysreg*.c) executed instruction by
 * instruction: encodings (words checked against GNU as), the EL access
 * rules and HCR_EL2/CPACR/CNTKCTL traps with their syndromes, reset
 * values, RES0/RES1 bits, PSTATE and banked SP, the generic timer against
 * gtimer.c on a manual virtual clock, the ICC_* registers against a real
 * GICv3, AT into PAR_EL1 on page tables in RAM, TLBI side effects, and
 * the ID registers after -cpu customisation.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/core/sysbus.h"
#include "hw/intc/arm_gicv3.h"
#include "qapi/error.h"
#include "qemu/bitops.h"
#include "target/arm/sysreg.h"
#include "target/arm/sysreg-internal.h"

/* Encoders: bits [31:22] 1101010100, L, op0, op1, CRn, CRm, op2, Rt. */
static uint32_t enc(bool l, unsigned op0, unsigned op1, unsigned crn,
                    unsigned crm, unsigned op2, unsigned rt)
{
    return 0xd5000000u | (l << 21) | (op0 << 19) | (op1 << 16) |
           (crn << 12) | (crm << 8) | (op2 << 5) | rt;
}

#define MRS(op0, op1, crn, crm, op2, rt) enc(1, op0, op1, crn, crm, op2, rt)
#define MSR(op0, op1, crn, crm, op2, rt) enc(0, op0, op1, crn, crm, op2, rt)

/* Words from aarch64-linux-gnu-as. */
#define I_MRS_MIDR          0xd5380000u     /* mrs x0, midr_el1 */
#define I_MSR_SCTLR_EL1     0xd5181000u     /* msr sctlr_el1, x0 */
#define I_MRS_CNTVCT        0xd53be041u     /* mrs x1, cntvct_el0 */
#define I_TLBI_VMALLE1IS    0xd508831fu
#define I_DAIFSET_2         0xd50342dfu     /* msr daifset, #2 */
#define I_AT_S1E1R          0xd5087800u     /* at s1e1r, x0 */
#define I_IC_IALLU          0xd508751fu
#define I_DC_CIVAC          0xd50b7e20u     /* dc civac, x0 */
#define I_MRS_CURRENTEL     0xd5384240u     /* mrs x0, currentel */
#define I_SPSEL_0           0xd50040bfu     /* msr spsel, #0 */
#define I_MRS_IAR1          0xd538cc02u     /* mrs x2, icc_iar1_el1 */
#define I_MSR_SGI1R         0xd518cba3u     /* msr icc_sgi1r_el1, x3 */
#define I_TLBI_VAE1IS       0xd5088324u     /* tlbi vae1is, x4 */
#define I_MRS_PFR0          0xd5380405u     /* mrs x5, id_aa64pfr0_el1 */
#define I_MRS_CTR           0xd53b0026u     /* mrs x6, ctr_el0 */
#define I_MSR_FPCR          0xd51b4407u     /* msr fpcr, x7 */
#define I_MSR_OSLAR_ZR      0xd510109fu     /* msr oslar_el1, xzr */
#define I_DC_ZVA            0xd50b7428u     /* dc zva, x8 */
#define I_PAN_1             0xd500419fu     /* msr pan, #1 */
#define I_AT_S1E0W          0xd5087869u     /* at s1e0w, x9 */

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x100000
#define GICD 0x08000000ull
#define GICR 0x080a0000ull

extern const TypeInfo none_machine_type_info;

typedef struct Fx {
    ARMCPU *cpu;
    ArmSysState s;
    QEMUClocks *clocks;
    MemoryRegion sys, ram;
    AddressSpace as;
    uint8_t *host;
} Fx;

static Fx *fx_new(bool el2, bool el3)
{
    Fx *f = g_new0(Fx, 1);

    f->cpu = arm_cpu_new(arm_cpu_model_find("cortex-a57"), 0);
    f->cpu->sys = &f->s;
    f->clocks = qemu_clocks_new();
    qemu_clocks_set_virtual_mode(f->clocks, VIRTUAL_CLOCK_MANUAL);
    f->host = g_malloc0(RAM_SIZE);
    memory_region_init(&f->sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&f->ram, NULL, "ram", RAM_SIZE, f->host);
    memory_region_add_subregion(&f->sys, RAM_BASE, &f->ram);
    address_space_init(&f->as, &f->sys, "as");
    f->s.as = &f->as;
    f->s.clocks = f->clocks;
    f->s.mpidr = gicv3_cpu_affinity(0);
    f->s.rvbar = 0x40080000;
    f->s.el.have_el2 = el2;
    f->s.el.have_el3 = el3;
    /* a model with PAN (Armv8.1): have_pan follows ID_AA64MMFR1.PAN */
    f->cpu->idregs.limit[ARM_ID_AA64MMFR1] |= 1ull << 20;
    g_assert_true(arm_sysreg_idregs_init(f->cpu, el2, el3, NULL,
                                         &error_abort));
    g_assert_true(f->s.el.have_pan);
    arm_sysreg_reset(f->cpu);
    return f;
}

static void fx_free(Fx *f)
{
    address_space_destroy(&f->as);
    memory_region_finalize(&f->sys);
    memory_region_finalize(&f->ram);
    g_free(f->host);
    qemu_clocks_free(f->clocks);
    f->cpu->sys = NULL;
    arm_cpu_free(f->cpu);
    g_free(f);
}

static ArmSysregResult run(Fx *f, uint32_t insn)
{
    return arm_sysreg_exec(f->cpu, insn);
}

/* Execute, expect OK, return Xt (for reads). */
static uint64_t ok(Fx *f, uint32_t insn)
{
    ArmSysregResult r = run(f, insn);

    g_assert_cmpint(r.kind, ==, ARM_SR_OK);
    return f->cpu->env.xregs[insn & 31];
}

static uint64_t rd(Fx *f, unsigned op0, unsigned op1, unsigned crn,
                   unsigned crm, unsigned op2)
{
    return ok(f, MRS(op0, op1, crn, crm, op2, 0));
}

static void wr(Fx *f, unsigned op0, unsigned op1, unsigned crn,
               unsigned crm, unsigned op2, uint64_t v)
{
    f->cpu->env.xregs[1] = v;
    ok(f, MSR(op0, op1, crn, crm, op2, 1));
}

static void expect_undef(Fx *f, uint32_t insn)
{
    g_assert_cmpint(run(f, insn).kind, ==, ARM_SR_UNDEF);
}

static void expect_trap(Fx *f, uint32_t insn, unsigned el, unsigned ec)
{
    ArmSysregResult r = run(f, insn);

    g_assert_cmpint(r.kind, ==, ARM_SR_TRAP);
    g_assert_cmpuint(r.target_el, ==, el);
    g_assert_cmphex(r.esr >> 26, ==, ec);
    g_assert_cmphex(r.esr & (1u << 25), ==, 1u << 25);  /* IL */
}

static void test_table(void)
{
    const ArmSysreg *tabs[] = {
        arm_sysregs_core, arm_sysregs_timer_gic, arm_sysregs_debug,
        arm_sysregs_sys,
    };
    GHashTable *seen = g_hash_table_new(NULL, NULL);
    unsigned n = 0;

    for (unsigned t = 0; t < ARRAY_SIZE(tabs); t++) {
        for (const ArmSysreg *r = tabs[t]; r->name; r++, n++) {
            g_assert_false(g_hash_table_contains(seen,
                                                 GUINT_TO_POINTER(r->key)));
            g_hash_table_add(seen, GUINT_TO_POINTER(r->key));
            g_assert_true(arm_sysreg_find(r->key) == r);
            /* a readable row has a way to read, a writable one to write */
            g_assert_true((r->flags & ARM_SRF_WO) || r->read || r->offset);
            g_assert_true((r->flags & ARM_SRF_RO) || r->write || r->offset);
        }
    }
    g_assert_cmpuint(n, >, 300);
    g_hash_table_destroy(seen);
    g_assert_true(arm_sysreg_is_system_insn(I_MRS_MIDR));
    g_assert_false(arm_sysreg_is_system_insn(0xd65f03c0));    /* ret */
}

static void test_encodings(void)
{
    Fx *f = fx_new(false, false);

    g_assert_cmphex(I_MRS_MIDR, ==, MRS(3, 0, 0, 0, 0, 0));
    g_assert_cmphex(I_MSR_SCTLR_EL1, ==, MSR(3, 0, 1, 0, 0, 0));
    g_assert_cmphex(I_MRS_CURRENTEL, ==, MRS(3, 0, 4, 2, 2, 0));
    g_assert_cmphex(ok(f, I_MRS_MIDR), ==, 0x411fd070);
    g_assert_cmphex(ok(f, I_MRS_CURRENTEL), ==, 1 << 2);
    f->cpu->env.xregs[0] = 0x30d00805;
    ok(f, I_MSR_SCTLR_EL1);
    g_assert_cmphex(f->s.el.sctlr[1], ==, 0x30d00805);
    g_assert_cmphex(f->s.pending & (ARM_SYS_FLUSH_TLB | ARM_SYS_END_BLOCK),
                    ==, ARM_SYS_FLUSH_TLB | ARM_SYS_END_BLOCK);
    g_assert_cmphex(ok(f, I_MRS_CTR), ==, f->cpu->idregs.val[ARM_ID_CTR]);
    g_assert_cmphex(ok(f, I_MRS_PFR0), ==,
                    f->cpu->idregs.val[ARM_ID_AA64PFR0]);
    /* Rt = 31 is XZR: a read is discarded, a write writes zero */
    f->cpu->env.xregs[A64_REG_SP] = 0x1234;
    ok(f, MRS(3, 0, 0, 0, 0, 31));
    g_assert_cmphex(f->cpu->env.xregs[A64_REG_SP], ==, 0x1234);
    wr(f, 3, 0, 13, 0, 4, 77);                      /* TPIDR_EL1 */
    ok(f, MSR(3, 0, 13, 0, 4, 31));
    g_assert_cmphex(f->s.tpidr[1], ==, 0);
    /* unimplemented: logged and UNDEF; SYSL UNDEF */
    expect_undef(f, MRS(3, 0, 15, 15, 7, 0));
    expect_undef(f, enc(1, 1, 0, 7, 5, 0, 0));
    /* LORegions are absent from the model */
    expect_undef(f, MRS(3, 0, 10, 4, 0, 0));
    fx_free(f);
}

static void test_el_rules(void)
{
    Fx *f = fx_new(false, false);

    f->s.el.el = 0;
    expect_undef(f, I_MSR_SCTLR_EL1);
    expect_undef(f, I_MRS_MIDR);
    expect_undef(f, I_TLBI_VMALLE1IS);
    expect_undef(f, I_AT_S1E1R);
    expect_undef(f, I_SPSEL_0);
    /* CTR_EL0 needs SCTLR_EL1.UCT; the trap goes to EL1, EC 0x18 */
    expect_trap(f, I_MRS_CTR, 1, ARM_EC_SYSREG);
    g_assert_cmphex(run(f, I_MRS_CTR).esr & 0x1ffffff, ==,
                    (3u << 20) | (1u << 17) | (3u << 14) | (6u << 5) | 1);
    f->s.el.sctlr[1] |= ARM_SCTLR_UCT;
    g_assert_cmphex(ok(f, I_MRS_CTR), ==, f->cpu->idregs.val[ARM_ID_CTR]);
    /* DAIF needs UMA; NZCV, TPIDR_EL0 do not; TPIDRRO_EL0 is read-only */
    expect_trap(f, I_DAIFSET_2, 1, ARM_EC_SYSREG);
    expect_trap(f, MRS(3, 3, 4, 2, 1, 0), 1, ARM_EC_SYSREG);
    f->s.el.sctlr[1] |= ARM_SCTLR_UMA;
    ok(f, I_DAIFSET_2);
    wr(f, 3, 3, 4, 2, 0, 0x60000000);
    g_assert_cmphex(f->cpu->env.nzcv, ==, 0x60000000);
    wr(f, 3, 3, 13, 0, 2, 0xabc);
    g_assert_cmphex(f->cpu->env.tpidr_el0, ==, 0xabc);
    f->s.tpidrro_el0 = 0x55;
    g_assert_cmphex(rd(f, 3, 3, 13, 0, 3), ==, 0x55);
    expect_undef(f, MSR(3, 3, 13, 0, 3, 0));
    /* DC CIVAC at EL0 needs UCI, DC ZVA needs DZE */
    expect_trap(f, I_DC_CIVAC, 1, ARM_EC_SYSREG);
    expect_trap(f, I_DC_ZVA, 1, ARM_EC_SYSREG);
    g_assert_cmphex(rd(f, 3, 3, 0, 0, 7), ==, ARM_DCZID_BS | 0x10);
    f->s.el.sctlr[1] |= ARM_SCTLR_UCI | ARM_SCTLR_DZE;
    ok(f, I_DC_CIVAC);
    ok(f, I_DC_ZVA);
    g_assert_cmphex(rd(f, 3, 3, 0, 0, 7), ==, ARM_DCZID_BS);
    /* PMU at EL0 traps (PMUSERENR_EL0 reads 0) */
    g_assert_cmphex(rd(f, 3, 3, 9, 14, 0), ==, 0);
    expect_trap(f, MRS(3, 3, 9, 12, 0, 0), 1, ARM_EC_SYSREG);
    /* absent EL2/EL3: their registers UNDEF even at EL1 */
    f->s.el.el = 1;
    expect_undef(f, MRS(3, 4, 1, 1, 0, 0));         /* HCR_EL2 */
    expect_undef(f, MRS(3, 6, 1, 1, 0, 0));         /* SCR_EL3 */
    g_assert_cmphex(rd(f, 3, 0, 12, 0, 1), ==, 0x40080000);    /* RVBAR */
    fx_free(f);
}

static void test_el2_traps(void)
{
    Fx *f = fx_new(true, false);

    g_assert_cmpuint(f->s.el.el, ==, 2);
    g_assert_cmphex(rd(f, 3, 4, 12, 0, 1), ==, 0x40080000);  /* RVBAR_EL2 */
    expect_undef(f, MRS(3, 0, 12, 0, 1, 0));        /* not RVBAR_EL1 */
    expect_undef(f, MRS(3, 5, 1, 0, 0, 0));         /* SCTLR_EL12: no VHE */
    wr(f, 3, 4, 1, 1, 0, ARM_HCR_TVM | ARM_HCR_TID3 | ARM_HCR_TTLB);
    g_assert_cmphex(f->s.el.hcr_el2, ==, ARM_HCR_TVM | ARM_HCR_TID3 |
                    ARM_HCR_TTLB | ARM_HCR_RW);
    g_assert_true(f->s.pending & ARM_SYS_IRQ_RECHECK);
    f->s.el.el = 1;
    /* TVM traps writes, not reads (that is TRVM) */
    expect_trap(f, I_MSR_SCTLR_EL1, 2, ARM_EC_SYSREG);
    g_assert_cmphex(run(f, I_MSR_SCTLR_EL1).esr & 1, ==, 0);
    rd(f, 3, 0, 1, 0, 0);
    expect_trap(f, I_MRS_PFR0, 2, ARM_EC_SYSREG);   /* TID3 */
    g_assert_cmphex(run(f, I_MRS_PFR0).esr & 0x3e1, ==, (5u << 5) | 1);
    expect_trap(f, I_TLBI_VMALLE1IS, 2, ARM_EC_SYSREG);
    /* MIDR/MPIDR at EL1 read VPIDR/VMPIDR */
    f->s.vpidr_el2 = 0x410fd034;
    f->s.vmpidr_el2 = 0x80000003;
    g_assert_cmphex(ok(f, I_MRS_MIDR), ==, 0x410fd034);
    g_assert_cmphex(rd(f, 3, 0, 0, 0, 5), ==, 0x80000003);
    /* EL1 physical counter gated by CNTHCTL_EL2 */
    f->s.cnthctl_el2 = 0;
    expect_trap(f, MRS(3, 3, 14, 0, 1, 0), 2, ARM_EC_SYSREG);
    expect_trap(f, MRS(3, 3, 14, 2, 1, 0), 2, ARM_EC_SYSREG);
    ok(f, I_MRS_CNTVCT);
    /* FP: CPACR_EL1.FPEN 0 traps FPCR at EL1 with EC 0x07 to EL1 */
    expect_trap(f, I_MSR_FPCR, 1, ARM_EC_FP_ACCESS);
    wr(f, 3, 0, 1, 0, 2, 3u << 20);
    f->cpu->env.xregs[7] = 0xffffffff;
    ok(f, I_MSR_FPCR);
    g_assert_cmphex(f->cpu->env.fpcr, ==, 0x07c00000);
    f->s.cptr_el2 |= 1u << 10;                      /* TFP */
    expect_trap(f, I_MSR_FPCR, 2, ARM_EC_FP_ACCESS);
    g_assert_cmpint(arm_sysreg_fp_access(f->cpu).target_el, ==, 2);
    fx_free(f);
}

static void test_more_traps(void)
{
    Fx *f = fx_new(true, true);
    ArmSysregResult r;

    /* EL3 gives EL1 a Non-secure world with EL2 traps enabled */
    f->s.el.scr_el3 |= ARM_SCR_NS | ARM_SCR_HCE;
    f->s.el.hcr_el2 |= ARM_HCR_TRVM | ARM_HCR_TACR;
    f->s.el.el = 1;
    expect_trap(f, MRS(3, 0, 2, 0, 0, 0), 2, ARM_EC_SYSREG);    /* TTBR0 */
    wr(f, 3, 0, 2, 0, 0, 0x1000);           /* TVM clear: writes pass */
    expect_trap(f, MRS(3, 0, 1, 0, 1, 0), 2, ARM_EC_SYSREG);    /* ACTLR */
    f->s.el.hcr_el2 &= ~(ARM_HCR_TRVM | ARM_HCR_TACR);
    /* Secure EL1 (SCR_EL3.NS 0): no EL2 traps, CNTPS_* with ST */
    f->s.el.hcr_el2 |= ARM_HCR_TRVM;
    f->s.el.scr_el3 &= ~ARM_SCR_NS;
    rd(f, 3, 0, 2, 0, 0);
    expect_trap(f, MRS(3, 7, 14, 2, 1, 0), 3, ARM_EC_SYSREG);
    f->s.el.scr_el3 |= ARM_SCR_ST;
    rd(f, 3, 7, 14, 2, 1);
    f->s.el.scr_el3 |= ARM_SCR_NS;
    f->s.el.hcr_el2 &= ~ARM_HCR_TRVM;
    /* CPTR_EL2.TCPAC, CPTR_EL3.TCPAC */
    f->s.cptr_el2 |= 1ull << 31;
    expect_trap(f, MRS(3, 0, 1, 0, 2, 0), 2, ARM_EC_SYSREG);    /* CPACR */
    f->s.cptr_el2 &= ~(1ull << 31);
    f->s.cptr_el3 |= 1ull << 31;
    expect_trap(f, MRS(3, 0, 1, 0, 2, 0), 3, ARM_EC_SYSREG);
    f->s.el.el = 2;
    expect_trap(f, MRS(3, 4, 1, 1, 2, 0), 3, ARM_EC_SYSREG);    /* CPTR2 */
    f->s.cptr_el3 = 0;
    /* ICC_SRE_EL2/EL3.Enable gate ICC_SRE_EL1 (a GIC is needed first) */
    f->s.gic = (void *)1;                   /* never dereferenced here */
    f->cpu->idregs.val[ARM_ID_AA64PFR0] |= 1ull << 24;         /* GIC */
    f->s.icc_sre[2] = ARM_ICC_SRE_SRE;
    f->s.el.el = 1;
    expect_trap(f, MRS(3, 0, 12, 12, 5, 0), 2, ARM_EC_SYSREG);
    f->s.icc_sre[2] |= ARM_ICC_SRE_ENABLE;
    f->s.icc_sre[3] = ARM_ICC_SRE_SRE;
    expect_trap(f, MRS(3, 0, 12, 12, 5, 0), 3, ARM_EC_SYSREG);
    /* ICH_* at EL2: stored, VTR describes 4 list registers */
    f->s.icc_sre[3] |= ARM_ICC_SRE_ENABLE;
    f->s.el.el = 2;
    g_assert_cmphex(rd(f, 3, 4, 12, 11, 1), ==, 0x90100003);    /* VTR */
    g_assert_cmphex(rd(f, 3, 4, 12, 11, 5), ==, 0xf);           /* ELRSR */
    wr(f, 3, 4, 12, 12, 2, 0x5000000000000020ull);              /* LR2 */
    g_assert_cmphex(rd(f, 3, 4, 12, 12, 2), ==, 0x5000000000000020ull);
    g_assert_cmphex(rd(f, 3, 4, 12, 11, 5), ==, 0xb);
    wr(f, 3, 4, 12, 11, 0, 1);                                  /* HCR */
    g_assert_cmphex(rd(f, 3, 4, 12, 11, 0), ==, 1);
    expect_undef(f, MSR(3, 4, 12, 11, 1, 0));
    f->s.el.el = 1;
    expect_undef(f, MRS(3, 4, 12, 11, 0, 0));
    f->s.gic = NULL;
    /* HVC, SMC, WFI/WFE rules */
    g_assert_cmpint(arm_sysreg_hvc_check(&f->s).kind, ==, ARM_SR_OK);
    f->s.el.scr_el3 &= ~ARM_SCR_HCE;
    g_assert_cmpint(arm_sysreg_hvc_check(&f->s).kind, ==, ARM_SR_UNDEF);
    g_assert_cmpint(arm_sysreg_smc_check(&f->s, 7).kind, ==, ARM_SR_OK);
    f->s.el.hcr_el2 |= ARM_HCR_TSC;
    r = arm_sysreg_smc_check(&f->s, 7);
    g_assert_cmpint(r.kind, ==, ARM_SR_TRAP);
    g_assert_cmpuint(r.target_el, ==, 2);
    g_assert_cmphex(r.esr, ==, (ARM_EC_SMC << 26) | (1u << 25) | 7);
    f->s.el.scr_el3 |= ARM_SCR_SMD;
    f->s.el.el = 2;
    g_assert_cmpint(arm_sysreg_smc_check(&f->s, 0).kind, ==, ARM_SR_UNDEF);
    f->s.el.el = 0;
    r = arm_sysreg_wfx_check(&f->s, true);
    g_assert_cmpint(r.kind, ==, ARM_SR_TRAP);
    g_assert_cmpuint(r.target_el, ==, 1);
    g_assert_cmphex(r.esr, ==, (ARM_EC_WFX << 26) | (1u << 25) | 1);
    f->s.el.sctlr[1] |= ARM_SCTLR_NTWI | ARM_SCTLR_NTWE;
    g_assert_cmpint(arm_sysreg_wfx_check(&f->s, false).kind, ==, ARM_SR_OK);
    f->s.el.scr_el3 |= ARM_SCR_TWI;
    g_assert_cmpuint(arm_sysreg_wfx_check(&f->s, false).target_el, ==, 3);
    fx_free(f);
}

static void test_reset(void)
{
    Fx *f = fx_new(true, true);

    g_assert_cmpuint(f->s.el.el, ==, 3);
    g_assert_true(f->s.el.sp_sel);
    g_assert_cmphex(f->s.el.pc, ==, 0x40080000);
    g_assert_cmphex(rd(f, 3, 0, 4, 2, 0), ==, 1);               /* SPSel */
    g_assert_cmphex(rd(f, 3, 3, 4, 2, 1), ==, 0x3c0);           /* DAIF */
    g_assert_cmphex(rd(f, 3, 0, 1, 0, 0), ==, 0x30d00800);      /* SCTLR1 */
    g_assert_cmphex(rd(f, 3, 4, 1, 0, 0), ==, 0x30c50830);      /* SCTLR2 */
    g_assert_cmphex(rd(f, 3, 6, 1, 0, 0), ==, 0x30c50830);      /* SCTLR3 */
    g_assert_cmphex(rd(f, 3, 6, 1, 1, 0), ==, 0x430);           /* SCR */
    g_assert_cmphex(rd(f, 3, 4, 1, 1, 0), ==, ARM_HCR_RW);
    g_assert_cmphex(rd(f, 3, 4, 1, 1, 2), ==, 0x33ff);          /* CPTR2 */
    g_assert_cmphex(rd(f, 2, 0, 1, 1, 4), ==, 0xa);             /* OSLSR */
    g_assert_cmphex(rd(f, 3, 0, 0, 0, 5), ==, 0x80000000);      /* MPIDR */
    g_assert_cmphex(rd(f, 3, 6, 12, 0, 1), ==, 0x40080000);     /* RVBAR3 */
    g_assert_cmphex(rd(f, 3, 3, 14, 0, 0), ==, ARM_GT_DEFAULT_FREQ);
    g_assert_cmphex(rd(f, 3, 1, 0, 0, 1), ==, 0x0a200023);      /* CLIDR */
    g_assert_cmphex(rd(f, 3, 4, 0, 0, 0), ==, 0x411fd070);      /* VPIDR */
    g_assert_cmphex(rd(f, 3, 0, 7, 4, 0), ==, 0);               /* PAR */
    /* CSSELR selects CCSIDR */
    wr(f, 3, 2, 0, 0, 0, 0xff);
    g_assert_cmphex(rd(f, 3, 2, 0, 0, 0), ==, 0xf);
    wr(f, 3, 2, 0, 0, 0, 0);
    g_assert_cmphex(rd(f, 3, 1, 0, 0, 0), ==, (255u << 13) | (1 << 3) | 2);
    /* RES0/RES1 */
    wr(f, 3, 0, 1, 0, 0, 0);
    g_assert_cmphex(f->s.el.sctlr[1], ==, 0x30500800);  /* SPAN writable */
    wr(f, 3, 0, 1, 0, 0, ~0ull);
    g_assert_cmphex(f->s.el.sctlr[1], ==, 0x34dddbbf);
    wr(f, 3, 6, 1, 1, 0, 0);
    g_assert_cmphex(f->s.el.scr_el3, ==, 0x430);
    wr(f, 3, 0, 12, 0, 0, 0x12345fff);
    g_assert_cmphex(rd(f, 3, 0, 12, 0, 0), ==, 0x12345800);     /* VBAR */
    /* writes survive, reset restores, configuration is kept */
    wr(f, 3, 0, 13, 0, 4, 99);
    arm_sysreg_reset(f->cpu);
    g_assert_cmphex(f->s.tpidr[1], ==, 0);
    g_assert_true(f->s.as == &f->as && f->s.el.have_el2);
    fx_free(f);
}

static void test_pstate(void)
{
    Fx *f = fx_new(false, false);
    uint64_t *sp = &f->cpu->env.xregs[A64_REG_SP];

    ok(f, enc(0, 0, 3, 4, 2, 7, 31));           /* DAIFClr #2 */
    g_assert_cmphex(f->s.el.pstate & ARM_PSTATE_DAIF, ==, 0x340);
    g_assert_true(f->s.pending & ARM_SYS_IRQ_RECHECK);
    ok(f, I_DAIFSET_2);
    g_assert_cmphex(f->s.el.pstate & ARM_PSTATE_DAIF, ==, 0x3c0);
    ok(f, I_PAN_1);
    g_assert_cmphex(rd(f, 3, 0, 4, 2, 3), ==, ARM_PSTATE_PAN);
    g_assert_true(arm_sysreg_regime(f->cpu, 1).pan);
    expect_undef(f, enc(0, 0, 0, 4, 0, 3, 31));     /* UAO: absent */
    /* SPSel banks the live SP */
    *sp = 0x1111;                               /* SP_EL1 live */
    f->s.el.sp[0] = 0x2222;
    g_assert_cmphex(rd(f, 3, 0, 4, 1, 0), ==, 0x2222);  /* SP_EL0 */
    ok(f, I_SPSEL_0);
    g_assert_cmphex(*sp, ==, 0x2222);
    g_assert_cmphex(f->s.el.sp[1], ==, 0x1111);
    expect_undef(f, MRS(3, 0, 4, 1, 0, 0));     /* SP_EL0 while in use */
    wr(f, 3, 0, 4, 2, 0, 1);                    /* MSR SPSel, x1 */
    g_assert_cmphex(*sp, ==, 0x1111);
    g_assert_cmphex(rd(f, 3, 0, 4, 2, 2), ==, 4);
    /* ISR_EL1 mirrors the lines */
    f->s.irq_line = true;
    g_assert_cmphex(rd(f, 3, 0, 12, 1, 0), ==, 0x80);
    fx_free(f);
}

static void test_timer(void)
{
    Fx *f = fx_new(true, false);
    ArmGTState *gt = &f->s.gt;

    qemu_clock_advance_virtual(f->clocks, 1000000);     /* 1 ms */
    g_assert_cmpuint(rd(f, 3, 3, 14, 0, 1), ==, 62500);
    wr(f, 3, 4, 14, 0, 3, 500);                         /* CNTVOFF */
    g_assert_true(f->s.pending & ARM_SYS_TIMER_CHANGED);
    g_assert_cmpuint(ok(f, I_MRS_CNTVCT), ==, 62000);
    g_assert_cmpuint(ok(f, I_MRS_CNTVCT), ==,
                     arm_gt_count(gt, ARM_GT_VIRT, 1000000));
    f->s.el.el = 1;
    f->s.pending = 0;
    wr(f, 3, 3, 14, 3, 0, 1000);                        /* CNTV_TVAL */
    g_assert_true(f->s.pending & ARM_SYS_TIMER_CHANGED);
    g_assert_cmpuint(rd(f, 3, 3, 14, 3, 2), ==, 63000);  /* CNTV_CVAL */
    wr(f, 3, 3, 14, 3, 1, ARM_GT_CTL_ENABLE);
    g_assert_cmphex(rd(f, 3, 3, 14, 3, 1), ==, ARM_GT_CTL_ENABLE);
    g_assert_cmpint(arm_gt_next_event_ns(gt, ARM_GT_VIRT, 1000000), ==,
                    1016000);
    qemu_clock_advance_virtual(f->clocks, 1016000);
    g_assert_cmphex(rd(f, 3, 3, 14, 3, 1), ==,
                    ARM_GT_CTL_ENABLE | ARM_GT_CTL_ISTATUS);
    g_assert_cmpint((int32_t)rd(f, 3, 3, 14, 3, 0), ==, 0);
    /* EL0 access per CNTKCTL_EL1 */
    f->s.el.el = 0;
    expect_trap(f, I_MRS_CNTVCT, 1, ARM_EC_SYSREG);
    expect_trap(f, MRS(3, 3, 14, 3, 1, 0), 1, ARM_EC_SYSREG);
    f->s.el.el = 1;
    wr(f, 3, 0, 14, 1, 0, ARM_CNTKCTL_EL0VCTEN | ARM_CNTKCTL_EL0VTEN);
    f->s.el.el = 0;
    ok(f, I_MRS_CNTVCT);
    rd(f, 3, 3, 14, 3, 1);
    rd(f, 3, 3, 14, 0, 0);                              /* CNTFRQ */
    expect_undef(f, MSR(3, 3, 14, 0, 0, 0));
    expect_trap(f, MRS(3, 3, 14, 0, 1, 0), 1, ARM_EC_SYSREG);  /* PCT */
    /* CNTFRQ is writable at the highest EL only; CNTPS_* UNDEF at NS EL1 */
    f->s.el.el = 1;
    expect_undef(f, MSR(3, 3, 14, 0, 0, 0));
    expect_undef(f, MRS(3, 7, 14, 2, 1, 0));
    f->s.el.el = 2;
    wr(f, 3, 3, 14, 0, 0, 1000000000);
    g_assert_cmpuint(gt->freq, ==, 1000000000);
    wr(f, 3, 4, 14, 2, 2, 5);                           /* CNTHP_CVAL */
    g_assert_cmpuint(gt->cval[ARM_GT_HYP], ==, 5);
    fx_free(f);
}

/* ---- GICv3 CPU interface against the real GIC ---- */

static void gic_wl(MachineState *ms, hwaddr a, uint32_t v)
{
    address_space_stl_le(&ms->as_memory, a, v, MEMTXATTRS_UNSPECIFIED, NULL);
}

static void test_icc(void)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    MachineState *ms = machine_new(mc, &target_info_aarch64);
    Fx *f = fx_new(false, false);
    DeviceState *dev;
    GICv3State *gic;

    g_assert_true(machine_run_board_init(ms, &error_abort));
    /* no GICv3: every ICC_* UNDEFs */
    expect_undef(f, I_MRS_IAR1);
    expect_undef(f, MRS(3, 0, 12, 12, 5, 0));

    dev = DEVICE(object_new(TYPE_ARM_GICV3));
    g_assert_true(object_property_set_uint(OBJECT(dev), "num-cpu", 2,
                                           &error_abort));
    g_assert_true(sysbus_add_board_device(ms, dev, "gic", ms->sysbus,
                                          &error_abort));
    object_unref(OBJECT(dev));
    gic = ARM_GICV3(dev);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, GICD);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, GICR);
    qdev_reset_tree(ms->root);
    gic_wl(ms, GICD, 0x3);
    gic_wl(ms, GICR + 0x14, 0);                     /* CPU 0 awake */
    gic_wl(ms, GICR + 0x10000 + 0x80, 0xffff);      /* SGIs group 1 */
    gic_wl(ms, GICR + 0x10000 + 0x100, 0xffff);     /* enabled */
    f->s.gic = gic;
    f->s.cpu_index = 0;
    /* ID_AA64PFR0.GIC follows the board's GIC (as virt sets it up) */
    expect_undef(f, MRS(3, 0, 12, 12, 5, 0));
    g_assert_true(arm_sysreg_idregs_init(f->cpu, false, false, NULL,
                                         &error_abort));
    g_assert_cmphex(extract64(rd(f, 3, 0, 0, 4, 0), 24, 4), ==, 1);

    g_assert_cmphex(rd(f, 3, 0, 12, 12, 5), ==, 1);             /* SRE */
    wr(f, 3, 0, 12, 12, 5, 0);
    g_assert_cmphex(rd(f, 3, 0, 12, 12, 5), ==, 1);             /* RAO */
    g_assert_cmphex(rd(f, 3, 0, 12, 12, 4), ==, 7u << 8);       /* CTLR */
    wr(f, 3, 0, 4, 6, 0, 0xf0);                                 /* PMR */
    g_assert_cmphex(gicv3_cpuif_get_pmr(gic, 0), ==, 0xf0);
    g_assert_true(f->s.pending & ARM_SYS_IRQ_RECHECK);
    wr(f, 3, 0, 12, 12, 7, 1);                                  /* GRPEN1 */
    g_assert_true(gicv3_cpuif_get_grpen(gic, 0, 1));
    /* SGI 5 to self (Aff 0.0.0, target list bit 0) */
    f->cpu->env.xregs[3] = (5ull << 24) | 1;
    ok(f, I_MSR_SGI1R);
    g_assert_cmpuint(rd(f, 3, 0, 12, 12, 2), ==, 5);            /* HPPIR1 */
    g_assert_cmpuint(rd(f, 3, 0, 12, 8, 2), ==, GICV3_SPURIOUS);
    f->s.pending = 0;
    g_assert_cmpuint(ok(f, I_MRS_IAR1), ==, 5);
    g_assert_true(f->s.pending & ARM_SYS_IRQ_RECHECK);
    g_assert_cmphex(rd(f, 3, 0, 12, 11, 3), ==, 0);             /* RPR */
    g_assert_cmpuint(ok(f, I_MRS_IAR1), ==, GICV3_SPURIOUS);
    /* EOImode 1: EOIR drops priority, DIR deactivates */
    wr(f, 3, 0, 12, 12, 4, 2);
    wr(f, 3, 0, 12, 12, 1, 5);                                  /* EOIR1 */
    g_assert_cmphex(rd(f, 3, 0, 12, 11, 3), ==, 0xff);
    ok(f, MSR(3, 0, 12, 11, 1, 1));                             /* DIR */
    expect_undef(f, MSR(3, 0, 12, 12, 0, 0));       /* IAR1 is RO */
    expect_undef(f, MRS(3, 0, 12, 12, 1, 0));       /* EOIR1 is WO */
    /* BPR: group 1 minimum, CBPR aliasing */
    wr(f, 3, 0, 12, 12, 3, 0);
    g_assert_cmpuint(rd(f, 3, 0, 12, 12, 3), ==, 1);
    wr(f, 3, 0, 12, 8, 3, 4);
    wr(f, 3, 0, 12, 12, 4, 3);                                  /* CBPR */
    g_assert_cmpuint(rd(f, 3, 0, 12, 12, 3), ==, 5);
    wr(f, 3, 0, 12, 9, 0, 0x1);                                 /* AP1R0 */
    g_assert_cmpuint(rd(f, 3, 0, 12, 9, 0), ==, 1);
    /* ICH_* need EL2 */
    expect_undef(f, MRS(3, 4, 12, 11, 1, 0));
    fx_free(f);
    machine_free(ms);
}

/* ---- AT ---- */

#define TCR_4K39 (25ull | (25ull << 16) | (2ull << 30) | (2ull << 32))

static void put(Fx *f, uint64_t pa, uint64_t v)
{
    memcpy(f->host + (pa - RAM_BASE), &v, 8);
}

static void test_at(void)
{
    Fx *f = fx_new(false, false);
    uint64_t l1 = RAM_BASE + 0x1000, l2 = RAM_BASE + 0x2000;
    uint64_t l3 = RAM_BASE + 0x3000, page = RAM_BASE + 0x10000;
    uint64_t par;

    /* VA 0x1000 -> page, EL0 RW (AP 01), attr 1; VA 0x2000 EL1 RO */
    put(f, l1 + 8 * 0, l2 | 3);
    put(f, l2 + 8 * 0, l3 | 3);
    put(f, l3 + 8 * 1, page | 3 | (1 << 10) | (1 << 6) | (3 << 8) | (1 << 2));
    put(f, l3 + 8 * 2, page | 3 | (1 << 10) | (1 << 7));
    wr(f, 3, 0, 2, 0, 2, TCR_4K39);
    wr(f, 3, 0, 2, 0, 0, l1);
    wr(f, 3, 0, 10, 2, 0, 0x4400);
    /* MMU off: flat */
    f->cpu->env.xregs[0] = 0x40001234;
    ok(f, I_AT_S1E1R);
    g_assert_cmphex(f->s.par_el1 & 1, ==, 0);
    g_assert_cmphex(f->s.par_el1 & 0xfffffffff000ull, ==, 0x40001000);
    wr(f, 3, 0, 1, 0, 0, 0x30d00801);               /* M = 1 */
    f->cpu->env.xregs[0] = 0x1234;
    ok(f, I_AT_S1E1R);
    par = rd(f, 3, 0, 7, 4, 0);
    g_assert_cmphex(par, ==, (0x44ull << 56) | page | (3 << 7));
    /* PAN does not affect AT S1E1R */
    f->s.el.pstate |= ARM_PSTATE_PAN;
    f->cpu->env.xregs[0] = 0x1234;
    ok(f, I_AT_S1E1R);
    g_assert_cmphex(f->s.par_el1 & 1, ==, 0);
    /* EL0 write to an EL1-only read-only page: permission fault, L3 */
    f->cpu->env.xregs[9] = 0x2000;
    ok(f, I_AT_S1E0W);
    g_assert_cmphex(f->s.par_el1 & 0x7f, ==, 1 | (0x0f << 1));
    /* unmapped: translation fault, level 3 */
    f->cpu->env.xregs[0] = 0x5000;
    ok(f, I_AT_S1E1R);
    g_assert_cmphex(f->s.par_el1 & 0x7f, ==, 1 | (0x07 << 1));
    /* the regime the engine would use */
    g_assert_cmphex(arm_sysreg_regime(f->cpu, 0).ttbr0, ==, l1);
    g_assert_cmpuint(arm_sysreg_regime(f->cpu, 1).pa_bits, ==, 48);
    fx_free(f);
}

static void test_tlbi_cache(void)
{
    Fx *f = fx_new(true, false);

    f->s.el.el = 1;
    ok(f, I_TLBI_VMALLE1IS);
    g_assert_cmphex(f->s.pending, ==, ARM_SYS_FLUSH_TLB |
                    ARM_SYS_FLUSH_TLB_ALL_CPUS | ARM_SYS_END_BLOCK);
    g_assert_false(f->s.tlbi_by_va);
    f->s.pending = 0;
    f->cpu->env.xregs[4] = (0x12ull << 48) | 0xfffffffffffull;  /* ASID */
    ok(f, I_TLBI_VAE1IS);
    g_assert_true(f->s.tlbi_by_va);
    g_assert_cmphex(f->s.tlbi_va, ==, 0xfffffffffffff000ull);
    f->s.pending = 0;
    ok(f, enc(0, 1, 0, 8, 7, 0, 31));               /* TLBI VMALLE1 */
    g_assert_cmphex(f->s.pending, ==, ARM_SYS_FLUSH_TLB | ARM_SYS_END_BLOCK);
    /* HCR_EL2.FB upgrades EL1 TLBIs to inner shareable */
    f->s.el.hcr_el2 |= ARM_HCR_FB;
    ok(f, enc(0, 1, 0, 8, 7, 0, 31));
    g_assert_true(f->s.pending & ARM_SYS_FLUSH_TLB_ALL_CPUS);
    expect_undef(f, enc(0, 1, 4, 8, 7, 0, 31));     /* ALLE2 from EL1 */
    f->s.pending = 0;
    ok(f, I_IC_IALLU);
    g_assert_cmphex(f->s.pending, ==, ARM_SYS_END_BLOCK);
    ok(f, I_DC_CIVAC);
    ok(f, I_DC_ZVA);
    f->s.el.hcr_el2 |= ARM_HCR_TPCP | ARM_HCR_TDZ;
    expect_trap(f, I_DC_CIVAC, 2, ARM_EC_SYSREG);
    expect_trap(f, I_DC_ZVA, 2, ARM_EC_SYSREG);
    g_assert_cmphex(rd(f, 3, 3, 0, 0, 7), ==, ARM_DCZID_BS | 0x10);
    expect_undef(f, enc(0, 1, 3, 7, 12, 1, 0));     /* DC CVAP: no DPB */
    fx_free(f);
}

static void test_debug(void)
{
    Fx *f = fx_new(false, false);
    unsigned brps = 1 + extract64(f->cpu->idregs.val[ARM_ID_AA64DFR0], 12, 4);

    ok(f, I_MSR_OSLAR_ZR);
    g_assert_cmphex(rd(f, 2, 0, 1, 1, 4), ==, 0x8);     /* OSLK clear */
    wr(f, 2, 0, 0, 2, 2, 0x8001);                       /* MDSCR: MDE SS */
    g_assert_cmphex(rd(f, 2, 0, 0, 2, 2), ==, 0x8001);
    wr(f, 2, 0, 0, 0, 4, 0x1000);                       /* DBGBVR0 */
    g_assert_cmphex(rd(f, 2, 0, 0, 0, 4), ==, 0x1000);
    expect_undef(f, MRS(2, 0, 0, brps, 4, 0));          /* past BRPs */
    g_assert_cmphex(rd(f, 3, 3, 9, 12, 0), ==, 0);      /* PMCR: RAZ */
    wr(f, 3, 3, 9, 12, 0, 1);
    expect_undef(f, MRS(3, 0, 5, 3, 0, 0));             /* ERRIDR: no RAS */
    expect_undef(f, MRS(3, 0, 12, 1, 1, 0));            /* DISR */
    wr(f, 2, 0, 7, 8, 6, 0x5);                          /* CLAIMSET */
    g_assert_cmphex(rd(f, 2, 0, 7, 9, 6), ==, 0x5);
    wr(f, 2, 0, 7, 9, 6, 0x1);
    g_assert_cmphex(rd(f, 2, 0, 7, 9, 6), ==, 0x4);
    fx_free(f);
}

static void test_idregs(void)
{
    Fx *f = fx_new(false, false);
    char *crc0[] = { (char *)"SYSREG_ID_AA64ISAR0_EL1_CRC32=0", NULL };
    char *el2off[] = { (char *)"SYSREG_ID_AA64PFR0_EL1_EL2=0", NULL };
    char *pan0[] = { (char *)"SYSREG_ID_AA64MMFR1_EL1_PAN=0", NULL };
    Error *err = NULL;

    g_assert_cmphex(extract64(rd(f, 3, 0, 0, 4, 0), 16, 4), ==, 0);
    g_assert_cmphex(extract64(rd(f, 3, 0, 0, 6, 0), 16, 4), ==, 1);
    g_assert_true(arm_sysreg_idregs_init(f->cpu, true, false, crc0,
                                         &error_abort));
    g_assert_cmphex(extract64(rd(f, 3, 0, 0, 6, 0), 16, 4), ==, 0);
    g_assert_cmphex(extract64(rd(f, 3, 0, 0, 4, 0), 8, 4), ==, 1);  /* EL2 */
    /* sticky with virtualization=on, accepted (no change) without */
    g_assert_false(arm_sysreg_idregs_init(f->cpu, true, false, el2off,
                                          &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "EL2"));
    error_free(err);
    g_assert_true(arm_sysreg_idregs_init(f->cpu, false, false, el2off,
                                         &error_abort));
    /* without FP, FPCR/FPSR do not exist */
    f->cpu->idregs.val[ARM_ID_AA64PFR0] |= 0xfull << 16;
    expect_undef(f, MRS(3, 3, 4, 4, 0, 0));
    /* lowering ID_AA64MMFR1.PAN removes PSTATE.PAN */
    g_assert_true(arm_sysreg_idregs_init(f->cpu, false, false, pan0,
                                         &error_abort));
    g_assert_false(f->s.el.have_pan);
    expect_undef(f, I_PAN_1);
    expect_undef(f, MRS(3, 0, 4, 2, 3, 0));
    /* unallocated ID space reads zero; ID registers are read-only */
    g_assert_cmphex(rd(f, 3, 0, 0, 3, 7), ==, 0);
    g_assert_cmphex(rd(f, 3, 0, 0, 7, 6), ==, 0);
    expect_undef(f, MSR(3, 0, 0, 4, 0, 0));
    expect_undef(f, MRS(3, 0, 0, 0, 4, 0));
    fx_free(f);
}

static const TypeInfo *const test_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &arm_gicv3_type_info,
};

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    type_registry_init(test_types, G_N_ELEMENTS(test_types));
    g_test_add_func("/arm-sysreg/table", test_table);
    g_test_add_func("/arm-sysreg/encodings", test_encodings);
    g_test_add_func("/arm-sysreg/el-rules", test_el_rules);
    g_test_add_func("/arm-sysreg/el2-traps", test_el2_traps);
    g_test_add_func("/arm-sysreg/more-traps", test_more_traps);
    g_test_add_func("/arm-sysreg/reset", test_reset);
    g_test_add_func("/arm-sysreg/pstate", test_pstate);
    g_test_add_func("/arm-sysreg/timer", test_timer);
    g_test_add_func("/arm-sysreg/icc", test_icc);
    g_test_add_func("/arm-sysreg/at", test_at);
    g_test_add_func("/arm-sysreg/tlbi-cache", test_tlbi_cache);
    g_test_add_func("/arm-sysreg/debug", test_debug);
    g_test_add_func("/arm-sysreg/idregs", test_idregs);
    return g_test_run();
}
