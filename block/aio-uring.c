/*
 * aio=io_uring: reads and writes through liburing.  The ring's completion
 * eventfd is watched by the main loop; requests that find the submission
 * queue full wait in a FIFO until completions free slots.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "build/config-host.h"
#include "block/file-aio.h"

#ifdef CONFIG_URING
#include <sys/eventfd.h>
#include <liburing.h>

#define URING_DEPTH 256

typedef struct UringReq UringReq;
struct UringReq {
    Coroutine *co;
    int fd;
    bool write;
    void *buf;
    unsigned len;
    uint64_t offset;
    int ret;
    bool done;
    UringReq *next;
};

struct UringAio {
    struct io_uring ring;
    int efd;
    BlockContext *ctx;
    int in_flight;
    UringReq *queue_head, *queue_tail;
};

static void uring_submit_queued(UringAio *s)
{
    bool any = false;
    while (s->queue_head && s->in_flight < URING_DEPTH) {
        struct io_uring_sqe *sqe = io_uring_get_sqe(&s->ring);
        if (!sqe) {
            break;
        }
        UringReq *r = s->queue_head;
        s->queue_head = r->next;
        if (!s->queue_head) {
            s->queue_tail = NULL;
        }
        if (r->write) {
            io_uring_prep_write(sqe, r->fd, r->buf, r->len, r->offset);
        } else {
            io_uring_prep_read(sqe, r->fd, r->buf, r->len, r->offset);
        }
        io_uring_sqe_set_data(sqe, r);
        s->in_flight++;
        any = true;
    }
    if (any) {
        io_uring_submit(&s->ring);
    }
}

static void uring_completions(void *opaque)
{
    UringAio *s = opaque;
    uint64_t cnt;
    if (read(s->efd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN) {
        return;
    }
    struct io_uring_cqe *cqe;
    while (io_uring_peek_cqe(&s->ring, &cqe) == 0) {
        UringReq *r = io_uring_cqe_get_data(cqe);
        r->ret = cqe->res;
        io_uring_cqe_seen(&s->ring, cqe);
        s->in_flight--;
        r->done = true;
        co_enter(r->co);
    }
    uring_submit_queued(s);
}

UringAio *uring_new(BlockContext *ctx, char **errp)
{
    UringAio *s = g_new0(UringAio, 1);
    s->ctx = ctx;
    int ret = io_uring_queue_init(URING_DEPTH, &s->ring, 0);
    if (ret < 0) {
        block_error(errp, "io_uring is not available: %s", g_strerror(-ret));
        g_free(s);
        return NULL;
    }
    s->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (s->efd < 0 || io_uring_register_eventfd(&s->ring, s->efd) < 0) {
        block_error(errp, "io_uring: cannot register an eventfd");
        if (s->efd >= 0) {
            close(s->efd);
        }
        io_uring_queue_exit(&s->ring);
        g_free(s);
        return NULL;
    }
    main_loop_set_fd_handler(ctx->ml, s->efd, uring_completions, NULL, s);
    return s;
}

void uring_free(UringAio *s)
{
    if (!s) {
        return;
    }
    main_loop_set_fd_handler(s->ctx->ml, s->efd, NULL, NULL, NULL);
    io_uring_queue_exit(&s->ring);
    close(s->efd);
    g_free(s);
}

int uring_co_rw(UringAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes)
{
    uint64_t done = 0;
    while (done < bytes) {
        uint64_t n = MIN(bytes - done, 1u << 30);
        UringReq r = { .co = co_self(), .fd = fd, .write = write,
                       .buf = (uint8_t *)buf + done, .len = n, .offset = offset + done };
        if (s->queue_tail) {
            s->queue_tail->next = &r;
        } else {
            s->queue_head = &r;
        }
        s->queue_tail = &r;
        uring_submit_queued(s);
        while (!r.done) {
            co_yield();
        }
        if (r.ret == -EINTR || r.ret == -EAGAIN) {
            continue;
        }
        if (r.ret < 0) {
            return r.ret;
        }
        if (r.ret == 0) {
            if (write) {
                return -EIO;
            }
            memset(r.buf, 0, bytes - done);
            break;
        }
        done += r.ret;
    }
    return 0;
}

#else

UringAio *uring_new(BlockContext *ctx, char **errp)
{
    block_error(errp, "aio=io_uring is not supported by this build (no liburing)");
    return NULL;
}

void uring_free(UringAio *s)
{
}

int uring_co_rw(UringAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes)
{
    return -ENOTSUP;
}

#endif
