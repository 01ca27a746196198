/*
 * MMX, SSE, SSE2, SSE3 and SSSE3 (Intel SDM vol. 1 ch. 9-12): every
 * instruction on edge-case operands (zeros, denormals, infinities, QNaN and
 * SNaN, extremes, mixed lanes) in its register and memory forms, under each
 * MXCSR rounding mode and FTZ/DAZ; results print as raw lanes with MXCSR
 * (and EFLAGS for the compares). Also the MMX/x87 state transitions,
 * alignment faults and unmasked SIMD exceptions.
 */
/* The test names XMM registers in its asm: allow them without -msse flags. */
#pragma GCC target("sse2,sse3,ssse3")

#include "common.h"

typedef struct X128 {
    uint32_t l[4];
} __attribute__((aligned(16))) X128;

/* Operand patterns: float lanes, double lanes, integer lanes. */
static const X128 vals[] = {
    { { 0x3f800000, 0x40000000, 0xbf800000, 0x00000000 } },   /* 1 2 -1 0 */
    { { 0x80000000, 0x00000001, 0x007fffff, 0x00800000 } },   /* -0 denormals, min normal */
    { { 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000 } },   /* +inf -inf QNaN SNaN */
    { { 0x7f7fffff, 0xff7fffff, 0x3eaaaaab, 0x4b000001 } },   /* max, 1/3, 2^23+1 */
    { { 0x00000000, 0x3ff00000, 0x9999999a, 0x3fb99999 } },   /* doubles 1.0, 0.1 */
    { { 0x00000001, 0x00000000, 0x00000000, 0x7ff80000 } },   /* double denormal, QNaN */
    { { 0xffffffff, 0x7fefffff, 0x00000000, 0xfff00000 } },   /* double max, -inf */
    { { 0x80017fff, 0x7f00ff80, 0x12345678, 0xdeadbeef } },   /* integer edges */
    { { 0x4f000000, 0xcf000000, 0x5f000000, 0x3effffff } },   /* 2^31, -2^31, 2^63, ~0.5 */
    { { 0x00000000, 0x41e00000, 0x00000000, 0xc1e00000 } },   /* doubles 2^31, -2^31 */
};
#define NVALS ARRAY_SIZE(vals)

/* MXCSR settings: nearest, down, up, zero; FTZ; DAZ (all exceptions masked). */
static const uint32_t mxcsrs[] = { 0x1f80, 0x3f80, 0x5f80, 0x7f80, 0x9f80, 0x1fc0 };

typedef void (*XFn)(X128 *d, const X128 *s, uint32_t *fl);

/* Register form: xmm0 = d, xmm1 = s; memory form: xmm0 = d, source in memory. */
#define XR(name, insn) \
    static void name##_r(X128 *d, const X128 *s, uint32_t *fl) \
    { \
        asm volatile("movdqa %0, %%xmm0\n\tmovdqa %2, %%xmm1\n\t" insn " %%xmm1, %%xmm0\n\t" \
                     "pushf\n\tpop %1\n\tmovdqa %%xmm0, %0" \
                     : "+m"(*d), "=r"(*fl) : "m"(*s) : "xmm0", "xmm1", "cc"); \
    } \
    static void name##_m(X128 *d, const X128 *s, uint32_t *fl) \
    { \
        asm volatile("movdqa %0, %%xmm0\n\t" insn " %2, %%xmm0\n\t" \
                     "pushf\n\tpop %1\n\tmovdqa %%xmm0, %0" \
                     : "+m"(*d), "=r"(*fl) : "m"(*s) : "xmm0", "cc"); \
    }

#define SSE_OPS(X) \
    X(addps, "addps") X(subps, "subps") X(mulps, "mulps") X(divps, "divps") \
    X(minps, "minps") X(maxps, "maxps") X(sqrtps, "sqrtps") X(rcpps, "rcpps") \
    X(rsqrtps, "rsqrtps") X(andps, "andps") X(andnps, "andnps") X(orps, "orps") \
    X(xorps, "xorps") X(unpcklps, "unpcklps") X(unpckhps, "unpckhps") \
    X(addss, "addss") X(subss, "subss") X(mulss, "mulss") X(divss, "divss") \
    X(minss, "minss") X(maxss, "maxss") X(sqrtss, "sqrtss") X(rcpss, "rcpss") \
    X(rsqrtss, "rsqrtss") X(cvtss2sd, "cvtss2sd") X(cvtsd2ss, "cvtsd2ss") \
    X(addpd, "addpd") X(subpd, "subpd") X(mulpd, "mulpd") X(divpd, "divpd") \
    X(minpd, "minpd") X(maxpd, "maxpd") X(sqrtpd, "sqrtpd") X(andpd, "andpd") \
    X(andnpd, "andnpd") X(orpd, "orpd") X(xorpd, "xorpd") X(unpcklpd, "unpcklpd") \
    X(unpckhpd, "unpckhpd") X(addsd, "addsd") X(subsd, "subsd") X(mulsd, "mulsd") \
    X(divsd, "divsd") X(minsd, "minsd") X(maxsd, "maxsd") X(sqrtsd, "sqrtsd") \
    X(cvtps2pd, "cvtps2pd") X(cvtpd2ps, "cvtpd2ps") X(cvtps2dq, "cvtps2dq") \
    X(cvttps2dq, "cvttps2dq") X(cvtdq2ps, "cvtdq2ps") X(cvtpd2dq, "cvtpd2dq") \
    X(cvttpd2dq, "cvttpd2dq") X(cvtdq2pd, "cvtdq2pd") \
    X(movss, "movss") X(movsd, "movsd") X(movaps, "movaps") X(movups, "movups") \
    X(movapd, "movapd") X(movdqa, "movdqa") X(movdqu, "movdqu") X(movq, "movq") \
    X(paddb, "paddb") X(paddw, "paddw") X(paddd, "paddd") X(paddq, "paddq") \
    X(paddsb, "paddsb") X(paddsw, "paddsw") X(paddusb, "paddusb") X(paddusw, "paddusw") \
    X(psubb, "psubb") X(psubw, "psubw") X(psubd, "psubd") X(psubq, "psubq") \
    X(psubsb, "psubsb") X(psubsw, "psubsw") X(psubusb, "psubusb") X(psubusw, "psubusw") \
    X(pmullw, "pmullw") X(pmulhw, "pmulhw") X(pmulhuw, "pmulhuw") X(pmuludq, "pmuludq") \
    X(pmaddwd, "pmaddwd") X(pavgb, "pavgb") X(pavgw, "pavgw") X(pminub, "pminub") \
    X(pmaxub, "pmaxub") X(pminsw, "pminsw") X(pmaxsw, "pmaxsw") X(psadbw, "psadbw") \
    X(pcmpeqb, "pcmpeqb") X(pcmpeqw, "pcmpeqw") X(pcmpeqd, "pcmpeqd") \
    X(pcmpgtb, "pcmpgtb") X(pcmpgtw, "pcmpgtw") X(pcmpgtd, "pcmpgtd") \
    X(packsswb, "packsswb") X(packssdw, "packssdw") X(packuswb, "packuswb") \
    X(punpcklbw, "punpcklbw") X(punpcklwd, "punpcklwd") X(punpckldq, "punpckldq") \
    X(punpcklqdq, "punpcklqdq") X(punpckhbw, "punpckhbw") X(punpckhwd, "punpckhwd") \
    X(punpckhdq, "punpckhdq") X(punpckhqdq, "punpckhqdq") X(pand, "pand") \
    X(pandn, "pandn") X(por, "por") X(pxor, "pxor") X(psllw, "psllw") X(pslld, "pslld") \
    X(psllq, "psllq") X(psrlw, "psrlw") X(psrld, "psrld") X(psrlq, "psrlq") \
    X(psraw, "psraw") X(psrad, "psrad") \
    X(addsubps, "addsubps") X(addsubpd, "addsubpd") X(haddps, "haddps") \
    X(haddpd, "haddpd") X(hsubps, "hsubps") X(hsubpd, "hsubpd") X(movsldup, "movsldup") \
    X(movshdup, "movshdup") X(movddup, "movddup") \
    X(pshufb, "pshufb") X(phaddw, "phaddw") X(phaddd, "phaddd") X(phaddsw, "phaddsw") \
    X(phsubw, "phsubw") X(phsubd, "phsubd") X(phsubsw, "phsubsw") \
    X(pmaddubsw, "pmaddubsw") X(pmulhrsw, "pmulhrsw") X(psignb, "psignb") \
    X(psignw, "psignw") X(psignd, "psignd") X(pabsb, "pabsb") X(pabsw, "pabsw") \
    X(pabsd, "pabsd") \
    X(cmpeqps, "cmpeqps") X(cmpltps, "cmpltps") X(cmpleps, "cmpleps") \
    X(cmpunordps, "cmpunordps") X(cmpneqps, "cmpneqps") X(cmpnltps, "cmpnltps") \
    X(cmpnleps, "cmpnleps") X(cmpordps, "cmpordps") X(cmpltss, "cmpltss") \
    X(cmpunordss, "cmpunordss") X(cmplepd, "cmplepd") X(cmpneqpd, "cmpneqpd") \
    X(cmpnltsd, "cmpnltsd") X(cmpordsd, "cmpordsd") \
    X(comiss, "comiss") X(ucomiss, "ucomiss") X(comisd, "comisd") X(ucomisd, "ucomisd") \
    X(shufps, "shufps $0x1b,") X(shufpd, "shufpd $0x1,") X(pshufd, "pshufd $0x93,") \
    X(pshufhw, "pshufhw $0x4e,") X(pshuflw, "pshuflw $0xe1,") \
    X(palignr3, "palignr $3,") X(palignr20, "palignr $20,")

#undef X
#define X(name, insn) XR(name, insn)
SSE_OPS(X)

static const struct {
    const char *name;
    XFn r, m;
} xops[] = {
#undef X
#define X(name, insn) { #name, name##_r, name##_m },
    SSE_OPS(X)
};

static uint32_t get_mxcsr(void)
{
    uint32_t m;

    asm volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static void set_mxcsr(uint32_t m)
{
    asm volatile("ldmxcsr %0" : : "m"(m));
}

static void px(const X128 *v)
{
    printf(" %08x%08x%08x%08x", v->l[3], v->l[2], v->l[1], v->l[0]);
}

static void test_xmm_ops(void)
{
    for (unsigned o = 0; o < ARRAY_SIZE(xops); o++) {
        for (unsigned c = 0; c < ARRAY_SIZE(mxcsrs); c++) {
            for (unsigned i = 0; i < NVALS; i++) {
                for (unsigned j = 0; j < NVALS; j++) {
                    printf("%s %04x %u %u:", xops[o].name, mxcsrs[c], i, j);
                    for (int f = 0; f < 2; f++) {
                        X128 d = vals[i], s = vals[j];
                        uint32_t fl;

                        set_mxcsr(mxcsrs[c]);
                        (f ? xops[o].m : xops[o].r)(&d, &s, &fl);
                        px(&d);
                        printf(" %04x", get_mxcsr());
                        if (!strncmp(xops[o].name + (xops[o].name[0] == 'u'), "comi", 4)) {
                            printf(" fl %03x", fl & FL_ARITH);
                        }
                    }
                    printf("\n");
                }
            }
            if (!strstr(xops[o].name, "ps") && !strstr(xops[o].name, "pd") &&
                !strstr(xops[o].name, "ss") && !strstr(xops[o].name, "sd") &&
                strncmp(xops[o].name, "cvt", 3) && !strstr(xops[o].name, "dup")) {
                break;      /* integer op: one MXCSR is enough */
            }
        }
    }
    set_mxcsr(0x1f80);
}

/* Shifts by immediate and by count register, byte shifts. */
#define SHIFT_IMM(X) \
    X(psllw_i, "psllw $3") X(psllw_i16, "psllw $16") X(pslld_i, "pslld $7") \
    X(psllq_i, "psllq $33") X(psrlw_i, "psrlw $1") X(psrld_i, "psrld $31") \
    X(psrlq_i, "psrlq $64") X(psraw_i, "psraw $15") X(psraw_i99, "psraw $99") \
    X(psrad_i, "psrad $4") X(psrldq_i, "psrldq $5") X(pslldq_i, "pslldq $11") \
    X(psrldq_i17, "psrldq $17")

#define XI(name, insn) \
    static void name(X128 *d) \
    { \
        asm volatile("movdqa %0, %%xmm3\n\t" insn ", %%xmm3\n\tmovdqa %%xmm3, %0" \
                     : "+m"(*d) : : "xmm3"); \
    }
SHIFT_IMM(XI)

static const struct {
    const char *name;
    void (*fn)(X128 *d);
} iops[] = {
#define XIE(name, insn) { #name, name },
    SHIFT_IMM(XIE)
};

static void test_shift_imm(void)
{
    for (unsigned o = 0; o < ARRAY_SIZE(iops); o++) {
        for (unsigned i = 0; i < NVALS; i++) {
            X128 d = vals[i];

            iops[o].fn(&d);
            printf("%s %u:", iops[o].name, i);
            px(&d);
            printf("\n");
        }
    }
}

/* Conversions and moves between XMM and general registers. */
static void test_gpr(void)
{
    static const int32_t ints[] = { 0, 1, -1, 0x7fffffff, (int32_t)0x80000000, 16777217,
                                    123456789 };

    for (unsigned c = 0; c < ARRAY_SIZE(mxcsrs); c++) {
        for (unsigned i = 0; i < NVALS; i++) {
            const X128 *v = &vals[i];
            uint32_t r[10];

            set_mxcsr(mxcsrs[c]);
            asm volatile("movdqa %10, %%xmm2\n\t"
                         "cvtss2si %%xmm2, %%eax\n\tmov %%eax, %0\n\t"
                         "cvttss2si %%xmm2, %%eax\n\tmov %%eax, %1\n\t"
                         "cvtsd2si %%xmm2, %%eax\n\tmov %%eax, %2\n\t"
                         "cvttsd2si %%xmm2, %%eax\n\tmov %%eax, %3\n\t"
                         "cvtss2si %10, %%eax\n\tmov %%eax, %4\n\t"
                         "cvttsd2si %10, %%eax\n\tmov %%eax, %5\n\t"
                         "movmskps %%xmm2, %%eax\n\tmov %%eax, %6\n\t"
                         "movmskpd %%xmm2, %%eax\n\tmov %%eax, %7\n\t"
                         "pmovmskb %%xmm2, %%eax\n\tmov %%eax, %8\n\t"
                         "pextrw $3, %%xmm2, %%eax\n\tmov %%eax, %9"
                         : "=m"(r[0]), "=m"(r[1]), "=m"(r[2]), "=m"(r[3]), "=m"(r[4]),
                           "=m"(r[5]), "=m"(r[6]), "=m"(r[7]), "=m"(r[8]), "=m"(r[9])
                         : "m"(*v) : "eax", "xmm2");
            printf("to-int %04x %u:", mxcsrs[c], i);
            for (int k = 0; k < 10; k++) {
                printf(" %x", r[k]);
            }
            printf(" %04x\n", get_mxcsr());
        }
        for (unsigned i = 0; i < ARRAY_SIZE(ints); i++) {
            X128 a = vals[7], b = vals[7], m = vals[0];

            set_mxcsr(mxcsrs[c]);
            asm volatile("movdqa %0, %%xmm4\n\tmovdqa %1, %%xmm5\n\tmovdqa %2, %%xmm6\n\t"
                         "cvtsi2ss %3, %%xmm4\n\tcvtsi2sd %3, %%xmm5\n\tcvtsi2ss %4, %%xmm6\n\t"
                         "movdqa %%xmm4, %0\n\tmovdqa %%xmm5, %1\n\tmovd %3, %%xmm6\n\t"
                         "pinsrw $5, %3, %%xmm6\n\tpinsrw $1, %4, %%xmm6\n\t"
                         "movdqa %%xmm6, %2"
                         : "+m"(a), "+m"(b), "+m"(m) : "r"(ints[i]), "m"(ints[i])
                         : "xmm4", "xmm5", "xmm6");
            printf("from-int %04x %d:", mxcsrs[c], ints[i]);
            px(&a);
            px(&b);
            px(&m);
            printf(" %04x\n", get_mxcsr());
        }
    }
    set_mxcsr(0x1f80);
}

/* MMX: results, and the x87 tag word / TOP / register image around them. */
static void test_mmx(void)
{
    for (unsigned i = 0; i < NVALS; i++) {
        for (unsigned j = 0; j < NVALS; j += 3) {
            uint64_t a, b, r[12];
            uint32_t w;

            memcpy(&a, &vals[i], 8);
            memcpy(&b, (const uint8_t *)&vals[j] + 4, 8);
            asm volatile("movq %12, %%mm0\n\tmovq %13, %%mm1\n\t"
                         "movq %%mm0, %%mm2\n\tpaddusb %%mm1, %%mm2\n\tmovq %%mm2, %0\n\t"
                         "movq %%mm0, %%mm2\n\tpmulhw %%mm1, %%mm2\n\tmovq %%mm2, %1\n\t"
                         "movq %%mm0, %%mm2\n\tpsadbw %%mm1, %%mm2\n\tmovq %%mm2, %2\n\t"
                         "movq %%mm0, %%mm2\n\tpackssdw %%mm1, %%mm2\n\tmovq %%mm2, %3\n\t"
                         "pshufw $0x6c, %%mm0, %%mm2\n\tmovq %%mm2, %4\n\t"
                         "movq %%mm0, %%mm2\n\tpsrlq %%mm1, %%mm2\n\tmovq %%mm2, %5\n\t"
                         "movq %%mm0, %%mm2\n\tpunpcklbw %13, %%mm2\n\tmovq %%mm2, %6\n\t"
                         "movq %%mm0, %%mm2\n\tpsraw $5, %%mm2\n\tmovq %%mm2, %7\n\t"
                         "movq %%mm0, %%mm2\n\tpmuludq %%mm1, %%mm2\n\tmovq %%mm2, %8\n\t"
                         "movq %%mm0, %%mm2\n\tpalignr $5, %%mm1, %%mm2\n\tmovq %%mm2, %9\n\t"
                         "movq %%mm0, %%mm2\n\tpshufb %%mm1, %%mm2\n\tmovq %%mm2, %10\n\t"
                         "movq %%mm0, %%mm2\n\tpinsrw $2, %14, %%mm2\n\tmovq %%mm2, %11\n\t"
                         "emms"
                         : "=m"(r[0]), "=m"(r[1]), "=m"(r[2]), "=m"(r[3]), "=m"(r[4]),
                           "=m"(r[5]), "=m"(r[6]), "=m"(r[7]), "=m"(r[8]), "=m"(r[9]),
                           "=m"(r[10]), "=m"(r[11])
                         : "m"(a), "m"(b), "r"(vals[j].l[0]));
            asm volatile("movq %1, %%mm5\n\tpmovmskb %%mm5, %0\n\temms" : "=r"(w) : "m"(a));
            printf("mmx %u %u:", i, j);
            for (int k = 0; k < 12; k++) {
                printf(" %016llx", (unsigned long long)r[k]);
            }
            printf(" %x\n", w);
        }
    }
}

static void test_mmx_x87_state(void)
{
    uint8_t fx[512] __attribute__((aligned(16)));
    uint64_t v = 0x8000000000000001ull;
    double one = 1.0;
    uint16_t env[14];

    memset(fx, 0, sizeof(fx));
    /* x87 values pushed, then MMX: TOP -> 0, all tags valid, exponents all ones */
    asm volatile("fninit\n\tfldl %2\n\tfldl %2\n\tfldl %2\n\tmovq %3, %%mm3\n\t"
                 "paddq %%mm3, %%mm3\n\tfnstenv %1\n\tfxsave %0\n\temms"
                 : "=m"(fx), "=m"(env) : "m"(one), "m"(v));
    printf("after mmx: fcw %04x fsw %04x ftw %04x fxsave-ftw %02x\n", env[0], env[2], env[4],
           fx[4]);
    for (int i = 0; i < 8; i++) {
        printf(" st%d %02x%02x:%016llx", i, fx[32 + 16 * i + 9], fx[32 + 16 * i + 8],
               (unsigned long long)*(uint64_t *)(fx + 32 + 16 * i));
    }
    printf("\n");
    asm volatile("fnstenv %0\n\tfninit" : "=m"(env));
    printf("after emms: fsw %04x ftw %04x\n", env[2], env[4]);
    /* movq2dq / movdq2q transition too */
    asm volatile("fninit\n\tfldl %2\n\tmovq %3, %%mm1\n\tmovq2dq %%mm1, %%xmm7\n\t"
                 "movdq2q %%xmm7, %%mm6\n\tfnstenv %1\n\tmovq %%mm6, %0\n\temms"
                 : "=m"(v), "=m"(env) : "m"(one), "m"(v) : "xmm7");
    printf("movq2dq: %016llx fsw %04x ftw %04x\n", (unsigned long long)v, env[2], env[4]);
}

/* Faults: misaligned movaps, unmasked SIMD exceptions (#XM -> SIGFPE). */
static void misaligned(void *p)
{
    asm volatile("movaps (%0), %%xmm0" : : "r"((uint8_t *)p + 4) : "xmm0");
}

static void divzero(void *p)
{
    uint32_t m = *(uint32_t *)p;
    X128 a = vals[0], z = { { 0, 0, 0, 0 } };

    asm volatile("ldmxcsr %2\n\tmovdqa %0, %%xmm0\n\tdivps %1, %%xmm0\n\tmovdqa %%xmm0, %0"
                 : "+m"(a) : "m"(z), "m"(m) : "xmm0");
}

static void test_faults(void)
{
    static X128 buf[2];
    static const uint32_t masks[] = { 0x1f80, 0x1d80, 0x1d00, 0x1e80, 0x0f80 };
    int s = test_catch(misaligned, buf);

    printf("movaps misaligned: %s\n", sig_name(s));
    for (unsigned i = 0; i < ARRAY_SIZE(masks); i++) {
        uint32_t m = masks[i];

        s = test_catch(divzero, &m);
        printf("divps 1/0 mxcsr %04x: %s code %d mxcsr %04x\n", m, sig_name(s),
               s ? catch_state.code : 0, get_mxcsr());
        set_mxcsr(0x1f80);
    }
}

/* ldmxcsr with reserved bits: #GP -> SIGSEGV; fxsave/fxrstor of the SSE part. */
static void bad_ldmxcsr(void *p)
{
    set_mxcsr(*(uint32_t *)p);
}

static void test_state(void)
{
    uint8_t fx[512] __attribute__((aligned(16)));
    uint32_t bad = 0x10000;
    X128 v = vals[7];
    int s = test_catch(bad_ldmxcsr, &bad);

    printf("ldmxcsr 0x10000: %s\n", sig_name(s));
    set_mxcsr(0x3fc0);
    memset(fx, 0xcc, sizeof(fx));
    asm volatile("movdqa %1, %%xmm5\n\tfxsave %0" : "=m"(fx) : "m"(v) : "xmm5");
    printf("fxsave mxcsr %08x mask %08x xmm5", *(uint32_t *)(fx + 24), *(uint32_t *)(fx + 28));
    px((X128 *)(fx + 160 + 5 * 16));
    printf(" tail %02x %02x\n", fx[288], fx[511]);
    *(uint32_t *)(fx + 24) = 0x1f80;
    memset(fx + 160 + 5 * 16, 0x5a, 16);
    asm volatile("fxrstor %1\n\tmovdqa %%xmm5, %0" : "=m"(v) : "m"(fx) : "xmm5");
    printf("fxrstor mxcsr %04x xmm5", get_mxcsr());
    px(&v);
    printf("\n");
}

static const TestSection sections[] = {
    { "xmm_ops", test_xmm_ops },
    { "shift_imm", test_shift_imm },
    { "gpr", test_gpr },
    { "mmx", test_mmx },
    { "mmx_x87_state", test_mmx_x87_state },
    { "faults", test_faults },
    { "state", test_state },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
