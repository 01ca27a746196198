/*
 * Every TCG op against hand-written expected values from tcg/README: edge
 * cases of shifts, division, extensions, bit fields, byte swaps, bit counts,
 * double-word ops, conditions and guest/host memory. Each case runs through
 * the x86-64 backend with register inputs, with constant inputs (folded by
 * the optimiser) and with a constant second input (immediate forms), with
 * and without the optional host instructions, and through the interpreter.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tests/unit/tcg-harness.h"

#define I32 TCG_TYPE_I32
#define I64 TCG_TYPE_I64
#define MIN32 0x80000000ull
#define MIN64 0x8000000000000000ull

typedef struct OpCase {
    TCGOpcode opc;
    TCGType type;
    uint64_t a, b;
    uint64_t c0, c1;       /* constant args: pos/len, or the condition */
    uint64_t expect;
} OpCase;

static const OpCase cases[] = {
    { INDEX_op_add, I32, 0xffffffff, 1, 0, 0, 0 },
    { INDEX_op_add, I64, ~0ull, 2, 0, 0, 1 },
    { INDEX_op_sub, I32, 0, 1, 0, 0, 0xffffffff },
    { INDEX_op_sub, I64, 0, 1, 0, 0, ~0ull },
    { INDEX_op_neg, I32, MIN32, 0, 0, 0, MIN32 },
    { INDEX_op_neg, I64, 5, 0, 0, 0, (uint64_t)-5 },
    { INDEX_op_mul, I32, 0x10000, 0x10000, 0, 0, 0 },
    { INDEX_op_mul, I64, 0x100000000ull, 0x100000001ull, 0, 0, 0x100000000ull },
    { INDEX_op_mul, I32, 0xffffffff, 0xffffffff, 0, 0, 1 },
    { INDEX_op_div, I32, 7, 0, 0, 0, 0 },
    { INDEX_op_div, I32, MIN32, 0xffffffff, 0, 0, MIN32 },
    { INDEX_op_div, I32, (uint32_t)-7, 2, 0, 0, (uint32_t)-3 },
    { INDEX_op_div, I64, MIN64, ~0ull, 0, 0, MIN64 },
    { INDEX_op_div, I64, 100, 0, 0, 0, 0 },
    { INDEX_op_div, I64, (uint64_t)-9, 4, 0, 0, (uint64_t)-2 },
    { INDEX_op_divu, I32, 0xffffffff, 2, 0, 0, 0x7fffffff },
    { INDEX_op_divu, I32, 5, 0, 0, 0, 0 },
    { INDEX_op_divu, I64, ~0ull, 0x10, 0, 0, 0x0fffffffffffffffull },
    { INDEX_op_divu, I64, 5, 0, 0, 0, 0 },
    { INDEX_op_rem, I32, 7, 0, 0, 0, 7 },
    { INDEX_op_rem, I32, MIN32, 0xffffffff, 0, 0, 0 },
    { INDEX_op_rem, I32, (uint32_t)-7, 2, 0, 0, 0xffffffff },
    { INDEX_op_rem, I64, MIN64, ~0ull, 0, 0, 0 },
    { INDEX_op_rem, I64, 12345, 0, 0, 0, 12345 },
    { INDEX_op_remu, I32, 0xffffffff, 10, 0, 0, 5 },
    { INDEX_op_remu, I32, 9, 0, 0, 0, 9 },
    { INDEX_op_remu, I64, ~0ull, 10, 0, 0, 5 },
    { INDEX_op_remu, I64, 9, 0, 0, 0, 9 },
    { INDEX_op_mulsh, I32, 0xffffffff, 0xffffffff, 0, 0, 0 },
    { INDEX_op_mulsh, I32, MIN32, MIN32, 0, 0, 0x40000000 },
    { INDEX_op_mulsh, I64, ~0ull, 2, 0, 0, ~0ull },
    { INDEX_op_muluh, I32, 0xffffffff, 0xffffffff, 0, 0, 0xfffffffe },
    { INDEX_op_muluh, I64, ~0ull, ~0ull, 0, 0, ~0ull - 1 },
    { INDEX_op_and, I32, 0xf0f0f0f0, 0xff00ff00, 0, 0, 0xf000f000 },
    { INDEX_op_or, I64, 0xf0ull << 56, 0x0f, 0, 0, 0xf00000000000000full },
    { INDEX_op_xor, I32, 0xffffffff, 0x0f0f0f0f, 0, 0, 0xf0f0f0f0 },
    { INDEX_op_not, I32, 0, 0, 0, 0, 0xffffffff },
    { INDEX_op_not, I64, 0, 0, 0, 0, ~0ull },
    { INDEX_op_andc, I32, 0xff, 0x0f, 0, 0, 0xf0 },
    { INDEX_op_andc, I64, ~0ull, 1, 0, 0, ~1ull },
    { INDEX_op_orc, I32, 0, 0xfffffff0, 0, 0, 0xf },
    { INDEX_op_orc, I64, 0, ~0ull, 0, 0, 0 },
    { INDEX_op_eqv, I32, 0xff, 0x0f, 0, 0, 0xffffff0f },
    { INDEX_op_nand, I32, 0xffffffff, 0xffffffff, 0, 0, 0 },
    { INDEX_op_nand, I64, 1, 3, 0, 0, ~1ull },
    { INDEX_op_nor, I32, 0, 0, 0, 0, 0xffffffff },
    { INDEX_op_nor, I64, 1, 2, 0, 0, ~3ull },
    { INDEX_op_shl, I32, 1, 31, 0, 0, MIN32 },
    { INDEX_op_shl, I32, 1, 32, 0, 0, 1 },          /* count mod 32 */
    { INDEX_op_shl, I32, 3, 33, 0, 0, 6 },
    { INDEX_op_shl, I64, 1, 63, 0, 0, MIN64 },
    { INDEX_op_shl, I64, 1, 64, 0, 0, 1 },
    { INDEX_op_shr, I32, MIN32, 31, 0, 0, 1 },
    { INDEX_op_shr, I32, MIN32, 32, 0, 0, MIN32 },
    { INDEX_op_shr, I64, MIN64, 65, 0, 0, MIN64 >> 1 },
    { INDEX_op_sar, I32, MIN32, 31, 0, 0, 0xffffffff },
    { INDEX_op_sar, I32, MIN32, 32, 0, 0, MIN32 },
    { INDEX_op_sar, I64, MIN64, 63, 0, 0, ~0ull },
    { INDEX_op_sar, I64, 0x4000000000000000ull, 62, 0, 0, 1 },
    { INDEX_op_rotl, I32, 0x80000001, 1, 0, 0, 3 },
    { INDEX_op_rotl, I32, 0x12345678, 32, 0, 0, 0x12345678 },
    { INDEX_op_rotl, I64, MIN64 | 1, 4, 0, 0, 0x18 },
    { INDEX_op_rotr, I32, 1, 1, 0, 0, MIN32 },
    { INDEX_op_rotr, I32, 0x12345678, 36, 0, 0, 0x81234567 },
    { INDEX_op_rotr, I64, 1, 1, 0, 0, MIN64 },
    { INDEX_op_rotr, I64, 0x1234, 64, 0, 0, 0x1234 },
    { INDEX_op_ext8s, I32, 0x80, 0, 0, 0, 0xffffff80 },
    { INDEX_op_ext8s, I64, 0x17f, 0, 0, 0, 0x7f },
    { INDEX_op_ext8s, I64, 0xff, 0, 0, 0, ~0ull },
    { INDEX_op_ext8u, I32, 0xffffff80, 0, 0, 0, 0x80 },
    { INDEX_op_ext8u, I64, ~0ull, 0, 0, 0, 0xff },
    { INDEX_op_ext16s, I32, 0x8000, 0, 0, 0, 0xffff8000 },
    { INDEX_op_ext16s, I64, 0x18000, 0, 0, 0, 0xffffffffffff8000ull },
    { INDEX_op_ext16u, I32, 0xffff8000, 0, 0, 0, 0x8000 },
    { INDEX_op_ext16u, I64, ~0ull, 0, 0, 0, 0xffff },
    { INDEX_op_ext32s, I64, 0x80000000, 0, 0, 0, 0xffffffff80000000ull },
    { INDEX_op_ext32s, I64, 0x17fffffffull, 0, 0, 0, 0x7fffffff },
    { INDEX_op_ext32u, I64, ~0ull, 0, 0, 0, 0xffffffff },
    { INDEX_op_extract, I32, 0xf0f0f0f0, 0, 4, 8, 0x0f },
    { INDEX_op_extract, I32, 0x80000000, 0, 31, 1, 1 },
    { INDEX_op_extract, I32, 0xdeadbeef, 0, 0, 32, 0xdeadbeef },
    { INDEX_op_extract, I32, 0xdeadbeef, 0, 8, 16, 0xadbe },
    { INDEX_op_extract, I64, ~0ull, 0, 1, 62, 0x3fffffffffffffffull },
    { INDEX_op_extract, I64, 0x123456789abcdef0ull, 0, 32, 32, 0x12345678 },
    { INDEX_op_extract, I64, 0x123456789abcdef0ull, 0, 0, 32, 0x9abcdef0 },
    { INDEX_op_sextract, I32, 0x00000800, 0, 8, 4, 0xfffffff8 },
    { INDEX_op_sextract, I32, 0x80, 0, 0, 8, 0xffffff80 },
    { INDEX_op_sextract, I32, 0x80000000, 0, 16, 16, 0xffff8000 },
    { INDEX_op_sextract, I64, 0x80000000, 0, 0, 32, 0xffffffff80000000ull },
    { INDEX_op_sextract, I64, 0x0000700000000000ull, 0, 44, 3, 0xffffffffffffffffull },
    { INDEX_op_deposit, I32, 0xffffffff, 0, 8, 8, 0xffff00ff },
    { INDEX_op_deposit, I32, 0, 0x1ff, 0, 8, 0xff },
    { INDEX_op_deposit, I32, 0x12345678, 0xab, 24, 8, 0xab345678 },
    { INDEX_op_deposit, I32, 0x12345678, 0xcafe, 0, 32, 0xcafe },
    { INDEX_op_deposit, I64, 0, ~0ull, 63, 1, MIN64 },
    { INDEX_op_deposit, I64, ~0ull, 0, 16, 32, 0xffff00000000ffffull },
    { INDEX_op_deposit, I64, 0x1111111111111111ull, 0x22222222, 32, 32, 0x2222222211111111ull },
    { INDEX_op_bswap16, I32, 0xffff1234, 0, 0, 0, 0x3412 },
    { INDEX_op_bswap16, I64, ~0ull, 0, 0, 0, 0xffff },
    { INDEX_op_bswap32, I32, 0x12345678, 0, 0, 0, 0x78563412 },
    { INDEX_op_bswap32, I64, 0xffffffff12345678ull, 0, 0, 0, 0x78563412 },
    { INDEX_op_bswap64, I64, 0x0102030405060708ull, 0, 0, 0, 0x0807060504030201ull },
    { INDEX_op_clz, I32, 0, 99, 0, 0, 99 },
    { INDEX_op_clz, I32, 0, 32, 0, 0, 32 },
    { INDEX_op_clz, I32, 1, 99, 0, 0, 31 },
    { INDEX_op_clz, I32, MIN32, 0, 0, 0, 0 },
    { INDEX_op_clz, I64, 0, 64, 0, 0, 64 },
    { INDEX_op_clz, I64, 0, 7, 0, 0, 7 },
    { INDEX_op_clz, I64, 0x100000000ull, 0, 0, 0, 31 },
    { INDEX_op_ctz, I32, 0, 99, 0, 0, 99 },
    { INDEX_op_ctz, I32, 0xf0, 99, 0, 0, 4 },
    { INDEX_op_ctz, I64, 0x8000000000000010ull, 0, 0, 0, 4 },
    { INDEX_op_clz, I32, 0xf0, 0, 0, 0, 24 },
    { INDEX_op_clz, I64, 0xf00, 0, 0, 0, 52 },
    { INDEX_op_ctz, I32, MIN32, 0, 0, 0, 31 },
    { INDEX_op_ctz, I64, 0, 64, 0, 0, 64 },
    { INDEX_op_ctz, I64, MIN64, 0, 0, 0, 63 },
    { INDEX_op_ctz, I64, 0x100000000ull, 5, 0, 0, 32 },
    { INDEX_op_ctpop, I32, 0xffffffff, 0, 0, 0, 32 },
    { INDEX_op_ctpop, I32, 0, 0, 0, 0, 0 },
    { INDEX_op_ctpop, I64, ~0ull, 0, 0, 0, 64 },
    { INDEX_op_ctpop, I64, 0x8000000100000001ull, 0, 0, 0, 3 },
    { INDEX_op_ext_i32_i64, I64, 0x80000000, 0, 0, 0, 0xffffffff80000000ull },
    { INDEX_op_extu_i32_i64, I64, 0x80000000, 0, 0, 0, 0x80000000 },
    { INDEX_op_extrl_i64_i32, I32, 0x123456789ull, 0, 0, 0, 0x23456789 },
    { INDEX_op_extrh_i64_i32, I32, 0x123456789ull, 0, 0, 0, 1 },
    { INDEX_op_extrh_i64_i32, I32, ~0ull, 0, 0, 0, 0xffffffff },
    { INDEX_op_setcond, I32, 0xffffffff, 1, TCG_COND_LT, 0, 1 },
    { INDEX_op_setcond, I32, 0xffffffff, 1, TCG_COND_LTU, 0, 0 },
    { INDEX_op_setcond, I32, 5, 5, TCG_COND_EQ, 0, 1 },
    { INDEX_op_setcond, I32, 5, 5, TCG_COND_NE, 0, 0 },
    { INDEX_op_setcond, I32, 5, 5, TCG_COND_GE, 0, 1 },
    { INDEX_op_setcond, I32, 5, 5, TCG_COND_GT, 0, 0 },
    { INDEX_op_setcond, I32, 5, 5, TCG_COND_LE, 0, 1 },
    { INDEX_op_setcond, I32, MIN32, 0x7fffffff, TCG_COND_GT, 0, 0 },
    { INDEX_op_setcond, I32, MIN32, 0x7fffffff, TCG_COND_GTU, 0, 1 },
    { INDEX_op_setcond, I32, MIN32, 0x7fffffff, TCG_COND_GEU, 0, 1 },
    { INDEX_op_setcond, I32, MIN32, 0x7fffffff, TCG_COND_LEU, 0, 0 },
    { INDEX_op_setcond, I32, 1, 2, TCG_COND_ALWAYS, 0, 1 },
    { INDEX_op_setcond, I32, 1, 1, TCG_COND_NEVER, 0, 0 },
    { INDEX_op_setcond, I64, MIN64, 0, TCG_COND_LT, 0, 1 },
    { INDEX_op_setcond, I64, MIN64, 0, TCG_COND_GTU, 0, 1 },
    { INDEX_op_setcond, I64, 0x100000000ull, 0, TCG_COND_NE, 0, 1 },
    { INDEX_op_setcond, I64, 0x100000000ull, 1, TCG_COND_LEU, 0, 0 },
};

/* Build "r = op a, b" with a, b from globals or constants; run both ways. */
static void run_case(Harness *h, const OpCase *c, int form, uint64_t *res)
{
    TCGContext *s = h->s;
    const TCGOpDef *def = &tcg_op_defs[c->opc];
    bool in64 = c->type == I64 && c->opc != INDEX_op_ext_i32_i64 &&
                c->opc != INDEX_op_extu_i32_i64;
    TCGType itype = c->opc == INDEX_op_extrl_i64_i32 || c->opc == INDEX_op_extrh_i64_i32
                        ? I64 : in64 ? I64 : I32;
    TCGTemp *a, *b = NULL, *r;
    TCGOp *op;
    int k = 0;

    harness_start(h);
    memset(&h->cpu[0].env, 0, sizeof(TestEnv));
    h->cpu[0].env.g32[0] = c->a;
    h->cpu[0].env.g32[1] = c->b;
    h->cpu[0].env.g64[0] = c->a;
    h->cpu[0].env.g64[1] = c->b;
    harness_sync_copies(h);
    a = itype == I64 ? tcgv_i64_temp(h->g64[0]) : tcgv_i32_temp(h->g32[0]);
    if (def->nb_iargs > 1) {
        b = itype == I64 ? tcgv_i64_temp(h->g64[1]) : tcgv_i32_temp(h->g32[1]);
    }
    if (form == 1) {
        a = tcg_constant_internal(s, itype, c->a);
    }
    if (form >= 1 && b) {
        b = tcg_constant_internal(s, itype, c->b);
    }
    r = c->type == I64 ? tcgv_i64_temp(h->g64[2]) : tcgv_i32_temp(h->g32[2]);
    op = tcg_emit_op(s, c->opc, c->type, 6);
    op->args[k++] = temp_arg(r);
    op->args[k++] = temp_arg(a);
    if (b) {
        op->args[k++] = temp_arg(b);
    }
    if (def->nb_cargs >= 1) {
        op->args[k++] = c->c0;
    }
    if (def->nb_cargs >= 2) {
        op->args[k++] = c->c1;
    }
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
    res[0] = c->type == I64 ? h->cpu[0].env.g64[2] : h->cpu[0].env.g32[2];
    res[1] = c->type == I64 ? h->cpu[1].env.g64[2] : h->cpu[1].env.g32[2];
}

static void test_op_cases(void)
{
    Harness *h = harness_new(false);
    unsigned features[] = { h->features, 0 };
    int bad = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        for (int f = 0; f < 2; f++) {
            for (int form = 0; form < 3; form++) {
                uint64_t res[2];

                h->s->host_features = features[f];
                run_case(h, &cases[i], form, res);
                for (int w = 0; w < 2; w++) {
                    if (res[w] != cases[i].expect) {
                        fprintf(stderr, "case %zu (%s_i%d %#" PRIx64 ", %#" PRIx64 ") form %d "
                                "features %#x %s: %#" PRIx64 ", expected %#" PRIx64 "\n", i,
                                tcg_op_defs[cases[i].opc].name,
                                cases[i].type == I32 ? 32 : 64, cases[i].a, cases[i].b, form,
                                features[f], w ? "interpreted" : "compiled", res[w],
                                cases[i].expect);
                        bad++;
                    }
                }
            }
        }
    }
    harness_free(h);
    g_assert_cmpint(bad, ==, 0);
}

/* Double-word ops: (rl, rh) into q2, q3 from q0..q3 or a0..a3. */
static void test_double(void)
{
    static const struct {
        TCGOpcode opc;
        TCGType type;
        uint64_t in[4], lo, hi;
    } dc[] = {
        { INDEX_op_mulu2, I32, { 0xffffffff, 0xffffffff }, 1, 0xfffffffe },
        { INDEX_op_muls2, I32, { 0xffffffff, 0xffffffff }, 1, 0 },
        { INDEX_op_muls2, I32, { MIN32, 2 }, 0, 0xffffffff },
        { INDEX_op_mulu2, I64, { ~0ull, 2 }, ~1ull, 1 },
        { INDEX_op_muls2, I64, { ~0ull, 2 }, ~1ull, ~0ull },
        { INDEX_op_muls2, I64, { MIN64, MIN64 }, 0, 0x4000000000000000ull },
        { INDEX_op_add2, I32, { 0xffffffff, 0, 1, 0 }, 0, 1 },
        { INDEX_op_add2, I32, { 0xffffffff, 0xffffffff, 1, 0 }, 0, 0 },
        { INDEX_op_add2, I64, { ~0ull, 5, 1, 6 }, 0, 12 },
        { INDEX_op_sub2, I32, { 0, 1, 1, 0 }, 0xffffffff, 0 },
        { INDEX_op_sub2, I64, { 0, 0, 1, 0 }, ~0ull, ~0ull },
        { INDEX_op_sub2, I64, { 5, 7, 3, 2 }, 2, 5 },
    };
    Harness *h = harness_new(false);
    int bad = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(dc); i++) {
        for (int f = 0; f < 2; f++) {
            bool four = dc[i].opc == INDEX_op_add2 || dc[i].opc == INDEX_op_sub2;
            TCGOp *op;
            TestEnv *e = &h->cpu[0].env;

            h->s->host_features = f ? 0 : h->features;
            harness_start(h);
            memset(e, 0, sizeof(*e));
            for (int k = 0; k < 4; k++) {
                e->g32[k] = dc[i].in[k];
                e->g64[k] = dc[i].in[k];
            }
            harness_sync_copies(h);
            op = tcg_emit_op(h->s, dc[i].opc, dc[i].type, 6);
            for (int k = 0; k < (four ? 6 : 4); k++) {
                int g = k < 2 ? 4 + k : k - 2;
                op->args[k] = temp_arg(dc[i].type == I64 ? tcgv_i64_temp(h->g64[g])
                                                         : tcgv_i32_temp(h->g32[g]));
            }
            tcg_gen_exit_tb(h->s, NULL, 0);
            g_assert_cmpint(harness_run(h), ==, 0);
            for (int w = 0; w < 2; w++) {
                TestEnv *r = &h->cpu[w].env;
                uint64_t lo = dc[i].type == I64 ? r->g64[4] : r->g32[4];
                uint64_t hi = dc[i].type == I64 ? r->g64[5] : r->g32[5];
                if (lo != dc[i].lo || hi != dc[i].hi) {
                    fprintf(stderr, "double case %zu %s: %#" PRIx64 ":%#" PRIx64 "\n", i,
                            w ? "interpreted" : "compiled", hi, lo);
                    bad++;
                }
            }
        }
    }
    harness_free(h);
    g_assert_cmpint(bad, ==, 0);
}

/* movcond and brcond for every condition, against tcg_cond_eval-free truth. */
static void test_conditions(void)
{
    static const struct {
        TCGCond c;
        bool lt, eq, gt, ltu, gtu;  /* truth for a<b, a==b, a>b (signed/unsigned) */
    } truth[] = {
        { TCG_COND_EQ, 0, 1, 0, 0, 0 }, { TCG_COND_NE, 1, 0, 1, 1, 1 },
        { TCG_COND_LT, 1, 0, 0, 1, 0 }, { TCG_COND_GE, 0, 1, 1, 0, 1 },
        { TCG_COND_LE, 1, 1, 0, 1, 0 }, { TCG_COND_GT, 0, 0, 1, 0, 1 },
    };
    /* pairs (a, b) with a <s b, a == b, a >s b; u: a <u b? */
    static const struct { uint64_t a, b; int rel; bool ltu; } pairs[] = {
        { 1, 2, -1, true }, { (uint64_t)-1, 1, -1, false }, { 7, 7, 0, false },
        { 2, 1, 1, false }, { 1, (uint64_t)-1, 1, true },
    };
    Harness *h = harness_new(false);
    int bad = 0;

    for (int t = 0; t < 2; t++) {
        for (size_t i = 0; i < G_N_ELEMENTS(truth); i++) {
            for (int uns = 0; uns < 2; uns++) {
                for (size_t p = 0; p < G_N_ELEMENTS(pairs); p++) {
                    TCGCond c = truth[i].c | (uns && truth[i].c >= TCG_COND_LT ? 8 : 0);
                    int rel = uns && pairs[p].rel ? (pairs[p].ltu ? -1 : 1) : pairs[p].rel;
                    bool want = rel < 0 ? truth[i].lt : rel == 0 ? truth[i].eq : truth[i].gt;
                    TCGLabel *l;
                    TestEnv *e = &h->cpu[0].env;

                    harness_start(h);
                    memset(e, 0, sizeof(*e));
                    e->g32[0] = pairs[p].a;
                    e->g32[1] = pairs[p].b;
                    e->g64[0] = pairs[p].a;
                    e->g64[1] = pairs[p].b;
                    e->g32[3] = 111;
                    e->g32[4] = 222;
                    harness_sync_copies(h);
                    l = gen_new_label(h->s);
                    if (t) {
                        tcg_gen_movcond_i64(h->s, c, h->g64[2], h->g64[0], h->g64[1],
                                            h->g64[3], h->g64[4]);
                        tcg_gen_brcond_i64(h->s, c, h->g64[0], h->g64[1], l);
                    } else {
                        tcg_gen_movcond_i32(h->s, c, h->g32[2], h->g32[0], h->g32[1],
                                            h->g32[3], h->g32[4]);
                        tcg_gen_brcond_i32(h->s, c, h->g32[0], h->g32[1], l);
                    }
                    tcg_gen_movi_i32(h->s, h->g32[5], 1);
                    gen_set_label(h->s, l);
                    tcg_gen_exit_tb(h->s, NULL, 0);
                    if (t) {
                        e->g64[3] = 111;
                        e->g64[4] = 222;
                        harness_sync_copies(h);
                    }
                    g_assert_cmpint(harness_run(h), ==, 0);
                    for (int w = 0; w < 2; w++) {
                        TestEnv *r = &h->cpu[w].env;
                        uint64_t mv = t ? r->g64[2] : r->g32[2];
                        if (mv != (want ? 111u : 222u) || r->g32[5] != (want ? 0u : 1u)) {
                            fprintf(stderr, "cond %d i%d pair %zu %s: movcond %" PRIu64
                                    ", fell through %u\n", c, t ? 64 : 32, p,
                                    w ? "interp" : "compiled", mv, r->g32[5]);
                            bad++;
                        }
                    }
                }
            }
        }
    }
    harness_free(h);
    g_assert_cmpint(bad, ==, 0);
}

/* Guest loads: every size, sign and byte order, from known bytes. */
static void test_guest_memory(void)
{
    static const struct {
        MemOp mop;
        TCGType type;
        uint64_t expect;
    } lc[] = {
        { MO_UB, I32, 0x81 }, { MO_SB, I32, 0xffffff81 }, { MO_SB, I64, 0xffffffffffffff81ull },
        { MO_LEUW, I32, 0x8281 }, { MO_LESW, I32, 0xffff8281 }, { MO_BEUW, I32, 0x8182 },
        { MO_BESW, I64, 0xffffffffffff8182ull }, { MO_LEUL, I32, 0x84838281 },
        { MO_BEUL, I32, 0x81828384 }, { MO_LESL, I64, 0xffffffff84838281ull },
        { MO_BESL, I64, 0xffffffff81828384ull }, { MO_LEUL, I64, 0x84838281 },
        { MO_LEUQ, I64, 0x8887868584838281ull }, { MO_BEUQ, I64, 0x8182838485868788ull },
    };
    static const uint8_t bytes[8] = { 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88 };
    Harness *h = harness_new(false);
    int bad = 0;
    uint32_t addr = HARNESS_WINDOW + 0x101;    /* unaligned on purpose */

    for (size_t i = 0; i < G_N_ELEMENTS(lc); i++) {
        for (int f = 0; f < 2; f++) {
            TestEnv *e = &h->cpu[0].env;
            MemOp size = lc[i].mop & MO_SIZE;

            h->s->host_features = f ? 0 : h->features;
            harness_start(h);
            memset(e, 0, sizeof(*e));
            memset(h->mem[0] + HARNESS_WINDOW, 0, 0x8008);
            memcpy(h->mem[0] + addr, bytes, 8);
            e->g32[0] = addr;
            e->g64[3] = 0x0102030405060708ull;
            e->g32[3] = 0x01020304;
            harness_sync_copies(h);
            if (lc[i].type == I64) {
                tcg_gen_qemu_ld_i64(h->s, h->g64[2], h->g32[0], 0, lc[i].mop);
            } else {
                tcg_gen_qemu_ld_i32(h->s, h->g32[2], h->g32[0], 0, lc[i].mop);
            }
            /* And store a known value back with the same size and order. */
            tcg_gen_addi_i32(h->s, h->g32[1], h->g32[0], 16);
            if (lc[i].type == I64) {
                tcg_gen_qemu_st_i64(h->s, h->g64[3], h->g32[1], 0, lc[i].mop);
            } else {
                tcg_gen_qemu_st_i32(h->s, h->g32[3], h->g32[1], 0, lc[i].mop);
            }
            tcg_gen_exit_tb(h->s, NULL, 0);
            g_assert_cmpint(harness_run(h), ==, 0);
            for (int w = 0; w < 2; w++) {
                TestEnv *r = &h->cpu[w].env;
                uint64_t v = lc[i].type == I64 ? r->g64[2] : r->g32[2];
                uint64_t src = lc[i].type == I64 ? 0x0102030405060708ull : 0x01020304;
                uint8_t want[8], *got = h->mem[w] + addr + 16;
                unsigned n = 1u << size;

                for (unsigned k = 0; k < n; k++) {
                    unsigned shift = (lc[i].mop & MO_BSWAP) ? 8 * (n - 1 - k) : 8 * k;
                    want[k] = src >> shift;
                }
                if (v != lc[i].expect || memcmp(got, want, n) || got[n] != 0) {
                    fprintf(stderr, "mem case %zu %s: load %#" PRIx64 "\n", i,
                            w ? "interp" : "compiled", v);
                    bad++;
                }
            }
        }
    }
    harness_free(h);
    g_assert_cmpint(bad, ==, 0);
}

/* Host loads and stores relative to env, every width and extension. */
static void test_host_memory(void)
{
    Harness *h = harness_new(false);
    TestEnv *e = &h->cpu[0].env;
    TCGContext *s = h->s;
    TCGv_ptr env = tcg_env(s);
    intptr_t sc = offsetof(TestEnv, scratch);

    harness_start(h);
    memset(e, 0, sizeof(*e));
    memcpy(e->scratch, "\x81\x82\x83\x84\x85\x86\x87\x88", 8);
    e->g64[7] = 0x1122334455667788ull;
    harness_sync_copies(h);
    tcg_gen_ld8u_i32(s, h->g32[0], env, sc);
    tcg_gen_ld8s_i32(s, h->g32[1], env, sc);
    tcg_gen_ld16u_i32(s, h->g32[2], env, sc + 1);
    tcg_gen_ld16s_i64(s, h->g64[0], env, sc + 1);
    tcg_gen_ld32s_i64(s, h->g64[1], env, sc);
    tcg_gen_ld32u_i64(s, h->g64[2], env, sc);
    tcg_gen_ld_i64(s, h->g64[3], env, sc);
    tcg_gen_ld_i32(s, h->g32[3], env, sc + 4);
    tcg_gen_st8_i64(s, h->g64[7], env, sc + 16);
    tcg_gen_st16_i64(s, h->g64[7], env, sc + 18);
    tcg_gen_st32_i64(s, h->g64[7], env, sc + 20);
    tcg_gen_st_i64(s, h->g64[7], env, sc + 24);
    tcg_gen_st_i32(s, tcg_constant_i32(s, 0x01020304), env, sc + 32);
    tcg_gen_st8_i32(s, tcg_constant_i32(s, 0x1ff), env, sc + 36);
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
    for (int w = 0; w < 2; w++) {
        TestEnv *r = &h->cpu[w].env;
        static const uint8_t st_bytes[] = {
            0x88, 0, 0x88, 0x77, 0x88, 0x77, 0x66, 0x55,
            0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
            0x04, 0x03, 0x02, 0x01, 0xff,
        };
        g_assert_cmphex(r->g32[0], ==, 0x81);
        g_assert_cmphex(r->g32[1], ==, 0xffffff81);
        g_assert_cmphex(r->g32[2], ==, 0x8382);
        g_assert_cmphex(r->g64[0], ==, 0xffffffffffff8382ull);
        g_assert_cmphex(r->g64[1], ==, 0xffffffff84838281ull);
        g_assert_cmphex(r->g64[2], ==, 0x84838281);
        g_assert_cmphex(r->g64[3], ==, 0x8887868584838281ull);
        g_assert_cmphex(r->g32[3], ==, 0x88878685);
        g_assert_cmpmem(r->scratch + 16, sizeof(st_bytes), st_bytes, sizeof(st_bytes));
    }
    harness_free(h);
}

/* Helper calls: arguments, results, globals synced before and reloaded after. */
static void test_calls(void)
{
    Harness *h = harness_new(false);
    TestEnv *e = &h->cpu[0].env;
    TCGContext *s = h->s;
    TCGTemp *args[3];

    harness_start(h);
    memset(e, 0, sizeof(*e));
    harness_sync_copies(h);
    /* Globals changed in registers, then a helper that reads and writes env. */
    tcg_gen_movi_i32(s, h->g32[1], 10);
    tcg_gen_movi_i64(s, h->g64[0], 5);
    tcg_gen_movi_i32(s, h->g32[3], 0x11);
    tcg_gen_movi_i32(s, h->g32[4], 0x22);
    args[0] = tcgv_ptr_temp(tcg_env(s));
    tcg_gen_callN(s, &harness_touch_info, NULL, 1, args);
    tcg_gen_addi_i32(s, h->g32[6], h->g32[1], 1);      /* must see the helper's write */
    tcg_gen_movi_i32(s, h->g32[0], 0xf0);
    tcg_gen_movi_i64(s, h->g64[1], 0x80);
    tcg_gen_callN(s, &harness_read_info, tcgv_i32_temp(h->g32[7]), 1, args);
    args[0] = tcgv_i64_temp(h->g64[0]);
    args[1] = tcgv_i64_temp(h->g64[0]);
    args[2] = tcgv_i32_temp(tcg_constant_i32(s, 7));
    tcg_gen_callN(s, &harness_mix_info, tcgv_i64_temp(h->g64[5]), 3, args);
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
    for (int w = 0; w < 2; w++) {
        TestEnv *r = &h->cpu[w].env;
        g_assert_cmpuint(r->g32[1], ==, 35);
        g_assert_cmpuint(r->g32[6], ==, 36);
        g_assert_cmphex(r->g64[2], ==, 0x0000001100000022ull);
        g_assert_cmphex(r->g32[7], ==, 0xf0 ^ (0x80 >> 3));
        g_assert_cmphex(r->g64[5], ==, (5 * 0x9e3779b97f4a7c15ull) ^ (5 + 7) ^ (5 >> 7));
    }
    harness_free(h);
}

/* A loop inside one block (backward branch) with TB temps across it. */
static void test_backward_branch(void)
{
    Harness *h = harness_new(false);
    TestEnv *e = &h->cpu[0].env;
    TCGContext *s = h->s;
    TCGv_i32 i, acc;
    TCGLabel *top;

    harness_start(h);
    i = tcg_temp_new_i32(s);
    acc = tcg_temp_new_i32(s);
    memset(e, 0, sizeof(*e));
    e->g32[0] = 100;
    harness_sync_copies(h);
    top = gen_new_label(s);
    tcg_gen_mov_i32(s, i, h->g32[0]);
    tcg_gen_movi_i32(s, acc, 0);
    gen_set_label(s, top);
    tcg_gen_add_i32(s, acc, acc, i);
    tcg_gen_subi_i32(s, i, i, 1);
    tcg_gen_brcondi_i32(s, TCG_COND_NE, i, 0, top);
    tcg_gen_mov_i32(s, h->g32[1], acc);
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
    g_assert_cmpuint(h->cpu[0].env.g32[1], ==, 5050);
    g_assert_cmpuint(h->cpu[1].env.g32[1], ==, 5050);
    harness_free(h);
}

/* The optimiser folds what it can: a constant chain leaves no arithmetic. */
static void test_optimizer_folds(void)
{
    Harness *h = harness_new(false);
    TCGContext *s = h->s;
    TCGv_i32 t;
    int arith = 0;

    harness_start(h);
    t = tcg_temp_new_i32(s);
    tcg_gen_movi_i32(s, t, 6);
    tcg_gen_muli_i32(s, t, t, 7);
    tcg_gen_xori_i32(s, t, t, 0x2a);           /* 0 */
    tcg_gen_add_i32(s, h->g32[0], h->g32[1], t);  /* copy of a1 */
    tcg_gen_sub_i32(s, h->g32[2], h->g32[0], h->g32[1]);    /* 0 */
    tcg_gen_exit_tb(s, NULL, 0);
    tcg_optimize(s);
    tcg_liveness(s);
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOpcode o = s->ops[i].opc;
        if (o == INDEX_op_mul || o == INDEX_op_xor || o == INDEX_op_add ||
            o == INDEX_op_sub) {
            arith++;
        }
    }
    g_assert_cmpint(arith, ==, 0);
    harness_free(h);
}

/*
 * Known-zero bits: an ext16u/ext8u/and that clears only bits already zero
 * goes, one that clears set bits stays (the values catch a wrong mask), and
 * 0 <u x becomes x != 0. Checked against the unoptimised interpretation.
 */
static void test_optimizer_known_zero(void)
{
    Harness *h = harness_new(false);
    TestEnv *e = &h->cpu[0].env;
    TCGContext *s = h->s;
    TCGv_i32 t, u;
    int ext16 = 0;

    harness_start(h);
    t = tcg_temp_new_i32(s);
    u = tcg_temp_new_i32(s);
    memset(e, 0, sizeof(*e));
    e->g32[0] = 0xffffffff;
    e->g32[1] = 0x1234abcd;
    harness_sync_copies(h);
    tcg_gen_ext16u_i32(s, t, h->g32[0]);
    tcg_gen_andi_i32(s, h->g32[2], t, 0xfff);                  /* 0xfff */
    tcg_gen_ext8u_i32(s, t, h->g32[1]);
    tcg_gen_ext16u_i32(s, t, t);                                /* redundant */
    tcg_gen_andi_i32(s, h->g32[3], t, 0x7f);                    /* 0x4d */
    tcg_gen_deposit_i32(s, t, h->g32[0], h->g32[1], 0, 16);     /* 0xffffabcd */
    tcg_gen_ext16u_i32(s, u, t);
    tcg_gen_andi_i32(s, h->g32[4], u, 0xff00);                  /* 0xab00 */
    tcg_gen_ext16u_i32(s, h->g32[5], u);                        /* redundant: 0xabcd */
    tcg_gen_shri_i32(s, t, h->g32[0], 20);
    tcg_gen_ext16u_i32(s, t, t);                                /* redundant */
    tcg_gen_andi_i32(s, h->g32[6], t, 0xff);                    /* 0xff */
    tcg_gen_setcond_i32(s, TCG_COND_LTU, h->g32[7], tcg_constant_i32(s, 0), h->g32[1]);
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
    for (int w = 0; w < 2; w++) {
        TestEnv *r = &h->cpu[w].env;
        g_assert_cmphex(r->g32[2], ==, 0xfff);
        g_assert_cmphex(r->g32[3], ==, 0x4d);
        g_assert_cmphex(r->g32[4], ==, 0xab00);
        g_assert_cmphex(r->g32[5], ==, 0xabcd);
        g_assert_cmphex(r->g32[6], ==, 0xff);
        g_assert_cmphex(r->g32[7], ==, 1);
    }
    harness_free(h);

    h = harness_new(false);
    s = h->s;
    harness_start(h);
    t = tcg_temp_new_i32(s);
    tcg_gen_ext8u_i32(s, t, h->g32[1]);
    tcg_gen_ext16u_i32(s, t, t);
    tcg_gen_shri_i32(s, h->g32[2], t, 1);
    tcg_gen_exit_tb(s, NULL, 0);
    tcg_optimize(s);
    for (int i = 0; i < s->nb_ops; i++) {
        ext16 += s->ops[i].opc == INDEX_op_ext16u;
    }
    g_assert_cmpint(ext16, ==, 0);
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/ops/table", test_op_cases);
    g_test_add_func("/tcg/ops/double", test_double);
    g_test_add_func("/tcg/ops/conditions", test_conditions);
    g_test_add_func("/tcg/ops/guest-memory", test_guest_memory);
    g_test_add_func("/tcg/ops/host-memory", test_host_memory);
    g_test_add_func("/tcg/ops/calls", test_calls);
    g_test_add_func("/tcg/ops/backward-branch", test_backward_branch);
    g_test_add_func("/tcg/optimizer/folds", test_optimizer_folds);
    g_test_add_func("/tcg/optimizer/known-zero", test_optimizer_known_zero);
    return g_test_run();
}
