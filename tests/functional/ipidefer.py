# SPDX-License-Identifier: GPL-2.0-or-later
"""The IPI-deferral experiment, driven from the host (shared by
tests/functional/guest-x86_64.py and bench/ipi-deferral/run.py).

One boot per phase: the guest kernel runs its ipi-defer test with
ipi_defer_test=off or =on (guest/tests/ipi-defer.c: 8 rounds of a kernel
text patch and a kernel TLB flush by CPU 0 while the isolated CPUs loop
in user mode).  There is no exit device, so the kernel halts after its
summary line; the host then reads the emulator's per-vCPU IPI counters
with QMP x-query-ipi-stats and quits.  The counters of the phase are the
counters of the boot: the guest's other IPIs (INIT/SIPI bring-up) have
other delivery types, and nothing else sends call-function IPIs.
"""
import os
import queue
import re
import subprocess
import tempfile
import threading
import time

from testlib import Qmp

VEC_CALL_FUNC = 0xf1        # guest/arch/x86_64/include/arch/cpu.h
TIMEOUT = 60

GUEST_ROW = re.compile(r'^#\s+(\d+)\s+(yes|no) \|\s+(\d+)\s+(\d+)\s+(\d+) \|'
                       r'\s+(\d+)\s+(\d+)\s+(\d+) \|\s+(\d+)\s+(\d+)\s*$')
GUEST_KEYS = ('sync_ipi', 'sync_defer', 'sync_flush', 'tlb_ipi',
              'tlb_defer', 'tlb_flush', 'probes', 'stale')


def _reader(proc, lines):
    for line in proc.stdout:
        lines.put(line)
    lines.put(None)


def _wait_summary(lines, out, deadline):
    """Collect console lines until 'N test(s) failed'; True if seen."""
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if line is None:
            return False
        out.append(line)
        if re.match(r'^\d+ test\(s\) failed', line):
            return True
    return False


def boot_phase(qemu, kernel, smp, phase, extra=(), icount=True, append=''):
    """Run one phase (@append: more kernel command-line words); returns
    (console text, x-query-ipi-stats list or None, error string or '')."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'qmp.sock')
        cmd = [qemu, '-machine', 'pc', '-display', 'none', '-nodefaults',
               '-serial', 'stdio', '-no-reboot', '-m', '128M',
               '-smp', str(smp), '-kernel', kernel,
               '-append', f'tests=ipi-defer ipi_defer_test={phase} {append}',
               '-qmp', f'unix:{path},server=on,wait=off'] + list(extra)
        if icount:
            cmd += ['-icount', 'shift=3']
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        lines = queue.Queue()
        threading.Thread(target=_reader, args=(proc, lines),
                         daemon=True).start()
        out = []
        stats, err = None, ''
        if _wait_summary(lines, out, time.monotonic() + TIMEOUT):
            try:
                q = Qmp(path)
                r = q.cmd('x-query-ipi-stats')
                stats = r.get('return')
                err = '' if stats is not None else str(r)
                q.cmd('quit')
                q.close()
            except (OSError, ValueError) as e:
                err = f'QMP: {e}'
        else:
            err = 'no summary line on the console'
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        while True:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                break
            if line is None:
                break
            out.append(line)
        return ''.join(out), stats, err


def guest_table(out):
    """{cpu: {'isolated': bool, 'sync_ipi': n, ...}} from the guest's
    own table (the last one printed)."""
    rows = {}
    for line in out.splitlines():
        m = GUEST_ROW.match(line)
        if m:
            row = dict(zip(GUEST_KEYS, map(int, m.groups()[2:])))
            row['isolated'] = m.group(2) == 'yes'
            rows[int(m.group(1))] = row
    return rows


def vector_count(cpu_stats, vector):
    return sum(v['count'] for v in cpu_stats['vectors']
               if v['vector'] == vector)


def sender_count(cpu_stats, index):
    return sum(s['count'] for s in cpu_stats['senders']
               if s['cpu-index'] == index)


def other_vectors(cpu_stats):
    """'0xf3:1 ...' for fixed IPIs other than call-function ones."""
    return ' '.join(f"{v['vector']:#x}:{v['count']}"
                    for v in cpu_stats['vectors']
                    if v['vector'] != VEC_CALL_FUNC) or '-'


def format_table(phase, stats, guest):
    """The per-vCPU table: emulator counters and the guest's view."""
    rows = [f'ipi_defer={phase}',
            '          emulator (x-query-ipi-stats)                  '
            '      | guest (its own counters)',
            'cpu iso | IPIs 0xf1 from0 init sipi nmi msi other-vectors'
            ' | sync_core ipi/def/fl | tlb ipi/def/fl | probes stale']
    for c in stats:
        i = c['cpu-index']
        g = guest.get(i, {})
        sync = '/'.join(str(g.get(k, '-')) for k in
                        ('sync_ipi', 'sync_defer', 'sync_flush'))
        tlb = '/'.join(str(g.get(k, '-')) for k in
                       ('tlb_ipi', 'tlb_defer', 'tlb_flush'))
        rows.append(
            f"{i:3} {'yes' if g.get('isolated') else 'no':>3} | "
            f"{c['ipis']:4} {vector_count(c, VEC_CALL_FUNC):4}"
            f" {sender_count(c, 0):5} {c['init']:4} {c['sipi']:4}"
            f" {c['nmi']:3} {c['msi']:3} {other_vectors(c):13} | "
            f"{sync:>20} | {tlb:>14} | "
            f"{g.get('probes', '-'):>6} {g.get('stale', '-'):>5}")
    return '\n'.join(rows)
