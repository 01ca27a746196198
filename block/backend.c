/*
 * BlockBackend: the asynchronous front of an opened image for devices.
 * Each request runs as a coroutine on the context's loop; its completion
 * callback is always called later from a bottom half, never from inside the
 * submitting call, so a device may submit from its register handlers.
 */
#include <errno.h>
#include <string.h>

#include "block/block-int.h"

enum {
    BLK_READ,
    BLK_WRITE,
    BLK_FLUSH,
    BLK_DISCARD,
};

typedef struct BlkReq BlkReq;
struct BlkReq {
    BlockBackend *blk;
    int type;
    uint64_t offset;
    uint64_t bytes;
    struct iovec *iov;
    int niov;
    struct iovec iov1;      /* storage when niov == 1 */
    BlockCompletionFunc *cb;
    void *opaque;
    int ret;
    BlkReq *next;
};

struct BlockBackend {
    BlockDriverState *bs;
    BlockContext *ctx;
    int in_flight;
    LoopBH *done_bh;
    BlkReq *done_head, *done_tail;
};

static void blk_run_completions(void *opaque)
{
    BlockBackend *blk = opaque;
    while (blk->done_head) {
        BlkReq *r = blk->done_head;
        blk->done_head = r->next;
        if (!blk->done_head) {
            blk->done_tail = NULL;
        }
        blk->in_flight--;
        if (r->cb) {
            r->cb(r->opaque, r->ret);
        }
        if (r->iov != &r->iov1) {
            g_free(r->iov);
        }
        g_free(r);
    }
}

BlockBackend *blk_open(BlockContext *ctx, const char *filename, const BlockOpenOptions *o,
                       char **errp)
{
    BlockDriverState *bs = bdrv_open(ctx, filename, o, errp);
    if (!bs) {
        return NULL;
    }
    BlockBackend *blk = g_new0(BlockBackend, 1);
    blk->bs = bs;
    blk->ctx = ctx;
    blk->done_bh = loop_bh_new(ctx->ml, blk_run_completions, blk);
    return blk;
}

void blk_close(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    blk_drain(blk);
    bdrv_flush(blk->bs);
    bdrv_close(blk->bs);
    loop_bh_free(blk->done_bh);
    g_free(blk);
}

BlockDriverState *blk_bs(BlockBackend *blk)
{
    return blk->bs;
}

uint64_t blk_getlength(BlockBackend *blk)
{
    return bdrv_getlength(blk->bs);
}

bool blk_is_read_only(BlockBackend *blk)
{
    return bdrv_is_read_only(blk->bs);
}

int blk_in_flight(BlockBackend *blk)
{
    return blk->in_flight;
}

static bool blk_writethrough(BlockBackend *blk)
{
    BlockCacheMode c = blk->bs->opts.cache;
    return c == BLOCK_CACHE_WRITETHROUGH || c == BLOCK_CACHE_DIRECTSYNC;
}

static int blk_rw(BlkReq *r)
{
    BlockDriverState *bs = r->blk->bs;
    bool write = r->type == BLK_WRITE;
    int ret;
    if (r->niov == 1) {
        ret = write ? bdrv_co_pwrite(bs, r->offset, r->bytes, r->iov[0].iov_base)
                    : bdrv_co_pread(bs, r->offset, r->bytes, r->iov[0].iov_base);
    } else {
        /* Scatter/gather: go through one contiguous bounce buffer. */
        uint8_t *buf = block_buf_alloc(r->bytes);
        uint64_t pos = 0;
        if (write) {
            for (int i = 0; i < r->niov; i++) {
                memcpy(buf + pos, r->iov[i].iov_base, r->iov[i].iov_len);
                pos += r->iov[i].iov_len;
            }
            ret = bdrv_co_pwrite(bs, r->offset, r->bytes, buf);
        } else {
            ret = bdrv_co_pread(bs, r->offset, r->bytes, buf);
            for (int i = 0; ret >= 0 && i < r->niov; i++) {
                memcpy(r->iov[i].iov_base, buf + pos, r->iov[i].iov_len);
                pos += r->iov[i].iov_len;
            }
        }
        block_buf_free(buf);
    }
    if (ret >= 0 && write && blk_writethrough(r->blk)) {
        ret = bdrv_co_flush(bs);
    }
    return ret;
}

static void blk_req_entry(void *opaque)
{
    BlkReq *r = opaque;
    BlockBackend *blk = r->blk;
    switch (r->type) {
    case BLK_READ:
    case BLK_WRITE:
        r->ret = blk_rw(r);
        break;
    case BLK_FLUSH:
        r->ret = bdrv_co_flush(blk->bs);
        break;
    case BLK_DISCARD:
        r->ret = bdrv_co_pdiscard(blk->bs, r->offset, r->bytes);
        break;
    }
    if (blk->done_tail) {
        blk->done_tail->next = r;
    } else {
        blk->done_head = r;
    }
    blk->done_tail = r;
    loop_bh_schedule(blk->done_bh);
}

static void blk_submit(BlockBackend *blk, int type, uint64_t offset, uint64_t bytes,
                       const struct iovec *iov, int niov, BlockCompletionFunc *cb,
                       void *opaque)
{
    BlkReq *r = g_new0(BlkReq, 1);
    r->blk = blk;
    r->type = type;
    r->offset = offset;
    r->bytes = bytes;
    r->cb = cb;
    r->opaque = opaque;
    if (niov == 1) {
        r->iov1 = iov[0];
        r->iov = &r->iov1;
    } else if (niov > 1) {
        r->iov = g_memdup2(iov, sizeof(*iov) * niov);
    }
    r->niov = niov;
    blk->in_flight++;
    co_enter(co_create(blk_req_entry, r));
}

static uint64_t iov_size(const struct iovec *iov, int niov)
{
    uint64_t n = 0;
    for (int i = 0; i < niov; i++) {
        n += iov[i].iov_len;
    }
    return n;
}

void blk_aio_preadv(BlockBackend *blk, uint64_t offset, const struct iovec *iov, int niov,
                    BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_READ, offset, iov_size(iov, niov), iov, niov, cb, opaque);
}

void blk_aio_pwritev(BlockBackend *blk, uint64_t offset, const struct iovec *iov, int niov,
                     BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_WRITE, offset, iov_size(iov, niov), iov, niov, cb, opaque);
}

void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_FLUSH, 0, 0, NULL, 0, cb, opaque);
}

void blk_aio_pdiscard(BlockBackend *blk, uint64_t offset, uint64_t bytes,
                      BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_DISCARD, offset, bytes, NULL, 0, cb, opaque);
}

void blk_drain(BlockBackend *blk)
{
    while (blk->in_flight > 0) {
        main_loop_wait(blk->ctx->ml, true);
    }
}

int blk_commit(BlockBackend *blk, char **errp)
{
    blk_drain(blk);
    return bdrv_commit(blk->bs, NULL, false, errp);
}
