/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm PrimeCell real-time clock PL031 ("pl031").
 *
 * Interface:
 *   MMIO 0:  4 KiB of 32-bit registers (4-byte accesses)
 *   IRQ 0:   RTCINTR, RIS & IMSC
 *   Clock:   a 1 Hz counter on the virtual clock, starting at the host's
 *            UTC time (seconds since the epoch) at realize; it counts
 *            whole seconds of virtual time
 *
 * Registers (reset value): DR (RO, the counter), MR (0, match), LR (the
 * last value loaded; writing it sets the counter), CR (RTCStart: reads 1,
 * writes ignored; the clock always runs, as on QEMU), IMSC (0), RIS (0),
 * MIS (RIS & IMSC), ICR (WO, write 1 to clear), IDs at 0xFE0..0xFFC.
 *
 * RIS is set when the counter reaches MR.  As on QEMU, a match value at or
 * behind the counter (in 32-bit modular distance, i.e. up to 2^31 s back)
 * matches at once when MR or LR is written.  Reset keeps the time.
 */
#include "qemu/osdep.h"
#include "hw/core/sysbus.h"
#include "hw/rtc/pl031.h"
#include "hw/core/machine.h"
#include "qemu/timer.h"
#include "qemu/log.h"
#include "trace-hw_rtc.h"

enum {
    PL031_DR = 0x00, PL031_MR = 0x04, PL031_LR = 0x08, PL031_CR = 0x0c,
    PL031_IMSC = 0x10, PL031_RIS = 0x14, PL031_MIS = 0x18,
    PL031_ICR = 0x1c, PL031_ID = 0xfe0,
};

typedef struct PL031State {
    SysBusDevice parent_obj;
    MemoryRegion iomem;
    qemu_irq irq;
    QEMUClocks *clocks;
    QEMUTimer *match_timer;

    uint32_t tick_offset;       /* counter = tick_offset + vclock seconds */
    uint32_t mr, lr;
    uint8_t imsc, ris;
} PL031State;

#define PL031(obj) OBJECT_CHECK(PL031State, (obj), TYPE_PL031)

static const uint8_t pl031_id[8] = {
    0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

static void pl031_update_irq(PL031State *s)
{
    trace_pl031_irq(s->ris & s->imsc);
    qemu_set_irq(s->irq, s->ris & s->imsc);
}

static int64_t pl031_vclock_s(PL031State *s)
{
    return qemu_clock_get_ns(s->clocks, QEMU_CLOCK_VIRTUAL) /
           NANOSECONDS_PER_SECOND;
}

static uint32_t pl031_count(PL031State *s)
{
    return s->tick_offset + (uint32_t)pl031_vclock_s(s);
}

/* Arm the match for the second at which the counter reaches MR. */
static void pl031_set_alarm(PL031State *s)
{
    int32_t ticks = s->mr - pl031_count(s);

    if (ticks <= 0) {
        timer_del(s->match_timer);
        s->ris = 1;
        return;
    }
    timer_mod_ns(s->match_timer,
                 (pl031_vclock_s(s) + ticks) * NANOSECONDS_PER_SECOND);
}

static void pl031_match_cb(void *opaque)
{
    PL031State *s = opaque;

    s->ris = 1;
    pl031_update_irq(s);
}

static uint64_t pl031_read(void *opaque, hwaddr off, unsigned size)
{
    PL031State *s = opaque;
    uint32_t val;

    switch (off) {
    case PL031_DR:
        val = pl031_count(s);
        break;
    case PL031_MR:
        val = s->mr;
        break;
    case PL031_LR:
        val = s->lr;
        break;
    case PL031_CR:
        val = 1;
        break;
    case PL031_IMSC:
        val = s->imsc;
        break;
    case PL031_RIS:
        val = s->ris;
        break;
    case PL031_MIS:
        val = s->ris & s->imsc;
        break;
    case PL031_ID ... PL031_ID + 0x1c:
        val = pl031_id[(off - PL031_ID) >> 2];
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031: read of unknown or "
                      "write-only register 0x%" HWADDR_PRIx "\n", off);
        val = 0;
        break;
    }
    trace_pl031_read(off, val);
    return val;
}

static void pl031_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    PL031State *s = opaque;

    trace_pl031_write(off, val);
    switch (off) {
    case PL031_MR:
        s->mr = val;
        pl031_set_alarm(s);
        break;
    case PL031_LR:
        s->lr = val;
        s->tick_offset = val - (uint32_t)pl031_vclock_s(s);
        pl031_set_alarm(s);
        break;
    case PL031_CR:
        break;                  /* the clock always runs */
    case PL031_IMSC:
        s->imsc = val & 1;
        break;
    case PL031_ICR:
        s->ris &= ~val;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "pl031: write to read-only or "
                      "unknown register 0x%" HWADDR_PRIx "\n", off);
        break;
    }
    pl031_update_irq(s);
}

static const MemoryRegionOps pl031_ops = {
    .read = pl031_read,
    .write = pl031_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static MemoryRegion *pl031_mmio(SysBusDevice *sbd, int n)
{
    return n == 0 ? &PL031(sbd)->iomem : NULL;
}

static void pl031_init(Object *obj)
{
    PL031State *s = PL031(obj);

    memory_region_init_io(&s->iomem, s, &pl031_ops, s, "pl031", 0x1000);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
}

static void pl031_finalize(Object *obj)
{
    memory_region_finalize(&PL031(obj)->iomem);
}

static bool pl031_realize(DeviceState *dev, Error **errp)
{
    PL031State *s = PL031(dev);
    int64_t host_s;

    s->clocks = machine_of(OBJECT(dev))->clocks;
    host_s = qemu_clock_get_ns(s->clocks, QEMU_CLOCK_HOST) /
             NANOSECONDS_PER_SECOND;
    s->tick_offset = (uint32_t)host_s - (uint32_t)pl031_vclock_s(s);
    s->match_timer = timer_new_ns(s->clocks, QEMU_CLOCK_VIRTUAL,
                                  pl031_match_cb, s);
    return true;
}

static void pl031_unrealize(DeviceState *dev)
{
    PL031State *s = PL031(dev);

    timer_free(s->match_timer);
    s->match_timer = NULL;
}

static void pl031_reset_enter(DeviceState *dev)
{
    PL031State *s = PL031(dev);

    timer_del(s->match_timer);
    s->mr = 0;
    s->lr = 0;
    s->imsc = 0;
    s->ris = 0;
}

static void pl031_reset_hold(DeviceState *dev)
{
    pl031_update_irq(PL031(dev));
}

static void pl031_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pl031_realize;
    dc->unrealize = pl031_unrealize;
    dc->reset_enter = pl031_reset_enter;
    dc->reset_hold = pl031_reset_hold;
    dc->category = DEVICE_CATEGORY_MISC;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = pl031_mmio;
}

const TypeInfo pl031_type_info = {
    .name = TYPE_PL031,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PL031State),
    .instance_init = pl031_init,
    .instance_finalize = pl031_finalize,
    .class_init = pl031_class_init,
    .desc = "Arm PrimeCell PL031 real-time clock",
};
