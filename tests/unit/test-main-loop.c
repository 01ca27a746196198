/*
 * util/main-loop: file-descriptor handlers (read, write, both at once,
 * removal from a handler), timers on the realtime and virtual clocks, bottom
 * halves, and wake-ups from other threads.
 */
#include <glib.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/main-loop.h"

typedef struct FdProbe {
    MainLoop *ml;
    int fd;
    int reads, writes;
    bool remove_on_read;
} FdProbe;

static void probe_read(void *opaque)
{
    FdProbe *p = opaque;
    char c;
    if (read(p->fd, &c, 1) == 1) {
        p->reads++;
    }
    if (p->remove_on_read) {
        main_loop_set_fd_handler(p->ml, p->fd, NULL, NULL, NULL);
    }
}

static void probe_write(void *opaque)
{
    FdProbe *p = opaque;
    p->writes++;
}

static void test_fd_read(void)
{
    MainLoop *ml = main_loop_new();
    int fds[2];
    g_assert_cmpint(pipe(fds), ==, 0);
    FdProbe p = { .ml = ml, .fd = fds[0] };
    main_loop_set_fd_handler(ml, fds[0], probe_read, NULL, &p);
    g_assert_false(main_loop_wait(ml, false));      /* nothing to read yet */
    g_assert_cmpint(write(fds[1], "ab", 2), ==, 2);
    g_assert_true(main_loop_wait(ml, true));
    g_assert_true(main_loop_wait(ml, true));
    g_assert_cmpint(p.reads, ==, 2);
    main_loop_set_fd_handler(ml, fds[0], NULL, NULL, NULL);
    g_assert_cmpint(write(fds[1], "c", 1), ==, 1);
    g_assert_false(main_loop_wait(ml, false));      /* removed: not called */
    g_assert_cmpint(p.reads, ==, 2);
    close(fds[0]);
    close(fds[1]);
    main_loop_free(ml);
}

/* A descriptor ready both ways gets both handlers in one iteration. */
static void test_fd_both_ways(void)
{
    MainLoop *ml = main_loop_new();
    int sv[2];
    g_assert_cmpint(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), ==, 0);
    FdProbe p = { .ml = ml, .fd = sv[0] };
    main_loop_set_fd_handler(ml, sv[0], probe_read, probe_write, &p);
    g_assert_cmpint(write(sv[1], "x", 1), ==, 1);
    g_assert_true(main_loop_wait(ml, true));
    g_assert_cmpint(p.reads, ==, 1);
    g_assert_cmpint(p.writes, ==, 1);
    /* A read handler that removes the fd keeps the write handler from running. */
    p.remove_on_read = true;
    g_assert_cmpint(write(sv[1], "y", 1), ==, 1);
    g_assert_true(main_loop_wait(ml, true));
    g_assert_cmpint(p.reads, ==, 2);
    g_assert_cmpint(p.writes, ==, 1);
    g_assert_false(main_loop_wait(ml, false));
    close(sv[0]);
    close(sv[1]);
    main_loop_free(ml);
}

typedef struct TimerLog {
    char order[8];
    int n;
} TimerLog;

typedef struct TimerProbe {
    TimerLog *log;
    char name;
} TimerProbe;

static void timer_fired(void *opaque)
{
    TimerProbe *t = opaque;
    t->log->order[t->log->n++] = t->name;
}

static void test_timers_order(void)
{
    MainLoop *ml = main_loop_new();
    TimerLog log = { { 0 }, 0 };
    TimerProbe a = { &log, 'a' }, b = { &log, 'b' }, c = { &log, 'c' }, d = { &log, 'd' };
    LoopTimer *ta = loop_timer_new(ml, LOOP_CLOCK_REALTIME, timer_fired, &a);
    LoopTimer *tb = loop_timer_new(ml, LOOP_CLOCK_REALTIME, timer_fired, &b);
    LoopTimer *tc = loop_timer_new(ml, LOOP_CLOCK_REALTIME, timer_fired, &c);
    LoopTimer *td = loop_timer_new(ml, LOOP_CLOCK_REALTIME, timer_fired, &d);
    int64_t now = main_loop_clock_ns(ml, LOOP_CLOCK_REALTIME);
    loop_timer_mod(tc, now + 30 * 1000000);
    loop_timer_mod(ta, now + 10 * 1000000);
    loop_timer_mod(tb, now + 20 * 1000000);
    loop_timer_mod(td, now + 15 * 1000000);
    loop_timer_del(td);
    g_assert_false(loop_timer_pending(td));
    g_assert_true(loop_timer_pending(ta));
    /* Re-arming moves a timer rather than adding it twice. */
    loop_timer_mod(tb, now + 25 * 1000000);
    while (log.n < 3) {
        main_loop_wait(ml, true);
    }
    g_assert_cmpstr(log.order, ==, "abc");
    g_assert_cmpint(main_loop_clock_ns(ml, LOOP_CLOCK_REALTIME) - now, >=, 30 * 1000000);
    g_assert_false(loop_timer_pending(tc));
    loop_timer_free(ta);
    loop_timer_free(tb);
    loop_timer_free(tc);
    loop_timer_free(td);
    main_loop_free(ml);
}

static int64_t fake_clock(void *opaque)
{
    return *(int64_t *)opaque;
}

static void test_virtual_clock(void)
{
    MainLoop *ml = main_loop_new();
    int64_t vclock = 1000;
    main_loop_set_virtual_clock(ml, fake_clock, &vclock);
    g_assert_cmpint(main_loop_clock_ns(ml, LOOP_CLOCK_VIRTUAL), ==, 1000);
    TimerLog log = { { 0 }, 0 };
    TimerProbe v = { &log, 'v' };
    LoopTimer *t = loop_timer_new(ml, LOOP_CLOCK_VIRTUAL, timer_fired, &v);
    loop_timer_mod(t, 5000);
    g_assert_false(main_loop_wait(ml, false));
    g_assert_cmpint(log.n, ==, 0);          /* the guest clock has not moved */
    vclock = 5000;
    g_assert_true(main_loop_wait(ml, false));
    g_assert_cmpint(log.n, ==, 1);
    loop_timer_free(t);
    main_loop_free(ml);
}

typedef struct BhProbe {
    int runs;
    LoopBH *self;
    LoopBH *other;
    bool free_self;
} BhProbe;

static void bh_run(void *opaque)
{
    BhProbe *p = opaque;
    p->runs++;
    if (p->other) {
        loop_bh_schedule(p->other);
    }
    if (p->free_self) {
        loop_bh_free(p->self);
    }
}

static void test_bottom_halves(void)
{
    MainLoop *ml = main_loop_new();
    BhProbe a = { 0 }, b = { 0 };
    LoopBH *ba = loop_bh_new(ml, bh_run, &a);
    LoopBH *bb = loop_bh_new(ml, bh_run, &b);
    loop_bh_schedule(ba);
    loop_bh_schedule(ba);                   /* twice before it runs: once */
    g_assert_true(main_loop_wait(ml, false));
    g_assert_cmpint(a.runs, ==, 1);
    g_assert_false(main_loop_wait(ml, false));
    g_assert_cmpint(a.runs, ==, 1);

    loop_bh_schedule(bb);
    loop_bh_cancel(bb);
    g_assert_false(main_loop_wait(ml, false));
    g_assert_cmpint(b.runs, ==, 0);

    /* A bottom half scheduling another: both run, without blocking. */
    a.other = bb;
    loop_bh_schedule(ba);
    while (b.runs == 0) {
        main_loop_wait(ml, true);
    }
    g_assert_cmpint(a.runs, ==, 2);
    g_assert_cmpint(b.runs, ==, 1);

    /* One that frees itself while running. */
    a.other = NULL;
    a.self = ba;
    a.free_self = true;
    loop_bh_schedule(ba);
    g_assert_true(main_loop_wait(ml, false));
    g_assert_cmpint(a.runs, ==, 3);
    loop_bh_free(bb);
    main_loop_free(ml);
}

typedef struct CrossThread {
    LoopBH *bh;
    MainLoop *ml;
    int delay_ms;
    bool notify_only;
} CrossThread;

static void *remote_schedule(void *opaque)
{
    CrossThread *x = opaque;
    g_usleep(x->delay_ms * 1000);
    if (x->notify_only) {
        main_loop_notify(x->ml);
    } else {
        loop_bh_schedule(x->bh);
    }
    return NULL;
}

/* Another thread's bottom half wakes a loop blocked with no timer at all. */
static void test_cross_thread(void)
{
    MainLoop *ml = main_loop_new();
    BhProbe p = { 0 };
    LoopBH *bh = loop_bh_new(ml, bh_run, &p);
    for (int i = 0; i < 50; i++) {
        CrossThread x = { .bh = bh, .ml = ml, .delay_ms = i % 5 };
        pthread_t th;
        pthread_create(&th, NULL, remote_schedule, &x);
        while (p.runs == i) {
            main_loop_wait(ml, true);
        }
        pthread_join(th, NULL);
        g_assert_cmpint(p.runs, ==, i + 1);
    }
    /* main_loop_notify alone ends a blocking wait too. */
    CrossThread n = { .ml = ml, .delay_ms = 20, .notify_only = true };
    pthread_t th;
    pthread_create(&th, NULL, remote_schedule, &n);
    main_loop_wait(ml, true);
    pthread_join(th, NULL);
    loop_bh_free(bh);
    main_loop_free(ml);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/main-loop/fd/read", test_fd_read);
    g_test_add_func("/main-loop/fd/both-ways", test_fd_both_ways);
    g_test_add_func("/main-loop/timer/order", test_timers_order);
    g_test_add_func("/main-loop/timer/virtual", test_virtual_clock);
    g_test_add_func("/main-loop/bh", test_bottom_halves);
    g_test_add_func("/main-loop/cross-thread", test_cross_thread);
    return g_test_run();
}
