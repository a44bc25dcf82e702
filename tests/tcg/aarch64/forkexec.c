/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Processes: fork and wait4 (exit status, death by signal), a pipe
 * between parent and child, getppid, SIGCHLD with siginfo, SIGPIPE
 * (default death and ignored), SIGINT interrupting a blocking read that
 * SA_RESTART resumes, SIGUSR1 making one without SA_RESTART fail with
 * EINTR, waitid,
 * execve of an AArch64 program (this one again) and of a host program,
 * vfork-style posix_spawn via system().
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t chld_count;
static volatile pid_t chld_pid;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    chld_count++;
    chld_pid = si->si_pid;
}

static void test_exit_status(void)
{
    int st;
    pid_t pid = fork();

    if (pid == 0) {
        _exit(3);
    }
    waitpid(pid, &st, 0);
    printf("exit: exited=%d status=%d sigchld=%d pid_ok=%d\n",
           WIFEXITED(st), WEXITSTATUS(st), chld_count, chld_pid == pid);
    pid = fork();
    if (pid == 0) {
        raise(SIGKILL);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("killed: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
    pid = fork();
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        kill(getpid(), SIGTERM);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("term: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
}

static void test_pipe(void)
{
    int fds[2], st;
    char buf[64] = { 0 };
    pid_t parent = getpid(), pid;

    pipe(fds);
    pid = fork();
    if (pid == 0) {
        close(fds[0]);
        snprintf(buf, sizeof(buf), "child ppid_ok=%d", getppid() == parent);
        write(fds[1], buf, strlen(buf));
        _exit(0);
    }
    close(fds[1]);
    read(fds[0], buf, sizeof(buf) - 1);
    close(fds[0]);
    waitpid(pid, &st, 0);
    printf("pipe: '%s'\n", buf);
}

static volatile sig_atomic_t got_sig;

static void on_sig(int sig)
{
    got_sig = sig;
}

/* SIGPIPE default (death) and ignored (EPIPE); SIGINT to a handler. */
static void test_async(void)
{
    int fds[2], ready[2], st;
    pid_t pid;
    char c;

    pipe(fds);
    close(fds[0]);
    pid = fork();
    if (pid == 0) {
        write(fds[1], "x", 1);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("sigpipe: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
    signal(SIGPIPE, SIG_IGN);
    printf("sigpipe ignored: r=%d epipe=%d\n", (int)write(fds[1], "x", 1),
           errno == EPIPE);
    signal(SIGPIPE, SIG_DFL);
    close(fds[1]);

    pipe(fds);
    pipe(ready);
    pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        ssize_t r;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_sig;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGINT, &sa, NULL);
        write(ready[1], "r", 1);
        r = read(fds[0], &c, 1);     /* interrupted, then restarted */
        printf("child: sig=%d read=%zd '%c'\n", got_sig, r, c);
        _exit(0);
    }
    read(ready[0], &c, 1);
    usleep(50000);
    kill(pid, SIGINT);
    usleep(50000);
    write(fds[1], "d", 1);
    waitpid(pid, &st, 0);
    printf("sigint: exited=%d status=%d\n", WIFEXITED(st), WEXITSTATUS(st));

    /* Without SA_RESTART the blocked read fails with EINTR. */
    pid = fork();
    if (pid == 0) {
        struct sigaction sa;
        ssize_t r;

        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_sig;
        sigaction(SIGUSR1, &sa, NULL);
        write(ready[1], "r", 1);
        r = read(fds[0], &c, 1);
        printf("child: sig=%d read=%zd eintr=%d\n", got_sig, r,
               errno == EINTR);
        _exit(0);
    }
    read(ready[0], &c, 1);
    usleep(50000);
    kill(pid, SIGUSR1);
    waitpid(pid, &st, 0);
    close(fds[0]);
    close(fds[1]);
}

static void test_waitid(void)
{
    siginfo_t si;
    pid_t pid = fork();

    if (pid == 0) {
        _exit(9);
    }
    memset(&si, 0, sizeof(si));
    waitid(P_PID, pid, &si, WEXITED);
    printf("waitid: code=%d status=%d pid_ok=%d\n", si.si_code,
           si.si_status, si.si_pid == pid);
}

static void test_exec(const char *self)
{
    int st;
    pid_t pid = fork();

    if (pid == 0) {
        execl(self, "renamed-argv0", "exec-child", "x y", (char *)NULL);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("exec: status=%d\n", WEXITSTATUS(st));
    pid = fork();
    if (pid == 0) {
        execl("/bin/echo", "echo", "native", "echo", (char *)NULL);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("exec native: status=%d\n", WEXITSTATUS(st));
    pid = fork();
    if (pid == 0) {
        execl("/nonexistent", "x", (char *)NULL);
        printf("exec failed as expected\n");
        _exit(5);
    }
    waitpid(pid, &st, 0);
    printf("exec missing: status=%d\n", WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    char self[4096];
    ssize_t n;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && !strcmp(argv[1], "exec-child")) {
        printf("in exec'd child: argc=%d argv0=%s arg2='%s'\n", argc,
               argv[0], argv[2]);
        return 7;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    test_exit_status();
    test_pipe();
    test_async();
    test_waitid();
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    self[n > 0 ? n : 0] = 0;
    test_exec(self);
    printf("system: status=%d\n", WEXITSTATUS(system("exit 4")));
    return 0;
}
