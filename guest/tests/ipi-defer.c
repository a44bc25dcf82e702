/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The IPI-deferral experiment (../shared/specs/ipi-deferral.md).  The
 * isolated CPUs (isolcpus=, or the upper half of the CPUs) run a user
 * loop that enters the kernel only when told to.  CPU 0 patches kernel
 * text and changes a kernel mapping each round while they are in user
 * mode, then tells them to enter the kernel once, where they check the
 * patched code.  Deferral off: every patch and flush interrupts each
 * isolated CPU.  Deferral on: none does, and the work runs at entry.
 */
#include "ipi-defer.h"
#include "mm.h"
#include "timer.h"
#include "user.h"
#include "test.h"
#include "tests.h"

#define ROUNDS              8
#define SCRATCH_VA          (MMIO_BASE - 0x400000ULL)

extern const char uprog_isol[], uprog_isol_end[];

typedef struct Shared {
    volatile uint64_t gen;
    volatile uint64_t stop;
} Shared;

static int task_status[MAX_CPUS];
static uint64_t shared_pa;
static uint32_t version = 0x1000;

static void isolated_task(void *arg)
{
    task_status[this_cpu()->id] = user_run(uprog_isol,
                                           uprog_isol_end - uprog_isol,
                                           shared_pa);
}

/* Wait until every isolated CPU satisfies @cond; false on timeout. */
static bool wait_all(bool (*cond)(unsigned cpu, uint64_t arg), uint64_t arg)
{
    uint64_t deadline = time_ns() + 10000000000ULL;

    for (unsigned i = 1; i < MAX_CPUS; i++) {
        while (cpus[i].online && cpus[i].isolated && !cond(i, arg)) {
            if (time_ns() > deadline) {
                return false;
            }
            cpu_relax();
        }
    }
    return true;
}

static bool in_user(unsigned cpu, uint64_t arg)
{
    return __atomic_load_n(&cpus[cpu].ct_state, __ATOMIC_ACQUIRE) &
           CT_USER;
}

static bool probed(unsigned cpu, uint64_t n)
{
    return READ_ONCE(defer_stats[cpu].probes) >= n;
}

static void print_table(bool on)
{
    printf("# ipi_defer=%s: cpu iso | sync_core ipi defer flush |"
           " tlb ipi defer flush | probes stale\n", on ? "on" : "off");
    for (unsigned i = 0; i < nr_cpus; i++) {
        DeferStats *s = &defer_stats[i];

        printf("#   %3u %3s | %13lu %5lu %5lu | %7lu %5lu %5lu | %6lu %5lu\n",
               i, cpus[i].isolated ? "yes" : "no",
               s->ipis[DEFER_SYNC_CORE], s->deferred[DEFER_SYNC_CORE],
               s->flushed[DEFER_SYNC_CORE], s->ipis[DEFER_TLB_FLUSH],
               s->deferred[DEFER_TLB_FLUSH], s->flushed[DEFER_TLB_FLUSH],
               s->probes, s->stale);
    }
}

static int run_phase(bool on, Shared *sh, uint64_t scratch_pa)
{
    memset(defer_stats, 0, sizeof(defer_stats));
    ipi_defer_on = on;
    sh->gen = 0;
    sh->stop = 0;
    for (unsigned i = 1; i < nr_cpus; i++) {
        if (cpus[i].isolated && !smp_run_async(i, isolated_task, NULL)) {
            return test_fail("CPU %u is busy", i);
        }
    }
    for (unsigned r = 1; r <= ROUNDS; r++) {
        if (!wait_all(in_user, 0)) {
            return test_fail("isolated CPUs not in user mode");
        }
        text_patch(++version);
        kernel_range_flush(SCRATCH_VA, scratch_pa + (r & 1) * PAGE_SIZE);
        sh->gen = r;
        if (!wait_all(probed, r)) {
            return test_fail("isolated CPUs did not probe round %u", r);
        }
    }
    sh->stop = 1;
    for (unsigned i = 1; i < nr_cpus; i++) {
        if (cpus[i].isolated) {
            smp_wait_async(i);
            TEST_EQ(task_status[i], i);
        }
    }
    print_table(on);
    return 0;
}

/* Per isolated CPU: what reached it by IPI and what was deferred. */
static int check_phase(bool on)
{
    for (unsigned i = 1; i < nr_cpus; i++) {
        DeferStats *s = &defer_stats[i];

        if (!cpus[i].isolated) {
            continue;
        }
        for (int t = 0; t < NR_DEFER; t++) {
            TEST_EQ(s->ipis[t], on ? 0 : ROUNDS);
            TEST_EQ(s->deferred[t], on ? ROUNDS : 0);
            TEST_EQ(s->flushed[t], on ? ROUNDS : 0);
        }
        TEST_EQ(s->probes, ROUNDS);
        TEST_EQ(s->stale, 0);
    }
    return 0;
}

static void default_isolation(void)
{
    for (unsigned i = 1; i < nr_cpus; i++) {
        if (cpus[i].isolated) {
            return;
        }
    }
    for (unsigned i = MAX(nr_cpus / 2, 1u); i < nr_cpus; i++) {
        cpus[i].isolated = true;
    }
}

/*
 * Which phases to run: ipi_defer_test=off|on|both (default both).  One
 * phase per boot lets the host read the emulator's IPI counters of that
 * phase alone (tests/functional/guest-x86_64.py, bench/ipi-deferral).
 */
static int run_both(Shared *sh, uint64_t scratch)
{
    char v[8] = "both";
    bool off, on;
    int r = 0;

    cmdline_get("ipi_defer_test", v, sizeof(v));
    off = strcmp(v, "on") != 0;
    on = strcmp(v, "off") != 0;
    if (!off && !on) {
        return test_fail("ipi_defer_test=%s: want off, on or both", v);
    }
    if (off) {
        r = run_phase(false, sh, scratch);
        r = r ? r : check_phase(false);
    }
    if (on && !r) {
        r = run_phase(true, sh, scratch);
        r = r ? r : check_phase(true);
    }
    return r;
}

int test_ipi_defer(void)
{
    uint64_t scratch = page_alloc(2);
    bool saved = ipi_defer_on;
    Shared *sh;
    int r;

    if (nr_cpus < 2) {
        return test_skip("needs -smp 2 or more");
    }
    if (!shared_pa) {
        shared_pa = page_alloc(1);
    }
    TEST_ASSERT(scratch && shared_pa);
    sh = p2v(shared_pa);
    default_isolation();
    r = run_both(sh, scratch);
    ipi_defer_on = saved;
    vm_unmap(SCRATCH_VA, PAGE_SIZE);
    page_free(scratch, 2);
    return r;
}
