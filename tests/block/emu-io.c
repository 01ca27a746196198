/*
 * emu-io: test driver for the block layer, in the spirit of qemu-io.  Opens
 * one image and runs -c commands on it: synchronous read/write/discard/
 * flush with pattern checks, vmstate access, and "random", asynchronous
 * non-overlapping writes through a BlockBackend used by the crash test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib.h>

#include "block/block.h"

typedef struct IoEnv {
    BlockBackend *blk;
    BlockDriverState *bs;
    MainLoop *ml;
} IoEnv;

static bool parse_num(const char *s, uint64_t *v)
{
    if (block_parse_size(s, v) == 0) {
        return true;
    }
    char *end;
    *v = strtoull(s, &end, 0);
    return *s && !*end;
}

static uint8_t *pattern_buf(uint64_t len, int pattern)
{
    uint8_t *buf = block_buf_alloc(len ? len : 1);
    memset(buf, pattern, len);
    return buf;
}

static int cmd_rw(IoEnv *env, int argc, char **argv, bool write)
{
    int pattern = write ? 0xcd : -1, c;
    bool zero = false, compress = false;
    optind = 0;    /* glibc: 0 also resets the parser between commands */
    while ((c = getopt(argc, argv, "P:zc")) != -1) {
        switch (c) {
        case 'P': pattern = (int)strtol(optarg, NULL, 0) & 0xff; break;
        case 'z': zero = true; break;
        case 'c': compress = true; break;
        default: return 1;
        }
    }
    uint64_t off, len;
    if (optind + 2 != argc || !parse_num(argv[optind], &off) ||
        !parse_num(argv[optind + 1], &len)) {
        fprintf(stderr, "%s: expected offset and length\n", argv[0]);
        return 1;
    }
    uint8_t *buf = pattern_buf(len, write ? pattern : 0);
    int ret;
    if (!write) {
        ret = bdrv_pread(env->bs, off, len, buf);
        for (uint64_t i = 0; ret >= 0 && pattern >= 0 && i < len; i++) {
            if (buf[i] != pattern) {
                printf("Pattern verification failed at offset %llu, %llu bytes\n",
                       (unsigned long long)(off + i), (unsigned long long)(len - i));
                ret = -1;
                break;
            }
        }
    } else if (zero) {
        ret = bdrv_pwrite_zeroes(env->bs, off, len, 0);
    } else if (compress) {
        ret = bdrv_pwrite_compressed(env->bs, off, len, buf);
    } else {
        ret = bdrv_pwrite(env->bs, off, len, buf);
    }
    block_buf_free(buf);
    if (ret < -1) {
        printf("%s failed: %s\n", argv[0], g_strerror(-ret));
    } else if (ret >= 0) {
        printf("%s %llu/%llu bytes at offset %llu\n", write ? "wrote" : "read",
               (unsigned long long)len, (unsigned long long)len, (unsigned long long)off);
    }
    return ret < 0;
}

static int cmd_vmstate(IoEnv *env, int argc, char **argv, bool save)
{
    uint64_t pos, len, pat;
    if (argc != 4 || !parse_num(argv[1], &pos) || !parse_num(argv[2], &len) ||
        !parse_num(argv[3], &pat)) {
        fprintf(stderr, "%s: expected pos len pattern\n", argv[0]);
        return 1;
    }
    uint8_t *buf = pattern_buf(len, save ? (int)pat : 0);
    int ret = save ? bdrv_save_vmstate(env->bs, buf, pos, len)
                   : bdrv_load_vmstate(env->bs, buf, pos, len);
    for (uint64_t i = 0; ret >= 0 && !save && i < len; i++) {
        if (buf[i] != (uint8_t)pat) {
            printf("vmstate verification failed at %llu\n", (unsigned long long)(pos + i));
            ret = -1;
        }
    }
    block_buf_free(buf);
    if (ret < -1) {
        printf("%s failed: %s\n", argv[0], g_strerror(-ret));
    }
    return ret < 0;
}

typedef struct RandomRun {
    IoEnv *env;
    uint64_t *slots;
    uint64_t slot_size;
    int count, next, in_flight, done, flush_every, depth;
    bool flushing;
    int err;
    uint8_t **bufs;
} RandomRun;

static void random_submit(RandomRun *r);

static void random_flush_done(void *opaque, int ret)
{
    RandomRun *r = opaque;
    r->flushing = false;
    if (ret < 0) {
        r->err = ret;
    }
    /* Every write numbered below r->done is now stable. */
    printf("flushed %d\n", r->done);
    fflush(stdout);
    random_submit(r);
}

static void random_write_done(void *opaque, int ret)
{
    RandomRun *r = opaque;
    r->in_flight--;
    r->done++;
    if (ret < 0) {
        r->err = ret;
    }
    random_submit(r);
}

static void random_submit(RandomRun *r)
{
    if (r->flushing || r->err) {
        return;
    }
    if (r->flush_every && r->done == r->next && r->done % r->flush_every == 0 &&
        r->done > 0 && r->in_flight == 0 && r->next < r->count) {
        r->flushing = true;
        blk_aio_flush(r->env->blk, random_flush_done, r);
        return;
    }
    while (r->next < r->count && r->in_flight < r->depth &&
           !(r->flush_every && r->next > 0 && r->next % r->flush_every == 0 &&
             r->next != r->done)) {
        int i = r->next++;
        uint8_t *buf = r->bufs[i % r->depth];
        memset(buf, (i * 37) % 251 + 1, r->slot_size);
        struct iovec iov = { buf, r->slot_size };
        r->in_flight++;
        blk_aio_pwritev(r->env->blk, r->slots[i], &iov, 1, random_write_done, r);
        if (r->flush_every && r->next % r->flush_every == 0) {
            break;
        }
    }
}

/* random SEED COUNT SLOT_SIZE FLUSH_EVERY: write slot perm(i) with byte
 * (i*37)%251+1; the test recomputes the same permutation. */
static int cmd_random(IoEnv *env, int argc, char **argv)
{
    uint64_t seed, count, slot, flush_every;
    if (argc != 5 || !parse_num(argv[1], &seed) || !parse_num(argv[2], &count) ||
        !parse_num(argv[3], &slot) || !parse_num(argv[4], &flush_every) || !slot) {
        fprintf(stderr, "random: expected SEED COUNT SLOT_SIZE FLUSH_EVERY\n");
        return 1;
    }
    uint64_t nslots = blk_getlength(env->blk) / slot;
    if (count > nslots) {
        count = nslots;
    }
    RandomRun r = { .env = env, .slot_size = slot, .count = count,
                    .flush_every = flush_every, .depth = 16 };
    r.slots = g_new(uint64_t, nslots ? nslots : 1);
    for (uint64_t i = 0; i < nslots; i++) {
        r.slots[i] = i * slot;
    }
    /* Fisher-Yates with a 64-bit LCG: reproducible in Python. */
    uint64_t x = seed;
    for (uint64_t i = nslots; i > 1; i--) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t j = (x >> 33) % i;
        uint64_t t = r.slots[i - 1];
        r.slots[i - 1] = r.slots[j];
        r.slots[j] = t;
    }
    r.bufs = g_new(uint8_t *, r.depth);
    for (int i = 0; i < r.depth; i++) {
        r.bufs[i] = block_buf_alloc(slot);
    }
    random_submit(&r);
    while ((r.done < r.count || r.flushing) && !r.err) {
        main_loop_wait(env->ml, true);
    }
    blk_drain(env->blk);
    for (int i = 0; i < r.depth; i++) {
        block_buf_free(r.bufs[i]);
    }
    g_free(r.bufs);
    g_free(r.slots);
    if (r.err) {
        printf("random: %s\n", g_strerror(-r.err));
        return 1;
    }
    printf("random: %d writes done\n", r.done);
    return 0;
}

static int run_command(IoEnv *env, const char *line)
{
    char **argv;
    int argc;
    if (!g_shell_parse_argv(line, &argc, &argv, NULL)) {
        fprintf(stderr, "cannot parse command '%s'\n", line);
        return 1;
    }
    int ret = 1;
    char *err = NULL;
    if (!strcmp(argv[0], "write")) {
        ret = cmd_rw(env, argc, argv, true);
    } else if (!strcmp(argv[0], "read")) {
        ret = cmd_rw(env, argc, argv, false);
    } else if (!strcmp(argv[0], "discard") && argc == 3) {
        uint64_t off, len;
        ret = !parse_num(argv[1], &off) || !parse_num(argv[2], &len) ||
              bdrv_pdiscard(env->bs, off, len) < 0;
    } else if (!strcmp(argv[0], "flush")) {
        ret = bdrv_flush(env->bs) < 0;
    } else if (!strcmp(argv[0], "vmsave")) {
        ret = cmd_vmstate(env, argc, argv, true);
    } else if (!strcmp(argv[0], "vmload")) {
        ret = cmd_vmstate(env, argc, argv, false);
    } else if (!strcmp(argv[0], "savevm") && argc == 3) {
        uint64_t vmsize;
        ret = !parse_num(argv[2], &vmsize) ||
              bdrv_snapshot_create(env->bs, argv[1], vmsize, 0, UINT64_MAX, &err) < 0;
    } else if (!strcmp(argv[0], "loadvm") && argc == 2) {
        ret = bdrv_snapshot_goto(env->bs, argv[1], &err) < 0;
    } else if (!strcmp(argv[0], "commit")) {
        ret = blk_commit(env->blk, &err) < 0;
    } else if (!strcmp(argv[0], "random")) {
        ret = cmd_random(env, argc, argv);
    } else {
        fprintf(stderr, "unknown command '%s'\n", line);
    }
    if (err) {
        printf("%s: %s\n", argv[0], err);
        g_free(err);
    }
    g_strfreev(argv);
    return ret;
}

int main(int argc, char **argv)
{
    BlockOpenOptions o;
    block_open_options_init(&o);
    GPtrArray *cmds = g_ptr_array_new();
    int c;
    while ((c = getopt(argc, argv, "+f:t:i:src:")) != -1) {
        switch (c) {
        case 'f': o.format = optarg; break;
        case 't':
            if (block_parse_cache_mode(optarg, &o) < 0) {
                fprintf(stderr, "bad cache mode\n");
                return 1;
            }
            break;
        case 'i':
            if (block_parse_aio_mode(optarg, &o) < 0) {
                fprintf(stderr, "bad aio mode\n");
                return 1;
            }
            break;
        case 's': o.snapshot = true; break;
        case 'r': o.read_only = true; break;
        case 'c': g_ptr_array_add(cmds, optarg); break;
        default: return 1;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "usage: emu-io [-f fmt] [-t cache] [-i aio] [-s] [-r] -c cmd... file\n");
        return 1;
    }
    MainLoop *ml = main_loop_new();
    BlockContext *ctx = block_context_new(ml);
    char *err = NULL;
    BlockBackend *blk = blk_open(ctx, argv[optind], &o, &err);
    if (!blk) {
        fprintf(stderr, "emu-io: %s\n", err);
        return 1;
    }
    IoEnv env = { .blk = blk, .bs = blk_bs(blk), .ml = ml };
    int ret = 0;
    for (guint i = 0; i < cmds->len && !ret; i++) {
        ret = run_command(&env, cmds->pdata[i]);
    }
    blk_close(blk);
    block_context_free(ctx);
    main_loop_free(ml);
    g_ptr_array_free(cmds, true);
    return ret;
}
