/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The board from the device tree: UART (arm,pl011), GICv3 distributor,
 * redistributors and ITS, PSCI conduit, CPUs (their MPIDRs), the
 * virtual timer's PPI and the generic ECAM PCI host with its windows.
 * Anything missing keeps the virt machine's value.
 */
#include "kernel.h"
#include "fdt.h"
#include "mm.h"
#include "arch/platform.h"

Platform plat = {
    .uart = VIRT_UART_BASE,
    .gic_v3 = true,
    .gicd = VIRT_GICD_BASE,
    .gicr = VIRT_GICR_BASE,
    .gicr_size = 0xf60000,
    .gits = VIRT_GITS_BASE,
    .psci = true,
    .timer_intid = 27,
    .pio_base = 0x3eff0000,
    .pio_size = 0x10000,
    .mem32 = 0x10000000,
    .mem32_size = 0x2eff0000,
};

uint64_t boot_dtb_pa;
uint64_t boot_dtb_from_x0;
uint64_t boot_el;

static void parse_cpus(const void *fdt)
{
    int cpus = fdt_path(fdt, "/cpus");

    for (int n = cpus >= 0 ? fdt_first_child(fdt, cpus) : -1; n >= 0;
         n = fdt_next_sibling(fdt, n)) {
        const char *type = fdt_prop(fdt, n, "device_type", NULL);
        uint64_t reg, size;

        if (!type || strcmp(type, "cpu") || plat.nr_cpus >= PLAT_MAX_CPUS) {
            continue;
        }
        /* /cpus has #size-cells = 0: reg is the MPIDR alone */
        if (fdt_reg(fdt, cpus, n, 0, &reg, &size)) {
            plat.mpidr[plat.nr_cpus++] = reg;
        }
    }
}

/* PCI ranges: (flags, PCI address: 3 cells), CPU address, size. */
static void parse_pci_ranges(const void *fdt, int root, int n)
{
    int ac = fdt_prop_u32(fdt, root, "#address-cells", 2);
    int sc = fdt_prop_u32(fdt, n, "#size-cells", 2);
    int len, rec = 4 * (3 + ac + sc);
    const uint8_t *p = fdt_prop(fdt, n, "ranges", &len);

    for (int off = 0; p && off + rec <= len; off += rec) {
        uint32_t space = (fdt_cells(p + off, 1) >> 24) & 3;
        uint64_t cpu = fdt_cells(p + off + 12, ac);
        uint64_t size = fdt_cells(p + off + 12 + 4 * ac, sc);

        if (space == 1) {
            plat.pio_base = cpu;
            plat.pio_size = size;
        } else if (space == 2) {
            plat.mem32 = cpu;
            plat.mem32_size = size;
        }
    }
}

void dt_parse_platform(void)
{
    const void *fdt = p2v(boot_dtb_pa);
    int root, n;
    uint64_t a, s;
    const char *method;

    plat.fdt_pa = boot_dtb_pa;
    if (!fdt_check(fdt)) {
        return;
    }
    root = fdt_path(fdt, "/");
    n = fdt_next_compatible(fdt, -1, "arm,pl011");
    if (n >= 0 && fdt_reg(fdt, root, n, 0, &a, &s)) {
        plat.uart = a;
    }
    n = fdt_next_compatible(fdt, -1, "arm,gic-v3");
    plat.gic_v3 = n >= 0;
    if (n >= 0 && fdt_reg(fdt, root, n, 0, &a, &s)) {
        plat.gicd = a;
        if (fdt_reg(fdt, root, n, 1, &a, &s)) {
            plat.gicr = a;
            plat.gicr_size = s;
        }
        int its = fdt_next_compatible(fdt, n, "arm,gic-v3-its");

        plat.gits = 0;
        if (its >= 0 && fdt_reg(fdt, n, its, 0, &a, &s)) {
            plat.gits = a;
        }
    }
    n = fdt_path(fdt, "/psci");
    if (n < 0) {
        n = fdt_next_compatible(fdt, -1, "arm,psci-0.2");
    }
    plat.psci = n >= 0;
    method = n >= 0 ? fdt_prop(fdt, n, "method", NULL) : NULL;
    plat.psci_smc = method && !strcmp(method, "smc");
    parse_cpus(fdt);
    n = fdt_next_compatible(fdt, -1, "arm,armv8-timer");
    if (n >= 0) {
        int len;
        const uint8_t *irq = fdt_prop(fdt, n, "interrupts", &len);

        /* the third of secure, non-secure, virtual, hypervisor */
        if (irq && len >= 36) {
            plat.timer_intid = 16 + fdt_cells(irq + 24 + 4, 1);
        }
    }
    n = fdt_next_compatible(fdt, -1, "pci-host-ecam-generic");
    if (n >= 0 && fdt_reg(fdt, root, n, 0, &a, &s)) {
        plat.ecam = a;
        plat.ecam_size = s;
        parse_pci_ranges(fdt, root, n);
    }
}
