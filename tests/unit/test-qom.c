/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests for types, objects, typed properties and the object tree. */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qobject/qnum.h"
#include "qobject/qstring.h"
#include "qobject/qbool.h"

typedef struct Animal {
    Object parent_obj;
    bool tame;
    uint8_t legs;
    int32_t temp;
    uint64_t mass;
    char *name;
    Object *friend;
    int inits;
} Animal;

typedef struct AnimalClass {
    ObjectClass parent_class;
    const char *sound;
} AnimalClass;

static const Property animal_props[] = {
    DEFINE_PROP_BOOL("tame", Animal, tame, true, "friendly to humans"),
    DEFINE_PROP_UINT8("legs", Animal, legs, 4, NULL),
    DEFINE_PROP_INT32("temp", Animal, temp, -5, "body temperature"),
    DEFINE_PROP_SIZE("mass", Animal, mass, 1024, NULL),
    DEFINE_PROP_STRING("name", Animal, name, NULL),
    DEFINE_PROP_LINK("friend", Animal, friend, "animal", NULL),
    DEFINE_PROP_END_OF_LIST(),
};

static const Property bird_props[] = {
    DEFINE_PROP_UINT8("legs", Animal, legs, 2, "overrides the parent"),
    DEFINE_PROP_END_OF_LIST(),
};

static void animal_init(Object *obj)
{
    ((Animal *)obj)->inits++;
}

static void animal_class_init(ObjectClass *oc, const void *data)
{
    ((AnimalClass *)oc)->sound = data;
}

static const TypeInfo animal_info = {
    .name = "animal", .parent = TYPE_OBJECT, .abstract = true,
    .instance_size = sizeof(Animal), .class_size = sizeof(AnimalClass),
    .instance_init = animal_init, .props = animal_props,
};
static const TypeInfo dog_info = {
    .name = "dog", .parent = "animal", .desc = "a dog",
    .class_init = animal_class_init, .class_data = "woof",
};
static const TypeInfo bird_info = {
    .name = "bird", .parent = "animal", .props = bird_props,
    .class_init = animal_class_init, .class_data = "tweet",
};
static const TypeInfo *const types[] = { &dog_info, &animal_info, &bird_info };

static void test_classes(void)
{
    ObjectClass *dog = object_class_by_name("dog");
    g_autoptr(GSList) list = object_class_get_list_sorted("animal", false);

    g_assert_nonnull(dog);
    g_assert_cmpstr(((AnimalClass *)dog)->sound, ==, "woof");
    g_assert_true(object_class_dynamic_cast(dog, "animal") == dog);
    g_assert_null(object_class_dynamic_cast(dog, "bird"));
    g_assert_true(object_class_is_abstract(object_class_by_name("animal")));
    g_assert_cmpint(g_slist_length(list), ==, 2);
    g_assert_cmpstr(object_class_get_name(list->data), ==, "bird");
}

static void test_defaults_and_parse(void)
{
    Object *o = object_new("dog");
    Animal *a = (Animal *)o;
    Error *err = NULL;

    g_assert_cmpint(a->inits, ==, 1);
    g_assert_true(a->tame);
    g_assert_cmpint(a->legs, ==, 4);
    g_assert_cmpint(a->temp, ==, -5);
    g_assert_true(object_property_parse(o, "tame", "no", &error_abort));
    g_assert_false(a->tame);
    g_assert_true(object_property_parse(o, "mass", "2k", &error_abort));
    g_assert_cmpuint(a->mass, ==, 2048);
    g_assert_true(object_property_parse(o, "temp", "0x10", &error_abort));
    g_assert_cmpint(a->temp, ==, 16);
    g_assert_false(object_property_parse(o, "legs", "256", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'legs' expects a uint8 value");
    error_free_or_abort(&err);
    g_assert_false(object_property_parse(o, "tame", "1", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Parameter 'tame' expects 'on' or 'off'");
    error_free_or_abort(&err);
    g_assert_false(object_property_parse(o, "wings", "2", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Property 'dog.wings' not found");
    error_free_or_abort(&err);
    object_unref(o);
}

static void test_subclass_override(void)
{
    Object *o = object_new("bird");

    g_assert_cmpint(((Animal *)o)->legs, ==, 2);
    object_unref(o);
}

static void test_qobject_access(void)
{
    Object *o = object_new("dog");
    QObject *v;
    QNum *n = qnum_from_int(-40);
    QString *s = qstring_from_str("x");
    Error *err = NULL;

    g_assert_true(object_property_set_qobject(o, "temp", QOBJECT(n),
                                              &error_abort));
    v = object_property_get_qobject(o, "temp", &error_abort);
    g_assert_true(qobject_is_equal(v, QOBJECT(n)));
    qobject_unref(v);
    g_assert_false(object_property_set_qobject(o, "legs", QOBJECT(s), &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "Invalid parameter type for 'legs', expected: integer");
    error_free(err);
    v = object_property_get_qobject(o, "type", &error_abort);
    g_assert_cmpstr(qstring_get_str(qobject_to_qstring(v)), ==, "dog");
    qobject_unref(v);
    qobject_unref(n);
    qobject_unref(s);
    object_unref(o);
}

static void test_tree_and_links(void)
{
    Object *root = object_new(TYPE_CONTAINER);
    Object *farm = container_get(root, "/machine/farm");
    Object *dog = object_new("dog");
    Object *bird = object_new("bird");
    g_autofree char *path = NULL;
    bool ambiguous;

    object_property_add_child(farm, "rex", dog);
    object_property_add_child(container_get(root, "/other"), "rex", bird);
    path = object_get_canonical_path(dog);
    g_assert_cmpstr(path, ==, "/machine/farm/rex");
    g_assert_true(object_resolve_path(root, "/machine/farm/rex", NULL) == dog);
    g_assert_true(object_resolve_path(root, "farm/rex", NULL) == dog);
    g_assert_null(object_resolve_path(root, "rex", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_true(object_resolve_path_type(root, "rex", "bird", NULL) == bird);
    g_assert_true(object_property_parse(bird, "friend", "/machine/farm/rex",
                                        &error_abort));
    g_assert_true(((Animal *)bird)->friend == dog);
    object_unref(dog);
    object_unref(bird);
    object_unref(root);
}

static void test_help_format(void)
{
    g_autoptr(GString) out = g_string_new(NULL);

    object_class_print_help(object_class_by_name("dog"), out);
    g_assert_cmpstr(out->str, ==,
        "dog options:\n"
        "  friend=<link<animal>>\n"
        "  legs=<uint8>           -  (default: 4)\n"
        "  mass=<size>            -  (default: 1024)\n"
        "  name=<str>\n"
        "  tame=<bool>            - friendly to humans (default: true)\n"
        "  temp=<int32>           - body temperature (default: -5)\n");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    type_registry_init(types, ARRAY_SIZE(types));
    g_test_add_func("/qom/classes", test_classes);
    g_test_add_func("/qom/defaults-parse", test_defaults_and_parse);
    g_test_add_func("/qom/subclass-override", test_subclass_override);
    g_test_add_func("/qom/qobject", test_qobject_access);
    g_test_add_func("/qom/tree-links", test_tree_and_links);
    g_test_add_func("/qom/help", test_help_format);
    return g_test_run();
}
