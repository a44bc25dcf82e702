/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for the QObject value types. */
#include "qemu/osdep.h"
#include "qobject/qobject.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qstring.h"
#include "qobject/qnum.h"
#include "qobject/qbool.h"
#include "qobject/qnull.h"

/* Keys of @dict in iteration order, comma-separated. */
static char *dict_keys(const QDict *dict)
{
    GString *s = g_string_new(NULL);
    const QDictEntry *e;

    for (e = qdict_first(dict); e; e = qdict_next(dict, e)) {
        g_string_append_printf(s, "%s%s", s->len ? "," : "",
                               qdict_entry_key(e));
    }
    return g_string_free(s, false);
}

static void test_dict_order(void)
{
    g_autoptr(QDict) d = qdict_new();
    g_autofree char *k1 = NULL;
    g_autofree char *k2 = NULL;
    g_autofree char *k3 = NULL;
    int i;

    qdict_put_int(d, "micro", 22);
    qdict_put_int(d, "minor", 2);
    qdict_put_int(d, "major", 7);
    k1 = dict_keys(d);
    g_assert_cmpstr(k1, ==, "micro,minor,major");

    /* Replacing keeps the position. */
    qdict_put_str(d, "minor", "two");
    k2 = dict_keys(d);
    g_assert_cmpstr(k2, ==, "micro,minor,major");
    g_assert_cmpstr(qdict_get_str(d, "minor"), ==, "two");
    g_assert_cmpuint(qdict_size(d), ==, 3);

    /* Delete, re-insert goes to the end. */
    g_assert_true(qdict_del(d, "micro"));
    g_assert_false(qdict_del(d, "micro"));
    qdict_put_null(d, "micro");
    k3 = dict_keys(d);
    g_assert_cmpstr(k3, ==, "minor,major,micro");

    /* Many keys keep their order too. */
    for (i = 0; i < 1000; i++) {
        g_autofree char *key = g_strdup_printf("k%d", i);

        qdict_put_int(d, key, i);
    }
    g_assert_cmpuint(qdict_size(d), ==, 1003);
    i = -3;
    for (const QDictEntry *e = qdict_first(d); e; e = qdict_next(d, e)) {
        if (i >= 0) {
            g_autofree char *key = g_strdup_printf("k%d", i);

            g_assert_cmpstr(qdict_entry_key(e), ==, key);
        }
        i++;
    }
    g_assert_cmpint(i, ==, 1000);
}

static void test_dict_delete_while_iterating(void)
{
    g_autoptr(QDict) d = qdict_new();
    const QDictEntry *e, *next;
    g_autofree char *keys = NULL;

    qdict_put_int(d, "a", 1);
    qdict_put_int(d, "b", 2);
    qdict_put_int(d, "c", 3);
    qdict_put_int(d, "d", 4);
    for (e = qdict_first(d); e; e = next) {
        next = qdict_next(d, e);
        if (qdict_get_int(d, qdict_entry_key(e)) % 2) {
            qdict_del(d, qdict_entry_key(e));
        }
    }
    keys = dict_keys(d);
    g_assert_cmpstr(keys, ==, "b,d");
    qdict_del(d, "b");
    qdict_del(d, "d");
    g_assert_null(qdict_first(d));
    qdict_put_int(d, "z", 0);
    g_assert_cmpstr(qdict_entry_key(qdict_first(d)), ==, "z");
}

static void test_dict_getters(void)
{
    g_autoptr(QDict) d = qdict_new();
    QDict *inner = qdict_new();
    QList *list = qlist_new();

    qdict_put_str(d, "s", "str");
    qdict_put_int(d, "i", -5);
    qdict_put_uint(d, "u", UINT64_MAX);
    qdict_put_bool(d, "b", true);
    qdict_put_double(d, "f", 1.5);
    qdict_put(d, "d", inner);
    qdict_put(d, "l", list);

    g_assert_cmpstr(qdict_get_str(d, "s"), ==, "str");
    g_assert_cmpstr(qdict_get_try_str(d, "s"), ==, "str");
    g_assert_null(qdict_get_str(d, "i"));
    g_assert_null(qdict_get_try_str(d, "nope"));
    g_assert_cmpint(qdict_get_int(d, "i"), ==, -5);
    g_assert_cmpint(qdict_get_int(d, "u"), ==, 0);     /* not int64 */
    g_assert_cmpint(qdict_get_int(d, "f"), ==, 0);
    g_assert_cmpint(qdict_get_int(d, "nope"), ==, 0);
    g_assert_cmpint(qdict_get_try_int(d, "s", 42), ==, 42);
    g_assert_cmpint(qdict_get_try_int(d, "i", 42), ==, -5);
    g_assert_true(qdict_get_bool(d, "b"));
    g_assert_false(qdict_get_bool(d, "s"));
    g_assert_true(qdict_get_try_bool(d, "nope", true));
    g_assert_true(qdict_get_qdict(d, "d") == inner);
    g_assert_null(qdict_get_qdict(d, "l"));
    g_assert_true(qdict_get_qlist(d, "l") == list);
    g_assert_null(qdict_get_qlist(d, "d"));
    g_assert_true(qdict_haskey(d, "f"));
    g_assert_false(qdict_haskey(d, "F"));
    g_assert_null(qdict_get(d, "nope"));
}

static void test_dict_clone(void)
{
    g_autoptr(QDict) d = qdict_new();
    g_autoptr(QDict) c = NULL;
    QString *s = qstring_from_str("shared");
    g_autofree char *keys = NULL;

    qdict_put(d, "x", s);
    qdict_put_int(d, "a", 1);
    c = qdict_clone_shallow(d);
    keys = dict_keys(c);
    g_assert_cmpstr(keys, ==, "x,a");
    g_assert_true(qdict_get(c, "x") == QOBJECT(s));
    g_assert_cmpint(s->base.refcnt, ==, 2);
    qdict_del(d, "x");
    g_assert_cmpint(s->base.refcnt, ==, 1);
    g_assert_cmpstr(qdict_get_str(c, "x"), ==, "shared");
}

static void test_list(void)
{
    g_autoptr(QList) l = qlist_new();
    const QListEntry *e;
    QObject *o;
    int64_t v;
    int n = 0;

    g_assert_true(qlist_empty(l));
    g_assert_null(qlist_peek(l));
    g_assert_null(qlist_pop(l));
    qlist_append_int(l, 1);
    qlist_append_str(l, "two");
    qlist_append_bool(l, false);
    qlist_append_null(l);
    g_assert_cmpuint(qlist_size(l), ==, 4);
    g_assert_false(qlist_empty(l));

    QLIST_FOREACH_ENTRY(l, e) {
        n++;
    }
    g_assert_cmpint(n, ==, 4);

    o = qlist_pop(l);
    g_assert_true(qnum_get_try_int(qobject_to_qnum(o), &v));
    g_assert_cmpint(v, ==, 1);
    qobject_unref(o);
    g_assert_cmpstr(qstring_get_str(qobject_to_qstring(qlist_peek(l))), ==,
                    "two");
    g_assert_cmpuint(qlist_size(l), ==, 3);
    qobject_unref(qlist_pop(l));
    qobject_unref(qlist_pop(l));
    qobject_unref(qlist_pop(l));
    g_assert_true(qlist_empty(l));
    qlist_append_int(l, 9);     /* tail was reset properly */
    g_assert_cmpuint(qlist_size(l), ==, 1);
}

static void test_refcount(void)
{
    QDict *d = qdict_new();
    QString *s = qstring_from_str("x");
    QDict *ref;

    g_assert_cmpint(d->base.refcnt, ==, 1);
    ref = qobject_ref(d);
    g_assert_true(ref == d);
    g_assert_cmpint(d->base.refcnt, ==, 2);
    qobject_unref(d);
    g_assert_cmpint(d->base.refcnt, ==, 1);

    qdict_put(d, "s", qobject_ref(s));
    g_assert_cmpint(s->base.refcnt, ==, 2);
    qdict_put_int(d, "s", 1);           /* replacement releases it */
    g_assert_cmpint(s->base.refcnt, ==, 1);
    qobject_unref(s);
    qobject_unref(d);

    qobject_unref((QObject *)NULL);
    g_assert_null(qobject_ref((QDict *)NULL));
}

static void test_qnull(void)
{
    QNull *a = qnull();
    QNull *b = qnull();

    g_assert_true(a == b);
    g_assert_cmpint(qobject_type(QOBJECT(a)), ==, QTYPE_QNULL);
    qobject_ref(a);
    qobject_unref(a);
    qobject_unref(a);
    qobject_unref(b);
    g_assert_cmpint(qobject_type(QOBJECT(qnull())), ==, QTYPE_QNULL);
    g_assert_true(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
}

static void test_qnum(void)
{
    g_autoptr(QNum) i = qnum_from_int(-1);
    g_autoptr(QNum) u = qnum_from_uint(UINT64_MAX);
    g_autoptr(QNum) small_u = qnum_from_uint(7);
    g_autoptr(QNum) d = qnum_from_double(2.5);
    int64_t iv;
    uint64_t uv;

    g_assert_true(qnum_get_try_int(i, &iv));
    g_assert_cmpint(iv, ==, -1);
    g_assert_false(qnum_get_try_uint(i, &uv));
    g_assert_false(qnum_get_try_int(u, &iv));
    g_assert_true(qnum_get_try_uint(u, &uv));
    g_assert_cmpuint(uv, ==, UINT64_MAX);
    g_assert_true(qnum_get_try_int(small_u, &iv));
    g_assert_cmpint(iv, ==, 7);
    g_assert_false(qnum_get_try_int(d, &iv));
    g_assert_false(qnum_get_try_uint(d, &uv));
    g_assert_cmpfloat(qnum_get_double(d), ==, 2.5);
    g_assert_cmpfloat(qnum_get_double(i), ==, -1.0);
    g_assert_cmpint(qnum_kind(u), ==, QNUM_U64);
}

static void test_equality(void)
{
    g_autoptr(QDict) a = qdict_new();
    g_autoptr(QDict) b = qdict_new();
    g_autoptr(QNum) i7 = qnum_from_int(7);
    g_autoptr(QNum) u7 = qnum_from_uint(7);
    g_autoptr(QNum) d7 = qnum_from_double(7.0);
    g_autoptr(QList) l1 = qlist_new();
    g_autoptr(QList) l2 = qlist_new();

    /* Member order does not matter. */
    qdict_put_int(a, "x", 1);
    qdict_put_str(a, "y", "s");
    qdict_put_str(b, "y", "s");
    qdict_put_int(b, "x", 1);
    g_assert_true(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    qdict_put_int(b, "x", 2);
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    qdict_put_int(b, "x", 1);
    qdict_put_int(b, "z", 1);
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(b)));

    g_assert_true(qobject_is_equal(QOBJECT(i7), QOBJECT(u7)));
    g_assert_false(qobject_is_equal(QOBJECT(i7), QOBJECT(d7)));
    g_assert_false(qobject_is_equal(QOBJECT(i7), NULL));
    g_assert_true(qobject_is_equal(NULL, NULL));
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(l1)));

    /* Element order does matter. */
    qlist_append_int(l1, 1);
    qlist_append_int(l1, 2);
    qlist_append_int(l2, 2);
    qlist_append_int(l2, 1);
    g_assert_false(qobject_is_equal(QOBJECT(l1), QOBJECT(l2)));
    qobject_unref(qlist_pop(l2));
    qlist_append_int(l2, 2);
    g_assert_true(qobject_is_equal(QOBJECT(l1), QOBJECT(l2)));
    qlist_append_int(l2, 3);
    g_assert_false(qobject_is_equal(QOBJECT(l1), QOBJECT(l2)));
}

static void test_downcasts(void)
{
    g_autoptr(QObject) d = QOBJECT(qdict_new());
    g_autoptr(QObject) l = QOBJECT(qlist_new());
    g_autoptr(QObject) s = QOBJECT(qstring_from_str("x"));
    g_autoptr(QObject) n = QOBJECT(qnum_from_int(1));
    g_autoptr(QObject) b = QOBJECT(qbool_from_bool(true));
    g_autoptr(QObject) z = QOBJECT(qnull());

    g_assert_nonnull(qobject_to_qdict(d));
    g_assert_null(qobject_to_qdict(l));
    g_assert_nonnull(qobject_to_qlist(l));
    g_assert_null(qobject_to_qlist(d));
    g_assert_nonnull(qobject_to_qstring(s));
    g_assert_null(qobject_to_qstring(n));
    g_assert_nonnull(qobject_to_qnum(n));
    g_assert_null(qobject_to_qnum(b));
    g_assert_nonnull(qobject_to_qbool(b));
    g_assert_null(qobject_to_qbool(z));
    g_assert_nonnull(qobject_to_qnull(z));
    g_assert_null(qobject_to_qnull(s));
    g_assert_null(qobject_to_qdict(NULL));

    g_assert_cmpint(qobject_type(d), ==, QTYPE_QDICT);
    g_assert_cmpint(qobject_type(l), ==, QTYPE_QLIST);
    g_assert_cmpint(qobject_type(s), ==, QTYPE_QSTRING);
    g_assert_cmpint(qobject_type(n), ==, QTYPE_QNUM);
    g_assert_cmpint(qobject_type(b), ==, QTYPE_QBOOL);
    g_assert_cmpint(qobject_type(z), ==, QTYPE_QNULL);
    g_assert_cmpstr(qtype_name(QTYPE_QDICT), ==, "qdict");
    g_assert_true(QOBJECT(qobject_to_qdict(d)) == d);
}

static void test_qstring(void)
{
    g_autoptr(QString) a = qstring_from_str("héllo");
    g_autoptr(QString) b = qstring_from_gstring(g_string_new("x"));

    g_assert_cmpstr(qstring_get_str(a), ==, "héllo");
    g_assert_cmpuint(qstring_get_length(a), ==, 6);
    g_assert_cmpstr(qstring_get_str(b), ==, "x");
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qobject/dict/order", test_dict_order);
    g_test_add_func("/qobject/dict/delete-iterating",
                    test_dict_delete_while_iterating);
    g_test_add_func("/qobject/dict/getters", test_dict_getters);
    g_test_add_func("/qobject/dict/clone", test_dict_clone);
    g_test_add_func("/qobject/list", test_list);
    g_test_add_func("/qobject/refcount", test_refcount);
    g_test_add_func("/qobject/qnull", test_qnull);
    g_test_add_func("/qobject/qnum", test_qnum);
    g_test_add_func("/qobject/qstring", test_qstring);
    g_test_add_func("/qobject/equality", test_equality);
    g_test_add_func("/qobject/downcasts", test_downcasts);
    return g_test_run();
}
