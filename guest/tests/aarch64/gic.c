/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests of the GICv3 CPU interface, SGIs and the generic timer. */
#include "smp.h"
#include "timer.h"
#include "test.h"
#include "tests.h"
#include "pci.h"
#include "arch/platform.h"

static volatile unsigned hits;

static void count_irq(TrapFrame *tf, void *opaque)
{
    hits++;
}

int test_gic(void)
{
    Cpu *c = this_cpu();

    if (!gic_ready()) {
        return test_skip("no GICv3");
    }
    TEST_ASSERT(c->arch.redist);
    TEST_EQ(c->hwid, mpidr_to_hwid(sysreg_read(mpidr_el1)));
    /* system-register interface on, group 1 enabled, all priorities */
    TEST_EQ(sysreg_read(s3_0_c12_c12_5) & 1, 1);        /* ICC_SRE_EL1 */
    TEST_EQ(sysreg_read(s3_0_c12_c12_7) & 1, 1);        /* IGRPEN1 */
    /* PMR: all priorities unmasked (unimplemented low bits read 0) */
    TEST_ASSERT((sysreg_read(s3_0_c4_c6_0) & 0xff) >= 0xf0);
    printf("# distributor %lx, redistributor of CPU %u at %lx\n",
           plat.gicd, c->id, c->arch.redist);
    return 0;
}

/* An SGI to this CPU waits while IRQs are masked, then arrives once. */
int test_gic_self_ipi(void)
{
    bool on;

    if (!gic_ready()) {
        return test_skip("no GICv3");
    }
    hits = 0;
    irq_set_handler(VEC_TEST, count_irq, NULL);
    on = irq_save();
    arch_send_ipi(this_cpu()->id, VEC_TEST);
    for (int i = 0; i < 1000; i++) {
        cpu_relax();
    }
    TEST_EQ(hits, 0);                   /* masked while PSTATE.I = 1 */
    irq_enable();
    for (int i = 0; i < 100000 && !hits; i++) {
        cpu_relax();
    }
    irq_restore(on);
    TEST_EQ(hits, 1);
    irq_set_handler(VEC_TEST, NULL, NULL);
    return 0;
}

int test_counter(void)
{
    uint64_t t0, t1;

    TEST_EQ(counter_hz, sysreg_read(cntfrq_el0));
    TEST_ASSERT(counter_hz >= 1000000);
    t0 = time_ns();
    udelay(2000);
    t1 = time_ns();
    TEST_ASSERT(t1 - t0 >= 2000000);
    printf("# counter %lu kHz\n", counter_hz / 1000);
    return 0;
}

/*
 * HZ / 5 ticks of the virtual timer take about 200 ms of counter time
 * (wide bounds: a loaded host may deliver ticks late, never early).
 */
int test_timer(void)
{
    uint64_t t0, n0, elapsed;

    if (!timer_wait_tick(100000000)) {
        return test_skip("no timer interrupts");
    }
    t0 = time_ns();
    n0 = this_cpu()->ticks;
    while (this_cpu()->ticks < n0 + HZ / 5) {
        safe_halt();
    }
    elapsed = time_ns() - t0;
    printf("# %d ticks in %lu us\n", HZ / 5, elapsed / 1000);
    TEST_ASSERT(elapsed > 150000000 && elapsed < 2000000000);
    return 0;
}

#define EDU_VENDOR          0x1234
#define EDU_DEVICE          0x11e8
#define EDU_IRQ_STATUS      0x24
#define EDU_IRQ_RAISE       0x60
#define EDU_IRQ_ACK         0x64

static volatile int msi_cpu = -1;

static void msi_where(TrapFrame *tf, void *opaque)
{
    msi_cpu = this_cpu()->id;
}

/*
 * An MSI through the ITS to the last CPU: a second collection, another
 * redistributor's LPI (pci-msi covers CPU 0).
 */
int test_its_msi_remote(void)
{
    PciDev *d = pci_find(EDU_VENDOR, EDU_DEVICE);
    unsigned target = nr_cpus - 1;
    volatile uint32_t *r;
    int vec;

    if (!d) {
        return test_skip("no -device edu");
    }
    if (nr_cpus < 2) {
        return test_skip("needs -smp 2 or more");
    }
    pci_write(d, PCI_COMMAND, 2, pci_read(d, PCI_COMMAND, 2) | PCI_CMD_MEM);
    r = pci_map_bar(d, 0);
    vec = irq_alloc_vector();
    TEST_ASSERT(r && vec > 0);
    irq_set_handler(vec, msi_where, NULL);
    TEST_EQ(pci_msi_enable(d, vec, target), 0);
    msi_cpu = -1;
    r[EDU_IRQ_RAISE / 4] = 0x8;
    for (uint64_t end = time_ns() + 1000000000ULL;
         msi_cpu < 0 && time_ns() < end; ) {
        cpu_relax();
    }
    TEST_EQ(r[EDU_IRQ_STATUS / 4] & 0x8, 0x8);
    r[EDU_IRQ_ACK / 4] = 0x8;
    TEST_EQ(msi_cpu, target);
    printf("# MSI vector 0x%x -> LPI %u on CPU %d\n", vec, 8192 + vec,
           msi_cpu);
    return 0;
}
