/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QNum: a JSON number, stored as int64, uint64 or double.
 *
 * The JSON parser picks int64 when the integer fits, else uint64, else
 * double; numbers with a fraction or exponent are always doubles.  The
 * uint64 kind is only used for values above INT64_MAX.
 */
#ifndef QOBJECT_QNUM_H
#define QOBJECT_QNUM_H

#include "qobject/qobject.h"

typedef enum QNumKind {
    QNUM_I64,
    QNUM_U64,
    QNUM_DOUBLE,
} QNumKind;

struct QNum {
    QObjectBase_ base;
    /* private */
    QNumKind kind;
    union {
        int64_t i64;
        uint64_t u64;
        double dbl;
    } u;
};

QNum *qnum_from_int(int64_t value);
QNum *qnum_from_uint(uint64_t value);
QNum *qnum_from_double(double value);

QNumKind qnum_kind(const QNum *qn);

/* True and *val set if @qn holds an integer representable as int64. */
bool qnum_get_try_int(const QNum *qn, int64_t *val);
/* True and *val set if @qn holds an integer representable as uint64. */
bool qnum_get_try_uint(const QNum *qn, uint64_t *val);
/* Any kind, converted to double (large integers may round). */
double qnum_get_double(const QNum *qn);

static inline void qnum_unref(QNum *qn)
{
    qobject_unref(qn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QNum, qnum_unref)

#endif
