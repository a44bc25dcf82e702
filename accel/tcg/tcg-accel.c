/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The software CPU accelerator ("tcg", QEMU's name for it).  The CPU
 * engines register their vCPUs with the machine's scheduler when the board
 * creates them; this class only accepts the engine's options.
 */
#include "qemu/osdep.h"
#include "accel/accel.h"

typedef struct TCGAccelState {
    AccelState parent_obj;
    char *thread;
    uint64_t tb_size;
    bool one_insn_per_tb;
} TCGAccelState;

static bool tcg_init_machine(AccelState *accel, MachineState *ms,
                             Error **errp)
{
    TCGAccelState *s = (TCGAccelState *)accel;

    if (s->thread && strcmp(s->thread, "single") != 0 &&
        strcmp(s->thread, "multi") != 0) {
        error_setg(errp, "Invalid 'thread' setting %s", s->thread);
        return false;
    }
    return true;
}

static const Property tcg_accel_props[] = {
    DEFINE_PROP_STRING("thread", TCGAccelState, thread,
                       "single or multi: vCPUs run in one thread (always "
                       "single here)"),
    DEFINE_PROP_UINT64("tb-size", TCGAccelState, tb_size, 0,
                       "decode cache size in MiB (0: default)"),
    DEFINE_PROP_BOOL("one-insn-per-tb", TCGAccelState, one_insn_per_tb,
                     false, "decode one guest instruction per block"),
    DEFINE_PROP_END_OF_LIST(),
};

static void tcg_accel_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "tcg";
    ac->init_machine = tcg_init_machine;
}

const TypeInfo tcg_accel_type_info = {
    .name = "tcg" ACCEL_CLASS_SUFFIX,
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(TCGAccelState),
    .desc = "software CPU emulation",
    .class_init = tcg_accel_class_init,
    .props = tcg_accel_props,
};
