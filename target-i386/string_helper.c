/*
 * i386 string instructions MOVS CMPS STOS LODS SCAS with REP/REPE/REPNE
 * (SDM vol. 2 "REP/REPE/REPZ/REPNE/REPNZ"). The registers advance after every
 * element, so a fault in the middle leaves the state an interrupted rep has.
 */
#include "exec/cpu-ldst.h"
#include "target-i386/cpu-internal.h"
#include "target-i386/helper-proto.h"

static uint32_t x86_str_ld(CPUState *cpu, MemOp ot, uint32_t addr, uintptr_t ra)
{
    cpu->helper_retaddr = ra;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    switch (ot) {
    case MO_8:
        return cpu_ldub_data_ra(cpu, addr, ra);
    case MO_16:
        return cpu_lduw_le_data_ra(cpu, addr, ra);
    default:
        return cpu_ldl_le_data_ra(cpu, addr, ra);
    }
}

static void x86_str_st(CPUState *cpu, MemOp ot, uint32_t addr, uint32_t val, uintptr_t ra)
{
    /* Published here too: the SIGSEGV handler must see it during the store. */
    cpu->helper_retaddr = ra;
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    switch (ot) {
    case MO_8:
        cpu_stb_data_ra(cpu, addr, val, ra);
        break;
    case MO_16:
        cpu_stw_le_data_ra(cpu, addr, val, ra);
        break;
    default:
        cpu_stl_le_data_ra(cpu, addr, val, ra);
        break;
    }
}

static void x86_set_sized(uint32_t *reg, uint32_t val, uint32_t mask)
{
    *reg = (*reg & ~mask) | (val & mask);
}

void helper_string_op(CPUX86State *env, uint32_t arg)
{
    CPUState *cpu = x86_env_cpu(env);
    uintptr_t ra = GETPC();
    int kind = arg & 15;
    MemOp ot = (arg >> X86_STR_SIZE_SHIFT) & 3;
    uint32_t vmask = ot == MO_8 ? 0xff : ot == MO_16 ? 0xffff : 0xffffffff;
    uint32_t amask = (arg & X86_STR_ADDR16) ? 0xffff : 0xffffffff;
    bool rep = arg & (X86_STR_REP | X86_STR_REPNZ);
    uint32_t src_base = env->segs[(arg >> X86_STR_SEG_SHIFT) & 7].base;
    uint32_t dst_base = env->segs[R_ES].base;
    int32_t step = env->df * (1 << ot);
    bool compared = false;
    uint32_t cc_dst = 0, cc_src = 0;
    bool uses_src = kind == X86_STR_MOVS || kind == X86_STR_CMPS || kind == X86_STR_LODS;
    bool uses_dst = kind != X86_STR_LODS;
    int src_seg = (arg >> X86_STR_SEG_SHIFT) & 7;

    /* Memory through a null selector is #GP(0), unless rep runs zero times. */
    if ((!rep || (env->regs[R_ECX] & amask) != 0) &&
        ((uses_src && (env->segs[src_seg].selector & ~3u) == 0) ||
         (uses_dst && (env->segs[R_ES].selector & ~3u) == 0))) {
        cpu_raise_exception(cpu, EXCP0D_GPF, 0, ra);
    }

    for (;;) {
        uint32_t si = env->regs[R_ESI] & amask;
        uint32_t di = env->regs[R_EDI] & amask;
        uint32_t a, b;

        if (rep && (env->regs[R_ECX] & amask) == 0) {
            break;
        }
        switch (kind) {
        case X86_STR_MOVS:
            a = x86_str_ld(cpu, ot, src_base + si, ra);
            x86_str_st(cpu, ot, dst_base + di, a, ra);
            x86_set_sized(&env->regs[R_ESI], si + step, amask);
            x86_set_sized(&env->regs[R_EDI], di + step, amask);
            break;
        case X86_STR_CMPS:
            a = x86_str_ld(cpu, ot, src_base + si, ra);
            b = x86_str_ld(cpu, ot, dst_base + di, ra);
            cc_dst = (a - b) & vmask;
            cc_src = b;
            compared = true;
            x86_set_sized(&env->regs[R_ESI], si + step, amask);
            x86_set_sized(&env->regs[R_EDI], di + step, amask);
            break;
        case X86_STR_STOS:
            x86_str_st(cpu, ot, dst_base + di, env->regs[R_EAX], ra);
            x86_set_sized(&env->regs[R_EDI], di + step, amask);
            break;
        case X86_STR_LODS:
            a = x86_str_ld(cpu, ot, src_base + si, ra);
            x86_set_sized(&env->regs[R_EAX], a, vmask);
            x86_set_sized(&env->regs[R_ESI], si + step, amask);
            break;
        default:
            b = x86_str_ld(cpu, ot, dst_base + di, ra);
            cc_dst = (env->regs[R_EAX] - b) & vmask;
            cc_src = b;
            compared = true;
            x86_set_sized(&env->regs[R_EDI], di + step, amask);
            break;
        }
        if (!rep) {
            break;
        }
        x86_set_sized(&env->regs[R_ECX], env->regs[R_ECX] - 1, amask);
        if ((arg & X86_STR_REP) && compared && cc_dst != 0 &&
            (kind == X86_STR_CMPS || kind == X86_STR_SCAS)) {
            break;
        }
        if ((arg & X86_STR_REPNZ) && cc_dst == 0) {
            break;
        }
    }
    if (compared) {
        /* Flags are committed once: a fault above leaves the old ones. */
        env->cc_dst = cc_dst;
        env->cc_src = cc_src;
        env->cc_op = CC_OP_SUBB + ot;
    }
}
