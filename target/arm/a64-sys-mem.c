/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 engine, system mode: the soft-TLB hooks.  A miss is filled by the
 * stage-1 walk of the current translation regime (mmu.c; MMU off is the
 * flat mapping); a failed walk becomes a synchronous Instruction or Data
 * Abort with the walk's fault status code and FAR = the faulting address.
 * Pages holding decoded code lose their write fast path; a write to one
 * drops the blocks made from it in every CPU of the machine.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "a64-engine.h"
#include "sysreg.h"

static ArmAccess a64_sys_acc_type(SoftTLBAccess access)
{
    switch (access) {
    case SOFT_TLB_READ:
        return ARM_ACC_READ;
    case SOFT_TLB_WRITE:
        return ARM_ACC_WRITE;
    default:
        return ARM_ACC_EXEC;
    }
}

/* Descriptor reads of the walk: the soft TLB's cached RAM range. */
static const void *a64_sys_ram_ptr(void *opaque, hwaddr pa, hwaddr len)
{
    ARMCPU *cpu = opaque;
    bool rom;

    return soft_tlb_ram_ptr(&cpu->se->tlb, pa, len, &rom);
}

/* Stage-1 translation for an access at @el (no exception). */
static bool a64_sys_translate(ARMCPU *cpu, unsigned el, uint64_t va,
                              ArmAccess type, ArmTranslation *t,
                              ArmMMUFault *f)
{
    ArmMMURegime r = arm_sysreg_regime(cpu, el == 0 ? 1 : el);

    r.ram_ptr = a64_sys_ram_ptr;
    r.ram_opaque = cpu;

    return arm_mmu_translate(cpu->se->as, &r, va, type, el == 0, t, f);
}

/* The abort for a failed translation (does not return). */
static G_NORETURN void a64_sys_mmu_fault(ARMCPU *cpu, uintptr_t ra,
                                         vaddr addr, SoftTLBAccess access,
                                         const ArmMMUFault *f)
{
    unsigned target = a64_sys_sync_target(cpu);
    bool same = target == cpu->sys->el.el;

    if (ra == A64_RA_FETCH) {
        a64_sys_raise_at(cpu, NULL, addr, target,
                         arm_syn_iabt(same, f->fsc, false), addr, true);
    }
    a64_sys_raise(cpu, (const A64Op *)ra, target,
                  arm_syn_dabt(same, f->fsc, access == SOFT_TLB_WRITE,
                               false, false, 0, false, 0, false),
                  addr, true);
}

static bool a64_sys_tlb_fill(void *opaque, vaddr addr, SoftTLBAccess access,
                             int mmu_idx, SoftTLBFill *out, uintptr_t ra)
{
    ARMCPU *cpu = opaque;
    ArmTranslation t;
    ArmMMUFault f;
    uint8_t perm;

    if (!a64_sys_translate(cpu, mmu_idx, addr, a64_sys_acc_type(access),
                           &t, &f)) {
        if (ra == A64_RA_PROBE) {
            return false;
        }
        a64_sys_mmu_fault(cpu, ra, addr, access, &f);
    }
    perm = mmu_idx == 0 ? t.perm_el0 : t.perm_priv;
    out->paddr = t.pa & SOFT_TLB_PAGE_MASK;
    out->can_read = perm & ARM_PERM_R;
    out->can_write = perm & ARM_PERM_W;
    out->can_exec = perm & ARM_PERM_X;
    out->size_shift = t.size_shift;
    return true;
}

/* Every CPU sharing the machine's memory (just @cpu without siblings). */
static ARMCPU *a64_sys_sibling(ARMCPU *cpu, unsigned i)
{
    return cpu->se->siblings ? cpu->se->siblings[i] : cpu;
}

static unsigned a64_sys_n_siblings(ARMCPU *cpu)
{
    return cpu->se->siblings ? cpu->se->n_siblings : 1;
}

static bool a64_sys_is_code_page(void *opaque, hwaddr paddr)
{
    ARMCPU *cpu = opaque;

    for (unsigned i = 0; i < a64_sys_n_siblings(cpu); i++) {
        if (block_cache_page_has_code(&a64_sys_sibling(cpu, i)->cache,
                                      paddr)) {
            return true;
        }
    }
    return false;
}

void a64_sys_protect_code(ARMCPU *cpu, hwaddr paddr)
{
    for (unsigned i = 0; i < a64_sys_n_siblings(cpu); i++) {
        soft_tlb_protect_code(&a64_sys_sibling(cpu, i)->se->tlb, paddr);
    }
}

/*
 * Self-modifying code: drop the page's blocks everywhere.  When the
 * running block is among them, the record after the store becomes a
 * terminator (the block is a zombie until the next reap), so the new
 * bytes are decoded at the next instruction.
 */
static void a64_sys_code_written(void *opaque, hwaddr paddr, uintptr_t ra)
{
    ARMCPU *cpu = opaque;
    const A64Op *ops = cpu->block_ops;

    for (unsigned i = 0; i < a64_sys_n_siblings(cpu); i++) {
        block_cache_invalidate_page(&a64_sys_sibling(cpu, i)->cache, paddr);
    }
    if (ra > A64_RA_FETCH && ops && ((const DecodedBlock *)ops - 1)->invalid) {
        A64Op *next = (A64Op *)ra + 1;

        next->fn = a64_op_end;
    }
}

/* The jump cache was cleared: no link through a larger mapping left. */
static void a64_sys_jmp_cleared(ARMCPU *cpu)
{
    cpu->se->code_large.n = 0;
}

static void a64_sys_map_changed(void *opaque)
{
    ARMCPU *cpu = opaque;

    block_cache_invalidate_all(&cpu->cache);
    a64_sys_jmp_cleared(cpu);
}

const SoftTLBOps a64_sys_tlb_ops = {
    .fill = a64_sys_tlb_fill,
    .is_code_page = a64_sys_is_code_page,
    .code_written = a64_sys_code_written,
    .map_changed = a64_sys_map_changed,
};

void arm_sys_tlb_flush(ARMCPU *cpu)
{
    soft_tlb_flush(&cpu->se->tlb);
    block_cache_unchain_all(&cpu->cache);
    a64_sys_jmp_cleared(cpu);
}

/*
 * The page's entries (all of a larger mapping holding it), and the
 * jump-cache links of the page, or of every page when @va may lie in a
 * larger mapping that code was fetched through.
 */
void arm_sys_tlb_flush_va(ARMCPU *cpu, uint64_t va)
{
    ArmSysEngine *se = cpu->se;
    uint64_t key = soft_tlb_va_key(va);

    soft_tlb_flush_page(&se->tlb, va);
    if (soft_tlb_ranges_has(&se->code_large, key)) {
        block_cache_unchain_all(&cpu->cache);
        a64_sys_jmp_cleared(cpu);
    } else {
        block_cache_unchain_page(&cpu->cache, va);
    }
}

void arm_sys_phys_written(ARMCPU *cpu, hwaddr paddr, hwaddr len)
{
    hwaddr page = paddr & SOFT_TLB_PAGE_MASK;

    for (unsigned i = 0; len && i < a64_sys_n_siblings(cpu); i++) {
        BlockCache *c = &a64_sys_sibling(cpu, i)->cache;

        for (hwaddr p = page; p < paddr + len && p >= page;
             p += SOFT_TLB_PAGE_SIZE) {
            if (block_cache_page_has_code(c, p)) {
                block_cache_invalidate_page(c, p);
            }
        }
    }
}

G_NORETURN void a64_sys_alignment_fault(ARMCPU *cpu, const A64Op *op,
                                        uint64_t addr, bool write)
{
    unsigned target = a64_sys_sync_target(cpu);

    a64_sys_raise(cpu, op, target,
                  arm_syn_dabt(target == cpu->sys->el.el, 0x21, write, false,
                               false, 0, false, 0, false),
                  addr, true);
}

/* Copy @len bytes at @va (as the current EL) to or from @buf. */
static bool a64_sys_access_virt(ARMCPU *cpu, uint64_t va, void *buf,
                                size_t len, bool write)
{
    unsigned el = cpu->sys->el.el;

    while (len) {
        size_t n = MIN(len, SOFT_TLB_PAGE_SIZE - (va & ~SOFT_TLB_PAGE_MASK));
        ArmTranslation t;
        ArmMMUFault f;
        MemTxResult r;

        if (!a64_sys_translate(cpu, el, va, write ? ARM_ACC_WRITE
                                                   : ARM_ACC_READ, &t, &f)) {
            return false;
        }
        if (write) {
            r = address_space_write(cpu->se->as, t.pa,
                                    MEMTXATTRS_UNSPECIFIED, buf, n);
            arm_sys_phys_written(cpu, t.pa, n);
        } else {
            r = address_space_read(cpu->se->as, t.pa,
                                   MEMTXATTRS_UNSPECIFIED, buf, n);
        }
        if (r != MEMTX_OK) {
            return false;
        }
        va += n;
        buf = (uint8_t *)buf + n;
        len -= n;
    }
    return true;
}

bool arm_sys_read_virt(ARMCPU *cpu, uint64_t va, void *buf, size_t len)
{
    return a64_sys_access_virt(cpu, va, buf, len, false);
}

bool arm_sys_write_virt(ARMCPU *cpu, uint64_t va, const void *buf,
                        size_t len)
{
    return a64_sys_access_virt(cpu, va, (void *)buf, len, true);
}
