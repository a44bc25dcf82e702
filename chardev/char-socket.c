/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * socket backend: a unix (path=) or tcp (host=, port=) stream, as client or
 * server.  A client connects during creation (or, with reconnect=N, keeps
 * retrying every N seconds).  A server listens; with wait=on creation
 * blocks until the first client arrives.  One peer at a time: a server
 * takes the next client after the current one leaves.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "char-internal.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>

typedef struct SocketChardev {
    bool is_unix;
    bool server;
    bool nodelay;
    int family;             /* AF_UNSPEC unless ipv4/ipv6 restrict it */
    char *path;
    char *host;
    char *port;
    int64_t reconnect_ms;
    int listen_fd;
    int fd;                 /* the connected peer, or -1 */
    GSource *listen_src;
    GSource *reader;
    QEMUTimer *reconnect_timer;
    QEMUBH *hangup_bh;      /* disconnect after a write error */
    char *addr_str;         /* "unix:P[,server=on]", "tcp:H:P[,server=on]" */
} SocketChardev;

static void socket_listen_watch(Chardev *chr);

/* ---- Addresses ---- */

static bool unix_addr(const char *path, struct sockaddr_un *sun,
                      Error **errp)
{
    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof(sun->sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        error_append_hint(errp, "Path must be less than %zu bytes\n",
                          sizeof(sun->sun_path));
        return false;
    }
    memcpy(sun->sun_path, path, strlen(path));
    return true;
}

static struct addrinfo *tcp_resolve(SocketChardev *s, bool passive,
                                    Error **errp)
{
    struct addrinfo hints = {
        .ai_family = s->family,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = passive ? AI_PASSIVE : 0,
    };
    struct addrinfo *res = NULL;
    const char *host = *s->host ? s->host : (passive ? NULL : "localhost");
    int rc = getaddrinfo(host, s->port, &hints, &res);

    if (rc) {
        error_setg(errp, "address resolution failed for %s:%s: %s",
                   s->host, s->port, gai_strerror(rc));
        return NULL;
    }
    return res;
}

/* "HOST:PORT" of a socket's local or remote end, numeric. */
static char *sockaddr_str(int fd, bool peer)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char host[NI_MAXHOST], serv[NI_MAXSERV];
    int rc;

    rc = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
              : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (rc < 0 || getnameinfo((struct sockaddr *)&ss, len, host,
                              sizeof(host), serv, sizeof(serv),
                              NI_NUMERICHOST | NI_NUMERICSERV)) {
        return g_strdup("?:?");
    }
    return g_strdup_printf("%s:%s", host, serv);
}

static void socket_name_disconnected(Chardev *chr)
{
    SocketChardev *s = chr->be;

    chardev_set_filename(chr, "disconnected:%s", s->addr_str);
}

static void socket_name_connected(Chardev *chr)
{
    SocketChardev *s = chr->be;
    g_autofree char *local = NULL;
    g_autofree char *remote = NULL;

    if (s->is_unix) {
        chardev_set_filename(chr, "%s", s->addr_str);
        return;
    }
    local = sockaddr_str(s->fd, false);
    remote = sockaddr_str(s->fd, true);
    chardev_set_filename(chr, "tcp:%s%s <-> %s", local,
                         s->server ? ",server=on" : "", remote);
}

/* ---- Connection state ---- */

static void socket_ready(Chardev *chr, int fd);

static void socket_connected(Chardev *chr, int fd)
{
    SocketChardev *s = chr->be;
    int one = 1;

    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    if (s->nodelay && !s->is_unix) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    s->fd = fd;
    main_loop_remove_source(s->listen_src);
    s->listen_src = NULL;
    s->reader = chardev_fd_reader_new(chr, fd, socket_ready);
    socket_name_connected(chr);
    chardev_be_event(chr, CHR_EVENT_OPENED);
}

static void socket_arm_reconnect(Chardev *chr)
{
    SocketChardev *s = chr->be;
    QEMUClocks *clocks = main_loop_get_clocks(chr->ml);

    timer_mod_ns(s->reconnect_timer,
                 qemu_clock_get_ns(clocks, QEMU_CLOCK_REALTIME) +
                 s->reconnect_ms * SCALE_MS);
}

static void socket_disconnect(Chardev *chr)
{
    SocketChardev *s = chr->be;

    if (s->fd < 0) {
        return;
    }
    main_loop_remove_source(s->reader);
    s->reader = NULL;
    close(s->fd);
    s->fd = -1;
    socket_name_disconnected(chr);
    chardev_be_event(chr, CHR_EVENT_CLOSED);
    if (s->server) {
        socket_listen_watch(chr);
    } else if (s->reconnect_ms) {
        socket_arm_reconnect(chr);
    }
}

static void socket_ready(Chardev *chr, int fd)
{
    ssize_t n = chardev_fd_read_deliver(chr, fd);

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        socket_disconnect(chr);
    }
}

static void socket_hangup_bh(void *opaque)
{
    socket_disconnect(opaque);
}

/* ---- Client ---- */

static int unix_connect(SocketChardev *s, Error **errp)
{
    struct sockaddr_un sun;
    int fd;

    if (!unix_addr(s->path, &sun, errp)) {
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
        error_setg_errno(errp, errno, "Failed to connect to '%s'", s->path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static int tcp_connect(SocketChardev *s, Error **errp)
{
    struct addrinfo *res = tcp_resolve(s, false, errp);
    int fd = -1, err = ECONNREFUSED;

    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            err = errno;
            close(fd);
            fd = -1;
        }
    }
    if (res && fd < 0) {
        error_setg_errno(errp, err, "Failed to connect to '%s:%s'",
                         s->host, s->port);
    }
    if (res) {
        freeaddrinfo(res);
    }
    return fd;
}

static bool socket_try_connect(Chardev *chr, Error **errp)
{
    SocketChardev *s = chr->be;
    int fd = s->is_unix ? unix_connect(s, errp) : tcp_connect(s, errp);

    if (fd < 0) {
        return false;
    }
    socket_connected(chr, fd);
    return true;
}

static void socket_reconnect_timer(void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = chr->be;

    if (s->fd < 0 && !socket_try_connect(chr, NULL)) {
        socket_arm_reconnect(chr);
    }
}

/* ---- Server ---- */

static int unix_listen(SocketChardev *s, Error **errp)
{
    struct sockaddr_un sun;
    struct stat st;
    int fd;

    if (!unix_addr(s->path, &sun, errp)) {
        return -1;
    }
    if (stat(s->path, &st) == 0 && S_ISSOCK(st.st_mode)) {
        unlink(s->path);        /* stale socket from an earlier run */
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
        listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "Failed to bind socket to %s",
                         s->path);
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static int tcp_listen_one(struct addrinfo *ai)
{
    int one = 1;
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        return -1;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 1) < 0) {
        int err = errno;

        close(fd);
        errno = err;
        return -1;
    }
    return fd;
}

static int tcp_listen(SocketChardev *s, Error **errp)
{
    struct addrinfo *res = tcp_resolve(s, true, errp);
    int fd = -1, err = EADDRNOTAVAIL;

    if (!res) {
        return -1;
    }
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = tcp_listen_one(ai);
        err = fd < 0 ? errno : 0;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg_errno(errp, err, "Failed to bind socket");
    }
    return fd;
}

static gboolean socket_accept_ready(gint lfd, GIOCondition cond,
                                    void *opaque)
{
    Chardev *chr = opaque;
    SocketChardev *s = chr->be;
    int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

    if (fd < 0) {
        return G_SOURCE_CONTINUE;
    }
    if (s->fd >= 0) {
        close(fd);              /* one peer at a time */
        return G_SOURCE_CONTINUE;
    }
    socket_connected(chr, fd);  /* removes this watch */
    return G_SOURCE_CONTINUE;
}

static void socket_listen_watch(Chardev *chr)
{
    SocketChardev *s = chr->be;

    if (!s->listen_src) {
        s->listen_src = main_loop_add_fd(chr->ml, s->listen_fd, G_IO_IN,
                                         socket_accept_ready, chr);
    }
}

/* wait=on: block (before the loop runs) until the first client. */
static void socket_wait_first_client(Chardev *chr)
{
    SocketChardev *s = chr->be;
    int fd;

    info_report("QEMU waiting for connection on: %s", chr->filename);
    do {
        fd = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd >= 0) {
        socket_connected(chr, fd);
    } else {
        socket_listen_watch(chr);
    }
}

static bool socket_start_server(Chardev *chr, bool wait, Error **errp)
{
    SocketChardev *s = chr->be;
    g_autofree char *local = NULL;

    s->listen_fd = s->is_unix ? unix_listen(s, errp) : tcp_listen(s, errp);
    if (s->listen_fd < 0) {
        return false;
    }
    if (!s->is_unix) {
        local = sockaddr_str(s->listen_fd, false);
        g_free(s->addr_str);
        s->addr_str = g_strdup_printf("tcp:%s,server=on", local);
    }
    socket_name_disconnected(chr);
    if (wait) {
        socket_wait_first_client(chr);
    } else {
        socket_listen_watch(chr);
    }
    return true;
}

/* ---- Ops ---- */

static bool socket_check_options(ChardevOptions *o, Error **errp)
{
    if (!o->path && !o->host) {
        error_setg(errp, "chardev: socket: no host given");
        return false;
    }
    if (!o->path && !o->port) {
        error_setg(errp, "chardev: socket: no port given");
        return false;
    }
    if (o->server && o->reconnect_ms) {
        error_setg(errp, "'reconnect' option is incompatible with "
                   "'server' option");
        return false;
    }
    return true;
}

static SocketChardev *socket_state_new(Chardev *chr, ChardevOptions *o)
{
    SocketChardev *s = g_new0(SocketChardev, 1);
    const char *srv = o->server ? ",server=on" : "";

    s->is_unix = o->path != NULL;
    s->server = o->server;
    s->nodelay = o->nodelay;
    s->family = o->ipv4 && !o->ipv6 ? AF_INET :
                o->ipv6 && !o->ipv4 ? AF_INET6 : AF_UNSPEC;
    s->path = g_strdup(o->path);
    /* An empty host: every address for a server, localhost for a client */
    s->host = g_strdup(o->host && *o->host ? o->host :
                       o->server ? "" : "localhost");
    s->port = g_strdup(o->port);
    s->reconnect_ms = o->reconnect_ms;
    s->listen_fd = s->fd = -1;
    s->addr_str = s->is_unix
        ? g_strdup_printf("unix:%s%s", s->path, srv)
        : g_strdup_printf("tcp:%s:%s%s", s->host, s->port, srv);
    s->reconnect_timer = timer_new_ns(main_loop_get_clocks(chr->ml),
                                      QEMU_CLOCK_REALTIME,
                                      socket_reconnect_timer, chr);
    s->hangup_bh = qemu_bh_new(chr->ml, socket_hangup_bh, chr);
    return s;
}

static void socket_close(Chardev *chr)
{
    SocketChardev *s = chr->be;

    main_loop_remove_source(s->reader);
    main_loop_remove_source(s->listen_src);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
        if (s->is_unix) {
            unlink(s->path);
        }
    }
    timer_free(s->reconnect_timer);
    qemu_bh_delete(s->hangup_bh);
    g_free(s->path);
    g_free(s->host);
    g_free(s->port);
    g_free(s->addr_str);
    g_free(s);
}

static bool socket_open(Chardev *chr, ChardevOptions *o, Error **errp)
{
    SocketChardev *s;
    bool ok;

    if (!socket_check_options(o, errp)) {
        return false;
    }
    s = socket_state_new(chr, o);
    chr->be = s;
    chr->connected = false;
    socket_name_disconnected(chr);
    if (s->server) {
        ok = socket_start_server(chr, o->wait, errp);
    } else if (s->reconnect_ms) {
        ok = true;
        if (!socket_try_connect(chr, NULL)) {
            socket_arm_reconnect(chr);
        }
    } else {
        ok = socket_try_connect(chr, errp);
    }
    if (!ok) {
        socket_close(chr);
        chr->be = NULL;
    }
    return ok;
}

static ssize_t socket_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    SocketChardev *s = chr->be;
    ssize_t n;

    if (s->fd < 0) {
        return len;             /* no peer: discard, like QEMU */
    }
    n = send(s->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
        errno != EINTR) {
        qemu_bh_schedule(s->hangup_bh);
        return len;             /* peer gone: output is lost anyway */
    }
    if (n < 0) {
        errno = EAGAIN;
    }
    return n;
}

static int socket_out_fd(Chardev *chr)
{
    return ((SocketChardev *)chr->be)->fd;
}

const ChardevOps chardev_socket_ops = {
    .name = "socket",
    .open = socket_open,
    .write = socket_write,
    .out_fd = socket_out_fd,
    .close = socket_close,
};
