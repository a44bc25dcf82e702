#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""x86 engine speed: guest MIPS of our qemu-system-x86_64 and of Debian's
QEMU 7.2 (TCG) on the same Multiboot guest (bench/x86/guest/), and the
ratio.

1. Count: each emulator runs the guest once with -icount shift=0, under
   which the guest's TSC counts instructions; the guest prints the count
   of its timed loop ("insns=") and a checksum ("sum=").  The checksums
   must agree.  The count used for MIPS is ours, which counts a REP
   string instruction once, as the architecture's "instructions retired"
   does; QEMU counts each of its iterations (see bench/README.md).
2. Time: whole processes, wall and CPU (user + system of the child), the
   emulators taking turns: the guest with iters=N and with iters=0 (the
   same boot, no work: start-up, loading and exit).  MIPS = instructions
   / (median time with N - median time with 0).
3. Steps: the guest also prints the TSC spent in each step of its loop.
   Their shares of the loop, times the loop's CPU time, give each step's
   MIPS on each emulator (an estimate: the TSC of ours runs on the
   virtual clock, i.e. wall time, QEMU's on the host TSC).

Never a test: exits 0 unless the script itself breaks.

Usage: bench/x86/run.py [--builddir DIR] [--iters N] [--runs R]
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time

REF = '/usr/bin/qemu-system-x86_64'
LINE = re.compile(r'iters=(\d+) insns=(\d+) sum=([0-9a-f]+) (ok|FAIL)')
PHASES = re.compile(r'phases((?: \w+=\d+)+)')


def command(emu, image, iters, icount=False):
    cmd = [emu, '-accel', 'tcg', '-machine', 'pc', '-m', '128',
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-device', 'isa-debug-exit', '-kernel', image,
           '-append', 'iters=%d' % iters]
    if icount:
        cmd += ['-icount', 'shift=0']
    return cmd


def parse_phases(text):
    """{step name: TSC} from the guest's "phases" line, or {}."""
    m = PHASES.search(text)
    if not m:
        return {}
    return {k: int(v) for k, v in
            (kv.split('=') for kv in m.group(1).split())}


def run_once(cmd):
    """(wall s, cpu s, guest line match or None, {step: TSC})"""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, timeout=900)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime -
                                                before.ru_stime)
    out = p.stdout.decode(errors='replace')
    m = LINE.search(out)
    if p.returncode != 1 or not m or m.group(4) != 'ok':
        print('WARNING: %s: exit %d, output %r %r' % (
            ' '.join(cmd), p.returncode, p.stdout[-200:], p.stderr[-200:]))
    return wall, cpu, m, parse_phases(out)


def count(emus, image, iters):
    """{name: (instructions, checksum, {step: instructions})}"""
    out = {}
    for name, emu in emus.items():
        _, _, m, phases = run_once(command(emu, image, iters, icount=True))
        if m:
            out[name] = (int(m.group(2)), m.group(3), phases)
    return out


def measure(emus, image, iters, runs):
    """Medians of wall/cpu with iters (and 0), summed step TSCs."""
    res = {n: {k: [] for k in ('wall', 'cpu', 'wall0', 'cpu0')}
           for n in emus}
    tsc = {n: {} for n in emus}
    for name, emu in emus.items():         # warm the page cache
        run_once(command(emu, image, 0))
    for _ in range(runs):
        for name, emu in emus.items():
            wall, cpu, _, phases = run_once(command(emu, image, iters))
            wall0, cpu0 = run_once(command(emu, image, 0))[:2]
            r = res[name]
            r['wall'].append(wall)
            r['cpu'].append(cpu)
            r['wall0'].append(wall0)
            r['cpu0'].append(cpu0)
            for k, v in phases.items():
                tsc[name][k] = tsc[name].get(k, 0) + v
    return ({n: {k: statistics.median(v) for k, v in r.items()}
             for n, r in res.items()}, tsc)


def step_insns(counts):
    """Instructions per step, REP counted once.  QEMU's per-step counts
    are exact (ours advance per scheduler quantum); the REP iterations it
    counts on top of ours all belong to the "mem" step."""
    if 'qemu-7.2' not in counts:
        return next(iter(counts.values()))[2]
    steps = dict(counts['qemu-7.2'][2])
    if 'ours' in counts and 'mem' in steps:
        steps['mem'] -= counts['qemu-7.2'][0] - counts['ours'][0]
    return steps


def print_steps(counts, med, tsc):
    steps = step_insns(counts)
    names = [n for n in med if tsc.get(n)]
    if not steps or not names:
        return
    print('\n%-8s %14s' % ('step', 'instructions') +
          ''.join(' %9s' % ('%s MIPS' % n[:4]) for n in names) +
          (' %8s' % 'ratio' if len(names) == 2 else ''))
    for step, n_insns in steps.items():
        mips = []
        for name in names:
            total = sum(tsc[name].values())
            loop = med[name]['cpu'] - med[name]['cpu0']
            share = tsc[name].get(step, 0) / total if total else 0
            mips.append(n_insns / (share * loop) / 1e6
                        if share > 0 and loop > 0 else float('nan'))
        line = '%-8s %14d' % (step, n_insns)
        line += ''.join(' %9.1f' % v for v in mips)
        if len(mips) == 2:
            line += ' %7.2fx' % (mips[0] / mips[1])
        print(line)


def find_emulators(builddir):
    emus = {}
    ours = os.path.join(builddir, 'qemu-system-x86_64')
    ref = REF if os.access(REF, os.X_OK) else shutil.which(REF)
    for name, path in (('ours', ours), ('qemu-7.2', ref)):
        if path and os.access(path, os.X_OK):
            emus[name] = path
        else:
            print('%s: SKIPPED (%s not found)' % (name, path or REF))
    return emus


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--builddir', default='build')
    ap.add_argument('--image', help='default: BUILDDIR/bench/x86/'
                    'bench-x86.elf')
    ap.add_argument('--iters', type=int, default=500)
    ap.add_argument('--runs', type=int, default=3)
    args = ap.parse_args()
    image = args.image or os.path.join(args.builddir, 'bench', 'x86',
                                       'bench-x86.elf')
    if not os.path.exists(image):
        print('SKIPPED: %s not built (x86-64 hosts only)' % image)
        return 0
    emus = find_emulators(args.builddir)
    counts = count(emus, image, args.iters)
    for name, (n, csum, _) in counts.items():
        print('%-9s iters=%d: %d instructions (-icount shift=0), sum=%s' %
              (name, args.iters, n, csum))
    if len({c[1] for c in counts.values()}) > 1:
        print('WARNING: the checksums differ')
    if not counts:
        print('SKIPPED: no instruction count')
        return 0
    insns = counts.get('ours', next(iter(counts.values())))[0]

    med, tsc = measure(emus, image, args.iters, args.runs)
    print('\n%-9s %9s %9s %9s %9s %8s %8s' % (
        'emulator', 'wall s', 'cpu s', 'wall0 s', 'cpu0 s', 'MIPS', 'MIPScpu'))
    mips = {}
    for name, m in med.items():
        dw = m['wall'] - m['wall0']
        dc = m['cpu'] - m['cpu0']
        mips[name] = (insns / dw / 1e6 if dw > 0 else float('nan'),
                      insns / dc / 1e6 if dc > 0 else float('nan'))
        print('%-9s %9.3f %9.3f %9.3f %9.3f %8.1f %8.1f' % (
            name, m['wall'], m['cpu'], m['wall0'], m['cpu0'], *mips[name]))
    print_steps(counts, med, tsc)
    if len(mips) == 2:
        print('\nours / QEMU 7.2 guest MIPS: wall %.2fx, cpu %.2fx '
              '(target >= 0.5x)' % (
                  mips['ours'][0] / mips['qemu-7.2'][0],
                  mips['ours'][1] / mips['qemu-7.2'][1]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
