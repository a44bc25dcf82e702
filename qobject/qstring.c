/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QString: an immutable string value. */
#include "qemu/osdep.h"
#include "qobject/qstring.h"
#include "qobject-internal.h"

QString *qstring_from_gstring(GString *gstr)
{
    QString *qstr = g_new(QString, 1);

    qobject_init(QOBJECT(qstr), QTYPE_QSTRING);
    qstr->len = gstr->len;
    qstr->str = g_string_free(gstr, false);
    return qstr;
}

QString *qstring_from_str(const char *str)
{
    return qstring_from_gstring(g_string_new(str));
}

const char *qstring_get_str(const QString *qstr)
{
    return qstr->str;
}

size_t qstring_get_length(const QString *qstr)
{
    return qstr->len;
}

void qstring_destroy_obj(QObject *obj)
{
    QString *qstr = qobject_to_qstring(obj);

    g_free(qstr->str);
    g_free(qstr);
}
