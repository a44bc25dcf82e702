#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the -O2 floating-point guest (tests/tcg/x86_64/fpu.c) on -machine pc.

Usage: x86-fpu.py BUILDDIR FPU_ELF

The guest prints one "fpu: NAME ok|FAIL ..." line per check (SSE2 scalar
and packed arithmetic, conversions, a %.Nf formatter, long double on the
x87) and exits through isa-debug-exit with the number of failures.  Each
guest line becomes a TAP point.  The expected strings are what the same
C code prints when built for and run on the host (x86-64) itself.
"""

import os
import subprocess
import sys

from testlib import Tap

TIMEOUT = 30


def run(qemu, kernel):
    cmd = [qemu, '-machine', 'pc', '-display', 'none', '-nodefaults',
           '-serial', 'stdio', '-no-reboot', '-m', '64M',
           '-device', 'isa-debug-exit,iobase=0x501,iosize=1',
           '-kernel', kernel]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr


def main():
    build, kernel = sys.argv[1:3]
    t = Tap()
    rc, out, err = run(os.path.join(build, 'qemu-system-x86_64'), kernel)
    lines = [ln for ln in out.splitlines() if ln.startswith('fpu: ')]
    checks = [ln for ln in lines if ' ok' in ln or ' FAIL' in ln]
    for ln in checks:
        t.check(ln.endswith(' ok'), ln[5:].split(' ok')[0].split(' FAIL')[0],
                ln)
    t.check(rc == 1 and 'fpu: all passed' in out and len(checks) >= 18,
            'fpu guest passes and exits with status 1',
            f'rc={rc}\nstdout={out}\nstderr={err}')
    print(f'1..{t.n}', flush=True)
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
