/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Physical page allocator: one bit per 4 KiB page of the first 8 GiB,
 * set when the page is in use.  Usable RAM from the boot memory map is
 * freed into it, minus the first 1 MiB and the kernel image.  First fit
 * from a moving hint; allocations are zeroed.
 */
#include "mm.h"
#include "kernel.h"
#include "spinlock.h"

#define MAX_PHYS            (8 * GiB)
#define NR_PAGES            (MAX_PHYS / PAGE_SIZE)

extern char _end[];

static uint64_t page_bitmap[NR_PAGES / 64];
static uint64_t nr_free;
static uint64_t hint;
static Spinlock page_lock;

static bool page_used(uint64_t pfn)
{
    return page_bitmap[pfn / 64] & BIT(pfn % 64);
}

static void page_mark(uint64_t pfn, bool used)
{
    if (used) {
        page_bitmap[pfn / 64] |= BIT(pfn % 64);
    } else {
        page_bitmap[pfn / 64] &= ~BIT(pfn % 64);
    }
}

void page_alloc_init(void)
{
    uint64_t kernel_end = ALIGN_UP(v2p(_end), PAGE_SIZE);

    memset(page_bitmap, 0xff, sizeof(page_bitmap));
    for (unsigned i = 0; i < boot_info.nr_ram; i++) {
        uint64_t start = ALIGN_UP(boot_info.ram[i].base, PAGE_SIZE);
        uint64_t end = ALIGN_DOWN(boot_info.ram[i].base +
                                  boot_info.ram[i].size, PAGE_SIZE);

        start = MAX(start, kernel_end);
        end = MIN(end, MAX_PHYS);
        for (uint64_t pa = start; pa < end; pa += PAGE_SIZE) {
            page_mark(pa / PAGE_SIZE, false);
            nr_free++;
        }
    }
    hint = kernel_end / PAGE_SIZE;
}

static uint64_t find_run(uint64_t from, uint64_t to, unsigned n)
{
    uint64_t run = 0;

    for (uint64_t pfn = from; pfn < to; pfn++) {
        run = page_used(pfn) ? 0 : run + 1;
        if (run == n) {
            return pfn + 1 - n;
        }
    }
    return 0;
}

uint64_t page_alloc(unsigned n)
{
    uint64_t pfn;
    bool on;

    if (!n) {
        return 0;
    }
    on = spin_lock_irqsave(&page_lock);
    pfn = find_run(hint, NR_PAGES, n);
    if (!pfn) {
        pfn = find_run(0, hint + n, n);
    }
    if (pfn) {
        for (unsigned i = 0; i < n; i++) {
            page_mark(pfn + i, true);
        }
        nr_free -= n;
        hint = pfn + n;
    }
    spin_unlock_irqrestore(&page_lock, on);
    if (!pfn) {
        return 0;
    }
    memset(p2v(pfn * PAGE_SIZE), 0, (size_t)n * PAGE_SIZE);
    return pfn * PAGE_SIZE;
}

void page_free(uint64_t pa, unsigned n)
{
    uint64_t pfn = pa / PAGE_SIZE;
    bool on = spin_lock_irqsave(&page_lock);

    for (unsigned i = 0; i < n; i++) {
        BUG_ON(!page_used(pfn + i));
        page_mark(pfn + i, false);
    }
    nr_free += n;
    spin_unlock_irqrestore(&page_lock, on);
}

uint64_t page_free_count(void)
{
    return READ_ONCE(nr_free);
}

void *page_alloc_virt(unsigned n)
{
    uint64_t pa = page_alloc(n);

    return pa ? p2v(pa) : NULL;
}
