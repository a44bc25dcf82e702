/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A main() for fuzz harnesses built without libFuzzer (any compiler):
 * runs LLVMFuzzerTestOneInput() once over every file named on the command
 * line, or found (recursively, in name order) in a directory named there.
 * The default test run uses it to replay the seed corpora, so a harness is
 * compiled and its seeds are checked by every "make check".
 *
 * Arguments starting with '-' are libFuzzer options and are ignored, so the
 * same command line works for both kinds of build.  Exit status: 0 when at
 * least one input ran and every path could be read, 1 otherwise (a crash
 * or sanitizer report ends the process on its own).
 */
#include "qemu/osdep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Run one input from an exact-size copy, so sanitizers see overreads. */
static bool fuzz_run_file(const char *path)
{
    g_autoptr(GError) err = NULL;
    g_autofree char *contents = NULL;
    g_autofree uint8_t *data = NULL;
    gsize size;

    if (!g_file_get_contents(path, &contents, &size, &err)) {
        fprintf(stderr, "fuzz: %s\n", err->message);
        return false;
    }
    data = g_malloc(size ? size : 1);
    memcpy(data, contents, size);
    LLVMFuzzerTestOneInput(data, size);
    return true;
}

static gint fuzz_compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Run @path, a file or a directory tree.  Adds the number of inputs run
 * to @count; returns false if something could not be read.
 */
static bool fuzz_run_path(const char *path, unsigned *count)
{
    g_autoptr(GError) err = NULL;
    g_autoptr(GPtrArray) names = NULL;
    GDir *dir;
    const char *name;
    bool ok = true;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        if (!fuzz_run_file(path)) {
            return false;
        }
        (*count)++;
        return true;
    }
    dir = g_dir_open(path, 0, &err);
    if (!dir) {
        fprintf(stderr, "fuzz: %s\n", err->message);
        return false;
    }
    names = g_ptr_array_new_with_free_func(g_free);
    while ((name = g_dir_read_name(dir))) {
        /* Skip .gitkeep and the like. */
        if (name[0] == '.') {
            continue;
        }
        g_ptr_array_add(names, g_build_filename(path, name, NULL));
    }
    g_dir_close(dir);
    g_ptr_array_sort(names, fuzz_compare_names);
    for (guint i = 0; i < names->len; i++) {
        ok &= fuzz_run_path(g_ptr_array_index(names, i), count);
    }
    return ok;
}

int main(int argc, char **argv)
{
    unsigned count = 0;
    bool ok = true;

    if (LLVMFuzzerInitialize) {
        LLVMFuzzerInitialize(&argc, &argv);
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-') {
            ok &= fuzz_run_path(argv[i], &count);
        }
    }
    printf("fuzz: %u inputs run\n", count);
    if (!count) {
        fprintf(stderr, "fuzz: no input (usage: %s CORPUS-DIR|FILE...)\n",
                argv[0]);
    }
    return ok && count ? 0 : 1;
}
