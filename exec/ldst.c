/*
 * Guest memory accessors for C helpers (exec/cpu-ldst.h). User mode reads
 * and writes guest_base + addr directly, with helper_retaddr set so that a
 * host fault is attributed to the guest insn that called the helper; system
 * mode goes through the machine's accessors in TBConfig.
 */
#include <string.h>
#include <sys/mman.h>

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

void tb_fetch_check(CPUState *cpu, uint64_t addr, unsigned size)
{
    TBContext *tbc = cpu->tbc;
    CPUExecPriv *ep = cpu->exec_priv;
    uint64_t a = (uint32_t)addr, last = a + size - 1;

    for (uint64_t page = a >> TB_PAGE_BITS; page <= last >> TB_PAGE_BITS; page++) {
        int prot;

        if (page + 1 == ep->fetch_page_ok) {
            continue;
        }
        prot = tbc->cfg.page_prot(tbc->cfg.page_prot_opaque, page << TB_PAGE_BITS);
        if (prot >= 0 && (prot & PROT_EXEC)) {
            ep->fetch_page_ok = page + 1;
            continue;
        }
        ep->translating = false;
        if (tbc->tcg->nb_insns > 1) {
            ep->fetch_max_insns = tbc->tcg->nb_insns - 1;
            siglongjmp(ep->fetch_env, 1);
        }
        /* cpu_exec releases tbc->lock; the guest state is that of the block. */
        cpu->exception_index = tbc->cfg.fetch_fault_excp;
        cpu->fault_addr = a > page << TB_PAGE_BITS ? a : page << TB_PAGE_BITS;
        cpu->error_code = prot < 0 ? 0x14 : 0x15;
        cpu_loop_exit(cpu);
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
    if (cpu->exec_priv && cpu->exec_priv->translating &&
        !tb_fetch_known(cpu->exec_priv, addr, size)) {
        tb_fetch_check(cpu, addr, size);
    }
    cpu_set_helper_retaddr(cpu, ra);
    memcpy(&v, cpu_user_host_addr(cpu, addr), size);
    cpu_set_helper_retaddr(cpu, 0);
    return mop & MO_BSWAP ? ldst_bswap(v, size) : v;
}

bool cpu_peek_code(CPUState *cpu, uint64_t addr, void *buf, unsigned size)
{
    TBContext *tbc = cpu->tbc;
    uint64_t a = (uint32_t)addr, last = a + size - 1;

    if (!tbc->cfg.user_mode || !tbc->cfg.page_prot || last > UINT32_MAX) {
        return false;
    }
    for (uint64_t page = a >> TB_PAGE_BITS; page <= last >> TB_PAGE_BITS; page++) {
        int prot = tbc->cfg.page_prot(tbc->cfg.page_prot_opaque, page << TB_PAGE_BITS);

        if (prot < 0 || !(prot & PROT_EXEC)) {
            return false;
        }
    }
    memcpy(buf, cpu_user_host_addr(cpu, a), size);
    return true;
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
    cpu_set_helper_retaddr(cpu, ra);
    memcpy(cpu_user_host_addr(cpu, addr), &v, size);
    cpu_set_helper_retaddr(cpu, 0);
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
