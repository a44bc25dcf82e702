/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness for the option parser (both strictness modes, with and
 * without a desc, the store) and the number/size/base64 parsers.  The input
 * is used whole as each parser's argument.
 */
#include "qemu/osdep.h"
#include "qemu/base64.h"
#include "qemu/cutils.h"
#include "qemu/option.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static const QemuOptDesc fuzz_desc[] = {
    { "type", QEMU_OPT_STRING },
    { "on", QEMU_OPT_BOOL },
    { "n", QEMU_OPT_NUMBER },
    { "sz", QEMU_OPT_SIZE, NULL, "1k" },
    { NULL }
};

static const QemuOptsList fuzz_lists[] = {
    { .name = "device", .implied_opt_name = "driver" },
    { .name = "netdev", .implied_opt_name = "type", .desc = fuzz_desc },
    { .name = "machine", .implied_opt_name = "type", .merge_lists = true,
      .keyval = true },
    { .name = "display", .implied_opt_name = "type", .keyval = true,
      .desc = fuzz_desc },
};

static int count_opt(void *opaque, const char *name, const char *value,
                     Error **errp)
{
    (*(size_t *)opaque) += strlen(name) + strlen(value);
    return 0;
}

/* Exercise every reader on one parsed instance. */
static void poke_opts(QemuOpts *opts)
{
    g_autofree char *s = qemu_opts_to_string(opts);
    Error *err = NULL;
    size_t n = 0;
    uint64_t v;
    bool b;

    g_assert(s);
    qemu_opt_foreach(opts, count_opt, &n, NULL);
    qemu_opt_get_bool_err(opts, "on", false, &b, &err);
    error_free(err);
    err = NULL;
    qemu_opt_get_number_err(opts, "n", 0, &v, &err);
    error_free(err);
    err = NULL;
    qemu_opt_get_size_err(opts, "sz", 0, &v, &err);
    error_free(err);
    qemu_opt_get(opts, "type");
    qemu_opt_unset(opts, "type");
}

static void fuzz_parse(const char *s)
{
    g_autoptr(QemuOptsStore) store = qemu_opts_store_new();
    size_t i;

    for (i = 0; i < ARRAY_SIZE(fuzz_lists); i++) {
        Error *err = NULL;
        QemuOpts *opts = qemu_opts_parse(&fuzz_lists[i], s, i & 1, &err);

        if (!opts) {
            g_assert(err);
            error_free(err);
            continue;
        }
        poke_opts(opts);
        /* Twice, to hit the duplicate-id and merge paths. */
        qemu_opts_store_add(store, opts, NULL);
        opts = qemu_opts_parse(&fuzz_lists[i], s, i & 1, NULL);
        if (opts) {
            qemu_opts_store_add(store, opts, NULL);
        }
    }
}

static void fuzz_numbers(const char *s, size_t len)
{
    const char *end;
    uint64_t u;
    int64_t i;
    double d;
    bool b;
    size_t out_len;
    g_autofree uint8_t *bin = NULL;

    qemu_strtosz(s, NULL, &u);
    qemu_strtosz(s, &end, &u);
    g_assert(end >= s && end <= s + len);
    qemu_strtosz_MiB(s, NULL, &u);
    qemu_strtosz_is_hex_with_suffix(s);
    qemu_strtou64(s, NULL, 0, &u);
    qemu_strtou64(s, &end, 0, &u);
    g_assert(end >= s && end <= s + len);
    qemu_strtoi64(s, NULL, 0, &i);
    qemu_strtod(s, NULL, &d);
    qapi_bool_parse("x", s, &b, NULL);
    id_wellformed(s);
    bin = qbase64_decode(s, len, &out_len, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /*
     * Short-form boolean warnings would flood the output: point the stdio
     * stream elsewhere but leave fd 2 to the sanitizers' reports.
     */
    FILE *quiet = fopen("/dev/null", "w");

    if (quiet) {
        stderr = quiet;
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *s = g_strndup((const char *)data, size);

    fuzz_parse(s);
    fuzz_numbers(s, strlen(s));
    return 0;
}
