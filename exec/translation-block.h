/*
 * A translation block: one run of guest code compiled to host code.
 * Front ends read pc/cs_base/flags/cflags and set size and icount while
 * translating; everything after `private` belongs to exec/.
 */
#ifndef EXEC_TRANSLATION_BLOCK_H
#define EXEC_TRANSLATION_BLOCK_H

#include <stdint.h>

#include "exec/cpu.h"

/* cflags: how the block was asked to be translated. */
enum {
    CF_COUNT_MASK = 0x1ff,        /* max insns (0 = default) */
    CF_NOCHAIN = 0x200,           /* do not emit goto_tb chaining */
    CF_SINGLE_STEP = 0x400,       /* one instruction, for gdb / cosim replay */
};

/*
 * Backward direct jumps to a TB taken this many times make it hot: a loop
 * head (exec/cpu-exec.c tb_heat). Until then they are not chained, so that
 * they come back to the CPU loop to be counted (a few hundred ns in all).
 * gcc also jumps back from blocks it moved out of line, once per run of the
 * function; code run once (tcheavy) never gets there.
 */
#define TB_HOT_BACK_JUMPS 16

/* goto_tb slots of a TB: tcg/tcg.h's TCG_MAX_GOTO_TB (checked in translate-all.c). */
#define TB_JMP_SLOTS 4

struct TranslationBlock {
    /* The key. */
    uint64_t pc;
    uint64_t cs_base;
    uint32_t flags;
    uint32_t cflags;
    /* Set by exec/ before translation: a loop head (the target of a backward
     * jump), worth a larger TB (the front end may go on past branches). */
    bool hot;
    /* Set by the front end. */
    uint32_t size;                /* bytes of guest code covered */
    uint32_t icount;              /* guest instructions */

    /* private: exec/ and tcg/ only */
    const uint8_t *tc_ptr;        /* host code (NULL when interpreted) */
    uint32_t tc_size;
    volatile bool invalid;        /* dropped: never entered again */
    struct TCGIR *ir;             /* the IR, kept for -interpret and cosim */
    const struct TCGInsnRecord *insns;   /* host offset + insn_start words */
    uint32_t nb_insns;
    const uint32_t *fault_words;  /* where changed globals are at accesses (tcg/fault.c) */
    uint32_t nb_fault_words;
    uint64_t page_addr[2];        /* guest pages holding its code; -1: none */
    uintptr_t page_next[2];       /* per-page lists: next tb | page slot */
    TranslationBlock *hash_next;
    uint32_t jmp_insn_offset[TB_JMP_SLOTS];  /* goto_tb rel32 offset in tc_ptr; 0: none */
    uint32_t jmp_reset_offset[TB_JMP_SLOTS]; /* where that jump goes when unchained */
    TranslationBlock *jmp_dest[TB_JMP_SLOTS];    /* chained successor of each slot */
    uintptr_t jmp_list_head;      /* incoming chained jumps: tb | slot */
    uintptr_t jmp_list_next[TB_JMP_SLOTS];
    uint32_t back_jumps;          /* backward jumps to it seen unchained (tb_heat) */
};

#endif
