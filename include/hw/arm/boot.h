/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Direct kernel boot for Arm boards (hw/arm/boot.c): -kernel as an arm64
 * Linux Image (header honoured), an ELF64 AArch64 executable, or a raw
 * binary, each optionally gzip-compressed; the device tree copied into
 * RAM for x0.
 *
 * arm_boot_init() reads and checks the file once at board init (startup
 * errors: "could not load kernel '<path>'"); arm_boot_load() writes it
 * and the DTB into guest memory at every reset.
 */
#ifndef HW_ARM_BOOT_H
#define HW_ARM_BOOT_H

#include "system/memory.h"

#define ARM_BOOT_MAX_SEGS 16

typedef enum ArmBootFormat {
    ARM_BOOT_NONE,
    ARM_BOOT_IMAGE,             /* arm64 Linux Image */
    ARM_BOOT_ELF,
    ARM_BOOT_RAW,
} ArmBootFormat;

typedef struct ArmBootSeg {
    hwaddr addr;
    uint64_t offset;            /* in the file */
    uint64_t filesz;
    uint64_t memsz;             /* the rest is zeroed */
} ArmBootSeg;

typedef struct ArmBootInfo {
    ArmBootFormat format;
    bool gzipped;               /* data was inflated from a gzip file */
    const char *data;           /* what the segments refer to */
    gsize size;
    char *file;                 /* owned: the file (arm_boot_init) */
    char *inflated;             /* owned: data when gzipped */
    unsigned nsegs;
    ArmBootSeg segs[ARM_BOOT_MAX_SEGS];
    uint64_t entry;
    hwaddr low, high;           /* what the kernel occupies (high: end) */
    hwaddr dtb_addr;            /* where arm_boot_load() puts the DTB */
} ArmBootInfo;

/*
 * Read @path and lay it out in RAM [@ram_base, @ram_base + @ram_size),
 * keeping clear of [@avoid_lo, @avoid_hi) (the initrd; empty if equal).
 * @dtb_size: room to reserve for the device tree after both.
 */
bool arm_boot_init(ArmBootInfo *b, const char *path, hwaddr ram_base,
                   uint64_t ram_size, hwaddr avoid_lo, hwaddr avoid_hi,
                   uint64_t dtb_size, Error **errp);
/*
 * Parse an in-memory image (tests, fuzzing); @data is not copied, but a
 * gzip file is inflated into a buffer that arm_boot_free() releases
 * (its output is bounded by @ram_size).
 */
bool arm_boot_parse(ArmBootInfo *b, const uint8_t *data, size_t size,
                    hwaddr ram_base, uint64_t ram_size, Error **errp);
/* Write the kernel and (@fdt, @fdt_size) into @as. */
bool arm_boot_load(const ArmBootInfo *b, AddressSpace *as, const void *fdt,
                   int fdt_size, Error **errp);
void arm_boot_free(ArmBootInfo *b);

#endif
