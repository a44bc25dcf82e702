/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CPU-bound A64 benchmark: recursive calls, a prime sieve, an integer
 * hash loop and a small floating-point kernel.  Prints a checksum so the
 * two emulators can be checked to do the same work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static unsigned fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static unsigned sieve(unsigned limit)
{
    uint8_t *composite = calloc(limit + 1, 1);
    unsigned count = 0;

    for (unsigned i = 2; i <= limit; i++) {
        if (!composite[i]) {
            count++;
            for (unsigned j = i * 2; j <= limit; j += i) {
                composite[j] = 1;
            }
        }
    }
    free(composite);
    return count;
}

static uint64_t hash_loop(unsigned n)
{
    uint64_t x = 0x9e3779b97f4a7c15ull, acc = 0;

    for (unsigned i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        acc += (x * 0xff51afd7ed558ccdull) >> (i & 31);
        if (acc & 1) {
            acc ^= i;
        }
    }
    return acc;
}

static double fp_kernel(unsigned n)
{
    double s = 0, t = 1.0;

    for (unsigned i = 1; i <= n; i++) {
        t = t * 1.0000001 + 1.0 / i;
        s += t / (i + 0.5);
    }
    return s;
}

int main(void)
{
    unsigned f = fib(30);
    unsigned p = 0;
    uint64_t h = hash_loop(20000000);
    double d = fp_kernel(4000000);

    for (int i = 0; i < 3; i++) {
        p += sieve(2000000);
    }
    printf("fib %u primes %u hash %016llx fp %.6e\n", f, p,
           (unsigned long long)h, d);
    return 0;
}
