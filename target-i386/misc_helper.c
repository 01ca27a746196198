/*
 * i386 helpers for exceptions, CPUID, RDTSC, EFLAGS images, segment loads and
 * far transfers in user mode (SDM vol. 3A 5.8 for the privilege checks).
 */
#include <x86intrin.h>

#include "target-i386/cpu-internal.h"
#include "target-i386/helper-proto.h"

void helper_raise_exception(CPUX86State *env, uint32_t excp, uint32_t err)
{
    CPUState *cpu = x86_env_cpu(env);

    cpu->exception_index = excp;
    cpu->error_code = err;
    cpu_loop_exit(cpu);
}

void helper_cpuid(CPUX86State *env)
{
    uint32_t out[4];

    x86_cpu_cpuid(env, env->regs[R_EAX], env->regs[R_ECX], out);
    env->regs[R_EAX] = out[0];
    env->regs[R_EBX] = out[1];
    env->regs[R_ECX] = out[2];
    env->regs[R_EDX] = out[3];
}

/* The host's time-stamp counter: user mode has no virtual clock to offer. */
void helper_rdtsc(CPUX86State *env)
{
    uint64_t tsc = __rdtsc();

    env->regs[R_EAX] = (uint32_t)tsc;
    env->regs[R_EDX] = tsc >> 32;
}

uint32_t helper_read_eflags(CPUX86State *env)
{
    return x86_cpu_get_eflags(env) & ~(VM_MASK | RF_MASK);
}

void helper_write_eflags(CPUX86State *env, uint32_t val, uint32_t mask)
{
    x86_cpu_set_eflags(env, val, mask);
}

void helper_load_seg(CPUX86State *env, uint32_t seg, uint32_t selector)
{
    if (x86_cpu_load_seg(env, seg, selector) < 0) {
        cpu_raise_exception(x86_env_cpu(env), EXCP0D_GPF, selector & 0xfffc, GETPC());
    }
}

/* Far jmp/call/ret/iret target: a DPL 3 code segment, then the offset. */
void helper_far_jump(CPUX86State *env, uint32_t selector, uint32_t offset)
{
    if (x86_cpu_load_seg(env, R_CS, selector) < 0) {
        cpu_raise_exception(x86_env_cpu(env), EXCP0D_GPF, selector & 0xfffc, GETPC());
    }
    env->eip = (env->segs[R_CS].flags & DESC_B_MASK) ? offset : (offset & 0xffff);
}
