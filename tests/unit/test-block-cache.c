/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the CPU engines' shared caches: the decoded-block cache
 * (open-addressed tables, per-page lists, jump cache and its per-page
 * forgetting) and the soft TLB's page flush of larger mappings and its
 * cached RAM range.
 */
#include "qemu/osdep.h"
#include "accel/tcg/block-cache.h"
#include "accel/tcg/soft-tlb.h"

#define N_BLOCKS 5000
#define RAM_SIZE (4u << 20)

/* A block at @pc / @phys_pc (one page), as an engine would insert it. */
static DecodedBlock *make_block(BlockCache *c, vaddr pc, hwaddr phys_pc,
                                uint32_t flags)
{
    DecodedBlock *b = block_cache_alloc(16);

    b->pc = pc;
    b->phys_pc = phys_pc;
    b->flags = flags;
    b->n_insns = 1;
    b->size = 4;
    block_cache_insert(c, b);
    return b;
}

/* Lookups after growth, and page invalidation against a reference. */
static void test_table(void)
{
    BlockCache c;
    DecodedBlock **ref = g_new0(DecodedBlock *, N_BLOCKS);
    GRand *rng = g_rand_new_with_seed(7);

    block_cache_init(&c);
    for (unsigned i = 0; i < N_BLOCKS; i++) {
        /* 8 blocks a page over 625 pages, two flag values */
        ref[i] = make_block(&c, 0x400000 + i * 0x200ull,
                            0x80000000 + i * 0x200ull, i & 1);
    }
    g_assert_cmpuint(block_cache_live(&c), ==, N_BLOCKS);
    for (unsigned round = 0; round < 200; round++) {
        unsigned page = g_rand_int_range(rng, 0, N_BLOCKS / 8);
        hwaddr pa = 0x80000000 + page * 0x1000ull;
        unsigned expect = 0;

        for (unsigned i = page * 8; i < page * 8 + 8; i++) {
            expect += ref[i] != NULL;
            ref[i] = NULL;
        }
        g_assert_cmpuint(block_cache_page_has_code(&c, pa), ==, expect > 0);
        g_assert_cmpuint(block_cache_invalidate_page(&c, pa), ==, expect);
        g_assert_false(block_cache_page_has_code(&c, pa));
    }
    for (unsigned i = 0; i < N_BLOCKS; i++) {
        DecodedBlock *b = block_cache_lookup(&c, 0x80000000 + i * 0x200ull,
                                             0x400000 + i * 0x200ull, i & 1);

        g_assert_true(b == ref[i]);
        /* same PCs, other flags: never found */
        g_assert_null(block_cache_lookup(&c, 0x80000000 + i * 0x200ull,
                                         0x400000 + i * 0x200ull,
                                         (i & 1) ^ 1));
    }
    block_cache_reap(&c);
    block_cache_invalidate_all(&c);
    g_assert_cmpuint(block_cache_live(&c), ==, 0);
    g_assert_null(block_cache_lookup(&c, 0x80000000, 0x400000, 0));
    block_cache_destroy(&c);
    g_rand_free(rng);
    g_free(ref);
}

/* Forgetting one virtual page keeps every other page's jump-cache slots. */
static void test_unchain_page(void)
{
    BlockCache c;
    DecodedBlock *a, *b, *d;

    block_cache_init(&c);
    block_cache_set_jmp_bits(&c, 14);
    a = make_block(&c, 0xffff800008001000ull, 0x40001000, 1);
    b = make_block(&c, 0xffff800008001040ull, 0x40001040, 1);
    d = make_block(&c, 0xffff800008002000ull, 0x40002000, 1);
    g_assert_true(block_cache_lookup_fast(&c, a->pc, 1) == a);
    g_assert_true(block_cache_lookup_fast(&c, d->pc, 1) == d);
    g_assert_null(block_cache_lookup_fast(&c, a->pc, 0));

    /* a page nothing came from: nothing goes */
    block_cache_unchain_page(&c, 0xffff800008005000ull);
    g_assert_true(block_cache_lookup_fast(&c, a->pc, 1) == a);

    block_cache_unchain_page(&c, 0xffff800008001ff8ull);
    g_assert_null(block_cache_lookup_fast(&c, a->pc, 1));
    g_assert_null(block_cache_lookup_fast(&c, b->pc, 1));
    g_assert_true(block_cache_lookup_fast(&c, d->pc, 1) == d);
    /* still cached by physical address, back in the jump cache */
    g_assert_true(block_cache_lookup(&c, a->phys_pc, a->pc, 1) == a);
    g_assert_true(block_cache_lookup_fast(&c, a->pc, 1) == a);

    block_cache_unchain_all(&c);
    g_assert_null(block_cache_lookup_fast(&c, d->pc, 1));
    block_cache_destroy(&c);
}

/* ---- soft TLB ---- */

typedef struct TLBFixture {
    MemoryRegion sys, ram, mmio;
    AddressSpace as;
    uint8_t *host;
    SoftTLB tlb;
    unsigned fills;
} TLBFixture;

static uint64_t fx_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0x5a;
}

static void fx_mmio_write(void *opaque, hwaddr addr, uint64_t val,
                          unsigned size)
{
}

static const MemoryRegionOps fx_mmio_ops = {
    .read = fx_mmio_read,
    .write = fx_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

/*
 * VA 0x40000000 + x maps PA x (RAM) in 2 MiB blocks; VA 0x80000000 + x
 * maps PA x in pages; VA 0xc0000000 is the device.
 */
static bool fx_fill(void *opaque, vaddr addr, SoftTLBAccess access,
                    int mmu_idx, SoftTLBFill *out, uintptr_t ra)
{
    TLBFixture *f = opaque;

    f->fills++;
    out->can_read = out->can_write = out->can_exec = true;
    if (addr >= 0xc0000000) {
        out->paddr = RAM_SIZE;
    } else if (addr >= 0x80000000) {
        out->paddr = addr - 0x80000000;
    } else {
        out->paddr = addr - 0x40000000;
        out->size_shift = 21;
    }
    return true;
}

static const SoftTLBOps fx_tlb_ops = {
    .fill = fx_fill,
};

static TLBFixture *tlb_fx_new(void)
{
    TLBFixture *f = g_new0(TLBFixture, 1);

    f->host = g_malloc0(RAM_SIZE);
    memory_region_init(&f->sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&f->ram, NULL, "ram", RAM_SIZE, f->host);
    memory_region_init_io(&f->mmio, NULL, &fx_mmio_ops, f, "dev", 0x1000);
    memory_region_add_subregion(&f->sys, 0, &f->ram);
    memory_region_add_subregion(&f->sys, RAM_SIZE, &f->mmio);
    address_space_init(&f->as, &f->sys, "as");
    soft_tlb_init(&f->tlb, &f->as, 1, &fx_tlb_ops, f);
    return f;
}

static void tlb_fx_free(TLBFixture *f)
{
    soft_tlb_destroy(&f->tlb);
    address_space_destroy(&f->as);
    memory_region_finalize(&f->mmio);
    memory_region_finalize(&f->ram);
    memory_region_finalize(&f->sys);
    g_free(f->host);
    g_free(f);
}

/* Load @va, reporting whether it took a walk. */
static bool walked(TLBFixture *f, vaddr va)
{
    unsigned before = f->fills;

    soft_tlb_load(&f->tlb, va, 4, 0, 1);
    return f->fills != before;
}

static void test_flush_page_large(void)
{
    TLBFixture *f = tlb_fx_new();

    /* two pages of one 2 MiB block, one plain page */
    g_assert_true(walked(f, 0x40201000));
    g_assert_true(walked(f, 0x40202000));
    g_assert_true(walked(f, 0x80005000));
    g_assert_false(walked(f, 0x40201000));
    g_assert_cmpuint(soft_tlb_mapping_shift(&f->tlb, 0, 0x40202000), ==, 21);
    g_assert_cmpuint(soft_tlb_mapping_shift(&f->tlb, 0, 0x80005000), ==, 12);

    /* TLBI of another page of the block drops both cached pages */
    g_assert_true(soft_tlb_flush_page(&f->tlb, 0x403ff000));
    g_assert_true(walked(f, 0x40201000));
    g_assert_true(walked(f, 0x40202000));
    g_assert_false(walked(f, 0x80005000));

    /* outside every block: only that page; top byte ignored */
    g_assert_false(soft_tlb_flush_page(&f->tlb, 0x5a00000080005000ull));
    g_assert_true(walked(f, 0x80005000));
    g_assert_false(walked(f, 0x40202000));

    /* a full flush forgets the block range */
    soft_tlb_flush(&f->tlb);
    g_assert_false(soft_tlb_flush_page(&f->tlb, 0x40201000));
    tlb_fx_free(f);
}

static void test_ram_ptr(void)
{
    TLBFixture *f = tlb_fx_new();
    bool rom = true;
    uint8_t *p;

    p = soft_tlb_ram_ptr(&f->tlb, 0x3000, 8, &rom);
    g_assert_true(p == f->host + 0x3000);
    g_assert_false(rom);
    /* below the cached range, then up to its last byte */
    g_assert_true(soft_tlb_ram_ptr(&f->tlb, 0x10, 8, &rom) == f->host + 0x10);
    g_assert_true(soft_tlb_ram_ptr(&f->tlb, RAM_SIZE - 8, 8, &rom) ==
                  f->host + RAM_SIZE - 8);
    /* crossing into the device, the device, past everything */
    g_assert_null(soft_tlb_ram_ptr(&f->tlb, RAM_SIZE - 4, 8, &rom));
    g_assert_null(soft_tlb_ram_ptr(&f->tlb, RAM_SIZE, 8, &rom));
    g_assert_null(soft_tlb_ram_ptr(&f->tlb, 0x100000000ull, 8, &rom));

    /* loads: RAM through the host, the device through the memory API */
    f->host[0x1234] = 0x77;
    g_assert_cmpuint(soft_tlb_load(&f->tlb, 0x80001234, 1, 0, 1), ==, 0x77);
    g_assert_cmpuint(soft_tlb_load(&f->tlb, 0xc0000010, 1, 0, 1), ==, 0x5a);

    /* a map change forgets the range: the device moves onto RAM */
    memory_region_del_subregion(&f->sys, &f->ram);
    g_assert_null(soft_tlb_ram_ptr(&f->tlb, 0x3000, 8, &rom));
    memory_region_add_subregion(&f->sys, 0, &f->ram);
    tlb_fx_free(f);
}

/* Membership never under-reports, and stays exact for a few ranges. */
static void test_ranges(void)
{
    SoftTLBRanges r = { .n = 0 };

    g_assert_false(soft_tlb_ranges_has(&r, 0));
    soft_tlb_ranges_add(&r, 0x200000, 0x3ff000);
    soft_tlb_ranges_add(&r, 0x400000, 0x5ff000);    /* touches: merged */
    g_assert_cmpuint(r.n, ==, 1);
    for (unsigned i = 1; i < SOFT_TLB_RANGES; i++) {
        uint64_t lo = 0x40000000ull * i;

        soft_tlb_ranges_add(&r, lo, lo + 0x1ff000);
    }
    g_assert_cmpuint(r.n, ==, SOFT_TLB_RANGES);
    g_assert_true(soft_tlb_ranges_has(&r, 0x5ff000));
    g_assert_false(soft_tlb_ranges_has(&r, 0x600000));
    g_assert_false(soft_tlb_ranges_has(&r, 0x60000000));
    /* one more distinct range merges with the closest one */
    soft_tlb_ranges_add(&r, 0x90000000, 0x901ff000);
    g_assert_cmpuint(r.n, ==, SOFT_TLB_RANGES);
    g_assert_true(soft_tlb_ranges_has(&r, 0x90000000));
    g_assert_true(soft_tlb_ranges_has(&r, 0x80000000));
    g_assert_true(soft_tlb_ranges_has(&r, 0x88000000));
    g_assert_true(soft_tlb_ranges_has(&r, 0x300000));
    g_assert_true(soft_tlb_ranges_has(&r, 0xc0100000));
    g_assert_false(soft_tlb_ranges_has(&r, 0xd0000000));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/block-cache/table", test_table);
    g_test_add_func("/block-cache/unchain-page", test_unchain_page);
    g_test_add_func("/soft-tlb/flush-page-large", test_flush_page_large);
    g_test_add_func("/soft-tlb/ram-ptr", test_ram_ptr);
    g_test_add_func("/soft-tlb/ranges", test_ranges);
    return g_test_run();
}
