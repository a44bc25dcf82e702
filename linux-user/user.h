/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linux user-mode emulation of AArch64 programs: shared state of the
 * loader, the syscall layer and the main loop (docs/user-mode.md).
 *
 * Guest memory is the host address space shifted by guest_base (0 for
 * now: the program's segments are mapped at their own addresses).
 */
#ifndef LINUX_USER_USER_H
#define LINUX_USER_USER_H

#include "target/arm/cpu.h"

typedef struct LinuxUser {
    ARMCPU *cpu;
    uintptr_t guest_base;
    char *exec_path;        /* as given on the command line */
    bool strace;
    /* filled by the ELF loader */
    uint64_t entry;
    uint64_t phdr;
    uint64_t phnum;
    uint64_t load_bias;
    uint64_t brk_start;     /* initial break */
    uint64_t brk;           /* current break */
    uint64_t brk_mapped;    /* end of the pages backing the heap */
    uint64_t stack_top;
    /* set by exit/exit_group */
    bool exited;
    int exit_status;
} LinuxUser;

/* Load the static ELF at @path; errp on host or format errors. */
bool linux_user_load_elf(LinuxUser *u, const char *path, Error **errp);
/* Build the initial stack (argv, envp, auxv); returns the guest SP. */
uint64_t linux_user_setup_stack(LinuxUser *u, char **argv, char **envp,
                                Error **errp);
/* Perform the syscall in X8 with X0-X5; result in X0. */
void linux_user_syscall(LinuxUser *u);

static inline void *g2h(LinuxUser *u, uint64_t addr)
{
    return (void *)(uintptr_t)(addr + u->guest_base);
}

static inline uint64_t h2g(LinuxUser *u, void *p)
{
    return (uint64_t)(uintptr_t)p - u->guest_base;
}

#endif
