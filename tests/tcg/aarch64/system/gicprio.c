/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv3 CPU interface priorities (gic-version=3): ICC_PMR_EL1 holds back
 * an interrupt of lower priority (it stays pending), a higher-priority
 * SGI preempts a running handler that unmasks IRQs while an equal or
 * lower one waits for the EOI, ICC_RPR_EL1 follows the running priority,
 * GICR_ISACTIVER0 shows the active state, and with ICC_CTLR_EL1.EOImode
 * = 1 the EOI only drops the priority until ICC_DIR_EL1 deactivates.
 */

#define SGI_LOW     1           /* priority 0xa0 */
#define SGI_HIGH    2           /* priority 0x40 */
#define PRIO_LOW    0xa0
#define PRIO_HIGH   0x40
#define ICC_RPR()   (read_sysreg(S3_0_C12_C11_3) & 0xff)

static volatile int order[8];
static volatile int norder;
static volatile uint64_t rpr_in[16];
static volatile bool active_in[16];
static volatile bool nest;              /* send the other SGI, unmask */
static volatile bool split_eoi;

/* The SGI frame of CPU 0's redistributor (the first one). */
static uintptr_t sgi_base(void)
{
    return GICR_BASE + 0x10000;
}

static void set_prio(unsigned intid, uint8_t prio)
{
    uintptr_t a = sgi_base() + 0x400 + (intid & ~3u);
    unsigned sh = (intid & 3) * 8;

    mmio_write32(a, (mmio_read32(a) & ~(0xffu << sh)) | (prio << sh));
}

static bool is_active(unsigned intid)
{
    return mmio_read32(sgi_base() + 0x300) & (1u << intid);
}

static bool hook(ExcFrame *f, int kind)
{
    uint32_t intid;

    if (kind != EXC_CUR_IRQ) {
        return false;
    }
    intid = gic_ack();
    if (intid >= 16) {
        return intid >= 1020;
    }
    order[norder++ & 7] = intid;
    rpr_in[intid] = ICC_RPR();
    active_in[intid] = is_active(intid);
    if (nest) {
        nest = false;
        gic_send_sgi(intid == SGI_LOW ? SGI_HIGH : SGI_LOW, 0);
        irq_enable();
        for (int i = 0; i < 1000; i++) {
            __asm__ volatile("isb");
        }
        irq_disable();
        order[norder++ & 7] = 100 + intid;      /* handler end */
    }
    gic_eoi(intid);             /* with EOImode 1: priority drop only */
    if (split_eoi) {
        rpr_in[15] = ICC_RPR();
        active_in[15] = is_active(intid);
    }
    return true;
}

static void take_pending(void)
{
    irq_enable();
    for (int i = 0; i < 1000; i++) {
        __asm__ volatile("isb");
    }
    irq_disable();
}

static void check_pmr(void)
{
    write_sysreg(S3_0_C4_C6_0, 0x90);           /* PMR */
    isb();
    gic_send_sgi(SGI_LOW, 0);
    take_pending();
    ok(norder == 0 && gic_is_pending(SGI_LOW),
       "PMR 0x90 holds back priority 0x%x: SGI stays pending", PRIO_LOW);
    write_sysreg(S3_0_C4_C6_0, 0xff);
    isb();
    take_pending();
    ok(norder == 1 && order[0] == SGI_LOW, "PMR 0xff: the SGI is taken");
    check_eq(rpr_in[SGI_LOW], PRIO_LOW, "ICC_RPR_EL1 in the handler");
    ok(active_in[SGI_LOW], "GICR_ISACTIVER0: active in the handler");
    ok(!is_active(SGI_LOW), "not active after the EOI");
    check_eq(ICC_RPR(), 0xff, "ICC_RPR_EL1 idle: 0xff");
}

static void check_preemption(void)
{
    norder = 0;
    nest = true;
    gic_send_sgi(SGI_LOW, 0);
    take_pending();
    ok(norder == 3 && order[0] == SGI_LOW && order[1] == SGI_HIGH &&
       order[2] == 100 + SGI_LOW,
       "priority 0x%x preempts the 0x%x handler", PRIO_HIGH, PRIO_LOW);
    check_eq(rpr_in[SGI_HIGH], PRIO_HIGH, "ICC_RPR_EL1 in the nested "
             "handler");

    norder = 0;
    nest = true;
    gic_send_sgi(SGI_HIGH, 0);
    take_pending();
    ok(norder == 3 && order[0] == SGI_HIGH && order[1] == 100 + SGI_HIGH &&
       order[2] == SGI_LOW,
       "priority 0x%x waits for the 0x%x handler's EOI", PRIO_LOW,
       PRIO_HIGH);
}

static void check_split_eoi(void)
{
    norder = 0;
    split_eoi = true;
    write_sysreg(S3_0_C12_C12_4, 2);            /* ICC_CTLR.EOImode */
    isb();
    gic_send_sgi(SGI_HIGH, 0);
    take_pending();
    ok(norder == 1, "EOImode 1: SGI taken");
    check_eq(rpr_in[15], 0xff, "EOImode 1: EOIR drops the priority");
    ok(active_in[15], "EOImode 1: still active after EOIR");
    gic_send_sgi(SGI_HIGH, 0);
    take_pending();
    ok(norder == 1, "EOImode 1: an active SGI is not taken again");
    write_sysreg(S3_0_C12_C11_1, SGI_HIGH);     /* ICC_DIR_EL1 */
    isb();
    ok(!is_active(SGI_HIGH) && gic_is_pending(SGI_HIGH),
       "ICC_DIR_EL1 deactivates; the second SGI is pending");
    take_pending();
    ok(norder == 2, "after ICC_DIR_EL1 the pending SGI is taken");
    write_sysreg(S3_0_C12_C11_1, SGI_HIGH);
    write_sysreg(S3_0_C12_C12_4, 0);
    isb();
    split_eoi = false;
    ok(!is_active(SGI_HIGH), "deactivated");
}

void test_main(void)
{
    rt_set_hook(hook);
    gic_init_dist();
    gic_init_cpu();
    set_prio(SGI_LOW, PRIO_LOW);
    set_prio(SGI_HIGH, PRIO_HIGH);
    gic_enable_irq(SGI_LOW, true);
    gic_enable_irq(SGI_HIGH, true);
    check_pmr();
    check_preemption();
    check_split_eoi();
}
