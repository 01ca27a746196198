/*
 * Helpers of the i386 integer front end, one line each (see tcg/helper-gen.h):
 * DEF_HELPER_<nargs>(name, TCG_CALL_* flags, result, argument types...).
 */

/* Lazy flags (cc_helper.c). */
DEF_HELPER_4(cc_compute_all, TCG_CALL_NO_RWG_SE, i32, i32, i32, i32, i32)
DEF_HELPER_4(cc_compute_c, TCG_CALL_NO_RWG_SE, i32, i32, i32, i32, i32)

/* Multiply/divide, rotates, double shifts, BCD (int_helper.c). */
DEF_HELPER_3(div, 0, void, env, i32, i32)
DEF_HELPER_3(idiv, 0, void, env, i32, i32)
DEF_HELPER_4(rotate, 0, i32, env, i32, i32, i32)
DEF_HELPER_5(shiftd, 0, i32, env, i32, i32, i32, i32)
DEF_HELPER_2(bcd, 0, void, env, i32)

/* Misc (misc_helper.c). */
DEF_HELPER_1(cpuid, 0, void, env)
DEF_HELPER_1(rdtsc, 0, void, env)
DEF_HELPER_3(raise_exception, 0, void, env, i32, i32)
DEF_HELPER_3(load_seg, 0, void, env, i32, i32)
DEF_HELPER_3(write_eflags, 0, void, env, i32, i32)
DEF_HELPER_1(read_eflags, 0, i32, env)
DEF_HELPER_3(far_jump, 0, void, env, i32, i32)
DEF_HELPER_4(seg_query, 0, i32, env, i32, i32, i32)

/* String instructions (string_helper.c); arg = X86StrOp bits. */
DEF_HELPER_2(string_op, 0, void, env, i32)

/* Atomic read-modify-write (atomic_helper.c); arg = X86AtomicOp bits. */
DEF_HELPER_4(atomic_rmw, TCG_CALL_NO_WG, i32, env, i32, i32, i32)
DEF_HELPER_5(atomic_cmpxchg, TCG_CALL_NO_WG, i32, env, i32, i32, i32, i32)
DEF_HELPER_2(cmpxchg8b, 0, void, env, i32)

#include "target-i386/helper-fpu.h"
