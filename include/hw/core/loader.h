/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Guest image loaders.
 *
 * ELF64 (little-endian, x86-64): elf64_parse() validates an image held in
 * host memory and lists its PT_LOAD segments; elf64_load() copies them
 * into guest memory (file bytes, then zeros up to p_memsz for .bss).
 * Parsing never trusts the image: every header, table and segment is
 * checked against the buffer size, segments must fit in [0, ram_size)
 * without overflow and must not overlap each other.
 */
#ifndef HW_CORE_LOADER_H
#define HW_CORE_LOADER_H

#include "system/memory.h"

/* At most this many PT_LOAD segments are accepted. */
#define ELF_MAX_SEGMENTS 64

typedef struct ElfSegment {
    uint64_t paddr;             /* guest physical load address */
    uint64_t offset;            /* in the image */
    uint64_t filesz;
    uint64_t memsz;             /* >= filesz; the rest is zeroed */
} ElfSegment;

typedef struct ElfImage {
    const uint8_t *data;        /* not owned */
    size_t size;
    uint64_t entry;             /* e_entry */
    uint64_t low, high;         /* lowest/highest+1 loaded address */
    unsigned nsegs;
    ElfSegment segs[ELF_MAX_SEGMENTS];
} ElfImage;

/*
 * Validate @data (@size bytes) as an ELF64 x86-64 executable whose
 * segments fit below @ram_size.  Fills @img; false + @errp on error.
 */
bool elf64_parse(const uint8_t *data, size_t size, uint64_t ram_size,
                 ElfImage *img, Error **errp);
/* Copy the parsed segments into @as.  False + @errp if a write fails. */
bool elf64_load(const ElfImage *img, AddressSpace *as, Error **errp);

#endif
