/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP commands of the net layer: netdev_add, netdev_del, set_link and
 * x-query-net-clients (every client with its peer and counters).  The
 * table in monitor/qmp-cmds.c points here.
 */
#include "qemu/osdep.h"
#include "net/net-machine.h"
#include "net/netdev.h"
#include "monitor/qmp.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"

QObject *qmp_netdev_add(QmpSession *s, const QDict *args, Error **errp)
{
    net_netdev_add(net_client_set_of_machine(s->ms), args, errp);
    return NULL;
}

QObject *qmp_netdev_del(QmpSession *s, const QDict *args, Error **errp)
{
    const char *id = qdict_get_str(args, "id");
    NetClientSet *set = net_client_set_of_machine(s->ms);

    if (!qemu_find_netdev(set, id)) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  id);
        return NULL;
    }
    net_netdev_del(set, id, errp);
    return NULL;
}

typedef struct FindName {
    const char *name;
    NetClientState *found;
} FindName;

static void find_by_name(NetClientState *nc, void *opaque)
{
    FindName *f = opaque;

    if (!f->found && nc->name && !strcmp(nc->name, f->name)) {
        f->found = nc;
    }
}

QObject *qmp_set_link(QmpSession *s, const QDict *args, Error **errp)
{
    FindName f = { .name = qdict_get_str(args, "name") };

    net_client_set_foreach(net_client_set_of_machine(s->ms), find_by_name,
                           &f);
    if (!f.found) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  f.name);
        return NULL;
    }
    qemu_set_link_status(f.found, qdict_get_bool(args, "up"));
    return NULL;
}

static void describe_client(NetClientState *nc, void *opaque)
{
    QList *list = opaque;
    QDict *d = qdict_new();

    qdict_put_str(d, "name", nc->name);
    qdict_put_str(d, "type", net_client_type_name(nc->info->type));
    qdict_put_str(d, "model", nc->model);
    qdict_put_str(d, "info", nc->info_str);
    if (nc->peer) {
        qdict_put_str(d, "peer", nc->peer->name);
    }
    qdict_put_bool(d, "link-up", !nc->link_down);
    qdict_put_uint(d, "tx-packets", nc->stats.tx_packets);
    qdict_put_uint(d, "tx-bytes", nc->stats.tx_bytes);
    qdict_put_uint(d, "rx-packets", nc->stats.rx_packets);
    qdict_put_uint(d, "rx-bytes", nc->stats.rx_bytes);
    qdict_put_uint(d, "dropped", nc->stats.dropped);
    qdict_put_uint(d, "queued", nc->stats.queued);
    qlist_append_obj(list, QOBJECT(d));
}

void hmp_info_network(MachineState *ms, const char *args, GString *out)
{
    net_info_network(net_client_set_of_machine(ms), out);
}

typedef struct FindUser {
    const char *id;             /* NULL: the first user netdev */
    NetClientState *found;
} FindUser;

static void find_user(NetClientState *nc, void *opaque)
{
    FindUser *f = opaque;

    if (!f->found && net_client_is_user(nc) &&
        (!f->id || !strcmp(nc->name, f->id))) {
        f->found = nc;
    }
}

/* "[ID] ARG": the user netdev (ID or the first one) and ARG. */
static NetClientState *hmp_user_netdev(MachineState *ms, const char *args,
                                       char **arg, GString *out)
{
    g_auto(GStrv) v = g_strsplit_set(args ? args : "", " \t", -1);
    g_autoptr(GPtrArray) words = g_ptr_array_new();
    FindUser f = { 0 };

    for (int i = 0; v[i]; i++) {
        if (*v[i]) {
            g_ptr_array_add(words, v[i]);
        }
    }
    if (words->len == 0 || words->len > 2) {
        g_string_append(out, "invalid format\n");
        return NULL;
    }
    f.id = words->len == 2 ? g_ptr_array_index(words, 0) : NULL;
    net_client_set_foreach(net_client_set_of_machine(ms), find_user, &f);
    if (!f.found) {
        g_string_append_printf(out, "unrecognized netdev id '%s'\n",
                               f.id ? f.id : "");
        return NULL;
    }
    *arg = g_strdup(g_ptr_array_index(words, words->len - 1));
    return f.found;
}

void hmp_hostfwd_add(MachineState *ms, const char *args, GString *out)
{
    g_autofree char *rule = NULL;
    NetClientState *nc = hmp_user_netdev(ms, args, &rule, out);
    Error *err = NULL;

    if (nc && !net_slirp_hostfwd_add(nc, rule, &err)) {
        g_string_append_printf(out, "%s\n", error_get_pretty(err));
        error_free(err);
    }
}

void hmp_hostfwd_remove(MachineState *ms, const char *args, GString *out)
{
    g_autofree char *spec = NULL;
    NetClientState *nc = hmp_user_netdev(ms, args, &spec, out);

    if (nc) {
        net_slirp_hostfwd_remove(nc, spec, out);
    }
}

QObject *qmp_x_query_net_clients(QmpSession *s, const QDict *args,
                                 Error **errp)
{
    QList *list = qlist_new();

    net_client_set_foreach(net_client_set_of_machine(s->ms), describe_client,
                           list);
    return QOBJECT(list);
}
