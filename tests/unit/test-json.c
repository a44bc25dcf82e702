/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the JSON parser (single-shot and streaming) and writer. */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qjson.h"
#include "qobject/json-parser.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"
#include "qobject/qnull.h"

/* ---- helpers ---- */

static char *to_json(const QObject *obj, bool pretty)
{
    return g_string_free(qobject_to_json_pretty(obj, pretty), false);
}

/* Parse @in and return its compact re-serialisation, or "error: MSG". */
static char *reformat(const char *in)
{
    Error *err = NULL;
    g_autoptr(QObject) obj = qobject_from_json(in, &err);

    if (!obj) {
        char *msg = g_strdup_printf("error: %s", error_get_pretty(err));

        error_free(err);
        return msg;
    }
    g_assert_null(err);
    return to_json(obj, false);
}

static void check_reformat(const char *in, const char *expected)
{
    g_autofree char *out = reformat(in);

    g_assert_cmpstr(out, ==, expected);
}

static void check_error(const char *in, const char *msg)
{
    g_autofree char *expected = g_strdup_printf("error: JSON parse error, %s",
                                                msg);

    check_reformat(in, expected);
}

/* Collects every message of a stream as one line of text. */
static void collect_emit(void *opaque, QObject *json, Error *err)
{
    GString *log = opaque;

    g_assert_true(!json != !err);
    if (json) {
        g_autofree char *s = to_json(json, false);

        g_string_append_printf(log, "%s\n", s);
        qobject_unref(json);
    } else {
        g_string_append_printf(log, "error: %s\n", error_get_pretty(err));
        error_free(err);
    }
}

/* Stream @len bytes of @in in pieces of @chunk bytes, then flush. */
static char *stream(const char *in, size_t len, size_t chunk)
{
    GString *log = g_string_new(NULL);
    JSONMessageParser p;
    size_t off;

    json_message_parser_init(&p, collect_emit, log);
    for (off = 0; off < len; off += chunk) {
        json_message_parser_feed(&p, in + off, MIN(chunk, len - off));
    }
    json_message_parser_flush(&p);
    json_message_parser_destroy(&p);
    return g_string_free(log, false);
}

static void check_stream(const char *in, const char *expected)
{
    size_t len = strlen(in);
    g_autofree char *whole = stream(in, len, len ? len : 1);
    g_autofree char *bytewise = stream(in, len, 1);

    g_assert_cmpstr(whole, ==, expected);
    g_assert_cmpstr(bytewise, ==, expected);
}

/* ---- writer ---- */

static void test_write_compact(void)
{
    g_autoptr(QDict) resp = qdict_new();
    g_autoptr(QDict) id = qdict_new();
    QList *l = qlist_new();
    g_autofree char *s1 = NULL;
    g_autofree char *s2 = NULL;

    qdict_put(resp, "return", qdict_new());
    qdict_put_int(resp, "id", 1);
    s1 = to_json(QOBJECT(resp), false);
    g_assert_cmpstr(s1, ==, "{\"return\": {}, \"id\": 1}");

    qlist_append_int(l, 1);
    qlist_append_int(l, 2);
    qdict_put(id, "x", l);
    qdict_put(id, "e", qlist_new());
    qdict_put_bool(id, "t", true);
    qdict_put_bool(id, "f", false);
    qdict_put_null(id, "n");
    qdict_put_str(id, "s", "str");
    s2 = to_json(QOBJECT(id), false);
    g_assert_cmpstr(s2, ==, "{\"x\": [1, 2], \"e\": [], \"t\": true, "
                    "\"f\": false, \"n\": null, \"s\": \"str\"}");
}

static void test_write_greeting(void)
{
    static const char greeting[] =
        "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 22, \"minor\": 2, "
        "\"major\": 7}, \"package\": \"Debian 1:7.2+dfsg-7+deb12u18+b3\"}, "
        "\"capabilities\": [\"oob\"]}}";

    /* Whitespace-free input comes back in QEMU's layout, order kept. */
    check_reformat("{\"QMP\":{\"version\":{\"qemu\":{\"micro\":22,"
                   "\"minor\":2,\"major\":7},\"package\":"
                   "\"Debian 1:7.2+dfsg-7+deb12u18+b3\"},"
                   "\"capabilities\":[\"oob\"]}}", greeting);
    check_reformat(greeting, greeting);
}

static void test_write_pretty(void)
{
    g_autoptr(QObject) status = qobject_from_json(
        "{\"return\": {\"status\": \"running\", \"singlestep\": false, "
        "\"running\": true}}", &error_abort);
    g_autoptr(QObject) empty = qobject_from_json("{\"return\": {}}",
                                                 &error_abort);
    g_autoptr(QObject) nested = qobject_from_json(
        "{\"a\": [1, {\"b\": null}, []], \"c\": {}}", &error_abort);
    g_autoptr(QObject) top_empty = QOBJECT(qdict_new());
    g_autoptr(QObject) scalar = QOBJECT(qnum_from_int(3));
    g_autofree char *s1 = to_json(status, true);
    g_autofree char *s2 = to_json(empty, true);
    g_autofree char *s3 = to_json(nested, true);
    g_autofree char *s4 = to_json(top_empty, true);
    g_autofree char *s5 = to_json(scalar, true);

    g_assert_cmpstr(s1, ==,
                    "{\n"
                    "    \"return\": {\n"
                    "        \"status\": \"running\",\n"
                    "        \"singlestep\": false,\n"
                    "        \"running\": true\n"
                    "    }\n"
                    "}");
    g_assert_cmpstr(s2, ==,
                    "{\n"
                    "    \"return\": {\n"
                    "    }\n"
                    "}");
    g_assert_cmpstr(s3, ==,
                    "{\n"
                    "    \"a\": [\n"
                    "        1,\n"
                    "        {\n"
                    "            \"b\": null\n"
                    "        },\n"
                    "        [\n"
                    "        ]\n"
                    "    ],\n"
                    "    \"c\": {\n"
                    "    }\n"
                    "}");
    g_assert_cmpstr(s4, ==, "{\n}");
    g_assert_cmpstr(s5, ==, "3");
}

static void check_write_str(const char *in, const char *expected)
{
    g_autoptr(QString) qs = qstring_from_str(in);
    g_autofree char *out = to_json(QOBJECT(qs), false);

    g_assert_cmpstr(out, ==, expected);
}

static void test_write_escapes(void)
{
    check_write_str("\"\\\b\f\n\r\t/", "\"\\\"\\\\\\b\\f\\n\\r\\t/\"");
    check_write_str("\x01\x1f\x7f ~", "\"\\u0001\\u001F\\u007F ~\"");
    check_write_str("\xc3\xa9\xe2\x82\xac", "\"\\u00E9\\u20AC\"");
    check_write_str("\xf0\x9f\x98\x80", "\"\\uD83D\\uDE00\"");
    check_write_str("\xf4\x8f\xbf\xbf", "\"\\uDBFF\\uDFFF\"");
    /* Invalid UTF-8: one U+FFFD per bad byte. */
    check_write_str("a\xff" "b\xc3", "\"a\\uFFFDb\\uFFFD\"");
    check_write_str("\xc0\x80", "\"\\uFFFD\\uFFFD\"");
    check_write_str("\xed\xa0\x80", "\"\\uFFFD\\uFFFD\\uFFFD\"");
    check_write_str("\xf4\x90\x80\x80", "\"\\uFFFD\\uFFFD\\uFFFD\\uFFFD\"");
    check_write_str("\xe2\x82", "\"\\uFFFD\\uFFFD\"");
}

static void check_write_double(double d, const char *expected)
{
    g_autoptr(QNum) qn = qnum_from_double(d);
    g_autofree char *out = to_json(QOBJECT(qn), false);

    g_assert_cmpstr(out, ==, expected);
}

static void test_write_numbers(void)
{
    g_autoptr(QList) l = qlist_new();
    g_autofree char *s = NULL;

    qlist_append_int(l, INT64_MIN);
    qlist_append_int(l, INT64_MAX);
    qlist_append_uint(l, UINT64_MAX);
    qlist_append_uint(l, 5);
    s = to_json(QOBJECT(l), false);
    g_assert_cmpstr(s, ==, "[-9223372036854775808, 9223372036854775807, "
                    "18446744073709551615, 5]");

    check_write_double(1.5, "1.5");
    check_write_double(1e100, "1e+100");
    check_write_double(0.1, "0.1");
    check_write_double(100.0, "100.0");
    check_write_double(-0.0, "-0.0");
    check_write_double(1e-7, "1e-07");
    check_write_double(1.0 / 3, "0.3333333333333333");
    check_write_double(5e-324, "5e-324");
    check_write_double(1.7976931348623157e308, "1.7976931348623157e+308");
    check_write_double(INFINITY, "null");
    check_write_double(NAN, "null");
}

/* ---- parser ---- */

static void test_parse_values(void)
{
    check_reformat(" {\"a\" : [ 1 , -2 , 3.25 ] ,\t\"b\":\r\n{}} ",
                   "{\"a\": [1, -2, 3.25], \"b\": {}}");
    check_reformat("[true, false, null, \"\", [], [[]]]",
                   "[true, false, null, \"\", [], [[]]]");
    check_reformat("{'execute': 'qmp_capabilities'}",
                   "{\"execute\": \"qmp_capabilities\"}");
    check_reformat("'it\\'s \"q\"'", "\"it's \\\"q\\\"\"");
    check_reformat("\"it\\'s 'q'\"", "\"it's 'q'\"");
    check_reformat("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
                   "\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
    check_reformat("\"\\u00e9\\u20AC\\ud83d\\ude00 \xc3\xa9\"",
                   "\"\\u00E9\\u20AC\\uD83D\\uDE00 \\u00E9\"");
    check_reformat("\"\x7f\"", "\"\\u007F\"");
    check_reformat("{\"id\": {\"x\": [1, 2]}}", "{\"id\": {\"x\": [1, 2]}}");
}

static void check_number(const char *in, QNumKind kind, const char *out)
{
    g_autoptr(QObject) obj = qobject_from_json(in, &error_abort);
    g_autofree char *s = to_json(obj, false);

    g_assert_cmpint(qnum_kind(qobject_to_qnum(obj)), ==, kind);
    g_assert_cmpstr(s, ==, out);
}

static void test_parse_numbers(void)
{
    check_number("0", QNUM_I64, "0");
    check_number("-0", QNUM_I64, "0");
    check_number("9223372036854775807", QNUM_I64, "9223372036854775807");
    check_number("-9223372036854775808", QNUM_I64, "-9223372036854775808");
    check_number("9223372036854775808", QNUM_U64, "9223372036854775808");
    check_number("18446744073709551615", QNUM_U64, "18446744073709551615");
    check_number("18446744073709551616", QNUM_DOUBLE,
                 "1.8446744073709552e+19");
    check_number("-9223372036854775809", QNUM_DOUBLE,
                 "-9.223372036854776e+18");
    check_number("1.0", QNUM_DOUBLE, "1.0");
    check_number("1E2", QNUM_DOUBLE, "100.0");
    check_number("-2.5e-3", QNUM_DOUBLE, "-0.0025");
    check_number("1e-400", QNUM_DOUBLE, "0.0");
}

static void test_parse_errors(void)
{
    check_error("{ \"execute\": }", "expecting value");
    check_error("tru", "invalid keyword 'tru'");
    check_error("[True]", "invalid keyword 'True'");
    check_error("[nulll]", "invalid keyword 'nulll'");
    check_error("xxxxxxxxxxyyyyyyyyyyzzzzzzzzzzwwwwwwwwww",
                "invalid keyword 'xxxxxxxxxxyyyyyyyyyyzzzzzzzzzzww...'");
    check_error("{\"a\" 1}", "missing ':' in object pair");
    check_error("{1: 2}", "key is not a string in object");
    check_error("{\"a\": 1,}", "key is not a string in object");
    check_error("{\"a\": 1 \"b\": 2}", "expecting ',' or '}' in object");
    check_error("{\"a\": 1]", "expecting ',' or '}' in object");
    check_error("[1 2]", "expecting ',' or ']' in array");
    check_error("[1,]", "expecting value");
    check_error("[,]", "expecting value");
    check_error("}", "expecting value");
    check_error(":", "expecting value");
    check_error("{\"a\": 1, \"a\": 2}", "duplicate key 'a'");
    check_error("\"\\q\"", "invalid escape sequence in string");
    check_error("\"\\u12G4\"", "invalid \\u escape in string");
    check_error("\"\\u12\"", "invalid \\u escape in string");
    check_error("\"\\ud800\"", "unpaired surrogate in string");
    check_error("\"\\udc00\\ud800\"", "unpaired surrogate in string");
    check_error("\"\\ud800\\u0041\"", "unpaired surrogate in string");
    check_error("\"\\ud800\\uZZZZ\"", "invalid \\u escape in string");
    check_error("\"\\u0000\"", "\\u0000 is not supported in string");
    check_error("\"\xc3\x28\"", "invalid UTF-8 sequence in string");
    check_error("\"\xc0\x80\"", "invalid UTF-8 sequence in string");
    check_error("\"\xed\xa0\x80\"", "invalid UTF-8 sequence in string");
    check_error("01", "invalid number '01'");
    check_error("1.", "invalid number '1.'");
    check_error("-", "invalid number '-'");
    check_error("1e+", "invalid number '1e+'");
    check_error("[1.5.5]", "invalid number '1.5.5'");
    check_error("1e999", "number out of range '1e999'");
    check_error("-1e999", "number out of range '-1e999'");
    check_error("@", "stray '@'");
    check_error("{\"a\" @ 1}", "stray '@'");
    check_error("\"abc", "unexpected end of input");
    check_error("{\"a\":", "unexpected end of input");
    check_error("[", "unexpected end of input");
    check_error("", "expecting value");
    check_error("  \n ", "expecting value");
    check_error("1 2", "unexpected data after value");
    check_error("{}{}", "unexpected data after value");
    check_error("\x01", "invalid byte 0x01");
    check_error("{\"a\": \x7f}", "invalid byte 0x7F");
    check_error("\"a\nb\"", "invalid byte 0x0A");
    check_error("\"a\tb\"", "invalid byte 0x09");
    check_error("[\xff]", "invalid byte 0xFF");
    check_error("[\xfe]", "invalid byte 0xFE");
}

/* ---- streaming ---- */

static void test_stream_messages(void)
{
    check_stream("{\"a\":1}{\"b\":2}", "{\"a\": 1}\n{\"b\": 2}\n");
    check_stream("{\"execute\":\"a\"} \r\n{\"execute\":\"b\"}\n",
                 "{\"execute\": \"a\"}\n{\"execute\": \"b\"}\n");
    check_stream("{ 'execute': 'qmp_capabilities' }\n"
                 "{\"execute\": \"query-name\", \"arguments\": "
                 "{\"x\": [1, 2.5, \"\\u00e9\\ud83d\\ude00\"]}, "
                 "\"id\": {'x': [1,2]}}",
                 "{\"execute\": \"qmp_capabilities\"}\n"
                 "{\"execute\": \"query-name\", \"arguments\": "
                 "{\"x\": [1, 2.5, \"\\u00E9\\uD83D\\uDE00\"]}, "
                 "\"id\": {\"x\": [1, 2]}}\n");
    /* Top-level scalars are messages too; a number ends at flush. */
    check_stream("'single' [1,2] 3", "\"single\"\n[1, 2]\n3\n");
    check_stream("", "");
}

static void test_stream_errors(void)
{
    /* A parse error ends its message; the next one is fine. */
    check_stream("{\"a\" 1}{\"b\":2}",
                 "error: JSON parse error, missing ':' in object pair\n"
                 "{\"b\": 2}\n");
    /* The bad message is skipped up to its closing bracket. */
    check_stream("{\"a\": [1 2 {\"c\": [3]}], \"d\": 4}{\"ok\": 1}",
                 "error: JSON parse error, expecting ',' or ']' in array\n"
                 "{\"ok\": 1}\n");
    check_stream("{ \"execute\": }{\"execute\": \"x\"}",
                 "error: JSON parse error, expecting value\n"
                 "{\"execute\": \"x\"}\n");
    check_stream("]{}", "error: JSON parse error, expecting value\n{}\n");
    check_stream("{\"a\": [}",
                 "error: JSON parse error, expecting value\n");
    check_stream("{\"a\" x", "error: JSON parse error, missing ':' "
                 "in object pair\n");
}

static void test_stream_recovery(void)
{
    /* A control character drops the half-sent message at once. */
    check_stream("{\"execute\": \"fo\x01{\"execute\":\"bar\"}",
                 "error: JSON parse error, invalid byte 0x01\n"
                 "{\"execute\": \"bar\"}\n");
    check_stream("{\"execute\": [1, \x1b{\"execute\":\"bar\"}",
                 "error: JSON parse error, invalid byte 0x1B\n"
                 "{\"execute\": \"bar\"}\n");
    check_stream("{\"a\": \xff{\"b\":1}",
                 "error: JSON parse error, invalid byte 0xFF\n"
                 "{\"b\": 1}\n");
    check_stream("{\"a\" 1 \x01{\"b\":1}",
                 "error: JSON parse error, invalid byte 0x01\n"
                 "{\"b\": 1}\n");
    /* Sent on its own, it still answers with one error. */
    check_stream("\x01", "error: JSON parse error, invalid byte 0x01\n");
    /* An unterminated string is cut at the end of its line. */
    check_stream("{\"a\": \"oops\n{\"b\": 2}",
                 "error: JSON parse error, invalid byte 0x0A\n"
                 "{\"b\": 2}\n");
}

static void test_stream_flush(void)
{
    GString *log = g_string_new(NULL);
    g_autofree char *out = NULL;
    JSONMessageParser p;

    json_message_parser_init(&p, collect_emit, log);
    json_message_parser_feed(&p, "12", 2);
    json_message_parser_feed(&p, "3", 1);
    g_assert_cmpstr(log->str, ==, "");
    json_message_parser_flush(&p);
    g_assert_cmpstr(log->str, ==, "123\n");
    json_message_parser_feed(&p, "{\"a\": tr", 8);
    json_message_parser_flush(&p);
    json_message_parser_feed(&p, "{}", 2);
    json_message_parser_flush(&p);
    json_message_parser_destroy(&p);
    out = g_string_free(log, false);
    g_assert_cmpstr(out, ==, "123\n"
                    "error: JSON parse error, invalid keyword 'tr'\n"
                    "{}\n");
}

static char *nested(int depth, char open, char close)
{
    g_autoptr(GString) s = g_string_new(NULL);
    int i;

    for (i = 0; i < depth; i++) {
        g_string_append_c(s, open);
    }
    for (i = 0; i < depth; i++) {
        g_string_append_c(s, close);
    }
    return g_strdup(s->str);
}

static void test_depth_limit(void)
{
    g_autofree char *ok = nested(JSON_MAX_NESTING, '[', ']');
    g_autofree char *deep = nested(JSON_MAX_NESTING + 1, '[', ']');
    g_autoptr(GString) dicts = g_string_new(NULL);
    g_autoptr(QObject) obj = qobject_from_json(ok, &error_abort);
    g_autofree char *out = NULL;
    g_autofree char *expected = NULL;
    int i;

    out = to_json(obj, false);
    g_assert_cmpstr(out, ==, ok);
    check_error(deep, "nesting too deep");

    /*
     * The parser gives up at the first '{' too many and restarts right
     * after it: the rest of the input is read as new messages.
     */
    g_string_append(dicts, "{}");
    for (i = 0; i < JSON_MAX_NESTING + 1; i++) {
        g_string_append(dicts, "{\"a\":");
    }
    g_string_append(dicts, "{\"ok\": 1}");
    g_free(out);
    out = stream(dicts->str, dicts->len, 4096);
    expected = g_strdup_printf("{}\n"
                               "error: JSON parse error, nesting too deep\n"
                               "\"a\"\n"
                               "error: JSON parse error, expecting value\n"
                               "{\"ok\": 1}\n");
    g_assert_cmpstr(out, ==, expected);
}

/* Count the messages of a stream; return the first one's text. */
typedef struct FirstMessage {
    char *first;
    size_t count;
} FirstMessage;

static void first_emit(void *opaque, QObject *json, Error *err)
{
    FirstMessage *fm = opaque;

    if (!fm->count++) {
        fm->first = json ? to_json(json, false)
                         : g_strdup(error_get_pretty(err));
    }
    qobject_unref(json);
    error_free(err);
}

static void test_token_count_limit(void)
{
    g_autoptr(GString) in = g_string_new("[");
    FirstMessage fm = { NULL };
    JSONMessageParser p;
    size_t i;

    for (i = 0; i < JSON_MAX_TOKEN_COUNT / 2; i++) {
        g_string_append(in, "null,");
    }
    g_string_append(in, "null]");
    json_message_parser_init(&p, first_emit, &fm);
    json_message_parser_feed(&p, in->str, in->len);
    json_message_parser_feed(&p, "{\"ok\": 1}", 9);
    json_message_parser_flush(&p);
    json_message_parser_destroy(&p);
    g_assert_cmpstr(fm.first, ==, "JSON parse error, too many tokens");
    g_free(fm.first);
}

static void test_token_size_limit(void)
{
    g_autofree char *chunk = g_malloc(1024 * 1024);
    FirstMessage fm = { NULL };
    JSONMessageParser p;
    size_t i;

    memset(chunk, 'a', 1024 * 1024);
    json_message_parser_init(&p, first_emit, &fm);
    json_message_parser_feed(&p, "[\"", 2);
    for (i = 0; i <= JSON_MAX_TOKEN_SIZE / (1024 * 1024); i++) {
        json_message_parser_feed(&p, chunk, 1024 * 1024);
    }
    json_message_parser_destroy(&p);
    g_assert_cmpstr(fm.first, ==, "JSON parse error, token too large");
    g_free(fm.first);
}

static void test_message_size_limit(void)
{
    size_t half = JSON_MAX_TOKEN_SIZE / 2 + 1;
    g_autofree char *chunk = g_malloc(half);
    FirstMessage fm = { NULL };
    JSONMessageParser p;

    /* Two strings that are each fine but too large together. */
    memset(chunk, 'b', half);
    json_message_parser_init(&p, first_emit, &fm);
    json_message_parser_feed(&p, "[\"", 2);
    json_message_parser_feed(&p, chunk, half);
    json_message_parser_feed(&p, "\", \"", 4);
    json_message_parser_feed(&p, chunk, half);
    json_message_parser_feed(&p, "\"]", 2);
    json_message_parser_destroy(&p);
    g_assert_cmpstr(fm.first, ==, "JSON parse error, message too large");
    g_free(fm.first);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/json/write/compact", test_write_compact);
    g_test_add_func("/json/write/greeting", test_write_greeting);
    g_test_add_func("/json/write/pretty", test_write_pretty);
    g_test_add_func("/json/write/escapes", test_write_escapes);
    g_test_add_func("/json/write/numbers", test_write_numbers);
    g_test_add_func("/json/parse/values", test_parse_values);
    g_test_add_func("/json/parse/numbers", test_parse_numbers);
    g_test_add_func("/json/parse/errors", test_parse_errors);
    g_test_add_func("/json/stream/messages", test_stream_messages);
    g_test_add_func("/json/stream/errors", test_stream_errors);
    g_test_add_func("/json/stream/recovery", test_stream_recovery);
    g_test_add_func("/json/stream/flush", test_stream_flush);
    g_test_add_func("/json/limits/depth", test_depth_limit);
    g_test_add_func("/json/limits/token-count", test_token_count_limit);
    g_test_add_func("/json/limits/token-size", test_token_size_limit);
    g_test_add_func("/json/limits/message-size", test_message_size_limit);
    return g_test_run();
}
