/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine, user mode: the execution loop over a flat guest address
 * space (guest address + guest_base), code invalidation on munmap and
 * mprotect, and the running-record query of the SIGSEGV handler.
 */
#include "qemu/osdep.h"
#include "a64-engine.h"
#include "a64-fpu.h"
#include "a64-jit.h"

#define A64_PAGE_SIZE 4096u

static inline DecodedBlock *a64_find_block(ARMCPU *cpu, uint64_t pc)
{
    DecodedBlock *b = block_cache_lookup_fast(&cpu->cache, pc, 0);

    if (likely(b)) {
        return b;
    }
    b = block_cache_lookup(&cpu->cache, pc, pc, 0);
    if (b) {
        return b;
    }
    pc &= ~(uint64_t)(A64_PAGE_SIZE - 1);
    b = a64_build_block(cpu, cpu->env.pc, a64_g2h(cpu, pc), pc, 0);
    a64_jit_block_built(cpu, b);
    return b;
}

A64ExitReason arm_cpu_exec(ARMCPU *cpu, uint64_t budget)
{
    uint64_t done = 0;

    cpu->exit_reason = A64_EXIT_NONE;
    a64_fpu_reset_host_flags();
    while (done < budget) {
        DecodedBlock *b;
        const A64Op *ops;
        const A64Op *last;

        a64_jit_safe_point(cpu);
        b = a64_find_block(cpu, cpu->env.pc);
        ops = (const A64Op *)(b + 1);

        cpu->block_ops = ops;
        cpu->chained_insns = 0;
        cpu->chain_left = A64_CHAIN_MAX;
        last = ops[0].fn(cpu, ops);
        ops = cpu->block_ops;
        done += cpu->chained_insns + (uint64_t)(last - ops) +
                (last->fn != a64_op_end);
        cpu->env.xregs[A64_REG_ZR] = 0;
        if (cpu->exit_reason != A64_EXIT_NONE) {
            break;
        }
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_RELAXED)) {
            break;
        }
    }
    cpu->insns_executed += done;
    if (cpu->exit_reason == A64_EXIT_NONE) {
        cpu->exit_reason = A64_EXIT_BUDGET;
    }
    block_cache_reap(&cpu->cache);
    return cpu->exit_reason;
}

void arm_cpu_invalidate_code(ARMCPU *cpu, uint64_t start, uint64_t len)
{
    uint64_t page = start & ~(uint64_t)(A64_PAGE_SIZE - 1);

    if (len > 64 * A64_PAGE_SIZE) {
        block_cache_invalidate_all(&cpu->cache);
        return;
    }
    for (; page < start + len; page += A64_PAGE_SIZE) {
        if (block_cache_page_has_code(&cpu->cache, page)) {
            block_cache_invalidate_page(&cpu->cache, page);
        }
    }
}

bool arm_cpu_running_op(ARMCPU *cpu, uintptr_t hostp, uint64_t *pc,
                        uint32_t *insn)
{
    const A64Op *ops = cpu->block_ops;
    const DecodedBlock *b;
    uintptr_t lo, hi;

    if (!ops) {
        return false;
    }
    b = (const DecodedBlock *)ops - 1;
    lo = (uintptr_t)ops;
    hi = (uintptr_t)(ops + b->n_insns);
    if (hostp == 0) {
        hostp = lo;
    }
    if (hostp < lo || hostp >= hi || (hostp - lo) % sizeof(A64Op)) {
        return false;
    }
    *pc = ((const A64Op *)hostp)->pc;
    *insn = ((const A64Op *)hostp)->insn;
    return true;
}
