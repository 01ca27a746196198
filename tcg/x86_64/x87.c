/*
 * x86-64 code of the host x87 ops (tcg/x87.h): the guest's instruction itself,
 * with a memory operand rewritten to [guest_base + addr]. 64-bit mode runs
 * every x87 encoding as 32-bit mode does (without REX.W the environment and
 * save images are the 32-bit ones), so nothing else changes.
 */
#include <stdlib.h>

#include "tcg/x87.h"
#include "tcg/x86_64/asm.h"

enum {
    OPC_FCMOVNE = 0xdb,         /* DB C8+i */
    OPC_FWAIT = 0x9b,
    OPC_PUSHFQ = 0x9c,
    OPC_POP_r = 0x58,
};

void tcg_out_x87(TCGContext *s, const TCGOp *op, const TCGArg *a)
{
    uint32_t insn = tcg_x87_insn(op);
    unsigned b = (insn >> 8) & 0xff, modrm = insn & 0xff;

    switch (op->opc) {
    case INDEX_op_x87:
        if ((insn & 0xff00) == TCG_X87_FWAIT) {
            tcg_out8(s, OPC_FWAIT);
        } else {
            tcg_out8(s, b);
            tcg_out8(s, modrm);
        }
        break;
    case INDEX_op_x87_m:
        /* a[0]: the address, an i32 register (zero-extended) */
        tcg_out_modrm_sib(s, b, (modrm >> 3) & 7, TCG_REG_GUEST_BASE, a[0], 0);
        break;
    case INDEX_op_x87_r:
        tcg_out8(s, b);
        tcg_out8(s, modrm);
        if ((insn & 0xffff) == TCG_X87_FNSTSW_AX) {
            /* a[0] is rax (constraint): keep the i32 zero-extended */
            tcg_out_modrm(s, OPC_MOVZWL, a[0], a[0]);
        } else {
            tcg_out8(s, OPC_PUSHFQ);
            tcg_out_opc(s, OPC_POP_r + (a[0] & 7), 0, a[0], 0);
            tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, a[0], 0x8d5);
        }
        break;
    case INDEX_op_x87_cmov:
        tcg_out_modrm(s, OPC_TESTL, a[0], a[0]);
        tcg_out8(s, OPC_FCMOVNE);
        tcg_out8(s, modrm);
        break;
    default:
        abort();
    }
}
