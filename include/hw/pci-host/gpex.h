/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generic PCI Express host ("gpex-pcihost"): an ECAM window, the PCI
 * memory and I/O spaces as containers a board maps windows of, and four
 * INTx lines with the standard swizzle.  Described in hw/pci-host/gpex.c.
 */
#ifndef HW_PCI_HOST_GPEX_H
#define HW_PCI_HOST_GPEX_H

#include "hw/pci/pci.h"
#include "hw/core/sysbus.h"

#define TYPE_GPEX_HOST "gpex-pcihost"
#define TYPE_GPEX_ROOT_DEVICE "gpex-root"
#define GPEX_NUM_IRQS 4

typedef struct GPEXHost {
    SysBusDevice parent_obj;

    uint64_t ecam_size;         /* "ecam-size": 1 MiB per bus */
    MemoryRegion ecam_mr;       /* MMIO 0 */
    MemoryRegion mem;           /* MMIO 1: PCI memory space (2^64) */
    MemoryRegion io;            /* MMIO 2: PCI I/O space (64 KiB) */
    bool mr_init;
    PCIBus *bus;
    qemu_irq irq[GPEX_NUM_IRQS];
} GPEXHost;

#define GPEX_HOST(obj) OBJECT_CHECK(GPEXHost, (obj), TYPE_GPEX_HOST)

extern const TypeInfo gpex_host_type_info;
extern const TypeInfo gpex_root_type_info;

/* INTx pin @pin (0 = INTA) of a device in @slot drives line (slot+pin)%4. */
static inline int gpex_swizzle(int slot, int pin)
{
    return (slot + pin) % GPEX_NUM_IRQS;
}

#endif
