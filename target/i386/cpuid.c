/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86 CPU models, -cpu feature flags and the CPUID leaves.
 *
 * Models report only what the engine implements (x87, FXSR, SSE, SSE2;
 * no MMX, SSE3 or XSAVE yet).  Leaves: 0, 1, 7, 0xB and 0x1F (x2APIC
 * topology: every CPU is one core of one package, one thread per core),
 * 0x80000000-0x80000008.  Basic leaves up to the model's level that are
 * not listed read as zeros; a leaf above the basic or extended limit
 * answers as the highest basic leaf, as Intel CPUs (and QEMU) do.
 */
#include "qemu/osdep.h"
#include "target/i386/cpuid.h"
#include "target/i386/cpu.h"
#include "hw/intc/apic.h"
#include "qapi/error.h"

/* x87, FXSAVE/FXRSTOR, SSE, SSE2 (ops-fpu.c, ops-sse.c); no MMX yet. */
#define FW1_EDX_FPU_SSE ((1u << 0) /* fpu */ | (1u << 24) /* fxsr */ | \
                         (1u << 25) /* sse */ | (1u << 26) /* sse2 */)
/* Bits set in every model: what the engine always executes. */
#define FW1_EDX_BASE    ((1u << 4) /* tsc */ | (1u << 5) /* msr */ | \
                         FW1_EDX_FPU_SSE | \
                         (1u << 6) /* pae */ | (1u << 8) /* cx8 */ | \
                         X86_CPUID_1_EDX_APIC | (1u << 15) /* cmov */ | \
                         (1u << 16) /* pat */)
#define FW1_ECX_BASE    (1u << 13) /* cx16 */
#define FWE1_EDX_BASE   ((1u << 11) /* syscall */ | (1u << 20) /* nx */ | \
                         (1u << 29) /* lm */)
#define FWE1_ECX_BASE   ((1u << 0) /* lahf-lm */ | X86_CPUID_E1_ECX_ABM)

typedef struct X86FeatureName {
    const char *name;
    X86FeatureWord word;
    uint32_t bit;
} X86FeatureName;

/* Flags -cpu accepts (QEMU's names); all are implemented. */
static const X86FeatureName x86_feature_names[] = {
    { "fpu", X86_FW_1_EDX, 1u << 0 },
    { "fxsr", X86_FW_1_EDX, 1u << 24 },
    { "sse", X86_FW_1_EDX, 1u << 25 },
    { "sse2", X86_FW_1_EDX, 1u << 26 },
    { "tsc", X86_FW_1_EDX, 1u << 4 },
    { "msr", X86_FW_1_EDX, 1u << 5 },
    { "pae", X86_FW_1_EDX, 1u << 6 },
    { "cx8", X86_FW_1_EDX, 1u << 8 },
    { "apic", X86_FW_1_EDX, X86_CPUID_1_EDX_APIC },
    { "cmov", X86_FW_1_EDX, 1u << 15 },
    { "pat", X86_FW_1_EDX, 1u << 16 },
    { "cx16", X86_FW_1_ECX, 1u << 13 },
    { "x2apic", X86_FW_1_ECX, X86_CPUID_1_ECX_X2APIC },
    { "popcnt", X86_FW_1_ECX, X86_CPUID_1_ECX_POPCNT },
    { "tsc-deadline", X86_FW_1_ECX, X86_CPUID_1_ECX_TSC_DEADLINE },
    { "syscall", X86_FW_E1_EDX, 1u << 11 },
    { "nx", X86_FW_E1_EDX, 1u << 20 },
    { "pdpe1gb", X86_FW_E1_EDX, 1u << 26 },
    { "rdtscp", X86_FW_E1_EDX, 1u << 27 },
    { "lm", X86_FW_E1_EDX, 1u << 29 },
    { "lahf-lm", X86_FW_E1_ECX, 1u << 0 },
    { "abm", X86_FW_E1_ECX, X86_CPUID_E1_ECX_ABM },
};

static const X86CPUID x86_models[] = {
    {
        .model_name = "qemu64",
        .vendor = "AuthenticAMD",
        .model_id = "QEMU Virtual CPU version 2.5+",
        .level = 0xd, .xlevel = 0x8000000a,
        .family = 15, .model = 107, .stepping = 1,
        .words = {
            [X86_FW_1_EDX] = FW1_EDX_BASE,
            [X86_FW_1_ECX] = FW1_ECX_BASE,
            [X86_FW_E1_EDX] = FWE1_EDX_BASE,
            [X86_FW_E1_ECX] = FWE1_ECX_BASE,
        },
    },
    {
        .model_name = "max",
        .vendor = "GenuineIntel",
        .model_id = "QEMU TCG CPU version 2.5+",
        .level = 0x1f, .xlevel = 0x80000008,
        .family = 6, .model = 6, .stepping = 3,
        .words = {
            [X86_FW_1_EDX] = FW1_EDX_BASE,
            [X86_FW_1_ECX] = FW1_ECX_BASE | X86_CPUID_1_ECX_X2APIC |
                             X86_CPUID_1_ECX_POPCNT |
                             X86_CPUID_1_ECX_TSC_DEADLINE,
            [X86_FW_E1_EDX] = FWE1_EDX_BASE | (1u << 26) | (1u << 27),
            [X86_FW_E1_ECX] = FWE1_ECX_BASE,
        },
    },
};

static const X86CPUID *x86_model_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(x86_models); i++) {
        if (strcmp(x86_models[i].model_name, name) == 0) {
            return &x86_models[i];
        }
    }
    return NULL;
}

bool x86_cpuid_has_model(const char *name)
{
    return x86_model_find(name) != NULL;
}

static const X86FeatureName *x86_feature_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(x86_feature_names); i++) {
        if (strcmp(x86_feature_names[i].name, name) == 0) {
            return &x86_feature_names[i];
        }
    }
    return NULL;
}

static bool x86_parse_onoff(const char *v, bool *on)
{
    if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes")) {
        *on = true;
        return true;
    }
    if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no")) {
        *on = false;
        return true;
    }
    return false;
}

/* One "key=value" option of -cpu. */
static bool x86_cpuid_set(X86CPUID *c, const char *key, const char *val,
                          Error **errp)
{
    const X86FeatureName *f = x86_feature_find(key);
    bool on;

    if (!strcmp(key, "vendor")) {
        if (strlen(val) != 12) {
            error_setg(errp, "Property '.vendor' doesn't take value '%s'",
                       val);
            return false;
        }
        memcpy(c->vendor, val, 13);
        return true;
    }
    if (!f) {
        error_setg(errp, "Property '%s-x86_64-cpu.%s' not found",
                   c->model_name, key);
        return false;
    }
    if (!x86_parse_onoff(val, &on)) {
        error_setg(errp, "Property '%s-x86_64-cpu.%s' doesn't take value "
                   "'%s'", c->model_name, key, val);
        return false;
    }
    if (on) {
        c->words[f->word] |= f->bit;
    } else {
        c->words[f->word] &= ~f->bit;
    }
    return true;
}

bool x86_cpuid_parse(const char *spec, X86CPUID *out, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(spec ? spec : "qemu64", ",", -1);
    const X86CPUID *m = x86_model_find(parts[0]);

    if (!m) {
        error_setg(errp, "unable to find CPU model '%s'", parts[0]);
        return false;
    }
    *out = *m;
    out->nr_cpus = 1;
    for (int i = 1; parts[i]; i++) {
        char *p = parts[i];
        char *eq = strchr(p, '=');
        bool ok;

        if (!*p) {
            continue;
        }
        if (*p == '+' || *p == '-') {
            ok = x86_cpuid_set(out, p + 1, *p == '+' ? "on" : "off", errp);
        } else if (eq) {
            *eq = '\0';
            ok = x86_cpuid_set(out, p, eq + 1, errp);
            if (!ok) {
                error_prepend(errp, "can't apply global %s-x86_64-cpu.%s=%s: ",
                              out->model_name, p, eq + 1);
            }
        } else {
            ok = x86_cpuid_set(out, p, "on", errp);
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

void x86_cpuid_print_help(GString *out)
{
    g_string_append(out, "\nRecognized CPUID flags:\n ");
    for (size_t i = 0; i < G_N_ELEMENTS(x86_feature_names); i++) {
        g_string_append_printf(out, " %s", x86_feature_names[i].name);
    }
    g_string_append(out, "\n");
}

void x86_cpuid_print_props(const X86CPUID *c, GString *out)
{
    g_string_append_printf(out, "%s-x86_64-cpu options:\n", c->model_name);
    for (size_t i = 0; i < G_N_ELEMENTS(x86_feature_names); i++) {
        const X86FeatureName *f = &x86_feature_names[i];
        g_autofree char *key = g_strdup_printf("%s=<bool>", f->name);

        g_string_append_printf(out, "  %-20s - %s\n", key,
                               c->words[f->word] & f->bit ? "on" : "off");
    }
}

uint32_t x86_cpuid_engine_features(const X86CPUID *c)
{
    uint32_t f = 0;

    if (c->words[X86_FW_1_ECX] & X86_CPUID_1_ECX_POPCNT) {
        f |= X86_FEAT_POPCNT;
    }
    if (c->words[X86_FW_E1_ECX] & X86_CPUID_E1_ECX_ABM) {
        f |= X86_FEAT_ABM;
    }
    return f;
}

/* ---- the leaves ---- */

static void x86_put_str(uint32_t *r, const char *s)
{
    memcpy(r, s, 4);
}

/* Family/model/stepping in the EAX layout of leaves 1 and 80000001h. */
static uint32_t x86_signature(const X86CPUID *c)
{
    uint32_t eax = c->stepping & 0xf;

    eax |= (c->model & 0xf) << 4 | (c->model >> 4 & 0xf) << 16;
    if (c->family > 0xf) {
        eax |= 0xf << 8 | ((c->family - 0xf) & 0xff) << 20;
    } else {
        eax |= c->family << 8;
    }
    return eax;
}

static bool x86_apic_enabled(struct X86CPU *cpu)
{
    if (cpu->apic) {
        return apic_base_read(cpu->apic) & APICBASE_EN;
    }
    return false;
}

static void x86_leaf1(struct X86CPU *cpu, uint32_t r[4])
{
    const X86CPUID *c = &cpu->cpuid;

    r[0] = x86_signature(c);
    r[1] = 8u << 8 | MIN(c->nr_cpus, 255u) << 16 | (c->apic_id & 0xff) << 24;
    r[2] = c->words[X86_FW_1_ECX];
    r[3] = c->words[X86_FW_1_EDX];
    if (!x86_apic_enabled(cpu)) {
        r[3] &= ~X86_CPUID_1_EDX_APIC;
    }
    if (c->nr_cpus > 1) {
        r[3] |= X86_CPUID_1_EDX_HTT;
    }
}

/* Leaves 0xB and 0x1F: SMT level (1 thread), core level (all CPUs). */
static void x86_leaf_topology(const X86CPUID *c, uint32_t sub, uint32_t r[4])
{
    uint32_t bits = 0;

    while ((1u << bits) < c->nr_cpus) {
        bits++;
    }
    r[3] = c->apic_id;
    r[2] = sub & 0xff;
    if (sub == 0) {
        r[0] = 0;
        r[1] = 1;
        r[2] |= 1u << 8;            /* level type SMT */
    } else if (sub == 1) {
        r[0] = bits;
        r[1] = c->nr_cpus;
        r[2] |= 2u << 8;            /* level type core */
    } else {
        r[0] = r[1] = 0;            /* invalid level */
    }
}

static void x86_leaf_ext(struct X86CPU *cpu, uint32_t leaf, uint32_t r[4])
{
    const X86CPUID *c = &cpu->cpuid;

    switch (leaf) {
    case 0x80000000:
        r[0] = c->xlevel;
        x86_put_str(&r[1], c->vendor);
        x86_put_str(&r[3], c->vendor + 4);
        x86_put_str(&r[2], c->vendor + 8);
        break;
    case 0x80000001:
        r[0] = x86_signature(c);
        r[2] = c->words[X86_FW_E1_ECX];
        r[3] = c->words[X86_FW_E1_EDX];
        break;
    case 0x80000002 ... 0x80000004:
        memcpy(r, c->model_id + (leaf - 0x80000002) * 16, 16);
        break;
    case 0x80000008:
        r[0] = 48u << 8 | 40;       /* virtual, physical address bits */
        r[2] = c->nr_cpus - 1;      /* cores in the package, minus one */
        break;
    }
}

void x86_cpuid_query(struct X86CPU *cpu, uint32_t leaf, uint32_t sub,
                     uint32_t r[4])
{
    const X86CPUID *c = &cpu->cpuid;

    memset(r, 0, 4 * sizeof(uint32_t));
    if (leaf >= 0x80000000 ? leaf > c->xlevel : leaf > c->level) {
        leaf = c->level;
    }
    switch (leaf) {
    case 0:
        r[0] = c->level;
        x86_put_str(&r[1], c->vendor);
        x86_put_str(&r[3], c->vendor + 4);
        x86_put_str(&r[2], c->vendor + 8);
        break;
    case 1:
        x86_leaf1(cpu, r);
        break;
    case 7:
        if (sub == 0) {
            r[1] = c->words[X86_FW_7_EBX];
            r[2] = c->words[X86_FW_7_ECX];
            r[3] = c->words[X86_FW_7_EDX];
        }
        break;
    case 0xb:
    case 0x1f:
        x86_leaf_topology(c, sub, r);
        break;
    default:
        if (leaf >= 0x80000000) {
            x86_leaf_ext(cpu, leaf, r);
        }
        break;
    }
}
