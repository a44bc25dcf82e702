/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the Arm -kernel parser (arm_boot_parse, hw/arm/boot.c): Image
 * headers, ELF64 program headers, raw files, and gzip files holding any
 * of them.  An accepted file must lay out segments inside RAM that do
 * not overlap and come from inside the (inflated) data, which is never
 * larger than RAM; a rejected one must leave an error and no buffer.
 * RAM is 32 MiB so that gzip bombs stay cheap.
 */
#include "qemu/osdep.h"
#include "hw/arm/boot.h"
#include "qapi/error.h"

#define FUZZ_RAM_BASE 0x40000000ull
#define FUZZ_RAM_SIZE 0x2000000ull

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
        g_assert(b.gzipped == (b.inflated != NULL));
        g_assert(b.gzipped || (b.data == (const char *)data &&
                               b.size == size));
        g_assert(b.size <= (b.gzipped ? FUZZ_RAM_SIZE : size));
        fuzz_check_layout(&b, b.size);
        arm_boot_free(&b);
    } else {
        g_assert(err);
        g_assert(!b.inflated);
        error_free(err);
    }
    return 0;
}
