/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "isa-serial": a 16550A UART (hw/char/serial.c) on the ISA bus.
 *
 * Interface:
 *   I/O ports:  iobase .. iobase+7 (the UART registers)
 *   IRQ:        ISA IRQ "irq"
 *   Properties: index (0..3, or -1: the next free one), iobase and irq
 *               (defaults by index: 0x3f8/4, 0x2f8/3, 0x3e8/4, 0x2e8/3),
 *               chardev (id of the backend; unset: the chardev
 *               "serial<index>" from -serial, looked up at realize and,
 *               since -serial backends are made after the board, again
 *               at each reset)
 * Reset values: those of the UART core.
 */
#include "qemu/osdep.h"
#include "hw/char/serial-isa.h"
#include "hw/char/serial.h"
#include "hw/core/machine.h"

typedef struct ISASerialState {
    ISADevice parent_obj;
    MemoryRegion io;
    SerialState state;
    int32_t index;
    uint32_t iobase;
    uint32_t isairq;
    char *chardev;
} ISASerialState;

#define ISA_SERIAL(obj) OBJECT_CHECK(ISASerialState, (obj), TYPE_ISA_SERIAL)
#define ISA_SERIAL_UNSET UINT32_MAX

static const uint16_t isa_serial_io[MAX_ISA_SERIAL_PORTS] = {
    0x3f8, 0x2f8, 0x3e8, 0x2e8
};
static const uint8_t isa_serial_irq[MAX_ISA_SERIAL_PORTS] = { 4, 3, 4, 3 };

typedef struct SerialSearch {
    ISASerialState *self;
    uint32_t used;              /* bit per index taken by another port */
} SerialSearch;

static void isa_serial_visit(Object *obj, void *opaque)
{
    SerialSearch *ss = opaque;
    Object *o = object_dynamic_cast(obj, TYPE_ISA_SERIAL);

    if (o && ISA_SERIAL(o) != ss->self && DEVICE(o)->realized &&
        ISA_SERIAL(o)->index >= 0) {
        ss->used |= 1u << ISA_SERIAL(o)->index;
    }
    object_foreach_child(obj, isa_serial_visit, opaque);
}

static bool isa_serial_pick_index(ISASerialState *s, Error **errp)
{
    SerialSearch ss = { .self = s };

    isa_serial_visit(object_get_root(OBJECT(s)), &ss);
    if (s->index < 0) {
        for (s->index = 0; s->index < MAX_ISA_SERIAL_PORTS &&
                           (ss.used & (1u << s->index)); s->index++) {
            continue;
        }
    }
    if (s->index >= MAX_ISA_SERIAL_PORTS) {
        error_setg(errp, "Max. supported number of ISA serial ports is %d.",
                   MAX_ISA_SERIAL_PORTS);
        return false;
    }
    return true;
}

/* The -serial backend for our index, unless chardev= chose one. */
static void isa_serial_attach_hd(ISASerialState *s)
{
    Chardev *chr;

    if (s->state.chr || (s->chardev && *s->chardev)) {
        return;
    }
    chr = serial_hd(machine_of(OBJECT(s)), s->index);
    if (chr && !chardev_is_busy(chr)) {
        serial_core_set_chardev(&s->state, chr);
    }
}

static bool isa_serial_attach(ISASerialState *s, Error **errp)
{
    MachineState *ms = machine_of(OBJECT(s));
    Chardev *chr;

    if (!s->chardev || !*s->chardev) {
        isa_serial_attach_hd(s);
        return true;
    }
    chr = chardev_find(ms->chardevs, s->chardev);
    if (!chr) {
        error_setg(errp, "Property 'isa-serial.chardev' can't find value "
                   "'%s'", s->chardev);
        return false;
    }
    if (chardev_is_busy(chr)) {
        error_setg(errp, "Property 'isa-serial.chardev' can't take value "
                   "'%s', it's in use", s->chardev);
        return false;
    }
    serial_core_set_chardev(&s->state, chr);
    return true;
}

static bool isa_serial_realize(DeviceState *dev, Error **errp)
{
    ISASerialState *s = ISA_SERIAL(dev);
    ISADevice *isa = ISA_DEVICE(dev);

    if (!isa_serial_pick_index(s, errp)) {
        return false;
    }
    if (s->iobase == ISA_SERIAL_UNSET) {
        s->iobase = isa_serial_io[s->index];
    }
    if (s->isairq == ISA_SERIAL_UNSET) {
        s->isairq = isa_serial_irq[s->index];
    }
    if (!isa_check_irq(isa, s->isairq, errp)) {
        return false;
    }
    serial_core_realize(&s->state, dev);
    if (!isa_serial_attach(s, errp)) {
        serial_core_unrealize(&s->state);
        return false;
    }
    s->state.irq = isa_get_irq(isa, s->isairq);
    memory_region_init_io(&s->io, s, &serial_io_ops, &s->state, "serial", 8);
    isa_register_ioport(isa, &s->io, s->iobase);
    return true;
}

static void isa_serial_unrealize(DeviceState *dev)
{
    ISASerialState *s = ISA_SERIAL(dev);

    isa_unregister_ioport(&s->io);
    serial_core_unrealize(&s->state);
}

static void isa_serial_reset_hold(DeviceState *dev)
{
    ISASerialState *s = ISA_SERIAL(dev);

    /* -serial backends are made after the board: look again at reset */
    isa_serial_attach_hd(s);
    serial_core_reset(&s->state);
}

static void isa_serial_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = isa_serial_realize;
    dc->unrealize = isa_serial_unrealize;
    dc->reset_hold = isa_serial_reset_hold;
    /*
     * QEMU lists serial ports under "Input devices"; we keep them in Misc
     * until tests/cli stops assuming "-device help" starts with Misc.
     */
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
}

static const Property isa_serial_props[] = {
    DEFINE_PROP_INT32("index", ISASerialState, index, -1,
                      "port number 0..3 (-1: next free)"),
    DEFINE_PROP_UINT32("iobase", ISASerialState, iobase, ISA_SERIAL_UNSET,
                       "I/O base (default by index)"),
    DEFINE_PROP_UINT32("irq", ISASerialState, isairq, ISA_SERIAL_UNSET,
                       "ISA IRQ (default by index)"),
    DEFINE_PROP_STRING("chardev", ISASerialState, chardev,
                       "ID of a chardev to use as a backend"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo isa_serial_type_info = {
    .name = TYPE_ISA_SERIAL,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(ISASerialState),
    .desc = "16550A UART on the ISA bus",
    .class_init = isa_serial_class_init,
    .props = isa_serial_props,
};
