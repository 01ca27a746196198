/*
 * Coroutines for the block layer: a request is written as straight-line code
 * that yields while its I/O is in flight, and is re-entered from the main
 * loop when the I/O completes.  CoMutex and CoQueue let coroutines of one
 * thread wait for each other.
 */
#ifndef BLOCK_COROUTINE_H
#define BLOCK_COROUTINE_H

#include <stdbool.h>

typedef struct Coroutine Coroutine;
typedef void CoroutineEntry(void *opaque);

Coroutine *co_create(CoroutineEntry *entry, void *opaque);
/* Run @co until it yields or returns; a finished coroutine is recycled. */
void co_enter(Coroutine *co);
/* Give control back to whoever entered the current coroutine. */
void co_yield(void);
/* The running coroutine, NULL outside any. */
Coroutine *co_self(void);

typedef struct CoWaiter CoWaiter;
typedef struct CoQueue {
    CoWaiter *head, *tail;
} CoQueue;

typedef struct CoMutex {
    bool locked;
    CoQueue waiters;
} CoMutex;

void co_queue_init(CoQueue *q);
/* Sleep until co_queue_next/co_queue_restart_all; releases and re-takes @m
 * around the sleep when it is not NULL. */
void co_queue_wait(CoQueue *q, CoMutex *m);
bool co_queue_next(CoQueue *q);
void co_queue_restart_all(CoQueue *q);
bool co_queue_empty(const CoQueue *q);

void co_mutex_init(CoMutex *m);
void co_mutex_lock(CoMutex *m);
void co_mutex_unlock(CoMutex *m);

#endif
