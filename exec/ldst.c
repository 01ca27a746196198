/*
 * Guest memory accessors for C helpers (exec/cpu-ldst.h). User mode reads
 * and writes guest_base + addr directly, with helper_retaddr set so that a
 * host fault is attributed to the guest insn that called the helper; system
 * mode goes through the machine's accessors in TBConfig.
 */
#include <string.h>

#include "exec/cpu-ldst.h"
#include "exec/tb-internal.h"

void *cpu_user_host_addr(CPUState *cpu, uint64_t addr)
{
    return (void *)(cpu->tbc->cfg.guest_base + (uint32_t)addr);
}

static uint64_t ldst_bswap(uint64_t v, unsigned size)
{
    switch (size) {
    case 2:
        return __builtin_bswap16(v);
    case 4:
        return __builtin_bswap32(v);
    case 8:
        return __builtin_bswap64(v);
    default:
        return v;
    }
}

static uint64_t cpu_ld(CPUState *cpu, uint64_t addr, MemOp mop, uintptr_t ra)
{
    TBContext *tbc = cpu->tbc;
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t v = 0;

    if (!tbc->cfg.user_mode) {
        return tbc->cfg.mem_read(cpu, addr, make_memop_idx(mop, 0), ra);
    }
    cpu->helper_retaddr = ra;
    memcpy(&v, cpu_user_host_addr(cpu, addr), size);
    cpu->helper_retaddr = 0;
    return mop & MO_BSWAP ? ldst_bswap(v, size) : v;
}

static void cpu_st(CPUState *cpu, uint64_t addr, uint64_t v, MemOp mop, uintptr_t ra)
{
    TBContext *tbc = cpu->tbc;
    unsigned size = 1u << (mop & MO_SIZE);

    if (!tbc->cfg.user_mode) {
        tbc->cfg.mem_write(cpu, addr, v, make_memop_idx(mop, 0), ra);
        return;
    }
    if (mop & MO_BSWAP) {
        v = ldst_bswap(v, size);
    }
    cpu->helper_retaddr = ra;
    memcpy(cpu_user_host_addr(cpu, addr), &v, size);
    cpu->helper_retaddr = 0;
}

uint32_t cpu_ldub_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    return cpu_ld(cpu, addr, MO_UB, ra);
}

uint32_t cpu_lduw_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    return cpu_ld(cpu, addr, MO_LEUW, ra);
}

uint32_t cpu_ldl_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    return cpu_ld(cpu, addr, MO_LEUL, ra);
}

uint64_t cpu_ldq_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    return cpu_ld(cpu, addr, MO_LEUQ, ra);
}

uint32_t cpu_lduw_be_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    return cpu_ld(cpu, addr, MO_BEUW, ra);
}

uint32_t cpu_ldl_be_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    return cpu_ld(cpu, addr, MO_BEUL, ra);
}

uint64_t cpu_ldq_be_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    return cpu_ld(cpu, addr, MO_BEUQ, ra);
}

void cpu_stb_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra)
{
    cpu_st(cpu, addr, val, MO_UB, ra);
}

void cpu_stw_le_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra)
{
    cpu_st(cpu, addr, val, MO_LEUW, ra);
}

void cpu_stl_le_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra)
{
    cpu_st(cpu, addr, val, MO_LEUL, ra);
}

void cpu_stq_le_data_ra(CPUState *cpu, uint64_t addr, uint64_t val, uintptr_t ra)
{
    cpu_st(cpu, addr, val, MO_LEUQ, ra);
}

void cpu_stw_be_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra)
{
    cpu_st(cpu, addr, val, MO_BEUW, ra);
}

void cpu_stl_be_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra)
{
    cpu_st(cpu, addr, val, MO_BEUL, ra);
}

void cpu_stq_be_data_ra(CPUState *cpu, uint64_t addr, uint64_t val, uintptr_t ra)
{
    cpu_st(cpu, addr, val, MO_BEUQ, ra);
}
