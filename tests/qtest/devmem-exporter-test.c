/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * devmem-exporter through qtest on "-machine pc": identity, the 64-bit
 * prefetchable device-memory BAR, the copy engine in both directions
 * (checked through the BAR itself), range errors, and the completion
 * interrupt over MSI-X and MSI.
 */
#include "qemu/osdep.h"
#include "gve-helpers.h"

#define REG(r)  (DM_BAR0_ADDR + (r))

static QTestState *dm_start(void)
{
    QTestState *qts = qtest_init("-machine pc -m 256 -nodefaults "
                                 "-device devmem-exporter,addr=05.0,id=dm,"
                                 "size=1M");

    pci_setup(qts, DM_DEVFN, DM_BAR0_ADDR, DM_BAR1_ADDR, DM_BAR2_ADDR, true);
    return qts;
}

static void dm_copy(QTestState *qts, uint64_t src, uint64_t dst,
                    uint32_t len, bool to_host)
{
    qtest_writel(qts, REG(0x08), src);
    qtest_writel(qts, REG(0x0c), src >> 32);
    qtest_writel(qts, REG(0x10), dst);
    qtest_writel(qts, REG(0x14), dst >> 32);
    qtest_writel(qts, REG(0x18), len);
    qtest_writel(qts, REG(0x1c), 1 | (to_host ? 2 : 0));
}

static void test_identity(void)
{
    QTestState *qts = qtest_init("-machine pc -m 256 -nodefaults "
                                 "-device devmem-exporter,addr=05.0,"
                                 "size=16M");

    g_assert_cmphex(cfg_readl(qts, DM_DEVFN, 0), ==, 0x00f01b36);
    g_assert_cmphex(cfg_readl(qts, DM_DEVFN, 8) >> 8, ==, 0x038000);
    /* BAR2: 64-bit prefetchable, 16 MiB. */
    cfg_writel(qts, DM_DEVFN, 0x18, 0xffffffff);
    cfg_writel(qts, DM_DEVFN, 0x1c, 0xffffffff);
    g_assert_cmphex(cfg_readl(qts, DM_DEVFN, 0x18), ==, 0xff00000c);
    g_assert_cmphex(cfg_readl(qts, DM_DEVFN, 0x1c), ==, 0xffffffff);
    g_assert_cmpint(cfg_find_cap(qts, DM_DEVFN, 0x11), !=, 0);
    g_assert_cmpint(cfg_find_cap(qts, DM_DEVFN, 0x05), !=, 0);
    pci_setup(qts, DM_DEVFN, DM_BAR0_ADDR, DM_BAR1_ADDR, DM_BAR2_ADDR, true);
    g_assert_cmphex(qtest_readl(qts, REG(0)), ==, 0x58454d44);
    g_assert_cmphex(qtest_readl(qts, REG(4)), ==, 1);
    g_assert_cmphex(qtest_readl(qts, REG(0x28)), ==, 16 << 20);
    g_assert_cmphex(qtest_readl(qts, REG(0x2c)), ==, 0);
    qtest_quit(qts);
}

static void test_copy(void)
{
    QTestState *qts = dm_start();
    uint8_t buf[5000], got[5000];

    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = i * 7 + 3;
    }
    qtest_memwrite(qts, SCRATCH_ADDR, buf, sizeof(buf));
    dm_copy(qts, SCRATCH_ADDR, 0x800, sizeof(buf), false);
    g_assert_cmphex(qtest_readl(qts, REG(0x20)), ==, 2);
    /* Device memory is directly readable through the BAR. */
    qtest_memread(qts, DM_BAR2_ADDR + 0x800, got, sizeof(got));
    g_assert_cmpmem(got, sizeof(got), buf, sizeof(buf));
    /* Written through the BAR, copied back to RAM. */
    qtest_memset(qts, DM_BAR2_ADDR + 0x900, 0xab, 16);
    dm_copy(qts, 0x800, PKT_ADDR, sizeof(buf), true);
    qtest_memread(qts, PKT_ADDR, got, sizeof(got));
    memset(buf + 0x100, 0xab, 16);
    g_assert_cmpmem(got, sizeof(got), buf, sizeof(buf));
    g_assert_cmpuint(qtest_readl(qts, REG(0x30)), ==, 2);
    g_assert_cmpuint(qom_counter(qts, "dm", "copy-bytes"), ==, 10000);
    /* W1C status, then errors: past the end, wrapping, bad bus address. */
    qtest_writel(qts, REG(0x20), 2);
    g_assert_cmphex(qtest_readl(qts, REG(0x20)), ==, 0);
    dm_copy(qts, SCRATCH_ADDR, (1 << 20) - 16, 17, false);
    g_assert_cmphex(qtest_readl(qts, REG(0x20)), ==, 4);
    dm_copy(qts, SCRATCH_ADDR, ~0ull - 4, 16, false);
    dm_copy(qts, 0x7f00000000ull, 0, 16, false);
    g_assert_cmphex(qtest_readl(qts, REG(0x20)), ==, 4);
    g_assert_cmpuint(qtest_readl(qts, REG(0x30)), ==, 2);
    qtest_quit(qts);
}

static void test_interrupts(void)
{
    QTestState *qts = dm_start();
    int cap = cfg_find_cap(qts, DM_DEVFN, 0x05);

    qtest_writel(qts, REG(0x24), 1);
    /* MSI: address, data, enable. */
    cfg_writel(qts, DM_DEVFN, cap + 4, MSI_ADDR + 0x100);
    cfg_writel(qts, DM_DEVFN, cap + 8, 0);
    cfg_writel(qts, DM_DEVFN, cap + 12, 0x2000);
    cfg_writel(qts, DM_DEVFN, cap, cfg_readl(qts, DM_DEVFN, cap) | 1 << 16);
    dm_copy(qts, SCRATCH_ADDR, 0, 64, false);
    g_assert_cmphex(qtest_readl(qts, MSI_ADDR + 0x100), ==, 0x2000);
    /* MSI-X takes over. */
    msix_setup(qts, DM_DEVFN, DM_BAR1_ADDR, MSI_ADDR, 1);
    dm_copy(qts, SCRATCH_ADDR, 0, 64, false);
    g_assert_true(msix_fired(qts, MSI_ADDR, 0));
    /* Disabled: nothing. */
    qtest_writel(qts, REG(0x24), 0);
    dm_copy(qts, SCRATCH_ADDR, 0, 64, false);
    g_assert_false(msix_fired(qts, MSI_ADDR, 0));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/devmem-exporter/identity", test_identity);
    qtest_add_func("/devmem-exporter/copy", test_copy);
    qtest_add_func("/devmem-exporter/interrupts", test_interrupts);
    return g_test_run();
}
