/*
 * qcow2 cluster mapping: guest offset -> L1 -> L2 -> host cluster, growing
 * the L1 table, creating and copying L2 tables, allocating clusters for a
 * write with copy-on-write of the untouched part, compressed clusters, and
 * unmapping (discard, zero clusters).  Callers hold s->lock.
 */
#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "block/qcow2.h"

Qcow2ClusterType qcow2_entry_type(const Qcow2State *s, uint64_t l2e)
{
    if (l2e & QCOW2_OFLAG_COMPRESSED) {
        return QCOW2_CLUSTER_COMPRESSED;
    }
    if ((l2e & QCOW2_OFLAG_ZERO) && s->version >= 3) {
        return (l2e & QCOW2_L2E_OFFSET_MASK) ? QCOW2_CLUSTER_ZERO_ALLOC
                                             : QCOW2_CLUSTER_ZERO_PLAIN;
    }
    return (l2e & QCOW2_L2E_OFFSET_MASK) ? QCOW2_CLUSTER_NORMAL : QCOW2_CLUSTER_UNALLOCATED;
}

void qcow2_compressed_range(const Qcow2State *s, uint64_t l2e, uint64_t *start,
                            uint64_t *len)
{
    uint64_t coffset = l2e & s->cluster_offset_mask;
    uint64_t nb_sectors = ((l2e >> s->csize_shift) & s->csize_mask) + 1;
    *start = coffset;
    *len = nb_sectors * 512 - (coffset & 511);
}

static int l2_offset_of(BlockDriverState *bs, uint64_t l1_index, uint64_t *l2_off)
{
    Qcow2State *s = bs->opaque;
    *l2_off = 0;
    if (l1_index >= s->l1_size) {
        return 0;
    }
    *l2_off = s->l1_table[l1_index] & QCOW2_L1E_OFFSET_MASK;
    if (qcow2_offset_into_cluster(s, *l2_off)) {
        qcow2_report_corruption(bs, "L2 table offset 0x%llx unaligned (L1 index 0x%llx)",
                                (unsigned long long)*l2_off, (unsigned long long)l1_index);
        return -EIO;
    }
    return 0;
}

int qcow2_get_host_offset(BlockDriverState *bs, uint64_t offset, uint64_t *bytes,
                          uint64_t *host, Qcow2ClusterType *type, uint64_t *l2e)
{
    Qcow2State *s = bs->opaque;
    uint64_t in_cluster = qcow2_offset_into_cluster(s, offset);
    uint64_t l2_index = (offset >> s->cluster_bits) & (s->l2_size - 1);
    uint64_t l1_index = offset >> (s->cluster_bits + s->l2_bits);
    uint64_t avail = ((uint64_t)(s->l2_size - l2_index) << s->cluster_bits) - in_cluster;
    *bytes = MIN(*bytes, avail);
    *host = 0;
    *l2e = 0;
    *type = QCOW2_CLUSTER_UNALLOCATED;
    uint64_t l2_off;
    int ret = l2_offset_of(bs, l1_index, &l2_off);
    if (ret < 0 || !l2_off) {
        return ret;
    }
    uint64_t *l2;
    ret = qcow2_cache_get(bs, s->l2_cache, l2_off, (void **)&l2);
    if (ret < 0) {
        return ret;
    }
    uint64_t e = qcow2_be64(&l2[l2_index]);
    Qcow2ClusterType t = qcow2_entry_type(s, e);
    uint64_t n = (in_cluster + *bytes + s->cluster_size - 1) >> s->cluster_bits;
    uint64_t count = 1;
    if (t != QCOW2_CLUSTER_COMPRESSED) {
        for (; count < n; count++) {
            uint64_t e2 = qcow2_be64(&l2[l2_index + count]);
            if (qcow2_entry_type(s, e2) != t) {
                break;
            }
            if (t == QCOW2_CLUSTER_NORMAL &&
                ((e2 & QCOW2_L2E_OFFSET_MASK) != (e & QCOW2_L2E_OFFSET_MASK) +
                 (count << s->cluster_bits) || (e2 & QCOW2_OFLAG_COPIED) !=
                 (e & QCOW2_OFLAG_COPIED))) {
                break;
            }
        }
    }
    qcow2_cache_put(s->l2_cache, (void **)&l2);
    *bytes = MIN(*bytes, (count << s->cluster_bits) - in_cluster);
    *type = t;
    *l2e = e;
    if (t == QCOW2_CLUSTER_NORMAL || t == QCOW2_CLUSTER_ZERO_ALLOC) {
        uint64_t c = e & QCOW2_L2E_OFFSET_MASK;
        if (qcow2_offset_into_cluster(s, c)) {
            qcow2_report_corruption(bs, "cluster offset 0x%llx unaligned (guest offset "
                                    "0x%llx)", (unsigned long long)c,
                                    (unsigned long long)offset);
            return -EIO;
        }
        *host = c + in_cluster;
    }
    return 0;
}

static int write_l1_entry(BlockDriverState *bs, uint64_t idx)
{
    Qcow2State *s = bs->opaque;
    uint8_t buf[8];
    qcow2_st64(buf, s->l1_table[idx]);
    return bdrv_co_pwrite(bs->file, s->l1_table_offset + idx * 8, 8, buf);
}

int qcow2_grow_l1_table(BlockDriverState *bs, uint64_t min_size)
{
    Qcow2State *s = bs->opaque;
    if (min_size <= s->l1_size) {
        return 0;
    }
    if (min_size > QCOW2_MAX_L1_BYTES / 8) {
        return -EFBIG;
    }
    uint64_t bytes = align_up64(min_size * 8, s->cluster_size);
    int64_t new_off = qcow2_alloc_clusters(bs, bytes, NULL);
    if (new_off < 0) {
        return new_off;
    }
    uint8_t *table = block_buf_alloc(bytes);
    memset(table, 0, bytes);
    for (uint32_t i = 0; i < s->l1_size; i++) {
        qcow2_st64(table + i * 8, s->l1_table[i]);
    }
    int ret = qcow2_cache_flush(bs, s->refcount_cache);
    if (ret >= 0) {
        ret = bdrv_co_pwrite(bs->file, new_off, bytes, table);
    }
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    block_buf_free(table);
    uint8_t hdr[12];
    qcow2_st32(hdr, (uint32_t)min_size);
    qcow2_st64(hdr + 4, new_off);
    if (ret >= 0) {
        ret = qcow2_write_header_field(bs, QCOW2_HDR_L1, hdr, sizeof(hdr));
    }
    if (ret < 0) {
        qcow2_free_clusters(bs, new_off, bytes);
        return ret;
    }
    uint64_t old_off = s->l1_table_offset;
    uint64_t old_bytes = align_up64((uint64_t)s->l1_size * 8, s->cluster_size);
    s->l1_table = g_renew(uint64_t, s->l1_table, min_size);
    memset(s->l1_table + s->l1_size, 0, (min_size - s->l1_size) * 8);
    s->l1_size = min_size;
    s->l1_table_offset = new_off;
    if (old_off && old_bytes) {
        ret = qcow2_flush_file(bs);
        if (ret >= 0) {
            ret = qcow2_free_clusters(bs, old_off, old_bytes);
        }
    }
    return ret;
}

int qcow2_shrink_l1_table(BlockDriverState *bs, uint64_t new_size)
{
    Qcow2State *s = bs->opaque;
    if (new_size >= s->l1_size) {
        return 0;
    }
    /* As qemu-img does, the table keeps its size: the entries are zeroed
     * on disk first, then the L2 tables are freed. */
    uint64_t bytes = (s->l1_size - new_size) * 8;
    uint8_t *zero = g_malloc0(bytes);
    int ret = bdrv_co_pwrite(bs->file, s->l1_table_offset + new_size * 8, bytes, zero);
    g_free(zero);
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    if (ret < 0) {
        return ret;
    }
    for (uint64_t i = new_size; i < s->l1_size; i++) {
        uint64_t l2_off = s->l1_table[i] & QCOW2_L1E_OFFSET_MASK;
        s->l1_table[i] = 0;
        if (l2_off) {
            qcow2_free_clusters_later(bs, l2_off, s->cluster_size);
        }
    }
    return qcow2_flush_metadata(bs);
}

int qcow2_get_l2_for_write(BlockDriverState *bs, uint64_t offset, void **table)
{
    Qcow2State *s = bs->opaque;
    uint64_t l1_index = offset >> (s->cluster_bits + s->l2_bits);
    int ret = qcow2_grow_l1_table(bs, l1_index + 1);
    if (ret < 0) {
        return ret;
    }
    uint64_t old_off;
    ret = l2_offset_of(bs, l1_index, &old_off);
    if (ret < 0) {
        return ret;
    }
    if (old_off && (s->l1_table[l1_index] & QCOW2_OFLAG_COPIED)) {
        return qcow2_cache_get(bs, s->l2_cache, old_off, table);
    }
    /* No table yet, or one shared with a snapshot: make our own. */
    int64_t new_off = qcow2_alloc_clusters(bs, s->cluster_size, NULL);
    if (new_off < 0) {
        return new_off;
    }
    void *l2;
    ret = qcow2_cache_get_empty(bs, s->l2_cache, new_off, &l2);
    if (ret < 0) {
        return ret;
    }
    if (old_off) {
        void *old;
        ret = qcow2_cache_get(bs, s->l2_cache, old_off, &old);
        if (ret < 0) {
            qcow2_cache_put(s->l2_cache, &l2);
            qcow2_cache_discard(s->l2_cache, new_off);
            return ret;
        }
        memcpy(l2, old, s->cluster_size);
        qcow2_cache_put(s->l2_cache, &old);
    } else {
        memset(l2, 0, s->cluster_size);
    }
    qcow2_cache_mark_dirty(s->l2_cache, l2);
    /* Table (after its refcount) on disk before the L1 entry points to it. */
    ret = qcow2_cache_write_table(bs, s->l2_cache, l2);
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    if (ret < 0) {
        qcow2_cache_put(s->l2_cache, &l2);
        return ret;
    }
    s->l1_table[l1_index] = new_off | QCOW2_OFLAG_COPIED;
    ret = write_l1_entry(bs, l1_index);
    if (ret < 0) {
        qcow2_cache_put(s->l2_cache, &l2);
        return ret;
    }
    if (old_off) {
        ret = qcow2_free_clusters(bs, old_off, s->cluster_size);
    }
    *table = l2;
    return ret;
}

int qcow2_read_compressed(BlockDriverState *bs, uint64_t l2e, uint64_t in_cluster,
                          uint64_t bytes, uint8_t *buf)
{
    Qcow2State *s = bs->opaque;
    uint64_t start, len;
    qcow2_compressed_range(s, l2e, &start, &len);
    if (s->dbuf_offset != start || !start) {
        s->dbuf_offset = 0;
        int ret = bdrv_co_pread(bs->file, start, len, s->zbuf);
        if (ret < 0) {
            return ret;
        }
        z_stream z = { 0 };
        if (inflateInit2(&z, -12) != Z_OK) {
            return -ENOMEM;
        }
        z.next_in = s->zbuf;
        z.avail_in = len;
        z.next_out = s->dbuf;
        z.avail_out = s->cluster_size;
        ret = inflate(&z, Z_FINISH);
        inflateEnd(&z);
        if ((ret != Z_STREAM_END && ret != Z_BUF_ERROR) || z.avail_out != 0) {
            qcow2_report_corruption(bs, "compressed cluster at 0x%llx does not decompress",
                                    (unsigned long long)start);
            return -EIO;
        }
        s->dbuf_offset = start;
    }
    memcpy(buf, s->dbuf + in_cluster, bytes);
    return 0;
}

/* Content of a guest range as the old L2 entry @e defines it. */
static int read_old(BlockDriverState *bs, uint64_t e, uint64_t guest_off, uint64_t len,
                    uint8_t *dst)
{
    Qcow2State *s = bs->opaque;
    uint64_t in_cluster = qcow2_offset_into_cluster(s, guest_off);
    if (!len) {
        return 0;
    }
    switch (qcow2_entry_type(s, e)) {
    case QCOW2_CLUSTER_UNALLOCATED:
        if (bs->backing) {
            return bdrv_co_pread_clipped(bs->backing, guest_off, len, dst);
        }
        memset(dst, 0, len);
        return 0;
    case QCOW2_CLUSTER_NORMAL:
        return bdrv_co_pread(bs->file, (e & QCOW2_L2E_OFFSET_MASK) + in_cluster, len, dst);
    case QCOW2_CLUSTER_COMPRESSED:
        return qcow2_read_compressed(bs, e, in_cluster, len, dst);
    default:
        memset(dst, 0, len);
        return 0;
    }
}

static bool needs_alloc(const Qcow2State *s, uint64_t e)
{
    return qcow2_entry_type(s, e) != QCOW2_CLUSTER_NORMAL || !(e & QCOW2_OFLAG_COPIED);
}

/* Wait while an in-flight allocation covers [start, end); true if we did. */
static bool wait_inflight(Qcow2State *s, uint64_t start, uint64_t end)
{
    for (Qcow2InflightAlloc *a = s->inflight; a; a = a->next) {
        if (a->start < end && start < a->end) {
            co_queue_wait(&a->waiters, &s->lock);
            return true;
        }
    }
    return false;
}

int qcow2_alloc_write(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                      const uint8_t *buf, uint64_t *done)
{
    Qcow2State *s = bs->opaque;
    uint64_t cs = s->cluster_size;
    uint64_t in_cluster = qcow2_offset_into_cluster(s, offset);
    uint64_t cstart = offset - in_cluster;
    uint64_t l2_index = (offset >> s->cluster_bits) & (s->l2_size - 1);
    uint64_t n_max = MIN(s->l2_size - l2_index, (in_cluster + bytes + cs - 1) / cs);
    n_max = MIN(n_max, MAX(1, (2u << 20) / cs));
    *done = 0;

    if (wait_inflight(s, cstart, cstart + cs)) {
        return 0;       /* the mapping changed: the caller looks again */
    }
    uint64_t *l2;
    int ret = qcow2_get_l2_for_write(bs, offset, (void **)&l2);
    if (ret < 0) {
        return ret;
    }
    uint64_t *olds = g_new(uint64_t, n_max);
    uint64_t n = 0;
    while (n < n_max && needs_alloc(s, qcow2_be64(&l2[l2_index + n]))) {
        uint64_t c = cstart + (n << s->cluster_bits);
        bool busy = false;
        for (Qcow2InflightAlloc *a = s->inflight; a && !busy; a = a->next) {
            busy = a->start < c + cs && c < a->end;
        }
        if (busy) {
            break;
        }
        olds[n] = qcow2_be64(&l2[l2_index + n]);
        n++;
    }
    qcow2_cache_put(s->l2_cache, (void **)&l2);
    if (n == 0) {
        g_free(olds);
        return 0;       /* allocated meanwhile: the caller writes in place */
    }
    uint64_t data_len = MIN(bytes, n * cs - in_cluster);
    uint64_t tail = n * cs - in_cluster - data_len;
    bool fresh;
    int64_t host = qcow2_alloc_clusters(bs, n * cs, &fresh);
    if (host < 0) {
        g_free(olds);
        return host;
    }
    if (qcow2_overlaps_metadata(bs, host, n * cs)) {
        qcow2_report_corruption(bs, "newly allocated cluster 0x%llx overlaps metadata",
                                (unsigned long long)host);
        g_free(olds);
        return -EIO;
    }
    /* Copy-on-write and the data transfer run without the lock; requests
     * touching these guest clusters wait for us. */
    Qcow2InflightAlloc inflight = { .start = cstart, .end = cstart + n * cs,
                                    .next = s->inflight };
    co_queue_init(&inflight.waiters);
    s->inflight = &inflight;
    co_mutex_unlock(&s->lock);
    if (in_cluster || tail) {
        uint8_t *bounce = block_buf_alloc(n * cs);
        co_mutex_lock(&s->lock);
        ret = read_old(bs, olds[0], cstart, in_cluster, bounce);
        if (ret >= 0) {
            ret = read_old(bs, olds[n - 1], offset + data_len, tail,
                           bounce + in_cluster + data_len);
        }
        co_mutex_unlock(&s->lock);
        if (ret >= 0 && fresh && buffer_is_zero(bounce, in_cluster) &&
            buffer_is_zero(bounce + in_cluster + data_len, tail)) {
            /* Past the end of the file: the rest of the clusters reads as zero. */
            ret = bdrv_co_pwrite(bs->file, host + in_cluster, data_len, buf);
        } else if (ret >= 0) {
            memcpy(bounce + in_cluster, buf, data_len);
            ret = bdrv_co_pwrite(bs->file, host, n * cs, bounce);
        }
        block_buf_free(bounce);
    } else {
        ret = bdrv_co_pwrite(bs->file, host, data_len, buf);
    }
    co_mutex_lock(&s->lock);
    Qcow2InflightAlloc **pp = &s->inflight;
    while (*pp != &inflight) {
        pp = &(*pp)->next;
    }
    *pp = inflight.next;
    if (ret >= 0) {
        ret = qcow2_get_l2_for_write(bs, offset, (void **)&l2);
    }
    if (ret < 0) {
        /* Nothing points to the clusters yet: give them back. */
        qcow2_free_clusters(bs, host, n * cs);
        g_free(olds);
        co_queue_restart_all(&inflight.waiters);
        return ret;
    }
    for (uint64_t i = 0; i < n; i++) {
        /* Free what is there now: a discard may have run meanwhile. */
        qcow2_free_l2_entry_later(bs, qcow2_be64(&l2[l2_index + i]));
        qcow2_st64(&l2[l2_index + i], (host + (i << s->cluster_bits)) | QCOW2_OFLAG_COPIED);
    }
    qcow2_cache_mark_dirty(s->l2_cache, l2);
    qcow2_cache_put(s->l2_cache, (void **)&l2);
    g_free(olds);
    *done = data_len;
    /* Waiters run once we drop the lock (they queue on it). */
    co_queue_restart_all(&inflight.waiters);
    return 0;
}

int qcow2_unmap_clusters(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                         bool to_zero, bool full)
{
    Qcow2State *s = bs->opaque;
    uint64_t cs = s->cluster_size;
    uint64_t start = align_up64(offset, cs);
    uint64_t end = offset + bytes;
    end = end >= bs->total_size ? align_up64(end, cs) : align_down64(end, cs);
    bool zero_flag = to_zero || (!full && bs->backing && s->version >= 3);
    uint64_t new_entry = zero_flag ? QCOW2_OFLAG_ZERO : 0;
    while (start < end) {
        uint64_t l2_index = (start >> s->cluster_bits) & (s->l2_size - 1);
        uint64_t l1_index = start >> (s->cluster_bits + s->l2_bits);
        uint64_t n = MIN(s->l2_size - l2_index, (end - start) >> s->cluster_bits);
        uint64_t l2_off;
        int ret = l2_offset_of(bs, l1_index, &l2_off);
        if (ret < 0) {
            return ret;
        }
        if (!l2_off && !zero_flag) {
            start += n << s->cluster_bits;
            continue;
        }
        uint64_t *l2;
        ret = qcow2_get_l2_for_write(bs, start, (void **)&l2);
        if (ret < 0) {
            return ret;
        }
        for (uint64_t i = 0; i < n; i++) {
            uint64_t e = qcow2_be64(&l2[l2_index + i]);
            if (e == new_entry) {
                continue;
            }
            qcow2_st64(&l2[l2_index + i], new_entry);
            qcow2_free_l2_entry_later(bs, e);
            if (bs->opts.unmap && qcow2_entry_type(s, e) == QCOW2_CLUSTER_NORMAL &&
                (e & QCOW2_OFLAG_COPIED)) {
                bdrv_co_pdiscard(bs->file, e & QCOW2_L2E_OFFSET_MASK, cs);
            }
        }
        qcow2_cache_mark_dirty(s->l2_cache, l2);
        qcow2_cache_put(s->l2_cache, (void **)&l2);
        start += n << s->cluster_bits;
    }
    return 0;
}
