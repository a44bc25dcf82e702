/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AArch64 stage-1 table walk (target/arm/mmu.c) on page tables built in
 * guest RAM: granules, levels, blocks, both ranges, permissions (AP,
 * APTable, UXN/PXN, WXN, PAN), the access flag, address size, MMU off,
 * EL2 single-range regime, ASIDs and PAR_EL1.
 */
#include "qemu/osdep.h"
#include "target/arm/mmu.h"

#define RAM_SIZE 0x100000

/* Leaf descriptor bits. */
#define D_PAGE      3ull
#define D_BLOCK     1ull
#define D_TABLE     3ull
#define D_AF        (1ull << 10)
#define D_AP_EL0    (1ull << 6)     /* AP[1] */
#define D_AP_RO     (1ull << 7)     /* AP[2] */
#define D_NG        (1ull << 11)
#define D_PXN       (1ull << 53)
#define D_UXN       (1ull << 54)
#define D_ATTR(i)   ((uint64_t)(i) << 2)
#define T_NO_EL0    (1ull << 61)    /* APTable[0] */

/* TCR_EL1: 4K granules both ranges, 48-bit VAs, 40-bit IPS. */
#define TCR_4K48    (16ull | (16ull << 16) | (2ull << 30) | (2ull << 32))

typedef struct Fixture {
    MemoryRegion sys, ram;
    AddressSpace as;
    uint8_t *host;
    uint64_t next_table;
    ArmMMURegime r;
} Fixture;

static Fixture *fx_new(void)
{
    Fixture *f = g_new0(Fixture, 1);

    f->host = g_malloc0(RAM_SIZE);
    memory_region_init(&f->sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&f->ram, NULL, "ram", RAM_SIZE, f->host);
    memory_region_add_subregion(&f->sys, 0, &f->ram);
    address_space_init(&f->as, &f->sys, "as");
    f->next_table = 0x2000;
    f->r.kind = ARM_REGIME_EL10;
    f->r.sctlr = 1;
    f->r.tcr = TCR_4K48;
    f->r.ttbr0 = 0x1000;
    f->r.ttbr1 = 0x1000;
    f->r.mair = 0xff44ull << 8;     /* index 1: 0x44, index 2: 0xff */
    f->r.pa_bits = 40;
    return f;
}

static void fx_free(Fixture *f)
{
    address_space_destroy(&f->as);
    memory_region_finalize(&f->sys);
    memory_region_finalize(&f->ram);
    g_free(f->host);
    g_free(f);
}

static uint64_t *slot(Fixture *f, uint64_t table, unsigned idx)
{
    return (uint64_t *)(f->host + table + idx * 8);
}

/*
 * 4K granule: install @leaf for @va at @level (1, 2 or 3) below the L0
 * table at 0x1000, creating tables as needed; @tbits go into every table
 * descriptor created on the way.
 */
static void map4k(Fixture *f, uint64_t va, int level, uint64_t leaf,
                  uint64_t tbits)
{
    uint64_t table = 0x1000;

    for (int l = 0; l < level; l++) {
        uint64_t *e = slot(f, table, (va >> (39 - 9 * l)) & 511);

        if (!*e) {
            *e = f->next_table | D_TABLE | tbits;
            f->next_table += 0x1000;
        }
        table = *e & 0xfffffffff000ull;
    }
    *slot(f, table, (va >> (39 - 9 * level)) & 511) = leaf;
}

static bool xlate(Fixture *f, uint64_t va, ArmAccess acc, bool el0,
                  ArmTranslation *t, ArmMMUFault *fault)
{
    return arm_mmu_translate(&f->as, &f->r, va, acc, el0, t, fault);
}

static void expect_fault(Fixture *f, uint64_t va, ArmAccess acc, bool el0,
                         unsigned fsc)
{
    ArmTranslation t;
    ArmMMUFault fault;

    g_assert_false(xlate(f, va, acc, el0, &t, &fault));
    g_assert_cmphex(fault.fsc, ==, fsc);
}

static void test_4k_levels(void)
{
    Fixture *f = fx_new();
    ArmTranslation t;
    ArmMMUFault fault;

    map4k(f, 0x40201000, 3, 0x80000 | D_PAGE | D_AF | D_AP_EL0 | D_ATTR(1),
          0);
    g_assert_true(xlate(f, 0x40201abc, ARM_ACC_WRITE, true, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x80abc);
    g_assert_cmpuint(t.size_shift, ==, 12);
    g_assert_cmphex(t.attr, ==, 0x44);
    g_assert_true(t.global);
    /* A 2 MiB block at level 2, EL1 only. */
    map4k(f, 0x40400000, 2, 0x200000 | D_BLOCK | D_AF | D_ATTR(2), 0);
    g_assert_true(xlate(f, 0x40412345, ARM_ACC_EXEC, false, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x212345);
    g_assert_cmpuint(t.size_shift, ==, 21);
    g_assert_cmphex(t.attr, ==, 0xff);
    expect_fault(f, 0x40412345, ARM_ACC_READ, true, ARM_FSC_PERMISSION + 2);
    /* A 1 GiB block at level 1. */
    map4k(f, 0x80000000, 1, 0x40000000 | D_BLOCK | D_AF, 0);
    g_assert_true(xlate(f, 0x80000010, ARM_ACC_READ, false, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x40000010);
    /* Missing entries fault at the level they are missing. */
    expect_fault(f, 0x40202000, ARM_ACC_READ, false,
                 ARM_FSC_TRANSLATION + 3);
    expect_fault(f, 0x40600000, ARM_ACC_READ, false,
                 ARM_FSC_TRANSLATION + 2);
    expect_fault(f, 0x8000000000ull, ARM_ACC_READ, false,
                 ARM_FSC_TRANSLATION + 0);
    /* Level-3 "block" encoding is reserved. */
    map4k(f, 0x40203000, 3, 0x81000 | D_BLOCK | D_AF, 0);
    expect_fault(f, 0x40203000, ARM_ACC_READ, false,
                 ARM_FSC_TRANSLATION + 3);
    /* Access flag clear. */
    map4k(f, 0x40204000, 3, 0x82000 | D_PAGE, 0);
    expect_fault(f, 0x40204000, ARM_ACC_READ, false, ARM_FSC_ACCESS + 3);
    fx_free(f);
}

static void test_ranges(void)
{
    Fixture *f = fx_new();
    ArmTranslation t;
    ArmMMUFault fault;
    uint64_t hi = 0xffff000040201000ull;

    map4k(f, hi, 3, 0x90000 | D_PAGE | D_AF, 0);
    g_assert_true(xlate(f, hi + 8, ARM_ACC_READ, false, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x90008);
    /* Neither all-zeros nor all-ones above bit 47. */
    expect_fault(f, 0x0001000040201000ull, ARM_ACC_READ, false,
                 ARM_FSC_TRANSLATION);
    expect_fault(f, 0xfeff000040201000ull, ARM_ACC_READ, false,
                 ARM_FSC_TRANSLATION);
    /* TBI1 ignores the top byte. */
    f->r.tcr |= 1ull << 38;
    g_assert_true(xlate(f, 0x5aff000040201000ull, ARM_ACC_READ, false, &t,
                        &fault));
    /* EPD1 disables walks for the upper range. */
    f->r.tcr |= 1ull << 23;
    expect_fault(f, hi, ARM_ACC_READ, false, ARM_FSC_TRANSLATION);
    fx_free(f);
}

static void test_permissions(void)
{
    Fixture *f = fx_new();
    ArmTranslation t;
    ArmMMUFault fault;

    /* EL0-writable: EL1 may not execute it; EL0 may (UXN clear). */
    map4k(f, 0x1000000, 3, 0xa0000 | D_PAGE | D_AF | D_AP_EL0, 0);
    g_assert_true(xlate(f, 0x1000000, ARM_ACC_EXEC, true, &t, &fault));
    expect_fault(f, 0x1000000, ARM_ACC_EXEC, false, ARM_FSC_PERMISSION + 3);
    /* Read-only everywhere, UXN. */
    map4k(f, 0x1001000, 3, 0xa1000 | D_PAGE | D_AF | D_AP_EL0 | D_AP_RO |
          D_UXN, 0);
    g_assert_true(xlate(f, 0x1001000, ARM_ACC_READ, true, &t, &fault));
    expect_fault(f, 0x1001000, ARM_ACC_WRITE, true, ARM_FSC_PERMISSION + 3);
    expect_fault(f, 0x1001000, ARM_ACC_WRITE, false, ARM_FSC_PERMISSION + 3);
    expect_fault(f, 0x1001000, ARM_ACC_EXEC, true, ARM_FSC_PERMISSION + 3);
    g_assert_true(xlate(f, 0x1001000, ARM_ACC_EXEC, false, &t, &fault));
    /* PAN: EL1 data access to EL0 memory faults; fetches do not. */
    f->r.pan = true;
    expect_fault(f, 0x1001000, ARM_ACC_READ, false, ARM_FSC_PERMISSION + 3);
    g_assert_true(xlate(f, 0x1001000, ARM_ACC_EXEC, false, &t, &fault));
    f->r.pan = false;
    /* WXN: writable means not executable. */
    map4k(f, 0x1002000, 3, 0xa2000 | D_PAGE | D_AF, 0);
    g_assert_true(xlate(f, 0x1002000, ARM_ACC_EXEC, false, &t, &fault));
    f->r.sctlr |= 1ull << 19;
    expect_fault(f, 0x1002000, ARM_ACC_EXEC, false, ARM_FSC_PERMISSION + 3);
    fx_free(f);

    /* APTable[0] on the level-1 table removes EL0 access below it. */
    f = fx_new();
    map4k(f, 0x40201000, 3, 0x80000 | D_PAGE | D_AF | D_AP_EL0, T_NO_EL0);
    expect_fault(f, 0x40201000, ARM_ACC_READ, true, ARM_FSC_PERMISSION + 3);
    g_assert_true(xlate(f, 0x40201000, ARM_ACC_WRITE, false, &t, &fault));
    fx_free(f);
}

static void test_addr_size_and_off(void)
{
    Fixture *f = fx_new();
    ArmTranslation t;
    ArmMMUFault fault;

    /* IPS = 32 bits: a leaf above 4 GiB is an address size fault. */
    f->r.tcr &= ~(7ull << 32);
    map4k(f, 0x40201000, 3, 0x100000000ull | D_PAGE | D_AF, 0);
    expect_fault(f, 0x40201000, ARM_ACC_READ, false, ARM_FSC_ADDR_SIZE + 3);
    /* A walk into nothing is an external abort on the walk. */
    f->r.ttbr0 = 0x10000000;
    g_assert_false(xlate(f, 0x1000, ARM_ACC_READ, false, &t, &fault));
    g_assert_cmphex(fault.fsc, ==, ARM_FSC_EXTERNAL_PTW);
    g_assert_true(fault.ptw);
    /* MMU off: flat, up to the physical size. */
    f->r.sctlr = 0;
    g_assert_true(xlate(f, 0x1234, ARM_ACC_EXEC, true, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x1234);
    expect_fault(f, 1ull << 40, ARM_ACC_READ, false, ARM_FSC_ADDR_SIZE);
    fx_free(f);
}

static void test_other_granules(void)
{
    Fixture *f = fx_new();
    ArmTranslation t;
    ArmMMUFault fault;

    /* 64K granule, 42-bit VA: the walk starts at level 2. */
    f->r.tcr = 22 | (1ull << 14) | (2ull << 32);
    f->r.ttbr0 = 0x10000;
    *slot(f, 0x10000, 0) = 0x20000 | D_TABLE;
    *slot(f, 0x20000, 1) = 0x30000 | D_PAGE | D_AF;
    g_assert_true(xlate(f, 0x1fffe, ARM_ACC_READ, false, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x3fffe);
    g_assert_cmpuint(t.size_shift, ==, 16);
    /* 16K granule, 36-bit VA: level 2 start, 32 MiB blocks at level 2. */
    f->r.tcr = 28 | (2ull << 14) | (2ull << 32);
    f->r.ttbr0 = 0x40000;
    *slot(f, 0x40000, 0) = 0x44000 | D_TABLE;
    *slot(f, 0x44000, 1) = 0x48000 | D_PAGE | D_AF;
    *slot(f, 0x40000, 1) = 0x2000000 | D_BLOCK | D_AF;
    g_assert_true(xlate(f, 0x4010, ARM_ACC_READ, false, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x48010);
    g_assert_true(xlate(f, 0x2000020, ARM_ACC_READ, false, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x2000020);
    g_assert_cmpuint(t.size_shift, ==, 25);
    fx_free(f);
}

static void test_el2_asid_par(void)
{
    Fixture *f = fx_new();
    ArmTranslation t;
    ArmMMUFault fault;
    uint64_t par;

    map4k(f, 0x40201000, 3, 0x80000 | D_PAGE | D_AF | D_NG | D_ATTR(1) |
          (3ull << 8), 0);
    /* nG: tagged with TTBR0's ASID (8-bit: TCR.AS clear). */
    f->r.ttbr0 |= 0x1234ull << 48;
    g_assert_true(xlate(f, 0x40201000, ARM_ACC_READ, false, &t, &fault));
    g_assert_false(t.global);
    g_assert_cmphex(t.asid, ==, 0x34);
    f->r.tcr |= 1ull << 36;
    g_assert_true(xlate(f, 0x40201000, ARM_ACC_READ, false, &t, &fault));
    g_assert_cmphex(t.asid, ==, 0x1234);
    par = arm_mmu_par(true, &t, &fault);
    g_assert_cmphex(par, ==, (0x44ull << 56) | 0x80000 | (3 << 7));
    g_assert_false(xlate(f, 0x40202000, ARM_ACC_READ, false, &t, &fault));
    par = arm_mmu_par(false, &t, &fault);
    g_assert_cmphex(par, ==, 1 | (0x07 << 1));
    /* EL2: one range (TTBR0_EL2), no EL0 permissions, global. */
    f->r.kind = ARM_REGIME_EL2;
    f->r.ttbr0 = 0x1000;
    f->r.tcr = 16 | (2ull << 16);
    g_assert_true(xlate(f, 0x40201000, ARM_ACC_WRITE, false, &t, &fault));
    g_assert_cmphex(t.pa, ==, 0x80000);
    g_assert_cmpuint(t.perm_el0, ==, 0);
    g_assert_true(t.global);
    fx_free(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/arm-mmu/4k-levels", test_4k_levels);
    g_test_add_func("/arm-mmu/ranges", test_ranges);
    g_test_add_func("/arm-mmu/permissions", test_permissions);
    g_test_add_func("/arm-mmu/addr-size-and-off", test_addr_size_and_off);
    g_test_add_func("/arm-mmu/other-granules", test_other_granules);
    g_test_add_func("/arm-mmu/el2-asid-par", test_el2_asid_par);
    return g_test_run();
}
