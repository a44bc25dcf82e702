/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Net core: clients, peers, frame delivery with flow control, NICs and
 * the per-machine client registry (see include/net/net.h and netdev.h).
 */
#include "qemu/osdep.h"
#include "net/net.h"
#include "net/netdev.h"
#include "net/queue.h"
#include "net/filter.h"
#include "trace-net.h"

struct NetClientSet {
    MainLoop *ml;
    GPtrArray *clients;         /* NetClientState *, creation order */
    unsigned nic_index;
    bool freeing;
};

size_t net_iov_size(const struct iovec *iov, int iovcnt)
{
    size_t n = 0;

    for (int i = 0; i < iovcnt; i++) {
        n += iov[i].iov_len;
    }
    return n;
}

size_t net_iov_to_buf(const struct iovec *iov, int iovcnt, size_t offset,
                      uint8_t *buf, size_t size)
{
    size_t done = 0;

    for (int i = 0; i < iovcnt && done < size; i++) {
        size_t len = iov[i].iov_len;

        if (offset >= len) {
            offset -= len;
            continue;
        }
        len = MIN(len - offset, size - done);
        memcpy(buf + done, (uint8_t *)iov[i].iov_base + offset, len);
        done += len;
        offset = 0;
    }
    return done;
}

/* ---- Registry ---- */

NetClientSet *net_client_set_new(MainLoop *ml)
{
    NetClientSet *set = g_new0(NetClientSet, 1);

    set->ml = ml;
    set->clients = g_ptr_array_new();
    return set;
}

void net_client_set_free(NetClientSet *set)
{
    if (!set) {
        return;
    }
    set->freeing = true;
    /* NICs belong to their devices: just forget them. */
    for (guint i = 0; i < set->clients->len; i++) {
        NetClientState *nc = g_ptr_array_index(set->clients, i);

        if (nc->info->type == NET_CLIENT_DRIVER_NIC) {
            if (nc->peer) {
                nc->peer->peer = NULL;
                nc->peer = NULL;
            }
            nc->set = NULL;
        }
    }
    while (set->clients->len) {
        NetClientState *nc = g_ptr_array_index(set->clients,
                                               set->clients->len - 1);

        if (nc->info->type == NET_CLIENT_DRIVER_NIC) {
            g_ptr_array_remove_index(set->clients, set->clients->len - 1);
        } else {
            qemu_del_net_client(nc);
        }
    }
    net_hubs_free(set);
    g_ptr_array_free(set->clients, true);
    g_free(set);
}

MainLoop *net_client_set_get_loop(NetClientSet *set)
{
    return set ? set->ml : NULL;
}

unsigned net_client_set_next_nic_index(NetClientSet *set)
{
    return set ? set->nic_index++ : 0;
}

NetClientState *qemu_find_netdev(NetClientSet *set, const char *id)
{
    if (!set || !id) {
        return NULL;
    }
    for (guint i = 0; i < set->clients->len; i++) {
        NetClientState *nc = g_ptr_array_index(set->clients, i);

        if (nc->info->type != NET_CLIENT_DRIVER_NIC &&
            nc->name && !strcmp(nc->name, id)) {
            return nc;
        }
    }
    return NULL;
}

void net_client_set_foreach(NetClientSet *set,
                            void (*fn)(NetClientState *nc, void *opaque),
                            void *opaque)
{
    g_autoptr(GPtrArray) copy = NULL;

    if (!set) {
        return;
    }
    copy = g_ptr_array_copy(set->clients, NULL, NULL);
    for (guint i = 0; i < copy->len; i++) {
        fn(g_ptr_array_index(copy, i), opaque);
    }
}

/* ---- Clients ---- */

static ssize_t net_deliver(NetClientState *sender, const struct iovec *iov,
                           int iovcnt, void *opaque);

void net_client_set_peer(NetClientState *a, NetClientState *b)
{
    g_assert(!a->peer && !b->peer);
    a->peer = b;
    b->peer = a;
}

/* "MODEL.N", N counting the clients of that model so far (as QEMU). */
static char *net_client_assign_name(NetClientSet *set, const char *model)
{
    unsigned n = 0;

    for (guint i = 0; set && i < set->clients->len; i++) {
        NetClientState *nc = g_ptr_array_index(set->clients, i);

        if (!strcmp(nc->model, model)) {
            n++;
        }
    }
    return g_strdup_printf("%s.%u", model, n);
}

NetClientState *qemu_new_net_client(NetClientSet *set,
                                    const NetClientInfo *info,
                                    NetClientState *peer, const char *model,
                                    const char *name)
{
    NetClientState *nc;

    g_assert(info->size >= sizeof(NetClientState));
    g_assert(info->receive || info->receive_iov);
    nc = g_malloc0(info->size);
    nc->info = info;
    nc->set = set;
    nc->model = g_strdup(model);
    nc->name = name ? g_strdup(name) : net_client_assign_name(set, model);
    nc->incoming_queue = net_queue_new(net_deliver, nc);
    nc->filters = g_ptr_array_new();
    if (peer) {
        net_client_set_peer(nc, peer);
    }
    if (set) {
        g_ptr_array_add(set->clients, nc);
    }
    return nc;
}

static void net_client_unpeer(NetClientState *nc)
{
    NetClientState *peer = nc->peer;

    if (!peer) {
        return;
    }
    peer->peer = NULL;
    nc->peer = NULL;
    /* Frames from us waiting in the peer's queue go now (unpeered first,
     * so a sent callback that sends again finds no peer). */
    net_queue_purge(peer->incoming_queue, nc);
}

void qemu_del_net_client(NetClientState *nc)
{
    if (!nc) {
        return;
    }
    while (nc->filters->len) {
        net_filter_detach(g_ptr_array_index(nc->filters, 0));
    }
    net_client_unpeer(nc);
    if (nc->info->cleanup) {
        nc->info->cleanup(nc);
    }
    if (nc->set) {
        g_ptr_array_remove(nc->set->clients, nc);
    }
    net_queue_free(nc->incoming_queue);
    g_ptr_array_free(nc->filters, true);
    g_free(nc->model);
    g_free(nc->name);
    g_free(nc);
}

/* ---- Delivery ---- */

static bool net_client_can_receive(NetClientState *nc)
{
    if (nc->receive_disabled) {
        return false;
    }
    return !nc->info->can_receive || nc->info->can_receive(nc);
}

static ssize_t net_call_receive(NetClientState *nc, const struct iovec *iov,
                                int iovcnt)
{
    g_autofree uint8_t *buf = NULL;
    size_t size;

    if (nc->info->receive_iov) {
        return nc->info->receive_iov(nc, iov, iovcnt);
    }
    if (iovcnt == 1) {
        return nc->info->receive(nc, iov[0].iov_base, iov[0].iov_len);
    }
    size = net_iov_size(iov, iovcnt);
    buf = g_malloc(size);
    net_iov_to_buf(iov, iovcnt, 0, buf, size);
    return nc->info->receive(nc, buf, size);
}

/* Hand a frame to @opaque (the receiver); the queue's deliver function. */
static ssize_t net_deliver(NetClientState *sender, const struct iovec *iov,
                           int iovcnt, void *opaque)
{
    NetClientState *nc = opaque;
    size_t size = net_iov_size(iov, iovcnt);
    ssize_t ret;

    if (nc->link_down) {
        nc->stats.dropped++;
        return size;
    }
    if (!net_client_can_receive(nc)) {
        return 0;
    }
    ret = net_call_receive(nc, iov, iovcnt);
    trace_net_deliver(sender->name, nc->name, size, ret);
    if (ret == 0) {
        nc->receive_disabled = true;
    } else if (ret < 0) {
        nc->stats.dropped++;
    } else {
        nc->stats.rx_packets++;
        nc->stats.rx_bytes += size;
    }
    return ret;
}

bool qemu_can_send_packet(NetClientState *nc)
{
    if (!nc->peer) {
        return true;
    }
    return net_client_can_receive(nc->peer);
}

ssize_t qemu_sendv_packet_async(NetClientState *nc, const struct iovec *iov,
                                int iovcnt, NetPacketSent *sent_cb)
{
    size_t size = net_iov_size(iov, iovcnt);
    NetClientState *peer = nc->peer;
    ssize_t ret;

    if (nc->link_down || !peer || size == 0) {
        return size;            /* dropped; an empty frame is no frame */
    }
    nc->stats.tx_packets++;
    nc->stats.tx_bytes += size;
    if (net_filters_run(nc, nc, NET_FILTER_DIRECTION_TX, iov, iovcnt) ||
        net_filters_run(peer, nc, NET_FILTER_DIRECTION_RX, iov, iovcnt)) {
        return size;
    }
    if (!net_queue_empty(peer->incoming_queue) && !peer->link_down) {
        /* Keep order behind what is already waiting. */
        ret = 0;
    } else {
        ret = net_deliver(nc, iov, iovcnt, peer);
    }
    if (ret == 0) {
        if (net_queue_append_iov(peer->incoming_queue, nc, iov, iovcnt,
                                 sent_cb)) {
            peer->stats.queued++;
            trace_net_queued(nc->name, peer->name, size,
                             net_queue_len(peer->incoming_queue));
        } else {
            peer->stats.dropped++;
            trace_net_queue_full(nc->name, peer->name, size);
        }
        return 0;
    }
    return ret < 0 ? (ssize_t)size : ret;
}

ssize_t qemu_sendv_packet(NetClientState *nc, const struct iovec *iov,
                          int iovcnt)
{
    return qemu_sendv_packet_async(nc, iov, iovcnt, NULL);
}

ssize_t qemu_send_packet(NetClientState *nc, const uint8_t *buf, size_t len)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };

    return qemu_sendv_packet_async(nc, &iov, 1, NULL);
}

void qemu_flush_queued_packets(NetClientState *nc)
{
    nc->receive_disabled = false;
    trace_net_flush(nc->name, net_queue_len(nc->incoming_queue));
    net_queue_flush(nc->incoming_queue);
    /* Frames waiting at the hub (all its outputs were busy) may go now. */
    if (nc->peer && net_hub_id_of_port(nc->peer) >= 0) {
        net_hub_flush(nc->peer);
    }
}

void qemu_purge_queued_packets(NetClientState *nc)
{
    net_queue_purge(nc->incoming_queue, NULL);
}

static void net_set_one_link(NetClientState *nc, bool up)
{
    if (nc->link_down == !up) {
        return;
    }
    nc->link_down = !up;
    trace_net_link(nc->name, up);
    if (nc->info->link_status_changed) {
        nc->info->link_status_changed(nc);
    }
}

void qemu_set_link_status(NetClientState *nc, bool up)
{
    net_set_one_link(nc, up);
    /* As QEMU: a NIC and its backend go up and down together. */
    if (nc->peer && (nc->info->type == NET_CLIENT_DRIVER_NIC ||
                     nc->peer->info->type == NET_CLIENT_DRIVER_NIC)) {
        net_set_one_link(nc->peer, up);
    }
    if (up && nc->peer) {
        qemu_flush_queued_packets(nc->peer);
    }
}

/* ---- NICs ---- */

bool net_parse_macaddr(MACAddr *mac, const char *str)
{
    for (int i = 0; i < 6; i++) {
        char *end;
        unsigned long v;

        if (!g_ascii_isxdigit(str[0])) {
            return false;
        }
        v = strtoul(str, &end, 16);
        if (v > 0xff || end - str > 2) {
            return false;
        }
        mac->a[i] = v;
        if (i < 5) {
            if (*end != ':' && *end != '-') {
                return false;
            }
            end++;
        } else if (*end) {
            return false;
        }
        str = end;
    }
    return true;
}

void qemu_format_nic_info_str(NetClientState *nc, const MACAddr *mac)
{
    snprintf(nc->info_str, sizeof(nc->info_str),
             "model=%s,macaddr=%02x:%02x:%02x:%02x:%02x:%02x",
             nc->model, mac->a[0], mac->a[1], mac->a[2], mac->a[3],
             mac->a[4], mac->a[5]);
}

NICState *qemu_new_nic(const NetClientInfo *info, NICConf *conf,
                       const char *model, const char *id, void *opaque)
{
    NetClientState *nc;
    NICState *nic;

    g_assert(info->type == NET_CLIENT_DRIVER_NIC);
    g_assert(info->size >= sizeof(NICState));
    if (conf->peer && conf->peer->peer) {
        /* qemu_nic_conf_realize() refuses this; be safe for hand setups. */
        conf->peer = NULL;
    }
    nc = qemu_new_net_client(conf->set, info, conf->peer, model, id);
    nic = qemu_get_nic(nc);
    nic->conf = conf;
    nic->opaque = opaque;
    qemu_format_nic_info_str(nc, &conf->macaddr);
    return nic;
}

void qemu_del_nic(NICState *nic)
{
    if (nic) {
        qemu_del_net_client(&nic->nc);
    }
}

NetClientState *qemu_get_queue(NICState *nic)
{
    return &nic->nc;
}

NICState *qemu_get_nic(NetClientState *nc)
{
    g_assert(nc->info->type == NET_CLIENT_DRIVER_NIC);
    return container_of(nc, NICState, nc);
}

void *qemu_get_nic_opaque(NetClientState *nc)
{
    return qemu_get_nic(nc)->opaque;
}

/* ---- Filters ---- */

bool net_filter_parse_direction(const char *str, NetFilterDirection *dir,
                                Error **errp)
{
    if (!str || !strcmp(str, "all")) {
        *dir = NET_FILTER_DIRECTION_ALL;
    } else if (!strcmp(str, "rx")) {
        *dir = NET_FILTER_DIRECTION_RX;
    } else if (!strcmp(str, "tx")) {
        *dir = NET_FILTER_DIRECTION_TX;
    } else {
        error_setg(errp, "Parameter 'queue' does not accept value '%s'", str);
        return false;
    }
    return true;
}

NetFilterState *net_filter_attach(NetClientState *nc, const NetFilterOps *ops,
                                  NetFilterDirection dir, void *opaque)
{
    NetFilterState *nf = g_new0(NetFilterState, 1);

    nf->ops = ops;
    nf->nc = nc;
    nf->direction = dir;
    nf->opaque = opaque;
    g_ptr_array_add(nc->filters, nf);
    return nf;
}

void net_filter_detach(NetFilterState *nf)
{
    if (!nf) {
        return;
    }
    g_ptr_array_remove(nf->nc->filters, nf);
    if (nf->ops->cleanup) {
        nf->ops->cleanup(nf);
    }
    g_free(nf);
}

ssize_t net_filters_run(NetClientState *nc, NetClientState *sender,
                        NetFilterDirection dir,
                        const struct iovec *iov, int iovcnt)
{
    for (guint i = 0; i < nc->filters->len; i++) {
        NetFilterState *nf = g_ptr_array_index(nc->filters, i);
        ssize_t ret;

        if (nf->direction != NET_FILTER_DIRECTION_ALL &&
            nf->direction != dir) {
            continue;
        }
        ret = nf->ops->receive_iov(nf, sender, dir, iov, iovcnt);
        if (ret) {
            return ret;
        }
    }
    return 0;
}
