/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 system registers of the system-mode CPU: the register file
 * beyond CPUARMState (ArmSysState) and the executor of the A64 system
 * instructions MSR/MRS (register), MSR (immediate), SYS and SYSL
 * (TLBI, AT, DC, IC).  docs/devel/arm-sysreg.md lists every register,
 * its reset value and its trap rules.
 *
 * Contract with the engine:
 *   - ARMCPU has `struct ArmSysState *sys` (NULL in user mode).
 *   - Live state: NZCV in env.nzcv, the current SP in env.xregs[31], PC
 *     in env.pc, FPCR/FPSR/TPIDR_EL0 in env; everything else (EL, DAIF,
 *     PAN, SPSel, banked SPs...) in sys->el.
 *   - arm_sysreg_exec() returns OK (the engine advances the PC), UNDEF
 *     (the engine raises the Unknown-reason exception) or TRAP (the engine
 *     takes a synchronous exception to .target_el with syndrome .esr).
 *   - After every call the engine acts on sys->pending, then clears it.
 *   - Hints, barriers and CLREX (op0 == 0, CRn 2 and 3) are the engine's;
 *     so is the zeroing of DC ZVA: for it arm_sysreg_exec() only applies
 *     the access rules (SCTLR_EL1.DZE, HCR_EL2.TDZ) and the engine zeroes
 *     ARM_DCZ_BYTES at Xt aligned down when the result is ARM_SR_OK.
 */
#ifndef TARGET_ARM_SYSREG_H
#define TARGET_ARM_SYSREG_H

#include "qemu/timer.h"
#include "system/memory.h"
#include "cpu.h"
#include "exception.h"
#include "gtimer.h"
#include "mmu.h"

/* sys->pending: side effects the engine must carry out after a call. */
#define ARM_SYS_FLUSH_TLB           (1u << 0)  /* this CPU's soft TLB */
#define ARM_SYS_FLUSH_TLB_ALL_CPUS  (1u << 1)  /* every CPU's (IS forms) */
#define ARM_SYS_TIMER_CHANGED       (1u << 2)  /* re-evaluate gt, re-arm */
#define ARM_SYS_IRQ_RECHECK         (1u << 3)  /* masks changed: recheck */
#define ARM_SYS_END_BLOCK           (1u << 4)  /* leave the block now */

/* Number of breakpoint/watchpoint register pairs kept (ID_AA64DFR0). */
#define ARM_SYS_NUM_BRP 16
#define ARM_SYS_NUM_WRP 16

/* GICv3 virtual interface list registers (ICH_VTR_EL2.ListRegs + 1). */
#define ARM_SYS_NUM_ICH_LR 4

/* Entries of the per-CPU register lookup cache (a power of two). */
#define ARM_SYS_LOOKUP_SIZE 64

typedef struct ArmSysState {
    ArmELState el;              /* EL, PSTATE, banked SP/ELR/SPSR... */
    ArmGTState gt;              /* generic timer */

    /* Configuration: filled by the board before arm_sysreg_reset(). */
    AddressSpace *as;           /* physical space for AT walks */
    QEMUClocks *clocks;         /* QEMU_CLOCK_VIRTUAL feeds CNT* */
    void *gic;                  /* GICv3State, or NULL: ICC_* UNDEF */
    unsigned cpu_index;         /* this CPU's index in the GIC */
    uint64_t mpidr;             /* MPIDR_EL1 (U and MT bits included) */
    uint64_t rvbar;             /* RVBAR_ELx: reset PC */
    uint64_t gt_freq;           /* CNTFRQ_EL0 at reset; 0: default */

    /* Input levels the engine mirrors here (ISR_EL1 reads them). */
    bool irq_line;
    bool fiq_line;

    /* Translation controls, indexed by EL (EL2 non-VHE: no TTBR1). */
    uint64_t tcr[4];
    uint64_t ttbr0[4];
    uint64_t ttbr1[4];
    uint64_t mair[4];
    uint64_t amair[4];

    /* Thread IDs: TPIDR_EL1..3 at [1..3] (TPIDR_EL0 is env.tpidr_el0). */
    uint64_t tpidr[4];
    uint64_t tpidrro_el0;
    uint64_t contextidr_el1;

    /* Traps and feature enables. */
    uint64_t cpacr_el1;
    uint64_t cptr_el2;
    uint64_t cptr_el3;
    uint64_t hstr_el2;
    uint64_t hacr_el2;
    uint64_t mdcr_el2;
    uint64_t mdcr_el3;

    /* IMPDEF and fault-status registers, stored only. */
    uint64_t actlr[4];
    uint64_t afsr0[4];
    uint64_t afsr1[4];
    uint64_t par_el1;
    uint64_t csselr_el1;
    uint64_t disr_el1;

    /* EL2 virtualisation registers: stored (no stage 2 yet). */
    uint64_t vpidr_el2;
    uint64_t vmpidr_el2;
    uint64_t vttbr_el2;
    uint64_t vtcr_el2;
    uint64_t hpfar_el2;
    uint64_t cnthctl_el2;

    /* Self-hosted debug: stored, no debug events are generated yet. */
    uint64_t mdscr_el1;
    uint32_t oslsr_el1;         /* OSLK (bit 1) follows OSLAR_EL1 */
    uint32_t osdlr_el1;
    uint64_t dbgbvr[ARM_SYS_NUM_BRP];
    uint64_t dbgbcr[ARM_SYS_NUM_BRP];
    uint64_t dbgwvr[ARM_SYS_NUM_WRP];
    uint64_t dbgwcr[ARM_SYS_NUM_WRP];
    uint32_t dbgclaim;

    /* GICv3 CPU interface state kept here (the rest is in the GIC). */
    uint32_t icc_ctlr_el1;      /* EOImode (bit 1), CBPR (bit 0) */
    uint32_t icc_ctlr_el3;
    uint8_t icc_sre[4];         /* ICC_SRE_EL1..3 at [1..3] */
    uint8_t icc_bpr[2];         /* BPR0, BPR1: stored */
    uint32_t icc_ap0r[4];       /* stored */
    uint32_t icc_ap1r[4];
    /*
     * GICv3 virtual CPU interface control (ICH_*_EL2): stored only, no
     * virtual interrupt is delivered from the list registers.
     */
    uint64_t ich_lr[ARM_SYS_NUM_ICH_LR];
    uint32_t ich_ap0r[4];
    uint32_t ich_ap1r[4];
    uint32_t ich_hcr;
    uint32_t ich_vmcr;

    /*
     * Lookup cache of the executor (direct-mapped by encoding): the rows
     * are const, so entries never go stale; reset empties it.
     */
    uint32_t lookup_key[ARM_SYS_LOOKUP_SIZE];
    const void *lookup_row[ARM_SYS_LOOKUP_SIZE];

    /* Side effects for the engine (ARM_SYS_*), and what a TLBI named. */
    uint32_t pending;
    bool tlbi_by_va;            /* the flush may be limited to tlbi_va */
    uint64_t tlbi_va;           /* page address (VA[55:12] << 12) */
} ArmSysState;

typedef enum ArmSysregResultKind {
    ARM_SR_OK,
    ARM_SR_UNDEF,
    ARM_SR_TRAP,
} ArmSysregResultKind;

typedef struct ArmSysregResult {
    ArmSysregResultKind kind;
    unsigned target_el;         /* ARM_SR_TRAP: EL to take it to */
    uint32_t esr;               /* ARM_SR_TRAP: the syndrome */
} ArmSysregResult;

/*
 * True for the encodings arm_sysreg_exec() handles: MSR/MRS (register),
 * MSR (immediate), SYS, SYSL (bits [31:22] == 0b1101010100).
 */
static inline bool arm_sysreg_is_system_insn(uint32_t insn)
{
    return (insn & 0xffc00000u) == 0xd5000000u;
}

/*
 * Execute one system instruction @insn at the current EL.  Reads and
 * writes cpu->env.xregs and cpu->sys; side effects go to sys->pending.
 */
ArmSysregResult arm_sysreg_exec(ARMCPU *cpu, uint32_t insn);

/* Same, with the state passed explicitly (unit tests, other callers). */
ArmSysregResult arm_sysreg_exec_state(ARMCPU *cpu, ArmSysState *s,
                                      uint32_t insn);

/*
 * The check an FP/AdvSIMD instruction needs (CPACR_EL1.FPEN,
 * CPTR_EL2.TFP, CPTR_EL3.TFP): ARM_SR_OK or ARM_SR_TRAP with EC 0x07.
 * FPCR/FPSR accesses through arm_sysreg_exec() apply it themselves.
 */
ArmSysregResult arm_sysreg_fp_access(ARMCPU *cpu);
ArmSysregResult arm_sysreg_fp_access_state(const ArmSysState *s);

/*
 * Trap and enable rules of instructions the engine executes itself
 * (Arm ARM D1 "configurable instruction enables and disables"):
 *   HVC: UNDEF at EL0, without EL2, with SCR_EL3.HCE 0 when EL3 is
 *        implemented, or with HCR_EL2.HCD when it is not; else OK (the
 *        engine takes it to EL2, or to EL3 from EL3).
 *   SMC: UNDEF at EL0; TRAP to EL2 (EC 0x17, ISS imm16) from EL1 with
 *        HCR_EL2.TSC; UNDEF without EL3 or with SCR_EL3.SMD; else OK.
 *   WFI/WFE: TRAP (EC 0x01, ISS.TI = @wfe) to EL1 from EL0 unless
 *        SCTLR_EL1.nTWI/nTWE, to EL2 with HCR_EL2.TWI/TWE (EL0/EL1), to
 *        EL3 with SCR_EL3.TWI/TWE (below EL3); else OK (the CPU waits).
 * A board hook (PSCI) may claim HVC/SMC before these rules run.
 */
ArmSysregResult arm_sysreg_hvc_check(const ArmSysState *s);
ArmSysregResult arm_sysreg_smc_check(const ArmSysState *s, uint16_t imm);
ArmSysregResult arm_sysreg_wfx_check(const ArmSysState *s, bool wfe);

/* DC ZVA block size: DCZID_EL0.BS (log2 of words), 64 bytes. */
#define ARM_DCZID_BS 4
#define ARM_DCZ_BYTES (4u << ARM_DCZID_BS)

/* The stage-1 regime @el (1: EL1&0, 2, 3) translates with, for mmu.c. */
ArmMMURegime arm_sysreg_regime(ARMCPU *cpu, unsigned el);
ArmMMURegime arm_sysreg_regime_state(ARMCPU *cpu, const ArmSysState *s,
                                     unsigned el);

/*
 * Reset every register to its reset value (docs/devel/arm-sysreg.md);
 * the configuration fields (as, clocks, gic, cpu_index, mpidr, rvbar,
 * gt_freq, el.have_el2/have_el3/have_pan) are kept.  The engine also
 * resets its live state: PC = rvbar, SP = 0, NZCV = 0.
 */
void arm_sysreg_reset(ARMCPU *cpu);
void arm_sysreg_reset_state(ArmSysState *s, const ArmIdRegs *idregs);

/* The virtual clock in ns, as CNT* see it (0 without clocks). */
int64_t arm_sysreg_now_ns(const ArmSysState *s);

/*
 * Apply `-cpu MODEL,SYSREG_*` (@props: "NAME=VALUE", NULL-terminated) in
 * system mode: EL2 (and EL3) are sticky when the board implements them
 * (virtualization=on, secure=on).  Resets the ID registers to the model's
 * limit first, so it may be called once per CPU.  With cpu->sys set,
 * also sets sys->el.have_pan from ID_AA64MMFR1.PAN.
 */
bool arm_sysreg_idregs_init(ARMCPU *cpu, bool has_el2, bool has_el3,
                            char **props, Error **errp);

#endif
