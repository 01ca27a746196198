/*
 * Event loop: poll(2) over the registered descriptors plus an eventfd that
 * other threads use to wake it, sorted timer lists per clock, and bottom
 * halves flagged atomically so that worker threads can schedule them.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <glib.h>

#include "util/main-loop.h"

typedef struct LoopFd {
    int fd;
    LoopHandler *on_read;
    LoopHandler *on_write;
    void *opaque;
} LoopFd;

struct LoopTimer {
    MainLoop *ml;
    LoopClock clock;
    LoopHandler *cb;
    void *opaque;
    int64_t expire;
    bool pending;
    LoopTimer *next;
};

struct LoopBH {
    MainLoop *ml;
    LoopHandler *cb;
    void *opaque;
    int scheduled;          /* atomic */
    bool deleted;
    LoopBH *next;
};

struct MainLoop {
    int wake_fd;
    int notified;           /* atomic: wake_fd has an unread count */
    LoopFd *fds;
    int nfds;
    int fds_cap;
    struct pollfd *pfds;
    LoopTimer *timers[LOOP_CLOCK_COUNT];
    LoopBH *bhs;
    int bh_pending;         /* atomic: some bottom half is scheduled */
    bool bh_deleted;
    int64_t (*virtual_get_ns)(void *opaque);
    void *virtual_opaque;
};

MainLoop *main_loop_new(void)
{
    MainLoop *ml = g_new0(MainLoop, 1);
    ml->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (ml->wake_fd < 0) {
        g_free(ml);
        return NULL;
    }
    return ml;
}

void main_loop_free(MainLoop *ml)
{
    if (!ml) {
        return;
    }
    for (LoopBH *bh = ml->bhs, *next; bh; bh = next) {
        next = bh->next;
        g_free(bh);
    }
    for (int c = 0; c < LOOP_CLOCK_COUNT; c++) {
        for (LoopTimer *t = ml->timers[c]; t; t = t->next) {
            t->pending = false;
        }
    }
    close(ml->wake_fd);
    g_free(ml->fds);
    g_free(ml->pfds);
    g_free(ml);
}

void main_loop_notify(MainLoop *ml)
{
    if (!__atomic_exchange_n(&ml->notified, 1, __ATOMIC_SEQ_CST)) {
        uint64_t one = 1;
        ssize_t r = write(ml->wake_fd, &one, sizeof(one));
        (void)r;    /* EAGAIN means the counter is already non-zero: still awake */
    }
}

void main_loop_set_fd_handler(MainLoop *ml, int fd, LoopHandler *on_read,
                              LoopHandler *on_write, void *opaque)
{
    int i;
    for (i = 0; i < ml->nfds && ml->fds[i].fd != fd; i++) {
    }
    if (!on_read && !on_write) {
        if (i < ml->nfds) {
            ml->fds[i] = ml->fds[--ml->nfds];
        }
        return;
    }
    if (i == ml->nfds) {
        if (ml->nfds == ml->fds_cap) {
            ml->fds_cap = ml->fds_cap ? ml->fds_cap * 2 : 8;
            ml->fds = g_renew(LoopFd, ml->fds, ml->fds_cap);
            ml->pfds = g_renew(struct pollfd, ml->pfds, ml->fds_cap + 1);
        }
        ml->nfds++;
    }
    ml->fds[i] = (LoopFd){ fd, on_read, on_write, opaque };
}

void main_loop_set_virtual_clock(MainLoop *ml, int64_t (*get_ns)(void *opaque),
                                 void *opaque)
{
    ml->virtual_get_ns = get_ns;
    ml->virtual_opaque = opaque;
}

static int64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t main_loop_clock_ns(MainLoop *ml, LoopClock clock)
{
    switch (clock) {
    case LOOP_CLOCK_HOST:
        return clock_ns(CLOCK_REALTIME);
    case LOOP_CLOCK_VIRTUAL:
        if (ml->virtual_get_ns) {
            return ml->virtual_get_ns(ml->virtual_opaque);
        }
        return clock_ns(CLOCK_MONOTONIC);
    default:
        return clock_ns(CLOCK_MONOTONIC);
    }
}

LoopTimer *loop_timer_new(MainLoop *ml, LoopClock clock, LoopHandler *cb, void *opaque)
{
    LoopTimer *t = g_new0(LoopTimer, 1);
    t->ml = ml;
    t->clock = clock;
    t->cb = cb;
    t->opaque = opaque;
    return t;
}

void loop_timer_del(LoopTimer *t)
{
    if (!t->pending) {
        return;
    }
    LoopTimer **p = &t->ml->timers[t->clock];
    while (*p != t) {
        p = &(*p)->next;
    }
    *p = t->next;
    t->pending = false;
}

void loop_timer_mod(LoopTimer *t, int64_t expire_ns)
{
    loop_timer_del(t);
    LoopTimer **p = &t->ml->timers[t->clock];
    while (*p && (*p)->expire <= expire_ns) {
        p = &(*p)->next;
    }
    t->expire = expire_ns;
    t->next = *p;
    *p = t;
    t->pending = true;
}

bool loop_timer_pending(LoopTimer *t)
{
    return t->pending;
}

void loop_timer_free(LoopTimer *t)
{
    if (t) {
        loop_timer_del(t);
        g_free(t);
    }
}

LoopBH *loop_bh_new(MainLoop *ml, LoopHandler *cb, void *opaque)
{
    LoopBH *bh = g_new0(LoopBH, 1);
    bh->ml = ml;
    bh->cb = cb;
    bh->opaque = opaque;
    bh->next = ml->bhs;
    ml->bhs = bh;
    return bh;
}

void loop_bh_schedule(LoopBH *bh)
{
    if (__atomic_exchange_n(&bh->scheduled, 1, __ATOMIC_SEQ_CST)) {
        return;
    }
    __atomic_store_n(&bh->ml->bh_pending, 1, __ATOMIC_SEQ_CST);
    main_loop_notify(bh->ml);
}

void loop_bh_cancel(LoopBH *bh)
{
    __atomic_store_n(&bh->scheduled, 0, __ATOMIC_SEQ_CST);
}

void loop_bh_free(LoopBH *bh)
{
    if (bh) {
        bh->scheduled = 0;
        bh->deleted = true;
        bh->ml->bh_deleted = true;
    }
}

static bool run_bhs(MainLoop *ml)
{
    bool progress = false;
    if (!__atomic_exchange_n(&ml->bh_pending, 0, __ATOMIC_SEQ_CST)) {
        return false;
    }
    for (LoopBH *bh = ml->bhs; bh; bh = bh->next) {
        if (!bh->deleted && __atomic_exchange_n(&bh->scheduled, 0, __ATOMIC_SEQ_CST)) {
            bh->cb(bh->opaque);
            progress = true;
        }
    }
    if (ml->bh_deleted) {
        ml->bh_deleted = false;
        for (LoopBH **p = &ml->bhs; *p;) {
            LoopBH *bh = *p;
            if (bh->deleted) {
                *p = bh->next;
                g_free(bh);
            } else {
                p = &bh->next;
            }
        }
    }
    return progress;
}

static bool run_timers(MainLoop *ml)
{
    bool progress = false;
    for (int c = 0; c < LOOP_CLOCK_COUNT; c++) {
        int64_t now = main_loop_clock_ns(ml, c);
        LoopTimer *t;
        while ((t = ml->timers[c]) && t->expire <= now) {
            ml->timers[c] = t->next;
            t->pending = false;
            t->cb(t->opaque);
            progress = true;
        }
    }
    return progress;
}

/* Milliseconds until the earliest timer, -1 for none. */
static int next_timeout_ms(MainLoop *ml)
{
    int64_t best = -1;
    for (int c = 0; c < LOOP_CLOCK_COUNT; c++) {
        if (ml->timers[c]) {
            int64_t d = ml->timers[c]->expire - main_loop_clock_ns(ml, c);
            d = d <= 0 ? 0 : (d + 999999) / 1000000;
            if (best < 0 || d < best) {
                best = d;
            }
        }
    }
    return best > INT_MAX ? INT_MAX : (int)best;
}

bool main_loop_wait(MainLoop *ml, bool blocking)
{
    bool progress = run_bhs(ml);
    int timeout = (blocking && !progress) ? next_timeout_ms(ml) : 0;
    if (__atomic_load_n(&ml->bh_pending, __ATOMIC_SEQ_CST)) {
        timeout = 0;
    }
    int n = ml->nfds;
    for (int i = 0; i < n; i++) {
        ml->pfds[i].fd = ml->fds[i].fd;
        ml->pfds[i].events = (ml->fds[i].on_read ? POLLIN : 0) |
                             (ml->fds[i].on_write ? POLLOUT : 0);
        ml->pfds[i].revents = 0;
    }
    if (!ml->pfds) {
        ml->pfds = g_new(struct pollfd, 1);
    }
    ml->pfds[n] = (struct pollfd){ .fd = ml->wake_fd, .events = POLLIN };
    int r = poll(ml->pfds, n + 1, timeout);
    if (r > 0 && ml->pfds[n].revents) {
        uint64_t cnt;
        /* Drain first, then re-arm: a notify in between sees notified == 1
         * and skips the write, but its bottom half runs below anyway. */
        if (read(ml->wake_fd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN) {
            r = -1;
        }
        __atomic_store_n(&ml->notified, 0, __ATOMIC_SEQ_CST);
    }
    for (int i = 0; r > 0 && i < n; i++) {
        short ev = ml->pfds[i].revents;
        if (!ev) {
            continue;
        }
        /* A handler may remove itself or others: look the fd up again. */
        int fd = ml->pfds[i].fd;
        for (int j = 0; j < ml->nfds; j++) {
            LoopFd f = ml->fds[j];
            if (f.fd != fd) {
                continue;
            }
            if ((ev & (POLLIN | POLLHUP | POLLERR)) && f.on_read) {
                f.on_read(f.opaque);
            }
            if ((ev & (POLLOUT | POLLERR)) && f.on_write) {
                /* The read handler may have removed or changed the fd's handlers. */
                for (j = 0; j < ml->nfds && ml->fds[j].fd != fd; j++) {
                }
                if (j < ml->nfds && ml->fds[j].on_write) {
                    ml->fds[j].on_write(ml->fds[j].opaque);
                }
            }
            progress = true;
            break;
        }
    }
    progress |= run_timers(ml);
    progress |= run_bhs(ml);
    return progress;
}
