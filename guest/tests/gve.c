/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gve tests (drivers/gve.c, drivers/devmem.c).  The NIC's peer is the
 * functional test tests/functional/guest-gve.py, on the other end of a
 * -netdev socket,udp= link: it rebuilds every frame the guest sends and
 * compares byte for byte, and sends frames the guest checks here.  Both
 * sides compute the same addresses and payload patterns (below).
 *
 * gve-probe:     registers, DESCRIBE results, MSI-X blocks, queues,
 *                an error status, the reset handshake, link
 * gve-tx:        UDP frames (software checksum), UDP with checksum
 *                offload, one TCP packet cut by TSO; interrupt auto-mask
 *                and re-arm; PKT and DESC completions
 * gve-rx:        16 UDP frames from the host, checked here (payload,
 *                checksums, the device's packet type)
 * gve-rss:       4 queue pairs, CONFIGURE_RSS with the Microsoft key and
 *                a table; 32 UDP frames from the host land on the queue
 *                the guest's own Toeplitz hash picks, with that hash;
 *                then one frame out of each TX queue
 * gve-link:      the host turns the link off and on (QMP set_link): a
 *                management interrupt and the LINK bit each time
 * gve-devmem-tx: payload filled into devmem-exporter memory by its copy
 *                engine, sent with headers in RAM and payload read by
 *                the NIC from the exporter's BAR (checksum offload, TSO)
 */
#include "test.h"
#include "tests.h"
#include "gve.h"
#include "devmem.h"
#include "gve-net.h"
#include "kernel.h"
#include "mm.h"
#include "timer.h"

#define MS                  1000000ULL
#define ETH_HLEN            14
#define UDP_HDRS            42
#define TCP_HDRS            54

static const uint8_t host_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
static const uint8_t guest_ip[4] = { 10, 0, 2, 15 };
static const uint8_t host_ip[4] = { 10, 0, 2, 2 };

static void be16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, unsigned len)
{
    for (unsigned i = 0; i < len; i++) {
        sum += i & 1 ? p[i] : p[i] << 8;
    }
    return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

/* Pseudo-header sum; @len 0 leaves the length out (TSO). */
static uint32_t pseudo_sum(uint8_t proto, unsigned len)
{
    uint32_t sum = csum_add(0, guest_ip, 4);

    return csum_add(sum, host_ip, 4) + proto + len;
}

/* Payload byte @j of RAM frame @k, and byte @o of device memory. */
static uint8_t pat(unsigned k, unsigned j)
{
    return (k * 7 + j * 13 + 1) & 0xff;
}

static uint8_t dpat(uint64_t o)
{
    return ((o >> 12) * 17 + o * 5 + 3) & 0xff;
}

/* Ethernet + IPv4 + UDP (42) or TCP (54) headers for @paylen bytes. */
static unsigned build_hdrs(Gve *g, uint8_t *h, bool tcp, uint16_t ipid,
                           unsigned paylen)
{
    unsigned l4 = tcp ? 20 : 8;

    memset(h, 0, TCP_HDRS);
    memcpy(h, host_mac, 6);
    memcpy(h + 6, g->mac, 6);
    be16(h + 12, 0x0800);
    h[14] = 0x45;
    be16(h + 16, 20 + l4 + paylen);
    be16(h + 18, ipid);
    be16(h + 20, 0x4000);
    h[22] = 64;
    h[23] = tcp ? 6 : 17;
    memcpy(h + 26, guest_ip, 4);
    memcpy(h + 30, host_ip, 4);
    be16(h + 24, ~csum_fold(csum_add(0, h + 14, 20)));
    if (tcp) {
        be16(h + 34, 5001);
        be16(h + 36, 6001);
        be16(h + 38, 0x0100);           /* seq 0x01000000 */
        h[46] = 0x50;
        h[47] = 0x18;                   /* ACK | PSH */
        be16(h + 48, 0xffff);
    } else {
        be16(h + 34, 5000);
        be16(h + 36, 6000);
        be16(h + 38, 8 + paylen);
    }
    return ETH_HLEN + 20 + l4;
}

static Gve *gve_ready(void)
{
    Gve *g = gve_first();

    if (g && !g->up && gve_up(g, 1) < 0) {
        return NULL;
    }
    return g;
}

static bool wait_irqs(GveBlock *b, unsigned n, uint64_t ns)
{
    uint64_t end = time_ns() + ns;

    while (b->irqs < n) {
        if (time_ns() > end) {
            return false;
        }
        cpu_relax();
    }
    return true;
}

int test_gve_probe(void)
{
    Gve *g = gve_first();
    uint8_t p[4] = { 0, 0, 0, 7 };
    uint32_t dbs[GVE_MAX_VECTORS + 2];

    if (!g) {
        return test_skip("no -device gve");
    }
    TEST_ASSERT(g->max_tx >= 1 && g->max_rx >= 1);
    TEST_ASSERT(g->nvec >= 3 && g->nblk % 2 == 0);
    TEST_EQ(g->format, g->options & BIT(4) ? GVE_FMT_DQO_RDA :
            GVE_FMT_GQI_QPL);
    TEST_ASSERT(g->mtu >= 68);
    TEST_ASSERT(g->tx_entries && !(g->tx_entries & (g->tx_entries - 1)));
    TEST_ASSERT(g->rx_entries && !(g->rx_entries & (g->rx_entries - 1)));
    if (g->format == GVE_FMT_DQO_RDA) {
        TEST_EQ(g->dqo_tx_comp_entries, g->tx_entries);
        TEST_EQ(g->dqo_rx_buff_entries, g->rx_entries);
    }
    TEST_ASSERT(g->mac[0] | g->mac[1] | g->mac[2] | g->mac[5]);
    TEST_ASSERT(g->link_mbps > 0);
    TEST_ASSERT(gve_link_up(g));
    /* every block has its own IRQ doorbell, queues others */
    TEST_ASSERT(gve_up(g, 1) == 0);
    for (unsigned i = 0; i < g->nblk; i++) {
        dbs[i] = g->blk[i].db;
    }
    dbs[g->nblk] = g->tx[0].db;
    dbs[g->nblk + 1] = g->rx[0].db;
    for (unsigned i = 0; i < g->nblk + 2; i++) {
        for (unsigned j = 0; j < i; j++) {
            if (dbs[i] == dbs[j]) {
                return test_fail("doorbell %u used twice", dbs[i]);
            }
        }
    }
    /* a queue that does not exist: NOT_FOUND */
    TEST_EQ(gve_aq_cmd(g, 0x07, p, 4), 0xfffffff8u);
    TEST_ASSERT(gve_down(g) == 0);
    /* reset handshake, then the whole set-up again */
    TEST_ASSERT(gve_reset(g) == 0);
    TEST_ASSERT(gve_setup(g) == 0);
    TEST_ASSERT(gve_up(g, 1) == 0);
    printf("# gve: revision %u, %u TX / %u RX queues, rings %u/%u, MTU %u, "
           "%lu Mb/s, %u admin commands\n", g->revision, g->max_tx,
           g->max_rx, g->tx_entries,
           g->rx_entries, g->mtu, g->link_mbps, g->aq_cmds);
    return 0;
}

/* Send a 2-buffer frame on TX queue @q: headers at @buf, payload at +2048. */
static int send_ram(Gve *g, unsigned q, uint8_t *buf, unsigned hlen,
                    unsigned plen, const GveTxOpts *o)
{
    GveBuf b[2] = {
        { v2p(buf), hlen },
        { v2p(buf) + 2048, plen },
    };

    return gve_send_q(g, q, b, 2, o);
}

/* Build UDP frame @k at @buf (payload at +2048) and queue it. */
static int tx_udp_send_q(Gve *g, unsigned q, uint8_t *buf, unsigned k,
                         bool offload)
{
    unsigned plen = 18 + 181 * k, hlen = build_hdrs(g, buf, false, k, plen);
    GveTxOpts o = { .csum = true };
    uint32_t sum;

    for (unsigned j = 0; j < plen; j++) {
        buf[2048 + j] = pat(k, j);
    }
    sum = pseudo_sum(17, 8 + plen);
    if (offload) {
        be16(buf + 40, csum_fold(sum));
    } else {
        sum = csum_add(csum_add(sum, buf + 34, 8), buf + 2048, plen);
        be16(buf + 40, ~csum_fold(sum) ? ~csum_fold(sum) : 0xffff);
    }
    return send_ram(g, q, buf, hlen, plen, offload ? &o : NULL);
}

static int tx_udp_send(Gve *g, uint8_t *buf, unsigned k, bool offload)
{
    return tx_udp_send_q(g, 0, buf, k, offload);
}

static int tx_udp(Gve *g, uint8_t *buf, unsigned k, bool offload)
{
    if (tx_udp_send(g, buf, k, offload) < 0) {
        return -1;
    }
    return gve_tx_wait(g, 1000 * MS) ? 0 : -1;
}

/* One TCP packet of 5000 bytes, MSS 1400, payload in two buffers. */
static int tx_tso(Gve *g, uint8_t *buf)
{
    GveTxOpts o = { .mss = 1400, .hdr_len = TCP_HDRS };
    GveBuf b[3];

    build_hdrs(g, buf, true, 100, 5000);
    be16(buf + 50, csum_fold(pseudo_sum(6, 0)));
    for (unsigned j = 0; j < 5000; j++) {
        buf[4096 + j] = pat(100, j);
    }
    b[0] = (GveBuf){ v2p(buf), TCP_HDRS };
    b[1] = (GveBuf){ v2p(buf) + 4096, 2500 };
    b[2] = (GveBuf){ v2p(buf) + 4096 + 2500, 2500 };
    if (gve_send(g, b, 3, &o) < 0) {
        return -1;
    }
    return gve_tx_wait(g, 1000 * MS) ? 0 : -1;
}

/*
 * DQO: the block fires for frame 12 and masks itself; frame 13 does not
 * interrupt until the poll re-arms the block.
 */
static int tx_automask(Gve *g, uint8_t *buf)
{
    GveBlock *b = g->tx[0].blk;
    unsigned c0 = b->irqs;

    TEST_ASSERT(tx_udp_send(g, buf, 12, true) == 0);
    TEST_ASSERT(wait_irqs(b, c0 + 1, 1000 * MS));
    TEST_ASSERT(tx_udp_send(g, buf + 8192, 13, true) == 0);
    udelay(20000);
    TEST_EQ(b->irqs, c0 + 1);
    gve_tx_poll(g);
    TEST_ASSERT(wait_irqs(b, c0 + 2, 1000 * MS));
    TEST_ASSERT(gve_tx_wait(g, 1000 * MS));
    return 0;
}

int test_gve_tx(void)
{
    Gve *g = gve_ready();
    uint8_t *buf;
    GveBlock *b;
    unsigned c0;

    if (!gve_first()) {
        return test_skip("no -device gve");
    }
    TEST_ASSERT(g && gve_link_up(g));
    buf = page_alloc_virt(4);
    TEST_ASSERT(buf);
    b = g->tx[0].blk;
    /* 8 frames, checksum in software; the first checks the interrupt */
    c0 = b->irqs;
    for (unsigned k = 0; k < 8; k++) {
        TEST_ASSERT(tx_udp(g, buf, k, false) == 0);
    }
    TEST_ASSERT(wait_irqs(b, c0 + 1, 1000 * MS));
    /* 4 frames, checksum offload */
    for (unsigned k = 8; k < 12; k++) {
        TEST_ASSERT(tx_udp(g, buf, k, true) == 0);
    }
    TEST_ASSERT(tx_tso(g, buf) == 0);
    TEST_EQ(g->tx[0].pkt_comps, 13);
    if (g->format == GVE_FMT_DQO_RDA) {
        TEST_ASSERT(g->tx[0].desc_comps >= 1);
        TEST_ASSERT(tx_automask(g, buf) == 0);
    } else {
        TEST_ASSERT(tx_udp(g, buf, 12, true) == 0);
        TEST_ASSERT(tx_udp(g, buf, 13, true) == 0);
    }
    TEST_EQ(g->tx[0].pkt_comps, 15);
    printf("# gve-tx (%s): %u packets and %u DESC completions, %u TX "
           "interrupts\n", g->format == GVE_FMT_DQO_RDA ? "DQO-RDA" :
           "GQI-QPL", g->tx[0].pkt_comps, g->tx[0].desc_comps, b->irqs);
    page_free(v2p(buf), 4);
    return 0;
}

/* Check one received frame against what guest-gve.py sends (frame @k). */
static int check_rx_len(Gve *g, const uint8_t *f, int len, unsigned k,
                        unsigned plen)
{
    if (len != (int)(UDP_HDRS + plen)) {
        return test_fail("frame %u: %d bytes, expected %u", k, len,
                         UDP_HDRS + plen);
    }
    TEST_ASSERT(!memcmp(f, g->mac, 6) && !memcmp(f + 6, host_mac, 6));
    TEST_EQ(f[12] << 8 | f[13], 0x0800);
    TEST_EQ(csum_fold(csum_add(0, f + 14, 20)), 0xffff);
    TEST_EQ(f[23], 17);
    TEST_EQ(csum_fold(csum_add(pseudo_sum(17, 8 + plen), f + 34, 8 + plen)),
            0xffff);
    /* the device's packet type says IPv4/UDP in its ptype map */
    if (g->format == GVE_FMT_DQO_RDA) {
        TEST_EQ(g->ptype[2 * g->rx[0].last_ptype], 2);
        TEST_EQ(g->ptype[2 * g->rx[0].last_ptype + 1], 3);
    }
    for (unsigned j = 0; j < plen; j++) {
        if (f[UDP_HDRS + j] != pat(200 + k, j)) {
            return test_fail("frame %u: payload byte %u is %x", k, j,
                             f[UDP_HDRS + j]);
        }
    }
    return 0;
}

static int check_rx(Gve *g, const uint8_t *f, int len, unsigned k)
{
    return check_rx_len(g, f, len, k, 18 + 93 * k);
}

int test_gve_rx(void)
{
    Gve *g = gve_ready();
    uint8_t *f;
    unsigned c0;
    int len;

    if (!gve_first()) {
        return test_skip("no -device gve");
    }
    TEST_ASSERT(g);
    f = kmalloc(2048);
    c0 = g->rx[0].blk->irqs;
    printf("# gve-rx: ready\n");
    for (unsigned k = 0; k < 16; k++) {
        len = gve_recv(g, f, 2048, 10000 * MS, NULL);
        if (len < 0) {
            kfree(f);
            return test_fail("frame %u did not arrive", k);
        }
        if (check_rx(g, f, len, k)) {
            const uint8_t *c = g->rx[0].last_comp;

            printf("# last completion (index %u, tail %u):", g->rx[0].comp_idx,
                   g->rx[0].tail);
            for (unsigned i = 0; i < 32; i++) {
                printf(" %02x", c[i]);
            }
            printf("\n");
            kfree(f);
            return -1;
        }
    }
    kfree(f);
    TEST_ASSERT(g->rx[0].blk->irqs > c0);
    printf("# gve-rx: 16 frames, %u RX interrupts\n", g->rx[0].blk->irqs - c0);
    return 0;
}

/* The Microsoft RSS verification key. */
static const uint8_t rss_key[40] = {
    0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
    0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
    0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
    0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static uint32_t toeplitz(const uint8_t *in, unsigned len)
{
    uint32_t h = 0, win = 0;

    for (unsigned i = 0; i < 4; i++) {
        win = win << 8 | rss_key[i];
    }
    for (unsigned i = 0; i < len; i++) {
        for (int b = 7; b >= 0; b--) {
            unsigned kb = 32 + 8 * i + (7 - b);

            if (in[i] & (1u << b)) {
                h ^= win;
            }
            win = win << 1 | ((rss_key[kb / 8] >> (7 - kb % 8)) & 1);
        }
    }
    return h;
}

/* RSS hash of a UDP/IPv4 frame: addresses, then ports. */
static uint32_t frame_hash(const uint8_t *f)
{
    uint8_t in[12];

    memcpy(in, f + 26, 8);
    memcpy(in + 8, f + 34, 4);
    return toeplitz(in, 12);
}

#define RSS_LUT             128
#define RSS_FRAMES          32

static int rss_check(Gve *g, const uint32_t *lut, unsigned *per_q)
{
    uint8_t *f = kmalloc(2048);
    uint64_t seen = 0;
    unsigned q;
    uint32_t h;
    int len;

    for (unsigned k = 0; k < RSS_FRAMES; k++) {
        len = gve_recv(g, f, 2048, 10000 * MS, &q);
        if (len < UDP_HDRS + 2) {
            kfree(f);
            return test_fail("frame %u: none or %d bytes", k, len);
        }
        h = frame_hash(f);
        /* order holds only within a queue: frames carry their number */
        if (f[UDP_HDRS] >= RSS_FRAMES || (seen & BIT(f[UDP_HDRS])) ||
            q != lut[h % RSS_LUT] ||
            g->rx[q].last_hash != h) {
            kfree(f);
            return test_fail("frame %u (#%u) on queue %u, hash %x; "
                             "expected queue %u, hash %x", k, f[UDP_HDRS],
                             q, g->rx[q].last_hash, lut[h % RSS_LUT], h);
        }
        seen |= BIT(f[UDP_HDRS]);
        per_q[q]++;
    }
    kfree(f);
    return 0;
}

int test_gve_rss(void)
{
    Gve *g = gve_first();
    static const uint8_t vec[12] = {
        66, 9, 149, 187, 161, 142, 100, 80, 0x0a, 0xea, 0x06, 0xe6,
    };
    uint32_t lut[RSS_LUT];
    unsigned per_q[GVE_MAX_QUEUES] = { 0 }, nq, used = 0;

    if (!g) {
        return test_skip("no -device gve");
    }
    /* our Toeplitz against the published vector first */
    TEST_EQ(toeplitz(vec, 12), 0x51ccc178);
    nq = MIN(MIN(g->max_tx, g->max_rx), MIN(g->nblk / 2, 4u));
    if (nq < 2) {
        return test_skip("fewer than 2 queue pairs");
    }
    if (g->up) {
        TEST_ASSERT(gve_down(g) == 0);
    }
    TEST_ASSERT(gve_up(g, nq) == 0);
    for (unsigned i = 0; i < RSS_LUT; i++) {
        lut[i] = (3 * i + 1) % nq;
    }
    TEST_EQ(gve_configure_rss(g, rss_key, lut, RSS_LUT), GVE_ST_PASSED);
    printf("# gve-rss: ready\n");
    if (rss_check(g, lut, per_q)) {
        return -1;
    }
    /* one frame out of each TX queue, each on its own block */
    for (unsigned q = 0; q < nq; q++) {
        uint8_t *buf = page_alloc_virt(2);
        unsigned c0 = g->tx[q].blk->irqs;

        TEST_ASSERT(buf && tx_udp_send_q(g, q, buf, q, true) == 0);
        TEST_ASSERT(gve_tx_wait(g, 1000 * MS));
        TEST_ASSERT(wait_irqs(g->tx[q].blk, c0 + 1, 1000 * MS));
        TEST_EQ(g->tx[q].pkt_comps, 1);
        page_free(v2p(buf), 2);
    }
    printf("# gve-rss: frames per queue:");
    for (unsigned q = 0; q < nq; q++) {
        printf(" %u", per_q[q]);
        used += per_q[q] > 0;
        TEST_ASSERT(g->rx[q].blk->irqs > 0 || !per_q[q]);
    }
    printf("\n");
    TEST_ASSERT(used >= 2);
    return 0;
}

/* Wait for a management interrupt after @n, then for LINK == @up. */
static bool wait_link(Gve *g, unsigned n, bool up, uint64_t ns)
{
    uint64_t end = time_ns() + ns;

    while (g->mgmt_irqs == n || gve_link_up(g) != up) {
        if (time_ns() > end) {
            return false;
        }
        cpu_relax();
    }
    return true;
}

int test_gve_link(void)
{
    Gve *g = gve_first();
    unsigned n;

    if (!g) {
        return test_skip("no -device gve");
    }
    TEST_ASSERT(gve_link_up(g));
    n = g->mgmt_irqs;
    printf("# gve-link: up\n");
    if (!wait_link(g, n, false, 10000 * MS)) {
        return test_fail("no management interrupt with LINK clear");
    }
    n = g->mgmt_irqs;
    printf("# gve-link: down\n");
    if (!wait_link(g, n, true, 10000 * MS)) {
        return test_fail("no management interrupt with LINK set");
    }
    return 0;
}

/* UDP to the gateway's port @port (from gve_udp_port=); the host echoes. */
static int net_udp_echo(GveNet *n, uint16_t port)
{
    char msg[64], back[64];
    int len = snprintf(msg, sizeof(msg), "hello from the gve driver at "
                       "%u.%u.%u.%u", n->ip[0], n->ip[1], n->ip[2], n->ip[3]);

    TEST_ASSERT(gve_net_udp_send(n, n->gw, 5555, port, msg, len) == 0);
    TEST_EQ(gve_net_udp_recv(n, 5555, back, sizeof(back), 5000 * MS), len);
    for (int i = 0; i < len; i++) {
        TEST_EQ(back[i], msg[len - 1 - i]);    /* the host reverses it */
    }
    return 0;
}

int test_gve_net(void)
{
    Gve *g = gve_first();
    char arg[16];
    GveNet n;

    if (!g) {
        return test_skip("no -device gve");
    }
    if (!cmdline_get("gve_udp_port", arg, sizeof(arg))) {
        return test_skip("no gve_udp_port= on the command line");
    }
    TEST_ASSERT(gve_net_init(&n, g) == 0);
    TEST_ASSERT(gve_net_dhcp(&n, 5000 * MS) == 0);
    printf("# gve-net: DHCP address %u.%u.%u.%u, router %u.%u.%u.%u\n",
           n.ip[0], n.ip[1], n.ip[2], n.ip[3], n.gw[0], n.gw[1], n.gw[2],
           n.gw[3]);
    TEST_ASSERT(gve_net_arp_gateway(&n, 2000 * MS) == 0);
    for (unsigned seq = 1; seq <= 3; seq++) {
        if (gve_net_ping(&n, n.gw, seq, 56, 2000 * MS) < 0) {
            return test_fail("no echo reply %u from the router", seq);
        }
    }
    return net_udp_echo(&n, strtoull(arg, NULL, 10));
}

/* Jumbo payload sizes, host to guest; frame k is numbered 100 + k. */
static const unsigned jumbo_len[3] = { 4000, 8972, 2100 };

int test_gve_jumbo(void)
{
    Gve *g = gve_ready();
    uint8_t *f;
    GveTxOpts none = { 0 };
    int len;

    if (!gve_first()) {
        return test_skip("no -device gve");
    }
    TEST_ASSERT(g);
    if (g->mtu < 9000) {
        return test_skip("MTU under 9000 (-device gve,max-mtu=9000)");
    }
    f = page_alloc_virt(4);
    TEST_ASSERT(f);
    printf("# gve-jumbo: ready\n");
    for (unsigned k = 0; k < 3; k++) {
        len = gve_recv(g, f, 16384, 10000 * MS, NULL);
        if (len < 0 || check_rx_len(g, f, len, 100 + k, jumbo_len[k])) {
            page_free(v2p(f), 4);
            return len < 0 ? test_fail("frame %u did not arrive", k) : -1;
        }
    }
    /* send the 9000-byte frame back as it came (one buffer) */
    len = UDP_HDRS + jumbo_len[1];
    TEST_ASSERT(gve_recv(g, f, 16384, 0, NULL) < 0);
    build_hdrs(g, f, false, 7, jumbo_len[1]);      /* clears 54 bytes */
    for (unsigned j = 0; j < jumbo_len[1]; j++) {
        f[UDP_HDRS + j] = pat(201, j);
    }
    be16(f + 40, csum_fold(pseudo_sum(17, 8 + jumbo_len[1])));
    none.csum = true;
    TEST_ASSERT(gve_send(g, &(GveBuf){ v2p(f), len }, 1, &none) == 0);
    TEST_ASSERT(gve_tx_wait(g, 1000 * MS));
    page_free(v2p(f), 4);
    printf("# gve-jumbo: MTU %u, 3 frames in, 1 out\n", g->mtu);
    return 0;
}

/* Fill device memory [0, @len) with dpat() through the copy engine. */
static int devmem_fill(Devmem *m, unsigned len)
{
    uint8_t *buf = page_alloc_virt(4);
    int ret = 0;

    if (!buf) {
        return -1;
    }
    for (unsigned off = 0; off < len && !ret; off += 16384) {
        for (unsigned j = 0; j < 16384; j++) {
            buf[j] = dpat(off + j);
        }
        ret = devmem_copy(m, v2p(buf), off, 16384, true);
    }
    /* read a page back through the engine */
    memset(buf, 0, 4096);
    if (!ret) {
        ret = devmem_copy(m, 4096, v2p(buf), 4096, false);
    }
    for (unsigned j = 0; !ret && j < 4096; j++) {
        ret = buf[j] == dpat(4096 + j) ? 0 : -1;
    }
    page_free(v2p(buf), 4);
    return ret;
}

/* UDP frame @k: payload from devmem page k + 1, at offset 100 * k. */
static int devmem_udp(Gve *g, Devmem *m, uint8_t *hdr, unsigned k)
{
    unsigned plen = 1000 + 100 * k, off = 4096 * (k + 1) + 100 * k;
    GveTxOpts o = { .csum = true };
    GveBuf b[2];

    build_hdrs(g, hdr, false, 300 + k, plen);
    be16(hdr + 40, csum_fold(pseudo_sum(17, 8 + plen)));
    b[0] = (GveBuf){ v2p(hdr), UDP_HDRS };
    b[1] = (GveBuf){ devmem_bus_addr(m, off), plen };
    if (gve_send(g, b, 2, &o) < 0) {
        return -1;
    }
    return gve_tx_wait(g, 1000 * MS) ? 0 : -1;
}

/* TCP: 3 devmem pages (offsets 0x8000..0xafff), MSS 1448. */
static int devmem_tso(Gve *g, Devmem *m, uint8_t *hdr)
{
    GveTxOpts o = { .mss = 1448, .hdr_len = TCP_HDRS };
    GveBuf b[4];

    build_hdrs(g, hdr, true, 400, 3 * 4096);
    be16(hdr + 50, csum_fold(pseudo_sum(6, 0)));
    b[0] = (GveBuf){ v2p(hdr), TCP_HDRS };
    for (unsigned i = 0; i < 3; i++) {
        b[1 + i] = (GveBuf){ devmem_bus_addr(m, 0x8000 + 4096 * i), 4096 };
    }
    if (gve_send(g, b, 4, &o) < 0) {
        return -1;
    }
    return gve_tx_wait(g, 1000 * MS) ? 0 : -1;
}

int test_gve_devmem_tx(void)
{
    Gve *g = gve_ready();
    Devmem *m = devmem_first();
    uint8_t *hdr, f[64];

    if (!gve_first()) {
        return test_skip("no -device gve");
    }
    if (!m) {
        return test_skip("no -device devmem-exporter");
    }
    TEST_ASSERT(g && m->mem_size >= 0x10000);
    TEST_ASSERT(devmem_fill(m, 0x10000) == 0);
    TEST_ASSERT(!m->use_irq || m->irqs > 0);
    hdr = kmalloc(64);
    for (unsigned k = 0; k < 4; k++) {
        TEST_ASSERT(devmem_udp(g, m, hdr, k) == 0);
    }
    TEST_ASSERT(devmem_tso(g, m, hdr) == 0);
    kfree(hdr);
    /* let the host read the NIC's counters, then go on */
    printf("# gve-devmem-tx: sent\n");
    TEST_ASSERT(gve_recv(g, f, sizeof(f), 20000 * MS, NULL) >= 0);
    return 0;
}
