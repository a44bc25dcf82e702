/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Chardev options: -chardev key=value pairs and the legacy spec strings of
 * -serial, -monitor, -qmp and -qtest.
 */
#include "qemu/osdep.h"
#include "chardev/char.h"

typedef enum KeyKind {
    KEY_STR,
    KEY_BOOL,
    KEY_NUM,
    KEY_SIZE,
} KeyKind;

typedef struct ChardevKey {
    const char *name;
    KeyKind kind;
    size_t offset;          /* into ChardevOptions */
    int64_t scale;          /* KEY_NUM: multiply (reconnect s -> ms) */
    bool invert;            /* KEY_BOOL: "delay" sets nodelay = !value */
} ChardevKey;

#define OPT(field) offsetof(ChardevOptions, field)

static const ChardevKey chardev_keys[] = {
    { "backend", KEY_STR, OPT(backend) },
    { "id", KEY_STR, OPT(id) },
    { "path", KEY_STR, OPT(path) },
    { "host", KEY_STR, OPT(host) },
    { "port", KEY_STR, OPT(port) },
    { "server", KEY_BOOL, OPT(server) },
    { "wait", KEY_BOOL, OPT(wait) },
    { "nodelay", KEY_BOOL, OPT(nodelay) },
    { "delay", KEY_BOOL, OPT(nodelay), .invert = true },
    { "reconnect", KEY_NUM, OPT(reconnect_ms), .scale = 1000 },
    { "reconnect-ms", KEY_NUM, OPT(reconnect_ms), .scale = 1 },
    { "append", KEY_BOOL, OPT(append) },
    { "signal", KEY_BOOL, OPT(signal) },
    { "mux", KEY_BOOL, OPT(mux) },
    { "size", KEY_SIZE, OPT(size) },
    { "ipv4", KEY_BOOL, OPT(ipv4) },
    { "ipv6", KEY_BOOL, OPT(ipv6) },
    { "logfile", KEY_STR, OPT(logfile) },
    { "logappend", KEY_BOOL, OPT(logappend) },
};

ChardevOptions *chardev_options_new(void)
{
    ChardevOptions *o = g_new0(ChardevOptions, 1);

    o->wait = true;
    o->signal = true;
    o->size = 65536;
    return o;
}

void chardev_options_free(ChardevOptions *o)
{
    if (!o) {
        return;
    }
    g_free(o->backend);
    g_free(o->id);
    g_free(o->path);
    g_free(o->host);
    g_free(o->port);
    g_free(o->logfile);
    g_free(o->chardev_ref);
    g_free(o);
}

static const ChardevKey *chardev_key_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(chardev_keys); i++) {
        if (!strcmp(chardev_keys[i].name, name)) {
            return &chardev_keys[i];
        }
    }
    return NULL;
}

static bool parse_bool(const char *key, const char *v, bool *out,
                       Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(v, yes[i]) || !strcmp(v, no[i])) {
            *out = !strcmp(v, yes[i]);
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", key);
    return false;
}

/* A non-negative number (strtoull base 0) scaled by @scale. */
static bool parse_num(const char *key, const char *v, int64_t scale,
                      int64_t *out, Error **errp)
{
    char *end;
    unsigned long long n;

    errno = 0;
    n = strtoull(v, &end, 0);
    if (!*v || *end || v[0] == '-' || isspace((unsigned char)v[0])) {
        error_setg(errp, "Parameter '%s' expects a number", key);
        return false;
    }
    if (errno == ERANGE || n > (unsigned long long)(INT64_MAX / scale)) {
        error_setg(errp, "Value '%s' is too large for parameter '%s'", v,
                   key);
        return false;
    }
    *out = (int64_t)n * scale;
    return true;
}

/* A byte size: a decimal number with an optional k/M/G/T suffix. */
static bool parse_size(const char *key, const char *v, int64_t *out,
                       Error **errp)
{
    static const char suffixes[] = "BKMGT";
    char *end;
    unsigned long long n;
    int shift = 0;

    errno = 0;
    n = strtoull(v, &end, 10);
    if (*end && end[1] == '\0') {
        const char *s = strchr(suffixes, toupper((unsigned char)*end));

        if (s) {
            shift = 10 * (int)(s - suffixes);
            end++;
        }
    }
    if (!*v || *end || !isdigit((unsigned char)v[0]) || errno == ERANGE ||
        n > (unsigned long long)(INT64_MAX >> shift)) {
        error_setg(errp, "Parameter '%s' expects a non-negative number "
                   "below 2^63", key);
        return false;
    }
    *out = (int64_t)(n << shift);
    return true;
}

bool chardev_options_set(ChardevOptions *o, const char *key,
                         const char *value, Error **errp)
{
    const ChardevKey *k = chardev_key_find(key);
    void *field;
    bool b;

    if (!k) {
        error_setg(errp, "Invalid parameter '%s'", key);
        return false;
    }
    field = (char *)o + k->offset;
    switch (k->kind) {
    case KEY_STR:
        g_free(*(char **)field);
        *(char **)field = g_strdup(value);
        return true;
    case KEY_BOOL:
        if (!parse_bool(key, value, &b, errp)) {
            return false;
        }
        *(bool *)field = b != k->invert;
        return true;
    case KEY_NUM:
        return parse_num(key, value, k->scale, field, errp);
    case KEY_SIZE:
        return parse_size(key, value, field, errp);
    }
    g_assert_not_reached();
}

/* ---- Legacy specs ---- */

/*
 * Split @s at unescaped commas (",," is a literal comma), QemuOpts style.
 * Returns a NULL-terminated vector.
 */
static char **split_elements(const char *s)
{
    GPtrArray *v = g_ptr_array_new();
    GString *cur = g_string_new(NULL);

    for (const char *p = s;; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',' || *p == '\0') {
            g_ptr_array_add(v, g_string_free(cur, FALSE));
            if (!*p) {
                break;
            }
            cur = g_string_new(NULL);
        } else {
            g_string_append_c(cur, *p);
        }
    }
    g_ptr_array_add(v, NULL);
    return (char **)g_ptr_array_free(v, FALSE);
}

/* "key=value", or a short-form boolean "key" (on) / "nokey" (off). */
static bool parse_element(ChardevOptions *o, const char *el, Error **errp)
{
    const char *eq = strchr(el, '=');
    g_autofree char *key = NULL;

    if (eq) {
        key = g_strndup(el, eq - el);
        return chardev_options_set(o, key, eq + 1, errp);
    }
    if (!chardev_key_find(el) && g_str_has_prefix(el, "no") &&
        chardev_key_find(el + 2)) {
        return chardev_options_set(o, el + 2, "off", errp);
    }
    return chardev_options_set(o, el, "on", errp);
}

/*
 * Parse "FIRST[,k=v...]": FIRST (the unix path or tcp address) goes to
 * *@first, the rest through chardev_options_set().
 */
static bool parse_tail(ChardevOptions *o, const char *s, char **first,
                       Error **errp)
{
    g_auto(GStrv) els = split_elements(s);

    *first = g_strdup(els[0]);
    for (int i = 1; els[i]; i++) {
        if (!parse_element(o, els[i], errp)) {
            return false;
        }
    }
    return true;
}

/* "[HOST]:PORT" or "[V6ADDR]:PORT"; an empty host is allowed. */
static bool split_host_port(const char *addr, char **host, char **port)
{
    const char *colon;

    if (addr[0] == '[') {
        const char *close = strchr(addr, ']');

        if (!close || close[1] != ':') {
            return false;
        }
        *host = g_strndup(addr + 1, close - addr - 1);
        colon = close + 1;
    } else {
        colon = strchr(addr, ':');
        if (!colon) {
            return false;
        }
        *host = g_strndup(addr, colon - addr);
    }
    if (!colon[1]) {
        g_free(*host);
        *host = NULL;
        return false;
    }
    *port = g_strdup(colon + 1);
    return true;
}

static bool parse_socket(ChardevOptions *o, const char *spec,
                         const char *rest, bool is_unix, Error **errp)
{
    g_autofree char *first = NULL;

    g_free(o->backend);
    o->backend = g_strdup("socket");
    if (!parse_tail(o, rest, &first, errp)) {
        return false;
    }
    if (is_unix) {
        g_free(o->path);
        o->path = g_steal_pointer(&first);
        return true;
    }
    g_clear_pointer(&o->host, g_free);
    g_clear_pointer(&o->port, g_free);
    if (!split_host_port(first, &o->host, &o->port)) {
        error_setg(errp, "'%s' is not a valid char driver", spec);
        return false;
    }
    return true;
}

static void set_backend_path(ChardevOptions *o, const char *backend,
                             const char *path)
{
    g_free(o->backend);
    o->backend = g_strdup(backend);
    g_free(o->path);
    o->path = path ? g_strdup(path) : NULL;
}

bool chardev_parse_legacy(const char *spec, ChardevOptions *o, Error **errp)
{
    const char *p;

    if (!strcmp(spec, "none")) {
        o->none = true;
    } else if (!strcmp(spec, "null") || !strcmp(spec, "vc") ||
               g_str_has_prefix(spec, "vc:")) {
        set_backend_path(o, "null", NULL);
    } else if (!strcmp(spec, "stdio")) {
        set_backend_path(o, "stdio", NULL);
    } else if (g_str_has_prefix(spec, "mon:")) {
        p = spec + 4;
        if (!strcmp(p, "none") || g_str_has_prefix(p, "chardev:") ||
            g_str_has_prefix(p, "mon:")) {
            error_setg(errp, "'%s' is not a valid char driver", spec);
            return false;
        }
        if (!chardev_parse_legacy(p, o, errp)) {
            return false;
        }
        o->mux = true;
        o->monitor = true;
    } else if (g_str_has_prefix(spec, "chardev:") && spec[8]) {
        g_free(o->chardev_ref);
        o->chardev_ref = g_strdup(spec + 8);
    } else if (g_str_has_prefix(spec, "file:") && spec[5]) {
        set_backend_path(o, "file", spec + 5);
    } else if (g_str_has_prefix(spec, "pipe:") && spec[5]) {
        set_backend_path(o, "pipe", spec + 5);
    } else if (g_str_has_prefix(spec, "unix:") && spec[5]) {
        return parse_socket(o, spec, spec + 5, true, errp);
    } else if (g_str_has_prefix(spec, "tcp:")) {
        return parse_socket(o, spec, spec + 4, false, errp);
    } else {
        error_setg(errp, "'%s' is not a valid char driver", spec);
        return false;
    }
    return true;
}
