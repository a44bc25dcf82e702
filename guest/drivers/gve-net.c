/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tests' IPv4 stack over gve (see gve-net.h): Ethernet, ARP, IPv4,
 * ICMP echo, UDP, and a DHCP client (RFC 2131 message flow, RFC 2132
 * options 53, 54, 3, 50, 55).  Frames are built in one buffer and sent
 * with gve_send; received frames come from gve_recv.
 */
#include "gve-net.h"
#include "gve-regs.h"
#include "kernel.h"
#include "mm.h"
#include "timer.h"

#define ETH_ARP             0x0806
#define ETH_IP              0x0800
#define IP_ICMP             1
#define IP_UDP              17
#define L4                  34          /* Ethernet + IPv4 header */
#define BOOTP               (L4 + 8)
#define DHCP_OPTS           (BOOTP + 240)
#define DHCP_MAGIC          0x63825363u

static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t any_ip[4] = { 0, 0, 0, 0 };
static const uint8_t bcast_ip[4] = { 255, 255, 255, 255 };

static uint16_t csum(uint32_t sum, const uint8_t *p, unsigned len)
{
    for (unsigned i = 0; i < len; i++) {
        sum += i & 1 ? p[i] : p[i] << 8;
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum;
}

int gve_net_init(GveNet *n, Gve *g)
{
    memset(n, 0, sizeof(*n));
    n->gve = g;
    n->tx = page_alloc_virt(1);
    n->rx = page_alloc_virt(1);
    if (!n->tx || !n->rx || (!g->up && gve_up(g, 1) < 0)) {
        return -1;
    }
    return 0;
}

static int xmit(GveNet *n, unsigned len)
{
    GveBuf b = { v2p(n->tx), MAX(len, 60u) };

    if (len < 60) {
        memset(n->tx + len, 0, 60 - len);
    }
    if (gve_send(n->gve, &b, 1, NULL) < 0) {
        return -1;
    }
    return gve_tx_wait(n->gve, 1000000000ULL) ? 0 : -1;
}

/* Ethernet + IPv4 headers for @l4len bytes of @proto; the L4 pointer. */
static uint8_t *ip_hdr(GveNet *n, const uint8_t *mac, const uint8_t *src,
                       const uint8_t *dst, uint8_t proto, unsigned l4len)
{
    uint8_t *f = n->tx, *ip = f + 14;

    memcpy(f, mac, 6);
    memcpy(f + 6, n->gve->mac, 6);
    put_be16(f + 12, ETH_IP);
    memset(ip, 0, 20);
    ip[0] = 0x45;
    put_be16(ip + 2, 20 + l4len);
    put_be16(ip + 4, n->ipid++);
    ip[8] = 64;
    ip[9] = proto;
    memcpy(ip + 12, src, 4);
    memcpy(ip + 16, dst, 4);
    put_be16(ip + 10, ~csum(0, ip, 20));
    return f + L4;
}

static uint8_t *udp_hdr(GveNet *n, const uint8_t *mac, const uint8_t *src,
                        const uint8_t *dst, uint16_t sport, uint16_t dport,
                        unsigned len)
{
    uint8_t *u = ip_hdr(n, mac, src, dst, IP_UDP, 8 + len);

    put_be16(u, sport);
    put_be16(u + 2, dport);
    put_be16(u + 4, 8 + len);
    put_be16(u + 6, 0);
    return u;
}

/* Fill in the UDP checksum once the payload is there. */
static void udp_csum(uint8_t *u)
{
    uint8_t *ip = u - 20;
    unsigned len = get_be16(u + 4);
    uint32_t sum = csum(csum(0, ip + 12, 8), u, len) + IP_UDP + len;
    uint16_t c;

    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    c = ~sum;
    put_be16(u + 6, c ? c : 0xffff);
}

static void arp_send(GveNet *n, uint16_t op, const uint8_t *mac,
                     const uint8_t *tha, const uint8_t *tpa)
{
    uint8_t *f = n->tx, *a = f + 14;

    memcpy(f, mac, 6);
    memcpy(f + 6, n->gve->mac, 6);
    put_be16(f + 12, ETH_ARP);
    put_be16(a, 1);
    put_be16(a + 2, ETH_IP);
    a[4] = 6;
    a[5] = 4;
    put_be16(a + 6, op);
    memcpy(a + 8, n->gve->mac, 6);
    memcpy(a + 14, n->ip, 4);
    memcpy(a + 18, tha, 6);
    memcpy(a + 24, tpa, 4);
    xmit(n, 42);
}

/* ARP frames are handled here (0); other frames: length; -1: timeout. */
static int next_frame(GveNet *n, uint64_t end)
{
    uint64_t now = time_ns();
    uint8_t *f = n->rx, *a = f + 14;
    int len;

    if (now > end) {
        return -1;
    }
    len = gve_recv(n->gve, f, 2048, end - now, NULL);
    if (len < 42 || get_be16(f + 12) != ETH_ARP) {
        return len < 14 ? (len < 0 ? -1 : 0) : len;
    }
    if (get_be16(a + 6) == 1 && !memcmp(a + 24, n->ip, 4) &&
        memcmp(n->ip, any_ip, 4)) {
        uint8_t sha[6], spa[4];

        memcpy(sha, a + 8, 6);
        memcpy(spa, a + 14, 4);
        arp_send(n, 2, sha, sha, spa);
    } else if (get_be16(a + 6) == 2 && !memcmp(a + 14, n->gw, 4)) {
        memcpy(n->gw_mac, a + 8, 6);
        n->gw_known = true;
    }
    return 0;
}

/* An IPv4 frame of @proto for us (or broadcast): its L4 header, else NULL. */
static uint8_t *ip_for_us(GveNet *n, int len, uint8_t proto)
{
    uint8_t *ip = n->rx + 14;

    if (len < L4 + 8 || get_be16(n->rx + 12) != ETH_IP || ip[0] != 0x45 ||
        ip[9] != proto || csum(0, ip, 20) != 0xffff ||
        get_be16(ip + 2) + 14 > len) {
        return NULL;
    }
    if (memcmp(ip + 16, n->ip, 4) && memcmp(ip + 16, bcast_ip, 4)) {
        return NULL;
    }
    return ip + 20;
}

static void dhcp_send(GveNet *n, uint8_t type, uint32_t xid,
                      const uint8_t *req_ip, const uint8_t *server)
{
    uint8_t *u = udp_hdr(n, bcast_mac, any_ip, bcast_ip, 68, 67, 300);
    uint8_t *b = u + 8, *o = b + 240;

    memset(b, 0, 300);
    b[0] = 1;                               /* BOOTREQUEST */
    b[1] = 1;
    b[2] = 6;
    put_be32(b + 4, xid);
    put_be16(b + 10, 0x8000);               /* broadcast replies */
    memcpy(b + 28, n->gve->mac, 6);
    put_be32(b + 236, DHCP_MAGIC);
    *o++ = 53;
    *o++ = 1;
    *o++ = type;
    if (req_ip) {
        *o++ = 50;
        *o++ = 4;
        memcpy(o, req_ip, 4);
        o += 4;
        *o++ = 54;
        *o++ = 4;
        memcpy(o, server, 4);
        o += 4;
    }
    *o++ = 55;
    *o++ = 2;
    *o++ = 1;                               /* subnet mask */
    *o++ = 3;                               /* router */
    *o = 255;
    udp_csum(u);
    xmit(n, L4 + 8 + 300);
}

/* Wait for DHCP message @type for @xid; fills @yiaddr, @server, router. */
static int dhcp_wait(GveNet *n, uint8_t type, uint32_t xid, uint8_t *yiaddr,
                     uint8_t *server, uint64_t end)
{
    for (;;) {
        int len = next_frame(n, end), got = 0;
        uint8_t *u, *b;

        if (len < 0) {
            return -1;
        }
        u = len > 0 ? ip_for_us(n, len, IP_UDP) : NULL;
        if (!u || get_be16(u + 2) != 68 || len < DHCP_OPTS + 3) {
            continue;
        }
        b = u + 8;
        if (b[0] != 2 || get_be32(b + 4) != xid ||
            get_be32(b + 236) != DHCP_MAGIC) {
            continue;
        }
        for (int i = DHCP_OPTS - BOOTP; i + 1 < len - BOOTP && b[i] != 255;
             i += b[i] ? 2 + b[i + 1] : 1) {
            if (b[i] == 53) {
                got = b[i + 2];
            } else if (b[i] == 54 && b[i + 1] == 4) {
                memcpy(server, b + i + 2, 4);
            } else if (b[i] == 3 && b[i + 1] >= 4) {
                memcpy(n->gw, b + i + 2, 4);
            }
        }
        if (got == type) {
            memcpy(yiaddr, b + 16, 4);
            return 0;
        }
    }
}

int gve_net_dhcp(GveNet *n, uint64_t timeout_ns)
{
    uint64_t end = time_ns() + timeout_ns;
    uint32_t xid = 0x47564500 | (n->gve->mac[5] & 0xff);
    uint8_t offer[4], server[4] = { 0 }, ack[4];

    memset(n->ip, 0, 4);
    dhcp_send(n, 1, xid, NULL, NULL);                       /* DISCOVER */
    if (dhcp_wait(n, 2, xid, offer, server, end) < 0) {     /* OFFER */
        return -1;
    }
    dhcp_send(n, 3, xid, offer, server);                    /* REQUEST */
    if (dhcp_wait(n, 5, xid, ack, server, end) < 0 ||       /* ACK */
        memcmp(ack, offer, 4)) {
        return -1;
    }
    memcpy(n->ip, ack, 4);
    return 0;
}

int gve_net_arp_gateway(GveNet *n, uint64_t timeout_ns)
{
    uint64_t end = time_ns() + timeout_ns;
    static const uint8_t zero_mac[6];

    n->gw_known = false;
    arp_send(n, 1, bcast_mac, zero_mac, n->gw);
    while (!n->gw_known) {
        if (next_frame(n, end) < 0) {
            return -1;
        }
    }
    return 0;
}

int gve_net_ping(GveNet *n, const uint8_t *dst, uint16_t seq, unsigned len,
                 uint64_t timeout_ns)
{
    uint64_t end = time_ns() + timeout_ns;
    uint8_t *icmp = ip_hdr(n, n->gw_mac, n->ip, dst, IP_ICMP, 8 + len);
    uint8_t data[1024];
    int flen;

    if (!n->gw_known || len > sizeof(data)) {
        return -1;
    }
    memset(icmp, 0, 8);
    icmp[0] = 8;                            /* echo request */
    put_be16(icmp + 4, 0x4756);
    put_be16(icmp + 6, seq);
    for (unsigned i = 0; i < len; i++) {
        data[i] = icmp[8 + i] = seq + i;
    }
    put_be16(icmp + 2, ~csum(0, icmp, 8 + len));
    if (xmit(n, L4 + 8 + len) < 0) {
        return -1;
    }
    while ((flen = next_frame(n, end)) >= 0) {
        uint8_t *r = flen ? ip_for_us(n, flen, IP_ICMP) : NULL;

        if (r && r[0] == 0 && get_be16(r + 4) == 0x4756 &&
            get_be16(r + 6) == seq && flen >= L4 + 8 + (int)len &&
            csum(0, r, get_be16(r - 18) - 20) == 0xffff &&
            !memcmp(r + 8, data, len) && !memcmp(r - 8, dst, 4)) {
            return 0;
        }
    }
    return -1;
}

int gve_net_udp_send(GveNet *n, const uint8_t *dst, uint16_t sport,
                     uint16_t dport, const void *data, unsigned len)
{
    uint8_t *u;

    if (!n->gw_known || len > 1472) {
        return -1;
    }
    u = udp_hdr(n, n->gw_mac, n->ip, dst, sport, dport, len);
    memcpy(u + 8, data, len);
    udp_csum(u);
    return xmit(n, L4 + 8 + len);
}

int gve_net_udp_recv(GveNet *n, uint16_t port, void *data, unsigned size,
                     uint64_t timeout_ns)
{
    uint64_t end = time_ns() + timeout_ns;
    int len;

    while ((len = next_frame(n, end)) >= 0) {
        uint8_t *u = len ? ip_for_us(n, len, IP_UDP) : NULL;
        unsigned ulen;

        if (!u || get_be16(u + 2) != port) {
            continue;
        }
        ulen = get_be16(u + 4);
        if (ulen < 8 || L4 + ulen > (unsigned)len) {
            continue;
        }
        memcpy(data, u + 8, MIN(ulen - 8, size));
        return MIN(ulen - 8, size);
    }
    return -1;
}
