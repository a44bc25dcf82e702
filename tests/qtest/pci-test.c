/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The PC PCI host and pci-testdev through qtest on "-machine pc":
 * configuration mechanism #1 and ECAM, identity of 00.0/01.0, automatic
 * and explicit slots, BAR sizing and mapping, and the pci-testdev test
 * protocol over its MMIO and I/O BARs.  Skipped (not failed) while the pc
 * board has no PCI host.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define ARGS "-machine pc -m 128 -nodefaults " \
             "-device pci-testdev,addr=04.0 -device pci-testdev,id=auto"
#define ECAM 0xb0000000u
#define TD PCI_DEVFN(4, 0)
#define PCI_DEVFN(s, f) (((s) << 3) | (f))

static uint32_t cfg_readl(QTestState *qts, int devfn, int off)
{
    qtest_outl(qts, 0xcf8, 0x80000000u | devfn << 8 | off);
    return qtest_inl(qts, 0xcfc);
}

static void cfg_writel(QTestState *qts, int devfn, int off, uint32_t v)
{
    qtest_outl(qts, 0xcf8, 0x80000000u | devfn << 8 | off);
    qtest_outl(qts, 0xcfc, v);
}

/* Does "-machine pc" have the PCI host?  Probed once, before the tests. */
static bool pc_has_pci_host(void)
{
    QTestState *qts;
    bool found;

    if (!qtest_has_machine("pc") || !qtest_has_device("pci-testdev")) {
        return false;
    }
    qts = qtest_init("-machine pc -nodefaults");
    found = cfg_readl(qts, 0, 0) != 0xffffffff;
    qtest_quit(qts);
    return found;
}

static QTestState *pci_start(const void *have_host)
{
    if (!*(const bool *)have_host) {
        g_test_skip("the pc board has no PCI host yet");
        return NULL;
    }
    return qtest_init(ARGS);
}

static void test_identity(const void *data)
{
    QTestState *qts = pci_start(data);

    if (!qts) {
        return;
    }
    g_assert_cmphex(cfg_readl(qts, 0, 0), ==, 0x12378086);
    g_assert_cmphex(cfg_readl(qts, 0, 8), ==, 0x06000002);
    g_assert_cmphex(cfg_readl(qts, PCI_DEVFN(1, 0), 0), ==, 0x70008086);
    g_assert_cmphex(cfg_readl(qts, PCI_DEVFN(1, 0), 0xc) >> 16 & 0xff, ==,
                    0x80);
    g_assert_cmphex(cfg_readl(qts, TD, 0), ==, 0x00051b36);
    g_assert_cmphex(cfg_readl(qts, TD, 8), ==, 0x00ff0000);
    g_assert_cmphex(cfg_readl(qts, TD, 0x2c), ==, 0x11001af4);
    /* The second pci-testdev took the first free slot. */
    g_assert_cmphex(cfg_readl(qts, PCI_DEVFN(2, 0), 0), ==, 0x00051b36);
    g_assert_cmphex(cfg_readl(qts, PCI_DEVFN(9, 0), 0), ==, 0xffffffff);
    /* Byte and word accesses to CONFIG_DATA. */
    qtest_outl(qts, 0xcf8, 0x80000000u | TD << 8);
    g_assert_cmphex(qtest_inb(qts, 0xcfc), ==, 0x36);
    g_assert_cmphex(qtest_inw(qts, 0xcfe), ==, 0x0005);
    /* Disabled mechanism. */
    qtest_outl(qts, 0xcf8, TD << 8);
    g_assert_cmphex(qtest_inl(qts, 0xcfc), ==, 0xffffffff);
    g_assert_cmphex(qtest_inl(qts, 0xcf8), ==, TD << 8);
    qtest_quit(qts);
}

static void test_ecam(const void *data)
{
    QTestState *qts = pci_start(data);

    if (!qts) {
        return;
    }
    g_assert_cmphex(qtest_readl(qts, ECAM), ==, 0x12378086);
    g_assert_cmphex(qtest_readl(qts, ECAM + (TD << 12)), ==, 0x00051b36);
    g_assert_cmphex(qtest_readl(qts, ECAM + (TD << 12) + 0x100), ==,
                    0xffffffff);
    qtest_writeb(qts, ECAM + (TD << 12) + 0x3c, 0x0a);
    g_assert_cmphex(cfg_readl(qts, TD, 0x3c) & 0xffff, ==, 0x000a);
    qtest_quit(qts);
}

static void test_testdev(const void *data)
{
    QTestState *qts = pci_start(data);
    uint32_t mmio = 0xe0000000;

    if (!qts) {
        return;
    }
    cfg_writel(qts, TD, 0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, TD, 0x10), ==, 0xfffff000);
    cfg_writel(qts, TD, 0x14, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, TD, 0x14), ==, 0xffffff01);
    cfg_writel(qts, TD, 0x10, mmio);
    cfg_writel(qts, TD, 0x14, 0xc000);
    cfg_writel(qts, TD, 0x04, 0x3);

    /* MMIO test 1: wildcard, every byte written to "offset" counts. */
    qtest_writeb(qts, mmio, 1);
    g_assert_cmphex(qtest_readl(qts, mmio + 4), ==, 2048 + 1);
    for (int i = 0; i < 8; i++) {
        qtest_writeb(qts, mmio + 2049, i);
    }
    g_assert_cmphex(qtest_readl(qts, mmio + 12), ==, 8);
    g_assert_cmphex(qtest_readb(qts, mmio + 16), ==, 'm');

    /* Port test 2: datamatch, only 0xfa counts. */
    qtest_outb(qts, 0xc000, 2);
    g_assert_cmphex(qtest_inl(qts, 0xc004), ==, 128 + 5);
    qtest_outb(qts, 0xc000 + 133, 0x01);
    qtest_outb(qts, 0xc000 + 133, 0xfa);
    g_assert_cmphex(qtest_inl(qts, 0xc00c), ==, 1);

    /* Memory decode off: the BAR is gone. */
    cfg_writel(qts, TD, 0x04, 0x1);
    g_assert_cmphex(qtest_readl(qts, mmio + 4), ==, 0xffffffff);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    bool have_host;

    g_test_init(&argc, &argv, NULL);
    have_host = pc_has_pci_host();
    qtest_add_data_func("/pci/identity", &have_host, test_identity);
    qtest_add_data_func("/pci/ecam", &have_host, test_ecam);
    qtest_add_data_func("/pci/testdev", &have_host, test_testdev);
    return g_test_run();
}
