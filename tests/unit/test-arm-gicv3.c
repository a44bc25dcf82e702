/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The GICv3 model driven in-process: a "none" machine with an arm-gicv3
 * for 4 CPUs mapped as on virt, its IRQ/FIQ outputs caught by the test,
 * programmed through MMIO and exercised through the CPU interface API
 * (include/hw/intc/arm_gicv3.h): routing, priority masking, preemption,
 * acknowledge/EOI/deactivate, EOImode 1, groups, SGIs and PPIs.
 */
#include "qemu/osdep.h"
#include "hw/core/machine.h"
#include "hw/core/sysbus.h"
#include "hw/intc/arm_gicv3.h"
#include "qapi/error.h"

#define NCPU 4
#define NIRQ 288
#define GICD 0x08000000ull
#define GICR 0x080a0000ull
#define SGI_BASE 0x10000
#define RAM_BASE 0x40000000ull
#define PROP (RAM_BASE)
#define PEND (RAM_BASE + 0x10000)

extern const TypeInfo none_machine_type_info;

typedef struct Fixture {
    MachineState *ms;
    MemoryRegion ram;           /* LPI tables at RAM_BASE */
    GICv3State *gic;
    qemu_irq out[2 * NCPU];
    int level[2 * NCPU];        /* IRQ of CPU n at n, FIQ at NCPU + n */
} Fixture;

static void out_handler(void *opaque, int n, int level)
{
    ((Fixture *)opaque)->level[n] = level;
}

static void wl(Fixture *f, hwaddr addr, uint32_t val)
{
    address_space_stl_le(&f->ms->as_memory, addr, val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static void wq(Fixture *f, hwaddr addr, uint64_t val)
{
    address_space_st(&f->ms->as_memory, addr, 8, false, val,
                     MEMTXATTRS_UNSPECIFIED, NULL);
}

static void wb(Fixture *f, hwaddr addr, uint8_t val)
{
    address_space_stb(&f->ms->as_memory, addr, val, MEMTXATTRS_UNSPECIFIED,
                      NULL);
}

static uint32_t rl(Fixture *f, hwaddr addr)
{
    return address_space_ldl_le(&f->ms->as_memory, addr,
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    MachineClass *mc = MACHINE_CLASS(object_class_by_name("none-machine"));
    DeviceState *dev;

    memset(f, 0, sizeof(*f));
    f->ms = machine_new(mc, &target_info_aarch64);
    g_assert_true(machine_run_board_init(f->ms, &error_abort));
    dev = DEVICE(object_new(TYPE_ARM_GICV3));
    g_assert_true(object_property_set_uint(OBJECT(dev), "num-cpu", NCPU,
                                           &error_abort));
    g_assert_true(object_property_set_bool(OBJECT(dev), "has-lpis", true,
                                           &error_abort));
    g_assert_true(memory_region_init_ram(&f->ram, NULL, "ram", 0x100000,
                                         &error_abort));
    memory_region_add_subregion(f->ms->system_memory, RAM_BASE, &f->ram);
    g_assert_true(sysbus_add_board_device(f->ms, dev, "gic", f->ms->sysbus,
                                          &error_abort));
    object_unref(OBJECT(dev));
    f->gic = ARM_GICV3(dev);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, GICD);
    sysbus_mmio_map(SYS_BUS_DEVICE(dev), 1, GICR);
    for (int i = 0; i < 2 * NCPU; i++) {
        f->out[i] = qemu_allocate_irq(out_handler, f, i);
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), i, f->out[i]);
    }
    qdev_reset_tree(f->ms->root);
    /* Distributor on, every CPU awake, unmasked and taking group 1 */
    wl(f, GICD, 0x3);
    for (int c = 0; c < NCPU; c++) {
        wl(f, GICR + c * 0x20000 + 0x14, 0);
        gicv3_cpuif_set_pmr(f->gic, c, 0xff);
        gicv3_cpuif_set_grpen(f->gic, c, 1, true);
    }
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    machine_free(f->ms);
    memory_region_finalize(&f->ram);
    for (int i = 0; i < 2 * NCPU; i++) {
        qemu_free_irq(f->out[i]);
    }
}

/* SPI @intid: group 1, enabled, priority @prio, routed to @cpu. */
static void spi_setup(Fixture *f, int intid, uint8_t prio, int cpu)
{
    uint32_t bit = 1u << (intid % 32);

    wl(f, GICD + 0x80 + intid / 32 * 4, rl(f, GICD + 0x80 + intid / 32 * 4)
       | bit);
    wb(f, GICD + 0x400 + intid, prio);
    wq(f, GICD + 0x6000 + 8 * intid, gicv3_cpu_affinity(cpu));
    wl(f, GICD + 0x100 + intid / 32 * 4, bit);
}

static void spi_line(Fixture *f, int intid, int level)
{
    qemu_set_irq(qdev_get_gpio_in(DEVICE(f->gic), intid - 32), level);
}

static void test_route_ack_eoi(Fixture *f, gconstpointer data)
{
    spi_setup(f, 40, 0x80, 2);
    g_assert_cmpint(f->level[2], ==, 0);
    spi_line(f, 40, 1);
    g_assert_cmpint(f->level[2], ==, 1);
    g_assert_cmpint(f->level[0] | f->level[1] | f->level[3], ==, 0);
    g_assert_cmpint(f->level[NCPU + 2], ==, 0);         /* not FIQ */
    g_assert_cmpuint(gicv3_cpuif_hppi(f->gic, 2, 1), ==, 40);
    g_assert_cmpuint(gicv3_cpuif_hppi(f->gic, 2, 0), ==, GICV3_SPURIOUS);
    g_assert_cmpuint(gicv3_cpuif_hppi(f->gic, 1, 1), ==, GICV3_SPURIOUS);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 1, 1), ==,
                     GICV3_SPURIOUS);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 2, 1), ==, 40);
    g_assert_cmpint(f->level[2], ==, 0);
    g_assert_cmphex(gicv3_cpuif_running_priority(f->gic, 2), ==, 0x80);
    g_assert_cmphex(rl(f, GICD + 0x304), ==, 1u << 8);   /* active */
    /* EOI with the line still high: pending again at once */
    gicv3_cpuif_eoi(f->gic, 2, 40, false);
    g_assert_cmphex(gicv3_cpuif_running_priority(f->gic, 2), ==, 0xff);
    g_assert_cmphex(rl(f, GICD + 0x304), ==, 0);
    g_assert_cmpint(f->level[2], ==, 1);
    spi_line(f, 40, 0);
    g_assert_cmpint(f->level[2], ==, 0);
    /* rerouting follows IROUTER */
    spi_line(f, 40, 1);
    wq(f, GICD + 0x6000 + 8 * 40, gicv3_cpu_affinity(3));
    g_assert_cmpint(f->level[2], ==, 0);
    g_assert_cmpint(f->level[3], ==, 1);
    /* no CPU with that affinity: nowhere */
    wq(f, GICD + 0x6000 + 8 * 40, 0x0700);
    g_assert_cmpint(f->level[3], ==, 0);
}

static void test_priority(Fixture *f, gconstpointer data)
{
    spi_setup(f, 50, 0x80, 0);
    spi_line(f, 50, 1);
    gicv3_cpuif_set_pmr(f->gic, 0, 0x80);
    g_assert_cmpint(f->level[0], ==, 0);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 0, 1), ==,
                     GICV3_SPURIOUS);
    gicv3_cpuif_set_pmr(f->gic, 0, 0x81);
    g_assert_cmpint(f->level[0], ==, 1);
    gicv3_cpuif_set_pmr(f->gic, 0, 0xff);
    /* preemption: active 0x80; 0xc0 waits, 0x40 preempts */
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 0, 1), ==, 50);
    spi_setup(f, 51, 0xc0, 0);
    spi_line(f, 51, 1);
    g_assert_cmpint(f->level[0], ==, 0);
    spi_setup(f, 52, 0x40, 0);
    spi_line(f, 52, 1);
    g_assert_cmpint(f->level[0], ==, 1);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 0, 1), ==, 52);
    g_assert_cmphex(gicv3_cpuif_running_priority(f->gic, 0), ==, 0x40);
    spi_line(f, 52, 0);
    gicv3_cpuif_eoi(f->gic, 0, 52, false);
    g_assert_cmphex(gicv3_cpuif_running_priority(f->gic, 0), ==, 0x80);
    g_assert_cmpint(f->level[0], ==, 0);
    gicv3_cpuif_eoi(f->gic, 0, 50, false);
    g_assert_cmpint(f->level[0], ==, 1);                /* 50 and 51 */
    /* equal priorities: the lowest INTID first */
    wb(f, GICD + 0x400 + 51, 0x80);
    g_assert_cmpuint(gicv3_cpuif_hppi(f->gic, 0, 1), ==, 50);
}

static void test_eoimode_edge(Fixture *f, gconstpointer data)
{
    spi_setup(f, 60, 0x10, 1);
    wl(f, GICD + 0xc00 + 60 / 16 * 4, 2u << ((60 % 16) * 2));   /* edge */
    spi_line(f, 60, 1);
    spi_line(f, 60, 0);
    g_assert_cmpint(f->level[1], ==, 1);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 1, 1), ==, 60);
    g_assert_cmphex(rl(f, GICD + 0x204), ==, 0);        /* latch cleared */
    /* EOImode 1: priority drop only; active until DIR */
    gicv3_cpuif_eoi(f->gic, 1, 60, true);
    g_assert_cmphex(gicv3_cpuif_running_priority(f->gic, 1), ==, 0xff);
    g_assert_cmphex(rl(f, GICD + 0x304), ==, 1u << 28);
    spi_line(f, 60, 1);                                  /* pending+active */
    g_assert_cmpint(f->level[1], ==, 0);
    gicv3_cpuif_deactivate(f->gic, 1, 60);
    g_assert_cmpint(f->level[1], ==, 1);
}

static void test_group0_fiq(Fixture *f, gconstpointer data)
{
    spi_setup(f, 70, 0x20, 0);
    wl(f, GICD + 0x88, 0);                              /* back to group 0 */
    spi_line(f, 70, 1);
    g_assert_cmpint(f->level[0] | f->level[NCPU], ==, 0);  /* grpen0 off */
    gicv3_cpuif_set_grpen(f->gic, 0, 0, true);
    g_assert_cmpint(f->level[NCPU], ==, 1);
    g_assert_cmpint(f->level[0], ==, 0);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 0, 1), ==,
                     GICV3_SPURIOUS);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 0, 0), ==, 70);
    /* GICD_CTLR.EnableGrp0 off hides it */
    gicv3_cpuif_eoi(f->gic, 0, 70, false);
    wl(f, GICD, 0x2);
    g_assert_cmpint(f->level[NCPU], ==, 0);
}

static void test_sgi_ppi(Fixture *f, gconstpointer data)
{
    int ppi_line = NIRQ - 32 + 1 * 32 + 27;

    for (int c = 0; c < NCPU; c++) {
        hwaddr sgi = GICR + c * 0x20000 + SGI_BASE;

        wl(f, sgi + 0x80, 0xffffffff);                  /* group 1 */
        wl(f, sgi + 0x100, 0xffffffff);                 /* enable */
    }
    /* SGI 3 from CPU 0 to CPUs 1 and 3 (Aff1 0, target list 0b1010) */
    gicv3_cpuif_generate_sgi(f->gic, 0, (3ull << 24) | 0xa, 1);
    g_assert_cmpint(f->level[0], ==, 0);
    g_assert_cmpint(f->level[1], ==, 1);
    g_assert_cmpint(f->level[2], ==, 0);
    g_assert_cmpint(f->level[3], ==, 1);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 3, 1), ==, 3);
    gicv3_cpuif_eoi(f->gic, 3, 3, false);
    g_assert_cmpint(f->level[3], ==, 0);                /* edge: done */
    /* group 0 request does not pend group 1 SGIs */
    gicv3_cpuif_generate_sgi(f->gic, 0, (5ull << 24) | 0x4, 0);
    g_assert_cmpint(f->level[2], ==, 0);
    /* IRM: everyone but the sender */
    gicv3_cpuif_generate_sgi(f->gic, 2, (7ull << 24) | (1ull << 40), 1);
    g_assert_cmphex(rl(f, GICR + 0 * 0x20000 + SGI_BASE + 0x200), ==, 0x80);
    g_assert_cmphex(rl(f, GICR + 2 * 0x20000 + SGI_BASE + 0x200), ==, 0);
    /* PPI 27 of CPU 1 (the virtual timer), level */
    qemu_set_irq(qdev_get_gpio_in(DEVICE(f->gic), ppi_line), 1);
    g_assert_cmphex(rl(f, GICR + 1 * 0x20000 + SGI_BASE + 0x200) &
                    (1u << 27), ==, 1u << 27);
    g_assert_cmphex(rl(f, GICR + 0 * 0x20000 + SGI_BASE + 0x200) &
                    (1u << 27), ==, 0);
}

static void test_irm_awake(Fixture *f, gconstpointer data)
{
    spi_setup(f, 80, 0x80, 0);
    wq(f, GICD + 0x6000 + 8 * 80, 1ull << 31);          /* 1 of N */
    wl(f, GICR + 0 * 0x20000 + 0x14, 2);                /* CPU 0 asleep */
    spi_line(f, 80, 1);
    g_assert_cmpint(f->level[0], ==, 0);
    g_assert_cmpint(f->level[1], ==, 1);
}

static uint8_t rb(Fixture *f, hwaddr addr)
{
    return address_space_ldub(&f->ms->as_memory, addr,
                              MEMTXATTRS_UNSPECIFIED, NULL);
}

/* LPIs: configuration from RAM, pending table kept, ack, no active. */
static void test_lpi(Fixture *f, gconstpointer data)
{
    uint32_t lpi = 8192 + 100;
    hwaddr rd1 = GICR + 0x20000;

    wq(f, rd1 + 0x70, PROP | 15);
    wq(f, rd1 + 0x78, PEND);
    /* not enabled at the redistributor: dropped */
    gicv3_lpi_set_pending(f->gic, 1, lpi, true);
    g_assert_false(gicv3_lpi_is_pending(f->gic, 1, lpi));
    wl(f, rd1, 1);
    g_assert_cmphex(rl(f, rd1), ==, 1);
    gicv3_lpi_set_pending(f->gic, 1, lpi, true);
    g_assert_true(gicv3_lpi_is_pending(f->gic, 1, lpi));
    g_assert_cmphex(rb(f, PEND + lpi / 8), ==, 1u << (lpi % 8));
    g_assert_cmpint(f->level[1], ==, 0);            /* config: disabled */
    wb(f, PROP + lpi - 8192, 0x60 | 1);             /* prio 0x60, enable */
    gicv3_cpuif_set_pmr(f->gic, 1, 0xff);           /* re-evaluate */
    g_assert_cmpint(f->level[1], ==, 1);
    g_assert_cmpuint(gicv3_cpuif_hppi(f->gic, 1, 1), ==, lpi);
    g_assert_cmpuint(gicv3_cpuif_acknowledge(f->gic, 1, 1), ==, lpi);
    g_assert_cmpint(f->level[1], ==, 0);
    g_assert_cmphex(rb(f, PEND + lpi / 8), ==, 0);
    g_assert_cmphex(gicv3_cpuif_running_priority(f->gic, 1), ==, 0x60);
    /* a new LPI while this one is "active": it is not, so it re-pends */
    gicv3_lpi_set_pending(f->gic, 1, lpi, true);
    g_assert_cmpint(f->level[1], ==, 0);            /* same priority */
    gicv3_cpuif_eoi(f->gic, 1, lpi, false);
    g_assert_cmpint(f->level[1], ==, 1);
    /* tables outside RAM: the LPI never becomes deliverable */
    wq(f, rd1 + 0x70, GICD | 15);
    gicv3_cpuif_set_pmr(f->gic, 1, 0xff);
    g_assert_cmpint(f->level[1], ==, 0);
}

static const TypeInfo *const test_types[] = {
    &machine_type_info, &none_machine_type_info, &device_type_info,
    &bus_type_info, &sys_bus_device_type_info, &arm_gicv3_type_info,
};

static void add(const char *path,
                void (*fn)(Fixture *f, gconstpointer data))
{
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    type_registry_init(test_types, G_N_ELEMENTS(test_types));
    add("/arm-gicv3/route-ack-eoi", test_route_ack_eoi);
    add("/arm-gicv3/priority", test_priority);
    add("/arm-gicv3/eoimode-edge", test_eoimode_edge);
    add("/arm-gicv3/group0-fiq", test_group0_fiq);
    add("/arm-gicv3/sgi-ppi", test_sgi_ppi);
    add("/arm-gicv3/irm-awake", test_irm_awake);
    add("/arm-gicv3/lpi", test_lpi);
    return g_test_run();
}
