/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private glue between qobject.c and the concrete QObject types. */
#ifndef QOBJECT_INTERNAL_H
#define QOBJECT_INTERNAL_H

#include "qobject/qobject.h"

/* Set up the header of a freshly allocated object (one reference). */
static inline void qobject_init(QObject *obj, QType type)
{
    obj->base.type = type;
    obj->base.refcnt = 1;
}

/* Free the object once its last reference is gone. */
void qdict_destroy_obj(QObject *obj);
void qlist_destroy_obj(QObject *obj);
void qstring_destroy_obj(QObject *obj);
void qnum_destroy_obj(QObject *obj);
void qbool_destroy_obj(QObject *obj);

/* Deep equality of two objects already known to share the type. */
bool qdict_is_equal(const QObject *a, const QObject *b);
bool qlist_is_equal(const QObject *a, const QObject *b);
bool qnum_is_equal(const QObject *a, const QObject *b);

#endif
