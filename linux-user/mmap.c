/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest address space of qemu-aarch64 and its memory syscalls (brk,
 * mmap, munmap, mprotect, mremap, madvise, msync, mlock, munlock).
 *
 * At start-up one PROT_NONE, MAP_NORESERVE host mapping of reserve_size
 * bytes is made at guest_base (the largest of 64 TiB .. 64 GiB the host
 * grants).  Guest address A lives at host address guest_base + A, so the
 * engine's load/store path is one add (cpu->guest_base).  Every guest
 * mapping is made with MAP_FIXED inside the reservation; unmapping puts
 * the PROT_NONE reservation back.  The mapped ranges are tracked in
 * u->vmas (under u->lock) to place non-fixed mappings (top-down from
 * mmap_base, like Linux) and to answer MAP_FIXED_NOREPLACE.  A guest
 * range outside [0, reserve_size) is refused (ENOMEM/EINVAL), so no guest
 * request can map over the emulator's own memory.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "user.h"

#include <sys/mman.h>

#define USER_MMAP_MIN 0x10000ull
#define USER_STACK_GAP (1ull << 30)     /* between stack and mmap_base */

#define G_MAP_FIXED             0x10
#define G_MAP_GROWSDOWN         0x100
#define G_MAP_FIXED_NOREPLACE   0x100000
/* Unused by arm64 guests; on x86-64 hosts it would be MAP_32BIT. */
#define G_MAP_UNUSED_40         0x40
#define G_MREMAP_MAYMOVE        1
#define G_MREMAP_FIXED          2
#define G_MREMAP_DONTUNMAP      4

static const unsigned reserve_bits[] = { 46, 44, 42, 40, 38, 36 };

bool user_mem_init(LinuxUser *u, Error **errp)
{
    void *p = MAP_FAILED;

    for (size_t i = 0; i < G_N_ELEMENTS(reserve_bits) && p == MAP_FAILED;
         i++) {
        u->reserve_size = 1ull << reserve_bits[i];
        p = mmap(NULL, u->reserve_size + USER_GUARD_SIZE, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    }
    if (p == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot reserve the guest address "
                         "space");
        return false;
    }
    u->guest_base = (uintptr_t)p;
    u->vmas = g_array_new(FALSE, FALSE, sizeof(GuestRange));
    g_mutex_init(&u->lock);
    /* The stack sits at the top (elfload.c), mmap allocates below it. */
    u->stack_top = u->reserve_size - 16 * USER_PAGE_SIZE;
    u->mmap_base = u->stack_top - (8ull << 20) - USER_STACK_GAP;
    return true;
}

/* Index of the first range ending after @addr. */
static guint vma_first_after(LinuxUser *u, uint64_t addr)
{
    guint lo = 0, hi = u->vmas->len;

    while (lo < hi) {
        guint mid = (lo + hi) / 2;

        if (g_array_index(u->vmas, GuestRange, mid).end <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

static bool vma_is_free(LinuxUser *u, uint64_t start, uint64_t end)
{
    guint i = vma_first_after(u, start);

    return i >= u->vmas->len ||
           g_array_index(u->vmas, GuestRange, i).start >= end;
}

static bool vma_all_mapped(LinuxUser *u, uint64_t start, uint64_t end)
{
    guint i = vma_first_after(u, start);

    for (; i < u->vmas->len && start < end; i++) {
        GuestRange *r = &g_array_index(u->vmas, GuestRange, i);

        if (r->start > start) {
            return false;
        }
        start = r->end;
    }
    return start >= end;
}

static void vma_remove(LinuxUser *u, uint64_t start, uint64_t end)
{
    guint i = vma_first_after(u, start);

    while (i < u->vmas->len) {
        GuestRange r = g_array_index(u->vmas, GuestRange, i);

        if (r.start >= end) {
            break;
        }
        g_array_remove_index(u->vmas, i);
        if (r.end > end) {
            GuestRange hi = { end, r.end };

            g_array_insert_val(u->vmas, i, hi);
        }
        if (r.start < start) {
            GuestRange lo = { r.start, start };

            g_array_insert_val(u->vmas, i, lo);
            i++;
        }
    }
}

static void vma_insert(LinuxUser *u, uint64_t start, uint64_t end)
{
    GuestRange r = { start, end };
    guint i;

    vma_remove(u, start, end);
    i = vma_first_after(u, start);
    /* Merge with touching neighbours. */
    if (i > 0 && g_array_index(u->vmas, GuestRange, i - 1).end == start) {
        r.start = g_array_index(u->vmas, GuestRange, i - 1).start;
        g_array_remove_index(u->vmas, --i);
    }
    if (i < u->vmas->len && g_array_index(u->vmas, GuestRange, i).start ==
        end) {
        r.end = g_array_index(u->vmas, GuestRange, i).end;
        g_array_remove_index(u->vmas, i);
    }
    g_array_insert_val(u->vmas, i, r);
}

/*
 * For the fault handler: is @addr in no guest mapping (SEGV_MAPERR)?
 * Must not block; when the lock is busy, say unmapped.
 */
bool user_mem_unmapped(LinuxUser *u, uint64_t addr)
{
    bool r = true;

    if (addr < u->reserve_size && g_mutex_trylock(&u->lock)) {
        r = vma_is_free(u, addr, addr + 1);
        g_mutex_unlock(&u->lock);
    }
    return r;
}

/* Caller holds u->lock. */
static uint64_t find_free_locked(LinuxUser *u, uint64_t len)
{
    uint64_t top = u->mmap_base;

    for (gint i = (gint)u->vmas->len - 1; i >= -1; i--) {
        uint64_t lo = USER_MMAP_MIN;

        if (i >= 0) {
            GuestRange *r = &g_array_index(u->vmas, GuestRange, i);

            if (r->start >= top) {
                continue;
            }
            lo = MAX(lo, r->end);
        }
        if (top >= lo && top - lo >= len) {
            return top - len;
        }
        if (i >= 0) {
            top = MIN(top, g_array_index(u->vmas, GuestRange, i).start);
        }
    }
    return 0;
}

uint64_t user_mem_find_free(LinuxUser *u, uint64_t len)
{
    uint64_t r;

    g_mutex_lock(&u->lock);
    r = find_free_locked(u, USER_PAGE_ALIGN(len));
    g_mutex_unlock(&u->lock);
    return r;
}

/* Put the PROT_NONE reservation back over [addr, addr+len). */
static void reserve_again(LinuxUser *u, uint64_t addr, uint64_t len)
{
    if (len && mmap(g2h(u, addr), len, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
                    -1, 0) == MAP_FAILED) {
        qemu_log_mask(LOG_GUEST_ERROR, "cannot re-reserve guest range "
                      "0x%" PRIx64 "+0x%" PRIx64 "\n", addr, len);
    }
}

bool user_mem_map_fixed(LinuxUser *u, uint64_t addr, uint64_t len, int prot)
{
    bool ok = false;

    len = USER_PAGE_ALIGN(len);
    g_mutex_lock(&u->lock);
    if (guest_range_ok(u, addr, len) && !(addr % USER_PAGE_SIZE) &&
        vma_is_free(u, addr, addr + len) &&
        mmap(g2h(u, addr), len, prot, MAP_PRIVATE | MAP_ANONYMOUS |
             MAP_FIXED, -1, 0) != MAP_FAILED) {
        vma_insert(u, addr, addr + len);
        ok = true;
    }
    g_mutex_unlock(&u->lock);
    return ok;
}

void user_mem_invalidate_code(UserThread *self, uint64_t start, uint64_t len)
{
    LinuxUser *u = self->u;

    arm_cpu_invalidate_code(self->cpu, start, len);
    g_mutex_lock(&u->lock);
    for (UserThread *t = u->threads; t; t = t->next) {
        if (t == self) {
            continue;
        }
        if (t->n_inval < USER_INVAL_SLOTS) {
            t->inval_start[t->n_inval] = start;
            t->inval_len[t->n_inval++] = len;
        } else {
            t->inval_all = true;
        }
        __atomic_store_n(&t->cpu->exit_request, 1, __ATOMIC_RELAXED);
    }
    g_mutex_unlock(&u->lock);
}

void user_mem_sync_code(UserThread *t)
{
    uint64_t start[USER_INVAL_SLOTS], len[USER_INVAL_SLOTS];
    unsigned n;
    bool all;

    g_mutex_lock(&t->u->lock);
    n = t->n_inval;
    all = t->inval_all;
    memcpy(start, t->inval_start, sizeof(start));
    memcpy(len, t->inval_len, sizeof(len));
    t->n_inval = 0;
    t->inval_all = false;
    g_mutex_unlock(&t->u->lock);
    if (all) {
        arm_cpu_invalidate_code(t->cpu, 0, UINT64_MAX);
        return;
    }
    for (unsigned i = 0; i < n; i++) {
        arm_cpu_invalidate_code(t->cpu, start[i], len[i]);
    }
}

static int host_prot(uint64_t prot)
{
    int p = prot & (PROT_READ | PROT_WRITE | PROT_EXEC);

    /* The engine reads guest code as data. */
    return (p & PROT_EXEC) ? p | PROT_READ : p;
}

/* Where a guest mmap goes; 0 with *err set if it cannot. */
static uint64_t mmap_place(LinuxUser *u, uint64_t addr, uint64_t len,
                           uint64_t flags, int *err)
{
    bool fixed = flags & (G_MAP_FIXED | G_MAP_FIXED_NOREPLACE);

    if (fixed && (addr % USER_PAGE_SIZE || !guest_range_ok(u, addr, len))) {
        *err = addr % USER_PAGE_SIZE ? EINVAL : ENOMEM;
        return 0;
    }
    if (flags & G_MAP_FIXED) {
        return addr;
    }
    if (fixed || (addr && !(addr % USER_PAGE_SIZE) &&
                  addr >= USER_MMAP_MIN && guest_range_ok(u, addr, len))) {
        if (vma_is_free(u, addr, addr + len)) {
            return addr;
        }
        if (fixed) {
            *err = EEXIST;
            return 0;
        }
    }
    addr = find_free_locked(u, len);
    *err = addr ? 0 : ENOMEM;
    return addr;
}

static int64_t sys_mmap(LinuxUser *u, const uint64_t *a)
{
    uint64_t len = USER_PAGE_ALIGN(a[1]), flags = a[3], where;
    int hflags = (flags & ~(G_MAP_FIXED_NOREPLACE | G_MAP_GROWSDOWN |
                            G_MAP_UNUSED_40)) | MAP_FIXED;
    int err = 0;
    void *p;

    if (a[1] == 0 || len < a[1] || (a[5] % USER_PAGE_SIZE)) {
        return len < a[1] ? -ENOMEM : -EINVAL;
    }
    g_mutex_lock(&u->lock);
    where = mmap_place(u, a[0], len, flags, &err);
    if (!err) {
        p = mmap(g2h(u, where), len, host_prot(a[2]), hflags, (int)a[4],
                 (off_t)a[5]);
        if (p == MAP_FAILED) {
            err = errno;
        } else {
            vma_insert(u, where, where + len);
        }
    }
    g_mutex_unlock(&u->lock);
    if (err) {
        return -err;
    }
    user_mem_invalidate_code(user_thread_self(), where, len);
    return where;
}

static int64_t sys_munmap(LinuxUser *u, const uint64_t *a)
{
    uint64_t len = USER_PAGE_ALIGN(a[1]);

    if (a[0] % USER_PAGE_SIZE || !len || !guest_range_ok(u, a[0], len)) {
        return -EINVAL;
    }
    g_mutex_lock(&u->lock);
    reserve_again(u, a[0], len);
    vma_remove(u, a[0], a[0] + len);
    g_mutex_unlock(&u->lock);
    user_mem_invalidate_code(user_thread_self(), a[0], len);
    return 0;
}

static int64_t sys_mprotect(LinuxUser *u, const uint64_t *a)
{
    uint64_t len = USER_PAGE_ALIGN(a[1]);
    int64_t r = 0;

    if (a[0] % USER_PAGE_SIZE || len < a[1]) {
        return -EINVAL;
    }
    g_mutex_lock(&u->lock);
    if (!guest_range_ok(u, a[0], len) ||
        !vma_all_mapped(u, a[0], a[0] + len)) {
        r = -ENOMEM;
    } else {
        r = user_host_ret(mprotect(g2h(u, a[0]), len, host_prot(a[2])));
    }
    g_mutex_unlock(&u->lock);
    if (r == 0) {
        user_mem_invalidate_code(user_thread_self(), a[0], len);
    }
    return r;
}

/* Grow [old, old+osz) in place to nsz bytes; caller holds the lock. */
static int64_t mremap_grow_in_place(LinuxUser *u, uint64_t old,
                                    uint64_t osz, uint64_t nsz)
{
    void *hole = g2h(u, old + osz);

    /* Open a hole in the reservation for the kernel to grow into. */
    munmap(hole, nsz - osz);
    if (mremap(g2h(u, old), osz, nsz, 0) == MAP_FAILED) {
        int err = errno;

        mmap(hole, nsz - osz, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
             MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        return -err;
    }
    vma_insert(u, old, old + nsz);
    return old;
}

static int64_t mremap_move(LinuxUser *u, uint64_t old, uint64_t osz,
                           uint64_t nsz, uint64_t dest, uint64_t flags)
{
    int hflags = MREMAP_MAYMOVE | MREMAP_FIXED;

    if (flags & G_MREMAP_DONTUNMAP) {
        hflags |= MREMAP_DONTUNMAP;
    }
    if (mremap(g2h(u, old), osz, nsz, hflags, g2h(u, dest)) == MAP_FAILED) {
        return -errno;
    }
    if (!(flags & G_MREMAP_DONTUNMAP)) {
        reserve_again(u, old, osz);
        vma_remove(u, old, old + osz);
    }
    vma_insert(u, dest, dest + nsz);
    return dest;
}

static int64_t mremap_locked(LinuxUser *u, const uint64_t *a)
{
    uint64_t old = a[0], osz = USER_PAGE_ALIGN(a[1]);
    uint64_t nsz = USER_PAGE_ALIGN(a[2]), flags = a[3], dest = a[4];

    if (!guest_range_ok(u, old, osz) || !vma_all_mapped(u, old, old + osz)) {
        return -EFAULT;
    }
    if (flags & G_MREMAP_FIXED) {
        if (dest % USER_PAGE_SIZE || !guest_range_ok(u, dest, nsz) ||
            (dest < old + osz && old < dest + nsz)) {
            return -EINVAL;
        }
        return mremap_move(u, old, osz, nsz, dest, flags);
    }
    if (nsz <= osz && !(flags & G_MREMAP_DONTUNMAP)) {
        reserve_again(u, old + nsz, osz - nsz);
        vma_remove(u, old + nsz, old + osz);
        return old;
    }
    if (guest_range_ok(u, old, nsz) && vma_is_free(u, old + osz, old + nsz) &&
        !(flags & G_MREMAP_DONTUNMAP)) {
        return mremap_grow_in_place(u, old, osz, nsz);
    }
    if (!(flags & G_MREMAP_MAYMOVE)) {
        return -ENOMEM;
    }
    dest = find_free_locked(u, nsz);
    return dest ? mremap_move(u, old, osz, nsz, dest, flags) : -ENOMEM;
}

static int64_t sys_mremap(LinuxUser *u, const uint64_t *a)
{
    int64_t r;

    if (a[0] % USER_PAGE_SIZE || !a[2] || USER_PAGE_ALIGN(a[2]) < a[2] ||
        (a[3] & ~7ull) || ((a[3] & G_MREMAP_FIXED) &&
                           !(a[3] & G_MREMAP_MAYMOVE))) {
        return -EINVAL;
    }
    g_mutex_lock(&u->lock);
    r = mremap_locked(u, a);
    g_mutex_unlock(&u->lock);
    if (r >= 0) {
        user_mem_invalidate_code(user_thread_self(), a[0],
                                 USER_PAGE_ALIGN(a[1]));
    }
    return r;
}

/* madvise, msync, mlock, munlock: a range check, then the host. */
static int64_t sys_madvise(LinuxUser *u, const uint64_t *a)
{
    if (!guest_range_ok(u, a[0], a[1])) {
        return -ENOMEM;
    }
    return user_host_ret(madvise(g2h(u, a[0]), a[1], a[2]));
}

static int64_t sys_msync(LinuxUser *u, const uint64_t *a)
{
    if (!guest_range_ok(u, a[0], a[1])) {
        return -ENOMEM;
    }
    return user_host_ret(msync(g2h(u, a[0]), a[1], a[2]));
}

static int64_t sys_mlock(LinuxUser *u, const uint64_t *a)
{
    if (!guest_range_ok(u, a[0], a[1])) {
        return -ENOMEM;
    }
    return user_host_ret(mlock(g2h(u, a[0]), a[1]));
}

static int64_t sys_munlock(LinuxUser *u, const uint64_t *a)
{
    if (!guest_range_ok(u, a[0], a[1])) {
        return -ENOMEM;
    }
    return user_host_ret(munlock(g2h(u, a[0]), a[1]));
}

/* Caller holds u->lock; heap pages are [brk_start, brk_mapped). */
static void brk_resize(LinuxUser *u, uint64_t end)
{
    if (end < u->brk_mapped) {
        reserve_again(u, end, u->brk_mapped - end);
        vma_remove(u, end, u->brk_mapped);
        u->brk_mapped = end;
        return;
    }
    if (!guest_range_ok(u, u->brk_mapped, end - u->brk_mapped) ||
        !vma_is_free(u, u->brk_mapped, end) ||
        mmap(g2h(u, u->brk_mapped), end - u->brk_mapped,
             PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
             -1, 0) == MAP_FAILED) {
        return;
    }
    vma_insert(u, u->brk_mapped, end);
    u->brk_mapped = end;
}

static int64_t sys_brk(LinuxUser *u, const uint64_t *a)
{
    uint64_t want = a[0], r;

    g_mutex_lock(&u->lock);
    if (want >= u->brk_start && want < u->reserve_size) {
        brk_resize(u, USER_PAGE_ALIGN(want));
        if (USER_PAGE_ALIGN(want) == u->brk_mapped) {
            u->brk = want;
        }
    }
    r = u->brk;
    g_mutex_unlock(&u->lock);
    return r;
}

const SyscallDef user_syscalls_mem[] = {
    { 214, "brk", sys_brk, "p" },
    { 215, "munmap", sys_munmap, "px" },
    { 216, "mremap", sys_mremap, "pxxxp" },
    { 222, "mmap", sys_mmap, "pxmMdx" },
    { 226, "mprotect", sys_mprotect, "pxm" },
    { 227, "msync", sys_msync, "pxx" },
    { 228, "mlock", sys_mlock, "px" },
    { 229, "munlock", sys_munlock, "px" },
    { 233, "madvise", sys_madvise, "pxd" },
};
const size_t user_n_syscalls_mem = G_N_ELEMENTS(user_syscalls_mem);
