/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every type in the system binary, in registration order.  Adding a device
 * means adding its TypeInfo here: the list is explicit, so what exists is
 * visible in one place and no constructor runs before main().
 */
#include "qemu/osdep.h"
#include "system/type-list.h"
#include "qom/object.h"
#include "hw/core/qdev.h"
#include "hw/core/machine.h"
#include "accel/accel.h"

extern const TypeInfo none_machine_type_info;
extern const TypeInfo tcg_accel_type_info;
extern const TypeInfo qtest_accel_type_info;
extern const TypeInfo kvm_accel_type_info;
extern const TypeInfo or_irq_type_info;
extern const TypeInfo generic_loader_type_info;
extern const TypeInfo isa_device_type_info;
extern const TypeInfo isa_bridge_type_info;
extern const TypeInfo i8259_type_info;
extern const TypeInfo ioapic_type_info;
extern const TypeInfo apic_type_info;
extern const TypeInfo i8254_type_info;
extern const TypeInfo mc146818rtc_type_info;
extern const TypeInfo isa_serial_type_info;
extern const TypeInfo debug_exit_type_info;
extern const TypeInfo pc_testdev_type_info;
extern const TypeInfo pc_machine_type_info;
extern const TypeInfo sev_snp_guest_type_info;

extern const TypeInfo pci_device_type_info;
extern const TypeInfo pci_bus_type_info;
extern const TypeInfo pc_pci_host_type_info;
extern const TypeInfo i440fx_pci_type_info;
extern const TypeInfo piix3_pci_type_info;
extern const TypeInfo pci_testdev_type_info;
extern const TypeInfo fw_cfg_type_info;
extern const TypeInfo fw_cfg_io_type_info;
extern const TypeInfo fw_cfg_mem_type_info;
extern const TypeInfo gve_type_info;
extern const TypeInfo devmem_exporter_type_info;
extern const TypeInfo net_client_set_type_info;
extern const TypeInfo filter_dump_type_info;
extern const TypeInfo pl011_type_info;
extern const TypeInfo pl031_type_info;
extern const TypeInfo arm_gicv3_type_info;
extern const TypeInfo arm_gic_type_info;
extern const TypeInfo arm_gicv3_its_type_info;
extern const TypeInfo gpex_host_type_info;
extern const TypeInfo gpex_root_type_info;
extern const TypeInfo virt_machine_type_info;
extern const TypeInfo cpu_object_type_info;
extern const TypeInfo x86_cpu_object_type_info;
extern const TypeInfo x86_cpu_qemu64_type_info;
extern const TypeInfo x86_cpu_max_type_info;
extern const TypeInfo arm_cpu_object_type_info;
extern const TypeInfo arm_cpu_a57_type_info;
extern const TypeInfo arm_cpu_max_type_info;
static const TypeInfo *const system_types[] = {
    &device_type_info,
    &bus_type_info,
    &sys_bus_device_type_info,
    &machine_type_info,
    &accel_type_info,
    &none_machine_type_info,
    &tcg_accel_type_info,
    &qtest_accel_type_info,
    &kvm_accel_type_info,
    &or_irq_type_info,
    &generic_loader_type_info,
    &isa_device_type_info,
    &isa_bridge_type_info,
    &i8259_type_info,
    &ioapic_type_info,
    &apic_type_info,
    &i8254_type_info,
    &mc146818rtc_type_info,
    &isa_serial_type_info,
    &debug_exit_type_info,
    &pc_testdev_type_info,
    &pc_machine_type_info,
    &sev_snp_guest_type_info,
    &pci_device_type_info,
    &pci_bus_type_info,
    &pc_pci_host_type_info,
    &i440fx_pci_type_info,
    &piix3_pci_type_info,
    &pci_testdev_type_info,
    &fw_cfg_type_info,
    &fw_cfg_io_type_info,
    &fw_cfg_mem_type_info,
    &gve_type_info,
    &devmem_exporter_type_info,
    &net_client_set_type_info,
    &filter_dump_type_info,
    &pl011_type_info,
    &pl031_type_info,
    &arm_gicv3_type_info,
    &arm_gic_type_info,
    &arm_gicv3_its_type_info,
    &gpex_host_type_info,
    &gpex_root_type_info,
    &virt_machine_type_info,
    &cpu_object_type_info,
    &x86_cpu_object_type_info,
    &x86_cpu_qemu64_type_info,
    &x86_cpu_max_type_info,
    &arm_cpu_object_type_info,
    &arm_cpu_a57_type_info,
    &arm_cpu_max_type_info,
};

void type_list_register_all(void)
{
    type_registry_init(system_types, ARRAY_SIZE(system_types));
}
