/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON lexer: splits a byte stream into tokens, one byte at a time, so
 * that input may arrive in arbitrary pieces.
 *
 * It only finds token boundaries.  Strings are kept raw (quotes and
 * escapes included) and numbers and keywords are maximal runs of the
 * characters they may contain; the parser validates and converts them,
 * so a malformed literal becomes a parse error of its message instead of
 * desynchronising the stream.
 *
 * Forbidden bytes (ASCII control characters other than TAB/CR/LF, DEL
 * outside strings, 0xFE, 0xFF; any control character inside a string)
 * are lexical errors: the partial token is dropped and the lexer restarts
 * from a clean state with the next byte.
 */
#include "qemu/osdep.h"
#include "json-internal.h"

typedef enum JSONLexState {
    LEX_START,
    LEX_STRING,
    LEX_ESCAPE,         /* in a string, after a backslash */
    LEX_NUMBER,
    LEX_KEYWORD,
} JSONLexState;

struct JSONLexer {
    JSONLexState state;
    char quote;                 /* '"' or '\'' while in a string */
    GString *token;
    JSONTokenFunc *emit;
    void *opaque;
};

JSONLexer *json_lexer_new(JSONTokenFunc *emit, void *opaque)
{
    JSONLexer *lexer = g_new0(JSONLexer, 1);

    lexer->state = LEX_START;
    lexer->token = g_string_sized_new(64);
    lexer->emit = emit;
    lexer->opaque = opaque;
    return lexer;
}

void json_lexer_free(JSONLexer *lexer)
{
    if (lexer) {
        g_string_free(lexer->token, true);
        g_free(lexer);
    }
}

static bool json_is_reset_byte(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
           c == 0x7f || c >= 0xfe;
}

static bool json_is_number_char(unsigned char c)
{
    return g_ascii_isdigit(c) || c == '-' || c == '+' || c == '.' ||
           c == 'e' || c == 'E';
}

static bool json_is_keyword_char(unsigned char c)
{
    return g_ascii_isalnum(c) || c == '_' || (c >= 0x80 && c < 0xfe);
}

/* Emit the accumulated token of @type and return to LEX_START. */
static void json_lexer_emit_token(JSONLexer *lexer, JSONTokenType type)
{
    JSONToken tok = {
        .type = type,
        .text = lexer->token->str,
        .len = lexer->token->len,
    };

    lexer->state = LEX_START;
    lexer->emit(lexer->opaque, &tok);
    g_string_truncate(lexer->token, 0);
}

/* Emit a one-byte token (structural char, stray char or bad byte). */
static void json_lexer_emit_byte(JSONLexer *lexer, JSONTokenType type,
                                 unsigned char c)
{
    char text[2] = { (char)c, '\0' };
    JSONToken tok = { .type = type, .text = text, .len = 1 };

    lexer->emit(lexer->opaque, &tok);
}

/* Drop the partial token and report @type (a lexical error). */
static void json_lexer_error(JSONLexer *lexer, JSONTokenType type,
                             unsigned char c)
{
    g_string_truncate(lexer->token, 0);
    lexer->state = LEX_START;
    json_lexer_emit_byte(lexer, type, c);
}

/* Add @c to the token being built, unless that exceeds the size limit. */
static bool json_lexer_append(JSONLexer *lexer, unsigned char c)
{
    if (lexer->token->len >= JSON_MAX_TOKEN_SIZE) {
        json_lexer_error(lexer, JSON_ERROR_SIZE, c);
        return false;
    }
    g_string_append_c(lexer->token, c);
    return true;
}

static void json_lexer_string_byte(JSONLexer *lexer, unsigned char c)
{
    if (c < 0x20 || c >= 0xfe) {
        json_lexer_error(lexer, JSON_ERROR_BYTE, c);
        return;
    }
    if (!json_lexer_append(lexer, c)) {
        return;
    }
    if (lexer->state == LEX_ESCAPE) {
        lexer->state = LEX_STRING;
    } else if (c == '\\') {
        lexer->state = LEX_ESCAPE;
    } else if (c == lexer->quote) {
        json_lexer_emit_token(lexer, JSON_STRING);
    }
}

static JSONTokenType json_structural_type(unsigned char c)
{
    switch (c) {
    case '{':
        return JSON_LCURLY;
    case '}':
        return JSON_RCURLY;
    case '[':
        return JSON_LSQUARE;
    case ']':
        return JSON_RSQUARE;
    case ':':
        return JSON_COLON;
    case ',':
        return JSON_COMMA;
    default:
        return JSON_STRAY;
    }
}

/* A byte seen between tokens. */
static void json_lexer_start_byte(JSONLexer *lexer, unsigned char c)
{
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        return;
    }
    if (json_is_reset_byte(c)) {
        json_lexer_error(lexer, JSON_ERROR_BYTE, c);
    } else if (c == '"' || c == '\'') {
        lexer->state = LEX_STRING;
        lexer->quote = c;
        json_lexer_append(lexer, c);
    } else if (g_ascii_isdigit(c) || c == '-') {
        lexer->state = LEX_NUMBER;
        json_lexer_append(lexer, c);
    } else if (json_is_keyword_char(c)) {
        lexer->state = LEX_KEYWORD;
        json_lexer_append(lexer, c);
    } else {
        json_lexer_emit_byte(lexer, json_structural_type(c), c);
    }
}

static void json_lexer_byte(JSONLexer *lexer, unsigned char c)
{
    switch (lexer->state) {
    case LEX_STRING:
    case LEX_ESCAPE:
        json_lexer_string_byte(lexer, c);
        return;
    case LEX_NUMBER:
        if (json_is_number_char(c)) {
            json_lexer_append(lexer, c);
            return;
        }
        json_lexer_emit_token(lexer, JSON_NUMBER);
        break;
    case LEX_KEYWORD:
        if (json_is_keyword_char(c)) {
            json_lexer_append(lexer, c);
            return;
        }
        json_lexer_emit_token(lexer, JSON_KEYWORD);
        break;
    case LEX_START:
        break;
    }
    json_lexer_start_byte(lexer, c);
}

/* Length of the run of plain string bytes at @buf (no quote/escape). */
static size_t json_lexer_string_run(const JSONLexer *lexer, const char *buf,
                                    size_t len)
{
    size_t n;

    for (n = 0; n < len; n++) {
        unsigned char c = buf[n];

        if (c < 0x20 || c >= 0xfe || c == '\\' || c == lexer->quote) {
            break;
        }
    }
    return n;
}

void json_lexer_feed(JSONLexer *lexer, const char *buf, size_t len)
{
    size_t i = 0;
    size_t run;

    while (i < len) {
        /* Fast path: copy string contents in bulk, up to the limit. */
        if (lexer->state == LEX_STRING) {
            run = MIN(len - i, JSON_MAX_TOKEN_SIZE - lexer->token->len);
            run = json_lexer_string_run(lexer, buf + i, run);
            if (run) {
                g_string_append_len(lexer->token, buf + i, run);
                i += run;
                continue;
            }
        }
        json_lexer_byte(lexer, buf[i++]);
    }
}

void json_lexer_flush(JSONLexer *lexer)
{
    switch (lexer->state) {
    case LEX_NUMBER:
        json_lexer_emit_token(lexer, JSON_NUMBER);
        break;
    case LEX_KEYWORD:
        json_lexer_emit_token(lexer, JSON_KEYWORD);
        break;
    case LEX_STRING:
    case LEX_ESCAPE:
        json_lexer_error(lexer, JSON_ERROR_EOF, '\0');
        break;
    case LEX_START:
        break;
    }
}
