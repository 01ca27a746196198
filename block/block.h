/*
 * Block layer, user side: open an image (format probed or given), read and
 * write it synchronously (tools) or asynchronously through a BlockBackend
 * (devices), create images, query and check them, manage snapshots.
 */
#ifndef BLOCK_BLOCK_H
#define BLOCK_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "util/main-loop.h"

typedef struct BlockContext BlockContext;
typedef struct BlockDriverState BlockDriverState;
typedef struct BlockBackend BlockBackend;

typedef enum BlockCacheMode {
    BLOCK_CACHE_WRITEBACK,      /* host page cache, flush on request */
    BLOCK_CACHE_NONE,           /* O_DIRECT, flush on request */
    BLOCK_CACHE_UNSAFE,         /* host page cache, flushes ignored */
    BLOCK_CACHE_WRITETHROUGH,   /* host page cache, flush after each write */
    BLOCK_CACHE_DIRECTSYNC,     /* O_DIRECT and flush after each write */
} BlockCacheMode;

typedef enum BlockAioMode {
    BLOCK_AIO_THREADS,          /* blocking syscalls in a thread pool */
    BLOCK_AIO_NATIVE,           /* Linux AIO (libaio), needs O_DIRECT */
    BLOCK_AIO_IO_URING,         /* io_uring (liburing) */
} BlockAioMode;

typedef struct BlockOpenOptions {
    const char *format;         /* NULL: probe */
    bool read_only;
    BlockCacheMode cache;
    BlockAioMode aio;
    bool no_backing;            /* do not open the backing chain */
    bool snapshot;              /* writes go to a throw-away overlay */
    bool check;                 /* opened by check: no automatic repair */
    bool unmap;                 /* pass discards down to the file */
} BlockOpenOptions;

typedef enum BlockPrealloc {
    BLOCK_PREALLOC_OFF,
    BLOCK_PREALLOC_METADATA,
    BLOCK_PREALLOC_FALLOC,
    BLOCK_PREALLOC_FULL,
} BlockPrealloc;

typedef struct BlockCreateOptions {
    uint64_t size;
    const char *backing_file;
    const char *backing_format;
    uint32_t cluster_size;      /* 0: default */
    int compat;                 /* qcow2 version 2 or 3; 0: 3 */
    BlockPrealloc prealloc;
    bool lazy_refcounts;
    int refcount_bits;          /* 0: 16 */
} BlockCreateOptions;

typedef struct BlockSnapshotInfo {
    char id[128];
    char name[256];
    uint64_t vm_state_size;
    uint32_t date_sec;
    uint32_t date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;            /* UINT64_MAX: not recorded */
    uint64_t disk_size;
} BlockSnapshotInfo;

typedef struct BlockImageInfo {
    char format[16];
    uint64_t virtual_size;
    uint64_t actual_size;       /* bytes the file occupies on the host */
    uint32_t cluster_size;      /* 0: not applicable */
    bool dirty;
    /* qcow2 */
    int compat;
    bool lazy_refcounts;
    int refcount_bits;
    bool corrupt;
    bool extended_l2;
} BlockImageInfo;

typedef struct BlockCheckResult {
    int corruptions;
    int leaks;
    int check_errors;
    int corruptions_fixed;
    int leaks_fixed;
    uint64_t image_end_offset;
    uint64_t total_clusters;
    uint64_t allocated_clusters;
    uint64_t fragmented_clusters;
    uint64_t compressed_clusters;
    bool has_stats;
} BlockCheckResult;

enum {
    BLOCK_CHECK_FIX_LEAKS = 1,
    BLOCK_CHECK_FIX_ERRORS = 2,
};

/* block_status flags */
enum {
    BDRV_BLOCK_DATA = 1,        /* reads come from stored data */
    BDRV_BLOCK_ZERO = 2,        /* reads as zeroes */
    BDRV_BLOCK_OFFSET_VALID = 4,/* *map is the offset in the layer's file */
    BDRV_BLOCK_ALLOCATED = 8,   /* this layer decides the content (not backing) */
    BDRV_BLOCK_COMPRESSED = 16,
    BDRV_BLOCK_RECURSE = 32,    /* the layer's file knows better where zeroes are */
};

/* Write flags */
enum {
    BDRV_REQ_MAY_UNMAP = 1,     /* zeroing may deallocate */
};

typedef void BlockCompletionFunc(void *opaque, int ret);

/* A context ties block I/O to an event loop and its worker threads; @ml may
 * be NULL for a private loop (tools). */
BlockContext *block_context_new(MainLoop *ml);
void block_context_free(BlockContext *ctx);
MainLoop *block_context_loop(BlockContext *ctx);

void block_open_options_init(BlockOpenOptions *o);
int block_parse_cache_mode(const char *s, BlockOpenOptions *o);
int block_parse_aio_mode(const char *s, BlockOpenOptions *o);
int block_parse_size(const char *s, uint64_t *out);
/* Names of the formats emu can open, NULL-terminated. */
const char *const *block_format_names(void);
bool block_format_known(const char *name);

/* Errors come back as -errno with *errp set to a g_malloc'ed message. */
BlockDriverState *bdrv_open(BlockContext *ctx, const char *filename,
                            const BlockOpenOptions *o, char **errp);
void bdrv_close(BlockDriverState *bs);
int bdrv_create(BlockContext *ctx, const char *format, const char *filename,
                const BlockCreateOptions *o, char **errp);

const char *bdrv_format_name(BlockDriverState *bs);
const char *bdrv_filename(BlockDriverState *bs);
uint64_t bdrv_getlength(BlockDriverState *bs);
BlockDriverState *bdrv_backing(BlockDriverState *bs);
/* The backing file name as recorded in the image ("" when none). */
const char *bdrv_backing_name(BlockDriverState *bs);
const char *bdrv_backing_format(BlockDriverState *bs);
/* The backing file name resolved against the image's directory (g_free it). */
char *bdrv_full_backing_filename(BlockDriverState *bs);
bool bdrv_is_read_only(BlockDriverState *bs);
BlockContext *bdrv_context(BlockDriverState *bs);

/* Synchronous I/O: callable from a coroutine or from the loop thread. */
int bdrv_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf);
int bdrv_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes, const void *buf);
int bdrv_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes, int flags);
int bdrv_pwrite_compressed(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                           const void *buf);
int bdrv_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
int bdrv_flush(BlockDriverState *bs);
int bdrv_truncate(BlockDriverState *bs, uint64_t size, bool shrink, char **errp);
/* Status of [offset, offset+bytes) in @bs alone: flags, *pnum = bytes that
 * share it (> 0), *map = offset in *file when OFFSET_VALID. */
int bdrv_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                      uint64_t *pnum, uint64_t *map, BlockDriverState **file);
/* The same through the backing chain, stopping above @base (NULL: whole
 * chain).  *depth is the layer that decided (0 = @bs). */
int bdrv_block_status_above(BlockDriverState *bs, BlockDriverState *base,
                            uint64_t offset, uint64_t bytes, uint64_t *pnum,
                            uint64_t *map, BlockDriverState **file, int *depth);
int bdrv_get_info(BlockDriverState *bs, BlockImageInfo *info);
int bdrv_check(BlockDriverState *bs, BlockCheckResult *res, int fix);
int bdrv_change_backing_file(BlockDriverState *bs, const char *name, const char *fmt);
/* Commit what the layers from @bs down to (not including) @base hold into
 * @base (NULL: the immediate backing file); empty @bs unless @keep. */
int bdrv_commit(BlockDriverState *bs, BlockDriverState *base, bool keep, char **errp);

/* @icount: UINT64_MAX when not recorded. */
int bdrv_snapshot_create(BlockDriverState *bs, const char *name, uint64_t vm_state_size,
                         uint64_t vm_clock_nsec, uint64_t icount, char **errp);
int bdrv_snapshot_goto(BlockDriverState *bs, const char *name_or_id, char **errp);
int bdrv_snapshot_delete(BlockDriverState *bs, const char *name_or_id, char **errp);
/* Returns the number of snapshots; *list is g_malloc'ed. */
int bdrv_snapshot_list(BlockDriverState *bs, BlockSnapshotInfo **list);
/* The vmstate area that savevm/loadvm use, outside the guest-visible disk. */
int bdrv_save_vmstate(BlockDriverState *bs, const void *buf, uint64_t pos, uint64_t size);
int bdrv_load_vmstate(BlockDriverState *bs, void *buf, uint64_t pos, uint64_t size);

void *block_buf_alloc(size_t size);
void block_buf_free(void *buf);

/* Asynchronous access for devices: completions run in the context's loop.
 * @iov is copied; the buffers it points to must stay valid until then. */
BlockBackend *blk_open(BlockContext *ctx, const char *filename,
                       const BlockOpenOptions *o, char **errp);
void blk_close(BlockBackend *blk);
BlockDriverState *blk_bs(BlockBackend *blk);
uint64_t blk_getlength(BlockBackend *blk);
bool blk_is_read_only(BlockBackend *blk);
void blk_aio_preadv(BlockBackend *blk, uint64_t offset, const struct iovec *iov, int niov,
                    BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwritev(BlockBackend *blk, uint64_t offset, const struct iovec *iov, int niov,
                     BlockCompletionFunc *cb, void *opaque);
void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque);
void blk_aio_pdiscard(BlockBackend *blk, uint64_t offset, uint64_t bytes,
                      BlockCompletionFunc *cb, void *opaque);
/* Wait for every request of @blk to complete. */
void blk_drain(BlockBackend *blk);
int blk_in_flight(BlockBackend *blk);
/* Monitor "commit": write the -snapshot overlay back to the image. */
int blk_commit(BlockBackend *blk, char **errp);

#endif
