/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File and memory syscalls: open/read/write, readv/writev, pread/pwrite,
 * fstat/stat/statx, getdents64, readlinkat, faccessat, fcntl (flags,
 * O_DIRECTORY translation, locks), ioctl on a non-terminal, pipe2, dup3,
 * mkdirat/unlinkat/renameat/symlinkat, utimensat, fchmod/fchown,
 * mremap/madvise/mprotect, getrandom, clock_gettime, nanosleep,
 * prlimit64, uname, sysinfo, and EFAULT for bad pointers.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

static void test_rw(void)
{
    char a[] = "hello ", b[] = "world\n", buf[32] = { 0 }, c[8] = { 0 };
    struct iovec iov[2] = { { a, 6 }, { b, 6 } };
    struct iovec in[2] = { { buf, 3 }, { buf + 3, 9 } };
    int fd = openat(AT_FDCWD, "f1", O_CREAT | O_RDWR | O_TRUNC, 0640);
    struct stat st;
    struct statx sx;

    printf("writev=%zd\n", writev(fd, iov, 2));
    lseek(fd, 0, SEEK_SET);
    printf("readv=%zd '%s'", readv(fd, in, 2), buf);
    printf("pwrite=%zd\n", pwrite(fd, "W", 1, 6));
    printf("pread=%zd '%s'\n", pread(fd, c, 5, 6), c);
    fstat(fd, &st);
    printf("fstat: size=%lld mode=%o reg=%d\n", (long long)st.st_size,
           st.st_mode & 0777, S_ISREG(st.st_mode));
    statx(AT_FDCWD, "f1", 0, STATX_SIZE | STATX_MODE, &sx);
    printf("statx: size=%llu mode=%o\n", (unsigned long long)sx.stx_size,
           sx.stx_mode & 0777);
    fchmod(fd, 0600);
    fstat(fd, &st);
    printf("fchmod: mode=%o fchown=%d\n", st.st_mode & 0777,
           fchown(fd, getuid(), getgid()));
    close(fd);
}

static void test_dirs(void)
{
    struct dirent *de;
    DIR *d;
    int n = 0, dfd;
    char link[64] = { 0 };
    struct timespec ts[2] = { { 1000000000, 0 }, { 1200000000, 5 } };
    struct stat st;

    printf("mkdirat=%d\n", mkdirat(AT_FDCWD, "sub", 0755));
    printf("renameat=%d\n", renameat(AT_FDCWD, "f1", AT_FDCWD, "sub/f2"));
    printf("symlinkat=%d\n", symlinkat("sub/f2", AT_FDCWD, "ln"));
    printf("readlinkat=%zd '%s'\n",
           readlinkat(AT_FDCWD, "ln", link, sizeof(link)), link);
    printf("faccessat: ok=%d missing=%d\n",
           faccessat(AT_FDCWD, "sub/f2", R_OK, 0),
           faccessat(AT_FDCWD, "nope", F_OK, 0) < 0 ? errno : 0);
    utimensat(AT_FDCWD, "sub/f2", ts, 0);
    stat("sub/f2", &st);
    printf("utimensat: mtime=%lld\n", (long long)st.st_mtim.tv_sec);
    dfd = open("sub", O_RDONLY | O_DIRECTORY);
    printf("O_DIRECTORY: fd_ok=%d getfl_dir=%d\n", dfd >= 0,
           (fcntl(dfd, F_GETFL) & O_DIRECTORY) != 0);
    printf("not a dir: errno=%d\n",
           open("sub/f2", O_RDONLY | O_DIRECTORY) < 0 ? errno : 0);
    close(dfd);
    d = opendir("sub");
    while ((de = readdir(d))) {
        n += de->d_name[0] != '.';
    }
    closedir(d);
    printf("getdents64: entries=%d\n", n);
    printf("unlinkat=%d,%d,%d\n", unlinkat(AT_FDCWD, "sub/f2", 0),
           unlinkat(AT_FDCWD, "ln", 0),
           unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR));
}

static void test_fds(void)
{
    int p[2], fl, r;
    struct winsize ws;
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    char c = 0;
    int fd = open("lockf", O_CREAT | O_RDWR, 0600);

    printf("pipe2=%d\n", pipe2(p, O_CLOEXEC | O_NONBLOCK));
    fl = fcntl(p[0], F_GETFL);
    printf("fcntl: nonblock=%d cloexec=%d\n", (fl & O_NONBLOCK) != 0,
           fcntl(p[0], F_GETFD) == FD_CLOEXEC);
    r = read(p[0], &c, 1);
    printf("empty nonblocking read: r=%d errno=%d\n", r, errno);
    printf("dup3=%d\n", dup3(p[1], 10, O_CLOEXEC));
    write(10, "z", 1);
    read(p[0], &c, 1);
    printf("via dup: '%c'\n", c);
    printf("ioctl on pipe: r=%d errno=%d\n", ioctl(p[0], TIOCGWINSZ, &ws),
           errno);
    printf("F_SETLK=%d F_GETLK type=%d\n", fcntl(fd, F_SETLK, &lk),
           (fcntl(fd, F_GETLK, &lk), lk.l_type == F_UNLCK));
    close(fd);
    unlink("lockf");
    printf("EFAULT: write=%d read=%d\n",
           syscall(SYS_write, p[1], (void *)8, 1) < 0 ? errno : 0,
           syscall(SYS_read, p[0], (void *)0xffff000000000000ull, 1) < 0 ?
           errno : 0);
}

static void test_mem(void)
{
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *n;
    void *fixed;

    strcpy(m, "remap me");
    m[8191] = 'e';
    n = mremap(m, 8192, 1 << 20, MREMAP_MAYMOVE);
    printf("mremap: ok=%d '%s' tail=%c\n", n != MAP_FAILED, n, n[8191]);
    n[(1 << 20) - 1] = 1;
    printf("madvise=%d zero_after_dontneed=%d\n",
           madvise(n, 1 << 20, MADV_DONTNEED), n[0] == 0);
    n = mremap(n, 1 << 20, 4096, 0);
    printf("mremap shrink: ok=%d munmap=%d\n", n != MAP_FAILED,
           munmap(n, 4096));
    fixed = mmap((void *)0x7000000000ull, 4096, PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    /* (A second MAP_FIXED_NOREPLACE gives EEXIST; QEMU 7.2 disagrees.) */
    printf("noreplace: first=%d\n", fixed == (void *)0x7000000000ull);
    printf("mprotect unmapped: errno=%d\n",
           mprotect((void *)0x7000100000ull, 4096, PROT_READ) < 0 ?
           errno : 0);
}

static void test_misc(void)
{
    struct timespec a, b, d = { 0, 2000000 };
    struct rlimit rl;
    struct utsname un;
    struct sysinfo si;
    unsigned char rnd[16];

    clock_gettime(CLOCK_MONOTONIC, &a);
    nanosleep(&d, NULL);
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("nanosleep: elapsed_ok=%d\n",
           (b.tv_sec - a.tv_sec) * 1000000000ll + b.tv_nsec - a.tv_nsec >=
           2000000);
    printf("getrandom=%zd\n", getrandom(rnd, sizeof(rnd), 0));
    prlimit(0, RLIMIT_NOFILE, NULL, &rl);
    printf("prlimit: cur_le_max=%d\n", rl.rlim_cur <= rl.rlim_max);
    uname(&un);
    printf("uname: %s %s\n", un.sysname, un.machine);
    printf("sysinfo=%d ram_ok=%d\n", sysinfo(&si), si.totalram > 0);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    strcpy(dir, "/tmp/tcg-files-XXXXXX");
    if (!mkdtemp(dir) || chdir(dir) < 0) {
        perror("mkdtemp");
        return 1;
    }
    test_rw();
    test_dirs();
    test_fds();
    test_mem();
    test_misc();
    chdir("/");
    printf("rmdir=%d\n", rmdir(dir));
    return 0;
}
