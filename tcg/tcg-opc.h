/*
 * The TCG IR: every op, declared once. tcg/README gives each op's semantics.
 * DEF(name, outputs, inputs, constant args, flags). Each op instance carries a
 * type (TCG_TYPE_I32 or TCG_TYPE_I64) that sets the width of all its operands
 * unless the op's entry says otherwise (the ext*_i32_i64 / extr* conversions).
 * Include this file with DEF defined; it is undefined at the end.
 */

/* Markers and control flow. */
DEF(nop, 0, 0, 0, TCG_OPF_NOT_PRESENT)                     /* a removed op */
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
DEF(call, 0, 0, 0, TCG_OPF_CALL | TCG_OPF_NOT_PRESENT)   /* variable arity */
DEF(br, 0, 0, 1, TCG_OPF_BB_END)
DEF(brcond, 0, 2, 2, TCG_OPF_BB_END | TCG_OPF_COND_BRANCH)   /* cond, label */
DEF(mb, 0, 0, 1, 0)                                        /* TCG_MO_* | TCG_BAR_* */
DEF(insn_start, 0, 0, TCG_INSN_START_WORDS, TCG_OPF_NOT_PRESENT)
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)     /* slot 0 or 1 */
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)     /* tb ptr | slot */
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
DEF(loop_back, 0, 0, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)   /* to the block's own start */
DEF(goto_lookup, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)  /* pc: jump cache, then lookup */

/* Moves. */
DEF(mov, 1, 1, 0, TCG_OPF_NOT_PRESENT)
DEF(movi, 1, 0, 1, TCG_OPF_NOT_PRESENT)

/* Comparisons. */
DEF(setcond, 1, 2, 1, 0)            /* cond */
DEF(movcond, 1, 4, 1, 0)            /* ret = c1 cond c2 ? v1 : v2 */

/* Host memory relative to a host pointer (normally env): base, offset. */
DEF(ld8u, 1, 1, 1, 0)
DEF(ld8s, 1, 1, 1, 0)
DEF(ld16u, 1, 1, 1, 0)
DEF(ld16s, 1, 1, 1, 0)
DEF(ld32u, 1, 1, 1, 0)
DEF(ld32s, 1, 1, 1, 0)
DEF(ld, 1, 1, 1, 0)                 /* full width of the op type */
DEF(st8, 0, 2, 1, 0)
DEF(st16, 0, 2, 1, 0)
DEF(st32, 0, 2, 1, 0)
DEF(st, 0, 2, 1, 0)

/* Arithmetic. */
DEF(add, 1, 2, 0, 0)
DEF(sub, 1, 2, 0, 0)
DEF(neg, 1, 1, 0, 0)
DEF(mul, 1, 2, 0, 0)
DEF(div, 1, 2, 0, 0)
DEF(divu, 1, 2, 0, 0)
DEF(rem, 1, 2, 0, 0)
DEF(remu, 1, 2, 0, 0)
DEF(muls2, 2, 2, 0, 0)              /* lo, hi = a * b (signed, double width) */
DEF(mulu2, 2, 2, 0, 0)
DEF(mulsh, 1, 2, 0, 0)              /* high half of the signed product */
DEF(muluh, 1, 2, 0, 0)
DEF(add2, 2, 4, 0, 0)               /* (rl, rh) = (al, ah) + (bl, bh) */
DEF(sub2, 2, 4, 0, 0)

/* Logic. */
DEF(and, 1, 2, 0, 0)
DEF(or, 1, 2, 0, 0)
DEF(xor, 1, 2, 0, 0)
DEF(not, 1, 1, 0, 0)
DEF(andc, 1, 2, 0, 0)
DEF(orc, 1, 2, 0, 0)
DEF(eqv, 1, 2, 0, 0)
DEF(nand, 1, 2, 0, 0)
DEF(nor, 1, 2, 0, 0)

/* Shifts and rotates: the count is taken modulo the width. */
DEF(shl, 1, 2, 0, 0)
DEF(shr, 1, 2, 0, 0)
DEF(sar, 1, 2, 0, 0)
DEF(rotl, 1, 2, 0, 0)
DEF(rotr, 1, 2, 0, 0)

/* Extensions within one width. */
DEF(ext8s, 1, 1, 0, 0)
DEF(ext8u, 1, 1, 0, 0)
DEF(ext16s, 1, 1, 0, 0)
DEF(ext16u, 1, 1, 0, 0)
DEF(ext32s, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext32u, 1, 1, 0, TCG_OPF_64BIT)

/* Conversions between widths (the op type is the output's). */
DEF(ext_i32_i64, 1, 1, 0, TCG_OPF_64BIT)     /* sign-extend i32 -> i64 */
DEF(extu_i32_i64, 1, 1, 0, TCG_OPF_64BIT)    /* zero-extend i32 -> i64 */
DEF(extrl_i64_i32, 1, 1, 0, 0)               /* low half of an i64 */
DEF(extrh_i64_i32, 1, 1, 0, 0)               /* high half of an i64 */

/* Bit fields: pos, len constants with 0 < len, pos + len <= width. */
DEF(extract, 1, 1, 2, 0)
DEF(sextract, 1, 1, 2, 0)
DEF(deposit, 1, 2, 2, 0)            /* ret = a with b's low len bits at pos */

/* Byte swaps: the result is zero-extended to the op width. */
DEF(bswap16, 1, 1, 0, 0)
DEF(bswap32, 1, 1, 0, 0)
DEF(bswap64, 1, 1, 0, TCG_OPF_64BIT)

/* Bit counts: clz/ctz give their second input when the first is zero. */
DEF(clz, 1, 2, 0, 0)
DEF(ctz, 1, 2, 0, 0)
DEF(ctpop, 1, 1, 0, 0)

/* Guest memory: value, 32-bit guest address; constant = MemOpIdx. */
DEF(qemu_ld, 1, 1, 2, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS)    /* $oi, $disp */
DEF(qemu_st, 0, 2, 2, TCG_OPF_CALL_CLOBBER | TCG_OPF_SIDE_EFFECTS)

/* Floating point on values in host memory (tcg/fp.h: kinds; README: semantics). */
DEF(fp_sync, 0, 1, 1, 0)            /* base; offset of a u32: host MXCSR flags &= it */
DEF(fp_flags_or, 0, 1, 1, 0)        /* base; offset of a u32 |= host MXCSR flags */
DEF(fp_sse, 0, 1, 3, 0)             /* base; kind, dst offset, src offset */
DEF(fp_sse_r, 1, 1, 3, TCG_OPF_SIDE_EFFECTS)   /* i32 r; base; kind, a ofs, b ofs */
DEF(fp_sse_m, 0, 2, 3, TCG_OPF_SIDE_EFFECTS)   /* base, guest addr; kind, dst ofs, disp */
DEF(fp_st_m, 0, 2, 3, TCG_OPF_SIDE_EFFECTS)    /* base, guest addr; bytes, src ofs, disp */
DEF(fp_align, 0, 2, 2, TCG_OPF_SIDE_EFFECTS)   /* base, guest addr; mask, fault fn */

/* The host's x87 unit (tcg/x87.h; README: "Host x87"): one instruction each. */
DEF(x87, 0, 0, 2, TCG_OPF_SIDE_EFFECTS)        /* insn, stub */
DEF(x87_m, 0, 1, 2, TCG_OPF_SIDE_EFFECTS)      /* guest addr; insn, stub */
DEF(x87_r, 1, 0, 2, TCG_OPF_SIDE_EFFECTS)      /* i32 r; insn, stub */
DEF(x87_cmov, 0, 1, 2, TCG_OPF_SIDE_EFFECTS)   /* i32 c; insn, stub */

#undef DEF
