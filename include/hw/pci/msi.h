/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MSI: the message-signalled interrupt capability (PCI 3.0 §6.8.1).
 *
 * A device calls msi_init() in realize and msi_notify() to signal a
 * vector.  The core handles the guest's config writes (enable, number of
 * vectors, per-vector mask and the pending bits it implies) and resets the
 * capability with the device.  Messages are 32-bit little-endian writes
 * into the device's bus-master address space, so they are dropped while
 * bus mastering is off.
 */
#ifndef HW_PCI_MSI_H
#define HW_PCI_MSI_H

#include "hw/pci/pci.h"

/*
 * Add an MSI capability at @offset (0: anywhere) for @nr_vectors (1, 2,
 * 4, 8, 16 or 32), with a 64-bit address and/or per-vector masking.
 */
bool msi_init(PCIDevice *dev, uint8_t offset, unsigned nr_vectors,
              bool msi64bit, bool per_vector_mask, Error **errp);
void msi_uninit(PCIDevice *dev);
bool msi_present(const PCIDevice *dev);
bool msi_enabled(const PCIDevice *dev);
/* Vectors the guest enabled (1 << Multiple Message Enable). */
unsigned msi_nr_vectors_allocated(const PCIDevice *dev);
/* Signal @vector: sent now, or left pending while masked. */
void msi_notify(PCIDevice *dev, unsigned vector);
bool msi_is_masked(const PCIDevice *dev, unsigned vector);

/* Core hooks (hw/pci/pci.c). */
void msi_reset(PCIDevice *dev);
void msi_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                      unsigned len);

#endif
