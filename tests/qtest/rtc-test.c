/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * MC146818 RTC of the pc machine: the host time at start, setting the
 * time, BCD/binary and 12/24 h formats, updates on the virtual clock, the
 * update-in-progress bit, divider reset, the periodic, update-ended and
 * alarm interrupts on ISA IRQ 8, and the CMOS memory-size bytes.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include <time.h>

#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define SEC 0
#define SEC_ALARM 1
#define MINUTES 2
#define MINUTES_ALARM 3
#define HOUR 4
#define HOUR_ALARM 5
#define DOW 6
#define DAY 7
#define MON 8
#define YEAR 9
#define REG_A 10
#define REG_B 11
#define REG_C 12
#define REG_D 13
#define CENTURY 0x32
#define NS 1000000000LL
#define IRQ8 8

static uint8_t cmos_read(QTestState *qts, uint8_t reg)
{
    qtest_outb(qts, RTC_INDEX, reg);
    return qtest_inb(qts, RTC_DATA);
}

static void cmos_write(QTestState *qts, uint8_t reg, uint8_t val)
{
    qtest_outb(qts, RTC_INDEX, reg);
    qtest_outb(qts, RTC_DATA, val);
}

static int bcd(uint8_t v)
{
    return (v >> 4) * 10 + (v & 15);
}

/* Binary, 24 h, 1999-12-31 23:59:58; the second starts now. */
static void set_time(QTestState *qts)
{
    static const uint8_t regs[][2] = {
        { SEC, 58 }, { MINUTES, 59 }, { HOUR, 23 }, { DAY, 31 }, { MON, 12 },
        { YEAR, 99 }, { CENTURY, 19 },
    };

    cmos_write(qts, REG_B, 0x86);
    for (size_t i = 0; i < G_N_ELEMENTS(regs); i++) {
        cmos_write(qts, regs[i][0], regs[i][1]);
    }
    cmos_write(qts, REG_B, 0x06);
}

static void test_host_time(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");
    struct tm tm = { 0 };
    time_t now = time(NULL), rtc;

    g_assert_cmphex(cmos_read(qts, REG_A), ==, 0x26);
    g_assert_cmphex(cmos_read(qts, REG_B), ==, 0x02);
    g_assert_cmphex(cmos_read(qts, REG_C), ==, 0x00);
    g_assert_cmphex(cmos_read(qts, REG_D), ==, 0x80);
    tm.tm_sec = bcd(cmos_read(qts, SEC));
    tm.tm_min = bcd(cmos_read(qts, MINUTES));
    tm.tm_hour = bcd(cmos_read(qts, HOUR));
    tm.tm_mday = bcd(cmos_read(qts, DAY));
    tm.tm_mon = bcd(cmos_read(qts, MON)) - 1;
    tm.tm_year = bcd(cmos_read(qts, YEAR)) +
                 bcd(cmos_read(qts, CENTURY)) * 100 - 1900;
    rtc = timegm(&tm);
    g_assert_cmpint(rtc, <=, now);
    g_assert_cmpint(rtc, >, now - 30);
    qtest_quit(qts);
}

static void test_set_and_tick(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    set_time(qts);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 58);
    qtest_clock_step(qts, NS - 1);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 58);
    qtest_clock_step(qts, 1);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 59);
    /* UIP in the last 244 us before the update */
    qtest_clock_step(qts, NS - 244000 - 1);
    g_assert_cmphex(cmos_read(qts, REG_A), ==, 0x26);
    qtest_clock_step(qts, 1);
    g_assert_cmphex(cmos_read(qts, REG_A), ==, 0xa6);
    qtest_clock_step(qts, 244000);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 0);
    g_assert_cmpint(cmos_read(qts, MINUTES), ==, 0);
    g_assert_cmpint(cmos_read(qts, HOUR), ==, 0);
    g_assert_cmpint(cmos_read(qts, DAY), ==, 1);
    g_assert_cmpint(cmos_read(qts, MON), ==, 1);
    g_assert_cmpint(cmos_read(qts, YEAR), ==, 0);
    g_assert_cmpint(cmos_read(qts, CENTURY), ==, 20);
    g_assert_cmpint(cmos_read(qts, DOW), ==, 7);        /* Saturday */
    /* the same time in BCD */
    cmos_write(qts, REG_B, 0x02);
    g_assert_cmphex(cmos_read(qts, CENTURY), ==, 0x20);
    g_assert_cmphex(cmos_read(qts, DAY), ==, 0x01);
    qtest_quit(qts);
}

static void test_12h_and_halt(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    set_time(qts);
    cmos_write(qts, REG_B, 0x84);               /* SET, binary, 12 h */
    cmos_write(qts, HOUR, 0x81);                /* 1 PM */
    cmos_write(qts, REG_B, 0x04);
    g_assert_cmphex(cmos_read(qts, HOUR), ==, 0x81);
    cmos_write(qts, REG_B, 0x06);
    g_assert_cmpint(cmos_read(qts, HOUR), ==, 13);
    /* SET halts the clock */
    cmos_write(qts, REG_B, 0x86);
    qtest_clock_step(qts, 3 * NS);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 58);
    cmos_write(qts, REG_B, 0x06);
    /* divider reset halts it too; restart updates 500 ms later */
    cmos_write(qts, REG_A, 0x76);
    qtest_clock_step(qts, 3 * NS);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 58);
    cmos_write(qts, REG_A, 0x26);
    qtest_clock_step(qts, NS / 2 - 1);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 58);
    qtest_clock_step(qts, 1);
    g_assert_cmpint(cmos_read(qts, SEC), ==, 59);
    qtest_quit(qts);
}

static void test_periodic_irq(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");
    int64_t first = (32 * NS + 32767) / 32768;  /* 1024 Hz: 32 ticks */

    qtest_irq_intercept_in(qts, "ioapic");
    set_time(qts);
    cmos_write(qts, REG_B, 0x46);               /* PIE */
    qtest_clock_step(qts, first - 1);
    g_assert_false(qtest_get_irq(qts, IRQ8));
    qtest_clock_step(qts, 1);
    g_assert_true(qtest_get_irq(qts, IRQ8));
    g_assert_cmphex(cmos_read(qts, REG_C), ==, 0xc0);
    g_assert_false(qtest_get_irq(qts, IRQ8));
    qtest_clock_step(qts, 64 * NS / 32768 - first);
    g_assert_true(qtest_get_irq(qts, IRQ8));
    g_assert_cmphex(cmos_read(qts, REG_C), ==, 0xc0);
    /* rate 0 stops it */
    cmos_write(qts, REG_A, 0x20);
    qtest_clock_step(qts, NS / 100);
    g_assert_false(qtest_get_irq(qts, IRQ8));
    qtest_quit(qts);
}

static void test_update_and_alarm(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    qtest_irq_intercept_in(qts, "ioapic");
    set_time(qts);
    cmos_write(qts, REG_B, 0x16);               /* UIE */
    qtest_clock_step(qts, NS - 1);
    g_assert_false(qtest_get_irq(qts, IRQ8));
    qtest_clock_step(qts, 1);
    g_assert_true(qtest_get_irq(qts, IRQ8));
    g_assert_cmphex(cmos_read(qts, REG_C), ==, 0x90);
    g_assert_false(qtest_get_irq(qts, IRQ8));
    /* alarm at 00:00:00, only AIE enabled: fires at the next boundary */
    cmos_write(qts, SEC_ALARM, 0);
    cmos_write(qts, MINUTES_ALARM, 0);
    cmos_write(qts, HOUR_ALARM, 0);
    cmos_write(qts, REG_B, 0x26);
    qtest_clock_step(qts, NS);
    g_assert_true(qtest_get_irq(qts, IRQ8));
    g_assert_cmphex(cmos_read(qts, REG_C), ==, 0xb0);
    /* 00:00:01 does not match */
    qtest_clock_step(qts, NS);
    g_assert_false(qtest_get_irq(qts, IRQ8));
    g_assert_cmphex(cmos_read(qts, REG_C), ==, 0x10);
    /* don't-care seconds match every second */
    cmos_write(qts, SEC_ALARM, 0xc0);
    qtest_clock_step(qts, NS);
    g_assert_true(qtest_get_irq(qts, IRQ8));
    qtest_quit(qts);
}

static void test_cmos_memory(void)
{
    QTestState *qts = qtest_init("-machine pc -m 128");

    g_assert_cmphex(cmos_read(qts, 0x15), ==, 0x80);    /* 640 KiB */
    g_assert_cmphex(cmos_read(qts, 0x16), ==, 0x02);
    g_assert_cmphex(cmos_read(qts, 0x17), ==, 0xff);    /* capped */
    g_assert_cmphex(cmos_read(qts, 0x18), ==, 0xff);
    g_assert_cmphex(cmos_read(qts, 0x30), ==, 0xff);
    g_assert_cmphex(cmos_read(qts, 0x31), ==, 0xff);
    g_assert_cmphex(cmos_read(qts, 0x34), ==, 0x00);    /* 112 MiB/64K */
    g_assert_cmphex(cmos_read(qts, 0x35), ==, 0x07);
    g_assert_cmphex(cmos_read(qts, 0x5f), ==, 0x00);    /* 1 CPU */
    /* RAM bytes; bit 7 of the index (NMI) is not part of it */
    cmos_write(qts, 0x80 | 0x40, 0x5a);
    g_assert_cmphex(cmos_read(qts, 0x40), ==, 0x5a);
    g_assert_cmphex(qtest_inb(qts, RTC_INDEX), ==, 0xff);
    qtest_quit(qts);
}

/* 4 GiB: 3.5 GiB below the PCI hole, 512 MiB from 4 GiB up. */
static void test_cmos_memory_4g(void)
{
    QTestState *qts = qtest_init("-machine pc -m 4G");

    /* Low RAM stops at the ECAM window (0xb0000000), the rest is at 4G. */
    g_assert_cmphex(cmos_read(qts, 0x34), ==, 0x00);    /* 0xaf00 */
    g_assert_cmphex(cmos_read(qts, 0x35), ==, 0xaf);
    g_assert_cmphex(cmos_read(qts, 0x5b), ==, 0x00);    /* 0x5000 */
    g_assert_cmphex(cmos_read(qts, 0x5c), ==, 0x50);
    g_assert_cmphex(cmos_read(qts, 0x5d), ==, 0x00);
    /* the RAM is really split there */
    qtest_writel(qts, 0xaffffffc, 0x11223344);
    qtest_writel(qts, 0x100000000ULL, 0x55667788);
    g_assert_cmphex(qtest_readl(qts, 0xaffffffc), ==, 0x11223344);
    g_assert_cmphex(qtest_readl(qts, 0x100000000ULL), ==, 0x55667788);
    g_assert_cmphex(qtest_readl(qts, 0xc0000000), ==, 0xffffffff);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/rtc/host-time", test_host_time);
    qtest_add_func("/rtc/set-and-tick", test_set_and_tick);
    qtest_add_func("/rtc/12h-and-halt", test_12h_and_halt);
    qtest_add_func("/rtc/periodic-irq", test_periodic_irq);
    qtest_add_func("/rtc/update-and-alarm", test_update_and_alarm);
    qtest_add_func("/rtc/cmos-memory", test_cmos_memory);
    qtest_add_func("/rtc/cmos-memory-4g", test_cmos_memory_4g);
    return g_test_run();
}
