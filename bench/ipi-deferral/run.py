#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The IPI-deferral experiment (../shared/specs/ipi-deferral.md) as a
benchmark: boot the guest kernel's ipi-defer workload with deferral off,
then on, and print the per-vCPU IPI table the emulator counted (QMP
x-query-ipi-stats) next to the guest's own table.  Never a test: it
always exits 0 unless a script breaks.  See README.md for the figures.

Usage: bench/ipi-deferral/run.py [--builddir DIR] [--smp N] [--isolcpus L]
                                 [--cpu MODEL] [--no-icount]
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'tests', 'functional'))
import ipidefer  # noqa: E402


def summary(stats, guest):
    """Call-function IPIs (vector 0xf1) into isolated and other vCPUs."""
    iso = sum(ipidefer.vector_count(c, ipidefer.VEC_CALL_FUNC)
              for c in stats if guest.get(c['cpu-index'], {}).get('isolated'))
    hk = sum(ipidefer.vector_count(c, ipidefer.VEC_CALL_FUNC)
             for c in stats
             if not guest.get(c['cpu-index'], {}).get('isolated'))
    stale = sum(g['stale'] for g in guest.values())
    return iso, hk, stale


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--builddir', default='build')
    p.add_argument('--smp', type=int, default=4)
    p.add_argument('--isolcpus', help='e.g. 1-3 (default: upper half)')
    p.add_argument('--cpu', help='-cpu MODEL (max: the guest uses x2APIC)')
    p.add_argument('--no-icount', action='store_true',
                   help='run on host time instead of -icount shift=3')
    args = p.parse_args()
    qemu = os.path.join(args.builddir, 'qemu-system-x86_64')
    kernel = os.path.join(args.builddir, 'guest', 'guest-x86_64.elf')
    for path in (qemu, kernel):
        if not os.path.exists(path):
            print(f'SKIPPED: {path} does not exist (build first)')
            return 0
    append = f'isolcpus={args.isolcpus}' if args.isolcpus else ''
    rows = []
    for phase in ('off', 'on'):
        out, stats, err = ipidefer.boot_phase(qemu, kernel, args.smp, phase,
                                              extra=['-cpu', args.cpu]
                                              if args.cpu else [],
                                              icount=not args.no_icount,
                                              append=append)
        if err or not stats:
            print(f'ipi_defer={phase}: FAILED: {err}\n{out}')
            continue
        guest = ipidefer.guest_table(out)
        print(ipidefer.format_table(phase, stats, guest))
        print()
        rows.append((phase,) + summary(stats, guest))
    print('phase | call-function IPIs to isolated vCPUs | to others |'
          ' stale observations')
    for phase, iso, hk, stale in rows:
        print(f'{phase:>5} | {iso:37} | {hk:9} | {stale:18}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
