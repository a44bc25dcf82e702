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
 *
 * Interrupts: ISA IRQ n -> i8259 input n and IOAPIC pin n, except IRQ 0
 * -> IOAPIC pin 2; slave INT -> master input 2; master INT -> the CPU's
 * INTR (GPIO out 0 of pic[0], left for the CPU engine to connect).
 * PCI INTx: PIIX3 PIRQ routes onto GSI lines 0..15 (i8259 + IOAPIC).
 *
 * There is no x86 CPU engine yet: the machine refuses to start unless the
 * accelerator is qtest, which drives the devices from outside.
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

static bool pc_check_accel(MachineState *ms, Error **errp)
{
    if (!accel_is_qtest(ms)) {
        error_setg(errp, "machine 'pc' needs the x86 CPU engine, which is "
                   "not available yet; use -accel qtest to test its "
                   "devices");
        return false;
    }
    if (ms->kernel_filename) {
        error_setg(errp, "machine 'pc' cannot boot a kernel yet (no x86 "
                   "CPU engine)");
        return false;
    }
    return true;
}

static bool pc_init(MachineState *ms, Error **errp)
{
    PCMachineState *pcms = PC_MACHINE(ms);

    if (!pc_check_accel(ms, errp)) {
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
    return pc_init_pci_fw_cfg(pcms, errp);
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
    memory_region_finalize(&pcms->ram_below_4g);
    memory_region_finalize(&pcms->ram_above_4g);
}

static void pc_machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->name = "pc";
    mc->max_cpus = 288;
    mc->default_ram_size = 128 * PC_MIB;
    mc->default_ram_id = "pc.ram";
    mc->init = pc_init;
}

const TypeInfo pc_machine_type_info = {
    .name = TYPE_PC_MACHINE,
    .parent = TYPE_MACHINE,
    .instance_size = sizeof(PCMachineState),
    .desc = "Standard PC (i440FX + PIIX, 1996)",
    .instance_finalize = pc_machine_finalize,
    .class_init = pc_machine_class_init,
};
