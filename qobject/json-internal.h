/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private pieces of the JSON reader: the lexer (bytes -> tokens) and the
 * incremental parser (tokens -> one QObject per message).  The public
 * streaming API in json-streamer.c glues them together and enforces the
 * per-message limits.
 */
#ifndef QOBJECT_JSON_INTERNAL_H
#define QOBJECT_JSON_INTERNAL_H

#include "qobject/json-parser.h"

typedef enum JSONTokenType {
    JSON_LCURLY,
    JSON_RCURLY,
    JSON_LSQUARE,
    JSON_RSQUARE,
    JSON_COLON,
    JSON_COMMA,
    JSON_STRING,        /* with its quotes; escapes not yet decoded */
    JSON_NUMBER,        /* a run of [-+.0-9eE], not yet validated */
    JSON_KEYWORD,       /* a run of [A-Za-z0-9_\x80-\xfd], not validated */
    JSON_STRAY,         /* one printable ASCII char that starts nothing */
    /* Lexical errors: the lexer has already dropped its state. */
    JSON_ERROR_BYTE,    /* forbidden byte (control char, 0xFE, 0xFF) */
    JSON_ERROR_SIZE,    /* token longer than JSON_MAX_TOKEN_SIZE */
    JSON_ERROR_EOF,     /* flush inside a string */
} JSONTokenType;

/* A token; @text is NUL-terminated (for errors: the offending byte). */
typedef struct JSONToken {
    JSONTokenType type;
    const char *text;
    size_t len;
} JSONToken;

typedef void JSONTokenFunc(void *opaque, const JSONToken *token);

JSONLexer *json_lexer_new(JSONTokenFunc *emit, void *opaque);
void json_lexer_feed(JSONLexer *lexer, const char *buf, size_t len);
/* End of input: emit a pending number/keyword; drop a partial string. */
void json_lexer_flush(JSONLexer *lexer);
void json_lexer_free(JSONLexer *lexer);

typedef enum JSONParseStatus {
    JSON_PARSE_MORE,    /* message not complete yet */
    JSON_PARSE_DONE,    /* message complete: a value or an error */
} JSONParseStatus;

JSONParser *json_parser_new(void);
/*
 * Feed one (non-error) token.  On JSON_PARSE_DONE exactly one of *value
 * and *err is set, both owned by the caller, and the parser is idle
 * again.
 */
JSONParseStatus json_parser_token(JSONParser *parser, const JSONToken *tok,
                                  QObject **value, Error **err);
/* True when no message is in progress. */
bool json_parser_idle(const JSONParser *parser);
/*
 * End of input in the middle of a message: returns the error to report
 * and makes the parser idle.  Must not be called when idle.
 */
Error *json_parser_finish(JSONParser *parser);
/* Drop any message in progress. */
void json_parser_reset(JSONParser *parser);
void json_parser_free(JSONParser *parser);

#endif
