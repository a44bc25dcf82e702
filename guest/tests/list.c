/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The in-guest tests by name, in the order tests=all runs them.  Add a
 * test: write int test_x(void) in one of the files here, declare it in
 * tests.h and list it below.  Manual tests run only when named.
 */
#include "test.h"
#include "tests.h"

const Test guest_tests[] = {
    { "printf", test_printf },
    { "boot-info", test_boot_info },
    { "page-alloc", test_page_alloc },
    { "kmalloc", test_kmalloc },
    { "paging", test_paging },
    { "exc-de", test_exc_de },
    { "exc-ud", test_exc_ud },
    { "exc-bp", test_exc_bp },
    { "exc-gp", test_exc_gp },
    { "exc-pf", test_exc_pf },
    { "exc-pf-write", test_exc_pf_write },
    { "exc-nx", test_exc_nx },
    { "exc-nmi-ist", test_exc_nmi_ist },
    { "exc-df-ist", test_exc_df_ist },
    { "apic", test_apic },
    { "apic-self-ipi", test_apic_self_ipi },
    { "tsc", test_tsc },
    { "apic-timer", test_apic_timer },
    { "timer-wheel", test_timer_wheel },
    { "ioapic", test_ioapic },
    { "smp-boot", test_smp_boot },
    { "smp-call", test_smp_call },
    { "spinlock", test_spinlock },
    { "pci-enum", test_pci_enum },
    { "pci-testdev", test_pci_testdev },
    { "pci-msi", test_pci_msi },
    { "pci-msix", test_pci_msix },
    { "user-syscall", test_user_syscall },
    { "user-fault", test_user_fault },
    { "user-irq", test_user_irq },
    { "ipi-defer", test_ipi_defer },
    /* by name only: tests/functional/guest-gve.py is the link's peer */
    { "gve-probe", test_gve_probe, .manual = true },
    { "gve-tx", test_gve_tx, .manual = true },
    { "gve-rx", test_gve_rx, .manual = true },
    { "gve-link", test_gve_link, .manual = true },
    { "gve-rss", test_gve_rss, .manual = true },
    { "gve-net", test_gve_net, .manual = true },
    { "gve-jumbo", test_gve_jumbo, .manual = true },
    { "gve-devmem-tx", test_gve_devmem_tx, .manual = true },
    /* by name: tests/functional/guest-savic.py (-smp 4, pc-testdev) */
    { "savic-driver", test_savic_driver, .manual = true },
    { "savic-timer", test_savic_timer, .manual = true },
    { "savic-ipi-storm", test_savic_ipi_storm, .manual = true },
    { "savic-nmi", test_savic_nmi, .manual = true },
    { "savic-ioapic", test_savic_ioapic, .manual = true },
    { "savic-level", test_savic_level, .manual = true },
    { "savic-tpr", test_savic_tpr, .manual = true },
    { "savic-teardown", test_savic_teardown, .manual = true },
    { "savic-hv", test_savic_hv, .manual = true },
    { "savic-bench", test_savic_bench, .manual = true },
    { "savic-ctrl", test_savic_ctrl, .manual = true },
    { "savic-broadcast", test_savic_broadcast, .manual = true },
    /* kills the kernel on purpose: checks the panic path */
    { "panic", test_panic, .manual = true },
};

const unsigned guest_nr_tests = ARRAY_SIZE(guest_tests);
