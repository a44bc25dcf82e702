/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Net filters: hooks on a backend that see (and may consume) every frame
 * crossing it, like QEMU's -object filter-*.  A filter is attached to one
 * net client; "rx" frames are those the client receives (from the guest's
 * NIC, for a backend), "tx" those it sends (towards the guest).  Filters
 * run in attach order, before the frame reaches the receiver's queue.
 *
 * filter-dump (net/dump.c) writes frames to a pcap file.
 */
#ifndef NET_FILTER_H
#define NET_FILTER_H

#include "net/net.h"

typedef enum NetFilterDirection {
    NET_FILTER_DIRECTION_ALL,
    NET_FILTER_DIRECTION_RX,
    NET_FILTER_DIRECTION_TX,
} NetFilterDirection;

typedef struct NetFilterOps {
    /*
     * Return 0 to pass the frame on, or its size to consume it (the send
     * then reports it as sent).
     */
    ssize_t (*receive_iov)(NetFilterState *nf, NetClientState *sender,
                           NetFilterDirection dir,
                           const struct iovec *iov, int iovcnt);
    void (*cleanup)(NetFilterState *nf);
} NetFilterOps;

struct NetFilterState {
    const NetFilterOps *ops;
    NetClientState *nc;
    NetFilterDirection direction;
    void *opaque;
};

/* Parse "all" | "rx" | "tx"; error "Parameter 'queue' ..." otherwise. */
bool net_filter_parse_direction(const char *str, NetFilterDirection *dir,
                                Error **errp);
/* Attach to @nc; the filter is freed by net_filter_detach(). */
NetFilterState *net_filter_attach(NetClientState *nc, const NetFilterOps *ops,
                                  NetFilterDirection dir, void *opaque);
/* Detach, run cleanup, free.  NULL is ignored. */
void net_filter_detach(NetFilterState *nf);

/*
 * Run @nc's filters matching @dir.  Returns 0 to go on, or the frame
 * size if a filter consumed it.
 */
ssize_t net_filters_run(NetClientState *nc, NetClientState *sender,
                        NetFilterDirection dir,
                        const struct iovec *iov, int iovcnt);

/* ---- pcap dump (net/dump.c) ---- */

typedef struct NetDump NetDump;

/*
 * Open @path (truncate) and write a pcap header (link type Ethernet,
 * snaplen @maxlen).  Error: "net dump: can't open PATH: <strerror>".
 */
NetDump *net_dump_open(const char *path, uint32_t maxlen, Error **errp);
/* One record with timestamp @ts_us (microseconds). */
void net_dump_write(NetDump *d, int64_t ts_us, const struct iovec *iov,
                    int iovcnt);
void net_dump_close(NetDump *d);

#endif
