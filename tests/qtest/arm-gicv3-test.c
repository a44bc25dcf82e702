/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv3 distributor (0x08000000) and redistributors (0x080a0000) of the
 * virt machine with 2 CPUs and 288 interrupts: identification, reset
 * values, RAZ/WI rules, the SPI and SGI/PPI register banks, IROUTER, the
 * redistributor TYPER/WAKER, and pending state driven by a device's line
 * (the PL011's SPI 1, INTID 33).  The CPU interface is tested in-process
 * by tests/unit/test-arm-gicv3.c.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define GICD 0x08000000ull
#define GICR0 0x080a0000ull
#define GICR1 (GICR0 + 0x20000)
#define SGI 0x10000
#define UART 0x09000000ull

static QTestState *start(void)
{
    return qtest_init("-machine virt,gic-version=3 -smp 2");
}

static void test_ids(void)
{
    QTestState *qts = start();

    g_assert_cmphex(qtest_readl(qts, GICD + 0x0), ==, 0x50);   /* CTLR */
    /* 288 INTIDs, 2 CPUs, A3V; LPIs with 16 ID bits (the ITS is on) */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x4), ==, 0x017a0028);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x8), ==, 0x43b);
    g_assert_cmphex(qtest_readl(qts, GICD + 0xffe8), ==, 0x3b);
    g_assert_cmphex(qtest_readl(qts, GICD + 0xfff0), ==, 0x0d);
    g_assert_cmphex(qtest_readl(qts, GICR0 + 0xffe8), ==, 0x3b);
    g_assert_cmphex(qtest_readl(qts, GICR0 + 0x4), ==, 0x43b);
    /* CTLR: only EnableGrp0/1 are writable; ARE and DS stay set */
    qtest_writel(qts, GICD, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD), ==, 0x53);
    qtest_writel(qts, GICD, 0);
    g_assert_cmphex(qtest_readl(qts, GICD), ==, 0x50);
    qtest_quit(qts);
}

/* Without an ITS there are no LPIs: 10 ID bits, LPI registers RAZ/WI. */
static void test_no_lpis(void)
{
    QTestState *qts = qtest_init("-machine virt,gic-version=3,its=off");

    g_assert_cmphex(qtest_readl(qts, GICD + 0x4), ==, 0x01480008);
    g_assert_cmphex(qtest_readq(qts, GICR0 + 0x8) & 1, ==, 0);
    qtest_writel(qts, GICR0 + 0x0, 1);
    g_assert_cmphex(qtest_readl(qts, GICR0 + 0x0), ==, 0);
    qtest_writeq(qts, GICR0 + 0x70, 0x40000000 | 15);
    g_assert_cmphex(qtest_readq(qts, GICR0 + 0x70), ==, 0);
    qtest_quit(qts);
}

static void test_dist_banks(void)
{
    QTestState *qts = start();

    /* INTIDs 0-31 belong to the redistributors: RAZ/WI here */
    qtest_writel(qts, GICD + 0x100, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x100), ==, 0);
    qtest_writel(qts, GICD + 0x080, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x080), ==, 0);
    /* SPIs 32..63 */
    qtest_writel(qts, GICD + 0x084, 0xf0f0f0f0);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x084), ==, 0xf0f0f0f0);
    qtest_writel(qts, GICD + 0x104, 0x0000ffff);
    qtest_writel(qts, GICD + 0x104, 0x00ff0000);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x184), ==, 0x00ffffff);
    qtest_writel(qts, GICD + 0x184, 0x000000ff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x104), ==, 0x00ffff00);
    qtest_writel(qts, GICD + 0x204, 0x5);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x284), ==, 0x5);
    qtest_writel(qts, GICD + 0x284, 0x1);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x204), ==, 0x4);
    qtest_writel(qts, GICD + 0x304, 0x80000000);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x384), ==, 0x80000000);
    qtest_writel(qts, GICD + 0x384, 0x80000000);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x304), ==, 0);
    /* beyond num-irq (288 = 9 words): RAZ/WI */
    qtest_writel(qts, GICD + 0x124, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x124), ==, 0);
    qtest_quit(qts);
}

static void test_dist_prio_cfg_route(void)
{
    QTestState *qts = start();

    qtest_writel(qts, GICD + 0x420, 0x11223344);      /* INTIDs 32..35 */
    g_assert_cmphex(qtest_readb(qts, GICD + 0x422), ==, 0x22);
    qtest_writeb(qts, GICD + 0x421, 0xa0);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x420), ==, 0x1122a044);
    qtest_writel(qts, GICD + 0x400, 0xffffffff);      /* SGIs: RAZ/WI */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x400), ==, 0);
    /* ICFGR: 0 and 1 RAZ/WI (ARE); ICFGR2 covers 32..47 */
    g_assert_cmphex(qtest_readl(qts, GICD + 0xc00), ==, 0);
    qtest_writel(qts, GICD + 0xc08, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0xc08), ==, 0xaaaaaaaa);
    /* IROUTER: 64-bit, RES0 bits masked; halves accessible */
    qtest_writeq(qts, GICD + 0x6000 + 8 * 40, 0xffffffffffffffffull);
    g_assert_cmphex(qtest_readq(qts, GICD + 0x6000 + 8 * 40), ==,
                    0xff80ffffffull);
    qtest_writel(qts, GICD + 0x6000 + 8 * 40 + 4, 0);
    g_assert_cmphex(qtest_readq(qts, GICD + 0x6000 + 8 * 40), ==,
                    0x80ffffffull);
    qtest_writeq(qts, GICD + 0x6000 + 8 * 5, 0x1);    /* INTID < 32 */
    g_assert_cmphex(qtest_readq(qts, GICD + 0x6000 + 8 * 5), ==, 0);
    /* reserved and legacy registers: RAZ/WI */
    qtest_writel(qts, GICD + 0xf00, 0x10000);         /* SGIR */
    g_assert_cmphex(qtest_readl(qts, GICD + 0xf00), ==, 0);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x820), ==, 0);  /* ITARGETSR */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x5000), ==, 0);
    qtest_quit(qts);
}

static void test_redist(void)
{
    QTestState *qts = start();

    /* TYPER: affinity, processor number, Last, PLPIS (with the ITS) */
    g_assert_cmphex(qtest_readq(qts, GICR0 + 0x8), ==, 1);
    g_assert_cmphex(qtest_readq(qts, GICR1 + 0x8), ==,
                    (1ull << 32) | (1 << 8) | (1 << 4) | 1);
    g_assert_cmphex(qtest_readl(qts, GICR1 + 0xc), ==, 1);
    /* WAKER: asleep at reset; ChildrenAsleep follows ProcessorSleep */
    g_assert_cmphex(qtest_readl(qts, GICR0 + 0x14), ==, 0x6);
    qtest_writel(qts, GICR0 + 0x14, 0);
    g_assert_cmphex(qtest_readl(qts, GICR0 + 0x14), ==, 0);
    g_assert_cmphex(qtest_readl(qts, GICR1 + 0x14), ==, 0x6);
    /* SGI frame */
    g_assert_cmphex(qtest_readl(qts, GICR0 + SGI + 0xc00), ==, 0xaaaaaaaa);
    qtest_writel(qts, GICR0 + SGI + 0xc00, 0);
    g_assert_cmphex(qtest_readl(qts, GICR0 + SGI + 0xc00), ==, 0xaaaaaaaa);
    qtest_writel(qts, GICR0 + SGI + 0xc04, 0x0000000a);
    g_assert_cmphex(qtest_readl(qts, GICR0 + SGI + 0xc04), ==, 0xa);
    g_assert_cmphex(qtest_readl(qts, GICR1 + SGI + 0xc04), ==, 0);
    qtest_writel(qts, GICR1 + SGI + 0x100, 0x8000ffff);
    g_assert_cmphex(qtest_readl(qts, GICR1 + SGI + 0x100), ==, 0x8000ffff);
    g_assert_cmphex(qtest_readl(qts, GICR0 + SGI + 0x100), ==, 0);
    qtest_writeb(qts, GICR1 + SGI + 0x41b, 0x80);
    g_assert_cmphex(qtest_readl(qts, GICR1 + SGI + 0x418), ==, 0x80000000);
    qtest_writel(qts, GICR1 + SGI + 0x200, 0x2);      /* pend SGI 1 */
    g_assert_cmphex(qtest_readl(qts, GICR1 + SGI + 0x280), ==, 0x2);
    g_assert_cmphex(qtest_readl(qts, GICR0 + SGI + 0x200), ==, 0);
    /* only word 0 exists in the SGI frame */
    qtest_writel(qts, GICR0 + SGI + 0x104, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICR0 + SGI + 0x104), ==, 0);
    qtest_quit(qts);
}

static void test_line_pending(void)
{
    QTestState *qts = start();

    /* PL011 TX interrupt: unmask it, then send a byte */
    qtest_writel(qts, UART + 0x30, 0x301);
    qtest_writel(qts, UART + 0x38, 0x20);
    qtest_writel(qts, UART + 0x00, 'a');
    /* level-triggered: pending while the line is high, ICPENDR no help */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x204), ==, 0x2);
    qtest_writel(qts, GICD + 0x284, 0x2);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x204), ==, 0x2);
    qtest_writel(qts, UART + 0x44, 0x20);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x204), ==, 0);
    /* edge-triggered: a rising edge latches pending until ICPENDR */
    qtest_writel(qts, GICD + 0xc08, 0x8);
    qtest_writel(qts, UART + 0x00, 'b');
    qtest_writel(qts, UART + 0x44, 0x20);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x204), ==, 0x2);
    qtest_writel(qts, GICD + 0x284, 0x2);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x204), ==, 0);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/arm-gicv3/ids", test_ids);
    qtest_add_func("/arm-gicv3/no-lpis", test_no_lpis);
    qtest_add_func("/arm-gicv3/dist-banks", test_dist_banks);
    qtest_add_func("/arm-gicv3/dist-prio-cfg-route",
                   test_dist_prio_cfg_route);
    qtest_add_func("/arm-gicv3/redist", test_redist);
    qtest_add_func("/arm-gicv3/line-pending", test_line_pending);
    return g_test_run();
}
