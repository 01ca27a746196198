/*
 * qcow2 image: header and header extensions (parse with bounds checks, write
 * back), open/close, creation, resize, backing file change and the driver
 * table.  See qcow2.h for the layout constants.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "block/qcow2.h"

typedef struct FeatureName {
    uint8_t type;       /* 0 incompatible, 1 compatible, 2 autoclear */
    uint8_t bit;
    const char *name;
} FeatureName;

/* The feature-name table we write into v3 headers. */
static const FeatureName qcow2_features[] = {
    { 0, 0, "dirty bit" },
    { 0, 1, "corrupt bit" },
    { 0, 2, "external data file" },
    { 0, 3, "compression type" },
    { 0, 4, "extended L2 entries" },
    { 1, 0, "lazy refcounts" },
    { 2, 0, "bitmaps" },
    { 2, 1, "raw external data" },
};

void qcow2_report_corruption(BlockDriverState *bs, const char *fmt, ...)
{
    Qcow2State *s = bs->opaque;
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!s->corrupt) {
        fprintf(stderr, "qcow2: Image '%s' is corrupt: %s%s\n", bs->filename, msg,
                bs->read_only ? "" : "; further writes are refused");
    }
    g_free(msg);
    if (bs->read_only || s->corrupt || bs->opts.check) {
        s->corrupt = true;
        return;
    }
    s->corrupt = true;
    if (s->version >= 3) {
        /* Mark it on disk so nobody writes to it before a repair. */
        uint8_t buf[8];
        s->incompatible |= QCOW2_INCOMPAT_CORRUPT;
        qcow2_st64(buf, s->incompatible);
        qcow2_write_header_field(bs, QCOW2_HDR_INCOMPAT, buf, 8);
    }
}

int qcow2_flush_file(BlockDriverState *bs)
{
    return bdrv_co_flush(bs->file);
}

int qcow2_write_header_field(BlockDriverState *bs, uint64_t offset, const void *buf,
                             size_t len)
{
    return bdrv_co_pwrite(bs->file, offset, len, buf);
}

static uint8_t *put_ext(uint8_t *p, uint32_t type, const void *data, uint32_t len)
{
    qcow2_st32(p, type);
    qcow2_st32(p + 4, len);
    memcpy(p + 8, data, len);
    uint32_t padded = align_up64(len, 8);
    memset(p + 8 + len, 0, padded - len);
    return p + 8 + padded;
}

/* Rewrite the whole first cluster: header, extensions, backing file name. */
int qcow2_write_header(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    uint32_t cs = s->cluster_size;
    uint8_t *buf = block_buf_alloc(cs);
    memset(buf, 0, cs);
    uint32_t hlen = s->version >= 3 ? s->header_length : QCOW2_V2_HEADER_LEN;
    qcow2_st32(buf, QCOW2_MAGIC);
    qcow2_st32(buf + 4, s->version);
    qcow2_st32(buf + 20, s->cluster_bits);
    qcow2_st64(buf + QCOW2_HDR_SIZE, bs->total_size);
    qcow2_st32(buf + 36, s->l1_size);
    qcow2_st64(buf + 40, s->l1_table_offset);
    qcow2_st64(buf + 48, s->refcount_table_offset);
    qcow2_st32(buf + 56, (uint32_t)((uint64_t)s->refcount_table_size * 8 / cs));
    qcow2_st32(buf + 60, s->nb_snapshots);
    qcow2_st64(buf + 64, s->snapshots_offset);
    if (s->version >= 3) {
        qcow2_st64(buf + 72, s->incompatible);
        qcow2_st64(buf + 80, s->compatible);
        qcow2_st64(buf + 88, s->autoclear);
        qcow2_st32(buf + 96, s->refcount_order);
        qcow2_st32(buf + 100, hlen);
    }
    uint8_t *p = buf + hlen;
    uint8_t *limit = buf + cs;
    size_t fmt_len = strlen(bs->backing_format);
    size_t need = (fmt_len ? 8 + align_up64(fmt_len, 8) : 0) + s->unknown_exts_len + 8 +
                  strlen(bs->backing_name);
    size_t table_len = 8 + G_N_ELEMENTS(qcow2_features) * 48;
    if (hlen + need > cs) {
        block_buf_free(buf);
        return -ENOSPC;
    }
    if (fmt_len) {
        p = put_ext(p, QCOW2_EXT_BACKING_FORMAT, bs->backing_format, fmt_len);
    }
    /* The feature-name table is optional: small clusters go without it. */
    if (s->version >= 3 && hlen + need + table_len <= cs) {
        uint8_t table[G_N_ELEMENTS(qcow2_features) * 48];
        memset(table, 0, sizeof(table));
        for (size_t i = 0; i < G_N_ELEMENTS(qcow2_features); i++) {
            table[i * 48] = qcow2_features[i].type;
            table[i * 48 + 1] = qcow2_features[i].bit;
            memcpy(table + i * 48 + 2, qcow2_features[i].name,
                   strlen(qcow2_features[i].name));
        }
        p = put_ext(p, QCOW2_EXT_FEATURE_TABLE, table, sizeof(table));
    }
    memcpy(p, s->unknown_exts, s->unknown_exts_len);
    p += s->unknown_exts_len;
    p = put_ext(p, QCOW2_EXT_END, NULL, 0);
    size_t blen = strlen(bs->backing_name);
    if (blen) {
        qcow2_st64(buf + 8, p - buf);
        qcow2_st32(buf + 16, blen);
        memcpy(p, bs->backing_name, blen);
        p += blen;
    }
    g_assert(p <= limit);
    int ret = bdrv_co_pwrite(bs->file, 0, cs, buf);
    block_buf_free(buf);
    return ret;
}

static int qcow2_probe(const uint8_t *buf, int len)
{
    return len >= 8 && qcow2_be32(buf) == QCOW2_MAGIC && qcow2_be32(buf + 4) >= 2 ? 100 : 0;
}

static void qcow2_feature_names(const uint8_t *table, uint32_t n, uint64_t mask,
                                GString *out)
{
    for (int bit = 0; bit < 64; bit++) {
        if (!(mask & (1ULL << bit))) {
            continue;
        }
        const char *name = NULL;
        char tmp[47];
        for (uint32_t i = 0; table && i < n; i++) {
            if (table[i * 48] == 0 && table[i * 48 + 1] == bit) {
                memcpy(tmp, table + i * 48 + 2, 46);
                tmp[46] = 0;
                name = tmp;
            }
        }
        g_string_append_printf(out, "%s%s", out->len ? ", " : "", name ? name : "");
        if (!name) {
            g_string_append_printf(out, "Unknown incompatible feature: %llx",
                                   1ULL << bit);
        }
    }
}

static int qcow2_read_extensions(BlockDriverState *bs, const uint8_t *hdr, uint64_t start,
                                 uint64_t end, uint64_t unsupported, char **errp)
{
    Qcow2State *s = bs->opaque;
    uint64_t off = start;
    const uint8_t *features = NULL;
    uint32_t nfeatures = 0;
    GByteArray *unknown = g_byte_array_new();
    int ret = 0;
    while (off + 8 <= end) {
        uint32_t type = qcow2_be32(hdr + off), len = qcow2_be32(hdr + off + 4);
        off += 8;
        if (type == QCOW2_EXT_END) {
            break;
        }
        if (len > end - off) {
            block_error(errp, "qcow2: header extension 0x%x overruns the header", type);
            ret = -EINVAL;
            break;
        }
        switch (type) {
        case QCOW2_EXT_BACKING_FORMAT:
            if (len >= sizeof(bs->backing_format)) {
                block_error(errp, "qcow2: backing format name too long");
                ret = -EINVAL;
                break;
            }
            memcpy(bs->backing_format, hdr + off, len);
            bs->backing_format[len] = 0;
            break;
        case QCOW2_EXT_FEATURE_TABLE:
            features = hdr + off;
            nfeatures = len / 48;
            break;
        default:
            /* Keep what we do not understand (bitmaps...) verbatim. */
            g_byte_array_append(unknown, hdr + off - 8, 8 + align_up64(len, 8) <=
                                end - off + 8 ? 8 + align_up64(len, 8) : 8 + len);
            break;
        }
        if (ret < 0) {
            break;
        }
        off += align_up64(len, 8);
    }
    if (ret == 0 && unsupported) {
        GString *names = g_string_new(NULL);
        qcow2_feature_names(features, nfeatures, unsupported, names);
        block_error(errp, "Unsupported qcow2 feature(s): %s", names->str);
        g_string_free(names, true);
        ret = -ENOTSUP;
    }
    s->unknown_exts_len = unknown->len;
    s->unknown_exts = g_byte_array_free(unknown, false);
    return ret;
}

static int read_table(BlockDriverState *bs, uint64_t offset, uint32_t entries,
                      uint64_t **out)
{
    uint64_t *t = g_new0(uint64_t, entries ? entries : 1);
    if (entries) {
        uint8_t *raw = block_buf_alloc((size_t)entries * 8);
        int ret = bdrv_co_pread(bs->file, offset, (uint64_t)entries * 8, raw);
        if (ret < 0) {
            block_buf_free(raw);
            g_free(t);
            return ret;
        }
        for (uint32_t i = 0; i < entries; i++) {
            t[i] = qcow2_be64(raw + i * 8);
        }
        block_buf_free(raw);
    }
    *out = t;
    return 0;
}

static bool bad_table(const Qcow2State *s, uint64_t offset, uint64_t entries,
                      uint64_t max_bytes)
{
    return entries * 8 > max_bytes || qcow2_offset_into_cluster(s, offset) ||
           offset > (1ULL << 56) || (entries && !offset);
}

static int qcow2_parse_header(BlockDriverState *bs, const uint8_t *h, char **errp)
{
    Qcow2State *s = bs->opaque;
    if (qcow2_be32(h) != QCOW2_MAGIC) {
        block_error(errp, "Image is not in qcow2 format");
        return -EINVAL;
    }
    s->version = qcow2_be32(h + 4);
    if (s->version < 2 || s->version > 3) {
        block_error(errp, "Unsupported qcow2 version %d", s->version);
        return -ENOTSUP;
    }
    s->cluster_bits = qcow2_be32(h + 20);
    if (s->cluster_bits < QCOW2_MIN_CLUSTER_BITS || s->cluster_bits > QCOW2_MAX_CLUSTER_BITS) {
        block_error(errp, "Unsupported cluster size: 2^%u", qcow2_be32(h + 20));
        return -EINVAL;
    }
    s->cluster_size = 1u << s->cluster_bits;
    s->l2_bits = s->cluster_bits - 3;
    s->l2_size = 1u << s->l2_bits;
    s->csize_shift = 62 - (s->cluster_bits - 8);
    s->csize_mask = (1ULL << (s->cluster_bits - 8)) - 1;
    s->cluster_offset_mask = (1ULL << s->csize_shift) - 1;
    if (qcow2_be32(h + 32) != 0) {
        block_error(errp, "qcow2: encrypted images are not supported");
        return -ENOTSUP;
    }
    if (s->version == 2) {
        s->header_length = QCOW2_V2_HEADER_LEN;
        s->refcount_order = 4;
    } else {
        s->incompatible = qcow2_be64(h + 72);
        s->compatible = qcow2_be64(h + 80);
        s->autoclear = qcow2_be64(h + 88);
        s->refcount_order = qcow2_be32(h + 96);
        s->header_length = qcow2_be32(h + 100);
        if (s->header_length < 104) {
            block_error(errp, "qcow2 header too short");
            return -EINVAL;
        }
        if (s->header_length > s->cluster_size) {
            block_error(errp, "qcow2 header exceeds cluster size");
            return -EINVAL;
        }
        if (s->header_length > 104 && h[104] != 0) {
            block_error(errp, "qcow2: unsupported compression type %u", h[104]);
            return -ENOTSUP;
        }
        /* We write back what we understand of the header. */
        s->header_length = QCOW2_V3_HEADER_LEN;
    }
    if (s->refcount_order > 6) {
        block_error(errp, "Reference count entry width too large; may not exceed 64 bits");
        return -EINVAL;
    }
    s->refcount_block_bits = s->cluster_bits + 3 - s->refcount_order;
    s->refcount_max = s->refcount_order == 6 ? INT64_MAX
                                             : (1ULL << (1 << s->refcount_order)) - 1;
    s->lazy_refcounts = s->compatible & QCOW2_COMPAT_LAZY_REFCOUNTS;

    bs->total_size = qcow2_be64(h + QCOW2_HDR_SIZE);
    s->l1_size = qcow2_be32(h + 36);
    s->l1_table_offset = qcow2_be64(h + 40);
    s->refcount_table_offset = qcow2_be64(h + 48);
    uint32_t rt_clusters = qcow2_be32(h + 56);
    s->nb_snapshots = (int)MIN(qcow2_be32(h + 60), (uint32_t)INT32_MAX);
    s->snapshots_offset = qcow2_be64(h + 64);

    uint64_t max_size = (uint64_t)(QCOW2_MAX_L1_BYTES / 8) << (s->cluster_bits + s->l2_bits);
    if (bs->total_size > max_size || bs->total_size > INT64_MAX / 2) {
        block_error(errp, "Image is too big (virtual size %llu)",
                    (unsigned long long)bs->total_size);
        return -EFBIG;
    }
    if (s->l1_size > QCOW2_MAX_L1_BYTES / 8) {
        block_error(errp, "Active L1 table too large");
        return -EFBIG;
    }
    if (s->l1_size < qcow2_size_to_l1(s, bs->total_size)) {
        block_error(errp, "L1 table is too small");
        return -EINVAL;
    }
    if (bad_table(s, s->l1_table_offset, s->l1_size, QCOW2_MAX_L1_BYTES)) {
        block_error(errp, "Invalid L1 table offset");
        return -EINVAL;
    }
    if ((uint64_t)rt_clusters << s->cluster_bits > QCOW2_MAX_REFTABLE_BYTES) {
        block_error(errp, "Reference count table too large");
        return -EINVAL;
    }
    s->refcount_table_size = ((uint64_t)rt_clusters << s->cluster_bits) / 8;
    if (rt_clusters == 0 ||
        bad_table(s, s->refcount_table_offset, s->refcount_table_size,
                  QCOW2_MAX_REFTABLE_BYTES)) {
        block_error(errp, "Invalid reference count table offset");
        return -EINVAL;
    }
    if (s->nb_snapshots > QCOW2_MAX_SNAPSHOTS) {
        block_error(errp, "Too many snapshots");
        return -EFBIG;
    }
    if (s->nb_snapshots && bad_table(s, s->snapshots_offset, 1, 8)) {
        block_error(errp, "Invalid snapshot table offset");
        return -EINVAL;
    }

    uint64_t boff = qcow2_be64(h + 8);
    uint32_t blen = qcow2_be32(h + 16);
    uint64_t ext_end = s->cluster_size;
    if (boff) {
        if (blen > QCOW2_MAX_BACKING_NAME || boff > s->cluster_size ||
            blen > s->cluster_size - boff || boff < s->header_length) {
            block_error(errp, "Backing file name too long or outside the header cluster");
            return -EINVAL;
        }
        memcpy(bs->backing_name, h + boff, blen);
        bs->backing_name[blen] = 0;
        if (strlen(bs->backing_name) != blen) {
            block_error(errp, "Backing file name contains a NUL byte");
            return -EINVAL;
        }
        ext_end = boff;
    }
    uint64_t unsupported = s->incompatible & ~QCOW2_INCOMPAT_KNOWN;
    int ret = qcow2_read_extensions(bs, h, s->version >= 3 ? qcow2_be32(h + 100) : 72,
                                    ext_end, unsupported, errp);
    if (ret < 0) {
        return ret;
    }
    if ((s->incompatible & QCOW2_INCOMPAT_CORRUPT) && !bs->read_only && !bs->opts.check) {
        block_error(errp, "qcow2: Image is corrupt; cannot be opened read/write");
        return -EACCES;
    }
    return 0;
}

typedef struct OpenArgs {
    BlockDriverState *bs;
    char **errp;
} OpenArgs;

static int qcow2_open_co(void *opaque)
{
    OpenArgs *a = opaque;
    BlockDriverState *bs = a->bs;
    Qcow2State *s = bs->opaque;
    char **errp = a->errp;
    uint8_t *h = block_buf_alloc(1u << QCOW2_MAX_CLUSTER_BITS);
    memset(h, 0, 1u << QCOW2_MAX_CLUSTER_BITS);
    int ret = bdrv_co_pread(bs->file, 0, 512, h);
    if (ret >= 0 && qcow2_be32(h) == QCOW2_MAGIC) {
        uint32_t cb = qcow2_be32(h + 20);
        if (cb >= QCOW2_MIN_CLUSTER_BITS && cb <= QCOW2_MAX_CLUSTER_BITS) {
            ret = bdrv_co_pread(bs->file, 0, 1u << cb, h);
        }
    }
    if (ret >= 0) {
        ret = qcow2_parse_header(bs, h, errp);
    }
    block_buf_free(h);
    if (ret < 0) {
        return ret;
    }
    s->file_size = bs->file->total_size;
    s->metadata_prealloc = -1;
    ret = read_table(bs, s->l1_table_offset, s->l1_size, &s->l1_table);
    if (ret >= 0) {
        ret = read_table(bs, s->refcount_table_offset, s->refcount_table_size,
                         &s->refcount_table);
    }
    if (ret < 0) {
        block_error(errp, "Could not read the L1 or refcount table: %s", g_strerror(-ret));
        return ret;
    }
    for (uint32_t i = 0; i < s->refcount_table_size; i++) {
        if (s->refcount_table[i]) {
            s->refcount_table_used = i + 1;
        }
    }
    s->l1_vm_state_index = qcow2_size_to_l1(s, bs->total_size);
    int l2_entries = (int)MIN(MAX(16, s->l1_size + 4), MAX(16u, (32u << 20) / s->cluster_size));
    s->l2_cache = qcow2_cache_new(l2_entries, s->cluster_size);
    s->refcount_cache = qcow2_cache_new(MAX(16, l2_entries / 4), s->cluster_size);
    if (!s->lazy_refcounts) {
        qcow2_cache_set_dependency(s->l2_cache, s->refcount_cache);
    }
    s->pending_frees = g_array_new(false, false, sizeof(Qcow2Range));
    s->zbuf = g_malloc(2 * s->cluster_size);
    s->dbuf = g_malloc(s->cluster_size);
    co_mutex_init(&s->lock);
    ret = qcow2_read_snapshots(bs, errp);
    if (ret < 0) {
        return ret;
    }
    if (bs->read_only) {
        return 0;
    }
    if ((s->incompatible & QCOW2_INCOMPAT_DIRTY) && !bs->opts.check) {
        /* Lazy refcounts left stale by a crash: rebuild them. */
        BlockCheckResult res;
        memset(&res, 0, sizeof(res));
        ret = qcow2_co_check(bs, &res, BLOCK_CHECK_FIX_LEAKS | BLOCK_CHECK_FIX_ERRORS);
        if (ret < 0 || res.corruptions) {
            block_error(errp, "qcow2: could not repair the dirty image");
            return ret < 0 ? ret : -EIO;
        }
        s->incompatible &= ~QCOW2_INCOMPAT_DIRTY;
        uint8_t buf[8];
        qcow2_st64(buf, s->incompatible);
        ret = qcow2_write_header_field(bs, QCOW2_HDR_INCOMPAT, buf, 8);
    }
    if (ret >= 0 && (s->autoclear & ~QCOW2_AUTOCLEAR_KNOWN)) {
        /* Extensions we do not maintain become invalid once we write. */
        s->autoclear &= QCOW2_AUTOCLEAR_KNOWN;
        ret = qcow2_write_header(bs);
    }
    return ret;
}

static int qcow2_open(BlockDriverState *bs, char **errp)
{
    OpenArgs a = { bs, errp };
    return bdrv_run_co(bs->ctx, qcow2_open_co, &a);
}

static int qcow2_flush_co(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    co_mutex_lock(&s->lock);
    int ret = qcow2_flush_metadata(bs);
    co_mutex_unlock(&s->lock);
    return ret;
}

static int qcow2_close_co(void *opaque)
{
    BlockDriverState *bs = opaque;
    Qcow2State *s = bs->opaque;
    if (bs->read_only || s->corrupt) {
        return 0;
    }
    int ret = qcow2_flush_co(bs);
    if (ret >= 0) {
        ret = qcow2_trim_file(bs);
    }
    if (ret >= 0 && s->dirty_marked) {
        ret = qcow2_flush_file(bs);
        if (ret >= 0) {
            uint8_t buf[8];
            s->incompatible &= ~QCOW2_INCOMPAT_DIRTY;
            qcow2_st64(buf, s->incompatible);
            ret = qcow2_write_header_field(bs, QCOW2_HDR_INCOMPAT, buf, 8);
        }
    }
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    return ret;
}

static void qcow2_close(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    if (s->l2_cache) {
        int ret = bdrv_run_co(bs->ctx, qcow2_close_co, bs);
        if (ret < 0) {
            fprintf(stderr, "qcow2: failed to write back metadata of '%s': %s\n",
                    bs->filename, g_strerror(-ret));
        }
    }
    qcow2_cache_free(s->l2_cache);
    qcow2_cache_free(s->refcount_cache);
    if (s->pending_frees) {
        g_array_free(s->pending_frees, true);
    }
    g_free(s->l1_table);
    g_free(s->refcount_table);
    g_free(s->unknown_exts);
    g_free(s->zbuf);
    g_free(s->dbuf);
    qcow2_free_snapshots(s);
}

static int qcow2_co_flush(BlockDriverState *bs)
{
    return qcow2_flush_co(bs);
}

static int qcow2_co_truncate(BlockDriverState *bs, uint64_t size, bool shrink, char **errp)
{
    Qcow2State *s = bs->opaque;
    if (s->nb_snapshots && s->version < 3) {
        block_error(errp, "Can't resize a v2 image which has snapshots");
        return -ENOTSUP;
    }
    if (size & 511) {
        block_error(errp, "The new size must be a multiple of 512");
        return -EINVAL;
    }
    uint64_t max_size = (uint64_t)(QCOW2_MAX_L1_BYTES / 8) << (s->cluster_bits + s->l2_bits);
    if (size > max_size) {
        block_error(errp, "Image size too big for this cluster size");
        return -EFBIG;
    }
    co_mutex_lock(&s->lock);
    int ret = 0;
    if (size < bs->total_size) {
        /* Unmap whole clusters past the new end (the active vmstate area
         * included); they are gone for good.  Then drop the L1 entries and
         * L2 tables past it and give the file's tail back. */
        uint64_t start = align_up64(size, s->cluster_size);
        uint64_t mapped = (uint64_t)s->l1_size << (s->cluster_bits + s->l2_bits);
        if (start < mapped) {
            ret = qcow2_unmap_clusters(bs, start, mapped - start, false, true);
        }
        if (ret >= 0) {
            ret = qcow2_flush_metadata(bs);
        }
        if (ret >= 0) {
            ret = qcow2_shrink_l1_table(bs, qcow2_size_to_l1(s, size));
        }
        if (ret >= 0) {
            ret = qcow2_truncate_to_last_cluster(bs);
        }
    } else {
        ret = qcow2_grow_l1_table(bs, qcow2_size_to_l1(s, size));
    }
    uint8_t buf[8];
    qcow2_st64(buf, size);
    if (ret >= 0) {
        ret = qcow2_write_header_field(bs, QCOW2_HDR_SIZE, buf, 8);
    }
    if (ret >= 0) {
        bs->total_size = size;
        s->l1_vm_state_index = qcow2_size_to_l1(s, size);
        ret = qcow2_flush_file(bs);
    }
    co_mutex_unlock(&s->lock);
    if (ret < 0) {
        block_error(errp, "Could not resize image: %s", g_strerror(-ret));
    }
    return ret;
}

static int qcow2_get_info(BlockDriverState *bs, BlockImageInfo *info)
{
    Qcow2State *s = bs->opaque;
    info->cluster_size = s->cluster_size;
    info->compat = s->version;
    info->lazy_refcounts = s->lazy_refcounts;
    info->refcount_bits = 1 << s->refcount_order;
    info->corrupt = (s->incompatible & QCOW2_INCOMPAT_CORRUPT) != 0;
    info->dirty = (s->incompatible & QCOW2_INCOMPAT_DIRTY) != 0;
    info->extended_l2 = false;
    return 0;
}

typedef struct BackingArgs {
    BlockDriverState *bs;
    const char *name;
    const char *fmt;
} BackingArgs;

static int qcow2_change_backing_co(void *opaque)
{
    BackingArgs *a = opaque;
    BlockDriverState *bs = a->bs;
    Qcow2State *s = bs->opaque;
    char old_name[sizeof(bs->backing_name)], old_fmt[sizeof(bs->backing_format)];
    if (a->name && strlen(a->name) > QCOW2_MAX_BACKING_NAME) {
        return -EINVAL;
    }
    memcpy(old_name, bs->backing_name, sizeof(old_name));
    memcpy(old_fmt, bs->backing_format, sizeof(old_fmt));
    g_strlcpy(bs->backing_name, a->name ? a->name : "", sizeof(bs->backing_name));
    g_strlcpy(bs->backing_format, a->fmt && a->name ? a->fmt : "", sizeof(bs->backing_format));
    co_mutex_lock(&s->lock);
    int ret = qcow2_flush_metadata(bs);
    if (ret >= 0) {
        ret = qcow2_write_header(bs);
    }
    co_mutex_unlock(&s->lock);
    if (ret < 0) {
        memcpy(bs->backing_name, old_name, sizeof(old_name));
        memcpy(bs->backing_format, old_fmt, sizeof(old_fmt));
    }
    return ret;
}

static int qcow2_change_backing_file(BlockDriverState *bs, const char *name, const char *fmt)
{
    BackingArgs a = { bs, name, fmt };
    return bdrv_run_co(bs->ctx, qcow2_change_backing_co, &a);
}

static int qcow2_preallocate_co(BlockDriverState *bs, BlockPrealloc mode)
{
    Qcow2State *s = bs->opaque;
    uint64_t chunk = (uint64_t)s->l2_size << s->cluster_bits;
    int ret = 0;
    for (uint64_t off = 0; off < bs->total_size && ret >= 0; off += chunk) {
        uint64_t n = MIN(chunk, bs->total_size - off);
        uint64_t clusters = qcow2_size_to_clusters(s, n);
        uint64_t *l2;
        ret = qcow2_get_l2_for_write(bs, off, (void **)&l2);
        if (ret < 0) {
            break;
        }
        qcow2_cache_put(s->l2_cache, (void **)&l2);
        int64_t host = qcow2_alloc_clusters(bs, clusters << s->cluster_bits, NULL);
        if (host < 0) {
            ret = host;
            break;
        }
        if (mode == BLOCK_PREALLOC_FULL) {
            ret = bdrv_co_pwrite_zeroes(bs->file, host, clusters << s->cluster_bits, 0);
        } else if (mode == BLOCK_PREALLOC_FALLOC) {
            ret = bdrv_co_pwrite_zeroes(bs->file, host, clusters << s->cluster_bits, 0);
        }
        if (ret < 0) {
            break;
        }
        ret = qcow2_get_l2_for_write(bs, off, (void **)&l2);
        if (ret < 0) {
            break;
        }
        for (uint64_t i = 0; i < clusters; i++) {
            qcow2_st64(&l2[i], (host + (i << s->cluster_bits)) | QCOW2_OFLAG_COPIED);
        }
        qcow2_cache_mark_dirty(s->l2_cache, l2);
        qcow2_cache_put(s->l2_cache, (void **)&l2);
    }
    if (ret >= 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret >= 0 && mode == BLOCK_PREALLOC_METADATA && s->file_size > bs->file->total_size) {
        /* The file covers every allocated cluster, as holes. */
        ret = bdrv_co_truncate(bs->file, s->file_size, false, NULL);
    }
    return ret;
}

typedef struct CreateArgs {
    BlockDriverState *bs;
    const BlockCreateOptions *o;
    char **errp;
} CreateArgs;

static int qcow2_create_finish_co(void *opaque)
{
    CreateArgs *a = opaque;
    BlockDriverState *bs = a->bs;
    Qcow2State *s = bs->opaque;
    const BlockCreateOptions *o = a->o;
    co_mutex_lock(&s->lock);
    bs->total_size = o->size;
    int ret = qcow2_grow_l1_table(bs, qcow2_size_to_l1(s, o->size));
    if (ret >= 0) {
        g_strlcpy(bs->backing_name, o->backing_file ? o->backing_file : "",
                  sizeof(bs->backing_name));
        g_strlcpy(bs->backing_format, o->backing_file && o->backing_format
                  ? o->backing_format : "", sizeof(bs->backing_format));
        if (o->lazy_refcounts) {
            s->compatible |= QCOW2_COMPAT_LAZY_REFCOUNTS;
        }
        ret = qcow2_flush_metadata(bs);
    }
    if (ret >= 0) {
        ret = qcow2_write_header(bs);
    }
    co_mutex_unlock(&s->lock);
    if (ret >= 0 && o->prealloc != BLOCK_PREALLOC_OFF) {
        co_mutex_lock(&s->lock);
        ret = qcow2_preallocate_co(bs, o->prealloc);
        co_mutex_unlock(&s->lock);
    }
    if (ret < 0) {
        block_error(a->errp, "Could not create the image: %s", g_strerror(-ret));
    }
    return ret;
}

static int qcow2_create(BlockContext *ctx, const char *filename, const BlockCreateOptions *o,
                        char **errp)
{
    uint32_t cs = o->cluster_size ? o->cluster_size : 1u << QCOW2_DEFAULT_CLUSTER_BITS;
    int version = o->compat ? o->compat : 3;
    int refcount_bits = o->refcount_bits ? o->refcount_bits : 16;
    if (cs < 512 || cs > (1u << QCOW2_MAX_CLUSTER_BITS) || (cs & (cs - 1))) {
        block_error(errp, "Cluster size must be a power of two between 512 and 2048k");
        return -EINVAL;
    }
    if (version != 2 && version != 3) {
        block_error(errp, "Invalid compatibility level");
        return -EINVAL;
    }
    if (o->lazy_refcounts && version < 3) {
        block_error(errp, "Lazy refcounts only supported with compatibility level 1.1 "
                    "and above (use version=v3 or greater)");
        return -EINVAL;
    }
    if (refcount_bits > 64 || (refcount_bits & (refcount_bits - 1))) {
        block_error(errp, "Refcount width must be a power of two and may not exceed "
                    "64 bits");
        return -EINVAL;
    }
    if (version < 3 && refcount_bits != 16) {
        block_error(errp, "Different refcount widths than 16 bits require compatibility "
                    "level 1.1 or above (use version=v3 or greater)");
        return -EINVAL;
    }
    if (o->size & 511) {
        block_error(errp, "Image size must be a multiple of 512 bytes");
        return -EINVAL;
    }
    if (o->backing_file && strlen(o->backing_file) > QCOW2_MAX_BACKING_NAME) {
        block_error(errp, "Backing file name too long");
        return -EINVAL;
    }
    int cb = __builtin_ctz(cs);
    uint64_t max_size = (uint64_t)(QCOW2_MAX_L1_BYTES / 8) << (cb + cb - 3);
    if (o->size > max_size) {
        block_error(errp, "Image size too big for this cluster size");
        return -EFBIG;
    }
    BlockCreateOptions fo = { .size = 0 };
    int ret = bdrv_file.create(ctx, filename, &fo, errp);
    if (ret < 0) {
        return ret;
    }
    /* Minimal image: header, one-cluster refcount table, one refcount block
     * covering those three clusters, empty L1; the rest is done by opening it. */
    int order = __builtin_ctz(refcount_bits);
    uint8_t *buf = block_buf_alloc(3 * cs);
    memset(buf, 0, 3 * cs);
    qcow2_st32(buf, QCOW2_MAGIC);
    qcow2_st32(buf + 4, version);
    qcow2_st32(buf + 20, cb);
    qcow2_st64(buf + 48, cs);
    qcow2_st32(buf + 56, 1);
    if (version >= 3) {
        qcow2_st32(buf + 96, order);
        qcow2_st32(buf + 100, QCOW2_V3_HEADER_LEN);
        qcow2_st32(buf + QCOW2_V3_HEADER_LEN, QCOW2_EXT_END);
    }
    qcow2_st64(buf + cs, 2 * cs);
    Qcow2State tmp = { .refcount_order = order };
    for (int i = 0; i < 3; i++) {
        qcow2_refcount_set_entry(&tmp, buf + 2 * cs, i, 1);
    }
    BlockOpenOptions oo;
    block_open_options_init(&oo);
    BlockDriverState *file = bdrv_open_driver(ctx, &bdrv_file, filename, &oo, errp);
    if (!file) {
        block_buf_free(buf);
        return -EIO;
    }
    ret = bdrv_pwrite(file, 0, 3 * cs, buf);
    block_buf_free(buf);
    if (ret >= 0) {
        ret = bdrv_flush(file);
    }
    bdrv_close(file);
    if (ret < 0) {
        block_error(errp, "Could not write the image header: %s", g_strerror(-ret));
        return ret;
    }
    oo.format = "qcow2";
    oo.no_backing = true;
    BlockDriverState *bs = bdrv_open_driver(ctx, &bdrv_qcow2, filename, &oo, errp);
    if (!bs) {
        return -EIO;
    }
    CreateArgs a = { bs, o, errp };
    ret = bdrv_run_co(ctx, qcow2_create_finish_co, &a);
    bdrv_close(bs);
    return ret;
}

const BlockDriver bdrv_qcow2 = {
    .name = "qcow2",
    .state_size = sizeof(Qcow2State),
    .probe = qcow2_probe,
    .open = qcow2_open,
    .close = qcow2_close,
    .create = qcow2_create,
    .co_pread = qcow2_co_pread,
    .co_pwrite = qcow2_co_pwrite,
    .co_pwrite_zeroes = qcow2_co_pwrite_zeroes,
    .co_pwrite_compressed = qcow2_co_pwrite_compressed,
    .co_pdiscard = qcow2_co_pdiscard,
    .co_flush = qcow2_co_flush,
    .co_truncate = qcow2_co_truncate,
    .co_block_status = qcow2_co_block_status,
    .get_info = qcow2_get_info,
    .co_check = qcow2_co_check,
    .change_backing_file = qcow2_change_backing_file,
    .co_make_empty = qcow2_co_make_empty,
    .snapshot_create = qcow2_snapshot_create,
    .snapshot_goto = qcow2_snapshot_goto,
    .snapshot_delete = qcow2_snapshot_delete,
    .snapshot_list = qcow2_snapshot_list,
    .co_save_vmstate = qcow2_co_save_vmstate,
    .co_load_vmstate = qcow2_co_load_vmstate,
};
