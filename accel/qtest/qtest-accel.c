/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The qtest accelerator ("-accel qtest"): no guest instruction ever runs.
 * The virtual clock is switched to MANUAL mode, so it moves only through
 * the qtest clock_step/clock_set commands, and the vCPU scheduler is
 * detached from the main loop.  Hidden from -accel help, as in QEMU.
 */
#include "qemu/osdep.h"
#include "system/qtest.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"

static bool qtest_accel_init_machine(AccelState *accel, MachineState *ms,
                                     Error **errp)
{
    qemu_clocks_set_virtual_mode(ms->clocks, VIRTUAL_CLOCK_MANUAL);
    main_loop_set_scheduler(ms->main_loop, NULL);
    return true;
}

static void qtest_accel_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "qtest";
    ac->hidden = true;
    ac->init_machine = qtest_accel_init_machine;
}

const TypeInfo qtest_accel_type_info = {
    .name = TYPE_QTEST_ACCEL,
    .parent = TYPE_ACCEL,
    .desc = "qtest: vCPUs never run, the virtual clock is stepped by hand",
    .class_init = qtest_accel_class_init,
};
