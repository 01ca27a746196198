/*
 * Worker thread pool.  A FIFO of jobs under one mutex feeds the workers; a
 * finished job goes on a lock-free completed stack and one bottom half of the
 * owning loop runs the completions in submission order.
 */
#include <pthread.h>
#include <time.h>
#include <glib.h>

#include "util/thread-pool.h"

typedef struct PoolJob PoolJob;
struct PoolJob {
    ThreadPoolFunc *fn;
    void *arg;
    ThreadPoolDone *done;
    void *opaque;
    int ret;
    PoolJob *next;
};

struct ThreadPool {
    MainLoop *ml;
    LoopBH *done_bh;
    pthread_mutex_t lock;
    pthread_cond_t work_cond;
    pthread_cond_t exit_cond;
    PoolJob *head, *tail;       /* pending jobs, under lock */
    int workers, idle, max_workers;
    bool stopping;
    PoolJob *completed;         /* atomic LIFO of finished jobs */
    PoolJob *free_jobs;         /* loop thread only */
};

static void pool_complete(ThreadPool *pool, PoolJob *job)
{
    PoolJob *old = __atomic_load_n(&pool->completed, __ATOMIC_RELAXED);
    do {
        job->next = old;
    } while (!__atomic_compare_exchange_n(&pool->completed, &old, job, true,
                                          __ATOMIC_RELEASE, __ATOMIC_RELAXED));
    loop_bh_schedule(pool->done_bh);
}

static void *pool_worker(void *opaque)
{
    ThreadPool *pool = opaque;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        while (!pool->head && !pool->stopping) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_sec += 10;
            pool->idle++;
            int r = pthread_cond_timedwait(&pool->work_cond, &pool->lock, &ts);
            pool->idle--;
            if (r && !pool->head) {
                goto out;       /* idle too long */
            }
        }
        if (!pool->head) {
            break;
        }
        PoolJob *job = pool->head;
        pool->head = job->next;
        if (!pool->head) {
            pool->tail = NULL;
        }
        pthread_mutex_unlock(&pool->lock);
        job->ret = job->fn(job->arg);
        pool_complete(pool, job);
        pthread_mutex_lock(&pool->lock);
    }
out:
    pool->workers--;
    pthread_cond_broadcast(&pool->exit_cond);
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

static void pool_run_completions(void *opaque)
{
    ThreadPool *pool = opaque;
    PoolJob *list = __atomic_exchange_n(&pool->completed, NULL, __ATOMIC_ACQUIRE);
    PoolJob *fifo = NULL;
    while (list) {
        PoolJob *next = list->next;
        list->next = fifo;
        fifo = list;
        list = next;
    }
    while (fifo) {
        PoolJob *job = fifo;
        fifo = job->next;
        ThreadPoolDone *done = job->done;
        void *done_opaque = job->opaque;
        int ret = job->ret;
        job->next = pool->free_jobs;
        pool->free_jobs = job;
        if (done) {
            done(done_opaque, ret);
        }
    }
}

ThreadPool *thread_pool_new(MainLoop *ml, int max_workers)
{
    ThreadPool *pool = g_new0(ThreadPool, 1);
    pool->ml = ml;
    pool->max_workers = max_workers > 0 ? max_workers : 1;
    pool->done_bh = loop_bh_new(ml, pool_run_completions, pool);
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->work_cond, NULL);
    pthread_cond_init(&pool->exit_cond, NULL);
    return pool;
}

void thread_pool_submit(ThreadPool *pool, ThreadPoolFunc *fn, void *arg,
                        ThreadPoolDone *done, void *opaque)
{
    PoolJob *job = pool->free_jobs;
    if (job) {
        pool->free_jobs = job->next;
    } else {
        job = g_new(PoolJob, 1);
    }
    *job = (PoolJob){ .fn = fn, .arg = arg, .done = done, .opaque = opaque };
    pthread_mutex_lock(&pool->lock);
    if (pool->idle == 0 && pool->workers < pool->max_workers) {
        pthread_t tid;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&tid, &attr, pool_worker, pool) == 0) {
            pool->workers++;
        }
        pthread_attr_destroy(&attr);
    }
    if (pool->workers == 0) {
        /* Could not start any thread: run it here rather than never. */
        pthread_mutex_unlock(&pool->lock);
        job->ret = fn(arg);
        pool_complete(pool, job);
        return;
    }
    if (pool->tail) {
        pool->tail->next = job;
    } else {
        pool->head = job;
    }
    pool->tail = job;
    pthread_cond_signal(&pool->work_cond);
    pthread_mutex_unlock(&pool->lock);
}

void thread_pool_free(ThreadPool *pool)
{
    if (!pool) {
        return;
    }
    pthread_mutex_lock(&pool->lock);
    pool->stopping = true;
    pthread_cond_broadcast(&pool->work_cond);
    while (pool->workers > 0) {
        pthread_cond_wait(&pool->exit_cond, &pool->lock);
    }
    pthread_mutex_unlock(&pool->lock);
    pool_run_completions(pool);
    for (PoolJob *j = pool->free_jobs, *n; j; j = n) {
        n = j->next;
        g_free(j);
    }
    loop_bh_free(pool->done_bh);
    pthread_mutex_destroy(&pool->lock);
    pthread_cond_destroy(&pool->work_cond);
    pthread_cond_destroy(&pool->exit_cond);
    g_free(pool);
}
