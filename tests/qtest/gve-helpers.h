/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tiny GVE "driver" for qtest tests: PCI set-up through 0xCF8/0xCFC,
 * BAR0 register access (big-endian), MSI-X vectors that land in guest
 * RAM, admin commands, a UDP socket peer for -netdev socket, and packet
 * builders and checkers.  Header-only: static functions for gve-test.c
 * and devmem-exporter-test.c.
 */
#ifndef TESTS_QTEST_GVE_HELPERS_H
#define TESTS_QTEST_GVE_HELPERS_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include "libqtest.h"
#include "hw/net/gve-regs.h"     /* shared with the guest driver */

#define PCI_DEVFN(s, f)     (((s) << 3) | (f))
#define GVE_DEVFN           PCI_DEVFN(4, 0)
#define DM_DEVFN            PCI_DEVFN(5, 0)

#define BAR0_ADDR           0xe0000000u
#define BAR1_ADDR           0xe0010000u
#define BAR2_ADDR           0xe0020000u
#define DM_BAR0_ADDR        0xe0100000u
#define DM_BAR1_ADDR        0xe0110000u
#define DM_BAR2_ADDR        0x200000000ull

/* Guest memory map of the tests (the machine has 256 MiB). */
#define AQ_ADDR             0x100000u
#define DESC_ADDR           0x101000u
#define IRQDB_ADDR          0x102000u
#define COUNTERS_ADDR       0x103000u
#define QRES_ADDR           0x104000u   /* TX q: +64q, RX q: +0x800+64q */
#define MSI_ADDR            0x105000u
#define SCRATCH_ADDR        0x106000u
#define TXRING_ADDR(q)      (0x200000u + (q) * 0x10000u)
#define TXCOMP_ADDR(q)      (0x280000u + (q) * 0x10000u)
#define RXBUF_ADDR(q)       (0x300000u + (q) * 0x10000u)
#define RXCOMP_ADDR(q)      (0x380000u + (q) * 0x10000u)
#define PKT_ADDR            0x400000u
#define RXDATA_ADDR(q)      (0x800000u + (q) * 0x100000u)
#define QPL_ADDR(id)        (0x1000000u + (id) * 0x100000u)

#define ST_PASSED               0x00000001u
#define ST_ALREADY_EXISTS       0xfffffff1u
#define ST_FAILED_PRECONDITION  0xfffffff5u
#define ST_INVALID_ARGUMENT     0xfffffff7u
#define ST_NOT_FOUND            0xfffffff8u
#define ST_RESOURCE_EXHAUSTED   0xfffffffcu
#define ST_UNIMPLEMENTED        0xfffffffeu

typedef struct Gve {
    QTestState *qts;
    uint32_t prod;              /* admin queue producer count */
    int sock;                   /* the host end of -netdev socket,udp */
    struct sockaddr_in emu;     /* the emulator's end */
    int nvec;
    bool dqo;
} Gve;

/* --- Byte helpers --- */

static inline void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
    put_le16(p, v);
    put_le16(p + 2, v >> 16);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
    put_le32(p, v);
    put_le32(p + 4, v >> 32);
}

static inline uint16_t get_le16(const uint8_t *p)
{
    return p[0] | p[1] << 8;
}

static inline uint32_t get_le32(const uint8_t *p)
{
    return get_le16(p) | (uint32_t)get_le16(p + 2) << 16;
}

/* --- PCI --- */

static inline uint32_t cfg_readl(QTestState *qts, int devfn, int off)
{
    qtest_outl(qts, 0xcf8, 0x80000000u | devfn << 8 | off);
    return qtest_inl(qts, 0xcfc);
}

static inline void cfg_writel(QTestState *qts, int devfn, int off,
                              uint32_t v)
{
    qtest_outl(qts, 0xcf8, 0x80000000u | devfn << 8 | off);
    qtest_outl(qts, 0xcfc, v);
}

static inline int cfg_find_cap(QTestState *qts, int devfn, int id)
{
    int off = cfg_readl(qts, devfn, 0x34) & 0xfc;

    for (int i = 0; off && i < 48; i++) {
        uint32_t v = cfg_readl(qts, devfn, off);

        if ((v & 0xff) == (uint32_t)id) {
            return off;
        }
        off = (v >> 8) & 0xfc;
    }
    return 0;
}

/*
 * Enable MSI-X on @devfn with @n vectors whose table is at @table: vector
 * i writes 0x1000 + i to @msi + 4 * i (guest RAM, so tests can see it).
 */
static inline void msix_setup(QTestState *qts, int devfn, uint64_t table,
                              uint64_t msi, int n)
{
    int cap = cfg_find_cap(qts, devfn, 0x11);
    uint32_t ctl;

    g_assert_cmpint(cap, !=, 0);
    for (int i = 0; i < n; i++) {
        qtest_writel(qts, table + 16 * i, msi + 4 * i);
        qtest_writel(qts, table + 16 * i + 4, 0);
        qtest_writel(qts, table + 16 * i + 8, 0x1000 + i);
        qtest_writel(qts, table + 16 * i + 12, 0);
        qtest_writel(qts, msi + 4 * i, 0);
    }
    ctl = cfg_readl(qts, devfn, cap);
    cfg_writel(qts, devfn, cap, ctl | (1u << 31));
}

/* Did vector @i fire since the last call?  Clears the record. */
static inline bool msix_fired(QTestState *qts, uint64_t msi, int i)
{
    if (qtest_readl(qts, msi + 4 * i) != 0x1000u + i) {
        return false;
    }
    qtest_writel(qts, msi + 4 * i, 0);
    return true;
}

/* --- BAR0 (big-endian) --- */

static inline uint32_t gve_rd(Gve *g, int off)
{
    return GUINT32_SWAP_LE_BE(qtest_readl(g->qts, BAR0_ADDR + off));
}

static inline void gve_wr(Gve *g, int off, uint32_t v)
{
    qtest_writel(g->qts, BAR0_ADDR + off, GUINT32_SWAP_LE_BE(v));
}

/* Doorbell @idx in BAR2, in the byte order of the queue format. */
static inline void gve_db(Gve *g, int idx, uint32_t v)
{
    qtest_writel(g->qts, BAR2_ADDR + 4 * idx,
                 g->dqo ? v : GUINT32_SWAP_LE_BE(v));
}

/* --- Admin queue --- */

/* Run one command (opcode, payload of @len <= 56 bytes); its status. */
static inline uint32_t aq_cmd(Gve *g, uint32_t op, const uint8_t *p,
                              size_t len)
{
    uint8_t slot[64] = { 0 };
    uint64_t a = AQ_ADDR + (g->prod % 64) * 64;

    put_be32(slot, op);
    memcpy(slot + 8, p, len);
    qtest_memwrite(g->qts, a, slot, sizeof(slot));
    gve_wr(g, GVE_REG_DOORBELL, ++g->prod);
    g_assert_cmpuint(gve_rd(g, GVE_REG_EVENTS), ==, g->prod);
    qtest_memread(g->qts, a + 4, slot, 4);
    return get_be32(slot);
}

static inline uint32_t aq_configure(Gve *g, uint32_t nblk, uint8_t fmt)
{
    uint8_t p[40] = { 0 };

    put_be64(p, COUNTERS_ADDR);
    put_be64(p + 8, IRQDB_ADDR);
    put_be32(p + 16, 16);
    put_be32(p + 20, nblk);
    put_be32(p + 24, 64);
    put_be32(p + 28, 0);
    p[32] = fmt;
    g->dqo = fmt >= 3;
    return aq_cmd(g, 0x2, p, sizeof(p));
}

static inline uint32_t aq_create_tx(Gve *g, uint32_t q, uint32_t qpl,
                                    uint16_t size)
{
    uint8_t p[48] = { 0 };

    put_be32(p, q);
    put_be64(p + 8, QRES_ADDR + 64 * q);
    put_be64(p + 16, TXRING_ADDR(q));
    put_be32(p + 24, qpl);
    put_be32(p + 28, q);
    put_be64(p + 32, TXCOMP_ADDR(q));
    put_be16(p + 40, size);
    put_be16(p + 42, size);
    return aq_cmd(g, 0x5, p, sizeof(p));
}

static inline uint32_t aq_create_rx(Gve *g, uint32_t q, uint32_t ntfy,
                                    uint32_t qpl, uint16_t size)
{
    uint8_t p[56] = { 0 };

    put_be32(p, q);
    put_be32(p + 12, ntfy);
    put_be64(p + 16, QRES_ADDR + 0x800 + 64 * q);
    put_be64(p + 24, RXCOMP_ADDR(q));
    put_be64(p + 32, RXBUF_ADDR(q));
    put_be32(p + 40, qpl);
    put_be16(p + 44, size);
    put_be16(p + 46, 2048);
    put_be16(p + 48, size);
    return aq_cmd(g, 0x6, p, sizeof(p));
}

static inline uint32_t aq_queue_id(Gve *g, uint32_t op, uint32_t q)
{
    uint8_t p[4];

    put_be32(p, q);
    return aq_cmd(g, op, p, 4);
}

/* Doorbell index the device wrote into a queue resources record. */
static inline uint32_t qres_db(Gve *g, uint64_t rec)
{
    return GUINT32_SWAP_LE_BE(qtest_readl(g->qts, rec));
}

/* A uint64 counter property of /machine/peripheral/@id (qom-get). */
static inline uint64_t qom_counter(QTestState *qts, const char *id,
                                   const char *name)
{
    g_autofree char *path = g_strdup_printf("/machine/peripheral/%s", id);
    QDict *r = qtest_qmp(qts, "{'execute': 'qom-get', 'arguments': "
                         "{'path': %s, 'property': %s}}", path, name);
    uint64_t v;

    g_assert_true(qdict_haskey(r, "return"));
    v = qdict_get_int(r, "return");
    qobject_unref(r);
    return v;
}

/* --- Start and stop --- */

static inline int udp_socket(struct sockaddr_in *sa)
{
    socklen_t len = sizeof(*sa);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    g_assert_cmpint(fd, >=, 0);
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)sa, sizeof(*sa)), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)sa, &len), ==, 0);
    return fd;
}

/* Program BARs, enable decode and bus mastering. */
static inline void pci_setup(QTestState *qts, int devfn, uint32_t bar0,
                             uint32_t bar1, uint64_t bar2, bool bar2_64)
{
    cfg_writel(qts, devfn, 0x10, bar0);
    cfg_writel(qts, devfn, 0x14, bar1);
    cfg_writel(qts, devfn, 0x18, (uint32_t)bar2);
    if (bar2_64) {
        cfg_writel(qts, devfn, 0x1c, bar2 >> 32);
    }
    cfg_writel(qts, devfn, 0x04, 0x6);
}

/*
 * Start a pc machine with a gve at 04.0 (plus @extra) whose netdev is a
 * UDP socket paired with g->sock.  The admin queue is installed (PFN).
 */
static inline void gve_start(Gve *g, int queues, const char *extra)
{
    struct sockaddr_in me, tmp;
    int tmpfd;

    memset(g, 0, sizeof(*g));
    g->sock = udp_socket(&me);
    tmpfd = udp_socket(&tmp);
    close(tmpfd);
    g->emu = tmp;
    g->qts = qtest_initf("-machine pc -m 256 -nodefaults "
                         "-netdev socket,id=n0,udp=127.0.0.1:%d,"
                         "localaddr=127.0.0.1:%d "
                         "-device gve,netdev=n0,addr=04.0,id=gve0,"
                         "queues=%d%s", ntohs(me.sin_port),
                         ntohs(tmp.sin_port), queues, extra ? extra : "");
    pci_setup(g->qts, GVE_DEVFN, BAR0_ADDR, BAR1_ADDR, BAR2_ADDR, false);
    g->nvec = 2 * queues + 1;
    msix_setup(g->qts, GVE_DEVFN, BAR1_ADDR, MSI_ADDR, g->nvec);
    gve_wr(g, GVE_REG_PFN, AQ_ADDR / 4096);
}

static inline void gve_stop(Gve *g)
{
    qtest_quit(g->qts);
    close(g->sock);
}

/* --- The host end of the link --- */

/* The next frame the NIC sent (waits up to 5 s); its length or -1. */
static inline ssize_t host_recv(Gve *g, uint8_t *buf, size_t size)
{
    struct pollfd pfd = { .fd = g->sock, .events = POLLIN };

    if (poll(&pfd, 1, 5000) != 1) {
        return -1;
    }
    return recv(g->sock, buf, size, 0);
}

/* Nothing more was sent (checks for 100 ms). */
static inline bool host_idle(Gve *g)
{
    struct pollfd pfd = { .fd = g->sock, .events = POLLIN };

    return poll(&pfd, 1, 100) == 0;
}

static inline void host_send(Gve *g, const uint8_t *buf, size_t len)
{
    g_assert_cmpint(sendto(g->sock, buf, len, 0, (struct sockaddr *)&g->emu,
                           sizeof(g->emu)), ==, len);
}

/* --- Packets --- */

static inline uint32_t csum_sum(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        sum += i & 1 ? p[i] : p[i] << 8;
    }
    return sum;
}

static inline uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/* IPv4 frame at @f: is the header checksum right? */
static inline bool ipv4_csum_ok(const uint8_t *f)
{
    return csum_fold(csum_sum(0, f + 14, (f[14] & 0xf) * 4)) == 0xffff;
}

/* IPv4 TCP or UDP frame of @len bytes: is the L4 checksum right? */
static inline bool l4_csum_ok(const uint8_t *f, size_t len)
{
    const uint8_t *ip = f + 14;
    size_t ihl = (ip[0] & 0xf) * 4, l4len = len - 14 - ihl;
    uint8_t ph[4] = { 0, ip[9], l4len >> 8, l4len };
    uint32_t sum = csum_sum(0, ip + 12, 8);

    sum = csum_sum(sum, ph, 4);
    sum = csum_sum(sum, ip + ihl, l4len);
    return csum_fold(sum) == 0xffff;
}

/*
 * Ethernet + IPv4 + TCP (20-byte header) or UDP, with @plen payload bytes
 * (byte i = @seed + i).  Checksums are left 0 (the device fills them).
 */
static inline size_t build_ipv4(uint8_t *f, int proto, uint32_t src,
                                uint32_t dst, uint16_t sport, uint16_t dport,
                                size_t plen, uint8_t seed)
{
    static const uint8_t macs[12] = { 0x52, 0x54, 0, 0xaa, 0xbb, 0xcc,
                                      0x52, 0x54, 0, 0x12, 0x34, 0x56 };
    size_t l4h = proto == 6 ? 20 : 8, len = 14 + 20 + l4h + plen;
    uint8_t *ip = f + 14, *l4 = ip + 20;

    memset(f, 0, 14 + 20 + l4h);
    memcpy(f, macs, 12);
    put_be16(f + 12, 0x0800);
    ip[0] = 0x45;
    put_be16(ip + 2, 20 + l4h + plen);
    put_be16(ip + 4, 0x1234);
    put_be16(ip + 6, 0x4000);
    ip[8] = 64;
    ip[9] = proto;
    put_be32(ip + 12, src);
    put_be32(ip + 16, dst);
    put_be16(l4, sport);
    put_be16(l4 + 2, dport);
    if (proto == 6) {
        put_be32(l4 + 4, 1000);
        l4[12] = 5 << 4;
        l4[13] = 0x18;          /* PSH | ACK */
        put_be16(l4 + 14, 0xffff);
    } else {
        put_be16(l4 + 4, 8 + plen);
    }
    for (size_t i = 0; i < plen; i++) {
        f[14 + 20 + l4h + i] = seed + i;
    }
    return len;
}

/* IPv6 TCP or UDP frame of @len bytes: is the L4 checksum right? */
static inline bool l4_csum6_ok(const uint8_t *f, size_t len)
{
    const uint8_t *ip = f + 14;
    size_t l4len = len - 54;
    uint8_t ph[8] = { 0, 0, l4len >> 8, l4len, 0, 0, 0, ip[6] };
    uint32_t sum = csum_sum(0, ip + 8, 32);

    sum = csum_sum(sum, ph, 8);
    sum = csum_sum(sum, ip + 40, l4len);
    return csum_fold(sum) == 0xffff;
}

/* Ethernet + IPv6 + TCP/UDP, @plen payload bytes, like build_ipv4(). */
static inline size_t build_ipv6(uint8_t *f, int proto, uint16_t sport,
                                uint16_t dport, size_t plen, uint8_t seed)
{
    uint8_t tmp[2048];
    size_t l4h = proto == 6 ? 20 : 8;
    uint8_t *ip = f + 14;

    /* Borrow the IPv4 builder for Ethernet and L4, then swap in IPv6. */
    build_ipv4(tmp, proto, 0, 0, sport, dport, 0, 0);
    memcpy(f, tmp, 14);
    put_be16(f + 12, 0x86dd);
    memset(ip, 0, 40);
    ip[0] = 0x60;
    put_be16(ip + 4, l4h + plen);
    ip[6] = proto;
    ip[7] = 64;
    ip[8] = 0xfd;
    ip[23] = 1;
    ip[24] = 0xfd;
    ip[39] = 2;
    memcpy(ip + 40, tmp + 34, l4h);
    if (proto == 17) {
        put_be16(ip + 44, 8 + plen);
    }
    for (size_t i = 0; i < plen; i++) {
        f[54 + l4h + i] = seed + i;
    }
    return 54 + l4h + plen;
}

#endif
