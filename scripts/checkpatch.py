#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check the mechanical rules of docs/devel/build.md ("Style gate").

Usage: scripts/checkpatch.py [--strict] FILE...   check these files
       scripts/checkpatch.py [--strict] --all     every file git tracks

Errors: a source file without the SPDX licence line (first line of a
.c/.h, after the shebang of a script); a .c file whose first include is
not "qemu/osdep.h"; in C, a tab, trailing blanks, a line over 90
columns, a TARGET_* conditional, a constructor.  Warning: a C line of
81-90 columns (as QEMU's checkpatch does; --strict makes it an error).
Prints FILE:LINE: error|warning: text; exit status 1 on any error.
"""

import os
import re
import subprocess
import sys

SPDX = 'SPDX-License-Identifier: GPL-2.0-or-later'
C_SPDX = '/* ' + SPDX + ' */'
SCRIPT_EXT = ('.py', '.sh')
SCRIPT_NAMES = ('meson.build', 'meson_options.txt', 'Makefile', 'configure')
COND = re.compile(r'^\s*#\s*(if|ifdef|ifndef|elif)\b')
# TARGET_* macro names; include guards (TARGET_I386_CPU_H) are allowed.
TARGET_NAME = re.compile(r'\bTARGET_\w*')
CONSTRUCTOR = re.compile(r'__attribute__\s*\(\(\s*constructor')
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"][^>"]+[>"])')


def is_script(path, first):
    return (path.endswith(SCRIPT_EXT) or
            os.path.basename(path) in SCRIPT_NAMES or first.startswith('#!'))


def check_c(path, lines, problems):
    """Append (line, text, is_error) to @problems."""
    if not lines or lines[0].rstrip('\n') != C_SPDX:
        problems.append((1, 'first line must be ' + C_SPDX, True))
    includes = [(i, m.group(1)) for i, l in enumerate(lines, 1)
                for m in [INCLUDE.match(l)] if m]
    # Guest programs (tests/tcg) are built for the guest, not with osdep.h.
    guest = path.replace(os.sep, '/').startswith('tests/tcg/') or \
        '/tests/tcg/' in path
    # The guest kernel (guest/) is guest code too.
    guest = guest or path.replace(os.sep, '/').startswith('guest/') or \
        '/guest/' in path
    if path.endswith('.c') and includes and not guest and \
            includes[0][1] != '"qemu/osdep.h"':
        problems.append((includes[0][0], 'include "qemu/osdep.h" first',
                         True))
    for i, line in enumerate(lines, 1):
        text = line.rstrip('\n')
        width = len(text.expandtabs())
        if width > 80:
            problems.append((i, f'line is {width} columns', width > 90))
        if '\t' in text:
            problems.append((i, 'tab (indent with 4 spaces)', True))
        if text != text.rstrip():
            problems.append((i, 'trailing whitespace', True))
        if COND.match(text) and any(not n.endswith('_H') for n in
                                    TARGET_NAME.findall(text)):
            problems.append((i, 'TARGET_* conditional (targets are data)',
                             True))
        if CONSTRUCTOR.search(text):
            problems.append((i, 'constructor (register types in a table)',
                             True))


def check_script(lines, problems):
    head = [l for l in lines[:3] if not l.startswith('#!')][:1]
    if not head or SPDX not in head[0]:
        problems.append((1, 'missing "# ' + SPDX + '" (after the shebang)',
                         True))


def check_file(path, strict):
    """Print the problems of @path; returns (errors, warnings)."""
    with open(path, encoding='utf-8', errors='replace') as f:
        lines = f.readlines()
    problems = []
    if path.endswith(('.c', '.h', '.c.inc')):
        check_c(path, lines, problems)
    elif is_script(path, lines[0] if lines else ''):
        check_script(lines, problems)
    errors = warnings = 0
    for line, msg, is_error in problems:
        is_error = is_error or strict
        print(f'{path}:{line}: {"error" if is_error else "warning"}: {msg}')
        errors += is_error
        warnings += not is_error
    return errors, warnings


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
    strict = '--strict' in args
    args = [a for a in args if a != '--strict']
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    files = tracked_files() if args == ['--all'] else args
    errors = warnings = 0
    for f in files:
        e, w = check_file(f, strict)
        errors += e
        warnings += w
    print(f'checkpatch: {len(files)} files, {errors} errors, '
          f'{warnings} warnings')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
