/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QList: an ordered sequence of QObjects.
 *
 *     const QListEntry *e;
 *     QLIST_FOREACH_ENTRY(list, e) {
 *         use(qlist_entry_obj(e));
 *     }
 */
#ifndef QOBJECT_QLIST_H
#define QOBJECT_QLIST_H

#include "qobject/qobject.h"

typedef struct QListEntry QListEntry;

struct QList {
    QObjectBase_ base;
    /* private */
    QListEntry *head;
    QListEntry *tail;
    size_t size;
};

QList *qlist_new(void);

/* Append @value at the end, taking ownership of it. */
void qlist_append_obj(QList *list, QObject *value);
/* Same, for any QObject type (takes ownership of @obj). */
#define qlist_append(list, obj) qlist_append_obj(list, QOBJECT(obj))

void qlist_append_str(QList *list, const char *value);
void qlist_append_int(QList *list, int64_t value);
void qlist_append_uint(QList *list, uint64_t value);
void qlist_append_double(QList *list, double value);
void qlist_append_bool(QList *list, bool value);
void qlist_append_null(QList *list);

size_t qlist_size(const QList *list);
bool qlist_empty(const QList *list);

/* First element, borrowed, or NULL when empty. */
QObject *qlist_peek(const QList *list);
/* Remove the first element and return it (the caller owns it), or NULL. */
QObject *qlist_pop(QList *list);

const QListEntry *qlist_first(const QList *list);
const QListEntry *qlist_next(const QListEntry *entry);
QObject *qlist_entry_obj(const QListEntry *entry);

#define QLIST_FOREACH_ENTRY(list, var) \
    for ((var) = qlist_first(list); (var); (var) = qlist_next(var))

static inline void qlist_unref(QList *list)
{
    qobject_unref(list);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QList, qlist_unref)

#endif
