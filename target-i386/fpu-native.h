/*
 * Running one guest x87/MMX/SSE instruction on the host CPU (x86-64 executes
 * the same encodings with the same results, flags and exceptions). Private to
 * the x87/SSE helpers; fpu_native.c holds the stub tables and the asm glue.
 */
#ifndef TARGET_I386_FPU_NATIVE_H
#define TARGET_I386_FPU_NATIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "target-i386/fpu-state.h"

/*
 * Stubs: each is one instruction followed by ret. Register operands are
 * renumbered: ModRM.reg names xmm0 / mm0 / eax, ModRM.rm names xmm1 / mm1 /
 * ecx, and a memory operand is [rdi] (a host buffer).
 */
/* x87: the guest's own D8..DF ModRM byte; memory forms become [rdi]. */
const void *x86_x87_stub(unsigned b, unsigned modrm);
/* FLDENV/FNSTENV/FRSTOR/FNSAVE with a 16-bit operand size (66 prefix). */
const void *x86_x87_o16_stub(unsigned b, unsigned reg);

/* Mandatory prefix classes of the 0F maps. */
enum { SSE_PFX_NONE, SSE_PFX_66, SSE_PFX_F3, SSE_PFX_F2 };
/* 0F op (mem: [rdi] form, else ModRM 0xc1). */
const void *x86_sse_stub(unsigned pfx, unsigned op, bool mem);
/* 0F 38 op, prefix none or 66 only. */
const void *x86_sse38_stub(unsigned pfx, unsigned op, bool mem);
/* 0F C2 /r ib (cmpps/cmppd/cmpss/cmpsd) with predicate imm & 7. */
const void *x86_sse_cmp_stub(unsigned pfx, unsigned imm, bool mem);

/*
 * Run an x87 stub with the guest's x87 state (fpu's FCW..ST7; MXCSR and XMM
 * untouched). *eax is the guest AX in and out (fnstsw ax); *eflags the guest
 * arithmetic flags in (fcmov) and out (fcomi). mem is the [rdi] buffer.
 */
void x86_native_x87(X86FPUState *fpu, const void *stub, void *mem, uint32_t *eax,
                    uint32_t *eflags);

/*
 * Load fpu's x87 state (FCW..ST7; not MXCSR, not XMM) into the host unit and
 * leave it there (fpu_live.c: the guest's state held by the host).
 */
void x86_native_x87_load(const X86FPUState *fpu);

/* Operands of an MMX/SSE stub: xmm0/xmm1, mm0/mm1, eax/ecx, flags, MXCSR. */
typedef struct X86NativeSSE {
    X86XMMReg x[2];
    uint64_t mm[2];
    uint32_t gpr[2];
    uint32_t eflags;            /* out: after comiss and friends */
    uint32_t mxcsr;             /* in: the MXCSR to run under (load_mxcsr); out */
} X86NativeSSE;

/*
 * Run an SSE stub; with mmx, mm0/mm1 are loaded and saved too (then emms).
 * With load_mxcsr it runs under r->mxcsr, else under the host's MXCSR as it
 * is; r->mxcsr is the MXCSR after the instruction either way.
 */
void x86_native_sse(X86NativeSSE *r, const void *stub, void *mem, bool mmx, bool load_mxcsr);
static inline uint32_t x86_host_mxcsr(void)
{
    uint32_t v;

    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}
/*
 * The common case: xmm0 = *d, xmm1 = *src (16 bytes readable), ecx = the first
 * dword of *src and [rdi] = src, under the host's MXCSR; *d = xmm0 after.
 * Returns the MXCSR after.
 */
uint32_t x86_native_sse_xx(X86XMMReg *d, const void *src, const void *stub);

#endif
