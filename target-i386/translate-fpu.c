/*
 * x87 FPU translator (SDM vol. 2, opcodes D8..DF; vol. 1 ch. 8): decodes the
 * instruction's operands and class, then calls helper_x87, which runs the very
 * same instruction on the host's x87 unit with the guest's state.
 */
#include "target-i386/fpu-op.h"
#include "target-i386/helper-proto.h"
#include "target-i386/translate.h"

#define M(kind, flags) ((X87_MEM_##kind << X87_OP_MEM_SHIFT) | (flags))
#define RD X87_OP_MEM_RD
#define WR X87_OP_MEM_WR
#define CTL (X87_OP_CONTROL | X87_OP_NOWAIT)

/* Memory forms by opcode (D8..DF) and ModRM.reg; 0 = #UD. */
static const uint32_t x87_mem_ops[8][8] = {
    /* D8: fadd fmul fcom fcomp fsub fsubr fdiv fdivr m32fp */
    { M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD) },
    /* D9: fld, -, fst, fstp m32fp; fldenv, fldcw, fnstenv, fnstcw */
    { M(32, RD), 0, M(32, WR), M(32, WR), M(ENV, RD | X87_OP_CONTROL),
      M(16, RD | X87_OP_CONTROL), M(ENV, WR | CTL), M(16, WR | CTL) },
    /* DA: fiadd fimul ficom ficomp fisub fisubr fidiv fidivr m32int */
    { M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD), M(32, RD) },
    /* DB: fild, fisttp, fist, fistp m32int; -, fld m80, -, fstp m80 */
    { M(32, RD), M(32, WR), M(32, WR), M(32, WR), 0, M(80, RD), 0, M(80, WR) },
    /* DC: fadd fmul fcom fcomp fsub fsubr fdiv fdivr m64fp */
    { M(64, RD), M(64, RD), M(64, RD), M(64, RD), M(64, RD), M(64, RD), M(64, RD), M(64, RD) },
    /* DD: fld, fisttp m64int, fst, fstp m64fp; frstor, -, fnsave, fnstsw */
    { M(64, RD), M(64, WR), M(64, WR), M(64, WR), M(SAVE, RD | X87_OP_CONTROL), 0,
      M(SAVE, WR | CTL), M(16, WR | CTL) },
    /* DE: fiadd fimul ficom ficomp fisub fisubr fidiv fidivr m16int */
    { M(16, RD), M(16, RD), M(16, RD), M(16, RD), M(16, RD), M(16, RD), M(16, RD), M(16, RD) },
    /* DF: fild, fisttp, fist, fistp m16int; fbld, fild m64, fbstp, fistp m64 */
    { M(16, RD), M(16, WR), M(16, WR), M(16, WR), M(80, RD), M(64, RD), M(80, WR), M(64, WR) },
};

static TCGv_i32 gen_call_x87(DisasContext *s, uint32_t op, TCGv_i32 addr, TCGv_i32 eflags)
{
    TCGContext *t = s->tcg;
    TCGv_i32 ret = tcg_temp_new_i32(t);
    TCGTemp *args[5] = {
        tcgv_ptr_temp(s->env), tcgv_i32_temp(tcg_constant_i32(t, op)), tcgv_i32_temp(addr),
        tcgv_i32_temp(tcg_constant_i32(t, s->pc_start)), tcgv_i32_temp(eflags),
    };

    /* May raise #MF or fault on memory: the lazy flags must be in env. */
    gen_update_cc_op(s);
    tcg_gen_callN(t, &helper_x87_info, tcgv_i32_temp(ret), 5, args);
    return ret;
}

/*
 * The control-word and status-word moves, inline (compilers emit fnstcw /
 * fldcw around every float-to-int conversion and fnstsw ax after compares).
 */
static bool gen_x87_control_inline(DisasContext *s, int b, int modrm)
{
    TCGContext *t = s->tcg;
    int reg = (modrm >> 3) & 7;
    bool mem = (modrm >> 6) != 3;
    TCGv_i32 v, addr;

    if (b == 0xdf && modrm == 0xe0) {                   /* fnstsw ax */
        v = tcg_temp_new_i32(t);
        tcg_gen_ld16u_i32(t, v, s->env, offsetof(CPUX86State, fpu.fsw));
        gen_op_mov_reg_v(s, MO_16, R_EAX, v);
        return true;
    }
    if (!mem || !((b == 0xd9 && (reg == 5 || reg == 7)) || (b == 0xdd && reg == 7))) {
        return false;
    }
    addr = gen_lea_modrm(s, modrm);
    v = tcg_temp_new_i32(t);
    if (reg == 5) {                                     /* fldcw */
        TCGTemp *args[2] = { tcgv_ptr_temp(s->env), tcgv_i32_temp(v) };

        gen_ld(s, MO_16, v, addr);
        gen_update_cc_op(s);
        tcg_gen_callN(t, &helper_fldcw_info, NULL, 2, args);
    } else {                                            /* fnstcw, fnstsw m16 */
        tcg_gen_ld16u_i32(t, v, s->env, b == 0xd9 ? offsetof(CPUX86State, fpu.fcw) :
                                                   offsetof(CPUX86State, fpu.fsw));
        gen_st(s, MO_16, v, addr);
    }
    return true;
}

void gen_x87(DisasContext *s, int b, int modrm)
{
    const CPUX86State *env = cpu_env(s->cpu);
    TCGContext *t = s->tcg;
    uint32_t op = ((b & 7) << 8) | (modrm & 0xff);
    TCGv_i32 addr = tcg_constant_i32(t, 0);
    TCGv_i32 eflags = tcg_constant_i32(t, 0);
    TCGv_i32 ret;

    if (gen_x87_control_inline(s, b, modrm)) {
        return;
    }
    if ((modrm >> 6) != 3) {
        int reg = (modrm >> 3) & 7;
        uint32_t info = x87_mem_ops[b & 7][reg];
        unsigned kind = (info >> X87_OP_MEM_SHIFT) & 7;
        int seg = s->override >= 0 ? s->override : R_DS;

        /* fisttp (DB, DD, DF /1) is SSE3 */
        bool fisttp = reg == 1 && (b == 0xdb || b == 0xdd || b == 0xdf);

        if (!info || (fisttp && !(env->cpuid_ext_features & 1))) {
            gen_illegal_opcode(s);
            return;
        }
        op |= info | (unsigned)seg << X87_OP_SEG_SHIFT | x87_fast_class(b, modrm);
        if ((kind == X87_MEM_ENV || kind == X87_MEM_SAVE) && s->dflag == MO_16) {
            op |= X87_OP_O16;
        }
        /* The access uses the right segment; FDP (offset = address - base of
         * the override or DS) is off only if SS and DS bases differ. */
        addr = gen_lea_modrm(s, modrm);
    } else {
        /* fcmovcc, fcomi and friends came with CMOV (P6) */
        bool p6 = ((b == 0xda || b == 0xdb) && modrm < 0xe0) ||
                  ((b == 0xdb || b == 0xdf) && modrm >= 0xe8 && modrm <= 0xf7);

        if (!x87_reg_form_valid(b, modrm) ||
            (p6 && !(env->cpuid_features & (1u << 15)))) {
            gen_illegal_opcode(s);
            return;
        }
        op |= x87_fast_class(b, modrm);
        if ((b == 0xdb && (modrm == 0xe2 || modrm == 0xe3)) || (b == 0xdf && modrm == 0xe0)) {
            op |= CTL;      /* fnclex, fninit, fnstsw ax */
        }
        if ((b == 0xdb || b == 0xdf) && modrm >= 0xe8 && modrm <= 0xf7) {
            op |= X87_OP_RET_FLAGS;     /* fucomi, fcomi, fucomip, fcomip */
        }
        if ((b == 0xda || b == 0xdb) && modrm < 0xe0) {
            eflags = tcg_temp_new_i32(t);   /* fcmovcc reads the flags */
            gen_compute_eflags(s, eflags);
        }
    }
    ret = gen_call_x87(s, op, addr, eflags);
    if (b == 0xdf && modrm == 0xe0) {
        gen_op_mov_reg_v(s, MO_16, R_EAX, ret);
    } else if (op & X87_OP_RET_FLAGS) {
        gen_set_arith_flags(s, ret);
    }
}

void gen_x87_fwait(DisasContext *s)
{
    TCGTemp *args[1] = { tcgv_ptr_temp(s->env) };

    gen_update_cc_op(s);
    tcg_gen_callN(s->tcg, &helper_fwait_info, NULL, 1, args);
}
