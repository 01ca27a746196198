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
 * After every change of the guest's MXCSR: update HF_SSE_HOSTFP_MASK and clear
 * the host's flags the guest no longer has (so host flags stay a subset of the
 * guest's, and OR-ing the host's flags after an inline op gives the guest's).
 */
void x86_fpu_mxcsr_changed(CPUX86State *env);
/* Raise #MF (vector 16) at the insn of ra if FSW.ES is set. */
void x86_fpu_check_pending(CPUX86State *env, uintptr_t ra);

#endif
