/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI: configuration access (ECAM when the machine has it, else the
 * arch's legacy mechanism), enumeration with BAR sizing, MSI and MSI-X
 * programming, and a driver model: drivers match by vendor/device ID and
 * are listed in drivers/list.c.
 */
#ifndef GUEST_PCI_H
#define GUEST_PCI_H

#include "types.h"

#define PCI_MAX_DEVICES     64
#define PCI_NR_BARS         6

#define PCI_VENDOR_ID       0x00
#define PCI_DEVICE_ID       0x02
#define PCI_COMMAND         0x04
#define PCI_STATUS          0x06
#define PCI_CLASS_REV       0x08
#define PCI_HEADER_TYPE     0x0e
#define PCI_BAR0            0x10
#define PCI_SECONDARY_BUS   0x19
#define PCI_CAP_PTR         0x34
#define PCI_INTERRUPT_PIN   0x3d

#define PCI_CMD_IO          BIT(0)
#define PCI_CMD_MEM         BIT(1)
#define PCI_CMD_MASTER      BIT(2)
#define PCI_CMD_INTX_OFF    BIT(10)
#define PCI_STATUS_CAPS     BIT(4)

#define PCI_CAP_MSI         0x05
#define PCI_CAP_MSIX        0x11

typedef struct PciBar {
    uint64_t addr;
    uint64_t size;
    bool io;
    bool is64;
    bool prefetch;
} PciBar;

typedef struct PciDev {
    uint8_t bus, slot, func;
    uint16_t vendor, device;
    uint32_t class_rev;
    PciBar bar[PCI_NR_BARS];
    uint8_t msi_cap, msix_cap;
    const struct PciDriver *driver;
    void *priv;
} PciDev;

typedef struct PciDriver {
    const char *name;
    uint16_t vendor, device;
    int (*probe)(PciDev *d);
} PciDriver;

typedef struct PciConfOps {
    uint32_t (*read)(unsigned bus, unsigned devfn, unsigned off, int size);
    void (*write)(unsigned bus, unsigned devfn, unsigned off, int size,
                  uint32_t v);
} PciConfOps;

extern PciDev pci_devices[PCI_MAX_DEVICES];
extern unsigned pci_nr_devices;
extern const char *pci_access;              /* "ecam" or "legacy" */
extern const PciDriver *const pci_drivers[];

void pci_init(void);
PciDev *pci_find(uint16_t vendor, uint16_t device);

uint32_t pci_read(const PciDev *d, unsigned off, int size);
void pci_write(const PciDev *d, unsigned off, int size, uint32_t v);
uint8_t pci_find_cap(const PciDev *d, uint8_t id);
/* Map memory BAR @n; NULL if it is not a memory BAR. */
void *pci_map_bar(PciDev *d, int n);

/* MSI: one vector to @cpu; MSI-X: table entry @entry. */
int pci_msi_enable(PciDev *d, int vector, unsigned cpu);
int pci_msix_enable(PciDev *d, unsigned entry, int vector, unsigned cpu);
void pci_msix_disable(PciDev *d);

/* The arch's configuration mechanisms (arch/x86_64/pci.c). */
const PciConfOps *arch_pci_legacy_ops(void);
uint64_t arch_pci_ecam_base(void);
/*
 * Where unassigned BARs go, when the arch defines ARCH_PCI_WINDOWS (else
 * the pc's windows in drivers/pci.c).
 */
void arch_pci_windows(uint64_t *mem, uint64_t *mem_end, uint32_t *io,
                      uint32_t *io_end);
/*
 * When the arch defines ARCH_MSI_MAP: route @d's MSI with @vector to
 * @cpu in the interrupt controller (an ITS mapping on arm64) before the
 * message is programmed; < 0 if it cannot.
 */
int arch_msi_map(PciDev *d, int vector, unsigned cpu);
/* The address/data pair of an MSI to @cpu with @vector. */
void arch_msi_message(unsigned cpu, int vector, uint64_t *addr,
                      uint32_t *data);

#endif
