/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -netdev hubport: a hub forwards every frame that enters one port to
 * the peers of all its other ports (QEMU's VLAN-style hubs).  Hubs are
 * numbered (hubid=N) and exist while they have ports; a port may be
 * peered with a NIC (-device ...,netdev=PORT) or with another backend
 * (hubport,...,netdev=ND).
 */
#include "qemu/osdep.h"
#include "net/netdev.h"
#include "net/queue.h"
#include "qemu/cutils.h"
#include "trace-net.h"

typedef struct NetHub NetHub;

typedef struct NetHubPort {
    NetClientState nc;
    NetHub *hub;
} NetHubPort;

struct NetHub {
    int id;
    GPtrArray *ports;           /* NetHubPort * */
    bool forwarding;            /* guards against a hub wired to itself */
    bool checking;              /* the same, for can_receive */
    bool flushing;              /* and for net_hub_flush */
};

static ssize_t hub_port_receive_iov(NetClientState *nc,
                                    const struct iovec *iov, int iovcnt)
{
    NetHubPort *src = container_of(nc, NetHubPort, nc);
    NetHub *hub = src->hub;
    size_t size = net_iov_size(iov, iovcnt);

    if (hub->forwarding) {
        /* A loop (a port peered with a port of the same hub): drop. */
        nc->stats.dropped++;
        return size;
    }
    trace_net_hub_forward(hub->id, nc->name, size);
    hub->forwarding = true;
    for (guint i = 0; i < hub->ports->len; i++) {
        NetHubPort *port = g_ptr_array_index(hub->ports, i);

        if (port != src) {
            qemu_sendv_packet(&port->nc, iov, iovcnt);
        }
    }
    hub->forwarding = false;
    return size;
}

/* The hub takes a frame if some other port's peer can. */
static bool hub_port_can_receive(NetClientState *nc)
{
    NetHubPort *src = container_of(nc, NetHubPort, nc);
    NetHub *hub = src->hub;
    bool ok = false;

    if (hub->checking) {
        return false;           /* a loop back into this hub */
    }
    hub->checking = true;
    for (guint i = 0; i < hub->ports->len && !ok; i++) {
        NetHubPort *port = g_ptr_array_index(hub->ports, i);

        ok = port != src && qemu_can_send_packet(&port->nc);
    }
    hub->checking = false;
    return ok;
}

static void hub_port_cleanup(NetClientState *nc)
{
    NetHubPort *port = container_of(nc, NetHubPort, nc);
    NetHub *hub = port->hub;

    g_ptr_array_remove(hub->ports, port);
    if (!hub->ports->len) {
        g_ptr_array_free(hub->ports, true);
        g_free(hub);
    }
}

static const NetClientInfo hub_port_info = {
    .type = NET_CLIENT_DRIVER_HUBPORT,
    .size = sizeof(NetHubPort),
    .receive_iov = hub_port_receive_iov,
    .can_receive = hub_port_can_receive,
    .cleanup = hub_port_cleanup,
};

typedef struct HubFind {
    int id;
    NetHub *hub;
    GPtrArray *all;             /* for net_hubs_check: distinct hubs */
} HubFind;

static void hub_find_one(NetClientState *nc, void *opaque)
{
    HubFind *f = opaque;
    NetHub *hub;

    if (nc->info != &hub_port_info) {
        return;
    }
    hub = container_of(nc, NetHubPort, nc)->hub;
    if (hub->id == f->id) {
        f->hub = hub;
    }
    if (f->all && !g_ptr_array_find(f->all, hub, NULL)) {
        g_ptr_array_add(f->all, hub);
    }
}

NetClientState *net_hub_add_port(NetClientSet *set, int hub_id,
                                 const char *name, Error **errp)
{
    HubFind f = { .id = hub_id };
    NetClientState *nc;
    NetHubPort *port;
    g_autofree char *auto_name = NULL;

    net_client_set_foreach(set, hub_find_one, &f);
    if (!f.hub) {
        f.hub = g_new0(NetHub, 1);
        f.hub->id = hub_id;
        f.hub->ports = g_ptr_array_new();
    }
    if (!name) {
        auto_name = g_strdup_printf("hub%dport%u", hub_id, f.hub->ports->len);
        name = auto_name;
    }
    nc = qemu_new_net_client(set, &hub_port_info, NULL, "hubport", name);
    port = container_of(nc, NetHubPort, nc);
    port->hub = f.hub;
    g_ptr_array_add(f.hub->ports, port);
    snprintf(nc->info_str, sizeof(nc->info_str), "hub %d", hub_id);
    return nc;
}

int net_hub_id_of_port(NetClientState *nc)
{
    if (nc->info != &hub_port_info) {
        return -1;
    }
    return container_of(nc, NetHubPort, nc)->hub->id;
}

void net_hub_flush(NetClientState *nc)
{
    NetHub *hub = container_of(nc, NetHubPort, nc)->hub;

    if (hub->flushing) {
        return;
    }
    hub->flushing = true;
    for (guint i = 0; i < hub->ports->len; i++) {
        NetHubPort *port = g_ptr_array_index(hub->ports, i);

        port->nc.receive_disabled = false;
        net_queue_flush(port->nc.incoming_queue);
    }
    hub->flushing = false;
}

void net_hubs_free(NetClientSet *set)
{
    /* Hubs go with their last port (hub_port_cleanup). */
}

NetClientState *net_init_hubport(NetClientSet *set, const char *id,
                                 const QDict *args, Error **errp)
{
    g_autofree char *hubid_str = net_arg_str(args, "hubid");
    g_autofree char *peer_id = net_arg_str(args, "netdev");
    NetClientState *peer = NULL, *nc;
    int64_t hubid;

    if (!hubid_str) {
        error_setg(errp, "Parameter 'hubid' is missing");
        return NULL;
    }
    if (qemu_strtoi64(hubid_str, NULL, 0, &hubid) ||
        hubid < INT32_MIN || hubid > INT32_MAX) {
        error_setg(errp, "Parameter 'hubid' expects an int64 value");
        return NULL;
    }
    if (peer_id) {
        peer = qemu_find_netdev(set, peer_id);
        if (!peer) {
            error_setg(errp, "netdev '%s' not found", peer_id);
            return NULL;
        }
        if (peer->peer) {
            error_setg(errp, "Device '%s' is already in use", peer_id);
            return NULL;
        }
    }
    nc = net_hub_add_port(set, hubid, id, errp);
    if (nc && peer) {
        net_client_set_peer(nc, peer);
    }
    return nc;
}

void net_hubs_info(NetClientSet *set, GString *out)
{
    g_autoptr(GPtrArray) all = g_ptr_array_new();
    HubFind f = { .id = -1, .all = all };

    net_client_set_foreach(set, hub_find_one, &f);
    for (guint i = 0; i < all->len; i++) {
        NetHub *hub = g_ptr_array_index(all, i);

        g_string_append_printf(out, "hub %d\n", hub->id);
        /* Newest port first, as QEMU lists them. */
        for (guint j = hub->ports->len; j-- > 0;) {
            NetHubPort *port = g_ptr_array_index(hub->ports, j);

            g_string_append_printf(out, " \\ %s", port->nc.name);
            if (port->nc.peer) {
                g_string_append(out, ": ");
                net_print_client(port->nc.peer, out);
            } else {
                g_string_append_c(out, '\n');
            }
        }
    }
}

void net_hubs_check(NetClientSet *set, GString *out)
{
    g_autoptr(GPtrArray) all = g_ptr_array_new();
    HubFind f = { .id = -1, .all = all };

    net_client_set_foreach(set, hub_find_one, &f);
    for (guint i = 0; i < all->len; i++) {
        NetHub *hub = g_ptr_array_index(all, i);
        bool has_nic = false, has_host = false;

        for (guint j = 0; j < hub->ports->len; j++) {
            NetHubPort *port = g_ptr_array_index(hub->ports, j);
            NetClientState *peer = port->nc.peer;

            if (!peer) {
                g_string_append_printf(out, "hub port %s has no peer\n",
                                       port->nc.name);
            } else if (peer->info->type == NET_CLIENT_DRIVER_NIC) {
                has_nic = true;
            } else {
                has_host = true;
            }
        }
        if (has_host && !has_nic) {
            g_string_append_printf(out, "hub %d with no nics\n", hub->id);
        }
        if (has_nic && !has_host) {
            g_string_append_printf(out,
                                   "hub %d is not connected to host network\n",
                                   hub->id);
        }
    }
}
