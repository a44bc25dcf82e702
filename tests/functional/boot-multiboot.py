#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Multiboot v1 boots on -machine pc (TAP).

Usage: boot-multiboot.py BUILDDIR MODES_ELF

Boots tests/tcg/x86_64/modes.elf (an ELF64 file with the a.out kludge:
32-bit protected-mode checks, real mode, paging, PAE, compatibility and
long mode, then the Multiboot information) with -append and -initrd
modules, plus images made here: an ELF32 Multiboot kernel, a flat a.out
kludge image, and images the board must refuse with QEMU's message.
"""

import os
import struct
import subprocess
import sys
import tempfile

from testlib import Tap

TIMEOUT = 30
MAGIC = 0x1BADB002


def run(build, *args):
    cmd = [os.path.join(build, 'qemu-system-x86_64'), '-machine', 'pc',
           '-display', 'none', '-nodefaults', '-serial', 'stdio',
           '-device', 'isa-debug-exit', '-no-reboot'] + list(args)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    return p.returncode, p.stdout, p.stderr


# 32-bit code: if EAX = 0x2BADB002 print "M" (+ the first byte of the
# command line at [EBX+16]) and exit with 7 (status 15); else exit 1.
ENTRY_CODE = bytes.fromhex(
    '3d02b0ad2b'        # cmp $0x2badb002, %eax
    '7518'              # jne fail
    '66baf803'          # mov $0x3f8, %dx
    'b04d'              # mov $'M', %al
    'ee'                # out %al, %dx
    '8b7310'            # mov 16(%ebx), %esi   (cmdline)
    '8a06'              # mov (%esi), %al
    'ee'                # out %al, %dx
    'b00a'              # mov $'\n', %al
    'ee'                # out %al, %dx
    '66ba0105'          # mov $0x501, %dx
    'b007'              # mov $7, %al
    'ee'                # out %al, %dx
    'f4'                # hlt
    '66ba0105'          # fail: mov $0x501, %dx
    'b001'              # mov $1, %al
    'ee'                # out %al, %dx
    'f4')               # hlt


def mb_header(flags, extra=b''):
    return struct.pack('<III', MAGIC, flags, (-(MAGIC + flags)) & 0xffffffff) \
        + extra


def make_elf32(code, paddr=0x100000, vaddr=None, flags=0x3):
    """ELF32 i386 executable: Multiboot header then @code, one segment."""
    vaddr = paddr if vaddr is None else vaddr
    body = mb_header(flags) + code
    entry = vaddr + 12
    ehdr = struct.pack('<4sBBBBB7xHHIIIIIHHHHHH', b'\x7fELF', 1, 1, 1, 0, 0,
                       2, 3, 1, entry, 52, 0, 0, 52, 32, 1, 0, 0, 0)
    phdr = struct.pack('<IIIIIIII', 1, 84, vaddr, paddr, len(body),
                       len(body) + 0x100, 7, 0x1000)
    return ehdr + phdr + body


def make_kludge(code, load=0x200000, bss=0x1000):
    """A flat image (no ELF) with the a.out kludge, loaded at @load."""
    hdr = mb_header(0x10003, struct.pack('<IIIII', load, load, 0,
                                         load + 32 + len(code) + bss,
                                         load + 32))
    return hdr + code


def make_elf64(code, flags):
    """ELF64 with a Multiboot header (no kludge flag unless in @flags)."""
    body = mb_header(flags) + code
    ehdr = struct.pack('<4sBBBBB7xHHIQQQIHHHHHH', b'\x7fELF', 2, 1, 1, 0, 0,
                       2, 62, 1, 0x100000, 64, 0, 0, 64, 56, 1, 0, 0, 0)
    phdr = struct.pack('<IIQQQQQQ', 1, 7, 120, 0x100000, 0x100000,
                       len(body), len(body), 0x1000)
    return ehdr + phdr + body


def test_modes(t, build, modes, tmp):
    m1 = os.path.join(tmp, 'mod1.txt')
    m2 = os.path.join(tmp, 'mod,2.txt')
    with open(m1, 'w') as f:
        f.write('module one data\n')
    with open(m2, 'w') as f:
        f.write('second\n')
    initrd = f'{m1} arg1 arg2,{m2.replace(",", ",,")}'
    rc, out, err = run(build, '-kernel', modes, '-append', 'hello world',
                       '-initrd', initrd)
    info = f'rc={rc}\nstdout={out}\nstderr={err}'
    lines = out.splitlines()
    checks = [l for l in lines if l.endswith(' ok') or l.endswith(' FAIL')]
    t.check(rc == 33 and 'failures 0' in lines,
            'modes guest: every 32-bit/paging/mode-switch check passes', info)
    t.check(len(checks) >= 35 and all(l.endswith(' ok') for l in checks),
            f'modes guest: {len(checks)} checks reported ok', info)
    t.check(f"cmdline '{modes} hello world'" in lines,
            'command line is "<kernel> <append>" as in QEMU', info)
    t.check("loader 'qemu'" in lines and
            'flags 0x24f mem_lower 639 mem_upper 130048' in lines,
            'info flags, mem_lower/upper, boot loader name', info)
    t.check('mmap 0x100000 0x7f00000 1' in lines and
            'mmap 0x0 0x9fc00 1' in lines,
            'memory map from the RAM layout', info)
    t.check(f"module '{m1} arg1 arg2' size 16 aligned data "
            "'module one data'" in lines and
            f"module '{m2}' size 7 aligned data 'second'" in lines,
            'modules from -initrd (args, ",," escape, page aligned)', info)


def test_high_ram(t, build, modes):
    rc, out, err = run(build, '-m', '4G', '-kernel', modes)
    lines = out.splitlines()
    t.check(rc == 33 and 'mmap 0x100000 0xaff00000 1' in lines and
            'mmap 0x100000000 0x50000000 1' in lines and
            'flags 0x24f mem_lower 639 mem_upper 2882560' in lines,
            '-m 4G: memory map around the PC hole, RAM above 4 GiB',
            f'rc={rc}\nstdout={out}\nstderr={err}')


def test_images(t, build, tmp):
    def write(name, data):
        path = os.path.join(tmp, name)
        with open(path, 'wb') as f:
            f.write(data)
        return path

    elf32 = write('elf32.bin', make_elf32(ENTRY_CODE))
    rc, out, err = run(build, '-kernel', elf32)
    t.check(rc == 15 and out.startswith('M/'),
            'ELF32 Multiboot kernel: EAX magic, EBX info, 32-bit entry',
            f'rc={rc}\nstdout={out!r}\nstderr={err!r}')
    high = write('elf32v.bin', make_elf32(ENTRY_CODE, vaddr=0xc0100000))
    rc, out, err = run(build, '-kernel', high)
    t.check(rc == 15, 'ELF32 linked high: virtual entry made physical',
            f'rc={rc}\nstdout={out!r}\nstderr={err!r}')
    kludge = write('kludge.bin', make_kludge(ENTRY_CODE))
    rc, out, err = run(build, '-kernel', kludge, '-append', 'x')
    t.check(rc == 15 and out.startswith('M'),
            'flat a.out kludge image boots',
            f'rc={rc}\nstdout={out!r}\nstderr={err!r}')
    elf64 = write('elf64mb.bin', make_elf64(ENTRY_CODE, 0x3))
    rc, out, err = run(build, '-kernel', elf64)
    t.check(rc == 1 and f"could not load kernel '{elf64}':" in err,
            'ELF64 with a Multiboot header but no kludge is refused',
            f'rc={rc}\nstderr={err!r}')
    bad = bytearray(make_kludge(ENTRY_CODE))
    bad[16:20] = struct.pack('<I', 0x300000)     # load_addr > header_addr
    bad = write('bad.bin', bytes(bad))
    rc, out, err = run(build, '-kernel', bad)
    t.check(rc == 1 and f"could not load kernel '{bad}': Multiboot" in err,
            'inconsistent a.out kludge addresses are refused',
            f'rc={rc}\nstderr={err!r}')
    low = write('low.bin', make_kludge(ENTRY_CODE, load=0x10000))
    rc, out, err = run(build, '-kernel', low)
    t.check(rc == 1 and 'boot area' in err,
            'an image in the boot area is refused', f'rc={rc}\nstderr={err!r}')
    rc, out, err = run(build, '-kernel', kludge, '-initrd',
                       os.path.join(tmp, 'missing'))
    t.check(rc == 1 and "could not load module" in err,
            'a missing module is an error', f'rc={rc}\nstderr={err!r}')
    csum = bytearray(make_kludge(ENTRY_CODE))
    csum[8] ^= 1
    csum = write('csum.bin', bytes(csum))
    rc, out, err = run(build, '-kernel', csum)
    t.check(rc == 1 and f"could not load kernel '{csum}'" in err,
            'a bad checksum is no Multiboot header (then not ELF64 either)',
            f'rc={rc}\nstderr={err!r}')


def main():
    build, modes = sys.argv[1:3]
    t = Tap()
    with tempfile.TemporaryDirectory() as tmp:
        test_modes(t, build, modes, tmp)
        test_high_ram(t, build, modes)
        test_images(t, build, tmp)
    print(f'1..{t.n}')
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
