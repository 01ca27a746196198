/*
 * x86-64 code of the floating-point ops (tcg/fp.h): the SSE instruction of
 * each kind on operands in host memory, through xmm0/xmm1, with results also
 * kept in xmm8-xmm15 for the following fp ops (nothing else in generated code
 * uses xmm registers; calls clobber them), under the host's MXCSR.
 */
#include <stdlib.h>

#include "tcg/fp.h"
#include "tcg/x86_64/asm.h"

enum {
    OPC_MOVHPD_VxM = 0x16 | P_0F | P_DATA16,
    OPC_MOVAPS_VxWx = 0x28 | P_0F,
    OPC_MOVUPS_WxVx = 0x11 | P_0F,
    OPC_MOVSS_VxWx = 0x10 | P_0F | P_F3,
    OPC_MOVSS_WxVx = 0x11 | P_0F | P_F3,
    OPC_MOVSD_VxWx = 0x10 | P_0F | P_F2,
    OPC_MOVSD_WxVx = 0x11 | P_0F | P_F2,
    OPC_STMXCSR = 0xae | P_0F,      /* /3; /2 is ldmxcsr */
    OPC_PUSHFQ = 0x9c,
    OPC_POP_r = 0x58,
};

enum { XMM0 = 0, XMM1 = 1 };

/* The opcode constant of a kind: its mandatory prefix and the 0F byte. */
static int fp_opc(const TCGFPKindInfo *k)
{
    int pfx = k->prefix == 0x66 ? P_DATA16 : k->prefix == 0xf3 ? P_F3 :
              k->prefix == 0xf2 ? P_F2 : 0;

    return pfx | P_0F | k->opc;
}

/*
 * xmm <- bytes at base+ofs (4, 8 or 16) and back. 16 bytes are loaded as two
 * halves: front ends often store them as two 8-byte values just before, and a
 * 16-byte load would then wait for both stores (no store forwarding).
 */
static void fp_load(TCGContext *s, int xmm, unsigned bytes, int base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, bytes == 4 ? OPC_MOVSS_VxWx : OPC_MOVSD_VxWx, xmm, base, ofs);
    if (bytes == 16) {
        tcg_out_modrm_offset(s, OPC_MOVHPD_VxM, xmm, base, ofs + 8);
    }
}

static void fp_store(TCGContext *s, int xmm, unsigned bytes, int base, intptr_t ofs)
{
    int opc = bytes == 4 ? OPC_MOVSS_WxVx : bytes == 8 ? OPC_MOVSD_WxVx : OPC_MOVUPS_WxVx;

    tcg_out_modrm_offset(s, opc, xmm, base, ofs);
}

/*
 * The kind's instruction with ModRM.reg = r and the source at base+sofs, or in
 * host register cached (if >= 0): a 16-byte source in memory goes through xmm1
 * (legacy SSE memory forms need 16-byte alignment), smaller ones are read in
 * place.
 */
static void fp_insn(TCGContext *s, const TCGFPKindInfo *k, int r, int base, intptr_t sofs,
                    int cached)
{
    if (cached >= 0 && k->opc != 0x2a) {       /* cvtsi2ss/sd: a register form is r32 */
        tcg_out_modrm(s, fp_opc(k), r, cached);
    } else if (k->src_bytes == 16) {
        fp_load(s, XMM1, 16, base, sofs);
        tcg_out_modrm(s, fp_opc(k), r, XMM1);
    } else {
        tcg_out_modrm_offset(s, fp_opc(k), r, base, sofs);
    }
}

/*
 * Values cached in host registers: after an fp_sse, its result stays in
 * xmm8 + (dst offset / 16) % 8 as well as in memory. A later fp op may read
 * that register instead of memory if, going back through the block's IR, the
 * last op that could change either is that fp_sse: no other fp_sse to the same
 * register, no store overlapping the bytes, no call, label or block end, and
 * no guest memory access that may call out (system mode). Returns the register
 * holding `bytes` bytes at base+ofs, or -1.
 */
enum { FP_CACHE_DEPTH = 256 };

static int fp_cache_reg(intptr_t ofs)
{
    return 8 + (int)((ofs >> 4) & 7);
}

static int fp_cached(TCGContext *s, const TCGOp *op, TCGArg base, intptr_t ofs, unsigned bytes)
{
    const TCGOp *first = op - FP_CACHE_DEPTH < s->ops ? s->ops : op - FP_CACHE_DEPTH;

    for (const TCGOp *p = op - 1; p >= first; p--) {
        unsigned flags = tcg_op_defs[p->opc].flags;
        intptr_t lo, n;

        switch (p->opc) {
        case INDEX_op_fp_sse: case INDEX_op_fp_sse_m: {
            bool m = p->opc == INDEX_op_fp_sse_m;
            intptr_t d = (intptr_t)p->args[m ? 3 : 2];

            if (fp_cache_reg(d) != fp_cache_reg(ofs)) {
                break;
            }
            if (p->args[0] != base || d != ofs ||
                tcg_fp_kinds[p->args[m ? 2 : 1]].dst_bytes < bytes) {
                return -1;
            }
            return fp_cache_reg(ofs);
        }
        case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
            lo = (intptr_t)p->args[2];
            n = p->opc == INDEX_op_st8 ? 1 : p->opc == INDEX_op_st16 ? 2 :
                p->opc == INDEX_op_st32 || p->type == TCG_TYPE_I32 ? 4 : 8;
            if (lo < ofs + 16 && ofs < lo + n) {
                return -1;
            }
            break;
        case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
            if (!s->user_mode) {
                return -1;
            }
            break;
        default:
            if (flags & (TCG_OPF_BB_END | TCG_OPF_BB_EXIT | TCG_OPF_CALL |
                         TCG_OPF_CALL_CLOBBER)) {
                return -1;
            }
            break;
        }
    }
    return -1;
}

/* xmm <- bytes at base+ofs, from the cache when it holds them. */
static void fp_get(TCGContext *s, const TCGOp *op, int xmm, unsigned bytes, int base_reg,
                   TCGArg base, intptr_t ofs)
{
    int c = fp_cached(s, op, base, ofs, bytes);

    if (c >= 0) {
        tcg_out_modrm(s, OPC_MOVAPS_VxWx, xmm, c);
    } else {
        fp_load(s, xmm, bytes, base_reg, ofs);
    }
}

void tcg_out_fp(TCGContext *s, const TCGOp *op, const TCGArg *a)
{
    const TCGFPKindInfo *k;
    int c;

    switch (op->opc) {
    case INDEX_op_fp_sync: {
        uint8_t *skip;

        /* r11d = ~guest & 0x3f; if the host has none of those flags, done */
        tcg_out_modrm_offset(s, OPC_STMXCSR, 3, TCG_REG_RSP, -8);
        tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_TMP, a[0], a[1]);
        tcg_out_modrm(s, OPC_GRP3_Ev, EXT3_NOT, TCG_REG_TMP);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_TMP, 0x3f);
        tcg_out_modrm_offset(s, OPC_TESTL, TCG_REG_TMP, TCG_REG_RSP, -8);
        skip = tcg_out_jcc_short(s, JCC_JE);
        tcg_out_modrm(s, OPC_GRP3_Ev, EXT3_NOT, TCG_REG_TMP);
        tcg_out_modrm_offset(s, OPC_ARITH_GvEv - 2 + (ARITH_AND << 3), TCG_REG_TMP,
                             TCG_REG_RSP, -8);
        tcg_out_modrm_offset(s, OPC_STMXCSR, 2, TCG_REG_RSP, -8);     /* ldmxcsr */
        tcg_out_patch8(s, skip);
        break;
    }
    case INDEX_op_fp_flags_or:
        /* stmxcsr -8(%rsp) (the red zone); r11d = its flags; or into base+ofs */
        tcg_out_modrm_offset(s, OPC_STMXCSR, 3, TCG_REG_RSP, -8);
        tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_TMP, TCG_REG_RSP, -8);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_TMP, 0x3f);
        tcg_out_modrm_offset(s, OPC_ARITH_GvEv - 2 + (ARITH_OR << 3), TCG_REG_TMP, a[0], a[1]);
        break;
    case INDEX_op_fp_sse:
        k = &tcg_fp_kinds[a[1]];
        if (k->opc == 0x10 || k->opc == 0x28) {
            /* moves: just the source into xmm0 (zero-extended for the _Z ones) */
            if (k->src_bytes < k->dst_bytes) {
                fp_load(s, XMM0, k->src_bytes, a[0], a[3]);
            } else {
                fp_get(s, op, XMM0, k->dst_bytes, a[0], op->args[0], a[3]);
            }
        } else {
            fp_get(s, op, XMM0, k->dst_bytes, a[0], op->args[0], a[2]);
            c = fp_cached(s, op, op->args[0], a[3], k->src_bytes);
            fp_insn(s, k, XMM0, a[0], a[3], c);
        }
        fp_store(s, XMM0, k->dst_bytes, a[0], a[2]);
        tcg_out_modrm(s, OPC_MOVAPS_VxWx, fp_cache_reg(a[2]), XMM0);
        break;
    case INDEX_op_fp_sse_m:
        /* the source at guest_base + addr (an i32 register, zero-extended) */
        k = &tcg_fp_kinds[a[2]];
        if (k->opc != 0x10 && k->opc != 0x28) {
            fp_get(s, op, XMM0, k->dst_bytes, a[0], op->args[0], a[3]);
        }
        if (k->src_bytes == 16) {
            tcg_out_modrm_sib(s, OPC_MOVSD_VxWx, XMM1, TCG_REG_GUEST_BASE, a[1], 0);
            tcg_out_modrm_offset(s, OPC_LEA, TCG_REG_TMP, a[1], 8);
            tcg_out_modrm_sib(s, OPC_MOVHPD_VxM, XMM1, TCG_REG_GUEST_BASE, TCG_REG_TMP, 0);
            tcg_out_modrm(s, fp_opc(k), XMM0, XMM1);
        } else {
            tcg_out_modrm_sib(s, fp_opc(k), XMM0, TCG_REG_GUEST_BASE, a[1], 0);
        }
        fp_store(s, XMM0, k->dst_bytes, a[0], a[3]);
        tcg_out_modrm(s, OPC_MOVAPS_VxWx, fp_cache_reg(a[3]), XMM0);
        break;
    case INDEX_op_fp_sse_r:
        k = &tcg_fp_kinds[a[2]];
        c = fp_cached(s, op, op->args[1], a[4], k->src_bytes);
        if (k->result == 1) {
            fp_insn(s, k, a[0], a[1], a[4], c);
            break;
        }
        /* comis/ucomis: ZF PF CF, the other arithmetic flags cleared */
        fp_get(s, op, XMM0, k->dst_bytes, a[1], op->args[1], a[3]);
        fp_insn(s, k, XMM0, a[1], a[4], c);
        tcg_out8(s, OPC_PUSHFQ);
        tcg_out_opc(s, OPC_POP_r + (a[0] & 7), 0, a[0], 0);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, a[0], 0x8d5);
        break;
    default:
        abort();
    }
}
