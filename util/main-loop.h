/*
 * Event loop: file-descriptor handlers, timers on three clocks and bottom
 * halves.  One loop per thread that runs it; bh_schedule() and
 * main_loop_notify() may be called from any thread, everything else only from
 * the loop's own thread.
 */
#ifndef UTIL_MAIN_LOOP_H
#define UTIL_MAIN_LOOP_H

#include <stdbool.h>
#include <stdint.h>

typedef struct MainLoop MainLoop;
typedef struct LoopTimer LoopTimer;
typedef struct LoopBH LoopBH;
typedef void LoopHandler(void *opaque);

typedef enum LoopClock {
    LOOP_CLOCK_REALTIME,    /* monotonic host time, never jumps */
    LOOP_CLOCK_HOST,        /* wall-clock time, follows the host's date */
    LOOP_CLOCK_VIRTUAL,     /* guest time; supplied by the machine, stops with the VM */
    LOOP_CLOCK_COUNT,
} LoopClock;

MainLoop *main_loop_new(void);
void main_loop_free(MainLoop *ml);

/* Run one iteration: wait (if @blocking) for an event, then dispatch ready fd
 * handlers, expired timers and scheduled bottom halves.  Returns true when
 * something ran. */
bool main_loop_wait(MainLoop *ml, bool blocking);
/* Wake up a blocked main_loop_wait(); any thread. */
void main_loop_notify(MainLoop *ml);

/* Install (or, with both handlers NULL, remove) the handlers of @fd. */
void main_loop_set_fd_handler(MainLoop *ml, int fd, LoopHandler *on_read,
                              LoopHandler *on_write, void *opaque);

/* The virtual clock is the machine's: it reads it through @get_ns.  Until it
 * is set, the virtual clock reads as the realtime clock. */
void main_loop_set_virtual_clock(MainLoop *ml, int64_t (*get_ns)(void *opaque),
                                 void *opaque);
int64_t main_loop_clock_ns(MainLoop *ml, LoopClock clock);

LoopTimer *loop_timer_new(MainLoop *ml, LoopClock clock, LoopHandler *cb, void *opaque);
void loop_timer_mod(LoopTimer *t, int64_t expire_ns);
void loop_timer_del(LoopTimer *t);
bool loop_timer_pending(LoopTimer *t);
void loop_timer_free(LoopTimer *t);

LoopBH *loop_bh_new(MainLoop *ml, LoopHandler *cb, void *opaque);
/* Run @bh once on the next iteration; any thread. */
void loop_bh_schedule(LoopBH *bh);
void loop_bh_cancel(LoopBH *bh);
void loop_bh_free(LoopBH *bh);

#endif
