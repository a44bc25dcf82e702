/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the AArch64 stage-1 walker (target/arm/mmu.c): guests write their
 * page tables and translation registers freely.  Input: 48 bytes of
 * registers (SCTLR, TCR, TTBR0, TTBR1, MAIR, then a control word: regime
 * kind, access type, EL0, PAN, PA size), then RAM contents (64 KiB);
 * every 8 bytes after the registers also serve as a VA to translate.
 * Invariants: a translation stays inside the physical size, the page
 * offset is preserved, and a fault carries a stage-1 status code.
 */
#include "qemu/osdep.h"
#include "target/arm/mmu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE 0x10000
#define HDR 48

static void fuzz_one(AddressSpace *as, const ArmMMURegime *r, uint64_t va,
                     uint64_t ctl)
{
    ArmTranslation t;
    ArmMMUFault f;
    ArmAccess type = (ctl >> 8) % 3;

    if (arm_mmu_translate(as, r, va, type, (ctl >> 16) & 1, &t, &f)) {
        g_assert(t.pa >> r->pa_bits == 0);
        g_assert(t.size_shift >= 12 && t.size_shift <= 42);
        g_assert((t.pa ^ va) % (1ull << MIN(t.size_shift, 63u)) == 0 ||
                 !(r->sctlr & 1));
    } else {
        g_assert(f.fsc <= 0x17 && f.level >= 0 && f.level <= 3);
    }
    arm_mmu_par(false, &t, &f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t regs[6] = { 0 };
    MemoryRegion sys, ram;
    AddressSpace as;
    ArmMMURegime r;
    uint8_t *host = g_malloc0(RAM_SIZE);

    memcpy(regs, data, MIN(size, sizeof(regs)));
    if (size > HDR) {
        memcpy(host, data + HDR, MIN(size - HDR, RAM_SIZE));
    }
    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&ram, NULL, "ram", RAM_SIZE, host);
    memory_region_add_subregion(&sys, 0, &ram);
    address_space_init(&as, &sys, "fuzz");
    r = (ArmMMURegime) {
        .kind = regs[5] % 3, .sctlr = regs[0], .tcr = regs[1],
        .ttbr0 = regs[2], .ttbr1 = regs[3], .mair = regs[4],
        .pan = (regs[5] >> 17) & 1, .pa_bits = 32 + ((regs[5] >> 24) % 17),
    };
    for (size_t off = HDR; off + 8 <= size && off < HDR + 64 * 8; off += 8) {
        uint64_t va;

        memcpy(&va, data + off, 8);
        fuzz_one(&as, &r, va, regs[5]);
    }
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    g_free(host);
    return 0;
}
