/*
 * The CPU as the execution core sees it: the common CPUState every target
 * embeds, the ops table a target provides, and the CPU loop's entry points.
 * Compiled once for all targets; guest addresses are uint64_t here.
 */
#ifndef EXEC_CPU_H
#define EXEC_CPU_H

#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tcg.h"

typedef struct CPUState CPUState;
typedef struct TranslationBlock TranslationBlock;

/* Exit codes of cpu_exec() that are not target exception numbers. */
enum {
    EXCP_INTERRUPT = 0x10000,   /* cpu_exit() was called: async event pending */
    EXCP_HLT = 0x10001,
    EXCP_DEBUG = 0x10002,
    EXCP_HALTED = 0x10003,
    EXCP_NONE = -1,
};

/* What a target provides (one static const instance per target). */
typedef struct TargetOps {
    const char *name;             /* "i386", "arm", "ppc" */
    /* Offset of the target state (env) from the start of the CPUState. */
    size_t env_offset;
    /* Create the TCG globals for env in a fresh context. */
    void (*tcg_init)(TCGContext *s);
    /* The key of the TB to run next: pc, cs_base, flags. */
    void (*get_tb_state)(CPUState *cpu, uint64_t *pc, uint64_t *cs_base, uint32_t *flags);
    /* Translate one block starting at tb->pc into IR (ops only). */
    void (*translate)(CPUState *cpu, TCGContext *s, TranslationBlock *tb, int max_insns);
    /* Restore the guest state for the insn whose insn_start words are data. */
    void (*restore_state)(CPUState *cpu, const TranslationBlock *tb, const uint64_t *data);
    /* Print the registers (for -d cpu, cosim reports and `info registers`). */
    void (*dump_state)(CPUState *cpu, FILE *f);
    /* Compare two copies of env for co-simulation: 0 if equal, else the
     * number of differences, each printed to f. */
    int (*compare_state)(const void *env_a, const void *env_b, FILE *f);
    size_t env_size;              /* bytes of env copied by co-simulation */
    /* Capstone architecture and mode for in_asm logging (CS_ARCH_*, CS_MODE_*). */
    int disas_arch, disas_mode;
} TargetOps;

/*
 * System mode: the software TLB that generated code searches inline before
 * every guest access (tcg/README, "Guest memory"). Entry i of table mmu_idx
 * maps the guest page whose number is congruent to i: a hit needs
 * (addr & TARGET_PAGE_MASK) == addr_read (loads) or addr_write (stores),
 * with the access inside the page; then host = addend + addr. Set any bit
 * under the page offset (TLB_INVALID, or the softmmu's own flags for MMIO,
 * dirty tracking, watchpoints) to force the slow path (TBConfig.mem_read/
 * mem_write), which may refill the entry. Filled and flushed by the softmmu.
 */
#define TARGET_PAGE_BITS 12
#define TARGET_PAGE_MASK (~(uint64_t)((1u << TARGET_PAGE_BITS) - 1))
#define CPU_TLB_BITS 8
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)
#define NB_MMU_MODES 4
#define TLB_INVALID 1u      /* never matches */

typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;
} CPUTLBEntry;

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

/*
 * Common CPU state. A target's CPU object starts with it and places its env
 * at ops->env_offset, so generated code (which holds env in a register) can
 * reach exit_request at a small negative offset.
 */
struct CPUState {
    const TargetOps *ops;
    void *env;
    int cpu_index;
    int exception_index;          /* set before cpu_loop_exit() */
    uint32_t error_code;
    uint64_t fault_addr;          /* guest address of a memory fault */
    sigjmp_buf jmp_env;
    struct TBContext *tbc;        /* the TB cache this CPU runs from */
    TranslationBlock **tb_jmp_cache;   /* TB_JMP_CACHE_SIZE entries, by pc hash */
    void *opaque;                 /* user mode: the task; system mode: the machine */
    /* Set while a helper touches guest memory: the host return address into
     * generated code, so a fault there can restore the guest state. */
    uintptr_t helper_retaddr;
    volatile int32_t exit_request;     /* read by generated code at each TB entry */
    struct CPUExecPriv *exec_priv;     /* private to exec/ (set by cpu_init_exec) */
    /* System mode: the software TLB (cpu_init_exec invalidates it). */
    CPUTLBEntry tlb[NB_MMU_MODES][CPU_TLB_SIZE];
};

/* Invalidate every TLB entry of the CPU (all MMU modes). */
void cpu_tlb_flush(CPUState *cpu);

static inline void *cpu_env(CPUState *cpu)
{
    return cpu->env;
}

static inline CPUState *env_cpu(void *env, const TargetOps *ops)
{
    return (CPUState *)((char *)env - ops->env_offset);
}

/* Run translated code until an exception or exit; returns its number. */
int cpu_exec(CPUState *cpu);

/* Ask the CPU to return to its loop at the next TB boundary (any thread). */
void cpu_exit(CPUState *cpu);

/* Leave generated code or a helper for the CPU loop (the only longjmp). */
_Noreturn void cpu_loop_exit(CPUState *cpu);
/* Same, after restoring the guest state of the insn at host_pc (GETPC()). */
_Noreturn void cpu_loop_exit_restore(CPUState *cpu, uintptr_t host_pc);
/* Raise exception excp (error code err) from a helper called at host_pc. */
_Noreturn void cpu_raise_exception(CPUState *cpu, int excp, uint32_t err, uintptr_t host_pc);

/* Restore guest state from a host pc inside generated code; 0 if not in a TB. */
int cpu_restore_state(CPUState *cpu, uintptr_t host_pc);
/* Before cpu_restore_state for a host fault at host_pc: floating-point state
 * that generated code keeps in host registers (tcg/fp.h tcg_fp_fault_flags). */
void cpu_restore_host_fp(CPUState *cpu, uintptr_t host_pc, uintptr_t host_sp,
                         uint32_t host_mxcsr);
/* Likewise, first thing for a host SIGSEGV/SIGBUS at host_pc: guest registers
 * that generated code had changed only in host registers go to env.
 * host_regs: the faulting context's rax..r15, in x86 encoding order;
 * host_xmm: its xmm0..15 (or NULL). */
void cpu_restore_host_regs(CPUState *cpu, uintptr_t host_pc, const uint64_t host_regs[16],
                           const uint8_t (*host_xmm)[16]);
/*
 * A host fault in a guard range next to user-mode guest memory (TBConfig
 * guest_guard): an access whose folded displacement wrapped. true: the state
 * is back at its insn, which never folds again, and its block is dropped
 * (leave with cpu_loop_exit); false: not that case.
 */
bool cpu_restart_unfolded(CPUState *cpu, uintptr_t host_pc);
/* Both, from the ucontext_t of a host fault signal: what every handler of a
 * fault in generated code does before cpu_restore_state. */
void cpu_restore_host_context(CPUState *cpu, const void *ucontext);

/* Host return address of the current helper, for cpu_loop_exit_restore. */
#define GETPC() ((uintptr_t)__builtin_return_address(0))

#endif
