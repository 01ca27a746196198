/*
 * Translation-block cache maintenance: the code buffer, the hash table on
 * (pc, cs_base, flags, cflags), per-page TB lists, chaining and unchaining of
 * goto_tb jumps, invalidation of written guest code and full flushes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/tb-internal.h"

static unsigned tb_hash_bits(uint64_t pc, uint64_t cs_base, uint32_t flags, uint32_t cflags,
                             unsigned bits)
{
    uint64_t h = pc * 0x9e3779b97f4a7c15ull ^ cs_base * 0xc2b2ae3d27d4eb4full ^
                 ((uint64_t)flags << 32 | cflags) * 0x165667b19e3779f9ull;

    return (unsigned)(h >> (64 - bits));
}

static unsigned tb_hash(const TBContext *tbc, const TranslationBlock *tb)
{
    return tb_hash_bits(tb->pc, tb->cs_base, tb->flags, tb->cflags, tbc->hash_bits);
}

/* Lock held: double the table when it holds more TBs than chains. */
static void tb_hash_grow(TBContext *tbc)
{
    unsigned old_bits = tbc->hash_bits, bits = old_bits + 1;
    TranslationBlock **old = tbc->hash, **n;

    if (tbc->hash_count <= (1u << old_bits) || bits > TB_HASH_MAX_BITS) {
        return;
    }
    n = calloc((size_t)1 << bits, sizeof(*n));
    if (!n) {
        return;     /* longer chains, still correct */
    }
    tbc->hash = n;
    tbc->hash_bits = bits;
    for (size_t i = 0; i < (1u << old_bits); i++) {
        while (old[i]) {
            TranslationBlock *tb = old[i];
            unsigned h = tb_hash(tbc, tb);

            old[i] = tb->hash_next;
            tb->hash_next = n[h];
            n[h] = tb;
        }
    }
    free(old);
}

/* exec_lock prefers writers, so that a flush is not starved by running CPUs. */
static void tb_locks_init(TBContext *tbc)
{
    pthread_rwlockattr_t a;

    pthread_mutex_init(&tbc->lock, NULL);
    pthread_rwlockattr_init(&a);
    pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&tbc->exec_lock, &a);
    pthread_rwlockattr_destroy(&a);
}

TBContext *tb_context_new(const TBConfig *cfg)
{
    TBContext *tbc;
    size_t used;

    if (!cfg->ops || !cfg->ops->translate || !cfg->ops->get_tb_state) {
        fprintf(stderr, "tb: the target provides no translator\n");
        return NULL;
    }
    if (!cfg->user_mode && (!cfg->mem_read || !cfg->mem_write)) {
        fprintf(stderr, "tb: system mode needs guest memory accessors\n");
        return NULL;
    }
    tbc = calloc(1, sizeof(*tbc));
    if (!tbc) {
        return NULL;
    }
    tbc->cfg = *cfg;
    tbc->hash_bits = TB_HASH_MIN_BITS;
    tbc->hash = calloc((size_t)1 << TB_HASH_MIN_BITS, sizeof(*tbc->hash));
    if (!tbc->hash) {
        free(tbc);
        return NULL;
    }
    if (!tbc->cfg.code_size) {
        tbc->cfg.code_size = TB_DEFAULT_CODE_SIZE;
    }
    if (tbc->cfg.code_size < (1u << 20) || tbc->cfg.code_size > (1u << 30)) {
        fprintf(stderr, "tb: code buffer of %zu bytes: it must be 1 MB to 1024 MB\n",
                tbc->cfg.code_size);
        free(tbc->hash);
        free(tbc);
        return NULL;
    }
    tbc->buf_size = tbc->cfg.code_size;
    tbc->buf = mmap(NULL, tbc->buf_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (tbc->buf == MAP_FAILED) {
        fprintf(stderr, "tb: cannot map a %zu MB code buffer: %s\n", tbc->buf_size >> 20,
                strerror(errno));
        free(tbc->hash);
        free(tbc);
        return NULL;
    }
    tbc->tcg = tcg_context_new(cfg->ops->env_offset, cfg->user_mode, cfg->guest_base);
    if (!tbc->tcg) {
        munmap(tbc->buf, tbc->buf_size);
        free(tbc->hash);
        free(tbc);
        return NULL;
    }
    tbc->tcg->hooks.lookup_tb_ptr = (void *)tb_lookup_ptr;
    tbc->tcg->hooks.mem_ld = (void *)cfg->mem_read;
    tbc->tcg->hooks.mem_st = (void *)cfg->mem_write;
    tbc->tcg->lookup_info = (TCGHelperInfo){
        (void *)tb_lookup_ptr, "lookup_tb_ptr", TCG_CALL_NO_WG,
        TCG_HTYPE_PTR | (TCG_HTYPE_PTR << 3),
    };
    if (cfg->ops->tcg_init) {
        cfg->ops->tcg_init(tbc->tcg);
    }
    used = tcg_emit_prologue(tbc->tcg, tbc->buf);
    tbc->buf_tbs = tbc->buf_ptr = tbc->buf + ((used + 63) & ~(size_t)63);
    tb_locks_init(tbc);
    tbc->pages = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    return tbc;
}

static void page_unprotect(TBContext *tbc, uint64_t page, PageDesc *pd);

static void tb_free_all(TBContext *tbc)
{
    for (size_t i = 0; i < tbc->nb_tbs; i++) {
        free(tbc->tbs[i]->ir);
    }
    tbc->nb_tbs = 0;
}

void tb_context_free(TBContext *tbc)
{
    GHashTableIter it;
    gpointer key, value;

    if (!tbc) {
        return;
    }
    /* Give guest code pages their protection back. */
    g_hash_table_iter_init(&it, tbc->pages);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        page_unprotect(tbc, GPOINTER_TO_SIZE(key), value);
    }
    tb_free_all(tbc);
    free(tbc->tbs);
    free(tbc->cpus);
    free(tbc->hash);
    g_hash_table_destroy(tbc->pages);
    tcg_context_free(tbc->tcg);
    munmap(tbc->buf, tbc->buf_size);
    pthread_mutex_destroy(&tbc->lock);
    pthread_rwlock_destroy(&tbc->exec_lock);
    free(tbc);
}

int cpu_init_exec(CPUState *cpu, TBContext *tbc)
{
    CPUExecPriv *ep = calloc(1, sizeof(*ep));
    TranslationBlock **jc = calloc(TB_JMP_CACHE_SIZE, sizeof(*jc));
    CPUState **n;

    if (!ep || !jc) {
        free(ep);
        free(jc);
        return -ENOMEM;
    }
    cpu->ops = tbc->cfg.ops;
    cpu->env = (char *)cpu + tbc->cfg.ops->env_offset;
    cpu->tbc = tbc;
    cpu->tb_jmp_cache = jc;
    cpu->exec_priv = ep;
    cpu->exception_index = EXCP_NONE;
    if (!tbc->cfg.user_mode) {
        cpu_tlb_flush(cpu);     /* user mode never looks at it: leave its pages untouched */
    }
    /* Fully set up before flushes and invalidations can see it. */
    pthread_mutex_lock(&tbc->lock);
    if (tbc->nb_cpus == tbc->cpus_cap) {
        int cap = tbc->cpus_cap ? 2 * tbc->cpus_cap : 8;
        n = realloc(tbc->cpus, cap * sizeof(*n));
        if (!n) {
            pthread_mutex_unlock(&tbc->lock);
            cpu->tb_jmp_cache = NULL;
            cpu->exec_priv = NULL;
            free(ep);
            free(jc);
            return -ENOMEM;
        }
        tbc->cpus = n;
        tbc->cpus_cap = cap;
    }
    ep->generation = tbc->generation;
    tbc->cpus[tbc->nb_cpus++] = cpu;
    pthread_mutex_unlock(&tbc->lock);
    return 0;
}

void cpu_tlb_flush(CPUState *cpu)
{
    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < CPU_TLB_SIZE; i++) {
            CPUTLBEntry *e = &cpu->tlb[m][i];
            e->addr_read = e->addr_write = e->addr_code = TLB_INVALID;
            e->addend = 0;
        }
    }
}

void cpu_exec_detach(CPUState *cpu)
{
    TBContext *tbc = cpu->tbc;

    if (!tbc) {
        return;
    }
    pthread_mutex_lock(&tbc->lock);
    for (int i = 0; i < tbc->nb_cpus; i++) {
        if (tbc->cpus[i] == cpu) {
            tbc->cpus[i] = tbc->cpus[--tbc->nb_cpus];
            break;
        }
    }
    pthread_mutex_unlock(&tbc->lock);
    free(cpu->tb_jmp_cache);
    free(cpu->exec_priv);
    cpu->tb_jmp_cache = NULL;
    cpu->exec_priv = NULL;
    cpu->tbc = NULL;
}

TranslationBlock *tb_hash_lookup(TBContext *tbc, uint64_t pc, uint64_t cs_base,
                                 uint32_t flags, uint32_t cflags)
{
    TranslationBlock *tb = tbc->hash[tb_hash_bits(pc, cs_base, flags, cflags, tbc->hash_bits)];

    for (; tb; tb = tb->hash_next) {
        if (tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
            tb->cflags == cflags) {
            return tb;
        }
    }
    return NULL;
}

static PageDesc *page_find(TBContext *tbc, uint64_t page, bool alloc)
{
    PageDesc *pd = g_hash_table_lookup(tbc->pages, GSIZE_TO_POINTER(page));

    if (!pd && alloc) {
        pd = g_new0(PageDesc, 1);
        g_hash_table_insert(tbc->pages, GSIZE_TO_POINTER(page), pd);
    }
    return pd;
}

static void tb_page_protect_pd(TBContext *tbc, uint64_t page, PageDesc *pd);

/* User mode: make the host page of a guest code page read-only. */
void tb_page_protect(TBContext *tbc, uint64_t page)
{
    tb_page_protect_pd(tbc, page, page_find(tbc, page, false));
}

static void tb_page_protect_pd(TBContext *tbc, uint64_t page, PageDesc *pd)
{
    int prot = PROT_READ | PROT_WRITE;

    if (!pd || pd->write_protected || !tbc->cfg.user_mode) {
        return;
    }
    if (tbc->cfg.page_prot) {
        prot = tbc->cfg.page_prot(tbc->cfg.page_prot_opaque, page << TB_PAGE_BITS);
    }
    if (prot < 0 || !(prot & PROT_WRITE)) {
        return;
    }
    /* Guest code is only read by the host (the translator), never run. */
    prot &= ~PROT_EXEC;
    if (mprotect((void *)(tbc->cfg.guest_base + (page << TB_PAGE_BITS)), TB_PAGE_SIZE,
                 prot & ~PROT_WRITE) == 0) {
        pd->write_protected = true;
        pd->orig_prot = prot;
    }
}

static void page_unprotect(TBContext *tbc, uint64_t page, PageDesc *pd)
{
    if (pd->write_protected) {
        mprotect((void *)(tbc->cfg.guest_base + (page << TB_PAGE_BITS)), TB_PAGE_SIZE,
                 pd->orig_prot);
        pd->write_protected = false;
    }
}

/* Insert a freshly translated TB: hash, page lists, the address-ordered list. */
void tb_link(TBContext *tbc, TranslationBlock *tb)
{
    unsigned h;

    tbc->hash_count++;
    tb_hash_grow(tbc);
    h = tb_hash(tbc, tb);
    tb->hash_next = tbc->hash[h];
    tbc->hash[h] = tb;
    for (int n = 0; n < 2; n++) {
        PageDesc *pd;

        if (tb->page_addr[n] == (uint64_t)-1) {
            continue;
        }
        pd = page_find(tbc, tb->page_addr[n], true);
        tb->page_next[n] = pd->first;
        pd->first = (uintptr_t)tb | n;
        tb_page_protect_pd(tbc, tb->page_addr[n], pd);
    }
    if (tbc->nb_tbs == tbc->tbs_cap) {
        size_t cap = tbc->tbs_cap ? 2 * tbc->tbs_cap : 4096;
        TranslationBlock **n = realloc(tbc->tbs, cap * sizeof(*n));
        if (!n) {
            fprintf(stderr, "tb: out of memory for the TB list\n");
            abort();
        }
        tbc->tbs = n;
        tbc->tbs_cap = cap;
    }
    tbc->tbs[tbc->nb_tbs++] = tb;
}

/* Point goto_tb slot `slot` of tb at host address dest (atomic 4-byte write). */
static void tb_patch_jump(TranslationBlock *tb, int slot, const uint8_t *dest)
{
    uint8_t *at = (uint8_t *)tb->tc_ptr + tb->jmp_insn_offset[slot];
    int32_t rel = (int32_t)(dest - (at + 4));

    __atomic_store_n((int32_t *)at, rel, __ATOMIC_RELEASE);
}

/* FNV-1a of the guest code a TB covers (user mode: read where it lives). */
static uint32_t tb_code_hash(const TBContext *tbc, const TranslationBlock *tb)
{
    const uint8_t *p = (const uint8_t *)(tbc->cfg.guest_base + (uint32_t)tb->pc);
    uint32_t h = 2166136261u;

    for (uint32_t i = 0; i < tb->size; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

static TBKey tb_key(const TranslationBlock *tb)
{
    return (TBKey){ tb->pc, tb->cs_base, tb->flags, tb->cflags };
}

/* Under tbc->lock: true if the jump was chained now. */
static bool tb_add_jump_locked(TranslationBlock *from, int slot, TranslationBlock *to)
{
    if (from->invalid || to->invalid || from->jmp_dest[slot]) {
        return false;
    }
    from->jmp_dest[slot] = to;
    from->jmp_list_next[slot] = to->jmp_list_head;
    to->jmp_list_head = (uintptr_t)from | slot;
    tb_patch_jump(from, slot, to->tc_ptr);
    return true;
}

void tb_add_jump(TBContext *tbc, TranslationBlock *from, int slot, TranslationBlock *to)
{
    if (!from->tc_ptr || !to->tc_ptr || !from->jmp_insn_offset[slot]) {
        return;
    }
    pthread_mutex_lock(&tbc->lock);
    if (tb_add_jump_locked(from, slot, to) && tbc->cfg.chained && tbc->cfg.user_mode) {
        tbc->cfg.chained(tbc->cfg.translated_opaque, tbc, from, slot, to);
    }
    pthread_mutex_unlock(&tbc->lock);
}

void tb_chain_note(TBContext *tbc, const TranslationBlock *from, int slot,
                   const TranslationBlock *to, TBChainNote *n)
{
    *n = (TBChainNote){
        .from = tb_key(from), .to = tb_key(to),
        .from_size = from->size, .from_hash = tb_code_hash(tbc, from),
        .slot = slot, .from_hot = from->hot,
    };
}

void tb_prechain(CPUState *cpu, const TBChainNote *n)
{
    TBContext *tbc = cpu->tbc;
    TranslationBlock *from, *to;

    if (!tbc->cfg.user_mode || n->slot >= TB_JMP_SLOTS) {
        return;
    }
    pthread_mutex_lock(&tbc->lock);
    if (tbc->nb_cpus == 1 && tbc->cpus[0] == cpu && !tbc->flush_pending &&
        (from = tb_hash_lookup(tbc, n->from.pc, n->from.cs_base, n->from.flags,
                               n->from.cflags)) &&
        (to = tb_hash_lookup(tbc, n->to.pc, n->to.cs_base, n->to.flags, n->to.cflags)) &&
        from->tc_ptr && to->tc_ptr && from->jmp_insn_offset[n->slot] &&
        from->hot == n->from_hot && from->size == n->from_size &&
        (to->hot || to->pc > from->pc + from->size - 1 || to->cs_base != from->cs_base) &&
        tb_code_hash(tbc, from) == n->from_hash) {
        tb_add_jump_locked(from, n->slot, to);
    }
    pthread_mutex_unlock(&tbc->lock);
}

/* Remove (from, slot) from the incoming list of its destination. */
static void tb_remove_from_jmp_list(TranslationBlock *from, int slot)
{
    TranslationBlock *dest = from->jmp_dest[slot];
    uintptr_t *pp = &dest->jmp_list_head;

    while (*pp) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)TCG_EXIT_SLOT_MASK);
        int n = *pp & TCG_EXIT_SLOT_MASK;

        if (t == from && n == slot) {
            *pp = from->jmp_list_next[slot];
            break;
        }
        pp = &t->jmp_list_next[n];
    }
    from->jmp_dest[slot] = NULL;
}

static void tb_page_remove(TBContext *tbc, TranslationBlock *tb, int n)
{
    PageDesc *pd = page_find(tbc, tb->page_addr[n], false);
    uintptr_t *pp;

    if (!pd) {
        return;
    }
    for (pp = &pd->first; *pp; ) {
        TranslationBlock *t = (TranslationBlock *)(*pp & ~(uintptr_t)3);
        int k = *pp & 3;

        if (t == tb && k == n) {
            *pp = tb->page_next[n];
            return;
        }
        pp = &t->page_next[k];
    }
}

/* Drop one TB: lookups stop finding it and nothing jumps into it any more. */
static void tb_invalidate(TBContext *tbc, TranslationBlock *tb)
{
    TranslationBlock **pp;
    unsigned h = tb_hash(tbc, tb);

    tb->invalid = true;
    for (pp = &tbc->hash[h]; *pp; pp = &(*pp)->hash_next) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            tbc->hash_count--;
            break;
        }
    }
    for (int n = 0; n < 2; n++) {
        if (tb->page_addr[n] != (uint64_t)-1) {
            tb_page_remove(tbc, tb, n);
        }
    }
    for (int n = 0; n < TB_JMP_SLOTS; n++) {
        if (tb->jmp_dest[n]) {
            tb_remove_from_jmp_list(tb, n);
        }
    }
    while (tb->jmp_list_head) {
        TranslationBlock *from =
            (TranslationBlock *)(tb->jmp_list_head & ~(uintptr_t)TCG_EXIT_SLOT_MASK);
        int n = tb->jmp_list_head & TCG_EXIT_SLOT_MASK;

        tb->jmp_list_head = from->jmp_list_next[n];
        from->jmp_dest[n] = NULL;
        tb_patch_jump(from, n, from->tc_ptr + from->jmp_reset_offset[n]);
    }
    for (int i = 0; i < tbc->nb_cpus; i++) {
        CPUState *cpu = tbc->cpus[i];
        unsigned j = tb_jmp_cache_hash(tb->pc);

        if (cpu->tb_jmp_cache[j] == tb) {
            __atomic_store_n(&cpu->tb_jmp_cache[j], NULL, __ATOMIC_RELAXED);
        }
    }
}

/* tb_invalidate for exec/ (tbc->lock held): tb is replaced by another. */
void tb_drop(TBContext *tbc, TranslationBlock *tb)
{
    if (!tb->invalid) {
        tb_invalidate(tbc, tb);
    }
}

static bool tb_overlaps(const TranslationBlock *tb, uint64_t start, uint64_t end)
{
    return tb->pc < end && start < tb->pc + (tb->size ? tb->size : 1);
}

/* Lock held. Drops TBs on the page overlapping [start, end); all if whole. */
static void tb_invalidate_page(TBContext *tbc, uint64_t page, uint64_t start, uint64_t end,
                               bool whole)
{
    PageDesc *pd = page_find(tbc, page, false);
    uintptr_t p;

    if (!pd) {
        return;
    }
    p = pd->first;
    while (p) {
        TranslationBlock *tb = (TranslationBlock *)(p & ~(uintptr_t)3);
        uintptr_t next = tb->page_next[p & 3];

        if (whole || tb_overlaps(tb, start, end)) {
            tb_invalidate(tbc, tb);
        }
        p = next;
    }
    if (!pd->first) {
        page_unprotect(tbc, page, pd);
    }
}

void tb_invalidate_range(TBContext *tbc, uint64_t start, uint64_t end)
{
    uint64_t page;

    if (end <= start) {
        return;
    }
    pthread_mutex_lock(&tbc->lock);
    for (page = start >> TB_PAGE_BITS; page <= (end - 1) >> TB_PAGE_BITS; page++) {
        /* User mode works in whole pages so that the page becomes writable. */
        tb_invalidate_page(tbc, page, start, end, tbc->cfg.user_mode);
    }
    pthread_mutex_unlock(&tbc->lock);
}

/* The TB cpu is executing at host_pc, if it overlaps [start, end). Lock held. */
static TranslationBlock *tb_current_hit(CPUState *cpu, uintptr_t host_pc, uint64_t start,
                                        uint64_t end)
{
    TranslationBlock *cur = NULL;

    if (host_pc) {
        cur = tb_find_by_host_pc(cpu->tbc, host_pc);
    }
    if (!cur && cpu->exec_priv && cpu->exec_priv->interp_tb) {
        cur = (TranslationBlock *)cpu->exec_priv->interp_tb;
    }
    if (cur && cur->icount > 1 && tb_overlaps(cur, start, end)) {
        return cur;
    }
    return NULL;
}

/* The running TB was hit: restart at the writing insn, alone. */
static void tb_prepare_restart(CPUState *cpu, uintptr_t host_pc)
{
    cpu_restore_state(cpu, host_pc);
    cpu->exec_priv->next_cflags = 1;
    cpu->exception_index = EXCP_NONE;
}

void tb_invalidate_range_cpu(CPUState *cpu, uint64_t start, uint64_t end, uintptr_t host_pc)
{
    TBContext *tbc = cpu->tbc;
    TranslationBlock *hit;

    if (end <= start) {
        return;
    }
    pthread_mutex_lock(&tbc->lock);
    hit = tb_current_hit(cpu, host_pc, start, end);
    for (uint64_t page = start >> TB_PAGE_BITS; page <= (end - 1) >> TB_PAGE_BITS; page++) {
        tb_invalidate_page(tbc, page, start, end, tbc->cfg.user_mode);
    }
    pthread_mutex_unlock(&tbc->lock);
    if (hit) {
        tb_prepare_restart(cpu, host_pc);
        cpu_loop_exit(cpu);
    }
}

TBWriteFault tb_handle_code_write_fault_cpu(CPUState *cpu, uint64_t guest_addr,
                                            uintptr_t host_pc)
{
    TBContext *tbc = cpu->tbc;
    uint64_t page = guest_addr >> TB_PAGE_BITS;
    PageDesc *pd;
    TranslationBlock *hit = NULL;

    pthread_mutex_lock(&tbc->lock);
    pd = page_find(tbc, page, false);
    if (!pd || !pd->write_protected) {
        pthread_mutex_unlock(&tbc->lock);
        return TB_WRITE_NOT_OURS;
    }
    /* The faulting write is at most 8 bytes (16 for SSE stores). */
    hit = tb_current_hit(cpu, host_pc, guest_addr, guest_addr + 16);
    tb_invalidate_page(tbc, page, 0, 0, true);
    pthread_mutex_unlock(&tbc->lock);
    if (hit) {
        tb_prepare_restart(cpu, host_pc);
        return TB_WRITE_RESTART;
    }
    return TB_WRITE_RETRY;
}

bool tb_handle_code_write_fault(TBContext *tbc, uint64_t guest_addr)
{
    uint64_t page = guest_addr >> TB_PAGE_BITS;
    PageDesc *pd;
    bool ours = false;

    pthread_mutex_lock(&tbc->lock);
    pd = page_find(tbc, page, false);
    if (pd && pd->write_protected) {
        tb_invalidate_page(tbc, page, 0, 0, true);
        ours = true;
    }
    pthread_mutex_unlock(&tbc->lock);
    return ours;
}

/* Lock held and no CPU inside generated code: reset the buffer. */
void tb_flush_locked(TBContext *tbc)
{
    GHashTableIter it;
    gpointer key, value;

    g_hash_table_iter_init(&it, tbc->pages);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        page_unprotect(tbc, GPOINTER_TO_SIZE(key), value);
    }
    g_hash_table_remove_all(tbc->pages);
    memset(tbc->hash, 0, sizeof(*tbc->hash) << tbc->hash_bits);
    tbc->hash_count = 0;
    tb_free_all(tbc);
    tbc->buf_ptr = tbc->buf_tbs;
    for (int i = 0; i < tbc->nb_cpus; i++) {
        memset(tbc->cpus[i]->tb_jmp_cache, 0, TB_JMP_CACHE_SIZE * sizeof(void *));
        tbc->cpus[i]->exec_priv->generation = tbc->generation + 1;
    }
    tbc->generation++;
    tbc->stat_flushes++;
    tbc->flush_pending = false;
}

void tb_flush(TBContext *tbc)
{
    tbc->flush_pending = true;
    pthread_mutex_lock(&tbc->lock);
    for (int i = 0; i < tbc->nb_cpus; i++) {
        cpu_exit(tbc->cpus[i]);
    }
    pthread_mutex_unlock(&tbc->lock);
    /* Flush now if no CPU is running; otherwise the first one back does it. */
    if (pthread_rwlock_trywrlock(&tbc->exec_lock) == 0) {
        pthread_mutex_lock(&tbc->lock);
        if (tbc->flush_pending) {
            tb_flush_locked(tbc);
        }
        pthread_mutex_unlock(&tbc->lock);
        pthread_rwlock_unlock(&tbc->exec_lock);
    }
}

void tb_fork_prepare(TBContext *tbc)
{
    pthread_mutex_lock(&tbc->lock);
}

void tb_fork_parent(TBContext *tbc)
{
    pthread_mutex_unlock(&tbc->lock);
}

/*
 * The other threads are gone: whatever they held of exec_lock (readers in
 * cpu_exec, a flush waiting to write) goes with them, and their CPUs must
 * not be kicked or have their jump caches touched any more.
 */
void tb_fork_child(TBContext *tbc, CPUState *cpu)
{
    tb_locks_init(tbc);
    tbc->nb_cpus = 0;
    if (cpu) {
        tbc->cpus[tbc->nb_cpus++] = cpu;
    }
}

TranslationBlock *tb_find_by_host_pc(TBContext *tbc, uintptr_t host_pc)
{
    size_t lo = 0, hi = tbc->nb_tbs;

    if (host_pc < (uintptr_t)tbc->buf_tbs || host_pc >= (uintptr_t)tbc->buf_ptr) {
        return NULL;
    }
    /* TBs are laid out in address order: find the last one starting <= host_pc. */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)tbc->tbs[mid]->tc_ptr <= host_pc && tbc->tbs[mid]->tc_ptr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    {
        TranslationBlock *tb = tbc->tbs[lo - 1];
        if (tb->tc_ptr && host_pc < (uintptr_t)tb->tc_ptr + tb->tc_size) {
            return tb;
        }
    }
    return NULL;
}

void tb_context_stats(TBContext *tbc, TBStats *st)
{
    pthread_mutex_lock(&tbc->lock);
    st->tbs = tbc->stat_tbs;
    st->insns = tbc->stat_insns;
    st->code_bytes = tbc->stat_code_bytes;
    st->flushes = tbc->stat_flushes;
    st->cosim_checked = tbc->stat_cosim_checked;
    st->cosim_diffs = tbc->stat_cosim_diffs;
    pthread_mutex_unlock(&tbc->lock);
}
