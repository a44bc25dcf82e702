/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Intel 8259A programmable interrupt controller ("isa-i8259"), one chip
 * per device; the PC has a master and a slave cascaded on master input 2.
 *
 * Interface:
 *   I/O ports:  iobase+0 (ICW1, OCW2, OCW3 / IRR, ISR, poll),
 *               iobase+1 (ICW2-4, OCW1 / IMR), elcr_addr (ELCR, 1 byte)
 *   GPIO in:    unnamed-gpio-in 0..7, the IRQ request lines (level high)
 *   GPIO out:   unnamed-gpio-out 0, INT (to the CPU's INTR, or master IR2)
 *   Properties: iobase (0x20), elcr_addr (0x4d0), elcr_mask (0xff),
 *               master (true), slave (link: the cascaded PIC, master only)
 *   Functions:  pic_read_irq() (INTA), pic_get_output()
 *
 * Implemented: ICW1-ICW4 (edge/level via LTIM, single mode, AEOI, special
 * fully nested), OCW1 mask, OCW2 (non-specific/specific EOI, rotation,
 * set priority), OCW3 (read IRR/ISR, poll, special mask), ELCR per-line
 * level mode, spurious IRQ 7/15.  Buffered mode, 8080 mode (ICW4 uPM=0)
 * and the call address of MCS-80 mode are ignored (x86 never uses them).
 *
 * Reset values: IRR, ISR, IMR, ELCR = 0, vector base 0, priority IR0
 * highest, read register IRR, no AEOI, no special modes.
 */
#include "qemu/osdep.h"
#include "hw/intc/i8259.h"
#include "qemu/log.h"
#include "trace-hw_intc.h"

typedef struct PICState {
    ISADevice parent_obj;
    MemoryRegion io;
    MemoryRegion elcr_io;
    qemu_irq int_out;

    /* properties */
    uint32_t iobase;
    uint32_t elcr_addr;
    uint8_t elcr_mask;
    bool master;
    Object *slave;

    /* registers */
    uint8_t irr, imr, isr;
    uint8_t elcr;
    uint8_t last_irr;           /* input levels, for edge detection */
    uint8_t priority_add;       /* lowest-priority line + 1 (rotation) */
    uint8_t irq_base;
    uint8_t init_state;         /* 0 ready, 1-3: expecting ICW2-ICW4 */
    bool read_isr;
    bool poll;
    bool special_mask;
    bool auto_eoi;
    bool rotate_on_aeoi;
    bool sfnm;                  /* special fully nested mode */
    bool init4;
    bool single;
    bool ltim;                  /* ICW1 level-triggered mode, all lines */
} PICState;

#define I8259(obj) OBJECT_CHECK(PICState, (obj), TYPE_I8259)

/* Lines in level mode: ICW1.LTIM for all, or per line from the ELCR. */
static uint8_t pic_level_lines(PICState *s)
{
    return s->ltim ? 0xff : s->elcr;
}

/* Priority rank (0 = highest) of the best line in @mask; 8 if none. */
static int pic_priority(PICState *s, uint8_t mask)
{
    int prio = 0;

    if (!mask) {
        return 8;
    }
    while (!(mask & (1 << ((prio + s->priority_add) & 7)))) {
        prio++;
    }
    return prio;
}

/* The line the PIC would present now, or -1. */
static int pic_pending_irq(PICState *s)
{
    int prio = pic_priority(s, s->irr & ~s->imr);
    uint8_t in_service = s->isr;

    if (prio == 8) {
        return -1;
    }
    if (s->special_mask) {
        in_service &= ~s->imr;
    }
    if (s->sfnm && s->master) {
        /* the slave may interrupt its own in-service request */
        in_service &= ~(1 << 2);
    }
    if (prio < pic_priority(s, in_service)) {
        return (prio + s->priority_add) & 7;
    }
    return -1;
}

static void pic_update_irq(PICState *s)
{
    qemu_set_irq(s->int_out, pic_pending_irq(s) >= 0);
}

static void pic_set_irq(void *opaque, int n, int level)
{
    PICState *s = I8259(opaque);
    uint8_t mask = 1 << n;

    trace_pic_set_irq(s->master, n, level);
    if (pic_level_lines(s) & mask) {
        s->irr = level ? (s->irr | mask) : (s->irr & ~mask);
    } else if (level && !(s->last_irr & mask)) {
        s->irr |= mask;
    }
    s->last_irr = level ? (s->last_irr | mask) : (s->last_irr & ~mask);
    pic_update_irq(s);
}

/* Acknowledge line @irq: into ISR (or AEOI), edge requests consumed. */
static void pic_intack(PICState *s, int irq)
{
    if (s->auto_eoi) {
        if (s->rotate_on_aeoi) {
            s->priority_add = (irq + 1) & 7;
        }
    } else {
        s->isr |= 1 << irq;
    }
    if (!(pic_level_lines(s) & (1 << irq))) {
        s->irr &= ~(1 << irq);
    }
    pic_update_irq(s);
}

int pic_read_irq(DeviceState *master)
{
    PICState *m = I8259(master);
    PICState *sl = m->slave ? I8259(m->slave) : NULL;
    int irq = pic_pending_irq(m);
    int irq2;

    if (irq < 0) {
        /* the request went away before INTA: spurious IRQ 7 */
        trace_pic_read_irq(m->irq_base + 7);
        return m->irq_base + 7;
    }
    if (irq == 2 && sl) {
        irq2 = pic_pending_irq(sl);
        if (irq2 >= 0) {
            pic_intack(sl, irq2);
        } else {
            irq2 = 7;           /* spurious IRQ 15: slave ISR untouched */
        }
        pic_intack(m, irq);
        trace_pic_read_irq(sl->irq_base + irq2);
        return sl->irq_base + irq2;
    }
    pic_intack(m, irq);
    trace_pic_read_irq(m->irq_base + irq);
    return m->irq_base + irq;
}

bool pic_get_output(DeviceState *pic)
{
    return pic_pending_irq(I8259(pic)) >= 0;
}

/* Poll command: the read that follows acts as an INTA. */
static uint8_t pic_poll_read(PICState *s)
{
    int irq = pic_pending_irq(s);

    if (irq < 0) {
        return 0;
    }
    pic_intack(s, irq);
    return 0x80 | irq;
}

static void pic_init_reset(PICState *s)
{
    s->last_irr = 0;
    s->irr = s->imr = s->isr = 0;
    s->priority_add = 0;
    s->irq_base = 0;
    s->read_isr = s->poll = s->special_mask = false;
    s->init_state = 0;
    s->auto_eoi = s->rotate_on_aeoi = s->sfnm = false;
    s->init4 = s->single = s->ltim = false;
}

static void pic_icw1(PICState *s, uint8_t val)
{
    pic_init_reset(s);
    s->init_state = 1;
    s->init4 = val & 1;
    s->single = val & 2;
    s->ltim = val & 8;
    if (val & 4) {
        qemu_log_mask(LOG_UNIMP, "i8259: call address interval 4 ignored\n");
    }
    pic_update_irq(s);
}

static void pic_eoi(PICState *s, int irq, bool rotate)
{
    s->isr &= ~(1 << irq);
    if (rotate) {
        s->priority_add = (irq + 1) & 7;
    }
}

static void pic_ocw2(PICState *s, uint8_t val)
{
    int cmd = val >> 5;
    int prio;

    switch (cmd) {
    case 0:                     /* clear rotate in AEOI mode */
    case 4:                     /* set rotate in AEOI mode */
        s->rotate_on_aeoi = cmd == 4;
        break;
    case 1:                     /* non-specific EOI */
    case 5:                     /* rotate on non-specific EOI */
        prio = pic_priority(s, s->isr);
        if (prio != 8) {
            pic_eoi(s, (prio + s->priority_add) & 7, cmd == 5);
        }
        break;
    case 3:                     /* specific EOI */
    case 7:                     /* rotate on specific EOI */
        pic_eoi(s, val & 7, cmd == 7);
        break;
    case 6:                     /* set priority: IR(val) lowest */
        s->priority_add = (val + 1) & 7;
        break;
    default:                    /* 2: no operation */
        break;
    }
    pic_update_irq(s);
}

static void pic_ocw3(PICState *s, uint8_t val)
{
    if (val & 4) {
        s->poll = true;
    }
    if (val & 2) {
        s->read_isr = val & 1;
    }
    if (val & 0x40) {
        s->special_mask = (val >> 5) & 1;
    }
    pic_update_irq(s);
}

static void pic_write_data(PICState *s, uint8_t val)
{
    switch (s->init_state) {
    case 0:                     /* OCW1 */
        s->imr = val;
        pic_update_irq(s);
        break;
    case 1:                     /* ICW2 */
        s->irq_base = val & 0xf8;
        s->init_state = s->single ? (s->init4 ? 3 : 0) : 2;
        break;
    case 2:                     /* ICW3: cascade wiring is fixed */
        s->init_state = s->init4 ? 3 : 0;
        break;
    default:                    /* ICW4 */
        s->sfnm = (val >> 4) & 1;
        s->auto_eoi = (val >> 1) & 1;
        if (!(val & 1)) {
            qemu_log_mask(LOG_UNIMP, "i8259: 8080/8085 mode ignored\n");
        }
        s->init_state = 0;
        break;
    }
}

static void pic_io_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    PICState *s = opaque;

    trace_pic_io_write(s->master, addr, val);
    if (addr == 1) {
        pic_write_data(s, val);
    } else if (val & 0x10) {
        pic_icw1(s, val);
    } else if (val & 0x08) {
        pic_ocw3(s, val);
    } else {
        pic_ocw2(s, val);
    }
}

static uint64_t pic_io_read(void *opaque, hwaddr addr, unsigned size)
{
    PICState *s = opaque;

    if (s->poll) {
        s->poll = false;
        return pic_poll_read(s);
    }
    if (addr == 1) {
        return s->imr;
    }
    return s->read_isr ? s->isr : s->irr;
}

static const MemoryRegionOps pic_io_ops = {
    .read = pic_io_read,
    .write = pic_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static uint64_t pic_elcr_read(void *opaque, hwaddr addr, unsigned size)
{
    return ((PICState *)opaque)->elcr;
}

static void pic_elcr_write(void *opaque, hwaddr addr, uint64_t val,
                           unsigned size)
{
    PICState *s = opaque;

    s->elcr = val & s->elcr_mask;
    pic_update_irq(s);
}

static const MemoryRegionOps pic_elcr_ops = {
    .read = pic_elcr_read,
    .write = pic_elcr_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

static bool pic_realize(DeviceState *dev, Error **errp)
{
    PICState *s = I8259(dev);

    memory_region_init_io(&s->io, s, &pic_io_ops, s, "pic", 2);
    memory_region_init_io(&s->elcr_io, s, &pic_elcr_ops, s, "elcr", 1);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, s->iobase);
    isa_register_ioport(ISA_DEVICE(dev), &s->elcr_io, s->elcr_addr);
    return true;
}

static void pic_unrealize(DeviceState *dev)
{
    PICState *s = I8259(dev);

    isa_unregister_ioport(&s->io);
    isa_unregister_ioport(&s->elcr_io);
}

static void pic_reset_enter(DeviceState *dev)
{
    PICState *s = I8259(dev);

    pic_init_reset(s);
    s->elcr = 0;
}

static void pic_reset_hold(DeviceState *dev)
{
    pic_update_irq(I8259(dev));
}

static void pic_instance_init(Object *obj)
{
    PICState *s = I8259(obj);

    qdev_init_gpio_in(DEVICE(obj), pic_set_irq, 8);
    qdev_init_gpio_out(DEVICE(obj), &s->int_out, 1);
}

static void pic_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pic_realize;
    dc->unrealize = pic_unrealize;
    dc->reset_enter = pic_reset_enter;
    dc->reset_hold = pic_reset_hold;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = false;
}

static const Property pic_props[] = {
    DEFINE_PROP_UINT32("iobase", PICState, iobase, 0x20, "I/O base"),
    DEFINE_PROP_UINT32("elcr_addr", PICState, elcr_addr, 0x4d0,
                       "edge/level control register port"),
    DEFINE_PROP_UINT8("elcr_mask", PICState, elcr_mask, 0xff,
                      "ELCR bits that may be set"),
    DEFINE_PROP_BOOL("master", PICState, master, true, "master PIC"),
    DEFINE_PROP_LINK("slave", PICState, slave, TYPE_I8259,
                     "the cascaded slave (master only)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo i8259_type_info = {
    .name = TYPE_I8259,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(PICState),
    .desc = "Intel 8259A interrupt controller",
    .instance_init = pic_instance_init,
    .class_init = pic_class_init,
    .props = pic_props,
};
