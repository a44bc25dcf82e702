/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Types, objects and typed properties.
 *
 * Every type is a static const TypeInfo: name, parent, instance and class
 * sizes, hooks and a property table.  There are no constructors: the
 * program hands the full list of types to type_registry_init() once (see
 * system/type-list.c), after which the registry is frozen.  Unit tests
 * register their own lists.
 *
 * Objects form a composition tree ("/machine/peripheral/n0"): a child
 * property owns its child.  Properties come from two places:
 *   - the class property tables (typed: bool, int, uint, size, string,
 *     link), inherited from parents; these drive -device NAME,help,
 *     -object, -global and QMP qom-get/qom-set;
 *   - dynamic per-object properties: children ("child<type>") and
 *     computed properties added with object_property_add().
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include "qobject/qobject.h"

typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct TypeInfo TypeInfo;
typedef struct TypeImpl TypeImpl;
typedef struct Property Property;
typedef struct ObjectProperty ObjectProperty;

#define TYPE_OBJECT "object"
#define TYPE_CONTAINER "container"

typedef enum PropertyKind {
    PROP_KIND_BOOL,
    PROP_KIND_INT,
    PROP_KIND_UINT,
    PROP_KIND_SIZE,
    PROP_KIND_STRING,
    PROP_KIND_LINK,
} PropertyKind;

/* A class property stored in a field of the instance struct. */
struct Property {
    const char *name;
    PropertyKind kind;
    size_t offset;
    uint8_t width;              /* int/uint: field size in bytes */
    const char *link_type;      /* PROP_KIND_LINK: type the target must be */
    const char *desc;
    bool has_default;
    union {
        bool b;
        int64_t i;
        uint64_t u;
        const char *s;
    } def;
};

/* Compile-time check that a field has the type a property macro expects. */
#define QOM_FIELD_CHECK(State, field, type)                               \
    (offsetof(State, field) + 0 * sizeof(struct {                         \
        _Static_assert(__builtin_types_compatible_p(                      \
                           __typeof__(((State *)0)->field), type),        \
                       "property field " #field " is not a " #type);      \
        int dummy;                                                        \
    }))

#define DEFINE_PROP_BOOL(_n, State, field, _def, _desc) {               \
        .name = (_n), .kind = PROP_KIND_BOOL,                           \
        .offset = QOM_FIELD_CHECK(State, field, bool),                  \
        .desc = (_desc), .has_default = true, .def.b = (_def) }
#define DEFINE_PROP_INTW(_n, State, field, type, _def, _desc) {         \
        .name = (_n), .kind = PROP_KIND_INT,                            \
        .offset = QOM_FIELD_CHECK(State, field, type),                  \
        .width = sizeof(type), .desc = (_desc),                         \
        .has_default = true, .def.i = (_def) }
#define DEFINE_PROP_UINTW(_n, State, field, type, _def, _desc) {        \
        .name = (_n), .kind = PROP_KIND_UINT,                           \
        .offset = QOM_FIELD_CHECK(State, field, type),                  \
        .width = sizeof(type), .desc = (_desc),                         \
        .has_default = true, .def.u = (_def) }
#define DEFINE_PROP_INT32(n, S, f, d, desc) \
    DEFINE_PROP_INTW(n, S, f, int32_t, d, desc)
#define DEFINE_PROP_INT64(n, S, f, d, desc) \
    DEFINE_PROP_INTW(n, S, f, int64_t, d, desc)
#define DEFINE_PROP_UINT8(n, S, f, d, desc) \
    DEFINE_PROP_UINTW(n, S, f, uint8_t, d, desc)
#define DEFINE_PROP_UINT16(n, S, f, d, desc) \
    DEFINE_PROP_UINTW(n, S, f, uint16_t, d, desc)
#define DEFINE_PROP_UINT32(n, S, f, d, desc) \
    DEFINE_PROP_UINTW(n, S, f, uint32_t, d, desc)
#define DEFINE_PROP_UINT64(n, S, f, d, desc) \
    DEFINE_PROP_UINTW(n, S, f, uint64_t, d, desc)
#define DEFINE_PROP_SIZE(_n, State, field, _def, _desc) {               \
        .name = (_n), .kind = PROP_KIND_SIZE,                           \
        .offset = QOM_FIELD_CHECK(State, field, uint64_t),              \
        .width = 8, .desc = (_desc), .has_default = true, .def.u = (_def) }
#define DEFINE_PROP_STRING(_n, State, field, _desc) {                   \
        .name = (_n), .kind = PROP_KIND_STRING,                         \
        .offset = QOM_FIELD_CHECK(State, field, char *), .desc = (_desc) }
#define DEFINE_PROP_LINK(_n, State, field, _type, _desc) {              \
        .name = (_n), .kind = PROP_KIND_LINK,                           \
        .offset = QOM_FIELD_CHECK(State, field, Object *),              \
        .link_type = (_type), .desc = (_desc) }
#define DEFINE_PROP_END_OF_LIST() { .name = NULL }

struct TypeInfo {
    const char *name;
    const char *parent;
    size_t instance_size;       /* 0: inherit */
    size_t class_size;          /* 0: inherit */
    bool abstract;
    const char *desc;           /* one line, for help listings */
    void (*class_init)(ObjectClass *oc, const void *data);
    const void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    const Property *props;      /* NULL or ends with DEFINE_PROP_END_OF_LIST */
};

struct ObjectClass {
    TypeImpl *type;
    /* -object: may be created by the user (ObjectClass-level, not device) */
    bool user_creatable;
    /* called after properties are set (user-creatable objects) */
    bool (*complete)(Object *obj, Error **errp);
};

/* Dynamic (per-object) property accessors. */
typedef QObject *ObjectPropertyGet(Object *obj, void *opaque, Error **errp);
typedef bool ObjectPropertySet(Object *obj, QObject *value, void *opaque,
                               Error **errp);
typedef void ObjectPropertyRelease(Object *obj, void *opaque);

struct Object {
    ObjectClass *klass;
    Object *parent;
    char *name;                 /* name of the child property in parent */
    GPtrArray *dyn_props;       /* ObjectProperty *, in insertion order */
    unsigned ref;
};

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(oc) ((ObjectClass *)(oc))

/* Registry. */
void type_registry_init(const TypeInfo *const *types, size_t n);
bool type_registry_is_initialized(void);

ObjectClass *object_class_by_name(const char *typename);
const char *object_class_get_name(const ObjectClass *oc);
const char *object_class_get_desc(const ObjectClass *oc);
ObjectClass *object_class_get_parent(const ObjectClass *oc);
bool object_class_is_abstract(const ObjectClass *oc);
ObjectClass *object_class_dynamic_cast(ObjectClass *oc, const char *typename);
/* All non-abstract (unless include_abstract) classes of @implements. */
GSList *object_class_get_list(const char *implements, bool include_abstract);
GSList *object_class_get_list_sorted(const char *implements,
                                     bool include_abstract);

/*
 * Class property lookup (own and inherited).  Iteration visits the leaf
 * class first, then each parent.
 */
const Property *object_class_find_property(ObjectClass *oc, const char *name);
void object_class_foreach_property(ObjectClass *oc,
                                   void (*fn)(const Property *p, void *opaque),
                                   void *opaque);
/* "bool", "uint32", "int64", "size", "str", "link<TYPE>" */
char *property_type_name(const Property *p);
/* Default value as printed by help listings, or NULL. */
char *property_default_string(const Property *p);

/* Objects. */
Object *object_new(const char *typename);
Object *object_new_with_class(ObjectClass *oc);
void object_ref(Object *obj);
void object_unref(Object *obj);
const char *object_get_typename(const Object *obj);
ObjectClass *object_get_class(const Object *obj);
Object *object_dynamic_cast(Object *obj, const char *typename);
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line);
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), \
                                        __FILE__, __LINE__))
#define OBJECT_CLASS_CHECK(class_type, oc, name) \
    ((class_type *)object_class_dynamic_cast(OBJECT_CLASS(oc), (name)))
#define OBJECT_GET_CLASS(class_type, obj, name) \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)

/* Composition tree. */
void object_property_add_child(Object *parent, const char *name,
                               Object *child);
void object_unparent(Object *obj);
Object *object_get_root(Object *obj);
Object *object_resolve_child(Object *parent, const char *name);
char *object_get_canonical_path(const Object *obj);
/* Absolute path, or a unique partial path (*ambiguous set when not unique) */
Object *object_resolve_path(Object *root, const char *path, bool *ambiguous);
Object *object_resolve_path_type(Object *root, const char *path,
                                 const char *typename, bool *ambiguous);
void object_foreach_child(Object *obj, void (*fn)(Object *child, void *opaque),
                          void *opaque);
/* Make "/a/b" containers as needed below @root; returns the last one. */
Object *container_get(Object *root, const char *path);

/* Dynamic properties. */
void object_property_add(Object *obj, const char *name, const char *type,
                         ObjectPropertyGet *get, ObjectPropertySet *set,
                         ObjectPropertyRelease *release, void *opaque);
void object_property_add_str_const(Object *obj, const char *name,
                                   const char *value);

/*
 * Generic property access by name: class properties and dynamic ones.
 * Setting from a string parses per the property's kind with QEMU's error
 * texts; setting from a QObject checks the JSON type.  Property not
 * found: "Property 'TYPE.NAME' not found".
 */
bool object_property_find_any(Object *obj, const char *name);
bool object_property_parse(Object *obj, const char *name, const char *value,
                           Error **errp);
bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp);
QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp);
char *object_property_print(Object *obj, const char *name, Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp);
bool object_property_set_link(Object *obj, const char *name, Object *target,
                              Error **errp);
/* The type string qom-list reports: "bool", "child<pc>", "link<x>" ... */
typedef void ObjectPropertyVisit(const char *name, const char *type,
                                 void *opaque);
void object_property_foreach(Object *obj, ObjectPropertyVisit *fn,
                             void *opaque);
/* Print "TYPE options:" help for a class, in -device X,help format. */
void object_class_print_help(ObjectClass *oc, GString *out);

#endif
