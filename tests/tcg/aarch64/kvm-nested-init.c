/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * PID 1 of the initramfs that tests/functional/arm-kvm-nested.py boots in
 * an arm64 Linux guest with EL2 (docs/devel/kvm.md): runs the commands
 * listed in /commands (the real-KVM tests, our binary with -accel kvm),
 * each reported as "NESTED: PROG exit N", then powers off.  Built static
 * for aarch64 by the script; not part of the emulator.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <signal.h>

#define NESTED_TIMEOUT 120

static void run(char *const argv[], const char *in)
{
    pid_t p = fork();
    int st = 0;

    if (p == 0) {
        int fd = open(in ? in : "/dev/null", O_RDONLY);

        if (fd >= 0) {
            dup2(fd, 0);
            close(fd);
        }
        execv(argv[0], argv);
        perror(argv[0]);
        _exit(127);
    }
    /* A command that hangs is killed after NESTED_TIMEOUT seconds. */
    for (int t = 0; waitpid(p, &st, WNOHANG) == 0; t++) {
        if (t == NESTED_TIMEOUT * 10) {
            printf("NESTED: %s timed out\n", argv[0]);
            kill(p, SIGKILL);
        }
        usleep(100000);
    }
    printf("NESTED: %s exit %d\n", argv[0],
           WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    fflush(stdout);
}

/*
 * Run every line of @path: words separated by spaces; "<FILE" at the
 * end makes FILE the command's stdin.
 */
static void run_list(const char *path)
{
    char line[1024];
    FILE *f = fopen(path, "r");

    while (f && fgets(line, sizeof(line), f)) {
        char *argv[64], *in = NULL;
        int n = 0;

        for (char *w = strtok(line, " \n"); w && n < 63;
             w = strtok(NULL, " \n")) {
            if (w[0] == '<') {
                in = w + 1;
            } else {
                argv[n++] = w;
            }
        }
        argv[n] = NULL;
        if (n) {
            printf("NESTED: run %s\n", argv[0]);
            fflush(stdout);
            run(argv, in);
        }
    }
    if (f) {
        fclose(f);
    }
}

int main(void)
{
    struct utsname u;
    struct stat sb;

    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
    uname(&u);
    printf("NESTED: kernel %s %s\n", u.release, u.machine);
    printf("NESTED: /dev/kvm %s\n",
           stat("/dev/kvm", &sb) ? "absent" : "present");
    fflush(stdout);
    setenv("LD_LIBRARY_PATH", "/lib", 1);
    run_list("/commands");
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
