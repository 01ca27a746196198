/*
 * Helper table of the x87, MMX and SSE instructions (see tcg/helper-gen.h);
 * included at the end of target-i386/helper.h.
 */

/* x87 (fpu_helper.c): one instruction on the state in env; op = X87_OP_* bits. */
DEF_HELPER_5(x87, TCG_CALL_NO_WG, i32, env, i32, i32, i32, i32)
/* Moving the x87 state between env and the host unit (fpu_live.c). */
DEF_HELPER_1(x87_enter, TCG_CALL_NO_RWG, void, env)
DEF_HELPER_1(x87_leave, TCG_CALL_NO_RWG, void, env)
DEF_HELPER_2(x87_unmasked, 0, void, env, i32)

/* MMX/SSE (sse_helper.c): desc = SSE_* bits of sse-op.h, aux, address. */
DEF_HELPER_4(sse, 0, i32, env, i32, i32, i32)
/* xmm <- xmm/mem through the stub passed in (ptr): desc, aux, address. */
DEF_HELPER_5(sse_xx, TCG_CALL_NO_WG, void, env, ptr, i32, i32, i32)
DEF_HELPER_1(emms, 0, void, env)
DEF_HELPER_2(ldmxcsr, 0, void, env, i32)
DEF_HELPER_2(fxsave, 0, void, env, i32)
DEF_HELPER_2(fxrstor, 0, void, env, i32)
