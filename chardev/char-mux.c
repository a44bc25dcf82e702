/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mux: several front ends (serial port, HMP monitor) share one backend.
 * Output from every front end goes to the backend; input goes to the front
 * end with the focus.  Ctrl-a commands: c switches the focus, x quits,
 * h prints help, b sends a break, ctrl-a sends a literal ctrl-a.
 *
 * The mux is the (single) front end of its base chardev, named "ID-base".
 * Input the focused front end cannot take yet waits in a small per-front-end
 * buffer, retried every few milliseconds and on chardev_accept_input().
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "char-internal.h"

#define MUX_ESCAPE      0x01        /* ctrl-a */
#define MUX_BUF_SIZE    64
#define MUX_RETRY_NS    (10 * SCALE_MS)

typedef struct MuxFrontend {
    CharFrontend fe;                /* first: the open BH gets &fe */
    bool mux_in_pending;            /* send MUX_IN once OPENED went out */
    GByteArray *pending;            /* input not yet taken */
} MuxFrontend;

typedef struct MuxChardev {
    Chardev *base;
    GPtrArray *fes;                 /* of MuxFrontend *, attach order */
    MuxFrontend *focus;
    bool escape;
    QEMUTimer *retry_timer;
} MuxChardev;

static const char mux_help[] =
    "\n\r"
    "C-a h    print this help\n\r"
    "C-a x    exit emulator\n\r"
    "C-a s    save disk data back to file (if -snapshot)\n\r"
    "C-a t    toggle console timestamps\n\r"
    "C-a b    send break (magic sysrq)\n\r"
    "C-a c    switch between console and monitor\n\r"
    "C-a C-a  sends C-a\n\r";

static const char mux_terminated[] = "QEMU: Terminated\n\r";

static MuxChardev *mux_state(Chardev *chr)
{
    return chr->be;
}

/* ---- Focus and events ---- */

static void mux_send_mux_in(MuxChardev *m)
{
    MuxFrontend *mf = m->focus;

    if (mf && mf->mux_in_pending && mf->fe.open_sent) {
        mf->mux_in_pending = false;
        chardev_fe_deliver(&mf->fe, CHR_EVENT_MUX_IN);
    }
}

static void mux_set_focus(MuxChardev *m, MuxFrontend *mf)
{
    if (m->focus == mf) {
        return;
    }
    if (m->focus) {
        m->focus->mux_in_pending = false;
        chardev_fe_deliver(&m->focus->fe, CHR_EVENT_MUX_OUT);
    }
    m->focus = mf;
    if (mf) {
        mf->mux_in_pending = true;
        mux_send_mux_in(m);
    }
}

static void mux_focus_next(MuxChardev *m)
{
    guint i;

    if (!m->fes->len) {
        return;
    }
    for (i = 0; i < m->fes->len; i++) {
        if (g_ptr_array_index(m->fes, i) == m->focus) {
            break;
        }
    }
    mux_set_focus(m, g_ptr_array_index(m->fes, (i + 1) % m->fes->len));
}

static void mux_fe_open_bh(void *opaque)
{
    MuxFrontend *mf = opaque;
    MuxChardev *m = mux_state(mf->fe.chr);

    chardev_fe_deliver_open(&mf->fe);   /* may detach mf */
    mux_send_mux_in(m);
}

static void mux_base_event(void *opaque, ChardevEvent ev)
{
    Chardev *chr = opaque;
    MuxChardev *m = mux_state(chr);

    if (ev == CHR_EVENT_OPENED || ev == CHR_EVENT_CLOSED) {
        chr->connected = ev == CHR_EVENT_OPENED;
        for (guint i = 0; i < m->fes->len; i++) {
            MuxFrontend *mf = g_ptr_array_index(m->fes, i);

            if (ev == CHR_EVENT_OPENED) {
                chardev_fe_deliver_open(&mf->fe);
            } else if (mf->fe.open_sent) {
                mf->fe.open_sent = false;
                chardev_fe_deliver(&mf->fe, CHR_EVENT_CLOSED);
            }
        }
        mux_send_mux_in(m);
    } else if (m->focus) {
        chardev_fe_deliver(&m->focus->fe, ev);
    }
}

/* ---- Input ---- */

static void mux_flush(MuxChardev *m, MuxFrontend *mf)
{
    Chardev *chr = mf->fe.chr;
    int room;

    while (mf->pending->len && mf->fe.can_read && mf->fe.read &&
           (room = mf->fe.can_read(mf->fe.opaque)) > 0) {
        guint n = MIN((guint)room, mf->pending->len);
        g_autoptr(GByteArray) chunk = g_byte_array_sized_new(n);

        /* Copy first: the read handler may queue more input. */
        g_byte_array_append(chunk, mf->pending->data, n);
        g_byte_array_remove_range(mf->pending, 0, n);
        mf->fe.read(mf->fe.opaque, chunk->data, n);
    }
    if (mf->pending->len && !timer_pending(m->retry_timer)) {
        QEMUClocks *c = main_loop_get_clocks(chr->ml);

        timer_mod_ns(m->retry_timer,
                     qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME) +
                     MUX_RETRY_NS);
    }
}

static void mux_flush_all(MuxChardev *m)
{
    for (guint i = 0; i < m->fes->len; i++) {
        mux_flush(m, g_ptr_array_index(m->fes, i));
    }
}

static void mux_retry_timer(void *opaque)
{
    mux_flush_all(mux_state(opaque));
}

static void mux_queue_byte(MuxChardev *m, uint8_t b)
{
    if (m->focus) {
        g_byte_array_append(m->focus->pending, &b, 1);
    }
}

static void mux_escape_command(Chardev *chr, MuxChardev *m, uint8_t b)
{
    switch (b) {
    case 'h':
    case '?':
        chardev_write_all(m->base, (const uint8_t *)mux_help,
                          sizeof(mux_help) - 1);
        break;
    case 'x':
        chardev_write_all(m->base, (const uint8_t *)mux_terminated,
                          sizeof(mux_terminated) - 1);
        chardev_set_request_quit(chr->set, chr->ml);
        break;
    case 'c':
        mux_focus_next(m);
        break;
    case 'b':
        if (m->focus) {
            chardev_fe_deliver(&m->focus->fe, CHR_EVENT_BREAK);
        }
        break;
    case MUX_ESCAPE:
        mux_queue_byte(m, b);
        break;
    default:
        break;          /* s, t and unknown commands: nothing to do */
    }
}

static int mux_base_can_read(void *opaque)
{
    MuxChardev *m = mux_state(opaque);

    if (!m->focus) {
        return MUX_BUF_SIZE;        /* still watch for ctrl-a commands */
    }
    return MAX(MUX_BUF_SIZE - (int)m->focus->pending->len, 0);
}

static void mux_base_read(void *opaque, const uint8_t *buf, int len)
{
    Chardev *chr = opaque;
    MuxChardev *m = mux_state(chr);

    for (int i = 0; i < len; i++) {
        if (m->escape) {
            m->escape = false;
            mux_escape_command(chr, m, buf[i]);
        } else if (buf[i] == MUX_ESCAPE) {
            m->escape = true;
        } else {
            mux_queue_byte(m, buf[i]);
        }
    }
    if (m->focus) {
        mux_flush(m, m->focus);
    }
}

/* ---- Front ends ---- */

static MuxFrontend *mux_find(MuxChardev *m, void *opaque, guint *index)
{
    for (guint i = 0; i < m->fes->len; i++) {
        MuxFrontend *mf = g_ptr_array_index(m->fes, i);

        if (mf->fe.opaque == opaque) {
            if (index) {
                *index = i;
            }
            return mf;
        }
    }
    return NULL;
}

static void mux_fe_set(Chardev *chr, const CharFrontend *tmpl)
{
    MuxChardev *m = mux_state(chr);
    MuxFrontend *mf = mux_find(m, tmpl->opaque, NULL);

    if (mf) {
        mf->fe.can_read = tmpl->can_read;
        mf->fe.read = tmpl->read;
        mf->fe.event = tmpl->event;
        return;
    }
    mf = g_new0(MuxFrontend, 1);
    mf->pending = g_byte_array_new();
    chardev_fe_init(&mf->fe, chr, tmpl, mux_fe_open_bh);
    g_ptr_array_add(m->fes, mf);
    mux_set_focus(m, mf);
}

static void mux_fe_free(MuxFrontend *mf)
{
    chardev_fe_cleanup(&mf->fe);
    g_byte_array_free(mf->pending, TRUE);
    g_free(mf);
}

static void mux_fe_remove(Chardev *chr, void *opaque)
{
    MuxChardev *m = mux_state(chr);
    guint i;
    MuxFrontend *mf = mux_find(m, opaque, &i);

    if (!mf) {
        return;
    }
    g_ptr_array_remove_index(m->fes, i);
    if (m->focus == mf) {
        m->focus = NULL;
        if (m->fes->len) {
            mux_set_focus(m, g_ptr_array_index(m->fes, m->fes->len - 1));
        }
    }
    mux_fe_free(mf);
}

static bool mux_fe_any(Chardev *chr)
{
    return mux_state(chr)->fes->len > 0;
}

static void mux_accept_input(Chardev *chr)
{
    mux_flush_all(mux_state(chr));
}

/* ---- Ops ---- */

void chardev_mux_attach(Chardev *chr, Chardev *base)
{
    MuxChardev *m = mux_state(chr);

    m->base = base;
    chr->connected = false;
    chardev_set_filename(chr, "mux:%s", base->id);
    chardev_set_handlers(base, mux_base_can_read, mux_base_read,
                         mux_base_event, chr);
}

static bool mux_open(Chardev *chr, ChardevOptions *o, Error **errp)
{
    MuxChardev *m = g_new0(MuxChardev, 1);

    m->fes = g_ptr_array_new();
    m->retry_timer = timer_new_ns(main_loop_get_clocks(chr->ml),
                                  QEMU_CLOCK_REALTIME, mux_retry_timer, chr);
    chr->be = m;
    return true;
}

static ssize_t mux_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    return chardev_write_all(mux_state(chr)->base, buf,
                             (int)MIN(len, (size_t)INT_MAX));
}

static void mux_close(Chardev *chr)
{
    MuxChardev *m = mux_state(chr);

    for (guint i = 0; i < m->fes->len; i++) {
        mux_fe_free(g_ptr_array_index(m->fes, i));
    }
    g_ptr_array_free(m->fes, TRUE);
    timer_free(m->retry_timer);
    if (m->base) {
        chardev_remove_handlers(m->base, chr);
        chardev_delete(m->base);
    }
    g_free(m);
}

const ChardevOps chardev_mux_ops = {
    .name = "mux",
    .open = mux_open,
    .write = mux_write,
    .close = mux_close,
    .fe_set = mux_fe_set,
    .fe_remove = mux_fe_remove,
    .fe_any = mux_fe_any,
    .accept_input = mux_accept_input,
};
