/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Driver for devmem-exporter (PCI 1b36:00f0), the emulator's model of a
 * GPU-like device with a BAR of device memory and a copy engine
 * (docs/gve.md).  The driver hands out ranges of that memory by bus
 * address, for a NIC to read by peer-to-peer DMA (devmem TX), and fills
 * them with the copy engine, waiting for its MSI-X completion interrupt.
 */
#ifndef GUEST_DEVMEM_H
#define GUEST_DEVMEM_H
#include "pci.h"

#define DEVMEM_VENDOR       0x1b36
#define DEVMEM_DEVICE       0x00f0

typedef struct Devmem {
    PciDev *pci;
    volatile uint32_t *regs;
    uint64_t mem_bus;               /* bus address of the device memory */
    uint64_t mem_size;
    volatile unsigned irqs;
    bool use_irq;
} Devmem;

extern const PciDriver devmem_driver;

Devmem *devmem_first(void);
/*
 * Copy @len bytes from guest RAM at physical @src to device memory
 * offset @dst (to_dev), or from offset @src to physical @dst; waits for
 * the completion interrupt (or polls without one).  0 or -1.
 */
int devmem_copy(Devmem *m, uint64_t src, uint64_t dst, uint32_t len,
                bool to_dev);
/* Bus address of device memory offset @off (what a NIC DMA-reads). */
uint64_t devmem_bus_addr(Devmem *m, uint64_t off);

#endif
