/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Network backends and the per-machine registry of net clients.
 *
 * A NetClientSet holds every net client of one machine (backends and
 * NICs) in creation order, the hubs, and the main loop backends run their
 * I/O on.  Backends are created from -netdev / netdev_add arguments:
 *
 *   QDict *args = { "type": "socket", "id": "n0", "listen": ":1234" };
 *   nc = net_netdev_add(set, args, errp);
 *
 * Values may be strings (command line) or JSON numbers/booleans (QMP).
 * Each backend type accepts its own keys; unknown keys get "Invalid
 * parameter 'KEY'".  Backends that are not NICs are "netdevs": a NIC finds
 * its backend by id with qemu_find_netdev().
 */
#ifndef NET_NETDEV_H
#define NET_NETDEV_H

#include "net/net.h"
#include "qemu/main-loop.h"
#include "qobject/qdict.h"

NetClientSet *net_client_set_new(MainLoop *ml);
/* Deletes every remaining client (NICs are only unpeered and forgotten). */
void net_client_set_free(NetClientSet *set);
MainLoop *net_client_set_get_loop(NetClientSet *set);
/* Next default MAC index for this machine's NICs (0, 1, ...). */
unsigned net_client_set_next_nic_index(NetClientSet *set);

/*
 * Create a client of @info in @set (which may be NULL for a free-standing
 * client), peered with @peer if not NULL.  For backends: @model is the
 * -netdev type, @name the id.
 */
NetClientState *qemu_new_net_client(NetClientSet *set,
                                    const NetClientInfo *info,
                                    NetClientState *peer, const char *model,
                                    const char *name);
/* Unpeer, run cleanup, free.  NULL is ignored. */
void qemu_del_net_client(NetClientState *nc);
/* Peer two peerless clients. */
void net_client_set_peer(NetClientState *a, NetClientState *b);

/* A backend (not a NIC) by id, or NULL. */
NetClientState *qemu_find_netdev(NetClientSet *set, const char *id);
/* Every client in creation order. */
void net_client_set_foreach(NetClientSet *set,
                            void (*fn)(NetClientState *nc, void *opaque),
                            void *opaque);

/*
 * -netdev TYPE,id=ID,... / QMP netdev_add.  Errors per QEMU:
 *   "Parameter 'id' is missing", "Parameter 'id' expects an identifier",
 *   "Parameter 'type' does not accept value 'foo'",
 *   "Duplicate ID 'n0'" (QMP; -netdev gets "... for netdev"
 *   from the option store first), "Invalid parameter 'KEY'", and each
 *   backend's own.
 */
NetClientState *net_netdev_add(NetClientSet *set, const QDict *args,
                               Error **errp);
/*
 * The same with an id chosen by the emulator ("#net0" for -nic), which
 * need not be an identifier; "id" in @args is ignored.
 */
NetClientState *net_netdev_add_internal(NetClientSet *set, const char *id,
                                        const QDict *args, Error **errp);
/* QMP netdev_del: "Device 'ID' not found" if no such backend. */
bool net_netdev_del(NetClientSet *set, const char *id, Error **errp);
/* The backend types this build implements, NULL-terminated. */
const char *const *net_netdev_types(void);

/*
 * Startup check after devices exist: warnings for peerless backends and
 * hub ports ("netdev n0 has no peer", "hub port h1 has no peer", "hub 0
 * is not connected to host network").  Appended to @out, one per line.
 */
void net_check_clients(NetClientSet *set, GString *out);

/* Length of an iovec, and gather it into @buf (at most @size bytes). */
size_t net_iov_size(const struct iovec *iov, int iovcnt);
size_t net_iov_to_buf(const struct iovec *iov, int iovcnt, size_t offset,
                      uint8_t *buf, size_t size);

/* ---- Backends (net/<type>.c); @args already checked for unknown keys */

typedef NetClientState *NetdevInitFunc(NetClientSet *set, const char *id,
                                       const QDict *args, Error **errp);

NetClientState *net_init_hubport(NetClientSet *set, const char *id,
                                 const QDict *args, Error **errp);
NetClientState *net_init_socket(NetClientSet *set, const char *id,
                                const QDict *args, Error **errp);
NetClientState *net_init_user(NetClientSet *set, const char *id,
                              const QDict *args, Error **errp);

/*
 * -netdev user at run time (net/slirp.c): add a hostfwd rule (the same
 * syntax and errors as hostfwd=), remove "[tcp|udp]:[haddr]:hport"
 * (QEMU's HMP messages appended to @out: "host forwarding rule for SPEC
 * removed" / "... not found", "invalid format").  Only for clients where
 * net_client_is_user().
 */
bool net_slirp_hostfwd_add(NetClientState *nc, const char *rule,
                           Error **errp);
bool net_slirp_hostfwd_remove(NetClientState *nc, const char *spec,
                              GString *out);
bool net_client_is_user(NetClientState *nc);

/* Hubs (net/hub.c).  A hub port with no hub creates the hub. */
NetClientState *net_hub_add_port(NetClientSet *set, int hub_id,
                                 const char *name, Error **errp);
int net_hub_id_of_port(NetClientState *nc);     /* -1: not a hub port */
/* Retry the frames queued at every port of @port's hub. */
void net_hub_flush(NetClientState *port);
void net_hubs_free(NetClientSet *set);
void net_hubs_check(NetClientSet *set, GString *out);
/* "hub N" and its ports, as the first part of "info network". */
void net_hubs_info(NetClientSet *set, GString *out);

/*
 * HMP "info network", QEMU's format: the hubs, then each NIC with its
 * backend below it ("NAME: index=0,type=TYPE,INFO", " \ " for the peer),
 * then peerless clients.  net_print_client() prints one such line.
 */
void net_info_network(NetClientSet *set, GString *out);
void net_print_client(NetClientState *nc, GString *out);
const char *net_client_type_name(NetClientDriver type);

/*
 * Read a key of @args as a string (numbers and booleans converted; NULL
 * if absent), as a bool ("Parameter 'K' expects 'on' or 'off'") or as a
 * number ("Parameter 'K' expects a number").
 */
char *net_arg_str(const QDict *args, const char *key);
bool net_arg_bool(const QDict *args, const char *key, bool def, bool *out,
                  Error **errp);
bool net_arg_uint(const QDict *args, const char *key, uint64_t def,
                  uint64_t *out, Error **errp);

#endif
