/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prints every ID register the -cpu SYSREG_* properties cover, as read
 * by MRS at EL1 ("# NAME=0x..."), for tests/functional/arm-idregs-matrix.py.
 * With DUMP_RESET it does so twice: the first boot counts itself in a RAM
 * word outside the image and resets the machine with PSCI SYSTEM_RESET,
 * the second prints again and exits, so the runner can check that the
 * values survive a reset.
 */

#define PSCI_SYSTEM_RESET   0x84000009u
/* 1 MiB below the top of the default 128 MiB of RAM: not in the image */
#define BOOT_COUNT          ((volatile uint64_t *)0x47f00000ul)
#define BOOT_MAGIC          0x1d5ee5ull

#define DUMP(name, enc) \
    rt_printf("# " name "=0x%lx\n", read_sysreg(enc))

static void dump(void)
{
    DUMP("MIDR_EL1", midr_el1);
    DUMP("ID_AA64PFR0_EL1", s3_0_c0_c4_0);
    DUMP("ID_AA64PFR1_EL1", s3_0_c0_c4_1);
    DUMP("ID_AA64ZFR0_EL1", s3_0_c0_c4_4);
    DUMP("ID_AA64DFR0_EL1", s3_0_c0_c5_0);
    DUMP("ID_AA64ISAR0_EL1", s3_0_c0_c6_0);
    DUMP("ID_AA64ISAR1_EL1", s3_0_c0_c6_1);
    DUMP("ID_AA64ISAR2_EL1", s3_0_c0_c6_2);
    DUMP("ID_AA64ISAR3_EL1", s3_0_c0_c6_3);
    DUMP("ID_AA64MMFR0_EL1", s3_0_c0_c7_0);
    DUMP("ID_AA64MMFR1_EL1", s3_0_c0_c7_1);
    DUMP("ID_AA64MMFR2_EL1", s3_0_c0_c7_2);
    DUMP("ID_AA64MMFR3_EL1", s3_0_c0_c7_3);
    DUMP("ID_AA64MMFR4_EL1", s3_0_c0_c7_4);
    DUMP("CTR_EL0", ctr_el0);
}

void test_main(void)
{
    uint64_t boots = 1;

#ifdef DUMP_RESET
    boots = (*BOOT_COUNT >> 8) == BOOT_MAGIC ? (*BOOT_COUNT & 0xff) + 1 : 1;
    *BOOT_COUNT = BOOT_MAGIC << 8 | boots;
#endif
    rt_printf("# boot %lu\n", boots);
    dump();
    ok(true, "ID registers printed (boot %lu)", boots);
#ifdef DUMP_RESET
    if (boots == 1) {
        psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
        rt_bail("PSCI SYSTEM_RESET returned");
    }
    *BOOT_COUNT = 0;
#endif
}
