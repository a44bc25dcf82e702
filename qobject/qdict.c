/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QDict: a hash table for O(1) lookup, plus a doubly linked list of the
 * same entries that records insertion order for iteration and output.
 */
#include "qemu/osdep.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"
#include "qobject/qnull.h"
#include "qobject-internal.h"

struct QDictEntry {
    char *key;                  /* also the hash table's key */
    QObject *value;             /* owned */
    QDictEntry *prev;
    QDictEntry *next;
};

QDict *qdict_new(void)
{
    QDict *dict = g_new0(QDict, 1);

    qobject_init(QOBJECT(dict), QTYPE_QDICT);
    dict->table = g_hash_table_new(g_str_hash, g_str_equal);
    return dict;
}

size_t qdict_size(const QDict *dict)
{
    return g_hash_table_size(dict->table);
}

static QDictEntry *qdict_find(const QDict *dict, const char *key)
{
    return g_hash_table_lookup(dict->table, key);
}

static void qdict_link_tail(QDict *dict, QDictEntry *entry)
{
    entry->prev = dict->tail;
    entry->next = NULL;
    if (dict->tail) {
        dict->tail->next = entry;
    } else {
        dict->head = entry;
    }
    dict->tail = entry;
}

static void qdict_unlink(QDict *dict, QDictEntry *entry)
{
    if (entry->prev) {
        entry->prev->next = entry->next;
    } else {
        dict->head = entry->next;
    }
    if (entry->next) {
        entry->next->prev = entry->prev;
    } else {
        dict->tail = entry->prev;
    }
}

void qdict_put_obj(QDict *dict, const char *key, QObject *value)
{
    QDictEntry *entry;

    g_assert(key && value);
    entry = qdict_find(dict, key);
    if (entry) {
        QObject *old = entry->value;

        entry->value = value;
        qobject_unref(old);
        return;
    }
    entry = g_new(QDictEntry, 1);
    entry->key = g_strdup(key);
    entry->value = value;
    g_hash_table_insert(dict->table, entry->key, entry);
    qdict_link_tail(dict, entry);
}

void qdict_put_str(QDict *dict, const char *key, const char *value)
{
    qdict_put(dict, key, qstring_from_str(value));
}

void qdict_put_int(QDict *dict, const char *key, int64_t value)
{
    qdict_put(dict, key, qnum_from_int(value));
}

void qdict_put_uint(QDict *dict, const char *key, uint64_t value)
{
    qdict_put(dict, key, qnum_from_uint(value));
}

void qdict_put_double(QDict *dict, const char *key, double value)
{
    qdict_put(dict, key, qnum_from_double(value));
}

void qdict_put_bool(QDict *dict, const char *key, bool value)
{
    qdict_put(dict, key, qbool_from_bool(value));
}

void qdict_put_null(QDict *dict, const char *key)
{
    qdict_put(dict, key, qnull());
}

QObject *qdict_get(const QDict *dict, const char *key)
{
    QDictEntry *entry = qdict_find(dict, key);

    return entry ? entry->value : NULL;
}

bool qdict_haskey(const QDict *dict, const char *key)
{
    return qdict_find(dict, key) != NULL;
}

const char *qdict_get_str(const QDict *dict, const char *key)
{
    QString *qstr = qobject_to_qstring(qdict_get(dict, key));

    return qstr ? qstring_get_str(qstr) : NULL;
}

const char *qdict_get_try_str(const QDict *dict, const char *key)
{
    return qdict_get_str(dict, key);
}

int64_t qdict_get_try_int(const QDict *dict, const char *key, int64_t def)
{
    QNum *qn = qobject_to_qnum(qdict_get(dict, key));
    int64_t val;

    return qn && qnum_get_try_int(qn, &val) ? val : def;
}

int64_t qdict_get_int(const QDict *dict, const char *key)
{
    return qdict_get_try_int(dict, key, 0);
}

bool qdict_get_try_bool(const QDict *dict, const char *key, bool def)
{
    QBool *qb = qobject_to_qbool(qdict_get(dict, key));

    return qb ? qbool_get_bool(qb) : def;
}

bool qdict_get_bool(const QDict *dict, const char *key)
{
    return qdict_get_try_bool(dict, key, false);
}

QDict *qdict_get_qdict(const QDict *dict, const char *key)
{
    return qobject_to_qdict(qdict_get(dict, key));
}

QList *qdict_get_qlist(const QDict *dict, const char *key)
{
    return qobject_to_qlist(qdict_get(dict, key));
}

static void qdict_entry_free(QDictEntry *entry)
{
    qobject_unref(entry->value);
    g_free(entry->key);
    g_free(entry);
}

bool qdict_del(QDict *dict, const char *key)
{
    QDictEntry *entry = qdict_find(dict, key);

    if (!entry) {
        return false;
    }
    g_hash_table_remove(dict->table, entry->key);
    qdict_unlink(dict, entry);
    qdict_entry_free(entry);
    return true;
}

const QDictEntry *qdict_first(const QDict *dict)
{
    return dict->head;
}

const QDictEntry *qdict_next(const QDict *dict, const QDictEntry *entry)
{
    return entry->next;
}

const char *qdict_entry_key(const QDictEntry *entry)
{
    return entry->key;
}

QObject *qdict_entry_value(const QDictEntry *entry)
{
    return entry->value;
}

QDict *qdict_clone_shallow(const QDict *dict)
{
    QDict *copy = qdict_new();
    const QDictEntry *e;

    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        qdict_put_obj(copy, e->key, qobject_ref(e->value));
    }
    return copy;
}

void qdict_destroy_obj(QObject *obj)
{
    QDict *dict = qobject_to_qdict(obj);
    QDictEntry *entry = dict->head;

    while (entry) {
        QDictEntry *next = entry->next;

        qdict_entry_free(entry);
        entry = next;
    }
    g_hash_table_destroy(dict->table);
    g_free(dict);
}

/* Same set of keys, with equal values; order does not matter. */
bool qdict_is_equal(const QObject *a, const QObject *b)
{
    const QDict *da = qobject_to_qdict(a);
    const QDict *db = qobject_to_qdict(b);
    const QDictEntry *e;

    if (qdict_size(da) != qdict_size(db)) {
        return false;
    }
    for (e = qdict_first(da); e; e = qdict_next(da, e)) {
        if (!qobject_is_equal(e->value, qdict_get(db, e->key))) {
            return false;
        }
    }
    return true;
}
