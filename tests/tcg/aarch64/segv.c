/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A store to an unmapped address: the program dies by SIGSEGV. */
#include <stdio.h>

int main(int argc, char **argv)
{
    volatile int *p = (volatile int *)(argc * 16ul);

    printf("before\n");
    fflush(stdout);
    *p = 1;
    printf("after\n");
    return 0;
}
