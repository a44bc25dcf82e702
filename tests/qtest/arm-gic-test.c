/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv2 of the virt machine (the default gic-version, 2 CPUs): the
 * distributor at 0x08000000 and the CPU interface at 0x08010000 (CPU 0's,
 * as qtest accesses come from no CPU), with the IRQ/FIQ outputs observed
 * through "sysbus-irq" (IRQ of CPU n at n, FIQ at 2 + n).  A PL011
 * interrupt (SPI 1, INTID 33) is routed, acknowledged and completed; SGIs
 * carry their source; priorities mask and preempt.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define GICD 0x08000000ull
#define GICC 0x08010000ull
#define UART 0x09000000ull

static QTestState *start(void)
{
    QTestState *qts = qtest_init("-machine virt -smp 2");

    qtest_irq_intercept_out_named(qts, "/machine/gic", "sysbus-irq");
    return qts;
}

/* PL011 TX interrupt on: its line (SPI 1) goes high. */
static void uart_irq(QTestState *qts, bool on)
{
    if (on) {
        qtest_writel(qts, UART + 0x30, 0x301);
        qtest_writel(qts, UART + 0x38, 0x20);
        qtest_writel(qts, UART + 0x00, 'a');
    } else {
        qtest_writel(qts, UART + 0x44, 0x20);
    }
}

static void test_dist_regs(void)
{
    QTestState *qts = start();

    g_assert_cmphex(qtest_readl(qts, GICD + 0x004), ==, 0x28);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x008), ==, 0x0200143b);
    g_assert_cmphex(qtest_readl(qts, GICD + 0xfe8), ==, 0x2b);
    g_assert_cmphex(qtest_readl(qts, GICC + 0xfc), ==, 0x0202143b);
    qtest_writel(qts, GICD, 0xff);
    g_assert_cmphex(qtest_readl(qts, GICD), ==, 0x3);
    /* SGI enables are RAO/WI */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x100), ==, 0x0000ffff);
    qtest_writel(qts, GICD + 0x180, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x100), ==, 0x0000ffff);
    /* ITARGETSR0-7 read as the accessing CPU (0) */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x800), ==, 0x01010101);
    qtest_writel(qts, GICD + 0x800, 0);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x81c), ==, 0x01010101);
    /* SPI targets: bits of absent CPUs masked */
    qtest_writel(qts, GICD + 0x820, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x820), ==, 0x03030303);
    qtest_writeb(qts, GICD + 0x821, 0x2);
    g_assert_cmphex(qtest_readb(qts, GICD + 0x821), ==, 0x2);
    /* ICFGR0 RO edge, ICFGR2 writable edge bits */
    qtest_writel(qts, GICD + 0xc00, 0);
    g_assert_cmphex(qtest_readl(qts, GICD + 0xc00), ==, 0xaaaaaaaa);
    qtest_writel(qts, GICD + 0xc08, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0xc08), ==, 0xaaaaaaaa);
    /* beyond 288 interrupts: RAZ/WI */
    qtest_writel(qts, GICD + 0x124, 0xffffffff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x124), ==, 0);
    qtest_quit(qts);
}

static void test_spi_ack_eoi(void)
{
    QTestState *qts = start();

    qtest_writel(qts, GICD, 1);                     /* group 0 on */
    qtest_writel(qts, GICD + 0x104, 1u << 1);       /* enable 33 */
    qtest_writeb(qts, GICD + 0x821, 0x1);           /* to CPU 0 */
    qtest_writeb(qts, GICD + 0x421, 0x80);
    qtest_writel(qts, GICC + 0x04, 0xf0);           /* PMR */
    qtest_writel(qts, GICC + 0x00, 1);              /* CPU if on */
    uart_irq(qts, true);
    g_assert_true(qtest_get_irq(qts, 0));
    g_assert_false(qtest_get_irq(qts, 1));
    g_assert_false(qtest_get_irq(qts, 2));          /* FIQEn off: IRQ */
    g_assert_cmphex(qtest_readl(qts, GICC + 0x18), ==, 33);   /* HPPIR */
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0c), ==, 33);   /* IAR */
    g_assert_false(qtest_get_irq(qts, 0));
    g_assert_cmphex(qtest_readl(qts, GICC + 0x14), ==, 0x80); /* RPR */
    g_assert_cmphex(qtest_readl(qts, GICC + 0xd0), ==, 1u << 16);
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0c), ==, 1023);
    uart_irq(qts, false);
    qtest_writel(qts, GICC + 0x10, 33);             /* EOIR */
    g_assert_cmphex(qtest_readl(qts, GICC + 0x14), ==, 0xff);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x304), ==, 0);
    /* PMR masks; FIQEn turns group 0 into FIQ */
    uart_irq(qts, true);
    qtest_writel(qts, GICC + 0x04, 0x80);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_writel(qts, GICC + 0x04, 0xff);
    qtest_writel(qts, GICC + 0x00, 1 | 8);
    g_assert_false(qtest_get_irq(qts, 0));
    g_assert_true(qtest_get_irq(qts, 2));
    /* group 1 through IAR needs AckCtl */
    qtest_writel(qts, GICD, 3);
    qtest_writel(qts, GICD + 0x84, 1u << 1);
    qtest_writel(qts, GICC + 0x00, 3);
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0c), ==, 1022);
    g_assert_cmphex(qtest_readl(qts, GICC + 0x20), ==, 33);   /* AIAR */
    qtest_writel(qts, GICC + 0x24, 33);                       /* AEOIR */
    qtest_quit(qts);
}

static void test_sgi(void)
{
    QTestState *qts = start();

    qtest_writel(qts, GICD, 1);
    qtest_writel(qts, GICC + 0x04, 0xff);
    qtest_writel(qts, GICC + 0x00, 1);
    /* SGI 5 to "myself" (CPU 0), then via the target list */
    qtest_writel(qts, GICD + 0xf00, (2u << 24) | 5);
    g_assert_cmphex(qtest_readb(qts, GICD + 0xf25), ==, 0x1);
    g_assert_true(qtest_get_irq(qts, 0));
    g_assert_false(qtest_get_irq(qts, 1));
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0c), ==, 5);    /* src 0 */
    qtest_writel(qts, GICC + 0x10, 5);
    g_assert_false(qtest_get_irq(qts, 0));
    /* "all but me" reaches CPU 1 only (its interface is not enabled) */
    qtest_writel(qts, GICD + 0xf00, (1u << 24) | 7);
    g_assert_false(qtest_get_irq(qts, 0));
    g_assert_cmphex(qtest_readl(qts, GICD + 0x200) & 0xffff, ==, 0);
    /* SPENDSGIR sets a source bit; IAR reports it in bits 12:10 */
    qtest_writeb(qts, GICD + 0xf23, 0x2);
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0c), ==, 3 | (1 << 10));
    qtest_writel(qts, GICC + 0x10, 3 | (1 << 10));
    /* CPENDSGIR clears */
    qtest_writeb(qts, GICD + 0xf24, 0x3);
    qtest_writeb(qts, GICD + 0xf14, 0x3);
    g_assert_cmphex(qtest_readb(qts, GICD + 0xf24), ==, 0);
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

static void test_preempt(void)
{
    QTestState *qts = start();

    qtest_writel(qts, GICD, 1);
    qtest_writel(qts, GICC + 0x04, 0xff);
    qtest_writel(qts, GICC + 0x00, 1 | (1 << 9));     /* EOImode 1 */
    qtest_writeb(qts, GICD + 0x403, 0x40);            /* SGI 3: 0x40 */
    qtest_writeb(qts, GICD + 0x404, 0xa0);            /* SGI 4: 0xa0 */
    qtest_writel(qts, GICD + 0xf00, (2u << 24) | 4);
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0c), ==, 4);
    qtest_writel(qts, GICD + 0xf00, (2u << 24) | 3);  /* preempts */
    g_assert_true(qtest_get_irq(qts, 0));
    g_assert_cmphex(qtest_readl(qts, GICC + 0x0c), ==, 3);
    qtest_writel(qts, GICC + 0x10, 3);                /* drop only */
    g_assert_cmphex(qtest_readl(qts, GICC + 0x14), ==, 0xa0);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x300) & 0x18, ==, 0x18);
    qtest_writel(qts, GICC + 0x1000, 3);              /* DIR */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x300) & 0x18, ==, 0x10);
    qtest_writel(qts, GICC + 0x10, 4);
    qtest_writel(qts, GICC + 0x1000, 4);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x300), ==, 0);
    g_assert_cmphex(qtest_readl(qts, GICC + 0x14), ==, 0xff);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/arm-gic/dist-regs", test_dist_regs);
    qtest_add_func("/arm-gic/spi-ack-eoi", test_spi_ack_eoi);
    qtest_add_func("/arm-gic/sgi", test_sgi);
    qtest_add_func("/arm-gic/preempt", test_preempt);
    return g_test_run();
}
