/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The KVM accelerator (Linux hosts with <linux/kvm.h>): the VM, memory
 * slots that follow the memory API, vCPU threads running KVM_RUN, and
 * the hand-off of MMIO and system-event exits to the main loop, which
 * owns the devices (docs/devel/kvm.md).  Built only where meson finds
 * the headers; accel/stubs/kvm-stub.c stands in elsewhere.
 */
#include "qemu/osdep.h"
#include "kvm-internal.h"
#include <sys/ioctl.h>
#include <sys/mman.h>
#include "accel/accel.h"
#include "hw/core/machine.h"
#include "qemu/log.h"
#include "qemu/main-loop.h"
#include "system/runstate.h"

#define KVM_SIG_KICK SIGUSR1
/* How often the vCPU threads learn about runstate changes. */
#define KVM_RUNSTATE_POLL_MS 20

typedef struct KVMAccelState {
    AccelState parent_obj;
    KVMState *s;
} KVMAccelState;

KVMState *kvm_state_of(MachineState *ms)
{
    if (!ms || !accel_is(ms, "kvm")) {
        return NULL;
    }
    return ((KVMAccelState *)ms->accel)->s;
}

int kvm_vm_ioctl(KVMState *s, unsigned long req, void *arg)
{
    int ret = ioctl(s->vmfd, req, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_vcpu_ioctl(KVMVcpu *c, unsigned long req, void *arg)
{
    int ret = ioctl(c->fd, req, arg);

    return ret < 0 ? -errno : ret;
}

int kvm_check_extension(KVMState *s, unsigned cap)
{
    int ret = ioctl(s->vmfd, KVM_CHECK_EXTENSION, (unsigned long)cap);

    return ret < 0 ? 0 : ret;
}

void kvm_set_arch_data(KVMState *s, void *data)
{
    s->arch = data;
}

void *kvm_get_arch_data(KVMState *s)
{
    return s->arch;
}

int kvm_set_irq(KVMState *s, uint32_t irq, int level)
{
    struct kvm_irq_level l = { .irq = irq, .level = level };

    return kvm_vm_ioctl(s, KVM_IRQ_LINE, &l);
}

/* ---- Memory slots ---- */

static int kvm_slot_ioctl(KVMState *s, unsigned slot, const KVMSlot *k,
                          bool add)
{
    struct kvm_userspace_memory_region r = {
        .slot = slot,
        .flags = (add && k->readonly) ? KVM_MEM_READONLY : 0,
        .guest_phys_addr = k->gpa,
        .memory_size = add ? k->size : 0,
        .userspace_addr = (uintptr_t)k->host,
    };

    return kvm_vm_ioctl(s, KVM_SET_USER_MEMORY_REGION, &r);
}

static int kvm_slot_del(void *opaque, unsigned slot, const KVMSlot *k)
{
    return kvm_slot_ioctl(opaque, slot, k, false);
}

static int kvm_slot_add(void *opaque, unsigned slot, const KVMSlot *k)
{
    return kvm_slot_ioctl(opaque, slot, k, true);
}

static void kvm_memory_changed(MemoryNotifier *n, AddressSpace *as)
{
    KVMState *s = container_of(n, KVMState, mn);
    GArray *sections = address_space_get_flatview_ranges(as);
    GArray *plan = kvm_slots_plan(sections, (uint64_t)sysconf(_SC_PAGESIZE));
    int ret = kvm_slots_update(s->slots, s->nslots, plan, kvm_slot_del,
                               kvm_slot_add, s);

    if (ret < 0) {
        /* Guest RAM not mapped: accesses to it will fail as MMIO. */
        error_report("kvm: cannot update memory slots: %s",
                     g_strerror(-ret));
    }
    g_array_free(plan, TRUE);
    g_array_free(sections, TRUE);
}

/* ---- vCPU threads ---- */

static void kvm_kick_handler(int sig)
{
}

/* Make @c leave KVM_RUN soon (caller holds s->lock). */
static void kvm_vcpu_kick_locked(KVMVcpu *c)
{
    c->run->immediate_exit = 1;
    if (c->in_run) {
        pthread_kill(c->tid, KVM_SIG_KICK);
    }
}

static bool kvm_vcpu_may_run(KVMVcpu *c)
{
    KVMState *s = c->s;

    return !s->quit && s->running && !s->paused && !c->pending;
}

/* Exits the thread handles itself; false: the main loop must. */
static bool kvm_vcpu_exit_local(KVMVcpu *c, int ret)
{
    if (ret < 0) {
        return errno == EINTR || errno == EAGAIN;
    }
    return c->run->exit_reason == KVM_EXIT_INTR;
}

static gpointer kvm_vcpu_thread(gpointer opaque)
{
    KVMVcpu *c = opaque;
    KVMState *s = c->s;

    g_mutex_lock(&s->lock);
    c->tid = pthread_self();
    while (!s->quit) {
        int ret;

        if (!kvm_vcpu_may_run(c)) {
            c->parked = true;
            g_cond_broadcast(&s->cond);
            g_cond_wait(&s->cond, &s->lock);
            continue;
        }
        c->parked = false;
        c->in_run = true;
        s->started = true;
        g_mutex_unlock(&s->lock);
        ret = ioctl(c->fd, KVM_RUN, 0);
        g_mutex_lock(&s->lock);
        c->in_run = false;
        c->run->immediate_exit = 0;
        if (!kvm_vcpu_exit_local(c, ret)) {
            c->pending = true;
            c->run_errno = ret < 0 ? errno : 0;
            if (write(s->notify[1], "x", 1) < 0) {
                /* the pipe is full: the main loop has work already */
            }
        }
    }
    c->parked = true;
    g_cond_broadcast(&s->cond);
    g_mutex_unlock(&s->lock);
    return NULL;
}

static void kvm_handle_mmio(KVMState *s, struct kvm_run *run)
{
    MemTxResult r = address_space_rw(&s->ms->as_memory, run->mmio.phys_addr,
                                     MEMTXATTRS_UNSPECIFIED, run->mmio.data,
                                     run->mmio.len, run->mmio.is_write);

    if (r != MEMTX_OK && !run->mmio.is_write) {
        memset(run->mmio.data, 0xff, sizeof(run->mmio.data));
    }
}

/* KVM's PSCI calls SYSTEM_OFF/RESET here.  Returns false to stay parked. */
static bool kvm_handle_system_event(KVMState *s, struct kvm_run *run)
{
    switch (run->system_event.type) {
    case KVM_SYSTEM_EVENT_SHUTDOWN:
        qemu_system_shutdown_request(s->ms, SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        return false;
    case KVM_SYSTEM_EVENT_RESET:
        /* the board's reset re-initialises the vCPUs, then resumes */
        g_mutex_lock(&s->lock);
        s->paused = true;
        g_mutex_unlock(&s->lock);
        qemu_system_reset_request(s->ms, SHUTDOWN_CAUSE_GUEST_RESET);
        return true;
    case KVM_SYSTEM_EVENT_CRASH:
        qemu_system_shutdown_request(s->ms, SHUTDOWN_CAUSE_GUEST_PANIC);
        return false;
    default:
        qemu_log_mask(LOG_UNIMP, "kvm: system event %u ignored\n",
                      run->system_event.type);
        return true;
    }
}

/* One exit on the main thread; false: the vCPU stays parked. */
static bool kvm_handle_exit(KVMVcpu *c)
{
    struct kvm_run *run = c->run;

    if (c->run_errno) {
        error_report("kvm: KVM_RUN of vCPU %u failed: %s", c->index,
                     g_strerror(c->run_errno));
        vm_stop(c->s->ms, RUN_STATE_INTERNAL_ERROR);
        return false;
    }
    switch (run->exit_reason) {
    case KVM_EXIT_MMIO:
        kvm_handle_mmio(c->s, run);
        return true;
    case KVM_EXIT_SYSTEM_EVENT:
        return kvm_handle_system_event(c->s, run);
    case KVM_EXIT_FAIL_ENTRY:
    case KVM_EXIT_INTERNAL_ERROR:
    default:
        error_report("kvm: vCPU %u stopped: exit reason %u", c->index,
                     run->exit_reason);
        vm_stop(c->s->ms, RUN_STATE_INTERNAL_ERROR);
        return false;
    }
}

static gboolean kvm_notify_cb(gint fd, GIOCondition cond, gpointer opaque)
{
    KVMState *s = opaque;
    char buf[64];

    while (read(fd, buf, sizeof(buf)) > 0) {
        /* drain */
    }
    for (guint i = 0; i < s->vcpus->len; i++) {
        KVMVcpu *c = g_ptr_array_index(s->vcpus, i);
        bool pending, resume;

        g_mutex_lock(&s->lock);
        pending = c->pending;
        g_mutex_unlock(&s->lock);
        if (!pending) {
            continue;
        }
        /* The thread waits while pending: run is ours. */
        resume = kvm_handle_exit(c);
        g_mutex_lock(&s->lock);
        c->pending = !resume;
        g_cond_broadcast(&s->cond);
        g_mutex_unlock(&s->lock);
    }
    return G_SOURCE_CONTINUE;
}

/* The vCPU threads follow the machine's runstate. */
static gboolean kvm_runstate_poll(gpointer opaque)
{
    KVMState *s = opaque;
    bool running = runstate_is_running(s->ms);

    g_mutex_lock(&s->lock);
    if (running != s->running) {
        s->running = running;
        for (guint i = 0; !running && i < s->vcpus->len; i++) {
            kvm_vcpu_kick_locked(g_ptr_array_index(s->vcpus, i));
        }
        g_cond_broadcast(&s->cond);
    }
    g_mutex_unlock(&s->lock);
    return G_SOURCE_CONTINUE;
}

KVMVcpu *kvm_vcpu_create(KVMState *s, unsigned index, Error **errp)
{
    KVMVcpu *c;
    int fd = ioctl(s->vmfd, KVM_CREATE_VCPU, (unsigned long)index);
    void *run;

    if (fd < 0) {
        error_setg_errno(errp, errno, "kvm: KVM_CREATE_VCPU %u failed",
                         index);
        return NULL;
    }
    run = mmap(NULL, s->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (run == MAP_FAILED) {
        error_setg_errno(errp, errno, "kvm: cannot map the run area of "
                         "vCPU %u", index);
        close(fd);
        return NULL;
    }
    c = g_new0(KVMVcpu, 1);
    c->s = s;
    c->index = index;
    c->fd = fd;
    c->run = run;
    if (s->vcpus->len <= index) {
        g_ptr_array_set_size(s->vcpus, index + 1);
    }
    g_ptr_array_index(s->vcpus, index) = c;
    return c;
}

unsigned kvm_vcpu_index(KVMVcpu *c)
{
    return c->index;
}

KVMVcpu *kvm_vcpu_get(KVMState *s, unsigned index)
{
    return index < s->vcpus->len ? g_ptr_array_index(s->vcpus, index) : NULL;
}

unsigned kvm_vcpu_count(KVMState *s)
{
    return s->vcpus->len;
}

bool kvm_vcpu_start(KVMVcpu *c, Error **errp)
{
    g_autofree char *name = g_strdup_printf("CPU %u/KVM", c->index);
    GError *gerr = NULL;

    c->thread = g_thread_try_new(name, kvm_vcpu_thread, c, &gerr);
    if (!c->thread) {
        error_setg(errp, "kvm: cannot start the thread of vCPU %u: %s",
                   c->index, gerr->message);
        g_error_free(gerr);
        return false;
    }
    return true;
}

void kvm_vcpus_pause(KVMState *s)
{
    g_mutex_lock(&s->lock);
    s->paused = true;
    for (guint i = 0; i < s->vcpus->len; i++) {
        KVMVcpu *c = g_ptr_array_index(s->vcpus, i);

        while (c && c->thread && c->in_run) {
            kvm_vcpu_kick_locked(c);
            g_cond_wait(&s->cond, &s->lock);
        }
    }
    g_mutex_unlock(&s->lock);
}

void kvm_vcpus_resume(KVMState *s)
{
    g_mutex_lock(&s->lock);
    s->paused = false;
    g_cond_broadcast(&s->cond);
    g_mutex_unlock(&s->lock);
}

bool kvm_guest_started(KVMState *s)
{
    bool started;

    g_mutex_lock(&s->lock);
    started = s->started;
    g_mutex_unlock(&s->lock);
    return started;
}

/* ---- The accelerator ---- */

static bool kvm_install_kick_signal(Error **errp)
{
    struct sigaction sa = { .sa_handler = kvm_kick_handler };

    /* no SA_RESTART: KVM_RUN must return EINTR */
    sigemptyset(&sa.sa_mask);
    if (sigaction(KVM_SIG_KICK, &sa, NULL) < 0) {
        error_setg_errno(errp, errno, "kvm: cannot install the kick signal");
        return false;
    }
    return true;
}

static bool kvm_open_vm(KVMState *s, Error **errp)
{
    int type, ret;

    s->fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (s->fd < 0) {
        error_report("Could not access KVM kernel module: %s",
                     g_strerror(errno));
        error_setg(errp, "failed to initialize kvm: %s", g_strerror(errno));
        return false;
    }
    ret = ioctl(s->fd, KVM_GET_API_VERSION, 0);
    if (ret != KVM_API_VERSION) {
        error_setg(errp, "kvm: unsupported KVM API version %d", ret);
        return false;
    }
    type = kvm_arch_vm_type(s->fd, errp);
    if (type < 0) {
        return false;
    }
    do {
        s->vmfd = ioctl(s->fd, KVM_CREATE_VM, (unsigned long)type);
    } while (s->vmfd < 0 && errno == EINTR);
    if (s->vmfd < 0) {
        error_setg_errno(errp, errno, "kvm: KVM_CREATE_VM failed");
        return false;
    }
    ret = ioctl(s->fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (ret <= 0) {
        error_setg_errno(errp, errno, "kvm: KVM_GET_VCPU_MMAP_SIZE failed");
        return false;
    }
    s->run_size = ret;
    ret = kvm_check_extension(s, KVM_CAP_NR_MEMSLOTS);
    s->nslots = ret > 0 ? MIN(ret, 512) : 32;
    s->slots = g_new0(KVMSlot, s->nslots);
    return true;
}

static bool kvm_init_machine(AccelState *accel, MachineState *ms,
                             Error **errp)
{
    KVMAccelState *ka = (KVMAccelState *)accel;
    KVMState *s = g_new0(KVMState, 1);

    ka->s = s;
    s->ms = ms;
    s->fd = s->vmfd = s->notify[0] = s->notify[1] = -1;
    s->vcpus = g_ptr_array_new();
    g_mutex_init(&s->lock);
    g_cond_init(&s->cond);
    if (!kvm_open_vm(s, errp) || !kvm_install_kick_signal(errp) ||
        !kvm_arch_init(s, errp)) {
        return false;
    }
    if (!g_unix_open_pipe(s->notify, FD_CLOEXEC, NULL) ||
        !g_unix_set_fd_nonblocking(s->notify[0], TRUE, NULL) ||
        !g_unix_set_fd_nonblocking(s->notify[1], TRUE, NULL)) {
        error_setg(errp, "kvm: cannot create the exit pipe");
        return false;
    }
    s->notify_src = main_loop_add_fd(ms->main_loop, s->notify[0], G_IO_IN,
                                     kvm_notify_cb, s);
    s->poll_src = g_timeout_source_new(KVM_RUNSTATE_POLL_MS);
    g_source_set_callback(s->poll_src, kvm_runstate_poll, s, NULL);
    g_source_attach(s->poll_src, main_loop_get_context(ms->main_loop));
    s->mn.changed = kvm_memory_changed;
    address_space_add_notifier(&ms->as_memory, &s->mn);
    kvm_memory_changed(&s->mn, &ms->as_memory);
    return true;
}

static void kvm_vcpu_destroy(KVMVcpu *c)
{
    if (c->thread) {
        g_thread_join(c->thread);
    }
    munmap(c->run, c->s->run_size);
    close(c->fd);
    g_free(c);
}

static void kvm_accel_finalize(Object *obj)
{
    KVMState *s = ((KVMAccelState *)obj)->s;

    if (!s) {
        return;
    }
    g_mutex_lock(&s->lock);
    s->quit = true;
    for (guint i = 0; i < s->vcpus->len; i++) {
        KVMVcpu *c = g_ptr_array_index(s->vcpus, i);

        if (c) {
            kvm_vcpu_kick_locked(c);
        }
    }
    g_cond_broadcast(&s->cond);
    g_mutex_unlock(&s->lock);
    for (guint i = 0; i < s->vcpus->len; i++) {
        KVMVcpu *c = g_ptr_array_index(s->vcpus, i);

        if (c) {
            kvm_vcpu_destroy(c);
        }
    }
    g_ptr_array_free(s->vcpus, TRUE);
    if (s->mn.changed) {
        address_space_remove_notifier(&s->ms->as_memory, &s->mn);
    }
    main_loop_remove_source(s->notify_src);
    if (s->poll_src) {
        g_source_destroy(s->poll_src);
        g_source_unref(s->poll_src);
    }
    for (int i = 0; i < 2; i++) {
        if (s->notify[i] >= 0) {
            close(s->notify[i]);
        }
    }
    if (s->vmfd >= 0) {
        close(s->vmfd);
    }
    if (s->fd >= 0) {
        close(s->fd);
    }
    g_free(s->slots);
    g_mutex_clear(&s->lock);
    g_cond_clear(&s->cond);
    g_free(s);
}

static void kvm_accel_class_init(ObjectClass *oc, const void *data)
{
    AccelClass *ac = ACCEL_CLASS(oc);

    ac->name = "kvm";
    ac->init_machine = kvm_init_machine;
}

const TypeInfo kvm_accel_type_info = {
    .name = "kvm" ACCEL_CLASS_SUFFIX,
    .parent = TYPE_ACCEL,
    .instance_size = sizeof(KVMAccelState),
    .desc = "KVM",
    .class_init = kvm_accel_class_init,
    .instance_finalize = kvm_accel_finalize,
};
