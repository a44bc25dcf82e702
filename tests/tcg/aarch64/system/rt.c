/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime of the bare-metal AArch64 system tests (see rt.h): console,
 * TAP, exit, exception dispatch, PSCI, secondary CPUs, GICv3 and the
 * identity MMU.
 */

#define PL011_DR        0x09000000ul
#define PL011_FR        0x09000018ul
#define PL011_FR_TXFF   (1u << 5)
#define HLT_SEMIHOST    0xd45e0000u     /* hlt #0xf000 */

bool rt_semihosting = true;
static volatile uint32_t console_lock;
static volatile int test_count;
static volatile int fail_count;
static volatile int cpus_started = 1;
static ExcHook hooks[RT_MAX_CPUS];
static void (*volatile start_fn[RT_MAX_CPUS])(int);
static bool mmu_wanted;
static uint64_t id_table[512] __attribute__((aligned(4096)));

void *memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d;

    while (n--) {
        *p++ = (uint8_t)c;
    }
    return d;
}

void *rt_memset(void *d, int c, size_t n)
{
    return memset(d, c, n);
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *p = d;
    const uint8_t *q = s;

    while (n--) {
        *p++ = *q++;
    }
    return d;
}

void rt_lock(volatile uint32_t *l)
{
    uint32_t tmp, busy;

    __asm__ volatile("sevl\n"
                     "1: wfe\n"
                     "2: ldaxr %w0, [%2]\n"
                     "cbnz %w0, 1b\n"
                     "mov %w1, #1\n"
                     "stxr %w0, %w1, [%2]\n"
                     "cbnz %w0, 2b\n"
                     : "=&r"(busy), "=&r"(tmp) : "r"(l) : "memory");
}

void rt_unlock(volatile uint32_t *l)
{
    __asm__ volatile("stlr wzr, [%0]\n sev" : : "r"(l) : "memory");
}

uint64_t semi_call(uint64_t op, const void *arg)
{
    register uint64_t x0 __asm__("x0") = op;
    register const void *x1 __asm__("x1") = arg;

    __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
    return x0;
}

static void console_write(const char *s)
{
    if (rt_semihosting) {
        semi_call(SEMI_SYS_WRITE0, s);
        return;
    }
    for (; *s; s++) {
        while (mmio_read32(PL011_FR) & PL011_FR_TXFF) {
            /* transmit FIFO full */
        }
        mmio_write32(PL011_DR, (uint8_t)*s);
    }
}

/* Locks only once other CPUs run: exclusives need the MMU on. */
static void console_locked(const char *s)
{
    bool smp = cpus_started > 1;

    if (smp) {
        rt_lock(&console_lock);
    }
    console_write(s);
    if (smp) {
        rt_unlock(&console_lock);
    }
}

typedef struct Buf {
    char *p;
    size_t left;
} Buf;

static void buf_put(Buf *b, char c)
{
    if (b->left > 1) {
        *b->p++ = c;
        b->left--;
    }
}

static void buf_str(Buf *b, const char *s)
{
    while (*s) {
        buf_put(b, *s++);
    }
}

static void buf_num(Buf *b, uint64_t v, unsigned base, int width, char pad)
{
    char tmp[24];
    int n = 0;

    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width-- > n) {
        buf_put(b, pad);
    }
    while (n) {
        buf_put(b, tmp[--n]);
    }
}

/* One conversion at *fmt (after '%'); returns the next format char. */
static const char *buf_conv(Buf *b, const char *fmt, va_list *ap)
{
    char pad = ' ';
    int width = 0, lng = 0;
    const char *s;
    int64_t sv;

    if (*fmt == '0') {
        pad = '0';
    }
    while (*fmt >= '0' && *fmt <= '9') {
        width = width * 10 + (*fmt++ - '0');
    }
    while (*fmt == 'l') {
        lng++;
        fmt++;
    }
    switch (*fmt) {
    case 'd':
        sv = lng ? va_arg(*ap, int64_t) : va_arg(*ap, int);
        if (sv < 0) {
            buf_put(b, '-');
            sv = -sv;
        }
        buf_num(b, (uint64_t)sv, 10, width, pad);
        break;
    case 'u':
    case 'x':
        buf_num(b, lng ? va_arg(*ap, uint64_t) : va_arg(*ap, unsigned),
                *fmt == 'u' ? 10 : 16, width, pad);
        break;
    case 'p':
        buf_put(b, '0');
        buf_put(b, 'x');
        buf_num(b, (uintptr_t)va_arg(*ap, void *), 16, width, pad);
        break;
    case 's':
        s = va_arg(*ap, const char *);
        buf_str(b, s);
        break;
    case 'c':
        buf_put(b, (char)va_arg(*ap, int));
        break;
    default:
        buf_put(b, *fmt);
        break;
    }
    return *fmt ? fmt + 1 : fmt;
}

void rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    Buf b = { buf, size };
    va_list aq;

    va_copy(aq, ap);
    while (*fmt) {
        if (*fmt != '%') {
            buf_put(&b, *fmt++);
            continue;
        }
        fmt = buf_conv(&b, fmt + 1, &aq);
    }
    va_end(aq);
    *b.p = 0;
}

void rt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    rt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

void rt_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    rt_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    console_locked(buf);
}

static bool tap_point(bool cond, const char *directive, const char *fmt,
                      va_list ap)
{
    char name[160], line[220];
    Buf b;
    int n;

    rt_vsnprintf(name, sizeof(name), fmt, ap);
    if (cpus_started > 1) {
        rt_lock(&console_lock);
    }
    n = ++test_count;
    if (!cond) {
        fail_count++;
    }
    b = (Buf){ line, sizeof(line) };
    buf_str(&b, cond ? "ok " : "not ok ");
    buf_num(&b, n, 10, 0, ' ');
    buf_str(&b, " - ");
    buf_str(&b, name);
    buf_str(&b, directive);
    buf_put(&b, '\n');
    *b.p = 0;
    console_write(line);
    if (cpus_started > 1) {
        rt_unlock(&console_lock);
    }
    return cond;
}

bool ok(bool cond, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_point(cond, "", fmt, ap);
    va_end(ap);
    return cond;
}

void skip(const char *why, const char *fmt, ...)
{
    char dir[96];
    va_list ap;

    rt_snprintf(dir, sizeof(dir), " # SKIP %s", why);
    va_start(ap, fmt);
    tap_point(true, dir, fmt, ap);
    va_end(ap);
}

bool check_eq(uint64_t got, uint64_t want, const char *fmt, ...)
{
    char name[160];
    va_list ap;

    va_start(ap, fmt);
    rt_vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    if (!ok(got == want, "%s", name)) {
        rt_printf("#   got 0x%lx, want 0x%lx\n", got, want);
        return false;
    }
    return true;
}

int rt_failures(void)
{
    return fail_count;
}

void rt_exit(int status)
{
    uint64_t block[2] = { ADP_STOPPED_APP_EXIT, (uint64_t)status };

    if (rt_semihosting) {
        semi_call(SEMI_SYS_EXIT_EXTENDED, block);
    }
    rt_printf("# exit status %d (no semihosting: PSCI SYSTEM_OFF)\n",
              status);
    if (current_el() < 3) {
        psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
    }
    for (;;) {
        wfi();
    }
}

void rt_bail(const char *why)
{
    rt_printf("Bail out! %s\n", why);
    rt_exit(127);
}

unsigned current_el(void)
{
    return (read_sysreg(CurrentEL) >> 2) & 3;
}

int cpu_index(void)
{
    uint64_t m = read_sysreg(mpidr_el1);

    return (int)((m & 0xff) + ((m >> 8) & 0xff) * 8) % RT_MAX_CPUS;
}

uint64_t cpu_mpidr(int idx)
{
    return (uint64_t)(idx % 8) | ((uint64_t)(idx / 8) << 8);
}

void rt_set_hook(ExcHook hook)
{
    hooks[cpu_index()] = hook;
}

void rt_lower_return(ExcFrame *f, uint64_t value)
{
    f->x[0] = value;
    f->elr = (uint64_t)rt_lower_resume;
    f->spsr = (current_el() << 2) | 1 | (0xf << 6);
}

static const char *kind_name(int kind)
{
    static const char *const names[4] = { "sync", "irq", "fiq", "serror" };
    static const char *const where[4] = { "current EL SP0", "current EL",
                                          "lower EL A64", "lower EL A32" };
    static char buf[40];
    Buf b = { buf, sizeof(buf) };

    buf_str(&b, names[kind & 3]);
    buf_put(&b, ' ');
    buf_str(&b, where[(kind >> 2) & 3]);
    *b.p = 0;
    return buf;
}

void rt_exc_dispatch(ExcFrame *f, int kind);
void rt_exc_dispatch(ExcFrame *f, int kind)
{
    ExcHook hook = hooks[cpu_index()];

    if (hook && hook(f, kind)) {
        return;
    }
    if (kind == EXC_CUR_SYNC && ESR_EC(f->esr) == EC_UNKNOWN &&
        *(uint32_t *)f->elr == HLT_SEMIHOST && rt_semihosting) {
        /* no -semihosting: HLT is undefined; fall back to the PL011 */
        rt_semihosting = false;
        f->x[0] = (uint64_t)-1;
        f->elr += 4;
        return;
    }
    rt_printf("# unexpected exception on CPU %d at EL%u: %s\n",
              cpu_index(), current_el(), kind_name(kind));
    rt_printf("# ESR=%lx ELR=%lx FAR=%lx SPSR=%lx\n",
              f->esr, f->elr, f->far, f->spsr);
    rt_bail("unexpected exception");
}

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
    register uint64_t x0 __asm__("x0") = fn;
    register uint64_t x1 __asm__("x1") = a1;
    register uint64_t x2 __asm__("x2") = a2;
    register uint64_t x3 __asm__("x3") = a3;

    if (current_el() == 1) {
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                         : : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
                           "x11", "x12", "x13", "x14", "x15", "x16", "x17",
                           "memory");
    } else {
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                         : : "x4", "x5", "x6", "x7", "x8", "x9", "x10",
                           "x11", "x12", "x13", "x14", "x15", "x16", "x17",
                           "memory");
    }
    return (int64_t)x0;
}

int64_t cpu_on(int idx, void (*fn)(int))
{
    start_fn[idx] = fn;
    dsb(sy);
    return psci_call(PSCI_CPU_ON, cpu_mpidr(idx),
                     (uint64_t)rt_secondary_entry, (uint64_t)idx);
}

static void mmu_enable_here(void)
{
    write_sysreg(mair_el1, 0xff00);     /* 0: device nGnRnE, 1: WB */
    /* T0SZ 25 (39 bits), WB WA inner shareable, 4K; EPD1; IPS 36 bits */
    write_sysreg(tcr_el1, 25 | (1 << 8) | (1 << 10) | (3 << 12) |
                 (1 << 23) | (1ull << 32));
    write_sysreg(ttbr0_el1, (uint64_t)id_table);
    isb();
    __asm__ volatile("tlbi vmalle1\n dsb nsh" ::: "memory");
    write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | 1 | (1 << 2) |
                 (1 << 12));
    isb();
}

void rt_mmu_on(void)
{
    /* 1 GiB blocks: AF, AttrIndx; RAM inner shareable */
    id_table[0] = 0x0 | (1 << 10) | (0 << 2) | 1 | (1ull << 54) |
                  (1ull << 53);
    for (int i = 1; i < 4; i++) {
        id_table[i] = ((uint64_t)i << 30) | (1 << 10) | (3 << 8) |
                      (1 << 2) | 1;
    }
    dsb(sy);
    mmu_wanted = true;
    mmu_enable_here();
}

void rt_secondary(int idx);
void rt_secondary(int idx)
{
    void (*fn)(int) = start_fn[idx];

    if (mmu_wanted && current_el() == 1) {
        mmu_enable_here();
    }
    __atomic_fetch_add(&cpus_started, 1, __ATOMIC_SEQ_CST);
    if (fn) {
        fn(idx);
    }
    psci_call(PSCI_CPU_OFF, 0, 0, 0);
    rt_bail("CPU_OFF returned");
}

void gic_init_dist(void)
{
    mmio_write32(GICD_BASE, 0x13);      /* ARE, EnableGrp1, EnableGrp0 */
    while (mmio_read32(GICD_BASE) & (1u << 31)) {
        /* RWP */
    }
}

static uintptr_t gicr_find(void)
{
    uint64_t m = read_sysreg(mpidr_el1);
    uint64_t aff = (m & 0xffffff) | ((m >> 32 & 0xff) << 24);

    for (uintptr_t r = GICR_BASE; r < GICR_BASE + 0x20000 * 64;
         r += 0x20000) {
        uint64_t typer = mmio_read64(r + 8);

        if ((typer >> 32) == aff) {
            return r;
        }
        if (typer & (1 << 4)) {
            break;
        }
    }
    rt_bail("no redistributor for this CPU");
}

static uintptr_t gicr_sgi[RT_MAX_CPUS];

void gic_init_cpu(void)
{
    uintptr_t rd = gicr_find(), sgi = rd + 0x10000;

    gicr_sgi[cpu_index()] = sgi;
    mmio_write32(rd + 0x14, mmio_read32(rd + 0x14) & ~2u);
    while (mmio_read32(rd + 0x14) & 4) {
        /* ChildrenAsleep */
    }
    mmio_write32(sgi + 0x180, 0xffffffff);      /* all disabled */
    mmio_write32(sgi + 0x280, 0xffffffff);      /* none pending */
    mmio_write32(sgi + 0x80, 0xffffffff);       /* group 1 */
    for (int i = 0; i < 32; i += 4) {
        mmio_write32(sgi + 0x400 + i, 0x80808080);
    }
    write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1); /* SRE */
    isb();
    write_sysreg(S3_0_C4_C6_0, 0xff);           /* ICC_PMR_EL1 */
    write_sysreg(S3_0_C12_C12_3, 0);            /* ICC_BPR1_EL1 */
    write_sysreg(S3_0_C12_C12_4, 0);            /* ICC_CTLR_EL1 */
    write_sysreg(S3_0_C12_C12_7, 1);            /* ICC_IGRPEN1_EL1 */
    isb();
}

void gic_enable_irq(unsigned intid, bool on)
{
    uintptr_t sgi = gicr_sgi[cpu_index()];

    mmio_write32(sgi + (on ? 0x100 : 0x180), 1u << (intid & 31));
    dsb(sy);
}

bool gic_is_pending(unsigned intid)
{
    return mmio_read32(gicr_sgi[cpu_index()] + 0x200) & (1u << intid);
}

uint32_t gic_ack(void)
{
    uint32_t v = (uint32_t)read_sysreg(S3_0_C12_C12_0);  /* ICC_IAR1_EL1 */

    dsb(sy);
    return v & 0xffffff;
}

void gic_eoi(uint32_t intid)
{
    write_sysreg(S3_0_C12_C12_1, intid);                 /* ICC_EOIR1 */
    isb();
}

void gic_send_sgi(unsigned intid, int cpu)
{
    uint64_t v = (1ull << (cpu % 8)) | ((uint64_t)(cpu / 8) << 16) |
                 ((uint64_t)(intid & 15) << 24);

    dsb(sy);
    write_sysreg(S3_0_C12_C11_5, v);                     /* ICC_SGI1R */
    isb();
}

void rt_main(void);
void rt_main(void)
{
    /* probe semihosting: without it the HLT traps (see dispatch) */
    semi_call(SEMI_SYS_WRITE0, "");
    rt_printf("# aarch64 system test at EL%u, console %s\n", current_el(),
              rt_semihosting ? "semihosting" : "pl011");
    test_main();
    rt_printf("1..%d\n", test_count);
    rt_exit(fail_count);
}
