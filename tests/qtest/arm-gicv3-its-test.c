/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GICv3 ITS of the virt machine (gic-version=3, its=on; 0x08080000):
 * identification, the table registers, and the command queue and MSI
 * translation end to end through guest memory: MAPD/MAPC/MAPTI/MAPI map
 * events, GITS_TRANSLATER writes (DeviceID 0: qtest has no requester id)
 * and INT/CLEAR/DISCARD/MOVI/MOVALL change which LPIs are pending, seen in
 * the redistributors' pending tables.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define GICD 0x08000000ull
#define GICR0 0x080a0000ull
#define ITS 0x08080000ull
#define TRANSLATER (ITS + 0x10040)

#define RAM 0x40000000ull
#define PROP (RAM + 0x100000)          /* LPI configuration (shared) */
#define PEND0 (RAM + 0x200000)         /* CPU 0 pending table (64K-aligned) */
#define PEND1 (RAM + 0x210000)         /* CPU 1 */
#define DEVT (RAM + 0x300000)
#define COLLT (RAM + 0x310000)
#define ITT (RAM + 0x400000)        /* 16384 events * 8 bytes */
#define CMDQ (RAM + 0x330000)

#define CMD_MOVI 0x01
#define CMD_INT 0x03
#define CMD_CLEAR 0x04
#define CMD_SYNC 0x05
#define CMD_MAPD 0x08
#define CMD_MAPC 0x09
#define CMD_MAPTI 0x0a
#define CMD_MAPI 0x0b
#define CMD_MOVALL 0x0e
#define CMD_DISCARD 0x0f

typedef struct ITSTest {
    QTestState *qts;
    uint64_t cwriter;
} ITSTest;

static void cmd(ITSTest *t, uint64_t d0, uint64_t d1, uint64_t d2,
                uint64_t d3)
{
    uint64_t c[4] = { d0, d1, d2, d3 };

    for (int i = 0; i < 4; i++) {
        qtest_writeq(t->qts, CMDQ + t->cwriter + 8 * i, c[i]);
    }
    t->cwriter += 32;
    qtest_writeq(t->qts, ITS + 0x88, t->cwriter);
    g_assert_cmphex(qtest_readq(t->qts, ITS + 0x90), ==, t->cwriter);
}

static bool lpi_pending(ITSTest *t, hwaddr pend, uint32_t intid)
{
    return (qtest_readb(t->qts, pend + intid / 8) >> (intid % 8)) & 1;
}

static void its_setup(ITSTest *t)
{
    QTestState *qts = qtest_init("-machine virt,gic-version=3 -smp 2");

    t->qts = qts;
    t->cwriter = 0;
    qtest_writel(qts, GICD, 0x2);                       /* EnableGrp1 */
    for (int c = 0; c < 2; c++) {
        hwaddr rd = GICR0 + c * 0x20000;

        qtest_writeq(qts, rd + 0x70, PROP | 15);        /* 16 ID bits */
        qtest_writeq(qts, rd + 0x78, c ? PEND1 : PEND0);
        qtest_writel(qts, rd + 0x0, 1);                 /* EnableLPIs */
    }
    qtest_writeq(qts, ITS + 0x100, (1ull << 63) | DEVT);
    qtest_writeq(qts, ITS + 0x108, (1ull << 63) | COLLT);
    qtest_writeq(qts, ITS + 0x80, (1ull << 63) | CMDQ);
    qtest_writel(qts, ITS + 0x0, 1);
}

static void test_regs(void)
{
    QTestState *qts = qtest_init("-machine virt,gic-version=3");

    g_assert_cmphex(qtest_readl(qts, ITS + 0x4), ==, 0x43b);
    g_assert_cmphex(qtest_readl(qts, ITS + 0xffe8), ==, 0x3b);
    /* Physical, 8-byte ITT entries, 16 EventID and DeviceID bits */
    g_assert_cmphex(qtest_readq(qts, ITS + 0x8), ==, 0x1ef71);
    g_assert_cmphex(qtest_readl(qts, ITS + 0x0), ==, 0x80000000);
    /* BASER0: devices, BASER1: collections; Type/Entry_Size read-only */
    g_assert_cmphex(qtest_readq(qts, ITS + 0x100), ==, 0x0107000000000000);
    g_assert_cmphex(qtest_readq(qts, ITS + 0x108), ==, 0x0407000000000000);
    qtest_writeq(qts, ITS + 0x100, 0xffffffffffffffffull);
    g_assert_cmphex(qtest_readq(qts, ITS + 0x100), ==, 0xb9e7ffffffffffffull);
    g_assert_cmphex(qtest_readq(qts, ITS + 0x110), ==, 0);
    /* LPIs advertised by the distributor and redistributors */
    g_assert_cmphex(qtest_readl(qts, GICD + 0x4) & (1u << 17), ==, 1u << 17);
    g_assert_cmphex(qtest_readl(qts, GICD + 0x4) >> 19 & 0x1f, ==, 15);
    g_assert_cmphex(qtest_readq(qts, GICR0 + 0x8) & 1, ==, 1);
    /* CBASER resets CREADR; it is frozen while the ITS is enabled */
    qtest_writeq(qts, ITS + 0x80, (1ull << 63) | CMDQ);
    qtest_writel(qts, ITS, 1);
    qtest_writeq(qts, ITS + 0x80, 0);
    g_assert_cmphex(qtest_readq(qts, ITS + 0x80), ==, (1ull << 63) | CMDQ);
    qtest_quit(qts);
}

static void test_translate(void)
{
    ITSTest t;
    uint32_t lpi = 8192 + 5;

    its_setup(&t);
    /* device 0: 16384 events; collection 3 -> CPU 0, 4 -> CPU 1 */
    cmd(&t, CMD_MAPD, 13, (1ull << 63) | ITT, 0);
    cmd(&t, CMD_MAPC, 0, (1ull << 63) | (0ull << 16) | 3, 0);
    cmd(&t, CMD_MAPC, 0, (1ull << 63) | (1ull << 16) | 4, 0);
    cmd(&t, CMD_MAPTI, (uint64_t)lpi << 32 | 7, 3, 0);
    cmd(&t, CMD_MAPI, 8200, 4, 0);                      /* event = intid */
    cmd(&t, CMD_SYNC, 0, 0, 0);
    /* MSI: event 7 of device 0 */
    qtest_writel(t.qts, TRANSLATER, 7);
    g_assert_true(lpi_pending(&t, PEND0, lpi));
    g_assert_false(lpi_pending(&t, PEND1, lpi));
    cmd(&t, CMD_CLEAR, 7, 0, 0);
    g_assert_false(lpi_pending(&t, PEND0, lpi));
    cmd(&t, CMD_INT, 7, 0, 0);
    g_assert_true(lpi_pending(&t, PEND0, lpi));
    /* MOVI to collection 4 takes the pending LPI to CPU 1 */
    cmd(&t, CMD_MOVI, 7, 4, 0);
    g_assert_false(lpi_pending(&t, PEND0, lpi));
    g_assert_true(lpi_pending(&t, PEND1, lpi));
    qtest_writel(t.qts, TRANSLATER, 8200);
    g_assert_true(lpi_pending(&t, PEND1, 8200));
    /* MOVALL CPU 1 -> CPU 0, after retargeting collection 4 (as an OS) */
    cmd(&t, CMD_MAPC, 0, (1ull << 63) | (0ull << 16) | 4, 0);
    cmd(&t, CMD_MOVALL, 0, 1ull << 16, 0ull << 16);
    g_assert_true(lpi_pending(&t, PEND0, lpi));
    g_assert_true(lpi_pending(&t, PEND0, 8200));
    g_assert_false(lpi_pending(&t, PEND1, 8200));
    /* DISCARD unmaps: later MSIs for the event are dropped */
    cmd(&t, CMD_DISCARD, 7, 0, 0);
    g_assert_false(lpi_pending(&t, PEND0, lpi));
    qtest_writel(t.qts, TRANSLATER, 7);
    g_assert_false(lpi_pending(&t, PEND0, lpi));
    /* unmapped events and devices, too-large events: nothing */
    qtest_writel(t.qts, TRANSLATER, 9);
    cmd(&t, CMD_MAPTI, (uint64_t)(8192 + 40) << 32 | 16384, 3, 0);
    qtest_writel(t.qts, TRANSLATER, 16384);
    g_assert_false(lpi_pending(&t, PEND0, 8192 + 40));
    qtest_quit(t.qts);
}

static void test_disabled(void)
{
    ITSTest t;

    its_setup(&t);
    cmd(&t, CMD_MAPD, 4, (1ull << 63) | ITT, 0);
    cmd(&t, CMD_MAPC, 0, (1ull << 63) | 3, 0);
    cmd(&t, CMD_MAPTI, (uint64_t)8300 << 32 | 1, 3, 0);
    /* LPIs disabled at the redistributor: the MSI is dropped */
    qtest_writel(t.qts, GICR0, 0);
    qtest_writel(t.qts, TRANSLATER, 1);
    g_assert_false(lpi_pending(&t, PEND0, 8300));
    qtest_writel(t.qts, GICR0, 1);
    /* ITS disabled: MSIs dropped, commands wait until it is enabled */
    qtest_writel(t.qts, ITS, 0);
    qtest_writel(t.qts, TRANSLATER, 1);
    g_assert_false(lpi_pending(&t, PEND0, 8300));
    qtest_writeq(t.qts, CMDQ + t.cwriter, CMD_INT);
    qtest_writeq(t.qts, CMDQ + t.cwriter + 8, 1);
    qtest_writeq(t.qts, ITS + 0x88, t.cwriter + 32);
    g_assert_cmphex(qtest_readq(t.qts, ITS + 0x90), ==, t.cwriter);
    qtest_writel(t.qts, ITS, 1);
    g_assert_cmphex(qtest_readq(t.qts, ITS + 0x90), ==, t.cwriter + 32);
    g_assert_true(lpi_pending(&t, PEND0, 8300));
    qtest_quit(t.qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/arm-gicv3-its/regs", test_regs);
    qtest_add_func("/arm-gicv3-its/translate", test_translate);
    qtest_add_func("/arm-gicv3-its/disabled", test_disabled);
    return g_test_run();
}
