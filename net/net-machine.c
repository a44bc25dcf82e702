/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The net layer inside a machine: the machine's NetClientSet (held by a
 * "/machine/netdevs" object, so it goes with the machine),
 * NIC property resolution, -netdev from QemuOpts, the startup peer check
 * and the filter-dump object type.
 */
#include "qemu/osdep.h"
#include "net/net-machine.h"
#include "net/netdev.h"
#include "net/filter.h"
#include "hw/core/machine.h"
#include "qemu/main-loop.h"
#include "qemu/option.h"
#include "qobject/qlist.h"

/* ---- The per-machine registry ---- */

typedef struct NetClientSetObject {
    Object parent_obj;
    NetClientSet *set;
} NetClientSetObject;

static void net_client_set_object_finalize(Object *obj)
{
    NetClientSetObject *o = (NetClientSetObject *)obj;

    net_client_set_free(o->set);
}

const TypeInfo net_client_set_type_info = {
    .name = TYPE_NET_CLIENT_SET,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(NetClientSetObject),
    .desc = "the machine's network clients",
    .instance_finalize = net_client_set_object_finalize,
};

NetClientSet *net_client_set_of_machine(MachineState *ms)
{
    /*
     * A child of the machine object, so it goes before machine_finalize()
     * frees the main loop and clocks the backends use (and after the
     * devices, whose NICs are deleted when they unrealize).
     */
    Object *obj = object_resolve_child(OBJECT(ms), "netdevs");
    NetClientSetObject *o;

    if (!obj) {
        obj = object_new(TYPE_NET_CLIENT_SET);
        o = OBJECT_CHECK(NetClientSetObject, obj, TYPE_NET_CLIENT_SET);
        o->set = net_client_set_new(ms->main_loop);
        object_property_add_child(OBJECT(ms), "netdevs", obj);
        object_unref(obj);
        return o->set;
    }
    return OBJECT_CHECK(NetClientSetObject, obj, TYPE_NET_CLIENT_SET)->set;
}

/* ---- NICs ---- */

bool qemu_nic_conf_realize(NICConf *conf, Object *dev, Error **errp)
{
    const char *type = object_get_typename(dev);
    MachineState *ms = machine_of(dev);
    unsigned idx;

    conf->set = net_client_set_of_machine(ms);
    if (conf->mac_str) {
        if (!net_parse_macaddr(&conf->macaddr, conf->mac_str)) {
            error_setg(errp, "Property '%s.mac' doesn't take value '%s'",
                       type, conf->mac_str);
            return false;
        }
    } else {
        idx = net_client_set_next_nic_index(conf->set);
        conf->macaddr = (MACAddr) { { 0x52, 0x54, 0x00, 0x12, 0x34,
                                      0x56 + idx } };
    }
    conf->peer = NULL;
    if (!conf->netdev_id) {
        return true;
    }
    conf->peer = qemu_find_netdev(conf->set, conf->netdev_id);
    if (!conf->peer) {
        error_setg(errp, "Property '%s.netdev' can't find value '%s'",
                   type, conf->netdev_id);
        return false;
    }
    if (conf->peer->peer) {
        error_setg(errp, "Property '%s.netdev' can't take value '%s', "
                   "it's in use", type, conf->netdev_id);
        conf->peer = NULL;
        return false;
    }
    return true;
}

/* ---- -netdev ---- */

static int netdev_opt_to_qdict(void *opaque, const char *name,
                               const char *value, Error **errp)
{
    QDict *args = opaque;
    QObject *old;

    if (strcmp(name, "hostfwd") && strcmp(name, "guestfwd")) {
        qdict_put_str(args, name, value);
        return 0;
    }
    /* Repeatable keys become lists. */
    old = qdict_get(args, name);
    if (!old) {
        qdict_put_obj(args, name, QOBJECT(qlist_new()));
        old = qdict_get(args, name);
    }
    qlist_append_str(qobject_to_qlist(old), value);
    return 0;
}

NetClientState *net_netdev_add_opts(MachineState *ms, QemuOpts *opts,
                                    Error **errp)
{
    g_autoptr(QDict) args = qdict_new();

    if (qemu_opts_id(opts)) {
        qdict_put_str(args, "id", qemu_opts_id(opts));
    }
    if (qemu_opt_foreach(opts, netdev_opt_to_qdict, args, errp)) {
        return NULL;
    }
    return net_netdev_add(net_client_set_of_machine(ms), args, errp);
}

typedef struct NicArgs {
    QDict *args;
    char *model, *mac;
} NicArgs;

static int nic_opt_split(void *opaque, const char *name, const char *value,
                         Error **errp)
{
    NicArgs *n = opaque;

    if (!strcmp(name, "model")) {
        g_free(n->model);
        n->model = g_strdup(value);
    } else if (!strcmp(name, "mac")) {
        g_free(n->mac);
        n->mac = g_strdup(value);
    } else {
        return netdev_opt_to_qdict(n->args, name, value, errp);
    }
    return 0;
}

char *net_nic_create_netdev(MachineState *ms, QemuOpts *opts, char **model,
                            char **mac, Error **errp)
{
    NetClientSet *set = net_client_set_of_machine(ms);
    g_autoptr(QDict) args = qdict_new();
    NicArgs n = { .args = args };
    char *id;

    *model = *mac = NULL;
    if (qemu_opt_foreach(opts, nic_opt_split, &n, errp)) {
        goto fail;
    }
    if (qemu_opts_id(opts)) {
        id = g_strdup(qemu_opts_id(opts));
    } else {
        id = NULL;
        for (unsigned i = 0; !id || qemu_find_netdev(set, id); i++) {
            g_free(id);
            id = g_strdup_printf("#net%u", i);
        }
    }
    if (!net_netdev_add_internal(set, id, args, errp)) {
        g_free(id);
        goto fail;
    }
    *model = n.model;
    *mac = n.mac;
    return id;
fail:
    g_free(n.model);
    g_free(n.mac);
    return NULL;
}

void net_machine_check_clients(MachineState *ms)
{
    g_autoptr(GString) out = g_string_new("");
    g_auto(GStrv) lines = NULL;

    if (!object_resolve_child(OBJECT(ms), "netdevs")) {
        return;                 /* no netdev, no NIC: nothing to say */
    }
    net_check_clients(net_client_set_of_machine(ms), out);
    lines = g_strsplit(out->str, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        if (*lines[i]) {
            warn_report("%s", lines[i]);
        }
    }
}

/* ---- filter-dump ---- */

typedef struct FilterDump {
    Object parent_obj;
    char *netdev;
    char *file;
    char *queue;
    uint32_t maxlen;
    NetFilterDirection dir;
    NetFilterState *nf;
    NetDump *dump;
    QEMUClocks *clocks;
} FilterDump;

#define FILTER_DUMP(obj) OBJECT_CHECK(FilterDump, (obj), TYPE_FILTER_DUMP)

static ssize_t filter_dump_receive_iov(NetFilterState *nf,
                                       NetClientState *sender,
                                       NetFilterDirection dir,
                                       const struct iovec *iov, int iovcnt)
{
    FilterDump *f = nf->opaque;
    int64_t ts = f->clocks ? qemu_clock_get_us(f->clocks, QEMU_CLOCK_HOST)
                           : g_get_real_time();

    net_dump_write(f->dump, ts, iov, iovcnt);
    return 0;
}

static void filter_dump_detached(NetFilterState *nf)
{
    FilterDump *f = nf->opaque;

    f->nf = NULL;
}

static const NetFilterOps filter_dump_ops = {
    .receive_iov = filter_dump_receive_iov,
    .cleanup = filter_dump_detached,
};

static bool filter_dump_complete(Object *obj, Error **errp)
{
    FilterDump *f = FILTER_DUMP(obj);

    if (!f->netdev) {
        error_setg(errp, "Parameter 'netdev' is missing");
        return false;
    }
    if (!f->file) {
        error_setg(errp, "Parameter 'file' is missing");
        return false;
    }
    if (f->maxlen == 0) {
        error_setg(errp, "Parameter 'maxlen' expects a positive value");
        return false;
    }
    return net_filter_parse_direction(f->queue, &f->dir, errp);
}

bool net_filter_dump_attach(Object *obj, MachineState *ms, Error **errp)
{
    FilterDump *f = FILTER_DUMP(obj);
    NetClientState *nc;

    if (f->nf) {
        return true;
    }
    nc = qemu_find_netdev(net_client_set_of_machine(ms), f->netdev);
    if (!nc) {
        error_setg(errp, "Parameter 'netdev' expects a network backend id");
        return false;
    }
    f->dump = net_dump_open(f->file, f->maxlen, errp);
    if (!f->dump) {
        return false;
    }
    f->clocks = ms->clocks;
    f->nf = net_filter_attach(nc, &filter_dump_ops, f->dir, f);
    return true;
}

static void filter_dump_finalize(Object *obj)
{
    FilterDump *f = FILTER_DUMP(obj);

    /* The string properties are freed by QOM. */
    net_filter_detach(f->nf);
    net_dump_close(f->dump);
}

static void filter_dump_class_init(ObjectClass *oc, const void *data)
{
    oc->user_creatable = true;
    oc->complete = filter_dump_complete;
}

static const Property filter_dump_props[] = {
    DEFINE_PROP_STRING("netdev", FilterDump, netdev,
                       "id of the netdev to watch"),
    DEFINE_PROP_STRING("file", FilterDump, file, "pcap file to write"),
    DEFINE_PROP_UINT32("maxlen", FilterDump, maxlen, 65536,
                       "bytes kept per frame"),
    DEFINE_PROP_STRING("queue", FilterDump, queue,
                       "all, rx or tx (default all)"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo filter_dump_type_info = {
    .name = TYPE_FILTER_DUMP,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(FilterDump),
    .desc = "write a netdev's traffic to a pcap file",
    .class_init = filter_dump_class_init,
    .instance_finalize = filter_dump_finalize,
    .props = filter_dump_props,
};

static int filter_attach_opts(void *opaque, QemuOpts *opts, Error **errp)
{
    MachineState *ms = opaque;
    const char *type = qemu_opt_get(opts, "qom-type");
    Object *obj;

    if (!type || strcmp(type, TYPE_FILTER_DUMP) || !qemu_opts_id(opts)) {
        return 0;
    }
    obj = object_resolve_child(container_get(ms->root, "/objects"),
                               qemu_opts_id(opts));
    if (!obj || !object_dynamic_cast(obj, TYPE_FILTER_DUMP)) {
        return 0;
    }
    return net_filter_dump_attach(obj, ms, errp) ? 0 : -1;
}

void net_machine_attach_filters(MachineState *ms, QemuOptsStore *store,
                                Error **errp)
{
    qemu_opts_store_foreach(store, "object", filter_attach_opts, ms, errp);
}
