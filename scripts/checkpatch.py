#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check the mechanical rules of docs/devel/build.md ("Style gate").

Usage: scripts/checkpatch.py FILE...     check these files
       scripts/checkpatch.py --all       check every file git tracks

Rules: every source file carries the SPDX licence line (first line of a
.c/.h, after the shebang of a script); a .c file includes "qemu/osdep.h"
before anything else; C lines fit in 80 columns, indent with spaces and
end without blanks; no TARGET_* conditionals and no constructors.
Prints FILE:LINE: problem, exit status 1 if there is any.
"""

import os
import re
import subprocess
import sys

SPDX = 'SPDX-License-Identifier: GPL-2.0-or-later'
C_SPDX = '/* ' + SPDX + ' */'
SCRIPT_EXT = ('.py', '.sh')
SCRIPT_NAMES = ('meson.build', 'meson_options.txt', 'Makefile', 'configure')
TARGET_COND = re.compile(r'^\s*#\s*(if|ifdef|ifndef|elif)\b.*\bTARGET_')
CONSTRUCTOR = re.compile(r'__attribute__\s*\(\(\s*constructor')
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"][^>"]+[>"])')


def is_script(path, first):
    return (path.endswith(SCRIPT_EXT) or
            os.path.basename(path) in SCRIPT_NAMES or first.startswith('#!'))


def check_c(path, lines, problems):
    if not lines or lines[0].rstrip('\n') != C_SPDX:
        problems.append((1, 'first line must be ' + C_SPDX))
    includes = [(i, m.group(1)) for i, l in enumerate(lines, 1)
                for m in [INCLUDE.match(l)] if m]
    if path.endswith('.c') and includes and \
            includes[0][1] != '"qemu/osdep.h"':
        problems.append((includes[0][0], 'include "qemu/osdep.h" first'))
    for i, line in enumerate(lines, 1):
        text = line.rstrip('\n')
        if len(text.expandtabs()) > 80:
            problems.append((i, f'line is {len(text.expandtabs())} columns'))
        if '\t' in text:
            problems.append((i, 'tab (indent with 4 spaces)'))
        if text != text.rstrip():
            problems.append((i, 'trailing whitespace'))
        if TARGET_COND.match(text):
            problems.append((i, 'TARGET_* conditional (targets are data)'))
        if CONSTRUCTOR.search(text):
            problems.append((i, 'constructor (register types in a table)'))


def check_script(lines, problems):
    head = [l for l in lines[:3] if not l.startswith('#!')][:1]
    if not head or SPDX not in head[0]:
        problems.append((1, 'missing "# ' + SPDX + '" (after the shebang)'))


def check_file(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.readlines()
    problems = []
    if path.endswith(('.c', '.h', '.c.inc')):
        check_c(path, lines, problems)
    elif is_script(path, lines[0] if lines else ''):
        check_script(lines, problems)
    for line, msg in problems:
        print(f'{path}:{line}: {msg}')
    return len(problems)


def tracked_files():
    """Files git tracks, or (outside a git tree) every file on disk but
    build directories; seed corpora and the licence text excluded."""
    try:
        out = subprocess.run(['git', 'ls-files'], capture_output=True,
                             text=True, check=True).stdout.split('\n')
    except (OSError, subprocess.CalledProcessError):
        out = []
        for d, dirs, files in os.walk('.'):
            dirs[:] = [x for x in dirs if not x.startswith(('.', 'build'))]
            out += [os.path.relpath(os.path.join(d, f)) for f in files]
    return [f for f in out if f and os.path.isfile(f) and
            not f.startswith(('tests/fuzz/corpus/', 'LICENSE'))]


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    files = tracked_files() if args == ['--all'] else args
    count = sum(check_file(f) for f in files)
    print(f'checkpatch: {len(files)} files, {count} problems')
    return 1 if count else 0


if __name__ == '__main__':
    sys.exit(main())
