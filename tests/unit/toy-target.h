/*
 * A toy guest for testing exec/ and tcg/ without a real front end: eight
 * 32-bit registers, fixed 4-byte instructions, user-mode memory. Tests and
 * bench/tcg assemble programs with the TOY_* macros and run them.
 */
#ifndef TESTS_UNIT_TOY_TARGET_H
#define TESTS_UNIT_TOY_TARGET_H

#include <stdint.h>

#include "exec/cpu.h"
#include "exec/tb.h"

/* Instruction: opcode, a, b, c bytes (c may be a signed 8-bit immediate). */
enum {
    TOY_MOVI = 1,   /* ra = sext(b | c << 8) */
    TOY_ADD = 2,    /* ra = rb + rc */
    TOY_LD = 3,     /* ra = mem32[rb] */
    TOY_ST = 4,     /* mem32[rb] = ra */
    TOY_BNZ = 5,    /* if ra != 0: pc += 4 * (int8)c */
    TOY_HALT = 6,   /* raise TOY_EXCP_HALT */
    TOY_JR = 7,     /* pc = ra (indirect, goto_ptr) */
    TOY_ADDI = 8,   /* ra = rb + (int8)c */
    TOY_DIV = 9,    /* ra = rb / rc (helper; TOY_EXCP_DIVZ when rc == 0) */
    TOY_STB = 10,   /* mem8[rb] = ra */
    TOY_SHLI = 11,  /* ra = rb << c */
    TOY_OR = 12,    /* ra = rb | rc */
};

enum {
    TOY_EXCP_HALT = 1,
    TOY_EXCP_DIVZ = 2,
    TOY_EXCP_SEGV = 3,
    TOY_EXCP_ILL = 4,
};

#define TOY_INSN(op, a, b, c) \
    ((uint32_t)(op) | (uint32_t)(a) << 8 | (uint32_t)(b) << 16 | (uint32_t)(uint8_t)(c) << 24)

typedef struct ToyEnv {
    uint32_t regs[8];
    uint32_t pc;
    uint32_t flags;         /* the TB flags: always 0 */
} ToyEnv;

typedef struct ToyCPU {
    CPUState parent;
    ToyEnv env;
    unsigned tb_lookups;      /* get_tb_state calls: returns to the CPU loop */
} ToyCPU;

extern const TargetOps toy_target_ops;

/* A user-mode guest address space of `size` bytes; NULL on failure. */
uint8_t *toy_guest_mem(size_t size);

#endif
