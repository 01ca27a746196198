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
    struct TBPrivate *priv;
};

#endif
