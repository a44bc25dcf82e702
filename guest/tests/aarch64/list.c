/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The aarch64 kernel's tests by name, in the order tests=all runs them:
 * the common tests (same names as on x86_64) and the arch's own.
 */
#include "test.h"
#include "../tests.h"
#include "tests.h"

const Test guest_tests[] = {
    { "printf", test_printf },
    { "boot-info", test_boot_info },
    { "page-alloc", test_page_alloc },
    { "kmalloc", test_kmalloc },
    { "paging", test_paging },
    { "exc-ud", test_exc_ud },
    { "exc-brk", test_exc_brk },
    { "exc-svc", test_exc_svc },
    { "exc-pf", test_exc_pf },
    { "exc-pf-write", test_exc_pf_write },
    { "exc-nx", test_exc_nx },
    { "exc-align", test_exc_align },
    { "exc-pc-align", test_exc_pc_align },
    { "exc-fp", test_exc_fp },
    { "gic", test_gic },
    { "gic-self-ipi", test_gic_self_ipi },
    { "counter", test_counter },
    { "timer", test_timer },
    { "timer-wheel", test_timer_wheel },
    { "smp-boot", test_smp_boot },
    { "smp-call", test_smp_call },
    { "spinlock", test_spinlock },
    { "pci-enum", test_pci_enum },
    { "pci-testdev", test_pci_testdev },
    { "pci-msi", test_pci_msi },
    { "pci-msix", test_pci_msix },
    { "its-msi-remote", test_its_msi_remote },
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
    /* kills the kernel on purpose: checks the panic path */
    { "panic", test_panic, .manual = true },
};

const unsigned guest_nr_tests = ARRAY_SIZE(guest_tests);
