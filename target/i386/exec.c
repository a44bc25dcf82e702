/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The x86 execution loop: find or decode the block at RIP, run its
 * operation records through their handler pointers, follow chained
 * successors; plus the soft-TLB hooks and the scheduler glue.
 *
 * Exceptions: a handler calls x86_raise(), which records the vector and
 * longjmps back to x86_cpu_exec() with RIP at the faulting instruction.
 * Delivery through the IDT is not implemented yet: the vCPU stops with
 * X86_EXIT_EXCEPTION (logged under LOG_UNIMP).
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "target/i386/sev-cpu.h"
#include "qemu/log.h"

void x86_raise_at(X86CPU *cpu, uint64_t rip, int vector,
                  uint32_t error_code)
{
    cpu->env.rip = rip;
    cpu->exception_index = vector;
    cpu->error_code = error_code;
    longjmp(cpu->jmp_env, 1);
}

void x86_raise(X86CPU *cpu, const X86Op *op, int vector,
               uint32_t error_code)
{
    cpu->insns_done += op - (const X86Op *)cpu->cur_ops;
    x86_raise_at(cpu, cpu->block_pc + op->pc_off, vector, error_code);
}

void x86_raise_trap(X86CPU *cpu, const X86Op *op, int vector,
                    uint32_t error_code)
{
    /* the instruction completed: it counts, and RIP is past it */
    cpu->insns_done += op - (const X86Op *)cpu->cur_ops + 1;
    x86_raise_at(cpu, x86_next_rip(cpu, op), vector, error_code);
}

/* ---- soft TLB hooks ---- */

void x86_tlb_flush_all(X86CPU *cpu)
{
    soft_tlb_flush(&cpu->tlb);
    block_cache_unchain_all(&cpu->cache);
}

/* With siblings (SMP), a page is code if any vCPU decoded from it. */
static bool x86_tlb_is_code_page(void *opaque, hwaddr paddr)
{
    X86CPU *cpu = opaque;

    if (!cpu->siblings) {
        return block_cache_page_has_code(&cpu->cache, paddr);
    }
    for (guint i = 0; i < cpu->siblings->len; i++) {
        X86CPU *o = g_ptr_array_index(cpu->siblings, i);

        if (block_cache_page_has_code(&o->cache, paddr)) {
            return true;
        }
    }
    return false;
}

/* @paddr's page becomes a code page: no vCPU may write it fast. */
static void x86_protect_code(X86CPU *cpu, hwaddr paddr)
{
    if (x86_tlb_is_code_page(cpu, paddr)) {
        return;                 /* already protected everywhere */
    }
    if (!cpu->siblings) {
        soft_tlb_protect_code(&cpu->tlb, paddr);
        return;
    }
    for (guint i = 0; i < cpu->siblings->len; i++) {
        X86CPU *o = g_ptr_array_index(cpu->siblings, i);

        soft_tlb_protect_code(&o->tlb, paddr);
    }
}

/*
 * Self-modifying code.  If the running block is among those dropped, the
 * instruction after the store must not run from the stale records: its
 * record (in the zombie block, freed only at the next exec() entry) is
 * turned into a terminator that leaves the block at that instruction.
 */
static void x86_tlb_code_written(void *opaque, hwaddr paddr, uintptr_t ra)
{
    X86CPU *cpu = opaque;

    block_cache_invalidate_page(&cpu->cache, paddr);
    for (guint i = 0; cpu->siblings && i < cpu->siblings->len; i++) {
        X86CPU *o = g_ptr_array_index(cpu->siblings, i);

        if (o != cpu) {
            block_cache_invalidate_page(&o->cache, paddr);
        }
    }
    /* ra is a record, not a probe, a fetch or an exception delivery */
    if (ra > X86_RA_DELIVERY && cpu->cur_block && cpu->cur_block->invalid) {
        X86Op *next = (X86Op *)ra + 1;

        next->fn = x86_op_end;
    }
}

void x86_cpu_phys_written(X86CPU *cpu, hwaddr paddr, hwaddr len)
{
    hwaddr page = paddr & SOFT_TLB_PAGE_MASK;
    hwaddr last = paddr + len - 1;
    guint n = cpu->siblings ? cpu->siblings->len : 1;

    if (!len) {
        return;
    }
    for (guint i = 0; i < n; i++) {
        X86CPU *o = cpu->siblings ? g_ptr_array_index(cpu->siblings, i)
                                  : cpu;

        for (hwaddr p = page; p <= last && p >= page;
             p += SOFT_TLB_PAGE_SIZE) {
            if (block_cache_page_has_code(&o->cache, p)) {
                block_cache_invalidate_page(&o->cache, p);
            }
        }
    }
}

static void x86_tlb_map_changed(void *opaque)
{
    X86CPU *cpu = opaque;

    block_cache_invalidate_all(&cpu->cache);
}

/*
 * SEV-ES/SNP: an instruction's data access to an emulated device is a
 * #VC 0x400 (the guest completes it with the GHCB MMIO events).  Only
 * the soft TLB's MMIO slow path calls this; accesses of exception
 * delivery (ra <= X86_RA_DELIVERY) still go to the device.
 */
static void x86_tlb_mmio_access(void *opaque, hwaddr paddr, unsigned size,
                                bool is_write, uintptr_t ra)
{
    X86CPU *cpu = opaque;

    if (cpu->sev && ra > X86_RA_DELIVERY) {
        x86_sev_mmio(cpu, (const X86Op *)ra, paddr, is_write);
    }
}

static const SoftTLBOps x86_tlb_ops = {
    .fill = x86_tlb_fill,
    .is_code_page = x86_tlb_is_code_page,
    .code_written = x86_tlb_code_written,
    .map_changed = x86_tlb_map_changed,
    .mmio_access = x86_tlb_mmio_access,
    .private_read = x86_apic_page_read,
    .private_write = x86_apic_page_write,
};

/* ---- block lookup and chaining ---- */

static DecodedBlock *x86_lookup_slow(X86CPU *cpu, vaddr pc, uint32_t flags)
{
    vaddr key = x86_block_key(cpu, pc), lin = x86_linear_pc(cpu, pc);
    hwaddr paddr;
    DecodedBlock *b;

    if (!x86_is_canonical(pc)) {
        return NULL;
    }
    /* not executable: the non-probe translation raises the #PF */
    soft_tlb_code_page(&cpu->tlb, lin, x86_mmu_idx(cpu), &paddr,
                       X86_RA_FETCH);
    b = block_cache_lookup(&cpu->cache,
                           paddr | (lin & ~SOFT_TLB_PAGE_MASK), key, flags);
    if (b) {
        return b;
    }
    b = x86_translate_block(cpu, pc, flags);
    if (!b) {
        return NULL;
    }
    /* a page that becomes a code page loses its write fast path */
    x86_protect_code(cpu, b->phys_pc);
    if (b->phys_page2 != (hwaddr)-1) {
        x86_protect_code(cpu, b->phys_page2);
    }
    block_cache_insert(&cpu->cache, b);
    return b;
}

/*
 * Remember @b as a successor of @prev: the fall-through block in its own
 * slot, any other in the jump slot (so a Jcc knows which slot to look
 * at, see x86_chain_slot()).
 */
static void x86_chain(X86CPU *cpu, DecodedBlock *prev, DecodedBlock *b)
{
    BlockCache *c = &cpu->cache;

    if (prev->invalid || b->invalid) {
        return;
    }
    if (prev->chain_gen != c->generation) {
        prev->next[0] = prev->next[1] = NULL;
        prev->chain_gen = c->generation;
    }
    prev->next[b->pc == prev->pc + prev->size ? X86_SLOT_FALL
                                              : X86_SLOT_JUMP] = b;
}

static DecodedBlock *x86_find_block(X86CPU *cpu, DecodedBlock *prev)
{
    vaddr pc = x86_block_key(cpu, cpu->env.rip);
    uint32_t flags = cpu->hflags;
    DecodedBlock *b;

    if (prev && prev->chain_gen == cpu->cache.generation) {
        for (int i = 0; i < 2; i++) {
            b = prev->next[i];
            if (b && b->pc == pc && b->flags == flags) {
                return b;
            }
        }
    }
    b = block_cache_lookup_fast(&cpu->cache, pc, flags);
    if (!b) {
        b = x86_lookup_slow(cpu, cpu->env.rip, flags);
    }
    if (b && prev) {
        x86_chain(cpu, prev, b);
    }
    return b;
}

/* ---- the loop ---- */

/* Instructions completed when @last ended the block run from @ops. */
static int64_t x86_count(const X86Op *ops, const X86Op *last)
{
    /* a terminator is not an instruction */
    return last->fn == x86_op_end ? last - ops : last - ops + 1;
}

/*
 * Run a whole block, and the blocks its records chain to directly
 * (x86_chain_next() adds their counts and moves cur_block/cur_ops);
 * returns how many instructions of the last block completed.
 */
static int64_t x86_run_block(X86CPU *cpu, DecodedBlock *b)
{
    const X86Op *ops = x86_block_ops(b);
    X86BlockJit *j = x86_block_jit(b);
    const X86Op *last;

    if (j->gen != cpu->jit_gen && cpu->jit_mode != X86_JIT_MODE_OFF &&
        j->state != X86_JIT_REFUSED &&
        (++j->hits >= cpu->jit_threshold ||
         cpu->jit_mode == X86_JIT_MODE_FORCE)) {
        /* safe point: no native code is on the host stack here */
        x86_jit_translate(cpu, b);
    }
    cpu->cur_ops = ops;
    if (j->gen == cpu->jit_gen) {
        last = j->code(cpu, ops);
    } else {
        last = ops->fn(cpu, ops);
    }
    return x86_count(cpu->cur_ops, last);
}

/*
 * Run at most @limit instructions of a block (end of the budget, STI
 * shadow): a copy of the first @limit records with a terminator after.
 */
static int64_t x86_run_block_limited(X86CPU *cpu, DecodedBlock *b,
                                     int64_t limit)
{
    X86Op tmp[X86_MAX_BLOCK_INSNS + 1];
    const X86Op *ops = x86_block_ops(b);
    const X86Op *last;

    g_assert(limit < b->n_insns);
    memcpy(tmp, ops, limit * sizeof(X86Op));
    tmp[limit] = ops[limit];
    tmp[limit].fn = x86_op_end;
    cpu->cur_ops = tmp;
    last = tmp->fn(cpu, tmp);
    return x86_count(cpu->cur_ops, last);
}

/* Every mode runs now (virtual-8086 mode is refused: X86_EXIT_UNIMP). */
static bool x86_can_run(X86CPU *cpu)
{
    if (cpu->env.eflags & 0x20000) {
        qemu_log_mask(LOG_UNIMP, "x86: virtual-8086 mode is not "
                      "implemented\n");
        cpu->exit_reason = X86_EXIT_UNIMP;
        return false;
    }
    return true;
}

static void x86_stop_on_exception(X86CPU *cpu)
{
    cpu->exit_reason = X86_EXIT_EXCEPTION;
    cpu->halted = true;
}

static void x86_triple_fault(X86CPU *cpu)
{
    qemu_log_mask(LOG_GUEST_ERROR, "x86: triple fault at RIP 0x%" PRIx64
                  "\n", cpu->env.rip);
    cpu->exit_reason = X86_EXIT_SHUTDOWN;
    cpu->halted = true;
}

/* Accept a pending NMI or INTR: delivered like an exception, at RIP. */
static void x86_check_interrupts(X86CPU *cpu)
{
    int vector;

    if (cpu->interrupt_request & (X86_INT_INIT | X86_INT_SIPI)) {
        cpu->exit_request = true;   /* exec() entry handles them */
        return;
    }
    if (cpu->sev && (vector = x86_sev_interrupt(cpu)) != -2) {
        /* Secure AVIC: the backing page decides */
        if (vector < 0) {
            return;
        }
    } else if ((cpu->interrupt_request & X86_INT_NMI) &&
               !cpu->nmi_blocked) {
        cpu->interrupt_request &= ~X86_INT_NMI;
        cpu->nmi_blocked = true;
        vector = 2;
    } else if ((cpu->interrupt_request & X86_INT_HARD) &&
               (cpu->env.eflags & X86_IF) && !cpu->irq_inhibit &&
               cpu->intr_ack) {
        vector = cpu->intr_ack(cpu->intr_opaque);
        if (vector < 0) {
            return;
        }
    } else {
        return;
    }
    cpu->exception_is_ext = true;
    x86_raise_at(cpu, cpu->env.rip, vector & 0xff, 0);
}

static void x86_exec_blocks(X86CPU *cpu, int64_t budget)
{
    DecodedBlock *prev = NULL, *b;
    int64_t left;

    cpu->budget = budget;       /* direct chaining stays within it */
    while ((left = budget - cpu->insns_done) > 0 && !cpu->exit_request) {
        if (unlikely(cpu->interrupt_request)) {
            x86_check_interrupts(cpu);
            /* pending but shadowed (STI): run exactly one instruction */
            if (cpu->irq_inhibit) {
                left = 1;
            }
        }
        cpu->irq_inhibit = false;
        b = x86_find_block(cpu, prev);
        if (!b && x86_is_canonical(x86_linear_pc(cpu, cpu->env.rip))) {
            /* code outside RAM (no firmware at the reset vector, MMIO) */
            qemu_log_mask(LOG_UNIMP, "x86: instruction fetch from non-RAM "
                          "address 0x%" PRIx64 " is not supported\n",
                          x86_linear_pc(cpu, cpu->env.rip));
            cpu->exit_reason = X86_EXIT_UNIMP;
            return;
        }
        if (!b) {
            /* non-canonical RIP: #GP at that RIP */
            x86_raise_at(cpu, cpu->env.rip, X86_EXCP_GP, 0);
        }
        cpu->block_pc = cpu->env.rip;     /* EIP: b->pc may hold CS.base */
        cpu->cur_block = b;
        cpu->chain_left = X86_MAX_CHAIN;
        if (b->n_insns <= left) {
            cpu->insns_done += x86_run_block(cpu, b);
        } else {
            cpu->insns_done += x86_run_block_limited(cpu, b, left);
        }
        prev = cpu->cur_block;      /* the last block chained to */
    }
    cpu->exit_reason = cpu->halted ? X86_EXIT_HLT
                     : cpu->exit_request ? X86_EXIT_KICK : X86_EXIT_BUDGET;
}

/*
 * Run blocks under the exception setjmp.  A fault comes back here, is
 * combined with one being delivered (#DF, triple fault), and is delivered
 * on the next turn of the loop.
 */
static void x86_exec_guarded(X86CPU *cpu, int64_t budget)
{
    for (;;) {
        if (setjmp(cpu->jmp_env) == 0) {
            if (cpu->exception_index >= 0) {
                x86_deliver_pending(cpu);
            }
            x86_exec_blocks(cpu, budget);
            return;
        }
        cpu->cur_block = NULL;
        if (cpu->stop_on_exception && !cpu->exception_is_int &&
            !cpu->exception_is_ext) {
            x86_stop_on_exception(cpu);
            return;
        }
        if (!x86_exception_nested(cpu)) {
            x86_triple_fault(cpu);
            return;
        }
    }
}

int64_t x86_cpu_exec(X86CPU *cpu, int64_t budget)
{
    cpu->insns_done = 0;
    cpu->exit_reason = X86_EXIT_NONE;
    if (cpu->interrupt_request & (X86_INT_INIT | X86_INT_SIPI)) {
        x86_cpu_do_init_sipi(cpu);
    }
    if (cpu->halted && !x86_cpu_has_work(cpu)) {
        cpu->exit_reason = X86_EXIT_HLT;
        if (cpu->sched) {
            cpu_scheduler_halt(cpu->sched, cpu->sched_idx);
        }
        return 0;
    }
    cpu->halted = false;
    cpu->exit_request = false;
    cpu->exception_index = -1;
    cpu->exception_is_int = false;
    cpu->exception_is_ext = false;
    cpu->delivering = -1;
    if (block_cache_live(&cpu->cache) > X86_MAX_BLOCKS) {
        /* bounded memory whatever code the guest generates */
        block_cache_invalidate_all(&cpu->cache);
    }
    block_cache_reap(&cpu->cache);
    if (!x86_can_run(cpu)) {
        return 0;
    }
    x86_exec_guarded(cpu, budget);
    cpu->cur_block = NULL;
    if (cpu->halted && cpu->sched) {
        cpu_scheduler_halt(cpu->sched, cpu->sched_idx);
    }
    cpu->icount += cpu->insns_done;
    return cpu->insns_done;
}

/* ---- state ---- */

void x86_update_hflags(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;
    uint32_t cs = env->segs[R_CS].flags;
    uint32_t hf = (cs >> X86_DESC_DPL_SHIFT) & X86_HF_CPL_MASK;

    if ((env->efer & X86_EFER_LMA) && (cs & X86_DESC_L)) {
        hf |= X86_HF_CS64;
    } else if (cs & X86_DESC_DB) {
        hf |= X86_HF_CS32;
    }
    if (env->cr[0] & X86_CR0_PG) {
        hf |= X86_HF_PG;
    }
    if ((hf ^ cpu->hflags) & ~X86_HF_CPL_MASK) {
        /*
         * New paging or code mode: new translations.  A CPL change alone
         * needs nothing: the MMU index and the block key both include
         * the CPL.
         */
        soft_tlb_flush(&cpu->tlb);
        block_cache_unchain_all(&cpu->cache);
    }
    cpu->hflags = hf;
}

void x86_cpu_reset(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    memset(env, 0, sizeof(*env));
    x86_fpu_reset(env);
    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i].limit = 0xffff;
        env->segs[i].flags = X86_DESC_P | (3u << 8) /* data, rw, accessed */;
    }
    env->segs[R_CS].selector = 0xf000;
    env->segs[R_CS].base = 0xffff0000;
    env->segs[R_CS].flags = X86_DESC_P | (0xbu << 8);   /* code, rx */
    env->rip = 0xfff0;
    env->eflags = X86_FLAGS_FIXED;
    env->cc_op = X86_CC_EFLAGS;
    env->cc_size = 1;
    env->cr[0] = 0x60000010;
    env->regs[R_EDX] = 0x600;   /* reset signature: family 6 */
    env->gdt.limit = env->idt.limit = 0xffff;
    env->ldt.limit = env->tr.limit = 0xffff;
    env->apic_base = 0xfee00000 | (1u << 11) | (1u << 8);
    env->pat = 0x0007040600070406ull;
    cpu->halted = false;
    cpu->exit_reason = X86_EXIT_NONE;
    cpu->exception_index = -1;
    cpu->exception_is_int = false;
    cpu->exception_is_ext = false;
    cpu->delivering = -1;
    cpu->interrupt_request = 0;
    cpu->nmi_blocked = false;
    cpu->irq_inhibit = false;
    cpu->wait_for_sipi = false;
    cpu->hflags = ~0u;
    x86_update_hflags(cpu);
    block_cache_invalidate_all(&cpu->cache);
}

void x86_cpu_set_flat64(X86CPU *cpu, uint64_t rip)
{
    CPUX86State *env = &cpu->env;

    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i].selector = 0x10;
        env->segs[i].base = 0;
        env->segs[i].limit = 0xffffffff;
        env->segs[i].flags = X86_DESC_P | X86_DESC_G | X86_DESC_DB |
                             (0x13u << 8);
    }
    env->segs[R_CS].selector = 0x08;
    env->segs[R_CS].flags = X86_DESC_P | X86_DESC_G | X86_DESC_L |
                            (0x1bu << 8);
    env->cr[0] = X86_CR0_PE | 0x10;
    env->cr[4] = X86_CR4_PAE;
    env->efer = X86_EFER_LME | X86_EFER_LMA;
    env->rip = rip;
    x86_update_hflags(cpu);
}

X86CPU *x86_cpu_new(AddressSpace *as)
{
    X86CPU *cpu = g_new0(X86CPU, 1);

    cpu->as = as;
    soft_tlb_init(&cpu->tlb, as, X86_NB_MMU_MODES, &x86_tlb_ops, cpu);
    block_cache_init(&cpu->cache);
    x86_cpuid_parse(NULL, &cpu->cpuid, &error_abort);   /* qemu64 */
    x86_jit_setup(cpu);
    x86_cpu_reset(cpu);
    return cpu;
}

void x86_cpu_set_io(X86CPU *cpu, AddressSpace *io)
{
    cpu->io = io;
}

void x86_cpu_set_clocks(X86CPU *cpu, QEMUClocks *clocks)
{
    cpu->clocks = clocks;
}

void x86_cpu_free(X86CPU *cpu)
{
    if (!cpu) {
        return;
    }
    soft_tlb_destroy(&cpu->tlb);
    block_cache_destroy(&cpu->cache);
    x86_jit_free(cpu);
    g_free(cpu);
}

/* ---- scheduler glue ---- */

static int64_t x86_vcpu_exec(void *opaque, int64_t budget)
{
    return x86_cpu_exec(opaque, budget);
}

bool x86_cpu_has_work(X86CPU *cpu)
{
    if (cpu->exit_reason == X86_EXIT_SHUTDOWN ||
        cpu->exit_reason == X86_EXIT_EXCEPTION) {
        return false;           /* stopped for good (until reset) */
    }
    if (cpu->interrupt_request & (X86_INT_INIT | X86_INT_SIPI)) {
        return true;
    }
    if (cpu->wait_for_sipi) {
        return false;           /* INTR and NMI wait until it runs */
    }
    if (cpu->sev && cpu->sev->parked) {
        return false;           /* SEV AP reset hold, or terminated */
    }
    if (cpu->sev && x86_sev_has_work(cpu)) {
        return true;
    }
    return ((cpu->interrupt_request & X86_INT_HARD) &&
            (cpu->env.eflags & X86_IF)) ||
           ((cpu->interrupt_request & X86_INT_NMI) && !cpu->nmi_blocked);
}

void x86_cpu_set_intr_ack(X86CPU *cpu, int (*ack)(void *opaque),
                          void *opaque)
{
    cpu->intr_ack = ack;
    cpu->intr_opaque = opaque;
}

void x86_cpu_interrupt(X86CPU *cpu, unsigned mask)
{
    cpu->interrupt_request |= mask;
}

void x86_cpu_reset_interrupt(X86CPU *cpu, unsigned mask)
{
    cpu->interrupt_request &= ~mask;
}

static bool x86_vcpu_has_work(void *opaque)
{
    return x86_cpu_has_work(opaque);
}

static void x86_vcpu_kick(void *opaque)
{
    X86CPU *cpu = opaque;

    cpu->exit_request = true;
}

const VCPUOps x86_vcpu_ops = {
    .exec = x86_vcpu_exec,
    .has_work = x86_vcpu_has_work,
    .kick = x86_vcpu_kick,
};

void x86_cpu_attach(X86CPU *cpu, CPUScheduler *s)
{
    cpu->sched = s;
    cpu->sched_idx = cpu_scheduler_add(s, cpu, &x86_vcpu_ops);
}
