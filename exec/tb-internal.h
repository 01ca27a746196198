/*
 * Private state of the translation-block cache and the CPU loop: the code
 * buffer, the TB hash table, per-page TB lists, chaining and the locks.
 * Shared by the files of exec/ only.
 */
#ifndef EXEC_TB_INTERNAL_H
#define EXEC_TB_INTERNAL_H

#include <glib.h>
#include <pthread.h>

#include "exec/tb.h"
#include "tcg/tcg-internal.h"

/* The TB hash table starts small (few pages to fault in and to copy on
 * fork) and doubles when it holds more TBs than buckets. */
#define TB_HASH_MIN_BITS 10
#define TB_HASH_MAX_BITS 20
#define TB_PAGE_BITS 12
#define TB_PAGE_SIZE (1u << TB_PAGE_BITS)
/* Room kept free at the end of the code buffer for one TB's search data. */
#define TB_SEARCH_SLACK (TCG_MAX_INSNS * sizeof(TCGInsnRecord) + \
                         TCG_MAX_FAULT_WORDS * sizeof(uint32_t) + 4096)
/* Below this much free space, flush before translating. */
#define TB_MIN_FREE (256u << 10)

/* Guest code page: the TBs on it and its write protection (user mode). */
typedef struct PageDesc {
    uintptr_t first;            /* tb | slot of the page in tb->page_addr */
    bool write_protected;
    int orig_prot;
} PageDesc;

struct TBContext {
    TBConfig cfg;
    TCGContext *tcg;

    uint8_t *buf;                /* code buffer: prologue, then TBs */
    size_t buf_size;
    uint8_t *buf_tbs;            /* first byte after the prologue */
    uint8_t *buf_ptr;            /* next free byte */

    /*
     * lock: translation, the hash table, page lists, chaining, the TB list.
     * exec_lock: held for reading by every CPU inside cpu_exec, for writing
     * by a flush (so no CPU runs code while the buffer is reset).
     */
    pthread_mutex_t lock;
    pthread_rwlock_t exec_lock;
    volatile bool flush_pending;
    unsigned generation;        /* flushes so far */

    TranslationBlock **hash;    /* 1 << hash_bits chains */
    unsigned hash_bits;
    size_t hash_count;          /* TBs in the table */
    GHashTable *pages;          /* guest page number -> PageDesc */
    TranslationBlock **tbs;     /* every TB in the buffer, by address */
    size_t nb_tbs, tbs_cap;
    CPUState **cpus;
    int nb_cpus, cpus_cap;

    /* Statistics (for bench/ and logs). */
    uint64_t stat_tbs, stat_insns, stat_code_bytes, stat_flushes;
    uint64_t stat_cosim_checked, stat_cosim_diffs;
};

/* Per-CPU private state of the loop. */
typedef struct CPUExecPriv {
    unsigned generation;        /* tbc->generation its jump cache matches */
    bool holds_lock;            /* inside translation (tbc->lock held) */
    bool in_exec;               /* holds exec_lock for reading */
    const TranslationBlock *interp_tb;   /* being interpreted, or NULL */
    uint64_t insn_data[TCG_INSN_START_WORDS];
    uint32_t next_cflags;       /* extra cflags for the next TB (one insn) */
    /* Code fetch checks while ops->translate runs (translate-all.c, ldst.c). */
    bool translating;
    uint64_t fetch_page_ok;     /* guest page last found readable, + 1 (0: none) */
    int fetch_max_insns;        /* after a refused fetch: translate this many */
    sigjmp_buf fetch_env;
} CPUExecPriv;

/*
 * Jump-cache slot of a pc (tcg/x86_64/ops.c tcg_out_goto_lookup computes the
 * same). All low bits count: x86 blocks may start 1 byte apart (xz had two
 * hot ones at ...cffc and ...cfff evicting each other).
 */
static inline unsigned tb_jmp_cache_hash(uint64_t pc)
{
    return (unsigned)(pc ^ (pc >> TB_JMP_CACHE_BITS)) & (TB_JMP_CACHE_SIZE - 1);
}

/* tb-maint.c */
TranslationBlock *tb_hash_lookup(TBContext *tbc, uint64_t pc, uint64_t cs_base,
                                 uint32_t flags, uint32_t cflags);
void tb_link(TBContext *tbc, TranslationBlock *tb);
void tb_add_jump(TBContext *tbc, TranslationBlock *from, int slot, TranslationBlock *to);
void tb_flush_locked(TBContext *tbc);
void tb_drop(TBContext *tbc, TranslationBlock *tb);
void tb_page_protect(TBContext *tbc, uint64_t page);

/* translate-all.c */
TranslationBlock *tb_gen_code(TBContext *tbc, CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags, bool hot);
uintptr_t tb_run(CPUState *cpu, TranslationBlock *tb);
/* ldst.c: check a code fetch of size bytes at addr during translation. */
void tb_fetch_check(CPUState *cpu, uint64_t addr, unsigned size);

/* The fetch stays on the page last found readable (the common case). */
static inline bool tb_fetch_known(const CPUExecPriv *ep, uint64_t addr, unsigned size)
{
    uint64_t a = (uint32_t)addr;

    return (a >> TB_PAGE_BITS) + 1 == ep->fetch_page_ok &&
           ((a + size - 1) >> TB_PAGE_BITS) + 1 == ep->fetch_page_ok;
}

/* cpu-exec.c */
const void *tb_lookup_ptr(CPUState *cpu);
uint32_t tb_cflags_default(TBContext *tbc);

#endif
