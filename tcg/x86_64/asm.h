/*
 * x86-64 instruction encoding (Intel SDM vol. 2, chapter 2): prefixes, REX,
 * VEX, ModRM/SIB. The opcode constants carry their prefixes as flag bits.
 */
#ifndef TCG_X86_64_ASM_H
#define TCG_X86_64_ASM_H

#include <string.h>

#include "tcg/x86_64/tcg-target.h"

#define P_0F 0x100
#define P_0F38 0x200
#define P_DATA16 0x400
#define P_REXW 0x800
#define P_REXB_R 0x1000     /* byte register in ModRM.reg */
#define P_REXB_RM 0x2000    /* byte register in ModRM.rm */
#define P_F3 0x4000
#define P_F2 0x8000
#define P_VEXL0 0x10000     /* VEX-encoded (only used with P_0F38) */

/* The REX.W prefix when the op works on 64 bits. */
#define P_W(type) ((type) == TCG_TYPE_I64 ? P_REXW : 0)

enum {
    OPC_ARITH_EvIz = 0x81,
    OPC_ARITH_EvIb = 0x83,
    OPC_ARITH_GvEv = 0x03,      /* + (ARITH_x << 3) */
    OPC_ANDN = 0xf2 | P_0F38 | P_VEXL0,
    OPC_BSF = 0xbc | P_0F,
    OPC_BSR = 0xbd | P_0F,
    OPC_BSWAP = 0xc8 | P_0F,
    OPC_CALL_Jz = 0xe8,
    OPC_CMOVCC = 0x40 | P_0F,
    OPC_CQO = 0x99 | P_REXW,
    OPC_CDQ = 0x99,
    OPC_GRP3_Ev = 0xf7,
    OPC_GRP5 = 0xff,
    OPC_IMUL_GvEv = 0xaf | P_0F,
    OPC_IMUL_GvEvIz = 0x69,
    OPC_JCC_long = 0x80 | P_0F,
    OPC_JMP_long = 0xe9,
    OPC_LEA = 0x8d,
    OPC_LZCNT = 0xbd | P_0F | P_F3,
    OPC_MFENCE = 0xae | P_0F,
    OPC_MOVB_EvGv = 0x88,
    OPC_MOVB_EvIz = 0xc6,
    OPC_MOVL_EvGv = 0x89,
    OPC_MOVL_GvEv = 0x8b,
    OPC_MOVL_EvIz = 0xc7,
    OPC_MOVL_Iv = 0xb8,
    OPC_MOVBE_GyMy = 0xf0 | P_0F38,
    OPC_MOVBE_MyGy = 0xf1 | P_0F38,
    OPC_MOVSBL = 0xbe | P_0F,
    OPC_MOVSWL = 0xbf | P_0F,
    OPC_MOVSLQ = 0x63 | P_REXW,
    OPC_MOVZBL = 0xb6 | P_0F,
    OPC_MOVZWL = 0xb7 | P_0F,
    OPC_POPCNT = 0xb8 | P_0F | P_F3,
    OPC_SARX = 0xf7 | P_0F38 | P_VEXL0 | P_F3,
    OPC_SETCC = 0x90 | P_0F | P_REXB_RM,
    OPC_SHIFT_1 = 0xd1,
    OPC_SHIFT_Ib = 0xc1,
    OPC_SHIFT_cl = 0xd3,
    OPC_SHLX = 0xf7 | P_0F38 | P_VEXL0 | P_DATA16,
    OPC_SHRD_Ib = 0xac | P_0F,
    OPC_SHRX = 0xf7 | P_0F38 | P_VEXL0 | P_F2,
    OPC_TESTL = 0x85,
    OPC_TZCNT = 0xbc | P_0F | P_F3,
};

enum { ARITH_ADD, ARITH_OR, ARITH_ADC, ARITH_SBB, ARITH_AND, ARITH_SUB, ARITH_XOR, ARITH_CMP };
enum { SHIFT_ROL = 0, SHIFT_ROR = 1, SHIFT_SHL = 4, SHIFT_SHR = 5, SHIFT_SAR = 7 };
enum { EXT3_NOT = 2, EXT3_NEG = 3, EXT3_MUL = 4, EXT3_IMUL = 5, EXT3_DIV = 6, EXT3_IDIV = 7 };
enum { EXT5_CALL_Ev = 2, EXT5_JMP_Ev = 4 };

enum {
    JCC_JO, JCC_JNO, JCC_JB, JCC_JAE, JCC_JE, JCC_JNE, JCC_JBE, JCC_JA,
    JCC_JS, JCC_JNS, JCC_JP, JCC_JNP, JCC_JL, JCC_JGE, JCC_JLE, JCC_JG,
};

/* Raw bytes at code_ptr (inline: every encoder calls them per byte). */
static inline void tcg_out8(TCGContext *s, uint8_t v)
{
    *s->code_ptr++ = v;
}

static inline void tcg_out16(TCGContext *s, uint16_t v)
{
    memcpy(s->code_ptr, &v, 2);
    s->code_ptr += 2;
}

static inline void tcg_out32(TCGContext *s, uint32_t v)
{
    memcpy(s->code_ptr, &v, 4);
    s->code_ptr += 4;
}

static inline void tcg_out64(TCGContext *s, uint64_t v)
{
    memcpy(s->code_ptr, &v, 8);
    s->code_ptr += 8;
}

void tcg_out_opc(TCGContext *s, int opc, int r, int rm, int x);
void tcg_out_modrm(TCGContext *s, int opc, int r, int rm);
void tcg_out_vex_modrm(TCGContext *s, int opc, int r, int v, int rm);
void tcg_out_modrm_offset(TCGContext *s, int opc, int r, int base, intptr_t ofs);
void tcg_out_modrm_sib(TCGContext *s, int opc, int r, int base, int index, intptr_t ofs);
void tcg_out_modrm_sib_scaled(TCGContext *s, int opc, int r, int base, int index, int shift,
                              intptr_t ofs);
void tcg_out_arith(TCGContext *s, int arith, TCGType type, int dst, int src);
void tcg_out_arithi(TCGContext *s, int arith, TCGType type, int reg, int64_t val);
void tcg_out_shifti(TCGContext *s, int subop, TCGType type, int reg, unsigned count);
void tcg_out_jcc_label(TCGContext *s, int jcc, TCGLabel *l);
void tcg_out_jmp_label(TCGContext *s, TCGLabel *l);
/* A short forward jump: returns where to patch with tcg_out_patch8. */
uint8_t *tcg_out_jcc_short(TCGContext *s, int jcc);
void tcg_out_patch8(TCGContext *s, uint8_t *at);

#endif
