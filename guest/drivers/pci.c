/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI enumeration and the driver model.  Configuration space is reached
 * through ECAM if the arch names a window and it answers like the legacy
 * mechanism for 00:00.0, else through the legacy mechanism.  Buses are
 * scanned from 0, following bridges.  BARs are sized; unassigned ones
 * (no firmware ran) get addresses from simple bump windows.  Each device
 * is offered to the drivers of drivers/list.c by vendor/device ID.
 */
#include "pci.h"
#include "kernel.h"
#include "mm.h"

#define ECAM_BUS_SIZE       (1 * MiB)
#define MEM_WINDOW_START    0xc0000000ULL
#define MEM_WINDOW_END      0xfec00000ULL
#define IO_WINDOW_START     0xc000
#define IO_WINDOW_END       0x10000

PciDev pci_devices[PCI_MAX_DEVICES];
unsigned pci_nr_devices;
const char *pci_access = "none";

static const PciConfOps *conf;
static uint64_t ecam_phys;
static volatile uint8_t *ecam_bus[256];
static uint64_t mem_next = MEM_WINDOW_START;
static uint32_t io_next = IO_WINDOW_START;
static uint64_t mem_end = MEM_WINDOW_END;
static uint32_t io_end = IO_WINDOW_END;

static volatile uint8_t *ecam_addr(unsigned bus, unsigned devfn,
                                   unsigned off)
{
    if (!ecam_bus[bus]) {
        ecam_bus[bus] = ioremap(ecam_phys + bus * ECAM_BUS_SIZE,
                                ECAM_BUS_SIZE);
    }
    return ecam_bus[bus] + (devfn << 12) + (off & 0xfff);
}

static uint32_t ecam_read(unsigned bus, unsigned devfn, unsigned off,
                          int size)
{
    volatile uint8_t *p = ecam_addr(bus, devfn, off);

    return size == 1 ? *p : size == 2 ? *(volatile uint16_t *)p :
           *(volatile uint32_t *)p;
}

static void ecam_write(unsigned bus, unsigned devfn, unsigned off, int size,
                       uint32_t v)
{
    volatile uint8_t *p = ecam_addr(bus, devfn, off);

    if (size == 1) {
        *p = v;
    } else if (size == 2) {
        *(volatile uint16_t *)p = v;
    } else {
        *(volatile uint32_t *)p = v;
    }
}

static const PciConfOps ecam_ops = { ecam_read, ecam_write };

static unsigned devfn_of(const PciDev *d)
{
    return d->slot << 3 | d->func;
}

uint32_t pci_read(const PciDev *d, unsigned off, int size)
{
    return conf->read(d->bus, devfn_of(d), off, size);
}

void pci_write(const PciDev *d, unsigned off, int size, uint32_t v)
{
    conf->write(d->bus, devfn_of(d), off, size, v);
}

uint8_t pci_find_cap(const PciDev *d, uint8_t id)
{
    uint8_t p;

    if (!(pci_read(d, PCI_STATUS, 2) & PCI_STATUS_CAPS)) {
        return 0;
    }
    p = pci_read(d, PCI_CAP_PTR, 1) & ~3;
    for (int guard = 0; p && guard < 48; guard++) {
        if (pci_read(d, p, 1) == id) {
            return p;
        }
        p = pci_read(d, p + 1, 1) & ~3;
    }
    return 0;
}

static uint64_t bump(uint64_t *next, uint64_t size, uint64_t end)
{
    uint64_t a = ALIGN_UP(*next, size);

    if (a + size > end) {
        return 0;
    }
    *next = a + size;
    return a;
}

/* Size BAR @n (and assign it if unassigned); returns the BARs used. */
static int bar_probe(PciDev *d, int n)
{
    unsigned off = PCI_BAR0 + 4 * n;
    uint32_t orig = pci_read(d, off, 4), mask, hi = 0, hmask = 0;
    PciBar *b = &d->bar[n];

    pci_write(d, off, 4, 0xffffffff);
    mask = pci_read(d, off, 4);
    pci_write(d, off, 4, orig);
    b->io = orig & 1;
    b->is64 = !b->io && ((orig >> 1) & 3) == 2;
    b->prefetch = !b->io && (orig & 8);
    if (b->is64 && n < PCI_NR_BARS - 1) {
        hi = pci_read(d, off + 4, 4);
        pci_write(d, off + 4, 4, 0xffffffff);
        hmask = pci_read(d, off + 4, 4);
        pci_write(d, off + 4, 4, hi);
    }
    mask &= b->io ? ~3u : ~15u;
    if (!mask && !hmask) {
        return 1;
    }
    b->size = ~(((uint64_t)hmask << 32) | mask) + 1;
    if (!b->is64) {
        b->size &= 0xffffffff;
    }
    if (b->io) {
        b->size &= 0xffff;
    }
    b->addr = (((uint64_t)hi << 32) | orig) & (b->io ? ~3ULL : ~15ULL);
    if (!b->addr) {
        uint64_t io = io_next, a;

        a = b->io ? bump(&io, b->size, io_end) :
            bump(&mem_next, b->size, mem_end);
        io_next = io;
        b->addr = a;
        pci_write(d, off, 4, (uint32_t)a | (orig & (b->io ? 3 : 15)));
        if (b->is64) {
            pci_write(d, off + 4, 4, a >> 32);
        }
    }
    return b->is64 ? 2 : 1;
}

void *pci_map_bar(PciDev *d, int n)
{
    PciBar *b = &d->bar[n];

    if (b->io || !b->addr || !b->size) {
        return NULL;
    }
    return ioremap(b->addr, b->size);
}

static void probe_driver(PciDev *d)
{
    for (int i = 0; pci_drivers[i]; i++) {
        const PciDriver *drv = pci_drivers[i];

        if (drv->vendor == d->vendor && drv->device == d->device) {
            d->driver = drv;
            if (drv->probe(d) < 0) {
                printf("pci %02x:%02x.%x: %s probe failed\n", d->bus,
                       d->slot, d->func, drv->name);
                d->driver = NULL;
            }
            return;
        }
    }
}

static void scan_bus(unsigned bus);

static void add_function(unsigned bus, unsigned slot, unsigned func)
{
    PciDev *d;
    uint8_t type;

    if (pci_nr_devices == PCI_MAX_DEVICES) {
        return;
    }
    d = &pci_devices[pci_nr_devices++];
    *d = (PciDev){ .bus = bus, .slot = slot, .func = func };
    d->vendor = pci_read(d, PCI_VENDOR_ID, 2);
    d->device = pci_read(d, PCI_DEVICE_ID, 2);
    d->class_rev = pci_read(d, PCI_CLASS_REV, 4);
    type = pci_read(d, PCI_HEADER_TYPE, 1) & 0x7f;
    if (type == 0) {
        for (int n = 0; n < PCI_NR_BARS; ) {
            n += bar_probe(d, n);
        }
    } else if (type == 1) {
        unsigned sec = pci_read(d, PCI_SECONDARY_BUS, 1);

        if (sec > bus) {
            scan_bus(sec);
        }
    }
    d->msi_cap = pci_find_cap(d, PCI_CAP_MSI);
    d->msix_cap = pci_find_cap(d, PCI_CAP_MSIX);
}

static void scan_bus(unsigned bus)
{
    for (unsigned slot = 0; slot < 32; slot++) {
        unsigned nfunc = 1;

        for (unsigned f = 0; f < nfunc; f++) {
            if (conf->read(bus, slot << 3 | f, PCI_VENDOR_ID, 2) == 0xffff) {
                continue;
            }
            if (f == 0 && (conf->read(bus, slot << 3, PCI_HEADER_TYPE, 1) &
                           0x80)) {
                nfunc = 8;
            }
            add_function(bus, slot, f);
        }
    }
}

static void pick_access(void)
{
    const PciConfOps *legacy = arch_pci_legacy_ops();
    uint32_t id = legacy ? legacy->read(0, 0, 0, 4) : 0xffffffff;

    conf = legacy;
    pci_access = legacy ? "legacy" : "none";
    ecam_phys = arch_pci_ecam_base();
    if (ecam_phys && id != 0xffffffff && ecam_read(0, 0, 0, 4) == id) {
        conf = &ecam_ops;
        pci_access = "ecam";
    }
    /* no legacy mechanism (arm64): ECAM if 00:00.0 answers there */
    if (ecam_phys && !legacy && ecam_read(0, 0, 0, 4) != 0xffffffff) {
        conf = &ecam_ops;
        pci_access = "ecam";
    }
#ifdef ARCH_PCI_WINDOWS
    arch_pci_windows(&mem_next, &mem_end, &io_next, &io_end);
#endif
}

void pci_init(void)
{
    pick_access();
    if (!conf) {
        return;
    }
    scan_bus(0);
    printf("pci: %u functions (%s configuration access)\n", pci_nr_devices,
           pci_access);
    for (unsigned i = 0; i < pci_nr_devices; i++) {
        PciDev *d = &pci_devices[i];

        printf("pci %02x:%02x.%x %04x:%04x class %06x\n", d->bus, d->slot,
               d->func, d->vendor, d->device, d->class_rev >> 8);
        probe_driver(d);
    }
}

PciDev *pci_find(uint16_t vendor, uint16_t device)
{
    for (unsigned i = 0; i < pci_nr_devices; i++) {
        if (pci_devices[i].vendor == vendor &&
            pci_devices[i].device == device) {
            return &pci_devices[i];
        }
    }
    return NULL;
}
