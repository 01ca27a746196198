/*
 * qcow2 request tracking: a read (or in-place write) whose mapping was looked
 * up before the cluster was discarded must not see the cluster handed out to
 * another guest offset while its transfer is still in flight.  The file layer
 * under the image is swapped for a gate that holds chosen transfers back, so
 * the interleaving is deterministic.
 */
#include <string.h>
#include <unistd.h>
#include <glib.h>
#include <glib/gstdio.h>

#include "block/qcow2.h"

#define CLUSTER 65536

typedef struct Gate {
    bool armed;
    bool is_write;              /* hold back writes rather than reads */
    Coroutine *held;            /* the transfer waiting at the gate */
    bool open;
} Gate;

typedef struct Fixture {
    MainLoop *ml;
    BlockContext *ctx;
    char *path;
    BlockDriverState *bs;
    BlockDriver gate_drv;
} Fixture;

/* One gate per process: the driver ops have no opaque of their own. */
static Gate gate;

static void gate_wait(bool is_write)
{
    if (!gate.armed || gate.is_write != is_write) {
        return;
    }
    gate.armed = false;
    gate.held = co_self();
    while (!gate.open) {
        co_yield();
    }
}

static int gate_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf)
{
    gate_wait(false);
    return bdrv_file.co_pread(bs, offset, bytes, buf);
}

static int gate_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                       const void *buf)
{
    gate_wait(true);
    return bdrv_file.co_pwrite(bs, offset, bytes, buf);
}

static void fixture_open(Fixture *f)
{
    memset(&gate, 0, sizeof(gate));
    f->ml = main_loop_new();
    f->ctx = block_context_new(f->ml);
    int fd = g_file_open_tmp("inflight-XXXXXX.qcow2", &f->path, NULL);
    g_assert_cmpint(fd, >=, 0);
    close(fd);
    BlockCreateOptions co = { .size = 16 * CLUSTER, .cluster_size = CLUSTER };
    char *err = NULL;
    g_assert_cmpint(bdrv_create(f->ctx, "qcow2", f->path, &co, &err), ==, 0);
    BlockOpenOptions o;
    block_open_options_init(&o);
    o.format = "qcow2";
    f->bs = bdrv_open(f->ctx, f->path, &o, &err);
    g_assert_nonnull(f->bs);
    f->gate_drv = bdrv_file;
    f->gate_drv.co_pread = gate_pread;
    f->gate_drv.co_pwrite = gate_pwrite;
    f->bs->file->drv = &f->gate_drv;
}

static void fixture_close(Fixture *f)
{
    f->bs->file->drv = &bdrv_file;
    bdrv_close(f->bs);
    block_context_free(f->ctx);
    main_loop_free(f->ml);
    g_unlink(f->path);
    g_free(f->path);
}

static void fill(BlockDriverState *bs, uint64_t offset, int byte)
{
    uint8_t *buf = block_buf_alloc(CLUSTER);
    memset(buf, byte, CLUSTER);
    g_assert_cmpint(bdrv_pwrite(bs, offset, CLUSTER, buf), ==, 0);
    block_buf_free(buf);
}

typedef struct AsyncIo {
    BlockDriverState *bs;
    uint64_t offset;
    uint8_t *buf;
    bool write;
    bool done;
    int ret;
} AsyncIo;

static void async_entry(void *opaque)
{
    AsyncIo *a = opaque;
    a->ret = a->write ? bdrv_co_pwrite(a->bs, a->offset, CLUSTER, a->buf)
                      : bdrv_co_pread(a->bs, a->offset, CLUSTER, a->buf);
    a->done = true;
}

static void async_start(AsyncIo *a)
{
    co_enter(co_create(async_entry, a));
    g_assert_false(a->done);            /* held at the gate */
    g_assert_nonnull(gate.held);
}

static void async_finish(Fixture *f, AsyncIo *a)
{
    gate.open = true;
    co_enter(gate.held);
    while (!a->done) {
        main_loop_wait(f->ml, true);
    }
    g_assert_cmpint(a->ret, ==, 0);
}

static uint64_t host_offset(BlockDriverState *bs, uint64_t guest)
{
    uint64_t pnum, map;
    BlockDriverState *file;
    int r = bdrv_block_status(bs, guest, CLUSTER, &pnum, &map, &file);
    g_assert_true(r & BDRV_BLOCK_OFFSET_VALID);
    return map;
}

/* Guest cluster 0 is read while it is discarded and cluster 1 is written:
 * the read returns the old data or zeroes, never cluster 1's. */
static void test_read_vs_reuse(void)
{
    Fixture f;
    fixture_open(&f);
    fill(f.bs, 0, 0xaa);
    g_assert_cmpint(bdrv_flush(f.bs), ==, 0);
    uint64_t h0 = host_offset(f.bs, 0);

    AsyncIo rd = { .bs = f.bs, .offset = 0, .buf = block_buf_alloc(CLUSTER) };
    gate.armed = true;
    async_start(&rd);
    g_assert_cmpint(bdrv_pdiscard(f.bs, 0, CLUSTER), ==, 0);
    g_assert_cmpint(bdrv_flush(f.bs), ==, 0);     /* applies the deferred free */
    fill(f.bs, CLUSTER, 0xbb);
    async_finish(&f, &rd);
    for (int i = 0; i < CLUSTER; i++) {
        if (rd.buf[i] != 0xaa && rd.buf[i] != 0) {
            g_error("byte %d of the racing read is 0x%02x", i, rd.buf[i]);
        }
    }
    block_buf_free(rd.buf);
    g_assert_cmpuint(host_offset(f.bs, CLUSTER), !=, h0);

    /* Once the read is over, the freed cluster is used again. */
    fill(f.bs, 2 * CLUSTER, 0xcc);
    g_assert_cmpuint(host_offset(f.bs, 2 * CLUSTER), ==, h0);
    fixture_close(&f);
}

/* An in-place write to cluster 0 in flight across its discard must not land
 * in the data of cluster 1 allocated meanwhile. */
static void test_write_vs_reuse(void)
{
    Fixture f;
    fixture_open(&f);
    fill(f.bs, 0, 0xaa);
    g_assert_cmpint(bdrv_flush(f.bs), ==, 0);
    uint64_t h0 = host_offset(f.bs, 0);

    AsyncIo wr = { .bs = f.bs, .offset = 0, .buf = block_buf_alloc(CLUSTER), .write = true };
    memset(wr.buf, 0xdd, CLUSTER);
    gate.armed = true;
    gate.is_write = true;
    async_start(&wr);
    g_assert_cmpint(bdrv_pdiscard(f.bs, 0, CLUSTER), ==, 0);
    g_assert_cmpint(bdrv_flush(f.bs), ==, 0);
    fill(f.bs, CLUSTER, 0xbb);
    async_finish(&f, &wr);
    block_buf_free(wr.buf);

    uint8_t *buf = block_buf_alloc(CLUSTER);
    g_assert_cmpint(bdrv_pread(f.bs, CLUSTER, CLUSTER, buf), ==, 0);
    for (int i = 0; i < CLUSTER; i++) {
        if (buf[i] != 0xbb) {
            g_error("byte %d of cluster 1 is 0x%02x after the racing write", i, buf[i]);
        }
    }
    block_buf_free(buf);
    g_assert_cmpuint(host_offset(f.bs, CLUSTER), !=, h0);
    fixture_close(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qcow2/inflight/read-vs-reuse", test_read_vs_reuse);
    g_test_add_func("/qcow2/inflight/write-vs-reuse", test_write_vs_reuse);
    return g_test_run();
}
