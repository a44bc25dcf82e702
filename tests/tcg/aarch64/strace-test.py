#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check qemu-aarch64 -strace output for a guest program.

Usage: strace-test.py QEMU PROGRAM

The program (hello) must run normally and stderr must hold one decoded
line per syscall in QEMU's format: strings quoted, AT_FDCWD and flags by
name, errors as "-1 errno=N (text)".
"""
import re
import subprocess
import sys

EXPECTED = [
    r'^\d+ brk\(NULL\) = 0x[0-9a-f]{16}$',
    r'^\d+ set_tid_address\(0x[0-9a-f]+\) = \d+$',
    r'^\d+ rseq\(.*\) = -1 errno=38 \(Function not implemented\)$',
    r'^\d+ readlinkat\(AT_FDCWD,"/proc/self/exe",0x[0-9a-f]+,4096\) = \d+$',
    r'^\d+ mprotect\(0x[0-9a-f]+,0x[0-9a-f]+,PROT_READ\) = 0$',
    r'^\d+ write\(1,"Hello, world!\\n",14\)( = 14)?$',
    r'^\d+ exit_group\(0\)$',
]


def main(argv):
    p = subprocess.run([argv[1], '-strace', argv[2]], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    lines = p.stderr.decode(errors='replace').splitlines()
    ok = p.returncode == 0 and p.stdout == b'Hello, world!\n'
    for pat in EXPECTED:
        if not any(re.match(pat, line) for line in lines):
            print('no line matches %s' % pat)
            ok = False
    if not ok:
        print('\n'.join(lines))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv))
