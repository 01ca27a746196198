/*
 * The MMX/SSE operation descriptor passed from translate-sse.c to helper_sse:
 * operand kinds and registers, memory operand, what is written, and which
 * host stub (or C routine) computes it (SDM vol. 2 opcode tables, A.3).
 */
#ifndef TARGET_I386_SSE_OP_H
#define TARGET_I386_SSE_OP_H

/* Operand kinds of ModRM.reg and ModRM.rm. */
enum { SSE_K_NONE, SSE_K_X, SSE_K_M, SSE_K_G };

/* Memory operand sizes (bits 4-6 of an entry): 0 = register form only. */
enum { SSE_MEM_NONE, SSE_MEM_16, SSE_MEM_32, SSE_MEM_64, SSE_MEM_128 };

enum {
    /* bits 0-1 reg kind, 2-3 rm kind, 4-6 SSE_MEM_* */
    SSE_WREG = 1 << 7,          /* writes the ModRM.reg operand */
    SSE_WRM = 1 << 8,           /* writes the ModRM.rm operand (register or memory) */
    SSE_EFL = 1 << 9,           /* returns EFLAGS (comiss, ucomisd...) */
    SSE_FP = 1 << 10,           /* floating point: MXCSR rounding, flags, #XM */
    SSE_A16 = 1 << 11,          /* memory operand must be 16-byte aligned (#GP) */
    SSE_MEMONLY = 1 << 12,      /* register form is #UD */
    SSE_MASKMOV = 1 << 13,      /* also reads/writes the operand size at addr (DS:EDI) */
    SSE_IMMSRC = 1 << 14,       /* rm operand is the immediate (shift by imm8) */
    SSE_ENTRY_MASK = 0x7fff,
    /* added by the translator */
    SSE_REG_SHIFT = 16,         /* 3 bits */
    SSE_RM_SHIFT = 19,          /* 3 bits */
    SSE_MEMFORM = 1 << 22,      /* the rm operand is in memory at addr */
    SSE_PFX_SHIFT = 23,         /* 2 bits: SSE_PFX_* */
    SSE_MAP38 = 1 << 25,        /* 0F 38 map */
    SSE_CMP = 1 << 26,          /* 0F C2: aux is the predicate */
    SSE_COP = 1 << 27,          /* computed in C: aux = SSECOp | imm8 << 8 */
};

/* The operations done in C (immediate shuffles and inserts). */
typedef enum SSECOp {
    SSE_C_PSHUFW,
    SSE_C_PSHUFD,
    SSE_C_PSHUFHW,
    SSE_C_PSHUFLW,
    SSE_C_SHUFPS,
    SSE_C_SHUFPD,
    SSE_C_PINSRW,
    SSE_C_PEXTRW,
    SSE_C_PSRLDQ,
    SSE_C_PSLLDQ,
    SSE_C_PALIGNR,
} SSECOp;

/* #GP(0) for a misaligned 16-byte operand, from generated code (fp_align):
 * the insn's state comes from the return address. */
_Noreturn void x86_sse_align_fault(void *env);

#endif
