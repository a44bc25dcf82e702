/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 ID registers: the field table (specs/arm64-id-regs.md section 2)
 * and the validation of user overrides (section 7.3).
 */
#include "qemu/osdep.h"
#include "id-regs.h"
#include "qemu/cutils.h"

typedef struct ArmIdRegName {
    uint8_t idx;
    const char *name;
} ArmIdRegName;

static const ArmIdRegName arm_idreg_names[] = {
    { ARM_ID_MIDR, "MIDR_EL1" },
    { ARM_ID_AA64PFR0, "ID_AA64PFR0_EL1" },
    { ARM_ID_AA64PFR1, "ID_AA64PFR1_EL1" },
    { ARM_ID_AA64ZFR0, "ID_AA64ZFR0_EL1" },
    { ARM_ID_AA64DFR0, "ID_AA64DFR0_EL1" },
    { ARM_ID_AA64ISAR0, "ID_AA64ISAR0_EL1" },
    { ARM_ID_AA64ISAR1, "ID_AA64ISAR1_EL1" },
    { ARM_ID_AA64ISAR2, "ID_AA64ISAR2_EL1" },
    { ARM_ID_AA64ISAR3, "ID_AA64ISAR3_EL1" },
    { ARM_ID_AA64MMFR0, "ID_AA64MMFR0_EL1" },
    { ARM_ID_AA64MMFR1, "ID_AA64MMFR1_EL1" },
    { ARM_ID_AA64MMFR2, "ID_AA64MMFR2_EL1" },
    { ARM_ID_AA64MMFR3, "ID_AA64MMFR3_EL1" },
    { ARM_ID_AA64MMFR4, "ID_AA64MMFR4_EL1" },
    { ARM_ID_CTR, "CTR_EL0" },
};

/* 4-bit fields; W = in KVM's writable mask, RO = not (or pinned). */
#define W(reg, name, shift) \
    { ARM_ID_##reg, name, shift, 4, false, true, ARM_ID_LOWER, 0 }
#define WS(reg, name, shift) \
    { ARM_ID_##reg, name, shift, 4, true, true, ARM_ID_LOWER, 0 }
#define RO(reg, name, shift) \
    { ARM_ID_##reg, name, shift, 4, false, false, ARM_ID_LOWER, 0 }
#define ROS(reg, name, shift) \
    { ARM_ID_##reg, name, shift, 4, true, false, ARM_ID_LOWER, 0 }

static const ArmIdField arm_id_fields[] = {
    W(AA64PFR0, "CSV3", 60), W(AA64PFR0, "CSV2", 56),
    RO(AA64PFR0, "RME", 52), W(AA64PFR0, "DIT", 48),
    RO(AA64PFR0, "AMU", 44), RO(AA64PFR0, "MPAM", 40),
    W(AA64PFR0, "SEL2", 36), RO(AA64PFR0, "SVE", 32),
    W(AA64PFR0, "RAS", 28), W(AA64PFR0, "GIC", 24),
    ROS(AA64PFR0, "AdvSIMD", 20), ROS(AA64PFR0, "FP", 16),
    W(AA64PFR0, "EL3", 12), W(AA64PFR0, "EL2", 8),
    W(AA64PFR0, "EL1", 4), W(AA64PFR0, "EL0", 0),

    RO(AA64PFR1, "PFAR", 60), W(AA64PFR1, "DF2", 56),
    RO(AA64PFR1, "MTEX", 52), RO(AA64PFR1, "THE", 48),
    RO(AA64PFR1, "GCS", 44), ROS(AA64PFR1, "MTE_frac", 40),
    RO(AA64PFR1, "NMI", 36), RO(AA64PFR1, "CSV2_frac", 32),
    RO(AA64PFR1, "RNDR_trap", 28), RO(AA64PFR1, "SME", 24),
    RO(AA64PFR1, "MPAM_frac", 16), W(AA64PFR1, "RAS_frac", 12),
    RO(AA64PFR1, "MTE", 8), W(AA64PFR1, "SSBS", 4), W(AA64PFR1, "BT", 0),

    W(AA64ZFR0, "F64MM", 56), W(AA64ZFR0, "F32MM", 52),
    W(AA64ZFR0, "F16MM", 48), W(AA64ZFR0, "I8MM", 44),
    W(AA64ZFR0, "SM4", 40), W(AA64ZFR0, "SHA3", 32),
    W(AA64ZFR0, "B16B16", 24), W(AA64ZFR0, "BF16", 20),
    W(AA64ZFR0, "BitPerm", 16), W(AA64ZFR0, "EltPerm", 12),
    W(AA64ZFR0, "AES", 4), W(AA64ZFR0, "SVEver", 0),

    RO(AA64DFR0, "BRBE", 52), ROS(AA64DFR0, "MTPMU", 48),
    RO(AA64DFR0, "TraceFilt", 40), WS(AA64DFR0, "DoubleLock", 36),
    RO(AA64DFR0, "PMSVer", 32), RO(AA64DFR0, "CTX_CMPs", 28),
    W(AA64DFR0, "WRPs", 20), RO(AA64DFR0, "BRPs", 12),
    WS(AA64DFR0, "PMUVer", 8), RO(AA64DFR0, "TraceVer", 4),
    W(AA64DFR0, "DebugVer", 0),

    W(AA64ISAR0, "RNDR", 60), W(AA64ISAR0, "TLB", 56),
    W(AA64ISAR0, "TS", 52), W(AA64ISAR0, "FHM", 48),
    W(AA64ISAR0, "DP", 44), W(AA64ISAR0, "SM4", 40),
    W(AA64ISAR0, "SM3", 36), W(AA64ISAR0, "SHA3", 32),
    W(AA64ISAR0, "RDM", 28), RO(AA64ISAR0, "TME", 24),
    W(AA64ISAR0, "ATOMIC", 20), W(AA64ISAR0, "CRC32", 16),
    W(AA64ISAR0, "SHA2", 12), W(AA64ISAR0, "SHA1", 8),
    W(AA64ISAR0, "AES", 4),

    RO(AA64ISAR1, "LS64", 60), W(AA64ISAR1, "XS", 56),
    W(AA64ISAR1, "I8MM", 52), W(AA64ISAR1, "DGH", 48),
    W(AA64ISAR1, "BF16", 44), W(AA64ISAR1, "SPECRES", 40),
    W(AA64ISAR1, "SB", 36), W(AA64ISAR1, "FRINTTS", 32),
    RO(AA64ISAR1, "GPI", 28), RO(AA64ISAR1, "GPA", 24),
    W(AA64ISAR1, "LRCPC", 20), W(AA64ISAR1, "FCMA", 16),
    W(AA64ISAR1, "JSCVT", 12), RO(AA64ISAR1, "API", 8),
    RO(AA64ISAR1, "APA", 4), W(AA64ISAR1, "DPB", 0),

    RO(AA64ISAR2, "ATS1A", 60), W(AA64ISAR2, "LUT", 56),
    W(AA64ISAR2, "CSSC", 52), W(AA64ISAR2, "RPRFM", 48),
    RO(AA64ISAR2, "PCDPHINT", 44), RO(AA64ISAR2, "PRFMSLC", 40),
    RO(AA64ISAR2, "SYSINSTR_128", 36), RO(AA64ISAR2, "SYSREG_128", 32),
    W(AA64ISAR2, "CLRBHB", 28), RO(AA64ISAR2, "PAC_frac", 24),
    W(AA64ISAR2, "BC", 20), W(AA64ISAR2, "MOPS", 16),
    RO(AA64ISAR2, "APA3", 12), RO(AA64ISAR2, "GPA3", 8),
    W(AA64ISAR2, "RPRES", 4), W(AA64ISAR2, "WFxT", 0),

    W(AA64ISAR3, "FPRCVT", 28), W(AA64ISAR3, "LSUI", 24),
    W(AA64ISAR3, "LSFE", 16), W(AA64ISAR3, "FAMINMAX", 4),

    W(AA64MMFR0, "ECV", 60), W(AA64MMFR0, "FGT", 56),
    W(AA64MMFR0, "EXS", 44),
    { ARM_ID_AA64MMFR0, "TGRAN4_2", 40, 4, false, true, ARM_ID_EXACT, 1 },
    { ARM_ID_AA64MMFR0, "TGRAN64_2", 36, 4, false, true, ARM_ID_EXACT, 1 },
    { ARM_ID_AA64MMFR0, "TGRAN16_2", 32, 4, false, true, ARM_ID_EXACT, 1 },
    WS(AA64MMFR0, "TGRAN4", 28), WS(AA64MMFR0, "TGRAN64", 24),
    W(AA64MMFR0, "TGRAN16", 20), W(AA64MMFR0, "BIGENDEL0", 16),
    W(AA64MMFR0, "SNSMEM", 12), W(AA64MMFR0, "BIGEND", 8),
    RO(AA64MMFR0, "ASIDBITS", 4), W(AA64MMFR0, "PARANGE", 0),

    W(AA64MMFR1, "ECBHB", 60), RO(AA64MMFR1, "CMOW", 56),
    W(AA64MMFR1, "TIDCP1", 52), RO(AA64MMFR1, "nTLBPA", 48),
    W(AA64MMFR1, "AFP", 44), RO(AA64MMFR1, "HCX", 40),
    W(AA64MMFR1, "ETS", 36), RO(AA64MMFR1, "TWED", 32),
    RO(AA64MMFR1, "XNX", 28),
    { ARM_ID_AA64MMFR1, "SpecSEI", 24, 4, false, true, ARM_ID_HIGHER, 0 },
    W(AA64MMFR1, "PAN", 20), W(AA64MMFR1, "LO", 16),
    W(AA64MMFR1, "HPDS", 12), RO(AA64MMFR1, "VH", 8),
    RO(AA64MMFR1, "VMIDBits", 4), W(AA64MMFR1, "HAFDBS", 0),

    W(AA64MMFR2, "E0PD", 60), RO(AA64MMFR2, "EVT", 56),
    W(AA64MMFR2, "BBM", 52), W(AA64MMFR2, "TTL", 48),
    RO(AA64MMFR2, "FWB", 40), RO(AA64MMFR2, "IDS", 36),
    W(AA64MMFR2, "AT", 32), W(AA64MMFR2, "ST", 28),
    RO(AA64MMFR2, "NV", 24), RO(AA64MMFR2, "CCIDX", 20),
    W(AA64MMFR2, "VARange", 16), W(AA64MMFR2, "IESB", 12),
    W(AA64MMFR2, "LSM", 8), W(AA64MMFR2, "UAO", 4), W(AA64MMFR2, "CnP", 0),

    W(AA64MMFR3, "S1POE", 16), W(AA64MMFR3, "S1PIE", 8),
    W(AA64MMFR3, "SCTLRX", 4), W(AA64MMFR3, "TCRX", 0),
    W(AA64MMFR4, "NV_frac", 20),

    { ARM_ID_CTR, "TminLine", 32, 6, false, false, ARM_ID_LOWER, 0 },
    { ARM_ID_CTR, "DIC", 29, 1, false, true, ARM_ID_LOWER, 0 },
    { ARM_ID_CTR, "IDC", 28, 1, false, true, ARM_ID_LOWER, 0 },
    { ARM_ID_CTR, "CWG", 24, 4, false, false, ARM_ID_H0, 0 },
    { ARM_ID_CTR, "ERG", 20, 4, false, false, ARM_ID_H0, 0 },
    { ARM_ID_CTR, "DminLine", 16, 4, false, true, ARM_ID_LOWER, 0 },
    { ARM_ID_CTR, "L1Ip", 14, 2, false, true, ARM_ID_EXACT, 2 },
    { ARM_ID_CTR, "IminLine", 0, 4, false, true, ARM_ID_LOWER, 0 },
};

#undef W
#undef WS
#undef RO
#undef ROS

static const char *const arm_id_rule_names[] = {
    [ARM_ID_LOWER] = "lower-safe", [ARM_ID_HIGHER] = "higher-safe",
    [ARM_ID_H0] = "higher-or-zero", [ARM_ID_EXACT] = "exact",
};

uint64_t arm_idreg_kvm_id(unsigned idx)
{
    static const unsigned op1[] = { 0, 1, 3 };
    uint64_t enc = (3u << 14) | (op1[idx / 64] << 11) |
                   (((idx / 8) & 7) << 3) | (idx & 7);

    g_assert(idx < ARM_IDREG_COUNT);
    return 0x6030000000130000ull | enc;
}

const char *arm_idreg_name(unsigned idx)
{
    for (size_t i = 0; i < G_N_ELEMENTS(arm_idreg_names); i++) {
        if (arm_idreg_names[i].idx == idx) {
            return arm_idreg_names[i].name;
        }
    }
    return NULL;
}

const ArmIdField *arm_idreg_find_prop(const char *prop)
{
    if (!g_str_has_prefix(prop, "SYSREG_")) {
        return NULL;
    }
    prop += strlen("SYSREG_");
    for (size_t i = 0; i < G_N_ELEMENTS(arm_id_fields); i++) {
        const ArmIdField *f = &arm_id_fields[i];
        const char *reg = arm_idreg_name(f->reg);
        size_t n = strlen(reg);

        if (!strncmp(prop, reg, n) && prop[n] == '_' &&
            !strcmp(prop + n + 1, f->name)) {
            return f;
        }
    }
    return NULL;
}

static uint64_t arm_idfield_mask(const ArmIdField *f)
{
    return ((1ull << f->width) - 1) << f->shift;
}

uint64_t arm_idfield_get(const ArmIdField *f, uint64_t regval)
{
    return (regval >> f->shift) & ((1ull << f->width) - 1);
}

/* The raw field value as a number its rule can compare. */
static int64_t arm_idfield_num(const ArmIdField *f, uint64_t raw)
{
    if (f->is_signed && (raw >> (f->width - 1))) {
        return (int64_t)raw - (1ll << f->width);
    }
    return raw;
}

void arm_idregs_init(ArmIdRegs *r, const uint64_t *limit, bool has_el2,
                     bool has_el3)
{
    memset(r, 0, sizeof(*r));
    memcpy(r->limit, limit, sizeof(r->limit));
    memcpy(r->val, limit, sizeof(r->val));
    for (size_t i = 0; i < G_N_ELEMENTS(arm_id_fields); i++) {
        const ArmIdField *f = &arm_id_fields[i];

        if (f->writable) {
            r->wmask[f->reg] |= arm_idfield_mask(f);
        }
    }
    r->has_el2 = has_el2;
    r->has_el3 = has_el3;
}

void arm_idregs_set_kvm_masks(ArmIdRegs *r, const uint64_t *kvm_wmask)
{
    for (unsigned idx = 0; idx < ARM_IDREG_COUNT; idx++) {
        uint64_t ours = 0;

        for (size_t i = 0; i < G_N_ELEMENTS(arm_id_fields); i++) {
            if (arm_id_fields[i].reg == idx) {
                ours |= arm_idfield_mask(&arm_id_fields[i]);
            }
        }
        r->wmask[idx] = kvm_wmask[idx] & ours;
    }
    r->kvm = true;
}

static bool arm_idfield_writable(const ArmIdRegs *r, const ArmIdField *f)
{
    uint64_t m = arm_idfield_mask(f);

    return (r->wmask[f->reg] & m) == m;
}

bool arm_idregs_set_prop(ArmIdRegs *r, const char *prop, const char *value,
                         Error **errp)
{
    const ArmIdField *f = arm_idreg_find_prop(prop);
    uint64_t v;

    if (!f) {
        error_setg(errp, "unknown ID register field '%s'", prop);
        return false;
    }
    if (qemu_strtou64(value, NULL, 0, &v) < 0) {
        error_setg(errp, "%s: '%s' is not a number", prop, value);
        return false;
    }
    if (v >> f->width) {
        error_setg(errp, "%s: value 0x%" PRIx64 " does not fit in a %u-bit "
                   "field", prop, v, f->width);
        return false;
    }
    r->ov_mask[f->reg] |= arm_idfield_mask(f);
    r->ov_val[f->reg] = (r->ov_val[f->reg] & ~arm_idfield_mask(f)) |
                        (v << f->shift);
    return true;
}

static void arm_idfield_error(const ArmIdField *f, Error **errp,
                              const char *fmt, ...) G_GNUC_PRINTF(3, 4);

/* "SYSREG_<REG>_<FIELD>" followed by a formatted tail. */
static void arm_idfield_error(const ArmIdField *f, Error **errp,
                              const char *fmt, ...)
{
    g_autofree char *tail = NULL;
    va_list ap;

    va_start(ap, fmt);
    tail = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(errp, "SYSREG_%s_%s%s", arm_idreg_name(f->reg), f->name,
               tail);
}

/* KVM's "AArch64 is sticky at every virtualisable EL" (and EL3, ours). */
static bool arm_idregs_check_sticky(const ArmIdRegs *r, uint64_t v,
                                    Error **errp)
{
    static const struct { unsigned shift; const char *tail; } els[] = {
        { 0, "" }, { 4, "" }, { 8, " while EL2 is enabled" },
        { 12, " while EL3 is enabled" },
    };

    for (unsigned el = 0; el < 4; el++) {
        bool virt = el < 2 || (el == 2 && r->has_el2) ||
                    (el == 3 && r->has_el3);

        if (virt && !((v >> els[el].shift) & 0xf)) {
            error_setg(errp, "cannot disable AArch64 at EL%u%s", el,
                       els[el].tail);
            return false;
        }
    }
    return true;
}

/* Section 7.3 step 5: register-specific rules.  May adjust @v. */
static bool arm_idregs_check_special(unsigned idx, uint64_t *v,
                                     Error **errp)
{
    if (idx == ARM_ID_AA64DFR0) {
        if (((*v >> 8) & 0xf) == 0xf) {
            *v &= ~(0xfull << 8);       /* PMUVer IMP_DEF reads as none */
        }
        if ((*v & 0xf) < 6) {
            error_setg(errp, "SYSREG_ID_AA64DFR0_EL1_DebugVer must be at "
                       "least 0x6");
            return false;
        }
    }
    if (idx == ARM_ID_CTR && ((*v >> 14) & 3) < 2) {
        error_setg(errp, "SYSREG_CTR_EL0_L1Ip: values 0 and 1 are reserved");
        return false;
    }
    return true;
}

/* Does the field value @nv satisfy the rule against the limit @lv? */
static bool arm_idfield_check(const ArmIdField *f, uint64_t nv, uint64_t lv,
                              Error **errp)
{
    int64_t n = arm_idfield_num(f, nv), l = arm_idfield_num(f, lv);

    switch (f->rule) {
    case ARM_ID_LOWER:
        if (n <= l) {
            return true;
        }
        arm_idfield_error(f, errp, "=0x%" PRIx64 " is not supported: maximum "
                          "is 0x%" PRIx64, nv, lv);
        return false;
    case ARM_ID_HIGHER:
        if (n >= l) {
            return true;
        }
        arm_idfield_error(f, errp, "=0x%" PRIx64 " is not supported: minimum "
                          "is 0x%" PRIx64, nv, lv);
        return false;
    case ARM_ID_H0:
        if (n == 0 || (l != 0 && n >= l)) {
            return true;
        }
        arm_idfield_error(f, errp, "=0x%" PRIx64 " is not supported: must be "
                          "0 or at least 0x%" PRIx64, nv, lv);
        return false;
    default:
        if (nv == lv || nv == f->safe) {
            return true;
        }
        arm_idfield_error(f, errp, "=0x%" PRIx64 " is not supported: must be "
                          "0x%" PRIx64 " or 0x%x", nv, lv, f->safe);
        return false;
    }
}

/*
 * Check the new value @v of register @idx; @changed marks the fields the
 * user named (only those can be "not writable").  Returns the value to
 * store in *@out.
 */
static bool arm_idregs_check(const ArmIdRegs *r, unsigned idx, uint64_t v,
                             uint64_t changed, uint64_t *out, Error **errp)
{
    uint64_t lim = r->limit[idx], covered = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(arm_id_fields); i++) {
        const ArmIdField *f = &arm_id_fields[i];

        if (f->reg == idx && !arm_idfield_writable(r, f) &&
            (changed & arm_idfield_mask(f))) {
            arm_idfield_error(f, errp, " is not writable%s",
                              r->kvm ? " with this host kernel" : "");
            return false;
        }
    }
    if (idx == ARM_ID_AA64PFR0 && !arm_idregs_check_sticky(r, v, errp)) {
        return false;
    }
    if (!arm_idregs_check_special(idx, &v, errp)) {
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(arm_id_fields); i++) {
        const ArmIdField *f = &arm_id_fields[i];

        if (f->reg != idx || !arm_idfield_writable(r, f)) {
            continue;
        }
        covered |= arm_idfield_mask(f);
        if (!arm_idfield_check(f, arm_idfield_get(f, v),
                               arm_idfield_get(f, lim), errp)) {
            return false;
        }
    }
    if ((v ^ lim) & ~covered) {
        error_setg(errp, "%s: bits 0x%016" PRIx64 " are not writable",
                   arm_idreg_name(idx), (v ^ lim) & ~covered);
        return false;
    }
    *out = v;
    return true;
}

bool arm_idregs_realize(ArmIdRegs *r, Error **errp)
{
    for (unsigned idx = 0; idx < ARM_IDREG_COUNT; idx++) {
        uint64_t m = r->ov_mask[idx];
        uint64_t v = (r->limit[idx] & ~m) | (r->ov_val[idx] & m);

        if (m && !arm_idregs_check(r, idx, v, m, &r->val[idx], errp)) {
            return false;
        }
    }
    return true;
}

bool arm_idregs_write(ArmIdRegs *r, unsigned idx, uint64_t value,
                      Error **errp)
{
    const char *name = arm_idreg_name(idx);

    if (!name) {
        error_setg(errp, "no ID register with index %u", idx);
        return false;
    }
    if (value == r->val[idx]) {
        return true;
    }
    if (r->started) {
        error_setg(errp, "ID register %s cannot be changed after the guest "
                   "has started", name);
        return false;
    }
    return arm_idregs_check(r, idx, value, r->limit[idx] ^ value,
                            &r->val[idx], errp);
}

void arm_idregs_describe(const ArmIdRegs *r, GString *out)
{
    g_string_append(out, "ID register fields (-cpu MODEL,SYSREG_<REG>_"
                    "<FIELD>=<value>):\n");
    for (size_t i = 0; i < G_N_ELEMENTS(arm_id_fields); i++) {
        const ArmIdField *f = &arm_id_fields[i];
        g_autofree char *prop = g_strdup_printf("SYSREG_%s_%s",
                                                arm_idreg_name(f->reg),
                                                f->name);

        g_string_append_printf(out, "  %-34s %u-bit %-8s %-14s limit=0x%"
                               PRIx64 " value=0x%" PRIx64 "\n", prop,
                               f->width, f->is_signed ? "signed" : "unsigned",
                               arm_idfield_writable(r, f) ?
                               arm_id_rule_names[f->rule] : "read-only",
                               arm_idfield_get(f, r->limit[f->reg]),
                               arm_idfield_get(f, r->val[f->reg]));
    }
}

const ArmIdField *arm_idreg_field(size_t i)
{
    return i < G_N_ELEMENTS(arm_id_fields) ? &arm_id_fields[i] : NULL;
}

char *arm_idfield_prop_name(const ArmIdField *f)
{
    return g_strdup_printf("SYSREG_%s_%s", arm_idreg_name(f->reg), f->name);
}

bool arm_idregs_field_writable(const ArmIdRegs *r, const ArmIdField *f)
{
    return arm_idfield_writable(r, f);
}

bool arm_idregs_write_field(ArmIdRegs *r, const char *prop, uint64_t value,
                            Error **errp)
{
    const ArmIdField *f = arm_idreg_find_prop(prop);
    uint64_t m, v;

    if (!f) {
        error_setg(errp, "unknown ID register field '%s'", prop);
        return false;
    }
    if (value >> f->width) {
        error_setg(errp, "%s: value 0x%" PRIx64 " does not fit in a %u-bit "
                   "field", prop, value, f->width);
        return false;
    }
    m = arm_idfield_mask(f);
    v = (r->val[f->reg] & ~m) | (value << f->shift);
    if (v != r->val[f->reg] && !r->started && !arm_idfield_writable(r, f)) {
        arm_idfield_error(f, errp, " is not writable%s",
                          r->kvm ? " with this host kernel" : "");
        return false;
    }
    return arm_idregs_write(r, f->reg, v, errp);
}

char *arm_idregs_diff_fields(const ArmIdRegs *r, unsigned idx, uint64_t v)
{
    GString *s = g_string_new(NULL);
    uint64_t diff = r->val[idx] ^ v, named = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(arm_id_fields); i++) {
        const ArmIdField *f = &arm_id_fields[i];

        if (f->reg != idx || !(diff & arm_idfield_mask(f))) {
            continue;
        }
        named |= arm_idfield_mask(f);
        g_string_append_printf(s, "%sSYSREG_%s_%s=0x%" PRIx64,
                               s->len ? ", " : "", arm_idreg_name(idx),
                               f->name, arm_idfield_get(f, v));
    }
    if (diff & ~named) {
        g_string_append_printf(s, "%sbits 0x%016" PRIx64, s->len ? ", " : "",
                               diff & ~named);
    }
    return g_string_free(s, false);
}
