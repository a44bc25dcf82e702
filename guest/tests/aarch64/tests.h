/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The aarch64-only in-guest tests (see list.c here). */
#ifndef GUEST_TESTS_AARCH64_H
#define GUEST_TESTS_AARCH64_H

int test_exc_ud(void);
int test_exc_brk(void);
int test_exc_svc(void);
int test_exc_pf(void);
int test_exc_pf_write(void);
int test_exc_nx(void);
int test_exc_align(void);
int test_exc_pc_align(void);
int test_exc_fp(void);
int test_panic(void);
int test_gic(void);
int test_gic_self_ipi(void);
int test_counter(void);
int test_timer(void);
int test_its_msi_remote(void);

#endif
