/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Synchronous exceptions at the entry exception level (EL1 by default,
 * EL2 with virtualization=on, EL3 with secure=on): SVC, BRK, UDF, HVC,
 * SMC, alignment data aborts, PC alignment, MMU data and instruction
 * aborts (EL1), exceptions from the lower EL, ERET restoring PSTATE from
 * SPSR, and an exception taken inside an exception handler.  ESR, FAR,
 * ELR and SPSR are checked against the values the architecture defines.
 */

typedef struct Seen {
    int count;
    int kind;
    unsigned el;
    uint64_t esr, far, elr, spsr, daif;
} Seen;

enum { RESUME_NEXT, RESUME_LR };

static volatile Seen seen;
static volatile int resume_mode;
static volatile Seen nested;
static volatile bool nest_brk;
static volatile bool lower_el1_hvc;
static uint64_t align_buf[4];

static uint64_t sctlr_read(void)
{
    switch (current_el()) {
    case 3:
        return read_sysreg(sctlr_el3);
    case 2:
        return read_sysreg(sctlr_el2);
    default:
        return read_sysreg(sctlr_el1);
    }
}

static void sctlr_write(uint64_t v)
{
    switch (current_el()) {
    case 3:
        write_sysreg(sctlr_el3, v);
        break;
    case 2:
        write_sysreg(sctlr_el2, v);
        break;
    default:
        write_sysreg(sctlr_el1, v);
        break;
    }
    isb();
}

static void record(volatile Seen *s, ExcFrame *f, int kind)
{
    s->count++;
    s->kind = kind;
    s->el = current_el();
    s->esr = f->esr;
    s->far = f->far;
    s->elr = f->elr;
    s->spsr = f->spsr;
    s->daif = read_sysreg(daif);
}

static bool hook(ExcFrame *f, int kind)
{
    unsigned ec = ESR_EC(f->esr);

    if (kind == EXC_LOWER_SYNC) {
        record(&seen, f, kind);
        rt_lower_return(f, f->esr);
        return true;
    }
    if (kind != EXC_CUR_SYNC) {
        return false;
    }
    if (nest_brk && ec == EC_SVC64) {
        record(&seen, f, kind);
        /* a second exception while handling the first */
        __asm__ volatile("brk #0x5" ::: "memory");
        return true;
    }
    if (nest_brk && ec == EC_BRK64) {
        record(&nested, f, kind);
        f->elr += 4;
        return true;
    }
    record(&seen, f, kind);
    if (resume_mode == RESUME_LR) {
        f->elr = f->x[30];
    } else if (ec != EC_SVC64 && ec != EC_HVC64 && ec != EC_SMC64) {
        f->elr += 4;
    }
    return true;
}

static void expect_sync(const char *what, unsigned ec, uint64_t iss,
                        uint64_t elr)
{
    uint64_t want_m = (current_el() << 2) | 1;

    ok(seen.count == 1 && seen.kind == EXC_CUR_SYNC,
       "%s: one synchronous exception, current EL with SP_ELx", what);
    check_eq(ESR_EC(seen.esr), ec, "%s: ESR.EC", what);
    check_eq(seen.esr & ESR_IL, ESR_IL, "%s: ESR.IL (32-bit instruction)",
             what);
    if (iss != (uint64_t)-1) {
        check_eq(ESR_ISS(seen.esr), iss, "%s: ESR.ISS", what);
    }
    check_eq(seen.elr, elr, "%s: ELR", what);
    check_eq(seen.spsr & 0x1f, want_m, "%s: SPSR.M = EL%uh", what,
             current_el());
    check_eq(seen.daif, 0x3c0, "%s: handler runs with DAIF all masked",
             what);
    seen.count = 0;
}

static void test_svc(void)
{
    uint64_t next, nzcv_daif;

    /* N and C set, D, A and F masked, I clear: all must land in SPSR */
    __asm__ volatile("msr daifset, #0xd\n msr daifclr, #2\n"
                     "mov x9, #0xa0000000\n msr nzcv, x9\n"
                     "adr %0, 1f\n svc #0x1234\n 1:\n"
                     "msr daifclr, #0xd\n msr daifset, #2"
                     : "=&r"(next) : : "x9", "memory", "cc");
    nzcv_daif = seen.spsr & 0xf00003c0;
    expect_sync("SVC #0x1234", EC_SVC64, 0x1234, next);
    check_eq(nzcv_daif, 0xa0000340, "SVC: SPSR holds NZCV and D,A,F");
}

static void test_brk_udf(void)
{
    uint64_t pc;

    __asm__ volatile("adr %0, 1f\n 1: brk #0x77" : "=r"(pc) : : "memory");
    expect_sync("BRK #0x77", EC_BRK64, 0x77, pc);
    __asm__ volatile("adr %0, 1f\n 1: udf #0x42" : "=r"(pc) : : "memory");
    expect_sync("UDF", EC_UNKNOWN, 0, pc);
    /* a system register that does not exist */
    __asm__ volatile("adr %0, 1f\n 1: mrs x9, s3_6_c15_c15_7"
                     : "=r"(pc) : : "x9", "memory");
    expect_sync("MRS of an unallocated system register", EC_UNKNOWN, 0, pc);
}

static void test_alignment(void)
{
    uint64_t pc, v, addr = (uint64_t)align_buf + 1;
    uint64_t sctlr = sctlr_read();

    sctlr_write(sctlr | 2);             /* SCTLR.A: alignment checks */
    __asm__ volatile("adr %0, 1f\n 1: ldr %1, [%2]"
                     : "=&r"(pc), "=r"(v) : "r"(addr) : "memory");
    sctlr_write(sctlr);
    ok(seen.count == 1, "unaligned LDR with SCTLR.A: one exception");
    check_eq(ESR_EC(seen.esr), EC_DABT_CUR, "unaligned LDR: data abort");
    check_eq(seen.esr & 0x3f, 0x21, "unaligned LDR: DFSC alignment fault");
    check_eq((seen.esr >> 6) & 1, 0, "unaligned LDR: WnR = 0");
    check_eq(seen.far, addr, "unaligned LDR: FAR = the address");
    check_eq(seen.elr, pc, "unaligned LDR: ELR = the load");
    seen.count = 0;

    sctlr_write(sctlr | 2);
    __asm__ volatile("adr %0, 1f\n 1: str %1, [%2]"
                     : "=&r"(pc) : "r"(v), "r"(addr + 2) : "memory");
    sctlr_write(sctlr);
    check_eq((seen.esr >> 6) & 1, 1, "unaligned STR: WnR = 1");
    check_eq(seen.far, addr + 2, "unaligned STR: FAR");
    seen.count = 0;
}

static void test_pc_alignment(void)
{
    uint64_t target = (uint64_t)test_pc_alignment + 2, ret;

    resume_mode = RESUME_LR;
    __asm__ volatile("adr x30, 1f\n mov %0, x30\n br %1\n 1:"
                     : "=&r"(ret) : "r"(target) : "x30", "memory");
    resume_mode = RESUME_NEXT;
    ok(seen.count == 1, "BR to a misaligned PC: one exception");
    check_eq(ESR_EC(seen.esr), EC_PC_ALIGN, "PC alignment fault: ESR.EC");
    check_eq(seen.far, target, "PC alignment fault: FAR = the bad PC");
    check_eq(seen.elr, target, "PC alignment fault: ELR = the bad PC");
    seen.count = 0;
}

/* EL1 only: the identity MMU of rt.c (0-1 GiB device, PXN, UXN). */
static void test_mmu_aborts(void)
{
    volatile uint64_t *unmapped = (volatile uint64_t *)0x100000000ull;
    uint64_t pc, v;

    rt_mmu_on();
    __asm__ volatile("adr %0, 1f\n 1: ldr %1, [%2]"
                     : "=&r"(pc), "=r"(v) : "r"(unmapped) : "memory");
    check_eq(ESR_EC(seen.esr), EC_DABT_CUR, "unmapped load: data abort");
    check_eq(seen.esr & 0x3f, 0x05, "unmapped load: translation fault L1");
    check_eq(seen.far, (uint64_t)unmapped, "unmapped load: FAR");
    check_eq(seen.elr, pc, "unmapped load: ELR");
    seen.count = 0;

    resume_mode = RESUME_LR;
    __asm__ volatile("adr x30, 1f\n br %0\n 1:"
                     : : "r"(0x1000ull) : "x30", "memory");
    resume_mode = RESUME_NEXT;
    check_eq(ESR_EC(seen.esr), EC_IABT_CUR, "execute from PXN device "
             "memory: instruction abort");
    check_eq(seen.esr & 0x3f, 0x0d, "PXN: IFSC permission fault L1");
    check_eq(seen.elr, 0x1000, "PXN: ELR = target");
    check_eq(seen.far, 0x1000, "PXN: FAR = target");
    seen.count = 0;
}

static bool eret_hook(ExcFrame *f, int kind)
{
    if (kind != EXC_CUR_SYNC || ESR_EC(f->esr) != EC_SVC64) {
        return false;
    }
    f->x[0] = 0x5a5a;
    f->spsr = (f->spsr & ~0xf0000000ull) | 0x60000000;
    return true;
}

static void test_eret(void)
{
    uint64_t nzcv, x0 = 0;

    /* the hook's frame edits are what ERET restores */
    rt_set_hook(eret_hook);
    __asm__ volatile("mov x0, #1\n msr nzcv, xzr\n svc #7\n"
                     "mov %0, x0\n mrs %1, nzcv"
                     : "=r"(x0), "=r"(nzcv) : : "x0", "memory", "cc");
    rt_set_hook(hook);
    check_eq(x0, 0x5a5a, "ERET: x0 as the handler left it");
    check_eq(nzcv, 0x60000000, "ERET: NZCV restored from the edited SPSR");
}

static void test_nested(void)
{
    uint64_t next;

    nest_brk = true;
    __asm__ volatile("adr %0, 1f\n svc #0x21\n 1:"
                     : "=r"(next) : : "memory");
    nest_brk = false;
    ok(seen.count == 1 && nested.count == 1,
       "nested: SVC handler took a BRK and both returned");
    check_eq(ESR_EC(nested.esr), EC_BRK64, "nested: inner ESR.EC = BRK");
    check_eq(ESR_ISS(nested.esr), 5, "nested: inner ESR.ISS");
    check_eq(nested.spsr & 0x3c0, 0x3c0,
             "nested: inner SPSR shows the handler's masked DAIF");
    check_eq(nested.spsr & 0x1f, (current_el() << 2) | 1,
             "nested: inner SPSR.M = EL%uh", current_el());
    check_eq(ESR_EC(seen.esr), EC_SVC64, "nested: outer ESR.EC = SVC");
    check_eq(seen.elr, next, "nested: outer ELR preserved, returned");
    seen.count = 0;
}

/* Code run at the lower EL by rt_lower_call(). */
void lower_svc(void);
void lower_sysreg(void);
void lower_el1_code(void);
__asm__(".text\n"
        ".global lower_svc\n lower_svc:\n svc #0x10\n b .\n"
        ".global lower_sysreg\n lower_sysreg:\n mrs x0, sctlr_el1\n b .\n"
        ".global lower_el1_code\n lower_el1_code:\n"
        "svc #0x3\n hvc #0x99\n b .\n");

static uint8_t lower_stack[4096] __attribute__((aligned(16)));

static void test_el0(void)
{
    uint64_t top = (uint64_t)lower_stack + sizeof(lower_stack), esr;

    esr = rt_lower_call((uint64_t)lower_svc, top, 0, 0 /* EL0t */);
    ok(seen.count == 1 && seen.kind == EXC_LOWER_SYNC,
       "SVC from EL0: lower-EL synchronous vector");
    check_eq(ESR_EC(esr), EC_SVC64, "SVC from EL0: ESR.EC");
    check_eq(ESR_ISS(esr), 0x10, "SVC from EL0: ESR.ISS");
    check_eq(seen.elr, (uint64_t)lower_svc + 4, "SVC from EL0: ELR");
    check_eq(seen.spsr & 0x1f, 0, "SVC from EL0: SPSR.M = EL0t");
    seen.count = 0;

    esr = rt_lower_call((uint64_t)lower_sysreg, top, 0, 0);
    check_eq(ESR_EC(esr), EC_UNKNOWN, "MRS SCTLR_EL1 at EL0: UNDEFINED");
    check_eq(seen.elr, (uint64_t)lower_sysreg, "MRS at EL0: ELR");
    seen.count = 0;
}

static bool el1_side_hook(ExcFrame *f, int kind)
{
    /* runs at EL1 under EL2: the SVC of lower_el1_code */
    if (current_el() == 1 && kind == EXC_CUR_SYNC &&
        ESR_EC(f->esr) == EC_SVC64 && ESR_ISS(f->esr) == 3) {
        lower_el1_hvc = true;
        return true;
    }
    return hook(f, kind);
}

static void test_el2(void)
{
    uint64_t top = (uint64_t)lower_stack + sizeof(lower_stack), esr, next;

    __asm__ volatile("adr %0, 1f\n hvc #0x42\n 1:"
                     : "=r"(next) : : "memory");
    expect_sync("HVC #0x42 at EL2", EC_HVC64, 0x42, next);

    write_sysreg(hcr_el2, 1ull << 31);          /* EL1 is AArch64 */
    write_sysreg(vbar_el1, (uint64_t)rt_vectors_el1);
    write_sysreg(sctlr_el1, 0x30d00800);        /* RES1 bits, MMU off */
    isb();
    rt_set_hook(el1_side_hook);
    esr = rt_lower_call((uint64_t)lower_el1_code, top, 0, 0x3c5);
    rt_set_hook(hook);
    ok(lower_el1_hvc, "EL1 under EL2: SVC taken to EL1, returned");
    ok(seen.count == 1 && seen.kind == EXC_LOWER_SYNC && seen.el == 2,
       "HVC from EL1: taken to EL2, lower-EL vector");
    check_eq(ESR_EC(esr), EC_HVC64, "HVC from EL1: ESR_EL2.EC");
    check_eq(ESR_ISS(esr), 0x99, "HVC from EL1: ESR_EL2.ISS");
    check_eq(seen.elr, (uint64_t)lower_el1_code + 8,
             "HVC from EL1: ELR_EL2 = next instruction");
    check_eq(seen.spsr & 0x1f, 5, "HVC from EL1: SPSR_EL2.M = EL1h");
    seen.count = 0;
}

static void test_el1_hvc(void)
{
    int64_t v = psci_call(PSCI_VERSION, 0, 0, 0);

    ok(v >= 0x10000 && (v >> 16) == 1, "HVC #0: PSCI_VERSION 1.x (0x%lx)",
       (uint64_t)v);
    seen.count = 0;
}

static void test_el3(void)
{
    uint64_t next;

    __asm__ volatile("adr %0, 1f\n smc #0x33\n 1:"
                     : "=r"(next) : : "memory");
    expect_sync("SMC #0x33 at EL3", EC_SMC64, 0x33, next);
}

void test_main(void)
{
    unsigned el = current_el();

    rt_set_hook(hook);
    test_svc();
    test_brk_udf();
    test_alignment();
    test_pc_alignment();
    test_eret();
    test_nested();
    if (el == 1) {
        test_el1_hvc();
        test_el0();
        test_mmu_aborts();
    } else if (el == 2) {
        test_el2();
    } else {
        test_el3();
    }
}
