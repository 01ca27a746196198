/*
 * i386 integer arithmetic, logic, shift, multiply/divide and bit instructions
 * (SDM vol. 2 "ADD" ... "XOR"): IR generators named by the opcode maps.
 * Lock-prefixed forms go through host atomics (helper_atomic_*).
 */
#include "target-i386/cpu-internal.h"
#include "target-i386/decode.h"
#include "target-i386/helper-proto.h"

#define T(v) tcgv_i32_temp(v)

static CCOp cc_op_sized(CCOp base, MemOp ot)
{
    return base + (ot & MO_SIZE);
}

/* old = atomic op(mem at A0, val); returns old in dst. */
static void gen_atomic_rmw(DisasContext *s, int op, MemOp ot, TCGv_i32 dst, TCGv_i32 val)
{
    TCGv_i32 c = tcg_constant_i32(s->tcg, op | (ot & MO_SIZE));

    gen_update_cc_op(s);
    gen_call_env(s, &helper_atomic_rmw_info, T(dst), 3, (TCGTemp *[]){ T(s->A0), T(val), T(c) });
}

static bool gen_is_locked(DisasContext *s, X86Decoded *d)
{
    return (s->prefix & PREFIX_LOCK) && d->op[0].is_mem;
}

/* Both operands name the same general register (sbb eax, eax). */
static bool gen_same_reg(const X86Decoded *d)
{
    const X86Op *a = &d->op[0], *b = &d->op[1];
    bool ra = (a->kind == OPK_E || a->kind == OPK_G || a->kind == OPK_R) && !a->is_mem;
    bool rb = (b->kind == OPK_E || b->kind == OPK_G || b->kind == OPK_R) && !b->is_mem;

    return ra && rb && a->reg == b->reg && a->ot == b->ot;
}

void gen_alu(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;
    int op = d->e->arg;
    TCGv_i32 carry = NULL;
    bool locked = gen_is_locked(s, d);

    gen_load_op(s, d, 1, s->T1);
    if (op == ALU_ADC || op == ALU_SBB) {
        carry = tcg_temp_new_i32(t);
        gen_compute_c(s, carry);
    }
    if (locked) {
        TCGv_i32 v = tcg_temp_new_i32(t);
        int aop = X86_ATOMIC_ADD;
        switch (op) {
        case ALU_ADD:
            tcg_gen_mov_i32(t, v, s->T1);
            break;
        case ALU_ADC:
            tcg_gen_add_i32(t, v, s->T1, carry);
            break;
        case ALU_SUB:
            tcg_gen_neg_i32(t, v, s->T1);
            break;
        case ALU_SBB:
            tcg_gen_add_i32(t, v, s->T1, carry);
            tcg_gen_neg_i32(t, v, v);
            break;
        default:
            aop = op == ALU_AND ? X86_ATOMIC_AND : op == ALU_OR ? X86_ATOMIC_OR : X86_ATOMIC_XOR;
            tcg_gen_mov_i32(t, v, s->T1);
            break;
        }
        gen_atomic_rmw(s, aop, ot, s->T0, v);
        tcg_temp_free_i32(t, v);
    } else {
        gen_load_op(s, d, 0, s->T0);
    }
    switch (op) {
    case ALU_ADD:
    case ALU_ADC:
        tcg_gen_add_i32(t, s->T0, s->T0, s->T1);
        if (carry) {
            tcg_gen_add_i32(t, s->T0, s->T0, carry);
        }
        gen_set_cc_op(s, cc_op_sized(carry ? CC_OP_ADCB : CC_OP_ADDB, ot));
        break;
    case ALU_SUB:
    case ALU_SBB:
    case ALU_CMP:
        if (!carry) {
            tcg_gen_mov_i32(t, s->cc_srcT, s->T0);  /* dropped by liveness if unread */
        }
        if (carry && !locked && gen_same_reg(d)) {
            tcg_gen_neg_i32(t, s->T0, carry);   /* x - x - CF: the mask idiom */
        } else {
            tcg_gen_sub_i32(t, s->T0, s->T0, s->T1);
            if (carry) {
                tcg_gen_sub_i32(t, s->T0, s->T0, carry);
            }
        }
        gen_set_cc_op(s, cc_op_sized(carry ? CC_OP_SBBB : CC_OP_SUBB, ot));
        s->cc_srcT_valid = !carry;
        break;
    case ALU_AND:
        tcg_gen_and_i32(t, s->T0, s->T0, s->T1);
        gen_set_cc_op(s, cc_op_sized(CC_OP_LOGICB, ot));
        break;
    case ALU_OR:
        tcg_gen_or_i32(t, s->T0, s->T0, s->T1);
        gen_set_cc_op(s, cc_op_sized(CC_OP_LOGICB, ot));
        break;
    case ALU_XOR:
        tcg_gen_xor_i32(t, s->T0, s->T0, s->T1);
        gen_set_cc_op(s, cc_op_sized(CC_OP_LOGICB, ot));
        break;
    }
    /* Memory first: a faulting store must leave the flags state untouched. */
    if (op != ALU_CMP && !locked) {
        gen_store_op(s, d, 0, s->T0);
    }
    if (op != ALU_AND && op != ALU_OR && op != ALU_XOR) {
        tcg_gen_mov_i32(t, g->cc_src, s->T1);   /* CC_OP_LOGIC* reads cc_dst only */
    }
    tcg_gen_mov_i32(t, g->cc_dst, s->T0);
    if (carry) {
        tcg_gen_mov_i32(t, g->cc_src2, carry);
        tcg_temp_free_i32(t, carry);
    }
}

void gen_test(DisasContext *s, X86Decoded *d)
{
    gen_load_op(s, d, 0, s->T0);
    gen_load_op(s, d, 1, s->T1);
    tcg_gen_and_i32(s->tcg, s->g->cc_dst, s->T0, s->T1);
    gen_set_cc_op(s, cc_op_sized(CC_OP_LOGICB, d->op[0].ot));
}

/* inc (arg 0) / dec (arg 1): CF is preserved. */
void gen_incdec(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    MemOp ot = d->op[0].ot;
    int delta = d->e->arg ? -1 : 1;

    gen_compute_c(s, s->T1);
    if (gen_is_locked(s, d)) {
        gen_atomic_rmw(s, X86_ATOMIC_ADD, ot, s->T0, tcg_constant_i32(t, delta));
        tcg_gen_addi_i32(t, s->T0, s->T0, delta);
    } else {
        gen_load_op(s, d, 0, s->T0);
        tcg_gen_addi_i32(t, s->T0, s->T0, delta);
        gen_store_op(s, d, 0, s->T0);
    }
    tcg_gen_mov_i32(t, s->g->cc_src, s->T1);
    tcg_gen_mov_i32(t, s->g->cc_dst, s->T0);
    gen_set_cc_op(s, cc_op_sized(d->e->arg ? CC_OP_DECB : CC_OP_INCB, ot));
}

void gen_not(DisasContext *s, X86Decoded *d)
{
    if (gen_is_locked(s, d)) {
        gen_atomic_rmw(s, X86_ATOMIC_XOR, d->op[0].ot, s->T0, tcg_constant_i32(s->tcg, -1));
        return;
    }
    gen_load_op(s, d, 0, s->T0);
    tcg_gen_not_i32(s->tcg, s->T0, s->T0);
    gen_store_op(s, d, 0, s->T0);
}

void gen_neg(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    MemOp ot = d->op[0].ot;

    if (gen_is_locked(s, d)) {
        gen_atomic_rmw(s, X86_ATOMIC_NEG, ot, s->T0, tcg_constant_i32(t, 0));
    } else {
        gen_load_op(s, d, 0, s->T0);
    }
    tcg_gen_neg_i32(t, s->T1, s->T0);
    if (!gen_is_locked(s, d)) {
        gen_store_op(s, d, 0, s->T1);
    }
    tcg_gen_mov_i32(t, s->g->cc_src, s->T0);
    tcg_gen_mov_i32(t, s->g->cc_dst, s->T1);
    gen_set_cc_op(s, cc_op_sized(CC_OP_SUBB, ot));
    /* 0 - x: a later jb/sbb tests 0 <u x, folded by TCG to x != 0. */
    tcg_gen_movi_i32(t, s->cc_srcT, 0);
    s->cc_srcT_valid = true;
}

/* F6/F7 /4: unsigned AL/AX/EAX * r/m into AX, DX:AX, EDX:EAX. */
void gen_mul(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;

    gen_load_op(s, d, 0, s->T1);
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    switch (ot) {
    case MO_8:
        tcg_gen_mul_i32(t, s->T0, s->T0, s->T1);
        gen_op_mov_reg_v(s, MO_16, R_EAX, s->T0);
        tcg_gen_ext8u_i32(t, g->cc_dst, s->T0);
        tcg_gen_shri_i32(t, g->cc_src, s->T0, 8);
        break;
    case MO_16:
        tcg_gen_mul_i32(t, s->T0, s->T0, s->T1);
        gen_op_mov_reg_v(s, MO_16, R_EAX, s->T0);
        tcg_gen_shri_i32(t, g->cc_src, s->T0, 16);
        gen_op_mov_reg_v(s, MO_16, R_EDX, g->cc_src);
        tcg_gen_ext16u_i32(t, g->cc_dst, s->T0);
        break;
    default:
        tcg_gen_mulu2_i32(t, g->regs[R_EAX], g->regs[R_EDX], s->T0, s->T1);
        tcg_gen_mov_i32(t, g->cc_dst, g->regs[R_EAX]);
        tcg_gen_mov_i32(t, g->cc_src, g->regs[R_EDX]);
        break;
    }
    gen_set_cc_op(s, cc_op_sized(CC_OP_MULB, ot));
}

/* F6/F7 /5: signed one-operand multiply. */
void gen_imul1(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;
    TCGv_i32 lo = tcg_temp_new_i32(t);

    gen_load_op(s, d, 0, s->T1);
    gen_op_mov_v_reg(s, ot, s->T0, R_EAX);
    switch (ot) {
    case MO_8:
        tcg_gen_ext8s_i32(t, s->T0, s->T0);
        tcg_gen_ext8s_i32(t, s->T1, s->T1);
        tcg_gen_mul_i32(t, s->T0, s->T0, s->T1);
        gen_op_mov_reg_v(s, MO_16, R_EAX, s->T0);
        tcg_gen_ext8s_i32(t, lo, s->T0);
        tcg_gen_ext16s_i32(t, s->T0, s->T0);
        tcg_gen_sub_i32(t, g->cc_src, s->T0, lo);
        tcg_gen_mov_i32(t, g->cc_dst, lo);
        break;
    case MO_16:
        tcg_gen_ext16s_i32(t, s->T0, s->T0);
        tcg_gen_ext16s_i32(t, s->T1, s->T1);
        tcg_gen_mul_i32(t, s->T0, s->T0, s->T1);
        gen_op_mov_reg_v(s, MO_16, R_EAX, s->T0);
        tcg_gen_shri_i32(t, s->T1, s->T0, 16);
        gen_op_mov_reg_v(s, MO_16, R_EDX, s->T1);
        tcg_gen_ext16s_i32(t, lo, s->T0);
        tcg_gen_sub_i32(t, g->cc_src, s->T0, lo);
        tcg_gen_mov_i32(t, g->cc_dst, lo);
        break;
    default:
        tcg_gen_muls2_i32(t, g->regs[R_EAX], g->regs[R_EDX], s->T0, s->T1);
        tcg_gen_mov_i32(t, g->cc_dst, g->regs[R_EAX]);
        tcg_gen_sari_i32(t, lo, g->regs[R_EAX], 31);
        tcg_gen_sub_i32(t, g->cc_src, g->regs[R_EDX], lo);
        break;
    }
    tcg_temp_free_i32(t, lo);
    gen_set_cc_op(s, cc_op_sized(CC_OP_IMULB, ot));
}

/* imul Gv,Ev (0F AF) and imul Gv,Ev,I (69, 6B): truncated signed product. */
void gen_imul3(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;
    int first = d->op[2].kind == OPK_NONE ? 0 : 1;
    TCGv_i32 hi = tcg_temp_new_i32(t);

    gen_load_op(s, d, first, s->T0);
    gen_load_op(s, d, first + 1, s->T1);
    if (ot == MO_16) {
        tcg_gen_ext16s_i32(t, s->T0, s->T0);
        tcg_gen_ext16s_i32(t, s->T1, s->T1);
        tcg_gen_mul_i32(t, s->T0, s->T0, s->T1);
        tcg_gen_ext16s_i32(t, hi, s->T0);
        tcg_gen_sub_i32(t, g->cc_src, s->T0, hi);
    } else {
        tcg_gen_muls2_i32(t, s->T0, hi, s->T0, s->T1);
        tcg_gen_sari_i32(t, s->T1, s->T0, 31);
        tcg_gen_sub_i32(t, g->cc_src, hi, s->T1);
    }
    tcg_gen_mov_i32(t, g->cc_dst, s->T0);
    gen_store_op(s, d, 0, s->T0);
    tcg_temp_free_i32(t, hi);
    gen_set_cc_op(s, cc_op_sized(CC_OP_IMULB, ot));
}

/*
 * 32-bit idiv inline: #DE (from stubs) for a zero divisor, or when the 64-bit
 * quotient does not fit 32 bits (TCG's INT64_MIN / -1 = INT64_MIN does not
 * either); else edx:eax / divisor by one host division. false: no stub left.
 */
static bool gen_idiv32(DisasContext *s)
{
    TCGContext *t = s->tcg;
    TCGLabel *zero, *big;
    TCGv_i64 n, v, q, r, q32;

    if (s->nb_raise_stubs + 2 > X86_MAX_RAISE_STUBS) {
        return false;
    }
    zero = gen_raise_stub(s, EXCP00_DIVZ);
    big = gen_raise_stub(s, EXCP00_DIVZ);
    n = tcg_temp_new_i64(t);
    v = tcg_temp_new_i64(t);
    q = tcg_temp_new_i64(t);
    r = tcg_temp_new_i64(t);
    q32 = tcg_temp_new_i64(t);
    tcg_gen_brcondi_i32(t, TCG_COND_EQ, s->T0, 0, zero);
    tcg_gen_concat_i32_i64(t, n, s->g->regs[R_EAX], s->g->regs[R_EDX]);
    tcg_gen_ext_i32_i64(t, v, s->T0);
    tcg_gen_div_i64(t, q, n, v);
    tcg_gen_rem_i64(t, r, n, v);
    tcg_gen_extrl_i64_i32(t, s->T1, q);
    tcg_gen_ext_i32_i64(t, q32, s->T1);
    tcg_gen_brcond_i64(t, TCG_COND_NE, q32, q, big);
    tcg_gen_mov_i32(t, s->g->regs[R_EAX], s->T1);
    tcg_gen_extrl_i64_i32(t, s->g->regs[R_EDX], r);
    return true;
}

/*
 * F6/F7 /6 div, /7 idiv (arg 1): in a helper, which raises #DE. A 32-bit div
 * inline: edx >= divisor is exactly the #DE case (zero, or a quotient past 32
 * bits), raised from a stub; else one 64-by-64 host division. 32-bit idiv:
 * gen_idiv32. Flags stay.
 */
void gen_div(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    TCGv_i32 ot = tcg_constant_i32(s->tcg, d->op[0].ot);
    TCGLabel *de = NULL;

    gen_load_op(s, d, 0, s->T0);
    if (d->op[0].ot == MO_32 && d->e->arg && gen_idiv32(s)) {
        return;
    }
    if (d->op[0].ot == MO_32 && !d->e->arg) {
        de = gen_raise_stub(s, EXCP00_DIVZ);
    }
    if (de) {
        TCGv_i64 n = tcg_temp_new_i64(t), v = tcg_temp_new_i64(t);
        TCGv_i64 q = tcg_temp_new_i64(t), r = tcg_temp_new_i64(t);

        tcg_gen_brcond_i32(t, TCG_COND_GEU, s->g->regs[R_EDX], s->T0, de);
        tcg_gen_concat_i32_i64(t, n, s->g->regs[R_EAX], s->g->regs[R_EDX]);
        tcg_gen_extu_i32_i64(t, v, s->T0);
        tcg_gen_divu_i64(t, q, n, v);
        tcg_gen_remu_i64(t, r, n, v);
        tcg_gen_extrl_i64_i32(t, s->g->regs[R_EAX], q);
        tcg_gen_extrl_i64_i32(t, s->g->regs[R_EDX], r);
        return;
    }
    gen_update_cc_op(s);
    gen_call_env(s, d->e->arg ? &helper_idiv_info : &helper_div_info, NULL, 2,
                 (TCGTemp *[]){ T(ot), T(s->T0) });
}

/*
 * rol/ror by an immediate count, inline: only CF and OF change (OF as the
 * helper_rotate comment says, kept for a register rotated by more than 1), the
 * other flags are those before, computed by a side-effect-free helper that TCG
 * drops when the next flag-setting insn makes them dead.
 */
static void gen_rotate_imm(DisasContext *s, X86Decoded *d, int op, unsigned count)
{
    TCGContext *t = s->tcg;
    MemOp ot = d->op[0].ot;
    unsigned bits = 8u << ot, n = count % bits;
    bool keep_of = count > 1 && !d->op[0].is_mem;
    TCGv_i32 v = tcg_temp_new_i32(t);
    TCGv_i32 res = tcg_temp_new_i32(t);
    TCGv_i32 f = tcg_temp_new_i32(t);
    TCGv_i32 x = tcg_temp_new_i32(t);

    if (ot == MO_32) {
        tcg_gen_mov_i32(t, v, s->T0);
    } else {
        tcg_gen_extract_i32(t, v, s->T0, 0, bits);
    }
    if (n == 0) {
        tcg_gen_mov_i32(t, res, v);
    } else if (ot == MO_32) {
        if (op == SH_ROL) {
            tcg_gen_rotli_i32(t, res, v, n);
        } else {
            tcg_gen_rotri_i32(t, res, v, n);
        }
    } else {
        unsigned left = op == SH_ROL ? n : bits - n;

        tcg_gen_shli_i32(t, res, v, left);
        tcg_gen_shri_i32(t, x, v, bits - left);
        tcg_gen_or_i32(t, res, res, x);
        tcg_gen_extract_i32(t, res, res, 0, bits);
    }
    gen_store_op(s, d, 0, res);     /* a faulting store leaves the flags */
    gen_compute_eflags(s, f);
    tcg_gen_andi_i32(t, f, f, keep_of ? ~CC_C : ~(CC_C | CC_O));
    tcg_gen_extract_i32(t, x, res, op == SH_ROL ? 0 : bits - 1, 1);
    tcg_gen_or_i32(t, f, f, x);
    if (!keep_of) {
        /* OF of a one-bit rotate: rol msb ^ next bit, ror msb ^ lsb. */
        tcg_gen_shri_i32(t, x, v, op == SH_ROL ? bits - 2 : 0);
        tcg_gen_shri_i32(t, res, v, bits - 1);
        tcg_gen_xor_i32(t, x, x, res);
        tcg_gen_andi_i32(t, x, x, 1);
        tcg_gen_shli_i32(t, x, x, 11);
        tcg_gen_or_i32(t, f, f, x);
    }
    tcg_gen_mov_i32(t, s->g->cc_src, f);
    gen_set_cc_op(s, CC_OP_EFLAGS);
    tcg_temp_free_i32(t, v);
    tcg_temp_free_i32(t, res);
    tcg_temp_free_i32(t, f);
    tcg_temp_free_i32(t, x);
}

/* Group 2: rol ror rcl rcr shl shr sal sar; count from op 1 (1, CL, Ib). */
void gen_shift(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;
    int op = d->e->arg;
    TCGv_i32 count = tcg_temp_new_i32(t);
    TCGv_i32 src = tcg_temp_new_i32(t);
    TCGv_i32 res = tcg_temp_new_i32(t);
    CCOp cc;

    gen_load_op(s, d, 0, s->T0);
    gen_load_op(s, d, 1, count);
    tcg_gen_andi_i32(t, count, count, 31);
    if (op <= SH_ROR && d->op[1].kind != OPK_REG && (d->op[1].imm & 31) != 0) {
        gen_rotate_imm(s, d, op, d->op[1].imm & 31);
        goto done;
    }
    if (op <= SH_RCR) {
        /* Intel cores leave OF alone for rol/ror of a register by an immediate > 1. */
        bool keep_of = op <= SH_ROR && d->op[1].kind == OPK_I && (d->op[1].imm & 31) > 1 &&
                       !d->op[0].is_mem;
        TCGv_i32 c = tcg_constant_i32(t, op | ot << 4 | (keep_of ? X86_ROT_KEEP_OF : 0));
        if (d->op[0].is_mem) {
            gen_store_op(s, d, 0, s->T0);   /* fault (read-only page) before the flags */
        }
        gen_update_cc_op(s);
        gen_call_env(s, &helper_rotate_info, T(res), 3, (TCGTemp *[]){ T(c), T(s->T0), T(count) });
        s->cc_op = CC_OP_EFLAGS;
        s->cc_op_dirty = false;
        gen_store_op(s, d, 0, res);
        goto done;
    }
    if (d->op[1].kind != OPK_REG && (d->op[1].imm & 31) == 0) {
        goto done;      /* count 0: no change, flags untouched */
    }
    if (op == SH_SAR) {
        if (ot == MO_8) {
            tcg_gen_ext8s_i32(t, s->T0, s->T0);
        } else if (ot == MO_16) {
            tcg_gen_ext16s_i32(t, s->T0, s->T0);
        }
    }
    tcg_gen_subi_i32(t, src, count, 1);
    if (op == SH_SHL || op == SH_SAL) {
        tcg_gen_shl_i32(t, src, s->T0, src);
        tcg_gen_shli_i32(t, res, src, 1);
        cc = CC_OP_SHLB;
    } else if (op == SH_SHR) {
        tcg_gen_shr_i32(t, src, s->T0, src);
        tcg_gen_shri_i32(t, res, src, 1);
        cc = CC_OP_SHRB;
    } else {
        tcg_gen_sar_i32(t, src, s->T0, src);
        tcg_gen_sari_i32(t, res, src, 1);
        cc = CC_OP_SARB;
    }
    cc = cc_op_sized(cc, ot);
    if (d->op[1].kind == OPK_REG) {
        tcg_gen_movcond_i32(t, TCG_COND_EQ, res, count, tcg_constant_i32(t, 0), s->T0, res);
    }
    gen_store_op(s, d, 0, res);     /* before the flags: the store may fault */
    if (d->op[1].kind == OPK_REG) {
        /* Count in CL: a zero count leaves value and flags unchanged. */
        TCGv_i32 z = tcg_constant_i32(t, 0);
        gen_update_cc_op(s);
        tcg_gen_movcond_i32(t, TCG_COND_EQ, g->cc_op, count, z, g->cc_op,
                            tcg_constant_i32(t, cc));
        tcg_gen_movcond_i32(t, TCG_COND_EQ, g->cc_dst, count, z, g->cc_dst, res);
        tcg_gen_movcond_i32(t, TCG_COND_EQ, g->cc_src, count, z, g->cc_src, src);
        tcg_gen_movcond_i32(t, TCG_COND_EQ, g->cc_src2, count, z, g->cc_src2, s->T0);
        gen_set_cc_op(s, CC_OP_DYNAMIC);
    } else {
        tcg_gen_mov_i32(t, g->cc_dst, res);
        tcg_gen_mov_i32(t, g->cc_src, src);
        tcg_gen_mov_i32(t, g->cc_src2, s->T0);
        gen_set_cc_op(s, cc);
    }
done:
    tcg_temp_free_i32(t, count);
    tcg_temp_free_i32(t, src);
    tcg_temp_free_i32(t, res);
}

/* shld (arg 0) / shrd (arg 1) Ev,Gv,Ib|CL. */
/*
 * 32-bit shld/shrd by an immediate count 1..31, inline with lazy flags (the
 * values helper_shiftd gives): shld is a shl of dst for the flags (CF = bit
 * 32-n of dst, OF = that of a one-bit shift); shrd a shr whose cc_src2 is chosen
 * so that OF = msb(dst) ^ lsb(src).
 */
static void gen_shiftd_imm32(DisasContext *s, X86Decoded *d, unsigned n)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    TCGv_i32 res = tcg_temp_new_i32(t);
    TCGv_i32 x = tcg_temp_new_i32(t);
    bool right = d->e->arg;

    if (right) {
        tcg_gen_shri_i32(t, res, s->T0, n);
        tcg_gen_shli_i32(t, x, s->T1, 32 - n);
    } else {
        tcg_gen_shli_i32(t, res, s->T0, n);
        tcg_gen_shri_i32(t, x, s->T1, 32 - n);
    }
    tcg_gen_or_i32(t, res, res, x);
    gen_store_op(s, d, 0, res);     /* a faulting store leaves the flags */
    tcg_gen_mov_i32(t, g->cc_dst, res);
    if (right) {
        tcg_gen_shri_i32(t, g->cc_src, s->T0, n - 1);
        tcg_gen_shri_i32(t, x, s->T0, 31);
        tcg_gen_xor_i32(t, x, x, s->T1);
        tcg_gen_shli_i32(t, x, x, 31);
        tcg_gen_xor_i32(t, g->cc_src2, res, x);
        gen_set_cc_op(s, CC_OP_SHRL);
    } else {
        tcg_gen_shli_i32(t, g->cc_src, s->T0, n - 1);
        tcg_gen_mov_i32(t, g->cc_src2, s->T0);
        gen_set_cc_op(s, CC_OP_SHLL);
    }
    tcg_temp_free_i32(t, res);
    tcg_temp_free_i32(t, x);
}

void gen_shiftd(DisasContext *s, X86Decoded *d)
{
    TCGv_i32 c = tcg_constant_i32(s->tcg, d->e->arg << 4 | d->op[0].ot);
    TCGv_i32 count = tcg_temp_new_i32(s->tcg);

    gen_load_op(s, d, 0, s->T0);
    gen_load_op(s, d, 1, s->T1);
    if (d->op[0].ot == MO_32 && d->op[2].kind == OPK_I && (d->op[2].imm & 31) != 0) {
        gen_shiftd_imm32(s, d, d->op[2].imm & 31);
        tcg_temp_free_i32(s->tcg, count);
        return;
    }
    gen_load_op(s, d, 2, count);
    if (d->op[0].is_mem) {
        gen_store_op(s, d, 0, s->T0);       /* fault (read-only page) before the flags */
    }
    gen_update_cc_op(s);
    gen_call_env(s, &helper_shiftd_info, T(s->T0), 4,
                 (TCGTemp *[]){ T(c), T(s->T0), T(s->T1), T(count) });
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
    gen_store_op(s, d, 0, s->T0);
    tcg_temp_free_i32(s->tcg, count);
}

/* bt (arg 0), bts (1), btr (2), btc (3): Ev,Gv or Ev,Ib. */
void gen_bt(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;
    int bits = 8 << ot;
    int op = d->e->arg;
    TCGv_i32 mask = tcg_temp_new_i32(t);
    TCGv_i32 f = tcg_temp_new_i32(t);

    gen_load_op(s, d, 1, s->T1);
    if (d->op[0].is_mem && d->op[1].kind == OPK_G) {
        /* A register bit offset reaches beyond the operand (signed). */
        TCGv_i32 ofs = tcg_temp_new_i32(t);
        if (ot == MO_16) {
            tcg_gen_ext16s_i32(t, ofs, s->T1);
        } else {
            tcg_gen_mov_i32(t, ofs, s->T1);
        }
        tcg_gen_sari_i32(t, ofs, ofs, ot == MO_16 ? 4 : 5);
        tcg_gen_shli_i32(t, ofs, ofs, ot);
        tcg_gen_add_i32(t, s->A0, s->A0, ofs);
        tcg_temp_free_i32(t, ofs);
    }
    tcg_gen_andi_i32(t, s->T1, s->T1, bits - 1);
    tcg_gen_shl_i32(t, mask, tcg_constant_i32(t, 1), s->T1);
    if (op != 0 && gen_is_locked(s, d)) {
        int aop = op == 1 ? X86_ATOMIC_OR : op == 2 ? X86_ATOMIC_AND : X86_ATOMIC_XOR;
        TCGv_i32 v = tcg_temp_new_i32(t);
        if (op == 2) {
            tcg_gen_not_i32(t, v, mask);
        } else {
            tcg_gen_mov_i32(t, v, mask);
        }
        gen_atomic_rmw(s, aop, ot, s->T0, v);
        tcg_temp_free_i32(t, v);
    } else {
        gen_load_op(s, d, 0, s->T0);
        if (op != 0) {
            TCGv_i32 nv = tcg_temp_new_i32(t);
            if (op == 1) {
                tcg_gen_or_i32(t, nv, s->T0, mask);
            } else if (op == 2) {
                tcg_gen_andc_i32(t, nv, s->T0, mask);
            } else {
                tcg_gen_xor_i32(t, nv, s->T0, mask);
            }
            gen_store_op(s, d, 0, nv);
            tcg_temp_free_i32(t, nv);
        }
    }
    /* CF = the bit; the other flags keep their values. */
    gen_compute_eflags(s, f);
    tcg_gen_shr_i32(t, s->T0, s->T0, s->T1);
    tcg_gen_andi_i32(t, s->T0, s->T0, 1);
    tcg_gen_andi_i32(t, f, f, ~CC_C);
    tcg_gen_or_i32(t, g->cc_src, f, s->T0);
    gen_set_cc_op(s, CC_OP_EFLAGS);
    tcg_temp_free_i32(t, mask);
    tcg_temp_free_i32(t, f);
}

static void gen_bitscan(DisasContext *s, X86Decoded *d, bool reverse)
{
    TCGContext *t = s->tcg;
    MemOp ot = d->op[0].ot;
    TCGv_i32 res = tcg_temp_new_i32(t);

    gen_load_op(s, d, 1, s->T1);
    gen_load_op(s, d, 0, s->T0);
    if (reverse) {
        tcg_gen_clzi_i32(t, res, s->T1, 32);
        tcg_gen_xori_i32(t, res, res, 31);
    } else {
        tcg_gen_ctzi_i32(t, res, s->T1, 32);
    }
    /* A zero source leaves the destination unchanged. */
    tcg_gen_movcond_i32(t, TCG_COND_EQ, res, s->T1, tcg_constant_i32(t, 0), s->T0, res);
    gen_store_op(s, d, 0, res);
    tcg_gen_mov_i32(t, s->g->cc_src, s->T1);
    tcg_gen_mov_i32(t, s->g->cc_dst, res);
    gen_set_cc_op(s, cc_op_sized(CC_OP_BSFB, ot));
    tcg_temp_free_i32(t, res);
}

void gen_bsf(DisasContext *s, X86Decoded *d)
{
    gen_bitscan(s, d, false);
}

void gen_bsr(DisasContext *s, X86Decoded *d)
{
    gen_bitscan(s, d, true);
}

void gen_bswap(DisasContext *s, X86Decoded *d)
{
    if (s->dflag == MO_16) {
        /* Undefined by the SDM; Intel cores clear the low word. */
        gen_op_mov_reg_v(s, MO_16, d->op[0].reg, tcg_constant_i32(s->tcg, 0));
        return;
    }
    gen_op_mov_v_reg(s, MO_32, s->T0, d->op[0].reg);
    tcg_gen_bswap32_i32(s->tcg, s->T0, s->T0);
    gen_op_mov_reg_v(s, MO_32, d->op[0].reg, s->T0);
}

/* xchg: with memory always atomic (implicit lock). */
void gen_xchg(DisasContext *s, X86Decoded *d)
{
    MemOp ot = d->op[0].ot;

    gen_load_op(s, d, 1, s->T1);
    if (d->op[0].is_mem) {
        gen_atomic_rmw(s, X86_ATOMIC_XCHG, ot, s->T0, s->T1);
    } else {
        gen_load_op(s, d, 0, s->T0);
        gen_store_op(s, d, 0, s->T1);
    }
    gen_store_op(s, d, 1, s->T0);
}

void gen_xadd(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    MemOp ot = d->op[0].ot;

    gen_load_op(s, d, 1, s->T1);
    if (gen_is_locked(s, d)) {
        gen_atomic_rmw(s, X86_ATOMIC_ADD, ot, s->T0, s->T1);
    } else {
        gen_load_op(s, d, 0, s->T0);
    }
    tcg_gen_add_i32(t, s->T1, s->T0, s->T1);
    /* Memory is written first (it may fault); with two registers the
     * destination is written last (xadd %cx,%cx leaves the sum). */
    if (d->op[0].is_mem) {
        if (!gen_is_locked(s, d)) {
            gen_store_op(s, d, 0, s->T1);
        }
        gen_store_op(s, d, 1, s->T0);
    } else {
        gen_store_op(s, d, 1, s->T0);
        gen_store_op(s, d, 0, s->T1);
    }
    tcg_gen_sub_i32(t, s->g->cc_src, s->T1, s->T0);
    tcg_gen_mov_i32(t, s->g->cc_dst, s->T1);
    gen_set_cc_op(s, cc_op_sized(CC_OP_ADDB, ot));
}

void gen_cmpxchg(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;
    TCGv_i32 acc = tcg_temp_new_i32(t);

    gen_load_op(s, d, 1, s->T1);
    gen_op_mov_v_reg(s, ot, acc, R_EAX);
    if (d->op[0].is_mem) {
        TCGv_i32 c = tcg_constant_i32(t, ot);
        gen_update_cc_op(s);
        gen_call_env(s, &helper_atomic_cmpxchg_info, T(s->T0), 4,
                     (TCGTemp *[]){ T(s->A0), T(acc), T(s->T1), T(c) });
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
    } else {
        /* The accumulator receives the old destination (unchanged when
         * equal), then the destination gets src if equal: this order is
         * right when the destination is the accumulator itself. */
        TCGv_i32 nv = tcg_temp_new_i32(t);
        gen_load_op(s, d, 0, s->T0);
        tcg_gen_movcond_i32(t, TCG_COND_EQ, nv, s->T0, acc, s->T1, s->T0);
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
        gen_store_op(s, d, 0, nv);
        tcg_temp_free_i32(t, nv);
    }
    tcg_gen_sub_i32(t, g->cc_dst, acc, s->T0);
    tcg_gen_mov_i32(t, g->cc_src, s->T0);
    gen_set_cc_op(s, cc_op_sized(CC_OP_SUBB, ot));
    tcg_temp_free_i32(t, acc);
}

void gen_cmpxchg8b(DisasContext *s, X86Decoded *d)
{
    gen_update_cc_op(s);
    gen_call_env(s, &helper_cmpxchg8b_info, NULL, 1, (TCGTemp *[]){ T(s->A0) });
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
}

void gen_cmov(DisasContext *s, X86Decoded *d)
{
    CCPrepare p;
    TCGv_i32 old = tcg_temp_new_i32(s->tcg);

    gen_load_op(s, d, 1, s->T1);
    gen_op_mov_v_reg(s, MO_32, old, d->op[0].reg);
    p = gen_prepare_cc(s, d->e->arg);
    if (p.cond == TCG_COND_NEVER || p.cond == TCG_COND_ALWAYS) {
        tcg_gen_mov_i32(s->tcg, s->T0, p.cond == TCG_COND_ALWAYS ? s->T1 : old);
    } else {
        tcg_gen_movcond_i32(s->tcg, p.cond, s->T0, p.a, p.b, s->T1, old);
    }
    gen_store_op(s, d, 0, s->T0);
    tcg_temp_free_i32(s->tcg, old);
}

void gen_salc(DisasContext *s, X86Decoded *d)
{
    gen_compute_c(s, s->T0);
    tcg_gen_neg_i32(s->tcg, s->T0, s->T0);
    gen_op_mov_reg_v(s, MO_8, R_EAX, s->T0);
}

void gen_lahf(DisasContext *s, X86Decoded *d)
{
    gen_compute_eflags(s, s->T0);
    tcg_gen_andi_i32(s->tcg, s->T0, s->T0, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_ori_i32(s->tcg, s->T0, s->T0, 2);
    gen_op_mov_reg_v(s, MO_8, 4 + R_EAX, s->T0);
}

void gen_sahf(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;

    gen_compute_eflags(s, s->T0);
    tcg_gen_andi_i32(t, s->T0, s->T0, CC_O);
    gen_op_mov_v_reg(s, MO_8, s->T1, 4 + R_EAX);
    tcg_gen_andi_i32(t, s->T1, s->T1, CC_S | CC_Z | CC_A | CC_P | CC_C);
    tcg_gen_or_i32(t, s->g->cc_src, s->T0, s->T1);
    gen_set_cc_op(s, CC_OP_EFLAGS);
}

void gen_cmc(DisasContext *s, X86Decoded *d)
{
    gen_flags_to_eflags(s);
    tcg_gen_xori_i32(s->tcg, s->g->cc_src, s->g->cc_src, CC_C);
}

/* clc (arg 0) / stc (arg 1). */
void gen_clc_stc(DisasContext *s, X86Decoded *d)
{
    gen_flags_to_eflags(s);
    if (d->e->arg) {
        tcg_gen_ori_i32(s->tcg, s->g->cc_src, s->g->cc_src, CC_C);
    } else {
        tcg_gen_andi_i32(s->tcg, s->g->cc_src, s->g->cc_src, ~CC_C);
    }
}

/* cld (arg 0) / std (arg 1). */
void gen_cld_std(DisasContext *s, X86Decoded *d)
{
    tcg_gen_movi_i32(s->tcg, s->g->df, d->e->arg ? -1 : 1);
}

void gen_bcd(DisasContext *s, X86Decoded *d)
{
    uint32_t arg = d->e->arg;

    if (d->op[0].kind == OPK_I) {
        arg |= d->op[0].imm << 8;
    }
    gen_update_cc_op(s);
    gen_call_env(s, &helper_bcd_info, NULL, 1,
                 (TCGTemp *[]){ T(tcg_constant_i32(s->tcg, arg)) });
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
}

/* arpl Ew,Gw: raise the RPL of the destination selector to the source's. */
void gen_arpl(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    TCGv_i32 f = tcg_temp_new_i32(t);
    TCGv_i32 a = tcg_temp_new_i32(t);
    TCGv_i32 b = tcg_temp_new_i32(t);
    TCGv_i32 lt = tcg_temp_new_i32(t);

    gen_load_op(s, d, 0, s->T0);
    gen_load_op(s, d, 1, s->T1);
    tcg_gen_andi_i32(t, a, s->T0, 3);
    tcg_gen_andi_i32(t, b, s->T1, 3);
    tcg_gen_setcond_i32(t, TCG_COND_LTU, lt, a, b);
    tcg_gen_movcond_i32(t, TCG_COND_NE, a, lt, tcg_constant_i32(t, 0), b, a);
    tcg_gen_andi_i32(t, s->T0, s->T0, ~3);
    tcg_gen_or_i32(t, s->T0, s->T0, a);
    gen_store_op(s, d, 0, s->T0);
    gen_compute_eflags(s, f);
    tcg_gen_andi_i32(t, f, f, ~CC_Z);
    tcg_gen_shli_i32(t, lt, lt, 6);
    tcg_gen_or_i32(t, s->g->cc_src, f, lt);
    gen_set_cc_op(s, CC_OP_EFLAGS);
    tcg_temp_free_i32(t, f);
    tcg_temp_free_i32(t, a);
    tcg_temp_free_i32(t, b);
    tcg_temp_free_i32(t, lt);
}
