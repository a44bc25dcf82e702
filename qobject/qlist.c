/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QList: a singly linked list (with tail pointer) of owned references. */
#include "qemu/osdep.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"
#include "qobject/qnull.h"
#include "qobject-internal.h"

struct QListEntry {
    QObject *value;             /* owned */
    QListEntry *next;
};

QList *qlist_new(void)
{
    QList *list = g_new0(QList, 1);

    qobject_init(QOBJECT(list), QTYPE_QLIST);
    return list;
}

void qlist_append_obj(QList *list, QObject *value)
{
    QListEntry *entry = g_new(QListEntry, 1);

    g_assert(value);
    entry->value = value;
    entry->next = NULL;
    if (list->tail) {
        list->tail->next = entry;
    } else {
        list->head = entry;
    }
    list->tail = entry;
    list->size++;
}

void qlist_append_str(QList *list, const char *value)
{
    qlist_append(list, qstring_from_str(value));
}

void qlist_append_int(QList *list, int64_t value)
{
    qlist_append(list, qnum_from_int(value));
}

void qlist_append_uint(QList *list, uint64_t value)
{
    qlist_append(list, qnum_from_uint(value));
}

void qlist_append_double(QList *list, double value)
{
    qlist_append(list, qnum_from_double(value));
}

void qlist_append_bool(QList *list, bool value)
{
    qlist_append(list, qbool_from_bool(value));
}

void qlist_append_null(QList *list)
{
    qlist_append(list, qnull());
}

size_t qlist_size(const QList *list)
{
    return list->size;
}

bool qlist_empty(const QList *list)
{
    return list->size == 0;
}

QObject *qlist_peek(const QList *list)
{
    return list->head ? list->head->value : NULL;
}

QObject *qlist_pop(QList *list)
{
    QListEntry *entry = list->head;
    QObject *value;

    if (!entry) {
        return NULL;
    }
    list->head = entry->next;
    if (!list->head) {
        list->tail = NULL;
    }
    list->size--;
    value = entry->value;
    g_free(entry);
    return value;
}

const QListEntry *qlist_first(const QList *list)
{
    return list->head;
}

const QListEntry *qlist_next(const QListEntry *entry)
{
    return entry->next;
}

QObject *qlist_entry_obj(const QListEntry *entry)
{
    return entry->value;
}

void qlist_destroy_obj(QObject *obj)
{
    QList *list = qobject_to_qlist(obj);
    QObject *value;

    while ((value = qlist_pop(list))) {
        qobject_unref(value);
    }
    g_free(list);
}

bool qlist_is_equal(const QObject *a, const QObject *b)
{
    const QListEntry *ea = qlist_first(qobject_to_qlist(a));
    const QListEntry *eb = qlist_first(qobject_to_qlist(b));

    while (ea && eb) {
        if (!qobject_is_equal(ea->value, eb->value)) {
            return false;
        }
        ea = ea->next;
        eb = eb->next;
    }
    return !ea && !eb;
}
