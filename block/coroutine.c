/*
 * Coroutines on ucontext + setjmp: makecontext() only builds the first frame
 * on a fresh stack, later switches are _setjmp/_longjmp (no signal-mask
 * syscall).  Finished coroutines are kept in a per-thread pool with their
 * stack, so a request costs no mmap.
 */
#include <assert.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <glib.h>

#include "block/coroutine.h"

#define CO_STACK_SIZE (256 * 1024)
#define CO_POOL_MAX 128

struct Coroutine {
    jmp_buf env;
    CoroutineEntry *entry;
    void *opaque;
    Coroutine *caller;
    void *stack;
    bool done;
    Coroutine *pool_next;
};

struct CoWaiter {
    Coroutine *co;
    CoWaiter *next;
};

/* Per-thread scheduling state: which coroutine runs, the thread's own
 * (non-coroutine) context and the recycled coroutines. */
typedef struct CoThread {
    Coroutine leader;
    Coroutine *current;
    Coroutine *pool;
    int pool_size;
    jmp_buf *init_env;
    Coroutine *init_co;
} CoThread;

static __thread CoThread co_thread;

static CoThread *co_thread_get(void)
{
    CoThread *t = &co_thread;
    if (!t->current) {
        t->current = &t->leader;
    }
    return t;
}

static void co_switch(Coroutine *from, Coroutine *to)
{
    if (!_setjmp(from->env)) {
        _longjmp(to->env, 1);
    }
}

static void co_trampoline(void)
{
    CoThread *t = co_thread_get();
    Coroutine *self = t->init_co;
    if (!_setjmp(self->env)) {
        _longjmp(*t->init_env, 1);
    }
    for (;;) {
        self->entry(self->opaque);
        self->done = true;
        t = co_thread_get();
        Coroutine *to = self->caller;
        self->caller = NULL;
        t->current = to;
        co_switch(self, to);
    }
}

static Coroutine *co_new_stack(void)
{
    Coroutine *co = g_new0(Coroutine, 1);
    co->stack = mmap(NULL, CO_STACK_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (co->stack == MAP_FAILED) {
        g_error("coroutine: cannot allocate a stack");
    }
    /* Guard page at the bottom: an overflow faults instead of corrupting. */
    mprotect(co->stack, 4096, PROT_NONE);

    ucontext_t uc, old_uc;
    jmp_buf old_env;
    getcontext(&uc);
    uc.uc_stack.ss_sp = co->stack;
    uc.uc_stack.ss_size = CO_STACK_SIZE;
    uc.uc_link = NULL;
    makecontext(&uc, co_trampoline, 0);
    CoThread *t = co_thread_get();
    t->init_env = &old_env;
    t->init_co = co;
    if (!_setjmp(old_env)) {
        swapcontext(&old_uc, &uc);
    }
    return co;
}

Coroutine *co_create(CoroutineEntry *entry, void *opaque)
{
    CoThread *t = co_thread_get();
    Coroutine *co = t->pool;
    if (co) {
        t->pool = co->pool_next;
        t->pool_size--;
    } else {
        co = co_new_stack();
    }
    co->entry = entry;
    co->opaque = opaque;
    co->done = false;
    co->caller = NULL;
    return co;
}

static void co_release(CoThread *t, Coroutine *co)
{
    if (t->pool_size < CO_POOL_MAX) {
        co->pool_next = t->pool;
        t->pool = co;
        t->pool_size++;
        return;
    }
    munmap(co->stack, CO_STACK_SIZE);
    g_free(co);
}

void co_enter(Coroutine *co)
{
    CoThread *t = co_thread_get();
    Coroutine *self = t->current;
    assert(!co->caller && co != self);
    co->caller = self;
    t->current = co;
    co_switch(self, co);
    t->current = self;
    if (co->done) {
        co_release(t, co);
    }
}

void co_yield(void)
{
    CoThread *t = co_thread_get();
    Coroutine *self = t->current;
    Coroutine *to = self->caller;
    assert(self != &t->leader && to);
    self->caller = NULL;
    t->current = to;
    co_switch(self, to);
}

Coroutine *co_self(void)
{
    CoThread *t = co_thread_get();
    return t->current == &t->leader ? NULL : t->current;
}

void co_queue_init(CoQueue *q)
{
    q->head = q->tail = NULL;
}

bool co_queue_empty(const CoQueue *q)
{
    return !q->head;
}

void co_queue_wait(CoQueue *q, CoMutex *m)
{
    CoWaiter w = { .co = co_self(), .next = NULL };
    assert(w.co);
    if (q->tail) {
        q->tail->next = &w;
    } else {
        q->head = &w;
    }
    q->tail = &w;
    if (m) {
        co_mutex_unlock(m);
    }
    co_yield();
    if (m) {
        co_mutex_lock(m);
    }
}

static Coroutine *co_queue_pop(CoQueue *q)
{
    CoWaiter *w = q->head;
    if (!w) {
        return NULL;
    }
    q->head = w->next;
    if (!q->head) {
        q->tail = NULL;
    }
    return w->co;
}

bool co_queue_next(CoQueue *q)
{
    Coroutine *co = co_queue_pop(q);
    if (co) {
        co_enter(co);
    }
    return co != NULL;
}

void co_queue_restart_all(CoQueue *q)
{
    CoQueue all = *q;
    co_queue_init(q);
    while (co_queue_next(&all)) {
    }
}

void co_mutex_init(CoMutex *m)
{
    m->locked = false;
    co_queue_init(&m->waiters);
}

void co_mutex_lock(CoMutex *m)
{
    if (!m->locked) {
        m->locked = true;
        return;
    }
    CoWaiter w = { .co = co_self(), .next = NULL };
    assert(w.co);
    if (m->waiters.tail) {
        m->waiters.tail->next = &w;
    } else {
        m->waiters.head = &w;
    }
    m->waiters.tail = &w;
    co_yield();
    /* co_mutex_unlock() handed the still-locked mutex to us. */
    assert(m->locked);
}

void co_mutex_unlock(CoMutex *m)
{
    assert(m->locked);
    Coroutine *co = co_queue_pop(&m->waiters);
    if (co) {
        co_enter(co);
    } else {
        m->locked = false;
    }
}
