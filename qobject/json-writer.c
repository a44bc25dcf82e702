/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * JSON writer: QObject -> ASCII JSON text in QEMU's compact and pretty
 * layouts.  Strings are read as UTF-8; anything outside printable ASCII
 * is escaped, and invalid UTF-8 is written as U+FFFD.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "qobject/qjson.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"

#define JSON_REPLACEMENT_CHAR 0xfffd

/*
 * Decode one UTF-8 sequence at *@ps (NUL-terminated) and advance past
 * it.  Overlong forms, surrogates, values above U+10FFFF and truncated
 * sequences give U+FFFD and consume a single byte.
 */
static gunichar json_utf8_next(const char **ps)
{
    const unsigned char *s = (const unsigned char *)*ps;
    gunichar cp, min;
    int len, i;

    if (s[0] < 0x80) {
        *ps += 1;
        return s[0];
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        len = 2;
        min = 0x80;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        len = 3;
        min = 0x800;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        len = 4;
        min = 0x10000;
    } else {
        goto invalid;
    }
    cp = s[0] & (0x7f >> len);
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) {
            goto invalid;
        }
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        goto invalid;
    }
    *ps += len;
    return cp;

invalid:
    *ps += 1;
    return JSON_REPLACEMENT_CHAR;
}

static void json_write_escaped(GString *out, gunichar cp)
{
    static const char specials[] = "\"\\\b\f\n\r\t";
    static const char letters[] = "\"\\bfnrt";
    const char *hit = cp && cp < 0x80 ? strchr(specials, cp) : NULL;

    if (hit) {
        g_string_append_c(out, '\\');
        g_string_append_c(out, letters[hit - specials]);
    } else if (cp >= 0x20 && cp < 0x7f) {
        g_string_append_c(out, cp);
    } else if (cp > 0xffff) {
        cp -= 0x10000;
        g_string_append_printf(out, "\\u%04X\\u%04X",
                               0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else {
        g_string_append_printf(out, "\\u%04X", cp);
    }
}

static void json_write_string(GString *out, const char *str)
{
    g_string_append_c(out, '"');
    while (*str) {
        json_write_escaped(out, json_utf8_next(&str));
    }
    g_string_append_c(out, '"');
}

/*
 * The shortest decimal that reads back as the same double, laid out as
 * "%.17g" would (positional for exponents -4..16, else d.ddde+XX), with
 * ".0" added when it would otherwise read back as an integer.  JSON has
 * no infinities or NaN: those are written as null (as JavaScript does).
 */
static void json_write_double(GString *out, double value)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    char fmt[16];
    int prec, exp;

    if (!isfinite(value)) {
        g_string_append(out, "null");
        return;
    }
    /* Fewest digits after the point in "%e" form; 16 always works. */
    for (prec = 0; ; prec++) {
        snprintf(fmt, sizeof(fmt), "%%.%de", prec);
        g_ascii_formatd(buf, sizeof(buf), fmt, value);
        if (prec == 16 || g_ascii_strtod(buf, NULL) == value) {
            break;
        }
    }
    exp = atoi(strchr(buf, 'e') + 1);
    if (exp >= -4 && exp < 17) {
        snprintf(fmt, sizeof(fmt), "%%.%df", MAX(prec - exp, 0));
        g_ascii_formatd(buf, sizeof(buf), fmt, value);
    }
    g_string_append(out, buf);
    if (!strpbrk(buf, ".e")) {
        g_string_append(out, ".0");
    }
}

static void json_write_number(GString *out, const QNum *qn)
{
    int64_t i64;
    uint64_t u64;

    if (qnum_get_try_int(qn, &i64)) {
        g_string_append_printf(out, "%" PRId64, i64);
    } else if (qnum_get_try_uint(qn, &u64)) {
        g_string_append_printf(out, "%" PRIu64, u64);
    } else {
        json_write_double(out, qnum_get_double(qn));
    }
}

/* Pretty: end the line and indent to @level.  Compact: nothing. */
static void json_write_newline(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_printf(out, "\n%*s", 4 * level, "");
    }
}

static void json_write_value(GString *out, const QObject *obj, bool pretty,
                             int level);

static void json_write_dict(GString *out, const QDict *dict, bool pretty,
                            int level)
{
    const QDictEntry *e;

    if (!pretty && !qdict_size(dict)) {
        g_string_append(out, "{}");
        return;
    }
    g_string_append_c(out, '{');
    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        if (e != qdict_first(dict)) {
            g_string_append(out, pretty ? "," : ", ");
        }
        json_write_newline(out, pretty, level + 1);
        json_write_string(out, qdict_entry_key(e));
        g_string_append(out, ": ");
        json_write_value(out, qdict_entry_value(e), pretty, level + 1);
    }
    json_write_newline(out, pretty, level);
    g_string_append_c(out, '}');
}

static void json_write_list(GString *out, const QList *list, bool pretty,
                            int level)
{
    const QListEntry *e;

    if (!pretty && qlist_empty(list)) {
        g_string_append(out, "[]");
        return;
    }
    g_string_append_c(out, '[');
    QLIST_FOREACH_ENTRY(list, e) {
        if (e != qlist_first(list)) {
            g_string_append(out, pretty ? "," : ", ");
        }
        json_write_newline(out, pretty, level + 1);
        json_write_value(out, qlist_entry_obj(e), pretty, level + 1);
    }
    json_write_newline(out, pretty, level);
    g_string_append_c(out, ']');
}

static void json_write_value(GString *out, const QObject *obj, bool pretty,
                             int level)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
        g_string_append(out, "null");
        break;
    case QTYPE_QBOOL:
        g_string_append(out, qbool_get_bool(qobject_to_qbool(obj)) ?
                        "true" : "false");
        break;
    case QTYPE_QNUM:
        json_write_number(out, qobject_to_qnum(obj));
        break;
    case QTYPE_QSTRING:
        json_write_string(out, qstring_get_str(qobject_to_qstring(obj)));
        break;
    case QTYPE_QDICT:
        json_write_dict(out, qobject_to_qdict(obj), pretty, level);
        break;
    case QTYPE_QLIST:
        json_write_list(out, qobject_to_qlist(obj), pretty, level);
        break;
    default:
        g_assert_not_reached();
    }
}

GString *qobject_to_json_pretty(const QObject *obj, bool pretty)
{
    GString *out = g_string_new(NULL);

    json_write_value(out, obj, pretty, 0);
    return out;
}

GString *qobject_to_json(const QObject *obj)
{
    return qobject_to_json_pretty(obj, false);
}
