#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""-cpu MODEL,SYSREG_<REG>_<FIELD>=<value> in qemu-aarch64: lowered ID
register fields are what the program reads with MRS, its HWCAPs follow,
and the instructions of a feature turned off raise SIGILL; bad values
are refused with specs/arm64-id-regs.md's messages.  TAP output.

Usage: idregs-test.py QEMU_AARCH64 IDREGS_PROGRAM
"""
import subprocess
import sys

P = 'qemu-aarch64'
RUNS = [
    ('max', 'max',
     'hwcap crc32=1 atomics=1 aes=1 pmull=1\n'
     'isar0 aes=2 crc32=1 atomic=2\npfr0 el0=1 el1=1\n'
     'runs crc32=1 ldadd=1 aese=1\n'),
    ('max with CRC32, LSE and PMULL lowered',
     'max,SYSREG_ID_AA64ISAR0_EL1_CRC32=0,SYSREG_ID_AA64ISAR0_EL1_ATOMIC=0,'
     'SYSREG_ID_AA64ISAR0_EL1_AES=1',
     'hwcap crc32=0 atomics=0 aes=1 pmull=0\n'
     'isar0 aes=1 crc32=0 atomic=0\npfr0 el0=1 el1=1\n'
     'runs crc32=0 ldadd=0 aese=1\n'),
    ('cortex-a57 (Armv8.0: no LSE, no crypto)', 'cortex-a57',
     'hwcap crc32=1 atomics=0 aes=0 pmull=0\n'
     'isar0 aes=0 crc32=1 atomic=0\npfr0 el0=1 el1=1\n'
     'runs crc32=1 ldadd=0 aese=0\n'),
]
ERRORS = [
    ('max,SYSREG_ID_AA64PFR0_EL1_EL1=0', 'cannot disable AArch64 at EL1'),
    ('max,SYSREG_ID_AA64PFR0_EL1_EL0=0', 'cannot disable AArch64 at EL0'),
    ('max,SYSREG_ID_AA64ISAR0_EL1_CRC32=2',
     'SYSREG_ID_AA64ISAR0_EL1_CRC32=0x2 is not supported: maximum is 0x1'),
    ('cortex-a57,SYSREG_ID_AA64ISAR0_EL1_ATOMIC=2',
     'SYSREG_ID_AA64ISAR0_EL1_ATOMIC=0x2 is not supported: maximum is 0x0'),
    ('max,SYSREG_ID_AA64PFR0_EL1_SVE=0',
     'SYSREG_ID_AA64PFR0_EL1_SVE is not writable'),
    ('max,SYSREG_ID_AA64ISAR0_EL1_DP=0x10',
     'SYSREG_ID_AA64ISAR0_EL1_DP: value 0x10 does not fit in a 4-bit field'),
    ('max,SYSREG_ID_AA64ISAR0_EL1_BOGUS=1',
     "unknown ID register field 'SYSREG_ID_AA64ISAR0_EL1_BOGUS'"),
    ('max,SYSREG_CTR_EL0_L1Ip=1',
     'SYSREG_CTR_EL0_L1Ip: values 0 and 1 are reserved'),
    ('max,SYSREG_ID_AA64MMFR0_EL1_TGRAN64=1',
     'SYSREG_ID_AA64MMFR0_EL1_TGRAN64=0x1 is not supported: maximum is 0x0'),
]


def main():
    qemu, prog = sys.argv[1], sys.argv[2]
    n = failed = 0
    print(f'1..{len(RUNS) + len(ERRORS) + 1}')

    def report(ok, name, detail=''):
        nonlocal n, failed
        n += 1
        print(f'{"ok" if ok else "not ok"} {n} - {name}')
        if not ok:
            failed += 1
            for line in detail.splitlines():
                print(f'# {line}')

    for name, cpu, want in RUNS:
        r = subprocess.run([qemu, '-cpu', cpu, prog], capture_output=True,
                           text=True, timeout=60)
        report(r.returncode == 0 and r.stdout == want, name,
               r.stdout + r.stderr)
    for cpu, msg in ERRORS:
        r = subprocess.run([qemu, '-cpu', cpu, prog], capture_output=True,
                           text=True, timeout=60)
        ok = r.returncode == 1 and r.stderr == f'{P}: -cpu {cpu}: {msg}\n'
        report(ok, f'-cpu {cpu} refused', r.stderr)
    r = subprocess.run([qemu, '-cpu', 'max,SYSREG_ID_AA64ISAR0_EL1_DP=0,help'],
                       capture_output=True, text=True, timeout=60)
    report(r.returncode == 0 and 'SYSREG_ID_AA64ISAR0_EL1_CRC32' in r.stdout
           and 'lower-safe' in r.stdout and
           'SYSREG_ID_AA64PFR0_EL1_SVE' in r.stdout, '-cpu max,help',
           r.stdout + r.stderr)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
