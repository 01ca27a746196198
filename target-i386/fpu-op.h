/*
 * The x87 operation word passed from translate-fpu.c to helper_x87: which
 * instruction (opcode low bits and ModRM), its memory operand and how it
 * behaves (SDM vol. 1, 8.6 waiting / non-waiting, 8.1.8 control instructions).
 */
#ifndef TARGET_I386_FPU_OP_H
#define TARGET_I386_FPU_OP_H

#include <stdbool.h>
#include <stdint.h>

/* Memory operand sizes. */
enum {
    X87_MEM_NONE,
    X87_MEM_16,
    X87_MEM_32,
    X87_MEM_64,
    X87_MEM_80,
    X87_MEM_ENV,        /* 28 bytes (14 with X87_OP_O16) */
    X87_MEM_SAVE,       /* 108 bytes (94 with X87_OP_O16) */
};

enum {
    /* bits 0-7 ModRM, 8-10 the opcode's low 3 bits (the FOP value) */
    X87_OP_MEM_SHIFT = 11,          /* 3 bits: X87_MEM_* */
    X87_OP_MEM_RD = 1 << 14,        /* reads its memory operand */
    X87_OP_MEM_WR = 1 << 15,        /* writes it */
    X87_OP_NOWAIT = 1 << 16,        /* fninit, fnclex, fnstsw, fnstcw, fnstenv, fnsave */
    X87_OP_CONTROL = 1 << 17,       /* leaves FIP/FDP/FOP alone */
    X87_OP_O16 = 1 << 18,           /* 16-bit operand size (env/save formats) */
    X87_OP_RET_FLAGS = 1 << 19,     /* returns EFLAGS (fcomi), else AX */
    X87_OP_SEG_SHIFT = 20,          /* 3 bits: segment of the memory operand */
};

/* Whether register form b /modrm (modrm >= 0xc0) exists (else #UD). */
bool x87_reg_form_valid(int b, int modrm);

#endif
