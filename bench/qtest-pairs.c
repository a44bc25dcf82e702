/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qtest round-trip client in C, so the measurement is the emulator and
 * not the client: listens on a unix socket as libqtest does, starts the
 * emulator with -qtest unix:PATH, then times lock-step writel+readl pairs.
 *
 * Usage: qtest-pairs COUNT ROUNDS EMULATOR [ARGS...]
 * Prints one line per round: pairs per second.  Exit 1 on any error.
 */
#include "qemu/osdep.h"
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

#define ADDR 0x1000
#define WARMUP 1000

static char rbuf[4096];
static size_t rlen;

static void die(const char *what)
{
    fprintf(stderr, "qtest-pairs: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Read one reply line into @line; skips asynchronous IRQ lines. */
static void read_reply(int fd, char *line, size_t size)
{
    for (;;) {
        char *nl = memchr(rbuf, '\n', rlen);
        ssize_t n;

        if (nl) {
            size_t len = nl - rbuf + 1;

            if (len >= size) {
                len = size - 1;
            }
            memcpy(line, rbuf, len);
            line[len] = '\0';
            memmove(rbuf, nl + 1, rlen - (nl + 1 - rbuf));
            rlen -= nl + 1 - rbuf;
            if (strncmp(line, "IRQ", 3) != 0) {
                return;
            }
            continue;
        }
        n = read(fd, rbuf + rlen, sizeof(rbuf) - rlen);
        if (n <= 0) {
            die("read");
        }
        rlen += n;
    }
}

static void command(int fd, const char *cmd, char *reply, size_t size)
{
    size_t len = strlen(cmd);

    if (write(fd, cmd, len) != (ssize_t)len) {
        die("write");
    }
    read_reply(fd, reply, size);
}

static void run_pairs(int fd, unsigned long count, unsigned long start)
{
    char cmd[64], reply[128];

    for (unsigned long i = start; i < start + count; i++) {
        unsigned int v = (unsigned int)i;

        snprintf(cmd, sizeof(cmd), "writel 0x%x 0x%x\n", ADDR, v);
        command(fd, cmd, reply, sizeof(reply));
        if (strcmp(reply, "OK\n") != 0) {
            fprintf(stderr, "qtest-pairs: writel: %s", reply);
            exit(1);
        }
        snprintf(cmd, sizeof(cmd), "readl 0x%x\n", ADDR);
        command(fd, cmd, reply, sizeof(reply));
        if (strncmp(reply, "OK ", 3) != 0 ||
            strtoull(reply + 3, NULL, 16) != v) {
            fprintf(stderr, "qtest-pairs: readl: %s", reply);
            exit(1);
        }
    }
}

static pid_t spawn(char **argv, const char *path)
{
    char spec[sizeof(((struct sockaddr_un *)0)->sun_path) + 8];
    int argc = 0;
    char **args;
    pid_t pid;

    while (argv[argc]) {
        argc++;
    }
    args = calloc(argc + 5, sizeof(char *));
    memcpy(args, argv, argc * sizeof(char *));
    snprintf(spec, sizeof(spec), "unix:%s", path);
    args[argc++] = "-qtest";
    args[argc++] = spec;
    args[argc++] = "-qtest-log";
    args[argc++] = "/dev/null";
    pid = fork();
    if (pid == 0) {
        execv(args[0], args);
        _exit(127);
    }
    free(args);
    return pid;
}

int main(int argc, char **argv)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    unsigned long count, rounds;
    int lfd, fd, status;
    pid_t pid;
    char reply[128];

    if (argc < 4) {
        fprintf(stderr, "usage: qtest-pairs COUNT ROUNDS EMULATOR [ARGS]\n");
        return 1;
    }
    count = strtoul(argv[1], NULL, 0);
    rounds = strtoul(argv[2], NULL, 0);
    snprintf(sa.sun_path, sizeof(sa.sun_path), "/tmp/qtest-pairs-%d.sock",
             (int)getpid());
    unlink(sa.sun_path);
    lfd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
        listen(lfd, 1) < 0) {
        die("listen");
    }
    pid = spawn(argv + 3, sa.sun_path);
    fd = accept(lfd, NULL, NULL);
    if (fd < 0) {
        die("accept");
    }
    unlink(sa.sun_path);
    command(fd, "endianness\n", reply, sizeof(reply));
    run_pairs(fd, WARMUP, 0);
    for (unsigned long r = 0; r < rounds; r++) {
        struct timespec t0, t1;

        clock_gettime(CLOCK_MONOTONIC, &t0);
        run_pairs(fd, count, WARMUP + r * count);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("%.0f\n", count / ((t1.tv_sec - t0.tv_sec) +
                                  (t1.tv_nsec - t0.tv_nsec) / 1e9));
        fflush(stdout);
    }
    close(fd);
    kill(pid, SIGTERM);
    waitpid(pid, &status, 0);
    return 0;
}
