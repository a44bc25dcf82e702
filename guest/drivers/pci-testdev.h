/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Driver for QEMU's pci-testdev (1b36:0005): BAR0 (memory) and BAR1 (I/O)
 * each hold three tests; selecting a test shows its header (width,
 * offset, data, hit count, name), and writes to the offset are counted.
 */
#ifndef GUEST_PCI_TESTDEV_H
#define GUEST_PCI_TESTDEV_H

#include "pci.h"

#define PCI_TESTDEV_VENDOR  0x1b36
#define PCI_TESTDEV_DEVICE  0x0005
#define PCI_TESTDEV_NR      3

typedef struct PciTestdev {
    PciDev *pci;
    volatile uint8_t *mmio;
    uint16_t port;
} PciTestdev;

typedef struct PciTestdevHdr {
    uint8_t test;
    uint8_t width;
    uint32_t offset;
    uint32_t data;
    uint32_t count;
    char name[32];
} PciTestdevHdr;

extern const PciDriver pci_testdev_driver;

/* Select test @n of BAR0 (@io false) or BAR1 and read its header. */
void pci_testdev_select(PciTestdev *t, bool io, unsigned n,
                        PciTestdevHdr *h);
/* The selected test's hit count. */
uint32_t pci_testdev_count(PciTestdev *t, bool io);
/* Write the test's data byte to its offset @times times. */
void pci_testdev_hit(PciTestdev *t, bool io, const PciTestdevHdr *h,
                     unsigned times);

#endif
