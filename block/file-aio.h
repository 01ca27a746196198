/*
 * Asynchronous engines of the file protocol besides the thread pool: Linux
 * AIO (aio=native) and io_uring (aio=io_uring).  Each call submits one read
 * or write and yields the calling coroutine until it completes.
 */
#ifndef BLOCK_FILE_AIO_H
#define BLOCK_FILE_AIO_H

#include <string.h>
#include <sys/uio.h>

#include "block/block-int.h"

typedef struct LinuxAio LinuxAio;
typedef struct UringAio UringAio;

/* Return NULL with *errp set when the engine is missing or unusable. */
LinuxAio *laio_new(BlockContext *ctx, char **errp);
void laio_free(LinuxAio *s);
/* Transfers all @bytes (reads zero-fill at end of file); 0 or -errno. */
int laio_co_rw(LinuxAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes);
/* The same for a vector of @niov buffers (modified: consumed as it goes). */
int laio_co_rwv(LinuxAio *s, int fd, bool write, uint64_t offset, struct iovec *iov,
                int niov);

UringAio *uring_new(BlockContext *ctx, char **errp);
void uring_free(UringAio *s);
int uring_co_rw(UringAio *s, int fd, bool write, uint64_t offset, void *buf, uint64_t bytes);

/* Drop the first @n bytes of a vector; returns the new start. */
static inline struct iovec *file_iov_advance(struct iovec *iov, int *niov, uint64_t n)
{
    while (*niov > 0 && n >= iov->iov_len) {
        n -= iov->iov_len;
        iov++;
        (*niov)--;
    }
    if (*niov > 0 && n) {
        iov->iov_base = (uint8_t *)iov->iov_base + n;
        iov->iov_len -= n;
    }
    return iov;
}

static inline void file_iov_zero(struct iovec *iov, int niov)
{
    for (int i = 0; i < niov; i++) {
        memset(iov[i].iov_base, 0, iov[i].iov_len);
    }
}

#endif
