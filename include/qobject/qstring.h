/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QString: an immutable NUL-terminated (UTF-8) string value. */
#ifndef QOBJECT_QSTRING_H
#define QOBJECT_QSTRING_H

#include "qobject/qobject.h"

struct QString {
    QObjectBase_ base;
    /* private */
    char *str;
    size_t len;
};

QString *qstring_from_str(const char *str);
/* Takes ownership of @gstr (its buffer is reused). */
QString *qstring_from_gstring(GString *gstr);

const char *qstring_get_str(const QString *qstr);
size_t qstring_get_length(const QString *qstr);

static inline void qstring_unref(QString *qstr)
{
    qobject_unref(qstr);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QString, qstring_unref)

#endif
