/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The gve NIC through qtest on "-machine pc", the test acting as the
 * driver: PCI identity and BARs, big-endian registers, both reset
 * handshakes, every admin opcode and its error statuses, DQO and GQI
 * TX/RX against a -netdev socket (UDP) peer in the test, checksum offload
 * and TSO checked byte by byte, RSS queue selection and hash values (the
 * published Toeplitz test vector), interrupts and re-arming, and devmem
 * TX from a devmem-exporter's BAR (zero payload copies).
 */
#include "qemu/osdep.h"
#include "gve-helpers.h"

/* --- Identity and registers --- */

static void test_identity(void)
{
    Gve g;
    int cap;

    gve_start(&g, 4, NULL);
    g_assert_cmphex(cfg_readl(g.qts, GVE_DEVFN, 0), ==, 0x00421ae0);
    g_assert_cmphex(cfg_readl(g.qts, GVE_DEVFN, 8), ==, 0x02000000);
    g_assert_cmphex(cfg_readl(g.qts, GVE_DEVFN, 0x2c), ==, 0x00581ae0);
    cap = cfg_find_cap(g.qts, GVE_DEVFN, 0x11);
    g_assert_cmpint(cap, !=, 0);
    /* 2 * 4 queues + 1 management vector, table in BAR1. */
    g_assert_cmpuint((cfg_readl(g.qts, GVE_DEVFN, cap) >> 16) & 0x7ff, ==,
                     8);
    g_assert_cmpuint(cfg_readl(g.qts, GVE_DEVFN, cap + 4) & 7, ==, 1);
    /* BAR sizes: BAR0 and BAR2 4 KiB memory BARs. */
    cfg_writel(g.qts, GVE_DEVFN, 0x10, 0xffffffff);
    g_assert_cmphex(cfg_readl(g.qts, GVE_DEVFN, 0x10), ==, 0xfffff000);
    cfg_writel(g.qts, GVE_DEVFN, 0x18, 0xffffffff);
    g_assert_cmphex(cfg_readl(g.qts, GVE_DEVFN, 0x18), ==, 0xfffff000);
    gve_stop(&g);
}

static void test_registers(void)
{
    Gve g;
    const char *ver = "GVE-1.0.0\n";

    gve_start(&g, 4, NULL);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_MAX_TX), ==, 4);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_MAX_RX), ==, 4);
    g_assert_cmphex(gve_rd(&g, GVE_REG_DEVICE_STATUS), ==, 1u << 2);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_EVENTS), ==, 0);
    g_assert_cmphex(gve_rd(&g, GVE_REG_PFN), ==, AQ_ADDR / 4096);
    /* Byte reads of a big-endian register. */
    g_assert_cmphex(qtest_readb(g.qts, BAR0_ADDR + 0xb), ==, 4);
    g_assert_cmphex(qtest_readb(g.qts, BAR0_ADDR + 0x8), ==, 0);
    for (const char *c = ver; *c; c++) {
        qtest_writeb(g.qts, BAR0_ADDR + 0x1f, *c);
    }
    /* Read-only and unknown registers ignore writes, read 0. */
    gve_wr(&g, GVE_REG_MAX_TX, 99);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_MAX_TX), ==, 4);
    g_assert_cmphex(gve_rd(&g, 0x800), ==, 0);
    /* Rev 0: the base/length registers do not exist. */
    gve_wr(&g, 0x24, 0x1000);
    g_assert_cmphex(gve_rd(&g, 0x24), ==, 0);
    gve_stop(&g);
}

static void test_reset_pfn(void)
{
    Gve g;

    gve_start(&g, 2, NULL);
    g_assert_cmphex(aq_configure(&g, 4, 3), ==, ST_PASSED);
    g_assert_cmphex(aq_create_tx(&g, 0, 0, 256), ==, ST_PASSED);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_EVENTS), ==, 2);
    /* Release: PFN reads 0, the counter restarts, everything is gone. */
    gve_wr(&g, GVE_REG_PFN, 0);
    g_assert_cmphex(gve_rd(&g, GVE_REG_PFN), ==, 0);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_EVENTS), ==, 0);
    gve_wr(&g, GVE_REG_PFN, AQ_ADDR / 4096);
    g.prod = 0;
    g_assert_cmphex(aq_create_tx(&g, 0, 0, 256), ==,
                    ST_FAILED_PRECONDITION);
    g_assert_cmphex(aq_configure(&g, 4, 3), ==, ST_PASSED);
    g_assert_cmphex(aq_create_tx(&g, 0, 0, 256), ==, ST_PASSED);
    gve_stop(&g);
}

static void test_reset_rev1(void)
{
    Gve g;

    gve_start(&g, 2, ",revision=1");
    g_assert_cmphex(cfg_readl(g.qts, GVE_DEVFN, 8) & 0xff, ==, 1);
    gve_wr(&g, GVE_REG_PFN, 0);
    gve_wr(&g, GVE_REG_DRIVER_STATUS, 2);          /* RESET */
    g_assert_cmphex(gve_rd(&g, GVE_REG_DEVICE_STATUS) & 0x10, ==, 0x10);
    qtest_writew(g.qts, BAR0_ADDR + 0x28, GUINT16_SWAP_LE_BE(4096));
    gve_wr(&g, 0x20, 0);
    gve_wr(&g, 0x24, AQ_ADDR);
    gve_wr(&g, GVE_REG_DRIVER_STATUS, 1);          /* RUN */
    g_assert_cmphex(gve_rd(&g, GVE_REG_DEVICE_STATUS) & 0x10, ==, 0);
    g_assert_cmphex(gve_rd(&g, 0x24), ==, AQ_ADDR);
    g_assert_cmphex(qtest_readw(g.qts, BAR0_ADDR + 0x28), ==,
                    GUINT16_SWAP_LE_BE(4096));
    g.prod = 0;
    g_assert_cmphex(aq_configure(&g, 4, 3), ==, ST_PASSED);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_EVENTS), ==, 1);
    /* The management vector (4) fires on the status change. */
    msix_fired(g.qts, MSI_ADDR, 4);
    gve_wr(&g, GVE_REG_DRIVER_STATUS, 2);
    g_assert_cmphex(gve_rd(&g, GVE_REG_DEVICE_STATUS) & 0x10, ==, 0x10);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_EVENTS), ==, 0);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 4));
    gve_stop(&g);
}

static void test_link(void)
{
    Gve g;

    gve_start(&g, 1, NULL);
    g_assert_cmphex(gve_rd(&g, GVE_REG_DEVICE_STATUS), ==, 1u << 2);
    qtest_qmp_assert_success(g.qts, "{'execute': 'set_link', 'arguments': "
                             "{'name': 'n0', 'up': false}}");
    g_assert_cmphex(gve_rd(&g, GVE_REG_DEVICE_STATUS), ==, 0);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 2));
    qtest_qmp_assert_success(g.qts, "{'execute': 'set_link', 'arguments': "
                             "{'name': 'n0', 'up': true}}");
    g_assert_cmphex(gve_rd(&g, GVE_REG_DEVICE_STATUS), ==, 1u << 2);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 2));
    gve_stop(&g);
}

/* --- Admin commands --- */

static void describe(Gve *g, uint8_t *buf)
{
    uint8_t p[16] = { 0 };

    put_be64(p, DESC_ADDR);
    put_be32(p + 8, 1);
    put_be32(p + 12, 4096);
    g_assert_cmphex(aq_cmd(g, 0x1, p, sizeof(p)), ==, ST_PASSED);
    qtest_memread(g->qts, DESC_ADDR, buf, 256);
}

static void test_describe(void)
{
    uint8_t d[256], *o;
    Gve g;

    gve_start(&g, 4, ",mac=52:54:00:12:34:99");
    describe(&g, d);
    g_assert_cmphex(get_be64(d), ==, 0x100000);
    g_assert_cmpuint(get_be16(d + 10), ==, 1024);
    g_assert_cmpuint(get_be16(d + 12), ==, 1024);
    g_assert_cmpuint(get_be16(d + 16), ==, 1500);
    g_assert_cmpuint(get_be16(d + 18), ==, 8);
    g_assert_cmphex(d[29], ==, 0x99);
    g_assert_cmpuint(get_be16(d + 30), ==, 2);
    g_assert_cmpuint(get_be16(d + 32), ==, 40 + 16 + 12);
    o = d + 40;                                     /* DQO_RDA */
    g_assert_cmphex(get_be32(o), ==, 0x00040008);
    g_assert_cmphex(get_be32(o + 4), ==, 0);
    g_assert_cmpuint(get_be16(o + 12), ==, 1024);
    g_assert_cmpuint(get_be16(o + 14), ==, 1024);
    g_assert_cmphex(get_be32(o + 16), ==, 0x00030004);  /* GQI_QPL */
    gve_stop(&g);

    gve_start(&g, 1, ",max-mtu=9000,dqo-rda=off,gqi-rda=on");
    describe(&g, d);
    g_assert_cmpuint(get_be16(d + 30), ==, 3);
    g_assert_cmphex(get_be32(d + 40), ==, 0x00020004);      /* GQI_RDA */
    g_assert_cmphex(get_be32(d + 48), ==, 1u << 2);         /* jumbo bit */
    g_assert_cmphex(get_be32(d + 52), ==, 0x00030004);
    g_assert_cmphex(get_be32(d + 64), ==, 0x00080008);      /* JUMBO */
    g_assert_cmpuint(get_be16(d + 76), ==, 9000);
    gve_stop(&g);
}

static void test_admin_opcodes(void)
{
    uint8_t p[56] = { 0 }, buf[2048];
    Gve g;

    gve_start(&g, 2, NULL);
    /* VERIFY_DRIVER_COMPATIBILITY */
    memset(buf, 0, 304);
    buf[0] = 1;
    strcpy((char *)buf + 48, "6.12.0-test");
    qtest_memwrite(g.qts, SCRATCH_ADDR, buf, 304);
    put_be64(p, 304);
    put_be64(p + 8, SCRATCH_ADDR);
    g_assert_cmphex(aq_cmd(&g, 0xf, p, 16), ==, ST_PASSED);
    g_assert_cmphex(aq_configure(&g, 4, 3), ==, ST_PASSED);
    /* The IRQ doorbell indices of the 4 blocks, stride 64. */
    for (int i = 0; i < 4; i++) {
        g_assert_cmpuint(qres_db(&g, IRQDB_ADDR + 64 * i), ==, i);
    }
    /* GET_PTYPE_MAP: entry 2 is IPv4/TCP, 8 IPv6/UDP. */
    put_be64(p, 2048);
    put_be64(p + 8, SCRATCH_ADDR);
    g_assert_cmphex(aq_cmd(&g, 0xe, p, 16), ==, ST_PASSED);
    qtest_memread(g.qts, SCRATCH_ADDR, buf, 2048);
    g_assert_cmphex(get_be16(buf + 4), ==, 0x0202);
    g_assert_cmphex(get_be16(buf + 16), ==, 0x0303);
    /* REPORT_LINK_SPEED */
    put_be64(p, SCRATCH_ADDR);
    g_assert_cmphex(aq_cmd(&g, 0xd, p, 8), ==, ST_PASSED);
    qtest_memread(g.qts, SCRATCH_ADDR, buf, 8);
    g_assert_cmpuint(get_be64(buf), ==, 100000);
    /* REPORT_STATS attach and detach. */
    put_be64(p, 4096);
    put_be64(p + 8, SCRATCH_ADDR);
    put_be64(p + 16, 20000);
    g_assert_cmphex(aq_cmd(&g, 0xc, p, 24), ==, ST_PASSED);
    memset(p, 0, sizeof(p));
    g_assert_cmphex(aq_cmd(&g, 0xc, p, 24), ==, ST_PASSED);
    /* SET_DRIVER_PARAMETER: MTU */
    put_be32(p, 1);
    put_be64(p + 8, 1400);
    g_assert_cmphex(aq_cmd(&g, 0xb, p, 16), ==, ST_PASSED);
    put_be64(p + 8, 1501);
    g_assert_cmphex(aq_cmd(&g, 0xb, p, 16), ==, ST_INVALID_ARGUMENT);
    put_be32(p, 2);
    g_assert_cmphex(aq_cmd(&g, 0xb, p, 16), ==, ST_INVALID_ARGUMENT);
    /* Queues: create, destroy, deconfigure. */
    g_assert_cmphex(aq_create_tx(&g, 1, 0xffffffff, 256), ==, ST_PASSED);
    g_assert_cmpuint(qres_db(&g, QRES_ADDR + 64), ==, 257);
    g_assert_cmphex(aq_create_rx(&g, 1, 3, 0, 256), ==, ST_PASSED);
    g_assert_cmpuint(qres_db(&g, QRES_ADDR + 0x800 + 64), ==, 513);
    g_assert_cmphex(aq_cmd(&g, 0x9, p, 0), ==, ST_FAILED_PRECONDITION);
    g_assert_cmphex(aq_queue_id(&g, 0x7, 1), ==, ST_PASSED);
    g_assert_cmphex(aq_queue_id(&g, 0x8, 1), ==, ST_PASSED);
    g_assert_cmphex(aq_cmd(&g, 0x9, p, 0), ==, ST_PASSED);
    g_assert_cmphex(aq_cmd(&g, 0x9, p, 0), ==, ST_FAILED_PRECONDITION);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "aq-errors"), ==, 4);
    gve_stop(&g);
}

static void test_admin_errors(void)
{
    uint8_t p[56] = { 0 };
    uint64_t pages[4] = { 0 };
    uint8_t list[32];
    Gve g;

    gve_start(&g, 2, NULL);
    g_assert_cmphex(aq_cmd(&g, 0x42, p, 0), ==, ST_UNIMPLEMENTED);
    g_assert_cmphex(aq_cmd(&g, 0x12, p, 0), ==, ST_UNIMPLEMENTED);
    g_assert_cmphex(aq_create_tx(&g, 0, 0, 256), ==,
                    ST_FAILED_PRECONDITION);
    /* DESCRIBE into nowhere, bad version, too small a buffer. */
    put_be64(p, 0x7f00000000ull);
    put_be32(p + 8, 1);
    put_be32(p + 12, 4096);
    g_assert_cmphex(aq_cmd(&g, 0x1, p, 16), ==, ST_INVALID_ARGUMENT);
    put_be64(p, DESC_ADDR);
    put_be32(p + 8, 2);
    g_assert_cmphex(aq_cmd(&g, 0x1, p, 16), ==, ST_INVALID_ARGUMENT);
    put_be32(p + 8, 1);
    put_be32(p + 12, 40);
    g_assert_cmphex(aq_cmd(&g, 0x1, p, 16), ==, ST_INVALID_ARGUMENT);
    /* CONFIGURE: too many blocks (5 vectors: at most 4), bad format. */
    g_assert_cmphex(aq_configure(&g, 5, 3), ==, ST_INVALID_ARGUMENT);
    g_assert_cmphex(aq_configure(&g, 4, 9), ==, ST_INVALID_ARGUMENT);
    g_assert_cmphex(aq_configure(&g, 4, 4), ==, ST_PASSED);
    g_assert_cmphex(aq_configure(&g, 4, 4), ==, ST_FAILED_PRECONDITION);
    /* Page lists (DQO-QPL). */
    for (int i = 0; i < 4; i++) {
        pages[i] = QPL_ADDR(0) + 4096 * i;
        put_be64(list + 8 * i, pages[i]);
    }
    qtest_memwrite(g.qts, SCRATCH_ADDR, list, sizeof(list));
    put_be32(p, 7);
    put_be32(p + 4, 4);
    put_be64(p + 8, SCRATCH_ADDR);
    put_be64(p + 16, 4096);
    g_assert_cmphex(aq_cmd(&g, 0x3, p, 24), ==, ST_PASSED);
    g_assert_cmphex(aq_cmd(&g, 0x3, p, 24), ==, ST_ALREADY_EXISTS);
    put_be32(p, 8);                                 /* same pages */
    g_assert_cmphex(aq_cmd(&g, 0x3, p, 24), ==, ST_INVALID_ARGUMENT);
    put_be64(list, QPL_ADDR(1) + 12);               /* misaligned */
    qtest_memwrite(g.qts, SCRATCH_ADDR, list, 8);
    put_be32(p + 4, 1);
    g_assert_cmphex(aq_cmd(&g, 0x3, p, 24), ==, ST_INVALID_ARGUMENT);
    put_be32(p + 4, 0x200000);                      /* too many */
    g_assert_cmphex(aq_cmd(&g, 0x3, p, 24), ==, ST_RESOURCE_EXHAUSTED);
    put_be64(p + 16, 8192);
    g_assert_cmphex(aq_cmd(&g, 0x3, p, 24), ==, ST_INVALID_ARGUMENT);
    /* Queues: bad id, unknown QPL, duplicate, not a power of two. */
    g_assert_cmphex(aq_create_tx(&g, 2, 7, 256), ==, ST_INVALID_ARGUMENT);
    g_assert_cmphex(aq_create_tx(&g, 0, 9, 256), ==, ST_NOT_FOUND);
    g_assert_cmphex(aq_create_tx(&g, 0, 7, 100), ==, ST_INVALID_ARGUMENT);
    g_assert_cmphex(aq_create_tx(&g, 0, 7, 256), ==, ST_PASSED);
    g_assert_cmphex(aq_create_tx(&g, 0, 7, 256), ==, ST_ALREADY_EXISTS);
    g_assert_cmphex(aq_queue_id(&g, 0x4, 7), ==, ST_FAILED_PRECONDITION);
    g_assert_cmphex(aq_queue_id(&g, 0x4, 9), ==, ST_NOT_FOUND);
    g_assert_cmphex(aq_queue_id(&g, 0x8, 0), ==, ST_NOT_FOUND);
    g_assert_cmphex(aq_queue_id(&g, 0x7, 0), ==, ST_PASSED);
    g_assert_cmphex(aq_queue_id(&g, 0x7, 0), ==, ST_NOT_FOUND);
    g_assert_cmphex(aq_queue_id(&g, 0x4, 7), ==, ST_PASSED);
    /* CONFIGURE_RSS: table entry out of range, bad algorithm. */
    memset(p, 0, sizeof(p));
    put_be16(p + 6, 1);
    put_be64(p + 16, SCRATCH_ADDR);
    put_be32(list, 5);
    qtest_memwrite(g.qts, SCRATCH_ADDR, list, 4);
    g_assert_cmphex(aq_cmd(&g, 0xa, p, 24), ==, ST_INVALID_ARGUMENT);
    p[2] = 7;
    put_be16(p + 6, 0);
    g_assert_cmphex(aq_cmd(&g, 0xa, p, 24), ==, ST_INVALID_ARGUMENT);
    /* A doorbell more than a ring ahead is ignored. */
    gve_wr(&g, GVE_REG_DOORBELL, g.prod + 65);
    g_assert_cmpuint(gve_rd(&g, GVE_REG_EVENTS), ==, g.prod);
    gve_stop(&g);
}

/* --- DQO datapath --- */

#define DQO_EOP     0x20
#define DQO_CSUM    0x40
#define DQO_RE      0x80

static void dqo_up(Gve *g, int nq)
{
    g_assert_cmphex(aq_configure(g, 2 * nq, 3), ==, ST_PASSED);
    for (int q = 0; q < nq; q++) {
        g_assert_cmphex(aq_create_tx(g, q, 0, 256), ==, ST_PASSED);
    }
    for (int q = 0; q < nq; q++) {
        g_assert_cmphex(aq_create_rx(g, q, nq + q, 0, 256), ==, ST_PASSED);
    }
    for (int i = 0; i < 2 * nq; i++) {
        gve_db(g, i, 1 | 3 << 3);
    }
}

static void dqo_tx_data(Gve *g, int q, int idx, uint64_t addr, uint16_t len,
                        uint8_t flags, uint16_t tag)
{
    uint8_t d[16] = { 0 };

    put_le64(d, addr);
    d[8] = 0xc | flags;
    put_le16(d + 12, tag);
    put_le16(d + 14, len);
    qtest_memwrite(g->qts, TXRING_ADDR(q) + 16 * idx, d, 16);
}

static void dqo_tx_tso(Gve *g, int q, int idx, uint32_t total, uint16_t mss,
                       uint8_t hlen)
{
    uint8_t d[16] = { 0 };

    put_le32(d, total);
    put_le16(d + 4, mss);
    d[6] = hlen;
    d[8] = 0x5 | 0x20;
    qtest_memwrite(g->qts, TXRING_ADDR(q) + 16 * idx, d, 16);
    memset(d, 0, 16);
    d[8] = 0x4;                                 /* general context */
    qtest_memwrite(g->qts, TXRING_ADDR(q) + 16 * (idx + 1), d, 16);
}

static void dqo_tx_ring(Gve *g, int q, uint32_t tail)
{
    gve_db(g, qres_db(g, QRES_ADDR + 64 * q), tail);
}

/* TX completion @i of queue @q: first word and tag/head. */
static uint32_t dqo_tx_comp(Gve *g, int q, int i)
{
    return qtest_readl(g->qts, TXCOMP_ADDR(q) + 8 * i);
}

static void test_dqo_tx(void)
{
    uint8_t f[256], got[2048];
    size_t len;
    Gve g;

    gve_start(&g, 2, NULL);
    dqo_up(&g, 2);
    g_assert_cmpuint(qres_db(&g, QRES_ADDR), ==, 256);
    len = build_ipv4(f, 17, 0x0a000001, 0x0a000002, 1234, 5678, 150, 7);
    qtest_memwrite(g.qts, PKT_ADDR, f, 42);
    qtest_memwrite(g.qts, PKT_ADDR + 0x1000, f + 42, len - 42);
    dqo_tx_data(&g, 0, 0, PKT_ADDR, 42, 0, 5);
    dqo_tx_data(&g, 0, 1, PKT_ADDR + 0x1000, len - 42, DQO_EOP | DQO_RE, 5);
    /* A doorbell short of the packet's end sends nothing. */
    dqo_tx_ring(&g, 0, 1);
    g_assert_true(host_idle(&g));
    g_assert_cmphex(dqo_tx_comp(&g, 0, 0), ==, 0);
    dqo_tx_ring(&g, 0, 2);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    g_assert_cmpmem(got, len, f, len);
    /* PKT completion (gen 1, tag 5), then DESC completion (head 2). */
    g_assert_cmphex(dqo_tx_comp(&g, 0, 0), ==, 0x00058000 | 2 << 11);
    g_assert_cmphex(dqo_tx_comp(&g, 0, 1), ==, 0x00028000 | 4 << 11);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 0));
    /* Auto-masked: the next packet waits for the IRQ doorbell. */
    dqo_tx_data(&g, 0, 2, PKT_ADDR, len, DQO_EOP, 6);
    qtest_memwrite(g.qts, PKT_ADDR, f, len);
    dqo_tx_ring(&g, 0, 3);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    g_assert_cmphex(dqo_tx_comp(&g, 0, 2), ==, 0x00068000 | 2 << 11);
    g_assert_false(msix_fired(g.qts, MSI_ADDR, 0));
    gve_db(&g, 0, 1 | 3 << 3);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 0));
    /* Queue 1 has its own ring, completions and vector. */
    dqo_tx_data(&g, 1, 0, PKT_ADDR, len, DQO_EOP, 9);
    dqo_tx_ring(&g, 1, 1);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 1));
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-packets"), ==, 3);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-payload-copies"), ==, 0);
    gve_stop(&g);
}

static void test_dqo_tx_generation(void)
{
    uint8_t f[128], got[256];
    size_t len;
    Gve g;

    /* A 256-entry ring and 256 packets + 1: the completion wraps. */
    gve_start(&g, 1, NULL);
    dqo_up(&g, 1);
    len = build_ipv4(f, 17, 0x0a000001, 0x0a000002, 1, 2, 10, 0);
    qtest_memwrite(g.qts, PKT_ADDR, f, len);
    for (int i = 0; i < 257; i++) {
        dqo_tx_data(&g, 0, i % 256, PKT_ADDR, len, DQO_EOP, i);
        dqo_tx_ring(&g, 0, (i + 1) % 256);
        g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    }
    g_assert_cmphex(dqo_tx_comp(&g, 0, 255), ==, 0x00ff8000 | 2 << 11);
    g_assert_cmphex(dqo_tx_comp(&g, 0, 0), ==, 0x01000000 | 2 << 11);
    gve_stop(&g);
}

static void check_tso_segment(const uint8_t *got, size_t n, const uint8_t *f,
                              int i, size_t mss, bool last)
{
    g_assert_cmpuint(n, ==, 54 + mss);
    g_assert_cmpmem(got, 14, f, 14);
    g_assert_cmpuint(get_be16(got + 16), ==, 40 + mss);
    g_assert_cmpuint(get_be16(got + 18), ==, 0x1234 + i);
    g_assert_true(ipv4_csum_ok(got));
    g_assert_cmpuint(get_be32(got + 38), ==, 1000 + i * 1000);
    g_assert_cmphex(got[47], ==, last ? 0x18 : 0x10);
    g_assert_true(l4_csum_ok(got, n));
    g_assert_cmpmem(got + 54, mss, f + 54 + i * 1000, mss);
}

static void test_dqo_offload(void)
{
    uint8_t f[4096], got[4096];
    size_t len, n;
    Gve g;

    gve_start(&g, 1, NULL);
    dqo_up(&g, 1);
    /* TSO: 2500 bytes of payload, MSS 1000 -> 1000, 1000, 500. */
    len = build_ipv4(f, 6, 0x0a000001, 0x0a000002, 80, 4321, 2500, 3);
    qtest_memwrite(g.qts, PKT_ADDR, f, 54);
    qtest_memwrite(g.qts, PKT_ADDR + 0x2000, f + 54, len - 54);
    dqo_tx_tso(&g, 0, 0, 2500, 1000, 54);
    dqo_tx_data(&g, 0, 2, PKT_ADDR, 54, DQO_CSUM, 1);
    dqo_tx_data(&g, 0, 3, PKT_ADDR + 0x2000, len - 54,
                DQO_EOP | DQO_CSUM | DQO_RE, 1);
    dqo_tx_ring(&g, 0, 4);
    for (int i = 0; i < 3; i++) {
        n = host_recv(&g, got, sizeof(got));
        check_tso_segment(got, n, f, i, i < 2 ? 1000 : 500, i == 2);
    }
    g_assert_cmphex(dqo_tx_comp(&g, 0, 1), ==, 0x00048000 | 4 << 11);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-tso-segments"), ==, 3);

    /* UDP checksum offload over an odd-length, two-buffer packet. */
    len = build_ipv4(f, 17, 0x0a000001, 0x0a000002, 53, 5353, 333, 9);
    qtest_memwrite(g.qts, PKT_ADDR, f, 50);
    qtest_memwrite(g.qts, PKT_ADDR + 0x3001, f + 50, len - 50);
    dqo_tx_data(&g, 0, 4, PKT_ADDR, 50, DQO_CSUM, 2);
    dqo_tx_data(&g, 0, 5, PKT_ADDR + 0x3001, len - 50, DQO_EOP | DQO_CSUM,
                2);
    dqo_tx_ring(&g, 0, 6);
    n = host_recv(&g, got, sizeof(got));
    g_assert_cmpuint(n, ==, len);
    g_assert_true(l4_csum_ok(got, n));
    got[40] = got[41] = 0;
    g_assert_cmpmem(got, n, f, len);
    gve_stop(&g);
}

static void test_dqo_offload_ipv6(void)
{
    uint8_t f[4096], got[4096];
    size_t len, n;
    Gve g;

    gve_start(&g, 1, NULL);
    dqo_up(&g, 1);
    /* TSO over IPv6: 2000 bytes, MSS 1200 -> 1200, 800. */
    len = build_ipv6(f, 6, 443, 5000, 2000, 0x33);
    qtest_memwrite(g.qts, PKT_ADDR, f, len);
    dqo_tx_tso(&g, 0, 0, 2000, 1200, 74);
    dqo_tx_data(&g, 0, 2, PKT_ADDR, len, DQO_EOP | DQO_CSUM, 1);
    dqo_tx_ring(&g, 0, 3);
    for (int i = 0; i < 2; i++) {
        size_t seg = i ? 800 : 1200;

        n = host_recv(&g, got, sizeof(got));
        g_assert_cmpuint(n, ==, 74 + seg);
        g_assert_cmpuint(get_be16(got + 18), ==, 20 + seg);
        g_assert_cmpuint(get_be32(got + 58), ==, 1000 + 1200 * i);
        g_assert_true(l4_csum6_ok(got, n));
        g_assert_cmpmem(got + 74, seg, f + 74 + 1200 * i, seg);
    }
    /* A VLAN-tagged TCP/IPv4 frame: the device finds the header. */
    len = build_ipv4(f + 4, 6, 0x0a000001, 0x0a000002, 1, 2, 301, 5);
    memmove(f, f + 4, 12);
    put_be16(f + 12, 0x8100);
    put_be16(f + 14, 42);
    len += 4;
    qtest_memwrite(g.qts, PKT_ADDR, f, len);
    dqo_tx_data(&g, 0, 3, PKT_ADDR, len, DQO_EOP | DQO_CSUM, 3);
    dqo_tx_ring(&g, 0, 4);
    n = host_recv(&g, got, sizeof(got));
    g_assert_cmpuint(n, ==, len);
    g_assert_true(l4_csum_ok(got + 4, n - 4));
    /* UDP over IPv6 with checksum offload. */
    len = build_ipv6(f, 17, 53, 53, 99, 1);
    qtest_memwrite(g.qts, PKT_ADDR, f, len);
    dqo_tx_data(&g, 0, 4, PKT_ADDR, len, DQO_EOP | DQO_CSUM, 2);
    dqo_tx_ring(&g, 0, 5);
    n = host_recv(&g, got, sizeof(got));
    g_assert_cmpuint(n, ==, len);
    g_assert_true(l4_csum6_ok(got, n));
    gve_stop(&g);
}

static void dqo_rx_post(Gve *g, int q, int first, int n)
{
    uint8_t d[32] = { 0 };

    for (int i = first; i < first + n; i++) {
        put_le16(d, 100 + i);
        put_le64(d + 8, RXDATA_ADDR(q) + 4096 * i);
        qtest_memwrite(g->qts, RXBUF_ADDR(q) + 32 * i, d, 32);
    }
    gve_db(g, qres_db(g, QRES_ADDR + 0x800 + 64 * q), first + n);
}

/* Wait for RX completion @i of queue @q (generation 1); false on timeout. */
static bool dqo_rx_wait(Gve *g, int q, int i, uint8_t *c)
{
    for (int t = 0; t < 5000; t++) {
        qtest_memread(g->qts, RXCOMP_ADDR(q) + 32 * i, c, 32);
        if (get_le16(c + 4) & 0x4000) {
            return true;
        }
        g_usleep(1000);
    }
    return false;
}

static void test_dqo_rx(void)
{
    uint8_t f[6000], got[6000], c[32];
    size_t len;
    Gve g;

    gve_start(&g, 1, ",max-mtu=9000");
    dqo_up(&g, 1);
    dqo_rx_post(&g, 0, 0, 32);
    len = build_ipv4(f, 17, 0x0a000002, 0x0a000001, 7, 9, 958, 1);
    host_send(&g, f, len);
    g_assert_true(dqo_rx_wait(&g, 0, 0, c));
    g_assert_cmphex(c[0], ==, 1);
    g_assert_cmpuint(get_le16(c + 2) & 0x3ff, ==, 3);       /* IPv4/UDP */
    g_assert_cmpuint(get_le16(c + 4) & 0x3fff, ==, len);
    g_assert_cmphex(c[8] & 3, ==, 3);                       /* DD, EOP */
    g_assert_cmpuint(get_le16(c + 12), ==, 100);
    qtest_memread(g.qts, RXDATA_ADDR(0), got, len);
    g_assert_cmpmem(got, len, f, len);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 1));

    /* Over the MTU: dropped.  After SET_DRIVER_PARAMETER: 3 buffers. */
    len = build_ipv4(f, 17, 0x0a000002, 0x0a000001, 7, 9, 4958, 2);
    host_send(&g, f, len);
    for (int t = 0; t < 5000; t++) {
        if (qom_counter(g.qts, "gve0", "rx-dropped") == 1) {
            break;
        }
        g_usleep(1000);
    }
    {
        uint8_t p[16] = { 0 };

        put_be32(p, 1);
        put_be64(p + 8, 9000);
        g_assert_cmphex(aq_cmd(&g, 0xb, p, 16), ==, ST_PASSED);
    }
    host_send(&g, f, len);
    g_assert_true(dqo_rx_wait(&g, 0, 3, c));
    g_assert_cmpuint(get_le16(c + 4) & 0x3fff, ==, len - 4096);
    g_assert_cmphex(c[8] & 2, ==, 2);
    g_assert_true(dqo_rx_wait(&g, 0, 1, c));
    g_assert_cmpuint(get_le16(c + 4) & 0x3fff, ==, 2048);
    g_assert_cmphex(c[8] & 2, ==, 0);
    for (int i = 0; i < 3; i++) {
        size_t n = MIN(2048, len - 2048 * i);

        qtest_memread(g.qts, RXDATA_ADDR(0) + 4096 * (i + 1), got, n);
        g_assert_cmpmem(got, n, f + 2048 * i, n);
    }
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "rx-dropped"), ==, 1);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "rx-packets"), ==, 2);
    gve_stop(&g);
}

/* The Toeplitz key and vectors published with Microsoft's RSS spec. */
static const uint8_t ms_key[40] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
    0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
    0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
    0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
    0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* Send @f; it must land in the queue the table gives for @hash. */
static void rss_expect(Gve *g, const uint8_t *f, size_t len, uint32_t hash,
                       unsigned ptype)
{
    static int posted[4];
    uint32_t want = (hash % 128 * 3 + 1) % 4;
    uint8_t c[32];

    host_send(g, f, len);
    g_assert_true(dqo_rx_wait(g, want, posted[want], c));
    g_assert_cmphex(get_le32(c + 16), ==, hash);
    g_assert_cmpuint(get_le16(c + 2) & 0x3ff, ==, ptype);
    posted[want]++;
}

static void rss_check(Gve *g, int proto, uint32_t src, uint16_t sport,
                      uint32_t dst, uint16_t dport, uint32_t hash)
{
    uint8_t f[128];
    size_t len = build_ipv4(f, proto, src, dst, sport, dport, 20, 0);

    rss_expect(g, f, len, hash, proto == 6 ? 2 : proto == 17 ? 3 : 4);
}

static void test_rss(void)
{
    uint8_t p[24] = { 0 }, lut[512];
    Gve g;

    gve_start(&g, 4, NULL);
    dqo_up(&g, 4);
    for (int q = 0; q < 4; q++) {
        dqo_rx_post(&g, q, 0, 32);
    }
    for (int i = 0; i < 128; i++) {
        put_be32(lut + 4 * i, (i * 3 + 1) % 4);
    }
    qtest_memwrite(g.qts, SCRATCH_ADDR, ms_key, sizeof(ms_key));
    qtest_memwrite(g.qts, SCRATCH_ADDR + 0x100, lut, sizeof(lut));
    put_be16(p, 1 << 1 | 1 << 4 | 1 << 6 | 1 << 7 | 1 << 0);
    p[2] = 1;
    put_be16(p + 4, 40);
    put_be16(p + 6, 128);
    put_be64(p + 8, SCRATCH_ADDR);
    put_be64(p + 16, SCRATCH_ADDR + 0x100);
    g_assert_cmphex(aq_cmd(&g, 0xa, p, 24), ==, ST_PASSED);
    rss_check(&g, 6, 0x420995bb, 2794, 0xa18e6450, 1766, 0x51ccc178);
    rss_check(&g, 6, 0xc75c6f02, 14230, 0x41458c53, 4739, 0xc626b0ea);
    rss_check(&g, 17, 0x420995bb, 2794, 0xa18e6450, 1766, 0x51ccc178);
    /* ICMP: the 2-tuple (addresses only) hash. */
    rss_check(&g, 1, 0x420995bb, 0, 0xa18e6450, 0, 0x323e8fc2);
    /* IPv6 TCP: 3ffe:2501:200:1fff::7 port 2794 -> 3ffe:2501:200:3::1. */
    {
        static const uint8_t src[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00,
                                         0x1f, 0xff, [15] = 7 };
        static const uint8_t dst[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00,
                                         0x00, 0x03, [15] = 1 };
        uint8_t f[128];
        size_t len = build_ipv6(f, 6, 2794, 1766, 20, 0);

        memcpy(f + 22, src, 16);
        memcpy(f + 38, dst, 16);
        rss_expect(&g, f, len, 0x40207d3d, 7);
    }
    gve_stop(&g);
}

/* --- GQI --- */

static void gqi_register_qpl(Gve *g, uint32_t id, int n)
{
    uint8_t p[24] = { 0 }, list[8 * 16];

    /* Pages 8 KiB apart: a buffer crossing a page is not contiguous. */
    for (int i = 0; i < n; i++) {
        put_be64(list + 8 * i, QPL_ADDR(id) + 8192 * i);
    }
    qtest_memwrite(g->qts, SCRATCH_ADDR, list, 8 * n);
    put_be32(p, id);
    put_be32(p + 4, n);
    put_be64(p + 8, SCRATCH_ADDR);
    put_be64(p + 16, 4096);
    g_assert_cmphex(aq_cmd(g, 0x3, p, 24), ==, ST_PASSED);
}

/* Write @len bytes at offset @off of page list @id (pages 8 KiB apart). */
static void qpl_write(Gve *g, uint32_t id, uint32_t off, const uint8_t *b,
                      size_t len)
{
    while (len) {
        size_t n = MIN(len, 4096 - off % 4096);

        qtest_memwrite(g->qts, QPL_ADDR(id) + 8192 * (off / 4096) +
                       off % 4096, b, n);
        b += n;
        off += n;
        len -= n;
    }
}

static void gqi_tx_desc(Gve *g, int idx, uint8_t type_flags, uint8_t cnt,
                        uint16_t total, uint16_t seg_len, uint64_t off,
                        uint16_t mss)
{
    uint8_t d[16] = { 0 };

    d[0] = type_flags;
    d[3] = cnt;
    put_be16(d + 4, type_flags >> 4 == 2 ? mss : total);
    put_be16(d + 6, seg_len);
    put_be64(d + 8, off);
    qtest_memwrite(g->qts, TXRING_ADDR(0) + 16 * idx, d, 16);
}

static void test_gqi_qpl(void)
{
    uint8_t f[4096], got[4096], d[64];
    size_t len, n;
    Gve g;

    gve_start(&g, 1, NULL);
    g_assert_cmphex(aq_configure(&g, 2, 2), ==, ST_PASSED);
    gqi_register_qpl(&g, 0, 4);
    gqi_register_qpl(&g, 1, 8);
    g_assert_cmphex(aq_create_tx(&g, 0, 0, 256), ==, ST_PASSED);
    g_assert_cmphex(aq_create_rx(&g, 0, 1, 1, 256), ==, ST_PASSED);
    gve_db(&g, 0, 0);
    gve_db(&g, 1, 0);

    /* TX: one descriptor, the frame crossing a page of the list. */
    len = build_ipv4(f, 17, 0x0a000001, 0x0a000002, 1, 2, 400, 5);
    qpl_write(&g, 0, 4000, f, len);
    gqi_tx_desc(&g, 0, 0x00, 1, len, len, 4000, 0);
    gve_db(&g, qres_db(&g, QRES_ADDR), 1);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    g_assert_cmpmem(got, len, f, len);
    g_assert_cmphex(qtest_readl(g.qts, COUNTERS_ADDR), ==,
                    GUINT32_SWAP_LE_BE(1));
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 0));

    /* TSO with an MTD and a SEG descriptor. */
    len = build_ipv4(f, 6, 0x0a000001, 0x0a000002, 80, 4321, 2000, 3);
    qpl_write(&g, 0, 8192, f, 54);
    qpl_write(&g, 0, 8192 + 54, f + 54, len - 54);
    gqi_tx_desc(&g, 1, 0x11, 3, len, 54, 8192, 0);
    gqi_tx_desc(&g, 2, 0x30, 0, 0, 0, 0, 0);
    gqi_tx_desc(&g, 3, 0x20, 0, 0, len - 54, 8192 + 54, 1000);
    gve_db(&g, qres_db(&g, QRES_ADDR), 4);
    for (int i = 0; i < 2; i++) {
        n = host_recv(&g, got, sizeof(got));
        check_tso_segment(got, n, f, i, 1000, i == 1);
    }
    g_assert_cmphex(qtest_readl(g.qts, COUNTERS_ADDR), ==,
                    GUINT32_SWAP_LE_BE(4));

    /* RX: data slots are offsets into page list 1. */
    for (int i = 0; i < 16; i++) {
        put_be64(d, 2048 * i);
        qtest_memwrite(g.qts, RXBUF_ADDR(0) + 8 * i, d, 8);
    }
    gve_db(&g, qres_db(&g, QRES_ADDR + 0x800), 16);
    for (int k = 0; k < 2; k++) {
        len = build_ipv4(f, 17, 0x0a000002, 0x0a000001, 7, 9, 300, k);
        host_send(&g, f, len);
        for (int t = 0; t < 5000; t++) {
            qtest_memread(g.qts, RXCOMP_ADDR(0) + 64 * k, d, 64);
            if (get_be16(d + 62)) {
                break;
            }
            g_usleep(1000);
        }
        g_assert_cmpuint(get_be16(d + 60), ==, len + 2);
        g_assert_cmphex(get_be16(d + 62), ==, (k + 1) | 0x80 | 0x400);
        qtest_memread(g.qts, QPL_ADDR(1) + 8192 * (k / 2) + 2048 * (k % 2) + 2,
                      got, len);
        g_assert_cmpmem(got, len, f, len);
    }
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 1));
    /* Masked: no vector; unmasking with an event pending fires it. */
    gve_db(&g, 1, 1u << 30);
    len = build_ipv4(f, 17, 0x0a000002, 0x0a000001, 7, 9, 100, 0);
    host_send(&g, f, len);
    for (int t = 0; t < 5000; t++) {
        if (qom_counter(g.qts, "gve0", "rx-packets") == 3) {
            break;
        }
        g_usleep(1000);
    }
    g_assert_false(msix_fired(g.qts, MSI_ADDR, 1));
    gve_db(&g, 1, 1u << 31 | 1u << 29);
    g_assert_true(msix_fired(g.qts, MSI_ADDR, 1));
    gve_stop(&g);
}

static void test_gqi_rda(void)
{
    uint8_t f[2048], got[4096];
    size_t len;
    Gve g;

    gve_start(&g, 1, ",gqi-rda=on,max-mtu=9000");
    g_assert_cmphex(aq_configure(&g, 2, 1), ==, ST_PASSED);
    g_assert_cmphex(aq_create_tx(&g, 0, 0xffffffff, 0), ==, ST_PASSED);
    len = build_ipv4(f, 6, 0x0a000001, 0x0a000002, 80, 81, 100, 1);
    qtest_memwrite(g.qts, PKT_ADDR, f, len);
    /* L4CSUM: the device fills the TCP checksum. */
    gqi_tx_desc(&g, 0, 0x01, 1, len, len, PKT_ADDR, 0);
    gve_db(&g, qres_db(&g, QRES_ADDR), 1);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    g_assert_true(l4_csum_ok(got, len));

    /* RX with DMA addresses; with MTU 3000 a frame spans two slots. */
    g_assert_cmphex(aq_create_rx(&g, 0, 1, 0xffffffff, 0), ==, ST_PASSED);
    for (int i = 0; i < 4; i++) {
        uint8_t slot[8];

        put_be64(slot, RXDATA_ADDR(0) + 4096 * i);
        qtest_memwrite(g.qts, RXBUF_ADDR(0) + 8 * i, slot, 8);
    }
    gve_db(&g, qres_db(&g, QRES_ADDR + 0x800), 4);
    {
        uint8_t p[16] = { 0 }, big[3000], d[64];


        put_be32(p, 1);
        put_be64(p + 8, 9001);
        g_assert_cmphex(aq_cmd(&g, 0xb, p, 16), ==, ST_INVALID_ARGUMENT);
        put_be64(p + 8, 3000);
        g_assert_cmphex(aq_cmd(&g, 0xb, p, 16), ==, ST_PASSED);
        len = build_ipv4(big, 6, 0x0a000002, 0x0a000001, 5, 6, 2500, 8);
        host_send(&g, big, len);
        for (int t = 0; t < 5000; t++) {
            qtest_memread(g.qts, RXCOMP_ADDR(0) + 64, d, 64);
            if (get_be16(d + 62)) {
                break;
            }
            g_usleep(1000);
        }
        g_assert_cmpuint(get_be16(d + 60), ==, len - 2046);
        g_assert_cmphex(get_be16(d + 62), ==, 2 | 0x80 | 0x200);
        qtest_memread(g.qts, RXCOMP_ADDR(0), d, 64);
        g_assert_cmpuint(get_be16(d + 60), ==, 2048);
        g_assert_cmphex(get_be16(d + 62), ==, 1 | 0x80 | 0x200 | 0x2000);
        qtest_memread(g.qts, RXDATA_ADDR(0) + 2, got, 2046);
        g_assert_cmpmem(got, 2046, big, 2046);
        qtest_memread(g.qts, RXDATA_ADDR(0) + 4096, got, len - 2046);
        g_assert_cmpmem(got, len - 2046, big + 2046, len - 2046);
    }
    gve_stop(&g);
}

static void test_dqo_qpl(void)
{
    uint8_t f[2048], got[2048], c[32], d[32] = { 0 };
    size_t len;
    Gve g;

    gve_start(&g, 1, ",dqo-qpl=on");
    g_assert_cmphex(aq_configure(&g, 2, 4), ==, ST_PASSED);
    gqi_register_qpl(&g, 0, 2);
    gqi_register_qpl(&g, 1, 4);
    g_assert_cmphex(aq_create_tx(&g, 0, 0, 256), ==, ST_PASSED);
    g_assert_cmphex(aq_create_rx(&g, 0, 1, 1, 256), ==, ST_PASSED);
    gve_db(&g, 0, 1);
    gve_db(&g, 1, 1);
    /* TX from a registered page; a buffer outside the pages is dropped. */
    len = build_ipv4(f, 17, 0x0a000001, 0x0a000002, 1, 2, 200, 4);
    qtest_memwrite(g.qts, QPL_ADDR(0) + 8192 + 100, f, len);
    dqo_tx_data(&g, 0, 0, QPL_ADDR(0) + 8192 + 100, len, DQO_EOP, 1);
    dqo_tx_data(&g, 0, 1, PKT_ADDR, len, DQO_EOP, 2);
    dqo_tx_ring(&g, 0, 2);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    g_assert_cmpmem(got, len, f, len);
    g_assert_true(host_idle(&g));
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-errors"), ==, 1);
    g_assert_cmphex(dqo_tx_comp(&g, 0, 1) >> 16, ==, 2);
    /* RX into a buffer in the page list. */
    put_le16(d, 42);
    put_le64(d + 8, QPL_ADDR(1) + 8192 * 2);
    qtest_memwrite(g.qts, RXBUF_ADDR(0), d, 32);
    gve_db(&g, qres_db(&g, QRES_ADDR + 0x800), 1);
    host_send(&g, f, len);
    g_assert_true(dqo_rx_wait(&g, 0, 0, c));
    g_assert_cmpuint(get_le16(c + 12), ==, 42);
    qtest_memread(g.qts, QPL_ADDR(1) + 8192 * 2, got, len);
    g_assert_cmpmem(got, len, f, len);
    /* Page lists in use cannot go; after DESTROY they can. */
    g_assert_cmphex(aq_queue_id(&g, 0x4, 1), ==, ST_FAILED_PRECONDITION);
    g_assert_cmphex(aq_queue_id(&g, 0x8, 0), ==, ST_PASSED);
    g_assert_cmphex(aq_queue_id(&g, 0x4, 1), ==, ST_PASSED);
    gve_stop(&g);
}

/* --- Hostile input --- */

static void test_hostile(void)
{
    uint8_t f[128], got[256];
    size_t len;
    Gve g;

    gve_start(&g, 1, NULL);
    dqo_up(&g, 1);
    len = build_ipv4(f, 17, 0x0a000001, 0x0a000002, 1, 2, 20, 0);
    qtest_memwrite(g.qts, PKT_ADDR, f, len);
    /* A buffer outside RAM: dropped, but completed. */
    dqo_tx_data(&g, 0, 0, 0xdead00000000ull, 100, DQO_EOP, 1);
    /* A buffer whose end wraps the address space. */
    dqo_tx_data(&g, 0, 1, 0xfffffffffffffff0ull, 0x100, DQO_EOP, 2);
    /* A buffer in the NIC's own registers: bounced, sent. */
    dqo_tx_data(&g, 0, 2, BAR0_ADDR, 64, DQO_EOP, 3);
    /* Unknown descriptor type, then a good packet. */
    qtest_memset(g.qts, TXRING_ADDR(0) + 48, 0x1f, 16);
    dqo_tx_data(&g, 0, 4, PKT_ADDR, len, DQO_EOP, 4);
    dqo_tx_ring(&g, 0, 5);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, 64);
    g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-errors"), ==, 2);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-payload-copies"), ==, 1);
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(dqo_tx_comp(&g, 0, i) >> 16, ==, i + 1);
    }
    /* Doorbells out of range, for queues that do not exist, storms. */
    dqo_tx_ring(&g, 0, 999);
    gve_db(&g, 300, 1);
    gve_db(&g, 600, 1);
    gve_db(&g, 1000, 1);
    for (int i = 0; i < 200; i++) {
        dqo_tx_ring(&g, 0, 5);
    }
    /* No end of packet within the limit: dropped and completed. */
    for (int i = 5; i < 5 + 130; i++) {
        dqo_tx_data(&g, 0, i, PKT_ADDR, 10, 0, 7);
    }
    dqo_tx_ring(&g, 0, 135);
    g_assert_true(host_idle(&g));
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-errors"), ==, 3);
    /* The device's own DMA and MSI-X into its registers are ignored. */
    {
        uint8_t p[16] = { 0 };

        put_be64(p, BAR0_ADDR);
        put_be32(p + 8, 1);
        put_be32(p + 12, 4096);
        g_assert_cmphex(aq_cmd(&g, 0x1, p, 16), ==, ST_PASSED);
        g_assert_cmphex(gve_rd(&g, GVE_REG_PFN), ==, AQ_ADDR / 4096);
        qtest_writel(g.qts, BAR1_ADDR, BAR2_ADDR + 4 * 256);
        gve_db(&g, 0, 1);
        dqo_tx_data(&g, 0, 135, PKT_ADDR, len, DQO_EOP, 8);
        dqo_tx_ring(&g, 0, 136);
        g_assert_cmpint(host_recv(&g, got, sizeof(got)), ==, len);
        g_assert_true(host_idle(&g));
        g_assert_cmphex(aq_queue_id(&g, 0x7, 0), ==, ST_PASSED);
        g_assert_cmphex(aq_create_tx(&g, 0, 0, 256), ==, ST_PASSED);
    }
    /* Bus mastering off: nothing is read or written, nothing crashes. */
    cfg_writel(g.qts, GVE_DEVFN, 0x04, 0x2);
    dqo_tx_data(&g, 0, 0, PKT_ADDR, len, DQO_EOP, 8);
    dqo_tx_ring(&g, 0, 1);
    g_assert_true(host_idle(&g));
    gve_stop(&g);
}

/* --- Devmem TX --- */

static void test_devmem_tx(void)
{
    uint8_t f[4096], got[4096];
    size_t len, n;
    Gve g;

    gve_start(&g, 1, " -device devmem-exporter,addr=05.0,id=dm,size=1M");
    pci_setup(g.qts, DM_DEVFN, DM_BAR0_ADDR, DM_BAR1_ADDR, DM_BAR2_ADDR,
              true);
    dqo_up(&g, 1);
    /* Payload into device memory through the copy engine. */
    len = build_ipv4(f, 6, 0x0a000001, 0x0a000002, 80, 81, 3000, 11);
    g_assert_cmpuint(len, ==, 54 + 3000);
    qtest_memwrite(g.qts, SCRATCH_ADDR, f + 54, 3000);
    qtest_writel(g.qts, DM_BAR0_ADDR + 0x08, SCRATCH_ADDR);
    qtest_writel(g.qts, DM_BAR0_ADDR + 0x0c, 0);
    qtest_writel(g.qts, DM_BAR0_ADDR + 0x10, 0x1000);
    qtest_writel(g.qts, DM_BAR0_ADDR + 0x14, 0);
    qtest_writel(g.qts, DM_BAR0_ADDR + 0x18, 3000);
    qtest_writel(g.qts, DM_BAR0_ADDR + 0x1c, 1);
    g_assert_cmphex(qtest_readl(g.qts, DM_BAR0_ADDR + 0x20), ==, 2);
    qtest_memset(g.qts, SCRATCH_ADDR, 0, 3000);
    /* Headers in RAM, payload in device memory (two 4 KiB-bounded frags). */
    qtest_memwrite(g.qts, PKT_ADDR, f, 54);
    dqo_tx_tso(&g, 0, 0, 3000, 1448, 54);
    dqo_tx_data(&g, 0, 2, PKT_ADDR, 54, DQO_CSUM, 1);
    dqo_tx_data(&g, 0, 3, DM_BAR2_ADDR + 0x1000, 2000, DQO_CSUM, 1);
    dqo_tx_data(&g, 0, 4, DM_BAR2_ADDR + 0x1000 + 2000, 1000,
                DQO_EOP | DQO_CSUM | DQO_RE, 1);
    dqo_tx_ring(&g, 0, 5);
    for (int i = 0, off = 0; i < 3; i++) {
        size_t seg = MIN(1448, 3000 - off);

        n = host_recv(&g, got, sizeof(got));
        g_assert_cmpuint(n, ==, 54 + seg);
        g_assert_true(ipv4_csum_ok(got));
        g_assert_true(l4_csum_ok(got, n));
        g_assert_cmpuint(get_be32(got + 38), ==, 1000 + off);
        g_assert_cmpmem(got + 54, seg, f + 54 + off, seg);
        off += seg;
    }
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-devmem-bytes"), ==, 3000);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-host-bytes"), ==, 54);
    g_assert_cmpuint(qom_counter(g.qts, "gve0", "tx-payload-copies"), ==, 0);
    g_assert_cmpuint(qom_counter(g.qts, "dm", "copies"), ==, 1);
    gve_stop(&g);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    qtest_add_func("/gve/identity", test_identity);
    qtest_add_func("/gve/registers", test_registers);
    qtest_add_func("/gve/reset-pfn", test_reset_pfn);
    qtest_add_func("/gve/link", test_link);
    qtest_add_func("/gve/reset-rev1", test_reset_rev1);
    qtest_add_func("/gve/describe", test_describe);
    qtest_add_func("/gve/admin-opcodes", test_admin_opcodes);
    qtest_add_func("/gve/admin-errors", test_admin_errors);
    qtest_add_func("/gve/dqo-tx", test_dqo_tx);
    qtest_add_func("/gve/dqo-tx-generation", test_dqo_tx_generation);
    qtest_add_func("/gve/dqo-offload", test_dqo_offload);
    qtest_add_func("/gve/dqo-offload-ipv6", test_dqo_offload_ipv6);
    qtest_add_func("/gve/dqo-rx", test_dqo_rx);
    qtest_add_func("/gve/rss", test_rss);
    qtest_add_func("/gve/gqi-qpl", test_gqi_qpl);
    qtest_add_func("/gve/gqi-rda", test_gqi_rda);
    qtest_add_func("/gve/dqo-qpl", test_dqo_qpl);
    qtest_add_func("/gve/hostile", test_hostile);
    qtest_add_func("/gve/devmem-tx", test_devmem_tx);
    return g_test_run();
}
