#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""qtest round-trip benchmark: writel+readl pairs per second over a unix
socket, for our emulator and Debian's QEMU.

Usage: bench/qtest_rtt.py [--builddir DIR] [--pairs N] [--rounds R]
                          [--ref PATH]

The benchmark listens on a unix socket and starts the emulator with
"-qtest unix:PATH" (the emulator connects, as with libqtest).  Ours runs
"-machine none -m 16"; Debian's QEMU 7.2 crashes on memory commands with
"-machine none" (no CPU, so no address space to access), so it runs
"-machine pc -m 16 -S" instead.  Both get "-display none -nodefaults
-qtest-log /dev/null" (as libqtest gives).  Both emulators are started
and warmed up with 1000 pairs; then R rounds (default 5) of N pairs
(default 20000) are timed, the emulators taking turns round by round so
that load from other processes affects them alike.  A pair is "writel
ADDR V", "OK", "readl ADDR", "OK V" in lock step (the reply is checked).
The best and median rounds are reported.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

COMMON_ARGS = ['-display', 'none', '-nodefaults', '-qtest-log', '/dev/null']
MACHINE_ARGS = {
    'ours': ['-machine', 'none', '-m', '16'],
    'qemu-7.2': ['-machine', 'pc', '-m', '16', '-S'],
}
ADDR = 0x1000
WARMUP = 1000


class QTest:
    """A connection to an emulator started with -qtest unix:PATH."""

    def __init__(self, binary, machine_args):
        self.dir = tempfile.TemporaryDirectory(prefix='bench-qtest-')
        path = os.path.join(self.dir.name, 'qtest.sock')
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(1)
        self.server.settimeout(30)
        self.proc = subprocess.Popen(
            [binary] + machine_args + COMMON_ARGS + ['-qtest', 'unix:' + path],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        try:
            self.sock, _ = self.server.accept()
        except OSError:
            self.proc.kill()
            self.proc.wait()
            self.server.close()
            self.dir.cleanup()
            raise
        self.sock.settimeout(30)
        self.reader = self.sock.makefile('rb')

    def command(self, line):
        """Send one command line; return its reply (IRQ lines skipped)."""
        self.sock.sendall(line)
        while True:
            reply = self.reader.readline()
            if not reply:
                raise RuntimeError(f'emulator closed the socket after {line!r}')
            if not reply.startswith(b'IRQ'):
                return reply

    def close(self):
        self.reader.close()
        self.sock.close()
        self.server.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.dir.cleanup()


def pairs(qt, count, start):
    """Run @count writel+readl pairs; returns the seconds taken."""
    t0 = time.perf_counter()
    for i in range(start, start + count):
        value = b'0x%x' % (i & 0xffffffff)
        if qt.command(b'writel 0x%x %s\n' % (ADDR, value)) != b'OK\n':
            raise RuntimeError('writel failed')
        reply = qt.command(b'readl 0x%x\n' % ADDR)
        if int(reply.split()[1], 16) != (i & 0xffffffff):
            raise RuntimeError(f'readl returned {reply!r}')
    return time.perf_counter() - t0


def connect_all(found):
    """Start and warm up each emulator in @found ({label: path}).
    Returns ({label: QTest}, {label: error})."""
    conns, errors = {}, {}
    for label, binary in found.items():
        try:
            qt = QTest(binary, MACHINE_ARGS[label])
        except OSError as e:
            errors[label] = str(e)
            continue
        conns[label] = qt
        try:
            if not qt.command(b'endianness\n').startswith(b'OK'):
                raise RuntimeError('no answer to endianness')
            pairs(qt, WARMUP, 0)
        except (RuntimeError, OSError, ValueError, IndexError) as e:
            errors[label] = str(e)
    return conns, errors


def measure(found, count, rounds):
    """Pairs per second of each round, the emulators taking turns so
    that load from other processes affects them alike.
    Returns ({label: [rate...]}, {label: error})."""
    conns, errors = connect_all(found)
    rates = {label: [] for label in found}
    try:
        for r in range(rounds):
            for label, qt in conns.items():
                if label in errors:
                    continue
                try:
                    t = pairs(qt, count, WARMUP + r * count)
                    rates[label].append(count / t)
                except (RuntimeError, OSError, ValueError, IndexError) as e:
                    errors[label] = str(e)
    finally:
        for qt in conns.values():
            qt.close()
    return rates, errors


def measure_c(client, found, count, rounds):
    """As measure(), with the C client bench/qtest-pairs.c: one emulator
    process per round, the emulators taking turns."""
    rates = {label: [] for label in found}
    errors = {}
    for _ in range(rounds):
        for label, binary in found.items():
            if label in errors:
                continue
            cmd = [client, str(count), '1', binary] + MACHINE_ARGS[label] + \
                COMMON_ARGS
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=300)
            if r.returncode != 0 or not r.stdout.strip():
                errors[label] = r.stderr.strip() or 'no output'
                continue
            rates[label].append(float(r.stdout.split()[0]))
    return rates, errors


def run(builddir, count, rounds, ref):
    """Measure every emulator found; returns {label: best pairs/s}."""
    rows, best, notes, found = [], {}, [], {}
    client = os.path.join(builddir, 'bench', 'qtest-pairs')
    for label, binary, why in benchlib.emulators(builddir, ref):
        if binary:
            found[label] = binary
        else:
            notes.append(f'{label}: SKIPPED: {why}')
    if os.access(client, os.X_OK):
        rates, errors = measure_c(client, found, count, rounds)
        notes.append('client: bench/qtest-pairs.c (C)')
    else:
        rates, errors = measure(found, count, rounds)
        notes.append('client: Python (build bench/qtest-pairs for the C '
                     'client)')
    for label in found:
        if label in errors:
            notes.append(f'{label}: FAILED: {errors[label]}')
            continue
        _, med, _ = benchlib.summary(rates[label])
        best[label] = max(rates[label])
        rows.append([label, ' '.join(MACHINE_ARGS[label]),
                     '%d' % best[label], '%d' % med,
                     '%.1f' % (1e6 / best[label])])
    print(f'qtest round trips: {rounds} rounds of {count} writel+readl pairs')
    benchlib.print_table(['emulator', 'machine', 'best-pairs/s',
                          'median-pairs/s', 'us/pair'], rows)
    for n in notes:
        print('  ' + n)
    return best


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--builddir', default='build')
    p.add_argument('--pairs', type=int, default=20000)
    p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--ref', default=benchlib.REF_BINARY)
    args = p.parse_args()
    run(args.builddir, args.pairs, args.rounds, args.ref)
    return 0


if __name__ == '__main__':
    sys.exit(main())
