/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -netdev / netdev_add: argument checking and the table of backend types.
 */
#include "qemu/osdep.h"
#include "net/netdev.h"
#include "qemu/cutils.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"

typedef struct NetdevType {
    const char *name;
    NetdevInitFunc *init;
    const char *const *keys;    /* accepted keys besides type and id */
} NetdevType;

static const char *const user_keys[] = {
    "net", "host", "dns", "dhcpstart", "hostfwd", "restrict", "ipv4",
    "ipv6", "hostname", "domainname", "tftp", "bootfile", NULL,
};
static const char *const socket_keys[] = {
    "listen", "connect", "mcast", "udp", "localaddr", "fd", NULL,
};
static const char *const hubport_keys[] = { "hubid", "netdev", NULL };

static const NetdevType netdev_types[] = {
    { "user", net_init_user, user_keys },
    { "socket", net_init_socket, socket_keys },
    { "hubport", net_init_hubport, hubport_keys },
};

const char *const *net_netdev_types(void)
{
    static const char *const names[] = { "hubport", "socket", "user", NULL };

    return names;
}

char *net_arg_str(const QDict *args, const char *key)
{
    QObject *o = qdict_get(args, key);

    if (!o) {
        return NULL;
    }
    switch (qobject_type(o)) {
    case QTYPE_QSTRING:
        return g_strdup(qstring_get_str(qobject_to_qstring(o)));
    case QTYPE_QBOOL:
        return g_strdup(qbool_get_bool(qobject_to_qbool(o)) ? "on" : "off");
    case QTYPE_QNUM: {
        int64_t i;
        uint64_t u;

        if (qnum_get_try_int(qobject_to_qnum(o), &i)) {
            return g_strdup_printf("%" PRId64, i);
        }
        if (qnum_get_try_uint(qobject_to_qnum(o), &u)) {
            return g_strdup_printf("%" PRIu64, u);
        }
        return g_strdup_printf("%g", qnum_get_double(qobject_to_qnum(o)));
    }
    default:
        return NULL;
    }
}

bool net_arg_bool(const QDict *args, const char *key, bool def, bool *out,
                  Error **errp)
{
    g_autofree char *s = net_arg_str(args, key);

    *out = def;
    return !s || qapi_bool_parse(key, s, out, errp);
}

bool net_arg_uint(const QDict *args, const char *key, uint64_t def,
                  uint64_t *out, Error **errp)
{
    g_autofree char *s = net_arg_str(args, key);

    *out = def;
    return !s || qemu_parse_number(key, s, out, errp);
}

static const NetdevType *netdev_find_type(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(netdev_types); i++) {
        if (name && !strcmp(netdev_types[i].name, name)) {
            return &netdev_types[i];
        }
    }
    return NULL;
}

static bool netdev_check_keys(const NetdevType *t, const QDict *args,
                              Error **errp)
{
    for (const QDictEntry *e = qdict_first(args); e;
         e = qdict_next(args, e)) {
        const char *key = qdict_entry_key(e);

        if (!strcmp(key, "type") || !strcmp(key, "id") ||
            g_strv_contains(t->keys, key)) {
            continue;
        }
        error_setg(errp, "Invalid parameter '%s'", key);
        return false;
    }
    return true;
}

static NetClientState *netdev_add(NetClientSet *set, const char *id,
                                  const QDict *args, Error **errp)
{
    g_autofree char *type = net_arg_str(args, "type");
    const NetdevType *t = netdev_find_type(type);

    if (!t) {
        error_setg(errp, "Parameter 'type' does not accept value '%s'",
                   type ? type : "");
        return NULL;
    }
    if (qemu_find_netdev(set, id)) {
        error_setg(errp, "Duplicate ID '%s'", id);
        return NULL;
    }
    if (!netdev_check_keys(t, args, errp)) {
        return NULL;
    }
    return t->init(set, id, args, errp);
}

NetClientState *net_netdev_add(NetClientSet *set, const QDict *args,
                               Error **errp)
{
    g_autofree char *id = net_arg_str(args, "id");

    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return NULL;
    }
    if (!qemu_check_id(id, errp)) {
        return NULL;
    }
    return netdev_add(set, id, args, errp);
}

NetClientState *net_netdev_add_internal(NetClientSet *set, const char *id,
                                        const QDict *args, Error **errp)
{
    return netdev_add(set, id, args, errp);
}

bool net_netdev_del(NetClientSet *set, const char *id, Error **errp)
{
    NetClientState *nc = qemu_find_netdev(set, id);

    if (!nc) {
        error_setg(errp, "Device '%s' not found", id);
        return false;
    }
    qemu_del_net_client(nc);
    return true;
}

const char *net_client_type_name(NetClientDriver type)
{
    static const char *const names[NET_CLIENT_DRIVER__MAX] = {
        [NET_CLIENT_DRIVER_NONE] = "none",
        [NET_CLIENT_DRIVER_NIC] = "nic",
        [NET_CLIENT_DRIVER_USER] = "user",
        [NET_CLIENT_DRIVER_SOCKET] = "socket",
        [NET_CLIENT_DRIVER_HUBPORT] = "hubport",
        [NET_CLIENT_DRIVER_TEST] = "test",
    };

    return type < NET_CLIENT_DRIVER__MAX ? names[type] : "?";
}

void net_print_client(NetClientState *nc, GString *out)
{
    g_string_append_printf(out, "%s: index=0,type=%s,%s\n", nc->name,
                           net_client_type_name(nc->info->type),
                           nc->info_str);
}

static bool net_on_hub(NetClientState *nc)
{
    return net_hub_id_of_port(nc) >= 0 ||
           (nc->peer && net_hub_id_of_port(nc->peer) >= 0);
}

static void net_info_one(NetClientState *nc, void *opaque)
{
    GString *out = opaque;
    bool nic = nc->info->type == NET_CLIENT_DRIVER_NIC;

    if (net_on_hub(nc)) {
        return;                 /* printed with its hub */
    }
    if (!nc->peer || nic) {
        net_print_client(nc, out);
    }
    if (nc->peer && nic) {
        g_string_append(out, " \\ ");
        net_print_client(nc->peer, out);
    }
}

void net_info_network(NetClientSet *set, GString *out)
{
    net_hubs_info(set, out);
    net_client_set_foreach(set, net_info_one, out);
}

typedef struct CheckCtx {
    GString *out;
} CheckCtx;

static void net_check_one(NetClientState *nc, void *opaque)
{
    CheckCtx *ctx = opaque;

    if (nc->peer) {
        return;
    }
    g_string_append_printf(ctx->out, "%s %s has no peer\n",
                           nc->info->type == NET_CLIENT_DRIVER_NIC ?
                           "nic" : "netdev", nc->name);
}

void net_check_clients(NetClientSet *set, GString *out)
{
    CheckCtx ctx = { out };

    net_hubs_check(set, out);
    net_client_set_foreach(set, net_check_one, &ctx);
}
