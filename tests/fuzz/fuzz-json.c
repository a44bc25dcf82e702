/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the streaming JSON parser.  The input is fed in pieces whose size
 * comes from its first byte; every value parsed is written back (compact
 * and pretty), re-parsed and checked equal, and the compact text must be
 * a fixed point.  The whole input is also given to qobject_from_json().
 */
#include "qemu/osdep.h"
#include "qobject/qjson.h"
#include "qobject/json-parser.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_check_ascii(const GString *text)
{
    size_t i;

    for (i = 0; i < text->len; i++) {
        if ((unsigned char)text->str[i] >= 0x80) {
            abort();
        }
    }
}

/* Write @obj, read it back: it must be the same value. */
static void fuzz_round_trip(const QObject *obj, bool pretty)
{
    g_autoptr(GString) text = qobject_to_json_pretty(obj, pretty);
    g_autoptr(GString) text2 = NULL;
    Error *err = NULL;
    QObject *again;

    fuzz_check_ascii(text);
    again = qobject_from_json(text->str, &err);
    if (!again || !qobject_is_equal(obj, again)) {
        abort();
    }
    text2 = qobject_to_json_pretty(again, pretty);
    if (!g_string_equal(text, text2)) {
        abort();
    }
    qobject_unref(again);
}

static void fuzz_emit(void *opaque, QObject *json, Error *err)
{
    size_t *count = opaque;

    (*count)++;
    if (!json == !err) {
        abort();
    }
    if (json) {
        fuzz_round_trip(json, false);
        fuzz_round_trip(json, true);
        qobject_unref(json);
    } else {
        if (!g_str_has_prefix(error_get_pretty(err), "JSON parse error, ")) {
            abort();
        }
        error_free(err);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    JSONMessageParser p;
    size_t chunk = size ? data[0] % 32 + 1 : 1;
    size_t count = 0;
    size_t off;
    g_autofree char *str = g_strndup((const char *)data, size);
    Error *err = NULL;
    QObject *obj;

    json_message_parser_init(&p, fuzz_emit, &count);
    for (off = 0; off < size; off += chunk) {
        json_message_parser_feed(&p, (const char *)data + off,
                                 MIN(chunk, size - off));
    }
    json_message_parser_flush(&p);
    json_message_parser_destroy(&p);

    obj = qobject_from_json(str, &err);
    if (!obj == !err) {
        abort();
    }
    if (obj) {
        fuzz_round_trip(obj, false);
    }
    qobject_unref(obj);
    error_free(err);
    return 0;
}
