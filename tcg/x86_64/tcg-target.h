/*
 * The x86-64 backend's contract with the register allocator (tcg/regalloc.c):
 * host registers, per-op constraints, and the emitters the allocator calls.
 * Only tcg/x86_64/ emits host bytes.
 */
#ifndef TCG_X86_64_TCG_TARGET_H
#define TCG_X86_64_TCG_TARGET_H

#include "tcg/tcg-internal.h"

enum {
    TCG_REG_RAX, TCG_REG_RCX, TCG_REG_RDX, TCG_REG_RBX,
    TCG_REG_RSP, TCG_REG_RBP, TCG_REG_RSI, TCG_REG_RDI,
    TCG_REG_R8, TCG_REG_R9, TCG_REG_R10, TCG_REG_R11,
    TCG_REG_R12, TCG_REG_R13, TCG_REG_R14, TCG_REG_R15,
};

#define TCG_REG_ENV TCG_REG_R14         /* env, for the whole TB */
#define TCG_REG_GUEST_BASE TCG_REG_R15  /* user mode: guest_base */
#define TCG_REG_TMP TCG_REG_R11         /* backend scratch, never allocated */
#define TCG_REG_CALL_STACK TCG_REG_RSP

#define R(r) (1u << (r))
#define TCG_REGS_ALL 0xffffu
#define TCG_REGS_CALL_CLOBBERED (R(TCG_REG_RAX) | R(TCG_REG_RCX) | R(TCG_REG_RDX) | \
                                 R(TCG_REG_RSI) | R(TCG_REG_RDI) | R(TCG_REG_R8) | \
                                 R(TCG_REG_R9) | R(TCG_REG_R10) | R(TCG_REG_R11))
#define TCG_REGS_RESERVED (R(TCG_REG_RSP) | R(TCG_REG_ENV) | R(TCG_REG_GUEST_BASE) | \
                           R(TCG_REG_TMP))

/* Spill slot of temp i: [rsp + 8 * i]; the frame holds one per temp. */
#define TCG_FRAME_SIZE (TCG_MAX_TEMPS * 8 + 8)

/* One argument's constraint. */
enum {
    CT_CONST_S32 = 1,       /* a constant that fits a sign-extended imm32 */
    CT_CONST_ANY = 2,       /* any constant */
    CT_ALIAS = 4,           /* output: the register of input `alias` */
};

typedef struct TCGArgCt {
    uint16_t regs;
    uint8_t flags;
    int8_t alias;
} TCGArgCt;

typedef struct TCGConstraint {
    TCGArgCt o[2];
    TCGArgCt i[6];
    uint16_t clobber;       /* registers the op's code destroys */
} TCGConstraint;

extern const int tcg_target_call_iarg_regs[6];

/* Constraints of an op on this host (they depend on cpuid features). */
void tcg_target_constraint(TCGContext *s, const TCGOp *op, TCGConstraint *ct);

/* Emit op with allocated registers (or constant values where const_args[i]). */
void tcg_out_op(TCGContext *s, const TCGOp *op, const TCGArg *args, const bool *const_args);

/* Moves the allocator needs. */
void tcg_out_mov(TCGContext *s, TCGType type, int dst, int src);
void tcg_out_movi(TCGContext *s, TCGType type, int reg, int64_t val);
void tcg_out_ld(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs);
void tcg_out_st(TCGContext *s, TCGType type, int reg, int base, intptr_t ofs);
void tcg_out_sti(TCGContext *s, TCGType type, int64_t val, int base, intptr_t ofs);
void tcg_out_call(TCGContext *s, const void *func);
void tcg_out_nop(TCGContext *s);
void tcg_out_exit_request_check(TCGContext *s, uint32_t *stub_jump);
void tcg_out_jmp_abs(TCGContext *s, const void *target);
void tcg_out_exit_request_stub(TCGContext *s, uint32_t stub_jump);
void tcg_out_reloc_patch(TCGContext *s, uint32_t at, uint32_t target);
/* The fp ops' register cache (fp.c): forget it at the start of a block; before
 * every op, write back or drop what the op could see or make stale. */
void tcg_out_fp_reset(TCGContext *s);
void tcg_out_fp_barrier_op(TCGContext *s, const TCGOp *op);

/* Inline: most ops (no control flow, call or side effect, no env access) need nothing. */
static inline void tcg_out_fp_barrier(TCGContext *s, const TCGOp *op)
{
    if ((tcg_op_defs[op->opc].flags & (TCG_OPF_CALL | TCG_OPF_CALL_CLOBBER | TCG_OPF_BB_END |
                                       TCG_OPF_BB_EXIT | TCG_OPF_SIDE_EFFECTS)) ||
        (op->opc >= INDEX_op_ld8u && op->opc <= INDEX_op_st)) {
        tcg_out_fp_barrier_op(s, op);
    }
}

#endif
