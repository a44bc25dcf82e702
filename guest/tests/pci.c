/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PCI tests: enumeration, the pci-testdev driver (-device pci-testdev),
 * MSI with QEMU's edu device (-device edu) and MSI-X table programming
 * on the first device that has the capability.  Tests whose device is
 * absent are skipped.
 */
#include "smp.h"
#include "mm.h"
#include "pci.h"
#include "pci-testdev.h"
#include "test.h"
#include "tests.h"

#define EDU_VENDOR          0x1234
#define EDU_DEVICE          0x11e8
#define EDU_ID              0x00
#define EDU_IRQ_STATUS      0x24
#define EDU_IRQ_RAISE       0x60
#define EDU_IRQ_ACK         0x64

int test_pci_enum(void)
{
    PciDev *host = pci_nr_devices ? &pci_devices[0] : NULL;

    if (!host) {
        return test_fail("no PCI functions");
    }
    TEST_EQ(host->bus, 0);
    TEST_EQ(host->slot, 0);
    TEST_EQ(host->class_rev >> 8, 0x060000);    /* host bridge */
    for (unsigned i = 0; i < pci_nr_devices; i++) {
        for (int n = 0; n < PCI_NR_BARS; n++) {
            const PciBar *b = &pci_devices[i].bar[n];

            if (b->size) {
                TEST_ASSERT(!(b->size & (b->size - 1)));
                TEST_ASSERT(!(b->addr & (b->size - 1)));
            }
        }
    }
    printf("# %u functions, %s access\n", pci_nr_devices, pci_access);
    return 0;
}

static int testdev_region(PciTestdev *t, bool io)
{
    PciTestdevHdr h;

    for (unsigned n = 0; n < PCI_TESTDEV_NR; n++) {
        pci_testdev_select(t, io, n, &h);
        /* QEMU numbers the port tests after the MMIO ones */
        TEST_EQ(h.test % PCI_TESTDEV_NR, n);
        TEST_EQ(h.width, 1);
        TEST_ASSERT(!strncmp(h.name, io ? "portio-" : "mmio-", io ? 7 : 5));
        TEST_EQ(h.count, 0);                /* selecting resets it */
        pci_testdev_hit(t, io, &h, 5);
        h.count = pci_testdev_count(t, io);
        /* with ioeventfd (KVM) eventfd tests may count 0 */
        if (h.count != 5 && !(n > 0 && h.count == 0)) {
            return test_fail("%s: count %u after 5 writes", h.name, h.count);
        }
        printf("# %s: %u\n", h.name, h.count);
    }
    return 0;
}

int test_pci_testdev(void)
{
    PciDev *d = pci_find(PCI_TESTDEV_VENDOR, PCI_TESTDEV_DEVICE);

    if (!d) {
        return test_skip("no -device pci-testdev");
    }
    if (!d->priv) {
        return test_fail("driver did not bind");
    }
    TEST_ASSERT(d->bar[0].size >= 4096 && !d->bar[0].io);
    TEST_ASSERT(d->bar[1].size >= 256 && d->bar[1].io);
    if (testdev_region(d->priv, false) || testdev_region(d->priv, true)) {
        return -1;
    }
    return 0;
}

static volatile unsigned msi_hits;

static void msi_irq(TrapFrame *tf, void *opaque)
{
    msi_hits++;
}

int test_pci_msi(void)
{
    PciDev *d = pci_find(EDU_VENDOR, EDU_DEVICE);
    volatile uint32_t *r;
    int vec;

    if (!d) {
        return test_skip("no -device edu");
    }
    if (!d->msi_cap) {
        return test_fail("edu without an MSI capability");
    }
    pci_write(d, PCI_COMMAND, 2, pci_read(d, PCI_COMMAND, 2) | PCI_CMD_MEM);
    r = pci_map_bar(d, 0);
    vec = irq_alloc_vector();
    TEST_ASSERT(r && vec > 0);
    TEST_EQ(r[EDU_ID / 4] & 0xff, 0xed);
    irq_set_handler(vec, msi_irq, NULL);
    TEST_EQ(pci_msi_enable(d, vec, 0), 0);
    msi_hits = 0;
    r[EDU_IRQ_RAISE / 4] = 0x5;
    for (int i = 0; i < 1000000 && !msi_hits; i++) {
        cpu_relax();
    }
    TEST_EQ(r[EDU_IRQ_STATUS / 4], 0x5);
    r[EDU_IRQ_ACK / 4] = 0x5;
    TEST_EQ(msi_hits, 1);
    return 0;
}

int test_pci_msix(void)
{
    PciDev *d = NULL;
    volatile uint32_t *t;
    uint32_t tbl;
    uint64_t addr;
    uint32_t data;
    int vec = irq_alloc_vector();

    for (unsigned i = 0; i < pci_nr_devices && !d; i++) {
        d = pci_devices[i].msix_cap ? &pci_devices[i] : NULL;
    }
    if (!d) {
        return test_skip("no device with MSI-X");
    }
    TEST_EQ(pci_msix_enable(d, 0, vec, 0), 0);
    TEST_ASSERT(pci_read(d, d->msix_cap + 2, 2) & BIT(15));
    tbl = pci_read(d, d->msix_cap + 4, 4);
    t = ioremap(d->bar[tbl & 7].addr + (tbl & ~7u), 16);
    arch_msi_message(0, vec, &addr, &data);
    TEST_EQ(t[0], (uint32_t)addr);
    TEST_EQ(t[2], data);
    TEST_EQ(t[3] & 1, 0);
    pci_msix_disable(d);
    TEST_ASSERT(!(pci_read(d, d->msix_cap + 2, 2) & BIT(15)));
    printf("# MSI-X on %04x:%04x\n", d->vendor, d->device);
    return 0;
}
