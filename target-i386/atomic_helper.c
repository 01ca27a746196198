/*
 * Atomic read-modify-write for lock-prefixed instructions, xchg with memory,
 * cmpxchg and cmpxchg8b: done on the host with __atomic builtins on the
 * guest's host address, so they are atomic against other guest threads.
 */
#include "exec/cpu-ldst.h"
#include "target-i386/cpu-internal.h"
#include "target-i386/helper-proto.h"

static uint32_t x86_rmw_result(int op, uint32_t old, uint32_t val)
{
    switch (op) {
    case X86_ATOMIC_ADD:
        return old + val;
    case X86_ATOMIC_AND:
        return old & val;
    case X86_ATOMIC_OR:
        return old | val;
    case X86_ATOMIC_XOR:
        return old ^ val;
    case X86_ATOMIC_XCHG:
        return val;
    default:
        return -old;
    }
}

static uint32_t x86_rmw8(uint8_t *p, int op, uint32_t val)
{
    uint8_t old = __atomic_load_n(p, __ATOMIC_RELAXED);

    while (!__atomic_compare_exchange_n(p, &old, x86_rmw_result(op, old, val), false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    }
    return old;
}

static uint32_t x86_rmw16(uint16_t *p, int op, uint32_t val)
{
    uint16_t old = __atomic_load_n(p, __ATOMIC_RELAXED);

    while (!__atomic_compare_exchange_n(p, &old, x86_rmw_result(op, old, val), false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    }
    return old;
}

static uint32_t x86_rmw32(uint32_t *p, int op, uint32_t val)
{
    uint32_t old = __atomic_load_n(p, __ATOMIC_RELAXED);

    while (!__atomic_compare_exchange_n(p, &old, x86_rmw_result(op, old, val), false,
                                        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {
    }
    return old;
}

uint32_t helper_atomic_rmw(CPUX86State *env, uint32_t addr, uint32_t val, uint32_t op)
{
    CPUState *cpu = x86_env_cpu(env);
    void *p;
    uint32_t old;

    cpu_set_helper_retaddr(cpu, GETPC());
    p = cpu_user_host_addr(cpu, addr);
    switch (op & MO_SIZE) {
    case MO_8:
        old = x86_rmw8(p, op & ~MO_SIZE, val);
        break;
    case MO_16:
        old = x86_rmw16(p, op & ~MO_SIZE, val);
        break;
    default:
        old = x86_rmw32(p, op & ~MO_SIZE, val);
        break;
    }
    cpu_set_helper_retaddr(cpu, 0);
    return old;
}

uint32_t helper_atomic_cmpxchg(CPUX86State *env, uint32_t addr, uint32_t cmp, uint32_t nv,
                               uint32_t ot)
{
    CPUState *cpu = x86_env_cpu(env);
    void *p;
    uint32_t old;

    cpu_set_helper_retaddr(cpu, GETPC());
    p = cpu_user_host_addr(cpu, addr);
    switch (ot & MO_SIZE) {
    case MO_8: {
        uint8_t o = cmp;
        __atomic_compare_exchange_n((uint8_t *)p, &o, (uint8_t)nv, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST);
        old = o;
        break;
    }
    case MO_16: {
        uint16_t o = cmp;
        __atomic_compare_exchange_n((uint16_t *)p, &o, (uint16_t)nv, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST);
        old = o;
        break;
    }
    default: {
        uint32_t o = cmp;
        __atomic_compare_exchange_n((uint32_t *)p, &o, nv, false, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST);
        old = o;
        break;
    }
    }
    cpu_set_helper_retaddr(cpu, 0);
    return old;
}

/* cmpxchg8b m64: always atomic (the lock prefix only adds what we already do). */
void helper_cmpxchg8b(CPUX86State *env, uint32_t addr)
{
    CPUState *cpu = x86_env_cpu(env);
    uint64_t expected = (uint64_t)env->regs[R_EDX] << 32 | env->regs[R_EAX];
    uint64_t desired = (uint64_t)env->regs[R_ECX] << 32 | env->regs[R_EBX];
    uint32_t f = x86_cc_compute_all(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
    bool ok;

    cpu_set_helper_retaddr(cpu, GETPC());
    ok = __atomic_compare_exchange_n((uint64_t *)cpu_user_host_addr(cpu, addr), &expected,
                                     desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    cpu_set_helper_retaddr(cpu, 0);
    if (!ok) {
        env->regs[R_EAX] = (uint32_t)expected;
        env->regs[R_EDX] = expected >> 32;
    }
    env->cc_src = (f & ~CC_Z) | (ok ? CC_Z : 0);
    env->cc_op = CC_OP_EFLAGS;
}
