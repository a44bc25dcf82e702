#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Linux boot time on -M virt: Debian 12's arm64 kernel with the busybox
initramfs of tests/functional/linux-boot-aarch64.py (same kernel fetch,
same command line: -cpu cortex-a57 -smp 2 -m 512), on our
qemu-system-aarch64 and on Debian's, in one run.

Measured per boot: seconds from starting the emulator to the /init
marker line on the console (the figure of the target), and the total
wall and CPU time (user + system of the child) until it exits after the
power-off.  One unmeasured boot per emulator, then --runs boots with
the emulators taking turns; medians are reported with ours / QEMU (the
target: at most 2x).  Never a test: exits 0 unless the script breaks.

Usage: bench/aarch64-system/run.py [--builddir DIR] [--runs N]
                                   [--cache DIR]
"""

import argparse
import importlib.util
import os
import resource
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
REF = '/usr/bin/qemu-system-aarch64'


def load_boot_test():
    path = os.path.join(ROOT, 'tests', 'functional', 'linux-boot-aarch64.py')
    spec = importlib.util.spec_from_file_location('linux_boot', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def boot_once(lb, emu, image, initrd):
    """(seconds to the marker or None, wall, cpu, why-failed or None)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = lb.time.monotonic()
    rc, out, marker = lb.boot(emu, image, initrd, timeout=1200)
    wall = lb.time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime -
                                                before.ru_stime)
    why = None
    if marker is None:
        lines = out.strip().splitlines()
        why = f'no /init marker (status {rc}): ' + (lines[-1] if lines
                                                     else 'no output')
    return marker, wall, cpu, why


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--builddir', default='build')
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--cache')
    args = ap.parse_args()
    lb = load_boot_test()
    try:
        image, initrd = lb.prepare(lb.cache_dir(args.cache))
    except RuntimeError as e:
        print(f'SKIPPED: {e}')
        return 0
    emus = {}
    ours = os.path.join(args.builddir, 'qemu-system-aarch64')
    for name, path in (('ours', ours), ('qemu-7.2', REF)):
        if not os.access(path, os.X_OK):
            print(f'{name}: SKIPPED ({path} not found)')
            continue
        marker, _, _, why = boot_once(lb, path, image, initrd)
        if why:
            print(f'{name}: SKIPPED ({why})')
            continue
        emus[name] = path
    res = {n: {'marker': [], 'wall': [], 'cpu': []} for n in emus}
    for _ in range(args.runs):
        for name, path in emus.items():
            marker, wall, cpu, why = boot_once(lb, path, image, initrd)
            if why:
                print(f'{name}: boot failed: {why}')
                continue
            res[name]['marker'].append(marker)
            res[name]['wall'].append(wall)
            res[name]['cpu'].append(cpu)
    med = {n: {k: statistics.median(v) for k, v in r.items() if v}
           for n, r in res.items()}
    print('%-9s %12s %10s %10s' % ('emulator', 'to marker s', 'wall s',
                                   'cpu s'))
    for name in emus:
        m = med[name]
        if m:
            print('%-9s %12.2f %10.2f %10.2f' % (name, m['marker'],
                                                 m['wall'], m['cpu']))
    if len(emus) == 2 and med['ours'] and med['qemu-7.2']:
        print('ours / QEMU: to marker %.2fx, cpu %.2fx (target <= 2x)' % (
            med['ours']['marker'] / med['qemu-7.2']['marker'],
            med['ours']['cpu'] / med['qemu-7.2']['cpu']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
