#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Start-up benchmark: process start -> QMP greeting -> qmp_capabilities
-> quit -> process exit, for our emulator and Debian's QEMU.

Usage: bench/startup.py [--builddir DIR] [--runs N] [--ref PATH]

Each emulator runs "-machine none -qmp stdio -display none -nodefaults";
two unmeasured runs warm the page cache, then N (default 20) runs are
timed with time.perf_counter(), the emulators taking turns so that load
from other processes affects them alike.  Reported per emulator: median time to
the greeting and min/median/mean time to exit, in milliseconds.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

ARGS = ['-machine', 'none', '-qmp', 'stdio', '-display', 'none',
        '-nodefaults']
WARMUP = 2


def expect(proc, key):
    """Read QMP lines until one holding @key (events are skipped)."""
    while True:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError('emulator closed the QMP stream')
        msg = json.loads(line)
        if key in msg:
            return msg
        if 'error' in msg:
            raise RuntimeError(f'QMP error: {msg["error"]}')


def one_run(binary):
    """(seconds to greeting, seconds to exit) of one start-up."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary] + ARGS, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        expect(proc, 'QMP')
        t_greet = time.perf_counter()
        for cmd in ('qmp_capabilities', 'quit'):
            proc.stdin.write(json.dumps({'execute': cmd}) + '\n')
            proc.stdin.flush()
            expect(proc, 'return')
        proc.stdin.close()
        proc.stdout.read()
        if proc.wait(timeout=30) != 0:
            raise RuntimeError(f'exit status {proc.returncode}')
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return t_greet - t0, time.perf_counter() - t0


def measure(found, runs):
    """Time @runs start-ups of each emulator in @found ({label: path}),
    interleaved so that changes in machine load hit all of them alike.
    Returns ({label: {'greet': [s...], 'total': [s...]}}, {label: error})."""
    results = {label: {'greet': [], 'total': []} for label in found}
    errors = {}
    for i in range(WARMUP + runs):
        for label, binary in found.items():
            if label in errors:
                continue
            try:
                greet, total = one_run(binary)
            except (RuntimeError, OSError, ValueError,
                    subprocess.TimeoutExpired) as e:
                errors[label] = str(e)
                continue
            if i >= WARMUP:
                results[label]['greet'].append(greet)
                results[label]['total'].append(total)
    return results, errors


def run(builddir, runs, ref):
    """Measure every emulator found; returns {label: median total s}."""
    rows, medians, notes = [], {}, []
    found = {}
    for label, binary, why in benchlib.emulators(builddir, ref):
        if binary:
            found[label] = binary
        else:
            notes.append(f'{label}: SKIPPED: {why}')
    results, errors = measure(found, runs)
    for label in found:
        if label in errors:
            notes.append(f'{label}: FAILED: {errors[label]}')
            continue
        res = results[label]
        lo, med, mean = benchlib.summary(res['total'])
        medians[label] = med
        rows.append([label, str(runs),
                     '%.1f' % (1000 * benchlib.summary(res['greet'])[1]),
                     '%.1f' % (1000 * lo), '%.1f' % (1000 * med),
                     '%.1f' % (1000 * mean)])
    print(f'start-up: {" ".join(ARGS)}, QMP greeting, '
          'qmp_capabilities, quit (ms)')
    benchlib.print_table(['emulator', 'runs', 'greeting', 'exit-min',
                          'exit-median', 'exit-mean'], rows)
    for n in notes:
        print('  ' + n)
    return medians


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--builddir', default='build')
    p.add_argument('--runs', type=int, default=20)
    p.add_argument('--ref', default=benchlib.REF_BINARY)
    args = p.parse_args()
    run(args.builddir, args.runs, args.ref)
    return 0


if __name__ == '__main__':
    sys.exit(main())
