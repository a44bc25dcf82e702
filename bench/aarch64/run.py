#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""A64 engine speed: CPU-bound (guest/cpu.c) and memory-bound (guest/mem.c)
static aarch64 programs on our qemu-aarch64 and on Debian's, in one run.

The programs are built with aarch64-linux-gnu-gcc -O2 -static into a
temporary directory.  Each is run once unmeasured per emulator, then
--runs times with the emulators taking turns; reported are the medians
of the wall time and of the CPU time (user + system of the child), and
ours / QEMU as a speed ratio (QEMU's time / ours: 1.0 = as fast).  The
two emulators' outputs must be identical.  Never a test: exits 0 unless
the script itself breaks.

Usage: bench/aarch64/run.py [--builddir DIR] [--runs N]
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REF = '/usr/bin/qemu-aarch64'
PROGRAMS = ['cpu', 'mem']


def build(tmp):
    cc = shutil.which('aarch64-linux-gnu-gcc')
    if not cc:
        return None
    out = {}
    for name in PROGRAMS:
        exe = os.path.join(tmp, name)
        src = os.path.join(HERE, 'guest', name + '.c')
        subprocess.run([cc, '-O2', '-static', '-o', exe, src], check=True)
        out[name] = exe
    return out


def run_once(emu, exe):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run([emu, exe], stdout=subprocess.PIPE, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime -
                                                before.ru_stime)
    return wall, cpu, p.stdout


def measure(emus, exe, runs):
    res = {name: {'wall': [], 'cpu': []} for name in emus}
    outputs = {}
    for name, emu in emus.items():
        outputs[name] = run_once(emu, exe)[2]
    for _ in range(runs):
        for name, emu in emus.items():
            wall, cpu, _ = run_once(emu, exe)
            res[name]['wall'].append(wall)
            res[name]['cpu'].append(cpu)
    if len(set(outputs.values())) > 1:
        print('WARNING: outputs differ: %r' % outputs)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--builddir', default='build')
    ap.add_argument('--runs', type=int, default=3)
    args = ap.parse_args()
    emus = {}
    ours = os.path.join(args.builddir, 'qemu-aarch64')
    for name, path in (('ours', ours), ('qemu-7.2', REF)):
        if os.access(path, os.X_OK):
            emus[name] = path
        else:
            print('%s: SKIPPED (%s not found)' % (name, path))
    with tempfile.TemporaryDirectory() as tmp:
        exes = build(tmp)
        if not exes:
            print('SKIPPED: aarch64-linux-gnu-gcc not found')
            return 0
        print('%-6s %-9s %10s %10s' % ('prog', 'emulator', 'wall s',
                                       'cpu s'))
        for prog, exe in exes.items():
            res = measure(emus, exe, args.runs)
            med = {n: {k: statistics.median(v) for k, v in r.items()}
                   for n, r in res.items()}
            for name in emus:
                print('%-6s %-9s %10.2f %10.2f' % (prog, name,
                                                   med[name]['wall'],
                                                   med[name]['cpu']))
            if len(med) == 2:
                print('%-6s ours speed vs QEMU: wall %.2fx, cpu %.2fx' % (
                    prog, med['qemu-7.2']['wall'] / med['ours']['wall'],
                    med['qemu-7.2']['cpu'] / med['ours']['cpu']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
