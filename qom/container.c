/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The composition tree: child properties, canonical paths and path
 * resolution (absolute, or a unique partial path as QEMU accepts).
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qom/object-internal.h"
#include "qobject/qstring.h"

static QObject *child_get(Object *obj, void *opaque, Error **errp)
{
    ObjectProperty *prop = opaque;
    g_autofree char *path = object_get_canonical_path(prop->child);

    return QOBJECT(qstring_from_str(path));
}

static void child_release(Object *obj, void *opaque)
{
    ObjectProperty *prop = opaque;
    Object *child = prop->child;

    child->parent = NULL;
    object_unref(child);
}

void object_property_add_child(Object *parent, const char *name,
                               Object *child)
{
    g_autofree char *type = NULL;
    ObjectProperty *prop;

    g_assert(!child->parent);
    g_assert(!object_property_find_any(parent, name));
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    object_property_add(parent, name, type, child_get, NULL, child_release,
                        NULL);
    prop = object_find_dyn_property(parent, name);
    prop->opaque = prop;
    prop->child = child;
    object_ref(child);
    child->parent = parent;
    g_free(child->name);
    child->name = g_strdup(name);
}

void object_unparent(Object *obj)
{
    Object *parent = obj->parent;

    if (!parent) {
        return;
    }
    for (guint i = 0; i < parent->dyn_props->len; i++) {
        ObjectProperty *p = g_ptr_array_index(parent->dyn_props, i);

        if (p->child == obj) {
            g_ptr_array_remove_index(parent->dyn_props, i);
            return;
        }
    }
}

Object *object_get_root(Object *obj)
{
    while (obj->parent) {
        obj = obj->parent;
    }
    return obj;
}

Object *object_resolve_child(Object *parent, const char *name)
{
    ObjectProperty *p = object_find_dyn_property(parent, name);

    return p ? p->child : NULL;
}

char *object_get_canonical_path(const Object *obj)
{
    GString *path = g_string_new(NULL);

    if (!obj->parent) {
        g_string_append_c(path, '/');
    }
    for (; obj->parent; obj = obj->parent) {
        g_string_prepend(path, obj->name);
        g_string_prepend_c(path, '/');
    }
    return g_string_free(path, FALSE);
}

void object_foreach_child(Object *obj, void (*fn)(Object *child, void *opaque),
                          void *opaque)
{
    for (guint i = 0; i < obj->dyn_props->len; i++) {
        ObjectProperty *p = g_ptr_array_index(obj->dyn_props, i);

        if (p->child) {
            fn(p->child, opaque);
        }
    }
}

static Object *resolve_abs(Object *root, char **parts)
{
    Object *obj = root;

    for (int i = 0; parts[i] && obj; i++) {
        if (*parts[i]) {
            obj = object_resolve_child(obj, parts[i]);
        }
    }
    return obj;
}

/* Does @obj's path end with @parts (a partial path)? */
static bool path_ends_with(Object *obj, char **parts, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        if (!obj->parent || strcmp(obj->name, parts[i]) != 0) {
            return false;
        }
        obj = obj->parent;
    }
    return true;
}

typedef struct PartialSearch {
    char **parts;
    int n;
    const char *typename;
    Object *found;
    bool ambiguous;
} PartialSearch;

static void partial_visit(Object *obj, void *opaque)
{
    PartialSearch *s = opaque;

    if (path_ends_with(obj, s->parts, s->n) &&
        (!s->typename || object_dynamic_cast(obj, s->typename))) {
        if (s->found && s->found != obj) {
            s->ambiguous = true;
        }
        s->found = obj;
    }
    object_foreach_child(obj, partial_visit, s);
}

Object *object_resolve_path_type(Object *root, const char *path,
                                 const char *typename, bool *ambiguous)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    PartialSearch s = { 0 };
    Object *obj;

    if (ambiguous) {
        *ambiguous = false;
    }
    if (path[0] == '/') {
        obj = resolve_abs(root, parts);
        if (obj && typename && !object_dynamic_cast(obj, typename)) {
            return NULL;
        }
        return obj;
    }
    s.parts = parts;
    s.n = g_strv_length(parts);
    s.typename = typename;
    if (s.n == 0) {
        return NULL;
    }
    object_foreach_child(root, partial_visit, &s);
    if (s.ambiguous) {
        if (ambiguous) {
            *ambiguous = true;
        }
        return NULL;
    }
    return s.found;
}

Object *object_resolve_path(Object *root, const char *path, bool *ambiguous)
{
    return object_resolve_path_type(root, path, NULL, ambiguous);
}

Object *container_get(Object *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);
    Object *obj = root;

    for (int i = 0; parts[i]; i++) {
        Object *child;

        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_child(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    return obj;
}
