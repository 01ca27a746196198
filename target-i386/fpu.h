/*
 * x87/MMX/SSE state of the i386 CPU as the rest of emu sees it: reset, the
 * FSAVE (32-bit protected-mode, 108 bytes) and FXSAVE (512 bytes) images for
 * signal frames and debuggers, and printing/comparing for dumps and cosim.
 */
#ifndef TARGET_I386_FPU_H
#define TARGET_I386_FPU_H

#include <stdint.h>
#include <stdio.h>

#include "target-i386/cpu.h"

/*
 * The guest's x87 state may be held by the host's x87 unit while generated
 * code runs (fpu_live.c). x86_fpu_sync brings it back into env->fpu (and
 * leaves the host unit initialised); the functions below do it themselves,
 * except x86_fpu_dump (x86_fpu_read) and x86_fpu_compare, which compares the
 * images as they are.
 * x86_fpu_capture does the same from a host signal context's FXSAVE image
 * (uc_mcontext.fpregs), for a handler that leaves by longjmp.
 */
void x86_fpu_sync(CPUX86State *env);
/* A copy of the state with the x87 part as it is now, leaving it where it is
 * (for dumps between finding a block and running it). */
void x86_fpu_read(const CPUX86State *env, X86FPUState *out);
void x86_fpu_capture(CPUX86State *env, const void *fxsave_image);

/* FNINIT plus MXCSR = 0x1f80 and the XMM registers cleared (power-on state). */
void x86_fpu_reset(CPUX86State *env);

/* The state as FNSAVE (108 bytes; it does not reinitialise env) and FRSTOR. */
void x86_fpu_fsave(CPUX86State *env, uint8_t buf[108]);
void x86_fpu_frstor(CPUX86State *env, const uint8_t buf[108]);

/* The state as FXSAVE / FXRSTOR (512 bytes; bytes 288-511 left as they are by
 * fxsave). fxrstor ignores reserved MXCSR bits instead of faulting. */
void x86_fpu_fxsave(CPUX86State *env, uint8_t buf[512]);
void x86_fpu_fxrstor(CPUX86State *env, const uint8_t buf[512]);

/* TOP and the full 2-bit tag word (SDM 8.1.7) derived from the state. */
unsigned x86_fpu_top(const X86FPUState *fpu);
uint16_t x86_fpu_tag_word(const X86FPUState *fpu);

/* Print the x87/SSE registers (info registers, -d cpu). */
void x86_fpu_dump(const CPUX86State *env, FILE *f);
/* Number of differing x87/SSE registers between a and b, each printed to f. */
int x86_fpu_compare(const CPUX86State *a, const CPUX86State *b, FILE *f);

#endif
