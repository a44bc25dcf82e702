/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the ELF64 loader (hw/core/loader-elf.c).  The input is the image.
 * It is parsed against a 64 KiB guest RAM; an accepted image is loaded
 * into that RAM (heap memory, so the sanitizer sees stray writes) and
 * every segment is checked: file bytes copied, the rest up to p_memsz
 * zeroed, entry inside a segment.
 */
#include "qemu/osdep.h"
#include "hw/core/loader.h"
#include "qapi/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_RAM_SIZE 0x10000

static void fuzz_check_loaded(const ElfImage *img, const uint8_t *ram)
{
    bool entry_seen = false;

    for (unsigned i = 0; i < img->nsegs; i++) {
        const ElfSegment *s = &img->segs[i];

        g_assert(s->paddr + s->memsz <= FUZZ_RAM_SIZE);
        g_assert(memcmp(ram + s->paddr, img->data + s->offset,
                        s->filesz) == 0);
        for (uint64_t j = s->filesz; j < s->memsz; j++) {
            g_assert(ram[s->paddr + j] == 0);
        }
        entry_seen |= img->entry >= s->paddr &&
                      img->entry < s->paddr + s->memsz;
    }
    g_assert(entry_seen);
}

static void fuzz_load(const ElfImage *img)
{
    g_autofree uint8_t *ram = g_malloc(FUZZ_RAM_SIZE);
    MemoryRegion sys, mr;
    AddressSpace as;

    memset(ram, 0xa5, FUZZ_RAM_SIZE);
    memory_region_init(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_ram_ptr(&mr, NULL, "ram", FUZZ_RAM_SIZE, ram);
    memory_region_add_subregion(&sys, 0, &mr);
    address_space_init(&as, &sys, "memory");
    g_assert(elf64_load(img, &as, &error_abort));
    fuzz_check_loaded(img, ram);
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&mr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree ElfImage *img = g_new(ElfImage, 1);
    Error *err = NULL;

    if (elf64_parse(data, size, FUZZ_RAM_SIZE, img, &err)) {
        fuzz_load(img);
    } else {
        g_assert(err);
        error_free(err);
    }
    return 0;
}
