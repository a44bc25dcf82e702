/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 exception entry, return and routing (exception.h has the
 * model; the rules are the Arm ARM's "AArch64 exception model").
 */
#include "qemu/osdep.h"
#include "exception.h"

#define SPSR_M_AARCH32  (1u << 4)

uint64_t arm_pstate_to_spsr(const ArmELState *s)
{
    return s->pstate | (s->el << 2) | (s->sp_sel ? 1 : 0);
}

void arm_el_reset(ArmELState *s, uint64_t rvbar)
{
    s->el = s->have_el3 ? 3 : s->have_el2 ? 2 : 1;
    s->sp_sel = true;
    s->pstate = ARM_PSTATE_DAIF;
    s->pc = rvbar;
}

/* Offset of the vector: where we come from, then which kind. */
static uint64_t arm_vector_offset(const ArmELState *s, unsigned target_el,
                                  ArmExcType type)
{
    uint64_t base;

    if (target_el == s->el) {
        base = s->sp_sel ? 0x200 : 0x000;
    } else {
        base = 0x400;           /* lower EL, AArch64 */
    }
    return base + type * 0x80;
}

void arm_take_exception(ArmELState *s, uint64_t *live_sp, unsigned target_el,
                        ArmExcType type, uint32_t esr, uint64_t far,
                        bool far_valid, uint64_t return_pc)
{
    uint64_t vector = (s->vbar[target_el] & ~0x7ffull) +
                      arm_vector_offset(s, target_el, type);

    s->spsr[target_el] = arm_pstate_to_spsr(s);
    s->elr[target_el] = return_pc;
    if (type == ARM_EXC_SYNC || type == ARM_EXC_SERROR) {
        s->esr[target_el] = esr;
    }
    if (far_valid) {
        s->far[target_el] = far;
    }
    s->sp[arm_sp_index(s)] = *live_sp;
    s->el = target_el;
    s->sp_sel = true;
    s->pstate |= ARM_PSTATE_DAIF;
    s->pstate &= ~(ARM_PSTATE_SS | ARM_PSTATE_IL);
    if (s->have_pan && target_el == 1 &&
        !(s->sctlr[1] & ARM_SCTLR_SPAN)) {
        s->pstate |= ARM_PSTATE_PAN;
    }
    *live_sp = s->sp[arm_sp_index(s)];
    s->pc = vector;
}

/* Is the EL and stack named by @spsr a legal place to return to? */
static bool arm_eret_legal(const ArmELState *s, uint64_t spsr)
{
    unsigned el = (spsr >> 2) & 3;

    if ((spsr & SPSR_M_AARCH32) || el > s->el) {
        return false;
    }
    if (el == 0 && (spsr & 1)) {
        return false;           /* "EL0h" does not exist */
    }
    if ((el == 2 && !s->have_el2) || (el == 3 && !s->have_el3)) {
        return false;
    }
    if (el == 2 && s->have_el3 && !(s->scr_el3 & ARM_SCR_NS)) {
        return false;           /* no Secure EL2 */
    }
    if (el == 1 && s->el == 2 && (s->hcr_el2 & ARM_HCR_TGE)) {
        return false;
    }
    return true;
}

bool arm_eret(ArmELState *s, uint64_t *live_sp)
{
    uint64_t spsr = s->spsr[s->el];
    bool legal = arm_eret_legal(s, spsr);
    uint32_t keep = legal ? 0 : ARM_PSTATE_IL;

    s->pc = s->elr[s->el];
    s->pstate = (spsr & (ARM_PSTATE_NZCV | ARM_PSTATE_DAIF | ARM_PSTATE_SS |
                         (s->have_pan ? ARM_PSTATE_PAN : 0))) | keep;
    if (legal) {
        s->sp[arm_sp_index(s)] = *live_sp;
        s->el = (spsr >> 2) & 3;
        s->sp_sel = spsr & 1;
        s->pstate |= spsr & ARM_PSTATE_IL;
        *live_sp = s->sp[arm_sp_index(s)];
    }
    return legal;
}

unsigned arm_exc_target_el(const ArmELState *s, ArmExcType type)
{
    static const uint64_t scr_bit[] = {
        [ARM_EXC_IRQ] = ARM_SCR_IRQ, [ARM_EXC_FIQ] = ARM_SCR_FIQ,
        [ARM_EXC_SERROR] = ARM_SCR_EA,
    };
    static const uint64_t hcr_bit[] = {
        [ARM_EXC_IRQ] = ARM_HCR_IMO, [ARM_EXC_FIQ] = ARM_HCR_FMO,
        [ARM_EXC_SERROR] = ARM_HCR_AMO,
    };
    bool el2_ok = s->have_el2 && s->el <= 2 &&
                  (!s->have_el3 || (s->scr_el3 & ARM_SCR_NS));

    if (type == ARM_EXC_SYNC) {
        if (s->el == 0) {
            return el2_ok && (s->hcr_el2 & ARM_HCR_TGE) ? 2 : 1;
        }
        return s->el;
    }
    if (s->have_el3 && (s->scr_el3 & scr_bit[type])) {
        return 3;
    }
    if (el2_ok && (s->hcr_el2 & (hcr_bit[type] | ARM_HCR_TGE))) {
        return 2;
    }
    return 1;
}

bool arm_irq_taken(const ArmELState *s, ArmExcType type)
{
    static const uint32_t mask[] = {
        [ARM_EXC_IRQ] = ARM_PSTATE_I, [ARM_EXC_FIQ] = ARM_PSTATE_F,
        [ARM_EXC_SERROR] = ARM_PSTATE_A,
    };
    unsigned target = arm_exc_target_el(s, type);

    if (target < s->el) {
        return false;
    }
    /* Routed up to EL2 or EL3: the lower EL's PSTATE cannot mask it. */
    if (target > s->el && target >= 2) {
        return true;
    }
    return !(s->pstate & mask[type]);
}

/* ---- syndromes ---- */

static uint32_t arm_syn(unsigned ec, uint32_t iss)
{
    return (ec << 26) | (1u << 25) | (iss & 0x1ffffff);
}

uint32_t arm_syn_svc(unsigned ec, uint16_t imm16)
{
    return arm_syn(ec, imm16);
}

uint32_t arm_syn_sysreg(unsigned op0, unsigned op1, unsigned crn,
                        unsigned crm, unsigned op2, unsigned rt, bool read)
{
    return arm_syn(ARM_EC_SYSREG, (op0 << 20) | (op2 << 17) | (op1 << 14) |
                   (crn << 10) | (rt << 5) | (crm << 1) | read);
}

uint32_t arm_syn_dabt(bool same_el, unsigned fsc, bool write, bool s1ptw,
                      bool isv, unsigned size_log2, bool sse, unsigned rt,
                      bool sf)
{
    uint32_t iss = fsc | (write << 6) | (s1ptw << 7);

    if (isv) {
        iss |= (1u << 24) | (size_log2 << 22) | (sse << 21) | (rt << 16) |
               (sf << 15);
    }
    return arm_syn(same_el ? ARM_EC_DABT_SAME : ARM_EC_DABT_LOWER, iss);
}

uint32_t arm_syn_iabt(bool same_el, unsigned fsc, bool s1ptw)
{
    return arm_syn(same_el ? ARM_EC_IABT_SAME : ARM_EC_IABT_LOWER,
                   fsc | (s1ptw << 7));
}

uint32_t arm_syn_uncategorized(void)
{
    return arm_syn(ARM_EC_UNKNOWN, 0);
}
