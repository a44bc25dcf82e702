/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internals shared by the system-register files (sysreg.c: dispatch,
 * access rules, the core registers; sysreg-timer-gic.c: generic timer and
 * GICv3 CPU interface; sysreg-debug.c: debug, PMU, RAS; sysreg-sys.c:
 * the SYS instructions TLBI, AT, DC, IC).
 *
 * A register is a row of a const table: its encoding, an access rule
 * (who may touch it and where a denied access goes) and read/write
 * handlers, or the offset of a plain uint64_t field in ArmSysState.
 */
#ifndef TARGET_ARM_SYSREG_INTERNAL_H
#define TARGET_ARM_SYSREG_INTERNAL_H

#include "sysreg.h"

/* (op0, op1, CRn, CRm, op2) packed as in the instruction's bits [20:5]. */
#define ARM_SR_KEY(op0, op1, crn, crm, op2) \
    (((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

/* One access being executed. */
typedef struct ArmSysCtx {
    ARMCPU *cpu;
    ArmSysState *s;
    unsigned op0, op1, crn, crm, op2, rt;
    bool read;
    unsigned el;                /* current EL */
} ArmSysCtx;

/*
 * What an access check decides: allowed, UNDEFINED, or a trap to an EL
 * with the system-register syndrome (EC 0x18), or with another syndrome.
 */
enum {
    ARM_ACC_OK = 0,
    ARM_ACC_UNDEF = -1,
    ARM_ACC_TRAP_EL1 = 1,
    ARM_ACC_TRAP_EL2 = 2,
    ARM_ACC_TRAP_EL3 = 3,
    ARM_ACC_FP_EL1 = 0x11,      /* EC 0x07 (FP/SIMD access), to EL1 */
    ARM_ACC_FP_EL2 = 0x12,
    ARM_ACC_FP_EL3 = 0x13,
};

typedef struct ArmSysreg ArmSysreg;
typedef int ArmSysregAccessFn(const ArmSysCtx *c, const ArmSysreg *r);
typedef uint64_t ArmSysregReadFn(ArmSysCtx *c, const ArmSysreg *r);
typedef void ArmSysregWriteFn(ArmSysCtx *c, const ArmSysreg *r,
                              uint64_t v);

/* Row flags. */
#define ARM_SRF_RO      (1u << 0)   /* MSR UNDEFs */
#define ARM_SRF_WO      (1u << 1)   /* MRS UNDEFs */
#define ARM_SRF_EL0     (1u << 2)   /* op1 == 3 rows EL0 may reach */
#define ARM_SRF_TVM     (1u << 3)   /* HCR_EL2.TVM/TRVM trap from EL1 */
#define ARM_SRF_TID3    (1u << 4)   /* HCR_EL2.TID3 */
#define ARM_SRF_TID2    (1u << 5)   /* HCR_EL2.TID2 */
#define ARM_SRF_TID1    (1u << 6)   /* HCR_EL2.TID1 */
#define ARM_SRF_TACR    (1u << 7)   /* HCR_EL2.TACR */
#define ARM_SRF_TLB     (1u << 8)   /* writes flush the TLB, end block */
#define ARM_SRF_IRQ     (1u << 9)   /* writes re-check interrupts */
#define ARM_SRF_NOFIELD (1u << 10)  /* RAZ/WI when no handler */

struct ArmSysreg {
    uint32_t key;               /* ARM_SR_KEY() */
    const char *name;
    uint32_t flags;             /* ARM_SRF_* */
    uint16_t offset;            /* offsetof(ArmSysState, field) or 0 */
    uint64_t wmask;             /* writable bits for plain fields; 0: all */
    ArmSysregAccessFn *access;  /* extra rule after the generic ones */
    ArmSysregReadFn *read;
    ArmSysregWriteFn *write;
    uintptr_t arg;              /* handler argument (EL, timer, index) */
};

/* The tables, each ended by a row with name NULL. */
extern const ArmSysreg arm_sysregs_core[];
extern const ArmSysreg arm_sysregs_timer_gic[];
extern const ArmSysreg arm_sysregs_debug[];
extern const ArmSysreg arm_sysregs_sys[];

#define ARM_SR_FIELD(f) offsetof(ArmSysState, f)

/* HCR_EL2 / SCR_EL3 / SCTLR bits the access rules read. */
#define ARM_HCR_SWIO    (1ull << 1)
#define ARM_HCR_VM      (1ull << 0)
#define ARM_HCR_FB      (1ull << 9)
#define ARM_HCR_TID1    (1ull << 16)
#define ARM_HCR_TID2    (1ull << 17)
#define ARM_HCR_TID3    (1ull << 18)
#define ARM_HCR_TSC     (1ull << 19)
#define ARM_HCR_TACR    (1ull << 21)
#define ARM_HCR_TSW     (1ull << 22)
#define ARM_HCR_TPCP    (1ull << 23)
#define ARM_HCR_TPU     (1ull << 24)
#define ARM_HCR_TTLB    (1ull << 25)
#define ARM_HCR_TVM     (1ull << 26)
#define ARM_HCR_TDZ     (1ull << 28)
#define ARM_HCR_RW      (1ull << 31)
#define ARM_HCR_TRVM    (1ull << 30)
#define ARM_HCR_HCD     (1ull << 29)
#define ARM_HCR_TWI     (1ull << 13)
#define ARM_HCR_TWE     (1ull << 14)
#define ARM_SCR_SMD     (1ull << 7)
#define ARM_SCR_HCE     (1ull << 8)
#define ARM_SCR_TWI     (1ull << 12)
#define ARM_SCR_TWE     (1ull << 13)
#define ARM_SCTLR_NTWI  (1ull << 16)
#define ARM_SCTLR_NTWE  (1ull << 18)
#define ARM_SCR_ST      (1ull << 11)
#define ARM_SCR_RW      (1ull << 10)
#define ARM_SCTLR_M     (1ull << 0)
#define ARM_SCTLR_UMA   (1ull << 9)
#define ARM_SCTLR_DZE   (1ull << 14)
#define ARM_SCTLR_UCT   (1ull << 15)
#define ARM_SCTLR_UCI   (1ull << 26)
#define ARM_CNTHCTL_EL1PCTEN (1ull << 0)
#define ARM_CNTHCTL_EL1PCEN  (1ull << 1)

/* RES1 bits (Armv8.0, AArch64-only lower ELs, little-endian only). */
#define ARM_SCTLR_EL1_RES1  0x30d00800ull   /* 29,28,23,22,20,11 */
#define ARM_SCTLR_EL2_RES1  0x30c50830ull   /* non-VHE EL2 and EL3 */
#define ARM_SCR_RES1        0x30ull
#define ARM_CPTR_EL2_RES1   0x33ffull
#define ARM_OSLSR_RESET     0xaull          /* OSLM = 0b10, OSLK = 1 */
#define ARM_ICC_SRE_SRE     0x1u
#define ARM_ICC_SRE_DFB     0x2u
#define ARM_ICC_SRE_DIB     0x4u
#define ARM_ICC_SRE_ENABLE  0x8u

/* Helpers shared by the tables. */
static inline uint64_t *arm_sr_field(ArmSysState *s, const ArmSysreg *r)
{
    return (uint64_t *)((char *)s + r->offset);
}

static inline bool arm_sr_have_el2(const ArmSysState *s)
{
    return s->el.have_el2;
}

/* The EL a trap from EL0 goes to (EL2 when HCR_EL2.TGE routes it). */
static inline int arm_sr_el0_trap(const ArmSysState *s)
{
    return (s->el.have_el2 && (s->el.hcr_el2 & ARM_HCR_TGE)) ?
           ARM_ACC_TRAP_EL2 : ARM_ACC_TRAP_EL1;
}

/* An ID register value (array index as in id-regs.h). */
static inline uint64_t arm_sr_idreg(const ArmSysCtx *c, unsigned idx)
{
    return c->cpu->idregs.val[idx];
}

/* Common access rules usable from tables. */
int arm_sr_access_el2_timer(const ArmSysCtx *c, const ArmSysreg *r);
uint64_t arm_sr_read_raz(ArmSysCtx *c, const ArmSysreg *r);
void arm_sr_write_wi(ArmSysCtx *c, const ArmSysreg *r, uint64_t v);

/* FP/AdvSIMD enable traps: ARM_ACC_OK or ARM_ACC_FP_ELx. */
int arm_sr_fp_check(const ArmSysState *s);

/* Look a register up in every table; NULL if none has it. */
const ArmSysreg *arm_sysreg_find(uint32_t key);

#endif
