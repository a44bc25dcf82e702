/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * file backend (output to path=, truncated unless append=on) and pipe
 * backend (path=P uses P.in for input and P.out for output when both
 * exist, else P both ways, typically a FIFO).
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "char-internal.h"

typedef struct FdChardev {
    int in_fd;              /* -1 for file */
    int out_fd;
    GSource *reader;
} FdChardev;

static int open_or_error(const char *path, int flags, Error **errp)
{
    int fd = open(path, flags | O_CLOEXEC, 0666);

    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
    }
    return fd;
}

static bool file_open(Chardev *chr, ChardevOptions *o, Error **errp)
{
    FdChardev *s;
    int fd;

    if (!o->path || !*o->path) {
        error_setg(errp, "chardev: file: no filename given");
        return false;
    }
    fd = open_or_error(o->path, O_WRONLY | O_CREAT |
                       (o->append ? O_APPEND : O_TRUNC), errp);
    if (fd < 0) {
        return false;
    }
    s = g_new0(FdChardev, 1);
    s->in_fd = -1;
    s->out_fd = fd;
    chr->be = s;
    chardev_set_filename(chr, "file:%s", o->path);
    return true;
}

static ssize_t file_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    FdChardev *s = chr->be;

    return chardev_fd_write_full(s->out_fd, buf, len);
}

static void fd_close(Chardev *chr)
{
    FdChardev *s = chr->be;

    main_loop_remove_source(s->reader);
    if (s->in_fd >= 0 && s->in_fd != s->out_fd) {
        close(s->in_fd);
    }
    close(s->out_fd);
    g_free(s);
}

const ChardevOps chardev_file_ops = {
    .name = "file",
    .open = file_open,
    .write = file_write,
    .close = fd_close,
};

/* ---- pipe ---- */

static void pipe_ready(Chardev *chr, int fd)
{
    /*
     * Opened read-write, a FIFO never reports EOF; errors other than
     * "nothing there" stop input.
     */
    FdChardev *s = chr->be;
    ssize_t n = chardev_fd_read_deliver(chr, fd);

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        main_loop_remove_source(s->reader);
        s->reader = NULL;
        chardev_be_event(chr, CHR_EVENT_CLOSED);
    }
}

static bool pipe_open_pair(FdChardev *s, const char *path)
{
    g_autofree char *in = g_strdup_printf("%s.in", path);
    g_autofree char *out = g_strdup_printf("%s.out", path);

    s->in_fd = open(in, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    s->out_fd = open(out, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (s->in_fd >= 0 && s->out_fd >= 0) {
        return true;
    }
    if (s->in_fd >= 0) {
        close(s->in_fd);
    }
    if (s->out_fd >= 0) {
        close(s->out_fd);
    }
    return false;
}

static bool pipe_open(Chardev *chr, ChardevOptions *o, Error **errp)
{
    FdChardev *s;

    if (!o->path || !*o->path) {
        error_setg(errp, "chardev: pipe: no filename given");
        return false;
    }
    s = g_new0(FdChardev, 1);
    if (!pipe_open_pair(s, o->path)) {
        s->in_fd = open_or_error(o->path, O_RDWR | O_NONBLOCK, errp);
        if (s->in_fd < 0) {
            g_free(s);
            return false;
        }
        s->out_fd = s->in_fd;
    }
    chr->be = s;
    s->reader = chardev_fd_reader_new(chr, s->in_fd, pipe_ready);
    chardev_set_filename(chr, "pipe:%s", o->path);
    return true;
}

static ssize_t pipe_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    FdChardev *s = chr->be;

    return write(s->out_fd, buf, len);
}

static int pipe_out_fd(Chardev *chr)
{
    return ((FdChardev *)chr->be)->out_fd;
}

const ChardevOps chardev_pipe_ops = {
    .name = "pipe",
    .open = pipe_open,
    .write = pipe_write,
    .out_fd = pipe_out_fd,
    .close = fd_close,
};
