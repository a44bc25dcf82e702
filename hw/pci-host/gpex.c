/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generic PCI Express host bridge ("gpex-pcihost"), the host of Arm virt
 * (device tree "pci-host-ecam-generic").
 *
 * Interface:
 *   MMIO 0:     ECAM, "ecam-size" bytes (default 256 MiB, 1 MiB per bus):
 *               offset = bus << 20 | devfn << 12 | register; 1/2/4-byte
 *               accesses; all-ones where nothing answers
 *   MMIO 1:     the PCI memory space (a 2^64 container BARs are mapped
 *               into); the board maps aliases of windows of it, usually at
 *               the same addresses (PCI address = CPU address)
 *   MMIO 2:     the PCI I/O space (64 KiB), likewise mapped by the board
 *   IRQ 0..3:   INTA..INTD of the root bus after the swizzle: pin p of a
 *               device in slot s drives line (s + p) % 4
 *   Bus:        "pcie.0" (bus number 0); bus masters see system memory.
 *               Function 00.0 is the host bridge "gpex-root" (1b36:0008,
 *               class 0600), as on QEMU.
 */
#include "qemu/osdep.h"
#include "hw/pci-host/gpex.h"
#include "hw/core/machine.h"

static uint64_t gpex_ecam_read(void *opaque, hwaddr off, unsigned size)
{
    return pci_ecam_read(GPEX_HOST(opaque)->bus, off, size);
}

static void gpex_ecam_write(void *opaque, hwaddr off, uint64_t val,
                            unsigned size)
{
    pci_ecam_write(GPEX_HOST(opaque)->bus, off, val, size);
}

static const MemoryRegionOps gpex_ecam_ops = {
    .read = gpex_ecam_read,
    .write = gpex_ecam_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

static int gpex_map_irq(PCIDevice *dev, int pin)
{
    return gpex_swizzle(PCI_SLOT(dev->devfn), pin);
}

static void gpex_set_irq(void *opaque, int n, int level)
{
    GPEXHost *s = opaque;

    qemu_set_irq(s->irq[n], level);
}

static MemoryRegion *gpex_mmio(SysBusDevice *sbd, int n)
{
    GPEXHost *s = GPEX_HOST(sbd);

    if (!s->mr_init) {
        return NULL;
    }
    switch (n) {
    case 0:
        return &s->ecam_mr;
    case 1:
        return &s->mem;
    case 2:
        return &s->io;
    default:
        return NULL;
    }
}

static void gpex_init(Object *obj)
{
    GPEXHost *s = GPEX_HOST(obj);

    for (int i = 0; i < GPEX_NUM_IRQS; i++) {
        sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq[i]);
    }
}

static bool gpex_realize(DeviceState *dev, Error **errp)
{
    GPEXHost *s = GPEX_HOST(dev);
    MachineState *ms = machine_of(OBJECT(dev));

    if (s->ecam_size < (1 << 20) || s->ecam_size > (256 << 20) ||
        (s->ecam_size & (s->ecam_size - 1))) {
        error_setg(errp, "gpex-pcihost: ecam-size must be a power of two "
                   "between 1 MiB and 256 MiB");
        return false;
    }
    memory_region_init_io(&s->ecam_mr, s, &gpex_ecam_ops, s, "pcie-mmcfg-mmio",
                          s->ecam_size);
    memory_region_init(&s->mem, s, "pcie-mmio", UINT64_MAX);
    memory_region_init(&s->io, s, "pcie-pio", 0x10000);
    s->mr_init = true;
    s->bus = pci_root_bus_new(dev, "pcie.0", &s->mem, &s->io,
                              ms->system_memory, 0);
    pci_bus_irqs(s->bus, gpex_set_irq, s, gpex_map_irq, GPEX_NUM_IRQS);
    if (!pci_create_simple(s->bus, PCI_DEVFN(0, 0), TYPE_GPEX_ROOT_DEVICE,
                           errp)) {
        return false;
    }
    return true;
}

static void gpex_finalize(Object *obj)
{
    GPEXHost *s = GPEX_HOST(obj);

    if (s->mr_init) {
        memory_region_finalize(&s->ecam_mr);
        memory_region_finalize(&s->mem);
        memory_region_finalize(&s->io);
    }
}

static void gpex_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->category = DEVICE_CATEGORY_BRIDGE;
    dc->realize = gpex_realize;
    SYS_BUS_DEVICE_CLASS(oc)->mmio = gpex_mmio;
}

static const Property gpex_props[] = {
    DEFINE_PROP_UINT64("ecam-size", GPEXHost, ecam_size, 256 << 20,
                       "ECAM window size (1 MiB per bus)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo gpex_host_type_info = {
    .name = TYPE_GPEX_HOST,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GPEXHost),
    .instance_init = gpex_init,
    .instance_finalize = gpex_finalize,
    .class_init = gpex_class_init,
    .props = gpex_props,
    .desc = "Generic PCI Express host bridge (ECAM)",
};

static void gpex_root_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = 0x0008;
    pc->class_id = PCI_CLASS_BRIDGE_HOST;
    DEVICE_CLASS(oc)->category = DEVICE_CATEGORY_BRIDGE;
}

const TypeInfo gpex_root_type_info = {
    .name = TYPE_GPEX_ROOT_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .class_init = gpex_root_class_init,
    .desc = "Host bridge",
};
