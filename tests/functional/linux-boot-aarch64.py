#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Boot Debian 12's arm64 Linux kernel with a busybox initramfs on
qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -m 512 (make
check-slow).

Usage: linux-boot-aarch64.py [--reference QEMU] [--cache DIR] BUILDDIR

Setup (cached in --cache, default $XDG_CACHE_HOME/qemu-cr/linux-arm64):
the kernel package that linux-image-arm64 depends on is fetched with
`apt-get download` and its /boot/vmlinuz-* unpacked (a gzip-compressed
Image, or an EFI zboot image whose gzip payload is extracted); the
initramfs is written here as a cpio "newc" archive holding Debian's
static busybox (unpacked by scripts/setup-deps to
/usr/local/lib/qemu-cr/busybox-arm64), /dev/console and an /init script
that mounts /proc and /sys, prints a marker line with the online CPUs
and powers off.  The boot passes when the console shows the milestones
(GIC, arch timer, both CPUs online, the PCIe host probed, /init's
marker) and the emulator exits with status 0 after the power-off.
Anything missing (apt, the arm64 architecture in dpkg, busybox, an
emulator that cannot run the kernel) skips with the reason.
"""

import argparse
import gzip
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

# also imported by bench/aarch64-system/run.py from another directory
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Tap  # noqa: E402

BUSYBOX = '/usr/local/lib/qemu-cr/busybox-arm64'
MARKER = 'qemu-cr-init-marker'
TIMEOUT = 900
APPEND = 'console=ttyAMA0 panic=-1 rdinit=/init'

INIT = f"""#!/bin/busybox sh
/bin/busybox mkdir -p /proc /sys /bin /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "{MARKER}: cpus-online=$(cat /sys/devices/system/cpu/online)"
echo "{MARKER}: pci-devices=$(ls /sys/bus/pci/devices | tr '\\n' ' ')"
cat /proc/interrupts
poweroff -f
"""


def timer_irqs_via_gic(out):
    """/proc/interrupts (printed by /init): the arch_timer line counts
    interrupts on both CPUs and its chip is a GIC."""
    for line in out.splitlines():
        f = line.split()
        if 'arch_timer' in f and len(f) > 4 and f[0].endswith(':'):
            return (f[1].isdigit() and f[2].isdigit() and int(f[1]) > 0 and
                    int(f[2]) > 0 and f[3].startswith('GIC'))
    return False


# (name, regular expression over the console output, or a function)
MILESTONES = [
    ('GIC delivers arch timer interrupts to both CPUs', timer_irqs_via_gic),
    ('arch timer running', r'arch_timer: cp15 timer\(s\) running at'),
    ('both CPUs online', r'smp: Brought up 1 node, 2 CPUs'),
    ('PCIe host probed', r'pci-host-generic [0-9a-f]+\.pcie: ' +
     r'(host bridge|ECAM at)'),
    ('PCI bus 0000:00 scanned', r'PCI host bridge to bus 0000:00'),
    ('/init ran and saw CPUs 0-1', MARKER + r': cpus-online=0-1'),
    ('powered off', r'reboot: Power down'),
]


def cache_dir(arg):
    if arg:
        return arg
    base = os.environ.get('XDG_CACHE_HOME',
                          os.path.expanduser('~/.cache'))
    return os.path.join(base, 'qemu-cr', 'linux-arm64')


def kernel_package():
    """The versioned package linux-image-arm64:arm64 depends on."""
    out = subprocess.run(['apt-cache', 'depends', 'linux-image-arm64:arm64'],
                         capture_output=True, text=True, check=True).stdout
    m = re.search(r'Depends: (linux-image-[0-9][^\s:]*-arm64)', out)
    if not m:
        raise RuntimeError('apt-cache knows no linux-image-arm64:arm64 '
                           '(is arm64 a dpkg foreign architecture?)')
    return m.group(1)


def unpack_vmlinuz(data):
    """The uncompressed arm64 Image from a vmlinuz file's bytes."""
    if data[:2] == b'\x1f\x8b':
        return gzip.decompress(data)
    if data[:2] == b'MZ' and data[4:8] == b'zimg':
        # EFI zboot: payload offset and size at 8 and 12, type at 24
        off, size = struct.unpack_from('<II', data, 8)
        kind = data[24:32].rstrip(b'\0')
        if kind != b'gzip':
            raise RuntimeError(f'EFI zboot payload is {kind!r}, not gzip')
        return gzip.decompress(data[off:off + size])
    if data[56:60] == b'ARM\x64':
        return data
    raise RuntimeError('vmlinuz is neither gzip, EFI zboot nor an Image')


def fetch_kernel(cache):
    """Path of the cached uncompressed Image (fetched when missing)."""
    image = os.path.join(cache, 'Image')
    if os.path.exists(image):
        return image
    if not shutil.which('apt-get') or not shutil.which('dpkg-deb'):
        raise RuntimeError('apt-get or dpkg-deb not available')
    os.makedirs(cache, exist_ok=True)
    pkg = kernel_package()
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        subprocess.run(['apt-get', 'download', '-qq', pkg + ':arm64'],
                       cwd=tmp, check=True, capture_output=True)
        deb = [f for f in os.listdir(tmp) if f.endswith('.deb')][0]
        root = os.path.join(tmp, 'root')
        subprocess.run(['dpkg-deb', '-x', os.path.join(tmp, deb), root],
                       check=True)
        boot = os.path.join(root, 'boot')
        vmlinuz = [f for f in os.listdir(boot) if f.startswith('vmlinuz')][0]
        with open(os.path.join(boot, vmlinuz), 'rb') as f:
            data = unpack_vmlinuz(f.read())
        with open(image + '.tmp', 'wb') as f:
            f.write(data)
        with open(os.path.join(cache, 'VERSION'), 'w') as f:
            f.write(f'{deb} {vmlinuz}\n')
        os.rename(image + '.tmp', image)
    return image


def cpio_entry(name, mode, data=b'', rdev=(0, 0), ino=1):
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    hdr = b'070701' + b''.join(b'%08x' % v for v in fields)
    out = hdr + name.encode() + b'\0'
    out += b'\0' * (-len(out) % 4)
    out += data + b'\0' * (-len(data) % 4)
    return out


def make_initramfs(path, busybox):
    with open(busybox, 'rb') as f:
        bb = f.read()
    entries = [
        ('bin', 0o040755, b'', (0, 0)),
        ('dev', 0o040755, b'', (0, 0)),
        ('dev/console', 0o020600, b'', (5, 1)),
        ('bin/busybox', 0o100755, bb, (0, 0)),
        ('init', 0o100755, INIT.encode(), (0, 0)),
    ]
    out = b''
    for ino, (name, mode, data, rdev) in enumerate(entries, 1):
        out += cpio_entry(name, mode, data, rdev, ino)
    out += cpio_entry('TRAILER!!!', 0, ino=0)
    # written aside and renamed: runs in parallel share the cache
    tmp = f'{path}.{os.getpid()}'
    with open(tmp, 'wb') as f:
        f.write(out + b'\0' * (-len(out) % 512))
    os.rename(tmp, path)


def prepare(cache):
    """(Image, initramfs) paths; raises RuntimeError with a skip reason."""
    if not os.path.exists(BUSYBOX):
        raise RuntimeError(f'{BUSYBOX} missing (scripts/setup-deps)')
    try:
        image = fetch_kernel(cache)
    except (subprocess.CalledProcessError, OSError, IndexError) as e:
        raise RuntimeError(f'cannot fetch the kernel with apt: {e}')
    initrd = os.path.join(cache, 'initramfs.cpio')
    make_initramfs(initrd, BUSYBOX)
    return image, initrd


def boot_command(qemu, image, initrd):
    cmd = [qemu, '-M', 'virt', '-cpu', 'cortex-a57', '-smp', '2',
           '-m', '512', '-nographic', '-no-reboot',
           '-kernel', image, '-initrd', initrd, '-append', APPEND]
    if os.path.basename(os.path.realpath(qemu)) != 'qemu-system':
        cmd += ['-accel', 'tcg']
    return cmd


def boot(qemu, image, initrd, timeout=TIMEOUT):
    """(status or None on timeout, console text, seconds to the marker or
    None).  The time is from the start of the process to the marker line,
    measured as the console output arrives."""
    start = time.monotonic()
    p = subprocess.Popen(boot_command(qemu, image, initrd),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    out = b''
    marker_at = None
    os.set_blocking(p.stdout.fileno(), True)
    while True:
        if time.monotonic() - start > timeout:
            p.kill()
            p.wait()
            return None, out.decode(errors='replace'), marker_at
        chunk = p.stdout.read1(65536)
        if not chunk:
            break
        out += chunk
        if marker_at is None and MARKER.encode() + b': cpus' in out:
            marker_at = time.monotonic() - start
    return p.wait(), out.decode(errors='replace'), marker_at


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--reference', metavar='QEMU')
    ap.add_argument('--cache')
    ap.add_argument('build')
    args = ap.parse_args()
    qemu = args.reference or os.path.join(args.build, 'qemu-system-aarch64')
    if not os.access(qemu, os.X_OK):
        print(f'1..0 # SKIP {qemu} not found')
        return 0
    try:
        image, initrd = prepare(cache_dir(args.cache))
    except RuntimeError as e:
        print(f'1..0 # SKIP {e}')
        return 0
    rc, out, secs = boot(qemu, image, initrd)
    if rc != 0 and 'no aarch64 system CPU' in out:
        line = [ln for ln in out.splitlines() if 'no aarch64' in ln][-1]
        print(f'1..0 # SKIP {line.strip()}')
        return 0
    print(f'1..{len(MILESTONES) + 1}', flush=True)
    t = Tap()
    for name, pattern in MILESTONES:
        if callable(pattern):
            t.check(pattern(out), name, out)
        else:
            t.check(re.search(pattern, out) is not None, name, out)
    t.check(rc == 0, f'exit status 0 after power-off (got {rc})', out)
    if secs is not None:
        print(f'# /init marker after {secs:.1f} s')
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
