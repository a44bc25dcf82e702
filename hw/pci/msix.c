/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MSI-X: capability, vector table and PBA MMIO, masking and delivery.
 *
 * The table and PBA are MMIO regions placed in the device's BAR
 * containers: the table accepts 4- and 8-byte little-endian accesses,
 * the PBA is read-only.  Every change that can unmask a vector (vector
 * control, function mask, enable) re-checks the pending bits.
 */
#include "qemu/osdep.h"
#include "hw/pci/msix.h"
#include "qemu/log.h"

/* Bytes of PBA: one bit per vector, in whole qwords. */
static uint64_t msix_pba_size(unsigned nentries)
{
    return (nentries + 63) / 64 * 8;
}

static uint16_t msix_flags(const PCIDevice *d)
{
    return pci_get_word(d->config + d->msix_cap + PCI_MSIX_FLAGS);
}

bool msix_present(const PCIDevice *dev)
{
    return dev->msix_cap != 0;
}

bool msix_enabled(const PCIDevice *dev)
{
    return msix_present(dev) && (msix_flags(dev) & PCI_MSIX_FLAGS_ENABLE);
}

static bool msix_function_masked(const PCIDevice *dev)
{
    return msix_flags(dev) & PCI_MSIX_FLAGS_MASKALL;
}

static uint8_t *msix_entry(const PCIDevice *dev, unsigned vector)
{
    return dev->msix_table + vector * PCI_MSIX_ENTRY_SIZE;
}

static bool msix_vector_masked(const PCIDevice *dev, unsigned vector)
{
    return pci_get_long(msix_entry(dev, vector) + PCI_MSIX_ENTRY_CTRL) &
           PCI_MSIX_ENTRY_CTRL_MASKBIT;
}

bool msix_is_masked(const PCIDevice *dev, unsigned vector)
{
    return !msix_enabled(dev) || msix_function_masked(dev) ||
           msix_vector_masked(dev, vector);
}

bool msix_is_pending(const PCIDevice *dev, unsigned vector)
{
    return dev->msix_pba[vector / 8] & (1u << (vector % 8));
}

static void msix_set_pending(PCIDevice *dev, unsigned vector, bool on)
{
    uint8_t bit = 1u << (vector % 8);

    if (on) {
        dev->msix_pba[vector / 8] |= bit;
    } else {
        dev->msix_pba[vector / 8] &= ~bit;
    }
}

static void msix_send(PCIDevice *dev, unsigned vector)
{
    const uint8_t *e = msix_entry(dev, vector);

    pci_send_msi_message(dev, pci_get_quad(e + PCI_MSIX_ENTRY_ADDR_LO),
                         pci_get_long(e + PCI_MSIX_ENTRY_DATA));
}

void msix_notify(PCIDevice *dev, unsigned vector)
{
    g_assert(msix_present(dev) && vector < dev->msix_entries);
    if (!msix_enabled(dev)) {
        return;     /* disabled: nothing is signalled or remembered */
    }
    if (msix_is_masked(dev, vector)) {
        msix_set_pending(dev, vector, true);
        return;
    }
    msix_send(dev, vector);
}

static void msix_check_pending(PCIDevice *dev, unsigned vector)
{
    if (msix_is_pending(dev, vector) && !msix_is_masked(dev, vector)) {
        msix_set_pending(dev, vector, false);
        msix_send(dev, vector);
    }
}

/* --- Table and PBA MMIO --- */

static uint64_t msix_table_read(void *opaque, hwaddr off, unsigned size)
{
    PCIDevice *dev = opaque;

    return pci_get_long(dev->msix_table + off);
}

static void msix_table_write(void *opaque, hwaddr off, uint64_t val,
                             unsigned size)
{
    PCIDevice *dev = opaque;
    unsigned vector = off / PCI_MSIX_ENTRY_SIZE;

    pci_set_long(dev->msix_table + off, val);
    if (off % PCI_MSIX_ENTRY_SIZE == PCI_MSIX_ENTRY_CTRL) {
        /* Only the mask bit is defined; the rest reads as zero. */
        pci_set_long(dev->msix_table + off, val & PCI_MSIX_ENTRY_CTRL_MASKBIT);
        msix_check_pending(dev, vector);
    }
}

static const MemoryRegionOps msix_table_ops = {
    .read = msix_table_read,
    .write = msix_table_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t msix_pba_read(void *opaque, hwaddr off, unsigned size)
{
    PCIDevice *dev = opaque;
    unsigned pba_size = msix_pba_size(dev->msix_entries);

    return off + 4 <= pba_size ? pci_get_long(dev->msix_pba + off) : 0;
}

static void msix_pba_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR, "msix: write to the read-only PBA at "
                  "0x%" HWADDR_PRIx "\n", off);
}

static const MemoryRegionOps msix_pba_ops = {
    .read = msix_pba_read,
    .write = msix_pba_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* --- Capability --- */

static void msix_mask_all_entries(PCIDevice *dev)
{
    memset(dev->msix_table, 0, dev->msix_entries * PCI_MSIX_ENTRY_SIZE);
    for (unsigned v = 0; v < dev->msix_entries; v++) {
        pci_set_long(msix_entry(dev, v) + PCI_MSIX_ENTRY_CTRL,
                     PCI_MSIX_ENTRY_CTRL_MASKBIT);
    }
}

static bool msix_check_layout(PCIDevice *dev, unsigned nentries,
                              MemoryRegion *table_bar, uint32_t table_off,
                              MemoryRegion *pba_bar, uint32_t pba_off,
                              Error **errp)
{
    uint64_t table_size = nentries * PCI_MSIX_ENTRY_SIZE;
    uint64_t pba_size = msix_pba_size(nentries);

    if (nentries < 1 || nentries > 2048) {
        error_setg(errp, "MSI-X: invalid number of vectors %u", nentries);
        return false;
    }
    if ((table_off | pba_off) & PCI_MSIX_BIR_MASK ||
        table_off + table_size > memory_region_size(table_bar) ||
        pba_off + pba_size > memory_region_size(pba_bar) ||
        (table_bar == pba_bar && table_off < pba_off + pba_size &&
         pba_off < table_off + table_size)) {
        error_setg(errp, "MSI-X: table or PBA does not fit its BAR");
        return false;
    }
    return true;
}

bool msix_init(PCIDevice *dev, unsigned short nentries,
               MemoryRegion *table_bar, uint8_t table_bar_nr,
               uint32_t table_offset, MemoryRegion *pba_bar,
               uint8_t pba_bar_nr, uint32_t pba_offset, uint8_t cap_pos,
               Error **errp)
{
    uint64_t pba_size = msix_pba_size(nentries);
    uint8_t cap;

    if (!msix_check_layout(dev, nentries, table_bar, table_offset, pba_bar,
                           pba_offset, errp)) {
        return false;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_MSIX, cap_pos,
                             PCI_MSIX_CAP_SIZE, errp);
    if (!cap) {
        return false;
    }
    dev->msix_cap = cap;
    dev->msix_entries = nentries;
    dev->msix_table = g_malloc0(nentries * PCI_MSIX_ENTRY_SIZE);
    dev->msix_pba = g_malloc0(pba_size);
    msix_mask_all_entries(dev);
    pci_set_word(dev->config + cap + PCI_MSIX_FLAGS, nentries - 1);
    pci_set_long(dev->config + cap + PCI_MSIX_TABLE,
                 table_offset | table_bar_nr);
    pci_set_long(dev->config + cap + PCI_MSIX_PBA, pba_offset | pba_bar_nr);
    pci_set_word(dev->wmask + cap + PCI_MSIX_FLAGS,
                 PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);

    memory_region_init_io(&dev->msix_table_mmio, dev, &msix_table_ops, dev,
                          "msix-table", nentries * PCI_MSIX_ENTRY_SIZE);
    memory_region_add_subregion(table_bar, table_offset,
                                &dev->msix_table_mmio);
    memory_region_init_io(&dev->msix_pba_mmio, dev, &msix_pba_ops, dev,
                          "msix-pba", pba_size);
    memory_region_add_subregion(pba_bar, pba_offset, &dev->msix_pba_mmio);
    dev->msix_table_bar = table_bar;
    dev->msix_pba_bar = pba_bar;
    return true;
}

bool msix_init_exclusive_bar(PCIDevice *dev, unsigned short nentries,
                             uint8_t bar_nr, Error **errp)
{
    uint64_t table_size = (uint64_t)nentries * PCI_MSIX_ENTRY_SIZE;
    uint64_t bar_size = 4096;
    g_autofree char *name = g_strdup_printf("%s-msix",
                                            object_get_typename(OBJECT(dev)));

    /* Table in the lower half, PBA in the upper half, size a power of 2. */
    while (bar_size < 2 * table_size) {
        bar_size *= 2;
    }
    memory_region_init(&dev->msix_exclusive_bar, dev, name, bar_size);
    if (!msix_init(dev, nentries, &dev->msix_exclusive_bar, bar_nr, 0,
                   &dev->msix_exclusive_bar, bar_nr, bar_size / 2, 0,
                   errp)) {
        memory_region_finalize(&dev->msix_exclusive_bar);
        return false;
    }
    dev->msix_exclusive = true;
    pci_register_bar(dev, bar_nr, PCI_BASE_ADDRESS_SPACE_MEMORY,
                     &dev->msix_exclusive_bar);
    return true;
}

void msix_uninit(PCIDevice *dev)
{
    if (!msix_present(dev)) {
        return;
    }
    memory_region_del_subregion(dev->msix_table_bar, &dev->msix_table_mmio);
    memory_region_del_subregion(dev->msix_pba_bar, &dev->msix_pba_mmio);
    memory_region_finalize(&dev->msix_table_mmio);
    memory_region_finalize(&dev->msix_pba_mmio);
    if (dev->msix_exclusive) {
        memory_region_finalize(&dev->msix_exclusive_bar);
        dev->msix_exclusive = false;
    }
    pci_set_word(dev->config + dev->msix_cap + PCI_MSIX_FLAGS, 0);
    pci_set_word(dev->wmask + dev->msix_cap + PCI_MSIX_FLAGS, 0);
    g_clear_pointer(&dev->msix_table, g_free);
    g_clear_pointer(&dev->msix_pba, g_free);
    dev->msix_cap = 0;
    dev->msix_entries = 0;
}

void msix_reset(PCIDevice *dev)
{
    uint16_t flags;

    if (!msix_present(dev)) {
        return;
    }
    flags = msix_flags(dev) &
            ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    pci_set_word(dev->config + dev->msix_cap + PCI_MSIX_FLAGS, flags);
    msix_mask_all_entries(dev);
    memset(dev->msix_pba, 0, msix_pba_size(dev->msix_entries));
}

void msix_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                       unsigned len, uint16_t old_flags)
{
    uint16_t flags;

    if (!msix_present(dev)) {
        return;
    }
    flags = msix_flags(dev);
    if (flags == old_flags || !msix_enabled(dev) ||
        msix_function_masked(dev)) {
        return;
    }
    for (unsigned v = 0; v < dev->msix_entries; v++) {
        msix_check_pending(dev, v);
    }
}
