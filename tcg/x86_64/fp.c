/*
 * x86-64 code of the floating-point ops (tcg/fp.h): the SSE instruction of
 * each kind on operands in host memory, through xmm0/xmm1 (which nothing
 * else in generated code uses), under the host's MXCSR.
 */
#include <stdlib.h>

#include "tcg/fp.h"
#include "tcg/x86_64/asm.h"

enum {
    OPC_MOVUPS_VxWx = 0x10 | P_0F,
    OPC_MOVUPS_WxVx = 0x11 | P_0F,
    OPC_MOVSS_VxWx = 0x10 | P_0F | P_F3,
    OPC_MOVSS_WxVx = 0x11 | P_0F | P_F3,
    OPC_MOVSD_VxWx = 0x10 | P_0F | P_F2,
    OPC_MOVSD_WxVx = 0x11 | P_0F | P_F2,
    OPC_STMXCSR = 0xae | P_0F,      /* /3 */
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

/* xmm <- bytes at base+ofs (4, 8 or 16) and back. */
static void fp_load(TCGContext *s, int xmm, unsigned bytes, int base, intptr_t ofs)
{
    int opc = bytes == 4 ? OPC_MOVSS_VxWx : bytes == 8 ? OPC_MOVSD_VxWx : OPC_MOVUPS_VxWx;

    tcg_out_modrm_offset(s, opc, xmm, base, ofs);
}

static void fp_store(TCGContext *s, int xmm, unsigned bytes, int base, intptr_t ofs)
{
    int opc = bytes == 4 ? OPC_MOVSS_WxVx : bytes == 8 ? OPC_MOVSD_WxVx : OPC_MOVUPS_WxVx;

    tcg_out_modrm_offset(s, opc, xmm, base, ofs);
}

/*
 * The kind's instruction with ModRM.reg = r and the source at base+sofs: a
 * 16-byte source goes through xmm1 (legacy SSE memory forms need 16-byte
 * alignment), smaller ones are read in place.
 */
static void fp_insn(TCGContext *s, const TCGFPKindInfo *k, int r, int base, intptr_t sofs)
{
    if (k->src_bytes == 16) {
        fp_load(s, XMM1, 16, base, sofs);
        tcg_out_modrm(s, fp_opc(k), r, XMM1);
    } else {
        tcg_out_modrm_offset(s, fp_opc(k), r, base, sofs);
    }
}

void tcg_out_fp(TCGContext *s, const TCGOp *op, const TCGArg *a)
{
    const TCGFPKindInfo *k;

    switch (op->opc) {
    case INDEX_op_fp_mxcsr:
        /* stmxcsr -8(%rsp), in the red zone, then into the register */
        tcg_out_modrm_offset(s, OPC_STMXCSR, 3, TCG_REG_RSP, -8);
        tcg_out_ld(s, TCG_TYPE_I32, a[0], TCG_REG_RSP, -8);
        break;
    case INDEX_op_fp_sse:
        k = &tcg_fp_kinds[a[1]];
        fp_load(s, XMM0, k->dst_bytes, a[0], a[2]);
        fp_insn(s, k, XMM0, a[0], a[3]);
        fp_store(s, XMM0, k->dst_bytes, a[0], a[2]);
        break;
    case INDEX_op_fp_sse_r:
        k = &tcg_fp_kinds[a[2]];
        if (k->result == 1) {
            fp_insn(s, k, a[0], a[1], a[4]);
            break;
        }
        /* comis/ucomis: ZF PF CF, the other arithmetic flags cleared */
        fp_load(s, XMM0, k->dst_bytes, a[1], a[3]);
        fp_insn(s, k, XMM0, a[1], a[4]);
        tcg_out8(s, OPC_PUSHFQ);
        tcg_out_opc(s, OPC_POP_r + (a[0] & 7), 0, a[0], 0);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, a[0], 0x8d5);
        break;
    default:
        abort();
    }
}
