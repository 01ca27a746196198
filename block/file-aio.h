/*
 * Asynchronous engines of the file protocol besides the thread pool: Linux
 * AIO (aio=native) and io_uring (aio=io_uring).  Each call submits one read
 * or write and yields the calling coroutine until it completes.
 */
#ifndef BLOCK_FILE_AIO_H
#define BLOCK_FILE_AIO_H

#include "block/block-int.h"

typedef struct LinuxAio LinuxAio;
typedef struct UringAio UringAio;

/* Return NULL with *errp set when the engine is missing or unusable. */
LinuxAio *laio_new(BlockContext *ctx, char **errp);
void laio_free(LinuxAio *s);
/* Transfers all @bytes (reads zero-fill at end of file); 0 or -errno. */
int laio_co_rw(LinuxAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes);

UringAio *uring_new(BlockContext *ctx, char **errp);
void uring_free(UringAio *s);
int uring_co_rw(UringAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes);

#endif
