/*
 * x87 FPU: arithmetic in every precision and rounding control, compares and
 * fxam, transcendentals and partial remainders, conversions to and from
 * integers, BCD and 32/64-bit floats, constants, the status/tag words, masked
 * and unmasked exceptions, and the fsave/fnstenv/fxsave layouts (Intel SDM
 * vol. 1 ch. 8).  Results print as raw 80-bit values with the status word.
 */
#include "common.h"

typedef struct F80 {
    uint64_t m;
    uint16_t se;
} __attribute__((packed)) F80;

static F80 f80(uint16_t se, uint64_t m)
{
    F80 v = { m, se };
    return v;
}

static void pf(const F80 *v)
{
    printf(" %04x:%016llx", v->se, (unsigned long long)v->m);
}

/* Operands: normal values, zeros, infinities, NaNs, denormals, extremes. */
static F80 vals[24];
static unsigned n_vals;

static void init_vals(void)
{
    static const long double ld[] = {
        0.0L, 1.0L, -1.0L, 1.5L, 3.0L, -7.25L, 1e10L, 1e-10L, 3.14159265358979323846L,
        0.5L, 2.0L / 3.0L, 1e300L, -123456789.987654321L, 9.2233720368547758e18L,
    };
    n_vals = 0;
    for (unsigned i = 0; i < ARRAY_SIZE(ld); i++) {
        memcpy(&vals[n_vals++], &ld[i], 10);
    }
    vals[n_vals++] = f80(0x8000, 0);                        /* -0 */
    vals[n_vals++] = f80(0x7fff, 0x8000000000000000ull);    /* +inf */
    vals[n_vals++] = f80(0xffff, 0x8000000000000000ull);    /* -inf */
    vals[n_vals++] = f80(0x7fff, 0xc000000000000000ull);    /* qnan */
    vals[n_vals++] = f80(0xffff, 0xa000000000000001ull);    /* snan */
    vals[n_vals++] = f80(0x0000, 0x0000000000000123ull);    /* denormal */
    vals[n_vals++] = f80(0x7ffe, 0xffffffffffffffffull);    /* max */
    vals[n_vals++] = f80(0x0001, 0x8000000000000000ull);    /* min normal */
    vals[n_vals++] = f80(0x3fff, 0x4000000000000000ull);    /* unnormal: invalid */
    vals[n_vals++] = f80(0x43fe, 0xfffffffffffffc00ull);    /* near int overflow */
}

static const uint16_t cws[] = {
    0x037f, 0x077f, 0x0b7f, 0x0f7f,     /* extended precision, RC nearest/down/up/zero */
    0x027f, 0x067f, 0x007f, 0x0c7f,     /* double, single precision */
};

/* st0 = a, st1 = b, run insn, print st0 (and st1 when two results) and fsw. */
#define X87_OP(fname, insn) \
    static void fname(const F80 *a, const F80 *b, uint16_t cw, F80 *r0, F80 *r1, \
                      uint16_t *sw) \
    { \
        asm volatile("fninit\n\tfldcw %5\n\tfldt %4\n\tfldt %3\n\t" insn "\n\t" \
                     "fnstsw %2\n\tfstpt %0\n\tfstpt %1\n\tfninit" \
                     : "=m"(*r0), "=m"(*r1), "=m"(*sw) : "m"(*a), "m"(*b), "m"(cw)); \
    }

X87_OP(op_fadd, "fadd %%st(1), %%st")
X87_OP(op_fsub, "fsub %%st(1), %%st")
X87_OP(op_fsubr, "fsubr %%st(1), %%st")
X87_OP(op_fmul, "fmul %%st(1), %%st")
X87_OP(op_fdiv, "fdiv %%st(1), %%st")
X87_OP(op_fdivr, "fdivr %%st(1), %%st")
X87_OP(op_faddp, "faddp\n\tfld1")
X87_OP(op_fsubp_st1, "fsubrp %%st, %%st(1)\n\tfldz")
X87_OP(op_fprem, "fprem")
X87_OP(op_fprem1, "fprem1")
X87_OP(op_fscale, "fscale")
X87_OP(op_fpatan, "fpatan\n\tfldz")
X87_OP(op_fyl2x, "fyl2x\n\tfldz")
X87_OP(op_fyl2xp1, "fyl2xp1\n\tfldz")
X87_OP(op_fxch, "fxch %%st(1)")
X87_OP(op_fsqrt, "fsqrt")
X87_OP(op_fsin, "fsin")
X87_OP(op_fcos, "fcos")
X87_OP(op_fsincos, "fsincos\n\tfxch\n\tfstp %%st(2)\n\tfxch")
X87_OP(op_fptan, "fptan\n\tfxch\n\tfstp %%st(2)\n\tfxch")
X87_OP(op_f2xm1, "f2xm1")
X87_OP(op_frndint, "frndint")
X87_OP(op_fxtract, "fxtract\n\tfxch\n\tfstp %%st(2)\n\tfxch")
X87_OP(op_fabs, "fabs")
X87_OP(op_fchs, "fchs")

typedef void (*X87Fn)(const F80 *, const F80 *, uint16_t, F80 *, F80 *, uint16_t *);

static const struct {
    const char *name;
    X87Fn fn;
    int all_cw;     /* run in every precision/rounding (else only the default) */
} x87_ops[] = {
    { "fadd", op_fadd, 1 }, { "fsub", op_fsub, 1 }, { "fsubr", op_fsubr, 0 },
    { "fmul", op_fmul, 1 }, { "fdiv", op_fdiv, 1 }, { "fdivr", op_fdivr, 0 },
    { "faddp", op_faddp, 0 }, { "fsubrp", op_fsubp_st1, 0 }, { "fprem", op_fprem, 0 },
    { "fprem1", op_fprem1, 0 }, { "fscale", op_fscale, 1 }, { "fpatan", op_fpatan, 1 },
    { "fyl2x", op_fyl2x, 1 }, { "fyl2xp1", op_fyl2xp1, 0 }, { "fxch", op_fxch, 0 },
};

static const struct {
    const char *name;
    X87Fn fn;
} x87_unops[] = {
    { "fsqrt", op_fsqrt }, { "fsin", op_fsin }, { "fcos", op_fcos },
    { "fsincos", op_fsincos }, { "fptan", op_fptan }, { "f2xm1", op_f2xm1 },
    { "frndint", op_frndint }, { "fxtract", op_fxtract }, { "fabs", op_fabs },
    { "fchs", op_fchs },
};

static void test_binary(void)
{
    init_vals();
    for (unsigned o = 0; o < ARRAY_SIZE(x87_ops); o++) {
        unsigned ncw = x87_ops[o].all_cw ? ARRAY_SIZE(cws) : 1;
        for (unsigned c = 0; c < ncw; c++) {
            for (unsigned i = 0; i < n_vals; i++) {
                for (unsigned j = 0; j < n_vals; j++) {
                    F80 r0, r1;
                    uint16_t sw;
                    x87_ops[o].fn(&vals[i], &vals[j], cws[c], &r0, &r1, &sw);
                    printf("%s cw %04x a%u b%u:", x87_ops[o].name, cws[c], i, j);
                    pf(&r0);
                    pf(&r1);
                    printf(" sw %04x\n", sw);
                }
            }
        }
    }
}

/* Unary ops and transcendentals; extra inputs around their domain edges. */
static void test_unary(void)
{
    static const long double extra[] = {
        1e-5L, -0.75L, 0.999L, 1e18L, 1.0e19L, 3e19L, 7.0e5L, 1.5707963267948966192L,
        -3.1415926535897932385L, 100.5L, -2.5L, 2.5L, 0.25L, 1e-300L, 65536.75L,
    };
    F80 in[ARRAY_SIZE(vals) + ARRAY_SIZE(extra)];
    unsigned n = 0;
    init_vals();
    for (unsigned i = 0; i < n_vals; i++) {
        in[n++] = vals[i];
    }
    for (unsigned i = 0; i < ARRAY_SIZE(extra); i++) {
        memcpy(&in[n++], &extra[i], 10);
    }
    for (unsigned o = 0; o < ARRAY_SIZE(x87_unops); o++) {
        for (unsigned c = 0; c < ARRAY_SIZE(cws); c++) {
            for (unsigned i = 0; i < n; i++) {
                F80 r0, r1, one = f80(0x3fff, 0x8000000000000000ull);
                uint16_t sw;
                x87_unops[o].fn(&in[i], &one, cws[c], &r0, &r1, &sw);
                printf("%s cw %04x", x87_unops[o].name, cws[c]);
                pf(&in[i]);
                printf(" ->");
                pf(&r0);
                pf(&r1);
                printf(" sw %04x\n", sw);
            }
        }
    }
}

/* fcom/fucom/fcomi/fucomi/ftst/fxam: condition codes and EFLAGS. */
static void test_compare(void)
{
    init_vals();
    for (unsigned i = 0; i < n_vals; i++) {
        for (unsigned j = 0; j < n_vals; j++) {
            uint16_t s1, s2;
            uint32_t f1, f2;
            asm volatile("fninit\n\tfldt %5\n\tfldt %4\n\tfcom %%st(1)\n\tfnstsw %0\n\t"
                         "fucom %%st(1)\n\tfnstsw %1\n\tfninit"
                         : "=m"(s1), "=m"(s2) : "m"(s1), "m"(s2), "m"(vals[i]), "m"(vals[j]));
            asm volatile("fninit\n\tfldt %3\n\tfldt %2\n\tfcomi %%st(1), %%st\n\tpushf\n\t"
                         "pop %0\n\tfucomi %%st(1), %%st\n\tpushf\n\tpop %1\n\tfninit"
                         : "=r"(f1), "=r"(f2) : "m"(vals[i]), "m"(vals[j]) : "cc");
            printf("cmp a%u b%u: fcom %04x fucom %04x fcomi %03x fucomi %03x\n", i, j, s1, s2,
                   f1 & FL_ARITH, f2 & FL_ARITH);
        }
        uint16_t st, sx, sx_empty;
        asm volatile("fninit\n\tfldt %2\n\tftst\n\tfnstsw %0\n\tfxam\n\tfnstsw %1\n\tfninit"
                     : "=m"(st), "=m"(sx) : "m"(vals[i]));
        asm volatile("fninit\n\tfxam\n\tfnstsw %0" : "=m"(sx_empty));
        printf("ftst/fxam a%u: %04x %04x empty %04x\n", i, st, sx, sx_empty);
    }
    /* fcompp, fucompp, ficom with memory integers */
    int16_t i16 = -3;
    int32_t i32 = 100000;
    for (unsigned i = 0; i < n_vals; i++) {
        uint16_t s1, s2, s3;
        asm volatile("fninit\n\tfldt %3\n\tficoms %4\n\tfnstsw %0\n\tficompl %5\n\tfnstsw %1\n\t"
                     "fldt %3\n\tfldt %3\n\tfucompp\n\tfnstsw %2\n\tfninit"
                     : "=m"(s1), "=m"(s2), "=m"(s3) : "m"(vals[i]), "m"(i16), "m"(i32));
        printf("ficom a%u: %04x %04x fucompp %04x\n", i, s1, s2, s3);
    }
}

static void test_convert(void)
{
    init_vals();
    for (unsigned c = 0; c < 4; c++) {
        for (unsigned i = 0; i < n_vals; i++) {
            int16_t i16;
            int32_t i32;
            int64_t i64;
            float f;
            double d;
            uint8_t bcd[10];
            uint16_t sw;
            asm volatile("fninit\n\tfldcw %8\n\tfldt %7\n\tfists %0\n\tfistl %1\n\tfistpll %2\n\t"
                         "fldt %7\n\tfsts %3\n\tfstpl %4\n\tfldt %7\n\tfbstp %5\n\tfnstsw %6\n\t"
                         "fninit"
                         : "=m"(i16), "=m"(i32), "=m"(i64), "=m"(f), "=m"(d), "=m"(bcd), "=m"(sw)
                         : "m"(vals[i]), "m"(cws[c]));
            uint32_t fb;
            uint64_t db;
            memcpy(&fb, &f, 4);
            memcpy(&db, &d, 8);
            printf("cvt cw %04x a%u: %04x %08x %016llx f %08x d %016llx bcd", cws[c], i,
                   (uint16_t)i16, (uint32_t)i32, (unsigned long long)i64, fb,
                   (unsigned long long)db);
            for (int k = 9; k >= 0; k--) {
                printf("%02x", bcd[k]);
            }
            printf(" sw %04x\n", sw);
        }
    }
    /* loads: integers, floats (denormal/NaN), BCD (valid and invalid digits) */
    static const int64_t ints[] = { 0, 1, -1, 32767, -32768, 0x7fffffff, INT64_MIN,
                                    INT64_MAX, 123456789012345ll };
    for (unsigned i = 0; i < ARRAY_SIZE(ints); i++) {
        F80 a, b, c;
        int16_t s = (int16_t)ints[i];
        int32_t l = (int32_t)ints[i];
        asm volatile("fninit\n\tfilds %3\n\tfstpt %0\n\tfildl %4\n\tfstpt %1\n\tfildll %5\n\t"
                     "fstpt %2" : "=m"(a), "=m"(b), "=m"(c) : "m"(s), "m"(l), "m"(ints[i]));
        printf("fild %lld:", (long long)ints[i]);
        pf(&a);
        pf(&b);
        pf(&c);
        printf("\n");
    }
    static const uint32_t fbits[] = { 0x00000001, 0x807fffff, 0x7f800001, 0xffc00000,
                                      0x3f800000, 0x7f7fffff };
    static const uint64_t dbits[] = { 1, 0x7ff0000000000001ull, 0x000fffffffffffffull,
                                      0xfff8000000000000ull, 0x3fb999999999999aull };
    for (unsigned i = 0; i < ARRAY_SIZE(fbits); i++) {
        F80 a;
        uint16_t sw;
        asm volatile("fninit\n\tflds %2\n\tfnstsw %1\n\tfstpt %0" : "=m"(a), "=m"(sw)
                     : "m"(fbits[i]));
        printf("flds %08x:", fbits[i]);
        pf(&a);
        printf(" sw %04x\n", sw);
    }
    for (unsigned i = 0; i < ARRAY_SIZE(dbits); i++) {
        F80 a;
        uint16_t sw;
        asm volatile("fninit\n\tfldl %2\n\tfnstsw %1\n\tfstpt %0" : "=m"(a), "=m"(sw)
                     : "m"(dbits[i]));
        printf("fldl %016llx:", (unsigned long long)dbits[i]);
        pf(&a);
        printf(" sw %04x\n", sw);
    }
    static const uint8_t bcds[][10] = {
        { 0x21, 0x43, 0x65, 0x87, 0x09, 0, 0, 0, 0, 0x80 },
        { 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0 },
        { 0xab, 0xcd, 0, 0, 0, 0, 0, 0, 0, 0 },
        { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80 },
    };
    for (unsigned i = 0; i < ARRAY_SIZE(bcds); i++) {
        F80 a;
        asm volatile("fninit\n\tfbld %1\n\tfstpt %0" : "=m"(a) : "m"(bcds[i]));
        printf("fbld %u:", i);
        pf(&a);
        printf("\n");
    }
    /* arithmetic with memory operands of every type */
    for (unsigned i = 0; i < n_vals; i += 2) {
        F80 r;
        float f = 2.5f;
        double d = -0.1;
        int16_t w = 7;
        int32_t l = -100000;
        uint16_t sw;
        asm volatile("fninit\n\tfldt %2\n\tfadds %3\n\tfmull %4\n\tfisubs %5\n\tfidivrl %6\n\t"
                     "fsubrs %3\n\tfdivl %4\n\tfimuls %5\n\tfiaddl %6\n\tfnstsw %1\n\tfstpt %0"
                     : "=m"(r), "=m"(sw)
                     : "m"(vals[i]), "m"(f), "m"(d), "m"(w), "m"(l));
        printf("memops a%u:", i);
        pf(&r);
        printf(" sw %04x\n", sw);
    }
}

static void test_constants(void)
{
    for (unsigned c = 0; c < ARRAY_SIZE(cws); c++) {
        F80 k[7];
        asm volatile("fninit\n\tfldcw %7\n\tfld1\n\tfstpt %0\n\tfldl2t\n\tfstpt %1\n\t"
                     "fldl2e\n\tfstpt %2\n\tfldpi\n\tfstpt %3\n\tfldlg2\n\tfstpt %4\n\t"
                     "fldln2\n\tfstpt %5\n\tfldz\n\tfstpt %6"
                     : "=m"(k[0]), "=m"(k[1]), "=m"(k[2]), "=m"(k[3]), "=m"(k[4]), "=m"(k[5]),
                       "=m"(k[6]) : "m"(cws[c]));
        printf("const cw %04x:", cws[c]);
        for (int i = 0; i < 7; i++) {
            pf(&k[i]);
        }
        printf("\n");
    }
}

/* Stack, tags and status: push past 8 (stack overflow), pop empty, ffree. */
static void test_stack_tags(void)
{
    uint16_t sw[6], env[14];
    F80 r;
    asm volatile("fninit\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\tfld1\n\t"
                 "fnstsw %0\n\tfld1\n\tfnstsw %1\n\tfstpt %5\n\tfnstsw %2\n\tfninit\n\t"
                 "fadd %%st(1), %%st\n\tfnstsw %3\n\tfldz\n\tfldpi\n\tffree %%st(1)\n\t"
                 "fincstp\n\tfnstsw %4\n\tfdecstp\n\tfnstenv %6\n\tfninit"
                 : "=m"(sw[0]), "=m"(sw[1]), "=m"(sw[2]), "=m"(sw[3]), "=m"(sw[4]), "=m"(r),
                   "=m"(env));
    printf("stack: full %04x overflow %04x after %04x underflow %04x free %04x", sw[0], sw[1],
           sw[2], sw[3], sw[4]);
    pf(&r);
    printf(" env cw %04x sw %04x tw %04x\n", env[0], env[2], env[4]);
    /* tag word classes: valid, zero, special (inf, nan, denormal), empty */
    init_vals();
    asm volatile("fninit\n\tfldt %1\n\tfldt %2\n\tfldt %3\n\tfldt %4\n\tfldz\n\tfld1\n\t"
                 "fnstenv %0\n\tfninit"
                 : "=m"(env) : "m"(vals[15]), "m"(vals[18]), "m"(vals[19]), "m"(vals[1]));
    printf("tags: sw %04x tw %04x\n", env[2], env[4]);
    uint16_t cw_after, sw_after, tw_after[14];
    asm volatile("fninit\n\tfnstcw %0\n\tfnstsw %1\n\tfnstenv %2" : "=m"(cw_after),
                 "=m"(sw_after), "=m"(tw_after));
    printf("fninit: cw %04x sw %04x tw %04x\n", cw_after, sw_after, tw_after[4]);
    /* fnclex clears the exception bits and ES/B */
    uint16_t s1, s2;
    asm volatile("fninit\n\tfldz\n\tfld1\n\tfdiv %%st(1), %%st\n\tfnstsw %0\n\tfnclex\n\t"
                 "fnstsw %1\n\tfninit" : "=m"(s1), "=m"(s2));
    printf("fnclex: %04x -> %04x\n", s1, s2);
    /* fnstsw ax, and sahf-based branching as compilers emit */
    uint32_t ax = 0xdead0000, fl;
    asm volatile("push $0x800\n\tpopf\n\tfninit\n\tfld1\n\tfldz\n\tfcompp\n\tfnstsw %%ax\n\t"
        "sahf\n\tpushf\n\tpop %1\n\t"
                 "fninit" : "+a"(ax), "=r"(fl) : : "cc");
    printf("fnstsw ax %08x flags %03x\n", ax, fl & FL_ARITH);
}

/* fsave/frstor, fnstenv/fldenv, fxsave/fxrstor layouts (pointer fields skipped:
 * the host model decides whether FCS/FDS/FDP are kept). */
static void test_save_restore(void)
{
    uint32_t save[27];
    uint8_t fx[512] __attribute__((aligned(16)));
    init_vals();
    memset(save, 0x5a, sizeof(save));
    asm volatile("fninit\n\tfldcw %2\n\tfldt %3\n\tfldt %4\n\tfldpi\n\tfdiv %%st(2), %%st\n\t"
                 "fnsave %0\n\tfnstsw %1" : "=m"(save), "=m"(fx[0])
                 : "m"(cws[5]), "m"(vals[5]), "m"(vals[0]));
    printf("fnsave: cw %08x sw %08x tw %08x regs", save[0], save[1], save[2]);
    for (int i = 0; i < 20; i++) {
        printf(" %08x", save[7 + i]);
    }
    printf(" after-sw %04x\n", fx[0] | fx[1] << 8);
    /* frstor the image, change a register, restore again and read back */
    uint16_t env[14];
    F80 top;
    asm volatile("frstor %2\n\tfstpt %0\n\tfnstenv %1\n\tfninit"
                 : "=m"(top), "=m"(env) : "m"(save));
    printf("frstor: top");
    pf(&top);
    printf(" env cw %04x sw %04x tw %04x\n", env[0], env[2], env[4]);
    /* fldenv with TOP=5, tags: mixed, unmasked nothing pending */
    uint16_t myenv[14] = { 0x0f7f, 0xffff, 0x2800, 0xffff, 0x5a0f, 0xffff };
    uint16_t sw2, env2[14];
    asm volatile("fldenv %2\n\tfnstsw %0\n\tfnstenv %1\n\tfninit"
                 : "=m"(sw2), "=m"(env2) : "m"(myenv));
    printf("fldenv: sw %04x cw %04x tw %04x\n", sw2, env2[0], env2[4]);
    /* fxsave: abridged tag, mxcsr, mxcsr_mask, registers */
    memset(fx, 0xa5, sizeof(fx));
    asm volatile("fninit\n\tfldt %1\n\tfldz\n\tfldt %2\n\tfxsave %0\n\tfninit"
                 : "=m"(fx) : "m"(vals[1]), "m"(vals[15]));
    printf("fxsave: fcw %04x fsw %04x ftw %02x mxcsr %08x mask %08x", fx[0] | fx[1] << 8,
           fx[2] | fx[3] << 8, fx[4], *(uint32_t *)(fx + 24), *(uint32_t *)(fx + 28));
    for (int i = 0; i < 3; i++) {
        pf((const F80 *)(fx + 32 + 16 * i));
    }
    printf("\n");
    /* fxrstor recomputes the full tags from the register contents */
    asm volatile("fxrstor %1\n\tfnstenv %0\n\tfninit" : "=m"(env) : "m"(fx));
    printf("fxrstor: sw %04x tw %04x\n", env[2], env[4]);
}

/* Masked exceptions set flags; unmasked ones raise SIGFPE at the next
 * waiting FPU instruction, with si_code naming the cause. */
typedef struct ExcArgs {
    uint16_t cw;
    int which;
    uint16_t sw;
} ExcArgs;

static void raise_exc(void *p)
{
    ExcArgs *a = p;
    F80 one = f80(0x3fff, 0x8000000000000000ull), tiny = f80(0x0001, 0x8000000000000000ull);
    F80 big = f80(0x7ffe, 0x8000000000000000ull);
    asm volatile("fninit\n\tfldcw %0" : : "m"(a->cw));
    switch (a->which) {
    case 0:
        asm volatile("fldz\n\tfldt %0\n\tfdiv %%st(1), %%st" : : "m"(one));
        break;
    case 1:
        asm volatile("fldz\n\tfldz\n\tfdiv %st(1), %st");
        break;
    case 2:
        asm volatile("fldt %0\n\tfld %%st(0)\n\tfmulp" : : "m"(big));
        break;
    case 3:
        asm volatile("fldt %0\n\tfld %%st(0)\n\tfmulp" : : "m"(tiny));
        break;
    case 4:
        asm volatile("fldt %0\n\tfldt %1\n\tfdivp" : : "m"(vals[4]), "m"(one));
        break;
    default:
        asm volatile("fldt %0\n\tfsqrt" : : "m"(vals[2]));
        break;
    }
    asm volatile("fnstsw %0\n\tfwait\n\tfninit" : "=m"(a->sw));
}

static void test_exceptions(void)
{
    static const char *names[] = { "zero-div", "invalid", "overflow", "underflow", "precision",
                                   "sqrt-neg" };
    init_vals();
    for (int w = 0; w < 6; w++) {
        ExcArgs masked = { 0x037f, w, 0 }, unmasked = { 0x0340, w, 0 };
        int s1 = test_catch(raise_exc, &masked);
        int s2 = test_catch(raise_exc, &unmasked);
        printf("%-10s masked: %s sw %04x unmasked: %s code %d sw %04x\n", names[w],
               sig_name(s1), masked.sw, sig_name(s2), s2 ? catch_state.code : 0, unmasked.sw);
        asm volatile("fninit");
    }
}

static const TestSection sections[] = {
    { "binary", test_binary },
    { "unary", test_unary },
    { "compare", test_compare },
    { "convert", test_convert },
    { "constants", test_constants },
    { "stack_tags", test_stack_tags },
    { "save_restore", test_save_restore },
    { "exceptions", test_exceptions },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
