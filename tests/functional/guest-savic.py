#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The guest kernel's Secure AVIC driver and its scenarios (TAP).

Usage: guest-savic.py BUILDDIR GUEST_ELF

One kernel, three machines, the same tests (guest/tests/x86_64/savic.c):
SEV-SNP with Secure AVIC, SEV-SNP without it, and no SEV (x2APIC); the
kernel must pick the matching APIC driver and pass each time (the
Secure-AVIC-only checks skip elsewhere).  All boots use -smp 4,
pc-testdev and -icount shift=3 (guest time follows instructions, so
host load cannot change a result).  Then the spec's section 8 with the
emulator as a malicious hypervisor over the test-only QMP commands
x-secure-avic-inject and x-secure-avic-hv-write, and a Secure AVIC VM
without x2APIC, which the guest must refuse (termination 1/12).
"""

import os
import subprocess
import sys
import tempfile
import time

from testlib import Tap, Qmp, parse_tap, timeout_scale

TIMEOUT = 120
SAVIC_TESTS = ('savic-driver,savic-ctrl,savic-timer,savic-nmi,savic-ioapic,'
               'savic-level,savic-tpr,savic-teardown,savic-broadcast,'
               'smp-call,apic-self-ipi,apic-timer')
# the 100,000-IPI ring takes a few seconds: with Secure AVIC only
STORM = ',savic-ipi-storm'
SEV_OBJ = ('sev-snp-guest,id=sev0,cbitpos=51,reduced-phys-bits=1,'
           'policy=0x30000')
SNP = ['-machine', 'pc,confidential-guest-support=sev0']

# (name, extra arguments, driver line, tests allowed to skip, tests)
BOOTS = [
    ('SEV-SNP + Secure AVIC', SNP + ['-object', SEV_OBJ + ',secure-avic=on'],
     'apic: Secure AVIC driver', set(), SAVIC_TESTS + STORM),
    ('SEV-SNP without Secure AVIC', SNP + ['-object', SEV_OBJ],
     'apic: x2APIC driver', {'savic-teardown'}, SAVIC_TESTS),
    ('no SEV, x2APIC', [], 'apic: x2APIC driver', {'savic-teardown'},
     SAVIC_TESTS),
]


def cmdline(build, elf, extra, tests, cpu='max'):
    return [os.path.join(build, 'qemu-system-x86_64'), '-machine', 'pc',
            '-display', 'none', '-nodefaults', '-serial', 'stdio',
            '-no-reboot', '-m', '128M', '-smp', '4', '-cpu', cpu,
            '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
            '-device', 'pc-testdev', '-icount', 'shift=3',
            '-kernel', elf, '-append', 'tests=' + tests] + extra


def check_boot(t, build, elf, boot):
    name, extra, driver, may_skip, tests = boot
    try:
        p = subprocess.run(cmdline(build, elf, extra, tests),
                           capture_output=True, text=True, timeout=TIMEOUT)
        rc, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        rc, out, err = None, str(e.stdout), 'timed out'
    plan, results = parse_tap(out)
    failed = [k for k, v in results.items() if v == 'fail']
    skipped = {k for k, v in results.items() if v == 'skip'}
    ok = (rc == 1 and driver in out and
          plan == len(tests.split(',')) == len(results) and
          not failed and skipped <= may_skip)
    t.check(ok, f'{name}: {driver[6:]}, {plan} tests, -smp 4',
            f'rc={rc} failed={failed} skipped={skipped}\n{out}\n{err}')
    return out


def check_all(t, build, elf):
    """Every test of tests=all also passes as an SNP + Secure AVIC guest
    (exceptions, paging, user mode, PCI, SMP calls, IPI deferral)."""
    extra = SNP + ['-object', SEV_OBJ + ',secure-avic=on']
    p = subprocess.run(cmdline(build, elf, extra, 'all'),
                       capture_output=True, text=True, timeout=TIMEOUT)
    plan, results = parse_tap(p.stdout)
    failed = [k for k, v in results.items() if v == 'fail']
    t.check(p.returncode == 1 and plan and len(results) == plan and
            not failed, f'tests=all as a Secure AVIC guest ({plan} tests)',
            f'rc={p.returncode} failed={failed}\n{p.stdout}\n{p.stderr}')


def check_device_msix(t, build, elf):
    """gve's MSI-X vectors reach a Secure AVIC guest: the driver lets
    them in (ALLOWED_IRR), so the emulator blocks none of them."""
    extra = SNP + ['-object', SEV_OBJ + ',secure-avic=on',
                   '-netdev', 'user,id=n0', '-device', 'gve,netdev=n0',
                   '-trace', 'savic_blocked', '-trace', 'savic_merged']
    p = subprocess.run(cmdline(build, elf, extra, 'gve-probe,gve-tx'),
                       capture_output=True, text=True, timeout=TIMEOUT)
    plan, results = parse_tap(p.stdout)
    merged = p.stderr.count('savic_merged')
    blocked = p.stderr.count('savic_blocked')
    t.check(p.returncode == 1 and plan == 2 and
            all(v == 'ok' for v in results.values()) and merged and
            not blocked,
            'gve MSI-X vectors under Secure AVIC: none blocked',
            f'rc={p.returncode} merged={merged} blocked={blocked}\n'
            f'{p.stdout}\n{p.stderr[-2000:]}')


def read_until(p, text, deadline):
    out = ''
    while time.monotonic() < deadline:
        line = p.stdout.readline()
        if not line:
            break
        out += line
        if text in line:
            return True, out
    return False, out


def hv_attacks(q):
    """The hypervisor's moves while the guest waits; returns replies."""
    r = {}
    r['blocked'] = q.cmd('x-secure-avic-inject', **{'cpu-index': 0},
                         vector=0x61)
    r['nmi'] = q.cmd('x-secure-avic-inject', **{'cpu-index': 0}, nmi=True)
    r['write'] = q.cmd('x-secure-avic-hv-write', **{'cpu-index': 0},
                       offset=0x200 + (0x62 // 32) * 16,
                       value=1 << (0x62 % 32))
    r['allowed'] = q.cmd('x-secure-avic-inject', **{'cpu-index': 0},
                         vector=0x60)
    r['bad'] = q.cmd('x-secure-avic-inject', **{'cpu-index': 9}, vector=1)
    return r


def check_hv(t, build, elf):
    """Section 8: S1/S2 (non-allowed vector, not deferred), S5 (NMI
    without AllowedNmi), S6 (the page cannot be written by the host)."""
    extra = SNP + ['-object', SEV_OBJ + ',secure-avic=on']
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'qmp.sock')
        p = subprocess.Popen(cmdline(build, elf, extra, 'savic-hv') +
                             ['-qmp', f'unix:{path},server=on,wait=off',
                              '-trace', 'savic_blocked',
                              '-trace', 'savic_*_refused'],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
        try:
            up, out = read_until(p, '# hv-ready', time.monotonic() + TIMEOUT)
            before, after, last, r, done, trace = {}, {}, {}, {}, False, ''
            if not up:
                p.kill()
                return t.check(False, 'savic-hv: guest ready', out)
            q = Qmp(path)
            before = q.cmd('query-secure-avic')['return'][0]
            r = hv_attacks(q)
            p.stdin.write('g')
            p.stdin.flush()
            _, rest = read_until(p, '# hv-checked',
                                 time.monotonic() + TIMEOUT)
            out += rest
            after = q.cmd('query-secure-avic')['return'][0]
            r['nmi-allowed'] = q.cmd('x-secure-avic-inject',
                                     **{'cpu-index': 0}, nmi=True)
            limit = time.monotonic() + 10
            while time.monotonic() < limit:
                last = q.cmd('query-secure-avic')['return'][0]
                if last['nmi-accepted'] > after['nmi-accepted']:
                    break
                time.sleep(0.01)
            p.stdin.write('q')
            p.stdin.flush()
            done, rest = read_until(p, 'test(s) failed',
                                    time.monotonic() + TIMEOUT)
            out += rest
            q.close()
            p.wait(timeout=TIMEOUT)
            trace = p.stderr.read()
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
    detail = (f'{r}\nbefore={before}\nafter={after}\nlast={last}\n'
              f'{out}\n{trace}')
    t.check(done and 'ok 1 - savic-hv' in out and 'not ok' not in out,
            'savic-hv: only the allowed vector arrived (guest view)', detail)
    t.check('error' in r['write'] and 'RMP' in r['write']['error']['desc']
            and after['hv-writes-refused'] == before['hv-writes-refused'] + 1,
            'S6: host write to the backing page refused, counted', detail)
    t.check(after['blocked'] >= before['blocked'] + 1 and
            after['requested'] >= before['requested'] + 2,
            'S1/S2: non-allowed vector blocked, counted', detail)
    t.check(after['nmi-refused'] == before['nmi-refused'] + 1 and
            after['nmi-accepted'] == before['nmi-accepted'],
            'S5: host NMI refused without AllowedNmi, counted', detail)
    t.check(last.get('nmi-accepted') == after['nmi-accepted'] + 1,
            'host NMI accepted once AllowedNmi is set again', detail)
    t.check('apic 0 vector 0x61 blocked' in trace and
            'apic 0 host NMI refused' in trace and
            'apic 0 host write to private backing page' in trace,
            '-trace: blocked vector, refused NMI and page write', detail)
    t.check('error' in r['bad'] and 'return' in r['allowed'],
            'x-secure-avic-inject: bad cpu-index is an error', detail)


def check_no_x2apic(t, build, elf):
    """Secure AVIC needs x2APIC: the driver asks to terminate (1/12)."""
    extra = SNP + ['-object', SEV_OBJ + ',secure-avic=on']
    p = subprocess.Popen(cmdline(build, elf, extra, 'savic-driver',
                                 cpu='qemu64'),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    err = ''
    deadline = time.monotonic() + TIMEOUT
    want = 'requested termination (CPU 0, reason set 1, code 12)'
    try:
        while time.monotonic() < deadline:
            line = p.stderr.readline()
            if not line:
                break
            err += line
            if want in line:
                break
    finally:
        p.kill()
        p.wait()
    t.check(want in err, 'Secure AVIC without x2APIC: guest terminates '
            '1/12', err)


def main():
    global TIMEOUT
    build, elf = sys.argv[1], sys.argv[2]
    TIMEOUT *= timeout_scale(build)
    t = Tap()
    for boot in BOOTS:
        check_boot(t, build, elf, boot)
    check_all(t, build, elf)
    check_device_msix(t, build, elf)
    check_hv(t, build, elf)
    check_no_x2apic(t, build, elf)
    print(f'1..{t.n}')
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
