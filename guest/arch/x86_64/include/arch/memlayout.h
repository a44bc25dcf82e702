/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual memory layout of the x86_64 guest kernel:
 *   0x0000000000400000  user tasks (PML4 slot 0, no kernel mapping)
 *   0xffff800000000000  direct map of all RAM (PML4 slot 256)
 *   0xffffc00000000000  MMIO mappings, uncached (PML4 slot 384)
 *   0xffffffff80000000  kernel image, linked at +1 MiB (-mcmodel=kernel)
 */
#ifndef ARCH_MEMLAYOUT_H
#define ARCH_MEMLAYOUT_H

#define KERNEL_VMA          0xffffffff80000000
#define KERNEL_PHYS         0x100000
#define DIRECT_MAP_BASE     0xffff800000000000
#define MMIO_BASE           0xffffc00000000000
#define USER_BASE           0x400000
#define PAGE_SIZE           4096
#define PAGE_SHIFT          12

/* Real-mode trampoline page for the APs (SIPI vector 0x70). */
#define TRAMPOLINE_PHYS     0x70000

#endif
