/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The local APIC (one per CPU) and the APIC bus that joins them.  The
 * device contract is in hw/intc/apic.c; docs/devel/apic.md explains the
 * CPU-side interface.  Nothing here depends on the CPU engine: the CPU
 * side gives the APIC an APICCpuOps table and calls the functions below.
 */
#ifndef HW_INTC_APIC_H
#define HW_INTC_APIC_H

#include "hw/core/qdev.h"
#include "system/memory.h"
#include "qemu/timer.h"

#define TYPE_APIC "apic"

#define APIC_DEFAULT_ADDRESS 0xfee00000ULL
#define APIC_MMIO_SIZE 0x1000
#define APIC_VERSION_VALUE 0x50014      /* version 0x14, max LVT entry 5 */

/* IA32_APIC_BASE (MSR 0x1b) bits. */
#define MSR_IA32_APICBASE 0x1b
#define APICBASE_BSP (1ULL << 8)
#define APICBASE_EXTD (1ULL << 10)      /* x2APIC mode */
#define APICBASE_EN (1ULL << 11)        /* global enable */
#define APICBASE_BASE_MASK 0xffffff000ULL   /* 36-bit physical base */

#define MSR_IA32_TSC_DEADLINE 0x6e0
#define APIC_MSR_FIRST 0x800
#define APIC_MSR_LAST 0x8ff

/* apic_get_interrupt() results other than a vector. */
#define APIC_INTA_NONE (-1)             /* nothing deliverable */
#define APIC_INTA_EXTINT (-2)           /* ExtINT: ask the 8259 (INTA) */

/* Delivery modes (ICR, LVT, MSI data bits 8-10). */
typedef enum APICDeliveryMode {
    APIC_DM_FIXED = 0,
    APIC_DM_LOWEST = 1,
    APIC_DM_SMI = 2,
    APIC_DM_NMI = 4,
    APIC_DM_INIT = 5,
    APIC_DM_STARTUP = 6,
    APIC_DM_EXTINT = 7,
} APICDeliveryMode;

/* IPI counters, per receiving APIC: see apic_ipi_count(). */
typedef enum APICIPIType {
    APIC_IPI_FIXED,
    APIC_IPI_LOWEST,
    APIC_IPI_SMI,
    APIC_IPI_NMI,
    APIC_IPI_INIT,
    APIC_IPI_INIT_DEASSERT,
    APIC_IPI_STARTUP,
    APIC_IPI_EXTINT,
    APIC_IPI_MAX
} APICIPIType;

typedef struct APICState APICState;
typedef struct APICBus APICBus;

/*
 * What the APIC asks of its CPU.  Every hook is called with @opaque as
 * given to apic_set_cpu_ops(); a NULL hook is ignored.
 *   set_intr:  level of the CPU's INTR input (high while
 *              apic_get_interrupt() would return something)
 *   nmi, smi:  an NMI / SMI arrived (edge)
 *   init:      an INIT arrived: the CPU resets itself (the APIC resets
 *              its own registers, keeping ID and APIC_BASE, before this)
 *   sipi:      a STARTUP IPI with @vector (start at vector << 12); the
 *              CPU ignores it unless it is waiting for SIPI
 *   base_changed: IA32_APIC_BASE changed; the xAPIC page is now at @base
 *              and decodes iff @mmio_active (for boards that remap)
 */
typedef struct APICCpuOps {
    void (*set_intr)(void *opaque, bool level);
    void (*nmi)(void *opaque);
    void (*smi)(void *opaque);
    void (*init)(void *opaque);
    void (*sipi)(void *opaque, uint8_t vector);
    void (*base_changed)(void *opaque, uint64_t base, bool mmio_active);
} APICCpuOps;

/* Level-triggered EOI broadcast hook (the board points it at the IOAPIC). */
typedef void APICEOIBroadcastFn(void *opaque, int vector);

/* ---- The APIC bus (owned by the board) ---- */

/* @clocks: the machine's clocks; the timers run on QEMU_CLOCK_VIRTUAL. */
APICBus *apic_bus_new(QEMUClocks *clocks);
/* Frees the bus only; the APICs are freed with apic_free(). */
void apic_bus_free(APICBus *bus);
void apic_bus_set_eoi_broadcast(APICBus *bus, APICEOIBroadcastFn *fn,
                                void *opaque);
/*
 * Deliver an MSI-format message (the IOAPIC's and PCI MSI's):
 *   addr: 0xfee00000 | dest(8) << 12 | redirection hint << 3 | dm << 2
 *   data: vector | delivery mode << 8 | level << 14 | trigger << 15
 * Returns false (logged) if @addr is not in 0xfee00000-0xfeefffff.
 */
bool apic_bus_deliver_msi(APICBus *bus, uint64_t addr, uint32_t data);
/* Same signature as IOAPICDeliverFn: ioapic_set_delivery(io, this, bus). */
void apic_bus_ioapic_deliver(void *opaque, uint64_t addr, uint32_t data);
int apic_bus_count(APICBus *bus);
APICState *apic_bus_get(APICBus *bus, int index);
APICState *apic_bus_find(APICBus *bus, uint32_t apic_id);

/* ---- One local APIC ---- */

/*
 * Create and realize an APIC with initial APIC ID @id on @bus.  The
 * "timer-freq" (Hz) and "x2apic" properties are read at each use, so
 * object_property_set_*() may change them afterwards.
 */
APICState *apic_new(APICBus *bus, uint32_t id, bool bsp, Error **errp);
void apic_free(APICState *s);
void apic_set_cpu_ops(APICState *s, const APICCpuOps *ops, void *opaque);
/* Power-on / RESET state (INIT keeps ID and APIC_BASE). */
void apic_reset(APICState *s);
/*
 * What PC firmware does on the BSP: LVT LINT0 = ExtINT, unmasked
 * ("virtual wire" mode), so the 8259's INTR reaches the CPU through the
 * enabled APIC.  Boards without firmware call it after apic_reset().
 */
void apic_set_virtual_wire(APICState *s);

/*
 * INTA: the highest pending vector that PPR lets through moves IRR ->
 * ISR and is returned; APIC_INTA_EXTINT when LINT0 (ExtINT, or the APIC
 * is hardware-disabled) wants the 8259 to supply the vector; otherwise
 * APIC_INTA_NONE.  Signature fits x86_cpu_set_intr_ack().
 */
int apic_get_interrupt(APICState *s);
int apic_intr_ack(void *opaque);
/* LINT0/LINT1 input pins (the 8259 INT and NMI lines). */
void apic_set_lint(APICState *s, int pin, bool level);

/*
 * MSR interface.  All return 0 on success or -1 when the CPU must raise
 * #GP(0) (the access is then without effect).
 *   apic_base_read/write: IA32_APIC_BASE
 *   apic_msr_read/write:  the x2APIC range 0x800-0x8ff
 */
uint64_t apic_base_read(APICState *s);
int apic_base_write(APICState *s, uint64_t value);
int apic_msr_read(APICState *s, uint32_t msr, uint64_t *value);
int apic_msr_write(APICState *s, uint32_t msr, uint64_t value);

/*
 * xAPIC MMIO (offset within the 4 KiB page, 4-byte accesses at 16-byte
 * aligned offsets).  The CPU side routes accesses to its APIC's current
 * base (apic_mmio_base()) here; apic_mmio_region() is the same as a
 * MemoryRegion for boards that map one APIC.
 */
uint32_t apic_mmio_read(APICState *s, uint32_t offset);
void apic_mmio_write(APICState *s, uint32_t offset, uint32_t value);
uint64_t apic_mmio_base(APICState *s);
/* True while the xAPIC page decodes (enabled and not in x2APIC mode). */
bool apic_mmio_active(APICState *s);
MemoryRegion *apic_mmio_region(APICState *s);

/*
 * IA32_TSC_DEADLINE.  The CPU converts: with its TSC at 1 GHz on the
 * virtual clock plus tsc_offset, deadline_ns = tsc_value - tsc_offset.
 * Writes outside TSC-deadline timer mode are stored but do not arm; 0
 * disarms.  Reads return the armed value, 0 after it fired.
 */
void apic_tsc_deadline_write(APICState *s, uint64_t tsc_value,
                             int64_t deadline_ns);
uint64_t apic_tsc_deadline_read(APICState *s);

/* Accessors for the CPU side (CPUID, CR8) and for monitors. */
uint32_t apic_get_id(APICState *s);     /* initial APIC ID */
bool apic_is_bsp(APICState *s);
bool apic_x2apic_mode(APICState *s);
uint8_t apic_get_tpr(APICState *s);     /* TPR[7:0]; CR8 = tpr >> 4 */
void apic_set_tpr(APICState *s, uint8_t tpr);
uint8_t apic_get_ppr(APICState *s);

/*
 * IPI statistics of one APIC, kept across resets (apic_ipi_stats_reset()
 * clears them; QMP x-query-ipi-stats reads them):
 *   apic_ipi_count:        IPIs received, by delivery type
 *   apic_ipi_vector_count: fixed and lowest-priority IPIs with @vector
 *   apic_ipi_sender_count: IPIs of any type that @sender sent to @s
 *   apic_msi_count:        MSI and IOAPIC messages (not IPIs)
 * Local LVT interrupts are not counted.
 */
uint64_t apic_ipi_count(APICState *s, APICIPIType type);
uint64_t apic_ipi_vector_count(APICState *s, uint8_t vector);
uint64_t apic_ipi_sender_count(APICState *s, APICState *sender);
uint64_t apic_msi_count(APICState *s);
void apic_ipi_stats_reset(APICState *s);
/* "fixed", "lowest", "smi", "nmi", "init", "init-deassert", "sipi", ... */
const char *apic_ipi_type_name(APICIPIType type);

#endif
