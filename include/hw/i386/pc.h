/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "pc" machine (Standard PC, i440FX + PIIX, 1996): board state other
 * areas attach to.  The board itself is described in hw/i386/pc.c and
 * docs/devel/pc-machine.md.
 */
#ifndef HW_I386_PC_H
#define HW_I386_PC_H

#include "hw/core/machine.h"
#include "hw/isa/isa.h"
#include "hw/intc/ioapic.h"
#include "hw/core/loader.h"

#define TYPE_PC_MACHINE "pc" TYPE_MACHINE_SUFFIX
#define PC_NUM_GSI IOAPIC_NUM_PINS
/* Highest end of RAM below 4 GiB; the rest of RAM goes above 4 GiB. */
/* Low RAM ends where the ECAM window starts, as on q35. */
#define PC_BELOW_4G_MAX 0xb0000000ULL
#define PC_ABOVE_4G_BASE 0x100000000ULL
/* -smp limit: vCPUs run round-robin in one thread. */
#define PC_MAX_CPUS 8
/* The MSI window: writes here are APIC bus messages. */
#define PC_MSI_BASE 0xfee00000ULL
#define PC_MSI_SIZE 0x100000ULL

struct PCMachineState;

/* One vCPU of the board: the scheduler's and the APIC's opaque. */
typedef struct PCCPU {
    struct PCMachineState *pcms;
    struct X86CPU *cpu;
    struct APICState *apic;
} PCCPU;

typedef struct PCMachineState {
    MachineState parent_obj;

    uint64_t below_4g_mem_size;
    uint64_t above_4g_mem_size;
    MemoryRegion ram_below_4g;          /* aliases of ms->ram */
    MemoryRegion ram_above_4g;

    /*
     * Interrupt wiring.  isa_irqs[n] (ISA IRQ n) drives i8259 input n and
     * IOAPIC pin n, except ISA IRQ 0 which reaches IOAPIC pin 2 (the usual
     * interrupt source override).  gsi[n] drives IOAPIC pin n and, for
     * n < 16, i8259 input n (PCI INTx routing, QEMU's GSI semantics).
     * pic[0] is the master: its GPIO output 0 is INTR (cpu_intr below;
     * unconnected under -accel qtest).
     */
    qemu_irq isa_irqs[ISA_NUM_IRQS];
    qemu_irq gsi[PC_NUM_GSI];
    DeviceState *pic[2];
    DeviceState *ioapic;
    DeviceState *rtc;
    ISABridge *isa_bridge;

    /*
     * The boot CPU (x86 engine; none with -accel qtest) and its INTR line,
     * driven by the master i8259's output.
     */
    struct X86CPU *cpu;
    qemu_irq cpu_intr;

    /*
     * SMP: cpus[0] is the BSP (cpu above), APs wait for INIT/SIPI.  The
     * APIC bus joins the local APICs, the IOAPIC and the MSI window.
     */
    PCCPU cpus[PC_MAX_CPUS];
    unsigned nr_cpus;
    struct APICBus *apic_bus;
    GPtrArray *cpu_siblings;        /* X86CPU *, for code invalidation */
    MemoryRegion msi_window;

    /* -kernel: the file, kept to reload it at every reset (pc-boot.md). */
    gchar *kernel;
    gsize kernel_size;
    ElfImage elf;
    struct Multiboot *multiboot;    /* -kernel has a Multiboot header */

    /*
     * -machine confidential-guest-support=ID: the sev-snp-guest object
     * and the engine's SEV-SNP state of the vCPUs (NULL without).
     */
    struct SevSnpGuest *sev;
    struct X86SevVM *sev_vm;
} PCMachineState;

#define PC_MACHINE(obj) OBJECT_CHECK(PCMachineState, (obj), TYPE_PC_MACHINE)

extern const TypeInfo pc_machine_type_info;

#endif
