/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CPU objects: the QOM face of a board's vCPUs.
 *
 * The engines (target/arm, target/i386) keep their own plain-C CPU state;
 * a board puts one object of a concrete "<model>-<arch>-cpu" type in the
 * tree for each vCPU it creates, so query-cpus-fast, qom-list, qom-get
 * and qom-set reach it.  The abstract base "cpu" carries the QEMU
 * properties every CPU has: cpu-index and the topology ids
 * (socket-id, core-id, thread-id; "arm-cpu" adds cluster-id).
 * docs/devel/cpu-objects.md.
 */
#ifndef HW_CORE_CPU_OBJECT_H
#define HW_CORE_CPU_OBJECT_H

#include "hw/core/qdev.h"

#define TYPE_CPU "cpu"

typedef struct MachineState MachineState;

typedef struct CPUObject {
    DeviceState parent_obj;
    uint32_t cpu_index;
    int32_t socket_id, cluster_id, core_id, thread_id;
    void *cpu;                  /* the engine's CPU (ARMCPU *, X86CPU *) */
    MachineState *ms;           /* the machine the vCPU belongs to */
} CPUObject;

#define CPU_OBJECT(obj) OBJECT_CHECK(CPUObject, (obj), TYPE_CPU)

extern const TypeInfo cpu_object_type_info;

/*
 * Create the object of vCPU @index, of type "@model-@suffix" (e.g.
 * "max" + "arm-cpu"), bound to the engine's @cpu, with its topology ids
 * derived from -smp (@cluster: also a cluster-id, as QEMU's virt
 * reports), and add it as /machine/unattached/device[N].  The index and
 * ids are read-only properties.
 * Returns a borrowed pointer (the tree holds the reference), or NULL
 * with @errp set when no such type exists.
 */
CPUObject *cpu_object_create(MachineState *ms, const char *model,
                             const char *suffix, unsigned index, void *cpu,
                             bool cluster, Error **errp);

#endif
