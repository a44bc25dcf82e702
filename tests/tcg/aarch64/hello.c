/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The first user-mode program: glibc start-up, stdio, exit status. */
#include <stdio.h>

int main(void)
{
    printf("Hello, world!\n");
    return 0;
}
