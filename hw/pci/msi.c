/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MSI capability: layout, guest config writes, masking and delivery.
 *
 * Layout (offsets from the capability): flags at +2; address low at +4;
 * for 64-bit, address high at +8 and data at +12, else data at +8;
 * with per-vector masking the mask and pending dwords follow the data
 * word's dword.
 */
#include "qemu/osdep.h"
#include "hw/pci/msi.h"
#include "qemu/log.h"

static uint16_t msi_flags(const PCIDevice *d)
{
    return pci_get_word(d->config + d->msi_cap + PCI_MSI_FLAGS);
}

static bool msi_is_64(const PCIDevice *d)
{
    return msi_flags(d) & PCI_MSI_FLAGS_64BIT;
}

static bool msi_has_mask(const PCIDevice *d)
{
    return msi_flags(d) & PCI_MSI_FLAGS_MASKBIT;
}

static unsigned msi_data_off(const PCIDevice *d)
{
    return d->msi_cap + (msi_is_64(d) ? PCI_MSI_DATA_64 : PCI_MSI_DATA_32);
}

static unsigned msi_mask_off(const PCIDevice *d)
{
    return d->msi_cap + (msi_is_64(d) ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

static unsigned msi_pending_off(const PCIDevice *d)
{
    return d->msi_cap +
           (msi_is_64(d) ? PCI_MSI_PENDING_64 : PCI_MSI_PENDING_32);
}

static unsigned msi_cap_size(bool is64, bool mask)
{
    return 0x0a + (is64 ? 4 : 0) + (mask ? 10 : 0);
}

bool msi_present(const PCIDevice *dev)
{
    return dev->msi_cap != 0;
}

bool msi_enabled(const PCIDevice *dev)
{
    return msi_present(dev) && (msi_flags(dev) & PCI_MSI_FLAGS_ENABLE);
}

unsigned msi_nr_vectors_allocated(const PCIDevice *dev)
{
    unsigned qsize = (msi_flags(dev) & PCI_MSI_FLAGS_QSIZE) >> 4;

    /* The guest may enable more than capable: clamp like hardware. */
    return MIN(1u << qsize, dev->msi_vectors);
}

bool msi_init(PCIDevice *dev, uint8_t offset, unsigned nr_vectors,
              bool msi64bit, bool per_vector_mask, Error **errp)
{
    unsigned log2 = 0;
    uint16_t flags;
    uint8_t cap;

    g_assert(nr_vectors >= 1 && nr_vectors <= 32 &&
             !(nr_vectors & (nr_vectors - 1)));
    while ((1u << log2) < nr_vectors) {
        log2++;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_MSI, offset,
                             msi_cap_size(msi64bit, per_vector_mask), errp);
    if (!cap) {
        return false;
    }
    dev->msi_cap = cap;
    dev->msi_vectors = nr_vectors;
    flags = log2 << 1;
    flags |= msi64bit ? PCI_MSI_FLAGS_64BIT : 0;
    flags |= per_vector_mask ? PCI_MSI_FLAGS_MASKBIT : 0;
    pci_set_word(dev->config + cap + PCI_MSI_FLAGS, flags);
    pci_set_word(dev->wmask + cap + PCI_MSI_FLAGS,
                 PCI_MSI_FLAGS_QSIZE | PCI_MSI_FLAGS_ENABLE);
    pci_set_long(dev->wmask + cap + PCI_MSI_ADDRESS_LO, 0xfffffffc);
    if (msi64bit) {
        pci_set_long(dev->wmask + cap + PCI_MSI_ADDRESS_HI, 0xffffffff);
    }
    pci_set_word(dev->wmask + msi_data_off(dev), 0xffff);
    if (per_vector_mask) {
        pci_set_long(dev->wmask + msi_mask_off(dev),
                     0xffffffffu >> (32 - nr_vectors));
    }
    return true;
}

void msi_uninit(PCIDevice *dev)
{
    uint8_t cap = dev->msi_cap;

    if (!cap) {
        return;
    }
    /* Leave the bytes in the list; just make them inert. */
    pci_set_word(dev->config + cap + PCI_MSI_FLAGS, 0);
    pci_set_word(dev->wmask + cap + PCI_MSI_FLAGS, 0);
    dev->msi_cap = 0;
    dev->msi_vectors = 0;
}

void msi_reset(PCIDevice *dev)
{
    uint16_t flags;

    if (!msi_present(dev)) {
        return;
    }
    flags = msi_flags(dev) & ~(PCI_MSI_FLAGS_QSIZE | PCI_MSI_FLAGS_ENABLE);
    pci_set_word(dev->config + dev->msi_cap + PCI_MSI_FLAGS, flags);
    pci_set_long(dev->config + dev->msi_cap + PCI_MSI_ADDRESS_LO, 0);
    if (msi_is_64(dev)) {
        pci_set_long(dev->config + dev->msi_cap + PCI_MSI_ADDRESS_HI, 0);
    }
    pci_set_word(dev->config + msi_data_off(dev), 0);
    if (msi_has_mask(dev)) {
        pci_set_long(dev->config + msi_mask_off(dev), 0);
        pci_set_long(dev->config + msi_pending_off(dev), 0);
    }
}

bool msi_is_masked(const PCIDevice *dev, unsigned vector)
{
    if (!msi_has_mask(dev)) {
        return false;
    }
    return pci_get_long(dev->config + msi_mask_off(dev)) & (1u << vector);
}

static void msi_send(PCIDevice *dev, unsigned vector)
{
    unsigned nr = msi_nr_vectors_allocated(dev);
    uint64_t addr = pci_get_long(dev->config + dev->msi_cap +
                                 PCI_MSI_ADDRESS_LO);
    uint32_t data = pci_get_word(dev->config + msi_data_off(dev));

    if (msi_is_64(dev)) {
        addr |= (uint64_t)pci_get_long(dev->config + dev->msi_cap +
                                       PCI_MSI_ADDRESS_HI) << 32;
    }
    /* The low log2(nr) bits of the data select the vector. */
    data = (data & ~(nr - 1)) | vector;
    pci_send_msi_message(dev, addr, data);
}

static void msi_set_pending(PCIDevice *dev, unsigned vector, bool on)
{
    unsigned off = msi_pending_off(dev);
    uint32_t pend = pci_get_long(dev->config + off);

    pend = on ? (pend | (1u << vector)) : (pend & ~(1u << vector));
    pci_set_long(dev->config + off, pend);
}

void msi_notify(PCIDevice *dev, unsigned vector)
{
    g_assert(msi_present(dev) && vector < dev->msi_vectors);
    if (!msi_enabled(dev)) {
        return;
    }
    if (vector >= msi_nr_vectors_allocated(dev)) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: MSI vector %u not enabled by "
                      "the guest\n", object_get_typename(OBJECT(dev)),
                      vector);
        return;
    }
    if (msi_is_masked(dev, vector)) {
        msi_set_pending(dev, vector, true);
        return;
    }
    msi_send(dev, vector);
}

/* Send what became unmasked and is pending. */
void msi_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                      unsigned len)
{
    uint32_t pend;
    unsigned nr;

    if (!msi_present(dev) || !msi_has_mask(dev) || !msi_enabled(dev) ||
        addr >= dev->msi_cap + msi_cap_size(true, true) ||
        addr + len <= dev->msi_cap) {
        return;
    }
    pend = pci_get_long(dev->config + msi_pending_off(dev));
    nr = msi_nr_vectors_allocated(dev);
    for (unsigned v = 0; v < nr; v++) {
        if ((pend & (1u << v)) && !msi_is_masked(dev, v)) {
            msi_set_pending(dev, v, false);
            msi_send(dev, v);
        }
    }
}
