/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The page-table walker shared by the arches: four levels of 512 8-byte
 * entries over 4 KiB pages (x86_64 4-level paging and aarch64's 4 KiB
 * granule with 48-bit VAs have the same shape).  Level 1 holds 4 KiB
 * pages, level 2 may hold 2 MiB pages/blocks.  The arch encodes and
 * decodes entries (arch_pte_*() in mm.h) and flushes its TLB; this file
 * walks, allocates tables and keeps one lock over all changes.
 */
#include "mm.h"
#include "kernel.h"
#include "spinlock.h"

#define LEVELS              4

static Spinlock vm_lock;

static unsigned index_of(uint64_t va, int level)
{
    return (va >> (12 + 9 * (level - 1))) & 511;
}

/* The entry for @va at @level (1 = PTE), allocating tables on the way. */
static uint64_t *walk(uint64_t va, int level, bool alloc)
{
    uint64_t *table = p2v(arch_vm_root(va));

    for (int l = LEVELS; l > level; l--) {
        uint64_t *e = &table[index_of(va, l)];

        if (!arch_pte_present(*e)) {
            uint64_t pa = alloc ? page_alloc(1) : 0;

            if (!pa) {
                return NULL;
            }
            *e = arch_pte_table(pa);
        } else if (arch_pte_is_leaf(*e, l)) {
            return NULL;            /* already a large page */
        }
        table = p2v(arch_pte_pa(*e));
    }
    return &table[index_of(va, level)];
}

int vm_map(uint64_t va, uint64_t pa, uint64_t size, unsigned flags)
{
    uint64_t end = va + size;
    bool on = spin_lock_irqsave(&vm_lock);
    int ret = 0;

    while (va < end) {
        bool large = !((va | pa) & (LARGE_PAGE - 1)) &&
                     end - va >= LARGE_PAGE;
        uint64_t *e = walk(va, large ? 2 : 1, true);

        if (!e) {
            ret = -1;
            break;
        }
        *e = arch_pte_leaf(pa, flags, large ? 2 : 1);
        arch_flush_va(va);
        va += large ? LARGE_PAGE : PAGE_SIZE;
        pa += large ? LARGE_PAGE : PAGE_SIZE;
    }
    spin_unlock_irqrestore(&vm_lock, on);
    return ret;
}

/* Unmap 4 KiB pages (this CPU's TLB only). */
int vm_unmap(uint64_t va, uint64_t size)
{
    bool on = spin_lock_irqsave(&vm_lock);
    int ret = 0;

    for (uint64_t a = va; a < va + size; a += PAGE_SIZE) {
        uint64_t *e = walk(a, 1, false);

        if (!e) {
            ret = -1;
            continue;
        }
        *e = 0;
        arch_flush_va(a);
    }
    spin_unlock_irqrestore(&vm_lock, on);
    return ret;
}

uint64_t vm_translate(uint64_t va, unsigned *flags)
{
    uint64_t *table = p2v(arch_vm_root(va));

    for (int l = LEVELS; l >= 1; l--) {
        uint64_t e = table[index_of(va, l)];
        uint64_t page = 1ULL << (12 + 9 * (l - 1));

        if (!arch_pte_present(e)) {
            return -1;
        }
        if (l == 1 || arch_pte_is_leaf(e, l)) {
            if (flags) {
                *flags = arch_pte_flags(e);
            }
            return (arch_pte_pa(e) & ~(page - 1)) | (va & (page - 1));
        }
        table = p2v(arch_pte_pa(e));
    }
    return -1;
}
