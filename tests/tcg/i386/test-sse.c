/*
 * SSE and SSE2 floating point: packed/scalar arithmetic, min/max with NaNs
 * and zeros, sqrt, rcp/rsqrt, compares (all predicates, comis/ucomis
 * flags), conversions, logic, shuffles/unpacks/moves, movmsk, under every
 * MXCSR rounding mode with FTZ/DAZ, and exception flags; unmasked
 * exceptions raise SIGFPE (Intel SDM vol. 1 ch. 10-11).
 */
#include "common.h"

typedef struct X128 {
    uint32_t d[4];
} __attribute__((aligned(16))) X128;

static void px(const X128 *v)
{
    printf(" %08x%08x%08x%08x", v->d[3], v->d[2], v->d[1], v->d[0]);
}

/* xmm0 = a, xmm1 = b, mxcsr = m; run insn; result xmm0 and mxcsr. */
#define SSE_OP(fname, insn) \
    static void fname(const X128 *a, const X128 *b, uint32_t m, X128 *r, uint32_t *mo) \
    { \
        uint32_t def = 0x1f80; \
        asm volatile("ldmxcsr %4\n\tmovdqu %2, %%xmm0\n\tmovdqu %3, %%xmm1\n\t" insn "\n\t" \
                     "movdqu %%xmm0, %0\n\tstmxcsr %1\n\tldmxcsr %5" \
                     : "=m"(*r), "=m"(*mo) : "m"(*a), "m"(*b), "m"(m), "m"(def) \
                     : "xmm0", "xmm1", "eax"); \
    }

SSE_OP(o_addps, "addps %%xmm1, %%xmm0") SSE_OP(o_addss, "addss %%xmm1, %%xmm0")
SSE_OP(o_addpd, "addpd %%xmm1, %%xmm0") SSE_OP(o_addsd, "addsd %%xmm1, %%xmm0")
SSE_OP(o_subps, "subps %%xmm1, %%xmm0") SSE_OP(o_subsd, "subsd %%xmm1, %%xmm0")
SSE_OP(o_mulps, "mulps %%xmm1, %%xmm0") SSE_OP(o_mulsd, "mulsd %%xmm1, %%xmm0")
SSE_OP(o_mulpd, "mulpd %%xmm1, %%xmm0") SSE_OP(o_mulss, "mulss %%xmm1, %%xmm0")
SSE_OP(o_divps, "divps %%xmm1, %%xmm0") SSE_OP(o_divpd, "divpd %%xmm1, %%xmm0")
SSE_OP(o_divss, "divss %%xmm1, %%xmm0") SSE_OP(o_divsd, "divsd %%xmm1, %%xmm0")
SSE_OP(o_minps, "minps %%xmm1, %%xmm0") SSE_OP(o_maxps, "maxps %%xmm1, %%xmm0")
SSE_OP(o_minsd, "minsd %%xmm1, %%xmm0") SSE_OP(o_maxpd, "maxpd %%xmm1, %%xmm0")
SSE_OP(o_sqrtps, "sqrtps %%xmm1, %%xmm0") SSE_OP(o_sqrtsd, "sqrtsd %%xmm1, %%xmm0")
SSE_OP(o_sqrtpd, "sqrtpd %%xmm1, %%xmm0") SSE_OP(o_sqrtss, "sqrtss %%xmm1, %%xmm0")
SSE_OP(o_rcpps, "rcpps %%xmm1, %%xmm0") SSE_OP(o_rsqrtps, "rsqrtps %%xmm1, %%xmm0")
SSE_OP(o_rcpss, "rcpss %%xmm1, %%xmm0") SSE_OP(o_rsqrtss, "rsqrtss %%xmm1, %%xmm0")
SSE_OP(o_andps, "andps %%xmm1, %%xmm0") SSE_OP(o_andnpd, "andnpd %%xmm1, %%xmm0")
SSE_OP(o_orps, "orps %%xmm1, %%xmm0") SSE_OP(o_xorpd, "xorpd %%xmm1, %%xmm0")
SSE_OP(o_cvtps2pd, "cvtps2pd %%xmm1, %%xmm0") SSE_OP(o_cvtpd2ps, "cvtpd2ps %%xmm1, %%xmm0")
SSE_OP(o_cvtss2sd, "cvtss2sd %%xmm1, %%xmm0") SSE_OP(o_cvtsd2ss, "cvtsd2ss %%xmm1, %%xmm0")
SSE_OP(o_cvtps2dq, "cvtps2dq %%xmm1, %%xmm0") SSE_OP(o_cvttps2dq, "cvttps2dq %%xmm1, %%xmm0")
SSE_OP(o_cvtpd2dq, "cvtpd2dq %%xmm1, %%xmm0") SSE_OP(o_cvttpd2dq, "cvttpd2dq %%xmm1, %%xmm0")
SSE_OP(o_cvtdq2ps, "cvtdq2ps %%xmm1, %%xmm0") SSE_OP(o_cvtdq2pd, "cvtdq2pd %%xmm1, %%xmm0")
SSE_OP(o_cvtsi2ss, "movd %%xmm1, %%eax\n\tcvtsi2ss %%eax, %%xmm0")
SSE_OP(o_cvtsi2sd, "movd %%xmm1, %%eax\n\tcvtsi2sd %%eax, %%xmm0")
SSE_OP(o_cvtss2si, "cvtss2si %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
SSE_OP(o_cvttss2si, "cvttss2si %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
SSE_OP(o_cvtsd2si, "cvtsd2si %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
SSE_OP(o_cvttsd2si, "cvttsd2si %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
SSE_OP(o_shufps, "shufps $0x1b, %%xmm1, %%xmm0") SSE_OP(o_shufpd, "shufpd $1, %%xmm1, %%xmm0")
SSE_OP(o_unpcklps, "unpcklps %%xmm1, %%xmm0") SSE_OP(o_unpckhps, "unpckhps %%xmm1, %%xmm0")
SSE_OP(o_unpcklpd, "unpcklpd %%xmm1, %%xmm0") SSE_OP(o_unpckhpd, "unpckhpd %%xmm1, %%xmm0")
SSE_OP(o_movss, "movss %%xmm1, %%xmm0") SSE_OP(o_movsd, "movsd %%xmm1, %%xmm0")
SSE_OP(o_movhlps, "movhlps %%xmm1, %%xmm0") SSE_OP(o_movlhps, "movlhps %%xmm1, %%xmm0")
SSE_OP(o_movmskps, "movmskps %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
SSE_OP(o_movmskpd, "movmskpd %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")

typedef void (*SseFn)(const X128 *, const X128 *, uint32_t, X128 *, uint32_t *);

#define OP(n) { #n, o_##n }
static const struct {
    const char *name;
    SseFn fn;
} sse_ops[] = {
    OP(addps), OP(addss), OP(addpd), OP(addsd), OP(subps), OP(subsd), OP(mulps), OP(mulsd),
    OP(mulpd), OP(mulss), OP(divps), OP(divpd), OP(divss), OP(divsd), OP(minps), OP(maxps),
    OP(minsd), OP(maxpd), OP(sqrtps), OP(sqrtsd), OP(sqrtpd), OP(sqrtss), OP(rcpps),
    OP(rsqrtps), OP(rcpss), OP(rsqrtss), OP(andps), OP(andnpd), OP(orps), OP(xorpd),
    OP(cvtps2pd), OP(cvtpd2ps), OP(cvtss2sd), OP(cvtsd2ss), OP(cvtps2dq), OP(cvttps2dq),
    OP(cvtpd2dq), OP(cvttpd2dq), OP(cvtdq2ps), OP(cvtdq2pd), OP(cvtsi2ss), OP(cvtsi2sd),
    OP(cvtss2si), OP(cvttss2si), OP(cvtsd2si), OP(cvttsd2si), OP(shufps), OP(shufpd),
    OP(unpcklps), OP(unpckhps), OP(unpcklpd), OP(unpckhpd), OP(movss), OP(movsd),
    OP(movhlps), OP(movlhps), OP(movmskps), OP(movmskpd),
};

static const uint32_t f32s[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
    0xffc00001, 0x7f800001, 0x00000001, 0x807fffff, 0x00800000, 0x7f7fffff, 0x4f000000,
    0xcf000001, 0x3eaaaaab, 0x40490fdb, 0x4b400001, 0x3f000000, 0xbfc00000,
};
static const uint64_t f64s[] = {
    0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0xfff8000000000001ull, 0x7ff0000000000001ull, 1, 0x800fffffffffffffull,
    0x0010000000000000ull, 0x7fefffffffffffffull, 0x41e0000000000000ull,
    0xc1e0000000200000ull, 0x3fd5555555555555ull, 0x400921fb54442d18ull,
    0x3fe0000000000000ull, 0xc004000000000000ull, 0x36a0000000000000ull,
};

/* Operand vectors of float or double lanes, rotating through the tables. */
static X128 vec(unsigned i, int dbl)
{
    X128 v;
    if (dbl) {
        uint64_t lo = f64s[i % ARRAY_SIZE(f64s)], hi = f64s[(i * 7 + 3) % ARRAY_SIZE(f64s)];
        v.d[0] = (uint32_t)lo;
        v.d[1] = lo >> 32;
        v.d[2] = (uint32_t)hi;
        v.d[3] = hi >> 32;
    } else {
        for (int k = 0; k < 4; k++) {
            v.d[k] = f32s[(i + k * 5) % ARRAY_SIZE(f32s)];
        }
    }
    return v;
}

static const uint32_t mxcsrs[] = {
    0x1f80, 0x3f80, 0x5f80, 0x7f80,     /* RC nearest/down/up/zero */
    0x9f80, 0x1fc0, 0x9fc0,             /* FTZ, DAZ, both */
};

/* Which ops take double lanes as their source operand. */
static int src_is_double(const char *name)
{
    static const char *const dbl[] = {
        "addpd", "addsd", "subsd", "mulsd", "mulpd", "divpd", "divsd", "minsd", "maxpd",
        "sqrtsd", "sqrtpd", "andnpd", "xorpd", "cvtpd2ps", "cvtsd2ss", "cvtpd2dq",
        "cvttpd2dq", "cvtsd2si", "cvttsd2si", "shufpd", "unpcklpd", "unpckhpd", "movsd",
        "movmskpd",
    };
    for (unsigned i = 0; i < ARRAY_SIZE(dbl); i++) {
        if (strcmp(name, dbl[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static void test_arith(void)
{
    for (unsigned o = 0; o < ARRAY_SIZE(sse_ops); o++) {
        int dbl = src_is_double(sse_ops[o].name);
        for (unsigned m = 0; m < ARRAY_SIZE(mxcsrs); m++) {
            for (unsigned i = 0; i < 20; i++) {
                for (unsigned j = 0; j < 20; j += 3) {
                    X128 a = vec(j, dbl), b = vec(i, dbl), r;
                    uint32_t mo;
                    sse_ops[o].fn(&a, &b, mxcsrs[m], &r, &mo);
                    printf("%s %04x %u %u:", sse_ops[o].name, mxcsrs[m], i, j);
                    px(&r);
                    printf(" %04x\n", mo);
                }
            }
        }
    }
}

/* cmpps/cmppd with each predicate; the immediate must be a literal. */
#define CMP_CASE(n) \
    case n: \
        asm volatile("ldmxcsr %4\n\tmovdqa %2, %%xmm0\n\tcmpps $" #n ", %3, %%xmm0\n\t" \
                     "movdqa %%xmm0, %0\n\tstmxcsr %1\n\tldmxcsr %5" \
                     : "=m"(r1), "=m"(m1) : "m"(a), "m"(b), "m"(mx), "m"(def) : "xmm0"); \
        asm volatile("ldmxcsr %4\n\tmovdqa %2, %%xmm0\n\tcmppd $" #n ", %3, %%xmm0\n\t" \
                     "movdqa %%xmm0, %0\n\tstmxcsr %1\n\tldmxcsr %5" \
                     : "=m"(r2), "=m"(m2) : "m"(c), "m"(d), "m"(mx), "m"(def) : "xmm0"); \
        break;

static void test_compare(void)
{
    for (unsigned pred = 0; pred < 8; pred++) {
        for (unsigned i = 0; i < 20; i++) {
            X128 a = vec(i, 0), b = vec(i * 3 + 1, 0), c = vec(i, 1), d = vec(i * 3 + 1, 1);
            X128 r1, r2;
            uint32_t m1, m2, def = 0x1f80, mx = 0x1f80;
            switch (pred) {
            CMP_CASE(0) CMP_CASE(1) CMP_CASE(2) CMP_CASE(3)
            CMP_CASE(4) CMP_CASE(5) CMP_CASE(6) CMP_CASE(7)
            }
            printf("cmp%u %u:", pred, i);
            px(&r1);
            printf(" %04x", m1);
            px(&r2);
            printf(" %04x\n", m2);
        }
    }
    for (unsigned i = 0; i < ARRAY_SIZE(f32s); i++) {
        for (unsigned j = 0; j < ARRAY_SIZE(f32s); j++) {
            uint32_t f1, f2, f3, f4, m1, m2, def = 0x1f80, mx = 0x1f80;
            asm volatile("ldmxcsr %6\n\tmovd %4, %%xmm0\n\tmovd %5, %%xmm1\n\t"
                         "comiss %%xmm1, %%xmm0\n\tpushf\n\tpop %0\n\t"
                         "ucomiss %%xmm1, %%xmm0\n\tpushf\n\tpop %1\n\tstmxcsr %2\n\t"
                         "ldmxcsr %7"
                         : "=r"(f1), "=r"(f2), "=m"(m1), "=m"(m2)
                         : "r"(f32s[i]), "r"(f32s[j]), "m"(mx), "m"(def) : "xmm0", "xmm1", "cc");
            uint64_t a = f64s[i], b = f64s[j];
            asm volatile("ldmxcsr %6\n\tmovq %4, %%xmm0\n\tmovq %5, %%xmm1\n\t"
                         "comisd %%xmm1, %%xmm0\n\tpushf\n\tpop %0\n\t"
                         "ucomisd %%xmm1, %%xmm0\n\tpushf\n\tpop %1\n\tstmxcsr %3\n\t"
                         "ldmxcsr %7"
                         : "=r"(f3), "=r"(f4), "=m"(m1), "=m"(m2)
                         : "m"(a), "m"(b), "m"(mx), "m"(def) : "xmm0", "xmm1", "cc");
            printf("comis %u %u: %03x %03x %03x %03x %04x %04x\n", i, j, f1 & FL_ARITH,
                   f2 & FL_ARITH, f3 & FL_ARITH, f4 & FL_ARITH, m1, m2);
        }
    }
}

/* Memory forms and alignment: 16-byte operands of non-"u" forms must be aligned. */
static uint8_t membuf[64] __attribute__((aligned(16)));

static void misaligned_movaps(void *p)
{
    (void)p;
    asm volatile("movaps 4(%0), %%xmm0" : : "r"(membuf) : "xmm0");
}

static void misaligned_addps(void *p)
{
    (void)p;
    asm volatile("addps 8(%0), %%xmm0" : : "r"(membuf) : "xmm0");
}

static void unaligned_ok(void *p)
{
    asm volatile("movups 4(%1), %%xmm0\n\taddss 7(%1), %%xmm0\n\tmovlps 3(%1), %%xmm0\n\t"
                 "movhpd 9(%1), %%xmm0\n\tmovdqu %%xmm0, 17(%1)\n\tmovups %%xmm0, (%0)"
                 : : "r"(p), "r"(membuf) : "xmm0", "memory");
}

static void test_memory(void)
{
    for (int i = 0; i < 64; i++) {
        membuf[i] = (uint8_t)(i * 13 + 1);
    }
    X128 r;
    printf("movaps misaligned: %s\n", sig_name(test_catch(misaligned_movaps, NULL)));
    printf("addps misaligned: %s\n", sig_name(test_catch(misaligned_addps, NULL)));
    printf("unaligned forms: %s", sig_name(test_catch(unaligned_ok, &r)));
    px(&r);
    printf(" mem");
    for (int i = 0; i < 48; i++) {
        printf("%02x", membuf[i]);
    }
    printf("\n");
}

typedef struct SseExc {
    uint32_t mxcsr;
    int which;
} SseExc;

static void sse_exc(void *p)
{
    SseExc *e = p;
    X128 a = vec(2, 0), z = vec(0, 0), big = vec(12, 0), neg = vec(3, 0), r;
    asm volatile("ldmxcsr %0" : : "m"(e->mxcsr));
    switch (e->which) {
    case 0:
        asm volatile("movups %1, %%xmm0\n\tdivps %2, %%xmm0\n\tmovups %%xmm0, %0"
                     : "=m"(r) : "m"(a), "m"(z) : "xmm0");
        break;
    case 1:
        asm volatile("movups %1, %%xmm0\n\tmulps %1, %%xmm0\n\tmovups %%xmm0, %0"
                     : "=m"(r) : "m"(big) : "xmm0");
        break;
    default:
        asm volatile("movups %1, %%xmm0\n\tsqrtps %2, %%xmm0\n\tmovups %%xmm0, %0"
                     : "=m"(r) : "m"(a), "m"(neg) : "xmm0");
        break;
    }
}

static void test_exceptions(void)
{
    static const char *names[] = { "divzero", "overflow", "invalid" };
    for (int w = 0; w < 3; w++) {
        SseExc masked = { 0x1f80, w }, unmasked = { 0x0000, w };
        uint32_t def = 0x1f80, after;
        int s1 = test_catch(sse_exc, &masked);
        asm volatile("stmxcsr %0\n\tldmxcsr %1" : "=m"(after) : "m"(def));
        int s2 = test_catch(sse_exc, &unmasked);
        int code = s2 ? catch_state.code : 0;
        asm volatile("ldmxcsr %0" : : "m"(def));
        printf("%s: masked %s mxcsr %04x unmasked %s code %d\n", names[w], sig_name(s1), after,
               sig_name(s2), code);
    }
}

static const TestSection sections[] = {
    { "arith", test_arith },
    { "compare", test_compare },
    { "memory", test_memory },
    { "exceptions", test_exceptions },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
