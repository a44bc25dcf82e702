#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot the guest kernel (guest/) on -machine pc and check its self-tests.

Usage: guest-x86_64.py [--qemu PATH] BUILDDIR [GUEST_ELF]

Each boot runs in-guest tests (-append tests=...); the kernel prints TAP
lines and exits through isa-debug-exit with the number of failures, so
the emulator's status is 2 * failures + 1 (255 after a panic).  This
script prints one TAP line per boot.  On our binary the main boots use
-icount shift=3, so guest time follows executed instructions and the
timing tests cannot be upset by a loaded host; the x2APIC boot runs on
host time.  --qemu runs another binary (e.g.
Debian's /usr/bin/qemu-system-x86_64) instead of BUILDDIR's, and leaves
out the checks only ours can pass (x2APIC, direct ELF64 entry).  If the
emulator refuses the image, everything is skipped with its reason.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import ipidefer
from testlib import Tap, parse_tap

TIMEOUT = 60
SMP_TESTS = 'smp-boot,smp-call,spinlock,apic,apic-self-ipi,timer-wheel'

# (name, -smp, extra arguments, tests=, tests that may be skipped)
BOOTS = [
    ('all tests, 1 CPU', 1, [], 'all',
     {'pci-testdev', 'pci-msi', 'pci-msix', 'ipi-defer'}),
    ('SMP and PCI tests, 4 CPUs, pci-testdev', 4,
     ['-device', 'pci-testdev'],
     SMP_TESTS + ',pci-enum,pci-testdev,pci-msix,user-syscall,user-irq,'
     'ipi-defer', {'pci-msix'}),
    ('SMP tests and IPI deferral, 8 CPUs', 8, [],
     SMP_TESTS + ',user-fault,ipi-defer', set()),
]


def run(qemu, kernel, smp, extra, tests):
    cmd = [qemu, '-machine', 'pc', '-display', 'none', '-nodefaults',
           '-serial', 'stdio', '-no-reboot', '-m', '128M',
           '-smp', str(smp),
           '-device', 'isa-debug-exit,iobase=0xf4,iosize=4',
           '-kernel', kernel, '-append', 'tests=' + tests] + extra
    if os.path.basename(os.path.realpath(qemu)) != 'qemu-system':
        cmd += ['-accel', 'tcg']        # another QEMU: never KVM
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout
        return None, out or '', 'timed out'
    return p.returncode, p.stdout, p.stderr


def unsupported(rc, err):
    """The reason the emulator refused the image, or None."""
    if rc == 1 and 'could not load kernel' in err:
        return err.strip().splitlines()[-1]
    if rc is not None and rc != 1 and ('not supported' in err or
                                       'runs 64-bit code only' in err):
        return err.strip().splitlines()[-1]
    return None


def check_boot(t, qemu, kernel, boot, icount):
    name, smp, extra, tests, may_skip = boot
    if icount:
        extra = extra + ['-icount', 'shift=3']
        name += ', -icount'
    rc, out, err = run(qemu, kernel, smp, extra, tests)
    plan, results = parse_tap(out)
    failed = [k for k, v in results.items() if v == 'fail']
    skipped = [k for k, v in results.items() if v == 'skip']
    want = None if tests == 'all' else len(tests.split(','))
    ok = (rc == 1 and plan is not None and len(results) == plan and
          (want is None or plan == want) and not failed and
          set(skipped) <= may_skip)
    t.check(ok, name, f'rc={rc} plan={plan} failed={failed} '
            f'skipped={skipped}\nstdout:\n{out}\nstderr:\n{err}')


def check_panic(t, qemu, kernel):
    """An unexpected exception: register dump, 'Bail out!', status 255."""
    rc, out, err = run(qemu, kernel, 1, [], 'panic')
    ok = (rc == 255 and 'exception #UD invalid opcode on CPU 0' in out and
          re.search(r'R15=000000001234abcd', out) and
          'PANIC: unexpected exception 6\nBail out! panic' in out)
    t.check(bool(ok), 'unexpected exception: register dump, exit 255',
            f'rc={rc}\nstdout:\n{out}\nstderr:\n{err}')


def check_x2apic(t, qemu, kernel):
    """-cpu max has x2APIC on our binary: the kernel must pick it."""
    rc, out, err = run(qemu, kernel, 4, ['-cpu', 'max'],
                       'apic,apic-self-ipi,smp-call,apic-timer')
    plan, results = parse_tap(out)
    ok = (rc == 1 and 'apic: x2APIC mode' in out and plan == 4 and
          all(v == 'ok' for v in results.values()) and len(results) == 4)
    t.check(ok, 'x2APIC mode with -cpu max, 4 CPUs',
            f'rc={rc}\nstdout:\n{out}\nstderr:\n{err}')


def check_direct_entry(t, qemu, kernel):
    """Without its Multiboot header the image is a plain ELF64 kernel:
    the board enters it in 64-bit mode at the ELF entry point."""
    with open(kernel, 'rb') as f:
        image = bytearray(f.read())
    magic = (0x1badb002).to_bytes(4, 'little')
    at = image.find(magic, 0, 8192)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'direct.elf')
        if at >= 0:
            image[at:at + 4] = bytes(4)
        with open(path, 'wb') as f:
            f.write(image)
        rc, out, err = run(qemu, path, 1, [], 'boot-info,paging,user-syscall')
    t.check(at >= 0 and rc == 1 and 'direct boot' in out and
            out.count('\nok ') == 3,
            'direct 64-bit entry (no Multiboot header)',
            f'rc={rc}\nstdout:\n{out}\nstderr:\n{err}')


def check_ipi_trace(t, qemu, kernel):
    """The emulator's view of the IPI-deferral experiment from -trace
    apic_ipi_recv (one event per IPI a vCPU's APIC receives, with type,
    vector and sender).  The ipi-defer test (guest/tests/ipi-defer.c,
    8 rounds of a text patch and a kernel TLB flush) runs with deferral
    off, then on; CPUs 2-3 are isolated.  Count the call-function IPIs
    (fixed, vector 0xf1) from CPU 0.  Off: every CPU but 0 gets 16.
    On: CPU 1 gets 16 more, the isolated CPUs none."""
    rc, out, err = run(qemu, kernel, 4, ['-icount', 'shift=3', '-trace',
                                         'apic_ipi_recv'], 'ipi-defer')
    got = {}
    for m in re.finditer(r'apic_ipi_recv apic (\d+) IPI fixed vector 0xf1 '
                         r'from apic 0\b', err):
        got[int(m.group(1))] = got.get(int(m.group(1)), 0) + 1
    want = {1: 32, 2: 16, 3: 16}
    t.check(rc == 1 and 'ok 1 - ipi-defer' in out and got == want,
            'ipi-defer: call-function IPIs per vCPU (emulator trace)',
            f'rc={rc} got={got} want={want}\nstdout:\n{out}')


def check_ipi_stats(t, qemu, kernel, extra=(), label=''):
    """The IPI-deferral experiment read over QMP (x-query-ipi-stats),
    one boot per phase (tests/functional/ipidefer.py), 4 CPUs, 2-3
    isolated.  Off: each isolated vCPU receives 16 call-function IPIs
    from CPU 0 (8 text-patch sync-core + 8 kernel TLB flush, the
    guest's table says which).  On: none, while the guest saw the work
    deferred and flushed 8 times each and never observed stale patched
    code at its next kernel entry (probes 8, stale 0).  CPU 1 is not
    isolated and gets its 16 in both phases.  @extra: e.g. -cpu max,
    where the guest sends its IPIs through the x2APIC ICR MSR."""
    for phase in ('off', 'on'):
        out, stats, err = ipidefer.boot_phase(qemu, kernel, 4, phase, extra)
        guest = ipidefer.guest_table(out)
        ok = not err and 'ok 1 - ipi-defer' in out and len(stats) == 4
        ok = ok and (not label or 'apic: x2APIC mode' in out)
        for c in stats or []:
            i = c['cpu-index']
            g = guest.get(i, {})
            want = 16 if i == 1 or (i >= 2 and phase == 'off') else 0
            ok = ok and ipidefer.vector_count(c, 0xf1) == want
            ok = ok and c['apic-id'] == i and c['init'] == (i > 0)
            ok = ok and c['sipi'] == (2 if i > 0 else 0)
            if i >= 2:
                n = 8 if phase == 'on' else 0
                ok = ok and g.get('isolated') and g.get('stale') == 0
                ok = ok and g.get('probes') == 8
                ok = ok and g.get('sync_defer') == n == g.get('sync_flush')
                ok = ok and g.get('sync_ipi') == 8 - n
        table = ipidefer.format_table(phase, stats or [], guest)
        t.check(bool(ok), f'ipi-defer={phase}{label}: per-vCPU IPI table '
                'over QMP',
                f'{err}\n{table}\nstdout:\n{out}')


def check_exit_convention(t, qemu, kernel):
    rc, out, err = run(qemu, kernel, 1, [], 'printf,no-such-test')
    t.check(rc == 3 and 'not ok 2 - no-such-test # unknown test' in out,
            'one failure exits with status 3',
            f'rc={rc}\nstdout:\n{out}\nstderr:\n{err}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu')
    ap.add_argument('build')
    ap.add_argument('kernel', nargs='?')
    args = ap.parse_args()
    qemu = args.qemu or os.path.join(args.build, 'qemu-system-x86_64')
    kernel = args.kernel or os.path.join(args.build, 'guest',
                                         'guest-x86_64.elf')
    rc, out, err = run(qemu, kernel, 1, [], 'printf')
    reason = unsupported(rc, err)
    if reason:
        print(f'1..0 # SKIP {os.path.basename(qemu)} cannot boot the guest '
              f'kernel: {reason}')
        return 0
    ours = args.qemu is None
    t = Tap()
    print(f'1..{len(BOOTS) + (9 if ours else 2)}', flush=True)
    for boot in BOOTS:
        # ours: time by instruction count (deterministic, load-proof)
        check_boot(t, qemu, kernel, boot, ours)
    check_exit_convention(t, qemu, kernel)
    check_panic(t, qemu, kernel)
    if ours:
        # QEMU 7.2 has no x2APIC under TCG and no direct ELF64 entry
        check_x2apic(t, qemu, kernel)
        check_direct_entry(t, qemu, kernel)
        check_ipi_trace(t, qemu, kernel)
        check_ipi_stats(t, qemu, kernel)
        check_ipi_stats(t, qemu, kernel, ['-cpu', 'max'], ', x2APIC')
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
