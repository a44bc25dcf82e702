#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Run Debian's busybox-static (arm64) under qemu-aarch64 and compare
with the host's tools.

Usage: busybox-test.py QEMU BUSYBOX

BUSYBOX is the arm64 busybox binary that scripts/setup-deps unpacks from
Debian's busybox-static:arm64 (apt-get download; nothing is installed)
into /usr/local/lib/qemu-cr/busybox-arm64.  The test downloads nothing;
without the binary it is skipped (77).

Each case is a shell pipeline run twice: by the host's /bin/sh with the
host's tools, and by busybox sh under qemu-aarch64 with a PATH holding
only busybox applet links (so every command is an execve of an AArch64
program through the emulator).  The outputs must be identical.
"""
import os
import subprocess
import sys
import tempfile

APPLETS = ['sh', 'sort', 'md5sum', 'sha256sum', 'gzip', 'gunzip', 'awk',
           'sed', 'find', 'seq', 'tr', 'wc', 'head', 'tail', 'cat', 'cut',
           'grep', 'xargs', 'echo', 'printf', 'mkdir', 'rm', 'ls']

CASES = [
    "printf '3\\nb\\n1\\na\\n10\\n' | sort",
    "seq 1 300 | sort -rn | head -5",
    "seq 1 20 | sort -n -k1 | tail -3",
    "echo hello | md5sum",
    "seq 1 1000 | sha256sum",
    "seq 1 3000 | gzip -c | gunzip -c | md5sum",
    "seq 1 3000 | gzip -9 | gunzip | wc -l",
    "printf 'a b c\\nd e f g\\n' | awk '{ s += NF; print $2 } END { print s }'",
    "seq 1 12 | awk '$1 % 3 == 0 { printf \"%d:%d\\n\", $1, $1 * $1 }'",
    "seq 1 10 | sed -n '2,4p;s/1/X/p'",
    "echo 'hello world' | sed -e 's/o/0/g' -e 's/^h/H/'",
    "find D -name '*.txt' | sort",
    "find D -type d | sort",
    "cat D/a.txt D/sub/b.txt | cut -d, -f2 | sort | head -3",
    "for i in 1 2 3; do echo $i; done | tr 123 abc | wc -l",
    "grep -c x D/a.txt; grep -n y D/sub/b.txt",
    "seq 1 5 | xargs echo",
    "x=0; while [ $x -lt 50 ]; do x=$((x + 7)); done; echo $x",
    "(echo one; echo two) | (read a; read b; echo \"$b $a\")",
]


def make_tree(root):
    os.makedirs(os.path.join(root, 'D', 'sub'))
    with open(os.path.join(root, 'D', 'a.txt'), 'w') as f:
        f.write(''.join('%d,%s,x\n' % (i, chr(97 + i % 26))
                        for i in range(40)))
    with open(os.path.join(root, 'D', 'sub', 'b.txt'), 'w') as f:
        f.write('k,zz,y\nl,aa,y\n')
    with open(os.path.join(root, 'D', 'c.dat'), 'w') as f:
        f.write('data\n')


def main(argv):
    qemu, bb = os.path.abspath(argv[1]), argv[2]
    if not os.access(bb, os.X_OK):
        print(f'{bb} missing (scripts/setup-deps unpacks it): skipped')
        return 77
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        make_tree(tmp)
        bindir = os.path.join(tmp, 'bbin')
        os.mkdir(bindir)
        for a in APPLETS:
            os.symlink(os.path.abspath(bb), os.path.join(bindir, a))
        genv = {'PATH': bindir, 'LC_ALL': 'C'}
        henv = dict(os.environ, LC_ALL='C')
        for case in CASES:
            host = subprocess.run(['/bin/sh', '-c', case], cwd=tmp,
                                  env=henv, stdout=subprocess.PIPE,
                                  timeout=60).stdout
            guest = subprocess.run([qemu, '-0', 'sh', bb, '-c', case],
                                   cwd=tmp, env=genv, stdout=subprocess.PIPE,
                                   timeout=60).stdout
            if host != guest:
                failed += 1
                print('MISMATCH: %s\n--- host\n%s--- qemu-aarch64 busybox\n%s'
                      % (case, host.decode(errors='replace'),
                         guest.decode(errors='replace')))
    print('%d cases, %d mismatches' % (len(CASES), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
