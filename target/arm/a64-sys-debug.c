/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine, system mode: self-hosted debug exceptions (Arm ARM D2):
 * hardware breakpoints (DBGBCR/DBGBVR, unlinked address match),
 * watchpoints (DBGWCR/DBGWVR: BAS, MASK, LSC, PAC) and software step
 * (MDSCR_EL1.SS with PSTATE.SS).
 *
 * Debug exceptions go to EL1, or EL2 with MDCR_EL2.TDE or HCR_EL2.TGE;
 * they are enabled from a lower EL whenever the OS lock is clear, and
 * from the target EL itself with MDSCR_EL1.KDE and PSTATE.D clear; never
 * from EL3 or from above the target.
 *
 * Cost: nothing when unused.  The mode flags (a64_sys_update_mode) get
 * A64_SYS_FLAG_DEBUG while a breakpoint or software step is armed, and
 * the loop then runs one instruction at a time through
 * a64_sys_debug_insn(); A64_SYS_FLAG_WATCH sends loads and stores to
 * a64_sys_check_access(), the out-of-line path alignment checks use.
 * The same per-instruction path raises the Illegal Execution State
 * exception after an illegal exception return (PSTATE.IL).
 * Not modelled: linked and context-matching breakpoints, halting debug.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"
#include "sysreg.h"

#define MDSCR_SS    (1u << 0)
#define MDSCR_KDE   (1u << 13)
#define MDSCR_MDE   (1u << 15)
#define MDCR_TDE    (1ull << 8)
#define OSLSR_OSLK  (1u << 1)
#define DBG_FSC     0x22            /* debug exception */

/* The EL debug exceptions go to. */
static unsigned a64_dbg_target(const ArmSysState *s)
{
    bool el2 = s->el.have_el2 &&
               (!s->el.have_el3 || (s->el.scr_el3 & ARM_SCR_NS));

    if (el2 && ((s->mdcr_el2 & MDCR_TDE) || (s->el.hcr_el2 & ARM_HCR_TGE))) {
        return 2;
    }
    return 1;
}

/* May a debug exception be taken from the current EL now? */
static bool a64_dbg_enabled(const ArmSysState *s)
{
    unsigned el = s->el.el, target = a64_dbg_target(s);

    if ((s->oslsr_el1 & OSLSR_OSLK) || el == 3 || el > target) {
        return false;
    }
    if (el < target) {
        return true;
    }
    return (s->mdscr_el1 & MDSCR_KDE) && !(s->el.pstate & ARM_PSTATE_D);
}

/* PMC / PAC: bit 0 for EL1 (and EL2), bit 1 for EL0. */
static bool a64_dbg_priv_ok(unsigned pmc, unsigned el)
{
    return (pmc >> (el == 0 ? 1 : 0)) & 1;
}

/* A VA from DBGxVR: bits [48:0] sign-extended. */
static uint64_t a64_dbg_va(uint64_t v)
{
    return (uint64_t)((int64_t)(v << 15) >> 15);
}

uint32_t a64_sys_debug_flags(ARMCPU *cpu)
{
    const ArmSysState *s = cpu->sys;
    uint32_t flags = 0;

    if (s->el.pstate & ARM_PSTATE_IL) {
        return A64_SYS_FLAG_DEBUG;      /* the next instruction traps */
    }
    if (!a64_dbg_enabled(s)) {
        return 0;
    }
    if (s->mdscr_el1 & MDSCR_SS) {
        flags |= A64_SYS_FLAG_DEBUG;
    }
    if (!(s->mdscr_el1 & MDSCR_MDE)) {
        return flags;
    }
    for (int i = 0; i < ARM_SYS_NUM_BRP; i++) {
        if (s->dbgbcr[i] & 1) {
            flags |= A64_SYS_FLAG_DEBUG;
        }
        if (s->dbgwcr[i] & 1) {
            flags |= A64_SYS_FLAG_WATCH;
        }
    }
    return flags;
}

static bool a64_dbg_bp_hit(const ArmSysState *s, uint64_t pc)
{
    if (!(s->mdscr_el1 & MDSCR_MDE)) {
        return false;
    }
    for (int i = 0; i < ARM_SYS_NUM_BRP; i++) {
        uint64_t bcr = s->dbgbcr[i];

        if ((bcr & 1) && ((bcr >> 20) & 0xf) == 0 &&
            a64_dbg_priv_ok((bcr >> 1) & 3, s->el.el) &&
            (a64_dbg_va(s->dbgbvr[i]) & ~3ull) == (pc & ~3ull)) {
            return true;
        }
    }
    return false;
}

/* Does an access of @len bytes at @addr hit watchpoint @i? */
static bool a64_dbg_wp_hit(const ArmSysState *s, int i, uint64_t addr,
                           unsigned len, bool write)
{
    uint64_t wcr = s->dbgwcr[i], base = a64_dbg_va(s->dbgwvr[i]);
    unsigned lsc = (wcr >> 3) & 3, mask = (wcr >> 24) & 0x1f;
    unsigned bas = (wcr >> 5) & 0xff;

    if (!(wcr & 1) || !(lsc & (write ? 2 : 1)) ||
        !a64_dbg_priv_ok((wcr >> 1) & 3, s->el.el)) {
        return false;
    }
    if (mask >= 3) {
        uint64_t m = ~((1ull << mask) - 1);

        return ((addr & m) == (base & m)) ||
               (((addr + len - 1) & m) == (base & m));
    }
    base &= ~7ull;
    for (unsigned b = 0; b < len; b++) {
        uint64_t a = addr + b;

        if ((a & ~7ull) == base && ((bas >> (a & 7)) & 1)) {
            return true;
        }
    }
    return false;
}

static uint32_t a64_dbg_syn(const ArmSysState *s, unsigned ec_lower,
                            uint32_t iss)
{
    bool same = a64_dbg_target(s) == s->el.el;

    return ((ec_lower + (same ? 1 : 0)) << 26) | (1u << 25) | iss;
}

void a64_sys_check_access(ARMCPU *cpu, const A64Op *op, uint64_t addr,
                          unsigned size, bool write)
{
    const ArmSysState *s = cpu->sys;

    if ((cpu->block_flags & A64_SYS_FLAG_ALIGN) &&
        (addr & ((1u << size) - 1))) {
        a64_sys_alignment_fault(cpu, op, addr, write);
    }
    if (!(cpu->block_flags & A64_SYS_FLAG_WATCH) || !a64_dbg_enabled(s) ||
        !(s->mdscr_el1 & MDSCR_MDE)) {
        return;
    }
    for (int i = 0; i < ARM_SYS_NUM_WRP; i++) {
        if (a64_dbg_wp_hit(s, i, addr, 1u << size, write)) {
            a64_sys_raise(cpu, op, a64_dbg_target(s),
                          a64_dbg_syn(s, ARM_EC_WATCHPOINT_LOWER,
                                      DBG_FSC | (write ? 1u << 6 : 0)),
                          addr, true);
        }
    }
}

/*
 * One instruction with breakpoint and software-step checks.  Software
 * step: PSTATE.SS 1 (active-not-pending) lets one instruction run and
 * becomes 0; with 0 (active-pending) the step exception is taken first.
 * An ERET or an exception sets PSTATE.SS itself.
 */
void a64_sys_debug_insn(ARMCPU *cpu, const A64Op *(*run_one)(ARMCPU *))
{
    ArmSysState *s = cpu->sys;
    bool step = (s->mdscr_el1 & MDSCR_SS) && a64_dbg_enabled(s);
    uint64_t pc = cpu->env.pc, erets = cpu->se->erets;

    if (s->el.pstate & ARM_PSTATE_IL) {
        /* after an illegal exception return (the entry clears IL) */
        a64_sys_raise_at(cpu, NULL, pc, a64_sys_sync_target(cpu),
                         ARM_ESR(ARM_EC_ILLEGAL_STATE, 0), 0,
                         false);
    }
    if (step && !(s->el.pstate & ARM_PSTATE_SS)) {
        a64_sys_raise_at(cpu, NULL, pc, a64_dbg_target(s),
                         a64_dbg_syn(s, ARM_EC_SOFTSTEP_LOWER,
                                     (1u << 24) | DBG_FSC),
                         0, false);
    }
    if (a64_dbg_bp_hit(s, pc)) {
        a64_sys_raise_at(cpu, NULL, pc, a64_dbg_target(s),
                         a64_dbg_syn(s, ARM_EC_BREAKPOINT_LOWER, DBG_FSC),
                         0, false);
    }
    run_one(cpu);
    if (step && cpu->se->erets == erets) {
        s->el.pstate &= ~ARM_PSTATE_SS;
    }
}
