/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv3 CPU interface as functions (include/hw/intc/arm_gicv3.h): what
 * the AArch64 system CPU calls for ICC_PMR, IGRPEN0/1, HPPIR, IAR, EOIR,
 * DIR, RPR and SGI0R/SGI1R.  The ICC_* register encodings, ICC_CTLR, BPR
 * and the active-priority registers are the CPU's business; preemption
 * here compares whole 8-bit priorities (no binary point grouping).
 */
#include "qemu/osdep.h"
#include "gicv3_internal.h"
#include "qemu/log.h"
#include "trace-hw_intc.h"

static bool gicv3_cpu_ok(GICv3State *s, unsigned cpu)
{
    g_assert(cpu < s->num_cpu);     /* the board's CPU numbering */
    return true;
}

void gicv3_cpuif_set_pmr(GICv3State *s, unsigned cpu, uint8_t pmr)
{
    gicv3_cpu_ok(s, cpu);
    s->cpu[cpu].pmr = pmr;
    gicv3_update(s);
}

uint8_t gicv3_cpuif_get_pmr(GICv3State *s, unsigned cpu)
{
    gicv3_cpu_ok(s, cpu);
    return s->cpu[cpu].pmr;
}

void gicv3_cpuif_set_grpen(GICv3State *s, unsigned cpu, int group, bool en)
{
    gicv3_cpu_ok(s, cpu);
    s->cpu[cpu].grpen[group & 1] = en;
    gicv3_update(s);
}

bool gicv3_cpuif_get_grpen(GICv3State *s, unsigned cpu, int group)
{
    gicv3_cpu_ok(s, cpu);
    return s->cpu[cpu].grpen[group & 1];
}

uint8_t gicv3_cpuif_running_priority(GICv3State *s, unsigned cpu)
{
    GICv3CPU *c = &s->cpu[cpu];

    for (int w = 0; w < 8; w++) {
        if (c->active_prio[w]) {
            return w * 32 + __builtin_ctz(c->active_prio[w]);
        }
    }
    return GICV3_IDLE_PRIORITY;
}

static int gicv3_group_of(GICv3State *s, unsigned cpu, uint32_t intid)
{
    if (gicv3_is_lpi(intid)) {
        return 1;
    }
    return (gicv3_bits(s, cpu, intid)->group >> (intid % 32)) & 1;
}

static uint32_t gicv3_hppi_of(GICv3State *s, unsigned cpu, unsigned grpmask,
                              int group)
{
    uint8_t prio;
    uint32_t intid;

    gicv3_cpu_ok(s, cpu);
    intid = gicv3_best_pending(s, cpu, grpmask, &prio);
    if (intid == GICV3_SPURIOUS || gicv3_group_of(s, cpu, intid) != group) {
        return GICV3_SPURIOUS;
    }
    return intid;
}

uint32_t gicv3_cpuif_hppi(GICv3State *s, unsigned cpu, int group)
{
    return gicv3_hppi_of(s, cpu, 3, group);
}

uint32_t gicv3_cpuif_acknowledge(GICv3State *s, unsigned cpu, int group)
{
    GICv3CPU *c = &s->cpu[cpu];
    unsigned grpmask = (c->grpen[0] ? 1 : 0) | (c->grpen[1] ? 2 : 0);
    uint32_t intid = gicv3_hppi_of(s, cpu, grpmask, group);
    GICv3Bits *b;
    uint8_t prio;

    if (intid == GICV3_SPURIOUS) {
        return GICV3_SPURIOUS;
    }
    if (gicv3_is_lpi(intid)) {
        /* LPIs have no active state: acknowledge just consumes them */
        if (!gicv3_lpi_config(s, cpu, intid, &prio) || prio >= c->pmr ||
            prio >= gicv3_cpuif_running_priority(s, cpu)) {
            return GICV3_SPURIOUS;
        }
        gicv3_lpi_change(s, cpu, intid, false);
        c->active_prio[prio / 32] |= 1u << (prio % 32);
        trace_gicv3_cpuif("ack", cpu, intid);
        gicv3_update(s);
        return intid;
    }
    prio = *gicv3_prio(s, cpu, intid);
    if (prio >= c->pmr || prio >= gicv3_cpuif_running_priority(s, cpu)) {
        return GICV3_SPURIOUS;
    }
    b = gicv3_bits(s, cpu, intid);
    b->pending &= ~(1u << (intid % 32));
    b->active |= 1u << (intid % 32);
    c->active_prio[prio / 32] |= 1u << (prio % 32);
    trace_gicv3_cpuif("ack", cpu, intid);
    gicv3_update(s);
    return intid;
}

void gicv3_cpuif_deactivate(GICv3State *s, unsigned cpu, uint32_t intid)
{
    gicv3_cpu_ok(s, cpu);
    if (gicv3_is_lpi(intid)) {
        gicv3_update(s);        /* no active state to clear */
        return;
    }
    if (intid >= s->num_irq) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: deactivate of INTID %u "
                      "out of range\n", intid);
        return;
    }
    trace_gicv3_cpuif("deactivate", cpu, intid);
    gicv3_bits(s, cpu, intid)->active &= ~(1u << (intid % 32));
    gicv3_update(s);
}

void gicv3_cpuif_eoi(GICv3State *s, unsigned cpu, uint32_t intid,
                     bool eoimode)
{
    GICv3CPU *c = &s->cpu[cpu];
    uint8_t rp = gicv3_cpuif_running_priority(s, cpu);

    trace_gicv3_cpuif("eoi", cpu, intid);
    if (intid >= 1020 && intid < GICV3_LPI_BASE) {
        return;                 /* special INTIDs: no effect */
    }
    if (rp == GICV3_IDLE_PRIORITY) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: EOI of INTID %u with no "
                      "active priority\n", intid);
        return;
    }
    c->active_prio[rp / 32] &= ~(1u << (rp % 32));
    if (!eoimode) {
        gicv3_cpuif_deactivate(s, cpu, intid);  /* updates the outputs */
    } else {
        gicv3_update(s);
    }
}

/* Does CPU @c match the affinity and target list of an SGI register? */
static bool gicv3_sgi_targets(uint64_t val, unsigned c)
{
    uint64_t aff = gicv3_cpu_affinity(c);
    uint64_t want = ((val >> 16) & 0xff) << 8;  /* Aff1; Aff2/3 are 0 */
    unsigned rs = (val >> 44) & 0xf;
    unsigned aff0 = aff & 0xff;

    if (((val >> 32) & 0xff) || ((val >> 48) & 0xff)) {
        return false;
    }
    if ((aff & ~0xffull) != want || aff0 / 16 != rs) {
        return false;
    }
    return (val >> (aff0 % 16)) & 1;
}

void gicv3_cpuif_generate_sgi(GICv3State *s, unsigned cpu, uint64_t val,
                              int group)
{
    unsigned intid = (val >> 24) & 0xf;
    bool irm = (val >> 40) & 1;

    gicv3_cpu_ok(s, cpu);
    for (unsigned c = 0; c < s->num_cpu; c++) {
        GICv3Bits *b = &s->cpu[c].local;

        if (irm ? c == cpu : !gicv3_sgi_targets(val, c)) {
            continue;
        }
        if (((b->group >> intid) & 1) == (unsigned)group) {
            trace_gicv3_cpuif("sgi", c, intid);
            b->pending |= 1u << intid;
        }
    }
    gicv3_update(s);
}
