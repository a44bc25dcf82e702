/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * System bus devices: MMIO regions named by a class hook, IRQ outputs in
 * the "sysbus-irq" GPIO list, and the board helpers that map and wire
 * them.  Contract in include/hw/core/sysbus.h.
 */
#include "qemu/osdep.h"
#include "hw/core/sysbus.h"
#include "hw/core/machine.h"

const TypeInfo sys_bus_device_type_info = {
    .name = TYPE_SYS_BUS_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(SysBusDevice),
    .class_size = sizeof(SysBusDeviceClass),
    .abstract = true,
};

MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n)
{
    SysBusDeviceClass *sbc = SYS_BUS_DEVICE_GET_CLASS(dev);

    return sbc->mmio ? sbc->mmio(dev, n) : NULL;
}

void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority)
{
    MachineState *ms = machine_of(OBJECT(dev));
    MemoryRegion *mr = sysbus_mmio_get_region(dev, n);

    g_assert(mr);
    memory_region_add_subregion_overlap(ms->system_memory, addr, mr,
                                        priority);
}

void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr)
{
    MachineState *ms = machine_of(OBJECT(dev));
    MemoryRegion *mr = sysbus_mmio_get_region(dev, n);

    g_assert(mr);
    memory_region_add_subregion(ms->system_memory, addr, mr);
}

void sysbus_mmio_unmap(SysBusDevice *dev, int n)
{
    MemoryRegion *mr = sysbus_mmio_get_region(dev, n);

    if (mr && mr->container) {
        memory_region_del_subregion(mr->container, mr);
    }
}

void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p)
{
    qdev_init_gpio_out_named(DEVICE(dev), p, SYSBUS_DEVICE_GPIO_IRQ, 1);
}

void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq)
{
    qdev_connect_gpio_out_named(DEVICE(dev), SYSBUS_DEVICE_GPIO_IRQ, n, irq);
}

qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n)
{
    NamedGPIOList *l = qdev_get_named_gpio_list(DEVICE(dev),
                                                SYSBUS_DEVICE_GPIO_IRQ);

    g_assert(l && n >= 0 && n < l->num_out);
    return *l->out[n];
}

bool sysbus_add_board_device(MachineState *ms, DeviceState *dev,
                             const char *name, BusState *bus, Error **errp)
{
    if (name) {
        object_property_add_child(OBJECT(ms), name, OBJECT(dev));
    } else {
        machine_add_unattached(ms, OBJECT(dev));
    }
    if (!qdev_realize(dev, bus, errp)) {
        object_unparent(OBJECT(dev));
        return false;
    }
    return true;
}

DeviceState *sysbus_create_simple(MachineState *ms, const char *type,
                                  const char *name, hwaddr addr,
                                  qemu_irq irq, Error **errp)
{
    DeviceState *dev = DEVICE(object_new(type));
    bool ok = sysbus_add_board_device(ms, dev, name, ms->sysbus, errp);

    /* The tree holds the device now (or it failed and is gone). */
    object_unref(OBJECT(dev));
    if (!ok) {
        return NULL;
    }
    if (addr != HWADDR_MAX) {
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, addr);
    }
    if (irq) {
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, irq);
    }
    return dev;
}
