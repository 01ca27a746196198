/*
 * i386 data movement and miscellaneous instructions (SDM vol. 2: MOV, MOVZX,
 * MOVSX, LEA, CBW/CWD, SETcc, string instructions, XLAT, CPUID, RDTSC) and the
 * escapes to the x87 and SSE translators.
 */
#include "target-i386/cpu-internal.h"
#include "target-i386/decode.h"
#include "target-i386/helper-proto.h"

#define T(v) tcgv_i32_temp(v)

void gen_mov(DisasContext *s, X86Decoded *d)
{
    gen_load_op(s, d, 1, s->T0);
    if (d->op[1].kind == OPK_S && d->op[0].is_mem) {
        d->op[0].ot = MO_16;    /* a selector stored to memory is a word */
    }
    gen_store_op(s, d, 0, s->T0);
}

/* movzx (arg 0) / movsx (arg 1) Gv, Eb|Ew. */
void gen_movx(DisasContext *s, X86Decoded *d)
{
    gen_load_op(s, d, 1, s->T0);
    if (d->e->arg) {
        if (d->op[1].ot == MO_8) {
            tcg_gen_ext8s_i32(s->tcg, s->T0, s->T0);
        } else {
            tcg_gen_ext16s_i32(s->tcg, s->T0, s->T0);
        }
    }
    gen_store_op(s, d, 0, s->T0);
}

void gen_lea(DisasContext *s, X86Decoded *d)
{
    gen_store_op(s, d, 0, s->A0);
}

void gen_setcc_rm(DisasContext *s, X86Decoded *d)
{
    gen_setcc(s, d->e->arg, s->T0);
    gen_store_op(s, d, 0, s->T0);
}

/* cbw / cwde */
void gen_cbw(DisasContext *s, X86Decoded *d)
{
    if (s->dflag == MO_16) {
        tcg_gen_ext8s_i32(s->tcg, s->T0, s->g->regs[R_EAX]);
    } else {
        tcg_gen_ext16s_i32(s->tcg, s->T0, s->g->regs[R_EAX]);
    }
    gen_op_mov_reg_v(s, s->dflag, R_EAX, s->T0);
}

/* cwd / cdq */
void gen_cwd(DisasContext *s, X86Decoded *d)
{
    if (s->dflag == MO_16) {
        tcg_gen_ext16s_i32(s->tcg, s->T0, s->g->regs[R_EAX]);
        tcg_gen_sari_i32(s->tcg, s->T0, s->T0, 15);
    } else {
        tcg_gen_sari_i32(s->tcg, s->T0, s->g->regs[R_EAX], 31);
    }
    gen_op_mov_reg_v(s, s->dflag, R_EDX, s->T0);
}

void gen_nop(DisasContext *s, X86Decoded *d)
{
}

/*
 * One string op without rep and with 32-bit addresses, as IR: source read,
 * destination access, then ESI/EDI advance by DF * size (a fault leaves them);
 * cmps/scas set the lazy SUB flags of (source or AL/AX/EAX) - destination.
 * Null segments go to the helper, which raises #GP(0).
 */
static bool gen_string_inline(DisasContext *s, int kind, MemOp ot)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    int src_seg = s->override >= 0 ? s->override : R_DS;
    bool uses_src = kind == X86_STR_MOVS || kind == X86_STR_CMPS || kind == X86_STR_LODS;
    bool uses_dst = kind != X86_STR_LODS;
    TCGv_i32 step;

    if (s->aflag == MO_16 || (s->prefix & (PREFIX_REPZ | PREFIX_REPNZ)) ||
        (uses_src && gen_seg_is_null(s, src_seg)) || (uses_dst && gen_seg_is_null(s, R_ES))) {
        return false;
    }
    if (uses_src) {
        tcg_gen_mov_i32(t, s->A0, g->regs[R_ESI]);
        gen_add_seg_base_of(s, s->A0, src_seg);
        gen_ld(s, ot, s->T0, s->A0);
    } else {
        tcg_gen_mov_i32(t, s->T0, g->regs[R_EAX]);
    }
    if (uses_dst) {
        tcg_gen_mov_i32(t, s->A0, g->regs[R_EDI]);
        gen_add_seg_base_of(s, s->A0, R_ES);
        if (kind == X86_STR_MOVS || kind == X86_STR_STOS) {
            gen_st(s, ot, s->T0, s->A0);
        } else {
            gen_ld(s, ot, s->T1, s->A0);
            tcg_gen_sub_i32(t, g->cc_dst, s->T0, s->T1);
            if (ot != MO_32) {
                tcg_gen_extract_i32(t, g->cc_dst, g->cc_dst, 0, 8 << ot);
            }
            tcg_gen_mov_i32(t, g->cc_src, s->T1);
            gen_set_cc_op(s, CC_OP_SUBB + ot);
        }
    }
    if (kind == X86_STR_LODS) {
        gen_op_mov_reg_v(s, ot, R_EAX, s->T0);
    }
    step = tcg_temp_new_i32(t);
    tcg_gen_shli_i32(t, step, g->df, ot);
    if (uses_src) {
        tcg_gen_add_i32(t, g->regs[R_ESI], g->regs[R_ESI], step);
    }
    if (uses_dst) {
        tcg_gen_add_i32(t, g->regs[R_EDI], g->regs[R_EDI], step);
    }
    tcg_temp_free_i32(t, step);
    return true;
}

/* rep movs/stos up to this many elements run as an IR loop, longer ones in the helper. */
#define X86_REP_INLINE_MAX 32

/*
 * rep movs/stos with 32-bit addresses: a short count (the common small memcpy/memset)
 * loops in IR, one element at a time as the helper's element loop does (registers
 * advance per element, so a fault leaves the interrupted-rep state); a zero count
 * does nothing; longer counts call the helper, which copies in bulk.
 */
static bool gen_rep_short(DisasContext *s, X86Decoded *d, int kind, uint32_t arg)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    MemOp ot = d->op[0].ot;
    int src_seg = s->override >= 0 ? s->override : R_DS;
    TCGLabel *loop, *slow, *done;
    TCGv_i32 step;

    if (s->aflag == MO_16 || !(arg & X86_STR_REP) ||
        (kind != X86_STR_MOVS && kind != X86_STR_STOS) ||
        (kind == X86_STR_MOVS && gen_seg_is_null(s, src_seg)) || gen_seg_is_null(s, R_ES)) {
        return false;
    }
    loop = gen_new_label(t);
    slow = gen_new_label(t);
    done = gen_new_label(t);
    step = tcg_temp_new_i32(t);
    gen_update_cc_op(s);
    tcg_gen_shli_i32(t, step, g->df, ot);
    tcg_gen_brcondi_i32(t, TCG_COND_EQ, g->regs[R_ECX], 0, done);
    tcg_gen_brcondi_i32(t, TCG_COND_GTU, g->regs[R_ECX], X86_REP_INLINE_MAX, slow);
    gen_set_label(t, loop);
    if (kind == X86_STR_MOVS) {
        tcg_gen_mov_i32(t, s->A0, g->regs[R_ESI]);
        gen_add_seg_base_of(s, s->A0, src_seg);
        gen_ld(s, ot, s->T0, s->A0);
    } else {
        tcg_gen_mov_i32(t, s->T0, g->regs[R_EAX]);
    }
    tcg_gen_mov_i32(t, s->A0, g->regs[R_EDI]);
    gen_add_seg_base_of(s, s->A0, R_ES);
    gen_st(s, ot, s->T0, s->A0);
    if (kind == X86_STR_MOVS) {
        tcg_gen_add_i32(t, g->regs[R_ESI], g->regs[R_ESI], step);
    }
    tcg_gen_add_i32(t, g->regs[R_EDI], g->regs[R_EDI], step);
    tcg_gen_subi_i32(t, g->regs[R_ECX], g->regs[R_ECX], 1);
    tcg_gen_brcondi_i32(t, TCG_COND_NE, g->regs[R_ECX], 0, loop);
    tcg_gen_br(t, done);
    gen_set_label(t, slow);
    gen_call_env(s, &helper_string_op_info, NULL, 1,
                 (TCGTemp *[]){ T(tcg_constant_i32(t, arg)) });
    gen_set_label(t, done);
    tcg_temp_free_i32(t, step);
    return true;
}

/* movs cmps stos lods scas (arg = X86_STR_*), size from operand 0. */
void gen_string(DisasContext *s, X86Decoded *d)
{
    int kind = d->e->arg;
    uint32_t arg = kind | d->op[0].ot << X86_STR_SIZE_SHIFT;

    if (gen_string_inline(s, kind, d->op[0].ot)) {
        return;
    }

    arg |= (s->override >= 0 ? s->override : R_DS) << X86_STR_SEG_SHIFT;
    if (s->aflag == MO_16) {
        arg |= X86_STR_ADDR16;
    }
    if (s->prefix & PREFIX_REPZ) {
        arg |= X86_STR_REP;
    } else if (s->prefix & PREFIX_REPNZ) {
        arg |= (kind == X86_STR_CMPS || kind == X86_STR_SCAS) ? X86_STR_REPNZ : X86_STR_REP;
    }
    if (gen_rep_short(s, d, kind, arg)) {
        return;
    }
    gen_update_cc_op(s);
    gen_call_env(s, &helper_string_op_info, NULL, 1,
                 (TCGTemp *[]){ T(tcg_constant_i32(s->tcg, arg)) });
    if (kind == X86_STR_CMPS || kind == X86_STR_SCAS) {
        gen_set_cc_op(s, CC_OP_DYNAMIC);
    }
}

void gen_xlat(DisasContext *s, X86Decoded *d)
{
    TCGContext *t = s->tcg;

    tcg_gen_ext8u_i32(t, s->A0, s->g->regs[R_EAX]);
    tcg_gen_add_i32(t, s->A0, s->A0, s->g->regs[R_EBX]);
    if (s->aflag == MO_16) {
        tcg_gen_ext16u_i32(t, s->A0, s->A0);
    }
    gen_add_seg_base(s, s->A0, R_DS);
    gen_ld(s, MO_8, s->T0, s->A0);
    gen_op_mov_reg_v(s, MO_8, R_EAX, s->T0);
}

void gen_cpuid(DisasContext *s, X86Decoded *d)
{
    gen_call_env(s, &helper_cpuid_info, NULL, 0, NULL);
}

void gen_rdtsc(DisasContext *s, X86Decoded *d)
{
    gen_call_env(s, &helper_rdtsc_info, NULL, 0, NULL);
}

void gen_fwait(DisasContext *s, X86Decoded *d)
{
    gen_x87_fwait(s);
}

void gen_x87_escape(DisasContext *s, X86Decoded *d)
{
    gen_x87(s, s->b, s->modrm);
}

/* MMX/SSE opcodes; a model without MMX (pentiumpro) has none of them. */
void gen_sse_escape(DisasContext *s, X86Decoded *d)
{
    if (!(x86_cpu_env(s->cpu)->cpuid_features & X86_CPUID_MMX)) {
        gen_illegal_opcode(s);
        return;
    }
    gen_sse(s, s->b & 0xff);
}

/* lar/lsl Gv,Ew and verr/verw Ew (arg = X86_SEGQ_*). */
void gen_seg_query(DisasContext *s, X86Decoded *d)
{
    int kind = d->e->arg;
    bool has_dest = kind == X86_SEGQ_LAR || kind == X86_SEGQ_LSL;
    TCGv_i32 k = tcg_constant_i32(s->tcg, kind);

    gen_load_op(s, d, has_dest ? 1 : 0, s->T1);
    if (has_dest) {
        gen_op_mov_v_reg(s, MO_32, s->T0, d->op[0].reg);
    } else {
        tcg_gen_movi_i32(s->tcg, s->T0, 0);
    }
    gen_update_cc_op(s);
    gen_call_env(s, &helper_seg_query_info, T(s->T0), 3,
                 (TCGTemp *[]){ T(s->T1), T(k), T(s->T0) });
    s->cc_op = CC_OP_EFLAGS;
    s->cc_op_dirty = false;
    if (has_dest) {
        gen_store_op(s, d, 0, s->T0);
    }
}

/*
 * sgdt/sidt/smsw/sldt/str at CPL 3: what Linux gives user mode (its UMIP
 * emulation on current CPUs): dummy tables at 0xfffe0000 / 0xffff0000 with
 * limit 0, CR0 0x80050033, LDT selector 0, TR 0x40. arg: 0 sgdt, 1 sidt,
 * 2 smsw, 3 sldt, 4 str.
 */
void gen_store_sysreg(DisasContext *s, X86Decoded *d)
{
    static const uint32_t value[5] = { 0xfffe0000u, 0xffff0000u, 0x80050033u, 0, 0x40 };
    int which = d->e->arg;
    TCGv_i32 v = tcg_constant_i32(s->tcg, value[which]);

    if (which <= 1) {
        gen_st(s, MO_16, tcg_constant_i32(s->tcg, 0), s->A0);
        tcg_gen_addi_i32(s->tcg, s->A0, s->A0, 2);
        gen_st(s, MO_32, v, s->A0);
        return;
    }
    if (d->op[0].is_mem) {
        d->op[0].ot = MO_16;
    }
    gen_store_op(s, d, 0, v);
}
