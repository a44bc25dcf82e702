/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The in-guest tests, one function each (see list.c). */
#ifndef GUEST_TESTS_H
#define GUEST_TESTS_H

int test_printf(void);
int test_boot_info(void);
int test_page_alloc(void);
int test_kmalloc(void);
int test_paging(void);
int test_exc_de(void);
int test_exc_ud(void);
int test_exc_bp(void);
int test_exc_gp(void);
int test_exc_pf(void);
int test_exc_pf_write(void);
int test_exc_nx(void);
int test_exc_nmi_ist(void);
int test_exc_df_ist(void);
int test_apic(void);
int test_apic_self_ipi(void);
int test_tsc(void);
int test_apic_timer(void);
int test_timer_wheel(void);
int test_ioapic(void);
int test_smp_boot(void);
int test_smp_call(void);
int test_spinlock(void);
int test_pci_enum(void);
int test_pci_testdev(void);
int test_pci_msi(void);
int test_pci_msix(void);
int test_user_syscall(void);
int test_user_fault(void);
int test_user_irq(void);
int test_ipi_defer(void);
int test_panic(void);
int test_gve_probe(void);
int test_gve_tx(void);
int test_gve_rx(void);
int test_gve_link(void);
int test_gve_rss(void);
int test_gve_net(void);
int test_gve_jumbo(void);
int test_gve_devmem_tx(void);

#endif
