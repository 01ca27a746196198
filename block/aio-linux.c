/*
 * aio=native: Linux AIO through libaio.  Completions are signalled on an
 * eventfd watched by the main loop, which reaps them and re-enters the
 * waiting coroutines.  Requests beyond the ring size wait in a FIFO.
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

typedef struct LaioReq LaioReq;
struct LaioReq {
    struct iocb iocb;
    Coroutine *co;
    long ret;
    bool done;
    LaioReq *next;
};

struct LinuxAio {
    io_context_t ioctx;
    int efd;
    BlockContext *ctx;
    int in_flight;
    LaioReq *queue_head, *queue_tail;
};

static void laio_submit_queued(LinuxAio *s)
{
    while (s->queue_head && s->in_flight < LAIO_DEPTH) {
        LaioReq *r = s->queue_head;
        struct iocb *cb = &r->iocb;
        int ret = io_submit(s->ioctx, 1, &cb);
        if (ret == -EAGAIN) {
            break;
        }
        s->queue_head = r->next;
        if (!s->queue_head) {
            s->queue_tail = NULL;
        }
        if (ret < 0) {
            r->ret = ret;
            r->done = true;
            if (r->co != co_self()) {
                co_enter(r->co);
            }
        } else {
            s->in_flight++;
        }
    }
}

static void laio_completions(void *opaque)
{
    LinuxAio *s = opaque;
    uint64_t cnt;
    struct io_event ev[64];
    struct timespec zero = { 0, 0 };
    if (read(s->efd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN) {
        return;
    }
    for (;;) {
        int n = io_getevents(s->ioctx, 0, 64, ev, &zero);
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
    main_loop_set_fd_handler(ctx->ml, s->efd, laio_completions, NULL, s);
    return s;
}

void laio_free(LinuxAio *s)
{
    if (!s) {
        return;
    }
    main_loop_set_fd_handler(s->ctx->ml, s->efd, NULL, NULL, NULL);
    io_destroy(s->ioctx);
    close(s->efd);
    g_free(s);
}

int laio_co_rw(LinuxAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes)
{
    uint64_t done = 0;
    while (done < bytes) {
        LaioReq r = { .co = co_self() };
        uint8_t *p = (uint8_t *)buf + done;
        if (write) {
            io_prep_pwrite(&r.iocb, fd, p, bytes - done, offset + done);
        } else {
            io_prep_pread(&r.iocb, fd, p, bytes - done, offset + done);
        }
        io_set_eventfd(&r.iocb, s->efd);
        r.iocb.data = &r;
        if (s->queue_tail) {
            s->queue_tail->next = &r;
        } else {
            s->queue_head = &r;
        }
        s->queue_tail = &r;
        laio_submit_queued(s);
        while (!r.done) {
            co_yield();
        }
        if (r.ret < 0) {
            return (int)r.ret;
        }
        if (r.ret == 0) {
            if (write) {
                return -EIO;
            }
            memset(p, 0, bytes - done);     /* end of file */
            break;
        }
        done += r.ret;
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

#endif
