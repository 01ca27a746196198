/*
 * i386 CPU models, reset, EFLAGS access, user-mode segment loads and CPUID
 * (SDM vol. 2A "CPUID"; vol. 3A 3.4-3.5 for descriptors).
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "target-i386/cpu.h"
#include "target-i386/cpu-internal.h"
#include "target-i386/fpu.h"

/* CPUID.1:EDX feature bits. */
enum {
    CPUID_FP87 = 1 << 0,
    CPUID_TSC = 1 << 4,
    CPUID_CX8 = 1 << 8,
    CPUID_CMOV = 1 << 15,
    CPUID_MMX = X86_CPUID_MMX,
    CPUID_FXSR = 1 << 24,
    CPUID_SSE = 1 << 25,
    CPUID_SSE2 = 1 << 26,
};

/* CPUID.1:ECX feature bits. */
enum {
    CPUID_EXT_SSE3 = 1 << 0,
    CPUID_EXT_SSSE3 = 1 << 9,
};

/*
 * What emu implements and therefore may report: a model's bits are ANDed with
 * these, so CPUID never claims an unimplemented extension.
 */
#define X86_IMPLEMENTED_FEATURES (CPUID_FP87 | CPUID_TSC | CPUID_CX8 | CPUID_CMOV | CPUID_MMX | \
                                  CPUID_FXSR | CPUID_SSE | CPUID_SSE2)
#define X86_IMPLEMENTED_EXT_FEATURES (CPUID_EXT_SSE3 | CPUID_EXT_SSSE3)

typedef struct X86CPUModel {
    const char *name;
    const char *desc;
    uint32_t family, model, stepping;
    uint32_t features, ext_features;
} X86CPUModel;

static const X86CPUModel x86_models[] = {
    /* Default: the richest P6-class identity, reduced to what emu implements. */
    { "p6", "P6-class CPU, Pentium M like (x87, MMX, SSE, SSE2, SSE3, SSSE3)", 6, 13, 6,
      CPUID_FP87 | CPUID_TSC | CPUID_CX8 | CPUID_CMOV | CPUID_MMX | CPUID_FXSR |
      CPUID_SSE | CPUID_SSE2, CPUID_EXT_SSE3 | CPUID_EXT_SSSE3 },
    { "pentiumpro", "Intel Pentium Pro", 6, 1, 9,
      CPUID_FP87 | CPUID_TSC | CPUID_CX8 | CPUID_CMOV, 0 },
    { "pentium2", "Intel Pentium II (adds MMX)", 6, 5, 2,
      CPUID_FP87 | CPUID_TSC | CPUID_CX8 | CPUID_CMOV | CPUID_MMX, 0 },
    { "pentium3", "Intel Pentium III (adds FXSR, SSE)", 6, 7, 3,
      CPUID_FP87 | CPUID_TSC | CPUID_CX8 | CPUID_CMOV | CPUID_MMX | CPUID_FXSR |
      CPUID_SSE, 0 },
};

void x86_cpu_list(FILE *f)
{
    fprintf(f, "Available CPUs:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(x86_models); i++) {
        fprintf(f, "  %-12s %s\n", x86_models[i].name, x86_models[i].desc);
    }
}

static void x86_cpu_set_model(CPUX86State *env, const X86CPUModel *m)
{
    env->cpuid_level = 2;
    /* CPUID returns the vendor as EBX, EDX, ECX: "Genu" "ineI" "ntel". */
    memcpy(&env->cpuid_vendor[0], "Genu", 4);
    memcpy(&env->cpuid_vendor[1], "ineI", 4);
    memcpy(&env->cpuid_vendor[2], "ntel", 4);
    env->cpuid_version = (m->family > 15 ? 15 : m->family) << 8 | (m->model & 15) << 4 |
                         m->stepping;
    env->cpuid_features = m->features & X86_IMPLEMENTED_FEATURES;
    env->cpuid_ext_features = m->ext_features & X86_IMPLEMENTED_EXT_FEATURES;
    snprintf(env->cpuid_model_id, sizeof(env->cpuid_model_id), "emu %s", m->desc);
}

X86CPU *x86_cpu_new(const char *model, char **err)
{
    const X86CPUModel *m = &x86_models[0];
    X86CPU *cpu;

    if (model) {
        m = NULL;
        for (size_t i = 0; i < G_N_ELEMENTS(x86_models); i++) {
            if (!strcmp(model, x86_models[i].name)) {
                m = &x86_models[i];
            }
        }
        if (!m) {
            *err = g_strdup_printf("unknown CPU model '%s' (try -cpu help)", model);
            return NULL;
        }
    }
    cpu = g_new0(X86CPU, 1);
    cpu->parent.ops = &x86_target_ops;
    cpu->parent.env = &cpu->env;
    cpu->parent.exception_index = EXCP_NONE;
    x86_cpu_set_model(&cpu->env, m);
    x86_cpu_reset_user(&cpu->env);
    return cpu;
}

void x86_cpu_free(X86CPU *cpu)
{
    g_free(cpu);
}

void x86_update_hflags(CPUX86State *env)
{
    uint32_t hf = env->hflags & ~(HF_CS32_MASK | HF_SS32_MASK | HF_ADDSEG_MASK | HF_TF_MASK |
                                  (0x3f << HF_NULLSEG_SHIFT));

    if (env->segs[R_CS].flags & DESC_B_MASK) {
        hf |= HF_CS32_MASK;
    }
    if (env->segs[R_SS].flags & DESC_B_MASK) {
        hf |= HF_SS32_MASK;
    }
    if (env->segs[R_DS].base | env->segs[R_ES].base | env->segs[R_SS].base) {
        hf |= HF_ADDSEG_MASK;
    }
    if (env->eflags & TF_MASK) {
        hf |= HF_TF_MASK;
    }
    for (int i = 0; i < 6; i++) {
        if ((env->segs[i].selector & ~3u) == 0) {
            hf |= 1u << (HF_NULLSEG_SHIFT + i);
        }
    }
    env->hflags = hf;
}

/* env comes zeroed (x86_cpu_new): clearing the 64 KiB LDT again would only
 * touch its pages, ~16 page faults per process start. */
void x86_cpu_reset_user(CPUX86State *env)
{
    env->eip = 0;
    env->eflags = 0x202;
    env->df = 1;
    env->cc_op = CC_OP_EFLAGS;
    /* Flat 4 GiB DPL 3 segments: 32-bit code (type 0xb) and data (type 3). */
    env->user_gdt[X86_USER_CS >> 3] = 0x00cffb000000ffffull;
    env->user_gdt[X86_USER_DS >> 3] = 0x00cff3000000ffffull;
    x86_cpu_load_seg(env, R_CS, X86_USER_CS);
    x86_cpu_load_seg(env, R_SS, X86_USER_DS);
    x86_cpu_load_seg(env, R_DS, X86_USER_DS);
    x86_cpu_load_seg(env, R_ES, X86_USER_DS);
    x86_cpu_load_seg(env, R_FS, 0);
    x86_cpu_load_seg(env, R_GS, 0);

    x86_fpu_reset(env);
    x86_update_hflags(env);
}

uint32_t x86_cpu_get_eflags(const CPUX86State *env)
{
    uint32_t f = env->eflags & ~(CC_ARITH_MASK | DF_MASK);

    f |= x86_cc_compute_all(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
    f |= env->df < 0 ? DF_MASK : 0;
    return f | 2;
}

void x86_cpu_set_eflags(CPUX86State *env, uint32_t val, uint32_t mask)
{
    uint32_t cur = x86_cpu_get_eflags(env);

    val = (cur & ~mask) | (val & mask);
    env->cc_src = val & CC_ARITH_MASK;
    env->cc_op = CC_OP_EFLAGS;
    env->df = (val & DF_MASK) ? -1 : 1;
    env->eflags = (val & ~(CC_ARITH_MASK | DF_MASK)) | 2;
    x86_update_hflags(env);
}

static bool x86_fetch_desc(const CPUX86State *env, uint32_t selector, uint64_t *desc)
{
    uint32_t index = selector >> 3;

    if (selector & 4) {
        if (index >= X86_USER_LDT_ENTRIES) {
            return false;
        }
        *desc = env->user_ldt[index];
    } else {
        if (index >= X86_USER_GDT_ENTRIES) {
            return false;
        }
        *desc = env->user_gdt[index];
    }
    return true;
}

int x86_cpu_load_seg(CPUX86State *env, int seg, uint32_t selector)
{
    SegmentCache *sc = &env->segs[seg];
    uint64_t d;
    uint32_t hi, type, limit;

    selector &= 0xffff;
    if ((selector & ~3u) == 0) {
        /* The null selector: fine for data segments, never for CS or SS. */
        if (seg == R_CS || seg == R_SS) {
            return -1;
        }
        sc->selector = selector;
        sc->base = 0;
        sc->limit = 0;
        sc->flags = 0;
        x86_update_hflags(env);
        return 0;
    }
    if (!x86_fetch_desc(env, selector, &d) || (selector & 3) != 3) {
        return -1;
    }
    hi = d >> 32;
    type = (hi >> DESC_TYPE_SHIFT) & 15;
    if (!(hi & DESC_S_MASK) || !(hi & DESC_P_MASK) || ((hi >> DESC_DPL_SHIFT) & 3) != 3) {
        return -1;
    }
    if (seg == R_CS) {
        if (!(type & 8)) {
            return -1;
        }
    } else if (seg == R_SS) {
        if ((type & 8) || !(type & 2)) {
            return -1;
        }
    } else if ((type & 8) && !(type & 2)) {
        return -1;      /* execute-only code segment */
    }
    /* Loading marks the descriptor accessed, as the CPU does in the table. */
    if (selector & 4) {
        env->user_ldt[selector >> 3] |= 1ull << 40;
    } else {
        env->user_gdt[selector >> 3] |= 1ull << 40;
    }
    hi |= 1u << DESC_TYPE_SHIFT;
    limit = (d & 0xffff) | (hi & 0xf0000);
    if (hi & DESC_G_MASK) {
        limit = (limit << 12) | 0xfff;
    }
    sc->selector = selector;
    sc->base = ((d >> 16) & 0xffffff) | (hi & 0xff000000);
    sc->limit = limit;
    sc->flags = hi & 0x00f0ff00;
    x86_update_hflags(env);
    return 0;
}

uint32_t x86_cpu_hwcap(const CPUX86State *env)
{
    return env->cpuid_features;
}

void x86_cpu_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
    memset(out, 0, 4 * sizeof(uint32_t));
    if (leaf >= 0x80000000u) {
        if (leaf == 0x80000000u) {
            out[0] = 0x80000004u;
        } else if (leaf >= 0x80000002u && leaf <= 0x80000004u) {
            memcpy(out, env->cpuid_model_id + 16 * (leaf - 0x80000002u), 16);
        }
        return;
    }
    if (leaf > env->cpuid_level) {
        leaf = env->cpuid_level;
    }
    switch (leaf) {
    case 0:
        out[0] = env->cpuid_level;
        out[1] = env->cpuid_vendor[0];
        out[2] = env->cpuid_vendor[2];
        out[3] = env->cpuid_vendor[1];
        break;
    case 1:
        out[0] = env->cpuid_version;
        out[1] = 1 << 16;       /* one logical processor, APIC id 0 */
        out[2] = env->cpuid_ext_features;
        out[3] = env->cpuid_features;
        break;
    case 2:
        /* One iteration, no cache/TLB descriptors (the null descriptor). */
        out[0] = 1;
        break;
    }
}
