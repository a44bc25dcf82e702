/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IOAPIC of the pc machine (0xfec00000): identification registers, the
 * redirection table and its read-only bits, Remote IRR with the EOI
 * register, masking, and the board's ISA IRQ -> pin routing seen through
 * "irq_intercept_in ioapic" (ISA IRQ 0 arrives on pin 2).
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define IOAPIC 0xfec00000ULL
#define IOREGSEL 0x00
#define IOWIN 0x10
#define EOI 0x40
#define TESTDEV_IRQ 0x2000

static uint32_t reg_read(QTestState *qts, uint8_t reg)
{
    qtest_writel(qts, IOAPIC + IOREGSEL, reg);
    return qtest_readl(qts, IOAPIC + IOWIN);
}

static void reg_write(QTestState *qts, uint8_t reg, uint32_t val)
{
    qtest_writel(qts, IOAPIC + IOREGSEL, reg);
    qtest_writel(qts, IOAPIC + IOWIN, val);
}

static void pin_level(QTestState *qts, int pin, int level)
{
    qtest_set_irq_in(qts, "ioapic", "unnamed-gpio-in", pin, level);
}

static void test_registers(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    g_assert_cmphex(reg_read(qts, 0x01), ==, 0x00170020);
    g_assert_cmphex(reg_read(qts, 0x00), ==, 0);
    reg_write(qts, 0x00, 0x0f000000);
    g_assert_cmphex(reg_read(qts, 0x00), ==, 0x0f000000);
    g_assert_cmphex(reg_read(qts, 0x02), ==, 0x0f000000);
    g_assert_cmphex(qtest_readl(qts, IOAPIC + IOREGSEL), ==, 0x02);
    for (int i = 0; i < 24; i++) {
        g_assert_cmphex(reg_read(qts, 0x10 + 2 * i), ==, 0x00010000);
        g_assert_cmphex(reg_read(qts, 0x11 + 2 * i), ==, 0);
    }
    /* delivery status and Remote IRR are read-only */
    reg_write(qts, 0x10, 0xffffffff);
    g_assert_cmphex(reg_read(qts, 0x10), ==, 0x0001afff);
    reg_write(qts, 0x11, 0xff000000);
    g_assert_cmphex(reg_read(qts, 0x11), ==, 0xff000000);
    qtest_quit(qts);
}

static void test_level_remote_irr(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    reg_write(qts, 0x1a, 0x8040);               /* pin 5: level, 0x40 */
    pin_level(qts, 5, 1);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0xc040);
    /* EOI with the line still high: delivered again */
    qtest_writel(qts, IOAPIC + EOI, 0x40);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0xc040);
    pin_level(qts, 5, 0);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0xc040);
    /* another vector's EOI leaves it alone */
    qtest_writel(qts, IOAPIC + EOI, 0x41);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0xc040);
    qtest_writel(qts, IOAPIC + EOI, 0x40);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0x8040);
    /* masked: held until unmasked */
    reg_write(qts, 0x1a, 0x18040);
    pin_level(qts, 5, 1);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0x18040);
    reg_write(qts, 0x1a, 0x8040);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0xc040);
    /* switching to edge drops Remote IRR */
    reg_write(qts, 0x1a, 0x0040);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0x0040);
    pin_level(qts, 5, 0);
    pin_level(qts, 5, 1);
    g_assert_cmphex(reg_read(qts, 0x1a), ==, 0x0040);
    qtest_quit(qts);
}

static void test_isa_routing(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128 -device pc-testdev");

    qtest_irq_intercept_in(qts, "ioapic");
    qtest_outb(qts, TESTDEV_IRQ + 0, 1);
    g_assert_true(qtest_get_irq(qts, 2));
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_outb(qts, TESTDEV_IRQ + 0, 0);
    g_assert_false(qtest_get_irq(qts, 2));
    for (int irq = 1; irq < 16; irq++) {
        if (irq == 2) {
            continue;
        }
        qtest_outb(qts, TESTDEV_IRQ + irq, 1);
        g_assert_true(qtest_get_irq(qts, irq));
        qtest_outb(qts, TESTDEV_IRQ + irq, 0);
        g_assert_false(qtest_get_irq(qts, irq));
    }
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/ioapic/registers", test_registers);
    qtest_add_func("/ioapic/level-remote-irr", test_level_remote_irr);
    qtest_add_func("/ioapic/isa-routing", test_isa_routing);
    return g_test_run();
}
