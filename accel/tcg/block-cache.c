/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoded-block cache: hash table, jump cache, per-page lists and
 * invalidation.  See include/accel/tcg/block-cache.h.
 */
#include "qemu/osdep.h"
#include "accel/tcg/block-cache.h"

#define BLOCK_PAGE_BITS 12

/* The two filter bits of virtual page number @vpn. */
static unsigned jmp_filter_bit(uint32_t vpn, unsigned k)
{
    static const uint32_t mult[2] = { 0x9e3779b1u, 0x85ebca77u };

    return (vpn * mult[k]) >> (32 - BLOCK_JMP_FILTER_BITS);
}

static void jmp_filter_add(BlockCache *c, uint32_t vpn)
{
    for (unsigned k = 0; k < 2; k++) {
        unsigned bit = jmp_filter_bit(vpn, k);

        c->jmp_filter[bit / 64] |= 1ull << (bit % 64);
    }
}

static bool jmp_filter_has(const BlockCache *c, uint32_t vpn)
{
    for (unsigned k = 0; k < 2; k++) {
        unsigned bit = jmp_filter_bit(vpn, k);

        if (!(c->jmp_filter[bit / 64] & (1ull << (bit % 64)))) {
            return false;
        }
    }
    return true;
}

static uint32_t jmp_vpn(vaddr pc)
{
    return (uint32_t)(pc >> BLOCK_JMP_PAGE_BITS);
}

/* Point @pc's jump-cache slot at @b. */
static void jmp_set(BlockCache *c, vaddr pc, DecodedBlock *b)
{
    unsigned h = block_cache_jmp_hash(c, pc);

    c->jmp_cache[h] = b;
    c->jmp_vpn[h] = jmp_vpn(pc);
    jmp_filter_add(c, jmp_vpn(pc));
}

static void jmp_clear_all(BlockCache *c)
{
    memset(c->jmp_cache, 0, sizeof(c->jmp_cache[0]) * (c->jmp_mask + 1));
    memset(c->jmp_filter, 0, sizeof(c->jmp_filter));
}

/* ---- open-addressed tables: keys inline, so a probe needs no block ---- */

#define BLOCK_TABLE_MIN_BITS 10

typedef struct BlockSlot {
    uint64_t k1;            /* phys_pc, or the physical page number */
    uint64_t k2;            /* pc (blocks); 0 (pages) */
    uint32_t k3;            /* flags (blocks); 0 (pages) */
    DecodedBlock *b;        /* NULL: a free slot */
} BlockSlot;

static uint32_t bt_home(const BlockTable *t, uint64_t k1, uint64_t k2,
                        uint32_t k3)
{
    uint64_t h = k1 * 0x9e3779b97f4a7c15ull;

    h ^= k2 * 0xc2b2ae3d27d4eb4full;
    h ^= k3;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ull;
    return (uint32_t)(h >> 32) & t->mask;
}

static void bt_init(BlockTable *t, unsigned bits)
{
    t->slots = g_new0(BlockSlot, 1u << bits);
    t->mask = (1u << bits) - 1;
    t->used = 0;
}

/* The slot holding the key, or the free slot where it would go. */
static BlockSlot *bt_probe(const BlockTable *t, uint64_t k1, uint64_t k2,
                           uint32_t k3)
{
    uint32_t i = bt_home(t, k1, k2, k3);

    for (;; i = (i + 1) & t->mask) {
        BlockSlot *s = &t->slots[i];

        if (!s->b || (s->k1 == k1 && s->k2 == k2 && s->k3 == k3)) {
            return s;
        }
    }
}

static DecodedBlock *bt_get(const BlockTable *t, uint64_t k1, uint64_t k2,
                            uint32_t k3)
{
    return bt_probe(t, k1, k2, k3)->b;
}

static void bt_put(BlockTable *t, uint64_t k1, uint64_t k2, uint32_t k3,
                   DecodedBlock *b);

/* Double the table when it is half full (probes stay short). */
static void bt_grow(BlockTable *t)
{
    BlockTable old = *t;

    bt_init(t, __builtin_ctz(old.mask + 1) + 1);
    for (uint32_t i = 0; i <= old.mask; i++) {
        if (old.slots[i].b) {
            bt_put(t, old.slots[i].k1, old.slots[i].k2, old.slots[i].k3,
                   old.slots[i].b);
        }
    }
    g_free(old.slots);
}

/* Insert or replace. */
static void bt_put(BlockTable *t, uint64_t k1, uint64_t k2, uint32_t k3,
                   DecodedBlock *b)
{
    BlockSlot *s = bt_probe(t, k1, k2, k3);

    if (!s->b) {
        if (2 * (t->used + 1) > t->mask + 1) {
            bt_grow(t);
            s = bt_probe(t, k1, k2, k3);
        }
        t->used++;
    }
    *s = (BlockSlot) { .k1 = k1, .k2 = k2, .k3 = k3, .b = b };
}

/* Remove by shifting the rest of the probe run back (no tombstones). */
static void bt_remove(BlockTable *t, uint64_t k1, uint64_t k2, uint32_t k3)
{
    BlockSlot *s = bt_probe(t, k1, k2, k3);
    uint32_t i = s - t->slots, j = i;

    if (!s->b) {
        return;
    }
    for (;;) {
        uint32_t home;

        j = (j + 1) & t->mask;
        if (!t->slots[j].b) {
            break;
        }
        home = bt_home(t, t->slots[j].k1, t->slots[j].k2, t->slots[j].k3);
        /* j's entry may fill the hole at i unless its home is in (i, j] */
        if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
            t->slots[i] = t->slots[j];
            i = j;
        }
    }
    memset(&t->slots[i], 0, sizeof(BlockSlot));
    t->used--;
}

static uint64_t page_key(hwaddr paddr)
{
    return paddr >> BLOCK_PAGE_BITS;
}

void block_cache_init(BlockCache *c)
{
    memset(c, 0, sizeof(*c));
    bt_init(&c->blocks, BLOCK_TABLE_MIN_BITS);
    bt_init(&c->pages, BLOCK_TABLE_MIN_BITS);
    c->generation = 1;
    block_cache_set_jmp_bits(c, BLOCK_JMP_CACHE_BITS);
}

void block_cache_set_jmp_bits(BlockCache *c, unsigned bits)
{
    g_assert(bits >= 1 && bits <= BLOCK_JMP_CACHE_MAX_BITS);
    g_free(c->jmp_cache);
    g_free(c->jmp_vpn);
    c->jmp_bits = bits;
    c->jmp_mask = (1u << bits) - 1;
    c->jmp_cache = g_new0(DecodedBlock *, 1u << bits);
    c->jmp_vpn = g_new0(uint32_t, 1u << bits);
    memset(c->jmp_filter, 0, sizeof(c->jmp_filter));
    c->generation++;
}

DecodedBlock *block_cache_alloc(size_t extra)
{
    DecodedBlock *b = g_malloc0(sizeof(DecodedBlock) + extra);

    b->phys_page2 = (hwaddr)-1;
    return b;
}

DecodedBlock *block_cache_lookup(BlockCache *c, hwaddr phys_pc, vaddr pc,
                                 uint32_t flags)
{
    DecodedBlock *b = bt_get(&c->blocks, phys_pc, pc, flags);

    c->n_lookups++;
    if (b) {
        jmp_set(c, pc, b);
    }
    return b;
}

/* Which of @b's page links belongs to @page. */
static int block_page_slot(const DecodedBlock *b, hwaddr page)
{
    return (b->phys_pc >> BLOCK_PAGE_BITS) == (page >> BLOCK_PAGE_BITS)
           ? 0 : 1;
}

static void page_list_add(BlockCache *c, DecodedBlock *b, hwaddr page)
{
    int slot = block_page_slot(b, page);

    b->page_next[slot] = bt_get(&c->pages, page_key(page), 0, 0);
    bt_put(&c->pages, page_key(page), 0, 0, b);
}

static void page_list_remove(BlockCache *c, DecodedBlock *b, hwaddr page)
{
    DecodedBlock *head = bt_get(&c->pages, page_key(page), 0, 0);
    DecodedBlock **pp = &head;

    while (*pp && *pp != b) {
        pp = &(*pp)->page_next[block_page_slot(*pp, page)];
    }
    if (*pp) {
        *pp = b->page_next[block_page_slot(b, page)];
    }
    if (head) {
        bt_put(&c->pages, page_key(page), 0, 0, head);
    } else {
        bt_remove(&c->pages, page_key(page), 0, 0);
    }
}

void block_cache_insert(BlockCache *c, DecodedBlock *b)
{
    bt_put(&c->blocks, b->phys_pc, b->pc, b->flags, b);
    page_list_add(c, b, b->phys_pc);
    if (b->phys_page2 != (hwaddr)-1) {
        page_list_add(c, b, b->phys_page2);
    }
    jmp_set(c, b->pc, b);
    c->n_blocks++;
}

bool block_cache_page_has_code(BlockCache *c, hwaddr paddr)
{
    return bt_get(&c->pages, page_key(paddr), 0, 0) != NULL;
}

/* Unlink @b from everything except the list of @page being dropped. */
static void block_kill(BlockCache *c, DecodedBlock *b, hwaddr page)
{
    unsigned h = block_cache_jmp_hash(c, b->pc);

    b->invalid = true;
    if (bt_get(&c->blocks, b->phys_pc, b->pc, b->flags) == b) {
        bt_remove(&c->blocks, b->phys_pc, b->pc, b->flags);
    }
    if (c->jmp_cache[h] == b) {
        c->jmp_cache[h] = NULL;
    }
    if (b->phys_page2 != (hwaddr)-1) {
        hwaddr other = block_page_slot(b, page) == 0 ? b->phys_page2
                                                     : b->phys_pc;
        page_list_remove(c, b, other);
    }
    b->zombie_next = c->zombies;
    c->zombies = b;
    c->n_invalidated++;
}

unsigned block_cache_invalidate_page(BlockCache *c, hwaddr paddr)
{
    DecodedBlock *b = bt_get(&c->pages, page_key(paddr), 0, 0);
    unsigned n = 0;

    bt_remove(&c->pages, page_key(paddr), 0, 0);
    while (b) {
        DecodedBlock *next = b->page_next[block_page_slot(b, paddr)];

        block_kill(c, b, paddr);
        b = next;
        n++;
    }
    c->generation++;
    return n;
}

void block_cache_invalidate_all(BlockCache *c)
{
    for (uint32_t i = 0; i <= c->blocks.mask; i++) {
        DecodedBlock *b = c->blocks.slots[i].b;

        if (b) {
            b->invalid = true;
            b->zombie_next = c->zombies;
            c->zombies = b;
            c->n_invalidated++;
        }
    }
    /* Back to the initial size: clearing a large table costs more. */
    g_free(c->blocks.slots);
    g_free(c->pages.slots);
    bt_init(&c->blocks, BLOCK_TABLE_MIN_BITS);
    bt_init(&c->pages, BLOCK_TABLE_MIN_BITS);
    jmp_clear_all(c);
    c->generation++;
}

void block_cache_unchain_all(BlockCache *c)
{
    jmp_clear_all(c);
    c->generation++;
}

void block_cache_unchain_page(BlockCache *c, vaddr pc)
{
    uint32_t vpn = jmp_vpn(pc);

    c->generation++;            /* chains: the successor may be there */
    if (!jmp_filter_has(c, vpn)) {
        return;
    }
    /* Clear the page's slots and rebuild the filter from the others. */
    memset(c->jmp_filter, 0, sizeof(c->jmp_filter));
    for (unsigned i = 0; i <= c->jmp_mask; i++) {
        if (!c->jmp_cache[i]) {
            continue;
        }
        if (c->jmp_vpn[i] == vpn) {
            c->jmp_cache[i] = NULL;
        } else {
            jmp_filter_add(c, c->jmp_vpn[i]);
        }
    }
}

void block_cache_reap(BlockCache *c)
{
    while (c->zombies) {
        DecodedBlock *b = c->zombies;

        c->zombies = b->zombie_next;
        g_free(b);
    }
}

void block_cache_destroy(BlockCache *c)
{
    block_cache_invalidate_all(c);
    block_cache_reap(c);
    g_free(c->blocks.slots);
    g_free(c->pages.slots);
    c->blocks.slots = NULL;
    c->pages.slots = NULL;
    g_free(c->jmp_cache);
    g_free(c->jmp_vpn);
    c->jmp_cache = NULL;
    c->jmp_vpn = NULL;
}
