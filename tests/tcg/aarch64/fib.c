/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Calls, returns, the stack, conditional branches. */
#include <stdio.h>
#include <stdlib.h>

static long fib(int n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 24;

    for (int i = 0; i <= n; i += 6) {
        printf("fib(%d) = %ld\n", i, fib(i));
    }
    printf("argc %d\n", argc);
    return 0;
}
