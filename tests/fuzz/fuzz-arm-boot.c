/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the Arm -kernel parser (arm_boot_parse, hw/arm/boot.c): Image
 * headers, ELF64 program headers, raw files.  An accepted file must lay
 * out segments inside RAM that do not overlap and come from inside the
 * file; a rejected one must leave an error.
 */
#include "qemu/osdep.h"
#include "hw/arm/boot.h"
#include "qapi/error.h"

#define FUZZ_RAM_BASE 0x40000000ull
#define FUZZ_RAM_SIZE 0x8000000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_layout(const ArmBootInfo *b, size_t size)
{
    g_assert(b->nsegs > 0 && b->nsegs <= ARM_BOOT_MAX_SEGS);
    for (unsigned i = 0; i < b->nsegs; i++) {
        const ArmBootSeg *s = &b->segs[i];

        g_assert(s->filesz <= s->memsz);
        g_assert(s->offset <= size && s->filesz <= size - s->offset);
        g_assert(s->addr >= FUZZ_RAM_BASE);
        g_assert(s->addr - FUZZ_RAM_BASE <= FUZZ_RAM_SIZE - s->memsz);
        for (unsigned j = 0; j < i; j++) {
            const ArmBootSeg *o = &b->segs[j];

            g_assert(s->addr >= o->addr + o->memsz ||
                     o->addr >= s->addr + s->memsz);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ArmBootInfo b;
    Error *err = NULL;

    if (arm_boot_parse(&b, data, size, FUZZ_RAM_BASE, FUZZ_RAM_SIZE, &err)) {
        g_assert(!err);
        fuzz_check_layout(&b, size);
    } else {
        g_assert(err);
        error_free(err);
    }
    return 0;
}
