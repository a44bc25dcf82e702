/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * API for NIC models; stable.
 *
 * The network layer moves Ethernet frames between "net clients".  Each
 * client has at most one peer: a NIC (front end, a device model) is the
 * peer of a backend (-netdev user/socket/hubport) and vice versa.  Frames
 * sent by one client are delivered to its peer, through any filters
 * (-object filter-dump) attached to the backend.
 *
 * A NIC model does, in order:
 *
 *   struct MyNICState {
 *       PCIDevice parent_obj;
 *       NICConf conf;               properties "mac" and "netdev"
 *       NICState *nic;
 *   };
 *   static const Property my_props[] = {
 *       DEFINE_NIC_PROPERTIES(MyNICState, conf),
 *       ...
 *   };
 *   static const NetClientInfo my_info = {
 *       .type = NET_CLIENT_DRIVER_NIC,
 *       .size = sizeof(NICState),
 *       .can_receive = my_can_receive,
 *       .receive_iov = my_receive_iov,
 *       .link_status_changed = my_link_changed,
 *   };
 *
 *   realize:   if (!qemu_nic_conf_realize(&s->conf, OBJECT(s), errp)) {
 *                  return false;       ("can't find value", "in use", mac)
 *              }
 *              s->nic = qemu_new_nic(&my_info, &s->conf, "my-nic",
 *                                    DEVICE(s)->id, s);
 *   TX:        qemu_sendv_packet(qemu_get_queue(s->nic), iov, iovcnt);
 *   RX:        my_receive_iov(nc, iov, iovcnt) is called by the backend;
 *              my = qemu_get_nic_opaque(nc);
 *   RX ready:  when can_receive() turns true again (buffers posted), call
 *              qemu_flush_queued_packets(qemu_get_queue(s->nic));
 *   unrealize: qemu_del_nic(s->nic);
 *
 * Delivery rules (same as QEMU's):
 *   - A frame sent while the peer cannot receive (can_receive() false, or
 *     its receive returned 0 earlier) is copied into the peer's incoming
 *     queue and the send returns 0; qemu_flush_queued_packets(peer)
 *     delivers the queue in order.  Otherwise the frame is handed over
 *     without any copy (the iovec is passed through) and the send returns
 *     the frame length.  The sender's buffers may be reused once the send
 *     call returns, whatever it returned.
 *   - receive_iov() returns the number of bytes consumed (> 0), 0 for
 *     "cannot take it now" (the frame is queued and the client gets no
 *     more frames until qemu_flush_queued_packets() on it), or -1 to drop
 *     the frame.
 *   - A client whose link_down is set neither sends nor receives: frames
 *     are discarded (the send reports them as sent).  A sender with no
 *     peer also discards, and so does everyone with an empty frame (the
 *     send returns 0 then, and no callback runs).
 *   - All calls happen in the machine's main loop thread.
 */
#ifndef NET_NET_H
#define NET_NET_H

#include <sys/uio.h>

#include "qom/object.h"

typedef struct NetClientState NetClientState;
typedef struct NICState NICState;
typedef struct NetClientSet NetClientSet;
typedef struct NetQueue NetQueue;
typedef struct NetFilterState NetFilterState;

/* Largest frame the layer moves (64 KiB of payload plus headers). */
#define NET_BUFSIZE (4096 + 65536)

typedef enum NetClientDriver {
    NET_CLIENT_DRIVER_NONE,
    NET_CLIENT_DRIVER_NIC,
    NET_CLIENT_DRIVER_USER,
    NET_CLIENT_DRIVER_SOCKET,
    NET_CLIENT_DRIVER_HUBPORT,
    NET_CLIENT_DRIVER_TEST,     /* unit tests' own clients */
    NET_CLIENT_DRIVER__MAX
} NetClientDriver;

typedef ssize_t NetReceive(NetClientState *nc, const uint8_t *buf,
                           size_t size);
typedef ssize_t NetReceiveIOV(NetClientState *nc, const struct iovec *iov,
                              int iovcnt);
typedef bool NetCanReceive(NetClientState *nc);
typedef void NetCleanup(NetClientState *nc);
typedef void NetLinkStatusChanged(NetClientState *nc);
/* Called when a frame queued by qemu_sendv_packet_async() has gone. */
typedef void NetPacketSent(NetClientState *sender, ssize_t ret);

/*
 * What a client is.  @size is the size of the struct that embeds
 * NetClientState as its first member (sizeof(NICState) for NICs).
 * Either @receive_iov or @receive must be set (receive_iov preferred);
 * the others are optional.
 */
typedef struct NetClientInfo {
    NetClientDriver type;
    size_t size;
    NetReceive *receive;
    NetReceiveIOV *receive_iov;
    NetCanReceive *can_receive;
    NetCleanup *cleanup;
    NetLinkStatusChanged *link_status_changed;
} NetClientInfo;

typedef struct NetClientStats {
    uint64_t tx_packets, tx_bytes;      /* sent by this client */
    uint64_t rx_packets, rx_bytes;      /* delivered to this client */
    uint64_t dropped;                   /* discarded on the way to it */
    uint64_t queued;                    /* copied into its queue */
} NetClientStats;

struct NetClientState {
    const NetClientInfo *info;
    NetClientState *peer;
    NetClientSet *set;          /* owning registry, or NULL */
    char *model;                /* "gve", "user", "socket", "hubport" */
    char *name;                 /* the id (-netdev id=, -device id=) */
    char info_str[256];         /* for "info network" */
    bool link_down;
    bool receive_disabled;      /* receive returned 0: wait for a flush */
    NetQueue *incoming_queue;
    GPtrArray *filters;         /* NetFilterState *, in attach order */
    NetClientStats stats;
};

typedef struct MACAddr {
    uint8_t a[6];
} MACAddr;

/*
 * NIC configuration: the device's "mac" and "netdev" properties (strings,
 * resolved by qemu_nic_conf_realize()) and what they resolve to.
 */
typedef struct NICConf {
    char *mac_str;              /* property "mac": "52:54:00:12:34:56" */
    char *netdev_id;            /* property "netdev": backend id */
    MACAddr macaddr;            /* resolved (default: 52:54:00:12:34:5N) */
    NetClientState *peer;       /* resolved backend, or NULL */
    NetClientSet *set;          /* the machine's registry, or NULL */
} NICConf;

#define DEFINE_NIC_PROPERTIES(State, conf_field)                          \
    DEFINE_PROP_STRING("mac", State, conf_field.mac_str,                 \
                       "MAC address, e.g. 52:54:00:12:34:56"),           \
    DEFINE_PROP_STRING("netdev", State, conf_field.netdev_id,            \
                       "ID of a -netdev backend")

struct NICState {
    NetClientState nc;          /* must be first */
    NICConf *conf;
    void *opaque;
};

/*
 * Resolve a NIC's properties at realize time.  @dev is the device (its
 * QOM type name and machine are used).  Errors, as QEMU prints them:
 *   "Property 'TYPE.netdev' can't find value 'ID'"
 *   "Property 'TYPE.netdev' can't take value 'ID', it's in use"
 *   "Property 'TYPE.mac' doesn't take value 'STR'"
 * Without "mac" a unique locally administered 52:54:00:12:34:xx address
 * is chosen per machine.  A device outside any machine (unit tests) may
 * set conf->set/conf->peer by hand and skip this.
 */
bool qemu_nic_conf_realize(NICConf *conf, Object *dev, Error **errp);

/*
 * Create the NIC's client.  @model is the device type name, @id its id
 * (may be NULL).  Peers the NIC with conf->peer when set, registers it in
 * conf->set, and fills info_str.  Never fails.
 */
NICState *qemu_new_nic(const NetClientInfo *info, NICConf *conf,
                       const char *model, const char *id, void *opaque);
/* Unpeer and free the NIC (the backend stays, peerless); NULL ignored. */
void qemu_del_nic(NICState *nic);

NetClientState *qemu_get_queue(NICState *nic);
NICState *qemu_get_nic(NetClientState *nc);
void *qemu_get_nic_opaque(NetClientState *nc);
/* "model=gve,macaddr=52:54:00:12:34:56" into nc->info_str. */
void qemu_format_nic_info_str(NetClientState *nc, const MACAddr *mac);

/* Send one frame to nc's peer; see the delivery rules above. */
ssize_t qemu_sendv_packet(NetClientState *nc, const struct iovec *iov,
                          int iovcnt);
ssize_t qemu_send_packet(NetClientState *nc, const uint8_t *buf, size_t len);
/*
 * As qemu_sendv_packet(), but when the frame has to be queued (return 0)
 * @sent_cb runs once it has been delivered or dropped; a well-behaved
 * sender stops sending until then.
 */
ssize_t qemu_sendv_packet_async(NetClientState *nc, const struct iovec *iov,
                                int iovcnt, NetPacketSent *sent_cb);
/* The peer would take a frame now (no peer: true, frames are dropped). */
bool qemu_can_send_packet(NetClientState *nc);
/*
 * Re-enable receive on @nc and deliver what is queued for it, in order,
 * while it accepts.  Call when a NIC's can_receive() turns true.
 */
void qemu_flush_queued_packets(NetClientState *nc);
/* Drop what is queued for @nc (device reset); sent callbacks still run. */
void qemu_purge_queued_packets(NetClientState *nc);

/*
 * Set the link of @nc (and, as QEMU's set_link does, of its peer when
 * that is a NIC's backend pair) up or down; link_status_changed runs on
 * each client whose state changed.
 */
void qemu_set_link_status(NetClientState *nc, bool up);

/* Parse "52:54:00:12:34:56" (also '-' separators); false if malformed. */
bool net_parse_macaddr(MACAddr *mac, const char *str);

#endif
