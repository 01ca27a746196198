/*
 * The floating-point ops (tcg/fp.h): every kind on special and ordinary
 * operands, compiled by the x86-64 backend and interpreted (results and
 * MXCSR flags identical), plus values and flags written down from the SDM.
 */
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <xmmintrin.h>

#include "tcg/fp.h"
#include "tests/unit/tcg-harness.h"

/* Layout of TestEnv.scratch: destination, source, flags word. */
enum { SC_DST = 0, SC_SRC = 16, SC_FLAGS = 32 };

static const uint64_t dvals[] = {
    0x3ff8000000000000ull,  /* 1.5 */
    0x4002000000000000ull,  /* 2.25 */
    0xbff0000000000000ull,  /* -1 */
    0x0000000000000000ull,  /* +0 */
    0x8000000000000000ull,  /* -0 */
    0x0000000000000001ull,  /* smallest denormal */
    0x7ff0000000000000ull,  /* +inf */
    0x7ff8000000000000ull,  /* QNaN */
    0x7ff0000000000001ull,  /* SNaN */
    0x7fefffffffffffffull,  /* largest normal */
    0x3fd5555555555555ull,  /* 1/3 */
    0x41dfffffffc00000ull,  /* 2^31 - 1 */
    0xc1e0000000200000ull,  /* -2^31 - 1 */
};

static const uint32_t fvals[] = {
    0x3fc00000, 0x40100000, 0xbf800000, 0x00000000, 0x80000000, 0x00000001,
    0x7f800000, 0x7fc00000, 0x7f800001, 0x7f7fffff, 0x3eaaaaab, 0x4f000000, 0xcf000001,
};

#define NVALS (sizeof(dvals) / sizeof(dvals[0]))

/* A 16-byte operand whose lanes (of the kind's element size) come from value
 * indices i, i+1, ... (mod NVALS). */
static void fill(uint8_t *p, bool dbl, unsigned i)
{
    for (unsigned k = 0; k < (dbl ? 2u : 4u); k++) {
        if (dbl) {
            memcpy(p + 8 * k, &dvals[(i + k) % NVALS], 8);
        } else {
            memcpy(p + 4 * k, &fvals[(i + k) % NVALS], 4);
        }
    }
}

/* Which operands a kind takes as doubles (d: destination, s: source). */
static void kind_types(TCGFPKind kind, bool *d, bool *s)
{
    const TCGFPKindInfo *k = &tcg_fp_kinds[kind];

    *s = k->prefix == 0x66 || k->prefix == 0xf2;
    *d = *s;
    switch (kind) {
    case TCG_FP_CVTSS2SD:
        *d = true;
        *s = false;
        break;
    case TCG_FP_CVTSD2SS:
        *d = false;
        *s = true;
        break;
    default:
        break;
    }
}

/* One op on scratch: flags word cleared, fp_sync, op, result to g32[0],
 * fp_flags_or. Returns false if the two runs differ. */
static bool run_kind(Harness *h, TCGFPKind kind, unsigned i, unsigned j)
{
    TestEnv *e = &h->cpu[0].env;
    TCGContext *s = h->s;
    TCGv_ptr env = tcg_env(s);
    intptr_t sc = offsetof(TestEnv, scratch);
    bool dd, sd;
    uint32_t zero = 0;

    kind_types(kind, &dd, &sd);
    harness_start(h);
    memset(e, 0, sizeof(*e));
    fill(e->scratch + SC_DST, dd, i);
    fill(e->scratch + SC_SRC, sd, j);
    if (kind == TCG_FP_CVTSI2SS || kind == TCG_FP_CVTSI2SD) {
        uint32_t v = (uint32_t)(dvals[j] >> 32) ^ (uint32_t)dvals[i];

        memcpy(e->scratch + SC_SRC, &v, 4);
    }
    memcpy(e->scratch + SC_FLAGS, &zero, 4);
    harness_sync_copies(h);
    tcg_gen_fp_sync_once(s, env, sc + SC_FLAGS);
    if (tcg_fp_kinds[kind].result == 0) {
        tcg_gen_fp_sse(s, kind, env, sc + SC_DST, sc + SC_SRC);
    } else {
        tcg_gen_fp_sse_r(s, kind, h->g32[0], env, sc + SC_DST, sc + SC_SRC);
    }
    tcg_gen_fp_flags_or(s, env, sc + SC_FLAGS);
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
    return harness_same(h);
}

/* Every kind on every pair of the values (lanes rotate through them). */
static void test_compiled_vs_interpreted(void)
{
    Harness *h = harness_new(false);
    int bad = 0;

    for (int kind = 0; kind < TCG_FP_NB_KINDS; kind++) {
        for (unsigned i = 0; i < NVALS; i++) {
            for (unsigned j = 0; j < NVALS; j++) {
                if (!run_kind(h, kind, i, j)) {
                    fprintf(stderr, "kind %d, values %u %u differ\n", kind, i, j);
                    bad++;
                }
            }
        }
    }
    harness_free(h);
    g_assert_cmpint(bad, ==, 0);
}

typedef struct FPCase {
    TCGFPKind kind;
    uint64_t dst, src;          /* low 8 bytes of each operand */
    uint64_t expect;            /* low 8 bytes of dst, or the i32 result */
    uint32_t flags;             /* MXCSR flags after (IE 1, DE 2, ZE 4, OE 8, UE 16, PE 32) */
} FPCase;

static const FPCase fp_cases[] = {
    { TCG_FP_ADDSD, 0x3ff8000000000000ull, 0x4002000000000000ull, 0x400e000000000000ull, 0 },
    { TCG_FP_DIVSD, 0x3ff0000000000000ull, 0x4008000000000000ull, 0x3fd5555555555555ull,
      0x20 },
    { TCG_FP_DIVSD, 0x3ff0000000000000ull, 0, 0x7ff0000000000000ull, 0x04 },
    { TCG_FP_SQRTSD, 0, 0xbff0000000000000ull, 0xfff8000000000000ull, 0x01 },
    { TCG_FP_MULSD, 0x7fefffffffffffffull, 0x4000000000000000ull, 0x7ff0000000000000ull,
      0x28 },
    { TCG_FP_MINSD, 0x7ff8000000000000ull, 0x3ff0000000000000ull, 0x3ff0000000000000ull,
      0x01 },
    { TCG_FP_MAXSD, 0, 0x8000000000000000ull, 0x8000000000000000ull, 0 },
    { TCG_FP_CVTTSD2SI, 0, 0x4415af1d78b58c40ull, 0x80000000, 0x01 },
    { TCG_FP_CVTTSD2SI, 0, 0xc00c000000000000ull, (uint32_t)-3, 0x20 },
    { TCG_FP_CVTSD2SI, 0, 0x4004000000000000ull, 2, 0x20 },
    { TCG_FP_UCOMISD, 0x7ff8000000000000ull, 0, 0x45, 0 },
    { TCG_FP_COMISD, 0x7ff8000000000000ull, 0, 0x45, 0x01 },
    { TCG_FP_COMISD, 0x3ff0000000000000ull, 0x4000000000000000ull, 0x01, 0 },
    { TCG_FP_UCOMISD, 0x4000000000000000ull, 0x4000000000000000ull, 0x40, 0 },
    { TCG_FP_CVTSI2SD, 0, 0xfffffffb, 0xc014000000000000ull, 0 },
};

/* Values and flags from the SDM's definitions, through both paths. */
static void test_values(void)
{
    Harness *h = harness_new(false);
    TCGContext *s = h->s;
    TCGv_ptr env = tcg_env(s);
    intptr_t sc = offsetof(TestEnv, scratch);

    for (size_t n = 0; n < sizeof(fp_cases) / sizeof(fp_cases[0]); n++) {
        const FPCase *c = &fp_cases[n];
        TestEnv *e = &h->cpu[0].env;

        harness_start(h);
        memset(e, 0, sizeof(*e));
        memcpy(e->scratch + SC_DST, &c->dst, 8);
        memcpy(e->scratch + SC_SRC, &c->src, 8);
        harness_sync_copies(h);
        tcg_gen_fp_sync_once(s, env, sc + SC_FLAGS);
        if (tcg_fp_kinds[c->kind].result == 0) {
            tcg_gen_fp_sse(s, c->kind, env, sc + SC_DST, sc + SC_SRC);
        } else {
            tcg_gen_fp_sse_r(s, c->kind, h->g32[0], env, sc + SC_DST, sc + SC_SRC);
        }
        tcg_gen_fp_flags_or(s, env, sc + SC_FLAGS);
        tcg_gen_exit_tb(s, NULL, 0);
        g_assert_cmpint(harness_run(h), ==, 0);
        for (int w = 0; w < 2; w++) {
            TestEnv *r = &h->cpu[w].env;
            uint64_t got = 0;
            uint32_t flags;

            if (tcg_fp_kinds[c->kind].result == 0) {
                memcpy(&got, r->scratch + SC_DST, 8);
            } else {
                got = r->g32[0];
            }
            memcpy(&flags, r->scratch + SC_FLAGS, 4);
            if (got != c->expect || flags != c->flags) {
                fprintf(stderr, "case %zu (%s): got %#llx flags %#x, want %#llx %#x\n", n,
                        w ? "interpreted" : "compiled", (unsigned long long)got, flags,
                        (unsigned long long)c->expect, c->flags);
            }
            g_assert_cmphex(got, ==, c->expect);
            g_assert_cmphex(flags, ==, c->flags);
        }
    }
    harness_free(h);
}

/* fp_sse_m: the source from guest memory (user mode), every kind that writes
 * the destination, compiled vs interpreted; one value checked. */
static void test_guest_memory_source(void)
{
    Harness *h = harness_new(false);
    int bad = 0;

    for (int kind = 0; kind < TCG_FP_NB_KINDS; kind++) {
        if (tcg_fp_kinds[kind].result != 0) {
            continue;
        }
        for (unsigned i = 0; i < NVALS; i++) {
            TestEnv *e = &h->cpu[0].env;
            TCGContext *s = h->s;
            TCGv_ptr env = tcg_env(s);
            intptr_t sc = offsetof(TestEnv, scratch);
            bool dd, sd;

            kind_types(kind, &dd, &sd);
            harness_start(h);
            memset(e, 0, sizeof(*e));
            fill(e->scratch + SC_DST, dd, i);
            fill(h->mem[0] + HARNESS_WINDOW + 16, sd, (i * 7 + 3) % NVALS);
            e->g32[0] = HARNESS_WINDOW + 16;
            harness_sync_copies(h);
            tcg_gen_fp_sync_once(s, env, sc + SC_FLAGS);
            /* 16-byte sources at an aligned address: also as one access */
            tcg_gen_fp_sse_m(s, kind | (tcg_fp_kinds[kind].src_bytes == 16 && (i & 1) ?
                                        TCG_FP_ALIGNED : 0),
                             env, sc + SC_DST, h->g32[0]);
            tcg_gen_fp_flags_or(s, env, sc + SC_FLAGS);
            tcg_gen_exit_tb(s, NULL, 0);
            g_assert_cmpint(harness_run(h), ==, 0);
            if (!harness_same(h)) {
                fprintf(stderr, "fp_sse_m kind %d value %u differs\n", kind, i);
                bad++;
            }
            if (kind == TCG_FP_ADDPD && i == 0) {
                /* (1.5, 2.25) + (+0, -0) */
                double r[2];

                memcpy(r, h->cpu[0].env.scratch + SC_DST, 16);
                g_assert_true(r[0] == 1.5 && r[1] == 2.25);
            }
        }
    }
    harness_free(h);
    g_assert_cmpint(bad, ==, 0);
}

/* fp_align's fault function: the tests only pass aligned addresses. */
static void must_not_be_called(void *env)
{
    (void)env;
    g_assert_not_reached();
}

/*
 * fp_st_m: 4, 8 and 16 bytes to guest memory, from a value an fp op just
 * computed (the backend's register) and from env; compiled vs interpreted,
 * and the stored bytes against the operand.
 */
static void test_guest_memory_store(void)
{
    static const unsigned sizes[] = { 4, 8, 16 };
    Harness *h = harness_new(false);
    int bad = 0;

    for (unsigned n = 0; n < 3; n++) {
        for (int from_op = 0; from_op < 2; from_op++) {
            TestEnv *e = &h->cpu[0].env;
            TCGContext *s = h->s;
            TCGv_ptr env = tcg_env(s);
            intptr_t sc = offsetof(TestEnv, scratch);
            intptr_t sofs = sc + (from_op ? SC_DST : SC_SRC) + (sizes[n] == 8 ? 8 : 0);

            harness_start(h);
            memset(e, 0, sizeof(*e));
            fill(e->scratch + SC_DST, true, n);
            fill(e->scratch + SC_SRC, true, n + 3);
            e->g32[0] = HARNESS_WINDOW + 16;
            e->g32[1] = HARNESS_WINDOW + 48;
            harness_sync_copies(h);
            if (from_op) {
                tcg_gen_fp_sse(s, TCG_FP_ADDPD, env, sc + SC_DST, sc + SC_SRC);
            }
            tcg_gen_fp_align(s, env, h->g32[0], 15, must_not_be_called);
            tcg_gen_fp_st_m(s, sizes[n], env, sofs, h->g32[0]);
            tcg_gen_fp_st_m(s, 16 | TCG_FP_ALIGNED, env, sc + SC_SRC, h->g32[1]);
            tcg_gen_exit_tb(s, NULL, 0);
            g_assert_cmpint(harness_run(h), ==, 0);
            if (!harness_same(h) ||
                memcmp(h->mem[0] + HARNESS_WINDOW + 16, h->cpu[0].env.scratch + (sofs - sc),
                       sizes[n]) ||
                memcmp(h->mem[0] + HARNESS_WINDOW + 48, h->cpu[0].env.scratch + SC_SRC, 16)) {
                fprintf(stderr, "fp_st_m %u bytes (after an op: %d) differs\n", sizes[n],
                        from_op);
                bad++;
            }
        }
    }
    harness_free(h);
    g_assert_cmpint(bad, ==, 0);
}

/* fp_sync clears the host flags the word lacks; fp_flags_or then sees only
 * the op's; two fp_flags_or in a row leave one. */
static void test_sync_and_merge(void)
{
    Harness *h = harness_new(false);
    TCGContext *s = h->s;
    TCGv_ptr env = tcg_env(s);
    intptr_t sc = offsetof(TestEnv, scratch);
    uint64_t one = 0x3ff0000000000000ull;
    int nb_or = 0, nb_sync = 0;

    harness_start(h);
    memset(&h->cpu[0].env, 0, sizeof(TestEnv));
    memcpy(h->cpu[0].env.scratch + SC_DST, &one, 8);
    memcpy(h->cpu[0].env.scratch + SC_SRC, &one, 8);
    h->cpu[0].env.scratch[SC_FLAGS] = 0x10;         /* UE already set */
    harness_sync_copies(h);
    /* the host has PE and OE: sync must drop them */
    _mm_setcsr(_mm_getcsr() | 0x28);
    tcg_gen_fp_sync_once(s, env, sc + SC_FLAGS);
    tcg_gen_fp_sync_once(s, env, sc + SC_FLAGS);    /* once per block */
    tcg_gen_fp_sse(s, TCG_FP_ADDSD, env, sc + SC_DST, sc + SC_SRC);
    tcg_gen_fp_flags_or(s, env, sc + SC_FLAGS);
    tcg_gen_fp_sse(s, TCG_FP_MULSD, env, sc + SC_DST, sc + SC_SRC);
    tcg_gen_fp_flags_or(s, env, sc + SC_FLAGS);
    for (int i = 0; i < s->nb_ops; i++) {
        nb_or += s->ops[i].opc == INDEX_op_fp_flags_or;
        nb_sync += s->ops[i].opc == INDEX_op_fp_sync;
    }
    g_assert_cmpint(nb_or, ==, 1);
    g_assert_cmpint(nb_sync, ==, 1);
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
    for (int w = 0; w < 2; w++) {
        g_assert_cmphex(h->cpu[w].env.scratch[SC_FLAGS], ==, 0x10);
    }
    g_assert_true(harness_same(h));
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/fp/compiled-vs-interpreted", test_compiled_vs_interpreted);
    g_test_add_func("/tcg/fp/values", test_values);
    g_test_add_func("/tcg/fp/guest-memory-source", test_guest_memory_source);
    g_test_add_func("/tcg/fp/guest-memory-store", test_guest_memory_store);
    g_test_add_func("/tcg/fp/sync-and-merge", test_sync_and_merge);
    return g_test_run();
}
