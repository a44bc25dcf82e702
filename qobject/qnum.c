/* SPDX-License-Identifier: GPL-2.0-or-later */
/* QNum: a number held as int64, uint64 or double. */
#include "qemu/osdep.h"
#include "qobject/qnum.h"
#include "qobject-internal.h"

static QNum *qnum_alloc(QNumKind kind)
{
    QNum *qn = g_new(QNum, 1);

    qobject_init(QOBJECT(qn), QTYPE_QNUM);
    qn->kind = kind;
    return qn;
}

QNum *qnum_from_int(int64_t value)
{
    QNum *qn = qnum_alloc(QNUM_I64);

    qn->u.i64 = value;
    return qn;
}

QNum *qnum_from_uint(uint64_t value)
{
    QNum *qn = qnum_alloc(QNUM_U64);

    qn->u.u64 = value;
    return qn;
}

QNum *qnum_from_double(double value)
{
    QNum *qn = qnum_alloc(QNUM_DOUBLE);

    qn->u.dbl = value;
    return qn;
}

QNumKind qnum_kind(const QNum *qn)
{
    return qn->kind;
}

bool qnum_get_try_int(const QNum *qn, int64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        if (qn->u.u64 > INT64_MAX) {
            return false;
        }
        *val = qn->u.u64;
        return true;
    default:
        return false;
    }
}

bool qnum_get_try_uint(const QNum *qn, uint64_t *val)
{
    switch (qn->kind) {
    case QNUM_I64:
        if (qn->u.i64 < 0) {
            return false;
        }
        *val = qn->u.i64;
        return true;
    case QNUM_U64:
        *val = qn->u.u64;
        return true;
    default:
        return false;
    }
}

double qnum_get_double(const QNum *qn)
{
    switch (qn->kind) {
    case QNUM_I64:
        return qn->u.i64;
    case QNUM_U64:
        return qn->u.u64;
    default:
        return qn->u.dbl;
    }
}

void qnum_destroy_obj(QObject *obj)
{
    g_free(qobject_to_qnum(obj));
}

/*
 * Integers compare by value across the two integer kinds; doubles only
 * equal doubles, since an integer/double comparison would be lossy.
 */
bool qnum_is_equal(const QObject *a, const QObject *b)
{
    const QNum *na = qobject_to_qnum(a);
    const QNum *nb = qobject_to_qnum(b);
    int64_t ia, ib;
    uint64_t ua, ub;

    if (na->kind == QNUM_DOUBLE || nb->kind == QNUM_DOUBLE) {
        return na->kind == nb->kind && na->u.dbl == nb->u.dbl;
    }
    if (qnum_get_try_int(na, &ia)) {
        return qnum_get_try_int(nb, &ib) && ia == ib;
    }
    /* @na is above INT64_MAX. */
    return qnum_get_try_uint(na, &ua) && qnum_get_try_uint(nb, &ub) &&
           ua == ub;
}
