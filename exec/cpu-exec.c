/*
 * The CPU loop: find or translate the TB for the current guest state, chain
 * it to the previous one, run it; leave on exceptions and exit requests.
 * Also the non-local exits helpers use and the precise-state restore.
 */
#include <inttypes.h>
#include <string.h>
#include <ucontext.h>

#include "exec/tb-internal.h"
#include "tcg/fp.h"
#include "util/log.h"

/*
 * CF_NOCHAIN whenever every TB must come back to the loop: asked for, or
 * co-simulation and the exec/cpu logs, which act between TBs. Generated code
 * relies on it: its inline jump-cache probe (goto_lookup) only takes TBs
 * with cflags 0.
 */
uint32_t tb_cflags_default(TBContext *tbc)
{
    const Log *log = tbc->cfg.log;

    return tbc->cfg.nochain || tbc->cfg.cosim ||
           log_enabled(log, LOG_NOCHAIN | LOG_EXEC | LOG_CPU | LOG_COSIM) ? CF_NOCHAIN : 0;
}

/* Jump cache, then hash table: the TB for this key, or NULL. */
static TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                                   uint32_t flags, uint32_t cflags)
{
    TBContext *tbc = cpu->tbc;
    unsigned h = tb_jmp_cache_hash(pc);
    TranslationBlock *tb = __atomic_load_n(&cpu->tb_jmp_cache[h], __ATOMIC_ACQUIRE);

    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == cflags && !tb->invalid) {
        return tb;
    }
    /*
     * The jump cache is filled under tbc->lock, which tb_invalidate holds
     * while it clears every CPU's slot of a dropped TB: a cached TB is never
     * invalid, so the inline probe (tcg/x86_64/ops.c) need not test it.
     */
    pthread_mutex_lock(&tbc->lock);
    tb = tb_hash_lookup(tbc, pc, cs_base, flags, cflags);
    if (tb) {
        __atomic_store_n(&cpu->tb_jmp_cache[h], tb, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&tbc->lock);
    return tb;
}

/* goto_ptr's lookup, called from generated code: code to jump to or the exit. */
const void *tb_lookup_ptr(CPUState *cpu)
{
    TBContext *tbc = cpu->tbc;
    uint64_t pc, cs_base;
    uint32_t flags, cflags = tb_cflags_default(tbc);
    TranslationBlock *tb;

    if ((cflags & CF_NOCHAIN) || tbc->cfg.interpret) {
        return tbc->tcg->epilogue_zero;
    }
    cpu->ops->get_tb_state(cpu, &pc, &cs_base, &flags);
    tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
    return tb && tb->tc_ptr ? tb->tc_ptr : tbc->tcg->epilogue_zero;
}

static void exec_enter(TBContext *tbc, CPUState *cpu)
{
    CPUExecPriv *ep = cpu->exec_priv;

    pthread_rwlock_rdlock(&tbc->exec_lock);
    ep->in_exec = true;
    if (ep->generation != tbc->generation) {
        memset(cpu->tb_jmp_cache, 0, TB_JMP_CACHE_SIZE * sizeof(void *));
        ep->generation = tbc->generation;
    }
}

static void exec_leave(TBContext *tbc, CPUState *cpu)
{
    cpu->exec_priv->in_exec = false;
    pthread_rwlock_unlock(&tbc->exec_lock);
}

/* Flush with every other CPU out of generated code. */
static void exec_flush(TBContext *tbc, CPUState *cpu)
{
    exec_leave(tbc, cpu);
    pthread_mutex_lock(&tbc->lock);
    for (int i = 0; i < tbc->nb_cpus; i++) {
        if (tbc->cpus[i] != cpu) {
            cpu_exit(tbc->cpus[i]);
        }
    }
    pthread_mutex_unlock(&tbc->lock);
    pthread_rwlock_wrlock(&tbc->exec_lock);
    pthread_mutex_lock(&tbc->lock);
    if (tbc->flush_pending) {
        tb_flush_locked(tbc);
    }
    pthread_mutex_unlock(&tbc->lock);
    pthread_rwlock_unlock(&tbc->exec_lock);
    exec_enter(tbc, cpu);
}

static TranslationBlock *tb_find_or_translate(CPUState *cpu, uint64_t pc, uint64_t cs_base,
                                              uint32_t flags, uint32_t cflags)
{
    TBContext *tbc = cpu->tbc;
    TranslationBlock *tb = tb_lookup(cpu, pc, cs_base, flags, cflags);

    if (tb) {
        return tb;
    }
    pthread_mutex_lock(&tbc->lock);
    cpu->exec_priv->holds_lock = true;
    tb = tb_hash_lookup(tbc, pc, cs_base, flags, cflags);
    if (!tb) {
        tb = tb_gen_code(tbc, cpu, pc, cs_base, flags, cflags, false);
    }
    if (tb && !tb->invalid) {   /* under the lock: see tb_lookup */
        __atomic_store_n(&cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)], tb, __ATOMIC_RELEASE);
    }
    cpu->exec_priv->holds_lock = false;
    pthread_mutex_unlock(&tbc->lock);
    return tb;
}

/*
 * A direct jump from `from` back to tb (at or before the jump itself): after
 * TB_HOT_BACK_JUMPS of them, tb is translated again as a hot TB (tb->hot:
 * the front end may make it longer) and the old one dropped. Returns the TB
 * to run (NULL: the buffer is full) and in *chain whether to chain the jump.
 */
static TranslationBlock *tb_heat(CPUState *cpu, TranslationBlock *from, TranslationBlock *tb,
                                 bool *chain)
{
    TBContext *tbc = cpu->tbc;
    TranslationBlock *hot;

    *chain = true;
    if (tb->hot || !tb->tc_ptr || tb->pc > from->pc + from->size - 1 ||
        tb->cs_base != from->cs_base) {
        return tb;
    }
    if (++tb->back_jumps < TB_HOT_BACK_JUMPS) {
        *chain = false;
        return tb;
    }
    pthread_mutex_lock(&tbc->lock);
    cpu->exec_priv->holds_lock = true;
    tb_drop(tbc, tb);
    hot = tb_gen_code(tbc, cpu, tb->pc, tb->cs_base, tb->flags, tb->cflags, true);
    if (hot && !hot->invalid) {  /* under the lock: see tb_lookup */
        __atomic_store_n(&cpu->tb_jmp_cache[tb_jmp_cache_hash(hot->pc)], hot, __ATOMIC_RELEASE);
    }
    cpu->exec_priv->holds_lock = false;
    pthread_mutex_unlock(&tbc->lock);
    return hot;
}

static void cpu_exec_log(CPUState *cpu, TranslationBlock *tb)
{
    const Log *log = cpu->tbc->cfg.log;

    if (log_enabled(log, LOG_EXEC)) {
        log_printf(log, "Trace %d: %p [%016" PRIx64 "/%016" PRIx64 "/%08x/%08x]\n",
                   cpu->cpu_index, (void *)tb->tc_ptr, tb->cs_base, tb->pc, tb->flags,
                   tb->cflags);
    }
    if (log_enabled(log, LOG_CPU) && cpu->ops->dump_state) {
        cpu->ops->dump_state(cpu, log_stream(log));
    }
}

/* Run TBs until an exit request; exceptions leave by longjmp instead. */
static int cpu_exec_loop(CPUState *cpu)
{
    TBContext *tbc = cpu->tbc;
    TranslationBlock *last_tb = NULL;
    int last_slot = 0;

    for (;;) {
        uint64_t pc, cs_base;
        uint32_t flags, cflags;
        TranslationBlock *tb;
        uintptr_t ret;

        if (cpu->exit_request) {
            cpu->exit_request = 0;
            return EXCP_INTERRUPT;
        }
        if (tbc->flush_pending) {
            exec_flush(tbc, cpu);
            last_tb = NULL;
        }
        cflags = tb_cflags_default(tbc) | cpu->exec_priv->next_cflags;
        cpu->exec_priv->next_cflags = 0;
        cpu->ops->get_tb_state(cpu, &pc, &cs_base, &flags);
        tb = tb_find_or_translate(cpu, pc, cs_base, flags, cflags);
        if (!tb) {
            last_tb = NULL;     /* the buffer filled: flush and retry */
            continue;
        }
        if (last_tb && !(cflags & CF_NOCHAIN) && !tbc->cfg.cosim) {
            bool chain;

            tb = tb_heat(cpu, last_tb, tb, &chain);
            if (!tb) {
                last_tb = NULL;     /* the buffer filled: flush and retry */
                continue;
            }
            if (chain) {
                tb_add_jump(tbc, last_tb, last_slot, tb);
            }
        }
        cpu_exec_log(cpu, tb);
        ret = tb_run(cpu, tb);
        last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TCG_EXIT_SLOT_MASK);
        last_slot = ret & TCG_EXIT_SLOT_MASK;
        if (last_slot == TCG_EXIT_REQUESTED) {
            /*
             * Exit request seen at the entry of last_tb: a chained jump
             * there did not store the guest pc (goto_tb comes before the
             * store), so restore the state of its first insn.
             */
            if (last_tb->nb_insns && cpu->ops->restore_state) {
                cpu->ops->restore_state(cpu, last_tb, last_tb->insns[0].data);
            }
            last_tb = NULL;
        }
    }
}

int cpu_exec(CPUState *cpu)
{
    TBContext *tbc = cpu->tbc;
    int ret;

    exec_enter(tbc, cpu);
    for (;;) {
        if (sigsetjmp(cpu->jmp_env, 0) == 0) {
            ret = cpu_exec_loop(cpu);
            break;
        }
        /* Back from cpu_loop_exit: a helper, a fault, or the translator. */
        if (cpu->exec_priv->holds_lock) {
            cpu->exec_priv->holds_lock = false;
            pthread_mutex_unlock(&tbc->lock);
        }
        cpu->exec_priv->interp_tb = NULL;
        cpu->helper_retaddr = 0;
        if (cpu->exception_index != EXCP_NONE) {
            ret = cpu->exception_index;
            cpu->exception_index = EXCP_NONE;
            break;
        }
        /* No exception: a TB was cut short (its code changed); go on. */
    }
    exec_leave(tbc, cpu);
    return ret;
}

void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);
}

void cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t host_pc)
{
    /* host_pc 0 (a call from the interpreter) restores the interpreted insn. */
    cpu_restore_state(cpu, host_pc);
    cpu_loop_exit(cpu);
}

void cpu_raise_exception(CPUState *cpu, int excp, uint32_t err, uintptr_t host_pc)
{
    cpu->exception_index = excp;
    cpu->error_code = err;
    cpu_loop_exit_restore(cpu, host_pc);
}

/* The insn of tb whose host code contains host_pc: the last one starting <= it. */
static const TCGInsnRecord *tb_find_insn(const TranslationBlock *tb, uintptr_t host_pc)
{
    uint32_t off = host_pc - (uintptr_t)tb->tc_ptr;
    const TCGInsnRecord *found = NULL;

    for (uint32_t i = 0; i < tb->nb_insns; i++) {
        if (tb->insns[i].host_start > off) {
            break;
        }
        found = &tb->insns[i];
    }
    return found;
}

/* A host fault at host_pc in generated code itself (not in a helper it called). */
static bool fault_in_code(CPUState *cpu, uintptr_t host_pc)
{
    TBContext *tbc = cpu->tbc;

    return !cpu->helper_retaddr && host_pc >= (uintptr_t)tbc->buf_tbs &&
           host_pc < (uintptr_t)tbc->buf + tbc->buf_size;
}

void cpu_restore_host_fp(CPUState *cpu, uintptr_t host_pc, uintptr_t host_sp,
                         uint32_t host_mxcsr)
{
    TBContext *tbc = cpu->tbc;

    if (fault_in_code(cpu, host_pc)) {
        tcg_fp_fault_flags(tbc->tcg, cpu->env, host_sp, host_mxcsr);
    }
}

void cpu_restore_host_regs(CPUState *cpu, uintptr_t host_pc, const uint64_t host_regs[16],
                           const uint8_t (*host_xmm)[16])
{
    TBContext *tbc = cpu->tbc;
    TranslationBlock *tb;

    if (!fault_in_code(cpu, host_pc)) {
        return;     /* not in generated code: globals are in env */
    }
    pthread_mutex_lock(&tbc->lock);
    tb = tb_find_by_host_pc(tbc, host_pc);
    pthread_mutex_unlock(&tbc->lock);
    if (tb && tb->tc_ptr) {
        tcg_fault_globals(tbc->tcg, tb->fault_words, tb->nb_fault_words,
                          host_pc - (uintptr_t)tb->tc_ptr, cpu->env, host_regs, host_xmm);
    }
}

void cpu_restore_host_context(CPUState *cpu, const void *ucontext)
{
    const ucontext_t *uc = ucontext;
    const greg_t *g = uc->uc_mcontext.gregs;
    uint64_t regs[16] = {
        g[REG_RAX], g[REG_RCX], g[REG_RDX], g[REG_RBX], g[REG_RSP], g[REG_RBP], g[REG_RSI],
        g[REG_RDI], g[REG_R8], g[REG_R9], g[REG_R10], g[REG_R11], g[REG_R12], g[REG_R13],
        g[REG_R14], g[REG_R15],
    };

    cpu_restore_host_fp(cpu, g[REG_RIP], g[REG_RSP],
                        uc->uc_mcontext.fpregs ? uc->uc_mcontext.fpregs->mxcsr : 0);
    cpu_restore_host_regs(cpu, g[REG_RIP], regs,
                          uc->uc_mcontext.fpregs
                          ? (const uint8_t (*)[16])uc->uc_mcontext.fpregs->_xmm : NULL);
}

bool cpu_restart_unfolded(CPUState *cpu, uintptr_t host_pc)
{
    TBContext *tbc = cpu->tbc;
    TranslationBlock *tb = NULL;
    const TCGInsnRecord *rec;
    bool ok;

    if (!fault_in_code(cpu, host_pc)) {
        return false;
    }
    pthread_mutex_lock(&tbc->lock);
    tb = tb_find_by_host_pc(tbc, host_pc);
    rec = tb ? tb_find_insn(tb, host_pc) : NULL;
    /* The insn folds no more (a second fault there is not a wrap). */
    ok = rec && tcg_nofold_add(tbc->tcg, rec->data[0]);
    pthread_mutex_unlock(&tbc->lock);
    if (!ok || !cpu_restore_state(cpu, host_pc)) {
        return false;
    }
    /* Its block goes; the CPU loop translates on from the insn. */
    pthread_mutex_lock(&tbc->lock);
    tb_drop(tbc, tb);
    pthread_mutex_unlock(&tbc->lock);
    cpu->exception_index = EXCP_NONE;
    return true;
}

int cpu_restore_state(CPUState *cpu, uintptr_t host_pc)
{
    TBContext *tbc = cpu->tbc;
    CPUExecPriv *ep = cpu->exec_priv;
    TranslationBlock *tb;
    const TCGInsnRecord *rec = NULL;

    if (host_pc >= (uintptr_t)tbc->buf_tbs && host_pc < (uintptr_t)tbc->buf + tbc->buf_size) {
        pthread_mutex_lock(&tbc->lock);
        tb = tb_find_by_host_pc(tbc, host_pc);
        pthread_mutex_unlock(&tbc->lock);
        if (tb) {
            rec = tb_find_insn(tb, host_pc);
        }
        if (rec) {
            if (cpu->ops->restore_state) {
                cpu->ops->restore_state(cpu, tb, rec->data);
            }
            return 1;
        }
        return 0;
    }
    if (ep && ep->interp_tb) {
        if (cpu->ops->restore_state) {
            cpu->ops->restore_state(cpu, ep->interp_tb, ep->insn_data);
        }
        return 1;
    }
    return 0;
}
