/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine, system mode: the instructions whose meaning differs from
 * user mode, decoded ahead of the shared table (a64_decode_insn()):
 *   SVC, HVC, SMC, BRK, HLT (HLT #0xf000 is semihosting), ERET,
 *   WFI, WFE, YIELD, SEV, SEVL,
 *   MSR/MRS (register), MSR (immediate), SYS, SYSL: through sysreg.c;
 *   DC ZVA: sysreg.c checks the access, the engine zeroes the block.
 * Barriers, CLREX and the other hints stay with the shared table.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "a64-engine.h"
#include "a64-fpu.h"
#include "sysreg.h"

#define X(r) (cpu->env.xregs[(r)])

/* DCZID_EL0.BS = 4: 64-byte blocks. */
#define A64_SYS_DCZ_BYTES 64

/* op->sub for the exception-generating instructions. */
enum {
    EXC_SVC,
    EXC_HVC,
    EXC_SMC,
    EXC_BRK,
    EXC_HLT,
};

static const A64Op *a64_sys_end(ARMCPU *cpu, const A64Op *op)
{
    cpu->env.pc = op->pc + 4;
    return op;
}

/* Carry out the side effects of a sysreg.c call; leave the block if asked. */
static const A64Op *a64_sys_after(ARMCPU *cpu, const A64Op *op)
{
    uint32_t p = cpu->sys->pending;

    if (likely(!p)) {
        return a64_next(cpu, op);
    }
    a64_sys_do_pending(cpu);
    if (p & (ARM_SYS_END_BLOCK | ARM_SYS_IRQ_RECHECK | ARM_SYS_FLUSH_TLB |
             ARM_SYS_FLUSH_TLB_ALL_CPUS)) {
        return a64_sys_end(cpu, op);
    }
    return a64_next(cpu, op);
}

static void a64_sys_check_result(ARMCPU *cpu, const A64Op *op,
                                 ArmSysregResult r)
{
    if (r.kind == ARM_SR_UNDEF) {
        cpu->sys->pending = 0;
        a64_sys_undef(cpu, op);
    }
    if (r.kind == ARM_SR_TRAP) {
        cpu->sys->pending = 0;
        a64_sys_raise(cpu, op, r.target_el, r.esr, 0, false);
    }
}

static const A64Op *a64_sys_op_sysreg(ARMCPU *cpu, const A64Op *op)
{
    uint32_t flags = cpu->block_flags;

    a64_sys_check_result(cpu, op, arm_sysreg_exec(cpu, op->insn));
    if (op->sub) {
        a64_fpu_reset_host_flags();     /* MSR FPSR */
    }
    if (!(op->insn & (1u << 21))) {
        /* a write may enable or disable FP (CPACR, CPTR, HCR) */
        a64_sys_update_mode(cpu);
        if (cpu->block_flags != flags) {
            cpu->sys->pending |= ARM_SYS_END_BLOCK;
        }
    }
    return a64_sys_after(cpu, op);
}

/* An FP/AdvSIMD instruction while they trap: EC 0x07 to where it goes. */
static const A64Op *a64_sys_op_fp_trap(ARMCPU *cpu, const A64Op *op)
{
    ArmSysregResult r = arm_sysreg_fp_access(cpu);

    if (r.kind == ARM_SR_OK) {
        /* stale block (cannot happen: FP state is in the key) */
        a64_sys_undef(cpu, op);
    }
    a64_sys_check_result(cpu, op, r);
    return a64_next(cpu, op);
}

/* Data processing SIMD&FP, or a load/store of a SIMD&FP register. */
static bool a64_sys_is_fp_insn(uint32_t insn)
{
    if ((insn & 0x0e000000u) == 0x0e000000u) {
        return true;
    }
    return (insn & 0x0a000000u) == 0x08000000u && (insn & (1u << 26));
}

static const A64Op *a64_sys_op_dc_zva(ARMCPU *cpu, const A64Op *op)
{
    uint64_t addr = X(op->rd) & ~(uint64_t)(A64_SYS_DCZ_BYTES - 1);

    a64_sys_check_result(cpu, op, arm_sysreg_exec(cpu, op->insn));
    cpu->sys->pending = 0;
    /* the first store translates the block's page: a fault writes nothing */
    for (unsigned i = 0; i < A64_SYS_DCZ_BYTES; i += 8) {
        a64_store(cpu, op, addr + i, 3, 0);
    }
    return a64_next(cpu, op);
}

/* WFI (op->sub 1) and WFE: traps from EL0 (SCTLR_EL1.nTWI/nTWE). */
static const A64Op *a64_sys_op_wfx(ARMCPU *cpu, const A64Op *op)
{
    ArmSysState *s = cpu->sys;
    uint64_t ntw = op->sub ? 1ull << 16 : 1ull << 18;

    if (s->el.el == 0 && !(s->el.sctlr[1] & ntw)) {
        a64_sys_raise(cpu, op, a64_sys_sync_target(cpu),
                      ARM_ESR(ARM_EC_WFX, op->sub ? 0 : 1),
                      0, false);
    }
    if (op->sub) {
        if (!arm_sys_has_work(cpu)) {
            cpu->se->halted = true;     /* until an interrupt arrives */
        }
    } else {
        /*
         * WFE: no event register is modelled, so it is a yield: the
         * other vCPUs run (a spinning guest cannot hang the emulator).
         */
        cpu->exit_request = 1;
    }
    return a64_sys_end(cpu, op);
}

static const A64Op *a64_sys_op_yield(ARMCPU *cpu, const A64Op *op)
{
    cpu->exit_request = 1;
    return a64_sys_end(cpu, op);
}

/* HVC/SMC: the board (PSCI) first, then the exception if the EL exists. */
static bool a64_sys_call_hook(ARMCPU *cpu, const A64Op *op)
{
    const ArmSysHooks *h = cpu->se->hooks;
    uint16_t imm = op->imm;

    if (!h) {
        return false;
    }
    if (op->sub == EXC_HVC) {
        return h->hvc && h->hvc(cpu->se->hooks_opaque, cpu, imm);
    }
    return h->smc && h->smc(cpu->se->hooks_opaque, cpu, imm);
}

static const A64Op *a64_sys_op_hvc_smc(ARMCPU *cpu, const A64Op *op)
{
    ArmELState *el = &cpu->sys->el;
    bool hvc = op->sub == EXC_HVC;
    unsigned target = hvc ? (el->el == 3 ? 3 : 2) : 3;

    if (el->el == 0) {
        a64_sys_undef(cpu, op);
    }
    if (a64_sys_call_hook(cpu, op)) {
        return a64_sys_after(cpu, op);
    }
    if (hvc ? !el->have_el2 : !el->have_el3) {
        a64_sys_undef(cpu, op);
    }
    a64_sys_raise_at(cpu, op, op->pc + 4, target,
                     arm_syn_svc(hvc ? ARM_EC_HVC : ARM_EC_SMC, op->imm),
                     0, false);
}

static const A64Op *a64_sys_op_exc(ARMCPU *cpu, const A64Op *op)
{
    const ArmSysHooks *h = cpu->se->hooks;

    switch (op->sub) {
    case EXC_SVC:
        a64_sys_raise_at(cpu, op, op->pc + 4, a64_sys_sync_target(cpu),
                         arm_syn_svc(ARM_EC_SVC, op->imm), 0, false);
    case EXC_BRK:
        a64_sys_raise(cpu, op, a64_sys_sync_target(cpu),
                      arm_syn_svc(ARM_EC_BRK, op->imm), 0, false);
    default:    /* HLT */
        if (op->imm == 0xf000 && h && h->semihost &&
            h->semihost(cpu->se->hooks_opaque, cpu)) {
            return a64_sys_end(cpu, op);
        }
        a64_sys_undef(cpu, op);
    }
}

static const A64Op *a64_sys_op_eret(ARMCPU *cpu, const A64Op *op)
{
    ArmELState *el = &cpu->sys->el;

    if (el->el == 0) {
        a64_sys_undef(cpu, op);
    }
    el->pstate = (el->pstate & ~ARM_PSTATE_NZCV) | cpu->env.nzcv;
    if (!arm_eret(el, &cpu->env.xregs[A64_REG_SP])) {
        qemu_log_mask(LOG_GUEST_ERROR, "a64: illegal exception return "
                      "at 0x%" PRIx64 " (SPSR 0x%" PRIx64 ")\n", op->pc,
                      el->spsr[el->el]);
    }
    cpu->env.nzcv = el->pstate & ARM_PSTATE_NZCV;
    cpu->env.pc = el->pc;
    cpu->env.excl_size = 0;
    cpu->se->erets++;
    a64_sys_update_mode(cpu);
    return op;
}

/* 11010100 opc:3 imm16 op2:3 LL:2 */
static int a64_sys_decode_exc(A64DisasContext *s, uint32_t insn)
{
    unsigned opc = a64_field(insn, 21, 3), ll = a64_field(insn, 0, 2);
    A64Op *op = s->op;

    if (a64_field(insn, 2, 3) != 0) {
        return -1;
    }
    op->imm = a64_field(insn, 5, 16);
    s->end_block = true;
    if (opc == 0 && ll != 0) {
        op->sub = ll == 1 ? EXC_SVC : ll == 2 ? EXC_HVC : EXC_SMC;
        op->fn = ll == 1 ? a64_sys_op_exc : a64_sys_op_hvc_smc;
        return 1;
    }
    if ((opc == 1 || opc == 2) && ll == 0) {
        op->sub = opc == 1 ? EXC_BRK : EXC_HLT;
        op->fn = a64_sys_op_exc;
        return 1;
    }
    return -1;      /* DCPSx: no external debug */
}

static int a64_sys_decode_hint(A64DisasContext *s, uint32_t insn)
{
    unsigned crm_op2 = a64_field(insn, 5, 7);

    switch (crm_op2) {
    case 1:     /* YIELD */
        s->op->fn = a64_sys_op_yield;
        break;
    case 2:     /* WFE */
    case 3:     /* WFI */
        s->op->sub = crm_op2 == 3;
        s->op->fn = a64_sys_op_wfx;
        break;
    default:    /* NOP, SEV, SEVL, BTI...: the shared table */
        return 0;
    }
    s->end_block = true;
    return 1;
}

int a64_sys_decode(A64DisasContext *s, uint32_t insn)
{
    if ((s->cpu->block_flags & A64_SYS_FLAG_NOFP) &&
        a64_sys_is_fp_insn(insn)) {
        s->op->fn = a64_sys_op_fp_trap;
        s->end_block = true;
        return 1;
    }
    if ((insn & 0xff000000u) == 0xd4000000u) {
        return a64_sys_decode_exc(s, insn);
    }
    if (insn == 0xd69f03e0u) {
        s->op->fn = a64_sys_op_eret;
        s->end_block = true;
        return 1;
    }
    if (!arm_sysreg_is_system_insn(insn)) {
        return 0;
    }
    if ((insn & 0xfffff01fu) == 0xd503201fu) {
        return a64_sys_decode_hint(s, insn);
    }
    if ((insn & 0xfffff01fu) == 0xd503301fu) {
        return 0;   /* CLREX, DSB, DMB, ISB */
    }
    if ((insn & 0xffffffe0u) == 0xd50b7420u) {
        s->op->rd = a64_reg_rz(a64_field(insn, 0, 5));
        s->op->fn = a64_sys_op_dc_zva;
        return 1;
    }
    s->op->sub = (insn & 0xffffffe0u) == 0xd51b4420u;     /* MSR FPSR */
    s->op->fn = a64_sys_op_sysreg;
    return 1;
}
