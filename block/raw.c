/*
 * The raw format: guest byte n is byte n of the file.  Everything passes
 * straight to the protocol node; the guest size is the file size.
 */
#include <errno.h>

#include "block/block-int.h"

static int raw_open(BlockDriverState *bs, char **errp)
{
    bs->total_size = bs->file->total_size;
    return 0;
}

static int raw_probe(const uint8_t *buf, int len)
{
    return 1;       /* anything is a raw image, as a last resort */
}

static int raw_co_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf)
{
    return bdrv_co_pread(bs->file, offset, bytes, buf);
}

static int raw_co_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                         const void *buf)
{
    return bdrv_co_pwrite(bs->file, offset, bytes, buf);
}

static int raw_co_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                                int flags)
{
    return bdrv_co_pwrite_zeroes(bs->file, offset, bytes, flags);
}

static int raw_co_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    return bdrv_co_pdiscard(bs->file, offset, bytes);
}

static int raw_co_truncate(BlockDriverState *bs, uint64_t size, bool shrink, char **errp)
{
    int ret = bdrv_co_truncate(bs->file, size, shrink, errp);
    if (ret >= 0) {
        bs->total_size = size;
    }
    return ret;
}

static int raw_co_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                               uint64_t *pnum, uint64_t *map, BlockDriverState **file)
{
    return bdrv_co_block_status(bs->file, offset, bytes, pnum, map, file);
}

static int raw_create(BlockContext *ctx, const char *filename, const BlockCreateOptions *o,
                      char **errp)
{
    if (o->backing_file) {
        block_error(errp, "Backing file not supported for file format 'raw'");
        return -ENOTSUP;
    }
    return bdrv_file.create(ctx, filename, o, errp);
}

const BlockDriver bdrv_raw = {
    .name = "raw",
    .probe = raw_probe,
    .open = raw_open,
    .create = raw_create,
    .co_pread = raw_co_pread,
    .co_pwrite = raw_co_pwrite,
    .co_pwrite_zeroes = raw_co_pwrite_zeroes,
    .co_pdiscard = raw_co_pdiscard,
    .co_truncate = raw_co_truncate,
    .co_block_status = raw_co_block_status,
};
