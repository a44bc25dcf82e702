/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Option strings: "[implied-value,]key=value,key=value,..." as used by
 * -device, -netdev, -chardev, -machine, -object, -m, -smp and friends.
 *
 * One parser, two strictness modes chosen by QemuOptsList.keyval:
 *   QemuOpts mode: a bare key is a deprecated short-form boolean ("server"
 *                  means server=on, "nowait" means wait=off; a warning is
 *                  printed with warn_report()).
 *   keyval mode:   every element after the first needs '='
 *                  ("Expected '=' after parameter 'X'"); keys are made of
 *                  letters, digits, '-', '_' and '.' (dotted keys are kept
 *                  flat, "addr.type", for the consumer to nest).
 * Common rules: ",," is a literal comma inside a value; '=' after the first
 * one is literal; a bare "help" or "?" anywhere marks a help request
 * (qemu_opt_has_help_opt()) and is not stored; "id=" is validated and kept
 * as the instance id (qemu_opts_id()), not as an option; repeated keys are
 * all kept in order and getters return the last one.
 *
 * Option descriptions are const data.  A parsed QemuOpts is owned by its
 * caller until handed to a QemuOptsStore, the caller-owned collection that
 * replaces QEMU's global option lists.
 */
#ifndef QEMU_OPTION_H
#define QEMU_OPTION_H

typedef enum QemuOptType {
    QEMU_OPT_STRING,
    QEMU_OPT_BOOL,      /* on|yes|true|y / off|no|false|n */
    QEMU_OPT_NUMBER,    /* strtoull base 0 */
    QEMU_OPT_SIZE,      /* qemu_strtosz() */
} QemuOptType;

typedef struct QemuOptDesc {
    const char *name;
    QemuOptType type;
    const char *help;
    const char *def_value_str;  /* returned by getters when unset */
} QemuOptDesc;

typedef struct QemuOptsList {
    const char *name;               /* group: "netdev", "machine", ... */
    const char *implied_opt_name;   /* key of a first element without '=' */
    bool merge_lists;               /* one instance; later keys win */
    bool keyval;                    /* keyval strictness, see above */
    const QemuOptDesc *desc;        /* {NULL}-terminated; NULL: any key */
} QemuOptsList;

typedef struct QemuOpts QemuOpts;
typedef struct QemuOptsStore QemuOptsStore;

/*
 * Parse @params.  The implied key applies to the first element only, and
 * only when @permit_implied and list->implied_opt_name are set.  With a
 * desc, unknown keys fail ("Invalid parameter 'KEY'") and typed values are
 * checked (cutils.h messages).  The current error location (the option
 * being processed) is recorded in the result for late diagnostics.
 * Returns NULL and sets @errp on error.
 */
QemuOpts *qemu_opts_parse(const QemuOptsList *list, const char *params,
                          bool permit_implied, Error **errp);
/* An empty instance (for options built by code).  @id may be NULL. */
QemuOpts *qemu_opts_create(const QemuOptsList *list, const char *id,
                           Error **errp);
void qemu_opts_del(QemuOpts *opts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuOpts, qemu_opts_del)

const QemuOptsList *qemu_opts_list(const QemuOpts *opts);
const char *qemu_opts_group(const QemuOpts *opts);
const char *qemu_opts_id(const QemuOpts *opts);
bool qemu_opt_has_help_opt(const QemuOpts *opts);
/* The error location that was current when the opts were parsed. */
Location qemu_opts_loc(const QemuOpts *opts);
/* "id=ID,key=value,..." with commas in values doubled (for messages). */
char *qemu_opts_to_string(const QemuOpts *opts);

/*
 * Getters return the last value set for @name, else the desc default,
 * else @defval (NULL for strings).  The typed getters without _err return
 * @defval when the value does not parse (only possible when the list has
 * no desc); the _err variants report the cutils.h error instead.
 */
const char *qemu_opt_get(const QemuOpts *opts, const char *name);
bool qemu_opt_find(const QemuOpts *opts, const char *name);
bool qemu_opt_get_bool(const QemuOpts *opts, const char *name, bool defval);
uint64_t qemu_opt_get_number(const QemuOpts *opts, const char *name,
                             uint64_t defval);
uint64_t qemu_opt_get_size(const QemuOpts *opts, const char *name,
                           uint64_t defval);
bool qemu_opt_get_bool_err(const QemuOpts *opts, const char *name,
                           bool defval, bool *result, Error **errp);
bool qemu_opt_get_number_err(const QemuOpts *opts, const char *name,
                             uint64_t defval, uint64_t *result,
                             Error **errp);
bool qemu_opt_get_size_err(const QemuOpts *opts, const char *name,
                           uint64_t defval, uint64_t *result, Error **errp);

/* Append name=value (validated against the desc, if any). */
bool qemu_opt_set(QemuOpts *opts, const char *name, const char *value,
                  Error **errp);
/* Remove every occurrence of @name; false if there was none. */
bool qemu_opt_unset(QemuOpts *opts, const char *name);

/*
 * Call @func for every key=value in order (repeats included); stops at
 * the first non-zero return and returns it.
 */
typedef int (*QemuOptFunc)(void *opaque, const char *name,
                           const char *value, Error **errp);
int qemu_opt_foreach(const QemuOpts *opts, QemuOptFunc func, void *opaque,
                     Error **errp);

/*
 * "-device e1000,help" style listing of a desc: "<name> options:" then
 * "  key=<type>" padded to 24 columns, " - help", sorted; or
 * "There are no options for <name>."
 */
void qemu_opts_print_help(FILE *f, const QemuOptsList *list,
                          bool print_caption);

/*
 * The store: parsed instances grouped by list name, in insertion order.
 * qemu_opts_store_add() always takes ownership of @opts.  It returns the
 * instance now holding the keys: @opts itself, or for a merge_lists group
 * the existing instance @opts was merged into (and @opts is freed).  A
 * duplicate id in the same group fails with "Duplicate ID 'ID' for GROUP"
 * (and @opts is freed).
 */
QemuOptsStore *qemu_opts_store_new(void);
void qemu_opts_store_free(QemuOptsStore *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuOptsStore, qemu_opts_store_free)
QemuOpts *qemu_opts_store_add(QemuOptsStore *s, QemuOpts *opts,
                              Error **errp);
/* Unlink and free @opts. */
void qemu_opts_store_del(QemuOptsStore *s, QemuOpts *opts);
/* @id NULL finds the first instance without an id. */
QemuOpts *qemu_opts_store_find(const QemuOptsStore *s, const char *group,
                               const char *id);
QemuOpts *qemu_opts_store_first(const QemuOptsStore *s, const char *group);
unsigned qemu_opts_store_count(const QemuOptsStore *s, const char *group);

/*
 * Call @func on each instance of @group in insertion order, with the
 * error location set to the one recorded at parse time (so late errors
 * print "-netdev ARG: ...").  Stops at the first non-zero return.
 */
typedef int (*QemuOptsFunc)(void *opaque, QemuOpts *opts, Error **errp);
int qemu_opts_store_foreach(const QemuOptsStore *s, const char *group,
                            QemuOptsFunc func, void *opaque, Error **errp);

#endif
