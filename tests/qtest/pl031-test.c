/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PL031 RTC of the virt machine (0x09010000, SPI 2): IDs, the 1 Hz
 * counter on the virtual clock, loading it, the match interrupt and its
 * mask, clear and line (seen through the GIC's input SPI 2).
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define RTC 0x09010000ull
#define DR 0x00
#define MR 0x04
#define LR 0x08
#define CR 0x0c
#define IMSC 0x10
#define RIS 0x14
#define MIS 0x18
#define ICR 0x1c
#define NS 1000000000LL

static uint32_t rd(QTestState *qts, unsigned reg)
{
    return qtest_readl(qts, RTC + reg);
}

static void wr(QTestState *qts, unsigned reg, uint32_t val)
{
    qtest_writel(qts, RTC + reg, val);
}

static void test_ids(void)
{
    QTestState *qts = qtest_init("-machine virt");
    static const uint8_t id[8] = {
        0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
    };

    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(rd(qts, 0xfe0 + 4 * i), ==, id[i]);
    }
    g_assert_cmphex(rd(qts, CR), ==, 1);
    g_assert_cmphex(rd(qts, MR), ==, 0);
    g_assert_cmphex(rd(qts, IMSC), ==, 0);
    g_assert_cmphex(rd(qts, RIS), ==, 0);
    qtest_quit(qts);
}

static void test_count(void)
{
    QTestState *qts = qtest_init("-machine virt");
    uint32_t t0 = rd(qts, DR);

    /* host time at start: after 2020-01-01 */
    g_assert_cmpuint(t0, >, 1577836800u);
    qtest_clock_step(qts, 3 * NS);
    g_assert_cmpuint(rd(qts, DR), ==, t0 + 3);
    wr(qts, LR, 1000);
    g_assert_cmpuint(rd(qts, DR), ==, 1000);
    g_assert_cmpuint(rd(qts, LR), ==, 1000);
    qtest_clock_step(qts, NS / 2);
    g_assert_cmpuint(rd(qts, DR), ==, 1000);
    qtest_clock_step(qts, NS / 2);
    g_assert_cmpuint(rd(qts, DR), ==, 1001);
    qtest_quit(qts);
}

static void test_match(void)
{
    QTestState *qts = qtest_init("-machine virt");

    qtest_irq_intercept_in(qts, "/machine/gic");
    /* loading the counter past MR (0) matches at once: clear that */
    wr(qts, LR, 5000);
    g_assert_cmphex(rd(qts, RIS), ==, 1);
    wr(qts, MR, 5003);
    wr(qts, ICR, 1);
    wr(qts, IMSC, 1);
    qtest_clock_step(qts, 2 * NS);
    g_assert_cmphex(rd(qts, RIS), ==, 0);
    g_assert_false(qtest_get_irq(qts, 2));
    qtest_clock_step(qts, NS);
    g_assert_cmpuint(rd(qts, DR), ==, 5003);
    g_assert_cmphex(rd(qts, RIS), ==, 1);
    g_assert_cmphex(rd(qts, MIS), ==, 1);
    g_assert_true(qtest_get_irq(qts, 2));
    wr(qts, IMSC, 0);
    g_assert_false(qtest_get_irq(qts, 2));
    g_assert_cmphex(rd(qts, MIS), ==, 0);
    wr(qts, IMSC, 1);
    wr(qts, ICR, 1);
    g_assert_cmphex(rd(qts, RIS), ==, 0);
    g_assert_false(qtest_get_irq(qts, 2));
    /* a match value already passed fires at once (as on QEMU) */
    wr(qts, MR, 4000);
    g_assert_cmphex(rd(qts, RIS), ==, 1);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/pl031/ids", test_ids);
    qtest_add_func("/pl031/count", test_count);
    qtest_add_func("/pl031/match", test_match);
    return g_test_run();
}
