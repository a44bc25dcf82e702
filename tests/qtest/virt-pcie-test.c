/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virt machine's PCIe host (gpex) through qtest: the host bridge and
 * a pci-testdev found through ECAM (high ECAM at 0x4010000000 by default,
 * 0x3f000000 with highmem=off), BAR0 in the 32-bit MMIO window, BAR1 in
 * the PIO window (0x3eff0000), a 64-bit BAR in the high MMIO window.
 * Also the board's fw_cfg (MMIO at 0x09020000): signature, RAM size and
 * CPU count, DMA signature.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define ECAM_HIGH 0x4010000000ull
#define ECAM_LOW 0x3f000000ull
#define MMIO 0x10000000ull
#define PIO 0x3eff0000ull
#define MMIO_HIGH 0x8000000000ull
#define DEV (1 << 15)                   /* 01.0 */

static uint32_t cfg_read(QTestState *qts, uint64_t ecam, uint32_t devfn_off)
{
    return qtest_readl(qts, ecam + devfn_off);
}

static void cfg_write(QTestState *qts, uint64_t ecam, uint32_t devfn_off,
                      uint32_t val)
{
    qtest_writel(qts, ecam + devfn_off, val);
}

/* Select pci-testdev test 1 (wildcard) through a region and count. */
static void check_testdev(QTestState *qts, uint64_t base, bool io)
{
    uint32_t off = io ? 128 + 3 + 1 : 2048 + 1;

    qtest_writeb(qts, base, 1);
    g_assert_cmphex(qtest_readl(qts, base + 4), ==, off);
    g_assert_cmphex(qtest_readb(qts, base + 8), ==, 0xfa);
    qtest_writeb(qts, base + off, 0x55);
    g_assert_cmphex(qtest_readl(qts, base + 12), ==, 1);
}

static void test_ecam_bars(void)
{
    QTestState *qts = qtest_init("-machine virt -device pci-testdev,"
                                 "membar=64K");

    g_assert_cmphex(cfg_read(qts, ECAM_HIGH, 0), ==, 0x00081b36);
    g_assert_cmphex(cfg_read(qts, ECAM_HIGH, 8) >> 16, ==, 0x0600);
    g_assert_cmphex(cfg_read(qts, ECAM_HIGH, DEV), ==, 0x00051b36);
    g_assert_cmphex(cfg_read(qts, ECAM_HIGH, 2 << 15), ==, 0xffffffff);
    g_assert_cmphex(cfg_read(qts, ECAM_HIGH, (1 << 20) | DEV), ==,
                    0xffffffff);
    /* BAR0 (4 KiB) at the start of the MMIO window, BAR1 (I/O) at 0x100 */
    cfg_write(qts, ECAM_HIGH, DEV + 0x10, MMIO + 0x1000);
    cfg_write(qts, ECAM_HIGH, DEV + 0x14, 0x100);
    /* BAR2 (64-bit prefetchable, 64 KiB) in the high window */
    cfg_write(qts, ECAM_HIGH, DEV + 0x18, (uint32_t)MMIO_HIGH);
    cfg_write(qts, ECAM_HIGH, DEV + 0x1c, MMIO_HIGH >> 32);
    cfg_write(qts, ECAM_HIGH, DEV + 0x04, 0x3);     /* IO + MEM decode */
    check_testdev(qts, MMIO + 0x1000, false);
    check_testdev(qts, PIO + 0x100, true);
    qtest_writel(qts, MMIO_HIGH + 0x20, 0xfeedf00d);
    g_assert_cmphex(qtest_readl(qts, MMIO_HIGH + 0x20), ==, 0xfeedf00d);
    /* decode off: the window reads nothing */
    cfg_write(qts, ECAM_HIGH, DEV + 0x04, 0);
    g_assert_cmphex(qtest_readl(qts, MMIO + 0x1004), !=, 2048);
    qtest_quit(qts);
}

static void test_low_ecam(void)
{
    QTestState *qts = qtest_init("-machine virt,highmem=off "
                                 "-device pci-testdev");

    g_assert_cmphex(cfg_read(qts, ECAM_LOW, DEV), ==, 0x00051b36);
    /* 16 buses: the window ends at 0x3fffffff, RAM follows */
    qtest_writel(qts, 0x40000000, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, 0x40000000), ==, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, ECAM_HIGH), !=, 0x00081b36);
    qtest_quit(qts);
}

static void test_fw_cfg(void)
{
    QTestState *qts = qtest_init("-machine virt -m 256 -smp 3");
    const uint64_t fw = 0x09020000ull;
    char sig[5] = { 0 };
    uint64_t ram = 0;

    qtest_writew(qts, fw + 8, 0x0000);          /* big-endian selector */
    for (int i = 0; i < 4; i++) {
        sig[i] = qtest_readb(qts, fw);
    }
    g_assert_cmpstr(sig, ==, "QEMU");
    qtest_writew(qts, fw + 8, 0x0300);          /* RAM_SIZE (key 3) */
    for (int i = 0; i < 8; i++) {
        ram |= (uint64_t)qtest_readb(qts, fw) << (8 * i);
    }
    g_assert_cmphex(ram, ==, 256 << 20);
    qtest_writew(qts, fw + 8, 0x0500);          /* NB_CPUS */
    g_assert_cmphex(qtest_readb(qts, fw), ==, 3);
    /* "QEMU CFG", big-endian at the DMA address */
    g_assert_cmphex(qtest_readl(qts, fw + 16), ==, 0x554d4551);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/virt/pcie/ecam-bars", test_ecam_bars);
    qtest_add_func("/virt/pcie/low-ecam", test_low_ecam);
    qtest_add_func("/virt/fw_cfg", test_fw_cfg);
    return g_test_run();
}
