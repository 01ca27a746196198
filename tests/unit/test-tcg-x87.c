/*
 * The host x87 ops (tcg/x87.h): a block of x87 instructions on guest memory,
 * compiled by the x86-64 backend and interpreted (through the stubs), both
 * checked against the same instructions run here directly.
 */
#include <glib.h>
#include <string.h>

#include "tcg/x87.h"
#include "tests/unit/tcg-harness.h"

/* "insn; ret" stubs, memory operand [rdi], as a front end provides them. */
__asm__(".pushsection .text\n"
        "x87t_fninit: .byte 0xdb, 0xe3, 0xc3\n"
        "x87t_fld64: .byte 0xdd, 0x07, 0xc3\n"
        "x87t_fldpi: .byte 0xd9, 0xeb, 0xc3\n"
        "x87t_faddp: .byte 0xde, 0xc1, 0xc3\n"
        "x87t_fld32: .byte 0xd9, 0x07, 0xc3\n"
        "x87t_fcomi: .byte 0xdb, 0xf1, 0xc3\n"
        "x87t_fcmovne: .byte 0xdb, 0xc9, 0xc3\n"
        "x87t_fnstsw: .byte 0xdf, 0xe0, 0xc3\n"
        "x87t_fstp80: .byte 0xdb, 0x3f, 0xc3\n"
        "x87t_fistp32: .byte 0xdb, 0x1f, 0xc3\n"
        ".popsection\n");
extern const char x87t_fninit[], x87t_fld64[], x87t_fldpi[], x87t_faddp[], x87t_fld32[];
extern const char x87t_fcomi[], x87t_fcmovne[], x87t_fnstsw[], x87t_fstp80[], x87t_fistp32[];

enum { A_DBL = 0, A_FLT = 8, A_OUT80 = 16, A_OUT32 = 32 };

typedef struct X87Out {
    uint8_t ext[10];
    int32_t i;
    uint32_t flags, sw;
} X87Out;

/* The same sequence on this CPU. */
static void x87_direct(double d, float f, bool cond, X87Out *o)
{
    uint64_t fl;
    uint16_t sw;

    __asm__ volatile("fninit\n\tfldl %[d]\n\tfldpi\n\tfaddp\n\tflds %[f]\n\t"
                     "fcomi %%st(1), %%st\n\tpushfq\n\tpop %[fl]\n\t"
                     "test %[c], %[c]\n\tfcmovne %%st(1), %%st\n\t"
                     "fnstsw %%ax\n\tfstpt %[x]\n\tfistpl %[i]\n\tfninit"
                     : [fl] "=&r"(fl), "=a"(sw), [x] "=m"(o->ext), [i] "=m"(o->i)
                     : [d] "m"(d), [f] "m"(f), [c] "r"((uint32_t)cond)
                     : "cc", "memory");
    o->flags = (uint32_t)fl & 0x8d5;
    o->sw = sw;
}

static void x87_block(Harness *h, double d, float f, bool cond)
{
    TCGContext *s = h->s;
    uint32_t w = HARNESS_WINDOW;
    TestEnv *e = &h->cpu[0].env;

    harness_start(h);
    memset(e, 0, sizeof(*e));
    e->g32[2] = cond;
    memcpy(h->mem[0] + w + A_DBL, &d, 8);
    memcpy(h->mem[0] + w + A_FLT, &f, 4);
    harness_sync_copies(h);
    tcg_gen_x87(s, 0xdbe3, x87t_fninit);
    tcg_gen_x87_m(s, tcg_constant_i32(s, w + A_DBL), 0xdd07 | 8 << TCG_X87_MEM_SIZE_SHIFT,
                  x87t_fld64);
    tcg_gen_x87(s, 0xd9eb, x87t_fldpi);
    tcg_gen_x87(s, 0xdec1, x87t_faddp);
    tcg_gen_x87_m(s, tcg_constant_i32(s, w + A_FLT), 0xd907 | 4 << TCG_X87_MEM_SIZE_SHIFT,
                  x87t_fld32);
    tcg_gen_x87_r(s, h->g32[0], 0xdbf1, x87t_fcomi);
    tcg_gen_x87_cmov(s, h->g32[2], 0xdbc9, x87t_fcmovne);
    tcg_gen_x87_r(s, h->g32[1], TCG_X87_FNSTSW_AX, x87t_fnstsw);
    tcg_gen_x87_m(s, tcg_constant_i32(s, w + A_OUT80),
                  0xdb3f | 10 << TCG_X87_MEM_SIZE_SHIFT | TCG_X87_MEM_WRITE, x87t_fstp80);
    tcg_gen_x87_m(s, tcg_constant_i32(s, w + A_OUT32),
                  0xdb1f | 4 << TCG_X87_MEM_SIZE_SHIFT | TCG_X87_MEM_WRITE, x87t_fistp32);
    tcg_gen_x87(s, 0xdbe3, x87t_fninit);
    tcg_gen_exit_tb(s, NULL, 0);
    g_assert_cmpint(harness_run(h), ==, 0);
}

static void test_x87_block(void)
{
    static const double ds[] = { 1.5, -7.25, 1e300, -0.0, 3.0 };
    static const float fs[] = { 2.0f, 100.0f, -1.0f, 4.6415927f, 1e30f };
    Harness *h = harness_new(false);

    for (unsigned i = 0; i < G_N_ELEMENTS(ds); i++) {
        for (unsigned c = 0; c < 2; c++) {
            X87Out want;
            uint32_t w = HARNESS_WINDOW;

            x87_direct(ds[i], fs[i], c, &want);
            x87_block(h, ds[i], fs[i], c);
            g_assert_true(harness_same(h));
            for (int r = 0; r < 2; r++) {
                int32_t iv;

                g_assert_cmphex(h->cpu[r].env.g32[0], ==, want.flags);
                g_assert_cmphex(h->cpu[r].env.g32[1], ==, want.sw);
                g_assert_true(memcmp(h->mem[r] + w + A_OUT80, want.ext, 10) == 0);
                memcpy(&iv, h->mem[r] + w + A_OUT32, 4);
                g_assert_cmpint(iv, ==, want.i);
            }
        }
    }
    harness_free(h);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg/x87/block", test_x87_block);
    return g_test_run();
}
