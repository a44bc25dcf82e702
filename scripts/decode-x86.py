#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Generate the x86 decoder tables from target/i386/insns.decode.

Usage: decode-x86.py INPUT OUTPUT_C_INC OUTPUT_H
       decode-x86.py --self-test [INPUT]   check the overlap rules

The .c.inc holds the opcode maps (one-byte and 0F) and the ModRM.reg group
tables; the .h declares every trans_NAME() the table refers to.  Any two
rows claiming the same slot (same map, opcode and group index, or a whole
opcode and a group row of it) are an error: the build fails.

Two sets of tables are generated: x86_map_N for 64-bit mode and
x86_map_N_leg for the legacy modes (real, 16/32-bit protected and
compatibility mode).  A row marked i64 exists only in the legacy tables,
one marked o64 only in the 64-bit tables; the overlap check runs on each
set, so an i64 row and an o64 row may share a slot.
"""
import sys

OPERANDS = {
    'Eb', 'Ev', 'Ew', 'Ed', 'Gb', 'Gv', 'M', 'Ib', 'Ibs', 'Iw', 'Iz', 'Iv',
    'Jb', 'Jz', 'Zb', 'Zv', 'AL', 'rAX', 'One', 'CL', 'Xb', 'Xv', 'Yb', 'Yv',
    'Rq', 'Cq', 'Ap', 'Mp', 'Ob', 'Ov', 'Ew',
}
ATTRS = {
    'lock': 'X86_ATTR_LOCK', 'd64': 'X86_ATTR_D64', 'f64': 'X86_ATTR_F64',
    'rep': 'X86_ATTR_REP', 'mem': 'X86_ATTR_MEM', 'end': 'X86_ATTR_END',
    'reg': 'X86_ATTR_REG', 'i64': None, 'o64': None,
}
MODRM_KINDS = ('E', 'G', 'M', 'R', 'C')


class DecodeError(Exception):
    pass


PREFIXES = {'66': 1, 'f3': 2, 'f2': 3}


def parse_opcode(tokens, where):
    """Return (map, [(opcode, sub)], group, pfx) for the opcode tokens."""
    omap = 0
    pfx = 0
    if tokens[0] in PREFIXES and len(tokens) > 1:
        pfx = PREFIXES[tokens[0]]
        tokens = tokens[1:]
    if tokens[0] == '0f':
        omap = 1
        tokens = tokens[1:]
    if len(tokens) != 1:
        raise DecodeError(f'{where}: bad opcode')
    text = tokens[0]
    group = None
    if '/' in text:
        text, g = text.split('/')
        group = int(g)
        if not 0 <= group <= 7:
            raise DecodeError(f'{where}: bad group index {g}')
    count, stride = 1, 0
    if text.endswith('+r'):
        text, count = text[:-2], 8
    elif text.endswith('+cc'):
        text, count = text[:-3], 16
    base = int(text, 16)
    if base > 0xff or (base & (count - 1)) != 0:
        raise DecodeError(f'{where}: bad opcode {text}')
    rows = [(base + i, i if count == 16 else 0) for i in range(count)]
    if pfx and group is not None:
        raise DecodeError(f'{where}: prefixed group rows are not supported')
    return omap, rows, group, pfx


def parse_line(line, where):
    fields = line.split()
    i = 0
    op_tokens = []
    while i < len(fields) and (fields[i] in ('0f', '66', 'f3', 'f2') or
                               fields[i][:2].isalnum() and
                               all(c in '0123456789abcdef/+rc'
                                   for c in fields[i])):
        op_tokens.append(fields[i])
        i += 1
    if not op_tokens or i >= len(fields):
        raise DecodeError(f'{where}: expected OPCODE NAME')
    name = fields[i]
    rest = fields[i + 1:]
    operands = []
    if rest and rest[0] not in ATTRS:
        operands = rest[0].split(',')
        rest = rest[1:]
    for o in operands:
        if o not in OPERANDS:
            raise DecodeError(f'{where}: unknown operand kind {o}')
    if len(operands) > 3:
        raise DecodeError(f'{where}: too many operands')
    for a in rest:
        if a not in ATTRS:
            raise DecodeError(f'{where}: unknown attribute {a}')
    omap, rows, group, pfx = parse_opcode(op_tokens, where)
    return omap, rows, group, pfx, name, operands, rest


def entry_text(name, operands, attrs, sub, modrm):
    kinds = ', '.join('X86_OPK_' + o for o in operands) or 'X86_OPK_NONE'
    flags = [ATTRS[a] for a in attrs if ATTRS[a]]
    if modrm:
        flags.append('X86_ATTR_MODRM')
    return ('{ .trans = trans_%s, .opk = { %s }, .attrs = %s, .sub = %d }'
            % (name, kinds, ' | '.join(flags) or '0', sub))


def build(lines, legacy=False):
    slots = {}      # (map, opcode) -> ('whole', text) | ('group', {n: text})
    names = set()
    for lineno, raw in enumerate(lines, 1):
        line = raw.split('#', 1)[0].strip()
        if not line:
            continue
        where = f'insns.decode:{lineno}'
        omap, rows, group, pfx, name, operands, attrs = \
            parse_line(line, where)
        if 'i64' in attrs and 'o64' in attrs:
            raise DecodeError(f'{where}: i64 and o64 together')
        names.add(name)
        if ('i64' in attrs and not legacy) or ('o64' in attrs and legacy):
            continue
        modrm = group is not None or any(o[0] in MODRM_KINDS
                                         for o in operands)
        for opcode, sub in rows:
            text = entry_text(name, operands, attrs, sub, modrm)
            key = (omap, opcode)
            old = slots.get(key)
            if pfx:
                # prefix variants: slot 0 is the unprefixed row
                if old is None:
                    old = slots[key] = ('pfx', {})
                elif old[0] == 'whole':
                    old = slots[key] = ('pfx', {0: old[1]})
                if old[0] != 'pfx' or pfx in old[1]:
                    raise DecodeError(f'{where}: opcode {opcode:#04x} with '
                                      'that prefix overlaps an earlier row')
                old[1][pfx] = text
            elif old is not None and old[0] == 'pfx':
                if 0 in old[1]:
                    raise DecodeError(f'{where}: opcode {opcode:#04x} '
                                      'overlaps an earlier row')
                old[1][0] = text
            elif group is None:
                if old is not None:
                    raise DecodeError(f'{where}: opcode {opcode:#04x} '
                                      'overlaps an earlier row')
                slots[key] = ('whole', text)
            else:
                if old is None:
                    old = slots[key] = ('group', {})
                # group slots: memory forms 0-7, register forms 8-15
                want = [group] if 'mem' in attrs else \
                       [group + 8] if 'reg' in attrs else [group, group + 8]
                if old[0] != 'group' or any(n in old[1] for n in want):
                    raise DecodeError(f'{where}: opcode {opcode:#04x}/'
                                      f'{group} overlaps an earlier row')
                for n in want:
                    old[1][n] = text
    return slots, names


def emit_maps(slots, sfx):
    c = []
    for (omap, opcode), (kind, val) in sorted(slots.items()):
        if kind == 'whole':
            continue
        size, name = (16, 'group') if kind == 'group' else (4, 'pfx')
        c.append(f'static const X86OpcodeEntry '
                 f'x86_{name}_{omap}_{opcode:02x}{sfx}[{size}] = {{')
        for n, text in sorted(val.items()):
            c.append(f'    [{n}] = {text},')
        c.append('};')
    for omap in (0, 1):
        c.append(f'static const X86OpcodeEntry x86_map_{omap}{sfx}[256] = {{')
        for (m, opcode), (kind, val) in sorted(slots.items()):
            if m != omap:
                continue
            if kind == 'group':
                c.append(f'    [0x{opcode:02x}] = {{ .group = '
                         f'x86_group_{omap}_{opcode:02x}{sfx} }},')
            elif kind == 'pfx':
                c.append(f'    [0x{opcode:02x}] = {{ .pfx = '
                         f'x86_pfx_{omap}_{opcode:02x}{sfx} }},')
            else:
                c.append(f'    [0x{opcode:02x}] = {val},')
        c.append('};')
    return c


def emit(slots, slots_leg, names, out_c, out_h):
    h = ['/* Generated by scripts/decode-x86.py: do not edit. */',
         '#ifndef TARGET_I386_X86_DECODE_H',
         '#define TARGET_I386_X86_DECODE_H', '']
    for n in sorted(names):
        h.append(f'bool trans_{n}(DisasContext *ctx, X86DecodedInsn *d);')
    h += ['', '#endif', '']
    c = ['/* Generated by scripts/decode-x86.py: do not edit. */', '']
    c += emit_maps(slots, '')
    c += emit_maps(slots_leg, '_leg')
    c.append('')
    with open(out_c, 'w') as f:
        f.write('\n'.join(c))
    with open(out_h, 'w') as f:
        f.write('\n'.join(h))


SELF_TEST_BAD = [
    ['00 ADD Eb,Gb', '00 SUB Eb,Gb'],           # same opcode twice
    ['80/0 ADD Eb,Ib', '80 ADD Eb,Ib'],         # group row and whole opcode
    ['80 ADD Eb,Ib', '80/1 OR Eb,Ib'],          # whole opcode then a group
    ['83/1 OR Ev,Ibs', '83/1 AND Ev,Ibs'],      # same group slot
    ['70+cc Jcc Jb', '75 JNZ Jb'],              # expanded rows collide
    ['0f 40+cc CMOVcc Gv,Ev', '0f 4f X Gv,Ev'],
    ['01 ADD Ev,Qq'],                           # unknown operand kind
    ['01 ADD Ev,Gv fast'],                      # unknown attribute
    ['71+cc Jcc Jb'],                           # +cc not aligned
    ['0f 01/7 INVLPG M mem', '0f 01/7 X M'],    # mem slot taken
    ['0f 01/7 SWAPGS reg', '0f 01/7 X Ev reg'], # reg slot taken
    ['f3 0f bc TZCNT Gv,Ev', 'f3 0f bc X Gv,Ev'],   # same prefix twice
    ['0f bc BSF Gv,Ev', 'f3 0f bc TZCNT Gv,Ev', '0f bc X Gv,Ev'],
    ['f3 0f ba/4 X Ev,Ib'],                     # prefixed group
    ['40 INC Zv i64', '40 X Zv'],               # i64 row vs a common row
    ['40 INC Zv i64 o64'],                      # both at once
]


def self_test(table):
    for rows in SELF_TEST_BAD:
        try:
            build(rows)
            build(rows, True)
        except DecodeError:
            continue
        sys.stderr.write(f'decode-x86: self-test: accepted {rows}\n')
        return 1
    slots, names = build(['00 ADD Eb,Gb', '0f 00 ADD Eb,Gb',
                          '80/0 ADD Eb,Ib', '80/1 OR Eb,Ib',
                          '0f 01/7 INVLPG M mem', '0f 01/7 SWAPGS reg',
                          '0f bc BSF Gv,Ev', 'f3 0f bc TZCNT Gv,Ev'])
    if len(slots) != 5 or \
            names != {'ADD', 'OR', 'INVLPG', 'SWAPGS', 'TZCNT', 'BSF'} or \
            len(slots[(1, 1)][1]) != 2 or len(slots[(1, 0xbc)][1]) != 2:
        sys.stderr.write('decode-x86: self-test: bad slots\n')
        return 1
    # an i64 and an o64 row may share a slot: each lands in its own set
    rows = ['63 ARPL Ew,Gv i64', '63 MOVSXD Gv,Ed o64']
    if len(build(rows)[0]) != 1 or len(build(rows, True)[0]) != 1:
        sys.stderr.write('decode-x86: self-test: i64/o64 split\n')
        return 1
    if table:
        with open(table) as f:
            lines = f.readlines()
        build(lines)
        build(lines, True)
    print('decode-x86: self-test passed')
    return 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == '--self-test':
        try:
            return self_test(sys.argv[2] if len(sys.argv) > 2 else None)
        except DecodeError as e:
            sys.stderr.write(f'decode-x86: {e}\n')
            return 1
    if len(sys.argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[1]) as f:
        lines = f.readlines()
    try:
        slots, names = build(lines)
        slots_leg, names_leg = build(lines, True)
    except DecodeError as e:
        sys.stderr.write(f'decode-x86: {e}\n')
        return 1
    emit(slots, slots_leg, names | names_leg, sys.argv[2], sys.argv[3])
    return 0


if __name__ == '__main__':
    sys.exit(main())
