/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -netdev socket: frames over a host socket, compatible with QEMU's
 * socket netdev.
 *
 *   listen=[HOST]:PORT   TCP server; one client at a time
 *   connect=HOST:PORT    TCP client (non-blocking connect)
 *   udp=HOST:PORT,localaddr=HOST:PORT   UDP, one datagram per frame
 *   mcast=MADDR:PORT[,localaddr=ADDR]   UDP multicast group
 *   fd=N                 an inherited, connected socket (stream or dgram)
 *
 * On TCP every frame is preceded by its length as a 4-byte big-endian
 * number.  All I/O is non-blocking on the main loop: frames from the
 * guest that the socket cannot take yet stay in a send buffer (and the
 * backend stops taking frames until it drains); frames from the host stop
 * the read watch while the NIC cannot take them (sent callback resumes).
 */
#include "qemu/osdep.h"
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include "net/netdev.h"
#include "qemu/cutils.h"
#include "qemu/log.h"
#include "trace-net.h"

typedef enum SocketMode {
    SOCKET_LISTEN, SOCKET_CONNECT, SOCKET_UDP, SOCKET_MCAST,
    SOCKET_FD_STREAM, SOCKET_FD_DGRAM,
} SocketMode;

typedef struct NetSocketState {
    NetClientState nc;
    SocketMode mode;
    MainLoop *ml;
    int listen_fd;              /* SOCKET_LISTEN, -1 otherwise */
    int fd;                     /* data socket, -1 if none */
    bool connected;             /* stream: peer is there */
    bool connecting;            /* SOCKET_CONNECT: in progress */
    GSource *listen_src, *read_src, *write_src;
    struct sockaddr_storage dgram_dst;
    socklen_t dgram_dst_len;
    /* Host -> guest: bytes read, parsed into frames. */
    uint8_t *rx_buf;
    size_t rx_len;
    bool rx_paused;             /* a frame is queued at the NIC */
    bool dgram_blocked;         /* sendmsg said EAGAIN: wait for POLLOUT */
    /* Guest -> host, stream only: what the socket has not taken yet. */
    GByteArray *tx_pending;
} NetSocketState;

#define SOCKET_RX_BUFSIZE (4 + NET_BUFSIZE)

static uint32_t socket_get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static void socket_put_be32(uint8_t *p, uint32_t v)
{
    p[0] = v >> 24;
    p[1] = v >> 16;
    p[2] = v >> 8;
    p[3] = v;
}

static void socket_update_watches(NetSocketState *s);

static NetSocketState *socket_of(NetClientState *nc)
{
    return container_of(nc, NetSocketState, nc);
}

static bool socket_is_stream(NetSocketState *s)
{
    return s->mode == SOCKET_LISTEN || s->mode == SOCKET_CONNECT ||
           s->mode == SOCKET_FD_STREAM;
}

/* ---- Addresses ---- */

static bool socket_parse_addr(const char *str, bool need_host,
                              struct sockaddr_in *sa, Error **errp)
{
    const char *colon = strrchr(str, ':');
    g_autofree char *host = NULL;
    unsigned int port;
    struct addrinfo hints = { .ai_family = AF_INET };
    struct addrinfo *res = NULL;

    if (!colon) {
        error_setg(errp, "host address '%s' doesn't contain ':' separating "
                   "host from port", str);
        return false;
    }
    if (qemu_strtoui(colon + 1, NULL, 10, &port) || port > 65535) {
        error_setg(errp, "port number '%s' is invalid", colon + 1);
        return false;
    }
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons(port);
    host = g_strndup(str, colon - str);
    if (!*host) {
        sa->sin_addr.s_addr = htonl(need_host ? INADDR_LOOPBACK : INADDR_ANY);
        return true;
    }
    if (inet_pton(AF_INET, host, &sa->sin_addr) == 1) {
        return true;
    }
    if (getaddrinfo(host, NULL, &hints, &res) || !res) {
        error_setg(errp, "can't resolve host address '%s'", host);
        return false;
    }
    sa->sin_addr = ((struct sockaddr_in *)res->ai_addr)->sin_addr;
    freeaddrinfo(res);
    return true;
}

static void socket_set_info(NetSocketState *s, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
static void socket_set_info(NetSocketState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(s->nc.info_str, sizeof(s->nc.info_str), fmt, ap);
    va_end(ap);
}

/* ---- Host -> guest ---- */

static void socket_rx_process(NetSocketState *s);

static void socket_frame_sent(NetClientState *nc, ssize_t ret)
{
    NetSocketState *s = socket_of(nc);

    s->rx_paused = false;
    socket_rx_process(s);
    socket_update_watches(s);
}

/* Send one frame to the NIC; false if it was queued (pause reading). */
static bool socket_deliver(NetSocketState *s, const uint8_t *buf, size_t len)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };

    if (qemu_sendv_packet_async(&s->nc, &iov, 1, socket_frame_sent) == 0) {
        s->rx_paused = true;
        return false;
    }
    return true;
}

static void socket_disconnect(NetSocketState *s)
{
    main_loop_remove_source(s->read_src);
    main_loop_remove_source(s->write_src);
    s->read_src = s->write_src = NULL;
    if (s->fd >= 0) {
        close(s->fd);
    }
    s->fd = -1;
    if (s->connected) {
        trace_net_socket_disconnected(s->nc.name);
    }
    s->connected = false;
    s->rx_len = 0;
    g_byte_array_set_size(s->tx_pending, 0);
    if (s->mode == SOCKET_LISTEN) {
        s->nc.info_str[0] = '\0';      /* as QEMU: empty while waiting */
    } else {
        socket_set_info(s, "socket: disconnected");
    }
    socket_update_watches(s);
    /* Frames from the guest held for us are dropped from now on. */
    qemu_flush_queued_packets(&s->nc);
}

/* Frames out of rx_buf (stream framing), as long as the NIC takes them. */
static void socket_rx_process(NetSocketState *s)
{
    size_t off = 0;

    while (!s->rx_paused && s->rx_len - off >= 4) {
        uint32_t len = socket_get_be32(s->rx_buf + off);

        if (len > NET_BUFSIZE) {
            trace_net_socket_bad_length(s->nc.name, len);
            qemu_log_mask(LOG_GUEST_ERROR, "netdev %s: frame length %u too "
                          "large, dropping the connection\n", s->nc.name, len);
            socket_disconnect(s);
            return;
        }
        if (s->rx_len - off - 4 < len) {
            break;
        }
        off += 4 + len;
        if (len) {
            socket_deliver(s, s->rx_buf + off - len, len);
        }
    }
    memmove(s->rx_buf, s->rx_buf + off, s->rx_len - off);
    s->rx_len -= off;
}

static gboolean socket_readable(int fd, GIOCondition cond, void *opaque)
{
    NetSocketState *s = opaque;
    ssize_t n;

    if (!socket_is_stream(s)) {
        n = recv(fd, s->rx_buf, SOCKET_RX_BUFSIZE, 0);
        if (n > 0) {
            socket_deliver(s, s->rx_buf, n);
        }
        socket_update_watches(s);
        return G_SOURCE_CONTINUE;
    }
    n = recv(fd, s->rx_buf + s->rx_len, SOCKET_RX_BUFSIZE - s->rx_len, 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        socket_disconnect(s);
        return G_SOURCE_CONTINUE;
    }
    s->rx_len += n;
    socket_rx_process(s);
    socket_update_watches(s);
    return G_SOURCE_CONTINUE;
}

/* ---- Guest -> host ---- */

static bool socket_tx_drain(NetSocketState *s)
{
    while (s->tx_pending->len) {
        ssize_t n = send(s->fd, s->tx_pending->data, s->tx_pending->len,
                         MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            return true;
        }
        if (n <= 0) {
            return false;
        }
        g_byte_array_remove_range(s->tx_pending, 0, n);
    }
    return true;
}

static void socket_connected(NetSocketState *s);

static gboolean socket_writable(int fd, GIOCondition cond, void *opaque)
{
    NetSocketState *s = opaque;

    if (s->connecting) {
        int err = 0;
        socklen_t len = sizeof(err);

        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        s->connecting = false;
        if (err) {
            socket_disconnect(s);
            socket_set_info(s, "socket: connect failed: %s", strerror(err));
        } else {
            socket_connected(s);
        }
        return G_SOURCE_CONTINUE;
    }
    s->dgram_blocked = false;
    if (!socket_tx_drain(s)) {
        socket_disconnect(s);
        return G_SOURCE_CONTINUE;
    }
    socket_update_watches(s);
    if (!s->tx_pending->len) {
        qemu_flush_queued_packets(&s->nc);
    }
    return G_SOURCE_CONTINUE;
}

/* Keep what sendmsg() did not take (@done bytes of header + frame went). */
static void socket_keep_rest(NetSocketState *s, const uint8_t *hdr,
                             const struct iovec *iov, int iovcnt, size_t done)
{
    if (done < 4) {
        g_byte_array_append(s->tx_pending, hdr + done, 4 - done);
        done = 0;
    } else {
        done -= 4;
    }
    for (int i = 0; i < iovcnt; i++) {
        size_t len = iov[i].iov_len;

        if (done >= len) {
            done -= len;
            continue;
        }
        g_byte_array_append(s->tx_pending, (uint8_t *)iov[i].iov_base + done,
                            len - done);
        done = 0;
    }
}

static ssize_t socket_send_stream(NetSocketState *s, const struct iovec *iov,
                                  int iovcnt, size_t size)
{
    uint8_t hdr[4];
    struct iovec out[64];
    struct msghdr msg = { .msg_iov = out, .msg_iovlen = iovcnt + 1 };
    ssize_t done = 0;

    socket_put_be32(hdr, size);
    out[0] = (struct iovec) { .iov_base = hdr, .iov_len = 4 };
    /* Header and frame in one call, straight from the sender's iovec. */
    if (iovcnt < (int)ARRAY_SIZE(out)) {
        memcpy(out + 1, iov, iovcnt * sizeof(*iov));
        done = sendmsg(s->fd, &msg, MSG_NOSIGNAL);
    }
    if (done < 0 && errno != EAGAIN && errno != EINTR) {
        socket_disconnect(s);
        return size;
    }
    if ((size_t)MAX(done, 0) < 4 + size) {
        /* No new frames until the rest has drained. */
        socket_keep_rest(s, hdr, iov, iovcnt, MAX(done, 0));
        socket_update_watches(s);
    }
    return size;
}

static ssize_t socket_receive_iov(NetClientState *nc, const struct iovec *iov,
                                  int iovcnt)
{
    NetSocketState *s = socket_of(nc);
    size_t size = net_iov_size(iov, iovcnt);
    struct msghdr msg = {
        .msg_name = s->dgram_dst_len ? &s->dgram_dst : NULL,
        .msg_namelen = s->dgram_dst_len,
        .msg_iov = (struct iovec *)iov, .msg_iovlen = iovcnt,
    };

    if (s->fd < 0 || (socket_is_stream(s) && !s->connected)) {
        return size;            /* nobody there: dropped, as QEMU */
    }
    if (socket_is_stream(s)) {
        return socket_send_stream(s, iov, iovcnt, size);
    }
    if (sendmsg(s->fd, &msg, MSG_NOSIGNAL) < 0 && errno == EAGAIN) {
        s->dgram_blocked = true;
        socket_update_watches(s);
        return 0;
    }
    return size;
}

static bool socket_can_receive(NetClientState *nc)
{
    NetSocketState *s = socket_of(nc);

    return !s->tx_pending->len;
}

/* ---- Connections ---- */

static gboolean socket_accept(int fd, GIOCondition cond, void *opaque);

static void socket_update_watches(NetSocketState *s)
{
    bool want_read = s->fd >= 0 && !s->connecting && !s->rx_paused &&
                     (!socket_is_stream(s) || s->connected);
    bool want_write = s->fd >= 0 &&
                      (s->connecting || s->tx_pending->len ||
                       s->dgram_blocked);
    bool want_accept = s->listen_fd >= 0 && s->fd < 0;

    if (want_read && !s->read_src) {
        s->read_src = main_loop_add_fd(s->ml, s->fd, G_IO_IN | G_IO_HUP |
                                       G_IO_ERR, socket_readable, s);
    } else if (!want_read && s->read_src) {
        main_loop_remove_source(s->read_src);
        s->read_src = NULL;
    }
    if (want_write && !s->write_src) {
        s->write_src = main_loop_add_fd(s->ml, s->fd, G_IO_OUT | G_IO_ERR,
                                        socket_writable, s);
    } else if (!want_write && s->write_src) {
        main_loop_remove_source(s->write_src);
        s->write_src = NULL;
    }
    if (want_accept && !s->listen_src) {
        s->listen_src = main_loop_add_fd(s->ml, s->listen_fd, G_IO_IN,
                                         socket_accept, s);
    } else if (!want_accept && s->listen_src) {
        main_loop_remove_source(s->listen_src);
        s->listen_src = NULL;
    }
}

static void socket_connected(NetSocketState *s)
{
    s->connected = true;
    trace_net_socket_connected(s->nc.name, s->nc.info_str);
    socket_update_watches(s);
    qemu_flush_queued_packets(&s->nc);
}

static gboolean socket_accept(int fd, GIOCondition cond, void *opaque)
{
    NetSocketState *s = opaque;
    struct sockaddr_in peer;
    socklen_t len = sizeof(peer);
    char addr[INET_ADDRSTRLEN] = "?";
    int cfd = accept4(fd, (struct sockaddr *)&peer, &len,
                      SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (cfd < 0) {
        return G_SOURCE_CONTINUE;
    }
    inet_ntop(AF_INET, &peer.sin_addr, addr, sizeof(addr));
    socket_set_info(s, "socket: connection from %s:%d", addr,
                    ntohs(peer.sin_port));
    s->fd = cfd;
    /* socket_connected() removes the listen watch (this source). */
    socket_connected(s);
    return G_SOURCE_CONTINUE;
}

static void socket_cleanup(NetClientState *nc)
{
    NetSocketState *s = socket_of(nc);

    main_loop_remove_source(s->read_src);
    main_loop_remove_source(s->write_src);
    main_loop_remove_source(s->listen_src);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    g_free(s->rx_buf);
    g_byte_array_unref(s->tx_pending);
}

static const NetClientInfo net_socket_info = {
    .type = NET_CLIENT_DRIVER_SOCKET,
    .size = sizeof(NetSocketState),
    .receive_iov = socket_receive_iov,
    .can_receive = socket_can_receive,
    .cleanup = socket_cleanup,
};

/* ---- Setup per mode ---- */

static int socket_new_fd(int type, Error **errp)
{
    int fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        error_setg_errno(errp, errno, "can't create socket");
    }
    return fd;
}

static bool socket_setup_listen(NetSocketState *s, const char *str,
                                Error **errp)
{
    struct sockaddr_in sa;
    int one = 1;

    if (!socket_parse_addr(str, false, &sa, errp)) {
        return false;
    }
    s->listen_fd = socket_new_fd(SOCK_STREAM, errp);
    if (s->listen_fd < 0) {
        return false;
    }
    setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(s->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        listen(s->listen_fd, 1) < 0) {
        error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                         inet_ntoa(sa.sin_addr));
        return false;
    }
    s->nc.info_str[0] = '\0';      /* as QEMU: empty while waiting */
    socket_update_watches(s);
    return true;
}

static bool socket_setup_connect(NetSocketState *s, const char *str,
                                 Error **errp)
{
    struct sockaddr_in sa;
    int one = 1;

    if (!socket_parse_addr(str, true, &sa, errp)) {
        return false;
    }
    s->fd = socket_new_fd(SOCK_STREAM, errp);
    if (s->fd < 0) {
        return false;
    }
    setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    socket_set_info(s, "socket: connect to %s", str);
    if (connect(s->fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
        socket_connected(s);
    } else if (errno == EINPROGRESS) {
        s->connecting = true;
        socket_update_watches(s);
    } else {
        error_setg_errno(errp, errno, "can't connect socket");
        return false;
    }
    return true;
}

static bool socket_setup_dgram(NetSocketState *s, const char *dst,
                               const char *local, Error **errp)
{
    struct sockaddr_in dsa, lsa;
    int one = 1;

    if (!socket_parse_addr(dst, true, &dsa, errp) ||
        !socket_parse_addr(local, false, &lsa, errp)) {
        return false;
    }
    s->fd = socket_new_fd(SOCK_DGRAM, errp);
    if (s->fd < 0) {
        return false;
    }
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(s->fd, (struct sockaddr *)&lsa, sizeof(lsa)) < 0) {
        error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                         inet_ntoa(lsa.sin_addr));
        return false;
    }
    memcpy(&s->dgram_dst, &dsa, sizeof(dsa));
    s->dgram_dst_len = sizeof(dsa);
    socket_set_info(s, "socket: udp=%s", dst);
    socket_update_watches(s);
    return true;
}

static bool socket_setup_mcast(NetSocketState *s, const char *group,
                               const char *local, Error **errp)
{
    struct sockaddr_in gsa, bsa;
    struct ip_mreq mreq = { 0 };
    int one = 1;
    unsigned char loop = 1;

    if (!socket_parse_addr(group, true, &gsa, errp)) {
        return false;
    }
    if (!IN_MULTICAST(ntohl(gsa.sin_addr.s_addr))) {
        error_setg(errp, "specified mcastaddr %s (0x%08x) does not contain "
                   "a multicast address", inet_ntoa(gsa.sin_addr),
                   ntohl(gsa.sin_addr.s_addr));
        return false;
    }
    mreq.imr_multiaddr = gsa.sin_addr;
    mreq.imr_interface.s_addr = htonl(INADDR_ANY);
    if (local && inet_pton(AF_INET, local, &mreq.imr_interface) != 1) {
        error_setg(errp, "localaddr '%s' is not a valid IPv4 address", local);
        return false;
    }
    s->fd = socket_new_fd(SOCK_DGRAM, errp);
    if (s->fd < 0) {
        return false;
    }
    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    bsa = gsa;
    if (bind(s->fd, (struct sockaddr *)&bsa, sizeof(bsa)) < 0) {
        error_setg_errno(errp, errno, "can't bind ip=%s to socket",
                         inet_ntoa(bsa.sin_addr));
        return false;
    }
    if (setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq,
                   sizeof(mreq)) < 0) {
        error_setg_errno(errp, errno, "can't add socket to multicast group "
                         "%s", inet_ntoa(gsa.sin_addr));
        return false;
    }
    setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop));
    if (local) {
        setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_IF, &mreq.imr_interface,
                   sizeof(mreq.imr_interface));
    }
    memcpy(&s->dgram_dst, &gsa, sizeof(gsa));
    s->dgram_dst_len = sizeof(gsa);
    socket_set_info(s, "socket: mcast=%s", group);
    socket_update_watches(s);
    return true;
}

typedef struct SocketArgs {
    char *listen, *connect, *mcast, *udp, *localaddr, *fd;
} SocketArgs;

static bool socket_check_args(const SocketArgs *a, Error **errp)
{
    int modes = !!a->listen + !!a->connect + !!a->mcast + !!a->udp +
                !!a->fd;

    if (modes != 1) {
        error_setg(errp, "exactly one of listen=, connect=, mcast= or udp= "
                   "is required");
        return false;
    }
    if (a->localaddr && !a->mcast && !a->udp) {
        error_setg(errp, "localaddr= is only valid with mcast= or udp=");
        return false;
    }
    if (a->udp && !a->localaddr) {
        error_setg(errp, "localaddr= is mandatory with udp=");
        return false;
    }
    return true;
}

/*
 * fd=N: an already connected socket inherited from the caller (stream:
 * framed as TCP; datagram: must be connected, sent without an address).
 */
static bool socket_setup_fd(NetSocketState *s, const char *str,
                            Error **errp)
{
    int fd, type;
    socklen_t len = sizeof(type);

    if (qemu_strtoi(str, NULL, 10, &fd) || fd < 0 ||
        getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0) {
        error_setg(errp, "'%s' is not a valid socket file descriptor", str);
        return false;
    }
    if (type != SOCK_STREAM && type != SOCK_DGRAM) {
        error_setg(errp, "socket type=%d for fd=%d must be either "
                   "SOCK_DGRAM or SOCK_STREAM", type, fd);
        return false;
    }
    if (!g_unix_set_fd_nonblocking(fd, true, NULL)) {
        error_setg_errno(errp, errno, "can't make fd=%d non-blocking", fd);
        return false;
    }
    s->fd = fd;
    socket_set_info(s, "socket: fd=%d", fd);
    if (type == SOCK_STREAM) {
        s->mode = SOCKET_FD_STREAM;
        socket_connected(s);
    } else {
        s->mode = SOCKET_FD_DGRAM;
        socket_update_watches(s);
    }
    return true;
}

static bool socket_setup(NetSocketState *s, const SocketArgs *a,
                         Error **errp)
{
    if (a->fd) {
        return socket_setup_fd(s, a->fd, errp);
    }
    if (a->listen) {
        s->mode = SOCKET_LISTEN;
        return socket_setup_listen(s, a->listen, errp);
    }
    if (a->connect) {
        s->mode = SOCKET_CONNECT;
        return socket_setup_connect(s, a->connect, errp);
    }
    if (a->udp) {
        s->mode = SOCKET_UDP;
        return socket_setup_dgram(s, a->udp, a->localaddr, errp);
    }
    s->mode = SOCKET_MCAST;
    return socket_setup_mcast(s, a->mcast, a->localaddr, errp);
}

NetClientState *net_init_socket(NetClientSet *set, const char *id,
                                const QDict *args, Error **errp)
{
    SocketArgs a = {
        .listen = net_arg_str(args, "listen"),
        .connect = net_arg_str(args, "connect"),
        .mcast = net_arg_str(args, "mcast"),
        .udp = net_arg_str(args, "udp"),
        .localaddr = net_arg_str(args, "localaddr"),
        .fd = net_arg_str(args, "fd"),
    };
    NetClientState *nc = NULL;
    NetSocketState *s;

    if (socket_check_args(&a, errp)) {
        nc = qemu_new_net_client(set, &net_socket_info, NULL, "socket", id);
        s = socket_of(nc);
        s->ml = net_client_set_get_loop(set);
        s->fd = s->listen_fd = -1;
        s->rx_buf = g_malloc(SOCKET_RX_BUFSIZE);
        s->tx_pending = g_byte_array_new();
        g_assert(s->ml);
        if (!socket_setup(s, &a, errp)) {
            qemu_del_net_client(nc);
            nc = NULL;
        }
    }
    g_free(a.listen);
    g_free(a.connect);
    g_free(a.mcast);
    g_free(a.udp);
    g_free(a.localaddr);
    g_free(a.fd);
    return nc;
}
