/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PL011 UART of the virt machine (0x09000000, SPI 1): reset values and
 * IDs, transmit to a file chardev, loopback receive through the FIFO with
 * its trigger levels, overrun, the receive timeout on the virtual clock,
 * and the interrupt line seen through the GIC's input (SPI 1).
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define UART 0x09000000ull
#define DR 0x00
#define RSR 0x04
#define FR 0x18
#define IBRD 0x24
#define FBRD 0x28
#define LCRH 0x2c
#define CR 0x30
#define IFLS 0x34
#define IMSC 0x38
#define RIS 0x3c
#define MIS 0x40
#define ICR 0x44

#define FR_RXFE 0x10
#define FR_RXFF 0x40
#define FR_TXFE 0x80
#define INT_RX 0x10
#define INT_TX 0x20
#define INT_RT 0x40
#define INT_OE 0x400
#define CR_EN_LOOP 0x381       /* UARTEN | LBE | TXE | RXE */
#define LCRH_FEN 0x10

static QTestState *start(const char *extra)
{
    return qtest_initf("-machine virt %s", extra ? extra : "");
}

static uint32_t rd(QTestState *qts, unsigned reg)
{
    return qtest_readl(qts, UART + reg);
}

static void wr(QTestState *qts, unsigned reg, uint32_t val)
{
    qtest_writel(qts, UART + reg, val);
}

static void test_reset(void)
{
    QTestState *qts = start(NULL);
    static const uint8_t id[8] = {
        0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1
    };

    g_assert_cmphex(rd(qts, FR), ==, FR_TXFE | FR_RXFE);
    g_assert_cmphex(rd(qts, CR), ==, 0x300);
    g_assert_cmphex(rd(qts, IFLS), ==, 0x12);
    g_assert_cmphex(rd(qts, LCRH), ==, 0);
    g_assert_cmphex(rd(qts, IMSC), ==, 0);
    g_assert_cmphex(rd(qts, RIS), ==, 0);
    for (int i = 0; i < 8; i++) {
        g_assert_cmphex(rd(qts, 0xfe0 + 4 * i), ==, id[i]);
    }
    /* byte read of the high half of CR */
    g_assert_cmphex(qtest_readb(qts, UART + CR + 1), ==, 0x03);
    wr(qts, IBRD, 0x1234d);
    wr(qts, FBRD, 0xff);
    g_assert_cmphex(rd(qts, IBRD), ==, 0x234d);
    g_assert_cmphex(rd(qts, FBRD), ==, 0x3f);
    qtest_quit(qts);
}

static void test_transmit(void)
{
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    int fd = g_file_open_tmp("pl011-XXXXXX", &path, NULL);
    QTestState *qts;

    g_assert_cmpint(fd, >=, 0);
    close(fd);
    qts = qtest_initf("-machine virt -serial file:%s", path);
    wr(qts, CR, 0x301);
    for (const char *p = "hello"; *p; p++) {
        wr(qts, DR, *p);
    }
    g_assert_cmphex(rd(qts, RIS), ==, INT_TX);
    g_assert_cmphex(rd(qts, FR), ==, FR_TXFE | FR_RXFE);
    wr(qts, ICR, INT_TX);
    g_assert_cmphex(rd(qts, RIS), ==, 0);
    qtest_quit(qts);
    g_assert_true(g_file_get_contents(path, &out, NULL, NULL));
    g_assert_cmpstr(out, ==, "hello");
    unlink(path);
}

static void test_loopback_fifo(void)
{
    QTestState *qts = start(NULL);

    wr(qts, CR, CR_EN_LOOP);
    /* no FIFO: one character holding register, RX at once */
    wr(qts, DR, 'a');
    g_assert_cmphex(rd(qts, FR) & (FR_RXFE | FR_RXFF), ==, FR_RXFF);
    g_assert_cmphex(rd(qts, RIS) & INT_RX, ==, INT_RX);
    wr(qts, DR, 'b');                       /* overrun: lost */
    g_assert_cmphex(rd(qts, RIS) & INT_OE, ==, INT_OE);
    g_assert_cmphex(rd(qts, DR), ==, 'a' | 0x800);
    g_assert_cmphex(rd(qts, RSR), ==, 0x8);
    wr(qts, RSR, 0);
    g_assert_cmphex(rd(qts, RSR), ==, 0);
    g_assert_cmphex(rd(qts, RIS) & INT_RX, ==, 0);

    /* FIFO on, trigger 1/2 (8 of 16) */
    wr(qts, LCRH, LCRH_FEN);
    wr(qts, IFLS, 2 << 3);
    wr(qts, ICR, 0x7ff);
    for (int i = 0; i < 7; i++) {
        wr(qts, DR, '0' + i);
    }
    g_assert_cmphex(rd(qts, RIS) & INT_RX, ==, 0);
    wr(qts, DR, '7');
    g_assert_cmphex(rd(qts, RIS) & INT_RX, ==, INT_RX);
    for (int i = 8; i < 16; i++) {
        wr(qts, DR, 'a' + i);
    }
    g_assert_cmphex(rd(qts, FR) & FR_RXFF, ==, FR_RXFF);
    g_assert_cmphex(rd(qts, DR), ==, '0');
    g_assert_cmphex(rd(qts, FR) & FR_RXFF, ==, 0);
    for (int i = 1; i < 8; i++) {
        g_assert_cmphex(rd(qts, DR), ==, '0' + i);
    }
    /* 8 left: still at the trigger; one more read goes below it */
    g_assert_cmphex(rd(qts, RIS) & INT_RX, ==, INT_RX);
    rd(qts, DR);
    g_assert_cmphex(rd(qts, RIS) & INT_RX, ==, 0);
    qtest_quit(qts);
}

static void test_timeout_irq(void)
{
    QTestState *qts = start(NULL);

    qtest_irq_intercept_in(qts, "/machine/gic");
    wr(qts, CR, CR_EN_LOOP);
    wr(qts, LCRH, LCRH_FEN);
    /* 115200 baud at 24 MHz: IBRD 13, FBRD 1 -> 32 bits = 277.6 us */
    wr(qts, IBRD, 13);
    wr(qts, FBRD, 1);
    wr(qts, IMSC, INT_RT | INT_RX);
    wr(qts, DR, 'x');
    g_assert_cmphex(rd(qts, RIS) & (INT_RX | INT_RT), ==, 0);
    g_assert_false(qtest_get_irq(qts, 1));
    qtest_clock_step(qts, 270000);
    g_assert_cmphex(rd(qts, RIS) & INT_RT, ==, 0);
    qtest_clock_step(qts, 10000);
    g_assert_cmphex(rd(qts, MIS), ==, INT_RT);
    g_assert_true(qtest_get_irq(qts, 1));
    g_assert_cmphex(rd(qts, DR), ==, 'x');   /* empty: RT clears */
    g_assert_cmphex(rd(qts, RIS) & INT_RT, ==, 0);
    g_assert_false(qtest_get_irq(qts, 1));
    /* TX interrupt: masked until IMSC enables it */
    wr(qts, DR, 'y');
    rd(qts, DR);
    g_assert_false(qtest_get_irq(qts, 1));
    wr(qts, IMSC, INT_TX);
    g_assert_true(qtest_get_irq(qts, 1));
    wr(qts, ICR, INT_TX);
    g_assert_false(qtest_get_irq(qts, 1));
    qtest_quit(qts);
}

static void test_disabled_receiver(void)
{
    QTestState *qts = start(NULL);

    /* loopback needs the receiver: with RXE clear nothing arrives */
    wr(qts, CR, 0x181);
    wr(qts, DR, 'z');
    g_assert_cmphex(rd(qts, FR) & FR_RXFE, ==, FR_RXFE);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/pl011/reset", test_reset);
    qtest_add_func("/pl011/transmit", test_transmit);
    qtest_add_func("/pl011/loopback-fifo", test_loopback_fifo);
    qtest_add_func("/pl011/timeout-irq", test_timeout_irq);
    qtest_add_func("/pl011/disabled-receiver", test_disabled_receiver);
    return g_test_run();
}
