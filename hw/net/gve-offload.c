/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GVE offloads: frame parsing, Internet checksums (RFC 1071) over
 * scattered pieces, IPv4 header checksums, Toeplitz RSS hashing and the
 * DQO packet-type numbering.  Host buffers only.
 */
#include "qemu/osdep.h"
#include "hw/net/gve-offload.h"

#define ETH_HLEN        14
#define ETH_P_IPV4      0x0800
#define ETH_P_IPV6      0x86dd
#define ETH_P_VLAN      0x8100
#define ETH_P_QINQ      0x88a8

static uint16_t rd16(const uint8_t *p)
{
    return p[0] << 8 | p[1];
}

static bool parse_ipv4(const uint8_t *p, size_t len, GVEPktInfo *pi)
{
    const uint8_t *ip = p + pi->l3_off;
    unsigned ihl;

    if (len < pi->l3_off + 20u || ip[0] >> 4 != 4) {
        return false;
    }
    ihl = (ip[0] & 0xf) * 4;
    if (ihl < 20 || len < pi->l3_off + ihl) {
        return false;
    }
    pi->ip_version = 4;
    pi->l4_proto = ip[9];
    pi->frag = (rd16(ip + 6) & 0x3fff) != 0;
    pi->l4_off = pi->l3_off + ihl;
    return true;
}

static bool parse_ipv6(const uint8_t *p, size_t len, GVEPktInfo *pi)
{
    size_t off = pi->l3_off + 40u;
    uint8_t nh;

    if (len < off || p[pi->l3_off] >> 4 != 6) {
        return false;
    }
    nh = p[pi->l3_off + 6];
    for (int i = 0; i < 8; i++) {
        if (nh == 0 || nh == 43 || nh == 60) {
            if (len < off + 8) {
                return false;
            }
            nh = p[off];
            off += (p[off + 1] + 1) * 8;
        } else if (nh == 44) {
            if (len < off + 8) {
                return false;
            }
            nh = p[off];
            pi->frag = true;
            off += 8;
        } else {
            break;
        }
    }
    if (off > 0xffff) {
        return false;
    }
    pi->ip_version = 6;
    pi->l4_proto = nh;
    pi->l4_off = off;
    return true;
}

static void parse_l4(const uint8_t *p, size_t len, GVEPktInfo *pi)
{
    const uint8_t *l4 = p + pi->l4_off;

    if (pi->frag) {
        return;
    }
    if (pi->l4_proto == GVE_IPPROTO_TCP && len >= pi->l4_off + 20u) {
        unsigned doff = (l4[12] >> 4) * 4;

        if (doff >= 20 && len >= pi->l4_off + doff) {
            pi->l4_hdr_len = doff;
        }
    } else if (pi->l4_proto == GVE_IPPROTO_UDP && len >= pi->l4_off + 8u) {
        pi->l4_hdr_len = 8;
    }
}

bool gve_offload_parse(const uint8_t *p, size_t len, GVEPktInfo *pi)
{
    uint16_t type;
    bool ok;

    memset(pi, 0, sizeof(*pi));
    if (len < ETH_HLEN) {
        return false;
    }
    pi->l3_off = ETH_HLEN;
    type = rd16(p + 12);
    for (int i = 0; i < 2 && (type == ETH_P_VLAN || type == ETH_P_QINQ);
         i++) {
        if (len < pi->l3_off + 4u) {
            return true;
        }
        type = rd16(p + pi->l3_off + 2);
        pi->l3_off += 4;
    }
    if (type == ETH_P_IPV4) {
        ok = parse_ipv4(p, len, pi);
    } else if (type == ETH_P_IPV6) {
        ok = parse_ipv6(p, len, pi);
    } else {
        return true;
    }
    if (!ok) {
        pi->ip_version = 0;
        pi->l4_proto = 0;
        pi->frag = false;
        return true;
    }
    parse_l4(p, len, pi);
    return true;
}

/* --- Checksums --- */

/*
 * Ones'-complement sums do not depend on byte order (RFC 1071): add the
 * bulk as host-order 32-bit halves of 64-bit loads, fold, and swap the
 * 16-bit result into network order on little-endian hosts.
 */
static uint32_t csum_bulk(const uint8_t *p, size_t len)
{
    uint64_t sum = 0, s2 = 0, w, w2;
    size_t i = 0;

    for (; i + 16 <= len; i += 16) {
        memcpy(&w, p + i, 8);
        memcpy(&w2, p + i + 8, 8);
        sum += (w & 0xffffffff) + (w >> 32);
        s2 += (w2 & 0xffffffff) + (w2 >> 32);
    }
    if (i < len) {
        memcpy(&w, p + i, 8);
        sum += (w & 0xffffffff) + (w >> 32);
    }
    sum = (sum & 0xffffffff) + (sum >> 32) + (s2 & 0xffffffff) + (s2 >> 32);
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    if (G_BYTE_ORDER == G_LITTLE_ENDIAN) {
        sum = GUINT16_SWAP_LE_BE((uint16_t)sum);
    }
    return sum;
}

void gve_csum_add(GVECsum *c, const uint8_t *p, size_t len)
{
    size_t i = 0, bulk;

    if (len && c->odd) {
        c->sum += p[0];
        i = 1;
        c->odd = false;
    }
    bulk = (len - i) & ~(size_t)7;
    c->sum += csum_bulk(p + i, bulk);
    for (i += bulk; i + 1 < len; i += 2) {
        c->sum += (uint32_t)p[i] << 8 | p[i + 1];
    }
    if (i < len) {
        c->sum += (uint32_t)p[i] << 8;
        c->odd = true;
    }
}

void gve_csum_pseudo(GVECsum *c, const uint8_t *frame, const GVEPktInfo *pi,
                     uint32_t l4_len)
{
    const uint8_t *ip = frame + pi->l3_off;
    uint8_t tail[8] = { 0 };

    if (pi->ip_version == 4) {
        gve_csum_add(c, ip + 12, 8);
        tail[1] = pi->l4_proto;
        tail[2] = l4_len >> 8;
        tail[3] = l4_len;
        gve_csum_add(c, tail, 4);
    } else {
        gve_csum_add(c, ip + 8, 32);
        tail[0] = l4_len >> 24;
        tail[1] = l4_len >> 16;
        tail[2] = l4_len >> 8;
        tail[3] = l4_len;
        tail[7] = pi->l4_proto;
        gve_csum_add(c, tail, 8);
    }
}

uint16_t gve_csum_finish(const GVECsum *c)
{
    uint64_t sum = c->sum;

    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
}

void gve_ipv4_fix_csum(uint8_t *ip)
{
    GVECsum c = { 0 };
    uint16_t v;

    ip[10] = ip[11] = 0;
    gve_csum_add(&c, ip, (ip[0] & 0xf) * 4);
    v = gve_csum_finish(&c);
    ip[10] = v >> 8;
    ip[11] = v;
}

/* --- RSS --- */

uint32_t gve_toeplitz(const uint8_t *key, size_t key_len, const uint8_t *in,
                      size_t len)
{
    uint32_t result = 0, window = 0;
    size_t next_bit = 32;

    for (size_t i = 0; i < 4; i++) {
        window = window << 8 | (i < key_len ? key[i] : 0);
    }
    for (size_t i = 0; i < len; i++) {
        for (int b = 7; b >= 0; b--) {
            size_t kb = next_bit++;
            uint32_t bit = kb / 8 < key_len ?
                           (key[kb / 8] >> (7 - kb % 8)) & 1 : 0;

            if (in[i] & (1u << b)) {
                result ^= window;
            }
            window = window << 1 | bit;
        }
    }
    return result;
}

/* Which tuple to hash: 0 none, 2 addresses, 4 addresses and ports. */
static int rss_tuple(const GVEPktInfo *pi, uint16_t types)
{
    bool v4 = pi->ip_version == 4;
    bool ports = pi->l4_hdr_len && !pi->frag;
    uint16_t l4bit = 0, ipbit = v4 ? GVE_RSS_IPV4 : GVE_RSS_IPV6;

    if (!types) {
        types = 0xffff;
    }
    if (pi->l4_proto == GVE_IPPROTO_TCP) {
        l4bit = v4 ? GVE_RSS_TCPV4 : GVE_RSS_TCPV6;
    } else if (pi->l4_proto == GVE_IPPROTO_UDP) {
        l4bit = v4 ? GVE_RSS_UDPV4 : GVE_RSS_UDPV6;
    }
    if (ports && (types & l4bit)) {
        return 4;
    }
    return (types & ipbit) ? 2 : 0;
}

uint32_t gve_rss_hash(const uint8_t *frame, const GVEPktInfo *pi,
                      uint16_t types, const uint8_t *key, size_t key_len)
{
    uint8_t in[36];
    size_t n = 0;
    int tuple;

    if (pi->ip_version != 4 && pi->ip_version != 6) {
        return 0;
    }
    tuple = rss_tuple(pi, types);
    if (!tuple) {
        return 0;
    }
    if (pi->ip_version == 4) {
        memcpy(in, frame + pi->l3_off + 12, 8);
        n = 8;
    } else {
        memcpy(in, frame + pi->l3_off + 8, 32);
        n = 32;
    }
    if (tuple == 4) {
        memcpy(in + n, frame + pi->l4_off, 4);
        n += 4;
    }
    return gve_toeplitz(key, key_len, in, n);
}

/* --- Packet types: 1..5 IPv4, 6..10 IPv6 (other, TCP, UDP, ICMP, SCTP) */

static unsigned l4_index(uint8_t proto)
{
    switch (proto) {
    case GVE_IPPROTO_TCP:
        return 1;
    case GVE_IPPROTO_UDP:
        return 2;
    case GVE_IPPROTO_ICMP:
    case GVE_IPPROTO_ICMPV6:
        return 3;
    case GVE_IPPROTO_SCTP:
        return 4;
    default:
        return 0;
    }
}

unsigned gve_offload_ptype(const GVEPktInfo *pi)
{
    if (pi->ip_version == 4) {
        return 1 + (pi->frag ? 0 : l4_index(pi->l4_proto));
    }
    if (pi->ip_version == 6) {
        return 6 + (pi->frag ? 0 : l4_index(pi->l4_proto));
    }
    return 11;
}

void gve_offload_ptype_map(uint8_t *map, unsigned entries)
{
    memset(map, 0, 2 * entries);
    for (unsigned k = 1; k <= 10 && k < entries; k++) {
        map[2 * k] = k <= 5 ? 2 : 3;            /* l3: IPv4 / IPv6 */
        map[2 * k + 1] = 1 + (k - 1) % 5;       /* l4: other..SCTP */
    }
    if (entries > 11) {
        map[22] = 1;                            /* l3 other */
    }
}
