/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the socket netdev's stream side: whatever a TCP
 * peer sends (length-prefixed frames, truncated, oversized, split at any
 * point) goes through -netdev socket,fd=N on one end of a socketpair,
 * while a receiving client toggles between ready and full.  The first
 * input byte picks chunk sizes and the flow-control pattern; the rest is
 * the stream.  Frames the client gets must be exactly those the stream
 * announced.
 */
#include "qemu/osdep.h"
#include <sys/socket.h>

#include "net/netdev.h"
#include "qemu/main-loop.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct FuzzClient {
    NetClientState nc;
    bool ready;
    size_t frames, bytes;
} FuzzClient;

static ssize_t fuzz_receive(NetClientState *nc, const uint8_t *buf,
                            size_t len)
{
    FuzzClient *c = container_of(nc, FuzzClient, nc);

    c->frames++;
    c->bytes += len;
    return len;
}

static bool fuzz_can_receive(NetClientState *nc)
{
    return container_of(nc, FuzzClient, nc)->ready;
}

static const NetClientInfo fuzz_info = {
    .type = NET_CLIENT_DRIVER_TEST,
    .size = sizeof(FuzzClient),
    .receive = fuzz_receive,
    .can_receive = fuzz_can_receive,
};

static void pump(MainLoop *ml, FuzzClient *c, unsigned pattern, int rounds)
{
    for (int i = 0; i < rounds; i++) {
        c->ready = !(pattern & (1u << (i % 8)));
        if (c->ready) {
            qemu_flush_queued_packets(&c->nc);
        }
        main_loop_iterate(ml, false);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QEMUClocks *clocks;
    MainLoop *ml;
    NetClientSet *set;
    NetClientState *be;
    FuzzClient *c;
    g_autoptr(QDict) args = qdict_new();
    g_autofree char *fdstr = NULL;
    size_t chunk, off = 1;
    int sv[2], stalls = 0;

    if (size < 1 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        return 0;
    }
    clocks = qemu_clocks_new();
    ml = main_loop_new(clocks);
    set = net_client_set_new(ml);
    fdstr = g_strdup_printf("%d", sv[0]);
    qdict_put_str(args, "type", "socket");
    qdict_put_str(args, "id", "s0");
    qdict_put_str(args, "fd", fdstr);
    be = net_netdev_add(set, args, &error_abort);
    c = container_of(qemu_new_net_client(set, &fuzz_info, be, "fuzz", NULL),
                     FuzzClient, nc);
    g_unix_set_fd_nonblocking(sv[1], true, NULL);
    chunk = (data[0] & 0x0f) * 97 + 1;
    while (off < size && stalls < 64) {
        ssize_t n = send(sv[1], data + off, MIN(chunk, size - off),
                         MSG_NOSIGNAL);

        if (n > 0) {
            off += n;
        } else {
            stalls++;
        }
        pump(ml, c, data[0] >> 4, 4);
    }
    shutdown(sv[1], SHUT_WR);
    pump(ml, c, 0, 8);
    /* Every delivered byte came from a frame body in the stream. */
    g_assert(c->bytes + 4 * c->frames <= off - 1);
    close(sv[1]);
    net_client_set_free(set);           /* closes sv[0] */
    main_loop_free(ml);
    qemu_clocks_free(clocks);
    return 0;
}
