/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The generic timer through the GICv3 (run with gic-version=3): for the
 * EL1 virtual timer (PPI 27), the EL1 physical timer (PPI 30) and, when
 * entered at EL2 (virtualization=on), the EL2 physical timer (PPI 26),
 * the output follows ENABLE, IMASK and ISTATUS, an interrupt is taken and
 * acknowledged with ICC_IAR1_EL1 only once the counter has reached CVAL,
 * and TVAL writes CVAL = counter + TVAL and reads CVAL - counter
 * (negative once expired).  At EL2 also: CNTVOFF_EL2 offsets the virtual
 * count from the physical one.  Waits are WFI with a far-off timeout: run
 * with -icount to be independent of the host's speed.
 */

#define VTIMER_INTID    27
#define PTIMER_INTID    30
#define HTIMER_INTID    26
#define CTL_ENABLE      1
#define CTL_IMASK       2
#define CTL_ISTATUS     4

typedef struct Timer {
    const char *name;
    unsigned intid;
} Timer;

static volatile int irqs;
static volatile unsigned last_intid;
static volatile uint64_t ctl_in_irq, cnt_in_irq;

static bool is_virt(unsigned intid)
{
    return intid == VTIMER_INTID;
}

static uint64_t counter(bool virt)
{
    isb();
    return virt ? read_sysreg(cntvct_el0) : read_sysreg(cntpct_el0);
}

/* The timer registers of PPI @t: virtual, EL1 physical, EL2 physical. */
static void set_ctl(unsigned t, uint64_t v)
{
    if (t == VTIMER_INTID) {
        write_sysreg(cntv_ctl_el0, v);
    } else if (t == PTIMER_INTID) {
        write_sysreg(cntp_ctl_el0, v);
    } else {
        write_sysreg(cnthp_ctl_el2, v);
    }
    isb();
}

static uint64_t get_ctl(unsigned t)
{
    return t == VTIMER_INTID ? read_sysreg(cntv_ctl_el0) :
           t == PTIMER_INTID ? read_sysreg(cntp_ctl_el0) :
           read_sysreg(cnthp_ctl_el2);
}

static void set_cval(unsigned t, uint64_t v)
{
    if (t == VTIMER_INTID) {
        write_sysreg(cntv_cval_el0, v);
    } else if (t == PTIMER_INTID) {
        write_sysreg(cntp_cval_el0, v);
    } else {
        write_sysreg(cnthp_cval_el2, v);
    }
    isb();
}

static uint64_t get_cval(unsigned t)
{
    return t == VTIMER_INTID ? read_sysreg(cntv_cval_el0) :
           t == PTIMER_INTID ? read_sysreg(cntp_cval_el0) :
           read_sysreg(cnthp_cval_el2);
}

static void set_tval(unsigned t, uint64_t v)
{
    if (t == VTIMER_INTID) {
        write_sysreg(cntv_tval_el0, v);
    } else if (t == PTIMER_INTID) {
        write_sysreg(cntp_tval_el0, v);
    } else {
        write_sysreg(cnthp_tval_el2, v);
    }
    isb();
}

static int32_t get_tval(unsigned t)
{
    return (int32_t)(t == VTIMER_INTID ? read_sysreg(cntv_tval_el0) :
                     t == PTIMER_INTID ? read_sysreg(cntp_tval_el0) :
                     read_sysreg(cnthp_tval_el2));
}

static bool hook(ExcFrame *f, int kind)
{
    uint32_t intid;

    if (kind != EXC_CUR_IRQ) {
        return false;
    }
    intid = gic_ack();
    if (intid >= 1020) {
        return true;                    /* spurious */
    }
    irqs++;
    last_intid = intid;
    if (intid == VTIMER_INTID || intid == PTIMER_INTID ||
        intid == HTIMER_INTID) {
        cnt_in_irq = counter(is_virt(intid));
        ctl_in_irq = get_ctl(intid);
        set_ctl(intid, 0);              /* drop the level */
    }
    gic_eoi(intid);
    return true;
}

/*
 * WFI with interrupts masked (it still wakes on a pending one), then
 * unmask to take it: no window where an IRQ is taken just before a WFI
 * that would then sleep forever.
 */
static bool wait_irq(int before)
{
    for (long i = 0; i < 1000000 && irqs == before; i++) {
        wfi();
        irq_enable();
        isb();
        irq_disable();
    }
    return irqs != before;
}

static void check_masking(const Timer *t)
{
    bool pend;
    int before = irqs;

    set_cval(t->intid, 0);                  /* long expired */
    set_ctl(t->intid, CTL_ENABLE | CTL_IMASK);
    check_eq(get_ctl(t->intid), CTL_ENABLE | CTL_IMASK | CTL_ISTATUS,
             "%s: expired and masked: CTL.ISTATUS = 1", t->name);
    ok(!gic_is_pending(t->intid), "%s: IMASK: PPI %u not pending", t->name,
       t->intid);
    set_ctl(t->intid, CTL_ENABLE);
    pend = false;
    for (int i = 0; i < 1000 && !pend; i++) {
        pend = gic_is_pending(t->intid);
    }
    ok(pend, "%s: unmasked: PPI %u pending in GICR_ISPENDR0", t->name,
       t->intid);
    ok(wait_irq(before) && last_intid == t->intid,
       "%s: IRQ taken, ICC_IAR1_EL1 = %u", t->name, t->intid);
    check_eq(ctl_in_irq, CTL_ENABLE | CTL_ISTATUS,
             "%s: CTL in the handler", t->name);
    set_ctl(t->intid, 0);
    check_eq(get_ctl(t->intid) & CTL_ISTATUS, 0,
             "%s: disabled: ISTATUS reads 0", t->name);
}

static void check_cval(const Timer *t, bool virt, uint64_t freq)
{
    uint64_t cval = counter(virt) + freq / 10;
    int before = irqs;

    set_cval(t->intid, cval);
    set_ctl(t->intid, CTL_ENABLE);
    check_eq(get_ctl(t->intid), CTL_ENABLE,
             "%s: CVAL 100 ms ahead: not yet expired", t->name);
    ok(!gic_is_pending(t->intid), "%s: CVAL ahead: not pending", t->name);
    ok(wait_irq(before) && last_intid == t->intid,
       "%s: CVAL: IRQ %u after WFI", t->name, t->intid);
    ok(cnt_in_irq >= cval, "%s: CVAL: counter 0x%lx >= CVAL 0x%lx in the "
       "handler", t->name, cnt_in_irq, cval);
    ok(irqs == before + 1, "%s: CVAL: exactly one interrupt", t->name);
}

static void check_tval(const Timer *t, bool virt, uint64_t freq)
{
    uint64_t c0, c1, cval, tv = freq / 10;
    int32_t left;
    int before = irqs;

    c0 = counter(virt);
    set_tval(t->intid, tv);
    c1 = counter(virt);
    cval = get_cval(t->intid);
    ok(cval >= c0 + tv && cval <= c1 + tv,
       "%s: TVAL write sets CVAL = counter + TVAL", t->name);
    left = get_tval(t->intid);
    ok(left > 0 && (uint64_t)left <= tv, "%s: TVAL reads CVAL - counter "
       "(%d)", t->name, left);
    set_ctl(t->intid, CTL_ENABLE);
    ok(wait_irq(before) && last_intid == t->intid,
       "%s: TVAL: IRQ %u", t->name, t->intid);
    ok(get_tval(t->intid) <= 0, "%s: TVAL negative after expiry", t->name);
    ok(cnt_in_irq >= cval, "%s: TVAL: fired at or after CVAL", t->name);
}

static void check_cntvoff(void)
{
    uint64_t off = 0x123456789ull, p0, v, p1;

    write_sysreg(cntvoff_el2, off);
    p0 = counter(false);
    v = counter(true);
    p1 = counter(false);
    ok(v + off >= p0 && v + off <= p1,
       "CNTVOFF_EL2: CNTVCT = CNTPCT - offset");
    write_sysreg(cntvoff_el2, 0);
    isb();
}

void test_main(void)
{
    static const Timer timers[] = {
        { "virtual timer", VTIMER_INTID },
        { "physical timer", PTIMER_INTID },
        { "EL2 physical timer", HTIMER_INTID },
    };
    uint64_t freq = read_sysreg(cntfrq_el0), a, b;

    rt_set_hook(hook);
    if (current_el() == 2) {
        /* route physical IRQs to EL2 (RW, AMO, IMO, FMO) */
        write_sysreg(hcr_el2, (1ull << 31) | (7 << 3));
        write_sysreg(S3_4_C12_C9_5, read_sysreg(S3_4_C12_C9_5) | 9);
        isb();                          /* ICC_SRE_EL2: SRE, Enable */
    }
    gic_init_dist();
    gic_init_cpu();
    ok(freq != 0, "CNTFRQ_EL0 = %lu Hz", freq);
    a = counter(true);
    b = counter(true);
    ok(b >= a, "CNTVCT_EL0 does not go backwards");
    a = counter(false);
    b = counter(false);
    ok(b >= a, "CNTPCT_EL0 does not go backwards");
    if (current_el() == 2) {
        check_cntvoff();
    }
    for (int i = 0; i < 3; i++) {
        bool virt = is_virt(timers[i].intid);

        if (timers[i].intid == HTIMER_INTID && current_el() < 2) {
            continue;
        }
        set_ctl(timers[i].intid, 0);
        gic_enable_irq(timers[i].intid, true);
        check_masking(&timers[i]);
        check_cval(&timers[i], virt, freq);
        check_tval(&timers[i], virt, freq);
        gic_enable_irq(timers[i].intid, false);
    }
}
