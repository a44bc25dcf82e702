/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Floating point as -O2 compiles it: SSE2 scalar and packed double and
 * float arithmetic, int/float conversions, a printf-style %.6f
 * formatter, long double (x87) arithmetic, FXSAVE/FXRSTOR and the #NM
 * and #XM/#UD rules are left to the unit tests.  Built with SSE and x87
 * enabled (meson adds -msse2 -m80387 after the common -mno-* flags).
 *
 * Prints "fpu: <name> ok|FAIL <got>" per check and exits through
 * isa-debug-exit with the number of failures (status 2 * n + 1).
 */

static unsigned failures;

static void check_str(const char *name, const char *got, const char *want)
{
    const char *g = got, *w = want;

    while (*g && *g == *w) {
        g++;
        w++;
    }
    serial_puts("fpu: ");
    serial_puts(name);
    if (*g == *w) {
        serial_puts(" ok\n");
        return;
    }
    failures++;
    serial_puts(" FAIL got '");
    serial_puts(got);
    serial_puts("' want '");
    serial_puts(want);
    serial_puts("'\n");
}

/* %.Nf of @v (|v| < 2^63), rounded half away from zero */
static void fmt_fixed(char *out, double v, int digits)
{
    char tmp[32];
    unsigned long ip, fp;
    double scale = 1.0;
    int n = 0;

    if (v < 0) {
        *out++ = '-';
        v = -v;
    }
    for (int i = 0; i < digits; i++) {
        scale *= 10.0;
    }
    ip = (unsigned long)v;
    fp = (unsigned long)((v - (double)ip) * scale + 0.5);
    if (fp >= (unsigned long)scale) {
        ip++;
        fp -= (unsigned long)scale;
    }
    do {
        tmp[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    while (n) {
        *out++ = tmp[--n];
    }
    *out++ = '.';
    for (int i = digits - 1; i >= 0; i--) {
        out[i] = (char)('0' + fp % 10);
        fp /= 10;
    }
    out[digits] = 0;
}

static void check_fixed(const char *name, double v, int digits,
                        const char *want)
{
    char buf[64];

    fmt_fixed(buf, v, digits);
    check_str(name, buf, want);
}

static void check_u(const char *name, unsigned long got, unsigned long want)
{
    char a[24], b[24];
    int i = 0, j = 0;
    char ta[24], tb[24];

    do {
        ta[i++] = (char)('0' + got % 10);
        got /= 10;
    } while (got);
    do {
        tb[j++] = (char)('0' + want % 10);
        want /= 10;
    } while (want);
    for (int k = 0; k < i; k++) {
        a[k] = ta[i - 1 - k];
    }
    a[i] = 0;
    for (int k = 0; k < j; k++) {
        b[k] = tb[j - 1 - k];
    }
    b[j] = 0;
    check_str(name, a, b);
}

/* Keep the compiler from folding the inputs at build time. */
static volatile double vin[8] = { 0.1, 0.2, 0.3, 1.5, -2.25, 3.0, 1e10, 7 };
static volatile float fin[4] = { 0.1f, 2.5f, -3.75f, 1e-3f };
static volatile long vint[4] = { 3, -17, 1000000007, -5 };

static double sum(const volatile double *a, int n)
{
    double s = 0;

    for (int i = 0; i < n; i++) {
        s += a[i];
    }
    return s;
}

static void test_sse_double(void)
{
    double a[64], b[64], dot = 0;
    double lo, hi;

    check_fixed("sum of doubles", sum(vin, 8), 6, "10000000009.850000");
    for (int i = 0; i < 64; i++) {      /* -O2: packed MULPD/ADDPD */
        a[i] = vin[i & 7] * (i + 1);
        b[i] = 1.0 / (i + 1);
    }
    for (int i = 0; i < 64; i++) {
        dot += a[i] * b[i];
    }
    check_fixed("dot product", dot, 4, "80000000078.8000");
    check_fixed("division", vin[5] / vin[0], 9, "30.000000000");
    check_fixed("sqrt", __builtin_sqrt(vin[5]), 12, "1.732050807569");
    lo = vin[4] < vin[3] ? vin[4] : vin[3];    /* MINSD */
    hi = vin[4] > vin[3] ? vin[4] : vin[3];    /* MAXSD */

    check_fixed("min/max", lo * 10 + hi, 3, "-21.000");
    check_u("compare", (vin[0] + vin[1] == vin[2]) * 10 +
            (vin[0] + vin[1] > vin[2]), 1);
}

static void test_sse_float(void)
{
    float f[16], s = 0;

    for (int i = 0; i < 16; i++) {      /* packed ADDPS/MULPS */
        f[i] = fin[i & 3] * (float)i;
    }
    for (int i = 0; i < 16; i++) {
        s += f[i];
    }
    check_fixed("float sum", s, 4, "-47.5640");
    check_fixed("float to double", (double)fin[0], 10, "0.1000000015");
}

static void test_conversions(void)
{
    check_u("double to long", (unsigned long)(long)(vin[6] * 3.7),
            37000000000);
    check_fixed("long to double", (double)vint[2] / 7, 6,
                "142857143.857143");
    check_u("truncation", (unsigned long)(-(long)vin[4]), 2);
    check_u("float to int", (unsigned long)(int)(fin[1] * 4.0f), 10);
    check_fixed("int to float", (float)vint[1] / 4.0f, 2, "-4.25");
    check_u("rounding (lrint)", (unsigned long)__builtin_lrint(vin[3]), 2);
}

static void test_x87(void)
{
    volatile long double x = 1.0L / 3.0L;
    long double y = x * 3.0L - 1.0L;

    check_fixed("long double third", (double)(x * 3000000.0L), 6,
                "1000000.000000");
    check_u("long double exact", y == 0.0L, 1);
    check_fixed("long double sqrt", (double)__builtin_sqrtl(x * 12.0L), 12,
                "2.000000000000");
    check_u("long double to long", (unsigned long)(long)(x * 3e18L),
            1000000000000000000ul);
}

static void fpu_enable(void)
{
    unsigned long cr0, cr4;
    unsigned int mxcsr = 0x1f80;

    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(1ul << 2 | 1ul << 3)) | 1ul << 1 | 1ul << 5;
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
    cr4 |= 1ul << 9 | 1ul << 10;        /* OSFXSR, OSXMMEXCPT */
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
    __asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
}

void guest_main(const char *cmdline)
{
    fpu_enable();
    test_sse_double();
    test_sse_float();
    test_conversions();
    test_x87();
    serial_puts(failures ? "fpu: FAILED\n" : "fpu: all passed\n");
    guest_exit(failures);
}
