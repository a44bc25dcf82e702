/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qobject_from_json(): the streaming parser applied to a whole string. */
#include "qemu/osdep.h"
#include "qobject/qjson.h"
#include "qobject/json-parser.h"

typedef struct JSONParseOne {
    QObject *value;
    Error *err;
    unsigned count;             /* messages seen */
} JSONParseOne;

/* Keep the first message; later ones only count. */
static void json_parse_one_emit(void *opaque, QObject *json, Error *err)
{
    JSONParseOne *s = opaque;

    if (s->count++ == 0) {
        s->value = json;
        s->err = err;
        return;
    }
    qobject_unref(json);
    error_free(err);
}

QObject *qobject_from_json(const char *string, Error **errp)
{
    JSONParseOne s = { .value = NULL };
    JSONMessageParser parser;

    json_message_parser_init(&parser, json_parse_one_emit, &s);
    json_message_parser_feed(&parser, string, strlen(string));
    json_message_parser_flush(&parser);
    json_message_parser_destroy(&parser);

    if (s.err) {
        error_propagate(errp, s.err);
        return NULL;
    }
    if (!s.count) {
        error_setg(errp, "JSON parse error, expecting value");
        return NULL;
    }
    if (s.count > 1) {
        qobject_unref(s.value);
        error_setg(errp, "JSON parse error, unexpected data after value");
        return NULL;
    }
    return s.value;
}
