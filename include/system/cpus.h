/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vCPU scheduler: the contract between the main loop and the CPU engines.
 *
 * One thread runs every vCPU round-robin, a quantum of instructions each.
 * A CPU engine registers each vCPU with an ops table:
 *
 *   exec(cpu, budget)  run at most @budget instructions, return how many
 *                      ran (0..budget).  Stop early on HLT/WFI (after
 *                      calling cpu_scheduler_halt()), on an exception that
 *                      must leave the loop, or when kicked.
 *   has_work(cpu)      a halted vCPU becomes runnable again when this says
 *                      true (pending interrupt).  May be NULL.
 *   kick(cpu)          ask a running exec() to return soon (at the next
 *                      instruction boundary).  Called from inside exec()
 *                      (device callbacks) -- never from another thread in
 *                      this single-threaded design.  May be NULL.
 *
 * In ICOUNT mode the scheduler accounts executed instructions on the
 * virtual clock (icount_add()) and bounds each quantum so that it never
 * crosses the next virtual timer deadline: timers fire at exact
 * instruction counts.
 */
#ifndef SYSTEM_CPUS_H
#define SYSTEM_CPUS_H

#include "qemu/timer.h"

typedef struct VCPUOps {
    int64_t (*exec)(void *cpu, int64_t budget);
    bool (*has_work)(void *cpu);
    void (*kick)(void *cpu);
} VCPUOps;

typedef struct CPUScheduler CPUScheduler;

/* Default quantum, in instructions. */
#define CPU_SCHEDULER_DEFAULT_QUANTUM 10000

/* Starts stopped (runstate prelaunch): no vCPU runs until set_running. */
CPUScheduler *cpu_scheduler_new(QEMUClocks *clocks);
void cpu_scheduler_free(CPUScheduler *s);

/* Register a vCPU (runnable, not halted).  Returns its index 0, 1, ... */
int cpu_scheduler_add(CPUScheduler *s, void *cpu, const VCPUOps *ops);
int cpu_scheduler_count(CPUScheduler *s);
void *cpu_scheduler_get_cpu(CPUScheduler *s, int idx);
void cpu_scheduler_set_quantum(CPUScheduler *s, int64_t insns);

/*
 * Runstate: stopped means no vCPU runs.  Stopping from inside exec() kicks
 * the running vCPU.
 */
void cpu_scheduler_set_running(CPUScheduler *s, bool running);
bool cpu_scheduler_is_running(CPUScheduler *s);

/* A halted vCPU is skipped until woken or until has_work() is true. */
void cpu_scheduler_halt(CPUScheduler *s, int idx);
void cpu_scheduler_wake(CPUScheduler *s, int idx);
bool cpu_scheduler_is_halted(CPUScheduler *s, int idx);

/* Kick the vCPU now in exec() (if any) and end the current round early. */
void cpu_scheduler_kick(CPUScheduler *s);
/* Index of the vCPU inside exec(), or -1. */
int cpu_scheduler_current(CPUScheduler *s);

/* Running, and some vCPU is not halted (or has work). */
bool cpu_scheduler_any_runnable(CPUScheduler *s);

/*
 * One round: each runnable vCPU gets one quantum, in index order starting
 * after the last vCPU that ran.  The round ends early when the runstate
 * stops, on cpu_scheduler_kick(), or (ICOUNT) when a virtual deadline is
 * reached so the main loop can run the timer.  Returns instructions run.
 */
int64_t cpu_scheduler_run_round(CPUScheduler *s);

/*
 * The virtual-clock deadline (absolute ns) that bounds quanta in ICOUNT
 * mode, or -1 (no virtual timer pending, or not in ICOUNT mode).
 */
int64_t cpu_scheduler_next_deadline(CPUScheduler *s);

#endif
