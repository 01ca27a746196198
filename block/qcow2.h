/*
 * qcow2 format (QEMU's docs/interop/qcow2.txt), versions 2 and 3: on-disk
 * constants, the in-memory state of an open image and the functions the
 * qcow2-*.c files share.  All on-disk integers are big-endian.
 */
#ifndef BLOCK_QCOW2_H
#define BLOCK_QCOW2_H

#include "block/block-int.h"

#define QCOW2_MAGIC                 0x514649fbu     /* "QFI\xfb" */
#define QCOW2_MIN_CLUSTER_BITS      9
#define QCOW2_MAX_CLUSTER_BITS      21
#define QCOW2_DEFAULT_CLUSTER_BITS  16
#define QCOW2_MAX_L1_BYTES          (32u << 20)
#define QCOW2_MAX_REFTABLE_BYTES    (8u << 20)
#define QCOW2_MAX_SNAPSHOTS         65536
#define QCOW2_MAX_BACKING_NAME      1023
#define QCOW2_MAX_SNAPSHOT_EXTRA    1024
#define QCOW2_V2_HEADER_LEN         72
#define QCOW2_V3_HEADER_LEN         112     /* with the compression type byte */

/* Header field offsets */
#define QCOW2_HDR_BACKING_OFFSET    8
#define QCOW2_HDR_SIZE              24
#define QCOW2_HDR_L1                36      /* l1_size (4) + l1_table_offset (8) */
#define QCOW2_HDR_REFTABLE          48      /* offset (8) + clusters (4) */
#define QCOW2_HDR_SNAPSHOTS         60      /* nb_snapshots (4) + offset (8) */
#define QCOW2_HDR_INCOMPAT          72

#define QCOW2_INCOMPAT_DIRTY        (1ULL << 0)
#define QCOW2_INCOMPAT_CORRUPT      (1ULL << 1)
#define QCOW2_INCOMPAT_DATA_FILE    (1ULL << 2)
#define QCOW2_INCOMPAT_COMPRESSION  (1ULL << 3)
#define QCOW2_INCOMPAT_EXTL2        (1ULL << 4)
#define QCOW2_INCOMPAT_KNOWN        (QCOW2_INCOMPAT_DIRTY | QCOW2_INCOMPAT_CORRUPT)
#define QCOW2_COMPAT_LAZY_REFCOUNTS (1ULL << 0)
#define QCOW2_AUTOCLEAR_KNOWN       0ULL

#define QCOW2_EXT_END               0u
#define QCOW2_EXT_BACKING_FORMAT    0xe2792acau
#define QCOW2_EXT_FEATURE_TABLE     0x6803f857u

#define QCOW2_OFLAG_COPIED          (1ULL << 63)
#define QCOW2_OFLAG_COMPRESSED      (1ULL << 62)
#define QCOW2_OFLAG_ZERO            (1ULL << 0)
#define QCOW2_L1E_OFFSET_MASK       0x00fffffffffffe00ULL
#define QCOW2_L2E_OFFSET_MASK       0x00fffffffffffe00ULL
#define QCOW2_REFT_OFFSET_MASK      0xfffffffffffffe00ULL

typedef enum Qcow2ClusterType {
    QCOW2_CLUSTER_UNALLOCATED,
    QCOW2_CLUSTER_ZERO_PLAIN,       /* zero flag, no cluster */
    QCOW2_CLUSTER_ZERO_ALLOC,       /* zero flag over a preallocated cluster */
    QCOW2_CLUSTER_NORMAL,
    QCOW2_CLUSTER_COMPRESSED,
} Qcow2ClusterType;

typedef struct Qcow2Snapshot {
    uint64_t l1_table_offset;
    uint32_t l1_size;
    char *id_str;
    char *name;
    uint64_t disk_size;
    uint64_t vm_state_size;
    uint32_t date_sec;
    uint32_t date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;
    uint32_t extra_size;        /* extra data bytes as stored */
    uint8_t *extra_unknown;     /* extra data beyond the fields we know */
    uint32_t extra_unknown_size;
} Qcow2Snapshot;

typedef struct Qcow2Cache Qcow2Cache;

/* Guest clusters whose allocating write is in flight without s->lock. */
typedef struct Qcow2InflightAlloc {
    uint64_t start, end;
    CoQueue waiters;
    struct Qcow2InflightAlloc *next;
} Qcow2InflightAlloc;

/* A transfer to or from host clusters running without s->lock (reads and
 * in-place writes): the clusters are not handed out again, even if freed
 * meanwhile, until it is over. */
typedef struct Qcow2HostIo {
    uint64_t start, end;
    struct Qcow2HostIo *next;
} Qcow2HostIo;

typedef struct Qcow2State {
    int version;
    int cluster_bits;
    uint32_t cluster_size;
    int l2_bits;
    uint32_t l2_size;               /* entries per L2 table */
    int csize_shift;
    uint64_t csize_mask;
    uint64_t cluster_offset_mask;   /* host offset bits of a compressed entry */

    int refcount_order;
    int refcount_block_bits;        /* log2 of entries per refcount block */
    uint64_t refcount_max;

    uint32_t header_length;
    uint64_t incompatible;
    uint64_t compatible;
    uint64_t autoclear;
    uint8_t *unknown_exts;          /* header extensions we keep verbatim */
    uint32_t unknown_exts_len;

    uint32_t l1_size;
    uint64_t l1_table_offset;
    uint64_t *l1_table;             /* host byte order */
    uint32_t l1_vm_state_index;

    uint64_t refcount_table_offset;
    uint32_t refcount_table_size;   /* entries */
    uint32_t refcount_table_used;   /* highest non-zero entry + 1 */
    uint64_t *refcount_table;       /* host byte order */

    int nb_snapshots;
    uint64_t snapshots_offset;
    uint64_t snapshots_size;
    Qcow2Snapshot *snapshots;

    Qcow2Cache *l2_cache;
    Qcow2Cache *refcount_cache;
    CoMutex lock;

    uint64_t free_cluster_index;
    uint64_t free_byte_offset;      /* compressed data packing; 0 = none */
    GArray *pending_frees;          /* Qcow2Range, applied after L2 flush */
    Qcow2InflightAlloc *inflight;
    Qcow2HostIo *host_io;

    uint64_t file_size;             /* end of the clusters in use (or file length at open) */
    bool file_grown;                /* the file was extended ahead of allocations */
    bool lazy_refcounts;
    int metadata_prealloc;          /* clusters preallocated: 1, not: 0, not known: -1 */
    bool dirty_marked;
    bool corrupt;

    uint8_t *zbuf;                  /* compressed cluster input */
    uint8_t *dbuf;                  /* last decompressed cluster */
    uint64_t dbuf_offset;           /* its host offset, or 0 */
} Qcow2State;

typedef struct Qcow2Range {
    uint64_t offset;
    uint64_t length;
} Qcow2Range;

static inline uint64_t qcow2_be64(const void *p)
{
    const uint8_t *b = p;
    return ((uint64_t)b[0] << 56) | ((uint64_t)b[1] << 48) | ((uint64_t)b[2] << 40) |
           ((uint64_t)b[3] << 32) | ((uint64_t)b[4] << 24) | ((uint64_t)b[5] << 16) |
           ((uint64_t)b[6] << 8) | b[7];
}

static inline uint32_t qcow2_be32(const void *p)
{
    const uint8_t *b = p;
    return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) | ((uint32_t)b[2] << 8) | b[3];
}

static inline uint16_t qcow2_be16(const void *p)
{
    const uint8_t *b = p;
    return (uint16_t)((b[0] << 8) | b[1]);
}

static inline void qcow2_st64(void *p, uint64_t v)
{
    uint8_t *b = p;
    for (int i = 7; i >= 0; i--, v >>= 8) {
        b[i] = v & 0xff;
    }
}

static inline void qcow2_st32(void *p, uint32_t v)
{
    uint8_t *b = p;
    b[0] = v >> 24;
    b[1] = v >> 16;
    b[2] = v >> 8;
    b[3] = v;
}

static inline void qcow2_st16(void *p, uint16_t v)
{
    uint8_t *b = p;
    b[0] = v >> 8;
    b[1] = v;
}

static inline uint64_t qcow2_offset_into_cluster(const Qcow2State *s, uint64_t off)
{
    return off & (s->cluster_size - 1);
}

static inline uint64_t qcow2_size_to_clusters(const Qcow2State *s, uint64_t size)
{
    return (size + s->cluster_size - 1) >> s->cluster_bits;
}

/* L1 entries needed to map @size guest bytes. */
static inline uint64_t qcow2_size_to_l1(const Qcow2State *s, uint64_t size)
{
    int shift = s->cluster_bits + s->l2_bits;
    return (size + (1ULL << shift) - 1) >> shift;
}

static inline uint64_t qcow2_vm_state_offset(const Qcow2State *s)
{
    return (uint64_t)s->l1_vm_state_index << (s->cluster_bits + s->l2_bits);
}

Qcow2ClusterType qcow2_entry_type(const Qcow2State *s, uint64_t l2e);
/* Host range [*start, *start + *len) that a compressed L2 entry occupies. */
void qcow2_compressed_range(const Qcow2State *s, uint64_t l2e, uint64_t *start,
                            uint64_t *len);
void qcow2_report_corruption(BlockDriverState *bs, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* qcow2.c */
int qcow2_write_header(BlockDriverState *bs);
int qcow2_write_header_field(BlockDriverState *bs, uint64_t offset, const void *buf,
                             size_t len);
int qcow2_flush_file(BlockDriverState *bs);

/* qcow2-cache.c */
Qcow2Cache *qcow2_cache_new(int entries, uint32_t table_size);
void qcow2_cache_free(Qcow2Cache *c);
void qcow2_cache_set_dependency(Qcow2Cache *c, Qcow2Cache *dep);
int qcow2_cache_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset, void **table);
int qcow2_cache_get_empty(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset,
                          void **table);
void qcow2_cache_put(Qcow2Cache *c, void **table);
void qcow2_cache_mark_dirty(Qcow2Cache *c, void *table);
int qcow2_cache_flush(BlockDriverState *bs, Qcow2Cache *c);
/* Write one table now (after its dependency). */
int qcow2_cache_write_table(BlockDriverState *bs, Qcow2Cache *c, void *table);
/* Forget a table whose cluster was freed; its content is dropped. */
void qcow2_cache_discard(Qcow2Cache *c, uint64_t offset);
void qcow2_cache_drop_all(Qcow2Cache *c);

/* qcow2-refcount.c */
uint64_t qcow2_refcount_get_entry(const Qcow2State *s, const void *block, uint64_t idx);
void qcow2_refcount_set_entry(const Qcow2State *s, void *block, uint64_t idx, uint64_t v);
int qcow2_get_refcount(BlockDriverState *bs, uint64_t cluster_index, uint64_t *refcount);
int qcow2_update_refcount(BlockDriverState *bs, uint64_t offset, uint64_t length,
                          int64_t addend);
/* Allocate @size bytes of contiguous clusters; returns the host offset or
 * -errno.  *fresh tells whether they all lie past the old end of file. */
int64_t qcow2_alloc_clusters(BlockDriverState *bs, uint64_t size, bool *fresh);
int64_t qcow2_alloc_bytes(BlockDriverState *bs, uint32_t size);
/* Cut the file back to the clusters in use after growing it ahead. */
int qcow2_trim_file(BlockDriverState *bs);
/* Cut the file after the last cluster with a refcount (after a shrink). */
int qcow2_truncate_to_last_cluster(BlockDriverState *bs);
void qcow2_free_clusters_later(BlockDriverState *bs, uint64_t offset, uint64_t length);
void qcow2_free_l2_entry_later(BlockDriverState *bs, uint64_t l2e);
int qcow2_free_clusters(BlockDriverState *bs, uint64_t offset, uint64_t length);
/* Write all cached metadata in a safe order and apply deferred frees. */
int qcow2_flush_metadata(BlockDriverState *bs);
/* Add @addend to the refcount of everything an L1 table references (0 only
 * recomputes the COPIED flags); the L1 table itself is not counted. */
int qcow2_update_snapshot_refcount(BlockDriverState *bs, uint64_t l1_offset,
                                   uint32_t l1_size, int addend);
/* The same on an L1 table in memory; *changed when COPIED flags moved. */
int qcow2_update_l1_refcount(BlockDriverState *bs, uint64_t *l1, uint32_t l1_size,
                             int addend, bool *changed);
/* Write the in-memory active L1 table after flushing the caches. */
int qcow2_write_active_l1(BlockDriverState *bs);
bool qcow2_overlaps_metadata(BlockDriverState *bs, uint64_t offset, uint64_t len);
/* Track a data transfer on host clusters made outside s->lock (see Qcow2HostIo). */
void qcow2_host_io_begin(Qcow2State *s, Qcow2HostIo *io, uint64_t offset, uint64_t len);
void qcow2_host_io_end(Qcow2State *s, Qcow2HostIo *io);

/* qcow2-cluster.c */
int qcow2_get_host_offset(BlockDriverState *bs, uint64_t offset, uint64_t *bytes,
                          uint64_t *host, Qcow2ClusterType *type, uint64_t *l2e);
int qcow2_grow_l1_table(BlockDriverState *bs, uint64_t min_size);
/* Zero the L1 entries from @new_size on and free their L2 tables. */
int qcow2_shrink_l1_table(BlockDriverState *bs, uint64_t new_size);
int qcow2_get_l2_for_write(BlockDriverState *bs, uint64_t offset, void **table);
int qcow2_alloc_write(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                      const uint8_t *buf, uint64_t *done);
int qcow2_read_compressed(BlockDriverState *bs, uint64_t l2e, uint64_t in_cluster,
                          uint64_t bytes, uint8_t *buf);
/* Unmap full clusters of [offset, offset+bytes): to zero clusters if
 * @to_zero, else unallocated (or zero where a backing file would show). */
int qcow2_unmap_clusters(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                         bool to_zero, bool full);

/* qcow2-rw.c */
int qcow2_co_pread(BlockDriverState *bs, uint64_t offset, uint64_t bytes, void *buf);
int qcow2_co_pwrite(BlockDriverState *bs, uint64_t offset, uint64_t bytes, const void *buf);
int qcow2_co_pwrite_zeroes(BlockDriverState *bs, uint64_t offset, uint64_t bytes, int flags);
int qcow2_co_pwrite_compressed(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                               const void *buf);
int qcow2_co_pdiscard(BlockDriverState *bs, uint64_t offset, uint64_t bytes);
int qcow2_co_block_status(BlockDriverState *bs, uint64_t offset, uint64_t bytes,
                          uint64_t *pnum, uint64_t *map, BlockDriverState **file);
int qcow2_co_save_vmstate(BlockDriverState *bs, const void *buf, uint64_t pos,
                          uint64_t size);
int qcow2_co_load_vmstate(BlockDriverState *bs, void *buf, uint64_t pos, uint64_t size);
int qcow2_co_make_empty(BlockDriverState *bs);

/* qcow2-snapshot.c */
int qcow2_read_snapshots(BlockDriverState *bs, char **errp);
void qcow2_free_snapshots(Qcow2State *s);
int qcow2_snapshot_create(BlockDriverState *bs, const BlockSnapshotInfo *info, char **errp);
int qcow2_snapshot_goto(BlockDriverState *bs, const char *name_or_id, char **errp);
int qcow2_snapshot_delete(BlockDriverState *bs, const char *name_or_id, char **errp);
int qcow2_snapshot_list(BlockDriverState *bs, BlockSnapshotInfo **list);

/* qcow2-check.c */
int qcow2_co_check(BlockDriverState *bs, BlockCheckResult *res, int fix);

#endif
