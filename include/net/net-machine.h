/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The net layer's machine glue (net/net-machine.c): the machine's client
 * registry, -netdev from the command line, the startup peer check and
 * -object filter-dump.
 */
#ifndef NET_NET_MACHINE_H
#define NET_NET_MACHINE_H

#include "net/net.h"
#include "qemu/option.h"
#include "qobject/qdict.h"

typedef struct MachineState MachineState;

#define TYPE_NET_CLIENT_SET "net-client-set"
#define TYPE_FILTER_DUMP "filter-dump"

extern const TypeInfo net_client_set_type_info;
extern const TypeInfo filter_dump_type_info;

/* The machine's registry, created on first use as "/machine/netdevs". */
NetClientSet *net_client_set_of_machine(MachineState *ms);
/* -netdev: one QemuOpts ("type" implied key, repeated hostfwd=). */
NetClientState *net_netdev_add_opts(MachineState *ms, QemuOpts *opts,
                                    Error **errp);
/*
 * -nic TYPE[,model=M][,mac=MAC][,backend keys]: create the netdev (id
 * from id= or "#netN") and return its id; *model and *mac get those keys
 * (NULL if absent) for the caller's -device.  NULL on error.
 */
char *net_nic_create_netdev(MachineState *ms, QemuOpts *opts, char **model,
                            char **mac, Error **errp);
/* warn_report() each "has no peer" style warning (after -device). */
void net_machine_check_clients(MachineState *ms);
/*
 * Attach every -object filter-dump of @store (already created under
 * /objects) to its netdev, opening its file.  Errors carry the -object
 * location: "Parameter 'netdev' expects a network backend id".
 */
void net_machine_attach_filters(MachineState *ms, QemuOptsStore *store,
                                Error **errp);
bool net_filter_dump_attach(Object *obj, MachineState *ms, Error **errp);

/*
 * QMP (net/net-qmp.c): netdev_add {type, id, ...backend keys},
 * netdev_del {id}, set_link {name, up}, and x-query-net-clients: a list
 * of {name, type, model, info, peer?, link-up, tx-packets, tx-bytes,
 * rx-packets, rx-bytes, dropped, queued}.
 */
typedef struct QmpSession QmpSession;
QObject *qmp_netdev_add(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_netdev_del(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_set_link(QmpSession *s, const QDict *args, Error **errp);
QObject *qmp_x_query_net_clients(QmpSession *s, const QDict *args,
                                 Error **errp);
/* HMP "info network", "hostfwd_add [ID] RULE", "hostfwd_remove [ID] SPEC". */
void hmp_info_network(MachineState *ms, const char *args, GString *out);
void hmp_hostfwd_add(MachineState *ms, const char *args, GString *out);
void hmp_hostfwd_remove(MachineState *ms, const char *args, GString *out);

#endif
