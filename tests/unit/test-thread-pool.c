/*
 * util/thread-pool: work runs in worker threads (at most max_workers at a
 * time), every completion runs once in the loop thread with the work's
 * result, and freeing the pool waits for what was queued.
 */
#include <glib.h>
#include <pthread.h>

#include "util/thread-pool.h"

#define JOBS 200

typedef struct PoolTest {
    pthread_t loop_thread;
    int running;                /* atomic: jobs running now */
    int max_running;            /* atomic */
    int done;
    int ran_in_loop_thread;     /* atomic: jobs that wrongly ran in the loop */
    bool results[JOBS];
    bool completed_elsewhere;
} PoolTest;

typedef struct Job {
    PoolTest *t;
    int index;
    int sleep_us;
} Job;

static int job_run(void *arg)
{
    Job *j = arg;
    PoolTest *t = j->t;
    if (pthread_equal(pthread_self(), t->loop_thread)) {
        __atomic_add_fetch(&t->ran_in_loop_thread, 1, __ATOMIC_SEQ_CST);
    }
    int now = __atomic_add_fetch(&t->running, 1, __ATOMIC_SEQ_CST);
    int max = __atomic_load_n(&t->max_running, __ATOMIC_SEQ_CST);
    while (now > max &&
           !__atomic_compare_exchange_n(&t->max_running, &max, now, false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    }
    g_usleep(j->sleep_us);
    __atomic_sub_fetch(&t->running, 1, __ATOMIC_SEQ_CST);
    return j->index * 3;
}

static void job_done(void *opaque, int ret)
{
    Job *j = opaque;
    PoolTest *t = j->t;
    if (!pthread_equal(pthread_self(), t->loop_thread)) {
        t->completed_elsewhere = true;
    }
    g_assert_cmpint(ret, ==, j->index * 3);
    g_assert_false(t->results[j->index]);       /* exactly once */
    t->results[j->index] = true;
    t->done++;
}

static void run_jobs(int max_workers, int sleep_us)
{
    MainLoop *ml = main_loop_new();
    ThreadPool *pool = thread_pool_new(ml, max_workers);
    PoolTest t = { .loop_thread = pthread_self() };
    Job jobs[JOBS];
    for (int i = 0; i < JOBS; i++) {
        jobs[i] = (Job){ .t = &t, .index = i, .sleep_us = sleep_us };
        thread_pool_submit(pool, job_run, &jobs[i], job_done, &jobs[i]);
    }
    g_assert_cmpint(t.done, ==, 0);         /* completions only from the loop */
    while (t.done < JOBS) {
        main_loop_wait(ml, true);
    }
    g_assert_cmpint(t.ran_in_loop_thread, ==, 0);
    g_assert_false(t.completed_elsewhere);
    g_assert_cmpint(t.max_running, <=, max_workers);
    if (max_workers > 1 && sleep_us) {
        g_assert_cmpint(t.max_running, >, 1);   /* really in parallel */
    }
    thread_pool_free(pool);
    main_loop_free(ml);
}

static void test_one_worker(void)
{
    run_jobs(1, 0);
}

static void test_bounded_workers(void)
{
    run_jobs(4, 2000);
}

static void test_many_workers(void)
{
    run_jobs(64, 100);
}

/* Freeing the pool with work still queued runs it and its completions. */
static void test_free_drains(void)
{
    MainLoop *ml = main_loop_new();
    ThreadPool *pool = thread_pool_new(ml, 2);
    PoolTest t = { .loop_thread = pthread_self() };
    Job jobs[20];
    for (int i = 0; i < 20; i++) {
        jobs[i] = (Job){ .t = &t, .index = i, .sleep_us = 1000 };
        thread_pool_submit(pool, job_run, &jobs[i], job_done, &jobs[i]);
    }
    thread_pool_free(pool);
    g_assert_cmpint(t.done, ==, 20);
    main_loop_free(ml);
}

static void *pool_in_thread(void *arg)
{
    run_jobs(3, 200);
    return arg;
}

/* Two loops with a pool each, driven from two threads at once. */
static void test_two_loops(void)
{
    pthread_t th;
    pthread_create(&th, NULL, pool_in_thread, NULL);
    run_jobs(3, 200);
    pthread_join(th, NULL);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/thread-pool/one-worker", test_one_worker);
    g_test_add_func("/thread-pool/bounded", test_bounded_workers);
    g_test_add_func("/thread-pool/many", test_many_workers);
    g_test_add_func("/thread-pool/free-drains", test_free_drains);
    g_test_add_func("/thread-pool/two-loops", test_two_loops);
    return g_test_run();
}
