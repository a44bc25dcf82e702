/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Threads: pthread_create/join, a mutex-protected counter, a condition
 * variable hand-off (producer/consumer), thread-local storage, gettid,
 * a signal sent to one thread with pthread_kill, and the main thread
 * exiting (exit, not exit_group) before the last thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 4
#define NITER 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int queue[16], qhead, qtail;
static __thread int tls_value;
static volatile pid_t handler_tid;

static void *adder(void *arg)
{
    tls_value = (int)(long)arg;
    for (int i = 0; i < NITER; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
    }
    return (void *)(long)(tls_value * 10);
}

static void *producer(void *arg)
{
    for (int i = 1; i <= 100; i++) {
        pthread_mutex_lock(&lock);
        while (qtail - qhead == 16) {
            pthread_cond_wait(&cond, &lock);
        }
        queue[qtail++ % 16] = i;
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void on_usr1(int sig)
{
    handler_tid = syscall(SYS_gettid);
}

static void *last_one(void *arg)
{
    usleep(20000);
    printf("last thread after the main thread exited\n");
    fflush(stdout);
    return NULL;
}

static void *sleeper(void *arg)
{
    pid_t *tid = arg;

    *tid = syscall(SYS_gettid);
    while (!handler_tid) {
        usleep(1000);
    }
    return NULL;
}

int main(void)
{
    pthread_t th[NTHREADS], p, s;
    long sum = 0, total = 0;
    void *ret;
    volatile pid_t stid = 0;

    for (long i = 0; i < NTHREADS; i++) {
        pthread_create(&th[i], NULL, adder, (void *)(i + 1));
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], &ret);
        sum += (long)ret;
    }
    printf("counter=%ld expected=%d joined=%ld tls_main=%d\n", counter,
           NTHREADS * NITER, sum, tls_value);

    pthread_create(&p, NULL, producer, NULL);
    for (int got = 0; got < 100; got++) {
        pthread_mutex_lock(&lock);
        while (qhead == qtail) {
            pthread_cond_wait(&cond, &lock);
        }
        total += queue[qhead++ % 16];
        pthread_cond_broadcast(&cond);
        pthread_mutex_unlock(&lock);
    }
    pthread_join(p, NULL);
    printf("consumed total=%ld\n", total);

    signal(SIGUSR1, on_usr1);
    pthread_create(&s, NULL, sleeper, (void *)&stid);
    while (!stid) {
        usleep(1000);
    }
    pthread_kill(s, SIGUSR1);
    pthread_join(s, NULL);
    printf("pthread_kill: handled in target=%d main_differs=%d\n",
           handler_tid == stid, stid != getpid());
    fflush(stdout);
    /*
     * The main thread leaves first (a bare exit syscall: pthread_exit
     * would unwind through instructions the engine lacks); the process
     * ends with the last thread.
     */
    pthread_create(&s, NULL, last_one, NULL);
    syscall(SYS_exit, 0);
    return 1;
}
