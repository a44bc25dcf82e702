/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A bare AArch64 system-mode machine for unit tests: RAM at
 * ARM_RIG_RAM_BASE, a device page at ARM_RIG_MMIO_BASE that reads as
 * @mmio_value + offset and records writes, and one cortex-a57 entered at
 * EL1 at @entry.  Shared by test-a64-sys and test-a64-sys-jit.
 */
#ifndef TESTS_UNIT_ARM_SYS_RIG_H
#define TESTS_UNIT_ARM_SYS_RIG_H

#include "system/memory.h"
#include "target/arm/cpu.h"
#include "target/arm/a64-sys.h"
#include "target/arm/sysreg.h"
#include "qapi/error.h"

#define ARM_RIG_RAM_BASE    0x40000000ull
#define ARM_RIG_MMIO_BASE   0x09000000ull

typedef struct ArmSysRig {
    MemoryRegion sys, ram, mmio;
    AddressSpace as;
    uint8_t *host;
    uint64_t mmio_value;        /* device reads: this + offset */
    uint64_t mmio_last;         /* last value written to the device */
    unsigned mmio_writes;
    ARMCPU *cpu;
} ArmSysRig;

static uint64_t arm_rig_mmio_read(void *opaque, hwaddr offset, unsigned size)
{
    ArmSysRig *r = opaque;

    return r->mmio_value + offset;
}

static void arm_rig_mmio_write(void *opaque, hwaddr offset, uint64_t data,
                               unsigned size)
{
    ArmSysRig *r = opaque;

    r->mmio_last = data;
    r->mmio_writes++;
}

static const MemoryRegionOps arm_rig_mmio_ops = {
    .read = arm_rig_mmio_read,
    .write = arm_rig_mmio_write,
};

static inline ArmSysRig *arm_rig_new(uint64_t ram_size, uint64_t entry,
                                     uint64_t mmio_value)
{
    ArmSysRig *r = g_new0(ArmSysRig, 1);

    r->mmio_value = mmio_value;
    r->host = g_malloc0(ram_size);
    memory_region_init(&r->sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&r->ram, NULL, "ram", ram_size, r->host);
    memory_region_add_subregion(&r->sys, ARM_RIG_RAM_BASE, &r->ram);
    memory_region_init_io(&r->mmio, NULL, &arm_rig_mmio_ops, r, "dev",
                          0x1000);
    memory_region_add_subregion(&r->sys, ARM_RIG_MMIO_BASE, &r->mmio);
    address_space_init(&r->as, &r->sys, "as");
    r->cpu = arm_sys_cpu_new(arm_cpu_model_find("cortex-a57"), &r->as);
    r->cpu->sys->rvbar = entry;
    g_assert_true(arm_sysreg_idregs_init(r->cpu, false, false, NULL,
                                         &error_abort));
    arm_sys_cpu_reset(r->cpu);
    arm_sys_cpu_set_entry(r->cpu, entry, 1, 0);
    return r;
}

static inline void arm_rig_free(ArmSysRig *r)
{
    arm_sys_cpu_free(r->cpu);
    address_space_destroy(&r->as);
    memory_region_finalize(&r->mmio);
    memory_region_finalize(&r->ram);
    memory_region_finalize(&r->sys);
    g_free(r->host);
    g_free(r);
}

/* Little-endian words at guest physical @addr. */
static inline void arm_rig_code(ArmSysRig *r, uint64_t addr,
                                const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t le = htole32(w[i]);

        memcpy(r->host + addr - ARM_RIG_RAM_BASE + 4 * i, &le, 4);
    }
}

static inline uint64_t arm_rig_ld64(ArmSysRig *r, uint64_t addr)
{
    uint64_t v;

    memcpy(&v, r->host + addr - ARM_RIG_RAM_BASE, 8);
    return le64toh(v);
}

#endif
