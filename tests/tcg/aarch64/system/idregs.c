/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ID registers seen by MRS at EL1, and that the CPU honours them: prints
 * ID_AA64ISAR0/PFR0/MMFR0_EL1 as "# NAME=0x..." lines (the runner
 * compares them with the -cpu ...,SYSREG_<REG>_<FIELD>=v it passed), then
 * checks for CRC32, LSE atomics, dot product and FP16 arithmetic that the
 * instructions work when the field says implemented and UNDEF when it
 * says not (docs/arm64-id-regs.md).
 */

__asm__(".arch armv8.2-a+crc+lse+dotprod+fp16\n");

static volatile int undefs;

static bool hook(ExcFrame *f, int kind)
{
    if (kind != EXC_CUR_SYNC || ESR_EC(f->esr) != EC_UNKNOWN) {
        return false;
    }
    undefs++;
    f->elr += 4;
    return true;
}

static unsigned field(uint64_t reg, unsigned shift)
{
    return (reg >> shift) & 0xf;
}

static uint64_t try_crc32(void)
{
    uint64_t r = 0xffffffff;

    __asm__ volatile("crc32b %w0, %w0, %w1" : "+r"(r) : "r"(0x61));
    return r;
}

static uint64_t try_ldadd(void)
{
    static volatile uint32_t mem = 40;
    uint32_t old = 0;

    __asm__ volatile("ldadd %w1, %w0, [%2]"
                     : "+r"(old) : "r"(2), "r"(&mem) : "memory");
    return mem;
}

static uint64_t try_cas(void)
{
    static volatile uint32_t mem = 5;
    uint32_t cmp = 5;

    __asm__ volatile("cas %w0, %w1, [%2]"
                     : "+r"(cmp) : "r"(9), "r"(&mem) : "memory");
    return mem;
}

static uint64_t try_udot(void)
{
    uint64_t r = 0;

    __asm__ volatile("movi v1.16b, #2\n movi v2.16b, #3\n movi v0.4s, #0\n"
                     "udot v0.4s, v1.16b, v2.16b\n umov %w0, v0.s[0]"
                     : "+r"(r) : : "v0", "v1", "v2");
    return r;
}

static uint64_t try_fp16(void)
{
    uint64_t r = 0;

    __asm__ volatile("fmov s1, #1.0\n fcvt h1, s1\n fadd h0, h1, h1\n"
                     "fcvt s0, h0\n fmov %w0, s0"
                     : "+r"(r) : : "v0", "v1");
    return r;
}

static void check_feature(const char *name, bool present,
                          uint64_t (*fn)(void), uint64_t want)
{
    int before = undefs;
    uint64_t got = fn();
    bool undef = undefs != before;

    if (present) {
        ok(!undef && got == want, "%s: implemented per ID register, "
           "executes (0x%lx)", name, got);
    } else {
        ok(undef, "%s: not implemented per ID register: UNDEFINED", name);
    }
}

void test_main(void)
{
    uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
    uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
    uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);

    rt_set_hook(hook);
    write_sysreg(cpacr_el1, 3 << 20);   /* FP/SIMD at EL0 and EL1 */
    isb();
    rt_printf("# MIDR_EL1=0x%lx\n", read_sysreg(midr_el1));
    rt_printf("# ID_AA64ISAR0_EL1=0x%lx\n", isar0);
    rt_printf("# ID_AA64PFR0_EL1=0x%lx\n", pfr0);
    rt_printf("# ID_AA64MMFR0_EL1=0x%lx\n", mmfr0);
    ok(field(pfr0, 0) >= 1 && field(pfr0, 4) >= 1,
       "PFR0: EL0 and EL1 implement AArch64");
    check_feature("CRC32B", field(isar0, 16) >= 1, try_crc32, 0x174841bc);
    check_feature("LDADD", field(isar0, 20) >= 2, try_ldadd, 42);
    check_feature("CAS", field(isar0, 20) >= 2, try_cas, 9);
    check_feature("UDOT", field(isar0, 44) >= 1 && field(pfr0, 20) != 0xf,
                  try_udot, 24);
    check_feature("FADD (half precision)", field(pfr0, 16) == 1, try_fp16,
                  0x40000000);
}
