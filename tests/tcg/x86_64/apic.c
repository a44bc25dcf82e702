/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local APIC guest (one CPU): CPUID bits, xAPIC registers, self-IPIs,
 * the timer in one-shot, periodic and TSC-deadline modes measured with
 * the TSC, TPR/CR8 masking, software and hardware disable and re-enable,
 * and x2APIC mode with its MSR access rules (#GP cases), NMI IPIs, and
 * IOAPIC delivery (needs -device pc-testdev to drive IRQs 10 and 11):
 * level with EOI broadcast, and edge.  Run with
 * -icount shift=0,sleep=off: the TSC and the APIC timer then both count
 * 1 GHz of virtual time, and the checks are exact within a few
 * instructions.  Prints TAP lines (plan last), exits with value 0x30 +
 * failures.
 */
#include "sysregs.h"

#define V_TIMER 0x40
#define V_IPI   0x41
#define V_SPUR  0xff
#define V_LEVEL 0x60            /* IOAPIC pin 10, level */
#define V_EDGE  0x61            /* IOAPIC pin 11, edge */
#define IOAPIC  0xfec00000ul
#define TESTDEV_IRQ 0x2000      /* pc-testdev: port + n drives ISA IRQ n */
#define SLACK   5000            /* ns (instructions) of measurement slack */

static IdtGate idt[256];
static volatile unsigned long hits[256];
static volatile uint64_t hit_tsc[256];
static volatile unsigned long gp_count;
static volatile unsigned long level_tmr;
static int x2mode;
static int test_no, failures;

static void check(int ok, const char *name)
{
    test_no++;
    if (!ok) {
        failures++;
        serial_puts("not ");
    }
    serial_puts("ok ");
    serial_putu(test_no);
    serial_puts(" - ");
    serial_puts(name);
    serial_puts("\n");
}

static void eoi(void)
{
    if (x2mode) {
        wrmsr(0x80b, 0);
    } else {
        apic_wr(APIC_EOI, 0);
    }
}

void isr_dispatch(IsrFrame *f)
{
    if (f->vector == 13) {
        gp_count++;
        f->rip += 2;            /* only RDMSR/WRMSR fault on purpose */
        return;
    }
    hits[f->vector]++;
    hit_tsc[f->vector] = rdtsc();
    if (f->vector == 2) {
        return;                 /* NMI: no EOI */
    }
    if (f->vector == V_LEVEL) {
        level_tmr = apic_rd(0x180 + 0x30) & 1;     /* TMR bit of 0x60 */
        if (hits[V_LEVEL] == 2) {
            outb(TESTDEV_IRQ + 10, 0);  /* only now the line goes low */
        }
    }
    if (f->vector < 32) {
        serial_puts("unexpected exception\n");
        guest_exit(0x7f);
    }
    if (f->vector != V_SPUR) {
        eoi();
    }
}

/* Does @fn's WRMSR/RDMSR raise #GP?  (the handler skips it) */
static int wrmsr_faults(uint32_t idx, uint64_t v)
{
    unsigned long before = gp_count;

    wrmsr(idx, v);
    return gp_count == before + 1;
}

static int rdmsr_faults(uint32_t idx)
{
    unsigned long before = gp_count;

    (void)rdmsr(idx);
    return gp_count == before + 1;
}

static void reg_wr(uint32_t off, uint32_t v)
{
    if (x2mode) {
        wrmsr(0x800 + off / 16, v);
    } else {
        apic_wr(off, v);
    }
}

static uint32_t reg_rd(uint32_t off)
{
    return x2mode ? (uint32_t)rdmsr(0x800 + off / 16) : apic_rd(off);
}

static void self_ipi(int vector)
{
    if (x2mode) {
        wrmsr(0x830, 0x40000 | vector);
    } else {
        apic_wr(APIC_ICR_LO, 0x40000 | vector);  /* shorthand self */
    }
}

static void test_cpuid(uint32_t *ecx1)
{
    uint32_t r[4];

    cpuid2(1, 0, r);
    *ecx1 = r[2];
    check(r[3] & (1u << 9), "cpuid: APIC present while enabled");
    check((r[1] >> 24) == 0, "cpuid: initial APIC ID 0");
    check((rdmsr(MSR_APIC_BASE) & ~0xfffull) == APIC_MMIO &&
          (rdmsr(MSR_APIC_BASE) & (APIC_BASE_EN | APIC_BASE_BSP)) ==
          (APIC_BASE_EN | APIC_BASE_BSP), "APIC_BASE reset value");
}

static void test_xapic_basics(void)
{
    check(apic_rd(APIC_ID) == 0 && apic_rd(APIC_VER) == 0x50014,
          "xapic: ID and version");
    apic_wr(APIC_SVR, 0x100 | V_SPUR);
    self_ipi(V_IPI);
    check(wait_for(&hits[V_IPI], 1, 100000), "xapic: self-IPI delivered");
    check(apic_rd(APIC_ISR + 0x20) == 0, "xapic: ISR clear after EOI");
}

static void test_tpr(void)
{
    unsigned long n = hits[V_IPI];

    write_cr8(5);
    check(apic_rd(APIC_TPR) == 0x50, "cr8 writes TPR[7:4]");
    self_ipi(V_IPI);                /* class 4 <= 5: held in IRR */
    wait_for(&hits[V_IPI], n + 1, 20000);
    check(hits[V_IPI] == n && (apic_rd(APIC_IRR + 0x20) & 2),
          "TPR holds a lower-class interrupt in IRR");
    write_cr8(0);
    check(wait_for(&hits[V_IPI], n + 1, 100000) && read_cr8() == 0,
          "lowering CR8 delivers it");
}

static void test_oneshot(void)
{
    uint64_t t0;

    hits[V_TIMER] = 0;
    reg_wr(APIC_TIMER_DCR, 0xb);    /* divide by 1: 1 GHz */
    reg_wr(APIC_LVT_TIMER, V_TIMER);
    t0 = rdtsc();
    reg_wr(APIC_TIMER_INIT, 200000);
    wait_for(&hits[V_TIMER], 1, 2000000);
    check(hits[V_TIMER] == 1 && hit_tsc[V_TIMER] - t0 >= 200000 &&
          hit_tsc[V_TIMER] - t0 <= 200000 + SLACK,
          x2mode ? "x2apic: one-shot timer at 200 us"
                 : "one-shot timer fires once at 200 us");
    check(reg_rd(APIC_TIMER_CUR) == 0, "one-shot current count is 0");
}

static void test_periodic(void)
{
    uint64_t first, last;

    hits[V_TIMER] = 0;
    apic_wr(APIC_TIMER_DCR, 0x0);   /* divide by 2: 500 MHz */
    apic_wr(APIC_LVT_TIMER, V_TIMER | (1u << 17));
    apic_wr(APIC_TIMER_INIT, 50000);    /* 100 us */
    wait_for(&hits[V_TIMER], 1, 1000000);
    first = hit_tsc[V_TIMER];
    wait_for(&hits[V_TIMER], 11, 3000000);
    last = hit_tsc[V_TIMER];
    apic_wr(APIC_TIMER_INIT, 0);
    check(hits[V_TIMER] == 11 && last - first >= 1000000 - SLACK &&
          last - first <= 1000000 + SLACK,
          "periodic timer: 10 periods of 100 us");
}

static void test_tsc_deadline(uint32_t ecx1)
{
    uint64_t dl;

    if (!(ecx1 & (1u << 24))) {
        check(wrmsr_faults(MSR_TSC_DEADLINE, 1),
              "no tsc-deadline: the MSR raises #GP");
        return;
    }
    hits[V_TIMER] = 0;
    apic_wr(APIC_LVT_TIMER, V_TIMER | (2u << 17));
    dl = rdtsc() + 300000;
    wrmsr(MSR_TSC_DEADLINE, dl);
    check(rdmsr(MSR_TSC_DEADLINE) == dl, "tsc-deadline: MSR reads back");
    wait_for(&hits[V_TIMER], 1, 2000000);
    check(hits[V_TIMER] == 1 && hit_tsc[V_TIMER] >= dl &&
          hit_tsc[V_TIMER] <= dl + SLACK, "tsc-deadline timer on time");
    check(rdmsr(MSR_TSC_DEADLINE) == 0, "tsc-deadline: reads 0 after");
    apic_wr(APIC_LVT_TIMER, 0x10000);
}

static void test_nmi(void)
{
    apic_wr(APIC_ICR_LO, 0x40000 | 0x400);  /* NMI to self */
    check(wait_for(&hits[2], 1, 100000), "NMI IPI to self");
}

static void ioapic_wr(unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)IOAPIC = reg;
    *(volatile uint32_t *)(IOAPIC + 0x10) = v;
}

static uint32_t ioapic_rd(unsigned reg)
{
    *(volatile uint32_t *)IOAPIC = reg;
    return *(volatile uint32_t *)(IOAPIC + 0x10);
}

/* IOAPIC -> APIC bus -> this CPU; EOI of a level vector back to it. */
static void test_ioapic(void)
{
    outb(0x21, 0xff);               /* the 8259s stay out of it */
    outb(0xa1, 0xff);
    ioapic_wr(0x11 + 2 * 10, 0);    /* destination APIC ID 0 */
    ioapic_wr(0x10 + 2 * 10, V_LEVEL | (1u << 15));
    ioapic_wr(0x11 + 2 * 11, 0);
    ioapic_wr(0x10 + 2 * 11, V_EDGE);
    outb(TESTDEV_IRQ + 10, 1);
    wait_for(&hits[V_LEVEL], 2, 200000);
    wait_for(&hits[V_LEVEL], 3, 20000);
    check(hits[V_LEVEL] == 2 && level_tmr,
          "ioapic level: TMR set, redelivered after EOI while high");
    check(!(ioapic_rd(0x10 + 2 * 10) & (1u << 14)),
          "ioapic level: EOI broadcast clears Remote IRR");
    outb(TESTDEV_IRQ + 11, 1);
    outb(TESTDEV_IRQ + 11, 0);
    wait_for(&hits[V_EDGE], 1, 100000);
    outb(TESTDEV_IRQ + 11, 1);
    outb(TESTDEV_IRQ + 11, 0);
    wait_for(&hits[V_EDGE], 2, 100000);
    check(hits[V_EDGE] == 2, "ioapic edge: one interrupt per edge");
    ioapic_wr(0x10 + 2 * 10, 1u << 16);
    ioapic_wr(0x10 + 2 * 11, 1u << 16);
}

static void test_sw_disable(void)
{
    unsigned long n = hits[V_IPI];

    apic_wr(APIC_SVR, V_SPUR);      /* software disable */
    check(apic_rd(APIC_LVT_TIMER) & 0x10000, "sw disable masks LVTs");
    self_ipi(V_IPI);
    wait_for(&hits[V_IPI], n + 1, 20000);
    check(hits[V_IPI] == n, "sw disabled: fixed IPI held");
    apic_wr(APIC_SVR, 0x100 | V_SPUR);
    check(wait_for(&hits[V_IPI], n + 1, 100000),
          "sw re-enable: held IPI delivered");
}

static void test_hw_disable(void)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    uint32_t r[4];
    unsigned long n;

    wrmsr(MSR_APIC_BASE, base & ~(uint64_t)APIC_BASE_EN);
    cpuid2(1, 0, r);
    check(!(r[3] & (1u << 9)), "hw disable: CPUID.1:EDX.APIC clear");
    wrmsr(MSR_APIC_BASE, base);
    cpuid2(1, 0, r);
    check((r[3] & (1u << 9)) && apic_rd(APIC_SVR) == 0xff &&
          apic_rd(APIC_LVT_TIMER) == 0x10000,
          "hw re-enable: reset state, CPUID bit back");
    apic_wr(APIC_SVR, 0x100 | V_SPUR);
    n = hits[V_IPI];
    self_ipi(V_IPI);
    check(wait_for(&hits[V_IPI], n + 1, 100000), "hw re-enable: IPIs work");
}

static void test_x2apic(uint32_t ecx1)
{
    uint64_t base = rdmsr(MSR_APIC_BASE);
    unsigned long n;

    if (!(ecx1 & (1u << 21))) {
        check(wrmsr_faults(MSR_APIC_BASE, base | APIC_BASE_EXTD),
              "no x2apic: setting EXTD raises #GP");
        check(rdmsr_faults(0x802), "no x2apic: x2APIC MSRs raise #GP");
        return;
    }
    wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
    x2mode = 1;
    check(rdmsr(0x802) == 0 && rdmsr(0x803) == 0x50014 &&
          rdmsr(0x80d) == 1, "x2apic: ID, version, LDR");
    wrmsr(0x80f, 0x100 | V_SPUR);
    n = hits[V_IPI];
    wrmsr(APIC_SELF_IPI_MSR, V_IPI);
    check(wait_for(&hits[V_IPI], n + 1, 100000), "x2apic: SELF_IPI");
    self_ipi(V_IPI);
    check(wait_for(&hits[V_IPI], n + 2, 100000), "x2apic: 64-bit ICR self");
    check(rdmsr_faults(0x80b) && rdmsr_faults(0x83f),
          "x2apic: reading EOI or SELF_IPI raises #GP");
    check(wrmsr_faults(0x802, 0) && wrmsr_faults(0x831, 0) &&
          wrmsr_faults(0x808, 0x100) && wrmsr_faults(0x80b, 1),
          "x2apic: ID, ICR high, reserved bits, EOI != 0 raise #GP");
    check(wrmsr_faults(MSR_APIC_BASE, base), "x2apic -> xapic raises #GP");
    test_oneshot();
    wrmsr(MSR_APIC_BASE, base & ~(uint64_t)(APIC_BASE_EN | APIC_BASE_EXTD));
    x2mode = 0;
    wrmsr(MSR_APIC_BASE, base);
    check(!(rdmsr(MSR_APIC_BASE) & APIC_BASE_EXTD) && apic_rd(APIC_ID) == 0,
          "x2apic -> disabled -> xapic");
}

void guest_main(const char *cmdline)
{
    uint32_t ecx1;

    (void)cmdline;
    idt_fill(idt);
    idt_load(idt);
    test_cpuid(&ecx1);
    test_xapic_basics();
    test_tpr();
    test_oneshot();
    test_periodic();
    test_tsc_deadline(ecx1);
    test_nmi();
    test_ioapic();
    test_sw_disable();
    test_hw_disable();
    test_x2apic(ecx1);
    serial_puts("1..");
    serial_putu(test_no);
    serial_puts("\napic: ");
    serial_putu(failures);
    serial_puts(" failures\n");
    guest_exit(0x30 + failures);
}
