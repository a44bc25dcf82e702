/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qtest server's line handling, driven in-process on a "none" machine
 * with 1 MiB of RAM at 0, a small I/O device at port 0x80 and "or-irq"
 * devices for IRQ interception.  Every reply is compared byte for byte.
 */
#include "qemu/osdep.h"
#include "system/qtest.h"
#include "hw/core/or-irq.h"
#include "hw/core/qdev.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#define RAM_SIZE (1024 * 1024)

/* hw/core/null-machine.c (no header: only the type list needs it) */
extern const TypeInfo none_machine_type_info;

typedef struct Fixture {
    MachineState *ms;
    QTestState *s;
    MemoryRegion io_dev;
    uint64_t io_last_write;
    unsigned io_last_size;
    TargetInfo target;          /* copy, so a test can flip big_endian */
} Fixture;

static uint64_t io_dev_read(void *opaque, hwaddr offset, unsigned size)
{
    return 0x11223344 >> (8 * offset);
}

static void io_dev_write(void *opaque, hwaddr offset, uint64_t val,
                         unsigned size)
{
    Fixture *f = opaque;

    f->io_last_write = val;
    f->io_last_size = size;
}

static const MemoryRegionOps io_dev_ops = {
    .read = io_dev_read,
    .write = io_dev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
};

static void fixture_setup(Fixture *f, bool big_endian)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));

    memset(f, 0, sizeof(*f));
    f->target = target_info_x86_64;
    f->target.big_endian = big_endian;
    f->ms = machine_new(mc, &f->target);
    f->ms->ram_size = RAM_SIZE;
    g_assert_true(machine_run_board_init(f->ms, &error_abort));
    memory_region_init_io(&f->io_dev, NULL, &io_dev_ops, f, "test-io", 4);
    memory_region_add_subregion(f->ms->io_memory, 0x80, &f->io_dev);
    f->s = qtest_server_new(f->ms, NULL, "none", &error_abort);
}

static void fixture_teardown(Fixture *f)
{
    qtest_server_free(f->s);
    g_assert_null(f->ms->qtest);
    memory_region_del_subregion(f->ms->io_memory, &f->io_dev);
    memory_region_finalize(&f->io_dev);
    if (f->ms->accel) {
        object_unref(OBJECT(f->ms->accel));
        f->ms->accel = NULL;
    }
    machine_free(f->ms);
}

/* Send @req; the reply must be exactly @expect (all lines, with LFs). */
static void check(Fixture *f, const char *req, const char *expect)
{
    g_autoptr(GString) reply = g_string_new(NULL);

    qtest_server_process_line(f->s, req, reply);
    g_assert_cmpstr(reply->str, ==, expect);
}

static void test_memory(void)
{
    Fixture f;

    fixture_setup(&f, false);
    check(&f, "endianness", "OK little\n");
    check(&f, "readb 0x0", "OK 0x0000000000000000\n");
    check(&f, "writel 0x1000 0x12345678", "OK\n");
    check(&f, "readl 0x1000", "OK 0x0000000012345678\n");
    check(&f, "readb 0x1000", "OK 0x0000000000000078\n");
    check(&f, "readw 0x1000", "OK 0x0000000000005678\n");
    check(&f, "readq 0x1000", "OK 0x0000000012345678\n");
    check(&f, "readl 4096", "OK 0x0000000012345678\n");
    check(&f, "readl 010000", "OK 0x0000000012345678\n");
    check(&f, "writeq 0x2000 0x1122334455667788", "OK\n");
    check(&f, "readq 0x2000", "OK 0x1122334455667788\n");
    check(&f, "read 0x2000 8", "OK 0x8877665544332211\n");
    /* Only the low bits of the value are stored. */
    check(&f, "writeb 0x3000 0x1ff", "OK\n");
    check(&f, "writew 0x3002 0xabcdef", "OK\n");
    check(&f, "read 0x3000 4", "OK 0xff00efcd\n");
    /* Unbacked memory reads as all-ones. */
    check(&f, "readl 0x10000000", "OK 0x00000000ffffffff\n");
    check(&f, "writel 0x10000000 0x1", "OK\n");
    fixture_teardown(&f);
}

static void test_big_endian(void)
{
    Fixture f;

    fixture_setup(&f, true);
    check(&f, "endianness", "OK big\n");
    check(&f, "writel 0x1000 0x12345678", "OK\n");
    check(&f, "read 0x1000 4", "OK 0x12345678\n");
    check(&f, "readw 0x1000", "OK 0x0000000000001234\n");
    check(&f, "writeq 0x2000 0x0102030405060708", "OK\n");
    check(&f, "read 0x2000 8", "OK 0x0102030405060708\n");
    fixture_teardown(&f);
}

static void test_bulk(void)
{
    Fixture f;

    fixture_setup(&f, false);
    check(&f, "writel 0x1000 0x12345678", "OK\n");
    check(&f, "read 0x1000 8", "OK 0x7856341200000000\n");
    check(&f, "write 0x3000 4 0xdeadbeef", "OK\n");
    check(&f, "read 0x3000 4", "OK 0xdeadbeef\n");
    check(&f, "write 0x3000 4 0xab", "OK\n");
    check(&f, "read 0x3000 4", "OK 0xab000000\n");
    /* Odd digit count: the missing low nibble is zero. */
    check(&f, "write 0x3000 2 0XABC", "OK\n");
    check(&f, "read 0x3000 4", "OK 0xabc00000\n");
    /* Extra data beyond SIZE is ignored; size 0 writes nothing. */
    check(&f, "write 0x3000 1 0x11223344", "OK\n");
    check(&f, "write 0x3000 0 0x99", "OK\n");
    check(&f, "read 0x3000 2", "OK 0x11c0\n");
    check(&f, "write 0x3000 4 0", "ERR invalid argument size\n");
    check(&f, "write 0x3000 4 0x", "ERR invalid argument size\n");
    check(&f, "write 0x3000 4 1234", "FAIL data must start with 0x\n");
    check(&f, "write 0x3000 4 0xzz", "FAIL invalid hex digit in data\n");
    check(&f, "read 0x3000 2", "OK 0x11c0\n");
    check(&f, "b64read 0x1000 4", "OK eFY0Eg==\n");
    check(&f, "b64write 0x4000 4 3q2+7w==", "OK\n");
    check(&f, "read 0x4000 4", "OK 0xdeadbeef\n");
    /* Length mismatch: only logged; min(told, found) bytes written. */
    check(&f, "b64write 0x4000 8 AQI=", "OK\n");
    check(&f, "read 0x4000 4", "OK 0x0102beef\n");
    check(&f, "b64write 0x4000 1 BwgJ", "OK\n");
    check(&f, "read 0x4000 4", "OK 0x0702beef\n");
    check(&f, "b64write 0x4000 4 AQ", "ERR invalid argument size\n");
    check(&f, "b64write 0x4000 4 A*==",
          "FAIL invalid base64 data: Base64 data contains invalid "
          "characters\n");
    check(&f, "memset 0x5000 4 0x5a", "OK\n");
    check(&f, "read 0x5000 4", "OK 0x5a5a5a5a\n");
    check(&f, "memset 0x5000 0 0x5a", "OK\n");
    check(&f, "memset 0x5000 2 0x1a5", "OK\n");
    check(&f, "read 0x5000 4", "OK 0xa5a55a5a\n");
    fixture_teardown(&f);
}

static void test_io(void)
{
    Fixture f;

    fixture_setup(&f, false);
    check(&f, "inb 0x70", "OK 0x00ff\n");
    check(&f, "inw 0x70", "OK 0xffff\n");
    check(&f, "inl 0x70", "OK 0xffffffff\n");
    check(&f, "inb 0xffff", "OK 0x00ff\n");
    check(&f, "inb 0x80", "OK 0x0044\n");
    check(&f, "inw 0x80", "OK 0x3344\n");
    check(&f, "inl 0x80", "OK 0x11223344\n");
    check(&f, "outb 0x80 0x1234", "OK\n");
    g_assert_cmphex(f.io_last_write, ==, 0x34);
    g_assert_cmpuint(f.io_last_size, ==, 1);
    check(&f, "outw 0x80 0x5678", "OK\n");
    g_assert_cmphex(f.io_last_write, ==, 0x5678);
    g_assert_cmpuint(f.io_last_size, ==, 2);
    check(&f, "outl 0x80 0x9abcdef0", "OK\n");
    g_assert_cmphex(f.io_last_write, ==, 0x9abcdef0);
    g_assert_cmpuint(f.io_last_size, ==, 4);
    check(&f, "outb 0x70 0x12", "OK\n");
    check(&f, "inb 0x10000", "FAIL port 0x10000 out of range (0..0xffff)\n");
    check(&f, "outl 0x10000 1", "FAIL port 0x10000 out of range (0..0xffff)\n");
    check(&f, "inb port", "FAIL invalid port 'port'\n");
    fixture_teardown(&f);
}

static void test_malformed(void)
{
    Fixture f;

    fixture_setup(&f, false);
    check(&f, "", "FAIL empty request\n");
    check(&f, "foo bar", "FAIL Unknown command 'foo'\n");
    check(&f, "endianness\r", "FAIL Unknown command 'endianness\r'\n");
    check(&f, " readb 0x0", "FAIL Unknown command ''\n");
    check(&f, "READB 0x0", "FAIL Unknown command 'READB'\n");
    check(&f, "readb", "FAIL 'readb' takes 1 argument, got 0\n");
    check(&f, "readb 0x0 0x1", "FAIL 'readb' takes 1 argument, got 2\n");
    check(&f, "endianness x", "FAIL 'endianness' takes 0 arguments, got 1\n");
    check(&f, "memset 0x0 1", "FAIL 'memset' takes 3 arguments, got 2\n");
    check(&f, "irq_intercept_in",
          "FAIL 'irq_intercept_in' takes 1 to 2 arguments, got 0\n");
    check(&f, "readb  0x0",
          "FAIL 'readb' takes 1 argument, got 2\n");
    check(&f, "writeb  0x0",
          "FAIL empty argument 1 (double or trailing space)\n");
    check(&f, "writeb 0x0 ",
          "FAIL empty argument 2 (double or trailing space)\n");
    check(&f, "readb 0x0\r", "FAIL invalid address '0x0\r'\n");
    check(&f, "readb 0xg", "FAIL invalid address '0xg'\n");
    check(&f, "readb -1", "FAIL invalid address '-1'\n");
    check(&f, "readb 0x10000000000000000",
          "FAIL address '0x10000000000000000' out of range\n");
    check(&f, "writel 0x0 x", "FAIL invalid value 'x'\n");
    check(&f, "read 0x0 0", "FAIL size must not be 0\n");
    check(&f, "b64read 0x0 0", "FAIL size must not be 0\n");
    check(&f, "read 0x0 nope", "FAIL invalid size 'nope'\n");
    check(&f, "read 0x0 0x4000001",
          "FAIL size 67108865 exceeds the limit of 67108864 bytes\n");
    check(&f, "write 0x0 0x4000001 0x00",
          "FAIL size 67108865 exceeds the limit of 67108864 bytes\n");
    check(&f, "memset 0x0 0xffffffffffffffff 0",
          "FAIL size 18446744073709551615 exceeds the limit of 67108864 "
          "bytes\n");
    check(&f, "read 0xffffffffffffffff 2", "FAIL address range wraps around\n");
    check(&f, "read 0xffffffffffffffff 1", "OK 0xff\n");
    check(&f, "memset 0x0 1 x", "FAIL invalid value 'x'\n");
    check(&f, "module_load foo bar", "FAIL\n");
    check(&f, "module_load foo", "FAIL 'module_load' takes 2 arguments, "
          "got 1\n");
    /* Clock commands do not exist without the qtest accelerator. */
    check(&f, "clock_step", "FAIL Unknown command 'clock_step'\n");
    check(&f, "clock_set 5000", "FAIL Unknown command 'clock_set'\n");
    qtest_server_set_max_transfer(f.s, 16);
    check(&f, "read 0x0 17", "FAIL size 17 exceeds the limit of 16 bytes\n");
    check(&f, "read 0x0 16", "OK 0x00000000000000000000000000000000\n");
    fixture_teardown(&f);
}

static void test_one_instance(void)
{
    Fixture f;
    Error *err = NULL;
    g_autofree char *bad = NULL;

    fixture_setup(&f, false);
    g_assert_null(qtest_server_new(f.ms, NULL, "none", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Only one instance of qtest can be created");
    error_free(err);
    err = NULL;
    qtest_server_free(f.s);
    bad = g_strdup("/nonexistent-dir/qtest.log");
    g_assert_null(qtest_server_new(f.ms, NULL, bad, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Could not open qtest log '/nonexistent-dir/qtest.log': "
                    "No such file or directory");
    error_free(err);
    g_assert_null(f.ms->qtest);
    f.s = qtest_server_new(f.ms, NULL, "none", &error_abort);
    g_assert_true(f.ms->qtest == f.s);
    fixture_teardown(&f);
}

/* ---- Clock ---- */

typedef struct TimerCtx {
    qemu_irq line;
    int fired;
    int64_t fired_at;
    QEMUClocks *clocks;
} TimerCtx;

static void timer_cb(void *opaque)
{
    TimerCtx *t = opaque;

    t->fired++;
    t->fired_at = qemu_clock_get_ns(t->clocks, QEMU_CLOCK_VIRTUAL);
    qemu_set_irq(t->line, t->fired & 1);
}

static void enable_qtest_accel(Fixture *f)
{
    AccelState *accel = ACCEL(object_new(TYPE_QTEST_ACCEL));

    g_assert_true(ACCEL_GET_CLASS(accel)->init_machine(accel, f->ms,
                                                       &error_abort));
    f->ms->accel = accel;
    g_assert_cmpint(qemu_clocks_get_virtual_mode(f->ms->clocks), ==,
                    VIRTUAL_CLOCK_MANUAL);
}

static DeviceState *add_or_irq(Fixture *f, const char *id, int lines)
{
    DeviceState *dev = DEVICE(object_new(TYPE_OR_IRQ));

    g_assert_true(object_property_set_uint(OBJECT(dev), "num-lines", lines,
                                           &error_abort));
    g_assert_true(machine_add_device(f->ms, dev, id, NULL, &error_abort));
    object_unref(OBJECT(dev));
    return dev;
}

static void test_clock(void)
{
    Fixture f;
    TimerCtx t = { 0 };
    QEMUTimer *timer;
    DeviceState *dev;

    fixture_setup(&f, false);
    enable_qtest_accel(&f);
    dev = add_or_irq(&f, "gate", 4);
    t.clocks = f.ms->clocks;
    t.line = qdev_get_gpio_in(dev, 2);
    timer = timer_new_ns(f.ms->clocks, QEMU_CLOCK_VIRTUAL, timer_cb, &t);

    check(&f, "clock_step",
          "FAIL cannot advance clock to the next deadline because there is "
          "no pending deadline\n");
    check(&f, "clock_step 100", "OK 100\n");
    check(&f, "clock_step 0", "FAIL could not advance time\n");
    check(&f, "clock_step -5", "FAIL could not advance time\n");
    check(&f, "clock_set 50", "FAIL 100\n");
    check(&f, "clock_set 1000", "OK 1000\n");
    check(&f, "clock_set x", "FAIL invalid time 'x'\n");
    check(&f, "clock_step 99999999999999999999",
          "FAIL time '99999999999999999999' out of range\n");

    /* A timer firing during the step reports its IRQ before the OK. */
    check(&f, "irq_intercept_in gate", "OK\n");
    timer_mod_ns(timer, 1500);
    check(&f, "clock_step", "IRQ raise 2\nOK 1500\n");
    g_assert_cmpint(t.fired, ==, 1);
    g_assert_cmpint(t.fired_at, ==, 1500);
    timer_mod_ns(timer, 1600);
    check(&f, "clock_step 50", "OK 1550\n");
    check(&f, "clock_set 2000", "IRQ lower 2\nOK 2000\n");
    g_assert_cmpint(t.fired_at, ==, 1600);
    timer_free(timer);
    fixture_teardown(&f);
}

/* ---- IRQ interception ---- */

static void test_irq_in(void)
{
    Fixture f;
    DeviceState *gate, *other, *sink;

    fixture_setup(&f, false);
    gate = add_or_irq(&f, "gate", 8);
    other = add_or_irq(&f, "other", 1);
    sink = add_or_irq(&f, "sink", 1);
    qdev_connect_gpio_out(gate, 0, qdev_get_gpio_in(sink, 0));

    /* set_irq_in works without interception: the device sees it. */
    check(&f, "set_irq_in gate unnamed-gpio-in 3 1", "OK\n");
    g_assert_true(OR_IRQ(sink)->levels[0]);
    check(&f, "set_irq_in gate unnamed-gpio-in 3 0", "OK\n");
    g_assert_false(OR_IRQ(sink)->levels[0]);

    check(&f, "irq_intercept_in /machine/nothing", "FAIL Unknown device\n");
    check(&f, "irq_intercept_in /machine", "FAIL Unknown device\n");
    check(&f, "irq_intercept_in gate foo",
          "FAIL Interception of named in-GPIOs not yet supported\n");
    check(&f, "irq_intercept_in gate", "OK\n");
    check(&f, "irq_intercept_in /machine/peripheral/gate", "OK\n");
    check(&f, "irq_intercept_in other", "FAIL IRQ intercept already enabled\n");
    check(&f, "irq_intercept_out other",
          "FAIL IRQ intercept already enabled\n");

    check(&f, "set_irq_in gate unnamed-gpio-in 5 1", "IRQ raise 5\nOK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 5 1", "OK\n");
    check(&f, "set_irq_in peripheral/gate unnamed-gpio-in 5 0",
          "IRQ lower 5\nOK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 5 0", "OK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 0 0x2", "IRQ raise 0\nOK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 0 -1", "IRQ raise 0\nOK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 0 0", "IRQ lower 0\nOK\n");
    /* Intercepted: the device (and what it drives) sees nothing. */
    check(&f, "set_irq_in gate unnamed-gpio-in 7 1", "IRQ raise 7\nOK\n");
    g_assert_false(OR_IRQ(sink)->levels[0]);
    g_assert_false(OR_IRQ(gate)->levels[7]);
    /* Non-intercepted devices still work normally. */
    check(&f, "set_irq_in other unnamed-gpio-in 0 1", "OK\n");
    g_assert_true(OR_IRQ(other)->levels[0]);

    check(&f, "set_irq_in nothing unnamed-gpio-in 0 1",
          "FAIL Unknown device\n");
    check(&f, "set_irq_in gate foo 0 1",
          "FAIL Unknown GPIO input list 'foo'\n");
    check(&f, "set_irq_in gate unnamed-gpio-out 0 1",
          "FAIL Unknown GPIO input list 'unnamed-gpio-out'\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 8 1",
          "FAIL GPIO input 8 out of range (unnamed-gpio-in has 8 lines)\n");
    check(&f, "set_irq_in gate unnamed-gpio-in -1 1",
          "FAIL GPIO input -1 out of range (unnamed-gpio-in has 8 lines)\n");
    check(&f, "set_irq_in gate unnamed-gpio-in x 1",
          "FAIL invalid line number 'x'\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 1 0x100000000",
          "FAIL level '0x100000000' out of range\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 1",
          "FAIL 'set_irq_in' takes 4 arguments, got 3\n");

    /* A new connection resets the level cache. */
    check(&f, "set_irq_in gate unnamed-gpio-in 6 1", "IRQ raise 6\nOK\n");
    qtest_server_event(f.s, CHR_EVENT_OPENED);
    check(&f, "set_irq_in gate unnamed-gpio-in 6 1", "IRQ raise 6\nOK\n");
    fixture_teardown(&f);
}

static void test_irq_out(void)
{
    Fixture f;
    DeviceState *gate, *sink;

    fixture_setup(&f, false);
    gate = add_or_irq(&f, "gate", 2);
    sink = add_or_irq(&f, "sink", 1);
    qdev_connect_gpio_out(gate, 0, qdev_get_gpio_in(sink, 0));

    check(&f, "irq_intercept_out gate foo", "FAIL No intercepts installed\n");
    check(&f, "irq_intercept_out gate unnamed-gpio-in",
          "FAIL No intercepts installed\n");
    check(&f, "irq_intercept_out gate", "OK\n");
    check(&f, "irq_intercept_out gate", "OK\n");
    check(&f, "irq_intercept_in sink", "FAIL IRQ intercept already enabled\n");
    /* The gate still works; its output now reaches the server. */
    check(&f, "set_irq_in gate unnamed-gpio-in 1 1", "IRQ raise 0\nOK\n");
    g_assert_true(OR_IRQ(gate)->levels[1]);
    g_assert_false(OR_IRQ(sink)->levels[0]);
    check(&f, "set_irq_in gate unnamed-gpio-in 0 1", "OK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 1 0", "OK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 0 0", "IRQ lower 0\nOK\n");

    /* Freeing the server reconnects the output to its sink. */
    qtest_server_free(f.s);
    f.s = NULL;
    qemu_set_irq(qdev_get_gpio_in(gate, 0), 1);
    g_assert_true(OR_IRQ(sink)->levels[0]);
    f.s = qtest_server_new(f.ms, NULL, "none", &error_abort);
    fixture_teardown(&f);
}

static void test_irq_out_named(void)
{
    Fixture f;
    DeviceState *gate;

    fixture_setup(&f, false);
    gate = add_or_irq(&f, "gate", 1);
    check(&f, "irq_intercept_out gate unnamed-gpio-out", "OK\n");
    check(&f, "set_irq_in gate unnamed-gpio-in 0 1", "IRQ raise 0\nOK\n");
    /* The list can be named explicitly. */
    check(&f, "set_irq_in gate unnamed-gpio-in 0 0", "IRQ lower 0\nOK\n");
    g_assert_nonnull(gate);
    fixture_teardown(&f);
}

static void test_irq_in_after_free(void)
{
    Fixture f;
    DeviceState *gate;

    fixture_setup(&f, false);
    gate = add_or_irq(&f, "gate", 1);
    check(&f, "irq_intercept_in gate", "OK\n");
    qtest_server_free(f.s);
    f.s = NULL;
    /* Hooked line with no server: dropped, no crash. */
    qemu_set_irq(qdev_get_gpio_in(gate, 0), 1);
    g_assert_false(OR_IRQ(gate)->levels[0]);
    f.s = qtest_server_new(f.ms, NULL, "none", &error_abort);
    /* The new server sees the old hooks; it may intercept anew. */
    check(&f, "set_irq_in gate unnamed-gpio-in 0 1", "IRQ raise 0\nOK\n");
    fixture_teardown(&f);
}

/* ---- Framing ---- */

static void feed(Fixture *f, const char *bytes, size_t len,
                 const char *expect)
{
    g_autoptr(GString) reply = g_string_new(NULL);

    qtest_server_feed(f->s, (const uint8_t *)bytes, len, reply);
    g_assert_cmpstr(reply->str, ==, expect);
}

static void test_feed(void)
{
    Fixture f;
    g_autofree char *big = NULL;
    g_autofree char *expect = NULL;
    static const char nul_line[] = "readb\0 0x0\nendianness\n";

    fixture_setup(&f, false);
    feed(&f, "endianness\nreadb 0x0\n", 21,
         "OK little\nOK 0x0000000000000000\n");
    feed(&f, "endi", 4, "");
    feed(&f, "anness", 6, "");
    feed(&f, "\nwriteb 0x1 0x2", 15, "OK little\n");
    feed(&f, "\n", 1, "OK\n");
    feed(&f, "\n", 1, "FAIL empty request\n");
    feed(&f, "endianness\r\n", 12, "FAIL Unknown command 'endianness\r'\n");
    feed(&f, nul_line, sizeof(nul_line) - 1,
         "FAIL request contains a NUL byte\nOK little\n");

    /* An over-long line is dropped up to its LF, in pieces or at once. */
    qtest_server_set_max_transfer(f.s, 16);
    big = g_strnfill(2 * 16 + 4096 + 1, 'a');
    feed(&f, big, strlen(big), "");
    feed(&f, big, strlen(big), "");
    feed(&f, "\nendianness\n", 12,
         "FAIL request too long (limit 4128 bytes)\nOK little\n");
    /* A line of exactly the limit is still processed. */
    big[strlen(big) - 1] = '\0';
    expect = g_strdup_printf("FAIL Unknown command '%s'\n", big);
    feed(&f, big, strlen(big), "");
    feed(&f, "\n", 1, expect);
    fixture_teardown(&f);
}

/* ---- Log ---- */

static void test_log(void)
{
    Fixture f;
    g_autofree char *dir = g_dir_make_tmp("qtest-log-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "log", NULL);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    static const char *const patterns[] = {
        "[I 0.000000] OPENED",
        "[R +?.??????] endianness",
        "[S +?.??????] OK little",
        "[R +?.??????] b64write 0x0 2 AQ==",
        "[S +?.??????] b64write: data length mismatch (told 2, found 1)",
        "[S +?.??????] OK",
        "[R +?.??????] bogus",
        "[S +?.??????] FAIL Unknown command 'bogus'",
        "[I +?.??????] CLOSED",
        "",
    };

    fixture_setup(&f, false);
    qtest_server_free(f.s);
    f.s = qtest_server_new(f.ms, NULL, path, &error_abort);
    qtest_server_event(f.s, CHR_EVENT_OPENED);
    check(&f, "endianness", "OK little\n");
    check(&f, "b64write 0x0 2 AQ==", "OK\n");
    check(&f, "bogus", "FAIL Unknown command 'bogus'\n");
    qtest_server_event(f.s, CHR_EVENT_CLOSED);
    fixture_teardown(&f);

    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    lines = g_strsplit(text, "\n", -1);
    g_assert_cmpuint(g_strv_length(lines), ==, G_N_ELEMENTS(patterns));
    for (size_t i = 0; i < G_N_ELEMENTS(patterns); i++) {
        if (!g_pattern_match_simple(patterns[i], lines[i])) {
            g_error("log line %zu: '%s' does not match '%s'", i, lines[i],
                    patterns[i]);
        }
    }
    unlink(path);
    rmdir(dir);
}


/* ---- Over a real socket chardev ---- */

/* Run the machine's loop until @fd is readable (or 5 s pass). */
static void pump_until_readable(Fixture *f, int fd)
{
    for (int i = 0; i < 500; i++) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };

        main_loop_iterate(f->ms->main_loop, false);
        if (poll(&pfd, 1, 10) > 0) {
            return;
        }
    }
    g_error("no data from the qtest server");
}

static char *client_read(Fixture *f, int fd, size_t want)
{
    GString *got = g_string_new(NULL);
    char buf[256];

    while (got->len < want) {
        ssize_t n;

        pump_until_readable(f, fd);
        n = read(fd, buf, sizeof(buf));
        g_assert_cmpint(n, >, 0);
        g_string_append_len(got, buf, n);
    }
    return g_string_free(got, false);
}

static int client_connect(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpuint(strlen(path), <, sizeof(addr.sun_path));
    strcpy(addr.sun_path, path);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&addr, sizeof(addr)), ==,
                    0);
    return fd;
}

static void client_send(int fd, const char *text)
{
    g_assert_cmpint(write(fd, text, strlen(text)), ==, strlen(text));
}

static void test_chardev(void)
{
    Fixture f;
    g_autofree char *dir = g_dir_make_tmp("qtest-chr-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "sock", NULL);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on,wait=off",
                                            path);
    g_autoptr(ChardevOptions) o = chardev_options_new();
    g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL;
    DeviceState *gate;
    Chardev *chr;
    int fd;

    fixture_setup(&f, false);
    gate = add_or_irq(&f, "gate", 2);
    qtest_server_free(f.s);
    g_assert_true(chardev_parse_legacy(spec, o, &error_abort));
    chr = chardev_new(f.ms->chardevs, "qtest", o, f.ms->main_loop,
                      &error_abort);
    f.s = qtest_server_new(f.ms, chr, "none", &error_abort);
    fd = client_connect(path);

    /* Two requests in one write, the second split across writes. */
    client_send(fd, "endianness\nirq_intercept_in ga");
    r1 = client_read(&f, fd, strlen("OK little\n"));
    g_assert_cmpstr(r1, ==, "OK little\n");
    client_send(fd, "te\n");
    r2 = client_read(&f, fd, strlen("OK\n"));
    g_assert_cmpstr(r2, ==, "OK\n");

    /* A line changed while no command runs is reported on its own. */
    qemu_set_irq(qdev_get_gpio_in(gate, 1), 1);
    r3 = client_read(&f, fd, strlen("IRQ raise 1\n"));
    g_assert_cmpstr(r3, ==, "IRQ raise 1\n");

    close(fd);
    for (int i = 0; i < 20; i++) {
        main_loop_iterate(f.ms->main_loop, false);
    }
    fixture_teardown(&f);
    unlink(path);
    rmdir(dir);
}

static const TypeInfo *const test_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &or_irq_type_info,
    &accel_type_info, &qtest_accel_type_info,
};

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    type_registry_init(test_types, G_N_ELEMENTS(test_types));
    g_test_add_func("/qtest-server/memory", test_memory);
    g_test_add_func("/qtest-server/big-endian", test_big_endian);
    g_test_add_func("/qtest-server/bulk", test_bulk);
    g_test_add_func("/qtest-server/io", test_io);
    g_test_add_func("/qtest-server/malformed", test_malformed);
    g_test_add_func("/qtest-server/one-instance", test_one_instance);
    g_test_add_func("/qtest-server/clock", test_clock);
    g_test_add_func("/qtest-server/irq-in", test_irq_in);
    g_test_add_func("/qtest-server/irq-out", test_irq_out);
    g_test_add_func("/qtest-server/irq-out-named", test_irq_out_named);
    g_test_add_func("/qtest-server/irq-in-after-free",
                    test_irq_in_after_free);
    g_test_add_func("/qtest-server/feed", test_feed);
    g_test_add_func("/qtest-server/log", test_log);
    g_test_add_func("/qtest-server/chardev", test_chardev);
    return g_test_run();
}
