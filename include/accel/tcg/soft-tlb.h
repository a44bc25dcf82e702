/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Software TLB: guest virtual page -> host pointer, for CPU engines.
 *
 * Direct-mapped, SOFT_TLB_SIZE entries per MMU index (the target decides
 * what an index means, e.g. x86 supervisor/user).  Each entry keeps one tag
 * per access kind (read, write, code) and a host addend, so the fast path
 * of a load is: index the table, compare one tag, add the addend.
 *
 * A tag is the page-aligned virtual address, or SOFT_TLB_INVALID when that
 * access kind is not allowed from this entry.  Low tag bits are flags that
 * force the slow path:
 *   SOFT_TLB_MMIO  the page is not plain RAM (device, ROM write, hole):
 *                  the access goes to the address space by physical address
 *   SOFT_TLB_CODE  writes to this page must first drop the decoded blocks
 *                  made from it (self-modifying code)
 *
 * Misses are filled through the target hook SoftTLBOps.fill, which does
 * the page walk (and raises the guest fault itself when the walk fails:
 * it does not return in that case, see the engine's exception rule).
 */
#ifndef ACCEL_TCG_SOFT_TLB_H
#define ACCEL_TCG_SOFT_TLB_H

#include "system/memory.h"

#define SOFT_TLB_PAGE_BITS  12
#define SOFT_TLB_PAGE_SIZE  (1ull << SOFT_TLB_PAGE_BITS)
#define SOFT_TLB_PAGE_MASK  (~(SOFT_TLB_PAGE_SIZE - 1))
#define SOFT_TLB_BITS       10
#define SOFT_TLB_SIZE       (1u << SOFT_TLB_BITS)
#define SOFT_TLB_MAX_MODES  4

#define SOFT_TLB_INVALID    ((uint64_t)1)   /* never matches an address */
#define SOFT_TLB_MMIO       ((uint64_t)2)
#define SOFT_TLB_CODE       ((uint64_t)4)
#define SOFT_TLB_FLAGS      ((uint64_t)7)

typedef enum SoftTLBAccess {
    SOFT_TLB_READ,
    SOFT_TLB_WRITE,
    SOFT_TLB_FETCH,
} SoftTLBAccess;

typedef struct SoftTLBEntry {
    uint64_t tag[3];        /* indexed by SoftTLBAccess */
    uintptr_t addend;       /* host = guest vaddr + addend (RAM only) */
    hwaddr paddr;           /* physical page address */
} SoftTLBEntry;

/* What a target's page walk found. */
typedef struct SoftTLBFill {
    hwaddr paddr;           /* physical page address */
    bool can_read, can_write, can_exec;
    /*
     * log2 of the size of the guest mapping @addr is part of (a 2 MiB
     * block: 21); 0 or SOFT_TLB_PAGE_BITS for one page.  The entry
     * still covers one page; soft_tlb_flush_page() of any address in
     * the mapping drops it.
     */
    unsigned size_shift;
} SoftTLBFill;

/*
 * A few ranges of virtual addresses (soft_tlb_va_key() form): the larger
 * mappings an entry came from.  Past SOFT_TLB_RANGES distinct ranges the
 * closest two merge, so membership may over-report, never under-report.
 */
#define SOFT_TLB_RANGES 8

typedef struct SoftTLBRanges {
    uint64_t lo[SOFT_TLB_RANGES], hi[SOFT_TLB_RANGES];
    unsigned n;
} SoftTLBRanges;

void soft_tlb_ranges_add(SoftTLBRanges *r, uint64_t lo, uint64_t hi);

static inline bool soft_tlb_ranges_has(const SoftTLBRanges *r, uint64_t key)
{
    for (unsigned i = 0; i < r->n; i++) {
        if (key >= r->lo[i] && key <= r->hi[i]) {
            return true;
        }
    }
    return false;
}

typedef struct SoftTLBOps {
    /*
     * Translate @addr for @access in @mmu_idx into @out.  When the access
     * is not allowed: with @ra != 0 raise the guest fault (never return);
     * with @ra == 0 (a probe, e.g. the decoder reading ahead) return false.
     * The entry caches all permissions found, so a later access of another
     * kind may hit without a walk.
     */
    bool (*fill)(void *opaque, vaddr addr, SoftTLBAccess access,
                 int mmu_idx, SoftTLBFill *out, uintptr_t ra);
    /* Is @paddr's page holding decoded code?  May be NULL. */
    bool (*is_code_page)(void *opaque, hwaddr paddr);
    /*
     * A write by the access @ra is about to reach a SOFT_TLB_CODE page:
     * drop its decoded blocks.
     */
    void (*code_written)(void *opaque, hwaddr paddr, uintptr_t ra);
    /*
     * A data access by @ra is about to reach the device at @paddr (the
     * MMIO path, not RAM and not the private page).  The target may
     * raise a guest fault instead (never returning): x86 SEV-ES/SNP
     * guests get #VC there.  May be NULL.
     */
    void (*mmio_access)(void *opaque, hwaddr paddr, unsigned size,
                        bool is_write, uintptr_t ra);
    /* The memory map changed (the TLB was flushed).  May be NULL. */
    void (*map_changed)(void *opaque);
    /*
     * Accesses to the private page (soft_tlb_set_private_page()), which
     * this CPU alone sees in place of the address space (the x86 local
     * APIC page).  @offset is within the page; no access crosses it.
     */
    uint64_t (*private_read)(void *opaque, hwaddr offset, unsigned size);
    void (*private_write)(void *opaque, hwaddr offset, unsigned size,
                          uint64_t val);
} SoftTLBOps;

typedef struct SoftTLB {
    SoftTLBEntry table[SOFT_TLB_MAX_MODES][SOFT_TLB_SIZE];
    /*
     * Entries filled from mappings larger than a page: the mapping's
     * size (log2) per entry, 0 otherwise, and the ranges of such
     * mappings since the last full flush, so soft_tlb_flush_page()
     * scans the large entries only for an address that may be inside
     * one.
     */
    uint8_t large_shift[SOFT_TLB_MAX_MODES][SOFT_TLB_SIZE];
    /* Entries filled since the last full flush, which clears only them. */
    uint64_t used[SOFT_TLB_MAX_MODES][SOFT_TLB_SIZE / 64];
    /* The entries with a large_shift (a superset). */
    uint64_t large_used[SOFT_TLB_MAX_MODES][SOFT_TLB_SIZE / 64];
    SoftTLBRanges large;
    /*
     * One range of guest RAM (or ROM) and its host address, learnt from
     * the address space and forgotten when the memory map changes: see
     * soft_tlb_ram_ptr().  Empty when ram_last < ram_base.
     */
    hwaddr ram_base, ram_last;
    uintptr_t ram_addend;           /* host = guest physical + addend */
    bool ram_rom;
    AddressSpace *as;
    const SoftTLBOps *ops;
    void *opaque;
    int nb_modes;
    MemoryNotifier notifier;    /* flush when the memory map changes */
    uint64_t flush_count;       /* bumped on every flush */
    uint64_t fill_count;        /* page walks (statistics) */
    hwaddr private_page;        /* physical page, or SOFT_TLB_NO_PAGE */
} SoftTLB;

#define SOFT_TLB_NO_PAGE ((hwaddr)-1)

void soft_tlb_init(SoftTLB *tlb, AddressSpace *as, int nb_modes,
                   const SoftTLBOps *ops, void *opaque);
void soft_tlb_destroy(SoftTLB *tlb);
void soft_tlb_flush(SoftTLB *tlb);
/*
 * Drop every entry that translates @addr: its page, and the other pages
 * of a larger mapping (SoftTLBFill.size_shift) holding it.  Bits 63:56
 * of the address are not compared, so tagged aliases (top-byte ignore)
 * go too.  Returns true when @addr may lie in a mapping larger than a
 * page filled since the last full flush: a caller that caches virtual
 * addresses itself (a jump cache) must then forget more than the page.
 */
bool soft_tlb_flush_page(SoftTLB *tlb, vaddr addr);
/* @paddr's page now holds code: withhold the write fast path. */
void soft_tlb_protect_code(SoftTLB *tlb, hwaddr paddr);
/*
 * Route this CPU's data accesses to physical page @paddr (or none:
 * SOFT_TLB_NO_PAGE) to the ops' private_read/private_write hooks.
 * Flushes the TLB when the page moves.  Code cannot be fetched there.
 */
void soft_tlb_set_private_page(SoftTLB *tlb, hwaddr paddr);

/*
 * The host address of guest physical [@paddr, @paddr + @len) when it is
 * all in one RAM or ROM range of the address space (*@rom says which),
 * else NULL.  The answer is valid until the memory map changes; the TLB
 * caches the last range found, so page-table walks and fills need no
 * address-space lookup.
 */
void *soft_tlb_ram_ptr(SoftTLB *tlb, hwaddr paddr, hwaddr len, bool *rom);

/* Slow paths: fill on miss, MMIO, page crossing, code pages. */
uint64_t soft_tlb_load_slow(SoftTLB *tlb, vaddr addr, unsigned size,
                            int mmu_idx, uintptr_t ra);
void soft_tlb_store_slow(SoftTLB *tlb, vaddr addr, unsigned size,
                         uint64_t val, int mmu_idx, uintptr_t ra);
/*
 * Code translation for the decoder: the host pointer of @addr's page and
 * its physical address in *@paddr.  NULL when the page is not RAM
 * (*@paddr set) or, for a probe (@ra == 0), not executable (*@paddr = -1).
 */
const uint8_t *soft_tlb_code_page(SoftTLB *tlb, vaddr addr, int mmu_idx,
                                  hwaddr *paddr, uintptr_t ra);

/* The part of a virtual page address soft_tlb_flush_page() compares. */
static inline uint64_t soft_tlb_va_key(vaddr addr)
{
    return addr & 0x00fffffffffff000ull;
}

static inline SoftTLBEntry *soft_tlb_entry(SoftTLB *tlb, int mmu_idx,
                                           vaddr addr)
{
    unsigned i = (addr >> SOFT_TLB_PAGE_BITS) & (SOFT_TLB_SIZE - 1);

    return &tlb->table[mmu_idx][i];
}

/*
 * log2 of the size of the mapping @addr's entry in @mmu_idx was filled
 * from (SoftTLBFill.size_shift), SOFT_TLB_PAGE_BITS for a page.
 */
static inline unsigned soft_tlb_mapping_shift(const SoftTLB *tlb,
                                              int mmu_idx, vaddr addr)
{
    unsigned i = (addr >> SOFT_TLB_PAGE_BITS) & (SOFT_TLB_SIZE - 1);
    unsigned shift = tlb->large_shift[mmu_idx][i];

    return shift ? shift : SOFT_TLB_PAGE_BITS;
}

/* Host accesses of 1, 2, 4 or 8 bytes without a libc memcpy call. */
static inline uint64_t soft_tlb_host_ld(const void *p, unsigned size)
{
    uint8_t b;
    uint16_t w;
    uint32_t l;
    uint64_t q;

    switch (size) {
    case 1:
        memcpy(&b, p, 1);
        return b;
    case 2:
        memcpy(&w, p, 2);
        return w;
    case 4:
        memcpy(&l, p, 4);
        return l;
    default:
        memcpy(&q, p, 8);
        return q;
    }
}

static inline void soft_tlb_host_st(void *p, unsigned size, uint64_t v)
{
    uint8_t b = v;
    uint16_t w = v;
    uint32_t l = v;

    switch (size) {
    case 1:
        memcpy(p, &b, 1);
        break;
    case 2:
        memcpy(p, &w, 2);
        break;
    case 4:
        memcpy(p, &l, 4);
        break;
    default:
        memcpy(p, &v, 8);
        break;
    }
}

/*
 * Fast paths (little-endian guests and hosts).  @ra is an opaque value
 * handed to the fill hook so it can report the fault precisely (the
 * engine's current operation); 0 means a probe.
 */
static inline uint64_t soft_tlb_load(SoftTLB *tlb, vaddr addr, unsigned size,
                                     int mmu_idx, uintptr_t ra)
{
    SoftTLBEntry *e = soft_tlb_entry(tlb, mmu_idx, addr);

    if (likely(e->tag[SOFT_TLB_READ] == (addr & SOFT_TLB_PAGE_MASK)) &&
        likely((addr & ~SOFT_TLB_PAGE_MASK) + size <= SOFT_TLB_PAGE_SIZE)) {
        return soft_tlb_host_ld((void *)(uintptr_t)(addr + e->addend),
                                size);
    }
    return soft_tlb_load_slow(tlb, addr, size, mmu_idx, ra);
}

static inline void soft_tlb_store(SoftTLB *tlb, vaddr addr, unsigned size,
                                  uint64_t val, int mmu_idx, uintptr_t ra)
{
    SoftTLBEntry *e = soft_tlb_entry(tlb, mmu_idx, addr);

    if (likely(e->tag[SOFT_TLB_WRITE] == (addr & SOFT_TLB_PAGE_MASK)) &&
        likely((addr & ~SOFT_TLB_PAGE_MASK) + size <= SOFT_TLB_PAGE_SIZE)) {
        soft_tlb_host_st((void *)(uintptr_t)(addr + e->addend), size, val);
        return;
    }
    soft_tlb_store_slow(tlb, addr, size, val, mmu_idx, ra);
}

#endif
