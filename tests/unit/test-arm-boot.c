/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Arm -kernel parser (hw/arm/boot.c) on gzip input: gzip'd Image,
 * ELF and raw files laid out as their inflated form (Image header:
 * load offset, reserved size), output buffer growth, trailing bytes
 * after the member, and the errors: truncated, corrupt (bad deflate
 * data, bad CRC, bad method), more output than RAM, gzip inside gzip,
 * empty.  arm_boot_init() on a gzip'd file in a temporary directory.
 */
#include "qemu/osdep.h"
#include "hw/arm/boot.h"
#include "qapi/error.h"
#include <gio/gio.h>

#define RAM_BASE 0x40000000ull
#define RAM_SIZE 0x1000000ull           /* 16 MiB */

/* gzip @size bytes at @data; the result is g_free'd by the caller. */
static uint8_t *gz(const void *data, size_t size, size_t *out_size)
{
    g_autoptr(GZlibCompressor) c =
        g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
    size_t cap = size + size / 8 + 1024;
    uint8_t *out = g_malloc(cap);
    gsize nread, nwritten;

    g_assert_cmpint(g_converter_convert(G_CONVERTER(c), data, size, out, cap,
                                        G_CONVERTER_INPUT_AT_END, &nread,
                                        &nwritten, NULL),
                    ==, G_CONVERTER_FINISHED);
    g_assert_cmpuint(nread, ==, size);
    *out_size = nwritten;
    return out;
}

/* An arm64 Image of @size bytes with the given header fields. */
static uint8_t *make_image(size_t size, uint64_t text_offset,
                           uint64_t image_size)
{
    uint8_t *img = g_malloc(size);

    for (size_t i = 0; i < size; i++) {
        img[i] = i * 7 + (i >> 9);
    }
    for (unsigned i = 0; i < 8; i++) {
        img[8 + i] = text_offset >> (8 * i);
        img[16 + i] = image_size >> (8 * i);
    }
    memcpy(img + 56, "ARM\x64", 4);
    return img;
}

/* Parse @data and expect failure with @msg in the message. */
static void expect_error(const uint8_t *data, size_t size, uint64_t ram,
                         const char *msg)
{
    ArmBootInfo b;
    Error *err = NULL;

    g_assert_false(arm_boot_parse(&b, data, size, RAM_BASE, ram, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), msg)) {
        g_test_message("error: %s", error_get_pretty(err));
        g_assert_not_reached();
    }
    g_assert_null(b.inflated);
    error_free(err);
}

static void test_gzip_image(void)
{
    g_autofree uint8_t *img = make_image(0x30000, 0x200000, 0x100000);
    g_autofree uint8_t *z = NULL;
    size_t zsize;
    ArmBootInfo b;

    z = gz(img, 0x30000, &zsize);
    g_assert_cmpuint(zsize, <, 0x30000);
    g_assert_true(arm_boot_parse(&b, z, zsize, RAM_BASE, RAM_SIZE,
                                 &error_abort));
    g_assert_true(b.gzipped);
    g_assert_cmpint(b.format, ==, ARM_BOOT_IMAGE);
    g_assert_cmpuint(b.size, ==, 0x30000);
    g_assert_true(b.data == b.inflated);
    g_assert_cmpmem(b.data, b.size, img, 0x30000);
    g_assert_cmpuint(b.nsegs, ==, 1);
    g_assert_cmphex(b.segs[0].addr, ==, RAM_BASE + 0x200000);
    g_assert_cmphex(b.segs[0].offset, ==, 0);
    g_assert_cmphex(b.segs[0].filesz, ==, 0x30000);
    g_assert_cmphex(b.segs[0].memsz, ==, 0x100000);
    g_assert_cmphex(b.entry, ==, RAM_BASE + 0x200000);
    g_assert_cmphex(b.high, ==, RAM_BASE + 0x300000);
    arm_boot_free(&b);
    g_assert_null(b.inflated);
}

/* 2.5 MiB from a few KiB: the output buffer grows from 1 MiB twice */
static void test_gzip_grow(void)
{
    g_autofree uint8_t *img = make_image(0x280000, 0, 0x400000);
    g_autofree uint8_t *z = NULL;
    size_t zsize;
    ArmBootInfo b;

    memset(img + 0x1000, 0, 0x280000 - 0x2000);
    z = gz(img, 0x280000, &zsize);
    g_assert_cmpuint(zsize * 4, <, 0x100000);
    g_assert_true(arm_boot_parse(&b, z, zsize, RAM_BASE, RAM_SIZE,
                                 &error_abort));
    g_assert_cmpmem(b.data, b.size, img, 0x280000);
    g_assert_cmphex(b.segs[0].memsz, ==, 0x400000);
    arm_boot_free(&b);
}

/* image_size 0 (old kernels): 0x80000 and the file size; plus garbage */
static void test_gzip_image_old_trailing(void)
{
    g_autofree uint8_t *img = make_image(0x1000, 0x1234, 0);
    g_autofree uint8_t *z = NULL;
    size_t zsize;
    ArmBootInfo b;

    z = gz(img, 0x1000, &zsize);
    z = g_realloc(z, zsize + 100);
    memset(z + zsize, 0xa5, 100);
    g_assert_true(arm_boot_parse(&b, z, zsize + 100, RAM_BASE, RAM_SIZE,
                                 &error_abort));
    g_assert_cmpint(b.format, ==, ARM_BOOT_IMAGE);
    g_assert_cmphex(b.segs[0].addr, ==, RAM_BASE + 0x80000);
    g_assert_cmphex(b.segs[0].memsz, ==, 0x1000);
    g_assert_cmpmem(b.data, b.size, img, 0x1000);
    arm_boot_free(&b);
}

static void test_gzip_elf_raw(void)
{
    uint8_t elf[0x100] = { 0 };
    uint8_t raw[300];
    g_autofree uint8_t *z = NULL;
    size_t zsize;
    ArmBootInfo b;

    /* ELF64 AArch64 ET_EXEC, one PT_LOAD: file 0x80..0x100 at 0x40100000 */
    memcpy(elf, "\x7f" "ELF\x02\x01\x01", 7);
    elf[16] = 2;
    elf[18] = 183;
    elf[24] = 0x10;                     /* e_entry 0x40100010 */
    elf[26] = 0x10;
    elf[27] = 0x40;
    elf[32] = 64;                       /* e_phoff */
    elf[54] = 56;
    elf[56] = 1;
    elf[64] = 1;                        /* PT_LOAD */
    elf[64 + 8] = 0x80;                 /* p_offset */
    elf[64 + 24 + 2] = 0x10;            /* p_paddr 0x40100000 */
    elf[64 + 24 + 3] = 0x40;
    elf[64 + 32] = 0x80;                /* p_filesz */
    elf[64 + 40 + 1] = 0x10;            /* p_memsz 0x1000 */
    z = gz(elf, sizeof(elf), &zsize);
    g_assert_true(arm_boot_parse(&b, z, zsize, RAM_BASE, RAM_SIZE,
                                 &error_abort));
    g_assert_cmpint(b.format, ==, ARM_BOOT_ELF);
    g_assert_cmphex(b.entry, ==, 0x40100010);
    g_assert_cmphex(b.segs[0].addr, ==, 0x40100000);
    g_assert_cmphex(b.segs[0].memsz, ==, 0x1000);
    arm_boot_free(&b);
    g_free(z);

    memset(raw, 0x5a, sizeof(raw));
    z = gz(raw, sizeof(raw), &zsize);
    g_assert_true(arm_boot_parse(&b, z, zsize, RAM_BASE, RAM_SIZE,
                                 &error_abort));
    g_assert_cmpint(b.format, ==, ARM_BOOT_RAW);
    g_assert_cmphex(b.entry, ==, RAM_BASE + 0x80000);
    g_assert_cmpuint(b.segs[0].filesz, ==, sizeof(raw));
    arm_boot_free(&b);
}

static void test_gzip_errors(void)
{
    g_autofree uint8_t *img = make_image(0x8000, 0, 0x10000);
    g_autofree uint8_t *zeros = g_malloc0(2 * RAM_SIZE);
    g_autofree uint8_t *z = NULL, *zz = NULL, *bomb = NULL, *empty = NULL;
    size_t zsize, zzsize, bsize, esize;

    z = gz(img, 0x8000, &zsize);
    /* truncated anywhere after the header */
    expect_error(z, 2, RAM_SIZE, "truncated");
    expect_error(z, 10, RAM_SIZE, "truncated");
    expect_error(z, zsize / 2, RAM_SIZE, "truncated");
    expect_error(z, zsize - 1, RAM_SIZE, "truncated");
    /* wrong CRC-32 in the trailer */
    z[zsize - 8] ^= 1;
    expect_error(z, zsize, RAM_SIZE, "corrupt");
    z[zsize - 8] ^= 1;
    /* a deflate block of the reserved type 3 */
    z[10] = 0xff;
    expect_error(z, zsize, RAM_SIZE, "corrupt");
    /* compression method other than deflate */
    z[2] = 7;
    expect_error(z, zsize, RAM_SIZE, "corrupt");
    /* 32 MiB of zeros (a few KiB compressed) in 16 MiB of RAM */
    bomb = gz(zeros, 2 * RAM_SIZE, &bsize);
    expect_error(bomb, bsize, RAM_SIZE, "more than the RAM size");
    /* gzip inside gzip; empty */
    g_free(z);
    z = gz(img, 0x8000, &zsize);
    zz = gz(z, zsize, &zzsize);
    expect_error(zz, zzsize, RAM_SIZE, "another gzip");
    empty = gz("", 0, &esize);
    expect_error(empty, esize, RAM_SIZE, "empty");
    /* inflates fine but does not fit: the Image's usual checks apply */
    expect_error(z, zsize, 0xc000, "not inside RAM");
}

static void test_gzip_init(void)
{
    g_autofree uint8_t *img = make_image(0x2000, 0x80000, 0x4000);
    g_autofree uint8_t *z = NULL;
    g_autofree char *dir = g_dir_make_tmp("arm-boot-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "Image.gz", NULL);
    size_t zsize;
    ArmBootInfo b;
    Error *err = NULL;

    z = gz(img, 0x2000, &zsize);
    g_assert_true(g_file_set_contents(path, (char *)z, zsize, NULL));
    g_assert_true(arm_boot_init(&b, path, RAM_BASE, RAM_SIZE, 0, 0, 0x1000,
                                &error_abort));
    g_assert_true(b.gzipped);
    g_assert_null(b.file);              /* the compressed copy is gone */
    g_assert_cmphex(b.entry, ==, RAM_BASE + 0x80000);
    g_assert_cmphex(b.dtb_addr, ==, RAM_BASE + 0x90000);
    arm_boot_free(&b);
    /* a truncated file: the message names the file */
    g_assert_true(g_file_set_contents(path, (char *)z, zsize - 4, NULL));
    g_assert_false(arm_boot_init(&b, path, RAM_BASE, RAM_SIZE, 0, 0, 0x1000,
                                 &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "could not load kernel"));
    g_assert_nonnull(strstr(error_get_pretty(err), "truncated"));
    g_assert_null(b.file);
    error_free(err);
    unlink(path);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-boot/gzip/image", test_gzip_image);
    g_test_add_func("/arm-boot/gzip/grow", test_gzip_grow);
    g_test_add_func("/arm-boot/gzip/image-old-trailing",
                    test_gzip_image_old_trailing);
    g_test_add_func("/arm-boot/gzip/elf-raw", test_gzip_elf_raw);
    g_test_add_func("/arm-boot/gzip/errors", test_gzip_errors);
    g_test_add_func("/arm-boot/gzip/init", test_gzip_init);
    return g_test_run();
}
