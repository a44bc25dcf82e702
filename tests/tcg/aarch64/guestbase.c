/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest cannot reach the emulator's memory: MAP_FIXED mappings and
 * writes at every power of two from 64 KiB to 2^47 not already in use
 * (probed with MAP_FIXED_NOREPLACE), brk to absurd
 * values, and syscalls handed wild buffer pointers.  Under qemu-aarch64
 * each either works inside the guest address space or fails cleanly;
 * the program must get to the end.  A pointer with a tag in its top byte
 * reaches the untagged address, as Linux's TBI for user space gives.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile uint64_t tagged_target = 0x1122334455667788ull;

int main(void)
{
    int fds[2], mapped = 0, refused = 0;
    long r;
    uintptr_t tagged = (uintptr_t)&tagged_target | (0x5aull << 56);

    setvbuf(stdout, NULL, _IONBF, 0);
    for (int k = 16; k <= 47; k++) {
        uint64_t addr = 1ull << k;
        void *p = mmap((void *)addr, 65536, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                       -1, 0);

        if (p == MAP_FAILED && errno == EEXIST) {
            mapped++;           /* our own program, heap or stack */
            continue;
        }
        if (p != MAP_FAILED) {
            /* Free for the guest: now map over it with MAP_FIXED. */
            p = mmap((void *)addr, 65536, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        }
        if (p == MAP_FAILED) {
            refused++;
            continue;
        }
        ((volatile char *)p)[0] = 1;
        ((volatile char *)p)[65535] = 2;
        munmap(p, 65536);
        mapped++;
    }
    printf("fixed mappings: all_handled=%d\n", mapped + refused == 32);
    r = syscall(SYS_brk, 0);
    printf("brk huge: unchanged=%d\n",
           syscall(SYS_brk, 0x7fffffff0000ull) == r);
    pipe(fds);
    write(fds[1], "abcdefgh", 8);
    r = syscall(SYS_read, fds[0], (void *)0x7fff00000000ull, 8);
    printf("read to wild pointer: r=%ld errno=%d\n", r, errno);
    r = syscall(SYS_read, fds[0], (void *)-4096l, 8);
    printf("read to kernel pointer: r=%ld errno=%d\n", r, errno);
    *(volatile uint64_t *)tagged = 0x8877665544332211ull;
    printf("tagged pointer: load=%d store=%d\n",
           *(volatile uint64_t *)(tagged ^ (0xffull << 56)) ==
           0x8877665544332211ull, tagged_target == 0x8877665544332211ull);
    printf("survived\n");
    return 0;
}
