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

struct TranslationBlock {
    /* The key. */
    uint64_t pc;
    uint64_t cs_base;
    uint32_t flags;
    uint32_t cflags;
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
    uint64_t page_addr[2];        /* guest pages holding its code; -1: none */
    uintptr_t page_next[2];       /* per-page lists: next tb | page slot */
    TranslationBlock *hash_next;
    uint32_t jmp_insn_offset[2];  /* goto_tb rel32 offset in tc_ptr; 0: none */
    uint32_t jmp_reset_offset[2]; /* where that jump goes when unchained */
    TranslationBlock *jmp_dest[2];    /* chained successor of each slot */
    uintptr_t jmp_list_head;      /* incoming chained jumps: tb | slot */
    uintptr_t jmp_list_next[2];
};

#endif
