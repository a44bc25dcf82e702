/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for -netdev argument handling: the input is one
 * -netdev string, parsed by the option parser and handed to
 * net_netdev_add() (key checks, hub ids, socket addresses, user net=,
 * host=, hostfwd= rules ...).  A backend that gets created is deleted
 * again.  fd= is refused here (it would adopt a random descriptor), and
 * connect= only goes to 127.0.0.1 so a run never reaches other hosts.
 */
#include "qemu/osdep.h"
#include "net/netdev.h"
#include "qemu/main-loop.h"
#include "qemu/option.h"
#include "qobject/qlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const QemuOptsList fuzz_netdev_opts = {
    .name = "netdev", .implied_opt_name = "type",
};

static int to_qdict(void *opaque, const char *name, const char *value,
                    Error **errp)
{
    QDict *args = opaque;
    QObject *old;

    if (!strcmp(name, "fd") ||
        (!strcmp(name, "connect") && !g_str_has_prefix(value, "127.0.0.1:")) ||
        (!strcmp(name, "mcast") && strstr(value, "localaddr"))) {
        return -1;
    }
    if (strcmp(name, "hostfwd")) {
        qdict_put_str(args, name, value);
        return 0;
    }
    old = qdict_get(args, name);
    if (!old) {
        qdict_put_obj(args, name, QOBJECT(qlist_new()));
        old = qdict_get(args, name);
    }
    qlist_append_str(qobject_to_qlist(old), value);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *str = g_strndup((const char *)data, size);
    g_autoptr(QDict) args = qdict_new();
    QemuOpts *opts;
    QEMUClocks *clocks;
    MainLoop *ml;
    NetClientSet *set;
    Error *err = NULL;

    opts = qemu_opts_parse(&fuzz_netdev_opts, str, true, NULL);
    if (!opts) {
        return 0;
    }
    if (qemu_opts_id(opts)) {
        qdict_put_str(args, "id", qemu_opts_id(opts));
    }
    if (qemu_opt_foreach(opts, to_qdict, args, NULL)) {
        qemu_opts_del(opts);
        return 0;
    }
    qemu_opts_del(opts);
    clocks = qemu_clocks_new();
    ml = main_loop_new(clocks);
    set = net_client_set_new(ml);
    if (net_netdev_add(set, args, &err)) {
        main_loop_iterate(ml, false);
    } else {
        g_assert(err);
        error_free(err);
    }
    net_client_set_free(set);
    main_loop_free(ml);
    qemu_clocks_free(clocks);
    return 0;
}
