/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kmain: bring the kernel up in order (console, boot information, memory,
 * this CPU, clocks and interrupts, other CPUs, PCI), run the tests named
 * on the command line and exit with the number of failures.
 */
#include "ipi-defer.h"
#include "mm.h"
#include "pci.h"
#include "test.h"
#include "timer.h"

#define KSTACK_PAGES        4

Cpu cpus[MAX_CPUS];
unsigned nr_cpus = 1;

/* Per-CPU data and tables; called on each CPU as it comes up. */
void cpu_setup(unsigned id)
{
    Cpu *c = &cpus[id];

    c->self = c;
    c->id = id;
    c->kstack_top = (uint64_t)page_alloc_virt(KSTACK_PAGES) +
                    KSTACK_PAGES * PAGE_SIZE;
    BUG_ON(c->kstack_top == KSTACK_PAGES * PAGE_SIZE);
    arch_cpu_init(c);
}

void kmain(uint32_t magic, uint64_t info, uint64_t arg)
{
    char tests[512] = "";
    unsigned failed;

    arch_early_init();
    boot_parse(magic, info, arg);
#ifdef __aarch64__
    printf("guest kernel (aarch64), %s boot, cmdline '%s'\n",
#else
    printf("guest kernel (x86_64), %s boot, cmdline '%s'\n",
#endif
           boot_info.loader, boot_info.cmdline);
    page_alloc_init();
    printf("memory: %lu MiB free in %u regions\n",
           page_free_count() * PAGE_SIZE / MiB, boot_info.nr_ram);
    paging_init();
    cpu_setup(0);
    time_init();
    smp_boot();
    ipi_defer_init();
    pci_init();
    if (!cmdline_get("tests", tests, sizeof(tests))) {
        printf("no tests= on the command line; try tests=all\n");
    }
    failed = tests_run(tests);
    printf("%u test(s) failed\n", failed);
    arch_exit(failed);
}
