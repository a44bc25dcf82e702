/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * devmem-exporter (1b36:00f0, class 0380): device memory for peer-to-peer
 * DMA tests, modelling a GPU whose memory a NIC reads directly (device
 * memory TCP TX).  Not a QEMU device; the id is this project's own.
 *
 * QEMU interface:
 *  - BAR0: 4 KiB little-endian registers (include/hw/misc/devmem-
 *    exporter.h): ID, VERSION, SRC (64-bit), DST (64-bit), LEN, CTRL,
 *    STATUS, IRQ_ENABLE, MEM_SIZE (64-bit), COPIES.
 *  - BAR1: MSI-X, one vector.  Also an MSI capability (one vector) and
 *    INTx pin A.
 *  - BAR2: "size" bytes of device memory, a 64-bit prefetchable RAM BAR.
 *  - Copy engine: writing CTRL with GO copies LEN bytes, synchronously:
 *    TO_HOST clear: from bus address SRC (guest RAM) to device memory
 *    offset DST; TO_HOST set: from device memory offset SRC to bus
 *    address DST.  Then STATUS gets DONE, or ERROR when the range leaves
 *    device memory or the DMA fails (nothing is copied then).  With
 *    IRQ_ENABLE bit0 set, completion signals MSI-X vector 0 if MSI-X is
 *    on, else MSI if on, else raises INTx until STATUS is cleared (W1C).
 *  - Properties: size (power of two, 4 KiB .. 64 GiB, default 64 MiB).
 *    Counters (qom-get): copies, copy-bytes.
 */
#include "qemu/osdep.h"
#include "hw/misc/devmem-exporter.h"
#include "hw/pci/pci.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "qemu/log.h"
#include "qobject/qnum.h"
#include "trace-hw_net.h"

typedef struct DevmemExporterState {
    PCIDevice parent_obj;
    uint64_t size;              /* property */
    MemoryRegion regs;
    MemoryRegion mem;
    uint64_t src, dst;
    uint32_t len;
    uint32_t status;
    uint32_t irq_enable;
    uint64_t copies;
    uint64_t copy_bytes;
} DevmemExporterState;

#define DEVMEM_EXPORTER(obj) \
    OBJECT_CHECK(DevmemExporterState, (obj), TYPE_DEVMEM_EXPORTER)

static void devmem_update_irq(DevmemExporterState *s, bool completed)
{
    PCIDevice *d = PCI_DEVICE(s);
    bool level = (s->irq_enable & 1) &&
                 (s->status & (DEVMEM_STATUS_DONE | DEVMEM_STATUS_ERROR));

    if (msix_enabled(d)) {
        if (completed && level) {
            msix_notify(d, 0);
        }
        level = false;
    } else if (msi_enabled(d)) {
        if (completed && level) {
            msi_notify(d, 0);
        }
        level = false;
    }
    pci_set_irq(d, level);
}

static bool devmem_copy(DevmemExporterState *s, bool to_host)
{
    PCIDevice *d = PCI_DEVICE(s);
    uint8_t *mem = memory_region_get_ram_ptr(&s->mem);
    uint64_t off = to_host ? s->src : s->dst;
    uint64_t bus = to_host ? s->dst : s->src;

    if (off > s->size || s->len > s->size - off) {
        qemu_log_mask(LOG_GUEST_ERROR, "devmem-exporter: copy of %u bytes at "
                      "offset 0x%" PRIx64 " leaves device memory\n", s->len,
                      off);
        return false;
    }
    if (to_host) {
        return pci_dma_write(d, bus, mem + off, s->len) == MEMTX_OK;
    }
    return pci_dma_read(d, bus, mem + off, s->len) == MEMTX_OK;
}

static void devmem_go(DevmemExporterState *s, uint32_t ctrl)
{
    bool ok = devmem_copy(s, ctrl & DEVMEM_CTRL_TO_HOST);

    if (ok) {
        s->copies++;
        s->copy_bytes += s->len;
    }
    s->status |= ok ? DEVMEM_STATUS_DONE : DEVMEM_STATUS_ERROR;
    trace_devmem_exporter_copy(s->src, s->dst, s->len, s->status);
    devmem_update_irq(s, true);
}

static uint64_t devmem_read(void *opaque, hwaddr off, unsigned size)
{
    DevmemExporterState *s = opaque;

    switch (off) {
    case DEVMEM_REG_ID:
        return DEVMEM_ID;
    case DEVMEM_REG_VERSION:
        return 1;
    case DEVMEM_REG_SRC_LO:
        return (uint32_t)s->src;
    case DEVMEM_REG_SRC_HI:
        return s->src >> 32;
    case DEVMEM_REG_DST_LO:
        return (uint32_t)s->dst;
    case DEVMEM_REG_DST_HI:
        return s->dst >> 32;
    case DEVMEM_REG_LEN:
        return s->len;
    case DEVMEM_REG_STATUS:
        return s->status;
    case DEVMEM_REG_IRQ_ENABLE:
        return s->irq_enable;
    case DEVMEM_REG_MEM_SIZE_LO:
        return (uint32_t)s->size;
    case DEVMEM_REG_MEM_SIZE_HI:
        return s->size >> 32;
    case DEVMEM_REG_COPIES:
        return (uint32_t)s->copies;
    default:
        return 0;
    }
}

static void devmem_write(void *opaque, hwaddr off, uint64_t val,
                         unsigned size)
{
    DevmemExporterState *s = opaque;

    if (PCI_DEVICE(s)->in_dma) {
        qemu_log_mask(LOG_GUEST_ERROR, "devmem-exporter: register write by "
                      "its own DMA ignored\n");
        return;
    }
    switch (off) {
    case DEVMEM_REG_SRC_LO:
        s->src = (s->src & ~0xffffffffull) | (uint32_t)val;
        break;
    case DEVMEM_REG_SRC_HI:
        s->src = (s->src & 0xffffffffull) | val << 32;
        break;
    case DEVMEM_REG_DST_LO:
        s->dst = (s->dst & ~0xffffffffull) | (uint32_t)val;
        break;
    case DEVMEM_REG_DST_HI:
        s->dst = (s->dst & 0xffffffffull) | val << 32;
        break;
    case DEVMEM_REG_LEN:
        s->len = val;
        break;
    case DEVMEM_REG_CTRL:
        if (val & DEVMEM_CTRL_GO) {
            devmem_go(s, val);
        }
        break;
    case DEVMEM_REG_STATUS:
        s->status &= ~val;
        devmem_update_irq(s, false);
        break;
    case DEVMEM_REG_IRQ_ENABLE:
        s->irq_enable = val & 1;
        devmem_update_irq(s, false);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "devmem-exporter: write to read-only "
                      "or unknown register 0x%" HWADDR_PRIx "\n", off);
        break;
    }
}

static const MemoryRegionOps devmem_ops = {
    .read = devmem_read,
    .write = devmem_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static QObject *devmem_counter_get(Object *obj, void *opaque, Error **errp)
{
    return QOBJECT(qnum_from_uint(*(uint64_t *)opaque));
}

static bool devmem_realize(PCIDevice *d, Error **errp)
{
    DevmemExporterState *s = DEVMEM_EXPORTER(d);

    if (s->size < 4096 || s->size > (64ull << 30) ||
        (s->size & (s->size - 1))) {
        error_setg(errp, "Property 'devmem-exporter.size' must be a power "
                   "of two between 4 KiB and 64 GiB");
        return false;
    }
    if (!memory_region_init_ram(&s->mem, s, "devmem-exporter-mem", s->size,
                                errp)) {
        memory_region_finalize(&s->mem);
        return false;
    }
    memory_region_init_io(&s->regs, s, &devmem_ops, s, "devmem-exporter-regs",
                          4096);
    d->config[PCI_INTERRUPT_PIN] = 1;
    pci_register_bar(d, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->regs);
    pci_register_bar(d, 2, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->mem);
    if (!msi_init(d, 0, 1, true, false, errp) ||
        !msix_init_exclusive_bar(d, 1, 1, errp)) {
        memory_region_finalize(&s->regs);
        memory_region_finalize(&s->mem);
        return false;
    }
    object_property_add(OBJECT(s), "copies", "uint64", devmem_counter_get,
                        NULL, NULL, &s->copies);
    object_property_add(OBJECT(s), "copy-bytes", "uint64",
                        devmem_counter_get, NULL, NULL, &s->copy_bytes);
    return true;
}

static void devmem_exit(PCIDevice *d)
{
    DevmemExporterState *s = DEVMEM_EXPORTER(d);

    msix_uninit(d);
    msi_uninit(d);
    memory_region_finalize(&s->regs);
    memory_region_finalize(&s->mem);
}

static void devmem_reset(PCIDevice *d)
{
    DevmemExporterState *s = DEVMEM_EXPORTER(d);

    s->src = s->dst = 0;
    s->len = 0;
    s->status = 0;
    s->irq_enable = 0;
}

static void devmem_class_init(ObjectClass *oc, const void *data)
{
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    DeviceClass *dc = DEVICE_CLASS(oc);

    pc->vendor_id = DEVMEM_EXPORTER_VENDOR_ID;
    pc->device_id = DEVMEM_EXPORTER_DEVICE_ID;
    pc->class_id = 0x0380;
    pc->realize = devmem_realize;
    pc->exit = devmem_exit;
    pc->reset = devmem_reset;
    dc->category = DEVICE_CATEGORY_MISC;
    dc->user_creatable = true;
}

static const Property devmem_props[] = {
    DEFINE_PROP_SIZE("size", DevmemExporterState, size, 64 * 1024 * 1024,
                     "device memory size (power of two)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo devmem_exporter_type_info = {
    .name = TYPE_DEVMEM_EXPORTER,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(DevmemExporterState),
    .class_init = devmem_class_init,
    .props = devmem_props,
    .desc = "device memory with a copy engine (peer-to-peer DMA source)",
};
