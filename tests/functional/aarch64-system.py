#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the bare-metal AArch64 system tests (tests/tcg/aarch64/system) on
qemu-system-aarch64 -M virt, one TAP line per run.

Usage: aarch64-system.py [--reference QEMU] [--no-icount] [--list]
                         BUILDDIR [ELFDIR] [NAME-PART...]

Each ELF prints TAP on the semihosting console and exits through
SYS_EXIT_EXTENDED with its number of failures; a run passes when the
emulator's exit status is the expected one, the guest's TAP plan is
complete and without failures, and the run's extra checks hold (the
entry EL, ID register fields).  By default BUILDDIR's
qemu-system-aarch64 runs; --reference runs another binary (Debian's
/usr/bin/qemu-system-aarch64, QEMU 7.2), skipping the runs that need
our -cpu SYSREG_* properties.  Runs use -icount shift=0,sleep=off
(virtual time from instructions, idle time skipped): deterministic and
independent of the host's speed; --no-icount runs with real time (on
QEMU that means MTTCG, one host thread per vCPU).  NAME-PART selects
the runs whose name contains it.
"""

import argparse
import os
import re
import subprocess
import sys

from testlib import Tap, parse_tap

TIMEOUT = 120
REF = '/usr/bin/qemu-system-aarch64'


class Case:
    def __init__(self, name, elf, machine='', smp=1, cpu='cortex-a57',
                 status=0, extra=(), expect=(), fields=None, ours=False,
                 tap=True, semihosting=True):
        self.name = name
        self.elf = elf
        gic = 'gic-version=%d' % (2 if elf == 'gicv2' else 3)
        self.machine = 'virt,' + gic + (',' + machine if machine else '')
        self.smp = smp
        self.cpu = cpu
        self.status = status
        self.extra = list(extra)
        self.expect = list(expect)     # substrings of the console output
        self.fields = fields or {}     # (register, shift): value
        self.ours = ours               # needs our -cpu SYSREG_* options
        self.tap = tap                 # the guest's TAP must be complete
        self.semihosting = semihosting


ISAR0 = 'ID_AA64ISAR0_EL1'
PFR0 = 'ID_AA64PFR0_EL1'
MMFR0 = 'ID_AA64MMFR0_EL1'

CASES = [
    Case('exceptions at EL1', 'exceptions', expect=['at EL1']),
    Case('exceptions at EL2 (virtualization=on)', 'exceptions',
         machine='virtualization=on', expect=['at EL2']),
    Case('exceptions at EL3 (secure=on)', 'exceptions', machine='secure=on',
         expect=['at EL3']),
    Case('MMU, cortex-a57 (4K and 64K granules)', 'mmu',
         extra=['-m', '256'], expect=['16K/39-bit granule # SKIP']),
    Case('MMU, max (4K, 16K and 64K granules)', 'mmu', cpu='max',
         extra=['-m', '256'], expect=['16K/48-bit: remap + TLBI ASIDE1IS']),
    Case('MMU, max with SYSREG_ID_AA64MMFR0_EL1_TGRAN16=0', 'mmu',
         cpu='max,SYSREG_ID_AA64MMFR0_EL1_TGRAN16=0', extra=['-m', '256'],
         expect=['16K/39-bit granule # SKIP'], fields={}, ours=True),
    Case('debug: breakpoint, watchpoint, software step', 'debug'),
    Case('generic timer via GICv3 PPIs', 'timer'),
    Case('generic timer at EL2: EL2 timer PPI 26, CNTVOFF_EL2', 'timer',
         machine='virtualization=on',
         expect=['at EL2', 'EL2 physical timer: TVAL: IRQ 26']),
    Case('SGIs between 4 CPUs', 'sgi', smp=4),
    Case('GICv3 priorities: PMR, preemption, active, EOImode 1',
         'gicprio'),
    Case('GICv2: timer PPI, banked registers, SGIs, 2 CPUs', 'gicv2',
         smp=2),
    Case('PSCI with 8 CPUs: CPU_ON race, AFFINITY_INFO, CPU_OFF', 'psci',
         smp=8),
    Case('semihosting exit: all passed, status 0', 'exit-0'),
    Case('semihosting exit: one failure, status 1', 'exit-1', status=1,
         expect=['not ok 1 - failing point'], tap=False),
    Case('semihosting SYS_EXIT_EXTENDED 42', 'exit-2', status=42,
         expect=['# SYS_EXIT_EXTENDED 42'], tap=False),
    Case('semihosting SYS_EXIT ApplicationExit 7', 'exit-3', status=7,
         expect=['# SYS_EXIT ApplicationExit 7'], tap=False),
    Case('semihosting SYS_EXIT RunTimeError: status 1', 'exit-4', status=1,
         expect=['# SYS_EXIT RunTimeError'], tap=False),
    Case('PSCI SYSTEM_RESET with -no-reboot: exit, status 0', 'exit-5',
         expect=['# PSCI SYSTEM_RESET'], tap=False),
    Case('no -semihosting: PL011 console, PSCI SYSTEM_OFF', 'exit-0',
         semihosting=False,
         expect=['console pl011', 'ok 2 - running at EL1',
                 '# exit status 0 (no semihosting']),
    Case('ID registers, cortex-a57', 'idregs',
         fields={(ISAR0, 16): 1, (ISAR0, 20): 0, (MMFR0, 20): 0}),
    Case('ID registers, max', 'idregs', cpu='max',
         fields={(ISAR0, 16): 1, (ISAR0, 20): 2, (ISAR0, 44): 1}),
    Case('ID registers: CRC32=0, ATOMIC=0, DP=0, EL3=0 lowered and UNDEF',
         'idregs', cpu='max,SYSREG_ID_AA64ISAR0_EL1_CRC32=0,'
         'SYSREG_ID_AA64ISAR0_EL1_ATOMIC=0,SYSREG_ID_AA64ISAR0_EL1_DP=0,'
         'SYSREG_ID_AA64PFR0_EL1_EL3=0',
         fields={(ISAR0, 16): 0, (ISAR0, 20): 0, (ISAR0, 44): 0,
                 (PFR0, 12): 0},
         expect=['CRC32B: not implemented per ID register: UNDEFINED',
                 'LDADD: not implemented', 'UDOT: not implemented'],
         ours=True),
]


def command(qemu, elfdir, case, icount):
    cmd = [qemu, '-machine', case.machine, '-cpu', case.cpu]
    cmd += ['-smp', str(case.smp), '-display', 'none', '-nodefaults',
            '-serial', 'stdio', '-no-reboot',
            '-kernel', os.path.join(elfdir, case.elf + '.elf')] + case.extra
    if case.semihosting:
        cmd += ['-semihosting']
    if icount:
        cmd += ['-icount', 'shift=0,sleep=off']
    if os.path.basename(os.path.realpath(qemu)) != 'qemu-system':
        cmd += ['-accel', 'tcg']        # another QEMU: never KVM
    return cmd


def run(cmd):
    """(status or None on timeout, console output: stdout + stderr)."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b'').decode(errors='replace')
    return p.returncode, p.stdout.decode(errors='replace')


def field_errors(case, out):
    errs = []
    for (reg, shift), want in case.fields.items():
        m = re.search(r'# %s=0x([0-9a-f]+)' % reg, out)
        if not m:
            errs.append(f'{reg} not printed')
            continue
        got = (int(m.group(1), 16) >> shift) & 0xf
        if got != want:
            errs.append(f'{reg}[{shift + 3}:{shift}] = {got}, want {want}')
    return errs


def check(t, qemu, elfdir, case, icount):
    cmd = command(qemu, elfdir, case, icount)
    rc, out = run(cmd)
    plan, results = parse_tap(out)
    failed = sorted(k for k, v in results.items() if v == 'fail')
    problems = []
    if rc != case.status:
        problems.append(f'exit status {rc}, want {case.status}')
    if case.tap and (plan is None or not plan or failed or
                     len(re.findall(r'^(?:not )?ok \d+', out, re.M)) !=
                     plan):
        problems.append(f'TAP plan {plan}, failed: {failed}')
    if 'Bail out!' in out:
        problems.append('guest bailed out')
    problems += [f'missing "{s}"' for s in case.expect if s not in out]
    problems += field_errors(case, out)
    t.check(not problems, case.name,
            '; '.join(problems) + '\n$ ' + ' '.join(cmd) + '\n' + out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--reference', metavar='QEMU')
    ap.add_argument('--no-icount', action='store_true')
    ap.add_argument('--list', action='store_true')
    ap.add_argument('build')
    ap.add_argument('elfdir', nargs='?')
    ap.add_argument('only', nargs='*')
    args = ap.parse_args()
    if args.list:
        for c in CASES:
            print(c.name)
        return 0
    qemu = args.reference or os.path.join(args.build, 'qemu-system-aarch64')
    elfdir = args.elfdir or os.path.join(args.build, 'tests', 'tcg',
                                         'aarch64', 'system')
    cases = [c for c in CASES
             if not args.only or any(s in c.name for s in args.only)]
    if not os.path.exists(os.path.join(elfdir, 'exit-0.elf')):
        print(f'1..0 # SKIP no test ELFs in {elfdir} '
              '(aarch64-linux-gnu-gcc missing?)')
        return 0
    if not os.access(qemu, os.X_OK):
        print(f'1..0 # SKIP {qemu} not found')
        return 0
    t = Tap()
    print(f'1..{len(cases)}', flush=True)
    for case in cases:
        if case.ours and args.reference:
            t.skip(case.name, 'needs -cpu SYSREG_* (ours only)')
            continue
        check(t, qemu, elfdir, case, not args.no_icount)
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
