/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory management: the physical page allocator (a bitmap over RAM from
 * the boot memory map), the small-object allocator (power-of-two size
 * classes carved from pages), and page-table mapping.
 */
#ifndef GUEST_MM_H
#define GUEST_MM_H

#include "types.h"
#include "arch/memlayout.h"

static inline void *p2v(uint64_t pa)
{
    return (void *)(DIRECT_MAP_BASE + pa);
}

static inline uint64_t v2p(const void *va)
{
    uint64_t v = (uint64_t)va;

    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP_BASE;
}

void page_alloc_init(void);
/* @n contiguous zeroed pages; returns the physical address or 0. */
uint64_t page_alloc(unsigned n);
void page_free(uint64_t pa, unsigned n);
uint64_t page_free_count(void);
/* Through the direct map. */
void *page_alloc_virt(unsigned n);

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

/* Mapping flags (arch-neutral); the arch turns them into PTE bits. */
#define VM_WRITE            BIT(0)
#define VM_EXEC             BIT(1)
#define VM_USER             BIT(2)
#define VM_UNCACHED         BIT(3)

/* Paging: arch/<arch>/mmu.c and kernel/vm.c. */
void paging_init(void);
int vm_map(uint64_t va, uint64_t pa, uint64_t size, unsigned flags);
int vm_unmap(uint64_t va, uint64_t size);
/* Physical address @va maps to, or -1. */
uint64_t vm_translate(uint64_t va, unsigned *flags);
/* Map MMIO uncached; returns the virtual address. */
void *ioremap(uint64_t pa, uint64_t size);

/*
 * What kernel/vm.c (the shared 4-level walker behind vm_map, vm_unmap and
 * vm_translate) asks of the arch's mmu.c.  Level 1 entries map 4 KiB,
 * level 2 entries may map LARGE_PAGE.
 *   arch_vm_root:      physical address of the top table holding @va
 *   arch_pte_table:    an entry pointing to the next table at @pa
 *   arch_pte_leaf:     an entry mapping @pa with VM_* @flags at @level
 *   arch_pte_present:  the entry is valid
 *   arch_pte_is_leaf:  a valid entry at @level maps memory (no table)
 *   arch_pte_pa:       the address an entry holds
 *   arch_pte_flags:    the VM_* flags of a leaf entry
 *   arch_flush_va:     drop this CPU's TLB entries for @va
 */
#define LARGE_PAGE          (2 * MiB)

uint64_t arch_vm_root(uint64_t va);
uint64_t arch_pte_table(uint64_t pa);
uint64_t arch_pte_leaf(uint64_t pa, unsigned flags, int level);
bool arch_pte_present(uint64_t pte);
bool arch_pte_is_leaf(uint64_t pte, int level);
uint64_t arch_pte_pa(uint64_t pte);
unsigned arch_pte_flags(uint64_t pte);
void arch_flush_va(uint64_t va);

#endif
