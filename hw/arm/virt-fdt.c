/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virt machine's device tree, built with libfdt from the board's
 * memory map and configuration (QEMU's node names and properties), or
 * read from -dtb.  Nodes: / (linux,dummy-virt), memory, cpus (+ cpu-map),
 * psci, timer, apb-pclk, intc (GICv2, or GICv3 with its redistributor
 * region and its ITS), pl011, pl031, fw-cfg, pcie (pci-host-ecam-generic:
 * ranges, bus-range, interrupt-map, msi-map with an ITS), chosen
 * (stdout-path, bootargs, linux,initrd-*).
 */
#include "qemu/osdep.h"
#include "hw/arm/virt.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/pci-host/gpex.h"
#include "hw/char/pl011.h"
#include "qapi/error.h"
#include <libfdt.h>

#define VIRT_FDT_SIZE 0x10000
#define PHANDLE_CLOCK 0x8000
#define PHANDLE_GIC 0x8001
#define PHANDLE_ITS 0x8002
#define PHANDLE_CPU0 0x8003

#define GIC_FDT_SPI 0
#define GIC_FDT_PPI 1
#define IRQ_TYPE_LEVEL_HIGH 4

/* Every call records the first libfdt error; the caller checks once. */
typedef struct FdtBuilder {
    void *fdt;
    int err;
} FdtBuilder;

static int fb_check(FdtBuilder *b, int ret)
{
    if (ret < 0 && !b->err) {
        b->err = ret;
    }
    return ret;
}

/*
 * Nodes are named by path: libfdt offsets move whenever the tree grows,
 * so every call looks its node up again.  Returns the new node's path.
 */
static char *G_GNUC_PRINTF(3, 4) fb_node(FdtBuilder *b, const char *parent,
                                         const char *fmt, ...)
{
    g_autofree char *name = NULL;
    int off = fb_check(b, fdt_path_offset(b->fdt, parent));
    va_list ap;

    va_start(ap, fmt);
    name = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (off >= 0) {
        fb_check(b, fdt_add_subnode(b->fdt, off, name));
    }
    return g_strdup_printf("%s/%s", strcmp(parent, "/") ? parent : "", name);
}

static void fb_prop(FdtBuilder *b, const char *node, const char *name,
                    const void *val, int len)
{
    int off = fb_check(b, fdt_path_offset(b->fdt, node));

    if (off >= 0) {
        fb_check(b, fdt_setprop(b->fdt, off, name, val, len));
    }
}

static void fb_cells(FdtBuilder *b, const char *node, const char *name,
                     const uint32_t *cells, int n)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n);

    for (int i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    fb_prop(b, node, name, be, n * 4);
}

static void fb_u32(FdtBuilder *b, const char *node, const char *name,
                   uint32_t v)
{
    fb_cells(b, node, name, &v, 1);
}

static void fb_u64(FdtBuilder *b, const char *node, const char *name,
                   uint64_t v)
{
    uint32_t c[2] = { v >> 32, v };

    fb_cells(b, node, name, c, 2);
}

static void fb_str(FdtBuilder *b, const char *node, const char *name,
                   const char *s)
{
    fb_prop(b, node, name, s, strlen(s) + 1);
}

/* A string list: "a\0b\0" */
static void fb_strs(FdtBuilder *b, const char *node, const char *name,
                    const char *const *list)
{
    GString *v = g_string_new(NULL);

    for (int i = 0; list[i]; i++) {
        g_string_append_len(v, list[i], strlen(list[i]) + 1);
    }
    fb_prop(b, node, name, v->str, v->len);
    g_string_free(v, true);
}

static void fb_empty(FdtBuilder *b, const char *node, const char *name)
{
    fb_prop(b, node, name, NULL, 0);
}

/* reg = <base size> with two address and two size cells per entry. */
static void fb_reg(FdtBuilder *b, const char *node, const VirtRegion *r, int n)
{
    uint32_t c[16];

    g_assert(n <= 4);
    for (int i = 0; i < n; i++) {
        c[4 * i] = virt_memmap[r[i]].base >> 32;
        c[4 * i + 1] = virt_memmap[r[i]].base;
        c[4 * i + 2] = virt_memmap[r[i]].size >> 32;
        c[4 * i + 3] = virt_memmap[r[i]].size;
    }
    fb_cells(b, node, "reg", c, 4 * n);
}

static char *fb_region_node(FdtBuilder *b, const char *name, VirtRegion r)
{
    return fb_node(b, "/", "%s@%" HWADDR_PRIx, name, virt_memmap[r].base);
}

/* ---- nodes ---- */

static void virt_fdt_root(FdtBuilder *b, VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    uint32_t mem[4] = {
        virt_memmap[VIRT_MEM].base >> 32, virt_memmap[VIRT_MEM].base,
        ms->ram_size >> 32, ms->ram_size
    };
    g_autofree char *mnode = fb_region_node(b, "memory", VIRT_MEM);
    g_autofree char *clk = fb_node(b, "/", "apb-pclk");

    fb_str(b, "/", "compatible", "linux,dummy-virt");
    fb_str(b, "/", "model", "linux,dummy-virt");
    fb_u32(b, "/", "#address-cells", 2);
    fb_u32(b, "/", "#size-cells", 2);
    fb_u32(b, "/", "interrupt-parent", PHANDLE_GIC);

    fb_str(b, mnode, "device_type", "memory");
    fb_cells(b, mnode, "reg", mem, 4);

    fb_str(b, clk, "compatible", "fixed-clock");
    fb_u32(b, clk, "#clock-cells", 0);
    fb_u32(b, clk, "clock-frequency", PL011_DEFAULT_CLK_HZ);
    fb_str(b, clk, "clock-output-names", "clk24mhz");
    fb_u32(b, clk, "phandle", PHANDLE_CLOCK);
}

static const char *virt_cpu_compatible(MachineState *ms)
{
    const char *m = ms->cpu_model;

    if (m && g_str_has_prefix(m, "cortex-")) {
        return m;
    }
    return "cortex-a57";
}

static void virt_fdt_cpus(FdtBuilder *b, VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    g_autofree char *compat = g_strdup_printf("arm,%s",
                                              virt_cpu_compatible(ms));
    g_autofree char *cpus = fb_node(b, "/", "cpus");
    g_autofree char *map = fb_node(b, cpus, "cpu-map");
    g_autofree char *socket = fb_node(b, map, "socket0");
    g_autofree char *cluster = fb_node(b, socket, "cluster0");

    fb_u32(b, cpus, "#address-cells", 1);
    fb_u32(b, cpus, "#size-cells", 0);
    for (int i = ms->smp.cpus - 1; i >= 0; i--) {
        uint64_t aff = gicv3_cpu_affinity(i);
        g_autofree char *node = fb_node(b, cpus, "cpu@%" PRIx64, aff);
        g_autofree char *core = fb_node(b, cluster, "core%d", i);

        fb_str(b, node, "device_type", "cpu");
        fb_str(b, node, "compatible", compat);
        fb_u32(b, node, "reg", aff);
        if (vms->psci_conduit != VIRT_PSCI_NONE) {
            fb_str(b, node, "enable-method", "psci");
        }
        fb_u32(b, node, "phandle", PHANDLE_CPU0 + i);
        fb_u32(b, core, "cpu", PHANDLE_CPU0 + i);
    }
}

static void virt_fdt_psci_timer(FdtBuilder *b, VirtMachineState *vms)
{
    static const char *const psci_compat[] = {
        "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL
    };
    static const char *const timer_compat[] = {
        "arm,armv8-timer", "arm,armv7-timer", NULL
    };
    const int ppis[4] = {
        VIRT_TIMER_S_EL1_PPI, VIRT_TIMER_NS_EL1_PPI, VIRT_TIMER_VIRT_PPI,
        VIRT_TIMER_NS_EL2_PPI
    };
    uint32_t irqs[12];
    g_autofree char *timer = fb_node(b, "/", "timer");

    if (vms->psci_conduit != VIRT_PSCI_NONE) {
        g_autofree char *node = fb_node(b, "/", "psci");

        fb_strs(b, node, "compatible", psci_compat);
        fb_str(b, node, "method",
               vms->psci_conduit == VIRT_PSCI_HVC ? "hvc" : "smc");
        fb_u32(b, node, "cpu_suspend", PSCI_CPU_SUSPEND | PSCI_0_2_64BIT);
        fb_u32(b, node, "cpu_off", PSCI_CPU_OFF);
        fb_u32(b, node, "cpu_on", PSCI_CPU_ON | PSCI_0_2_64BIT);
        fb_u32(b, node, "migrate", PSCI_MIGRATE | PSCI_0_2_64BIT);
    }
    for (int i = 0; i < 4; i++) {
        irqs[3 * i] = GIC_FDT_PPI;
        irqs[3 * i + 1] = ppis[i];
        irqs[3 * i + 2] = IRQ_TYPE_LEVEL_HIGH;
        if (vms->gic_version == 2) {    /* GICv2 PPIs carry a CPU mask */
            irqs[3 * i + 2] |= ((1u << MACHINE(vms)->smp.cpus) - 1) << 8;
        }
    }
    fb_strs(b, timer, "compatible", timer_compat);
    fb_cells(b, timer, "interrupts", irqs, 12);
    fb_empty(b, timer, "always-on");
}

static void virt_fdt_gic(FdtBuilder *b, VirtMachineState *vms)
{
    /* QEMU describes the whole redistributor region, not num-cpu frames */
    static const VirtRegion v3regs[2] = { VIRT_GIC_DIST, VIRT_GIC_REDIST };
    static const VirtRegion v2regs[2] = { VIRT_GIC_DIST, VIRT_GIC_CPU };
    bool v3 = vms->gic_version == 3;
    g_autofree char *node = fb_region_node(b, "intc", VIRT_GIC_DIST);

    fb_str(b, node, "compatible", v3 ? "arm,gic-v3" : "arm,cortex-a15-gic");
    fb_u32(b, node, "#interrupt-cells", 3);
    fb_empty(b, node, "interrupt-controller");
    fb_u32(b, node, "#address-cells", 2);
    fb_u32(b, node, "#size-cells", 2);
    fb_empty(b, node, "ranges");
    if (v3) {
        fb_u32(b, node, "#redistributor-regions", 1);
    }
    fb_reg(b, node, v3 ? v3regs : v2regs, 2);
    fb_u32(b, node, "phandle", PHANDLE_GIC);
    if (vms->its_dev) {
        VirtRegion r = VIRT_GIC_ITS;
        g_autofree char *its = fb_node(b, node, "its@%" HWADDR_PRIx,
                                       virt_memmap[r].base);

        fb_str(b, its, "compatible", "arm,gic-v3-its");
        fb_empty(b, its, "msi-controller");
        fb_u32(b, its, "#msi-cells", 1);
        fb_reg(b, its, &r, 1);
        fb_u32(b, its, "phandle", PHANDLE_ITS);
    }
}

/* A primecell with one SPI, clocked by apb-pclk. */
static void virt_fdt_primecell(FdtBuilder *b, const char *name,
                               VirtRegion r, int spi, bool uart)
{
    static const char *const uart_clocks[] = { "uartclk", "apb_pclk", NULL };
    static const char *const clocks[] = { "apb_pclk", NULL };
    const char *const compat[] = {
        uart ? "arm,pl011" : "arm,pl031", "arm,primecell", NULL
    };
    uint32_t irq[3] = { GIC_FDT_SPI, spi, IRQ_TYPE_LEVEL_HIGH };
    uint32_t clk[2] = { PHANDLE_CLOCK, PHANDLE_CLOCK };
    g_autofree char *node = fb_region_node(b, name, r);

    fb_strs(b, node, "compatible", compat);
    fb_reg(b, node, &r, 1);
    fb_cells(b, node, "interrupts", irq, 3);
    fb_cells(b, node, "clocks", clk, uart ? 2 : 1);
    fb_strs(b, node, "clock-names", uart ? uart_clocks : clocks);
}

static void virt_fdt_fw_cfg(FdtBuilder *b)
{
    VirtRegion r = VIRT_FW_CFG;
    g_autofree char *node = fb_region_node(b, "fw-cfg", r);

    fb_str(b, node, "compatible", "qemu,fw-cfg-mmio");
    fb_reg(b, node, &r, 1);
    fb_empty(b, node, "dma-coherent");
}

/* interrupt-map: slot s, pin p (1..4) -> SPI VIRT_PCIE_SPI + swizzle. */
static void virt_fdt_pcie_irqs(FdtBuilder *b, const char *node)
{
    uint32_t map[4 * 4 * 10];
    uint32_t mask[4] = { 0x1800, 0, 0, 7 };
    uint32_t *m = map;

    for (int slot = 0; slot < 4; slot++) {
        for (int pin = 0; pin < 4; pin++) {
            uint32_t e[10] = {
                slot << 11, 0, 0, pin + 1, PHANDLE_GIC, 0, 0, GIC_FDT_SPI,
                VIRT_PCIE_SPI + gpex_swizzle(slot, pin), IRQ_TYPE_LEVEL_HIGH
            };

            memcpy(m, e, sizeof(e));
            m += 10;
        }
    }
    fb_cells(b, node, "interrupt-map", map, G_N_ELEMENTS(map));
    fb_cells(b, node, "interrupt-map-mask", mask, 4);
    fb_u32(b, node, "#interrupt-cells", 1);
}

static void virt_fdt_pcie(FdtBuilder *b, VirtMachineState *vms)
{
    VirtRegion ecam = virt_ecam_region(vms);
    const VirtMemMapEntry *pio = &virt_memmap[VIRT_PCIE_PIO];
    const VirtMemMapEntry *mmio = &virt_memmap[VIRT_PCIE_MMIO];
    const VirtMemMapEntry *high = &virt_memmap[VIRT_HIGH_PCIE_MMIO];
    uint32_t ranges[21] = {
        0x01000000, 0, 0, pio->base >> 32, pio->base, 0, pio->size,
        0x02000000, mmio->base >> 32, mmio->base, mmio->base >> 32,
        mmio->base, mmio->size >> 32, mmio->size,
        0x03000000, high->base >> 32, high->base, high->base >> 32,
        high->base, high->size >> 32, high->size,
    };
    uint32_t bus_range[2] = { 0, (virt_memmap[ecam].size >> 20) - 1 };
    g_autofree char *node = fb_region_node(b, "pcie", VIRT_PCIE_MMIO);

    fb_str(b, node, "compatible", "pci-host-ecam-generic");
    fb_str(b, node, "device_type", "pci");
    fb_u32(b, node, "#address-cells", 3);
    fb_u32(b, node, "#size-cells", 2);
    fb_u32(b, node, "linux,pci-domain", 0);
    fb_cells(b, node, "bus-range", bus_range, 2);
    fb_empty(b, node, "dma-coherent");
    fb_reg(b, node, &ecam, 1);
    fb_cells(b, node, "ranges", ranges, vms->highmem ? 21 : 14);
    virt_fdt_pcie_irqs(b, node);
    if (vms->its_dev) {
        /* requester id = DeviceID, all 64 Ki of them */
        uint32_t msi_map[4] = { 0, PHANDLE_ITS, 0, 0x10000 };

        fb_cells(b, node, "msi-map", msi_map, 4);
    }
}

/* /chosen: console, command line and initrd (placed as the loader will). */
static void virt_fdt_chosen(FdtBuilder *b, const VirtFdtChosen *c)
{
    const char *node = "/chosen";

    if (fdt_path_offset(b->fdt, node) < 0) {
        g_free(fb_node(b, "/", "chosen"));
    }
    if (c->stdout_path) {
        fb_str(b, node, "stdout-path", c->stdout_path);
    }
    if (c->bootargs) {
        fb_str(b, node, "bootargs", c->bootargs);
    }
    if (c->initrd_size) {
        fb_u64(b, node, "linux,initrd-start", c->initrd_base);
        fb_u64(b, node, "linux,initrd-end", c->initrd_base + c->initrd_size);
    }
}

/* Pack the tree; on success it becomes *@out (the caller frees it). */
static bool virt_fdt_finish(FdtBuilder *b, void **out, int *size,
                            const char *what, Error **errp)
{
    if (!b->err) {
        b->err = fdt_pack(b->fdt);
    }
    if (b->err) {
        error_setg(errp, "%s: %s", what, fdt_strerror(b->err));
        g_free(b->fdt);
        return false;
    }
    *out = b->fdt;
    *size = fdt_totalsize(b->fdt);
    return true;
}

static void virt_fdt_set(VirtMachineState *vms, void *fdt, int size)
{
    g_free(vms->fdt);
    vms->fdt = fdt;
    vms->fdt_size = size;
}

bool virt_fdt_build(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    g_autofree char *uart = g_strdup_printf("/pl011@%" HWADDR_PRIx,
                                            virt_memmap[VIRT_UART].base);
    VirtFdtChosen chosen = {
        .stdout_path = uart, .bootargs = ms->kernel_cmdline,
        .initrd_base = vms->initrd_base, .initrd_size = vms->initrd_size,
    };
    FdtBuilder b = { .fdt = g_malloc0(VIRT_FDT_SIZE) };
    void *fdt;
    int size;

    fb_check(&b, fdt_create_empty_tree(b.fdt, VIRT_FDT_SIZE));
    if (!b.err) {
        virt_fdt_root(&b, vms);
        virt_fdt_cpus(&b, vms);
        virt_fdt_psci_timer(&b, vms);
        virt_fdt_gic(&b, vms);
        virt_fdt_primecell(&b, "pl011", VIRT_UART, VIRT_UART_SPI, true);
        virt_fdt_primecell(&b, "pl031", VIRT_RTC, VIRT_RTC_SPI, false);
        virt_fdt_fw_cfg(&b);
        virt_fdt_pcie(&b, vms);
        virt_fdt_chosen(&b, &chosen);
    }
    if (!virt_fdt_finish(&b, &fdt, &size, "could not build the device tree",
                         errp)) {
        return false;
    }
    virt_fdt_set(vms, fdt, size);
    return true;
}

void *virt_fdt_import(const void *buf, size_t len, const VirtFdtChosen *c,
                      const char *file, int *size, Error **errp)
{
    int ret = len < FDT_V1_SIZE ? -FDT_ERR_TRUNCATED : fdt_check_full(buf,
                                                                      len);
    FdtBuilder b = { 0 };
    void *fdt;

    if (ret) {
        error_setg(errp, "Unable to open device tree file '%s': %s", file,
                   fdt_strerror(ret));
        return NULL;
    }
    b.fdt = g_malloc0(fdt_totalsize(buf) + VIRT_FDT_SIZE);
    fb_check(&b, fdt_open_into(buf, b.fdt,
                               fdt_totalsize(buf) + VIRT_FDT_SIZE));
    if (!b.err) {
        virt_fdt_chosen(&b, c);
    }
    if (!virt_fdt_finish(&b, &fdt, size, "could not update the device tree",
                         errp)) {
        return NULL;
    }
    return fdt;
}

bool virt_fdt_load(VirtMachineState *vms, const char *file, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    VirtFdtChosen chosen = {
        .bootargs = ms->kernel_cmdline,
        .initrd_base = vms->initrd_base, .initrd_size = vms->initrd_size,
    };
    g_autofree char *buf = NULL;
    gsize len;
    void *fdt;
    int size;

    if (!g_file_get_contents(file, &buf, &len, NULL)) {
        error_setg(errp, "Unable to get size of device tree file '%s'", file);
        return false;
    }
    fdt = virt_fdt_import(buf, len, &chosen, file, &size, errp);
    if (!fdt) {
        return false;
    }
    virt_fdt_set(vms, fdt, size);
    return true;
}
