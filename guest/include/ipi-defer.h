/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deferring IPIs to isolated CPUs until their next kernel entry
 * (../shared/specs/ipi-deferral.md).
 *
 * Each CPU's ct_state word holds CT_USER while the CPU runs user code,
 * plus one bit per deferrable work type.  A sender whose target is an
 * isolated CPU in user mode sets the type's bit with a compare-and-swap
 * that also checks CT_USER, instead of sending an IPI; the same work
 * coalesces.  On kernel entry from user mode the CPU swaps the word to 0
 * and runs the work of every bit it took, before any other kernel code.
 * Only code that is never patched runs before that point (entry.S, the
 * start of trap_dispatch/syscall_dispatch).
 */
#ifndef GUEST_IPI_DEFER_H
#define GUEST_IPI_DEFER_H

#include "smp.h"

enum {
    DEFER_SYNC_CORE,            /* after kernel text was patched */
    DEFER_TLB_FLUSH,            /* after a kernel mapping changed */
    NR_DEFER,
};

#define CT_USER             BIT(0)
#define CT_WORK(type)       BIT(1 + (type))

typedef struct DeferStats {
    uint64_t ipis[NR_DEFER];    /* work run because an IPI arrived */
    uint64_t deferred[NR_DEFER];/* bits set instead of an IPI */
    uint64_t flushed[NR_DEFER]; /* work run at kernel entry */
    uint64_t probes;            /* SYS_PROBE calls */
    uint64_t stale;             /* probes that saw old patched code */
} DeferStats;

extern DeferStats defer_stats[MAX_CPUS];
extern bool ipi_defer_on;

/* The CPU is about to run user code. */
static inline void ct_user_enter(Cpu *c)
{
    __atomic_store_n(&c->ct_state, CT_USER, __ATOMIC_RELEASE);
}

/* First thing on kernel entry from user mode: flush deferred work. */
void ct_kernel_enter(Cpu *c);

/* Read isolcpus=/nohz_full= and ipi_defer=on|off. */
void ipi_defer_init(void);

/*
 * Run work @type on every online CPU: here and now on this CPU, by IPI
 * on the others, or (ipi_defer_on) at the next kernel entry of isolated
 * CPUs that are in user mode.
 */
void on_each_cpu_deferrable(int type);

/* Patch the patch site to return @v, then sync every CPU's core. */
void text_patch(uint32_t v);
/* Change kernel mapping of @va, then flush every CPU's TLB. */
void kernel_range_flush(uint64_t va, uint64_t pa);

/* SYS_PROBE: check the patched code; returns 1 when told to stop. */
uint64_t ipi_defer_probe(void);
void ipi_defer_set_stop(bool stop);

/* The arch's part (arch/x86_64/patch.S, cpu.c). */
uint32_t patch_site(void);
void arch_patch_site_write(uint32_t v);
void arch_sync_core(void);
void arch_flush_tlb_all(void);

#endif
