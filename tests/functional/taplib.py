# SPDX-License-Identifier: GPL-2.0-or-later
"""TAP output for the functional tests, and parsing of the TAP the guest
kernel prints on its console."""
import re


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def check(self, ok, name, detail=''):
        self.n += 1
        print(f'{"ok" if ok else "not ok"} {self.n} - {name}', flush=True)
        if not ok:
            self.failed += 1
            for line in detail.splitlines():
                print(f'# {line}')


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
