/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fw_cfg on "-machine pc" through qtest: selector 0x510, data 0x511, the
 * DMA register at 0x514 (signature and transfers), the standard items and
 * the file directory.  Skipped while the pc board has no fw_cfg.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#define ARGS "-machine pc -m 256 -smp 2 -nodefaults"

static void fw_select(QTestState *qts, uint16_t key)
{
    qtest_outw(qts, 0x510, key);
}

static void fw_read(QTestState *qts, void *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        ((uint8_t *)buf)[i] = qtest_inb(qts, 0x511);
    }
}

static QTestState *fw_start(void)
{
    QTestState *qts;
    char sig[4];

    if (!qtest_has_machine("pc")) {
        g_test_skip("no pc machine");
        return NULL;
    }
    qts = qtest_init(ARGS);
    fw_select(qts, 0);
    fw_read(qts, sig, 4);
    if (memcmp(sig, "QEMU", 4) != 0) {
        qtest_quit(qts);
        g_test_skip("the pc board has no fw_cfg yet");
        return NULL;
    }
    return qts;
}

static void test_items(void)
{
    QTestState *qts = fw_start();
    uint8_t buf[8];
    uint64_t ram = 0;
    uint16_t cpus = 0;

    if (!qts) {
        return;
    }
    fw_select(qts, 0x01);
    fw_read(qts, buf, 4);
    g_assert_cmpmem(buf, 4, "\x03\0\0\0", 4);
    fw_select(qts, 0x03);
    fw_read(qts, &ram, 8);
    g_assert_cmphex(GUINT64_FROM_LE(ram), ==, 256 * 1024 * 1024);
    fw_select(qts, 0x05);
    fw_read(qts, &cpus, 2);
    g_assert_cmpuint(GUINT16_FROM_LE(cpus), ==, 2);
    /* An item that does not exist reads as zeros. */
    fw_select(qts, 0x3fff);
    fw_read(qts, buf, 2);
    g_assert_cmphex(buf[0] | buf[1], ==, 0);
    qtest_quit(qts);
}

/* Find @name in the directory: its selector, or 0. */
static uint16_t fw_find_file(QTestState *qts, const char *name,
                             uint32_t *size)
{
    uint8_t hdr[4], ent[64];
    uint32_t count;

    fw_select(qts, 0x19);
    fw_read(qts, hdr, 4);
    count = (uint32_t)hdr[0] << 24 | hdr[1] << 16 | hdr[2] << 8 | hdr[3];
    for (uint32_t i = 0; i < count && i < 64; i++) {
        fw_read(qts, ent, 64);
        if (strncmp((char *)ent + 8, name, 56) == 0) {
            *size = (uint32_t)ent[0] << 24 | ent[1] << 16 | ent[2] << 8 |
                    ent[3];
            return ent[4] << 8 | ent[5];
        }
    }
    return 0;
}

static void test_files_and_dma(void)
{
    QTestState *qts = fw_start();
    uint32_t size = 0, ctl;
    uint16_t sel;
    uint8_t desc[16] = { 0 };
    uint8_t buf[4];

    if (!qts) {
        return;
    }
    sel = fw_find_file(qts, "etc/boot-fail-wait", &size);
    g_assert_cmphex(sel, >=, 0x20);
    g_assert_cmpuint(size, ==, 4);

    /* Signature: "QEMU CFG" read big-endian from the DMA register. */
    g_assert_cmphex(GUINT32_FROM_BE(qtest_inl(qts, 0x514)), ==, 0x51454d55);
    g_assert_cmphex(GUINT32_FROM_BE(qtest_inl(qts, 0x518)), ==, 0x20434647);

    /* DMA: select the file and read its 4 bytes to 0x2000. */
    ctl = (uint32_t)sel << 16 | 0x08 | 0x02;
    desc[0] = ctl >> 24;
    desc[1] = ctl >> 16;
    desc[2] = ctl >> 8;
    desc[3] = ctl;
    desc[7] = 4;
    desc[14] = 0x20;
    qtest_memwrite(qts, 0x1000, desc, sizeof(desc));
    qtest_outl(qts, 0x514, 0);
    qtest_outl(qts, 0x518, GUINT32_TO_BE(0x1000));
    g_assert_cmphex(qtest_readl(qts, 0x1000), ==, 0);   /* control: done */
    qtest_memread(qts, 0x2000, buf, 4);
    g_assert_cmpmem(buf, 4, "\xff\xff\xff\xff", 4);
    qtest_quit(qts);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/fw_cfg/items", test_items);
    qtest_add_func("/fw_cfg/files-and-dma", test_files_and_dma);
    return g_test_run();
}
