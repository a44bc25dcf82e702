/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Driver for pci-testdev; see pci-testdev.h for the device's layout. */
#include "pci-testdev.h"
#include "kernel.h"
#include "mm.h"

static uint8_t rd(PciTestdev *t, bool io, unsigned off)
{
    return io ? arch_ioport_read8(t->port + off) : t->mmio[off];
}

void pci_testdev_select(PciTestdev *t, bool io, unsigned n,
                        PciTestdevHdr *h)
{
    uint8_t b[48];

    if (io) {
        arch_ioport_write8(t->port, n);
    } else {
        t->mmio[0] = n;
    }
    for (unsigned i = 0; i < sizeof(b); i++) {
        b[i] = rd(t, io, i);
    }
    h->test = b[0];
    h->width = b[1];
    memcpy(&h->offset, b + 4, 4);
    memcpy(&h->data, b + 8, 4);
    memcpy(&h->count, b + 12, 4);
    memcpy(h->name, b + 16, sizeof(h->name));
    h->name[sizeof(h->name) - 1] = '\0';
}

uint32_t pci_testdev_count(PciTestdev *t, bool io)
{
    uint32_t v = 0;

    for (int i = 3; i >= 0; i--) {
        v = v << 8 | rd(t, io, 12 + i);
    }
    return v;
}

void pci_testdev_hit(PciTestdev *t, bool io, const PciTestdevHdr *h,
                     unsigned times)
{
    for (unsigned i = 0; i < times; i++) {
        if (io) {
            arch_ioport_write8(t->port + h->offset, h->data);
        } else {
            t->mmio[h->offset] = h->data;
        }
    }
}

static int pci_testdev_probe(PciDev *d)
{
    PciTestdev *t = kzalloc(sizeof(*t));

    if (!t || !d->bar[1].io) {
        kfree(t);
        return -1;
    }
    pci_write(d, PCI_COMMAND, 2,
              pci_read(d, PCI_COMMAND, 2) | PCI_CMD_MEM | PCI_CMD_IO);
    t->pci = d;
    t->mmio = pci_map_bar(d, 0);
    t->port = d->bar[1].addr;
    if (!t->mmio) {
        kfree(t);
        return -1;
    }
    d->priv = t;
    printf("pci-testdev: BAR0 %lx, BAR1 port %x\n", d->bar[0].addr, t->port);
    return 0;
}

const PciDriver pci_testdev_driver = {
    .name = "pci-testdev",
    .vendor = PCI_TESTDEV_VENDOR,
    .device = PCI_TESTDEV_DEVICE,
    .probe = pci_testdev_probe,
};
