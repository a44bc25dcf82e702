/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Packet work a NIC does in hardware, for the GVE model: header parsing,
 * Internet checksums over scattered buffers, TCP segmentation fix-ups,
 * Toeplitz RSS hashing and the DQO packet-type map.  Pure functions on
 * host buffers (hw/net/gve-offload.c); nothing here touches guest memory.
 */
#ifndef HW_NET_GVE_OFFLOAD_H
#define HW_NET_GVE_OFFLOAD_H

#define GVE_IPPROTO_ICMP    1
#define GVE_IPPROTO_TCP     6
#define GVE_IPPROTO_UDP     17
#define GVE_IPPROTO_ICMPV6  58
#define GVE_IPPROTO_SCTP    132

/* RSS hash types (CONFIGURE_RSS hash_types bits). */
#define GVE_RSS_IPV4        (1u << 0)
#define GVE_RSS_TCPV4       (1u << 1)
#define GVE_RSS_IPV6        (1u << 2)
#define GVE_RSS_IPV6_EX     (1u << 3)
#define GVE_RSS_TCPV6       (1u << 4)
#define GVE_RSS_TCPV6_EX    (1u << 5)
#define GVE_RSS_UDPV4       (1u << 6)
#define GVE_RSS_UDPV6       (1u << 7)
#define GVE_RSS_UDPV6_EX    (1u << 8)

/* What the parser found in the first bytes of an Ethernet frame. */
typedef struct GVEPktInfo {
    uint16_t l3_off;            /* after Ethernet and VLAN tags */
    uint16_t l4_off;            /* after IP and IPv6 extension headers */
    uint16_t l4_hdr_len;        /* TCP: data offset; UDP: 8; else 0 */
    uint8_t ip_version;         /* 0 (not IP), 4 or 6 */
    uint8_t l4_proto;           /* IP protocol, 0 if not IP */
    bool frag;                  /* an IP fragment: no L4 header to use */
} GVEPktInfo;

/*
 * Parse @len bytes at @p (the frame's start).  Returns false if the frame
 * is not even Ethernet; non-IP frames give ip_version 0.  L4 fields are
 * set only when the whole L4 header lies within @len.
 */
bool gve_offload_parse(const uint8_t *p, size_t len, GVEPktInfo *pi);

/* Running ones'-complement sum over pieces of any length and alignment. */
typedef struct GVECsum {
    uint64_t sum;
    bool odd;                   /* an odd number of bytes so far */
} GVECsum;

void gve_csum_add(GVECsum *c, const uint8_t *p, size_t len);
/* Add the IPv4/IPv6 pseudo-header of the frame at @frame for @l4_len. */
void gve_csum_pseudo(GVECsum *c, const uint8_t *frame, const GVEPktInfo *pi,
                     uint32_t l4_len);
/* Folded and complemented: the value to store (network order, host int). */
uint16_t gve_csum_finish(const GVECsum *c);

/* The IPv4 header checksum of the header at @ip (in place). */
void gve_ipv4_fix_csum(uint8_t *ip);

/* Toeplitz hash of @len input bytes under @key (key needs len + 4 bytes). */
uint32_t gve_toeplitz(const uint8_t *key, size_t key_len, const uint8_t *in,
                      size_t len);
/*
 * RSS hash of the frame for the enabled @types (0: all); 0 when no type
 * applies.  @key_len must be at least 40 for IPv6 4-tuples.
 */
uint32_t gve_rss_hash(const uint8_t *frame, const GVEPktInfo *pi,
                      uint16_t types, const uint8_t *key, size_t key_len);

/* DQO packet type of a parsed frame, and the map GET_PTYPE_MAP returns. */
unsigned gve_offload_ptype(const GVEPktInfo *pi);
void gve_offload_ptype_map(uint8_t *map, unsigned entries);

#endif
