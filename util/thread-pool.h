/*
 * Worker thread pool: run blocking functions off the loop thread and deliver
 * their result back in the main loop.  Workers are started on demand up to a
 * maximum and exit after staying idle for a while.
 */
#ifndef UTIL_THREAD_POOL_H
#define UTIL_THREAD_POOL_H

#include "util/main-loop.h"

typedef struct ThreadPool ThreadPool;
/* Runs in a worker; its return value is passed to the completion. */
typedef int ThreadPoolFunc(void *arg);
/* Runs in the loop thread of the pool. */
typedef void ThreadPoolDone(void *opaque, int ret);

ThreadPool *thread_pool_new(MainLoop *ml, int max_workers);
/* Waits for queued work to finish, then stops the workers. */
void thread_pool_free(ThreadPool *pool);
void thread_pool_submit(ThreadPool *pool, ThreadPoolFunc *fn, void *arg,
                        ThreadPoolDone *done, void *opaque);

#endif
