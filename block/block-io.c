/*
 * Block layer I/O: request checks and dispatch to the drivers (coroutine
 * side), synchronous wrappers for tools, status through backing chains, and
 * the chain operations built on them (commit).
 */
#include <errno.h>
#include <string.h>

#include "block/block-int.h"

typedef struct SyncCall {
    int (*fn)(void *arg);
    void *arg;
    int ret;
    bool done;
} SyncCall;

static void sync_call_entry(void *opaque)
{
    SyncCall *c = opaque;
    c->ret = c->fn(c->arg);
    c->done = true;
}

int bdrv_run_co(BlockContext *ctx, int (*fn)(void *arg), void *arg)
{
    if (co_self()) {
        return fn(arg);
    }
    SyncCall c = { .fn = fn, .arg = arg };
    co_enter(co_create(sync_call_entry, &c));
    while (!c.done) {
        main_loop_wait(ctx->ml, true);
    }
    return c.ret;
}

static int check_request(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    if (bs->drv->is_protocol) {
        return offset + bytes < offset ? -EINVAL : 0;
    }
    if (offset > bs->total_size || bytes > bs->total_size - offset) {
        return -EINVAL;
    }
    return 0;
}

int bdrv_co_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf)
{
    int ret = check_request(bs, offset, bytes);
    if (ret < 0 || !bytes) {
        return ret;
    }
    return bs->drv->co_pread(bs, offset, bytes, buf);
}

int bdrv_co_pread_clipped(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf)
{
    uint64_t avail = offset < bs->total_size ? bs->total_size - offset : 0;
    if (avail < bytes) {
        memset((uint8_t *)buf + avail, 0, bytes - avail);
        bytes = avail;
    }
    return bytes ? bdrv_co_pread(bs, offset, bytes, buf) : 0;
}

int bdrv_co_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes, const void *buf)
{
    if (bs->read_only) {
        return -EACCES;
    }
    int ret = check_request(bs, offset, bytes);
    if (ret < 0 || !bytes) {
        return ret;
    }
    return bs->drv->co_pwrite(bs, offset, bytes, buf);
}

int bdrv_co_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes, int flags)
{
    if (bs->read_only) {
        return -EACCES;
    }
    int ret = check_request(bs, offset, bytes);
    if (ret < 0 || !bytes) {
        return ret;
    }
    if (bs->drv->co_pwrite_zeroes) {
        ret = bs->drv->co_pwrite_zeroes(bs, offset, bytes, flags);
        if (ret != -ENOTSUP) {
            return ret;
        }
    }
    uint64_t chunk = MIN(bytes, 1024 * 1024);
    void *zero = block_buf_alloc(chunk);
    memset(zero, 0, chunk);
    for (ret = 0; bytes && ret >= 0;) {
        uint64_t n = MIN(bytes, chunk);
        ret = bs->drv->co_pwrite(bs, offset, n, zero);
        offset += n;
        bytes -= n;
    }
    block_buf_free(zero);
    return ret;
}

int bdrv_co_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    if (bs->read_only) {
        return -EACCES;
    }
    int ret = check_request(bs, offset, bytes);
    if (ret < 0 || !bytes || !bs->drv->co_pdiscard) {
        return ret;
    }
    return bs->drv->co_pdiscard(bs, offset, bytes);
}

int bdrv_co_flush(BlockDriverState *bs)
{
    int ret = 0;
    if (bs->read_only) {
        return 0;
    }
    if (bs->drv->co_flush) {
        ret = bs->drv->co_flush(bs);
    }
    if (ret >= 0 && bs->file) {
        ret = bdrv_co_flush(bs->file);
    }
    return ret;
}

int bdrv_co_truncate(BlockDriverState *bs, uint64_t size, bool shrink, char **errp)
{
    if (bs->read_only) {
        block_error(errp, "Image is read-only");
        return -EACCES;
    }
    if (!bs->drv->co_truncate) {
        block_error(errp, "Format '%s' cannot be resized", bs->drv->name);
        return -ENOTSUP;
    }
    if (size < bs->total_size && !shrink) {
        block_error(errp, "Use the --shrink option to perform a shrink operation.");
        return -EINVAL;
    }
    return bs->drv->co_truncate(bs, size, shrink, errp);
}

int bdrv_co_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                         uint64_t *pnum, uint64_t *map, BlockDriverState **file)
{
    *map = 0;
    *file = NULL;
    if (offset >= bs->total_size && !bs->drv->is_protocol) {
        *pnum = 0;
        return 0;
    }
    if (!bs->drv->is_protocol) {
        bytes = MIN(bytes, bs->total_size - offset);
    }
    if (!bs->drv->co_block_status) {
        *pnum = bytes;
        *map = offset;
        *file = bs;
        return BDRV_BLOCK_DATA | BDRV_BLOCK_OFFSET_VALID | BDRV_BLOCK_ALLOCATED;
    }
    int ret = bs->drv->co_block_status(bs, offset, bytes, pnum, map, file);
    if (ret >= 0 && *pnum == 0) {
        return -EIO;        /* a driver must always make progress */
    }
    return ret;
}

typedef struct IoArgs {
    BlockDriverState *bs;
    BlockDriverState *base;
    uint64_t offset;
    uint64_t bytes;
    void *buf;
    int flags;
    bool keep;
    char **errp;
    uint64_t *pnum;
    uint64_t *map;
    BlockDriverState **file;
    int *depth;
    BlockCheckResult *check;
} IoArgs;

static int io_pread(void *a)
{
    IoArgs *x = a;
    return bdrv_co_pread(x->bs, x->offset, x->bytes, x->buf);
}

static bool bdrv_writethrough(BlockDriverState *bs)
{
    return bs->opts.cache == BLOCK_CACHE_WRITETHROUGH ||
           bs->opts.cache == BLOCK_CACHE_DIRECTSYNC;
}

static int io_pwrite(void *a)
{
    IoArgs *x = a;
    int ret = bdrv_co_pwrite(x->bs, x->offset, x->bytes, x->buf);
    if (ret >= 0 && bdrv_writethrough(x->bs)) {
        ret = bdrv_co_flush(x->bs);
    }
    return ret;
}

static int io_pwrite_zeroes(void *a)
{
    IoArgs *x = a;
    return bdrv_co_pwrite_zeroes(x->bs, x->offset, x->bytes, x->flags);
}

int bdrv_co_pwrite_compressed(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                              const void *buf)
{
    if (bs->read_only) {
        return -EACCES;
    }
    int ret = check_request(bs, offset, bytes);
    if (ret < 0) {
        return ret;
    }
    if (!bs->drv->co_pwrite_compressed) {
        return -ENOTSUP;
    }
    return bs->drv->co_pwrite_compressed(bs, offset, bytes, buf);
}

static int io_pwrite_compressed(void *a)
{
    IoArgs *x = a;
    return bdrv_co_pwrite_compressed(x->bs, x->offset, x->bytes, x->buf);
}

static int io_pdiscard(void *a)
{
    IoArgs *x = a;
    return bdrv_co_pdiscard(x->bs, x->offset, x->bytes);
}

static int io_flush(void *a)
{
    IoArgs *x = a;
    return bdrv_co_flush(x->bs);
}

static int io_truncate(void *a)
{
    IoArgs *x = a;
    return bdrv_co_truncate(x->bs, x->offset, x->flags, x->errp);
}

static int io_block_status(void *a)
{
    IoArgs *x = a;
    return bdrv_co_block_status(x->bs, x->offset, x->bytes, x->pnum, x->map, x->file);
}

int bdrv_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf)
{
    IoArgs a = { .bs = bs, .offset = offset, .bytes = bytes, .buf = buf };
    return bdrv_run_co(bs->ctx, io_pread, &a);
}

int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes, const void *buf)
{
    IoArgs a = { .bs = bs, .offset = offset, .bytes = bytes, .buf = (void *)buf };
    return bdrv_run_co(bs->ctx, io_pwrite, &a);
}

int bdrv_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes, int flags)
{
    IoArgs a = { .bs = bs, .offset = offset, .bytes = bytes, .flags = flags };
    return bdrv_run_co(bs->ctx, io_pwrite_zeroes, &a);
}

int bdrv_pwrite_compressed(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                           const void *buf)
{
    IoArgs a = { .bs = bs, .offset = offset, .bytes = bytes, .buf = (void *)buf };
    return bdrv_run_co(bs->ctx, io_pwrite_compressed, &a);
}

int bdrv_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    IoArgs a = { .bs = bs, .offset = offset, .bytes = bytes };
    return bdrv_run_co(bs->ctx, io_pdiscard, &a);
}

int bdrv_flush(BlockDriverState *bs)
{
    IoArgs a = { .bs = bs };
    return bdrv_run_co(bs->ctx, io_flush, &a);
}

int bdrv_truncate(BlockDriverState *bs, uint64_t size, bool shrink, char **errp)
{
    IoArgs a = { .bs = bs, .offset = size, .flags = shrink, .errp = errp };
    return bdrv_run_co(bs->ctx, io_truncate, &a);
}

int bdrv_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                      uint64_t *pnum, uint64_t *map, BlockDriverState **file)
{
    IoArgs a = { .bs = bs, .offset = offset, .bytes = bytes, .pnum = pnum, .map = map,
                 .file = file };
    return bdrv_run_co(bs->ctx, io_block_status, &a);
}

static int io_block_status_above(void *a)
{
    IoArgs *x = a;
    uint64_t bytes = x->bytes;
    int depth = 0;
    for (BlockDriverState *bs = x->bs; bs; bs = bs->backing, depth++) {
        uint64_t n;
        if (bs != x->bs && x->offset >= bs->total_size) {
            /* Past the end of a shorter backing file: reads as zeroes. */
            *x->pnum = bytes;
            *x->map = 0;
            *x->file = NULL;
            *x->depth = depth;
            return BDRV_BLOCK_ZERO;
        }
        int ret = bdrv_co_block_status(bs, x->offset, bytes, &n, x->map, x->file);
        if (ret < 0) {
            return ret;
        }
        bytes = n;
        if ((ret & BDRV_BLOCK_ALLOCATED) || !bs->backing || bs->backing == x->base) {
            *x->pnum = bytes;
            *x->depth = depth;
            return ret;
        }
    }
    return -EIO;
}

int bdrv_co_block_status_above(BlockDriverState *bs, BlockDriverState *base,
                               uint64_t offset, uint64_t bytes, uint64_t *pnum,
                               uint64_t *map, BlockDriverState **file, int *depth)
{
    IoArgs a = { .bs = bs, .base = base, .offset = offset, .bytes = bytes, .pnum = pnum,
                 .map = map, .file = file, .depth = depth };
    return io_block_status_above(&a);
}

int bdrv_block_status_above(BlockDriverState *bs, BlockDriverState *base,
                            uint64_t offset, uint64_t bytes, uint64_t *pnum,
                            uint64_t *map, BlockDriverState **file, int *depth)
{
    IoArgs a = { .bs = bs, .base = base, .offset = offset, .bytes = bytes, .pnum = pnum,
                 .map = map, .file = file, .depth = depth };
    return bdrv_run_co(bs->ctx, io_block_status_above, &a);
}

int bdrv_get_info(BlockDriverState *bs, BlockImageInfo *info)
{
    memset(info, 0, sizeof(*info));
    g_strlcpy(info->format, bs->drv->name, sizeof(info->format));
    info->virtual_size = bs->total_size;
    BlockDriverState *f = bs->file ? bs->file : bs;
    if (f->drv->get_allocated_size) {
        info->actual_size = f->drv->get_allocated_size(f);
    }
    return bs->drv->get_info ? bs->drv->get_info(bs, info) : 0;
}

static int io_check(void *a)
{
    IoArgs *x = a;
    return x->bs->drv->co_check(x->bs, x->check, x->flags);
}

int bdrv_check(BlockDriverState *bs, BlockCheckResult *res, int fix)
{
    memset(res, 0, sizeof(*res));
    if (!bs->drv->co_check) {
        return -ENOTSUP;
    }
    IoArgs a = { .bs = bs, .check = res, .flags = fix };
    return bdrv_run_co(bs->ctx, io_check, &a);
}

int bdrv_change_backing_file(BlockDriverState *bs, const char *name, const char *fmt)
{
    if (!bs->drv->change_backing_file) {
        return -ENOTSUP;
    }
    if (bs->read_only) {
        return -EACCES;
    }
    int ret = bs->drv->change_backing_file(bs, name, fmt);
    if (ret >= 0) {
        g_strlcpy(bs->backing_name, name ? name : "", sizeof(bs->backing_name));
        g_strlcpy(bs->backing_format, fmt ? fmt : "", sizeof(bs->backing_format));
    }
    return ret;
}

/* Reopen a read-only node read-write in place, keeping its backing chain. */
static int bdrv_reopen_rw(BlockDriverState **pbs, char **errp)
{
    BlockDriverState *old = *pbs;
    if (!old->read_only) {
        return 0;
    }
    BlockOpenOptions o = old->opts;
    o.read_only = false;
    o.no_backing = true;
    BlockDriverState *bs = bdrv_open_driver(old->ctx, old->drv, old->filename, &o, errp);
    if (!bs) {
        return -EACCES;
    }
    bs->backing = old->backing;
    old->backing = NULL;
    bdrv_close(old);
    *pbs = bs;
    return 0;
}

static int io_commit(void *a)
{
    IoArgs *x = a;
    BlockDriverState *top = x->bs, *base = x->base;
    const uint64_t chunk = 1024 * 1024;
    void *buf = block_buf_alloc(chunk);
    int ret = 0;
    if (base->total_size < top->total_size) {
        ret = bdrv_co_truncate(base, top->total_size, false, x->errp);
    }
    for (uint64_t off = 0; ret >= 0 && off < top->total_size;) {
        uint64_t n, map;
        BlockDriverState *file;
        int depth;
        IoArgs st = { .bs = top, .base = base, .offset = off,
                      .bytes = MIN(chunk, top->total_size - off), .pnum = &n, .map = &map,
                      .file = &file, .depth = &depth };
        ret = io_block_status_above(&st);
        if (ret < 0) {
            break;
        }
        if (ret & BDRV_BLOCK_ALLOCATED) {       /* in some layer above @base */
            if (ret & BDRV_BLOCK_ZERO) {
                ret = bdrv_co_pwrite_zeroes(base, off, n, 0);
            } else {
                ret = bdrv_co_pread(top, off, n, buf);
                if (ret >= 0) {
                    ret = bdrv_co_pwrite(base, off, n, buf);
                }
            }
        }
        off += n;
    }
    block_buf_free(buf);
    if (ret >= 0) {
        ret = bdrv_co_flush(base);
    }
    if (ret >= 0 && !x->keep && top->drv->co_make_empty) {
        ret = top->drv->co_make_empty(top);
        if (ret >= 0) {
            ret = bdrv_co_flush(top);
        }
    }
    if (ret < 0) {
        block_error(x->errp, "Commit failed: %s", g_strerror(-ret));
    }
    return ret;
}

int bdrv_commit(BlockDriverState *bs, BlockDriverState *base, bool keep, char **errp)
{
    if (!bs->backing) {
        block_error(errp, "Image does not have a backing file");
        return -ENOTSUP;
    }
    if (bs->read_only) {
        block_error(errp, "Image is read-only");
        return -EACCES;
    }
    BlockDriverState **pbase = &bs->backing;
    while (base && *pbase && *pbase != base) {
        pbase = &(*pbase)->backing;
    }
    if (!*pbase) {
        block_error(errp, "Base is not in the backing chain");
        return -EINVAL;
    }
    int ret = bdrv_reopen_rw(pbase, errp);
    if (ret < 0) {
        return ret;
    }
    IoArgs a = { .bs = bs, .base = *pbase, .keep = keep, .errp = errp };
    return bdrv_run_co(bs->ctx, io_commit, &a);
}

int bdrv_snapshot_create(BlockDriverState *bs, const char *name, uint64_t vm_state_size,
                         uint64_t vm_clock_nsec, uint64_t icount, char **errp)
{
    if (!bs->drv->snapshot_create) {
        block_error(errp, "Format '%s' does not support internal snapshots", bs->drv->name);
        return -ENOTSUP;
    }
    if (bs->read_only) {
        block_error(errp, "Image is read-only");
        return -EACCES;
    }
    BlockSnapshotInfo sn = { .vm_state_size = vm_state_size,
                             .vm_clock_nsec = vm_clock_nsec, .icount = icount };
    g_strlcpy(sn.name, name, sizeof(sn.name));
    gint64 now = g_get_real_time();
    sn.date_sec = now / 1000000;
    sn.date_nsec = (now % 1000000) * 1000;
    return bs->drv->snapshot_create(bs, &sn, errp);
}

int bdrv_snapshot_goto(BlockDriverState *bs, const char *name_or_id, char **errp)
{
    if (!bs->drv->snapshot_goto) {
        block_error(errp, "Format '%s' does not support internal snapshots", bs->drv->name);
        return -ENOTSUP;
    }
    if (bs->read_only) {
        block_error(errp, "Image is read-only");
        return -EACCES;
    }
    return bs->drv->snapshot_goto(bs, name_or_id, errp);
}

int bdrv_snapshot_delete(BlockDriverState *bs, const char *name_or_id, char **errp)
{
    if (!bs->drv->snapshot_delete) {
        block_error(errp, "Format '%s' does not support internal snapshots", bs->drv->name);
        return -ENOTSUP;
    }
    if (bs->read_only) {
        block_error(errp, "Image is read-only");
        return -EACCES;
    }
    return bs->drv->snapshot_delete(bs, name_or_id, errp);
}

int bdrv_snapshot_list(BlockDriverState *bs, BlockSnapshotInfo **list)
{
    *list = NULL;
    if (!bs->drv->snapshot_list) {
        return 0;
    }
    return bs->drv->snapshot_list(bs, list);
}

static int io_save_vmstate(void *a)
{
    IoArgs *x = a;
    if (!x->bs->drv->co_save_vmstate) {
        return -ENOTSUP;
    }
    if (x->bs->read_only) {
        return -EACCES;
    }
    return x->bs->drv->co_save_vmstate(x->bs, x->buf, x->offset, x->bytes);
}

static int io_load_vmstate(void *a)
{
    IoArgs *x = a;
    if (!x->bs->drv->co_load_vmstate) {
        return -ENOTSUP;
    }
    return x->bs->drv->co_load_vmstate(x->bs, x->buf, x->offset, x->bytes);
}

int bdrv_save_vmstate(BlockDriverState *bs, const void *buf, uint64_t pos, uint64_t size)
{
    IoArgs a = { .bs = bs, .buf = (void *)buf, .offset = pos, .bytes = size };
    return bdrv_run_co(bs->ctx, io_save_vmstate, &a);
}

int bdrv_load_vmstate(BlockDriverState *bs, void *buf, uint64_t pos, uint64_t size)
{
    IoArgs a = { .bs = bs, .buf = buf, .offset = pos, .bytes = size };
    return bdrv_run_co(bs->ctx, io_load_vmstate, &a);
}
