/*
 * TCG emitters: the only way front ends produce IR. Every function appends
 * ops to the block being translated in the context `s`. tcg/README gives the
 * semantics of each op; these follow it exactly.
 */
#ifndef TCG_TCG_OP_H
#define TCG_TCG_OP_H

#include "tcg/tcg.h"

/* Handles <-> temps. */
static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v) { return (TCGTemp *)v; }
static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v) { return (TCGTemp *)v; }
static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v) { return (TCGTemp *)v; }
static inline TCGv_i32 temp_tcgv_i32(TCGTemp *t) { return (TCGv_i32)t; }
static inline TCGv_i64 temp_tcgv_i64(TCGTemp *t) { return (TCGv_i64)t; }
static inline TCGv_ptr temp_tcgv_ptr(TCGTemp *t) { return (TCGv_ptr)t; }

/*
 * Temporaries. Globals live in a field of the CPU state (offset from env) and
 * keep their value across blocks. tcg_temp_new_* values live to the end of
 * the block (across labels); tcg_temp_ebb_new_* only within one extended basic
 * block (dead at the next label, branch or call that ends it); constants are
 * read-only and interned. Temps are released at the end of each block; the
 * front end may free them early with tcg_temp_free.
 */
TCGv_ptr tcg_env(TCGContext *s);
TCGv_i32 tcg_global_mem_new_i32(TCGContext *s, intptr_t env_offset, const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGContext *s, intptr_t env_offset, const char *name);
TCGv_i32 tcg_temp_new_i32(TCGContext *s);
TCGv_i64 tcg_temp_new_i64(TCGContext *s);
TCGv_ptr tcg_temp_new_ptr(TCGContext *s);
TCGv_i32 tcg_temp_ebb_new_i32(TCGContext *s);
TCGv_i64 tcg_temp_ebb_new_i64(TCGContext *s);
TCGv_i32 tcg_constant_i32(TCGContext *s, int32_t val);
TCGv_i64 tcg_constant_i64(TCGContext *s, int64_t val);
TCGv_ptr tcg_constant_ptr(TCGContext *s, intptr_t val);
void tcg_temp_free_i32(TCGContext *s, TCGv_i32 t);
void tcg_temp_free_i64(TCGContext *s, TCGv_i64 t);
void tcg_temp_free_ptr(TCGContext *s, TCGv_ptr t);

/*
 * True when the block is close to the IR's limits (ops, temps, labels,
 * insns): the front end should end the block after the current insn.
 */
bool tcg_op_buf_full(TCGContext *s);

/* The front end's own data (its global handles), kept with the context. */
void tcg_set_frontend_data(TCGContext *s, void *data);
void *tcg_frontend_data(TCGContext *s);

/* Labels and control flow inside a block. */
TCGLabel *gen_new_label(TCGContext *s);
void gen_set_label(TCGContext *s, TCGLabel *l);
void tcg_gen_br(TCGContext *s, TCGLabel *l);
/* t's value is no longer needed (its env slot may keep a stale one). */
void tcg_gen_discard_i32(TCGContext *s, TCGv_i32 t);
void tcg_gen_mb(TCGContext *s, unsigned mb_type);

/*
 * Leaving the block. tcg_gen_goto_tb(slot) + tcg_gen_exit_tb(tb, slot) is a
 * chainable direct jump (the guest pc must be stored first); exit_tb(NULL, 0)
 * returns to the CPU loop; tcg_gen_lookup_and_goto_ptr looks the next block up
 * from the CPU state (after the pc is stored) and jumps to it or to the loop.
 */
struct TranslationBlock;
void tcg_gen_goto_tb(TCGContext *s, unsigned slot);
void tcg_gen_exit_tb(TCGContext *s, const struct TranslationBlock *tb, unsigned slot);
void tcg_gen_lookup_and_goto_ptr(TCGContext *s);
void tcg_gen_goto_ptr(TCGContext *s, TCGv_ptr target);
/*
 * Jump back to the start of this block, where a chained goto_tb to the
 * block's own pc would go, with the same bookkeeping done first (state in
 * globals, the pc not stored). The backend keeps the loop's most used globals
 * in host registers across it; exit requests are checked at each turn.
 */
void tcg_gen_loop_back(TCGContext *s);

/*
 * Optional, from the target's tcg_init: how the TB key is read from env, so
 * that tcg_gen_lookup_and_goto_ptr probes the CPU's jump cache in generated
 * code and calls the lookup only on a miss. The key must be pc =
 * (uint32_t)(pc_global + u32 at cs_base_ofs) (cs_base_ofs -1: cs_base is 0),
 * cs_base = that u32, flags = the u32 at flags_ofs: what get_tb_state gives.
 */
void tcg_set_lookup_key(TCGContext *s, TCGv_i32 pc, intptr_t cs_base_ofs, intptr_t flags_ofs);

/* Marks the start of a guest instruction; words restore the state on faults. */
void tcg_gen_insn_start(TCGContext *s, uint64_t w0, uint64_t w1);

/* Helper calls: ret may be NULL for void helpers. Args are TCGTemp *. */
void tcg_gen_callN(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret,
                   int nargs, TCGTemp **args);
static inline void tcg_gen_call0(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret)
{
    tcg_gen_callN(s, info, ret, 0, NULL);
}
static inline void tcg_gen_call1(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret,
                                 TCGTemp *a1)
{
    TCGTemp *args[] = { a1 };
    tcg_gen_callN(s, info, ret, 1, args);
}
static inline void tcg_gen_call2(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret,
                                 TCGTemp *a1, TCGTemp *a2)
{
    TCGTemp *args[] = { a1, a2 };
    tcg_gen_callN(s, info, ret, 2, args);
}
static inline void tcg_gen_call3(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret,
                                 TCGTemp *a1, TCGTemp *a2, TCGTemp *a3)
{
    TCGTemp *args[] = { a1, a2, a3 };
    tcg_gen_callN(s, info, ret, 3, args);
}
static inline void tcg_gen_call4(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret,
                                 TCGTemp *a1, TCGTemp *a2, TCGTemp *a3, TCGTemp *a4)
{
    TCGTemp *args[] = { a1, a2, a3, a4 };
    tcg_gen_callN(s, info, ret, 4, args);
}
static inline void tcg_gen_call5(TCGContext *s, const TCGHelperInfo *info, TCGTemp *ret,
                                 TCGTemp *a1, TCGTemp *a2, TCGTemp *a3, TCGTemp *a4,
                                 TCGTemp *a5)
{
    TCGTemp *args[] = { a1, a2, a3, a4, a5 };
    tcg_gen_callN(s, info, ret, 5, args);
}

/* Guest memory, 32-bit guest addresses (all three guests are 32-bit). */
void tcg_gen_qemu_ld_i32(TCGContext *s, TCGv_i32 val, TCGv_i32 addr, unsigned mmu_idx,
                         MemOp mop);
void tcg_gen_qemu_st_i32(TCGContext *s, TCGv_i32 val, TCGv_i32 addr, unsigned mmu_idx,
                         MemOp mop);
void tcg_gen_qemu_ld_i64(TCGContext *s, TCGv_i64 val, TCGv_i32 addr, unsigned mmu_idx,
                         MemOp mop);
void tcg_gen_qemu_st_i64(TCGContext *s, TCGv_i64 val, TCGv_i32 addr, unsigned mmu_idx,
                         MemOp mop);

/* Pointer arithmetic on host pointers (for helpers taking &env->field). */
void tcg_gen_addi_ptr(TCGContext *s, TCGv_ptr ret, TCGv_ptr a, intptr_t b);
void tcg_gen_ld_ptr(TCGContext *s, TCGv_ptr ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ext_i32_ptr(TCGContext *s, TCGv_ptr ret, TCGv_i32 a);   /* zero-extend */

/* ---- 32-bit ops ---- */
void tcg_gen_mov_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_movi_i32(TCGContext *s, TCGv_i32 ret, int32_t val);
void tcg_gen_ld8u_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i32(TCGContext *s, TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i32(TCGContext *s, TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i32(TCGContext *s, TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i32(TCGContext *s, TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_add_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_addi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_sub_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_subi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_subfi_i32(TCGContext *s, TCGv_i32 ret, int32_t a, TCGv_i32 b);
void tcg_gen_neg_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_mul_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muli_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_div_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_divu_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rem_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_remu_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muls2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_mulu2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_mulsh_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_muluh_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_add2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                     TCGv_i32 bl, TCGv_i32 bh);
void tcg_gen_sub2_i32(TCGContext *s, TCGv_i32 rl, TCGv_i32 rh, TCGv_i32 al, TCGv_i32 ah,
                     TCGv_i32 bl, TCGv_i32 bh);
void tcg_gen_and_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_andi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_or_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_ori_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_xor_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_xori_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_not_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_andc_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_orc_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_eqv_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_nand_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_nor_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_shl_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_shli_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b);
void tcg_gen_shr_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_shri_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b);
void tcg_gen_sar_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_sari_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b);
void tcg_gen_rotl_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rotli_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b);
void tcg_gen_rotr_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_rotri_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned b);
void tcg_gen_ext8s_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_ext8u_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_ext16s_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_ext16u_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_extract_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, unsigned pos, unsigned len);
void tcg_gen_deposit_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b, unsigned pos,
                        unsigned len);
void tcg_gen_bswap16_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_bswap32_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_clz_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 zero_val);
void tcg_gen_clzi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t zero_val);
void tcg_gen_ctz_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 zero_val);
void tcg_gen_ctzi_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a, int32_t zero_val);
void tcg_gen_ctpop_i32(TCGContext *s, TCGv_i32 ret, TCGv_i32 a);
void tcg_gen_setcond_i32(TCGContext *s, TCGCond cond, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcondi_i32(TCGContext *s, TCGCond cond, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_movcond_i32(TCGContext *s, TCGCond cond, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                        TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_brcond_i32(TCGContext *s, TCGCond cond, TCGv_i32 a, TCGv_i32 b, TCGLabel *l);
void tcg_gen_brcondi_i32(TCGContext *s, TCGCond cond, TCGv_i32 a, int32_t b, TCGLabel *l);

/* ---- 64-bit ops ---- */
void tcg_gen_mov_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_movi_i64(TCGContext *s, TCGv_i64 ret, int64_t val);
void tcg_gen_ld8u_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_add_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_addi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_sub_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_subi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_subfi_i64(TCGContext *s, TCGv_i64 ret, int64_t a, TCGv_i64 b);
void tcg_gen_neg_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_mul_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muli_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_div_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_divu_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rem_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_remu_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muls2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_mulu2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_mulsh_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_muluh_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_add2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                     TCGv_i64 bl, TCGv_i64 bh);
void tcg_gen_sub2_i64(TCGContext *s, TCGv_i64 rl, TCGv_i64 rh, TCGv_i64 al, TCGv_i64 ah,
                     TCGv_i64 bl, TCGv_i64 bh);
void tcg_gen_and_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_andi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_or_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_ori_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_xor_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_xori_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_not_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_andc_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_orc_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_eqv_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_nand_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_nor_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_shl_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_shli_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b);
void tcg_gen_shr_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_shri_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b);
void tcg_gen_sar_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_sari_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b);
void tcg_gen_rotl_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rotli_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b);
void tcg_gen_rotr_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_rotri_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned b);
void tcg_gen_ext8s_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext8u_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext16s_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext16u_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_extract_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned pos, unsigned len);
void tcg_gen_sextract_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, unsigned pos, unsigned len);
void tcg_gen_deposit_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b, unsigned pos,
                        unsigned len);
void tcg_gen_bswap16_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_bswap32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_clz_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 zero_val);
void tcg_gen_clzi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t zero_val);
void tcg_gen_ctz_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 zero_val);
void tcg_gen_ctzi_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a, int64_t zero_val);
void tcg_gen_ctpop_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_setcond_i64(TCGContext *s, TCGCond cond, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
void tcg_gen_setcondi_i64(TCGContext *s, TCGCond cond, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_movcond_i64(TCGContext *s, TCGCond cond, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                        TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_brcond_i64(TCGContext *s, TCGCond cond, TCGv_i64 a, TCGv_i64 b, TCGLabel *l);
void tcg_gen_brcondi_i64(TCGContext *s, TCGCond cond, TCGv_i64 a, int64_t b, TCGLabel *l);

/* ---- 64-bit only ---- */
void tcg_gen_ld32u_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32s_i64(TCGContext *s, TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st32_i64(TCGContext *s, TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ext32s_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_bswap64_i64(TCGContext *s, TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext_i32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i32 a);    /* sign */
void tcg_gen_extu_i32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i32 a);   /* zero */
void tcg_gen_extrl_i64_i32(TCGContext *s, TCGv_i32 ret, TCGv_i64 a);
void tcg_gen_extrh_i64_i32(TCGContext *s, TCGv_i32 ret, TCGv_i64 a);
void tcg_gen_concat_i32_i64(TCGContext *s, TCGv_i64 ret, TCGv_i32 lo, TCGv_i32 hi);

#endif
