/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -netdev user: user-mode networking on libslirp.  The guest sees a
 * virtual network (default 10.0.2.0/24) with a gateway/host at .2, a DNS
 * forwarder at .3 and a DHCP server handing out .15 onwards; its TCP/UDP
 * connections become host sockets.  hostfwd= forwards host ports inward.
 *
 * libslirp's sockets are polled through a GSource on the machine's main
 * loop (prepare: slirp_pollfds_fill, dispatch: slirp_pollfds_poll); its
 * timers are QEMUTimers on the virtual clock, as in QEMU.
 */
#include "qemu/osdep.h"
#include <arpa/inet.h>
#include <slirp/libslirp.h>

#include "net/netdev.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

typedef struct SlirpPollSource {
    GSource source;
    struct NetSlirpState *s;
    GArray *tags;               /* gpointer tags of the polled fds */
    gint64 deadline_us;         /* slirp's own timeout, -1: none */
} SlirpPollSource;

typedef struct NetSlirpState {
    NetClientState nc;
    Slirp *slirp;
    MainLoop *ml;
    QEMUClocks *clocks;
    SlirpPollSource *src;
    char *hostname, *domainname, *tftp, *bootfile;
} NetSlirpState;

static NetSlirpState *slirp_state_of(NetClientState *nc)
{
    return container_of(nc, NetSlirpState, nc);
}

/* ---- libslirp callbacks ---- */

static ssize_t net_slirp_send_packet(const void *buf, size_t len,
                                     void *opaque)
{
    NetSlirpState *s = opaque;

    /* Dropped if the NIC is full: slirp's TCP retransmits. */
    qemu_send_packet(&s->nc, buf, len);
    return len;
}

static void net_slirp_guest_error(const char *msg, void *opaque)
{
    qemu_log_mask(LOG_GUEST_ERROR, "%s\n", msg);
}

static int64_t net_slirp_clock_get_ns(void *opaque)
{
    NetSlirpState *s = opaque;

    return qemu_clock_get_ns(s->clocks, QEMU_CLOCK_VIRTUAL);
}

typedef struct NetSlirpTimer {
    QEMUTimer *timer;
    SlirpTimerCb cb;
    void *cb_opaque;
} NetSlirpTimer;

static void net_slirp_timer_fire(void *opaque)
{
    NetSlirpTimer *t = opaque;

    t->cb(t->cb_opaque);
}

static void *net_slirp_timer_new(SlirpTimerCb cb, void *cb_opaque,
                                 void *opaque)
{
    NetSlirpState *s = opaque;
    NetSlirpTimer *t = g_new0(NetSlirpTimer, 1);

    t->cb = cb;
    t->cb_opaque = cb_opaque;
    t->timer = timer_new_ms(s->clocks, QEMU_CLOCK_VIRTUAL,
                            net_slirp_timer_fire, t);
    return t;
}

static void net_slirp_timer_free(void *timer, void *opaque)
{
    NetSlirpTimer *t = timer;

    timer_free(t->timer);
    g_free(t);
}

static void net_slirp_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    NetSlirpTimer *t = timer;

    timer_mod(t->timer, expire_ms);
}

static void net_slirp_register_poll_fd(int fd, void *opaque)
{
}

static void net_slirp_unregister_poll_fd(int fd, void *opaque)
{
}

static void net_slirp_notify(void *opaque)
{
    NetSlirpState *s = opaque;

    main_loop_wakeup(s->ml);
}

static const SlirpCb net_slirp_cb = {
    .send_packet = net_slirp_send_packet,
    .guest_error = net_slirp_guest_error,
    .clock_get_ns = net_slirp_clock_get_ns,
    .timer_new = net_slirp_timer_new,
    .timer_free = net_slirp_timer_free,
    .timer_mod = net_slirp_timer_mod,
    .register_poll_fd = net_slirp_register_poll_fd,
    .unregister_poll_fd = net_slirp_unregister_poll_fd,
    .notify = net_slirp_notify,
};

/* ---- Polling through the main loop ---- */

static int slirp_to_gio(int events)
{
    return (events & SLIRP_POLL_IN ? G_IO_IN : 0) |
           (events & SLIRP_POLL_OUT ? G_IO_OUT : 0) |
           (events & SLIRP_POLL_PRI ? G_IO_PRI : 0) |
           (events & SLIRP_POLL_ERR ? G_IO_ERR : 0) |
           (events & SLIRP_POLL_HUP ? G_IO_HUP : 0);
}

static int slirp_add_poll(int fd, int events, void *opaque)
{
    SlirpPollSource *ps = opaque;
    gpointer tag = g_source_add_unix_fd(&ps->source, fd,
                                        slirp_to_gio(events));

    g_array_append_val(ps->tags, tag);
    return ps->tags->len - 1;
}

static int slirp_get_revents(int idx, void *opaque)
{
    SlirpPollSource *ps = opaque;
    GIOCondition c;

    if (idx < 0 || idx >= (int)ps->tags->len) {
        return 0;
    }
    c = g_source_query_unix_fd(&ps->source,
                               g_array_index(ps->tags, gpointer, idx));
    return (c & G_IO_IN ? SLIRP_POLL_IN : 0) |
           (c & G_IO_OUT ? SLIRP_POLL_OUT : 0) |
           (c & G_IO_PRI ? SLIRP_POLL_PRI : 0) |
           (c & G_IO_ERR ? SLIRP_POLL_ERR : 0) |
           (c & G_IO_HUP ? SLIRP_POLL_HUP : 0);
}

static gboolean slirp_source_prepare(GSource *source, gint *timeout)
{
    SlirpPollSource *ps = (SlirpPollSource *)source;
    uint32_t ms = UINT32_MAX;

    for (guint i = 0; i < ps->tags->len; i++) {
        g_source_remove_unix_fd(source, g_array_index(ps->tags, gpointer, i));
    }
    g_array_set_size(ps->tags, 0);
    slirp_pollfds_fill(ps->s->slirp, &ms, slirp_add_poll, ps);
    if (ms == UINT32_MAX) {
        ps->deadline_us = -1;
        *timeout = -1;
    } else {
        *timeout = (gint)MIN(ms, (uint32_t)G_MAXINT);
        ps->deadline_us = g_source_get_time(source) + (gint64)ms * 1000;
    }
    return FALSE;
}

static gboolean slirp_source_check(GSource *source)
{
    SlirpPollSource *ps = (SlirpPollSource *)source;

    for (guint i = 0; i < ps->tags->len; i++) {
        if (g_source_query_unix_fd(source,
                                   g_array_index(ps->tags, gpointer, i))) {
            return TRUE;
        }
    }
    /* Let slirp run its own TCP timers when its timeout expired. */
    return ps->deadline_us >= 0 &&
           g_source_get_time(source) >= ps->deadline_us;
}

static gboolean slirp_source_dispatch(GSource *source, GSourceFunc cb,
                                      gpointer data)
{
    SlirpPollSource *ps = (SlirpPollSource *)source;

    slirp_pollfds_poll(ps->s->slirp, 0, slirp_get_revents, ps);
    return G_SOURCE_CONTINUE;
}

static void slirp_source_finalize(GSource *source)
{
    SlirpPollSource *ps = (SlirpPollSource *)source;

    g_array_free(ps->tags, true);
}

static GSourceFuncs slirp_source_funcs = {
    .prepare = slirp_source_prepare,
    .check = slirp_source_check,
    .dispatch = slirp_source_dispatch,
    .finalize = slirp_source_finalize,
};

/* ---- The net client ---- */

static ssize_t net_slirp_receive(NetClientState *nc, const uint8_t *buf,
                                 size_t size)
{
    NetSlirpState *s = slirp_state_of(nc);

    slirp_input(s->slirp, buf, size);
    return size;
}

static void net_slirp_cleanup(NetClientState *nc)
{
    NetSlirpState *s = slirp_state_of(nc);

    if (s->src) {
        g_source_destroy(&s->src->source);
        g_source_unref(&s->src->source);
    }
    if (s->slirp) {
        slirp_cleanup(s->slirp);
    }
    g_free(s->hostname);
    g_free(s->domainname);
    g_free(s->tftp);
    g_free(s->bootfile);
}

static const NetClientInfo net_slirp_info = {
    .type = NET_CLIENT_DRIVER_USER,
    .size = sizeof(NetSlirpState),
    .receive = net_slirp_receive,
    .cleanup = net_slirp_cleanup,
};

/* ---- Options ---- */

/* "addr[/bits|/mask]" for net=; defaults keep 10.0.2.0/24. */
static bool slirp_parse_net(const char *str, struct in_addr *net,
                            struct in_addr *mask, Error **errp)
{
    g_autofree char *addr = g_strdup(str);
    char *slash = strchr(addr, '/');
    unsigned int bits;

    if (slash) {
        *slash++ = '\0';
        if (strchr(slash, '.')) {
            if (!inet_aton(slash, mask)) {
                goto bad;
            }
        } else if (qemu_strtoui(slash, NULL, 10, &bits) || bits < 1 ||
                   bits > 32) {
            goto bad;
        } else {
            mask->s_addr = htonl(0xffffffffu << (32 - bits));
        }
    }
    if (!inet_aton(addr, net)) {
        goto bad;
    }
    net->s_addr &= mask->s_addr;
    return true;
bad:
    error_setg(errp, "Invalid net address '%s'", str);
    return false;
}

static bool slirp_parse_ip(const char *key, const char *str,
                           struct in_addr *out, Error **errp)
{
    if (!inet_aton(str, out)) {
        error_setg(errp, "Parameter '%s' expects an IPv4 address", key);
        return false;
    }
    return true;
}

/* "[tcp|udp]:[haddr]:hport-[gaddr]:gport" */
static bool slirp_add_one_hostfwd(NetSlirpState *s, const char *rule,
                                  Error **errp)
{
    g_autofree char *copy = g_strdup(rule);
    char *p = copy, *proto, *haddr, *hport, *gaddr, *gport;
    struct in_addr host = { .s_addr = INADDR_ANY }, guest = { 0 };
    unsigned int hp, gp;
    const char *why;
    bool udp = false;

    proto = strsep(&p, ":");
    haddr = strsep(&p, ":");
    hport = strsep(&p, "-");
    gaddr = strsep(&p, ":");
    gport = p;
    if (!haddr || !hport) {
        why = "No : separators";
    } else if (*proto && strcmp(proto, "tcp") && strcmp(proto, "udp")) {
        why = "Bad protocol name";
    } else if (*haddr && !inet_aton(haddr, &host)) {
        why = "Bad host address";
    } else if (!gaddr || !gport) {
        why = "Bad guest address";
    } else if (qemu_strtoui(hport, NULL, 10, &hp) || hp > 65535) {
        why = "Bad host port";
    } else if (*gaddr && !inet_aton(gaddr, &guest)) {
        why = "Bad guest address";
    } else if (qemu_strtoui(gport, NULL, 10, &gp) || gp < 1 || gp > 65535) {
        why = "Bad guest port";
    } else {
        /* An empty guest address stays 0: libslirp uses dhcpstart. */
        udp = !strcmp(proto, "udp");
        if (slirp_add_hostfwd(s->slirp, udp, host, hp, guest, gp) < 0) {
            error_setg(errp, "Could not set up host forwarding rule '%s'",
                       rule);
            return false;
        }
        return true;
    }
    error_setg(errp, "Invalid host forwarding rule '%s' (%s)", rule, why);
    return false;
}

static bool slirp_add_hostfwds(NetSlirpState *s, const QDict *args,
                               Error **errp)
{
    QObject *o = qdict_get(args, "hostfwd");
    QList *list;

    if (!o) {
        return true;
    }
    if (qobject_type(o) == QTYPE_QSTRING) {
        return slirp_add_one_hostfwd(s, qstring_get_str(qobject_to_qstring(o)),
                                     errp);
    }
    list = qobject_to_qlist(o);
    if (!list) {
        error_setg(errp, "Invalid parameter type for 'hostfwd', expected: "
                   "array");
        return false;
    }
    for (const QListEntry *e = qlist_first(list); e; e = qlist_next(e)) {
        QObject *item = qlist_entry_obj(e);
        QString *str = qobject_to_qstring(item);

        if (!str && qobject_to_qdict(item)) {
            /* QMP form: [{"str": "tcp::2222-:22"}] */
            str = qobject_to_qstring(qdict_get(qobject_to_qdict(item),
                                               "str"));
        }
        if (!str) {
            error_setg(errp, "Invalid parameter type for 'hostfwd'");
            return false;
        }
        if (!slirp_add_one_hostfwd(s, qstring_get_str(str), errp)) {
            return false;
        }
    }
    return true;
}

/* ---- Run-time forwarding (HMP hostfwd_add / hostfwd_remove) ---- */

bool net_slirp_hostfwd_add(NetClientState *nc, const char *rule,
                           Error **errp)
{
    g_assert(nc->info == &net_slirp_info);
    return slirp_add_one_hostfwd(slirp_state_of(nc), rule, errp);
}

/* "[tcp|udp]:[haddr]:hport" */
bool net_slirp_hostfwd_remove(NetClientState *nc, const char *spec,
                              GString *out)
{
    NetSlirpState *s = slirp_state_of(nc);
    g_autofree char *copy = g_strdup(spec);
    char *p = copy, *proto, *haddr;
    struct in_addr host = { .s_addr = INADDR_ANY };
    unsigned int port;

    g_assert(nc->info == &net_slirp_info);
    proto = strsep(&p, ":");
    haddr = strsep(&p, ":");
    if (!haddr || !p || (*proto && strcmp(proto, "tcp") &&
                         strcmp(proto, "udp")) ||
        (*haddr && !inet_aton(haddr, &host)) ||
        qemu_strtoui(p, NULL, 10, &port) || port > 65535) {
        g_string_append(out, "invalid format\n");
        return false;
    }
    if (slirp_remove_hostfwd(s->slirp, !strcmp(proto, "udp"), host,
                             port) < 0) {
        g_string_append_printf(out, "host forwarding rule for %s not "
                               "found\n", spec);
        return false;
    }
    g_string_append_printf(out, "host forwarding rule for %s removed\n",
                           spec);
    return true;
}

bool net_client_is_user(NetClientState *nc)
{
    return nc->info == &net_slirp_info;
}

typedef struct SlirpArgs {
    struct in_addr net, mask, host, dhcp, dns;
    bool restricted, ipv4, ipv6;
} SlirpArgs;

static bool slirp_parse_args(const QDict *args, SlirpArgs *a, Error **errp)
{
    g_autofree char *net = net_arg_str(args, "net");
    g_autofree char *host = net_arg_str(args, "host");
    g_autofree char *dhcp = net_arg_str(args, "dhcpstart");
    g_autofree char *dns = net_arg_str(args, "dns");

    inet_aton("10.0.2.0", &a->net);
    inet_aton("255.255.255.0", &a->mask);
    if (!net_arg_bool(args, "restrict", false, &a->restricted, errp) ||
        !net_arg_bool(args, "ipv4", true, &a->ipv4, errp) ||
        !net_arg_bool(args, "ipv6", true, &a->ipv6, errp)) {
        return false;
    }
    if (!a->ipv4 && !a->ipv6) {
        error_setg(errp, "IPv4 and IPv6 disabled");
        return false;
    }
    if (net && !slirp_parse_net(net, &a->net, &a->mask, errp)) {
        return false;
    }
    a->host.s_addr = a->net.s_addr | htonl(2);
    a->dns.s_addr = a->net.s_addr | htonl(3);
    a->dhcp.s_addr = a->net.s_addr | htonl(15);
    if ((host && !slirp_parse_ip("host", host, &a->host, errp)) ||
        (dhcp && !slirp_parse_ip("dhcpstart", dhcp, &a->dhcp, errp)) ||
        (dns && !slirp_parse_ip("dns", dns, &a->dns, errp))) {
        return false;
    }
    if ((a->host.s_addr & a->mask.s_addr) != a->net.s_addr) {
        error_setg(errp, "host address not in the virtual network");
        return false;
    }
    return true;
}

static void slirp_fill_config(NetSlirpState *s, const SlirpArgs *a,
                              SlirpConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->version = 3;
    cfg->restricted = a->restricted;
    cfg->in_enabled = a->ipv4;
    cfg->vnetwork = a->net;
    cfg->vnetmask = a->mask;
    cfg->vhost = a->host;
    cfg->in6_enabled = a->ipv6;
    inet_pton(AF_INET6, "fec0::", &cfg->vprefix_addr6);
    cfg->vprefix_len = 64;
    inet_pton(AF_INET6, "fec0::2", &cfg->vhost6);
    inet_pton(AF_INET6, "fec0::3", &cfg->vnameserver6);
    cfg->vhostname = s->hostname;
    cfg->vdomainname = s->domainname;
    cfg->tftp_path = s->tftp;
    cfg->bootfile = s->bootfile;
    cfg->vdhcp_start = a->dhcp;
    cfg->vnameserver = a->dns;
}

NetClientState *net_init_user(NetClientSet *set, const char *id,
                              const QDict *args, Error **errp)
{
    SlirpArgs a = { 0 };
    SlirpConfig cfg;
    NetClientState *nc;
    NetSlirpState *s;
    MainLoop *ml = net_client_set_get_loop(set);

    if (!slirp_parse_args(args, &a, errp)) {
        return NULL;
    }
    g_assert(ml);
    nc = qemu_new_net_client(set, &net_slirp_info, NULL, "user", id);
    s = slirp_state_of(nc);
    s->ml = ml;
    s->clocks = main_loop_get_clocks(ml);
    s->hostname = net_arg_str(args, "hostname");
    s->domainname = net_arg_str(args, "domainname");
    s->tftp = net_arg_str(args, "tftp");
    s->bootfile = net_arg_str(args, "bootfile");
    slirp_fill_config(s, &a, &cfg);
    s->slirp = slirp_new(&cfg, &net_slirp_cb, s);
    snprintf(nc->info_str, sizeof(nc->info_str), "net=%s,restrict=%s",
             inet_ntoa(a.net), a.restricted ? "on" : "off");
    if (!slirp_add_hostfwds(s, args, errp)) {
        qemu_del_net_client(nc);
        return NULL;
    }
    s->src = (SlirpPollSource *)g_source_new(&slirp_source_funcs,
                                             sizeof(SlirpPollSource));
    s->src->s = s;
    s->src->tags = g_array_new(false, false, sizeof(gpointer));
    g_source_attach(&s->src->source, main_loop_get_context(ml));
    return nc;
}
