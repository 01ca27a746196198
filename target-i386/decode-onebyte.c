/*
 * The one-byte opcode map (SDM vol. 2D, table A-2) and its ModRM.reg groups
 * (table A-6). Prefix bytes and 0F are consumed by the decoder before lookup.
 */
#include "target-i386/decode.h"
#include "target-i386/cpu-internal.h"

#define LK X86_LOCK

/* Group 1 (80-83): the ALU op by ModRM.reg; operands from the opcode. */
static const X86OpEntry grp1[8] = {
    X0(gen_alu, ALU_ADD, LK), X0(gen_alu, ALU_OR, LK), X0(gen_alu, ALU_ADC, LK),
    X0(gen_alu, ALU_SBB, LK), X0(gen_alu, ALU_AND, LK), X0(gen_alu, ALU_SUB, LK),
    X0(gen_alu, ALU_XOR, LK), X0(gen_alu, ALU_CMP, 0),
};

/* Group 1A (8F): pop Ev. */
static const X86OpEntry grp1a[8] = {
    X0(gen_pop, 0, 0), UD, UD, UD, UD, UD, UD, UD,
};

/* Group 2 (C0 C1 D0-D3): rotates and shifts. */
static const X86OpEntry grp2[8] = {
    X0(gen_shift, SH_ROL, 0), X0(gen_shift, SH_ROR, 0), X0(gen_shift, SH_RCL, 0),
    X0(gen_shift, SH_RCR, 0), X0(gen_shift, SH_SHL, 0), X0(gen_shift, SH_SHR, 0),
    X0(gen_shift, SH_SAL, 0), X0(gen_shift, SH_SAR, 0),
};

/* Group 3 (F6, F7). */
static const X86OpEntry grp3b[8] = {
    X2(gen_test, Eb, Ib, 0, 0), X2(gen_test, Eb, Ib, 0, 0), X1(gen_not, Eb, 0, LK),
    X1(gen_neg, Eb, 0, LK), X1(gen_mul, Eb, 0, 0), X1(gen_imul1, Eb, 0, 0),
    X1(gen_div, Eb, 0, 0), X1(gen_div, Eb, 1, 0),
};
static const X86OpEntry grp3v[8] = {
    X2(gen_test, Ev, Iz, 0, 0), X2(gen_test, Ev, Iz, 0, 0), X1(gen_not, Ev, 0, LK),
    X1(gen_neg, Ev, 0, LK), X1(gen_mul, Ev, 0, 0), X1(gen_imul1, Ev, 0, 0),
    X1(gen_div, Ev, 0, 0), X1(gen_div, Ev, 1, 0),
};

/* Group 4 (FE): inc/dec Eb. */
static const X86OpEntry grp4[8] = {
    X1(gen_incdec, Eb, 0, LK), X1(gen_incdec, Eb, 1, LK), UD, UD, UD, UD, UD, UD,
};

/* Group 5 (FF). */
static const X86OpEntry grp5[8] = {
    X1(gen_incdec, Ev, 0, LK), X1(gen_incdec, Ev, 1, LK), X1(gen_call_ind, Ev, 0, 0),
    X1(gen_far_call, Mp, 0, 0), X1(gen_jmp_ind, Ev, 0, 0), X1(gen_far_jmp, Mp, 0, 0),
    X1(gen_push, Ev, 0, 0), UD,
};

/* Group 11 (C6, C7): mov Eb,Ib / Ev,Iz. */
static const X86OpEntry grp11b[8] = {
    X2(gen_mov, Eb, Ib, 0, 0), UD, UD, UD, UD, UD, UD, UD,
};
static const X86OpEntry grp11v[8] = {
    X2(gen_mov, Ev, Iz, 0, 0), UD, UD, UD, UD, UD, UD, UD,
};

/* The eight ALU rows 00-3F: Eb,Gb Ev,Gv Gb,Eb Gv,Ev AL,Ib eAX,Iz. */
#define ALU_ROW(op, fl) \
    X2(gen_alu, Eb, Gb, op, fl), X2(gen_alu, Ev, Gv, op, fl), \
    X2(gen_alu, Gb, Eb, op, 0), X2(gen_alu, Gv, Ev, op, 0), \
    X2(gen_alu, AL, Ib, op, 0), X2(gen_alu, eAX, Iz, op, 0)

/* x87 escapes: the x87 translator computes its own effective address. */
#define ESC X0(gen_x87_escape, 0, X86_MODRM | X86_NOLEA)

const X86OpEntry x86_onebyte_map[256] = {
    /* 00 */ ALU_ROW(ALU_ADD, LK), X1(gen_push_seg, SEG(R_ES), 0, 0),
    X1(gen_pop_seg, SEG(R_ES), 0, 0),
    /* 08 */ ALU_ROW(ALU_OR, LK), X1(gen_push_seg, SEG(R_CS), 0, 0), UD,
    /* 10 */ ALU_ROW(ALU_ADC, LK), X1(gen_push_seg, SEG(R_SS), 0, 0),
    X1(gen_pop_seg, SEG(R_SS), 0, 0),
    /* 18 */ ALU_ROW(ALU_SBB, LK), X1(gen_push_seg, SEG(R_DS), 0, 0),
    X1(gen_pop_seg, SEG(R_DS), 0, 0),
    /* 20 */ ALU_ROW(ALU_AND, LK), UD, X0(gen_bcd, X86_BCD_DAA, 0),
    /* 28 */ ALU_ROW(ALU_SUB, LK), UD, X0(gen_bcd, X86_BCD_DAS, 0),
    /* 30 */ ALU_ROW(ALU_XOR, LK), UD, X0(gen_bcd, X86_BCD_AAA, 0),
    /* 38 */ ALU_ROW(ALU_CMP, 0), UD, X0(gen_bcd, X86_BCD_AAS, 0),
    /* 40 */ X1(gen_incdec, Zv, 0, 0), X1(gen_incdec, Zv, 0, 0), X1(gen_incdec, Zv, 0, 0),
    X1(gen_incdec, Zv, 0, 0), X1(gen_incdec, Zv, 0, 0), X1(gen_incdec, Zv, 0, 0),
    X1(gen_incdec, Zv, 0, 0), X1(gen_incdec, Zv, 0, 0),
    /* 48 */ X1(gen_incdec, Zv, 1, 0), X1(gen_incdec, Zv, 1, 0), X1(gen_incdec, Zv, 1, 0),
    X1(gen_incdec, Zv, 1, 0), X1(gen_incdec, Zv, 1, 0), X1(gen_incdec, Zv, 1, 0),
    X1(gen_incdec, Zv, 1, 0), X1(gen_incdec, Zv, 1, 0),
    /* 50 */ X1(gen_push, Zv, 0, 0), X1(gen_push, Zv, 0, 0), X1(gen_push, Zv, 0, 0),
    X1(gen_push, Zv, 0, 0), X1(gen_push, Zv, 0, 0), X1(gen_push, Zv, 0, 0),
    X1(gen_push, Zv, 0, 0), X1(gen_push, Zv, 0, 0),
    /* 58 */ X1(gen_pop, Zv, 0, 0), X1(gen_pop, Zv, 0, 0), X1(gen_pop, Zv, 0, 0),
    X1(gen_pop, Zv, 0, 0), X1(gen_pop, Zv, 0, 0), X1(gen_pop, Zv, 0, 0),
    X1(gen_pop, Zv, 0, 0), X1(gen_pop, Zv, 0, 0),
    /* 60 */ X0(gen_pusha, 0, 0), X0(gen_popa, 0, 0), X2(gen_bound, Gv, Ma, 0, 0),
    X2(gen_arpl, Ew, Gw, 0, 0), UD, UD, UD, UD,
    /* 68 */ X1(gen_push, Iz, 0, 0), X3(gen_imul3, Gv, Ev, Iz, 0, 0), X1(gen_push, Ibs, 0, 0),
    X3(gen_imul3, Gv, Ev, Ibs, 0, 0), X0(gen_priv, 0, 0), X0(gen_priv, 0, 0),
    X0(gen_priv, 0, 0), X0(gen_priv, 0, 0),
    /* 70 */ X1(gen_jcc, Jb, 0, 0), X1(gen_jcc, Jb, 1, 0), X1(gen_jcc, Jb, 2, 0),
    X1(gen_jcc, Jb, 3, 0), X1(gen_jcc, Jb, 4, 0), X1(gen_jcc, Jb, 5, 0), X1(gen_jcc, Jb, 6, 0),
    X1(gen_jcc, Jb, 7, 0),
    /* 78 */ X1(gen_jcc, Jb, 8, 0), X1(gen_jcc, Jb, 9, 0), X1(gen_jcc, Jb, 10, 0),
    X1(gen_jcc, Jb, 11, 0), X1(gen_jcc, Jb, 12, 0), X1(gen_jcc, Jb, 13, 0),
    X1(gen_jcc, Jb, 14, 0), X1(gen_jcc, Jb, 15, 0),
    /* 80 */ GRP(grp1, Eb, Ib), GRP(grp1, Ev, Iz), GRP(grp1, Eb, Ib), GRP(grp1, Ev, Ibs),
    X2(gen_test, Eb, Gb, 0, 0), X2(gen_test, Ev, Gv, 0, 0), X2(gen_xchg, Eb, Gb, 0, LK),
    X2(gen_xchg, Ev, Gv, 0, LK),
    /* 88 */ X2(gen_mov, Eb, Gb, 0, 0), X2(gen_mov, Ev, Gv, 0, 0), X2(gen_mov, Gb, Eb, 0, 0),
    X2(gen_mov, Gv, Ev, 0, 0), X2(gen_mov, Ev, Sw, 0, 0),
    X2(gen_lea, Gv, Mv, 0, X86_LEA), X2(gen_mov_seg, Sw, Ew, 0, 0), GRP(grp1a, Ev, NOP_),
    /* 90 */ X0(gen_nop, 0, 0), X2(gen_xchg, Zv, eAX, 0, 0), X2(gen_xchg, Zv, eAX, 0, 0),
    X2(gen_xchg, Zv, eAX, 0, 0), X2(gen_xchg, Zv, eAX, 0, 0), X2(gen_xchg, Zv, eAX, 0, 0),
    X2(gen_xchg, Zv, eAX, 0, 0), X2(gen_xchg, Zv, eAX, 0, 0),
    /* 98 */ X0(gen_cbw, 0, 0), X0(gen_cwd, 0, 0), X1(gen_far_call, Ap, 0, 0),
    X0(gen_fwait, 0, 0), X0(gen_pushf, 0, 0), X0(gen_popf, 0, 0), X0(gen_sahf, 0, 0),
    X0(gen_lahf, 0, 0),
    /* A0 */ X2(gen_mov, AL, Ob, 0, 0), X2(gen_mov, eAX, Ov, 0, 0), X2(gen_mov, Ob, AL, 0, 0),
    X2(gen_mov, Ov, eAX, 0, 0), X1(gen_string, AL, X86_STR_MOVS, 0),
    X1(gen_string, eAX, X86_STR_MOVS, 0), X1(gen_string, AL, X86_STR_CMPS, 0),
    X1(gen_string, eAX, X86_STR_CMPS, 0),
    /* A8 */ X2(gen_test, AL, Ib, 0, 0), X2(gen_test, eAX, Iz, 0, 0),
    X1(gen_string, AL, X86_STR_STOS, 0), X1(gen_string, eAX, X86_STR_STOS, 0),
    X1(gen_string, AL, X86_STR_LODS, 0), X1(gen_string, eAX, X86_STR_LODS, 0),
    X1(gen_string, AL, X86_STR_SCAS, 0), X1(gen_string, eAX, X86_STR_SCAS, 0),
    /* B0 */ X2(gen_mov, Zb, Ib, 0, 0), X2(gen_mov, Zb, Ib, 0, 0), X2(gen_mov, Zb, Ib, 0, 0),
    X2(gen_mov, Zb, Ib, 0, 0), X2(gen_mov, Zb, Ib, 0, 0), X2(gen_mov, Zb, Ib, 0, 0),
    X2(gen_mov, Zb, Ib, 0, 0), X2(gen_mov, Zb, Ib, 0, 0),
    /* B8 */ X2(gen_mov, Zv, Iv, 0, 0), X2(gen_mov, Zv, Iv, 0, 0), X2(gen_mov, Zv, Iv, 0, 0),
    X2(gen_mov, Zv, Iv, 0, 0), X2(gen_mov, Zv, Iv, 0, 0), X2(gen_mov, Zv, Iv, 0, 0),
    X2(gen_mov, Zv, Iv, 0, 0), X2(gen_mov, Zv, Iv, 0, 0),
    /* C0 */ GRP(grp2, Eb, Ib), GRP(grp2, Ev, Ib), X1(gen_ret, Iw, 0, 0), X0(gen_ret, 0, 0),
    X2(gen_load_far_ptr, Gv, Mp, R_ES, 0), X2(gen_load_far_ptr, Gv, Mp, R_DS, 0),
    GRP(grp11b, NOP_, NOP_), GRP(grp11v, NOP_, NOP_),
    /* C8 */ X2(gen_enter, Iw, Ib, 0, 0), X0(gen_leave, 0, 0), X1(gen_far_ret, Iw, 0, 0),
    X0(gen_far_ret, 0, 0), X0(gen_int3, 0, 0), X1(gen_int, Ib, 0, 0), X0(gen_into, 0, 0),
    X0(gen_iret, 0, 0),
    /* D0 */ GRP(grp2, Eb, One), GRP(grp2, Ev, One), GRP(grp2, Eb, CL), GRP(grp2, Ev, CL),
    X1(gen_bcd, Ib, X86_BCD_AAM, 0), X1(gen_bcd, Ib, X86_BCD_AAD, 0), X0(gen_salc, 0, 0),
    X0(gen_xlat, 0, 0),
    /* D8 */ ESC, ESC, ESC, ESC, ESC, ESC, ESC, ESC,
    /* E0 */ X1(gen_loop, Jb, 0, 0), X1(gen_loop, Jb, 1, 0), X1(gen_loop, Jb, 2, 0),
    X1(gen_jcxz, Jb, 0, 0), X0(gen_priv, 0, 0), X0(gen_priv, 0, 0), X0(gen_priv, 0, 0),
    X0(gen_priv, 0, 0),
    /* E8 */ X1(gen_call, Jz, 0, 0), X1(gen_jmp, Jz, 0, 0), X1(gen_far_jmp, Ap, 0, 0),
    X1(gen_jmp, Jb, 0, 0), X0(gen_priv, 0, 0), X0(gen_priv, 0, 0), X0(gen_priv, 0, 0),
    X0(gen_priv, 0, 0),
    /* F0 */ UD, X0(gen_icebp, 0, 0), UD, UD, X0(gen_priv, 0, 0), X0(gen_cmc, 0, 0),
    GRP(grp3b, NOP_, NOP_), GRP(grp3v, NOP_, NOP_),
    /* F8 */ X0(gen_clc_stc, 0, 0), X0(gen_clc_stc, 1, 0), X0(gen_priv, 0, 0),
    X0(gen_priv, 0, 0), X0(gen_cld_std, 0, 0), X0(gen_cld_std, 1, 0), GRP(grp4, NOP_, NOP_),
    GRP(grp5, NOP_, NOP_),
};
