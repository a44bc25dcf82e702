#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""CPU objects over QMP (TAP): query-cpus-fast on virt and pc with
-smp 2, and the live SYSREG_* properties of an Arm CPU: before the guest
starts (-S) a lowering qom-set is accepted and read back; after cont a
different value is refused (KVM's EBUSY rule), the same value accepted;
and a guest (tests/tcg/aarch64/system/idregs.c) started after such a
qom-set reads the lowered field and gets UNDEF for CRC32B.

Usage: arm-cpu-qom.py BUILDDIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Tap  # noqa: E402

FIELD = 'SYSREG_ID_AA64ISAR0_EL1_CRC32'
BUSY = 'ID register ID_AA64ISAR0_EL1 cannot be changed after the guest ' \
       'has started'


class StdioQmp:
    """QMP on the child's stdin/stdout, one command at a time."""

    def __init__(self, binary, args):
        self.p = subprocess.Popen([binary, '-display', 'none', '-nodefaults',
                                   '-qmp', 'stdio', '-S'] + args,
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        self.recv()
        self.cmd('qmp_capabilities')

    def recv(self):
        while True:
            line = self.p.stdout.readline()
            if not line:
                return {'error': {'desc': 'QMP closed'}}
            msg = json.loads(line)
            if 'event' not in msg:
                return msg

    def cmd(self, command, **args):
        self.p.stdin.write(json.dumps({'execute': command,
                                       'arguments': args}) + '\n')
        self.p.stdin.flush()
        return self.recv()

    def close(self):
        self.cmd('quit')
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


def check_cpus(tap, qmp, target, types):
    """query-cpus-fast lists one CPU per vCPU, each a QOM object."""
    cpus = qmp.cmd('query-cpus-fast').get('return', [])
    tap.check(len(cpus) == 2 and
              [c.get('cpu-index') for c in cpus] == [0, 1] and
              all(c.get('target') == target and
                  c.get('qom-path', '').startswith('/machine/unattached/'
                                                   'device[') and
                  isinstance(c.get('thread-id'), int) and
                  'core-id' in c.get('props', {}) for c in cpus),
              f'query-cpus-fast on {target}: two CPUs', cpus)
    for i, c in enumerate(cpus):
        path = c.get('qom-path', '')
        typ = qmp.cmd('qom-get', path=path, property='type')
        idx = qmp.cmd('qom-get', path=path, property='cpu-index')
        tap.check(typ.get('return') == types and idx.get('return') == i,
                  f'{target} CPU {i} is a {types} with cpu-index {i}',
                  (typ, idx))
    return cpus


def test_arm(tap, builddir):
    qmp = StdioQmp(os.path.join(builddir, 'qemu-system-aarch64'),
                   ['-M', 'virt', '-cpu', 'max', '-smp', '2'])
    cpus = check_cpus(tap, qmp, 'aarch64', 'max-arm-cpu')
    path = cpus[0]['qom-path'] if cpus else '/nonexistent'
    names = [p.get('name') for p in
             qmp.cmd('qom-list', path=path).get('return', [])]
    tap.check(FIELD in names and 'SYSREG_ID_AA64PFR0_EL1_EL1' in names,
              'qom-list shows the SYSREG_* properties', names[:10])

    def get(p=path):
        return qmp.cmd('qom-get', path=p, property=FIELD)

    def put(v):
        return qmp.cmd('qom-set', path=path, property=FIELD, value=v)

    tap.check(get().get('return') == 1, 'max implements CRC32', get())
    r = put(0)
    tap.check(r.get('return') == {} and get().get('return') == 0,
              'not started: lowering CRC32 accepted and visible', r)
    tap.check(get(cpus[1]['qom-path'] if len(cpus) > 1 else path)
              .get('return') == 1, 'the other CPU keeps its value')
    r = qmp.cmd('qom-set', path=path,
                property='SYSREG_ID_AA64ISAR0_EL1_ATOMIC', value=3)
    tap.check('maximum is 0x2' in r.get('error', {}).get('desc', ''),
              'not started: raising above the model refused', r)
    qmp.cmd('cont')
    r = put(1)
    tap.check(r.get('error', {}).get('desc') == BUSY and
              r['error'].get('class') == 'GenericError',
              'started: a different value is refused (EBUSY)', r)
    r = put(0)
    tap.check(r.get('return') == {} and get().get('return') == 0,
              'started: the same value is accepted', r)
    qmp.cmd('stop')
    r = put(1)
    tap.check(r.get('error', {}).get('desc') == BUSY,
              'stopped after running: still refused', r)
    r = qmp.cmd('qom-set', path=path, property='cpu-index', value=5)
    tap.check('not writable' in r.get('error', {}).get('desc', ''),
              'cpu-index is read-only', r)
    qmp.close()


def test_guest(tap, builddir):
    """The guest reads the value set under -S, and CRC32B UNDEFs."""
    elf = os.path.join(builddir, 'tests', 'tcg', 'aarch64', 'system',
                       'idregs.elf')
    name = 'guest sees CRC32=0 set by qom-set under -S'
    if not os.path.exists(elf):
        tap.skip(name, 'no idregs.elf (aarch64-linux-gnu-gcc missing?)')
        return
    with tempfile.TemporaryDirectory() as tmp:
        serial = os.path.join(tmp, 'serial.txt')
        qmp = StdioQmp(os.path.join(builddir, 'qemu-system-aarch64'),
                       ['-M', 'virt,gic-version=3', '-cpu', 'max',
                        '-serial', f'file:{serial}', '-no-reboot',
                        '-kernel', elf, '-semihosting',
                        '-icount', 'shift=0,sleep=off'])
        cpus = qmp.cmd('query-cpus-fast').get('return', [{}])
        r = qmp.cmd('qom-set', path=cpus[0].get('qom-path', '/none'),
                    property=FIELD, value=0)
        qmp.cmd('cont')
        # the semihosting console shares stdout with QMP: read to EOF
        killer = threading.Timer(30, qmp.p.kill)
        killer.start()
        out = qmp.p.stdout.read()
        rc = qmp.p.wait()
        killer.cancel()
        with open(serial, errors='replace') as f:
            out += f.read()
    m = re.search(r'# ID_AA64ISAR0_EL1=0x([0-9a-f]+)', out)
    tap.check(r.get('return') == {} and rc == 0 and m and
              (int(m.group(1), 16) >> 16) & 0xf == 0 and
              'CRC32B: not implemented per ID register: UNDEFINED' in out,
              name, f'qom-set: {r}, exit {rc}\n{out}')


def test_pc(tap, builddir):
    binary = os.path.join(builddir, 'qemu-system-x86_64')
    if not os.path.exists(binary):
        tap.skip('query-cpus-fast on x86_64', 'no qemu-system-x86_64')
        return
    qmp = StdioQmp(binary, ['-M', 'pc', '-smp', '2'])
    check_cpus(tap, qmp, 'x86_64', 'qemu64-x86_64-cpu')
    qmp.close()


def main():
    builddir = sys.argv[1]
    tap = Tap()
    test_arm(tap, builddir)
    test_guest(tap, builddir)
    test_pc(tap, builddir)
    print(f'1..{tap.n}')
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
