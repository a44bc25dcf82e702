# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers shared by the benchmarks: which emulators to run, statistics
and tables.  Standard library only."""

import os
import shutil
import statistics

REF_BINARY = '/usr/bin/qemu-system-x86_64'


def emulators(builddir, ref=REF_BINARY):
    """[(label, path or None, why-missing)] for ours and Debian's QEMU."""
    ours = os.path.join(builddir, 'qemu-system-x86_64')
    found = [('ours', ours if os.access(ours, os.X_OK) else None,
              f'{ours} not built (run make)')]
    ref_path = ref if os.access(ref, os.X_OK) else shutil.which(ref)
    found.append(('qemu-7.2', ref_path,
                  f'{ref} missing (scripts/setup-deps --with-refs, as root)'))
    return found


def summary(samples):
    """min, median and mean of a list of numbers."""
    return (min(samples), statistics.median(samples),
            statistics.fmean(samples))


def print_table(header, rows):
    """Print rows (lists of strings) under header, columns aligned."""
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    for r in [header] + rows:
        print('  '.join(str(c).rjust(w) if i else str(c).ljust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))
