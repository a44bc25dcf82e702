/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Local APIC unit tests: a manual virtual clock, an APIC bus and up to
 * eight APICs with fake CPUs that record what the APIC asked of them.
 */
#include "qemu/osdep.h"
#include "hw/intc/apic.h"
#include "qapi/error.h"

extern const TypeInfo apic_type_info;

#define NCPU 8

typedef struct FakeCpu {
    bool intr;
    int nmi, smi, init, sipi;
    int sipi_vector;
    uint64_t base;
    bool base_active;
} FakeCpu;

typedef struct Fixture {
    QEMUClocks *clocks;
    APICBus *bus;
    APICState *apic[NCPU];
    FakeCpu cpu[NCPU];
    int eoi_vector[8];
    int n_eoi;
} Fixture;

static void fake_set_intr(void *opaque, bool level)
{
    ((FakeCpu *)opaque)->intr = level;
}

static void fake_nmi(void *opaque)
{
    ((FakeCpu *)opaque)->nmi++;
}

static void fake_smi(void *opaque)
{
    ((FakeCpu *)opaque)->smi++;
}

static void fake_init(void *opaque)
{
    ((FakeCpu *)opaque)->init++;
}

static void fake_sipi(void *opaque, uint8_t vector)
{
    FakeCpu *c = opaque;

    c->sipi++;
    c->sipi_vector = vector;
}

static void fake_base_changed(void *opaque, uint64_t base, bool active)
{
    FakeCpu *c = opaque;

    c->base = base;
    c->base_active = active;
}

static const APICCpuOps fake_ops = {
    .set_intr = fake_set_intr,
    .nmi = fake_nmi,
    .smi = fake_smi,
    .init = fake_init,
    .sipi = fake_sipi,
    .base_changed = fake_base_changed,
};

static void record_eoi(void *opaque, int vector)
{
    Fixture *f = opaque;

    if (f->n_eoi < 8) {
        f->eoi_vector[f->n_eoi++] = vector;
    }
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    memset(f, 0, sizeof(*f));
    f->clocks = qemu_clocks_new();
    qemu_clocks_set_virtual_mode(f->clocks, VIRTUAL_CLOCK_MANUAL);
    f->bus = apic_bus_new(f->clocks);
    apic_bus_set_eoi_broadcast(f->bus, record_eoi, f);
    for (int i = 0; i < NCPU; i++) {
        f->apic[i] = apic_new(f->bus, i, i == 0, &error_abort);
        apic_set_cpu_ops(f->apic[i], &fake_ops, &f->cpu[i]);
    }
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    for (int i = 0; i < NCPU; i++) {
        apic_free(f->apic[i]);
    }
    apic_bus_free(f->bus);
    qemu_clocks_free(f->clocks);
}

/* xAPIC register access by MMIO offset. */
static uint32_t rd(Fixture *f, int cpu, uint32_t off)
{
    return apic_mmio_read(f->apic[cpu], off);
}

static void wr(Fixture *f, int cpu, uint32_t off, uint32_t val)
{
    apic_mmio_write(f->apic[cpu], off, val);
}

static void sw_enable_all(Fixture *f)
{
    for (int i = 0; i < NCPU; i++) {
        wr(f, i, 0xf0, 0x1ff);
    }
}

static bool irr_test(Fixture *f, int cpu, int v)
{
    return rd(f, cpu, 0x200 + (v / 32) * 0x10) & (1u << (v % 32));
}

static void x2apic_on(Fixture *f, int cpu)
{
    APICState *s = f->apic[cpu];

    g_assert_cmpint(apic_base_write(s, apic_base_read(s) | APICBASE_EXTD),
                    ==, 0);
}

static void test_reset_values(Fixture *f, gconstpointer data)
{
    g_assert_cmphex(apic_base_read(f->apic[0]), ==, 0xfee00900);
    g_assert_cmphex(apic_base_read(f->apic[3]), ==, 0xfee00800);
    g_assert_true(apic_is_bsp(f->apic[0]));
    g_assert_cmphex(rd(f, 3, 0x20), ==, 0x03000000);
    g_assert_cmphex(rd(f, 3, 0x30), ==, 0x50014);
    g_assert_cmphex(rd(f, 3, 0x80), ==, 0);
    g_assert_cmphex(rd(f, 3, 0xa0), ==, 0);
    g_assert_cmphex(rd(f, 3, 0xd0), ==, 0);
    g_assert_cmphex(rd(f, 3, 0xe0), ==, 0xffffffff);
    g_assert_cmphex(rd(f, 3, 0xf0), ==, 0xff);
    for (uint32_t off = 0x320; off <= 0x370; off += 0x10) {
        g_assert_cmphex(rd(f, 3, off), ==, 0x10000);
    }
    g_assert_cmphex(rd(f, 3, 0x380), ==, 0);
    g_assert_cmphex(rd(f, 3, 0x390), ==, 0);
    g_assert_cmphex(rd(f, 3, 0x3e0), ==, 0);
    g_assert_true(apic_mmio_active(f->apic[3]));
    g_assert_cmphex(apic_mmio_base(f->apic[3]), ==, 0xfee00000);
}

static void test_xapic_access(Fixture *f, gconstpointer data)
{
    /* Reserved register: ESR illegal register address, after latching. */
    g_assert_cmphex(rd(f, 1, 0x40), ==, 0);
    g_assert_cmphex(rd(f, 1, 0x280), ==, 0);
    wr(f, 1, 0x280, 0);
    g_assert_cmphex(rd(f, 1, 0x280), ==, 0x80);
    wr(f, 1, 0x280, 0);
    g_assert_cmphex(rd(f, 1, 0x280), ==, 0);
    /* Writable fields only; read-only registers ignore writes. */
    wr(f, 1, 0x20, 0x0a123456);
    g_assert_cmphex(rd(f, 1, 0x20), ==, 0x0a000000);
    wr(f, 1, 0x30, 0);
    g_assert_cmphex(rd(f, 1, 0x30), ==, 0x50014);
    wr(f, 1, 0xd0, 0x12345678);
    g_assert_cmphex(rd(f, 1, 0xd0), ==, 0x12000000);
    wr(f, 1, 0xe0, 0x0);
    g_assert_cmphex(rd(f, 1, 0xe0), ==, 0x0fffffff);
    wr(f, 1, 0x3e0, 0xffffffff);
    g_assert_cmphex(rd(f, 1, 0x3e0), ==, 0xb);
    /* SVR disabled: LVT writes stay masked. */
    wr(f, 1, 0x350, 0x700);
    g_assert_cmphex(rd(f, 1, 0x350), ==, 0x10700);
    wr(f, 1, 0xf0, 0x1ff);
    wr(f, 1, 0x350, 0xffffffff);
    g_assert_cmphex(rd(f, 1, 0x350), ==, 0x1a7ff);
    wr(f, 1, 0x320, 0xffffffff);
    g_assert_cmphex(rd(f, 1, 0x320), ==, 0x700ff);
    /* Software disable masks every LVT. */
    wr(f, 1, 0x370, 0x33);
    wr(f, 1, 0xf0, 0xff);
    g_assert_cmphex(rd(f, 1, 0x370), ==, 0x10033);
    /* No MSR access in xAPIC mode. */
    uint64_t v;
    g_assert_cmpint(apic_msr_read(f->apic[1], 0x802, &v), ==, -1);
    g_assert_cmpint(apic_msr_write(f->apic[1], 0x808, 0), ==, -1);
}

static void test_x2apic_access(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[5];
    uint64_t v;

    wr(f, 5, 0x20, 0x09000000);         /* xAPIC ID change, dropped later */
    x2apic_on(f, 5);
    g_assert_false(apic_mmio_active(s));
    g_assert_false(f->cpu[5].base_active);
    g_assert_cmpint(apic_msr_read(s, 0x802, &v), ==, 0);
    g_assert_cmphex(v, ==, 5);
    g_assert_cmpint(apic_msr_read(s, 0x803, &v), ==, 0);
    g_assert_cmphex(v, ==, 0x50014);
    g_assert_cmpint(apic_msr_read(s, 0x80d, &v), ==, 0);
    g_assert_cmphex(v, ==, 0x20);       /* cluster 0, bit 5 */
    /* Reserved / write-only registers: #GP on read. */
    static const uint32_t no_read[] = { 0x800, 0x809, 0x80b, 0x80c, 0x80e,
                                        0x82f, 0x831, 0x83f, 0x8ff };
    for (unsigned i = 0; i < G_N_ELEMENTS(no_read); i++) {
        g_assert_cmpint(apic_msr_read(s, no_read[i], &v), ==, -1);
    }
    /* Read-only or reserved: #GP on write. */
    static const uint32_t no_write[] = { 0x802, 0x803, 0x80a, 0x80d, 0x80e,
                                         0x810, 0x820, 0x831, 0x839 };
    for (unsigned i = 0; i < G_N_ELEMENTS(no_write); i++) {
        g_assert_cmpint(apic_msr_write(s, no_write[i], 0), ==, -1);
    }
    g_assert_cmpint(apic_msr_write(s, 0x808, 0x100), ==, -1);
    g_assert_cmpint(apic_msr_write(s, 0x80b, 1), ==, -1);
    g_assert_cmpint(apic_msr_write(s, 0x828, 1), ==, -1);
    g_assert_cmpint(apic_msr_write(s, 0x83f, 0x100), ==, -1);
    g_assert_cmpint(apic_msr_write(s, 0x830, 1u << 12), ==, -1);
    g_assert_cmpint(apic_msr_write(s, 0x808, 0x50), ==, 0);
    g_assert_cmpint(apic_msr_read(s, 0x808, &v), ==, 0);
    g_assert_cmphex(v, ==, 0x50);
    g_assert_cmphex(apic_get_tpr(s), ==, 0x50);
    /* 64-bit ICR reads back whole. */
    g_assert_cmpint(apic_msr_write(s, 0x830, 0x0000000700000000ULL |
                                   APIC_DM_NMI << 8), ==, 0);
    g_assert_cmpint(apic_msr_read(s, 0x830, &v), ==, 0);
    g_assert_cmphex(v, ==, 0x0000000700000400ULL);
    g_assert_cmpint(f->cpu[7].nmi, ==, 1);
    /* MMIO is off in x2APIC mode. */
    g_assert_cmphex(rd(f, 5, 0x30), ==, 0);
}

static void test_mode_transitions(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[2];
    uint64_t base = 0xfee00000;

    /* Reserved bits and the invalid EXTD-without-EN state. */
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EN | 1), ==, -1);
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EN | (1 << 9)), ==,
                    -1);
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EXTD), ==, -1);
    /* Relocation. */
    g_assert_cmpint(apic_base_write(s, 0xfed00000 | APICBASE_EN), ==, 0);
    g_assert_cmphex(apic_mmio_base(s), ==, 0xfed00000);
    g_assert_cmphex(f->cpu[2].base, ==, 0xfed00000);
    g_assert_true(f->cpu[2].base_active);
    /* Program some state, then hardware-disable. */
    wr(f, 2, 0xf0, 0x1ff);
    wr(f, 2, 0x80, 0x20);
    wr(f, 2, 0x20, 0x0c000000);
    g_assert_cmpint(apic_base_write(s, base), ==, 0);
    g_assert_false(apic_mmio_active(s));
    g_assert_false(f->cpu[2].base_active);
    /* disabled -> x2APIC is illegal. */
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EN | APICBASE_EXTD),
                    ==, -1);
    /* Re-enable: reset state in xAPIC mode. */
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EN), ==, 0);
    g_assert_cmphex(rd(f, 2, 0x20), ==, 0x02000000);
    g_assert_cmphex(rd(f, 2, 0x80), ==, 0);
    g_assert_cmphex(rd(f, 2, 0xf0), ==, 0xff);
    /* xAPIC -> x2APIC -> xAPIC is illegal; via disable it works. */
    x2apic_on(f, 2);
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EN), ==, -1);
    g_assert_true(apic_x2apic_mode(s));
    g_assert_cmpint(apic_base_write(s, base), ==, 0);
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EN), ==, 0);
    g_assert_false(apic_x2apic_mode(s));
    g_assert_cmphex(rd(f, 2, 0x30), ==, 0x50014);
    /* A CPU without x2APIC refuses EXTD. */
    g_assert_true(object_property_set_bool(OBJECT(s), "x2apic", false,
                                           &error_abort));
    g_assert_cmpint(apic_base_write(s, base | APICBASE_EN | APICBASE_EXTD),
                    ==, -1);
}

static void test_sw_disable(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[1];

    wr(f, 0, 0x310, 1 << 24);
    wr(f, 0, 0x300, 0x40);              /* fixed 0x40 to APIC 1 */
    g_assert_true(irr_test(f, 1, 0x40)); /* held in IRR */
    g_assert_false(f->cpu[1].intr);
    g_assert_cmpint(apic_get_interrupt(s), ==, APIC_INTA_NONE);
    wr(f, 0, 0x300, APIC_DM_NMI << 8);  /* NMI still arrives */
    g_assert_cmpint(f->cpu[1].nmi, ==, 1);
    wr(f, 1, 0xf0, 0x1ff);              /* re-enable: presented now */
    g_assert_true(f->cpu[1].intr);
    g_assert_cmpint(apic_get_interrupt(s), ==, 0x40);
    g_assert_false(f->cpu[1].intr);
}

static void test_priority(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[0];

    sw_enable_all(f);
    wr(f, 0, 0x80, 0x50);
    wr(f, 0, 0x300, 0x4000 | 0x45);     /* self: shorthand self */
    wr(f, 0, 0x300, (1 << 18) | 0x45);
    g_assert_true(irr_test(f, 0, 0x45));
    g_assert_false(f->cpu[0].intr);     /* class 4 <= TPR class 5 */
    g_assert_cmphex(rd(f, 0, 0xa0), ==, 0x50);
    wr(f, 0, 0x300, (1 << 18) | 0x61);
    g_assert_true(f->cpu[0].intr);
    g_assert_cmpint(apic_get_interrupt(s), ==, 0x61);
    g_assert_cmphex(rd(f, 0, 0xa0), ==, 0x60);   /* PPR = ISRV class */
    g_assert_false(f->cpu[0].intr);
    wr(f, 0, 0x80, 0x00);
    g_assert_false(f->cpu[0].intr);     /* 0x45 still below ISR 0x61 */
    wr(f, 0, 0xb0, 0);
    g_assert_true(f->cpu[0].intr);
    g_assert_cmpint(apic_get_interrupt(s), ==, 0x45);
    wr(f, 0, 0xb0, 0);
    g_assert_cmphex(rd(f, 0, 0xa0), ==, 0);
    apic_set_tpr(s, 0xf0);              /* CR8 path */
    g_assert_cmphex(rd(f, 0, 0x80), ==, 0xf0);
}

static void test_nested_eoi(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[0];

    sw_enable_all(f);
    wr(f, 0, 0x300, (1 << 18) | 0x30);
    g_assert_cmpint(apic_get_interrupt(s), ==, 0x30);
    wr(f, 0, 0x300, (1 << 18) | 0x80);
    wr(f, 0, 0x300, (1 << 18) | 0x31);   /* same class as in-service */
    g_assert_cmpint(apic_get_interrupt(s), ==, 0x80);   /* nests */
    g_assert_cmpint(apic_get_interrupt(s), ==, APIC_INTA_NONE);
    g_assert_cmphex(rd(f, 0, 0x110), ==, 1u << 16);      /* ISR 0x30 */
    g_assert_cmphex(rd(f, 0, 0x140), ==, 1u << 0);       /* ISR 0x80 */
    wr(f, 0, 0xb0, 0);                  /* EOI ends 0x80 */
    g_assert_cmphex(rd(f, 0, 0x140), ==, 0);
    g_assert_cmpint(apic_get_interrupt(s), ==, APIC_INTA_NONE);
    wr(f, 0, 0xb0, 0);                  /* EOI ends 0x30 */
    g_assert_cmpint(apic_get_interrupt(s), ==, 0x31);
    wr(f, 0, 0xb0, 0);
    g_assert_cmphex(rd(f, 0, 0x110), ==, 0);
    g_assert_cmpint(f->n_eoi, ==, 0);   /* all edge */
}

static void test_ipi_physical(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    wr(f, 0, 0x310, 3 << 24);
    wr(f, 0, 0x300, 0x4000 | 0x50);
    g_assert_true(irr_test(f, 3, 0x50));
    g_assert_false(irr_test(f, 2, 0x50));
    g_assert_cmphex(rd(f, 0, 0x300), ==, 0x4050);    /* idle status */
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_FIXED), ==, 1);
    /* Broadcast destination 0xff reaches everyone incl. self. */
    wr(f, 0, 0x310, 0xffu << 24);
    wr(f, 0, 0x300, 0x51);
    for (int i = 0; i < NCPU; i++) {
        g_assert_true(irr_test(f, i, 0x51));
    }
    /* Shorthands. */
    wr(f, 0, 0x310, 0);
    wr(f, 2, 0x300, (3 << 18) | 0x52);  /* all excluding self */
    for (int i = 0; i < NCPU; i++) {
        g_assert_cmpint(irr_test(f, i, 0x52), ==, i != 2);
    }
    wr(f, 2, 0x300, (2 << 18) | 0x53);  /* all including self */
    for (int i = 0; i < NCPU; i++) {
        g_assert_true(irr_test(f, i, 0x53));
    }
    wr(f, 2, 0x300, (1 << 18) | 0x54);  /* self */
    for (int i = 0; i < NCPU; i++) {
        g_assert_cmpint(irr_test(f, i, 0x54), ==, i == 2);
    }
    /* An illegal vector: send error on the sender, nothing delivered. */
    wr(f, 2, 0x300, (1 << 18) | 0x05);
    wr(f, 2, 0x280, 0);
    g_assert_cmphex(rd(f, 2, 0x280), ==, 0x20);
}

static void test_ipi_logical(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    /* Flat: APIC i has LDR bit i. */
    for (int i = 0; i < NCPU; i++) {
        wr(f, i, 0xd0, (1u << i) << 24);
    }
    wr(f, 0, 0x310, 0x24u << 24);
    wr(f, 0, 0x300, 0x800 | 0x60);
    for (int i = 0; i < NCPU; i++) {
        g_assert_cmpint(irr_test(f, i, 0x60), ==, i == 2 || i == 5);
    }
    /* Cluster: APIC i in cluster i / 4, bit i % 4. */
    for (int i = 0; i < NCPU; i++) {
        wr(f, i, 0xe0, 0x0fffffff);
        wr(f, i, 0xd0, ((i / 4) << 4 | 1u << (i % 4)) << 24);
    }
    wr(f, 0, 0x310, 0x13u << 24);       /* cluster 1, members 0 and 1 */
    wr(f, 0, 0x300, 0x800 | 0x61);
    for (int i = 0; i < NCPU; i++) {
        g_assert_cmpint(irr_test(f, i, 0x61), ==, i == 4 || i == 5);
    }
}

static void test_ipi_x2apic_cluster(Fixture *f, gconstpointer data)
{
    uint64_t v;

    for (int i = 0; i < NCPU; i++) {
        x2apic_on(f, i);
        g_assert_cmpint(apic_msr_write(f->apic[i], 0x80f, 0x1ff), ==, 0);
    }
    /* x2APIC logical: cluster 0 holds IDs 0-15, bit = ID & 15. */
    g_assert_cmpint(apic_msr_write(f->apic[0], 0x830,
                                   (0x000000c0ULL << 32) | 0x800 | 0x70),
                    ==, 0);
    for (int i = 0; i < NCPU; i++) {
        g_assert_cmpint(apic_msr_read(f->apic[i], 0x820 + 0x70 / 32, &v),
                        ==, 0);
        g_assert_cmpint(!!(v & (1u << (0x70 % 32))), ==, i == 6 || i == 7);
    }
    /* Cluster 1 is empty. */
    g_assert_cmpint(apic_msr_write(f->apic[0], 0x830,
                                   (0x000100ffULL << 32) | 0x800 | 0x71),
                    ==, 0);
    for (int i = 0; i < NCPU; i++) {
        g_assert_cmpint(apic_ipi_count(f->apic[i], APIC_IPI_FIXED), ==,
                        i == 6 || i == 7);
    }
    /* Physical 32-bit destination and SELF_IPI. */
    g_assert_cmpint(apic_msr_write(f->apic[0], 0x830,
                                   (3ULL << 32) | 0x72), ==, 0);
    g_assert_cmpint(apic_msr_write(f->apic[4], 0x83f, 0x73), ==, 0);
    g_assert_cmpint(apic_get_interrupt(f->apic[3]), ==, 0x72);
    g_assert_cmpint(apic_get_interrupt(f->apic[4]), ==, 0x73);
    g_assert_cmpint(apic_msr_write(f->apic[4], 0x80b, 0), ==, 0);
}

static void test_lowest_priority(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    for (int i = 0; i < NCPU; i++) {
        wr(f, i, 0xd0, (1u << i) << 24);
        wr(f, i, 0x80, 0x80);
    }
    wr(f, 3, 0x80, 0x10);               /* lowest TPR of the set */
    wr(f, 0, 0x310, 0x0eu << 24);       /* APICs 1, 2, 3 */
    wr(f, 0, 0x300, 0x800 | 0x100 | 0x90);
    for (int i = 0; i < NCPU; i++) {
        g_assert_cmpint(irr_test(f, i, 0x90), ==, i == 3);
    }
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_LOWEST), ==, 1);
    /* Equal priorities: successive messages spread over the set. */
    wr(f, 3, 0x80, 0x80);
    for (int k = 0; k < 3; k++) {
        wr(f, 0, 0x300, 0x800 | 0x100 | (0xa0 + k));
    }
    for (int i = 1; i <= 3; i++) {
        int got = 0;

        for (int k = 0; k < 3; k++) {
            got += irr_test(f, i, 0xa0 + k);
        }
        g_assert_cmpint(got, ==, 1);
    }
}

static void test_init_sipi_nmi_smi(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    wr(f, 4, 0x80, 0x30);
    wr(f, 0, 0x300, (3 << 18) | 0x4500);            /* INIT assert */
    for (int i = 1; i < NCPU; i++) {
        g_assert_cmpint(f->cpu[i].init, ==, 1);
    }
    g_assert_cmpint(f->cpu[0].init, ==, 0);
    g_assert_cmphex(rd(f, 4, 0x80), ==, 0);        /* APIC state reset */
    g_assert_cmphex(rd(f, 4, 0xf0), ==, 0xff);
    g_assert_cmphex(rd(f, 4, 0x20), ==, 0x04000000);
    wr(f, 0, 0x300, (3 << 18) | 0x8500);            /* INIT de-assert */
    g_assert_cmpint(f->cpu[1].init, ==, 1);
    g_assert_cmpint(apic_ipi_count(f->apic[1], APIC_IPI_INIT_DEASSERT), ==,
                    1);
    wr(f, 0, 0x310, 6u << 24);
    wr(f, 0, 0x300, 0x4600 | 0x9a);                  /* SIPI */
    g_assert_cmpint(f->cpu[6].sipi, ==, 1);
    g_assert_cmphex(f->cpu[6].sipi_vector, ==, 0x9a);
    g_assert_cmpint(f->cpu[5].sipi, ==, 0);
    wr(f, 0, 0x300, 0x4400);                         /* NMI */
    wr(f, 0, 0x300, 0x4200);                         /* SMI */
    g_assert_cmpint(f->cpu[6].nmi, ==, 1);
    g_assert_cmpint(f->cpu[6].smi, ==, 1);
    g_assert_cmpint(apic_ipi_count(f->apic[6], APIC_IPI_STARTUP), ==, 1);
    g_assert_cmpint(apic_ipi_count(f->apic[6], APIC_IPI_NMI), ==, 1);
    g_assert_cmpint(apic_ipi_count(f->apic[6], APIC_IPI_SMI), ==, 1);
}

static void test_msi_and_level_eoi(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    /* Physical, edge, to APIC 2. */
    g_assert_true(apic_bus_deliver_msi(f->bus, 0xfee02000, 0x41));
    g_assert_true(irr_test(f, 2, 0x41));
    /* Level-triggered via the IOAPIC hook: TMR set, EOI broadcast. */
    apic_bus_ioapic_deliver(f->bus, 0xfee05000, 0x8042);
    g_assert_cmphex(rd(f, 5, 0x180 + 0x10 * (0x42 / 32)), ==,
                    1u << (0x42 % 32));
    g_assert_cmpint(apic_get_interrupt(f->apic[5]), ==, 0x42);
    wr(f, 5, 0xb0, 0);
    g_assert_cmpint(f->n_eoi, ==, 1);
    g_assert_cmpint(f->eoi_vector[0], ==, 0x42);
    /* Logical flat, NMI delivery mode. */
    wr(f, 7, 0xd0, 0x80u << 24);
    g_assert_true(apic_bus_deliver_msi(f->bus, 0xfee80004, 0x400));
    g_assert_cmpint(f->cpu[7].nmi, ==, 1);
    /* Outside the window. */
    g_assert_false(apic_bus_deliver_msi(f->bus, 0xfed00000, 0x41));
    /* ExtINT: INTA asks the 8259. */
    g_assert_true(apic_bus_deliver_msi(f->bus, 0xfee01000, 0x700));
    g_assert_true(f->cpu[1].intr);
    g_assert_cmpint(apic_get_interrupt(f->apic[1]), ==, APIC_INTA_EXTINT);
    g_assert_false(f->cpu[1].intr);
}

/*
 * The statistics QMP x-query-ipi-stats reads: IPIs by type, by vector
 * (fixed and lowest only) and by sender; MSIs and local LVT interrupts
 * are not IPIs; reset clears everything.
 */
static void test_ipi_stats(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    wr(f, 0, 0x310, 3u << 24);
    for (int i = 0; i < 3; i++) {
        wr(f, 0, 0x300, 0xf1);                      /* CPU 0 -> 3, fixed */
    }
    wr(f, 2, 0x310, 3u << 24);
    wr(f, 2, 0x300, 0x40);                          /* CPU 2 -> 3 */
    wr(f, 2, 0x300, 0x400);                         /* NMI */
    wr(f, 5, 0x300, (1 << 18) | 0x41);              /* self IPI on 5 */
    g_assert_true(apic_bus_deliver_msi(f->bus, 0xfee03000, 0x42));
    wr(f, 3, 0x360, 0x400);                         /* LINT1: NMI */
    apic_set_lint(f->apic[3], 1, true);
    g_assert_cmpint(f->cpu[3].nmi, ==, 2);          /* one IPI, one LVT */
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_FIXED), ==, 4);
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_NMI), ==, 1);
    g_assert_cmpint(apic_ipi_vector_count(f->apic[3], 0xf1), ==, 3);
    g_assert_cmpint(apic_ipi_vector_count(f->apic[3], 0x40), ==, 1);
    g_assert_cmpint(apic_ipi_vector_count(f->apic[3], 0x42), ==, 0);
    g_assert_cmpint(apic_ipi_vector_count(f->apic[3], 0x00), ==, 0);
    g_assert_cmpint(apic_ipi_sender_count(f->apic[3], f->apic[0]), ==, 3);
    g_assert_cmpint(apic_ipi_sender_count(f->apic[3], f->apic[2]), ==, 2);
    g_assert_cmpint(apic_ipi_sender_count(f->apic[3], f->apic[3]), ==, 0);
    g_assert_cmpint(apic_msi_count(f->apic[3]), ==, 1);
    g_assert_cmpint(apic_ipi_sender_count(f->apic[5], f->apic[5]), ==, 1);
    g_assert_cmpint(apic_ipi_count(f->apic[4], APIC_IPI_FIXED), ==, 0);
    g_assert_cmpstr(apic_ipi_type_name(APIC_IPI_STARTUP), ==, "sipi");
    /* Counters survive an INIT and a reset; apic_ipi_stats_reset clears. */
    apic_reset(f->apic[3]);
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_FIXED), ==, 4);
    apic_ipi_stats_reset(f->apic[3]);
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_FIXED), ==, 0);
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_NMI), ==, 0);
    g_assert_cmpint(apic_ipi_vector_count(f->apic[3], 0xf1), ==, 0);
    g_assert_cmpint(apic_ipi_sender_count(f->apic[3], f->apic[2]), ==, 0);
    g_assert_cmpint(apic_msi_count(f->apic[3]), ==, 0);
    g_assert_cmpint(apic_ipi_sender_count(f->apic[5], f->apic[5]), ==, 1);
    /* A hardware-disabled APIC receives (and counts) nothing. */
    g_assert_cmpint(apic_base_write(f->apic[3], 0xfee00000), ==, 0);
    wr(f, 0, 0x300, 0xf1);
    g_assert_cmpint(apic_ipi_count(f->apic[3], APIC_IPI_FIXED), ==, 0);
}

/* Firmware's virtual wire: ExtINT through a software-disabled APIC. */
static void test_virtual_wire(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[0];

    apic_set_virtual_wire(s);
    g_assert_cmphex(rd(f, 0, 0x350), ==, 0x700);
    g_assert_cmphex(rd(f, 0, 0xf0), ==, 0xff);     /* still SVR-disabled */
    apic_set_lint(s, 0, true);
    g_assert_true(f->cpu[0].intr);
    g_assert_cmpint(apic_get_interrupt(s), ==, APIC_INTA_EXTINT);
    apic_set_lint(s, 0, false);
    g_assert_false(f->cpu[0].intr);
    /* reset masks it again */
    apic_reset(s);
    g_assert_cmphex(rd(f, 0, 0x350), ==, 0x10000);
    apic_set_lint(s, 0, true);
    g_assert_false(f->cpu[0].intr);
}

static void test_lint(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[0];

    /* Hardware-disabled: LINT0 is INTR, LINT1 is NMI. */
    g_assert_cmpint(apic_base_write(s, 0xfee00000 | APICBASE_BSP), ==, 0);
    apic_set_lint(s, 0, true);
    g_assert_true(f->cpu[0].intr);
    g_assert_cmpint(apic_get_interrupt(s), ==, APIC_INTA_EXTINT);
    apic_set_lint(s, 0, false);
    g_assert_false(f->cpu[0].intr);
    apic_set_lint(s, 1, true);
    g_assert_cmpint(f->cpu[0].nmi, ==, 1);
    apic_set_lint(s, 1, false);
    /* Enabled, LINT0 ExtINT and LINT1 NMI as a BIOS programs them. */
    g_assert_cmpint(apic_base_write(s, 0xfee00000 | APICBASE_BSP |
                                    APICBASE_EN), ==, 0);
    wr(f, 0, 0xf0, 0x1ff);
    apic_set_lint(s, 0, true);
    g_assert_false(f->cpu[0].intr);     /* masked */
    wr(f, 0, 0x350, 0x700);
    g_assert_true(f->cpu[0].intr);
    apic_set_lint(s, 0, false);
    g_assert_false(f->cpu[0].intr);
    wr(f, 0, 0x360, 0x400);
    apic_set_lint(s, 1, true);
    g_assert_cmpint(f->cpu[0].nmi, ==, 2);
}

/* Acknowledge and EOI everything pending on APIC 0; count @vector. */
static int drain(Fixture *f, int vector)
{
    int n = 0, v;

    while ((v = apic_get_interrupt(f->apic[0])) >= 0) {
        n += v == vector;
        wr(f, 0, 0xb0, 0);
    }
    return n;
}

static void test_timer_oneshot(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    wr(f, 0, 0x3e0, 0x1);               /* divide by 4 */
    wr(f, 0, 0x320, 0xe0);
    qemu_clock_advance_virtual(f->clocks, 1000);
    wr(f, 0, 0x380, 250);               /* 250 * 4 ticks at 1 GHz */
    qemu_clock_advance_virtual(f->clocks, 1500);
    g_assert_cmpuint(rd(f, 0, 0x390), ==, 125);
    qemu_clock_advance_virtual(f->clocks, 1999);
    g_assert_cmpint(drain(f, 0xe0), ==, 0);
    qemu_clock_advance_virtual(f->clocks, 2000);
    g_assert_cmpuint(rd(f, 0, 0x390), ==, 0);
    g_assert_cmpint(drain(f, 0xe0), ==, 1);
    qemu_clock_advance_virtual(f->clocks, 100000);
    g_assert_cmpint(drain(f, 0xe0), ==, 0);
    /* A slower timer input: 100 MHz, divide by 1, count 10 = 100 ns. */
    g_assert_true(object_property_set_uint(OBJECT(f->apic[0]), "timer-freq",
                                           100000000, &error_abort));
    wr(f, 0, 0x3e0, 0xb);
    wr(f, 0, 0x380, 10);
    qemu_clock_advance_virtual(f->clocks, 100099);
    g_assert_cmpint(drain(f, 0xe0), ==, 0);
    qemu_clock_advance_virtual(f->clocks, 100100);
    g_assert_cmpint(drain(f, 0xe0), ==, 1);
    /* A masked timer counts but does not interrupt. */
    wr(f, 0, 0x320, 0x100e0);
    wr(f, 0, 0x380, 10);
    qemu_clock_advance_virtual(f->clocks, 200000);
    g_assert_cmpint(drain(f, 0xe0), ==, 0);
}

/* A host clock that moves 5 us each time it is read. */
static int64_t racing_clock(void *opaque)
{
    int64_t *now = opaque;

    return *now += 5000;
}

/*
 * The clock may move past a short one-shot's deadline while the count
 * register is being written: the interrupt must still come.
 */
static void test_timer_oneshot_race(Fixture *f, gconstpointer data)
{
    int64_t host = 0;

    qemu_clocks_set_time_source(f->clocks, racing_clock, &host);
    qemu_clocks_set_virtual_mode(f->clocks, VIRTUAL_CLOCK_HOST_FOLLOW);
    qemu_clocks_virtual_start(f->clocks);
    sw_enable_all(f);
    wr(f, 0, 0x3e0, 0xb);               /* divide by 1 */
    wr(f, 0, 0x320, 0xe0);
    wr(f, 0, 0x380, 1000);              /* 1 us at 1 GHz */
    qemu_clock_run_timers(f->clocks, QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(drain(f, 0xe0), ==, 1);
    /* expired but not yet fired: a DCR write must not lose it */
    wr(f, 0, 0x380, 1000);
    wr(f, 0, 0x3e0, 0xb);
    qemu_clock_run_timers(f->clocks, QEMU_CLOCK_VIRTUAL);
    g_assert_cmpint(drain(f, 0xe0), ==, 1);
    qemu_clocks_virtual_stop(f->clocks);
    qemu_clocks_set_time_source(f->clocks, NULL, NULL);
}

static void test_timer_periodic(Fixture *f, gconstpointer data)
{
    int fired = 0;

    sw_enable_all(f);
    wr(f, 0, 0x3e0, 0xb);               /* divide by 1 */
    wr(f, 0, 0x320, (1u << 17) | 0xe1);
    wr(f, 0, 0x380, 1000);              /* every 1000 ns */
    qemu_clock_advance_virtual(f->clocks, 250);
    g_assert_cmpuint(rd(f, 0, 0x390), ==, 750);
    for (int64_t t = 500; t <= 100000; t += 500) {
        qemu_clock_advance_virtual(f->clocks, t);
        fired += drain(f, 0xe1);
    }
    g_assert_cmpint(fired, ==, 100);
    qemu_clock_advance_virtual(f->clocks, 100250);
    g_assert_cmpuint(rd(f, 0, 0x390), ==, 750);
    /* Initial count 0 stops it. */
    wr(f, 0, 0x380, 0);
    qemu_clock_advance_virtual(f->clocks, 200000);
    g_assert_cmpint(drain(f, 0xe1), ==, 0);
}

static void test_timer_tsc_deadline(Fixture *f, gconstpointer data)
{
    APICState *s = f->apic[0];

    sw_enable_all(f);
    /* Outside TSC-deadline mode the write is ignored. */
    apic_tsc_deadline_write(s, 5000, 5000);
    g_assert_cmpuint(apic_tsc_deadline_read(s), ==, 0);
    wr(f, 0, 0x320, (2u << 17) | 0xe2);
    wr(f, 0, 0x380, 10);                /* ignored in this mode */
    g_assert_cmpuint(rd(f, 0, 0x380), ==, 0);
    /* TSC = ns + 1000000 offset: deadline TSC 1005000 -> 5000 ns. */
    apic_tsc_deadline_write(s, 1005000, 1005000 - 1000000);
    g_assert_cmpuint(apic_tsc_deadline_read(s), ==, 1005000);
    qemu_clock_advance_virtual(f->clocks, 4999);
    g_assert_cmpint(drain(f, 0xe2), ==, 0);
    qemu_clock_advance_virtual(f->clocks, 5000);
    g_assert_cmpint(drain(f, 0xe2), ==, 1);
    g_assert_cmpuint(apic_tsc_deadline_read(s), ==, 0);
    /* Re-arm, then disarm with 0. */
    apic_tsc_deadline_write(s, 1007000, 7000);
    apic_tsc_deadline_write(s, 0, 0);
    qemu_clock_advance_virtual(f->clocks, 20000);
    g_assert_cmpint(drain(f, 0xe2), ==, 0);
    /* A deadline in the past fires at once. */
    apic_tsc_deadline_write(s, 1, 1);
    qemu_clock_advance_virtual(f->clocks, 20000);
    g_assert_cmpint(drain(f, 0xe2), ==, 1);
}

static void test_error_lvt(Fixture *f, gconstpointer data)
{
    sw_enable_all(f);
    wr(f, 1, 0x370, 0xfe);
    wr(f, 1, 0x300, (1 << 18) | 0x02);  /* illegal vector to self */
    g_assert_cmpint(apic_get_interrupt(f->apic[1]), ==, 0xfe);
    wr(f, 1, 0x280, 0);
    g_assert_cmphex(rd(f, 1, 0x280), ==, 0x20);
    wr(f, 1, 0x280, 0);
    g_assert_cmphex(rd(f, 1, 0x280), ==, 0);
}

static void add(const char *path,
                void (*fn)(Fixture *f, gconstpointer data))
{
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown);
}

int main(int argc, char **argv)
{
    static const TypeInfo *const types[] = {
        &device_type_info, &bus_type_info, &apic_type_info,
    };

    g_test_init(&argc, &argv, NULL);
    type_registry_init(types, G_N_ELEMENTS(types));
    add("/apic/reset-values", test_reset_values);
    add("/apic/xapic-access", test_xapic_access);
    add("/apic/x2apic-access", test_x2apic_access);
    add("/apic/mode-transitions", test_mode_transitions);
    add("/apic/sw-disable", test_sw_disable);
    add("/apic/priority", test_priority);
    add("/apic/nested-eoi", test_nested_eoi);
    add("/apic/ipi/physical", test_ipi_physical);
    add("/apic/ipi/logical", test_ipi_logical);
    add("/apic/ipi/x2apic-cluster", test_ipi_x2apic_cluster);
    add("/apic/ipi/lowest-priority", test_lowest_priority);
    add("/apic/ipi/init-sipi-nmi-smi", test_init_sipi_nmi_smi);
    add("/apic/msi-level-eoi", test_msi_and_level_eoi);
    add("/apic/ipi/stats", test_ipi_stats);
    add("/apic/lint", test_lint);
    add("/apic/virtual-wire", test_virtual_wire);
    add("/apic/error-lvt", test_error_lvt);
    add("/apic/timer/oneshot", test_timer_oneshot);
    add("/apic/timer/oneshot-race", test_timer_oneshot_race);
    add("/apic/timer/periodic", test_timer_periodic);
    add("/apic/timer/tsc-deadline", test_timer_tsc_deadline);
    return g_test_run();
}
