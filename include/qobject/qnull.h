/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QNull: JSON null.  There is a single, immutable QNull shared by
 * everyone; qnull() returns a reference to it.  Taking and dropping
 * references to it is allowed (and required for symmetry) but never
 * modifies it, so it is safe from any thread.
 */
#ifndef QOBJECT_QNULL_H
#define QOBJECT_QNULL_H

#include "qobject/qobject.h"

struct QNull {
    QObjectBase_ base;
};

QNull *qnull(void);

static inline void qnull_unref(QNull *qn)
{
    qobject_unref(qn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNull, qnull_unref)

#endif
