/*
 * emu-img commands that move data between images: convert, compare,
 * commit, rebase.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/block-int.h"
#include "block/img.h"

#define IMG_CHUNK (2u << 20)

typedef struct ConvertSource {
    BlockDriverState *bs;
    uint64_t start;         /* offset of this source in the output */
    uint64_t size;
} ConvertSource;

/* A convert run: @workers coroutines each claim the next chunk, read it and
 * write it; without @out_of_order the writes still land in source order. */
typedef struct ConvertState {
    BlockDriverState *out;
    ConvertSource *src;
    int nsrc;
    uint64_t total;
    bool compress, fresh, progress, out_backing, out_of_order;
    uint64_t sparse;
    uint32_t cluster;
    int workers;
    CoMutex claim_lock;     /* the cursor moves one claim at a time */
    int cur_src;
    uint64_t cur_off;
    uint64_t next_seq;      /* claims handed out */
    uint64_t write_seq;     /* in-order mode: the claim whose turn it is */
    CoQueue write_turn;
    uint64_t done;
    int running;
    CoQueue finished;
    int ret;
} ConvertState;

typedef struct ConvertChunk {
    BlockDriverState *bs;
    uint64_t off, dst, n;
    bool zero;
    uint64_t seq;
} ConvertChunk;

/* Claim the next chunk; false when all is claimed or a worker failed. */
static bool convert_claim(ConvertState *c, ConvertChunk *k)
{
    co_mutex_lock(&c->claim_lock);
    bool got = false;
    while (c->ret >= 0 && c->cur_src < c->nsrc) {
        ConvertSource *s = &c->src[c->cur_src];
        if (c->cur_off >= s->size) {
            c->cur_src++;
            c->cur_off = 0;
            continue;
        }
        uint64_t n = MIN(IMG_CHUNK, s->size - c->cur_off), dst = s->start + c->cur_off;
        uint64_t pnum, map;
        BlockDriverState *file;
        int depth;
        if (c->compress) {
            /* Compressed clusters are written whole: keep chunks aligned. */
            n = MIN(n, c->cluster - dst % c->cluster);
        }
        int st = bdrv_co_block_status_above(s->bs, NULL, c->cur_off, n, &pnum, &map, &file,
                                            &depth);
        if (st < 0) {
            c->ret = st;
            break;
        }
        bool zero = (st & BDRV_BLOCK_ZERO) && pnum >= n;
        if (!c->compress) {
            n = MIN(n, pnum);
            zero = st & BDRV_BLOCK_ZERO;
        }
        *k = (ConvertChunk){ .bs = s->bs, .off = c->cur_off, .dst = dst, .n = n,
                             .zero = zero, .seq = c->next_seq++ };
        c->cur_off += n;
        got = true;
        break;
    }
    co_mutex_unlock(&c->claim_lock);
    return got;
}

static int convert_write(ConvertState *c, const ConvertChunk *k, uint8_t *buf)
{
    uint64_t dst = k->dst, n = k->n;
    if (c->compress && !(dst % c->cluster) && (n == c->cluster || dst + n == c->total)) {
        if (c->fresh && buffer_is_zero(buf, n)) {
            return 0;
        }
        return bdrv_co_pwrite_compressed(c->out, dst, n, buf);
    }
    if (c->sparse && c->fresh && !c->out_backing) {
        /* Skip all-zero runs of @sparse bytes: the fresh target reads zero. */
        int ret = 0;
        for (uint64_t p = 0; p < n && ret >= 0;) {
            uint64_t m = MIN(c->sparse - ((dst + p) % c->sparse), n - p);
            if (!buffer_is_zero(buf + p, m)) {
                ret = bdrv_co_pwrite(c->out, dst + p, m, buf + p);
            }
            p += m;
        }
        return ret;
    }
    if (k->zero) {
        return bdrv_co_pwrite_zeroes(c->out, dst, n, 0);
    }
    return bdrv_co_pwrite(c->out, dst, n, buf);
}

static int convert_one(ConvertState *c, const ConvertChunk *k, uint8_t *buf, uint8_t *cmp)
{
    int ret = 0;
    if (k->zero && c->fresh && !c->out_backing) {
        return 0;       /* the fresh target already reads as zeroes */
    }
    if (k->zero) {
        memset(buf, 0, k->n);
    } else {
        ret = bdrv_co_pread(k->bs, k->off, k->n, buf);
    }
    if (ret >= 0 && c->out_backing) {
        /* -B: only what differs from the new backing file. */
        ret = bdrv_co_pread(c->out, k->dst, k->n, cmp);
        if (ret >= 0 && !memcmp(buf, cmp, k->n)) {
            return 0;
        }
    }
    return ret < 0 ? ret : convert_write(c, k, buf);
}

static void convert_worker(void *opaque)
{
    ConvertState *c = opaque;
    uint8_t *buf = block_buf_alloc(IMG_CHUNK);
    uint8_t *cmp = c->out_backing ? block_buf_alloc(IMG_CHUNK) : NULL;
    ConvertChunk k;
    while (convert_claim(c, &k)) {
        int ret = 0;
        if (c->out_of_order) {
            ret = convert_one(c, &k, buf, cmp);
        } else {
            /* Read in parallel, write in order: wait for our turn first. */
            while (c->write_seq != k.seq && c->ret >= 0) {
                co_queue_wait(&c->write_turn, NULL);
            }
            if (c->ret >= 0) {
                ret = convert_one(c, &k, buf, cmp);
            }
            c->write_seq++;
            co_queue_restart_all(&c->write_turn);
        }
        if (ret < 0 && c->ret >= 0) {
            c->ret = ret;
            co_queue_restart_all(&c->write_turn);
        }
        c->done += k.n;
        img_progress(c->progress, c->done, c->total);
    }
    block_buf_free(buf);
    block_buf_free(cmp);
    if (--c->running == 0) {
        co_queue_restart_all(&c->finished);
    }
}

static int convert_run(void *opaque)
{
    ConvertState *c = opaque;
    c->running = c->workers;
    for (int i = 1; i < c->workers; i++) {
        co_enter(co_create(convert_worker, c));
    }
    convert_worker(c);          /* this coroutine is a worker too */
    while (c->running > 0) {
        co_queue_wait(&c->finished, NULL);
    }
    return c->ret;
}

static int convert_copy(ConvertState *c)
{
    co_mutex_init(&c->claim_lock);
    co_queue_init(&c->write_turn);
    co_queue_init(&c->finished);
    c->out_backing = bdrv_backing(c->out) != NULL;
    return bdrv_run_co(bdrv_context(c->out), convert_run, c);
}

int img_convert(ImgEnv *env, int argc, char **argv)
{
    const char *fmt = NULL, *out_fmt = "raw", *cache = "unsafe", *src_cache = NULL;
    char *backing = NULL, *backing_fmt = NULL;
    bool compress = false, progress = false, no_create = false, size_set = false;
    bool out_of_order = false;
    int workers = 8;
    uint64_t sparse = 4096;
    BlockCreateOptions co = { 0 };
    int c;
    optind = 1;
    while ((c = getopt(argc, argv, "hf:O:B:co:pqnt:T:S:m:W")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'O': out_fmt = optarg; break;
        case 'B': backing = g_strdup(optarg); break;
        case 'c': compress = true; break;
        case 'o':
            if (!img_parse_create_options(optarg, NULL, &co, &backing, &backing_fmt, &size_set)) {
                return 1;
            }
            break;
        case 'p': progress = true; break;
        case 'q': progress = false; break;
        case 'n': no_create = true; break;
        case 't': cache = optarg; break;
        case 'T': src_cache = optarg; break;
        case 'S':
            if (block_parse_size(optarg, &sparse) < 0) {
                img_error("Invalid buffer size for sparse output specified. Valid sizes "
                          "are multiples of 512 up to 16M.");
                return 1;
            }
            break;
        case 'm': {
            char *end;
            long m = strtol(optarg, &end, 10);
            if (*end || m < 1 || m > 16) {
                img_error("Invalid number of coroutines. Allowed number of coroutines is "
                          "between 1 and 16");
                return 1;
            }
            workers = (int)m;
            break;
        }
        case 'W': out_of_order = true; break;
        default: return 1;
        }
    }
    if (argc - optind < 2) {
        img_error("Expecting image file name");
        return 1;
    }
    if (!block_format_known(out_fmt)) {
        img_error("Unknown file format '%s'", out_fmt);
        return 1;
    }
    int nsrc = argc - optind - 1;
    const char *out_name = argv[argc - 1];
    ConvertSource *src = g_new0(ConvertSource, nsrc);
    uint64_t total = 0;
    int ret = 0;
    for (int i = 0; i < nsrc; i++) {
        src[i].bs = img_open(env, argv[optind + i], fmt, true, src_cache, NULL, false, false);
        if (!src[i].bs) {
            ret = -1;
            break;
        }
        src[i].start = total;
        src[i].size = bdrv_getlength(src[i].bs);
        total += src[i].size;
    }
    BlockDriverState *out = NULL;
    if (ret == 0 && compress && strcmp(out_fmt, "qcow2")) {
        img_error("Compression not supported for this file format");
        ret = -1;
    }
    if (ret == 0 && !no_create) {
        co.size = total;
        co.backing_file = backing;
        co.backing_format = backing_fmt;
        if (backing && !backing_fmt) {
            BlockDriverState *b = img_open(env, backing, NULL, true, NULL, NULL, true, false);
            if (b) {
                co.backing_format = backing_fmt = g_strdup(bdrv_format_name(b));
                bdrv_close(b);
            }
        }
        char *err = NULL;
        if (bdrv_create(env->ctx, out_fmt, out_name, &co, &err) < 0) {
            img_error("%s: error while converting %s: %s", out_name, out_fmt,
                      err ? err : "creation failed");
            g_free(err);
            ret = -1;
        }
    }
    if (ret == 0) {
        out = img_open(env, out_name, no_create ? NULL : out_fmt, false, cache, NULL, false,
                       false);
        ret = out ? 0 : -1;
    }
    if (ret == 0 && no_create && bdrv_getlength(out) < total) {
        img_error("Output image is too small");
        ret = -1;
    }
    uint32_t cluster = 65536;
    if (ret == 0) {
        BlockImageInfo info;
        bdrv_get_info(out, &info);
        if (info.cluster_size) {
            cluster = info.cluster_size;
        }
        img_progress(progress, 0, total);
        ConvertState cs = {
            .out = out, .src = src, .nsrc = nsrc, .total = total, .compress = compress,
            .fresh = !no_create, .progress = progress, .out_of_order = out_of_order,
            .sparse = sparse, .cluster = cluster, .workers = workers,
        };
        ret = convert_copy(&cs);
        if (ret >= 0) {
            ret = bdrv_flush(out);
        }
        if (ret < 0) {
            img_error("error while writing: %s", g_strerror(-ret));
        }
        img_progress(progress, total, total);
        if (progress) {
            printf("\n");
        }
    }
    bdrv_close(out);
    for (int i = 0; i < nsrc; i++) {
        bdrv_close(src[i].bs);
    }
    g_free(src);
    g_free(backing);
    g_free(backing_fmt);
    return ret < 0 ? 1 : 0;
}

/* First differing byte rounded down to a sector, or -1 when equal. */
static int64_t first_difference(const uint8_t *a, const uint8_t *b, uint64_t n)
{
    for (uint64_t i = 0; i < n; i += 512) {
        uint64_t m = MIN(512, n - i);
        if (memcmp(a + i, b + i, m)) {
            return i;
        }
    }
    return -1;
}

int img_compare(ImgEnv *env, int argc, char **argv)
{
    const char *fmt1 = NULL, *fmt2 = NULL, *cache = NULL;
    bool quiet = false, strict = false;
    int c;
    optind = 1;
    while ((c = getopt(argc, argv, "hf:F:T:pqsU")) != -1) {
        switch (c) {
        case 'f': fmt1 = optarg; break;
        case 'F': fmt2 = optarg; break;
        case 'T': cache = optarg; break;
        case 'q': quiet = true; break;
        case 's': strict = true; break;
        case 'p':
        case 'U': break;
        default: return 2;
        }
    }
    if (optind != argc - 2) {
        img_error("Expecting two image file names");
        return 2;
    }
    BlockDriverState *a = img_open(env, argv[optind], fmt1, true, cache, NULL, false, false);
    BlockDriverState *b = a ? img_open(env, argv[optind + 1], fmt2 ? fmt2 : fmt1, true, cache,
                                       NULL, false, false) : NULL;
    if (!a || !b) {
        bdrv_close(a);
        return 2;
    }
    uint64_t sa = bdrv_getlength(a), sb = bdrv_getlength(b);
    int ret = 0;
    if (strict && sa != sb) {
        if (!quiet) {
            printf("Strict mode: Image size mismatch!\n");
        }
        bdrv_close(a);
        bdrv_close(b);
        return 1;
    }
    uint8_t *ba = block_buf_alloc(IMG_CHUNK), *bb = block_buf_alloc(IMG_CHUNK);
    uint64_t common = MIN(sa, sb), big = MAX(sa, sb);
    int64_t mismatch = -1, status_mismatch = -1;
    for (uint64_t off = 0; off < big && mismatch < 0 && ret >= 0;) {
        uint64_t n = MIN(IMG_CHUNK, (off < common ? common : big) - off);
        if (off < common && strict) {
            /* Strict mode: allocation must match too, as qemu-img checks it. */
            const int mask = BDRV_BLOCK_ALLOCATED | BDRV_BLOCK_ZERO | BDRV_BLOCK_DATA;
            uint64_t pa, pb, map;
            BlockDriverState *file;
            int depth;
            int st_a = bdrv_block_status_above(a, NULL, off, n, &pa, &map, &file, &depth);
            int st_b = bdrv_block_status_above(b, NULL, off, n, &pb, &map, &file, &depth);
            if (st_a < 0 || st_b < 0) {
                ret = st_a < 0 ? st_a : st_b;
                break;
            }
            if ((st_a & mask) != (st_b & mask)) {
                status_mismatch = off;
                break;
            }
            n = MIN(n, MIN(pa, pb));
        }
        if (off < common) {
            ret = bdrv_pread(a, off, n, ba);
            if (ret >= 0) {
                ret = bdrv_pread(b, off, n, bb);
            }
            if (ret >= 0) {
                int64_t d = first_difference(ba, bb, n);
                if (d >= 0) {
                    mismatch = off + d;
                }
            }
        } else {
            /* The longer image must read as zeroes past the shorter one. */
            BlockDriverState *l = sa > sb ? a : b;
            ret = bdrv_pread(l, off, n, ba);
            if (ret >= 0 && !buffer_is_zero(ba, n)) {
                memset(bb, 0, n);
                mismatch = off + first_difference(ba, bb, n);
            }
        }
        off += n;
    }
    block_buf_free(ba);
    block_buf_free(bb);
    bdrv_close(a);
    bdrv_close(b);
    if (ret < 0) {
        img_error("Error while reading: %s", g_strerror(-ret));
        return 4;
    }
    if (status_mismatch >= 0) {
        if (!quiet) {
            printf("Strict mode: Offset %lld block status mismatch!\n",
                   (long long)status_mismatch);
        }
        return 1;
    }
    if (!quiet && sa != sb && (mismatch < 0 || (uint64_t)mismatch >= common)) {
        printf("Warning: Image size mismatch!\n");     /* before the rest is compared */
    }
    if (mismatch >= 0) {
        if (!quiet) {
            printf("Content mismatch at offset %lld!\n", (long long)mismatch);
        }
        return 1;
    }
    if (!quiet) {
        printf("Images are identical.\n");
    }
    return 0;
}

/* The backing file of @bs (at any depth) that @name designates: the same
 * file, or the same name as the chain records it. */
static BlockDriverState *img_find_in_chain(BlockDriverState *bs, const char *name)
{
    char *want = realpath(name, NULL);
    BlockDriverState *found = NULL;
    for (BlockDriverState *b = bdrv_backing(bs); b && !found; b = bdrv_backing(b)) {
        char *have = realpath(bdrv_filename(b), NULL);
        if ((want && have && !strcmp(want, have)) || !strcmp(name, bdrv_filename(b))) {
            found = b;
        }
        free(have);
    }
    free(want);
    return found;
}

int img_commit(ImgEnv *env, int argc, char **argv)
{
    const char *fmt = NULL, *cache = "unsafe", *base_name = NULL;
    bool quiet = false, keep = false;
    int c;
    optind = 1;
    while ((c = getopt(argc, argv, "hf:t:b:dpqr:")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 't': cache = optarg; break;
        case 'b':
            base_name = optarg;
            keep = true;        /* as in qemu-img: -b implies -d */
            break;
        case 'd': keep = true; break;
        case 'q': quiet = true; break;
        case 'p':
        case 'r': break;
        default: return 1;
        }
    }
    if (optind != argc - 1) {
        img_error("Expecting one image file name");
        return 1;
    }
    BlockDriverState *bs = img_open(env, argv[optind], fmt, false, cache, NULL, false, false);
    if (!bs) {
        return 1;
    }
    BlockDriverState *base = NULL;
    if (base_name) {
        base = img_find_in_chain(bs, base_name);
        if (!base) {
            img_error("Did not find '%s' in the backing chain of '%s'", base_name,
                      argv[optind]);
            bdrv_close(bs);
            return 1;
        }
    }
    char *err = NULL;
    int ret = bdrv_commit(bs, base, keep, &err);
    if (ret < 0) {
        img_error("%s", err ? err : g_strerror(-ret));
        g_free(err);
    } else if (!quiet) {
        printf("Image committed.\n");
    }
    bdrv_close(bs);
    return ret < 0 ? 1 : 0;
}

int img_rebase(ImgEnv *env, int argc, char **argv)
{
    const char *fmt = NULL, *cache = "writeback", *src_cache = NULL;
    const char *new_backing = NULL, *new_fmt = NULL;
    bool unsafe = false, progress = false;
    int c;
    optind = 1;
    while ((c = getopt(argc, argv, "hf:F:b:upt:T:qU")) != -1) {
        switch (c) {
        case 'f': fmt = optarg; break;
        case 'F': new_fmt = optarg; break;
        case 'b': new_backing = optarg; break;
        case 'u': unsafe = true; break;
        case 'p': progress = true; break;
        case 't': cache = optarg; break;
        case 'T': src_cache = optarg; break;
        case 'q': progress = false; break;
        case 'U': break;
        default: return 1;
        }
    }
    if (optind != argc - 1 || !new_backing) {
        img_error("Expecting one image file name and -b backing_file");
        return 1;
    }
    const char *filename = argv[optind];
    BlockDriverState *bs = img_open(env, filename, fmt, false, cache, NULL, unsafe, false);
    if (!bs) {
        return 1;
    }
    int ret = 0;
    BlockDriverState *nb = NULL;
    if (*new_backing) {
        char *dir = g_path_get_dirname(filename);
        char *path = new_backing[0] == '/' ? g_strdup(new_backing)
                                          : g_build_filename(dir, new_backing, NULL);
        g_free(dir);
        nb = img_open(env, path, new_fmt, true, src_cache, NULL, false, false);
        g_free(path);
        if (!nb) {
            bdrv_close(bs);
            return 1;
        }
        if (!new_fmt) {
            new_fmt = bdrv_format_name(nb);
        }
    }
    if (!unsafe) {
        /* Copy into the image whatever the old and new backing files disagree on. */
        BlockDriverState *old = bdrv_backing(bs);
        uint64_t size = bdrv_getlength(bs);
        uint8_t *bo = block_buf_alloc(IMG_CHUNK), *bn = block_buf_alloc(IMG_CHUNK);
        for (uint64_t off = 0; off < size && ret >= 0;) {
            uint64_t n = MIN(IMG_CHUNK, size - off), map;
            BlockDriverState *file;
            ret = bdrv_block_status(bs, off, n, &n, &map, &file);
            if (ret < 0 || (ret & BDRV_BLOCK_ALLOCATED)) {
                off += n;
                continue;
            }
            memset(bo, 0, n);
            memset(bn, 0, n);
            if (old && off < bdrv_getlength(old)) {
                ret = bdrv_pread(old, off, MIN(n, bdrv_getlength(old) - off), bo);
            }
            if (ret >= 0 && nb && off < bdrv_getlength(nb)) {
                ret = bdrv_pread(nb, off, MIN(n, bdrv_getlength(nb) - off), bn);
            }
            for (uint64_t p = 0; ret >= 0 && p < n; p += 512) {
                uint64_t m = MIN(512, n - p), q = p;
                if (!memcmp(bo + p, bn + p, m)) {
                    continue;
                }
                while (q < n && memcmp(bo + q, bn + q, MIN(512, n - q))) {
                    q += 512;
                }
                q = MIN(q, n);
                ret = bdrv_pwrite(bs, off + p, q - p, bo + p);
                p = q - 512;
            }
            off += n;
            img_progress(progress, off, size);
        }
        block_buf_free(bo);
        block_buf_free(bn);
    }
    if (ret >= 0) {
        ret = bdrv_change_backing_file(bs, *new_backing ? new_backing : NULL,
                                       *new_backing ? new_fmt : NULL);
        if (ret == -ENOTSUP) {
            img_error("Format '%s' does not support backing files", bdrv_format_name(bs));
        }
    }
    if (ret < 0) {
        img_error("Could not change the backing file to '%s': %s", new_backing,
                  g_strerror(-ret));
    }
    if (progress) {
        printf("\n");
    }
    bdrv_close(nb);
    bdrv_close(bs);
    return ret < 0 ? 1 : 0;
}
