/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64 4-level paging.  paging_init() replaces the boot tables with the
 * kernel's: a direct map of RAM (2 MiB pages), the kernel image with 4 KiB
 * pages and per-section rights (text RX, rodata R, data RW, NX where not
 * code), and an uncached window for MMIO (ioremap).  One address space:
 * user mappings share the kernel's PML4 (slot 0).
 */
#include "mm.h"
#include "kernel.h"
#include "spinlock.h"

#define PTE_P               BIT(0)
#define PTE_W               BIT(1)
#define PTE_U               BIT(2)
#define PTE_PWT             BIT(3)
#define PTE_PCD             BIT(4)
#define PTE_PS              BIT(7)
#define PTE_NX              BIT(63)
#define PTE_ADDR            0x000ffffffffff000ULL
#define LARGE_PAGE          (2 * MiB)

extern char _etext[], _edata[], _end[];
extern char __rodata_end[];

uint64_t kernel_cr3;
static Spinlock vm_lock;
static uint64_t mmio_next = MMIO_BASE;
static bool have_nx;

static uint64_t *table_of(uint64_t pte)
{
    return p2v(pte & PTE_ADDR);
}

static uint64_t pte_flags(unsigned flags)
{
    uint64_t f = PTE_P;

    f |= flags & VM_WRITE ? PTE_W : 0;
    f |= flags & VM_USER ? PTE_U : 0;
    f |= flags & VM_UNCACHED ? PTE_PCD | PTE_PWT : 0;
    f |= !(flags & VM_EXEC) && have_nx ? PTE_NX : 0;
    return f;
}

/* The entry for @va at @level (1 = PTE), allocating tables on the way. */
static uint64_t *walk(uint64_t va, int level, bool alloc)
{
    uint64_t *table = p2v(kernel_cr3);

    for (int l = 4; l > level; l--) {
        uint64_t *e = &table[(va >> (12 + 9 * (l - 1))) & 511];

        if (!(*e & PTE_P)) {
            uint64_t pa = alloc ? page_alloc(1) : 0;

            if (!pa) {
                return NULL;
            }
            *e = pa | PTE_P | PTE_W | PTE_U;
        } else if (*e & PTE_PS) {
            return NULL;            /* already a large page */
        }
        table = table_of(*e);
    }
    return &table[(va >> (12 + 9 * (level - 1))) & 511];
}

int vm_map(uint64_t va, uint64_t pa, uint64_t size, unsigned flags)
{
    uint64_t f = pte_flags(flags);
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
        *e = pa | f | (large ? PTE_PS : 0);
        invlpg(va);
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
        invlpg(a);
    }
    spin_unlock_irqrestore(&vm_lock, on);
    return ret;
}

uint64_t vm_translate(uint64_t va, unsigned *flags)
{
    uint64_t *table = p2v(kernel_cr3);

    for (int l = 4; l >= 1; l--) {
        uint64_t e = table[(va >> (12 + 9 * (l - 1))) & 511];
        uint64_t page = 1ULL << (12 + 9 * (l - 1));

        if (!(e & PTE_P)) {
            return -1;
        }
        if (l == 1 || (e & PTE_PS)) {
            if (flags) {
                *flags = (e & PTE_W ? VM_WRITE : 0) |
                         (e & PTE_U ? VM_USER : 0) |
                         (e & PTE_NX ? 0 : VM_EXEC) |
                         (e & PTE_PCD ? VM_UNCACHED : 0);
            }
            return ((e & PTE_ADDR) & ~(page - 1)) | (va & (page - 1));
        }
        table = table_of(e);
    }
    return -1;
}

void *ioremap(uint64_t pa, uint64_t size)
{
    uint64_t off = pa & (PAGE_SIZE - 1);
    uint64_t len = ALIGN_UP(size + off, PAGE_SIZE);
    uint64_t va = __atomic_fetch_add(&mmio_next, len + PAGE_SIZE,
                                     __ATOMIC_RELAXED);

    /* 4 KiB pages, one unmapped guard page after each mapping */
    for (uint64_t o = 0; o < len; o += PAGE_SIZE) {
        if (vm_map(va + o, pa - off + o, PAGE_SIZE,
                   VM_WRITE | VM_UNCACHED) < 0) {
            return NULL;
        }
    }
    return (void *)(va + off);
}

static void map_kernel_image(void)
{
    uint64_t text = KERNEL_VMA + KERNEL_PHYS;
    uint64_t ro = (uint64_t)_etext, data = ALIGN_UP(v2p(__rodata_end),
                                                    PAGE_SIZE) + KERNEL_VMA;
    uint64_t end = (uint64_t)_end;

    for (uint64_t va = text; va < end; va += PAGE_SIZE) {
        unsigned f = va < ro ? VM_EXEC : va < data ? 0 : VM_WRITE;

        BUG_ON(vm_map(va, va - KERNEL_VMA, PAGE_SIZE, f) < 0);
    }
}

void paging_init(void)
{
    uint32_t r[4];

    cpuid(0x80000001, 0, r);
    have_nx = r[3] & BIT(20);
    kernel_cr3 = page_alloc(1);
    BUG_ON(!kernel_cr3);
    /* the direct map: the first 2 MiB (low memory) and every RAM region */
    BUG_ON(vm_map(DIRECT_MAP_BASE, 0, LARGE_PAGE, VM_WRITE) < 0);
    for (unsigned i = 0; i < boot_info.nr_ram; i++) {
        uint64_t s = ALIGN_DOWN(boot_info.ram[i].base, LARGE_PAGE);
        uint64_t e = ALIGN_UP(boot_info.ram[i].base + boot_info.ram[i].size,
                              LARGE_PAGE);

        BUG_ON(vm_map(DIRECT_MAP_BASE + s, s, e - s, VM_WRITE) < 0);
    }
    map_kernel_image();
    write_cr3(kernel_cr3);
    /* supervisor writes honour read-only pages */
    __asm__ volatile("mov %%cr0, %%rax; or $0x10000, %%rax; mov %%rax, %%cr0"
                     ::: "rax");
}
