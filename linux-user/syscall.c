/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 Linux syscalls, forwarded to the host.
 *
 * The guest passes the number in X8 and arguments in X0-X5; the result
 * (or -errno) goes back in X0.  A table maps numbers to handlers; an
 * unknown number returns -ENOSYS and is logged under -d unimp.  Structures
 * whose layout differs between aarch64 and the host (struct stat, open
 * flags) are converted; the rest is passed through.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "user.h"

#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/ioctl.h>
#include <termios.h>

typedef int64_t SyscallFn(LinuxUser *u, const uint64_t *a);

typedef struct SyscallDef {
    unsigned nr;
    const char *name;
    SyscallFn *fn;
} SyscallDef;

static int64_t host_ret(int64_t r)
{
    return r < 0 ? -errno : r;
}

static int64_t sys_write(LinuxUser *u, const uint64_t *a)
{
    return host_ret(write(a[0], g2h(u, a[1]), a[2]));
}

static int64_t sys_read(LinuxUser *u, const uint64_t *a)
{
    return host_ret(read(a[0], g2h(u, a[1]), a[2]));
}

/* Guest iovecs have the host layout; only the bases need shifting. */
static struct iovec *iov_from_guest(LinuxUser *u, uint64_t addr,
                                    uint64_t cnt)
{
    const uint64_t *g = g2h(u, addr);
    struct iovec *iov;

    if (cnt > 1024) {
        return NULL;
    }
    iov = g_new(struct iovec, cnt ? cnt : 1);
    for (uint64_t i = 0; i < cnt; i++) {
        iov[i].iov_base = g2h(u, g[2 * i]);
        iov[i].iov_len = g[2 * i + 1];
    }
    return iov;
}

static int64_t sys_writev(LinuxUser *u, const uint64_t *a)
{
    g_autofree struct iovec *iov = iov_from_guest(u, a[1], a[2]);

    return iov ? host_ret(writev(a[0], iov, a[2])) : -EINVAL;
}

static int64_t sys_readv(LinuxUser *u, const uint64_t *a)
{
    g_autofree struct iovec *iov = iov_from_guest(u, a[1], a[2]);

    return iov ? host_ret(readv(a[0], iov, a[2])) : -EINVAL;
}

static int64_t sys_close(LinuxUser *u, const uint64_t *a)
{
    return host_ret(close(a[0]));
}

static int64_t sys_lseek(LinuxUser *u, const uint64_t *a)
{
    return host_ret(lseek(a[0], a[1], a[2]));
}

/* aarch64 open flags that differ from the host's (asm-generic values). */
#define A64_O_DIRECTORY 040000
#define A64_O_NOFOLLOW  0100000
#define A64_O_DIRECT    0200000
#define A64_O_LARGEFILE 0400000

static int open_flags_from_guest(uint64_t g)
{
    int h = g & ~(A64_O_DIRECTORY | A64_O_NOFOLLOW | A64_O_DIRECT |
                  A64_O_LARGEFILE);

    h |= (g & A64_O_DIRECTORY) ? O_DIRECTORY : 0;
    h |= (g & A64_O_NOFOLLOW) ? O_NOFOLLOW : 0;
    h |= (g & A64_O_DIRECT) ? O_DIRECT : 0;
    return h;
}

static int64_t sys_openat(LinuxUser *u, const uint64_t *a)
{
    return host_ret(openat(a[0], g2h(u, a[1]), open_flags_from_guest(a[2]),
                           (mode_t)a[3]));
}

static int64_t sys_exit(LinuxUser *u, const uint64_t *a)
{
    u->exited = true;
    u->exit_status = a[0] & 0xff;
    return 0;
}

static int64_t sys_brk(LinuxUser *u, const uint64_t *a)
{
    uint64_t want = a[0], end;
    void *p;

    if (want < u->brk_start) {
        return u->brk;
    }
    end = (want + 4095) & ~4095ull;
    if (end > u->brk_mapped) {
        p = mmap(g2h(u, u->brk_mapped), end - u->brk_mapped,
                 PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == MAP_FAILED) {
            return u->brk;
        }
        u->brk_mapped = end;
    }
    u->brk = want;
    return u->brk;
}

static int64_t sys_mmap(LinuxUser *u, const uint64_t *a)
{
    int prot = a[2] & (PROT_READ | PROT_WRITE | PROT_EXEC);
    void *want = a[0] ? g2h(u, a[0]) : NULL;
    void *p;

    /* The engine reads guest code as data. */
    if (prot & PROT_EXEC) {
        prot |= PROT_READ;
    }
    p = mmap(want, a[1], prot, (int)a[3], (int)a[4], (off_t)a[5]);
    if (p == MAP_FAILED) {
        return -errno;
    }
    arm_cpu_invalidate_code(u->cpu, h2g(u, p), a[1]);
    return h2g(u, p);
}

static int64_t sys_munmap(LinuxUser *u, const uint64_t *a)
{
    arm_cpu_invalidate_code(u->cpu, a[0], a[1]);
    return host_ret(munmap(g2h(u, a[0]), a[1]));
}

static int64_t sys_mprotect(LinuxUser *u, const uint64_t *a)
{
    int prot = a[2] & (PROT_READ | PROT_WRITE | PROT_EXEC);

    if (prot & PROT_EXEC) {
        prot |= PROT_READ;
    }
    arm_cpu_invalidate_code(u->cpu, a[0], a[1]);
    return host_ret(mprotect(g2h(u, a[0]), a[1], prot));
}

static int64_t sys_zero(LinuxUser *u, const uint64_t *a)
{
    return 0;
}

static int64_t sys_enosys(LinuxUser *u, const uint64_t *a)
{
    return -ENOSYS;
}

static int64_t sys_gettid(LinuxUser *u, const uint64_t *a)
{
    return syscall(SYS_gettid);
}

static int64_t sys_getpid(LinuxUser *u, const uint64_t *a)
{
    return getpid();
}

static int64_t sys_getppid(LinuxUser *u, const uint64_t *a)
{
    return getppid();
}

static int64_t sys_getuid(LinuxUser *u, const uint64_t *a)
{
    return getuid();
}

static int64_t sys_geteuid(LinuxUser *u, const uint64_t *a)
{
    return geteuid();
}

static int64_t sys_getgid(LinuxUser *u, const uint64_t *a)
{
    return getgid();
}

static int64_t sys_getegid(LinuxUser *u, const uint64_t *a)
{
    return getegid();
}

static int64_t sys_uname(LinuxUser *u, const uint64_t *a)
{
    struct utsname *buf = g2h(u, a[0]);

    if (uname(buf) < 0) {
        return -errno;
    }
    g_strlcpy(buf->machine, "aarch64", sizeof(buf->machine));
    return 0;
}

static int64_t sys_getrandom(LinuxUser *u, const uint64_t *a)
{
    return host_ret(getrandom(g2h(u, a[0]), a[1], a[2]));
}

static int64_t sys_prlimit64(LinuxUser *u, const uint64_t *a)
{
    return host_ret(prlimit(a[0], a[1], a[2] ? g2h(u, a[2]) : NULL,
                            a[3] ? g2h(u, a[3]) : NULL));
}

static int64_t sys_readlinkat(LinuxUser *u, const uint64_t *a)
{
    const char *path = g2h(u, a[1]);
    g_autofree char *exe = NULL;
    size_t len;

    if (strcmp(path, "/proc/self/exe") != 0) {
        return host_ret(readlinkat(a[0], path, g2h(u, a[2]), a[3]));
    }
    exe = realpath(u->exec_path, NULL);
    if (!exe) {
        return -errno;
    }
    len = MIN(strlen(exe), a[3]);
    memcpy(g2h(u, a[2]), exe, len);
    return len;
}

/* struct stat as the aarch64 kernel writes it (asm-generic layout). */
typedef struct A64Stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused[2];
} A64Stat;

static void stat_to_guest(A64Stat *g, const struct stat *h)
{
    memset(g, 0, sizeof(*g));
    g->st_dev = h->st_dev;
    g->st_ino = h->st_ino;
    g->st_mode = h->st_mode;
    g->st_nlink = h->st_nlink;
    g->st_uid = h->st_uid;
    g->st_gid = h->st_gid;
    g->st_rdev = h->st_rdev;
    g->st_size = h->st_size;
    g->st_blksize = h->st_blksize;
    g->st_blocks = h->st_blocks;
    g->st_atime_sec = h->st_atim.tv_sec;
    g->st_atime_nsec = h->st_atim.tv_nsec;
    g->st_mtime_sec = h->st_mtim.tv_sec;
    g->st_mtime_nsec = h->st_mtim.tv_nsec;
    g->st_ctime_sec = h->st_ctim.tv_sec;
    g->st_ctime_nsec = h->st_ctim.tv_nsec;
}

static int64_t sys_newfstatat(LinuxUser *u, const uint64_t *a)
{
    struct stat st;

    if (fstatat(a[0], g2h(u, a[1]), &st, a[3]) < 0) {
        return -errno;
    }
    stat_to_guest(g2h(u, a[2]), &st);
    return 0;
}

static int64_t sys_fstat(LinuxUser *u, const uint64_t *a)
{
    struct stat st;

    if (fstat(a[0], &st) < 0) {
        return -errno;
    }
    stat_to_guest(g2h(u, a[1]), &st);
    return 0;
}

static int64_t sys_ioctl(LinuxUser *u, const uint64_t *a)
{
    /* struct termios and struct winsize have the same layout here. */
    if (a[1] == TCGETS || a[1] == TIOCGWINSZ) {
        return host_ret(ioctl(a[0], a[1], g2h(u, a[2])));
    }
    qemu_log_mask(LOG_UNIMP, "ioctl 0x%" PRIx64 " not implemented\n", a[1]);
    return -ENOTTY;
}

static int64_t sys_clock_gettime(LinuxUser *u, const uint64_t *a)
{
    return host_ret(clock_gettime(a[0], g2h(u, a[1])));
}

static int64_t sys_set_tid_address(LinuxUser *u, const uint64_t *a)
{
    return syscall(SYS_gettid);
}

static int64_t sys_sysinfo(LinuxUser *u, const uint64_t *a)
{
    return host_ret(sysinfo(g2h(u, a[0])));
}

static int64_t sys_gettimeofday(LinuxUser *u, const uint64_t *a)
{
    struct timeval tv;

    if (gettimeofday(&tv, NULL) < 0) {
        return -errno;
    }
    if (a[0]) {
        memcpy(g2h(u, a[0]), &tv, sizeof(tv));
    }
    return 0;
}

static int64_t sys_nanosleep(LinuxUser *u, const uint64_t *a)
{
    return host_ret(nanosleep(g2h(u, a[0]), a[1] ? g2h(u, a[1]) : NULL));
}

static int64_t sys_getcwd(LinuxUser *u, const uint64_t *a)
{
    if (!getcwd(g2h(u, a[0]), a[1])) {
        return -errno;
    }
    return strlen(g2h(u, a[0])) + 1;
}

static int64_t sys_pread64(LinuxUser *u, const uint64_t *a)
{
    return host_ret(pread(a[0], g2h(u, a[1]), a[2], a[3]));
}

static int64_t sys_pwrite64(LinuxUser *u, const uint64_t *a)
{
    return host_ret(pwrite(a[0], g2h(u, a[1]), a[2], a[3]));
}

static int64_t sys_faccessat(LinuxUser *u, const uint64_t *a)
{
    return host_ret(faccessat(a[0], g2h(u, a[1]), a[2], 0));
}

static int64_t sys_dup3(LinuxUser *u, const uint64_t *a)
{
    return host_ret(dup3(a[0], a[1], a[2]));
}

static int64_t sys_sched_yield(LinuxUser *u, const uint64_t *a)
{
    return host_ret(sched_yield());
}

static int64_t sys_times(LinuxUser *u, const uint64_t *a)
{
    struct tms t;
    clock_t r = times(&t);

    if (a[0]) {
        memcpy(g2h(u, a[0]), &t, sizeof(t));
    }
    return r == (clock_t)-1 ? -errno : r;
}

static const SyscallDef syscall_table[] = {
    { 17, "getcwd", sys_getcwd },
    { 24, "dup3", sys_dup3 },
    { 48, "faccessat", sys_faccessat },
    { 67, "pread64", sys_pread64 },
    { 68, "pwrite64", sys_pwrite64 },
    { 101, "nanosleep", sys_nanosleep },
    { 124, "sched_yield", sys_sched_yield },
    { 153, "times", sys_times },
    { 169, "gettimeofday", sys_gettimeofday },
    { 179, "sysinfo", sys_sysinfo },
    { 29, "ioctl", sys_ioctl },
    { 56, "openat", sys_openat },
    { 57, "close", sys_close },
    { 62, "lseek", sys_lseek },
    { 63, "read", sys_read },
    { 64, "write", sys_write },
    { 65, "readv", sys_readv },
    { 66, "writev", sys_writev },
    { 78, "readlinkat", sys_readlinkat },
    { 79, "newfstatat", sys_newfstatat },
    { 80, "fstat", sys_fstat },
    { 93, "exit", sys_exit },
    { 94, "exit_group", sys_exit },
    { 96, "set_tid_address", sys_set_tid_address },
    { 99, "set_robust_list", sys_zero },
    { 113, "clock_gettime", sys_clock_gettime },
    { 160, "uname", sys_uname },
    { 172, "getpid", sys_getpid },
    { 173, "getppid", sys_getppid },
    { 174, "getuid", sys_getuid },
    { 175, "geteuid", sys_geteuid },
    { 176, "getgid", sys_getgid },
    { 177, "getegid", sys_getegid },
    { 178, "gettid", sys_gettid },
    { 214, "brk", sys_brk },
    { 215, "munmap", sys_munmap },
    { 222, "mmap", sys_mmap },
    { 226, "mprotect", sys_mprotect },
    { 261, "prlimit64", sys_prlimit64 },
    { 278, "getrandom", sys_getrandom },
    { 293, "rseq", sys_enosys },
};

static const SyscallDef *syscall_find(unsigned nr)
{
    for (size_t i = 0; i < G_N_ELEMENTS(syscall_table); i++) {
        if (syscall_table[i].nr == nr) {
            return &syscall_table[i];
        }
    }
    return NULL;
}

void linux_user_syscall(LinuxUser *u)
{
    uint64_t *x = u->cpu->env.xregs;
    const SyscallDef *def = syscall_find(x[8]);
    int64_t ret;

    if (!def) {
        qemu_log_mask(LOG_UNIMP, "Unsupported syscall: %" PRIu64 "\n", x[8]);
        if (u->strace) {
            fprintf(stderr, "%d Unknown syscall %" PRIu64 "\n", getpid(),
                    x[8]);
        }
        x[0] = (uint64_t)-ENOSYS;
        return;
    }
    if (u->strace) {
        fprintf(stderr, "%d %s(0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64
                ",0x%" PRIx64 ",0x%" PRIx64 ",0x%" PRIx64 ")", getpid(),
                def->name, x[0], x[1], x[2], x[3], x[4], x[5]);
    }
    ret = def->fn(u, x);
    if (u->strace) {
        if (ret < 0 && ret > -4096) {
            fprintf(stderr, " = -1 errno=%d (%s)\n", (int)-ret,
                    strerror(-ret));
        } else {
            fprintf(stderr, " = %" PRId64 "\n", ret);
        }
    }
    x[0] = ret;
}
