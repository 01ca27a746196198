/*
 * emu-img: disk image tool with qemu-img's command syntax and output.  This
 * file holds main(), the command table and the shared helpers; the commands
 * live in img-*.c.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block/block-int.h"
#include "block/img.h"

typedef struct ImgCommand {
    const char *name;
    int (*fn)(ImgEnv *env, int argc, char **argv);
    const char *usage;
} ImgCommand;

/* Every command, in qemu-img's help order. */
static const ImgCommand img_commands[] = {
    { "bench", img_bench, "bench [-c count] [-d depth] [-f fmt] [--flush-interval=N] "
      "[--no-drain] [-i aio] [-n] [-o offset] [--pattern=N] [-q] [-s buffer_size] "
      "[-S step_size] [-t cache] [-w] [-U] filename" },
    { "check", img_check, "check [-q] [-f fmt] [--output=ofmt] [-r [leaks | all]] "
      "[-T src_cache] [-U] filename" },
    { "commit", img_commit, "commit [-q] [-f fmt] [-t cache] [-b base] [-d] [-p] filename" },
    { "compare", img_compare, "compare [-f fmt] [-F fmt] [-T src_cache] [-p] [-q] [-s] "
      "[-U] filename1 filename2" },
    { "convert", img_convert, "convert [-c] [-p] [-q] [-n] [-f fmt] [-t cache] "
      "[-T src_cache] [-O output_fmt] [-B backing_file] [-o options] [-S sparse_size] "
      "[-m num_coroutines] [-W] "
      "filename [filename2 [...]] output_filename" },
    { "create", img_create, "create [-q] [-f fmt] [-b backing_file [-F backing_fmt]] [-u] "
      "[-o options] filename [size]" },
    { "info", img_info, "info [-f fmt] [--output=ofmt] [--backing-chain] [-U] filename" },
    { "map", img_map, "map [--output=ofmt] [-f fmt] [-U] filename" },
    { "rebase", img_rebase, "rebase [-q] [-f fmt] [-t cache] [-T src_cache] [-p] [-u] "
      "-b backing_file [-F backing_fmt] filename" },
    { "resize", img_resize, "resize [-f fmt] [--shrink] [-q] filename [+ | -]size" },
    { "snapshot", img_snapshot, "snapshot [-q] [-l | -a snapshot | -c snapshot | "
      "-d snapshot] [-U] [-f fmt] filename" },
};

void img_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fflush(stdout);     /* keep the order of what was said on both streams */
    fputs("emu-img: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

BlockDriverState *img_open(ImgEnv *env, const char *filename, const char *fmt,
                           bool read_only, const char *cache, const char *aio,
                           bool no_backing, bool check)
{
    BlockOpenOptions o;
    block_open_options_init(&o);
    o.format = fmt;
    o.read_only = read_only;
    o.no_backing = no_backing;
    o.check = check;
    if (cache && block_parse_cache_mode(cache, &o) < 0) {
        img_error("Invalid cache option: %s", cache);
        return NULL;
    }
    if (aio && block_parse_aio_mode(aio, &o) < 0) {
        img_error("Invalid aio option: %s", aio);
        return NULL;
    }
    char *err = NULL;
    BlockDriverState *bs = bdrv_open(env->ctx, filename, &o, &err);
    if (!bs) {
        img_error("Could not open '%s': %s", filename, err ? err : "unknown error");
        g_free(err);
    }
    return bs;
}

char *img_size_to_str(uint64_t val)
{
    static const char *const suffixes[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    int i;
    frexp(val / (1000.0 / 1024.0), &i);
    i = (i - 1) / 10;
    if (i < 0) {
        i = 0;
    }
    if (i > 6) {
        i = 6;
    }
    uint64_t div = 1ULL << (i * 10);
    return g_strdup_printf("%0.3g %s", (double)val / div, suffixes[i]);
}

static bool parse_bool(const char *v, bool *out)
{
    if (!strcmp(v, "on") || !strcmp(v, "true") || !strcmp(v, "yes")) {
        *out = true;
    } else if (!strcmp(v, "off") || !strcmp(v, "false") || !strcmp(v, "no")) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

bool img_parse_create_options(const char *opts, const char *filename, BlockCreateOptions *o,
                              char **backing, char **backing_fmt, bool *size_set)
{
    char **kv = g_strsplit(opts, ",", -1);
    bool ok = true;
    for (int i = 0; kv[i] && ok; i++) {
        if (!*kv[i]) {
            continue;
        }
        char *eq = strchr(kv[i], '=');
        if (!eq) {
            img_error("Invalid option '%s': expected key=value", kv[i]);
            ok = false;
            break;
        }
        *eq = 0;
        const char *k = kv[i], *v = eq + 1;
        uint64_t n;
        if (!strcmp(k, "cluster_size")) {
            ok = block_parse_size(v, &n) == 0 && n <= UINT32_MAX;
            o->cluster_size = n;
        } else if (!strcmp(k, "compat")) {
            if (!strcmp(v, "0.10") || !strcmp(v, "v2")) {
                o->compat = 2;
            } else if (!strcmp(v, "1.1") || !strcmp(v, "v3")) {
                o->compat = 3;
            } else if (filename) {
                o->compat = -1;     /* img_create reports it, as qemu-img does */
            } else {
                img_error("Invalid parameter '%s'", v);
                ok = false;
                break;
            }
        } else if (!strcmp(k, "preallocation")) {
            static const char *const modes[] = { "off", "metadata", "falloc", "full" };
            ok = false;
            for (int m = 0; m < 4; m++) {
                if (!strcmp(v, modes[m])) {
                    o->prealloc = m;
                    ok = true;
                }
            }
        } else if (!strcmp(k, "lazy_refcounts")) {
            ok = parse_bool(v, &o->lazy_refcounts);
        } else if (!strcmp(k, "refcount_bits")) {
            ok = block_parse_size(v, &n) == 0 && n <= 64;
            o->refcount_bits = n;
        } else if (!strcmp(k, "backing_file")) {
            g_free(*backing);
            *backing = g_strdup(v);
        } else if (!strcmp(k, "backing_fmt")) {
            g_free(*backing_fmt);
            *backing_fmt = g_strdup(v);
        } else if (!strcmp(k, "size")) {
            ok = block_parse_size(v, &o->size) == 0;
            *size_set = true;
        } else if (!strcmp(k, "compression_type")) {
            ok = !strcmp(v, "zlib");
        } else if (!strcmp(k, "extended_l2")) {
            bool b;
            ok = parse_bool(v, &b) && !b;
        } else {
            if (filename) {
                img_error("%s: Invalid parameter '%s'", filename, k);
            } else {
                img_error("Invalid parameter '%s'", k);
            }
            ok = false;
            break;
        }
        if (!ok) {
            img_error("Parameter '%s' expects a valid value, got '%s'", k, v);
        }
    }
    g_strfreev(kv);
    return ok;
}

void img_progress(bool enabled, double done, double total)
{
    if (!enabled) {
        return;
    }
    printf("    (%3.2f/100%%)\r", total > 0 ? done * 100.0 / total : 100.0);
    fflush(stdout);
}

static void img_help(void)
{
    printf("emu-img: disk image utility, command syntax of qemu-img\n\n"
           "usage: emu-img [standard options] command [command options]\n\nCommand syntax:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(img_commands); i++) {
        printf("  %s\n", img_commands[i].usage);
    }
    printf("\nSupported formats:");
    for (const char *const *f = block_format_names(); *f; f++) {
        printf(" %s", *f);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        img_error("Not enough arguments\nTry 'emu-img --help' for more information");
        return 1;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        img_help();
        return 0;
    }
    if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
        printf("emu-img version 1.0 (qemu-img compatible command line)\n");
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(img_commands); i++) {
        if (!strcmp(argv[1], img_commands[i].name)) {
            ImgEnv env = { .ctx = block_context_new(NULL) };
            int ret = img_commands[i].fn(&env, argc - 1, argv + 1);
            block_context_free(env.ctx);
            return ret;
        }
    }
    img_error("Command not found: %s", argv[1]);
    return 1;
}
