/*
 * The floating-point ops (tcg/fp.h) in C for the interpreter, and the kinds
 * table the backend encodes from. Arithmetic is written with float/double
 * operators or SSE intrinsics, which the compiler turns into the same host
 * instructions, so results and MXCSR flags are those of the compiled code.
 */
#include <assert.h>
#include <emmintrin.h>
#include <string.h>

#include "tcg/fp.h"

const TCGFPKindInfo tcg_fp_kinds[TCG_FP_NB_KINDS] = {
#define TCG_FP_INFO(name, pfx, op, dst, src, res) \
    [TCG_FP_##name] = { pfx, op, dst, src, res },
    TCG_FP_KINDS(TCG_FP_INFO)
#undef TCG_FP_INFO
};

void tcg_interp_fp_sync(const void *p)
{
    uint32_t v, h = _mm_getcsr();

    memcpy(&v, p, 4);
    if (h & ~v & 0x3f) {
        _mm_setcsr(h & (v | ~0x3fu));
    }
}

void tcg_interp_fp_flags_or(void *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    v |= _mm_getcsr() & 0x3f;
    memcpy(p, &v, 4);
}

/*
 * a = a op b in that operand order: with two NaNs the result is the first
 * operand's, and the compiler may swap the operands of a commutative intrinsic.
 */
#define FP_ASM(insn, a, b) \
    ({ __typeof__(a) r_ = (a); __asm__(insn " %1, %0" : "+x"(r_) : "x"(b)); r_; })

/* Packed and scalar single: op on lanes 0..n-1 of d with s. */
static void fp_ps(unsigned op, float *d, const float *s, int n)
{
    __m128 a = _mm_setzero_ps(), b = _mm_setzero_ps(), r;
    float out[4];

    memcpy(&a, d, 4 * n);
    memcpy(&b, s, 4 * n);
    switch (op) {
    case 0x58:
        r = n == 4 ? FP_ASM("addps", a, b) : FP_ASM("addss", a, b);
        break;
    case 0x59:
        r = n == 4 ? FP_ASM("mulps", a, b) : FP_ASM("mulss", a, b);
        break;
    case 0x5c:
        r = n == 4 ? _mm_sub_ps(a, b) : _mm_sub_ss(a, b);
        break;
    case 0x5d:
        r = n == 4 ? _mm_min_ps(a, b) : _mm_min_ss(a, b);
        break;
    case 0x5e:
        r = n == 4 ? _mm_div_ps(a, b) : _mm_div_ss(a, b);
        break;
    case 0x5f:
        r = n == 4 ? _mm_max_ps(a, b) : _mm_max_ss(a, b);
        break;
    default:
        r = n == 4 ? _mm_sqrt_ps(b) : _mm_sqrt_ss(b);
        break;
    }
    memcpy(out, &r, sizeof(out));
    memcpy(d, out, 4 * n);
}

static void fp_pd(unsigned op, double *d, const double *s, int n)
{
    __m128d a = _mm_setzero_pd(), b = _mm_setzero_pd(), r;
    double out[2];

    memcpy(&a, d, 8 * n);
    memcpy(&b, s, 8 * n);
    switch (op) {
    case 0x58:
        r = n == 2 ? FP_ASM("addpd", a, b) : FP_ASM("addsd", a, b);
        break;
    case 0x59:
        r = n == 2 ? FP_ASM("mulpd", a, b) : FP_ASM("mulsd", a, b);
        break;
    case 0x5c:
        r = n == 2 ? _mm_sub_pd(a, b) : _mm_sub_sd(a, b);
        break;
    case 0x5d:
        r = n == 2 ? _mm_min_pd(a, b) : _mm_min_sd(a, b);
        break;
    case 0x5e:
        r = n == 2 ? _mm_div_pd(a, b) : _mm_div_sd(a, b);
        break;
    case 0x5f:
        r = n == 2 ? _mm_max_pd(a, b) : _mm_max_sd(a, b);
        break;
    default:
        r = n == 2 ? _mm_sqrt_pd(b) : _mm_sqrt_sd(a, b);
        break;
    }
    memcpy(out, &r, sizeof(out));
    memcpy(d, out, 8 * n);
}

/* The packed conversions: 16 bytes of dst from the src_bytes of src. */
static bool fp_packed_cvt(TCGFPKind kind, void *dst, const void *src)
{
    __m128i si = _mm_setzero_si128(), ri;
    __m128 sf, rf;
    __m128d sd, rd;

    memcpy(&si, src, tcg_fp_kinds[kind].src_bytes);
    sf = _mm_castsi128_ps(si);
    sd = _mm_castsi128_pd(si);
    switch (kind) {
    case TCG_FP_CVTPS2PD:
        rd = _mm_cvtps_pd(sf);
        ri = _mm_castpd_si128(rd);
        break;
    case TCG_FP_CVTPD2PS:
        rf = _mm_cvtpd_ps(sd);
        ri = _mm_castps_si128(rf);
        break;
    case TCG_FP_CVTDQ2PS:
        ri = _mm_castps_si128(_mm_cvtepi32_ps(si));
        break;
    case TCG_FP_CVTPS2DQ:
        ri = _mm_cvtps_epi32(sf);
        break;
    case TCG_FP_CVTTPS2DQ:
        ri = _mm_cvttps_epi32(sf);
        break;
    case TCG_FP_CVTTPD2DQ:
        ri = _mm_cvttpd_epi32(sd);
        break;
    case TCG_FP_CVTDQ2PD:
        ri = _mm_castpd_si128(_mm_cvtepi32_pd(si));
        break;
    case TCG_FP_CVTPD2DQ:
        ri = _mm_cvtpd_epi32(sd);
        break;
    default:
        return false;
    }
    memcpy(dst, &ri, 16);
    return true;
}

/* The bitwise kinds: all 128 bits of dst from dst and src, as 64-bit halves. */
static bool fp_bits(TCGFPKind kind, void *dst, const void *src)
{
    uint64_t d[2], s[2];
    uint32_t dw[4], sw[4], rw[4];

    memcpy(d, dst, 16);
    memcpy(s, src, 16);
    switch (kind) {
    case TCG_FP_ANDPS: case TCG_FP_ANDPD: case TCG_FP_PAND:
        d[0] &= s[0], d[1] &= s[1];
        break;
    case TCG_FP_ANDNPS: case TCG_FP_ANDNPD: case TCG_FP_PANDN:
        d[0] = ~d[0] & s[0], d[1] = ~d[1] & s[1];
        break;
    case TCG_FP_ORPS: case TCG_FP_ORPD: case TCG_FP_POR:
        d[0] |= s[0], d[1] |= s[1];
        break;
    case TCG_FP_XORPS: case TCG_FP_XORPD: case TCG_FP_PXOR:
        d[0] ^= s[0], d[1] ^= s[1];
        break;
    case TCG_FP_UNPCKLPD:
        d[1] = s[0];
        break;
    case TCG_FP_UNPCKHPD:
        d[0] = d[1], d[1] = s[1];
        break;
    case TCG_FP_UNPCKLPS: case TCG_FP_UNPCKHPS: {
        int h = kind == TCG_FP_UNPCKHPS ? 2 : 0;

        memcpy(dw, dst, 16);
        memcpy(sw, src, 16);
        rw[0] = dw[h], rw[1] = sw[h], rw[2] = dw[h + 1], rw[3] = sw[h + 1];
        memcpy(dst, rw, 16);
        return true;
    }
    default:
        return false;
    }
    memcpy(dst, d, 16);
    return true;
}

void tcg_interp_fp_sse(TCGFPKind kind, void *dst, const void *src)
{
    const TCGFPKindInfo *k = &tcg_fp_kinds[kind];
    int32_t i;
    float f;
    double x;

    if (fp_packed_cvt(kind, dst, src) || fp_bits(kind, dst, src)) {
        return;
    }
    switch (kind) {
    case TCG_FP_MOVAPS: case TCG_FP_MOVSD: case TCG_FP_MOVSS:
        memmove(dst, src, k->dst_bytes);
        return;
    case TCG_FP_MOVSS_Z: case TCG_FP_MOVSD_Z: {
        uint8_t v[16] = { 0 };

        memcpy(v, src, k->src_bytes);
        memcpy(dst, v, 16);
        return;
    }
    case TCG_FP_CVTSI2SS:
        memcpy(&i, src, 4);
        f = _mm_cvtss_f32(_mm_cvtsi32_ss(_mm_setzero_ps(), i));
        memcpy(dst, &f, 4);
        return;
    case TCG_FP_CVTSI2SD:
        memcpy(&i, src, 4);
        x = (double)i;
        memcpy(dst, &x, 8);
        return;
    case TCG_FP_CVTSS2SD:
        memcpy(&f, src, 4);
        x = _mm_cvtsd_f64(_mm_cvtss_sd(_mm_setzero_pd(), _mm_set_ss(f)));
        memcpy(dst, &x, 8);
        return;
    case TCG_FP_CVTSD2SS:
        memcpy(&x, src, 8);
        f = _mm_cvtss_f32(_mm_cvtsd_ss(_mm_setzero_ps(), _mm_set_sd(x)));
        memcpy(dst, &f, 4);
        return;
    default:
        break;
    }
    assert(k->result == 0);
    if (k->prefix == 0x00 || k->prefix == 0xf3) {
        fp_ps(k->opc, dst, src, k->prefix ? 1 : 4);
    } else {
        fp_pd(k->opc, dst, src, k->prefix == 0x66 ? 2 : 1);
    }
}

/* comiss/comisd and the unordered forms: EFLAGS ZF (0x40), PF (4), CF (1). */
#define FP_COMI(insn) \
    __asm__ volatile(insn " %3, %4" : "=@ccz"(z), "=@ccp"(p), "=@ccb"(c) : "x"(y), "x"(x))

static uint32_t fp_comi(TCGFPKind kind, const void *a, const void *b)
{
    __m128d x = _mm_setzero_pd(), y = _mm_setzero_pd();
    bool z, p, c;

    memcpy(&x, a, tcg_fp_kinds[kind].src_bytes);
    memcpy(&y, b, tcg_fp_kinds[kind].src_bytes);
    switch (kind) {
    case TCG_FP_UCOMISS:
        FP_COMI("ucomiss");
        break;
    case TCG_FP_UCOMISD:
        FP_COMI("ucomisd");
        break;
    case TCG_FP_COMISS:
        FP_COMI("comiss");
        break;
    default:
        FP_COMI("comisd");
        break;
    }
    return (z ? 0x40 : 0) | (p ? 4 : 0) | (c ? 1 : 0);
}

uint32_t tcg_interp_fp_sse_r(TCGFPKind kind, const void *a, const void *b)
{
    float f;
    double x;

    switch (kind) {
    case TCG_FP_CVTTSS2SI:
        memcpy(&f, b, 4);
        return _mm_cvttss_si32(_mm_set_ss(f));
    case TCG_FP_CVTSS2SI:
        memcpy(&f, b, 4);
        return _mm_cvtss_si32(_mm_set_ss(f));
    case TCG_FP_CVTTSD2SI:
        memcpy(&x, b, 8);
        return _mm_cvttsd_si32(_mm_set_sd(x));
    case TCG_FP_CVTSD2SI:
        memcpy(&x, b, 8);
        return _mm_cvtsd_si32(_mm_set_sd(x));
    default:
        return fp_comi(kind, a, b);
    }
}
