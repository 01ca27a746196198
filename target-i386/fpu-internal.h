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
/* Raise #MF (vector 16) at the insn of ra if FSW.ES is set. */
void x86_fpu_check_pending(CPUX86State *env, uintptr_t ra);

#endif
