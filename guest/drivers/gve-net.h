/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A very small IPv4 stack over the gve driver, enough for tests: a DHCP
 * client, ARP (answers requests for our address, resolves a neighbour),
 * ICMP echo (ping) and UDP datagrams.  One interface, no routing beyond
 * "everything goes to the gateway's MAC", no fragments, no options.
 */
#ifndef GUEST_GVE_NET_H
#define GUEST_GVE_NET_H
#include "gve.h"

typedef struct GveNet {
    Gve *gve;
    uint8_t ip[4];
    uint8_t gw[4];
    uint8_t gw_mac[6];
    bool gw_known;
    uint16_t ipid;
    uint8_t *tx;                    /* one frame being built */
    uint8_t *rx;                    /* the frame being looked at */
} GveNet;

int gve_net_init(GveNet *n, Gve *g);
/* DHCP DISCOVER/OFFER/REQUEST/ACK: sets n->ip and n->gw; 0 or -1. */
int gve_net_dhcp(GveNet *n, uint64_t timeout_ns);
/* ARP for the gateway's MAC; 0 or -1. */
int gve_net_arp_gateway(GveNet *n, uint64_t timeout_ns);
/* ICMP echo to @dst with @len payload bytes; 0 when the reply matches. */
int gve_net_ping(GveNet *n, const uint8_t *dst, uint16_t seq, unsigned len,
                 uint64_t timeout_ns);
int gve_net_udp_send(GveNet *n, const uint8_t *dst, uint16_t sport,
                     uint16_t dport, const void *data, unsigned len);
/* The payload of the next UDP datagram to @port (at most @size). */
int gve_net_udp_recv(GveNet *n, uint16_t port, void *data, unsigned size,
                     uint64_t timeout_ns);

#endif
