/*
 * MMX/SSE/SSE2/SSE3/SSSE3 translator (SDM vol. 2 opcode map A.3, 0F, 0F 38,
 * 0F 3A): a table gives each opcode's operands per mandatory prefix; the
 * instruction is then run by helper_sse (host stub or C routine).
 */
#include "target-i386/fpu-internal.h"
#include "target-i386/fpu-native.h"
#include "target-i386/helper-proto.h"
#include "target-i386/sse-op.h"
#include "target-i386/translate.h"
#include "tcg/fp.h"

#define X SSE_K_X
#define MM SSE_K_M
#define G SSE_K_G
#define W SSE_WREG
#define WR SSE_WRM
#define FP SSE_FP
#define A SSE_A16
#define MO SSE_MEMONLY
#define E(rk, mk, msz, fl) ((rk) | (mk) << 2 | SSE_MEM_##msz << 4 | (fl))

/* MMX form (no prefix) and SSE2 form (66) of an integer operation. */
#define MMX_SSE2(op) \
    [SSE_PFX_NONE][op] = E(MM, MM, 64, W), [SSE_PFX_66][op] = E(X, X, 128, W | A)
/* ps / pd / ss / sd forms of a floating-point operation. */
#define PS_PD_SS_SD(op, fl) \
    [SSE_PFX_NONE][op] = E(X, X, 128, W | FP | A | (fl)), \
    [SSE_PFX_66][op] = E(X, X, 128, W | FP | A | (fl)), \
    [SSE_PFX_F3][op] = E(X, X, 32, W | FP | (fl)), [SSE_PFX_F2][op] = E(X, X, 64, W | FP | (fl))

/* 0F map by mandatory prefix; 0 = #UD (or handled in gen_sse_special). */
static const uint16_t sse_ops[4][256] = {
    [SSE_PFX_NONE][0x10] = E(X, X, 128, W), [SSE_PFX_66][0x10] = E(X, X, 128, W),
    [SSE_PFX_F3][0x10] = E(X, X, 32, W), [SSE_PFX_F2][0x10] = E(X, X, 64, W),
    [SSE_PFX_NONE][0x11] = E(X, X, 128, WR), [SSE_PFX_66][0x11] = E(X, X, 128, WR),
    [SSE_PFX_F3][0x11] = E(X, X, 32, WR), [SSE_PFX_F2][0x11] = E(X, X, 64, WR),
    [SSE_PFX_NONE][0x12] = E(X, X, 64, W), [SSE_PFX_66][0x12] = E(X, X, 64, W | MO),
    [SSE_PFX_F3][0x12] = E(X, X, 128, W | A), [SSE_PFX_F2][0x12] = E(X, X, 64, W),
    [SSE_PFX_NONE][0x13] = E(X, X, 64, WR | MO), [SSE_PFX_66][0x13] = E(X, X, 64, WR | MO),
    [SSE_PFX_NONE][0x14] = E(X, X, 128, W | A), [SSE_PFX_66][0x14] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x15] = E(X, X, 128, W | A), [SSE_PFX_66][0x15] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x16] = E(X, X, 64, W), [SSE_PFX_66][0x16] = E(X, X, 64, W | MO),
    [SSE_PFX_F3][0x16] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x17] = E(X, X, 64, WR | MO), [SSE_PFX_66][0x17] = E(X, X, 64, WR | MO),
    [SSE_PFX_NONE][0x28] = E(X, X, 128, W | A), [SSE_PFX_66][0x28] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x29] = E(X, X, 128, WR | A), [SSE_PFX_66][0x29] = E(X, X, 128, WR | A),
    [SSE_PFX_NONE][0x2a] = E(X, MM, 64, W | FP), [SSE_PFX_66][0x2a] = E(X, MM, 64, W | FP),
    [SSE_PFX_F3][0x2a] = E(X, G, 32, W | FP), [SSE_PFX_F2][0x2a] = E(X, G, 32, W | FP),
    [SSE_PFX_NONE][0x2b] = E(X, X, 128, WR | A | MO),
    [SSE_PFX_66][0x2b] = E(X, X, 128, WR | A | MO),
    [SSE_PFX_NONE][0x2c] = E(MM, X, 64, W | FP), [SSE_PFX_66][0x2c] = E(MM, X, 128, W | FP | A),
    [SSE_PFX_F3][0x2c] = E(G, X, 32, W | FP), [SSE_PFX_F2][0x2c] = E(G, X, 64, W | FP),
    [SSE_PFX_NONE][0x2d] = E(MM, X, 64, W | FP), [SSE_PFX_66][0x2d] = E(MM, X, 128, W | FP | A),
    [SSE_PFX_F3][0x2d] = E(G, X, 32, W | FP), [SSE_PFX_F2][0x2d] = E(G, X, 64, W | FP),
    [SSE_PFX_NONE][0x2e] = E(X, X, 32, SSE_EFL | FP),
    [SSE_PFX_66][0x2e] = E(X, X, 64, SSE_EFL | FP),
    [SSE_PFX_NONE][0x2f] = E(X, X, 32, SSE_EFL | FP),
    [SSE_PFX_66][0x2f] = E(X, X, 64, SSE_EFL | FP),
    [SSE_PFX_NONE][0x50] = E(G, X, NONE, W), [SSE_PFX_66][0x50] = E(G, X, NONE, W),
    PS_PD_SS_SD(0x51, 0),
    [SSE_PFX_NONE][0x52] = E(X, X, 128, W | FP | A), [SSE_PFX_F3][0x52] = E(X, X, 32, W | FP),
    [SSE_PFX_NONE][0x53] = E(X, X, 128, W | FP | A), [SSE_PFX_F3][0x53] = E(X, X, 32, W | FP),
    [SSE_PFX_NONE][0x54] = E(X, X, 128, W | A), [SSE_PFX_66][0x54] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x55] = E(X, X, 128, W | A), [SSE_PFX_66][0x55] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x56] = E(X, X, 128, W | A), [SSE_PFX_66][0x56] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x57] = E(X, X, 128, W | A), [SSE_PFX_66][0x57] = E(X, X, 128, W | A),
    PS_PD_SS_SD(0x58, 0), PS_PD_SS_SD(0x59, 0),
    [SSE_PFX_NONE][0x5a] = E(X, X, 64, W | FP), [SSE_PFX_66][0x5a] = E(X, X, 128, W | FP | A),
    [SSE_PFX_F3][0x5a] = E(X, X, 32, W | FP), [SSE_PFX_F2][0x5a] = E(X, X, 64, W | FP),
    [SSE_PFX_NONE][0x5b] = E(X, X, 128, W | FP | A), [SSE_PFX_66][0x5b] = E(X, X, 128, W | FP | A),
    [SSE_PFX_F3][0x5b] = E(X, X, 128, W | FP | A),
    PS_PD_SS_SD(0x5c, 0), PS_PD_SS_SD(0x5d, 0), PS_PD_SS_SD(0x5e, 0), PS_PD_SS_SD(0x5f, 0),
    /* punpckl*: the MMX forms read only 32 bits of memory */
    [SSE_PFX_NONE][0x60] = E(MM, MM, 32, W), [SSE_PFX_66][0x60] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x61] = E(MM, MM, 32, W), [SSE_PFX_66][0x61] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x62] = E(MM, MM, 32, W), [SSE_PFX_66][0x62] = E(X, X, 128, W | A),
    MMX_SSE2(0x63), MMX_SSE2(0x64), MMX_SSE2(0x65), MMX_SSE2(0x66), MMX_SSE2(0x67),
    MMX_SSE2(0x68), MMX_SSE2(0x69), MMX_SSE2(0x6a), MMX_SSE2(0x6b),
    [SSE_PFX_66][0x6c] = E(X, X, 128, W | A), [SSE_PFX_66][0x6d] = E(X, X, 128, W | A),
    [SSE_PFX_NONE][0x6e] = E(MM, G, 32, W), [SSE_PFX_66][0x6e] = E(X, G, 32, W),
    [SSE_PFX_NONE][0x6f] = E(MM, MM, 64, W), [SSE_PFX_66][0x6f] = E(X, X, 128, W | A),
    [SSE_PFX_F3][0x6f] = E(X, X, 128, W),
    MMX_SSE2(0x74), MMX_SSE2(0x75), MMX_SSE2(0x76),
    [SSE_PFX_66][0x7c] = E(X, X, 128, W | FP | A), [SSE_PFX_F2][0x7c] = E(X, X, 128, W | FP | A),
    [SSE_PFX_66][0x7d] = E(X, X, 128, W | FP | A), [SSE_PFX_F2][0x7d] = E(X, X, 128, W | FP | A),
    [SSE_PFX_NONE][0x7e] = E(MM, G, 32, WR), [SSE_PFX_66][0x7e] = E(X, G, 32, WR),
    [SSE_PFX_F3][0x7e] = E(X, X, 64, W),
    [SSE_PFX_NONE][0x7f] = E(MM, MM, 64, WR), [SSE_PFX_66][0x7f] = E(X, X, 128, WR | A),
    [SSE_PFX_F3][0x7f] = E(X, X, 128, WR),
    PS_PD_SS_SD(0xc2, 0),
    [SSE_PFX_NONE][0xc3] = E(G, G, 32, WR | MO),
    [SSE_PFX_66][0xd0] = E(X, X, 128, W | FP | A), [SSE_PFX_F2][0xd0] = E(X, X, 128, W | FP | A),
    MMX_SSE2(0xd1), MMX_SSE2(0xd2), MMX_SSE2(0xd3), MMX_SSE2(0xd4), MMX_SSE2(0xd5),
    [SSE_PFX_66][0xd6] = E(X, X, 64, WR), [SSE_PFX_F3][0xd6] = E(X, MM, NONE, W),
    [SSE_PFX_F2][0xd6] = E(MM, X, NONE, W),
    [SSE_PFX_NONE][0xd7] = E(G, MM, NONE, W), [SSE_PFX_66][0xd7] = E(G, X, NONE, W),
    MMX_SSE2(0xd8), MMX_SSE2(0xd9), MMX_SSE2(0xda), MMX_SSE2(0xdb),
    MMX_SSE2(0xdc), MMX_SSE2(0xdd), MMX_SSE2(0xde), MMX_SSE2(0xdf),
    MMX_SSE2(0xe0), MMX_SSE2(0xe1), MMX_SSE2(0xe2), MMX_SSE2(0xe3), MMX_SSE2(0xe4),
    MMX_SSE2(0xe5),
    [SSE_PFX_66][0xe6] = E(X, X, 128, W | FP | A), [SSE_PFX_F3][0xe6] = E(X, X, 64, W),
    [SSE_PFX_F2][0xe6] = E(X, X, 128, W | FP | A),
    [SSE_PFX_NONE][0xe7] = E(MM, MM, 64, WR | MO), [SSE_PFX_66][0xe7] = E(X, X, 128, WR | A | MO),
    MMX_SSE2(0xe8), MMX_SSE2(0xe9), MMX_SSE2(0xea), MMX_SSE2(0xeb),
    MMX_SSE2(0xec), MMX_SSE2(0xed), MMX_SSE2(0xee), MMX_SSE2(0xef),
    [SSE_PFX_F2][0xf0] = E(X, X, 128, W | MO),
    MMX_SSE2(0xf1), MMX_SSE2(0xf2), MMX_SSE2(0xf3), MMX_SSE2(0xf4), MMX_SSE2(0xf5),
    MMX_SSE2(0xf6),
    /* maskmovq / maskmovdqu: register operands, the store goes to DS:EDI */
    [SSE_PFX_NONE][0xf7] = E(MM, MM, 64, SSE_MASKMOV),
    [SSE_PFX_66][0xf7] = E(X, X, 128, SSE_MASKMOV),
    MMX_SSE2(0xf8), MMX_SSE2(0xf9), MMX_SSE2(0xfa), MMX_SSE2(0xfb),
    MMX_SSE2(0xfc), MMX_SSE2(0xfd), MMX_SSE2(0xfe),
};

/* The operations done in C: 0F 70, C4, C5, C6 and 0F 3A 0F (palignr). */
static const struct {
    uint16_t entry;
    uint8_t cop;
} sse_cops[4][4] = {
    /* 0F 70: pshufw, pshufd, pshufhw, pshuflw */
    [0][SSE_PFX_NONE] = { E(MM, MM, 64, W), SSE_C_PSHUFW },
    [0][SSE_PFX_66] = { E(X, X, 128, W | A), SSE_C_PSHUFD },
    [0][SSE_PFX_F3] = { E(X, X, 128, W | A), SSE_C_PSHUFHW },
    [0][SSE_PFX_F2] = { E(X, X, 128, W | A), SSE_C_PSHUFLW },
    /* 0F C4 pinsrw, 0F C5 pextrw, 0F C6 shufps/shufpd */
    [1][SSE_PFX_NONE] = { E(MM, G, 16, W), SSE_C_PINSRW },
    [1][SSE_PFX_66] = { E(X, G, 16, W), SSE_C_PINSRW },
    [2][SSE_PFX_NONE] = { E(G, MM, NONE, W), SSE_C_PEXTRW },
    [2][SSE_PFX_66] = { E(G, X, NONE, W), SSE_C_PEXTRW },
    [3][SSE_PFX_NONE] = { E(X, X, 128, W | A), SSE_C_SHUFPS },
    [3][SSE_PFX_66] = { E(X, X, 128, W | A), SSE_C_SHUFPD },
};

/* Shift by immediate groups 0F 71-73 by ModRM.reg: the register-count opcode. */
static const uint8_t sse_shift_imm_ops[3][8] = {
    { [2] = 0xd1, [4] = 0xe1, [6] = 0xf1 },     /* psrlw psraw psllw */
    { [2] = 0xd2, [4] = 0xe2, [6] = 0xf2 },     /* psrld psrad pslld */
    { [2] = 0xd3, [6] = 0xf3 },                 /* psrlq psllq (+ 66: psrldq pslldq) */
};

/* The CPUID feature each instruction needs (SDM vol. 2 per instruction). */
typedef enum SSEFeature { FEAT_MMX, FEAT_SSE, FEAT_SSE2, FEAT_SSE3, FEAT_SSSE3, FEAT_FXSR }
    SSEFeature;

static bool sse_has(DisasContext *s, SSEFeature f)
{
    const CPUX86State *env = cpu_env(s->cpu);

    switch (f) {
    case FEAT_MMX:
        return env->cpuid_features & (1u << 23);
    case FEAT_FXSR:
        return env->cpuid_features & (1u << 24);
    case FEAT_SSE:
        return env->cpuid_features & (1u << 25);
    case FEAT_SSE2:
        return env->cpuid_features & (1u << 26);
    case FEAT_SSE3:
        return env->cpuid_ext_features & (1u << 0);
    case FEAT_SSSE3:
        return env->cpuid_ext_features & (1u << 9);
    }
    return false;
}

static SSEFeature sse_feature(int pfx, int op)
{
    switch (pfx) {
    case SSE_PFX_F2:
        return (op == 0x12 || op == 0x7c || op == 0x7d || op == 0xd0 || op == 0xf0) ?
               FEAT_SSE3 : FEAT_SSE2;
    case SSE_PFX_F3:
        if (op == 0x12 || op == 0x16) {
            return FEAT_SSE3;
        }
        return (op == 0x5a || op == 0x5b || op == 0x6f || op == 0x7e || op == 0x7f ||
                op == 0x70 || op == 0xd6 || op == 0xe6) ? FEAT_SSE2 : FEAT_SSE;
    case SSE_PFX_66:
        return (op == 0x7c || op == 0x7d || op == 0xd0) ? FEAT_SSE3 : FEAT_SSE2;
    }
    /* No prefix: SSE, or MMX with the integer extensions of SSE and SSE2. */
    if (op < 0x60 || op == 0xc2 || op == 0xc3 || op == 0xc6) {
        return op == 0xc3 ? FEAT_SSE2 : FEAT_SSE;
    }
    switch (op) {
    case 0x70: case 0xc4: case 0xc5: case 0xd7: case 0xda: case 0xde: case 0xe0: case 0xe3:
    case 0xe4: case 0xe7: case 0xea: case 0xee: case 0xf6: case 0xf7:
        return FEAT_SSE;
    case 0xd4: case 0xf4: case 0xfb:
        return FEAT_SSE2;
    }
    return FEAT_MMX;
}

static int sse_prefix_class(const DisasContext *s)
{
    if (s->prefix & PREFIX_REPZ) {
        return SSE_PFX_F3;
    }
    if (s->prefix & PREFIX_REPNZ) {
        return SSE_PFX_F2;
    }
    return (s->prefix & PREFIX_DATA) ? SSE_PFX_66 : SSE_PFX_NONE;
}

static void gen_call_sse(DisasContext *s, uint32_t desc, uint32_t aux, TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    TCGv_i32 ret = tcg_temp_new_i32(t);
    TCGTemp *args[4] = {
        tcgv_ptr_temp(s->env), tcgv_i32_temp(tcg_constant_i32(t, desc)),
        tcgv_i32_temp(tcg_constant_i32(t, aux)), tcgv_i32_temp(addr),
    };

    gen_update_cc_op(s);
    tcg_gen_callN(t, &helper_sse_info, tcgv_i32_temp(ret), 4, args);
    if (desc & SSE_EFL) {
        gen_set_arith_flags(s, ret);
    }
}

/* xmm <- xmm/mem: the stub is known now, the helper is the short one. */
static void gen_call_sse_xx(DisasContext *s, uint32_t desc, uint32_t aux, TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    unsigned pfx = (desc >> SSE_PFX_SHIFT) & 3;
    bool mem = desc & SSE_MEMFORM;
    const void *stub = (desc & SSE_CMP) ? x86_sse_cmp_stub(pfx, aux, mem) :
                       (desc & SSE_MAP38) ? x86_sse38_stub(pfx, aux, mem) :
                       x86_sse_stub(pfx, aux, mem);
    TCGTemp *args[5] = {
        tcgv_ptr_temp(s->env), tcgv_ptr_temp(tcg_constant_ptr(t, (intptr_t)stub)),
        tcgv_i32_temp(tcg_constant_i32(t, desc)), tcgv_i32_temp(tcg_constant_i32(t, aux)),
        tcgv_i32_temp(addr),
    };

    gen_update_cc_op(s);
    tcg_gen_callN(t, &helper_sse_xx_info, NULL, 5, args);
}

static void gen_call_env_i32(DisasContext *s, const TCGHelperInfo *info, TCGv_i32 arg)
{
    TCGTemp *args[2] = { tcgv_ptr_temp(s->env), arg ? tcgv_i32_temp(arg) : NULL };

    gen_update_cc_op(s);
    tcg_gen_callN(s->tcg, info, NULL, arg ? 2 : 1, args);
}

/* ---- Moves and logic on XMM registers, inline in the IR ---- */

static intptr_t xmm_ofs(int r, int half)
{
    return offsetof(CPUX86State, fpu.xmm[r].q[half]);
}

/* #GP(0) unless addr is 16-byte aligned (movaps, movdqa, pand m128...). */
static void gen_check_align16(DisasContext *s, TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    TCGLabel *ok;
    TCGv_i32 low;
    TCGTemp *args[3];

    if (t->user_mode) {
        /* no label: the block's values stay in host registers across it */
        tcg_gen_fp_align(t, s->env, addr, 15, x86_sse_align_fault);
        return;
    }
    ok = gen_new_label(t);
    low = tcg_temp_new_i32(t);
    args[0] = tcgv_ptr_temp(s->env);
    args[1] = tcgv_i32_temp(tcg_constant_i32(t, EXCP0D_GPF));
    args[2] = tcgv_i32_temp(tcg_constant_i32(t, 0));
    gen_update_cc_op(s);
    gen_update_eip_cur(s);
    tcg_gen_andi_i32(t, low, addr, 15);
    tcg_gen_brcondi_i32(t, TCG_COND_EQ, low, 0, ok);
    tcg_gen_callN(t, &helper_raise_exception_info, NULL, 3, args);
    gen_set_label(t, ok);
}

/*
 * The two halves of a 128-bit operand, xmm[rm] or the 16 bytes at addr
 * (aligned forms check the alignment first): loaded into lo/hi, or with
 * store, lo/hi stored there.
 */
static void gen_xmm_move128(DisasContext *s, TCGv_i64 lo, TCGv_i64 hi, bool mem, int rm,
                            TCGv_i32 addr, bool align, bool store)
{
    TCGContext *t = s->tcg;

    if (mem) {
        TCGv_i32 a8 = tcg_temp_new_i32(t);

        if (align) {
            gen_check_align16(s, addr);
        }
        tcg_gen_addi_i32(t, a8, addr, 8);
        if (store) {
            gen_st_i64(s, lo, addr);
            gen_st_i64(s, hi, a8);
        } else {
            gen_ld_i64(s, lo, addr);
            gen_ld_i64(s, hi, a8);
        }
    } else if (store) {
        tcg_gen_st_i64(t, lo, s->env, xmm_ofs(rm, 0));
        tcg_gen_st_i64(t, hi, s->env, xmm_ofs(rm, 1));
    } else {
        tcg_gen_ld_i64(t, lo, s->env, xmm_ofs(rm, 0));
        tcg_gen_ld_i64(t, hi, s->env, xmm_ofs(rm, 1));
    }
}

static void gen_xmm_src128(DisasContext *s, TCGv_i64 lo, TCGv_i64 hi, bool mem, int rm,
                           TCGv_i32 addr, bool align)
{
    gen_xmm_move128(s, lo, hi, mem, rm, addr, align, false);
}

static void gen_xmm_store128(DisasContext *s, TCGv_i64 lo, TCGv_i64 hi, bool mem, int rm,
                             TCGv_i32 addr, bool align)
{
    gen_xmm_move128(s, lo, hi, mem, rm, addr, align, true);
}

/* 64-bit source: xmm[rm] half `half` or 8 bytes at addr. */
static void gen_xmm_src64(DisasContext *s, TCGv_i64 v, bool mem, int rm, int half,
                          TCGv_i32 addr)
{
    if (mem) {
        gen_ld_i64(s, v, addr);
    } else {
        tcg_gen_ld_i64(s->tcg, v, s->env, xmm_ofs(rm, half));
    }
}

/*
 * Register-to-register moves as fp_sse moves: the backend then keeps the value
 * in a host xmm register for the FP operations that follow.
 */
static bool gen_sse_move_reg(DisasContext *s, int pfx, int op, int reg, int rm)
{
    TCGFPKind kind;
    bool to_rm = op == 0x11 || op == 0x29 || op == 0x7f;

    switch (pfx << 8 | op) {
    case SSE_PFX_NONE << 8 | 0x10: case SSE_PFX_66 << 8 | 0x10: case SSE_PFX_F3 << 8 | 0x6f:
    case SSE_PFX_NONE << 8 | 0x28: case SSE_PFX_66 << 8 | 0x28: case SSE_PFX_66 << 8 | 0x6f:
    case SSE_PFX_NONE << 8 | 0x11: case SSE_PFX_66 << 8 | 0x11: case SSE_PFX_F3 << 8 | 0x7f:
    case SSE_PFX_NONE << 8 | 0x29: case SSE_PFX_66 << 8 | 0x29: case SSE_PFX_66 << 8 | 0x7f:
        kind = TCG_FP_MOVAPS;
        break;
    case SSE_PFX_F2 << 8 | 0x10: case SSE_PFX_F2 << 8 | 0x11:
        kind = TCG_FP_MOVSD;
        break;
    case SSE_PFX_F3 << 8 | 0x10: case SSE_PFX_F3 << 8 | 0x11:
        kind = TCG_FP_MOVSS;
        break;
    default:
        return false;
    }
    tcg_gen_fp_sse(s->tcg, kind, s->env, xmm_ofs(to_rm ? rm : reg, 0),
                   xmm_ofs(to_rm ? reg : rm, 0));
    return true;
}

/* Loads into an xmm register as fp_sse_m moves (user mode), likewise. */
static bool gen_sse_move_load(DisasContext *s, int pfx, int op, int reg, TCGv_i32 addr)
{
    unsigned kind;
    int half = 0;

    switch (pfx << 8 | op) {
    case SSE_PFX_NONE << 8 | 0x28: case SSE_PFX_66 << 8 | 0x28: case SSE_PFX_66 << 8 | 0x6f:
        gen_check_align16(s, addr);
        kind = TCG_FP_MOVAPS | TCG_FP_ALIGNED;
        break;
    case SSE_PFX_NONE << 8 | 0x10: case SSE_PFX_66 << 8 | 0x10: case SSE_PFX_F3 << 8 | 0x6f:
        kind = TCG_FP_MOVAPS;
        break;
    case SSE_PFX_F2 << 8 | 0x10: case SSE_PFX_F3 << 8 | 0x7e:
        kind = TCG_FP_MOVSD_Z;
        break;
    case SSE_PFX_F3 << 8 | 0x10:
        kind = TCG_FP_MOVSS_Z;
        break;
    case SSE_PFX_NONE << 8 | 0x16: case SSE_PFX_66 << 8 | 0x16:      /* movhps/pd */
        half = 1;
        /* fall through */
    case SSE_PFX_NONE << 8 | 0x12: case SSE_PFX_66 << 8 | 0x12:      /* movlps/pd */
        kind = TCG_FP_MOVSD;
        break;
    default:
        return false;
    }
    tcg_gen_fp_sse_m(s->tcg, kind, s->env, xmm_ofs(reg, half), addr);
    return true;
}

/* Stores of an xmm register to memory as fp_st_m (user mode), likewise. */
static bool gen_sse_move_store(DisasContext *s, int pfx, int op, int reg, TCGv_i32 addr)
{
    unsigned bytes = 16;
    int half = 0;

    switch (pfx << 8 | op) {
    case SSE_PFX_NONE << 8 | 0x29: case SSE_PFX_66 << 8 | 0x29: case SSE_PFX_66 << 8 | 0x7f:
    case SSE_PFX_NONE << 8 | 0x2b: case SSE_PFX_66 << 8 | 0x2b: case SSE_PFX_66 << 8 | 0xe7:
        gen_check_align16(s, addr);
        bytes |= TCG_FP_ALIGNED;
        break;
    case SSE_PFX_NONE << 8 | 0x11: case SSE_PFX_66 << 8 | 0x11: case SSE_PFX_F3 << 8 | 0x7f:
        break;
    case SSE_PFX_F2 << 8 | 0x11: case SSE_PFX_66 << 8 | 0xd6:          /* movsd, movq */
    case SSE_PFX_NONE << 8 | 0x13: case SSE_PFX_66 << 8 | 0x13:        /* movlps/pd */
        bytes = 8;
        break;
    case SSE_PFX_NONE << 8 | 0x17: case SSE_PFX_66 << 8 | 0x17:        /* movhps/pd */
        bytes = 8;
        half = 1;
        break;
    case SSE_PFX_F3 << 8 | 0x11: case SSE_PFX_66 << 8 | 0x7e:          /* movss, movd */
        bytes = 4;
        break;
    default:
        return false;
    }
    tcg_gen_fp_st_m(s->tcg, bytes, s->env, xmm_ofs(reg, half), addr);
    return true;
}

/* The bitwise fp kind of an xmm <- xmm/m128 operation, or -1. */
static int sse_bits_kind(int pfx, int op)
{
    switch (pfx << 8 | op) {
    case SSE_PFX_NONE << 8 | 0x14: return TCG_FP_UNPCKLPS;
    case SSE_PFX_66 << 8 | 0x14: return TCG_FP_UNPCKLPD;
    case SSE_PFX_NONE << 8 | 0x15: return TCG_FP_UNPCKHPS;
    case SSE_PFX_66 << 8 | 0x15: return TCG_FP_UNPCKHPD;
    case SSE_PFX_NONE << 8 | 0x54: return TCG_FP_ANDPS;
    case SSE_PFX_66 << 8 | 0x54: return TCG_FP_ANDPD;
    case SSE_PFX_NONE << 8 | 0x55: return TCG_FP_ANDNPS;
    case SSE_PFX_66 << 8 | 0x55: return TCG_FP_ANDNPD;
    case SSE_PFX_NONE << 8 | 0x56: return TCG_FP_ORPS;
    case SSE_PFX_66 << 8 | 0x56: return TCG_FP_ORPD;
    case SSE_PFX_NONE << 8 | 0x57: return TCG_FP_XORPS;
    case SSE_PFX_66 << 8 | 0x57: return TCG_FP_XORPD;
    case SSE_PFX_66 << 8 | 0xdb: return TCG_FP_PAND;
    case SSE_PFX_66 << 8 | 0xdf: return TCG_FP_PANDN;
    case SSE_PFX_66 << 8 | 0xeb: return TCG_FP_POR;
    case SSE_PFX_66 << 8 | 0xef: return TCG_FP_PXOR;
    }
    return -1;
}

/*
 * Bitwise logic and unpacks as fp ops (no MXCSR involved): the backend keeps
 * the operands in host registers. m128 sources must be 16-byte aligned.
 */
static bool gen_sse_bits(DisasContext *s, int pfx, int op, int reg, int rm, bool mem,
                         TCGv_i32 addr)
{
    int kind = sse_bits_kind(pfx, op);

    if (kind < 0 || (mem && !s->tcg->user_mode)) {
        return false;
    }
    if (mem) {
        gen_check_align16(s, addr);
        tcg_gen_fp_sse_m(s->tcg, kind | TCG_FP_ALIGNED, s->env, xmm_ofs(reg, 0), addr);
    } else {
        tcg_gen_fp_sse(s->tcg, kind, s->env, xmm_ofs(reg, 0), xmm_ofs(rm, 0));
    }
    return true;
}

/*
 * Moves and bitwise logic need no MXCSR and no helper: done here. Returns
 * false for everything else (then the helpers do it).
 */
static bool gen_sse_inline(DisasContext *s, int pfx, int op, int modrm, TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    int reg = (modrm >> 3) & 7, rm = modrm & 7;
    bool mem = (modrm >> 6) != 3;
    TCGv_i64 lo = tcg_temp_new_i64(t), hi = tcg_temp_new_i64(t);
    TCGv_i64 dlo, dhi;
    TCGv_i32 v32;

    if (!mem && gen_sse_move_reg(s, pfx, op, reg, rm)) {
        return true;
    }
    if (mem && s->tcg->user_mode && (gen_sse_move_load(s, pfx, op, reg, addr) ||
                                     gen_sse_move_store(s, pfx, op, reg, addr))) {
        return true;
    }
    if (gen_sse_bits(s, pfx, op, reg, rm, mem, addr)) {
        return true;
    }
    switch (pfx << 8 | op) {
    case SSE_PFX_NONE << 8 | 0x10: case SSE_PFX_66 << 8 | 0x10: case SSE_PFX_F3 << 8 | 0x6f:
    case SSE_PFX_NONE << 8 | 0x28: case SSE_PFX_66 << 8 | 0x28: case SSE_PFX_66 << 8 | 0x6f:
        gen_xmm_src128(s, lo, hi, mem, rm, addr, op != 0x10 && pfx != SSE_PFX_F3);
        gen_xmm_store128(s, lo, hi, false, reg, addr, false);
        return true;
    case SSE_PFX_NONE << 8 | 0x11: case SSE_PFX_66 << 8 | 0x11: case SSE_PFX_F3 << 8 | 0x7f:
    case SSE_PFX_NONE << 8 | 0x29: case SSE_PFX_66 << 8 | 0x29: case SSE_PFX_66 << 8 | 0x7f:
    case SSE_PFX_NONE << 8 | 0x2b: case SSE_PFX_66 << 8 | 0x2b: case SSE_PFX_66 << 8 | 0xe7:
        gen_xmm_src128(s, lo, hi, false, reg, addr, false);
        gen_xmm_store128(s, lo, hi, mem, rm, addr, op != 0x11 && pfx != SSE_PFX_F3);
        return true;
    case SSE_PFX_F3 << 8 | 0x10:        /* movss: from memory the rest is zeroed */
        v32 = tcg_temp_new_i32(t);
        if (mem) {
            gen_ld(s, MO_32, v32, addr);
            tcg_gen_movi_i64(t, hi, 0);
            tcg_gen_st_i64(t, hi, s->env, xmm_ofs(reg, 0));
            tcg_gen_st_i64(t, hi, s->env, xmm_ofs(reg, 1));
        } else {
            tcg_gen_ld_i32(t, v32, s->env, xmm_ofs(rm, 0));
        }
        tcg_gen_st_i32(t, v32, s->env, xmm_ofs(reg, 0));
        return true;
    case SSE_PFX_F3 << 8 | 0x11:
        v32 = tcg_temp_new_i32(t);
        tcg_gen_ld_i32(t, v32, s->env, xmm_ofs(reg, 0));
        if (mem) {
            gen_st(s, MO_32, v32, addr);
        } else {
            tcg_gen_st_i32(t, v32, s->env, xmm_ofs(rm, 0));
        }
        return true;
    case SSE_PFX_F2 << 8 | 0x10:        /* movsd */
    case SSE_PFX_F3 << 8 | 0x7e:        /* movq xmm, xmm/m64: high half zeroed */
        gen_xmm_src64(s, lo, mem, rm, 0, addr);
        tcg_gen_st_i64(t, lo, s->env, xmm_ofs(reg, 0));
        if (mem || op == 0x7e) {
            tcg_gen_movi_i64(t, hi, 0);
            tcg_gen_st_i64(t, hi, s->env, xmm_ofs(reg, 1));
        }
        return true;
    case SSE_PFX_F2 << 8 | 0x11:        /* movsd store */
    case SSE_PFX_66 << 8 | 0xd6:        /* movq xmm/m64, xmm: high half zeroed */
        tcg_gen_ld_i64(t, lo, s->env, xmm_ofs(reg, 0));
        if (mem) {
            gen_st_i64(s, lo, addr);
        } else {
            tcg_gen_st_i64(t, lo, s->env, xmm_ofs(rm, 0));
            if (op == 0xd6) {
                tcg_gen_movi_i64(t, hi, 0);
                tcg_gen_st_i64(t, hi, s->env, xmm_ofs(rm, 1));
            }
        }
        return true;
    case SSE_PFX_NONE << 8 | 0x12: case SSE_PFX_66 << 8 | 0x12:    /* movlps/pd, movhlps */
    case SSE_PFX_NONE << 8 | 0x16: case SSE_PFX_66 << 8 | 0x16:    /* movhps/pd, movlhps */
        gen_xmm_src64(s, lo, mem, rm, op == 0x12 ? 1 : 0, addr);
        tcg_gen_st_i64(t, lo, s->env, xmm_ofs(reg, op == 0x12 ? 0 : 1));
        return true;
    case SSE_PFX_NONE << 8 | 0x13: case SSE_PFX_66 << 8 | 0x13:    /* movlps/pd store */
    case SSE_PFX_NONE << 8 | 0x17: case SSE_PFX_66 << 8 | 0x17:    /* movhps/pd store */
        tcg_gen_ld_i64(t, lo, s->env, xmm_ofs(reg, op == 0x13 ? 0 : 1));
        gen_st_i64(s, lo, addr);
        return true;
    case SSE_PFX_66 << 8 | 0x14:        /* unpcklpd: dst.hi = src.lo */
    case SSE_PFX_66 << 8 | 0x15:        /* unpckhpd: dst.lo = dst.hi, dst.hi = src.hi */
        gen_xmm_src128(s, lo, hi, mem, rm, addr, true);
        if (op == 0x14) {
            tcg_gen_st_i64(t, lo, s->env, xmm_ofs(reg, 1));
        } else {
            dhi = tcg_temp_new_i64(t);
            tcg_gen_ld_i64(t, dhi, s->env, xmm_ofs(reg, 1));
            tcg_gen_st_i64(t, dhi, s->env, xmm_ofs(reg, 0));
            tcg_gen_st_i64(t, hi, s->env, xmm_ofs(reg, 1));
        }
        return true;
    case SSE_PFX_66 << 8 | 0x6e:        /* movd xmm, r/m32 */
        v32 = tcg_temp_new_i32(t);
        if (mem) {
            gen_ld(s, MO_32, v32, addr);
        } else {
            gen_op_mov_v_reg(s, MO_32, v32, rm);
        }
        tcg_gen_extu_i32_i64(t, lo, v32);
        tcg_gen_movi_i64(t, hi, 0);
        gen_xmm_store128(s, lo, hi, false, reg, addr, false);
        return true;
    case SSE_PFX_66 << 8 | 0x7e:        /* movd r/m32, xmm */
        v32 = tcg_temp_new_i32(t);
        tcg_gen_ld_i32(t, v32, s->env, xmm_ofs(reg, 0));
        if (mem) {
            gen_st(s, MO_32, v32, addr);
        } else {
            gen_op_mov_reg_v(s, MO_32, rm, v32);
        }
        return true;
    case SSE_PFX_NONE << 8 | 0x54: case SSE_PFX_66 << 8 | 0x54: case SSE_PFX_66 << 8 | 0xdb:
    case SSE_PFX_NONE << 8 | 0x55: case SSE_PFX_66 << 8 | 0x55: case SSE_PFX_66 << 8 | 0xdf:
    case SSE_PFX_NONE << 8 | 0x56: case SSE_PFX_66 << 8 | 0x56: case SSE_PFX_66 << 8 | 0xeb:
    case SSE_PFX_NONE << 8 | 0x57: case SSE_PFX_66 << 8 | 0x57: case SSE_PFX_66 << 8 | 0xef:
        break;
    default:
        return false;
    }
    /* and / andn / or / xor, ps pd and the integer p* forms */
    dlo = tcg_temp_new_i64(t);
    dhi = tcg_temp_new_i64(t);
    gen_xmm_src128(s, lo, hi, mem, rm, addr, true);
    gen_xmm_src128(s, dlo, dhi, false, reg, addr, false);
    switch (op) {
    case 0x54: case 0xdb:
        tcg_gen_and_i64(t, dlo, dlo, lo);
        tcg_gen_and_i64(t, dhi, dhi, hi);
        break;
    case 0x55: case 0xdf:
        tcg_gen_andc_i64(t, dlo, lo, dlo);
        tcg_gen_andc_i64(t, dhi, hi, dhi);
        break;
    case 0x56: case 0xeb:
        tcg_gen_or_i64(t, dlo, dlo, lo);
        tcg_gen_or_i64(t, dhi, dhi, hi);
        break;
    default:
        tcg_gen_xor_i64(t, dlo, dlo, lo);
        tcg_gen_xor_i64(t, dhi, dhi, hi);
        break;
    }
    gen_xmm_store128(s, dlo, dhi, false, reg, addr, false);
    return true;
}

/* ---- Floating point inline: host SSE instructions under the host's MXCSR ---- */

/* The inline kind of an xmm <- xmm/mem/r32 FP operation, or -1. */
static int sse_fp_kind(int pfx, int op)
{
    static const int8_t arith[16] = {
        [1] = TCG_FP_SQRTPS, [8] = TCG_FP_ADDPS, [9] = TCG_FP_MULPS, [0xc] = TCG_FP_SUBPS,
        [0xd] = TCG_FP_MINPS, [0xe] = TCG_FP_DIVPS, [0xf] = TCG_FP_MAXPS,
    };
    bool scalar = pfx == SSE_PFX_F3 || pfx == SSE_PFX_F2;

    if (op == 0x51 || op == 0x58 || op == 0x59 || (op >= 0x5c && op <= 0x5f)) {
        /* the kinds table lists ps, pd, ss, sd of each operation in that order */
        return arith[op & 0xf] + pfx;
    }
    switch (op) {
    case 0x2a:
        return !scalar ? -1 : pfx == SSE_PFX_F3 ? TCG_FP_CVTSI2SS : TCG_FP_CVTSI2SD;
    case 0x5a:
        return pfx == SSE_PFX_NONE ? TCG_FP_CVTPS2PD : pfx == SSE_PFX_66 ? TCG_FP_CVTPD2PS :
               pfx == SSE_PFX_F3 ? TCG_FP_CVTSS2SD : TCG_FP_CVTSD2SS;
    case 0x5b:
        return pfx == SSE_PFX_NONE ? TCG_FP_CVTDQ2PS : pfx == SSE_PFX_66 ? TCG_FP_CVTPS2DQ :
               pfx == SSE_PFX_F3 ? TCG_FP_CVTTPS2DQ : -1;
    case 0xe6:
        return pfx == SSE_PFX_66 ? TCG_FP_CVTTPD2DQ : pfx == SSE_PFX_F3 ? TCG_FP_CVTDQ2PD :
               pfx == SSE_PFX_F2 ? TCG_FP_CVTPD2DQ : -1;
    case 0x2c:
        return !scalar ? -1 : pfx == SSE_PFX_F3 ? TCG_FP_CVTTSS2SI : TCG_FP_CVTTSD2SI;
    case 0x2d:
        return !scalar ? -1 : pfx == SSE_PFX_F3 ? TCG_FP_CVTSS2SI : TCG_FP_CVTSD2SI;
    case 0x2e:
        return scalar ? -1 : pfx == SSE_PFX_NONE ? TCG_FP_UCOMISS : TCG_FP_UCOMISD;
    case 0x2f:
        return scalar ? -1 : pfx == SSE_PFX_NONE ? TCG_FP_COMISS : TCG_FP_COMISD;
    }
    return -1;
}

/* The source operand's offset in env: an xmm register, or a copy of the
 * general register or of the memory operand in fpu.scratch. */
static intptr_t gen_sse_fp_src(DisasContext *s, const TCGFPKindInfo *k, uint32_t desc,
                               TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    unsigned rm = (desc >> SSE_RM_SHIFT) & 7;
    intptr_t scratch = offsetof(CPUX86State, fpu.scratch);
    TCGv_i64 lo = tcg_temp_new_i64(t), hi;
    TCGv_i32 v = tcg_temp_new_i32(t);

    if (desc & SSE_MEMFORM) {
        if (k->src_bytes == 16) {
            hi = tcg_temp_new_i64(t);
            gen_xmm_src128(s, lo, hi, true, rm, addr, desc & SSE_A16);
            tcg_gen_st_i64(t, lo, s->env, scratch);
            tcg_gen_st_i64(t, hi, s->env, scratch + 8);
        } else if (k->src_bytes == 8) {
            gen_ld_i64(s, lo, addr);
            tcg_gen_st_i64(t, lo, s->env, scratch);
        } else {
            gen_ld(s, MO_32, v, addr);
            tcg_gen_st_i32(t, v, s->env, scratch);
        }
        return scratch;
    }
    if (((desc >> 2) & 3) == SSE_K_G) {
        gen_op_mov_v_reg(s, MO_32, v, rm);
        tcg_gen_st_i32(t, v, s->env, scratch);
        return scratch;
    }
    return xmm_ofs(rm, 0);
}

/*
 * The FP operations with an inline kind, when the TB flag says that the
 * guest's MXCSR control bits are the host's: the host instruction, then its
 * flags OR-ed into the guest's MXCSR (the host's flags are a subset of the
 * guest's before, see x86_fpu_mxcsr_changed). Else the helpers do it.
 */
static bool gen_sse_fp(DisasContext *s, uint32_t desc, uint32_t aux, TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    int kind = sse_fp_kind((desc >> SSE_PFX_SHIFT) & 3, aux);
    unsigned reg = (desc >> SSE_REG_SHIFT) & 7;
    const TCGFPKindInfo *k;
    TCGv_i32 r;
    intptr_t src;

    if (kind < 0 || !(s->flags & HF_SSE_HOSTFP_MASK) ||
        (desc & (SSE_CMP | SSE_MAP38 | SSE_COP))) {
        return false;
    }
    k = &tcg_fp_kinds[kind];
    tcg_gen_fp_sync_once(t, s->env, offsetof(CPUX86State, fpu.mxcsr));
    if ((desc & SSE_MEMFORM) && k->result == 0 && t->user_mode) {
        /* straight from guest memory */
        if (k->src_bytes == 16 && (desc & SSE_A16)) {
            gen_check_align16(s, addr);
            kind |= TCG_FP_ALIGNED;
        }
        tcg_gen_fp_sse_m(t, kind, s->env, xmm_ofs(reg, 0), addr);
        tcg_gen_fp_flags_or(t, s->env, offsetof(CPUX86State, fpu.mxcsr));
        return true;
    }
    src = gen_sse_fp_src(s, k, desc, addr);
    if (k->result == 0) {
        tcg_gen_fp_sse(t, kind, s->env, xmm_ofs(reg, 0), src);
    } else {
        r = tcg_temp_new_i32(t);
        tcg_gen_fp_sse_r(t, kind, r, s->env, xmm_ofs(reg, 0), src);
        if (k->result == 1) {
            gen_op_mov_reg_v(s, MO_32, reg, r);
        } else {
            gen_set_arith_flags(s, r);
        }
    }
    tcg_gen_fp_flags_or(t, s->env, offsetof(CPUX86State, fpu.mxcsr));
    return true;
}

/*
 * A table-driven operation: read ModRM (and the memory operand's address),
 * then the immediate if the caller wants one (imm != NULL), and emit the call.
 * flags go into desc; aux is completed with the immediate for C operations.
 */
static void gen_sse_modrm_op(DisasContext *s, uint32_t entry, uint32_t flags, uint32_t aux,
                             bool has_imm)
{
    int modrm = x86_ldub_code(s);
    bool mem = (modrm >> 6) != 3;
    uint32_t desc = entry | flags;
    TCGv_i32 addr = tcg_constant_i32(s->tcg, 0);

    if ((mem && ((entry >> 4) & 7) == SSE_MEM_NONE) || (mem && (entry & SSE_MASKMOV)) ||
        (!mem && (entry & SSE_MEMONLY))) {
        gen_illegal_opcode(s);
        return;
    }
    desc |= ((modrm >> 3) & 7) << SSE_REG_SHIFT | (modrm & 7) << SSE_RM_SHIFT;
    if (mem) {
        desc |= SSE_MEMFORM;
        addr = gen_lea_modrm(s, modrm);
    } else if (entry & SSE_MASKMOV) {
        TCGv_i32 edi = tcg_temp_new_i32(s->tcg);

        if (s->aflag == MO_16) {
            tcg_gen_ext16u_i32(s->tcg, edi, s->g->regs[R_EDI]);
        } else {
            tcg_gen_mov_i32(s->tcg, edi, s->g->regs[R_EDI]);
        }
        addr = gen_add_seg_base(s, edi, R_DS);
    }
    if (!has_imm && !(flags & (SSE_MAP38 | SSE_COP)) &&
        gen_sse_inline(s, (flags >> SSE_PFX_SHIFT) & 3, aux, modrm, addr)) {
        return;
    }
    if (has_imm) {
        uint32_t imm = x86_ldub_code(s);

        aux = (desc & SSE_CMP) ? (imm & 7) : aux | imm << 8;
    }
    if (!has_imm && gen_sse_fp(s, desc, aux, addr)) {
        return;
    }
    if (((entry & 15) == (SSE_K_X | SSE_K_X << 2) || (entry & 15) == (SSE_K_X | SSE_K_G << 2)) &&
        (entry & SSE_WREG) &&
        !(desc & (SSE_WRM | SSE_EFL | SSE_MASKMOV | SSE_COP))) {
        gen_call_sse_xx(s, desc, aux, addr);
        return;
    }
    gen_call_sse(s, desc, aux, addr);
}

/* 0F 71-73: shift the ModRM.rm register by imm8. */
static void gen_sse_shift_imm(DisasContext *s, int op, int pfx)
{
    int modrm = x86_ldub_code(s);
    int sub = (modrm >> 3) & 7, kind = pfx == SSE_PFX_66 ? X : MM;
    uint32_t desc = kind | kind << 2 | W | (modrm & 7) << SSE_REG_SHIFT;
    uint32_t imm, aux;

    if ((modrm >> 6) != 3 || (pfx != SSE_PFX_NONE && pfx != SSE_PFX_66)) {
        gen_illegal_opcode(s);
        return;
    }
    imm = x86_ldub_code(s);
    if (op == 0x73 && (sub == 3 || sub == 7)) {
        if (kind != X) {
            gen_illegal_opcode(s);
            return;
        }
        aux = (sub == 3 ? SSE_C_PSRLDQ : SSE_C_PSLLDQ) | imm << 8;
        desc |= SSE_COP;
    } else if (sse_shift_imm_ops[op - 0x71][sub]) {
        aux = sse_shift_imm_ops[op - 0x71][sub] | imm << 8;
        desc |= SSE_IMMSRC | pfx << SSE_PFX_SHIFT;
    } else {
        gen_illegal_opcode(s);
        return;
    }
    gen_call_sse(s, desc, aux, tcg_constant_i32(s->tcg, 0));
}

/* 0F AE: fxsave, fxrstor, ldmxcsr, stmxcsr, clflush; fences. */
static void gen_sse_group15(DisasContext *s, int pfx)
{
    TCGContext *t = s->tcg;
    int modrm = x86_ldub_code(s);
    int sub = (modrm >> 3) & 7;
    TCGv_i32 addr, val;

    if (pfx != SSE_PFX_NONE) {
        gen_illegal_opcode(s);
        return;
    }
    if (((modrm >> 6) == 3 || sub >= 2) &&
        !sse_has(s, ((modrm >> 6) == 3 ? sub < 7 : sub == 7) ? FEAT_SSE2 : FEAT_SSE)) {
        gen_illegal_opcode(s);
        return;
    }
    if ((modrm >> 6) == 3) {
        if (sub < 5) {
            gen_illegal_opcode(s);
            return;
        }
        tcg_gen_mb(t, TCG_MO_ALL | TCG_BAR_SC);     /* lfence, mfence, sfence */
        return;
    }
    if (sub == 4 || sub == 5 || sub == 6) {
        gen_illegal_opcode(s);                      /* xsave family: not on this CPU */
        return;
    }
    addr = gen_lea_modrm(s, modrm);
    val = tcg_temp_new_i32(t);
    if (sub == 0 || sub == 1) {
        gen_x87_to_env(s);      /* fxsave, fxrstor: the x87 state too */
    }
    switch (sub) {
    case 0:
        gen_call_env_i32(s, &helper_fxsave_info, addr);
        break;
    case 1:
        gen_call_env_i32(s, &helper_fxrstor_info, addr);
        s->is_jmp = DISAS_EOB_NEXT;     /* the TB flags may change with MXCSR */
        break;
    case 2:
        gen_ld(s, MO_32, val, addr);
        gen_call_env_i32(s, &helper_ldmxcsr_info, val);
        s->is_jmp = DISAS_EOB_NEXT;
        break;
    case 3:
        tcg_gen_ld_i32(t, val, s->env, offsetof(CPUX86State, fpu.mxcsr));
        gen_st(s, MO_32, val, addr);
        break;
    case 7:
        /* clflush: no cache to flush; the access still faults on a bad page. */
        gen_ld(s, MO_8, val, addr);
        break;
    }
}

/*
 * The instructions that read or write MMX registers (the x87 registers) or
 * the x87 tags and TOP: the no-prefix integer forms, the conversions to and
 * from MMX, movq2dq/movdq2q, emms; fxsave/fxrstor (0F AE) check themselves.
 */
static bool sse_uses_x87_state(int op, int pfx)
{
    if (pfx == SSE_PFX_NONE) {
        return (op >= 0x2a && op <= 0x2d && op != 0x2b) || op == 0x38 || op == 0x3a ||
               (op >= 0x60 && op <= 0x7f) || op == 0xc4 || op == 0xc5 || op >= 0xd0;
    }
    if (pfx == SSE_PFX_66) {
        return op == 0x2a || op == 0x2c || op == 0x2d;
    }
    return op == 0xd6;
}

void gen_sse(DisasContext *s, int b)
{
    int op = b & 0xff, pfx = sse_prefix_class(s);

    if (s->prefix & PREFIX_LOCK) {
        gen_illegal_opcode(s);
        return;
    }
    if (!sse_has(s, op == 0x38 || op == 0x3a ? FEAT_SSSE3 : op == 0xae ? FEAT_FXSR :
                 (op == 0x71 || op == 0x72 || op == 0x73) && pfx == SSE_PFX_66 ? FEAT_SSE2 :
                 sse_feature(pfx, op))) {
        gen_illegal_opcode(s);
        return;
    }
    if (sse_uses_x87_state(op, pfx)) {
        gen_x87_to_env(s);
    }
    switch (op) {
    case 0x18: {    /* prefetch hints: no cache model */
        int modrm = x86_ldub_code(s);

        if ((modrm >> 6) != 3) {
            gen_lea_modrm(s, modrm);
        }
        return;
    }
    case 0x38: {    /* SSSE3: 0F 38 00-0B, 1C-1E */
        int op3 = x86_ldub_code(s);

        if ((pfx != SSE_PFX_NONE && pfx != SSE_PFX_66) ||
            !(op3 <= 0x0b || (op3 >= 0x1c && op3 <= 0x1e))) {
            gen_illegal_opcode(s);
            return;
        }
        gen_sse_modrm_op(s, pfx == SSE_PFX_66 ? E(X, X, 128, W | A) : E(MM, MM, 64, W),
                         SSE_MAP38 | pfx << SSE_PFX_SHIFT, op3, false);
        return;
    }
    case 0x3a: {    /* SSSE3: palignr */
        int op3 = x86_ldub_code(s);

        if ((pfx != SSE_PFX_NONE && pfx != SSE_PFX_66) || op3 != 0x0f) {
            gen_illegal_opcode(s);
            return;
        }
        gen_sse_modrm_op(s, pfx == SSE_PFX_66 ? E(X, X, 128, W | A) : E(MM, MM, 64, W),
                         SSE_COP, SSE_C_PALIGNR, true);
        return;
    }
    case 0x70: case 0xc4: case 0xc5: case 0xc6: {
        int row = op == 0x70 ? 0 : op - 0xc3;

        if (!sse_cops[row][pfx].entry) {
            gen_illegal_opcode(s);
            return;
        }
        gen_sse_modrm_op(s, sse_cops[row][pfx].entry, SSE_COP, sse_cops[row][pfx].cop, true);
        return;
    }
    case 0x71: case 0x72: case 0x73:
        gen_sse_shift_imm(s, op, pfx);
        return;
    case 0x77:
        if (pfx != SSE_PFX_NONE) {
            gen_illegal_opcode(s);
            return;
        }
        gen_call_env_i32(s, &helper_emms_info, NULL);
        return;
    case 0xae:
        gen_sse_group15(s, pfx);
        return;
    }
    if (!sse_ops[pfx][op]) {
        gen_illegal_opcode(s);
        return;
    }
    gen_sse_modrm_op(s, sse_ops[pfx][op],
                     pfx << SSE_PFX_SHIFT | (op == 0xc2 ? SSE_CMP : 0), op, op == 0xc2);
}
