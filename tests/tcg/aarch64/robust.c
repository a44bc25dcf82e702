/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A robust mutex whose owner thread exits while holding it: the kernel
 * (here: qemu-aarch64's exit path) walks the thread's robust list and
 * marks the futex owner-died, so the next locker gets EOWNERDEAD instead
 * of hanging.  (Debian's QEMU 7.2 has no set_robust_list and hangs.)
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t robust;

static void *die_holding(void *arg)
{
    pthread_mutex_lock(&robust);
    return NULL;        /* exits with the robust mutex held */
}

int main(void)
{
    pthread_mutexattr_t ma;
    pthread_t t;
    int r;

    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &ma);
    pthread_create(&t, NULL, die_holding, NULL);
    pthread_join(t, NULL);
    r = pthread_mutex_lock(&robust);
    printf("robust: owner_died=%d consistent=%d\n", r == EOWNERDEAD,
           pthread_mutex_consistent(&robust));
    printf("unlock=%d relock=%d\n", pthread_mutex_unlock(&robust),
           pthread_mutex_lock(&robust));
    return 0;
}
