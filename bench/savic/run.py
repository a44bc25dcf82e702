#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""IPI cost with Secure AVIC against plain x2APIC on our emulator.

Boots the guest kernel (guest/) on -smp 4 twice per mode, once under
-icount shift=0 (guest nanoseconds are guest instructions) and once on
host time, and runs its savic-bench test (guest/tests/x86_64/savic.c):
  rtt   IPI round trip CPU 0 -> CPU 1 -> CPU 0 (CPU 1 answers from its
        handler while idle),
  send  the sender's cost of one IPI to an idle CPU,
  rate  IPIs per second delivered by a 4-CPU ring of 100,000 IPIs, each
        sent after the previous one arrived (none lost).
Modes: SEV-SNP with Secure AVIC (backing-page write plus a GHCB ICR
exit per IPI) and no SEV with x2APIC (one WRMSR).  Prints a table and
the Secure AVIC / x2APIC ratios.  Never a test: exits 0 unless a
script breaks.  Figures: README.md.

Usage: bench/savic/run.py [--builddir DIR]
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..'))
import benchlib  # noqa: E402

SEV = ['-machine', 'pc,confidential-guest-support=sev0', '-object',
       'sev-snp-guest,id=sev0,cbitpos=51,reduced-phys-bits=1,'
       'policy=0x30000,secure-avic=on']
MODES = [('Secure AVIC', SEV), ('x2APIC', [])]
TIMEOUT = 600
LINE = re.compile(r'# bench (.+) rtt-ns (\d+) send-ns (\d+) '
                  r'ipis-per-sec (\d+)')


def run(builddir, extra, icount):
    cmd = [os.path.join(builddir, 'qemu-system-x86_64'), '-machine', 'pc',
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-no-reboot', '-m', '128M', '-cpu', 'max', '-smp', '4',
           '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
           '-kernel', os.path.join(builddir, 'guest', 'guest-x86_64.elf'),
           '-append', 'tests=savic-bench'] + extra
    if icount:
        cmd += ['-icount', 'shift=0']
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    m = LINE.search(p.stdout)
    if not m or p.returncode != 1:
        print(f'savic bench: run failed (status {p.returncode})\n'
              f'{p.stdout[-2000:]}{p.stderr[-2000:]}')
        return None
    return {'driver': m.group(1), 'rtt': int(m.group(2)),
            'send': int(m.group(3)), 'rate': int(m.group(4))}


def ratio(a, b, key):
    return '%.1f' % (a[key] / b[key]) if a and b and b[key] else '-'


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--builddir', default='build')
    args = p.parse_args()
    res = {}
    for name, extra in MODES:
        res[(name, True)] = run(args.builddir, extra, True)
        res[(name, False)] = run(args.builddir, extra, False)
    rows = []
    for name, _ in MODES:
        i, t = res[(name, True)], res[(name, False)]
        rows.append([name,
                     i and str(i['rtt']) or '-', i and str(i['send']) or '-',
                     t and '%.1f' % (t['rtt'] / 1000) or '-',
                     t and '%.2f' % (t['send'] / 1000) or '-',
                     t and str(t['rate']) or '-'])
    s, x = ('Secure AVIC', True), ('x2APIC', True)
    hs, hx = ('Secure AVIC', False), ('x2APIC', False)
    rows.append(['ratio SAVIC/x2APIC', ratio(res[s], res[x], 'rtt'),
                 ratio(res[s], res[x], 'send'),
                 ratio(res[hs], res[hx], 'rtt'),
                 ratio(res[hs], res[hx], 'send'),
                 ratio(res[hs], res[hx], 'rate')])
    benchlib.print_table(['mode', 'RTT (insns)', 'send (insns)',
                          'RTT (us)', 'send (us)', 'IPIs/s'], rows)
    return 0


if __name__ == '__main__':
    sys.exit(main())
