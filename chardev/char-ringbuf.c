/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ringbuf backend: output goes into a power-of-two ring of size= bytes
 * (oldest bytes are overwritten), read back with QMP ringbuf-read.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "char-internal.h"

typedef struct RingBuf {
    uint8_t *data;
    size_t size;            /* power of two */
    uint64_t prod;          /* bytes ever written */
    uint64_t cons;          /* bytes ever read (or overwritten) */
} RingBuf;

static bool ringbuf_open(Chardev *chr, ChardevOptions *o, Error **errp)
{
    RingBuf *rb;

    if (o->size <= 0 || (o->size & (o->size - 1)) ||
        o->size > 1024 * 1024 * 1024) {
        error_setg(errp, "size of ringbuf chardev must be power of two");
        return false;
    }
    rb = g_new0(RingBuf, 1);
    rb->size = o->size;
    rb->data = g_malloc0(rb->size);
    chr->be = rb;
    chardev_set_filename(chr, "ringbuf");
    return true;
}

static ssize_t ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    RingBuf *rb = chr->be;

    for (size_t i = 0; i < len; i++) {
        rb->data[rb->prod++ & (rb->size - 1)] = buf[i];
        if (rb->prod - rb->cons > rb->size) {
            rb->cons = rb->prod - rb->size;
        }
    }
    return len;
}

static void ringbuf_close(Chardev *chr)
{
    RingBuf *rb = chr->be;

    g_free(rb->data);
    g_free(rb);
}

const ChardevOps chardev_ringbuf_ops = {
    .name = "ringbuf",
    .open = ringbuf_open,
    .write = ringbuf_write,
    .close = ringbuf_close,
};

static bool is_ringbuf(Chardev *chr, Error **errp)
{
    if (chr->ops != &chardev_ringbuf_ops) {
        error_setg(errp, "%s is not a ringbuf device", chr->id);
        return false;
    }
    return true;
}

GByteArray *chardev_ringbuf_read(Chardev *chr, size_t size, Error **errp)
{
    RingBuf *rb;
    GByteArray *out;

    if (!is_ringbuf(chr, errp)) {
        return NULL;
    }
    rb = chr->be;
    size = MIN(size, rb->prod - rb->cons);
    out = g_byte_array_sized_new(size);
    for (size_t i = 0; i < size; i++) {
        uint8_t b = rb->data[rb->cons++ & (rb->size - 1)];

        g_byte_array_append(out, &b, 1);
    }
    return out;
}

bool chardev_ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len,
                           Error **errp)
{
    if (!is_ringbuf(chr, errp)) {
        return false;
    }
    chardev_write_all(chr, buf, (int)MIN(len, (size_t)INT_MAX));
    return true;
}
