/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoded-block cache, shared by the interpreting CPU engines.
 *
 * A block is a run of guest instructions decoded once into the engine's
 * operation records.  Blocks are keyed by (physical PC, virtual PC, mode
 * flags) and found through a direct-mapped jump cache indexed by virtual
 * PC, backed by an open-addressed hash table with the keys inline (a
 * probe touches no block).  Each block is also listed on the physical
 * pages its bytes came from (at most two), so a write to such a page drops
 * exactly those blocks.  The jump cache holds virtual associations only:
 * a TLB flush forgets them all (block_cache_unchain_all()), a flush of
 * one page only that page's (block_cache_unchain_page()).
 *
 * Chaining: an engine may keep successor pointers in a block; they are
 * valid only while block->chain_gen == cache->generation.  The generation
 * is bumped by every invalidation and by block_cache_unchain_all() (which
 * the engine calls on TLB flushes), so a stale successor is never used.
 *
 * Invalidated blocks are not freed at once (the running block may be the
 * one that wrote its own page); they are freed by block_cache_reap(),
 * which the engine calls between blocks at a safe point.
 */
#ifndef ACCEL_TCG_BLOCK_CACHE_H
#define ACCEL_TCG_BLOCK_CACHE_H

/* Jump-cache size (log2 of the slots) unless block_cache_set_jmp_bits(). */
#define BLOCK_JMP_CACHE_BITS 12
#define BLOCK_JMP_CACHE_MAX_BITS 20
/* Bloom filter of the virtual pages with jump-cache slots: 2^12 bits. */
#define BLOCK_JMP_FILTER_BITS 12
#define BLOCK_JMP_PAGE_BITS 12

typedef struct DecodedBlock DecodedBlock;

struct DecodedBlock {
    vaddr pc;               /* virtual address of the first instruction */
    hwaddr phys_pc;         /* its physical address */
    hwaddr phys_page2;      /* second page of a crossing block, or -1 */
    uint32_t flags;         /* engine mode bits the decoding depends on */
    uint32_t n_insns;       /* guest instructions in the block */
    uint32_t size;          /* bytes of guest code */
    bool invalid;
    uint64_t chain_gen;     /* generation the successors belong to */
    DecodedBlock *next[2];  /* successors (see chaining above) */
    DecodedBlock *page_next[2];   /* per-page lists, one link per page */
    DecodedBlock *zombie_next;
    /* the engine's records follow; allocated with block_cache_alloc() */
};

/* An open-addressed hash table (linear probing), private to the cache. */
typedef struct BlockTable {
    struct BlockSlot *slots;
    uint32_t mask;          /* slots - 1 */
    uint32_t used;
} BlockTable;

typedef struct BlockCache {
    BlockTable blocks;      /* (phys_pc, pc, flags) -> DecodedBlock */
    BlockTable pages;       /* physical page -> first DecodedBlock */
    DecodedBlock **jmp_cache;   /* jmp_mask + 1 slots */
    uint32_t jmp_mask;
    unsigned jmp_bits;
    /*
     * Per slot, bits 43:12 of its block's PC, and a Bloom filter of
     * those page numbers: block_cache_unchain_page() scans the slots
     * only when the filter says the page may have some.
     */
    uint32_t *jmp_vpn;
    uint64_t jmp_filter[(1u << BLOCK_JMP_FILTER_BITS) / 64];
    DecodedBlock *zombies;
    uint64_t generation;
    uint64_t n_blocks;
    uint64_t n_invalidated;
    uint64_t n_lookups;     /* block_cache_lookup() calls (jump-cache misses) */
} BlockCache;

void block_cache_init(BlockCache *c);
void block_cache_destroy(BlockCache *c);
/*
 * Resize the jump cache to 2^@bits slots (at most BLOCK_JMP_CACHE_MAX_BITS),
 * forgetting its contents: a bigger one misses less but costs more to
 * clear (block_cache_unchain_all()).
 */
void block_cache_set_jmp_bits(BlockCache *c, unsigned bits);

/* A block with room for @extra bytes of engine records after it. */
DecodedBlock *block_cache_alloc(size_t extra);

static inline unsigned block_cache_jmp_hash(const BlockCache *c, vaddr pc)
{
    return (pc ^ (pc >> c->jmp_bits)) & c->jmp_mask;
}

/* The jump-cache probe: the only lookup on the hot path. */
static inline DecodedBlock *block_cache_lookup_fast(BlockCache *c, vaddr pc,
                                                    uint32_t flags)
{
    DecodedBlock *b = c->jmp_cache[block_cache_jmp_hash(c, pc)];

    if (b && b->pc == pc && b->flags == flags) {
        return b;
    }
    return NULL;
}

/* Hash lookup once the physical PC is known; refills the jump cache. */
DecodedBlock *block_cache_lookup(BlockCache *c, hwaddr phys_pc, vaddr pc,
                                 uint32_t flags);
/* Insert a freshly decoded block (its page fields set). */
void block_cache_insert(BlockCache *c, DecodedBlock *b);
bool block_cache_page_has_code(BlockCache *c, hwaddr paddr);
/* Drop every block made from @paddr's page.  Returns how many. */
unsigned block_cache_invalidate_page(BlockCache *c, hwaddr paddr);
void block_cache_invalidate_all(BlockCache *c);
/* Forget virtual-PC associations and chains (TLB flush). */
void block_cache_unchain_all(BlockCache *c);
/*
 * Forget the virtual-PC associations of the page holding @pc (TLB flush
 * of one page), and chains.  Blocks stay cached by physical address.
 */
void block_cache_unchain_page(BlockCache *c, vaddr pc);
void block_cache_reap(BlockCache *c);

/* Blocks currently in the cache (inserted and not invalidated). */
static inline uint64_t block_cache_live(const BlockCache *c)
{
    return c->n_blocks - c->n_invalidated;
}

#endif
