/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 16550A UART (COM1 of the pc machine, 0x3f8, ISA IRQ 4): loopback, the
 * receive FIFO and its overrun, and the interrupt sources seen on IOAPIC
 * pin 4, including the character timeout on the virtual clock.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define COM1 0x3f8
#define RBR 0
#define IER 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

static QTestState *serial_start(void)
{
    return qtest_init("-machine pc -m 128");
}

static void test_reset_values(void)
{
    QTestState *qts = serial_start();

    g_assert_cmphex(qtest_inb(qts, COM1 + IER), ==, 0x00);
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0x01);
    g_assert_cmphex(qtest_inb(qts, COM1 + LCR), ==, 0x00);
    g_assert_cmphex(qtest_inb(qts, COM1 + MCR), ==, 0x08);
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x60);
    g_assert_cmphex(qtest_inb(qts, COM1 + MSR), ==, 0xb0);
    /* divisor latch: 12 (9600 baud) */
    qtest_outb(qts, COM1 + LCR, 0x80);
    g_assert_cmphex(qtest_inb(qts, COM1 + 0), ==, 12);
    g_assert_cmphex(qtest_inb(qts, COM1 + 1), ==, 0);
    qtest_outb(qts, COM1 + 0, 0x01);
    g_assert_cmphex(qtest_inb(qts, COM1 + 0), ==, 0x01);
    qtest_outb(qts, COM1 + LCR, 0x03);
    qtest_outb(qts, COM1 + SCR, 0x5a);
    g_assert_cmphex(qtest_inb(qts, COM1 + SCR), ==, 0x5a);
    qtest_quit(qts);
}

static void test_loopback(void)
{
    QTestState *qts = serial_start();

    qtest_outb(qts, COM1 + MCR, 0x10);
    /* loopback modem lines: all outputs low -> inputs low, deltas set */
    g_assert_cmphex(qtest_inb(qts, COM1 + MSR), ==, 0x0b);
    g_assert_cmphex(qtest_inb(qts, COM1 + MSR), ==, 0x00);
    qtest_outb(qts, COM1 + MCR, 0x1f);
    g_assert_cmphex(qtest_inb(qts, COM1 + MSR), ==, 0xfb);
    qtest_outb(qts, COM1 + MCR, 0x1b);          /* OUT1 off: RI trails */
    g_assert_cmphex(qtest_inb(qts, COM1 + MSR), ==, 0xb4);

    qtest_outb(qts, COM1 + RBR, 'A');
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x61);
    g_assert_cmphex(qtest_inb(qts, COM1 + RBR), ==, 'A');
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x60);
    /* without FIFO a second byte overruns the first */
    qtest_outb(qts, COM1 + RBR, 'B');
    qtest_outb(qts, COM1 + RBR, 'C');
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x63);
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x61);
    g_assert_cmphex(qtest_inb(qts, COM1 + RBR), ==, 'C');
    qtest_quit(qts);
}

static void test_fifo(void)
{
    QTestState *qts = serial_start();

    qtest_outb(qts, COM1 + MCR, 0x10);
    qtest_outb(qts, COM1 + FCR, 0x07);
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0xc1);
    for (int i = 0; i < 17; i++) {
        qtest_outb(qts, COM1 + RBR, 0x30 + i);
    }
    /* 16 bytes fit, the 17th overruns */
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x63);
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x61);
    for (int i = 0; i < 16; i++) {
        g_assert_cmphex(qtest_inb(qts, COM1 + RBR), ==, 0x30 + i);
    }
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x60);
    /* clearing the receive FIFO drops what it holds */
    qtest_outb(qts, COM1 + RBR, 'x');
    qtest_outb(qts, COM1 + FCR, 0x03);
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x60);
    /* disabling the FIFOs */
    qtest_outb(qts, COM1 + FCR, 0x00);
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0x01);
    qtest_quit(qts);
}

/* 8N1 at divisor 12: 10 bits at 9600 baud; timeout = 4 characters. */
#define CHAR_NS 1041666
#define TIMEOUT_NS (4 * CHAR_NS)

static void test_irq(void)
{
    QTestState *qts = serial_start();

    qtest_irq_intercept_in(qts, "ioapic");
    qtest_outb(qts, COM1 + LCR, 0x03);
    qtest_outb(qts, COM1 + MCR, 0x10);
    qtest_outb(qts, COM1 + FCR, 0xc1);          /* trigger level 14 */
    qtest_outb(qts, COM1 + IER, 0x01);
    for (int i = 0; i < 13; i++) {
        qtest_outb(qts, COM1 + RBR, i);
    }
    g_assert_false(qtest_get_irq(qts, 4));
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0xc1);
    /* below the trigger level: the character timeout fires */
    qtest_clock_step(qts, TIMEOUT_NS - 1);
    g_assert_false(qtest_get_irq(qts, 4));
    qtest_clock_step(qts, 1);
    g_assert_true(qtest_get_irq(qts, 4));
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0xcc);
    /* the 14th byte reaches the trigger level */
    qtest_outb(qts, COM1 + RBR, 13);
    g_assert_true(qtest_get_irq(qts, 4));
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0xc4);
    g_assert_cmphex(qtest_inb(qts, COM1 + RBR), ==, 0);
    g_assert_false(qtest_get_irq(qts, 4));
    /* THR empty: raised on enabling, cleared by reading IIR */
    qtest_outb(qts, COM1 + IER, 0x02);
    g_assert_true(qtest_get_irq(qts, 4));
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0xc2);
    g_assert_false(qtest_get_irq(qts, 4));
    /* line status: overrun */
    qtest_outb(qts, COM1 + IER, 0x04);
    for (int i = 0; i < 4; i++) {
        qtest_outb(qts, COM1 + RBR, i);
    }
    g_assert_true(qtest_get_irq(qts, 4));
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0xc6);
    g_assert_cmphex(qtest_inb(qts, COM1 + LSR), ==, 0x63);
    g_assert_false(qtest_get_irq(qts, 4));
    /* modem status: the deltas of entering loopback, then CTS */
    g_assert_cmphex(qtest_inb(qts, COM1 + MSR), ==, 0x0b);
    qtest_outb(qts, COM1 + IER, 0x08);
    g_assert_false(qtest_get_irq(qts, 4));
    qtest_outb(qts, COM1 + MCR, 0x12);          /* RTS -> CTS */
    g_assert_true(qtest_get_irq(qts, 4));
    g_assert_cmphex(qtest_inb(qts, COM1 + IIR), ==, 0xc0);
    g_assert_cmphex(qtest_inb(qts, COM1 + MSR), ==, 0x11);
    g_assert_false(qtest_get_irq(qts, 4));
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/serial/reset", test_reset_values);
    qtest_add_func("/serial/loopback", test_loopback);
    qtest_add_func("/serial/fifo", test_fifo);
    qtest_add_func("/serial/irq", test_irq);
    return g_test_run();
}
