/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QObject base: reference counting, type queries, downcasts and deep
 * equality, dispatching to the concrete types.
 */
#include "qemu/osdep.h"
#include "qobject/qobject.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"
#include "qobject/qnull.h"
#include "qobject-internal.h"

void qobject_ref_impl(QObject *obj)
{
    /* The shared QNull is immutable: its count is never touched. */
    if (obj && obj->base.type != QTYPE_QNULL) {
        g_atomic_int_inc(&obj->base.refcnt);
    }
}

static void qobject_destroy(QObject *obj)
{
    switch (obj->base.type) {
    case QTYPE_QDICT:
        qdict_destroy_obj(obj);
        break;
    case QTYPE_QLIST:
        qlist_destroy_obj(obj);
        break;
    case QTYPE_QSTRING:
        qstring_destroy_obj(obj);
        break;
    case QTYPE_QNUM:
        qnum_destroy_obj(obj);
        break;
    case QTYPE_QBOOL:
        qbool_destroy_obj(obj);
        break;
    default:
        g_assert_not_reached();
    }
}

void qobject_unref_impl(QObject *obj)
{
    if (!obj || obj->base.type == QTYPE_QNULL) {
        return;
    }
    g_assert(obj->base.refcnt > 0);
    if (g_atomic_int_dec_and_test(&obj->base.refcnt)) {
        qobject_destroy(obj);
    }
}

QType qobject_type(const QObject *obj)
{
    g_assert(obj);
    g_assert(obj->base.type > QTYPE_NONE && obj->base.type < QTYPE__MAX);
    return obj->base.type;
}

const char *qtype_name(QType type)
{
    static const char *const names[QTYPE__MAX] = {
        [QTYPE_NONE] = "none",
        [QTYPE_QNULL] = "qnull",
        [QTYPE_QNUM] = "qnum",
        [QTYPE_QSTRING] = "qstring",
        [QTYPE_QDICT] = "qdict",
        [QTYPE_QLIST] = "qlist",
        [QTYPE_QBOOL] = "qbool",
    };

    g_assert(type >= QTYPE_NONE && type < QTYPE__MAX);
    return names[type];
}

bool qobject_is_equal(const QObject *a, const QObject *b)
{
    if (a == b) {
        return true;
    }
    if (!a || !b || a->base.type != b->base.type) {
        return false;
    }
    switch (a->base.type) {
    case QTYPE_QNULL:
        return true;
    case QTYPE_QNUM:
        return qnum_is_equal(a, b);
    case QTYPE_QSTRING:
        return strcmp(qstring_get_str(qobject_to_qstring(a)),
                      qstring_get_str(qobject_to_qstring(b))) == 0;
    case QTYPE_QBOOL:
        return qbool_get_bool(qobject_to_qbool(a)) ==
               qbool_get_bool(qobject_to_qbool(b));
    case QTYPE_QDICT:
        return qdict_is_equal(a, b);
    case QTYPE_QLIST:
        return qlist_is_equal(a, b);
    default:
        g_assert_not_reached();
    }
}

/*
 * Downcasts.  The concrete structs begin with their QObjectBase_, so the
 * pointer value is unchanged; only the type tag is checked.  Like
 * strchr(), they drop const: callers keep the constness discipline.
 */
static void *qobject_downcast(const QObject *obj, QType type)
{
    if (!obj || obj->base.type != type) {
        return NULL;
    }
    return (void *)obj;
}

QDict *qobject_to_qdict(const QObject *obj)
{
    return qobject_downcast(obj, QTYPE_QDICT);
}

QList *qobject_to_qlist(const QObject *obj)
{
    return qobject_downcast(obj, QTYPE_QLIST);
}

QString *qobject_to_qstring(const QObject *obj)
{
    return qobject_downcast(obj, QTYPE_QSTRING);
}

QNum *qobject_to_qnum(const QObject *obj)
{
    return qobject_downcast(obj, QTYPE_QNUM);
}

QBool *qobject_to_qbool(const QObject *obj)
{
    return qobject_downcast(obj, QTYPE_QBOOL);
}

QNull *qobject_to_qnull(const QObject *obj)
{
    return qobject_downcast(obj, QTYPE_QNULL);
}

/* Every concrete type must start with its header for the casts above. */
QEMU_BUILD_BUG_ON(offsetof(QDict, base) != 0);
QEMU_BUILD_BUG_ON(offsetof(QList, base) != 0);
QEMU_BUILD_BUG_ON(offsetof(QString, base) != 0);
QEMU_BUILD_BUG_ON(offsetof(QNum, base) != 0);
QEMU_BUILD_BUG_ON(offsetof(QBool, base) != 0);
QEMU_BUILD_BUG_ON(offsetof(QNull, base) != 0);
