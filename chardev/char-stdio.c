/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stdio backend: input from fd 0, output to fd 1.  When stdin is a
 * terminal it is put in raw mode (ctrl-c still raises SIGINT unless
 * signal=off) and restored when the chardev goes or the process exits.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"
#include "char-internal.h"

#include <termios.h>

typedef struct StdioChardev {
    GSource *reader;
} StdioChardev;

/*
 * The terminal is a process-wide resource, and exit() paths (error_fatal)
 * must still restore it, so the saved settings live here, with an atexit
 * handler registered once.
 */
static struct termios stdio_saved_tty;
static bool stdio_tty_saved;

static void stdio_restore_tty(void)
{
    if (stdio_tty_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &stdio_saved_tty);
        stdio_tty_saved = false;
    }
}

static void stdio_set_raw(bool allow_signals)
{
    static bool atexit_done;
    struct termios tty;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &tty) < 0) {
        return;
    }
    if (!stdio_tty_saved) {
        stdio_saved_tty = tty;
        stdio_tty_saved = true;
    }
    if (!atexit_done) {
        atexit(stdio_restore_tty);
        atexit_done = true;
    }
    tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                     ICRNL | IXON);
    tty.c_oflag |= OPOST;       /* keep "\n" -> "\r\n" on output */
    tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!allow_signals) {
        tty.c_lflag &= ~ISIG;
    }
    tty.c_cflag &= ~(CSIZE | PARENB);
    tty.c_cflag |= CS8;
    tty.c_cc[VMIN] = 1;
    tty.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &tty);
}

static void stdio_ready(Chardev *chr, int fd)
{
    StdioChardev *s = chr->be;
    ssize_t n = chardev_fd_read_deliver(chr, fd);

    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        /* EOF on stdin: output still works, input is over. */
        main_loop_remove_source(s->reader);
        s->reader = NULL;
        chardev_be_event(chr, CHR_EVENT_CLOSED);
    }
}

static bool stdio_open(Chardev *chr, ChardevOptions *o, Error **errp)
{
    StdioChardev *s;

    if (!chardev_set_claim_stdio(chr->set, errp)) {
        return false;
    }
    s = g_new0(StdioChardev, 1);
    chr->be = s;
    stdio_set_raw(o->signal);
    s->reader = chardev_fd_reader_new(chr, STDIN_FILENO, stdio_ready);
    chardev_set_filename(chr, "stdio");
    return true;
}

static ssize_t stdio_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    return chardev_fd_write_full(STDOUT_FILENO, buf, len);
}

static void stdio_close(Chardev *chr)
{
    StdioChardev *s = chr->be;

    main_loop_remove_source(s->reader);
    stdio_restore_tty();
    chardev_set_release_stdio(chr->set);
    g_free(s);
}

const ChardevOps chardev_stdio_ops = {
    .name = "stdio",
    .open = stdio_open,
    .write = stdio_write,
    .close = stdio_close,
};
