/*
 * i386 string instructions MOVS CMPS STOS LODS SCAS with REP/REPE/REPNE
 * (SDM vol. 2 "REP/REPE/REPZ/REPNE/REPNZ"). The registers advance after every
 * element, so a fault in the middle leaves the state an interrupted rep has.
 */
#include <string.h>

#include "exec/cpu-ldst.h"
#include "target-i386/cpu-internal.h"
#include "target-i386/helper-proto.h"

static uint32_t x86_str_ld(CPUState *cpu, MemOp ot, uint32_t addr, uintptr_t ra)
{
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

#define X86_STR_PAGE_MASK 4095u

/*
 * How many elements of size e follow the one just accessed at linear address prev
 * (moving by step) and lie on the page(s) that access touched: these are known
 * to be accessible, so the run may use host memory directly.
 */
static uint32_t x86_str_run_len(uint32_t prev, int32_t step, uint32_t e)
{
    if (step > 0) {
        uint32_t last = prev + e - 1, next = prev + e, end = last | X86_STR_PAGE_MASK;

        if (last < prev || next == 0 || next > end) {
            return 0;
        }
        return (end - next + 1) / e;
    }
    uint32_t next = prev - e, start = prev & ~X86_STR_PAGE_MASK;

    if (next > prev || next < start) {
        return 0;
    }
    return (next - start) / e + 1;
}

static uint32_t x86_str_host_ld(const uint8_t *p, uint32_t e)
{
    uint32_t v = 0;

    memcpy(&v, p, e);       /* little-endian host: the low e bytes */
    return v;
}

/*
 * Fast part of a rep string op with 32-bit addresses: after an element has gone
 * through the checked accessors at offsets si/di (so its pages fault exactly as
 * natively), the elements that follow on the same pages are done in host memory,
 * ending at the same registers, memory and flags as the element loop. Only the
 * register count left in ECX bounds it; repe/repne stop as in the loop. Returns
 * the number of elements done; cc_dst and cc_src get the last comparison.
 */
static uint32_t x86_str_run(CPUX86State *env, int kind, uint32_t e, uint32_t arg,
                            uint32_t src_lin, uint32_t dst_lin, uint32_t *cc_dst,
                            uint32_t *cc_src, uintptr_t ra)
{
    CPUState *cpu = x86_env_cpu(env);
    int32_t step = env->df * (int32_t)e;
    uint32_t vmask = e == 1 ? 0xff : e == 2 ? 0xffff : 0xffffffff;
    bool uses_src = kind == X86_STR_MOVS || kind == X86_STR_CMPS || kind == X86_STR_LODS;
    bool uses_dst = kind != X86_STR_LODS;
    uint32_t m = env->regs[R_ECX];
    uint32_t s_next = src_lin + step, d_next = dst_lin + step;
    uint8_t *sp, *dp;
    uint32_t done = 0;

    if (uses_src) {
        uint32_t n = x86_str_run_len(src_lin, step, e);

        m = n < m ? n : m;
    }
    if (uses_dst) {
        uint32_t n = x86_str_run_len(dst_lin, step, e);

        m = n < m ? n : m;
    }
    if (m == 0) {
        return 0;
    }
    sp = cpu_user_host_addr(cpu, s_next);
    dp = cpu_user_host_addr(cpu, d_next);
    if (kind == X86_STR_MOVS) {
        /* A destination ahead of the source in the direction of travel: the loop
         * re-reads what it wrote, so copy at most the distance at a time. */
        int64_t ahead = step > 0 ? dp - sp : sp - dp;

        if (ahead > 0 && ahead < (int64_t)m * e) {
            m = ahead / e;
            if (m == 0) {
                return 0;
            }
        }
    }
    /* The SIGSEGV handler needs it should another thread unmap or write-protect. */
    cpu_set_helper_retaddr(cpu, ra);
    switch (kind) {
    case X86_STR_MOVS:
        if (step > 0) {
            memmove(dp, sp, (size_t)m * e);
        } else {
            memmove(dp - (size_t)(m - 1) * e, sp - (size_t)(m - 1) * e, (size_t)m * e);
        }
        done = m;
        break;
    case X86_STR_STOS: {
        uint8_t *p = step > 0 ? dp : dp - (size_t)(m - 1) * e;
        uint32_t v = env->regs[R_EAX];

        if (e == 1) {
            memset(p, v & 0xff, m);
        } else {
            for (uint32_t i = 0; i < m; i++) {
                memcpy(p + (size_t)i * e, &v, e);
            }
        }
        done = m;
        break;
    }
    case X86_STR_LODS:
        x86_set_sized(&env->regs[R_EAX],
                      x86_str_host_ld(sp + (int64_t)(m - 1) * step, e), vmask);
        done = m;
        break;
    default: {
        bool repz = arg & X86_STR_REP;

        while (done < m) {
            uint32_t b = x86_str_host_ld(dp + (int64_t)done * step, e);
            uint32_t a = kind == X86_STR_CMPS ? x86_str_host_ld(sp + (int64_t)done * step, e)
                                              : env->regs[R_EAX];

            *cc_dst = (a - b) & vmask;
            *cc_src = b;
            done++;
            if ((*cc_dst != 0) == repz) {
                break;
            }
        }
        break;
    }
    }
    cpu_set_helper_retaddr(cpu, 0);
    if (uses_src) {
        env->regs[R_ESI] += done * step;
    }
    if (uses_dst) {
        env->regs[R_EDI] += done * step;
    }
    env->regs[R_ECX] -= done;
    return done;
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
        if (amask == 0xffffffff &&
            x86_str_run(env, kind, 1u << ot, arg, src_base + si, dst_base + di,
                        &cc_dst, &cc_src, ra) != 0 && compared &&
            (((arg & X86_STR_REP) && cc_dst != 0) || ((arg & X86_STR_REPNZ) && cc_dst == 0))) {
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
