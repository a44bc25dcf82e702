/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SGIs between CPUs through the GICv3 (run with gic-version=3 and
 * -smp 4): PSCI CPU_ON brings up CPUs 1-3 with the MMU and their GIC CPU
 * interface on; then ICC_SGI1R_EL1 to one CPU (only that CPU takes it,
 * once, with the right INTID), a reply SGI back to CPU 0, a broadcast
 * (IRM = 1: every CPU but the sender) and an SGI to self.
 */

#define NCPUS   4
#define SGI_PING    3
#define SGI_REPLY   5
#define SGI_ALL     7
#define SGI_SELF    9
#define SGI_STOP    11

static volatile int ready[NCPUS];
static volatile int got[NCPUS][16];
static volatile bool stop[NCPUS];

static bool hook(ExcFrame *f, int kind)
{
    int me = cpu_index();
    uint32_t intid;

    if (kind != EXC_CUR_IRQ) {
        return false;
    }
    intid = gic_ack();
    if (intid >= 1020) {
        return true;
    }
    if (intid < 16) {
        got[me][intid]++;
        if (me != 0 && intid == SGI_PING) {
            gic_send_sgi(SGI_REPLY, 0);
        }
        if (intid == SGI_STOP) {
            stop[me] = true;
        }
    }
    gic_eoi(intid);
    return true;
}

static void irq_setup(void)
{
    gic_init_cpu();
    rt_set_hook(hook);
    for (unsigned i = 0; i < 16; i++) {
        gic_enable_irq(i, true);
    }
}

/* Masked WFI then a window to take what woke us (see timer.c). */
static void wait_irq_once(void)
{
    wfi();
    irq_enable();
    isb();
    irq_disable();
}

static void secondary(int idx)
{
    irq_setup();
    ready[idx] = 1;
    dsb(sy);
    __asm__ volatile("sev");
    while (!stop[idx]) {
        wait_irq_once();
    }
}

static bool wait_count(volatile int *v, int want)
{
    for (long i = 0; i < 1000000 && *v < want; i++) {
        wait_irq_once();
    }
    return *v >= want;
}

static int others_got(int intid, int except)
{
    int n = 0;

    for (int c = 0; c < NCPUS; c++) {
        if (c != except) {
            n += got[c][intid];
        }
    }
    return n;
}

void test_main(void)
{
    rt_mmu_on();
    gic_init_dist();
    irq_setup();
    for (int c = 1; c < NCPUS; c++) {
        check_eq(cpu_on(c, secondary), PSCI_SUCCESS, "CPU_ON CPU %d", c);
    }
    for (int c = 1; c < NCPUS; c++) {
        while (!ready[c]) {
            __asm__ volatile("wfe");
        }
    }
    ok(true, "CPUs 1-%d up with their GIC CPU interfaces", NCPUS - 1);

    for (int c = 1; c < NCPUS; c++) {
        int replies = got[0][SGI_REPLY];

        gic_send_sgi(SGI_PING, c);
        ok(wait_count(&got[0][SGI_REPLY], replies + 1),
           "SGI %d to CPU %d: its reply SGI %d reached CPU 0", SGI_PING, c,
           SGI_REPLY);
        check_eq(got[c][SGI_PING], 1, "CPU %d took SGI %d once", c,
                 SGI_PING);
        check_eq(others_got(SGI_PING, c), 0, "no other CPU took SGI %d",
                 SGI_PING);
        got[c][SGI_PING] = 0;
    }

    /* IRM = 1: every CPU except the sender */
    dsb(sy);
    write_sysreg(S3_0_C12_C11_5, (1ull << 40) | ((uint64_t)SGI_ALL << 24));
    isb();
    for (int c = 1; c < NCPUS; c++) {
        for (long i = 0; i < 100000000 && !got[c][SGI_ALL]; i++) {
            __asm__ volatile("yield");
        }
        check_eq(got[c][SGI_ALL], 1, "broadcast SGI %d reached CPU %d",
                 SGI_ALL, c);
    }
    check_eq(got[0][SGI_ALL], 0, "broadcast SGI: not the sender");

    gic_send_sgi(SGI_SELF, 0);
    ok(wait_count(&got[0][SGI_SELF], 1), "SGI %d to self", SGI_SELF);
    check_eq(others_got(SGI_SELF, 0), 0, "SGI to self: only CPU 0");

    for (int c = 1; c < NCPUS; c++) {
        gic_send_sgi(SGI_STOP, c);
    }
    for (int c = 1; c < NCPUS; c++) {
        while (psci_call(PSCI_AFFINITY_INFO, cpu_mpidr(c), 0, 0) != 1) {
            __asm__ volatile("yield");
        }
    }
    ok(true, "CPUs 1-%d stopped (CPU_OFF, AFFINITY_INFO OFF)", NCPUS - 1);
}
