/*
 * Block layer, driver side: the BlockDriver ops table that every format and
 * protocol implements, the node they hang off, and the helpers they share.
 * Driver ops whose name starts with co_ run in a coroutine.
 */
#ifndef BLOCK_BLOCK_INT_H
#define BLOCK_BLOCK_INT_H

#include <limits.h>
#include <glib.h>

#include "block/block.h"
#include "block/coroutine.h"
#include "util/thread-pool.h"

typedef struct BlockDriver BlockDriver;

struct BlockContext {
    MainLoop *ml;
    bool own_ml;
    ThreadPool *pool;
};

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;                   /* drv->state_size bytes */
    BlockContext *ctx;
    char filename[PATH_MAX];
    BlockOpenOptions opts;
    BlockDriverState *file;         /* protocol node under a format */
    BlockDriverState *backing;
    char backing_name[1024];        /* as recorded in the image */
    char backing_format[32];
    bool read_only;
    uint64_t total_size;            /* guest-visible bytes */
    uint32_t request_alignment;     /* power of two; 1 = byte granularity */
    char *overlay_path;             /* -snapshot: our temporary file */
};

struct BlockDriver {
    const char *name;
    size_t state_size;
    bool is_protocol;
    /* Score the first bytes of a file: 0 = not this format, 100 = certain. */
    int (*probe)(const uint8_t *buf, int len);
    int (*open)(BlockDriverState *bs, char **errp);
    void (*close)(BlockDriverState *bs);
    int (*create)(BlockContext *ctx, const char *filename, const BlockCreateOptions *o,
                  char **errp);
    int (*co_pread)(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf);
    int (*co_pwrite)(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                     const void *buf);
    int (*co_pwrite_zeroes)(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                            int flags);
    int (*co_pwrite_compressed)(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                                const void *buf);
    int (*co_pdiscard)(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
    int (*co_flush)(BlockDriverState *bs);
    int (*co_truncate)(BlockDriverState *bs, uint64_t size, bool shrink, char **errp);
    int (*co_block_status)(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                           uint64_t *pnum, uint64_t *map, BlockDriverState **file);
    uint64_t (*get_allocated_size)(BlockDriverState *bs);
    int (*get_info)(BlockDriverState *bs, BlockImageInfo *info);
    int (*co_check)(BlockDriverState *bs, BlockCheckResult *res, int fix);
    int (*change_backing_file)(BlockDriverState *bs, const char *name, const char *fmt);
    int (*co_make_empty)(BlockDriverState *bs);
    int (*snapshot_create)(BlockDriverState *bs, const BlockSnapshotInfo *sn, char **errp);
    int (*snapshot_goto)(BlockDriverState *bs, const char *name_or_id, char **errp);
    int (*snapshot_delete)(BlockDriverState *bs, const char *name_or_id, char **errp);
    int (*snapshot_list)(BlockDriverState *bs, BlockSnapshotInfo **list);
    int (*co_save_vmstate)(BlockDriverState *bs, const void *buf, uint64_t pos,
                           uint64_t size);
    int (*co_load_vmstate)(BlockDriverState *bs, void *buf, uint64_t pos, uint64_t size);
};

extern const BlockDriver bdrv_file;
extern const BlockDriver bdrv_raw;
extern const BlockDriver bdrv_qcow2;

void block_error(char **errp, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Open a node of a given driver on @filename (protocol) or on its file. */
BlockDriverState *bdrv_open_driver(BlockContext *ctx, const BlockDriver *drv,
                                   const char *filename, const BlockOpenOptions *o,
                                   char **errp);

/* Coroutine-side I/O used by drivers on their children. */
int bdrv_co_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf);
int bdrv_co_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes, const void *buf);
int bdrv_co_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes, int flags);
int bdrv_co_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
int bdrv_co_flush(BlockDriverState *bs);
int bdrv_co_truncate(BlockDriverState *bs, uint64_t size, bool shrink, char **errp);
int bdrv_co_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                         uint64_t *pnum, uint64_t *map, BlockDriverState **file);
int bdrv_co_pwrite_compressed(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                              const void *buf);
int bdrv_co_block_status_above(BlockDriverState *bs, BlockDriverState *base,
                               uint64_t offset, uint64_t bytes, uint64_t *pnum,
                               uint64_t *map, BlockDriverState **file, int *depth);
/* Read, zero-filling whatever lies past the end of @bs (backing reads). */
int bdrv_co_pread_clipped(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf);

/* Run fn(arg) in a coroutine and wait for it in the context's loop. */
int bdrv_run_co(BlockContext *ctx, int (*fn)(void *arg), void *arg);

bool buffer_is_zero(const void *buf, size_t len);

static inline uint64_t align_up64(uint64_t x, uint64_t a)
{
    return (x + a - 1) & ~(a - 1);
}

static inline uint64_t align_down64(uint64_t x, uint64_t a)
{
    return x & ~(a - 1);
}

#endif
