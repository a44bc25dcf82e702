/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The abstract QOM type "cpu" and the helper boards use to put one
 * object per vCPU in the tree (include/hw/core/cpu-object.h).
 *
 * Topology ids follow -smp: thread fastest, then core, cluster, die and
 * socket, as QEMU numbers its possible CPUs.
 */
#include "qemu/osdep.h"
#include "hw/core/cpu-object.h"
#include "hw/core/machine.h"
#include "qapi/error.h"
#include "qobject/qnum.h"

const TypeInfo cpu_object_type_info = {
    .name = TYPE_CPU,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CPUObject),
    .abstract = true,
    .desc = "a virtual CPU",
};

/* The index and topology ids are fixed once the vCPU exists: read-only. */
static QObject *cpu_object_get_id(Object *obj, void *opaque, Error **errp)
{
    return QOBJECT(qnum_from_int(*(const int32_t *)opaque));
}

static QObject *cpu_object_get_index(Object *obj, void *opaque,
                                     Error **errp)
{
    return QOBJECT(qnum_from_uint(*(const uint32_t *)opaque));
}

static void cpu_object_add_props(CPUObject *c, bool cluster)
{
    Object *obj = OBJECT(c);

    object_property_add(obj, "cpu-index", "uint32", cpu_object_get_index,
                        NULL, NULL, &c->cpu_index);
    object_property_add(obj, "socket-id", "int32", cpu_object_get_id, NULL,
                        NULL, &c->socket_id);
    if (cluster) {
        object_property_add(obj, "cluster-id", "int32", cpu_object_get_id,
                            NULL, NULL, &c->cluster_id);
    }
    object_property_add(obj, "core-id", "int32", cpu_object_get_id, NULL,
                        NULL, &c->core_id);
    object_property_add(obj, "thread-id", "int32", cpu_object_get_id, NULL,
                        NULL, &c->thread_id);
}

static void cpu_object_set_topology(CPUObject *c, const SMPConfig *smp,
                                     unsigned index)
{
    unsigned threads = MAX(smp->threads, 1), cores = MAX(smp->cores, 1);
    unsigned clusters = MAX(smp->clusters, 1), dies = MAX(smp->dies, 1);

    c->thread_id = index % threads;
    c->core_id = (index / threads) % cores;
    c->cluster_id = (index / threads / cores) % clusters;
    c->socket_id = index / threads / cores / clusters / dies;
}

CPUObject *cpu_object_create(MachineState *ms, const char *model,
                             const char *suffix, unsigned index, void *cpu,
                             bool cluster, Error **errp)
{
    g_autofree char *name = g_strdup_printf("%.*s-%s",
                                            (int)strcspn(model, ","), model,
                                            suffix);
    ObjectClass *oc = object_class_by_name(name);
    CPUObject *c;

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, TYPE_CPU)) {
        error_setg(errp, "no CPU type '%s'", name);
        return NULL;
    }
    c = CPU_OBJECT(object_new_with_class(oc));
    c->cpu_index = index;
    c->cpu = cpu;
    c->ms = ms;
    cpu_object_set_topology(c, &ms->smp, index);
    cpu_object_add_props(c, cluster);
    if (!qdev_realize(DEVICE(c), NULL, errp)) {
        object_unref(OBJECT(c));
        return NULL;
    }
    machine_add_unattached(ms, OBJECT(c));
    object_unref(OBJECT(c));
    return c;
}
