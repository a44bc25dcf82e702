#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""query-cpu-model-expansion on qemu-system-aarch64 over QMP (TAP):
accepted and refused SYSREG_* properties with QEMU's error format, and the
"AArch64 is sticky" rule with and without -M virt,virtualization=on, and
the board's GICv3 in ID_AA64PFR0_EL1.GIC.

Usage: arm-cpu-expand.py BUILDDIR
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from testlib import Tap  # noqa: E402

UNWIRED = 'query-cpu-model-expansion is not supported by target'


def qmp_session(builddir, machine, requests):
    """Run the binary with QMP on stdio; the responses to @requests."""
    binary = os.path.join(builddir, 'qemu-system-aarch64')
    lines = [{'execute': 'qmp_capabilities'}] + requests + \
        [{'execute': 'quit'}]
    text = ''.join(json.dumps(r) + '\n' for r in lines)
    p = subprocess.run([binary, '-M', machine, '-accel', 'qtest',
                        '-display', 'none', '-qmp', 'stdio', '-S'],
                       input=text, capture_output=True, text=True,
                       timeout=30)
    out = [json.loads(x) for x in p.stdout.splitlines() if x.strip()]
    out = [m for m in out if 'event' not in m and 'QMP' not in m]
    # drop the answers of qmp_capabilities and quit
    return out[1:-1]


def expand(props, name='max', kind='full'):
    return {'execute': 'query-cpu-model-expansion',
            'arguments': {'type': kind,
                          'model': {'name': name, 'props': props}}}


def error_is(resp, desc):
    err = resp.get('error', {})
    return err.get('class') == 'GenericError' and err.get('desc') == desc


def main():
    builddir = sys.argv[1]
    tap = Tap()
    reqs = [
        {'execute': 'query-cpu-model-expansion',
         'arguments': {'type': 'full', 'model': {}}},
        {'execute': 'query-cpu-model-expansion',
         'arguments': {'type': 'full', 'model': {'name': 'max',
                                                 'props': 1}}},
        expand({}),
        expand({'SYSREG_ID_AA64ISAR0_EL1_CRC32': 0}),
        expand({'SYSREG_ID_AA64ISAR0_EL1_ATOMIC': 3}),
        expand({'SYSREG_ID_AA64PFR0_EL1_EL1': 0}),
        expand({'SYSREG_ID_AA64PFR0_EL1_EL2': 0}),
        expand({'SYSREG_ID_AA64ISAR0_EL1_NOPE': 0}),
        expand({}, name='cortex-a57', kind='static'),
    ]
    plain = qmp_session(builddir, 'virt', reqs)
    virt = qmp_session(builddir, 'virt,virtualization=on', reqs[6:7])
    gic3 = qmp_session(builddir, 'virt,gic-version=3', reqs[2:3])
    tap.check(error_is(plain[0], "Parameter 'model.name' is missing"),
              'model.name required', plain[0])
    tap.check(error_is(plain[1], "Invalid parameter type for 'model.props', "
                       "expected: object"), 'props must be an object',
              plain[1])
    desc = plain[2].get('error', {}).get('desc', '')
    if desc.startswith(UNWIRED):
        for name in ('defaults', 'accepted', 'refused', 'sticky EL1',
                     'EL2 without virtualization', 'EL2 sticky with '
                     'virtualization=on', 'unknown field', 'cortex-a57',
                     'GICv3 board'):
            tap.skip(name, 'TargetInfo.cpu_model_expand not wired '
                     '(needs the system-mode A64 engine)')
        print(f'1..{tap.n}')
        return 0

    def props(resp):
        return resp.get('return', {}).get('model', {}).get('props', {})

    p = props(plain[2])
    tap.check(p.get('SYSREG_ID_AA64ISAR0_EL1_ATOMIC') == 2 and
              p.get('SYSREG_ID_AA64PFR0_EL1_EL2') == 0 and
              plain[2]['return']['model']['name'] == 'max',
              'defaults', plain[2])
    p = props(plain[3])
    tap.check(p.get('SYSREG_ID_AA64ISAR0_EL1_CRC32') == 0 and
              p.get('SYSREG_ID_AA64ISAR0_EL1_ATOMIC') == 2,
              'accepted', plain[3])
    tap.check(error_is(plain[4], 'SYSREG_ID_AA64ISAR0_EL1_ATOMIC=0x3 is not '
                       'supported: maximum is 0x2'), 'refused', plain[4])
    tap.check(error_is(plain[5], 'cannot disable AArch64 at EL1'),
              'sticky EL1', plain[5])
    tap.check(props(plain[6]).get('SYSREG_ID_AA64PFR0_EL1_EL2') == 0,
              'EL2 without virtualization', plain[6])
    tap.check(error_is(virt[0], 'cannot disable AArch64 at EL2 while EL2 is '
                       'enabled'), 'EL2 sticky with virtualization=on',
              virt[0])
    tap.check(error_is(plain[7], "unknown ID register field "
                       "'SYSREG_ID_AA64ISAR0_EL1_NOPE'"), 'unknown field',
              plain[7])
    tap.check(props(plain[8]).get('SYSREG_ID_AA64ISAR0_EL1_ATOMIC') == 0,
              'cortex-a57', plain[8])
    tap.check(props(gic3[0]).get('SYSREG_ID_AA64PFR0_EL1_GIC') == 1 and
              props(plain[2]).get('SYSREG_ID_AA64PFR0_EL1_GIC') == 0,
              'GICv3 board', gic3[0])
    print(f'1..{tap.n}')
    return 1 if tap.failed else 0


if __name__ == '__main__':
    sys.exit(main())
