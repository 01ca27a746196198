/*
 * The x86-64 code of every TCG op (semantics in tcg/README) and each op's
 * register constraints. BMI1/BMI2/LZCNT/POPCNT/MOVBE are used when cpuid
 * reports them, with plain x86-64 fallbacks.
 */
#include <stddef.h>
#include <string.h>

#include "exec/cpu.h"
#include "exec/translation-block.h"
#include "tcg/fp.h"
#include "tcg/x87.h"
#include "tcg/x86_64/asm.h"

#define RA (TCG_REGS_ALL & ~TCG_REGS_RESERVED)
#define RNOCALL (RA & ~TCG_REGS_CALL_CLOBBERED)

static bool has(TCGContext *s, unsigned f)
{
    return (s->host_features & f) != 0;
}

static TCGArgCt ct_r(uint16_t regs, uint8_t flags)
{
    return (TCGArgCt){ regs, flags, -1 };
}

static TCGArgCt ct_alias(int input)
{
    return (TCGArgCt){ 0, CT_ALIAS, input };
}

void tcg_target_constraint(TCGContext *s, const TCGOp *op, TCGConstraint *ct)
{
    bool bmi2 = has(s, TCG_HOST_BMI2);
    uint16_t raxrdx = R(TCG_REG_RAX) | R(TCG_REG_RDX);

    memset(ct, 0, sizeof(*ct));
    for (int i = 0; i < 2; i++) {
        ct->o[i] = ct_r(RA, 0);
    }
    for (int i = 0; i < 6; i++) {
        ct->i[i] = ct_r(RA, 0);
    }
    switch (op->opc) {
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
    case INDEX_op_brcond:
        ct->i[op->opc == INDEX_op_brcond ? 1 : 0].flags = CT_CONST_S32;
        break;
    case INDEX_op_add:
        /* In place when the first input dies, else lea into a new register. */
        if (op->life & DEAD_ARG(1)) {
            ct->o[0] = ct_alias(0);
        }
        ct->i[1].flags = CT_CONST_S32;
        break;
    case INDEX_op_sub: case INDEX_op_and: case INDEX_op_or:
    case INDEX_op_xor: case INDEX_op_mul:
        ct->o[0] = ct_alias(0);
        ct->i[1].flags = CT_CONST_S32;
        break;
    case INDEX_op_neg: case INDEX_op_not: case INDEX_op_deposit:
        ct->o[0] = ct_alias(0);
        break;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar:
        ct->o[0] = ct_alias(0);
        ct->i[1] = ct_r(bmi2 ? RA : R(TCG_REG_RCX), CT_CONST_ANY);
        break;
    case INDEX_op_rotl: case INDEX_op_rotr:
        ct->o[0] = ct_alias(0);
        ct->i[1] = ct_r(R(TCG_REG_RCX), CT_CONST_ANY);
        break;
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem: case INDEX_op_remu:
    case INDEX_op_mulsh: case INDEX_op_muluh: case INDEX_op_muls2: case INDEX_op_mulu2:
        ct->o[0] = ct_r(R(op->opc == INDEX_op_rem || op->opc == INDEX_op_remu ||
                          op->opc == INDEX_op_mulsh || op->opc == INDEX_op_muluh
                          ? TCG_REG_RDX : TCG_REG_RAX), 0);
        ct->o[1] = ct_r(R(TCG_REG_RDX), 0);
        ct->i[0] = ct_r(R(TCG_REG_RAX), 0);
        ct->i[1] = ct_r(RA & ~raxrdx, 0);
        ct->clobber = raxrdx;
        break;
    case INDEX_op_add2: case INDEX_op_sub2:
        ct->i[2].flags = CT_CONST_S32;
        ct->i[3].flags = CT_CONST_S32;
        break;
    case INDEX_op_clz: case INDEX_op_ctz:
        ct->i[1].flags = CT_CONST_ANY;
        break;
    case INDEX_op_setcond:
        ct->i[1].flags = CT_CONST_S32;
        break;
    case INDEX_op_movcond:
        ct->o[0] = ct_alias(3);
        ct->i[1].flags = CT_CONST_S32;
        break;
    case INDEX_op_x87_r:
        if ((tcg_x87_insn(op) & 0xffff) == TCG_X87_FNSTSW_AX) {
            ct->o[0] = ct_r(R(TCG_REG_RAX), 0);     /* fnstsw ax */
        }
        break;
    case INDEX_op_fp_sse_r:
        if (tcg_fp_kinds[op->args[2]].result == 2) {
            ct->o[0] = ct_r(R(TCG_REG_RAX), 0);     /* comis: lahf (fp.c) */
        }
        break;
    case INDEX_op_goto_lookup:
        ct->i[0] = ct_r(RNOCALL, 0);
        ct->clobber = TCG_REGS_CALL_CLOBBERED;
        break;
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
        if (!s->user_mode) {
            ct->i[0] = ct_r(RNOCALL, 0);
            ct->i[1] = ct_r(RNOCALL, 0);
            ct->clobber = TCG_REGS_CALL_CLOBBERED & ~R(TCG_REG_TMP);
        }
        break;
    default:
        break;
    }
}

static const uint8_t jcc_of_cond[16] = {
    [TCG_COND_EQ] = JCC_JE, [TCG_COND_NE] = JCC_JNE, [TCG_COND_LT] = JCC_JL,
    [TCG_COND_GE] = JCC_JGE, [TCG_COND_LE] = JCC_JLE, [TCG_COND_GT] = JCC_JG,
    [TCG_COND_LTU] = JCC_JB, [TCG_COND_GEU] = JCC_JAE, [TCG_COND_LEU] = JCC_JBE,
    [TCG_COND_GTU] = JCC_JA,
};

static void tcg_out_cmp(TCGContext *s, TCGType type, TCGArg a, TCGArg b, bool bconst)
{
    if (!bconst) {
        tcg_out_arith(s, ARITH_CMP, type, a, b);
    } else if (tcg_normalize(type, b) == 0) {
        tcg_out_modrm(s, OPC_TESTL | P_W(type), a, a);
    } else {
        tcg_out_arithi(s, ARITH_CMP, type, a, b);
    }
}

static uint8_t *tcg_out_jmp_short(TCGContext *s)
{
    tcg_out8(s, 0xeb);
    tcg_out8(s, 0);
    return s->code_ptr - 1;
}

/* rax = a (a copy), b elsewhere; result in rax (div) or rdx (rem). */
static void tcg_out_div(TCGContext *s, TCGOpcode opc, TCGType type, int b)
{
    bool sign = opc == INDEX_op_div || opc == INDEX_op_rem;
    bool rem = opc == INDEX_op_rem || opc == INDEX_op_remu;
    uint8_t *to_zero, *to_neg = NULL, *done1, *done2 = NULL;

    tcg_out_modrm(s, OPC_TESTL | P_W(type), b, b);
    to_zero = tcg_out_jcc_short(s, JCC_JE);
    if (sign) {
        tcg_out_arithi(s, ARITH_CMP, type, b, -1);
        to_neg = tcg_out_jcc_short(s, JCC_JE);
        tcg_out_opc(s, type == TCG_TYPE_I64 ? OPC_CQO : OPC_CDQ, 0, 0, 0);
    } else {
        tcg_out_movi(s, TCG_TYPE_I32, TCG_REG_RDX, 0);
    }
    tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), sign ? EXT3_IDIV : EXT3_DIV, b);
    done1 = tcg_out_jmp_short(s);
    /* x / 0 = 0, x % 0 = x */
    tcg_out_patch8(s, to_zero);
    if (rem) {
        tcg_out_mov(s, type, TCG_REG_RDX, TCG_REG_RAX);
    } else {
        tcg_out_movi(s, TCG_TYPE_I32, TCG_REG_RAX, 0);
    }
    if (sign) {
        /* x / -1 = -x (wrapping: MIN / -1 = MIN), x % -1 = 0 */
        done2 = tcg_out_jmp_short(s);
        tcg_out_patch8(s, to_neg);
        if (rem) {
            tcg_out_movi(s, TCG_TYPE_I32, TCG_REG_RDX, 0);
        } else {
            tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), EXT3_NEG, TCG_REG_RAX);
        }
    }
    tcg_out_patch8(s, done1);
    if (done2) {
        tcg_out_patch8(s, done2);
    }
}

static void tcg_out_logic_not(TCGContext *s, TCGOpcode opc, TCGType type, int o, int a, int b)
{
    switch (opc) {
    case INDEX_op_andc:
        if (has(s, TCG_HOST_BMI1)) {
            tcg_out_vex_modrm(s, OPC_ANDN | P_W(type), o, b, a);
            return;
        }
        tcg_out_mov(s, type, o, b);
        tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), EXT3_NOT, o);
        tcg_out_arith(s, ARITH_AND, type, o, a);
        return;
    case INDEX_op_orc:
        tcg_out_mov(s, type, o, b);
        tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), EXT3_NOT, o);
        tcg_out_arith(s, ARITH_OR, type, o, a);
        return;
    default:
        tcg_out_mov(s, type, o, a);
        tcg_out_arith(s, opc == INDEX_op_eqv ? ARITH_XOR : opc == INDEX_op_nand ? ARITH_AND
                                                                                 : ARITH_OR,
                      type, o, b);
        tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), EXT3_NOT, o);
        return;
    }
}

static void tcg_out_shift(TCGContext *s, TCGOpcode opc, TCGType type, int o, TCGArg b,
                          bool bconst)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    int sub = opc == INDEX_op_shl ? SHIFT_SHL : opc == INDEX_op_shr ? SHIFT_SHR
              : opc == INDEX_op_sar ? SHIFT_SAR : opc == INDEX_op_rotl ? SHIFT_ROL
              : SHIFT_ROR;

    if (bconst) {
        if (b & (w - 1)) {
            tcg_out_shifti(s, sub, type, o, b & (w - 1));
        }
    } else if (has(s, TCG_HOST_BMI2) && sub != SHIFT_ROL && sub != SHIFT_ROR) {
        int vop = sub == SHIFT_SHL ? OPC_SHLX : sub == SHIFT_SHR ? OPC_SHRX : OPC_SARX;
        tcg_out_vex_modrm(s, vop | P_W(type), o, b, o);
    } else {
        tcg_out_modrm(s, OPC_SHIFT_cl | P_W(type), sub, o);
    }
}

static void tcg_out_extract(TCGContext *s, TCGType type, bool sign, int o, int a,
                            unsigned pos, unsigned len)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;

    if (pos == 0 && (len == 8 || len == 16)) {
        int opc = len == 8 ? (sign ? OPC_MOVSBL : OPC_MOVZBL) | P_REXB_RM
                           : (sign ? OPC_MOVSWL : OPC_MOVZWL);
        tcg_out_modrm(s, opc | (sign ? P_W(type) : 0), o, a);
        return;
    }
    if (pos == 0 && len == 32 && w == 64) {
        if (sign) {
            tcg_out_modrm(s, OPC_MOVSLQ, o, a);
        } else {
            tcg_out_mov(s, TCG_TYPE_I32, o, a);
        }
        return;
    }
    tcg_out_mov(s, type, o, a);
    if (pos + len == w) {
        tcg_out_shifti(s, sign ? SHIFT_SAR : SHIFT_SHR, type, o, pos);
    } else if (pos == 0 && len < 32 && !sign) {
        tcg_out_arithi(s, ARITH_AND, type, o, (1u << len) - 1);
    } else {
        tcg_out_shifti(s, SHIFT_SHL, type, o, w - pos - len);
        tcg_out_shifti(s, sign ? SHIFT_SAR : SHIFT_SHR, type, o, w - len);
    }
}

/* o (holding a) gets b's low len bits at pos: rotate the field to bit 0,
 * shift b in from the top with shrd, rotate back. */
static void tcg_out_deposit(TCGContext *s, TCGType type, int o, int b, unsigned pos,
                            unsigned len)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;

    if (len == w) {
        tcg_out_mov(s, type, o, b);
        return;
    }
    /* The low byte or word (x86 partial registers: setcc into al, mov ax):
     * one byte/word move, 1 cycle, where shrd takes 3. */
    if (pos == 0 && (len == 8 || len == 16)) {
        tcg_out_modrm(s, len == 8 ? OPC_MOVB_EvGv | P_REXB_R | P_REXB_RM
                                  : OPC_MOVL_EvGv | P_DATA16, b, o);
        return;
    }
    if (pos) {
        tcg_out_shifti(s, SHIFT_ROR, type, o, pos);
    }
    tcg_out_modrm(s, OPC_SHRD_Ib | P_W(type), b, o);
    tcg_out8(s, len);
    if ((pos + len) % w) {
        tcg_out_shifti(s, SHIFT_ROL, type, o, (pos + len) % w);
    }
}

static void tcg_out_bitcount(TCGContext *s, TCGOpcode opc, TCGType type, int o, int a,
                             TCGArg b, bool bconst)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    bool clz = opc == INDEX_op_clz;
    bool fast = has(s, clz ? TCG_HOST_LZCNT : TCG_HOST_BMI1);
    int src = b;

    if (bconst && fast && tcg_normalize(type, b) == w) {
        tcg_out_modrm(s, (clz ? OPC_LZCNT : OPC_TZCNT) | P_W(type), o, a);
        return;
    }
    if (bconst) {
        tcg_out_movi(s, type, TCG_REG_TMP, b);
        src = TCG_REG_TMP;
    }
    if (fast) {
        /* lzcnt/tzcnt set CF for a zero input. */
        tcg_out_modrm(s, (clz ? OPC_LZCNT : OPC_TZCNT) | P_W(type), o, a);
        tcg_out_modrm(s, (OPC_CMOVCC + JCC_JB) | P_W(type), o, src);
    } else if (clz) {
        /* bsr gives the index of the top bit; clz = index ^ (w - 1). */
        if (src != TCG_REG_TMP) {
            tcg_out_mov(s, type, TCG_REG_TMP, src);
        }
        tcg_out_arithi(s, ARITH_XOR, type, TCG_REG_TMP, w - 1);
        tcg_out_modrm(s, OPC_BSR | P_W(type), o, a);
        tcg_out_modrm(s, (OPC_CMOVCC + JCC_JE) | P_W(type), o, TCG_REG_TMP);
        tcg_out_arithi(s, ARITH_XOR, type, o, w - 1);
    } else {
        tcg_out_modrm(s, OPC_BSF | P_W(type), o, a);
        tcg_out_modrm(s, (OPC_CMOVCC + JCC_JE) | P_W(type), o, src);
    }
}

static void tcg_out_ctpop(TCGContext *s, TCGType type, int o, int a)
{
    uint8_t *loop;

    if (has(s, TCG_HOST_POPCNT)) {
        tcg_out_modrm(s, OPC_POPCNT | P_W(type), o, a);
        return;
    }
    /* Count the bits shifted out, one by one. */
    tcg_out_movi(s, TCG_TYPE_I32, o, 0);
    tcg_out_mov(s, type, TCG_REG_TMP, a);
    loop = s->code_ptr;
    tcg_out_shifti(s, SHIFT_SHR, type, TCG_REG_TMP, 1);
    tcg_out_arithi(s, ARITH_ADC, TCG_TYPE_I32, o, 0);
    tcg_out_modrm(s, OPC_TESTL | P_W(type), TCG_REG_TMP, TCG_REG_TMP);
    tcg_out8(s, 0x70 + JCC_JNE);
    tcg_out8(s, (uint8_t)(loop - (s->code_ptr + 1)));
}

static void tcg_out_ldst_host(TCGContext *s, TCGOpcode opc, TCGType type, TCGArg v,
                              bool vconst, int base, intptr_t ofs)
{
    switch (opc) {
    case INDEX_op_ld8u:
        tcg_out_modrm_offset(s, OPC_MOVZBL, v, base, ofs);
        break;
    case INDEX_op_ld8s:
        tcg_out_modrm_offset(s, OPC_MOVSBL | P_W(type), v, base, ofs);
        break;
    case INDEX_op_ld16u:
        tcg_out_modrm_offset(s, OPC_MOVZWL, v, base, ofs);
        break;
    case INDEX_op_ld16s:
        tcg_out_modrm_offset(s, OPC_MOVSWL | P_W(type), v, base, ofs);
        break;
    case INDEX_op_ld32u:
        tcg_out_ld(s, TCG_TYPE_I32, v, base, ofs);
        break;
    case INDEX_op_ld32s:
        tcg_out_modrm_offset(s, OPC_MOVSLQ, v, base, ofs);
        break;
    case INDEX_op_ld:
        tcg_out_ld(s, type, v, base, ofs);
        break;
    case INDEX_op_st8:
        if (vconst) {
            tcg_out_modrm_offset(s, OPC_MOVB_EvIz, 0, base, ofs);
            tcg_out8(s, v);
        } else {
            tcg_out_modrm_offset(s, OPC_MOVB_EvGv | P_REXB_R, v, base, ofs);
        }
        break;
    case INDEX_op_st16:
        if (vconst) {
            tcg_out_modrm_offset(s, OPC_MOVL_EvIz | P_DATA16, 0, base, ofs);
            tcg_out16(s, v);
        } else {
            tcg_out_modrm_offset(s, OPC_MOVL_EvGv | P_DATA16, v, base, ofs);
        }
        break;
    default: {
        TCGType t = opc == INDEX_op_st32 ? TCG_TYPE_I32 : type;
        if (vconst) {
            tcg_out_sti(s, t, v, base, ofs);
        } else {
            tcg_out_st(s, t, v, base, ofs);
        }
        break;
    }
    }
}

static void tcg_out_rol16(TCGContext *s, int r)
{
    tcg_out_modrm(s, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, r);
    tcg_out8(s, 8);
}

/*
 * User mode: [guest_base + zero-extended 32-bit address]. The address is an
 * i32 temp, and every i32 value the backend leaves in a register is already
 * zero-extended (32-bit x86 ops clear bits 32-63; helper results are
 * zero-extended after the call), so it indexes directly.
 */
static void tcg_out_qemu_ld_direct(TCGContext *s, TCGType type, int o, int b, int x, MemOp mop,
                                   intptr_t disp)
{
    bool sign = mop & MO_SIGN, bswap = mop & MO_BSWAP;

    switch (mop & MO_SIZE) {
    case MO_8:
        tcg_out_modrm_sib(s, (sign ? OPC_MOVSBL | P_W(type) : OPC_MOVZBL), o, b, x, disp);
        break;
    case MO_16:
        tcg_out_modrm_sib(s, sign && !bswap ? OPC_MOVSWL | P_W(type) : OPC_MOVZWL, o, b, x, disp);
        if (bswap) {
            tcg_out_rol16(s, o);
            if (sign) {
                tcg_out_modrm(s, OPC_MOVSWL | P_W(type), o, o);
            }
        }
        break;
    case MO_32:
        if (bswap && has(s, TCG_HOST_MOVBE)) {
            tcg_out_modrm_sib(s, OPC_MOVBE_GyMy, o, b, x, disp);
        } else {
            tcg_out_modrm_sib(s, OPC_MOVL_GvEv, o, b, x, disp);
            if (bswap) {
                tcg_out_opc(s, OPC_BSWAP + (o & 7), 0, o, 0);
            }
        }
        if (sign && type == TCG_TYPE_I64) {
            tcg_out_modrm(s, OPC_MOVSLQ, o, o);
        }
        break;
    default:
        if (bswap && has(s, TCG_HOST_MOVBE)) {
            tcg_out_modrm_sib(s, OPC_MOVBE_GyMy | P_REXW, o, b, x, disp);
        } else {
            tcg_out_modrm_sib(s, OPC_MOVL_GvEv | P_REXW, o, b, x, disp);
            if (bswap) {
                tcg_out_opc(s, (OPC_BSWAP + (o & 7)) | P_REXW, 0, o, 0);
            }
        }
        break;
    }
}

/* Byte-swap the low `size` bytes of r (a scratch register) for a store. */
static void tcg_out_bswap_reg(TCGContext *s, MemOp size, int r)
{
    if (size == MO_16) {
        tcg_out_rol16(s, r);
    } else {
        tcg_out_opc(s, (OPC_BSWAP + (r & 7)) | (size == MO_64 ? P_REXW : 0), 0, r, 0);
    }
}

static void tcg_out_qemu_st_direct(TCGContext *s, int v, int b, int x, MemOp mop, intptr_t disp)
{
    MemOp size = mop & MO_SIZE;
    int w = size == MO_16 ? P_DATA16 : size == MO_64 ? P_REXW : 0;

    if (size == MO_8) {
        tcg_out_modrm_sib(s, OPC_MOVB_EvGv | P_REXB_R, v, b, x, disp);
    } else if (!(mop & MO_BSWAP)) {
        tcg_out_modrm_sib(s, OPC_MOVL_EvGv | w, v, b, x, disp);
    } else if (has(s, TCG_HOST_MOVBE)) {
        tcg_out_modrm_sib(s, OPC_MOVBE_MyGy | w, v, b, x, disp);
    } else {
        /* Swap a copy: v's register keeps its value even if the store faults
         * (a global's value there is what tcg/fault.c gives the handler). */
        tcg_out_mov(s, TCG_TYPE_I64, TCG_REG_TMP, v);
        tcg_out_bswap_reg(s, size, TCG_REG_TMP);
        tcg_out_modrm_sib(s, OPC_MOVL_EvGv | w, TCG_REG_TMP, b, x, disp);
    }
}

/* lea reg, [rip]: a host address inside the current guest insn. */
static void tcg_out_here(TCGContext *s, int reg)
{
    tcg_out_opc(s, OPC_LEA | P_REXW, reg, 0, 0);
    tcg_out8(s, (reg & 7) << 3 | 5);
    tcg_out32(s, 0);
}

/*
 * System mode: look the page up in the CPU's software TLB inline (exec/cpu.h,
 * CPUTLBEntry); on a hit access addend + addr directly, on a miss call the
 * machine's accessor. The allocator has freed every call-clobbered register
 * for this op (its constraint), so rsi, rdi, rdx, rcx, r8 and rax are ours.
 */
static void tcg_out_qemu_ldst_sys(TCGContext *s, bool ld, TCGType type, int v, int addr,
                                  MemOpIdx oi)
{
    MemOp mop = get_memop(oi);
    unsigned mmu = get_mmuidx(oi), size = 1u << (mop & MO_SIZE);
    intptr_t tlb = (intptr_t)offsetof(CPUState, tlb[mmu & (NB_MMU_MODES - 1)]) -
                   s->env_offset;
    intptr_t cmp_ofs = tlb + (ld ? offsetof(CPUTLBEntry, addr_read)
                                 : offsetof(CPUTLBEntry, addr_write));
    uint8_t *to_slow = NULL, *to_done = NULL;

    tcg_out_mov(s, TCG_TYPE_I32, TCG_REG_RSI, addr);
    if (mmu < NB_MMU_MODES) {
        tcg_out_mov(s, TCG_TYPE_I32, TCG_REG_RDI, TCG_REG_RSI);
        tcg_out_shifti(s, SHIFT_SHR, TCG_TYPE_I32, TCG_REG_RDI, TARGET_PAGE_BITS);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_RDI, CPU_TLB_SIZE - 1);
        tcg_out_shifti(s, SHIFT_SHL, TCG_TYPE_I32, TCG_REG_RDI, 5);   /* 32-byte entries */
        /* The page of the last byte must be the entry's page: no crossing. */
        tcg_out_modrm_offset(s, OPC_LEA, TCG_REG_RDX, TCG_REG_RSI, size - 1);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_RDX, (int32_t)TARGET_PAGE_MASK);
        tcg_out_modrm_sib(s, OPC_ARITH_GvEv + (ARITH_CMP << 3), TCG_REG_RDX, TCG_REG_ENV,
                          TCG_REG_RDI, cmp_ofs);
        tcg_out8(s, 0x70 + JCC_JNE);
        tcg_out8(s, 0);
        to_slow = s->code_ptr - 1;
        tcg_out_modrm_sib(s, OPC_MOVL_GvEv | P_REXW, TCG_REG_RDI, TCG_REG_ENV, TCG_REG_RDI,
                          tlb + offsetof(CPUTLBEntry, addend));
        if (ld) {
            tcg_out_qemu_ld_direct(s, type, v, TCG_REG_RDI, TCG_REG_RSI, mop, 0);
        } else {
            tcg_out_qemu_st_direct(s, v, TCG_REG_RDI, TCG_REG_RSI, mop, 0);
        }
        tcg_out8(s, 0xeb);
        tcg_out8(s, 0);
        to_done = s->code_ptr - 1;
        tcg_out_patch8(s, to_slow);
    }
    if (!ld) {
        tcg_out_mov(s, TCG_TYPE_I64, TCG_REG_RDX, v);
    }
    tcg_out_modrm_offset(s, OPC_LEA | P_REXW, TCG_REG_RDI, TCG_REG_ENV, -s->env_offset);
    tcg_out_movi(s, TCG_TYPE_I32, ld ? TCG_REG_RDX : TCG_REG_RCX, oi);
    tcg_out_here(s, ld ? TCG_REG_RCX : TCG_REG_R8);
    tcg_out_call(s, ld ? s->hooks.mem_ld : s->hooks.mem_st);
    if (ld) {
        if (!(mop & MO_SIGN) || (mop & MO_SIZE) == MO_64) {
            tcg_out_mov(s, type, v, TCG_REG_RAX);
        } else if ((mop & MO_SIZE) == MO_8) {
            tcg_out_modrm(s, OPC_MOVSBL | P_W(type), v, TCG_REG_RAX);
        } else if ((mop & MO_SIZE) == MO_16) {
            tcg_out_modrm(s, OPC_MOVSWL | P_W(type), v, TCG_REG_RAX);
        } else if (type == TCG_TYPE_I64) {
            tcg_out_modrm(s, OPC_MOVSLQ, v, TCG_REG_RAX);
        } else {
            tcg_out_mov(s, TCG_TYPE_I32, v, TCG_REG_RAX);
        }
    }
    if (to_done) {
        tcg_out_patch8(s, to_done);
    }
}

static void tcg_out_goto_tb(TCGContext *s, unsigned slot)
{
    /* The rel32 is 4-byte aligned so that chaining patches it atomically. */
    while (((uintptr_t)s->code_ptr + 1) & 3) {
        tcg_out_nop(s);
    }
    tcg_out8(s, OPC_JMP_long);
    s->goto_tb_jmp[slot] = s->code_ptr - s->code_start;
    tcg_out32(s, 0);
    s->goto_tb_reset[slot] = s->code_ptr - s->code_start;
}

static void tcg_out_exit_tb(TCGContext *s, uintptr_t val)
{
    if (val == 0) {
        tcg_out_jmp_abs(s, s->epilogue_zero);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_RAX, val);
        tcg_out_jmp_abs(s, s->epilogue);
    }
}

/*
 * goto_lookup: the jump-cache probe of tb_lookup_ptr (exec/cpu-exec.c) in
 * host code. pc is the key's pc global; rax = full pc, rdx = slot, then the
 * candidate TB, rcx scratch. A hit needs the same pc, cs_base and flags and
 * cflags 0 (the default when chaining is on; every TB has CF_NOCHAIN
 * otherwise); anything else calls the lookup, which also refills the cache.
 * A cached TB is never invalid: exec fills the cache under the TB lock, under
 * which an invalidation clears the TB's slot in every CPU's cache.
 */
static void tcg_out_goto_lookup(TCGContext *s, int pc)
{
    const intptr_t cpu = -s->env_offset;
    uint8_t *miss[4];
    int n = 0;

    _Static_assert(offsetof(TranslationBlock, cflags) ==
                   offsetof(TranslationBlock, flags) + 4, "flags then cflags");
    tcg_out_mov(s, TCG_TYPE_I32, TCG_REG_RAX, pc);
    if (s->key_cs_base_ofs >= 0) {
        tcg_out_modrm_offset(s, OPC_ARITH_GvEv + (ARITH_ADD << 3), TCG_REG_RAX, TCG_REG_ENV,
                             s->key_cs_base_ofs);
    }
    tcg_out_mov(s, TCG_TYPE_I32, TCG_REG_RDX, TCG_REG_RAX);     /* tb_jmp_cache_hash */
    tcg_out_shifti(s, SHIFT_SHR, TCG_TYPE_I32, TCG_REG_RDX, TB_JMP_CACHE_BITS);
    tcg_out_arith(s, ARITH_XOR, TCG_TYPE_I32, TCG_REG_RDX, TCG_REG_RAX);
    tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_RDX, TB_JMP_CACHE_SIZE - 1);
    tcg_out_ld(s, TCG_TYPE_I64, TCG_REG_RCX, TCG_REG_ENV,
               cpu + offsetof(CPUState, tb_jmp_cache));
    tcg_out_modrm_sib_scaled(s, OPC_MOVL_GvEv | P_REXW, TCG_REG_RDX, TCG_REG_RCX, TCG_REG_RDX,
                             3, 0);
    tcg_out_modrm(s, OPC_TESTL | P_REXW, TCG_REG_RDX, TCG_REG_RDX);
    miss[n++] = tcg_out_jcc_short(s, JCC_JE);
    tcg_out_modrm_offset(s, (OPC_ARITH_GvEv + (ARITH_CMP << 3)) | P_REXW, TCG_REG_RAX,
                         TCG_REG_RDX, offsetof(TranslationBlock, pc));
    miss[n++] = tcg_out_jcc_short(s, JCC_JNE);
    if (s->key_cs_base_ofs >= 0) {
        tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_RCX, TCG_REG_ENV, s->key_cs_base_ofs);
    } else {
        tcg_out_movi(s, TCG_TYPE_I32, TCG_REG_RCX, 0);
    }
    tcg_out_modrm_offset(s, (OPC_ARITH_GvEv + (ARITH_CMP << 3)) | P_REXW, TCG_REG_RCX,
                         TCG_REG_RDX, offsetof(TranslationBlock, cs_base));
    miss[n++] = tcg_out_jcc_short(s, JCC_JNE);
    /* flags and cflags in one compare: the zero-extended flags, cflags 0. */
    tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_RCX, TCG_REG_ENV, s->key_flags_ofs);
    tcg_out_modrm_offset(s, (OPC_ARITH_GvEv + (ARITH_CMP << 3)) | P_REXW, TCG_REG_RCX,
                         TCG_REG_RDX, offsetof(TranslationBlock, flags));
    miss[n++] = tcg_out_jcc_short(s, JCC_JNE);
    tcg_out_modrm_offset(s, OPC_GRP5, EXT5_JMP_Ev, TCG_REG_RDX,
                         offsetof(TranslationBlock, tc_ptr));
    for (int i = 0; i < n; i++) {
        tcg_out_patch8(s, miss[i]);
    }
    tcg_out_modrm_offset(s, OPC_LEA | P_REXW, tcg_target_call_iarg_regs[0], TCG_REG_ENV, cpu);
    tcg_out_fp_before_call(s);
    tcg_out_call(s, s->hooks.lookup_tb_ptr);
    tcg_out_fp_after_call(s);
    tcg_out_modrm(s, OPC_GRP5, EXT5_JMP_Ev, TCG_REG_RAX);
}

static void tcg_out_double(TCGContext *s, const TCGOp *op, const TCGArg *a, const bool *c)
{
    TCGType type = op->type;
    bool add = op->opc == INDEX_op_add2;

    tcg_out_mov(s, type, a[0], a[2]);
    tcg_out_mov(s, type, a[1], a[3]);
    if (c[4]) {
        tcg_out_arithi(s, add ? ARITH_ADD : ARITH_SUB, type, a[0], a[4]);
    } else {
        tcg_out_arith(s, add ? ARITH_ADD : ARITH_SUB, type, a[0], a[4]);
    }
    if (c[5]) {
        tcg_out_arithi(s, add ? ARITH_ADC : ARITH_SBB, type, a[1], a[5]);
    } else {
        tcg_out_arith(s, add ? ARITH_ADC : ARITH_SBB, type, a[1], a[5]);
    }
}

static void tcg_out_conv(TCGContext *s, TCGOpcode opc, TCGType type, int o, int a)
{
    switch (opc) {
    case INDEX_op_ext8s:
        tcg_out_modrm(s, OPC_MOVSBL | P_REXB_RM | P_W(type), o, a);
        break;
    case INDEX_op_ext8u:
        tcg_out_modrm(s, OPC_MOVZBL | P_REXB_RM, o, a);
        break;
    case INDEX_op_ext16s:
        tcg_out_modrm(s, OPC_MOVSWL | P_W(type), o, a);
        break;
    case INDEX_op_ext16u:
        tcg_out_modrm(s, OPC_MOVZWL, o, a);
        break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        tcg_out_modrm(s, OPC_MOVSLQ, o, a);
        break;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32:
        tcg_out_modrm(s, OPC_MOVL_GvEv, o, a);
        break;
    case INDEX_op_extrh_i64_i32:
        tcg_out_mov(s, TCG_TYPE_I64, o, a);
        tcg_out_shifti(s, SHIFT_SHR, TCG_TYPE_I64, o, 32);
        break;
    case INDEX_op_bswap16:
        tcg_out_modrm(s, OPC_MOVZWL, o, a);
        tcg_out_rol16(s, o);
        break;
    case INDEX_op_bswap32:
        tcg_out_mov(s, TCG_TYPE_I32, o, a);
        tcg_out_opc(s, OPC_BSWAP + (o & 7), 0, o, 0);
        break;
    case INDEX_op_bswap64:
        tcg_out_mov(s, TCG_TYPE_I64, o, a);
        tcg_out_opc(s, (OPC_BSWAP + (o & 7)) | P_REXW, 0, o, 0);
        break;
    default:
        break;
    }
}

void tcg_out_op(TCGContext *s, const TCGOp *op, const TCGArg *a, const bool *c)
{
    TCGType type = op->type;
    TCGOpcode opc = op->opc;

    switch (opc) {
    case INDEX_op_add:
        if (a[0] == a[1]) {
            if (c[2]) {
                tcg_out_arithi(s, ARITH_ADD, type, a[0], a[2]);
            } else {
                tcg_out_arith(s, ARITH_ADD, type, a[0], a[2]);
            }
        } else if (c[2]) {
            tcg_out_modrm_offset(s, OPC_LEA | P_W(type), a[0], a[1], (int32_t)a[2]);
        } else if (a[0] == a[2]) {
            tcg_out_arith(s, ARITH_ADD, type, a[0], a[1]);
        } else {
            tcg_out_modrm_sib(s, OPC_LEA | P_W(type), a[0], a[1], a[2], 0);
        }
        break;
    case INDEX_op_sub: case INDEX_op_and: case INDEX_op_or:
    case INDEX_op_xor: {
        int ar = opc == INDEX_op_add ? ARITH_ADD : opc == INDEX_op_sub ? ARITH_SUB
                 : opc == INDEX_op_and ? ARITH_AND : opc == INDEX_op_or ? ARITH_OR : ARITH_XOR;
        if (c[2]) {
            tcg_out_arithi(s, ar, type, a[0], a[2]);
        } else {
            tcg_out_arith(s, ar, type, a[0], a[2]);
        }
        break;
    }
    case INDEX_op_mul:
        if (c[2]) {
            tcg_out_modrm(s, OPC_IMUL_GvEvIz | P_W(type), a[0], a[0]);
            tcg_out32(s, a[2]);
        } else {
            tcg_out_modrm(s, OPC_IMUL_GvEv | P_W(type), a[0], a[2]);
        }
        break;
    case INDEX_op_neg:
    case INDEX_op_not:
        tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), opc == INDEX_op_neg ? EXT3_NEG : EXT3_NOT,
                      a[0]);
        break;
    case INDEX_op_andc: case INDEX_op_orc: case INDEX_op_eqv: case INDEX_op_nand:
    case INDEX_op_nor:
        tcg_out_logic_not(s, opc, type, a[0], a[1], a[2]);
        break;
    case INDEX_op_shl: case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl:
    case INDEX_op_rotr:
        tcg_out_shift(s, opc, type, a[0], a[2], c[2]);
        break;
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem: case INDEX_op_remu:
        tcg_out_div(s, opc, type, a[2]);
        break;
    case INDEX_op_mulsh: case INDEX_op_muls2:
        tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), EXT3_IMUL, opc == INDEX_op_mulsh ? a[2] : a[3]);
        break;
    case INDEX_op_muluh: case INDEX_op_mulu2:
        tcg_out_modrm(s, OPC_GRP3_Ev | P_W(type), EXT3_MUL, opc == INDEX_op_muluh ? a[2] : a[3]);
        break;
    case INDEX_op_add2: case INDEX_op_sub2:
        tcg_out_double(s, op, a, c);
        break;
    case INDEX_op_extract:
    case INDEX_op_sextract:
        tcg_out_extract(s, type, opc == INDEX_op_sextract, a[0], a[1], a[2], a[3]);
        break;
    case INDEX_op_deposit:
        tcg_out_deposit(s, type, a[0], a[2], a[3], a[4]);
        break;
    case INDEX_op_clz: case INDEX_op_ctz:
        tcg_out_bitcount(s, opc, type, a[0], a[1], a[2], c[2]);
        break;
    case INDEX_op_ctpop:
        tcg_out_ctpop(s, type, a[0], a[1]);
        break;
    case INDEX_op_setcond:
        if ((a[3] & 15) <= TCG_COND_ALWAYS) {
            tcg_out_movi(s, TCG_TYPE_I32, a[0], a[3] == TCG_COND_ALWAYS);
            break;
        }
        tcg_out_movi(s, TCG_TYPE_I32, a[0], 0);
        tcg_out_cmp(s, type, a[1], a[2], c[2]);
        tcg_out_modrm(s, OPC_SETCC + jcc_of_cond[a[3] & 15], 0, a[0]);
        break;
    case INDEX_op_movcond:
        if ((a[5] & 15) <= TCG_COND_ALWAYS) {
            if (a[5] == TCG_COND_ALWAYS) {
                tcg_out_mov(s, type, a[0], a[3]);
            }
            break;
        }
        tcg_out_cmp(s, type, a[1], a[2], c[2]);
        tcg_out_modrm(s, (OPC_CMOVCC + jcc_of_cond[a[5] & 15]) | P_W(type), a[0], a[3]);
        break;
    case INDEX_op_brcond:
        if ((a[2] & 15) <= TCG_COND_ALWAYS) {
            if (a[2] == TCG_COND_ALWAYS) {
                tcg_out_jmp_label(s, arg_label(a[3]));
            }
            break;
        }
        tcg_out_cmp(s, type, a[0], a[1], c[1]);
        tcg_out_jcc_label(s, jcc_of_cond[a[2] & 15], arg_label(a[3]));
        break;
    case INDEX_op_br:
        tcg_out_jmp_label(s, arg_label(a[0]));
        break;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld: case INDEX_op_st8:
    case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st:
        tcg_out_ldst_host(s, opc, type, a[0], c[0], a[1], a[2]);
        break;
    case INDEX_op_qemu_ld:
        if (s->user_mode) {
            tcg_out_qemu_ld_direct(s, type, a[0], TCG_REG_GUEST_BASE, a[1], get_memop(a[2]), a[3]);
        } else {
            tcg_out_qemu_ldst_sys(s, true, type, a[0], a[1], a[2]);
        }
        break;
    case INDEX_op_qemu_st:
        if (s->user_mode) {
            tcg_out_qemu_st_direct(s, a[0], TCG_REG_GUEST_BASE, a[1], get_memop(a[2]), a[3]);
        } else {
            tcg_out_qemu_ldst_sys(s, false, type, a[0], a[1], a[2]);
        }
        break;
    case INDEX_op_goto_tb:
        tcg_out_goto_tb(s, a[0]);
        break;
    case INDEX_op_exit_tb:
        tcg_out_exit_tb(s, a[0]);
        break;
    case INDEX_op_goto_ptr:
        tcg_out_modrm(s, OPC_GRP5, EXT5_JMP_Ev, a[0]);
        break;
    case INDEX_op_goto_lookup:
        tcg_out_goto_lookup(s, a[0]);
        break;
    case INDEX_op_fp_sync: case INDEX_op_fp_flags_or: case INDEX_op_fp_sse: case INDEX_op_fp_sse_m:
    case INDEX_op_fp_sse_r: case INDEX_op_fp_st_m: case INDEX_op_fp_align:
        tcg_out_fp(s, op, a);
        break;
    case INDEX_op_x87: case INDEX_op_x87_m: case INDEX_op_x87_r: case INDEX_op_x87_cmov:
        tcg_out_x87(s, op, a);
        break;
    case INDEX_op_mb:
        /* x86 is TSO: only store-then-load ordering needs a fence. */
        if (a[0] & TCG_MO_ST_LD) {
            tcg_out_opc(s, OPC_MFENCE, 0, 0, 0);
            tcg_out8(s, 0xf0);
        }
        break;
    default:
        tcg_out_conv(s, opc, type, a[0], a[1]);
        break;
    }
}
