/*
 * The i386 decoder tables (SDM vol. 2D, appendix A "Opcode Map"): one table
 * per opcode map, each entry a generator plus up to three operands in the
 * manual's notation (Eb, Gv, Iz, ...), groups selected by ModRM.reg.
 */
#ifndef TARGET_I386_DECODE_H
#define TARGET_I386_DECODE_H

#include "target-i386/translate.h"

/* Addressing methods (SDM A.2.1), plus fixed registers and constants. */
typedef enum X86OpKind {
    OPK_NONE,
    OPK_E,          /* ModRM r/m: register or memory */
    OPK_G,          /* ModRM reg: general register */
    OPK_M,          /* ModRM r/m, memory only */
    OPK_R,          /* ModRM r/m, register only */
    OPK_S,          /* ModRM reg: segment register */
    OPK_I,          /* immediate */
    OPK_J,          /* relative branch offset */
    OPK_O,          /* moffs: absolute address in the insn */
    OPK_A,          /* far pointer in the insn (seg:offset) */
    OPK_Z,          /* register in the low 3 bits of the opcode */
    OPK_REG,        /* fixed general register (reg field of the operand) */
    OPK_SEG,        /* fixed segment register */
    OPK_ONE,        /* the constant 1 (shift by one) */
} X86OpKind;

/* Operand sizes (SDM A.2.2). */
typedef enum X86OpSize {
    SZ_b,           /* byte */
    SZ_w,           /* word */
    SZ_d,           /* dword */
    SZ_v,           /* word or dword by operand size */
    SZ_z,           /* word or dword immediate by operand size */
    SZ_bs,          /* byte immediate sign-extended to the operand size */
    SZ_p,           /* far pointer: offset (v) then selector */
    SZ_q,           /* qword (cmpxchg8b) */
} X86OpSize;

typedef struct X86OpSpec {
    uint8_t kind;   /* X86OpKind */
    uint8_t size;   /* X86OpSize */
    uint8_t reg;    /* OPK_REG / OPK_SEG register number */
} X86OpSpec;

/* A decoded operand. */
typedef struct X86Op {
    X86OpKind kind;
    MemOp ot;           /* size */
    int reg;            /* register number (G, E with mod 3, Z, REG, S, SEG) */
    bool is_mem;        /* E/M/O: memory at s->A0 */
    uint32_t imm;       /* I, J (target eip), A (offset), ONE */
    uint32_t imm2;      /* A: selector; second immediate (enter) */
} X86Op;

typedef struct X86OpEntry X86OpEntry;
typedef struct X86Decoded {
    const X86OpEntry *e;
    X86Op op[3];
} X86Decoded;

typedef void (*X86GenFunc)(DisasContext *s, X86Decoded *d);

/* Entry flags. */
enum {
    X86_GROUP = 0x01,       /* sub-table of 8 entries indexed by ModRM.reg */
    X86_MODRM = 0x02,       /* has a ModRM byte even with no E/G/M operand */
    X86_LOCK = 0x04,        /* lock prefix allowed (with a memory destination) */
    X86_NOLEA = 0x08,       /* the generator computes the effective address itself */
    X86_GROUP_MOD3 = 0x10,  /* group: second half of the table for mod == 3 */
    X86_LEA = 0x20,         /* effective address without the segment base */
};

struct X86OpEntry {
    X86GenFunc gen;             /* NULL: #UD */
    X86OpSpec op[3];
    uint8_t arg;                /* generator-specific (ALU op, condition...) */
    uint8_t flags;
    const X86OpEntry *group;    /* X86_GROUP: 8 entries (16 with GROUP_MOD3) */
};

/* Operand spellings of the opcode tables. */
#define O_(k, s) { OPK_##k, SZ_##s, 0 }
#define Eb O_(E, b)
#define Ew O_(E, w)
#define Ed O_(E, d)
#define Ev O_(E, v)
#define Gb O_(G, b)
#define Gw O_(G, w)
#define Gv O_(G, v)
#define Mv O_(M, v)
#define Mw O_(M, w)
#define Mp O_(M, p)
#define Mq O_(M, q)
#define Ms O_(M, w)
#define Ma O_(M, v)
#define Rv O_(R, v)
#define Sw O_(S, w)
#define Ib O_(I, b)
#define Iw O_(I, w)
#define Iz O_(I, z)
#define Iv O_(I, v)
#define Ibs O_(I, bs)
#define Jb O_(J, bs)
#define Jz O_(J, z)
#define Ob O_(O, b)
#define Ov O_(O, v)
#define Ap O_(A, p)
#define Zb O_(Z, b)
#define Zv O_(Z, v)
#define One O_(ONE, b)
#define REGB(r) { OPK_REG, SZ_b, r }
#define REGW(r) { OPK_REG, SZ_w, r }
#define REGV(r) { OPK_REG, SZ_v, r }
#define AL REGB(R_EAX)
#define CL REGB(R_ECX)
#define DXw REGW(R_EDX)
#define eAX REGV(R_EAX)
#define SEG(r) { OPK_SEG, SZ_w, r }
#define NOP_ { OPK_NONE, 0, 0 }

/* Table rows: generator, operands, argument, flags. */
#define X0(fn, arg, fl) { fn, { NOP_, NOP_, NOP_ }, arg, fl, NULL }
#define X1(fn, a, arg, fl) { fn, { a, NOP_, NOP_ }, arg, fl, NULL }
#define X2(fn, a, b, arg, fl) { fn, { a, b, NOP_ }, arg, fl, NULL }
#define X3(fn, a, b, c, arg, fl) { fn, { a, b, c }, arg, fl, NULL }
#define GRP(tbl, a, b) { NULL, { a, b, NOP_ }, 0, X86_GROUP, tbl }
#define GRPM3(tbl) { NULL, { NOP_, NOP_, NOP_ }, 0, X86_GROUP | X86_GROUP_MOD3, tbl }
#define UD { NULL, { NOP_, NOP_, NOP_ }, 0, 0, NULL }

/* The opcode maps (decode-onebyte.c, decode-0f.c). */
extern const X86OpEntry x86_onebyte_map[256];
extern const X86OpEntry x86_twobyte_map[256];

/* ALU operations (X86OpEntry.arg of gen_alu): the ModRM.reg order of group 1. */
enum { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

/* Operand access (translate.c). */
void gen_load_op(DisasContext *s, X86Decoded *d, int i, TCGv_i32 val);
void gen_store_op(DisasContext *s, X86Decoded *d, int i, TCGv_i32 val);

/* Flags and conditions (translate.c). */
void gen_set_cc_op(DisasContext *s, CCOp op);
typedef struct CCPrepare {
    TCGCond cond;
    TCGv_i32 a;
    TCGv_i32 b;
} CCPrepare;
CCPrepare gen_prepare_cc(DisasContext *s, int cc);
void gen_setcc(DisasContext *s, int cc, TCGv_i32 dst);
void gen_compute_c(DisasContext *s, TCGv_i32 dst);
/* Make env->cc_* hold the flags as CC_OP_EFLAGS (before partial updates). */
void gen_flags_to_eflags(DisasContext *s);

/* Control flow (translate.c). */
void gen_jmp_tb(DisasContext *s, uint32_t eip, int slot);
void gen_jmp_dyn(DisasContext *s, TCGv_i32 eip);
void gen_eob_lookup(DisasContext *s);
void gen_exception_next(DisasContext *s, int excp);
void gen_exception_err(DisasContext *s, int excp, uint32_t err);

/* Stack (translate-ctrl.c). */
void gen_stack_push(DisasContext *s, MemOp ot, TCGv_i32 val);
void gen_stack_pop_value(DisasContext *s, MemOp ot, TCGv_i32 val);
void gen_stack_pop_commit(DisasContext *s, MemOp ot);

/* Generators named in the tables (translate-alu.c, translate-ctrl.c, ...). */
void gen_alu(DisasContext *s, X86Decoded *d);
void gen_incdec(DisasContext *s, X86Decoded *d);
void gen_not(DisasContext *s, X86Decoded *d);
void gen_neg(DisasContext *s, X86Decoded *d);
void gen_test(DisasContext *s, X86Decoded *d);
void gen_mul(DisasContext *s, X86Decoded *d);
void gen_imul1(DisasContext *s, X86Decoded *d);
void gen_imul3(DisasContext *s, X86Decoded *d);
void gen_div(DisasContext *s, X86Decoded *d);
void gen_shift(DisasContext *s, X86Decoded *d);
void gen_shiftd(DisasContext *s, X86Decoded *d);
void gen_bt(DisasContext *s, X86Decoded *d);
void gen_bsf(DisasContext *s, X86Decoded *d);
void gen_bsr(DisasContext *s, X86Decoded *d);
void gen_bswap(DisasContext *s, X86Decoded *d);
void gen_xchg(DisasContext *s, X86Decoded *d);
void gen_xadd(DisasContext *s, X86Decoded *d);
void gen_cmpxchg(DisasContext *s, X86Decoded *d);
void gen_cmpxchg8b(DisasContext *s, X86Decoded *d);
void gen_cmov(DisasContext *s, X86Decoded *d);
void gen_setcc_rm(DisasContext *s, X86Decoded *d);
void gen_mov(DisasContext *s, X86Decoded *d);
void gen_movx(DisasContext *s, X86Decoded *d);
void gen_lea(DisasContext *s, X86Decoded *d);
void gen_cbw(DisasContext *s, X86Decoded *d);
void gen_cwd(DisasContext *s, X86Decoded *d);
void gen_bcd(DisasContext *s, X86Decoded *d);
void gen_salc(DisasContext *s, X86Decoded *d);
void gen_lahf(DisasContext *s, X86Decoded *d);
void gen_sahf(DisasContext *s, X86Decoded *d);
void gen_cmc(DisasContext *s, X86Decoded *d);
void gen_clc_stc(DisasContext *s, X86Decoded *d);
void gen_cld_std(DisasContext *s, X86Decoded *d);
void gen_nop(DisasContext *s, X86Decoded *d);
void gen_jcc(DisasContext *s, X86Decoded *d);
void gen_jmp(DisasContext *s, X86Decoded *d);
void gen_call(DisasContext *s, X86Decoded *d);
void gen_ret(DisasContext *s, X86Decoded *d);
void gen_jmp_ind(DisasContext *s, X86Decoded *d);
void gen_call_ind(DisasContext *s, X86Decoded *d);
void gen_loop(DisasContext *s, X86Decoded *d);
void gen_jcxz(DisasContext *s, X86Decoded *d);
void gen_far_jmp(DisasContext *s, X86Decoded *d);
void gen_far_call(DisasContext *s, X86Decoded *d);
void gen_far_ret(DisasContext *s, X86Decoded *d);
void gen_iret(DisasContext *s, X86Decoded *d);
void gen_enter(DisasContext *s, X86Decoded *d);
void gen_leave(DisasContext *s, X86Decoded *d);
void gen_push(DisasContext *s, X86Decoded *d);
void gen_pop(DisasContext *s, X86Decoded *d);
void gen_pusha(DisasContext *s, X86Decoded *d);
void gen_popa(DisasContext *s, X86Decoded *d);
void gen_pushf(DisasContext *s, X86Decoded *d);
void gen_popf(DisasContext *s, X86Decoded *d);
void gen_push_seg(DisasContext *s, X86Decoded *d);
void gen_pop_seg(DisasContext *s, X86Decoded *d);
void gen_mov_seg(DisasContext *s, X86Decoded *d);
void gen_load_far_ptr(DisasContext *s, X86Decoded *d);
void gen_string(DisasContext *s, X86Decoded *d);
void gen_xlat(DisasContext *s, X86Decoded *d);
void gen_int3(DisasContext *s, X86Decoded *d);
void gen_int(DisasContext *s, X86Decoded *d);
void gen_into(DisasContext *s, X86Decoded *d);
void gen_bound(DisasContext *s, X86Decoded *d);
void gen_ud(DisasContext *s, X86Decoded *d);
void gen_priv(DisasContext *s, X86Decoded *d);
void gen_cpuid(DisasContext *s, X86Decoded *d);
void gen_rdtsc(DisasContext *s, X86Decoded *d);
void gen_sysenter(DisasContext *s, X86Decoded *d);
void gen_mov_crdr(DisasContext *s, X86Decoded *d);
void gen_seg_query(DisasContext *s, X86Decoded *d);
void gen_store_sysreg(DisasContext *s, X86Decoded *d);
void gen_arpl(DisasContext *s, X86Decoded *d);
void gen_x87_escape(DisasContext *s, X86Decoded *d);
void gen_sse_escape(DisasContext *s, X86Decoded *d);
void gen_fwait(DisasContext *s, X86Decoded *d);
void gen_icebp(DisasContext *s, X86Decoded *d);

#endif
