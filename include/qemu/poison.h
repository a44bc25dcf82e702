/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Force-included into every translation unit by meson.  Target-selecting
 * macros do not exist in this code base: a target is data (TargetInfo), and
 * every file is compiled once per mode at most.  Poisoning the names QEMU
 * uses makes any regression fail to compile.
 */
#ifndef QEMU_POISON_H
#define QEMU_POISON_H

#pragma GCC poison TARGET_I386 TARGET_X86_64 TARGET_ARM TARGET_AARCH64
#pragma GCC poison TARGET_LONG_BITS TARGET_PAGE_BITS TARGET_PAGE_SIZE
#pragma GCC poison TARGET_BIG_ENDIAN TARGET_PHYS_ADDR_SPACE_BITS
#pragma GCC poison target_ulong target_long CONFIG_SOFTMMU CONFIG_USER_ONLY
#pragma GCC poison COMPILING_PER_TARGET CPUArchState

#endif
