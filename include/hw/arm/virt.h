/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Arm "virt" machine (hw/arm/virt.c, docs/arm-virt.md): the memory
 * map as data, the board state, and the device-tree builder shared with
 * hw/arm/virt-fdt.c.
 */
#ifndef HW_ARM_VIRT_H
#define HW_ARM_VIRT_H

#include "hw/core/machine.h"
#include "hw/core/irq.h"
#include "hw/arm/psci.h"
#include "hw/arm/boot.h"
#include "hw/arm/semihosting.h"
#include "qemu/timer.h"

#define TYPE_VIRT_MACHINE "virt" TYPE_MACHINE_SUFFIX
#define VIRT_MAX_CPUS 8

typedef enum VirtRegion {
    VIRT_FLASH,
    VIRT_GIC_DIST,
    VIRT_GIC_CPU,
    VIRT_GIC_ITS,
    VIRT_GIC_REDIST,
    VIRT_UART,
    VIRT_RTC,
    VIRT_FW_CFG,
    VIRT_PCIE_MMIO,
    VIRT_PCIE_PIO,
    VIRT_PCIE_ECAM,
    VIRT_MEM,
    VIRT_HIGH_PCIE_ECAM,
    VIRT_HIGH_PCIE_MMIO,
    VIRT_NUM_REGIONS
} VirtRegion;

typedef struct VirtMemMapEntry {
    hwaddr base;
    hwaddr size;
} VirtMemMapEntry;

/* QEMU's virt layout (hw/arm/virt.c base_memmap and extended_memmap). */
extern const VirtMemMapEntry virt_memmap[VIRT_NUM_REGIONS];

/* SPI numbers (GIC INTID - 32) */
#define VIRT_UART_SPI 1
#define VIRT_RTC_SPI 2
#define VIRT_PCIE_SPI 3             /* 4 lines: INTA..INTD after swizzle */
#define VIRT_NUM_IRQS 256           /* SPIs */

/* PPIs of the generic timer and PMU (INTID - 16) */
#define VIRT_TIMER_S_EL1_PPI 13
#define VIRT_TIMER_NS_EL1_PPI 14
#define VIRT_TIMER_VIRT_PPI 11
#define VIRT_TIMER_NS_EL2_PPI 10

typedef struct FWCfgState FWCfgState;
typedef struct GPEXHost GPEXHost;

typedef enum VirtPSCIConduit {
    VIRT_PSCI_NONE,                 /* secure=on: EL3 firmware's job */
    VIRT_PSCI_HVC,
    VIRT_PSCI_SMC,
} VirtPSCIConduit;

typedef struct VirtMachineState {
    MachineState parent_obj;

    /* -machine properties */
    char *gic_version_str;          /* "gic-version": 2, 3, host, max */
    bool its;
    bool highmem;
    bool secure;
    bool virtualization;

    int gic_version;                /* 2 or 3 */
    VirtPSCIConduit psci_conduit;
    MemoryRegion flash[2];
    MemoryRegion pcie_mmio, pcie_mmio_high, pcie_pio;
    DeviceState *gic;
    DeviceState *its_dev;           /* GICv3 ITS (its=on), or NULL */
    DeviceState *uart;
    DeviceState *rtc;
    GPEXHost *pcie;
    FWCfgState *fw_cfg;
    ARMPSCIState psci;

    /* -initrd: the file, copied into RAM at initrd_base at every reset */
    char *initrd;
    gsize initrd_size;
    hwaddr initrd_base;

    /* The device tree handed to the guest (built, or -dtb). */
    void *fdt;
    int fdt_size;

    /* CPUs (none under -accel qtest), hw/arm/virt-cpu.c */
    unsigned num_cpus;
    struct ARMCPU *cpus[VIRT_MAX_CPUS];
    QEMUTimer *gt_timer[VIRT_MAX_CPUS];
    qemu_irq cpu_irq[2 * VIRT_MAX_CPUS];    /* IRQ, FIQ of each CPU */
    ArmBootInfo boot;                       /* -kernel */
    bool semihosting;                       /* -semihosting */
    ArmSemiConfig semi;
} VirtMachineState;

#define VIRT_MACHINE(obj) \
    OBJECT_CHECK(VirtMachineState, (obj), TYPE_VIRT_MACHINE)

extern const TypeInfo virt_machine_type_info;

/* The region the ECAM window occupies (low, or high with highmem). */
VirtRegion virt_ecam_region(const VirtMachineState *vms);

/*
 * Build vms->fdt for the configured board (virt-fdt.c; without libfdt
 * this fails with an error).  Read @file into vms->fdt instead when
 * -dtb is given (checked with fdt_check_header).
 */
bool virt_fdt_build(VirtMachineState *vms, Error **errp);
bool virt_fdt_load(VirtMachineState *vms, const char *file, Error **errp);

/* What /chosen gets (NULL / 0: left alone). */
typedef struct VirtFdtChosen {
    const char *stdout_path;
    const char *bootargs;
    hwaddr initrd_base;
    uint64_t initrd_size;
} VirtFdtChosen;

/*
 * The -dtb path on a buffer: check @buf (@len bytes, the contents of
 * @file) with fdt_check_full, copy it with room to grow, update /chosen.
 * Returns the new tree (g_free it) and its size, or NULL with @errp set.
 * Any input is safe (tests/fuzz/fuzz-fdt-dtb.c).
 */
/* virt-cpu.c: CPU creation and wiring, power-on reset, PSCI hooks. */
bool virt_init_cpus(VirtMachineState *vms, Error **errp);
void virt_cpus_reset(VirtMachineState *vms);
void virt_cpus_finalize(VirtMachineState *vms);
void virt_psci_cpu_on(void *opaque, unsigned cpu, uint64_t entry,
                      uint64_t context_id);
void virt_psci_cpu_off(void *opaque, unsigned cpu);
void virt_psci_cpu_standby(void *opaque, unsigned cpu);

void *virt_fdt_import(const void *buf, size_t len, const VirtFdtChosen *c,
                      const char *file, int *size, Error **errp);

#endif
