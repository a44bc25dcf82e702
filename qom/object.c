/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The type registry and the object lifecycle.  Property access lives in
 * qom/property.c and the composition tree in qom/container.c.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qom/object-internal.h"

/* The one registry; built once by type_registry_init(), then frozen. */
static GHashTable *type_table;

static const TypeInfo object_info = {
    .name = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .class_size = sizeof(ObjectClass),
    .abstract = true,
};

static const TypeInfo container_info = {
    .name = TYPE_CONTAINER,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .desc = "a container of objects",
};

static void type_add(const TypeInfo *info)
{
    TypeImpl *ti;

    if (g_hash_table_contains(type_table, info->name)) {
        g_error("type '%s' registered twice", info->name);
    }
    ti = g_new0(TypeImpl, 1);
    ti->info = info;
    g_hash_table_insert(type_table, (gpointer)info->name, ti);
}

static TypeImpl *type_lookup(const char *name)
{
    g_assert(type_table);
    return name ? g_hash_table_lookup(type_table, name) : NULL;
}

static void type_initialize(TypeImpl *ti)
{
    TypeImpl *parent;

    if (ti->klass) {
        return;
    }
    parent = NULL;
    if (ti->info->parent) {
        parent = type_lookup(ti->info->parent);
        if (!parent) {
            g_error("type '%s' has unknown parent '%s'", ti->info->name,
                    ti->info->parent);
        }
        type_initialize(parent);
    }
    ti->parent = parent;
    ti->instance_size = ti->info->instance_size ? ti->info->instance_size
                                                : parent->instance_size;
    ti->class_size = ti->info->class_size ? ti->info->class_size
                                          : parent->class_size;
    g_assert(!parent || ti->instance_size >= parent->instance_size);
    g_assert(!parent || ti->class_size >= parent->class_size);
    ti->klass = g_malloc0(ti->class_size);
    if (parent) {
        memcpy(ti->klass, parent->klass, parent->class_size);
    }
    ti->klass->type = ti;
    if (ti->info->class_init) {
        ti->info->class_init(ti->klass, ti->info->class_data);
    }
}

void type_registry_init(const TypeInfo *const *types, size_t n)
{
    GHashTableIter it;
    gpointer val;

    g_assert(!type_table);
    type_table = g_hash_table_new(g_str_hash, g_str_equal);
    type_add(&object_info);
    type_add(&container_info);
    for (size_t i = 0; i < n; i++) {
        type_add(types[i]);
    }
    g_hash_table_iter_init(&it, type_table);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        type_initialize(val);
    }
}

bool type_registry_is_initialized(void)
{
    return type_table != NULL;
}

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_lookup(typename);

    return ti ? ti->klass : NULL;
}

const char *object_class_get_name(const ObjectClass *oc)
{
    return oc->type->info->name;
}

const char *object_class_get_desc(const ObjectClass *oc)
{
    return oc->type->info->desc;
}

ObjectClass *object_class_get_parent(const ObjectClass *oc)
{
    return oc->type->parent ? oc->type->parent->klass : NULL;
}

bool object_class_is_abstract(const ObjectClass *oc)
{
    return oc->type->info->abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename)
{
    for (TypeImpl *ti = oc ? oc->type : NULL; ti; ti = ti->parent) {
        if (strcmp(ti->info->name, typename) == 0) {
            return oc;
        }
    }
    return NULL;
}

GSList *object_class_get_list(const char *implements, bool include_abstract)
{
    GHashTableIter it;
    gpointer val;
    GSList *list = NULL;

    g_hash_table_iter_init(&it, type_table);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        ObjectClass *oc = ((TypeImpl *)val)->klass;

        if (!include_abstract && object_class_is_abstract(oc)) {
            continue;
        }
        if (implements && !object_class_dynamic_cast(oc, implements)) {
            continue;
        }
        list = g_slist_prepend(list, oc);
    }
    return list;
}

static gint class_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name(a), object_class_get_name(b));
}

GSList *object_class_get_list_sorted(const char *implements,
                                     bool include_abstract)
{
    return g_slist_sort(object_class_get_list(implements, include_abstract),
                        class_name_cmp);
}

/* Run instance_init from the root type down to the leaf. */
static void object_init_with_type(Object *obj, TypeImpl *ti)
{
    if (ti->parent) {
        object_init_with_type(obj, ti->parent);
    }
    object_props_set_defaults(obj, ti->info->props);
    if (ti->info->instance_init) {
        ti->info->instance_init(obj);
    }
}

Object *object_new_with_class(ObjectClass *oc)
{
    Object *obj;

    g_assert(!object_class_is_abstract(oc));
    obj = g_malloc0(oc->type->instance_size);
    obj->klass = oc;
    obj->ref = 1;
    obj->dyn_props = g_ptr_array_new_with_free_func(object_property_free);
    object_init_with_type(obj, oc->type);
    return obj;
}

Object *object_new(const char *typename)
{
    ObjectClass *oc = object_class_by_name(typename);

    g_assert(oc);
    return object_new_with_class(oc);
}

void object_ref(Object *obj)
{
    obj->ref++;
}

static void object_finalize(Object *obj)
{
    /* Children and other dynamic properties go first, leaf type first. */
    g_ptr_array_set_size(obj->dyn_props, 0);
    for (TypeImpl *ti = obj->klass->type; ti; ti = ti->parent) {
        if (ti->info->instance_finalize) {
            ti->info->instance_finalize(obj);
        }
        object_props_free_values(obj, ti->info->props);
    }
    g_ptr_array_unref(obj->dyn_props);
    g_free(obj->name);
    g_free(obj);
}

void object_unref(Object *obj)
{
    if (!obj) {
        return;
    }
    g_assert(obj->ref > 0);
    if (--obj->ref == 0) {
        object_finalize(obj);
    }
}

const char *object_get_typename(const Object *obj)
{
    return object_class_get_name(obj->klass);
}

ObjectClass *object_get_class(const Object *obj)
{
    return obj->klass;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->klass, typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line)
{
    if (obj && !object_dynamic_cast(obj, typename)) {
        g_error("%s:%d: object %p of type '%s' is not a '%s'", file, line,
                (void *)obj, object_get_typename(obj), typename);
    }
    return obj;
}
