/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scalar floating point: arithmetic, FMA, compares, conversions
 * (saturating), NaN propagation and printf's %f/%g/%e.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t bits(double d)
{
    uint64_t b;

    memcpy(&b, &d, 8);
    return b;
}

static volatile double zero = 0.0, one = 1.0, big = 1e300;
static volatile float fbig = 3e38f;

int main(int argc, char **argv)
{
    double x = argc * 1.5, s = 0;
    float f = 0.25f;
    volatile double nan1 = zero / zero, inf = one / zero;

    for (int i = 1; i < 50; i++) {
        s += x / i - (double)i * 0.125;
        f = f * 1.01f + (float)i;
    }
    printf("%f %.3f %g %e %d %ld\n", s, (double)f, s * 1e10, -s, (int)s,
           (long)(f * 3));
    printf("fma %.17g sqrt %.17g\n", fma(x, 1.0 / 3, -0.5), sqrt(x + 1));
    printf("nan %016llx inf %g -inf %g ovf %g\n",
           (unsigned long long)bits(nan1), inf, -inf, big * big);
    printf("cvt %d %u %lld %d\n", (int)(big), (unsigned)(-one),
           (long long)(-big), (int)(float)(fbig * 10));
    printf("cmp %d %d %d %d\n", nan1 < one, nan1 == nan1, one <= one,
           isless(inf, nan1));
    printf("minmax %g %g %g\n", fmax(one, nan1), fmin(-zero, zero),
           fmaxf(2.5f, -1.0f));
    printf("round %.1f %.1f %ld\n", floor(2.5), ceil(-2.5), lround(2.5));
    return 0;
}
