#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot the aarch64 guest kernel (guest/) on -machine virt and check its
self-tests.

Usage: guest-aarch64.py [--qemu PATH] BUILDDIR [GUEST_ELF [GUEST_IMAGE]]

Each boot runs in-guest tests (-append tests=...); the kernel prints TAP
lines and exits through semihosting SYS_EXIT_EXTENDED with the number of
failures (127 after a panic), so with -semihosting the emulator's status
is the failure count; without it the kernel powers off through PSCI
SYSTEM_OFF (status 0).  This script prints one TAP line per boot.  By
default it runs BUILDDIR's qemu-system-aarch64; --qemu runs another
binary (e.g. Debian's /usr/bin/qemu-system-aarch64).
"""

import argparse
import os
import re
import subprocess
import sys

from testlib import Tap, parse_tap

TIMEOUT = 60
SMP_TESTS = 'smp-boot,smp-call,spinlock,gic,gic-self-ipi,timer-wheel'

# (name, -smp, extra arguments, tests=, tests that may be skipped)
BOOTS = [
    ('all tests, 1 CPU', 1, [], 'all',
     {'pci-testdev', 'pci-msi', 'pci-msix', 'its-msi-remote',
      'ipi-defer'}),
    ('SMP and PCI tests, 4 CPUs, pci-testdev, edu (MSI via the ITS)', 4,
     ['-device', 'pci-testdev', '-device', 'edu',
      '-device', 'virtio-net-pci,netdev=n0', '-netdev', 'user,id=n0'],
     SMP_TESTS + ',pci-enum,pci-testdev,pci-msi,its-msi-remote,pci-msix,'
     'user-syscall,user-irq,ipi-defer', set()),
    ('SMP tests and IPI deferral, 8 CPUs', 8, [],
     SMP_TESTS + ',user-fault,ipi-defer', set()),
    ('entered at EL2 (virtualization=on, PSCI over SMC), 2 CPUs', 2,
     ['-machine', 'virtualization=on'],
     SMP_TESTS + ',timer,exc-pf,exc-nx,user-syscall,user-fault', set()),
]


def run(qemu, kernel, smp, extra, tests, semihosting=True):
    cmd = [qemu, '-machine', 'virt,gic-version=3',
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-no-reboot', '-m', '128M', '-smp', str(smp),
           '-kernel', kernel, '-append', 'tests=' + tests,
           '-cpu', 'cortex-a57'] + extra
    if semihosting:
        cmd += ['-semihosting']
    if os.path.basename(os.path.realpath(qemu)) != 'qemu-system':
        cmd += ['-accel', 'tcg']        # another QEMU: never KVM
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else e.stdout
        return None, out or '', 'timed out'
    return p.returncode, p.stdout, p.stderr


def missing_device(rc, err):
    """The -device this emulator does not have, or None."""
    m = re.search(r"-device (\S+?)(?:,\S*)?: '([\w-]+)' is not a valid "
                  r"device model name", err or '')
    return m.group(2) if rc not in (None, 0) and m else None


def without_device(extra, dev):
    """@extra without the -device @dev argument pair."""
    out = []
    i = 0
    while i < len(extra):
        if (extra[i] == '-device' and i + 1 < len(extra) and
                extra[i + 1].split(',')[0] == dev):
            i += 2
            continue
        out.append(extra[i])
        i += 1
    return out


def check_boot(t, qemu, kernel, boot):
    name, smp, extra, tests, may_skip = boot
    rc, out, err = run(qemu, kernel, smp, extra, tests)
    dropped = []
    while (dev := missing_device(rc, err)) and dev not in dropped:
        # boot anyway: the guest skips the tests that need the device
        dropped.append(dev)
        extra = without_device(extra, dev)
        rc, out, err = run(qemu, kernel, smp, extra, tests)
    if dropped:
        name += ' (without -device ' + ', '.join(dropped) + ')'
        may_skip = set(tests.split(','))
    plan, results = parse_tap(out)
    failed = [k for k, v in results.items() if v == 'fail']
    skipped = [k for k, v in results.items() if v == 'skip']
    want = None if tests == 'all' else len(tests.split(','))
    ok = (rc == 0 and plan is not None and len(results) == plan and
          (want is None or plan == want) and not failed and
          set(skipped) <= may_skip)
    if 'virtualization=on' in extra:
        ok = ok and 'entered at EL2' in out
    t.check(ok, name, f'rc={rc} plan={plan} failed={failed} '
            f'skipped={skipped}\nstdout:\n{out}\nstderr:\n{err}')


def check_image(t, qemu, image):
    """The flat Image (arm64 Linux header): loaded like Linux, DTB in x0."""
    rc, out, err = run(qemu, image, 1, [], 'boot-info,paging,user-syscall')
    m = re.search(r'dtb at ([0-9a-f]+) \((\w+)\)', out)
    t.check(rc == 0 and out.count('\nok ') == 3 and m is not None and
            m.group(2) == 'x0',
            'arm64 Image boot: DTB pointer in x0',
            f'rc={rc}\nstdout:\n{out}\nstderr:\n{err}')


def check_exit_convention(t, qemu, kernel):
    rc, out, err = run(qemu, kernel, 1, [], 'printf,no-such-test')
    ok = rc == 1 and 'not ok 2 - no-such-test # unknown test' in out
    rc2, out2, err2 = run(qemu, kernel, 1, [], 'printf,no-such-test',
                          semihosting=False)
    ok2 = rc2 == 0 and '1 test(s) failed' in out2
    t.check(ok and ok2,
            'one failure: status 1 (semihosting), PSCI SYSTEM_OFF without',
            f'rc={rc} rc2={rc2}\nstdout:\n{out}\n{out2}\nstderr:\n{err}\n'
            f'{err2}')


def check_panic(t, qemu, kernel):
    """An unexpected exception: register dump, 'Bail out!', status 127."""
    rc, out, err = run(qemu, kernel, 1, [], 'panic')
    ok = (rc == 127 and
          'exception undefined instruction on CPU 0' in out and
          re.search(r'X28=000000001234abcd', out) and
          'PANIC: unexpected exception 0\nBail out! panic' in out)
    t.check(bool(ok), 'unexpected exception: register dump, exit 127',
            f'rc={rc}\nstdout:\n{out}\nstderr:\n{err}')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--qemu')
    ap.add_argument('build')
    ap.add_argument('kernel', nargs='?')
    ap.add_argument('image', nargs='?')
    args = ap.parse_args()
    qemu = args.qemu or os.path.join(args.build, 'qemu-system-aarch64')
    kernel = args.kernel or os.path.join(args.build, 'guest',
                                         'guest-aarch64.elf')
    image = args.image or os.path.join(os.path.dirname(kernel),
                                       'guest-aarch64.img')
    t = Tap()
    print(f'1..{len(BOOTS) + 3}', flush=True)
    for boot in BOOTS:
        check_boot(t, qemu, kernel, boot)
    check_image(t, qemu, image)
    check_exit_convention(t, qemu, kernel)
    check_panic(t, qemu, kernel)
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
