/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a program sees of the CPU's ID registers and features: the HWCAPs,
 * ID_AA64ISAR0_EL1 and ID_AA64PFR0_EL1 read with MRS (Linux emulates it),
 * and whether CRC32, LSE atomics and AES instructions execute or raise
 * SIGILL.  Run with different -cpu SYSREG_* values by idregs-test.py.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static sigjmp_buf env;

static void on_sigill(int sig)
{
    siglongjmp(env, 1);
}

static int try_crc32(void)
{
    if (sigsetjmp(env, 1)) {
        return 0;
    }
    asm volatile(".inst 0x1ac14000" ::: "x0");     /* CRC32B w0, w0, w1 */
    return 1;
}

static int try_ldadd(void)
{
    static uint64_t word = 5;
    uint64_t *p = &word;

    if (sigsetjmp(env, 1)) {
        return 0;
    }
    /* LDADD x1, x2, [x0] with x0 = &word, x1 = 1 */
    asm volatile("mov x0, %0\n\tmov x1, #1\n\t.inst 0xf8210002"
                 :: "r"(p) : "x0", "x1", "x2", "memory");
    return word == 6;
}

static int try_aese(void)
{
    if (sigsetjmp(env, 1)) {
        return 0;
    }
    asm volatile(".inst 0x4e284800" ::: "v0");     /* AESE v0.16b, v0.16b */
    return 1;
}

int main(void)
{
    unsigned long hw = getauxval(AT_HWCAP);
    uint64_t isar0, pfr0;
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigill;
    sigaction(SIGILL, &sa, NULL);
    asm volatile("mrs %0, ID_AA64ISAR0_EL1" : "=r"(isar0));
    asm volatile("mrs %0, ID_AA64PFR0_EL1" : "=r"(pfr0));
    printf("hwcap crc32=%d atomics=%d aes=%d pmull=%d\n",
           !!(hw & HWCAP_CRC32), !!(hw & HWCAP_ATOMICS), !!(hw & HWCAP_AES),
           !!(hw & HWCAP_PMULL));
    printf("isar0 aes=%d crc32=%d atomic=%d\n", (int)(isar0 >> 4) & 15,
           (int)(isar0 >> 16) & 15, (int)(isar0 >> 20) & 15);
    printf("pfr0 el0=%d el1=%d\n", (int)pfr0 & 15, (int)(pfr0 >> 4) & 15);
    printf("runs crc32=%d ldadd=%d aese=%d\n", try_crc32(), try_ldadd(),
           try_aese());
    return 0;
}
