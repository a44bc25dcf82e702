/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -strace for qemu-aarch64: one line per syscall on stderr, in QEMU's
 * format: "PID name(arg,arg,...) = result" or "= -1 errno=N (text)".
 * The line is written in one piece when the call returns (so threads and
 * processes do not interleave mid-line); exit, exit_group and execve are
 * printed when called.
 *
 * Each SyscallDef carries a string with one letter per argument:
 *   d  signed decimal (AT_FDCWD for -100)    x  hex       o  octal
 *   p  pointer (0x.. or NULL)                s  string    a  string array
 *   b  buffer whose length is the next argument (first bytes shown)
 *   F  open(2) flags    m  mmap prot    M  mmap flags    S  signal number
 *   C  clone flags      X  futex op
 * The guest memory read here is guarded by the syscall layer (EFAULT).
 */
#include "qemu/osdep.h"
#include "user.h"

typedef struct FlagName {
    uint64_t bit;
    const char *name;
} FlagName;

static const FlagName open_flags[] = {
    { 01, "O_WRONLY" }, { 02, "O_RDWR" }, { 0100, "O_CREAT" },
    { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" }, { 01000, "O_TRUNC" },
    { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 010000, "O_DSYNC" },
    { 040000, "O_DIRECTORY" }, { 0100000, "O_NOFOLLOW" },
    { 0200000, "O_DIRECT" }, { 0400000, "O_LARGEFILE" },
    { 01000000, "O_NOATIME" }, { 02000000, "O_CLOEXEC" },
    { 010000000, "O_PATH" }, { 0, NULL },
};

static const FlagName prot_flags[] = {
    { 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" },
    { 0, NULL },
};

static const FlagName map_flags[] = {
    { 0x01, "MAP_SHARED" }, { 0x02, "MAP_PRIVATE" }, { 0x10, "MAP_FIXED" },
    { 0x20, "MAP_ANONYMOUS" }, { 0x100, "MAP_GROWSDOWN" },
    { 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" },
    { 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" },
    { 0x8000, "MAP_POPULATE" }, { 0x10000, "MAP_NONBLOCK" },
    { 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" },
    { 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL },
};

static const FlagName clone_flags[] = {
    { 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" },
    { 0x800, "CLONE_SIGHAND" }, { 0x4000, "CLONE_VFORK" },
    { 0x8000, "CLONE_PARENT" }, { 0x10000, "CLONE_THREAD" },
    { 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" },
    { 0x80000, "CLONE_SETTLS" }, { 0x100000, "CLONE_PARENT_SETTID" },
    { 0x200000, "CLONE_CHILD_CLEARTID" }, { 0x1000000, "CLONE_CHILD_SETTID" },
    { 0, NULL },
};

static const char *const futex_ops[] = {
    "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
    "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI",
    "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET",
    "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI",
};

static void put_flags(GString *s, const FlagName *f, uint64_t v)
{
    size_t start = s->len;

    for (; f->name; f++) {
        if (v & f->bit) {
            g_string_append_printf(s, "%s%s", s->len > start ? "|" : "",
                                   f->name);
            v &= ~f->bit;
        }
    }
    if (v || s->len == start) {
        g_string_append_printf(s, "%s0x%" PRIx64, s->len > start ? "|" : "",
                               v);
    }
}

static void put_str(GString *s, LinuxUser *u, uint64_t addr, uint64_t max,
                    bool nul)
{
    const char *p = user_str(u, addr);
    uint64_t i;

    if (!addr || !p || !guest_range_ok(u, addr, max)) {
        g_string_append_printf(s, "0x%" PRIx64, addr);
        return;
    }
    g_string_append_c(s, '"');
    for (i = 0; i < max && (!nul || p[i]); i++) {
        unsigned char c = p[i];

        if (c == '\n') {
            g_string_append(s, "\\n");
        } else if (c == '"' || c == '\\') {
            g_string_append_printf(s, "\\%c", c);
        } else if (c >= 32 && c < 127) {
            g_string_append_c(s, c);
        } else {
            g_string_append_printf(s, "\\%o", c);
        }
        if (i == 63) {
            break;
        }
    }
    g_string_append(s, i < max && (!nul || p[i]) ? "\"..." : "\"");
}

static void put_arg(GString *s, LinuxUser *u, const SyscallDef *def,
                    const uint64_t *x, unsigned i)
{
    uint64_t v = x[i];

    switch (def->args[i]) {
    case 'd':
        if ((int)v == -100 && i == 0 && g_str_has_suffix(def->name, "at")) {
            g_string_append(s, "AT_FDCWD");
        } else {
            g_string_append_printf(s, "%" PRId64, (int64_t)v);
        }
        break;
    case 'o':
        g_string_append_printf(s, "0%" PRIo64, v);
        break;
    case 'p':
    case 'a':
        g_string_append(s, v ? "" : "NULL");
        if (v) {
            g_string_append_printf(s, "0x%" PRIx64, v);
        }
        break;
    case 's':
        put_str(s, u, v, 4096, true);
        break;
    case 'b':
        put_str(s, u, v, x[i + 1], false);
        break;
    case 'F':
        if ((v & 3) == 0) {
            g_string_append(s, "O_RDONLY");
            if (v & ~3ull) {
                g_string_append_c(s, '|');
                put_flags(s, open_flags, v & ~3ull);
            }
        } else {
            put_flags(s, open_flags, v);
        }
        break;
    case 'm':
        if (v == 0) {
            g_string_append(s, "PROT_NONE");
        } else {
            put_flags(s, prot_flags, v);
        }
        break;
    case 'M':
        put_flags(s, map_flags, v);
        break;
    case 'C':
        put_flags(s, clone_flags, v & ~0xffull);
        if ((v & 0xff) && sigabbrev_np(v & 0xff)) {
            g_string_append_printf(s, "|SIG%s", sigabbrev_np(v & 0xff));
        }
        break;
    case 'S':
        if (v > 0 && v <= 64 && sigabbrev_np(v)) {
            g_string_append_printf(s, "SIG%s", sigabbrev_np(v));
        } else {
            g_string_append_printf(s, "%" PRIu64, v);
        }
        break;
    case 'X':
        if ((v & 0x7f) < G_N_ELEMENTS(futex_ops)) {
            g_string_append(s, futex_ops[v & 0x7f]);
            g_string_append(s, (v & 128) ? "|FUTEX_PRIVATE_FLAG" : "");
        } else {
            g_string_append_printf(s, "0x%" PRIx64, v);
        }
        break;
    default:
        g_string_append_printf(s, "0x%" PRIx64, v);
        break;
    }
}

/* The call, kept until its result is known so each line is one write. */
static __thread GString *strace_line;

void user_strace_enter(const SyscallDef *def, LinuxUser *u,
                       const uint64_t *x)
{
    size_t n = strlen(def->args);
    GString *s;

    if (!strace_line) {
        strace_line = g_string_new(NULL);
    }
    s = strace_line;
    g_string_printf(s, "%s(", def->name);
    for (size_t i = 0; i < n && i < 6; i++) {
        if (i) {
            g_string_append_c(s, ',');
        }
        put_arg(s, u, def, x, i);
    }
    g_string_append_c(s, ')');
    if (!strcmp(def->name, "exit") || !strcmp(def->name, "exit_group") ||
        !strcmp(def->name, "execve")) {
        /* These may not return: print the call now. */
        fprintf(stderr, "%d %s\n", user_thread_self()->tid, s->str);
        g_string_truncate(s, 0);
    }
}

void user_strace_exit(const SyscallDef *def, int64_t ret)
{
    GString *s = strace_line;
    char tid[16];

    if (!s) {
        return;
    }
    /* After the call: a forked child reports its own pid. */
    snprintf(tid, sizeof(tid), "%d ", user_thread_self()->tid);
    g_string_prepend(s, tid);
    if (ret < 0 && ret > -4096) {
        g_string_append_printf(s, " = -1 errno=%d (%s)\n", (int)-ret,
                               strerror(-ret));
    } else if (!strcmp(def->name, "mmap") || !strcmp(def->name, "brk") ||
               !strcmp(def->name, "mremap")) {
        g_string_append_printf(s, " = 0x%016" PRIx64 "\n", (uint64_t)ret);
    } else {
        g_string_append_printf(s, " = %" PRId64 "\n", ret);
    }
    (void)!write(STDERR_FILENO, s->str, s->len);
    g_string_truncate(s, 0);
}
