/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Streaming JSON message parser, as used by QMP monitors.
 *
 * The input is a byte stream holding a sequence of top-level JSON values
 * ("messages") with optional whitespace between them and no separator:
 * {"a":1}{"b":2} is two messages.  Bytes may be fed in arbitrary pieces;
 * each complete message is reported through the emit callback with
 * exactly one of @json (a new reference) or @err (an error, "JSON parse
 * error, ..."), both owned by the callback.
 *
 * Extensions: strings may be single-quoted, and \' is a valid escape.
 *
 * Recovery: a parse error ends the current message once its brackets
 * balance again.  An ASCII control character other than TAB, CR and LF
 * (outside or inside a string), or a byte 0xFE/0xFF, is a lexical error:
 * it is reported at once and the parser drops everything pending, so a
 * client can resynchronise by sending such a byte.  Raw TAB/CR/LF inside
 * a string are lexical errors too.
 *
 * Limits: nesting depth JSON_MAX_NESTING, token and message size
 * JSON_MAX_TOKEN_SIZE bytes, JSON_MAX_TOKEN_COUNT tokens per message.
 * Exceeding one reports an error and resets the parser.
 *
 * The callback must not feed, flush or destroy the parser that calls it.
 */
#ifndef QOBJECT_JSON_PARSER_H
#define QOBJECT_JSON_PARSER_H

#include "qobject/qobject.h"

#define JSON_MAX_NESTING      1024
#define JSON_MAX_TOKEN_SIZE   (64 * 1024 * 1024)
#define JSON_MAX_TOKEN_COUNT  (2 * 1024 * 1024)

typedef void JSONEmitFunc(void *opaque, QObject *json, Error *err);

typedef struct JSONLexer JSONLexer;
typedef struct JSONParser JSONParser;

/* Allocated by the caller (usually embedded in a monitor). */
typedef struct JSONMessageParser {
    JSONEmitFunc *emit;
    void *opaque;
    /* private */
    JSONLexer *lexer;
    JSONParser *parser;
    size_t token_count;         /* tokens in the current message */
    size_t message_size;        /* bytes of those tokens */
} JSONMessageParser;

void json_message_parser_init(JSONMessageParser *p, JSONEmitFunc *emit,
                              void *opaque);
void json_message_parser_feed(JSONMessageParser *p, const char *buf,
                              size_t len);
/*
 * End of input: complete a pending number or keyword, and report an
 * unfinished message as "JSON parse error, unexpected end of input".
 * The parser is then idle and may be fed again.
 */
void json_message_parser_flush(JSONMessageParser *p);
void json_message_parser_destroy(JSONMessageParser *p);

#endif
