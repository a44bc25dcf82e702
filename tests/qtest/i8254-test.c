/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 8254 PIT of the pc machine on the virtual clock (1193182 Hz): counter
 * reads, latch and read-back, the channel 2 gate and output on port 0x61,
 * and channel 0 driving ISA IRQ 0 = IOAPIC pin 2.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CTRL 0x43
#define PORT_B 0x61

/* First virtual ns (after the load) at which @ticks input clocks passed. */
static int64_t ticks_ns(uint64_t ticks)
{
    return (ticks * 1000000000ULL + 1193182 - 1) / 1193182;
}

static uint16_t latch_ch2(QTestState *qts)
{
    uint16_t lo;

    qtest_outb(qts, PIT_CTRL, 0x80);
    lo = qtest_inb(qts, PIT_CH2);
    return lo | qtest_inb(qts, PIT_CH2) << 8;
}

static void test_count_and_latch(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    qtest_outb(qts, PORT_B, 0x01);              /* gate channel 2 on */
    qtest_outb(qts, PIT_CTRL, 0xb0);            /* ch2, LSB+MSB, mode 0 */
    qtest_outb(qts, PIT_CH2, 1000 & 0xff);
    qtest_outb(qts, PIT_CH2, 1000 >> 8);
    g_assert_cmpuint(latch_ch2(qts), ==, 1000);
    qtest_clock_step(qts, 100000);              /* 119.3 ticks */
    g_assert_cmpuint(latch_ch2(qts), ==, 881);
    /* output goes high at terminal count */
    g_assert_cmphex(qtest_inb(qts, PORT_B) & 0x20, ==, 0);
    qtest_clock_step(qts, ticks_ns(1000) - 100000 - 1);
    g_assert_cmphex(qtest_inb(qts, PORT_B) & 0x20, ==, 0);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_inb(qts, PORT_B) & 0x21, ==, 0x21);
    /* read-back of the status: output high, LSB+MSB, mode 0, binary */
    qtest_outb(qts, PIT_CTRL, 0xe8);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0xb0);
    /* read-back latching the count: 0 - 2 ticks wraps */
    qtest_clock_step(qts, ticks_ns(1002) - ticks_ns(1000));
    qtest_outb(qts, PIT_CTRL, 0xd8);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0xfe);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0xff);
    qtest_quit(qts);
}

static void test_access_modes(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    qtest_outb(qts, PIT_CTRL, 0x90);            /* ch2, LSB only, mode 0 */
    qtest_outb(qts, PIT_CH2, 0x50);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0x50);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0x50);
    qtest_outb(qts, PIT_CTRL, 0xa0);            /* MSB only */
    qtest_outb(qts, PIT_CH2, 0x12);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0x12);
    /* a latched count survives later counting until read */
    qtest_outb(qts, PIT_CTRL, 0xb0);
    qtest_outb(qts, PIT_CH2, 0x34);
    qtest_outb(qts, PIT_CH2, 0x12);
    qtest_outb(qts, PIT_CTRL, 0x80);
    qtest_clock_step(qts, ticks_ns(16));
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0x34);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0x12);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0x24);
    g_assert_cmphex(qtest_inb(qts, PIT_CH2), ==, 0x12);
    qtest_quit(qts);
}

static void test_square_wave_gate(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    qtest_outb(qts, PIT_CTRL, 0xb6);            /* ch2, mode 3 */
    qtest_outb(qts, PIT_CH2, 100);
    qtest_outb(qts, PIT_CH2, 0);
    /* rising gate edge restarts the count: output high for 50 ticks */
    qtest_outb(qts, PORT_B, 0x03);
    g_assert_cmphex(qtest_inb(qts, PORT_B) & 0x23, ==, 0x23);
    qtest_clock_step(qts, ticks_ns(50) - 1);
    g_assert_cmphex(qtest_inb(qts, PORT_B) & 0x20, ==, 0x20);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(qtest_inb(qts, PORT_B) & 0x20, ==, 0x00);
    qtest_clock_step(qts, ticks_ns(100) - ticks_ns(50));
    g_assert_cmphex(qtest_inb(qts, PORT_B) & 0x20, ==, 0x20);
    qtest_quit(qts);
}

static void test_irq0(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");
    int64_t t0 = 0;             /* the clock has not moved yet */

    qtest_irq_intercept_in(qts, "ioapic");
    qtest_outb(qts, PIT_CTRL, 0x34);            /* ch0, mode 2 */
    qtest_outb(qts, PIT_CH0, 1193 & 0xff);
    qtest_outb(qts, PIT_CH0, 1193 >> 8);
    g_assert_false(qtest_get_irq(qts, 2));
    for (int period = 1; period <= 3; period++) {
        int64_t edge = ticks_ns(1193 * period);

        qtest_clock_set(qts, t0 + edge - 1);
        g_assert_false(qtest_get_irq(qts, 2));
        qtest_clock_set(qts, t0 + edge);
        g_assert_true(qtest_get_irq(qts, 2));
        qtest_clock_set(qts, t0 + ticks_ns(1193 * period + 1));
        g_assert_false(qtest_get_irq(qts, 2));
    }
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/i8254/count-latch", test_count_and_latch);
    qtest_add_func("/i8254/access-modes", test_access_modes);
    qtest_add_func("/i8254/square-wave-gate", test_square_wave_gate);
    qtest_add_func("/i8254/irq0", test_irq0);
    return g_test_run();
}
