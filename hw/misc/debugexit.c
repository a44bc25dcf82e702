/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "isa-debug-exit": a port that ends the emulator, for test guests.
 *
 * Interface:
 *   I/O ports:  iobase .. iobase+iosize-1; writing V (any width up to 4
 *               bytes) requests exit with status (V << 1) | 1, so a guest
 *               can never produce status 0 (the process status keeps the
 *               low 8 bits, as with QEMU); reads return 0
 *   Properties: iobase (0x501), iosize (2)
 * No IRQs, no clocks, no state to reset.
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "hw/core/machine.h"

#define TYPE_ISA_DEBUG_EXIT "isa-debug-exit"

typedef struct DebugExitState {
    ISADevice parent_obj;
    MemoryRegion io;
    uint32_t iobase;
    uint32_t iosize;
} DebugExitState;

#define ISA_DEBUG_EXIT(obj) \
    OBJECT_CHECK(DebugExitState, (obj), TYPE_ISA_DEBUG_EXIT)

static uint64_t debug_exit_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void debug_exit_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    DebugExitState *s = opaque;

    qemu_system_exit_request(machine_of(OBJECT(s)), (int)((val << 1) | 1));
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4, .unaligned = true },
};

static bool debug_exit_realize(DeviceState *dev, Error **errp)
{
    DebugExitState *s = ISA_DEBUG_EXIT(dev);

    if (s->iosize == 0 || s->iobase + (uint64_t)s->iosize > 0x10000) {
        error_setg(errp, "isa-debug-exit: iobase 0x%x and iosize %u do not "
                   "fit the I/O space", s->iobase, s->iosize);
        return false;
    }
    memory_region_init_io(&s->io, s, &debug_exit_ops, s, "isa-debug-exit",
                          s->iosize);
    isa_register_ioport(ISA_DEVICE(dev), &s->io, s->iobase);
    return true;
}

static void debug_exit_unrealize(DeviceState *dev)
{
    isa_unregister_ioport(&ISA_DEBUG_EXIT(dev)->io);
}

static void debug_exit_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = debug_exit_realize;
    dc->unrealize = debug_exit_unrealize;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
}

static const Property debug_exit_props[] = {
    DEFINE_PROP_UINT32("iobase", DebugExitState, iobase, 0x501, "I/O base"),
    DEFINE_PROP_UINT32("iosize", DebugExitState, iosize, 0x02,
                       "I/O size in bytes"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo debug_exit_type_info = {
    .name = TYPE_ISA_DEBUG_EXIT,
    .parent = TYPE_ISA_DEVICE,
    .instance_size = sizeof(DebugExitState),
    .desc = "exits the emulator with status (value << 1) | 1",
    .class_init = debug_exit_class_init,
    .props = debug_exit_props,
};
