/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Arm "virt" machine: QEMU's memory map and devices for Linux guests,
 * described to the guest by a device tree (hw/arm/virt-fdt.c).
 *
 * Memory map (virt_memmap[] below, QEMU's addresses):
 *   0x00000000  flash0, flash1 (64 MiB each, ROM of zeros: no CFI yet)
 *   0x08000000  GIC distributor         0x08010000  GICv2 CPU interface
 *   0x08080000  GICv3 ITS               0x080a0000  GICv3 redistributors
 *   0x09000000  pl011 (SPI 1)           0x09010000  pl031 (SPI 2)
 *   0x09020000  fw_cfg (data +0, selector +8, DMA +16)
 *   0x10000000  PCIe MMIO window (to 0x3efeffff, PCI address = CPU address)
 *   0x3eff0000  PCIe PIO window (64 KiB)
 *   0x3f000000  PCIe ECAM, 16 buses (highmem=off)
 *   0x40000000  RAM (-m; up to 255 GiB, 3 GiB with highmem=off)
 *   0x4010000000  PCIe ECAM, 256 buses (highmem=on, the default)
 *   0x8000000000  PCIe 64-bit MMIO window, 512 GiB (highmem=on)
 * PCIe INTA..D (after the swizzle) are SPIs 3..6.
 *
 * Properties: gic-version (2, the default as on QEMU, or 3; "host" and
 * "max" mean 3), its (GICv3: an ITS for MSIs, default on), highmem, secure
 * and virtualization (they choose the PSCI conduit: HVC by default, SMC
 * with virtualization=on, none with secure=on), dumpdtb, dtb.
 *
 * CPUs (hw/arm/virt-cpu.c): -smp N A64 CPUs of -cpu cortex-a57 (the
 * default) or max, wired to the GIC, generic timers and PSCI.  Under
 * -accel qtest the board runs without CPUs.  -kernel (hw/arm/boot.c):
 * an arm64 Image, ELF or raw binary, entered with x0 = the DTB's address.
 */
#include "qemu/osdep.h"
#include "hw/arm/virt.h"
#include "hw/core/sysbus.h"
#include "hw/char/pl011.h"
#include "hw/rtc/pl031.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/intc/arm_gic.h"
#include "hw/intc/arm_gicv3_its.h"
#include "hw/pci-host/gpex.h"
#include "hw/nvram/fw_cfg.h"
#include "accel/accel.h"
#include "hw/arm/virt-kvm.h"
#include "system/runstate.h"
#include "qapi/error.h"

#define GiB (1024ULL * 1024 * 1024)
#define MiB (1024ULL * 1024)

const VirtMemMapEntry virt_memmap[VIRT_NUM_REGIONS] = {
    [VIRT_FLASH] =          { 0x00000000, 0x08000000 },
    [VIRT_GIC_DIST] =       { 0x08000000, 0x00010000 },
    [VIRT_GIC_CPU] =        { 0x08010000, 0x00010000 },
    [VIRT_GIC_ITS] =        { 0x08080000, 0x00020000 },
    [VIRT_GIC_REDIST] =     { 0x080a0000, 0x00f60000 },
    [VIRT_UART] =           { 0x09000000, 0x00001000 },
    [VIRT_RTC] =            { 0x09010000, 0x00001000 },
    [VIRT_FW_CFG] =         { 0x09020000, 0x00000018 },
    [VIRT_PCIE_MMIO] =      { 0x10000000, 0x2eff0000 },
    [VIRT_PCIE_PIO] =       { 0x3eff0000, 0x00010000 },
    [VIRT_PCIE_ECAM] =      { 0x3f000000, 0x01000000 },
    [VIRT_MEM] =            { 0x40000000, 255 * GiB },
    [VIRT_HIGH_PCIE_ECAM] = { 0x4010000000ULL, 0x10000000 },
    [VIRT_HIGH_PCIE_MMIO] = { 0x8000000000ULL, 0x8000000000ULL },
};

/* The simple devices: one MMIO region and one SPI each. */
typedef struct VirtBoardDevice {
    const char *type;
    const char *name;           /* child of /machine */
    VirtRegion region;
    int spi;
} VirtBoardDevice;

static const VirtBoardDevice virt_devices[] = {
    { TYPE_PL011, "pl011", VIRT_UART, VIRT_UART_SPI },
    { TYPE_PL031, "pl031", VIRT_RTC, VIRT_RTC_SPI },
};

VirtRegion virt_ecam_region(const VirtMachineState *vms)
{
    return vms->highmem ? VIRT_HIGH_PCIE_ECAM : VIRT_PCIE_ECAM;
}

static qemu_irq virt_spi(VirtMachineState *vms, int spi)
{
    if (accel_is(MACHINE(vms), "kvm")) {
        return virt_kvm_spi(vms, spi);  /* the in-kernel GICv3 */
    }
    return qdev_get_gpio_in(vms->gic, spi);
}

static bool virt_parse_options(VirtMachineState *vms, Error **errp)
{
    const char *v = vms->gic_version_str;
    MachineState *ms = MACHINE(vms);
    uint64_t max_ram = vms->highmem ? virt_memmap[VIRT_MEM].size
                                    : 4 * GiB - virt_memmap[VIRT_MEM].base;

    if (!v || !strcmp(v, "2")) {
        vms->gic_version = 2;           /* QEMU's default */
    } else if (!strcmp(v, "3") || !strcmp(v, "host") || !strcmp(v, "max")) {
        vms->gic_version = 3;
    } else {
        error_setg(errp, "Invalid gic-version value");
        error_append_hint(errp, "Valid values are 3, 2, host, max.\n");
        return false;
    }
    if (ms->ram_size > max_ram) {
        error_setg(errp, "mach-virt: cannot model more than %" PRIu64 "GB "
                   "RAM", (uint64_t)(max_ram / GiB));
        return false;
    }
    vms->psci_conduit = vms->secure ? VIRT_PSCI_NONE :
                        vms->virtualization ? VIRT_PSCI_SMC : VIRT_PSCI_HVC;
    return true;
}

static bool virt_init_memory(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    hwaddr bank = virt_memmap[VIRT_FLASH].size / 2;

    for (int i = 0; i < 2; i++) {
        g_autofree char *name = g_strdup_printf("virt.flash%d", i);

        if (!memory_region_init_rom(&vms->flash[i], vms, name, bank, errp)) {
            return false;
        }
        memory_region_add_subregion(ms->system_memory,
                                    virt_memmap[VIRT_FLASH].base + i * bank,
                                    &vms->flash[i]);
    }
    if (ms->ram) {
        memory_region_add_subregion(ms->system_memory,
                                    virt_memmap[VIRT_MEM].base, ms->ram);
    }
    return true;
}

/* The ITS at 0x08080000, feeding the GICv3's LPIs (MSIs of PCIe). */
static bool virt_init_its(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    DeviceState *its = DEVICE(object_new(TYPE_ARM_GICV3_ITS));
    bool ok = object_property_set_link(OBJECT(its), "gic", OBJECT(vms->gic),
                                       errp) &&
              sysbus_add_board_device(ms, its, "gic-its", ms->sysbus,
                                      errp);

    object_unref(OBJECT(its));
    if (ok) {
        vms->its_dev = its;
        sysbus_mmio_map(SYS_BUS_DEVICE(its), 0,
                        virt_memmap[VIRT_GIC_ITS].base);
    }
    return ok;
}

/* GICv3: distributor + redistributors; GICv2: distributor + CPU if. */
static bool virt_init_gic(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    bool v3 = vms->gic_version == 3;
    DeviceState *gic = DEVICE(object_new(v3 ? TYPE_ARM_GICV3 : TYPE_ARM_GIC));
    bool ok;

    ok = object_property_set_uint(OBJECT(gic), "num-cpu", ms->smp.cpus,
                                  errp) &&
         object_property_set_uint(OBJECT(gic), "num-irq",
                                  VIRT_NUM_IRQS + 32, errp) &&
         (!v3 || object_property_set_bool(OBJECT(gic), "has-lpis", vms->its,
                                          errp)) &&
         sysbus_add_board_device(ms, gic, "gic", ms->sysbus, errp);
    object_unref(OBJECT(gic));
    if (!ok) {
        return false;
    }
    vms->gic = gic;
    sysbus_mmio_map(SYS_BUS_DEVICE(gic), 0, virt_memmap[VIRT_GIC_DIST].base);
    sysbus_mmio_map(SYS_BUS_DEVICE(gic), 1,
                    virt_memmap[v3 ? VIRT_GIC_REDIST : VIRT_GIC_CPU].base);
    return !v3 || !vms->its || virt_init_its(vms, errp);
}

static bool virt_init_devices(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);

    for (size_t i = 0; i < G_N_ELEMENTS(virt_devices); i++) {
        const VirtBoardDevice *d = &virt_devices[i];
        DeviceState *dev = sysbus_create_simple(
            ms, d->type, d->name, virt_memmap[d->region].base,
            virt_spi(vms, d->spi), errp);

        if (!dev) {
            return false;
        }
        if (d->region == VIRT_UART) {
            vms->uart = dev;
        } else {
            vms->rtc = dev;
        }
    }
    vms->fw_cfg = fw_cfg_init_mem_wide(ms, virt_memmap[VIRT_FW_CFG].base + 8,
                                       virt_memmap[VIRT_FW_CFG].base, 8,
                                       virt_memmap[VIRT_FW_CFG].base + 16,
                                       &ms->as_memory, errp);
    if (!vms->fw_cfg) {
        return false;
    }
    fw_cfg_add_machine_items(vms->fw_cfg, ms);
    return true;
}

/* A window of the PCI space @space, at the same address for the CPU. */
static void virt_pcie_window(VirtMachineState *vms, MemoryRegion *alias,
                             const char *name, MemoryRegion *space,
                             VirtRegion r, hwaddr pci_base)
{
    MachineState *ms = MACHINE(vms);

    memory_region_init_alias(alias, vms, name, space, pci_base,
                             virt_memmap[r].size);
    memory_region_add_subregion(ms->system_memory, virt_memmap[r].base,
                                alias);
}

static bool virt_init_pcie(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    VirtRegion ecam = virt_ecam_region(vms);
    DeviceState *dev = DEVICE(object_new(TYPE_GPEX_HOST));
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    bool ok;

    ok = object_property_set_uint(OBJECT(dev), "ecam-size",
                                  virt_memmap[ecam].size, errp) &&
         sysbus_add_board_device(ms, dev, "gpex", ms->sysbus, errp);
    object_unref(OBJECT(dev));
    if (!ok) {
        return false;
    }
    vms->pcie = GPEX_HOST(dev);
    sysbus_mmio_map(sbd, 0, virt_memmap[ecam].base);
    virt_pcie_window(vms, &vms->pcie_mmio, "pcie-mmio-window",
                     &vms->pcie->mem, VIRT_PCIE_MMIO,
                     virt_memmap[VIRT_PCIE_MMIO].base);
    if (vms->highmem) {
        virt_pcie_window(vms, &vms->pcie_mmio_high, "pcie-mmio-high",
                         &vms->pcie->mem, VIRT_HIGH_PCIE_MMIO,
                         virt_memmap[VIRT_HIGH_PCIE_MMIO].base);
    }
    virt_pcie_window(vms, &vms->pcie_pio, "pcie-pio-window", &vms->pcie->io,
                     VIRT_PCIE_PIO, 0);
    for (int i = 0; i < GPEX_NUM_IRQS; i++) {
        sysbus_connect_irq(sbd, i, virt_spi(vms, VIRT_PCIE_SPI + i));
    }
    return true;
}

/*
 * -initrd goes where QEMU's loader puts it when the kernel is small: at
 * RAM + min(RAM / 2, 128 MiB).  Read once here, copied at every reset.
 */
static bool virt_init_initrd(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);
    const char *file = ms->initrd_filename;

    if (!file) {
        return true;
    }
    if (!g_file_get_contents(file, &vms->initrd, &vms->initrd_size, NULL)) {
        error_setg(errp, "could not load initial ram disk '%s'", file);
        return false;
    }
    vms->initrd_base = MIN(ms->ram_size / 2, 128 * MiB);
    if (vms->initrd_size > ms->ram_size - vms->initrd_base) {
        error_setg(errp, "could not load initial ram disk '%s': it does "
                   "not fit in RAM", file);
        return false;
    }
    vms->initrd_base += virt_memmap[VIRT_MEM].base;
    return true;
}

/* -machine dumpdtb=FILE: write the tree and quit, as QEMU does. */
static bool virt_dumpdtb(VirtMachineState *vms, Error **errp)
{
    const char *file = MACHINE(vms)->dumpdtb;
    GError *gerr = NULL;

    if (!g_file_set_contents(file, vms->fdt, vms->fdt_size, &gerr)) {
        error_setg(errp, "Failed dumping dtb to %s: %s", file,
                   gerr->message);
        g_error_free(gerr);
        return false;
    }
    info_report("dtb dumped to %s. Exiting.", file);
    return true;
}

static bool virt_init_fdt(VirtMachineState *vms, Error **errp)
{
    MachineState *ms = MACHINE(vms);

    if (ms->dtb ? !virt_fdt_load(vms, ms->dtb, errp)
                : !virt_fdt_build(vms, errp)) {
        return false;
    }
    if (ms->dumpdtb) {
        if (!virt_dumpdtb(vms, errp)) {
            return false;
        }
        exit(0);                /* startup only: nothing runs yet */
    }
    return true;
}

/* PSCI's board side; CPU power control arrives with the CPU. */
static void virt_psci_system_off(void *opaque)
{
    qemu_system_shutdown_request(MACHINE(opaque),
                                 SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
}

static void virt_psci_system_reset(void *opaque)
{
    qemu_system_reset_request(MACHINE(opaque), SHUTDOWN_CAUSE_GUEST_RESET);
}

static const ARMPSCIOps virt_psci_ops = {
    .cpu_on = virt_psci_cpu_on,
    .cpu_off = virt_psci_cpu_off,
    .cpu_standby = virt_psci_cpu_standby,
    .system_off = virt_psci_system_off,
    .system_reset = virt_psci_system_reset,
};

static bool virt_init(MachineState *ms, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(ms);
    uint64_t mpidr[VIRT_MAX_CPUS];
    bool kvm = accel_is(ms, "kvm");

    /* Under KVM the GIC, the vCPUs, the timers and PSCI are the kernel's. */
    if (!virt_parse_options(vms, errp) || !virt_init_memory(vms, errp) ||
        !(kvm ? virt_kvm_init(vms, errp) : virt_init_gic(vms, errp)) ||
        !virt_init_devices(vms, errp) ||
        !virt_init_pcie(vms, errp)) {
        return false;
    }
    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        mpidr[i] = gicv3_cpu_affinity(i);
    }
    arm_psci_init(&vms->psci, ms->smp.cpus, mpidr, &virt_psci_ops, vms);
    if (!virt_init_initrd(vms, errp) || !virt_init_fdt(vms, errp)) {
        return false;
    }
    if (ms->kernel_filename &&
        !arm_boot_init(&vms->boot, ms->kernel_filename,
                       virt_memmap[VIRT_MEM].base, ms->ram_size,
                       vms->initrd_base,
                       vms->initrd_base + vms->initrd_size, vms->fdt_size,
                       errp)) {
        return false;
    }
    /* qtest drives the devices from outside: no guest code runs. */
    return accel_is_qtest(ms) || kvm || virt_init_cpus(vms, errp);
}

static void virt_machine_reset(MachineState *ms, ShutdownCause cause)
{
    VirtMachineState *vms = VIRT_MACHINE(ms);

    arm_psci_reset(&vms->psci);
    if (vms->initrd) {
        address_space_write(&ms->as_memory, vms->initrd_base,
                            MEMTXATTRS_UNSPECIFIED, vms->initrd,
                            vms->initrd_size);
    }
    if (accel_is(ms, "kvm")) {
        Error *err = NULL;

        if (vms->boot.format != ARM_BOOT_NONE &&
            (!arm_boot_load(&vms->boot, &ms->as_memory, vms->fdt,
                            vms->fdt_size, &err) ||
             !virt_kvm_set_boot(vms, vms->boot.entry, vms->boot.dtb_addr,
                                &err))) {
            error_report_err(err);
        }
        virt_kvm_reset(vms);    /* KVM_ARM_VCPU_INIT, then the entry */
        return;
    }
    virt_cpus_reset(vms);
}

static void virt_machine_finalize(Object *obj)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    for (int i = 0; i < 2; i++) {
        memory_region_finalize(&vms->flash[i]);
    }
    memory_region_finalize(&vms->pcie_mmio);
    memory_region_finalize(&vms->pcie_mmio_high);
    memory_region_finalize(&vms->pcie_pio);
    virt_cpus_finalize(vms);
    arm_boot_free(&vms->boot);
    g_free(vms->fdt);
    g_free(vms->initrd);
}

static void virt_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "virt";
    mc->max_cpus = VIRT_MAX_CPUS;
    mc->default_ram_size = 128 * MiB;
    mc->default_ram_id = "mach-virt.ram";
    mc->init = virt_init;
    mc->reset = virt_machine_reset;
}

static const Property virt_props[] = {
    DEFINE_PROP_STRING("gic-version", VirtMachineState, gic_version_str,
                       "Set GIC version. Valid values are 2, 3, host "
                       "and max"),
    DEFINE_PROP_BOOL("its", VirtMachineState, its, true,
                     "Set on/off to enable/disable ITS instantiation"),
    DEFINE_PROP_BOOL("highmem", VirtMachineState, highmem, true,
                     "Set on/off to enable/disable using physical address "
                     "space above 32 bits"),
    DEFINE_PROP_BOOL("secure", VirtMachineState, secure, false,
                     "Set on/off to enable/disable the ARM Security "
                     "Extensions (TrustZone)"),
    DEFINE_PROP_BOOL("virtualization", VirtMachineState, virtualization,
                     false, "Set on/off to enable/disable emulating a guest "
                     "CPU which implements the ARM Virtualization "
                     "Extensions"),
    DEFINE_PROP_END_OF_LIST(),
};

const TypeInfo virt_machine_type_info = {
    .name = TYPE_VIRT_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(VirtMachineState),
    .desc = "QEMU 10.0 ARM Virtual Machine",
    .instance_finalize = virt_machine_finalize,
    .class_init = virt_machine_class_init,
    .props = virt_props,
};
