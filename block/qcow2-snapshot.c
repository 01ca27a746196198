/*
 * qcow2 internal snapshots: the snapshot table (entries with extra data:
 * vm_state_size_large, disk_size, icount), and create / apply / delete /
 * list.  A snapshot owns a copy of the L1 table; everything it reaches gets
 * one more reference, and COPIED flags of the active tables follow.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "block/qcow2.h"

#define SNAPSHOT_HEADER_LEN     40
#define SNAPSHOT_EXTRA_LEN      24
#define SNAPSHOT_TABLE_MAX      (64u << 20)

void qcow2_free_snapshots(Qcow2State *s)
{
    for (int i = 0; i < s->nb_snapshots && s->snapshots; i++) {
        g_free(s->snapshots[i].id_str);
        g_free(s->snapshots[i].name);
        g_free(s->snapshots[i].extra_unknown);
    }
    g_free(s->snapshots);
    s->snapshots = NULL;
}

int qcow2_read_snapshots(BlockDriverState *bs, char **errp)
{
    Qcow2State *s = bs->opaque;
    int n = s->nb_snapshots;
    s->snapshots = g_new0(Qcow2Snapshot, n ? n : 1);
    uint64_t off = s->snapshots_offset;
    for (int i = 0; i < n; i++) {
        uint8_t h[SNAPSHOT_HEADER_LEN];
        Qcow2Snapshot *sn = &s->snapshots[i];
        off = align_up64(off, 8);
        if (off - s->snapshots_offset > SNAPSHOT_TABLE_MAX) {
            block_error(errp, "Snapshot table is too big");
            s->nb_snapshots = i;
            return -EFBIG;
        }
        int ret = bdrv_co_pread(bs->file, off, sizeof(h), h);
        if (ret < 0) {
            s->nb_snapshots = i;
            return ret;
        }
        sn->l1_table_offset = qcow2_be64(h);
        sn->l1_size = qcow2_be32(h + 8);
        uint16_t id_len = qcow2_be16(h + 12), name_len = qcow2_be16(h + 14);
        sn->date_sec = qcow2_be32(h + 16);
        sn->date_nsec = qcow2_be32(h + 20);
        sn->vm_clock_nsec = qcow2_be64(h + 24);
        sn->vm_state_size = qcow2_be32(h + 32);
        sn->extra_size = qcow2_be32(h + 36);
        sn->disk_size = bs->total_size;
        sn->icount = UINT64_MAX;
        off += sizeof(h);
        if (sn->extra_size > QCOW2_MAX_SNAPSHOT_EXTRA) {
            block_error(errp, "Too much extra metadata in snapshot table entry %d", i);
            s->nb_snapshots = i;
            return -EFBIG;
        }
        uint8_t extra[QCOW2_MAX_SNAPSHOT_EXTRA];
        uint64_t rest = sn->extra_size + id_len + name_len;
        uint8_t *buf = g_malloc(rest + 1);
        ret = bdrv_co_pread(bs->file, off, rest, buf);
        memcpy(extra, buf, sn->extra_size);
        if (sn->extra_size >= 8) {
            sn->vm_state_size = qcow2_be64(extra);
        }
        if (sn->extra_size >= 16) {
            sn->disk_size = qcow2_be64(extra + 8);
        }
        if (sn->extra_size >= 24) {
            sn->icount = qcow2_be64(extra + 16);
        }
        if (sn->extra_size > SNAPSHOT_EXTRA_LEN) {
            sn->extra_unknown_size = sn->extra_size - SNAPSHOT_EXTRA_LEN;
            sn->extra_unknown = g_memdup2(extra + SNAPSHOT_EXTRA_LEN, sn->extra_unknown_size);
        }
        sn->id_str = g_strndup((char *)buf + sn->extra_size, id_len);
        sn->name = g_strndup((char *)buf + sn->extra_size + id_len, name_len);
        g_free(buf);
        off += rest;
        if (ret < 0) {
            s->nb_snapshots = i + 1;
            return ret;
        }
        if (s->version >= 3 && sn->extra_size < 16) {
            block_error(errp, "Snapshot %s lacks the disk size required by qcow2 v3",
                        sn->id_str);
            s->nb_snapshots = i + 1;
            return -EINVAL;
        }
        if (sn->l1_size > QCOW2_MAX_L1_BYTES / 8 ||
            qcow2_offset_into_cluster(s, sn->l1_table_offset) ||
            sn->l1_table_offset > (1ULL << 56)) {
            block_error(errp, "Snapshot L1 table offset invalid");
            s->nb_snapshots = i + 1;
            return -EINVAL;
        }
    }
    s->snapshots_size = n ? off - s->snapshots_offset : 0;
    return 0;
}

static uint8_t *snapshot_table_build(Qcow2State *s, uint64_t *size)
{
    GByteArray *t = g_byte_array_new();
    for (int i = 0; i < s->nb_snapshots; i++) {
        Qcow2Snapshot *sn = &s->snapshots[i];
        uint32_t extra = SNAPSHOT_EXTRA_LEN + sn->extra_unknown_size;
        uint16_t id_len = strlen(sn->id_str), name_len = strlen(sn->name);
        uint32_t len = align_up64(SNAPSHOT_HEADER_LEN + extra + id_len + name_len, 8);
        uint8_t *e = g_malloc0(len);
        qcow2_st64(e, sn->l1_table_offset);
        qcow2_st32(e + 8, sn->l1_size);
        qcow2_st16(e + 12, id_len);
        qcow2_st16(e + 14, name_len);
        qcow2_st32(e + 16, sn->date_sec);
        qcow2_st32(e + 20, sn->date_nsec);
        qcow2_st64(e + 24, sn->vm_clock_nsec);
        qcow2_st32(e + 32, sn->vm_state_size > UINT32_MAX ? 0 : (uint32_t)sn->vm_state_size);
        qcow2_st32(e + 36, extra);
        qcow2_st64(e + 40, sn->vm_state_size);
        qcow2_st64(e + 48, sn->disk_size);
        qcow2_st64(e + 56, sn->icount);
        memcpy(e + 40 + SNAPSHOT_EXTRA_LEN, sn->extra_unknown, sn->extra_unknown_size);
        memcpy(e + 40 + extra, sn->id_str, id_len);
        memcpy(e + 40 + extra + id_len, sn->name, name_len);
        g_byte_array_append(t, e, len);
        g_free(e);
    }
    *size = t->len;
    return g_byte_array_free(t, false);
}

/* Write the table to new clusters, switch the header to it, free the old. */
static int snapshot_table_write(BlockDriverState *bs)
{
    Qcow2State *s = bs->opaque;
    uint64_t size;
    uint8_t *table = snapshot_table_build(s, &size);
    int64_t off = 0;
    int ret = 0;
    if (size) {
        off = qcow2_alloc_clusters(bs, size, NULL);
        if (off < 0) {
            g_free(table);
            return off;
        }
        ret = bdrv_co_pwrite(bs->file, off, size, table);
    }
    g_free(table);
    if (ret >= 0) {
        ret = qcow2_flush_metadata(bs);
    }
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    uint8_t hdr[12];
    qcow2_st32(hdr, s->nb_snapshots);
    qcow2_st64(hdr + 4, off);
    if (ret >= 0) {
        ret = qcow2_write_header_field(bs, QCOW2_HDR_SNAPSHOTS, hdr, sizeof(hdr));
    }
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    if (ret < 0) {
        if (size) {
            qcow2_free_clusters(bs, off, size);
        }
        return ret;
    }
    uint64_t old_off = s->snapshots_offset, old_size = s->snapshots_size;
    s->snapshots_offset = off;
    s->snapshots_size = size;
    return old_size ? qcow2_free_clusters(bs, old_off, old_size) : 0;
}

static int find_snapshot(Qcow2State *s, const char *name_or_id)
{
    for (int i = 0; i < s->nb_snapshots; i++) {
        if (!strcmp(s->snapshots[i].id_str, name_or_id)) {
            return i;
        }
    }
    for (int i = 0; i < s->nb_snapshots; i++) {
        if (!strcmp(s->snapshots[i].name, name_or_id)) {
            return i;
        }
    }
    return -1;
}

typedef struct SnapArgs {
    BlockDriverState *bs;
    const BlockSnapshotInfo *info;
    const char *name;
    char **errp;
} SnapArgs;

static int snapshot_create_co(void *opaque)
{
    SnapArgs *a = opaque;
    BlockDriverState *bs = a->bs;
    Qcow2State *s = bs->opaque;
    if (s->nb_snapshots >= QCOW2_MAX_SNAPSHOTS) {
        block_error(a->errp, "Too many snapshots");
        return -EFBIG;
    }
    unsigned long max_id = 0;
    for (int i = 0; i < s->nb_snapshots; i++) {
        max_id = MAX(max_id, strtoul(s->snapshots[i].id_str, NULL, 10));
    }
    int ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        return ret;
    }
    uint64_t l1_bytes = (uint64_t)s->l1_size * 8;
    int64_t l1_off = 0;
    if (l1_bytes) {
        l1_off = qcow2_alloc_clusters(bs, l1_bytes, NULL);
        if (l1_off < 0) {
            return l1_off;
        }
        uint8_t *raw = block_buf_alloc(l1_bytes);
        for (uint32_t i = 0; i < s->l1_size; i++) {
            qcow2_st64(raw + i * 8, s->l1_table[i]);
        }
        ret = bdrv_co_pwrite(bs->file, l1_off, l1_bytes, raw);
        block_buf_free(raw);
        if (ret < 0) {
            return ret;
        }
    }
    ret = qcow2_update_snapshot_refcount(bs, s->l1_table_offset, s->l1_size, 1);
    if (ret < 0) {
        if (ret == -ERANGE) {
            block_error(a->errp, "Too many references to a cluster (refcount overflow)");
        }
        return ret;
    }
    Qcow2Snapshot sn = {
        .l1_table_offset = l1_off,
        .l1_size = s->l1_size,
        .id_str = g_strdup_printf("%lu", max_id + 1),
        .name = g_strdup(a->info->name),
        .disk_size = bs->total_size,
        .vm_state_size = a->info->vm_state_size,
        .date_sec = a->info->date_sec,
        .date_nsec = a->info->date_nsec,
        .vm_clock_nsec = a->info->vm_clock_nsec,
        .icount = a->info->icount,
        .extra_size = SNAPSHOT_EXTRA_LEN,
    };
    s->snapshots = g_renew(Qcow2Snapshot, s->snapshots, s->nb_snapshots + 1);
    s->snapshots[s->nb_snapshots++] = sn;
    ret = snapshot_table_write(bs);
    if (ret < 0) {
        s->nb_snapshots--;
        g_free(sn.id_str);
        g_free(sn.name);
        return ret;
    }
    return qcow2_flush_metadata(bs);
}

int qcow2_snapshot_create(BlockDriverState *bs, const BlockSnapshotInfo *info, char **errp)
{
    Qcow2State *s = bs->opaque;
    if (s->corrupt) {
        block_error(errp, "Image is corrupt");
        return -EIO;
    }
    SnapArgs a = { .bs = bs, .info = info, .errp = errp };
    int ret = bdrv_run_co(bs->ctx, snapshot_create_co, &a);
    if (ret < 0) {
        block_error(errp, "Could not create snapshot '%s': %s", info->name, g_strerror(-ret));
    }
    return ret;
}

static int snapshot_goto_co(void *opaque)
{
    SnapArgs *a = opaque;
    BlockDriverState *bs = a->bs;
    Qcow2State *s = bs->opaque;
    int i = find_snapshot(s, a->name);
    if (i < 0) {
        block_error(a->errp, "Failed to load snapshot: %s", g_strerror(ENOENT));
        return -ENOENT;
    }
    Qcow2Snapshot *sn = &s->snapshots[i];
    int ret = qcow2_flush_metadata(bs);
    if (ret >= 0) {
        ret = qcow2_grow_l1_table(bs, sn->l1_size);
    }
    if (ret < 0) {
        return ret;
    }
    uint64_t *l1 = g_new0(uint64_t, s->l1_size);
    uint8_t *raw = block_buf_alloc((uint64_t)MAX(sn->l1_size, 1) * 8);
    ret = bdrv_co_pread(bs->file, sn->l1_table_offset, (uint64_t)sn->l1_size * 8, raw);
    for (uint32_t j = 0; j < sn->l1_size; j++) {
        l1[j] = qcow2_be64(raw + j * 8);
    }
    block_buf_free(raw);
    bool changed;
    if (ret >= 0) {
        ret = qcow2_update_l1_refcount(bs, l1, sn->l1_size, 1, &changed);
    }
    if (ret < 0) {
        g_free(l1);
        return ret;
    }
    /* Switch the active L1, then drop the references of the old one. */
    uint64_t *old = s->l1_table;
    s->l1_table = l1;
    ret = qcow2_write_active_l1(bs);
    if (ret >= 0) {
        ret = qcow2_flush_file(bs);
    }
    if (ret >= 0) {
        ret = qcow2_update_l1_refcount(bs, old, s->l1_size, -1, &changed);
    }
    g_free(old);
    if (ret >= 0) {
        ret = qcow2_update_snapshot_refcount(bs, s->l1_table_offset, s->l1_size, 0);
    }
    if (ret >= 0 && sn->disk_size != bs->total_size) {
        uint8_t buf[8];
        qcow2_st64(buf, sn->disk_size);
        ret = qcow2_write_header_field(bs, QCOW2_HDR_SIZE, buf, 8);
        if (ret >= 0) {
            bs->total_size = sn->disk_size;
            s->l1_vm_state_index = qcow2_size_to_l1(s, bs->total_size);
        }
    }
    qcow2_cache_drop_all(s->l2_cache);
    s->dbuf_offset = 0;
    return ret >= 0 ? qcow2_flush_metadata(bs) : ret;
}

int qcow2_snapshot_goto(BlockDriverState *bs, const char *name_or_id, char **errp)
{
    SnapArgs a = { .bs = bs, .name = name_or_id, .errp = errp };
    int ret = bdrv_run_co(bs->ctx, snapshot_goto_co, &a);
    if (ret < 0) {
        block_error(errp, "Could not apply snapshot '%s': %s", name_or_id, g_strerror(-ret));
    }
    return ret;
}

static int snapshot_delete_co(void *opaque)
{
    SnapArgs *a = opaque;
    BlockDriverState *bs = a->bs;
    Qcow2State *s = bs->opaque;
    int i = find_snapshot(s, a->name);
    if (i < 0) {
        block_error(a->errp, "snapshot not found");
        return -ENOENT;
    }
    Qcow2Snapshot sn = s->snapshots[i];
    int ret = qcow2_flush_metadata(bs);
    if (ret < 0) {
        return ret;
    }
    memmove(&s->snapshots[i], &s->snapshots[i + 1],
            (s->nb_snapshots - i - 1) * sizeof(Qcow2Snapshot));
    s->nb_snapshots--;
    ret = snapshot_table_write(bs);
    if (ret < 0) {
        memmove(&s->snapshots[i + 1], &s->snapshots[i],
                (s->nb_snapshots - i) * sizeof(Qcow2Snapshot));
        s->snapshots[i] = sn;
        s->nb_snapshots++;
        return ret;
    }
    ret = qcow2_update_snapshot_refcount(bs, sn.l1_table_offset, sn.l1_size, -1);
    if (ret >= 0 && sn.l1_size) {
        ret = qcow2_free_clusters(bs, sn.l1_table_offset, (uint64_t)sn.l1_size * 8);
    }
    if (ret >= 0) {
        ret = qcow2_update_snapshot_refcount(bs, s->l1_table_offset, s->l1_size, 0);
    }
    g_free(sn.id_str);
    g_free(sn.name);
    g_free(sn.extra_unknown);
    return ret >= 0 ? qcow2_flush_metadata(bs) : ret;
}

int qcow2_snapshot_delete(BlockDriverState *bs, const char *name_or_id, char **errp)
{
    SnapArgs a = { .bs = bs, .name = name_or_id, .errp = errp };
    int ret = bdrv_run_co(bs->ctx, snapshot_delete_co, &a);
    if (ret < 0) {
        block_error(errp, "Could not delete snapshot '%s': %s", name_or_id, g_strerror(-ret));
    }
    return ret;
}

int qcow2_snapshot_list(BlockDriverState *bs, BlockSnapshotInfo **list)
{
    Qcow2State *s = bs->opaque;
    BlockSnapshotInfo *l = g_new0(BlockSnapshotInfo, MAX(s->nb_snapshots, 1));
    for (int i = 0; i < s->nb_snapshots; i++) {
        Qcow2Snapshot *sn = &s->snapshots[i];
        g_strlcpy(l[i].id, sn->id_str, sizeof(l[i].id));
        g_strlcpy(l[i].name, sn->name, sizeof(l[i].name));
        l[i].vm_state_size = sn->vm_state_size;
        l[i].date_sec = sn->date_sec;
        l[i].date_nsec = sn->date_nsec;
        l[i].vm_clock_nsec = sn->vm_clock_nsec;
        l[i].icount = sn->icount;
        l[i].disk_size = sn->disk_size;
    }
    *list = l;
    return s->nb_snapshots;
}
