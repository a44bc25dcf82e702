/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QMP x-query-ipi-stats: the IPIs each vCPU's local APIC received, by
 * delivery type, by vector (fixed and lowest priority) and by sender,
 * plus the MSIs it received.  The counters live in hw/intc/apic.c; this
 * file finds the machine's APIC bus and turns them into a list with one
 * dictionary per vCPU, in CPU index order.  {"reset": true} clears the
 * counters after reading them, so a client can measure one phase of a
 * workload.  docs/qmp.md documents the result.
 */
#include "qemu/osdep.h"
#include "monitor/qmp.h"
#include "hw/core/machine.h"
#include "hw/i386/pc.h"
#include "hw/intc/apic.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"

const QmpArg qmp_args_x_query_ipi_stats[] = {
    { "reset", QMP_ARG_BOOL, true },
    { NULL }
};

/* The APIC bus of @ms, or NULL (with @errp set) if it has none. */
static APICBus *qmp_ipi_bus(MachineState *ms, Error **errp)
{
    Object *pc = object_dynamic_cast(OBJECT(ms), TYPE_PC_MACHINE);

    if (!pc || !PC_MACHINE(pc)->apic_bus) {
        error_setg(errp, "IPI statistics need a machine with local APICs "
                   "(-machine pc)");
        return NULL;
    }
    return PC_MACHINE(pc)->apic_bus;
}

static QList *qmp_ipi_vectors(APICState *s)
{
    QList *list = qlist_new();

    for (unsigned v = 0; v < 256; v++) {
        uint64_t n = apic_ipi_vector_count(s, v);

        if (n) {
            QDict *d = qdict_new();

            qdict_put_int(d, "vector", v);
            qdict_put_int(d, "count", n);
            qlist_append(list, d);
        }
    }
    return list;
}

static QList *qmp_ipi_senders(APICBus *bus, APICState *s)
{
    QList *list = qlist_new();

    for (int i = 0; i < apic_bus_count(bus); i++) {
        APICState *from = apic_bus_get(bus, i);
        uint64_t n = apic_ipi_sender_count(s, from);

        if (n) {
            QDict *d = qdict_new();

            qdict_put_int(d, "cpu-index", i);
            qdict_put_int(d, "apic-id", apic_get_id(from));
            qdict_put_int(d, "count", n);
            qlist_append(list, d);
        }
    }
    return list;
}

static QDict *qmp_ipi_cpu(APICBus *bus, int index)
{
    APICState *s = apic_bus_get(bus, index);
    QDict *d = qdict_new();
    uint64_t total = 0;

    qdict_put_int(d, "cpu-index", index);
    qdict_put_int(d, "apic-id", apic_get_id(s));
    for (int t = 0; t < APIC_IPI_MAX; t++) {
        total += apic_ipi_count(s, t);
    }
    qdict_put_int(d, "ipis", total);
    for (int t = 0; t < APIC_IPI_MAX; t++) {
        qdict_put_int(d, apic_ipi_type_name(t), apic_ipi_count(s, t));
    }
    qdict_put_int(d, "msi", apic_msi_count(s));
    qdict_put(d, "vectors", qmp_ipi_vectors(s));
    qdict_put(d, "senders", qmp_ipi_senders(bus, s));
    return d;
}

QObject *qmp_x_query_ipi_stats(QmpSession *s, const QDict *args,
                               Error **errp)
{
    APICBus *bus = qmp_ipi_bus(s->ms, errp);
    QList *list;

    if (!bus) {
        return NULL;
    }
    list = qlist_new();
    for (int i = 0; i < apic_bus_count(bus); i++) {
        qlist_append(list, qmp_ipi_cpu(bus, i));
    }
    if (qdict_get_try_bool(args, "reset", false)) {
        for (int i = 0; i < apic_bus_count(bus); i++) {
            apic_ipi_stats_reset(apic_bus_get(bus, i));
        }
    }
    return QOBJECT(list);
}
