/*
 * The i386 CPU as emu models it: architectural state (Intel SDM vol. 1 ch. 3,
 * vol. 3 ch. 2-3), lazy condition codes, and the interface the rest of emu
 * (linux-user, the x87/SSE front end, later system mode) uses.
 */
#ifndef TARGET_I386_CPU_H
#define TARGET_I386_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/cpu.h"
#include "target-i386/fpu-state.h"

enum { R_EAX, R_ECX, R_EDX, R_EBX, R_ESP, R_EBP, R_ESI, R_EDI };
enum { R_ES, R_CS, R_SS, R_DS, R_FS, R_GS };

/* EFLAGS bits (SDM vol. 1, 3.4.3). */
enum {
    CC_C = 0x0001,
    CC_P = 0x0004,
    CC_A = 0x0010,
    CC_Z = 0x0040,
    CC_S = 0x0080,
    TF_MASK = 0x0100,
    IF_MASK = 0x0200,
    DF_MASK = 0x0400,
    CC_O = 0x0800,
    IOPL_MASK = 0x3000,
    NT_MASK = 0x4000,
    RF_MASK = 0x10000,
    VM_MASK = 0x20000,
    AC_MASK = 0x40000,
    VIF_MASK = 0x80000,
    VIP_MASK = 0x100000,
    ID_MASK = 0x200000,
};
#define CC_ARITH_MASK (CC_C | CC_P | CC_A | CC_Z | CC_S | CC_O)
/* The EFLAGS bits a user-mode popf may change. */
#define X86_USER_EFLAGS_MASK (CC_ARITH_MASK | TF_MASK | DF_MASK | NT_MASK | AC_MASK | ID_MASK)

/*
 * Lazy condition codes: the arithmetic flags are not computed by each
 * instruction; cc_op names the last flag-setting operation and cc_dst,
 * cc_src, cc_src2 hold its inputs/result. The flags are derived when read.
 * Per operation (the B/W/L variants differ only in operand size):
 *   ADD: dst = result, src = second operand      ADC: + src2 = carry in
 *   SUB: dst = result, src = subtrahend           SBB: + src2 = borrow in
 *   LOGIC: dst = result                           INC/DEC: dst, src = old CF
 *   SHL: dst, src = value << (count - 1), src2 = value
 *   SAR/SHR: dst, src = value >> (count - 1), src2 = value
 *   MUL: dst = low half, src = high half (CF = OF = src != 0)
 *   IMUL: dst = low half, src = high half - sign(low) (CF = OF = src != 0)
 *   BSF/BSR: dst = result, src = source operand (ZF = src == 0)
 *   EFLAGS: src = the arithmetic flags themselves
 */
typedef enum CCOp {
    CC_OP_DYNAMIC,          /* translator only: cc_op is in env */
    CC_OP_EFLAGS,
    CC_OP_ADDB, CC_OP_ADDW, CC_OP_ADDL,
    CC_OP_ADCB, CC_OP_ADCW, CC_OP_ADCL,
    CC_OP_SUBB, CC_OP_SUBW, CC_OP_SUBL,
    CC_OP_SBBB, CC_OP_SBBW, CC_OP_SBBL,
    CC_OP_LOGICB, CC_OP_LOGICW, CC_OP_LOGICL,
    CC_OP_INCB, CC_OP_INCW, CC_OP_INCL,
    CC_OP_DECB, CC_OP_DECW, CC_OP_DECL,
    CC_OP_SHLB, CC_OP_SHLW, CC_OP_SHLL,
    CC_OP_SARB, CC_OP_SARW, CC_OP_SARL,
    CC_OP_SHRB, CC_OP_SHRW, CC_OP_SHRL,
    CC_OP_MULB, CC_OP_MULW, CC_OP_MULL,
    CC_OP_IMULB, CC_OP_IMULW, CC_OP_IMULL,
    CC_OP_BSFB, CC_OP_BSFW, CC_OP_BSFL,
    CC_OP_NB,
} CCOp;

typedef struct SegmentCache {
    uint32_t selector;
    uint32_t base;
    uint32_t limit;
    uint32_t flags;         /* descriptor bits 8-23 of the high word */
} SegmentCache;

/* Descriptor flag bits as kept in SegmentCache.flags (high dword layout). */
enum {
    DESC_TYPE_SHIFT = 8,
    DESC_S_MASK = 1 << 12,
    DESC_DPL_SHIFT = 13,
    DESC_P_MASK = 1 << 15,
    DESC_AVL_MASK = 1 << 20,
    DESC_B_MASK = 1 << 22,
    DESC_G_MASK = 1 << 23,
};

/* Linux's i386 GDT: 32 entries, TLS at 6..8, user CS 0x73 and DS 0x7b. */
#define X86_USER_GDT_ENTRIES 32
#define X86_TLS_FIRST_ENTRY 6
#define X86_TLS_ENTRIES 3
#define X86_USER_CS 0x73
#define X86_USER_DS 0x7b
#define X86_USER_LDT_ENTRIES 8192

/* Exception vectors (SDM vol. 3, 6.3.1) and emu's own exit codes. */
enum {
    EXCP00_DIVZ = 0,
    EXCP01_DB = 1,
    EXCP03_INT3 = 3,
    EXCP04_INTO = 4,
    EXCP05_BOUND = 5,
    EXCP06_ILLOP = 6,
    EXCP07_PREX = 7,
    EXCP0D_GPF = 13,
    EXCP0E_PAGE = 14,
    EXCP10_COPR = 16,
    EXCP11_ALGN = 17,
    EXCP13_XMM = 19,
    EXCP_SYSCALL = 0x100,   /* int $0x80 / sysenter: eip is after the insn */
};

/* TB flags (get_tb_state): what translation depends on besides eip. */
enum {
    HF_CS32_MASK = 1 << 0,      /* 32-bit code segment */
    HF_SS32_MASK = 1 << 1,      /* 32-bit stack segment */
    HF_TF_MASK = 1 << 2,        /* single-step trap after each insn */
    HF_ADDSEG_MASK = 1 << 3,    /* ds/es/ss have a nonzero base */
    HF_NULLSEG_SHIFT = 4,       /* bits 4-9: segment i holds the null selector */
};

typedef struct CPUX86State {
    uint32_t regs[8];
    uint32_t eip;
    /* EFLAGS without the arithmetic flags and DF (those live below). */
    uint32_t eflags;
    int32_t df;             /* +1 or -1: string op step direction */
    uint32_t cc_op;         /* CCOp */
    uint32_t cc_dst, cc_src, cc_src2;
    SegmentCache segs[6];
    uint32_t hflags;        /* HF_* for the TB key */

    X86FPUState fpu;

    /* CPUID identity of the model (x86_cpu_new). */
    uint32_t cpuid_level;
    uint32_t cpuid_vendor[3];
    uint32_t cpuid_version;     /* CPUID.1:EAX */
    uint32_t cpuid_features;    /* CPUID.1:EDX */
    uint32_t cpuid_ext_features;    /* CPUID.1:ECX */
    char cpuid_model_id[48];

    /* Everything before this is guest-visible register state (cosim). */
    uint8_t end_reg_state[0];

    /* User-mode descriptor tables (raw 8-byte descriptors). */
    uint64_t user_gdt[X86_USER_GDT_ENTRIES];
    uint64_t user_ldt[X86_USER_LDT_ENTRIES];
} CPUX86State;

typedef CPUX86State CPUArchState;

typedef struct X86CPU {
    CPUState parent;
    CPUX86State env;
} X86CPU;

extern const TargetOps x86_target_ops;

static inline X86CPU *x86_env_get_cpu(CPUX86State *env)
{
    return (X86CPU *)((char *)env - offsetof(X86CPU, env));
}

static inline CPUState *x86_env_cpu(CPUX86State *env)
{
    return &x86_env_get_cpu(env)->parent;
}

/* Create a CPU of the named model (NULL = default); NULL + *err on failure. */
X86CPU *x86_cpu_new(const char *model, char **err);
void x86_cpu_free(X86CPU *cpu);
/* Print the models for -cpu help. */
void x86_cpu_list(FILE *f);
/* Linux user-mode initial state: flat 0x73/0x7b segments, EFLAGS 0x202; env
 * must be all zero before (x86_cpu_new's is). */
void x86_cpu_reset_user(CPUX86State *env);

uint32_t x86_cpu_get_eflags(const CPUX86State *env);
/* Set the EFLAGS bits in mask to val (arithmetic flags, DF, the rest). */
void x86_cpu_set_eflags(CPUX86State *env, uint32_t val, uint32_t mask);

/* Arithmetic flags (CF PF AF ZF SF OF) from the lazy state. */
uint32_t x86_cc_compute_all(uint32_t cc_op, uint32_t dst, uint32_t src, uint32_t src2);
/* ZF SF PF of result res whose sign bit is sign (0x80, 0x8000, 0x80000000). */
uint32_t x86_cc_szp(uint32_t res, uint32_t sign);

/* User-mode segment register load from user_gdt/user_ldt: 0 or -1. */
int x86_cpu_load_seg(CPUX86State *env, int seg, uint32_t selector);

/* CPUID.1:EDX, the ELF AT_HWCAP value. */
uint32_t x86_cpu_hwcap(const CPUX86State *env);
/* The CPUID instruction: leaf in eax (and ecx), results in out[4]. */
void x86_cpu_cpuid(const CPUX86State *env, uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

#endif
