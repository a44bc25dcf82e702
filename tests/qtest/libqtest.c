/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqtest: spawn the emulator with a qtest and a QMP connection and talk
 * to both.  Contract in libqtest.h; the wire protocol in docs/qtest.md.
 *
 * The test listens on two AF_UNIX sockets in $TMPDIR, forks
 * /bin/sh -c "exec $QTEST_QEMU_BINARY ...", and accepts the emulator's
 * connections (qtest first, then QMP).  The qtest channel is line based:
 * "IRQ raise/lower N" lines are consumed while waiting for a reply.  The
 * QMP channel goes through the streaming JSON parser; parsed messages wait
 * in a queue, and events met while waiting for a response wait in another.
 */
#include "qemu/osdep.h"
#include "libqtest.h"

#include <math.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include "qobject/json-parser.h"
#include "qobject/qbool.h"
#include "qobject/qjson.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"

#define QTEST_CONNECT_TIMEOUT_MS (50 * 1000)
#define QTEST_QUIT_TIMEOUT_MS (30 * 1000)

struct QTestState {
    pid_t pid;                  /* -1 once reaped */
    int wstatus;                /* valid once reaped */
    bool status_checked;        /* qtest_kill_qemu() already ran */
    int expected_status;
    int qtest_fd;
    int qmp_fd;
    bool big_endian;
    bool irq_level[QTEST_MAX_IRQ];
    GString *rx;                /* qtest bytes not consumed yet */
    char *last_request;         /* for failure messages */
    JSONMessageParser qmp_parser;
    GQueue qmp_msgs;            /* QDict *: parsed, not yet received */
    GQueue events;              /* QDict *: buffered events */
};

/* ---- Process ---- */

static const char *qtest_qemu_binary(void)
{
    const char *bin = getenv("QTEST_QEMU_BINARY");

    if (!bin) {
        fprintf(stderr, "Environment variable QTEST_QEMU_BINARY required\n");
        exit(1);
    }
    return bin;
}

const char *qtest_get_arch(void)
{
    const char *bin = qtest_qemu_binary();
    const char *dash = strrchr(bin, '-');

    if (!strstr(bin, "-system-") || !dash || !dash[1]) {
        fprintf(stderr, "QTEST_QEMU_BINARY must name a *-system-<arch> "
                "binary (x86_64, aarch64, ...): '%s'\n", bin);
        exit(1);
    }
    return dash + 1;
}

static char *qtest_describe_status(int wstatus)
{
    if (WIFEXITED(wstatus)) {
        return g_strdup_printf("exit status %d", WEXITSTATUS(wstatus));
    }
    if (WIFSIGNALED(wstatus)) {
        return g_strdup_printf("killed by signal %d%s", WTERMSIG(wstatus),
                               WCOREDUMP(wstatus) ? " (core dumped)" : "");
    }
    return g_strdup_printf("wait status 0x%x", wstatus);
}

bool qtest_probe_child(QTestState *s)
{
    if (s->pid < 0) {
        return false;
    }
    if (waitpid(s->pid, &s->wstatus, WNOHANG) == s->pid) {
        s->pid = -1;
        return false;
    }
    return true;
}

pid_t qtest_pid(QTestState *s)
{
    return s->pid;
}

void qtest_set_expected_status(QTestState *s, int status)
{
    s->expected_status = status;
}

/* SIGTERM, poll for up to 30 s, then SIGKILL.  Leaves s->pid == -1. */
static void qtest_wait_qemu(QTestState *s)
{
    if (s->pid < 0) {
        return;
    }
    kill(s->pid, SIGTERM);
    for (int ms = 0; ms < QTEST_QUIT_TIMEOUT_MS; ms += 10) {
        if (!qtest_probe_child(s)) {
            return;
        }
        g_usleep(10 * 1000);
    }
    fprintf(stderr, "libqtest: emulator ignored SIGTERM for %d s, killing "
            "it\n", QTEST_QUIT_TIMEOUT_MS / 1000);
    kill(s->pid, SIGKILL);
    waitpid(s->pid, &s->wstatus, 0);
    s->pid = -1;
}

void qtest_kill_qemu(QTestState *s)
{
    g_autofree char *desc = NULL;

    if (s->status_checked) {
        return;
    }
    qtest_wait_qemu(s);
    s->status_checked = true;
    if (WIFEXITED(s->wstatus) &&
        WEXITSTATUS(s->wstatus) == s->expected_status) {
        return;
    }
    desc = qtest_describe_status(s->wstatus);
    fprintf(stderr, "libqtest: emulator ended with %s, expected exit status "
            "%d\n", desc, s->expected_status);
    abort();
}

/* Child: die with the test, then run the command through the shell. */
static void qtest_spawn(QTestState *s, const char *cmd)
{
    pid_t parent = getpid();

    fflush(NULL);
    s->pid = fork();
    g_assert(s->pid >= 0);
    if (s->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) {
            _exit(1);
        }
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
}

static int qtest_listen(const char *path)
{
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(addr.sun_path)) {
        g_error("libqtest: socket path too long: %s", path);
    }
    strcpy(addr.sun_path, path);
    unlink(path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
        listen(fd, 1) < 0) {
        g_error("libqtest: cannot listen on %s: %s", path, g_strerror(errno));
    }
    return fd;
}

/* Accept one connection, giving up if the emulator dies or times out. */
static int qtest_accept(QTestState *s, int listen_fd, const char *what)
{
    for (int waited = 0; waited < QTEST_CONNECT_TIMEOUT_MS; waited += 100) {
        struct pollfd pfd = { .fd = listen_fd, .events = POLLIN };

        if (poll(&pfd, 1, 100) > 0) {
            int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

            if (fd >= 0) {
                return fd;
            }
        }
        if (!qtest_probe_child(s)) {
            g_autofree char *desc = qtest_describe_status(s->wstatus);

            g_error("libqtest: emulator ended (%s) before connecting the %s "
                    "socket", desc, what);
        }
    }
    g_error("libqtest: timed out waiting for the emulator's %s connection",
            what);
}

static char *qtest_command_line(const char *sock, const char *qmp,
                                const char *extra_args)
{
    GString *cmd = g_string_new("exec ");
    const char *trace = getenv("QTEST_TRACE");

    g_string_append(cmd, qtest_qemu_binary());
    if (trace) {
        g_string_append_printf(cmd, " -trace %s", trace);
    }
    g_string_append_printf(cmd, " -qtest unix:%s -qtest-log %s"
                           " -chardev socket,path=%s,id=char0"
                           " -mon chardev=char0,mode=control"
                           " -display none -audio none %s -accel qtest",
                           sock, getenv("QTEST_LOG") ? "/dev/fd/2"
                                                     : "/dev/null",
                           qmp, extra_args ? extra_args : "");
    return g_string_free(cmd, false);
}

/* ---- qtest channel ---- */

static void qtest_write_all(int fd, const char *buf, size_t len,
                            const char *what)
{
    while (len) {
        ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("libqtest: writing to the %s socket failed: %s", what,
                    g_strerror(errno));
        }
        buf += n;
        len -= n;
    }
}

static void qtest_send(QTestState *s, const char *line)
{
    g_autofree char *text = g_strconcat(line, "\n", NULL);

    g_free(s->last_request);
    s->last_request = g_strdup(line);
    qtest_write_all(s->qtest_fd, text, strlen(text), "qtest");
}

static char *qtest_read_line(QTestState *s)
{
    char buf[4096];
    char *lf, *line;

    while (!(lf = memchr(s->rx->str, '\n', s->rx->len))) {
        ssize_t n = read(s->qtest_fd, buf, sizeof(buf));

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("libqtest: qtest connection closed while waiting for "
                    "the reply to '%s'", s->last_request);
        }
        g_string_append_len(s->rx, buf, n);
    }
    line = g_strndup(s->rx->str, lf - s->rx->str);
    g_string_erase(s->rx, 0, lf - s->rx->str + 1);
    return line;
}

/* "IRQ raise N" / "IRQ lower N": record the level.  False if not one. */
static bool qtest_handle_irq_line(QTestState *s, const char *line)
{
    bool raise = g_str_has_prefix(line, "IRQ raise ");
    int64_t n;

    if (!raise && !g_str_has_prefix(line, "IRQ lower ")) {
        return false;
    }
    n = g_ascii_strtoll(line + strlen("IRQ raise "), NULL, 10);
    if (n >= 0 && n < QTEST_MAX_IRQ) {
        s->irq_level[n] = raise;
    }
    return true;
}

static char *qtest_reply(QTestState *s)
{
    for (;;) {
        char *line = qtest_read_line(s);

        if (!qtest_handle_irq_line(s, line)) {
            return line;
        }
        g_free(line);
    }
}

char *qtest_raw_command(QTestState *s, const char *line)
{
    qtest_send(s, line);
    return qtest_reply(s);
}

/* Send a request; abort unless the reply is OK.  Returns its words. */
static GStrv G_GNUC_PRINTF(2, 0) qtest_vcmd(QTestState *s, const char *fmt,
                                            va_list ap)
{
    g_autofree char *req = g_strdup_vprintf(fmt, ap);
    g_autofree char *line = qtest_raw_command(s, req);
    GStrv words = g_strsplit(line, " ", -1);

    if (strcmp(words[0], "OK") != 0) {
        g_error("libqtest: '%s' failed: %s", req, line);
    }
    return words;
}

static GStrv G_GNUC_PRINTF(2, 3) qtest_cmd(QTestState *s, const char *fmt,
                                           ...)
{
    va_list ap;
    GStrv words;

    va_start(ap, fmt);
    words = qtest_vcmd(s, fmt, ap);
    va_end(ap);
    return words;
}

/* A command whose reply carries no value. */
static void G_GNUC_PRINTF(2, 3) qtest_cmd_ok(QTestState *s, const char *fmt,
                                             ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_strfreev(qtest_vcmd(s, fmt, ap));
    va_end(ap);
}

static uint64_t qtest_reply_u64(QTestState *s, GStrv words)
{
    char *end;
    uint64_t v;

    if (!words[1]) {
        g_error("libqtest: reply to '%s' has no value", s->last_request);
    }
    v = g_ascii_strtoull(words[1], &end, 0);
    if (*end) {
        g_error("libqtest: bad value '%s' in reply to '%s'", words[1],
                s->last_request);
    }
    return v;
}

static uint64_t qtest_read_sized(QTestState *s, char suffix, uint64_t addr)
{
    g_auto(GStrv) w = qtest_cmd(s, "read%c 0x%" PRIx64, suffix, addr);

    return qtest_reply_u64(s, w);
}

static void qtest_write_sized(QTestState *s, char suffix, uint64_t addr,
                              uint64_t value)
{
    qtest_cmd_ok(s, "write%c 0x%" PRIx64 " 0x%" PRIx64, suffix, addr,
                 value);
}

uint8_t qtest_readb(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'b', addr);
}

uint16_t qtest_readw(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'w', addr);
}

uint32_t qtest_readl(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'l', addr);
}

uint64_t qtest_readq(QTestState *s, uint64_t addr)
{
    return qtest_read_sized(s, 'q', addr);
}

void qtest_writeb(QTestState *s, uint64_t addr, uint8_t value)
{
    qtest_write_sized(s, 'b', addr, value);
}

void qtest_writew(QTestState *s, uint64_t addr, uint16_t value)
{
    qtest_write_sized(s, 'w', addr, value);
}

void qtest_writel(QTestState *s, uint64_t addr, uint32_t value)
{
    qtest_write_sized(s, 'l', addr, value);
}

void qtest_writeq(QTestState *s, uint64_t addr, uint64_t value)
{
    qtest_write_sized(s, 'q', addr, value);
}

void qtest_memread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_auto(GStrv) w = NULL;
    uint8_t *out = data;

    if (!size) {
        return;
    }
    w = qtest_cmd(s, "read 0x%" PRIx64 " 0x%zx", addr, size);
    if (!w[1] || strlen(w[1]) != 2 + 2 * size || strncmp(w[1], "0x", 2)) {
        g_error("libqtest: bad reply to '%s'", s->last_request);
    }
    for (size_t i = 0; i < size; i++) {
        int hi = g_ascii_xdigit_value(w[1][2 + 2 * i]);
        int lo = g_ascii_xdigit_value(w[1][3 + 2 * i]);

        if (hi < 0 || lo < 0) {
            g_error("libqtest: bad hex in reply to '%s'", s->last_request);
        }
        out[i] = hi << 4 | lo;
    }
}

void qtest_memwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    const uint8_t *in = data;
    g_autoptr(GString) hex = NULL;

    if (!size) {
        return;
    }
    hex = g_string_sized_new(2 * size + 1);
    for (size_t i = 0; i < size; i++) {
        g_string_append_printf(hex, "%02x", in[i]);
    }
    qtest_cmd_ok(s, "write 0x%" PRIx64 " 0x%zx 0x%s", addr, size, hex->str);
}

void qtest_bufread(QTestState *s, uint64_t addr, void *data, size_t size)
{
    g_auto(GStrv) w = NULL;
    g_autofree uint8_t *bytes = NULL;
    gsize len;

    if (!size) {
        return;
    }
    w = qtest_cmd(s, "b64read 0x%" PRIx64 " 0x%zx", addr, size);
    if (!w[1]) {
        g_error("libqtest: bad reply to '%s'", s->last_request);
    }
    bytes = g_base64_decode(w[1], &len);
    if (len != size) {
        g_error("libqtest: '%s' returned %zu bytes", s->last_request,
                (size_t)len);
    }
    memcpy(data, bytes, size);
}

void qtest_bufwrite(QTestState *s, uint64_t addr, const void *data,
                    size_t size)
{
    g_autofree char *b64 = NULL;

    if (!size) {
        return;
    }
    b64 = g_base64_encode(data, size);
    qtest_cmd_ok(s, "b64write 0x%" PRIx64 " 0x%zx %s", addr, size, b64);
}

void qtest_memset(QTestState *s, uint64_t addr, uint8_t pattern,
                  size_t size)
{
    qtest_cmd_ok(s, "memset 0x%" PRIx64 " 0x%zx 0x%02x", addr, size,
                 pattern);
}

static uint32_t qtest_in(QTestState *s, char suffix, uint16_t port)
{
    g_auto(GStrv) w = qtest_cmd(s, "in%c 0x%x", suffix, port);

    return qtest_reply_u64(s, w);
}

static void qtest_out(QTestState *s, char suffix, uint16_t port,
                      uint32_t value)
{
    qtest_cmd_ok(s, "out%c 0x%x 0x%x", suffix, port, value);
}

uint8_t qtest_inb(QTestState *s, uint16_t port)
{
    return qtest_in(s, 'b', port);
}

uint16_t qtest_inw(QTestState *s, uint16_t port)
{
    return qtest_in(s, 'w', port);
}

uint32_t qtest_inl(QTestState *s, uint16_t port)
{
    return qtest_in(s, 'l', port);
}

void qtest_outb(QTestState *s, uint16_t port, uint8_t value)
{
    qtest_out(s, 'b', port, value);
}

void qtest_outw(QTestState *s, uint16_t port, uint16_t value)
{
    qtest_out(s, 'w', port, value);
}

void qtest_outl(QTestState *s, uint16_t port, uint32_t value)
{
    qtest_out(s, 'l', port, value);
}

static int64_t qtest_clock_reply(QTestState *s, GStrv words)
{
    char *end;
    int64_t v;

    if (!words[1]) {
        g_error("libqtest: reply to '%s' has no value", s->last_request);
    }
    v = g_ascii_strtoll(words[1], &end, 0);
    if (*end) {
        g_error("libqtest: bad value '%s' in reply to '%s'", words[1],
                s->last_request);
    }
    return v;
}

int64_t qtest_clock_step_next(QTestState *s)
{
    g_auto(GStrv) w = qtest_cmd(s, "clock_step");

    return qtest_clock_reply(s, w);
}

int64_t qtest_clock_step(QTestState *s, int64_t step)
{
    g_auto(GStrv) w = qtest_cmd(s, "clock_step %" PRIi64, step);

    return qtest_clock_reply(s, w);
}

int64_t qtest_clock_set(QTestState *s, int64_t val)
{
    g_auto(GStrv) w = qtest_cmd(s, "clock_set %" PRIi64, val);

    return qtest_clock_reply(s, w);
}

void qtest_irq_intercept_in(QTestState *s, const char *qom_path)
{
    qtest_cmd_ok(s, "irq_intercept_in %s", qom_path);
}

void qtest_irq_intercept_out(QTestState *s, const char *qom_path)
{
    qtest_cmd_ok(s, "irq_intercept_out %s", qom_path);
}

void qtest_irq_intercept_out_named(QTestState *s, const char *qom_path,
                                   const char *name)
{
    qtest_cmd_ok(s, "irq_intercept_out %s %s", qom_path, name);
}

bool qtest_get_irq(QTestState *s, int num)
{
    g_assert(num >= 0 && num < QTEST_MAX_IRQ);
    /* A round trip makes sure every pending IRQ line has been read. */
    qtest_inb(s, 0);
    return s->irq_level[num];
}

void qtest_set_irq_in(QTestState *s, const char *qom_path, const char *name,
                      int num, int level)
{
    qtest_cmd_ok(s, "set_irq_in %s %s %d %d", qom_path, name, num, level);
}

bool qtest_big_endian(QTestState *s)
{
    return s->big_endian;
}

static bool qtest_query_big_endian(QTestState *s)
{
    g_auto(GStrv) w = qtest_cmd(s, "endianness");

    if (w[1] && strcmp(w[1], "big") == 0) {
        return true;
    }
    if (w[1] && strcmp(w[1], "little") == 0) {
        return false;
    }
    g_error("libqtest: bad endianness reply");
}

/* ---- JSON formatting for QMP ---- */

static void qtest_json_append_str(GString *out, const char *str)
{
    if (!str) {
        g_error("libqtest: NULL string for %%s in a QMP format");
    }
    g_string_append_c(out, '"');
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        if (*p == '"' || *p == '\\') {
            g_string_append_c(out, '\\');
            g_string_append_c(out, *p);
        } else if (*p < 0x20) {
            g_string_append_printf(out, "\\u%04x", *p);
        } else {
            g_string_append_c(out, *p);
        }
    }
    g_string_append_c(out, '"');
}

/* Length modifier of a directive: 0 none, 'l', 'L' (ll), 'z', 'j'. */
static const char *qtest_json_length(const char *p, char *len)
{
    *len = 0;
    if (p[0] == 'l' && p[1] == 'l') {
        *len = 'L';
        return p + 2;
    }
    if (*p == 'l' || *p == 'z' || *p == 'j') {
        *len = *p;
        return p + 1;
    }
    return p;
}

static void qtest_json_signed(GString *out, char len, va_list *ap)
{
    int64_t v;

    switch (len) {
    case 'l':
        v = va_arg(*ap, long);
        break;
    case 'L':
        v = va_arg(*ap, long long);
        break;
    case 'z':
        v = va_arg(*ap, ssize_t);
        break;
    case 'j':
        v = va_arg(*ap, intmax_t);
        break;
    default:
        v = va_arg(*ap, int);
    }
    g_string_append_printf(out, "%" PRId64, v);
}

static void qtest_json_unsigned(GString *out, char len, va_list *ap)
{
    uint64_t v;

    switch (len) {
    case 'l':
        v = va_arg(*ap, unsigned long);
        break;
    case 'L':
        v = va_arg(*ap, unsigned long long);
        break;
    case 'z':
        v = va_arg(*ap, size_t);
        break;
    case 'j':
        v = va_arg(*ap, uintmax_t);
        break;
    default:
        v = va_arg(*ap, unsigned int);
    }
    g_string_append_printf(out, "%" PRIu64, v);
}

/* Expand the directive after a '%'; returns its last character. */
static const char *qtest_json_directive(GString *out, const char *p,
                                        va_list *ap)
{
    char len;
    const char *conv = qtest_json_length(p, &len);

    if (*conv == 'd' || *conv == 'i') {
        qtest_json_signed(out, len, ap);
    } else if (*conv == 'u') {
        qtest_json_unsigned(out, len, ap);
    } else if (len) {
        g_error("libqtest: unsupported directive '%%%.3s' in a QMP format",
                p);
    } else if (*conv == 's') {
        qtest_json_append_str(out, va_arg(*ap, const char *));
    } else if (*conv == 'f' || *conv == 'g') {
        double d = va_arg(*ap, double);

        g_assert(isfinite(d));
        g_string_append_printf(out, "%.17g", d);
    } else if (*conv == '%') {
        g_string_append_c(out, '%');
    } else {
        g_error("libqtest: unsupported directive '%%%.3s' in a QMP format",
                p);
    }
    return conv;
}

char *qtest_json_vformat(const char *fmt, va_list ap)
{
    GString *out = g_string_new(NULL);
    char quote = 0;
    va_list aq;

    va_copy(aq, ap);
    for (const char *p = fmt; *p; p++) {
        if (quote) {
            g_string_append_c(out, *p);
            if (*p == '\\' && p[1]) {
                g_string_append_c(out, *++p);
            } else if (*p == quote) {
                quote = 0;
            }
        } else if (*p == '\'' || *p == '"') {
            quote = *p;
            g_string_append_c(out, *p);
        } else if (*p == '%') {
            p = qtest_json_directive(out, p + 1, &aq);
        } else {
            g_string_append_c(out, *p);
        }
    }
    va_end(aq);
    return g_string_free(out, false);
}

char *qtest_json_format(const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = qtest_json_vformat(fmt, ap);
    va_end(ap);
    return text;
}

/* ---- QMP channel ---- */

static void qtest_qmp_emit(void *opaque, QObject *json, Error *err)
{
    QTestState *s = opaque;
    QDict *dict;

    if (err) {
        g_error("libqtest: bad QMP message: %s", error_get_pretty(err));
    }
    dict = qobject_to_qdict(json);
    if (!dict) {
        g_error("libqtest: QMP message is not a JSON object");
    }
    g_queue_push_tail(&s->qmp_msgs, dict);
}

void qtest_qmp_send_raw(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qtest_write_all(s->qmp_fd, text, strlen(text), "QMP");
}

void qtest_qmp_vsend(QTestState *s, const char *fmt, va_list ap)
{
    g_autofree char *text = qtest_json_vformat(fmt, ap);

    if (getenv("QTEST_LOG")) {
        fprintf(stderr, "[QMP >] %s\n", text);
    }
    qtest_write_all(s->qmp_fd, text, strlen(text), "QMP");
}

void qtest_qmp_send(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qtest_qmp_vsend(s, fmt, ap);
    va_end(ap);
}

QDict *qtest_qmp_receive_dict(QTestState *s)
{
    char buf[4096];

    while (g_queue_is_empty(&s->qmp_msgs)) {
        ssize_t n = read(s->qmp_fd, buf, sizeof(buf));

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            g_error("libqtest: QMP connection closed");
        }
        if (getenv("QTEST_LOG")) {
            fprintf(stderr, "[QMP <] %.*s", (int)n, buf);
        }
        json_message_parser_feed(&s->qmp_parser, buf, n);
    }
    return g_queue_pop_head(&s->qmp_msgs);
}

QDict *qtest_qmp_receive(QTestState *s)
{
    for (;;) {
        QDict *msg = qtest_qmp_receive_dict(s);

        if (!qdict_haskey(msg, "event")) {
            return msg;
        }
        g_queue_push_tail(&s->events, msg);
    }
}

QDict *qtest_vqmp(QTestState *s, const char *fmt, va_list ap)
{
    qtest_qmp_vsend(s, fmt, ap);
    return qtest_qmp_receive(s);
}

QDict *qtest_qmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    QDict *resp;

    va_start(ap, fmt);
    resp = qtest_vqmp(s, fmt, ap);
    va_end(ap);
    return resp;
}

static bool qtest_is_event(QDict *msg, const char *event)
{
    const char *name = qdict_get_try_str(msg, "event");

    return name && strcmp(name, event) == 0;
}

QDict *qtest_qmp_event_ref(QTestState *s, const char *event)
{
    for (GList *l = s->events.head; l; l = l->next) {
        if (qtest_is_event(l->data, event)) {
            QDict *msg = l->data;

            g_queue_delete_link(&s->events, l);
            return msg;
        }
    }
    return NULL;
}

QDict *qtest_qmp_eventwait_ref(QTestState *s, const char *event)
{
    QDict *msg = qtest_qmp_event_ref(s, event);

    while (!msg) {
        QDict *next = qtest_qmp_receive_dict(s);

        if (qtest_is_event(next, event)) {
            msg = next;
        } else if (qdict_haskey(next, "event")) {
            g_queue_push_tail(&s->events, next);
        } else {
            qobject_unref(next);        /* stray response */
        }
    }
    return msg;
}

void qtest_qmp_eventwait(QTestState *s, const char *event)
{
    qobject_unref(qtest_qmp_eventwait_ref(s, event));
}

static QDict *qtest_vqmp_assert_success_ref(QTestState *s, const char *fmt,
                                            va_list ap)
{
    QDict *resp = qtest_vqmp(s, fmt, ap);
    QDict *ret;

    if (!qdict_haskey(resp, "return")) {
        GString *text = qobject_to_json(QOBJECT(resp));

        g_error("libqtest: QMP command failed: %s", text->str);
    }
    ret = qdict_get_qdict(resp, "return");
    qobject_ref(ret);
    qobject_unref(resp);
    return ret;
}

QDict *qtest_qmp_assert_success_ref(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    QDict *ret;

    va_start(ap, fmt);
    ret = qtest_vqmp_assert_success_ref(s, fmt, ap);
    va_end(ap);
    return ret;
}

void qtest_qmp_assert_success(QTestState *s, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    qobject_unref(qtest_vqmp_assert_success_ref(s, fmt, ap));
    va_end(ap);
}

char *qtest_hmp(QTestState *s, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *cmd = NULL;
    g_autoptr(QDict) resp = NULL;
    const char *out;

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    resp = qtest_qmp(s, "{'execute': 'human-monitor-command', "
                     "'arguments': {'command-line': %s}}", cmd);
    out = qdict_get_try_str(resp, "return");
    if (!out) {
        g_error("libqtest: HMP command '%s' failed", cmd);
    }
    return g_strdup(out);
}

bool qtest_qom_get_bool(QTestState *s, const char *path,
                        const char *property)
{
    g_autoptr(QDict) resp = qtest_qmp(s, "{'execute': 'qom-get', "
                                      "'arguments': {'path': %s, "
                                      "'property': %s}}", path, property);
    QBool *b = qobject_to_qbool(qdict_get(resp, "return"));

    if (!b) {
        g_error("libqtest: qom-get %s.%s did not return a bool", path,
                property);
    }
    return qbool_get_bool(b);
}

void qtest_qom_set_bool(QTestState *s, const char *path,
                        const char *property, bool value)
{
    qtest_qmp_assert_success(s, value ? "{'execute': 'qom-set', 'arguments': "
                             "{'path': %s, 'property': %s, 'value': true}}"
                             : "{'execute': 'qom-set', 'arguments': "
                             "{'path': %s, 'property': %s, 'value': false}}",
                             path, property);
}

/* ---- Start-up ---- */

static QTestState *qtest_state_new(void)
{
    QTestState *s = g_new0(QTestState, 1);

    s->pid = -1;
    s->qtest_fd = -1;
    s->qmp_fd = -1;
    s->rx = g_string_new(NULL);
    json_message_parser_init(&s->qmp_parser, qtest_qmp_emit, s);
    g_queue_init(&s->qmp_msgs);
    g_queue_init(&s->events);
    return s;
}

QTestState *qtest_init_without_qmp_handshake(const char *extra_args)
{
    QTestState *s = qtest_state_new();
    g_autofree char *sock = g_strdup_printf("%s/qtest-%d.sock",
                                            g_get_tmp_dir(), getpid());
    g_autofree char *qmp = g_strdup_printf("%s/qtest-%d.qmp",
                                           g_get_tmp_dir(), getpid());
    g_autofree char *cmd = qtest_command_line(sock, qmp, extra_args);
    int qtest_listen_fd = qtest_listen(sock);
    int qmp_listen_fd = qtest_listen(qmp);

    qtest_spawn(s, cmd);
    s->qtest_fd = qtest_accept(s, qtest_listen_fd, "qtest");
    s->qmp_fd = qtest_accept(s, qmp_listen_fd, "QMP");
    close(qtest_listen_fd);
    close(qmp_listen_fd);
    unlink(sock);
    unlink(qmp);
    if (getenv("QTEST_STOP")) {
        kill(s->pid, SIGSTOP);
    }
    s->big_endian = qtest_query_big_endian(s);
    return s;
}

QTestState *qtest_init(const char *extra_args)
{
    QTestState *s = qtest_init_without_qmp_handshake(extra_args);
    g_autoptr(QDict) greeting = qtest_qmp_receive_dict(s);

    if (!qdict_haskey(greeting, "QMP")) {
        g_error("libqtest: no QMP greeting");
    }
    qtest_qmp_assert_success(s, "{ 'execute': 'qmp_capabilities' }");
    return s;
}

QTestState *qtest_vinitf(const char *fmt, va_list ap)
{
    g_autofree char *args = g_strdup_vprintf(fmt, ap);

    return qtest_init(args);
}

QTestState *qtest_initf(const char *fmt, ...)
{
    va_list ap;
    QTestState *s;

    va_start(ap, fmt);
    s = qtest_vinitf(fmt, ap);
    va_end(ap);
    return s;
}

static void qtest_free_queue(GQueue *q)
{
    QDict *msg;

    while ((msg = g_queue_pop_head(q))) {
        qobject_unref(msg);
    }
}

void qtest_quit(QTestState *s)
{
    qtest_kill_qemu(s);
    if (s->qtest_fd >= 0) {
        close(s->qtest_fd);
    }
    if (s->qmp_fd >= 0) {
        close(s->qmp_fd);
    }
    json_message_parser_destroy(&s->qmp_parser);
    qtest_free_queue(&s->qmp_msgs);
    qtest_free_queue(&s->events);
    g_string_free(s->rx, true);
    g_free(s->last_request);
    g_free(s);
}

/* ---- Helpers ---- */

/* Does the "return" list of @cmd hold an entry whose @key is @name? */
static bool qtest_list_has(const char *cmd, const char *key,
                           const char *alt_key, const char *name)
{
    QTestState *s = qtest_init("-machine none");
    g_autoptr(QDict) resp = NULL;
    QList *list;
    bool found = false;

    qtest_qmp_send_raw(s, "%s", cmd);
    resp = qtest_qmp_receive(s);
    list = qdict_get_qlist(resp, "return");
    g_assert(list);
    for (const QListEntry *e = qlist_first(list); e && !found;
         e = qlist_next(e)) {
        QDict *d = qobject_to_qdict(qlist_entry_obj(e));
        const char *v = d ? qdict_get_try_str(d, key) : NULL;
        const char *a = d && alt_key ? qdict_get_try_str(d, alt_key) : NULL;

        found = (v && strcmp(v, name) == 0) || (a && strcmp(a, name) == 0);
    }
    qtest_quit(s);
    return found;
}

bool qtest_has_machine(const char *machine)
{
    return qtest_list_has("{'execute': 'query-machines'}", "name", "alias",
                          machine);
}

bool qtest_has_device(const char *device)
{
    return qtest_list_has("{'execute': 'qom-list-types', 'arguments': "
                          "{'abstract': false, 'implements': 'device'}}",
                          "name", NULL, device);
}

void qtest_add_func(const char *path, void (*fn)(void))
{
    g_autofree char *full = g_strdup_printf("/%s/%s", qtest_get_arch(),
                                            path[0] == '/' ? path + 1 : path);

    g_test_add_func(full, fn);
}

void qtest_add_data_func(const char *path, const void *data,
                         void (*fn)(const void *data))
{
    g_autofree char *full = g_strdup_printf("/%s/%s", qtest_get_arch(),
                                            path[0] == '/' ? path + 1 : path);

    g_test_add_data_func(full, data, fn);
}
