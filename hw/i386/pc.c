/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "pc" machine: Standard PC (i440FX + PIIX, 1996), direct boot only.
 *
 * Memory: RAM at 0, min(ram, 0xb0000000) below 4 GiB ("ram-below-4g"),
 * the rest from 4 GiB ("ram-above-4g"); IOAPIC at 0xfec00000.
 * Devices (board_devices[] below):
 *
 *   /machine/ioapic                 ioapic       MMIO 0xfec00000
 *   /machine/i440fx                 i440FX-pcihost  0xcf8/0xcfc, ECAM
 *                                   0xb0000000, bus pci.0 (PIIX3 01.0)
 *   /machine/fw_cfg                 fw_cfg_io    0x510, DMA 0x514
 *   /machine/unattached/device[N]:  isa-bridge   bus isa.0
 *                                   isa-i8259    0x20, ELCR 0x4d0 (master)
 *                                   isa-i8259    0xa0, ELCR 0x4d1 (slave)
 *                                   isa-pit      0x40, 0x61, ISA IRQ 0
 *                                   mc146818rtc  0x70, ISA IRQ 8
 *                                   isa-serial   0x3f8, ISA IRQ 4 (COM1)
 *                                   <model>-x86_64-cpu, one per vCPU,
 *                                   last (hw/core/cpu-object.h)
 *
 * Interrupts: ISA IRQ n -> i8259 input n and IOAPIC pin n, except IRQ 0
 * -> IOAPIC pin 2; slave INT -> master input 2; master INT (GPIO out 0
 * of pic[0]) -> LINT0 below; on ExtINT the CPU's INTA is pic_read_irq().
 * PCI INTx: PIIX3 PIRQ routes onto GSI lines 0..15 (i8259 + IOAPIC).
 * The IOAPIC's messages go over the APIC bus to the local APICs; MMIO
 * 0xfee00000-0xfeefffff ("msi-window") turns 4-byte writes (PCI MSI)
 * into APIC bus messages; level EOIs return to the IOAPIC.  The master
 * 8259's INT drives LINT0 of every local APIC (ExtINT on the BSP after
 * reset, as firmware leaves it).
 *
 * CPUs: -smp 1..8 x86-64 engine vCPUs (model from -cpu, cpuid.c), each
 * with a local APIC (ID = index), on the machine's scheduler (none with
 * -accel qtest, which drives the devices from outside).  CPU 0 boots the
 * -kernel image (docs/pc-boot.md; every reset reloads it), the others
 * wait for INIT/SIPI.  A triple fault requests a guest reset (-no-reboot:
 * exit).  docs/x86-cpu.md, docs/devel/pc-machine.md.
 *
 * SEV-SNP: with confidential-guest-support=ID naming a sev-snp-guest
 * object, every vCPU is an SEV-SNP vCPU (target/i386/sev-cpu.h) whose
 * Secure AVIC state (secure-avic=on) is registered with the object for
 * query-secure-avic.  A GHCB termination request stops the VM in the
 * guest-panicked state.  docs/secure-avic.md.
 */
#include "qemu/osdep.h"
#include "hw/i386/pc.h"
#include "hw/intc/i8259.h"
#include "hw/rtc/mc146818rtc.h"
#include "hw/timer/i8254.h"
#include "hw/char/serial-isa.h"
#include "hw/pci-host/pc-host.h"
#include "hw/nvram/fw_cfg.h"
#include "accel/accel.h"
#include "hw/core/loader.h"
#include "hw/i386/multiboot.h"
#include "system/cpus.h"
#include "target/i386/cpu.h"
#include "hw/core/cpu-object.h"
#include "hw/intc/apic.h"
#include "hw/i386/sev.h"
#include "target/i386/sev-cpu.h"
#include "qemu/log.h"
#include "qapi/error.h"

#define PC_NO_MMIO HWADDR_MAX
#define PC_MIB (1024 * 1024ULL)

typedef enum PCBus { PC_BUS_SYSTEM, PC_BUS_ISA } PCBus;

/* One board device: its type, tree name, bus, MMIO base and properties. */
typedef struct PCBoardDevice {
    const char *type;
    const char *name;           /* child of /machine; NULL: unattached */
    PCBus bus;
    hwaddr mmio;                /* region 0, or PC_NO_MMIO */
    const char *props;          /* "key=value,..." or NULL */
} PCBoardDevice;

/* Interrupt controllers first: the ISA devices look up their IRQs. */
static const PCBoardDevice board_intc[] = {
    { TYPE_IOAPIC, "ioapic", PC_BUS_SYSTEM, IOAPIC_DEFAULT_ADDRESS, NULL },
    { TYPE_ISA_BRIDGE, NULL, PC_BUS_SYSTEM, PC_NO_MMIO, NULL },
    { TYPE_I8259, NULL, PC_BUS_ISA, PC_NO_MMIO,
      "iobase=0x20,elcr_addr=0x4d0,elcr_mask=0xf8,master=on" },
    { TYPE_I8259, NULL, PC_BUS_ISA, PC_NO_MMIO,
      "iobase=0xa0,elcr_addr=0x4d1,elcr_mask=0xde,master=off" },
};

static const PCBoardDevice board_devices[] = {
    { TYPE_I8254, NULL, PC_BUS_ISA, PC_NO_MMIO, "iobase=0x40,irq=0" },
    { TYPE_MC146818_RTC, NULL, PC_BUS_ISA, PC_NO_MMIO, "iobase=0x70,irq=8" },
    { TYPE_ISA_SERIAL, NULL, PC_BUS_ISA, PC_NO_MMIO,
      "index=0,iobase=0x3f8,irq=4" },
};

static bool pc_apply_props(Object *obj, const char *props, Error **errp)
{
    g_auto(GStrv) pairs = props ? g_strsplit(props, ",", -1) : NULL;

    for (int i = 0; pairs && pairs[i]; i++) {
        char *eq = strchr(pairs[i], '=');

        g_assert(eq);
        *eq = '\0';
        if (!object_property_parse(obj, pairs[i], eq + 1, errp)) {
            return false;
        }
    }
    return true;
}

static DeviceState *pc_create(PCMachineState *pcms, const PCBoardDevice *d,
                              Object *link_slave, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    DeviceState *dev = DEVICE(object_new(d->type));
    BusState *bus = d->bus == PC_BUS_ISA ? pcms->isa_bridge->bus
                                         : ms->sysbus;
    bool ok = pc_apply_props(OBJECT(dev), d->props, errp) &&
              (!link_slave || object_property_set_link(OBJECT(dev), "slave",
                                                       link_slave, errp)) &&
              sysbus_add_board_device(ms, dev, d->name, bus, errp);

    object_unref(OBJECT(dev));
    if (!ok) {
        return NULL;
    }
    if (d->mmio != PC_NO_MMIO) {
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, d->mmio);
    }
    return dev;
}

/* ISA IRQ n: i8259 input n (the slave for 8..15) and IOAPIC pin n or 2. */
static void pc_isa_irq_set(void *opaque, int n, int level)
{
    PCMachineState *pcms = opaque;
    DeviceState *pic = pcms->pic[n >= 8];

    qemu_set_irq(qdev_get_gpio_in(pic, n & 7), level);
    qemu_set_irq(qdev_get_gpio_in(pcms->ioapic, n == 0 ? 2 : n), level);
}

/* GSI n: IOAPIC pin n, and i8259 input n for n < 16. */
static void pc_gsi_set(void *opaque, int n, int level)
{
    PCMachineState *pcms = opaque;

    if (n < ISA_NUM_IRQS) {
        qemu_set_irq(qdev_get_gpio_in(pcms->pic[n >= 8], n & 7), level);
    }
    qemu_set_irq(qdev_get_gpio_in(pcms->ioapic, n), level);
}

static bool pc_init_intc(PCMachineState *pcms, Error **errp)
{
    if (!(pcms->ioapic = pc_create(pcms, &board_intc[0], NULL, errp))) {
        return false;
    }
    pcms->isa_bridge = ISA_BRIDGE(pc_create(pcms, &board_intc[1], NULL,
                                            errp));
    if (!pcms->isa_bridge) {
        return false;
    }
    /* The slave first: the master links to it for INTA cycles. */
    pcms->pic[1] = pc_create(pcms, &board_intc[3], NULL, errp);
    pcms->pic[0] = pcms->pic[1] ? pc_create(pcms, &board_intc[2],
                                            OBJECT(pcms->pic[1]), errp)
                                : NULL;
    if (!pcms->pic[0]) {
        return false;
    }
    qdev_connect_gpio_out(pcms->pic[1], 0,
                          qdev_get_gpio_in(pcms->pic[0], 2));
    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        pcms->isa_irqs[i] = qemu_allocate_irq(pc_isa_irq_set, pcms, i);
    }
    for (int i = 0; i < PC_NUM_GSI; i++) {
        pcms->gsi[i] = qemu_allocate_irq(pc_gsi_set, pcms, i);
    }
    isa_bridge_set_irqs(pcms->isa_bridge, pcms->isa_irqs);
    return true;
}

static void pc_init_memory(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);

    pcms->below_4g_mem_size = MIN(ms->ram_size, PC_BELOW_4G_MAX);
    pcms->above_4g_mem_size = ms->ram_size - pcms->below_4g_mem_size;
    memory_region_init_alias(&pcms->ram_below_4g, pcms, "ram-below-4g",
                             ms->ram, 0, pcms->below_4g_mem_size);
    memory_region_add_subregion(ms->system_memory, 0, &pcms->ram_below_4g);
    if (pcms->above_4g_mem_size) {
        memory_region_init_alias(&pcms->ram_above_4g, pcms, "ram-above-4g",
                                 ms->ram, pcms->below_4g_mem_size,
                                 pcms->above_4g_mem_size);
        memory_region_add_subregion(ms->system_memory, PC_ABOVE_4G_BASE,
                                    &pcms->ram_above_4g);
    }
}

/* CMOS bytes the PC BIOS conventions define, filled as QEMU's pc does. */
static void pc_cmos_init(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);
    DeviceState *rtc = pcms->rtc;
    uint64_t ext_kb = ms->ram_size / 1024 > 1024 ?
                      ms->ram_size / 1024 - 1024 : 0;
    uint64_t above_16m = pcms->below_4g_mem_size > 16 * PC_MIB ?
                         (pcms->below_4g_mem_size - 16 * PC_MIB) / 65536 : 0;
    uint64_t above_4g = pcms->above_4g_mem_size / 65536;

    ext_kb = MIN(ext_kb, 65535);
    above_16m = MIN(above_16m, 65535);
    mc146818rtc_set_cmos_data(rtc, 0x15, 640 & 0xff);     /* base memory */
    mc146818rtc_set_cmos_data(rtc, 0x16, 640 >> 8);
    mc146818rtc_set_cmos_data(rtc, 0x17, ext_kb);         /* 1M..64M, KiB */
    mc146818rtc_set_cmos_data(rtc, 0x18, ext_kb >> 8);
    mc146818rtc_set_cmos_data(rtc, 0x30, ext_kb);
    mc146818rtc_set_cmos_data(rtc, 0x31, ext_kb >> 8);
    mc146818rtc_set_cmos_data(rtc, 0x34, above_16m);      /* 64 KiB units */
    mc146818rtc_set_cmos_data(rtc, 0x35, above_16m >> 8);
    mc146818rtc_set_cmos_data(rtc, 0x5b, above_4g);
    mc146818rtc_set_cmos_data(rtc, 0x5c, above_4g >> 8);
    mc146818rtc_set_cmos_data(rtc, 0x5d, above_4g >> 16);
    mc146818rtc_set_cmos_data(rtc, 0x5f, ms->smp.cpus - 1);
}

static bool pc_init_pci_fw_cfg(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    FWCfgState *fw;

    if (!pc_pci_host_init(ms, pcms->gsi, errp)) {
        return false;
    }
    fw = fw_cfg_init_io_dma(ms, 0x510, 0x514, &ms->as_memory, errp);
    if (!fw) {
        return false;
    }
    fw_cfg_add_machine_items(fw, ms);
    return true;
}

/* ---- direct boot of an ELF64 kernel (docs/pc-boot.md) ---- */

/* Boot area in low RAM, rebuilt at every reset; kernels load above it. */
#define PC_BOOT_GDT         0x1000
#define PC_BOOT_PML4        0x2000
#define PC_BOOT_PDPT        0x3000
#define PC_BOOT_PD          0x4000      /* 4 tables: the first 4 GiB */
#define PC_BOOT_CMDLINE     0x8000
#define PC_BOOT_CMDLINE_MAX 0x1000      /* including the NUL */
#define PC_BOOT_STACK_TOP   0x80000
#define PC_BOOT_AREA_END    PC_BOOT_STACK_TOP
#define PC_PTE_P_RW         0x3ull
#define PC_PTE_PS           0x80ull

static const uint64_t pc_boot_gdt[3] = {
    0,
    0x00af9b000000ffffull,      /* 0x08: 64-bit code, DPL 0 */
    0x00cf93000000ffffull,      /* 0x10: flat data */
};

static void pc_put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[i] = v >> (8 * i);
    }
}

static void pc_write_u64s(AddressSpace *as, hwaddr addr,
                          const uint64_t *v, size_t n)
{
    g_autofree uint8_t *buf = g_malloc(n * 8);

    for (size_t i = 0; i < n; i++) {
        pc_put64(buf + i * 8, v[i]);
    }
    address_space_write(as, addr, MEMTXATTRS_UNSPECIFIED, buf, n * 8);
}

/* Identity map of 0..4 GiB with 2 MiB pages, GDT and command line. */
static void pc_boot_write_tables(MachineState *ms)
{
    g_autofree uint64_t *pd = g_new(uint64_t, 4 * 512);
    uint64_t pml4 = PC_BOOT_PDPT | PC_PTE_P_RW;
    uint64_t pdpt[4];
    const char *cmdline = ms->kernel_cmdline ? ms->kernel_cmdline : "";

    for (int i = 0; i < 4 * 512; i++) {
        pd[i] = ((uint64_t)i << 21) | PC_PTE_PS | PC_PTE_P_RW;
    }
    for (int i = 0; i < 4; i++) {
        pdpt[i] = (PC_BOOT_PD + i * 0x1000) | PC_PTE_P_RW;
    }
    pc_write_u64s(&ms->as_memory, PC_BOOT_GDT, pc_boot_gdt,
                  G_N_ELEMENTS(pc_boot_gdt));
    pc_write_u64s(&ms->as_memory, PC_BOOT_PML4, &pml4, 1);
    pc_write_u64s(&ms->as_memory, PC_BOOT_PDPT, pdpt, 4);
    pc_write_u64s(&ms->as_memory, PC_BOOT_PD, pd, 4 * 512);
    address_space_write(&ms->as_memory, PC_BOOT_CMDLINE,
                        MEMTXATTRS_UNSPECIFIED, cmdline, strlen(cmdline) + 1);
}

/* Long mode, paging on, flat segments from the boot GDT, IF = 0. */
static void pc_boot_set_cpu(PCMachineState *pcms)
{
    X86CPU *cpu = pcms->cpu;
    CPUX86State *env = &cpu->env;

    x86_cpu_set_flat64(cpu, pcms->elf.entry);
    env->gdt.base = PC_BOOT_GDT;
    env->gdt.limit = sizeof(pc_boot_gdt) - 1;
    env->idt.base = 0;
    env->idt.limit = 0;             /* none: the kernel loads its own */
    env->cr[3] = PC_BOOT_PML4;
    env->cr[0] |= X86_CR0_PG;
    env->regs[R_ESP] = PC_BOOT_STACK_TOP;
    env->regs[R_EDI] = PC_BOOT_CMDLINE;
    env->regs[R_ESI] = pcms->below_4g_mem_size;
    x86_update_hflags(cpu);
}

/* Read and check -kernel and -append once, at board init. */
static bool pc_kernel_init(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    const char *path = ms->kernel_filename;
    Error *mb_err = NULL;

    if (!g_file_get_contents(path, &pcms->kernel, &pcms->kernel_size,
                             NULL)) {
        error_setg(errp, "could not load kernel '%s'", path);
        return false;
    }
    /* like QEMU: a Multiboot header wins over the ELF64 direct boot */
    pcms->multiboot = multiboot_new((const uint8_t *)pcms->kernel,
                                    pcms->kernel_size, path,
                                    ms->kernel_cmdline, ms->initrd_filename,
                                    pcms->below_4g_mem_size,
                                    pcms->above_4g_mem_size, &mb_err);
    if (mb_err) {
        error_prepend(&mb_err, "could not load kernel '%s': ", path);
        error_propagate(errp, mb_err);
        return false;
    }
    if (pcms->multiboot) {
        return true;
    }
    if (!elf64_parse((const uint8_t *)pcms->kernel, pcms->kernel_size,
                     pcms->below_4g_mem_size, &pcms->elf, errp)) {
        error_prepend(errp, "could not load kernel '%s': ", path);
        return false;
    }
    if (pcms->elf.low < PC_BOOT_AREA_END) {
        error_setg(errp, "could not load kernel '%s': it overlaps the boot "
                   "area (0x0-0x%x); link it at 1 MiB or above", path,
                   PC_BOOT_AREA_END - 1);
        return false;
    }
    if (ms->kernel_cmdline &&
        strlen(ms->kernel_cmdline) >= PC_BOOT_CMDLINE_MAX) {
        error_setg(errp, "kernel command line is longer than %d bytes",
                   PC_BOOT_CMDLINE_MAX - 1);
        return false;
    }
    return true;
}

/* ---- the CPUs and their local APICs ---- */

/* INTA: the APIC's vector, or the 8259's for ExtINT. */
static int pc_cpu_intr_ack(void *opaque)
{
    PCCPU *c = opaque;
    int v = apic_get_interrupt(c->apic);

    if (v == APIC_INTA_EXTINT) {
        return pic_read_irq(c->pcms->pic[0]);
    }
    return v;
}

/* The master 8259's INT reaches LINT0 of every local APIC. */
static void pc_cpu_intr_set(void *opaque, int n, int level)
{
    PCMachineState *pcms = opaque;

    for (unsigned i = 0; i < pcms->nr_cpus; i++) {
        apic_set_lint(pcms->cpus[i].apic, 0, level);
    }
}

/* The engine's exec, plus what the board does about its exit reasons. */
static int64_t pc_vcpu_exec(void *opaque, int64_t budget)
{
    PCCPU *c = opaque;
    MachineState *ms = MACHINE(c->pcms);
    X86CPU *cpu = c->cpu;
    int64_t n = x86_cpu_exec(cpu, budget);

    if (cpu->exit_reason == X86_EXIT_SHUTDOWN) {
        qemu_system_reset_request(ms, SHUTDOWN_CAUSE_GUEST_RESET);
    } else if (cpu->exit_reason == X86_EXIT_UNIMP) {
        error_report("the x86 engine cannot run this code (CPU %d, RIP 0x%"
                     PRIx64 ")", cpu->sched_idx, cpu->env.rip);
        cpu->halted = true;
        cpu_scheduler_halt(ms->sched, cpu->sched_idx);
        vm_stop(ms, RUN_STATE_INTERNAL_ERROR);
    }
    return n;
}

static bool pc_vcpu_has_work(void *opaque)
{
    PCCPU *c = opaque;

    return c->cpu->exit_reason != X86_EXIT_UNIMP &&
           x86_vcpu_ops.has_work(c->cpu);
}

static void pc_vcpu_kick(void *opaque)
{
    PCCPU *c = opaque;

    x86_vcpu_ops.kick(c->cpu);
}

static const VCPUOps pc_vcpu_ops = {
    .exec = pc_vcpu_exec,
    .has_work = pc_vcpu_has_work,
    .kick = pc_vcpu_kick,
};

/* A level-triggered vector's EOI goes back to the IOAPIC. */
static void pc_eoi_broadcast(void *opaque, int vector)
{
    ioapic_eoi_broadcast(opaque, vector);
}

/* 0xfee00000-0xfeefffff: a 4-byte write there is an MSI message. */
static uint64_t pc_msi_read(void *opaque, hwaddr addr, unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR, "pc: read of the MSI window at 0x%"
                  HWADDR_PRIx "\n", (hwaddr)(PC_MSI_BASE + addr));
    return 0;
}

static void pc_msi_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    PCMachineState *pcms = opaque;

    apic_bus_deliver_msi(pcms->apic_bus, PC_MSI_BASE + addr, val);
}

static const MemoryRegionOps pc_msi_ops = {
    .read = pc_msi_read,
    .write = pc_msi_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void pc_init_apic_bus(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);

    pcms->apic_bus = apic_bus_new(ms->clocks);
    apic_bus_set_eoi_broadcast(pcms->apic_bus, pc_eoi_broadcast,
                               pcms->ioapic);
    ioapic_set_delivery(pcms->ioapic, apic_bus_ioapic_deliver,
                        pcms->apic_bus);
    memory_region_init_io(&pcms->msi_window, pcms, &pc_msi_ops, pcms,
                          "msi-window", PC_MSI_SIZE);
    memory_region_add_subregion(ms->system_memory, PC_MSI_BASE,
                                &pcms->msi_window);
}

/* vCPU @i with APIC ID @i, on the scheduler through the board's ops. */
static bool pc_init_one_cpu(PCMachineState *pcms, unsigned i,
                            X86CPUID *model, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    PCCPU *c = &pcms->cpus[i];
    X86CPU *cpu;

    c->pcms = pcms;
    c->apic = apic_new(pcms->apic_bus, i, i == 0, errp);
    if (!c->apic) {
        return false;
    }
    cpu = c->cpu = x86_cpu_new(&ms->as_memory);
    model->apic_id = i;
    x86_cpu_set_model(cpu, model);
    x86_cpu_set_io(cpu, &ms->as_io);
    x86_cpu_set_clocks(cpu, ms->clocks);
    x86_cpu_set_apic(cpu, c->apic);
    x86_cpu_set_intr_ack(cpu, pc_cpu_intr_ack, c);
    cpu->siblings = pcms->cpu_siblings;
    g_ptr_array_add(pcms->cpu_siblings, cpu);
    if (pcms->sev_vm) {
        X86SevCPU *sev = x86_sev_cpu_add(pcms->sev_vm, cpu);

        if (sev->savic.selected) {
            sev_snp_add_cpu(pcms->sev, &sev->savic);
        }
    }
    cpu->sched = ms->sched;
    cpu->sched_idx = cpu_scheduler_add(ms->sched, c, &pc_vcpu_ops);
    pcms->nr_cpus = i + 1;
    /* query-cpus-fast, qom-get: /machine/unattached/device[N] */
    if (!cpu_object_create(ms, ms->cpu_model ? ms->cpu_model : "qemu64",
                           "x86_64-cpu", i, cpu, false, errp)) {
        return false;
    }
    return true;
}

/* A write to pc.ram by the memory core (DMA, loaders): drop stale code. */
static void pc_ram_written(void *opaque, hwaddr offset, hwaddr len)
{
    PCMachineState *pcms = opaque;
    hwaddr paddr = offset;

    if (offset >= pcms->below_4g_mem_size) {
        paddr = offset - pcms->below_4g_mem_size + PC_ABOVE_4G_BASE;
    }
    if (pcms->cpu) {
        x86_cpu_phys_written(pcms->cpu, paddr, len);
    }
}

/* The guest asked to stop (GHCB termination): a guest panic. */
static void pc_sev_terminate(void *opaque, X86CPU *cpu, unsigned set,
                             unsigned code)
{
    MachineState *ms = opaque;

    error_report("SEV-SNP guest requested termination (CPU %d, reason set "
                 "%u, code %u)", cpu->sched_idx, set, code);
    vm_stop(ms, RUN_STATE_GUEST_PANICKED);
}

static bool pc_init_cpu(PCMachineState *pcms, Error **errp)
{
    MachineState *ms = MACHINE(pcms);
    X86CPUID model;

    if (!x86_cpuid_parse(ms->cpu_model, &model, errp)) {
        return false;
    }
    if (pcms->sev) {
        pcms->sev_vm = x86_sev_vm_new(sev_snp_status(pcms->sev),
                                      SEV_EMULATED_CBITPOS,
                                      pc_sev_terminate, ms);
    }
    model.nr_cpus = ms->smp.cpus;
    pcms->cpu_siblings = g_ptr_array_new();
    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        if (!pc_init_one_cpu(pcms, i, &model, errp)) {
            return false;
        }
    }
    pcms->cpu = pcms->cpus[0].cpu;
    memory_region_set_ram_write_hook(ms->ram, pc_ram_written, pcms);
    pcms->cpu_intr = qemu_allocate_irq(pc_cpu_intr_set, pcms, 0);
    qdev_connect_gpio_out(pcms->pic[0], 0, pcms->cpu_intr);
    return true;
}

/* Power-on state of every CPU and APIC: the BSP runs, APs wait for SIPI. */
static void pc_cpus_reset(PCMachineState *pcms)
{
    MachineState *ms = MACHINE(pcms);

    if (pcms->sev_vm) {
        x86_sev_vm_reset(pcms->sev_vm);
    }
    for (unsigned i = 0; i < pcms->nr_cpus; i++) {
        PCCPU *c = &pcms->cpus[i];

        apic_reset(c->apic);
        x86_cpu_reset(c->cpu);
        if (c->cpu->sev) {
            x86_sev_cpu_reset(c->cpu);
        }
        c->cpu->env.apic_base = apic_base_read(c->apic);
        if (i == 0) {
            apic_set_virtual_wire(c->apic);     /* as firmware leaves it */
        } else {
            x86_cpu_wait_for_sipi(c->cpu);
            cpu_scheduler_halt(ms->sched, c->cpu->sched_idx);
        }
    }
}

/*
 * After device reset: the kernel and boot tables back in RAM (also under
 * qtest, which may inspect them), power-on CPU state, then the kernel's.
 */
static void pc_machine_reset(MachineState *ms, ShutdownCause cause)
{
    PCMachineState *pcms = PC_MACHINE(ms);
    Error *err = NULL;

    if (pcms->multiboot) {
        if (!multiboot_load(pcms->multiboot, &ms->as_memory, &err)) {
            error_report_err(err);
        }
    } else if (pcms->kernel) {
        pc_boot_write_tables(ms);
        if (!elf64_load(&pcms->elf, &ms->as_memory, &err)) {
            error_report_err(err);
        }
    }
    if (!pcms->cpu) {
        return;                 /* -accel qtest */
    }
    pc_cpus_reset(pcms);
    if (pcms->multiboot) {
        multiboot_set_cpu(pcms->multiboot, pcms->cpu);
    } else if (pcms->kernel) {
        pc_boot_set_cpu(pcms);
    }
    cpu_scheduler_wake(ms->sched, pcms->cpu->sched_idx);
}

static bool pc_init(MachineState *ms, Error **errp)
{
    PCMachineState *pcms = PC_MACHINE(ms);

    if (!sev_snp_machine_lookup(ms, &pcms->sev, errp)) {
        return false;
    }
    pc_init_memory(pcms);
    if (!pc_init_intc(pcms, errp)) {
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(board_devices); i++) {
        DeviceState *dev = pc_create(pcms, &board_devices[i], NULL, errp);

        if (!dev) {
            return false;
        }
        if (strcmp(board_devices[i].type, TYPE_MC146818_RTC) == 0) {
            pcms->rtc = dev;
        }
    }
    pc_cmos_init(pcms);
    if (!pc_init_pci_fw_cfg(pcms, errp)) {
        return false;
    }
    if (ms->kernel_filename && !pc_kernel_init(pcms, errp)) {
        return false;
    }
    pc_init_apic_bus(pcms);
    /* qtest drives the devices from outside: no guest code runs. */
    return accel_is_qtest(ms) || pc_init_cpu(pcms, errp);
}

static void pc_machine_finalize(Object *obj)
{
    PCMachineState *pcms = PC_MACHINE(obj);

    for (int i = 0; i < ISA_NUM_IRQS; i++) {
        qemu_free_irq(pcms->isa_irqs[i]);
    }
    for (int i = 0; i < PC_NUM_GSI; i++) {
        qemu_free_irq(pcms->gsi[i]);
    }
    qemu_free_irq(pcms->cpu_intr);
    if (MACHINE(pcms)->ram) {
        memory_region_set_ram_write_hook(MACHINE(pcms)->ram, NULL, NULL);
    }
    pcms->cpu = NULL;
    x86_sev_vm_free(pcms->sev_vm);
    for (unsigned i = 0; i < pcms->nr_cpus; i++) {
        x86_cpu_free(pcms->cpus[i].cpu);
        apic_free(pcms->cpus[i].apic);
    }
    if (pcms->cpu_siblings) {
        g_ptr_array_free(pcms->cpu_siblings, true);
    }
    apic_bus_free(pcms->apic_bus);
    memory_region_finalize(&pcms->msi_window);
    g_free(pcms->kernel);
    multiboot_free(pcms->multiboot);
    memory_region_finalize(&pcms->ram_below_4g);
    memory_region_finalize(&pcms->ram_above_4g);
}

static void pc_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "pc";
    mc->max_cpus = PC_MAX_CPUS;
    mc->default_ram_size = 128 * PC_MIB;
    mc->default_ram_id = "pc.ram";
    mc->init = pc_init;
    mc->reset = pc_machine_reset;
}

const TypeInfo pc_machine_type_info = {
    .name = TYPE_PC_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(PCMachineState),
    .desc = "Standard PC (i440FX + PIIX, 1996)",
    .instance_finalize = pc_machine_finalize,
    .class_init = pc_machine_class_init,
};
