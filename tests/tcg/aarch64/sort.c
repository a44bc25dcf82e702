/* SPDX-License-Identifier: GPL-2.0-or-later */
/* qsort through a function pointer, malloc, strings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;

    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
    enum { N = 2000 };
    int *v = malloc(N * sizeof(*v));
    const char *words[] = { "pear", "apple", "fig", "banana", "cherry",
                            "kiwi", "date", "grape" };
    unsigned seed = 12345;
    long sum = 0;

    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        v[i] = (int)(seed >> 8) % 100000 - 50000;
    }
    qsort(v, N, sizeof(*v), cmp_int);
    for (int i = 1; i < N; i++) {
        if (v[i - 1] > v[i]) {
            printf("unsorted at %d\n", i);
            return 1;
        }
        sum += (long)v[i] * (i % 7);
    }
    printf("min %d max %d sum %ld\n", v[0], v[N - 1], sum);
    qsort(words, 8, sizeof(words[0]), cmp_str);
    for (int i = 0; i < 8; i++) {
        printf("%s%c", words[i], i == 7 ? '\n' : ' ');
    }
    free(v);
    return 0;
}
