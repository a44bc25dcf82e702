/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 crypto extension: AESE, AESD, AESMC, AESIMC, and SHA1C, SHA1P,
 * SHA1M, SHA1H, SHA1SU0, SHA1SU1, SHA256H, SHA256H2, SHA256SU0,
 * SHA256SU1 (SHA-512/SHA-3/SM3/SM4 are ARMv8.2 and absent).  The
 * 128-bit register holds the AES state column by column (byte 4c + r is
 * row r of column c).  The S-boxes below were generated from their
 * definition (multiplicative inverse in GF(2^8) modulo x^8+x^4+x^3+x+1,
 * then the affine map with constant 0x63).  PMULL.1Q is in
 * a64-simd-int.c; the AES and carry-less multiply primitives have host
 * instruction forms (a64-crypto.h).
 */
#include "qemu/osdep.h"
#include "a64-crypto.h"
#include "a64-engine.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

#define V(r) (cpu->env.vregs[(r)])

static const uint8_t aes_sbox[256] = {
    0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b,
    0xfe, 0xd7, 0xab, 0x76, 0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0,
    0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0, 0xb7, 0xfd, 0x93, 0x26,
    0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
    0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2,
    0xeb, 0x27, 0xb2, 0x75, 0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0,
    0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84, 0x53, 0xd1, 0x00, 0xed,
    0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
    0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f,
    0x50, 0x3c, 0x9f, 0xa8, 0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5,
    0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2, 0xcd, 0x0c, 0x13, 0xec,
    0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
    0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14,
    0xde, 0x5e, 0x0b, 0xdb, 0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c,
    0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79, 0xe7, 0xc8, 0x37, 0x6d,
    0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
    0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f,
    0x4b, 0xbd, 0x8b, 0x8a, 0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e,
    0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e, 0xe1, 0xf8, 0x98, 0x11,
    0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
    0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f,
    0xb0, 0x54, 0xbb, 0x16,
};

static const uint8_t aes_inv_sbox[256] = {
    0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38, 0xbf, 0x40, 0xa3, 0x9e,
    0x81, 0xf3, 0xd7, 0xfb, 0x7c, 0xe3, 0x39, 0x82, 0x9b, 0x2f, 0xff, 0x87,
    0x34, 0x8e, 0x43, 0x44, 0xc4, 0xde, 0xe9, 0xcb, 0x54, 0x7b, 0x94, 0x32,
    0xa6, 0xc2, 0x23, 0x3d, 0xee, 0x4c, 0x95, 0x0b, 0x42, 0xfa, 0xc3, 0x4e,
    0x08, 0x2e, 0xa1, 0x66, 0x28, 0xd9, 0x24, 0xb2, 0x76, 0x5b, 0xa2, 0x49,
    0x6d, 0x8b, 0xd1, 0x25, 0x72, 0xf8, 0xf6, 0x64, 0x86, 0x68, 0x98, 0x16,
    0xd4, 0xa4, 0x5c, 0xcc, 0x5d, 0x65, 0xb6, 0x92, 0x6c, 0x70, 0x48, 0x50,
    0xfd, 0xed, 0xb9, 0xda, 0x5e, 0x15, 0x46, 0x57, 0xa7, 0x8d, 0x9d, 0x84,
    0x90, 0xd8, 0xab, 0x00, 0x8c, 0xbc, 0xd3, 0x0a, 0xf7, 0xe4, 0x58, 0x05,
    0xb8, 0xb3, 0x45, 0x06, 0xd0, 0x2c, 0x1e, 0x8f, 0xca, 0x3f, 0x0f, 0x02,
    0xc1, 0xaf, 0xbd, 0x03, 0x01, 0x13, 0x8a, 0x6b, 0x3a, 0x91, 0x11, 0x41,
    0x4f, 0x67, 0xdc, 0xea, 0x97, 0xf2, 0xcf, 0xce, 0xf0, 0xb4, 0xe6, 0x73,
    0x96, 0xac, 0x74, 0x22, 0xe7, 0xad, 0x35, 0x85, 0xe2, 0xf9, 0x37, 0xe8,
    0x1c, 0x75, 0xdf, 0x6e, 0x47, 0xf1, 0x1a, 0x71, 0x1d, 0x29, 0xc5, 0x89,
    0x6f, 0xb7, 0x62, 0x0e, 0xaa, 0x18, 0xbe, 0x1b, 0xfc, 0x56, 0x3e, 0x4b,
    0xc6, 0xd2, 0x79, 0x20, 0x9a, 0xdb, 0xc0, 0xfe, 0x78, 0xcd, 0x5a, 0xf4,
    0x1f, 0xdd, 0xa8, 0x33, 0x88, 0x07, 0xc7, 0x31, 0xb1, 0x12, 0x10, 0x59,
    0x27, 0x80, 0xec, 0x5f, 0x60, 0x51, 0x7f, 0xa9, 0x19, 0xb5, 0x4a, 0x0d,
    0x2d, 0xe5, 0x7a, 0x9f, 0x93, 0xc9, 0x9c, 0xef, 0xa0, 0xe0, 0x3b, 0x4d,
    0xae, 0x2a, 0xf5, 0xb0, 0xc8, 0xeb, 0xbb, 0x3c, 0x83, 0x53, 0x99, 0x61,
    0x17, 0x2b, 0x04, 0x7e, 0xba, 0x77, 0xd6, 0x26, 0xe1, 0x69, 0x14, 0x63,
    0x55, 0x21, 0x0c, 0x7d,
};

/* Multiply by x in GF(2^8). */
static uint8_t aes_xtime(uint8_t a)
{
    return (a << 1) ^ ((a & 0x80) ? 0x1b : 0);
}

static void aes_load(const uint64_t *v, uint8_t *st)
{
    for (unsigned i = 0; i < 16; i++) {
        st[i] = v[i / 8] >> (8 * (i % 8));
    }
}

static void aes_store(uint64_t *v, const uint8_t *st)
{
    uint64_t lo = 0, hi = 0;

    for (unsigned i = 0; i < 8; i++) {
        lo |= (uint64_t)st[i] << (8 * i);
        hi |= (uint64_t)st[i + 8] << (8 * i);
    }
    v[0] = lo;
    v[1] = hi;
}

/*
 * AESE/AESD: AddRoundKey, (Inv)ShiftRows, (Inv)SubBytes.  Row r of the
 * result's column c comes from column c + r (c - r to decrypt).
 */
static void aes_round(uint8_t *st, const uint8_t *key, bool decrypt)
{
    const uint8_t *box = decrypt ? aes_inv_sbox : aes_sbox;
    uint8_t t[16];

    for (unsigned i = 0; i < 16; i++) {
        t[i] = st[i] ^ key[i];
    }
    for (unsigned c = 0; c < 4; c++) {
        for (unsigned r = 0; r < 4; r++) {
            unsigned from = decrypt ? (c + 4 - r) % 4 : (c + r) % 4;

            st[r + 4 * c] = box[t[r + 4 * from]];
        }
    }
}

/*
 * MixColumns with xtime only: row r becomes a_r ^ t ^ 2(a_r ^ a_r+1),
 * t the XOR of the column.  InvMixColumns is MixColumns after adding
 * 4(a0 ^ a2) to rows 0, 2 and 4(a1 ^ a3) to rows 1, 3.
 */
static void aes_mix(uint8_t *st, bool inverse)
{
    for (unsigned c = 0; c < 4; c++) {
        uint8_t *col = st + 4 * c, a[4], t;

        if (inverse) {
            uint8_t u = aes_xtime(aes_xtime(col[0] ^ col[2]));
            uint8_t v = aes_xtime(aes_xtime(col[1] ^ col[3]));

            col[0] ^= u;
            col[1] ^= v;
            col[2] ^= u;
            col[3] ^= v;
        }
        memcpy(a, col, 4);
        t = a[0] ^ a[1] ^ a[2] ^ a[3];
        for (unsigned r = 0; r < 4; r++) {
            col[r] = a[r] ^ t ^ aes_xtime(a[r] ^ a[(r + 1) % 4]);
        }
    }
}

void a64_aes_soft(unsigned sub, uint64_t r[2], const uint64_t d[2],
                  const uint64_t n[2])
{
    uint8_t st[16], key[16];

    if (sub <= A64_AESD) {
        aes_load(d, st);
        aes_load(n, key);
        aes_round(st, key, sub == A64_AESD);
    } else {
        aes_load(n, st);
        aes_mix(st, sub == A64_AESIMC);
    }
    aes_store(r, st);
}

void a64_clmul64_soft(uint64_t a, uint64_t b, uint64_t r[2])
{
    uint64_t lo = 0, hi = 0;

    for (unsigned i = 0; i < 64; i++) {
        uint64_t m = -((b >> i) & 1);   /* all ones if bit i of b is set */

        lo ^= (a << i) & m;
        hi ^= (i ? a >> (64 - i) : 0) & m;
    }
    r[0] = lo;
    r[1] = hi;
}

#if defined(__x86_64__)
/*
 * AESENCLAST is ShiftRows, SubBytes, then the key XOR: AESE is it on
 * (d ^ n) with a zero key, AESD likewise with AESDECLAST.  MixColumns
 * alone is AESENC (ShiftRows, SubBytes, MixColumns) after AESDECLAST
 * (their inverses); InvMixColumns is AESIMC.
 */
__attribute__((target("aes,sse2")))
void a64_aes_host(unsigned sub, uint64_t r[2], const uint64_t d[2],
                  const uint64_t n[2])
{
    __m128i x = _mm_loadu_si128((const __m128i *)n);
    __m128i z = _mm_setzero_si128();

    switch (sub) {
    case A64_AESE:
        x = _mm_aesenclast_si128(
            _mm_xor_si128(x, _mm_loadu_si128((const __m128i *)d)), z);
        break;
    case A64_AESD:
        x = _mm_aesdeclast_si128(
            _mm_xor_si128(x, _mm_loadu_si128((const __m128i *)d)), z);
        break;
    case A64_AESMC:
        x = _mm_aesenc_si128(_mm_aesdeclast_si128(x, z), z);
        break;
    default:
        x = _mm_aesimc_si128(x);
        break;
    }
    _mm_storeu_si128((__m128i *)r, x);
}

bool a64_aes_host_ok(void)
{
    return __builtin_cpu_supports("aes");
}

__attribute__((target("pclmul,sse2")))
void a64_clmul64_host(uint64_t a, uint64_t b, uint64_t r[2])
{
    __m128i p = _mm_clmulepi64_si128(_mm_cvtsi64_si128(a),
                                     _mm_cvtsi64_si128(b), 0);

    _mm_storeu_si128((__m128i *)r, p);
}

bool a64_clmul_host_ok(void)
{
    return __builtin_cpu_supports("pclmul");
}
#else
void a64_aes_host(unsigned sub, uint64_t r[2], const uint64_t d[2],
                  const uint64_t n[2])
{
    g_assert_not_reached();
}

bool a64_aes_host_ok(void)
{
    return false;
}

void a64_clmul64_host(uint64_t a, uint64_t b, uint64_t r[2])
{
    g_assert_not_reached();
}

bool a64_clmul_host_ok(void)
{
    return false;
}
#endif

static const A64Op *a64_op_aes(ARMCPU *cpu, const A64Op *op)
{
    a64_aes_soft(op->sub, V(op->rd), V(op->rd), V(op->rn));
    return a64_next(cpu, op);
}

static const A64Op *a64_op_aes_host(ARMCPU *cpu, const A64Op *op)
{
    a64_aes_host(op->sub, V(op->rd), V(op->rd), V(op->rn));
    return a64_next(cpu, op);
}

bool trans_CRYPTO_AES(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 5);

    if (!(s->cpu->hwcap & A64_HWCAP_AES) || a64_field(insn, 22, 2) ||
        opc < 4 || opc > 7) {
        return false;
    }
    op->sub = opc - 4;      /* AESE, AESD, AESMC, AESIMC */
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->fn = a64_aes_host_ok() ? a64_op_aes_host : a64_op_aes;
    return true;
}

/* ---- SHA-1 and SHA-256 (the Arm ARM's SHA1C..SHA256SU1 pseudocode) ---- */

static uint32_t sha_rol(uint32_t x, unsigned n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t sha_ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

static void sha_get(const uint64_t *v, uint32_t *w)
{
    w[0] = v[0];
    w[1] = v[0] >> 32;
    w[2] = v[1];
    w[3] = v[1] >> 32;
}

static void sha_put(uint64_t *v, const uint32_t *w)
{
    v[0] = w[0] | ((uint64_t)w[1] << 32);
    v[1] = w[2] | ((uint64_t)w[3] << 32);
}

/* SHA1C (0), SHA1P (1), SHA1M (2): four rounds on X = Qd, Y = Sn. */
static void sha1_rounds(unsigned kind, uint32_t *x, uint32_t y,
                        const uint32_t *w)
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t t, top;

        if (kind == 0) {
            t = sha_choose(x[1], x[2], x[3]);
        } else if (kind == 1) {
            t = x[1] ^ x[2] ^ x[3];
        } else {
            t = sha_majority(x[1], x[2], x[3]);
        }
        y += sha_rol(x[0], 5) + t + w[e];
        x[1] = sha_rol(x[1], 30);
        top = x[3];             /* <Y, X> = ROL(Y:X, 32) */
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = y;
        y = top;
    }
}

/* SHA256H (part1) and SHA256H2: four rounds; returns X or Y. */
void a64_sha256_rounds_soft(uint32_t x[4], uint32_t y[4],
                            const uint32_t w[4])
{
    for (unsigned e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y[0], y[1], y[2]);
        uint32_t maj = sha_majority(x[0], x[1], x[2]);
        uint32_t t = y[3] + (sha_ror(y[0], 6) ^ sha_ror(y[0], 11) ^
                             sha_ror(y[0], 25)) + chs + w[e];
        uint32_t xt, yt;

        x[3] += t;
        y[3] = t + (sha_ror(x[0], 2) ^ sha_ror(x[0], 13) ^
                    sha_ror(x[0], 22)) + maj;
        xt = x[3];              /* <Y, X> = ROL(Y:X, 32) */
        yt = y[3];
        x[3] = x[2];
        x[2] = x[1];
        x[1] = x[0];
        x[0] = yt;
        y[3] = y[2];
        y[2] = y[1];
        y[1] = y[0];
        y[0] = xt;
    }
}

#if defined(__x86_64__)
/*
 * SHA256RNDS2 does two rounds on the state as {A, B, E, F} and
 * {C, D, G, H} (A in the top word); after two rounds the old ABEF is the
 * new CDGH.
 */
__attribute__((target("sha,sse4.1")))
void a64_sha256_rounds_host(uint32_t x[4], uint32_t y[4],
                            const uint32_t w[4])
{
    __m128i abef = _mm_set_epi32(x[0], x[1], y[0], y[1]);
    __m128i cdgh = _mm_set_epi32(x[2], x[3], y[2], y[3]);
    __m128i wk = _mm_loadu_si128((const __m128i *)w);
    __m128i abef1 = _mm_sha256rnds2_epu32(cdgh, abef, wk);
    __m128i abef2 = _mm_sha256rnds2_epu32(abef, abef1,
                                          _mm_srli_si128(wk, 8));

    x[0] = _mm_extract_epi32(abef2, 3);
    x[1] = _mm_extract_epi32(abef2, 2);
    x[2] = _mm_extract_epi32(abef1, 3);
    x[3] = _mm_extract_epi32(abef1, 2);
    y[0] = _mm_extract_epi32(abef2, 1);
    y[1] = _mm_extract_epi32(abef2, 0);
    y[2] = _mm_extract_epi32(abef1, 1);
    y[3] = _mm_extract_epi32(abef1, 0);
}

/* CPUID directly: not every compiler knows "sha" for cpu_supports. */
bool a64_sha256_host_ok(void)
{
    unsigned a, b, c, d;

    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19))) {
        return false;                   /* SSE4.1 */
    }
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}
#else
void a64_sha256_rounds_host(uint32_t x[4], uint32_t y[4],
                            const uint32_t w[4])
{
    g_assert_not_reached();
}

bool a64_sha256_host_ok(void)
{
    return false;
}
#endif

static void sha256_su1(uint32_t *r, const uint32_t *d, const uint32_t *n,
                       const uint32_t *m)
{
    uint32_t t0[4] = { n[1], n[2], n[3], m[0] };
    uint32_t t1[2] = { m[2], m[3] };

    for (unsigned e = 0; e < 4; e++) {
        uint32_t x = e < 2 ? t1[e] : r[e - 2];

        r[e] = (sha_ror(x, 17) ^ sha_ror(x, 19) ^ (x >> 10)) + d[e] + t0[e];
    }
}

/* SHA256H (op->sub 4) and SHA256H2 (5) with SHA-NI. */
static const A64Op *a64_op_sha256h_host(ARMCPU *cpu, const A64Op *op)
{
    uint32_t d[4], n[4], m[4];

    sha_get(V(op->rd), d);
    sha_get(V(op->rn), n);
    sha_get(V(op->rm), m);
    if (op->sub == 4) {
        a64_sha256_rounds_host(d, n, m);
    } else {
        a64_sha256_rounds_host(n, d, m);
    }
    sha_put(V(op->rd), d);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_sha3(ARMCPU *cpu, const A64Op *op)
{
    uint32_t d[4], n[4], m[4], r[4];

    sha_get(V(op->rd), d);
    sha_get(V(op->rn), n);
    sha_get(V(op->rm), m);
    switch (op->sub) {
    case 0: case 1: case 2:
        memcpy(r, d, sizeof(r));
        sha1_rounds(op->sub, r, n[0], m);
        break;
    case 3:                 /* SHA1SU0 */
        r[0] = d[2] ^ d[0] ^ m[0];
        r[1] = d[3] ^ d[1] ^ m[1];
        r[2] = n[0] ^ d[2] ^ m[2];
        r[3] = n[1] ^ d[3] ^ m[3];
        break;
    case 4:                 /* SHA256H: X = Qd, Y = Qn, result X */
        a64_sha256_rounds_soft(d, n, m);
        memcpy(r, d, sizeof(r));
        break;
    case 5:                 /* SHA256H2: X = Qn, Y = Qd, result Y */
        a64_sha256_rounds_soft(n, d, m);
        memcpy(r, d, sizeof(r));
        break;
    default:
        sha256_su1(r, d, n, m);
        break;
    }
    sha_put(V(op->rd), r);
    return a64_next(cpu, op);
}

static const A64Op *a64_op_sha2(ARMCPU *cpu, const A64Op *op)
{
    uint32_t d[4], n[4], r[4] = { 0, 0, 0, 0 }, t[4];

    sha_get(V(op->rd), d);
    sha_get(V(op->rn), n);
    switch (op->sub) {
    case 0:                 /* SHA1H */
        r[0] = sha_rol(n[0], 30);
        break;
    case 1:                 /* SHA1SU1 */
        t[0] = d[0] ^ n[1];
        t[1] = d[1] ^ n[2];
        t[2] = d[2] ^ n[3];
        t[3] = d[3];
        r[0] = sha_rol(t[0], 1);
        r[1] = sha_rol(t[1], 1);
        r[2] = sha_rol(t[2], 1);
        r[3] = sha_rol(t[3], 1) ^ sha_rol(t[0], 2);
        break;
    default: {              /* SHA256SU0 */
        uint32_t s[4] = { d[1], d[2], d[3], n[0] };

        for (unsigned e = 0; e < 4; e++) {
            r[e] = (sha_ror(s[e], 7) ^ sha_ror(s[e], 18) ^ (s[e] >> 3)) +
                   d[e];
        }
        break;
    }
    }
    sha_put(V(op->rd), r);
    return a64_next(cpu, op);
}

static bool sha_ok(A64DisasContext *s, unsigned sub)
{
    uint64_t need = sub >= 4 ? A64_HWCAP_SHA2 : A64_HWCAP_SHA1;

    return s->cpu->hwcap & need;
}

bool trans_CRYPTO_SHA3(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 3);

    if (a64_field(insn, 22, 2) || opc == 7 || !sha_ok(s, opc)) {
        return false;
    }
    op->sub = opc;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->rm = a64_field(insn, 16, 5);
    op->fn = a64_op_sha3;
    if ((opc == 4 || opc == 5) && a64_sha256_host_ok()) {
        op->fn = a64_op_sha256h_host;
    }
    return true;
}

bool trans_CRYPTO_SHA2(A64DisasContext *s, uint32_t insn)
{
    A64Op *op = s->op;
    unsigned opc = a64_field(insn, 12, 5);

    if (a64_field(insn, 22, 2) || opc > 2 || !sha_ok(s, opc == 2 ? 4 : 0)) {
        return false;
    }
    op->sub = opc;
    op->rd = a64_field(insn, 0, 5);
    op->rn = a64_field(insn, 5, 5);
    op->fn = a64_op_sha2;
    return true;
}
