/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GHCB protocol, hypervisor side (target/i386/ghcb.c): the MSR protocol,
 * and the page protocol's NAE events with their error answers, against a
 * GHCB in guest RAM and recording hooks.
 */
#include "qemu/osdep.h"
#include "target/i386/ghcb.h"

#define GHCB_GPA 0x3000

typedef struct Fixture {
    MemoryRegion sys, ram;
    uint8_t host[0x10000];
    AddressSpace as;
    GhcbVcpu v;
    GhcbPageState ps;
    /* what the hooks saw */
    uint32_t io_port, io_val, io_writes;
    uint64_t mmio_gpa, msr_written;
    unsigned ap_apic_id, nmi_done;
} Fixture;

static void hk_cpuid(void *o, uint32_t leaf, uint32_t sub, uint32_t out[4])
{
    out[0] = leaf;
    out[1] = sub;
    out[2] = 0xc0ffee;
    out[3] = 0x8000001f == leaf ? 51 : 0;
}

static bool hk_msr_read(void *o, uint32_t msr, uint64_t *val)
{
    *val = 0x1122334455667788ull;
    return msr != 0xdead;
}

static bool hk_msr_write(void *o, uint32_t msr, uint64_t val)
{
    ((Fixture *)o)->msr_written = val;
    return msr != 0xdead;
}

static uint32_t hk_io_read(void *o, uint16_t port, unsigned size)
{
    ((Fixture *)o)->io_port = port;
    return 0xa0 + size;
}

static void hk_io_write(void *o, uint16_t port, unsigned size, uint32_t val)
{
    Fixture *f = o;

    f->io_port = port;
    f->io_val = val;
    f->io_writes++;
}

static bool hk_mmio(void *o, uint64_t gpa, void *buf, unsigned len,
                    bool is_write)
{
    ((Fixture *)o)->mmio_gpa = gpa;
    if (!is_write) {
        memset(buf, 0x5a, len);
    }
    return gpa != 0xbad000;
}

static unsigned hk_ap_create(void *o, uint32_t apic_id, unsigned request,
                             uint64_t vmsa, uint64_t features)
{
    ((Fixture *)o)->ap_apic_id = apic_id;
    return apic_id > 7 ? 5 : 0;
}

static uint64_t hk_savic(void *o, uint64_t info1, uint64_t rax,
                         bool rax_valid, uint64_t *rbx, bool rbx_valid,
                         uint64_t *info2)
{
    *rbx = 0x7000;
    return 0;
}

static void hk_nmi_complete(void *o)
{
    ((Fixture *)o)->nmi_done++;
}

static const GhcbHooks hooks = {
    .cpuid = hk_cpuid, .msr_read = hk_msr_read, .msr_write = hk_msr_write,
    .io_read = hk_io_read, .io_write = hk_io_write, .mmio = hk_mmio,
    .ap_create = hk_ap_create, .savic = hk_savic,
    .nmi_complete = hk_nmi_complete,
};

static Fixture *fx_new(void)
{
    Fixture *f = g_new0(Fixture, 1);

    memory_region_init(&f->sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&f->ram, NULL, "ram", sizeof(f->host),
                               f->host);
    memory_region_add_subregion(&f->sys, 0, &f->ram);
    address_space_init(&f->as, &f->sys, "as");
    ghcb_vcpu_init(&f->v, &f->as, 51);
    ghcb_page_state_init(&f->ps);
    return f;
}

static void fx_free(Fixture *f)
{
    ghcb_page_state_destroy(&f->ps);
    address_space_destroy(&f->as);
    memory_region_finalize(&f->sys);
    memory_region_finalize(&f->ram);
    g_free(f);
}

static GhcbAction msr_call(Fixture *f, uint64_t req)
{
    f->v.msr = req;
    return ghcb_vmgexit(&f->v, &f->ps, &hooks, f);
}

/* Register the GHCB and make it shared, as an SNP guest does first. */
static void fx_register(Fixture *f)
{
    g_assert_cmpint(msr_call(f, 0x014 | (2ull << 52) | GHCB_GPA), ==,
                    GHCB_CONTINUE);
    g_assert_cmphex(f->v.msr, ==, 0x015);
    g_assert_cmpint(msr_call(f, 0x012 | GHCB_GPA), ==, GHCB_CONTINUE);
    g_assert_cmphex(f->v.msr, ==, 0x013 | GHCB_GPA);
}

static uint64_t *field(Fixture *f, unsigned off)
{
    return (uint64_t *)(f->host + GHCB_GPA + off);
}

static bool valid(Fixture *f, unsigned off)
{
    unsigned bit = off / 8;

    return f->host[GHCB_GPA + GHCB_VALID_BITMAP + bit / 8] & (1 << bit % 8);
}

static void put(Fixture *f, unsigned off, uint64_t v)
{
    unsigned bit = off / 8;

    *field(f, off) = v;
    f->host[GHCB_GPA + GHCB_VALID_BITMAP + bit / 8] |= 1 << (bit % 8);
}

/* A page-protocol call; returns SW_EXITINFO1. */
static uint64_t nae(Fixture *f, uint64_t code, uint64_t info1,
                    uint64_t info2)
{
    put(f, GHCB_SW_EXITCODE, code);
    put(f, GHCB_SW_EXITINFO1, info1);
    put(f, GHCB_SW_EXITINFO2, info2);
    f->v.msr = GHCB_GPA;
    g_assert_cmpint(ghcb_vmgexit(&f->v, &f->ps, &hooks, f), ==,
                    GHCB_CONTINUE);
    return *field(f, GHCB_SW_EXITINFO1);
}

static void test_msr_protocol(void)
{
    Fixture *f = fx_new();

    g_assert_cmpint(msr_call(f, 0x002), ==, GHCB_CONTINUE);
    g_assert_cmphex(f->v.msr, ==, 0x0002000133000001ull);
    /* CPUID leaf 0x8000001f, EDX (register 3). */
    msr_call(f, 0x004 | (3ull << 30) | (0x8000001full << 32));
    g_assert_cmphex(f->v.msr, ==, 0x005 | (3ull << 30) | (51ull << 32));
    msr_call(f, 0x080);
    g_assert_cmphex(f->v.msr, ==, 0x081 | (3 << 12));
    /* Page state: shared, then private again; a bad op is refused. */
    msr_call(f, 0x014 | (2ull << 52) | 0x5000);
    g_assert_true(ghcb_page_is_shared(&f->ps, 0x5000));
    msr_call(f, 0x014 | (1ull << 52) | 0x5000);
    g_assert_false(ghcb_page_is_shared(&f->ps, 0x5000));
    msr_call(f, 0x014 | (7ull << 52) | 0x5000);
    g_assert_cmphex(f->v.msr, ==, 0x015 | (5ull << 32));
    /* AP reset hold parks the AP; waking answers with a nonzero value. */
    g_assert_cmpint(msr_call(f, 0x006), ==, GHCB_HALT_AP);
    ghcb_ap_wake(&f->v);
    g_assert_cmphex(f->v.msr, ==, 0x1007);
    /* Termination: reason set 1, code 12 (Secure AVIC failure). */
    g_assert_cmpint(msr_call(f, 0x100 | (1 << 12) | (12 << 16)), ==,
                    GHCB_TERMINATE);
    g_assert_cmpuint(f->v.term_set, ==, 1);
    g_assert_cmpuint(f->v.term_code, ==, 12);
    g_assert_cmpint(msr_call(f, 0xabc), ==, GHCB_TERMINATE);
    fx_free(f);
}

static void test_page_checks(void)
{
    Fixture *f = fx_new();

    /* Not registered, or registered but private: the VM stops. */
    f->v.msr = GHCB_GPA;
    g_assert_cmpint(ghcb_vmgexit(&f->v, &f->ps, &hooks, f), ==,
                    GHCB_TERMINATE);
    msr_call(f, 0x012 | GHCB_GPA);
    f->v.msr = GHCB_GPA;
    g_assert_cmpint(ghcb_vmgexit(&f->v, &f->ps, &hooks, f), ==,
                    GHCB_TERMINATE);
    fx_register(f);
    /* Missing SW_EXITINFO2: error 4. */
    put(f, GHCB_SW_EXITCODE, SVM_EXIT_CPUID);
    put(f, GHCB_SW_EXITINFO1, 0);
    f->v.msr = GHCB_GPA;
    ghcb_vmgexit(&f->v, &f->ps, &hooks, f);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO1), ==, 2);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO2), ==, 4);
    /* Nonstandard usage: error 2; unknown exit code: error 6. */
    *(uint32_t *)(f->host + GHCB_GPA + GHCB_USAGE) = 1;
    g_assert_cmpuint(nae(f, SVM_EXIT_CPUID, 0, 0), ==, 2);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO2), ==, 2);
    *(uint32_t *)(f->host + GHCB_GPA + GHCB_USAGE) = 0;
    g_assert_cmpuint(nae(f, 0x1234, 0, 0), ==, 2);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO2), ==, 6);
    fx_free(f);
}

static void test_cpuid_msr(void)
{
    Fixture *f = fx_new();

    fx_register(f);
    put(f, GHCB_RAX, 0x8000001f);
    put(f, GHCB_RCX, 0);
    g_assert_cmpuint(nae(f, SVM_EXIT_CPUID, 0, 0), ==, 0);
    g_assert_cmphex(*field(f, GHCB_RDX), ==, 51);
    g_assert_cmphex(*field(f, GHCB_RCX), ==, 0xc0ffee);
    g_assert_true(valid(f, GHCB_RAX) && valid(f, GHCB_RBX) &&
                  valid(f, GHCB_RCX) && valid(f, GHCB_RDX));
    /* Outputs only: the inputs' valid bits are not echoed. */
    g_assert_false(valid(f, GHCB_SW_EXITCODE));
    /* MSR read and write, and #GP injected for a missing MSR. */
    put(f, GHCB_RCX, 0x10);
    g_assert_cmpuint(nae(f, SVM_EXIT_MSR_NAE, 0, 0), ==, 0);
    g_assert_cmphex(*field(f, GHCB_RAX), ==, 0x55667788);
    g_assert_cmphex(*field(f, GHCB_RDX), ==, 0x11223344);
    put(f, GHCB_RCX, 0x830);
    put(f, GHCB_RAX, 0xfd);
    put(f, GHCB_RDX, 3);
    g_assert_cmpuint(nae(f, SVM_EXIT_MSR_NAE, 1, 0), ==, 0);
    g_assert_cmphex(f->msr_written, ==, 0x3000000fdull);
    put(f, GHCB_RCX, 0xdead);
    g_assert_cmpuint(nae(f, SVM_EXIT_MSR_NAE, 0, 0), ==, 1);
    g_assert_cmphex(*field(f, GHCB_SW_EXITINFO2), ==, 0x80000b0d);
    fx_free(f);
}

static void test_io_mmio(void)
{
    Fixture *f = fx_new();
    uint8_t *buf = f->host + GHCB_GPA + GHCB_SHARED_BUF;

    fx_register(f);
    /* OUT 0x3f8, 1 byte; IN 0x71, 4 bytes. */
    put(f, GHCB_RAX, 'x');
    g_assert_cmpuint(nae(f, SVM_EXIT_IOIO, (0x3f8u << 16) | (1 << 4), 0),
                     ==, 0);
    g_assert_cmpuint(f->io_val, ==, 'x');
    g_assert_cmpuint(nae(f, SVM_EXIT_IOIO, (0x71u << 16) | (4 << 4) | 1, 0),
                     ==, 0);
    g_assert_cmphex(*field(f, GHCB_RAX), ==, 0xa4);
    /* REP OUTSB of 3 bytes from the scratch area. */
    memcpy(buf, "abc", 3);
    put(f, GHCB_SW_SCRATCH, GHCB_GPA + GHCB_SHARED_BUF);
    f->io_writes = 0;
    g_assert_cmpuint(nae(f, SVM_EXIT_IOIO,
                         (0x3f8u << 16) | (1 << 4) | 8 | 4, 3), ==, 0);
    g_assert_cmpuint(f->io_writes, ==, 3);
    g_assert_cmpuint(f->io_val, ==, 'c');
    /* Scratch outside the shared buffer, or too long: error 3. */
    put(f, GHCB_SW_SCRATCH, 0x100);
    g_assert_cmpuint(nae(f, SVM_EXIT_IOIO, (0x3f8u << 16) | (1 << 4) | 4, 3),
                     ==, 2);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO2), ==, 3);
    put(f, GHCB_SW_SCRATCH, GHCB_GPA + GHCB_SHARED_BUF);
    g_assert_cmpuint(nae(f, SVM_EXIT_IOIO, (0x3f8u << 16) | (1 << 4) | 4,
                         1ull << 40), ==, 2);
    /* Bad size field. */
    g_assert_cmpuint(nae(f, SVM_EXIT_IOIO, (0x3f8u << 16) | (3 << 4), 0),
                     ==, 2);
    /*
     * MMIO read of 4 bytes into the scratch area; a failing device.  The
     * guest sets the valid bitmap anew for every call.
     */
    put(f, GHCB_SW_SCRATCH, GHCB_GPA + GHCB_SHARED_BUF);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_MMIO_READ, 0xfec00000, 4), ==, 0);
    g_assert_cmphex(*(uint32_t *)buf, ==, 0x5a5a5a5a);
    g_assert_cmphex(f->mmio_gpa, ==, 0xfec00000);
    put(f, GHCB_SW_SCRATCH, GHCB_GPA + GHCB_SHARED_BUF);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_MMIO_WRITE, 0xbad000, 4), ==, 2);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO2), ==, 5);
    put(f, GHCB_SW_SCRATCH, GHCB_GPA + GHCB_SHARED_BUF);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_MMIO_WRITE, 0xfee00000, 16), ==, 2);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO2), ==, 3);
    fx_free(f);
}

static void test_psc_ap_savic(void)
{
    Fixture *f = fx_new();
    uint8_t *buf = f->host + GHCB_GPA + GHCB_SHARED_BUF;
    uint64_t e0 = 0x8000 | (2ull << 52), e1 = 0x200000 | (2ull << 52) |
                  (1ull << 56);

    fx_register(f);
    /* Two entries: one 4 KiB page and one 2 MiB page made shared. */
    memset(buf, 0, 24);
    buf[2] = 1;                             /* end entry = 1 */
    memcpy(buf + 8, &e0, 8);
    memcpy(buf + 16, &e1, 8);
    put(f, GHCB_SW_SCRATCH, GHCB_GPA + GHCB_SHARED_BUF);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_PSC, 0, 0), ==, 0);
    g_assert_true(ghcb_page_is_shared(&f->ps, 0x8000));
    g_assert_true(ghcb_page_is_shared(&f->ps, 0x3ff000));
    g_assert_false(ghcb_page_is_shared(&f->ps, 0x400000));
    g_assert_cmpuint(buf[0], ==, 2);        /* cur entry moved past end */
    /* AP creation: APIC id 3 ok, 9 refused by the board. */
    put(f, GHCB_RAX, 1);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_AP_CREATION, (3ull << 32) | 1,
                         0x9000), ==, 0);
    g_assert_cmpuint(f->ap_apic_id, ==, 3);
    put(f, GHCB_RAX, 1);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_AP_CREATION, (9ull << 32) | 1,
                         0x9000), ==, 2);
    /* SAVIC: the hook's RBX comes back, valid. */
    put(f, GHCB_RAX, ~0ull);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_SAVIC_NAE, 1, 0), ==, 0);
    g_assert_cmphex(*field(f, GHCB_RBX), ==, 0x7000);
    g_assert_true(valid(f, GHCB_RBX));
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_NMI_COMPLETE, 0, 0), ==, 0);
    g_assert_cmpuint(f->nmi_done, ==, 1);
    g_assert_cmpuint(nae(f, SVM_VMGEXIT_HV_FEATURES, 0, 0), ==, 0);
    g_assert_cmpuint(*field(f, GHCB_SW_EXITINFO2), ==, 3);
    /* Termination through the page. */
    put(f, GHCB_SW_EXITCODE, SVM_VMGEXIT_TERM_REQUEST);
    put(f, GHCB_SW_EXITINFO1, 1 | (12 << 4));
    put(f, GHCB_SW_EXITINFO2, 0);
    f->v.msr = GHCB_GPA;
    g_assert_cmpint(ghcb_vmgexit(&f->v, &f->ps, &hooks, f), ==,
                    GHCB_TERMINATE);
    g_assert_cmpuint(f->v.term_code, ==, 12);
    fx_free(f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ghcb/msr-protocol", test_msr_protocol);
    g_test_add_func("/ghcb/page-checks", test_page_checks);
    g_test_add_func("/ghcb/cpuid-msr", test_cpuid_msr);
    g_test_add_func("/ghcb/io-mmio", test_io_mmio);
    g_test_add_func("/ghcb/psc-ap-savic", test_psc_ap_savic);
    return g_test_run();
}
