/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMP guest: the BSP starts every AP with INIT-SIPI-SIPI (trampoline.S,
 * real mode -> protected mode -> long mode), then the CPUs exchange
 * IPIs: a token passed round the ring of APIC IDs 0 -> 1 -> ... -> 0,
 * a broadcast to all but self answered by each AP, and a lowest-priority
 * IPI.  CPUID's topology (leaf 1 and 0xB) must give the CPU count and
 * each CPU its own APIC ID.  Code coherence: a store by the BSP and a
 * fw_cfg DMA into a page of code already run must take effect.  Last, a
 * STARTUP alone is ignored by a running AP and INIT + STARTUP restart
 * it.  With x2APIC in CPUID (-cpu max) every CPU then switches to x2APIC
 * mode for a ring with 32-bit destinations and a logical cluster IPI.
 * Run with -smp 2..8.  Prints TAP lines and exits with value 0x40 +
 * failures.
 */
#include "sysregs.h"

#define TRAMP_BASE  0x10000
#define SIPI_VECTOR (TRAMP_BASE >> 12)
#define MAX_CPUS    8
#define V_RING      0x50
#define V_BCAST     0x51
#define V_DONE      0x52
#define V_LOWPRI    0x53
#define V_RUN       0x54
#define V_X2ON      0x55

extern const char tramp_start[], tramp_end[];
uint8_t ap_stacks[MAX_CPUS + 1][4096] __attribute__((aligned(16)));
void ap_main(unsigned id);

static IdtGate idt[256];
static unsigned nr_cpus;
static volatile unsigned long cpus_up;
static volatile unsigned long ring_hits[MAX_CPUS];
static volatile unsigned long bcast_hits[MAX_CPUS];
static volatile unsigned long lowpri_hits;
static volatile unsigned long done_hits, answers, ring_done;
static volatile unsigned long cpuid_ok;
static volatile unsigned long run_done, run_result;
static volatile unsigned long x2_switched;
/* Code the BSP writes and AP 1 runs: "mov $imm32, %eax; ret". */
static uint8_t code_page[4096] __attribute__((aligned(4096)));
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

/* Is this CPU's APIC in x2APIC mode?  (each CPU switches on its own) */
static int in_x2(void)
{
    return rdmsr(MSR_APIC_BASE) & APIC_BASE_EXTD;
}

static unsigned my_id(void)
{
    return in_x2() ? (unsigned)rdmsr(0x802) : apic_rd(APIC_ID) >> 24;
}

static void eoi(void)
{
    if (in_x2()) {
        wrmsr(0x80b, 0);
    } else {
        apic_wr(APIC_EOI, 0);
    }
}

/* IPI to one APIC ID (physical destination, 8 or 32 bits). */
static void send_ipi(unsigned dest, unsigned icr_lo)
{
    if (in_x2()) {
        wrmsr(0x830, (uint64_t)dest << 32 | icr_lo);
        return;
    }
    apic_wr(APIC_ICR_HI, dest << 24);
    apic_wr(APIC_ICR_LO, icr_lo);
}

void isr_dispatch(IsrFrame *f)
{
    unsigned id = my_id();

    if (f->vector < 32) {
        serial_puts("unexpected exception\n");
        guest_exit(0x7f);
    }
    if (f->vector == V_X2ON) {
        eoi();                  /* in xAPIC mode, then switch */
        wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_EXTD);
        __atomic_fetch_add(&x2_switched, 1, __ATOMIC_SEQ_CST);
        return;
    }
    switch (f->vector) {
    case V_RING:
        ring_hits[id]++;
        if (id != 0) {
            send_ipi((id + 1) % nr_cpus, V_RING);
        } else {
            ring_done = 1;
        }
        break;
    case V_BCAST:
        bcast_hits[id]++;
        __atomic_fetch_add(&answers, 1, __ATOMIC_SEQ_CST);
        send_ipi(0, V_DONE);    /* may merge with others in the BSP's IRR */
        break;
    case V_DONE:
        __atomic_fetch_add(&done_hits, 1, __ATOMIC_SEQ_CST);
        break;
    case V_RUN:
        run_result = ((unsigned long (*)(void))(uintptr_t)code_page)();
        run_done++;
        break;
    case V_LOWPRI:
        __atomic_fetch_add(&lowpri_hits, 1, __ATOMIC_SEQ_CST);
        break;
    }
    eoi();
}

/* Each AP: its CPUID must name it, then it serves IPIs forever. */
void ap_main(unsigned id)
{
    uint32_t r[4];

    idt_load(idt);
    apic_wr(APIC_SVR, 0x1ff);
    apic_wr(APIC_LDR, (1u << id) << 24);    /* logical flat: bit id */
    cpuid2(1, 0, r);
    if ((r[1] >> 24) == id && id < MAX_CPUS) {
        __atomic_fetch_add(&cpuid_ok, 1, __ATOMIC_SEQ_CST);
    }
    __atomic_fetch_add(&cpus_up, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        __asm__ volatile("sti; hlt; cli" : : : "memory");
    }
}

/* Run code_page on AP 1 after writing "mov $v, %eax; ret" there. */
static unsigned long run_on_ap(uint32_t v)
{
    unsigned long n = run_done;

    code_page[0] = 0xb8;
    code_page[1] = v;
    code_page[2] = v >> 8;
    code_page[3] = v >> 16;
    code_page[4] = v >> 24;
    code_page[5] = 0xc3;
    send_ipi(1, V_RUN);
    wait_for(&run_done, n + 1, 10000000);
    return run_done == n + 1 ? run_result : ~0ul;
}

/* A store by one CPU drops the code another CPU decoded from that page. */
static void test_smc(void)
{
    unsigned long a = run_on_ap(0x1111);
    unsigned long b = run_on_ap(0x2222);

    check(a == 0x1111 && b == 0x2222,
          "code written by the BSP is seen by an AP that ran the old code");
}

static void outl(uint16_t port, uint32_t v)
{
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

static uint32_t bswap32(uint32_t v)
{
    return __builtin_bswap32(v);
}

/*
 * A device's DMA into a page of decoded code drops that code: fw_cfg DMA
 * copies item FW_CFG_ID (4 bytes: 3 = traditional + DMA interface) over
 * the immediate of "mov $0, %eax; ret" after this CPU has run it.
 */
static void test_dma_code(void)
{
    static struct {
        uint32_t control, length;
        uint64_t address;
    } __attribute__((aligned(16))) desc;
    unsigned long (*fn)(void) = (unsigned long (*)(void))(uintptr_t)code_page;
    unsigned long before, after;
    uint64_t a = (uintptr_t)&desc;

    code_page[0] = 0xb8;
    code_page[1] = code_page[2] = code_page[3] = code_page[4] = 0;
    code_page[5] = 0xc3;
    before = fn();
    desc.control = bswap32(1u << 16 | 0x08 | 0x02);    /* select ID, read */
    desc.length = bswap32(4);
    desc.address = __builtin_bswap64((uintptr_t)(code_page + 1));
    outl(0x514, bswap32(a >> 32));
    outl(0x518, bswap32((uint32_t)a));
    after = fn();
    check(before == 0 && after == 3 && desc.control == 0,
          "DMA into a code page drops the decoded code");
}

/*
 * INIT resets a running AP: the targeted INIT (assert, then the level
 * de-assert Linux also sends) and a targeted STARTUP bring AP 1 up again
 * through the trampoline.
 */
static void test_reinit(void)
{
    unsigned long n = cpus_up;

    send_ipi(1, 0x4600 | SIPI_VECTOR);  /* no INIT first: ignored */
    wait_for(&cpus_up, n + 1, 1000000);
    check(cpus_up == n && run_on_ap(0x5555) == 0x5555,
          "STARTUP to a running AP is ignored");
    send_ipi(1, 0xc500);                /* INIT, level, assert */
    send_ipi(1, 0x8500);                /* INIT, level, de-assert */
    send_ipi(1, 0x4600 | SIPI_VECTOR);  /* STARTUP */
    wait_for(&cpus_up, n + 1, 50000000);
    check(cpus_up == n + 1, "INIT + STARTUP restart a running AP");
    run_on_ap(0x3333);
    check(run_on_ap(0x4444) == 0x4444, "the restarted AP serves IPIs");
}

static int all_hit_once(volatile unsigned long *hits, unsigned first)
{
    for (unsigned i = first; i < nr_cpus; i++) {
        if (hits[i] != 1) {
            return 0;
        }
    }
    return 1;
}

/* With x2APIC (-cpu max): every CPU switches, then ring and cluster IPIs. */
static void test_x2apic(void)
{
    uint32_t r[4];
    uint64_t bits = ((1ull << nr_cpus) - 2) & 0xffff;   /* APs 1..n-1 */

    cpuid2(1, 0, r);
    if (!(r[2] & (1u << 21))) {
        return;
    }
    apic_wr(APIC_ICR_LO, 0xc0000 | V_X2ON);         /* all but self */
    wait_for(&x2_switched, nr_cpus - 1, 10000000);
    wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_EXTD);
    check(x2_switched == nr_cpus - 1 && rdmsr(0x802) == 0,
          "x2apic: every CPU switched");
    ring_done = 0;
    for (unsigned i = 0; i < nr_cpus; i++) {
        ring_hits[i] = 0;
        bcast_hits[i] = 0;
    }
    send_ipi(1, V_RING);
    wait_for(&ring_done, 1, 10000000);
    check(ring_done && all_hit_once(ring_hits, 0),
          "x2apic: IPI ring with 32-bit destinations");
    answers = 0;
    wrmsr(0x830, bits << 32 | 0x800 | V_BCAST);     /* logical, cluster 0 */
    wait_for(&answers, nr_cpus - 1, 10000000);
    check(answers == nr_cpus - 1 && bcast_hits[0] == 0 &&
          all_hit_once(bcast_hits, 1),
          "x2apic: logical cluster IPI reaches every AP");
}

static void start_aps(void)
{
    const char *src = tramp_start;
    char *dst = (char *)TRAMP_BASE;

    while (src < tramp_end) {
        *dst++ = *src++;
    }
    apic_wr(APIC_ICR_LO, 0xc4500);                  /* INIT, all but self */
    wait_for(&cpus_up, MAX_CPUS, 10000);            /* a short pause */
    apic_wr(APIC_ICR_LO, 0xc4600 | SIPI_VECTOR);    /* STARTUP */
    wait_for(&cpus_up, nr_cpus - 1, 200000);
    if (cpus_up < nr_cpus - 1) {
        apic_wr(APIC_ICR_LO, 0xc4600 | SIPI_VECTOR);    /* the second */
    }
    wait_for(&cpus_up, nr_cpus - 1, 50000000);
}

void guest_main(const char *cmdline)
{
    uint32_t r[4], b[4];

    (void)cmdline;
    idt_fill(idt);
    idt_load(idt);
    apic_wr(APIC_SVR, 0x1ff);
    cpuid2(1, 0, r);
    cpuid2(0xb, 1, b);
    nr_cpus = (r[1] >> 16) & 0xff;
    check(nr_cpus >= 2 && nr_cpus <= MAX_CPUS && b[1] == nr_cpus &&
          (r[1] >> 24) == 0, "cpuid: CPU count in leaf 1 and 0xB");
    start_aps();
    serial_puts("smp: ");
    serial_putu(cpus_up + 1);
    serial_puts(" cpus up\n");
    check(cpus_up == nr_cpus - 1, "every AP started by INIT-SIPI-SIPI");
    check(cpuid_ok == nr_cpus - 1, "each AP's CPUID gives its APIC ID");

    send_ipi(1, V_RING);
    wait_for(&ring_done, 1, 10000000);
    {
        int ok = ring_done;

        for (unsigned i = 0; i < nr_cpus; i++) {
            ok = ok && ring_hits[i] == 1;
        }
        check(ok, "IPI ring through every CPU");
    }
    apic_wr(APIC_ICR_LO, 0xc0000 | V_BCAST);        /* fixed, all but self */
    wait_for(&answers, nr_cpus - 1, 10000000);
    wait_for(&done_hits, 1, 1000000);
    {
        int ok = answers == nr_cpus - 1 && done_hits >= 1 &&
                 bcast_hits[0] == 0;

        for (unsigned i = 1; i < nr_cpus; i++) {
            ok = ok && bcast_hits[i] == 1;
        }
        check(ok, "broadcast IPI answered by every AP");
    }
    /* lowest priority to logical 0xff (all): exactly one takes it */
    apic_wr(APIC_LDR, 1u << 24);
    apic_wr(APIC_TPR, 0xf0);                        /* BSP: not the lowest */
    apic_wr(APIC_ICR_HI, 0xffu << 24);
    apic_wr(APIC_ICR_LO, 0x800 | 0x100 | V_LOWPRI);
    wait_for(&lowpri_hits, 1, 10000000);
    wait_for(&lowpri_hits, 2, 100000);
    check(lowpri_hits == 1, "lowest-priority IPI taken by one AP");
    apic_wr(APIC_TPR, 0);

    test_smc();
    test_dma_code();
    test_reinit();
    test_x2apic();
    serial_puts("1..");
    serial_putu(test_no);
    serial_puts("\nsmp: ");
    serial_putu(failures);
    serial_puts(" failures\n");
    guest_exit(0x40 + failures);
}
