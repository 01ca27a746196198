/*
 * The two-byte opcode map, 0F xx (SDM vol. 2D, table A-3), with its groups.
 * MMX/SSE rows escape to the SSE translator (gen_sse), which decodes them.
 */
#include "target-i386/decode.h"
#include "target-i386/cpu-internal.h"

#define LK X86_LOCK

/* Group 6 (0F 00): sldt str lldt ltr verr verw. */
static const X86OpEntry grp6[8] = {
    X1(gen_store_sysreg, Ev, 3, 0), X1(gen_store_sysreg, Ev, 4, 0), X0(gen_priv, 0, 0),
    X0(gen_priv, 0, 0), X1(gen_seg_query, Ew, X86_SEGQ_VERR, 0),
    X1(gen_seg_query, Ew, X86_SEGQ_VERW, 0), UD, UD,
};

/* Group 7 (0F 01), memory forms; the register forms (mod 3) are #UD on a P6. */
static const X86OpEntry grp7[16] = {
    X1(gen_store_sysreg, Ms, 0, 0), X1(gen_store_sysreg, Ms, 1, 0), X0(gen_priv, 0, 0),
    X0(gen_priv, 0, 0), X1(gen_store_sysreg, Ev, 2, 0), UD, X0(gen_priv, 0, 0),
    X0(gen_priv, 0, 0),
    UD, UD, UD, UD, X1(gen_store_sysreg, Ev, 2, 0), UD, X0(gen_priv, 0, 0), UD,
};

/* Group 8 (0F BA): bt/bts/btr/btc Ev,Ib. */
static const X86OpEntry grp8[8] = {
    UD, UD, UD, UD, X0(gen_bt, 0, 0), X0(gen_bt, 1, LK), X0(gen_bt, 2, LK), X0(gen_bt, 3, LK),
};

/* Group 9 (0F C7): cmpxchg8b Mq. */
static const X86OpEntry grp9[8] = {
    UD, X1(gen_cmpxchg8b, Mq, 0, LK), UD, UD, UD, UD, UD, UD,
};


#define CMOV(cc) X2(gen_cmov, Gv, Ev, cc, 0)
#define JCC(cc) X1(gen_jcc, Jz, cc, 0)
#define SETCC(cc) X1(gen_setcc_rm, Eb, cc, 0)
/* Hint NOPs never access memory: no segment checks on their operand. */
#define NOPEV X1(gen_nop, Ev, 0, X86_LEA)
/* MMX/SSE opcodes: the SSE translator reads its own ModRM and immediates. */
#define SSE X0(gen_sse_escape, 0, 0)

const X86OpEntry x86_twobyte_map[256] = {
    /* 00 */ GRP(grp6, NOP_, NOP_), GRPM3(grp7), X2(gen_seg_query, Gv, Ew, X86_SEGQ_LAR, 0),
    X2(gen_seg_query, Gv, Ew, X86_SEGQ_LSL, 0), UD, UD, X0(gen_priv, 0, 0), UD,
    /* 08 */ X0(gen_priv, 0, 0), X0(gen_priv, 0, 0), UD, X0(gen_ud, 0, 0), UD, NOPEV, UD, UD,
    /* 10 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* 18 */ NOPEV, NOPEV, NOPEV, NOPEV, NOPEV, NOPEV, NOPEV, NOPEV,  /* prefetch, hint NOPs */
    /* 20 */ X0(gen_mov_crdr, 0, X86_MODRM | X86_NOLEA), X0(gen_mov_crdr, 0, X86_MODRM | X86_NOLEA),
    X0(gen_mov_crdr, 0, X86_MODRM | X86_NOLEA), X0(gen_mov_crdr, 0, X86_MODRM | X86_NOLEA), UD,
    UD, UD, UD,
    /* 28 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* 30 */ X0(gen_priv, 0, 0), X0(gen_rdtsc, 0, 0), X0(gen_priv, 0, 0), X0(gen_priv, 0, 0),
    X0(gen_sysenter, 0, 0), X0(gen_priv, 0, 0), UD, UD,
    /* 38 */ SSE, UD, SSE, UD, UD, UD, UD, UD,
    /* 40 */ CMOV(0), CMOV(1), CMOV(2), CMOV(3), CMOV(4), CMOV(5), CMOV(6), CMOV(7),
    /* 48 */ CMOV(8), CMOV(9), CMOV(10), CMOV(11), CMOV(12), CMOV(13), CMOV(14), CMOV(15),
    /* 50 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* 58 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* 60 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* 68 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* 70 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,     /* 77: emms */
    /* 78 */ UD, UD, UD, UD, SSE, SSE, SSE, SSE,
    /* 80 */ JCC(0), JCC(1), JCC(2), JCC(3), JCC(4), JCC(5), JCC(6), JCC(7),
    /* 88 */ JCC(8), JCC(9), JCC(10), JCC(11), JCC(12), JCC(13), JCC(14), JCC(15),
    /* 90 */ SETCC(0), SETCC(1), SETCC(2), SETCC(3), SETCC(4), SETCC(5), SETCC(6), SETCC(7),
    /* 98 */ SETCC(8), SETCC(9), SETCC(10), SETCC(11), SETCC(12), SETCC(13), SETCC(14),
    SETCC(15),
    /* A0 */ X1(gen_push_seg, SEG(R_FS), 0, 0), X1(gen_pop_seg, SEG(R_FS), 0, 0),
    X0(gen_cpuid, 0, 0), X2(gen_bt, Ev, Gv, 0, 0), X3(gen_shiftd, Ev, Gv, Ib, 0, 0),
    X3(gen_shiftd, Ev, Gv, CL, 0, 0), UD, UD,
    /* A8 */ X1(gen_push_seg, SEG(R_GS), 0, 0), X1(gen_pop_seg, SEG(R_GS), 0, 0),
    UD, X2(gen_bt, Ev, Gv, 1, LK), X3(gen_shiftd, Ev, Gv, Ib, 1, 0),
    X3(gen_shiftd, Ev, Gv, CL, 1, 0), SSE, X2(gen_imul3, Gv, Ev, 0, 0),
    /* B0 */ X2(gen_cmpxchg, Eb, Gb, 0, LK), X2(gen_cmpxchg, Ev, Gv, 0, LK),
    X2(gen_load_far_ptr, Gv, Mp, R_SS, 0), X2(gen_bt, Ev, Gv, 2, LK),
    X2(gen_load_far_ptr, Gv, Mp, R_FS, 0), X2(gen_load_far_ptr, Gv, Mp, R_GS, 0),
    X2(gen_movx, Gv, Eb, 0, 0), X2(gen_movx, Gv, Ew, 0, 0),
    /* B8 */ UD, X0(gen_ud, 0, X86_MODRM), GRP(grp8, Ev, Ib), X2(gen_bt, Ev, Gv, 3, LK),
    X2(gen_bsf, Gv, Ev, 0, 0), X2(gen_bsr, Gv, Ev, 0, 0), X2(gen_movx, Gv, Eb, 1, 0),
    X2(gen_movx, Gv, Ew, 1, 0),
    /* C0 */ X2(gen_xadd, Eb, Gb, 0, LK), X2(gen_xadd, Ev, Gv, 0, LK), SSE, SSE, SSE, SSE, SSE,
    GRP(grp9, NOP_, NOP_),
    /* C8 */ X1(gen_bswap, Zv, 0, 0), X1(gen_bswap, Zv, 0, 0), X1(gen_bswap, Zv, 0, 0),
    X1(gen_bswap, Zv, 0, 0), X1(gen_bswap, Zv, 0, 0), X1(gen_bswap, Zv, 0, 0),
    X1(gen_bswap, Zv, 0, 0), X1(gen_bswap, Zv, 0, 0),
    /* D0 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* D8 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* E0 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* E8 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* F0 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, SSE,
    /* F8 */ SSE, SSE, SSE, SSE, SSE, SSE, SSE, X0(gen_ud, 0, X86_MODRM),
};
