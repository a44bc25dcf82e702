/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 stage-1 translation (VMSAv8-64): the table walk of one
 * translation regime, permissions, and the fault it reports.
 *
 * The caller (the system-mode engine's soft-TLB refill, AT instructions)
 * passes the regime's registers as plain values; descriptors are read
 * from the machine's physical address space.  4K, 16K and 64K granules,
 * 25- to 48-bit input ranges, TTBR0/TTBR1 selection with top-byte ignore,
 * hierarchical APTable/XNTable/PXNTable, AP/UXN/PXN/WXN/PAN, the access
 * flag, address size checks against the output size, and MAIR
 * attributes.  Not modelled (our CPU models do not advertise them):
 * hardware access/dirty flag updates, 52-bit addresses, big-endian
 * tables, stage 2.
 */
#ifndef TARGET_ARM_MMU_H
#define TARGET_ARM_MMU_H

#include "system/memory.h"

/* Which regime: EL1&0 has two ranges and EL0 permissions; EL2/EL3 one. */
typedef enum ArmMMURegimeKind {
    ARM_REGIME_EL10,
    ARM_REGIME_EL2,     /* non-VHE EL2 (TCR_EL2 layout) */
    ARM_REGIME_EL3,
} ArmMMURegimeKind;

typedef struct ArmMMURegime {
    ArmMMURegimeKind kind;
    uint64_t sctlr;
    uint64_t tcr;
    uint64_t ttbr0;
    uint64_t ttbr1;         /* EL1&0 only */
    uint64_t mair;
    unsigned pa_bits;       /* ID_AA64MMFR0.PARange as bits (32..48) */
    bool pan;               /* PSTATE.PAN (EL1&0) */
    /*
     * Optional (NULL: descriptors are read through the address space):
     * the host address of guest RAM [@pa, @pa + @len), or NULL when it
     * is not RAM.  The system-mode CPU passes its soft TLB's cached RAM
     * range, so a walk costs no address-space lookups.
     */
    const void *(*ram_ptr)(void *opaque, hwaddr pa, hwaddr len);
    void *ram_opaque;
} ArmMMURegime;

typedef enum ArmAccess {
    ARM_ACC_READ,
    ARM_ACC_WRITE,
    ARM_ACC_EXEC,
} ArmAccess;

/* Permission bits of a translation, per exception level class. */
#define ARM_PERM_R      1
#define ARM_PERM_W      2
#define ARM_PERM_X      4

typedef struct ArmTranslation {
    uint64_t pa;            /* of the accessed byte */
    unsigned size_shift;    /* log2 of the mapping (page or block) */
    uint8_t perm_el0;       /* ARM_PERM_*; 0 for EL2/EL3 regimes */
    uint8_t perm_priv;      /* the regime's own EL */
    uint8_t attr;           /* MAIR attribute byte */
    uint8_t sh;             /* shareability */
    bool global;            /* !nG */
    uint16_t asid;          /* when !global */
} ArmTranslation;

/* Fault status codes (DFSC/IFSC) used by stage 1; add the level. */
#define ARM_FSC_ADDR_SIZE   0x00
#define ARM_FSC_TRANSLATION 0x04
#define ARM_FSC_ACCESS      0x08
#define ARM_FSC_PERMISSION  0x0c
#define ARM_FSC_EXTERNAL_PTW 0x14   /* synchronous external, on a walk */

typedef struct ArmMMUFault {
    unsigned fsc;           /* including the level */
    int level;
    bool ptw;               /* the fault is on a table walk access */
} ArmMMUFault;

/*
 * Translate @va for an access of @type at EL0 (@el0) or the regime's EL.
 * true: *@t filled.  false: *@f says why (the permission check against
 * @type is part of the translation, as for a real access).
 */
bool arm_mmu_translate(AddressSpace *as, const ArmMMURegime *r, uint64_t va,
                       ArmAccess type, bool el0, ArmTranslation *t,
                       ArmMMUFault *f);

/* PAR_EL1 as an AT instruction leaves it. */
uint64_t arm_mmu_par(bool ok, const ArmTranslation *t, const ArmMMUFault *f);

#endif
