/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests of the library, boot information and memory management. */
#include "kernel.h"
#include "mm.h"
#include "test.h"
#include "tests.h"

int test_printf(void)
{
    char buf[64];

    snprintf(buf, sizeof(buf), "%d|%5u|%-4s|%04x|%lx|%c|%%", -42, 7u, "ab",
             0xbeu, 0x123456789abcUL, 'z');
    if (strcmp(buf, "-42|    7|ab  |00be|123456789abc|z|%")) {
        return test_fail("got '%s'", buf);
    }
    TEST_EQ(snprintf(buf, 4, "%s", "truncated"), 9);
    TEST_ASSERT(!strcmp(buf, "tru"));
    snprintf(buf, sizeof(buf), "%p", (void *)0x1000);
    TEST_ASSERT(!strcmp(buf, "0x0000000000001000"));
    snprintf(buf, sizeof(buf), "[%.*s|%.2s|%-3.1s]", 3, "abcdef", "xyz", "q");
    TEST_ASSERT(!strcmp(buf, "[abc|xy|q  ]"));
    TEST_EQ(strtoull("0x1f", NULL, 0), 31);
    return 0;
}

int test_boot_info(void)
{
    char v[32];
    uint64_t total = 0;

    TEST_ASSERT(boot_info.nr_ram > 0);
    for (unsigned i = 0; i < boot_info.nr_ram; i++) {
        total += boot_info.ram[i].size;
        if (i) {
            TEST_ASSERT(boot_info.ram[i].base >= boot_info.ram[i - 1].base);
        }
    }
    TEST_ASSERT(total >= 16 * MiB);
    TEST_ASSERT(cmdline_get("tests", v, sizeof(v)));
    TEST_ASSERT(!cmdline_get("no-such-key", v, sizeof(v)));
    printf("# %s boot, %lu MiB RAM in %u regions\n", boot_info.loader,
           total / MiB, boot_info.nr_ram);
    return 0;
}

int test_page_alloc(void)
{
    uint64_t before = page_free_count();
    uint64_t a = page_alloc(1), b = page_alloc(4), c;
    uint8_t *p;

    TEST_ASSERT(a && b && a != b);
    TEST_ASSERT(!(a & (PAGE_SIZE - 1)) && !(b & (PAGE_SIZE - 1)));
    TEST_EQ(page_free_count(), before - 5);
    p = p2v(b);
    for (unsigned i = 0; i < 4 * PAGE_SIZE; i++) {
        TEST_ASSERT(p[i] == 0);         /* zeroed, and contiguous */
        p[i] = 0xaa;
    }
    page_free(b, 4);
    c = page_alloc(4);
    TEST_ASSERT(c);
    TEST_ASSERT(((uint8_t *)p2v(c))[0] == 0);
    page_free(a, 1);
    page_free(c, 4);
    TEST_EQ(page_free_count(), before);
    return 0;
}

int test_kmalloc(void)
{
    static const size_t sizes[] = { 1, 16, 17, 100, 512, 2048, 5000 };
    void *p[ARRAY_SIZE(sizes)], *q;

    for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
        p[i] = kmalloc(sizes[i]);
        TEST_ASSERT(p[i]);
        memset(p[i], i + 1, sizes[i]);
    }
    for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
        for (size_t j = 0; j < sizes[i]; j++) {
            TEST_EQ(((uint8_t *)p[i])[j], i + 1);
        }
        kfree(p[i]);
    }
    q = kmalloc(100);
    TEST_ASSERT(q == p[3]);             /* LIFO reuse within the class */
    kfree(q);
    q = kzalloc(3000);
    TEST_ASSERT(q && ((uint8_t *)q)[2999] == 0);
    kfree(q);
    return 0;
}

int test_paging(void)
{
    uint64_t pa = page_alloc(1), va = MMIO_BASE - 0x200000ULL;
    unsigned flags;
    volatile uint32_t *v;

    TEST_ASSERT(pa);
    TEST_EQ(vm_translate((uint64_t)p2v(pa), NULL), pa);
    TEST_EQ(vm_translate((uint64_t)test_paging, &flags),
            v2p(test_paging));
    TEST_ASSERT((flags & VM_EXEC) && !(flags & VM_WRITE));
    TEST_EQ(vm_map(va, pa, PAGE_SIZE, VM_WRITE), 0);
    TEST_EQ(vm_translate(va, &flags), pa);
    TEST_ASSERT((flags & VM_WRITE) && !(flags & VM_USER));
    v = (volatile uint32_t *)va;
    *v = 0x12345678;
    TEST_EQ(*(volatile uint32_t *)p2v(pa), 0x12345678);
    TEST_EQ(vm_unmap(va, PAGE_SIZE), 0);
    TEST_EQ(vm_translate(va, NULL), (uint64_t)-1);
    page_free(pa, 1);
    return 0;
}
