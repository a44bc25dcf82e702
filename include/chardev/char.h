/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Character backends ("chardevs").
 *
 * A Chardev is a byte stream to the host: null, stdio, file, socket (unix or
 * tcp, client or server), pipe, ringbuf, or a mux that shares one backend
 * between several front ends (mon:stdio, -nographic).  The machine owns a
 * ChardevSet holding them by id.  Front ends -- serial devices, the QMP/HMP
 * monitor, the qtest server -- attach handlers and write bytes; all I/O runs
 * on the machine's MainLoop.
 *
 * Creating one:
 *
 *   ChardevOptions *o = chardev_options_new();
 *   chardev_options_set(o, "backend", "socket", errp);    -chardev keys,
 *   chardev_options_set(o, "path", "/tmp/s", errp);       one at a time
 *     -- or --
 *   chardev_parse_legacy("unix:/tmp/s,server=on,wait=off", o, errp);
 *   chr = chardev_new(set, "char0", o, ml, errp);
 *   chardev_options_free(o);
 *
 * Front ends:
 *
 *   chardev_set_handlers(chr, can_read, read, event, dev);
 *   chardev_write_all(chr, buf, len);
 *
 * can_read returns how many bytes the front end accepts now; the backend
 * reads no more than that (flow control is re-evaluated every loop
 * iteration).  Events: CHR_EVENT_OPENED once the stream is open -- for a
 * backend already open when handlers are set, it is delivered from a bottom
 * half right after chardev_set_handlers() -- and CHR_EVENT_CLOSED on EOF or
 * peer disconnect.  A server socket accepts a new client after the old one
 * goes; a client with reconnect=N retries every N seconds.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qemu/main-loop.h"

typedef enum ChardevEvent {
    CHR_EVENT_OPENED,
    CHR_EVENT_CLOSED,
    CHR_EVENT_BREAK,        /* mux ctrl-a b: serial break */
    CHR_EVENT_MUX_IN,       /* mux: this front end now has the focus */
    CHR_EVENT_MUX_OUT,      /* mux: this front end lost the focus */
} ChardevEvent;

typedef struct Chardev Chardev;
typedef struct ChardevSet ChardevSet;

typedef int ChardevCanReadFunc(void *opaque);
typedef void ChardevReadFunc(void *opaque, const uint8_t *buf, int len);
typedef void ChardevEventFunc(void *opaque, ChardevEvent event);

/*
 * Options of every backend (the union, as with QEMU's -chardev: a key that
 * a backend does not use is accepted and ignored).  Filled by
 * chardev_options_set() or chardev_parse_legacy(), or directly (QMP
 * chardev-add); strings are owned (g_free'd by chardev_options_free()).
 */
typedef struct ChardevOptions {
    char *backend;          /* "socket", "file", ...; NULL for none/ref */
    char *id;               /* "id" key, if fed in; chardev_new's id wins */
    char *path;             /* file, pipe, unix socket */
    char *host;             /* tcp socket */
    char *port;             /* tcp socket, numeric */
    bool server;            /* socket: listen (default off) */
    bool wait;              /* socket server: block until a client (on) */
    bool nodelay;           /* tcp: TCP_NODELAY (off) */
    int64_t reconnect_ms;   /* socket client: retry period, 0 = never */
    bool append;            /* file: append instead of truncate (off) */
    bool signal;            /* stdio: ctrl-c raises SIGINT (on) */
    bool mux;               /* wrap in a mux (mux=on, mon:) */
    int64_t size;           /* ringbuf size in bytes (65536) */
    bool ipv4, ipv6;        /* tcp: restrict the address family */
    char *logfile;          /* copy all output to this file too */
    bool logappend;         /* logfile: append (off) */
    /* Legacy-spec results for the command-line code: */
    bool monitor;           /* "mon:..." -- also attach an HMP monitor */
    bool none;              /* "none" -- no chardev at all */
    char *chardev_ref;      /* "chardev:ID" -- use existing chardev ID */
} ChardevOptions;

ChardevOptions *chardev_options_new(void);
void chardev_options_free(ChardevOptions *o);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ChardevOptions, chardev_options_free)

/*
 * Set one -chardev key ("backend", "id", "path", "host", "port", "server",
 * "wait", "nodelay", "delay", "reconnect" (s), "reconnect-ms", "append",
 * "signal", "mux", "size", "ipv4", "ipv6", "logfile", "logappend").
 * Booleans take on/off/yes/no/true/false/y/n.  Errors:
 * "Invalid parameter 'KEY'", "Parameter 'KEY' expects 'on' or 'off'",
 * "Parameter 'KEY' expects a number".  The caller handles QemuOpts
 * short-form booleans and their deprecation warning.
 */
bool chardev_options_set(ChardevOptions *o, const char *key,
                         const char *value, Error **errp);

/*
 * Parse a legacy spec (-serial, -monitor, -qmp, -qtest, -parallel):
 *   null | none | stdio | vc[:...] (= null: we have no virtual console) |
 *   mon:SPEC | chardev:ID | file:PATH | pipe:PATH |
 *   unix:PATH[,server=on|off][,wait=on|off][,reconnect=N][,...] |
 *   tcp:[HOST]:PORT[,...]  (HOST may be [v6addr]; empty means localhost for
 *   a client and every address for a server)
 * Options after the first comma go through chardev_options_set(); bare
 * "server", "nowait", "nodelay" style short forms are accepted silently.
 * Unknown: "'SPEC' is not a valid char driver".  @o should be fresh.
 */
bool chardev_parse_legacy(const char *spec, ChardevOptions *o, Error **errp);

/* ---- Sets and creation ---- */

ChardevSet *chardev_set_new(void);
/* Deletes every chardev (restoring the terminal) and the set. */
void chardev_set_free(ChardevSet *set);
Chardev *chardev_find(ChardevSet *set, const char *id);
/* Calls @fn on each chardev in creation order (mux backends included). */
void chardev_set_foreach(ChardevSet *set,
                         void (*fn)(Chardev *chr, void *opaque),
                         void *opaque);
/*
 * What ctrl-a x on a mux does: by default main_loop_request_exit() on the
 * mux's loop; the runstate code installs a "quit" here.
 */
void chardev_set_quit_handler(ChardevSet *set, void (*fn)(void *opaque),
                              void *opaque);

/*
 * Create chardev @id (NULL: use o->id) from @o.  Errors:
 * "'foo' is not a valid char driver name", "Duplicate ID 'a' for chardev",
 * "cannot use stdio by multiple character devices", "Failed to connect to
 * 'PATH': <strerror>", "Could not open 'PATH': <strerror>", ...  With
 * mux=on the set also holds the underlying backend as "ID-base".  A socket
 * server with wait=on prints "QEMU waiting for connection on: FILENAME"
 * (info_report) and blocks until a client connects.  o->none and
 * o->chardev_ref are the caller's business (error if set).
 */
Chardev *chardev_new(ChardevSet *set, const char *id, ChardevOptions *o,
                     MainLoop *ml, Error **errp);
/* Remove from its set and free (chardev-remove); NULL is ignored. */
void chardev_delete(Chardev *chr);

const char *chardev_get_id(Chardev *chr);
/* Backend name: "null", "stdio", "file", "socket", "pipe", "ringbuf", "mux" */
const char *chardev_get_backend(Chardev *chr);
/*
 * QEMU-style description for query-chardev and messages, e.g.
 * "disconnected:unix:/tmp/s,server=on", "unix:/tmp/s,server=on", "stdio",
 * "file", "null".
 */
const char *chardev_get_filename(Chardev *chr);
bool chardev_is_mux(Chardev *chr);

/* ---- Front ends ---- */

/*
 * Attach, update or (all NULL handlers) detach the front end identified by
 * @opaque.  A plain chardev has one front end: a different opaque replaces
 * it.  A mux keeps up to 4, the most recently attached getting the focus
 * (so the serial device, attached after the monitor, shows first).
 */
void chardev_set_handlers(Chardev *chr, ChardevCanReadFunc *can_read,
                          ChardevReadFunc *read, ChardevEventFunc *event,
                          void *opaque);
void chardev_remove_handlers(Chardev *chr, void *opaque);
/* Some front end is attached (query-chardev "frontend-open"). */
bool chardev_has_frontend(Chardev *chr);
/* A non-mux chardev with a front end cannot take another device. */
bool chardev_is_busy(Chardev *chr);

/*
 * Write all of @buf.  Never blocks the loop on a slow or dead peer: what
 * the backend cannot take now is queued and flushed as it drains.  Output
 * while no peer is connected is discarded (like QEMU).  Returns @len, or -1
 * on a hard I/O error.
 */
int chardev_write_all(Chardev *chr, const uint8_t *buf, int len);
/* Bytes queued for output and not yet written. */
size_t chardev_pending_output(Chardev *chr);
/* The stream is open: a socket peer is connected; other backends: true. */
bool chardev_is_connected(Chardev *chr);
/* Hint from a front end that can_read may have grown (wakes the loop). */
void chardev_accept_input(Chardev *chr);

/* ---- ringbuf (QMP ringbuf-read / ringbuf-write) ---- */

/* Read up to @size bytes of buffered output; NULL if not a ringbuf. */
GByteArray *chardev_ringbuf_read(Chardev *chr, size_t size, Error **errp);
/* Append bytes to the ring, as if a front end had written them. */
bool chardev_ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len,
                           Error **errp);

#endif
