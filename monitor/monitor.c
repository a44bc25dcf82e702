/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Monitors: a QMP (control) or HMP (readline) session bound to a chardev,
 * and the broadcast of QMP events.
 *
 * A QMP monitor feeds its input to a streaming JSON parser; each complete
 * message is dispatched (qmp.c) and answered at once, so responses keep
 * request order.  Every connection (CHR_EVENT_OPENED) gets a greeting and
 * starts in capabilities negotiation; a disconnect drops any partial input
 * and negotiation state, and never affects the emulator.
 *
 * Output: every message is written whole with one write, ends in "\r\n",
 * and every "\n" inside (pretty mode, HMP text) becomes "\r\n", as QEMU
 * does.  Events go only to QMP monitors that finished negotiation.  All
 * of this runs on the machine's main loop, so an event raised by a command
 * is written before that command's response and never inside another
 * message.
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"
#include "monitor/qmp.h"
#include "chardev/char.h"
#include "config-host.h"
#include "hw/core/machine.h"
#include "qemu/main-loop.h"
#include "qobject/json-parser.h"
#include "qobject/qdict.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "trace-monitor.h"

/* Bytes accepted from the chardev per read. */
#define MONITOR_READ_CHUNK 4096
/* How long monitor_flush_all() waits for a slow peer. */
#define MONITOR_FLUSH_TIMEOUT_US (2 * G_USEC_PER_SEC)

struct Monitor {
    MachineState *ms;
    Chardev *chr;               /* NULL: output goes to @write */
    MonitorWriteFunc *write;
    void *write_opaque;
    bool control;               /* QMP; else HMP */
    bool pretty;
    bool connected;             /* between OPENED and CLOSED */
    bool feeding;               /* inside the parser or line editor */
    bool reset_pending;         /* disconnect seen while feeding */
    bool suspended;             /* quit ran: read and run nothing more */
    bool mux_out;               /* HMP on a mux without the focus */
    bool banner_shown;
    QmpSession session;
    JSONMessageParser parser;
    HmpLineEditor *editor;
};

/* Send @text, turning each "\n" into "\r\n". */
static void monitor_puts(Monitor *mon, const char *text, size_t len)
{
    g_autoptr(GString) buf = g_string_sized_new(len + len / 16 + 2);

    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n') {
            g_string_append_c(buf, '\r');
        }
        g_string_append_c(buf, text[i]);
    }
    if (!buf->len) {
        return;
    }
    if (mon->chr) {
        chardev_write_all(mon->chr, (const uint8_t *)buf->str, buf->len);
    } else {
        mon->write(mon->write_opaque, buf->str, buf->len);
    }
}

static void monitor_send_qobject(Monitor *mon, QObject *obj)
{
    g_autoptr(GString) json = qobject_to_json_pretty(obj, mon->pretty);

    g_string_append_c(json, '\n');
    monitor_puts(mon, json->str, json->len);
}

static void monitor_send_greeting(Monitor *mon)
{
    g_autoptr(QDict) greeting = qdict_new();
    QDict *qmp = qdict_new();

    qdict_put(qmp, "version", qmp_version_info());
    qdict_put(qmp, "capabilities", qlist_new());
    qdict_put(greeting, "QMP", qmp);
    monitor_send_qobject(mon, QOBJECT(greeting));
}

/* JSON parser callback: one message (or parse error) per call. */
static void monitor_qmp_message(void *opaque, QObject *json, Error *err)
{
    Monitor *mon = opaque;
    g_autoptr(QDict) rsp = NULL;

    if (mon->suspended || mon->reset_pending) {
        qobject_unref(json);
        error_free(err);
        return;
    }
    if (err) {
        rsp = qmp_error_response(err);
    } else {
        rsp = qmp_dispatch(&mon->session, json);
        qobject_unref(json);
    }
    monitor_send_qobject(mon, QOBJECT(rsp));
    if (mon->session.quit) {
        mon->suspended = true;
    }
}

/* Forget partial input and negotiation: the next peer starts afresh. */
static void monitor_reset_input(Monitor *mon)
{
    mon->reset_pending = false;
    if (mon->control) {
        json_message_parser_destroy(&mon->parser);
        json_message_parser_init(&mon->parser, monitor_qmp_message, mon);
        mon->session.command_mode = false;
    } else {
        hmp_line_editor_reset(mon->editor);
    }
}

static void monitor_hmp_show(Monitor *mon, const char *text)
{
    monitor_puts(mon, text, strlen(text));
}

void monitor_open(Monitor *mon)
{
    if (mon->feeding) {
        mon->reset_pending = true;
    } else {
        monitor_reset_input(mon);
    }
    mon->connected = true;
    trace_monitor_open(mon, mon->control);
    if (mon->control) {
        monitor_send_greeting(mon);
        return;
    }
    monitor_hmp_show(mon, "QEMU " QEMU_COMPAT_VERSION " monitor - type "
                     "'help' for more information\n");
    mon->banner_shown = true;
    if (!mon->mux_out) {
        monitor_hmp_show(mon, HMP_PROMPT);
    }
}

void monitor_close(Monitor *mon)
{
    mon->connected = false;
    trace_monitor_close(mon);
    if (mon->feeding) {
        mon->reset_pending = true;
    } else {
        monitor_reset_input(mon);
    }
}

static void monitor_hmp_input(Monitor *mon, const uint8_t *buf, size_t len)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (!hmp_line_editor_feed(mon->editor, mon->ms, buf, len, out)) {
        mon->suspended = true;
    }
    monitor_puts(mon, out->str, out->len);
}

void monitor_input(Monitor *mon, const uint8_t *buf, size_t len)
{
    if (mon->suspended || !len) {
        return;
    }
    mon->feeding = true;
    if (mon->control) {
        json_message_parser_feed(&mon->parser, (const char *)buf, len);
    } else {
        monitor_hmp_input(mon, buf, len);
    }
    mon->feeding = false;
    if (mon->reset_pending) {
        monitor_reset_input(mon);
    }
}

/* ---- chardev front end ---- */

static int monitor_can_read(void *opaque)
{
    Monitor *mon = opaque;

    return mon->suspended ? 0 : MONITOR_READ_CHUNK;
}

static void monitor_read(void *opaque, const uint8_t *buf, int len)
{
    monitor_input(opaque, buf, len > 0 ? len : 0);
}

/*
 * A mux shares the terminal with a serial port: follow its focus.  Gaining
 * the focus we already have (the MUX_IN right after OPENED) changes
 * nothing; regaining it restarts the line under a fresh prompt.
 */
static void monitor_mux_event(Monitor *mon, bool focus)
{
    if (mon->control || focus != mon->mux_out) {
        return;
    }
    if (focus) {
        mon->mux_out = false;
        hmp_line_editor_reset(mon->editor);
        if (mon->banner_shown) {
            monitor_hmp_show(mon, HMP_PROMPT);
        }
    } else {
        if (mon->banner_shown) {
            monitor_hmp_show(mon, "\n");
        }
        mon->mux_out = true;
    }
}

static void monitor_event(void *opaque, ChardevEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        monitor_open(mon);
        break;
    case CHR_EVENT_CLOSED:
        monitor_close(mon);
        break;
    case CHR_EVENT_MUX_IN:
        monitor_mux_event(mon, true);
        break;
    case CHR_EVENT_MUX_OUT:
        monitor_mux_event(mon, false);
        break;
    case CHR_EVENT_BREAK:
        break;
    }
}

/* ---- lifecycle ---- */

static Monitor *monitor_alloc(MachineState *ms, bool control, bool pretty)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->ms = ms;
    mon->control = control;
    mon->pretty = pretty;
    mon->session.ms = ms;
    if (control) {
        json_message_parser_init(&mon->parser, monitor_qmp_message, mon);
    } else {
        mon->editor = hmp_line_editor_new();
    }
    g_ptr_array_add(ms->monitors, mon);
    return mon;
}

Monitor *monitor_new_with_output(MachineState *ms, MonitorWriteFunc *write,
                                 void *opaque, bool control, bool pretty)
{
    Monitor *mon = monitor_alloc(ms, control, pretty);

    mon->write = write;
    mon->write_opaque = opaque;
    return mon;
}

Monitor *monitor_new(MachineState *ms, Chardev *chr, bool control,
                     bool pretty, Error **errp)
{
    Monitor *mon;

    if (chardev_is_busy(chr)) {
        error_setg(errp, "Device '%s' is in use", chardev_get_id(chr));
        return NULL;
    }
    mon = monitor_alloc(ms, control, pretty);
    mon->chr = chr;
    chardev_set_handlers(chr, monitor_can_read, monitor_read, monitor_event,
                         mon);
    return mon;
}

void monitor_free(Monitor *mon)
{
    if (!mon) {
        return;
    }
    g_assert(!mon->feeding);
    if (mon->chr) {
        chardev_remove_handlers(mon->chr, mon);
    }
    if (mon->ms->monitors) {
        g_ptr_array_remove(mon->ms->monitors, mon);
    }
    if (mon->control) {
        json_message_parser_destroy(&mon->parser);
    }
    hmp_line_editor_free(mon->editor);
    g_free(mon);
}

/* ---- events ---- */

static QDict *monitor_event_build(const char *name, QDict *data)
{
    QDict *ev = qdict_new();
    QDict *ts = qdict_new();
    int64_t now = g_get_real_time();

    qdict_put_int(ts, "seconds", now / G_USEC_PER_SEC);
    qdict_put_int(ts, "microseconds", now % G_USEC_PER_SEC);
    qdict_put(ev, "timestamp", ts);
    qdict_put_str(ev, "event", name);
    if (data) {
        qdict_put(ev, "data", data);
    }
    return ev;
}

void qapi_event_emit(MachineState *ms, const char *name, QDict *data)
{
    g_autoptr(QDict) ev = monitor_event_build(name, data);
    unsigned sent = 0;

    for (guint i = 0; ms->monitors && i < ms->monitors->len; i++) {
        Monitor *mon = g_ptr_array_index(ms->monitors, i);

        if (mon->control && mon->connected && mon->session.command_mode) {
            monitor_send_qobject(mon, QOBJECT(ev));
            sent++;
        }
    }
    trace_monitor_event(name, sent);
}

/*
 * Before exit: stop reading, then let the main loop drain what the
 * chardevs still queue, for a connected peer and a bounded time.
 */
static bool monitor_output_pending(MachineState *ms)
{
    for (guint i = 0; i < ms->monitors->len; i++) {
        Monitor *mon = g_ptr_array_index(ms->monitors, i);

        if (mon->chr && chardev_is_connected(mon->chr) &&
            chardev_pending_output(mon->chr) > 0) {
            return true;
        }
    }
    return false;
}

void monitor_flush_all(MachineState *ms)
{
    int64_t deadline = g_get_monotonic_time() + MONITOR_FLUSH_TIMEOUT_US;

    if (!ms->monitors) {
        return;
    }
    for (guint i = 0; i < ms->monitors->len; i++) {
        Monitor *mon = g_ptr_array_index(ms->monitors, i);

        mon->suspended = true;
    }
    while (monitor_output_pending(ms) &&
           g_get_monotonic_time() < deadline) {
        if (!main_loop_iterate(ms->main_loop, false)) {
            g_usleep(1000);
        }
    }
}
