/* Threads: lock-prefixed counters from several threads give exact totals;
 * mutex/condvar hand-offs, per-thread TLS, joins with results, timed waits
 * (futex timeouts), robust mutexes whose owner died, a thread exiting while
 * others run, and pthread_kill to one thread. Compared with the native run. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 4
#define ITERS 200000

static int counter;
static long long counter64;
static __thread int tls_value = 7;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn;

static void *adder(void *arg)
{
    int i, id = (int)(long)arg;

    tls_value = id * 100;
    for (i = 0; i < ITERS; i++) {
        __atomic_fetch_add(&counter, 1, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&counter64, 3, __ATOMIC_SEQ_CST);
    }
    return (void *)(long)(tls_value + id);
}

static void *pingpong(void *arg)
{
    int i, me = (int)(long)arg;

    for (i = 0; i < 1000; i++) {
        pthread_mutex_lock(&mu);
        while (turn != me) {
            pthread_cond_wait(&cv, &mu);
        }
        turn = 1 - me;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

static pthread_mutex_t robust;

static void *die_holding(void *arg)
{
    pthread_mutex_lock(&robust);
    return NULL;
}

static volatile int usr1_tid;

static void on_usr1(int sig)
{
    usr1_tid = 1;
}

static void *waiter(void *arg)
{
    while (!usr1_tid) {
        usleep(1000);
    }
    return (void *)42L;
}

static void *early_exit(void *arg)
{
    pthread_exit((void *)5L);
}

int main(void)
{
    pthread_t th[NTHREADS], a, b;
    pthread_mutexattr_t ma;
    struct timespec ts;
    void *res;
    long sum = 0;
    int i, r;

    for (i = 0; i < NTHREADS; i++) {
        pthread_create(&th[i], NULL, adder, (void *)(long)i);
    }
    for (i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], &res);
        sum += (long)res;
    }
    printf("counter %d counter64 %lld results %ld tls %d\n", counter, counter64, sum, tls_value);

    pthread_create(&a, NULL, pingpong, (void *)0L);
    pthread_create(&b, NULL, pingpong, (void *)1L);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    printf("pingpong turn %d\n", turn);

    pthread_mutex_lock(&mu);
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 50 * 1000000;
    if (ts.tv_nsec >= 1000000000) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000;
    }
    r = pthread_cond_timedwait(&cv, &mu, &ts);
    pthread_mutex_unlock(&mu);
    printf("timedwait %s\n", r == ETIMEDOUT ? "ETIMEDOUT" : strerror(r));

    pthread_mutexattr_init(&ma);
    pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
    pthread_mutex_init(&robust, &ma);
    pthread_create(&a, NULL, die_holding, NULL);
    pthread_join(a, NULL);
    r = pthread_mutex_lock(&robust);
    printf("robust lock %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : strerror(r));
    pthread_mutex_consistent(&robust);
    pthread_mutex_unlock(&robust);

    signal(SIGUSR1, on_usr1);
    pthread_create(&a, NULL, waiter, NULL);
    pthread_create(&b, NULL, early_exit, NULL);
    pthread_join(b, &res);
    printf("early exit %ld\n", (long)res);
    pthread_kill(a, SIGUSR1);
    pthread_join(a, &res);
    printf("pthread_kill %ld %d\n", (long)res, usr1_tid);

    for (i = 0; i < 50; i++) {
        pthread_create(&a, NULL, early_exit, NULL);
        pthread_detach(a);
    }
    usleep(100000);
    printf("done\n");
    return 0;
}
