/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ISA bus and its bridge: the bridge owns bus "isa.0" and the board's
 * ISA IRQ lines; ISA devices map their ports into the machine's I/O space.
 * Contract in include/hw/isa/isa.h.
 */
#include "qemu/osdep.h"
#include "hw/isa/isa.h"
#include "hw/core/machine.h"

static void isa_device_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_ISA_BUS;
}

const TypeInfo isa_device_type_info = {
    .name = TYPE_ISA_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(ISADevice),
    .abstract = true,
    .class_init = isa_device_class_init,
};

static void isa_bridge_instance_init(Object *obj)
{
    ISABridge *b = ISA_BRIDGE(obj);

    b->bus = qbus_new(TYPE_ISA_BUS, DEVICE(obj), "isa.0");
    object_property_add_child(obj, "isa.0", OBJECT(b->bus));
    object_unref(OBJECT(b->bus));
}

static void isa_bridge_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->category = DEVICE_CATEGORY_BRIDGE;
    dc->user_creatable = false;
}

const TypeInfo isa_bridge_type_info = {
    .name = TYPE_ISA_BRIDGE,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(ISABridge),
    .desc = "ISA bus owner: ports and IRQ wiring of bus isa.0",
    .instance_init = isa_bridge_instance_init,
    .class_init = isa_bridge_class_init,
};

void isa_bridge_set_irqs(ISABridge *bridge, const qemu_irq *irqs)
{
    memcpy(bridge->irqs, irqs, sizeof(bridge->irqs));
}

BusState *isa_bus_find(DeviceState *dev)
{
    return qbus_find_by_type(object_get_root(OBJECT(dev)), TYPE_ISA_BUS);
}

static ISABridge *isa_bridge_of(DeviceState *dev)
{
    BusState *bus = isa_bus_find(dev);

    if (!bus || !bus->parent) {
        return NULL;
    }
    return (ISABridge *)object_dynamic_cast(OBJECT(bus->parent),
                                            TYPE_ISA_BRIDGE);
}

bool isa_check_irq(ISADevice *dev, uint32_t n, Error **errp)
{
    if (n >= ISA_NUM_IRQS) {
        error_setg(errp, "Invalid ISA IRQ %u (must be 0..%d)", n,
                   ISA_NUM_IRQS - 1);
        return false;
    }
    return true;
}

qemu_irq isa_get_irq(ISADevice *dev, int n)
{
    ISABridge *b = isa_bridge_of(DEVICE(dev));

    g_assert(n >= 0 && n < ISA_NUM_IRQS);
    return b ? b->irqs[n] : NULL;
}

void isa_register_ioport(ISADevice *dev, MemoryRegion *mr, uint16_t port)
{
    MachineState *ms = machine_of(OBJECT(dev));

    memory_region_add_subregion(ms->io_memory, port, mr);
}

void isa_unregister_ioport(MemoryRegion *mr)
{
    memory_region_finalize(mr);
}
