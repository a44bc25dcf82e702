/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the net layer: delivery and flow control, link state,
 * hubs, filters and the pcap writer, the socket backend (TCP framing and
 * UDP, in-process through the main loop) and -netdev user (a DHCP
 * DISCOVER gets an OFFER from libslirp).
 */
#include "qemu/osdep.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "config-host.h"
#include "net/net.h"
#include "net/netdev.h"
#include "net/filter.h"
#include "net/queue.h"
#include "qemu/main-loop.h"

/* ---- A test net client that records what it receives ---- */

typedef struct TestClient {
    NetClientState nc;
    bool ready;                 /* can_receive */
    int refuse;                 /* receive returns 0 this many times */
    GPtrArray *frames;          /* GByteArray * */
} TestClient;

static ssize_t test_receive_iov(NetClientState *nc, const struct iovec *iov,
                                int iovcnt)
{
    TestClient *t = container_of(nc, TestClient, nc);
    GByteArray *f;

    if (t->refuse) {
        t->refuse--;
        return 0;
    }
    f = g_byte_array_new();
    for (int i = 0; i < iovcnt; i++) {
        g_byte_array_append(f, iov[i].iov_base, iov[i].iov_len);
    }
    g_ptr_array_add(t->frames, f);
    return f->len;
}

static bool test_can_receive(NetClientState *nc)
{
    return container_of(nc, TestClient, nc)->ready;
}

static void test_cleanup(NetClientState *nc)
{
    g_ptr_array_free(container_of(nc, TestClient, nc)->frames, true);
}

static const NetClientInfo test_info = {
    .type = NET_CLIENT_DRIVER_TEST,
    .size = sizeof(TestClient),
    .receive_iov = test_receive_iov,
    .can_receive = test_can_receive,
    .cleanup = test_cleanup,
};

static TestClient *test_client_new(NetClientSet *set, NetClientState *peer,
                                   const char *name)
{
    NetClientState *nc = qemu_new_net_client(set, &test_info, peer, "test",
                                             name);
    TestClient *t = container_of(nc, TestClient, nc);

    t->ready = true;
    t->frames = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_byte_array_unref);
    return t;
}

static GByteArray *test_frame(TestClient *t, guint i)
{
    g_assert_cmpuint(i, <, t->frames->len);
    return g_ptr_array_index(t->frames, i);
}

static void send_byte_frame(NetClientState *nc, uint8_t v, size_t len,
                            ssize_t expect)
{
    g_autofree uint8_t *buf = g_malloc(len);

    memset(buf, v, len);
    g_assert_cmpint(qemu_send_packet(nc, buf, len), ==, expect);
}

/* ---- Core ---- */

static int sent_cb_calls;

static void count_sent(NetClientState *sender, ssize_t ret)
{
    sent_cb_calls++;
}

static void test_deliver_and_queue(void)
{
    NetClientSet *set = net_client_set_new(NULL);
    TestClient *a = test_client_new(set, NULL, "a");
    TestClient *b = test_client_new(set, &a->nc, "b");
    uint8_t p1[] = { 1, 2, 3 }, p2[] = { 4, 5 };
    struct iovec iov[2] = { { p1, 3 }, { p2, 2 } };

    /* Scatter-gather send goes straight through. */
    g_assert_cmpint(qemu_sendv_packet(&a->nc, iov, 2), ==, 5);
    g_assert_cmpuint(b->frames->len, ==, 1);
    g_assert_cmpmem(test_frame(b, 0)->data, 5,
                    ((uint8_t[]) { 1, 2, 3, 4, 5 }), 5);

    /* Receiver not ready: queued (copied), in order, flushed later. */
    b->ready = false;
    g_assert_false(qemu_can_send_packet(&a->nc));
    send_byte_frame(&a->nc, 0xaa, 60, 0);
    memset(p1, 0xee, sizeof(p1));
    g_assert_cmpint(qemu_sendv_packet_async(&a->nc, iov, 2, count_sent), ==,
                    0);
    g_assert_cmpuint(b->frames->len, ==, 1);
    g_assert_cmpuint(b->nc.stats.queued, ==, 2);
    b->ready = true;
    /* Still behind the queue: a new frame queues too, keeping order. */
    send_byte_frame(&a->nc, 0xbb, 61, 0);
    sent_cb_calls = 0;
    qemu_flush_queued_packets(&b->nc);
    g_assert_cmpint(sent_cb_calls, ==, 1);
    g_assert_cmpuint(b->frames->len, ==, 4);
    g_assert_cmpuint(test_frame(b, 1)->len, ==, 60);
    g_assert_cmpuint(test_frame(b, 1)->data[0], ==, 0xaa);
    g_assert_cmpuint(test_frame(b, 2)->data[0], ==, 0xee);
    g_assert_cmpuint(test_frame(b, 3)->len, ==, 61);

    /* receive returning 0 disables receive until a flush. */
    b->refuse = 1;
    send_byte_frame(&a->nc, 0xcc, 10, 0);
    g_assert_true(b->nc.receive_disabled);
    send_byte_frame(&a->nc, 0xdd, 11, 0);
    g_assert_cmpuint(b->frames->len, ==, 4);
    qemu_flush_queued_packets(&b->nc);
    g_assert_cmpuint(b->frames->len, ==, 6);
    g_assert_cmpuint(test_frame(b, 4)->data[0], ==, 0xcc);
    g_assert_cmpuint(test_frame(b, 5)->data[0], ==, 0xdd);
    g_assert_cmpuint(b->nc.stats.rx_packets, ==, 6);
    g_assert_cmpuint(a->nc.stats.tx_packets, ==, 6);

    /* Purge runs the sent callbacks. */
    b->ready = false;
    sent_cb_calls = 0;
    g_assert_cmpint(qemu_sendv_packet_async(&a->nc, iov, 2, count_sent), ==,
                    0);
    qemu_purge_queued_packets(&b->nc);
    g_assert_cmpint(sent_cb_calls, ==, 1);
    net_client_set_free(set);
}

static void test_link_and_peerless(void)
{
    NetClientSet *set = net_client_set_new(NULL);
    TestClient *a = test_client_new(set, NULL, "a");
    TestClient *b;

    /* No peer: dropped, reported as sent. */
    send_byte_frame(&a->nc, 1, 20, 20);
    b = test_client_new(set, &a->nc, "b");
    qemu_set_link_status(&b->nc, false);
    send_byte_frame(&a->nc, 1, 20, 20);
    g_assert_cmpuint(b->frames->len, ==, 0);
    g_assert_cmpuint(b->nc.stats.dropped, ==, 1);
    qemu_set_link_status(&b->nc, true);
    send_byte_frame(&a->nc, 1, 20, 20);
    g_assert_cmpuint(b->frames->len, ==, 1);
    /* A sender whose link is down sends nothing. */
    a->nc.link_down = true;
    send_byte_frame(&a->nc, 1, 20, 20);
    g_assert_cmpuint(b->frames->len, ==, 1);
    /* Deleting one side leaves the other peerless. */
    qemu_del_net_client(&a->nc);
    g_assert_null(b->nc.peer);
    net_client_set_free(set);
}

static void test_mac_parse(void)
{
    MACAddr m;

    g_assert_true(net_parse_macaddr(&m, "52:54:00:12:34:56"));
    g_assert_cmpmem(m.a, 6, ((uint8_t[]) { 0x52, 0x54, 0, 0x12, 0x34, 0x56 }),
                    6);
    g_assert_true(net_parse_macaddr(&m, "0a-0b-0c-0d-0e-0f"));
    g_assert_cmpuint(m.a[5], ==, 0x0f);
    g_assert_false(net_parse_macaddr(&m, "52:54:00:12:34"));
    g_assert_false(net_parse_macaddr(&m, "52:54:00:12:34:56:78"));
    g_assert_false(net_parse_macaddr(&m, "zz:54:00:12:34:56"));
    g_assert_false(net_parse_macaddr(&m, "152:54:00:12:34:56"));
    g_assert_false(net_parse_macaddr(&m, ""));
}

/* ---- Hubs ---- */

static NetClientState *netdev_add(NetClientSet *set, const char *spec,
                                  Error **errp)
{
    g_autoptr(QDict) args = qdict_new();
    g_auto(GStrv) kv = g_strsplit(spec, ",", -1);

    for (int i = 0; kv[i]; i++) {
        char *eq = strchr(kv[i], '=');

        g_assert(eq);
        *eq = '\0';
        qdict_put_str(args, kv[i], eq + 1);
    }
    return net_netdev_add(set, args, errp);
}

static void test_hub(void)
{
    NetClientSet *set = net_client_set_new(NULL);
    NetClientState *p[3];
    TestClient *t[3];
    Error *err = NULL;
    g_autoptr(GString) warn = g_string_new("");

    for (int i = 0; i < 3; i++) {
        g_autofree char *spec = g_strdup_printf("type=hubport,id=p%d,hubid=7",
                                                i);

        p[i] = netdev_add(set, spec, &error_abort);
        g_assert_cmpint(net_hub_id_of_port(p[i]), ==, 7);
    }
    net_check_clients(set, warn);
    g_assert_nonnull(strstr(warn->str, "hub port p0 has no peer\n"));
    g_assert_nonnull(strstr(warn->str, "netdev p2 has no peer\n"));
    for (int i = 0; i < 3; i++) {
        t[i] = test_client_new(set, p[i], NULL);
    }
    send_byte_frame(&t[0]->nc, 9, 64, 64);
    g_assert_cmpuint(t[0]->frames->len, ==, 0);
    g_assert_cmpuint(t[1]->frames->len, ==, 1);
    g_assert_cmpuint(t[2]->frames->len, ==, 1);
    /* A port whose peer is busy gets its copy queued. */
    t[2]->ready = false;
    send_byte_frame(&t[1]->nc, 8, 64, 64);
    g_assert_cmpuint(t[0]->frames->len, ==, 1);
    g_assert_cmpuint(t[2]->frames->len, ==, 1);
    t[2]->ready = true;
    qemu_flush_queued_packets(&t[2]->nc);
    g_assert_cmpuint(t[2]->frames->len, ==, 2);
    g_assert_cmpuint(test_frame(t[2], 1)->data[0], ==, 8);
    /* All other peers busy: the hub itself refuses, the sender queues. */
    t[0]->ready = t[2]->ready = false;
    g_assert_false(qemu_can_send_packet(&t[1]->nc));
    send_byte_frame(&t[1]->nc, 7, 64, 0);
    /* One output frees up: the frame leaves the hub port's queue. */
    t[2]->ready = true;
    qemu_flush_queued_packets(&t[2]->nc);
    g_assert_cmpuint(t[2]->frames->len, ==, 3);
    g_assert_cmpuint(test_frame(t[2], 2)->data[0], ==, 7);
    g_assert_cmpuint(t[0]->frames->len, ==, 1);
    t[0]->ready = true;
    qemu_flush_queued_packets(&t[0]->nc);
    g_assert_cmpuint(t[0]->frames->len, ==, 2);
    t[2]->ready = false;

    g_string_truncate(warn, 0);
    net_check_clients(set, warn);
    /* Every port is peered, but with no NIC (test clients are not). */
    g_assert_cmpstr(warn->str, ==, "hub 7 with no nics\n");
    g_assert_null(netdev_add(set, "type=hubport,id=p0,hubid=1", &err));
    error_free_or_abort(&err);
    g_assert_null(netdev_add(set, "type=hubport,id=x", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'hubid' is missing");
    error_free(err);
    err = NULL;
    g_assert_null(netdev_add(set, "type=hubport,id=x,hubid=0,netdev=p1",
                             &err));
    error_free_or_abort(&err);
    net_client_set_free(set);
}

/* A hub wired to itself must not recurse forever. */
static void test_hub_loop(void)
{
    NetClientSet *set = net_client_set_new(NULL);
    TestClient *t, *u;

    netdev_add(set, "type=hubport,id=a,hubid=1", &error_abort);
    netdev_add(set, "type=hubport,id=b,hubid=1,netdev=a", &error_abort);
    netdev_add(set, "type=hubport,id=e,hubid=1", &error_abort);
    netdev_add(set, "type=hubport,id=f,hubid=1", &error_abort);
    t = test_client_new(set, qemu_find_netdev(set, "e"), "t");
    u = test_client_new(set, qemu_find_netdev(set, "f"), "u");
    send_byte_frame(&t->nc, 1, 60, 60);
    g_assert_cmpuint(t->frames->len, ==, 0);
    g_assert_cmpuint(u->frames->len, ==, 1);
    /* The copies sent round the loop came back and were dropped. */
    g_assert_cmpuint(qemu_find_netdev(set, "a")->stats.dropped +
                     qemu_find_netdev(set, "b")->stats.dropped, >=, 1);
    /* Only the loop left: nobody can take a frame, it waits. */
    u->ready = false;
    send_byte_frame(&t->nc, 2, 60, 0);
    net_client_set_free(set);
}

static void test_netdev_errors(void)
{
    NetClientSet *set = net_client_set_new(NULL);
    static const struct {
        const char *spec, *msg;
    } cases[] = {
        { "type=hubport,hubid=0", "Parameter 'id' is missing" },
        { "type=hubport,id=9,hubid=0", "Parameter 'id' expects an identifier" },
        { "type=tap,id=t", "Parameter 'type' does not accept value 'tap'" },
        { "type=hubport,id=h,hubid=0,foo=1", "Invalid parameter 'foo'" },
        { "type=socket,id=s", "exactly one of listen=, connect=, mcast= or "
          "udp= is required" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        Error *err = NULL;

        g_assert_null(netdev_add(set, cases[i].spec, &err));
        g_assert_nonnull(err);
        g_assert_cmpstr(error_get_pretty(err), ==, cases[i].msg);
        error_free(err);
    }
    net_client_set_free(set);
}

/* ---- Filters and pcap ---- */

static ssize_t drop_filter(NetFilterState *nf, NetClientState *sender,
                           NetFilterDirection dir, const struct iovec *iov,
                           int iovcnt)
{
    int *seen = nf->opaque;

    (*seen)++;
    return net_iov_size(iov, iovcnt);
}

static const NetFilterOps drop_ops = { .receive_iov = drop_filter };

static ssize_t dump_filter(NetFilterState *nf, NetClientState *sender,
                           NetFilterDirection dir, const struct iovec *iov,
                           int iovcnt)
{
    net_dump_write(nf->opaque, 1000002, iov, iovcnt);
    return 0;
}

static const NetFilterOps dump_ops = { .receive_iov = dump_filter };

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return v;
}

static void test_filter_dump(void)
{
    NetClientSet *set = net_client_set_new(NULL);
    TestClient *nic = test_client_new(set, NULL, "nic");
    TestClient *be = test_client_new(set, &nic->nc, "be");
    g_autofree char *dir = g_dir_make_tmp("test-net-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "d.pcap", NULL);
    g_autofree uint8_t *data = NULL;
    NetDump *d = net_dump_open(path, 100, &error_abort);
    NetFilterState *nf;
    int dropped = 0;
    size_t len;
    uint8_t a[70], b[200];
    struct iovec iov[2] = { { a, 40 }, { a + 40, 30 } };

    memset(a, 0x11, sizeof(a));
    memset(b, 0x22, sizeof(b));
    net_filter_attach(&be->nc, &dump_ops, NET_FILTER_DIRECTION_ALL, d);
    g_assert_cmpint(qemu_sendv_packet(&nic->nc, iov, 2), ==, 70);  /* rx */
    g_assert_cmpint(qemu_send_packet(&be->nc, b, 200), ==, 200);   /* tx */
    g_assert_cmpuint(be->frames->len, ==, 1);
    g_assert_cmpuint(nic->frames->len, ==, 1);
    /* A consuming filter on rx only: the frame never reaches be. */
    nf = net_filter_attach(&be->nc, &drop_ops, NET_FILTER_DIRECTION_RX,
                           &dropped);
    g_assert_cmpint(qemu_send_packet(&nic->nc, a, 70), ==, 70);
    g_assert_cmpint(qemu_send_packet(&be->nc, b, 20), ==, 20);
    g_assert_cmpint(dropped, ==, 1);
    g_assert_cmpuint(be->frames->len, ==, 1);
    g_assert_cmpuint(nic->frames->len, ==, 2);
    net_filter_detach(nf);
    net_client_set_free(set);
    net_dump_close(d);

    /* Header + 4 records: 70, 200 (cut to 100), 70, 20. */
    g_assert_true(g_file_get_contents(path, (char **)&data, &len, NULL));
    g_assert_cmpuint(len, ==, 24 + 4 * 16 + 70 + 100 + 70 + 20);
    g_assert_cmphex(rd32(data), ==, 0xa1b2c3d4);
    g_assert_cmpuint(data[4] | data[5] << 8, ==, 2);
    g_assert_cmpuint(rd32(data + 16), ==, 100);         /* snaplen */
    g_assert_cmpuint(rd32(data + 20), ==, 1);           /* Ethernet */
    g_assert_cmpuint(rd32(data + 24), ==, 1);           /* ts_sec */
    g_assert_cmpuint(rd32(data + 28), ==, 2);           /* ts_usec */
    g_assert_cmpuint(rd32(data + 32), ==, 70);
    g_assert_cmpuint(rd32(data + 36), ==, 70);
    g_assert_cmpuint(data[40], ==, 0x11);
    g_assert_cmpuint(rd32(data + 110 + 8), ==, 100);    /* caplen */
    g_assert_cmpuint(rd32(data + 110 + 12), ==, 200);   /* len */
    g_assert_cmpuint(data[110 + 16 + 99], ==, 0x22);
    if (g_find_program_in_path("tcpdump")) {
        g_autofree char *cmd = g_strdup_printf("tcpdump -r %s -c 4", path);
        int status;

        g_assert_true(g_spawn_command_line_sync(cmd, NULL, NULL, &status,
                                                NULL));
        g_assert_true(g_spawn_check_wait_status(status, NULL));
    }
    unlink(path);
    rmdir(dir);
}

/* ---- Socket backend ---- */

typedef struct LoopEnv {
    QEMUClocks *clocks;
    MainLoop *ml;
    NetClientSet *set;
} LoopEnv;

static void loop_env_init(LoopEnv *e)
{
    e->clocks = qemu_clocks_new();
    e->ml = main_loop_new(e->clocks);
    e->set = net_client_set_new(e->ml);
}

static void loop_env_free(LoopEnv *e)
{
    net_client_set_free(e->set);
    main_loop_free(e->ml);
    qemu_clocks_free(e->clocks);
}

/* Iterate the loop until @cond or about 5 s of polls. */
#define LOOP_UNTIL(e, cond)                                             \
    do {                                                                \
        for (int _i = 0; _i < 5000 && !(cond); _i++) {                  \
            main_loop_iterate((e)->ml, false);                          \
            if (!(cond)) {                                              \
                g_usleep(1000);                                         \
            }                                                           \
        }                                                               \
        g_assert_true(cond);                                            \
    } while (0)

static int tcp_listener(int *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    g_assert_cmpint(listen(fd, 1), ==, 0);
    getsockname(fd, (struct sockaddr *)&sa, &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

static void write_frame(int fd, uint8_t v, uint32_t len)
{
    g_autofree uint8_t *buf = g_malloc(len + 4);

    buf[0] = len >> 24;
    buf[1] = len >> 16;
    buf[2] = len >> 8;
    buf[3] = len;
    memset(buf + 4, v, len);
    /* Two pieces, to exercise reassembly. */
    g_assert_cmpint(write(fd, buf, 3), ==, 3);
    g_assert_cmpint(write(fd, buf + 3, len + 1), ==, len + 1);
}

static void read_full(int fd, uint8_t *buf, size_t len)
{
    while (len) {
        ssize_t n = read(fd, buf, len);

        g_assert_cmpint(n, >, 0);
        buf += n;
        len -= n;
    }
}

static void test_socket_tcp(void)
{
    LoopEnv e;
    int port, lfd, cfd;
    g_autofree char *spec = NULL;
    NetClientState *be;
    TestClient *nic;
    uint8_t hdr[4], body[100];

    loop_env_init(&e);
    lfd = tcp_listener(&port);
    spec = g_strdup_printf("type=socket,id=s0,connect=127.0.0.1:%d", port);
    be = netdev_add(e.set, spec, &error_abort);
    nic = test_client_new(e.set, be, "nic");
    cfd = accept(lfd, NULL, NULL);
    g_assert_cmpint(cfd, >=, 0);

    /* Host -> guest, with the 4-byte big-endian length prefix. */
    write_frame(cfd, 0x5a, 100);
    write_frame(cfd, 0x5b, 60);
    LOOP_UNTIL(&e, nic->frames->len == 2);
    g_assert_cmpuint(test_frame(nic, 0)->len, ==, 100);
    g_assert_cmpuint(test_frame(nic, 1)->data[59], ==, 0x5b);

    /* The NIC is full: the backend holds the frame until a flush. */
    nic->ready = false;
    write_frame(cfd, 0x5c, 70);
    write_frame(cfd, 0x5d, 71);
    for (int i = 0; i < 50; i++) {
        main_loop_iterate(e.ml, false);
        g_usleep(1000);
    }
    g_assert_cmpuint(nic->frames->len, ==, 2);
    nic->ready = true;
    qemu_flush_queued_packets(&nic->nc);
    LOOP_UNTIL(&e, nic->frames->len == 4);
    g_assert_cmpuint(test_frame(nic, 3)->len, ==, 71);

    /* Guest -> host. */
    send_byte_frame(&nic->nc, 0x77, 100, 100);
    read_full(cfd, hdr, 4);
    g_assert_cmpuint(hdr[2] << 8 | hdr[3], ==, 100);
    read_full(cfd, body, 100);
    g_assert_cmpuint(body[99], ==, 0x77);
    g_assert_cmpuint(be->stats.rx_packets, ==, 1);

    /* Peer gone: frames are dropped, nothing crashes. */
    close(cfd);
    LOOP_UNTIL(&e, strstr(be->info_str, "disconnected"));
    send_byte_frame(&nic->nc, 0x78, 100, 100);
    close(lfd);
    loop_env_free(&e);
}

/*
 * A peer that does not read: the socket fills, the rest of a frame waits
 * in the backend, further frames queue, and all arrive intact and in
 * order once the peer reads.
 */
static void test_socket_backpressure(void)
{
    enum { N = 256, LEN = 60000 };
    LoopEnv e;
    int port, lfd, cfd;
    g_autofree char *spec = NULL;
    g_autofree uint8_t *buf = g_malloc(N * (LEN + 4));
    NetClientState *be;
    TestClient *nic;
    size_t got = 0;

    loop_env_init(&e);
    lfd = tcp_listener(&port);
    setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &(int) { 65536 }, sizeof(int));
    spec = g_strdup_printf("type=socket,id=s0,connect=127.0.0.1:%d", port);
    be = netdev_add(e.set, spec, &error_abort);
    nic = test_client_new(e.set, be, "nic");
    cfd = accept(lfd, NULL, NULL);
    write_frame(cfd, 0, 60);            /* connected once this arrives */
    LOOP_UNTIL(&e, nic->frames->len == 1);
    for (int i = 0; i < N; i++) {
        g_autofree uint8_t *f = g_malloc(LEN);
        struct iovec iov[3] = { { f, 14 }, { f + 14, 100 },
                                { f + 114, LEN - 114 } };

        memset(f, i, LEN);
        qemu_sendv_packet(&nic->nc, iov, 3);
    }
    /* 15 MB cannot all sit in socket buffers: some frames queued. */
    g_assert_cmpuint(be->stats.queued, >, 0);
    g_unix_set_fd_nonblocking(cfd, true, NULL);
    for (int i = 0; i < 20000 && got < N * (LEN + 4); i++) {
        ssize_t n = read(cfd, buf + got, N * (LEN + 4) - got);

        if (n > 0) {
            got += n;
        } else {
            main_loop_iterate(e.ml, false);
        }
    }
    g_assert_cmpuint(got, ==, N * (LEN + 4));
    for (int i = 0; i < N; i++) {
        const uint8_t *f = buf + i * (LEN + 4);

        g_assert_cmpuint(f[0] << 24 | f[1] << 16 | f[2] << 8 | f[3], ==, LEN);
        g_assert_cmpuint(f[4], ==, i);
        g_assert_cmpuint(f[4 + LEN - 1], ==, i);
    }
    close(cfd);
    close(lfd);
    loop_env_free(&e);
}

static void test_socket_refused(void)
{
    LoopEnv e;
    int port, lfd;
    g_autofree char *spec = NULL;
    NetClientState *be;
    TestClient *nic;

    loop_env_init(&e);
    lfd = tcp_listener(&port);
    close(lfd);                         /* nobody listens there now */
    spec = g_strdup_printf("type=socket,id=s0,connect=127.0.0.1:%d", port);
    be = netdev_add(e.set, spec, &error_abort);
    nic = test_client_new(e.set, be, "nic");
    LOOP_UNTIL(&e, strstr(be->info_str, "connect failed"));
    send_byte_frame(&nic->nc, 1, 60, 60);
    loop_env_free(&e);
}

static void test_socket_listen(void)
{
    LoopEnv e;
    int port, lfd, fd;
    g_autofree char *spec = NULL;
    NetClientState *be;
    TestClient *nic;
    struct sockaddr_in sa = { .sin_family = AF_INET };

    loop_env_init(&e);
    lfd = tcp_listener(&port);         /* reserve a free port number */
    close(lfd);
    spec = g_strdup_printf("type=socket,id=s0,listen=127.0.0.1:%d", port);
    be = netdev_add(e.set, spec, &error_abort);
    nic = test_client_new(e.set, be, "nic");
    fd = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(port);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    LOOP_UNTIL(&e, strstr(be->info_str, "connection from"));
    write_frame(fd, 0x42, 1514);
    LOOP_UNTIL(&e, nic->frames->len == 1);
    g_assert_cmpuint(test_frame(nic, 0)->len, ==, 1514);
    /* An oversized length drops the connection; a new client works. */
    write_frame(fd, 0x43, 0);
    {
        uint8_t bad[4] = { 0x7f, 0xff, 0xff, 0xff };

        g_assert_cmpint(write(fd, bad, 4), ==, 4);
    }
    LOOP_UNTIL(&e, be->info_str[0] == '\0');
    close(fd);
    fd = socket(AF_INET, SOCK_STREAM, 0);
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    LOOP_UNTIL(&e, strstr(be->info_str, "connection from"));
    close(fd);
    loop_env_free(&e);
}

static int udp_socket(int *port)
{
    struct sockaddr_in sa = { .sin_family = AF_INET };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), ==, 0);
    getsockname(fd, (struct sockaddr *)&sa, &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

static void test_socket_udp(void)
{
    LoopEnv e;
    int tport, bport, tfd, tmp;
    g_autofree char *spec = NULL;
    NetClientState *be;
    TestClient *nic;
    uint8_t buf[2000];
    struct sockaddr_in to = { .sin_family = AF_INET };

    loop_env_init(&e);
    tfd = udp_socket(&tport);
    tmp = udp_socket(&bport);           /* reserve a port for the backend */
    close(tmp);
    spec = g_strdup_printf("type=socket,id=u0,udp=127.0.0.1:%d,"
                           "localaddr=127.0.0.1:%d", tport, bport);
    be = netdev_add(e.set, spec, &error_abort);
    nic = test_client_new(e.set, be, "nic");
    send_byte_frame(&nic->nc, 0x31, 1000, 1000);
    g_assert_cmpint(recv(tfd, buf, sizeof(buf), 0), ==, 1000);
    g_assert_cmpuint(buf[999], ==, 0x31);
    memset(buf, 0x32, 300);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(bport);
    g_assert_cmpint(sendto(tfd, buf, 300, 0, (struct sockaddr *)&to,
                           sizeof(to)), ==, 300);
    LOOP_UNTIL(&e, nic->frames->len == 1);
    g_assert_cmpuint(test_frame(nic, 0)->len, ==, 300);
    close(tfd);
    loop_env_free(&e);
}

/* Two backends in one multicast group see each other's frames. */
static void test_socket_mcast(void)
{
    LoopEnv e;
    int port, tmp;
    g_autofree char *spec_a = NULL, *spec_b = NULL;
    NetClientState *a, *b;
    TestClient *ta, *tb;
    Error *err = NULL;

    loop_env_init(&e);
    tmp = udp_socket(&port);
    close(tmp);
    spec_a = g_strdup_printf("type=socket,id=a,mcast=239.255.77.1:%d", port);
    spec_b = g_strdup_printf("type=socket,id=b,mcast=239.255.77.1:%d,"
                             "localaddr=127.0.0.1", port);
    a = netdev_add(e.set, spec_a, &err);
    if (!a) {
        g_test_skip(error_get_pretty(err));
        error_free(err);
        loop_env_free(&e);
        return;
    }
    b = netdev_add(e.set, spec_b, &error_abort);
    ta = test_client_new(e.set, a, "ta");
    tb = test_client_new(e.set, b, "tb");
    send_byte_frame(&ta->nc, 0x61, 200, 200);
    for (int i = 0; i < 2000 && tb->frames->len == 0; i++) {
        main_loop_iterate(e.ml, false);
        g_usleep(1000);
    }
    if (tb->frames->len == 0) {
        g_test_skip("no multicast loopback on this host");
    } else {
        g_assert_cmpuint(test_frame(tb, 0)->len, ==, 200);
        g_assert_cmpuint(test_frame(tb, 0)->data[0], ==, 0x61);
    }
    loop_env_free(&e);
}

/* ---- -netdev user ---- */

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v;
}

static uint16_t ip_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += p[i] << 8 | p[i + 1];
    }
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum;
}

/* Ethernet + IPv4 + UDP 68->67 + BOOTP DISCOVER; returns the length. */
static size_t build_dhcp_discover(uint8_t *f, const uint8_t *mac)
{
    uint8_t *ip = f + 14, *udp = ip + 20, *bootp = udp + 8;
    size_t blen = 240 + 4, len;

    memset(f, 0, 14 + 20 + 8 + 300);
    memset(f, 0xff, 6);
    memcpy(f + 6, mac, 6);
    put16(f + 12, 0x0800);
    bootp[0] = 1;                       /* BOOTREQUEST */
    bootp[1] = 1;                       /* Ethernet */
    bootp[2] = 6;
    bootp[4] = 0x12;                    /* xid */
    bootp[7] = 0x34;
    memcpy(bootp + 28, mac, 6);
    bootp[236] = 99;                    /* magic cookie */
    bootp[237] = 130;
    bootp[238] = 83;
    bootp[239] = 99;
    bootp[240] = 53;                    /* DHCP message type: DISCOVER */
    bootp[241] = 1;
    bootp[242] = 1;
    bootp[243] = 255;
    blen = 300;                         /* BOOTP minimum */
    put16(udp, 68);
    put16(udp + 2, 67);
    put16(udp + 4, 8 + blen);
    ip[0] = 0x45;
    put16(ip + 2, 20 + 8 + blen);
    ip[8] = 64;
    ip[9] = 17;
    memset(ip + 16, 0xff, 4);           /* to 255.255.255.255 from 0 */
    put16(ip + 10, ip_checksum(ip, 20));
    len = 14 + 20 + 8 + blen;
    return len;
}

static void test_user_dhcp(void)
{
#ifdef CONFIG_SLIRP
    static const uint8_t mac[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 };
    LoopEnv e;
    NetClientState *be;
    TestClient *nic;
    uint8_t f[14 + 20 + 8 + 300];
    const uint8_t *r, *bootp;
    bool offer = false;
    GByteArray *g;

    loop_env_init(&e);
    be = netdev_add(e.set, "type=user,id=u0,hostfwd=tcp:127.0.0.1:0-:22",
                    &error_abort);
    nic = test_client_new(e.set, be, "nic");
    g_assert_cmpint(qemu_send_packet(&nic->nc, f, build_dhcp_discover(f, mac)),
                    >, 0);
    LOOP_UNTIL(&e, nic->frames->len >= 1);
    g = test_frame(nic, 0);
    r = g->data;
    g_assert_cmpuint(g->len, >, 14 + 20 + 8 + 240);
    g_assert_cmpuint(r[12] << 8 | r[13], ==, 0x0800);
    g_assert_cmpuint(r[14 + 9], ==, 17);                 /* UDP */
    g_assert_cmpuint(r[34] << 8 | r[35], ==, 67);
    g_assert_cmpuint(r[36] << 8 | r[37], ==, 68);
    bootp = r + 42;
    g_assert_cmpuint(bootp[0], ==, 2);                  /* BOOTREPLY */
    g_assert_cmpmem(bootp + 16, 4, ((uint8_t[]) { 10, 0, 2, 15 }), 4);
    for (size_t i = 240; i + 2 < g->len - 42 && bootp[i] != 255;
         i += 2 + bootp[i + 1]) {
        if (bootp[i] == 53 && bootp[i + 2] == 2) {
            offer = true;
        }
    }
    g_assert_true(offer);
    loop_env_free(&e);
#else
    g_test_skip("built without libslirp");
#endif
}

/* A host connection to a hostfwd port reaches the guest as ARP or a SYN. */
static void test_user_hostfwd(void)
{
#ifdef CONFIG_SLIRP
    LoopEnv e;
    NetClientState *be;
    TestClient *nic;
    g_autofree char *spec = NULL;
    struct sockaddr_in sa = { .sin_family = AF_INET };
    int port, fd;
    const uint8_t *r;
    bool arp, syn;

    loop_env_init(&e);
    fd = tcp_listener(&port);           /* reserve a free port number */
    close(fd);
    spec = g_strdup_printf("type=user,id=u0,hostfwd=tcp:127.0.0.1:%d-:22",
                           port);
    be = netdev_add(e.set, spec, &error_abort);
    nic = test_client_new(e.set, be, "nic");
    fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(port);
    connect(fd, (struct sockaddr *)&sa, sizeof(sa));
    LOOP_UNTIL(&e, nic->frames->len >= 1);
    r = test_frame(nic, 0)->data;
    arp = (r[12] << 8 | r[13]) == 0x0806 && r[21] == 1;   /* who-has */
    syn = (r[12] << 8 | r[13]) == 0x0800 && r[23] == 6 &&
          (r[36] << 8 | r[37]) == 22 && (r[47] & 0x02);
    g_assert_true(arp || syn);
    if (arp) {
        g_assert_cmpmem(r + 38, 4, ((uint8_t[]) { 10, 0, 2, 15 }), 4);
    }
    close(fd);
    loop_env_free(&e);
#else
    g_test_skip("built without libslirp");
#endif
}

static void test_user_errors(void)
{
#ifdef CONFIG_SLIRP
    LoopEnv e;
    Error *err = NULL;

    loop_env_init(&e);
    g_assert_null(netdev_add(e.set, "type=user,id=u0,hostfwd=tcp:1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid host forwarding rule 'tcp:1' (No : separators)");
    error_free(err);
    err = NULL;
    g_assert_null(netdev_add(e.set, "type=user,id=u0,net=10.0.2.0/33", &err));
    error_free_or_abort(&err);
    g_assert_null(netdev_add(e.set, "type=user,id=u0,ipv4=off,ipv6=off",
                             &err));
    error_free_or_abort(&err);
    g_assert_nonnull(netdev_add(e.set, "type=user,id=u0,net=192.168.7.0/24",
                                &error_abort));
    loop_env_free(&e);
#else
    g_test_skip("built without libslirp");
#endif
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net/deliver-and-queue", test_deliver_and_queue);
    g_test_add_func("/net/link-and-peerless", test_link_and_peerless);
    g_test_add_func("/net/mac-parse", test_mac_parse);
    g_test_add_func("/net/hub", test_hub);
    g_test_add_func("/net/hub-loop", test_hub_loop);
    g_test_add_func("/net/netdev-errors", test_netdev_errors);
    g_test_add_func("/net/filter-dump", test_filter_dump);
    g_test_add_func("/net/socket/tcp-connect", test_socket_tcp);
    g_test_add_func("/net/socket/tcp-listen", test_socket_listen);
    g_test_add_func("/net/socket/tcp-refused", test_socket_refused);
    g_test_add_func("/net/socket/tcp-backpressure",
                    test_socket_backpressure);
    g_test_add_func("/net/socket/udp", test_socket_udp);
    g_test_add_func("/net/socket/mcast", test_socket_mcast);
    g_test_add_func("/net/user/dhcp", test_user_dhcp);
    g_test_add_func("/net/user/hostfwd", test_user_hostfwd);
    g_test_add_func("/net/user/errors", test_user_errors);
    return g_test_run();
}
