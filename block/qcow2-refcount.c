/*
 * qcow2 reference counts: the refcount table and blocks, cluster and byte
 * allocation, growing the table, deferred frees and the walk that adjusts
 * everything an L1 table references (snapshots).
 *
 * Ordering rules, so that a crash leaves at worst leaked clusters: a refcount
 * increase reaches the disk before any table that points to the cluster (the
 * L2 cache depends on the refcount cache); a decrease is applied only after
 * the tables that dropped the reference are on disk (pending frees).
 */
#include <errno.h>
#include <string.h>

#include "block/qcow2.h"

uint64_t qcow2_refcount_get_entry(const Qcow2State *s, const void *block, uint64_t idx)
{
    const uint8_t *b = block;
    switch (s->refcount_order) {
    case 3:
        return b[idx];
    case 4:
        return qcow2_be16(b + idx * 2);
    case 5:
        return qcow2_be32(b + idx * 4);
    case 6:
        return qcow2_be64(b + idx * 8);
    default: {
        int bits = 1 << s->refcount_order;
        uint64_t bit = idx * bits;
        return (b[bit / 8] >> (bit % 8)) & ((1u << bits) - 1);
    }
    }
}

void qcow2_refcount_set_entry(const Qcow2State *s, void *block, uint64_t idx, uint64_t v)
{
    uint8_t *b = block;
    switch (s->refcount_order) {
    case 3:
        b[idx] = v;
        break;
    case 4:
        qcow2_st16(b + idx * 2, v);
        break;
    case 5:
        qcow2_st32(b + idx * 4, v);
        break;
    case 6:
        qcow2_st64(b + idx * 8, v);
        break;
    default: {
        int bits = 1 << s->refcount_order;
        uint64_t bit = idx * bits;
        uint8_t mask = ((1u << bits) - 1) << (bit % 8);
        b[bit / 8] = (b[bit / 8] & ~mask) | ((v << (bit % 8)) & mask);
        break;
    }
    }
}

/* Host offset of the refcount block for table index @idx, 0 if none. */
static int refblock_offset(BlockDriverState *bs, uint64_t idx, uint64_t *off)
{
    Qcow2State *s = bs->opaque;
    *off = 0;
    if (idx >= s->refcount_table_size) {
        return 0;
    }
    *off = s->refcount_table[idx] & QCOW2_REFT_OFFSET_MASK;
    if (qcow2_offset_into_cluster(s, *off)) {
        qcow2_report_corruption(bs, "refcount block offset 0x%llx is not cluster aligned",
                                (unsigned long long)*off);
        return -EIO;
    }
    return 0;
}

int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index, uint64_t *refcount)
{
    Qcow2State *s = bs->opaque;
    uint64_t off;
    int ret = refblock_offset(bs, cluster_index >> s->refcount_block_bits, &off);
    *refcount = 0;
    if (ret < 0 || !off) {
        return ret;
    }
    void *block;
    ret = qcow2_cache_get(bs, s->refcount_cache, off, &block);
    if (ret < 0) {
        return ret;
    }
    *refcount = qcow2_refcount_get_entry(s, block,
                                         cluster_index & ((1ULL << s->refcount_block_bits) - 1));
    qcow2_cache_put(s->refcount_cache, &block);
    return 0;
}

/* First run of @n clusters with refcount 0, from free_cluster_index on. */
void qcow2_host_io_begin(Qcow2State *s, Qcow2HostIo *io, uint64_t offset, uint64_t len)
{
    io->start = offset;
    io->end = offset + len;
    io->next = s->host_io;
    s->host_io = io;
}

void qcow2_host_io_end(Qcow2State *s, Qcow2HostIo *io)
{
    Qcow2HostIo **p = &s->host_io;
    while (*p != io) {
        p = &(*p)->next;
    }
    *p = io->next;
}

/* A freed cluster may still be read (or written in place) by a request that
 * looked its mapping up before the free: it is not reused until that ends. */
static bool host_io_busy(const Qcow2State *s, uint64_t cluster)
{
    uint64_t start = cluster << s->cluster_bits, end = start + s->cluster_size;
    for (const Qcow2HostIo *io = s->host_io; io; io = io->next) {
        if (io->start < end && start < io->end) {
            return true;
        }
    }
    return false;
}

/* First run of @n free clusters from free_cluster_index; *busy (if given)
 * gets the first free cluster skipped because a transfer still uses it. */
static int64_t find_free_clusters(BlockDriverState *bs, uint64_t n, uint64_t *busy)
{
    Qcow2State *s = bs->opaque;
    if (busy) {
        *busy = UINT64_MAX;
    }
    uint64_t per_block = 1ULL << s->refcount_block_bits;
    uint64_t i = s->free_cluster_index, start = i, run = 0;
    for (;;) {
        uint64_t off;
        int ret = refblock_offset(bs, i >> s->refcount_block_bits, &off);
        if (ret < 0) {
            return ret;
        }
        if (!off) {
            /* No refcount block: the rest of its range is free. */
            if (run == 0) {
                start = i;
            }
            uint64_t skip = per_block - (i & (per_block - 1));
            run += skip;
            i += skip;
            if (run >= n) {
                return start;
            }
            continue;
        }
        uint64_t rc;
        ret = qcow2_get_refcount(bs, i, &rc);
        if (ret < 0) {
            return ret;
        }
        bool in_use = rc != 0;
        if (!in_use && host_io_busy(s, i)) {
            in_use = true;
            if (busy && *busy == UINT64_MAX) {
                *busy = i;
            }
        }
        if (!in_use) {
            if (run == 0) {
                start = i;
            }
            if (++run >= n) {
                return start;
            }
        } else {
            run = 0;
        }
        i++;
        if ((i << s->cluster_bits) >> s->cluster_bits != i ||
            (int64_t)(i << s->cluster_bits) < 0) {
            return -EFBIG;
        }
    }
}

static int grow_refcount_table(BlockDriverState *bs, uint64_t min_idx);

static int write_reftable_entry(BlockDriverState *bs, uint64_t idx)
{
    Qcow2State *s = bs->opaque;
    uint8_t buf[8];
    qcow2_st64(buf, s->refcount_table[idx]);
    return bdrv_co_pwrite(bs->file, s->refcount_table_offset + idx * 8, 8, buf);
}

/* Create the refcount block for table index @idx. */
static int alloc_refcount_block(BlockDriverState *bs, uint64_t idx)
{
    Qcow2State *s = bs->opaque;
    if (idx >= s->refcount_table_size) {
        return grow_refcount_table(bs, idx);
    }
    int64_t nc;
    bool self;
    for (;;) {
        nc = find_free_clusters(bs, 1, NULL);
        if (nc < 0) {
            return nc;
        }
        uint64_t nidx = (uint64_t)nc >> s->refcount_block_bits;
        self = nidx == idx;
        if (self) {
            break;
        }
        uint64_t off;
        int ret = refblock_offset(bs, nidx, &off);
        if (ret < 0) {
            return ret;
        }
        if (!off) {
            ret = alloc_refcount_block(bs, nidx);
            if (ret < 0) {
                return ret;
            }
            continue;
        }
        ret = qcow2_update_refcount(bs, (uint64_t)nc << s->cluster_bits, s->cluster_size, 1);
        if (ret < 0) {
            return ret;
        }
        break;
    }
    uint64_t new_off = (uint64_t)nc << s->cluster_bits;
    void *block;
    int ret = qcow2_cache_get_empty(bs, s->refcount_cache, new_off, &block);
    if (ret < 0) {
        return ret;
    }
    memset(block, 0, s->cluster_size);
    if (self) {
        qcow2_refcount_set_entry(s, block, nc & ((1ULL << s->refcount_block_bits) - 1), 1);
    }
    qcow2_cache_mark_dirty(s->refcount_cache, block);
    qcow2_cache_put(s->refcount_cache, &block);
    /* The block and its own refcount go to disk before the table entry. */
    ret = qcow2_cache_flush(bs, s->refcount_cache);
    if (ret < 0) {
        return ret;
    }
    s->refcount_table[idx] = new_off;
    ret = write_reftable_entry(bs, idx);
    if (ret < 0) {
        s->refcount_table[idx] = 0;
        return ret;
    }
    s->refcount_table_used = MAX(s->refcount_table_used, idx + 1);
    if (new_off + s->cluster_size > s->file_size) {
        s->file_size = new_off + s->cluster_size;
    }
    return 0;
}

/*
 * Grow the refcount table so that index @min_idx exists.  The new table and
 * the refcount blocks describing it are put in the first clusters the old
 * table cannot describe, so they are free and cover themselves.
 */
static int grow_refcount_table(BlockDriverState *bs, uint64_t min_idx)
{
    Qcow2State *s = bs->opaque;
    uint64_t per_block = 1ULL << s->refcount_block_bits;
    uint64_t old = s->refcount_table_size;
    uint64_t c0 = old * per_block;
    uint64_t new_size = MAX(min_idx + 1, old * 2);
    uint64_t t, r;
    for (;;) {
        t = (new_size * 8 + s->cluster_size - 1) >> s->cluster_bits;
        r = 1;
        while (r * per_block < r + t) {
            r++;
        }
        if (new_size < old + r) {
            new_size = old + r;
            continue;
        }
        break;
    }
    new_size = (t << s->cluster_bits) / 8;
    if (new_size * 8 > QCOW2_MAX_REFTABLE_BYTES) {
        return -EFBIG;
    }
    uint64_t area = c0 << s->cluster_bits;
    if ((area >> s->cluster_bits) != c0 || area > (1ULL << 56)) {
        return -EFBIG;
    }
    uint8_t *blocks = block_buf_alloc(r << s->cluster_bits);
    memset(blocks, 0, r << s->cluster_bits);
    for (uint64_t i = 0; i < r + t; i++) {
        qcow2_refcount_set_entry(s, blocks + ((i / per_block) << s->cluster_bits),
                                 i % per_block, 1);
    }
    uint8_t *table = block_buf_alloc(t << s->cluster_bits);
    memset(table, 0, t << s->cluster_bits);
    for (uint64_t i = 0; i < old; i++) {
        qcow2_st64(table + i * 8, s->refcount_table[i]);
    }
    for (uint64_t j = 0; j < r; j++) {
        qcow2_st64(table + (old + j) * 8, (c0 + j) << s->cluster_bits);
    }
    uint64_t table_off = (c0 + r) << s->cluster_bits;
    int ret = bdrv_co_pwrite(bs->file, area, r << s->cluster_bits, blocks);
    if (ret >= 0) {
        ret = bdrv_co_pwrite(bs->file, table_off, t << s->cluster_bits, table);
    }
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    uint8_t hdr[12];
    qcow2_st64(hdr, table_off);
    qcow2_st32(hdr + 8, (uint32_t)t);
    if (ret >= 0) {
        ret = qcow2_write_header_field(bs, QCOW2_HDR_REFTABLE, hdr, sizeof(hdr));
    }
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    block_buf_free(blocks);
    if (ret < 0) {
        block_buf_free(table);
        return ret;
    }
    uint64_t old_off = s->refcount_table_offset;
    uint64_t old_bytes = align_up64(old * 8, s->cluster_size);
    g_free(s->refcount_table);
    s->refcount_table = g_new0(uint64_t, new_size);
    for (uint64_t i = 0; i < new_size; i++) {
        s->refcount_table[i] = qcow2_be64(table + i * 8);
    }
    block_buf_free(table);
    s->refcount_table_size = new_size;
    s->refcount_table_used = old + r;
    s->refcount_table_offset = table_off;
    s->file_size = MAX(s->file_size, (c0 + r + t) << s->cluster_bits);
    return qcow2_update_refcount(bs, old_off, old_bytes, -1);
}

static void cluster_freed(BlockDriverState *bs, uint64_t cluster)
{
    Qcow2State *s = bs->opaque;
    uint64_t off = cluster << s->cluster_bits;
    if (cluster < s->free_cluster_index) {
        s->free_cluster_index = cluster;
    }
    qcow2_cache_discard(s->l2_cache, off);
    qcow2_cache_discard(s->refcount_cache, off);
    if (s->free_byte_offset && (s->free_byte_offset >> s->cluster_bits) == cluster) {
        s->free_byte_offset = 0;
    }
    if (s->dbuf_offset >> s->cluster_bits == cluster) {
        s->dbuf_offset = 0;
    }
}

static int update_one(BlockDriverState *bs, uint64_t c, int64_t addend)
{
    Qcow2State *s = bs->opaque;
    uint64_t idx = c >> s->refcount_block_bits;
    uint64_t off;
    int ret = refblock_offset(bs, idx, &off);
    if (ret < 0) {
        return ret;
    }
    if (!off) {
        if (addend < 0) {
            qcow2_report_corruption(bs, "refcount decrease of cluster 0x%llx without a "
                                    "refcount block", (unsigned long long)c);
            return -EIO;
        }
        ret = alloc_refcount_block(bs, idx);
        if (ret < 0) {
            return ret;
        }
        ret = refblock_offset(bs, idx, &off);
        if (ret < 0 || !off) {
            return ret < 0 ? ret : -EIO;
        }
    }
    void *block;
    ret = qcow2_cache_get(bs, s->refcount_cache, off, &block);
    if (ret < 0) {
        return ret;
    }
    uint64_t i = c & ((1ULL << s->refcount_block_bits) - 1);
    uint64_t v = qcow2_refcount_get_entry(s, block, i);
    if (addend < 0 && v < (uint64_t)-addend) {
        qcow2_cache_put(s->refcount_cache, &block);
        qcow2_report_corruption(bs, "refcount of cluster 0x%llx would drop below zero",
                                (unsigned long long)c);
        return -EIO;
    }
    if (addend > 0 && s->refcount_max - v < (uint64_t)addend) {
        qcow2_cache_put(s->refcount_cache, &block);
        return -ERANGE;
    }
    v += addend;
    qcow2_refcount_set_entry(s, block, i, v);
    qcow2_cache_mark_dirty(s->refcount_cache, block);
    qcow2_cache_put(s->refcount_cache, &block);
    if (v == 0) {
        cluster_freed(bs, c);
    }
    return 0;
}

int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset, uint64_t length,
                          int64_t addend)
{
    Qcow2State *s = bs->opaque;
    if (!length || !addend) {
        return 0;
    }
    uint64_t first = offset >> s->cluster_bits;
    uint64_t last = (offset + length - 1) >> s->cluster_bits;
    for (uint64_t c = first; c <= last; c++) {
        int ret = update_one(bs, c, addend);
        if (ret < 0) {
            /* Undo what was done so the counts stay consistent. */
            for (uint64_t u = first; u < c; u++) {
                update_one(bs, u, -addend);
            }
            return ret;
        }
    }
    return 0;
}

/*
 * Extend the file well past a new allocation at its end: writes into it are
 * then no longer file-extending ones, which the host filesystem serialises
 * (and, for O_DIRECT AIO, performs synchronously).  The space stays a hole
 * and qcow2_trim_file() cuts it off again on close; a crash leaves only
 * unreferenced zero clusters, which are free.  Errors are harmless here.
 */
static void grow_file_ahead(BlockDriverState *bs, uint64_t end)
{
    Qcow2State *s = bs->opaque;
    if (end <= bs->file->total_size) {
        return;
    }
    uint64_t ahead = MIN(MAX(end / 8, 4ULL << 20), 256ULL << 20);
    uint64_t target = align_up64(end + ahead, 1ULL << 20);
    if (bdrv_co_truncate(bs->file, target, false, NULL) >= 0) {
        s->file_grown = true;
    }
}

int qcow2_trim_file(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    if (!s->file_grown || bs->file->total_size <= s->file_size) {
        return 0;
    }
    s->file_grown = false;
    return bdrv_co_truncate(bs->file, s->file_size, true, NULL);
}

int qcow2_truncate_to_last_cluster(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    uint64_t n = qcow2_size_to_clusters(s, MAX(s->file_size, bs->file->total_size));
    while (n > 0) {
        uint64_t rc;
        int ret = qcow2_get_refcount(bs, n - 1, &rc);
        if (ret < 0) {
            return ret;
        }
        if (rc) {
            break;
        }
        n--;
    }
    uint64_t end = n << s->cluster_bits;
    if (end >= bs->file->total_size) {
        return 0;
    }
    int ret = bdrv_co_truncate(bs->file, end, true, NULL);
    if (ret >= 0) {
        s->file_size = end;
        s->file_grown = false;
        s->free_cluster_index = MIN(s->free_cluster_index, n);
    }
    return ret;
}

int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t size, bool *fresh)
{
    Qcow2State *s = bs->opaque;
    uint64_t n = qcow2_size_to_clusters(s, size);
    for (;;) {
        uint64_t busy;
        int64_t start = find_free_clusters(bs, n, &busy);
        if (start < 0) {
            return start;
        }
        /* Create missing refcount blocks first: they may land in the range. */
        bool changed = false;
        uint64_t first_idx = (uint64_t)start >> s->refcount_block_bits;
        uint64_t last_idx = ((uint64_t)start + n - 1) >> s->refcount_block_bits;
        for (uint64_t idx = first_idx; idx <= last_idx; idx++) {
            uint64_t off;
            int ret = refblock_offset(bs, idx, &off);
            if (ret < 0) {
                return ret;
            }
            if (!off) {
                ret = alloc_refcount_block(bs, idx);
                if (ret < 0) {
                    return ret;
                }
                changed = true;
            }
        }
        if (changed) {
            continue;
        }
        uint64_t off = (uint64_t)start << s->cluster_bits;
        int ret = qcow2_update_refcount(bs, off, n << s->cluster_bits, 1);
        if (ret < 0) {
            return ret;
        }
        if (fresh) {
            *fresh = off >= s->file_size;
        }
        s->file_size = MAX(s->file_size, off + (n << s->cluster_bits));
        s->free_cluster_index = MIN(start + n, busy);
        grow_file_ahead(bs, s->file_size);
        return off;
    }
}

int64_t qcow2_alloc_bytes(BlockDriverState *bs, uint32_t size)
{
    Qcow2State *s = bs->opaque;
    g_assert(size > 0 && size <= s->cluster_size);
    uint64_t off = align_up64(s->free_byte_offset, 512);
    if (s->free_byte_offset && qcow2_offset_into_cluster(s, off) &&
        qcow2_offset_into_cluster(s, off) + size <= s->cluster_size) {
        int ret = qcow2_update_refcount(bs, off, 1, 1);
        if (ret < 0) {
            return ret;
        }
    } else {
        int64_t c = qcow2_alloc_clusters(bs, s->cluster_size, NULL);
        if (c < 0) {
            return c;
        }
        off = c;
    }
    s->free_byte_offset = off + size;
    if (!qcow2_offset_into_cluster(s, s->free_byte_offset)) {
        s->free_byte_offset = 0;
    }
    return off;
}

void qcow2_free_clusters_later(BlockDriverState *bs, uint64_t offset, uint64_t length)
{
    Qcow2State *s = bs->opaque;
    Qcow2Range r = { offset, length };
    g_array_append_val(s->pending_frees, r);
}

void qcow2_free_l2_entry_later(BlockDriverState *bs, uint64_t l2e)
{
    Qcow2State *s = bs->opaque;
    switch (qcow2_entry_type(s, l2e)) {
    case QCOW2_CLUSTER_NORMAL:
    case QCOW2_CLUSTER_ZERO_ALLOC:
        qcow2_free_clusters_later(bs, l2e & QCOW2_L2E_OFFSET_MASK, s->cluster_size);
        break;
    case QCOW2_CLUSTER_COMPRESSED: {
        uint64_t start, len;
        qcow2_compressed_range(s, l2e, &start, &len);
        qcow2_free_clusters_later(bs, start, len);
        break;
    }
    default:
        break;
    }
}

int qcow2_free_clusters(BlockDriverState *bs, uint64_t offset, uint64_t length)
{
    return qcow2_update_refcount(bs, offset, length, -1);
}

int qcow2_flush_metadata(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    int ret = qcow2_cache_flush(bs, s->refcount_cache);
    if (ret >= 0) {
        ret = qcow2_cache_flush(bs, s->l2_cache);
    }
    if (ret < 0 || s->pending_frees->len == 0) {
        return ret;
    }
    GArray *frees = s->pending_frees;
    s->pending_frees = g_array_new(false, false, sizeof(Qcow2Range));
    for (guint i = 0; i < frees->len && ret >= 0; i++) {
        Qcow2Range *r = &g_array_index(frees, Qcow2Range, i);
        ret = qcow2_free_clusters(bs, r->offset, r->length);
    }
    g_array_free(frees, true);
    if (ret >= 0) {
        ret = qcow2_cache_flush(bs, s->refcount_cache);
    }
    return ret;
}

static int update_l2_refcounts(BlockDriverState *bs, uint64_t l2_off, int addend)
{
    Qcow2State *s = bs->opaque;
    uint64_t *l2;
    int ret = qcow2_cache_get(bs, s->l2_cache, l2_off, (void **)&l2);
    if (ret < 0) {
        return ret;
    }
    for (uint32_t j = 0; j < s->l2_size && ret >= 0; j++) {
        uint64_t e = qcow2_be64(&l2[j]), ne = e;
        switch (qcow2_entry_type(s, e)) {
        case QCOW2_CLUSTER_NORMAL:
        case QCOW2_CLUSTER_ZERO_ALLOC: {
            uint64_t off = e & QCOW2_L2E_OFFSET_MASK, rc = 0;
            ret = qcow2_update_refcount(bs, off, s->cluster_size, addend);
            if (ret >= 0) {
                ret = qcow2_get_refcount(bs, off >> s->cluster_bits, &rc);
            }
            ne = rc == 1 ? (e | QCOW2_OFLAG_COPIED) : (e & ~QCOW2_OFLAG_COPIED);
            break;
        }
        case QCOW2_CLUSTER_COMPRESSED: {
            uint64_t start, len;
            qcow2_compressed_range(s, e, &start, &len);
            ret = qcow2_update_refcount(bs, start, len, addend);
            break;
        }
        default:
            break;
        }
        if (ret >= 0 && ne != e) {
            qcow2_st64(&l2[j], ne);
            qcow2_cache_mark_dirty(s->l2_cache, l2);
        }
    }
    qcow2_cache_put(s->l2_cache, (void **)&l2);
    return ret;
}

int qcow2_update_l1_refcount(BlockDriverState *bs, uint64_t *l1, uint32_t l1_size,
                             int addend, bool *changed)
{
    Qcow2State *s = bs->opaque;
    int ret = 0;
    *changed = false;
    for (uint32_t i = 0; i < l1_size && ret >= 0; i++) {
        uint64_t l2_off = l1[i] & QCOW2_L1E_OFFSET_MASK, rc;
        if (!l2_off) {
            continue;
        }
        if (qcow2_offset_into_cluster(s, l2_off)) {
            qcow2_report_corruption(bs, "L2 table offset 0x%llx unaligned",
                                    (unsigned long long)l2_off);
            return -EIO;
        }
        ret = update_l2_refcounts(bs, l2_off, addend);
        if (ret >= 0) {
            ret = qcow2_update_refcount(bs, l2_off, s->cluster_size, addend);
        }
        if (ret >= 0) {
            ret = qcow2_get_refcount(bs, l2_off >> s->cluster_bits, &rc);
        }
        if (ret >= 0) {
            uint64_t ne = rc == 1 ? (l1[i] | QCOW2_OFLAG_COPIED) : (l1[i] & ~QCOW2_OFLAG_COPIED);
            *changed |= ne != l1[i];
            l1[i] = ne;
        }
    }
    return ret;
}

int qcow2_write_active_l1(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    uint64_t bytes = (uint64_t)s->l1_size * 8;
    uint8_t *raw = block_buf_alloc(bytes ? bytes : 8);
    for (uint32_t i = 0; i < s->l1_size; i++) {
        qcow2_st64(raw + i * 8, s->l1_table[i]);
    }
    /* The COPIED flags of the active L1 follow the refcounts on disk. */
    int ret = qcow2_flush_metadata(bs);
    if (ret >= 0 && bytes) {
        ret = bdrv_co_pwrite(bs->file, s->l1_table_offset, bytes, raw);
    }
    block_buf_free(raw);
    return ret;
}

int qcow2_update_snapshot_refcount(BlockDriverState *bs, uint64_t l1_offset,
                                   uint32_t l1_size, int addend)
{
    Qcow2State *s = bs->opaque;
    bool active = l1_offset == s->l1_table_offset;
    uint64_t *l1 = g_new0(uint64_t, l1_size ? l1_size : 1);
    int ret = 0;
    if (active) {
        memcpy(l1, s->l1_table, (size_t)l1_size * 8);
    } else if (l1_size) {
        uint8_t *raw = g_malloc((size_t)l1_size * 8);
        ret = bdrv_co_pread(bs->file, l1_offset, (uint64_t)l1_size * 8, raw);
        for (uint32_t i = 0; i < l1_size; i++) {
            l1[i] = qcow2_be64(raw + i * 8);
        }
        g_free(raw);
    }
    bool changed = false;
    if (ret >= 0) {
        ret = qcow2_update_l1_refcount(bs, l1, l1_size, addend, &changed);
    }
    if (ret >= 0 && active && changed) {
        memcpy(s->l1_table, l1, (size_t)l1_size * 8);
        ret = qcow2_write_active_l1(bs);
    }
    g_free(l1);
    return ret;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    return alen && blen && a < b + blen && b < a + alen;
}

bool qcow2_overlaps_metadata(BlockDriverState *bs, uint64_t offset, uint64_t len)
{
    Qcow2State *s = bs->opaque;
    if (ranges_overlap(offset, len, 0, s->cluster_size) ||
        ranges_overlap(offset, len, s->l1_table_offset, (uint64_t)s->l1_size * 8) ||
        ranges_overlap(offset, len, s->refcount_table_offset,
                       (uint64_t)s->refcount_table_size * 8) ||
        ranges_overlap(offset, len, s->snapshots_offset, s->snapshots_size)) {
        return true;
    }
    for (int i = 0; i < s->nb_snapshots; i++) {
        if (ranges_overlap(offset, len, s->snapshots[i].l1_table_offset,
                           (uint64_t)s->snapshots[i].l1_size * 8)) {
            return true;
        }
    }
    for (uint32_t i = 0; i < s->refcount_table_used; i++) {
        uint64_t b = s->refcount_table[i] & QCOW2_REFT_OFFSET_MASK;
        if (b && ranges_overlap(offset, len, b, s->cluster_size)) {
            return true;
        }
    }
    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l2 = s->l1_table[i] & QCOW2_L1E_OFFSET_MASK;
        if (l2 && ranges_overlap(offset, len, l2, s->cluster_size)) {
            return true;
        }
    }
    return false;
}
