#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run every benchmark ("make bench") and compare with the targets:
our start-up at most 1/3 of QEMU 7.2's, our qtest round trips at least
QEMU 7.2's.  Benchmarks are never tests: this always exits 0 unless a
script breaks; misses are reported, not failed.

Usage: bench/run.py [--builddir DIR] [--quick]
"""

import argparse
import os
import platform
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qtest_rtt  # noqa: E402
import startup  # noqa: E402
import benchlib  # noqa: E402


def verdict(ok):
    return 'met' if ok else 'MISSED'


def compare(start, rtt):
    rows = []
    if 'ours' in start and 'qemu-7.2' in start:
        ratio = start['ours'] / start['qemu-7.2']
        rows.append(['start-up (median, to exit)', 'ours <= 1/3 of QEMU',
                     '%.2f x QEMU' % ratio, verdict(ratio <= 1 / 3)])
    else:
        rows.append(['start-up', 'ours <= 1/3 of QEMU', 'not measured', '-'])
    if 'ours' in rtt and 'qemu-7.2' in rtt:
        ratio = rtt['ours'] / rtt['qemu-7.2']
        rows.append(['qtest round trips (best)', 'ours >= QEMU',
                     '%.2f x QEMU' % ratio, verdict(ratio >= 1)])
    else:
        rows.append(['qtest round trips', 'ours >= QEMU', 'not measured',
                     '-'])
    benchlib.print_table(['benchmark', 'target', 'result', 'verdict'], rows)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--builddir', default='build')
    p.add_argument('--quick', action='store_true',
                   help='fewer runs, for a smoke check of the scripts')
    args = p.parse_args()
    runs, count, rounds = (5, 2000, 2) if args.quick else (20, 20000, 5)
    print(f'host: {platform.node()} {platform.machine()}, '
          f'{os.cpu_count()} cpus, {platform.platform()}\n')
    start = startup.run(args.builddir, runs, benchlib.REF_BINARY)
    print()
    rtt = qtest_rtt.run(args.builddir, count, rounds, benchlib.REF_BINARY)
    print()
    compare(start, rtt)
    return 0


if __name__ == '__main__':
    sys.exit(main())
