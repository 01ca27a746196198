/*
 * i386 front end core: the translation loop, prefixes and operand decoding
 * driven by the opcode maps (decode.h), ModRM/SIB effective addresses in 16-
 * and 32-bit forms (SDM vol. 2A 2.1.5), registers, lazy flags and block ends.
 */
#include <assert.h>

#include <glib.h>

#include "exec/cpu-ldst.h"
#include "target-i386/cpu-internal.h"
#include "target-i386/decode.h"
#include "target-i386/fpu-internal.h"
#include "target-i386/helper-proto.h"
#include "tcg/fp.h"

#define X86_PAGE_SIZE 4096u
#define X86_MAX_INSN_LEN 15
#define X86_MAX_TB_BYTES 512

void x86_tcg_init(TCGContext *s)
{
    static const char *const reg_names[8] = {
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
    };
    static const char *const seg_names[6] = {
        "es_base", "cs_base", "ss_base", "ds_base", "fs_base", "gs_base",
    };
    X86Globals *g = g_new0(X86Globals, 1);

    for (int i = 0; i < 8; i++) {
        g->regs[i] = tcg_global_mem_new_i32(s, offsetof(CPUX86State, regs[i]), reg_names[i]);
    }
    for (int i = 0; i < 6; i++) {
        g->seg_base[i] = tcg_global_mem_new_i32(s, offsetof(CPUX86State, segs[i].base),
                                                seg_names[i]);
    }
    g->cc_op = tcg_global_mem_new_i32(s, offsetof(CPUX86State, cc_op), "cc_op");
    g->cc_dst = tcg_global_mem_new_i32(s, offsetof(CPUX86State, cc_dst), "cc_dst");
    g->cc_src = tcg_global_mem_new_i32(s, offsetof(CPUX86State, cc_src), "cc_src");
    g->cc_src2 = tcg_global_mem_new_i32(s, offsetof(CPUX86State, cc_src2), "cc_src2");
    g->eip = tcg_global_mem_new_i32(s, offsetof(CPUX86State, eip), "eip");
    g->df = tcg_global_mem_new_i32(s, offsetof(CPUX86State, df), "df");
    /* The TB key as x86_get_tb_state reads it: lets tcg probe the jump cache inline. */
    tcg_set_lookup_key(s, g->eip, offsetof(CPUX86State, segs[R_CS].base),
                       offsetof(CPUX86State, hflags));
    tcg_set_frontend_data(s, g);
    /* Inline SSE (translate-sse.c): xmm0-7 stay in host registers; MXCSR's
     * control bits are the host's wherever it emits flag-setting fp ops. */
    tcg_set_fp_regs(s, offsetof(CPUX86State, fpu.xmm[0]));
    tcg_set_fp_mxcsr(s, offsetof(CPUX86State, fpu.mxcsr));
}

/* ---- Instruction bytes ---- */

/*
 * x86_ldub_code (translate.h) reads byte by byte as the decoder asks, but
 * only the first byte fetched from each page comes here, through the checked
 * accessor (it ends the block or raises the fetch fault where the page is not
 * executable); the rest of that page is read straight from guest memory in
 * user mode.
 */
uint8_t x86_ldub_code_slow(DisasContext *s)
{
    uint32_t a = s->cs_base + s->pc;
    uint8_t v = cpu_ldub_data_ra(s->cpu, a, 0);

    if (s->tcg->user_mode) {
        s->code_page = a & (uint32_t)TARGET_PAGE_MASK;
        s->code_host = cpu_user_host_addr(s->cpu, s->code_page);
    }
    s->pc++;
    return v;
}

uint16_t x86_lduw_code(DisasContext *s)
{
    uint16_t lo = x86_ldub_code(s);

    return lo | (uint16_t)x86_ldub_code(s) << 8;
}

uint32_t x86_ldl_code(DisasContext *s)
{
    uint32_t lo = x86_lduw_code(s);

    return lo | (uint32_t)x86_lduw_code(s) << 16;
}

/* ---- Registers and memory ---- */

void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv_i32 val, int reg)
{
    switch (ot & MO_SIZE) {
    case MO_8:
        if (reg < 4) {
            tcg_gen_ext8u_i32(s->tcg, val, s->g->regs[reg]);
        } else {
            tcg_gen_extract_i32(s->tcg, val, s->g->regs[reg - 4], 8, 8);
        }
        break;
    case MO_16:
        tcg_gen_ext16u_i32(s->tcg, val, s->g->regs[reg]);
        break;
    default:
        tcg_gen_mov_i32(s->tcg, val, s->g->regs[reg]);
        break;
    }
}

void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv_i32 val)
{
    TCGv_i32 *r = (TCGv_i32 *)s->g->regs;

    switch (ot & MO_SIZE) {
    case MO_8:
        if (reg < 4) {
            tcg_gen_deposit_i32(s->tcg, r[reg], r[reg], val, 0, 8);
        } else {
            tcg_gen_deposit_i32(s->tcg, r[reg - 4], r[reg - 4], val, 8, 8);
        }
        break;
    case MO_16:
        tcg_gen_deposit_i32(s->tcg, r[reg], r[reg], val, 0, 16);
        break;
    default:
        tcg_gen_mov_i32(s->tcg, r[reg], val);
        break;
    }
}

void gen_ld(DisasContext *s, MemOp ot, TCGv_i32 val, TCGv_i32 addr)
{
    tcg_gen_qemu_ld_i32(s->tcg, val, addr, s->mem_index, ot | MO_LE);
}

void gen_st(DisasContext *s, MemOp ot, TCGv_i32 val, TCGv_i32 addr)
{
    tcg_gen_qemu_st_i32(s->tcg, val, addr, s->mem_index, (ot & MO_SIZE) | MO_LE);
}

void gen_ld_i64(DisasContext *s, TCGv_i64 val, TCGv_i32 addr)
{
    tcg_gen_qemu_ld_i64(s->tcg, val, addr, s->mem_index, MO_LEUQ);
}

void gen_st_i64(DisasContext *s, TCGv_i64 val, TCGv_i32 addr)
{
    tcg_gen_qemu_st_i64(s->tcg, val, addr, s->mem_index, MO_LEUQ);
}

void gen_call_env(DisasContext *s, const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                  TCGTemp **args)
{
    TCGTemp *all[TCG_HELPER_MAX_ARGS];

    assert(nargs < TCG_HELPER_MAX_ARGS);
    all[0] = tcgv_ptr_temp(s->env);
    for (int i = 0; i < nargs; i++) {
        all[i + 1] = args[i];
    }
    tcg_gen_callN(s->tcg, info, ret, nargs + 1, all);
}

/* ---- Effective addresses ---- */

bool gen_seg_is_null(DisasContext *s, int seg)
{
    return s->flags & (1u << (HF_NULLSEG_SHIFT + seg));
}

void gen_add_seg_base_of(DisasContext *s, TCGv_i32 addr, int seg)
{
    bool flat = (seg == R_CS && s->cs_base == 0) ||
                ((seg == R_DS || seg == R_ES || seg == R_SS) && !(s->flags & HF_ADDSEG_MASK));

    if (!flat) {
        tcg_gen_add_i32(s->tcg, addr, addr, s->g->seg_base[seg]);
    }
}

TCGv_i32 gen_add_seg_base(DisasContext *s, TCGv_i32 addr, int def)
{
    int seg = s->override >= 0 ? s->override : def;

    if (gen_seg_is_null(s, seg)) {
        /* A memory reference through a null selector is #GP(0). */
        gen_exception_err(s, EXCP0D_GPF, 0);
        return addr;
    }
    gen_add_seg_base_of(s, addr, seg);
    return addr;
}

/* Reads SIB/displacement; A0 = offset; returns the default segment. */
static int gen_modrm_offset(DisasContext *s, int modrm)
{
    TCGContext *t = s->tcg;
    int mod = (modrm >> 6) & 3, rm = modrm & 7;
    int def = R_DS;
    int32_t disp = 0;

    s->ea_base_esp = false;
    if (s->aflag == MO_32) {
        int base = rm, index = -1, scale = 0;

        if (rm == 4) {
            int sib = x86_ldub_code(s);
            scale = sib >> 6;
            index = (sib >> 3) & 7;
            base = sib & 7;
            if (index == 4) {
                index = -1;
            }
        }
        if (mod == 0 && base == 5) {
            base = -1;
            disp = x86_ldl_code(s);
        } else if (mod == 1) {
            disp = (int8_t)x86_ldub_code(s);
        } else if (mod == 2) {
            disp = x86_ldl_code(s);
        }
        if (base == R_ESP || base == R_EBP) {
            def = R_SS;
        }
        s->ea_base_esp = base == R_ESP;
        /* The displacement last: TCG folds an access's `+ $disp` into its
         * host addressing mode (tcg_liveness). */
        if (index >= 0) {
            tcg_gen_shli_i32(t, s->A0, s->g->regs[index], scale);
            if (base >= 0) {
                tcg_gen_add_i32(t, s->A0, s->A0, s->g->regs[base]);
            }
            tcg_gen_addi_i32(t, s->A0, s->A0, disp);
        } else if (base >= 0) {
            tcg_gen_addi_i32(t, s->A0, s->g->regs[base], disp);
        } else {
            tcg_gen_movi_i32(t, s->A0, disp);
        }
        return def;
    }

    /* 16-bit forms: BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP (disp16), BX. */
    static const int8_t base16[8] = { R_EBX, R_EBX, R_EBP, R_EBP, -1, -1, R_EBP, R_EBX };
    static const int8_t index16[8] = { R_ESI, R_EDI, R_ESI, R_EDI, R_ESI, R_EDI, -1, -1 };
    int base = base16[rm], index = index16[rm];

    if (mod == 0 && rm == 6) {
        base = -1;
        disp = (int16_t)x86_lduw_code(s);
    } else if (mod == 1) {
        disp = (int8_t)x86_ldub_code(s);
    } else if (mod == 2) {
        disp = (int16_t)x86_lduw_code(s);
    }
    if (base == R_EBP) {
        def = R_SS;
    }
    tcg_gen_movi_i32(t, s->A0, disp);
    if (base >= 0) {
        tcg_gen_add_i32(t, s->A0, s->A0, s->g->regs[base]);
    }
    if (index >= 0) {
        tcg_gen_add_i32(t, s->A0, s->A0, s->g->regs[index]);
    }
    tcg_gen_ext16u_i32(t, s->A0, s->A0);
    return def;
}

TCGv_i32 gen_lea_modrm(DisasContext *s, int modrm)
{
    int def = gen_modrm_offset(s, modrm);

    return gen_add_seg_base(s, s->A0, def);
}

TCGv_i32 gen_lea_modrm_nobase(DisasContext *s, int modrm)
{
    gen_modrm_offset(s, modrm);
    return s->A0;
}

/* ---- Lazy flags ---- */

static int cc_op_base(CCOp op, MemOp *ot);

void gen_set_cc_op(DisasContext *s, CCOp op)
{
    s->cc_srcT_valid = false;
    s->cc_set = true;
    if (s->cc_op != op) {
        s->cc_op = op;
        s->cc_op_dirty = op != CC_OP_DYNAMIC;
    }
}

/* The lazy-flag globals cc_op reads (x86_cc_compute_all, gen_prepare_cc). */
enum { CC_RD_DST = 1, CC_RD_SRC = 2, CC_RD_SRC2 = 4, CC_RD_ALL = 7 };

static unsigned cc_reads(CCOp op)
{
    MemOp ot;
    int base = cc_op_base(op, &ot);

    if (op == CC_OP_EFLAGS) {
        return CC_RD_SRC;
    }
    switch (base) {
    case -1:
        return CC_RD_ALL;       /* DYNAMIC: anything may be read */
    case CC_OP_LOGICB:
        return CC_RD_DST;
    case CC_OP_ADCB: case CC_OP_SBBB: case CC_OP_SHLB: case CC_OP_SARB: case CC_OP_SHRB:
        return CC_RD_ALL;
    default:
        return CC_RD_DST | CC_RD_SRC;
    }
}

/*
 * After an insn that set cc_op: the lazy-flag globals written in this TB that
 * the new cc_op does not read are dead until written again, so their stores
 * (at the TB end, before a later one) go. An insn writes only what its cc_op
 * reads (if one wrote more, a store would merely stay). Called between insns:
 * a fault inside the insn restores the previous cc_op, which may read them.
 */
static void gen_discard_unread_cc(DisasContext *s)
{
    const X86Globals *g = s->g;
    unsigned rd = cc_reads(s->cc_op), dead;

    s->cc_written |= rd == CC_RD_ALL && s->cc_op == CC_OP_DYNAMIC ? 0 : rd;
    dead = s->cc_written & ~rd;
    if (dead & CC_RD_DST) {
        tcg_gen_discard_i32(s->tcg, g->cc_dst);
    }
    if (dead & CC_RD_SRC) {
        tcg_gen_discard_i32(s->tcg, g->cc_src);
    }
    if (dead & CC_RD_SRC2) {
        tcg_gen_discard_i32(s->tcg, g->cc_src2);
    }
    s->cc_written &= ~dead;
}

void gen_update_cc_op(DisasContext *s)
{
    if (s->cc_op_dirty) {
        tcg_gen_movi_i32(s->tcg, s->g->cc_op, s->cc_op);
        s->cc_op_dirty = false;
    }
}

void gen_compute_eflags(DisasContext *s, TCGv_i32 dst)
{
    const X86Globals *g = s->g;
    TCGv_i32 op;

    if (s->cc_op == CC_OP_EFLAGS) {
        tcg_gen_mov_i32(s->tcg, dst, g->cc_src);
        return;
    }
    op = s->cc_op == CC_OP_DYNAMIC ? g->cc_op : tcg_constant_i32(s->tcg, s->cc_op);
    tcg_gen_call4(s->tcg, &helper_cc_compute_all_info, tcgv_i32_temp(dst), tcgv_i32_temp(op),
                  tcgv_i32_temp(g->cc_dst), tcgv_i32_temp(g->cc_src),
                  tcgv_i32_temp(g->cc_src2));
}

void gen_flags_to_eflags(DisasContext *s)
{
    if (s->cc_op != CC_OP_EFLAGS) {
        gen_compute_eflags(s, s->g->cc_src);
        gen_set_cc_op(s, CC_OP_EFLAGS);
    }
}

void gen_set_arith_flags(DisasContext *s, TCGv_i32 flags)
{
    tcg_gen_andi_i32(s->tcg, s->g->cc_src, flags, CC_ARITH_MASK);
    gen_set_cc_op(s, CC_OP_EFLAGS);
}

/* CF as 0/1, straight from cc_dst/cc_src where gen_prepare_cc knows how. */
void gen_compute_c(DisasContext *s, TCGv_i32 dst)
{
    gen_setcc(s, 2, dst);
}

/* v sign- or zero-extended from the size ot (a copy at 32 bits). */
static TCGv_i32 gen_ext(DisasContext *s, MemOp ot, TCGv_i32 v, bool sign)
{
    TCGv_i32 r = tcg_temp_new_i32(s->tcg);

    if (ot == MO_8) {
        (sign ? tcg_gen_ext8s_i32 : tcg_gen_ext8u_i32)(s->tcg, r, v);
    } else if (ot == MO_16) {
        (sign ? tcg_gen_ext16s_i32 : tcg_gen_ext16u_i32)(s->tcg, r, v);
    } else {
        tcg_gen_mov_i32(s->tcg, r, v);
    }
    return r;
}

static TCGv_i32 gen_ext_sign(DisasContext *s, MemOp ot, TCGv_i32 v)
{
    return gen_ext(s, ot, v, true);
}

static TCGv_i32 gen_ext_zero(DisasContext *s, MemOp ot, TCGv_i32 v)
{
    return gen_ext(s, ot, v, false);
}

/*
 * B/BE after adc (sbb: also L/LE) without the flags helper. With b = cc_src and
 * c = cc_src2 (0 or 1) and x = the result (adc) or the first operand res + b + c
 * (sbb), all at the size ot: the carry (borrow) is x < b + c without overflow,
 * x < b || (c && x == b); signed compares give sbb's "less" (SF != OF). BE and LE
 * add ZF. Returns the 0/1 condition.
 */
static TCGv_i32 gen_carry_cc(DisasContext *s, MemOp ot, bool sbb, int cc)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    bool sign = cc >= 12;
    TCGv_i32 x = tcg_temp_new_i32(t), b, r = tcg_temp_new_i32(t), y = tcg_temp_new_i32(t);

    if (sbb) {
        tcg_gen_add_i32(t, x, g->cc_dst, g->cc_src);
        tcg_gen_add_i32(t, x, x, g->cc_src2);
    } else {
        tcg_gen_mov_i32(t, x, g->cc_dst);
    }
    x = gen_ext(s, ot, x, sign);
    b = gen_ext(s, ot, g->cc_src, sign);
    tcg_gen_setcond_i32(t, sign ? TCG_COND_LT : TCG_COND_LTU, r, x, b);
    tcg_gen_setcond_i32(t, TCG_COND_EQ, y, x, b);
    tcg_gen_and_i32(t, y, y, g->cc_src2);
    tcg_gen_or_i32(t, r, r, y);
    if (cc == 6 || cc == 14) {
        tcg_gen_setcond_i32(t, TCG_COND_EQ, y, gen_ext_zero(s, ot, g->cc_dst),
                            tcg_constant_i32(t, 0));
        tcg_gen_or_i32(t, r, r, y);
    }
    return r;
}

/* The sized cc_op's first (byte) member, or -1 (EFLAGS, DYNAMIC); *ot its size. */
static int cc_op_base(CCOp op, MemOp *ot)
{
    *ot = MO_32;
    if (op >= CC_OP_ADDB && op < CC_OP_NB) {
        *ot = (op - CC_OP_ADDB) % 3;
        return (op - CC_OP_ADDB) / 3 * 3 + CC_OP_ADDB;
    }
    return -1;
}

/* gen_prepare_cc_static's cases: cc (even) after cc_op without the flags helper. */
static bool cc_is_static(CCOp op, int cc)
{
    MemOp ot;
    int base = cc_op_base(op, &ot);

    return (base == CC_OP_SUBB && cc != 0 && cc != 10) ||
           (base == CC_OP_LOGICB && cc != 10) ||
           (base == CC_OP_ADDB && cc == 2) ||
           (base == CC_OP_ADCB && (cc == 2 || cc == 6)) ||
           (base == CC_OP_SBBB && cc != 0 && cc != 4 && cc != 8 && cc != 10) ||
           ((base == CC_OP_MULB || base == CC_OP_IMULB) && (cc == 0 || cc == 2)) ||
           ((base == CC_OP_SHRB || base == CC_OP_SARB) && cc == 2) ||
           ((base == CC_OP_INCB || base == CC_OP_DECB) && cc == 2) ||
           (base >= 0 && base != CC_OP_BSFB &&
            (cc == 8 || (cc == 4 && base != CC_OP_MULB && base != CC_OP_IMULB)));
}

/* The condition cc (even: O B Z BE S P L LE) as a compare when the static
 * cc_op allows one without the flags helper (cc_is_static): false (and no IR)
 * otherwise. */
static bool gen_prepare_cc_static(DisasContext *s, int cc, CCPrepare *pp)
{
    TCGContext *t = s->tcg;
    const X86Globals *g = s->g;
    TCGv_i32 zero = tcg_constant_i32(t, 0);
    MemOp ot;
    int base = cc_op_base(s->cc_op, &ot);
    CCPrepare p = { TCG_COND_NE, NULL, zero };

    if (base == CC_OP_SUBB && cc != 0 && cc != 10) {
        TCGv_i32 src1 = s->cc_srcT;

        if (!s->cc_srcT_valid) {
            src1 = tcg_temp_new_i32(t);
            tcg_gen_add_i32(t, src1, g->cc_dst, g->cc_src);
        }
        switch (cc) {
        case 2:
        case 6:
            p.cond = cc == 2 ? TCG_COND_LTU : TCG_COND_LEU;
            p.a = gen_ext_zero(s, ot, src1);
            p.b = gen_ext_zero(s, ot, g->cc_src);
            break;
        case 12:
        case 14:
            p.cond = cc == 12 ? TCG_COND_LT : TCG_COND_LE;
            p.a = gen_ext_sign(s, ot, src1);
            p.b = gen_ext_sign(s, ot, g->cc_src);
            break;
        case 4:
            p.cond = TCG_COND_EQ;
            p.a = gen_ext_zero(s, ot, g->cc_dst);
            break;
        case 8:
            p.cond = TCG_COND_LT;
            p.a = gen_ext_sign(s, ot, g->cc_dst);
            break;
        }
    } else if (base == CC_OP_LOGICB && cc != 10) {
        switch (cc) {
        case 0:
        case 2:
            p.cond = TCG_COND_NEVER;
            p.a = zero;
            break;
        case 4:
        case 6:
            p.cond = TCG_COND_EQ;
            p.a = gen_ext_zero(s, ot, g->cc_dst);
            break;
        case 8:
        case 12:
            p.cond = TCG_COND_LT;
            p.a = gen_ext_sign(s, ot, g->cc_dst);
            break;
        case 14:
            p.cond = TCG_COND_LE;
            p.a = gen_ext_sign(s, ot, g->cc_dst);
            break;
        }
    } else if (base == CC_OP_ADDB && cc == 2) {
        /* Carry out of an add: the result is below the second operand. */
        p.cond = TCG_COND_LTU;
        p.a = gen_ext_zero(s, ot, g->cc_dst);
        p.b = gen_ext_zero(s, ot, g->cc_src);
    } else if ((base == CC_OP_ADCB && (cc == 2 || cc == 6)) ||
               (base == CC_OP_SBBB && cc != 0 && cc != 4 && cc != 8 && cc != 10)) {
        p.a = gen_carry_cc(s, ot, base == CC_OP_SBBB, cc);
    } else if ((base == CC_OP_MULB || base == CC_OP_IMULB) && (cc == 0 || cc == 2)) {
        p.a = g->cc_src;        /* CF = OF = high half (or its mismatch) nonzero */
    } else if ((base == CC_OP_SHRB || base == CC_OP_SARB) && cc == 2) {
        p.a = tcg_temp_new_i32(t);      /* the last bit shifted out */
        tcg_gen_andi_i32(t, p.a, g->cc_src, 1);
    } else if ((base == CC_OP_INCB || base == CC_OP_DECB) && cc == 2) {
        p.a = g->cc_src;        /* the carry flag kept from before */
    } else if (base >= 0 && base != CC_OP_BSFB &&
               (cc == 8 || (cc == 4 && base != CC_OP_MULB && base != CC_OP_IMULB))) {
        p.cond = cc == 4 ? TCG_COND_EQ : TCG_COND_LT;
        p.a = cc == 4 ? gen_ext_zero(s, ot, g->cc_dst) : gen_ext_sign(s, ot, g->cc_dst);
    } else {
        return false;
    }
    *pp = p;
    return true;
}

/* The flags helper's EFLAGS image, reduced to the condition cc (even) as 0 / nonzero. */
static void gen_cc_from_eflags(DisasContext *s, int cc, TCGv_i32 f)
{
    TCGContext *t = s->tcg;

    gen_compute_eflags(s, f);
    switch (cc) {
    case 0:
        tcg_gen_andi_i32(t, f, f, CC_O);
        break;
    case 2:
        tcg_gen_andi_i32(t, f, f, CC_C);
        break;
    case 4:
        tcg_gen_andi_i32(t, f, f, CC_Z);
        break;
    case 6:
        tcg_gen_andi_i32(t, f, f, CC_Z | CC_C);
        break;
    case 8:
        tcg_gen_andi_i32(t, f, f, CC_S);
        break;
    case 10:
        tcg_gen_andi_i32(t, f, f, CC_P);
        break;
    default: {
        /* SF != OF (OF is bit 11, SF bit 7), and for LE also ZF. */
        TCGv_i32 x = tcg_temp_new_i32(t);
        tcg_gen_shri_i32(t, x, f, 4);
        tcg_gen_xor_i32(t, x, x, f);
        tcg_gen_andi_i32(t, x, x, CC_S);
        if (cc == 14) {
            tcg_gen_andi_i32(t, f, f, CC_Z);
            tcg_gen_or_i32(t, x, x, f);
        }
        tcg_gen_mov_i32(t, f, x);
        tcg_temp_free_i32(t, x);
        break;
    }
    }
}

/*
 * With cc_op unknown (the start of a TB): if the cc_op env held when the TB was
 * translated (s->cc_op_hint) gives cc without the helper, test for it and take
 * the helper only when another cc_op comes (a jcc at a branch target that reuses
 * the flags of a compare before the branch). Returns the 0/1 condition.
 */
static bool gen_prepare_cc_hinted(DisasContext *s, int cc, TCGv_i32 f)
{
    TCGContext *t = s->tcg;
    TCGLabel *slow, *done;
    CCPrepare q;
    bool ok;

    if (s->cc_op != CC_OP_DYNAMIC || !cc_is_static(s->cc_op_hint, cc)) {
        return false;
    }
    slow = gen_new_label(t);
    done = gen_new_label(t);
    tcg_gen_brcondi_i32(t, TCG_COND_NE, s->g->cc_op, s->cc_op_hint, slow);
    s->cc_op = s->cc_op_hint;
    ok = gen_prepare_cc_static(s, cc, &q);
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_srcT_valid = false;
    assert(ok);
    if (q.cond == TCG_COND_NEVER || q.cond == TCG_COND_ALWAYS) {
        tcg_gen_movi_i32(t, f, q.cond == TCG_COND_ALWAYS);
    } else {
        tcg_gen_setcond_i32(t, q.cond, f, q.a, q.b);
    }
    tcg_gen_br(t, done);
    gen_set_label(t, slow);
    gen_cc_from_eflags(s, cc, f);
    tcg_gen_setcondi_i32(t, TCG_COND_NE, f, f, 0);
    gen_set_label(t, done);
    return true;
}

/* Conditions 0-15 in the Jcc order: O NO B NB Z NZ BE NBE S NS P NP L NL LE NLE. */
CCPrepare gen_prepare_cc(DisasContext *s, int cc)
{
    TCGContext *t = s->tcg;
    CCPrepare p = { TCG_COND_NE, NULL, tcg_constant_i32(t, 0) };
    bool inv = cc & 1;

    cc &= ~1;
    if (!gen_prepare_cc_static(s, cc, &p)) {
        TCGv_i32 f = tcg_temp_new_i32(t);

        if (!gen_prepare_cc_hinted(s, cc, f)) {
            gen_cc_from_eflags(s, cc, f);
        }
        p.a = f;
    }
    if (inv) {
        p.cond ^= 1;
    }
    return p;
}

void gen_setcc(DisasContext *s, int cc, TCGv_i32 dst)
{
    CCPrepare p = gen_prepare_cc(s, cc);

    if (p.cond == TCG_COND_NEVER || p.cond == TCG_COND_ALWAYS) {
        tcg_gen_movi_i32(s->tcg, dst, p.cond == TCG_COND_ALWAYS);
    } else {
        tcg_gen_setcond_i32(s->tcg, p.cond, dst, p.a, p.b);
    }
}

/* ---- Block ends and exceptions ---- */

void gen_update_eip_cur(DisasContext *s)
{
    tcg_gen_movi_i32(s->tcg, s->g->eip, s->pc_start);
}

/*
 * Leave the block with env->eip already stored: look the next block up, or
 * with EFLAGS.TF set deliver the single-step trap (#DB after the insn).
 */
void gen_eob_lookup(DisasContext *s)
{
    gen_update_cc_op(s);
    if (s->flags & HF_TF_MASK) {
        TCGv_i32 a = tcg_constant_i32(s->tcg, EXCP01_DB);
        TCGv_i32 b = tcg_constant_i32(s->tcg, 0);
        gen_call_env(s, &helper_raise_exception_info, NULL, 2,
                     (TCGTemp *[]){ tcgv_i32_temp(a), tcgv_i32_temp(b) });
    } else {
        tcg_gen_lookup_and_goto_ptr(s->tcg);
    }
    s->is_jmp = DISAS_NORETURN;
}

/*
 * A jump to eip goes back to this block's own start: loop_back instead of
 * chaining to itself (the loop's registers stay in host registers).
 */
static bool gen_is_tb_start(DisasContext *s, uint32_t eip)
{
    return (uint32_t)(s->cs_base + eip) == (uint32_t)s->tb->pc;
}

/*
 * Direct jump. eip is stored after goto_tb: once chained, the jump skips the
 * store (the next TB's insn_start records its eip; an exit request at its
 * entry makes the CPU loop restore eip from there).
 */
void gen_jmp_tb(DisasContext *s, uint32_t eip, int slot)
{
    bool chain = !(s->tb->cflags & CF_NOCHAIN) && !(s->flags & HF_TF_MASK);

    gen_update_cc_op(s);
    if (chain && gen_is_tb_start(s, eip)) {
        tcg_gen_loop_back(s->tcg);
        s->is_jmp = DISAS_NORETURN;
    } else if (chain) {
        tcg_gen_goto_tb(s->tcg, slot);
        tcg_gen_movi_i32(s->tcg, s->g->eip, eip);
        tcg_gen_exit_tb(s->tcg, s->tb, slot);
        s->is_jmp = DISAS_NORETURN;
    } else {
        tcg_gen_movi_i32(s->tcg, s->g->eip, eip);
        gen_eob_lookup(s);
    }
}

/*
 * A conditional branch whose taken path leaves through an exit stub at the
 * end of the TB (x86_gen_side_exits) while translation goes on with the
 * not-taken path: one TB entry (exit-request check, global reloads, the
 * store-to-load round trip of every register through env) less per branch
 * not taken. Only in hot TBs (exec/ retranslates the target of a backward
 * jump, a loop head, with tb->hot): elsewhere the not-taken paths would be
 * translated for nothing (code run once, like tcheavy's, costs 40% more
 * translation). Only while a chainable slot is free and the TB has room to
 * go on; false: the caller ends the TB at the branch.
 */
bool gen_side_exit(DisasContext *s, TCGLabel *taken, uint32_t eip)
{
    uint32_t start = s->tb->pc - s->cs_base;

    if (!s->tb->hot || (s->tb->cflags & CF_NOCHAIN) || (s->flags & HF_TF_MASK) ||
        s->nb_side_exits >= X86_MAX_SIDE_EXITS ||
        s->num_insns + 8 > s->max_insns ||
        s->pc - start > X86_MAX_TB_BYTES - 8 * X86_MAX_INSN_LEN ||
        (uint32_t)(s->cs_base + s->pc) + 4 * X86_MAX_INSN_LEN > s->page_end ||
        (uint32_t)(s->cs_base + s->pc) < (uint32_t)s->tb->pc) {
        return false;
    }
    s->side_exit[s->nb_side_exits].label = taken;
    s->side_exit[s->nb_side_exits].eip = eip;
    s->side_exit[s->nb_side_exits].cc_op = s->cc_op_dirty ? (int)s->cc_op : -1;
    s->nb_side_exits++;
    return true;
}

/*
 * The exit stubs of the side exits. cc_op, if the not-taken path had not
 * stored it yet, is stored here only: that path's next flag-setting insn
 * usually makes the store dead there.
 */
static void x86_gen_side_exits(DisasContext *s)
{
    for (int i = 0; i < s->nb_side_exits; i++) {
        gen_set_label(s->tcg, s->side_exit[i].label);
        if (s->side_exit[i].cc_op >= 0) {
            tcg_gen_movi_i32(s->tcg, s->g->cc_op, s->side_exit[i].cc_op);
        }
        if (gen_is_tb_start(s, s->side_exit[i].eip)) {
            tcg_gen_loop_back(s->tcg);
            continue;
        }
        tcg_gen_goto_tb(s->tcg, 2 + i);
        tcg_gen_movi_i32(s->tcg, s->g->eip, s->side_exit[i].eip);
        tcg_gen_exit_tb(s->tcg, s->tb, 2 + i);
    }
}

/*
 * A label whose branch raises excp at the insn being translated, from a stub
 * at the end of the TB: the check's path not taken stores nothing (tcg:
 * branches to an exit stub leave the globals in registers). NULL: no room.
 */
TCGLabel *gen_raise_stub(DisasContext *s, int excp)
{
    int n = s->nb_raise_stubs;

    if (n == X86_MAX_RAISE_STUBS) {
        return NULL;
    }
    s->raise_stub[n].label = gen_new_label(s->tcg);
    s->raise_stub[n].eip = s->pc_start;
    s->raise_stub[n].cc_op = s->cc_op_dirty ? (int)s->cc_op : -1;
    s->raise_stub[n].excp = excp;
    s->nb_raise_stubs++;
    return s->raise_stub[n].label;
}

static void gen_raise(DisasContext *s, int excp, uint32_t err, uint32_t eip);

/* After the TB's last insn: the translator's cc_op state is the stub's. */
static void x86_gen_raise_stubs(DisasContext *s)
{
    for (int i = 0; i < s->nb_raise_stubs; i++) {
        gen_set_label(s->tcg, s->raise_stub[i].label);
        s->cc_op_dirty = s->raise_stub[i].cc_op >= 0;
        if (s->cc_op_dirty) {
            s->cc_op = s->raise_stub[i].cc_op;
        }
        gen_raise(s, s->raise_stub[i].excp, 0, s->raise_stub[i].eip);
        tcg_gen_exit_tb(s->tcg, NULL, 0);     /* not reached; the next stub's way in */
    }
}

void gen_jmp_dyn(DisasContext *s, TCGv_i32 eip)
{
    tcg_gen_mov_i32(s->tcg, s->g->eip, eip);
    gen_eob_lookup(s);
}

static void gen_raise(DisasContext *s, int excp, uint32_t err, uint32_t eip)
{
    TCGv_i32 a = tcg_constant_i32(s->tcg, excp);
    TCGv_i32 b = tcg_constant_i32(s->tcg, err);

    gen_update_cc_op(s);
    tcg_gen_movi_i32(s->tcg, s->g->eip, eip);
    gen_call_env(s, &helper_raise_exception_info, NULL, 2,
                 (TCGTemp *[]){ tcgv_i32_temp(a), tcgv_i32_temp(b) });
    s->is_jmp = DISAS_NORETURN;
}

void gen_exception(DisasContext *s, int excp)
{
    gen_raise(s, excp, 0, s->pc_start);
}

void gen_exception_err(DisasContext *s, int excp, uint32_t err)
{
    gen_raise(s, excp, err, s->pc_start);
}

/* Traps (int3, into, int $0x80, icebp): eip is that of the next insn. */
void gen_exception_next(DisasContext *s, int excp)
{
    gen_raise(s, excp, 0, s->pc);
}

void gen_illegal_opcode(DisasContext *s)
{
    gen_exception(s, EXCP06_ILLOP);
}

/* ---- Operands ---- */

void gen_load_op(DisasContext *s, X86Decoded *d, int i, TCGv_i32 val)
{
    X86Op *op = &d->op[i];

    switch (op->kind) {
    case OPK_I:
    case OPK_J:
    case OPK_ONE:
    case OPK_A:
        tcg_gen_movi_i32(s->tcg, val, op->imm);
        break;
    case OPK_S:
    case OPK_SEG:
        tcg_gen_ld_i32(s->tcg, val, s->env, offsetof(CPUX86State, segs[op->reg].selector));
        break;
    default:
        if (op->is_mem) {
            gen_ld(s, op->ot, val, s->A0);
        } else {
            gen_op_mov_v_reg(s, op->ot, val, op->reg);
        }
        break;
    }
}

void gen_store_op(DisasContext *s, X86Decoded *d, int i, TCGv_i32 val)
{
    X86Op *op = &d->op[i];

    assert(op->kind != OPK_I && op->kind != OPK_S && op->kind != OPK_SEG);
    if (op->is_mem && s->override == R_CS) {
        /* Code segments are never writable in protected mode. */
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    if (op->is_mem) {
        gen_st(s, op->ot, val, s->A0);
    } else {
        gen_op_mov_reg_v(s, op->ot, op->reg, val);
    }
}

static MemOp x86_op_size(DisasContext *s, X86OpSize sz)
{
    switch (sz) {
    case SZ_b:
        return MO_8;
    case SZ_w:
        return MO_16;
    case SZ_d:
        return MO_32;
    case SZ_q:
        return MO_64;
    default:
        return s->dflag;
    }
}

static uint32_t x86_imm(DisasContext *s, X86OpSize sz, MemOp ot)
{
    switch (sz) {
    case SZ_b:
        return x86_ldub_code(s);
    case SZ_w:
        return x86_lduw_code(s);
    case SZ_bs:
        return (uint32_t)(int8_t)x86_ldub_code(s) & (ot == MO_16 ? 0xffff : 0xffffffff);
    default:
        return ot == MO_16 ? x86_lduw_code(s) : x86_ldl_code(s);
    }
}

/* Decode one operand; false for an invalid form (#UD). */
static bool x86_decode_op(DisasContext *s, X86Decoded *d, int i, const X86OpSpec *spec)
{
    X86Op *op = &d->op[i];
    int32_t disp;

    op->kind = spec->kind;
    op->ot = x86_op_size(s, spec->size);
    op->is_mem = false;
    op->reg = spec->reg;
    switch (spec->kind) {
    case OPK_NONE:
    case OPK_REG:
    case OPK_SEG:
        break;
    case OPK_E:
    case OPK_M:
    case OPK_R:
        if ((spec->kind == OPK_M && s->mod == 3) || (spec->kind == OPK_R && s->mod != 3)) {
            return false;
        }
        op->is_mem = s->mod != 3;
        op->reg = s->rm;
        break;
    case OPK_G:
        op->reg = s->reg;
        break;
    case OPK_S:
        op->reg = s->reg;
        if (s->reg > R_GS) {
            return false;
        }
        break;
    case OPK_Z:
        op->reg = s->b & 7;
        break;
    case OPK_ONE:
        op->imm = 1;
        break;
    case OPK_I:
        op->imm = x86_imm(s, spec->size, op->ot);
        break;
    case OPK_J:
        if (spec->size == SZ_bs) {
            disp = (int8_t)x86_ldub_code(s);
        } else if (s->dflag == MO_16) {
            disp = (int16_t)x86_lduw_code(s);
        } else {
            disp = x86_ldl_code(s);
        }
        op->imm = s->pc + disp;
        if (s->dflag == MO_16) {
            op->imm &= 0xffff;
        }
        break;
    case OPK_O:
        op->is_mem = true;
        tcg_gen_movi_i32(s->tcg, s->A0, s->aflag == MO_16 ? x86_lduw_code(s) : x86_ldl_code(s));
        gen_add_seg_base(s, s->A0, R_DS);
        break;
    case OPK_A:
        op->imm = s->dflag == MO_16 ? x86_lduw_code(s) : x86_ldl_code(s);
        op->imm2 = x86_lduw_code(s);
        break;
    }
    return true;
}

static bool x86_entry_has_modrm(const X86OpEntry *e)
{
    if (e->flags & (X86_GROUP | X86_MODRM)) {
        return true;
    }
    for (int i = 0; i < 3; i++) {
        switch (e->op[i].kind) {
        case OPK_E:
        case OPK_G:
        case OPK_M:
        case OPK_R:
        case OPK_S:
            return true;
        }
    }
    return false;
}

static void x86_read_modrm(DisasContext *s)
{
    s->modrm = x86_ldub_code(s);
    s->mod = s->modrm >> 6;
    s->reg = (s->modrm >> 3) & 7;
    s->rm = s->modrm & 7;
}

static void x86_translate_insn(DisasContext *s)
{
    const X86OpEntry *e;
    X86Decoded d = { 0 };
    const X86OpSpec *specs;
    int b;

    s->prefix = 0;
    s->override = -1;
    s->modrm = -1;
    for (;;) {
        b = x86_ldub_code(s);
        switch (b) {
        case 0xf3:
            s->prefix = (s->prefix & ~PREFIX_REPNZ) | PREFIX_REPZ;
            continue;
        case 0xf2:
            s->prefix = (s->prefix & ~PREFIX_REPZ) | PREFIX_REPNZ;
            continue;
        case 0xf0:
            s->prefix |= PREFIX_LOCK;
            continue;
        case 0x66:
            s->prefix |= PREFIX_DATA;
            continue;
        case 0x67:
            s->prefix |= PREFIX_ADR;
            continue;
        case 0x26:
        case 0x2e:
        case 0x36:
        case 0x3e:
            s->override = (b >> 3) & 3;
            continue;
        case 0x64:
        case 0x65:
            s->override = b - 0x64 + R_FS;
            continue;
        }
        if (s->pc - s->pc_start >= X86_MAX_INSN_LEN) {
            gen_exception_err(s, EXCP0D_GPF, 0);
            return;
        }
        break;
    }
    s->dflag = ((s->flags & HF_CS32_MASK) != 0) ^ ((s->prefix & PREFIX_DATA) != 0) ? MO_32 : MO_16;
    s->aflag = ((s->flags & HF_CS32_MASK) != 0) ^ ((s->prefix & PREFIX_ADR) != 0) ? MO_32 : MO_16;
    if (b == 0x0f) {
        b = 0x100 | x86_ldub_code(s);
        e = &x86_twobyte_map[b & 0xff];
    } else {
        e = &x86_onebyte_map[b];
    }
    s->b = b;
    specs = e->op;
    if (x86_entry_has_modrm(e)) {
        x86_read_modrm(s);
        if (e->flags & X86_GROUP) {
            const X86OpEntry *sub = &e->group[s->reg];
            if ((e->flags & X86_GROUP_MOD3) && s->mod == 3) {
                sub = &e->group[8 + s->reg];
            }
            if (sub->op[0].kind != OPK_NONE) {
                specs = sub->op;
            }
            e = sub;
        }
        if (s->mod != 3 && (e->flags & X86_LEA)) {
            gen_lea_modrm_nobase(s, s->modrm);
        } else if (s->mod != 3 && !(e->flags & X86_NOLEA)) {
            gen_lea_modrm(s, s->modrm);
        }
    }
    d.e = e;
    if (s->is_jmp == DISAS_NORETURN) {
        return;     /* decoding raised an exception (null segment) */
    }
    if (!e->gen) {
        gen_illegal_opcode(s);
        return;
    }
    for (int i = 0; i < 3; i++) {
        if (!x86_decode_op(s, &d, i, &specs[i])) {
            gen_illegal_opcode(s);
            return;
        }
    }
    if (s->pc - s->pc_start > X86_MAX_INSN_LEN) {
        gen_exception_err(s, EXCP0D_GPF, 0);
        return;
    }
    if (s->is_jmp == DISAS_NORETURN) {
        return;
    }
    if ((s->prefix & PREFIX_LOCK) && (!(e->flags & X86_LOCK) || !d.op[0].is_mem)) {
        gen_illegal_opcode(s);
        return;
    }
    e->gen(s, &d);
}

void x86_translate(CPUState *cpu, TCGContext *tcg, TranslationBlock *tb, int max_insns)
{
    DisasContext ctx = { 0 };
    DisasContext *s = &ctx;
    uint32_t start, page_end;

    s->tcg = tcg;
    s->env = tcg_env(tcg);
    s->g = tcg_frontend_data(tcg);
    s->cpu = cpu;
    s->tb = tb;
    s->cs_base = tb->cs_base;
    s->flags = tb->flags;
    s->x87_live = s->flags & HF_X87_LIVE_MASK;
    s->pc = start = tb->pc - tb->cs_base;
    s->cc_op = CC_OP_DYNAMIC;
    s->cc_op_hint = cpu ? x86_cpu_env(cpu)->cc_op : CC_OP_DYNAMIC;
    s->is_jmp = DISAS_NEXT;
    s->A0 = tcg_temp_new_i32(tcg);
    s->T0 = tcg_temp_new_i32(tcg);
    s->T1 = tcg_temp_new_i32(tcg);
    s->cc_srcT = tcg_temp_new_i32(tcg);
    if ((tb->cflags & CF_SINGLE_STEP) || (s->flags & HF_TF_MASK)) {
        max_insns = 1;
    }
    if (max_insns <= 0) {
        max_insns = CF_COUNT_MASK;
    }
    page_end = ((uint32_t)tb->pc & ~(X86_PAGE_SIZE - 1)) + X86_PAGE_SIZE;
    s->max_insns = max_insns;
    s->page_end = page_end;

    for (;;) {
        s->pc_start = s->pc;
        if (s->cc_set) {
            gen_discard_unread_cc(s);
            s->cc_set = false;
        }
        tcg_gen_insn_start(tcg, s->pc, s->cc_op);
        s->num_insns++;
        x86_translate_insn(s);
        if (s->is_jmp != DISAS_NEXT) {
            break;
        }
        /* Only the first insn of a block may cross into the next page. */
        if (s->num_insns >= max_insns || s->pc - start > X86_MAX_TB_BYTES - X86_MAX_INSN_LEN ||
            (uint32_t)(s->cs_base + s->pc) + X86_MAX_INSN_LEN > page_end ||
            (uint32_t)(s->cs_base + s->pc) < (uint32_t)tb->pc) {
            /*
             * A size or page limit: chain to the next TB like a jump (a
             * loop running across a page end went through the jump-cache
             * lookup at each turn). One-insn TBs (single step) look it up.
             */
            if (max_insns > 1) {
                gen_jmp_tb(s, s->pc, 0);
            } else {
                s->is_jmp = DISAS_EOB_NEXT;
            }
            break;
        }
    }
    switch (s->is_jmp) {
    case DISAS_EOB_NEXT:
        tcg_gen_movi_i32(tcg, s->g->eip, s->pc);
        gen_eob_lookup(s);
        break;
    case DISAS_EOB_EXIT:
        gen_update_cc_op(s);
        tcg_gen_movi_i32(tcg, s->g->eip, s->pc);
        tcg_gen_exit_tb(tcg, NULL, 0);
        break;
    default:
        break;
    }
    x86_gen_side_exits(s);
    x86_gen_raise_stubs(s);
    tb->size = s->pc - start;
    tb->icount = s->num_insns;
}
