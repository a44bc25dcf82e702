/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Private to qom/: the registry entry and dynamic property record. */
#ifndef QOM_OBJECT_INTERNAL_H
#define QOM_OBJECT_INTERNAL_H

struct TypeImpl {
    const TypeInfo *info;
    TypeImpl *parent;
    ObjectClass *klass;
    size_t instance_size;
    size_t class_size;
};

struct ObjectProperty {
    char *name;
    char *type;
    ObjectPropertyGet *get;
    ObjectPropertySet *set;
    ObjectPropertyRelease *release;
    void *opaque;
    Object *child;              /* set for child<> properties */
    Object *owner;
};

void object_property_free(gpointer p);
void object_props_set_defaults(Object *obj, const Property *props);
void object_props_free_values(Object *obj, const Property *props);
ObjectProperty *object_find_dyn_property(Object *obj, const char *name);

#endif
