/*
 * aio=native: Linux AIO through libaio.  Requests queue up while the loop
 * dispatches and go to the kernel in one io_submit() per batch (from a bottom
 * half, or after reaping completions).  Completions are signalled on an
 * eventfd watched by the main loop and reaped straight from the completion
 * ring the kernel maps into our memory, which saves an io_getevents() call
 * per batch.  Requests beyond the ring size wait in the FIFO.
 */
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "build/config-host.h"
#include "block/file-aio.h"

#ifdef CONFIG_AIO
#include <libaio.h>

#define LAIO_DEPTH 256
#define LAIO_BATCH 64
#define LAIO_RING_MAGIC 0xa10a10a1u

typedef struct LaioReq LaioReq;
struct LaioReq {
    struct iocb iocb;
    Coroutine *co;
    long ret;
    bool done;
    LaioReq *next;
};

/* The head of the completion ring as the kernel lays it out (io_setup()
 * returns its address as the context handle). */
typedef struct LaioRing {
    unsigned id;
    unsigned nr;
    unsigned head;
    unsigned tail;
    unsigned magic;
    unsigned compat_features;
    unsigned incompat_features;
    unsigned header_length;
    struct io_event events[];
} LaioRing;

struct LinuxAio {
    io_context_t ioctx;
    int efd;
    BlockContext *ctx;
    LoopBH *submit_bh;
    int in_flight;
    LaioReq *queue_head, *queue_tail;
};

static void laio_fail(LaioReq *r, int ret)
{
    r->ret = ret;
    r->done = true;
    if (r->co != co_self()) {
        co_enter(r->co);
    }
}

static void laio_submit_queued(LinuxAio *s)
{
    while (s->queue_head && s->in_flight < LAIO_DEPTH) {
        struct iocb *cbs[LAIO_BATCH];
        int n = 0;
        for (LaioReq *r = s->queue_head; r && n < LAIO_BATCH && s->in_flight + n < LAIO_DEPTH;
             r = r->next) {
            cbs[n++] = &r->iocb;
        }
        int ret = io_submit(s->ioctx, n, cbs);
        if (ret == -EAGAIN) {
            break;      /* the kernel is full: retried after the next completion */
        }
        int taken = ret < 0 ? 1 : ret;
        for (int i = 0; i < taken; i++) {
            LaioReq *r = s->queue_head;
            s->queue_head = r->next;
            if (!s->queue_head) {
                s->queue_tail = NULL;
            }
            if (ret < 0) {
                laio_fail(r, ret);      /* refused outright: fail the first one */
            } else {
                s->in_flight++;
            }
        }
        if (ret >= 0 && ret < n) {
            break;
        }
    }
}

static void laio_submit_bh(void *opaque)
{
    laio_submit_queued(opaque);
}

/* Completed events, from the user-space ring when the kernel offers it. */
static int laio_reap(LinuxAio *s, struct io_event *ev, int max)
{
    LaioRing *ring = (LaioRing *)s->ioctx;
    if (ring->magic != LAIO_RING_MAGIC || ring->incompat_features != 0) {
        struct timespec zero = { 0, 0 };
        return io_getevents(s->ioctx, 0, max, ev, &zero);
    }
    unsigned head = ring->head, nr = ring->nr;
    unsigned tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);
    int n = 0;
    while (head != tail && n < max) {
        ev[n++] = ring->events[head];
        head = (head + 1) % nr;
    }
    __atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
    return n;
}

static void laio_completions(void *opaque)
{
    LinuxAio *s = opaque;
    uint64_t cnt;
    struct io_event ev[64];
    if (read(s->efd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN) {
        return;
    }
    for (;;) {
        int n = laio_reap(s, ev, 64);
        if (n <= 0) {
            break;
        }
        s->in_flight -= n;
        for (int i = 0; i < n; i++) {
            LaioReq *r = ev[i].data;
            r->ret = (long)ev[i].res;
            r->done = true;
            co_enter(r->co);
        }
    }
    laio_submit_queued(s);
}

LinuxAio *laio_new(BlockContext *ctx, char **errp)
{
    LinuxAio *s = g_new0(LinuxAio, 1);
    s->ctx = ctx;
    s->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    int ret = s->efd < 0 ? -errno : io_setup(LAIO_DEPTH, &s->ioctx);
    if (ret < 0) {
        block_error(errp, "Linux AIO is not available: %s", g_strerror(-ret));
        if (s->efd >= 0) {
            close(s->efd);
        }
        g_free(s);
        return NULL;
    }
    s->submit_bh = loop_bh_new(ctx->ml, laio_submit_bh, s);
    main_loop_set_fd_handler(ctx->ml, s->efd, laio_completions, NULL, s);
    return s;
}

void laio_free(LinuxAio *s)
{
    if (!s) {
        return;
    }
    main_loop_set_fd_handler(s->ctx->ml, s->efd, NULL, NULL, NULL);
    loop_bh_free(s->submit_bh);
    io_destroy(s->ioctx);
    close(s->efd);
    g_free(s);
}

static long laio_co_submit(LinuxAio *s, LaioReq *r)
{
    io_set_eventfd(&r->iocb, s->efd);
    r->iocb.data = r;
    if (s->queue_tail) {
        s->queue_tail->next = r;
    } else {
        s->queue_head = r;
    }
    s->queue_tail = r;
    loop_bh_schedule(s->submit_bh);
    while (!r->done) {
        co_yield();
    }
    return r->ret;
}

int laio_co_rw(LinuxAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes)
{
    struct iovec iov = { .iov_base = buf, .iov_len = bytes };
    return laio_co_rwv(s, fd, write, offset, &iov, 1);
}

int laio_co_rwv(LinuxAio *s, int fd, bool write, uint64_t offset, struct iovec *iov,
                int niov)
{
    while (niov > 0) {
        LaioReq r = { .co = co_self() };
        if (niov == 1) {
            if (write) {
                io_prep_pwrite(&r.iocb, fd, iov->iov_base, iov->iov_len, offset);
            } else {
                io_prep_pread(&r.iocb, fd, iov->iov_base, iov->iov_len, offset);
            }
        } else if (write) {
            io_prep_pwritev(&r.iocb, fd, iov, niov, offset);
        } else {
            io_prep_preadv(&r.iocb, fd, iov, niov, offset);
        }
        long ret = laio_co_submit(s, &r);
        if (ret < 0) {
            return (int)ret;
        }
        if (ret == 0) {
            if (write) {
                return -EIO;
            }
            file_iov_zero(iov, niov);       /* end of file */
            break;
        }
        offset += ret;
        iov = file_iov_advance(iov, &niov, ret);
    }
    return 0;
}

#else

LinuxAio *laio_new(BlockContext *ctx, char **errp)
{
    block_error(errp, "aio=native is not supported by this build (no libaio)");
    return NULL;
}

void laio_free(LinuxAio *s)
{
}

int laio_co_rw(LinuxAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes)
{
    return -ENOTSUP;
}

int laio_co_rwv(LinuxAio *s, int fd, bool write, uint64_t offset, struct iovec *iov,
                int niov)
{
    return -ENOTSUP;
}

#endif
