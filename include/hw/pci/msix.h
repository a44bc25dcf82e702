/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MSI-X: the capability plus a vector table and a pending-bit array (PBA)
 * in memory BARs (PCI 3.0 §6.8.2).
 *
 * Table entries are 16 bytes (address low/high, data, vector control);
 * the guest reads and writes them with 4- or 8-byte accesses.  A vector
 * fires when MSI-X is enabled and neither the function mask nor the
 * vector's mask bit is set; otherwise its pending bit is set and the
 * message is sent when the guest unmasks it.  Messages go through the
 * bus-master address space (bus mastering must be on).
 */
#ifndef HW_PCI_MSIX_H
#define HW_PCI_MSIX_H

#include "hw/pci/pci.h"

/*
 * General form: the table sits at @table_offset in @table_bar (a
 * container the device registered or will register as BAR
 * @table_bar_nr), the PBA at @pba_offset in @pba_bar.  @cap_pos 0 places
 * the capability anywhere.  1..2048 vectors.
 */
bool msix_init(PCIDevice *dev, unsigned short nentries,
               MemoryRegion *table_bar, uint8_t table_bar_nr,
               uint32_t table_offset, MemoryRegion *pba_bar,
               uint8_t pba_bar_nr, uint32_t pba_offset, uint8_t cap_pos,
               Error **errp);
/*
 * A BAR of its own (32-bit memory BAR @bar_nr) holding the table at 0
 * and the PBA in its upper half; the helper registers the BAR.
 */
bool msix_init_exclusive_bar(PCIDevice *dev, unsigned short nentries,
                             uint8_t bar_nr, Error **errp);
void msix_uninit(PCIDevice *dev);
bool msix_present(const PCIDevice *dev);
bool msix_enabled(const PCIDevice *dev);
bool msix_is_masked(const PCIDevice *dev, unsigned vector);
bool msix_is_pending(const PCIDevice *dev, unsigned vector);
void msix_notify(PCIDevice *dev, unsigned vector);

/* Core hooks (hw/pci/pci.c). */
void msix_reset(PCIDevice *dev);
void msix_write_config(PCIDevice *dev, uint32_t addr, uint32_t val,
                       unsigned len, uint16_t old_flags);

#endif
