/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the chardev option parsers: the input is parsed as a legacy spec
 * (-serial/-monitor/-qtest SPEC), and each of its lines as a "key=value"
 * -chardev option.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_legacy(const char *spec)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();
    Error *err = NULL;

    if (!chardev_parse_legacy(spec, o, &err)) {
        g_assert(err);
        error_free(err);
    }
}

static void fuzz_options(const char *text)
{
    g_autoptr(ChardevOptions) o = chardev_options_new();
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

    for (int i = 0; lines[i]; i++) {
        char *eq = strchr(lines[i], '=');
        Error *err = NULL;

        if (!eq) {
            continue;
        }
        *eq = '\0';
        if (!chardev_options_set(o, lines[i], eq + 1, &err)) {
            error_free(err);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *s = g_strndup((const char *)data, size);

    fuzz_legacy(s);
    fuzz_options(s);
    return 0;
}
