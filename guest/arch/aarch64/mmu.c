/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * aarch64 stage-1 translation, 4 KiB granule, 48-bit VAs, four levels.
 * paging_init() replaces the boot tables with the kernel's: TTBR1 holds
 * the direct map of RAM (2 MiB blocks), the image with 4 KiB pages and
 * per-section rights (text RX, rodata R, data RW, execute-never where
 * not code) and the device-memory window of ioremap; TTBR0 holds user
 * mappings only.  One address space for all CPUs, no ASIDs.  The walk
 * itself is kernel/vm.c's; this file gives it the descriptor encoding.
 */
#include "mm.h"
#include "kernel.h"
#include "ipi-defer.h"
#include "arch/platform.h"

#define PTE_VALID           BIT(0)
#define PTE_TABLE           BIT(1)      /* table (levels 0-2), page (3) */
#define PTE_ATTR(i)         ((uint64_t)(i) << 2)
#define PTE_USER            BIT(6)      /* AP[1]: EL0 access */
#define PTE_RDONLY          BIT(7)      /* AP[2] */
#define PTE_SH_INNER        (3ULL << 8)
#define PTE_AF              BIT(10)
#define PTE_NG              BIT(11)
#define PTE_PXN             BIT(53)
#define PTE_UXN             BIT(54)
#define PTE_ADDR            0x0000fffffffff000ULL
#define ATTR_DEVICE         0
#define ATTR_NORMAL         1
extern char _etext[], _end[], __rodata_end[];

uint64_t kernel_ttbr0, kernel_ttbr1;
static uint64_t mmio_next = MMIO_BASE;

/* ---- the descriptor encoding kernel/vm.c walks with ---- */

uint64_t arch_vm_root(uint64_t va)
{
    return va >> 63 ? kernel_ttbr1 : kernel_ttbr0;
}

uint64_t arch_pte_table(uint64_t pa)
{
    return pa | PTE_VALID | PTE_TABLE;
}

/* Level 1: a page descriptor (bit 1 set); level 2: a block (bit 1 clear). */
uint64_t arch_pte_leaf(uint64_t pa, unsigned flags, int level)
{
    uint64_t f = PTE_VALID | PTE_AF;

    if (flags & VM_UNCACHED) {
        f |= PTE_ATTR(ATTR_DEVICE);
    } else {
        f |= PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER;
    }
    f |= flags & VM_WRITE ? 0 : PTE_RDONLY;
    if (flags & VM_USER) {
        f |= PTE_USER | PTE_NG | PTE_PXN;
        f |= flags & VM_EXEC ? 0 : PTE_UXN;
    } else {
        f |= PTE_UXN;
        f |= flags & VM_EXEC ? 0 : PTE_PXN;
    }
    return pa | f | (level == 1 ? PTE_TABLE : 0);
}

bool arch_pte_present(uint64_t pte)
{
    return pte & PTE_VALID;
}

bool arch_pte_is_leaf(uint64_t pte, int level)
{
    return level == 1 || !(pte & PTE_TABLE);
}

uint64_t arch_pte_pa(uint64_t pte)
{
    return pte & PTE_ADDR;
}

unsigned arch_pte_flags(uint64_t pte)
{
    bool user = pte & PTE_USER;

    return (pte & PTE_RDONLY ? 0 : VM_WRITE) |
           (user ? VM_USER : 0) |
           ((user ? pte & PTE_UXN : pte & PTE_PXN) ? 0 : VM_EXEC) |
           ((pte & PTE_ATTR(7)) == PTE_ATTR(ATTR_DEVICE) ? VM_UNCACHED : 0);
}

/* This CPU's TLB entries for @va. */
void arch_flush_va(uint64_t va)
{
    __asm__ volatile("dsb ishst; tlbi vaae1, %0; dsb nsh; isb"
                     : : "r"((va >> 12) & ((1ULL << 44) - 1)) : "memory");
}

void *ioremap(uint64_t pa, uint64_t size)
{
    uint64_t off = pa & (PAGE_SIZE - 1);
    uint64_t len = ALIGN_UP(size + off, PAGE_SIZE);
    uint64_t align = len >= LARGE_PAGE ? LARGE_PAGE : PAGE_SIZE;
    uint64_t va, next;

    /* large mappings 2 MiB aligned; a guard page after each mapping */
    do {
        va = __atomic_load_n(&mmio_next, __ATOMIC_RELAXED);
        next = ALIGN_UP(va, align) + len + PAGE_SIZE;
    } while (!__atomic_compare_exchange_n(&mmio_next, &va, next, false,
                                          __ATOMIC_RELAXED,
                                          __ATOMIC_RELAXED));
    va = ALIGN_UP(va, align);
    if (vm_map(va, pa - off, len, VM_WRITE | VM_UNCACHED) < 0) {
        return NULL;
    }
    return (void *)(va + off);
}

static void map_kernel_image(void)
{
    uint64_t text = KERNEL_VMA + KERNEL_PHYS;
    uint64_t ro = (uint64_t)_etext;
    uint64_t data = ALIGN_UP((uint64_t)__rodata_end, PAGE_SIZE);
    uint64_t end = (uint64_t)_end;

    for (uint64_t va = text; va < end; va += PAGE_SIZE) {
        unsigned f = va < ro ? VM_EXEC : va < data ? 0 : VM_WRITE;

        BUG_ON(vm_map(va, va - KERNEL_VMA, PAGE_SIZE, f) < 0);
    }
}

void mmu_load_kernel_tables(void)
{
    sysreg_write(ttbr0_el1, kernel_ttbr0);
    sysreg_write(ttbr1_el1, kernel_ttbr1);
    isb();
    arch_flush_tlb_all();
}

void paging_init(void)
{
    kernel_ttbr0 = page_alloc(1);
    kernel_ttbr1 = page_alloc(1);
    BUG_ON(!kernel_ttbr0 || !kernel_ttbr1);
    for (unsigned i = 0; i < boot_info.nr_ram; i++) {
        uint64_t s = ALIGN_DOWN(boot_info.ram[i].base, LARGE_PAGE);
        uint64_t e = ALIGN_UP(boot_info.ram[i].base + boot_info.ram[i].size,
                              LARGE_PAGE);

        BUG_ON(vm_map(DIRECT_MAP_BASE + s, s, e - s, VM_WRITE) < 0);
    }
    map_kernel_image();
    /* map the console before the boot tables (and its mapping) go */
    console_remap();
    mmu_load_kernel_tables();
}
