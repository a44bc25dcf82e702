/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sev-snp-guest: the SEV-SNP launch configuration of a software-emulated
 * confidential guest.
 *
 * Properties are upstream QEMU's (specs/cli.md "Objects"); they are
 * validated when the object is created, so a bad value fails at startup
 * with the option's location.  Nothing is sent to a firmware: the values
 * decide what the emulated CPU reports (SEV_STATUS, the C-bit position)
 * and whether its vCPUs have Secure AVIC (target/i386/savic.c).
 */
#include "qemu/osdep.h"
#include "hw/i386/sev.h"
#include "hw/core/machine.h"
#include "qobject/qdict.h"
#include "qobject/qlist.h"
#include "system/runstate.h"
#include "target/i386/savic.h"

struct SevSnpGuest {
    Object parent_obj;
    char *sev_device;
    uint32_t cbitpos;
    uint32_t reduced_phys_bits;
    bool kernel_hashes;
    uint64_t policy;
    char *guest_visible_workarounds;
    char *id_block;
    char *id_auth;
    char *host_data;
    bool author_key_enabled;
    bool vcek_disabled;
    bool secure_tsc;
    uint32_t tsc_frequency;
    bool debug_swap;
    bool secure_avic;
    bool allowed_sev_features;
    GPtrArray *cpus;            /* SavicCPU *, registered by the board */
};

/* SNP guest policy: bit 17 is reserved-must-be-one, 63:25 reserved. */
#define SNP_POLICY_RESERVED_MBO (1ull << 17)
#define SNP_POLICY_RESERVED_MBZ (~0ull << 25)

/* A base64 launch parameter must decode to exactly @len bytes. */
static bool sev_check_blob(const char *name, const char *b64, size_t len,
                           Error **errp)
{
    g_autofree guchar *raw = NULL;
    size_t n = strlen(b64), got;

    if (n % 4 || strspn(b64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
                        "opqrstuvwxyz0123456789+/=") != n) {
        error_setg(errp, "Parameter '%s' is not valid base64", name);
        return false;
    }
    raw = g_base64_decode(b64, &got);
    if (got != len) {
        error_setg(errp, "Parameter '%s' must decode to %zu bytes, got %zu",
                   name, len, got);
        return false;
    }
    return true;
}

static bool sev_check_blobs(SevSnpGuest *s, Error **errp)
{
    static const struct { const char *name; size_t off, len; } blobs[] = {
        { "guest-visible-workarounds",
          offsetof(SevSnpGuest, guest_visible_workarounds), 16 },
        { "id-block", offsetof(SevSnpGuest, id_block), 96 },
        { "id-auth", offsetof(SevSnpGuest, id_auth), 4096 },
        { "host-data", offsetof(SevSnpGuest, host_data), 32 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(blobs); i++) {
        const char *v = *(char **)((char *)s + blobs[i].off);

        if (v && !sev_check_blob(blobs[i].name, v, blobs[i].len, errp)) {
            return false;
        }
    }
    if (s->id_auth && !s->id_block) {
        error_setg(errp, "Parameter 'id-auth' requires 'id-block'");
        return false;
    }
    return true;
}

static bool sev_snp_complete(Object *obj, Error **errp)
{
    SevSnpGuest *s = (SevSnpGuest *)obj;

    if (s->cbitpos != SEV_EMULATED_CBITPOS) {
        error_setg(errp, "cbitpos check failed, host '%d' requested '%u'",
                   SEV_EMULATED_CBITPOS, s->cbitpos);
        return false;
    }
    if (s->reduced_phys_bits < 1 ||
        s->reduced_phys_bits > SEV_EMULATED_MAX_REDUCED_PHYS_BITS) {
        error_setg(errp, "reduced-phys-bits check failed, it should be in "
                   "the range of 1 to %d, requested '%u'",
                   SEV_EMULATED_MAX_REDUCED_PHYS_BITS, s->reduced_phys_bits);
        return false;
    }
    if (!(s->policy & SNP_POLICY_RESERVED_MBO) ||
        (s->policy & SNP_POLICY_RESERVED_MBZ)) {
        error_setg(errp, "Invalid SEV-SNP guest policy 0x%" PRIx64 ": bit 17 "
                   "must be set and bits 63:25 clear", s->policy);
        return false;
    }
    if (s->tsc_frequency && !s->secure_tsc) {
        error_setg(errp, "Parameter 'tsc-frequency' requires secure-tsc=on");
        return false;
    }
    return sev_check_blobs(s, errp);
}

static void sev_snp_init(Object *obj)
{
    ((SevSnpGuest *)obj)->cpus = g_ptr_array_new();
}

static void sev_snp_finalize(Object *obj)
{
    g_ptr_array_free(((SevSnpGuest *)obj)->cpus, true);
}

bool sev_snp_machine_lookup(MachineState *ms, SevSnpGuest **out,
                            Error **errp)
{
    Object *obj;

    *out = NULL;
    if (!ms->cgs) {
        return true;
    }
    obj = object_resolve_child(container_get(ms->root, "/objects"), ms->cgs);
    if (!obj) {
        error_setg(errp, "Device '%s' not found", ms->cgs);
        return false;
    }
    if (!object_dynamic_cast(obj, TYPE_SEV_SNP_GUEST)) {
        error_setg(errp, "Object '%s' (%s) is not a confidential guest "
                   "support object this machine supports (sev-snp-guest)",
                   ms->cgs, object_get_typename(obj));
        return false;
    }
    *out = (SevSnpGuest *)obj;
    return true;
}

uint64_t sev_snp_status(const SevSnpGuest *sev)
{
    uint64_t features = SEV_FEATURE_SNP_ACTIVE |
                        (sev->secure_avic ? SEV_FEATURE_SECURE_AVIC : 0);

    /* SEV, SEV-ES and SNP active, then SEV_FEATURES shifted by 2. */
    return 3 | (features << 2);
}

bool sev_snp_secure_avic(const SevSnpGuest *sev)
{
    return sev->secure_avic;
}

void sev_snp_add_cpu(SevSnpGuest *sev, SavicCPU *cpu)
{
    g_ptr_array_add(sev->cpus, cpu);
}

/* ---- QMP ---- */

static SevSnpGuest *sev_qmp_lookup(MachineState *ms, Error **errp)
{
    SevSnpGuest *sev;

    if (!sev_snp_machine_lookup(ms, &sev, errp)) {
        return NULL;
    }
    if (!sev) {
        error_setg(errp, "SEV feature is not available");
    }
    return sev;
}

/*
 * Upstream's SevInfo for an SNP guest.  Our "firmware" is the emulator:
 * API version 1.55 (the SNP ABI the guest policy's ABI fields refer to),
 * build 0.
 */
QObject *sev_qmp_query_sev(MachineState *ms, Error **errp)
{
    SevSnpGuest *sev = sev_qmp_lookup(ms, errp);
    QDict *d;

    if (!sev) {
        return NULL;
    }
    d = qdict_new();
    qdict_put_bool(d, "enabled", true);
    qdict_put_int(d, "api-major", 1);
    qdict_put_int(d, "api-minor", 55);
    qdict_put_int(d, "build-id", 0);
    qdict_put_str(d, "state", runstate_is_running(ms) ? "running"
                                                     : "launch-update");
    qdict_put_str(d, "sev-type", "sev-snp");
    qdict_put_int(d, "snp-policy", sev->policy);
    return QOBJECT(d);
}

static QDict *sev_qmp_savic_cpu(unsigned index, const SavicCPU *c)
{
    QDict *d = qdict_new();

    qdict_put_int(d, "cpu-index", index);
    qdict_put_int(d, "apic-id", c->apic_id);
    qdict_put_bool(d, "enabled", savic_enabled(c));
    qdict_put_int(d, "control", c->ctrl);
    qdict_put_int(d, "registered-gpa", c->registered_gpa);
    qdict_put_int(d, "requested", c->stats.requested);
    qdict_put_int(d, "merged", c->stats.merged);
    qdict_put_int(d, "blocked", c->stats.blocked);
    qdict_put_int(d, "delivered", c->stats.delivered);
    qdict_put_int(d, "nmi-accepted", c->stats.nmi_accepted);
    qdict_put_int(d, "nmi-refused", c->stats.nmi_refused);
    qdict_put_int(d, "hv-writes-refused", c->stats.hv_writes_refused);
    return d;
}

/* Our extension: the Secure AVIC counters of every vCPU. */
QObject *sev_qmp_query_secure_avic(MachineState *ms, Error **errp)
{
    SevSnpGuest *sev = sev_qmp_lookup(ms, errp);
    QList *list;

    if (!sev) {
        return NULL;
    }
    if (!sev->secure_avic) {
        error_setg(errp, "Secure AVIC is not enabled (sev-snp-guest "
                   "secure-avic=on)");
        return NULL;
    }
    list = qlist_new();
    for (unsigned i = 0; i < sev->cpus->len; i++) {
        qlist_append(list, sev_qmp_savic_cpu(i, sev->cpus->pdata[i]));
    }
    return QOBJECT(list);
}

/*
 * Test-only commands (x- prefix, docs/secure-avic.md): the emulator as a
 * malicious hypervisor, for the spec's section 8 checks.
 */
static SavicCPU *sev_qmp_savic(MachineState *ms, const QDict *args,
                               Error **errp)
{
    SevSnpGuest *sev = sev_qmp_lookup(ms, errp);
    int64_t i = qdict_get_try_int(args, "cpu-index", 0);

    if (!sev) {
        return NULL;
    }
    if (!sev->secure_avic) {
        error_setg(errp, "Secure AVIC is not enabled (sev-snp-guest "
                   "secure-avic=on)");
        return NULL;
    }
    if (i < 0 || i >= sev->cpus->len) {
        error_setg(errp, "Parameter 'cpu-index' expects a vCPU index "
                   "below %u", sev->cpus->len);
        return NULL;
    }
    return sev->cpus->pdata[i];
}

/* Request a vector (RequestedIRR) and/or a host NMI (V_NMI), then kick. */
QObject *sev_qmp_savic_inject(MachineState *ms, const QDict *args,
                              Error **errp)
{
    SavicCPU *c = sev_qmp_savic(ms, args, errp);
    int64_t v = qdict_get_try_int(args, "vector", -1);

    if (!c) {
        return NULL;
    }
    if (v > 255 || (v >= 0 && v < 16)) {
        error_setg(errp, "Parameter 'vector' expects 16 to 255");
        return NULL;
    }
    if (v >= 0) {
        savic_request_irr(c, v);
    }
    if (qdict_get_try_bool(args, "nmi", false)) {
        savic_request_nmi(c);
    }
    savic_notify(c);
    return QOBJECT(qdict_new());
}

/* Store into the vCPU's backing page as the hypervisor (RMP-checked). */
QObject *sev_qmp_savic_hv_write(MachineState *ms, const QDict *args,
                                Error **errp)
{
    SavicCPU *c = sev_qmp_savic(ms, args, errp);
    int64_t off = qdict_get_try_int(args, "offset", 0);
    int64_t val = qdict_get_try_int(args, "value", 0);
    int r;

    if (!c) {
        return NULL;
    }
    if (off < 0 || off > 4092 || (off & 3) || val < 0 || val > UINT32_MAX) {
        error_setg(errp, "Parameter 'offset' expects a dword offset in the "
                   "page and 'value' a 32-bit value");
        return NULL;
    }
    r = savic_hv_write_page(c, off, val);
    if (r == -EPERM) {
        error_setg(errp, "RMP: the backing page is guest-private; the "
                   "hypervisor cannot write it");
        return NULL;
    }
    if (r) {
        error_setg(errp, "vCPU has no Secure AVIC backing page");
        return NULL;
    }
    savic_notify(c);
    return QOBJECT(qdict_new());
}

/* ---- type ---- */

static const Property sev_snp_props[] = {
    DEFINE_PROP_STRING("sev-device", SevSnpGuest, sev_device,
                       "SEV device (unused: SEV-SNP is emulated)"),
    DEFINE_PROP_UINT32("cbitpos", SevSnpGuest, cbitpos, 0,
                       "C-bit position in page table entries (51)"),
    DEFINE_PROP_UINT32("reduced-phys-bits", SevSnpGuest, reduced_phys_bits,
                       0, "physical address bits lost to encryption"),
    DEFINE_PROP_BOOL("kernel-hashes", SevSnpGuest, kernel_hashes, false,
                     "add kernel hashes to the measurement"),
    DEFINE_PROP_UINT64("policy", SevSnpGuest, policy, 0x30000,
                       "SNP guest policy"),
    DEFINE_PROP_STRING("guest-visible-workarounds", SevSnpGuest,
                       guest_visible_workarounds, "16 bytes, base64"),
    DEFINE_PROP_STRING("id-block", SevSnpGuest, id_block,
                       "ID block, 96 bytes, base64"),
    DEFINE_PROP_STRING("id-auth", SevSnpGuest, id_auth,
                       "ID authentication, 4096 bytes, base64"),
    DEFINE_PROP_STRING("host-data", SevSnpGuest, host_data,
                       "host data, 32 bytes, base64"),
    DEFINE_PROP_BOOL("author-key-enabled", SevSnpGuest, author_key_enabled,
                     false, "id-auth carries an author key"),
    DEFINE_PROP_BOOL("vcek-disabled", SevSnpGuest, vcek_disabled, false,
                     "guest may not use the VCEK"),
    DEFINE_PROP_BOOL("secure-tsc", SevSnpGuest, secure_tsc, false,
                     "Secure TSC"),
    DEFINE_PROP_UINT32("tsc-frequency", SevSnpGuest, tsc_frequency, 0,
                       "Secure TSC frequency in Hz"),
    DEFINE_PROP_BOOL("debug-swap", SevSnpGuest, debug_swap, false,
                     "swap debug registers on world switch"),
    DEFINE_PROP_BOOL("secure-avic", SevSnpGuest, secure_avic, false,
                     "give the vCPUs a Secure AVIC (SEV_FEATURES bit 16)"),
    DEFINE_PROP_BOOL("allowed-sev-features", SevSnpGuest,
                     allowed_sev_features, false,
                     "enforce the ALLOWED_SEV_FEATURES mask"),
    DEFINE_PROP_END_OF_LIST(),
};

static void sev_snp_class_init(ObjectClass *oc, const void *data)
{
    oc->user_creatable = true;
    oc->complete = sev_snp_complete;
}

const TypeInfo sev_snp_guest_type_info = {
    .name = TYPE_SEV_SNP_GUEST,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(SevSnpGuest),
    .desc = "SEV-SNP confidential guest (emulated in software)",
    .class_init = sev_snp_class_init,
    .instance_init = sev_snp_init,
    .instance_finalize = sev_snp_finalize,
    .props = sev_snp_props,
};
