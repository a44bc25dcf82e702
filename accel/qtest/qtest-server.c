/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qtest protocol server.
 *
 * Requests are LF-terminated lines split on every single space; each gets
 * exactly one reply line ("OK ...", "FAIL ...", "ERR ..."), possibly
 * preceded by "IRQ raise N" / "IRQ lower N" lines for intercepted lines
 * that changed meanwhile.  Commands are a const table: name, argument
 * count, handler.  Malformed requests are answered "FAIL <reason>" instead
 * of aborting as QEMU does; docs/qtest.md lists every reason.
 *
 * IRQ interception hooks GPIO lines with the MachineState as the handler's
 * opaque, so a line fired after the server is gone finds ms->qtest NULL
 * and is dropped instead of reaching freed memory.
 */
#include "qemu/osdep.h"
#include "system/qtest.h"
#include "hw/core/qdev.h"
#include "qemu/base64.h"
#include "qemu/cutils.h"
#include "qemu/timer.h"

/* Extra bytes allowed on a line beyond the hex-encoded transfer bound. */
#define QTEST_LINE_SLACK 4096

/* An intercepted output: the device's field, what it held, our line. */
typedef struct QTestOutIntercept {
    qemu_irq *field;
    qemu_irq orig;
    qemu_irq ours;
} QTestOutIntercept;

struct QTestState {
    MachineState *ms;
    Chardev *chr;
    FILE *log;                  /* NULL: logging off */
    bool log_owned;             /* fclose() it at free */
    int64_t log_start_us;       /* log time origin: the last OPENED */
    GString *inbuf;             /* partial request line */
    bool discarding;            /* current line exceeded the limit */
    uint64_t max_transfer;
    GString *reply;             /* while a command runs: reply lines go here */
    int irq_levels[QTEST_IRQ_LINES];
    DeviceState *irq_dev;       /* intercepted device (referenced) */
    GArray *out_intercepts;     /* QTestOutIntercept */
};

typedef struct QTestCommand QTestCommand;
typedef void QTestHandler(QTestState *s, const QTestCommand *cmd,
                          char **args, int nargs);

struct QTestCommand {
    const char *name;
    int min_args;
    int max_args;
    bool needs_qtest_accel;     /* clock commands */
    unsigned size;              /* access width of sized memory/port ops */
    QTestHandler *fn;
};

/* ---- Output and log ---- */

static double qtest_log_time(QTestState *s)
{
    return (g_get_monotonic_time() - s->log_start_us) / 1e6;
}

static void qtest_log_line(QTestState *s, char kind, const char *text)
{
    if (s->log) {
        fprintf(s->log, "[%c +%.6f] %s\n", kind, qtest_log_time(s), text);
        fflush(s->log);
    }
}

/*
 * Emit one reply line: into the current command's reply, or straight to
 * the chardev when no command runs (asynchronous IRQ lines).
 */
static void qtest_send_line(QTestState *s, const char *line)
{
    qtest_log_line(s, 'S', line);
    if (s->reply) {
        g_string_append(s->reply, line);
        g_string_append_c(s->reply, '\n');
    } else if (s->chr) {
        g_autofree char *text = g_strconcat(line, "\n", NULL);

        chardev_write_all(s->chr, (const uint8_t *)text, strlen(text));
    }
}

static void G_GNUC_PRINTF(2, 3) qtest_send(QTestState *s, const char *fmt,
                                           ...)
{
    va_list ap;
    g_autofree char *line = NULL;

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_send_line(s, line);
}

/* ---- Argument parsing ---- */

static bool qtest_parse_u64(QTestState *s, const char *what,
                            const char *word, uint64_t *val)
{
    int ret = qemu_strtou64(word, NULL, 0, val);

    if (ret == -ERANGE) {
        qtest_send(s, "FAIL %s '%s' out of range", what, word);
    } else if (ret) {
        qtest_send(s, "FAIL invalid %s '%s'", what, word);
    }
    return ret == 0;
}

static bool qtest_parse_i64(QTestState *s, const char *what,
                            const char *word, int64_t *val)
{
    int ret = qemu_strtoi64(word, NULL, 0, val);

    if (ret == -ERANGE) {
        qtest_send(s, "FAIL %s '%s' out of range", what, word);
    } else if (ret) {
        qtest_send(s, "FAIL invalid %s '%s'", what, word);
    }
    return ret == 0;
}

static bool qtest_parse_int(QTestState *s, const char *what,
                            const char *word, int *val)
{
    int ret = qemu_strtoi(word, NULL, 0, val);

    if (ret == -ERANGE) {
        qtest_send(s, "FAIL %s '%s' out of range", what, word);
    } else if (ret) {
        qtest_send(s, "FAIL invalid %s '%s'", what, word);
    }
    return ret == 0;
}

/* A bulk transfer of @size bytes at @addr: bounded and not wrapping. */
static bool qtest_check_range(QTestState *s, uint64_t addr, uint64_t size,
                              bool allow_zero)
{
    if (size == 0 && !allow_zero) {
        qtest_send(s, "FAIL size must not be 0");
        return false;
    }
    if (size > s->max_transfer) {
        qtest_send(s, "FAIL size %" PRIu64 " exceeds the limit of %" PRIu64
                   " bytes", size, s->max_transfer);
        return false;
    }
    if (size && addr + (size - 1) < addr) {
        qtest_send(s, "FAIL address range wraps around");
        return false;
    }
    return true;
}

static bool qtest_parse_addr_size(QTestState *s, char **args, uint64_t *addr,
                                  uint64_t *size, bool allow_zero)
{
    return qtest_parse_u64(s, "address", args[0], addr) &&
           qtest_parse_u64(s, "size", args[1], size) &&
           qtest_check_range(s, *addr, *size, allow_zero);
}

static bool qtest_parse_port(QTestState *s, const char *word, uint64_t *port)
{
    if (!qtest_parse_u64(s, "port", word, port)) {
        return false;
    }
    if (*port > 0xffff) {
        qtest_send(s, "FAIL port 0x%" PRIx64 " out of range (0..0xffff)",
                   *port);
        return false;
    }
    return true;
}

static bool qtest_big_endian(QTestState *s)
{
    return s->ms->target && s->ms->target->big_endian;
}

/* ---- Memory and I/O commands ---- */

static void qtest_cmd_mem_read(QTestState *s, const QTestCommand *cmd,
                               char **args, int nargs)
{
    uint64_t addr, val;

    if (!qtest_parse_u64(s, "address", args[0], &addr)) {
        return;
    }
    val = address_space_ld(&s->ms->as_memory, addr, cmd->size,
                           qtest_big_endian(s), MEMTXATTRS_UNSPECIFIED, NULL);
    qtest_send(s, "OK 0x%016" PRIx64, val);
}

static void qtest_cmd_mem_write(QTestState *s, const QTestCommand *cmd,
                                char **args, int nargs)
{
    uint64_t addr, val;

    if (!qtest_parse_u64(s, "address", args[0], &addr) ||
        !qtest_parse_u64(s, "value", args[1], &val)) {
        return;
    }
    address_space_st(&s->ms->as_memory, addr, cmd->size, qtest_big_endian(s),
                     val, MEMTXATTRS_UNSPECIFIED, NULL);
    qtest_send(s, "OK");
}

static void qtest_cmd_read(QTestState *s, const QTestCommand *cmd,
                           char **args, int nargs)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t addr, size;
    g_autofree uint8_t *data = NULL;
    g_autoptr(GString) line = NULL;

    if (!qtest_parse_addr_size(s, args, &addr, &size, false)) {
        return;
    }
    data = g_malloc(size);
    address_space_read(&s->ms->as_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       data, size);
    line = g_string_sized_new(2 * size + 8);
    g_string_append(line, "OK 0x");
    for (uint64_t i = 0; i < size; i++) {
        g_string_append_c(line, hex[data[i] >> 4]);
        g_string_append_c(line, hex[data[i] & 0xf]);
    }
    qtest_send_line(s, line->str);
}

/*
 * Decode the data word of "write": characters 2+2i and 3+2i give byte i;
 * bytes beyond the data (and a missing low nibble) are zero.
 */
static bool qtest_decode_hex(QTestState *s, const char *word, uint8_t *data,
                             uint64_t size)
{
    size_t digits = strlen(word) - 2;

    if (word[0] != '0' || (word[1] != 'x' && word[1] != 'X')) {
        qtest_send(s, "FAIL data must start with 0x");
        return false;
    }
    for (size_t i = 0; i < digits; i++) {
        if (!g_ascii_isxdigit(word[2 + i])) {
            qtest_send(s, "FAIL invalid hex digit in data");
            return false;
        }
    }
    for (uint64_t i = 0; i < size && 2 * i < digits; i++) {
        data[i] = g_ascii_xdigit_value(word[2 + 2 * i]) << 4;
        if (2 * i + 1 < digits) {
            data[i] |= g_ascii_xdigit_value(word[3 + 2 * i]);
        }
    }
    return true;
}

static void qtest_cmd_write(QTestState *s, const QTestCommand *cmd,
                            char **args, int nargs)
{
    uint64_t addr, size;
    g_autofree uint8_t *data = NULL;

    if (!qtest_parse_addr_size(s, args, &addr, &size, true)) {
        return;
    }
    if (strlen(args[2]) < 3) {
        qtest_send(s, "ERR invalid argument size");
        return;
    }
    data = g_malloc0(size);
    if (!qtest_decode_hex(s, args[2], data, size)) {
        return;
    }
    address_space_write(&s->ms->as_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        data, size);
    qtest_send(s, "OK");
}

static void qtest_cmd_b64read(QTestState *s, const QTestCommand *cmd,
                              char **args, int nargs)
{
    uint64_t addr, size;
    g_autofree uint8_t *data = NULL;
    g_autofree char *b64 = NULL;

    if (!qtest_parse_addr_size(s, args, &addr, &size, false)) {
        return;
    }
    data = g_malloc(size);
    address_space_read(&s->ms->as_memory, addr, MEMTXATTRS_UNSPECIFIED,
                       data, size);
    b64 = qbase64_encode(data, size);
    qtest_send(s, "OK %s", b64);
}

static void qtest_cmd_b64write(QTestState *s, const QTestCommand *cmd,
                               char **args, int nargs)
{
    uint64_t addr, size;
    size_t found;
    g_autofree uint8_t *data = NULL;
    Error *err = NULL;

    if (!qtest_parse_addr_size(s, args, &addr, &size, true)) {
        return;
    }
    if (strlen(args[2]) < 3) {
        qtest_send(s, "ERR invalid argument size");
        return;
    }
    data = qbase64_decode(args[2], -1, &found, &err);
    if (!data) {
        qtest_send(s, "FAIL invalid base64 data: %s", error_get_pretty(err));
        error_free(err);
        return;
    }
    if (found != size) {
        g_autofree char *msg = g_strdup_printf(
            "b64write: data length mismatch (told %" PRIu64 ", found %zu)",
            size, found);
        qtest_log_line(s, 'S', msg);
    }
    address_space_write(&s->ms->as_memory, addr, MEMTXATTRS_UNSPECIFIED,
                        data, MIN(size, found));
    qtest_send(s, "OK");
}

static void qtest_cmd_memset(QTestState *s, const QTestCommand *cmd,
                             char **args, int nargs)
{
    uint64_t addr, size, pattern;

    if (!qtest_parse_addr_size(s, args, &addr, &size, true) ||
        !qtest_parse_u64(s, "value", args[2], &pattern)) {
        return;
    }
    if (size) {
        address_space_set(&s->ms->as_memory, addr, (uint8_t)pattern, size,
                          MEMTXATTRS_UNSPECIFIED);
    }
    qtest_send(s, "OK");
}

static void qtest_cmd_in(QTestState *s, const QTestCommand *cmd,
                         char **args, int nargs)
{
    uint64_t port, val;

    if (!qtest_parse_port(s, args[0], &port)) {
        return;
    }
    val = address_space_ld(&s->ms->as_io, port, cmd->size,
                           qtest_big_endian(s), MEMTXATTRS_UNSPECIFIED, NULL);
    qtest_send(s, "OK 0x%04" PRIx64, val);
}

static void qtest_cmd_out(QTestState *s, const QTestCommand *cmd,
                          char **args, int nargs)
{
    uint64_t port, val;

    if (!qtest_parse_port(s, args[0], &port) ||
        !qtest_parse_u64(s, "value", args[1], &val)) {
        return;
    }
    address_space_st(&s->ms->as_io, port, cmd->size, qtest_big_endian(s),
                     val, MEMTXATTRS_UNSPECIFIED, NULL);
    qtest_send(s, "OK");
}

static void qtest_cmd_endianness(QTestState *s, const QTestCommand *cmd,
                                 char **args, int nargs)
{
    qtest_send(s, "OK %s", qtest_big_endian(s) ? "big" : "little");
}

/* ---- Clock (qtest accelerator only) ---- */

static int64_t qtest_add_sat(int64_t a, int64_t b)
{
    int64_t r;

    if (__builtin_add_overflow(a, b, &r)) {
        return b > 0 ? INT64_MAX : INT64_MIN;
    }
    return r;
}

static void qtest_cmd_clock_step(QTestState *s, const QTestCommand *cmd,
                                 char **args, int nargs)
{
    QEMUClocks *c = s->ms->clocks;
    int64_t old = qemu_clock_get_ns(c, QEMU_CLOCK_VIRTUAL);
    int64_t step, now;

    if (nargs == 1) {
        if (!qtest_parse_i64(s, "time", args[0], &step)) {
            return;
        }
    } else {
        step = qemu_clock_deadline_ns(c, QEMU_CLOCK_VIRTUAL);
        if (step < 0) {
            qtest_send(s, "FAIL cannot advance clock to the next deadline "
                       "because there is no pending deadline");
            return;
        }
    }
    now = qemu_clock_advance_virtual(c, qtest_add_sat(old, step));
    if (now > old) {
        qtest_send(s, "OK %" PRIi64, now);
    } else {
        qtest_send(s, "FAIL could not advance time");
    }
}

static void qtest_cmd_clock_set(QTestState *s, const QTestCommand *cmd,
                                char **args, int nargs)
{
    int64_t dest, now;

    if (!qtest_parse_i64(s, "time", args[0], &dest)) {
        return;
    }
    now = qemu_clock_advance_virtual(s->ms->clocks, dest);
    qtest_send(s, "%s %" PRIi64, now == dest ? "OK" : "FAIL", now);
}

/* ---- IRQ interception ---- */

static void qtest_irq_handler(void *opaque, int n, int level)
{
    MachineState *ms = opaque;
    QTestState *s = ms->qtest;

    if (!s) {
        return;
    }
    if (n >= 0 && n < QTEST_IRQ_LINES) {
        if (s->irq_levels[n] == level) {
            return;
        }
        s->irq_levels[n] = level;
    }
    qtest_send(s, "IRQ %s %d", level ? "raise" : "lower", n);
}

static DeviceState *qtest_find_device(QTestState *s, const char *path)
{
    Object *obj = object_resolve_path_type(s->ms->root, path, TYPE_DEVICE,
                                           NULL);

    return obj ? DEVICE(obj) : NULL;
}

/* Hook every input line of @dev in place.  Returns the count. */
static int qtest_intercept_in(QTestState *s, DeviceState *dev)
{
    int count = 0;

    for (guint i = 0; i < dev->gpios->len; i++) {
        NamedGPIOList *l = g_ptr_array_index(dev->gpios, i);

        for (int n = 0; n < l->num_in; n++) {
            qemu_irq_intercept(l->in[n], qtest_irq_handler, s->ms, n);
        }
        count += l->num_in;
    }
    return count;
}

/* Point output list @name of @dev at lines of ours.  Returns the count. */
static int qtest_intercept_out(QTestState *s, DeviceState *dev,
                               const char *name)
{
    NamedGPIOList *l = qdev_get_named_gpio_list(dev, name);

    if (!l) {
        return 0;
    }
    for (int n = 0; n < l->num_out; n++) {
        QTestOutIntercept oi = {
            .field = l->out[n],
            .orig = *l->out[n],
            .ours = qemu_allocate_irq(qtest_irq_handler, s->ms, n),
        };

        *oi.field = oi.ours;
        g_array_append_val(s->out_intercepts, oi);
    }
    return l->num_out;
}

static void qtest_cmd_irq_intercept(QTestState *s, const QTestCommand *cmd,
                                    char **args, int nargs)
{
    bool out = strcmp(cmd->name, "irq_intercept_out") == 0;
    DeviceState *dev = qtest_find_device(s, args[0]);
    int count;

    if (!dev) {
        qtest_send(s, "FAIL Unknown device");
        return;
    }
    if (nargs > 1 && !out) {
        qtest_send(s, "FAIL Interception of named in-GPIOs not yet supported");
        return;
    }
    if (s->irq_dev) {
        qtest_send_line(s, s->irq_dev == dev ? "OK"
                                       : "FAIL IRQ intercept already enabled");
        return;
    }
    count = out ? qtest_intercept_out(s, dev, nargs > 1 ? args[1]
                                              : GPIO_NAME_UNNAMED_OUT)
                : qtest_intercept_in(s, dev);
    if (!count) {
        qtest_send(s, "FAIL No intercepts installed");
        return;
    }
    object_ref(OBJECT(dev));
    s->irq_dev = dev;
    qtest_send(s, "OK");
}

static void qtest_cmd_set_irq_in(QTestState *s, const QTestCommand *cmd,
                                 char **args, int nargs)
{
    DeviceState *dev = qtest_find_device(s, args[0]);
    NamedGPIOList *l;
    int num, level;

    if (!dev) {
        qtest_send(s, "FAIL Unknown device");
        return;
    }
    if (!qtest_parse_int(s, "line number", args[2], &num) ||
        !qtest_parse_int(s, "level", args[3], &level)) {
        return;
    }
    l = qdev_get_named_gpio_list(dev, args[1]);
    if (!l || l->num_in == 0) {
        qtest_send(s, "FAIL Unknown GPIO input list '%s'", args[1]);
        return;
    }
    if (num < 0 || num >= l->num_in) {
        qtest_send(s, "FAIL GPIO input %d out of range (%s has %d lines)",
                   num, args[1], l->num_in);
        return;
    }
    qemu_set_irq(l->in[num], level);
    qtest_send(s, "OK");
}

/* We have no loadable modules: QEMU's answer for a failed load. */
static void qtest_cmd_module_load(QTestState *s, const QTestCommand *cmd,
                                  char **args, int nargs)
{
    qtest_send(s, "FAIL");
}

/* ---- Dispatch ---- */

static const QTestCommand qtest_commands[] = {
    { "readb", 1, 1, false, 1, qtest_cmd_mem_read },
    { "readw", 1, 1, false, 2, qtest_cmd_mem_read },
    { "readl", 1, 1, false, 4, qtest_cmd_mem_read },
    { "readq", 1, 1, false, 8, qtest_cmd_mem_read },
    { "writeb", 2, 2, false, 1, qtest_cmd_mem_write },
    { "writew", 2, 2, false, 2, qtest_cmd_mem_write },
    { "writel", 2, 2, false, 4, qtest_cmd_mem_write },
    { "writeq", 2, 2, false, 8, qtest_cmd_mem_write },
    { "read", 2, 2, false, 0, qtest_cmd_read },
    { "write", 3, 3, false, 0, qtest_cmd_write },
    { "b64read", 2, 2, false, 0, qtest_cmd_b64read },
    { "b64write", 3, 3, false, 0, qtest_cmd_b64write },
    { "memset", 3, 3, false, 0, qtest_cmd_memset },
    { "inb", 1, 1, false, 1, qtest_cmd_in },
    { "inw", 1, 1, false, 2, qtest_cmd_in },
    { "inl", 1, 1, false, 4, qtest_cmd_in },
    { "outb", 2, 2, false, 1, qtest_cmd_out },
    { "outw", 2, 2, false, 2, qtest_cmd_out },
    { "outl", 2, 2, false, 4, qtest_cmd_out },
    { "endianness", 0, 0, false, 0, qtest_cmd_endianness },
    { "clock_step", 0, 1, true, 0, qtest_cmd_clock_step },
    { "clock_set", 1, 1, true, 0, qtest_cmd_clock_set },
    { "irq_intercept_in", 1, 2, false, 0, qtest_cmd_irq_intercept },
    { "irq_intercept_out", 1, 2, false, 0, qtest_cmd_irq_intercept },
    { "set_irq_in", 4, 4, false, 0, qtest_cmd_set_irq_in },
    { "module_load", 2, 2, false, 0, qtest_cmd_module_load },
};

static const QTestCommand *qtest_find_command(QTestState *s,
                                              const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(qtest_commands); i++) {
        const QTestCommand *cmd = &qtest_commands[i];

        if (strcmp(cmd->name, name) == 0) {
            if (cmd->needs_qtest_accel && !accel_is_qtest(s->ms)) {
                return NULL;
            }
            return cmd;
        }
    }
    return NULL;
}

/* Argument count and empty words (double or trailing spaces). */
static bool qtest_check_args(QTestState *s, const QTestCommand *cmd,
                             char **args, int nargs)
{
    if (nargs < cmd->min_args || nargs > cmd->max_args) {
        if (cmd->min_args == cmd->max_args) {
            qtest_send(s, "FAIL '%s' takes %d argument%s, got %d", cmd->name,
                       cmd->min_args, cmd->min_args == 1 ? "" : "s", nargs);
        } else {
            qtest_send(s, "FAIL '%s' takes %d to %d arguments, got %d",
                       cmd->name, cmd->min_args, cmd->max_args, nargs);
        }
        return false;
    }
    for (int i = 0; i < nargs; i++) {
        if (!args[i][0]) {
            qtest_send(s, "FAIL empty argument %d (double or trailing space)",
                       i + 1);
            return false;
        }
    }
    return true;
}

static void qtest_dispatch(QTestState *s, char **words)
{
    const QTestCommand *cmd;
    int nargs = g_strv_length(words) - 1;

    cmd = qtest_find_command(s, words[0]);
    if (!cmd) {
        qtest_send(s, "FAIL Unknown command '%s'", words[0]);
        return;
    }
    if (qtest_check_args(s, cmd, words + 1, nargs)) {
        cmd->fn(s, cmd, words + 1, nargs);
    }
}

void qtest_server_process_line(QTestState *s, const char *line,
                               GString *reply)
{
    g_auto(GStrv) words = NULL;

    g_assert(!s->reply);
    s->reply = reply;
    qtest_log_line(s, 'R', line);
    if (!line[0]) {
        qtest_send(s, "FAIL empty request");
    } else {
        words = g_strsplit(line, " ", -1);
        qtest_dispatch(s, words);
    }
    s->reply = NULL;
}

/* ---- Input framing ---- */

static uint64_t qtest_line_limit(QTestState *s)
{
    return 2 * s->max_transfer + QTEST_LINE_SLACK;
}

static void qtest_buffer(QTestState *s, const uint8_t *buf, size_t len)
{
    if (s->discarding) {
        return;
    }
    if (s->inbuf->len + len > qtest_line_limit(s)) {
        s->discarding = true;
        g_string_truncate(s->inbuf, 0);
        return;
    }
    g_string_append_len(s->inbuf, (const char *)buf, len);
}

static void qtest_end_line(QTestState *s, GString *reply)
{
    if (s->discarding) {
        s->reply = reply;
        qtest_send(s, "FAIL request too long (limit %" PRIu64 " bytes)",
                   qtest_line_limit(s));
        s->reply = NULL;
    } else if (memchr(s->inbuf->str, '\0', s->inbuf->len)) {
        s->reply = reply;
        qtest_send(s, "FAIL request contains a NUL byte");
        s->reply = NULL;
    } else {
        qtest_server_process_line(s, s->inbuf->str, reply);
    }
    s->discarding = false;
    g_string_truncate(s->inbuf, 0);
}

void qtest_server_feed(QTestState *s, const uint8_t *buf, size_t len,
                       GString *reply)
{
    while (len) {
        const uint8_t *lf = memchr(buf, '\n', len);
        size_t chunk = lf ? (size_t)(lf - buf) : len;

        qtest_buffer(s, buf, chunk);
        if (!lf) {
            break;
        }
        qtest_end_line(s, reply);
        buf += chunk + 1;
        len -= chunk + 1;
    }
}

/* ---- Chardev front end ---- */

static int qtest_can_read(void *opaque)
{
    return 64 * 1024;
}

static void qtest_read(void *opaque, const uint8_t *buf, int len)
{
    QTestState *s = opaque;
    g_autoptr(GString) reply = g_string_new(NULL);

    qtest_server_feed(s, buf, len, reply);
    if (reply->len && s->chr) {
        chardev_write_all(s->chr, (const uint8_t *)reply->str, reply->len);
    }
}

void qtest_server_event(QTestState *s, ChardevEvent event)
{
    switch (event) {
    case CHR_EVENT_OPENED:
        memset(s->irq_levels, 0, sizeof(s->irq_levels));
        s->log_start_us = g_get_monotonic_time();
        if (s->log) {
            fprintf(s->log, "[I 0.000000] OPENED\n");
            fflush(s->log);
        }
        break;
    case CHR_EVENT_CLOSED:
        if (s->log) {
            fprintf(s->log, "[I +%.6f] CLOSED\n", qtest_log_time(s));
            fflush(s->log);
        }
        break;
    default:
        return;
    }
    s->discarding = false;
    g_string_truncate(s->inbuf, 0);
}

static void qtest_chr_event(void *opaque, ChardevEvent event)
{
    qtest_server_event(opaque, event);
}

/* ---- Lifecycle ---- */

static bool qtest_open_log(QTestState *s, const char *path, Error **errp)
{
    if (!path) {
        s->log = stderr;
    } else if (strcmp(path, "none") != 0 && strcmp(path, "/dev/null") != 0) {
        /* /dev/null (what libqtest passes) is "none" without the writes. */
        s->log = fopen(path, "w");
        if (!s->log) {
            error_setg_errno(errp, errno, "Could not open qtest log '%s'",
                             path);
            return false;
        }
        s->log_owned = true;
    }
    return true;
}

QTestState *qtest_server_new(MachineState *ms, Chardev *chr,
                             const char *log_path, Error **errp)
{
    QTestState *s;

    if (ms->qtest) {
        error_setg(errp, "Only one instance of qtest can be created");
        return NULL;
    }
    s = g_new0(QTestState, 1);
    if (!qtest_open_log(s, log_path, errp)) {
        g_free(s);
        return NULL;
    }
    s->ms = ms;
    s->chr = chr;
    s->inbuf = g_string_new(NULL);
    s->max_transfer = QTEST_MAX_TRANSFER;
    s->log_start_us = g_get_monotonic_time();
    s->out_intercepts = g_array_new(false, false, sizeof(QTestOutIntercept));
    ms->qtest = s;
    if (chr) {
        chardev_set_handlers(chr, qtest_can_read, qtest_read, qtest_chr_event,
                             s);
    }
    return s;
}

/* Give intercepted outputs back to their original sinks. */
static void qtest_restore_outputs(QTestState *s)
{
    for (guint i = 0; i < s->out_intercepts->len; i++) {
        QTestOutIntercept *oi = &g_array_index(s->out_intercepts,
                                               QTestOutIntercept, i);

        if (*oi->field == oi->ours) {
            *oi->field = oi->orig;
        }
        qemu_free_irq(oi->ours);
    }
    g_array_free(s->out_intercepts, true);
}

void qtest_server_free(QTestState *s)
{
    if (!s) {
        return;
    }
    if (s->chr) {
        chardev_remove_handlers(s->chr, s);
    }
    qtest_restore_outputs(s);
    if (s->irq_dev) {
        object_unref(OBJECT(s->irq_dev));
    }
    if (s->ms->qtest == s) {
        s->ms->qtest = NULL;
    }
    if (s->log_owned) {
        fclose(s->log);
    }
    g_string_free(s->inbuf, true);
    g_free(s);
}

void qtest_server_set_max_transfer(QTestState *s, uint64_t bytes)
{
    s->max_transfer = bytes ? bytes : QTEST_MAX_TRANSFER;
}
