/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Memory-bound A64 benchmark: qsort of a large array, block copies,
 * pointer chasing through a shuffled linked list and a matrix transpose.
 * Prints a checksum so the two emulators can be checked to do the same
 * work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t seed = 12345;

static uint32_t next_rand(void)
{
    seed = seed * 1103515245u + 12345u;
    return seed >> 4;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

static uint64_t sort_test(unsigned n)
{
    uint32_t *v = malloc(n * sizeof(*v));
    uint64_t sum = 0;

    for (unsigned i = 0; i < n; i++) {
        v[i] = next_rand();
    }
    qsort(v, n, sizeof(*v), cmp_u32);
    for (unsigned i = 0; i < n; i += 97) {
        sum += v[i] * (uint64_t)i;
    }
    free(v);
    return sum;
}

static uint64_t copy_test(size_t bytes, unsigned rounds)
{
    uint8_t *a = malloc(bytes), *b = malloc(bytes);
    uint64_t sum = 0;

    memset(a, 0x5a, bytes);
    for (unsigned r = 0; r < rounds; r++) {
        memcpy(b, a, bytes);
        b[r % bytes] ^= r;
        memcpy(a, b, bytes);
        sum += a[(r * 7919) % bytes];
    }
    free(a);
    free(b);
    return sum;
}

static uint64_t chase_test(unsigned n, unsigned steps)
{
    unsigned *next = malloc(n * sizeof(*next)), *order = malloc(n * 4);
    unsigned at = 0;
    uint64_t sum = 0;

    for (unsigned i = 0; i < n; i++) {
        order[i] = i;
    }
    for (unsigned i = n - 1; i > 0; i--) {
        unsigned j = next_rand() % (i + 1), t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    for (unsigned i = 0; i < n; i++) {
        next[order[i]] = order[(i + 1) % n];
    }
    for (unsigned i = 0; i < steps; i++) {
        at = next[at];
        sum += at;
    }
    free(next);
    free(order);
    return sum;
}

static uint64_t transpose_test(unsigned n, unsigned rounds)
{
    uint32_t *a = malloc(n * n * 4), *b = malloc(n * n * 4);
    uint64_t sum = 0;

    for (unsigned i = 0; i < n * n; i++) {
        a[i] = i;
    }
    for (unsigned r = 0; r < rounds; r++) {
        for (unsigned i = 0; i < n; i++) {
            for (unsigned j = 0; j < n; j++) {
                b[j * n + i] = a[i * n + j] + r;
            }
        }
        sum += b[(r * 31) % (n * n)];
    }
    free(a);
    free(b);
    return sum;
}

int main(void)
{
    uint64_t s = sort_test(1000000);
    uint64_t c = copy_test(8 << 20, 24);
    uint64_t p = chase_test(1 << 21, 8000000);
    uint64_t t = transpose_test(1024, 6);

    printf("sort %llu copy %llu chase %llu transpose %llu\n",
           (unsigned long long)s, (unsigned long long)c,
           (unsigned long long)p, (unsigned long long)t);
    return 0;
}
