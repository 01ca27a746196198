/*
 * x86-64 machine-code encoding for the backend (Intel SDM vol. 2): the
 * generic ModRM forms, moves, loads and stores, jumps and calls, host
 * feature detection with cpuid, and the prologue/epilogue that enter and
 * leave generated code.
 */
#include <cpuid.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "exec/cpu.h"
#include "tcg/fp.h"
#include "tcg/x86_64/asm.h"

const int tcg_target_call_iarg_regs[6] = {
    TCG_REG_RDI, TCG_REG_RSI, TCG_REG_RDX, TCG_REG_RCX, TCG_REG_R8, TCG_REG_R9,
};

void tcg_out_opc(TCGContext *s, int opc, int r, int rm, int x)
{
    int rex = 0;

    if (opc & P_DATA16) {
        tcg_out8(s, 0x66);
    }
    if (opc & P_F3) {
        tcg_out8(s, 0xf3);
    } else if (opc & P_F2) {
        tcg_out8(s, 0xf2);
    }
    rex |= opc & P_REXW ? 8 : 0;
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    /* SPL, BPL, SIL, DIL exist only with a REX prefix. */
    if (((opc & P_REXB_R) && r >= 4) || ((opc & P_REXB_RM) && rm >= 4)) {
        rex |= 0x40;
    }
    if (rex) {
        tcg_out8(s, 0x40 | rex);
    }
    if (opc & (P_0F | P_0F38)) {
        tcg_out8(s, 0x0f);
        if (opc & P_0F38) {
            tcg_out8(s, 0x38);
        }
    }
    tcg_out8(s, opc & 0xff);
}

void tcg_out_modrm(TCGContext *s, int opc, int r, int rm)
{
    tcg_out_opc(s, opc, r, rm, 0);
    tcg_out8(s, 0xc0 | (r & 7) << 3 | (rm & 7));
}

/* VEX.LZ 0F38 forms (BMI1/BMI2): reg = r, VEX.vvvv = v, rm = rm. */
void tcg_out_vex_modrm(TCGContext *s, int opc, int r, int v, int rm)
{
    int pp = opc & P_DATA16 ? 1 : opc & P_F3 ? 2 : opc & P_F2 ? 3 : 0;

    tcg_out8(s, 0xc4);
    tcg_out8(s, (~r & 8) << 4 | 0x40 | (~rm & 8) << 2 | 2);
    tcg_out8(s, (opc & P_REXW ? 0x80 : 0) | (~v & 15) << 3 | pp);
    tcg_out8(s, opc & 0xff);
    tcg_out8(s, 0xc0 | (r & 7) << 3 | (rm & 7));
}

void tcg_out_modrm_offset(TCGContext *s, int opc, int r, int base, intptr_t ofs)
{
    int mod = ofs == 0 && (base & 7) != TCG_REG_RBP ? 0 : ofs == (int8_t)ofs ? 0x40 : 0x80;

    tcg_out_opc(s, opc, r, base, 0);
    if ((base & 7) == TCG_REG_RSP) {
        tcg_out8(s, mod | (r & 7) << 3 | 4);
        tcg_out8(s, 0x24);
    } else {
        tcg_out8(s, mod | (r & 7) << 3 | (base & 7));
    }
    if (mod == 0x40) {
        tcg_out8(s, ofs);
    } else if (mod == 0x80) {
        tcg_out32(s, ofs);
    }
}

/* [base + (index << shift) + ofs]; index must not be rsp, shift 0-3. */
void tcg_out_modrm_sib_scaled(TCGContext *s, int opc, int r, int base, int index, int shift,
                              intptr_t ofs)
{
    int mod = ofs == 0 && (base & 7) != TCG_REG_RBP ? 0 : ofs == (int8_t)ofs ? 0x40 : 0x80;

    tcg_out_opc(s, opc, r, base, index);
    tcg_out8(s, mod | (r & 7) << 3 | 4);
    tcg_out8(s, shift << 6 | (index & 7) << 3 | (base & 7));
    if (mod == 0x40) {
        tcg_out8(s, ofs);
    } else if (mod == 0x80) {
        tcg_out32(s, ofs);
    }
}

/* [base + index + ofs]; index must not be rsp. */
void tcg_out_modrm_sib(TCGContext *s, int opc, int r, int base, int index, intptr_t ofs)
{
    tcg_out_modrm_sib_scaled(s, opc, r, base, index, 0, ofs);
}

void tcg_out_arith(TCGContext *s, int arith, TCGType type, int dst, int src)
{
    tcg_out_modrm(s, (OPC_ARITH_GvEv + (arith << 3)) | P_W(type), dst, src);
}

/* reg op= val; val must fit a sign-extended imm32 (the caller checks). */
void tcg_out_arithi(TCGContext *s, int arith, TCGType type, int reg, int64_t val)
{
    if (type == TCG_TYPE_I32) {
        val = (int32_t)val;
    }
    if (val == (int8_t)val) {
        tcg_out_modrm(s, OPC_ARITH_EvIb | P_W(type), arith, reg);
        tcg_out8(s, val);
    } else {
        tcg_out_modrm(s, OPC_ARITH_EvIz | P_W(type), arith, reg);
        tcg_out32(s, val);
    }
}

void tcg_out_shifti(TCGContext *s, int subop, TCGType type, int reg, unsigned count)
{
    if (count == 1) {
        tcg_out_modrm(s, OPC_SHIFT_1 | P_W(type), subop, reg);
    } else {
        tcg_out_modrm(s, OPC_SHIFT_Ib | P_W(type), subop, reg);
        tcg_out8(s, count);
    }
}

void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src)
{
    if (dst != src) {
        tcg_out_modrm(s, OPC_MOVL_GvEv | P_W(type), dst, src);
    }
}

/* Note: xor for zero changes the flags; callers never load constants
 * between a compare and its use. */
void tcg_out_movi(TCGContext *s, TCGType type, int reg, int64_t val)
{
    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    if (val == 0) {
        tcg_out_modrm(s, OPC_ARITH_GvEv + (ARITH_XOR << 3), reg, reg);
    } else if (val == (uint32_t)val) {
        tcg_out_opc(s, OPC_MOVL_Iv + (reg & 7), 0, reg, 0);
        tcg_out32(s, val);
    } else if (val == (int32_t)val) {
        tcg_out_modrm(s, OPC_MOVL_EvIz | P_REXW, 0, reg);
        tcg_out32(s, val);
    } else {
        tcg_out_opc(s, (OPC_MOVL_Iv + (reg & 7)) | P_REXW, 0, reg, 0);
        tcg_out64(s, val);
    }
}

void tcg_out_ld(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, OPC_MOVL_GvEv | P_W(type), reg, base, ofs);
}

void tcg_out_st(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, OPC_MOVL_EvGv | P_W(type), reg, base, ofs);
}

void tcg_out_sti(TCGContext *s, TCGType type, int64_t val, int base, intptr_t ofs)
{
    if (type == TCG_TYPE_I32 || val == (int32_t)val) {
        tcg_out_modrm_offset(s, OPC_MOVL_EvIz | P_W(type), 0, base, ofs);
        tcg_out32(s, val);
    } else {
        tcg_out_movi(s, type, TCG_REG_TMP, val);
        tcg_out_st(s, type, TCG_REG_TMP, base, ofs);
    }
}

void tcg_out_nop(TCGContext *s)
{
    tcg_out8(s, 0x90);
}

void tcg_out_reloc_patch(TCGContext *s, uint32_t at, uint32_t target)
{
    int32_t rel = (int32_t)target - (int32_t)(at + 4);
    memcpy(s->code_start + at, &rel, 4);
}

static void tcg_out_reloc(TCGContext *s, TCGLabel *l)
{
    if (s->nb_relocs == s->relocs_cap) {
        TCGReloc *n = realloc(s->relocs, 2 * s->relocs_cap * sizeof(*n));
        if (!n) {
            siglongjmp(s->overflow, 1);
        }
        s->relocs = n;
        s->relocs_cap *= 2;
    }
    s->relocs[s->nb_relocs].at = s->code_ptr - s->code_start;
    s->relocs[s->nb_relocs].label = l->id;
    s->nb_relocs++;
    tcg_out32(s, 0);
}

void tcg_out_jcc_label(TCGContext *s, int jcc, TCGLabel *l)
{
    tcg_out_opc(s, OPC_JCC_long + jcc, 0, 0, 0);
    tcg_out_reloc(s, l);
}

void tcg_out_jmp_label(TCGContext *s, TCGLabel *l)
{
    tcg_out8(s, OPC_JMP_long);
    tcg_out_reloc(s, l);
}

/* The code buffer is below 2 GB, so prologue and helpers near it use rel32. */
void tcg_out_jmp_abs(TCGContext *s, const void *target)
{
    tcg_out8(s, OPC_JMP_long);
    tcg_out32(s, (int32_t)((const uint8_t *)target - (s->code_ptr + 4)));
}

void tcg_out_call(TCGContext *s, const void *func)
{
    intptr_t rel = (const uint8_t *)func - (s->code_ptr + 5);

    if (rel == (int32_t)rel) {
        tcg_out8(s, OPC_CALL_Jz);
        tcg_out32(s, rel);
    } else {
        tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_RAX, (intptr_t)func);
        tcg_out_modrm(s, OPC_GRP5, EXT5_CALL_Ev, TCG_REG_RAX);
    }
    s->last_call_ret = s->code_ptr;
}

uint8_t *tcg_out_jcc_short(TCGContext *s, int jcc)
{
    tcg_out8(s, 0x70 + jcc);
    tcg_out8(s, 0);
    return s->code_ptr - 1;
}

void tcg_out_patch8(TCGContext *s, uint8_t *at)
{
    *at = (uint8_t)(s->code_ptr - (at + 1));
}

/* At TB entry: leave through the stub if cpu_exit() asked. */
void tcg_out_exit_request_check(TCGContext *s, uint32_t *stub_jump)
{
    intptr_t ofs = (intptr_t)offsetof(CPUState, exit_request) - s->env_offset;

    tcg_out_modrm_offset(s, OPC_ARITH_EvIb, ARITH_CMP, TCG_REG_ENV, ofs);
    tcg_out8(s, 0);
    tcg_out_opc(s, OPC_JCC_long + JCC_JNE, 0, 0, 0);
    *stub_jump = s->code_ptr - s->code_start;
    tcg_out32(s, 0);
}

void tcg_out_exit_request_stub(TCGContext *s, uint32_t stub_jump)
{
    tcg_out_reloc_patch(s, stub_jump, s->code_ptr - s->code_start);
    tcg_out_fp_exit_stub(s);
    tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_RAX, s->tb_value | TCG_EXIT_REQUESTED);
    tcg_out_jmp_abs(s, s->epilogue);
}

static const int callee_saved[] = {
    TCG_REG_RBP, TCG_REG_RBX, TCG_REG_R12, TCG_REG_R13, TCG_REG_R14, TCG_REG_R15,
};

size_t tcg_emit_prologue(TCGContext *s, uint8_t *code)
{
    int i;

    s->code_start = s->code_ptr = code;
    s->prologue = code;
    for (i = 0; i < 6; i++) {
        tcg_out_opc(s, 0x50 + (callee_saved[i] & 7), 0, callee_saved[i], 0);
    }
    tcg_out_mov(s, TCG_TYPE_I64, TCG_REG_ENV, TCG_REG_RDI);
    tcg_out_movi(s, TCG_TYPE_I64, TCG_REG_GUEST_BASE, s->guest_base);
    tcg_out_arithi(s, ARITH_SUB, TCG_TYPE_I64, TCG_REG_RSP, TCG_FRAME_SIZE);
    tcg_out_fp_after_call(s);       /* from C: fp registers loaded, MXCSR flags to check */
    tcg_out_modrm(s, OPC_GRP5, EXT5_JMP_Ev, TCG_REG_RSI);

    s->epilogue_zero = s->code_ptr;
    tcg_out_movi(s, TCG_TYPE_I32, TCG_REG_RAX, 0);
    s->epilogue = s->code_ptr;
    tcg_out_arithi(s, ARITH_ADD, TCG_TYPE_I64, TCG_REG_RSP, TCG_FRAME_SIZE);
    for (i = 5; i >= 0; i--) {
        tcg_out_opc(s, 0x58 + (callee_saved[i] & 7), 0, callee_saved[i], 0);
    }
    tcg_out8(s, 0xc3);
    return s->code_ptr - code;
}

void tcg_target_init(TCGContext *s)
{
    unsigned a, b, c, d;

    s->host_features = 0;
    if (__get_cpuid(1, &a, &b, &c, &d)) {
        if (c & bit_POPCNT) {
            s->host_features |= TCG_HOST_POPCNT;
        }
        if (c & bit_MOVBE) {
            s->host_features |= TCG_HOST_MOVBE;
        }
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        if (b & bit_BMI) {
            s->host_features |= TCG_HOST_BMI1;
        }
        if (b & bit_BMI2) {
            s->host_features |= TCG_HOST_BMI2;
        }
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & bit_LZCNT)) {
        s->host_features |= TCG_HOST_LZCNT;
    }
    s->reserved_regs = TCG_REGS_RESERVED;
    s->fp_cache.mxcsr_ofs = -1;
    s->fp_cache.pin_ofs = -1;
}
