/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * System bus devices: devices that sit directly on the machine's memory
 * bus, with MMIO regions a board maps at fixed addresses and IRQ outputs
 * it wires to an interrupt controller.
 *
 * A device says which regions it has through its class hook mmio(dev, n)
 * (region n, NULL past the last one), so the regions stay fields of the
 * device's own state and nothing is recorded per instance.  IRQ outputs
 * are the named GPIO output list "sysbus-irq" (QEMU's name), registered
 * one line at a time with sysbus_init_irq().
 *
 *   static MemoryRegion *foo_mmio(SysBusDevice *sbd, int n)
 *   {
 *       return n == 0 ? &FOO(sbd)->iomem : NULL;
 *   }
 *   ... class_init: SYS_BUS_DEVICE_CLASS(oc)->mmio = foo_mmio;
 *   ... instance_init: sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
 *
 *   Board:  sysbus_mmio_map(sbd, 0, 0xfec00000);
 *           sysbus_connect_irq(sbd, 0, qdev_get_gpio_in(intc, 5));
 */
#ifndef HW_CORE_SYSBUS_H
#define HW_CORE_SYSBUS_H

#include "hw/core/qdev.h"
#include "system/memory.h"

#define SYSBUS_DEVICE_GPIO_IRQ "sysbus-irq"

typedef struct MachineState MachineState;

typedef struct SysBusDevice {
    DeviceState parent_obj;
} SysBusDevice;

typedef struct SysBusDeviceClass {
    DeviceClass parent_class;
    /* MMIO region @n of the device, or NULL when it has no such region. */
    MemoryRegion *(*mmio)(SysBusDevice *dev, int n);
} SysBusDeviceClass;

#define SYS_BUS_DEVICE(obj) \
    OBJECT_CHECK(SysBusDevice, (obj), TYPE_SYS_BUS_DEVICE)
#define SYS_BUS_DEVICE_CLASS(oc) \
    OBJECT_CLASS_CHECK(SysBusDeviceClass, (oc), TYPE_SYS_BUS_DEVICE)
#define SYS_BUS_DEVICE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(SysBusDeviceClass, (obj), TYPE_SYS_BUS_DEVICE)

extern const TypeInfo sys_bus_device_type_info;

/* Region @n of @dev (see the class hook), or NULL. */
MemoryRegion *sysbus_mmio_get_region(SysBusDevice *dev, int n);
/*
 * Map region @n at @addr in the machine's system memory.  The device must
 * be in the machine's tree; a missing region is a board bug (asserts).
 * The _overlap variant takes a priority (memory_region_add_subregion_overlap).
 */
void sysbus_mmio_map(SysBusDevice *dev, int n, hwaddr addr);
void sysbus_mmio_map_overlap(SysBusDevice *dev, int n, hwaddr addr,
                             int priority);
/* Remove region @n from its container (board teardown, unrealize). */
void sysbus_mmio_unmap(SysBusDevice *dev, int n);

/* Register @p as the next "sysbus-irq" output line (instance_init). */
void sysbus_init_irq(SysBusDevice *dev, qemu_irq *p);
void sysbus_connect_irq(SysBusDevice *dev, int n, qemu_irq irq);
/* The line output @n currently drives (NULL when unconnected). */
qemu_irq sysbus_get_connected_irq(SysBusDevice *dev, int n);

/*
 * Board helper: put @dev in the tree as /machine/@name (NULL:
 * /machine/unattached/device[N], QEMU's place for board devices) and
 * realize it on @bus.  On failure the device is unparented.
 */
bool sysbus_add_board_device(MachineState *ms, DeviceState *dev,
                             const char *name, BusState *bus, Error **errp);

/*
 * Create a device of @type, put it in the tree as @name below /machine
 * (NULL: /machine/unattached/device[N]), realize it on the system bus,
 * map region 0 at @addr (unless HWADDR_MAX) and connect output 0 to @irq
 * (unless NULL).  Errors go to @errp (the device is then dropped).
 */
DeviceState *sysbus_create_simple(MachineState *ms, const char *type,
                                  const char *name, hwaddr addr,
                                  qemu_irq irq, Error **errp);

#endif
