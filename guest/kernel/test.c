/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test harness: runs the tests named on the command line
 * (tests=NAME,NAME or tests=all) and prints TAP: a plan "1..N", then
 * "ok N - name", "ok N - name # SKIP reason" or "not ok N - name".
 */
#include "test.h"
#include "kernel.h"

static char skip_reason[128];

int test_fail(const char *fmt, ...)
{
    char buf[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printf("# %s\n", buf);
    return -1;
}

int test_skip(const char *reason)
{
    strlcpy(skip_reason, reason, sizeof(skip_reason));
    return 1;
}

static const Test *find_test(const char *name, size_t len)
{
    for (unsigned i = 0; i < guest_nr_tests; i++) {
        if (strlen(guest_tests[i].name) == len &&
            !strncmp(guest_tests[i].name, name, len)) {
            return &guest_tests[i];
        }
    }
    return NULL;
}

/* Count the comma-separated names in @list (empty ones do not count). */
static unsigned count_names(const char *list)
{
    unsigned n = 0;

    for (const char *p = list; *p; p++) {
        n += *p != ',' && (p == list || p[-1] == ',');
    }
    return n;
}

static bool run_one(unsigned n, const char *name, size_t len)
{
    const Test *t = find_test(name, len);
    int r;

    if (!t) {
        printf("not ok %u - %.*s # unknown test\n", n, (int)len, name);
        return false;
    }
    skip_reason[0] = '\0';
    r = t->fn();
    if (r > 0) {
        printf("ok %u - %s # SKIP %s\n", n, t->name, skip_reason);
    } else {
        printf("%s %u - %s\n", r ? "not ok" : "ok", n, t->name);
    }
    return r <= 0 ? r == 0 : true;
}

unsigned tests_run(const char *list)
{
    unsigned failed = 0, n = 0;

    if (!strcmp(list, "all")) {
        for (unsigned i = 0; i < guest_nr_tests; i++) {
            n += !guest_tests[i].manual;
        }
        printf("1..%u\n", n);
        n = 0;
        for (unsigned i = 0; i < guest_nr_tests; i++) {
            const char *name = guest_tests[i].name;

            if (!guest_tests[i].manual) {
                failed += !run_one(++n, name, strlen(name));
            }
        }
        return failed;
    }
    printf("1..%u\n", count_names(list));
    while (*list) {
        const char *end = strchr(list, ',');
        size_t len = end ? (size_t)(end - list) : strlen(list);

        if (len) {
            failed += !run_one(++n, list, len);
        }
        list += len + (end ? 1 : 0);
    }
    return failed;
}
