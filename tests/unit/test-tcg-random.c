/*
 * The differential test of the x86-64 backend: random IR blocks (every op,
 * every condition, edge-case constants, branches, calls, host and guest
 * memory) compiled and run, then interpreted (before optimisation) on a copy
 * of the same state; any difference fails. Half the blocks are compiled as
 * for a host without BMI1/BMI2/LZCNT/POPCNT/MOVBE, to cover the fallbacks.
 * Alternate pairs of blocks use user-mode addressing and the system-mode
 * inline TLB (with missing and read-only pages for the slow paths).
 * EMU_TCG_RANDOM_BLOCKS overrides the count; EMU_TCG_RANDOM_SEED the seed.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/tcg-harness.h"

#define NT 6        /* block temps per kind and type */

typedef struct Gen {
    Harness *h;
    TCGContext *s;
    GRand *rng;
    TCGTemp *pool[2][8 + 2 * NT];   /* [type]: globals, TB temps, EBB temps */
    bool defined[2][8 + 2 * NT];
    TCGTemp *addr;                  /* TB temp for guest addresses */
    TCGLabel *pending[4];
    int npending;
    int ops;
} Gen;

static const int64_t edges[] = {
    0, 1, 2, 3, -1, -2, 7, 8, 15, 16, 31, 32, 33, 63, 64, 0x7f, 0x80, 0xff, 0x100, 0x7fff,
    0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000ll, 0xffffffffll, 0x100000000ll,
    INT32_MIN, INT32_MAX, INT64_MIN, INT64_MAX, 0x8000000000000000ull >> 1,
    0xffff0000ffff0000ull, 0x123456789abcdef0ull,
};

static unsigned rnd(Gen *g, unsigned n)
{
    return g_rand_int_range(g->rng, 0, n);
}

static int64_t rnd_value(Gen *g)
{
    switch (rnd(g, 4)) {
    case 0:
        return (int64_t)((uint64_t)g_rand_int(g->rng) << 32 | g_rand_int(g->rng));
    case 1:
        return (int32_t)g_rand_int(g->rng);
    default:
        return edges[rnd(g, G_N_ELEMENTS(edges))];
    }
}

/* A readable operand of type t: a defined temp, or a constant. */
static TCGTemp *src(Gen *g, int t)
{
    if (rnd(g, 5) == 0) {
        return tcg_constant_internal(g->s, t, rnd_value(g));
    }
    for (;;) {
        int i = rnd(g, 8 + 2 * NT);
        if (g->defined[t][i]) {
            return g->pool[t][i];
        }
    }
}

static TCGTemp *dst(Gen *g, int t)
{
    int i = rnd(g, 8 + 2 * NT);

    g->defined[t][i] = true;
    return g->pool[t][i];
}

/* At a label, EBB temps lose their values. */
static void set_label(Gen *g, TCGLabel *l)
{
    gen_set_label(g->s, l);
    for (int t = 0; t < 2; t++) {
        for (int i = 8 + NT; i < 8 + 2 * NT; i++) {
            g->defined[t][i] = false;
        }
    }
}

static void emit2(Gen *g, TCGOpcode opc, int t, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    TCGOp *op = tcg_emit_op(g->s, opc, t, 3);
    op->args[0] = temp_arg(r);
    op->args[1] = temp_arg(a);
    op->args[2] = temp_arg(b);
}

static void emit1(Gen *g, TCGOpcode opc, int t, TCGTemp *r, TCGTemp *a)
{
    TCGOp *op = tcg_emit_op(g->s, opc, t, 2);
    op->args[0] = temp_arg(r);
    op->args[1] = temp_arg(a);
}

static const TCGOpcode binops[] = {
    INDEX_op_add, INDEX_op_sub, INDEX_op_mul, INDEX_op_div, INDEX_op_divu, INDEX_op_rem,
    INDEX_op_remu, INDEX_op_mulsh, INDEX_op_muluh, INDEX_op_and, INDEX_op_or, INDEX_op_xor,
    INDEX_op_andc, INDEX_op_orc, INDEX_op_eqv, INDEX_op_nand, INDEX_op_nor, INDEX_op_shl,
    INDEX_op_shr, INDEX_op_sar, INDEX_op_rotl, INDEX_op_rotr, INDEX_op_clz, INDEX_op_ctz,
};

static const TCGOpcode unops[] = {
    INDEX_op_neg, INDEX_op_not, INDEX_op_ext8s, INDEX_op_ext8u, INDEX_op_ext16s,
    INDEX_op_ext16u, INDEX_op_bswap16, INDEX_op_bswap32, INDEX_op_ctpop, INDEX_op_ext32s,
    INDEX_op_ext32u, INDEX_op_bswap64, INDEX_op_mov,
};

static const TCGCond conds[] = {
    TCG_COND_NEVER, TCG_COND_ALWAYS, TCG_COND_EQ, TCG_COND_NE, TCG_COND_LT, TCG_COND_GE,
    TCG_COND_LE, TCG_COND_GT, TCG_COND_LTU, TCG_COND_GEU, TCG_COND_LEU, TCG_COND_GTU,
};

static TCGCond rnd_cond(Gen *g)
{
    return conds[rnd(g, G_N_ELEMENTS(conds))];
}

static void gen_guest_mem(Gen *g)
{
    TCGContext *s = g->s;
    int t = rnd(g, 2);
    MemOp size = rnd(g, t == TCG_TYPE_I64 ? 4 : 3);
    MemOp mop = size | (rnd(g, 2) ? MO_BE : 0) | (rnd(g, 2) && size < MO_64 ? MO_SIGN : 0);
    TCGv_i32 a = temp_tcgv_i32(g->addr);

    tcg_gen_andi_i32(s, a, temp_tcgv_i32(src(g, TCG_TYPE_I32)), 0x7ff8);
    tcg_gen_addi_i32(s, a, a, HARNESS_WINDOW + rnd(g, 8));
    if (rnd(g, 2)) {
        if (t == TCG_TYPE_I32) {
            tcg_gen_qemu_ld_i32(s, temp_tcgv_i32(dst(g, t)), a, 0, mop);
        } else {
            tcg_gen_qemu_ld_i64(s, temp_tcgv_i64(dst(g, t)), a, 0, mop);
        }
    } else if (t == TCG_TYPE_I32) {
        tcg_gen_qemu_st_i32(s, temp_tcgv_i32(src(g, t)), a, 0, mop);
    } else {
        tcg_gen_qemu_st_i64(s, temp_tcgv_i64(src(g, t)), a, 0, mop);
    }
}

static void gen_host_mem(Gen *g)
{
    static const TCGOpcode lds[] = {
        INDEX_op_ld8u, INDEX_op_ld8s, INDEX_op_ld16u, INDEX_op_ld16s, INDEX_op_ld,
        INDEX_op_ld32u, INDEX_op_ld32s,
    };
    static const TCGOpcode sts[] = { INDEX_op_st8, INDEX_op_st16, INDEX_op_st, INDEX_op_st32 };
    int t = rnd(g, 2);
    intptr_t ofs = offsetof(TestEnv, scratch) + rnd(g, 56);
    TCGTemp *env = tcgv_ptr_temp(tcg_env(g->s));
    TCGOp *op;

    if (rnd(g, 2)) {
        TCGOpcode opc = lds[rnd(g, t == TCG_TYPE_I64 ? 7 : 5)];
        op = tcg_emit_op(g->s, opc, t, 3);
        op->args[0] = temp_arg(dst(g, t));
    } else {
        TCGOpcode opc = sts[rnd(g, t == TCG_TYPE_I64 ? 4 : 3)];
        op = tcg_emit_op(g->s, opc, t, 3);
        op->args[0] = temp_arg(src(g, t));
    }
    op->args[1] = temp_arg(env);
    op->args[2] = ofs;
}

static void gen_call(Gen *g)
{
    TCGTemp *env = tcgv_ptr_temp(tcg_env(g->s));
    TCGTemp *args[3];

    switch (rnd(g, 3)) {
    case 0:
        args[0] = src(g, TCG_TYPE_I64);
        args[1] = src(g, TCG_TYPE_I64);
        args[2] = src(g, TCG_TYPE_I32);
        tcg_gen_callN(g->s, &harness_mix_info, dst(g, TCG_TYPE_I64), 3, args);
        break;
    case 1:
        args[0] = env;
        tcg_gen_callN(g->s, &harness_touch_info, NULL, 1, args);
        break;
    default:
        args[0] = env;
        tcg_gen_callN(g->s, &harness_read_info, dst(g, TCG_TYPE_I32), 1, args);
        break;
    }
}

static void gen_bitfield(Gen *g, int t)
{
    unsigned w = t == TCG_TYPE_I32 ? 32 : 64;
    unsigned len = 1 + rnd(g, w);
    unsigned pos = rnd(g, w - len + 1);
    TCGContext *s = g->s;

    if (t == TCG_TYPE_I32) {
        TCGv_i32 a = temp_tcgv_i32(src(g, t)), b = temp_tcgv_i32(src(g, t));
        switch (rnd(g, 3)) {
        case 0:
            tcg_gen_extract_i32(s, temp_tcgv_i32(dst(g, t)), a, pos, len);
            break;
        case 1:
            tcg_gen_sextract_i32(s, temp_tcgv_i32(dst(g, t)), a, pos, len);
            break;
        default:
            tcg_gen_deposit_i32(s, temp_tcgv_i32(dst(g, t)), a, b, pos, len);
            break;
        }
    } else {
        TCGv_i64 a = temp_tcgv_i64(src(g, t)), b = temp_tcgv_i64(src(g, t));
        switch (rnd(g, 3)) {
        case 0:
            tcg_gen_extract_i64(s, temp_tcgv_i64(dst(g, t)), a, pos, len);
            break;
        case 1:
            tcg_gen_sextract_i64(s, temp_tcgv_i64(dst(g, t)), a, pos, len);
            break;
        default:
            tcg_gen_deposit_i64(s, temp_tcgv_i64(dst(g, t)), a, b, pos, len);
            break;
        }
    }
}

static void gen_double(Gen *g, int t)
{
    static const TCGOpcode opcs[] = {
        INDEX_op_muls2, INDEX_op_mulu2, INDEX_op_add2, INDEX_op_sub2,
    };
    TCGOpcode opc = opcs[rnd(g, 4)];
    bool four = opc == INDEX_op_add2 || opc == INDEX_op_sub2;
    TCGOp *op = tcg_emit_op(g->s, opc, t, four ? 6 : 4);
    TCGTemp *in[4];
    int n = four ? 4 : 2;

    for (int i = 0; i < n; i++) {
        in[i] = src(g, t);
    }
    op->args[0] = temp_arg(dst(g, t));
    do {
        op->args[1] = temp_arg(dst(g, t));
    } while (op->args[1] == op->args[0]);
    for (int i = 0; i < n; i++) {
        op->args[2 + i] = temp_arg(in[i]);
    }
}

static void gen_conv(Gen *g)
{
    TCGContext *s = g->s;

    switch (rnd(g, 5)) {
    case 0:
        tcg_gen_ext_i32_i64(s, temp_tcgv_i64(dst(g, 1)), temp_tcgv_i32(src(g, 0)));
        break;
    case 1:
        tcg_gen_extu_i32_i64(s, temp_tcgv_i64(dst(g, 1)), temp_tcgv_i32(src(g, 0)));
        break;
    case 2:
        tcg_gen_extrl_i64_i32(s, temp_tcgv_i32(dst(g, 0)), temp_tcgv_i64(src(g, 1)));
        break;
    case 3:
        tcg_gen_extrh_i64_i32(s, temp_tcgv_i32(dst(g, 0)), temp_tcgv_i64(src(g, 1)));
        break;
    default:
        tcg_gen_concat_i32_i64(s, temp_tcgv_i64(dst(g, 1)), temp_tcgv_i32(src(g, 0)),
                               temp_tcgv_i32(src(g, 0)));
        break;
    }
}

static void gen_cond(Gen *g, int t)
{
    TCGCond c = rnd_cond(g);
    TCGOp *op;

    switch (rnd(g, 3)) {
    case 0:
        op = tcg_emit_op(g->s, INDEX_op_setcond, t, 4);
        op->args[1] = temp_arg(src(g, t));
        op->args[2] = temp_arg(src(g, t));
        op->args[0] = temp_arg(dst(g, t));
        op->args[3] = c;
        break;
    case 1:
        op = tcg_emit_op(g->s, INDEX_op_movcond, t, 6);
        for (int i = 1; i < 5; i++) {
            op->args[i] = temp_arg(src(g, t));
        }
        op->args[0] = temp_arg(dst(g, t));
        op->args[5] = c;
        break;
    default:
        if (g->npending < 4) {
            TCGLabel *l = gen_new_label(g->s);
            TCGOp *b = tcg_emit_op(g->s, INDEX_op_brcond, t, 4);
            b->args[0] = temp_arg(src(g, t));
            b->args[1] = temp_arg(src(g, t));
            b->args[2] = c;
            b->args[3] = (TCGArg)(uintptr_t)l;
            l->used = true;
            g->pending[g->npending++] = l;
        }
        break;
    }
}

static void gen_one(Gen *g)
{
    int t = rnd(g, 2);
    unsigned k = rnd(g, 100);
    TCGOpcode opc;

    if (k < 30) {
        opc = binops[rnd(g, G_N_ELEMENTS(binops))];
        TCGTemp *a = src(g, t), *b = src(g, t);
        emit2(g, opc, t, dst(g, t), a, b);
    } else if (k < 42) {
        opc = unops[rnd(g, G_N_ELEMENTS(unops) - (t == TCG_TYPE_I32 ? 4 : 0))];
        if (opc == INDEX_op_mov && t == TCG_TYPE_I32) {
            opc = INDEX_op_not;
        }
        TCGTemp *a = src(g, t);
        emit1(g, opc, t, dst(g, t), a);
    } else if (k < 50) {
        gen_bitfield(g, t);
    } else if (k < 56) {
        gen_double(g, t);
    } else if (k < 62) {
        gen_conv(g);
    } else if (k < 72) {
        gen_cond(g, t);
    } else if (k < 80) {
        gen_guest_mem(g);
    } else if (k < 86) {
        gen_host_mem(g);
    } else if (k < 90) {
        gen_call(g);
    } else if (k < 93) {
        TCGOp *op = tcg_emit_op(g->s, INDEX_op_movi, t, 2);
        op->args[0] = temp_arg(dst(g, t));
        op->args[1] = tcg_normalize(t, rnd_value(g));
    } else if (k < 97 && g->npending) {
        int i = rnd(g, g->npending);
        set_label(g, g->pending[i]);
        g->pending[i] = g->pending[--g->npending];
    } else if (k < 98) {
        tcg_gen_insn_start(g->s, g->ops, 0);
    } else {
        tcg_gen_mb(g->s, rnd(g, 2) ? TCG_MO_ALL | TCG_BAR_SC : TCG_MO_LD_LD);
    }
    g->ops++;
}

static void gen_block(Gen *g, int nops)
{
    TCGContext *s = g->s;
    Harness *h = g->h;

    g->npending = 0;
    g->ops = 0;
    for (int t = 0; t < 2; t++) {
        for (int i = 0; i < 8; i++) {
            g->pool[t][i] = t ? tcgv_i64_temp(h->g64[i]) : tcgv_i32_temp(h->g32[i]);
            g->defined[t][i] = true;
        }
        for (int i = 8; i < 8 + 2 * NT; i++) {
            g->pool[t][i] = tcg_temp_new_internal(s, t, i < 8 + NT ? TEMP_TB : TEMP_EBB);
            g->defined[t][i] = false;
        }
    }
    g->addr = tcg_temp_new_internal(s, TCG_TYPE_I32, TEMP_TB);
    tcg_gen_insn_start(s, 0, 0);
    /* Every block temp gets a value before the first branch. */
    for (int t = 0; t < 2; t++) {
        for (int i = 8; i < 8 + 2 * NT; i++) {
            TCGTemp *a = g->pool[t][rnd(g, 8)];
            emit1(g, INDEX_op_mov, t, g->pool[t][i], a);
            g->defined[t][i] = true;
        }
    }
    for (int i = 0; i < nops; i++) {
        gen_one(g);
    }
    while (g->npending) {
        set_label(g, g->pending[--g->npending]);
    }
    switch (rnd(g, 3)) {
    case 0:
        tcg_gen_exit_tb(s, NULL, 0);
        break;
    case 1: {
        unsigned slot = rnd(g, 2);
        tcg_gen_goto_tb(s, slot);
        tcg_gen_exit_tb(s, (const void *)HARNESS_FAKE_TB, slot);
        break;
    }
    default:
        tcg_gen_goto_ptr(s, tcg_constant_ptr(s, (intptr_t)s->epilogue_zero));
        break;
    }
}

static void randomize_state(Gen *g)
{
    Harness *h = g->h;
    TestEnv *e = &h->cpu[0].env;

    for (int i = 0; i < 8; i++) {
        e->g32[i] = rnd_value(g);
        e->g64[i] = rnd_value(g);
    }
    for (size_t i = 0; i < sizeof(e->scratch); i++) {
        e->scratch[i] = g_rand_int(g->rng);
    }
    for (int i = 0; i < 64; i++) {
        uint32_t v = g_rand_int(g->rng);
        memcpy(h->mem[0] + HARNESS_WINDOW + rnd(g, 0x8000 - 4), &v, 4);
    }
    harness_sync_copies(h);
}

static void test_random(void)
{
    const char *env_n = getenv("EMU_TCG_RANDOM_BLOCKS");
    const char *env_seed = getenv("EMU_TCG_RANDOM_SEED");
    long blocks = env_n ? atol(env_n) : 100000;
    guint32 seed = env_seed ? (guint32)atol(env_seed) : 20261121;
    Harness *hs[2] = { harness_new(false), harness_new(true) };
    Gen g = { .rng = g_rand_new_with_seed(seed) };
    long fails = 0;

    for (long b = 0; b < blocks; b++) {
        Harness *h = hs[(b >> 1) & 1];

        g.h = h;
        g.s = h->s;
        h->s->host_features = (b & 1) ? h->features : 0;
        harness_start(h);
        randomize_state(&g);
        gen_block(&g, 4 + rnd(&g, 40));
        if (b == 0 && getenv("EMU_TCG_RANDOM_DUMP")) {
            tcg_dump_ops(h->s, stderr);
        }
        g_assert_cmpint(harness_run(h), ==, 0);
        if (!harness_same(h)) {
            fprintf(stderr, "block %ld (seed %u, features %#x, %s mode) differs; its IR:\n",
                    b, seed, h->s->host_features, h->system ? "system" : "user");
            tcg_dump_ops(h->s, stderr);
            if (++fails >= 5) {
                break;
            }
        }
    }
    g_rand_free(g.rng);
    harness_free(hs[0]);
    harness_free(hs[1]);
    g_assert_cmpint(fails, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/random/compiled-vs-interpreted", test_random);
    return g_test_run();
}
