# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared pieces of the functional tests: TAP output, parsing of the TAP
the guest kernel prints on its console, and a small QMP client."""
import json
import os
import re
import socket


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, detail=''):
        """One test point; on failure the last 40 lines of @detail."""
        self.n += 1
        print(f'{"ok" if ok else "not ok"} {self.n} - {name}', flush=True)
        if not ok:
            self.failed += 1
            for line in str(detail).splitlines()[-40:]:
                print(f'# {line}')
        return ok

    def skip(self, name, why):
        self.n += 1
        print(f'ok {self.n} - {name} # SKIP {why}', flush=True)


def timeout_scale(build):
    """How much longer than usual guests take in the build at @build: 10
    for a sanitizer build (ASan + UBSan at -O0), else 1."""
    path = os.path.join(build, 'meson-info', 'intro-buildoptions.json')
    try:
        with open(path) as f:
            options = json.load(f)
    except (OSError, ValueError):
        return 1
    return 10 if any(o.get('name') == 'sanitizers' and o.get('value') is True
                     for o in options) else 1


def parse_tap(out):
    """(plan, {name: 'ok'|'skip'|'fail'}) from the guest's console."""
    plan = None
    results = {}
    for line in out.splitlines():
        m = re.match(r'^1\.\.(\d+)$', line)
        if m:
            plan = int(m.group(1))
        m = re.match(r'^(ok|not ok) \d+ - (\S+)( # SKIP)?', line)
        if m:
            results[m.group(2)] = ('fail' if m.group(1) == 'not ok' else
                                   'skip' if m.group(3) else 'ok')
    return plan, results


class Qmp:
    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(path)
        self.f = self.sock.makefile('rw')
        self.recv()
        self.cmd('qmp_capabilities')

    def recv(self):
        while True:
            msg = json.loads(self.f.readline())
            if 'event' not in msg:
                return msg

    def cmd(self, command, **args):
        self.f.write(json.dumps({'execute': command, 'arguments': args}) +
                     '\n')
        self.f.flush()
        return self.recv()

    def close(self):
        self.f.close()
        self.sock.close()
