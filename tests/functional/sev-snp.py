#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""SEV-SNP and Secure AVIC on -machine pc (TAP).

Usage: sev-snp.py BUILDDIR SEV_ELF

sev.elf (tests/tcg/x86_64/sev.c) runs as an SEV-SNP guest with Secure
AVIC on two vCPUs: #VC for CPUID, port I/O, MSRs and IOAPIC MMIO
(0x400, completed with the GHCB MMIO events), the GHCB MSR and page
protocols, the backing page, timer, self-IPI, a blocked device
vector and an IPI to an AP created from a VMSA.  A second run stays up
so that query-sev and the query-secure-avic counters can be checked over
QMP.  Last, the command-line errors of confidential-guest-support.
"""

import os
import subprocess
import sys
import tempfile
import time

from testlib import Tap, Qmp

TIMEOUT = 60
PLAN = 28
SEV_OBJ = ('sev-snp-guest,id=sev0,cbitpos=51,reduced-phys-bits=1,'
           'policy=0x30000,secure-avic=on')


def cmdline(build, elf, *extra):
    # -icount: the guest's timing checks must not depend on host load.
    return [os.path.join(build, 'qemu-system-x86_64'), '-display', 'none',
            '-nodefaults', '-serial', 'stdio', '-no-reboot',
            '-machine', 'pc,confidential-guest-support=sev0',
            '-object', SEV_OBJ, '-smp', '2', '-cpu', 'max',
            '-device', 'isa-debug-exit', '-device', 'pc-testdev',
            '-kernel', elf, '-icount', 'shift=3'] + list(extra)


def guest_ok(out, rc):
    lines = out.splitlines()
    return (rc == 2 * 0x50 + 1 and f'1..{PLAN}' in lines and
            not any(line.startswith('not ok') for line in lines))


def test_guest(t, build, elf):
    p = subprocess.run(cmdline(build, elf), capture_output=True, text=True,
                       timeout=TIMEOUT)
    t.check(guest_ok(p.stdout, p.returncode),
            'SEV-SNP + Secure AVIC guest, -smp 2',
            f'rc={p.returncode}\n{p.stdout}\n{p.stderr}')


def wait_plan(p, deadline):
    out = ''
    while time.monotonic() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        out += line
        if line.strip() == f'1..{PLAN}':
            return True, out
    return False, out


def check_counters(t, cpus):
    ok = isinstance(cpus, list) and len(cpus) == 2
    c0 = cpus[0] if ok else {}
    c1 = cpus[1] if ok else {}
    t.check(ok and c0['enabled'] and c1['enabled'] and
            c0['registered-gpa'] != 0 and c0['control'] & 1,
            'query-secure-avic: both vCPUs enabled, page registered', cpus)
    # timer + device were requested; the device vector was blocked
    t.check(ok and c0['requested'] >= 2 and c0['blocked'] >= 1 and
            c0['merged'] >= 1, 'CPU 0: requested, merged and blocked '
            'counters (device vector blocked)', cpus)
    # self-IPI twice + timer on CPU 0, the IPI on CPU 1
    t.check(ok and c0['delivered'] >= 3 and c1['delivered'] >= 1,
            'delivered counters', cpus)


def test_qmp(t, build, elf):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'qmp.sock')
        p = subprocess.Popen(cmdline(build, elf, '-append', 'wait', '-qmp',
                                     f'unix:{path},server=on,wait=off'),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        try:
            up, out = wait_plan(p, time.monotonic() + TIMEOUT)
            t.check(up and 'not ok' not in out, 'guest ran (waiting for '
                    'QMP)', out)
            if not up:
                return
            q = Qmp(path)
            sev = q.cmd('query-sev').get('return', {})
            t.check(sev.get('sev-type') == 'sev-snp' and
                    sev.get('state') == 'running' and
                    sev.get('snp-policy') == 0x30000 and sev.get('enabled'),
                    'query-sev: an SNP guest, running', sev)
            check_counters(t, q.cmd('query-secure-avic').get('return'))
            q.cmd('quit')
            q.close()
            p.wait(timeout=TIMEOUT)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()


def test_terminate(t, build, elf):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'qmp.sock')
        p = subprocess.Popen(cmdline(build, elf, '-append', 'term', '-qmp',
                                     f'unix:{path},server=on,wait=off'),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        try:
            up, out = wait_plan(p, time.monotonic() + TIMEOUT)
            status, err = {}, ''
            if not up:
                p.kill()
                err = p.stderr.read()
                return t.check(False, 'GHCB termination', out + err)
            q = Qmp(path)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                status = q.cmd('query-status').get('return', {})
                if status.get('status') == 'guest-panicked':
                    break
                time.sleep(0.05)
            q.cmd('quit')
            q.close()
            err = p.stderr.read()
            p.wait(timeout=TIMEOUT)
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
    t.check(up and status.get('status') == 'guest-panicked' and
            'SEV-SNP guest requested termination (CPU 0, reason set 1, '
            'code 66)' in err, 'GHCB termination: guest-panicked, logged',
            f'{status}\n{out}\n{err}')


def test_cli(t, build, elf):
    qemu = os.path.join(build, 'qemu-system-x86_64')
    cases = [
        (['-machine', 'pc,confidential-guest-support=nope'],
         "Device 'nope' not found"),
        (['-netdev', 'hubport,id=n0,hubid=0', '-object',
          'filter-dump,id=f0,netdev=n0,file=/dev/null', '-machine',
          'pc,confidential-guest-support=f0'],
         'is not a confidential guest support object'),
    ]
    for args, msg in cases:
        p = subprocess.run([qemu, '-display', 'none', '-nodefaults'] + args,
                           capture_output=True, text=True, timeout=TIMEOUT)
        t.check(p.returncode == 1 and msg in p.stderr,
                f'error: {msg}', f'rc={p.returncode}\n{p.stderr}')


def main():
    build, elf = sys.argv[1], sys.argv[2]
    t = Tap()
    test_guest(t, build, elf)
    test_qmp(t, build, elf)
    test_terminate(t, build, elf)
    test_cli(t, build, elf)
    print(f'1..{t.n}')
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
