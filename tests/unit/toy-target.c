/*
 * The toy guest's front end (decode -> TCG IR), helpers and TargetOps: just
 * enough of a CPU to exercise translation, chaining, goto_ptr, helpers that
 * raise exceptions, guest loads/stores and self-modifying code.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/cpu-ldst.h"
#include "exec/translation-block.h"
#include "tcg/tcg-op.h"
#include "tests/unit/toy-target.h"

typedef ToyEnv CPUArchState;

typedef struct ToyGlobals {
    TCGv_i32 regs[8];
    TCGv_i32 pc;
} ToyGlobals;

static void toy_helper_halt(CPUArchState *env)
{
    CPUState *cpu = env_cpu(env, &toy_target_ops);
    cpu_raise_exception(cpu, TOY_EXCP_HALT, 0, GETPC());
}

static uint32_t toy_helper_div(CPUArchState *env, uint32_t a, uint32_t b)
{
    if (b == 0) {
        cpu_raise_exception(env_cpu(env, &toy_target_ops), TOY_EXCP_DIVZ, 0, GETPC());
    }
    return a / b;
}

static const TCGHelperInfo toy_halt_info = {
    (void *)toy_helper_halt, "halt", 0, TCG_HTYPE_VOID | TCG_HTYPE_PTR << 3,
};
static const TCGHelperInfo toy_div_info = {
    (void *)toy_helper_div, "div", TCG_CALL_NO_WG,
    TCG_HTYPE_I32 | TCG_HTYPE_PTR << 3 | TCG_HTYPE_I32 << 6 | TCG_HTYPE_I32 << 9,
};

static void toy_tcg_init(TCGContext *s)
{
    static const char *const names[8] = { "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7" };
    /* One per context, freed with the process (tests create a few). */
    ToyGlobals *tg = calloc(1, sizeof(*tg));

    for (int i = 0; i < 8; i++) {
        tg->regs[i] = tcg_global_mem_new_i32(s, offsetof(ToyEnv, regs[i]), names[i]);
    }
    tg->pc = tcg_global_mem_new_i32(s, offsetof(ToyEnv, pc), "pc");
    /* The key toy_get_tb_state gives: goto_ptr probes the jump cache inline. */
    tcg_set_lookup_key(s, tg->pc, -1, offsetof(ToyEnv, flags));
    tcg_set_frontend_data(s, tg);
}

static void toy_get_tb_state(CPUState *cpu, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    ToyCPU *t = (ToyCPU *)cpu;

    t->tb_lookups++;
    *pc = t->env.pc;
    *cs_base = 0;
    *flags = t->env.flags;
}

static void toy_goto(TCGContext *s, const ToyGlobals *g, TranslationBlock *tb, int slot,
                     uint32_t dest)
{
    tcg_gen_movi_i32(s, g->pc, dest);
    if (!(tb->cflags & CF_NOCHAIN)) {
        tcg_gen_goto_tb(s, slot);
        tcg_gen_exit_tb(s, tb, slot);
    } else {
        tcg_gen_exit_tb(s, NULL, 0);
    }
}

/* One insn; returns true when it ends the block. */
static bool toy_insn(TCGContext *s, const ToyGlobals *g, TranslationBlock *tb, uint32_t pc,
                     uint32_t insn)
{
    int op = insn & 0xff, a = (insn >> 8) & 7, b = (insn >> 16) & 7;
    int8_t c = insn >> 24;
    TCGTemp *args[3];
    TCGv_i32 t;
    TCGLabel *l;

    switch (op) {
    case TOY_MOVI:
        tcg_gen_movi_i32(s, g->regs[a], (int16_t)(insn >> 16));
        return false;
    case TOY_ADD:
        tcg_gen_add_i32(s, g->regs[a], g->regs[b], g->regs[c & 7]);
        return false;
    case TOY_OR:
        tcg_gen_or_i32(s, g->regs[a], g->regs[b], g->regs[c & 7]);
        return false;
    case TOY_ADDI:
        tcg_gen_addi_i32(s, g->regs[a], g->regs[b], c);
        return false;
    case TOY_SHLI:
        tcg_gen_shli_i32(s, g->regs[a], g->regs[b], c & 31);
        return false;
    case TOY_LD:
        tcg_gen_qemu_ld_i32(s, g->regs[a], g->regs[b], 0, MO_LEUL);
        return false;
    case TOY_ST:
        tcg_gen_qemu_st_i32(s, g->regs[a], g->regs[b], 0, MO_LEUL);
        return false;
    case TOY_STB:
        tcg_gen_qemu_st_i32(s, g->regs[a], g->regs[b], 0, MO_UB);
        return false;
    case TOY_DIV:
        t = tcg_temp_new_i32(s);
        args[0] = tcgv_ptr_temp(tcg_env(s));
        args[1] = tcgv_i32_temp(g->regs[b]);
        args[2] = tcgv_i32_temp(g->regs[c & 7]);
        tcg_gen_callN(s, &toy_div_info, tcgv_i32_temp(t), 3, args);
        tcg_gen_mov_i32(s, g->regs[a], t);
        tcg_temp_free_i32(s, t);
        return false;
    case TOY_BNZ:
        l = gen_new_label(s);
        tcg_gen_brcondi_i32(s, TCG_COND_EQ, g->regs[a], 0, l);
        toy_goto(s, g, tb, 0, pc + 4 * c);
        gen_set_label(s, l);
        toy_goto(s, g, tb, 1, pc + 4);
        return true;
    case TOY_JR:
        tcg_gen_mov_i32(s, g->pc, g->regs[a]);
        tcg_gen_lookup_and_goto_ptr(s);
        return true;
    default:    /* TOY_HALT and anything unknown */
        tcg_gen_movi_i32(s, g->pc, pc);
        args[0] = tcgv_ptr_temp(tcg_env(s));
        tcg_gen_callN(s, &toy_halt_info, NULL, 1, args);
        return true;
    }
}

static void toy_translate(CPUState *cpu, TCGContext *s, TranslationBlock *tb, int max_insns)
{
    const ToyGlobals *g = tcg_frontend_data(s);
    uint32_t pc = tb->pc;
    int n = 0;
    bool end = false;

    while (!end) {
        uint32_t insn;

        memcpy(&insn, cpu_user_host_addr(cpu, pc), 4);
        tcg_gen_insn_start(s, pc, 0);
        end = toy_insn(s, g, tb, pc, insn);
        pc += 4;
        n++;
        if (!end && (n >= max_insns || (pc & 4095) == 0 || tcg_op_buf_full(s))) {
            toy_goto(s, g, tb, 0, pc);
            end = true;
        }
    }
    tb->size = pc - tb->pc;
    tb->icount = n;
}

static void toy_restore_state(CPUState *cpu, const TranslationBlock *tb, const uint64_t *data)
{
    ((ToyCPU *)cpu)->env.pc = data[0];
}

static void toy_dump_state(CPUState *cpu, FILE *f)
{
    ToyEnv *e = cpu->env;

    fprintf(f, "pc=%08x", e->pc);
    for (int i = 0; i < 8; i++) {
        fprintf(f, " r%d=%08x", i, e->regs[i]);
    }
    fprintf(f, "\n");
}

static int toy_compare_state(const void *a, const void *b, FILE *f)
{
    const ToyEnv *x = a, *y = b;
    int d = 0;

    for (int i = 0; i < 8; i++) {
        if (x->regs[i] != y->regs[i]) {
            fprintf(f, "r%d: %08x vs %08x\n", i, x->regs[i], y->regs[i]);
            d++;
        }
    }
    if (x->pc != y->pc) {
        fprintf(f, "pc: %08x vs %08x\n", x->pc, y->pc);
        d++;
    }
    return d;
}

const TargetOps toy_target_ops = {
    .name = "toy",
    .env_offset = offsetof(ToyCPU, env),
    .tcg_init = toy_tcg_init,
    .get_tb_state = toy_get_tb_state,
    .translate = toy_translate,
    .restore_state = toy_restore_state,
    .dump_state = toy_dump_state,
    .compare_state = toy_compare_state,
    .env_size = sizeof(ToyEnv),
};

uint8_t *toy_guest_mem(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}
