/*
 * The i386 TargetOps: TB key, state restore after a fault inside a block,
 * register dump and co-simulation comparison.
 */
#include <capstone/capstone.h>

#include "target-i386/cpu-internal.h"
#include "target-i386/fpu.h"

static void x86_get_tb_state(CPUState *cpu, uint64_t *pc, uint64_t *cs_base, uint32_t *flags)
{
    CPUX86State *env = x86_cpu_env(cpu);

    *cs_base = env->segs[R_CS].base;
    *pc = (uint32_t)(env->segs[R_CS].base + env->eip);
    *flags = env->hflags;
}

/* insn_start words: eip of the insn, and the cc_op in force before it. */
static void x86_restore_state(CPUState *cpu, const TranslationBlock *tb, const uint64_t *data)
{
    CPUX86State *env = x86_cpu_env(cpu);

    env->eip = data[0];
    if (data[1] != CC_OP_DYNAMIC) {
        env->cc_op = data[1];
    }
}

static const char *const x86_reg_names[8] = {
    "EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI",
};
static const char *const x86_seg_names[6] = { "ES", "CS", "SS", "DS", "FS", "GS" };

static void x86_dump_state(CPUState *cpu, FILE *f)
{
    CPUX86State *env = x86_cpu_env(cpu);
    uint32_t fl = x86_cpu_get_eflags(env);

    for (int i = 0; i < 8; i++) {
        fprintf(f, "%s=%08x%s", x86_reg_names[i], env->regs[i], (i & 3) == 3 ? "\n" : " ");
    }
    fprintf(f, "EIP=%08x EFL=%08x [%c%c%c%c%c%c%c]\n", env->eip, fl,
            fl & DF_MASK ? 'D' : '-', fl & CC_O ? 'O' : '-', fl & CC_S ? 'S' : '-',
            fl & CC_Z ? 'Z' : '-', fl & CC_A ? 'A' : '-', fl & CC_P ? 'P' : '-',
            fl & CC_C ? 'C' : '-');
    for (int i = 0; i < 6; i++) {
        const SegmentCache *sc = &env->segs[i];
        fprintf(f, "%s =%04x %08x %08x %08x\n", x86_seg_names[i], sc->selector, sc->base,
                sc->limit, sc->flags);
    }
    fprintf(f, "CCS=%08x CCD=%08x CCS2=%08x CCO=%u\n", env->cc_src, env->cc_dst,
            env->cc_src2, env->cc_op);
    x86_fpu_dump(env, f);
}

static int x86_diff32(FILE *f, const char *name, uint32_t a, uint32_t b)
{
    if (a == b) {
        return 0;
    }
    fprintf(f, "%s: %08x != %08x\n", name, a, b);
    return 1;
}

/* The architectural state only: lazy-flag encodings may differ if equal. */
static int x86_compare_state(const void *env_a, const void *env_b, FILE *f)
{
    const CPUX86State *a = env_a, *b = env_b;
    int n = 0;

    for (int i = 0; i < 8; i++) {
        n += x86_diff32(f, x86_reg_names[i], a->regs[i], b->regs[i]);
    }
    n += x86_diff32(f, "EIP", a->eip, b->eip);
    n += x86_diff32(f, "EFL", x86_cpu_get_eflags(a), x86_cpu_get_eflags(b));
    for (int i = 0; i < 6; i++) {
        n += x86_diff32(f, x86_seg_names[i], a->segs[i].selector, b->segs[i].selector);
        n += x86_diff32(f, x86_seg_names[i], a->segs[i].base, b->segs[i].base);
    }
    n += x86_fpu_compare(a, b, f);
    return n;
}

const TargetOps x86_target_ops = {
    .name = "i386",
    .env_offset = offsetof(X86CPU, env),
    .tcg_init = x86_tcg_init,
    .get_tb_state = x86_get_tb_state,
    .translate = x86_translate,
    .restore_state = x86_restore_state,
    .dump_state = x86_dump_state,
    .compare_state = x86_compare_state,
    .env_size = offsetof(CPUX86State, end_reg_state),
    .disas_arch = CS_ARCH_X86,
    .disas_mode = CS_MODE_32,
};
