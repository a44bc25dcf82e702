/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Self-hosted debug exceptions at EL1 (MDSCR_EL1.KDE/MDE, OS lock
 * cleared, PSTATE.D clear): a hardware breakpoint (DBGBVR0/DBGBCR0:
 * EC 0x31, ELR = the instruction, taken before it executes), a store
 * watchpoint (DBGWVR0/DBGWCR0: EC 0x35, FAR = the address, WnR; a load
 * does not hit it), and software step (MDSCR_EL1.SS with SPSR.SS set by
 * the ERET: EC 0x33 after each single instruction, ELR = the next one).
 */

#define EC_BKPT_CUR     0x31
#define EC_STEP_CUR     0x33
#define EC_WATCH_CUR    0x35
#define MDSCR_SS        (1u << 0)
#define MDSCR_KDE       (1u << 13)
#define MDSCR_MDE       (1u << 15)
#define SPSR_SS         (1u << 21)

void bp_target(void);
void step_code(void);
void step_code_end(void);
__asm__(".text\n"
        ".global bp_target\n bp_target:\n add x0, x0, #1\n ret\n"
        ".global step_code\n step_code:\n"
        "svc #0x55\n"       /* arms the step: ERET with SPSR.SS = 1 */
        "add x0, x0, #1\n add x0, x0, #2\n add x0, x0, #4\n"
        ".global step_code_end\n step_code_end:\n ret\n");

static volatile int hits;
static volatile uint64_t last_esr, last_elr, last_far;
static volatile uint64_t step_elr[8];
static volatile int steps;
static volatile uint64_t watched;

static bool hook(ExcFrame *f, int kind)
{
    unsigned ec = ESR_EC(f->esr);

    if (kind != EXC_CUR_SYNC) {
        return false;
    }
    hits++;
    last_esr = f->esr;
    last_elr = f->elr;
    last_far = f->far;
    switch (ec) {
    case EC_BKPT_CUR:
        write_sysreg(dbgbcr0_el1, 0);           /* let it execute */
        break;
    case EC_WATCH_CUR:
        write_sysreg(dbgwcr0_el1, 0);
        break;
    case EC_SVC64:
        /* start stepping at the instruction after the SVC */
        write_sysreg(mdscr_el1, MDSCR_KDE | MDSCR_SS);
        f->spsr |= SPSR_SS;
        break;
    case EC_STEP_CUR:
        if (steps < 8) {
            step_elr[steps] = f->elr;
        }
        steps++;
        if (f->elr == (uint64_t)step_code_end) {
            write_sysreg(mdscr_el1, MDSCR_KDE);
        } else {
            f->spsr |= SPSR_SS;
        }
        break;
    default:
        return false;
    }
    isb();
    return true;
}

static void debug_enable(uint32_t mdscr)
{
    write_sysreg(oslar_el1, 0);                 /* clear the OS lock */
    write_sysreg(mdscr_el1, mdscr);
    isb();
    __asm__ volatile("msr daifclr, #8" ::: "memory");   /* PSTATE.D */
}

static uint64_t call_bp(uint64_t v)
{
    register uint64_t x0 __asm__("x0") = v;

    __asm__ volatile("bl bp_target" : "+r"(x0) : : "x30", "memory");
    return x0;
}

static void test_breakpoint(void)
{
    uint64_t r;

    check_eq(read_sysreg(oslsr_el1) & 2, 0, "OS lock clear (OSLSR_EL1.OSLK)");
    write_sysreg(dbgbvr0_el1, (uint64_t)bp_target);
    write_sysreg(dbgbcr0_el1, (0xf << 5) | (3 << 1) | 1);
    isb();
    hits = 0;
    r = call_bp(10);
    check_eq(hits, 1, "breakpoint: one exception");
    check_eq(ESR_EC(last_esr), EC_BKPT_CUR, "breakpoint: ESR.EC");
    check_eq(last_esr & 0x3f, 0x22, "breakpoint: IFSC debug exception");
    check_eq(last_elr, (uint64_t)bp_target, "breakpoint: ELR = target");
    check_eq(r, 11, "breakpoint: the instruction then ran once");
    hits = 0;
    r = call_bp(20);
    ok(hits == 0 && r == 21, "disabled breakpoint: no exception");
}

static void test_watchpoint(void)
{
    uint64_t v;

    write_sysreg(dbgwvr0_el1, (uint64_t)&watched);
    /* BAS all 8 bytes, LSC store only, PAC EL0 and EL1, enabled */
    write_sysreg(dbgwcr0_el1, (0xff << 5) | (2 << 3) | (3 << 1) | 1);
    isb();
    hits = 0;
    v = watched;
    ok(hits == 0, "store watchpoint: a load does not hit");
    watched = v + 5;
    check_eq(hits, 1, "store watchpoint: the store hits");
    check_eq(ESR_EC(last_esr), EC_WATCH_CUR, "watchpoint: ESR.EC");
    check_eq((last_esr >> 6) & 1, 1, "watchpoint: ESR.WnR");
    check_eq(last_esr & 0x3f, 0x22, "watchpoint: DFSC debug exception");
    check_eq(last_far, (uint64_t)&watched, "watchpoint: FAR");
    check_eq(watched, v + 5, "watchpoint: the store then completed");
}

static void test_step(void)
{
    register uint64_t x0 __asm__("x0") = 0;
    uint64_t base = (uint64_t)step_code + 4;

    steps = 0;
    __asm__ volatile("bl step_code" : "+r"(x0) : : "x30", "memory");
    check_eq(x0, 7, "software step: the stepped code ran");
    check_eq(steps, 3, "software step: one exception per instruction");
    for (int i = 0; i < 3; i++) {
        check_eq(step_elr[i], base + 4 * (i + 1),
                 "software step %d: ELR = next instruction", i + 1);
    }
    check_eq(ESR_EC(last_esr), EC_STEP_CUR, "software step: ESR.EC");
    check_eq(last_esr & 0x3f, 0x22, "software step: IFSC");
    check_eq((last_esr >> 24) & 1, 1, "software step: ISV");
}

void test_main(void)
{
    rt_set_hook(hook);
    debug_enable(MDSCR_KDE | MDSCR_MDE);
    test_breakpoint();
    test_watchpoint();
    test_step();
    __asm__ volatile("msr daifset, #8" ::: "memory");
}
