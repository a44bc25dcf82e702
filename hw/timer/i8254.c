/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Intel 8254 programmable interval timer ("isa-pit"), with the PC's
 * port 0x61 (channel 2 gate, speaker enable, refresh toggle, channel 2
 * output).
 *
 * Interface:
 *   I/O ports:  iobase+0..2 channel counters, iobase+3 control word (write
 *               only, reads 0); 0x61 ("speaker_port") system control B
 *   IRQ:        channel 0 output on ISA IRQ "irq" (0; GSI 2 on the IOAPIC)
 *   Clock:      the counters run at 1193182 Hz on the virtual clock
 *   Properties: iobase (0x40), irq (0), speaker_port (0x61)
 *
 * Implemented: modes 0-5 (6 and 7 alias 2 and 3), LSB / MSB / LSB-then-MSB
 * access, counter latch, read-back (count and status), the gate of
 * channel 2 (rising edge restarts modes 1, 2, 3 and 5).  Not modelled: a
 * low gate pausing modes 0, 2, 3 and 4 (the count keeps running, as in
 * QEMU) and BCD counting (logged under LOG_UNIMP, counts in binary).
 * Channel 0 drives its IRQ with the output level at each transition.
 *
 * Port 0x61 bits: 0 channel 2 gate (rw), 1 speaker data enable (rw),
 * 4 refresh toggle (flips every 15.085 us of virtual time, ro),
 * 5 channel 2 output (ro).  Other bits read 0.
 *
 * Reset values: every channel mode 0, count 0x10000 loaded at reset time,
 * LSB-then-MSB access, gate 1 (channel 2: 0), nothing latched; port 0x61
 * reads 0 apart from the toggles.
 */
#include "qemu/osdep.h"
#include "hw/timer/i8254.h"
#include "hw/core/machine.h"
#include "qemu/timer.h"
#include "qemu/log.h"
#include "trace-hw_timer.h"

enum { RW_LSB = 1, RW_MSB = 2, RW_WORD0 = 3, RW_WORD1 = 4 };

typedef struct PITChannel {
    int64_t load_time;          /* virtual ns the count was loaded */
    int64_t next_transition;    /* channel 0: pending output change */
    uint32_t count;             /* 1..0x10000 */
    uint16_t latched_count;
    uint8_t count_latched;      /* RW_* state of the latched count, or 0 */
    bool status_latched;
    uint8_t status;
    uint8_t read_state, write_state, write_latch, rw_mode;
    uint8_t mode;
    bool bcd;
    bool gate;
} PITChannel;

typedef struct PITState {
    ISADevice parent_obj;
    MemoryRegion io;
    MemoryRegion speaker_io;
    QEMUClocks *clocks;
    QEMUTimer *irq_timer;       /* channel 0 output transitions */
    qemu_irq irq;
    uint32_t iobase;
    uint32_t isairq;
    uint32_t speaker_port;
    bool speaker_data_on;
    PITChannel ch[3];
} PITState;

#define I8254(obj) OBJECT_CHECK(PITState, (obj), TYPE_I8254)

static int64_t pit_now(PITState *s)
{
    return qemu_clock_get_ns(s->clocks, QEMU_CLOCK_VIRTUAL);
}

/* Input clock ticks since the count was loaded. */
static uint64_t pit_ticks(PITChannel *c, int64_t now)
{
    uint64_t ns = now > c->load_time ? now - c->load_time : 0;

    return (uint64_t)((unsigned __int128)ns * PIT_FREQ /
                      NANOSECONDS_PER_SECOND);
}

static uint16_t pit_get_count(PITChannel *c, int64_t now)
{
    uint64_t d = pit_ticks(c, now);

    switch (c->mode) {
    case 2:
        return c->count - d % c->count;
    case 3:
        /* counts down by two, twice per period */
        return c->count - (2 * d) % c->count;
    default:
        return (c->count - d) & 0xffff;
    }
}

static bool pit_get_out(PITChannel *c, int64_t now)
{
    uint64_t d = pit_ticks(c, now);

    switch (c->mode) {
    case 0:
        return d >= c->count;
    case 1:
        return d < c->count;
    case 2:
        return d % c->count == 0 && d != 0;
    case 3:
        return d % c->count < (c->count + 1) / 2;
    default:                    /* 4, 5: one-tick strobe at terminal count */
        return d == c->count;
    }
}

/* Virtual time of the next output change after @now, or -1. */
static int64_t pit_next_transition(PITChannel *c, int64_t now)
{
    uint64_t d = pit_ticks(c, now), base = d - d % c->count, next;
    int64_t t;

    switch (c->mode) {
    case 0:
    case 1:
        if (d >= c->count) {
            return -1;
        }
        next = c->count;
        break;
    case 2:
        if (c->count == 1 && d != 0) {
            return -1;          /* count 1: output stays high */
        }
        next = (d == base && d != 0) ? base + 1 : base + c->count;
        break;
    case 3:
        if (c->count == 1) {
            return -1;          /* count 1: output stays high */
        }
        next = d - base < (c->count + 1) / 2 ? base + (c->count + 1) / 2
                                             : base + c->count;
        break;
    default:
        if (d > c->count) {
            return -1;
        }
        next = d < c->count ? c->count : c->count + 1;
        break;
    }
    /* first ns at which pit_ticks() reaches @next */
    t = c->load_time + (int64_t)(((unsigned __int128)next *
                                  NANOSECONDS_PER_SECOND + PIT_FREQ - 1) /
                                 PIT_FREQ);
    return t > now ? t : now + 1;
}

/* Channel 0: drive the IRQ with the output at @now, arm the next change. */
static void pit_update_irq(PITState *s, int64_t now)
{
    PITChannel *c = &s->ch[0];

    qemu_set_irq(s->irq, pit_get_out(c, now));
    c->next_transition = pit_next_transition(c, now);
    trace_pit_irq(pit_get_out(c, now), c->next_transition);
    if (!s->irq_timer) {
        return;
    }
    if (c->next_transition >= 0) {
        timer_mod_ns(s->irq_timer, c->next_transition);
    } else {
        timer_del(s->irq_timer);
    }
}

static void pit_irq_timer_cb(void *opaque)
{
    PITState *s = opaque;

    pit_update_irq(s, s->ch[0].next_transition);
}

static void pit_load_count(PITState *s, int n, uint32_t val)
{
    PITChannel *c = &s->ch[n];

    c->count = val ? val : 0x10000;
    trace_pit_load_count(n, c->count);
    c->load_time = pit_now(s);
    if (n == 0) {
        pit_update_irq(s, c->load_time);
    }
}

static void pit_set_gate(PITState *s, int n, bool gate)
{
    PITChannel *c = &s->ch[n];

    if (gate && !c->gate && c->mode != 0 && c->mode != 4) {
        /* rising edge: modes 1, 2, 3, 5 restart from the full count */
        c->load_time = pit_now(s);
        if (n == 0) {
            pit_update_irq(s, c->load_time);
        }
    }
    c->gate = gate;
}

static void pit_latch_count(PITState *s, PITChannel *c)
{
    if (!c->count_latched) {
        c->latched_count = pit_get_count(c, pit_now(s));
        c->count_latched = c->rw_mode;
    }
}

static void pit_read_back(PITState *s, uint8_t val)
{
    for (int i = 0; i < 3; i++) {
        PITChannel *c = &s->ch[i];

        if (!(val & (2 << i))) {
            continue;
        }
        if (!(val & 0x20)) {
            pit_latch_count(s, c);
        }
        if (!(val & 0x10) && !c->status_latched) {
            c->status = pit_get_out(c, pit_now(s)) << 7 | c->rw_mode << 4 |
                        c->mode << 1 | c->bcd;
            c->status_latched = true;
        }
    }
}

static void pit_write_control(PITState *s, uint8_t val)
{
    int n = val >> 6;
    PITChannel *c;

    trace_pit_control(val);
    if (n == 3) {
        pit_read_back(s, val);
        return;
    }
    c = &s->ch[n];
    if (((val >> 4) & 3) == 0) {
        pit_latch_count(s, c);
        return;
    }
    c->rw_mode = (val >> 4) & 3;
    c->read_state = c->write_state = c->rw_mode;
    c->mode = (val >> 1) & 7;
    if (c->mode > 5) {
        c->mode -= 4;
    }
    c->bcd = val & 1;
    if (c->bcd) {
        qemu_log_mask(LOG_UNIMP, "i8254: BCD mode, counting in binary\n");
    }
}

static void pit_write_counter(PITState *s, int n, uint8_t val)
{
    PITChannel *c = &s->ch[n];

    switch (c->write_state) {
    case RW_LSB:
        pit_load_count(s, n, val);
        break;
    case RW_MSB:
        pit_load_count(s, n, val << 8);
        break;
    case RW_WORD0:
        c->write_latch = val;
        c->write_state = RW_WORD1;
        break;
    default:
        pit_load_count(s, n, c->write_latch | val << 8);
        c->write_state = RW_WORD0;
        break;
    }
}

static void pit_io_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    PITState *s = opaque;

    if (addr == 3) {
        pit_write_control(s, val);
    } else {
        pit_write_counter(s, addr, val);
    }
}

static uint8_t pit_read_latched(PITChannel *c)
{
    uint8_t ret;

    switch (c->count_latched) {
    case RW_LSB:
        c->count_latched = 0;
        return c->latched_count & 0xff;
    case RW_MSB:
        c->count_latched = 0;
        return c->latched_count >> 8;
    default:                    /* RW_WORD0: LSB now, then MSB */
        ret = c->latched_count & 0xff;
        c->count_latched = RW_MSB;
        return ret;
    }
}

static uint64_t pit_io_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *s = opaque;
    PITChannel *c;
    uint16_t count;

    if (addr == 3) {
        return 0;
    }
    c = &s->ch[addr];
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    if (c->count_latched) {
        return pit_read_latched(c);
    }
    count = pit_get_count(c, pit_now(s));
    switch (c->read_state) {
    case RW_LSB:
        return count & 0xff;
    case RW_MSB:
        return count >> 8;
    case RW_WORD0:
        c->read_state = RW_WORD1;
        return count & 0xff;
    default:
        c->read_state = RW_WORD0;
        return count >> 8;
    }
}

static const MemoryRegionOps pit_io_ops = {
    .read = pit_io_read,
    .write = pit_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

/* DRAM refresh request toggle: every 15.085 us. */
#define PIT_REFRESH_NS 15085

static uint64_t pit_speaker_read(void *opaque, hwaddr addr, unsigned size)
{
    PITState *s = opaque;
    int64_t now = pit_now(s);

    return s->ch[2].gate | s->speaker_data_on << 1 |
           ((now / PIT_REFRESH_NS) & 1) << 4 |
           pit_get_out(&s->ch[2], now) << 5;
}

static void pit_speaker_write(void *opaque, hwaddr addr, uint64_t val,
                              unsigned size)
{
    PITState *s = opaque;

    s->speaker_data_on = (val >> 1) & 1;
    pit_set_gate(s, 2, val & 1);
}

static const MemoryRegionOps pit_speaker_ops = {
    .read = pit_speaker_read,
    .write = pit_speaker_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static bool pit_realize(DeviceState *dev, Error **errp)
{
    PITState *s = I8254(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    if (!isa_check_irq(isa, s->isairq, errp)) {
        return false;
    }
    s->clocks = machine_of(OBJECT(dev))->clocks;
    s->irq = isa_get_irq(isa, s->isairq);
    for (int i = 0; i < 3; i++) {
        s->ch[i].count = 0x10000;       /* never 0, even before reset */
    }
    s->irq_timer = timer_new_ns(s->clocks, QEMU_CLOCK_VIRTUAL,
                                pit_irq_timer_cb, s);
    memory_region_init_io(&s->io, s, &pit_io_ops, s, "pit", 4);
    memory_region_init_io(&s->speaker_io, s, &pit_speaker_ops, s,
                          "pcspk", 1);
    isa_register_ioport(isa, &s->io, s->iobase);
    isa_register_ioport(isa, &s->speaker_io, s->speaker_port);
    return true;
}

static void pit_unrealize(DeviceState *dev)
{
    PITState *s = I8254(dev);

    isa_unregister_ioport(&s->io);
    isa_unregister_ioport(&s->speaker_io);
    timer_free(s->irq_timer);
    s->irq_timer = NULL;
}

static void pit_reset_hold(DeviceState *dev)
{
    PITState *s = I8254(dev);

    s->speaker_data_on = false;
    for (int i = 0; i < 3; i++) {
        PITChannel *c = &s->ch[i];

        memset(c, 0, sizeof(*c));
        c->rw_mode = c->read_state = c->write_state = RW_WORD0;
        c->gate = i != 2;
        pit_load_count(s, i, 0);
    }
}

static void pit_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pit_realize;
    dc->unrealize = pit_unrealize;
    dc->reset_hold = pit_reset_hold;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = false;
}

static const Property pit_props[] = {
    DEFINE_PROP_UINT32("iobase", PITState, iobase, 0x40, "I/O base"),
    DEFINE_PROP_UINT32("irq", PITState, isairq, 0, "ISA IRQ of channel 0"),
    DEFINE_PROP_UINT32("speaker_port", PITState, speaker_port, 0x61,
                       "system control port B (channel 2 gate)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo i8254_type_info = {
    .name = TYPE_I8254,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PITState),
    .desc = "Intel 8254 interval timer",
    .class_init = pit_class_init,
    .props = pit_props,
};
