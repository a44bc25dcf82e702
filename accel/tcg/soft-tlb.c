/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Software TLB slow paths: fill through the target's page walk, RAM pages
 * get a host addend, everything else goes to the address space by physical
 * address.  See include/accel/tcg/soft-tlb.h.
 */
#include "qemu/osdep.h"
#include "accel/tcg/soft-tlb.h"

static void soft_tlb_entry_clear(SoftTLBEntry *e)
{
    e->tag[SOFT_TLB_READ] = SOFT_TLB_INVALID;
    e->tag[SOFT_TLB_WRITE] = SOFT_TLB_INVALID;
    e->tag[SOFT_TLB_FETCH] = SOFT_TLB_INVALID;
    e->addend = 0;
    e->paddr = 0;
}

/* Gap between range @i and [lo, hi]: at most a page when they touch. */
static uint64_t soft_tlb_range_gap(const SoftTLBRanges *r, unsigned i,
                                   uint64_t lo, uint64_t hi)
{
    if (hi < r->lo[i]) {
        return r->lo[i] - hi - 1;
    }
    if (lo > r->hi[i]) {
        return lo - r->hi[i] - 1;
    }
    return 0;
}

void soft_tlb_ranges_add(SoftTLBRanges *r, uint64_t lo, uint64_t hi)
{
    unsigned best = 0;
    uint64_t best_gap = UINT64_MAX;

    for (unsigned i = 0; i < r->n; i++) {
        uint64_t gap = soft_tlb_range_gap(r, i, lo, hi);

        if (gap < best_gap) {
            best = i;
            best_gap = gap;
        }
    }
    if (best_gap > SOFT_TLB_PAGE_SIZE && r->n < SOFT_TLB_RANGES) {
        best = r->n++;
        r->lo[best] = lo;
        r->hi[best] = hi;
        return;
    }
    r->lo[best] = MIN(r->lo[best], lo);
    r->hi[best] = MAX(r->hi[best], hi);
}

typedef void SoftTLBEntryFn(SoftTLB *tlb, int m, unsigned i, void *arg);

/* Call @fn on each entry whose bit is set in @map (used or large_used). */
static void soft_tlb_for_each(SoftTLB *tlb,
                              uint64_t map[][SOFT_TLB_SIZE / 64],
                              SoftTLBEntryFn *fn, void *arg)
{
    for (int m = 0; m < tlb->nb_modes; m++) {
        for (unsigned w = 0; w < SOFT_TLB_SIZE / 64; w++) {
            for (uint64_t bits = map[m][w]; bits; bits &= bits - 1) {
                fn(tlb, m, w * 64 + __builtin_ctzll(bits), arg);
            }
        }
    }
}

static void soft_tlb_clear_one(SoftTLB *tlb, int m, unsigned i, void *arg)
{
    soft_tlb_entry_clear(&tlb->table[m][i]);
    tlb->large_shift[m][i] = 0;
}

void soft_tlb_flush(SoftTLB *tlb)
{
    soft_tlb_for_each(tlb, tlb->used, soft_tlb_clear_one, NULL);
    memset(tlb->used, 0, sizeof(tlb->used));
    memset(tlb->large_used, 0, sizeof(tlb->large_used));
    tlb->large.n = 0;
    tlb->flush_count++;
}

static void soft_tlb_ram_forget(SoftTLB *tlb)
{
    tlb->ram_base = 1;
    tlb->ram_last = 0;
}

void *soft_tlb_ram_ptr(SoftTLB *tlb, hwaddr paddr, hwaddr len, bool *rom)
{
    hwaddr xlat, n = UINT64_MAX - paddr;
    MemoryRegion *mr;

    if (paddr >= tlb->ram_base && paddr <= tlb->ram_last &&
        len - 1 <= tlb->ram_last - paddr) {
        *rom = tlb->ram_rom;
        return (void *)(uintptr_t)(paddr + tlb->ram_addend);
    }
    if (n == 0) {
        return NULL;
    }
    mr = address_space_translate(tlb->as, paddr, &xlat, &n, false,
                                 MEMTXATTRS_UNSPECIFIED);
    if (!mr || !memory_region_is_ram(mr) || n < len) {
        return NULL;
    }
    /* Remember [paddr, end of the range]. */
    tlb->ram_base = paddr;
    tlb->ram_last = paddr + n - 1;
    tlb->ram_addend = (uintptr_t)memory_region_get_ram_ptr(mr) + xlat -
                      (uintptr_t)paddr;
    tlb->ram_rom = memory_region_is_rom(mr);
    *rom = tlb->ram_rom;
    return (void *)(uintptr_t)(paddr + tlb->ram_addend);
}

static void soft_tlb_map_changed(MemoryNotifier *n, AddressSpace *as)
{
    SoftTLB *tlb = container_of(n, SoftTLB, notifier);

    soft_tlb_ram_forget(tlb);
    soft_tlb_flush(tlb);
    if (tlb->ops->map_changed) {
        tlb->ops->map_changed(tlb->opaque);
    }
}

void soft_tlb_init(SoftTLB *tlb, AddressSpace *as, int nb_modes,
                   const SoftTLBOps *ops, void *opaque)
{
    g_assert(nb_modes > 0 && nb_modes <= SOFT_TLB_MAX_MODES);
    memset(tlb, 0, sizeof(*tlb));
    /* every entry starts invalid: let the first flush clear them all */
    memset(tlb->used, 0xff, sizeof(tlb->used));
    tlb->as = as;
    tlb->ops = ops;
    tlb->opaque = opaque;
    tlb->nb_modes = nb_modes;
    tlb->private_page = SOFT_TLB_NO_PAGE;
    soft_tlb_ram_forget(tlb);
    tlb->notifier.changed = soft_tlb_map_changed;
    address_space_add_notifier(as, &tlb->notifier);
    soft_tlb_flush(tlb);
}

void soft_tlb_destroy(SoftTLB *tlb)
{
    address_space_remove_notifier(tlb->as, &tlb->notifier);
}

/* The virtual page @e translates (key form); false for an empty entry. */
static bool soft_tlb_entry_vpage(const SoftTLBEntry *e, uint64_t *key)
{
    for (int k = 0; k < 3; k++) {
        if (!(e->tag[k] & SOFT_TLB_INVALID)) {
            *key = soft_tlb_va_key(e->tag[k]);
            return true;
        }
    }
    return false;
}

/* Drop entry (@m, @i) if it comes from a larger mapping holding *@arg. */
static void soft_tlb_flush_large_one(SoftTLB *tlb, int m, unsigned i,
                                     void *arg)
{
    uint64_t key = *(uint64_t *)arg, page;
    unsigned shift = tlb->large_shift[m][i];

    if (shift && soft_tlb_entry_vpage(&tlb->table[m][i], &page) &&
        ((page ^ key) >> shift) == 0) {
        soft_tlb_entry_clear(&tlb->table[m][i]);
        tlb->large_shift[m][i] = 0;
    }
}

bool soft_tlb_flush_page(SoftTLB *tlb, vaddr addr)
{
    uint64_t key = soft_tlb_va_key(addr), page;
    unsigned i = (addr >> SOFT_TLB_PAGE_BITS) & (SOFT_TLB_SIZE - 1);
    bool large = soft_tlb_ranges_has(&tlb->large, key);

    for (int m = 0; m < tlb->nb_modes; m++) {
        SoftTLBEntry *e = &tlb->table[m][i];

        if (soft_tlb_entry_vpage(e, &page) && page == key) {
            soft_tlb_entry_clear(e);
            tlb->large_shift[m][i] = 0;
        }
    }
    if (large) {
        soft_tlb_for_each(tlb, tlb->large_used, soft_tlb_flush_large_one,
                          &key);
    }
    tlb->flush_count++;
    return large;
}

static void soft_tlb_protect_one(SoftTLB *tlb, int m, unsigned i, void *arg)
{
    hwaddr page = *(hwaddr *)arg;
    SoftTLBEntry *e = &tlb->table[m][i];

    if (e->paddr == page && !(e->tag[SOFT_TLB_WRITE] & SOFT_TLB_INVALID)) {
        e->tag[SOFT_TLB_WRITE] |= SOFT_TLB_CODE;
    }
}

void soft_tlb_protect_code(SoftTLB *tlb, hwaddr paddr)
{
    hwaddr page = paddr & SOFT_TLB_PAGE_MASK;

    soft_tlb_for_each(tlb, tlb->used, soft_tlb_protect_one, &page);
}

void soft_tlb_set_private_page(SoftTLB *tlb, hwaddr paddr)
{
    if (paddr != SOFT_TLB_NO_PAGE) {
        paddr &= SOFT_TLB_PAGE_MASK;
    }
    if (paddr != tlb->private_page) {
        tlb->private_page = paddr;
        soft_tlb_flush(tlb);
    }
}

static bool soft_tlb_is_private(SoftTLB *tlb, SoftTLBEntry *e)
{
    return e->paddr == tlb->private_page && tlb->ops->private_read;
}

/* Remember the size of the mapping the entry of @addr comes from. */
static void soft_tlb_note_size(SoftTLB *tlb, int mmu_idx, vaddr addr,
                               unsigned shift)
{
    unsigned i = (addr >> SOFT_TLB_PAGE_BITS) & (SOFT_TLB_SIZE - 1);
    uint64_t key = soft_tlb_va_key(addr), size_mask;

    if (shift <= SOFT_TLB_PAGE_BITS) {
        tlb->large_shift[mmu_idx][i] = 0;
        return;
    }
    shift = MIN(shift, 56u);
    size_mask = soft_tlb_va_key((1ull << shift) - 1);
    tlb->large_shift[mmu_idx][i] = shift;
    tlb->large_used[mmu_idx][i / 64] |= 1ull << (i % 64);
    soft_tlb_ranges_add(&tlb->large, key & ~size_mask, key | size_mask);
}

/* Walk, then decide between host addend and the MMIO path. */
static SoftTLBEntry *soft_tlb_fill(SoftTLB *tlb, vaddr addr,
                                   SoftTLBAccess access, int mmu_idx,
                                   uintptr_t ra)
{
    SoftTLBEntry *e = soft_tlb_entry(tlb, mmu_idx, addr);
    unsigned idx = (addr >> SOFT_TLB_PAGE_BITS) & (SOFT_TLB_SIZE - 1);
    uint64_t page = addr & SOFT_TLB_PAGE_MASK;
    SoftTLBFill f = { 0 };
    uint8_t *host;
    bool rom;
    uint64_t flags = 0, wflags = 0;

    tlb->fill_count++;
    if (!tlb->ops->fill(tlb->opaque, addr, access, mmu_idx, &f, ra)) {
        g_assert(ra == 0);
        return NULL;
    }
    f.paddr &= SOFT_TLB_PAGE_MASK;
    host = soft_tlb_ram_ptr(tlb, f.paddr, SOFT_TLB_PAGE_SIZE, &rom);
    soft_tlb_entry_clear(e);
    soft_tlb_note_size(tlb, mmu_idx, addr, f.size_shift);
    tlb->used[mmu_idx][idx / 64] |= 1ull << (idx % 64);
    e->paddr = f.paddr;
    if (f.paddr == tlb->private_page) {
        flags = SOFT_TLB_MMIO;  /* a fetch there is refused as MMIO */
    } else if (host) {
        e->addend = (uintptr_t)host - (uintptr_t)page;
        if (rom) {
            wflags = SOFT_TLB_MMIO;
        }
    } else {
        flags = SOFT_TLB_MMIO;
    }
    if (tlb->ops->is_code_page &&
        tlb->ops->is_code_page(tlb->opaque, f.paddr)) {
        wflags |= SOFT_TLB_CODE;
    }
    e->tag[SOFT_TLB_READ] = f.can_read ? page | flags : SOFT_TLB_INVALID;
    e->tag[SOFT_TLB_WRITE] = f.can_write ? page | flags | wflags
                                         : SOFT_TLB_INVALID;
    e->tag[SOFT_TLB_FETCH] = f.can_exec ? page | flags : SOFT_TLB_INVALID;
    return e;
}

/* The entry for @addr with @access allowed, filling it if needed. */
static SoftTLBEntry *soft_tlb_lookup(SoftTLB *tlb, vaddr addr,
                                     SoftTLBAccess access, int mmu_idx,
                                     uintptr_t ra)
{
    SoftTLBEntry *e = soft_tlb_entry(tlb, mmu_idx, addr);
    uint64_t page = addr & SOFT_TLB_PAGE_MASK;

    if ((e->tag[access] & ~SOFT_TLB_FLAGS) != page ||
        (e->tag[access] & SOFT_TLB_INVALID)) {
        e = soft_tlb_fill(tlb, addr, access, mmu_idx, ra);
        g_assert(!e || !(e->tag[access] & SOFT_TLB_INVALID));
    }
    return e;
}

/*
 * Hook: an access is about to reach a device through @e (MMIO, not the
 * private page).  The target may raise a guest fault here instead; only
 * this slow path pays for the check.
 */
static void soft_tlb_mmio_check(SoftTLB *tlb, SoftTLBEntry *e, vaddr addr,
                                unsigned size, SoftTLBAccess access,
                                uintptr_t ra)
{
    if (tlb->ops->mmio_access && (e->tag[access] & SOFT_TLB_MMIO) &&
        !soft_tlb_is_private(tlb, e)) {
        tlb->ops->mmio_access(tlb->opaque,
                              e->paddr | (addr & ~SOFT_TLB_PAGE_MASK), size,
                              access == SOFT_TLB_WRITE, ra);
    }
}

static uint64_t soft_tlb_load_page(SoftTLB *tlb, vaddr addr, unsigned size,
                                   int mmu_idx, uintptr_t ra)
{
    SoftTLBEntry *e = soft_tlb_lookup(tlb, addr, SOFT_TLB_READ, mmu_idx, ra);

    if (e->tag[SOFT_TLB_READ] & SOFT_TLB_MMIO) {
        if (soft_tlb_is_private(tlb, e)) {
            return tlb->ops->private_read(tlb->opaque,
                                          addr & ~SOFT_TLB_PAGE_MASK, size);
        }
        soft_tlb_mmio_check(tlb, e, addr, size, SOFT_TLB_READ, ra);
        return address_space_ld(tlb->as,
                                e->paddr | (addr & ~SOFT_TLB_PAGE_MASK),
                                size, false, MEMTXATTRS_UNSPECIFIED, NULL);
    }
    return soft_tlb_host_ld((void *)(uintptr_t)(addr + e->addend), size);
}

uint64_t soft_tlb_load_slow(SoftTLB *tlb, vaddr addr, unsigned size,
                            int mmu_idx, uintptr_t ra)
{
    unsigned first = SOFT_TLB_PAGE_SIZE - (addr & ~SOFT_TLB_PAGE_MASK);
    uint64_t v = 0;

    if (first >= size) {
        return soft_tlb_load_page(tlb, addr, size, mmu_idx, ra);
    }
    /* Crossing a page: both translations happen before any byte moves. */
    soft_tlb_mmio_check(tlb, soft_tlb_lookup(tlb, addr, SOFT_TLB_READ,
                                             mmu_idx, ra),
                        addr, first, SOFT_TLB_READ, ra);
    soft_tlb_mmio_check(tlb, soft_tlb_lookup(tlb, addr + first,
                                             SOFT_TLB_READ, mmu_idx, ra),
                        addr + first, size - first, SOFT_TLB_READ, ra);
    for (unsigned i = 0; i < size; i++) {
        v |= soft_tlb_load_page(tlb, addr + i, 1, mmu_idx, ra) << (8 * i);
    }
    return v;
}

static void soft_tlb_store_page(SoftTLB *tlb, vaddr addr, unsigned size,
                                uint64_t val, int mmu_idx, uintptr_t ra)
{
    SoftTLBEntry *e = soft_tlb_lookup(tlb, addr, SOFT_TLB_WRITE, mmu_idx,
                                      ra);

    if (e->tag[SOFT_TLB_WRITE] & SOFT_TLB_CODE) {
        hwaddr paddr = e->paddr;

        tlb->ops->code_written(tlb->opaque, paddr, ra);
        /* The page holds no code any more: reopen the fast path. */
        e->tag[SOFT_TLB_WRITE] &= ~SOFT_TLB_CODE;
    }
    if (e->tag[SOFT_TLB_WRITE] & SOFT_TLB_MMIO) {
        if (soft_tlb_is_private(tlb, e)) {
            tlb->ops->private_write(tlb->opaque, addr & ~SOFT_TLB_PAGE_MASK,
                                    size, val);
            return;
        }
        soft_tlb_mmio_check(tlb, e, addr, size, SOFT_TLB_WRITE, ra);
        address_space_st(tlb->as, e->paddr | (addr & ~SOFT_TLB_PAGE_MASK),
                         size, false, val, MEMTXATTRS_UNSPECIFIED, NULL);
        return;
    }
    soft_tlb_host_st((void *)(uintptr_t)(addr + e->addend), size, val);
}

void soft_tlb_store_slow(SoftTLB *tlb, vaddr addr, unsigned size,
                         uint64_t val, int mmu_idx, uintptr_t ra)
{
    unsigned first = SOFT_TLB_PAGE_SIZE - (addr & ~SOFT_TLB_PAGE_MASK);

    if (first >= size) {
        soft_tlb_store_page(tlb, addr, size, val, mmu_idx, ra);
        return;
    }
    /* Translate both pages first: a fault must not leave half a store. */
    soft_tlb_mmio_check(tlb, soft_tlb_lookup(tlb, addr, SOFT_TLB_WRITE,
                                             mmu_idx, ra),
                        addr, first, SOFT_TLB_WRITE, ra);
    soft_tlb_mmio_check(tlb, soft_tlb_lookup(tlb, addr + first,
                                             SOFT_TLB_WRITE, mmu_idx, ra),
                        addr + first, size - first, SOFT_TLB_WRITE, ra);
    for (unsigned i = 0; i < size; i++) {
        soft_tlb_store_page(tlb, addr + i, 1, val >> (8 * i), mmu_idx, ra);
    }
}

const uint8_t *soft_tlb_code_page(SoftTLB *tlb, vaddr addr, int mmu_idx,
                                  hwaddr *paddr, uintptr_t ra)
{
    SoftTLBEntry *e = soft_tlb_lookup(tlb, addr, SOFT_TLB_FETCH, mmu_idx,
                                      ra);

    if (!e) {
        *paddr = (hwaddr)-1;
        return NULL;
    }
    *paddr = e->paddr;
    if (e->tag[SOFT_TLB_FETCH] & SOFT_TLB_MMIO) {
        return NULL;
    }
    return (const uint8_t *)(uintptr_t)((addr & SOFT_TLB_PAGE_MASK) +
                                        e->addend);
}
