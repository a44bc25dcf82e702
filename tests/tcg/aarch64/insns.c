/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Integer instructions on pseudo-random operands: each result and the
 * NZCV it leaves are folded into a per-instruction checksum, so any
 * difference from the reference shows which instruction is wrong.
 */
#include <stdint.h>
#include <stdio.h>

#define OP2(name, insn)                                                   \
    static uint64_t name(uint64_t a, uint64_t b)                          \
    {                                                                     \
        uint64_t r, f;                                                    \
        asm volatile("msr nzcv, %3\n\t" insn "\n\tmrs %1, nzcv"           \
                     : "=&r"(r), "=r"(f) : "r"(a), "r"(b ^ (a << 28)),    \
                       "r"(b) : "cc");                                    \
        return r ^ (f * 0x9e3779b97f4a7c15ull);                           \
    }

/* %0 result, %2 a, %4 b; %3 seeds NZCV from the operands. */
OP2(t_adds, "adds %0, %2, %4")
OP2(t_subs_w, "subs %w0, %w2, %w4")
OP2(t_adcs, "adcs %0, %2, %4")
OP2(t_sbcs_w, "sbcs %w0, %w2, %w4")
OP2(t_adds_ext, "adds %0, %2, %w4, sxtb #3")
OP2(t_sub_ext, "sub %0, %2, %w4, uxth #2")
OP2(t_ands_sh, "ands %0, %2, %4, ror #13")
OP2(t_bics_w, "bics %w0, %w2, %w4, asr #7")
OP2(t_orn, "orn %0, %2, %4, lsr #3")
OP2(t_eon_w, "eon %w0, %w2, %w4, lsl #31")
OP2(t_and_imm, "and %0, %2, #0x3ffffffc0")
OP2(t_eor_imm_w, "eor %w0, %w2, #0x81818181")
OP2(t_ccmp, "ccmp %2, %4, #5, hi\n\tcset %0, lt")
OP2(t_ccmn_w, "ccmn %w2, #17, #2, vs\n\tcset %w0, ge")
OP2(t_csinv, "csinv %0, %2, %4, gt")
OP2(t_csneg_w, "csneg %w0, %w2, %w4, le")
OP2(t_sbfm, "sbfx %0, %2, #5, #17")
OP2(t_bfxil_w, "mov %w0, %w4\n\tbfxil %w0, %w2, #3, #9")
OP2(t_ubfiz, "ubfiz %0, %2, #37, #20")
OP2(t_sbfiz_w, "sbfiz %w0, %w2, #9, #13")
OP2(t_extr_w, "extr %w0, %w2, %w4, #11")
OP2(t_lslv, "lsl %0, %2, %4")
OP2(t_asrv_w, "asr %w0, %w2, %w4")
OP2(t_rorv, "ror %0, %2, %4")
OP2(t_udiv, "udiv %0, %2, %4")
OP2(t_sdiv_w, "sdiv %w0, %w2, %w4")
OP2(t_madd, "madd %0, %2, %4, %2")
OP2(t_msub_w, "msub %w0, %w2, %w4, %w4")
OP2(t_smulh, "smulh %0, %2, %4")
OP2(t_umulh, "umulh %0, %2, %4")
OP2(t_smaddl, "smaddl %0, %w2, %w4, %2")
OP2(t_umsubl, "umsubl %0, %w2, %w4, %4")
OP2(t_cls_w, "cls %w0, %w2")
OP2(t_clz, "clz %0, %2")
OP2(t_rbit, "rbit %0, %2")
OP2(t_rev16_w, "rev16 %w0, %w2")
OP2(t_rev32, "rev32 %0, %2")

typedef uint64_t (*TestFn)(uint64_t, uint64_t);

static const struct {
    const char *name;
    TestFn fn;
} tests[] = {
#define T(x) { #x, x }
    T(t_adds), T(t_subs_w), T(t_adcs), T(t_sbcs_w), T(t_adds_ext),
    T(t_sub_ext), T(t_ands_sh), T(t_bics_w), T(t_orn), T(t_eon_w),
    T(t_and_imm), T(t_eor_imm_w), T(t_ccmp), T(t_ccmn_w), T(t_csinv),
    T(t_csneg_w), T(t_sbfm), T(t_bfxil_w), T(t_ubfiz), T(t_sbfiz_w),
    T(t_extr_w), T(t_lslv), T(t_asrv_w), T(t_rorv), T(t_udiv),
    T(t_sdiv_w), T(t_madd), T(t_msub_w), T(t_smulh), T(t_umulh),
    T(t_smaddl), T(t_umsubl), T(t_cls_w), T(t_clz), T(t_rbit),
    T(t_rev16_w), T(t_rev32),
};

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

int main(void)
{
    static const uint64_t edge[] = {
        0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
        0x8000000000000000ull, ~0ull,
    };

    for (unsigned t = 0; t < sizeof(tests) / sizeof(tests[0]); t++) {
        uint64_t seed = 0x1234567 + t, sum = 0;

        for (unsigned i = 0; i < 8; i++) {
            for (unsigned j = 0; j < 8; j++) {
                sum = sum * 31 + tests[t].fn(edge[i], edge[j]);
            }
        }
        for (unsigned i = 0; i < 2000; i++) {
            uint64_t a = next(&seed), b = next(&seed);

            if (i & 1) {
                b >>= (a & 63);
            }
            sum = sum * 31 + tests[t].fn(a, b);
        }
        printf("%-12s %016llx\n", tests[t].name, (unsigned long long)sum);
    }
    return 0;
}
