/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 CPU models and the CPUID instruction's data (target/i386/cpuid.c).
 *
 * A model ("qemu64", "max") is a vendor, a signature, leaf limits and
 * feature words; -cpu MODEL,+flag,-flag,flag=on|off,vendor=... edits a
 * copy of it.  CPUID answers from that copy plus live state: the
 * initial APIC ID, the number of CPUs and IA32_APIC_BASE.EN.  See
 * docs/x86-cpu.md.
 */
#ifndef TARGET_I386_CPUID_H
#define TARGET_I386_CPUID_H

#include "qapi/error.h"

/* The feature words CPUID reports (indexes of X86CPUID.words). */
typedef enum X86FeatureWord {
    X86_FW_1_EDX,           /* CPUID.1:EDX */
    X86_FW_1_ECX,           /* CPUID.1:ECX */
    X86_FW_7_EBX,           /* CPUID.(7,0):EBX */
    X86_FW_7_ECX,           /* CPUID.(7,0):ECX */
    X86_FW_7_EDX,           /* CPUID.(7,0):EDX */
    X86_FW_E1_EDX,          /* CPUID.80000001h:EDX */
    X86_FW_E1_ECX,          /* CPUID.80000001h:ECX */
    X86_FW_NB
} X86FeatureWord;

/* Feature bits the engine acts on. */
#define X86_CPUID_1_EDX_APIC        (1u << 9)
#define X86_CPUID_1_EDX_HTT         (1u << 28)
#define X86_CPUID_1_ECX_X2APIC      (1u << 21)
#define X86_CPUID_1_ECX_POPCNT      (1u << 23)
#define X86_CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define X86_CPUID_E1_ECX_ABM        (1u << 5)

typedef struct X86CPUID {
    const char *model_name;     /* "qemu64", "max" */
    char vendor[13];            /* 12 characters */
    char model_id[49];          /* brand string, 48 characters */
    uint32_t level;             /* highest basic leaf */
    uint32_t xlevel;            /* highest extended leaf */
    uint32_t family, model, stepping;
    uint32_t words[X86_FW_NB];
    /* set by the board, per CPU */
    uint32_t apic_id;           /* initial APIC ID */
    uint32_t nr_cpus;           /* logical processors in the package */
} X86CPUID;

/*
 * Parse a -cpu argument ("qemu64,+x2apic,vendor=GenuineIntel"; NULL is
 * "qemu64") into @out.  Errors are QEMU's messages.
 */
bool x86_cpuid_parse(const char *spec, X86CPUID *out, Error **errp);
/* -cpu help: models, then the flags that can be switched. */
void x86_cpuid_print_help(GString *out);
/* -cpu MODEL,...,help: each flag of @c and whether it is on. */
void x86_cpuid_print_props(const X86CPUID *c, GString *out);
/* Is @name a model cpuid.c knows (for the target's model list)? */
bool x86_cpuid_has_model(const char *name);

struct X86CPU;
/*
 * Answer CPUID leaf @leaf, subleaf @sub, for @cpu into r[] = EAX, EBX,
 * ECX, EDX (uses cpu->cpuid and, when present, the CPU's APIC).
 */
void x86_cpuid_query(struct X86CPU *cpu, uint32_t leaf, uint32_t sub,
                     uint32_t r[4]);
/* X86_FEAT_* bits (decoder options) implied by the feature words. */
uint32_t x86_cpuid_engine_features(const X86CPUID *c);

#endif
