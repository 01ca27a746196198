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

/*
 * lar/lsl/verr/verw: ZF tells whether the selector names a descriptor
 * visible at CPL 3 (SDM vol. 2A "LAR"); lar/lsl return the access rights or
 * the limit, else old. Only code and data descriptors are considered.
 */
uint32_t helper_seg_query(CPUX86State *env, uint32_t selector, uint32_t kind, uint32_t old)
{
    uint32_t f = x86_cc_compute_all(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
    uint32_t index = (selector & 0xffff) >> 3;
    uint64_t d = 0;
    uint32_t hi, type, res = old;
    bool ok = false;

    if (selector & 4) {
        d = index < X86_USER_LDT_ENTRIES ? env->user_ldt[index] : 0;
    } else if (index != 0) {
        d = index < X86_USER_GDT_ENTRIES ? env->user_gdt[index] : 0;
    }
    hi = d >> 32;
    type = (hi >> DESC_TYPE_SHIFT) & 15;
    if ((hi & DESC_S_MASK) &&
        (((hi >> DESC_DPL_SHIFT) & 3) == 3 || (type & 0xc) == 0xc)) {
        switch (kind) {
        case X86_SEGQ_LAR:
            ok = true;
            res = hi & 0x00ffff00;
            break;
        case X86_SEGQ_LSL:
            ok = true;
            res = (d & 0xffff) | (hi & 0xf0000);
            if (hi & DESC_G_MASK) {
                res = (res << 12) | 0xfff;
            }
            break;
        case X86_SEGQ_VERR:
            ok = !(type & 8) || (type & 2);
            break;
        default:
            ok = !(type & 8) && (type & 2);
            break;
        }
    }
    env->cc_src = (f & ~CC_Z) | (ok ? CC_Z : 0);
    env->cc_op = CC_OP_EFLAGS;
    return res;
}
