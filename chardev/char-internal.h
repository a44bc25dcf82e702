/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private interface between the generic chardev code (char.c) and the
 * backends (char-*.c).  Front ends use include/chardev/char.h only.
 */
#ifndef CHARDEV_CHAR_INTERNAL_H
#define CHARDEV_CHAR_INTERNAL_H

#include "chardev/char.h"

/* One attached front end. */
typedef struct CharFrontend {
    Chardev *chr;
    ChardevCanReadFunc *can_read;
    ChardevReadFunc *read;
    ChardevEventFunc *event;
    void *opaque;
    QEMUBH *open_bh;        /* delivers OPENED after attach */
    bool open_sent;         /* OPENED delivered, CLOSED not yet */
} CharFrontend;

typedef struct ChardevOps {
    const char *name;
    /* Open from @o; set the filename.  On failure close() is not called. */
    bool (*open)(Chardev *chr, ChardevOptions *o, Error **errp);
    /*
     * Write without stalling the loop: returns bytes taken (possibly fewer
     * than @len), or -1 with errno (EAGAIN: the rest is queued and retried
     * when out_fd() becomes writable; anything else is a hard error).
     */
    ssize_t (*write)(Chardev *chr, const uint8_t *buf, size_t len);
    int (*out_fd)(Chardev *chr);            /* may be NULL */
    void (*close)(Chardev *chr);            /* may be NULL */
    /* Mux only: its own front-end table replaces the generic single one. */
    void (*fe_set)(Chardev *chr, const CharFrontend *tmpl);
    void (*fe_remove)(Chardev *chr, void *opaque);
    bool (*fe_any)(Chardev *chr);
    void (*accept_input)(Chardev *chr);     /* may be NULL */
} ChardevOps;

struct Chardev {
    const ChardevOps *ops;
    ChardevSet *set;
    MainLoop *ml;
    char *id;
    char *filename;
    bool connected;
    bool has_fe;
    CharFrontend fe;        /* the single front end of non-mux backends */
    GByteArray *outbuf;     /* output the backend could not take yet */
    GSource *out_src;       /* watches out_fd() while outbuf is non-empty */
    int log_fd;             /* logfile=, or -1 */
    void *be;               /* backend state */
};

/* Backends, in char-*.c */
extern const ChardevOps chardev_null_ops;
extern const ChardevOps chardev_stdio_ops;
extern const ChardevOps chardev_file_ops;
extern const ChardevOps chardev_pipe_ops;
extern const ChardevOps chardev_socket_ops;
extern const ChardevOps chardev_ringbuf_ops;
extern const ChardevOps chardev_mux_ops;

/* Mux (char-mux.c): make @mux the front end of @base. */
void chardev_mux_attach(Chardev *mux, Chardev *base);

/* ---- Backend side of the generic code (char.c) ---- */

void chardev_set_filename(Chardev *chr, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* What the front end(s) accept now; 0 without a front end. */
int chardev_be_can_read(Chardev *chr);
void chardev_be_read(Chardev *chr, const uint8_t *buf, int len);
/* OPENED/CLOSED update chr->connected; CLOSED drops queued output. */
void chardev_be_event(Chardev *chr, ChardevEvent ev);

/* Front-end records (the mux keeps its own array of them). */
void chardev_fe_init(CharFrontend *fe, Chardev *chr,
                     const CharFrontend *tmpl, QEMUBHFunc *open_cb);
/* Deliver OPENED to @fe if the stream is open and it has not had it. */
void chardev_fe_deliver_open(CharFrontend *fe);
void chardev_fe_deliver(CharFrontend *fe, ChardevEvent ev);
void chardev_fe_cleanup(CharFrontend *fe);

/* stdio is a process resource: one stdio chardev per set. */
bool chardev_set_claim_stdio(ChardevSet *set, Error **errp);
void chardev_set_release_stdio(ChardevSet *set);
/* ctrl-a x */
void chardev_set_request_quit(ChardevSet *set, MainLoop *ml);
/* Register an already opened chardev (mux base) under its id. */
void chardev_set_add(ChardevSet *set, Chardev *chr);
Chardev *chardev_create(ChardevSet *set, const char *id,
                        const ChardevOps *ops, ChardevOptions *o,
                        MainLoop *ml, Error **errp);

/*
 * Flow-controlled reader: @ready runs when @fd is readable (or hung up)
 * and the front end can take input; the fd is not polled at all while it
 * cannot, so a full front end costs nothing.  Attached to chr's loop.
 */
typedef void ChardevFdReady(Chardev *chr, int fd);
GSource *chardev_fd_reader_new(Chardev *chr, int fd, ChardevFdReady *ready);
/*
 * Read what the front end accepts from @fd and deliver it.  Returns bytes
 * read, 0 on EOF, -1 on error (errno; EAGAIN/EINTR mean nothing to do).
 */
ssize_t chardev_fd_read_deliver(Chardev *chr, int fd);
/* Write all of @buf to a blocking-ish fd (regular file, tty). */
ssize_t chardev_fd_write_full(int fd, const uint8_t *buf, size_t len);

#endif
