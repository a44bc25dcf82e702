/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QBool: JSON true / false. */
#ifndef QOBJECT_QBOOL_H
#define QOBJECT_QBOOL_H

#include "qobject/qobject.h"

struct QBool {
    QObjectBase_ base;
    /* private */
    bool value;
};

QBool *qbool_from_bool(bool value);
bool qbool_get_bool(const QBool *qb);

static inline void qbool_unref(QBool *qb)
{
    qobject_unref(qb);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QBool, qbool_unref)

#endif
