/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File, directory, terminal, pipe and socket syscalls of qemu-aarch64.
 *
 * Most structures have the same layout on arm64 and x86-64 (iovec,
 * termios, winsize, statx, linux_dirent64, struct flock, timespec,
 * sockaddr); struct stat and four open(2) flag bits differ and are
 * converted.  Guest pointers are checked against the guest address space
 * (user_kptr/user_ptr in user.h) before the host sees them.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "user.h"

#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>

/* aarch64 open flags that differ from the host's (asm-generic values). */
#define A64_O_DIRECTORY 040000
#define A64_O_NOFOLLOW  0100000
#define A64_O_DIRECT    0200000
#define A64_O_LARGEFILE 0400000
#define A64_O_DIFFER (A64_O_DIRECTORY | A64_O_NOFOLLOW | A64_O_DIRECT | \
                      A64_O_LARGEFILE)
#define HOST_O_DIFFER (O_DIRECTORY | O_NOFOLLOW | O_DIRECT | 0100000)

static int open_flags_from_guest(uint64_t g)
{
    int h = g & ~(uint64_t)A64_O_DIFFER;

    h |= (g & A64_O_DIRECTORY) ? O_DIRECTORY : 0;
    h |= (g & A64_O_NOFOLLOW) ? O_NOFOLLOW : 0;
    h |= (g & A64_O_DIRECT) ? O_DIRECT : 0;
    return h;
}

static uint64_t open_flags_to_guest(int h)
{
    uint64_t g = h & ~HOST_O_DIFFER;

    g |= (h & O_DIRECTORY) ? A64_O_DIRECTORY : 0;
    g |= (h & O_NOFOLLOW) ? A64_O_NOFOLLOW : 0;
    g |= (h & O_DIRECT) ? A64_O_DIRECT : 0;
    g |= (h & 0100000) ? A64_O_LARGEFILE : 0;     /* host O_LARGEFILE */
    return g;
}

static int64_t sys_write(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_write, a[0], (long)user_kptr(u, a[1], a[2]),
                             a[2], 0, 0, 0);
}

static int64_t sys_read(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_read, a[0], (long)user_kptr(u, a[1], a[2]),
                             a[2], 0, 0, 0);
}

/* Guest iovecs have the host layout; bases are translated and checked. */
static struct iovec *iov_from_guest(LinuxUser *u, uint64_t addr,
                                    uint64_t cnt)
{
    const uint64_t *g = user_ptr(u, addr, cnt * 16);
    struct iovec *iov;

    if (cnt > 1024 || !g) {
        return NULL;
    }
    iov = g_new(struct iovec, cnt ? cnt : 1);
    for (uint64_t i = 0; i < cnt; i++) {
        iov[i].iov_base = user_kptr(u, g[2 * i], g[2 * i + 1]);
        iov[i].iov_len = g[2 * i + 1];
    }
    return iov;
}

static int64_t sys_writev(LinuxUser *u, const uint64_t *a)
{
    g_autofree struct iovec *iov = iov_from_guest(u, a[1], a[2]);

    return iov ? user_safe_syscall(SYS_writev, a[0], (long)iov, a[2], 0, 0, 0)
               : -EINVAL;
}

static int64_t sys_readv(LinuxUser *u, const uint64_t *a)
{
    g_autofree struct iovec *iov = iov_from_guest(u, a[1], a[2]);

    return iov ? user_safe_syscall(SYS_readv, a[0], (long)iov, a[2], 0, 0, 0)
               : -EINVAL;
}

static int64_t sys_preadv(LinuxUser *u, const uint64_t *a)
{
    g_autofree struct iovec *iov = iov_from_guest(u, a[1], a[2]);

    return iov ? user_safe_syscall(SYS_preadv, a[0], (long)iov, a[2], a[3],
                                  0, 0) : -EINVAL;
}

static int64_t sys_pwritev(LinuxUser *u, const uint64_t *a)
{
    g_autofree struct iovec *iov = iov_from_guest(u, a[1], a[2]);

    return iov ? user_safe_syscall(SYS_pwritev, a[0], (long)iov, a[2], a[3],
                                  0, 0) : -EINVAL;
}

static int64_t sys_pread64(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_pread64, a[0],
                             (long)user_kptr(u, a[1], a[2]), a[2], a[3], 0,
                             0);
}

static int64_t sys_pwrite64(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_pwrite64, a[0],
                             (long)user_kptr(u, a[1], a[2]), a[2], a[3], 0,
                             0);
}

static int64_t sys_close(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(close(a[0]));
}

static int64_t sys_lseek(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(lseek(a[0], a[1], a[2]));
}

static int64_t sys_openat(LinuxUser *u, const uint64_t *a)
{
    const char *path = user_str(u, a[1]);

    if (!path) {
        return -EFAULT;
    }
    return user_safe_syscall(SYS_openat, (int)a[0],
                             (long)user_path_fixup(u, path),
                             open_flags_from_guest(a[2]), (mode_t)a[3], 0,
                             0);
}

static int64_t sys_readlinkat(LinuxUser *u, const uint64_t *a)
{
    const char *path = user_str(u, a[1]);
    char *buf = user_ptr(u, a[2], a[3]);
    g_autofree char *exe = NULL;
    size_t len;

    if (!path || !buf) {
        return -EFAULT;
    }
    if (strcmp(path, "/proc/self/exe") != 0) {
        return user_host_ret(readlinkat(a[0], path, buf, a[3]));
    }
    exe = realpath(u->exec_path, NULL);
    if (!exe) {
        return -errno;
    }
    len = MIN(strlen(exe), a[3]);
    memcpy(buf, exe, len);
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

static int64_t stat_to_guest(LinuxUser *u, uint64_t addr,
                             const struct stat *h)
{
    A64Stat *g = user_ptr(u, addr, sizeof(*g));

    if (!g) {
        return -EFAULT;
    }
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
    return 0;
}

static int64_t sys_newfstatat(LinuxUser *u, const uint64_t *a)
{
    struct stat st;

    if (fstatat(a[0], user_kstr(u, a[1]), &st, a[3]) < 0) {
        return -errno;
    }
    return stat_to_guest(u, a[2], &st);
}

static int64_t sys_fstat(LinuxUser *u, const uint64_t *a)
{
    struct stat st;

    if (fstat(a[0], &st) < 0) {
        return -errno;
    }
    return stat_to_guest(u, a[1], &st);
}

static int64_t sys_statx(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_statx, (int)a[0], user_kstr(u, a[1]),
                                 (int)a[2], (unsigned)a[3],
                                 user_kptr(u, a[4], 256)));
}

static int64_t sys_statfs(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(statfs(user_kstr(u, a[0]),
                                user_kptr(u, a[1], sizeof(struct statfs))));
}

static int64_t sys_fstatfs(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(fstatfs(a[0],
                                 user_kptr(u, a[1], sizeof(struct statfs))));
}

static int64_t sys_getdents64(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_getdents64, (int)a[0],
                                 user_kptr(u, a[1], a[2]), (size_t)a[2]));
}

/* Terminal ioctls: the structures and numbers are the same on both. */
static int64_t sys_ioctl(LinuxUser *u, const uint64_t *a)
{
    size_t size;

    switch (a[1]) {
    case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
        size = 36;      /* struct termios (kernel) */
        break;
    case TIOCGWINSZ: case TIOCSWINSZ:
        size = 8;
        break;
    case TIOCGPGRP: case TIOCSPGRP: case FIONREAD: case FIONBIO:
    case TIOCGSID: case TIOCOUTQ:
        size = 4;
        break;
    case FIOCLEX: case FIONCLEX: case TIOCSCTTY: case TIOCNOTTY:
        return user_host_ret(ioctl(a[0], a[1], a[2]));
    default:
        qemu_log_mask(LOG_UNIMP, "ioctl 0x%" PRIx64 " not implemented\n",
                      a[1]);
        return -ENOTTY;
    }
    return user_host_ret(ioctl(a[0], a[1], user_kptr(u, a[2], size)));
}

static bool fcntl_is_lock(uint64_t cmd)
{
    return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW ||
           cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

static int64_t sys_fcntl(LinuxUser *u, const uint64_t *a)
{
    int r;

    if (fcntl_is_lock(a[1])) {
        return user_safe_syscall(SYS_fcntl, a[0], a[1],
                                 (long)user_kptr(u, a[2],
                                                 sizeof(struct flock)),
                                 0, 0, 0);
    }
    switch (a[1]) {
    case F_GETFL:
        r = fcntl(a[0], F_GETFL);
        return r < 0 ? -errno : (int64_t)open_flags_to_guest(r);
    case F_SETFL:
        return user_host_ret(fcntl(a[0], F_SETFL,
                                   open_flags_from_guest(a[2])));
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETFD: case F_SETFD:
    case F_SETOWN: case F_GETOWN: case F_SETSIG: case F_GETSIG:
    case F_SETLEASE: case F_GETLEASE: case F_NOTIFY:
    case F_SETPIPE_SZ: case F_GETPIPE_SZ: case F_ADD_SEALS:
    case F_GET_SEALS:
        return user_host_ret(fcntl(a[0], a[1], (long)a[2]));
    default:
        qemu_log_mask(LOG_UNIMP, "fcntl cmd %" PRIu64 " not implemented\n",
                      a[1]);
        return -EINVAL;
    }
}

static int64_t sys_pipe2(LinuxUser *u, const uint64_t *a)
{
    int *fds = user_ptr(u, a[0], 8), h[2];

    if (!fds) {
        return -EFAULT;
    }
    if (pipe2(h, open_flags_from_guest(a[1])) < 0) {
        return -errno;
    }
    memcpy(fds, h, sizeof(h));
    return 0;
}

static int64_t sys_dup(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(dup(a[0]));
}

static int64_t sys_dup3(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(dup3(a[0], a[1], open_flags_from_guest(a[2])));
}

static int64_t sys_getcwd(LinuxUser *u, const uint64_t *a)
{
    char *buf = user_ptr(u, a[0], a[1]);

    if (!buf) {
        return -EFAULT;
    }
    if (!getcwd(buf, a[1])) {
        return -errno;
    }
    return strlen(buf) + 1;
}

static int64_t sys_chdir(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(chdir(user_kstr(u, a[0])));
}

static int64_t sys_fchdir(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(fchdir(a[0]));
}

static int64_t sys_faccessat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_faccessat, (int)a[0],
                                 user_kstr(u, a[1]), (int)a[2]));
}

static int64_t sys_faccessat2(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_faccessat2, (int)a[0],
                                 user_kstr(u, a[1]), (int)a[2], (int)a[3]));
}

static int64_t sys_mkdirat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(mkdirat(a[0], user_kstr(u, a[1]), a[2]));
}

static int64_t sys_mknodat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(mknodat(a[0], user_kstr(u, a[1]), a[2], a[3]));
}

static int64_t sys_unlinkat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(unlinkat(a[0], user_kstr(u, a[1]), a[2]));
}

static int64_t sys_symlinkat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(symlinkat(user_kstr(u, a[0]), a[1],
                                   user_kstr(u, a[2])));
}

static int64_t sys_linkat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(linkat(a[0], user_kstr(u, a[1]), a[2],
                                user_kstr(u, a[3]), a[4]));
}

static int64_t sys_renameat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(renameat(a[0], user_kstr(u, a[1]), a[2],
                                  user_kstr(u, a[3])));
}

static int64_t sys_renameat2(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_renameat2, (int)a[0],
                                 user_kstr(u, a[1]), (int)a[2],
                                 user_kstr(u, a[3]), (unsigned)a[4]));
}

static int64_t sys_utimensat(LinuxUser *u, const uint64_t *a)
{
    /* A NULL path means the fd itself (futimens). */
    return user_host_ret(syscall(SYS_utimensat, (int)a[0],
                                 a[1] ? user_kstr(u, a[1]) : NULL,
                                 user_kptr_opt(u, a[2], 32), (int)a[3]));
}

static int64_t sys_fchmod(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(fchmod(a[0], a[1]));
}

static int64_t sys_fchmodat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(syscall(SYS_fchmodat, (int)a[0],
                                 user_kstr(u, a[1]), (mode_t)a[2]));
}

static int64_t sys_fchown(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(fchown(a[0], a[1], a[2]));
}

static int64_t sys_fchownat(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(fchownat(a[0], user_kstr(u, a[1]), a[2], a[3],
                                  a[4]));
}

static int64_t sys_truncate(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(truncate(user_kstr(u, a[0]), a[1]));
}

static int64_t sys_ftruncate(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(ftruncate(a[0], a[1]));
}

static int64_t sys_fsync(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(fsync(a[0]));
}

static int64_t sys_fdatasync(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(fdatasync(a[0]));
}

static int64_t sys_flock(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_flock, a[0], a[1], 0, 0, 0, 0);
}

static int64_t sys_umask(LinuxUser *u, const uint64_t *a)
{
    return umask(a[0]);
}

static int64_t sys_sendfile(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(sendfile(a[0], a[1], user_kptr_opt(u, a[2], 8),
                                  a[3]));
}

static int64_t sys_copy_file_range(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(copy_file_range(a[0], user_kptr_opt(u, a[1], 8),
                                         a[2], user_kptr_opt(u, a[3], 8),
                                         a[4], a[5]));
}

static int64_t sys_ppoll(LinuxUser *u, const uint64_t *a)
{
    /* struct pollfd, timespec and the 8-byte sigset match the host's. */
    return user_safe_syscall(SYS_ppoll, (long)user_kptr(u, a[0], a[1] * 8),
                             (unsigned)a[1],
                             (long)user_kptr_opt(u, a[2], 16),
                             (long)user_kptr_opt(u, a[3], 8), (size_t)a[4],
                             0);
}

static int64_t sys_pselect6(LinuxUser *u, const uint64_t *a)
{
    size_t setlen = (MIN(a[0], 1024) + 63) / 64 * 8;
    uint64_t *sm = a[5] ? user_ptr(u, a[5], 16) : NULL;
    uint64_t hsm[2] = { 0, 8 };

    if (a[5] && !sm) {
        return -EFAULT;
    }
    if (sm) {
        hsm[0] = (uint64_t)(uintptr_t)user_kptr_opt(u, sm[0], 8);
        hsm[1] = sm[1];
    }
    return user_safe_syscall(SYS_pselect6, (int)a[0],
                             (long)user_kptr_opt(u, a[1], setlen),
                             (long)user_kptr_opt(u, a[2], setlen),
                             (long)user_kptr_opt(u, a[3], setlen),
                             (long)user_kptr_opt(u, a[4], 16),
                             (long)(sm ? hsm : NULL));
}

static int64_t sys_socket(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(socket(a[0], a[1], a[2]));
}

static int64_t sys_socketpair(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(socketpair(a[0], a[1], a[2],
                                    user_kptr(u, a[3], 8)));
}

static int64_t sys_bind(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(bind(a[0], user_kptr(u, a[1], a[2]), a[2]));
}

static int64_t sys_connect(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_connect, a[0],
                             (long)user_kptr(u, a[1], a[2]), a[2], 0, 0, 0);
}

static int64_t sys_listen(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(listen(a[0], a[1]));
}

/* accept4, getsockname, getpeername: (fd, addr, socklen_t *len) */
static void *sockaddr_out(LinuxUser *u, uint64_t addr, uint64_t lenp)
{
    uint32_t *len = user_ptr(u, lenp, 4);

    return addr && len ? user_kptr(u, addr, *len) : NULL;
}

static int64_t sys_accept4(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_accept4, a[0],
                             (long)sockaddr_out(u, a[1], a[2]),
                             (long)user_kptr_opt(u, a[2], 4),
                             open_flags_from_guest(a[3]), 0, 0);
}

static int64_t sys_getsockname(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getsockname(a[0], sockaddr_out(u, a[1], a[2]),
                                     user_kptr(u, a[2], 4)));
}

static int64_t sys_getpeername(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getpeername(a[0], sockaddr_out(u, a[1], a[2]),
                                     user_kptr(u, a[2], 4)));
}

static int64_t sys_sendto(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_sendto, a[0],
                             (long)user_kptr(u, a[1], a[2]), a[2], a[3],
                             (long)user_kptr_opt(u, a[4], a[5]), a[5]);
}

static int64_t sys_recvfrom(LinuxUser *u, const uint64_t *a)
{
    return user_safe_syscall(SYS_recvfrom, a[0],
                             (long)user_kptr(u, a[1], a[2]), a[2], a[3],
                             (long)sockaddr_out(u, a[4], a[5]),
                             (long)user_kptr_opt(u, a[5], 4));
}

static int64_t sys_setsockopt(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(setsockopt(a[0], a[1], a[2],
                                    user_kptr(u, a[3], a[4]), a[4]));
}

static int64_t sys_getsockopt(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(getsockopt(a[0], a[1], a[2],
                                    sockaddr_out(u, a[3], a[4]),
                                    user_kptr(u, a[4], 4)));
}

static int64_t sys_shutdown(LinuxUser *u, const uint64_t *a)
{
    return user_host_ret(shutdown(a[0], a[1]));
}

const SyscallDef user_syscalls_file[] = {
    { 17, "getcwd", sys_getcwd, "px" },
    { 23, "dup", sys_dup, "d" },
    { 24, "dup3", sys_dup3, "ddo" },
    { 25, "fcntl", sys_fcntl, "ddx" },
    { 29, "ioctl", sys_ioctl, "dxx" },
    { 32, "flock", sys_flock, "dx" },
    { 33, "mknodat", sys_mknodat, "dsox" },
    { 34, "mkdirat", sys_mkdirat, "dso" },
    { 35, "unlinkat", sys_unlinkat, "dsx" },
    { 36, "symlinkat", sys_symlinkat, "sds" },
    { 37, "linkat", sys_linkat, "dsdsx" },
    { 38, "renameat", sys_renameat, "dsds" },
    { 43, "statfs", sys_statfs, "sp" },
    { 44, "fstatfs", sys_fstatfs, "dp" },
    { 45, "truncate", sys_truncate, "sd" },
    { 46, "ftruncate", sys_ftruncate, "dd" },
    { 48, "faccessat", sys_faccessat, "dsx" },
    { 49, "chdir", sys_chdir, "s" },
    { 50, "fchdir", sys_fchdir, "d" },
    { 52, "fchmod", sys_fchmod, "do" },
    { 53, "fchmodat", sys_fchmodat, "dso" },
    { 54, "fchownat", sys_fchownat, "dsddx" },
    { 55, "fchown", sys_fchown, "ddd" },
    { 56, "openat", sys_openat, "dsFo" },
    { 57, "close", sys_close, "d" },
    { 59, "pipe2", sys_pipe2, "pF" },
    { 61, "getdents64", sys_getdents64, "dpd" },
    { 62, "lseek", sys_lseek, "ddd" },
    { 63, "read", sys_read, "dpd" },
    { 64, "write", sys_write, "dbd" },
    { 65, "readv", sys_readv, "dpd" },
    { 66, "writev", sys_writev, "dpd" },
    { 67, "pread64", sys_pread64, "dpdd" },
    { 68, "pwrite64", sys_pwrite64, "dbdd" },
    { 69, "preadv", sys_preadv, "dpdd" },
    { 70, "pwritev", sys_pwritev, "dpdd" },
    { 71, "sendfile", sys_sendfile, "ddpd" },
    { 72, "pselect6", sys_pselect6, "dppppp" },
    { 73, "ppoll", sys_ppoll, "pdppd" },
    { 78, "readlinkat", sys_readlinkat, "dspd" },
    { 79, "newfstatat", sys_newfstatat, "dspx" },
    { 80, "fstat", sys_fstat, "dp" },
    { 82, "fsync", sys_fsync, "d" },
    { 83, "fdatasync", sys_fdatasync, "d" },
    { 88, "utimensat", sys_utimensat, "dspx" },
    { 166, "umask", sys_umask, "o" },
    { 198, "socket", sys_socket, "ddd" },
    { 199, "socketpair", sys_socketpair, "dddp" },
    { 200, "bind", sys_bind, "dpd" },
    { 201, "listen", sys_listen, "dd" },
    { 203, "connect", sys_connect, "dpd" },
    { 204, "getsockname", sys_getsockname, "dpp" },
    { 205, "getpeername", sys_getpeername, "dpp" },
    { 206, "sendto", sys_sendto, "dbdxpd" },
    { 207, "recvfrom", sys_recvfrom, "dpdxpp" },
    { 208, "setsockopt", sys_setsockopt, "dddpd" },
    { 209, "getsockopt", sys_getsockopt, "dddpp" },
    { 210, "shutdown", sys_shutdown, "dd" },
    { 242, "accept4", sys_accept4, "dppx" },
    { 276, "renameat2", sys_renameat2, "dsdsx" },
    { 285, "copy_file_range", sys_copy_file_range, "dpdpdx" },
    { 291, "statx", sys_statx, "dsxxp" },
    { 439, "faccessat2", sys_faccessat2, "dsxx" },
};
const size_t user_n_syscalls_file = G_N_ELEMENTS(user_syscalls_file);
