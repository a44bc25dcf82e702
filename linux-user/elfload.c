/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ELF loader and initial process stack for AArch64 Linux programs.
 *
 * Static executables only: ET_EXEC at their link addresses, and
 * static-PIE (ET_DYN without PT_INTERP) at a bias chosen by the host.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "user.h"

#include <elf.h>
#include <sys/mman.h>
#include <sys/random.h>

#define USER_STACK_SIZE (8ull << 20)

static bool elf_check_header(const Elf64_Ehdr *eh, Error **errp)
{
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
        eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB) {
        error_setg(errp, "not a 64-bit little-endian ELF file");
        return false;
    }
    if (eh->e_machine != EM_AARCH64) {
        error_setg(errp, "ELF file is not for AArch64");
        return false;
    }
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) {
        error_setg(errp, "ELF file is not an executable");
        return false;
    }
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > 64) {
        error_setg(errp, "bad ELF program headers");
        return false;
    }
    return true;
}

/* The span [lo, hi) covered by the PT_LOAD segments. */
static bool elf_load_span(const Elf64_Phdr *ph, unsigned n, uint64_t *lo,
                          uint64_t *hi, Error **errp)
{
    *lo = UINT64_MAX;
    *hi = 0;
    for (unsigned i = 0; i < n; i++) {
        if (ph[i].p_type == PT_INTERP) {
            error_setg(errp, "dynamically linked programs are not "
                       "supported yet");
            return false;
        }
        if (ph[i].p_type == PT_LOAD) {
            *lo = MIN(*lo, ph[i].p_vaddr & ~(USER_PAGE_SIZE - 1));
            *hi = MAX(*hi, ph[i].p_vaddr + ph[i].p_memsz);
        }
    }
    if (*lo >= *hi) {
        error_setg(errp, "ELF file has no loadable segment");
        return false;
    }
    return true;
}

static bool elf_read_segment(LinuxUser *u, int fd, const Elf64_Phdr *ph,
                             Error **errp)
{
    if (ph->p_filesz > ph->p_memsz) {
        error_setg(errp, "bad ELF segment sizes");
        return false;
    }
    if (pread(fd, g2h(u, ph->p_vaddr + u->load_bias), ph->p_filesz,
              ph->p_offset) != (ssize_t)ph->p_filesz) {
        error_setg(errp, "short read of ELF segment");
        return false;
    }
    return true;
}

/*
 * Map the whole span read-write in one go (segments may share a page):
 * ET_EXEC at its link address, static-PIE at a fixed base inside the
 * guest address space (0x5500000000 when it fits, like QEMU).
 */
static bool elf_reserve_span(LinuxUser *u, bool pie, uint64_t lo,
                             uint64_t hi, Error **errp)
{
    uint64_t len = USER_PAGE_ALIGN(hi) - lo;
    uint64_t base = lo;

    if (pie) {
        base = u->reserve_size >= (1ull << 40) ? 0x5500000000ull :
               (u->reserve_size / 4) & ~0xffffull;
    }
    if (!user_mem_map_fixed(u, base, len, PROT_READ | PROT_WRITE)) {
        error_setg(errp, "cannot map the program at 0x%" PRIx64, base);
        return false;
    }
    u->load_bias = base - lo;
    return true;
}

static bool elf_load_segments(LinuxUser *u, int fd, const Elf64_Ehdr *eh,
                              const Elf64_Phdr *ph, Error **errp)
{
    uint64_t lo, hi;

    if (!elf_load_span(ph, eh->e_phnum, &lo, &hi, errp) ||
        !elf_reserve_span(u, eh->e_type == ET_DYN, lo, hi, errp)) {
        return false;
    }
    u->phdr = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD) {
            continue;
        }
        if (!elf_read_segment(u, fd, &ph[i], errp)) {
            return false;
        }
        if (eh->e_phoff >= ph[i].p_offset &&
            eh->e_phoff < ph[i].p_offset + ph[i].p_filesz) {
            u->phdr = ph[i].p_vaddr + u->load_bias +
                      (eh->e_phoff - ph[i].p_offset);
        }
    }
    u->entry = eh->e_entry + u->load_bias;
    u->phnum = eh->e_phnum;
    u->brk_start = u->brk = u->brk_mapped = USER_PAGE_ALIGN(hi + u->load_bias);
    return true;
}

bool linux_user_load_elf(LinuxUser *u, const char *path, Error **errp)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph[64];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    bool ok = false;

    if (fd < 0) {
        error_setg_errno(errp, errno, "Error while loading %s", path);
        return false;
    }
    if (pread(fd, &eh, sizeof(eh), 0) != sizeof(eh)) {
        error_setg(errp, "Error while loading %s: file too short", path);
        goto out_close;
    }
    if (!elf_check_header(&eh, errp)) {
        goto out_close;
    }
    if (pread(fd, ph, eh.e_phnum * sizeof(Elf64_Phdr), eh.e_phoff) !=
        (ssize_t)(eh.e_phnum * sizeof(Elf64_Phdr))) {
        error_setg(errp, "short read of program headers");
        goto out_close;
    }
    ok = elf_load_segments(u, fd, &eh, ph, errp);
out_close:
    close(fd);
    return ok;
}

/* Copy a string just below *top; returns its guest address. */
static uint64_t stack_push_str(LinuxUser *u, uint64_t *top, const char *s)
{
    size_t len = strlen(s) + 1;

    *top -= len;
    memcpy(g2h(u, *top), s, len);
    return *top;
}

typedef struct AuxEntry {
    uint64_t type;
    uint64_t val;
} AuxEntry;

static unsigned stack_fill_auxv(LinuxUser *u, AuxEntry *aux,
                                uint64_t random, uint64_t execfn,
                                uint64_t platform)
{
    AuxEntry tmp[] = {
        { AT_PHDR, u->phdr }, { AT_PHENT, sizeof(Elf64_Phdr) },
        { AT_PHNUM, u->phnum }, { AT_PAGESZ, USER_PAGE_SIZE },
        { AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, u->entry },
        { AT_UID, getuid() }, { AT_EUID, geteuid() },
        { AT_GID, getgid() }, { AT_EGID, getegid() },
        { AT_HWCAP, u->main_thread->cpu->hwcap }, { AT_HWCAP2, 0 },
        { AT_CLKTCK, sysconf(_SC_CLK_TCK) }, { AT_PLATFORM, platform },
        { AT_SECURE, 0 }, { AT_RANDOM, random }, { AT_EXECFN, execfn },
        { AT_NULL, 0 },
    };

    memcpy(aux, tmp, sizeof(tmp));
    return G_N_ELEMENTS(tmp);
}

uint64_t linux_user_setup_stack(LinuxUser *u, char **argv, char **envp,
                                Error **errp)
{
    unsigned argc = g_strv_length(argv), envc = g_strv_length(envp);
    g_autofree uint64_t *argp = g_new(uint64_t, argc + 1);
    g_autofree uint64_t *envpp = g_new(uint64_t, envc + 1);
    AuxEntry aux[32];
    uint64_t top, random, execfn, platform, sp, *w;
    unsigned naux, nwords;

    if (!user_mem_map_fixed(u, u->stack_top - USER_STACK_SIZE,
                            USER_STACK_SIZE, PROT_READ | PROT_WRITE)) {
        error_setg(errp, "cannot allocate the guest stack");
        return 0;
    }
    top = u->stack_top;
    top -= 16;
    random = top;
    if (getrandom(g2h(u, random), 16, 0) != 16) {
        memset(g2h(u, random), 0x5a, 16);
    }
    execfn = stack_push_str(u, &top, u->exec_path);
    platform = stack_push_str(u, &top, "aarch64");
    for (unsigned i = 0; i < envc; i++) {
        envpp[i] = stack_push_str(u, &top, envp[i]);
    }
    for (unsigned i = 0; i < argc; i++) {
        argp[i] = stack_push_str(u, &top, argv[i]);
    }
    naux = stack_fill_auxv(u, aux, random, execfn, platform);
    nwords = 1 + (argc + 1) + (envc + 1) + naux * 2;
    sp = (top - nwords * 8) & ~15ull;
    w = g2h(u, sp);
    *w++ = argc;
    for (unsigned i = 0; i < argc; i++) {
        *w++ = argp[i];
    }
    *w++ = 0;
    for (unsigned i = 0; i < envc; i++) {
        *w++ = envpp[i];
    }
    *w++ = 0;
    memcpy(w, aux, naux * sizeof(AuxEntry));
    return sp;
}
