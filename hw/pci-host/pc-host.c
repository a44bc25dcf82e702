/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PC PCI host bridge (see include/hw/pci-host/pc-host.h).
 *
 * I/O ports: 0xCF8 (4 bytes) CONFIG_ADDRESS, dword writes only; bit 31
 * enables, bits 23:16 bus, 15:8 devfn, 7:0 register.  0xCF9 (byte):
 * reset control.  0xCFC..0xCFF
 * CONFIG_DATA, 1/2/4-byte aligned accesses; all-ones when disabled or
 * nothing answers.  Memory: ECAM window, bus << 20 | devfn << 12 | reg.
 * IRQ outputs: the board's GSI array, through the PIRQ routes.
 * Properties: ecam-base, ecam-size.
 */
#include "qemu/osdep.h"
#include "hw/pci-host/pc-host.h"
#include "system/runstate.h"
#include "qemu/log.h"

#define CONFIG_ENABLE   (1u << 31)

static uint32_t ones(unsigned size)
{
    return 0xffffffffu >> (32 - 8 * size);
}

/* --- Configuration mechanism #1 --- */

/*
 * 0xCF9 is the PIIX reset control register.  It lives in this region
 * rather than as an overlapping one so a dword access to 0xCF8 stays a
 * single access.  Bit 2 set: reset now (bit 1 picks a hard reset; both
 * are the same here).
 */
static void pc_host_rcr_write(PCHostState *s, uint8_t val)
{
    if (val & 4) {
        qemu_system_reset_request(machine_of(OBJECT(s)),
                                  SHUTDOWN_CAUSE_GUEST_RESET);
        return;
    }
    s->rcr = val & 2;
}

static uint64_t pc_host_conf_read(void *opaque, hwaddr off, unsigned size)
{
    PCHostState *s = opaque;

    if (off == 1 && size == 1) {
        return s->rcr;
    }
    return s->config_reg >> (8 * off);
}

static void pc_host_conf_write(void *opaque, hwaddr off, uint64_t val,
                               unsigned size)
{
    PCHostState *s = opaque;

    /* Other narrow accesses pass through to ordinary I/O: ignored. */
    if (off == 0 && size == 4) {
        s->config_reg = val;
    } else if (off == 1 && size == 1) {
        pc_host_rcr_write(s, val);
    }
}

static const MemoryRegionOps pc_host_conf_ops = {
    .read = pc_host_conf_read,
    .write = pc_host_conf_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

static PCIDevice *pc_host_conf_device(PCHostState *s)
{
    if (!(s->config_reg & CONFIG_ENABLE)) {
        return NULL;
    }
    return pci_find_device(s->bus, (s->config_reg >> 16) & 0xff,
                           (s->config_reg >> 8) & 0xff);
}

static uint64_t pc_host_data_read(void *opaque, hwaddr off, unsigned size)
{
    PCHostState *s = opaque;
    PCIDevice *dev = pc_host_conf_device(s);

    if (!dev) {
        return ones(size);
    }
    return pci_host_config_read_common(dev, (s->config_reg | off) & 0xff,
                                       PCI_CONFIG_SPACE_SIZE, size);
}

static void pc_host_data_write(void *opaque, hwaddr off, uint64_t val,
                               unsigned size)
{
    PCHostState *s = opaque;
    PCIDevice *dev = pc_host_conf_device(s);

    if (dev) {
        pci_host_config_write_common(dev, (s->config_reg | off) & 0xff,
                                     PCI_CONFIG_SPACE_SIZE, val, size);
    }
}

static const MemoryRegionOps pc_host_data_ops = {
    .read = pc_host_data_read,
    .write = pc_host_data_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

/* --- ECAM --- */

static uint64_t pc_host_ecam_read(void *opaque, hwaddr off, unsigned size)
{
    return pci_ecam_read(PC_PCI_HOST(opaque)->bus, off, size);
}

static void pc_host_ecam_write(void *opaque, hwaddr off, uint64_t val,
                               unsigned size)
{
    pci_ecam_write(PC_PCI_HOST(opaque)->bus, off, val, size);
}

static const MemoryRegionOps pc_host_ecam_ops = {
    .read = pc_host_ecam_read,
    .write = pc_host_ecam_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

/* --- INTx routing --- */

static int pc_host_map_irq(PCIDevice *dev, int pin)
{
    return (PCI_SLOT(dev->devfn) - 1 + pin) & 3;
}

/* GSI of PIRQ @n, or -1 when the route register disables it. */
static int pc_host_pirq_route(PCHostState *s, int n)
{
    uint8_t r = s->piix->config[PC_PIIX_PIRQRC + n];

    return (r & 0x80) ? -1 : (r & 0x0f);
}

void pc_pci_host_update_irqs(PCHostState *s)
{
    uint16_t level = 0;

    for (int n = 0; n < PC_PCI_NUM_PIRQS; n++) {
        int gsi = pc_host_pirq_route(s, n);

        if (gsi >= 0 && s->pirq_level[n]) {
            level |= 1u << gsi;
        }
    }
    /* Drive only the lines whose PCI contribution changed. */
    for (int gsi = 0; gsi < 16; gsi++) {
        if ((level ^ s->gsi_driven) & (1u << gsi)) {
            qemu_set_irq(s->gsi[gsi], (level >> gsi) & 1);
        }
    }
    s->gsi_driven = level;
}

static void pc_host_set_irq(void *opaque, int pirq, int level)
{
    PCHostState *s = opaque;

    s->pirq_level[pirq] = level;
    pc_pci_host_update_irqs(s);
}

/* --- The host device --- */

static bool pc_host_realize(DeviceState *dev, Error **errp)
{
    PCHostState *s = PC_PCI_HOST(dev);

    if (s->ecam_size && (s->ecam_size < (1 << 20) ||
                         s->ecam_size > PC_PCI_ECAM_SIZE ||
                         (s->ecam_size & (s->ecam_size - 1)) ||
                         (s->ecam_base & (s->ecam_size - 1)))) {
        error_setg(errp, "ecam-size must be a power of two between 1 MiB "
                   "and 256 MiB, and ecam-base aligned to it");
        return false;
    }
    memory_region_init_io(&s->conf_mr, s, &pc_host_conf_ops, s,
                          "pci-conf-idx", 4);
    memory_region_init_io(&s->data_mr, s, &pc_host_data_ops, s,
                          "pci-conf-data", 4);
    memory_region_add_subregion(s->io_memory, PC_PCI_CONFIG_ADDR,
                                &s->conf_mr);
    memory_region_add_subregion(s->io_memory, PC_PCI_CONFIG_DATA,
                                &s->data_mr);
    if (s->ecam_size) {
        memory_region_init_io(&s->ecam_mr, s, &pc_host_ecam_ops, s,
                              "pcie-mmcfg-mmio", s->ecam_size);
        memory_region_add_subregion_overlap(s->system_memory, s->ecam_base,
                                            &s->ecam_mr, 1);
    }
    s->bus = pci_root_bus_new(dev, "pci.0", s->system_memory, s->io_memory,
                              s->system_memory, 0);
    pci_bus_irqs(s->bus, pc_host_set_irq, s, pc_host_map_irq,
                 PC_PCI_NUM_PIRQS);
    return true;
}

static void pc_host_unrealize(DeviceState *dev)
{
    PCHostState *s = PC_PCI_HOST(dev);

    memory_region_del_subregion(s->io_memory, &s->conf_mr);
    memory_region_del_subregion(s->io_memory, &s->data_mr);
    memory_region_finalize(&s->conf_mr);
    memory_region_finalize(&s->data_mr);
    if (s->ecam_size) {
        memory_region_del_subregion(s->system_memory, &s->ecam_mr);
        memory_region_finalize(&s->ecam_mr);
    }
}

static void pc_host_reset_enter(DeviceState *dev)
{
    PC_PCI_HOST(dev)->config_reg = 0;
    PC_PCI_HOST(dev)->rcr = 0;
}

static void pc_host_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->category = DEVICE_CATEGORY_BRIDGE;
    dc->realize = pc_host_realize;
    dc->unrealize = pc_host_unrealize;
    dc->reset_enter = pc_host_reset_enter;
}

static const Property pc_host_props[] = {
    DEFINE_PROP_UINT64("ecam-base", PCHostState, ecam_base,
                       PC_PCI_ECAM_BASE, "ECAM (MMCONFIG) window address"),
    DEFINE_PROP_UINT64("ecam-size", PCHostState, ecam_size,
                       PC_PCI_ECAM_SIZE, "ECAM window size (0: none)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo pc_pci_host_type_info = {
    .name = TYPE_PC_PCI_HOST,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(PCHostState),
    .class_init = pc_host_class_init,
    .props = pc_host_props,
    .desc = "PC PCI host bridge (config ports and ECAM)",
};

/* --- 00.0: i440FX host bridge function --- */

static void i440fx_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    pc->vendor_id = PCI_VENDOR_ID_INTEL;
    pc->device_id = 0x1237;
    pc->revision = 0x02;
    pc->class_id = PCI_CLASS_BRIDGE_HOST;
    dc->category = DEVICE_CATEGORY_BRIDGE;
}

const TypeInfo i440fx_pci_type_info = {
    .name = TYPE_I440FX_PCI_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .class_init = i440fx_class_init,
    .desc = "Host bridge",
};

/* --- 01.0: PIIX3 PCI-ISA bridge (PIRQ routing and reset control) --- */

typedef struct PIIX3State {
    PCIDevice parent_obj;
    PCHostState *host;
} PIIX3State;

#define PIIX3(obj) OBJECT_CHECK(PIIX3State, (obj), TYPE_PIIX3_PCI_DEVICE)

static const uint8_t piix3_pirq_defaults[PC_PCI_NUM_PIRQS] = {
    10, 10, 11, 11
};

static void piix3_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                               unsigned len)
{
    PIIX3State *s = PIIX3(dev);

    pci_default_write_config(dev, addr, val, len);
    if (addr < PC_PIIX_PIRQRC + PC_PCI_NUM_PIRQS &&
        addr + len > PC_PIIX_PIRQRC && s->host) {
        pc_pci_host_update_irqs(s->host);
    }
}

static void piix3_reset(PCIDevice *dev)
{
    PIIX3State *s = PIIX3(dev);

    memcpy(dev->config + PC_PIIX_PIRQRC, piix3_pirq_defaults,
           PC_PCI_NUM_PIRQS);
    if (s->host) {
        pc_pci_host_update_irqs(s->host);
    }
}

static bool piix3_realize(PCIDevice *dev, Error **errp)
{
    memset(dev->wmask + PC_PIIX_PIRQRC, 0x8f, PC_PCI_NUM_PIRQS);
    memcpy(dev->config + PC_PIIX_PIRQRC, piix3_pirq_defaults,
           PC_PCI_NUM_PIRQS);
    return true;
}

static void piix3_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    pc->vendor_id = PCI_VENDOR_ID_INTEL;
    pc->device_id = 0x7000;
    pc->class_id = PCI_CLASS_BRIDGE_ISA;
    pc->realize = piix3_realize;
    pc->reset = piix3_reset;
    pc->config_write = piix3_write_config;
    dc->category = DEVICE_CATEGORY_BRIDGE;
}

const TypeInfo piix3_pci_type_info = {
    .name = TYPE_PIIX3_PCI_DEVICE,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(PIIX3State),
    .class_init = piix3_class_init,
    .desc = "ISA bridge (PIRQ routing)",
};

/* --- Board entry point --- */

static bool pc_host_add_functions(PCHostState *s, Error **errp)
{
    PCIDevice *piix;

    if (!pci_create_simple(s->bus, PCI_DEVFN(0, 0), TYPE_I440FX_PCI_DEVICE,
                           errp)) {
        return false;
    }
    piix = PCI_DEVICE(object_new(TYPE_PIIX3_PCI_DEVICE));
    piix->devfn = PCI_DEVFN(1, 0);
    piix->multifunction = true;
    PIIX3(piix)->host = s;
    s->piix = piix;
    if (!pci_realize_on_bus(piix, s->bus, errp)) {
        object_unref(OBJECT(piix));
        s->piix = NULL;
        return false;
    }
    object_unref(OBJECT(piix));
    return true;
}

PCIBus *pc_pci_host_init(MachineState *ms, qemu_irq *gsi, Error **errp)
{
    PCHostState *s = PC_PCI_HOST(object_new(TYPE_PC_PCI_HOST));

    s->gsi = gsi;
    s->system_memory = ms->system_memory;
    s->io_memory = ms->io_memory;
    object_property_add_child(OBJECT(ms), "i440fx", OBJECT(s));
    object_unref(OBJECT(s));
    if (!qdev_realize(DEVICE(s), ms->sysbus, errp)) {
        object_unparent(OBJECT(s));
        return NULL;
    }
    if (!pc_host_add_functions(s, errp)) {
        return NULL;
    }
    return s->bus;
}
