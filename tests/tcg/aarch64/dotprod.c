/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SDOT/UDOT (FEAT_DotProd), vector and by element, 64- and 128-bit, on
 * pseudo-random bytes (including Vd as a source): prints a hash of the
 * results, which must be the same on hardware and on any emulator.
 */
__asm__(".arch armv8.2-a+dotprod\n");

#include <stdint.h>
#include <stdio.h>

static uint64_t state = 88172645463325252ull;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

/* Vd = d, Vn = a, Vm = b; run @insn; fold the 16 result bytes into @h. */
#define RUN(insn)                                                       \
    do {                                                                \
        __asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n ldr q2, [%3]\n" \
                         insn "\n str q0, [%0]"                         \
                         : : "r"(r), "r"(d), "r"(a), "r"(b)             \
                         : "v0", "v1", "v2", "memory");                 \
        for (int i = 0; i < 16; i++) {                                  \
            h = h * 131 + r[i];                                         \
        }                                                               \
    } while (0)

int main(void)
{
    uint8_t a[16], b[16], d[16], r[16];
    uint64_t h = 0;

    for (int it = 0; it < 200; it++) {
        for (int i = 0; i < 16; i++) {
            a[i] = next();
            b[i] = next();
            d[i] = next();
        }
        RUN("udot v0.4s, v1.16b, v2.16b");
        RUN("sdot v0.4s, v1.16b, v2.16b");
        RUN("udot v0.2s, v1.8b, v2.8b");
        RUN("sdot v0.2s, v1.8b, v2.8b");
        RUN("udot v0.4s, v1.16b, v2.4b[3]");
        RUN("sdot v0.4s, v1.16b, v2.4b[1]");
        RUN("sdot v0.2s, v1.8b, v2.4b[2]");
        RUN("udot v0.4s, v0.16b, v2.4b[0]");
    }
    printf("dot hash %016llx\n", (unsigned long long)h);
    return 0;
}
