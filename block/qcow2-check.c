/*
 * qcow2 consistency check and repair: recount every reference (header,
 * L1/L2 tables and data of the active state and of each snapshot, snapshot
 * table, refcount table and blocks), compare with the stored refcounts and
 * COPIED flags, and fix leaks and errors on request.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "block/qcow2.h"

typedef struct CheckState {
    BlockDriverState *bs;
    BlockCheckResult *res;
    uint32_t *refs;             /* computed references per host cluster */
    uint64_t nclusters;
    bool active;
    uint64_t prev_host;         /* for the fragmentation count */
} CheckState;

/* Count one reference to every cluster of [offset, offset+len). */
static void check_inc(CheckState *c, uint64_t offset, uint64_t len)
{
    Qcow2State *s = c->bs->opaque;
    if (!len) {
        return;
    }
    uint64_t first = offset >> s->cluster_bits, last = (offset + len - 1) >> s->cluster_bits;
    for (uint64_t i = first; i <= last; i++) {
        if (i >= c->nclusters) {
            fprintf(stderr, "ERROR: counting reference for region exceeding the end of the "
                    "file by one cluster or more: offset 0x%llx size 0x%llx\n",
                    (unsigned long long)offset, (unsigned long long)len);
            c->res->corruptions++;
            return;
        }
        if (c->refs[i] < UINT32_MAX) {
            c->refs[i]++;
        }
    }
}

static int check_l2(CheckState *c, uint64_t l2_off)
{
    BlockDriverState *bs = c->bs;
    Qcow2State *s = bs->opaque;
    uint8_t *l2 = block_buf_alloc(s->cluster_size);
    int ret = bdrv_co_pread(bs->file, l2_off, s->cluster_size, l2);
    if (ret < 0) {
        fprintf(stderr, "ERROR: I/O error reading the L2 table at 0x%llx\n",
                (unsigned long long)l2_off);
        c->res->check_errors++;
        block_buf_free(l2);
        return ret;
    }
    c->prev_host = 0;       /* contiguity counts within one L2 table, as qemu-img's */
    for (uint32_t j = 0; j < s->l2_size; j++) {
        uint64_t e = qcow2_be64(l2 + j * 8);
        switch (qcow2_entry_type(s, e)) {
        case QCOW2_CLUSTER_COMPRESSED: {
            uint64_t start, len;
            qcow2_compressed_range(s, e, &start, &len);
            check_inc(c, start, len);
            if (c->active) {
                c->res->allocated_clusters++;
                c->res->compressed_clusters++;
            }
            break;
        }
        case QCOW2_CLUSTER_NORMAL:
        case QCOW2_CLUSTER_ZERO_ALLOC: {
            uint64_t off = e & QCOW2_L2E_OFFSET_MASK;
            if (qcow2_offset_into_cluster(s, off)) {
                fprintf(stderr, "ERROR offset=%llx: Cluster is not properly aligned; L2 "
                        "entry corrupted.\n", (unsigned long long)off);
                c->res->corruptions++;
                break;
            }
            check_inc(c, off, s->cluster_size);
            if (c->active && qcow2_entry_type(s, e) == QCOW2_CLUSTER_NORMAL) {
                c->res->allocated_clusters++;
                if (c->prev_host && off != c->prev_host + s->cluster_size) {
                    c->res->fragmented_clusters++;
                }
                c->prev_host = off;
            }
            break;
        }
        default:
            break;
        }
    }
    block_buf_free(l2);
    return 0;
}

static int check_l1(CheckState *c, uint64_t l1_off, uint32_t l1_size, bool active)
{
    BlockDriverState *bs = c->bs;
    Qcow2State *s = bs->opaque;
    c->active = active;
    check_inc(c, l1_off, (uint64_t)l1_size * 8);
    uint64_t *l1 = NULL;
    uint8_t *raw = NULL;
    if (!active) {
        raw = block_buf_alloc((uint64_t)MAX(l1_size, 1) * 8);
        int ret = bdrv_co_pread(bs->file, l1_off, (uint64_t)l1_size * 8, raw);
        if (ret < 0) {
            c->res->check_errors++;
            block_buf_free(raw);
            return ret;
        }
    } else {
        l1 = s->l1_table;
    }
    for (uint32_t i = 0; i < l1_size; i++) {
        uint64_t e = active ? l1[i] : qcow2_be64(raw + i * 8);
        uint64_t l2_off = e & QCOW2_L1E_OFFSET_MASK;
        if (!l2_off) {
            continue;
        }
        if (qcow2_offset_into_cluster(s, l2_off)) {
            fprintf(stderr, "ERROR l2_offset=%llx: Table is not cluster aligned; L1 entry "
                    "corrupted\n", (unsigned long long)l2_off);
            c->res->corruptions++;
            continue;
        }
        if ((l2_off >> s->cluster_bits) >= c->nclusters) {
            fprintf(stderr, "ERROR l2_offset=%llx: L2 table is beyond the end of the file\n",
                    (unsigned long long)l2_off);
            c->res->corruptions++;
            continue;
        }
        check_inc(c, l2_off, s->cluster_size);
        check_l2(c, l2_off);
    }
    block_buf_free(raw);
    return 0;
}

/* Compare the COPIED flags of the active tables with the stored refcounts. */
static int check_copied(CheckState *c, int fix)
{
    BlockDriverState *bs = c->bs;
    Qcow2State *s = bs->opaque;
    bool l1_dirty = false;
    for (uint32_t i = 0; i < s->l1_size; i++) {
        uint64_t l2_off = s->l1_table[i] & QCOW2_L1E_OFFSET_MASK, rc;
        if (!l2_off || qcow2_offset_into_cluster(s, l2_off) ||
            (l2_off >> s->cluster_bits) >= c->nclusters) {
            continue;
        }
        int ret = qcow2_get_refcount(bs, l2_off >> s->cluster_bits, &rc);
        if (ret < 0) {
            return ret;
        }
        if ((rc == 1) != !!(s->l1_table[i] & QCOW2_OFLAG_COPIED)) {
            fprintf(stderr, "%s OFLAG_COPIED L2 cluster: l1_index=%u l1_entry=%llx "
                    "refcount=%llu\n", fix & BLOCK_CHECK_FIX_ERRORS ? "Repairing" : "ERROR",
                    i, (unsigned long long)s->l1_table[i], (unsigned long long)rc);
            if (fix & BLOCK_CHECK_FIX_ERRORS) {
                s->l1_table[i] ^= QCOW2_OFLAG_COPIED;
                l1_dirty = true;
                c->res->corruptions_fixed++;
            } else {
                c->res->corruptions++;
            }
        }
        uint64_t *l2;
        ret = qcow2_cache_get(bs, s->l2_cache, l2_off, (void **)&l2);
        if (ret < 0) {
            return ret;
        }
        for (uint32_t j = 0; j < s->l2_size; j++) {
            uint64_t e = qcow2_be64(&l2[j]);
            Qcow2ClusterType t = qcow2_entry_type(s, e);
            uint64_t off = e & QCOW2_L2E_OFFSET_MASK;
            if ((t != QCOW2_CLUSTER_NORMAL && t != QCOW2_CLUSTER_ZERO_ALLOC) ||
                qcow2_offset_into_cluster(s, off) || (off >> s->cluster_bits) >= c->nclusters) {
                continue;
            }
            ret = qcow2_get_refcount(bs, off >> s->cluster_bits, &rc);
            if (ret < 0) {
                break;
            }
            if ((rc == 1) != !!(e & QCOW2_OFLAG_COPIED)) {
                fprintf(stderr, "%s OFLAG_COPIED data cluster: l2_entry=%llx refcount=%llu\n",
                        fix & BLOCK_CHECK_FIX_ERRORS ? "Repairing" : "ERROR",
                        (unsigned long long)e, (unsigned long long)rc);
                if (fix & BLOCK_CHECK_FIX_ERRORS) {
                    qcow2_st64(&l2[j], e ^ QCOW2_OFLAG_COPIED);
                    qcow2_cache_mark_dirty(s->l2_cache, l2);
                    c->res->corruptions_fixed++;
                } else {
                    c->res->corruptions++;
                }
            }
        }
        qcow2_cache_put(s->l2_cache, (void **)&l2);
        if (ret < 0) {
            return ret;
        }
    }
    return l1_dirty ? qcow2_write_active_l1(bs) : 0;
}

static int check_pass(BlockDriverState *bs, BlockCheckResult *res, int fix)
{
    Qcow2State *s = bs->opaque;
    CheckState c = { .bs = bs, .res = res };
    uint64_t file_len = bs->file->total_size;
    c.nclusters = MAX(qcow2_size_to_clusters(s, file_len),
                      qcow2_size_to_clusters(s, s->file_size));
    c.refs = g_new0(uint32_t, c.nclusters + 1);

    check_inc(&c, 0, s->cluster_size);
    check_l1(&c, s->l1_table_offset, s->l1_size, true);
    for (int i = 0; i < s->nb_snapshots; i++) {
        check_l1(&c, s->snapshots[i].l1_table_offset, s->snapshots[i].l1_size, false);
    }
    check_inc(&c, s->snapshots_offset, s->snapshots_size);
    check_inc(&c, s->refcount_table_offset, (uint64_t)s->refcount_table_size * 8);
    bool table_dirty = false;
    for (uint32_t i = 0; i < s->refcount_table_size; i++) {
        uint64_t off = s->refcount_table[i] & QCOW2_REFT_OFFSET_MASK;
        if (!off) {
            continue;
        }
        if (qcow2_offset_into_cluster(s, off) || (off >> s->cluster_bits) >= c.nclusters) {
            fprintf(stderr, "ERROR refcount block %u is not cluster aligned or outside the "
                    "image; refcount table entry corrupted\n", i);
            if (fix & BLOCK_CHECK_FIX_ERRORS) {
                s->refcount_table[i] = 0;
                table_dirty = true;
            }
            res->corruptions++;
            continue;
        }
        check_inc(&c, off, s->cluster_size);
    }
    if (table_dirty) {
        for (uint32_t i = 0; i < s->refcount_table_size; i++) {
            uint8_t b[8];
            qcow2_st64(b, s->refcount_table[i]);
            bdrv_co_pwrite(bs->file, s->refcount_table_offset + i * 8, 8, b);
        }
    }

    uint64_t highest = 0;
    int ret = 0;
    if (fix & BLOCK_CHECK_FIX_ERRORS) {
        /* New refcount blocks must not land on referenced clusters. */
        s->free_cluster_index = c.nclusters;
    }
    for (uint64_t i = 0; i < c.nclusters && ret >= 0; i++) {
        uint64_t stored;
        ret = qcow2_get_refcount(bs, i, &stored);
        if (ret < 0) {
            res->check_errors++;
            break;
        }
        uint64_t want = c.refs[i];
        if (want || stored) {
            highest = i;
        }
        if (stored == want) {
            continue;
        }
        bool leak = stored > want;
        int flag = leak ? BLOCK_CHECK_FIX_LEAKS : BLOCK_CHECK_FIX_ERRORS;
        fprintf(stderr, "%s cluster %llu refcount=%llu reference=%llu\n",
                leak ? "Leaked" : "ERROR", (unsigned long long)i,
                (unsigned long long)stored, (unsigned long long)want);
        if (fix & flag) {
            fprintf(stderr, "Repairing cluster %llu refcount=%llu reference=%llu\n",
                    (unsigned long long)i, (unsigned long long)stored,
                    (unsigned long long)want);
            ret = qcow2_update_refcount(bs, i << s->cluster_bits, 1,
                                        (int64_t)want - (int64_t)stored);
            if (ret >= 0) {
                if (leak) {
                    res->leaks_fixed++;
                } else {
                    res->corruptions_fixed++;
                }
            }
        } else if (leak) {
            res->leaks++;
        } else {
            res->corruptions++;
        }
    }
    if (ret >= 0) {
        ret = check_copied(&c, fix);
    }
    if (ret >= 0 && fix) {
        ret = qcow2_flush_metadata(bs);
    }
    res->image_end_offset = (highest + 1) << s->cluster_bits;
    res->total_clusters = qcow2_size_to_clusters(s, bs->total_size);
    res->has_stats = true;
    g_free(c.refs);
    return ret;
}

int qcow2_co_check(BlockDriverState *bs, BlockCheckResult *res, int fix)
{
    Qcow2State *s = bs->opaque;
    co_mutex_lock(&s->lock);
    int ret = qcow2_flush_metadata(bs);
    if (ret >= 0) {
        ret = check_pass(bs, res, bs->read_only ? 0 : fix);
    }
    if (ret >= 0 && fix && !bs->read_only && (res->leaks_fixed || res->corruptions_fixed)) {
        /* Report what is left after the repair, like a fresh check would. */
        BlockCheckResult again;
        memset(&again, 0, sizeof(again));
        again.leaks_fixed = res->leaks_fixed;
        again.corruptions_fixed = res->corruptions_fixed;
        ret = check_pass(bs, &again, 0);
        *res = again;
        if (ret >= 0 && !res->corruptions && (s->incompatible & QCOW2_INCOMPAT_CORRUPT)) {
            uint8_t b[8];
            s->incompatible &= ~QCOW2_INCOMPAT_CORRUPT;
            s->corrupt = false;
            qcow2_st64(b, s->incompatible);
            ret = qcow2_write_header_field(bs, QCOW2_HDR_INCOMPAT, b, 8);
        }
    }
    co_mutex_unlock(&s->lock);
    return ret;
}
