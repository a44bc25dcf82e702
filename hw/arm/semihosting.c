/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arm semihosting, A64 (HLT #0xf000): SYS_OPEN (":tt" only), SYS_CLOSE,
 * SYS_WRITEC, SYS_WRITE0, SYS_WRITE (console handles), SYS_ISTTY,
 * SYS_ERRNO, SYS_HEAPINFO, SYS_EXIT, SYS_EXIT_EXTENDED.  Other
 * operations return -1 and are logged under -d unimp.
 *
 * Handles: SYS_OPEN(":tt") gives 1 for reading and writing modes
 * (stdout) and 2 for appending modes (stderr), as the specification's
 * console convention has it; SYS_WRITE accepts handles 1 and 2.
 * Parameter blocks are 64-bit words; every guest pointer is read through
 * the CPU's current translation, and a failed read is an error result.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "hw/arm/semihosting.h"
#include "system/runstate.h"
#include "target/arm/a64-sys.h"

#define SEMI_ERR ((uint64_t)-1)
/* Longest string SYS_WRITE0 prints in one call. */
#define SEMI_STR_MAX 4096
/* Bytes SYS_WRITE copies per chunk. */
#define SEMI_CHUNK 4096

static uint64_t semi_ld64(const uint8_t *p)
{
    uint64_t v;

    memcpy(&v, p, 8);
    return le64toh(v);
}

static void semi_st64(uint8_t *p, uint64_t v)
{
    v = htole64(v);
    memcpy(p, &v, 8);
}

static bool semi_words(ARMCPU *cpu, uint64_t addr, uint64_t *w, unsigned n)
{
    uint8_t buf[32];

    g_assert(n <= 4);
    if (!arm_sys_read_virt(cpu, addr, buf, 8 * n)) {
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        w[i] = semi_ld64(buf + 8 * i);
    }
    return true;
}

static FILE *semi_stream(const ArmSemiConfig *cfg, uint64_t handle)
{
    if (handle == 1) {
        return cfg->out ? cfg->out : stdout;
    }
    if (handle == 2) {
        return cfg->err ? cfg->err : stderr;
    }
    return NULL;
}

static uint64_t semi_write0(ARMCPU *cpu, ArmSemiConfig *cfg, uint64_t addr)
{
    FILE *f = semi_stream(cfg, 1);

    for (unsigned n = 0; n < SEMI_STR_MAX; n++) {
        uint8_t c;

        if (!arm_sys_read_virt(cpu, addr + n, &c, 1)) {
            return SEMI_ERR;
        }
        if (!c) {
            break;
        }
        fputc(c, f);
    }
    fflush(f);
    return 0;
}

/* [handle, buffer, length]: returns the number of bytes NOT written. */
static uint64_t semi_write(ARMCPU *cpu, ArmSemiConfig *cfg, uint64_t param)
{
    uint64_t w[3], done = 0;
    uint8_t buf[SEMI_CHUNK];
    FILE *f;

    if (!semi_words(cpu, param, w, 3)) {
        return SEMI_ERR;
    }
    f = semi_stream(cfg, w[0]);
    if (!f) {
        return w[2];
    }
    while (done < w[2]) {
        size_t n = MIN(w[2] - done, sizeof(buf));

        if (!arm_sys_read_virt(cpu, w[1] + done, buf, n)) {
            break;
        }
        fwrite(buf, 1, n, f);
        done += n;
    }
    fflush(f);
    return w[2] - done;
}

/* [name, mode, length]: only the console ":tt". */
static uint64_t semi_open(ARMCPU *cpu, uint64_t param)
{
    uint64_t w[3];
    char name[4] = "";

    if (!semi_words(cpu, param, w, 3) || w[2] != 3 ||
        !arm_sys_read_virt(cpu, w[0], name, 3) || memcmp(name, ":tt", 3)) {
        qemu_log_mask(LOG_UNIMP, "semihosting: SYS_OPEN of files is not "
                      "supported (only \":tt\")\n");
        return SEMI_ERR;
    }
    return w[1] >= 8 ? 2 : 1;
}

static uint64_t semi_heapinfo(ARMCPU *cpu, const ArmSemiConfig *cfg,
                              uint64_t param)
{
    uint64_t block;
    uint8_t out[32];

    if (!semi_words(cpu, param, &block, 1)) {
        return SEMI_ERR;
    }
    semi_st64(out, cfg->heap_base);
    semi_st64(out + 8, cfg->heap_limit);
    semi_st64(out + 16, cfg->stack_base);
    semi_st64(out + 24, cfg->stack_limit);
    return arm_sys_write_virt(cpu, block, out, sizeof(out)) ? 0 : SEMI_ERR;
}

/* [reason, subcode]: exit status subcode for ApplicationExit, else 1. */
static uint64_t semi_exit(MachineState *ms, ARMCPU *cpu, ArmSemiConfig *cfg,
                          uint64_t param)
{
    uint64_t w[2];

    if (!semi_words(cpu, param, w, 2)) {
        return SEMI_ERR;
    }
    cfg->exited = true;
    cfg->exit_status = w[0] == ARM_SEMI_APPLICATION_EXIT ? (int)w[1] : 1;
    cpu->exit_request = 1;
    if (ms) {
        qemu_system_exit_request(ms, cfg->exit_status);
    }
    return 0;
}

bool arm_semihosting_call(MachineState *ms, ARMCPU *cpu, ArmSemiConfig *cfg)
{
    uint32_t op = cpu->env.xregs[0];
    uint64_t param = cpu->env.xregs[1], r;
    uint8_t c;

    switch (op) {
    case ARM_SEMI_OPEN:
        r = semi_open(cpu, param);
        break;
    case ARM_SEMI_CLOSE:
    case ARM_SEMI_ERRNO:
        r = 0;
        break;
    case ARM_SEMI_ISTTY:
        r = 1;
        break;
    case ARM_SEMI_WRITEC:
        r = arm_sys_read_virt(cpu, param, &c, 1) ? 0 : SEMI_ERR;
        if (!r) {
            fputc(c, semi_stream(cfg, 1));
            fflush(semi_stream(cfg, 1));
        }
        break;
    case ARM_SEMI_WRITE0:
        r = semi_write0(cpu, cfg, param);
        break;
    case ARM_SEMI_WRITE:
        r = semi_write(cpu, cfg, param);
        break;
    case ARM_SEMI_HEAPINFO:
        r = semi_heapinfo(cpu, cfg, param);
        break;
    case ARM_SEMI_EXIT:
    case ARM_SEMI_EXIT_EXTENDED:
        r = semi_exit(ms, cpu, cfg, param);
        break;
    default:
        qemu_log_mask(LOG_UNIMP, "semihosting: operation 0x%x is not "
                      "implemented\n", op);
        r = SEMI_ERR;
        break;
    }
    if (op != ARM_SEMI_EXIT && op != ARM_SEMI_EXIT_EXTENDED) {
        cpu->env.xregs[0] = r;
    }
    return true;
}
