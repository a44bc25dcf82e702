/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QDict: a string-keyed dictionary that remembers insertion order.
 *
 * Lookup, insertion and deletion are O(1).  Iteration (qdict_first /
 * qdict_next) and the JSON writer visit members in the order they were
 * first inserted; replacing the value of an existing key keeps its place.
 * That lets code build replies in the member order QEMU prints.
 *
 *     const QDictEntry *e;
 *     for (e = qdict_first(d); e; e = qdict_next(d, e)) {
 *         use(qdict_entry_key(e), qdict_entry_value(e));
 *     }
 *
 * Do not modify the dictionary while iterating, except for deleting the
 * current entry after fetching the next one.
 */
#ifndef QOBJECT_QDICT_H
#define QOBJECT_QDICT_H

#include "qobject/qobject.h"

typedef struct QDictEntry QDictEntry;

struct QDict {
    QObjectBase_ base;
    /* private */
    GHashTable *table;          /* key -> QDictEntry */
    QDictEntry *head;
    QDictEntry *tail;
};

QDict *qdict_new(void);
size_t qdict_size(const QDict *dict);

/*
 * Insert @value under @key, taking ownership of @value.  An existing
 * value for @key is released and replaced in place.
 */
void qdict_put_obj(QDict *dict, const char *key, QObject *value);
/* Same, for any QObject type (takes ownership of @obj). */
#define qdict_put(dict, key, obj) qdict_put_obj(dict, key, QOBJECT(obj))

void qdict_put_str(QDict *dict, const char *key, const char *value);
void qdict_put_int(QDict *dict, const char *key, int64_t value);
void qdict_put_uint(QDict *dict, const char *key, uint64_t value);
void qdict_put_double(QDict *dict, const char *key, double value);
void qdict_put_bool(QDict *dict, const char *key, bool value);
void qdict_put_null(QDict *dict, const char *key);

/* Borrowed value for @key, or NULL if absent. */
QObject *qdict_get(const QDict *dict, const char *key);
bool qdict_haskey(const QDict *dict, const char *key);

/*
 * Typed getters: absent keys and values of the wrong type give NULL
 * (pointers), 0 (integers) or false.  An integer getter accepts any QNum
 * holding an integer representable in the result type.
 */
const char *qdict_get_str(const QDict *dict, const char *key);
const char *qdict_get_try_str(const QDict *dict, const char *key);
int64_t qdict_get_int(const QDict *dict, const char *key);
bool qdict_get_bool(const QDict *dict, const char *key);
QDict *qdict_get_qdict(const QDict *dict, const char *key);
QList *qdict_get_qlist(const QDict *dict, const char *key);
/* Like the above but return @def when absent or of the wrong type. */
int64_t qdict_get_try_int(const QDict *dict, const char *key, int64_t def);
bool qdict_get_try_bool(const QDict *dict, const char *key, bool def);

/* Remove @key (releasing its value).  Returns false if it was absent. */
bool qdict_del(QDict *dict, const char *key);

/* Insertion-order iteration; NULL at the end. */
const QDictEntry *qdict_first(const QDict *dict);
const QDictEntry *qdict_next(const QDict *dict, const QDictEntry *entry);
const char *qdict_entry_key(const QDictEntry *entry);
QObject *qdict_entry_value(const QDictEntry *entry);

/* New dictionary with the same keys, in order, sharing the values. */
QDict *qdict_clone_shallow(const QDict *dict);

static inline void qdict_unref(QDict *dict)
{
    qobject_unref(dict);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QDict, qdict_unref)

#endif
