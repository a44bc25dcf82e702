/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generic chardev code: the set of chardevs, creation, front ends, the
 * queued output path and the flow-controlled fd reader.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "char-internal.h"

#include <poll.h>

struct ChardevSet {
    GPtrArray *chardevs;        /* creation order */
    bool stdio_in_use;
    void (*quit_fn)(void *opaque);
    void *quit_opaque;
};

/* Output queued beyond this is dropped: a peer that never reads. */
#define CHARDEV_OUTBUF_MAX (64 * 1024 * 1024)

static const ChardevOps *const chardev_backends[] = {
    &chardev_null_ops,
    &chardev_stdio_ops,
    &chardev_file_ops,
    &chardev_pipe_ops,
    &chardev_socket_ops,
    &chardev_ringbuf_ops,
};

/* ---- Sets ---- */

ChardevSet *chardev_set_new(void)
{
    ChardevSet *set = g_new0(ChardevSet, 1);

    set->chardevs = g_ptr_array_new();
    return set;
}

void chardev_set_free(ChardevSet *set)
{
    if (!set) {
        return;
    }
    /* Newest first: a mux goes before its base. */
    while (set->chardevs->len) {
        chardev_delete(g_ptr_array_index(set->chardevs,
                                         set->chardevs->len - 1));
    }
    g_ptr_array_free(set->chardevs, TRUE);
    g_free(set);
}

Chardev *chardev_find(ChardevSet *set, const char *id)
{
    for (guint i = 0; i < set->chardevs->len; i++) {
        Chardev *chr = g_ptr_array_index(set->chardevs, i);

        if (!strcmp(chr->id, id)) {
            return chr;
        }
    }
    return NULL;
}

void chardev_set_foreach(ChardevSet *set,
                         void (*fn)(Chardev *chr, void *opaque),
                         void *opaque)
{
    for (guint i = 0; i < set->chardevs->len; i++) {
        fn(g_ptr_array_index(set->chardevs, i), opaque);
    }
}

void chardev_set_quit_handler(ChardevSet *set, void (*fn)(void *opaque),
                              void *opaque)
{
    set->quit_fn = fn;
    set->quit_opaque = opaque;
}

void chardev_set_request_quit(ChardevSet *set, MainLoop *ml)
{
    if (set->quit_fn) {
        set->quit_fn(set->quit_opaque);
    } else {
        main_loop_request_exit(ml);
    }
}

bool chardev_set_claim_stdio(ChardevSet *set, Error **errp)
{
    if (set->stdio_in_use) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return false;
    }
    set->stdio_in_use = true;
    return true;
}

void chardev_set_release_stdio(ChardevSet *set)
{
    set->stdio_in_use = false;
}

void chardev_set_add(ChardevSet *set, Chardev *chr)
{
    chr->set = set;
    g_ptr_array_add(set->chardevs, chr);
}

/* ---- Creation ---- */

static const ChardevOps *chardev_lookup(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(chardev_backends); i++) {
        if (!strcmp(chardev_backends[i]->name, name)) {
            return chardev_backends[i];
        }
    }
    return NULL;
}

static bool chardev_open_log(Chardev *chr, ChardevOptions *o, Error **errp)
{
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

    if (!o || !o->logfile) {
        return true;
    }
    flags |= o->logappend ? O_APPEND : O_TRUNC;
    chr->log_fd = open(o->logfile, flags, 0666);
    if (chr->log_fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", o->logfile);
        return false;
    }
    return true;
}

static void chardev_free_struct(Chardev *chr)
{
    if (chr->log_fd >= 0) {
        close(chr->log_fd);
    }
    g_byte_array_free(chr->outbuf, TRUE);
    g_free(chr->id);
    g_free(chr->filename);
    g_free(chr);
}

/* Allocate and open one chardev of type @ops, and add it to @set. */
Chardev *chardev_create(ChardevSet *set, const char *id,
                        const ChardevOps *ops, ChardevOptions *o,
                        MainLoop *ml, Error **errp)
{
    Chardev *chr = g_new0(Chardev, 1);

    chr->ops = ops;
    chr->set = set;
    chr->ml = ml;
    chr->id = g_strdup(id);
    chr->filename = g_strdup(ops->name);
    chr->outbuf = g_byte_array_new();
    chr->log_fd = -1;
    chr->connected = true;
    if (!chardev_open_log(chr, o, errp) || !ops->open(chr, o, errp)) {
        chardev_free_struct(chr);
        return NULL;
    }
    chardev_set_add(set, chr);
    return chr;
}

Chardev *chardev_new(ChardevSet *set, const char *id, ChardevOptions *o,
                     MainLoop *ml, Error **errp)
{
    const ChardevOps *ops;
    g_autofree char *base_id = NULL;
    Chardev *base, *mux;

    id = id ? id : o->id;
    if (o->none || o->chardev_ref || !o->backend) {
        error_setg(errp, "Parameter 'backend' is missing");
        return NULL;
    }
    ops = chardev_lookup(o->backend);
    if (!ops) {
        error_setg(errp, "'%s' is not a valid char driver name", o->backend);
        return NULL;
    }
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return NULL;
    }
    base_id = g_strdup_printf("%s-base", id);
    if (chardev_find(set, id) || (o->mux && chardev_find(set, base_id))) {
        error_setg(errp, "Duplicate ID '%s' for chardev", id);
        return NULL;
    }
    if (!o->mux) {
        return chardev_create(set, id, ops, o, ml, errp);
    }
    base = chardev_create(set, base_id, ops, o, ml, errp);
    if (!base) {
        return NULL;
    }
    mux = chardev_create(set, id, &chardev_mux_ops, NULL, ml, errp);
    g_assert(mux);              /* opening a mux cannot fail */
    chardev_mux_attach(mux, base);
    return mux;
}

void chardev_delete(Chardev *chr)
{
    if (!chr) {
        return;
    }
    g_ptr_array_remove(chr->set->chardevs, chr);
    if (chr->has_fe) {
        chardev_fe_cleanup(&chr->fe);
        chr->has_fe = false;
    }
    main_loop_remove_source(chr->out_src);
    chr->out_src = NULL;
    if (chr->ops->close) {
        chr->ops->close(chr);
    }
    chardev_free_struct(chr);
}

/* ---- Accessors ---- */

const char *chardev_get_id(Chardev *chr)
{
    return chr->id;
}

const char *chardev_get_backend(Chardev *chr)
{
    return chr->ops->name;
}

const char *chardev_get_filename(Chardev *chr)
{
    return chr->filename;
}

void chardev_set_filename(Chardev *chr, const char *fmt, ...)
{
    va_list ap;

    g_free(chr->filename);
    va_start(ap, fmt);
    chr->filename = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

bool chardev_is_mux(Chardev *chr)
{
    return chr->ops == &chardev_mux_ops;
}

bool chardev_is_connected(Chardev *chr)
{
    return chr->connected;
}

/* ---- Front ends ---- */

static void fe_open_bh(void *opaque)
{
    chardev_fe_deliver_open(opaque);
}

void chardev_fe_init(CharFrontend *fe, Chardev *chr,
                     const CharFrontend *tmpl, QEMUBHFunc *open_cb)
{
    fe->chr = chr;
    fe->can_read = tmpl->can_read;
    fe->read = tmpl->read;
    fe->event = tmpl->event;
    fe->opaque = tmpl->opaque;
    fe->open_sent = false;
    fe->open_bh = qemu_bh_new(chr->ml, open_cb, fe);
    qemu_bh_schedule(fe->open_bh);
}

void chardev_fe_deliver(CharFrontend *fe, ChardevEvent ev)
{
    if (fe->event) {
        fe->event(fe->opaque, ev);
    }
}

void chardev_fe_deliver_open(CharFrontend *fe)
{
    if (!fe->chr->connected || fe->open_sent) {
        return;
    }
    qemu_bh_cancel(fe->open_bh);
    fe->open_sent = true;
    chardev_fe_deliver(fe, CHR_EVENT_OPENED);
}

void chardev_fe_cleanup(CharFrontend *fe)
{
    qemu_bh_delete(fe->open_bh);
    memset(fe, 0, sizeof(*fe));
}

void chardev_set_handlers(Chardev *chr, ChardevCanReadFunc *can_read,
                          ChardevReadFunc *read, ChardevEventFunc *event,
                          void *opaque)
{
    CharFrontend tmpl = {
        .can_read = can_read, .read = read, .event = event, .opaque = opaque,
    };

    if (!can_read && !read && !event) {
        chardev_remove_handlers(chr, opaque);
        return;
    }
    if (chr->ops->fe_set) {
        chr->ops->fe_set(chr, &tmpl);
        return;
    }
    if (chr->has_fe && chr->fe.opaque == opaque) {
        /* Same front end: new handlers, no second OPENED. */
        chr->fe.can_read = can_read;
        chr->fe.read = read;
        chr->fe.event = event;
        return;
    }
    if (chr->has_fe) {
        chardev_fe_cleanup(&chr->fe);
    }
    chardev_fe_init(&chr->fe, chr, &tmpl, fe_open_bh);
    chr->has_fe = true;
}

void chardev_remove_handlers(Chardev *chr, void *opaque)
{
    if (chr->ops->fe_remove) {
        chr->ops->fe_remove(chr, opaque);
    } else if (chr->has_fe && chr->fe.opaque == opaque) {
        chardev_fe_cleanup(&chr->fe);
        chr->has_fe = false;
    }
}

bool chardev_has_frontend(Chardev *chr)
{
    return chr->ops->fe_any ? chr->ops->fe_any(chr) : chr->has_fe;
}

bool chardev_is_busy(Chardev *chr)
{
    return !chardev_is_mux(chr) && chardev_has_frontend(chr);
}

void chardev_accept_input(Chardev *chr)
{
    if (chr->ops->accept_input) {
        chr->ops->accept_input(chr);
    }
    main_loop_wakeup(chr->ml);
}

/* ---- Backend side ---- */

int chardev_be_can_read(Chardev *chr)
{
    if (!chr->has_fe || !chr->fe.can_read) {
        return 0;
    }
    return MAX(chr->fe.can_read(chr->fe.opaque), 0);
}

void chardev_be_read(Chardev *chr, const uint8_t *buf, int len)
{
    if (chr->has_fe && chr->fe.read && len > 0) {
        chr->fe.read(chr->fe.opaque, buf, len);
    }
}

static void chardev_drop_output(Chardev *chr)
{
    g_byte_array_set_size(chr->outbuf, 0);
    main_loop_remove_source(chr->out_src);
    chr->out_src = NULL;
}

void chardev_be_event(Chardev *chr, ChardevEvent ev)
{
    switch (ev) {
    case CHR_EVENT_OPENED:
        chr->connected = true;
        if (chr->has_fe) {
            chardev_fe_deliver_open(&chr->fe);
        }
        return;
    case CHR_EVENT_CLOSED:
        chr->connected = false;
        chardev_drop_output(chr);
        if (chr->has_fe && chr->fe.open_sent) {
            chr->fe.open_sent = false;
            chardev_fe_deliver(&chr->fe, CHR_EVENT_CLOSED);
        }
        return;
    default:
        if (chr->has_fe) {
            chardev_fe_deliver(&chr->fe, ev);
        }
        return;
    }
}

/* ---- Output ---- */

static gboolean chardev_out_ready(gint fd, GIOCondition cond, void *opaque)
{
    Chardev *chr = opaque;
    ssize_t n;

    n = chr->ops->write(chr, chr->outbuf->data, chr->outbuf->len);
    if (n > 0) {
        g_byte_array_remove_range(chr->outbuf, 0, n);
    } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        g_byte_array_set_size(chr->outbuf, 0);      /* hard error */
    }
    if (chr->outbuf->len) {
        return G_SOURCE_CONTINUE;
    }
    g_source_unref(chr->out_src);
    chr->out_src = NULL;
    return G_SOURCE_REMOVE;
}

static void chardev_queue_output(Chardev *chr, const uint8_t *buf,
                                 size_t len)
{
    int fd = chr->ops->out_fd ? chr->ops->out_fd(chr) : -1;

    if (fd < 0 || chr->outbuf->len + len > CHARDEV_OUTBUF_MAX) {
        return;         /* nowhere to wait on, or a peer that never reads */
    }
    g_byte_array_append(chr->outbuf, buf, len);
    if (!chr->out_src) {
        chr->out_src = main_loop_add_fd(chr->ml, fd, G_IO_OUT,
                                        chardev_out_ready, chr);
    }
}

int chardev_write_all(Chardev *chr, const uint8_t *buf, int len)
{
    ssize_t n = 0;

    if (len <= 0) {
        return 0;
    }
    if (chr->log_fd >= 0) {
        chardev_fd_write_full(chr->log_fd, buf, len);
    }
    if (!chr->outbuf->len) {
        n = chr->ops->write(chr, buf, len);
        if (n < 0 && errno != EAGAIN && errno != EINTR) {
            return -1;
        }
        n = MAX(n, 0);
    }
    if (n < len) {
        chardev_queue_output(chr, buf + n, len - n);
    }
    return len;
}

size_t chardev_pending_output(Chardev *chr)
{
    return chr->outbuf->len;
}

ssize_t chardev_fd_write_full(int fd, const uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = write(fd, buf + done, len - done);

        if (n < 0 && errno == EAGAIN) {
            struct pollfd pfd = { .fd = fd, .events = POLLOUT };

            poll(&pfd, 1, 1000);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return -1;
        }
        done += n;
    }
    return done;
}

/* ---- Flow-controlled reader ---- */

typedef struct ChardevReadSource {
    GSource src;
    GPollFD pfd;
    bool polling;
    Chardev *chr;
    ChardevFdReady *ready;
} ChardevReadSource;

static gboolean read_source_prepare(GSource *src, gint *timeout)
{
    ChardevReadSource *rs = (ChardevReadSource *)src;
    bool want = chardev_be_can_read(rs->chr) > 0;

    if (want != rs->polling) {
        if (want) {
            g_source_add_poll(src, &rs->pfd);
        } else {
            g_source_remove_poll(src, &rs->pfd);
        }
        rs->polling = want;
    }
    *timeout = -1;
    return FALSE;
}

static gboolean read_source_check(GSource *src)
{
    ChardevReadSource *rs = (ChardevReadSource *)src;

    return rs->polling && rs->pfd.revents != 0;
}

static gboolean read_source_dispatch(GSource *src, GSourceFunc cb,
                                     gpointer data)
{
    ChardevReadSource *rs = (ChardevReadSource *)src;

    rs->pfd.revents = 0;
    rs->ready(rs->chr, rs->pfd.fd);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs read_source_funcs = {
    .prepare = read_source_prepare,
    .check = read_source_check,
    .dispatch = read_source_dispatch,
};

GSource *chardev_fd_reader_new(Chardev *chr, int fd, ChardevFdReady *ready)
{
    GSource *src = g_source_new(&read_source_funcs,
                                sizeof(ChardevReadSource));
    ChardevReadSource *rs = (ChardevReadSource *)src;

    rs->pfd.fd = fd;
    rs->pfd.events = G_IO_IN | G_IO_HUP | G_IO_ERR;
    rs->chr = chr;
    rs->ready = ready;
    /* As in main_loop_add_fd(): no block/unblock churn per dispatch. */
    g_source_set_can_recurse(src, TRUE);
    g_source_attach(src, main_loop_get_context(chr->ml));
    return src;
}

ssize_t chardev_fd_read_deliver(Chardev *chr, int fd)
{
    uint8_t buf[4096];
    int room = chardev_be_can_read(chr);
    ssize_t n;

    if (room <= 0) {
        errno = EAGAIN;
        return -1;
    }
    n = read(fd, buf, MIN((size_t)room, sizeof(buf)));
    if (n > 0) {
        chardev_be_read(chr, buf, n);
    }
    return n;
}
