/*
 * block/coroutine: enter/yield ordering, nesting, co_self, deep stacks,
 * recycling of finished coroutines, CoMutex hand-over in FIFO order and
 * CoQueue wake-ups, and coroutines in several threads at once.
 */
#include <glib.h>
#include <pthread.h>
#include <string.h>

#include "block/coroutine.h"

typedef struct Trace {
    char buf[64];
    int n;
} Trace;

static void trace(Trace *t, char c)
{
    g_assert_cmpint(t->n, <, (int)sizeof(t->buf) - 1);
    t->buf[t->n++] = c;
}

static void yielder(void *opaque)
{
    Trace *t = opaque;
    trace(t, '1');
    co_yield();
    trace(t, '2');
    co_yield();
    trace(t, '3');
}

static void test_enter_yield(void)
{
    Trace t = { { 0 }, 0 };
    g_assert_null(co_self());
    Coroutine *co = co_create(yielder, &t);
    co_enter(co);
    trace(&t, 'a');
    co_enter(co);
    trace(&t, 'b');
    co_enter(co);                   /* runs to its end and is recycled */
    trace(&t, 'c');
    g_assert_cmpstr(t.buf, ==, "1a2b3c");
}

typedef struct Nest {
    Trace *t;
    Coroutine *outer_self;
    Coroutine *inner_self;
} Nest;

static void inner(void *opaque)
{
    Nest *n = opaque;
    n->inner_self = co_self();
    trace(n->t, 'i');
    co_yield();                     /* back to the outer coroutine */
    trace(n->t, 'j');
}

static void outer(void *opaque)
{
    Nest *n = opaque;
    n->outer_self = co_self();
    trace(n->t, 'o');
    Coroutine *co = co_create(inner, n);
    co_enter(co);
    g_assert_true(co_self() == n->outer_self);
    trace(n->t, 'p');
    co_enter(co);
    trace(n->t, 'q');
}

static void test_nested(void)
{
    Trace t = { { 0 }, 0 };
    Nest n = { .t = &t };
    co_enter(co_create(outer, &n));
    g_assert_cmpstr(t.buf, ==, "oipjq");
    g_assert_nonnull(n.outer_self);
    g_assert_true(n.outer_self != n.inner_self);
    g_assert_null(co_self());
}

static int recurse(int depth)
{
    volatile char pad[1024];
    memset((char *)pad, depth, sizeof(pad));
    return depth ? recurse(depth - 1) + pad[5] : 0;
}

static void deep(void *opaque)
{
    *(int *)opaque = recurse(120);      /* ~120 KiB of stack */
}

static void test_deep_stack(void)
{
    int r = -1;
    co_enter(co_create(deep, &r));
    g_assert_cmpint(r, ==, 120 * 121 / 2);
}

static void count(void *opaque)
{
    (*(int *)opaque)++;
}

/* Many short coroutines in a row reuse stacks; many alive at once each
 * get their own. */
static void test_recycling(void)
{
    int n = 0;
    for (int i = 0; i < 20000; i++) {
        co_enter(co_create(count, &n));
    }
    g_assert_cmpint(n, ==, 20000);

    enum { ALIVE = 300 };
    Coroutine *cos[ALIVE];
    Trace traces[ALIVE];
    for (int i = 0; i < ALIVE; i++) {
        traces[i] = (Trace){ { 0 }, 0 };
        cos[i] = co_create(yielder, &traces[i]);
        co_enter(cos[i]);
    }
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < ALIVE; i++) {
            co_enter(cos[i]);
        }
    }
    for (int i = 0; i < ALIVE; i++) {
        g_assert_cmpstr(traces[i].buf, ==, "123");
    }
}

typedef struct Locker {
    CoMutex *m;
    Trace *t;
    char name;
    int *inside;
} Locker;

static void lock_and_yield(void *opaque)
{
    Locker *l = opaque;
    co_mutex_lock(l->m);
    g_assert_cmpint(++*l->inside, ==, 1);     /* mutual exclusion */
    trace(l->t, l->name);
    co_yield();                                 /* hold it across a yield */
    --*l->inside;
    co_mutex_unlock(l->m);
}

static void test_mutex(void)
{
    CoMutex m;
    co_mutex_init(&m);
    Trace t = { { 0 }, 0 };
    int inside = 0;
    Locker l[4];
    Coroutine *cos[4];
    for (int i = 0; i < 4; i++) {
        l[i] = (Locker){ &m, &t, (char)('a' + i), &inside };
        cos[i] = co_create(lock_and_yield, &l[i]);
        co_enter(cos[i]);
    }
    g_assert_cmpstr(t.buf, ==, "a");            /* b, c, d wait */
    /* Each unlock hands the mutex to the next waiter, first come first served. */
    for (int i = 0; i < 4; i++) {
        co_enter(cos[i]);
    }
    g_assert_cmpstr(t.buf, ==, "abcd");
    g_assert_false(m.locked);
    g_assert_cmpint(inside, ==, 0);
}

typedef struct Waiter {
    CoQueue *q;
    CoMutex *m;
    Trace *t;
    char name;
} Waiter;

static void wait_on_queue(void *opaque)
{
    Waiter *w = opaque;
    if (w->m) {
        co_mutex_lock(w->m);
    }
    co_queue_wait(w->q, w->m);
    if (w->m) {
        g_assert_true(w->m->locked);            /* re-taken on wake-up */
        co_mutex_unlock(w->m);
    }
    trace(w->t, w->name);
}

static void test_queue(void)
{
    CoQueue q;
    co_queue_init(&q);
    g_assert_true(co_queue_empty(&q));
    g_assert_false(co_queue_next(&q));
    Trace t = { { 0 }, 0 };
    Waiter w[3];
    for (int i = 0; i < 3; i++) {
        w[i] = (Waiter){ &q, NULL, &t, (char)('x' + i) };
        co_enter(co_create(wait_on_queue, &w[i]));
    }
    g_assert_false(co_queue_empty(&q));
    g_assert_true(co_queue_next(&q));
    g_assert_cmpstr(t.buf, ==, "x");
    co_queue_restart_all(&q);
    g_assert_cmpstr(t.buf, ==, "xyz");
    g_assert_true(co_queue_empty(&q));

    /* With a mutex: released while asleep, so others can take it. */
    CoMutex m;
    co_mutex_init(&m);
    Waiter wm = { &q, &m, &t, 'm' };
    co_enter(co_create(wait_on_queue, &wm));
    g_assert_false(m.locked);
    co_queue_restart_all(&q);
    g_assert_cmpstr(t.buf, ==, "xyzm");
    g_assert_false(m.locked);
}

static void *thread_body(void *arg)
{
    test_enter_yield();
    test_mutex();
    int n = 0;
    for (int i = 0; i < 5000; i++) {
        co_enter(co_create(count, &n));
    }
    g_assert_cmpint(n, ==, 5000);
    return arg;
}

static void test_threads(void)
{
    pthread_t th[3];
    for (int i = 0; i < 3; i++) {
        pthread_create(&th[i], NULL, thread_body, NULL);
    }
    thread_body(NULL);
    for (int i = 0; i < 3; i++) {
        pthread_join(th[i], NULL);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/coroutine/enter-yield", test_enter_yield);
    g_test_add_func("/coroutine/nested", test_nested);
    g_test_add_func("/coroutine/deep-stack", test_deep_stack);
    g_test_add_func("/coroutine/recycling", test_recycling);
    g_test_add_func("/coroutine/mutex", test_mutex);
    g_test_add_func("/coroutine/queue", test_queue);
    g_test_add_func("/coroutine/threads", test_threads);
    return g_test_run();
}
