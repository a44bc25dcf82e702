/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64 4-level paging.  paging_init() replaces the boot tables with the
 * kernel's: a direct map of RAM (2 MiB pages), the kernel image with 4 KiB
 * pages and per-section rights (text RX, rodata R, data RW, NX where not
 * code), and an uncached window for MMIO (ioremap).  One address space:
 * user mappings share the kernel's PML4 (slot 0).  The walk itself is
 * kernel/vm.c's; this file gives it the PTE encoding.
 */
#include "mm.h"
#include "kernel.h"

#define PTE_P               BIT(0)
#define PTE_W               BIT(1)
#define PTE_U               BIT(2)
#define PTE_PWT             BIT(3)
#define PTE_PCD             BIT(4)
#define PTE_PS              BIT(7)
#define PTE_NX              BIT(63)
#define PTE_ADDR            0x000ffffffffff000ULL

extern char _etext[], _edata[], _end[];
extern char __rodata_end[];

uint64_t kernel_cr3;
static uint64_t mmio_next = MMIO_BASE;
static bool have_nx;

/* ---- the PTE encoding kernel/vm.c walks with ---- */

uint64_t arch_vm_root(uint64_t va)
{
    return kernel_cr3;
}

uint64_t arch_pte_table(uint64_t pa)
{
    return pa | PTE_P | PTE_W | PTE_U;
}

uint64_t arch_pte_leaf(uint64_t pa, unsigned flags, int level)
{
    uint64_t f = PTE_P;

    f |= flags & VM_WRITE ? PTE_W : 0;
    f |= flags & VM_USER ? PTE_U : 0;
    f |= flags & VM_UNCACHED ? PTE_PCD | PTE_PWT : 0;
    f |= !(flags & VM_EXEC) && have_nx ? PTE_NX : 0;
    return pa | f | (level == 2 ? PTE_PS : 0);
}

bool arch_pte_present(uint64_t pte)
{
    return pte & PTE_P;
}

bool arch_pte_is_leaf(uint64_t pte, int level)
{
    return level == 1 || (pte & PTE_PS);
}

uint64_t arch_pte_pa(uint64_t pte)
{
    return pte & PTE_ADDR;
}

unsigned arch_pte_flags(uint64_t pte)
{
    return (pte & PTE_W ? VM_WRITE : 0) |
           (pte & PTE_U ? VM_USER : 0) |
           (pte & PTE_NX ? 0 : VM_EXEC) |
           (pte & PTE_PCD ? VM_UNCACHED : 0);
}

void arch_flush_va(uint64_t va)
{
    invlpg(va);
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
