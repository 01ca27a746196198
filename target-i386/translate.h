/*
 * Translation context of the i386 front end (guest insns -> TCG IR) and the
 * entry points shared by the integer decoder (translate*.c, decode*.c) and the
 * x87/MMX/SSE translators (translate-fpu.c, translate-sse.c).
 */
#ifndef TARGET_I386_TRANSLATE_H
#define TARGET_I386_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/translation-block.h"
#include "target-i386/cpu.h"
#include "tcg/tcg-op.h"

/* Prefix bits in DisasContext.prefix. */
enum {
    PREFIX_REPZ = 0x01,     /* F3 */
    PREFIX_REPNZ = 0x02,    /* F2 */
    PREFIX_LOCK = 0x04,     /* F0 */
    PREFIX_DATA = 0x08,     /* 66 */
    PREFIX_ADR = 0x10,      /* 67 */
};

/* How the block ends after the current insn (DisasContext.is_jmp). */
typedef enum DisasJumpType {
    DISAS_NEXT,             /* go on translating */
    DISAS_NORETURN,         /* the insn already left the block (exception, goto_tb) */
    DISAS_EOB_NEXT,         /* end the block; continue at the next insn */
    DISAS_JUMP,             /* env->eip holds the target: look it up and jump */
    DISAS_EOB_EXIT,         /* env->eip stored: return to the CPU loop */
} DisasJumpType;

/* The TCG globals naming the CPU state (created once per TCG context). */
typedef struct X86Globals {
    TCGv_i32 regs[8];
    TCGv_i32 cc_op, cc_dst, cc_src, cc_src2;
    TCGv_i32 seg_base[6];
    TCGv_i32 eip;
    TCGv_i32 df;
} X86Globals;

/*
 * Side exits per TB: goto_tb slots 2.. (0 and 1 are the TB's final jump).
 * A TB continues through at most this many not-taken conditional branches.
 */
#define X86_MAX_SIDE_EXITS 2
#define X86_MAX_RAISE_STUBS 8

typedef struct DisasContext {
    TCGContext *tcg;
    TCGv_ptr env;               /* the CPU state pointer in generated code */
    const X86Globals *g;
    CPUState *cpu;
    TranslationBlock *tb;

    uint32_t pc_start;          /* eip of the insn being translated */
    uint32_t pc;                /* eip of the next byte to fetch */
    uint32_t cs_base;
    uint32_t flags;             /* the TB's HF_* flags */

    /* Per insn. */
    int prefix;                 /* PREFIX_* */
    int override;               /* segment override (R_ES..R_GS) or -1 */
    MemOp dflag;                /* operand size: MO_16 or MO_32 */
    MemOp aflag;                /* address size: MO_16 or MO_32 */
    int b;                      /* opcode (0x0f00 | byte for the 0F map) */
    int modrm, mod, reg, rm;    /* decoded ModRM (modrm -1: none) */
    bool ea_base_esp;           /* the last effective address has base ESP */

    /* Lazy flags: the cc_op known at translation time. */
    CCOp cc_op;
    bool cc_op_dirty;           /* cc_op differs from env->cc_op */
    CCOp cc_op_hint;            /* env->cc_op when the TB was translated */
    bool cc_set;                /* the last insn set cc_op: gen_discard_unread_cc */
    unsigned cc_written;        /* CC_RD_* globals written in the TB and not discarded */
    /* With cc_op SUB* set by sub/cmp in this TB: cc_srcT holds the first
     * operand (= cc_dst + cc_src), so jb/jl/... compare it directly. */
    TCGv_i32 cc_srcT;
    bool cc_srcT_valid;

    /* x87 (translate-fpu.c): the state is in the host unit at this point of
     * the block; FIP.. fields (bit X87_PTR_*) already stored as zero. */
    bool x87_live;
    unsigned x87_zeroed;

    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
    uint32_t page_end;          /* eip + cs_base of the first byte past the TB's page */
    /* Code fetch: the guest page (linear) at code_page was found executable
     * by a checked fetch; its bytes are read at code_host (user mode). */
    const uint8_t *code_host;
    uint32_t code_page;

    /* Conditional branches the TB continues past: taken -> exit stub at the end. */
    int nb_side_exits;
    struct {
        TCGLabel *label;
        uint32_t eip;
        int cc_op;              /* to store on the way out, or -1 */
    } side_exit[X86_MAX_SIDE_EXITS];
    /* Exceptions an insn raises from a stub at the TB's end (gen_raise_stub). */
    int nb_raise_stubs;
    struct {
        TCGLabel *label;
        uint32_t eip;
        int cc_op;              /* to store first, or -1 */
        int excp;
    } raise_stub[X86_MAX_RAISE_STUBS];
    int mem_index;              /* MMU index of guest accesses (0 in user mode) */

    /* Scratch for the decoder: effective address, operand values. */
    TCGv_i32 A0;
    TCGv_i32 T0, T1;
} DisasContext;

/* Instruction bytes, consumed at s->pc (advancing it). */
uint8_t x86_ldub_code_slow(DisasContext *s);

/* The next instruction byte: from the page already checked, else checked. */
static inline uint8_t x86_ldub_code(DisasContext *s)
{
    uint32_t a = s->cs_base + s->pc;

    if (__builtin_expect(s->code_host && a - s->code_page < (1u << TARGET_PAGE_BITS), 1)) {
        s->pc++;
        return s->code_host[a - s->code_page];
    }
    return x86_ldub_code_slow(s);
}

uint16_t x86_lduw_code(DisasContext *s);
uint32_t x86_ldl_code(DisasContext *s);

/*
 * Effective address of a memory ModRM (mod != 3), reading the SIB byte and
 * displacement that follow, with the segment base (default or override)
 * added. Returns a temporary valid until the end of the insn.
 */
TCGv_i32 gen_lea_modrm(DisasContext *s, int modrm);
/* Same but without the segment base (lea). */
TCGv_i32 gen_lea_modrm_nobase(DisasContext *s, int modrm);
/* addr + the base of segment `def` or of the override prefix, if any. */
TCGv_i32 gen_add_seg_base(DisasContext *s, TCGv_i32 addr, int def);
/* The TB flags say segment seg has a null selector (its use is #GP(0)). */
bool gen_seg_is_null(DisasContext *s, int seg);
/* addr + the base of segment seg (no override, no null check; nothing if flat). */
void gen_add_seg_base_of(DisasContext *s, TCGv_i32 addr, int seg);

/* Guest memory through the front end's MMU index; ot may carry MO_SIGN. */
void gen_ld(DisasContext *s, MemOp ot, TCGv_i32 val, TCGv_i32 addr);
void gen_st(DisasContext *s, MemOp ot, TCGv_i32 val, TCGv_i32 addr);
void gen_ld_i64(DisasContext *s, TCGv_i64 val, TCGv_i32 addr);
void gen_st_i64(DisasContext *s, TCGv_i64 val, TCGv_i32 addr);

/* General registers by number; byte regs 4-7 are AH CH DH BH. */
void gen_op_mov_v_reg(DisasContext *s, MemOp ot, TCGv_i32 val, int reg);
void gen_op_mov_reg_v(DisasContext *s, MemOp ot, int reg, TCGv_i32 val);

/* Raise exception excp at the current insn (eip stored) and end the block. */
void gen_exception(DisasContext *s, int excp);
/* #UD for the current insn. */
void gen_illegal_opcode(DisasContext *s);

/* Store env->cc_op if the translator's copy is newer (before helpers that
 * read the flags or may fault). */
void gen_update_cc_op(DisasContext *s);
/* Store the current insn's eip in env->eip. */
void gen_update_eip_cur(DisasContext *s);
/* Continue the TB past a conditional branch to `taken` (false: no room). */
bool gen_side_exit(DisasContext *s, TCGLabel *taken, uint32_t eip);
TCGLabel *gen_raise_stub(DisasContext *s, int excp);
/* Set CF PF AF ZF SF OF to the corresponding bits of flags (fcomi, comiss). */
void gen_set_arith_flags(DisasContext *s, TCGv_i32 flags);
/* The arithmetic flags into dst (CC_* bits), computing them if lazy. */
void gen_compute_eflags(DisasContext *s, TCGv_i32 dst);

/* Helper calls with the env pointer as first argument. */
void gen_call_env(DisasContext *s, const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                  TCGTemp **args);

/*
 * Hooks of the x87/SSE translators, called by the decoder tables:
 * gen_x87 for D8..DF (ModRM already read, passed in); gen_sse for the 0F map
 * MMX/SSE opcodes, 0F 77 (emms) and 0F AE (fxsave... fences); it reads its own
 * ModRM and immediates with x86_ldub_code. Both raise #UD for what they do not
 * implement.
 */
void gen_x87(DisasContext *s, int b, int modrm);
void gen_sse(DisasContext *s, int b);
/* 9B fwait: #MF if an unmasked x87 exception is pending. */
void gen_x87_fwait(DisasContext *s);
/* Before anything reading or writing the x87 state in env (MMX, fxsave):
 * bring it back from the host unit if the block put it there. */
void gen_x87_to_env(DisasContext *s);

#endif
