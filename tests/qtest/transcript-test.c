/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Replay qtest transcripts against the emulator over "-qtest stdio" and
 * compare every reply byte for byte.
 *
 * A transcript (tests/qtest/transcripts/NAME.txt) is a text file:
 *   # comment
 *   # arch: x86_64          only run when the binary is this target
 *   # args: -machine none   the emulator's arguments
 *   > request               sent with a LF appended (">" alone: empty line)
 *   < reply                 expected reply line(s) to the last request
 * In request and reply text, \r, \t and \\ stand for CR, TAB and '\'.
 *
 * After the last request the test closes the emulator's stdin (it must keep
 * running: a qtest peer going away does not end it), then sends SIGTERM
 * and expects exit status 0.  The binary comes from $QTEST_QEMU_BINARY or
 * the first non-option argument; the transcript directory from
 * $QTEST_TRANSCRIPT_DIR or the build-time default.
 */
#include "qemu/osdep.h"

#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define REPLY_TIMEOUT_MS 10000

typedef struct Exchange {
    char *request;
    GPtrArray *replies;         /* char *, expected lines without LF */
} Exchange;

typedef struct Transcript {
    char *name;
    char *arch;                 /* NULL: any */
    char *args;
    GPtrArray *exchanges;       /* Exchange * */
} Transcript;

typedef struct Emulator {
    pid_t pid;
    int in_fd;                  /* its stdin */
    int out_fd;                 /* its stdout */
    char *err_path;             /* its stderr, for failure messages */
    GString *rx;
} Emulator;

/* ---- Parsing ---- */

static char *unescape(const char *text)
{
    GString *out = g_string_new(NULL);

    for (const char *p = text; *p; p++) {
        if (*p == '\\' && (p[1] == 'r' || p[1] == 't' || p[1] == '\\')) {
            p++;
            g_string_append_c(out, *p == 'r' ? '\r' : *p == 't' ? '\t' : '\\');
        } else {
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, false);
}

static void exchange_free(gpointer p)
{
    Exchange *e = p;

    g_free(e->request);
    g_ptr_array_unref(e->replies);
    g_free(e);
}

static void transcript_free(Transcript *t)
{
    g_free(t->name);
    g_free(t->arch);
    g_free(t->args);
    g_ptr_array_unref(t->exchanges);
    g_free(t);
}

static void transcript_add_line(Transcript *t, const char *line)
{
    Exchange *e;

    if (g_str_has_prefix(line, "# arch: ")) {
        t->arch = g_strdup(line + 8);
    } else if (g_str_has_prefix(line, "# args: ")) {
        t->args = g_strdup(line + 8);
    } else if (line[0] == '>') {
        e = g_new0(Exchange, 1);
        e->request = unescape(line[1] == ' ' ? line + 2 : line + 1);
        e->replies = g_ptr_array_new_with_free_func(g_free);
        g_ptr_array_add(t->exchanges, e);
    } else if (line[0] == '<') {
        if (!t->exchanges->len) {
            g_error("%s: reply before any request", t->name);
        }
        e = g_ptr_array_index(t->exchanges, t->exchanges->len - 1);
        g_ptr_array_add(e->replies, unescape(line + 2));
    } else if (line[0] && line[0] != '#') {
        g_error("%s: cannot parse line '%s'", t->name, line);
    }
}

static Transcript *transcript_load(const char *path)
{
    Transcript *t = g_new0(Transcript, 1);
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    g_autoptr(GError) err = NULL;

    if (!g_file_get_contents(path, &text, NULL, &err)) {
        g_error("%s", err->message);
    }
    t->name = g_path_get_basename(path);
    t->exchanges = g_ptr_array_new_with_free_func(exchange_free);
    lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        transcript_add_line(t, lines[i]);
    }
    if (!t->args) {
        g_error("%s: no '# args:' line", t->name);
    }
    return t;
}

/* ---- The emulator process ---- */

static const char *binary_path(void)
{
    return getenv("QTEST_QEMU_BINARY");
}

static char *stderr_text(Emulator *emu)
{
    char *text = NULL;

    if (!g_file_get_contents(emu->err_path, &text, NULL, NULL)) {
        return g_strdup("(no stderr)");
    }
    return text;
}

static void emulator_start(Emulator *emu, const char *bin, const char *args)
{
    int in[2], out[2], err_fd;
    g_autofree char *cmd = g_strdup_printf("exec %s %s", bin, args);

    memset(emu, 0, sizeof(*emu));
    emu->rx = g_string_new(NULL);
    err_fd = g_file_open_tmp("transcript-stderr-XXXXXX", &emu->err_path,
                             NULL);
    g_assert(err_fd >= 0);
    g_assert(pipe2(in, O_CLOEXEC) == 0 && pipe2(out, O_CLOEXEC) == 0);
    emu->pid = fork();
    g_assert(emu->pid >= 0);
    if (emu->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(in[0], 0);
        dup2(out[1], 1);
        dup2(err_fd, 2);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    close(err_fd);
    emu->in_fd = in[1];
    emu->out_fd = out[0];
}

/* One reply line (without LF), or NULL on EOF or timeout. */
static char *emulator_read_line(Emulator *emu)
{
    char buf[4096];
    char *lf, *line;

    while (!(lf = memchr(emu->rx->str, '\n', emu->rx->len))) {
        struct pollfd pfd = { .fd = emu->out_fd, .events = POLLIN };
        ssize_t n;

        if (poll(&pfd, 1, REPLY_TIMEOUT_MS) <= 0) {
            return NULL;
        }
        n = read(emu->out_fd, buf, sizeof(buf));
        if (n <= 0) {
            return NULL;
        }
        g_string_append_len(emu->rx, buf, n);
    }
    line = g_strndup(emu->rx->str, lf - emu->rx->str);
    g_string_erase(emu->rx, 0, lf - emu->rx->str + 1);
    return line;
}

/* SIGTERM, then wait up to 10 s.  Returns the wait status (-1: hung). */
static int emulator_stop(Emulator *emu)
{
    int status = -1;

    kill(emu->pid, SIGTERM);
    for (int i = 0; i < 1000; i++) {
        if (waitpid(emu->pid, &status, WNOHANG) == emu->pid) {
            return status;
        }
        g_usleep(10 * 1000);
    }
    kill(emu->pid, SIGKILL);
    waitpid(emu->pid, NULL, 0);
    return -1;
}

static void emulator_cleanup(Emulator *emu)
{
    if (emu->in_fd >= 0) {
        close(emu->in_fd);
    }
    close(emu->out_fd);
    unlink(emu->err_path);
    g_free(emu->err_path);
    g_string_free(emu->rx, true);
}

/* ---- Replay ---- */

static void G_GNUC_PRINTF(3, 4) replay_fail(Emulator *emu,
                                            const Transcript *t,
                                            const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;
    g_autofree char *err = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    kill(emu->pid, SIGKILL);
    waitpid(emu->pid, NULL, 0);
    err = stderr_text(emu);
    g_test_message("emulator stderr:\n%s", err);
    g_error("%s: %s", t->name, msg);
}

static void replay_exchange(Emulator *emu, const Transcript *t,
                            const Exchange *e)
{
    g_autofree char *req = g_strconcat(e->request, "\n", NULL);

    if (write(emu->in_fd, req, strlen(req)) != (ssize_t)strlen(req)) {
        replay_fail(emu, t, "cannot send '%s'", e->request);
    }
    for (guint i = 0; i < e->replies->len; i++) {
        const char *want = g_ptr_array_index(e->replies, i);
        g_autofree char *got = emulator_read_line(emu);

        if (!got) {
            replay_fail(emu, t, "no reply to '%s' (expected '%s')",
                        e->request, want);
        }
        if (strcmp(got, want) != 0) {
            replay_fail(emu, t, "request '%s': expected '%s', got '%s'",
                        e->request, want, got);
        }
    }
}

static void test_transcript(const void *data)
{
    const char *path = data;
    Transcript *t = transcript_load(path);
    Emulator emu;
    int status;

    emulator_start(&emu, binary_path(), t->args);
    for (guint i = 0; i < t->exchanges->len; i++) {
        replay_exchange(&emu, t, g_ptr_array_index(t->exchanges, i));
    }
    /* The qtest peer going away must not end the emulator. */
    close(emu.in_fd);
    emu.in_fd = -1;
    g_usleep(100 * 1000);
    if (waitpid(emu.pid, &status, WNOHANG) == emu.pid) {
        replay_fail(&emu, t, "emulator exited when its stdin closed");
    }
    status = emulator_stop(&emu);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        g_autofree char *err = stderr_text(&emu);

        g_test_message("emulator stderr:\n%s", err);
        g_error("%s: SIGTERM did not give exit status 0 (wait status %d)",
                t->name, status);
    }
    emulator_cleanup(&emu);
    transcript_free(t);
}

/* ---- Registration ---- */

static const char *binary_arch(const char *bin)
{
    const char *dash = strrchr(bin, '-');

    return dash ? dash + 1 : "";
}

static void add_transcript(const char *dir, const char *file,
                           const char *arch)
{
    g_autofree char *path = g_build_filename(dir, file, NULL);
    Transcript *t = transcript_load(path);
    g_autofree char *base = g_strndup(file, strlen(file) - strlen(".txt"));
    g_autofree char *name = g_strdup_printf("/%s/transcript/%s", arch, base);

    if (!t->arch || strcmp(t->arch, arch) == 0) {
        g_test_add_data_func_full(name, g_strdup(path), test_transcript,
                                  g_free);
    }
    transcript_free(t);
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static GPtrArray *list_transcripts(const char *dir)
{
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) err = NULL;
    GDir *d = g_dir_open(dir, 0, &err);
    const char *f;

    if (!d) {
        g_error("%s", err->message);
    }
    while ((f = g_dir_read_name(d))) {
        if (g_str_has_suffix(f, ".txt")) {
            g_ptr_array_add(files, g_strdup(f));
        }
    }
    g_dir_close(d);
    g_ptr_array_sort(files, compare_names);
    return files;
}

int main(int argc, char **argv)
{
    const char *dir = getenv("QTEST_TRANSCRIPT_DIR");
    g_autoptr(GPtrArray) files = NULL;

    g_test_init(&argc, &argv, NULL);
    if (!getenv("QTEST_QEMU_BINARY") && argc > 1) {
        g_setenv("QTEST_QEMU_BINARY", argv[1], true);
    }
    if (!binary_path()) {
        fprintf(stderr, "Environment variable QTEST_QEMU_BINARY required\n");
        return 1;
    }
#ifdef QTEST_TRANSCRIPT_DIR
    if (!dir) {
        dir = QTEST_TRANSCRIPT_DIR;
    }
#endif
    if (!dir) {
        fprintf(stderr, "Set QTEST_TRANSCRIPT_DIR\n");
        return 1;
    }
    files = list_transcripts(dir);
    for (guint i = 0; i < files->len; i++) {
        add_transcript(dir, g_ptr_array_index(files, i),
                       binary_arch(binary_path()));
    }
    return g_test_run();
}
