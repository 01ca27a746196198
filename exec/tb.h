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

#include "exec/cpu.h"
#include "exec/translation-block.h"

typedef struct TBContext TBContext;

typedef struct TBConfig {
    const TargetOps *ops;
    size_t code_size;             /* code buffer bytes (-tb-size MB << 20) */
    bool user_mode;               /* guest address a is host guest_base + a */
    uintptr_t guest_base;
    const struct Log *log;        /* -d categories and -D destination */
    bool cosim;                   /* run every TB compiled and interpreted */
    bool nochain;                 /* never chain TBs (-d nochain) */
} TBConfig;

#define TB_DEFAULT_CODE_SIZE (256u << 20)

/* Create the cache and its TCG context; NULL with a message on failure. */
TBContext *tb_context_new(const TBConfig *cfg);
void tb_context_free(TBContext *tbc);

/* Attach a CPU (its ops, env and jump cache) to the cache before cpu_exec. */
void cpu_init_exec(CPUState *cpu, TBContext *tbc);

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

/* Drop all TBs (also done automatically when the code buffer fills). */
void tb_flush(TBContext *tbc);

/* The TB containing host_pc, or NULL. */
TranslationBlock *tb_find_by_host_pc(TBContext *tbc, uintptr_t host_pc);

#endif
