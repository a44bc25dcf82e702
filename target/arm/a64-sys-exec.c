/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine, system mode: the execution loop, exception entry, IRQ/FIQ
 * acceptance between blocks, WFI halting, power state, reset and the
 * scheduler glue (a64-sys.h has the model).
 *
 * Blocks are keyed by (physical PC, PC, EL): the jump cache finds them
 * by virtual PC and EL, a miss translates the PC through the soft TLB
 * (a fetch fault is an Instruction Abort at that PC) and looks the
 * physical PC up.  A TLB flush forgets every virtual association.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "a64-engine.h"
#include "a64-fpu.h"
#include "a64-jit.h"
#include "sysreg.h"

/* Bounded memory whatever code the guest generates. */
#define A64_SYS_MAX_BLOCKS 65536
/*
 * Jump-cache slots (log2): a Linux boot's kernel code misses 2.6 times
 * less often with 2^14 than with the default 2^12.
 */
#define A64_SYS_JMP_BITS 14

/* ---- exceptions ---- */

unsigned a64_sys_sync_target(ARMCPU *cpu)
{
    return arm_exc_target_el(&cpu->sys->el, ARM_EXC_SYNC);
}

void a64_sys_update_mode(ARMCPU *cpu)
{
    ArmSysEngine *se = cpu->se;
    const ArmELState *el = &cpu->sys->el;
    bool pan = el->pstate & ARM_PSTATE_PAN;

    if (pan != se->pan) {
        /* PAN changes EL1's data permissions the TLB cached */
        se->pan = pan;
        arm_sys_tlb_flush(cpu);
    }
    se->mmu_idx = el->el;
    cpu->block_flags = el->el |
        (arm_sysreg_fp_access(cpu).kind == ARM_SR_OK ? 0 : A64_SYS_FLAG_NOFP) |
        (el->sctlr[el->el ? el->el : 1] & 2 ? A64_SYS_FLAG_ALIGN : 0) |
        a64_sys_debug_flags(cpu);
}

/* Enter an exception now (env.pc is wherever the caller put it). */
static void a64_sys_enter(ARMCPU *cpu, unsigned target, ArmExcType type,
                          uint32_t esr, uint64_t far, bool far_valid,
                          uint64_t return_pc)
{
    ArmELState *el = &cpu->sys->el;

    if (target > 3 || (target == 2 && !el->have_el2) ||
        (target == 3 && !el->have_el3) || target < el->el) {
        /* sysreg.c or a hook asked for an EL that cannot take it */
        qemu_log_mask(LOG_GUEST_ERROR, "a64: exception to EL%u from EL%u "
                      "is not possible; taken to EL%u\n", target, el->el,
                      el->el ? el->el : 1);
        target = el->el ? el->el : 1;
    }
    el->pstate = (el->pstate & ~ARM_PSTATE_NZCV) | cpu->env.nzcv;
    arm_take_exception(el, &cpu->env.xregs[A64_REG_SP], target, type, esr,
                       far, far_valid, return_pc);
    cpu->env.pc = el->pc;
    cpu->env.excl_size = 0;     /* exception entry clears the monitor */
    cpu->se->exceptions_taken++;
    a64_sys_update_mode(cpu);
}

G_NORETURN void a64_sys_raise_at(ARMCPU *cpu, const A64Op *op,
                                 uint64_t return_pc, unsigned target_el,
                                 uint32_t esr, uint64_t far, bool far_valid)
{
    ArmSysEngine *se = cpu->se;
    const A64Op *ops = cpu->block_ops;

    g_assert(se->in_exec);
    if (op && ops) {
        /* the instructions of this block before @op completed */
        se->insns_done += cpu->chained_insns + (uint64_t)(op - ops);
    }
    se->exc.target_el = target_el;
    se->exc.esr = esr;
    se->exc.far = far;
    se->exc.far_valid = far_valid;
    se->exc.return_pc = return_pc;
    longjmp(se->jmp, 1);
}

G_NORETURN void a64_sys_raise(ARMCPU *cpu, const A64Op *op,
                              unsigned target_el, uint32_t esr,
                              uint64_t far, bool far_valid)
{
    a64_sys_raise_at(cpu, op, op->pc, target_el, esr, far, far_valid);
}

G_NORETURN void a64_sys_undef(ARMCPU *cpu, const A64Op *op)
{
    a64_sys_raise(cpu, op, a64_sys_sync_target(cpu),
                  arm_syn_uncategorized(), 0, false);
}

/* ---- side effects of system-register accesses ---- */

static void a64_sys_flush_all_cpus(ARMCPU *cpu)
{
    ArmSysEngine *se = cpu->se;

    if (!se->siblings) {
        arm_sys_tlb_flush(cpu);
        return;
    }
    for (unsigned i = 0; i < se->n_siblings; i++) {
        arm_sys_tlb_flush(se->siblings[i]);
    }
}

/* TLBI on every CPU (IS forms): by VA when @by_va. */
static void a64_sys_tlbi_all_cpus(ARMCPU *cpu, bool by_va, uint64_t va)
{
    ArmSysEngine *se = cpu->se;

    if (!by_va) {
        a64_sys_flush_all_cpus(cpu);
        return;
    }
    if (!se->siblings) {
        arm_sys_tlb_flush_va(cpu, va);
        return;
    }
    for (unsigned i = 0; i < se->n_siblings; i++) {
        arm_sys_tlb_flush_va(se->siblings[i], va);
    }
}

void a64_sys_do_pending(ARMCPU *cpu)
{
    ArmSysState *s = cpu->sys;
    uint32_t p = s->pending;

    s->pending = 0;
    if (p & ARM_SYS_FLUSH_TLB_ALL_CPUS) {
        a64_sys_tlbi_all_cpus(cpu, s->tlbi_by_va, s->tlbi_va);
    } else if (p & ARM_SYS_FLUSH_TLB) {
        if (s->tlbi_by_va) {
            arm_sys_tlb_flush_va(cpu, s->tlbi_va);
        } else {
            arm_sys_tlb_flush(cpu);
        }
    }
    s->tlbi_by_va = false;
    if ((p & ARM_SYS_TIMER_CHANGED) && cpu->se->hooks &&
        cpu->se->hooks->timer_changed) {
        cpu->se->hooks->timer_changed(cpu->se->hooks_opaque, cpu);
    }
    a64_sys_update_mode(cpu);
}

/* ---- interrupts ---- */

/* Take a pending, unmasked IRQ or FIQ (FIQ first). */
static bool a64_sys_check_irq(ARMCPU *cpu)
{
    ArmELState *el = &cpu->sys->el;
    uint32_t in = cpu->se->irq_inputs;
    ArmExcType type;

    if ((in & A64_SYS_IN_FIQ) && arm_irq_taken(el, ARM_EXC_FIQ)) {
        type = ARM_EXC_FIQ;
    } else if ((in & A64_SYS_IN_IRQ) && arm_irq_taken(el, ARM_EXC_IRQ)) {
        type = ARM_EXC_IRQ;
    } else {
        return false;
    }
    a64_sys_enter(cpu, arm_exc_target_el(el, type), type, 0, 0, false,
                  cpu->env.pc);
    return true;
}

void arm_sys_set_irq(ARMCPU *cpu, unsigned which, bool level)
{
    ArmSysEngine *se = cpu->se;

    se->irq_inputs = level ? se->irq_inputs | which
                           : se->irq_inputs & ~which;
    cpu->sys->irq_line = se->irq_inputs & A64_SYS_IN_IRQ;
    cpu->sys->fiq_line = se->irq_inputs & A64_SYS_IN_FIQ;
    if (level && se->sched && !se->powered_off) {
        cpu_scheduler_wake(se->sched, se->sched_idx);
    }
}

/* ---- the loop ---- */

static G_NORETURN void a64_sys_fetch_abort(ARMCPU *cpu, uint64_t pc,
                                           unsigned ec_or_fsc, bool align)
{
    unsigned target = a64_sys_sync_target(cpu);
    bool same = target == cpu->sys->el.el;
    uint32_t esr = align ? ARM_ESR(ARM_EC_PC_ALIGN, 0)
                         : arm_syn_iabt(same, ec_or_fsc, false);

    a64_sys_raise_at(cpu, NULL, pc, target, esr, pc, true);
}

/* The jump cache is about to learn @pc: note a larger mapping. */
static void a64_sys_note_code_mapping(ARMCPU *cpu, uint64_t pc)
{
    ArmSysEngine *se = cpu->se;
    unsigned shift = soft_tlb_mapping_shift(&se->tlb, se->mmu_idx, pc);
    uint64_t key = soft_tlb_va_key(pc), mask;

    if (likely(shift == SOFT_TLB_PAGE_BITS)) {
        return;
    }
    mask = soft_tlb_va_key((1ull << shift) - 1);
    soft_tlb_ranges_add(&se->code_large, key & ~mask, key | mask);
}

static DecodedBlock *a64_sys_lookup_slow(ARMCPU *cpu, uint64_t pc)
{
    ArmSysEngine *se = cpu->se;
    const uint8_t *code;
    hwaddr paddr;
    DecodedBlock *b;
    bool was_code;

    if (pc & 3) {
        a64_sys_fetch_abort(cpu, pc, 0, true);
    }
    code = soft_tlb_code_page(&se->tlb, pc, se->mmu_idx, &paddr,
                              A64_RA_FETCH);
    if (!code) {
        qemu_log_mask(LOG_UNIMP, "a64: instruction fetch from non-RAM "
                      "address 0x%" PRIx64 " (PA 0x%" PRIx64 ")\n", pc,
                      (uint64_t)paddr);
        a64_sys_fetch_abort(cpu, pc, 0x10, false);  /* external abort */
    }
    a64_sys_note_code_mapping(cpu, pc);
    b = block_cache_lookup(&cpu->cache, paddr | (pc & ~SOFT_TLB_PAGE_MASK),
                           pc, cpu->block_flags);
    if (b) {
        return b;
    }
    was_code = a64_sys_tlb_ops.is_code_page(cpu, paddr);
    b = a64_build_block(cpu, pc, code, paddr, cpu->block_flags);
    a64_jit_block_built(cpu, b);
    if (!was_code) {
        a64_sys_protect_code(cpu, paddr);
    }
    return b;
}

static inline DecodedBlock *a64_sys_find_block(ARMCPU *cpu)
{
    DecodedBlock *b = block_cache_lookup_fast(&cpu->cache, cpu->env.pc,
                                              cpu->block_flags);

    return likely(b) ? b : a64_sys_lookup_slow(cpu, cpu->env.pc);
}

static bool a64_sys_stopped(ARMCPU *cpu)
{
    return cpu->se->halted || cpu->se->powered_off ||
           __atomic_load_n(&cpu->exit_request, __ATOMIC_RELAXED);
}

/*
 * The first @limit records of a block with a terminator after them, for
 * the end of the budget (the scheduler never gets more than it gave).
 */
static const A64Op *a64_sys_limited(A64Op *tmp, const A64Op *ops,
                                    unsigned limit)
{
    memcpy(tmp, ops, (limit + 1) * sizeof(A64Op));
    tmp[limit].fn = a64_op_end;
    a64_jit_interp_copy(tmp, ops);
    return tmp;
}

/* Run the block at PC, at most @left instructions of it, and count. */
static void a64_sys_run_block(ARMCPU *cpu, int64_t left)
{
    A64Op tmp[A64_MAX_BLOCK_INSNS + 1];
    DecodedBlock *b = a64_sys_find_block(cpu);
    const A64Op *ops = (const A64Op *)(b + 1), *last;

    if (b->n_insns > left) {
        ops = a64_sys_limited(tmp, ops, left);
    }
    cpu->block_ops = ops;
    cpu->chained_insns = 0;
    cpu->chain_left = left > (A64_CHAIN_MAX + 1) * A64_MAX_BLOCK_INSNS ?
                      A64_CHAIN_MAX : 0;
    last = ops[0].fn(cpu, ops);
    ops = cpu->block_ops;
    cpu->se->insns_done += cpu->chained_insns + (uint64_t)(last - ops) +
                           (last->fn != a64_op_end);
    cpu->env.xregs[A64_REG_ZR] = 0;
    cpu->block_ops = NULL;
}

static const A64Op *a64_sys_run_one(ARMCPU *cpu)
{
    a64_sys_run_block(cpu, 1);
    return NULL;
}

static void a64_sys_exec_blocks(ARMCPU *cpu, int64_t budget)
{
    ArmSysEngine *se = cpu->se;
    int64_t left;

    while ((left = budget - (int64_t)se->insns_done) > 0 &&
           !a64_sys_stopped(cpu)) {
        if (unlikely(se->irq_inputs) && a64_sys_check_irq(cpu)) {
            se->insns_done++;       /* an entry counts as one */
            continue;
        }
        if (unlikely(cpu->block_flags & A64_SYS_FLAG_DEBUG)) {
            a64_sys_debug_insn(cpu, a64_sys_run_one);
            continue;
        }
        a64_sys_run_block(cpu, left);
    }
}

/* Run blocks; an exception comes back here and is entered. */
static void a64_sys_exec_guarded(ARMCPU *cpu, int64_t budget)
{
    ArmSysEngine *se = cpu->se;
    ArmSysPendingExc *e = &se->exc;

    se->in_exec = true;
    for (;;) {
        if (setjmp(se->jmp) == 0) {
            a64_sys_exec_blocks(cpu, budget);
            break;
        }
        cpu->block_ops = NULL;
        cpu->env.xregs[A64_REG_ZR] = 0;
        a64_sys_enter(cpu, e->target_el, ARM_EXC_SYNC, e->esr, e->far,
                      e->far_valid, e->return_pc);
        se->insns_done++;
    }
    se->in_exec = false;
}

int64_t arm_sys_exec(ARMCPU *cpu, int64_t budget)
{
    ArmSysEngine *se = cpu->se;

    se->insns_done = 0;
    if (se->powered_off || (se->halted && !arm_sys_has_work(cpu))) {
        if (se->sched) {
            cpu_scheduler_halt(se->sched, se->sched_idx);
        }
        return 0;
    }
    se->halted = false;
    cpu->exit_request = 0;
    if (block_cache_live(&cpu->cache) > A64_SYS_MAX_BLOCKS) {
        block_cache_invalidate_all(&cpu->cache);
    }
    block_cache_reap(&cpu->cache);
    a64_jit_safe_point(cpu);
    a64_fpu_reset_host_flags();
    a64_sys_exec_guarded(cpu, budget);
    if ((se->halted || se->powered_off) && se->sched) {
        cpu_scheduler_halt(se->sched, se->sched_idx);
    }
    cpu->insns_executed += se->insns_done;
    return se->insns_done;
}

bool arm_sys_has_work(ARMCPU *cpu)
{
    /* WFI wakes on a pending interrupt whatever PSTATE's masks say */
    return !cpu->se->powered_off && cpu->se->irq_inputs != 0;
}

/* ---- state, power, scheduler ---- */

ARMCPU *arm_sys_cpu_new(const ARMCPUModel *model, AddressSpace *as)
{
    ARMCPU *cpu = arm_cpu_new(model, 0);

    block_cache_set_jmp_bits(&cpu->cache, A64_SYS_JMP_BITS);
    cpu->sys = g_new0(ArmSysState, 1);
    cpu->se = g_new0(ArmSysEngine, 1);
    cpu->sys->as = as;
    cpu->se->as = as;
    soft_tlb_init(&cpu->se->tlb, as, A64_SYS_MMU_MODES, &a64_sys_tlb_ops,
                  cpu);
    return cpu;
}

void arm_sys_cpu_free(ARMCPU *cpu)
{
    if (!cpu) {
        return;
    }
    soft_tlb_destroy(&cpu->se->tlb);
    g_free(cpu->se);
    g_free(cpu->sys);
    arm_cpu_free(cpu);
}

void arm_sys_cpu_set_hooks(ARMCPU *cpu, const ArmSysHooks *hooks,
                           void *opaque)
{
    cpu->se->hooks = hooks;
    cpu->se->hooks_opaque = opaque;
}

void arm_sys_cpu_set_siblings(ARMCPU *cpu, ARMCPU **cpus, unsigned n)
{
    cpu->se->siblings = cpus;
    cpu->se->n_siblings = n;
}

void arm_sys_cpu_reset(ARMCPU *cpu)
{
    CPUARMState *env = &cpu->env;
    ArmSysEngine *se = cpu->se;

    arm_sysreg_reset(cpu);
    memset(env, 0, sizeof(*env));
    env->pc = cpu->sys->rvbar;
    se->halted = false;
    se->irq_inputs = 0;
    se->pan = false;
    cpu->exit_request = 0;
    arm_sys_tlb_flush(cpu);
    block_cache_invalidate_all(&cpu->cache);
    a64_sys_update_mode(cpu);
}

void arm_sys_cpu_set_entry(ARMCPU *cpu, uint64_t pc, unsigned el,
                           uint64_t x0)
{
    ArmELState *s = &cpu->sys->el;

    s->el = el;
    s->sp_sel = true;
    s->pstate = ARM_PSTATE_DAIF;
    cpu->env.pc = pc;
    cpu->env.xregs[0] = x0;
    a64_sys_update_mode(cpu);
}

void arm_sys_power_off(ARMCPU *cpu)
{
    ArmSysEngine *se = cpu->se;

    se->powered_off = true;
    cpu->exit_request = 1;
    if (se->sched) {
        cpu_scheduler_halt(se->sched, se->sched_idx);
    }
}

void arm_sys_power_on(ARMCPU *cpu, uint64_t pc, uint64_t x0)
{
    ArmSysEngine *se = cpu->se;
    unsigned el = cpu->sys->el.have_el3 ? 3 : cpu->sys->el.have_el2 ? 2 : 1;

    arm_sys_cpu_reset(cpu);
    arm_sys_cpu_set_entry(cpu, pc, el, x0);
    se->powered_off = false;
    if (se->sched) {
        cpu_scheduler_wake(se->sched, se->sched_idx);
    }
}

void arm_sys_standby(ARMCPU *cpu)
{
    if (!arm_sys_has_work(cpu)) {
        cpu->se->halted = true;
        cpu->exit_request = 1;
    }
}

bool arm_sys_is_powered_off(ARMCPU *cpu)
{
    return cpu->se->powered_off;
}

static int64_t a64_sys_vcpu_exec(void *opaque, int64_t budget)
{
    return arm_sys_exec(opaque, budget);
}

static bool a64_sys_vcpu_has_work(void *opaque)
{
    return arm_sys_has_work(opaque);
}

static void a64_sys_vcpu_kick(void *opaque)
{
    ARMCPU *cpu = opaque;

    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELAXED);
}

const VCPUOps arm_sys_vcpu_ops = {
    .exec = a64_sys_vcpu_exec,
    .has_work = a64_sys_vcpu_has_work,
    .kick = a64_sys_vcpu_kick,
};

void arm_sys_attach(ARMCPU *cpu, CPUScheduler *s)
{
    cpu->se->sched = s;
    cpu->se->sched_idx = cpu_scheduler_add(s, cpu, &arm_sys_vcpu_ops);
}
