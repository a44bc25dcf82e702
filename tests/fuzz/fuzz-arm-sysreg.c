/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fuzz the AArch64 system-register executor (target/arm/sysreg*.c): a
 * guest can execute any MRS/MSR/SYS/SYSL encoding at any EL with any
 * register contents.  Input: a 16-byte header (EL, EL2/EL3/PAN present,
 * then HCR_EL2 bits), then records of 12 bytes: the low 22 bits of a
 * system instruction (bits [31:22] are forced to 0b1101010100) and the
 * value of Xt.  Invariants: no crash; UNDEF or OK leave the EL alone; a
 * trap goes to an implemented EL at or above max(EL, 1); SCTLR_EL1 keeps
 * its RES1 bits; SPSel stays 0 or 1.
 */
#include "qemu/osdep.h"
#include "target/arm/sysreg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_SIZE 0x4000
#define HDR 16
#define REC 12
#define MAX_RECS 256

static void fuzz_check(const ArmSysState *s, unsigned el, ArmSysregResult r)
{
    unsigned top = s->el.have_el3 ? 3 : s->el.have_el2 ? 2 : 1;

    g_assert(s->el.el == el);
    g_assert((s->el.sctlr[1] & 0x30500800ull) == 0x30500800ull);
    if (r.kind == ARM_SR_TRAP) {
        g_assert(r.target_el >= MAX(el, 1u) && r.target_el <= top);
        g_assert(r.target_el != 2 || s->el.have_el2);
        g_assert(r.target_el != 3 || s->el.have_el3);
        g_assert((r.esr >> 26) == ARM_EC_SYSREG ||
                 (r.esr >> 26) == ARM_EC_FP_ACCESS);
    } else {
        g_assert(r.kind == ARM_SR_OK || r.kind == ARM_SR_UNDEF);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ARMCPU *cpu = g_new0(ARMCPU, 1);
    ArmSysState *s = g_new0(ArmSysState, 1);
    uint8_t hdr[HDR] = { 0 };
    uint8_t *host = g_malloc0(RAM_SIZE);
    MemoryRegion sys, ram;
    AddressSpace as;
    uint64_t hcr;

    memcpy(hdr, data, MIN(size, sizeof(hdr)));
    memory_region_init(&sys, NULL, "sys", UINT64_MAX);
    memory_region_init_ram_ptr(&ram, NULL, "ram", RAM_SIZE, host);
    memory_region_add_subregion(&sys, 0, &ram);
    address_space_init(&as, &sys, "fuzz");
    cpu->sys = s;
    cpu->idregs.val[ARM_ID_MIDR] = 0x411fd070;
    cpu->idregs.val[ARM_ID_AA64PFR0] = 0x11 | ((uint64_t)hdr[4] << 28);
    cpu->idregs.val[ARM_ID_AA64DFR0] = 0x6 | ((uint64_t)hdr[5] << 12);
    cpu->idregs.val[ARM_ID_AA64MMFR0] = hdr[6] & 0xf;
    s->as = &as;
    s->el.have_el2 = hdr[1] & 1;
    s->el.have_el3 = hdr[1] & 2;
    s->el.have_pan = hdr[1] & 4;
    arm_sysreg_reset_state(s, &cpu->idregs);
    s->el.el = hdr[0] & 3;
    if ((s->el.el == 2 && !s->el.have_el2) ||
        (s->el.el == 3 && !s->el.have_el3)) {
        s->el.el = 1;
    }
    memcpy(&hcr, hdr + 8, 8);
    s->el.hcr_el2 = hcr;
    s->el.scr_el3 |= hdr[2] & 1;            /* NS */
    for (size_t off = HDR, n = 0; off + REC <= size && n < MAX_RECS;
         off += REC, n++) {
        uint32_t insn;
        uint64_t xt;
        unsigned el = s->el.el;
        ArmSysregResult r;

        memcpy(&insn, data + off, 4);
        memcpy(&xt, data + off + 4, 8);
        insn = 0xd5000000u | (insn & 0x3fffff);
        cpu->env.xregs[insn & 31] = xt;
        r = arm_sysreg_exec(cpu, insn);
        fuzz_check(s, el, r);
        s->pending = 0;
    }
    address_space_destroy(&as);
    memory_region_finalize(&sys);
    memory_region_finalize(&ram);
    g_free(host);
    g_free(s);
    g_free(cpu);
    return 0;
}
