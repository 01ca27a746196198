/*
 * emu-img internals: the commands (one function each, argc/argv after the
 * command name) and the helpers they share.  Exit codes follow qemu-img.
 */
#ifndef BLOCK_IMG_H
#define BLOCK_IMG_H

#include <glib.h>

#include "block/block.h"

typedef struct ImgEnv {
    BlockContext *ctx;
} ImgEnv;

void img_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Open for a command; prints the error and returns NULL on failure. */
BlockDriverState *img_open(ImgEnv *env, const char *filename, const char *fmt,
                           bool read_only, const char *cache, const char *aio,
                           bool no_backing, bool check);
/* qemu-img's human size: "64 MiB", "1.5 GiB", "464 KiB". */
char *img_size_to_str(uint64_t val);
/* Parse "key=value,key=value" image options into *o; false on error. */
bool img_parse_create_options(const char *opts, const char *filename, BlockCreateOptions *o,
                              char **backing, char **backing_fmt, bool *size_set);
void img_progress(bool enabled, double done, double total);

int img_create(ImgEnv *env, int argc, char **argv);
int img_info(ImgEnv *env, int argc, char **argv);
int img_check(ImgEnv *env, int argc, char **argv);
int img_snapshot(ImgEnv *env, int argc, char **argv);
int img_resize(ImgEnv *env, int argc, char **argv);
int img_convert(ImgEnv *env, int argc, char **argv);
int img_compare(ImgEnv *env, int argc, char **argv);
int img_commit(ImgEnv *env, int argc, char **argv);
int img_rebase(ImgEnv *env, int argc, char **argv);
int img_map(ImgEnv *env, int argc, char **argv);
int img_bench(ImgEnv *env, int argc, char **argv);

#endif
