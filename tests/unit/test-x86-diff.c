/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Differential test of the x86-64 engine against the host CPU.
 *
 * Random instruction sequences are built from the decoded classes (ALU,
 * shifts, multiply/divide, bits, moves and extensions, exchanges, stack,
 * branches, strings, NOP forms, LAHF/SAHF) with random prefixes, operand
 * sizes and addressing forms (RIP-relative, SIB without base, r13/r12
 * corner cases, 32-bit addressing).  Each sequence runs natively from an
 * executable page (a generated prologue loads the registers and flags, an
 * epilogue stores them) and in the engine; registers, defined flags and
 * the data memory must match.
 *
 * Safety by construction: only "free" registers are written; r13 and r15
 * are data pointers and r14 a small index, so memory operands stay inside
 * the data area; DIV operands are prepared so that no #DE occurs; branches
 * only go forward.  Flags made undefined by an instruction are tracked and
 * masked, and an instruction that reads flags is preceded by a CMP when
 * the flags it reads may be undefined.
 *
 * Default: 20,000 sequences.  With -m slow (suite "slow"): 1,000,000.
 *
 * 32-bit code (/x86/diff/code32): the host runs it in compatibility mode
 * (a far jump to Linux's 32-bit user code segment 0x23 and back to 0x33),
 * the engine in flat 32-bit protected mode.  Sequences come from a
 * smaller generator without REX: ALU, INC/DEC 40-4F, shifts, MOV with
 * absolute disp32 addresses (no RIP-relative form in 32-bit code), moffs,
 * IMUL, SETcc on AH..BH, XCHG, BSWAP, PUSH/POP, PUSHA/POPA, LEA with
 * 16-bit addressing (67), ENTER/LEAVE and DAA/DAS/AAA/AAS/AAM/AAD.  The
 * low 32 bits of EAX..EDI, defined flags and memory are compared.
 * Skipped when the host kernel has no 32-bit code segment (probed in a
 * child process).  5,000 sequences (200,000 slow).
 *
 * x87/SSE (/x86/diff/sse, /x86/diff/x87, /x86/diff/sse32): the prologue
 * also loads a random x87/SSE state with FXRSTOR (every exception
 * masked; random rounding, precision, DAZ/FTZ, stack depth, special
 * values) and the epilogue saves it with FXSAVE; the engine starts from
 * the same image and the whole FXSAVE image must match, less FOP/FIP/
 * FDP, MXCSR_MASK and the FSW condition bits the SDM leaves undefined
 * after the last instruction (tracked by the generator).  Aligned forms
 * get 16-byte-aligned addresses.  10,000 + 10,000 + 5,000 sequences
 * (400,000 + 400,000 + 200,000 slow).
 */
#include "qemu/osdep.h"
#include "target/i386/engine.h"
#include "target/i386/fpu.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define DATA_BASE   0x10000000ull
#define DATA_SIZE   0x10000u
#define CODE_BASE   0x10100000ull
#define CODE_SIZE   0x1000u
#define PROLOGUE    0x800u      /* native prologue, inside the code page */
#define RAM_SIZE    0x200000u
#define P15         (DATA_BASE + 0x2000)
#define P13         (DATA_BASE + 0x6000)
#define STACK_TOP   (DATA_BASE + 0xc000)

#define ALL_FLAGS   (X86_CF | X86_PF | X86_AF | X86_ZF | X86_SF | X86_OF)
#define SZP         (X86_SF | X86_ZF | X86_PF)

/* Registers random instructions may write (not rsp, r13, r14, r15). */
static const uint8_t free_regs[] = { 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12 };

/* The native trampoline's state: registers at 8*i, then flags. */
typedef struct DiffState {
    uint64_t regs[16];
    uint64_t flags;         /* offset 128 */
    uint64_t host_rsp;      /* offset 136 */
    uint64_t scratch[16];   /* a small stack for pushf/popf: top at 272 */
    /* x87/SSE state in and out (FXSAVE images), at FX_IN and FX_OUT */
    uint8_t fx_in[512] __attribute__((aligned(16)));
    uint8_t fx_out[512] __attribute__((aligned(16)));
} DiffState;

#define FX_IN   272
#define FX_OUT  (272 + 512)

typedef struct Gen {
    uint8_t buf[1024];
    unsigned len;
    unsigned defined;       /* arithmetic flags defined at this point */
    bool no_stack;          /* inside a CALL body: keep RSP balanced */
    bool features;          /* POPCNT/TZCNT/LZCNT may be generated */
    bool x87_cc;            /* FSW C0, C2, C3 defined */
    bool x87_c1;            /* FSW C1 defined */
} Gen;

typedef struct Harness {
    uint8_t *native_data, *native_code;
    MemoryRegion root, ram;
    AddressSpace as;
    uint8_t *ram_ptr;
    X86CPU *cpu;
    DiffState st;
    bool fx;                /* load/save x87/SSE state (FXRSTOR/FXSAVE) */
    uint8_t init_data[DATA_SIZE];
    unsigned n_insns;
} Harness;

static unsigned rnd(unsigned n)
{
    return g_test_rand_int_range(0, n);
}

static void emit(Gen *g, unsigned n, uint64_t v)
{
    for (unsigned i = 0; i < n; i++) {
        g_assert(g->len < sizeof(g->buf));
        g->buf[g->len++] = v >> (8 * i);
    }
}

static uint8_t free_reg(void)
{
    return free_regs[rnd(sizeof(free_regs))];
}

/* ---- one instruction with ModRM ---- */

typedef struct Insn {
    bool has_66, has_67, lock, rexw, force_rex;
    uint8_t pfx;            /* F2/F3 mandatory or REP prefix, 0: none */
    uint8_t map;            /* 0: one byte, 1: 0F */
    uint8_t opc;
    uint8_t reg;            /* ModRM.reg: register or group digit */
    bool mem;
    uint8_t rm;             /* register when !mem */
    unsigned imm_len;
    uint64_t imm;
} Insn;

/* Random memory operand; appends ModRM/SIB/disp and sets REX bits. */
static void emit_mem(Gen *g, uint8_t reg, uint8_t *rex, int *riprel_at)
{
    unsigned kind = rnd(8);
    uint8_t r = (reg & 7) << 3;

    switch (kind) {
    case 0:     /* [r15 + disp8] */
        *rex |= 1;
        emit(g, 1, 0x47 | r);
        emit(g, 1, rnd(256) - 128);
        break;
    case 1:     /* [r13 + disp8]: r13 base needs mod=1 */
        *rex |= 1;
        emit(g, 1, 0x45 | r);
        emit(g, 1, rnd(256) - 128);
        break;
    case 2:     /* [r15 + r14*s + disp8] */
        *rex |= 3;
        emit(g, 1, 0x44 | r);
        emit(g, 1, (rnd(4) << 6) | (6 << 3) | 7);
        emit(g, 1, rnd(256) - 128);
        break;
    case 3:     /* [r13 + disp32] */
        *rex |= 1;
        emit(g, 1, 0x85 | r);
        emit(g, 4, (uint32_t)(rnd(0x2000) - 0x1000));
        break;
    case 4:     /* [r14*s + disp32]: no base, REX.B must not matter */
        *rex |= 2 | rnd(2);
        emit(g, 1, 0x04 | r);
        emit(g, 1, (rnd(4) << 6) | (6 << 3) | 5);
        emit(g, 4, DATA_BASE + 0x8000 + rnd(0x200));
        break;
    case 5:     /* [disp32]: SIB, no base, no index */
        emit(g, 1, 0x04 | r);
        emit(g, 1, (rnd(4) << 6) | (4 << 3) | 5);
        emit(g, 4, DATA_BASE + 0x8800 + rnd(0x200));
        break;
    case 6:     /* [rip + disp32], patched when the length is known */
        emit(g, 1, 0x05 | r);
        *riprel_at = g->len;
        emit(g, 4, DATA_BASE + 0x4000 + rnd(0x100));
        break;
    default:    /* [r15] */
        *rex |= 1;
        emit(g, 1, 0x07 | r);
        break;
    }
}

static void emit_insn(Gen *g, const Insn *in)
{
    uint8_t rex = 0x40 | (in->rexw ? 8 : 0) | ((in->reg & 8) ? 4 : 0);
    unsigned start = g->len, rex_at, rip_target = 0;
    int riprel_at = -1;

    if (in->lock) {
        emit(g, 1, 0xf0);
    }
    if (in->has_66) {
        emit(g, 1, 0x66);
    }
    if (in->has_67) {
        emit(g, 1, 0x67);
    }
    if (in->pfx) {
        emit(g, 1, in->pfx);
    }
    rex_at = g->len;
    emit(g, 1, 0);  /* REX placeholder, dropped if not needed */
    if (in->map) {
        emit(g, 1, 0x0f);
    }
    emit(g, 1, in->opc);
    if (in->mem) {
        emit_mem(g, in->reg, &rex, &riprel_at);
    } else {
        rex |= (in->rm & 8) ? 1 : 0;
        emit(g, 1, 0xc0 | ((in->reg & 7) << 3) | (in->rm & 7));
    }
    emit(g, in->imm_len, in->imm);
    if (riprel_at >= 0) {
        memcpy(&rip_target, g->buf + riprel_at, 4);
    }
    if (rex == 0x40 && !in->force_rex) {
        memmove(g->buf + rex_at, g->buf + rex_at + 1, g->len - rex_at - 1);
        g->len--;
        riprel_at -= riprel_at >= 0 ? 1 : 0;
    } else {
        g->buf[rex_at] = rex;
    }
    if (riprel_at >= 0) {
        uint32_t d = rip_target - (uint32_t)(CODE_BASE + g->len);

        memcpy(g->buf + riprel_at, &d, 4);
    }
    g_assert(g->len - start <= 15);
}

/* Random operand size for a "v" instruction: 2, 4 or 8. */
static unsigned pick_size(Insn *in)
{
    switch (rnd(4)) {
    case 0:
        in->has_66 = true;
        in->rexw = rnd(4) == 0;     /* 66 + REX.W: REX.W wins */
        return in->rexw ? 8 : 2;
    case 1:
        return 4;
    default:
        in->rexw = true;
        return 8;
    }
}

static void pick_e(Insn *in, bool allow_mem)
{
    in->mem = allow_mem && rnd(2);
    in->rm = free_reg();
    if (!in->mem && rnd(8) == 0) {
        in->force_rex = true;
    }
    in->has_67 = in->mem && rnd(16) == 0;
}

/* A CMP between free registers: defines every arithmetic flag. */
static void emit_flag_fixup(Gen *g)
{
    Insn in = { .opc = 0x39, .reg = free_reg(), .rm = free_reg() };

    in.rexw = rnd(2);
    emit_insn(g, &in);
    g->defined = ALL_FLAGS;
}

static void need_flags(Gen *g, unsigned flags)
{
    if ((g->defined & flags) != flags) {
        emit_flag_fixup(g);
    }
}

/* ---- instruction classes ---- */

typedef struct AluRow {
    uint8_t digit;
    unsigned def, undef, reads;
} AluRow;

static const AluRow alu_rows[8] = {
    { 0, ALL_FLAGS, 0, 0 },                 /* ADD */
    { 1, ALL_FLAGS & ~X86_AF, X86_AF, 0 },  /* OR */
    { 2, ALL_FLAGS, 0, X86_CF },            /* ADC */
    { 3, ALL_FLAGS, 0, X86_CF },            /* SBB */
    { 4, ALL_FLAGS & ~X86_AF, X86_AF, 0 },  /* AND */
    { 5, ALL_FLAGS, 0, 0 },                 /* SUB */
    { 6, ALL_FLAGS & ~X86_AF, X86_AF, 0 },  /* XOR */
    { 7, ALL_FLAGS, 0, 0 },                 /* CMP */
};

static void set_flags(Gen *g, unsigned def, unsigned undef)
{
    g->defined = (g->defined | def) & ~undef;
}

static void gen_alu(Gen *g)
{
    const AluRow *row = &alu_rows[rnd(8)];
    Insn in = { 0 };
    bool byte = rnd(4) == 0;
    unsigned form = rnd(5), size = byte ? 1 : pick_size(&in);

    need_flags(g, row->reads);
    in.reg = free_reg();
    pick_e(&in, form != 4);
    switch (form) {
    case 0:     /* E, G */
    case 1:     /* G, E */
        in.opc = row->digit * 8 + (form == 1 ? 2 : 0) + !byte;
        in.lock = in.mem && form == 0 && row->digit != 7 && rnd(4) == 0;
        break;
    case 2:     /* E, imm8 (83 / 80) */
        in.opc = byte ? 0x80 : 0x83;
        in.reg = row->digit;
        in.imm_len = 1;
        in.imm = rnd(256);
        in.lock = in.mem && row->digit != 7 && rnd(4) == 0;
        break;
    case 3:     /* E, imm16/32 */
        in.opc = byte ? 0x80 : 0x81;
        in.reg = row->digit;
        in.imm_len = byte ? 1 : size == 2 ? 2 : 4;
        in.imm = g_test_rand_int();
        break;
    default:    /* AL/rAX, imm */
        in.opc = row->digit * 8 + 4 + !byte;
        in.imm_len = byte ? 1 : size == 2 ? 2 : 4;
        in.imm = g_test_rand_int();
        in.mem = false;
        in.rm = 0;
        in.reg = 0;
        /* no ModRM: emit by hand */
        {
            unsigned start = g->len;

            if (in.has_66) {
                emit(g, 1, 0x66);
            }
            if (in.rexw) {
                emit(g, 1, 0x48);
            }
            emit(g, 1, in.opc);
            emit(g, in.imm_len, in.imm);
            g_assert(g->len - start <= 15);
        }
        set_flags(g, row->def, row->undef);
        return;
    }
    emit_insn(g, &in);
    set_flags(g, row->def, row->undef);
}

/* TEST, NOT, NEG, INC, DEC, MUL, IMUL */
static void gen_unary(Gen *g)
{
    static const struct {
        uint8_t opc_b, digit;
        unsigned def, undef;
    } rows[] = {
        { 0xf6, 0, ALL_FLAGS & ~X86_AF, X86_AF },       /* TEST imm */
        { 0xf6, 2, 0, 0 },                              /* NOT */
        { 0xf6, 3, ALL_FLAGS, 0 },                      /* NEG */
        { 0xf6, 4, X86_CF | X86_OF, SZP | X86_AF },     /* MUL */
        { 0xf6, 5, X86_CF | X86_OF, SZP | X86_AF },     /* IMUL */
        { 0xfe, 0, ALL_FLAGS & ~X86_CF, 0 },            /* INC */
        { 0xfe, 1, ALL_FLAGS & ~X86_CF, 0 },            /* DEC */
    };
    unsigned i = rnd(ARRAY_SIZE(rows));
    Insn in = { 0 };
    bool byte = rnd(4) == 0;
    unsigned size = byte ? 1 : pick_size(&in);

    in.opc = rows[i].opc_b + !byte;
    in.reg = rows[i].digit;
    pick_e(&in, true);
    in.lock = in.mem && (i == 1 || i == 2 || i >= 5) && rnd(4) == 0;
    if (i == 0) {
        in.imm_len = byte ? 1 : size == 2 ? 2 : 4;
        in.imm = g_test_rand_int();
    }
    emit_insn(g, &in);
    set_flags(g, rows[i].def, rows[i].undef);
}

/* SHLD/SHRD Ev,Gv,Ib|CL (16-bit counts above 16 are undefined: avoided) */
static void gen_double_shift(Gen *g)
{
    Insn in = { .map = 1 };
    unsigned size = pick_size(&in), bits = size * 8, count = 0, mc;
    bool cl = rnd(3) == 0;

    in.opc = (rnd(2) ? 0xa4 : 0xac) + cl;
    in.reg = free_reg();
    pick_e(&in, true);
    if (!cl) {
        count = size == 2 ? rnd(17) : rnd(4) ? rnd(bits) : rnd(256);
        in.imm_len = 1;
        in.imm = count;
    } else if (size == 2) {
        /* mov cl, 0..16 first */
        emit(g, 1, 0xb1);
        emit(g, 1, count = rnd(17));
        cl = false;
    }
    emit_insn(g, &in);
    if (cl) {
        g->defined &= SZP;
        return;
    }
    mc = count & (size == 8 ? 63 : 31);
    if (mc) {
        set_flags(g, SZP | X86_CF | X86_OF,
                  X86_AF | (mc == 1 ? 0 : X86_OF));
    }
}

static void gen_shift(Gen *g)
{
    Insn in = { 0 };
    bool byte = rnd(4) == 0;
    unsigned size = byte ? 1 : pick_size(&in);
    unsigned kind = rnd(8), form = rnd(3), bits = size * 8;
    unsigned count = 0, mc;
    bool rotate = kind < 4;

    if (kind == 2 || kind == 3) {
        need_flags(g, X86_CF);
    }
    in.reg = kind;
    pick_e(&in, true);
    if (form == 0) {
        in.opc = byte ? 0xd0 : 0xd1;
        count = 1;
    } else if (form == 1) {
        in.opc = byte ? 0xc0 : 0xc1;
        count = rnd(4) ? rnd(bits + 2) : rnd(256);
        in.imm_len = 1;
        in.imm = count;
    } else {
        in.opc = byte ? 0xd2 : 0xd3;
    }
    emit_insn(g, &in);
    if (form == 2) {
        /* count unknown here: only what any count leaves defined */
        g->defined &= rotate ? ~(X86_CF | X86_OF) : SZP;
        return;
    }
    mc = count & (size == 8 ? 63 : 31);
    if (mc == 0) {
        return;
    }
    if (rotate) {
        set_flags(g, X86_CF | X86_OF, mc == 1 ? 0 : X86_OF);
        if (kind >= 2 && mc > bits) {
            g->defined &= ~X86_CF;
        }
        return;
    }
    set_flags(g, SZP | X86_CF | X86_OF,
              X86_AF | (mc == 1 ? 0 : X86_OF) | (mc >= bits ? X86_CF : 0));
}

/* DIV/IDIV with operands prepared so that no #DE can happen. */
static void gen_div(Gen *g)
{
    static const uint8_t divisors[] = { 3, 6, 7, 8, 9, 10, 11, 12 };
    uint8_t d = divisors[rnd(sizeof(divisors))];
    uint8_t rexb = 0x48 | (d >= 8 ? 1 : 0);
    bool sign = rnd(2), byte = rnd(4) == 0;
    Insn in = { 0 };
    unsigned size = byte ? 1 : pick_size(&in);

    /* divisor in [2, 127], or [2, 2^30) for 32/64-bit: never 0 or -1 */
    emit(g, 1, rexb);
    if (size >= 4 && rnd(2)) {
        emit(g, 2, 0xe081 | ((d & 7) << 8));
        emit(g, 4, 0x3fffffff);
    } else {
        emit(g, 3, 0x7fe083 | ((d & 7) << 8));
    }
    emit(g, 1, rexb);
    emit(g, 3, 0x02c883 | ((d & 7) << 8));
    /* dividend's high half: zero (DIV) or the sign of the low half */
    if (byte) {
        emit(g, 3, sign ? 0x9866 : 0xc0b60f);
        g->len -= sign ? 1 : 0;
    } else if (sign) {
        if (in.has_66) {
            emit(g, 1, 0x66);
        }
        if (in.rexw) {
            emit(g, 1, 0x48);
        }
        emit(g, 1, 0x99);
    } else {
        emit(g, 2, 0xd231);
    }
    in.opc = byte ? 0xf6 : 0xf7;
    in.reg = sign ? 7 : 6;
    in.rm = d;
    in.force_rex = byte;
    emit_insn(g, &in);
    g->defined = 0;
}

static void gen_bits(Gen *g)
{
    Insn in = { .map = 1 };
    unsigned k = rnd(7);

    pick_size(&in);
    if (in.has_66 && !in.rexw && k == 6) {
        in.has_66 = false;      /* BSWAP r16 is undefined */
    }
    pick_e(&in, k != 6);
    if (k < 4) {                /* BT/BTS/BTR/BTC Ev,Gv: offset in r14 */
        in.opc = 0xa3 + 8 * k;
        in.reg = in.mem ? 14 : free_reg();
        in.lock = in.mem && k > 0 && rnd(4) == 0;
        emit_insn(g, &in);
        set_flags(g, X86_CF, X86_OF | X86_SF | X86_AF | X86_PF);
    } else if (k == 4) {        /* BT* Ev,Ib */
        in.opc = 0xba;
        in.reg = 4 + rnd(4);
        in.imm_len = 1;
        in.imm = rnd(256);
        in.lock = in.mem && in.reg > 4 && rnd(4) == 0;
        emit_insn(g, &in);
        set_flags(g, X86_CF, X86_OF | X86_SF | X86_AF | X86_PF);
    } else if (k == 5 && rnd(2)) {  /* BSF/BSR */
        in.opc = 0xbc + rnd(2);
        in.reg = free_reg();
        emit_insn(g, &in);
        set_flags(g, X86_ZF, ALL_FLAGS & ~X86_ZF);
    } else if (k == 5) {        /* POPCNT/TZCNT/LZCNT (F3 mandatory) */
        unsigned which = rnd(3);

        if (!g->features) {
            return;
        }
        in.pfx = 0xf3;
        in.opc = which == 0 ? 0xb8 : 0xbc + which - 1;
        in.reg = free_reg();
        emit_insn(g, &in);
        if (which == 0) {
            set_flags(g, ALL_FLAGS, 0);
        } else {
            set_flags(g, X86_CF | X86_ZF, ALL_FLAGS & ~(X86_CF | X86_ZF));
        }
    } else {                    /* BSWAP */
        uint8_t r = free_reg();

        emit(g, 1, (in.rexw ? 0x48 : 0x40) | (r >= 8 ? 1 : 0));
        emit(g, 2, 0xc80f | ((r & 7) << 8));
    }
}

static void gen_mov(Gen *g)
{
    Insn in = { 0 };
    unsigned k = rnd(9);
    bool byte = rnd(4) == 0;
    unsigned size = byte ? 1 : pick_size(&in);
    uint8_t r;

    in.reg = free_reg();
    pick_e(&in, true);
    switch (k) {
    case 0:     /* MOV E,G / G,E */
    case 1:
        in.opc = 0x88 + 2 * k + !byte;
        break;
    case 2:     /* MOV E,imm */
        in.opc = byte ? 0xc6 : 0xc7;
        in.reg = 0;
        in.imm_len = byte ? 1 : size == 2 ? 2 : 4;
        in.imm = g_test_rand_int();
        break;
    case 3:     /* MOV r,imm (B0/B8, movabs with REX.W) */
        r = free_reg();
        if (in.has_66) {
            emit(g, 1, 0x66);
        }
        if (in.rexw || r >= 8) {
            emit(g, 1, 0x40 | (in.rexw && !byte ? 8 : 0) | (r >= 8));
        }
        emit(g, 1, (byte ? 0xb0 : 0xb8) + (r & 7));
        emit(g, byte ? 1 : size, (uint64_t)g_test_rand_int() << 32 |
             g_test_rand_int());
        return;
    case 4:     /* MOVZX/MOVSX Gv, Eb/Ew */
        in.map = 1;
        in.opc = 0xb6 + 8 * rnd(2) + rnd(2);
        break;
    case 5:     /* MOVSXD */
        in.opc = 0x63;
        break;
    case 6:     /* LEA: any registers, no memory access */
        in.opc = 0x8d;
        in.mem = true;
        break;
    case 7:     /* CMOVcc */
        in.map = 1;
        in.opc = 0x40 + rnd(16);
        need_flags(g, ALL_FLAGS);
        break;
    default:    /* SETcc */
        in.map = 1;
        in.opc = 0x90 + rnd(16);
        in.reg = 0;
        need_flags(g, ALL_FLAGS);
        break;
    }
    emit_insn(g, &in);
}

static void gen_xchg(Gen *g)
{
    Insn in = { 0 };
    unsigned k = rnd(4);
    bool byte = rnd(4) == 0;

    if (k != 3 || !byte) {
        pick_size(&in);
    }
    in.reg = free_reg();
    pick_e(&in, true);
    switch (k) {
    case 0:     /* XCHG */
        in.opc = 0x86 + !byte;
        in.lock = in.mem && rnd(2);
        emit_insn(g, &in);
        return;
    case 1:     /* CMPXCHG */
        in.map = 1;
        in.opc = 0xb0 + !byte;
        in.lock = in.mem && rnd(2);
        emit_insn(g, &in);
        set_flags(g, ALL_FLAGS, 0);
        return;
    case 2:     /* XADD */
        in.map = 1;
        in.opc = 0xc0 + !byte;
        in.lock = in.mem && rnd(2);
        emit_insn(g, &in);
        set_flags(g, ALL_FLAGS, 0);
        return;
    default: {  /* XCHG rAX, r (90+r); r = 0 is NOP */
        uint8_t r = free_reg();

        if (rnd(3) == 0) {
            /* CMPXCHG8B [mem] / lock CMPXCHG16B [r15] (aligned) */
            Insn c8 = { .map = 1, .opc = 0xc7, .reg = 1, .mem = true };

            c8.lock = rnd(2);
            if (rnd(2)) {
                emit_insn(g, &c8);
            } else {
                emit(g, 1, c8.lock ? 0xf0 : 0x90);
                emit(g, 4, 0x0fc70f49);     /* cmpxchg16b [r15] */
            }
            g->defined |= X86_ZF;
            return;
        }
        emit(g, 1, (in.rexw ? 0x48 : 0x40) | (r >= 8));
        emit(g, 1, 0x90 + (r & 7));
        return;
    }
    }
}

static void gen_misc(Gen *g)
{
    static const struct {
        uint8_t len;
        uint8_t b[9];
        unsigned def, reads;
    } rows[] = {
        { 1, { 0x98 } }, { 2, { 0x66, 0x98 } }, { 2, { 0x48, 0x98 } },
        { 1, { 0x99 } }, { 2, { 0x66, 0x99 } }, { 2, { 0x48, 0x99 } },
        { 1, { 0x90 } }, { 2, { 0x66, 0x90 } }, { 2, { 0xf3, 0x90 } },
        { 4, { 0xf3, 0x0f, 0x1e, 0xfa } },              /* endbr64 */
        { 3, { 0x0f, 0x1f, 0x00 } },
        { 5, { 0x0f, 0x1f, 0x44, 0x00, 0x00 } },
        { 9, { 0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 } },
        { 1, { 0xf8 }, X86_CF }, { 1, { 0xf9 }, X86_CF },
        { 1, { 0xf5 }, X86_CF, X86_CF }, { 1, { 0xfc } },
        { 1, { 0x9e }, ALL_FLAGS & ~X86_OF },               /* sahf */
        { 1, { 0x9f }, 0, ALL_FLAGS & ~X86_OF },            /* lahf */
    };
    unsigned i = rnd(ARRAY_SIZE(rows));

    need_flags(g, rows[i].reads);
    for (unsigned j = 0; j < rows[i].len; j++) {
        emit(g, 1, rows[i].b[j]);
    }
    set_flags(g, rows[i].def, 0);
}

static void gen_stack(Gen *g)
{
    Insn in = { 0 };
    uint8_t r = free_reg();

    switch (rnd(6)) {
    case 0:
        emit(g, 1, 0x40 | (r >= 8));
        emit(g, 1, 0x50 + (r & 7));
        break;
    case 1:
        if (rnd(2)) {
            emit(g, 1, 0x66);
        }
        emit(g, 1, 0x40 | (r >= 8));
        emit(g, 1, 0x58 + (r & 7));
        break;
    case 2:
        emit(g, 1, 0x6a);
        emit(g, 1, rnd(256));
        break;
    case 3:
        emit(g, 1, 0x68);
        emit(g, 4, g_test_rand_int());
        break;
    case 4:     /* push qword [mem] / pop qword [mem] */
        in.opc = rnd(2) ? 0xff : 0x8f;
        in.reg = in.opc == 0xff ? 6 : 0;
        in.mem = true;
        emit_insn(g, &in);
        break;
    default:    /* enter-like frame: mov rbp,rsp; sub rsp,16; leave */
        emit(g, 3, 0xe58948);
        emit(g, 4, 0x10ec8348);
        emit(g, 1, 0xc9);
        break;
    }
}

static void gen_one(Gen *g);

/* Jcc/JMP over the next instruction; CALL/RET; indirect JMP. */
static void gen_branch(Gen *g)
{
    unsigned k = rnd(5), before = g->defined;
    Gen t = { .defined = g->defined, .no_stack = g->no_stack || k == 2,
              .features = g->features };
    int cc = rnd(16);

    if (k == 0 || k == 1 || k == 4) {
        need_flags(g, ALL_FLAGS);
        before = g->defined;
    }
    t.defined = before;
    gen_one(&t);
    if (t.len > 120 && (k == 0 || k == 2 || k == 4)) {
        k = 1;          /* rel8 cannot reach */
    }
    switch (k) {
    case 0:     /* Jcc rel8 */
        emit(g, 1, 0x70 + cc);
        emit(g, 1, t.len);
        break;
    case 1:     /* Jcc rel32 */
        emit(g, 2, 0x800f | (cc << 8));
        emit(g, 4, t.len);
        break;
    case 2:     /* call rel32 to a RET after the skipped body */
        emit(g, 1, 0xe8);
        emit(g, 4, 2);
        emit(g, 1, 0xeb);       /* jmp over body + ret */
        emit(g, 1, t.len + 1);
        break;
    case 3:     /* lea r11,[rip+2+3]; jmp r11: lands after the body */
        emit(g, 3, 0x1d8d4c);
        emit(g, 4, 3 + t.len);
        emit(g, 3, 0xe3ff41);
        break;
    default:    /* [67] LOOPNE/LOOPE/LOOP/JRCXZ over the body */
        if (rnd(4) == 0) {
            emit(g, 1, 0x67);
        }
        emit(g, 1, 0xe0 + rnd(4));
        emit(g, 1, t.len);
        break;
    }
    g_assert(g->len + t.len + 1 < sizeof(g->buf));
    memcpy(g->buf + g->len, t.buf, t.len);
    g->len += t.len;
    if (k == 2) {
        emit(g, 1, 0xc3);
        g->defined = t.defined;
        return;
    }
    g->defined = k == 3 ? before : (before & t.defined);
}

static void gen_string(Gen *g)
{
    static const uint8_t ops[] = { 0xa4, 0xaa, 0xac, 0xa6, 0xae };
    unsigned k = rnd(5), n;
    bool byte = rnd(2), rep;
    Insn in = { 0 };

    /* lea rsi,[r15+d]; lea rdi,[r13+d]; mov ecx,n; cld or std */
    emit(g, 3, 0x778d49);
    emit(g, 1, rnd(128));
    emit(g, 3, 0x7d8d49);
    emit(g, 1, rnd(128));
    n = rnd(12);
    emit(g, 1, 0xb9);
    emit(g, 4, n);
    emit(g, 1, rnd(4) ? 0xfc : 0xfd);
    if (!byte) {
        pick_size(&in);
    }
    rep = rnd(4) != 0;
    if (rep) {
        /* F2 means REPNE only for CMPS/SCAS */
        emit(g, 1, k >= 3 && rnd(2) ? 0xf2 : 0xf3);
    }
    if (in.has_66) {
        emit(g, 1, 0x66);
    }
    if (in.rexw) {
        emit(g, 1, 0x48);
    }
    emit(g, 1, ops[k] + !byte);
    emit(g, 1, 0xfc);           /* cld: leave DF clear */
    if (k >= 3 && (!rep || n > 0)) {
        g->defined = ALL_FLAGS;     /* a REP with RCX = 0 changes none */
    }
}

static void gen_one(Gen *g)
{
    switch (rnd(14)) {
    case 12:
        gen_branch(g);
        break;
    case 13:
        gen_double_shift(g);
        break;
    case 0:
    case 1:
    case 2:
        gen_alu(g);
        break;
    case 3:
        gen_unary(g);
        break;
    case 4:
        gen_shift(g);
        break;
    case 5:
        gen_bits(g);
        break;
    case 6:
    case 7:
        gen_mov(g);
        break;
    case 8:
        gen_xchg(g);
        break;
    case 9:
        if (g->no_stack) {
            gen_alu(g);
        } else {
            gen_stack(g);
        }
        break;
    case 10:
        gen_misc(g);
        break;
    default:
        if (rnd(4) == 0) {
            gen_div(g);
        } else {
            gen_string(g);
        }
        break;
    }
}

/* ---- native execution ---- */

static void emit_at(uint8_t *p, unsigned *n, unsigned len, uint64_t v)
{
    for (unsigned i = 0; i < len; i++) {
        p[(*n)++] = v >> (8 * i);
    }
}

/* mov [rax+8*i],reg_i (store) or mov reg_i,[rax+8*i] (load), i = 1..15 */
static void emit_reg_moves(uint8_t *p, unsigned *n, bool store)
{
    for (unsigned i = 1; i < 16; i++) {
        emit_at(p, n, 1, 0x48 | (i >= 8 ? 4 : 0));
        emit_at(p, n, 1, store ? 0x89 : 0x8b);
        emit_at(p, n, 1, 0x40 | ((i & 7) << 3));
        emit_at(p, n, 1, 8 * i);
    }
}

/*
 * The native page: test bytes at CODE_BASE, then the epilogue; the
 * prologue at CODE_BASE + PROLOGUE jumps to CODE_BASE.  Called as
 * void fn(DiffState *) with the SysV ABI.
 */
#define FAR32_PTR   0xf00u      /* m16:32 far pointer in the code page */
#define USER_CS32   0x23        /* Linux's 32-bit and 64-bit user CS */
#define USER_CS64   0x33
#define USER_DS     0x2b        /* DS/ES are null in 64-bit processes */

static void native_build(Harness *h, const Gen *g, bool code32)
{
    uint8_t *p = h->native_code;
    uint64_t st = (uintptr_t)&h->st;
    unsigned n = 0;

    memcpy(p, g->buf, g->len);
    n = g->len;
    if (code32) {
        /* 32-bit code ends with a far jump back to 64-bit code */
        emit_at(p, &n, 1, 0xea);
        emit_at(p, &n, 4, CODE_BASE + n + 6);
        emit_at(p, &n, 2, USER_CS64);
        emit_at(p, &n, 4, CODE_BASE);
        emit_at(p, &n, 2, USER_CS32);
        memmove(p + FAR32_PTR, p + n - 6, 6);
        n -= 6;
        p[FAR32_PTR + 8] = USER_DS;
        p[FAR32_PTR + 9] = 0;
    }
    emit_at(p, &n, 2, 0xa348);                  /* mov [moffs64],rax */
    emit_at(p, &n, 8, st);
    emit_at(p, &n, 2, 0xb848);                  /* movabs rax,st */
    emit_at(p, &n, 8, st);
    emit_reg_moves(p, &n, true);
    if (h->fx) {
        emit_at(p, &n, 4, 0x80ae0f48);          /* fxsave64 [rax+FX_OUT] */
        emit_at(p, &n, 4, FX_OUT);
    }
    emit_at(p, &n, 3, 0xa08d48);                /* lea rsp,[rax+272] */
    emit_at(p, &n, 4, 272);
    emit_at(p, &n, 1, 0x9c);                    /* pushfq */
    emit_at(p, &n, 2, 0x808f);                  /* pop qword [rax+128] */
    emit_at(p, &n, 4, 128);
    emit_at(p, &n, 3, 0xa08b48);                /* mov rsp,[rax+136] */
    emit_at(p, &n, 4, 136);
    emit_at(p, &n, 4, 0x5e415f41);              /* pop r15; pop r14 */
    emit_at(p, &n, 4, 0x5c415d41);              /* pop r13; pop r12 */
    emit_at(p, &n, 3, 0xc35b5d);                /* pop rbp; pop rbx; ret */
    g_assert(n < PROLOGUE);

    n = PROLOGUE;
    emit_at(p, &n, 4, 0x54415553);              /* push rbx,rbp,r12 */
    emit_at(p, &n, 4, 0x56415541);              /* push r13,r14 */
    emit_at(p, &n, 2, 0x5741);                  /* push r15 */
    emit_at(p, &n, 3, 0xf88948);                /* mov rax,rdi */
    emit_at(p, &n, 3, 0xa08948);                /* mov [rax+136],rsp */
    emit_at(p, &n, 4, 136);
    emit_at(p, &n, 3, 0xa08d48);                /* lea rsp,[rax+272] */
    emit_at(p, &n, 4, 272);
    emit_at(p, &n, 2, 0xb0ff);                  /* push qword [rax+128] */
    emit_at(p, &n, 4, 128);
    emit_at(p, &n, 1, 0x9d);                    /* popfq */
    if (h->fx) {
        emit_at(p, &n, 4, 0x88ae0f48);          /* fxrstor64 [rax+FX_IN] */
        emit_at(p, &n, 4, FX_IN);
    }
    emit_reg_moves(p, &n, false);
    emit_at(p, &n, 3, 0x008b48);                /* mov rax,[rax] */
    if (code32) {
        emit_at(p, &n, 3, 0x251c8e);            /* mov ds,[FAR32_PTR+8] */
        emit_at(p, &n, 4, CODE_BASE + FAR32_PTR + 8);
        emit_at(p, &n, 3, 0x25048e);            /* mov es,[FAR32_PTR+8] */
        emit_at(p, &n, 4, CODE_BASE + FAR32_PTR + 8);
        emit_at(p, &n, 3, 0x252cff);            /* jmp far [FAR32_PTR] */
        emit_at(p, &n, 4, CODE_BASE + FAR32_PTR);
        return;
    }
    emit_at(p, &n, 1, 0xe9);                    /* jmp CODE_BASE */
    emit_at(p, &n, 4, (uint32_t)(0 - (n + 4)));
}

static void native_run(Harness *h)
{
    void (*fn)(DiffState *) =
        (void (*)(DiffState *))(uintptr_t)(CODE_BASE + PROLOGUE);
    uint8_t host_fx[512] __attribute__((aligned(16)));

    /* the test code may change the host's x87/SSE state: keep ours */
    asm volatile("fxsave %0" : "=m" (host_fx));
    fn(&h->st);
    asm volatile("fxrstor %0" : : "m" (host_fx));
}

/* ---- the harness ---- */

static bool harness_init(Harness *h)
{
    void *d = mmap((void *)(uintptr_t)DATA_BASE, DATA_SIZE,
                   PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    void *c = mmap((void *)(uintptr_t)CODE_BASE, CODE_SIZE,
                   PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

    if (d != (void *)(uintptr_t)DATA_BASE ||
        c != (void *)(uintptr_t)CODE_BASE) {
        return false;
    }
    h->native_data = d;
    h->native_code = c;
    memory_region_init(&h->root, NULL, "root", UINT64_MAX);
    g_assert(memory_region_init_ram(&h->ram, NULL, "ram", RAM_SIZE,
                                    &error_abort));
    memory_region_add_subregion(&h->root, DATA_BASE, &h->ram);
    address_space_init(&h->as, &h->root, "memory");
    h->ram_ptr = memory_region_get_ram_ptr(&h->ram);
    h->cpu = x86_cpu_new(&h->as);
    /* the host (x86-64 with BMI1/ABM/POPCNT, checked below) has them */
    if (__builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi")) {
        h->cpu->features = X86_FEAT_POPCNT | X86_FEAT_BMI1 | X86_FEAT_ABM;
    }
    return true;
}

static void harness_free(Harness *h)
{
    x86_cpu_free(h->cpu);
    address_space_destroy(&h->as);
    memory_region_finalize(&h->ram);
    memory_region_finalize(&h->root);
    munmap(h->native_data, DATA_SIZE);
    munmap(h->native_code, CODE_SIZE);
}

static void random_state(Harness *h, uint64_t *regs, uint64_t *flags)
{
    uint64_t x;

    for (unsigned i = 0; i < 16; i++) {
        regs[i] = (uint64_t)g_test_rand_int() << 32 | g_test_rand_int();
        if (rnd(4) == 0) {
            regs[i] = rnd(4) ? rnd(256) : x86_sext(regs[i], 1 << rnd(4));
        }
    }
    regs[R_ESP] = STACK_TOP;
    regs[R_R13] = P13;
    regs[R_R15] = P15;
    regs[R_R14] = rnd(64);
    *flags = X86_FLAGS_FIXED | (g_test_rand_int() & ALL_FLAGS);
    /* data: a cheap xorshift stream seeded from the test's PRNG */
    x = (uint64_t)g_test_rand_int() << 32 | g_test_rand_int() | 1;
    for (unsigned i = 0; i < DATA_SIZE; i += 8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(h->init_data + i, &x, 8);
    }
}

static void report(const Gen *g, const char *what, unsigned idx,
                   uint64_t native, uint64_t engine)
{
    GString *s = g_string_new(NULL);

    for (unsigned i = 0; i < g->len; i++) {
        g_string_append_printf(s, "%02x ", g->buf[i]);
    }
    g_test_message("mismatch in %s %u: native 0x%" PRIx64 " engine 0x%"
                   PRIx64 "\ncode: %s", what, idx, native, engine, s->str);
    g_string_free(s, true);
    g_test_fail();
}

/* Run one sequence both ways; returns false on a mismatch. */
static bool run_one(Harness *h, Gen *g)
{
    uint64_t regs[16], flags, mask, ef;
    CPUX86State *env = &h->cpu->env;
    bool ok = true;

    random_state(h, regs, &flags);
    memcpy(h->native_data, h->init_data, DATA_SIZE);
    memcpy(h->st.regs, regs, sizeof(regs));
    h->st.flags = flags;
    native_build(h, g, false);
    native_run(h);

    memcpy(h->ram_ptr, h->init_data, DATA_SIZE);
    memcpy(h->ram_ptr + (CODE_BASE - DATA_BASE), g->buf, g->len);
    h->ram_ptr[CODE_BASE - DATA_BASE + g->len] = 0xf4;
    block_cache_invalidate_page(&h->cpu->cache, CODE_BASE);
    x86_cpu_set_flat64(h->cpu, CODE_BASE);
    memcpy(env->regs, regs, sizeof(regs));
    x86_set_eflags(env, flags);
    h->cpu->halted = false;
    h->n_insns += x86_cpu_exec(h->cpu, 100000);

    if (h->cpu->exit_reason != X86_EXIT_HLT) {
        report(g, "exit reason", h->cpu->exit_reason, X86_EXIT_HLT,
               h->cpu->exception_index);
        return false;
    }
    for (unsigned i = 0; i < 16 && ok; i++) {
        if (env->regs[i] != h->st.regs[i]) {
            report(g, "register", i, h->st.regs[i], env->regs[i]);
            ok = false;
        }
    }
    mask = g->defined | X86_DF;
    ef = x86_get_eflags(env);
    if (ok && (ef & mask) != (h->st.flags & mask)) {
        report(g, "flags under mask", (unsigned)mask, h->st.flags & mask,
               ef & mask);
        ok = false;
    }
    if (ok && memcmp(h->native_data, h->ram_ptr, DATA_SIZE) != 0) {
        unsigned i = 0;

        while (h->native_data[i] == h->ram_ptr[i]) {
            i++;
        }
        report(g, "memory at offset", i, h->native_data[i], h->ram_ptr[i]);
        ok = false;
    }
    return ok;
}

static void test_diff(void)
{
    Harness *h = g_new0(Harness, 1);
    unsigned n = g_test_slow() ? 1000000 : 20000, fails = 0;

    if (!harness_init(h)) {
        g_test_skip("cannot map the fixed native test area");
        g_free(h);
        return;
    }
    for (unsigned i = 0; i < n && fails < 5; i++) {
        Gen g = { .defined = ALL_FLAGS, .features = h->cpu->features != 0 };
        unsigned k = 1 + rnd(8);

        for (unsigned j = 0; j < k; j++) {
            gen_one(&g);
        }
        if (!run_one(h, &g)) {
            fails++;
        }
    }
    g_test_message("%u sequences, %u guest instructions, %u mismatches",
                   n, h->n_insns, fails);
    harness_free(h);
    g_free(h);
}

/* ---- 32-bit code ---- */

/* EAX..EDI without ESP: what 32-bit sequences may write. */
static const uint8_t regs32[] = { 0, 1, 2, 3, 5, 6, 7 };

static uint8_t reg32(void)
{
    return regs32[rnd(sizeof(regs32))];
}

/* An absolute disp32 address in the data area (ModRM mod 0, rm 5). */
static void emit_abs(Gen *g, uint8_t reg)
{
    emit(g, 1, (reg << 3) | 5);
    emit(g, 4, DATA_BASE + 0x100 + rnd(0x7000));
}

static void gen32_alu(Gen *g)
{
    unsigned k = rnd(8), form = rnd(4);

    if ((k == 2 || k == 3) && !(g->defined & X86_CF)) {
        emit(g, 1, 0x39);                       /* ADC/SBB read CF: CMP */
        emit(g, 1, 0xc0 | (rnd(8) << 3) | rnd(8));
        g->defined = ALL_FLAGS;
    }
    if (rnd(4) == 0) {
        emit(g, 1, 0x66);
    }
    switch (form) {
    case 0:                                     /* op r, r */
        emit(g, 1, 0x01 + 8 * k);
        emit(g, 1, 0xc0 | (reg32() << 3) | reg32());
        break;
    case 1:                                     /* op [abs], r */
        emit(g, 1, 0x01 + 8 * k);
        emit_abs(g, reg32());
        break;
    case 2:                                     /* op r, [abs] */
        emit(g, 1, 0x03 + 8 * k);
        emit_abs(g, reg32());
        break;
    default:                                    /* op r, imm8 */
        emit(g, 1, 0x83);
        emit(g, 1, 0xc0 | (k << 3) | reg32());
        emit(g, 1, rnd(256));
        break;
    }
    g->defined = ALL_FLAGS;
}

static void gen32_incdec_shift(Gen *g)
{
    static const uint8_t shifts[] = { 4, 5, 7 };    /* SHL, SHR, SAR */
    unsigned r = reg32(), count;

    switch (rnd(3)) {
    case 0:                                     /* 40-4F: INC/DEC r */
        if (rnd(4) == 0) {
            emit(g, 1, 0x66);
        }
        emit(g, 1, (rnd(2) ? 0x40 : 0x48) | r);
        g->defined |= ALL_FLAGS & ~X86_CF;
        break;
    case 1:                                     /* SHL/SHR/SAR r, imm */
        count = 1 + rnd(31);
        emit(g, 1, 0xc1);
        emit(g, 1, 0xc0 | (shifts[rnd(3)] << 3) | r);
        emit(g, 1, count);
        g->defined = (g->defined | X86_CF | SZP) & ~X86_AF;
        if (count != 1) {
            g->defined &= ~X86_OF;
        }
        break;
    default:                                    /* IMUL r, r */
        emit(g, 2, 0xaf0f);
        emit(g, 1, 0xc0 | (r << 3) | reg32());
        g->defined = X86_CF | X86_OF;
        break;
    }
}

/* 67 LEA: 16-bit ModRM forms (BX+SI ... BX, disp16 at mod 0 rm 6). */
static void gen32_lea16(Gen *g, unsigned r)
{
    unsigned mod = rnd(3), rm = rnd(8);

    if (rnd(2)) {
        emit(g, 1, 0x66);
    }
    emit(g, 2, 0x8d67);
    emit(g, 1, (mod << 6) | (r << 3) | rm);
    if (mod == 1) {
        emit(g, 1, rnd(256));
    } else if (mod == 2 || rm == 6) {
        emit(g, 2, rnd(65536));
    }
}

static void gen32_mov(Gen *g)
{
    unsigned r = reg32();

    switch (rnd(6)) {
    case 0:
        emit(g, 1, 0xb8 | r);                   /* MOV r, imm32 */
        emit(g, 4, g_test_rand_int());
        break;
    case 1:
        emit(g, 1, 0x89);                       /* MOV [abs], r */
        emit_abs(g, r);
        break;
    case 2:
        emit(g, 1, 0x8b);                       /* MOV r, [abs] */
        emit_abs(g, r);
        break;
    case 3:
        emit(g, 1, rnd(2) ? 0xa1 : 0xa3);       /* MOV EAX <-> moffs32 */
        emit(g, 4, DATA_BASE + 0x100 + rnd(0x7000));
        break;
    case 4:
        gen32_lea16(g, r);
        break;
    default:
        if (rnd(2)) {
            emit(g, 1, 0x87);                   /* XCHG r, r */
            emit(g, 1, 0xc0 | (r << 3) | reg32());
        } else {
            emit(g, 2, 0xc80f | (r << 8));      /* BSWAP r */
        }
        break;
    }
}

static void gen32_stack_setcc(Gen *g)
{
    unsigned r = reg32();

    switch (rnd(3)) {
    case 0:                                     /* PUSH r; POP r' */
        emit(g, 1, 0x50 | reg32());
        emit(g, 1, 0x58 | r);
        break;
    case 1:
        if (rnd(2)) {
            emit(g, 2, 0x6160);                 /* PUSHA; POPA */
            break;
        }
        emit(g, 2, 0xe589);                     /* MOV EBP, ESP */
        emit(g, 1, 0xc8);                       /* ENTER imm16, level */
        emit(g, 2, rnd(64));
        emit(g, 1, rnd(4));
        emit(g, 1, 0xc9);                       /* LEAVE */
        break;
    default:                                    /* SETcc r8 (AL..BH) */
        if (g->defined != ALL_FLAGS) {
            emit(g, 2, 0xc085);                 /* TEST EAX, EAX */
            g->defined = ALL_FLAGS;
        }
        emit(g, 1, 0x0f);
        emit(g, 1, 0x90 | rnd(16));
        emit(g, 1, 0xc0 | rnd(8));
        break;
    }
}

/* Decimal and ASCII adjust (invalid in 64-bit mode, fine in compat). */
static void gen32_bcd(Gen *g)
{
    unsigned k = rnd(6);

    if (k < 4 && (g->defined & (X86_CF | X86_AF)) != (X86_CF | X86_AF)) {
        emit(g, 1, k & 1 ? 0x2c : 0x04);       /* SUB/ADD AL, imm8 */
        emit(g, 1, rnd(256));
        g->defined = ALL_FLAGS;
    }
    switch (k) {
    case 0:
    case 1:
        emit(g, 1, k ? 0x2f : 0x27);            /* DAS / DAA */
        g->defined = ALL_FLAGS & ~X86_OF;
        break;
    case 2:
    case 3:
        emit(g, 1, k == 3 ? 0x3f : 0x37);       /* AAS / AAA */
        g->defined = X86_CF | X86_AF;
        break;
    default:
        emit(g, 1, k == 4 ? 0xd4 : 0xd5);       /* AAM / AAD imm8 */
        emit(g, 1, rnd(2) ? 10 : 1 + rnd(255));
        g->defined = SZP;
        break;
    }
}

static void gen32_one(Gen *g)
{
    if (rnd(8) == 0) {
        gen32_bcd(g);
        return;
    }
    switch (rnd(4)) {
    case 0:
        gen32_alu(g);
        break;
    case 1:
        gen32_incdec_shift(g);
        break;
    case 2:
        gen32_mov(g);
        break;
    default:
        gen32_stack_setcc(g);
        break;
    }
}

/* Can this host jump to the 32-bit user code segment?  (in a child) */
static bool host_has_code32(Harness *h)
{
    Gen g = { .len = 0 };
    pid_t pid;
    int status;

    emit(&g, 1, 0x90);
    pid = fork();
    if (pid == 0) {
        random_state(h, h->st.regs, &h->st.flags);
        native_build(h, &g, true);
        native_run(h);
        _exit(0);
    }
    return pid > 0 && waitpid(pid, &status, 0) == pid &&
           WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The engine in flat 32-bit protected mode at CODE_BASE. */
static void set_flat32(X86CPU *cpu)
{
    CPUX86State *env = &cpu->env;

    for (int i = 0; i < X86_NB_SEGS; i++) {
        env->segs[i].selector = i == R_CS ? 0x08 : 0x10;
        env->segs[i].base = 0;
        env->segs[i].limit = 0xffffffff;
        env->segs[i].flags = X86_DESC_P | X86_DESC_G | X86_DESC_DB |
                             ((i == R_CS ? 0x1bu : 0x13u) << 8);
    }
    env->cr[0] = X86_CR0_PE | 0x10;
    env->cr[4] = 0;
    env->efer = 0;
    env->rip = CODE_BASE;
    x86_update_hflags(cpu);
}

static void random_fx(uint8_t *img, bool x87);
static bool fx_equal(const Gen *g, const uint8_t *native, const uint8_t *eng,
                     unsigned len);

static bool run_one32(Harness *h, Gen *g)
{
    uint64_t regs[16], flags, mask;
    CPUX86State *env = &h->cpu->env;

    random_state(h, regs, &flags);
    random_fx(h->st.fx_in, false);
    memcpy(h->native_data, h->init_data, DATA_SIZE);
    memcpy(h->st.regs, regs, sizeof(regs));
    h->st.flags = flags;
    native_build(h, g, true);
    native_run(h);

    memcpy(h->ram_ptr, h->init_data, DATA_SIZE);
    memcpy(h->ram_ptr + (CODE_BASE - DATA_BASE), g->buf, g->len);
    h->ram_ptr[CODE_BASE - DATA_BASE + g->len] = 0xf4;
    block_cache_invalidate_page(&h->cpu->cache, CODE_BASE);
    set_flat32(h->cpu);
    memcpy(env->regs, regs, sizeof(regs));
    x86_set_eflags(env, flags);
    if (h->fx) {
        env->cr[4] |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
        g_assert(x86_fxrstor_image(h->cpu, h->st.fx_in, true));
    }
    h->cpu->halted = false;
    h->n_insns += x86_cpu_exec(h->cpu, 100000);
    if (h->cpu->exit_reason != X86_EXIT_HLT) {
        report(g, "exit reason", h->cpu->exit_reason, X86_EXIT_HLT,
               h->cpu->exception_index);
        return false;
    }
    for (unsigned i = 0; i < 8; i++) {
        if ((uint32_t)env->regs[i] != (uint32_t)h->st.regs[i]) {
            report(g, "register", i, (uint32_t)h->st.regs[i],
                   (uint32_t)env->regs[i]);
            return false;
        }
    }
    mask = g->defined | X86_DF;
    if ((x86_get_eflags(env) & mask) != (h->st.flags & mask)) {
        report(g, "flags under mask", (unsigned)mask, h->st.flags & mask,
               x86_get_eflags(env) & mask);
        return false;
    }
    if (memcmp(h->native_data, h->ram_ptr, DATA_SIZE) != 0) {
        report(g, "memory", 0, 0, 0);
        return false;
    }
    if (h->fx) {
        uint8_t out[512];

        /* legacy mode: the image has XMM0-7 only */
        x86_fxsave_image(h->cpu, out, true);
        return fx_equal(g, h->st.fx_out, out, 288);
    }
    return true;
}

static void gen32_sse(Gen *g);

static void test_diff32_common(bool sse)
{
    Harness *h = g_new0(Harness, 1);
    unsigned n = g_test_slow() ? 200000 : 5000, fails = 0;

    if (!harness_init(h)) {
        g_test_skip("cannot map the fixed native test area");
        g_free(h);
        return;
    }
    h->fx = sse;
    if (!host_has_code32(h)) {
        g_test_skip("the host kernel runs no 32-bit code segment");
    } else {
        for (unsigned i = 0; i < n && fails < 5; i++) {
            Gen g = { .defined = ALL_FLAGS };
            unsigned k = 1 + rnd(8);

            for (unsigned j = 0; j < k; j++) {
                if (sse && rnd(4)) {
                    gen32_sse(&g);
                } else {
                    gen32_one(&g);
                }
            }
            fails += !run_one32(h, &g);
        }
        g_test_message("%u 32-bit%s sequences, %u guest instructions, "
                       "%u mismatches", n, sse ? " SSE" : "", h->n_insns,
                       fails);
    }
    harness_free(h);
    g_free(h);
}

static void test_diff32(void)
{
    test_diff32_common(false);
}

/* SSE/SSE2 in 32-bit code: XMM0-7, no REX, disp32 addressing */
static void test_diff_sse32(void)
{
    test_diff32_common(true);
}

/* ---- SSE/SSE2 and x87 (/x86/diff/sse, /x86/diff/x87) ---- */

G_STATIC_ASSERT(offsetof(DiffState, fx_in) == FX_IN);
G_STATIC_ASSERT(offsetof(DiffState, fx_out) == FX_OUT);

/* Row flags of the SSE generator */
#define SF_ALIGN    (1u << 0)   /* m128 operand must be 16-byte aligned */
#define SF_REG      (1u << 1)   /* register form only */
#define SF_MEM      (1u << 2)   /* memory form only */
#define SF_IMM      (1u << 3)   /* imm8 */
#define SF_GSRC     (1u << 4)   /* ModRM.rm is a GPR (or memory) */
#define SF_GDST     (1u << 5)   /* ModRM.reg is a GPR written */
#define SF_W        (1u << 6)   /* REX.W picks a 64-bit GPR form */
#define SF_FLAGS    (1u << 7)   /* writes ZF/PF/CF, clears OF/SF/AF */
#define SF_CMP      (1u << 8)   /* imm8 is a compare predicate 0-7 */
#define SF_GDSTRM   (1u << 9)   /* ModRM.rm is a GPR written (MOVD r/m) */

typedef struct SseRow {
    uint8_t pfx, opc;
    uint16_t flags;
} SseRow;

static const SseRow sse_rows[] = {
    /* moves */
    { 0, 0x10, 0 }, { 0, 0x11, 0 }, { 0x66, 0x10, 0 }, { 0x66, 0x11, 0 },
    { 0xf3, 0x10, 0 }, { 0xf3, 0x11, 0 }, { 0xf2, 0x10, 0 },
    { 0xf2, 0x11, 0 }, { 0, 0x12, 0 }, { 0, 0x13, SF_MEM },
    { 0, 0x16, 0 }, { 0, 0x17, SF_MEM }, { 0x66, 0x12, SF_MEM },
    { 0x66, 0x13, SF_MEM }, { 0x66, 0x16, SF_MEM }, { 0x66, 0x17, SF_MEM },
    { 0, 0x28, SF_ALIGN }, { 0, 0x29, SF_ALIGN }, { 0x66, 0x28, SF_ALIGN },
    { 0x66, 0x29, SF_ALIGN }, { 0, 0x2b, SF_ALIGN | SF_MEM },
    { 0x66, 0x6f, SF_ALIGN }, { 0x66, 0x7f, SF_ALIGN }, { 0xf3, 0x6f, 0 },
    { 0xf3, 0x7f, 0 }, { 0xf3, 0x7e, 0 }, { 0x66, 0xd6, 0 },
    { 0x66, 0xe7, SF_ALIGN | SF_MEM },
    { 0x66, 0x6e, SF_GSRC | SF_W }, { 0x66, 0x7e, SF_GDSTRM | SF_W },
    { 0, 0x50, SF_REG | SF_GDST }, { 0x66, 0x50, SF_REG | SF_GDST },
    { 0x66, 0xd7, SF_REG | SF_GDST },
    { 0x66, 0xc4, SF_GSRC | SF_IMM }, { 0x66, 0xc5, SF_REG | SF_GDST | SF_IMM },
    /* floating point */
    { 0, 0x51, SF_ALIGN }, { 0x66, 0x51, SF_ALIGN }, { 0xf3, 0x51, 0 },
    { 0xf2, 0x51, 0 }, { 0, 0x52, SF_ALIGN }, { 0xf3, 0x52, 0 },
    { 0, 0x53, SF_ALIGN }, { 0xf3, 0x53, 0 },
    { 0, 0x58, SF_ALIGN }, { 0x66, 0x58, SF_ALIGN }, { 0xf3, 0x58, 0 },
    { 0xf2, 0x58, 0 }, { 0, 0x59, SF_ALIGN }, { 0x66, 0x59, SF_ALIGN },
    { 0xf3, 0x59, 0 }, { 0xf2, 0x59, 0 }, { 0, 0x5c, SF_ALIGN },
    { 0x66, 0x5c, SF_ALIGN }, { 0xf3, 0x5c, 0 }, { 0xf2, 0x5c, 0 },
    { 0, 0x5d, SF_ALIGN }, { 0x66, 0x5d, SF_ALIGN }, { 0xf3, 0x5d, 0 },
    { 0xf2, 0x5d, 0 }, { 0, 0x5e, SF_ALIGN }, { 0x66, 0x5e, SF_ALIGN },
    { 0xf3, 0x5e, 0 }, { 0xf2, 0x5e, 0 }, { 0, 0x5f, SF_ALIGN },
    { 0x66, 0x5f, SF_ALIGN }, { 0xf3, 0x5f, 0 }, { 0xf2, 0x5f, 0 },
    { 0, 0xc2, SF_ALIGN | SF_CMP }, { 0x66, 0xc2, SF_ALIGN | SF_CMP },
    { 0xf3, 0xc2, SF_CMP }, { 0xf2, 0xc2, SF_CMP },
    { 0, 0x2e, SF_FLAGS }, { 0, 0x2f, SF_FLAGS }, { 0x66, 0x2e, SF_FLAGS },
    { 0x66, 0x2f, SF_FLAGS },
    /* conversions */
    { 0, 0x5a, 0 }, { 0x66, 0x5a, SF_ALIGN }, { 0xf3, 0x5a, 0 },
    { 0xf2, 0x5a, 0 }, { 0, 0x5b, SF_ALIGN }, { 0x66, 0x5b, SF_ALIGN },
    { 0xf3, 0x5b, SF_ALIGN }, { 0x66, 0xe6, SF_ALIGN }, { 0xf3, 0xe6, 0 },
    { 0xf2, 0xe6, SF_ALIGN },
    { 0xf3, 0x2a, SF_GSRC | SF_W }, { 0xf2, 0x2a, SF_GSRC | SF_W },
    { 0xf3, 0x2c, SF_GDST | SF_W }, { 0xf2, 0x2c, SF_GDST | SF_W },
    { 0xf3, 0x2d, SF_GDST | SF_W }, { 0xf2, 0x2d, SF_GDST | SF_W },
    /* logic, shuffles */
    { 0, 0x54, SF_ALIGN }, { 0, 0x55, SF_ALIGN }, { 0, 0x56, SF_ALIGN },
    { 0, 0x57, SF_ALIGN }, { 0x66, 0x54, SF_ALIGN }, { 0x66, 0x57, SF_ALIGN },
    { 0, 0x14, SF_ALIGN }, { 0, 0x15, SF_ALIGN }, { 0x66, 0x14, SF_ALIGN },
    { 0x66, 0x15, SF_ALIGN }, { 0, 0xc6, SF_ALIGN | SF_IMM },
    { 0x66, 0xc6, SF_ALIGN | SF_IMM }, { 0x66, 0x70, SF_ALIGN | SF_IMM },
    { 0xf3, 0x70, SF_ALIGN | SF_IMM }, { 0xf2, 0x70, SF_ALIGN | SF_IMM },
};

/* 66 0F 60-76, D1-FE: packed integer operations (all m128 aligned) */
static const uint8_t sse_int_opcodes[] = {
    0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
    0x6b, 0x6c, 0x6d, 0x74, 0x75, 0x76, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5,
    0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xe1, 0xe2,
    0xe3, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
    0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc,
    0xfd, 0xfe,
};

/* A 16-byte-aligned memory operand inside the data area. */
static void emit_mem_aligned(Gen *g, uint8_t reg, uint8_t *rex)
{
    uint8_t r = (reg & 7) << 3;

    if (rnd(2)) {       /* [r15 + disp8], disp8 a multiple of 16 */
        *rex |= 1;
        emit(g, 1, 0x47 | r);
        emit(g, 1, (rnd(16) - 8) * 16);
    } else {            /* [r13 + disp32] */
        *rex |= 1;
        emit(g, 1, 0x85 | r);
        emit(g, 4, (uint32_t)((rnd(0x200) - 0x100) * 16));
    }
}

/* Emit one SSE instruction of @row; ModRM.reg/rm chosen by its flags. */
static void gen_sse_row(Gen *g, const SseRow *row, uint8_t digit)
{
    Insn in = { .map = 1, .opc = row->opc, .pfx = row->pfx & 0xf3 };
    bool gpr_rm = row->flags & (SF_GSRC | SF_GDSTRM);

    in.has_66 = row->pfx == 0x66;
    in.pfx = row->pfx == 0x66 ? 0 : row->pfx;
    in.reg = row->flags & SF_GDST ? free_reg() : rnd(16);
    in.mem = !(row->flags & SF_REG) && ((row->flags & SF_MEM) || rnd(3) == 0);
    in.rm = gpr_rm ? free_reg() : rnd(16);
    in.rexw = (row->flags & SF_W) && rnd(2);
    if (digit) {
        in.reg = digit & 7;
        in.mem = false;
    }
    if (row->flags & (SF_IMM | SF_CMP)) {
        in.imm_len = 1;
        in.imm = row->flags & SF_CMP ? rnd(8) : rnd(4) ? rnd(256) : rnd(20);
    }
    if (in.mem && (row->flags & SF_ALIGN)) {
        /* emit_insn would pick any address: build the aligned form here */
        uint8_t rex = 0x40 | (in.rexw ? 8 : 0) | (in.reg & 8 ? 4 : 0);
        unsigned rex_at;

        if (in.has_66) {
            emit(g, 1, 0x66);
        }
        if (in.pfx) {
            emit(g, 1, in.pfx);
        }
        rex_at = g->len;
        emit(g, 1, 0);
        emit(g, 2, 0x0f | in.opc << 8);
        emit_mem_aligned(g, in.reg, &rex);
        g->buf[rex_at] = rex;
        emit(g, in.imm_len, in.imm);
        return;
    }
    emit_insn(g, &in);
}

/* One SSE instruction for 32-bit code (rows of sse_rows, no REX.W). */
static void gen32_sse(Gen *g)
{
    static const uint8_t digits[3][4] = {
        { 2, 4, 6, 2 }, { 2, 4, 6, 6 }, { 2, 3, 6, 7 },
    };
    SseRow row = sse_rows[rnd(G_N_ELEMENTS(sse_rows))];
    unsigned digit = 0, reg, rm;
    bool mem;

    if (rnd(3) == 0) {
        row = (SseRow){ 0x66, sse_int_opcodes[rnd(sizeof(sse_int_opcodes))],
                        SF_ALIGN };
    } else if (rnd(8) == 0) {
        unsigned t = rnd(3);

        row = (SseRow){ 0x66, 0x71 + t, SF_IMM | SF_REG };
        digit = digits[t][rnd(4)];
    }
    reg = row.flags & SF_GDST ? reg32() : digit ? digit : rnd(8);
    rm = row.flags & (SF_GSRC | SF_GDSTRM) ? reg32() : rnd(8);
    mem = !(row.flags & SF_REG) && ((row.flags & SF_MEM) || rnd(3) == 0);
    if (row.pfx) {
        emit(g, 1, row.pfx);
    }
    emit(g, 2, 0x0f | row.opc << 8);
    if (mem) {
        emit(g, 1, (reg << 3) | 5);
        emit(g, 4, DATA_BASE + 0x100 +
             (row.flags & SF_ALIGN ? 16 * rnd(0x700) : rnd(0x7000)));
    } else {
        emit(g, 1, 0xc0 | reg << 3 | rm);
    }
    if (row.flags & (SF_IMM | SF_CMP)) {
        emit(g, 1, row.flags & SF_CMP ? rnd(8) : rnd(256));
    }
    if (row.flags & SF_FLAGS) {
        g->defined = ALL_FLAGS;
    }
}

static void gen_sse_one(Gen *g)
{
    static const uint8_t digits[3][4] = {
        { 2, 4, 6, 2 }, { 2, 4, 6, 6 }, { 2, 3, 6, 7 },
    };
    unsigned k = rnd(10);

    if (k < 6) {
        const SseRow *row = &sse_rows[rnd(G_N_ELEMENTS(sse_rows))];

        gen_sse_row(g, row, 0);
        if (row->flags & SF_FLAGS) {
            g->defined = ALL_FLAGS;
        }
    } else if (k < 9) {
        SseRow row = { 0x66, sse_int_opcodes[rnd(sizeof(sse_int_opcodes))],
                       SF_ALIGN };

        gen_sse_row(g, &row, 0);
    } else {
        unsigned t = rnd(3);
        SseRow row = { 0x66, 0x71 + t, SF_IMM };

        gen_sse_row(g, &row, 8 | digits[t][rnd(4)]);
    }
}

/* An x87 instruction with a memory operand: opcode @opc, ModRM.reg @r */
static void emit_x87_mem(Gen *g, uint8_t opc, uint8_t r)
{
    Insn in = { .opc = opc, .reg = r, .mem = true };

    emit_insn(g, &in);
}

static void x87_track(Gen *g, uint8_t opc, uint8_t modrm, int k);
static void x87_define_cc(Gen *g);

static void emit_x87_reg(Gen *g, uint8_t opc, uint8_t modrm)
{
    if (opc == 0xdf && modrm == 0xe0) {
        x87_define_cc(g);       /* FNSTSW AX must not see undefined bits */
    }
    emit(g, 1, opc);
    emit(g, 1, modrm);
    x87_track(g, opc, modrm, -1);
}

/* FTST: defines C0-C3 (before FNSTSW reads them) */
static void x87_define_cc(Gen *g)
{
    if (!g->x87_cc || !g->x87_c1) {
        emit(g, 2, 0xe4d9);
        g->x87_cc = g->x87_c1 = true;
    }
}

/*
 * Which FSW condition bits the instruction @opc @modrm (register form)
 * or memory row @k (gen_x87_mem) leaves defined.
 */
static void x87_track(Gen *g, uint8_t opc, uint8_t modrm, int k)
{
    if (k >= 0) {
        /* loads and stores: C1 only; FNSTSW/FNSTCW: nothing */
        if (k < 19) {
            g->x87_cc = false;
            g->x87_c1 = true;
        }
        return;
    }
    if (opc == 0x9b || (opc == 0xdf && modrm == 0xe0) ||
        (opc == 0xd9 && modrm == 0xd0)) {
        return;                                 /* FWAIT, FNSTSW, FNOP */
    }
    if ((opc == 0xdb || opc == 0xdf) && modrm >= 0xe8 && modrm < 0xf8) {
        g->x87_c1 = false;                      /* F(U)COMI(P) */
        return;
    }
    g->x87_cc = ((opc == 0xd8 || opc == 0xdc) && (modrm & 0xf0) == 0xd0) ||
                (opc == 0xde && modrm == 0xd9) ||
                (opc == 0xda && modrm == 0xe9) ||
                (opc == 0xdd && modrm >= 0xe0 && modrm < 0xf0) ||
                (opc == 0xd9 && (modrm == 0xe4 || modrm == 0xe5 ||
                                 modrm == 0xf5 || modrm == 0xf8)) ||
                (opc == 0xdb && modrm == 0xe3);
    g->x87_c1 = !(opc == 0xdd && modrm < 0xc8) &&      /* FFREE */
                !(opc == 0xdb && modrm == 0xe2) &&     /* FNCLEX */
                !((opc == 0xda || opc == 0xdb) && modrm < 0xe0);  /* FCMOV */
}

/* Loads, stores and arithmetic with memory operands */
static void gen_x87_mem(Gen *g)
{
    static const uint8_t ldst[][2] = {
        { 0xd9, 0 }, { 0xdd, 0 }, { 0xdb, 5 }, { 0xdf, 0 }, { 0xdb, 0 },
        { 0xdf, 5 }, { 0xd9, 2 }, { 0xd9, 3 }, { 0xdd, 2 }, { 0xdd, 3 },
        { 0xdb, 7 }, { 0xdf, 2 }, { 0xdf, 3 }, { 0xdb, 2 }, { 0xdb, 3 },
        { 0xdf, 7 }, { 0xdb, 1 }, { 0xdd, 1 }, { 0xdf, 1 }, { 0xdd, 7 },
        { 0xd9, 7 },
    };
    unsigned k = rnd(G_N_ELEMENTS(ldst) + 8);

    if (k < G_N_ELEMENTS(ldst)) {
        if (k == 19) {
            x87_define_cc(g);
        }
        emit_x87_mem(g, ldst[k][0], ldst[k][1]);
        x87_track(g, ldst[k][0], 0, k);
    } else {
        unsigned r = rnd(8);

        emit_x87_mem(g, 0xd8 + 2 * rnd(4), r);
        g->x87_cc = r == 2 || r == 3;
        g->x87_c1 = true;
    }
}

static void gen_x87_reg(Gen *g)
{
    static const uint8_t d9[] = {
        0xe0, 0xe1, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee,
        0xf5, 0xf6, 0xf7, 0xf8, 0xfa, 0xfc, 0xfd, 0xd0,
    };
    unsigned i = rnd(8);

    switch (rnd(9)) {
    case 0:
    case 1:         /* arithmetic D8, DC, DE (DE D8-DF is FCOMPP only) */
        emit_x87_reg(g, 0xd8 + 4 * rnd(2), 0xc0 + rnd(64));
        break;
    case 2:
        if (rnd(4) == 0) {
            emit_x87_reg(g, 0xde, 0xd9);
        } else {
            unsigned r = rnd(7);

            emit_x87_reg(g, 0xde, 0xc0 | (r >= 3 ? r + 1 : r) << 3 | i);
        }
        break;
    case 3:         /* FLD ST(i), FXCH */
        emit_x87_reg(g, 0xd9, 0xc0 + rnd(16));
        break;
    case 4:
        emit_x87_reg(g, 0xd9, d9[rnd(sizeof(d9))]);
        break;
    case 5:         /* FCMOVcc, FUCOMPP */
        if (rnd(4) == 0) {
            emit_x87_reg(g, 0xda, 0xe9);
        } else {
            need_flags(g, ALL_FLAGS);
            emit_x87_reg(g, 0xda + rnd(2), 0xc0 + rnd(32));
        }
        break;
    case 6:         /* F(U)COMI(P) */
        emit_x87_reg(g, rnd(2) ? 0xdb : 0xdf, 0xe8 + rnd(16));
        g->defined = ALL_FLAGS;
        break;
    case 7:         /* FFREE, FST(P) ST(i), FUCOM(P) */
        emit_x87_reg(g, 0xdd, 0xc0 + 8 * "\0\2\3\4\5"[rnd(5)] + i);
        break;
    default:        /* FNSTSW AX, FNCLEX, FNINIT, FWAIT */
        switch (rnd(4)) {
        case 0:
            emit_x87_reg(g, 0xdf, 0xe0);
            break;
        case 1:
            emit_x87_reg(g, 0xdb, 0xe2);
            break;
        case 2:
            emit_x87_reg(g, 0xdb, 0xe3);
            break;
        default:
            emit(g, 1, 0x9b);
            x87_track(g, 0x9b, 0, -1);
            break;
        }
        break;
    }
}

static void gen_x87_one(Gen *g)
{
    if (rnd(3) == 0) {
        gen_x87_mem(g);
    } else {
        gen_x87_reg(g);
    }
}

/* Interesting 32-bit and 64-bit floating-point patterns. */
static uint64_t rnd_fp_bits(bool dbl)
{
    static const uint32_t f32[] = {
        0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000,
        0x7fc00000, 0xffc00000, 0x7fa00000, 0x00000001, 0x807fffff,
        0x7f7fffff, 0x4f000000, 0xcf000000, 0x3f000000, 0x5f000000,
    };
    static const uint64_t f64[] = {
        0, 0x8000000000000000ull, 0x3ff0000000000000ull,
        0xbff0000000000000ull, 0x7ff0000000000000ull, 0xfff8000000000000ull,
        0x7ff4000000000000ull, 0x0000000000000001ull, 0x7fefffffffffffffull,
        0x41e0000000000000ull, 0xc3e0000000000000ull, 0x3fe0000000000000ull,
        0x43e0000000000000ull, 0x3810000000000000ull, 0x47f0000000000000ull,
    };
    uint64_t r = (uint64_t)g_test_rand_int() << 32 | g_test_rand_int();

    switch (rnd(4)) {
    case 0:
        return dbl ? f64[rnd(G_N_ELEMENTS(f64))] : f32[rnd(G_N_ELEMENTS(f32))];
    case 1: {       /* a small integer or a simple fraction */
        double d = (double)((int)rnd(2001) - 1000) / (1u << rnd(4));
        float f = d;
        uint32_t u;

        if (dbl) {
            memcpy(&r, &d, 8);
        } else {
            memcpy(&u, &f, 4);
            r = u;
        }
        return r;
    }
    default:
        /* random sign/mantissa, exponent near 1.0 half of the time */
        if (rnd(2)) {
            r = dbl ? (r & 0x800fffffffffffffull) |
                      ((uint64_t)(1023 - 40 + rnd(80)) << 52)
                    : (r & 0x807fffff) | ((uint64_t)(127 - 20 + rnd(40)) << 23);
        }
        return dbl ? r : (uint32_t)r;
    }
}

/* Random x87/SSE state as an FXSAVE image (every exception masked). */
static void random_fx(uint8_t *img, bool x87)
{
    uint16_t fcw = 0x007f | (rnd(4) << 10) | (rnd(4) ? 0x300 : rnd(2) << 9);
    uint32_t mxcsr = 0x1f80 | (rnd(4) << 13) | (rnd(4) == 0 ? 0x8040 : 0) |
                     (rnd(2) ? rnd(64) : 0);
    unsigned depth = x87 ? rnd(9) : 0;

    memset(img, 0, 512);
    memcpy(img, &fcw, 2);
    /* TOP = 8 - depth: ST(0)..ST(depth-1) valid, in FXSAVE stack order */
    img[3] = ((8 - depth) & 7) << 3;
    for (unsigned i = 0; i < depth; i++) {
        unsigned phys = (8 - depth + i) & 7;
        double d;
        uint64_t b = rnd_fp_bits(true);
        long double ld;

        img[4] |= 1u << phys;
        memcpy(&d, &b, 8);
        ld = d;
        memcpy(img + 32 + 16 * i, &ld, 10);
    }
    memcpy(img + 24, &mxcsr, 4);
    for (unsigned i = 0; i < 16; i++) {
        for (unsigned j = 0; j < 2; j++) {
            uint64_t v;

            if (rnd(2)) {
                v = rnd_fp_bits(true);
            } else {
                v = rnd_fp_bits(false) | rnd_fp_bits(false) << 32;
            }
            memcpy(img + 160 + 16 * i + 8 * j, &v, 8);
        }
    }
}

/* Compare FXSAVE images: FOP/FIP/FDP and MXCSR_MASK are not compared. */
static bool fx_equal(const Gen *g, const uint8_t *native, const uint8_t *eng,
                     unsigned len)
{
    /* FSW high byte: C0 (bit 0), C1, C2, TOP, C3 (bit 6), B */
    uint8_t fsw_mask = 0xff & ~(g->x87_cc ? 0 : 0x45) & ~(g->x87_c1 ? 0 : 2);

    for (unsigned i = 0; i < len; i++) {
        if ((i >= 6 && i < 24) || (i >= 28 && i < 32) ||
            (i >= 32 && i < 160 && (i & 15) >= 10)) {
            continue;
        }
        if (i == 3 && !((native[i] ^ eng[i]) & fsw_mask)) {
            continue;
        }

        if (native[i] != eng[i]) {
            report(g, "FXSAVE image byte", i, native[i], eng[i]);
            return false;
        }
    }
    return true;
}

static bool run_one_fx(Harness *h, Gen *g, bool x87)
{
    uint64_t regs[16], flags, mask;
    CPUX86State *env = &h->cpu->env;
    uint8_t out[512];

    random_state(h, regs, &flags);
    random_fx(h->st.fx_in, x87);
    memcpy(h->native_data, h->init_data, DATA_SIZE);
    memcpy(h->st.regs, regs, sizeof(regs));
    h->st.flags = flags;
    native_build(h, g, false);
    native_run(h);

    memcpy(h->ram_ptr, h->init_data, DATA_SIZE);
    memcpy(h->ram_ptr + (CODE_BASE - DATA_BASE), g->buf, g->len);
    h->ram_ptr[CODE_BASE - DATA_BASE + g->len] = 0xf4;
    block_cache_invalidate_page(&h->cpu->cache, CODE_BASE);
    x86_cpu_set_flat64(h->cpu, CODE_BASE);
    env->cr[4] |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
    env->cr[0] |= X86_CR0_MP | X86_CR0_NE;
    memcpy(env->regs, regs, sizeof(regs));
    x86_set_eflags(env, flags);
    g_assert(x86_fxrstor_image(h->cpu, h->st.fx_in, true));
    h->cpu->halted = false;
    h->n_insns += x86_cpu_exec(h->cpu, 100000);
    if (h->cpu->exit_reason != X86_EXIT_HLT) {
        report(g, "exit reason", h->cpu->exit_reason, X86_EXIT_HLT,
               h->cpu->exception_index);
        g_test_message("at offset 0x%" PRIx64,
                       (uint64_t)(env->rip - CODE_BASE));
        return false;
    }
    for (unsigned i = 0; i < 16; i++) {
        if (env->regs[i] != h->st.regs[i]) {
            report(g, "register", i, h->st.regs[i], env->regs[i]);
            return false;
        }
    }
    mask = g->defined | X86_DF;
    if ((x86_get_eflags(env) & mask) != (h->st.flags & mask)) {
        report(g, "flags under mask", (unsigned)mask, h->st.flags & mask,
               x86_get_eflags(env) & mask);
        return false;
    }
    x86_fxsave_image(h->cpu, out, true);
    if (!fx_equal(g, h->st.fx_out, out, 416)) {
        GString *d = g_string_new("input FCW/FSW/tags ");

        g_string_append_printf(d, "%02x%02x %02x%02x %02x, ST(i):",
                               h->st.fx_in[1], h->st.fx_in[0],
                               h->st.fx_in[3], h->st.fx_in[2],
                               h->st.fx_in[4]);
        for (int i = 0; i < 8; i++) {
            g_string_append_printf(d, " %04x.%016" PRIx64,
                                   *(uint16_t *)(h->st.fx_in + 40 + 16 * i),
                                   *(uint64_t *)(h->st.fx_in + 32 + 16 * i));
        }
        g_test_message("%s", d->str);
        g_string_free(d, true);
        return false;
    }
    if (memcmp(h->native_data, h->ram_ptr, DATA_SIZE) != 0) {
        unsigned i = 0;

        while (h->native_data[i] == h->ram_ptr[i]) {
            i++;
        }
        report(g, "memory at offset", i, h->native_data[i], h->ram_ptr[i]);
        return false;
    }
    return true;
}

static void test_diff_fx(bool x87)
{
    Harness *h = g_new0(Harness, 1);
    unsigned n = g_test_slow() ? 400000 : 10000, fails = 0;

    if (!harness_init(h)) {
        g_test_skip("cannot map the fixed native test area");
        g_free(h);
        return;
    }
    h->fx = true;
    if (g_getenv("X86_DIFF_CODE")) {
        /* debugging: run one given sequence (hex bytes) */
        const char *c = g_getenv("X86_DIFF_CODE");
        Gen g = { .defined = ALL_FLAGS };

        while (*c) {
            g.buf[g.len++] = strtoul(c, (char **)&c, 16);
            c += strspn(c, " ");
        }
        fails += !run_one_fx(h, &g, x87);
        g_test_message("native FSW %04x engine %04x",
                       h->st.fx_out[2] | h->st.fx_out[3] << 8,
                       x86_fpu_get_fsw(&h->cpu->env));
        n = 1;
    }
    for (unsigned i = 0; i < n && fails < 5 && !g_getenv("X86_DIFF_CODE");
         i++) {
        Gen g = { .defined = ALL_FLAGS, .x87_cc = true, .x87_c1 = true };
        unsigned k = 1 + rnd(8);

        for (unsigned j = 0; j < k; j++) {
            if (x87 && rnd(4)) {
                gen_x87_one(&g);
            } else if (rnd(4)) {
                gen_sse_one(&g);
            } else {
                gen_mov(&g);
            }
        }
        fails += !run_one_fx(h, &g, x87);
    }
    g_test_message("%u %s sequences, %u guest instructions, %u mismatches",
                   n, x87 ? "x87" : "SSE", h->n_insns, fails);
    harness_free(h);
    g_free(h);
}

static void test_diff_sse(void)
{
    test_diff_fx(false);
}

static void test_diff_x87(void)
{
    test_diff_fx(true);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86/diff/random", test_diff);
    g_test_add_func("/x86/diff/code32", test_diff32);
    g_test_add_func("/x86/diff/sse", test_diff_sse);
    g_test_add_func("/x86/diff/sse32", test_diff_sse32);
    g_test_add_func("/x86/diff/x87", test_diff_x87);
    return g_test_run();
}
