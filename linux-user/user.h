/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linux user-mode emulation of AArch64 programs: shared state of the
 * loader, the syscall layer, signals, threads and the main loop
 * (docs/user-mode.md).
 *
 * Guest memory: guest address A is host address A + guest_base.  At
 * start-up the whole guest address space [0, reserve_size) is reserved
 * on the host as one PROT_NONE mapping (mmap.c); every guest mapping is
 * placed inside it, and every address a syscall receives is checked
 * against it, so a guest mmap/brk/syscall buffer can never reach the
 * emulator's own memory.
 *
 * Threads: one host thread per guest thread (guest tid = host tid), each
 * with its own UserThread and ARMCPU (and so its own decoded-block
 * cache).  Process-wide state in LinuxUser is protected by u->lock.
 */
#ifndef LINUX_USER_USER_H
#define LINUX_USER_USER_H

#include "target/arm/cpu.h"

#include <setjmp.h>
#include <signal.h>

#define USER_PAGE_SIZE 4096ull
/*
 * PROT_NONE bytes kept after the reservation: the engine masks guest
 * addresses to [0, reserve_size) (ARMCPU.guest_mask), so only an access
 * straddling the end can go past it, by less than this.
 */
#define USER_GUARD_SIZE (64 * 1024ull)
#define USER_PAGE_ALIGN(x) (((x) + USER_PAGE_SIZE - 1) & ~(USER_PAGE_SIZE - 1))
#define USER_NSIG 64            /* signals 1..64, bit (sig - 1) in masks */
#define USER_INVAL_SLOTS 8

/* struct sigaction as the aarch64 kernel sees it. */
typedef struct GuestSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} GuestSigaction;

/* Where a host SIGSEGV/SIGBUS in this thread goes (UserThread.jmp_mode). */
typedef enum UserJmpMode {
    USER_JMP_NONE,          /* not expected: an emulator bug */
    USER_JMP_GUEST,         /* in guest code: becomes a guest signal */
    USER_JMP_ACCESS,        /* syscall layer touching guest memory: EFAULT */
} UserJmpMode;

typedef struct LinuxUser LinuxUser;
typedef struct UserThread UserThread;

struct UserThread {
    LinuxUser *u;
    ARMCPU *cpu;
    int tid;
    UserThread *next;               /* u->threads list */
    uint64_t clear_child_tid;
    uint64_t robust_list;
    /* signals (signal.c) */
    uint64_t sigmask;               /* guest blocked set */
    volatile uint64_t pending;      /* caught on the host, not delivered */
    uint8_t pending_info[USER_NSIG + 1][128];   /* their siginfo */
    uint64_t ss_sp;                 /* sigaltstack */
    uint64_t ss_size;
    int ss_flags;
    volatile int sig_fresh;         /* caught since the last delivery */
    uint64_t syscall_x0;            /* X0 before the syscall (restart) */
    bool restart_syscall;           /* it returned EINTR: may restart */
    uint64_t saved_mask;            /* rt_sigsuspend's mask to restore */
    bool has_saved_mask;
    /* host fault recovery */
    sigjmp_buf jmp;
    volatile int jmp_mode;          /* UserJmpMode */
    int fault_sig;
    int fault_code;
    uint64_t fault_addr;
    uint64_t fault_pc;
    /* code invalidations requested by other threads (under u->lock) */
    uint64_t inval_start[USER_INVAL_SLOTS];
    uint64_t inval_len[USER_INVAL_SLOTS];
    unsigned n_inval;
    bool inval_all;
    bool exited;                    /* exit (this thread only) */
};

struct LinuxUser {
    UserThread *main_thread;
    uintptr_t guest_base;
    uint64_t reserve_size;  /* guest addresses are below this */
    uint64_t mmap_base;     /* top of the area mmap allocates from */
    char *exec_path;        /* as given on the command line */
    const char *argv0;      /* guest argv[0] (-0) or NULL */
    const char *cpu_model;  /* options passed on to an exec'd program */
    const char *log_items;
    bool strace;
    GMutex lock;            /* everything below */
    GArray *vmas;           /* sorted, disjoint mapped ranges (GuestRange) */
    UserThread *threads;
    unsigned n_threads;
    GuestSigaction sigact[USER_NSIG + 1];
    /* filled by the ELF loader */
    uint64_t entry;
    uint64_t phdr;
    uint64_t phnum;
    uint64_t load_bias;
    uint64_t brk_start;     /* initial break */
    uint64_t brk;           /* current break */
    uint64_t brk_mapped;    /* end of the pages backing the heap */
    uint64_t stack_top;
    /* set by exit_group (or exit of the last thread) */
    bool exited;
    int exit_status;
};

typedef struct GuestRange {
    uint64_t start;
    uint64_t end;
} GuestRange;

/* The calling thread's state (set when the thread starts). */
UserThread *user_thread_self(void);
void user_thread_set_self(UserThread *t);

/* elfload.c */
/* Load the static ELF at @path; errp on host or format errors. */
bool linux_user_load_elf(LinuxUser *u, const char *path, Error **errp);
/* Build the initial stack (argv, envp, auxv); returns the guest SP. */
uint64_t linux_user_setup_stack(LinuxUser *u, char **argv, char **envp,
                                Error **errp);

/*
 * safe-syscall.c: a blocking host syscall that returns -EINTR instead of
 * sleeping when a guest signal was caught before it started.  Returns
 * the result or -errno.
 */
int64_t user_safe_syscall(long nr, long a1, long a2, long a3, long a4,
                          long a5, long a6);
/* From the host signal handler: move a thread about to block to -EINTR. */
void user_safe_syscall_rewind(void *ucontext);

/* syscall.c: perform the syscall in X8 with X0-X5; result in X0. */
void linux_user_syscall(UserThread *t);
int64_t user_host_ret(int64_t r);

/* mmap.c: guest address space */
bool user_mem_init(LinuxUser *u, Error **errp);
/* Map [addr, addr+len) fixed (loader, stack); false on failure. */
bool user_mem_map_fixed(LinuxUser *u, uint64_t addr, uint64_t len, int prot);
/* A free, page-aligned range of @len bytes (top-down); 0 if none. */
uint64_t user_mem_find_free(LinuxUser *u, uint64_t len);
bool user_mem_unmapped(LinuxUser *u, uint64_t addr);
void user_mem_invalidate_code(UserThread *t, uint64_t start, uint64_t len);
/* Apply invalidations other threads queued for @t. */
void user_mem_sync_code(UserThread *t);

/* signal.c */
void user_signal_init(LinuxUser *u);
/* Deliver what is pending and unblocked; called between guest runs. */
void user_signal_deliver(UserThread *t);
/* A fault or trap in guest code (sync signal) at the current PC. */
void user_signal_raise_sync(UserThread *t, int sig, int code, uint64_t addr);
/* Die the way the guest would have: by the signal, without a core. */
G_NORETURN void user_die_by_signal(int sig);
/* Host signal mask for guest mask @mask (never blocks fault signals). */
void user_signal_set_host_mask(uint64_t mask);

/* syscall tables (syscall*.c): a handler gets the raw arguments. */
typedef int64_t SyscallFn(LinuxUser *u, const uint64_t *a);
typedef struct SyscallDef {
    unsigned nr;
    const char *name;
    SyscallFn *fn;
    const char *args;       /* strace: one letter per argument (strace.c) */
} SyscallDef;

extern const SyscallDef user_syscalls_file[];
extern const size_t user_n_syscalls_file;
extern const SyscallDef user_syscalls_proc[];
extern const size_t user_n_syscalls_proc;
extern const SyscallDef user_syscalls_signal[];
extern const size_t user_n_syscalls_signal;
extern const SyscallDef user_syscalls_mem[];
extern const size_t user_n_syscalls_mem;

/* strace.c */
void user_strace_enter(const SyscallDef *def, LinuxUser *u,
                       const uint64_t *x);
void user_strace_exit(const SyscallDef *def, int64_t ret);

/* main.c: run @t until it exits (thread) or the process ends. */
int user_cpu_loop(UserThread *t);
UserThread *user_thread_new(LinuxUser *u, ARMCPU *cpu);
/* Remove @t from the thread list; returns the threads left. */
unsigned user_thread_unlink(UserThread *t);

static inline void *g2h(LinuxUser *u, uint64_t addr)
{
    return (void *)(uintptr_t)(addr + u->guest_base);
}

static inline uint64_t h2g(LinuxUser *u, void *p)
{
    return (uint64_t)(uintptr_t)p - u->guest_base;
}

static inline bool guest_range_ok(LinuxUser *u, uint64_t addr, uint64_t len)
{
    return addr <= u->reserve_size && len <= u->reserve_size - addr;
}

/*
 * Host pointer for a guest buffer, NULL (-> EFAULT) if any part lies
 * outside the guest address space.  Unmapped pages inside it fault on the
 * host and are turned into EFAULT by the syscall layer.
 */
static inline void *user_ptr(LinuxUser *u, uint64_t addr, uint64_t len)
{
    return guest_range_ok(u, addr, len) ? g2h(u, addr) : NULL;
}

/*
 * For a pointer handed straight to a host syscall: outside guest memory
 * it becomes a kernel address, so the host answers EFAULT.  Guest NULL
 * stays a mapped-nowhere address too (guest page 0 is never mapped).
 */
static inline void *user_kptr(LinuxUser *u, uint64_t addr, uint64_t len)
{
    return guest_range_ok(u, addr, len) ? g2h(u, addr) :
           (void *)(uintptr_t)-4096;
}

/* Optional pointer argument: guest NULL is host NULL. */
static inline void *user_kptr_opt(LinuxUser *u, uint64_t addr, uint64_t len)
{
    return addr ? user_kptr(u, addr, len) : NULL;
}

/* A guest C string (path); NULL if it starts outside guest memory. */
static inline const char *user_str(LinuxUser *u, uint64_t addr)
{
    return addr < u->reserve_size ? g2h(u, addr) : NULL;
}

/* /proc/self/exe is the guest program, not the emulator. */
static inline const char *user_path_fixup(LinuxUser *u, const char *path)
{
    return strcmp(path, "/proc/self/exe") ? path : u->exec_path;
}

/* A path for a host syscall (EFAULT from the host when out of range). */
static inline const char *user_kstr(LinuxUser *u, uint64_t addr)
{
    return addr < u->reserve_size ? g2h(u, addr) : (void *)(uintptr_t)-4096;
}

#endif
