/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 ID registers as data, and the rules for customising them.
 *
 * The registers live in an array indexed like KVM's writable-mask array
 * (the feature ID range Op0=3, Op1 in {0,1,3}, CRn=0: 3 x 8 x 8 = 192
 * entries).  A CPU model fills @limit (the most it implements); users
 * override fields with -cpu MODEL,SYSREG_<REG>_<FIELD>=<value>; the
 * overrides of one register are checked together against the limit with
 * KVM's per-field rules and its "AArch64 is sticky" rule
 * (specs/arm64-id-regs.md section 7).  The software CPU and KVM share
 * this code: only the limit and the writable masks differ.
 */
#ifndef TARGET_ARM_ID_REGS_H
#define TARGET_ARM_ID_REGS_H

#define ARM_IDREG_COUNT 192

/* Index of (op0=3, op1, crn=0, crm, op2) in the ID register array. */
#define ARM_IDREG_IDX(op1, crm, op2) \
    ((((op1) == 3 ? 2 : (op1)) * 64) + ((crm) & 7) * 8 + (op2))

enum {
    ARM_ID_MIDR = ARM_IDREG_IDX(0, 0, 0),
    ARM_ID_AA64PFR0 = ARM_IDREG_IDX(0, 4, 0),
    ARM_ID_AA64PFR1 = ARM_IDREG_IDX(0, 4, 1),
    ARM_ID_AA64ZFR0 = ARM_IDREG_IDX(0, 4, 4),
    ARM_ID_AA64DFR0 = ARM_IDREG_IDX(0, 5, 0),
    ARM_ID_AA64ISAR0 = ARM_IDREG_IDX(0, 6, 0),
    ARM_ID_AA64ISAR1 = ARM_IDREG_IDX(0, 6, 1),
    ARM_ID_AA64ISAR2 = ARM_IDREG_IDX(0, 6, 2),
    ARM_ID_AA64ISAR3 = ARM_IDREG_IDX(0, 6, 3),
    ARM_ID_AA64MMFR0 = ARM_IDREG_IDX(0, 7, 0),
    ARM_ID_AA64MMFR1 = ARM_IDREG_IDX(0, 7, 1),
    ARM_ID_AA64MMFR2 = ARM_IDREG_IDX(0, 7, 2),
    ARM_ID_AA64MMFR3 = ARM_IDREG_IDX(0, 7, 3),
    ARM_ID_AA64MMFR4 = ARM_IDREG_IDX(0, 7, 4),
    ARM_ID_CTR = ARM_IDREG_IDX(3, 0, 1),
};

/* How a field may move away from its limit (KVM's safe-value rules). */
typedef enum ArmIdRule {
    ARM_ID_LOWER,       /* any value <= limit (signed fields: signed) */
    ARM_ID_HIGHER,      /* any value >= limit */
    ARM_ID_H0,          /* 0, or >= limit */
    ARM_ID_EXACT,       /* the limit or one fixed safe value */
} ArmIdRule;

typedef struct ArmIdField {
    uint8_t reg;            /* ARM_ID_* index */
    const char *name;       /* kernel sysreg spelling: "DP", "L1Ip" */
    uint8_t shift;
    uint8_t width;
    bool is_signed;
    bool writable;          /* inside KVM's writable mask (software CPU) */
    ArmIdRule rule;
    uint8_t safe;           /* ARM_ID_EXACT: the other accepted value */
} ArmIdField;

typedef struct ArmIdRegs {
    uint64_t val[ARM_IDREG_COUNT];      /* what the guest reads */
    uint64_t limit[ARM_IDREG_COUNT];    /* what the model implements */
    uint64_t wmask[ARM_IDREG_COUNT];    /* bits users may change */
    bool kvm;               /* limits and masks come from the host kernel */
    bool has_el2;           /* EL2 implemented: EL2 is sticky too */
    bool has_el3;           /* EL3 implemented: our policy, sticky too */
    bool started;           /* the guest ran: values are frozen */
    /* pending overrides of arm_idregs_set_prop(), per register */
    uint64_t ov_mask[ARM_IDREG_COUNT];
    uint64_t ov_val[ARM_IDREG_COUNT];
} ArmIdRegs;

/*
 * KVM ONE_REG id of an index: 64-bit AArch64 system register
 * (op0=3, op1, crn=0, crm, op2).
 */
uint64_t arm_idreg_kvm_id(unsigned idx);
/* Register name ("ID_AA64PFR0_EL1") of an index, NULL if we have none. */
const char *arm_idreg_name(unsigned idx);
/* The field a property "SYSREG_<REG>_<FIELD>" names, or NULL. */
const ArmIdField *arm_idreg_find_prop(const char *prop);
uint64_t arm_idfield_get(const ArmIdField *f, uint64_t regval);

/*
 * Start from @limit: val = limit, no overrides pending, the writable
 * masks of the software CPU (KVM's masks for the fields we describe).
 */
void arm_idregs_init(ArmIdRegs *r, const uint64_t *limit, bool has_el2,
                     bool has_el3);
/*
 * Under KVM: the kernel's writable masks (KVM_ARM_GET_REG_WRITABLE_MASKS)
 * replace ours; a field is writable when it lies wholly inside both.
 */
void arm_idregs_set_kvm_masks(ArmIdRegs *r, const uint64_t *kvm_wmask);
/*
 * Record one -cpu property.  Only name and range are checked here; the
 * rules run in arm_idregs_realize() once every property is known, so the
 * order on the command line does not matter.
 */
bool arm_idregs_set_prop(ArmIdRegs *r, const char *prop, const char *value,
                         Error **errp);
/* Validate and apply the recorded overrides, register by register. */
bool arm_idregs_realize(ArmIdRegs *r, Error **errp);
/*
 * A later write of a whole register (monitor, migration): before the
 * guest started it goes through the same rules; afterwards only the value
 * already held is accepted.
 */
bool arm_idregs_write(ArmIdRegs *r, unsigned idx, uint64_t value,
                      Error **errp);
/* -cpu MODEL,help: one line per field with width, rule, limit, value. */
void arm_idregs_describe(const ArmIdRegs *r, GString *out);

/* ---- Field iteration, live writes (QMP, KVM) ---- */

/* The field table: @i from 0 while the result is not NULL. */
const ArmIdField *arm_idreg_field(size_t i);
/* "SYSREG_<REG>_<FIELD>" of @f (g_free it). */
char *arm_idfield_prop_name(const ArmIdField *f);
/* Is @f wholly inside the writable mask of @r? */
bool arm_idregs_field_writable(const ArmIdRegs *r, const ArmIdField *f);
/*
 * Change one field of a live register set, e.g. from the monitor or the
 * KVM glue.  The register with the field replaced goes through
 * arm_idregs_write(): before the guest started, every rule applies;
 * afterwards only the value already held is accepted (KVM's EBUSY),
 * with "ID register %s cannot be changed after the guest has started".
 */
bool arm_idregs_write_field(ArmIdRegs *r, const char *prop, uint64_t value,
                            Error **errp);
/*
 * Name the fields in which @v differs from the value held for register
 * @idx ("SYSREG_X_Y=0x1, ...", or the register bits when no field
 * describes them); for error messages.  g_free the result.
 */
char *arm_idregs_diff_fields(const ArmIdRegs *r, unsigned idx, uint64_t v);

#endif
