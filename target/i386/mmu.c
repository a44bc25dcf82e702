/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address translation for the soft TLB: paging off (identity), 32-bit
 * paging (4 KiB pages, 4 MiB pages with CR4.PSE, PSE-36 address bits),
 * PAE paging (4 PDPTEs at CR3, 2 MiB and 4 KiB pages) and 4-level
 * long-mode paging (4 KiB, 2 MiB and 1 GiB pages); U/S, R/W with CR0.WP,
 * NX with EFER.NXE (PAE and long mode), accessed and dirty bits.
 *
 * The dirty bit is set only by a write: a walk for a read of a clean page
 * installs no write permission, so the first write walks again.
 * The PAE PDPTEs are read at each walk (hardware caches them at MOV CR3).
 * With SEV (cpu->cbit_mask) the C-bit is cleared from every table and
 * page address of a PAE or long-mode walk: private and shared pages are
 * the same RAM here (no encryption is emulated).
 * Not yet: PCIDs, global pages (everything is flushed together, which is
 * allowed), SMEP/SMAP, protection keys, reserved-bit checks.
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"

#define PTE_P       (1ull << 0)
#define PTE_RW      (1ull << 1)
#define PTE_US      (1ull << 2)
#define PTE_A       (1ull << 5)
#define PTE_D       (1ull << 6)
#define PTE_PS      (1ull << 7)
#define PTE_NX      (1ull << 63)
#define PTE_ADDR    0x000ffffffffff000ull
#define X86_CR4_PSE (1u << 4)

/* #PF error code bits */
#define PFERR_P     (1u << 0)
#define PFERR_W     (1u << 1)
#define PFERR_U     (1u << 2)
#define PFERR_I     (1u << 4)

typedef struct X86Walk {
    hwaddr paddr;
    hwaddr leaf_addr;       /* where the leaf entry lives */
    uint64_t leaf;
    bool user, writable, nx;
    bool wide;              /* 8-byte entries (PAE, long mode) */
    unsigned shift;         /* log2 of the mapping's size: 12, 21, 22, 30 */
} X86Walk;

static uint64_t pte_load(X86CPU *cpu, hwaddr a)
{
    return address_space_ldq_le(cpu->as, a, MEMTXATTRS_UNSPECIFIED, NULL);
}

static void pte_set(X86CPU *cpu, hwaddr a, uint64_t pte, uint64_t bits)
{
    if ((pte & bits) != bits) {
        address_space_stq_le(cpu->as, a, pte | bits,
                             MEMTXATTRS_UNSPECIFIED, NULL);
    }
}

static uint32_t pte_load32(X86CPU *cpu, hwaddr a)
{
    return address_space_ldl_le(cpu->as, a, MEMTXATTRS_UNSPECIFIED, NULL);
}

static void pte_set32(X86CPU *cpu, hwaddr a, uint64_t pte, uint64_t bits)
{
    if ((pte & bits) != bits) {
        address_space_stl_le(cpu->as, a, pte | bits,
                             MEMTXATTRS_UNSPECIFIED, NULL);
    }
}

/* 32-bit paging: page directory at CR3, 4 MiB pages with CR4.PSE. */
static bool x86_walk32(X86CPU *cpu, vaddr addr, X86Walk *w)
{
    CPUX86State *env = &cpu->env;
    hwaddr a = (env->cr[3] & 0xfffff000u) + ((addr >> 22) & 1023) * 4;
    uint64_t pde = pte_load32(cpu, a), pte;

    w->user = w->writable = true;
    w->nx = false;
    w->wide = false;
    if (!(pde & PTE_P)) {
        return false;
    }
    pte_set32(cpu, a, pde, PTE_A);
    w->user = pde & PTE_US;
    w->writable = pde & PTE_RW;
    if ((pde & PTE_PS) && (env->cr[4] & X86_CR4_PSE)) {
        /* bits 13-20 of a 4 MiB PDE are physical address bits 32-39 */
        w->leaf_addr = a;
        w->leaf = pde | PTE_A;
        w->paddr = (pde & 0xffc00000u) | ((pde & 0x1fe000ull) << 19) |
                   (addr & 0x3fffff);
        w->shift = 22;
        return true;
    }
    a = (pde & 0xfffff000u) + ((addr >> 12) & 1023) * 4;
    pte = pte_load32(cpu, a);
    if (!(pte & PTE_P)) {
        return false;
    }
    pte_set32(cpu, a, pte, PTE_A);
    w->user &= !!(pte & PTE_US);
    w->writable &= !!(pte & PTE_RW);
    w->leaf_addr = a;
    w->leaf = pte | PTE_A;
    w->paddr = (pte & 0xfffff000u) | (addr & 0xfff);
    w->shift = 12;
    return true;
}

/*
 * Walk @levels levels (4: long mode; 3: PAE, whose top level is the four
 * PDPTEs at CR3[31:5], which carry no U/S, R/W or NX bits); false when a
 * level is not present.
 */
static bool x86_walk(X86CPU *cpu, vaddr addr, X86Walk *w, int levels)
{
    CPUX86State *env = &cpu->env;
    /* SEV: the C-bit marks private pages; it is not an address bit */
    uint64_t amask = PTE_ADDR & ~cpu->cbit_mask;
    hwaddr table = env->cr[3] & amask;
    bool nxe = env->efer & X86_EFER_NXE;

    w->user = w->writable = true;
    w->nx = false;
    w->wide = true;
    if (levels == 3) {
        hwaddr a = (env->cr[3] & 0xffffffe0u) + ((addr >> 30) & 3) * 8;
        uint64_t pdpte = pte_load(cpu, a);

        if (!(pdpte & PTE_P)) {
            return false;
        }
        table = pdpte & amask;
        levels = 2;
    }
    for (int level = levels; level >= 1; level--) {
        unsigned shift = 12 + 9 * (level - 1);
        hwaddr a = table + ((addr >> shift) & 511) * 8;
        uint64_t pte = pte_load(cpu, a);

        if (!(pte & PTE_P)) {
            return false;
        }
        w->user &= !!(pte & PTE_US);
        w->writable &= !!(pte & PTE_RW);
        w->nx |= nxe && (pte & PTE_NX);
        if (level == 1 || (level <= 3 && (pte & PTE_PS))) {
            uint64_t page_mask = (1ull << shift) - 1;

            pte_set(cpu, a, pte, PTE_A);
            w->leaf_addr = a;
            w->leaf = pte | PTE_A;
            w->paddr = ((pte & amask) & ~page_mask) | (addr & page_mask);
            w->shift = shift;
            return true;
        }
        pte_set(cpu, a, pte, PTE_A);
        table = pte & amask;
    }
    g_assert_not_reached();
}

static void x86_page_fault(X86CPU *cpu, vaddr addr, uint32_t err,
                           uintptr_t ra)
{
    cpu->env.cr[2] = addr;
    if (ra == X86_RA_FETCH || ra == X86_RA_DELIVERY) {
        x86_raise_at(cpu, cpu->env.rip, X86_EXCP_PF, err);
    }
    x86_raise(cpu, (const X86Op *)ra, X86_EXCP_PF, err);
}

bool x86_tlb_fill(void *opaque, vaddr addr, SoftTLBAccess access,
                  int mmu_idx, SoftTLBFill *out, uintptr_t ra)
{
    X86CPU *cpu = opaque;
    CPUX86State *env = &cpu->env;
    bool user = mmu_idx == X86_MMU_USER, wp = env->cr[0] & X86_CR0_WP;
    bool allowed;
    X86Walk w;
    uint32_t err;

    if (!(env->cr[0] & X86_CR0_PG)) {
        out->paddr = addr & SOFT_TLB_PAGE_MASK;
        out->can_read = out->can_write = out->can_exec = true;
        return true;
    }
    if (env->efer & X86_EFER_LMA ? x86_walk(cpu, addr, &w, 4)
        : env->cr[4] & X86_CR4_PAE ? x86_walk(cpu, addr, &w, 3)
        : x86_walk32(cpu, addr, &w)) {
        bool may_write = user ? w.user && w.writable : w.writable || !wp;

        out->paddr = w.paddr & SOFT_TLB_PAGE_MASK;
        /* INVLPG of any address in a large page drops all of it */
        out->size_shift = w.shift;
        out->can_read = !user || w.user;
        out->can_exec = !w.nx && (!user || w.user);
        allowed = access == SOFT_TLB_READ ? out->can_read
                : access == SOFT_TLB_FETCH ? out->can_exec : may_write;
        if (allowed && access == SOFT_TLB_WRITE) {
            if (w.wide) {
                pte_set(cpu, w.leaf_addr, w.leaf, PTE_D);
            } else {
                pte_set32(cpu, w.leaf_addr, w.leaf, PTE_D);
            }
            w.leaf |= PTE_D;
        }
        /* a clean page gets no write fast path: its first write walks */
        out->can_write = may_write && (w.leaf & PTE_D);
        if (allowed) {
            return true;
        }
        err = PFERR_P;
    } else {
        err = 0;
    }
    if (!ra) {
        return false;
    }
    err |= access == SOFT_TLB_WRITE ? PFERR_W : 0;
    err |= user ? PFERR_U : 0;
    if (access == SOFT_TLB_FETCH && (env->efer & X86_EFER_NXE)) {
        err |= PFERR_I;
    }
    x86_page_fault(cpu, addr, err, ra);
    return false;
}
