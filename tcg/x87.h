/*
 * Host x87 IR ops (tcg/README, "Host x87"): one instruction of the host's own
 * x87 unit, for a front end whose guest x87 state lives in that unit while
 * generated code runs (x86 guests on this x86-64 host). The constant $insn
 * gives the encoding; $stub is a function running the same instruction
 * ("insn; ret", memory operand [rdi]) for the interpreter.
 */
#ifndef TCG_X87_H
#define TCG_X87_H

#include <assert.h>

#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"

/*
 * $insn: bits 0-7 ModRM (memory forms: only its reg field counts), 8-15 the
 * opcode byte (0xd8..0xdf, or 0x9b for fwait), then what the IR passes need.
 * The front end sets TCG_X87_MAY_FAULT on every op that can raise #MF (an
 * unmasked exception may be pending); x87_m always has it (page faults).
 */
enum {
    TCG_X87_FWAIT = 0x9b00,
    TCG_X87_FNSTSW_AX = 0xdfe0,
    TCG_X87_MEM_SIZE_SHIFT = 16,        /* x87_m: operand bytes (2, 4, 8, 10) */
    TCG_X87_MEM_WRITE = 1 << 20,        /* x87_m: writes its operand */
    TCG_X87_MAY_FAULT = 1 << 21,        /* may raise #MF: globals synced first */
};

static inline TCGOp *tcg_x87_emit(TCGContext *s, TCGOpcode opc, TCGType type, int nargs,
                                  uint32_t insn, const void *stub)
{
    TCGOp *op = tcg_emit_op(s, opc, type, nargs);

    op->args[nargs - 2] = insn;
    op->args[nargs - 1] = (TCGArg)(uintptr_t)stub;
    return op;
}

/* x87 $insn, $stub: a register-form instruction (or fwait). */
static inline void tcg_gen_x87(TCGContext *s, uint32_t insn, const void *stub)
{
    tcg_x87_emit(s, INDEX_op_x87, TCG_TYPE_I64, 2, insn, stub);
}

/*
 * x87_m addr, $insn, $stub: a memory form on guest memory at the i32 address
 * addr (user mode only: guest_base + addr). May fault like qemu_ld.
 */
static inline void tcg_gen_x87_m(TCGContext *s, TCGv_i32 addr, uint32_t insn, const void *stub)
{
    assert(s->user_mode);
    TCGOp *op = tcg_x87_emit(s, INDEX_op_x87_m, TCG_TYPE_I64, 3, insn | TCG_X87_MAY_FAULT, stub);

    op->args[0] = temp_arg(tcgv_i32_temp(addr));
}

/*
 * x87_r r, $insn, $stub: fnstsw ax (DF E0): r = the status word; fcomi,
 * fucomi, fcomip, fucomip: r = the EFLAGS image they set (ZF PF CF; OF SF AF
 * cleared), masked with 0x8d5.
 */
static inline void tcg_gen_x87_r(TCGContext *s, TCGv_i32 ret, uint32_t insn, const void *stub)
{
    TCGOp *op = tcg_x87_emit(s, INDEX_op_x87_r, TCG_TYPE_I32, 3, insn, stub);

    op->args[0] = temp_arg(tcgv_i32_temp(ret));
}

/* x87_cmov c, $insn, $stub: fcmovne ST(0), ST(i) (DB C8+i) taken iff c != 0. */
static inline void tcg_gen_x87_cmov(TCGContext *s, TCGv_i32 c, uint32_t insn, const void *stub)
{
    TCGOp *op = tcg_x87_emit(s, INDEX_op_x87_cmov, TCG_TYPE_I32, 3, insn, stub);

    assert((insn & 0xfff8) == 0xdbc8);
    op->args[0] = temp_arg(tcgv_i32_temp(c));
}

/* The $insn of an x87 op, and whether globals must be in env before it. */
static inline uint32_t tcg_x87_insn(const TCGOp *op)
{
    return (uint32_t)op->args[tcg_op_defs[op->opc].nb_oargs + tcg_op_defs[op->opc].nb_iargs];
}

static inline bool tcg_x87_may_fault(const TCGOp *op)
{
    return (op->opc == INDEX_op_x87 || op->opc == INDEX_op_x87_m || op->opc == INDEX_op_x87_r ||
            op->opc == INDEX_op_x87_cmov) && (tcg_x87_insn(op) & TCG_X87_MAY_FAULT);
}

/* The interpreter's forms (interp-x87.c); mem: the host address or NULL. */
void tcg_interp_x87(const void *stub, void *mem);
uint32_t tcg_interp_x87_r(uint32_t insn, const void *stub);
void tcg_interp_x87_cmov(const void *stub, uint32_t c);

/* The backend's code for the x87 ops (x86_64/x87.c). */
void tcg_out_x87(TCGContext *s, const TCGOp *op, const TCGArg *a);

#endif
