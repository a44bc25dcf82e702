/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MSI and MSI-X programming.  The message (address, data) comes from the
 * arch; MSI gets one vector, MSI-X one table entry at a time (the table
 * lives in a memory BAR named by the capability).
 */
#include "pci.h"
#include "kernel.h"
#include "mm.h"

#define MSI_CTRL            2
#define MSI_ADDR_LO         4
#define MSI_CTRL_ENABLE     BIT(0)
#define MSI_CTRL_MME        (7u << 4)
#define MSI_CTRL_64         BIT(7)

#define MSIX_CTRL           2
#define MSIX_TABLE          4
#define MSIX_CTRL_ENABLE    BIT(15)
#define MSIX_CTRL_MASKALL   BIT(14)
#define MSIX_ENTRY_SIZE     16

int pci_msi_enable(PciDev *d, int vector, unsigned cpu)
{
    uint8_t cap = d->msi_cap;
    uint16_t ctrl;
    uint64_t addr;
    uint32_t data;

    if (!cap) {
        return -1;
    }
#ifdef ARCH_MSI_MAP
    if (arch_msi_map(d, vector, cpu) < 0) {
        return -1;
    }
#endif
    arch_msi_message(cpu, vector, &addr, &data);
    ctrl = pci_read(d, cap + MSI_CTRL, 2);
    pci_write(d, cap + MSI_ADDR_LO, 4, (uint32_t)addr);
    if (ctrl & MSI_CTRL_64) {
        pci_write(d, cap + MSI_ADDR_LO + 4, 4, addr >> 32);
        pci_write(d, cap + 12, 2, data);
    } else {
        pci_write(d, cap + 8, 2, data);
    }
    ctrl = (ctrl & ~MSI_CTRL_MME) | MSI_CTRL_ENABLE;    /* one vector */
    pci_write(d, cap + MSI_CTRL, 2, ctrl);
    pci_write(d, PCI_COMMAND, 2,
              pci_read(d, PCI_COMMAND, 2) | PCI_CMD_INTX_OFF |
              PCI_CMD_MASTER);
    return 0;
}

/* Map the MSI-X table; *@nr gets its number of entries. */
static volatile uint32_t *msix_table(PciDev *d, unsigned *nr)
{
    uint16_t ctrl = pci_read(d, d->msix_cap + MSIX_CTRL, 2);
    uint32_t tbl = pci_read(d, d->msix_cap + MSIX_TABLE, 4);
    PciBar *b = &d->bar[tbl & 7];
    uint8_t *base;

    *nr = (ctrl & 0x7ff) + 1;
    if ((tbl & 7) >= PCI_NR_BARS || b->io || !b->addr) {
        return NULL;
    }
    base = ioremap(b->addr + (tbl & ~7u), *nr * MSIX_ENTRY_SIZE);
    return (volatile uint32_t *)base;
}

int pci_msix_enable(PciDev *d, unsigned entry, int vector, unsigned cpu)
{
    volatile uint32_t *t;
    unsigned nr;
    uint64_t addr;
    uint32_t data;
    uint16_t ctrl;

    if (!d->msix_cap || !(t = msix_table(d, &nr)) || entry >= nr) {
        return -1;
    }
#ifdef ARCH_MSI_MAP
    if (arch_msi_map(d, vector, cpu) < 0) {
        return -1;
    }
#endif
    pci_write(d, PCI_COMMAND, 2,
              pci_read(d, PCI_COMMAND, 2) | PCI_CMD_MEM | PCI_CMD_MASTER |
              PCI_CMD_INTX_OFF);
    ctrl = pci_read(d, d->msix_cap + MSIX_CTRL, 2);
    pci_write(d, d->msix_cap + MSIX_CTRL, 2, ctrl | MSIX_CTRL_MASKALL |
              MSIX_CTRL_ENABLE);
    arch_msi_message(cpu, vector, &addr, &data);
    t += entry * 4;
    t[0] = (uint32_t)addr;
    t[1] = addr >> 32;
    t[2] = data;
    t[3] = 0;                           /* unmasked */
    pci_write(d, d->msix_cap + MSIX_CTRL, 2, ctrl | MSIX_CTRL_ENABLE);
    return 0;
}

void pci_msix_disable(PciDev *d)
{
    uint16_t ctrl;

    if (d->msix_cap) {
        ctrl = pci_read(d, d->msix_cap + MSIX_CTRL, 2);
        pci_write(d, d->msix_cap + MSIX_CTRL, 2, ctrl & ~MSIX_CTRL_ENABLE);
    }
}
