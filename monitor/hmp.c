/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HMP, the human monitor: a command table, the command-line parser and
 * the line editor of readline monitors (-monitor).
 *
 * A command line is a command name followed by its arguments; "info"
 * takes a sub-command.  Output uses "\n" line ends; the monitor sends
 * "\r\n" (monitor.c, human-monitor-command).  Unknown commands print
 * "unknown command: 'NAME'", like QEMU.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "config-host.h"
#include "accel/accel.h"
#include "hw/core/machine.h"
#include "net/net-machine.h"
#include "qobject/qdict.h"
#include "trace-monitor.h"

typedef void HmpHandler(MachineState *ms, const char *args, GString *out);

typedef struct HmpCommand {
    const char *name;                   /* "cont|c": name|alias */
    const char *params;                 /* argument syntax for help */
    const char *help;
    HmpHandler *fn;
    bool takes_args;                    /* else trailing text is an error */
    const struct HmpCommand *sub;       /* "info": table of sub-commands */
} HmpCommand;

/* Run a QMP command for HMP; its error prints as "Error: ..." */
static void hmp_run_qmp(MachineState *ms, const char *name, GString *out)
{
    QmpSession s = { .ms = ms, .command_mode = true };
    const QmpCommand *cmd = qmp_command_find(name);
    g_autoptr(QDict) args = qdict_new();
    Error *err = NULL;

    qobject_unref(cmd->fn(&s, args, &err));
    if (err) {
        g_string_append_printf(out, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
}

static void hmp_stop(MachineState *ms, const char *args, GString *out)
{
    hmp_run_qmp(ms, "stop", out);
}

static void hmp_cont(MachineState *ms, const char *args, GString *out)
{
    hmp_run_qmp(ms, "cont", out);
}

static void hmp_system_reset(MachineState *ms, const char *args,
                             GString *out)
{
    hmp_run_qmp(ms, "system_reset", out);
}

static void hmp_system_powerdown(MachineState *ms, const char *args,
                                 GString *out)
{
    hmp_run_qmp(ms, "system_powerdown", out);
}

static void hmp_quit(MachineState *ms, const char *args, GString *out)
{
    monitor_quit(ms);
}

/* "VM status: paused (prelaunch)"; plain "paused" needs no reason. */
static void hmp_info_status(MachineState *ms, const char *args,
                            GString *out)
{
    RunState st = runstate_get(ms);

    g_string_append_printf(out, "VM status: %s",
                           runstate_is_running(ms) ? "running" : "paused");
    if (!runstate_is_running(ms) && st != RUN_STATE_PAUSED) {
        g_string_append_printf(out, " (%s)", runstate_name(st));
    }
    g_string_append_c(out, '\n');
}

/* QEMU prints the version and the package string back to back. */
static void hmp_info_version(MachineState *ms, const char *args,
                             GString *out)
{
    g_string_append_printf(out, "%s%s\n", QEMU_COMPAT_VERSION,
                           QEMU_PKGVERSION);
}

static void hmp_info_name(MachineState *ms, const char *args, GString *out)
{
    if (ms->name) {
        g_string_append_printf(out, "%s\n", ms->name);
    }
}

static void hmp_info_kvm(MachineState *ms, const char *args, GString *out)
{
    if (accel_is(ms, "kvm")) {
        g_string_append(out, "kvm support: enabled\n");
    } else {
        g_string_append(out, "kvm support: not compiled\n");
    }
}

static void hmp_info_qtree_cmd(MachineState *ms, const char *args,
                               GString *out)
{
    hmp_info_qtree(ms, out);
}

/* -f: flat views.  -d, -o and -D are accepted; their details are not. */
static void hmp_info_mtree_cmd(MachineState *ms, const char *args,
                               GString *out)
{
    g_auto(GStrv) words = g_strsplit_set(args, " \t", -1);
    bool flat = false;

    for (int i = 0; words[i]; i++) {
        const char *w = words[i];

        if (!*w) {
            continue;
        }
        if (w[0] != '-' || !w[1]) {
            g_string_append(out, "mtree: extraneous characters at the end "
                            "of line\n");
            return;
        }
        for (const char *f = w + 1; *f; f++) {
            if (!strchr("fdoD", *f)) {
                g_string_append_printf(out, "mtree: unsupported option -%c\n",
                                       *f);
                return;
            }
            flat |= *f == 'f';
        }
    }
    hmp_info_mtree(ms, flat, out);
}

static void hmp_help(MachineState *ms, const char *args, GString *out);
static void hmp_info_help(MachineState *ms, const char *args, GString *out);

static const HmpCommand hmp_info_cmds[] = {
    { "kvm", "", "show KVM information", hmp_info_kvm },
    { "mtree", "[-f][-d][-o][-D]", "show memory tree (-f: dump flat view "
      "for address spaces;-d: dump dispatch tree, valid with -f only);"
      "-o: dump region owners/parents;-D: dump disabled regions",
      hmp_info_mtree_cmd, true },
    { "name", "", "show the current VM name", hmp_info_name },
    { "network", "", "show the network state", hmp_info_network },
    { "qtree", "", "show device tree", hmp_info_qtree_cmd },
    { "status", "", "show the current VM status (running|paused)",
      hmp_info_status },
    { "version", "", "show the version of QEMU", hmp_info_version },
    { NULL }
};

static const HmpCommand hmp_cmds[] = {
    { "help|?", "[cmd]", "show the help", hmp_help, true },
    { "cont|c", "", "resume emulation", hmp_cont },
    { "hostfwd_add", "[netdev_id] [tcp|udp]:[hostaddr]:hostport-"
      "[guestaddr]:guestport", "redirect TCP or UDP connections from host "
      "to guest (requires -net user)", hmp_hostfwd_add, true },
    { "hostfwd_remove", "[netdev_id] [tcp|udp]:[hostaddr]:hostport",
      "remove host-to-guest TCP or UDP redirection", hmp_hostfwd_remove,
      true },
    { "info", "[subcommand]", "show various information about the system "
      "state", hmp_info_help, false, hmp_info_cmds },
    { "quit|q", "", "quit the emulator", hmp_quit },
    { "stop|s", "", "stop emulation", hmp_stop },
    { "system_powerdown", "", "send system power down event",
      hmp_system_powerdown },
    { "system_reset", "", "reset the system", hmp_system_reset },
    { NULL }
};

static bool hmp_name_matches(const char *names, const char *name)
{
    g_auto(GStrv) alts = g_strsplit(names, "|", -1);

    for (int i = 0; alts[i]; i++) {
        if (strcmp(alts[i], name) == 0) {
            return true;
        }
    }
    return false;
}

static const HmpCommand *hmp_find(const HmpCommand *table, const char *name)
{
    for (const HmpCommand *c = table; c->name; c++) {
        if (hmp_name_matches(c->name, name)) {
            return c;
        }
    }
    return NULL;
}

static void hmp_dump_table(const HmpCommand *table, const char *prefix,
                           GString *out)
{
    for (const HmpCommand *c = table; c->name; c++) {
        g_string_append_printf(out, "%s%s %s -- %s\n", prefix, c->name,
                               c->params, c->help);
    }
}

static void hmp_info_help(MachineState *ms, const char *args, GString *out)
{
    hmp_dump_table(hmp_info_cmds, "info ", out);
}

static void hmp_help(MachineState *ms, const char *args, GString *out)
{
    g_autofree char *trimmed = g_strstrip(g_strdup(args));
    g_auto(GStrv) words = g_strsplit_set(trimmed, " \t", 2);
    const HmpCommand *c;

    if (!words[0] || !*words[0]) {
        hmp_dump_table(hmp_cmds, "", out);
        return;
    }
    c = hmp_find(hmp_cmds, words[0]);
    if (!c) {
        g_string_append_printf(out, "unknown command: '%s'\n", words[0]);
    } else if (c->sub) {
        hmp_dump_table(c->sub, "info ", out);
    } else {
        g_string_append_printf(out, "%s %s -- %s\n", c->name, c->params,
                               c->help);
    }
}

/* Length of the command word at @p (which starts at a non-space). */
static size_t hmp_word_len(const char *p)
{
    size_t n = 0;

    while (p[n] && !g_ascii_isspace(p[n])) {
        n++;
    }
    return n;
}

static const char *hmp_skip_space(const char *p)
{
    while (g_ascii_isspace(*p)) {
        p++;
    }
    return p;
}

/*
 * Parse and run one command from @p in @table; @start is the beginning
 * of the whole line, quoted in the unknown-command message.
 */
static void hmp_dispatch(MachineState *ms, const HmpCommand *table,
                         const char *start, const char *p, GString *out)
{
    size_t n;
    g_autofree char *name = NULL;
    const HmpCommand *c;

    p = hmp_skip_space(p);
    n = hmp_word_len(p);
    if (n == 0) {
        return;
    }
    name = g_strndup(p, n);
    c = hmp_find(table, name);
    if (!c) {
        g_string_append_printf(out, "unknown command: '%.*s'\n",
                               (int)(p + n - start), start);
        return;
    }
    p = hmp_skip_space(p + n);
    if (c->sub && *p) {
        hmp_dispatch(ms, c->sub, start, p, out);
    } else if (!c->takes_args && *p) {
        g_string_append_printf(out, "%s: extraneous characters at the end "
                               "of line\n", name);
    } else {
        c->fn(ms, p, out);
    }
}

char *hmp_run_command(MachineState *ms, const char *cmdline)
{
    GString *out = g_string_new(NULL);

    trace_monitor_hmp_cmd(cmdline);
    hmp_dispatch(ms, hmp_cmds, cmdline, cmdline, out);
    return g_string_free(out, FALSE);
}

/* ---- Line editor ---- */

#define HMP_LINE_MAX 4095

typedef enum HmpEscState {
    HMP_ESC_NONE,
    HMP_ESC_START,          /* got ESC */
    HMP_ESC_CSI,            /* got ESC [ or ESC O: wait for the final byte */
} HmpEscState;

struct HmpLineEditor {
    GString *line;
    HmpEscState esc;
    bool last_cr;           /* swallow the LF of a CR LF pair */
};

HmpLineEditor *hmp_line_editor_new(void)
{
    HmpLineEditor *ed = g_new0(HmpLineEditor, 1);

    ed->line = g_string_new(NULL);
    return ed;
}

void hmp_line_editor_free(HmpLineEditor *ed)
{
    if (ed) {
        g_string_free(ed->line, TRUE);
        g_free(ed);
    }
}

void hmp_line_editor_reset(HmpLineEditor *ed)
{
    g_string_truncate(ed->line, 0);
    ed->esc = HMP_ESC_NONE;
    ed->last_cr = false;
}

/* Escape sequences (cursor keys...) are swallowed: no history here. */
static bool hmp_line_escape(HmpLineEditor *ed, uint8_t c)
{
    switch (ed->esc) {
    case HMP_ESC_START:
        ed->esc = (c == '[' || c == 'O') ? HMP_ESC_CSI : HMP_ESC_NONE;
        return true;
    case HMP_ESC_CSI:
        if (c >= 0x40 && c <= 0x7e) {
            ed->esc = HMP_ESC_NONE;
        }
        return true;
    case HMP_ESC_NONE:
        break;
    }
    if (c == 0x1b) {
        ed->esc = HMP_ESC_START;
        return true;
    }
    return false;
}

/* Enter: run the line, then prompt again unless the emulator is exiting. */
static bool hmp_line_enter(HmpLineEditor *ed, MachineState *ms, GString *out)
{
    g_autofree char *result = NULL;

    g_string_append_c(out, '\n');
    result = hmp_run_command(ms, ed->line->str);
    g_string_append(out, result);
    g_string_truncate(ed->line, 0);
    if (ms->exit_requested) {
        return false;
    }
    g_string_append(out, HMP_PROMPT);
    return true;
}

static bool hmp_line_byte(HmpLineEditor *ed, MachineState *ms, uint8_t c,
                          GString *out)
{
    bool after_cr = ed->last_cr;

    ed->last_cr = c == '\r';
    if (hmp_line_escape(ed, c)) {
        return true;
    }
    if (c == '\r' || (c == '\n' && !after_cr)) {
        return hmp_line_enter(ed, ms, out);
    }
    if (c == 0x7f || c == 0x08) {
        if (ed->line->len) {
            g_string_truncate(ed->line, ed->line->len - 1);
            g_string_append(out, "\b \b");
        }
    } else if (c >= 0x20 && ed->line->len < HMP_LINE_MAX) {
        g_string_append_c(ed->line, c);
        g_string_append_c(out, c);
    }
    return true;
}

bool hmp_line_editor_feed(HmpLineEditor *ed, MachineState *ms,
                          const uint8_t *buf, size_t len, GString *out)
{
    for (size_t i = 0; i < len; i++) {
        if (!hmp_line_byte(ed, ms, buf[i], out)) {
            return false;
        }
    }
    return true;
}
