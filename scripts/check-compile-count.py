#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Single-binary gate: every source file is compiled once per mode.

Usage: scripts/check-compile-count.py BUILDDIR [-v]

Reads BUILDDIR/compile_commands.json and fails (exit 1) when
  - a file under target/ is compiled more than twice (once per mode:
    system and user),
  - a target/ file named *_common.c, *_sys.c or *_user.c, or any file
    outside target/, is compiled more than once,
  - any compile command defines a TARGET_* macro (-DTARGET_...): targets
    are run-time data, never preprocessor symbols.
Generated files in the build directory follow the "more than once" rule.
-v also lists every target/ file with its count.
"""

import json
import os
import shlex
import sys
from collections import Counter

ONE_MODE_SUFFIXES = ('_common.c', '_sys.c', '_user.c')


def load_commands(builddir):
    path = os.path.join(builddir, 'compile_commands.json')
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def source_root(builddir):
    """The source directory this build directory was configured from."""
    info = os.path.join(builddir, 'meson-info', 'meson-info.json')
    try:
        with open(info, encoding='utf-8') as f:
            return json.load(f)['directories']['source']
    except (OSError, KeyError, ValueError):
        return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def entry_args(entry):
    if 'arguments' in entry:
        return entry['arguments']
    return shlex.split(entry.get('command', ''))


def defines_target_macro(args):
    for i, a in enumerate(args):
        if a.startswith('-DTARGET_'):
            return True
        if a == '-D' and i + 1 < len(args) and args[i + 1].startswith('TARGET_'):
            return True
    return False


def display_name(path, srcdir, builddir):
    """Path relative to the source tree, or '<build>/...' if generated."""
    for root, prefix in ((builddir, '<build>/'), (srcdir, '')):
        rel = os.path.relpath(path, root)
        if not rel.startswith('..'):
            return prefix + rel
    return path


def limit_for(name):
    if name.startswith('target/') and not name.endswith(ONE_MODE_SUFFIXES):
        return 2
    return 1


def main():
    argv = [a for a in sys.argv[1:] if a != '-v']
    verbose = '-v' in sys.argv[1:]
    if len(argv) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    builddir = os.path.realpath(argv[0])
    srcdir = os.path.realpath(source_root(builddir))
    counts = Counter()
    bad_defines = []
    for entry in load_commands(builddir):
        path = os.path.realpath(os.path.join(entry['directory'], entry['file']))
        name = display_name(path, srcdir, builddir)
        counts[name] += 1
        if defines_target_macro(entry_args(entry)):
            bad_defines.append(name)

    errors = 0
    for name, n in sorted(counts.items()):
        if n > limit_for(name):
            print(f'compile-count: {name} compiled {n} times '
                  f'(limit {limit_for(name)})')
            errors += 1
        elif verbose and name.startswith('target/'):
            print(f'compile-count: {n} {name}')
    for name in sorted(set(bad_defines)):
        print(f'compile-count: {name} is compiled with -DTARGET_...')
        errors += 1
    print(f'compile-count: {len(counts)} files, '
          f'{sum(counts.values())} compile commands, {errors} problems')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
