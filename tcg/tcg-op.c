/*
 * The tcg_gen_* emitters of tcg/tcg-op.h: each appends one or a few ops to
 * the block being built. Immediate forms take an interned constant; trivial
 * cases (add 0, shift 0) become moves so later passes see less.
 */
#include <assert.h>

#include "exec/translation-block.h"
#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"

static TCGTemp *tc(TCGContext *s, TCGType type, int64_t v)
{
    return tcg_constant_internal(s, type, v);
}

static void gen_op1(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *r, TCGTemp *a)
{
    TCGOp *op = tcg_emit_op(s, opc, type, 2);
    op->args[0] = temp_arg(r);
    op->args[1] = temp_arg(a);
}

static void gen_op2(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    TCGOp *op = tcg_emit_op(s, opc, type, 3);
    op->args[0] = temp_arg(r);
    op->args[1] = temp_arg(a);
    op->args[2] = temp_arg(b);
}

static void gen_op_2x2(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *r0, TCGTemp *r1,
                       TCGTemp *a, TCGTemp *b)
{
    TCGOp *op = tcg_emit_op(s, opc, type, 4);
    op->args[0] = temp_arg(r0);
    op->args[1] = temp_arg(r1);
    op->args[2] = temp_arg(a);
    op->args[3] = temp_arg(b);
}

static void gen_op_2x4(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *rl, TCGTemp *rh,
                       TCGTemp *al, TCGTemp *ah, TCGTemp *bl, TCGTemp *bh)
{
    TCGOp *op = tcg_emit_op(s, opc, type, 6);
    op->args[0] = temp_arg(rl);
    op->args[1] = temp_arg(rh);
    op->args[2] = temp_arg(al);
    op->args[3] = temp_arg(ah);
    op->args[4] = temp_arg(bl);
    op->args[5] = temp_arg(bh);
}

static void gen_mov(TCGContext *s, TCGType type, TCGTemp *r, TCGTemp *a)
{
    if (r != a) {
        gen_op1(s, INDEX_op_mov, type, r, a);
    }
}

static void gen_movi(TCGContext *s, TCGType type, TCGTemp *r, int64_t v)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_movi, type, 2);
    op->args[0] = temp_arg(r);
    op->args[1] = (uint64_t)tcg_normalize(type, v);
}

static void gen_ldst(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *v, TCGTemp *base,
                     intptr_t ofs)
{
    TCGOp *op = tcg_emit_op(s, opc, type, 3);

    op->args[0] = temp_arg(v);
    op->args[1] = temp_arg(base);
    op->args[2] = (TCGArg)ofs;
}

/* Immediate forms: op with constant b, or a move when b is the identity. */
static void gen_opi(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *r, TCGTemp *a, int64_t b)
{
    bool ident = b == 0 && (opc == INDEX_op_add || opc == INDEX_op_sub || opc == INDEX_op_or ||
                            opc == INDEX_op_xor || opc == INDEX_op_shl || opc == INDEX_op_shr ||
                            opc == INDEX_op_sar || opc == INDEX_op_rotl || opc == INDEX_op_rotr);

    if (ident) {
        gen_mov(s, type, r, a);
    } else if (opc == INDEX_op_and && tcg_normalize(type, b) == -1) {
        gen_mov(s, type, r, a);
    } else {
        gen_op2(s, opc, type, r, a, tc(s, type, b));
    }
}

static void gen_shifti(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *r, TCGTemp *a,
                       unsigned b)
{
    assert(b < (type == TCG_TYPE_I32 ? 32u : 64u));
    gen_opi(s, opc, type, r, a, b);
}

static void gen_bitfield(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *r, TCGTemp *a,
                         TCGTemp *b, unsigned pos, unsigned len)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    TCGOp *op;
    int k = 0;

    assert(len > 0 && pos + len <= w);
    op = tcg_emit_op(s, opc, type, b ? 5 : 4);
    op->args[k++] = temp_arg(r);
    op->args[k++] = temp_arg(a);
    if (b) {
        op->args[k++] = temp_arg(b);
    }
    op->args[k++] = pos;
    op->args[k] = len;
}

static void gen_setcond(TCGContext *s, TCGType type, TCGCond c, TCGTemp *r, TCGTemp *a, TCGTemp *b)
{
    TCGOp *op;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_movi(s, type, r, c == TCG_COND_ALWAYS);
        return;
    }
    op = tcg_emit_op(s, INDEX_op_setcond, type, 4);
    op->args[0] = temp_arg(r);
    op->args[1] = temp_arg(a);
    op->args[2] = temp_arg(b);
    op->args[3] = c;
}

static void gen_movcond(TCGContext *s, TCGType type, TCGCond c, TCGTemp *r, TCGTemp *c1,
                        TCGTemp *c2, TCGTemp *v1, TCGTemp *v2)
{
    TCGOp *op;

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        gen_mov(s, type, r, c == TCG_COND_ALWAYS ? v1 : v2);
        return;
    }
    op = tcg_emit_op(s, INDEX_op_movcond, type, 6);
    op->args[0] = temp_arg(r);
    op->args[1] = temp_arg(c1);
    op->args[2] = temp_arg(c2);
    op->args[3] = temp_arg(v1);
    op->args[4] = temp_arg(v2);
    op->args[5] = c;
}

static void gen_brcond(TCGContext *s, TCGType type, TCGCond c, TCGTemp *a, TCGTemp *b, TCGLabel *l)
{
    TCGOp *op;

    if (c == TCG_COND_NEVER) {
        return;
    }
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(s, l);
        return;
    }
    l->used = true;
    op = tcg_emit_op(s, INDEX_op_brcond, type, 4);
    op->args[0] = temp_arg(a);
    op->args[1] = temp_arg(b);
    op->args[2] = c;
    op->args[3] = (TCGArg)(uintptr_t)l;
}

static void gen_qemu_ldst(TCGContext *s, TCGOpcode opc, TCGType type, TCGTemp *val, TCGTemp *addr,
                          unsigned mmu_idx, MemOp mop)
{
    TCGOp *op = tcg_emit_op(s, opc, type, 4);

    assert(mmu_idx < 16);
    if (type == TCG_TYPE_I32 && (mop & MO_SIZE) == MO_64) {
        assert(0 && "64-bit guest access needs an i64 value");
    }
    if ((mop & MO_SIZE) == MO_8) {
        mop &= ~MO_BSWAP; /* byte order of one byte is moot */
    }
    if (opc == INDEX_op_qemu_st) {
        mop &= ~MO_SIGN;
    }
    op->args[0] = temp_arg(val);
    op->args[1] = temp_arg(addr);
    op->args[2] = make_memop_idx(mop, mmu_idx);
    op->args[3] = 0;    /* displacement: tcg_liveness may fold an add into it */
}

void gen_set_label(TCGContext *s, TCGLabel *l)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_set_label, TCG_TYPE_I32, 1);

    assert(!l->present);
    l->present = true;
    op->args[0] = (TCGArg)(uintptr_t)l;
}

void tcg_gen_br(TCGContext *s, TCGLabel *l)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_br, TCG_TYPE_I32, 1);

    l->used = true;
    op->args[0] = (TCGArg)(uintptr_t)l;
}

void tcg_gen_discard_i32(TCGContext *s, TCGv_i32 t)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_discard, TCG_TYPE_I32, 1);

    op->args[0] = temp_arg(tcgv_i32_temp(t));
}

void tcg_gen_mb(TCGContext *s, unsigned mb_type)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_mb, TCG_TYPE_I32, 1);
    op->args[0] = mb_type;
}

void tcg_gen_goto_tb(TCGContext *s, unsigned slot)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_goto_tb, TCG_TYPE_I32, 1);

    assert(slot < TCG_MAX_GOTO_TB);
    op->args[0] = slot;
}

void tcg_gen_exit_tb(TCGContext *s, const struct TranslationBlock *tb, unsigned slot)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_exit_tb, TCG_TYPE_I32, 1);

    assert(slot < TCG_MAX_GOTO_TB && (tb || slot == 0));
    op->args[0] = (uintptr_t)tb | slot;
}

void tcg_gen_loop_back(TCGContext *s)
{
    tcg_emit_op(s, INDEX_op_loop_back, TCG_TYPE_I32, 0);
    s->has_loop_back = true;
}

void tcg_gen_goto_ptr(TCGContext *s, TCGv_ptr target)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_goto_ptr, TCG_TYPE_I64, 1);
    op->args[0] = temp_arg(tcgv_ptr_temp(target));
}

void tcg_set_lookup_key(TCGContext *s, TCGv_i32 pc, intptr_t cs_base_ofs, intptr_t flags_ofs)
{
    assert(tcgv_i32_temp(pc)->kind == TEMP_GLOBAL);
    s->key_pc = tcgv_i32_temp(pc);
    s->key_cs_base_ofs = cs_base_ofs;
    s->key_flags_ofs = flags_ofs;
}

void tcg_gen_lookup_and_goto_ptr(TCGContext *s)
{
    TCGTemp *cpu, *ptr;

    if (s->key_pc) {
        /* The backend probes the jump cache inline, then calls the lookup. */
        TCGOp *op = tcg_emit_op(s, INDEX_op_goto_lookup, TCG_TYPE_I32, 1);

        op->args[0] = temp_arg(s->key_pc);
        return;
    }
    cpu = tcg_temp_new_internal(s, TCG_TYPE_I64, TEMP_EBB);
    ptr = tcg_temp_new_internal(s, TCG_TYPE_I64, TEMP_EBB);
    /* The CPUState sits env_offset bytes before env. */
    tcg_gen_addi_ptr(s, temp_tcgv_ptr(cpu), tcg_env(s), -s->env_offset);
    tcg_gen_call1(s, &s->lookup_info, ptr, cpu);
    tcg_gen_goto_ptr(s, temp_tcgv_ptr(ptr));
    tcg_temp_free_internal(s, cpu);
    tcg_temp_free_internal(s, ptr);
}

void tcg_gen_insn_start(TCGContext *s, uint64_t w0, uint64_t w1)
{
    TCGOp *op = tcg_emit_op(s, INDEX_op_insn_start, TCG_TYPE_I32, 2);

    op->args[0] = w0;
    op->args[1] = w1;
    s->nb_insns++;
}

void tcg_gen_callN(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args)
{
    TCGOp *op;
    int i, k = 0;

    assert(nargs <= TCG_HELPER_MAX_ARGS);
    assert(!ret == !(info->typemask & 7));
    op = tcg_emit_op(s, INDEX_op_call, TCG_TYPE_I64, nargs + 2);
    op->callo = ret != NULL;
    op->calli = nargs;
    if (ret) {
        op->args[k++] = temp_arg(ret);
    }
    for (i = 0; i < nargs; i++) {
        op->args[k++] = temp_arg(args[i]);
    }
    op->args[k] = (TCGArg)(uintptr_t)info;
}

void tcg_gen_qemu_ld_i32(TCGContext *s, TCGv_i32 val, TCGv_i32 addr, unsigned mmu_idx, MemOp mop)
{
    gen_qemu_ldst(s, INDEX_op_qemu_ld, TCG_TYPE_I32, tcgv_i32_temp(val), tcgv_i32_temp(addr),
                  mmu_idx, mop);
}

void tcg_gen_qemu_st_i32(TCGContext *s, TCGv_i32 val, TCGv_i32 addr, unsigned mmu_idx, MemOp mop)
{
    gen_qemu_ldst(s, INDEX_op_qemu_st, TCG_TYPE_I32, tcgv_i32_temp(val), tcgv_i32_temp(addr),
                  mmu_idx, mop);
}

void tcg_gen_qemu_ld_i64(TCGContext *s, TCGv_i64 val, TCGv_i32 addr, unsigned mmu_idx, MemOp mop)
{
    gen_qemu_ldst(s, INDEX_op_qemu_ld, TCG_TYPE_I64, tcgv_i64_temp(val), tcgv_i32_temp(addr),
                  mmu_idx, mop);
}

void tcg_gen_qemu_st_i64(TCGContext *s, TCGv_i64 val, TCGv_i32 addr, unsigned mmu_idx, MemOp mop)
{
    gen_qemu_ldst(s, INDEX_op_qemu_st, TCG_TYPE_I64, tcgv_i64_temp(val), tcgv_i32_temp(addr),
                  mmu_idx, mop);
}

void tcg_gen_addi_ptr(TCGContext *s, TCGv_ptr ret, TCGv_ptr a, intptr_t b)
{
    gen_opi(s, INDEX_op_add, TCG_TYPE_I64, tcgv_ptr_temp(ret), tcgv_ptr_temp(a), b);
}

void tcg_gen_ld_ptr(TCGContext *s, TCGv_ptr ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld, TCG_TYPE_I64, tcgv_ptr_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ext_i32_ptr(TCGContext *s, TCGv_ptr ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_extu_i32_i64, TCG_TYPE_I64, tcgv_ptr_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_ext_i32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_ext_i32_i64, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_extu_i32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_extu_i32_i64, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_extrl_i64_i32(TCGContext *s, TCGv_i32 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_extrl_i64_i32, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_extrh_i64_i32(TCGContext *s, TCGv_i32 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_extrh_i64_i32, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_concat_i32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi)
{
    TCGTemp *l = tcg_temp_new_internal(s, TCG_TYPE_I64, TEMP_EBB);
    TCGTemp *h = tcg_temp_new_internal(s, TCG_TYPE_I64, TEMP_EBB);

    gen_op1(s, INDEX_op_extu_i32_i64, TCG_TYPE_I64, l, tcgv_i32_temp(lo));
    gen_op1(s, INDEX_op_extu_i32_i64, TCG_TYPE_I64, h, tcgv_i32_temp(hi));
    gen_bitfield(s, INDEX_op_deposit, TCG_TYPE_I64, tcgv_i64_temp(ret), l, h, 32, 32);
    tcg_temp_free_internal(s, l);
    tcg_temp_free_internal(s, h);
}

void tcg_gen_mov_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_mov(s, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_movi_i32(TCGContext *s, TCGv_i32 ret, int32_t val)
{
    gen_movi(s, TCG_TYPE_I32, tcgv_i32_temp(ret), val);
}

void tcg_gen_ld8u_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld8u, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld8s_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld8s, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld16u_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld16u, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld16s_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld16s, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_st8_i32(TCGContext *s, TCGv_i32 val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_st8, TCG_TYPE_I32, tcgv_i32_temp(val), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_st16_i32(TCGContext *s, TCGv_i32 val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_st16, TCG_TYPE_I32, tcgv_i32_temp(val), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_st_i32(TCGContext *s, TCGv_i32 val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_st, TCG_TYPE_I32, tcgv_i32_temp(val), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_add_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_add, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_sub_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_sub, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_mul_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_mul, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_div_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_div, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_divu_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_divu, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_rem_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_rem, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_remu_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_remu, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_mulsh_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_mulsh, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_muluh_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_muluh, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_and_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_and, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_or_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_or, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_xor_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_xor, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_andc_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_andc, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_orc_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_orc, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_eqv_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_eqv, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_nand_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_nand, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_nor_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_nor, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_shl_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_shl, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_shr_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_shr, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_sar_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_sar, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_rotl_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_rotl, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_rotr_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_rotr, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(b));
}

void tcg_gen_addi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_opi(s, INDEX_op_add, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_subi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_opi(s, INDEX_op_sub, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_muli_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_opi(s, INDEX_op_mul, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_andi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_opi(s, INDEX_op_and, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_ori_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_opi(s, INDEX_op_or, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_xori_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_opi(s, INDEX_op_xor, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_shli_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b)
{
    gen_shifti(s, INDEX_op_shl, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_shri_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b)
{
    gen_shifti(s, INDEX_op_shr, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_sari_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b)
{
    gen_shifti(s, INDEX_op_sar, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_rotli_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b)
{
    gen_shifti(s, INDEX_op_rotl, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_rotri_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b)
{
    gen_shifti(s, INDEX_op_rotr, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), b);
}

void tcg_gen_subfi_i32(TCGContext *s, TCGv_i32 ret, int32_t a, TCGv_i32 b)
{
    gen_op2(s, INDEX_op_sub, TCG_TYPE_I32, tcgv_i32_temp(ret), tc(s, TCG_TYPE_I32, a),
            tcgv_i32_temp(b));
}

void tcg_gen_neg_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_neg, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_not_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_not, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_ext8s_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_ext8s, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_ext8u_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_ext8u, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_ext16s_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_ext16s, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_ext16u_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_ext16u, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_bswap16_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_bswap16, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_bswap32_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_bswap32, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_ctpop_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a)
{
    gen_op1(s, INDEX_op_ctpop, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a));
}

void tcg_gen_muls2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b)
{
    gen_op_2x2(s, INDEX_op_muls2, TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
               tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_mulu2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b)
{
    gen_op_2x2(s, INDEX_op_mulu2, TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
               tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_add2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh)
{
    gen_op_2x4(s, INDEX_op_add2, TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
               tcgv_i32_temp(al), tcgv_i32_temp(ah), tcgv_i32_temp(bl), tcgv_i32_temp(bh));
}

void tcg_gen_sub2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                      TCGv_i32 bl, TCGv_i32 bh)
{
    gen_op_2x4(s, INDEX_op_sub2, TCG_TYPE_I32, tcgv_i32_temp(rl), tcgv_i32_temp(rh),
               tcgv_i32_temp(al), tcgv_i32_temp(ah), tcgv_i32_temp(bl), tcgv_i32_temp(bh));
}

void tcg_gen_extract_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned pos, unsigned len)
{
    gen_bitfield(s, INDEX_op_extract, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), NULL,
                 pos, len);
}

void tcg_gen_sextract_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned pos, unsigned len)
{
    gen_bitfield(s, INDEX_op_sextract, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a), NULL,
                 pos, len);
}

void tcg_gen_deposit_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b, unsigned pos,
                         unsigned len)
{
    gen_bitfield(s, INDEX_op_deposit, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
                 tcgv_i32_temp(b), pos, len);
}

void tcg_gen_clz_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 zero_val)
{
    gen_op2(s, INDEX_op_clz, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(zero_val));
}

void tcg_gen_clzi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t zero_val)
{
    gen_op2(s, INDEX_op_clz, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tc(s, TCG_TYPE_I32, zero_val));
}

void tcg_gen_ctz_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 zero_val)
{
    gen_op2(s, INDEX_op_ctz, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tcgv_i32_temp(zero_val));
}

void tcg_gen_ctzi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t zero_val)
{
    gen_op2(s, INDEX_op_ctz, TCG_TYPE_I32, tcgv_i32_temp(ret), tcgv_i32_temp(a),
            tc(s, TCG_TYPE_I32, zero_val));
}

void tcg_gen_setcond_i32(TCGContext *s, TCGCond cond, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    gen_setcond(s, TCG_TYPE_I32, cond, tcgv_i32_temp(ret), tcgv_i32_temp(a), tcgv_i32_temp(b));
}

void tcg_gen_setcondi_i32(TCGContext *s, TCGCond cond, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    gen_setcond(s, TCG_TYPE_I32, cond, tcgv_i32_temp(ret), tcgv_i32_temp(a),
                tc(s, TCG_TYPE_I32, b));
}

void tcg_gen_movcond_i32(TCGContext *s, TCGCond cond, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    gen_movcond(s, TCG_TYPE_I32, cond, tcgv_i32_temp(ret), tcgv_i32_temp(c1), tcgv_i32_temp(c2),
                tcgv_i32_temp(v1), tcgv_i32_temp(v2));
}

void tcg_gen_brcond_i32(TCGContext *s, TCGCond cond, TCGv_i32 a, TCGv_i32 b, TCGLabel *l)
{
    gen_brcond(s, TCG_TYPE_I32, cond, tcgv_i32_temp(a), tcgv_i32_temp(b), l);
}

void tcg_gen_brcondi_i32(TCGContext *s, TCGCond cond, TCGv_i32 a, int32_t b, TCGLabel *l)
{
    gen_brcond(s, TCG_TYPE_I32, cond, tcgv_i32_temp(a), tc(s, TCG_TYPE_I32, b), l);
}

void tcg_gen_mov_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_mov(s, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_movi_i64(TCGContext *s, TCGv_i64 ret, int64_t val)
{
    gen_movi(s, TCG_TYPE_I64, tcgv_i64_temp(ret), val);
}

void tcg_gen_ld8u_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld8u, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld8s_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld8s, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld16u_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld16u, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld16s_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld16s, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld32u_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld32u, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld32s_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld32s, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_ld_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_ld, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_st8_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_st8, TCG_TYPE_I64, tcgv_i64_temp(val), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_st16_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_st16, TCG_TYPE_I64, tcgv_i64_temp(val), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_st32_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_st32, TCG_TYPE_I64, tcgv_i64_temp(val), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_st_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs)
{
    gen_ldst(s, INDEX_op_st, TCG_TYPE_I64, tcgv_i64_temp(val), tcgv_ptr_temp(base), ofs);
}

void tcg_gen_add_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_add, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_sub_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_sub, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_mul_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_mul, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_div_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_div, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_divu_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_divu, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_rem_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_rem, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_remu_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_remu, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_mulsh_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_mulsh, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_muluh_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_muluh, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_and_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_and, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_or_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_or, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_xor_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_xor, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_andc_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_andc, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_orc_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_orc, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_eqv_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_eqv, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_nand_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_nand, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_nor_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_nor, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_shl_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_shl, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_shr_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_shr, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_sar_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_sar, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_rotl_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_rotl, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_rotr_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_rotr, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(b));
}

void tcg_gen_addi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_opi(s, INDEX_op_add, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_subi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_opi(s, INDEX_op_sub, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_muli_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_opi(s, INDEX_op_mul, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_andi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_opi(s, INDEX_op_and, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_ori_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_opi(s, INDEX_op_or, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_xori_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_opi(s, INDEX_op_xor, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_shli_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b)
{
    gen_shifti(s, INDEX_op_shl, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_shri_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b)
{
    gen_shifti(s, INDEX_op_shr, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_sari_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b)
{
    gen_shifti(s, INDEX_op_sar, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_rotli_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b)
{
    gen_shifti(s, INDEX_op_rotl, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_rotri_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b)
{
    gen_shifti(s, INDEX_op_rotr, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), b);
}

void tcg_gen_subfi_i64(TCGContext *s, TCGv_i64 ret, int64_t a, TCGv_i64 b)
{
    gen_op2(s, INDEX_op_sub, TCG_TYPE_I64, tcgv_i64_temp(ret), tc(s, TCG_TYPE_I64, a),
            tcgv_i64_temp(b));
}

void tcg_gen_neg_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_neg, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_not_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_not, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_ext8s_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_ext8s, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_ext8u_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_ext8u, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_ext16s_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_ext16s, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_ext16u_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_ext16u, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_bswap16_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_bswap16, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_bswap32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_bswap32, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_ctpop_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_ctpop, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_ext32s_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_ext32s, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_ext32u_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_ext32u, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_bswap64_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a)
{
    gen_op1(s, INDEX_op_bswap64, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a));
}

void tcg_gen_muls2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b)
{
    gen_op_2x2(s, INDEX_op_muls2, TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
               tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_mulu2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b)
{
    gen_op_2x2(s, INDEX_op_mulu2, TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
               tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_add2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    gen_op_2x4(s, INDEX_op_add2, TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
               tcgv_i64_temp(al), tcgv_i64_temp(ah), tcgv_i64_temp(bl), tcgv_i64_temp(bh));
}

void tcg_gen_sub2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                      TCGv_i64 bl, TCGv_i64 bh)
{
    gen_op_2x4(s, INDEX_op_sub2, TCG_TYPE_I64, tcgv_i64_temp(rl), tcgv_i64_temp(rh),
               tcgv_i64_temp(al), tcgv_i64_temp(ah), tcgv_i64_temp(bl), tcgv_i64_temp(bh));
}

void tcg_gen_extract_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned pos, unsigned len)
{
    gen_bitfield(s, INDEX_op_extract, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), NULL,
                 pos, len);
}

void tcg_gen_sextract_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned pos, unsigned len)
{
    gen_bitfield(s, INDEX_op_sextract, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a), NULL,
                 pos, len);
}

void tcg_gen_deposit_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b, unsigned pos,
                         unsigned len)
{
    gen_bitfield(s, INDEX_op_deposit, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
                 tcgv_i64_temp(b), pos, len);
}

void tcg_gen_clz_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 zero_val)
{
    gen_op2(s, INDEX_op_clz, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(zero_val));
}

void tcg_gen_clzi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t zero_val)
{
    gen_op2(s, INDEX_op_clz, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tc(s, TCG_TYPE_I64, zero_val));
}

void tcg_gen_ctz_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 zero_val)
{
    gen_op2(s, INDEX_op_ctz, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tcgv_i64_temp(zero_val));
}

void tcg_gen_ctzi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t zero_val)
{
    gen_op2(s, INDEX_op_ctz, TCG_TYPE_I64, tcgv_i64_temp(ret), tcgv_i64_temp(a),
            tc(s, TCG_TYPE_I64, zero_val));
}

void tcg_gen_setcond_i64(TCGContext *s, TCGCond cond, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    gen_setcond(s, TCG_TYPE_I64, cond, tcgv_i64_temp(ret), tcgv_i64_temp(a), tcgv_i64_temp(b));
}

void tcg_gen_setcondi_i64(TCGContext *s, TCGCond cond, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    gen_setcond(s, TCG_TYPE_I64, cond, tcgv_i64_temp(ret), tcgv_i64_temp(a),
                tc(s, TCG_TYPE_I64, b));
}

void tcg_gen_movcond_i64(TCGContext *s, TCGCond cond, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    gen_movcond(s, TCG_TYPE_I64, cond, tcgv_i64_temp(ret), tcgv_i64_temp(c1), tcgv_i64_temp(c2),
                tcgv_i64_temp(v1), tcgv_i64_temp(v2));
}

void tcg_gen_brcond_i64(TCGContext *s, TCGCond cond, TCGv_i64 a, TCGv_i64 b, TCGLabel *l)
{
    gen_brcond(s, TCG_TYPE_I64, cond, tcgv_i64_temp(a), tcgv_i64_temp(b), l);
}

void tcg_gen_brcondi_i64(TCGContext *s, TCGCond cond, TCGv_i64 a, int64_t b, TCGLabel *l)
{
    gen_brcond(s, TCG_TYPE_I64, cond, tcgv_i64_temp(a), tc(s, TCG_TYPE_I64, b), l);
}
