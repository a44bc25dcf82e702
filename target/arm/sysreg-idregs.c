/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ID registers of the system-mode CPU: the model's limits plus the ELs
 * the board implements (ID_AA64PFR0.EL2/EL3) and the GICv3 system
 * register interface (ID_AA64PFR0.GIC), then `-cpu MODEL,SYSREG_*`
 * checked with KVM's rules (id-regs.c), where EL2/EL3 are sticky when
 * implemented.
 */
#include "qemu/osdep.h"
#include "sysreg.h"
#include "qemu/bitops.h"
#include "qapi/error.h"

bool arm_sysreg_idregs_init(ARMCPU *cpu, bool has_el2, bool has_el3,
                            char **props, Error **errp)
{
    uint64_t lim[ARM_IDREG_COUNT];
    uint64_t pfr0;

    memcpy(lim, cpu->idregs.limit, sizeof(lim));
    pfr0 = lim[ARM_ID_AA64PFR0];
    pfr0 = deposit64(pfr0, 8, 4, has_el2 ? 1 : 0);      /* EL2 */
    pfr0 = deposit64(pfr0, 12, 4, has_el3 ? 1 : 0);     /* EL3 */
    if (cpu->sys && cpu->sys->gic) {
        pfr0 = deposit64(pfr0, 24, 4, 1);               /* GIC sysregs */
    }
    lim[ARM_ID_AA64PFR0] = pfr0;
    arm_idregs_init(&cpu->idregs, lim, has_el2, has_el3);
    for (char **p = props; p && *p; p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        if (!kv[1]) {
            error_setg(errp, "Expected '=' after parameter '%s'", kv[0]);
            return false;
        }
        if (!arm_idregs_set_prop(&cpu->idregs, kv[0], kv[1], errp)) {
            return false;
        }
    }
    if (!arm_idregs_realize(&cpu->idregs, errp)) {
        return false;
    }
    cpu->idregs.started = true;
    if (cpu->sys) {
        /* PSTATE.PAN exists when ID_AA64MMFR1.PAN says so. */
        cpu->sys->el.have_pan =
            extract64(cpu->idregs.val[ARM_ID_AA64MMFR1], 20, 4) != 0;
    }
    return true;
}
