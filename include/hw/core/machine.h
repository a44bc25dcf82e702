/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The machine owns everything of one emulated system: address spaces,
 * devices, clocks, the main loop, the vCPU scheduler, chardevs, monitors
 * and the qtest server.  Two machines can exist in one process.
 *
 * Machine types are named "<name>-machine" (QEMU's convention, visible in
 * "Property 'none-machine.foo' not found").  A board is its MachineClass:
 * facts plus an init hook that builds the devices.
 */
#ifndef HW_CORE_MACHINE_H
#define HW_CORE_MACHINE_H

#include "qom/object.h"
#include "system/memory.h"
#include "system/runstate.h"
#include "system/target-info.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"

typedef struct QEMUClocks QEMUClocks;
typedef struct MainLoop MainLoop;
typedef struct CPUScheduler CPUScheduler;
typedef struct ChardevSet ChardevSet;
typedef struct Monitor Monitor;
typedef struct QTestState QTestServer;
typedef struct AccelState AccelState;
typedef struct BusState BusState;
typedef struct DeviceState DeviceState;

typedef struct SMPConfig {
    unsigned cpus, maxcpus, sockets, dies, clusters, cores, threads;
} SMPConfig;

typedef struct MachineClass {
    ObjectClass parent_class;
    const char *name;           /* "none", "pc" */
    const char *alias;
    bool is_default;            /* default of its targets */
    bool deprecated;
    unsigned max_cpus;
    const char *default_cpu_type;
    const char *default_ram_id;
    uint64_t default_ram_size;
    bool kernel_unsupported;    /* -kernel refused, like QEMU's 'none' */
    /* Build the board.  Memory, buses and CPUs are created here. */
    bool (*init)(MachineState *ms, Error **errp);
    /* Optional: board-specific reset after device reset. */
    void (*reset)(MachineState *ms, ShutdownCause cause);
} MachineClass;

struct MachineState {
    Object parent_obj;

    /* Properties (-machine) */
    char *kernel_filename;
    char *initrd_filename;
    char *kernel_cmdline;
    char *dtb;
    char *dumpdtb;
    char *memory_backend;
    char *cgs;                  /* confidential-guest-support id */
    bool dump_guest_core;

    /* Configuration from other options */
    const TargetInfo *target;
    uint64_t ram_size;
    SMPConfig smp;
    char *cpu_model;
    char *name;                 /* -name */
    bool no_reboot;
    bool semihosting;           /* -semihosting: boards that support it */
    bool no_shutdown;
    int icount_shift;           /* -1: off */

    /* Owned state */
    Object *root;               /* "/" */
    MemoryRegion *system_memory;
    MemoryRegion *io_memory;
    MemoryRegion *ram;
    AddressSpace as_memory;
    AddressSpace as_io;
    BusState *sysbus;           /* "main-system-bus" */
    QEMUClocks *clocks;
    MainLoop *main_loop;
    CPUScheduler *sched;
    ChardevSet *chardevs;
    GPtrArray *monitors;        /* Monitor * */
    QTestServer *qtest;
    AccelState *accel;
    unsigned anon_count;        /* peripheral-anon/device[N] */
    unsigned unattached_count;  /* unattached/device[N] */

    /* Run state */
    RunState runstate;
    bool exit_requested;
    int exit_status;
};

#define MACHINE(obj) OBJECT_CHECK(MachineState, (obj), TYPE_MACHINE)
#define MACHINE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(MachineClass, (obj), TYPE_MACHINE)
#define MACHINE_CLASS(oc) OBJECT_CLASS_CHECK(MachineClass, (oc), TYPE_MACHINE)

extern const TypeInfo machine_type_info;

/* Machine class for a -machine NAME (or alias) valid for @target. */
MachineClass *machine_class_find(const TargetInfo *target, const char *name);
MachineClass *machine_class_default(const TargetInfo *target);
/* Machine classes of @target, sorted by name. */
GSList *machine_class_list(const TargetInfo *target);
void machine_print_list(const TargetInfo *target, GString *out);

/*
 * Create the machine object under a fresh "/" root with its standard
 * containers (/machine/unattached, /machine/peripheral,
 * /machine/peripheral-anon, /objects, /chardevs), the system memory and
 * I/O address spaces, clocks and main loop.  Board init comes later.
 */
MachineState *machine_new(MachineClass *mc, const TargetInfo *target);
bool machine_run_board_init(MachineState *ms, Error **errp);
void machine_free(MachineState *ms);

/* Place a device in the tree and realize it (id may be NULL). */
bool machine_add_device(MachineState *ms, DeviceState *dev, const char *id,
                        BusState *bus, Error **errp);
void machine_add_unattached(MachineState *ms, Object *obj);
/* "-device"/"device_add": find the id in /machine/peripheral. */
DeviceState *machine_find_device(MachineState *ms, const char *id_or_path);

static inline MachineState *machine_of(Object *obj)
{
    Object *root = object_get_root(obj);

    return MACHINE(object_resolve_child(root, "machine"));
}

#endif
