/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqtest end to end: start the emulator the way QEMU's own qtests do
 * (two unix sockets, "-accel qtest"), then exercise memory, ports, the
 * virtual clock and QMP, and check that it exits 0 on SIGTERM and on quit.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "qobject/qbool.h"
#include "qobject/qlist.h"

#define MACHINE_ARGS "-machine none -m 128"

static void test_memory(void)
{
    QTestState *qts = qtest_init(MACHINE_ARGS);
    uint8_t buf[64], back[64];

    g_assert_false(qtest_big_endian(qts));
    qtest_writel(qts, 0x1000, 0x12345678);
    g_assert_cmphex(qtest_readl(qts, 0x1000), ==, 0x12345678);
    g_assert_cmphex(qtest_readb(qts, 0x1000), ==, 0x78);
    g_assert_cmphex(qtest_readw(qts, 0x1002), ==, 0x1234);
    qtest_writeq(qts, 0x2000, 0x1122334455667788ULL);
    g_assert_cmphex(qtest_readq(qts, 0x2000), ==, 0x1122334455667788ULL);
    qtest_writeb(qts, 0x2000, 0xaa);
    qtest_writew(qts, 0x2002, 0xbbcc);
    g_assert_cmphex(qtest_readq(qts, 0x2000), ==, 0x11223344bbcc77aaULL);

    for (size_t i = 0; i < sizeof(buf); i++) {
        buf[i] = i * 7 + 1;
    }
    qtest_memwrite(qts, 0x3000, buf, sizeof(buf));
    qtest_memread(qts, 0x3000, back, sizeof(back));
    g_assert_cmpmem(buf, sizeof(buf), back, sizeof(back));
    memset(back, 0, sizeof(back));
    qtest_bufread(qts, 0x3000, back, sizeof(back));
    g_assert_cmpmem(buf, sizeof(buf), back, sizeof(back));
    qtest_bufwrite(qts, 0x4001, buf, 3);
    g_assert_cmphex(qtest_readl(qts, 0x4000), ==, 0x0f080100);
    qtest_memset(qts, 0x5000, 0xa5, 3);
    g_assert_cmphex(qtest_readl(qts, 0x5000), ==, 0x00a5a5a5);
    qtest_memread(qts, 0x5000, back, 0);
    qtest_quit(qts);
}

static void test_ports_and_raw(void)
{
    QTestState *qts = qtest_init(MACHINE_ARGS);
    g_autofree char *r1 = NULL;
    g_autofree char *r2 = NULL;

    g_assert_cmphex(qtest_inb(qts, 0x80), ==, 0xff);
    g_assert_cmphex(qtest_inw(qts, 0x80), ==, 0xffff);
    g_assert_cmphex(qtest_inl(qts, 0x80), ==, 0xffffffff);
    qtest_outb(qts, 0x80, 0x12);
    qtest_outw(qts, 0x80, 0x1234);
    qtest_outl(qts, 0x80, 0x12345678);
    r1 = qtest_raw_command(qts, "irq_intercept_in /machine/nothing");
    g_assert_cmpstr(r1, ==, "FAIL Unknown device");
    r2 = qtest_raw_command(qts, "bogus");
    g_assert_cmpstr(r2, ==, "FAIL Unknown command 'bogus'");
    g_assert_false(qtest_get_irq(qts, 0));
    qtest_quit(qts);
}

static void test_clock(void)
{
    QTestState *qts = qtest_init(MACHINE_ARGS);
    g_autofree char *r = NULL;

    g_assert_cmpint(qtest_clock_step(qts, 1000), ==, 1000);
    g_assert_cmpint(qtest_clock_step(qts, 24), ==, 1024);
    g_assert_cmpint(qtest_clock_set(qts, 1000000), ==, 1000000);
    r = qtest_raw_command(qts, "clock_set 5");
    g_assert_cmpstr(r, ==, "FAIL 1000000");
    qtest_quit(qts);
}

static void test_qmp(void)
{
    QTestState *qts = qtest_init(MACHINE_ARGS);
    g_autoptr(QDict) resp = qtest_qmp(qts, "{'execute': 'query-status'}");
    QDict *ret = qdict_get_qdict(resp, "return");
    g_autoptr(QDict) err = NULL;

    g_assert_nonnull(ret);
    g_assert_nonnull(qdict_get_try_str(ret, "status"));
    g_assert_nonnull(qobject_to_qbool(qdict_get(ret, "running")));

    err = qtest_qmp(qts, "{'execute': %s}", "no-such-command");
    g_assert_nonnull(qdict_get_qdict(err, "error"));
    g_assert_cmpstr(qdict_get_str(qdict_get_qdict(err, "error"), "class"),
                    ==, "CommandNotFound");
    qtest_qmp_assert_success(qts, "{'execute': 'query-status'}");

    /* quit: success, then SHUTDOWN, then exit status 0. */
    qtest_qmp_assert_success(qts, "{'execute': 'quit'}");
    qtest_qmp_eventwait(qts, "SHUTDOWN");
    qtest_quit(qts);
}

static void test_no_handshake(void)
{
    QTestState *qts = qtest_init_without_qmp_handshake(MACHINE_ARGS);
    g_autoptr(QDict) greeting = qtest_qmp_receive_dict(qts);
    QDict *qmp = qdict_get_qdict(greeting, "QMP");

    g_assert_nonnull(qmp);
    g_assert_nonnull(qdict_get_qdict(qmp, "version"));
    g_assert_nonnull(qdict_get_qlist(qmp, "capabilities"));
    g_assert_cmphex(qtest_readb(qts, 0), ==, 0);
    qtest_quit(qts);
}

static void test_has(void)
{
    g_assert_true(qtest_has_machine("none"));
    g_assert_false(qtest_has_machine("no-such-machine"));
    g_assert_false(qtest_has_device("no-such-device"));
}

static void test_json_format(void)
{
    g_autofree char *a = qtest_json_format(
        "{'s': %s, 'd': %d, 'u': %u, 'l': %" PRId64 ", 'z': %zu, "
        "'lit': '100%%s', 'p': %%}", "a\"b\\c\n", -5, 7u, (int64_t)-1,
        (size_t)3);

    g_assert_cmpstr(a, ==, "{'s': \"a\\\"b\\\\c\\u000a\", 'd': -5, "
                    "'u': 7, 'l': -1, 'z': 3, 'lit': '100%%s', 'p': %}");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/qtest-smoke/json-format", test_json_format);
    qtest_add_func("/qtest-smoke/memory", test_memory);
    qtest_add_func("/qtest-smoke/ports-and-raw", test_ports_and_raw);
    qtest_add_func("/qtest-smoke/clock", test_clock);
    qtest_add_func("/qtest-smoke/qmp", test_qmp);
    qtest_add_func("/qtest-smoke/no-handshake", test_no_handshake);
    qtest_add_func("/qtest-smoke/has", test_has);
    return g_test_run();
}
