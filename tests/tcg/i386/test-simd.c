/*
 * Integer SIMD: MMX (64-bit mm registers, emms, the x87 tag/top interplay)
 * and SSE2 (128-bit xmm) forms of add/sub (wrapping, saturating), multiplies,
 * compares, logic, shifts by register and immediate (counts past the width),
 * packs/unpacks, shuffles, pinsrw/pextrw, pmovmskb, pavg, pmin/pmax, psadbw,
 * pmaddwd, movd/movq/movq2dq/movdq2q, maskmovq/maskmovdqu, byte shifts.
 */
#include "common.h"

typedef struct X128 {
    uint32_t d[4];
} __attribute__((aligned(16))) X128;

static const uint32_t pats[] = {
    0x00000000, 0xffffffff, 0x7fff8000, 0x80007fff, 0x01020304, 0xfefdfcfb, 0x7f7f8080,
    0x80807f7f, 0x12345678, 0xdeadbeef, 0x00ff00ff, 0x0000ffff, 0x40000000, 0x00000001,
    0x0000003f, 0x00000040,
};

static X128 vec(unsigned i)
{
    X128 v;
    for (int k = 0; k < 4; k++) {
        v.d[k] = pats[(i * 3 + k * 5) % ARRAY_SIZE(pats)];
    }
    return v;
}

/* mm0 = a.lo64, mm1 = b.lo64 -> mm0; and xmm0 = a, xmm1 = b -> xmm0. */
#define MMX_OP(fname, insn) \
    static void fname(const X128 *a, const X128 *b, X128 *r) \
    { \
        asm volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\t" insn "\n\tmovq %%mm0, %0\n\temms" \
                     : "=m"(*r) : "m"(*a), "m"(*b) : "mm0", "mm1", "mm2", "eax"); \
    }
#define XMM_OP(fname, insn) \
    static void fname(const X128 *a, const X128 *b, X128 *r) \
    { \
        asm volatile("movdqu %1, %%xmm0\n\tmovdqu %2, %%xmm1\n\t" insn "\n\tmovdqu %%xmm0, %0" \
                     : "=m"(*r) : "m"(*a), "m"(*b) : "xmm0", "xmm1", "mm2", "eax"); \
    }
/* Both flavours of one mnemonic. */
#define BOTH(n) MMX_OP(m_##n, #n " %%mm1, %%mm0") XMM_OP(x_##n, #n " %%xmm1, %%xmm0")

BOTH(paddb) BOTH(paddw) BOTH(paddd) BOTH(paddq) BOTH(psubb) BOTH(psubw) BOTH(psubd)
BOTH(psubq) BOTH(paddsb) BOTH(paddsw) BOTH(paddusb) BOTH(paddusw) BOTH(psubsb)
BOTH(psubsw) BOTH(psubusb) BOTH(psubusw) BOTH(pmullw) BOTH(pmulhw) BOTH(pmulhuw)
BOTH(pmuludq) BOTH(pmaddwd) BOTH(pcmpeqb) BOTH(pcmpeqw) BOTH(pcmpeqd) BOTH(pcmpgtb)
BOTH(pcmpgtw) BOTH(pcmpgtd) BOTH(pand) BOTH(pandn) BOTH(por) BOTH(pxor) BOTH(psllw)
BOTH(pslld) BOTH(psllq) BOTH(psrlw) BOTH(psrld) BOTH(psrlq) BOTH(psraw) BOTH(psrad)
BOTH(packsswb) BOTH(packssdw) BOTH(packuswb) BOTH(punpcklbw) BOTH(punpcklwd)
BOTH(punpckldq) BOTH(punpckhbw) BOTH(punpckhwd) BOTH(punpckhdq) BOTH(pavgb) BOTH(pavgw)
BOTH(pminub) BOTH(pmaxub) BOTH(pminsw) BOTH(pmaxsw) BOTH(psadbw)
XMM_OP(x_punpcklqdq, "punpcklqdq %%xmm1, %%xmm0")
XMM_OP(x_punpckhqdq, "punpckhqdq %%xmm1, %%xmm0")
MMX_OP(m_psllw_i, "psllw $3, %%mm0") XMM_OP(x_psllw_i, "psllw $17, %%xmm0")
MMX_OP(m_psrad_i, "psrad $31, %%mm0") XMM_OP(x_psrad_i, "psrad $40, %%xmm0")
MMX_OP(m_psrlq_i, "psrlq $63, %%mm0") XMM_OP(x_psrlq_i, "psrlq $1, %%xmm0")
MMX_OP(m_psraw_i, "psraw $16, %%mm0") XMM_OP(x_pslld_i, "pslld $5, %%xmm0")
XMM_OP(x_psrldq, "psrldq $5, %%xmm0") XMM_OP(x_pslldq, "pslldq $11, %%xmm0")
XMM_OP(x_psrldq_big, "psrldq $17, %%xmm0")
MMX_OP(m_pshufw, "pshufw $0x9c, %%mm1, %%mm0") XMM_OP(x_pshufd, "pshufd $0x1b, %%xmm1, %%xmm0")
XMM_OP(x_pshufhw, "pshufhw $0xe4, %%xmm1, %%xmm0\n\tpshufhw $0x4e, %%xmm0, %%xmm0")
XMM_OP(x_pshuflw, "pshuflw $0x27, %%xmm1, %%xmm0")
MMX_OP(m_pinsrw, "movd %%mm1, %%eax\n\tpinsrw $2, %%eax, %%mm0")
XMM_OP(x_pinsrw, "movd %%xmm1, %%eax\n\tpinsrw $13, %%eax, %%xmm0")
MMX_OP(m_pextrw, "pextrw $3, %%mm1, %%eax\n\tmovd %%eax, %%mm0")
XMM_OP(x_pextrw, "pextrw $6, %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
MMX_OP(m_pmovmskb, "pmovmskb %%mm1, %%eax\n\tmovd %%eax, %%mm0")
XMM_OP(x_pmovmskb, "pmovmskb %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
XMM_OP(x_movq, "movq %%xmm1, %%xmm0")
XMM_OP(x_movd, "movd %%xmm1, %%eax\n\tmovd %%eax, %%xmm0")
XMM_OP(x_movq2dq, "movdq2q %%xmm1, %%mm2\n\tmovq2dq %%mm2, %%xmm0\n\temms")

typedef void (*SimdFn)(const X128 *, const X128 *, X128 *);

#define ENT(n) { #n, m_##n, x_##n }
static const struct {
    const char *name;
    SimdFn mmx, xmm;
} simd_ops[] = {
    ENT(paddb), ENT(paddw), ENT(paddd), ENT(paddq), ENT(psubb), ENT(psubw), ENT(psubd),
    ENT(psubq), ENT(paddsb), ENT(paddsw), ENT(paddusb), ENT(paddusw), ENT(psubsb),
    ENT(psubsw), ENT(psubusb), ENT(psubusw), ENT(pmullw), ENT(pmulhw), ENT(pmulhuw),
    ENT(pmuludq), ENT(pmaddwd), ENT(pcmpeqb), ENT(pcmpeqw), ENT(pcmpeqd), ENT(pcmpgtb),
    ENT(pcmpgtw), ENT(pcmpgtd), ENT(pand), ENT(pandn), ENT(por), ENT(pxor), ENT(psllw),
    ENT(pslld), ENT(psllq), ENT(psrlw), ENT(psrld), ENT(psrlq), ENT(psraw), ENT(psrad),
    ENT(packsswb), ENT(packssdw), ENT(packuswb), ENT(punpcklbw), ENT(punpcklwd),
    ENT(punpckldq), ENT(punpckhbw), ENT(punpckhwd), ENT(punpckhdq), ENT(pavgb), ENT(pavgw),
    ENT(pminub), ENT(pmaxub), ENT(pminsw), ENT(pmaxsw), ENT(psadbw),
    { "punpcklqdq", NULL, x_punpcklqdq }, { "punpckhqdq", NULL, x_punpckhqdq },
    { "shift-imm-a", m_psllw_i, x_psllw_i }, { "shift-imm-b", m_psrad_i, x_psrad_i },
    { "shift-imm-c", m_psrlq_i, x_psrlq_i }, { "shift-imm-d", m_psraw_i, x_pslld_i },
    { "psrldq", NULL, x_psrldq }, { "pslldq", NULL, x_pslldq },
    { "psrldq17", NULL, x_psrldq_big }, { "pshuf", m_pshufw, x_pshufd },
    { "pshufhw", NULL, x_pshufhw }, { "pshuflw", NULL, x_pshuflw },
    { "pinsrw", m_pinsrw, x_pinsrw }, { "pextrw", m_pextrw, x_pextrw },
    { "pmovmskb", m_pmovmskb, x_pmovmskb }, { "movq", NULL, x_movq }, { "movd", NULL, x_movd },
    { "movq2dq", NULL, x_movq2dq },
};

static void test_ops(void)
{
    unsigned n = ARRAY_SIZE(pats);
    for (unsigned o = 0; o < ARRAY_SIZE(simd_ops); o++) {
        for (unsigned i = 0; i < n; i++) {
            for (unsigned j = 0; j < n; j += 3) {
                X128 a = vec(i), b = vec(j), r1 = { { 0 } }, r2;
                /* shift counts come from b: keep some small */
                if (strncmp(simd_ops[o].name, "ps", 2) == 0 && (j & 4)) {
                    b.d[0] &= 0x3f;
                    b.d[1] = 0;
                }
                if (simd_ops[o].mmx) {
                    simd_ops[o].mmx(&a, &b, &r1);
                }
                simd_ops[o].xmm(&a, &b, &r2);
                printf("%s %u %u: %08x%08x %08x%08x%08x%08x\n", simd_ops[o].name, i, j, r1.d[1],
                       r1.d[0], r2.d[3], r2.d[2], r2.d[1], r2.d[0]);
            }
        }
    }
}

/* MMX aliases the x87 registers: after an MMX op TOP=0, all tags valid and
 * the exponent field reads as all ones; emms empties the tags. */
static void test_x87_alias(void)
{
    uint16_t env1[14], env2[14];
    uint8_t fx[512] __attribute__((aligned(16)));
    uint64_t v = 0x123456789abcdef0ull;
    asm volatile("fninit\n\tfld1\n\tfld1\n\tmovq %3, %%mm3\n\tfnstenv %0\n\tfxsave %2\n\t"
                 "emms\n\tfnstenv %1\n\tfninit"
                 : "=m"(env1), "=m"(env2), "=m"(fx) : "m"(v) : "mm3");
    printf("mmx: sw %04x tw %04x | emms sw %04x tw %04x | fxsave ftw %02x st3 %04x:%016llx\n",
           env1[2], env1[4], env2[2], env2[4], fx[4], fx[32 + 48 + 8] | fx[32 + 48 + 9] << 8,
           (unsigned long long)*(uint64_t *)(fx + 32 + 48));
    /* fld after an MMX op without emms: stack overflow (all tags valid) */
    uint16_t sw;
    asm volatile("fninit\n\tmovq %1, %%mm0\n\tfld1\n\tfnstsw %0\n\tfninit\n\temms"
                 : "=m"(sw) : "m"(v) : "mm0");
    printf("fld after mmx: sw %04x\n", sw);
}

static void test_masked_stores(void)
{
    uint8_t buf[48];
    for (int i = 0; i < 48; i++) {
        buf[i] = (uint8_t)i;
    }
    uint64_t data = 0x1111111111111111ull, mask = 0x8000800080ff0080ull;
    X128 xd = { { 0x22222222, 0x33333333, 0x44444444, 0x55555555 } };
    X128 xm = { { 0x80808080, 0x00800080, 0x7f7f7f7f, 0xff00ff00 } };
    asm volatile("movq %1, %%mm0\n\tmovq %2, %%mm1\n\tmaskmovq %%mm1, %%mm0\n\temms"
                 : : "D"(buf + 3), "m"(data), "m"(mask) : "mm0", "mm1", "memory");
    asm volatile("movdqu %1, %%xmm0\n\tmovdqu %2, %%xmm1\n\tmaskmovdqu %%xmm1, %%xmm0"
                 : : "D"(buf + 17), "m"(xd), "m"(xm) : "xmm0", "xmm1", "memory");
    printf("maskmov:");
    for (int i = 0; i < 48; i++) {
        printf(" %02x", buf[i]);
    }
    printf("\n");
}

static const TestSection sections[] = {
    { "ops", test_ops },
    { "x87_alias", test_x87_alias },
    { "masked_stores", test_masked_stores },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
