/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The machine's event loop: vCPU rounds, timers, bottom halves and a
 * private GMainContext polled with nanosecond timeouts.  See main-loop.h.
 */
#include "qemu/osdep.h"
#include "qemu/main-loop.h"
#include "system/cpus.h"

#include <poll.h>
#include <signal.h>

struct QEMUBH {
    MainLoop *ml;
    QEMUBHFunc *cb;
    void *opaque;
    bool scheduled;
    bool oneshot;
};

struct MainLoop {
    int refcnt;                 /* owner + one per live BH */
    QEMUClocks *clocks;
    GMainContext *ctx;          /* NULL once the owner freed the loop */
    CPUScheduler *sched;
    GQueue bh_queue;            /* scheduled BHs, FIFO */
    bool exit_requested;
    GPollFD *fds;
    gint nfds_alloc;
    /* termination signals */
    int sig_pipe[2];
    GSource *sig_src;
    MainLoopSignalFunc *sig_cb;
    void *sig_opaque;
};

/*
 * The write end of the signal self-pipe of the loop that owns the
 * process's termination signals.  A signal handler has no context pointer,
 * so this one value is necessarily process-wide (see main-loop.h).
 */
static volatile sig_atomic_t signal_pipe_wfd = -1;

typedef struct SignalRecord {
    int signo;
    pid_t sender;
} SignalRecord;

MainLoop *main_loop_new(QEMUClocks *clocks)
{
    MainLoop *ml = g_new0(MainLoop, 1);

    ml->refcnt = 1;
    ml->clocks = clocks;
    ml->ctx = g_main_context_new();
    g_queue_init(&ml->bh_queue);
    ml->sig_pipe[0] = ml->sig_pipe[1] = -1;
    return ml;
}

static void main_loop_unref(MainLoop *ml)
{
    g_assert(ml->refcnt > 0);
    if (--ml->refcnt == 0) {
        g_free(ml);
    }
}

static void signals_release(MainLoop *ml);

/*
 * BHs still owned by devices outlive the loop's context: scheduling them
 * becomes a no-op and deleting them frees them.
 */
void main_loop_free(MainLoop *ml)
{
    QEMUBH *bh;

    if (!ml) {
        return;
    }
    signals_release(ml);
    while ((bh = g_queue_pop_head(&ml->bh_queue)) != NULL) {
        bh->scheduled = false;
        if (bh->oneshot) {
            g_free(bh);
            main_loop_unref(ml);
        }
    }
    g_main_context_unref(ml->ctx);
    ml->ctx = NULL;
    ml->sched = NULL;
    g_free(ml->fds);
    ml->fds = NULL;
    main_loop_unref(ml);
}

GMainContext *main_loop_get_context(MainLoop *ml)
{
    return ml->ctx;
}

QEMUClocks *main_loop_get_clocks(MainLoop *ml)
{
    return ml->clocks;
}

void main_loop_set_scheduler(MainLoop *ml, CPUScheduler *s)
{
    ml->sched = s;
}

void main_loop_request_exit(MainLoop *ml)
{
    ml->exit_requested = true;
    if (ml->sched) {
        cpu_scheduler_kick(ml->sched);
    }
    main_loop_wakeup(ml);
}

bool main_loop_exit_requested(MainLoop *ml)
{
    return ml->exit_requested;
}

void main_loop_wakeup(MainLoop *ml)
{
    if (ml->ctx) {
        g_main_context_wakeup(ml->ctx);
    }
}

void main_loop_run(MainLoop *ml)
{
    while (!ml->exit_requested) {
        main_loop_iterate(ml, true);
    }
    ml->exit_requested = false;
}

GSource *main_loop_add_fd(MainLoop *ml, int fd, GIOCondition cond,
                          GUnixFDSourceFunc fn, void *opaque)
{
    GSource *src = g_unix_fd_source_new(fd, cond);

    g_source_set_callback(src, G_SOURCE_FUNC(fn), opaque, NULL);
    /*
     * Our loop never nests, so GLib need not block a source while it runs;
     * blocking removes and re-adds its fds, and every such poll change
     * costs an eventfd write and a spurious wakeup.
     */
    g_source_set_can_recurse(src, TRUE);
    g_source_attach(src, ml->ctx);
    return src;
}

void main_loop_remove_source(GSource *src)
{
    if (src) {
        g_source_destroy(src);
        g_source_unref(src);
    }
}

/* ---- Bottom halves ---- */

QEMUBH *qemu_bh_new(MainLoop *ml, QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = g_new0(QEMUBH, 1);

    bh->ml = ml;
    bh->cb = cb;
    bh->opaque = opaque;
    ml->refcnt++;
    return bh;
}

void qemu_bh_schedule(QEMUBH *bh)
{
    if (bh->scheduled || !bh->ml->ctx) {
        return;
    }
    bh->scheduled = true;
    g_queue_push_tail(&bh->ml->bh_queue, bh);
}

void qemu_bh_cancel(QEMUBH *bh)
{
    if (bh->scheduled) {
        g_queue_remove(&bh->ml->bh_queue, bh);
        bh->scheduled = false;
    }
}

void qemu_bh_delete(QEMUBH *bh)
{
    MainLoop *ml;

    if (!bh) {
        return;
    }
    ml = bh->ml;
    qemu_bh_cancel(bh);
    g_free(bh);
    main_loop_unref(ml);
}

void qemu_bh_schedule_oneshot(MainLoop *ml, QEMUBHFunc *cb, void *opaque)
{
    QEMUBH *bh = qemu_bh_new(ml, cb, opaque);

    bh->oneshot = true;
    if (!ml->ctx) {
        qemu_bh_delete(bh);
        return;
    }
    qemu_bh_schedule(bh);
}

/*
 * Run the BHs scheduled when the pass starts; ones scheduled by callbacks
 * wait for the next iteration, so a self-rescheduling BH cannot starve the
 * loop.
 */
static bool bh_run_pending(MainLoop *ml)
{
    guint n = g_queue_get_length(&ml->bh_queue);
    QEMUBH *bh;
    bool oneshot;

    for (guint i = 0; i < n; i++) {
        bh = g_queue_pop_head(&ml->bh_queue);
        if (!bh) {
            break;      /* callbacks cancelled some */
        }
        bh->scheduled = false;
        oneshot = bh->oneshot;  /* the callback may delete a normal BH */
        bh->cb(bh->opaque);
        if (oneshot) {
            qemu_bh_delete(bh);
        }
    }
    return n > 0;
}

/* ---- One iteration ---- */

static bool vcpus_runnable(MainLoop *ml)
{
    return ml->sched && cpu_scheduler_any_runnable(ml->sched);
}

/* ppoll() on the context's descriptors; -1 timeout waits forever. */
static void poll_fds(GPollFD *fds, gint n, int64_t timeout_ns)
{
    struct pollfd *pfd = g_newa(struct pollfd, n > 0 ? n : 1);
    struct timespec ts;

    for (gint i = 0; i < n; i++) {
        pfd[i].fd = fds[i].fd;
        pfd[i].events = fds[i].events;
        pfd[i].revents = 0;
    }
    ts.tv_sec = timeout_ns / NANOSECONDS_PER_SECOND;
    ts.tv_nsec = timeout_ns % NANOSECONDS_PER_SECOND;
    if (ppoll(pfd, n, timeout_ns < 0 ? NULL : &ts, NULL) < 0) {
        n = 0;          /* EINTR: nothing ready */
    }
    for (gint i = 0; i < n; i++) {
        fds[i].revents = pfd[i].revents;
    }
}

/* Poll and dispatch the GMainContext once.  True if a source ran. */
static bool context_poll(MainLoop *ml, int64_t timeout_ns)
{
    gint max_prio, ctx_timeout_ms, n;
    bool ready;

    g_main_context_acquire(ml->ctx);
    g_main_context_prepare(ml->ctx, &max_prio);
    while ((n = g_main_context_query(ml->ctx, max_prio, &ctx_timeout_ms,
                                     ml->fds, ml->nfds_alloc)) >
           ml->nfds_alloc) {
        ml->nfds_alloc = n;
        ml->fds = g_renew(GPollFD, ml->fds, n);
    }
    if (ctx_timeout_ms >= 0) {
        timeout_ns = qemu_soonest_timeout(timeout_ns,
                                          ctx_timeout_ms * SCALE_MS);
    }
    for (gint i = 0; i < n; i++) {
        ml->fds[i].revents = 0;
    }
    poll_fds(ml->fds, n, timeout_ns);
    ready = g_main_context_check(ml->ctx, max_prio, ml->fds, n);
    g_main_context_dispatch(ml->ctx);
    g_main_context_release(ml->ctx);
    return ready;
}

/*
 * Block only when this iteration has done nothing yet, so that callers
 * looping on "while (!cond) main_loop_iterate(ml, true)" see the effect of
 * every BH and timer before the loop sleeps.
 */
static int64_t loop_timeout_ns(MainLoop *ml, bool idle, bool blocking)
{
    if (!blocking || !idle || ml->exit_requested ||
        !g_queue_is_empty(&ml->bh_queue)) {
        return 0;
    }
    return qemu_clocks_host_timeout_ns(ml->clocks, true);
}

bool main_loop_iterate(MainLoop *ml, bool blocking)
{
    QEMUClocks *c = ml->clocks;
    bool progress = false;
    bool idle;
    int64_t before;

    if (vcpus_runnable(ml)) {
        cpu_scheduler_run_round(ml->sched);
        progress = true;
    }
    progress |= qemu_clocks_run_all_timers(c);
    progress |= bh_run_pending(ml);

    idle = !vcpus_runnable(ml);
    if (idle) {
        icount_idle_warp(c, 0);     /* sleep=off: jump to the deadline */
    }
    before = qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME);
    progress |= context_poll(ml, loop_timeout_ns(ml, idle,
                                                 blocking && !progress));
    if (idle) {
        icount_idle_warp(c, qemu_clock_get_ns(c, QEMU_CLOCK_REALTIME) -
                            before);
    }
    return progress;
}

/* ---- Termination signals ---- */

static void signal_handler(int signo, siginfo_t *info, void *uctx)
{
    SignalRecord rec = { .signo = signo, .sender = info ? info->si_pid : 0 };
    int saved_errno = errno;
    int fd = signal_pipe_wfd;

    if (fd >= 0 && write(fd, &rec, sizeof(rec)) < 0) {
        /* pipe full: that many pending signals already say enough */
    }
    errno = saved_errno;
}

static gboolean signal_pipe_ready(gint fd, GIOCondition cond, void *opaque)
{
    MainLoop *ml = opaque;
    SignalRecord rec;

    while (read(fd, &rec, sizeof(rec)) == sizeof(rec)) {
        if (ml->sig_cb) {
            ml->sig_cb(rec.signo, rec.sender, ml->sig_opaque);
        }
    }
    return G_SOURCE_CONTINUE;
}

static void signals_set_disposition(bool catch)
{
    static const int signals[] = { SIGTERM, SIGINT, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    if (catch) {
        sa.sa_sigaction = signal_handler;
        sa.sa_flags = SA_SIGINFO | SA_RESTART;
    } else {
        sa.sa_handler = SIG_DFL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(signals); i++) {
        sigaction(signals[i], &sa, NULL);
    }
    sa.sa_handler = catch ? SIG_IGN : SIG_DFL;
    sa.sa_flags = 0;
    sigaction(SIGPIPE, &sa, NULL);
}

static void signals_release(MainLoop *ml)
{
    if (ml->sig_pipe[1] < 0) {
        return;
    }
    if (signal_pipe_wfd == ml->sig_pipe[1]) {
        signals_set_disposition(false);
        signal_pipe_wfd = -1;
    }
    main_loop_remove_source(ml->sig_src);
    ml->sig_src = NULL;
    close(ml->sig_pipe[0]);
    close(ml->sig_pipe[1]);
    ml->sig_pipe[0] = ml->sig_pipe[1] = -1;
}

bool main_loop_install_signal_handlers(MainLoop *ml, MainLoopSignalFunc *cb,
                                       void *opaque, Error **errp)
{
    GError *gerr = NULL;

    signals_release(ml);
    if (!g_unix_open_pipe(ml->sig_pipe, FD_CLOEXEC, &gerr)) {
        ml->sig_pipe[0] = ml->sig_pipe[1] = -1;
        error_setg(errp, "cannot create signal pipe: %s", gerr->message);
        g_error_free(gerr);
        return false;
    }
    g_unix_set_fd_nonblocking(ml->sig_pipe[0], TRUE, NULL);
    g_unix_set_fd_nonblocking(ml->sig_pipe[1], TRUE, NULL);
    ml->sig_cb = cb;
    ml->sig_opaque = opaque;
    ml->sig_src = main_loop_add_fd(ml, ml->sig_pipe[0], G_IO_IN,
                                   signal_pipe_ready, ml);
    signal_pipe_wfd = ml->sig_pipe[1];
    signals_set_disposition(true);
    return true;
}

char *qemu_get_pid_name(pid_t pid)
{
    char *path = g_strdup_printf("/proc/%d/comm", (int)pid);
    char *name = NULL;

    if (pid > 0 && g_file_get_contents(path, &name, NULL, NULL)) {
        g_strchomp(name);
    }
    g_free(path);
    return name;
}
