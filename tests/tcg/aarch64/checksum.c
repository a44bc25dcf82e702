/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Integer arithmetic, shifts, multiply/divide, byte and word memory. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t adler32(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;

    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

int main(void)
{
    static uint8_t buf[4096];
    uint64_t h = 0;
    int64_t s = 0;

    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(i * 7 + (i >> 3));
    }
    printf("adler32 %08x\n", adler32(buf, sizeof(buf)));
    for (uint64_t i = 1; i < 1000; i++) {
        h = mix(h + i);
        s += (int64_t)(h % 1000) / -7 + (int64_t)(i * i) / 3;
    }
    printf("mix %016llx sum %lld\n", (unsigned long long)h, (long long)s);
    printf("clz %d ctz %d pop %d\n", __builtin_clzll(h | 1),
           __builtin_ctzll(h | 0x100000), __builtin_popcountll(h));
    printf("len %zu cmp %d\n", strlen("the quick brown fox"),
           memcmp(buf, buf + 1, 64) < 0);
    return (int)(h & 0x3f);
}
