/*
 * Floating-point IR ops (tcg/README, "Floating point"): SSE arithmetic and
 * conversions on values in host memory (normally env), run under the host's
 * MXCSR. The kinds table gives each kind's SSE encoding and operand sizes.
 */
#ifndef TCG_FP_H
#define TCG_FP_H

#include <assert.h>

#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"

/*
 * FP_KIND(name, prefix byte (0 = none), 0F opcode, dst bytes, src bytes, result)
 * dst bytes: how much of the 16-byte destination the op reads and writes
 * (the rest is left as it is); src bytes: the source operand read. result:
 * 0 = into the destination (fp_sse), 1 = an i32 (fp_sse_r: conversion to
 * integer), 2 = EFLAGS CF/PF/ZF (fp_sse_r: comis/ucomis). The moves (MOVAPS,
 * MOVSD/MOVSS, and MOVSS_Z/MOVSD_Z which zero the rest of the destination like
 * the loads from memory) set no flags and need no particular MXCSR; nor do
 * the bitwise ones (and/andn/or/xor of all 128 bits, the unpack shuffles).
 */
#define TCG_FP_KINDS(X) \
    X(ADDPS, 0x00, 0x58, 16, 16, 0) X(ADDPD, 0x66, 0x58, 16, 16, 0) \
    X(ADDSS, 0xf3, 0x58, 4, 4, 0) X(ADDSD, 0xf2, 0x58, 8, 8, 0) \
    X(MULPS, 0x00, 0x59, 16, 16, 0) X(MULPD, 0x66, 0x59, 16, 16, 0) \
    X(MULSS, 0xf3, 0x59, 4, 4, 0) X(MULSD, 0xf2, 0x59, 8, 8, 0) \
    X(SUBPS, 0x00, 0x5c, 16, 16, 0) X(SUBPD, 0x66, 0x5c, 16, 16, 0) \
    X(SUBSS, 0xf3, 0x5c, 4, 4, 0) X(SUBSD, 0xf2, 0x5c, 8, 8, 0) \
    X(MINPS, 0x00, 0x5d, 16, 16, 0) X(MINPD, 0x66, 0x5d, 16, 16, 0) \
    X(MINSS, 0xf3, 0x5d, 4, 4, 0) X(MINSD, 0xf2, 0x5d, 8, 8, 0) \
    X(DIVPS, 0x00, 0x5e, 16, 16, 0) X(DIVPD, 0x66, 0x5e, 16, 16, 0) \
    X(DIVSS, 0xf3, 0x5e, 4, 4, 0) X(DIVSD, 0xf2, 0x5e, 8, 8, 0) \
    X(MAXPS, 0x00, 0x5f, 16, 16, 0) X(MAXPD, 0x66, 0x5f, 16, 16, 0) \
    X(MAXSS, 0xf3, 0x5f, 4, 4, 0) X(MAXSD, 0xf2, 0x5f, 8, 8, 0) \
    X(SQRTPS, 0x00, 0x51, 16, 16, 0) X(SQRTPD, 0x66, 0x51, 16, 16, 0) \
    X(SQRTSS, 0xf3, 0x51, 4, 4, 0) X(SQRTSD, 0xf2, 0x51, 8, 8, 0) \
    X(CVTSI2SS, 0xf3, 0x2a, 4, 4, 0) X(CVTSI2SD, 0xf2, 0x2a, 8, 4, 0) \
    X(CVTSS2SD, 0xf3, 0x5a, 8, 4, 0) X(CVTSD2SS, 0xf2, 0x5a, 4, 8, 0) \
    X(CVTTSS2SI, 0xf3, 0x2c, 0, 4, 1) X(CVTTSD2SI, 0xf2, 0x2c, 0, 8, 1) \
    X(CVTSS2SI, 0xf3, 0x2d, 0, 4, 1) X(CVTSD2SI, 0xf2, 0x2d, 0, 8, 1) \
    X(UCOMISS, 0x00, 0x2e, 4, 4, 2) X(UCOMISD, 0x66, 0x2e, 8, 8, 2) \
    X(COMISS, 0x00, 0x2f, 4, 4, 2) X(COMISD, 0x66, 0x2f, 8, 8, 2) \
    X(CVTPS2PD, 0x00, 0x5a, 16, 8, 0) X(CVTPD2PS, 0x66, 0x5a, 16, 16, 0) \
    X(CVTDQ2PS, 0x00, 0x5b, 16, 16, 0) X(CVTPS2DQ, 0x66, 0x5b, 16, 16, 0) \
    X(CVTTPS2DQ, 0xf3, 0x5b, 16, 16, 0) X(CVTTPD2DQ, 0x66, 0xe6, 16, 16, 0) \
    X(CVTDQ2PD, 0xf3, 0xe6, 16, 8, 0) X(CVTPD2DQ, 0xf2, 0xe6, 16, 16, 0) \
    X(MOVAPS, 0x00, 0x28, 16, 16, 0) X(MOVSD, 0xf2, 0x10, 8, 8, 0) \
    X(MOVSS, 0xf3, 0x10, 4, 4, 0) \
    X(MOVSS_Z, 0xf3, 0x10, 16, 4, 0) X(MOVSD_Z, 0xf2, 0x10, 16, 8, 0) \
    X(UNPCKLPS, 0x00, 0x14, 16, 16, 0) X(UNPCKLPD, 0x66, 0x14, 16, 16, 0) \
    X(UNPCKHPS, 0x00, 0x15, 16, 16, 0) X(UNPCKHPD, 0x66, 0x15, 16, 16, 0) \
    X(ANDPS, 0x00, 0x54, 16, 16, 0) X(ANDPD, 0x66, 0x54, 16, 16, 0) \
    X(ANDNPS, 0x00, 0x55, 16, 16, 0) X(ANDNPD, 0x66, 0x55, 16, 16, 0) \
    X(ORPS, 0x00, 0x56, 16, 16, 0) X(ORPD, 0x66, 0x56, 16, 16, 0) \
    X(XORPS, 0x00, 0x57, 16, 16, 0) X(XORPD, 0x66, 0x57, 16, 16, 0) \
    X(PAND, 0x66, 0xdb, 16, 16, 0) X(PANDN, 0x66, 0xdf, 16, 16, 0) \
    X(POR, 0x66, 0xeb, 16, 16, 0) X(PXOR, 0x66, 0xef, 16, 16, 0)

typedef enum TCGFPKind {
#define TCG_FP_ENUM(name, pfx, opc, dst, src, res) TCG_FP_##name,
    TCG_FP_KINDS(TCG_FP_ENUM)
#undef TCG_FP_ENUM
    TCG_FP_NB_KINDS,
} TCGFPKind;

typedef struct TCGFPKindInfo {
    uint8_t prefix, opc, dst_bytes, src_bytes, result;
} TCGFPKindInfo;

extern const TCGFPKindInfo tcg_fp_kinds[TCG_FP_NB_KINDS];

/*
 * OR-ed into the kind of fp_sse_m or the bytes of fp_st_m: the front end made
 * sure (fp_align) that the 16-byte operand at addr is 16-byte aligned, so it
 * is one access (it cannot cross a page or wrap).
 */
enum { TCG_FP_ALIGNED = 0x100, TCG_FP_ARG_MASK = 0xff };

/* Moves and bitwise kinds: no MXCSR, no flags. */
static inline bool tcg_fp_kind_is_bits(TCGFPKind kind)
{
    unsigned opc = tcg_fp_kinds[kind].opc;

    return opc == 0x10 || opc == 0x28 || opc == 0x14 || opc == 0x15 ||
           (opc >= 0x54 && opc <= 0x57) || opc == 0xdb || opc == 0xdf || opc == 0xeb ||
           opc == 0xef;
}

/*
 * fp_flags_or base, $ofs: u32 at base+ofs |= the host MXCSR's flags (bits 0-5).
 * An fp_flags_or with nothing between it and this one that can leave the
 * block, fault or call out is redundant (host flags are sticky): removed.
 */
static inline void tcg_gen_fp_flags_or(TCGContext *s, TCGv_ptr base, intptr_t ofs)
{
    TCGOp *op;

    for (int i = s->nb_ops - 1; i >= 0; i--) {
        op = &s->ops[i];
        if (op->opc == INDEX_op_fp_flags_or) {
            if (op->args[0] == temp_arg(tcgv_ptr_temp(base)) && op->args[1] == (TCGArg)ofs) {
                tcg_op_remove(s, op);
            }
            break;
        }
        if ((tcg_op_defs[op->opc].flags & (TCG_OPF_BB_END | TCG_OPF_BB_EXIT | TCG_OPF_CALL |
                                           TCG_OPF_CALL_CLOBBER)) ||
            op->opc == INDEX_op_fp_sse_m || op->opc == INDEX_op_fp_st_m ||
            op->opc == INDEX_op_fp_align) {
            break;          /* they may leave (fault) or call out */
        }
    }
    op = tcg_emit_op(s, INDEX_op_fp_flags_or, TCG_TYPE_I64, 2);
    op->args[0] = temp_arg(tcgv_ptr_temp(base));
    op->args[1] = (TCGArg)ofs;
}

/*
 * fp_sync base, $ofs: if the host MXCSR has flags (bits 0-5) that the u32 at
 * base+ofs lacks, clear them in the host MXCSR. Emitted once per block, before
 * its first fp op (code outside generated code may set host flags).
 */
static inline void tcg_gen_fp_sync_once(TCGContext *s, TCGv_ptr base, intptr_t ofs)
{
    TCGOp *op;

    for (int i = s->nb_ops - 1; i >= 0; i--) {
        if (s->ops[i].opc == INDEX_op_fp_sync) {
            return;
        }
    }
    op = tcg_emit_op(s, INDEX_op_fp_sync, TCG_TYPE_I64, 2);
    op->args[0] = temp_arg(tcgv_ptr_temp(base));
    op->args[1] = (TCGArg)ofs;
}

/* fp_sse base, $kind, $dofs, $sofs: dst at base+dofs op= src at base+sofs. */
static inline void tcg_gen_fp_sse(TCGContext *s, TCGFPKind kind, TCGv_ptr base, intptr_t dofs,
                                  intptr_t sofs)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_fp_sse, TCG_TYPE_I64, 4);

    assert(tcg_fp_kinds[kind].result == 0);
    op->args[0] = temp_arg(tcgv_ptr_temp(base));
    op->args[1] = kind;
    op->args[2] = (TCGArg)dofs;
    op->args[3] = (TCGArg)sofs;
}

/*
 * fp_sse_m base, addr, $kind, $dofs, $disp: like fp_sse with the source in
 * guest memory at the i32 address addr + disp (user mode only: guest_base +
 * addr + disp; 16 bytes as two 8-byte halves at that address and 8 past it
 * mod 2^32). May fault like qemu_ld; disp is 0 unless liveness folded an add
 * into it, as for qemu_ld.
 */
static inline void tcg_gen_fp_sse_m(TCGContext *s, unsigned kind, TCGv_ptr base,
                                    intptr_t dofs, TCGv_i32 addr)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_fp_sse_m, TCG_TYPE_I64, 5);

    assert(tcg_fp_kinds[kind & TCG_FP_ARG_MASK].result == 0 && s->user_mode);
    op->args[0] = temp_arg(tcgv_ptr_temp(base));
    op->args[1] = temp_arg(tcgv_i32_temp(addr));
    op->args[2] = kind;
    op->args[3] = (TCGArg)dofs;
    op->args[4] = 0;    /* displacement, as qemu_ld's */
}

/*
 * fp_st_m base, addr, $bytes, $sofs, $disp: the first bytes (4, 8 or 16) at
 * base+sofs to guest memory at the i32 address addr + disp (user mode only; 16 bytes
 * as two halves at addr and addr + 8 mod 2^32, in that order). May fault like
 * qemu_st.
 */
static inline void tcg_gen_fp_st_m(TCGContext *s, unsigned bytes, TCGv_ptr base, intptr_t sofs,
                                   TCGv_i32 addr)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_fp_st_m, TCG_TYPE_I64, 5);

    assert((bytes == 4 || bytes == 8 || (bytes & TCG_FP_ARG_MASK) == 16) && s->user_mode);
    op->args[0] = temp_arg(tcgv_ptr_temp(base));
    op->args[1] = temp_arg(tcgv_i32_temp(addr));
    op->args[2] = bytes;
    op->args[3] = (TCGArg)sofs;
    op->args[4] = 0;
}

/*
 * fp_align base, addr, $mask, $fn: if the i32 addr & mask is not 0, call
 * fn(base), which does not return: it raises the guest's exception, the
 * insn's state restored from its return address like at a fault (globals
 * synced first). Without a label, unlike brcond + call.
 */
static inline void tcg_gen_fp_align(TCGContext *s, TCGv_ptr base, TCGv_i32 addr, uint32_t mask,
                                    void (*fn)(void *))
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_fp_align, TCG_TYPE_I64, 4);

    op->args[0] = temp_arg(tcgv_ptr_temp(base));
    op->args[1] = temp_arg(tcgv_i32_temp(addr));
    op->args[2] = mask;
    op->args[3] = (TCGArg)(uintptr_t)fn;
}

/* fp_sse_r r, base, $kind, $aofs, $bofs: an i32 from a conversion or compare. */
static inline void tcg_gen_fp_sse_r(TCGContext *s, TCGFPKind kind, TCGv_i32 ret, TCGv_ptr base,
                                    intptr_t aofs, intptr_t bofs)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_fp_sse_r, TCG_TYPE_I32, 5);

    assert(tcg_fp_kinds[kind].result != 0);
    op->args[0] = temp_arg(tcgv_i32_temp(ret));
    op->args[1] = temp_arg(tcgv_ptr_temp(base));
    op->args[2] = kind;
    op->args[3] = (TCGArg)aofs;
    op->args[4] = (TCGArg)bofs;
}

/*
 * A target whose fp_sync/fp_flags_or word is always the u32 at env + ofs,
 * with bits 6-31 equal to the host MXCSR's wherever it emits flag-setting fp
 * ops, may declare it once: the backend then keeps the host's flags equal to
 * that word's between blocks and checks them only after code outside
 * generated code ran (tcg/README "Floating point").
 */
static inline void tcg_set_fp_mxcsr(TCGContext *s, intptr_t ofs)
{
    s->fp_cache.mxcsr_ofs = ofs;
}

/*
 * A target may declare, before the prologue is emitted (its tcg_init), the 8
 * 16-byte registers at env + ofs that most fp ops use: the backend then keeps
 * them in host registers between blocks too (loaded on entry from C and after
 * calls; env still exact wherever generated code can be left).
 */
static inline void tcg_set_fp_regs(TCGContext *s, intptr_t ofs)
{
    assert((ofs & 15) == 0);
    s->fp_cache.pin_ofs = ofs;
}

/* The interpreter's forms (interp-fp.c): the same operation in C. */
void tcg_interp_fp_flags_or(void *p);
void tcg_interp_fp_sync(const void *p);
void tcg_interp_fp_sse(TCGFPKind kind, void *dst, const void *src);
uint32_t tcg_interp_fp_sse_r(TCGFPKind kind, const void *a, const void *b);

/* The backend's code for the fp ops (x86_64/fp.c); a: the op's arguments
 * with registers assigned. */
void tcg_out_fp(TCGContext *s, const TCGOp *op, const TCGArg *a);
/*
 * A host fault at a guest memory access in generated code (not in a helper),
 * host_sp and host_mxcsr those of the faulting context: ORs the MXCSR flags
 * of the fp ops since the last fp_flags_or into the declared word.
 */
void tcg_fp_fault_flags(const TCGContext *s, void *env, uintptr_t host_sp, uint32_t host_mxcsr);
/* Fault maps (tcg/fault.c) of the host xmm8-15 cache; xmm8 + e holds env + ofs[e]. */
bool tcg_fp_fault_mapped(const TCGContext *s);
unsigned tcg_fp_dirty(const TCGContext *s, intptr_t ofs[8]);

/* Host code before and after a call that generated code makes outside any
 * call op, and in the exit-request stub (at block entry, then to C). */
void tcg_out_fp_before_call(TCGContext *s);
void tcg_out_fp_after_call(TCGContext *s);
void tcg_out_fp_exit_stub(TCGContext *s);

#endif
