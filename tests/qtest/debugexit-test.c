/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isa-debug-exit: a write of V ends the emulator with status (V << 1) | 1,
 * at the default port 0x501 and at a port given by iobase/iosize.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

/* The emulator ends by itself: wait for that before qtest_quit(). */
static void wait_exit(QTestState *qts, int status)
{
    for (int i = 0; i < 5000 && qtest_probe_child(qts); i++) {
        g_usleep(1000);
    }
    g_assert_false(qtest_probe_child(qts));
    qtest_set_expected_status(qts, status);
    qtest_quit(qts);
}

static void test_default_port(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128 "
                                 "-device isa-debug-exit");

    g_assert_cmphex(qtest_inb(qts, 0x501), ==, 0);
    qtest_outb(qts, 0x501, 0x21);
    wait_exit(qts, 0x43);
}

static void test_iobase_iosize(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128 -device "
                                 "isa-debug-exit,iobase=0xf4,iosize=4");

    /* 0x501 is no longer it */
    qtest_outb(qts, 0x501, 1);
    qtest_outl(qts, 0xf4, 0x3);
    wait_exit(qts, 7);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/debugexit/default", test_default_port);
    qtest_add_func("/debugexit/iobase-iosize", test_iobase_iosize);
    return g_test_run();
}
