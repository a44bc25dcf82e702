/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The GICv2 of virt (gic-version=2, QEMU's default and what the Linux
 * boot test uses), with -smp 2: GICD_TYPER's CPU count, the virtual
 * timer PPI through the memory-mapped CPU interface (GICC_IAR/EOIR),
 * registers banked per CPU (GICD_ISENABLER0), and SGIs through GICD_SGIR
 * with a target list, "all but self" and "self", the source CPU read
 * back from GICC_IAR.
 */

#define GICD        0x08000000ul
#define GICC        0x08010000ul
#define GICD_CTLR       0x000
#define GICD_TYPER      0x004
#define GICD_ISENABLER  0x100
#define GICD_ICENABLER  0x180
#define GICD_IPRIORITY  0x400
#define GICD_SGIR       0xf00
#define GICC_CTLR       0x00
#define GICC_PMR        0x04
#define GICC_BPR        0x08
#define GICC_IAR        0x0c
#define GICC_EOIR       0x10
#define VTIMER_INTID    27
#define NCPUS           2

static volatile int got[NCPUS][32];
static volatile int src[NCPUS][16];
static volatile int ready, stop;
static volatile uint32_t enabled_seen_by_1;

static void sgir(unsigned filter, unsigned targets, unsigned intid)
{
    dsb(sy);
    mmio_write32(GICD + GICD_SGIR, (filter << 24) | (targets << 16) | intid);
}

static bool hook(ExcFrame *f, int kind)
{
    int me = cpu_index();
    uint32_t iar, intid;

    if (kind != EXC_CUR_IRQ) {
        return false;
    }
    iar = mmio_read32(GICC + GICC_IAR);
    intid = iar & 0x3ff;
    if (intid >= 1020) {
        return true;
    }
    if (intid < 32) {
        got[me][intid]++;
    }
    if (intid < 16) {
        src[me][intid] = (iar >> 10) & 7;
    }
    if (me == 1 && intid == 2) {
        sgir(0, 1 << 0, 4);                     /* reply to CPU 0 */
    }
    if (intid == VTIMER_INTID) {
        write_sysreg(cntv_ctl_el0, 0);
        isb();
    }
    mmio_write32(GICC + GICC_EOIR, iar);
    return true;
}

static void cpu_iface_init(uint32_t enable)
{
    rt_set_hook(hook);
    mmio_write32(GICD + GICD_ICENABLER, 0xffffffff);
    for (int i = 0; i < 32; i += 4) {
        mmio_write32(GICD + GICD_IPRIORITY + i, 0x80808080);
    }
    mmio_write32(GICD + GICD_ISENABLER, enable);
    mmio_write32(GICC + GICC_PMR, 0xff);
    mmio_write32(GICC + GICC_BPR, 0);
    mmio_write32(GICC + GICC_CTLR, 1);
}

static void wait_irq_once(void)
{
    wfi();
    irq_enable();
    isb();
    irq_disable();
}

static bool wait_for(volatile int *v, int want)
{
    for (long i = 0; i < 1000000 && *v < want; i++) {
        wait_irq_once();
    }
    return *v >= want;
}

static void secondary(int idx)
{
    cpu_iface_init(0xffff);                     /* SGIs only */
    enabled_seen_by_1 = mmio_read32(GICD + GICD_ISENABLER);
    ready = 1;
    dsb(sy);
    __asm__ volatile("sev");
    while (!stop) {
        wait_irq_once();
    }
}

void test_main(void)
{
    uint32_t typer = mmio_read32(GICD + GICD_TYPER);

    rt_mmu_on();
    check_eq((typer >> 5) & 7, NCPUS - 1, "GICD_TYPER.CPUNumber");
    mmio_write32(GICD + GICD_CTLR, 1);
    cpu_iface_init(1u << VTIMER_INTID | 0xffff);

    write_sysreg(cntv_cval_el0, 0);
    write_sysreg(cntv_ctl_el0, 1);
    isb();
    ok(wait_for(&got[0][VTIMER_INTID], 1),
       "virtual timer: PPI %d via GICC_IAR", VTIMER_INTID);

    check_eq(cpu_on(1, secondary), PSCI_SUCCESS, "CPU_ON CPU 1");
    while (!ready) {
        __asm__ volatile("wfe");
    }
    check_eq(enabled_seen_by_1 & (1u << VTIMER_INTID), 0,
             "GICD_ISENABLER0 is banked: CPU 1 does not see CPU 0's PPI");
    check_eq(mmio_read32(GICD + GICD_ISENABLER) >> VTIMER_INTID & 1, 1,
             "GICD_ISENABLER0 on CPU 0: PPI %d enabled", VTIMER_INTID);

    sgir(0, 1 << 1, 2);
    ok(wait_for(&got[0][4], 1), "SGI 2 to CPU 1 (target list), SGI 4 back");
    check_eq(got[1][2], 1, "CPU 1 took SGI 2 once");
    check_eq(src[1][2], 0, "GICC_IAR on CPU 1: source CPU 0");
    check_eq(src[0][4], 1, "GICC_IAR on CPU 0: source CPU 1");
    check_eq(got[0][2], 0, "CPU 0 did not take SGI 2");

    sgir(1, 0, 6);                              /* all but self */
    for (long i = 0; i < 100000000 && !got[1][6]; i++) {
        __asm__ volatile("yield");
    }
    check_eq(got[1][6], 1, "SGIR filter 1 (all but self): CPU 1");
    sgir(2, 0, 7);                              /* self */
    ok(wait_for(&got[0][7], 1), "SGIR filter 2 (self): CPU 0");
    check_eq(src[0][7], 0, "self SGI: source CPU 0");
    check_eq(got[0][6] + got[1][7], 0, "no SGI reached a CPU it excluded");

    stop = 1;
    sgir(0, 1 << 1, 8);
    while (psci_call(PSCI_AFFINITY_INFO, cpu_mpidr(1), 0, 0) != 1) {
        __asm__ volatile("yield");
    }
    ok(true, "CPU 1 off");
}
