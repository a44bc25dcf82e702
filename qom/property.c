/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Typed properties: class property tables (fields of the instance) and
 * dynamic per-object properties, with string and QObject access.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qom/object-internal.h"
#include "qemu/cutils.h"
#include "qobject/qbool.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qobject/qnull.h"

static void *prop_ptr(Object *obj, const Property *p)
{
    return (char *)obj + p->offset;
}

static void prop_store_uint(Object *obj, const Property *p, uint64_t v)
{
    void *ptr = prop_ptr(obj, p);

    switch (p->width) {
    case 1:
        *(uint8_t *)ptr = v;
        break;
    case 2:
        *(uint16_t *)ptr = v;
        break;
    case 4:
        *(uint32_t *)ptr = v;
        break;
    default:
        *(uint64_t *)ptr = v;
        break;
    }
}

static uint64_t prop_load_uint(Object *obj, const Property *p)
{
    void *ptr = prop_ptr(obj, p);

    switch (p->width) {
    case 1:
        return *(uint8_t *)ptr;
    case 2:
        return *(uint16_t *)ptr;
    case 4:
        return *(uint32_t *)ptr;
    default:
        return *(uint64_t *)ptr;
    }
}

static int64_t prop_load_int(Object *obj, const Property *p)
{
    void *ptr = prop_ptr(obj, p);

    switch (p->width) {
    case 1:
        return *(int8_t *)ptr;
    case 2:
        return *(int16_t *)ptr;
    case 4:
        return *(int32_t *)ptr;
    default:
        return *(int64_t *)ptr;
    }
}

void object_props_set_defaults(Object *obj, const Property *props)
{
    for (const Property *p = props; p && p->name; p++) {
        if (!p->has_default) {
            continue;
        }
        switch (p->kind) {
        case PROP_KIND_BOOL:
            *(bool *)prop_ptr(obj, p) = p->def.b;
            break;
        case PROP_KIND_INT:
            prop_store_uint(obj, p, (uint64_t)p->def.i);
            break;
        case PROP_KIND_UINT:
        case PROP_KIND_SIZE:
            prop_store_uint(obj, p, p->def.u);
            break;
        case PROP_KIND_STRING:
            *(char **)prop_ptr(obj, p) = g_strdup(p->def.s);
            break;
        case PROP_KIND_LINK:
            break;
        }
    }
}

void object_props_free_values(Object *obj, const Property *props)
{
    for (const Property *p = props; p && p->name; p++) {
        if (p->kind == PROP_KIND_STRING) {
            g_free(*(char **)prop_ptr(obj, p));
            *(char **)prop_ptr(obj, p) = NULL;
        } else if (p->kind == PROP_KIND_LINK) {
            object_unref(*(Object **)prop_ptr(obj, p));
            *(Object **)prop_ptr(obj, p) = NULL;
        }
    }
}

const Property *object_class_find_property(ObjectClass *oc, const char *name)
{
    for (TypeImpl *ti = oc->type; ti; ti = ti->parent) {
        for (const Property *p = ti->info->props; p && p->name; p++) {
            if (strcmp(p->name, name) == 0) {
                return p;
            }
        }
    }
    return NULL;
}

void object_class_foreach_property(ObjectClass *oc,
                                   void (*fn)(const Property *p, void *opaque),
                                   void *opaque)
{
    for (TypeImpl *ti = oc->type; ti; ti = ti->parent) {
        for (const Property *p = ti->info->props; p && p->name; p++) {
            /* A property redefined by a subclass is visited once. */
            if (object_class_find_property(oc, p->name) == p) {
                fn(p, opaque);
            }
        }
    }
}

char *property_type_name(const Property *p)
{
    switch (p->kind) {
    case PROP_KIND_BOOL:
        return g_strdup("bool");
    case PROP_KIND_INT:
        return g_strdup_printf("int%d", p->width * 8);
    case PROP_KIND_UINT:
        return g_strdup_printf("uint%d", p->width * 8);
    case PROP_KIND_SIZE:
        return g_strdup("size");
    case PROP_KIND_STRING:
        return g_strdup("str");
    case PROP_KIND_LINK:
        return g_strdup_printf("link<%s>", p->link_type);
    }
    g_assert_not_reached();
}

char *property_default_string(const Property *p)
{
    if (!p->has_default) {
        return NULL;
    }
    switch (p->kind) {
    case PROP_KIND_BOOL:
        return g_strdup(p->def.b ? "true" : "false");
    case PROP_KIND_INT:
        return g_strdup_printf("%" PRId64, p->def.i);
    case PROP_KIND_UINT:
    case PROP_KIND_SIZE:
        return g_strdup_printf("%" PRIu64, p->def.u);
    case PROP_KIND_STRING:
        return p->def.s ? g_strdup_printf("\"%s\"", p->def.s) : NULL;
    case PROP_KIND_LINK:
        return NULL;
    }
    return NULL;
}

static void error_prop_not_found(Object *obj, const char *name, Error **errp)
{
    error_setg(errp, "Property '%s.%s' not found", object_get_typename(obj),
               name);
}

static void error_expects(const Property *p, Error **errp)
{
    g_autofree char *t = property_type_name(p);
    const char *article = (t[0] == 'i' || t[0] == 'u') ? "an" : "a";

    if (p->kind == PROP_KIND_UINT) {
        article = "a";
    }
    error_setg(errp, "Parameter '%s' expects %s %s value", p->name, article,
               t);
}

static bool int_fits(const Property *p, int64_t v)
{
    int bits = p->width * 8;

    return bits == 64 ||
           (v >= -(INT64_C(1) << (bits - 1)) && v < (INT64_C(1) << (bits - 1)));
}

static bool uint_fits(const Property *p, uint64_t v)
{
    return p->width == 8 || v < (UINT64_C(1) << (p->width * 8));
}

static bool set_link(Object *obj, const Property *p, const char *path,
                     Error **errp)
{
    Object **field = prop_ptr(obj, p);
    Object *target = NULL;
    bool ambiguous;

    if (*path) {
        target = object_resolve_path_type(object_get_root(obj), path,
                                          p->link_type, &ambiguous);
        if (!target) {
            error_setg(errp, "Device '%s' not found", path);
            return false;
        }
        object_ref(target);
    }
    object_unref(*field);
    *field = target;
    return true;
}

static bool class_prop_parse(Object *obj, const Property *p, const char *value,
                             Error **errp)
{
    int64_t i;
    uint64_t u;

    switch (p->kind) {
    case PROP_KIND_BOOL:
        return qapi_bool_parse(p->name, value, prop_ptr(obj, p), errp);
    case PROP_KIND_INT:
        if (qemu_strtoi64(value, NULL, 0, &i) < 0 || !int_fits(p, i)) {
            error_expects(p, errp);
            return false;
        }
        prop_store_uint(obj, p, (uint64_t)i);
        return true;
    case PROP_KIND_UINT:
        if (qemu_strtou64(value, NULL, 0, &u) < 0 || !uint_fits(p, u)) {
            error_expects(p, errp);
            return false;
        }
        prop_store_uint(obj, p, u);
        return true;
    case PROP_KIND_SIZE:
        if (qemu_strtosz(value, NULL, &u) < 0) {
            error_setg(errp, "Parameter '%s' expects a non-negative number "
                       "below 2^64", p->name);
            error_append_hint(errp, "Optional suffix k, M, G, T, P or E means"
                              " kilo-, mega-, giga-, tera-, peta-\n"
                              "and exabytes, respectively.\n");
            return false;
        }
        prop_store_uint(obj, p, u);
        return true;
    case PROP_KIND_STRING:
        g_free(*(char **)prop_ptr(obj, p));
        *(char **)prop_ptr(obj, p) = g_strdup(value);
        return true;
    case PROP_KIND_LINK:
        return set_link(obj, p, value, errp);
    }
    g_assert_not_reached();
}

static QObject *class_prop_get(Object *obj, const Property *p)
{
    Object *link;

    switch (p->kind) {
    case PROP_KIND_BOOL:
        return QOBJECT(qbool_from_bool(*(bool *)prop_ptr(obj, p)));
    case PROP_KIND_INT:
        return QOBJECT(qnum_from_int(prop_load_int(obj, p)));
    case PROP_KIND_UINT:
    case PROP_KIND_SIZE:
        return QOBJECT(qnum_from_uint(prop_load_uint(obj, p)));
    case PROP_KIND_STRING:
        if (!*(char **)prop_ptr(obj, p)) {
            return QOBJECT(qstring_from_str(""));
        }
        return QOBJECT(qstring_from_str(*(char **)prop_ptr(obj, p)));
    case PROP_KIND_LINK:
        link = *(Object **)prop_ptr(obj, p);
        if (!link) {
            return QOBJECT(qstring_from_str(""));
        } else {
            g_autofree char *path = object_get_canonical_path(link);
            return QOBJECT(qstring_from_str(path));
        }
    }
    g_assert_not_reached();
}

/* A QObject for a class property: JSON types must match (no strings). */
static bool class_prop_set_qobject(Object *obj, const Property *p,
                                   QObject *v, Error **errp)
{
    QBool *qb = qobject_to_qbool(v);
    QNum *qn = qobject_to_qnum(v);
    QString *qs = qobject_to_qstring(v);
    int64_t i;
    uint64_t u;

    switch (p->kind) {
    case PROP_KIND_BOOL:
        if (!qb) {
            break;
        }
        *(bool *)prop_ptr(obj, p) = qbool_get_bool(qb);
        return true;
    case PROP_KIND_INT:
        if (!qn || !qnum_get_try_int(qn, &i) || !int_fits(p, i)) {
            break;
        }
        prop_store_uint(obj, p, (uint64_t)i);
        return true;
    case PROP_KIND_UINT:
    case PROP_KIND_SIZE:
        if (!qn || !qnum_get_try_uint(qn, &u) || !uint_fits(p, u)) {
            break;
        }
        prop_store_uint(obj, p, u);
        return true;
    case PROP_KIND_STRING:
    case PROP_KIND_LINK:
        if (!qs) {
            break;
        }
        return class_prop_parse(obj, p, qstring_get_str(qs), errp);
    }
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               p->name, p->kind == PROP_KIND_BOOL ? "boolean" :
               (p->kind == PROP_KIND_STRING || p->kind == PROP_KIND_LINK) ?
               "string" : "integer");
    return false;
}

ObjectProperty *object_find_dyn_property(Object *obj, const char *name)
{
    for (guint i = 0; i < obj->dyn_props->len; i++) {
        ObjectProperty *p = g_ptr_array_index(obj->dyn_props, i);

        if (strcmp(p->name, name) == 0) {
            return p;
        }
    }
    return NULL;
}

void object_property_free(gpointer ptr)
{
    ObjectProperty *p = ptr;

    if (p->release) {
        p->release(p->owner, p->opaque);
    }
    g_free(p->name);
    g_free(p->type);
    g_free(p);
}

void object_property_add(Object *obj, const char *name, const char *type,
                         ObjectPropertyGet *get, ObjectPropertySet *set,
                         ObjectPropertyRelease *release, void *opaque)
{
    ObjectProperty *p = g_new0(ObjectProperty, 1);

    g_assert(!object_find_dyn_property(obj, name));
    p->name = g_strdup(name);
    p->type = g_strdup(type);
    p->get = get;
    p->set = set;
    p->release = release;
    p->opaque = opaque;
    p->owner = obj;
    g_ptr_array_add(obj->dyn_props, p);
}

static QObject *str_const_get(Object *obj, void *opaque, Error **errp)
{
    return QOBJECT(qstring_from_str(opaque));
}

static void str_const_release(Object *obj, void *opaque)
{
    g_free(opaque);
}

void object_property_add_str_const(Object *obj, const char *name,
                                   const char *value)
{
    object_property_add(obj, name, "string", str_const_get, NULL,
                        str_const_release, g_strdup(value));
}

bool object_property_find_any(Object *obj, const char *name)
{
    return object_class_find_property(obj->klass, name) ||
           object_find_dyn_property(obj, name) || strcmp(name, "type") == 0;
}

bool object_property_parse(Object *obj, const char *name, const char *value,
                           Error **errp)
{
    const Property *p = object_class_find_property(obj->klass, name);
    ObjectProperty *dp;
    QString *qs;
    bool ok;

    if (p) {
        return class_prop_parse(obj, p, value, errp);
    }
    dp = object_find_dyn_property(obj, name);
    if (!dp) {
        error_prop_not_found(obj, name, errp);
        return false;
    }
    if (!dp->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return false;
    }
    qs = qstring_from_str(value);
    ok = dp->set(obj, QOBJECT(qs), dp->opaque, errp);
    qobject_unref(QOBJECT(qs));
    return ok;
}

bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp)
{
    const Property *p = object_class_find_property(obj->klass, name);
    ObjectProperty *dp;

    if (p) {
        return class_prop_set_qobject(obj, p, value, errp);
    }
    dp = object_find_dyn_property(obj, name);
    if (!dp) {
        error_prop_not_found(obj, name, errp);
        return false;
    }
    if (!dp->set) {
        error_setg(errp, "Property '%s.%s' is not writable",
                   object_get_typename(obj), name);
        return false;
    }
    return dp->set(obj, value, dp->opaque, errp);
}

QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp)
{
    const Property *p = object_class_find_property(obj->klass, name);
    ObjectProperty *dp;

    if (p) {
        return class_prop_get(obj, p);
    }
    dp = object_find_dyn_property(obj, name);
    if (dp && dp->get) {
        return dp->get(obj, dp->opaque, errp);
    }
    if (strcmp(name, "type") == 0) {
        return QOBJECT(qstring_from_str(object_get_typename(obj)));
    }
    if (dp) {
        error_setg(errp, "Property '%s.%s' is not readable",
                   object_get_typename(obj), name);
        return NULL;
    }
    error_prop_not_found(obj, name, errp);
    return NULL;
}

char *object_property_print(Object *obj, const char *name, Error **errp)
{
    QObject *v = object_property_get_qobject(obj, name, errp);
    char *s = NULL;
    QNum *qn;

    if (!v) {
        return NULL;
    }
    switch (qobject_type(v)) {
    case QTYPE_QSTRING:
        s = g_strdup(qstring_get_str(qobject_to_qstring(v)));
        break;
    case QTYPE_QBOOL:
        s = g_strdup(qbool_get_bool(qobject_to_qbool(v)) ? "true" : "false");
        break;
    case QTYPE_QNUM: {
        int64_t i;
        uint64_t u;

        qn = qobject_to_qnum(v);
        if (qnum_get_try_int(qn, &i)) {
            s = g_strdup_printf("%" PRId64, i);
        } else if (qnum_get_try_uint(qn, &u)) {
            s = g_strdup_printf("%" PRIu64, u);
        } else {
            s = g_strdup_printf("%g", qnum_get_double(qn));
        }
        break;
    }
    default:
        s = g_strdup("<complex>");
        break;
    }
    qobject_unref(v);
    return s;
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    QBool *q = qbool_from_bool(value);
    bool ok = object_property_set_qobject(obj, name, QOBJECT(q), errp);

    qobject_unref(QOBJECT(q));
    return ok;
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    QNum *q = qnum_from_uint(value);
    bool ok = object_property_set_qobject(obj, name, QOBJECT(q), errp);

    qobject_unref(QOBJECT(q));
    return ok;
}

bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp)
{
    QString *q = qstring_from_str(value);
    bool ok = object_property_set_qobject(obj, name, QOBJECT(q), errp);

    qobject_unref(QOBJECT(q));
    return ok;
}

bool object_property_set_link(Object *obj, const char *name, Object *target,
                              Error **errp)
{
    const Property *p = object_class_find_property(obj->klass, name);
    Object **field;

    if (!p || p->kind != PROP_KIND_LINK) {
        error_prop_not_found(obj, name, errp);
        return false;
    }
    if (target && !object_dynamic_cast(target, p->link_type)) {
        error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                   name, p->link_type);
        return false;
    }
    field = prop_ptr(obj, p);
    if (target) {
        object_ref(target);
    }
    object_unref(*field);
    *field = target;
    return true;
}

typedef struct ForeachData {
    ObjectPropertyVisit *fn;
    void *opaque;
} ForeachData;

static void foreach_class_prop(const Property *p, void *opaque)
{
    ForeachData *d = opaque;
    g_autofree char *t = property_type_name(p);

    if (p->kind == PROP_KIND_STRING) {
        d->fn(p->name, "string", d->opaque);
    } else {
        d->fn(p->name, t, d->opaque);
    }
}

void object_property_foreach(Object *obj, ObjectPropertyVisit *fn,
                             void *opaque)
{
    ForeachData d = { fn, opaque };

    fn("type", "string", opaque);
    for (guint i = 0; i < obj->dyn_props->len; i++) {
        ObjectProperty *p = g_ptr_array_index(obj->dyn_props, i);

        fn(p->name, p->type, opaque);
    }
    object_class_foreach_property(obj->klass, foreach_class_prop, &d);
}

static gint prop_name_cmp(gconstpointer a, gconstpointer b)
{
    const Property *pa = *(const Property *const *)a;
    const Property *pb = *(const Property *const *)b;

    return strcmp(pa->name, pb->name);
}

static void collect_prop(const Property *p, void *opaque)
{
    g_ptr_array_add(opaque, (gpointer)p);
}

void object_class_print_help(ObjectClass *oc, GString *out)
{
    g_autoptr(GPtrArray) props = g_ptr_array_new();

    object_class_foreach_property(oc, collect_prop, props);
    if (props->len == 0) {
        g_string_append_printf(out, "There are no options for %s.\n",
                               object_class_get_name(oc));
        return;
    }
    g_ptr_array_sort(props, prop_name_cmp);
    g_string_append_printf(out, "%s options:\n", object_class_get_name(oc));
    for (guint i = 0; i < props->len; i++) {
        const Property *p = g_ptr_array_index(props, i);
        g_autofree char *t = property_type_name(p);
        g_autofree char *left = g_strdup_printf("%s=<%s>", p->name, t);
        g_autofree char *def = property_default_string(p);

        if (p->desc || def) {
            g_string_append_printf(out, "  %-22s - %s", left,
                                   p->desc ? p->desc : "");
            if (def) {
                g_string_append_printf(out, " (default: %s)", def);
            }
        } else {
            g_string_append_printf(out, "  %s", left);
        }
        g_string_append_c(out, '\n');
    }
}
