/*
 * qcow2 metadata cache: cluster-sized L2 tables or refcount blocks kept in
 * their on-disk (big-endian) form, written back lazily in LRU order.  A cache
 * may depend on another one, which is then written (and flushed to stable
 * storage) before any of its own dirty tables.
 */
#include <errno.h>
#include <string.h>

#include "block/qcow2.h"

typedef struct CacheEntry {
    uint64_t offset;        /* 0: free slot */
    int ref;
    bool dirty;
    uint64_t lru;
} CacheEntry;

struct Qcow2Cache {
    int size;
    uint32_t table_size;
    uint8_t *tables;
    CacheEntry *e;
    GHashTable *index;      /* offset -> slot + 1 */
    uint64_t lru_clock;
    Qcow2Cache *depends;
};

Qcow2Cache *qcow2_cache_new(int entries, uint32_t table_size)
{
    Qcow2Cache *c = g_new0(Qcow2Cache, 1);
    c->size = entries;
    c->table_size = table_size;
    c->tables = block_buf_alloc((size_t)entries * table_size);
    c->e = g_new0(CacheEntry, entries);
    c->index = g_hash_table_new(g_int64_hash, g_int64_equal);
    return c;
}

void qcow2_cache_free(Qcow2Cache *c)
{
    if (!c) {
        return;
    }
    block_buf_free(c->tables);
    g_free(c->e);
    g_hash_table_destroy(c->index);
    g_free(c);
}

void qcow2_cache_set_dependency(Qcow2Cache *c, Qcow2Cache *dep)
{
    c->depends = dep;
}

static void *slot_table(Qcow2Cache *c, int i)
{
    return c->tables + (size_t)i * c->table_size;
}

static int table_slot(Qcow2Cache *c, const void *table)
{
    ptrdiff_t d = (const uint8_t *)table - c->tables;
    int i = (int)(d / c->table_size);
    g_assert(d >= 0 && i < c->size && (size_t)i * c->table_size == (size_t)d);
    return i;
}

static int cache_find(Qcow2Cache *c, uint64_t offset)
{
    gpointer v = g_hash_table_lookup(c->index, &offset);
    return v ? GPOINTER_TO_INT(v) - 1 : -1;
}

static void cache_unindex(Qcow2Cache *c, int i)
{
    if (c->e[i].offset) {
        g_hash_table_remove(c->index, &c->e[i].offset);
        c->e[i].offset = 0;
    }
}

static void cache_index(Qcow2Cache *c, int i, uint64_t offset)
{
    c->e[i].offset = offset;
    g_hash_table_insert(c->index, &c->e[i].offset, GINT_TO_POINTER(i + 1));
}

static int cache_write_slot(BlockDriverState *bs, Qcow2Cache *c, int i)
{
    CacheEntry *e = &c->e[i];
    if (!e->dirty) {
        return 0;
    }
    if (c->depends) {
        int ret = qcow2_cache_flush(bs, c->depends);
        if (ret < 0) {
            return ret;
        }
    }
    int ret = bdrv_co_pwrite(bs->file, e->offset, c->table_size, slot_table(c, i));
    if (ret < 0) {
        return ret;
    }
    e->dirty = false;
    return 0;
}

int qcow2_cache_flush(BlockDriverState *bs, Qcow2Cache *c)
{
    bool wrote = false;
    for (int i = 0; i < c->size; i++) {
        if (c->e[i].offset && c->e[i].dirty) {
            int ret = cache_write_slot(bs, c, i);
            if (ret < 0) {
                return ret;
            }
            wrote = true;
        }
    }
    /* Whatever depends on this cache must not reach the disk before it. */
    return wrote ? qcow2_flush_file(bs) : 0;
}

int qcow2_cache_write_table(BlockDriverState *bs, Qcow2Cache *c, void *table)
{
    return cache_write_slot(bs, c, table_slot(c, table));
}

static int cache_victim(BlockDriverState *bs, Qcow2Cache *c)
{
    int best = -1;
    for (int i = 0; i < c->size; i++) {
        if (!c->e[i].offset) {
            return i;
        }
        if (c->e[i].ref == 0 && (best < 0 || c->e[i].lru < c->e[best].lru)) {
            best = i;
        }
    }
    if (best < 0) {
        return -ENOSPC;     /* every table is in use: a caller leaks references */
    }
    int ret = cache_write_slot(bs, c, best);
    if (ret < 0) {
        return ret;
    }
    cache_unindex(c, best);
    return best;
}

static int cache_do_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset,
                        void **table, bool read)
{
    int i = cache_find(c, offset);
    if (i < 0) {
        i = cache_victim(bs, c);
        if (i < 0) {
            return i;
        }
        if (read) {
            int ret = bdrv_co_pread(bs->file, offset, c->table_size, slot_table(c, i));
            if (ret < 0) {
                return ret;
            }
        }
        /* Another coroutine may have loaded it while we were reading. */
        int j = cache_find(c, offset);
        if (j >= 0) {
            i = j;
        } else {
            cache_index(c, i, offset);
            c->e[i].dirty = false;
            c->e[i].ref = 0;
        }
    }
    c->e[i].ref++;
    c->e[i].lru = ++c->lru_clock;
    *table = slot_table(c, i);
    return 0;
}

int qcow2_cache_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset, void **table)
{
    return cache_do_get(bs, c, offset, table, true);
}

int qcow2_cache_get_empty(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset,
                          void **table)
{
    return cache_do_get(bs, c, offset, table, false);
}

void qcow2_cache_put(Qcow2Cache *c, void **table)
{
    int i = table_slot(c, *table);
    g_assert(c->e[i].ref > 0);
    c->e[i].ref--;
    *table = NULL;
}

void qcow2_cache_mark_dirty(Qcow2Cache *c, void *table)
{
    c->e[table_slot(c, table)].dirty = true;
}

void qcow2_cache_discard(Qcow2Cache *c, uint64_t offset)
{
    int i = cache_find(c, offset);
    if (i >= 0 && c->e[i].ref == 0) {
        c->e[i].dirty = false;
        cache_unindex(c, i);
    }
}

void qcow2_cache_drop_all(Qcow2Cache *c)
{
    for (int i = 0; i < c->size; i++) {
        c->e[i].dirty = false;
        cache_unindex(c, i);
    }
}
