/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AdvSIMD integer instructions through the ACLE intrinsics, on
 * pseudo-random vectors; one checksum line per operation.
 */
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static uint8x16_t rnd(void)
{
    uint64_t v[2] = { next(), next() };

    if (v[0] & 1) {
        v[1] &= 0x00ff00ff00ff00ffull;  /* some zero and equal lanes */
    }
    return vreinterpretq_u8_u64(vld1q_u64(v));
}

static uint64_t fold(uint64_t sum, uint8x16_t v)
{
    uint64_t w[2];

    memcpy(w, &v, 16);
    return (sum * 31 + w[0]) * 31 + w[1];
}

#define U16(x) vreinterpretq_u16_u8(x)
#define U32(x) vreinterpretq_u32_u8(x)
#define S32(x) vreinterpretq_s32_u8(x)
#define U64(x) vreinterpretq_u64_u8(x)
#define B(x) vreinterpretq_u8_u16(x)
#define B32(x) vreinterpretq_u8_u32(x)
#define BS32(x) vreinterpretq_u8_s32(x)
#define B64(x) vreinterpretq_u8_u64(x)

static uint8x16_t op(unsigned k, uint8x16_t a, uint8x16_t b, uint8x16_t c)
{
    switch (k) {
    case 0: return vceqq_u8(a, b);
    case 1: return vceqzq_u8(vandq_u8(a, b));
    case 2: return vcombine_u8(vshrn_n_u16(U16(a), 4), vdup_n_u8(1));
    case 3: return vpmaxq_u8(a, b);
    case 4: return vpminq_u8(a, b);
    case 5: return vdupq_n_u8(vaddvq_u8(a));
    case 6: return vdupq_n_u8(vmaxvq_u8(a));
    case 7: return vdupq_n_u8(vminvq_u8(a));
    case 8: return vcntq_u8(a);
    case 9: return vzip1q_u8(a, b);
    case 10: return vzip2q_u8(a, b);
    case 11: return vuzp1q_u8(a, b);
    case 12: return vuzp2q_u8(a, b);
    case 13: return vextq_u8(a, b, 7);
    case 14: return B(vmovl_u8(vget_low_u8(a)));
    case 15: return B(vaddw_u8(U16(a), vget_high_u8(b)));
    case 16: return B(vmull_u8(vget_low_u8(a), vget_low_u8(b)));
    case 17: return vbslq_u8(c, a, b);
    case 18: return vorrq_u8(veorq_u8(a, b), vbicq_u8(c, a));
    case 19: return vcgtq_u8(a, b);
    case 20: return B32(vcgeq_s32(S32(a), S32(b)));
    case 21: return B32(vshrq_n_u32(U32(a), 9));
    case 22: return BS32(vshrq_n_s32(S32(a), 31));
    case 23: return B64(vshlq_n_u64(U64(a), 17));
    case 24: return vmvnq_u8(vaddq_u8(a, b));
    case 25: return B(vsubq_u16(U16(a), U16(b)));
    case 26: return vrev64q_u8(a);
    case 27: return B(vpaddq_u16(U16(a), U16(b)));
    case 28: return vcombine_u8(vmovn_u16(U16(a)), vmovn_u16(U16(b)));
    case 29: return B32(vdupq_laneq_u32(U32(a), 3));
    case 30: return B32(vsetq_lane_u32(vgetq_lane_u32(U32(b), 2),
                                       U32(a), 1));
    case 31: return vtrn1q_u8(a, b);
    default: return vmaxq_u8(a, vminq_u8(b, c));
    }
}

int main(void)
{
    for (unsigned k = 0; k <= 32; k++) {
        uint64_t sum = 0;

        for (unsigned i = 0; i < 500; i++) {
            sum = fold(sum, op(k, rnd(), rnd(), rnd()));
        }
        printf("op%-3u %016llx\n", k, (unsigned long long)sum);
    }
    return 0;
}
