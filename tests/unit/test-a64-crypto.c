/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The A64 crypto primitives (target/arm/a64-crypto.h): the portable AES
 * rounds against FIPS-197's AES-128 example (Appendix C.1) built from
 * AESE/AESMC and AESD/AESIMC as Arm code uses them, the SHA-256 rounds
 * against FIPS 180-4's "abc" example, the carry-less multiply against
 * its algebra, and the host-instruction forms (AES-NI, SHA-NI,
 * PCLMULQDQ, when this CPU has them) against the portable ones.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "target/arm/a64-crypto.h"

typedef void AesFn(unsigned sub, uint64_t r[2], const uint64_t d[2],
                   const uint64_t n[2]);
typedef void ClmulFn(uint64_t a, uint64_t b, uint64_t r[2]);

static void from_bytes(uint64_t v[2], const uint8_t *b)
{
    v[0] = v[1] = 0;
    for (unsigned i = 0; i < 16; i++) {
        v[i / 8] |= (uint64_t)b[i] << (8 * (i % 8));
    }
}

/* The AES-128 key schedule; SubWord is AESE of four copies of a word. */
static void expand_key(AesFn *aes, const uint8_t *key, uint64_t rk[11][2])
{
    static const uint8_t rcon[10] = {
        0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36,
    };
    uint32_t w[44];

    for (unsigned i = 0; i < 4; i++) {
        w[i] = key[4 * i] | key[4 * i + 1] << 8 | key[4 * i + 2] << 16 |
               (uint32_t)key[4 * i + 3] << 24;
    }
    for (unsigned i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];

        if (i % 4 == 0) {
            uint64_t v[2], z[2] = { 0, 0 };

            t = (t >> 8) | (t << 24);                   /* RotWord */
            v[0] = v[1] = t | (uint64_t)t << 32;
            aes(A64_AESE, v, v, z);
            t = (uint32_t)v[0] ^ rcon[i / 4 - 1];
        }
        w[i] = w[i - 4] ^ t;
    }
    for (unsigned r = 0; r < 11; r++) {
        rk[r][0] = w[4 * r] | (uint64_t)w[4 * r + 1] << 32;
        rk[r][1] = w[4 * r + 2] | (uint64_t)w[4 * r + 3] << 32;
    }
}

static void check_fips197(AesFn *aes)
{
    static const uint8_t key[16] = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
        0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    };
    static const uint8_t plain[16] = {
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
        0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
    };
    static const uint8_t cipher[16] = {
        0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30,
        0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a,
    };
    uint64_t rk[11][2], dk[11][2], st[2], want[2], pt[2];

    expand_key(aes, key, rk);
    from_bytes(st, plain);
    from_bytes(pt, plain);
    from_bytes(want, cipher);
    for (unsigned r = 0; r < 9; r++) {
        aes(A64_AESE, st, st, rk[r]);
        aes(A64_AESMC, st, st, st);
    }
    aes(A64_AESE, st, st, rk[9]);
    st[0] ^= rk[10][0];
    st[1] ^= rk[10][1];
    g_assert_cmphex(st[0], ==, want[0]);
    g_assert_cmphex(st[1], ==, want[1]);

    /* the equivalent inverse cipher's keys: InvMixColumns of the middle */
    memcpy(dk[0], rk[10], 16);
    for (unsigned r = 1; r < 10; r++) {
        aes(A64_AESIMC, dk[r], dk[r], rk[10 - r]);
    }
    memcpy(dk[10], rk[0], 16);
    for (unsigned r = 0; r < 9; r++) {
        aes(A64_AESD, st, st, dk[r]);
        aes(A64_AESIMC, st, st, st);
    }
    aes(A64_AESD, st, st, dk[9]);
    st[0] ^= dk[10][0];
    st[1] ^= dk[10][1];
    g_assert_cmphex(st[0], ==, pt[0]);
    g_assert_cmphex(st[1], ==, pt[1]);
}

static uint64_t rnd64(void)
{
    return ((uint64_t)g_test_rand_int() << 32) | (uint32_t)g_test_rand_int();
}

static void test_aes_soft(void)
{
    uint64_t a[2], b[2], c[2];

    check_fips197(a64_aes_soft);
    /* AESIMC undoes AESMC */
    for (unsigned i = 0; i < 1000; i++) {
        a[0] = rnd64();
        a[1] = rnd64();
        a64_aes_soft(A64_AESMC, b, b, a);
        a64_aes_soft(A64_AESIMC, c, c, b);
        g_assert_cmphex(c[0], ==, a[0]);
        g_assert_cmphex(c[1], ==, a[1]);
    }
}

static void test_aes_host(void)
{
    if (!a64_aes_host_ok()) {
        g_test_skip("no AES instructions on this host");
        return;
    }
    check_fips197(a64_aes_host);
    for (unsigned i = 0; i < 20000; i++) {
        uint64_t d[2] = { rnd64(), rnd64() }, n[2] = { rnd64(), rnd64() };
        uint64_t r1[2], r2[2];
        unsigned sub = i % 4;

        a64_aes_soft(sub, r1, d, n);
        a64_aes_host(sub, r2, d, n);
        g_assert_cmphex(r1[0], ==, r2[0]);
        g_assert_cmphex(r1[1], ==, r2[1]);
    }
}

typedef void Sha256Fn(uint32_t abcd[4], uint32_t efgh[4],
                      const uint32_t wk[4]);

static uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

/* The first 32 fraction bits of @x (a root of a small prime). */
static uint32_t frac32(long double x)
{
    return (uint32_t)ldexpl(x - floorl(x), 32);
}

/*
 * SHA-256 of "abc" (FIPS 180-4's example), the rounds done four at a
 * time as Arm code does with SHA256H and SHA256H2; the constants are
 * computed from their definition (roots of the first primes).
 */
static void check_sha256(Sha256Fn *rounds)
{
    static const uint32_t want[8] = {
        0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
        0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad,
    };
    uint32_t k[64], w[64] = { 0x61626380, [15] = 24 }, h[8];
    uint32_t abcd[4], efgh[4], x1[4], y1[4], x2[4], y2[4], wk[4];
    unsigned np = 0;

    for (unsigned p = 2; np < 64; p++) {
        bool prime = true;

        for (unsigned q = 2; q * q <= p; q++) {
            prime &= p % q != 0;
        }
        if (prime) {
            if (np < 8) {
                h[np] = frac32(sqrtl(p));
            }
            k[np++] = frac32(cbrtl(p));
        }
    }
    for (unsigned t = 16; t < 64; t++) {
        uint32_t s0 = ror32(w[t - 15], 7) ^ ror32(w[t - 15], 18) ^
                      (w[t - 15] >> 3);
        uint32_t s1 = ror32(w[t - 2], 17) ^ ror32(w[t - 2], 19) ^
                      (w[t - 2] >> 10);

        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    memcpy(abcd, h, 16);
    memcpy(efgh, h + 4, 16);
    for (unsigned t = 0; t < 64; t += 4) {
        for (unsigned i = 0; i < 4; i++) {
            wk[i] = w[t + i] + k[t + i];
        }
        memcpy(x1, abcd, 16);
        memcpy(y1, efgh, 16);
        rounds(x1, y1, wk);             /* SHA256H: the new abcd */
        memcpy(x2, abcd, 16);
        memcpy(y2, efgh, 16);
        rounds(x2, y2, wk);             /* SHA256H2: the new efgh */
        memcpy(abcd, x1, 16);
        memcpy(efgh, y2, 16);
    }
    for (unsigned i = 0; i < 4; i++) {
        g_assert_cmphex(abcd[i] + h[i], ==, want[i]);
        g_assert_cmphex(efgh[i] + h[i + 4], ==, want[i + 4]);
    }
}

static void check_clmul(ClmulFn *clmul)
{
    uint64_t r[2], s[2], t[2];

    clmul(3, 3, r);                             /* (x + 1)^2 = x^2 + 1 */
    g_assert_cmphex(r[0], ==, 5);
    g_assert_cmphex(r[1], ==, 0);
    clmul(1ull << 63, 1ull << 63, r);           /* x^126 */
    g_assert_cmphex(r[0], ==, 0);
    g_assert_cmphex(r[1], ==, 1ull << 62);
    clmul(~0ull, 1ull << 4, r);
    g_assert_cmphex(r[0], ==, ~0ull << 4);
    g_assert_cmphex(r[1], ==, 0xf);
    for (unsigned i = 0; i < 2000; i++) {
        uint64_t a = rnd64(), b = rnd64(), c = rnd64();

        clmul(a, b, r);                         /* commutative */
        clmul(b, a, s);
        g_assert_cmphex(r[0], ==, s[0]);
        g_assert_cmphex(r[1], ==, s[1]);
        clmul(a, c, s);                         /* distributes over XOR */
        clmul(a, b ^ c, t);
        g_assert_cmphex(t[0], ==, r[0] ^ s[0]);
        g_assert_cmphex(t[1], ==, r[1] ^ s[1]);
    }
}

static void test_sha256_soft(void)
{
    check_sha256(a64_sha256_rounds_soft);
}

static void test_sha256_host(void)
{
    if (!a64_sha256_host_ok()) {
        g_test_skip("no SHA instructions on this host");
        return;
    }
    check_sha256(a64_sha256_rounds_host);
    for (unsigned i = 0; i < 20000; i++) {
        uint32_t x1[4], y1[4], x2[4], y2[4], wk[4];

        for (unsigned j = 0; j < 4; j++) {
            x1[j] = x2[j] = g_test_rand_int();
            y1[j] = y2[j] = g_test_rand_int();
            wk[j] = g_test_rand_int();
        }
        a64_sha256_rounds_soft(x1, y1, wk);
        a64_sha256_rounds_host(x2, y2, wk);
        g_assert_cmpmem(x1, 16, x2, 16);
        g_assert_cmpmem(y1, 16, y2, 16);
    }
}

static void test_clmul_soft(void)
{
    check_clmul(a64_clmul64_soft);
}

static void test_clmul_host(void)
{
    if (!a64_clmul_host_ok()) {
        g_test_skip("no PCLMULQDQ on this host");
        return;
    }
    check_clmul(a64_clmul64_host);
    for (unsigned i = 0; i < 20000; i++) {
        uint64_t a = rnd64(), b = rnd64(), r1[2], r2[2];

        a64_clmul64_soft(a, b, r1);
        a64_clmul64_host(a, b, r2);
        g_assert_cmphex(r1[0], ==, r2[0]);
        g_assert_cmphex(r1[1], ==, r2[1]);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/a64-crypto/aes-soft", test_aes_soft);
    g_test_add_func("/a64-crypto/aes-host", test_aes_host);
    g_test_add_func("/a64-crypto/sha256-soft", test_sha256_soft);
    g_test_add_func("/a64-crypto/sha256-host", test_sha256_host);
    g_test_add_func("/a64-crypto/clmul-soft", test_clmul_soft);
    g_test_add_func("/a64-crypto/clmul-host", test_clmul_host);
    return g_test_run();
}
