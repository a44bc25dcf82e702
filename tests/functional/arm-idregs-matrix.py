#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The ID-register test matrix on qemu-system-aarch64 -M virt -cpu max
(specs/arm64-id-regs.md sections 4 and 7.5, docs/arm64-id-regs.md).

Usage: arm-idregs-matrix.py BUILDDIR ELFDIR

The fields and their rules come from "-cpu max,help".  For every writable
field whose limit allows a lower value, a guest
(tests/tcg/aarch64/system/idregs-dump.c) reads the registers with MRS and
the one field set one below its limit must read back so, nothing else
changing; a value beyond the rule is refused for every field (read-only
fields: any other value; DebugVer has a floor of 6); the sticky rule
refuses EL0=0 and EL1=0, and EL2=0 with virtualization=on; and lowered
values survive a machine reset (PSCI SYSTEM_RESET, then the guest prints
them again).
"""

import os
import re
import subprocess
import sys

from testlib import Tap

BOARD = 'virt,gic-version=3'
LINE = re.compile(r'\s+SYSREG_(\w+?_EL[0-3]|CTR_EL0)_(\w+)\s+(\d+)-bit\s+'
                  r'(signed|unsigned)\s+(\S+)\s+limit=0x([0-9a-f]+)\s+'
                  r'value=0x([0-9a-f]+)')
DUMP = re.compile(r'^# (\w+)=0x([0-9a-f]+)$', re.M)


def run(qemu, args, timeout=30):
    p = subprocess.run([qemu] + args, capture_output=True, text=True,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def fields(qemu):
    rc, out, err = run(qemu, ['-M', BOARD, '-cpu', 'max,help'])
    if rc != 0:
        raise RuntimeError(f'-cpu max,help failed: {err}')
    return [dict(reg=m[0], field=m[1], width=int(m[2]), signed=m[3] ==
                 'signed', rule=m[4], limit=int(m[5], 16),
                 value=int(m[6], 16)) for m in LINE.findall(out)]


def prop(f):
    return f"SYSREG_{f['reg']}_{f['field']}"


def boot(qemu, elf, cpu, machine=BOARD):
    rc, out, err = run(qemu, ['-M', machine, '-cpu', cpu, '-display', 'none',
                              '-nodefaults', '-serial', 'stdio',
                              '-semihosting', '-kernel', elf])
    return rc, out, err


def dumps(out):
    """The register dumps of each boot, in order."""
    boots = out.split('# boot ')[1:]
    return [{k: int(v, 16) for k, v in DUMP.findall(b)} for b in boots]


def unsafe_value(f):
    top = (1 << f['width']) - 1
    if f['rule'] == 'read-only':
        return f['value'] ^ 1
    if f['rule'] == 'lower-safe':
        if f['signed']:
            return None if f['limit'] == top >> 1 else (f['limit'] + 1) & top
        return None if f['limit'] == top else f['limit'] + 1
    if f['rule'] == 'higher-safe':
        return f['limit'] - 1 if f['limit'] else None
    return None                         # exact: the safe value is per field


def check_readback(t, qemu, elf, base, f):
    want = f['limit'] - 1
    rc, out, err = boot(qemu, elf, f'max,{prop(f)}={want}')
    d = dumps(out)
    diff = d[0].get(f['reg'], 0) ^ base[f['reg']] if d else 0
    shift = (diff & -diff).bit_length() - 1 if diff else -1
    shift -= shift % f['width'] if shift >= 0 else 0
    mask = ((1 << f['width']) - 1) << max(shift, 0)
    others = d and all(d[0].get(r) == v for r, v in base.items()
                       if r != f['reg'])
    t.check(rc == 0 and diff and not (diff & ~mask) and
            (d[0][f['reg']] & mask) >> shift == want and others,
            f'{prop(f)}={want:#x} accepted and read back by MRS',
            f'rc={rc}\n{out}\n{err}')


def main():
    build, elfdir = sys.argv[1], sys.argv[2]
    qemu = os.path.join(build, 'qemu-system-aarch64')
    dump = os.path.join(elfdir, 'idregs-dump.elf')
    dump_reset = os.path.join(elfdir, 'idregs-dump-reset.elf')
    if not os.path.exists(dump):
        print(f'1..0 # SKIP no {dump} (aarch64-linux-gnu-gcc missing?)')
        return 0
    t = Tap()
    all_fields = fields(qemu)
    t.check(len(all_fields) > 100, f'{len(all_fields)} fields listed', '')
    rc, out, err = boot(qemu, dump, 'max')
    base = dumps(out)[0] if dumps(out) else {}
    t.check(rc == 0 and base, 'baseline registers', f'{out}\n{err}')

    # EL0/EL1 are sticky (below); DebugVer may not go below Armv8.0's 6
    special = {'EL0', 'EL1', 'DebugVer'}
    for f in all_fields:
        if (f['rule'] == 'lower-safe' and f['limit'] > 0 and
                not f['signed'] and f['field'] not in special):
            check_readback(t, qemu, dump, base, f)
    rc, out, err = run(qemu, ['-M', BOARD, '-cpu',
                              'max,SYSREG_ID_AA64DFR0_EL1_DebugVer=5,help'])
    t.check(rc == 1 and 'DebugVer must be at least 0x6' in err,
            'DebugVer below Armv8.0 debug (6) refused', err)
    for f in all_fields:
        bad = unsafe_value(f)
        if bad is None:
            continue
        rc, out, err = run(qemu, ['-M', BOARD, '-cpu',
                                  f'max,{prop(f)}={bad},help'])
        t.check(rc == 1 and (prop(f) in err or f['reg'] in err),
                f'{prop(f)}={bad:#x} refused ({f["rule"]})', err)
    for el in ('EL0', 'EL1'):
        rc, out, err = run(qemu, ['-M', BOARD, '-cpu',
                                  f'max,SYSREG_ID_AA64PFR0_EL1_{el}=0,help'])
        t.check(rc == 1 and f'cannot disable AArch64 at {el}' in err,
                f'sticky: {el}=0 refused', err)
    rc, out, err = boot(qemu, dump, 'max,SYSREG_ID_AA64PFR0_EL1_EL2=0',
                        BOARD + ',virtualization=on')
    t.check(rc == 1 and 'cannot disable AArch64 at EL2' in err,
            'sticky: EL2=0 refused with virtualization=on', err)
    rc, out, err = boot(qemu, dump, 'max', BOARD + ',virtualization=on')
    d = dumps(out)
    t.check(rc == 0 and d and (d[0]['ID_AA64PFR0_EL1'] >> 8) & 0xf == 1,
            'virtualization=on: EL2 implemented (AArch64)', out + err)

    lowered = ('max,SYSREG_ID_AA64ISAR0_EL1_CRC32=0,'
               'SYSREG_ID_AA64ISAR0_EL1_AES=1,'
               'SYSREG_ID_AA64MMFR0_EL1_PARANGE=2')
    rc, out, err = boot(qemu, dump_reset, lowered)
    d = dumps(out)
    t.check(rc == 0 and len(d) == 2 and d[0] == d[1] and
            (d[1]['ID_AA64ISAR0_EL1'] >> 16) & 0xf == 0 and
            (d[1]['ID_AA64ISAR0_EL1'] >> 4) & 0xf == 1 and
            d[1]['ID_AA64MMFR0_EL1'] & 0xf == 2,
            'lowered values survive PSCI SYSTEM_RESET', out + err)
    print(f'1..{t.n}')
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
