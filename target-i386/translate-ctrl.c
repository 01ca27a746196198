/*
 * i386 control transfer and stack instructions (SDM vol. 2: JMP, Jcc, CALL,
 * RET, LOOP, ENTER/LEAVE, PUSH/POP family, far transfers and IRET as user
 * mode allows them, INT n/INTO/BOUND and other exception sources).
 */
#include "exec/cpu-ldst.h"
#include "target-i386/cpu-internal.h"
#include "target-i386/decode.h"
#include "target-i386/helper-proto.h"

#define T(v) tcgv_i32_temp(v)

/* ---- Stack ---- */

static bool gen_ss32(DisasContext *s)
{
    return (s->flags & HF_SS32_MASK) != 0;
}

/* dst = linear address of stack offset esp (SS base, 16-bit wrap). */
static void gen_stack_addr(DisasContext *s, TCGv_i32 dst, TCGv_i32 esp)
{
    if (gen_ss32(s)) {
        tcg_gen_mov_i32(s->tcg, dst, esp);
    } else {
        tcg_gen_ext16u_i32(s->tcg, dst, esp);
    }
    if (s->flags & HF_ADDSEG_MASK) {
        tcg_gen_add_i32(s->tcg, dst, dst, s->g->seg_base[R_SS]);
    }
}

static void gen_esp_set(DisasContext *s, TCGv_i32 val)
{
    gen_op_mov_reg_v(s, gen_ss32(s) ? MO_32 : MO_16, R_ESP, val);
}

static void gen_esp_add(DisasContext *s, int32_t delta)
{
    TCGv_i32 v = tcg_temp_new_i32(s->tcg);

    tcg_gen_addi_i32(s->tcg, v, s->g->regs[R_ESP], delta);
    gen_esp_set(s, v);
    tcg_temp_free_i32(s->tcg, v);
}

/* Store val at esp + ofs (no esp update). */
static void gen_stack_store(DisasContext *s, MemOp ot, TCGv_i32 val, int32_t ofs)
{
    TCGv_i32 a = tcg_temp_new_i32(s->tcg);

    tcg_gen_addi_i32(s->tcg, a, s->g->regs[R_ESP], ofs);
    gen_stack_addr(s, a, a);
    gen_st(s, ot, val, a);
    tcg_temp_free_i32(s->tcg, a);
}

static void gen_stack_load(DisasContext *s, MemOp ot, TCGv_i32 val, int32_t ofs)
{
    TCGv_i32 a = tcg_temp_new_i32(s->tcg);

    tcg_gen_addi_i32(s->tcg, a, s->g->regs[R_ESP], ofs);
    gen_stack_addr(s, a, a);
    gen_ld(s, ot, val, a);
    tcg_temp_free_i32(s->tcg, a);
}

void gen_stack_push(DisasContext *s, MemOp ot, TCGv_i32 val)
{
    gen_stack_store(s, ot, val, -(1 << ot));
    gen_esp_add(s, -(1 << ot));
}

void gen_stack_pop_value(DisasContext *s, MemOp ot, TCGv_i32 val)
{
    gen_stack_load(s, ot, val, 0);
}

void gen_stack_pop_commit(DisasContext *s, MemOp ot)
{
    gen_esp_add(s, 1 << ot);
}

void gen_push(DisasContext *s, X86Decoded *d)
{
    gen_load_op(s, d, 0, s->T0);
    gen_stack_push(s, s->dflag, s->T0);
}

void gen_pop(DisasContext *s, X86Decoded *d)
{
    MemOp ot = s->dflag;

    gen_stack_pop_value(s, ot, s->T0);
    if (d->op[0].is_mem) {
        /* With ESP as base the address is computed after the increment. */
        if (s->ea_base_esp) {
            tcg_gen_addi_i32(s->tcg, s->A0, s->A0, 1 << ot);
        }
        gen_store_op(s, d, 0, s->T0);
        gen_stack_pop_commit(s, ot);
    } else {
        gen_stack_pop_commit(s, ot);
        gen_store_op(s, d, 0, s->T0);
    }
}

void gen_pusha(DisasContext *s, X86Decoded *d)
{
    MemOp ot = s->dflag;
    int size = 1 << ot;

    for (int i = 0; i < 8; i++) {
        gen_op_mov_v_reg(s, ot, s->T0, i);
        gen_stack_store(s, ot, s->T0, -(i + 1) * size);
    }
    gen_esp_add(s, -8 * size);
}

void gen_popa(DisasContext *s, X86Decoded *d)
{
    MemOp ot = s->dflag;
    int size = 1 << ot;
    TCGv_i32 v[8];

    for (int i = 0; i < 8; i++) {
        if (i != R_ESP) {
            v[i] = tcg_temp_new_i32(s->tcg);
            gen_stack_load(s, ot, v[i], (7 - i) * size);
        }
    }
    gen_esp_add(s, 8 * size);
    for (int i = 0; i < 8; i++) {
        if (i != R_ESP) {
            gen_op_mov_reg_v(s, ot, i, v[i]);
            tcg_temp_free_i32(s->tcg, v[i]);
        }
    }
}

void gen_pushf(DisasContext *s, X86Decoded *d)
{
    gen_update_cc_op(s);
    gen_call_env(s, &helper_read_eflags_info, T(s->T0), 0, NULL);
    gen_stack_push(s, s->dflag, s->T0);
}

static void gen_write_eflags(DisasContext *s, TCGv_i32 val, uint32_t mask)
{
    gen_update_cc_op(s);
    gen_call_env(s, &helper_write_eflags_info, NULL, 2,
                 (TCGTemp *[]){ T(val), T(tcg_constant_i32(s->tcg, mask)) });
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
}

void gen_popf(DisasContext *s, X86Decoded *d)
{
    uint32_t mask = X86_USER_EFLAGS_MASK;

    if (s->dflag == MO_16) {
        mask &= 0xffff;
    }
    gen_stack_pop_value(s, s->dflag, s->T0);
    gen_write_eflags(s, s->T0, mask);
    gen_stack_pop_commit(s, s->dflag);
    s->is_jmp = DISAS_EOB_NEXT;     /* TF may have changed */
}

/* push es/cs/ss/ds/fs/gs: recent Intel cores write only the 16-bit selector. */
void gen_push_seg(DisasContext *s, X86Decoded *d)
{
    gen_load_op(s, d, 0, s->T0);
    gen_stack_store(s, MO_16, s->T0, -(1 << s->dflag));
    gen_esp_add(s, -(1 << s->dflag));
}

static void gen_load_seg(DisasContext *s, int seg, TCGv_i32 sel)
{
    gen_update_cc_op(s);
    gen_call_env(s, &helper_load_seg_info, NULL, 2,
                 (TCGTemp *[]){ T(tcg_constant_i32(s->tcg, seg)), T(sel) });
}

void gen_pop_seg(DisasContext *s, X86Decoded *d)
{
    gen_stack_pop_value(s, s->dflag, s->T0);
    gen_load_seg(s, d->op[0].reg, s->T0);
    gen_stack_pop_commit(s, s->dflag);
    s->is_jmp = DISAS_EOB_NEXT;     /* segment bases are part of the TB key */
}

/* mov Sw,Ew (loading CS this way is #UD). */
void gen_mov_seg(DisasContext *s, X86Decoded *d)
{
    if (d->op[0].reg == R_CS) {
        gen_illegal_opcode(s);
        return;
    }
    gen_load_op(s, d, 1, s->T0);
    gen_load_seg(s, d->op[0].reg, s->T0);
    s->is_jmp = DISAS_EOB_NEXT;
}

/* les/lds/lss/lfs/lgs Gv,Mp: arg = segment. */
void gen_load_far_ptr(DisasContext *s, X86Decoded *d)
{
    MemOp ot = s->dflag;

    gen_ld(s, ot, s->T0, s->A0);
    tcg_gen_addi_i32(s->tcg, s->A0, s->A0, 1 << ot);
    gen_ld(s, MO_16, s->T1, s->A0);
    gen_load_seg(s, d->e->arg, s->T1);
    gen_store_op(s, d, 0, s->T0);
    s->is_jmp = DISAS_EOB_NEXT;
}

void gen_enter(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    MemOp ot = s->dflag;
    int size = 1 << ot;
    int level = d->op[1].imm & 31;
    TCGv_i32 frame = tcg_temp_new_i32(t);
    TCGv_i32 a = tcg_temp_new_i32(t);

    gen_op_mov_v_reg(s, ot, s->T0, R_EBP);
    gen_stack_store(s, ot, s->T0, -size);
    tcg_gen_subi_i32(t, frame, s->g->regs[R_ESP], size);
    for (int i = 1; i < level; i++) {
        tcg_gen_subi_i32(t, a, s->g->regs[R_EBP], i * size);
        gen_stack_addr(s, a, a);
        gen_ld(s, ot, s->T0, a);
        gen_stack_store(s, ot, s->T0, -(i + 1) * size);
    }
    if (level > 0) {
        gen_stack_store(s, ot, frame, -(level + 1) * size);
    }
    gen_op_mov_reg_v(s, ot, R_EBP, frame);
    tcg_gen_subi_i32(t, frame, frame, (level ? level * size : 0) + d->op[0].imm);
    gen_esp_set(s, frame);
    tcg_temp_free_i32(t, frame);
    tcg_temp_free_i32(t, a);
}

void gen_leave(DisasContext *s, X86Decoded *d)
{
    TCGv_i32 a = tcg_temp_new_i32(s->tcg);

    gen_stack_addr(s, a, s->g->regs[R_EBP]);
    gen_ld(s, s->dflag, s->T0, a);
    tcg_gen_addi_i32(s->tcg, a, s->g->regs[R_EBP], 1 << s->dflag);
    gen_esp_set(s, a);
    gen_op_mov_reg_v(s, s->dflag, R_EBP, s->T0);
    tcg_temp_free_i32(s->tcg, a);
}

/* ---- Near control transfers ---- */

static void gen_branch(DisasContext *s, CCPrepare p, uint32_t target)
{
    TCGLabel *taken;

    if (p.cond == TCG_COND_NEVER || p.cond == TCG_COND_ALWAYS) {
        gen_jmp_tb(s, p.cond == TCG_COND_ALWAYS ? target : s->pc, 0);
        return;
    }
    taken = gen_new_label(s->tcg);
    if (gen_side_exit(s, taken, target)) {
        /* The TB goes on with the not-taken path; the exit stores cc_op. */
        tcg_gen_brcond_i32(s->tcg, p.cond, p.a, p.b, taken);
        return;
    }
    gen_update_cc_op(s);
    tcg_gen_brcond_i32(s->tcg, p.cond, p.a, p.b, taken);
    gen_jmp_tb(s, s->pc, 0);
    gen_set_label(s->tcg, taken);
    gen_jmp_tb(s, target, 1);
}

/* With cc_op known, gen_prepare_cc reads no env->cc_op: gen_branch stores it. */
void gen_jcc(DisasContext *s, X86Decoded *d)
{
    gen_branch(s, gen_prepare_cc(s, d->e->arg), d->op[0].imm);
}

void gen_jmp(DisasContext *s, X86Decoded *d)
{
    gen_jmp_tb(s, d->op[0].imm, 0);
}

/*
 * The register a call to target loads with its return address when target
 * is gcc's PIC thunk __x86.get_pc_thunk.REG ("mov REG, [esp]; ret",
 * 8b 04+REG*8 24 c3), else -1. Every function of PIC code (Debian's
 * programs, libc) calls one; done inline, the call, the thunk's block, the
 * ret's indirect jump and the block after the call are one straight line.
 * A later write to the thunk's bytes would not be seen (they are not part of
 * the TB): programs do not rewrite it.
 */
static int gen_pc_thunk_reg(DisasContext *s, uint32_t target)
{
    uint8_t b[4];

    if (s->dflag != MO_32 || !(s->flags & HF_SS32_MASK) || (s->flags & HF_TF_MASK) ||
        s->max_insns <= 1 ||     /* single-stepping (gdb): stop in the thunk */
        !cpu_peek_code(s->cpu, s->cs_base + target, b, sizeof(b))) {
        return -1;
    }
    if (b[0] == 0x8b && (b[1] & 0xc7) == 0x04 && b[2] == 0x24 && b[3] == 0xc3 &&
        ((b[1] >> 3) & 7) != R_ESP) {
        return (b[1] >> 3) & 7;
    }
    return -1;
}

void gen_call(DisasContext *s, X86Decoded *d)
{
    TCGv_i32 ret = tcg_constant_i32(s->tcg, s->pc);
    int reg = gen_pc_thunk_reg(s, d->op[0].imm);

    gen_stack_push(s, s->dflag, ret);
    if (reg >= 0) {
        /* The thunk's mov and ret: the stack slot keeps the return address. */
        tcg_gen_mov_i32(s->tcg, s->g->regs[reg], ret);
        gen_esp_add(s, 4);
        return;
    }
    gen_jmp_tb(s, d->op[0].imm, 0);
}

void gen_ret(DisasContext *s, X86Decoded *d)
{
    int extra = d->op[0].kind == OPK_I ? d->op[0].imm : 0;

    gen_stack_pop_value(s, s->dflag, s->T0);
    gen_esp_add(s, (1 << s->dflag) + extra);
    gen_jmp_dyn(s, s->T0);
}

void gen_jmp_ind(DisasContext *s, X86Decoded *d)
{
    gen_load_op(s, d, 0, s->T0);
    gen_jmp_dyn(s, s->T0);
}

void gen_call_ind(DisasContext *s, X86Decoded *d)
{
    gen_load_op(s, d, 0, s->T0);
    gen_stack_push(s, s->dflag, tcg_constant_i32(s->tcg, s->pc));
    gen_jmp_dyn(s, s->T0);
}

/* The count register of loop/jcxz: ECX or CX by address size. */
static void gen_count_reg(DisasContext *s, TCGv_i32 dst)
{
    gen_op_mov_v_reg(s, s->aflag, dst, R_ECX);
}

/* loopnz (arg 0), loopz (1), loop (2): no flags change. */
void gen_loop(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    TCGv_i32 take = tcg_temp_new_i32(t);
    CCPrepare p = { TCG_COND_NE, take, tcg_constant_i32(t, 0) };

    if (d->e->arg != 2) {
        gen_setcc(s, d->e->arg ? 4 : 5, take);
    }
    gen_count_reg(s, s->T0);
    tcg_gen_subi_i32(t, s->T0, s->T0, 1);
    gen_op_mov_reg_v(s, s->aflag, R_ECX, s->T0);
    if (s->aflag == MO_16) {
        tcg_gen_ext16u_i32(t, s->T0, s->T0);
    }
    tcg_gen_setcondi_i32(t, TCG_COND_NE, s->T0, s->T0, 0);
    if (d->e->arg != 2) {
        tcg_gen_and_i32(t, take, take, s->T0);
    } else {
        tcg_gen_mov_i32(t, take, s->T0);
    }
    gen_branch(s, p, d->op[0].imm);
}

void gen_jcxz(DisasContext *s, X86Decoded *d)
{
    CCPrepare p = { TCG_COND_EQ, s->T0, tcg_constant_i32(s->tcg, 0) };

    gen_count_reg(s, s->T0);
    gen_branch(s, p, d->op[0].imm);
}

/* ---- Far transfers (to user code segments only) ---- */

static void gen_far_jump_to(DisasContext *s, TCGv_i32 sel, TCGv_i32 off)
{
    gen_update_cc_op(s);
    gen_call_env(s, &helper_far_jump_info, NULL, 2, (TCGTemp *[]){ T(sel), T(off) });
}

/* The far pointer operand: A (in the insn) or Mp (offset, then selector). */
static void gen_far_ptr(DisasContext *s, X86Decoded *d, TCGv_i32 sel, TCGv_i32 off)
{
    if (d->op[0].kind == OPK_A) {
        tcg_gen_movi_i32(s->tcg, off, d->op[0].imm);
        tcg_gen_movi_i32(s->tcg, sel, d->op[0].imm2);
        return;
    }
    gen_ld(s, s->dflag, off, s->A0);
    tcg_gen_addi_i32(s->tcg, s->A0, s->A0, 1 << s->dflag);
    gen_ld(s, MO_16, sel, s->A0);
}

void gen_far_jmp(DisasContext *s, X86Decoded *d)
{
    gen_far_ptr(s, d, s->T1, s->T0);
    gen_far_jump_to(s, s->T1, s->T0);
    gen_eob_lookup(s);
}

void gen_far_call(DisasContext *s, X86Decoded *d)
{
    MemOp ot = s->dflag;
    TCGv_i32 cs = tcg_temp_new_i32(s->tcg);

    gen_far_ptr(s, d, s->T1, s->T0);
    tcg_gen_ld_i32(s->tcg, cs, s->env, offsetof(CPUX86State, segs[R_CS].selector));
    gen_stack_store(s, ot, cs, -(1 << ot));
    gen_stack_store(s, ot, tcg_constant_i32(s->tcg, s->pc), -(2 << ot));
    gen_far_jump_to(s, s->T1, s->T0);
    gen_esp_add(s, -(2 << ot));
    gen_eob_lookup(s);
    tcg_temp_free_i32(s->tcg, cs);
}

void gen_far_ret(DisasContext *s, X86Decoded *d)
{
    MemOp ot = s->dflag;
    int extra = d->op[0].kind == OPK_I ? d->op[0].imm : 0;

    gen_stack_load(s, ot, s->T0, 0);
    gen_stack_load(s, MO_16, s->T1, 1 << ot);
    gen_far_jump_to(s, s->T1, s->T0);
    gen_esp_add(s, (2 << ot) + extra);
    gen_eob_lookup(s);
}

void gen_iret(DisasContext *s, X86Decoded *d)
{
    MemOp ot = s->dflag;
    TCGv_i32 fl = tcg_temp_new_i32(s->tcg);
    uint32_t mask = X86_USER_EFLAGS_MASK;

    gen_stack_load(s, ot, s->T0, 0);
    gen_stack_load(s, MO_16, s->T1, 1 << ot);
    gen_stack_load(s, ot, fl, 2 << ot);
    gen_far_jump_to(s, s->T1, s->T0);
    gen_write_eflags(s, fl, ot == MO_16 ? mask & 0xffff : mask);
    gen_esp_add(s, 3 << ot);
    gen_eob_lookup(s);
    tcg_temp_free_i32(s->tcg, fl);
}

/* ---- Exception sources ---- */

void gen_int3(DisasContext *s, X86Decoded *d)
{
    gen_exception_next(s, EXCP03_INT3);
}

/* int n: Linux's IDT lets user mode reach 3, 4 and 0x80; others are #GP. */
void gen_int(DisasContext *s, X86Decoded *d)
{
    uint32_t n = d->op[0].imm;

    if (n == 0x80) {
        gen_exception_next(s, EXCP_SYSCALL);
    } else if (n == EXCP03_INT3 || n == EXCP04_INTO) {
        gen_exception_next(s, n);
    } else {
        gen_exception_err(s, EXCP0D_GPF, n * 8 + 2);
    }
}

void gen_into(DisasContext *s, X86Decoded *d)
{
    CCPrepare p;
    TCGLabel *skip = gen_new_label(s->tcg);

    gen_update_cc_op(s);
    p = gen_prepare_cc(s, 1);
    if (p.cond == TCG_COND_NEVER) {
        return;
    }
    tcg_gen_brcond_i32(s->tcg, p.cond, p.a, p.b, skip);
    gen_exception_next(s, EXCP04_INTO);
    gen_set_label(s->tcg, skip);
    s->is_jmp = DISAS_NEXT;
}

/* bound Gv,Ma: #BR unless lower <= index <= upper (signed). */
void gen_bound(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;
    MemOp ot = d->op[0].ot | MO_SIGN;
    TCGLabel *fail = gen_new_label(t);
    TCGLabel *ok = gen_new_label(t);
    TCGv_i32 idx = tcg_temp_new_i32(t);

    gen_op_mov_v_reg(s, d->op[0].ot, idx, d->op[0].reg);
    if (d->op[0].ot == MO_16) {
        tcg_gen_ext16s_i32(t, idx, idx);
    }
    gen_ld(s, ot, s->T0, s->A0);
    tcg_gen_addi_i32(t, s->A0, s->A0, 1 << d->op[0].ot);
    gen_ld(s, ot, s->T1, s->A0);
    gen_update_cc_op(s);
    tcg_gen_brcond_i32(t, TCG_COND_LT, idx, s->T0, fail);
    tcg_gen_brcond_i32(t, TCG_COND_GT, idx, s->T1, fail);
    tcg_gen_br(t, ok);
    gen_set_label(t, fail);
    gen_exception(s, EXCP05_BOUND);
    gen_set_label(t, ok);
    s->is_jmp = DISAS_NEXT;
    tcg_temp_free_i32(t, idx);
}

void gen_ud(DisasContext *s, X86Decoded *d)
{
    gen_illegal_opcode(s);
}

/* Privileged or I/O instructions: #GP(0) at CPL 3 with IOPL 0. */
void gen_priv(DisasContext *s, X86Decoded *d)
{
    gen_exception_err(s, EXCP0D_GPF, 0);
}

/* mov to/from CRn, DRn (0F 20-23): #UD for the CRs that do not exist, else #GP. */
void gen_mov_crdr(DisasContext *s, X86Decoded *d)
{
    bool is_cr = !(s->b & 1);

    if (is_cr && s->reg != 0 && (s->reg < 2 || s->reg > 4)) {
        gen_illegal_opcode(s);
    } else {
        gen_exception_err(s, EXCP0D_GPF, 0);
    }
}

void gen_icebp(DisasContext *s, X86Decoded *d)
{
    gen_exception_next(s, EXCP01_DB);
}

void gen_sysenter(DisasContext *s, X86Decoded *d)
{
    gen_exception_next(s, EXCP_SYSCALL);
}
