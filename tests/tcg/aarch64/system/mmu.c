/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stage-1 MMU at EL1, for every granule the CPU implements (4K, 16K, 64K:
 * ID_AA64MMFR0_EL1) and 39, 42 and 48-bit virtual addresses: page and
 * block mappings through TTBR0 and TTBR1, AT S1E1R and PAR_EL1, read-only
 * pages, the access flag, PXN, UXN and EL0 permissions, TLBI after a
 * remap, and ASID-tagged translations.  Each configuration builds its
 * tables from scratch with an identity map of RAM and the devices.
 */

#define RAM_BASE    0x40000000ull
#define OA_MASK     0x0000fffffffff000ull
#define TVA         (1ull << 38)        /* TTBR0 test pages */
#define TVA_BLK     (1ull << 37)        /* TTBR0 block mapping of RAM */

#define D_AF        (1ull << 10)
#define D_NG        (1ull << 11)
#define D_SH_INNER  (3ull << 8)
#define D_NORMAL    ((1ull << 2) | D_SH_INNER)
#define D_DEVICE    (0ull << 2)
#define D_AP_EL0    (1ull << 6)
#define D_AP_RO     (2ull << 6)
#define D_PXN       (1ull << 53)
#define D_UXN       (1ull << 54)

#define INSN_MOV_X0_77  0xd2800ee0u
#define INSN_RET        0xd65f03c0u
#define INSN_SVC0       0xd4000001u
#define INSN_B_SELF     0x14000000u
#define INSN_LDR_X1_X0  0xf9400001u

typedef struct Gran {
    const char *name;
    unsigned shift;
    unsigned tg0, tg1;
} Gran;

static const Gran grans[] = {
    { "4K", 12, 0, 2 }, { "16K", 14, 2, 1 }, { "64K", 16, 1, 3 },
};

typedef struct Cfg {
    const Gran *g;
    unsigned va_bits;
    int start;                  /* level of the top table */
    char name[24];
} Cfg;

static uint8_t pool[2 << 20] __attribute__((aligned(65536)));
static size_t pool_used;
/* pages[0..2]: data with markers; pages[3]: code */
static uint8_t pages[4][65536] __attribute__((aligned(65536)));
static volatile uint64_t marker_var = 0x5eed0fca11ab1e00ull;

static struct {
    int count;
    int kind;
    uint64_t esr, far, elr, x0;
} volatile seen;

static bool hook(ExcFrame *f, int kind)
{
    seen.count++;
    seen.kind = kind;
    seen.esr = f->esr;
    seen.far = f->far;
    seen.elr = f->elr;
    seen.x0 = f->x[0];
    if (kind == EXC_LOWER_SYNC) {
        rt_lower_return(f, f->esr);
    } else if (kind == EXC_CUR_SYNC && ESR_EC(f->esr) == EC_IABT_CUR) {
        f->elr = f->x[30];
    } else if (kind == EXC_CUR_SYNC) {
        f->elr += 4;
    } else {
        return false;
    }
    return true;
}

static unsigned level_shift(const Cfg *c, int level)
{
    return c->g->shift + (3 - level) * (c->g->shift - 3);
}

static unsigned level_entries(const Cfg *c, int level)
{
    unsigned bits = c->g->shift - 3;

    if (level == c->start) {
        bits = c->va_bits - level_shift(c, level);
    }
    return 1u << bits;
}

static uint64_t *table_alloc(const Cfg *c)
{
    size_t size = 1ull << c->g->shift;
    uint64_t *t = (uint64_t *)(pool + pool_used);

    if (pool_used + size > sizeof(pool)) {
        rt_bail("page-table pool exhausted");
    }
    pool_used += size;
    memset(t, 0, size);
    return t;
}

static bool block_ok(const Cfg *c, int level)
{
    return level == 2 || (level == 1 && c->g->shift == 12);
}

/* The descriptor that maps va (allocating tables down to @level). */
static uint64_t *pte_at(const Cfg *c, uint64_t *root, uint64_t va,
                        int level)
{
    uint64_t *t = root;

    for (int l = c->start; ; l++) {
        unsigned idx = (va >> level_shift(c, l)) & (level_entries(c, l) - 1);

        if (l == level) {
            return &t[idx];
        }
        if ((t[idx] & 3) != 3) {
            t[idx] = (uint64_t)table_alloc(c) | 3;
        }
        t = (uint64_t *)(t[idx] & OA_MASK & ~((1ull << c->g->shift) - 1));
    }
}

static void map(const Cfg *c, uint64_t *root, uint64_t va, uint64_t pa,
                uint64_t size, uint64_t attr)
{
    while (size) {
        int level = c->g->shift == 12 ? 1 : 2;
        uint64_t step;

        if (level < c->start) {
            level = c->start;
        }

        for (; level < 3; level++) {
            step = 1ull << level_shift(c, level);
            if (level >= c->start && block_ok(c, level) &&
                !(va & (step - 1)) && !(pa & (step - 1)) && size >= step) {
                break;
            }
        }
        step = 1ull << level_shift(c, level);
        *pte_at(c, root, va, level) = pa | attr | D_AF | (level == 3 ? 3 : 1);
        va += step;
        pa += step;
        size -= step;
    }
}

static void flush_va(uint64_t va)
{
    __asm__ volatile("dsb ishst\n tlbi vaae1is, %0\n dsb ish\n isb"
                     : : "r"(va >> 12) : "memory");
}

static uint64_t at_s1e1r(uint64_t va)
{
    __asm__ volatile("at s1e1r, %0\n isb" : : "r"(va) : "memory");
    return read_sysreg(par_el1);
}

static void mmu_off(void)
{
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~1ull);
    isb();
}

static uint64_t *build_ttbr0(const Cfg *c, int data_page)
{
    uint64_t *root = table_alloc(c);
    uint64_t gsize = 1ull << c->g->shift;

    map(c, root, RAM_BASE, RAM_BASE, 0x40000000, D_NORMAL);
    map(c, root, 0x08000000, 0x08000000, 0x02000000,
        D_DEVICE | D_PXN | D_UXN);
    map(c, root, TVA, (uint64_t)pages[data_page], gsize, D_NORMAL | D_NG);
    return root;
}

static void mmu_on(const Cfg *c, uint64_t *root0, uint64_t *root1)
{
    uint64_t tcr, mmfr0 = read_sysreg(id_aa64mmfr0_el1);

    tcr = (64 - c->va_bits) | (1 << 8) | (1 << 10) | (3 << 12) |
          ((uint64_t)c->g->tg0 << 14) |
          ((uint64_t)(64 - c->va_bits) << 16) | (1 << 24) | (1 << 26) |
          (3ull << 28) | ((uint64_t)c->g->tg1 << 30) | (1ull << 32);
    if (((mmfr0 >> 4) & 0xf) == 2) {
        tcr |= 1ull << 36;                      /* 16-bit ASIDs */
    }
    write_sysreg(mair_el1, 0xff00);
    write_sysreg(tcr_el1, tcr);
    write_sysreg(ttbr0_el1, (uint64_t)root0 | (1ull << 48));
    write_sysreg(ttbr1_el1, (uint64_t)root1);
    isb();
    __asm__ volatile("tlbi vmalle1\n dsb nsh\n isb" ::: "memory");
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1 | (1 << 2) |
                 (1 << 12));
    isb();
}

static void put_code(uint32_t *p, const uint32_t *insns, int n)
{
    for (int i = 0; i < n; i++) {
        p[i] = insns[i];
    }
    for (int i = 0; i < n; i++) {
        __asm__ volatile("dc cvau, %0" : : "r"(&p[i]) : "memory");
    }
    __asm__ volatile("dsb ish\n ic iallu\n dsb ish\n isb" ::: "memory");
}

static uint64_t call_at(uint64_t va)
{
    register uint64_t x0 __asm__("x0") = 0;

    __asm__ volatile("blr %1" : "+r"(x0) : "r"(va)
                     : "x30", "memory");
    return x0;
}

static uint64_t rd64(uint64_t va)
{
    return *(volatile uint64_t *)va;
}

/* Fault and permission checks on pages next to TVA. */
static void check_permissions(const Cfg *c, uint64_t *root0)
{
    uint64_t gsize = 1ull << c->g->shift;
    uint64_t ro = TVA + gsize, noaf = TVA + 2 * gsize, x = TVA + 3 * gsize;
    uint64_t *pte;
    uint64_t v;

    map(c, root0, ro, (uint64_t)pages[1], gsize, D_NORMAL | D_AP_RO);
    map(c, root0, x, (uint64_t)pages[3], gsize, D_NORMAL | D_PXN);
    pte = pte_at(c, root0, noaf, 3);
    *pte = (uint64_t)pages[1] | D_NORMAL | 3;   /* AF clear */
    dsb(ish);

    seen.count = 0;
    v = rd64(ro);
    ok(seen.count == 0 && v == 0xa1 - 8,
       "%s: read of a read-only page", c->name);
    *(volatile uint64_t *)ro = 1;
    ok(seen.count == 1 && ESR_EC(seen.esr) == EC_DABT_CUR,
       "%s: write to a read-only page: data abort", c->name);
    check_eq(seen.esr & 0x7f, 0x4f, "%s: permission fault L3, WnR",
             c->name);
    check_eq(seen.far, ro, "%s: permission fault FAR", c->name);

    seen.count = 0;
    (void)rd64(noaf + 0x18);
    check_eq(seen.esr & 0x7f, 0x0b, "%s: access flag fault L3 on read",
             c->name);
    check_eq(seen.far, noaf + 0x18, "%s: access flag fault FAR", c->name);

    seen.count = 0;
    v = call_at(x);
    check_eq(ESR_EC(seen.esr), EC_IABT_CUR, "%s: PXN: instruction abort",
             c->name);
    check_eq(seen.esr & 0x3f, 0x0f, "%s: PXN: permission fault L3",
             c->name);
    check_eq(seen.far, x, "%s: PXN: FAR", c->name);
    *pte_at(c, root0, x, 3) &= ~D_PXN;
    flush_va(x);
    seen.count = 0;
    v = call_at(x);
    ok(seen.count == 0 && v == 0x77,
       "%s: PXN cleared + TLBI: the code runs", c->name);
}

static void check_el0(const Cfg *c, uint64_t *root0)
{
    uint64_t gsize = 1ull << c->g->shift;
    uint64_t u = TVA + 4 * gsize, esr;

    map(c, root0, u, (uint64_t)pages[3], gsize,
        D_NORMAL | D_AP_EL0 | D_AP_RO | D_PXN);
    dsb(ish);
    seen.count = 0;
    esr = rt_lower_call(u + 0x100, 0, 0, 0);
    ok(ESR_EC(esr) == EC_SVC64 && seen.x0 == 0x77,
       "%s: EL0 runs code from a user page", c->name);
    esr = rt_lower_call(u + 0x200, 0, TVA, 0);
    check_eq(ESR_EC(esr), EC_DABT_LOWER, "%s: EL0 load from a kernel page: "
             "data abort from EL0", c->name);
    check_eq(esr & 0x3f, 0x0f, "%s: EL0 load: permission fault L3",
             c->name);
    check_eq(seen.far, TVA, "%s: EL0 load: FAR", c->name);
    *pte_at(c, root0, u, 3) |= D_UXN;
    flush_va(u);
    esr = rt_lower_call(u + 0x100, 0, 0, 0);
    check_eq(ESR_EC(esr), EC_IABT_LOWER, "%s: UXN: instruction abort from "
             "EL0", c->name);
    check_eq(esr & 0x3f, 0x0f, "%s: UXN: permission fault L3", c->name);
    check_eq(seen.far, u + 0x100, "%s: UXN: FAR", c->name);
}

static void check_config(Cfg *c)
{
    uint64_t gsize = 1ull << c->g->shift, bsize, par, hi, *root0, *root1;
    uint64_t *rootb;
    uint64_t mvar = (uint64_t)&marker_var;

    pool_used = 0;
    root0 = build_ttbr0(c, 0);
    rootb = build_ttbr0(c, 2);
    root1 = table_alloc(c);
    hi = ~0ull << c->va_bits;
    map(c, root1, hi, (uint64_t)pages[0], gsize, D_NORMAL);
    bsize = 1ull << level_shift(c, 2);
    map(c, root0, TVA_BLK, RAM_BASE, bsize, D_NORMAL);
    mmu_on(c, root0, root1);

    ok(marker_var == 0x5eed0fca11ab1e00ull, "%s: MMU on, identity map",
       c->name);
    check_eq(rd64(TVA + 8), 0xa0, "%s: TTBR0 page mapping", c->name);
    *(volatile uint64_t *)(TVA + 16) = 0x1234;
    check_eq(*(volatile uint64_t *)(pages[0] + 16), 0x1234,
             "%s: write through the mapping reaches the page", c->name);
    check_eq(rd64(TVA_BLK + (mvar - RAM_BASE)), marker_var,
             "%s: block mapping (%lu KiB)", c->name, bsize >> 10);
    check_eq(rd64(hi + 8), 0xa0, "%s: TTBR1 mapping at 0x%lx", c->name,
             hi);
    par = at_s1e1r(TVA + 0x28);
    check_eq(par & 1, 0, "%s: AT S1E1R mapped: PAR.F = 0", c->name);
    check_eq(par & OA_MASK, (uint64_t)pages[0], "%s: AT: PAR.PA", c->name);
    par = at_s1e1r(hi);
    check_eq(par & (OA_MASK | 1), (uint64_t)pages[0],
             "%s: AT S1E1R through TTBR1", c->name);
    par = at_s1e1r(TVA + 16 * gsize);
    check_eq(par & 0x7f, 0x0f, "%s: AT unmapped: PAR.F, translation "
             "fault L3", c->name);
    par = at_s1e1r(1ull << c->va_bits);
    check_eq(par & 0x7f, 0x09, "%s: AT outside both VA ranges: "
             "translation fault L0", c->name);

    check_permissions(c, root0);
    check_el0(c, root0);

    /* remap TVA to another page: TLBI makes the new mapping visible */
    *pte_at(c, root0, TVA, 3) = (uint64_t)pages[1] | D_NORMAL | D_NG |
                                D_AF | 3;
    __asm__ volatile("dsb ishst\n tlbi vae1is, %0\n dsb ish\n isb"
                     : : "r"((TVA >> 12) | (1ull << 48)) : "memory");
    check_eq(rd64(TVA + 8), 0xa1, "%s: remap + TLBI VAE1IS", c->name);
    write_sysreg(ttbr0_el1, (uint64_t)rootb | (2ull << 48));
    isb();
    check_eq(rd64(TVA + 8), 0xa2, "%s: ASID 2 tables", c->name);
    write_sysreg(ttbr0_el1, (uint64_t)root0 | (1ull << 48));
    isb();
    check_eq(rd64(TVA + 8), 0xa1, "%s: back to ASID 1", c->name);
    *pte_at(c, root0, TVA, 3) = (uint64_t)pages[0] | D_NORMAL | D_NG |
                                D_AF | 3;
    __asm__ volatile("dsb ishst\n tlbi aside1is, %0\n dsb ish\n isb"
                     : : "r"(1ull << 48) : "memory");
    check_eq(rd64(TVA + 8), 0xa0, "%s: remap + TLBI ASIDE1IS", c->name);
    mmu_off();
}

static bool gran_supported(const Gran *g)
{
    uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);

    switch (g->shift) {
    case 12:
        return ((mmfr0 >> 28) & 0xf) != 0xf;
    case 14:
        return ((mmfr0 >> 20) & 0xf) != 0;
    default:
        return ((mmfr0 >> 24) & 0xf) != 0xf;
    }
}

void test_main(void)
{
    static const unsigned vas[] = { 39, 42, 48 };
    static const uint32_t code[] = {
        INSN_MOV_X0_77, INSN_RET,
    };
    static const uint32_t el0_code[] = { INSN_MOV_X0_77, INSN_SVC0,
                                         INSN_B_SELF };
    static const uint32_t el0_load[] = { INSN_LDR_X1_X0, INSN_SVC0,
                                         INSN_B_SELF };

    rt_set_hook(hook);
    for (int i = 0; i < 3; i++) {
        for (int off = 0; off < 65536; off += 8) {
            *(uint64_t *)(pages[i] + off) = 0xa0 + i + off - 8;
        }
    }
    put_code((uint32_t *)pages[3], code, 2);
    put_code((uint32_t *)(pages[3] + 0x100), el0_code, 3);
    put_code((uint32_t *)(pages[3] + 0x200), el0_load, 3);
    for (unsigned g = 0; g < 3; g++) {
        for (unsigned v = 0; v < 3; v++) {
            Cfg c = { .g = &grans[g], .va_bits = vas[v] };
            rt_snprintf(c.name, sizeof(c.name), "%s/%u-bit",
                        grans[g].name, vas[v]);
            if (!gran_supported(&grans[g])) {
                skip("granule not implemented (ID_AA64MMFR0_EL1)",
                     "%s granule", c.name);
                continue;
            }
            c.start = 3 - (int)((vas[v] - grans[g].shift - 1) /
                                (grans[g].shift - 3));
            check_config(&c);
        }
    }
}
