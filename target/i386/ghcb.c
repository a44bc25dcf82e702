/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * GHCB protocol, hypervisor side (ghcb.h has the model).
 */
#include "qemu/osdep.h"
#include "ghcb.h"
#include "qemu/log.h"

#define GHCB_PAGE           4096
#define GFN_MASK            ((1ull << 40) - 1)

/* Little-endian loads and stores of 1..8 bytes in the GHCB copy. */
static uint64_t ghcb_ld(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)p[i] << (8 * i);
    }
    return v;
}

static void ghcb_st(uint8_t *p, unsigned size, uint64_t v)
{
    for (unsigned i = 0; i < size; i++) {
        p[i] = v >> (8 * i);
    }
}

/* ---- page state ---- */

void ghcb_page_state_init(GhcbPageState *ps)
{
    ps->shared = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                       NULL);
}

void ghcb_page_state_destroy(GhcbPageState *ps)
{
    g_hash_table_destroy(ps->shared);
}

bool ghcb_page_is_shared(const GhcbPageState *ps, uint64_t gpa)
{
    uint64_t gfn = gpa >> 12;

    return g_hash_table_contains(ps->shared, &gfn);
}

/* op 1: make private, op 2: make shared.  false for another op. */
static bool ghcb_page_state_change(GhcbPageState *ps, uint64_t gfn,
                                   uint64_t npages, unsigned op)
{
    if (op != 1 && op != 2) {
        return false;
    }
    for (uint64_t i = 0; i < npages; i++) {
        uint64_t key = gfn + i;

        if (op == 2) {
            uint64_t *k = g_new(uint64_t, 1);

            *k = key;
            g_hash_table_replace(ps->shared, k, k);
        } else {
            g_hash_table_remove(ps->shared, &key);
        }
    }
    return true;
}

void ghcb_vcpu_init(GhcbVcpu *v, AddressSpace *as, unsigned cbitpos)
{
    memset(v, 0, sizeof(*v));
    v->as = as;
    v->cbitpos = cbitpos;
}

void ghcb_ap_wake(GhcbVcpu *v)
{
    v->msr = 0x007 | (1ull << 12);
}

/* ---- MSR protocol ---- */

static GhcbAction ghcb_terminate(GhcbVcpu *v, unsigned set, unsigned code)
{
    v->term_set = set;
    v->term_code = code;
    return GHCB_TERMINATE;
}

static GhcbAction ghcb_msr_protocol(GhcbVcpu *v, GhcbPageState *ps,
                                    const GhcbHooks *h, void *opaque)
{
    uint64_t m = v->msr, gfn = (m >> 12) & GFN_MASK;
    uint32_t out[4];

    switch (m & 0xfff) {
    case 0x002:                                 /* SEV information */
        v->msr = 0x001 | ((uint64_t)GHCB_PROTO_MAX << 48) |
                 ((uint64_t)GHCB_PROTO_MIN << 32) |
                 ((uint64_t)v->cbitpos << 24);
        return GHCB_CONTINUE;
    case 0x004:                                 /* CPUID, one register */
        h->cpuid(opaque, m >> 32, 0, out);
        v->msr = 0x005 | (m & (3ull << 30)) |
                 ((uint64_t)out[(m >> 30) & 3] << 32);
        return GHCB_CONTINUE;
    case 0x006:                                 /* AP reset hold */
        v->msr = 0x007;
        return GHCB_HALT_AP;
    case 0x012:                                 /* register the GHCB */
        v->registered_gpa = gfn << 12;
        v->msr = 0x013 | (gfn << 12);
        return GHCB_CONTINUE;
    case 0x014:                                 /* page state change */
        v->msr = 0x015 |
            (ghcb_page_state_change(ps, gfn, 1, (m >> 52) & 0xf) ? 0 :
             (uint64_t)GHCB_ERR_BAD_INPUT << 32);
        return GHCB_CONTINUE;
    case 0x080:                                 /* hypervisor features */
        v->msr = 0x081 | ((GHCB_HV_FT_SNP | GHCB_HV_FT_AP_CREATION) << 12);
        return GHCB_CONTINUE;
    case 0x100:                                 /* termination request */
        return ghcb_terminate(v, (m >> 12) & 0xf, (m >> 16) & 0xff);
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "ghcb: unknown MSR protocol request "
                      "0x%" PRIx64 "\n", m);
        return ghcb_terminate(v, 0, 0xff);
    }
}

/* ---- page protocol ---- */

typedef struct Ghcb {
    uint8_t page[GHCB_PAGE];
    uint64_t gpa;
    uint8_t valid_in[16];       /* the guest's valid bitmap (inputs) */
} Ghcb;

static bool ghcb_valid(const Ghcb *g, unsigned off)
{
    unsigned bit = off / 8;

    return g->valid_in[bit / 8] & (1u << (bit % 8));
}

static uint64_t ghcb_get(const Ghcb *g, unsigned off)
{
    return ghcb_ld(g->page + off, 8);
}

static void ghcb_set(Ghcb *g, unsigned off, uint64_t val)
{
    unsigned bit = off / 8;

    ghcb_st(g->page + off, 8, val);
    g->page[GHCB_VALID_BITMAP + bit / 8] |= 1u << (bit % 8);
}

/* The answer in SW_EXITINFO1/2: 0 ok, 1 inject, 2 error. */
static void ghcb_result(Ghcb *g, uint64_t info1, uint64_t info2)
{
    ghcb_set(g, GHCB_SW_EXITINFO1, info1);
    ghcb_set(g, GHCB_SW_EXITINFO2, info2);
}

static void ghcb_error(Ghcb *g, unsigned code)
{
    ghcb_result(g, 2, code);
}

/* Inject #GP(0): vector 13, type exception, error code valid (0), valid. */
static void ghcb_inject_gp(Ghcb *g)
{
    ghcb_result(g, 1, 13 | (3u << 8) | (1u << 11) | (1u << 31));
}

/* Scratch area of @len bytes: must lie inside the GHCB's shared buffer. */
static uint8_t *ghcb_scratch(Ghcb *g, uint64_t len)
{
    uint64_t s = ghcb_get(g, GHCB_SW_SCRATCH);
    uint64_t lo = g->gpa + GHCB_SHARED_BUF;

    if (!ghcb_valid(g, GHCB_SW_SCRATCH) || s < lo || len == 0 ||
        len > GHCB_SHARED_BUF_SIZE || s - lo > GHCB_SHARED_BUF_SIZE - len) {
        return NULL;
    }
    return g->page + GHCB_SHARED_BUF + (s - lo);
}

static void ghcb_nae_cpuid(Ghcb *g, const GhcbHooks *h, void *opaque)
{
    uint32_t out[4];

    if (!ghcb_valid(g, GHCB_RAX) || !ghcb_valid(g, GHCB_RCX)) {
        ghcb_error(g, GHCB_ERR_MISSING_INPUT);
        return;
    }
    h->cpuid(opaque, ghcb_get(g, GHCB_RAX), ghcb_get(g, GHCB_RCX), out);
    ghcb_set(g, GHCB_RAX, out[0]);
    ghcb_set(g, GHCB_RBX, out[1]);
    ghcb_set(g, GHCB_RCX, out[2]);
    ghcb_set(g, GHCB_RDX, out[3]);
    ghcb_result(g, 0, 0);
}

static void ghcb_nae_msr(Ghcb *g, const GhcbHooks *h, void *opaque)
{
    uint64_t info1 = ghcb_get(g, GHCB_SW_EXITINFO1), val;
    uint32_t msr = ghcb_get(g, GHCB_RCX);
    bool write = info1 == 1;

    if (!ghcb_valid(g, GHCB_RCX) || info1 > 1 ||
        (write && (!ghcb_valid(g, GHCB_RAX) || !ghcb_valid(g, GHCB_RDX)))) {
        ghcb_error(g, info1 > 1 ? GHCB_ERR_BAD_INPUT
                                : GHCB_ERR_MISSING_INPUT);
        return;
    }
    if (write) {
        val = (ghcb_get(g, GHCB_RAX) & 0xffffffff) |
              (ghcb_get(g, GHCB_RDX) << 32);
        if (!h->msr_write(opaque, msr, val)) {
            ghcb_inject_gp(g);
            return;
        }
    } else {
        if (!h->msr_read(opaque, msr, &val)) {
            ghcb_inject_gp(g);
            return;
        }
        ghcb_set(g, GHCB_RAX, (uint32_t)val);
        ghcb_set(g, GHCB_RDX, val >> 32);
    }
    ghcb_result(g, 0, 0);
}

/* IOIO: EXITINFO1 = port[31:16], SZ32/16/8 [6:4], REP [3], STR [2], IN [0]. */
static void ghcb_nae_ioio(Ghcb *g, const GhcbHooks *h, void *opaque)
{
    uint64_t info1 = ghcb_get(g, GHCB_SW_EXITINFO1);
    uint16_t port = info1 >> 16;
    unsigned sz = (info1 >> 4) & 7;
    unsigned size = sz == 1 ? 1 : sz == 2 ? 2 : sz == 4 ? 4 : 0;
    bool in = info1 & 1;
    uint64_t count = (info1 & 4) ? ghcb_get(g, GHCB_SW_EXITINFO2) : 1;
    uint8_t *buf = NULL;

    if (!size) {
        ghcb_error(g, GHCB_ERR_BAD_INPUT);
        return;
    }
    if (info1 & 4) {                            /* string: via scratch */
        buf = count <= GHCB_SHARED_BUF_SIZE ?
              ghcb_scratch(g, count * size) : NULL;
        if (!buf) {
            ghcb_error(g, GHCB_ERR_INVALID_SCRATCH);
            return;
        }
        for (uint64_t i = 0; i < count; i++, buf += size) {
            if (in) {
                ghcb_st(buf, size, h->io_read(opaque, port, size));
            } else {
                h->io_write(opaque, port, size, ghcb_ld(buf, size));
            }
        }
    } else if (in) {
        ghcb_set(g, GHCB_RAX, h->io_read(opaque, port, size));
    } else if (!ghcb_valid(g, GHCB_RAX)) {
        ghcb_error(g, GHCB_ERR_MISSING_INPUT);
        return;
    } else {
        h->io_write(opaque, port, size, ghcb_get(g, GHCB_RAX));
    }
    ghcb_result(g, 0, 0);
}

/* MMIO: EXITINFO1 = GPA, EXITINFO2 = length, data in the scratch area. */
static void ghcb_nae_mmio(Ghcb *g, const GhcbHooks *h, void *opaque,
                          bool write)
{
    uint64_t gpa = ghcb_get(g, GHCB_SW_EXITINFO1);
    uint64_t len = ghcb_get(g, GHCB_SW_EXITINFO2);
    uint8_t *buf = len <= 8 ? ghcb_scratch(g, len) : NULL;

    if (!buf) {
        ghcb_error(g, GHCB_ERR_INVALID_SCRATCH);
        return;
    }
    if (!h->mmio(opaque, gpa, buf, len, write)) {
        ghcb_error(g, GHCB_ERR_BAD_INPUT);
        return;
    }
    ghcb_result(g, 0, 0);
}

/*
 * Page state change: header {u16 cur, u16 end, u32 reserved} then
 * entries [11:0] cur_page, [51:12] GFN, [55:52] op, [56] 2 MiB page.
 */
static void ghcb_nae_psc(Ghcb *g, GhcbPageState *ps)
{
    uint8_t *hdr = ghcb_scratch(g, 8);
    unsigned cur, end, max = (GHCB_SHARED_BUF_SIZE - 8) / 8;

    if (!hdr) {
        ghcb_error(g, GHCB_ERR_INVALID_SCRATCH);
        return;
    }
    cur = ghcb_ld(hdr, 2);
    end = ghcb_ld(hdr + 2, 2);
    if (end >= max || !ghcb_scratch(g, 8 + (end + 1) * 8)) {
        ghcb_error(g, GHCB_ERR_INVALID_SCRATCH);
        return;
    }
    for (; cur <= end; cur++) {
        uint64_t e = ghcb_ld(hdr + 8 + cur * 8, 8);
        bool huge = e & (1ull << 56);

        if (!ghcb_page_state_change(ps, (e >> 12) & GFN_MASK,
                                    huge ? 512 : 1, (e >> 52) & 0xf)) {
            ghcb_st(hdr, 2, cur);
            ghcb_error(g, GHCB_ERR_BAD_INPUT);
            return;
        }
    }
    ghcb_st(hdr, 2, cur);
    ghcb_result(g, 0, 0);
}

static void ghcb_nae_ap_create(Ghcb *g, const GhcbHooks *h, void *opaque)
{
    uint64_t info1 = ghcb_get(g, GHCB_SW_EXITINFO1);
    unsigned request = info1 & 0xffff, err;

    if (request != 2 && !ghcb_valid(g, GHCB_RAX)) {
        ghcb_error(g, GHCB_ERR_MISSING_INPUT);
        return;
    }
    err = h->ap_create(opaque, info1 >> 32, request,
                       ghcb_get(g, GHCB_SW_EXITINFO2),
                       ghcb_get(g, GHCB_RAX));
    if (err) {
        ghcb_error(g, err);
        return;
    }
    ghcb_result(g, 0, 0);
}

static void ghcb_nae_savic(Ghcb *g, const GhcbHooks *h, void *opaque)
{
    uint64_t rbx = ghcb_get(g, GHCB_RBX), info2 = 0, info1;

    info1 = h->savic(opaque, ghcb_get(g, GHCB_SW_EXITINFO1),
                     ghcb_get(g, GHCB_RAX), ghcb_valid(g, GHCB_RAX), &rbx,
                     ghcb_valid(g, GHCB_RBX), &info2);
    if (info1 == 0) {
        ghcb_set(g, GHCB_RBX, rbx);
    }
    ghcb_result(g, info1, info2);
}

static GhcbAction ghcb_dispatch(GhcbVcpu *v, Ghcb *g, GhcbPageState *ps,
                                const GhcbHooks *h, void *opaque)
{
    uint64_t code = ghcb_get(g, GHCB_SW_EXITCODE);
    uint64_t info1 = ghcb_get(g, GHCB_SW_EXITINFO1);

    switch (code) {
    case SVM_EXIT_CPUID:
        ghcb_nae_cpuid(g, h, opaque);
        break;
    case SVM_EXIT_IOIO:
        ghcb_nae_ioio(g, h, opaque);
        break;
    case SVM_EXIT_MSR_NAE:
        ghcb_nae_msr(g, h, opaque);
        break;
    case SVM_VMGEXIT_MMIO_READ:
    case SVM_VMGEXIT_MMIO_WRITE:
        ghcb_nae_mmio(g, h, opaque, code == SVM_VMGEXIT_MMIO_WRITE);
        break;
    case SVM_VMGEXIT_NMI_COMPLETE:
        h->nmi_complete(opaque);
        ghcb_result(g, 0, 0);
        break;
    case SVM_VMGEXIT_PSC:
        ghcb_nae_psc(g, ps);
        break;
    case SVM_VMGEXIT_AP_CREATION:
        ghcb_nae_ap_create(g, h, opaque);
        break;
    case SVM_VMGEXIT_SAVIC_NAE:
        ghcb_nae_savic(g, h, opaque);
        break;
    case SVM_VMGEXIT_HV_FEATURES:
        ghcb_result(g, 0, GHCB_HV_FT_SNP | GHCB_HV_FT_AP_CREATION);
        break;
    case SVM_VMGEXIT_TERM_REQUEST:
        return ghcb_terminate(v, info1 & 0xf, (info1 >> 4) & 0xff);
    default:
        qemu_log_mask(LOG_UNIMP, "ghcb: exit code 0x%" PRIx64 " not "
                      "supported\n", code);
        ghcb_error(g, GHCB_ERR_INVALID_EVENT);
        break;
    }
    return GHCB_CONTINUE;
}

/* Read, check and answer the GHCB page at v->msr. */
static GhcbAction ghcb_page_protocol(GhcbVcpu *v, GhcbPageState *ps,
                                     const GhcbHooks *h, void *opaque)
{
    g_autofree Ghcb *g = g_new0(Ghcb, 1);
    static const unsigned inputs[] = {
        GHCB_SW_EXITCODE, GHCB_SW_EXITINFO1, GHCB_SW_EXITINFO2,
    };
    GhcbAction act = GHCB_CONTINUE;

    g->gpa = v->msr;
    if (g->gpa != v->registered_gpa || !ghcb_page_is_shared(ps, g->gpa) ||
        address_space_read(v->as, g->gpa, MEMTXATTRS_UNSPECIFIED, g->page,
                           GHCB_PAGE) != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "ghcb: 0x%" PRIx64 " is not a "
                      "registered, shared GHCB page\n", g->gpa);
        return ghcb_terminate(v, 0, 0xfe);
    }
    /* Inputs are judged by the guest's bitmap; outputs set their own. */
    memcpy(g->valid_in, g->page + GHCB_VALID_BITMAP, sizeof(g->valid_in));
    memset(g->page + GHCB_VALID_BITMAP, 0, sizeof(g->valid_in));
    if (ghcb_ld(g->page + GHCB_USAGE, 4) != 0) {
        ghcb_error(g, GHCB_ERR_INVALID_USAGE);
    } else {
        bool have_all = true;

        for (size_t i = 0; i < G_N_ELEMENTS(inputs); i++) {
            have_all &= ghcb_valid(g, inputs[i]);
        }
        if (!have_all) {
            ghcb_error(g, GHCB_ERR_MISSING_INPUT);
        } else {
            act = ghcb_dispatch(v, g, ps, h, opaque);
        }
    }
    address_space_write(v->as, g->gpa, MEMTXATTRS_UNSPECIFIED, g->page,
                        GHCB_PAGE);
    return act;
}

GhcbAction ghcb_vmgexit(GhcbVcpu *v, GhcbPageState *ps, const GhcbHooks *h,
                        void *opaque)
{
    if (v->msr & 0xfff) {
        return ghcb_msr_protocol(v, ps, h, opaque);
    }
    return ghcb_page_protocol(v, ps, h, opaque);
}
