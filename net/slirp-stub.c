/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -netdev user when the build has no libslirp: a clear error.
 */
#include "qemu/osdep.h"
#include "net/netdev.h"

bool net_slirp_hostfwd_add(NetClientState *nc, const char *rule,
                           Error **errp)
{
    g_assert_not_reached();     /* no user netdev can exist */
}

bool net_slirp_hostfwd_remove(NetClientState *nc, const char *spec,
                              GString *out)
{
    g_assert_not_reached();
}

bool net_client_is_user(NetClientState *nc)
{
    return false;
}

NetClientState *net_init_user(NetClientSet *set, const char *id,
                              const QDict *args, Error **errp)
{
    error_setg(errp, "network backend 'user' is not available: this binary "
               "was built without libslirp (install libslirp-dev and "
               "reconfigure)");
    return NULL;
}
