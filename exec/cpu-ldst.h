/*
 * Guest memory access from C helpers (string ops, fxsave, signal frames...).
 * ra is the helper's GETPC() (0 outside generated code): a fault restores the
 * guest state of the instruction at ra and raises the guest exception (system
 * mode) or the guest signal (user mode). Little-endian and big-endian forms.
 */
#ifndef EXEC_CPU_LDST_H
#define EXEC_CPU_LDST_H

#include <stdint.h>

#include "exec/cpu.h"

uint32_t cpu_ldub_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra);
uint32_t cpu_lduw_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra);
uint32_t cpu_ldl_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra);
uint64_t cpu_ldq_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra);
uint32_t cpu_lduw_be_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra);
uint32_t cpu_ldl_be_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra);
uint64_t cpu_ldq_be_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra);
void cpu_stb_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra);
void cpu_stw_le_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra);
void cpu_stl_le_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra);
void cpu_stq_le_data_ra(CPUState *cpu, uint64_t addr, uint64_t val, uintptr_t ra);
void cpu_stw_be_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra);
void cpu_stl_be_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra);
void cpu_stq_be_data_ra(CPUState *cpu, uint64_t addr, uint64_t val, uintptr_t ra);

/*
 * Publish ra (0: clear it) as the helper's return address for the SIGSEGV
 * handler, around a helper's own access of cpu_user_host_addr memory. The
 * handler reads helper_retaddr, so the compiler must neither drop nor move
 * these stores across the access (to it they look dead: the field is cleared
 * again right after, and the access cannot alias it).
 */
static inline void cpu_set_helper_retaddr(CPUState *cpu, uintptr_t ra)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(&cpu->helper_retaddr, ra, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/*
 * User mode: the host address of guest address addr (guest_base + addr).
 * Atomic helpers (cmpxchg8b, locked ops done in C) use it with host atomics,
 * between cpu_set_helper_retaddr(cpu, GETPC()) and cpu_set_helper_retaddr(cpu, 0).
 */
void *cpu_user_host_addr(CPUState *cpu, uint64_t addr);

/*
 * For a translator looking ahead at code it will not necessarily translate:
 * copy size bytes of guest code at addr to buf when every page holding them
 * is executable (user mode with page_prot only). Never faults; false: no.
 * The block being translated does not cover those bytes, so a later write
 * to them does not invalidate it.
 */
bool cpu_peek_code(CPUState *cpu, uint64_t addr, void *buf, unsigned size);

#endif
