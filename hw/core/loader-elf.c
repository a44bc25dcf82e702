/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ELF64 loader for direct kernel boot (see include/hw/core/loader.h).
 *
 * Only what a statically linked x86-64 executable needs: the file header,
 * the program header table and its PT_LOAD entries, loaded at p_paddr.
 * Section headers, dynamic linking and relocations are ignored.  All
 * fields are read byte by byte as little-endian, so the image buffer may
 * have any alignment.
 */
#include "qemu/osdep.h"
#include "hw/core/loader.h"
#include "qapi/error.h"

#define ELF_EHDR_SIZE   64
#define ELF_PHDR_SIZE   56
#define ELF_CLASS64     2
#define ELF_DATA2LSB    1
#define ELF_VERSION     1
#define ELF_ET_EXEC     2
#define ELF_EM_X86_64   62
#define ELF_PT_LOAD     1

static uint64_t elf_get(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < bytes; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

/* @off + @len <= @size, without overflow. */
static bool elf_fits(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

static bool elf_check_ehdr(const uint8_t *d, size_t size, Error **errp)
{
    static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };

    if (size < ELF_EHDR_SIZE || memcmp(d, magic, 4) != 0) {
        error_setg(errp, "not an ELF image");
        return false;
    }
    if (d[4] != ELF_CLASS64 || d[5] != ELF_DATA2LSB || d[6] != ELF_VERSION) {
        error_setg(errp, "ELF image is not a little-endian ELF64 file");
        return false;
    }
    if (elf_get(d + 16, 2) != ELF_ET_EXEC ||
        elf_get(d + 18, 2) != ELF_EM_X86_64) {
        error_setg(errp, "ELF image is not an x86-64 executable");
        return false;
    }
    if (elf_get(d + 54, 2) != ELF_PHDR_SIZE) {
        error_setg(errp, "ELF image has a bad program header size");
        return false;
    }
    return true;
}

/* Validate one PT_LOAD entry at @ph and append it to @img. */
static bool elf_add_segment(ElfImage *img, const uint8_t *ph,
                            uint64_t ram_size, Error **errp)
{
    ElfSegment s = {
        .offset = elf_get(ph + 8, 8),
        .paddr = elf_get(ph + 24, 8),
        .filesz = elf_get(ph + 32, 8),
        .memsz = elf_get(ph + 40, 8),
    };

    if (s.memsz == 0) {
        return true;
    }
    if (s.filesz > s.memsz || !elf_fits(s.offset, s.filesz, img->size)) {
        error_setg(errp, "ELF segment at 0x%" PRIx64 " lies outside the "
                   "file", s.paddr);
        return false;
    }
    if (!elf_fits(s.paddr, s.memsz, ram_size)) {
        error_setg(errp, "ELF segment 0x%" PRIx64 "+0x%" PRIx64 " does not "
                   "fit in RAM (0x%" PRIx64 " bytes)", s.paddr, s.memsz,
                   ram_size);
        return false;
    }
    for (unsigned i = 0; i < img->nsegs; i++) {
        const ElfSegment *o = &img->segs[i];

        if (s.paddr < o->paddr + o->memsz && o->paddr < s.paddr + s.memsz) {
            error_setg(errp, "ELF segments at 0x%" PRIx64 " and 0x%" PRIx64
                       " overlap", o->paddr, s.paddr);
            return false;
        }
    }
    if (img->nsegs == ELF_MAX_SEGMENTS) {
        error_setg(errp, "ELF image has more than %d loadable segments",
                   ELF_MAX_SEGMENTS);
        return false;
    }
    img->segs[img->nsegs++] = s;
    img->low = MIN(img->low, s.paddr);
    img->high = MAX(img->high, s.paddr + s.memsz);
    return true;
}

static bool elf_entry_loaded(const ElfImage *img)
{
    for (unsigned i = 0; i < img->nsegs; i++) {
        const ElfSegment *s = &img->segs[i];

        if (img->entry >= s->paddr && img->entry - s->paddr < s->memsz) {
            return true;
        }
    }
    return false;
}

bool elf64_parse(const uint8_t *data, size_t size, uint64_t ram_size,
                 ElfImage *img, Error **errp)
{
    uint64_t phoff, phnum;

    memset(img, 0, sizeof(*img));
    img->data = data;
    img->size = size;
    img->low = UINT64_MAX;
    if (!elf_check_ehdr(data, size, errp)) {
        return false;
    }
    img->entry = elf_get(data + 24, 8);
    phoff = elf_get(data + 32, 8);
    phnum = elf_get(data + 56, 2);
    if (!elf_fits(phoff, phnum * ELF_PHDR_SIZE, size)) {
        error_setg(errp, "ELF program headers lie outside the file");
        return false;
    }
    for (uint64_t i = 0; i < phnum; i++) {
        const uint8_t *ph = data + phoff + i * ELF_PHDR_SIZE;

        if (elf_get(ph, 4) == ELF_PT_LOAD &&
            !elf_add_segment(img, ph, ram_size, errp)) {
            return false;
        }
    }
    if (img->nsegs == 0) {
        error_setg(errp, "ELF image has no loadable segment");
        return false;
    }
    if (!elf_entry_loaded(img)) {
        error_setg(errp, "ELF entry point 0x%" PRIx64 " is not in a loaded "
                   "segment", img->entry);
        return false;
    }
    return true;
}

bool elf64_load(const ElfImage *img, AddressSpace *as, Error **errp)
{
    for (unsigned i = 0; i < img->nsegs; i++) {
        const ElfSegment *s = &img->segs[i];
        MemTxResult r;

        r = address_space_write(as, s->paddr, MEMTXATTRS_UNSPECIFIED,
                                img->data + s->offset, s->filesz);
        if (r == MEMTX_OK && s->memsz > s->filesz) {
            r = address_space_set(as, s->paddr + s->filesz, 0,
                                  s->memsz - s->filesz,
                                  MEMTXATTRS_UNSPECIFIED);
        }
        if (r != MEMTX_OK) {
            error_setg(errp, "cannot write ELF segment at 0x%" PRIx64,
                       s->paddr);
            return false;
        }
    }
    return true;
}
