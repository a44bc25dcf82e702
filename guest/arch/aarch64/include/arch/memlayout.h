/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual memory layout of the aarch64 guest kernel (4 KiB granule,
 * 48-bit virtual addresses; TTBR0 below 2^48, TTBR1 from 0xffff0000...):
 *   0x0000000000400000  user tasks (TTBR0, level-0 slot 0)
 *   0xffff800000000000  direct map of all RAM (TTBR1)
 *   0xffffc00000000000  MMIO mappings, device memory (ioremap)
 *   0xffffffff80000000  + physical address: the kernel image (loaded at
 *                       RAM base + 2 MiB, 0x40200000 on virt)
 */
#ifndef ARCH_MEMLAYOUT_H
#define ARCH_MEMLAYOUT_H

#define KERNEL_VMA          0xffffffff80000000
#define KERNEL_PHYS         0x40200000
#define DIRECT_MAP_BASE     0xffff800000000000
#define MMIO_BASE           0xffffc00000000000
#define USER_BASE           0x400000
#define PAGE_SIZE           4096
#define PAGE_SHIFT          12

/* The virt machine's defaults, used when the device tree lacks them. */
#define VIRT_RAM_BASE       0x40000000ULL
#define VIRT_UART_BASE      0x09000000ULL
#define VIRT_GICD_BASE      0x08000000ULL
#define VIRT_GICR_BASE      0x080a0000ULL
#define VIRT_GITS_BASE      0x08080000ULL

#endif
