#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot the x86-64 test guests on -machine pc (TAP).

Usage: boot-x86_64.py BUILDDIR HELLO_ELF TIMER_ELF

Runs the guests of tests/tcg/x86_64 with -kernel and checks their COM1
output and isa-debug-exit status, plus ELF64 images made here: a triple
fault (reset; -no-reboot makes it exit 0) and kernels the board refuses.
"""

import os
import struct
import subprocess
import sys
import tempfile

from testlib import Tap

TIMEOUT = 20


def run(build, *args, reboot=False):
    cmd = [os.path.join(build, 'qemu-system-x86_64'), '-machine', 'pc',
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-device', 'isa-debug-exit'] + ([] if reboot else ['-no-reboot'])
    cmd += list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr


def make_elf(code, paddr=0x100000, entry=None, memsz=None):
    """A one-segment ELF64 x86-64 executable holding @code at @paddr."""
    entry = paddr if entry is None else entry
    memsz = len(code) if memsz is None else memsz
    ehdr = struct.pack('<4sBBBBB7xHHIQQQIHHHHHH', b'\x7fELF', 2, 1, 1, 0, 0,
                       2, 62, 1, entry, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    phdr = struct.pack('<IIQQQQQQ', 1, 7, 120, paddr, paddr, len(code),
                       memsz, 0x1000)
    return ehdr + phdr + code


# Counts boots in RAM at 0x90000 (kept across resets): prints 'R' and
# triple-faults (ud2, no IDT) twice, then exits with value 5 (status 11).
REBOOT_CODE = make_elf(bytes.fromhex(
    'b800000900'        # mov $0x90000, %eax
    'fe00'              # incb (%rax)
    '803803'            # cmpb $3, (%rax)
    '7409'              # je exit
    '66baf803'          # mov $0x3f8, %dx
    'b052'              # mov $'R', %al
    'ee'                # out %al, %dx
    '0f0b'              # ud2
    '66ba0105'          # exit: mov $0x501, %dx
    'b005'              # mov $5, %al
    'ee'                # out %al, %dx
    'f4'))              # hlt


def test_guests(t, build, hello, timer):
    rc, out, err = run(build, '-kernel', hello, '-append', 'one two')
    t.check(rc == 67 and out == "Hello from x86_64\ncmdline: 'one two'\n",
            'hello guest prints and exits with status 67',
            f'rc={rc}\nstdout={out!r}\nstderr={err!r}')
    rc, out, err = run(build, '-kernel', timer)
    t.check(rc == 69 and out == 'timer: 10 ticks\n',
            'timer guest counts 10 PIT interrupts through the i8259',
            f'rc={rc}\nstdout={out!r}\nstderr={err!r}')


def test_qtest_load(t, build, hello):
    """-accel qtest runs no guest code but loads the kernel and tables."""
    with open(hello, 'rb') as f:
        image = f.read()
    # first PT_LOAD: its file offset and the first 8 bytes there
    phoff, = struct.unpack_from('<Q', image, 32)
    off, = struct.unpack_from('<Q', image, phoff + 8)
    cmds = ['readq 0x2000', 'readq 0x3018', 'readq 0x4008', 'readq 0x1008',
            'read 0x8000 4', 'read 0x100000 8']
    want = ['OK 0x0000000000003003', 'OK 0x0000000000007003',
            'OK 0x0000000000200083', 'OK 0x00af9b000000ffff',
            'OK 0x61206200', 'OK 0x' + image[off:off + 8].hex()]
    cmd = [os.path.join(build, 'qemu-system-x86_64'), '-machine', 'pc',
           '-accel', 'qtest', '-qtest', 'stdio', '-display', 'none',
           '-kernel', hello, '-append', 'a b']
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    got = []
    for c in cmds:          # one reply line per command
        p.stdin.write(c + '\n')
        p.stdin.flush()
        got.append(p.stdout.readline().strip())
    p.kill()
    p.wait()
    t.check(got == want, 'qtest: kernel, page tables, GDT, cmdline in RAM',
            f'got={got}\nwant={want}')


def test_made(t, build, tmp):
    def kernel(name, data):
        path = os.path.join(tmp, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path

    # ud2 with an empty IDT: #UD -> #GP -> #DF -> triple fault
    rc, out, err = run(build, '-kernel', kernel('tf.elf',
                                                make_elf(b'\x0f\x0b')))
    t.check(rc == 0, 'triple fault with -no-reboot exits 0',
            f'rc={rc}\nstderr={err!r}')
    rc, out, err = run(build, '-kernel', kernel('reboot.elf', REBOOT_CODE),
                       reboot=True)
    t.check(rc == 11 and out == 'RR', 'triple fault resets and reloads',
            f'rc={rc}\nstdout={out!r}\nstderr={err!r}')
    cases = [
        ('missing', None, "could not load kernel '%s'"),
        ('notelf', b'hello', "could not load kernel '%s': not an ELF image"),
        ('low.elf', make_elf(b'\xf4', paddr=0x1000),
         "could not load kernel '%s': it overlaps the boot area"),
        ('big.elf', make_elf(b'\xf4', memsz=1 << 40),
         "could not load kernel '%s': ELF segment 0x100000+0x10000000000 "
         "does not fit in RAM"),
        ('entry.elf', make_elf(b'\xf4', entry=0x200000),
         "could not load kernel '%s': ELF entry point 0x200000 is not in"),
    ]
    for name, data, msg in cases:
        path = os.path.join(tmp, name) if data is None else kernel(name, data)
        rc, out, err = run(build, '-kernel', path)
        t.check(rc == 1 and ('qemu-system-x86_64: ' + msg % path) in err,
                f'kernel {name} refused', f'rc={rc}\nstderr={err!r}')
    rc, out, err = run(build, '-smp', '9', '-kernel',
                       kernel('tf2.elf', make_elf(b'\xf4')))
    t.check(rc == 1 and "Invalid SMP CPUs 9. The max CPUs supported by "
            "machine 'pc' is 8" in err,
            '-smp 9 refused (8 vCPUs at most)', f'rc={rc}\nstderr={err!r}')


def main():
    build, hello, timer = sys.argv[1:4]
    t = Tap()
    print('1..11', flush=True)
    test_guests(t, build, hello, timer)
    test_qtest_load(t, build, hello)
    with tempfile.TemporaryDirectory() as tmp:
        test_made(t, build, tmp)
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
