/*
 * libFuzzer harness over image opening and metadata paths: each input is
 * written to a memory file and opened with format probing, read (data,
 * block status, snapshot list), checked, then opened read-write, written,
 * snapshotted and repaired.  Any crash or sanitizer report is a bug.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <glib.h>

#include "block/block.h"

static BlockContext *fuzz_ctx(void)
{
    /* libFuzzer calls us many times in one process: one loop for all. */
    static BlockContext *ctx;
    if (!ctx) {
        ctx = block_context_new(NULL);
    }
    return ctx;
}

static void exercise(BlockContext *ctx, const char *path, bool writable)
{
    BlockOpenOptions o;
    block_open_options_init(&o);
    o.read_only = !writable;
    o.no_backing = true;
    o.check = writable;
    char *err = NULL;
    BlockDriverState *bs = bdrv_open(ctx, path, &o, &err);
    g_free(err);
    if (!bs) {
        return;
    }
    uint64_t size = bdrv_getlength(bs);
    uint8_t *buf = block_buf_alloc(65536);
    for (uint64_t off = 0; off < size && off < (4u << 20); off += 65536) {
        uint64_t n = size - off < 65536 ? size - off : 65536, pnum, map;
        BlockDriverState *file;
        bdrv_block_status(bs, off, n, &pnum, &map, &file);
        bdrv_pread(bs, off, n, buf);
    }
    BlockSnapshotInfo *sn;
    bdrv_snapshot_list(bs, &sn);
    g_free(sn);
    BlockCheckResult res;
    bdrv_check(bs, &res, writable ? 3 : 0);
    if (writable && size) {
        memset(buf, 0x5a, 4096);
        bdrv_pwrite(bs, 0, size < 4096 ? size : 4096, buf);
        bdrv_pwrite_zeroes(bs, size / 2 & ~511ULL, size - (size / 2 & ~511ULL) < 4096
                           ? size - (size / 2 & ~511ULL) : 4096, 0);
        bdrv_snapshot_create(bs, "fuzz", 0, 0, 0, &err);
        g_free(err);
        err = NULL;
        bdrv_flush(bs);
    }
    block_buf_free(buf);
    bdrv_close(bs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-image", 0);
    if (fd < 0) {
        return 0;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    if (write(fd, data, size) == (ssize_t)size) {
        exercise(fuzz_ctx(), path, false);
        exercise(fuzz_ctx(), path, true);
    }
    close(fd);
    return 0;
}
