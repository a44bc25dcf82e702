/* SPDX-License-Identifier: GPL-2.0-or-later */
/* glibc's string routines: the AdvSIMD subset, unaligned ends, DC ZVA. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
    static char big[8192];
    char buf[256], *copy;
    unsigned h = 0;

    for (int off = 0; off < 40; off++) {
        memset(big + off, 'a' + off % 26, 1000 + off * 37);
        big[off + 1000 + off * 37] = 0;
        h = h * 31 + (unsigned)strlen(big + off);
        h = h * 31 + (unsigned)(strchr(big + off, 'z') ? 1 : 0);
        h = h * 31 + (unsigned)((char *)memchr(big, 'a' + off % 26,
                                               sizeof(big)) - big);
    }
    printf("hash %08x\n", h);
    memset(big, 0, sizeof(big));
    for (int i = 0; i < 200; i++) {
        big[i] = (char)('A' + i % 50);
    }
    memmove(big + 3, big, 150);
    memcpy(buf, big + 7, 100);
    buf[100] = 0;
    printf("%s\n", buf + 50);
    printf("cmp %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0,
           strncmp("hello", "help", 3));
    copy = strdup("The rain in Spain");
    printf("%s|%s|%zu|%s\n", copy, strrchr(copy, 'a'), strspn(copy, "Teh"),
           strstr(copy, "Spa"));
    snprintf(buf, sizeof(buf), "%5d|%-6s|%x|%lu|%c", -42, "ab", 0xbeefu,
             123456789012ul, 'q');
    printf("%s\n", buf);
    free(copy);
    return 0;
}
