/*
 * The translation-block cache as the rest of emu sees it: create it, attach
 * CPUs, and tell it when guest code may have changed. How blocks are stored,
 * hashed and chained is private to exec/ (see exec/README).
 */
#ifndef EXEC_TB_H
#define EXEC_TB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/cpu.h"
#include "exec/translation-block.h"

typedef struct TBContext TBContext;

/* What a TB is looked up by. */
typedef struct TBKey {
    uint64_t pc, cs_base;
    uint32_t flags, cflags;
} TBKey;

/*
 * A jump chained from goto_tb slot `slot` of the TB at `from` to the TB at
 * `to`. from's code is identified by its guest code (size and an FNV-1a hash
 * of those bytes) and hotness: the same bytes translate to the same jumps.
 */
typedef struct TBChainNote {
    TBKey from, to;
    uint32_t from_size, from_hash;
    uint8_t slot;
    bool from_hot;
} TBChainNote;

typedef struct TBConfig {
    const TargetOps *ops;
    size_t code_size;             /* code buffer bytes (-tb-size MB << 20) */
    bool user_mode;               /* guest address a is host guest_base + a */
    uintptr_t guest_base;
    const struct Log *log;        /* -d categories and -D destination */
    bool cosim;                   /* run every TB compiled and interpreted */
    bool nochain;                 /* never chain TBs (-d nochain) */
    bool interpret;               /* run every TB in the IR interpreter (debugging) */
    /* User mode: 2 GiB reserved without access below and above the 4 GiB of
     * guest memory, so accesses may fold displacements (tcg_liveness;
     * a wrapping one faults there: cpu_restart_unfolded). */
    bool guest_guard;
    /*
     * If set, one line "host-start size name" (hex; name guest_<pc>) per
     * translated block, the format of perf's /tmp/perf-<pid>.map, so that
     * `perf report` names generated code by guest address.
     */
    FILE *perfmap;
    /*
     * User mode: the PROT_* bits the guest gave the page holding guest_addr
     * (-1 if unmapped; PROT_EXEC must come with PROT_READ). Code pages are
     * write-protected only when writable, and get these bits (less
     * PROT_EXEC) back when their TBs go. NULL: read/write assumed.
     */
    int (*page_prot)(void *opaque, uint64_t guest_addr);
    void *page_prot_opaque;
    /*
     * User mode with page_prot: the translator's code fetches (cpu_ld*_data_ra
     * inside TargetOps.translate) are checked first. A page page_prot gives
     * as -1 or without PROT_EXEC ends the block before the insn that reaches
     * it; if that is the block's first insn, cpu_exec returns this exception
     * (x86: 14, #PF) with cpu->fault_addr = the first refused byte,
     * cpu->error_code = 0x14 (unmapped) or 0x15, and the guest state untouched.
     */
    int fetch_fault_excp;
    /*
     * System mode: guest memory accesses of qemu_ld/st that the inline TLB
     * does not satisfy, and of the cpu_*_data_ra accessors. May raise a guest
     * exception with cpu_loop_exit_restore(cpu, ra).
     */
    uint64_t (*mem_read)(CPUState *cpu, uint64_t addr, MemOpIdx oi, uintptr_t ra);
    void (*mem_write)(CPUState *cpu, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t ra);
    /*
     * If set, called under the cache's lock with the key of each block the
     * CPU loop has translated (not those of tb_pretranslate). linux-user
     * passes a forked child's blocks to its parent this way.
     */
    void (*translated)(void *opaque, uint64_t pc, uint64_t cs_base, uint32_t flags,
                       uint32_t cflags, bool hot);
    void *translated_opaque;
    /* If set, likewise for each jump the CPU loop chains (user mode);
     * tb_chain_note describes it. */
    void (*chained)(void *opaque, TBContext *tbc, const TranslationBlock *from, int slot,
                    const TranslationBlock *to);
} TBConfig;

#define TB_DEFAULT_CODE_SIZE (256u << 20)

/* Create the cache and its TCG context; NULL with a message on failure. */
TBContext *tb_context_new(const TBConfig *cfg);
void tb_context_free(TBContext *tbc);

/* Attach a CPU (its ops, env and jump cache) to the cache before cpu_exec. */
int cpu_init_exec(CPUState *cpu, TBContext *tbc);
/* Detach it again (thread exit) before its memory goes away. */
void cpu_exec_detach(CPUState *cpu);

/*
 * Guest code in [start, end) may have changed (a write, munmap, mprotect):
 * drop every TB that overlaps it and unchain jumps into them. Any thread.
 */
void tb_invalidate_range(TBContext *tbc, uint64_t start, uint64_t end);

/*
 * User mode: the host pages holding translated guest code are write-protected.
 * A guest write to such a page faults; the SIGSEGV handler calls this with the
 * guest address. Returns true if the fault was ours (the page is made
 * writable again and its TBs invalidated; the write can be retried).
 */
bool tb_handle_code_write_fault(TBContext *tbc, uint64_t guest_addr);

/*
 * The precise forms, for x86-style self-modifying code. Guest code in
 * [start, end) is about to be written by the insn running on cpu whose host
 * address is host_pc (a faulting host pc, or a helper's GETPC()/ra; 0 when
 * unknown). Like tb_invalidate_range, but if the TB being executed is hit,
 * it does not return: the guest state goes back to the writing insn, the CPU
 * loop restarts and runs that insn alone, then the new code. Call it before
 * making the write (system-mode mem_write, helpers); from a signal handler
 * the handler must allow the longjmp (SA_NODEFER), as for cpu_loop_exit.
 */
void tb_invalidate_range_cpu(CPUState *cpu, uint64_t start, uint64_t end, uintptr_t host_pc);

/*
 * User mode: tb_handle_code_write_fault with the precise behaviour above,
 * for a write fault at guest_addr by the host instruction at host_pc (the
 * signal's RIP) on cpu's thread. TB_WRITE_RESTART: the write hit the TB
 * being executed; the guest state is back at the writing insn and
 * exception_index is EXCP_NONE: leave the handler with cpu_loop_exit(cpu)
 * (after restoring the signal mask); cpu_exec then goes on by itself.
 */
typedef enum TBWriteFault {
    TB_WRITE_NOT_OURS,      /* not a write to translated code */
    TB_WRITE_RETRY,         /* page writable again: return to retry */
    TB_WRITE_RESTART,       /* see above */
} TBWriteFault;

TBWriteFault tb_handle_code_write_fault_cpu(CPUState *cpu, uint64_t guest_addr,
                                            uintptr_t host_pc);

/*
 * fork() of a process whose other threads may be translating or running
 * code: tb_fork_prepare before fork (waits for the cache to be quiet and
 * keeps it so), tb_fork_parent after it in the parent, tb_fork_child in
 * the child, where cpu (the forking thread's) is the one CPU left.
 */
void tb_fork_prepare(TBContext *tbc);
void tb_fork_parent(TBContext *tbc);
void tb_fork_child(TBContext *tbc, CPUState *cpu);

/*
 * Translate the block of this key now, unless it is cached, so that it is
 * there when the guest gets to it (a parent translating what its forked
 * children ran: every later child inherits it). cpu's thread, outside
 * cpu_exec. Only in user mode with page_prot and a process of one CPU; a key
 * whose first insn could touch a page that is not executable is skipped.
 * Returns false when nothing more should be tried (buffer full, unsupported).
 */
bool tb_pretranslate(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags,
                     uint32_t cflags, bool hot);

/*
 * Chain the jump of n here too, as tb_pretranslate does for blocks: when
 * both TBs are cached, from's guest code is the one n describes and the jump
 * is not a backward one to a TB that is not hot yet (the CPU loop first
 * counts those). Same conditions of use as tb_pretranslate.
 */
void tb_prechain(CPUState *cpu, const TBChainNote *n);
/* The note of a chained jump (in TBConfig.chained). */
void tb_chain_note(TBContext *tbc, const TranslationBlock *from, int slot,
                   const TranslationBlock *to, TBChainNote *n);

/* Drop all TBs (also done automatically when the code buffer fills). */
void tb_flush(TBContext *tbc);

/* Counters since the cache was created. */
typedef struct TBStats {
    uint64_t tbs;                 /* blocks translated */
    uint64_t insns;               /* guest insns translated */
    uint64_t code_bytes;          /* host code bytes generated */
    uint64_t flushes;
    uint64_t cosim_checked;       /* blocks run both ways and compared */
    uint64_t cosim_diffs;         /* of which differed */
} TBStats;

void tb_context_stats(TBContext *tbc, TBStats *st);

/* The TB containing host_pc, or NULL. */
TranslationBlock *tb_find_by_host_pc(TBContext *tbc, uintptr_t host_pc);

#endif
