/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 stage-1 table walk (mmu.h has the model).  Field positions are
 * the Arm ARM's (VMSAv8-64, "Translation table descriptor formats" and
 * TCR_ELx); see docs/devel/arm-mmu.md.
 */
#include "qemu/osdep.h"
#include "mmu.h"
#include "qemu/bitops.h"

#define OA_MASK     0x0000fffffffff000ull   /* descriptor bits 47:12 */

/* The shape of one walk, derived from the TCR. */
typedef struct WalkParams {
    unsigned grain;         /* 12, 14 or 16 */
    unsigned inputsize;     /* 64 - TxSZ */
    unsigned outsize;       /* min(IPS/PS, implemented) */
    uint64_t ttbr;
    bool epd;               /* walks disabled for this range */
    bool tbi;
    bool upper;             /* TTBR1 range */
    bool two_ranges;
} WalkParams;

static unsigned mmu_ps_bits(unsigned ps, unsigned pa_bits)
{
    static const unsigned bits[8] = { 32, 36, 40, 42, 44, 48, 48, 48 };

    return MIN(bits[ps & 7], pa_bits);
}

/* TG0 encodes 4K/64K/16K as 0/1/2, TG1 as 2/3/1. */
static unsigned mmu_grain(unsigned tg, bool tg1)
{
    if (tg1) {
        return tg == 1 ? 14 : tg == 3 ? 16 : 12;
    }
    return tg == 1 ? 16 : tg == 2 ? 14 : 12;
}

static void mmu_params(const ArmMMURegime *r, uint64_t va, WalkParams *p)
{
    uint64_t tcr = r->tcr;
    unsigned txsz;

    memset(p, 0, sizeof(*p));
    p->two_ranges = r->kind == ARM_REGIME_EL10;
    if (p->two_ranges) {
        p->upper = extract64(va, 55, 1);
        p->tbi = extract64(tcr, p->upper ? 38 : 37, 1);
        p->epd = extract64(tcr, p->upper ? 23 : 7, 1);
        txsz = extract64(tcr, p->upper ? 16 : 0, 6);
        p->grain = mmu_grain(extract64(tcr, p->upper ? 30 : 14, 2),
                             p->upper);
        p->outsize = mmu_ps_bits(extract64(tcr, 32, 3), r->pa_bits);
        p->ttbr = p->upper ? r->ttbr1 : r->ttbr0;
    } else {
        p->tbi = extract64(tcr, 20, 1);
        txsz = extract64(tcr, 0, 6);
        p->grain = mmu_grain(extract64(tcr, 14, 2), false);
        p->outsize = mmu_ps_bits(extract64(tcr, 16, 3), r->pa_bits);
        p->ttbr = r->ttbr0;
    }
    /* v8.0: input sizes 25..48 bits; out-of-range TxSZ is clamped. */
    p->inputsize = 64 - MIN(MAX(txsz, 16u), 39u);
}

/* Are the bits above the input range all zeros (or ones for TTBR1)? */
static bool mmu_va_in_range(const WalkParams *p, uint64_t va)
{
    unsigned top = p->tbi ? 56 : 64;
    uint64_t hi = extract64(va, p->inputsize, top - p->inputsize);
    uint64_t ones = (1ull << (top - p->inputsize)) - 1;

    return p->upper ? hi == ones : hi == 0;
}

static bool mmu_fault(ArmMMUFault *f, unsigned fsc, int level, bool ptw)
{
    f->fsc = fsc + level;
    f->level = level;
    f->ptw = ptw;
    return false;
}

static bool mmu_block_allowed(unsigned grain, int level)
{
    return grain == 12 ? level == 1 || level == 2 : level == 2;
}

typedef struct Leaf {
    uint64_t desc;
    int level;
    unsigned shift;         /* size of the mapping */
    unsigned aptable, xntable, pxntable;
} Leaf;

/* Read the descriptor at @pa (little-endian tables). */
static uint64_t mmu_read_desc(AddressSpace *as, const ArmMMURegime *r,
                              hwaddr pa, MemTxResult *res)
{
    const void *host = r->ram_ptr ? r->ram_ptr(r->ram_opaque, pa, 8) : NULL;
    uint64_t d;

    if (host) {
        memcpy(&d, host, 8);
        *res = MEMTX_OK;
        return le64toh(d);
    }
    return address_space_ldq_le(as, pa, MEMTXATTRS_UNSPECIFIED, res);
}

/* Walk to the leaf descriptor of @va. */
static bool mmu_walk(AddressSpace *as, const ArmMMURegime *r,
                     const WalkParams *p, uint64_t va, Leaf *leaf,
                     ArmMMUFault *f)
{
    unsigned stride = p->grain - 3;
    int level = 4 - DIV_ROUND_UP(p->inputsize - p->grain, stride);
    unsigned shift = p->grain + stride * (3 - level);
    unsigned bits = p->inputsize - shift;
    uint64_t base = p->ttbr & 0x0000fffffffffffeull & ~((8ull << bits) - 1);

    memset(leaf, 0, sizeof(*leaf));
    if (base >> p->outsize) {
        return mmu_fault(f, ARM_FSC_ADDR_SIZE, level, false);
    }
    for (;; level++, shift -= stride, bits = stride) {
        uint64_t idx = extract64(va, shift, bits), d;
        MemTxResult res;

        d = mmu_read_desc(as, r, base + idx * 8, &res);
        if (res != MEMTX_OK) {
            return mmu_fault(f, ARM_FSC_EXTERNAL_PTW, level, true);
        }
        if (!(d & 1) || (level == 3 && !(d & 2)) ||
            (level < 3 && !(d & 2) && !mmu_block_allowed(p->grain, level))) {
            return mmu_fault(f, ARM_FSC_TRANSLATION, level, false);
        }
        if (level == 3 || !(d & 2)) {
            leaf->desc = d;
            leaf->level = level;
            leaf->shift = shift;
            return true;
        }
        base = d & OA_MASK & ~((1ull << p->grain) - 1);
        if (base >> p->outsize) {
            return mmu_fault(f, ARM_FSC_ADDR_SIZE, level, false);
        }
        leaf->aptable |= extract64(d, 61, 2);
        leaf->xntable |= extract64(d, 60, 1);
        leaf->pxntable |= extract64(d, 59, 1);
    }
}

/* Permissions of a leaf for EL0 and for the regime's own EL. */
static void mmu_perms(const ArmMMURegime *r, const Leaf *l, ArmTranslation *t)
{
    uint64_t d = l->desc;
    bool ap1 = extract64(d, 6, 1) && !(l->aptable & 1);
    bool ap2 = extract64(d, 7, 1) || (l->aptable & 2);
    bool wxn = extract64(r->sctlr, 19, 1);

    if (r->kind != ARM_REGIME_EL10) {
        bool xn = extract64(d, 54, 1) || l->xntable;

        t->perm_el0 = 0;
        t->perm_priv = ARM_PERM_R | (ap2 ? 0 : ARM_PERM_W);
        if (!xn && !(wxn && !ap2)) {
            t->perm_priv |= ARM_PERM_X;
        }
        return;
    }
    t->perm_el0 = ap1 ? ARM_PERM_R | (ap2 ? 0 : ARM_PERM_W) : 0;
    t->perm_priv = ARM_PERM_R | (ap2 ? 0 : ARM_PERM_W);
    if (!(extract64(d, 54, 1) || l->xntable) &&
        !(wxn && (t->perm_el0 & ARM_PERM_W))) {
        t->perm_el0 |= ARM_PERM_X;
    }
    /* EL1 never executes what EL0 may write. */
    if (!(extract64(d, 53, 1) || l->pxntable) &&
        !(t->perm_el0 & ARM_PERM_W) && !(wxn && !ap2)) {
        t->perm_priv |= ARM_PERM_X;
    }
}

static bool mmu_check(const ArmMMURegime *r, const ArmTranslation *t,
                      ArmAccess type, bool el0)
{
    static const uint8_t need[] = {
        [ARM_ACC_READ] = ARM_PERM_R, [ARM_ACC_WRITE] = ARM_PERM_W,
        [ARM_ACC_EXEC] = ARM_PERM_X,
    };
    uint8_t perm = el0 ? t->perm_el0 : t->perm_priv;

    /* PAN: EL1 data accesses to EL0-accessible memory fault. */
    if (!el0 && r->pan && type != ARM_ACC_EXEC && t->perm_el0) {
        return false;
    }
    return perm & need[type];
}

/* Translation with the MMU off: flat, device for data. */
static bool mmu_off(const ArmMMURegime *r, uint64_t va, ArmTranslation *t,
                    ArmMMUFault *f)
{
    if (va >> r->pa_bits) {
        return mmu_fault(f, ARM_FSC_ADDR_SIZE, 0, false);
    }
    t->pa = va;
    t->size_shift = 12;
    t->perm_el0 = t->perm_priv = ARM_PERM_R | ARM_PERM_W | ARM_PERM_X;
    t->attr = 0;
    t->global = true;
    return true;
}

bool arm_mmu_translate(AddressSpace *as, const ArmMMURegime *r, uint64_t va,
                       ArmAccess type, bool el0, ArmTranslation *t,
                       ArmMMUFault *f)
{
    WalkParams p;
    Leaf l;
    uint64_t oa;

    memset(t, 0, sizeof(*t));
    memset(f, 0, sizeof(*f));
    if (!(r->sctlr & 1)) {
        return mmu_off(r, va, t, f);
    }
    mmu_params(r, va, &p);
    if (!mmu_va_in_range(&p, va) || p.epd) {
        return mmu_fault(f, ARM_FSC_TRANSLATION, 0, false);
    }
    if (!mmu_walk(as, r, &p, va, &l, f)) {
        return false;
    }
    oa = l.desc & OA_MASK & ~((1ull << l.shift) - 1);
    if (oa >> p.outsize) {
        return mmu_fault(f, ARM_FSC_ADDR_SIZE, l.level, false);
    }
    if (!extract64(l.desc, 10, 1)) {
        return mmu_fault(f, ARM_FSC_ACCESS, l.level, false);
    }
    mmu_perms(r, &l, t);
    if (!mmu_check(r, t, type, el0)) {
        return mmu_fault(f, ARM_FSC_PERMISSION, l.level, false);
    }
    t->pa = oa | (va & ((1ull << l.shift) - 1));
    t->size_shift = l.shift;
    t->attr = r->mair >> (8 * extract64(l.desc, 2, 3));
    t->sh = extract64(l.desc, 8, 2);
    t->global = !p.two_ranges || !extract64(l.desc, 11, 1);
    if (!t->global) {
        uint64_t asid_reg = extract64(r->tcr, 22, 1) ? r->ttbr1 : r->ttbr0;

        t->asid = extract64(asid_reg, 48, extract64(r->tcr, 36, 1) ? 16 : 8);
    }
    return true;
}

uint64_t arm_mmu_par(bool ok, const ArmTranslation *t, const ArmMMUFault *f)
{
    if (!ok) {
        return 1 | ((uint64_t)(f->fsc & 0x3f) << 1) |
               ((uint64_t)f->ptw << 8);
    }
    return (t->pa & OA_MASK) | ((uint64_t)t->sh << 7) |
           ((uint64_t)t->attr << 56);
}
