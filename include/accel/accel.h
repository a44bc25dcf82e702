/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Accelerators are an ops table.  -accel NAME picks a class "NAME-accel";
 * a list of -accel options is tried in order, the first whose init succeeds
 * wins.  KVM lives behind this interface and is a stub file where absent.
 */
#ifndef ACCEL_ACCEL_H
#define ACCEL_ACCEL_H

#include "qom/object.h"

#define TYPE_ACCEL "accel"
#define ACCEL_CLASS_SUFFIX "-accel"

typedef struct MachineState MachineState;

typedef struct AccelState {
    Object parent_obj;
} AccelState;

typedef struct AccelClass {
    ObjectClass parent_class;
    const char *name;           /* "tcg", "qtest", "kvm" */
    bool hidden;                /* not listed by -accel help (qtest) */
    /* Set up the accelerator for @ms; false with errp set on failure. */
    bool (*init_machine)(AccelState *accel, MachineState *ms, Error **errp);
} AccelClass;

#define ACCEL(obj) OBJECT_CHECK(AccelState, (obj), TYPE_ACCEL)
#define ACCEL_GET_CLASS(obj) OBJECT_GET_CLASS(AccelClass, (obj), TYPE_ACCEL)
#define ACCEL_CLASS(oc) OBJECT_CLASS_CHECK(AccelClass, (oc), TYPE_ACCEL)

extern const TypeInfo accel_type_info;

AccelClass *accel_find(const char *name);
void accel_print_list(GString *out);
bool accel_is_qtest(MachineState *ms);
bool accel_is(MachineState *ms, const char *name);

#endif
