/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PCI bus: 256 device/function slots, INTx accounting, slot
 * allocation with QEMU's diagnostics, and the configuration accessors
 * host bridges share.
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "hw/core/machine.h"

static void pci_bus_instance_finalize(Object *obj)
{
    g_free(PCI_BUS(obj)->irq_count);
}

const TypeInfo pci_bus_type_info = {
    .name = TYPE_PCI_BUS,
    .parent = TYPE_BUS,
    .instance_size = sizeof(PCIBus),
    .instance_finalize = pci_bus_instance_finalize,
    .desc = "PCI bus",
};

PCIBus *pci_root_bus_new(DeviceState *parent, const char *name,
                         MemoryRegion *mem, MemoryRegion *io,
                         MemoryRegion *dma_root, uint8_t devfn_min)
{
    PCIBus *bus = PCI_BUS(object_new(TYPE_PCI_BUS));

    bus->qbus.bus_type = TYPE_PCI_BUS;
    bus->qbus.name = g_strdup(name);
    bus->qbus.parent = parent;
    bus->mem = mem;
    bus->io = io;
    bus->dma_root = dma_root;
    bus->devfn_min = devfn_min;
    object_property_add_child(OBJECT(parent), name, OBJECT(bus));
    object_unref(OBJECT(bus));
    return bus;
}

void pci_bus_irqs(PCIBus *bus, PCISetIRQFunc set_irq, void *opaque,
                  PCIMapIRQFunc map_irq, int nirq)
{
    g_assert(nirq > 0);
    bus->set_irq = set_irq;
    bus->irq_opaque = opaque;
    bus->map_irq = map_irq;
    bus->nirq = nirq;
    g_free(bus->irq_count);
    bus->irq_count = g_new0(int, nirq);
}

PCIDevice *pci_find_device(PCIBus *bus, int bus_num, uint8_t devfn)
{
    if (!bus || bus_num != bus->bus_num) {
        return NULL;
    }
    return bus->devices[devfn];
}

void pci_for_each_device(PCIBus *bus,
                         void (*fn)(PCIBus *bus, PCIDevice *dev,
                                    void *opaque),
                         void *opaque)
{
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        if (bus->devices[devfn]) {
            fn(bus, bus->devices[devfn], opaque);
        }
    }
}

static const char *pci_dev_name(PCIDevice *d)
{
    return object_get_typename(OBJECT(d));
}

static int pci_bus_first_free(PCIBus *bus)
{
    for (int devfn = bus->devfn_min; devfn < PCI_DEVFN_MAX;
         devfn += PCI_FUNC_MAX) {
        if (!bus->devices[devfn]) {
            return devfn;
        }
    }
    return -1;
}

/* Multi-function rules, with QEMU's messages. */
static bool pci_check_multifunction(PCIBus *bus, PCIDevice *dev,
                                    Error **errp)
{
    int slot = PCI_SLOT(dev->devfn);
    PCIDevice *f0 = bus->devices[PCI_DEVFN(slot, 0)];

    if (PCI_FUNC(dev->devfn)) {
        if (f0 && !f0->multifunction) {
            error_setg(errp, "PCI: single function device can't be "
                       "populated in function %x.%x", slot,
                       PCI_FUNC(dev->devfn));
            return false;
        }
        return true;
    }
    if (dev->multifunction) {
        return true;
    }
    for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
        if (bus->devices[PCI_DEVFN(slot, fn)]) {
            error_setg(errp, "PCI: %x.0 indicates single function, but "
                       "%x.%x is already populated.", slot, slot, fn);
            return false;
        }
    }
    return true;
}

bool pci_bus_claim_devfn(PCIBus *bus, PCIDevice *dev, Error **errp)
{
    PCIDevice *other;

    if (dev->devfn < 0) {
        int devfn = pci_bus_first_free(bus);

        if (devfn < 0) {
            error_setg(errp, "PCI: no slot/function available for %s, all "
                       "in use or reserved", pci_dev_name(dev));
            return false;
        }
        dev->devfn = devfn;
    }
    other = bus->devices[dev->devfn];
    if (other) {
        error_setg(errp, "PCI: slot %d function %d not available for %s, "
                   "in use by %s,id=%s", PCI_SLOT(dev->devfn),
                   PCI_FUNC(dev->devfn), pci_dev_name(dev),
                   pci_dev_name(other),
                   other->qdev.id ? other->qdev.id : "(null)");
        return false;
    }
    if (!pci_check_multifunction(bus, dev, errp)) {
        return false;
    }
    bus->devices[dev->devfn] = dev;
    return true;
}

void pci_bus_release_devfn(PCIBus *bus, PCIDevice *dev)
{
    if (bus && bus->devices[dev->devfn] == dev) {
        bus->devices[dev->devfn] = NULL;
    }
}

bool pci_realize_on_bus(PCIDevice *dev, PCIBus *bus, Error **errp)
{
    MachineState *ms = machine_of(OBJECT(bus));

    dev->bus = bus;
    machine_add_unattached(ms, OBJECT(dev));
    if (!qdev_realize(DEVICE(dev), &bus->qbus, errp)) {
        object_unparent(OBJECT(dev));
        return false;
    }
    return true;
}

PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *type,
                             Error **errp)
{
    PCIDevice *dev = PCI_DEVICE(object_new(type));
    bool ok;

    dev->devfn = devfn;
    ok = pci_realize_on_bus(dev, bus, errp);
    object_unref(OBJECT(dev));
    return ok ? dev : NULL;
}

/* --- Configuration access --- */

static bool pci_config_range_ok(PCIDevice *dev, uint32_t addr,
                                uint32_t limit, unsigned *len)
{
    limit = MIN(limit, dev->config_size);
    if (addr >= limit) {
        return false;
    }
    *len = MIN(*len, limit - addr);
    return true;
}

uint32_t pci_host_config_read_common(PCIDevice *dev, uint32_t addr,
                                     uint32_t limit, unsigned len)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);

    if (!pci_config_range_ok(dev, addr, limit, &len)) {
        return ~0u;
    }
    if (pc->config_read) {
        return pc->config_read(dev, addr, len);
    }
    return pci_default_read_config(dev, addr, len);
}

void pci_host_config_write_common(PCIDevice *dev, uint32_t addr,
                                  uint32_t limit, uint32_t val, unsigned len)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);

    if (!pci_config_range_ok(dev, addr, limit, &len)) {
        return;
    }
    if (pc->config_write) {
        pc->config_write(dev, addr, val, len);
    } else {
        pci_default_write_config(dev, addr, val, len);
    }
}

/* ECAM: offset = bus << 20 | devfn << 12 | register. */
static PCIDevice *pci_ecam_device(PCIBus *bus, hwaddr off)
{
    return pci_find_device(bus, (off >> 20) & 0xff, (off >> 12) & 0xff);
}

uint32_t pci_ecam_read(PCIBus *bus, hwaddr off, unsigned size)
{
    PCIDevice *dev = pci_ecam_device(bus, off);

    if (!dev) {
        return 0xffffffffu >> (32 - 8 * size);
    }
    return pci_host_config_read_common(dev, off & 0xfff,
                                       PCIE_CONFIG_SPACE_SIZE, size);
}

void pci_ecam_write(PCIBus *bus, hwaddr off, uint32_t val, unsigned size)
{
    PCIDevice *dev = pci_ecam_device(bus, off);

    if (dev) {
        pci_host_config_write_common(dev, off & 0xfff,
                                     PCIE_CONFIG_SPACE_SIZE, val, size);
    }
}

/* QEMU's "addr" syntax: sscanf's %x (so "0x3" and " 3" pass), SLOT[.FN]. */
bool pci_parse_devfn(const char *str, int32_t *devfn)
{
    unsigned int slot, fn;
    int n = 0;

    if (sscanf(str, "%x.%x%n", &slot, &fn, &n) != 2) {
        fn = 0;
        if (sscanf(str, "%x%n", &slot, &n) != 1) {
            return false;
        }
    }
    if (str[n] != '\0' || fn >= PCI_FUNC_MAX || slot >= PCI_SLOT_MAX) {
        return false;
    }
    *devfn = PCI_DEVFN(slot, fn);
    return true;
}
