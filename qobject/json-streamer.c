/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSONMessageParser: the public streaming API.  Bytes go through the
 * lexer; its tokens go to the incremental parser, which reports each
 * complete message (value or error) to the caller's emit callback.  This
 * layer also turns lexical errors into resets and enforces the
 * per-message token count and size limits.
 */
#include "qemu/osdep.h"
#include "qobject/json-parser.h"
#include "json-internal.h"

static void json_message_start(JSONMessageParser *p)
{
    p->token_count = 0;
    p->message_size = 0;
}

/* Drop the message in progress and report @err for it. */
static void json_message_reset(JSONMessageParser *p, Error *err)
{
    json_parser_reset(p->parser);
    json_message_start(p);
    p->emit(p->opaque, NULL, err);
}

static void G_GNUC_PRINTF(2, 3)
json_message_reset_error(JSONMessageParser *p, const char *fmt, ...)
{
    Error *err = NULL;
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, "JSON parse error, %s", msg);
    json_message_reset(p, err);
}

static void json_message_lex_error(JSONMessageParser *p,
                                   const JSONToken *tok)
{
    switch (tok->type) {
    case JSON_ERROR_BYTE:
        json_message_reset_error(p, "invalid byte 0x%02X",
                                 (unsigned char)tok->text[0]);
        break;
    case JSON_ERROR_SIZE:
        json_message_reset_error(p, "token too large");
        break;
    default:
        json_message_reset_error(p, "unexpected end of input");
        break;
    }
}

static void json_message_token(void *opaque, const JSONToken *tok)
{
    JSONMessageParser *p = opaque;
    QObject *value;
    Error *err;

    if (tok->type >= JSON_ERROR_BYTE) {
        json_message_lex_error(p, tok);
        return;
    }
    p->token_count++;
    p->message_size += tok->len;
    if (p->token_count > JSON_MAX_TOKEN_COUNT) {
        json_message_reset_error(p, "too many tokens");
        return;
    }
    if (p->message_size > JSON_MAX_TOKEN_SIZE) {
        json_message_reset_error(p, "message too large");
        return;
    }
    if (json_parser_token(p->parser, tok, &value, &err) == JSON_PARSE_DONE) {
        json_message_start(p);
        p->emit(p->opaque, value, err);
    }
}

void json_message_parser_init(JSONMessageParser *p, JSONEmitFunc *emit,
                              void *opaque)
{
    p->emit = emit;
    p->opaque = opaque;
    p->lexer = json_lexer_new(json_message_token, p);
    p->parser = json_parser_new();
    json_message_start(p);
}

void json_message_parser_feed(JSONMessageParser *p, const char *buf,
                              size_t len)
{
    json_lexer_feed(p->lexer, buf, len);
}

void json_message_parser_flush(JSONMessageParser *p)
{
    json_lexer_flush(p->lexer);
    if (!json_parser_idle(p->parser)) {
        json_message_reset(p, json_parser_finish(p->parser));
    }
}

void json_message_parser_destroy(JSONMessageParser *p)
{
    json_lexer_free(p->lexer);
    json_parser_free(p->parser);
    p->lexer = NULL;
    p->parser = NULL;
}
