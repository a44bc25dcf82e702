/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small-object allocator.  Sizes up to 2 KiB come from power-of-two
 * classes (16 .. 2048 bytes): each class owns whole pages that start
 * with a PageHeader and are cut into equal objects on a free list.
 * Larger requests get their own run of pages, also headed by a
 * PageHeader; the object then starts right after it.
 */
#include "mm.h"
#include "kernel.h"
#include "spinlock.h"

#define MIN_SHIFT           4
#define MAX_SHIFT           11
#define NR_CLASSES          (MAX_SHIFT - MIN_SHIFT + 1)
#define SLAB_MAGIC          0x51ab51ab
#define LARGE_MAGIC         0x1a26e1a2

typedef struct PageHeader {
    uint32_t magic;
    uint32_t value;             /* class index, or number of pages */
    uint64_t pad;
} PageHeader;

typedef struct FreeObj {
    struct FreeObj *next;
} FreeObj;

static FreeObj *free_list[NR_CLASSES];
static Spinlock kmalloc_lock;

static int size_class(size_t size)
{
    for (int c = 0; c < NR_CLASSES; c++) {
        if (size <= (1u << (c + MIN_SHIFT))) {
            return c;
        }
    }
    return -1;
}

/* Caller holds kmalloc_lock. */
static bool refill(int c)
{
    size_t objsz = 1u << (c + MIN_SHIFT);
    char *page = page_alloc_virt(1);
    size_t first = ALIGN_UP(sizeof(PageHeader), MIN(objsz, 64));

    if (!page) {
        return false;
    }
    *(PageHeader *)page = (PageHeader){ SLAB_MAGIC, c, 0 };
    for (size_t off = first; off + objsz <= PAGE_SIZE; off += objsz) {
        FreeObj *o = (FreeObj *)(page + off);

        o->next = free_list[c];
        free_list[c] = o;
    }
    return true;
}

static void *large_alloc(size_t size)
{
    unsigned n = ALIGN_UP(size + sizeof(PageHeader), PAGE_SIZE) / PAGE_SIZE;
    PageHeader *h = page_alloc_virt(n);

    if (!h) {
        return NULL;
    }
    *h = (PageHeader){ LARGE_MAGIC, n, 0 };
    return h + 1;
}

void *kmalloc(size_t size)
{
    int c = size_class(size);
    FreeObj *o;
    bool on;

    if (c < 0) {
        return large_alloc(size);
    }
    on = spin_lock_irqsave(&kmalloc_lock);
    if (!free_list[c] && !refill(c)) {
        spin_unlock_irqrestore(&kmalloc_lock, on);
        return NULL;
    }
    o = free_list[c];
    free_list[c] = o->next;
    spin_unlock_irqrestore(&kmalloc_lock, on);
    return o;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);

    if (p) {
        memset(p, 0, size);
    }
    return p;
}

void kfree(void *p)
{
    PageHeader *h = (PageHeader *)ALIGN_DOWN((uint64_t)p, PAGE_SIZE);
    FreeObj *o = p;
    bool on;

    if (!p) {
        return;
    }
    if (h->magic == LARGE_MAGIC) {
        page_free(v2p(h), h->value);
        return;
    }
    BUG_ON(h->magic != SLAB_MAGIC || h->value >= NR_CLASSES);
    on = spin_lock_irqsave(&kmalloc_lock);
    o->next = free_list[h->value];
    free_list[h->value] = o;
    spin_unlock_irqrestore(&kmalloc_lock, on);
}
