/*
 * qcow2 guest I/O: reads and writes split at mapping boundaries, zeroing,
 * compressed cluster writes, discard, allocation status and the vmstate
 * area past the end of the guest disk.  Metadata work is done under s->lock;
 * data transfers to already-mapped clusters run without it.
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "block/qcow2.h"

/* Apply deferred frees once they pile up, so long runs do not leak. */
#define QCOW2_PENDING_FREES_MAX 4096

static int qcow2_do_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                          uint8_t *buf)
{
    Qcow2State *s = bs->opaque;
    while (bytes) {
        uint64_t n = bytes, host, e;
        Qcow2ClusterType type;
        Qcow2HostIo io;
        co_mutex_lock(&s->lock);
        int ret = qcow2_get_host_offset(bs, offset, &n, &host, &type, &e);
        if (ret >= 0 && type == QCOW2_CLUSTER_COMPRESSED) {
            ret = qcow2_read_compressed(bs, e, qcow2_offset_into_cluster(s, offset), n, buf);
        }
        if (ret >= 0 && type == QCOW2_CLUSTER_NORMAL) {
            qcow2_host_io_begin(s, &io, host, n);
        }
        co_mutex_unlock(&s->lock);
        if (ret < 0) {
            return ret;
        }
        switch (type) {
        case QCOW2_CLUSTER_UNALLOCATED:
            if (bs->backing) {
                ret = bdrv_co_pread_clipped(bs->backing, offset, n, buf);
            } else {
                memset(buf, 0, n);
            }
            break;
        case QCOW2_CLUSTER_NORMAL:
            ret = bdrv_co_pread(bs->file, host, n, buf);
            qcow2_host_io_end(s, &io);
            break;
        case QCOW2_CLUSTER_COMPRESSED:
            break;
        default:
            memset(buf, 0, n);
            break;
        }
        if (ret < 0) {
            return ret;
        }
        offset += n;
        bytes -= n;
        buf += n;
    }
    return 0;
}

int qcow2_co_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf)
{
    return qcow2_do_pread(bs, offset, bytes, buf);
}

static int qcow2_writable(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    if (s->corrupt) {
        return -EIO;
    }
    if (s->lazy_refcounts && !s->dirty_marked) {
        /* Lazy refcounts: the dirty bit says they may be stale on disk. */
        s->incompatible |= QCOW2_INCOMPAT_DIRTY;
        uint8_t buf[8];
        qcow2_st64(buf, s->incompatible);
        int ret = qcow2_write_header_field(bs, QCOW2_HDR_INCOMPAT, buf, 8);
        if (ret >= 0) {
            ret = qcow2_flush_file(bs);
        }
        if (ret < 0) {
            return ret;
        }
        s->dirty_marked = true;
    }
    return 0;
}

static int qcow2_do_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                           const uint8_t *buf)
{
    Qcow2State *s = bs->opaque;
    while (bytes) {
        uint64_t n = bytes, host, e;
        Qcow2ClusterType type;
        co_mutex_lock(&s->lock);
        int ret = qcow2_writable(bs);
        if (ret >= 0) {
            ret = qcow2_get_host_offset(bs, offset, &n, &host, &type, &e);
        }
        if (ret >= 0 && type == QCOW2_CLUSTER_NORMAL && (e & QCOW2_OFLAG_COPIED)) {
            if (qcow2_overlaps_metadata(bs, host, n)) {
                qcow2_report_corruption(bs, "data write to 0x%llx would overwrite metadata",
                                        (unsigned long long)host);
                ret = -EIO;
            }
            if (ret >= 0) {
                Qcow2HostIo io;
                qcow2_host_io_begin(s, &io, host, n);
                co_mutex_unlock(&s->lock);
                ret = bdrv_co_pwrite(bs->file, host, n, buf);
                qcow2_host_io_end(s, &io);
            } else {
                co_mutex_unlock(&s->lock);
            }
        } else {
            if (ret >= 0) {
                ret = qcow2_alloc_write(bs, offset, bytes, buf, &n);
            }
            if (ret >= 0 && s->pending_frees->len > QCOW2_PENDING_FREES_MAX) {
                ret = qcow2_flush_metadata(bs);
            }
            co_mutex_unlock(&s->lock);
        }
        if (ret < 0) {
            return ret;
        }
        offset += n;
        bytes -= n;
        buf += n;
    }
    return 0;
}

int qcow2_co_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes, const void *buf)
{
    return qcow2_do_pwrite(bs, offset, bytes, buf);
}

int qcow2_co_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes, int flags)
{
    Qcow2State *s = bs->opaque;
    if (s->version < 3) {
        return -ENOTSUP;
    }
    uint64_t cs = s->cluster_size;
    uint64_t end = offset + bytes;
    uint64_t astart = align_up64(offset, cs);
    uint64_t aend = end >= bs->total_size ? align_up64(end, cs) : align_down64(end, cs);
    int ret = 0;
    if (astart >= aend) {
        astart = aend = end;    /* no full cluster: write zeroes below */
    }
    uint64_t head = MIN(astart, end) - offset;
    uint64_t tail = end > aend ? end - aend : 0;
    if (head || tail) {
        uint64_t len = MAX(head, tail);
        void *zero = block_buf_alloc(len);
        memset(zero, 0, len);
        if (head) {
            ret = qcow2_do_pwrite(bs, offset, head, zero);
        }
        if (ret >= 0 && tail) {
            ret = qcow2_do_pwrite(bs, aend, tail, zero);
        }
        block_buf_free(zero);
    }
    if (ret >= 0 && astart < aend) {
        co_mutex_lock(&s->lock);
        ret = qcow2_writable(bs);
        if (ret >= 0) {
            ret = qcow2_unmap_clusters(bs, astart, MIN(aend, end) - astart, true, false);
        }
        co_mutex_unlock(&s->lock);
    }
    return ret;
}

int qcow2_co_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes)
{
    Qcow2State *s = bs->opaque;
    co_mutex_lock(&s->lock);
    int ret = qcow2_writable(bs);
    if (ret >= 0) {
        ret = qcow2_unmap_clusters(bs, offset, bytes, false, false);
    }
    co_mutex_unlock(&s->lock);
    return ret;
}

int qcow2_co_make_empty(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    co_mutex_lock(&s->lock);
    int ret = qcow2_writable(bs);
    if (ret >= 0) {
        ret = qcow2_unmap_clusters(bs, 0, bs->total_size, false, true);
    }
    if (ret >= 0) {
        ret = qcow2_flush_metadata(bs);
    }
    co_mutex_unlock(&s->lock);
    return ret;
}

/* Compress one cluster; write it plainly when it does not shrink. */
int qcow2_co_pwrite_compressed(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                               const void *buf)
{
    Qcow2State *s = bs->opaque;
    uint64_t cs = s->cluster_size;
    if (qcow2_offset_into_cluster(s, offset) ||
        (bytes != cs && offset + bytes != bs->total_size) || bytes > cs) {
        return -EINVAL;
    }
    uint8_t *in = block_buf_alloc(cs);
    memcpy(in, buf, bytes);
    memset(in + bytes, 0, cs - bytes);
    uint8_t *out = g_malloc(cs);
    z_stream z = { 0 };
    int ret = deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -12, 9, Z_DEFAULT_STRATEGY);
    if (ret != Z_OK) {
        block_buf_free(in);
        g_free(out);
        return -ENOMEM;
    }
    z.next_in = in;
    z.avail_in = cs;
    z.next_out = out;
    z.avail_out = cs - 1;
    ret = deflate(&z, Z_FINISH);
    uint64_t clen = cs - 1 - z.avail_out;
    deflateEnd(&z);
    if (ret != Z_STREAM_END) {
        g_free(out);
        ret = qcow2_do_pwrite(bs, offset, bytes, in);
        block_buf_free(in);
        return ret;
    }
    block_buf_free(in);

    co_mutex_lock(&s->lock);
    ret = qcow2_writable(bs);
    int64_t coff = ret < 0 ? ret : qcow2_alloc_bytes(bs, clen);
    if (coff < 0) {
        co_mutex_unlock(&s->lock);
        g_free(out);
        return coff;
    }
    ret = bdrv_co_pwrite(bs->file, coff, clen, out);
    g_free(out);
    uint64_t *l2 = NULL;
    if (ret >= 0) {
        ret = qcow2_get_l2_for_write(bs, offset, (void **)&l2);
    }
    if (ret >= 0) {
        uint64_t idx = (offset >> s->cluster_bits) & (s->l2_size - 1);
        uint64_t nb = ((coff + clen - 1) >> 9) - (coff >> 9);
        uint64_t old = qcow2_be64(&l2[idx]);
        qcow2_st64(&l2[idx], QCOW2_OFLAG_COMPRESSED | ((uint64_t)coff) |
                   (nb << s->csize_shift));
        qcow2_free_l2_entry_later(bs, old);
        qcow2_cache_mark_dirty(s->l2_cache, l2);
        qcow2_cache_put(s->l2_cache, (void **)&l2);
    } else {
        qcow2_update_refcount(bs, coff, clen, -1);
    }
    co_mutex_unlock(&s->lock);
    return ret;
}

/*
 * Was the image preallocated (preallocation=metadata or more)?  Then its
 * mapped clusters may be holes in the file, which block status should look
 * at.  Told by clusters that have a refcount clearly outnumbering those the
 * file really stores, as qemu-img tells it.  Called with s->lock held.
 */
static bool qcow2_detect_prealloc(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    if (s->metadata_prealloc >= 0) {
        return s->metadata_prealloc;
    }
    uint64_t real = bs->file->drv->get_allocated_size
                    ? bs->file->drv->get_allocated_size(bs->file) >> s->cluster_bits : 0;
    uint64_t threshold = MAX(real * 10 / 9, real + 2);
    uint64_t n = qcow2_size_to_clusters(s, bs->file->total_size), used = 0;
    s->metadata_prealloc = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t rc;
        if (qcow2_get_refcount(bs, i, &rc) < 0) {
            break;
        }
        if (rc && ++used > threshold) {
            s->metadata_prealloc = 1;
            break;
        }
    }
    return s->metadata_prealloc;
}

int qcow2_co_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                          uint64_t *pnum, uint64_t *map, BlockDriverState **file)
{
    Qcow2State *s = bs->opaque;
    uint64_t n = bytes, host, e;
    Qcow2ClusterType type;
    co_mutex_lock(&s->lock);
    int ret = qcow2_get_host_offset(bs, offset, &n, &host, &type, &e);
    int recurse = ret >= 0 && type == QCOW2_CLUSTER_NORMAL && qcow2_detect_prealloc(bs)
                  ? BDRV_BLOCK_RECURSE : 0;
    co_mutex_unlock(&s->lock);
    if (ret < 0) {
        return ret;
    }
    *pnum = n;
    switch (type) {
    case QCOW2_CLUSTER_UNALLOCATED:
        return bs->backing ? 0 : BDRV_BLOCK_ZERO;
    case QCOW2_CLUSTER_ZERO_PLAIN:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        return BDRV_BLOCK_ZERO | BDRV_BLOCK_ALLOCATED;
    case QCOW2_CLUSTER_COMPRESSED:
        return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED | BDRV_BLOCK_COMPRESSED;
    case QCOW2_CLUSTER_NORMAL:
        *map = host;
        *file = bs->file;
        return BDRV_BLOCK_DATA | BDRV_BLOCK_ALLOCATED | BDRV_BLOCK_OFFSET_VALID | recurse;
    }
    return -EIO;
}

int qcow2_co_save_vmstate(BlockDriverState *bs, const void *buf, uint64_t pos, uint64_t size)
{
    Qcow2State *s = bs->opaque;
    uint64_t off = qcow2_vm_state_offset(s) + pos;
    if (off < pos || off + size < off) {
        return -EINVAL;
    }
    return qcow2_do_pwrite(bs, off, size, buf);
}

int qcow2_co_load_vmstate(BlockDriverState *bs, void *buf, uint64_t pos, uint64_t size)
{
    Qcow2State *s = bs->opaque;
    uint64_t off = qcow2_vm_state_offset(s) + pos;
    if (off < pos || off + size < off) {
        return -EINVAL;
    }
    return qcow2_do_pread(bs, off, size, buf);
}
