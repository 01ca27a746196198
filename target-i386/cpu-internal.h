/*
 * Declarations shared between the i386 files but not part of the target's
 * public interface (cpu.h).
 */
#ifndef TARGET_I386_CPU_INTERNAL_H
#define TARGET_I386_CPU_INTERNAL_H

#include "exec/translation-block.h"
#include "target-i386/cpu.h"

/* CPUID.1:EDX MMX bit: the translator gates the MMX/SSE opcode space on it. */
#define X86_CPUID_MMX (1u << 23)

/* Recompute env->hflags after a segment, EFLAGS.TF or mode change. */
void x86_update_hflags(CPUX86State *env);

/* TargetOps entry points implemented by translate.c. */
void x86_tcg_init(TCGContext *s);
void x86_translate(CPUState *cpu, TCGContext *s, TranslationBlock *tb, int max_insns);

/* helper_atomic_rmw operation: X86_ATOMIC_* | MemOp size. */
enum {
    X86_ATOMIC_ADD = 0 << 2,
    X86_ATOMIC_AND = 1 << 2,
    X86_ATOMIC_OR = 2 << 2,
    X86_ATOMIC_XOR = 3 << 2,
    X86_ATOMIC_XCHG = 4 << 2,
    X86_ATOMIC_NEG = 5 << 2,
};

/* helper_string_op argument: X86_STR_* | size | address size | rep | segment. */
enum {
    X86_STR_MOVS = 0,
    X86_STR_CMPS = 1,
    X86_STR_STOS = 2,
    X86_STR_LODS = 3,
    X86_STR_SCAS = 4,
    X86_STR_SIZE_SHIFT = 4,     /* MemOp of the element */
    X86_STR_ADDR16 = 1 << 6,
    X86_STR_REP = 1 << 7,       /* rep / repe */
    X86_STR_REPNZ = 1 << 8,     /* repne */
    X86_STR_SEG_SHIFT = 9,      /* source segment (DS or override) */
};

/* Shift operations (group 2, ModRM.reg order); helper_rotate takes the first four. */
enum { SH_ROL, SH_ROR, SH_RCL, SH_RCR, SH_SHL, SH_SHR, SH_SAL, SH_SAR };
#define X86_ROT_KEEP_OF 0x100   /* helper_rotate: leave OF unchanged */

/* helper_seg_query: which of lar, lsl, verr, verw. */
enum { X86_SEGQ_LAR, X86_SEGQ_LSL, X86_SEGQ_VERR, X86_SEGQ_VERW };

/* helper_bcd operation (low byte), immediate in bits 8-15 for aam/aad. */
enum { X86_BCD_DAA, X86_BCD_DAS, X86_BCD_AAA, X86_BCD_AAS, X86_BCD_AAM, X86_BCD_AAD };

static inline CPUX86State *x86_cpu_env(CPUState *cpu)
{
    return (CPUX86State *)cpu->env;
}

#endif
