/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-CPU data and cross-CPU calls.  Each CPU's struct Cpu is reached
 * through the arch's per-CPU register (GS base on x86_64); the first
 * three fields are used by assembly and must stay in place.
 */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H

#include "kernel.h"
#include "spinlock.h"

#define MAX_CPUS            16

typedef void (*SmpFunc)(void *arg);

typedef struct Cpu {
    struct Cpu *self;           /* offset 0 */
    uint64_t kstack_top;        /* offset 8: syscall stack */
    uint64_t user_rsp;          /* offset 16: saved by syscall entry */
    unsigned id;
    uint32_t hwid;              /* interrupt controller ID (APIC ID) */
    volatile bool online;
    volatile uint64_t ticks;    /* timer interrupts taken */
    TrapCatch *trap_catch;
    JmpBuf *user_exit;          /* where a user task returns to */
    int user_status;
    volatile uint64_t ipis;     /* call-function IPIs handled */
    uint64_t user_irqs;         /* interrupts taken in user mode */
    volatile uint64_t ct_state; /* context tracking (ipi-defer.h) */
    bool isolated;              /* isolcpus= / nohz_full= */
    SmpFunc work_fn;            /* smp_run_async() work for an AP */
    void *work_arg;
    volatile bool work_busy;
    ArchCpu arch;
} Cpu;

extern Cpu cpus[MAX_CPUS];
extern unsigned nr_cpus;

/* Per-CPU data, stacks and tables of CPU @id (kernel/main.c). */
void cpu_setup(unsigned id);
void smp_boot(void);
/* Run @fn(@arg) on every online CPU but this one; wait for completion. */
void smp_call_function(SmpFunc fn, void *arg);
/* Run @fn(@arg) on CPU @cpu (this one included) and wait. */
void smp_call_function_single(unsigned cpu, SmpFunc fn, void *arg);
void on_each_cpu(SmpFunc fn, void *arg);
/*
 * Run @fn(@arg) on AP @cpu in thread context (its idle loop), without
 * waiting; it may run for long (a user task).  smp_wait_async() waits.
 * Returns false if @cpu is this CPU, offline or already busy.
 */
bool smp_run_async(unsigned cpu, SmpFunc fn, void *arg);
void smp_wait_async(unsigned cpu);
/* The idle loop of an AP: runs async work, else halts. */
__noreturn void smp_idle(void);

/* Interrupt controller hooks (arch/x86_64/apic.c). */
void arch_send_ipi(unsigned cpu, int vector);
/* CPUs the machine has (0 if unknown). */
unsigned arch_cpu_count(void);
/* Called by each AP once it can take interrupts. */
void smp_ap_online(Cpu *c);
void arch_eoi(void);
bool arch_smp_start_aps(unsigned want);

#endif
