/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A net client's incoming queue: frames that could not be delivered yet,
 * copied, in arrival order, each with its sender and optional sent
 * callback.  The queue is bounded (NET_QUEUE_MAX_LEN frames); frames
 * beyond are dropped, with their sent callback run at once.
 */
#ifndef NET_QUEUE_H
#define NET_QUEUE_H

#include "net/net.h"

#define NET_QUEUE_MAX_LEN 10000

/*
 * Delivers one frame to the queue's owner; returns as a receive function
 * does (> 0 taken, 0 not now: stop flushing, -1 dropped).
 */
typedef ssize_t NetQueueDeliverFunc(NetClientState *sender,
                                    const struct iovec *iov, int iovcnt,
                                    void *opaque);

NetQueue *net_queue_new(NetQueueDeliverFunc *deliver, void *opaque);
/* Frees the queued frames without running their callbacks. */
void net_queue_free(NetQueue *q);
/* Copy the frame in; false (and @sent_cb runs) if the queue is full. */
bool net_queue_append_iov(NetQueue *q, NetClientState *sender,
                          const struct iovec *iov, int iovcnt,
                          NetPacketSent *sent_cb);
/* Deliver in order until empty or a delivery returns 0; true if empty. */
bool net_queue_flush(NetQueue *q);
/* Drop frames (from @from, or all if NULL), running their callbacks. */
void net_queue_purge(NetQueue *q, NetClientState *from);
size_t net_queue_len(NetQueue *q);
bool net_queue_empty(NetQueue *q);

#endif
