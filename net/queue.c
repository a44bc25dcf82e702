/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-client queue of frames waiting for the receiver (see net/queue.h).
 */
#include "qemu/osdep.h"
#include "net/queue.h"
#include "net/netdev.h"

typedef struct NetPacket {
    NetClientState *sender;
    NetPacketSent *sent_cb;
    size_t size;
    uint8_t data[];
} NetPacket;

struct NetQueue {
    NetQueueDeliverFunc *deliver;
    void *opaque;
    GQueue packets;             /* NetPacket * */
    bool flushing;
};

NetQueue *net_queue_new(NetQueueDeliverFunc *deliver, void *opaque)
{
    NetQueue *q = g_new0(NetQueue, 1);

    q->deliver = deliver;
    q->opaque = opaque;
    g_queue_init(&q->packets);
    return q;
}

void net_queue_free(NetQueue *q)
{
    if (!q) {
        return;
    }
    g_queue_clear_full(&q->packets, g_free);
    g_free(q);
}

bool net_queue_append_iov(NetQueue *q, NetClientState *sender,
                          const struct iovec *iov, int iovcnt,
                          NetPacketSent *sent_cb)
{
    size_t size = net_iov_size(iov, iovcnt);
    NetPacket *p;

    if (g_queue_get_length(&q->packets) >= NET_QUEUE_MAX_LEN) {
        if (sent_cb) {
            sent_cb(sender, 0);
        }
        return false;
    }
    p = g_malloc(sizeof(*p) + size);
    p->sender = sender;
    p->sent_cb = sent_cb;
    p->size = net_iov_to_buf(iov, iovcnt, 0, p->data, size);
    g_queue_push_tail(&q->packets, p);
    return true;
}

bool net_queue_flush(NetQueue *q)
{
    NetPacket *p;

    if (q->flushing) {
        /* A delivery sent into this queue again: the outer loop goes on. */
        return false;
    }
    q->flushing = true;
    while ((p = g_queue_pop_head(&q->packets))) {
        struct iovec iov = { .iov_base = p->data, .iov_len = p->size };
        ssize_t ret = q->deliver(p->sender, &iov, 1, q->opaque);

        if (ret == 0) {
            g_queue_push_head(&q->packets, p);
            break;
        }
        if (p->sent_cb) {
            p->sent_cb(p->sender, ret);
        }
        g_free(p);
    }
    q->flushing = false;
    return g_queue_is_empty(&q->packets);
}

void net_queue_purge(NetQueue *q, NetClientState *from)
{
    GList *l = q->packets.head;

    while (l) {
        GList *next = l->next;
        NetPacket *p = l->data;

        if (!from || p->sender == from) {
            g_queue_delete_link(&q->packets, l);
            if (p->sent_cb) {
                p->sent_cb(p->sender, 0);
            }
            g_free(p);
        }
        l = next;
    }
}

size_t net_queue_len(NetQueue *q)
{
    return g_queue_get_length(&q->packets);
}

bool net_queue_empty(NetQueue *q)
{
    return g_queue_is_empty(&q->packets);
}
