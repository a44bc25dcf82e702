/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -kernel on the virt machine with gzip-compressed files: a gzip'd arm64
 * Image is inflated and placed by its header (RAM + text_offset, the
 * image_size reserve zeroed, the DTB after it), seen through qtest
 * memory reads; a truncated and a corrupt gzip file end the program at
 * startup with exit status 1 and a "qemu-system-aarch64: could not load
 * kernel" message.
 */
#include "qemu/osdep.h"
#include <gio/gio.h>
#include "libqtest.h"

#define RAM_BASE    0x40000000ull
#define TEXT_OFFSET 0x200000ull
#define IMAGE_SIZE  0x100000ull
#define FILE_SIZE   0x20000u

/* gzip @size bytes at @data into @path; returns the compressed size. */
static size_t write_gz(const char *path, const void *data, size_t size)
{
    g_autoptr(GZlibCompressor) c =
        g_zlib_compressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
    size_t cap = size + size / 8 + 1024;
    g_autofree char *out = g_malloc(cap);
    gsize nread, nwritten;

    g_assert_cmpint(g_converter_convert(G_CONVERTER(c), data, size, out, cap,
                                        G_CONVERTER_INPUT_AT_END, &nread,
                                        &nwritten, NULL),
                    ==, G_CONVERTER_FINISHED);
    g_assert_true(g_file_set_contents(path, out, nwritten, NULL));
    return nwritten;
}

static uint8_t *make_image(void)
{
    uint8_t *img = g_malloc(FILE_SIZE);

    for (unsigned i = 0; i < FILE_SIZE; i++) {
        img[i] = (i * 13) ^ (i >> 8);
    }
    memset(img, 0, 64);
    for (unsigned i = 0; i < 8; i++) {
        img[8 + i] = TEXT_OFFSET >> (8 * i);
        img[16 + i] = IMAGE_SIZE >> (8 * i);
    }
    memcpy(img + 56, "ARM\x64", 4);
    return img;
}

static void test_gzip_image(void)
{
    g_autofree char *dir = g_dir_make_tmp("virt-kernel-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "Image.gz", NULL);
    g_autofree uint8_t *img = make_image();
    g_autofree uint8_t *got = g_malloc(FILE_SIZE);
    QTestState *qts;

    write_gz(path, img, FILE_SIZE);
    qts = qtest_initf("-machine virt -m 64 -kernel %s", path);
    qtest_memread(qts, RAM_BASE + TEXT_OFFSET, got, FILE_SIZE);
    g_assert_cmpmem(got, FILE_SIZE, img, FILE_SIZE);
    /* the rest of image_size is zeroed, the DTB comes next (64 KiB) */
    g_assert_cmphex(qtest_readq(qts, RAM_BASE + TEXT_OFFSET + FILE_SIZE),
                    ==, 0);
    g_assert_cmphex(qtest_readq(qts, RAM_BASE + TEXT_OFFSET + IMAGE_SIZE - 8),
                    ==, 0);
    g_assert_cmphex(qtest_readl(qts, RAM_BASE + TEXT_OFFSET + IMAGE_SIZE),
                    ==, 0xedfe0dd0);            /* d0 0d fe ed */
    qtest_quit(qts);
    unlink(path);
    rmdir(dir);
}

/* Run the binary with -kernel @path; expect exit 1 and @msg on stderr. */
static void expect_startup_error(const char *path, const char *msg)
{
    const char *argv[] = {
        getenv("QTEST_QEMU_BINARY"), "-machine", "virt", "-display", "none",
        "-kernel", path, NULL
    };
    g_autofree char *out = NULL, *err = NULL;
    g_autofree char *want = g_strdup_printf("qemu-system-aarch64: could not "
                                            "load kernel '%s': %s", path,
                                            msg);
    int status;

    g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT,
                               NULL, NULL, &out, &err, &status, NULL));
    g_assert_true(WIFEXITED(status));
    g_assert_cmpint(WEXITSTATUS(status), ==, 1);
    if (!strstr(err, want)) {
        g_test_message("stderr: %s", err);
        g_assert_not_reached();
    }
}

static void test_gzip_errors(void)
{
    g_autofree char *dir = g_dir_make_tmp("virt-kernel-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "Image.gz", NULL);
    g_autofree uint8_t *img = make_image();
    g_autofree char *data = NULL;
    gsize size = write_gz(path, img, FILE_SIZE);

    g_assert_true(g_file_get_contents(path, &data, &size, NULL));
    g_assert_true(g_file_set_contents(path, data, size / 2, NULL));
    expect_startup_error(path, "the gzip data is truncated");
    data[size - 1] ^= 0x40;             /* the length in the trailer */
    g_assert_true(g_file_set_contents(path, data, size, NULL));
    expect_startup_error(path, "the gzip data is corrupt");
    unlink(path);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virt/kernel/gzip-image", test_gzip_image);
    g_test_add_func("/virt/kernel/gzip-errors", test_gzip_errors);
    return g_test_run();
}
