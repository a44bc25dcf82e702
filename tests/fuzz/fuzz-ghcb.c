/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the GHCB protocol (target/i386/ghcb.c), a parser any SEV-SNP guest
 * feeds.  Input: a control byte, 8 bytes (LE) for the GHCB MSR, then the
 * GHCB page contents (zero-padded to 4 KiB).  Control bit 0: register the
 * page first; bit 1: make it shared; bit 2: use the MSR value as given
 * (MSR protocol or an arbitrary GPA) instead of the page's GPA.  Hooks do
 * real work against a small guest RAM, so out-of-range lengths, scratch
 * pointers and page-state lists reach memory the sanitizer watches.
 */
#include "qemu/osdep.h"
#include "target/i386/ghcb.h"
#include "target/i386/savic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE 0x10000
#define GHCB_GPA 0x4000

typedef struct FuzzVM {
    MemoryRegion sys, ram;
    AddressSpace as;
    uint8_t *host;
    SavicCPU savic;
} FuzzVM;

static void f_cpuid(void *o, uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    out[0] = leaf;
    out[1] = sub;
    out[2] = out[3] = 0;
}

static bool f_msr_read(void *o, uint32_t msr, uint64_t *val)
{
    *val = msr;
    return msr & 1;
}

static bool f_msr_write(void *o, uint32_t msr, uint64_t val)
{
    return msr & 1;
}

static uint32_t f_io_read(void *o, uint16_t port, unsigned size)
{
    g_assert(size == 1 || size == 2 || size == 4);
    return port;
}

static void f_io_write(void *o, uint16_t port, unsigned size, uint32_t val)
{
    g_assert(size == 1 || size == 2 || size == 4);
}

static bool f_mmio(void *o, uint64_t gpa, void *buf, unsigned len,
                   bool is_write)
{
    FuzzVM *vm = o;

    g_assert(len >= 1 && len <= 8);
    return address_space_rw(&vm->as, gpa, MEMTXATTRS_UNSPECIFIED, buf, len,
                            is_write) == MEMTX_OK;
}

static unsigned f_ap_create(void *o, uint32_t id, unsigned req,
                            uint64_t vmsa, uint64_t features)
{
    return id ? GHCB_ERR_BAD_INPUT : 0;
}

static uint64_t f_savic(void *o, uint64_t info1, uint64_t rax, bool rv,
                        uint64_t *rbx, bool bv, uint64_t *info2)
{
    FuzzVM *vm = o;
    SavicCPU *cpus[1] = { &vm->savic };

    return savic_vmgexit(&vm->savic, cpus, 1, info1, rax, rv, rbx, bv,
                         info2);
}

static void f_nmi_complete(void *o)
{
}

static const GhcbHooks f_hooks = {
    .cpuid = f_cpuid, .msr_read = f_msr_read, .msr_write = f_msr_write,
    .io_read = f_io_read, .io_write = f_io_write, .mmio = f_mmio,
    .ap_create = f_ap_create, .savic = f_savic,
    .nmi_complete = f_nmi_complete,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzVM vm = { 0 };
    GhcbVcpu v;
    GhcbPageState ps;
    uint64_t msr = 0;
    uint8_t ctl = size ? data[0] : 0;

    if (size > 1) {
        memcpy(&msr, data + 1, MIN(size - 1, 8));
    }
    vm.host = g_malloc0(RAM_SIZE);
    if (size > 9) {
        memcpy(vm.host + GHCB_GPA, data + 9, MIN(size - 9, 4096));
    }
    memory_region_init(&vm.sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&vm.ram, NULL, "ram", RAM_SIZE, vm.host);
    memory_region_add_subregion(&vm.sys, 0, &vm.ram);
    address_space_init(&vm.as, &vm.sys, "fuzz");
    savic_cpu_init(&vm.savic, &vm.as, 0, true);
    ghcb_vcpu_init(&v, &vm.as, 51);
    ghcb_page_state_init(&ps);
    if (ctl & 1) {
        v.registered_gpa = GHCB_GPA;
    }
    if (ctl & 2) {
        v.msr = 0x014 | (2ull << 52) | GHCB_GPA;
        ghcb_vmgexit(&v, &ps, &f_hooks, &vm);
    }
    v.msr = (ctl & 4) ? msr : GHCB_GPA;
    ghcb_vmgexit(&v, &ps, &f_hooks, &vm);
    ghcb_page_state_destroy(&ps);
    address_space_destroy(&vm.as);
    memory_region_finalize(&vm.sys);
    memory_region_finalize(&vm.ram);
    g_free(vm.host);
    return 0;
}
