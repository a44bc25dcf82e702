/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP commands over the object tree: machines, CPUs, QOM types and
 * properties, devices and user-creatable objects.
 *
 * Error texts and classes are QEMU's: an unknown QOM path or device id is
 * DeviceNotFound "Device 'X' not found", everything else GenericError.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "net/net-machine.h"
#include "qemu/cutils.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "qobject/qnum.h"

/* QEMU's CPU base type name; CPUs are the objects that implement it. */
#define QMP_TYPE_CPU "cpu"

static QDict *qmp_machine_info(const MachineClass *mc, const TargetInfo *t,
                               bool compat_props)
{
    QDict *d = qdict_new();

    qdict_put_bool(d, "hotpluggable-cpus", false);
    qdict_put_str(d, "name", mc->name);
    if (compat_props) {
        qdict_put(d, "compat-props", qlist_new());
    }
    qdict_put_bool(d, "numa-mem-supported", false);
    if (mc->default_cpu_type) {
        qdict_put_str(d, "default-cpu-type", mc->default_cpu_type);
    }
    qdict_put_bool(d, "acpi", object_class_find_property(
                       OBJECT_CLASS(mc), "acpi") != NULL);
    if (mc->is_default || g_strcmp0(mc->name, t->default_machine) == 0) {
        qdict_put_bool(d, "is-default", true);
    }
    qdict_put_int(d, "cpu-max", mc->max_cpus);
    qdict_put_bool(d, "deprecated", mc->deprecated);
    if (mc->default_ram_id) {
        qdict_put_str(d, "default-ram-id", mc->default_ram_id);
    }
    if (mc->alias) {
        qdict_put_str(d, "alias", mc->alias);
    }
    return d;
}

QObject *qmp_query_machines(QmpSession *s, const QDict *args, Error **errp)
{
    g_autoptr(GSList) classes = machine_class_list(s->ms->target);
    bool compat = qdict_get_try_bool(args, "compat-props", false);
    QList *list = qlist_new();

    for (GSList *l = classes; l; l = l->next) {
        qlist_append(list, qmp_machine_info(l->data, s->ms->target, compat));
    }
    return QOBJECT(list);
}

static void qmp_collect_cpus(Object *obj, void *opaque)
{
    if (object_dynamic_cast(obj, QMP_TYPE_CPU)) {
        g_ptr_array_add(opaque, obj);
    }
    object_foreach_child(obj, qmp_collect_cpus, opaque);
}

GPtrArray *qmp_machine_cpus(MachineState *ms)
{
    GPtrArray *cpus = g_ptr_array_new();

    object_foreach_child(ms->root, qmp_collect_cpus, cpus);
    return cpus;
}

/* Topology properties the CPU object has, in QEMU's member order. */
static QDict *qmp_cpu_props(Object *cpu)
{
    static const char *const names[] = {
        "core-id", "thread-id", "node-id", "die-id", "socket-id",
        "drawer-id", "cluster-id", "book-id", "module-id",
    };
    QDict *props = qdict_new();

    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        QObject *v;

        if (!object_property_find_any(cpu, names[i])) {
            continue;
        }
        v = object_property_get_qobject(cpu, names[i], NULL);
        if (v) {
            qdict_put_obj(props, names[i], v);
        }
    }
    return props;
}

/* The CPU's own index (hw/core/cpu-object.h), else its place in the tree. */
static int64_t qmp_cpu_index(Object *cpu, guint pos)
{
    g_autoptr(QObject) v = NULL;
    QNum *qn;
    int64_t index;

    if (!object_property_find_any(cpu, "cpu-index")) {
        return pos;
    }
    v = object_property_get_qobject(cpu, "cpu-index", NULL);
    qn = v ? qobject_to_qnum(v) : NULL;
    return qn && qnum_get_try_int(qn, &index) ? index : pos;
}

/* All vCPUs run in the main thread, so thread-id is the process id. */
QObject *qmp_query_cpus_fast(QmpSession *s, const QDict *args, Error **errp)
{
    g_autoptr(GPtrArray) cpus = qmp_machine_cpus(s->ms);
    QList *list = qlist_new();

    for (guint i = 0; i < cpus->len; i++) {
        Object *cpu = g_ptr_array_index(cpus, i);
        g_autofree char *path = object_get_canonical_path(cpu);
        QDict *d = qdict_new();

        qdict_put_int(d, "thread-id", getpid());
        qdict_put(d, "props", qmp_cpu_props(cpu));
        qdict_put_str(d, "qom-path", path);
        qdict_put_int(d, "cpu-index", qmp_cpu_index(cpu, i));
        qdict_put_str(d, "target", s->ms->target->name);
        qlist_append(list, d);
    }
    return QOBJECT(list);
}

QObject *qmp_qom_list_types(QmpSession *s, const QDict *args, Error **errp)
{
    g_autoptr(GSList) classes = object_class_get_list_sorted(
        qdict_get_try_str(args, "implements"),
        qdict_get_try_bool(args, "abstract", false));
    QList *list = qlist_new();

    for (GSList *l = classes; l; l = l->next) {
        ObjectClass *oc = l->data;
        ObjectClass *parent = object_class_get_parent(oc);
        QDict *d = qdict_new();

        if (object_class_is_abstract(oc)) {
            qdict_put_bool(d, "abstract", true);
        }
        qdict_put_str(d, "name", object_class_get_name(oc));
        if (parent) {
            qdict_put_str(d, "parent", object_class_get_name(parent));
        }
        qlist_append(list, d);
    }
    return QOBJECT(list);
}

static Object *qmp_resolve(MachineState *ms, const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(ms->root, path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

static void qmp_list_one_prop(const char *name, const char *type,
                              void *opaque)
{
    QDict *d = qdict_new();

    qdict_put_str(d, "name", name);
    qdict_put_str(d, "type", type);
    qlist_append(opaque, d);
}

QObject *qmp_qom_list(QmpSession *s, const QDict *args, Error **errp)
{
    Object *obj = qmp_resolve(s->ms, qdict_get_str(args, "path"), errp);
    QList *list;

    if (!obj) {
        return NULL;
    }
    list = qlist_new();
    object_property_foreach(obj, qmp_list_one_prop, list);
    return QOBJECT(list);
}

QObject *qmp_qom_get(QmpSession *s, const QDict *args, Error **errp)
{
    Object *obj = qmp_resolve(s->ms, qdict_get_str(args, "path"), errp);

    if (!obj) {
        return NULL;
    }
    return object_property_get_qobject(obj, qdict_get_str(args, "property"),
                                       errp);
}

QObject *qmp_qom_set(QmpSession *s, const QDict *args, Error **errp)
{
    Object *obj = qmp_resolve(s->ms, qdict_get_str(args, "path"), errp);

    if (obj) {
        object_property_set_qobject(obj, qdict_get_str(args, "property"),
                                    qdict_get(args, "value"), errp);
    }
    return NULL;
}

/*
 * A device class by type name or -device alias, checked as QEMU does.
 * Later messages name the type, not the alias.
 */
static DeviceClass *qmp_device_class(const char *driver, Error **errp)
{
    ObjectClass *oc = object_class_by_name(driver);
    g_autoptr(GSList) all = NULL;

    if (!oc) {
        all = object_class_get_list(TYPE_DEVICE, false);
        for (GSList *l = all; l && !oc; l = l->next) {
            const char *alias = DEVICE_CLASS(l->data)->alias;

            oc = g_strcmp0(alias, driver) == 0 ? l->data : NULL;
        }
    }
    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "'%s' is not a valid device model name", driver);
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'driver' expects a non-abstract device "
                   "type");
        return NULL;
    }
    /* Sysbus devices are never hot-pluggable. */
    if (!DEVICE_CLASS(oc)->user_creatable ||
        object_class_dynamic_cast(oc, TYPE_SYS_BUS_DEVICE)) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device "
                   "type");
        return NULL;
    }
    return DEVICE_CLASS(oc);
}

/* The bus a new device would go on: "bus" argument or the first fit. */
static BusState *qmp_device_bus(MachineState *ms, DeviceClass *dc,
                                const char *driver, const char *path,
                                Error **errp)
{
    BusState *bus;

    if (path) {
        bus = qbus_find_by_name(ms->root, path);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", path);
        } else if (!dc->bus_type || strcmp(bus->bus_type, dc->bus_type)) {
            error_setg(errp, "Device '%s' can't go on %s bus", driver,
                       bus->bus_type);
            bus = NULL;
        }
        return bus;
    }
    if (!dc->bus_type) {
        return NULL;
    }
    bus = qbus_find_by_type(ms->root, dc->bus_type);
    if (!bus) {
        error_setg(errp, "No '%s' bus found for device '%s'", dc->bus_type,
                   driver);
    }
    return bus;
}

/*
 * Hot-plug.  The machine is complete once QMP runs (even under -S), so
 * this is always hot-plug, and none of our buses or machines supports it
 * yet: every valid request ends in QEMU's "not hotpluggable" error.  Once
 * a bus can take hot-plugged devices, create the device here, set the
 * remaining arguments as properties and call machine_add_device().
 */
QObject *qmp_device_add(QmpSession *s, const QDict *args, Error **errp)
{
    const char *id = qdict_get_try_str(args, "id");
    const char *driver;
    Error *err = NULL;
    DeviceClass *dc;
    BusState *bus;

    if (id && !qemu_check_id(id, errp)) {
        return NULL;
    }
    dc = qmp_device_class(qdict_get_str(args, "driver"), errp);
    if (!dc) {
        return NULL;
    }
    driver = object_class_get_name(OBJECT_CLASS(dc));
    bus = qmp_device_bus(s->ms, dc, driver, qdict_get_try_str(args, "bus"),
                         &err);
    if (err) {
        error_propagate(errp, err);
    } else if (bus) {
        error_setg(errp, "Bus '%s' does not support hotplugging", bus->name);
    } else {
        error_setg(errp, "Device '%s' can not be hotplugged on this machine",
                   driver);
    }
    return NULL;
}

QObject *qmp_device_del(QmpSession *s, const QDict *args, Error **errp)
{
    const char *id = qdict_get_str(args, "id");
    DeviceState *dev = machine_find_device(s->ms, id);

    if (!dev) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
                  id);
    } else if (dev->parent_bus) {
        error_setg(errp, "Bus '%s' does not support hotplugging",
                   dev->parent_bus->name);
    } else {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
    }
    return NULL;
}

/* Set every argument except qom-type and id as a property. */
static bool qmp_object_set_props(Object *obj, const QDict *args,
                                 Error **errp)
{
    const QDictEntry *e;

    for (e = qdict_first(args); e; e = qdict_next(args, e)) {
        const char *key = qdict_entry_key(e);

        if (strcmp(key, "qom-type") == 0 || strcmp(key, "id") == 0) {
            continue;
        }
        if (!object_property_set_qobject(obj, key, qdict_entry_value(e),
                                         errp)) {
            return false;
        }
    }
    return true;
}

QObject *qmp_object_add(QmpSession *s, const QDict *args, Error **errp)
{
    const char *type = qdict_get_str(args, "qom-type");
    const char *id = qdict_get_str(args, "id");
    ObjectClass *oc = object_class_by_name(type);
    Object *objects = container_get(s->ms->root, "/objects");
    Object *obj;

    if (!oc || !oc->user_creatable || object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'qom-type' does not accept value '%s'",
                   type);
        return NULL;
    }
    if (!qemu_check_id(id, errp)) {
        return NULL;
    }
    if (object_property_find_any(objects, id)) {
        error_setg(errp, "attempt to add duplicate property '%s' to object "
                   "(type '%s')", id, object_get_typename(objects));
        return NULL;
    }
    obj = object_new_with_class(oc);
    if (qmp_object_set_props(obj, args, errp) &&
        (!oc->complete || oc->complete(obj, errp))) {
        object_property_add_child(objects, id, obj);
        /* A filter needs its machine, which it only finds in the tree. */
        if (object_dynamic_cast(obj, TYPE_FILTER_DUMP) &&
            !net_filter_dump_attach(obj, s->ms, errp)) {
            object_unparent(obj);
        }
    }
    object_unref(obj);
    return NULL;
}

QObject *qmp_object_del(QmpSession *s, const QDict *args, Error **errp)
{
    const char *id = qdict_get_str(args, "id");
    Object *objects = container_get(s->ms->root, "/objects");
    Object *obj = object_resolve_child(objects, id);

    if (!obj) {
        error_setg(errp, "object '%s' not found", id);
        return NULL;
    }
    object_unparent(obj);
    return NULL;
}
