#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a guest program under qemu-aarch64 and check what it did.

Usage: run-test.py QEMU PROGRAM EXPECTED_STDOUT EXIT_STATUS [REFERENCE_QEMU]

With REFERENCE_QEMU (Debian's qemu-aarch64), the program also runs there
and both runs must agree on stdout and exit status (differential check).
"""
import subprocess
import sys


def run(qemu, prog):
    p = subprocess.run([qemu, prog], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.stdout.decode(errors='replace'), p.returncode, p.stderr


def main(argv):
    qemu, prog, expected_path, status = argv[1:5]
    out, rc, err = run(qemu, prog)
    with open(expected_path) as f:
        expected = f.read()
    ok = True
    if out != expected:
        print('stdout differs:\n--- expected\n%s--- got\n%s' % (expected, out))
        ok = False
    if rc != int(status):
        print('exit status %d, expected %s' % (rc, status))
        ok = False
    if len(argv) > 5:
        ref_out, ref_rc, _ = run(argv[5], prog)
        if (ref_out, ref_rc) != (out, rc):
            print('differs from %s: status %d vs %d' % (argv[5], rc, ref_rc))
            ok = False
    if err:
        sys.stderr.write(err.decode(errors='replace'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
