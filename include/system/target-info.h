/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A target is data.  Every fact QEMU reads from a per-target config header
 * is a field here; the single binary picks one TargetInfo at start-up from
 * argv[0] ("qemu-system-aarch64") or -target NAME.
 */
#ifndef SYSTEM_TARGET_INFO_H
#define SYSTEM_TARGET_INFO_H

typedef struct MachineState MachineState;
typedef struct QDict QDict;
typedef struct QObject QObject;

typedef struct CPUModelInfo {
    const char *name;
    const char *desc;
} CPUModelInfo;

typedef struct TargetInfo {
    const char *name;           /* "x86_64": SysEmuTarget name */
    const char *base_arch;      /* "i386", "arm" */
    bool big_endian;            /* default data endianness */
    unsigned long_bits;
    unsigned phys_addr_bits;
    unsigned page_bits;
    bool has_ioport;            /* an I/O address space exists */
    const char *default_machine;
    const char *const *machines;        /* machine names this target has */
    const CPUModelInfo *cpu_models;     /* ends with { NULL } */
    /* -cpu help: "x86 %-20s  %s" lines (x86) or "  %s" (arm) */
    void (*print_cpu_list)(const struct TargetInfo *t, GString *out);
    /*
     * QMP query-cpu-model-expansion (@type "static" or "full", @props
     * NULL or a dictionary): the result, or NULL with @errp set.  NULL
     * hook: the target has no expansion.
     */
    QObject *(*cpu_model_expand)(MachineState *ms, const char *type,
                                 const char *name, const QDict *props,
                                 Error **errp);
    /*
     * -cpu MODEL[,PROP=VALUE...],help: the model's properties into @out,
     * or false with @errp set.  NULL hook: the target lists none.
     */
    bool (*print_cpu_props)(const char *model, char **props, GString *out,
                            Error **errp);
} TargetInfo;

/* All targets linked into this binary, ends with NULL. */
extern const TargetInfo *const target_list[];

const TargetInfo *target_find(const char *name);
/* From an argv[0] basename: "*-system-NAME"; NULL when it is not one. */
const TargetInfo *target_from_progname(const char *progname);
/* "x86_64, aarch64" for error messages. */
char *target_names_joined(void);
bool target_has_machine(const TargetInfo *t, const char *machine);
const CPUModelInfo *target_find_cpu_model(const TargetInfo *t,
                                          const char *name);

extern const TargetInfo target_info_x86_64;
extern const TargetInfo target_info_aarch64;

#endif
