/*
 * emu-img bench: keep @depth asynchronous requests in flight through a
 * BlockBackend and time @count of them, with qemu-img bench's options,
 * offset stepping, flush interval and output.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "block/img.h"

enum {
    OPT_FLUSH_INTERVAL = 300,
    OPT_NO_DRAIN,
    OPT_PATTERN,
};

typedef struct BenchData {
    BlockBackend *blk;
    uint64_t image_size;
    bool write;
    int bufsize;
    int step;
    int nrreq;
    int n;
    int flush_interval;
    bool drain_on_flush;
    uint8_t *buf;
    int next_buf;
    uint64_t offset;
    int in_flight;
    bool in_flush;
    int failed;
} BenchData;

static void bench_cb(void *opaque, int ret);

static void bench_undrained_flush_cb(void *opaque, int ret)
{
    BenchData *b = opaque;
    if (ret < 0 && !b->failed) {
        b->failed = ret;
    }
}

static void bench_cb(void *opaque, int ret)
{
    BenchData *b = opaque;
    if (ret < 0) {
        if (!b->failed) {
            b->failed = ret;
        }
        b->n = b->in_flight = 0;
        return;
    }
    if (b->in_flush) {
        b->in_flush = false;
    } else if (b->in_flight > 0) {
        int remaining = b->n - b->in_flight;
        b->n--;
        b->in_flight--;
        if (b->flush_interval && remaining % b->flush_interval == 0) {
            if (!b->in_flight || !b->drain_on_flush) {
                if (b->drain_on_flush) {
                    b->in_flush = true;
                    blk_aio_flush(b->blk, bench_cb, b);
                } else {
                    blk_aio_flush(b->blk, bench_undrained_flush_cb, b);
                }
            }
            if (b->drain_on_flush) {
                return;
            }
        }
    }
    while (b->n > b->in_flight && b->in_flight < b->nrreq) {
        uint64_t offset = b->offset;
        b->in_flight++;
        b->offset += b->step;
        b->offset = b->image_size ? b->offset % b->image_size : 0;
        struct iovec iov = {
            .iov_base = b->buf + (size_t)b->next_buf * b->bufsize,
            .iov_len = b->bufsize,
        };
        b->next_buf = (b->next_buf + 1) % b->nrreq;
        if (b->write) {
            blk_aio_pwritev(b->blk, offset, &iov, 1, bench_cb, b);
        } else {
            blk_aio_preadv(b->blk, offset, &iov, 1, bench_cb, b);
        }
    }
}

static bool bench_int(const char *s, const char *what, int min, int *out)
{
    uint64_t v;
    if (block_parse_size(s, &v) < 0 || v < (uint64_t)min || v > INT32_MAX) {
        img_error("Invalid %s specified", what);
        return false;
    }
    *out = (int)v;
    return true;
}

int img_bench(ImgEnv *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { "flush-interval", required_argument, NULL, OPT_FLUSH_INTERVAL },
        { "pattern", required_argument, NULL, OPT_PATTERN },
        { "no-drain", no_argument, NULL, OPT_NO_DRAIN },
        { "force-share", no_argument, NULL, 'U' },
        { NULL, 0, NULL, 0 },
    };
    const char *fmt = NULL, *cache = "writeback", *aio = NULL;
    int count = 75000, depth = 64, bufsize = 4096, step = 0, pattern = 0;
    int flush_interval = 0;
    bool write = false, drain = true, native = false;
    uint64_t offset = 0;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "hc:d:f:ni:o:qs:S:t:wU", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            if (!bench_int(optarg, "request count", 0, &count)) {
                return 1;
            }
            break;
        case 'd':
            if (!bench_int(optarg, "queue depth", 1, &depth)) {
                return 1;
            }
            break;
        case 'f': fmt = optarg; break;
        case 'n': native = true; break;
        case 'i': aio = optarg; break;
        case 'o':
            if (block_parse_size(optarg, &offset) < 0) {
                img_error("Invalid offset specified");
                return 1;
            }
            break;
        case 'q': break;        /* as in qemu-img: the summary is printed anyway */
        case 's':
            if (!bench_int(optarg, "buffer size", 1, &bufsize)) {
                return 1;
            }
            break;
        case 'S':
            if (!bench_int(optarg, "step size", 0, &step)) {
                return 1;
            }
            break;
        case 't': cache = optarg; break;
        case 'w': write = true; break;
        case 'U': break;
        case OPT_FLUSH_INTERVAL:
            if (!bench_int(optarg, "flush interval", 0, &flush_interval)) {
                return 1;
            }
            break;
        case OPT_NO_DRAIN: drain = false; break;
        case OPT_PATTERN:
            if (!bench_int(optarg, "pattern byte", 0, &pattern)) {
                return 1;
            }
            if (pattern > 0xff) {
                img_error("Invalid pattern byte specified");
                return 1;
            }
            break;
        default: return 1;
        }
    }
    if (optind != argc - 1) {
        img_error("Expecting one image file name");
        return 1;
    }
    if (flush_interval && !write) {
        img_error("--flush-interval is only available in write tests");
        return 1;
    }
    if (flush_interval && flush_interval < depth) {
        img_error("Flush interval can't be smaller than depth");
        return 1;
    }
    BlockOpenOptions o;
    block_open_options_init(&o);
    o.format = fmt;
    o.read_only = !write;
    if (block_parse_cache_mode(cache, &o) < 0) {
        img_error("Invalid cache mode");
        return 1;
    }
    if (native) {
        o.aio = BLOCK_AIO_NATIVE;     /* -n: like -i native, cache mode unchanged */
    }
    if (aio && block_parse_aio_mode(aio, &o) < 0) {
        img_error("Invalid aio option: %s", aio);
        return 1;
    }
    char *err = NULL;
    BlockBackend *blk = blk_open(env->ctx, argv[optind], &o, &err);
    if (!blk) {
        img_error("Could not open '%s': %s", argv[optind], err ? err : "unknown error");
        g_free(err);
        return 1;
    }
    BenchData b = {
        .blk = blk, .image_size = blk_getlength(blk), .write = write, .bufsize = bufsize,
        .step = step ? step : bufsize, .nrreq = depth, .n = count,
        .flush_interval = flush_interval, .drain_on_flush = drain, .offset = offset,
    };
    printf("Sending %d %s requests, %d bytes each, %d in parallel (starting at offset "
           "%llu, step size %d)\n", count, write ? "write" : "read", bufsize, depth,
           (unsigned long long)offset, b.step);
    if (flush_interval) {
        printf("Sending flush every %d requests\n", flush_interval);
    }
    b.buf = block_buf_alloc((size_t)depth * bufsize);
    memset(b.buf, pattern, (size_t)depth * bufsize);
    struct timeval t1, t2;
    gettimeofday(&t1, NULL);
    bench_cb(&b, 0);
    MainLoop *ml = block_context_loop(env->ctx);
    while (b.n > 0 || b.in_flush) {
        main_loop_wait(ml, true);
    }
    gettimeofday(&t2, NULL);
    blk_drain(blk);
    if (!b.failed) {
        printf("Run completed in %3.3f seconds.\n",
               (t2.tv_sec - t1.tv_sec) + (t2.tv_usec - t1.tv_usec) / 1e6);
    }
    if (b.failed) {
        img_error("Failed request: %s", g_strerror(-b.failed));
    }
    block_buf_free(b.buf);
    blk_close(blk);
    return b.failed ? 1 : 0;
}
