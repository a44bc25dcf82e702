/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sev-snp-guest object (-object sev-snp-guest,id=ID,...), linked to a
 * machine by -machine confidential-guest-support=ID.  SEV-SNP here is
 * emulated in software: there is no firmware and no /dev/sev; the object
 * holds the launch configuration the emulated CPU and the QMP commands
 * report (docs/secure-avic.md).
 */
#ifndef HW_I386_SEV_H
#define HW_I386_SEV_H

#include "qom/object.h"

#define TYPE_SEV_SNP_GUEST "sev-snp-guest"

/* The C-bit position and physical-address reduction our CPU reports. */
#define SEV_EMULATED_CBITPOS 51
#define SEV_EMULATED_MAX_REDUCED_PHYS_BITS 12

/* SEV_FEATURES (VMSA) bits; SEV_STATUS bit n+2 mirrors bit n. */
#define SEV_FEATURE_SNP_ACTIVE  (1ull << 0)
#define SEV_FEATURE_SECURE_AVIC (1ull << 16)

typedef struct SevSnpGuest SevSnpGuest;
struct SavicCPU;
struct MachineState;

/*
 * The machine's SEV-SNP object from confidential-guest-support, NULL when
 * the option is absent.  Errors: unknown id, or an object of another type.
 */
bool sev_snp_machine_lookup(struct MachineState *ms, SevSnpGuest **out,
                            Error **errp);
/* Guest-visible SEV_STATUS (MSR 0xC0010131) of its vCPUs. */
uint64_t sev_snp_status(const SevSnpGuest *sev);
bool sev_snp_secure_avic(const SevSnpGuest *sev);
/* The board registers each vCPU's Secure AVIC state (for query-secure-avic). */
void sev_snp_add_cpu(SevSnpGuest *sev, struct SavicCPU *cpu);

/* QMP */
QObject *sev_qmp_query_sev(struct MachineState *ms, Error **errp);
QObject *sev_qmp_query_secure_avic(struct MachineState *ms, Error **errp);
/* Test-only: x-secure-avic-inject, x-secure-avic-hv-write. */
QObject *sev_qmp_savic_inject(struct MachineState *ms,
                              const struct QDict *args,
                              Error **errp);
QObject *sev_qmp_savic_hv_write(struct MachineState *ms,
                                const struct QDict *args,
                                Error **errp);

#endif
