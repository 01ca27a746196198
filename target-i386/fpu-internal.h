/*
 * Shared by the x87 and SSE helpers: guest memory to and from host buffers,
 * and the pending-x87-exception check (#MF) of waiting instructions.
 */
#ifndef TARGET_I386_FPU_INTERNAL_H
#define TARGET_I386_FPU_INTERNAL_H

#include "target-i386/cpu.h"

void x86_fpu_read_buf(CPUState *cpu, uint32_t addr, uint8_t *buf, unsigned n, uintptr_t ra);
void x86_fpu_write_buf(CPUState *cpu, uint32_t addr, const uint8_t *buf, unsigned n,
                       uintptr_t ra);
/*
 * TB flag kept by the SSE code in env->hflags (x86_update_hflags leaves it):
 * the guest's MXCSR control bits are 0x1f80 (round to nearest, all exceptions
 * masked, no FTZ/DAZ) like the host's, so FP instructions can run inline
 * under the host's MXCSR (translate-sse.c).
 */
#define HF_SSE_HOSTFP_MASK (1u << 16)
/*
 * TB flags kept by the x87 code in env->hflags (fpu_live.c): the guest's x87
 * state is in the host's x87 unit (else in env->fpu); the guest's FCW may
 * unmask an exception, so x87 instructions may raise #MF (set whenever it
 * does; recomputed by x86_fpu_fcw_changed).
 */
#define HF_X87_LIVE_MASK (1u << 17)
#define HF_X87_UNMASKED_MASK (1u << 18)
/*
 * What the host does to FIP, FCS, FOP, FDP and FDS on a non-control x87
 * instruction with a memory operand (mem) and without (reg): keep them, zero
 * them, or set them to its own (for the guest: the guest's values).
 */
enum { X87_PTR_KEEP, X87_PTR_ZERO, X87_PTR_GUEST };
enum { X87_PTR_FIP, X87_PTR_FCS, X87_PTR_FOP, X87_PTR_FDP, X87_PTR_FDS, X87_PTR_N };
typedef struct X87PtrPolicy {
    uint8_t mem[X87_PTR_N], reg[X87_PTR_N];
} X87PtrPolicy;
const X87PtrPolicy *x86_x87_ptr_policy(void);
/* After a change of env->fpu.fcw made in C: recompute HF_X87_UNMASKED_MASK. */
void x86_fpu_fcw_changed(CPUX86State *env);
/* The host unit's state is no longer wanted (env is about to be replaced). */
void x86_fpu_discard(CPUX86State *env);
/*
 * After every change of the guest's MXCSR: update HF_SSE_HOSTFP_MASK and clear
 * the host's flags the guest no longer has (so host flags stay a subset of the
 * guest's, and OR-ing the host's flags after an inline op gives the guest's).
 */
void x86_fpu_mxcsr_changed(CPUX86State *env);
/* Raise #MF (vector 16) at the insn of ra if FSW.ES is set. */
void x86_fpu_check_pending(CPUX86State *env, uintptr_t ra);

#endif
