/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Decoded-block cache: hash table, jump cache, per-page lists and
 * invalidation.  See include/accel/tcg/block-cache.h.
 */
#include "qemu/osdep.h"
#include "accel/tcg/block-cache.h"

#define BLOCK_PAGE_BITS 12

static gpointer page_key(hwaddr paddr)
{
    return (gpointer)(uintptr_t)(paddr >> BLOCK_PAGE_BITS);
}

static guint block_hash(gconstpointer p)
{
    const DecodedBlock *b = p;
    uint64_t h = b->phys_pc * 0x9e3779b97f4a7c15ull;

    h ^= b->pc * 0xc2b2ae3d27d4eb4full;
    h ^= b->flags;
    return (guint)(h ^ (h >> 32));
}

static gboolean block_equal(gconstpointer a, gconstpointer b)
{
    const DecodedBlock *x = a, *y = b;

    return x->phys_pc == y->phys_pc && x->pc == y->pc &&
           x->flags == y->flags;
}

void block_cache_init(BlockCache *c)
{
    memset(c, 0, sizeof(*c));
    c->blocks = g_hash_table_new(block_hash, block_equal);
    c->pages = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->generation = 1;
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
    DecodedBlock key = { .pc = pc, .phys_pc = phys_pc, .flags = flags };
    DecodedBlock *b = g_hash_table_lookup(c->blocks, &key);

    if (b) {
        c->jmp_cache[block_cache_jmp_hash(pc)] = b;
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

    b->page_next[slot] = g_hash_table_lookup(c->pages, page_key(page));
    g_hash_table_insert(c->pages, page_key(page), b);
}

static void page_list_remove(BlockCache *c, DecodedBlock *b, hwaddr page)
{
    DecodedBlock *head = g_hash_table_lookup(c->pages, page_key(page));
    DecodedBlock **pp = &head;

    while (*pp && *pp != b) {
        pp = &(*pp)->page_next[block_page_slot(*pp, page)];
    }
    if (*pp) {
        *pp = b->page_next[block_page_slot(b, page)];
    }
    if (head) {
        g_hash_table_insert(c->pages, page_key(page), head);
    } else {
        g_hash_table_remove(c->pages, page_key(page));
    }
}

void block_cache_insert(BlockCache *c, DecodedBlock *b)
{
    g_hash_table_add(c->blocks, b);
    page_list_add(c, b, b->phys_pc);
    if (b->phys_page2 != (hwaddr)-1) {
        page_list_add(c, b, b->phys_page2);
    }
    c->jmp_cache[block_cache_jmp_hash(b->pc)] = b;
    c->n_blocks++;
}

bool block_cache_page_has_code(BlockCache *c, hwaddr paddr)
{
    return g_hash_table_contains(c->pages, page_key(paddr));
}

/* Unlink @b from everything except the list of @page being dropped. */
static void block_kill(BlockCache *c, DecodedBlock *b, hwaddr page)
{
    unsigned h = block_cache_jmp_hash(b->pc);

    b->invalid = true;
    g_hash_table_remove(c->blocks, b);
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
    DecodedBlock *b = g_hash_table_lookup(c->pages, page_key(paddr));
    unsigned n = 0;

    g_hash_table_remove(c->pages, page_key(paddr));
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
    GHashTableIter it;
    gpointer key, value;

    g_hash_table_iter_init(&it, c->blocks);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        DecodedBlock *b = value;

        b->invalid = true;
        b->zombie_next = c->zombies;
        c->zombies = b;
        c->n_invalidated++;
    }
    g_hash_table_remove_all(c->blocks);
    g_hash_table_remove_all(c->pages);
    memset(c->jmp_cache, 0, sizeof(c->jmp_cache));
    c->generation++;
}

void block_cache_unchain_all(BlockCache *c)
{
    memset(c->jmp_cache, 0, sizeof(c->jmp_cache));
    c->generation++;
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
    g_hash_table_destroy(c->blocks);
    g_hash_table_destroy(c->pages);
}
