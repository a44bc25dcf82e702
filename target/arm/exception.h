/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 exception levels: taking an exception, ERET, interrupt routing
 * and masking, and the syndromes (ESR_ELx) the system-mode engine
 * reports.  AArch64 at every EL (no AArch32 state); EL2 and EL3 are
 * optional (-machine virt,virtualization=on,secure=on).
 *
 * ArmELState is the architectural state these rules read and write; the
 * system-mode engine embeds it in its CPU state.  PSTATE fields are kept
 * apart (not as an SPSR image) so the engine can read them directly.
 */
#ifndef TARGET_ARM_EXCEPTION_H
#define TARGET_ARM_EXCEPTION_H

typedef enum ArmExcType {
    ARM_EXC_SYNC = 0,
    ARM_EXC_IRQ = 1,
    ARM_EXC_FIQ = 2,
    ARM_EXC_SERROR = 3,
} ArmExcType;

/* PSTATE.DAIF bits as they sit in SPSR and in the DAIF register. */
#define ARM_PSTATE_F    (1u << 6)
#define ARM_PSTATE_I    (1u << 7)
#define ARM_PSTATE_A    (1u << 8)
#define ARM_PSTATE_D    (1u << 9)
#define ARM_PSTATE_DAIF 0x3c0u
#define ARM_PSTATE_IL   (1u << 20)
#define ARM_PSTATE_SS   (1u << 21)
#define ARM_PSTATE_PAN  (1u << 22)
#define ARM_PSTATE_NZCV 0xf0000000u

/* HCR_EL2 and SCR_EL3 bits used for routing. */
#define ARM_HCR_FMO     (1ull << 3)
#define ARM_HCR_IMO     (1ull << 4)
#define ARM_HCR_AMO     (1ull << 5)
#define ARM_HCR_TGE     (1ull << 27)
#define ARM_SCR_NS      (1ull << 0)
#define ARM_SCR_IRQ     (1ull << 1)
#define ARM_SCR_FIQ     (1ull << 2)
#define ARM_SCR_EA      (1ull << 3)
#define ARM_SCTLR_SPAN  (1ull << 23)

/* ESR_ELx exception classes. */
enum {
    ARM_EC_UNKNOWN = 0x00,
    ARM_EC_WFX = 0x01,
    ARM_EC_FP_ACCESS = 0x07,
    ARM_EC_ILLEGAL_STATE = 0x0e,
    ARM_EC_SVC = 0x15,
    ARM_EC_HVC = 0x16,
    ARM_EC_SMC = 0x17,
    ARM_EC_SYSREG = 0x18,
    ARM_EC_IABT_LOWER = 0x20,
    ARM_EC_IABT_SAME = 0x21,
    ARM_EC_PC_ALIGN = 0x22,
    ARM_EC_DABT_LOWER = 0x24,
    ARM_EC_DABT_SAME = 0x25,
    ARM_EC_SP_ALIGN = 0x26,
    ARM_EC_SERROR = 0x2f,
    ARM_EC_BREAKPOINT_LOWER = 0x30,
    ARM_EC_SOFTSTEP_LOWER = 0x32,
    ARM_EC_WATCHPOINT_LOWER = 0x34,
    ARM_EC_BRK = 0x3c,
};

/* ESR_ELx with exception class @ec, IL set (32-bit instruction), @iss. */
#define ARM_ESR(ec, iss)    (((uint32_t)(ec) << 26) | (1u << 25) | (iss))

typedef struct ArmELState {
    unsigned el;                /* PSTATE.EL */
    bool sp_sel;                /* PSTATE.SP: SP_ELx (true) or SP_EL0 */
    uint32_t pstate;            /* NZCV, DAIF, PAN, SS, IL (SPSR layout) */
    uint64_t pc;
    uint64_t sp[4];             /* SP_EL0..SP_EL3 */
    uint64_t elr[4];            /* ELR_EL1..3 at [1..3] */
    uint64_t spsr[4];
    uint64_t esr[4];
    uint64_t far[4];
    uint64_t vbar[4];
    uint64_t sctlr[4];
    uint64_t hcr_el2;
    uint64_t scr_el3;
    bool have_el2, have_el3;
    bool have_pan;
} ArmELState;

/* The SPSR image of the current PSTATE (what an exception saves). */
uint64_t arm_pstate_to_spsr(const ArmELState *s);

/* Reset: highest implemented EL, SP_ELx, DAIF masked, PC = @rvbar. */
void arm_el_reset(ArmELState *s, uint64_t rvbar);

/*
 * The engine keeps the live stack pointer in its register file; these
 * functions bank it: *@live_sp is saved to sp[] of the stack pointer in
 * use before the change and loaded from the one in use after it.
 */
static inline unsigned arm_sp_index(const ArmELState *s)
{
    return s->sp_sel ? s->el : 0;
}

/*
 * Take an exception of @type to @target_el (>= current EL) with syndrome
 * @esr (sync/SError) and fault address @far (when @far_valid).
 * @return_pc is the preferred return address.  Sets the new PC.
 */
void arm_take_exception(ArmELState *s, uint64_t *live_sp, unsigned target_el,
                        ArmExcType type, uint32_t esr, uint64_t far,
                        bool far_valid, uint64_t return_pc);

/* ERET from the current EL; false when it was an illegal return. */
bool arm_eret(ArmELState *s, uint64_t *live_sp);

/*
 * Routing: the EL an interrupt of @type would be taken to, and whether it
 * is taken now given PSTATE's masks.  Synchronous exceptions from EL0 go
 * to EL1, or EL2 with HCR_EL2.TGE.
 */
unsigned arm_exc_target_el(const ArmELState *s, ArmExcType type);
bool arm_irq_taken(const ArmELState *s, ArmExcType type);

/* Syndromes. */
uint32_t arm_syn_svc(unsigned ec, uint16_t imm16);   /* SVC/HVC/SMC/BRK */
uint32_t arm_syn_sysreg(unsigned op0, unsigned op1, unsigned crn,
                        unsigned crm, unsigned op2, unsigned rt, bool read);
/* Data abort: ISV syndrome when @isv (size log2, sign-extend, Rt, 64-bit). */
uint32_t arm_syn_dabt(bool same_el, unsigned fsc, bool write, bool s1ptw,
                      bool isv, unsigned size_log2, bool sse, unsigned rt,
                      bool sf);
uint32_t arm_syn_iabt(bool same_el, unsigned fsc, bool s1ptw);
uint32_t arm_syn_uncategorized(void);

#endif
