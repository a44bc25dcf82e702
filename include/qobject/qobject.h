/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QObject: reference-counted, dynamically typed values (null, numbers,
 * strings, booleans, dictionaries and lists) as exchanged over QMP.
 *
 * Every concrete type (QDict, QList, QString, QNum, QBool, QNull) starts
 * with a QObjectBase_ member named "base", so any of them converts to a
 * QObject with QOBJECT() and back with the checked qobject_to_*()
 * downcasts, which return NULL on a type mismatch.
 *
 * Ownership: a new object holds one reference owned by its creator.
 * Functions documented as "taking ownership" consume one reference of
 * their argument; getters return borrowed pointers valid as long as the
 * container holds the value.  Reference counts are atomic, so a value may
 * be shared read-only between threads; mutation is not thread-safe.
 */
#ifndef QOBJECT_QOBJECT_H
#define QOBJECT_QOBJECT_H

typedef enum QType {
    QTYPE_NONE,
    QTYPE_QNULL,
    QTYPE_QNUM,
    QTYPE_QSTRING,
    QTYPE_QDICT,
    QTYPE_QLIST,
    QTYPE_QBOOL,
    QTYPE__MAX,
} QType;

/* Header shared by all types.  Private: use the functions below. */
typedef struct QObjectBase_ {
    QType type;
    int refcnt;
} QObjectBase_;

typedef struct QObject {
    QObjectBase_ base;
} QObject;

typedef struct QDict QDict;
typedef struct QList QList;
typedef struct QString QString;
typedef struct QNum QNum;
typedef struct QBool QBool;
typedef struct QNull QNull;

/*
 * Upcast any QObject type (or QObject itself) to QObject *.  NULL stays
 * NULL; the argument is evaluated once.
 */
#define QOBJECT(obj) ({                                     \
    __typeof__(obj) qobject_up_ = (obj);                    \
    qobject_up_ ? container_of(&qobject_up_->base, QObject, base) : NULL; \
})

/* Implementations behind the type-generic macros below. */
void qobject_ref_impl(QObject *obj);
void qobject_unref_impl(QObject *obj);

/* Take a reference; returns @obj with its own type.  NULL is ignored. */
#define qobject_ref(obj) ({                                 \
    __typeof__(obj) qobject_ref_ = (obj);                   \
    qobject_ref_impl(QOBJECT(qobject_ref_));                \
    qobject_ref_;                                           \
})

/* Drop a reference, freeing the value at zero.  NULL is ignored. */
#define qobject_unref(obj) qobject_unref_impl(QOBJECT(obj))

QType qobject_type(const QObject *obj);

/*
 * Name of a type as QEMU's QAPI QType enum spells it ("qdict", "qnum"...),
 * for diagnostics.  Not the QAPI schema type names ("str", "int").
 */
const char *qtype_name(QType type);

/*
 * Deep equality.  Dictionaries compare as sets of members (order is
 * ignored); an integer equals an integer of the same value whatever its
 * signedness kind; a double equals only a double (==).  NULL equals only
 * NULL.
 */
bool qobject_is_equal(const QObject *a, const QObject *b);

/* Checked downcasts: NULL if @obj is NULL or of another type. */
QDict *qobject_to_qdict(const QObject *obj);
QList *qobject_to_qlist(const QObject *obj);
QString *qobject_to_qstring(const QObject *obj);
QNum *qobject_to_qnum(const QObject *obj);
QBool *qobject_to_qbool(const QObject *obj);
QNull *qobject_to_qnull(const QObject *obj);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QObject, qobject_unref_impl)

#endif
