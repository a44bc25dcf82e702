/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line (system/vl*.c): parsing into a VLConfig, then building
 * and running the machine from it.
 */
#ifndef SYSTEM_VL_H
#define SYSTEM_VL_H

#include "qemu/option.h"
#include "system/target-info.h"

typedef struct MachineState MachineState;

/* Command-line options, by what they do. */
typedef enum OptIndex {
    OPT_MACHINE, OPT_ACCEL, OPT_CPU, OPT_M, OPT_SMP, OPT_OBJECT, OPT_DEVICE,
    OPT_GLOBAL, OPT_NETDEV, OPT_CHARDEV, OPT_SERIAL, OPT_MONITOR, OPT_MON,
    OPT_QMP, OPT_QMP_PRETTY, OPT_QTEST, OPT_QTEST_LOG, OPT_NOGRAPHIC,
    OPT_DISPLAY, OPT_NODEFAULTS, OPT_KERNEL, OPT_INITRD, OPT_APPEND, OPT_DTB,
    OPT_S, OPT_D, OPT_DLOG, OPT_TRACE, OPT_ICOUNT, OPT_NO_REBOOT,
    OPT_NO_SHUTDOWN, OPT_NAME, OPT_VERSION, OPT_HELP, OPT_AUDIO, OPT_RUN_WITH,
    OPT_TARGET,
    OPT_NIC,
    OPT_SEMIHOSTING, OPT_SEMIHOSTING_CONFIG,
} OptIndex;


/* A -global DRIVER.PROP=VALUE. */
typedef struct GlobalProp {
    char *driver;
    char *property;
    char *value;
    Location loc;
} GlobalProp;

/* A legacy chardev spec option (-serial, -monitor, -qmp, -qtest). */
typedef struct SpecOpt {
    const char *opt;            /* "-serial" */
    char *spec;
    Location loc;
} SpecOpt;

typedef struct VLConfig {
    const TargetInfo *target;
    QemuOptsStore *opts;        /* machine, accel, device, object, ... */
    GPtrArray *globals;         /* GlobalProp * */
    GPtrArray *serials;         /* SpecOpt *: -serial */
    GPtrArray *hmp_monitors;    /* SpecOpt *: -monitor */
    GPtrArray *qmp_monitors;    /* SpecOpt *: -qmp */
    GPtrArray *qmp_pretty;      /* SpecOpt *: -qmp-pretty */
    SpecOpt *qtest;             /* -qtest */
    char *qtest_log;
    bool qtest_log_given;
    char *cpu_model;
    Location cpu_loc;
    char *kernel, *initrd, *append, *dtb;
    char *name;
    bool nographic, nodefaults, start_paused, no_reboot, no_shutdown;
    bool semihosting;           /* -semihosting, -semihosting-config */
    bool exit_with_parent;
    const char *positional;     /* first non-option word (a disk image) */
    int log_mask;
    char *log_file;
} VLConfig;

int qemu_main(int argc, char **argv);

/* vl-help.c */
void vl_print_version(void);
void vl_print_help(const char *prog);

/* vl-config.c */
MachineState *vl_build_machine(VLConfig *c);
void vl_store_json_opts(VLConfig *c, const QemuOptsList *list,
                        const char *json);
void vl_parse_name(VLConfig *c, const char *arg);
/* -device help, -object NAME,help, -accel help, ...; @name may be NULL */
void vl_print_listing(VLConfig *c, OptIndex idx, const char *name);


extern const QemuOptsList qemu_machine_opts;
extern const QemuOptsList qemu_accel_opts;
extern const QemuOptsList qemu_smp_opts;
extern const QemuOptsList qemu_mem_opts;
extern const QemuOptsList qemu_device_opts;
extern const QemuOptsList qemu_object_opts;
extern const QemuOptsList qemu_netdev_opts;
extern const QemuOptsList qemu_nic_opts;
extern const QemuOptsList qemu_chardev_opts;
extern const QemuOptsList qemu_mon_opts;
extern const QemuOptsList qemu_icount_opts;

#endif
