/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PCI device core: type 0 configuration header with write masks,
 * BAR sizing and mapping, INTx, the capability list, bus-master DMA and
 * reset.  Device types derive from TYPE_PCI_DEVICE (see hw/pci/pci.h).
 *
 * Properties: "addr" (SLOT[.FN], default: first free slot),
 * "multifunction" (sets the header's multi-function bit).
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/core/machine.h"
#include "qemu/log.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "trace-hw_pci.h"

static bool ranges_overlap(uint32_t a, uint32_t alen, uint32_t b,
                           uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

static const char *pci_trace_name(PCIDevice *d)
{
    return object_get_typename(OBJECT(d));
}

static int pci_bar_offset(int n)
{
    return n == PCI_ROM_SLOT ? PCI_ROM_ADDRESS : PCI_BASE_ADDRESS_0 + 4 * n;
}

/* --- Configuration header --- */

static void pci_init_header(PCIDevice *d)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    uint16_t cmd_wmask = PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                         PCI_COMMAND_MASTER | PCI_COMMAND_PARITY |
                         PCI_COMMAND_SERR | PCI_COMMAND_INTX_DISABLE;
    uint16_t sta_w1c = PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT |
                       PCI_STATUS_REC_TARGET_ABORT |
                       PCI_STATUS_REC_MASTER_ABORT |
                       PCI_STATUS_SIG_SYSTEM_ERROR |
                       PCI_STATUS_DETECTED_PARITY;

    d->config_size = pc->is_express ? PCIE_CONFIG_SPACE_SIZE
                                    : PCI_CONFIG_SPACE_SIZE;
    memset(d->config, 0, sizeof(d->config));
    memset(d->wmask, 0, sizeof(d->wmask));
    memset(d->w1cmask, 0, sizeof(d->w1cmask));
    memset(d->used, 0, sizeof(d->used));
    memset(d->used, 0xff, 0x40);    /* the header itself */

    pci_set_word(d->config + PCI_VENDOR_ID, pc->vendor_id);
    pci_set_word(d->config + PCI_DEVICE_ID, pc->device_id);
    pci_set_byte(d->config + PCI_REVISION_ID, pc->revision);
    pci_set_word(d->config + PCI_CLASS_DEVICE, pc->class_id);
    if (d->multifunction) {
        d->config[PCI_HEADER_TYPE] |= PCI_HEADER_TYPE_MULTI_FUNCTION;
    }
    if (pc->subsystem_vendor_id) {
        pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID,
                     pc->subsystem_vendor_id);
        pci_set_word(d->config + PCI_SUBSYSTEM_ID, pc->subsystem_id);
    } else {
        pci_set_word(d->config + PCI_SUBSYSTEM_VENDOR_ID,
                     PCI_VENDOR_ID_REDHAT_QUMRANET);
        pci_set_word(d->config + PCI_SUBSYSTEM_ID, PCI_SUBDEVICE_ID_QEMU);
    }
    pci_set_word(d->wmask + PCI_COMMAND, cmd_wmask);
    pci_set_word(d->w1cmask + PCI_STATUS, sta_w1c);
    d->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    d->wmask[PCI_LATENCY_TIMER] = 0xff;
    d->wmask[PCI_INTERRUPT_LINE] = 0xff;
}

uint32_t pci_default_read_config(PCIDevice *dev, uint32_t addr,
                                 unsigned len)
{
    uint32_t val = 0;

    g_assert(len >= 1 && len <= 4 && addr + len <= dev->config_size);
    for (unsigned i = 0; i < len; i++) {
        val |= (uint32_t)dev->config[addr + i] << (8 * i);
    }
    return val;
}

/* --- BARs --- */

void pci_register_bar(PCIDevice *dev, int n, uint8_t type, MemoryRegion *mr)
{
    PCIIORegion *r = &dev->io_regions[n];
    uint64_t size = memory_region_size(mr);
    uint64_t wmask = ~(size - 1);
    int off = pci_bar_offset(n);
    bool is64 = !(type & PCI_BASE_ADDRESS_SPACE_IO) &&
                (type & PCI_BASE_ADDRESS_MEM_TYPE_64);

    g_assert(n >= 0 && n < PCI_ROM_SLOT && !r->memory);
    g_assert(size && !(size & (size - 1)));
    g_assert(size >= (type & PCI_BASE_ADDRESS_SPACE_IO ? 4 : 16));
    g_assert(!is64 || (n < 5 && !dev->io_regions[n + 1].memory));
    r->memory = mr;
    r->size = size;
    r->type = type;
    r->addr = PCI_BAR_UNMAPPED;
    r->address_space = (type & PCI_BASE_ADDRESS_SPACE_IO) ? dev->bus->io
                                                          : dev->bus->mem;
    if (is64) {
        pci_set_quad(dev->config + off, type);
        pci_set_quad(dev->wmask + off, wmask);
    } else {
        pci_set_long(dev->config + off, type);
        pci_set_long(dev->wmask + off, wmask & 0xffffffffu);
    }
}

hwaddr pci_get_bar_addr(PCIDevice *dev, int n)
{
    return dev->io_regions[n].addr;
}

/* Where the guest's BAR value and command register put region @n. */
static hwaddr pci_bar_address(PCIDevice *d, int n, const PCIIORegion *r)
{
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);
    int off = pci_bar_offset(n);
    hwaddr base, last;

    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        base = pci_get_long(d->config + off) & ~(r->size - 1);
        last = base + r->size - 1;
        return (last <= base || last >= UINT32_MAX || base == 0)
               ? PCI_BAR_UNMAPPED : base;
    }
    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    if (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) {
        base = pci_get_quad(d->config + off);
    } else {
        base = pci_get_long(d->config + off);
    }
    base &= ~(r->size - 1);
    last = base + r->size - 1;
    if (last <= base || base == 0 || last == HWADDR_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    if (!(r->type & PCI_BASE_ADDRESS_MEM_TYPE_64) && last >= UINT32_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    return base;
}

static void pci_update_mappings(PCIDevice *d)
{
    for (int n = 0; n < PCI_NUM_REGIONS; n++) {
        PCIIORegion *r = &d->io_regions[n];
        hwaddr addr;

        if (!r->memory) {
            continue;
        }
        addr = pci_bar_address(d, n, r);
        if (addr == r->addr) {
            continue;
        }
        if (r->addr != PCI_BAR_UNMAPPED) {
            trace_pci_update_mappings_del(pci_trace_name(d),
                                          PCI_SLOT(d->devfn),
                                          PCI_FUNC(d->devfn), n, r->addr,
                                          r->size);
            memory_region_del_subregion(r->address_space, r->memory);
        }
        r->addr = addr;
        if (addr != PCI_BAR_UNMAPPED) {
            trace_pci_update_mappings_add(pci_trace_name(d),
                                          PCI_SLOT(d->devfn),
                                          PCI_FUNC(d->devfn), n, addr,
                                          r->size);
            /* Priority 1: a BAR shadows RAM it is placed over. */
            memory_region_add_subregion_overlap(r->address_space, addr,
                                                r->memory, 1);
        }
    }
}

static void pci_unmap_all(PCIDevice *d)
{
    for (int n = 0; n < PCI_NUM_REGIONS; n++) {
        PCIIORegion *r = &d->io_regions[n];

        if (r->memory && r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
        r->addr = PCI_BAR_UNMAPPED;
    }
}

/* --- INTx --- */

static bool pci_irq_disabled(PCIDevice *d)
{
    return pci_get_word(d->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE;
}

static int pci_intx_pin(PCIDevice *d)
{
    return d->config[PCI_INTERRUPT_PIN] - 1;
}

/* Add @change (+1/-1) to the bus IRQ that @d's pin is routed to. */
static void pci_change_irq_level(PCIDevice *d, int change)
{
    PCIBus *bus = d->bus;
    int pin = pci_intx_pin(d);
    int irq;

    if (!bus->map_irq || pin < 0 || pin >= PCI_NUM_PINS) {
        return;
    }
    irq = bus->map_irq(d, pin);
    g_assert(irq >= 0 && irq < bus->nirq);
    bus->irq_count[irq] += change;
    g_assert(bus->irq_count[irq] >= 0);
    bus->set_irq(bus->irq_opaque, irq, bus->irq_count[irq] != 0);
}

void pci_set_irq(PCIDevice *dev, int level)
{
    uint16_t status;

    level = !!level;
    if (dev->irq_state == level) {
        return;
    }
    dev->irq_state = level;
    trace_pci_set_irq(pci_trace_name(dev), PCI_SLOT(dev->devfn),
                      PCI_FUNC(dev->devfn), level);
    status = pci_get_word(dev->config + PCI_STATUS);
    status = level ? (status | PCI_STATUS_INTERRUPT)
                   : (status & ~PCI_STATUS_INTERRUPT);
    pci_set_word(dev->config + PCI_STATUS, status);
    if (!pci_irq_disabled(dev)) {
        pci_change_irq_level(dev, level ? 1 : -1);
    }
}

uint16_t pci_requester_id(PCIDevice *dev)
{
    return (dev->bus->bus_num << 8) | (dev->devfn & 0xff);
}

/* --- Config writes --- */

static void pci_command_changed(PCIDevice *d, uint16_t old_cmd)
{
    uint16_t cmd = pci_get_word(d->config + PCI_COMMAND);

    if ((old_cmd ^ cmd) & PCI_COMMAND_INTX_DISABLE && d->irq_state) {
        pci_change_irq_level(d, (cmd & PCI_COMMAND_INTX_DISABLE) ? -1 : 1);
    }
    memory_region_set_enabled(&d->bus_master_enable,
                              cmd & PCI_COMMAND_MASTER);
}

void pci_default_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                              unsigned len)
{
    uint16_t old_cmd = pci_get_word(dev->config + PCI_COMMAND);
    uint16_t old_msix = dev->msix_cap ?
        pci_get_word(dev->config + dev->msix_cap + PCI_MSIX_FLAGS) : 0;

    g_assert(len >= 1 && len <= 4 && addr + len <= dev->config_size);
    trace_pci_cfg_write(pci_trace_name(dev), PCI_SLOT(dev->devfn),
                        PCI_FUNC(dev->devfn), addr, len, val);
    for (unsigned i = 0; i < len; i++) {
        uint8_t b = val >> (8 * i);
        uint8_t wm = dev->wmask[addr + i];
        uint8_t w1c = dev->w1cmask[addr + i];
        uint8_t *p = &dev->config[addr + i];

        *p = (*p & ~wm) | (b & wm);
        *p &= ~(b & w1c);
    }
    if (ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 24) ||
        ranges_overlap(addr, len, PCI_COMMAND, 2)) {
        pci_update_mappings(dev);
    }
    if (ranges_overlap(addr, len, PCI_COMMAND, 2)) {
        pci_command_changed(dev, old_cmd);
    }
    msi_write_config(dev, addr, val, len);
    msix_write_config(dev, addr, val, len, old_msix);
}

/* --- Capabilities --- */

static uint8_t pci_find_space(PCIDevice *d, uint8_t size)
{
    for (unsigned off = 0x40; off + size <= PCI_CONFIG_SPACE_SIZE; off += 4) {
        bool free = true;

        for (unsigned i = 0; i < size && free; i++) {
            free = !d->used[off + i];
        }
        if (free) {
            return off;
        }
    }
    return 0;
}

/* Is [offset, offset + size) a free, aligned place in the legacy space? */
static bool pci_cap_offset_ok(PCIDevice *d, uint8_t cap_id, uint8_t offset,
                              uint8_t size, Error **errp)
{
    const char *name = object_get_typename(OBJECT(d));

    if (offset < 0x40 || offset + size > PCI_CONFIG_SPACE_SIZE ||
        (offset & 3)) {
        error_setg(errp, "%s: PCI capability 0x%x at invalid offset 0x%x",
                   name, cap_id, offset);
        return false;
    }
    for (unsigned i = 0; i < size; i++) {
        if (d->used[offset + i]) {
            error_setg(errp, "%s: PCI capability 0x%x at offset 0x%x "
                       "overlaps an existing capability", name, cap_id,
                       offset);
            return false;
        }
    }
    return true;
}

uint8_t pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset,
                           uint8_t size, Error **errp)
{
    if (!offset) {
        offset = pci_find_space(dev, size);
        if (!offset) {
            error_setg(errp, "%s: no space for PCI capability 0x%x",
                       object_get_typename(OBJECT(dev)), cap_id);
            return 0;
        }
    } else if (!pci_cap_offset_ok(dev, cap_id, offset, size, errp)) {
        return 0;
    }
    dev->config[offset] = cap_id;
    dev->config[offset + PCI_CAP_LIST_NEXT] =
        dev->config[PCI_CAPABILITY_LIST];
    dev->config[PCI_CAPABILITY_LIST] = offset;
    dev->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
    memset(dev->used + offset, 0xff, size);
    memset(dev->wmask + offset, 0, size);
    memset(dev->w1cmask + offset, 0, size);
    return offset;
}

uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id)
{
    uint8_t off = dev->config[PCI_CAPABILITY_LIST];

    /* The list is built by us, but bound the walk anyway. */
    for (int n = 0; off && n < 64; n++) {
        if (dev->config[off] == cap_id) {
            return off;
        }
        off = dev->config[off + PCI_CAP_LIST_NEXT];
    }
    return 0;
}

/* --- DMA --- */

AddressSpace *pci_get_address_space(PCIDevice *dev)
{
    return &dev->bus_master_as;
}

static MemTxAttrs pci_dma_attrs(PCIDevice *dev)
{
    return (MemTxAttrs) { .requester_id = pci_requester_id(dev) };
}

/* Claim the bus-master path; false (logged) if this device holds it. */
static bool pci_dma_enter(PCIDevice *dev, hwaddr addr)
{
    if (dev->in_dma) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: re-entrant DMA to 0x%"
                      HWADDR_PRIx " blocked\n", pci_trace_name(dev), addr);
        return false;
    }
    dev->in_dma = true;
    return true;
}

static MemTxResult pci_dma_rw(PCIDevice *dev, hwaddr addr, void *buf,
                              hwaddr len, bool is_write)
{
    MemTxResult res;

    if (!pci_dma_enter(dev, addr)) {
        return MEMTX_ERROR;
    }
    res = address_space_rw(&dev->bus_master_as, addr, pci_dma_attrs(dev),
                           buf, len, is_write);
    dev->in_dma = false;
    return res;
}

MemTxResult pci_dma_read(PCIDevice *dev, hwaddr addr, void *buf, hwaddr len)
{
    return pci_dma_rw(dev, addr, buf, len, false);
}

MemTxResult pci_dma_write(PCIDevice *dev, hwaddr addr, const void *buf,
                          hwaddr len)
{
    return pci_dma_rw(dev, addr, (void *)buf, len, true);
}

void pci_send_msi_message(PCIDevice *dev, uint64_t addr, uint32_t data)
{
    trace_pci_msi_message(pci_requester_id(dev), addr, data);
    if (pci_dma_enter(dev, addr)) {
        address_space_stl_le(&dev->bus_master_as, addr, data,
                             pci_dma_attrs(dev), NULL);
        dev->in_dma = false;
    }
}

/* --- Lifecycle --- */

static void pci_bus_master_init(PCIDevice *d)
{
    const char *name = object_get_typename(OBJECT(d));

    memory_region_init(&d->bus_master_container, d, "bus master container",
                       UINT64_MAX);
    memory_region_init_alias(&d->bus_master_enable, d, "bus master",
                             d->bus->dma_root, 0, UINT64_MAX);
    memory_region_set_enabled(&d->bus_master_enable, false);
    memory_region_add_subregion(&d->bus_master_container, 0,
                                &d->bus_master_enable);
    address_space_init(&d->bus_master_as, &d->bus_master_container, name);
}

static void pci_bus_master_fini(PCIDevice *d)
{
    address_space_destroy(&d->bus_master_as);
    memory_region_finalize(&d->bus_master_enable);
    memory_region_finalize(&d->bus_master_container);
}

/*
 * The bus a device plugs into: set by board helpers, otherwise the first
 * PCI bus of the machine (qdev sets parent_bus only after realize).
 */
static PCIBus *pci_device_find_bus(PCIDevice *d)
{
    Object *bus;

    if (d->bus) {
        return d->bus;
    }
    if (d->qdev.parent_bus) {
        return PCI_BUS(d->qdev.parent_bus);
    }
    bus = OBJECT(qbus_find_by_type(object_get_root(OBJECT(d)),
                                   TYPE_PCI_BUS));
    return bus ? PCI_BUS(bus) : NULL;
}

static bool pci_qdev_realize(DeviceState *qdev, Error **errp)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    PCIBus *bus = pci_device_find_bus(d);

    if (!bus) {
        error_setg(errp, "No '%s' bus found for device '%s'", TYPE_PCI_BUS,
                   object_get_typename(OBJECT(d)));
        return false;
    }
    d->bus = bus;
    if (!pci_bus_claim_devfn(bus, d, errp)) {
        d->bus = NULL;
        return false;
    }
    pci_init_header(d);
    for (int n = 0; n < PCI_NUM_REGIONS; n++) {
        d->io_regions[n] = (PCIIORegion) { .addr = PCI_BAR_UNMAPPED };
    }
    pci_bus_master_init(d);
    if (pc->realize && !pc->realize(d, errp)) {
        msix_uninit(d);
        msi_uninit(d);
        pci_bus_master_fini(d);
        pci_bus_release_devfn(bus, d);
        d->bus = NULL;
        return false;
    }
    return true;
}

static void pci_qdev_unrealize(DeviceState *qdev)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);

    pci_set_irq(d, 0);
    pci_unmap_all(d);
    if (pc->exit) {
        pc->exit(d);
    }
    msix_uninit(d);
    msi_uninit(d);
    pci_bus_master_fini(d);
    pci_bus_release_devfn(d->bus, d);
    memset(d->io_regions, 0, sizeof(d->io_regions));
}

static void pci_reset_bars(PCIDevice *d)
{
    for (int n = 0; n < PCI_NUM_REGIONS; n++) {
        PCIIORegion *r = &d->io_regions[n];
        int off = pci_bar_offset(n);

        if (!r->memory) {
            continue;
        }
        if (!(r->type & PCI_BASE_ADDRESS_SPACE_IO) &&
            (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64)) {
            pci_set_quad(d->config + off, r->type);
        } else {
            pci_set_long(d->config + off, r->type);
        }
    }
}

/* Reset values: command 0, error bits clear, BARs at 0 and unmapped. */
static void pci_qdev_reset_hold(DeviceState *qdev)
{
    PCIDevice *d = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(d);
    uint16_t status = pci_get_word(d->config + PCI_STATUS);

    pci_set_irq(d, 0);
    pci_set_word(d->config + PCI_COMMAND, 0);
    pci_set_word(d->config + PCI_STATUS,
                 status & ~pci_get_word(d->w1cmask + PCI_STATUS));
    d->config[PCI_CACHE_LINE_SIZE] = 0;
    d->config[PCI_LATENCY_TIMER] = 0;
    d->config[PCI_INTERRUPT_LINE] = 0;
    pci_reset_bars(d);
    pci_update_mappings(d);
    memory_region_set_enabled(&d->bus_master_enable, false);
    msi_reset(d);
    msix_reset(d);
    if (pc->reset) {
        pc->reset(d);
    }
}

/* "addr": an int32 devfn, set from "SLOT[.FN]" text or an integer. */
static QObject *pci_addr_get(Object *obj, void *opaque, Error **errp)
{
    return QOBJECT(qnum_from_int(PCI_DEVICE(obj)->devfn));
}

static bool pci_addr_set(Object *obj, QObject *value, void *opaque,
                         Error **errp)
{
    PCIDevice *d = PCI_DEVICE(obj);
    QString *qs = qobject_to_qstring(value);
    QNum *qn = qobject_to_qnum(value);
    int64_t v;

    if (d->qdev.realized) {
        error_setg(errp, "Attempt to set property 'addr' on device '%s' "
                   "after it was realized", object_get_typename(obj));
        return false;
    }
    if (qs) {
        if (!pci_parse_devfn(qstring_get_str(qs), &d->devfn)) {
            error_setg(errp, "Property '%s.addr' doesn't take value '%s'",
                       object_get_typename(obj), qstring_get_str(qs));
            return false;
        }
        return true;
    }
    if (qn && qnum_get_try_int(qn, &v) && v >= -1 && v < PCI_DEVFN_MAX) {
        d->devfn = v;
        return true;
    }
    if (qn) {
        error_setg(errp, "Parameter 'addr' expects a value between -1 and "
                   "255");
    } else {
        error_setg(errp, "Invalid parameter type for 'addr', expected: "
                   "string");
    }
    return false;
}

static void pci_device_instance_init(Object *obj)
{
    PCI_DEVICE(obj)->devfn = -1;
    object_property_add(obj, "addr", "int32", pci_addr_get, pci_addr_set,
                        NULL, NULL);
}

static void pci_device_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_PCI_BUS;
    dc->realize = pci_qdev_realize;
    dc->unrealize = pci_qdev_unrealize;
    dc->reset_hold = pci_qdev_reset_hold;
}

static const Property pci_device_props[] = {
    DEFINE_PROP_BOOL("multifunction", PCIDevice, multifunction, false,
                     "on/off"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo pci_device_type_info = {
    .name = TYPE_PCI_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(PCIDevice),
    .class_size = sizeof(PCIDeviceClass),
    .abstract = true,
    .class_init = pci_device_class_init,
    .instance_init = pci_device_instance_init,
    .props = pci_device_props,
};
