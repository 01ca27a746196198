/*
 * Turning guest code into a TB: the front end emits IR, tcg/ optimises it and
 * compiles it into the code buffer; then running a TB compiled, interpreted,
 * or both (co-simulation), and the -d in_asm/op/op_opt/out_asm logs.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "config-host.h"
#include "exec/tb-internal.h"
#include "util/log.h"

#ifdef CONFIG_CAPSTONE
#include <capstone.h>
#endif

static void tb_log_disas(const Log *log, int arch, int mode, const uint8_t *code, size_t size,
                         uint64_t addr)
{
#ifdef CONFIG_CAPSTONE
    csh h;
    cs_insn *insn;
    size_t n;

    if (cs_open(arch, mode, &h) != CS_ERR_OK) {
        log_printf(log, "  (capstone cannot disassemble this architecture)\n");
        return;
    }
    n = cs_disasm(h, code, size, addr, 0, &insn);
    for (size_t i = 0; i < n; i++) {
        log_printf(log, "0x%08" PRIx64 ":  %-10s %s\n", insn[i].address, insn[i].mnemonic,
                   insn[i].op_str);
    }
    if (n) {
        cs_free(insn, n);
    }
    cs_close(&h);
#else
    log_printf(log, "  (%zu bytes; emu was built without capstone)\n", size);
#endif
}

static void tb_log_in_asm(TBContext *tbc, const TranslationBlock *tb)
{
    const Log *log = tbc->cfg.log;
    const TargetOps *ops = tbc->cfg.ops;

    log_printf(log, "----------------\nIN: \n");
    if (tbc->cfg.user_mode) {
        tb_log_disas(log, ops->disas_arch, ops->disas_mode,
                     (const uint8_t *)(tbc->cfg.guest_base + tb->pc), tb->size, tb->pc);
    } else {
        log_printf(log, "  pc 0x%" PRIx64 ", %u bytes\n", tb->pc, tb->size);
    }
    log_printf(log, "\n");
}

static void tb_log_out_asm(TBContext *tbc, const TranslationBlock *tb)
{
    const Log *log = tbc->cfg.log;

    log_printf(log, "OUT: [size=%u]\n", tb->tc_size);
#ifdef CONFIG_CAPSTONE
    tb_log_disas(log, CS_ARCH_X86, CS_MODE_64, tb->tc_ptr, tb->tc_size,
                 (uintptr_t)tb->tc_ptr);
#else
    tb_log_disas(log, 0, 0, tb->tc_ptr, tb->tc_size, (uintptr_t)tb->tc_ptr);
#endif
    log_printf(log, "\n");
}

static uint8_t *align_ptr(uint8_t *p, size_t a)
{
    return (uint8_t *)(((uintptr_t)p + a - 1) & ~(uintptr_t)(a - 1));
}

/*
 * Run the front end with its code fetches checked (tb_fetch_check): a fetch
 * from a refused page by a later insn comes back here to translate the
 * block again without that insn; by the first insn it leaves for cpu_exec.
 */
static void tb_translate(TBContext *tbc, CPUState *cpu, TranslationBlock *tb, int max_insns)
{
    CPUExecPriv *ep = cpu->exec_priv;
    volatile int n = max_insns;

    ep->fetch_page_ok = 0;
    if (sigsetjmp(ep->fetch_env, 0)) {
        n = ep->fetch_max_insns;
    }
    tcg_func_start(tbc->tcg);
    ep->translating = tbc->cfg.user_mode && tbc->cfg.page_prot;
    cpu->ops->translate(cpu, tbc->tcg, tb, n);
    ep->translating = false;
}

_Static_assert(TB_JMP_SLOTS == TCG_MAX_GOTO_TB, "goto_tb slots: exec and tcg disagree");

TranslationBlock *tb_gen_code(TBContext *tbc, CPUState *cpu, uint64_t pc, uint64_t cs_base,
                              uint32_t flags, uint32_t cflags, bool hot)
{
    TCGContext *s = tbc->tcg;
    const Log *log = tbc->cfg.log;
    uint8_t *end = tbc->buf + tbc->buf_size;
    TranslationBlock *tb;
    uint8_t *p;
    int max_insns = cflags & CF_COUNT_MASK;
    int n;

    if (end - tbc->buf_ptr < (ptrdiff_t)TB_MIN_FREE) {
        tbc->flush_pending = true;
        return NULL;
    }
    if (!max_insns || max_insns > TCG_MAX_INSNS - 1) {
        max_insns = TCG_MAX_INSNS - 1;
    }
    tb = (TranslationBlock *)align_ptr(tbc->buf_ptr, 64);
    memset(tb, 0, sizeof(*tb));
    tb->pc = pc;
    tb->cs_base = cs_base;
    tb->flags = flags;
    tb->cflags = cflags;
    tb->hot = hot;

    tb_translate(tbc, cpu, tb, max_insns);
    if (log_enabled(log, LOG_IN_ASM)) {
        tb_log_in_asm(tbc, tb);
    }
    if (log_enabled(log, LOG_OP)) {
        log_printf(log, "OP:\n");
        tcg_dump_ops(s, log_stream(log));
        log_printf(log, "\n");
    }
    tcg_optimize(s);
    s->fold_guest_disp = tbc->cfg.user_mode && tbc->cfg.guest_guard;
    tcg_liveness(s);
    if (log_enabled(log, LOG_OP_OPT)) {
        log_printf(log, "OP after optimization and liveness analysis:\n");
        tcg_dump_ops(s, log_stream(log));
        log_printf(log, "\n");
    }
    if (tbc->cfg.interpret || tbc->cfg.cosim) {
        tb->ir = tcg_ir_snapshot(s);
        if (!tb->ir) {
            fprintf(stderr, "tb: out of memory for the IR of a block\n");
            abort();
        }
    }
    p = (uint8_t *)(tb + 1);
    if (!tbc->cfg.interpret) {
        uint8_t *code = align_ptr(p, 16);

        n = tcg_gen_code(s, code, end - TB_SEARCH_SLACK, (uintptr_t)tb);
        if (n < 0) {
            free(tb->ir);
            tbc->flush_pending = true;
            return NULL;
        }
        tb->tc_ptr = code;
        tb->tc_size = n;
        if (tbc->cfg.perfmap) {
            fprintf(tbc->cfg.perfmap, "%" PRIxPTR " %x guest_0x%08" PRIx64 "\n",
                    (uintptr_t)code, n, pc);
        }
        for (int k = 0; k < TB_JMP_SLOTS; k++) {
            tb->jmp_insn_offset[k] = s->goto_tb_jmp[k];
            tb->jmp_reset_offset[k] = s->goto_tb_reset[k];
        }
        p = code + n;
        if (log_enabled(log, LOG_OUT_ASM)) {
            tb_log_out_asm(tbc, tb);
        }
        p = align_ptr(p, 8);
        memcpy(p, s->insns, s->nb_insn_records * sizeof(TCGInsnRecord));
        tb->insns = (const TCGInsnRecord *)p;
        tb->nb_insns = s->nb_insn_records;
        p += s->nb_insn_records * sizeof(TCGInsnRecord);
        memcpy(p, s->fault_words, s->nb_fault_words * sizeof(uint32_t));
        tb->fault_words = (const uint32_t *)p;
        tb->nb_fault_words = s->nb_fault_words;
        p += s->nb_fault_words * sizeof(uint32_t);
    }
    tbc->buf_ptr = p;
    tb->page_addr[0] = pc >> TB_PAGE_BITS;
    tb->page_addr[1] = (uint64_t)-1;
    if (tb->size && ((pc + tb->size - 1) >> TB_PAGE_BITS) != tb->page_addr[0]) {
        tb->page_addr[1] = (pc + tb->size - 1) >> TB_PAGE_BITS;
    }
    tb_link(tbc, tb);
    if (tbc->cfg.translated) {
        tbc->cfg.translated(tbc->cfg.translated_opaque, pc, cs_base, flags, cflags, hot);
    }
    tbc->stat_tbs++;
    tbc->stat_insns += tb->icount;
    tbc->stat_code_bytes += tb->tc_size;
    return tb;
}

/* Whether the longest insn at pc (15 bytes) lies on executable pages only. */
static bool tb_first_insn_fetchable(TBContext *tbc, uint64_t pc)
{
    uint64_t a = (uint32_t)pc, last = a + 14;

    for (uint64_t page = a >> TB_PAGE_BITS; page <= last >> TB_PAGE_BITS; page++) {
        int prot = tbc->cfg.page_prot(tbc->cfg.page_prot_opaque, page << TB_PAGE_BITS);

        if (prot < 0 || !(prot & PROT_EXEC)) {
            return false;
        }
    }
    return last <= UINT32_MAX;
}

/*
 * A refused fetch by the first insn would leave through cpu_loop_exit to a
 * cpu_exec that is not running: such keys are skipped beforehand; later
 * insns' refused fetches only shorten the block (tb_translate). A hot key
 * replaces a cold TB: children would otherwise each count its back jumps
 * and translate it hot again.
 */
bool tb_pretranslate(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags,
                     uint32_t cflags, bool hot)
{
    TBContext *tbc = cpu->tbc;
    void (*translated)(void *, uint64_t, uint64_t, uint32_t, uint32_t, bool);
    TranslationBlock *old, *tb;
    bool ok = true;

    if (!tbc->cfg.user_mode || !tbc->cfg.page_prot || tbc->cfg.interpret || tbc->cfg.cosim) {
        return false;
    }
    pthread_mutex_lock(&tbc->lock);
    old = tb_hash_lookup(tbc, pc, cs_base, flags, cflags);
    if (tbc->nb_cpus != 1 || tbc->cpus[0] != cpu || tbc->flush_pending) {
        ok = false;
    } else if ((!old || (hot && !old->hot && old->tc_ptr)) && tb_first_insn_fetchable(tbc, pc)) {
        if (old) {
            tb_drop(tbc, old);      /* the hot form replaces it, as in tb_heat */
        }
        translated = tbc->cfg.translated;
        tbc->cfg.translated = NULL;
        cpu->exec_priv->holds_lock = true;
        tb = tb_gen_code(tbc, cpu, pc, cs_base, flags, cflags, hot);
        cpu->exec_priv->holds_lock = false;
        ok = tb != NULL;
        if (tb && cpu->tb_jmp_cache && !cflags) {
            /* children find it there without a write to their copy of the cache */
            __atomic_store_n(&cpu->tb_jmp_cache[tb_jmp_cache_hash(pc)], tb, __ATOMIC_RELEASE);
        }
        tbc->cfg.translated = translated;
    }
    pthread_mutex_unlock(&tbc->lock);
    return ok;
}

static uint64_t tb_interp_mem_ld(void *cpu, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    CPUState *c = cpu;
    return c->tbc->cfg.mem_read(c, addr, oi, ra);
}

static void tb_interp_mem_st(void *cpu, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t ra)
{
    CPUState *c = cpu;
    c->tbc->cfg.mem_write(c, addr, val, oi, ra);
}

static uintptr_t tb_run_interp(CPUState *cpu, TranslationBlock *tb, void *env)
{
    TBContext *tbc = cpu->tbc;
    CPUExecPriv *ep = cpu->exec_priv;
    TCGInterpEnv ie = {
        .env = env,
        .user_mode = tbc->cfg.user_mode,
        .guest_base = tbc->cfg.guest_base,
        .cpu = cpu,
        .mem_ld = tb_interp_mem_ld,
        .mem_st = tb_interp_mem_st,
        .exit_request = &cpu->exit_request,
        .insn_data = ep->insn_data,
        .tb = tb,
    };
    uintptr_t ret;

    ep->interp_tb = tb;
    ret = tcg_interp(tb->ir, &ie);
    ep->interp_tb = NULL;
    return ret;
}

/* Co-simulation only runs blocks whose second run cannot change the world. */
static bool tb_cosim_safe(const TCGIR *ir)
{
    for (int i = 0; i < ir->nb_ops; i++) {
        const TCGOp *op = &ir->ops[i];

        if (op->opc == INDEX_op_qemu_st || op->opc == INDEX_op_st ||
            op->opc == INDEX_op_st8 || op->opc == INDEX_op_st16 || op->opc == INDEX_op_st32) {
            return false;
        }
        /* The host x87 unit is state outside env: a second run would redo it. */
        if (op->opc == INDEX_op_x87 || op->opc == INDEX_op_x87_m || op->opc == INDEX_op_x87_r ||
            op->opc == INDEX_op_x87_cmov) {
            return false;
        }
        if (op->opc == INDEX_op_call &&
            !(op_call_info(op)->flags & TCG_CALL_NO_SIDE_EFFECTS)) {
            return false;
        }
    }
    return true;
}

static uintptr_t tb_run_cosim(CPUState *cpu, TranslationBlock *tb)
{
    TBContext *tbc = cpu->tbc;
    const TargetOps *ops = cpu->ops;
    size_t size = ops->env_size;
    char *before, *interp_env;
    uintptr_t r1, r2;
    const Log *log = tbc->cfg.log;
    int diffs;

    if (!size || !ops->compare_state || !tb_cosim_safe(tb->ir)) {
        return tcg_qemu_tb_exec(tbc->tcg, cpu->env, tb->tc_ptr);
    }
    before = malloc(2 * size);
    if (!before) {
        return tcg_qemu_tb_exec(tbc->tcg, cpu->env, tb->tc_ptr);
    }
    interp_env = before + size;
    memcpy(before, cpu->env, size);
    r1 = tcg_qemu_tb_exec(tbc->tcg, cpu->env, tb->tc_ptr);
    memcpy(interp_env, before, size);
    r2 = tb_run_interp(cpu, tb, interp_env);
    if ((r1 & TCG_EXIT_SLOT_MASK) != TCG_EXIT_REQUESTED &&
        (r2 & TCG_EXIT_SLOT_MASK) != TCG_EXIT_REQUESTED) {
        FILE *f = log_stream(log);
        diffs = ops->compare_state(cpu->env, interp_env, f);
        if (diffs || r1 != r2) {
            fprintf(f, "cosim: TB pc=0x%" PRIx64 " flags=0x%x: %d state difference(s), "
                    "exit 0x%" PRIxPTR " compiled vs 0x%" PRIxPTR " interpreted\n",
                    tb->pc, tb->flags, diffs, r1, r2);
            tbc->stat_cosim_diffs++;
        }
        tbc->stat_cosim_checked++;
    }
    free(before);
    return r1;
}

uintptr_t tb_run(CPUState *cpu, TranslationBlock *tb)
{
    TBContext *tbc = cpu->tbc;

    if (tbc->cfg.interpret) {
        return tb_run_interp(cpu, tb, cpu->env);
    }
    if (tbc->cfg.cosim) {
        return tb_run_cosim(cpu, tb);
    }
    return tcg_qemu_tb_exec(tbc->tcg, cpu->env, tb->tc_ptr);
}
