/*
 * x86-64 code of the floating-point ops (tcg/fp.h): the SSE instruction of
 * each kind, under the host's MXCSR. Guest values stay in host registers
 * across the ops of a block: xmm8 + (offset / 16) % 8 caches the 16 bytes at
 * env + offset (TCGFPCache), written back lazily but before anything that
 * could see env or stop the block (fault, call, branch, label, block end), so
 * env is exact wherever control can leave generated code. xmm0/xmm1 are
 * scratch; nothing else in generated code uses xmm registers.
 *
 * MXCSR flags: with the target's word declared (tcg_set_fp_mxcsr), the host's
 * flags are the word's plus those of the fp ops since it was last stored, in
 * and across blocks, as long as no C code ran; C code (the prologue, calls,
 * the jump-cache miss) sets a frame slot, and the word is stored (stmxcsr)
 * before it runs. The first flag-setting op after a block start, a label or a
 * call checks the slot and, only if set, makes the host's flags the word's.
 * fp_flags_or then emits nothing. A fault at a guest memory access takes the
 * flags from the faulting context's MXCSR (tcg_fp_fault_flags).
 */
#include <assert.h>
#include <stdlib.h>

#include "tcg/fp.h"
#include "tcg/x86_64/asm.h"

enum {
    OPC_MOVLPD_VxM = 0x12 | P_0F | P_DATA16,
    OPC_MOVHPD_VxM = 0x16 | P_0F | P_DATA16,
    OPC_MOVHPD_MVx = 0x17 | P_0F | P_DATA16,
    OPC_MOVAPS_VxWx = 0x28 | P_0F,
    OPC_MOVUPS_VxWx = 0x10 | P_0F,
    OPC_MOVUPS_WxVx = 0x11 | P_0F,
    OPC_MOVSS_VxWx = 0x10 | P_0F | P_F3,
    OPC_MOVSS_WxVx = 0x11 | P_0F | P_F3,
    OPC_MOVSD_VxWx = 0x10 | P_0F | P_F2,
    OPC_MOVSD_WxVx = 0x11 | P_0F | P_F2,
    OPC_XORPS_VxWx = 0x57 | P_0F,
    OPC_STMXCSR = 0xae | P_0F,      /* /3; /2 is ldmxcsr */
    OPC_LAHF = 0x9f,            /* SF ZF AF PF CF into ah: bits 7 6 4 2 0 */
};

enum { XMM0 = 0, XMM1 = 1, XMM_CACHE = 8 };

/* Frame slot (free: past the temps' spill slots): nonzero when code outside
 * generated code may have changed the host MXCSR flags since the last check. */
#define FP_CALLED_SLOT (TCG_MAX_TEMPS * 8)
enum { FP_SLOT_UNKNOWN, FP_SLOT_SET, FP_SLOT_CLEAR };

/* The opcode constant of a kind: its mandatory prefix and the 0F byte. */
static int fp_opc(const TCGFPKindInfo *k)
{
    int pfx = k->prefix == 0x66 ? P_DATA16 : k->prefix == 0xf3 ? P_F3 :
              k->prefix == 0xf2 ? P_F2 : 0;

    return pfx | P_0F | k->opc;
}

static bool fp_is_move(const TCGFPKindInfo *k)
{
    return k->opc == 0x10 || k->opc == 0x28;
}

/*
 * xmm <- bytes at base+ofs (4, 8 or 16) and back. 16 bytes are loaded as two
 * halves: front ends often store them as two 8-byte values just before, and a
 * 16-byte load would then wait for both stores (no store forwarding).
 */
static void fp_load(TCGContext *s, int xmm, unsigned bytes, int base, intptr_t ofs)
{
    tcg_out_modrm_offset(s, bytes == 4 ? OPC_MOVSS_VxWx : OPC_MOVSD_VxWx, xmm, base, ofs);
    if (bytes == 16) {
        tcg_out_modrm_offset(s, OPC_MOVHPD_VxM, xmm, base, ofs + 8);
    }
}

static void fp_store(TCGContext *s, int xmm, unsigned bytes, int base, intptr_t ofs)
{
    int opc = bytes == 4 ? OPC_MOVSS_WxVx : bytes == 8 ? OPC_MOVSD_WxVx : OPC_MOVUPS_WxVx;

    tcg_out_modrm_offset(s, opc, xmm, base, ofs);
}

/* ---- The cache ---- */

/*
 * The entry (host xmm8 + entry) that may cache the 16 bytes at env + ofs, or
 * -1: with the target's registers declared (tcg_set_fp_regs), register i at
 * entry i and nothing else; else any 16-byte aligned offset, by (ofs / 16) % 8.
 */
static int fp_entry(const TCGContext *s, intptr_t ofs)
{
    intptr_t pin = s->fp_cache.pin_ofs;

    if (ofs & 15) {
        return -1;
    }
    if (pin >= 0) {
        return ofs >= pin && ofs < pin + 128 ? (int)((ofs - pin) >> 4) : -1;
    }
    return (int)((ofs >> 4) & 7);
}

static bool fp_holds(const TCGContext *s, intptr_t ofs)
{
    const TCGFPCache *c = &s->fp_cache;
    int e = fp_entry(s, ofs);

    return e >= 0 && (c->valid >> e & 1) && c->ofs[e] == ofs;
}

static void fp_writeback(TCGContext *s, int e)
{
    TCGFPCache *c = &s->fp_cache;

    if (c->dirty >> e & 1) {
        fp_store(s, XMM_CACHE + e, 16, TCG_REG_ENV, c->ofs[e]);
        c->dirty &= ~(1u << e);
    }
}

static void fp_flush(TCGContext *s)
{
    if (!s->fp_cache.dirty) {
        return;     /* the common case outside SSE code: checked once per op */
    }
    for (int e = 0; e < 8; e++) {
        fp_writeback(s, e);
    }
}

static void fp_forget(TCGContext *s)
{
    fp_flush(s);
    s->fp_cache.valid = 0;
}

/* Entries overlapping [ofs, ofs + n) of env: written back, and dropped if kill. */
static void fp_touch(TCGContext *s, intptr_t ofs, intptr_t n, bool kill)
{
    TCGFPCache *c = &s->fp_cache;

    for (int e = 0; e < 8; e++) {
        if ((c->valid >> e & 1) && c->ofs[e] < ofs + n && ofs < c->ofs[e] + 16) {
            fp_writeback(s, e);
            if (kill) {
                c->valid &= ~(1u << e);
            }
        }
    }
}

/* The host register for env + ofs (fp_entry >= 0), valid after; load: with
 * its value from env. */
static int fp_claim(TCGContext *s, intptr_t ofs, bool load)
{
    TCGFPCache *c = &s->fp_cache;
    int e = fp_entry(s, ofs);

    if (!fp_holds(s, ofs)) {
        fp_writeback(s, e);
        if (load) {
            tcg_out_modrm_offset(s, OPC_MOVUPS_VxWx, XMM_CACHE + e, TCG_REG_ENV, ofs);
        }
        c->valid |= 1u << e;
        c->ofs[e] = ofs;
    }
    return XMM_CACHE + e;
}

static void fp_set_dirty(TCGContext *s, int xmm)
{
    s->fp_cache.dirty |= 1u << (xmm - XMM_CACHE);
}

/*
 * Where the source operand of dst's op is: a cached register, or -1 for
 * memory at env + ofs (then written back). A 16-byte source not cached is
 * loaded into its register unless that would evict the destination.
 */
static int fp_src(TCGContext *s, intptr_t ofs, unsigned bytes, intptr_t dofs)
{
    int e = fp_entry(s, ofs);

    if (e < 0 || (ofs != dofs && e == fp_entry(s, dofs))) {
        fp_touch(s, ofs, bytes, false);
        return -1;
    }
    if (fp_holds(s, ofs)) {
        return XMM_CACHE + e;
    }
    if (bytes == 16) {
        return fp_claim(s, ofs, true);
    }
    fp_touch(s, ofs, bytes, false);
    return -1;
}

/*
 * The state at block entry and at labels: with declared registers, all of
 * them in their host registers and env up to date; else nothing cached.
 * Emitted before every jump that stays in generated code.
 */
static void fp_canonical(TCGContext *s)
{
    TCGFPCache *c = &s->fp_cache;

    fp_flush(s);
    if (c->pin_ofs < 0) {
        c->valid = 0;
        return;
    }
    /* pinned: entry e can only hold pin + 16 * e, so a valid one is in place */
    for (int e = 0; e < 8 && c->valid != 0xff; e++) {
        fp_claim(s, c->pin_ofs + 16 * e, true);
    }
}

void tcg_out_fp_reset(TCGContext *s)
{
    TCGFPCache *c = &s->fp_cache;

    c->valid = c->dirty = 0;
    c->need_check = true;
    c->flags_stored = false;
    c->slot = FP_SLOT_UNKNOWN;
    c->base = temp_arg(tcgv_ptr_temp(tcg_env(s)));
    if (c->pin_ofs >= 0) {
        /* the block is entered with the registers loaded (fp_canonical) */
        c->valid = 0xff;
        for (int e = 0; e < 8; e++) {
            c->ofs[e] = c->pin_ofs + 16 * e;
        }
    }
}

/*
 * A call or a store may change the host MXCSR or the word: check again. Also
 * without a declared word, since the target may declare it later.
 */
static void fp_called(TCGContext *s)
{
    tcg_out_sti(s, TCG_TYPE_I32, 1, TCG_REG_RSP, FP_CALLED_SLOT);
    s->fp_cache.need_check = true;
    s->fp_cache.slot = FP_SLOT_SET;
}

void tcg_out_fp_after_call(TCGContext *s)
{
    intptr_t pin = s->fp_cache.pin_ofs;

    tcg_out_sti(s, TCG_TYPE_I32, 1, TCG_REG_RSP, FP_CALLED_SLOT);
    for (int e = 0; pin >= 0 && e < 8; e++) {
        tcg_out_modrm_offset(s, OPC_MOVUPS_VxWx, XMM_CACHE + e, TCG_REG_ENV, pin + 16 * e);
    }
}

/*
 * The flags of fp ops since the last store stay in the host MXCSR, across
 * blocks too, until C code could see the word or change the host's: then
 * (before a call, an exit to C, a load of the word) one stmxcsr stores them,
 * unless the slot says that C code ran since the last check (the flags were
 * stored before it, the host's may be someone else's). slot: what is known of
 * the frame slot here.
 */
static void fp_flags_out_code(TCGContext *s, int slot)
{
    uint8_t *skip = NULL;

    if (slot == FP_SLOT_SET) {
        return;
    }
    if (slot == FP_SLOT_UNKNOWN) {
        tcg_out_modrm_offset(s, OPC_ARITH_EvIb, ARITH_CMP, TCG_REG_RSP, FP_CALLED_SLOT);
        tcg_out8(s, 0);
        skip = tcg_out_jcc_short(s, JCC_JNE);
    }
    tcg_out_modrm_offset(s, OPC_STMXCSR, 3, TCG_REG_ENV, s->fp_cache.mxcsr_ofs);
    if (skip) {
        tcg_out_patch8(s, skip);
    }
}

static void fp_flags_out(TCGContext *s)
{
    TCGFPCache *c = &s->fp_cache;

    if (c->mxcsr_ofs >= 0 && !c->flags_stored) {
        fp_flags_out_code(s, c->slot);
        c->flags_stored = true;
    }
}

void tcg_out_fp_before_call(TCGContext *s)
{
    if (s->fp_cache.mxcsr_ofs >= 0 && !s->fp_cache.flags_stored) {
        fp_flags_out_code(s, s->fp_cache.slot);
    }
}

void tcg_out_fp_exit_stub(TCGContext *s)
{
    if (s->fp_cache.mxcsr_ofs >= 0) {
        fp_flags_out_code(s, FP_SLOT_UNKNOWN);      /* at block entry */
    }
}

/*
 * User mode with the target's registers pinned (tcg_set_fp_regs): entry e is
 * always register e, so a fault map can name the dirty entries of an access
 * instead of writing them back before it.
 */
bool tcg_fp_fault_mapped(const TCGContext *s)
{
    return s->user_mode && s->fp_cache.pin_ofs >= 0;
}

/* The dirty entries now: bit e set, env offset in ofs[e]. */
unsigned tcg_fp_dirty(const TCGContext *s, intptr_t ofs[8])
{
    const TCGFPCache *c = &s->fp_cache;
    unsigned m = c->valid & c->dirty;

    for (unsigned b = m; b; b &= b - 1) {
        ofs[__builtin_ctz(b)] = c->ofs[__builtin_ctz(b)];
    }
    return m;
}

void tcg_fp_fault_flags(const TCGContext *s, void *env, uintptr_t host_sp, uint32_t host_mxcsr)
{
    uint32_t called, word;

    if (s->fp_cache.mxcsr_ofs < 0) {
        return;
    }
    memcpy(&called, (const void *)(host_sp + FP_CALLED_SLOT), 4);
    if (!called) {
        memcpy(&word, (char *)env + s->fp_cache.mxcsr_ofs, 4);
        word |= host_mxcsr & 0x3f;
        memcpy((char *)env + s->fp_cache.mxcsr_ofs, &word, 4);
    }
}

/*
 * Before a flag-setting op (declared word only): if the slot says that code
 * outside generated code ran, make the host's flags the word's and clear it.
 */
static void fp_check(TCGContext *s)
{
    TCGFPCache *c = &s->fp_cache;
    uint8_t *done, *same;

    if (c->mxcsr_ofs < 0 || !c->need_check) {
        return;
    }
    tcg_out_modrm_offset(s, OPC_ARITH_EvIb, ARITH_CMP, TCG_REG_RSP, FP_CALLED_SLOT);
    tcg_out8(s, 0);
    done = tcg_out_jcc_short(s, JCC_JE);
    /* r11d = (word ^ host) & 0x3f; flip those host flags */
    tcg_out_modrm_offset(s, OPC_STMXCSR, 3, TCG_REG_RSP, -8);
    tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_TMP, TCG_REG_ENV, c->mxcsr_ofs);
    tcg_out_modrm_offset(s, OPC_ARITH_GvEv + (ARITH_XOR << 3), TCG_REG_TMP, TCG_REG_RSP, -8);
    tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_TMP, 0x3f);
    same = tcg_out_jcc_short(s, JCC_JE);
    tcg_out_modrm_offset(s, OPC_ARITH_GvEv - 2 + (ARITH_XOR << 3), TCG_REG_TMP,
                         TCG_REG_RSP, -8);
    tcg_out_modrm_offset(s, OPC_STMXCSR, 2, TCG_REG_RSP, -8);     /* ldmxcsr */
    tcg_out_patch8(s, same);
    tcg_out_sti(s, TCG_TYPE_I32, 0, TCG_REG_RSP, FP_CALLED_SLOT);
    tcg_out_patch8(s, done);
    c->need_check = false;
    c->slot = FP_SLOT_CLEAR;
    c->flags_stored = false;    /* flags of earlier blocks may be in the host */
}

/* Whether op may let C code see the MXCSR word or change the host's, or
 * reads the word: the flags kept in the host are stored first. */
static bool fp_reads_flags(const TCGContext *s, const TCGOp *op)
{
    const TCGFPCache *c = &s->fp_cache;

    switch (op->opc) {
    case INDEX_op_call: case INDEX_op_exit_tb:
        return true;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st: {
        intptr_t lo = (intptr_t)op->args[2];

        return op->args[1] != c->base || (lo < c->mxcsr_ofs + 4 && c->mxcsr_ofs < lo + 8);
    }
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
        /* a fault there gets the flags from the host (tcg_fp_fault_flags) */
        return !s->user_mode;
    case INDEX_op_goto_lookup:
        return false;               /* its miss path: tcg_out_fp_before_call */
    default:
        return tcg_op_defs[op->opc].flags & (TCG_OPF_CALL | TCG_OPF_CALL_CLOBBER);
    }
}

/*
 * Before each op of the block that tcg_out_fp_barrier (tcg-target.h) lets
 * through (the others neither see env nor leave generated code). env must be
 * exact where control may leave generated code (a fault, a call, a branch or
 * the block's end) and wherever a label joins paths; calls also clobber xmm
 * registers and may change env. Loads and stores of env see the cached bytes
 * they overlap.
 */
void tcg_out_fp_barrier_op(TCGContext *s, const TCGOp *op)
{
    TCGFPCache *c = &s->fp_cache;
    unsigned flags = tcg_op_defs[op->opc].flags;
    intptr_t lo, n;

    if (fp_reads_flags(s, op)) {
        fp_flags_out(s);
    }
    switch (op->opc) {
    case INDEX_op_fp_sse_m: {
        /* A fault map (tcg/fault.c) covers the registers; only a 16-byte
         * move loaded in two halves straight into its destination
         * (fp_out_sse_m) may change it before faulting: env first. */
        const TCGFPKindInfo *k = &tcg_fp_kinds[op->args[2] & TCG_FP_ARG_MASK];

        if (tcg_fp_fault_mapped(s) && fp_is_move(k) && k->src_bytes == 16 &&
            !(op->args[2] & TCG_FP_ALIGNED)) {
            fp_touch(s, (intptr_t)op->args[3], 16, false);
        }
        return;
    }
    case INDEX_op_fp_sync: case INDEX_op_fp_flags_or: case INDEX_op_fp_sse:
    case INDEX_op_fp_sse_r: case INDEX_op_fp_st_m:
    case INDEX_op_fp_align: case INDEX_op_insn_start: case INDEX_op_nop: case INDEX_op_discard:
    case INDEX_op_mov: case INDEX_op_movi:
        return;
    case INDEX_op_set_label:
        fp_canonical(s);
        c->need_check = true;       /* some path here may have skipped the check */
        c->slot = FP_SLOT_UNKNOWN;
        c->flags_stored = false;
        return;
    case INDEX_op_exit_tb:
        fp_flush(s);                /* to C, which enters again by the prologue */
        return;
    case INDEX_op_call:
        fp_forget(s);
        fp_called(s);
        return;
    case INDEX_op_qemu_ld: case INDEX_op_qemu_st:
        /* may fault; in system mode the slow path is a call */
        if (tcg_fp_fault_mapped(s)) {
            /* a fault takes the dirty registers from its context (fault.c) */
        } else if (s->user_mode) {
            fp_flush(s);
        } else {
            fp_forget(s);
            fp_called(s);
        }
        return;
    case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_ld16u: case INDEX_op_ld16s:
    case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_ld:
    case INDEX_op_st8: case INDEX_op_st16: case INDEX_op_st32: case INDEX_op_st: {
        bool st = op->opc >= INDEX_op_st8 && op->opc <= INDEX_op_st;

        if (!c->valid && !(st && c->mxcsr_ofs >= 0)) {
            return;
        }
        if (op->args[1] != c->base) {
            /* through another pointer: it might point into env */
            if (st) {
                fp_forget(s);
                fp_called(s);
            } else {
                fp_flush(s);
            }
            return;
        }
        lo = (intptr_t)op->args[2];
        switch (op->opc) {
        case INDEX_op_ld8u: case INDEX_op_ld8s: case INDEX_op_st8:
            n = 1;
            break;
        case INDEX_op_ld16u: case INDEX_op_ld16s: case INDEX_op_st16:
            n = 2;
            break;
        case INDEX_op_ld32u: case INDEX_op_ld32s: case INDEX_op_st32:
            n = 4;
            break;
        default:
            n = op->type == TCG_TYPE_I32 ? 4 : 8;
            break;
        }
        fp_touch(s, lo, n, st);
        if (st && lo < c->mxcsr_ofs + 4 && c->mxcsr_ofs < lo + n) {
            fp_called(s);
        }
        return;
    }
    default:
        if (flags & (TCG_OPF_CALL | TCG_OPF_CALL_CLOBBER)) {
            fp_forget(s);
            fp_called(s);
        } else if (flags & (TCG_OPF_BB_END | TCG_OPF_BB_EXIT)) {
            fp_canonical(s);        /* a jump: to a label or another block */
        } else if (flags & TCG_OPF_SIDE_EFFECTS) {
            fp_flush(s);
        }
        return;
    }
}

/* ---- The ops ---- */

/*
 * An op whose operands are not all cacheable (another base, offsets not
 * 16-byte aligned): everything written back and dropped, then done in memory
 * through xmm0/xmm1.
 */
static void fp_sse_uncached(TCGContext *s, const TCGFPKindInfo *k, int base, intptr_t dofs,
                            intptr_t sofs)
{
    if (base != TCG_REG_ENV) {
        fp_forget(s);
    } else {
        fp_touch(s, sofs, 16, false);
        fp_touch(s, dofs, 16, true);
    }
    if (fp_is_move(k)) {
        fp_load(s, XMM0, k->src_bytes, base, sofs);
    } else {
        fp_load(s, XMM0, k->dst_bytes, base, dofs);
        if (k->src_bytes == 16) {
            fp_load(s, XMM1, 16, base, sofs);
            tcg_out_modrm(s, fp_opc(k), XMM0, XMM1);
        } else {
            tcg_out_modrm_offset(s, fp_opc(k), XMM0, base, sofs);
        }
    }
    fp_store(s, XMM0, k->dst_bytes, base, dofs);
}

static void fp_out_sse(TCGContext *s, const TCGArg *a)
{
    const TCGFPKindInfo *k = &tcg_fp_kinds[a[1]];
    intptr_t dofs = a[2], sofs = a[3];
    bool zero_ext = fp_is_move(k) && k->src_bytes < k->dst_bytes;
    int d, src;

    if (a[0] != TCG_REG_ENV || fp_entry(s, dofs) < 0) {
        fp_sse_uncached(s, k, a[0], dofs, sofs);
        return;
    }
    if (fp_is_move(k)) {
        if (dofs == sofs && !zero_ext) {
            return;
        }
        src = fp_src(s, sofs, k->src_bytes, dofs);
        if (zero_ext) {
            d = fp_claim(s, dofs, false);
            if (src < 0) {
                tcg_out_modrm_offset(s, fp_opc(k), d, TCG_REG_ENV, sofs);
            } else {
                tcg_out_modrm(s, OPC_XORPS_VxWx, XMM0, XMM0);
                tcg_out_modrm(s, fp_opc(k), XMM0, src);
                tcg_out_modrm(s, OPC_MOVAPS_VxWx, d, XMM0);
            }
        } else if (k->dst_bytes == 16) {
            d = fp_claim(s, dofs, false);
            if (src < 0) {
                fp_load(s, d, 16, TCG_REG_ENV, sofs);
            } else {
                tcg_out_modrm(s, OPC_MOVAPS_VxWx, d, src);
            }
        } else {
            /* movss/movsd between registers merge into the low bytes */
            d = fp_claim(s, dofs, true);
            if (src < 0) {
                fp_load(s, XMM0, k->src_bytes, TCG_REG_ENV, sofs);
                src = XMM0;
            }
            tcg_out_modrm(s, fp_opc(k), d, src);
        }
        fp_set_dirty(s, d);
        return;
    }
    if (dofs == sofs && (k->opc == 0x57 || k->opc == 0xef || k->opc == 0x55 ||
                         k->opc == 0xdf)) {
        /* xor / andn of a register with itself: zero, whatever it held */
        d = fp_claim(s, dofs, false);
        tcg_out_modrm(s, fp_opc(k), d, d);
        fp_set_dirty(s, d);
        return;
    }
    d = fp_claim(s, dofs, true);
    if (k->opc == 0x2a) {
        fp_touch(s, sofs, 4, false);        /* cvtsi2ss/sd: the source is an m32 */
        src = -1;
    } else {
        src = fp_src(s, sofs, k->src_bytes, dofs);
    }
    if (src >= 0) {
        tcg_out_modrm(s, fp_opc(k), d, src);
    } else if (k->src_bytes == 16) {
        fp_load(s, XMM1, 16, TCG_REG_ENV, sofs);
        tcg_out_modrm(s, fp_opc(k), d, XMM1);
    } else {
        tcg_out_modrm_offset(s, fp_opc(k), d, TCG_REG_ENV, sofs);
    }
    fp_set_dirty(s, d);
}

/*
 * xmm <- the 16 bytes at guest_base + addr: one load when aligned, else two
 * halves (addr + 8 wraps at 4 GB like the guest's address).
 */
static void fp_load_m16(TCGContext *s, int xmm, int addr, intptr_t disp, bool aligned)
{
    if (aligned) {
        tcg_out_modrm_sib(s, OPC_MOVUPS_VxWx, xmm, TCG_REG_GUEST_BASE, addr, disp);
        return;
    }
    tcg_out_modrm_sib(s, OPC_MOVSD_VxWx, xmm, TCG_REG_GUEST_BASE, addr, disp);
    tcg_out_modrm_offset(s, OPC_LEA, TCG_REG_TMP, addr, disp + 8);
    tcg_out_modrm_sib(s, OPC_MOVHPD_VxM, xmm, TCG_REG_GUEST_BASE, TCG_REG_TMP, 0);
}

/* fp_sse_m: the source at guest_base + addr (an i32 register, zero-extended). */
static void fp_out_sse_m(TCGContext *s, const TCGArg *a)
{
    const TCGFPKindInfo *k = &tcg_fp_kinds[a[2] & TCG_FP_ARG_MASK];
    bool aligned = a[2] & TCG_FP_ALIGNED;
    int addr = a[1], d;
    intptr_t disp = (int32_t)a[4];
    intptr_t dofs = a[3];
    bool high;

    if (!tcg_fp_fault_mapped(s)) {
        fp_flush(s);            /* it may fault: env exact */
    }
    high = (dofs & 15) == 8 && k->opc == 0x10 && k->dst_bytes == 8;    /* movhps/pd */
    if (a[0] != TCG_REG_ENV || fp_entry(s, high ? dofs - 8 : dofs) < 0) {
        if (a[0] != TCG_REG_ENV) {
            fp_forget(s);
        } else {
            fp_touch(s, dofs, 16, true);
        }
        if (!fp_is_move(k)) {
            fp_load(s, XMM0, k->dst_bytes, a[0], dofs);
        }
        if (k->src_bytes == 16) {
            fp_load_m16(s, XMM1, addr, disp, aligned);
            tcg_out_modrm(s, fp_is_move(k) ? OPC_MOVAPS_VxWx : fp_opc(k), XMM0, XMM1);
        } else {
            tcg_out_modrm_sib(s, fp_opc(k), XMM0, TCG_REG_GUEST_BASE, addr, disp);
        }
        fp_store(s, XMM0, k->dst_bytes, a[0], dofs);
        return;
    }
    if (high) {
        /* movhps/movhpd: the high half from memory */
        d = fp_claim(s, dofs - 8, true);
        tcg_out_modrm_sib(s, OPC_MOVHPD_VxM, d, TCG_REG_GUEST_BASE, addr, disp);
    } else if (fp_is_move(k) && k->dst_bytes == 16) {
        d = fp_claim(s, dofs, false);
        if (k->src_bytes == 16) {
            fp_load_m16(s, d, addr, disp, aligned);
        } else {
            /* movss/movsd from memory zero the rest */
            tcg_out_modrm_sib(s, fp_opc(k), d, TCG_REG_GUEST_BASE, addr, disp);
        }
    } else if (fp_is_move(k)) {
        d = fp_claim(s, dofs, true);
        if (k->dst_bytes == 8) {
            tcg_out_modrm_sib(s, OPC_MOVLPD_VxM, d, TCG_REG_GUEST_BASE, addr, disp);
        } else {
            tcg_out_modrm_sib(s, OPC_MOVSS_VxWx, XMM0, TCG_REG_GUEST_BASE, addr, disp);
            tcg_out_modrm(s, OPC_MOVSS_VxWx, d, XMM0);
        }
    } else {
        d = fp_claim(s, dofs, true);
        if (k->src_bytes == 16) {
            fp_load_m16(s, XMM1, addr, disp, aligned);
            tcg_out_modrm(s, fp_opc(k), d, XMM1);
        } else {
            tcg_out_modrm_sib(s, fp_opc(k), d, TCG_REG_GUEST_BASE, addr, disp);
        }
    }
    fp_set_dirty(s, d);
}

/* fp_st_m: bytes from env + sofs, or from the register caching them, to
 * guest_base + addr. */
static void fp_out_st_m(TCGContext *s, const TCGArg *a)
{
    unsigned bytes = a[2] & TCG_FP_ARG_MASK;
    bool aligned = a[2] & TCG_FP_ALIGNED;
    intptr_t sofs = a[3], disp = (int32_t)a[4];
    int addr = a[1], x = XMM0;
    bool high = false;

    if (!tcg_fp_fault_mapped(s)) {
        fp_flush(s);            /* it may fault: env exact */
    }
    if (a[0] == TCG_REG_ENV && fp_holds(s, sofs)) {
        x = XMM_CACHE + fp_entry(s, sofs);
    } else if (a[0] == TCG_REG_ENV && bytes == 8 && (sofs & 15) == 8 && fp_holds(s, sofs - 8)) {
        x = XMM_CACHE + fp_entry(s, sofs - 8);      /* movhps/movhpd */
        high = true;
    } else {
        if (a[0] == TCG_REG_ENV) {
            fp_touch(s, sofs, bytes, false);
        } else {
            fp_flush(s);
        }
        fp_load(s, XMM0, bytes, a[0], sofs);
    }
    if (bytes == 4) {
        tcg_out_modrm_sib(s, OPC_MOVSS_WxVx, x, TCG_REG_GUEST_BASE, addr, disp);
    } else if (high) {
        tcg_out_modrm_sib(s, OPC_MOVHPD_MVx, x, TCG_REG_GUEST_BASE, addr, disp);
    } else if (bytes == 16 && aligned) {
        tcg_out_modrm_sib(s, OPC_MOVUPS_WxVx, x, TCG_REG_GUEST_BASE, addr, disp);
    } else {
        tcg_out_modrm_sib(s, OPC_MOVSD_WxVx, x, TCG_REG_GUEST_BASE, addr, disp);
        if (bytes == 16) {
            tcg_out_modrm_offset(s, OPC_LEA, TCG_REG_TMP, addr, disp + 8);
            tcg_out_modrm_sib(s, OPC_MOVHPD_MVx, x, TCG_REG_GUEST_BASE, TCG_REG_TMP, 0);
        }
    }
}

/*
 * fp_align: test, and out of the way a call that does not return (so the
 * registers it clobbers do not matter); env and the MXCSR word exact first.
 */
static void fp_out_align(TCGContext *s, const TCGArg *a)
{
    uint8_t *ok;

    fp_flush(s);
    tcg_out_mov(s, TCG_TYPE_I32, TCG_REG_TMP, a[1]);
    tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_TMP, a[2]);
    ok = tcg_out_jcc_short(s, JCC_JE);
    if (s->fp_cache.mxcsr_ofs >= 0 && !s->fp_cache.flags_stored) {
        fp_flags_out_code(s, s->fp_cache.slot);
    }
    tcg_out_mov(s, TCG_TYPE_I64, tcg_target_call_iarg_regs[0], a[0]);
    tcg_out_call(s, (const void *)(uintptr_t)a[3]);
    tcg_out_patch8(s, ok);
}

/* fp_sse_r: a conversion to i32, or comis/ucomis to ZF PF CF. */
static void fp_out_sse_r(TCGContext *s, const TCGArg *a)
{
    const TCGFPKindInfo *k = &tcg_fp_kinds[a[2]];
    int r = a[0], base = a[1], x, y;
    intptr_t aofs = a[3], bofs = a[4];

    if (base != TCG_REG_ENV) {
        fp_forget(s);
    }
    y = base == TCG_REG_ENV && fp_holds(s, bofs) ? XMM_CACHE + fp_entry(s, bofs) : -1;
    if (y < 0) {
        fp_touch(s, bofs, k->src_bytes, false);
    }
    if (k->result == 1) {
        if (y >= 0) {
            tcg_out_modrm(s, fp_opc(k), r, y);
        } else {
            tcg_out_modrm_offset(s, fp_opc(k), r, base, bofs);
        }
        return;
    }
    if (base == TCG_REG_ENV && fp_holds(s, aofs)) {
        x = XMM_CACHE + fp_entry(s, aofs);
    } else {
        fp_touch(s, aofs, k->dst_bytes, false);
        fp_load(s, XMM0, k->dst_bytes, base, aofs);
        x = XMM0;
    }
    if (y >= 0) {
        tcg_out_modrm(s, fp_opc(k), x, y);
    } else {
        tcg_out_modrm_offset(s, fp_opc(k), x, base, bofs);
    }
    /* ZF PF CF, the other arithmetic flags cleared: r is eax (constraint) */
    assert(r == TCG_REG_RAX);
    tcg_out8(s, OPC_LAHF);
    tcg_out_modrm(s, OPC_MOVZBL, TCG_REG_RAX, 4);   /* movzbl %ah, %eax */
    tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, r, 0x45);
}

void tcg_out_fp(TCGContext *s, const TCGOp *op, const TCGArg *a)
{
    TCGFPCache *c = &s->fp_cache;
    uint8_t *skip;

    switch (op->opc) {
    case INDEX_op_fp_sync:
        if (c->mxcsr_ofs >= 0 && a[0] == TCG_REG_ENV && (intptr_t)a[1] == c->mxcsr_ofs) {
            fp_check(s);
            break;
        }
        /* r11d = ~guest & 0x3f; if the host has none of those flags, done */
        tcg_out_modrm_offset(s, OPC_STMXCSR, 3, TCG_REG_RSP, -8);
        tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_TMP, a[0], a[1]);
        tcg_out_modrm(s, OPC_GRP3_Ev, EXT3_NOT, TCG_REG_TMP);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_TMP, 0x3f);
        tcg_out_modrm_offset(s, OPC_TESTL, TCG_REG_TMP, TCG_REG_RSP, -8);
        skip = tcg_out_jcc_short(s, JCC_JE);
        tcg_out_modrm(s, OPC_GRP3_Ev, EXT3_NOT, TCG_REG_TMP);
        tcg_out_modrm_offset(s, OPC_ARITH_GvEv - 2 + (ARITH_AND << 3), TCG_REG_TMP,
                             TCG_REG_RSP, -8);
        tcg_out_modrm_offset(s, OPC_STMXCSR, 2, TCG_REG_RSP, -8);     /* ldmxcsr */
        tcg_out_patch8(s, skip);
        break;
    case INDEX_op_fp_flags_or:
        if (c->mxcsr_ofs >= 0 && !c->need_check && a[0] == TCG_REG_ENV &&
            (intptr_t)a[1] == c->mxcsr_ofs) {
            /* the host's flags include the word's, the other bits are equal:
             * they stay there (fp_flags_out) */
            break;
        }
        /* stmxcsr -8(%rsp) (the red zone); r11d = its flags; or into base+ofs */
        tcg_out_modrm_offset(s, OPC_STMXCSR, 3, TCG_REG_RSP, -8);
        tcg_out_ld(s, TCG_TYPE_I32, TCG_REG_TMP, TCG_REG_RSP, -8);
        tcg_out_arithi(s, ARITH_AND, TCG_TYPE_I32, TCG_REG_TMP, 0x3f);
        tcg_out_modrm_offset(s, OPC_ARITH_GvEv - 2 + (ARITH_OR << 3), TCG_REG_TMP, a[0], a[1]);
        break;
    case INDEX_op_fp_sse:
        if (!tcg_fp_kind_is_bits(a[1])) {
            fp_check(s);
            c->flags_stored = false;
        }
        fp_out_sse(s, a);
        break;
    case INDEX_op_fp_sse_m:
        if (!tcg_fp_kind_is_bits(a[2] & TCG_FP_ARG_MASK)) {
            fp_check(s);
            c->flags_stored = false;
        }
        fp_out_sse_m(s, a);
        break;
    case INDEX_op_fp_sse_r:
        fp_check(s);
        c->flags_stored = false;
        fp_out_sse_r(s, a);
        break;
    case INDEX_op_fp_st_m:
        fp_out_st_m(s, a);
        break;
    case INDEX_op_fp_align:
        fp_out_align(s, a);
        break;
    default:
        abort();
    }
}
