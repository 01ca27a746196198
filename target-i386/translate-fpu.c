/*
 * x87 FPU translator (SDM vol. 2, opcodes D8..DF and 9B; vol. 1 ch. 8). While
 * generated code runs, the guest's x87 state is in the host's x87 unit
 * (fpu_live.c), so an x87 instruction is emitted as itself (the host x87 ops
 * of tcg/x87.h, memory operands at guest_base + address): values, flags,
 * tags, TOP and exceptions are the real unit's. Only the environment and save
 * images (fldenv, fnstenv, frstor, fnsave: guest pointers in them) go through
 * helper_x87 on the state in env.
 */
#include "target-i386/fpu-internal.h"
#include "target-i386/fpu-native.h"
#include "target-i386/fpu-op.h"
#include "target-i386/helper-proto.h"
#include "target-i386/translate.h"
#include "tcg/x87.h"

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

static const uint8_t x87_mem_bytes[X87_MEM_80 + 1] = {
    [X87_MEM_16] = 2, [X87_MEM_32] = 4, [X87_MEM_64] = 8, [X87_MEM_80] = 10,
};

/* The state into the host unit / back into env, where the block needs it. */
static void gen_x87_to_host(DisasContext *s)
{
    if (!s->x87_live) {
        gen_call_env(s, &helper_x87_enter_info, NULL, 0, NULL);
        s->x87_live = true;
    }
}

void gen_x87_to_env(DisasContext *s)
{
    if (s->x87_live) {
        gen_call_env(s, &helper_x87_leave_info, NULL, 0, NULL);
        s->x87_live = false;
    }
}

/* Ops that may raise #MF when the guest's FCW unmasks an exception. */
static uint32_t x87_fault_bit(DisasContext *s)
{
    return (s->flags & HF_X87_UNMASKED_MASK) ? TCG_X87_MAY_FAULT : 0;
}

static void gen_st_field(DisasContext *s, TCGv_i32 v, intptr_t ofs, MemOp size)
{
    if (size == MO_16) {
        tcg_gen_st16_i32(s->tcg, v, s->env, ofs);
    } else {
        tcg_gen_st_i32(s->tcg, v, s->env, ofs);
    }
}

/*
 * FIP, FCS, FOP, FDP, FDS after a non-control instruction, by the host's
 * rules (x86_x87_ptr_policy), with the guest's values. A zeroed field stays
 * zero until an image is loaded, so it is stored once per block.
 */
static void gen_x87_pointers(DisasContext *s, TCGv_i32 addr, int seg, uint32_t fop)
{
    static const intptr_t ofs[X87_PTR_N] = {
        [X87_PTR_FIP] = offsetof(CPUX86State, fpu.fip),
        [X87_PTR_FCS] = offsetof(CPUX86State, fpu.fcs),
        [X87_PTR_FOP] = offsetof(CPUX86State, fpu.fop),
        [X87_PTR_FDP] = offsetof(CPUX86State, fpu.fdp),
        [X87_PTR_FDS] = offsetof(CPUX86State, fpu.fds),
    };
    TCGContext *t = s->tcg;
    const X87PtrPolicy *pp = x86_x87_ptr_policy();
    const uint8_t *pol = addr ? pp->mem : pp->reg;
    unsigned zeroed = 0;

    for (int i = 0; i < X87_PTR_N; i++) {
        MemOp size = (i == X87_PTR_FIP || i == X87_PTR_FDP) ? MO_32 : MO_16;
        TCGv_i32 v;

        if (pol[i] == X87_PTR_ZERO) {
            if (!(s->x87_zeroed & (1u << i))) {
                gen_st_field(s, tcg_constant_i32(t, 0), ofs[i], size);
            }
            zeroed |= 1u << i;
            continue;
        }
        if (pol[i] != X87_PTR_GUEST || (i == X87_PTR_FDP && !addr) ||
            (i == X87_PTR_FDS && !addr)) {
            continue;
        }
        switch (i) {
        case X87_PTR_FIP:
            v = tcg_constant_i32(t, s->pc_start);
            break;
        case X87_PTR_FOP:
            v = tcg_constant_i32(t, fop & 0x7ff);
            break;
        case X87_PTR_FDP:
            v = tcg_temp_new_i32(t);
            tcg_gen_sub_i32(t, v, addr, s->g->seg_base[seg]);
            break;
        default:
            v = tcg_temp_new_i32(t);
            tcg_gen_ld16u_i32(t, v, s->env, offsetof(CPUX86State,
                                                     segs[i == X87_PTR_FCS ? R_CS : R_DS].selector));
            break;
        }
        gen_st_field(s, v, ofs[i], size);
    }
    s->x87_zeroed |= zeroed;
}

/* fninit clears all five. */
static void gen_x87_pointers_clear(DisasContext *s)
{
    TCGv_i32 zero = tcg_constant_i32(s->tcg, 0);

    tcg_gen_st_i32(s->tcg, zero, s->env, offsetof(CPUX86State, fpu.fip));
    tcg_gen_st_i32(s->tcg, zero, s->env, offsetof(CPUX86State, fpu.fdp));
    tcg_gen_st16_i32(s->tcg, zero, s->env, offsetof(CPUX86State, fpu.fcs));
    tcg_gen_st16_i32(s->tcg, zero, s->env, offsetof(CPUX86State, fpu.fop));
    tcg_gen_st16_i32(s->tcg, zero, s->env, offsetof(CPUX86State, fpu.fds));
    s->x87_zeroed = (1u << X87_PTR_N) - 1;
}

/*
 * After fldcw in a block translated for masked exceptions: if the new FCW
 * unmasks one, the following x87 instructions may raise #MF, which the
 * block did not prepare for; leave it (helper_x87_unmasked).
 */
static void gen_x87_fldcw_check(DisasContext *s, TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    TCGv_i32 v;
    TCGLabel *masked;

    if (s->flags & HF_X87_UNMASKED_MASK) {
        return;
    }
    v = tcg_temp_new_i32(t);
    masked = gen_new_label(t);
    gen_ld(s, MO_16, v, addr);
    tcg_gen_andi_i32(t, v, v, 0x3f);
    gen_update_cc_op(s);
    tcg_gen_brcondi_i32(t, TCG_COND_EQ, v, 0x3f, masked);
    gen_call_env(s, &helper_x87_unmasked_info, NULL, 1,
                 (TCGTemp *[]){ tcgv_i32_temp(tcg_constant_i32(t, s->pc)) });
    gen_set_label(t, masked);
}

/* fldenv, fnstenv, frstor, fnsave: helper_x87 on the state in env. */
static void gen_x87_image(DisasContext *s, uint32_t op, TCGv_i32 addr)
{
    TCGContext *t = s->tcg;
    TCGv_i32 ret = tcg_temp_new_i32(t);

    gen_x87_to_env(s);
    /* May raise #MF or fault on memory: the lazy flags must be in env. */
    gen_update_cc_op(s);
    gen_call_env(s, &helper_x87_info, tcgv_i32_temp(ret), 4,
                 (TCGTemp *[]){ tcgv_i32_temp(tcg_constant_i32(t, op)), tcgv_i32_temp(addr),
                                tcgv_i32_temp(tcg_constant_i32(t, s->pc_start)),
                                tcgv_i32_temp(tcg_constant_i32(t, 0)) });
    s->x87_zeroed = 0;
    if (op & X87_OP_MEM_RD) {
        s->is_jmp = DISAS_EOB_NEXT;     /* a new FCW may change the TB flags */
    }
}

static void gen_x87_mem(DisasContext *s, int b, int modrm)
{
    const CPUX86State *env = cpu_env(s->cpu);
    int reg = (modrm >> 3) & 7;
    uint32_t info = x87_mem_ops[b & 7][reg];
    unsigned kind = (info >> X87_OP_MEM_SHIFT) & 7;
    int seg = s->override >= 0 ? s->override : R_DS;
    /* fisttp (DB, DD, DF /1) is SSE3 */
    bool fisttp = reg == 1 && (b == 0xdb || b == 0xdd || b == 0xdf);
    uint32_t insn;
    TCGv_i32 addr;

    if (!info || (fisttp && !(env->cpuid_ext_features & 1))) {
        gen_illegal_opcode(s);
        return;
    }
    addr = gen_lea_modrm(s, modrm);
    if (kind == X87_MEM_ENV || kind == X87_MEM_SAVE) {
        uint32_t op = ((b & 7) << 8) | (modrm & 0xff) | info | (unsigned)seg << X87_OP_SEG_SHIFT;

        gen_x87_image(s, s->dflag == MO_16 ? op | X87_OP_O16 : op, addr);
        return;
    }
    gen_x87_to_host(s);
    insn = (unsigned)b << 8 | (modrm & 0x38) | 7 | x87_mem_bytes[kind] << TCG_X87_MEM_SIZE_SHIFT |
           ((info & X87_OP_MEM_WR) ? TCG_X87_MEM_WRITE : 0);
    tcg_gen_x87_m(s->tcg, addr, insn, x86_x87_stub(b, (modrm & 0x38) | 7));
    if (b == 0xd9 && reg == 5) {
        gen_x87_fldcw_check(s, addr);
    }
    if (!(info & X87_OP_CONTROL)) {
        gen_x87_pointers(s, addr, seg, ((b & 7) << 8) | (modrm & 0xff));
    }
}

/* The condition of fcmovcc (DA/DB C0-DF), as an i32 that is nonzero iff taken. */
static TCGv_i32 gen_fcmov_cond(DisasContext *s, int b, int modrm)
{
    static const uint32_t masks[4] = { CC_C, CC_Z, CC_C | CC_Z, CC_P };
    TCGContext *t = s->tcg;
    TCGv_i32 c = tcg_temp_new_i32(t);

    gen_compute_eflags(s, c);
    tcg_gen_andi_i32(t, c, c, masks[(modrm >> 3) & 3]);
    if (b == 0xdb) {
        tcg_gen_setcondi_i32(t, TCG_COND_EQ, c, c, 0);     /* fcmovnb, ne, nbe, nu */
    }
    return c;
}

static void gen_x87_reg(DisasContext *s, int b, int modrm)
{
    const CPUX86State *env = cpu_env(s->cpu);
    TCGContext *t = s->tcg;
    uint32_t insn = (unsigned)b << 8 | modrm, fault = x87_fault_bit(s);
    bool fcmov = (b == 0xda || b == 0xdb) && modrm < 0xe0;
    bool fcomi = (b == 0xdb || b == 0xdf) && modrm >= 0xe8 && modrm <= 0xf7;
    TCGv_i32 v;

    /* fcmovcc, fcomi and friends came with CMOV (P6) */
    if (!x87_reg_form_valid(b, modrm) ||
        ((fcmov || fcomi) && !(env->cpuid_features & (1u << 15)))) {
        gen_illegal_opcode(s);
        return;
    }
    gen_x87_to_host(s);
    if (insn == TCG_X87_FNSTSW_AX) {
        v = tcg_temp_new_i32(t);
        tcg_gen_x87_r(t, v, insn, x86_x87_stub(b, modrm));
        gen_op_mov_reg_v(s, MO_16, R_EAX, v);
        return;
    }
    if (fcomi) {
        v = tcg_temp_new_i32(t);
        tcg_gen_x87_r(t, v, insn | fault, x86_x87_stub(b, modrm));
        gen_set_arith_flags(s, v);
    } else if (fcmov) {
        unsigned ne = 0xc8 | (modrm & 7);   /* fcmovne: taken iff the condition is nonzero */

        tcg_gen_x87_cmov(t, gen_fcmov_cond(s, b, modrm), 0xdb00 | ne | fault,
                         x86_x87_stub(0xdb, ne));
    } else {
        tcg_gen_x87(t, insn | fault, x86_x87_stub(b, modrm));
    }
    if (insn == 0xdbe3) {
        gen_x87_pointers_clear(s);          /* fninit */
    } else if (insn != 0xdbe2) {            /* fnclex is a control instruction */
        gen_x87_pointers(s, NULL, R_DS, insn);
    }
}

void gen_x87(DisasContext *s, int b, int modrm)
{
    if ((modrm >> 6) != 3) {
        gen_x87_mem(s, b, modrm);
    } else {
        gen_x87_reg(s, b, modrm);
    }
}

/* 9B fwait: only an unmasked exception can be pending; fnop waits the same way. */
void gen_x87_fwait(DisasContext *s)
{
    if (s->flags & HF_X87_UNMASKED_MASK) {
        gen_x87_to_host(s);
        tcg_gen_x87(s->tcg, TCG_X87_FWAIT | TCG_X87_MAY_FAULT, x86_x87_stub(0xd9, 0xd0));
    }
}
