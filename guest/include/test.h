/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * In-guest test harness.  Each test is a function returning 0 on success,
 * test_fail() (< 0) or test_skip() (> 0); tests are listed in
 * guest/tests/list.c and run by name from the command line:
 * tests=NAME,NAME or tests=all.
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include "lib.h"

typedef struct Test {
    const char *name;
    int (*fn)(void);
    bool manual;                /* only by name, never in tests=all */
} Test;

extern const Test guest_tests[];
extern const unsigned guest_nr_tests;

/* Print a diagnostic and return -1: return test_fail("...", ...); */
int test_fail(const char *fmt, ...) __printf(1, 2);
/* Return 1 (skipped) with a reason: return test_skip("no x2APIC"); */
int test_skip(const char *reason);

#define TEST_ASSERT(cond) \
    do { \
        if (!(cond)) { \
            return test_fail("%s:%d: %s", __FILE__, __LINE__, #cond); \
        } \
    } while (0)

#define TEST_EQ(a, b) \
    do { \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b); \
        if (a_ != b_) { \
            return test_fail("%s:%d: %s == 0x%lx, expected 0x%lx", \
                             __FILE__, __LINE__, #a, a_, b_); \
        } \
    } while (0)

/* Run the tests named by the command line; returns the failure count. */
unsigned tests_run(const char *list);

#endif
