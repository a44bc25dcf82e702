/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Secure AVIC "hardware" (target/i386/savic.c) against a backing page in
 * guest RAM: the control MSR, the x2APIC access matrix, the entry-time
 * merge through ALLOWED_IRR, priorities, NMIs and the SAVIC VMGEXIT
 * (specs/secure-avic.md sections 2-9).
 */
#include "qemu/osdep.h"
#include "target/i386/savic.h"

#define PAGE0 0x1000
#define PAGE1 0x2000
#define MMIO  0x10000

typedef struct Fixture {
    MemoryRegion sys, ram, mmio;
    uint8_t host[0x8000];
    AddressSpace as;
    SavicCPU cpu[2];
} Fixture;

static void fx_setup(Fixture *f, bool selected)
{
    memset(f->host, 0, sizeof(f->host));
    memory_region_init(&f->sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&f->ram, NULL, "ram", sizeof(f->host),
                               f->host);
    memory_region_init_io(&f->mmio, NULL, NULL, NULL, "mmio", 0x1000);
    memory_region_add_subregion(&f->sys, 0, &f->ram);
    memory_region_add_subregion(&f->sys, MMIO, &f->mmio);
    address_space_init(&f->as, &f->sys, "as");
    savic_cpu_init(&f->cpu[0], &f->as, 0, selected);
    savic_cpu_init(&f->cpu[1], &f->as, 1, selected);
}

static void fx_teardown(Fixture *f)
{
    address_space_destroy(&f->as);
    memory_region_finalize(&f->sys);
    memory_region_finalize(&f->ram);
    memory_region_finalize(&f->mmio);
}

static uint32_t *reg(Fixture *f, uint64_t page, unsigned off)
{
    return (uint32_t *)(f->host + page + off);
}

static void allow(Fixture *f, uint64_t page, unsigned v)
{
    *reg(f, page, SAVIC_ALLOWED_IRR + (v / 32) * 16) |= 1u << (v % 32);
}

static bool bit(Fixture *f, uint64_t page, unsigned base, unsigned v)
{
    return *reg(f, page, base + (v / 32) * 16) & (1u << (v % 32));
}

static void enable(Fixture *f, unsigned i, uint64_t page)
{
    g_assert_true(savic_ctrl_write(&f->cpu[i], page | SAVIC_CTRL_EN |
                                   SAVIC_CTRL_ALLOWED_NMI));
}

static void test_control_msr(void)
{
    Fixture f;
    uint64_t v;

    fx_setup(&f, false);
    /* Not selected: #GP both ways. */
    g_assert_false(savic_ctrl_read(&f.cpu[0], &v));
    g_assert_false(savic_ctrl_write(&f.cpu[0], PAGE0 | 1));
    fx_teardown(&f);

    fx_setup(&f, true);
    g_assert_true(savic_ctrl_read(&f.cpu[0], &v));
    g_assert_cmphex(v, ==, 0);
    /* Reserved bits, a pointer outside RAM or into MMIO: #GP. */
    g_assert_false(savic_ctrl_write(&f.cpu[0], PAGE0 | 1 | (1 << 5)));
    g_assert_false(savic_ctrl_write(&f.cpu[0], (1ull << 52) | PAGE0 | 1));
    g_assert_false(savic_ctrl_write(&f.cpu[0], 0x100000 | 1));
    g_assert_false(savic_ctrl_write(&f.cpu[0], MMIO | 1));
    /* A disabled pointer is not checked; read-back is exact. */
    g_assert_true(savic_ctrl_write(&f.cpu[0], MMIO | 2));
    enable(&f, 0, PAGE0);
    g_assert_true(savic_ctrl_read(&f.cpu[0], &v));
    g_assert_cmphex(v, ==, PAGE0 | 3);
    /* EN=0: x2APIC MSRs are intercepted again (#VC 0x7C). */
    g_assert_true(savic_ctrl_write(&f.cpu[0], 0));
    g_assert_cmpint(savic_msr_read(&f.cpu[0], 0x808, &v).kind, ==,
                    SAVIC_FAULT);
    g_assert_cmphex(savic_msr_read(&f.cpu[0], 0x808, &v).vc_code, ==,
                    SVM_EXIT_MSR);
    fx_teardown(&f);
}

static void test_access_matrix(void)
{
    Fixture f;
    uint64_t v = 0;
    SavicResult r;

    fx_setup(&f, true);
    enable(&f, 0, PAGE0);
    *reg(&f, PAGE0, SAVIC_APIC_ID) = 7;
    /* Reads come from the page, including the LVT shadows. */
    *reg(&f, PAGE0, 0x320) = 0x100ec;
    g_assert_cmpint(savic_msr_read(&f.cpu[0], 0x802, &v).kind, ==,
                    SAVIC_ALLOW);
    g_assert_cmphex(v, ==, 7);
    g_assert_cmpint(savic_msr_read(&f.cpu[0], 0x832, &v).kind, ==,
                    SAVIC_ALLOW);
    g_assert_cmphex(v, ==, 0x100ec);
    /* Write-only and reserved registers: #GP; TMCCT: fault 0x402. */
    g_assert_cmpint(savic_msr_read(&f.cpu[0], 0x80b, &v).kind, ==, SAVIC_GP);
    g_assert_cmpint(savic_msr_read(&f.cpu[0], 0x83f, &v).kind, ==, SAVIC_GP);
    g_assert_cmpint(savic_msr_read(&f.cpu[0], 0x804, &v).kind, ==, SAVIC_GP);
    r = savic_msr_read(&f.cpu[0], 0x839, &v);
    g_assert_cmpint(r.kind, ==, SAVIC_FAULT);
    g_assert_cmphex(r.vc_code, ==, SVM_EXIT_AVIC_NOACCEL);
    /* Read-only registers: #GP on write. */
    for (uint32_t msr = 0x802; msr <= 0x839; msr++) {
        bool ro = msr == 0x802 || msr == 0x803 || msr == 0x80a ||
                  msr == 0x80d || (msr >= 0x810 && msr <= 0x827) ||
                  msr == 0x839;

        if (ro) {
            g_assert_cmpint(savic_msr_write(&f.cpu[0], msr, 0).kind, ==,
                            SAVIC_GP);
        }
    }
    /* Trap registers: written to the page, then #VC 0x402. */
    r = savic_msr_write(&f.cpu[0], 0x80f, 0x1ff);
    g_assert_cmpint(r.kind, ==, SAVIC_TRAP);
    g_assert_cmphex(r.vc_code, ==, SVM_EXIT_AVIC_NOACCEL);
    g_assert_cmphex(*reg(&f, PAGE0, 0xf0), ==, 0x1ff);
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x838, 1000).kind, ==,
                    SAVIC_TRAP);
    /* Non-self ICR: #VC 0x401 and nothing delivered. */
    r = savic_msr_write(&f.cpu[0], 0x830, (1ull << 32) | 0x30);
    g_assert_cmpint(r.kind, ==, SAVIC_TRAP);
    g_assert_cmphex(r.vc_code, ==, SVM_EXIT_AVIC_INCOMPLETE_IPI);
    g_assert_cmpint(savic_pending_vector(&f.cpu[0]), ==, -1);
    /* High bits on a 32-bit register, nonzero EOI: #GP. */
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x808, 1ull << 32).kind, ==,
                    SAVIC_GP);
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x80b, 1).kind, ==, SAVIC_GP);
    /* Not an x2APIC MSR at all. */
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x1b, 0).kind, ==,
                    SAVIC_NOT_MINE);
    fx_teardown(&f);
}

static void test_self_ipi_priority(void)
{
    Fixture f;
    uint64_t ppr;

    fx_setup(&f, true);
    enable(&f, 0, PAGE0);
    /* SELF_IPI and ICR-self set IRR without any exit. */
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x83f, 0x41).kind, ==,
                    SAVIC_ALLOW);
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x830, 0x40000 | 0x62).kind,
                    ==, SAVIC_ALLOW);
    g_assert_true(bit(&f, PAGE0, SAVIC_IRR, 0x41));
    /* TPR 0x60 masks both classes 4 and 6. */
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x808, 0x60).kind, ==,
                    SAVIC_ALLOW);
    savic_msr_read(&f.cpu[0], 0x80a, &ppr);
    g_assert_cmphex(ppr, ==, 0x60);
    g_assert_cmpint(savic_pending_vector(&f.cpu[0]), ==, -1);
    savic_msr_write(&f.cpu[0], 0x808, 0x10);
    g_assert_cmpint(savic_pending_vector(&f.cpu[0]), ==, 0x62);
    savic_accept(&f.cpu[0], 0x62);
    /* In service 0x62 blocks 0x41 (lower class) until EOI. */
    g_assert_cmpint(savic_pending_vector(&f.cpu[0]), ==, -1);
    savic_msr_read(&f.cpu[0], 0x80a, &ppr);
    g_assert_cmphex(ppr, ==, 0x60);
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x80b, 0).kind, ==,
                    SAVIC_ALLOW);
    g_assert_false(bit(&f, PAGE0, SAVIC_ISR, 0x62));
    g_assert_cmpint(savic_pending_vector(&f.cpu[0]), ==, 0x41);
    savic_accept(&f.cpu[0], 0x41);
    /* A level vector (TMR set by the guest) traps after the ISR clear. */
    *reg(&f, PAGE0, SAVIC_TMR + 0x10 * 2) |= 1u << 1;
    g_assert_cmpint(savic_msr_write(&f.cpu[0], 0x80b, 0).kind, ==,
                    SAVIC_TRAP);
    g_assert_false(bit(&f, PAGE0, SAVIC_ISR, 0x41));
    g_assert_cmpuint(f.cpu[0].stats.delivered, ==, 2);
    fx_teardown(&f);
}

static void test_allowed_irr(void)
{
    Fixture f;

    fx_setup(&f, true);
    enable(&f, 0, PAGE0);
    allow(&f, PAGE0, 0xec);
    savic_request_irr(&f.cpu[0], 0xec);
    savic_request_irr(&f.cpu[0], 0xfd);     /* an IPI vector: never allowed */
    g_assert_true(savic_needs_entry(&f.cpu[0]));
    savic_enter(&f.cpu[0]);
    g_assert_false(savic_needs_entry(&f.cpu[0]));
    g_assert_true(bit(&f, PAGE0, SAVIC_IRR, 0xec));
    g_assert_false(bit(&f, PAGE0, SAVIC_IRR, 0xfd));       /* S1 */
    g_assert_cmpuint(f.cpu[0].stats.requested, ==, 2);
    g_assert_cmpuint(f.cpu[0].stats.merged, ==, 1);
    g_assert_cmpuint(f.cpu[0].stats.blocked, ==, 1);
    /* S2: allowing it later does not resurrect the dropped request. */
    allow(&f, PAGE0, 0xfd);
    savic_enter(&f.cpu[0]);
    g_assert_false(bit(&f, PAGE0, SAVIC_IRR, 0xfd));
    /* S3: a kick without an IRR write delivers nothing new. */
    savic_accept(&f.cpu[0], 0xec);
    savic_kick(&f.cpu[0]);
    savic_enter(&f.cpu[0]);
    g_assert_cmpint(savic_pending_vector(&f.cpu[0]), ==, -1);
    fx_teardown(&f);
}

static void test_nmi(void)
{
    Fixture f;

    fx_setup(&f, true);
    g_assert_true(savic_ctrl_write(&f.cpu[0], PAGE0 | SAVIC_CTRL_EN));
    /* S5: AllowedNmi clear: the host NMI is refused (and discarded). */
    savic_request_nmi(&f.cpu[0]);
    savic_enter(&f.cpu[0]);
    g_assert_false(savic_take_nmi(&f.cpu[0]));
    g_assert_cmpuint(f.cpu[0].stats.nmi_refused, ==, 1);
    enable(&f, 0, PAGE0);
    savic_enter(&f.cpu[0]);
    g_assert_false(savic_take_nmi(&f.cpu[0]));
    savic_request_nmi(&f.cpu[0]);
    savic_enter(&f.cpu[0]);
    g_assert_true(savic_take_nmi(&f.cpu[0]));
    g_assert_cmpuint(f.cpu[0].stats.nmi_accepted, ==, 1);
    /* A guest NMI IPI: NMI_REQ in the target page, cleared at entry. */
    *reg(&f, PAGE0, SAVIC_NMI_REQ) = 1;
    savic_kick(&f.cpu[0]);
    savic_enter(&f.cpu[0]);
    g_assert_true(savic_take_nmi(&f.cpu[0]));
    g_assert_cmphex(*reg(&f, PAGE0, SAVIC_NMI_REQ), ==, 0);
    fx_teardown(&f);
}

static void test_cross_vcpu_ipi(void)
{
    Fixture f;

    fx_setup(&f, true);
    enable(&f, 0, PAGE0);
    enable(&f, 1, PAGE1);
    /* The sender writes the target's IRR, then the HV kicks it. */
    *reg(&f, PAGE1, SAVIC_IRR + 0x10 * 7) |= 1u << (0xfd % 32);
    savic_kick(&f.cpu[1]);
    g_assert_true(savic_needs_entry(&f.cpu[1]));
    savic_enter(&f.cpu[1]);
    g_assert_cmpint(savic_pending_vector(&f.cpu[1]), ==, 0xfd);
    g_assert_cmpint(savic_pending_vector(&f.cpu[0]), ==, -1);
    fx_teardown(&f);
}

static void test_vmgexit(void)
{
    Fixture f;
    SavicCPU *cpus[2];
    uint64_t rbx, info2;

    fx_setup(&f, true);
    cpus[0] = &f.cpu[0];
    cpus[1] = &f.cpu[1];
    rbx = PAGE0;
    g_assert_cmpuint(savic_vmgexit(cpus[0], cpus, 2, SAVIC_REGISTER_GPA,
                                   SAVIC_SELF, true, &rbx, true, &info2),
                     ==, 0);
    g_assert_cmphex(f.cpu[0].registered_gpa, ==, PAGE0);
    rbx = PAGE1;
    g_assert_cmpuint(savic_vmgexit(cpus[0], cpus, 2, SAVIC_REGISTER_GPA, 1,
                                   true, &rbx, true, &info2), ==, 0);
    g_assert_cmphex(f.cpu[1].registered_gpa, ==, PAGE1);
    /* Unaligned, outside RAM, unknown APIC id, bad sub-function. */
    rbx = PAGE0 + 8;
    g_assert_cmpuint(savic_vmgexit(cpus[0], cpus, 2, SAVIC_REGISTER_GPA,
                                   SAVIC_SELF, true, &rbx, true, &info2),
                     ==, 2);
    g_assert_cmpuint(info2, ==, GHCB_ERR_INVALID_INPUT);
    rbx = MMIO;
    g_assert_cmpuint(savic_vmgexit(cpus[0], cpus, 2, SAVIC_REGISTER_GPA,
                                   SAVIC_SELF, true, &rbx, true, &info2),
                     ==, 2);
    g_assert_cmpuint(savic_vmgexit(cpus[0], cpus, 2, SAVIC_REGISTER_GPA, 9,
                                   true, &rbx, true, &info2), ==, 2);
    g_assert_cmpuint(savic_vmgexit(cpus[0], cpus, 2, 7, SAVIC_SELF, true,
                                   &rbx, true, &info2), ==, 2);
    /* Unregister returns the page, then 0. */
    g_assert_cmpuint(savic_vmgexit(cpus[0], cpus, 2, SAVIC_UNREGISTER_GPA,
                                   SAVIC_SELF, true, &rbx, false, &info2),
                     ==, 0);
    g_assert_cmphex(rbx, ==, PAGE0);
    savic_vmgexit(cpus[0], cpus, 2, SAVIC_UNREGISTER_GPA, SAVIC_SELF, true,
                  &rbx, false, &info2);
    g_assert_cmphex(rbx, ==, 0);
    fx_teardown(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/savic/control-msr", test_control_msr);
    g_test_add_func("/savic/access-matrix", test_access_matrix);
    g_test_add_func("/savic/self-ipi-priority", test_self_ipi_priority);
    g_test_add_func("/savic/allowed-irr", test_allowed_irr);
    g_test_add_func("/savic/nmi", test_nmi);
    g_test_add_func("/savic/cross-vcpu-ipi", test_cross_vcpu_ipi);
    g_test_add_func("/savic/vmgexit", test_vmgexit);
    return g_test_run();
}
