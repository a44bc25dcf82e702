/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests of the local APIC, its timer, the TSC and the IOAPIC. */
#include "smp.h"
#include "timer.h"
#include "test.h"
#include "arch/apic.h"
#include "../tests.h"

#define COM1_IER            0x3f9
#define COM1_IIR            0x3fa
#define COM1_PIN            4

static volatile unsigned hits;

static void count_irq(TrapFrame *tf, void *opaque)
{
    hits++;
}

int test_apic(void)
{
    uint32_t r[4];

    if (!apic_present) {
        return test_skip("no local APIC");
    }
    cpuid(1, 0, r);
    TEST_EQ(apic_x2, !!(r[2] & BIT(21)));
    TEST_EQ(lhwid(), this_cpu()->hwid);
    TEST_EQ(lhwid(), r[1] >> 24);
    TEST_EQ(lapic_read(APIC_SVR) & 0x1ff, 0x100 | VEC_SPURIOUS);
    printf("# %s, version %x\n", apic_x2 ? "x2APIC" : "xAPIC",
           lapic_read(APIC_VERSION) & 0xff);
    return 0;
}

int test_apic_self_ipi(void)
{
    bool on;

    if (!apic_present) {
        return test_skip("no local APIC");
    }
    hits = 0;
    irq_set_handler(VEC_TEST, count_irq, NULL);
    on = irq_save();
    lapic_icr(0, ICR_SELF | ICR_FIXED | ICR_ASSERT | VEC_TEST);
    TEST_EQ(hits, 0);                   /* masked while IF = 0 */
    irq_enable();
    for (int i = 0; i < 1000 && !hits; i++) {
        cpu_relax();
    }
    irq_restore(on);
    TEST_EQ(hits, 1);
    irq_set_handler(VEC_TEST, NULL, NULL);
    return 0;
}

int test_tsc(void)
{
    uint64_t t0, t1;

    TEST_ASSERT(counter_hz >= 1000000);
    t0 = time_ns();
    udelay(2000);
    t1 = time_ns();
    TEST_ASSERT(t1 - t0 >= 2000000);
    printf("# TSC %lu kHz\n", counter_hz / 1000);
    return 0;
}

/*
 * HZ / 5 ticks take about 200 ms of TSC time.  Wide bounds: an emulator
 * on a loaded host may drop ticks of a periodic timer it could not
 * deliver in time, never add any.
 */
int test_apic_timer(void)
{
    uint64_t t0, n0, elapsed;

    if (!apic_present) {
        return test_skip("no local APIC");
    }
    n0 = this_cpu()->ticks;
    while (this_cpu()->ticks == n0) {
        safe_halt();
    }
    t0 = time_ns();
    n0 = this_cpu()->ticks;
    while (this_cpu()->ticks < n0 + HZ / 5) {
        safe_halt();
    }
    elapsed = time_ns() - t0;
    printf("# %d ticks in %lu us\n", HZ / 5, elapsed / 1000);
    TEST_ASSERT(elapsed > 100000000 && elapsed < 2000000000);
    return 0;
}

/* COM1's transmitter-empty interrupt through IOAPIC pin 4. */
int test_ioapic(void)
{
    int vec = irq_alloc_vector();

    if (!ioapic_nr_pins()) {
        return test_skip("no IOAPIC");
    }
    TEST_ASSERT(vec > 0);
    TEST_ASSERT(ioapic_nr_pins() >= 16);
    hits = 0;
    irq_set_handler(vec, count_irq, NULL);
    ioapic_route(COM1_PIN, vec, this_cpu()->hwid, false, false);
    outb(COM1_IER, 0x02);               /* THR empty */
    for (int i = 0; i < 100000 && !hits; i++) {
        cpu_relax();
    }
    outb(COM1_IER, 0);
    (void)inb(COM1_IIR);
    ioapic_mask(COM1_PIN, true);
    irq_set_handler(vec, NULL, NULL);
    TEST_ASSERT(hits >= 1);
    return 0;
}
