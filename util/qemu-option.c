/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QemuOpts and keyval option strings, and the store that holds parsed
 * instances.  See include/qemu/option.h for the syntax and the contract.
 *
 * Parsing is two passes: the string is split into key/value elements
 * (this is where the two strictness modes differ), then the id is
 * checked and the remaining elements are validated and stored, so that an
 * id error is reported before errors in other keys, as QEMU does.
 */
#include "qemu/osdep.h"
#include "qemu/option.h"
#include "qemu/cutils.h"
#include "trace-util.h"

typedef struct QemuOpt {
    char *name;
    char *value;
} QemuOpt;

struct QemuOpts {
    const QemuOptsList *list;
    char *id;
    GPtrArray *opts;            /* QemuOpt *, in the order given */
    bool help;
    Location loc;
};

struct QemuOptsStore {
    GPtrArray *all;             /* QemuOpts *, in insertion order */
};

static QemuOpt *opt_new(char *name, char *value)
{
    QemuOpt *opt = g_new(QemuOpt, 1);

    opt->name = name;
    opt->value = value;
    return opt;
}

static void opt_free(gpointer p)
{
    QemuOpt *opt = p;

    g_free(opt->name);
    g_free(opt->value);
    g_free(opt);
}

/* ---- Splitting into elements ---- */

/*
 * Copy a value starting at @p up to the next single ',' (",," stands for
 * a literal comma).  Returns the position of the terminating ',' or NUL.
 */
static const char *get_value(const char *p, char **value)
{
    GString *s = g_string_new(NULL);

    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        }
        g_string_append_c(s, *p);
        p++;
    }
    *value = g_string_free(s, FALSE);
    return p;
}

static bool is_help_elem(const char *p, size_t len)
{
    return (len == 4 && !strncmp(p, "help", 4)) ||
           (len == 1 && *p == '?');
}

/* keyval keys: dot-separated fragments of [A-Za-z0-9_-]. */
static bool keyval_key_valid(const char *key)
{
    const char *p;
    bool fragment_empty = true;

    for (p = key; *p; p++) {
        if (*p == '.') {
            if (fragment_empty) {
                return false;
            }
            fragment_empty = true;
        } else if (g_ascii_isalnum(*p) || *p == '-' || *p == '_') {
            fragment_empty = false;
        } else {
            return false;
        }
    }
    return !fragment_empty;
}

/*
 * QemuOpts short-form boolean: "key" is key=on, "nokey" is key=off.
 * Deprecated, so warn with the replacement spelled out.
 */
static QemuOpt *short_form_bool(const char *p, size_t len)
{
    char *name = g_strndup(p, len);
    const char *value = "on";
    Error *warn = NULL;

    if (g_str_has_prefix(name, "no")) {
        memmove(name, name + 2, len - 1);
        value = "off";
    }
    error_setg(&warn, "short-form boolean option '%s' deprecated", name);
    if (!strcmp(name, "delay")) {
        /* The socket option is spelled nodelay, with inverted sense. */
        error_append_hint(&warn, "Please use nodelay=%s instead\n",
                          value[1] == 'n' ? "off" : "on");
    } else {
        error_append_hint(&warn, "Please use %s=%s instead\n", name, value);
    }
    warn_report_err(warn);
    return opt_new(name, g_strdup(value));
}

/* An element without '=' (and not help): implied value or bare key. */
static const char *split_bare(const QemuOptsList *list, const char *p,
                              size_t len, const char *implied,
                              GPtrArray *out, Error **errp)
{
    char *value;

    if (implied) {
        p = get_value(p, &value);
        g_ptr_array_add(out, opt_new(g_strdup(implied), value));
        return p;
    }
    if (list->keyval || len == 0) {
        if (len == 0) {
            error_setg(errp, "Invalid parameter ''");
        } else {
            error_setg(errp, "Expected '=' after parameter '%.*s'",
                       (int)len, p);
        }
        return NULL;
    }
    g_ptr_array_add(out, short_form_bool(p, len));
    return p + len;
}

/* key=value; the key is checked here, the value later. */
static const char *split_pair(const QemuOptsList *list, const char *p,
                              size_t len, GPtrArray *out, Error **errp)
{
    char *key = g_strndup(p, len);
    char *value;

    if (len == 0 || (list->keyval && !keyval_key_valid(key))) {
        error_setg(errp, "Invalid parameter '%s'", key);
        g_free(key);
        return NULL;
    }
    p = get_value(p + len + 1, &value);
    g_ptr_array_add(out, opt_new(key, value));
    return p;
}

/* Split @params into @out; a bare help element sets *@help instead. */
static bool opts_split(const QemuOptsList *list, const char *params,
                       bool permit_implied, GPtrArray *out, bool *help,
                       Error **errp)
{
    const char *implied = permit_implied ? list->implied_opt_name : NULL;
    const char *p = params;

    while (*p) {
        size_t len = strcspn(p, "=,");

        if (p[len] == '=') {
            p = split_pair(list, p, len, out, errp);
        } else if (is_help_elem(p, len)) {
            *help = true;
            p += len;
        } else {
            p = split_bare(list, p, len, implied, out, errp);
        }
        if (!p) {
            return false;
        }
        implied = NULL;
        if (*p == ',') {
            p++;
        }
    }
    return true;
}

/* ---- Validation and storage ---- */

static const QemuOptDesc *find_desc(const QemuOptsList *list,
                                    const char *name)
{
    const QemuOptDesc *d;

    for (d = list->desc; d && d->name; d++) {
        if (!strcmp(d->name, name)) {
            return d;
        }
    }
    return NULL;
}

static bool opt_validate(const QemuOptsList *list, const char *name,
                         const char *value, Error **errp)
{
    const QemuOptDesc *d;
    uint64_t num;
    bool b;

    if (!list->desc) {
        return true;
    }
    d = find_desc(list, name);
    if (!d) {
        error_setg(errp, "Invalid parameter '%s'", name);
        return false;
    }
    switch (d->type) {
    case QEMU_OPT_BOOL:
        return qapi_bool_parse(name, value, &b, errp);
    case QEMU_OPT_NUMBER:
        return qemu_parse_number(name, value, &num, errp);
    case QEMU_OPT_SIZE:
        return qemu_parse_size(name, value, &num, errp);
    default:
        return true;
    }
}

static const char *first_id(GPtrArray *elems)
{
    guint i;

    for (i = 0; i < elems->len; i++) {
        QemuOpt *e = g_ptr_array_index(elems, i);

        if (!strcmp(e->name, "id")) {
            return e->value;
        }
    }
    return NULL;
}

/* Move the non-id elements of @elems into @opts, validating each. */
static bool opts_absorb(QemuOpts *opts, GPtrArray *elems, Error **errp)
{
    guint i;

    for (i = 0; i < elems->len; i++) {
        QemuOpt *e = g_ptr_array_index(elems, i);

        if (!strcmp(e->name, "id")) {
            continue;
        }
        if (!opt_validate(opts->list, e->name, e->value, errp)) {
            return false;
        }
        g_ptr_array_add(opts->opts, opt_new(e->name, e->value));
        e->name = e->value = NULL;
    }
    return true;
}

QemuOpts *qemu_opts_create(const QemuOptsList *list, const char *id,
                           Error **errp)
{
    QemuOpts *opts;

    if (id && !qemu_check_id(id, errp)) {
        return NULL;
    }
    opts = g_new0(QemuOpts, 1);
    opts->list = list;
    opts->id = g_strdup(id);
    opts->opts = g_ptr_array_new_with_free_func(opt_free);
    opts->loc = loc_save();
    return opts;
}

QemuOpts *qemu_opts_parse(const QemuOptsList *list, const char *params,
                          bool permit_implied, Error **errp)
{
    g_autoptr(GPtrArray) elems = g_ptr_array_new_with_free_func(opt_free);
    QemuOpts *opts;
    bool help = false;

    trace_qemu_opts_parse(list->name ? list->name : "", params);
    if (!opts_split(list, params, permit_implied, elems, &help, errp)) {
        return NULL;
    }
    opts = qemu_opts_create(list, first_id(elems), errp);
    if (!opts) {
        return NULL;
    }
    opts->help = help;
    if (!opts_absorb(opts, elems, errp)) {
        qemu_opts_del(opts);
        return NULL;
    }
    return opts;
}

void qemu_opts_del(QemuOpts *opts)
{
    if (!opts) {
        return;
    }
    g_ptr_array_free(opts->opts, TRUE);
    g_free(opts->id);
    g_free(opts);
}

const QemuOptsList *qemu_opts_list(const QemuOpts *opts)
{
    return opts->list;
}

const char *qemu_opts_group(const QemuOpts *opts)
{
    return opts->list->name;
}

const char *qemu_opts_id(const QemuOpts *opts)
{
    return opts->id;
}

bool qemu_opt_has_help_opt(const QemuOpts *opts)
{
    return opts->help;
}

Location qemu_opts_loc(const QemuOpts *opts)
{
    return opts->loc;
}

static void append_escaped(GString *s, const char *value)
{
    for (; *value; value++) {
        if (*value == ',') {
            g_string_append_c(s, ',');
        }
        g_string_append_c(s, *value);
    }
}

char *qemu_opts_to_string(const QemuOpts *opts)
{
    GString *s = g_string_new(NULL);
    guint i;

    if (opts->id) {
        g_string_append_printf(s, "id=%s", opts->id);
    }
    for (i = 0; i < opts->opts->len; i++) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i);

        if (s->len) {
            g_string_append_c(s, ',');
        }
        g_string_append_printf(s, "%s=", opt->name);
        append_escaped(s, opt->value);
    }
    return g_string_free(s, FALSE);
}

/* ---- Getters and setters ---- */

static const char *opt_last(const QemuOpts *opts, const char *name)
{
    guint i;

    for (i = opts->opts->len; i > 0; i--) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i - 1);

        if (!strcmp(opt->name, name)) {
            return opt->value;
        }
    }
    return NULL;
}

const char *qemu_opt_get(const QemuOpts *opts, const char *name)
{
    const char *v = opt_last(opts, name);
    const QemuOptDesc *d;

    if (!v) {
        d = find_desc(opts->list, name);
        v = d ? d->def_value_str : NULL;
    }
    return v;
}

bool qemu_opt_find(const QemuOpts *opts, const char *name)
{
    return opt_last(opts, name) != NULL;
}

bool qemu_opt_get_bool_err(const QemuOpts *opts, const char *name,
                           bool defval, bool *result, Error **errp)
{
    const char *v = qemu_opt_get(opts, name);

    if (!v) {
        *result = defval;
        return true;
    }
    return qapi_bool_parse(name, v, result, errp);
}

bool qemu_opt_get_number_err(const QemuOpts *opts, const char *name,
                             uint64_t defval, uint64_t *result,
                             Error **errp)
{
    const char *v = qemu_opt_get(opts, name);

    if (!v) {
        *result = defval;
        return true;
    }
    return qemu_parse_number(name, v, result, errp);
}

bool qemu_opt_get_size_err(const QemuOpts *opts, const char *name,
                           uint64_t defval, uint64_t *result, Error **errp)
{
    const char *v = qemu_opt_get(opts, name);

    if (!v) {
        *result = defval;
        return true;
    }
    if (qemu_strtosz(v, NULL, result) < 0) {
        qemu_error_set_size(errp, name);
        return false;
    }
    return true;
}

bool qemu_opt_get_bool(const QemuOpts *opts, const char *name, bool defval)
{
    bool r;

    return qemu_opt_get_bool_err(opts, name, defval, &r, NULL) ? r : defval;
}

uint64_t qemu_opt_get_number(const QemuOpts *opts, const char *name,
                             uint64_t defval)
{
    uint64_t r;

    return qemu_opt_get_number_err(opts, name, defval, &r, NULL) ?
           r : defval;
}

uint64_t qemu_opt_get_size(const QemuOpts *opts, const char *name,
                           uint64_t defval)
{
    uint64_t r;

    return qemu_opt_get_size_err(opts, name, defval, &r, NULL) ? r : defval;
}

bool qemu_opt_set(QemuOpts *opts, const char *name, const char *value,
                  Error **errp)
{
    if (!opt_validate(opts->list, name, value, errp)) {
        return false;
    }
    g_ptr_array_add(opts->opts, opt_new(g_strdup(name), g_strdup(value)));
    return true;
}

bool qemu_opt_unset(QemuOpts *opts, const char *name)
{
    bool found = false;
    guint i = 0;

    while (i < opts->opts->len) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i);

        if (!strcmp(opt->name, name)) {
            g_ptr_array_remove_index(opts->opts, i);
            found = true;
        } else {
            i++;
        }
    }
    return found;
}

int qemu_opt_foreach(const QemuOpts *opts, QemuOptFunc func, void *opaque,
                     Error **errp)
{
    guint i;
    int ret;

    for (i = 0; i < opts->opts->len; i++) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i);

        ret = func(opaque, opt->name, opt->value, errp);
        if (ret) {
            return ret;
        }
    }
    return 0;
}

/* ---- Help ---- */

static const char *opt_type_name(QemuOptType type)
{
    switch (type) {
    case QEMU_OPT_BOOL:
        return "bool (on/off)";
    case QEMU_OPT_NUMBER:
        return "num";
    case QEMU_OPT_SIZE:
        return "size";
    default:
        return "str";
    }
}

static gint cmp_strings(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void qemu_opts_print_help(FILE *f, const QemuOptsList *list,
                          bool print_caption)
{
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
    const QemuOptDesc *d;
    guint i;

    for (d = list->desc; d && d->name; d++) {
        GString *s = g_string_new(NULL);

        g_string_append_printf(s, "  %s=<%s>", d->name,
                               opt_type_name(d->type));
        if (d->help) {
            g_string_append_printf(s, "%*s - %s",
                                   (int)(s->len < 24 ? 24 - s->len : 0),
                                   "", d->help);
        }
        g_ptr_array_add(lines, g_string_free(s, FALSE));
    }
    g_ptr_array_sort(lines, cmp_strings);
    if (!lines->len) {
        fprintf(f, "There are no options for %s.\n",
                list->name ? list->name : "this option");
    } else if (print_caption) {
        fprintf(f, "%s options:\n", list->name ? list->name : "Available");
    }
    for (i = 0; i < lines->len; i++) {
        fprintf(f, "%s\n", (char *)g_ptr_array_index(lines, i));
    }
}

/* ---- The store ---- */

QemuOptsStore *qemu_opts_store_new(void)
{
    QemuOptsStore *s = g_new(QemuOptsStore, 1);

    s->all = g_ptr_array_new_with_free_func((GDestroyNotify)qemu_opts_del);
    return s;
}

void qemu_opts_store_free(QemuOptsStore *s)
{
    if (s) {
        g_ptr_array_free(s->all, TRUE);
        g_free(s);
    }
}

static bool in_group(const QemuOpts *opts, const char *group)
{
    return g_strcmp0(opts->list->name, group) == 0;
}

/* Later keys of @from win: append them after the keys of @into. */
static void opts_merge(QemuOpts *into, QemuOpts *from)
{
    guint i;

    for (i = 0; i < from->opts->len; i++) {
        QemuOpt *opt = g_ptr_array_index(from->opts, i);

        g_ptr_array_add(into->opts, opt_new(opt->name, opt->value));
        opt->name = opt->value = NULL;
    }
    into->help |= from->help;
    if (!into->id && from->id) {
        into->id = g_steal_pointer(&from->id);
    }
    into->loc = from->loc;
    qemu_opts_del(from);
}

QemuOpts *qemu_opts_store_add(QemuOptsStore *s, QemuOpts *opts,
                              Error **errp)
{
    const char *group = opts->list->name;
    QemuOpts *old = NULL;

    if (opts->list->merge_lists) {
        old = qemu_opts_store_first(s, group);
    } else if (opts->id && qemu_opts_store_find(s, group, opts->id)) {
        error_setg(errp, "Duplicate ID '%s' for %s", opts->id,
                   group ? group : "options");
        qemu_opts_del(opts);
        return NULL;
    }
    if (old) {
        opts_merge(old, opts);
        opts = old;
    } else {
        g_ptr_array_add(s->all, opts);
    }
    trace_qemu_opts_store_add(group ? group : "", opts->id ? opts->id : "",
                              qemu_opts_store_count(s, group));
    return opts;
}

void qemu_opts_store_del(QemuOptsStore *s, QemuOpts *opts)
{
    if (!g_ptr_array_remove(s->all, opts)) {
        qemu_opts_del(opts);
    }
}

QemuOpts *qemu_opts_store_find(const QemuOptsStore *s, const char *group,
                               const char *id)
{
    guint i;

    for (i = 0; i < s->all->len; i++) {
        QemuOpts *opts = g_ptr_array_index(s->all, i);

        if (in_group(opts, group) && g_strcmp0(opts->id, id) == 0) {
            return opts;
        }
    }
    return NULL;
}

QemuOpts *qemu_opts_store_first(const QemuOptsStore *s, const char *group)
{
    guint i;

    for (i = 0; i < s->all->len; i++) {
        QemuOpts *opts = g_ptr_array_index(s->all, i);

        if (in_group(opts, group)) {
            return opts;
        }
    }
    return NULL;
}

unsigned qemu_opts_store_count(const QemuOptsStore *s, const char *group)
{
    unsigned n = 0;
    guint i;

    for (i = 0; i < s->all->len; i++) {
        n += in_group(g_ptr_array_index(s->all, i), group);
    }
    return n;
}

int qemu_opts_store_foreach(const QemuOptsStore *s, const char *group,
                            QemuOptsFunc func, void *opaque, Error **errp)
{
    g_autoptr(GPtrArray) snap = g_ptr_array_new();
    Location saved = loc_save();
    guint i;
    int ret = 0;

    /* Iterate over a snapshot so @func may delete the current entry. */
    for (i = 0; i < s->all->len; i++) {
        if (in_group(g_ptr_array_index(s->all, i), group)) {
            g_ptr_array_add(snap, g_ptr_array_index(s->all, i));
        }
    }
    for (i = 0; i < snap->len && !ret; i++) {
        QemuOpts *opts = g_ptr_array_index(snap, i);

        loc_restore(opts->loc);
        ret = func(opaque, opts, errp);
    }
    loc_restore(saved);
    return ret;
}
