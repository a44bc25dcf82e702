/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A64 crypto primitives shared by the handlers (a64-crypto.c,
 * a64-simd-int.c) and the unit tests: AES rounds, four SHA-256 rounds
 * and the 64 x 64-bit carry-less multiply, each as a portable C
 * function and, on x86-64 hosts whose CPU has AES-NI / SHA-NI /
 * PCLMULQDQ (checked with __builtin_cpu_supports), with those
 * instructions.  The decoder picks
 * the host form when a64_*_host_ok() says so; both forms give the same
 * results (tests/unit/test-a64-crypto.c).
 *
 * V registers are two uint64_t, low half first, bytes little-endian:
 * byte 4c + r is row r of column c of the AES state on both sides.
 */
#ifndef TARGET_ARM_A64_CRYPTO_H
#define TARGET_ARM_A64_CRYPTO_H

/* @sub: AESE, AESD (state @d, round key @n), AESMC, AESIMC (of @n). */
enum { A64_AESE, A64_AESD, A64_AESMC, A64_AESIMC };

void a64_aes_soft(unsigned sub, uint64_t r[2], const uint64_t d[2],
                  const uint64_t n[2]);
bool a64_aes_host_ok(void);
/* Only when a64_aes_host_ok(). */
void a64_aes_host(unsigned sub, uint64_t r[2], const uint64_t d[2],
                  const uint64_t n[2]);

/*
 * Four SHA-256 rounds (SHA256H/SHA256H2): @abcd (a in word 0) and @efgh
 * (e in word 0) are updated in place with the four words of @wk (message
 * plus round constant).  SHA256H keeps the new abcd, SHA256H2 efgh.
 */
void a64_sha256_rounds_soft(uint32_t abcd[4], uint32_t efgh[4],
                            const uint32_t wk[4]);
bool a64_sha256_host_ok(void);
/* Only when a64_sha256_host_ok() (SHA-NI). */
void a64_sha256_rounds_host(uint32_t abcd[4], uint32_t efgh[4],
                            const uint32_t wk[4]);

/* @r = the 128-bit carry-less product of @a and @b (PMULL.1Q). */
void a64_clmul64_soft(uint64_t a, uint64_t b, uint64_t r[2]);
bool a64_clmul_host_ok(void);
/* Only when a64_clmul_host_ok(). */
void a64_clmul64_host(uint64_t a, uint64_t b, uint64_t r[2]);

#endif
