/*
 * MMX/SSE/SSE2/SSE3/SSSE3 translator (SDM vol. 2 opcode map A.3, 0F, 0F 38,
 * 0F 3A): a table gives each opcode's operands per mandatory prefix; the
 * instruction is then run by helper_sse (host stub or C routine).
 */
#include "target-i386/fpu-native.h"
#include "target-i386/helper-proto.h"
#include "target-i386/sse-op.h"
#include "target-i386/translate.h"

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
    [SSE_PFX_NONE][0x2e] = E(X, X, 32, SSE_EFL | FP), [SSE_PFX_66][0x2e] = E(X, X, 64, SSE_EFL | FP),
    [SSE_PFX_NONE][0x2f] = E(X, X, 32, SSE_EFL | FP), [SSE_PFX_66][0x2f] = E(X, X, 64, SSE_EFL | FP),
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

static void gen_call_env_i32(DisasContext *s, const TCGHelperInfo *info, TCGv_i32 arg)
{
    TCGTemp *args[2] = { tcgv_ptr_temp(s->env), arg ? tcgv_i32_temp(arg) : NULL };

    gen_update_cc_op(s);
    tcg_gen_callN(s->tcg, info, NULL, arg ? 2 : 1, args);
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
    if (has_imm) {
        uint32_t imm = x86_ldub_code(s);

        aux = (desc & SSE_CMP) ? (imm & 7) : aux | imm << 8;
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
    switch (sub) {
    case 0:
        gen_call_env_i32(s, &helper_fxsave_info, addr);
        break;
    case 1:
        gen_call_env_i32(s, &helper_fxrstor_info, addr);
        break;
    case 2:
        gen_ld(s, MO_32, val, addr);
        gen_call_env_i32(s, &helper_ldmxcsr_info, val);
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

void gen_sse(DisasContext *s, int b)
{
    int op = b & 0xff, pfx = sse_prefix_class(s);

    if (s->prefix & PREFIX_LOCK) {
        gen_illegal_opcode(s);
        return;
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
