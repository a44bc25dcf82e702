/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Starting the other CPUs with PSCI CPU_ON (HVC or SMC, as /psci says):
 * each gets a stack in ap_stacks[] and enters secondary_entry (boot.S,
 * physical address, MMU off) with its CPU number as the context ID.
 * The CPUs and their MPIDRs come from /cpus in the device tree.
 */
#include "smp.h"
#include "mm.h"
#include "timer.h"
#include "arch/platform.h"

#define AP_STACK_PAGES      4
#define PSCI_SUCCESS        0

extern char secondary_entry[];

uint64_t ap_stacks[MAX_CPUS];
void ap_main(unsigned id);

unsigned arch_cpu_count(void)
{
    return plat.nr_cpus;
}

bool arch_smp_start_aps(unsigned want)
{
    uint64_t boot_mpidr = sysreg_read(mpidr_el1) & 0xff00ffffffULL;
    uint64_t deadline;
    unsigned next = 1;

    if (!plat.psci || !gic_ready()) {
        return false;
    }
    for (unsigned i = 0; i < plat.nr_cpus && next < want; i++) {
        int64_t r;

        if (plat.mpidr[i] == boot_mpidr) {
            continue;
        }
        ap_stacks[next] = (uint64_t)page_alloc_virt(AP_STACK_PAGES) +
                          AP_STACK_PAGES * PAGE_SIZE;
        BUG_ON(ap_stacks[next] == AP_STACK_PAGES * PAGE_SIZE);
        __asm__ volatile("dsb ish" ::: "memory");
        r = psci_call(PSCI_CPU_ON, plat.mpidr[i], v2p(secondary_entry),
                      next);
        if (r != PSCI_SUCCESS) {
            printf("smp: CPU_ON(%lx) failed: %ld\n", plat.mpidr[i], r);
            continue;
        }
        next++;
    }
    deadline = time_ns() + 5000000000ULL;
    while (READ_ONCE(nr_cpus) < next && time_ns() < deadline) {
        cpu_relax();
    }
    return nr_cpus == want;
}

void ap_main(unsigned id)
{
    Cpu *c = &cpus[id];

    mmu_load_kernel_tables();
    /* this_cpu() before cpu_setup(): page allocation may lock */
    c->self = c;
    sysreg_write(tpidr_el1, c);
    cpu_setup(id);
    gic_cpu_init();
    smp_ap_online(c);
    smp_idle();
}
