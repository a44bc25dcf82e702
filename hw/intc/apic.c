/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local APIC (xAPIC and x2APIC), one per CPU, and the APIC bus.
 *
 * Interface:
 *   xAPIC MMIO: 4 KiB at IA32_APIC_BASE (0xfee00000 after reset), 32-bit
 *     registers at 16-byte offsets: apic_mmio_read/write(), or the region
 *     apic_mmio_region() ("apic-mmio")
 *   x2APIC: MSRs 0x800-0x8ff (apic_msr_read/write), IA32_APIC_BASE
 *     (apic_base_read/write), IA32_TSC_DEADLINE (apic_tsc_deadline_*)
 *   CPU: APICCpuOps hooks (INTR level, NMI, SMI, INIT, SIPI, base moved);
 *     INTA through apic_get_interrupt(); pins LINT0/1 (apic_set_lint)
 *   Bus: IPIs and MSI messages go through the board's APICBus, which
 *     also carries the level-triggered EOI broadcast hook (IOAPIC)
 *   Clock: the timer runs on QEMU_CLOCK_VIRTUAL of the bus's clocks
 *   Properties: id (initial APIC ID), bsp, x2apic (true: APIC_BASE.EXTD
 *     may be set), timer-freq (Hz of the timer input before the divider,
 *     1000000000)
 *
 * Reset values: ID = initial ID, version 0x50014 (6 LVTs), TPR/LDR/ICR/
 * ESR/counts/DCR 0, DFR 0xffffffff, SVR 0xff (software-disabled), every
 * LVT 0x10000 (masked), IRR/ISR/TMR clear, APIC_BASE 0xfee00000 | EN |
 * BSP (on the BSP).  INIT resets the same except ID and APIC_BASE.
 *
 * A hardware disable (APIC_BASE.EN = 0) returns every register to its
 * reset value; LINT0 then drives INTR directly and LINT1 is NMI, as on a
 * PC without an APIC.  Re-enabling gives the reset state in xAPIC mode.
 * Software disable (SVR bit 8 = 0) masks every LVT and keeps them
 * masked; INIT, NMI, SMI and SIPI still arrive; fixed interrupts are
 * held in IRR but not presented.  Delivery is immediate, so ICR
 * delivery status always reads 0.  Suppress-EOI-broadcast and CMCI are
 * not offered (version bit 24 clear, max LVT 5).
 */
#include "qemu/osdep.h"
#include "hw/intc/apic.h"
#include "qemu/log.h"
#include "qapi/error.h"
#include "trace-hw_intc.h"

/* Register indexes: xAPIC offset >> 4, x2APIC MSR - 0x800. */
#define REG_ID 0x02
#define REG_VER 0x03
#define REG_TPR 0x08
#define REG_APR 0x09
#define REG_PPR 0x0a
#define REG_EOI 0x0b
#define REG_RRD 0x0c
#define REG_LDR 0x0d
#define REG_DFR 0x0e
#define REG_SVR 0x0f
#define REG_ISR 0x10
#define REG_TMR 0x18
#define REG_IRR 0x20
#define REG_ESR 0x28
#define REG_ICR_LO 0x30
#define REG_ICR_HI 0x31
#define REG_LVT 0x32
#define REG_INIT_COUNT 0x38
#define REG_CUR_COUNT 0x39
#define REG_DCR 0x3e
#define REG_SELF_IPI 0x3f

enum {
    LVT_TIMER, LVT_THERMAL, LVT_PERF, LVT_LINT0, LVT_LINT1, LVT_ERROR,
    LVT_NB
};

#define LVT_MASKED (1u << 16)
#define LVT_LEVEL (1u << 15)
#define TIMER_MODE_SHIFT 17
#define TIMER_ONESHOT 0
#define TIMER_PERIODIC 1
#define TIMER_TSC_DEADLINE 2

#define SVR_ENABLE (1u << 8)
#define SVR_MASK 0x3ffu

#define ESR_SEND_ILLEGAL (1u << 5)
#define ESR_RECV_ILLEGAL (1u << 6)
#define ESR_ILLEGAL_REG (1u << 7)

#define ICR_DELIV_STATUS (1u << 12)
#define ICR_LOGICAL (1u << 11)
#define ICR_ASSERT (1u << 14)
#define ICR_LEVEL (1u << 15)
#define ICR_X2_WRITABLE 0xffffffff000ccfffULL

enum { SH_NONE, SH_SELF, SH_ALL, SH_OTHERS };

static const uint32_t lvt_writable[LVT_NB] = {
    [LVT_TIMER] = 0x700ff,
    [LVT_THERMAL] = 0x107ff,
    [LVT_PERF] = 0x107ff,
    [LVT_LINT0] = 0x1a7ff,
    [LVT_LINT1] = 0x1a7ff,
    [LVT_ERROR] = 0x100ff,
};

struct APICBus {
    QEMUClocks *clocks;
    GPtrArray *apics;           /* APICState *, in creation order */
    unsigned next_index;        /* APICState.index of the next APIC */
    APICEOIBroadcastFn *eoi_fn;
    void *eoi_opaque;
    unsigned lowpri_next;       /* round-robin start for equal priority */
};

struct APICState {
    DeviceState parent_obj;
    MemoryRegion mmio;
    APICBus *bus;
    QEMUTimer *timer;
    const APICCpuOps *ops;
    void *cpu_opaque;

    /* properties */
    uint32_t initial_id;
    bool bsp;
    bool x2apic_ok;
    uint64_t timer_freq;

    /* architectural state */
    uint64_t apicbase;
    uint32_t id;
    uint32_t tpr;
    uint32_t ldr;
    uint32_t dfr;
    uint32_t svr;
    uint32_t isr[8], tmr[8], irr[8];
    uint32_t esr;               /* what reads return */
    uint32_t esr_latch;         /* errors since the last ESR write */
    uint32_t lvt[LVT_NB];
    uint32_t icr_lo, icr_hi;
    uint32_t initial_count;
    uint32_t dcr;
    int64_t count_start_ns;     /* when the initial count was loaded */
    uint64_t tsc_deadline;
    bool lint[2];
    bool extint_msg;            /* an ExtINT message waits for INTA */
    bool intr;                  /* last INTR level given to the CPU */
    /* statistics (x-query-ipi-stats); kept across resets */
    unsigned index;             /* creation order on the bus */
    uint64_t ipi_count[APIC_IPI_MAX];
    uint64_t ipi_vector[256];   /* fixed and lowest-priority IPIs */
    uint64_t *ipi_from;         /* IPIs by sender index */
    unsigned ipi_from_len;
    uint64_t msi_count;         /* MSI and IOAPIC messages */
};

#define APIC(obj) OBJECT_CHECK(APICState, (obj), TYPE_APIC)

/* ---- helpers ---- */

static void vec_set(uint32_t *v, int n)
{
    v[n >> 5] |= 1u << (n & 31);
}

static void vec_clear(uint32_t *v, int n)
{
    v[n >> 5] &= ~(1u << (n & 31));
}

static bool vec_test(const uint32_t *v, int n)
{
    return v[n >> 5] & (1u << (n & 31));
}

/* Highest set bit of a 256-bit vector, or -1. */
static int vec_highest(const uint32_t *v)
{
    for (int i = 7; i >= 0; i--) {
        if (v[i]) {
            return i * 32 + 31 - __builtin_clz(v[i]);
        }
    }
    return -1;
}

static bool apic_hw_enabled(APICState *s)
{
    return s->apicbase & APICBASE_EN;
}

static bool apic_sw_enabled(APICState *s)
{
    return apic_hw_enabled(s) && (s->svr & SVR_ENABLE);
}

bool apic_x2apic_mode(APICState *s)
{
    return s->apicbase & APICBASE_EXTD;
}

static int64_t apic_now(APICState *s)
{
    return qemu_clock_get_ns(s->bus->clocks, QEMU_CLOCK_VIRTUAL);
}

static uint8_t apic_compute_ppr(APICState *s)
{
    int isrv = vec_highest(s->isr);
    uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

    return (s->tpr & 0xf0) >= isr_class ? s->tpr : isr_class;
}

/* Arbitration priority: what lowest-priority delivery compares. */
static uint8_t apic_compute_apr(APICState *s)
{
    int isrv = vec_highest(s->isr);
    int irrv = vec_highest(s->irr);
    uint32_t c = MAX(isrv, irrv);

    if (isrv < 0 && irrv < 0) {
        return s->tpr;
    }
    return (s->tpr & 0xf0) >= (c & 0xf0) ? s->tpr : (c & 0xf0);
}

static bool apic_extint_wanted(APICState *s)
{
    uint32_t l0 = s->lvt[LVT_LINT0];

    if (!apic_hw_enabled(s)) {
        return s->lint[0];
    }
    if (s->extint_msg) {
        return true;
    }
    return s->lint[0] && !(l0 & LVT_MASKED) &&
           ((l0 >> 8) & 7) == APIC_DM_EXTINT;
}

/* The vector INTA would return now (fixed interrupts only), or -1. */
static int apic_deliverable(APICState *s)
{
    int v;

    if (!apic_sw_enabled(s)) {
        return -1;
    }
    v = vec_highest(s->irr);
    if (v < 0 || (v & 0xf0) <= (apic_compute_ppr(s) & 0xf0)) {
        return -1;
    }
    return v;
}

/* Recompute the CPU's INTR level from the APIC state. */
static void apic_update_irq(APICState *s)
{
    bool level = apic_extint_wanted(s) || apic_deliverable(s) >= 0;

    if (level != s->intr) {
        s->intr = level;
        trace_apic_intr(s->initial_id, level);
        if (s->ops && s->ops->set_intr) {
            s->ops->set_intr(s->cpu_opaque, level);
        }
    }
}

/* ---- accepting interrupts ---- */

static void apic_accept_fixed(APICState *s, int vector, bool level);

/* Record an error and raise the LVT error interrupt if unmasked. */
static void apic_error(APICState *s, uint32_t bits)
{
    uint32_t lvt = s->lvt[LVT_ERROR];

    s->esr_latch |= bits;
    trace_apic_error(s->initial_id, bits);
    if (!(lvt & LVT_MASKED) && apic_sw_enabled(s)) {
        if ((lvt & 0xff) < 16) {
            s->esr_latch |= ESR_RECV_ILLEGAL;   /* and no recursion */
        } else {
            apic_accept_fixed(s, lvt & 0xff, false);
        }
    }
}

static void apic_accept_fixed(APICState *s, int vector, bool level)
{
    if (vector < 16) {
        apic_error(s, ESR_RECV_ILLEGAL);
        return;
    }
    vec_set(s->irr, vector);
    if (level) {
        vec_set(s->tmr, vector);
    } else {
        vec_clear(s->tmr, vector);
    }
    apic_update_irq(s);
}

static void apic_init_reset(APICState *s);

/* Counter index of each delivery mode (-1: reserved mode 3). */
static const int8_t apic_dm_type[8] = {
    APIC_IPI_FIXED, APIC_IPI_LOWEST, APIC_IPI_SMI, -1,
    APIC_IPI_NMI, APIC_IPI_INIT, APIC_IPI_STARTUP, APIC_IPI_EXTINT,
};

/* Count an IPI of @type from @sender (NULL: an MSI) arriving at @s. */
static void apic_count_message(APICState *s, APICState *sender, int type,
                               int vector)
{
    if (!sender) {
        s->msi_count++;
        return;
    }
    s->ipi_count[type]++;
    if (type == APIC_IPI_FIXED || type == APIC_IPI_LOWEST) {
        s->ipi_vector[vector & 0xff]++;
    }
    if (sender->index >= s->ipi_from_len) {
        unsigned len = MAX(sender->index + 1, s->ipi_from_len * 2);

        s->ipi_from = g_renew(uint64_t, s->ipi_from, len);
        memset(s->ipi_from + s->ipi_from_len, 0,
               (len - s->ipi_from_len) * sizeof(uint64_t));
        s->ipi_from_len = len;
    }
    s->ipi_from[sender->index]++;
    trace_apic_ipi_recv(s->initial_id, apic_ipi_type_name(type), vector,
                        sender->initial_id);
}

/* A message arriving at @s: from the bus (IPI, MSI) or a local LVT. */
static void apic_receive(APICState *s, int dm, int vector, bool level)
{
    if (!apic_hw_enabled(s) || apic_dm_type[dm] < 0) {
        return;
    }
    trace_apic_receive(s->initial_id, dm, vector);
    switch (dm) {
    case APIC_DM_FIXED:
    case APIC_DM_LOWEST:
        apic_accept_fixed(s, vector, level);
        break;
    case APIC_DM_SMI:
        if (s->ops && s->ops->smi) {
            s->ops->smi(s->cpu_opaque);
        }
        break;
    case APIC_DM_NMI:
        if (s->ops && s->ops->nmi) {
            s->ops->nmi(s->cpu_opaque);
        }
        break;
    case APIC_DM_INIT:
        apic_init_reset(s);
        if (s->ops && s->ops->init) {
            s->ops->init(s->cpu_opaque);
        }
        break;
    case APIC_DM_STARTUP:
        if (s->ops && s->ops->sipi) {
            s->ops->sipi(s->cpu_opaque, vector);
        }
        break;
    case APIC_DM_EXTINT:
        s->extint_msg = true;
        apic_update_irq(s);
        break;
    }
}

/* Deliver a local LVT entry (timer, thermal, perf, LINT, error). */
static void apic_local_deliver(APICState *s, int lvt_index)
{
    uint32_t lvt = s->lvt[lvt_index];
    int dm = (lvt >> 8) & 7;

    if ((lvt & LVT_MASKED) || !apic_sw_enabled(s)) {
        return;
    }
    if (lvt_index == LVT_TIMER || lvt_index == LVT_ERROR) {
        dm = APIC_DM_FIXED;
    }
    switch (dm) {
    case APIC_DM_FIXED:
        apic_accept_fixed(s, lvt & 0xff,
                          lvt_index == LVT_LINT0 && (lvt & LVT_LEVEL));
        break;
    case APIC_DM_SMI:
    case APIC_DM_NMI:
    case APIC_DM_INIT:
        apic_receive(s, dm, lvt & 0xff, false);
        break;
    case APIC_DM_EXTINT:
        apic_update_irq(s);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "apic: LVT %d has reserved "
                      "delivery mode %d\n", lvt_index, dm);
        break;
    }
}

void apic_set_lint(APICState *s, int pin, bool level)
{
    bool rising = level && !s->lint[pin];

    g_assert(pin == 0 || pin == 1);
    s->lint[pin] = level;
    if (!apic_hw_enabled(s)) {
        /* No APIC: LINT0 is INTR, LINT1 is NMI. */
        if (pin == 1 && rising && s->ops && s->ops->nmi) {
            s->ops->nmi(s->cpu_opaque);
        }
        apic_update_irq(s);
        return;
    }
    if (rising) {
        apic_local_deliver(s, pin == 0 ? LVT_LINT0 : LVT_LINT1);
    }
    apic_update_irq(s);
}

int apic_get_interrupt(APICState *s)
{
    int v;

    if (apic_extint_wanted(s)) {
        s->extint_msg = false;
        apic_update_irq(s);
        return APIC_INTA_EXTINT;
    }
    v = apic_deliverable(s);
    if (v < 0) {
        return APIC_INTA_NONE;
    }
    vec_clear(s->irr, v);
    vec_set(s->isr, v);
    trace_apic_inta(s->initial_id, v);
    apic_update_irq(s);
    return v;
}

int apic_intr_ack(void *opaque)
{
    return apic_get_interrupt(opaque);
}

static void apic_eoi(APICState *s)
{
    int v = vec_highest(s->isr);

    if (v < 0) {
        return;
    }
    vec_clear(s->isr, v);
    trace_apic_eoi(s->initial_id, v);
    if (vec_test(s->tmr, v) && s->bus->eoi_fn) {
        s->bus->eoi_fn(s->bus->eoi_opaque, v);
    }
    apic_update_irq(s);
}

/* ---- the APIC bus: destinations and delivery ---- */

/* Does @t accept destination @dest (@x2: 32-bit format, else 8-bit)? */
static bool apic_match(APICState *t, uint32_t dest, bool x2, bool logical)
{
    uint32_t ldr8 = t->ldr >> 24;
    uint32_t d8 = dest & 0xff;

    if (dest == (x2 ? 0xffffffffu : 0xffu)) {
        return true;
    }
    if (!logical) {
        return apic_x2apic_mode(t) ? t->id == dest : (t->id & 0xff) == dest;
    }
    if (apic_x2apic_mode(t)) {
        return (t->ldr >> 16) == (dest >> 16) && (t->ldr & dest & 0xffff);
    }
    if ((t->dfr >> 28) == 0xf) {
        return ldr8 & d8;                       /* flat */
    }
    return (ldr8 >> 4) == (d8 >> 4) && (ldr8 & d8 & 0xf);   /* cluster */
}

typedef struct APICMessage {
    APICState *sender;          /* NULL for MSI */
    int shorthand;
    uint32_t dest;
    bool x2;
    bool logical;
    int dm;
    int vector;
    bool level;
} APICMessage;

static bool apic_msg_targets(APICMessage *m, APICState *t)
{
    switch (m->shorthand) {
    case SH_SELF:
        return t == m->sender;
    case SH_ALL:
        return true;
    case SH_OTHERS:
        return t != m->sender;
    default:
        return apic_hw_enabled(t) && apic_match(t, m->dest, m->x2,
                                                m->logical);
    }
}

/* Lowest priority: the target with the lowest APR, round-robin on ties. */
static APICState *apic_bus_lowest(APICBus *bus, APICMessage *m)
{
    APICState *best = NULL;
    unsigned n = bus->apics->len;
    int best_apr = 256;

    for (unsigned k = 0; k < n; k++) {
        APICState *t = g_ptr_array_index(bus->apics, (bus->lowpri_next + k)
                                         % n);
        int apr;

        if (!apic_hw_enabled(t) || !apic_msg_targets(m, t)) {
            continue;
        }
        apr = apic_compute_apr(t) & 0xf0;
        if (apr < best_apr) {
            best_apr = apr;
            best = t;
        }
    }
    if (best) {
        bus->lowpri_next++;
    }
    return best;
}

/* Count, then act on, a bus message (delivery mode @dm) reaching @t. */
static void apic_bus_deliver(APICState *t, APICMessage *m, int dm)
{
    if (apic_hw_enabled(t) && apic_dm_type[dm] >= 0) {
        apic_count_message(t, m->sender, apic_dm_type[dm], m->vector);
    }
    apic_receive(t, dm, m->vector, m->level);
}

static void apic_bus_send(APICBus *bus, APICMessage *m)
{
    if (m->dm == APIC_DM_LOWEST && m->shorthand != SH_SELF) {
        APICState *t = apic_bus_lowest(bus, m);

        if (t) {
            apic_bus_deliver(t, m, APIC_DM_LOWEST);
        }
        return;
    }
    for (unsigned i = 0; i < bus->apics->len; i++) {
        APICState *t = g_ptr_array_index(bus->apics, i);

        if (apic_msg_targets(m, t)) {
            apic_bus_deliver(t, m, m->dm);
        }
    }
}

/* Send the IPI described by a 64-bit ICR value from @s. */
static void apic_send_ipi(APICState *s, uint64_t icr)
{
    APICMessage m = {
        .sender = s,
        .shorthand = (icr >> 18) & 3,
        .x2 = apic_x2apic_mode(s),
        .logical = icr & ICR_LOGICAL,
        .dm = (icr >> 8) & 7,
        .vector = icr & 0xff,
        .level = icr & ICR_LEVEL,
    };

    m.dest = m.x2 ? icr >> 32 : (icr >> 56) & 0xff;
    trace_apic_ipi(s->initial_id, icr);
    if (m.dm == APIC_DM_INIT && (icr & ICR_LEVEL) && !(icr & ICR_ASSERT)) {
        /* INIT level de-assert: only counted, it has no effect. */
        for (unsigned i = 0; i < s->bus->apics->len; i++) {
            APICState *t = g_ptr_array_index(s->bus->apics, i);

            if (apic_msg_targets(&m, t) && apic_hw_enabled(t)) {
                apic_count_message(t, s, APIC_IPI_INIT_DEASSERT, 0);
            }
        }
        return;
    }
    if ((m.dm == APIC_DM_FIXED || m.dm == APIC_DM_LOWEST) && m.vector < 16) {
        apic_error(s, ESR_SEND_ILLEGAL);
        return;
    }
    if (m.dm == 3 || m.dm == APIC_DM_EXTINT) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: IPI with delivery mode %d "
                      "ignored\n", m.dm);
        return;
    }
    apic_bus_send(s->bus, &m);
}

bool apic_bus_deliver_msi(APICBus *bus, uint64_t addr, uint32_t data)
{
    APICMessage m = {
        .dest = (addr >> 12) & 0xff,
        .logical = addr & 4,
        .dm = (data >> 8) & 7,
        .vector = data & 0xff,
        .level = data & (1u << 15),
    };

    if ((addr & ~0xfffffULL) != APIC_DEFAULT_ADDRESS) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: MSI to 0x%" PRIx64
                      " outside 0xfee00000-0xfeefffff\n", addr);
        return false;
    }
    trace_apic_msi(addr, data);
    if (m.dm == 3) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: MSI with reserved delivery "
                      "mode 3\n");
        return true;
    }
    apic_bus_send(bus, &m);
    return true;
}

void apic_bus_ioapic_deliver(void *opaque, uint64_t addr, uint32_t data)
{
    apic_bus_deliver_msi(opaque, addr, data);
}

/* ---- timer ---- */

static int apic_divide_shift(APICState *s)
{
    uint32_t v = (s->dcr & 3) | ((s->dcr >> 1) & 4);

    return v == 7 ? 0 : v + 1;
}

static int apic_timer_mode(APICState *s)
{
    return (s->lvt[LVT_TIMER] >> TIMER_MODE_SHIFT) & 3;
}

/* Counter decrements between @start and @now. */
static uint64_t apic_counts_between(APICState *s, int64_t start, int64_t now)
{
    unsigned __int128 ticks;

    if (now <= start || !s->timer_freq) {
        return 0;
    }
    ticks = (unsigned __int128)(now - start) * s->timer_freq /
            NANOSECONDS_PER_SECOND;
    return (uint64_t)(ticks >> apic_divide_shift(s));
}

/* Time (ns after the start) at which @counts decrements have happened. */
static int64_t apic_counts_to_ns(APICState *s, uint64_t counts)
{
    unsigned __int128 ticks = (unsigned __int128)counts <<
                              apic_divide_shift(s);
    unsigned __int128 ns;

    ns = (ticks * NANOSECONDS_PER_SECOND + s->timer_freq - 1) /
         s->timer_freq;
    return ns > INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)ns;
}

static uint32_t apic_current_count(APICState *s)
{
    uint64_t done;

    if (!s->initial_count || apic_timer_mode(s) == TIMER_TSC_DEADLINE ||
        !s->timer_freq) {
        return 0;
    }
    done = apic_counts_between(s, s->count_start_ns, apic_now(s));
    if (apic_timer_mode(s) == TIMER_PERIODIC) {
        return s->initial_count - done % s->initial_count;
    }
    return done >= s->initial_count ? 0 : s->initial_count - done;
}

/*
 * Arm the timer for the next expiry of the count (one-shot, periodic),
 * as seen at @now.  A one-shot whose count ran out before @now fires at
 * once if it has not fired yet (the clock may pass the deadline before
 * the timer runs), and is left alone if it has.
 */
static void apic_timer_arm_count_at(APICState *s, int64_t now)
{
    uint64_t done, periods;

    if (!s->initial_count || !s->timer_freq ||
        apic_timer_mode(s) == TIMER_TSC_DEADLINE) {
        timer_del(s->timer);
        return;
    }
    done = apic_counts_between(s, s->count_start_ns, now);
    periods = done / s->initial_count + 1;
    if (apic_timer_mode(s) != TIMER_PERIODIC && periods > 1) {
        if (timer_pending(s->timer)) {
            timer_mod_ns(s->timer, now);
        }
        return;
    }
    timer_mod_ns(s->timer, s->count_start_ns +
                 apic_counts_to_ns(s, periods * s->initial_count));
}

static void apic_timer_arm_count(APICState *s)
{
    apic_timer_arm_count_at(s, apic_now(s));
}

static void apic_timer_cb(void *opaque)
{
    APICState *s = opaque;

    trace_apic_timer_fire(s->initial_id, apic_timer_mode(s));
    if (apic_timer_mode(s) == TIMER_TSC_DEADLINE) {
        s->tsc_deadline = 0;
    } else if (apic_timer_mode(s) == TIMER_PERIODIC) {
        apic_timer_arm_count(s);
    }
    apic_local_deliver(s, LVT_TIMER);
}

void apic_tsc_deadline_write(APICState *s, uint64_t tsc_value,
                             int64_t deadline_ns)
{
    if (apic_timer_mode(s) != TIMER_TSC_DEADLINE) {
        return;                         /* ignored outside the mode */
    }
    s->tsc_deadline = tsc_value;
    if (!tsc_value) {
        timer_del(s->timer);
        return;
    }
    timer_mod_ns(s->timer, MAX(deadline_ns, apic_now(s)));
}

uint64_t apic_tsc_deadline_read(APICState *s)
{
    return apic_timer_mode(s) == TIMER_TSC_DEADLINE ? s->tsc_deadline : 0;
}

/* ---- reset and mode changes ---- */

static void apic_derive_x2apic_ldr(APICState *s)
{
    s->ldr = ((s->id >> 4) << 16) | (1u << (s->id & 0xf));
}

/* Everything but ID and APIC_BASE (INIT; also the base of reset). */
static void apic_init_reset(APICState *s)
{
    s->tpr = 0;
    s->ldr = 0;
    s->dfr = 0xffffffff;
    s->svr = 0xff;
    memset(s->isr, 0, sizeof(s->isr));
    memset(s->tmr, 0, sizeof(s->tmr));
    memset(s->irr, 0, sizeof(s->irr));
    s->esr = s->esr_latch = 0;
    for (int i = 0; i < LVT_NB; i++) {
        s->lvt[i] = LVT_MASKED;
    }
    s->icr_lo = s->icr_hi = 0;
    s->initial_count = 0;
    s->dcr = 0;
    s->count_start_ns = 0;
    s->tsc_deadline = 0;
    s->extint_msg = false;
    if (s->timer) {
        timer_del(s->timer);
    }
    if (apic_x2apic_mode(s)) {
        apic_derive_x2apic_ldr(s);
    }
    apic_update_irq(s);
}

void apic_reset(APICState *s)
{
    s->apicbase = APIC_DEFAULT_ADDRESS | APICBASE_EN |
                  (s->bsp ? APICBASE_BSP : 0);
    s->id = s->initial_id;
    s->lint[0] = s->lint[1] = false;
    apic_init_reset(s);
    if (s->ops && s->ops->base_changed) {
        s->ops->base_changed(s->cpu_opaque, APIC_DEFAULT_ADDRESS, true);
    }
}

void apic_set_virtual_wire(APICState *s)
{
    s->lvt[LVT_LINT0] = APIC_DM_EXTINT << 8;
    apic_update_irq(s);
}

static void apic_reset_enter(DeviceState *dev)
{
    apic_reset(APIC(dev));
}

uint64_t apic_base_read(APICState *s)
{
    return s->apicbase;
}

/* Is the EN/EXTD transition from @old to @new architecturally legal? */
static bool apic_base_transition_ok(APICState *s, uint64_t old, uint64_t new)
{
    bool old_x2 = old & APICBASE_EXTD, new_x2 = new & APICBASE_EXTD;

    if (new_x2 && !(new & APICBASE_EN)) {
        return false;                   /* invalid state */
    }
    if (new_x2 && !s->x2apic_ok) {
        return false;
    }
    if (!(old & APICBASE_EN) && new_x2) {
        return false;                   /* disabled -> x2APIC */
    }
    if (old_x2 && (new & APICBASE_EN) && !new_x2) {
        return false;                   /* x2APIC -> xAPIC */
    }
    return true;
}

int apic_base_write(APICState *s, uint64_t value)
{
    const uint64_t reserved = 0xfff0000000000000ULL | 0x2ffULL;
    uint64_t old = s->apicbase;

    if ((value & reserved) || !apic_base_transition_ok(s, old, value)) {
        trace_apic_base_gp(s->initial_id, value);
        return -1;
    }
    s->apicbase = value;
    trace_apic_base_write(s->initial_id, value);
    if (!(value & APICBASE_EN) && (old & APICBASE_EN)) {
        s->id = s->initial_id;          /* hardware disable */
        apic_init_reset(s);
    } else if ((value & APICBASE_EXTD) && !(old & APICBASE_EXTD)) {
        s->id = s->initial_id;          /* xAPIC -> x2APIC */
        apic_derive_x2apic_ldr(s);
    }
    apic_update_irq(s);
    if (s->ops && s->ops->base_changed) {
        s->ops->base_changed(s->cpu_opaque, apic_mmio_base(s),
                             apic_mmio_active(s));
    }
    return 0;
}

/* ---- register file (shared by MMIO and MSR paths) ---- */

/* Read register @idx; false if it does not exist (in the current mode). */
static bool apic_reg_read(APICState *s, int idx, uint64_t *val)
{
    bool x2 = apic_x2apic_mode(s);

    switch (idx) {
    case REG_ID:
        *val = x2 ? s->id : (s->id & 0xff) << 24;
        return true;
    case REG_VER:
        *val = APIC_VERSION_VALUE;
        return true;
    case REG_TPR:
        *val = s->tpr;
        return true;
    case REG_PPR:
        *val = apic_compute_ppr(s);
        return true;
    case REG_LDR:
        *val = s->ldr;
        return true;
    case REG_SVR:
        *val = s->svr;
        return true;
    case REG_ISR ... REG_ISR + 7:
        *val = s->isr[idx - REG_ISR];
        return true;
    case REG_TMR ... REG_TMR + 7:
        *val = s->tmr[idx - REG_TMR];
        return true;
    case REG_IRR ... REG_IRR + 7:
        *val = s->irr[idx - REG_IRR];
        return true;
    case REG_ESR:
        *val = s->esr;
        return true;
    case REG_ICR_LO:
        *val = x2 ? (uint64_t)s->icr_hi << 32 | s->icr_lo : s->icr_lo;
        return true;
    case REG_LVT ... REG_LVT + LVT_NB - 1:
        *val = s->lvt[idx - REG_LVT];
        return true;
    case REG_INIT_COUNT:
        *val = s->initial_count;
        return true;
    case REG_CUR_COUNT:
        *val = apic_current_count(s);
        return true;
    case REG_DCR:
        *val = s->dcr;
        return true;
    }
    return false;
}

/* xAPIC-only registers (x2APIC: reserved). */
static bool apic_reg_read_xapic(APICState *s, int idx, uint64_t *val)
{
    switch (idx) {
    case REG_APR:
        *val = apic_compute_apr(s);
        return true;
    case REG_EOI:
    case REG_RRD:
        *val = 0;
        return true;
    case REG_DFR:
        *val = s->dfr;
        return true;
    case REG_ICR_HI:
        *val = s->icr_hi;
        return true;
    }
    return apic_reg_read(s, idx, val);
}

static void apic_write_svr(APICState *s, uint32_t val)
{
    s->svr = val & SVR_MASK;
    if (!(s->svr & SVR_ENABLE)) {
        for (int i = 0; i < LVT_NB; i++) {
            s->lvt[i] |= LVT_MASKED;
        }
    }
    apic_update_irq(s);
}

static void apic_write_lvt(APICState *s, int n, uint32_t val)
{
    int old_mode = apic_timer_mode(s);

    val &= lvt_writable[n];
    if (!apic_sw_enabled(s)) {
        val |= LVT_MASKED;
    }
    s->lvt[n] = val;
    if (n == LVT_TIMER && apic_timer_mode(s) != old_mode) {
        /* A mode switch disarms both the count and the deadline. */
        s->initial_count = 0;
        s->tsc_deadline = 0;
        timer_del(s->timer);
    }
    if (n == LVT_LINT0) {
        apic_update_irq(s);
    }
}

static void apic_write_count(APICState *s, uint32_t val)
{
    if (apic_timer_mode(s) == TIMER_TSC_DEADLINE) {
        return;
    }
    /* one clock read: the new count starts now and is armed from now */
    s->initial_count = val;
    s->count_start_ns = apic_now(s);
    apic_timer_arm_count_at(s, s->count_start_ns);
}

/* Writes common to both modes; false if @idx is not writable. */
static bool apic_reg_write(APICState *s, int idx, uint32_t val)
{
    switch (idx) {
    case REG_TPR:
        s->tpr = val & 0xff;
        apic_update_irq(s);
        return true;
    case REG_EOI:
        apic_eoi(s);
        return true;
    case REG_SVR:
        apic_write_svr(s, val);
        return true;
    case REG_ESR:
        s->esr = s->esr_latch;
        s->esr_latch = 0;
        return true;
    case REG_LVT ... REG_LVT + LVT_NB - 1:
        apic_write_lvt(s, idx - REG_LVT, val);
        return true;
    case REG_INIT_COUNT:
        apic_write_count(s, val);
        return true;
    case REG_DCR:
        s->dcr = val & 0xb;
        apic_timer_arm_count(s);
        return true;
    }
    return false;
}

static bool apic_reg_write_xapic(APICState *s, int idx, uint32_t val)
{
    switch (idx) {
    case REG_ID:
        s->id = val >> 24;
        return true;
    case REG_LDR:
        s->ldr = val & 0xff000000;
        return true;
    case REG_DFR:
        s->dfr = val | 0x0fffffff;
        return true;
    case REG_ICR_LO:
        s->icr_lo = val & ~ICR_DELIV_STATUS;
        apic_send_ipi(s, (uint64_t)s->icr_hi << 32 | s->icr_lo);
        return true;
    case REG_ICR_HI:
        s->icr_hi = val & 0xff000000;
        return true;
    }
    return apic_reg_write(s, idx, val);
}

/* ---- xAPIC MMIO ---- */

uint64_t apic_mmio_base(APICState *s)
{
    return s->apicbase & APICBASE_BASE_MASK;
}

bool apic_mmio_active(APICState *s)
{
    return apic_hw_enabled(s) && !apic_x2apic_mode(s);
}

static bool apic_mmio_check(APICState *s, uint32_t offset, const char *what)
{
    if (!apic_mmio_active(s)) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: MMIO %s at 0x%x while the "
                      "xAPIC page is off\n", what, offset);
        return false;
    }
    if (offset >= APIC_MMIO_SIZE || (offset & 0xf)) {
        qemu_log_mask(LOG_GUEST_ERROR, "apic: MMIO %s at unaligned offset "
                      "0x%x\n", what, offset);
        return false;
    }
    return true;
}

uint32_t apic_mmio_read(APICState *s, uint32_t offset)
{
    uint64_t val = 0;

    if (!apic_mmio_check(s, offset, "read")) {
        return 0;
    }
    if (!apic_reg_read_xapic(s, offset >> 4, &val)) {
        apic_error(s, ESR_ILLEGAL_REG);
        val = 0;
    }
    trace_apic_mmio_read(s->initial_id, offset, (uint32_t)val);
    return val;
}

void apic_mmio_write(APICState *s, uint32_t offset, uint32_t value)
{
    if (!apic_mmio_check(s, offset, "write")) {
        return;
    }
    trace_apic_mmio_write(s->initial_id, offset, value);
    if (!apic_reg_write_xapic(s, offset >> 4, value)) {
        int idx = offset >> 4;

        /* Read-only registers ignore writes; others are illegal. */
        if (idx != REG_VER && idx != REG_APR && idx != REG_PPR &&
            idx != REG_RRD && !(idx >= REG_ISR && idx < REG_ESR) &&
            idx != REG_CUR_COUNT) {
            apic_error(s, ESR_ILLEGAL_REG);
        }
    }
}

static uint64_t apic_mr_read(void *opaque, hwaddr addr, unsigned size)
{
    return apic_mmio_read(opaque, addr);
}

static void apic_mr_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
    apic_mmio_write(opaque, addr, val);
}

static const MemoryRegionOps apic_mmio_ops = {
    .read = apic_mr_read,
    .write = apic_mr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

MemoryRegion *apic_mmio_region(APICState *s)
{
    return &s->mmio;
}

/* ---- x2APIC MSRs ---- */

int apic_msr_read(APICState *s, uint32_t msr, uint64_t *value)
{
    int idx = msr - APIC_MSR_FIRST;

    if (msr < APIC_MSR_FIRST || msr > APIC_MSR_LAST ||
        !apic_x2apic_mode(s) || !apic_reg_read(s, idx, value)) {
        trace_apic_msr_gp(s->initial_id, msr, 0);
        return -1;
    }
    trace_apic_msr_read(s->initial_id, msr, *value);
    return 0;
}

/* Bits a WRMSR may set per x2APIC register; 0: not writable (#GP). */
static uint64_t apic_x2_writable(int idx)
{
    switch (idx) {
    case REG_TPR:
        return 0xff;
    case REG_EOI:
    case REG_ESR:
        return 0;
    case REG_SVR:
        return SVR_MASK;
    case REG_ICR_LO:
        return ICR_X2_WRITABLE;
    case REG_LVT ... REG_LVT + LVT_NB - 1:
        return lvt_writable[idx - REG_LVT];
    case REG_INIT_COUNT:
        return 0xffffffff;
    case REG_DCR:
        return 0xb;
    case REG_SELF_IPI:
        return 0xff;
    }
    return 0;
}

static bool apic_x2_write_ok(int idx, uint64_t value)
{
    if (idx == REG_EOI || idx == REG_ESR) {
        return value == 0;
    }
    return apic_x2_writable(idx) && !(value & ~apic_x2_writable(idx));
}

int apic_msr_write(APICState *s, uint32_t msr, uint64_t value)
{
    int idx = msr - APIC_MSR_FIRST;

    if (msr < APIC_MSR_FIRST || msr > APIC_MSR_LAST ||
        !apic_x2apic_mode(s) || !apic_x2_write_ok(idx, value)) {
        trace_apic_msr_gp(s->initial_id, msr, 1);
        return -1;
    }
    trace_apic_msr_write(s->initial_id, msr, value);
    if (idx == REG_ICR_LO) {
        s->icr_lo = value;
        s->icr_hi = value >> 32;
        apic_send_ipi(s, value);
    } else if (idx == REG_SELF_IPI) {
        apic_send_ipi(s, (value & 0xff) | (uint64_t)SH_SELF << 18);
    } else {
        apic_reg_write(s, idx, value);
    }
    return 0;
}

/* ---- accessors ---- */

uint32_t apic_get_id(APICState *s)
{
    return s->initial_id;
}

bool apic_is_bsp(APICState *s)
{
    return s->apicbase & APICBASE_BSP;
}

uint8_t apic_get_tpr(APICState *s)
{
    return s->tpr;
}

void apic_set_tpr(APICState *s, uint8_t tpr)
{
    s->tpr = tpr;
    apic_update_irq(s);
}

uint8_t apic_get_ppr(APICState *s)
{
    return apic_compute_ppr(s);
}

uint64_t apic_ipi_count(APICState *s, APICIPIType type)
{
    g_assert(type < APIC_IPI_MAX);
    return s->ipi_count[type];
}

const char *apic_ipi_type_name(APICIPIType type)
{
    static const char *const names[APIC_IPI_MAX] = {
        [APIC_IPI_FIXED] = "fixed",
        [APIC_IPI_LOWEST] = "lowest",
        [APIC_IPI_SMI] = "smi",
        [APIC_IPI_NMI] = "nmi",
        [APIC_IPI_INIT] = "init",
        [APIC_IPI_INIT_DEASSERT] = "init-deassert",
        [APIC_IPI_STARTUP] = "sipi",
        [APIC_IPI_EXTINT] = "extint",
    };

    g_assert(type < APIC_IPI_MAX);
    return names[type];
}

uint64_t apic_ipi_vector_count(APICState *s, uint8_t vector)
{
    return s->ipi_vector[vector];
}

uint64_t apic_ipi_sender_count(APICState *s, APICState *sender)
{
    return sender->index < s->ipi_from_len ? s->ipi_from[sender->index] : 0;
}

uint64_t apic_msi_count(APICState *s)
{
    return s->msi_count;
}

void apic_ipi_stats_reset(APICState *s)
{
    memset(s->ipi_count, 0, sizeof(s->ipi_count));
    memset(s->ipi_vector, 0, sizeof(s->ipi_vector));
    if (s->ipi_from) {
        memset(s->ipi_from, 0, s->ipi_from_len * sizeof(uint64_t));
    }
    s->msi_count = 0;
}

void apic_set_cpu_ops(APICState *s, const APICCpuOps *ops, void *opaque)
{
    s->ops = ops;
    s->cpu_opaque = opaque;
}

/* ---- bus and object lifecycle ---- */

APICBus *apic_bus_new(QEMUClocks *clocks)
{
    APICBus *bus = g_new0(APICBus, 1);

    bus->clocks = clocks;
    bus->apics = g_ptr_array_new();
    return bus;
}

void apic_bus_free(APICBus *bus)
{
    if (bus) {
        g_ptr_array_free(bus->apics, true);
        g_free(bus);
    }
}

void apic_bus_set_eoi_broadcast(APICBus *bus, APICEOIBroadcastFn *fn,
                                void *opaque)
{
    bus->eoi_fn = fn;
    bus->eoi_opaque = opaque;
}

int apic_bus_count(APICBus *bus)
{
    return bus->apics->len;
}

APICState *apic_bus_get(APICBus *bus, int index)
{
    g_assert(index >= 0 && (unsigned)index < bus->apics->len);
    return g_ptr_array_index(bus->apics, index);
}

APICState *apic_bus_find(APICBus *bus, uint32_t apic_id)
{
    for (unsigned i = 0; i < bus->apics->len; i++) {
        APICState *t = g_ptr_array_index(bus->apics, i);

        if (t->initial_id == apic_id) {
            return t;
        }
    }
    return NULL;
}

APICState *apic_new(APICBus *bus, uint32_t id, bool bsp, Error **errp)
{
    APICState *s;

    if (apic_bus_find(bus, id)) {
        error_setg(errp, "APIC ID %" PRIu32 " is already in use", id);
        return NULL;
    }
    s = APIC(object_new(TYPE_APIC));
    s->bus = bus;
    s->initial_id = id;
    s->bsp = bsp;
    s->index = bus->next_index;
    if (!qdev_realize(DEVICE(s), NULL, errp)) {
        object_unref(OBJECT(s));
        return NULL;
    }
    g_ptr_array_add(bus->apics, s);
    bus->next_index++;
    apic_reset(s);
    return s;
}

void apic_free(APICState *s)
{
    if (s) {
        g_ptr_array_remove(s->bus->apics, s);
        qdev_unrealize(DEVICE(s));
        object_unref(OBJECT(s));
    }
}

static bool apic_realize(DeviceState *dev, Error **errp)
{
    APICState *s = APIC(dev);

    if (!s->bus) {
        error_setg(errp, "apic: create it with apic_new() on an APIC bus");
        return false;
    }
    s->timer = timer_new_ns(s->bus->clocks, QEMU_CLOCK_VIRTUAL,
                            apic_timer_cb, s);
    return true;
}

static void apic_unrealize(DeviceState *dev)
{
    APICState *s = APIC(dev);

    timer_free(s->timer);
    s->timer = NULL;
    g_free(s->ipi_from);
    s->ipi_from = NULL;
    s->ipi_from_len = 0;
}

static void apic_instance_init(Object *obj)
{
    APICState *s = APIC(obj);

    memory_region_init_io(&s->mmio, s, &apic_mmio_ops, s, "apic-mmio",
                          APIC_MMIO_SIZE);
}

static void apic_instance_finalize(Object *obj)
{
    memory_region_finalize(&APIC(obj)->mmio);
}

static void apic_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = apic_realize;
    dc->unrealize = apic_unrealize;
    dc->reset_enter = apic_reset_enter;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = false;
}

static const Property apic_props[] = {
    DEFINE_PROP_UINT32("id", APICState, initial_id, 0, "initial APIC ID"),
    DEFINE_PROP_BOOL("bsp", APICState, bsp, false, "bootstrap processor"),
    DEFINE_PROP_BOOL("x2apic", APICState, x2apic_ok, true,
                     "x2APIC mode may be enabled"),
    DEFINE_PROP_UINT64("timer-freq", APICState, timer_freq, 1000000000,
                       "timer input frequency (Hz)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo apic_type_info = {
    .name = TYPE_APIC,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(APICState),
    .desc = "local APIC",
    .instance_init = apic_instance_init,
    .instance_finalize = apic_instance_finalize,
    .class_init = apic_class_init,
    .props = apic_props,
};
