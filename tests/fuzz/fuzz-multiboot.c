/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the Multiboot v1 loader (hw/i386/multiboot.c).  The input is the
 * kernel image.  It is planned against a 4 MiB guest RAM; an accepted
 * image is written into that RAM (heap memory, so the sanitizer sees
 * stray writes) and checked: the entry point lies in the loaded image,
 * the information block says what it should (flags, command line
 * "<kernel> <append>", boot loader name).
 */
#include "qemu/osdep.h"
#include "hw/i386/multiboot.h"
#include "qapi/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_RAM_SIZE 0x400000

static uint32_t rd32(const uint8_t *p)
{
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

static void fuzz_check(const Multiboot *mb, const uint8_t *ram)
{
    const uint8_t *mbi = ram + MULTIBOOT_INFO_ADDR;
    uint32_t cmdline = rd32(mbi + 16), name = rd32(mbi + 64);

    g_assert(multiboot_entry(mb) >= 0x80000);
    g_assert(multiboot_entry(mb) < FUZZ_RAM_SIZE);
    g_assert_cmphex(rd32(mbi) & 0x24f, ==, 0x24f);
    g_assert_cmpuint(rd32(mbi + 8), ==, (FUZZ_RAM_SIZE - 0x100000) / 1024);
    g_assert(cmdline > MULTIBOOT_INFO_ADDR && cmdline < MULTIBOOT_INFO_END);
    g_assert_cmpstr((const char *)ram + cmdline, ==, "fuzz-kernel a b");
    g_assert(name > MULTIBOOT_INFO_ADDR && name < MULTIBOOT_INFO_END);
    g_assert_cmpstr((const char *)ram + name, ==, "qemu");
}

static void fuzz_load(const Multiboot *mb)
{
    g_autofree uint8_t *ram = g_malloc0(FUZZ_RAM_SIZE);
    MemoryRegion sys, mr;
    AddressSpace as;

    memory_region_init(&sys, NULL, "system", UINT64_MAX);
    memory_region_init_ram_ptr(&mr, NULL, "ram", FUZZ_RAM_SIZE, ram);
    memory_region_add_subregion(&sys, 0, &mr);
    address_space_init(&as, &sys, "memory");
    g_assert(multiboot_load(mb, &as, &error_abort));
    fuzz_check(mb, ram);
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&mr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Error *err = NULL;
    Multiboot *mb = multiboot_new(data, size, "fuzz-kernel", "a b", NULL,
                                  FUZZ_RAM_SIZE, 0, &err);

    if (mb) {
        g_assert(!err);
        fuzz_load(mb);
        multiboot_free(mb);
    } else if (err) {
        error_free(err);
    }
    return 0;
}
