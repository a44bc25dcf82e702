/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Incremental JSON parser: consumes one token at a time and builds the
 * value of the current message with an explicit stack of open containers,
 * so nothing is buffered but the value itself and recursion depth does
 * not depend on the input.
 *
 * After a parse error the partial value is freed at once, and the rest of
 * the message is skipped by counting brackets; the error is reported when
 * they balance again, so one bad message yields exactly one error.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"
#include "qobject/qnull.h"
#include "json-internal.h"

/* Longest piece of input quoted in an error message. */
#define JSON_ERROR_QUOTE_MAX 32

typedef enum JSONFrameState {
    FRAME_DICT_START,           /* after '{': key or '}' */
    FRAME_DICT_KEY,             /* after ',': key */
    FRAME_DICT_COLON,           /* after a key */
    FRAME_DICT_VALUE,           /* after ':' */
    FRAME_DICT_NEXT,            /* after a member: ',' or '}' */
    FRAME_LIST_START,           /* after '[': value or ']' */
    FRAME_LIST_VALUE,           /* after ',' */
    FRAME_LIST_NEXT,            /* after an element: ',' or ']' */
} JSONFrameState;

/* An open container; @container is owned by its parent (or the root). */
typedef struct JSONFrame {
    QObject *container;
    JSONFrameState state;
    char *key;                  /* pending key in FRAME_DICT_VALUE */
} JSONFrame;

struct JSONParser {
    GArray *stack;              /* of JSONFrame */
    QObject *root;              /* the message's value, owned */
    bool complete;              /* @root is finished */
    Error *err;                 /* set while skipping a bad message */
    size_t depth;               /* open brackets in the current message */
};

JSONParser *json_parser_new(void)
{
    JSONParser *parser = g_new0(JSONParser, 1);

    parser->stack = g_array_new(false, false, sizeof(JSONFrame));
    return parser;
}

static void json_parser_clear_stack(JSONParser *parser)
{
    guint i;

    for (i = 0; i < parser->stack->len; i++) {
        g_free(g_array_index(parser->stack, JSONFrame, i).key);
    }
    g_array_set_size(parser->stack, 0);
    qobject_unref(parser->root);
    parser->root = NULL;
    parser->complete = false;
}

void json_parser_reset(JSONParser *parser)
{
    json_parser_clear_stack(parser);
    error_free(parser->err);
    parser->err = NULL;
    parser->depth = 0;
}

void json_parser_free(JSONParser *parser)
{
    if (parser) {
        json_parser_reset(parser);
        g_array_free(parser->stack, true);
        g_free(parser);
    }
}

bool json_parser_idle(const JSONParser *parser)
{
    return !parser->root && !parser->err && parser->depth == 0;
}

/* Record a parse error; the partial value is no longer needed. */
static bool G_GNUC_PRINTF(2, 3)
json_parser_error(JSONParser *parser, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    json_parser_clear_stack(parser);
    error_setg(&parser->err, "JSON parse error, %s", msg);
    return false;
}

/* Error quoting (a prefix of) the offending input. */
static bool json_parser_error_quoted(JSONParser *parser, const char *what,
                                     const char *text, size_t len)
{
    bool cut = len > JSON_ERROR_QUOTE_MAX;

    return json_parser_error(parser, "%s '%.*s%s'", what,
                             (int)(cut ? JSON_ERROR_QUOTE_MAX : len), text,
                             cut ? "..." : "");
}

static JSONFrame *json_parser_top(JSONParser *parser)
{
    if (!parser->stack->len) {
        return NULL;
    }
    return &g_array_index(parser->stack, JSONFrame, parser->stack->len - 1);
}

/* Four hex digits at *@p (before @end) as a code unit, or -1. */
static int json_read_hex4(const char *p, const char *end)
{
    int val = 0;
    int i;

    if (end - p < 4) {
        return -1;
    }
    for (i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit(p[i])) {
            return -1;
        }
        val = val * 16 + g_ascii_xdigit_value(p[i]);
    }
    return val;
}

/* Decode the \uXXXX escape (and a low surrogate after it) at *@pp. */
static const char *json_decode_unicode(GString *out, const char **pp,
                                       const char *end)
{
    const char *p = *pp;
    int cp = json_read_hex4(p, end);
    int lo;

    if (cp < 0) {
        return "invalid \\u escape in string";
    }
    p += 4;
    if (cp >= 0xd800 && cp <= 0xdbff) {
        if (end - p < 2 || p[0] != '\\' || p[1] != 'u') {
            return "unpaired surrogate in string";
        }
        lo = json_read_hex4(p + 2, end);
        if (lo < 0) {
            return "invalid \\u escape in string";
        }
        if (lo < 0xdc00 || lo > 0xdfff) {
            return "unpaired surrogate in string";
        }
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        p += 6;
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
        return "unpaired surrogate in string";
    } else if (cp == 0) {
        return "\\u0000 is not supported in string";
    }
    g_string_append_unichar(out, cp);
    *pp = p;
    return NULL;
}

/* Decode the escape whose letter is at *@pp; returns an error or NULL. */
static const char *json_decode_escape(GString *out, const char **pp,
                                      const char *end)
{
    static const char plain[] = "\"'\\/";
    static const char letters[] = "bfnrt";
    static const char values[] = "\b\f\n\r\t";
    char c = *(*pp)++;
    const char *hit;

    if (c == 'u') {
        return json_decode_unicode(out, pp, end);
    }
    if (c && strchr(plain, c)) {
        g_string_append_c(out, c);
    } else if (c && (hit = strchr(letters, c))) {
        g_string_append_c(out, values[hit - letters]);
    } else {
        return "invalid escape sequence in string";
    }
    return NULL;
}

/*
 * Decode a string token (quotes included).  The lexer guarantees that
 * every backslash is followed by a character before the closing quote.
 */
static QString *json_parser_string(JSONParser *parser, const JSONToken *tok)
{
    g_autoptr(GString) out = g_string_sized_new(tok->len);
    const char *p = tok->text + 1;
    const char *end = tok->text + tok->len - 1;
    const char *msg = NULL;

    while (p < end && !msg) {
        if (*p == '\\') {
            p++;
            msg = json_decode_escape(out, &p, end);
        } else {
            g_string_append_c(out, *p++);
        }
    }
    if (!msg && !g_utf8_validate(out->str, out->len, NULL)) {
        msg = "invalid UTF-8 sequence in string";
    }
    if (msg) {
        json_parser_error(parser, "%s", msg);
        return NULL;
    }
    return qstring_from_gstring(g_steal_pointer(&out));
}

/* Check @s against the JSON number grammar; *@is_int if no frac/exp. */
static bool json_number_valid(const char *s, bool *is_int)
{
    if (*s == '-') {
        s++;
    }
    if (*s == '0') {
        s++;
    } else if (*s >= '1' && *s <= '9') {
        while (g_ascii_isdigit(*s)) {
            s++;
        }
    } else {
        return false;
    }
    *is_int = true;
    if (*s == '.') {
        *is_int = false;
        if (!g_ascii_isdigit(*++s)) {
            return false;
        }
        while (g_ascii_isdigit(*s)) {
            s++;
        }
    }
    if (*s == 'e' || *s == 'E') {
        *is_int = false;
        s += (s[1] == '+' || s[1] == '-') ? 2 : 1;
        if (!g_ascii_isdigit(*s)) {
            return false;
        }
        while (g_ascii_isdigit(*s)) {
            s++;
        }
    }
    return *s == '\0';
}

/* int64 if it fits, else uint64 if it fits, else double. */
static QObject *json_parser_number(JSONParser *parser, const JSONToken *tok)
{
    bool is_int;
    double dbl;

    if (!json_number_valid(tok->text, &is_int)) {
        json_parser_error_quoted(parser, "invalid number", tok->text,
                                 tok->len);
        return NULL;
    }
    if (is_int) {
        int64_t i64;
        uint64_t u64;

        errno = 0;
        i64 = g_ascii_strtoll(tok->text, NULL, 10);
        if (!errno) {
            return QOBJECT(qnum_from_int(i64));
        }
        errno = 0;
        u64 = g_ascii_strtoull(tok->text, NULL, 10);
        if (!errno && tok->text[0] != '-') {
            return QOBJECT(qnum_from_uint(u64));
        }
    }
    dbl = g_ascii_strtod(tok->text, NULL);
    if (isinf(dbl)) {
        json_parser_error_quoted(parser, "number out of range", tok->text,
                                 tok->len);
        return NULL;
    }
    return QOBJECT(qnum_from_double(dbl));
}

static QObject *json_parser_keyword(JSONParser *parser, const JSONToken *tok)
{
    if (!strcmp(tok->text, "true")) {
        return QOBJECT(qbool_from_bool(true));
    }
    if (!strcmp(tok->text, "false")) {
        return QOBJECT(qbool_from_bool(false));
    }
    if (!strcmp(tok->text, "null")) {
        return QOBJECT(qnull());
    }
    json_parser_error_quoted(parser, "invalid keyword", tok->text, tok->len);
    return NULL;
}

/* Store a finished value in the open container, or as the root. */
static void json_parser_add(JSONParser *parser, QObject *value)
{
    JSONFrame *top = json_parser_top(parser);

    if (!top) {
        g_assert(!parser->root);
        parser->root = value;
        parser->complete = true;
    } else if (top->state == FRAME_DICT_VALUE) {
        qdict_put_obj(qobject_to_qdict(top->container), top->key, value);
        g_free(top->key);
        top->key = NULL;
        top->state = FRAME_DICT_NEXT;
    } else {
        qlist_append_obj(qobject_to_qlist(top->container), value);
        top->state = FRAME_LIST_NEXT;
    }
}

/* Open a container: add it to its parent, then make it the top. */
static bool json_parser_open(JSONParser *parser, bool is_dict)
{
    JSONFrame frame = { .key = NULL };

    if (parser->stack->len >= JSON_MAX_NESTING) {
        return json_parser_error(parser, "nesting too deep");
    }
    if (is_dict) {
        frame.container = QOBJECT(qdict_new());
        frame.state = FRAME_DICT_START;
    } else {
        frame.container = QOBJECT(qlist_new());
        frame.state = FRAME_LIST_START;
    }
    json_parser_add(parser, frame.container);
    parser->complete = false;
    g_array_append_val(parser->stack, frame);
    return true;
}

static bool json_parser_close(JSONParser *parser)
{
    g_array_set_size(parser->stack, parser->stack->len - 1);
    parser->complete = !parser->stack->len;
    return true;
}

/* A token where a value is expected. */
static bool json_parser_value(JSONParser *parser, const JSONToken *tok)
{
    QObject *value;

    switch (tok->type) {
    case JSON_LCURLY:
        return json_parser_open(parser, true);
    case JSON_LSQUARE:
        return json_parser_open(parser, false);
    case JSON_STRING:
        value = QOBJECT(json_parser_string(parser, tok));
        break;
    case JSON_NUMBER:
        value = json_parser_number(parser, tok);
        break;
    case JSON_KEYWORD:
        value = json_parser_keyword(parser, tok);
        break;
    default:
        return json_parser_error(parser, "expecting value");
    }
    if (value) {
        json_parser_add(parser, value);
    }
    return value != NULL;
}

/* A token where a member's key is expected. */
static bool json_parser_key(JSONParser *parser, JSONFrame *top,
                            const JSONToken *tok)
{
    QString *key;

    if (tok->type != JSON_STRING) {
        return json_parser_error(parser, "key is not a string in object");
    }
    key = json_parser_string(parser, tok);
    if (!key) {
        return false;
    }
    if (qdict_haskey(qobject_to_qdict(top->container),
                     qstring_get_str(key))) {
        json_parser_error_quoted(parser, "duplicate key",
                                 qstring_get_str(key),
                                 qstring_get_length(key));
        qobject_unref(key);
        return false;
    }
    top->key = g_strdup(qstring_get_str(key));
    top->state = FRAME_DICT_COLON;
    qobject_unref(key);
    return true;
}

/* After a member or element: ',' or the closing bracket. */
static bool json_parser_next(JSONParser *parser, JSONFrame *top,
                             const JSONToken *tok, bool is_dict)
{
    if (tok->type == JSON_COMMA) {
        top->state = is_dict ? FRAME_DICT_KEY : FRAME_LIST_VALUE;
        return true;
    }
    if (tok->type == (is_dict ? JSON_RCURLY : JSON_RSQUARE)) {
        return json_parser_close(parser);
    }
    return json_parser_error(parser, is_dict ?
                             "expecting ',' or '}' in object" :
                             "expecting ',' or ']' in array");
}

/* Advance the parse by one token; false (and parser->err) on error. */
static bool json_parser_step(JSONParser *parser, const JSONToken *tok)
{
    JSONFrame *top = json_parser_top(parser);

    if (tok->type == JSON_STRAY) {
        return json_parser_error(parser, "stray '%s'", tok->text);
    }
    if (!top) {
        return json_parser_value(parser, tok);
    }
    switch (top->state) {
    case FRAME_DICT_START:
        if (tok->type == JSON_RCURLY) {
            return json_parser_close(parser);
        }
        /* fall through */
    case FRAME_DICT_KEY:
        return json_parser_key(parser, top, tok);
    case FRAME_DICT_COLON:
        if (tok->type != JSON_COLON) {
            return json_parser_error(parser, "missing ':' in object pair");
        }
        top->state = FRAME_DICT_VALUE;
        return true;
    case FRAME_DICT_NEXT:
        return json_parser_next(parser, top, tok, true);
    case FRAME_LIST_START:
        if (tok->type == JSON_RSQUARE) {
            return json_parser_close(parser);
        }
        /* fall through */
    case FRAME_DICT_VALUE:
    case FRAME_LIST_VALUE:
        return json_parser_value(parser, tok);
    case FRAME_LIST_NEXT:
        return json_parser_next(parser, top, tok, false);
    }
    g_assert_not_reached();
}

/* Bracket depth of the message, whatever the parse state. */
static void json_parser_count_depth(JSONParser *parser, JSONTokenType type)
{
    if (type == JSON_LCURLY || type == JSON_LSQUARE) {
        parser->depth++;
    } else if ((type == JSON_RCURLY || type == JSON_RSQUARE) &&
               parser->depth) {
        parser->depth--;
    }
}

JSONParseStatus json_parser_token(JSONParser *parser, const JSONToken *tok,
                                  QObject **value, Error **err)
{
    bool skipping = parser->err != NULL;

    g_assert(tok->type < JSON_ERROR_BYTE);
    *value = NULL;
    *err = NULL;
    json_parser_count_depth(parser, tok->type);
    if (!skipping && json_parser_step(parser, tok)) {
        if (!parser->complete) {
            return JSON_PARSE_MORE;
        }
        *value = g_steal_pointer(&parser->root);
        parser->complete = false;
        return JSON_PARSE_DONE;
    }
    /*
     * Skip to the bracket that ends the message, unless the error was
     * nesting too deep: then give up at once.
     */
    if (parser->depth && (skipping || parser->depth <= JSON_MAX_NESTING)) {
        return JSON_PARSE_MORE;
    }
    *err = g_steal_pointer(&parser->err);
    json_parser_reset(parser);
    return JSON_PARSE_DONE;
}

Error *json_parser_finish(JSONParser *parser)
{
    Error *err = g_steal_pointer(&parser->err);

    g_assert(!json_parser_idle(parser) || err);
    if (!err) {
        error_setg(&err, "JSON parse error, unexpected end of input");
    }
    json_parser_reset(parser);
    return err;
}
