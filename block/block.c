/*
 * Block layer core: contexts, option parsing, the driver list, format
 * probing and opening of nodes and backing chains, image creation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/block-int.h"

#define BACKING_CHAIN_MAX 256

/* Every driver emu knows, in probing order. */
static const BlockDriver *const block_drivers[] = {
    &bdrv_qcow2,        /* QEMU copy-on-write v2/v3 */
    &bdrv_raw,          /* raw image: guest sector n is file sector n */
    &bdrv_file,         /* protocol: a host file or block device */
};

static const char *const format_names[] = { "qcow2", "raw", NULL };

void block_error(char **errp, const char *fmt, ...)
{
    if (!errp || *errp) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    *errp = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

BlockContext *block_context_new(MainLoop *ml)
{
    BlockContext *ctx = g_new0(BlockContext, 1);
    if (!ml) {
        ml = main_loop_new();
        ctx->own_ml = true;
    }
    ctx->ml = ml;
    ctx->pool = thread_pool_new(ml, 64);
    return ctx;
}

void block_context_free(BlockContext *ctx)
{
    if (!ctx) {
        return;
    }
    thread_pool_free(ctx->pool);
    if (ctx->own_ml) {
        main_loop_free(ctx->ml);
    }
    g_free(ctx);
}

MainLoop *block_context_loop(BlockContext *ctx)
{
    return ctx->ml;
}

void block_open_options_init(BlockOpenOptions *o)
{
    memset(o, 0, sizeof(*o));
    o->cache = BLOCK_CACHE_WRITEBACK;
    o->aio = BLOCK_AIO_THREADS;
}

int block_parse_cache_mode(const char *s, BlockOpenOptions *o)
{
    static const struct {
        const char *name;
        BlockCacheMode mode;
    } modes[] = {
        { "writeback", BLOCK_CACHE_WRITEBACK },
        { "none", BLOCK_CACHE_NONE },
        { "off", BLOCK_CACHE_NONE },
        { "unsafe", BLOCK_CACHE_UNSAFE },
        { "writethrough", BLOCK_CACHE_WRITETHROUGH },
        { "directsync", BLOCK_CACHE_DIRECTSYNC },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        if (!strcmp(s, modes[i].name)) {
            o->cache = modes[i].mode;
            return 0;
        }
    }
    return -EINVAL;
}

int block_parse_aio_mode(const char *s, BlockOpenOptions *o)
{
    if (!strcmp(s, "threads")) {
        o->aio = BLOCK_AIO_THREADS;
    } else if (!strcmp(s, "native")) {
        o->aio = BLOCK_AIO_NATIVE;
    } else if (!strcmp(s, "io_uring")) {
        o->aio = BLOCK_AIO_IO_URING;
    } else {
        return -EINVAL;
    }
    return 0;
}

/* "1024", "64k", "1.5G", "512b"...: k, M, G, T, P, E are powers of 1024. */
int block_parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-') {
        return -EINVAL;
    }
    double v = strtod(s, &end);
    if (errno || end == s || v < 0) {
        return -EINVAL;
    }
    int shift = 0;
    switch (*end) {
    case '\0':
        break;
    case 'b': case 'B':
        end++; break;
    case 'k': case 'K':
        shift = 10; end++; break;
    case 'm': case 'M':
        shift = 20; end++; break;
    case 'g': case 'G':
        shift = 30; end++; break;
    case 't': case 'T':
        shift = 40; end++; break;
    case 'p': case 'P':
        shift = 50; end++; break;
    case 'e': case 'E':
        shift = 60; end++; break;
    default:
        return -EINVAL;
    }
    if (*end) {
        return -EINVAL;
    }
    double r = v * (double)(1ULL << shift);
    if (r >= 18446744073709551615.0) {
        return -ERANGE;
    }
    *out = (uint64_t)r;
    if ((double)*out != r) {
        return -EINVAL;     /* fractional bytes */
    }
    return 0;
}

const char *const *block_format_names(void)
{
    return format_names;
}

static const BlockDriver *block_find_format(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(block_drivers); i++) {
        if (!strcmp(block_drivers[i]->name, name)) {
            return block_drivers[i];
        }
    }
    if (!strcmp(name, "host_device")) {
        return &bdrv_file;
    }
    return NULL;
}

bool block_format_known(const char *name)
{
    return block_find_format(name) != NULL;
}

static BlockDriverState *bdrv_new(BlockContext *ctx, const BlockDriver *drv,
                                  const char *filename, const BlockOpenOptions *o)
{
    BlockDriverState *bs = g_new0(BlockDriverState, 1);
    bs->drv = drv;
    bs->ctx = ctx;
    bs->opaque = g_malloc0(drv->state_size ? drv->state_size : 1);
    g_strlcpy(bs->filename, filename, sizeof(bs->filename));
    bs->opts = *o;
    bs->opts.format = NULL;
    bs->read_only = o->read_only;
    bs->request_alignment = 1;
    return bs;
}

static void bdrv_free(BlockDriverState *bs)
{
    g_free(bs->opaque);
    g_free(bs->overlay_path);
    g_free(bs);
}

BlockDriverState *bdrv_open_driver(BlockContext *ctx, const BlockDriver *drv,
                                   const char *filename, const BlockOpenOptions *o,
                                   char **errp)
{
    BlockDriverState *file = NULL;
    if (!drv->is_protocol) {
        file = bdrv_open_driver(ctx, &bdrv_file, filename, o, errp);
        if (!file) {
            return NULL;
        }
    }
    BlockDriverState *bs = bdrv_new(ctx, drv, filename, o);
    bs->file = file;
    int ret = drv->open(bs, errp);
    if (ret < 0) {
        block_error(errp, "Could not open '%s': %s", filename, g_strerror(-ret));
        if (file) {
            bdrv_close(file);
        }
        bdrv_free(bs);
        return NULL;
    }
    return bs;
}

static const BlockDriver *bdrv_probe(BlockContext *ctx, const char *filename,
                                     const BlockOpenOptions *o, char **errp)
{
    BlockOpenOptions po = *o;
    po.read_only = true;
    po.cache = BLOCK_CACHE_WRITEBACK;
    po.aio = BLOCK_AIO_THREADS;
    BlockDriverState *file = bdrv_open_driver(ctx, &bdrv_file, filename, &po, errp);
    if (!file) {
        return NULL;
    }
    uint8_t *buf = block_buf_alloc(4096);
    memset(buf, 0, 4096);
    int ret = bdrv_pread(file, 0, 4096, buf);
    bdrv_close(file);
    const BlockDriver *best = &bdrv_raw;
    int best_score = 0;
    if (ret >= 0) {
        for (size_t i = 0; i < G_N_ELEMENTS(block_drivers); i++) {
            const BlockDriver *d = block_drivers[i];
            int score = d->probe ? d->probe(buf, 4096) : 0;
            if (score > best_score) {
                best = d;
                best_score = score;
            }
        }
    }
    block_buf_free(buf);
    if (ret < 0) {
        block_error(errp, "Could not read '%s': %s", filename, g_strerror(-ret));
        return NULL;
    }
    return best;
}

/* Resolve a backing file name relative to the directory of its overlay
 * (the overlay's name up to its last slash, as qemu-img shows it). */
static char *bdrv_backing_path(const char *overlay, const char *name)
{
    const char *slash = strrchr(overlay, '/');
    if (name[0] == '/' || strstr(name, "://") || !slash) {
        return g_strdup(name);
    }
    return g_strdup_printf("%.*s%s", (int)(slash - overlay + 1), overlay, name);
}

char *bdrv_full_backing_filename(BlockDriverState *bs)
{
    return bdrv_backing_path(bs->filename, bs->backing_name);
}

typedef struct ChainLink {
    dev_t dev;
    ino_t ino;
} ChainLink;

static BlockDriverState *bdrv_open_chain(BlockContext *ctx, const char *filename,
                                         const BlockOpenOptions *o, ChainLink *chain,
                                         int depth, char **errp)
{
    struct stat st;
    if (stat(filename, &st) < 0) {
        block_error(errp, "Could not open '%s': %s", filename, g_strerror(errno));
        return NULL;
    }
    for (int i = 0; i < depth; i++) {
        if (chain[i].dev == st.st_dev && chain[i].ino == st.st_ino) {
            block_error(errp, "Backing file loop: '%s' is already part of the chain",
                        filename);
            return NULL;
        }
    }
    if (depth >= BACKING_CHAIN_MAX) {
        block_error(errp, "Backing chain longer than %d images at '%s'",
                    BACKING_CHAIN_MAX, filename);
        return NULL;
    }
    chain[depth] = (ChainLink){ st.st_dev, st.st_ino };

    const BlockDriver *drv;
    if (o->format) {
        drv = block_find_format(o->format);
        if (!drv) {
            block_error(errp, "Unknown driver '%s'", o->format);
            return NULL;
        }
    } else {
        drv = bdrv_probe(ctx, filename, o, errp);
        if (!drv) {
            return NULL;
        }
    }
    BlockDriverState *bs = bdrv_open_driver(ctx, drv, filename, o, errp);
    if (!bs || o->no_backing || !bs->backing_name[0]) {
        return bs;
    }
    char *path = bdrv_backing_path(filename, bs->backing_name);
    BlockOpenOptions bo = *o;
    bo.read_only = true;
    bo.snapshot = false;
    bo.format = bs->backing_format[0] ? bs->backing_format : NULL;
    char *err = NULL;
    bs->backing = bdrv_open_chain(ctx, path, &bo, chain, depth + 1, &err);
    if (!bs->backing) {
        block_error(errp, "Could not open backing file: %s", err);
        g_free(err);
        g_free(path);
        bdrv_close(bs);
        return NULL;
    }
    g_free(path);
    return bs;
}

static BlockDriverState *bdrv_open_overlay(BlockContext *ctx, BlockDriverState *base,
                                           const BlockOpenOptions *o, char **errp)
{
    const char *tmpdir = g_getenv("TMPDIR");
    char *path = g_strdup_printf("%s/emu-snapshot-XXXXXX", tmpdir ? tmpdir : "/var/tmp");
    int fd = g_mkstemp(path);
    if (fd < 0) {
        block_error(errp, "Could not create the -snapshot overlay: %s", g_strerror(errno));
        g_free(path);
        return NULL;
    }
    close(fd);
    BlockCreateOptions co = { .size = bdrv_getlength(base) };
    BlockOpenOptions oo = *o;
    oo.format = "qcow2";
    oo.read_only = false;
    oo.no_backing = true;
    oo.snapshot = false;
    oo.cache = BLOCK_CACHE_UNSAFE;
    BlockDriverState *top = NULL;
    if (bdrv_create(ctx, "qcow2", path, &co, errp) == 0) {
        top = bdrv_open_driver(ctx, &bdrv_qcow2, path, &oo, errp);
    }
    if (!top) {
        unlink(path);
        g_free(path);
        return NULL;
    }
    top->backing = base;
    g_strlcpy(top->backing_name, base->filename, sizeof(top->backing_name));
    g_strlcpy(top->backing_format, base->drv->name, sizeof(top->backing_format));
    top->overlay_path = path;
    return top;
}

BlockDriverState *bdrv_open(BlockContext *ctx, const char *filename,
                            const BlockOpenOptions *o, char **errp)
{
    ChainLink *chain = g_new(ChainLink, BACKING_CHAIN_MAX + 1);
    BlockDriverState *bs = bdrv_open_chain(ctx, filename, o, chain, 0, errp);
    g_free(chain);
    if (bs && o->snapshot) {
        BlockDriverState *top = bdrv_open_overlay(ctx, bs, o, errp);
        if (!top) {
            bdrv_close(bs);
            return NULL;
        }
        bs = top;
    }
    return bs;
}

void bdrv_close(BlockDriverState *bs)
{
    if (!bs) {
        return;
    }
    if (bs->drv->close) {
        bs->drv->close(bs);
    }
    if (bs->file) {
        bdrv_close(bs->file);
    }
    if (bs->backing) {
        bdrv_close(bs->backing);
    }
    if (bs->overlay_path) {
        unlink(bs->overlay_path);
    }
    bdrv_free(bs);
}

int bdrv_create(BlockContext *ctx, const char *format, const char *filename,
                const BlockCreateOptions *o, char **errp)
{
    const BlockDriver *drv = block_find_format(format);
    if (!drv || drv->is_protocol) {
        block_error(errp, "Unknown file format '%s'", format);
        return -EINVAL;
    }
    if (!drv->create) {
        block_error(errp, "Format '%s' does not support image creation", format);
        return -ENOTSUP;
    }
    return drv->create(ctx, filename, o, errp);
}

const char *bdrv_format_name(BlockDriverState *bs)
{
    return bs->drv->name;
}

const char *bdrv_filename(BlockDriverState *bs)
{
    return bs->filename;
}

uint64_t bdrv_getlength(BlockDriverState *bs)
{
    return bs->total_size;
}

BlockDriverState *bdrv_backing(BlockDriverState *bs)
{
    return bs->backing;
}

const char *bdrv_backing_name(BlockDriverState *bs)
{
    return bs->backing_name;
}

const char *bdrv_backing_format(BlockDriverState *bs)
{
    return bs->backing_format;
}

bool bdrv_is_read_only(BlockDriverState *bs)
{
    return bs->read_only;
}

BlockContext *bdrv_context(BlockDriverState *bs)
{
    return bs->ctx;
}

void *block_buf_alloc(size_t size)
{
    void *p;
    if (posix_memalign(&p, 4096, size ? size : 1)) {
        g_error("block: out of memory allocating %zu bytes", size);
    }
    return p;
}

void block_buf_free(void *buf)
{
    free(buf);
}

bool buffer_is_zero(const void *buf, size_t len)
{
    const uint8_t *p = buf;
    size_t i = 0;
    for (; i < len && ((uintptr_t)(p + i) & 7); i++) {
        if (p[i]) {
            return false;
        }
    }
    for (; i + 32 <= len; i += 32) {
        const uint64_t *q = (const uint64_t *)(p + i);
        if (q[0] | q[1] | q[2] | q[3]) {
            return false;
        }
    }
    for (; i < len; i++) {
        if (p[i]) {
            return false;
        }
    }
    return true;
}
