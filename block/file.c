/*
 * The "file" protocol: a host regular file or block device.  Reads and
 * writes go through the chosen engine (thread pool, Linux AIO, io_uring);
 * O_DIRECT requests that are not aligned are bounced.  Reads and writes
 * issued together that touch adjacent ranges are merged into one vectored
 * transfer (thread pool and Linux AIO), and the pool gets them in a few jobs
 * rather than one each.  Holes are reported and made with SEEK_HOLE and
 * fallocate, so sparse files stay sparse.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block/file-aio.h"

/* Merged transfers stay within these bounds. */
#define FILE_MERGE_MAX      16
#define FILE_MERGE_BYTES    (1u << 20)
/* Thread pool: the runs of one batch are shared out to at most this many
 * jobs, each doing its runs in turn (fewer hand-offs between threads). */
#define FILE_JOBS_PER_BATCH 8

/* A read or write waiting for the merge bottom half, which either makes it
 * the leader of a run of adjacent requests (it then transfers them all) or
 * lets it go alone (a run of one). */
typedef struct FileRw FileRw;
struct FileRw {
    bool write;
    bool lead;
    bool done;
    int ret;
    uint64_t offset;
    uint64_t bytes;
    void *buf;
    Coroutine *co;
    unsigned seq;
    FileRw *next;       /* pending list, then the leader's run */
    FileRw *next_lead;
};

typedef struct FileState {
    int fd;
    bool is_bdev;
    bool direct;
    bool unsafe;
    LinuxAio *laio;
    UringAio *uring;
    CoMutex rmw_lock;
    FileRw *pending;    /* newest first */
    unsigned npending;
    LoopBH *merge_bh;
    GPtrArray *sorted;
    ThreadPool *pool;
} FileState;

/* Thread pool work: runs (leaders chained by next_lead) done one by one. */
typedef struct FileJob {
    FileState *s;
    FileRw *runs;
} FileJob;

enum {
    FILE_READ,
    FILE_WRITE,
    FILE_FLUSH,
    FILE_DISCARD,
    FILE_ZERO,
};

typedef struct FileReq {
    FileState *s;
    int type;
    uint64_t offset;
    uint64_t bytes;
    struct iovec *iov;
    int niov;
    Coroutine *co;
    int ret;
    bool done;
} FileReq;

static int file_do_rw(FileReq *r)
{
    struct iovec *iov = r->iov;
    int niov = r->niov;
    uint64_t offset = r->offset;
    while (niov > 0) {
        ssize_t n;
        if (niov == 1) {
            n = r->type == FILE_WRITE ? pwrite(r->s->fd, iov->iov_base, iov->iov_len, offset)
                                      : pread(r->s->fd, iov->iov_base, iov->iov_len, offset);
        } else {
            int cnt = MIN(niov, IOV_MAX);
            n = r->type == FILE_WRITE ? pwritev(r->s->fd, iov, cnt, offset)
                                      : preadv(r->s->fd, iov, cnt, offset);
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            if (r->type == FILE_WRITE) {
                return -EIO;
            }
            file_iov_zero(iov, niov);       /* end of file reads as zeroes */
            break;
        }
        offset += n;
        iov = file_iov_advance(iov, &niov, n);
    }
    return 0;
}

static int file_do_discard(FileReq *r, bool zero)
{
    FileState *s = r->s;
    if (s->is_bdev) {
        uint64_t range[2] = { r->offset, r->bytes };
        if (ioctl(s->fd, zero ? BLKZEROOUT : BLKDISCARD, range) < 0) {
            return zero ? -ENOTSUP : 0;
        }
        return 0;
    }
    int mode = zero ? FALLOC_FL_ZERO_RANGE : (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE);
    if (fallocate(s->fd, mode, r->offset, r->bytes) == 0) {
        return 0;
    }
    if (zero && fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                          r->offset, r->bytes) == 0) {
        return 0;
    }
    /* Discard is a hint; zeroing falls back to writing zeroes. */
    return zero ? -ENOTSUP : 0;
}

static int file_worker(void *arg)
{
    FileReq *r = arg;
    switch (r->type) {
    case FILE_READ:
    case FILE_WRITE:
        return file_do_rw(r);
    case FILE_FLUSH:
        return fdatasync(r->s->fd) < 0 ? -errno : 0;
    case FILE_DISCARD:
        return file_do_discard(r, false);
    case FILE_ZERO:
        return file_do_discard(r, true);
    }
    return -EINVAL;
}

static void file_req_done(void *opaque, int ret)
{
    FileReq *r = opaque;
    r->ret = ret;
    r->done = true;
    co_enter(r->co);
}

/* Flush, discard and zeroing: always in the thread pool. */
static int file_co_submit(BlockDriverState *bs, int type, uint64_t offset, uint64_t bytes)
{
    FileReq r = { .s = bs->opaque, .type = type, .offset = offset, .bytes = bytes,
                  .co = co_self() };
    thread_pool_submit(bs->ctx->pool, file_worker, &r, file_req_done, &r);
    while (!r.done) {
        co_yield();
    }
    return r.ret;
}

static int file_rw_cmp(const void *a, const void *b)
{
    const FileRw *x = *(FileRw *const *)a, *y = *(FileRw *const *)b;
    if (x->write != y->write) {
        return x->write - y->write;
    }
    if (x->offset != y->offset) {
        return x->offset < y->offset ? -1 : 1;
    }
    return x->seq < y->seq ? -1 : 1;
}

static int file_job_worker(void *arg)
{
    FileJob *j = arg;
    for (FileRw *lead = j->runs; lead; lead = lead->next_lead) {
        struct iovec iov[FILE_MERGE_MAX];
        int n = 0;
        for (FileRw *r = lead; r; r = r->next) {
            iov[n++] = (struct iovec){ .iov_base = r->buf, .iov_len = r->bytes };
        }
        FileReq req = { .s = j->s, .type = lead->write ? FILE_WRITE : FILE_READ,
                        .offset = lead->offset, .iov = iov, .niov = n };
        lead->ret = file_do_rw(&req);
    }
    return 0;
}

static void file_job_done(void *opaque, int unused)
{
    FileJob *j = opaque;
    FileRw *lead = j->runs;
    g_free(j);
    while (lead) {
        /* Each FileRw lives on its coroutine's stack: read links first. */
        FileRw *next_lead = lead->next_lead;
        int ret = lead->ret;
        for (FileRw *r = lead, *next; r; r = next) {
            next = r->next;
            r->ret = ret;
            r->done = true;
            co_enter(r->co);
        }
        lead = next_lead;
    }
}

/* Thread pool engine: share the runs out to a few jobs. */
static void file_submit_jobs(FileState *s, FileRw *leads, unsigned nruns)
{
    unsigned per_job = (nruns + FILE_JOBS_PER_BATCH - 1) / FILE_JOBS_PER_BATCH;
    while (leads) {
        FileJob *j = g_new(FileJob, 1);
        j->s = s;
        j->runs = leads;
        FileRw *last = leads;
        for (unsigned k = 1; k < per_job && last->next_lead; k++) {
            last = last->next_lead;
        }
        leads = last->next_lead;
        last->next_lead = NULL;
        thread_pool_submit(s->pool, file_job_worker, j, file_job_done, j);
    }
}

/* Sort what was issued since the last run, chain adjacent requests of one
 * kind behind a leader, then hand the runs to the thread pool, or start
 * the leaders (Linux AIO: each leader submits its run itself). */
static void file_merge_bh(void *opaque)
{
    FileState *s = opaque;
    GPtrArray *a = s->sorted;
    unsigned n = s->npending;
    g_ptr_array_set_size(a, n);
    for (FileRw *r = s->pending; r; r = r->next) {
        r->seq = --n;
        a->pdata[r->seq] = r;
    }
    s->pending = NULL;
    s->npending = 0;
    qsort(a->pdata, a->len, sizeof(void *), file_rw_cmp);
    FileRw *leads = NULL, **last_lead = &leads;
    unsigned nruns = 0;
    for (unsigned i = 0; i < a->len;) {
        FileRw *lead = a->pdata[i++], *tail = lead;
        uint64_t end = lead->offset + lead->bytes, total = lead->bytes;
        unsigned count = 1;
        while (i < a->len && count < FILE_MERGE_MAX) {
            FileRw *r = a->pdata[i];
            if (r->write != lead->write || r->offset != end ||
                total + r->bytes > FILE_MERGE_BYTES) {
                break;
            }
            tail->next = r;
            tail = r;
            end += r->bytes;
            total += r->bytes;
            count++;
            i++;
        }
        tail->next = NULL;
        *last_lead = lead;
        last_lead = &lead->next_lead;
        nruns++;
    }
    *last_lead = NULL;
    if (!s->laio) {
        file_submit_jobs(s, leads, nruns);
        return;
    }
    for (FileRw *r = leads; r; r = r->next_lead) {
        r->lead = true;
    }
    /* Entering a leader may queue new requests; they wait for the next run. */
    for (FileRw *r = leads, *next; r; r = next) {
        next = r->next_lead;
        co_enter(r->co);
    }
}

/* Linux AIO, the leader's part: transfer its run and complete the others. */
static int file_rw_run(FileState *s, FileRw *lead)
{
    struct iovec iov[FILE_MERGE_MAX];
    int n = 0;
    for (FileRw *r = lead; r; r = r->next) {
        iov[n++] = (struct iovec){ .iov_base = r->buf, .iov_len = r->bytes };
    }
    int ret = laio_co_rwv(s->laio, s->fd, lead->write, lead->offset, iov, n);
    for (FileRw *r = lead->next, *next; r; r = next) {
        next = r->next;         /* r lives on its coroutine's stack */
        r->ret = ret;
        r->done = true;
        co_enter(r->co);
    }
    return ret;
}

static int file_co_rw(BlockDriverState *bs, bool write, uint64_t offset, uint64_t bytes,
                      void *buf)
{
    FileState *s = bs->opaque;
    if (s->uring) {
        return uring_co_rw(s->uring, s->fd, write, offset, buf, bytes);
    }
    FileRw r = { .write = write, .offset = offset, .bytes = bytes, .buf = buf,
                 .co = co_self(), .next = s->pending };
    s->pending = &r;
    s->npending++;
    loop_bh_schedule(s->merge_bh);
    while (!r.done && !r.lead) {
        co_yield();
    }
    return r.lead ? file_rw_run(s, &r) : r.ret;
}

static bool file_aligned(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                         const void *buf)
{
    uint64_t a = bs->request_alignment;
    return !((offset | bytes | (uintptr_t)buf) & (a - 1));
}

static int file_co_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf)
{
    if (file_aligned(bs, offset, bytes, buf)) {
        return file_co_rw(bs, false, offset, bytes, buf);
    }
    uint64_t a = bs->request_alignment;
    uint64_t start = align_down64(offset, a), end = align_up64(offset + bytes, a);
    uint8_t *bounce = block_buf_alloc(end - start);
    int ret = file_co_rw(bs, false, start, end - start, bounce);
    if (ret >= 0) {
        memcpy(buf, bounce + (offset - start), bytes);
    }
    block_buf_free(bounce);
    return ret;
}

static int file_co_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                          const void *buf)
{
    FileState *s = bs->opaque;
    if (file_aligned(bs, offset, bytes, buf)) {
        return file_co_rw(bs, true, offset, bytes, (void *)buf);
    }
    uint64_t a = bs->request_alignment;
    uint64_t start = align_down64(offset, a), end = align_up64(offset + bytes, a);
    uint8_t *bounce = block_buf_alloc(end - start);
    int ret = 0;
    bool rmw = start != offset || end != offset + bytes;
    if (rmw) {
        /* Read-modify-write of the partial blocks; one at a time. */
        co_mutex_lock(&s->rmw_lock);
        ret = file_co_rw(bs, false, start, end - start, bounce);
    }
    if (ret >= 0) {
        memcpy(bounce + (offset - start), buf, bytes);
        ret = file_co_rw(bs, true, start, end - start, bounce);
    }
    if (rmw) {
        co_mutex_unlock(&s->rmw_lock);
    }
    block_buf_free(bounce);
    return ret;
}

static int file_co_flush(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    if (s->unsafe) {
        return 0;
    }
    return file_co_submit(bs, FILE_FLUSH, 0, 0);
}

static int file_co_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    return file_co_submit(bs, FILE_DISCARD, offset, bytes);
}

static int file_co_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                                 int flags)
{
    return file_co_submit(bs, FILE_ZERO, offset, bytes);
}

static uint64_t file_length(FileState *s)
{
    if (s->is_bdev) {
        uint64_t size = 0;
        return ioctl(s->fd, BLKGETSIZE64, &size) < 0 ? 0 : size;
    }
    struct stat st;
    return fstat(s->fd, &st) < 0 ? 0 : (uint64_t)st.st_size;
}

static int file_co_truncate(BlockDriverState *bs, uint64_t size, bool shrink, char **errp)
{
    FileState *s = bs->opaque;
    if (s->is_bdev) {
        if (size > file_length(s)) {
            block_error(errp, "Cannot grow a block device");
            return -ENOTSUP;
        }
        return 0;
    }
    if (ftruncate(s->fd, size) < 0) {
        int err = errno;
        block_error(errp, "Could not resize file: %s", g_strerror(err));
        return -err;
    }
    bs->total_size = size;
    return 0;
}

static int file_co_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                                uint64_t *pnum, uint64_t *map, BlockDriverState **file)
{
    FileState *s = bs->opaque;
    const int flags = BDRV_BLOCK_OFFSET_VALID | BDRV_BLOCK_ALLOCATED;
    *map = offset;
    *file = bs;
    *pnum = bytes;
    if (s->is_bdev) {
        return flags | BDRV_BLOCK_DATA;
    }
    off_t data = lseek(s->fd, offset, SEEK_DATA);
    if (data < 0) {
        /* ENXIO: only a hole until the end of the file. */
        return errno == ENXIO ? flags | BDRV_BLOCK_ZERO : flags | BDRV_BLOCK_DATA;
    }
    if ((uint64_t)data > offset) {
        *pnum = MIN(bytes, (uint64_t)data - offset);
        return flags | BDRV_BLOCK_ZERO;
    }
    off_t hole = lseek(s->fd, offset, SEEK_HOLE);
    if (hole > (off_t)offset) {
        *pnum = MIN(bytes, (uint64_t)hole - offset);
    }
    return flags | BDRV_BLOCK_DATA;
}

static uint64_t file_get_allocated_size(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    struct stat st;
    if (fstat(s->fd, &st) < 0) {
        return 0;
    }
    return s->is_bdev ? file_length(s) : (uint64_t)st.st_blocks * 512;
}

/* O_DIRECT needs aligned requests; find the smallest size the file accepts. */
static uint32_t file_probe_alignment(FileState *s)
{
    if (s->is_bdev) {
        int sz = 0;
        if (ioctl(s->fd, BLKSSZGET, &sz) == 0 && sz >= 512 && sz <= 65536) {
            return sz;
        }
    }
    void *buf = block_buf_alloc(4096);
    uint32_t align = 4096;
    for (uint32_t a = 512; a < 4096; a <<= 1) {
        if (pread(s->fd, buf, a, 0) >= 0) {
            align = a;
            break;
        }
    }
    block_buf_free(buf);
    return align;
}

static int file_open(BlockDriverState *bs, char **errp)
{
    FileState *s = bs->opaque;
    const BlockOpenOptions *o = &bs->opts;
    s->direct = o->cache == BLOCK_CACHE_NONE || o->cache == BLOCK_CACHE_DIRECTSYNC;
    s->unsafe = o->cache == BLOCK_CACHE_UNSAFE;
    co_mutex_init(&s->rmw_lock);
    int flags = (bs->read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC | (s->direct ? O_DIRECT : 0);
    s->fd = open(bs->filename, flags);
    if (s->fd < 0) {
        int err = errno;
        block_error(errp, "Could not open '%s': %s", bs->filename, g_strerror(err));
        return -err;
    }
    struct stat st;
    if (fstat(s->fd, &st) < 0) {
        int err = errno;
        close(s->fd);
        return -err;
    }
    if (S_ISDIR(st.st_mode)) {
        block_error(errp, "'%s' is a directory", bs->filename);
        close(s->fd);
        return -EISDIR;
    }
    s->is_bdev = S_ISBLK(st.st_mode);
    bs->total_size = file_length(s);
    bs->request_alignment = s->direct ? file_probe_alignment(s) : 1;
    if (o->aio == BLOCK_AIO_NATIVE) {
        if (!s->direct) {
            block_error(errp, "aio=native was specified, but it requires cache.direct=on, "
                        "which was not specified.");
            close(s->fd);
            return -EINVAL;
        }
        s->laio = laio_new(bs->ctx, errp);
    } else if (o->aio == BLOCK_AIO_IO_URING) {
        s->uring = uring_new(bs->ctx, errp);
    }
    if (o->aio != BLOCK_AIO_THREADS && !s->laio && !s->uring) {
        close(s->fd);
        return -ENOTSUP;
    }
    s->merge_bh = loop_bh_new(bs->ctx->ml, file_merge_bh, s);
    s->sorted = g_ptr_array_new();
    s->pool = bs->ctx->pool;
    return 0;
}

static void file_close(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    laio_free(s->laio);
    uring_free(s->uring);
    loop_bh_free(s->merge_bh);
    g_ptr_array_free(s->sorted, true);
    close(s->fd);
}

static int file_create(BlockContext *ctx, const char *filename, const BlockCreateOptions *o,
                       char **errp)
{
    int fd = open(filename, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        int err = errno;
        block_error(errp, "Could not create '%s': %s", filename, g_strerror(err));
        return -err;
    }
    struct stat st;
    int ret = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && ftruncate(fd, 0) < 0) {
        ret = -errno;
    }
    if (ret == 0 && ftruncate(fd, o->size) < 0) {
        ret = -errno;
    }
    if (ret == 0 && o->prealloc == BLOCK_PREALLOC_FALLOC && o->size) {
        ret = -posix_fallocate(fd, 0, o->size);
    }
    if (ret == 0 && o->prealloc == BLOCK_PREALLOC_FULL) {
        const size_t chunk = 1 << 20;
        char *zero = g_malloc0(chunk);
        for (uint64_t off = 0; off < o->size && ret == 0; off += chunk) {
            size_t n = MIN(chunk, o->size - off);
            if (pwrite(fd, zero, n, off) != (ssize_t)n) {
                ret = -EIO;
            }
        }
        g_free(zero);
    }
    if (ret < 0) {
        block_error(errp, "Could not create '%s': %s", filename, g_strerror(-ret));
    }
    close(fd);
    return ret;
}

const BlockDriver bdrv_file = {
    .name = "file",
    .state_size = sizeof(FileState),
    .is_protocol = true,
    .open = file_open,
    .close = file_close,
    .create = file_create,
    .co_pread = file_co_pread,
    .co_pwrite = file_co_pwrite,
    .co_pwrite_zeroes = file_co_pwrite_zeroes,
    .co_pdiscard = file_co_pdiscard,
    .co_flush = file_co_flush,
    .co_truncate = file_co_truncate,
    .co_block_status = file_co_block_status,
    .get_allocated_size = file_get_allocated_size,
};
