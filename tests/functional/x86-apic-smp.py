#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Local APIC, CPU models and SMP bring-up on -machine pc (TAP).

Usage: x86-apic-smp.py BUILDDIR APIC_ELF SMP_ELF

apic.elf checks the APIC in xAPIC and x2APIC mode, its timer in three
modes against the TSC, disable/re-enable and CPUID, under -icount so the
timings are exact; it runs once per CPU model.  smp.elf starts the APs
with INIT-SIPI-SIPI and passes IPIs between them.  Each guest prints TAP
lines of its own; a failing one is shown here.
"""

import os
import subprocess
import sys

from testlib import Tap

TIMEOUT = 60


def run(build, *args):
    cmd = [os.path.join(build, 'qemu-system-x86_64'), '-machine', 'pc',
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-device', 'isa-debug-exit', '-no-reboot',
           '-icount', 'shift=0,sleep=off'] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr


def guest_ok(out, status, rc, plan):
    """Exit status 2 * value + 1, all guest lines ok, the plan seen."""
    lines = out.splitlines()
    return (rc == 2 * status + 1 and f'1..{plan}' in lines and
            not any(line.startswith('not ok') for line in lines))


def test_apic(t, build, elf):
    # -cpu, guest TAP plan, a line that must be there
    cases = [
        ('max', 34, 'ok 26 - x2apic: ID, version, LDR'),
        ('qemu64', 25, 'no x2apic: setting EXTD raises #GP'),
        ('qemu64,+x2apic,+tsc-deadline', 34, 'tsc-deadline timer on time'),
        ('max,-x2apic,vendor=AuthenticAMD', 27,
         'no x2apic: x2APIC MSRs raise #GP'),
    ]
    for model, plan, line in cases:
        rc, out, err = run(build, '-cpu', model, '-device', 'pc-testdev',
                           '-kernel', elf)
        t.check(guest_ok(out, 0x30, rc, plan) and line in out,
                f'apic guest with -cpu {model}',
                f'rc={rc}\nstdout={out}\nstderr={err}')


def test_smp(t, build, elf):
    # -smp, -cpu, guest TAP plan (x2APIC adds 3 tests)
    for n, model, plan in ((2, 'qemu64', 11), (8, 'qemu64', 11),
                           (8, 'max', 14)):
        rc, out, err = run(build, '-smp', str(n), '-cpu', model,
                           '-kernel', elf)
        if 'cannot run this code' in err and 'cpus up' not in out:
            t.skip(f'smp guest with -smp {n}',
                   'the engine cannot run the real-mode trampoline yet')
            continue
        t.check(guest_ok(out, 0x40, rc, plan) and f'smp: {n} cpus up' in out,
                f'smp guest with -smp {n} -cpu {model}: INIT-SIPI-SIPI '
                'and IPIs', f'rc={rc}\nstdout={out}\nstderr={err}')


def main():
    build, apic, smp = sys.argv[1:4]
    t = Tap()
    print('1..7')
    test_apic(t, build, apic)
    test_smp(t, build, smp)
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
