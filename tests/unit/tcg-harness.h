/*
 * A bench for running hand-built IR blocks twice: compiled by the x86-64
 * backend and interpreted, each on its own copy of env and guest memory,
 * so tests can compare the two and check results against expected values.
 */
#ifndef TESTS_UNIT_TCG_HARNESS_H
#define TESTS_UNIT_TCG_HARNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"

#define HARNESS_GUEST_SIZE (1u << 20)
#define HARNESS_WINDOW 0x10000      /* guest memory ops stay in [W, W + 0x8000 + 8) */
#define HARNESS_CODE_SIZE (4u << 20)
#define HARNESS_FAKE_TB ((uintptr_t)0x1000)

typedef struct TestEnv {
    uint32_t g32[8];
    uint64_t g64[8];
    uint8_t scratch[64];    /* for host ld/st ops (never a global's field) */
} TestEnv;

typedef struct TestCPU {
    CPUState cpu;
    TestEnv env;
    uint8_t *mem;           /* its guest memory (system-mode accessors) */
} TestCPU;

typedef struct Harness {
    TCGContext *s;
    uint8_t *code;
    uint8_t *mem[2];        /* guest memory: [0] compiled, [1] interpreted */
    TestCPU cpu[2];         /* env: [0] compiled, [1] interpreted */
    TCGv_i32 g32[8];
    TCGv_i64 g64[8];
    unsigned features;      /* the host's, as detected */
    bool system;            /* guest memory through the inline TLB + accessors */
    uintptr_t ret[2];       /* exit values of the last run */
} Harness;

/* Pure, global-touching and global-reading helpers for call ops. */
extern const TCGHelperInfo harness_mix_info;    /* i64 (i64, i64, i32), NO_RWG_SE */
extern const TCGHelperInfo harness_touch_info;  /* void (env): writes g32[1], g64[2] */
extern const TCGHelperInfo harness_read_info;   /* i32 (env), NO_WG: reads g32[0], g64[1] */

/* user: guest_base + addr; system: software TLB (some pages unmapped in it,
 * one read-only in it) and accessors over the same memory. */
Harness *harness_new(bool system);
void harness_free(Harness *h);
/* Start a new block; envs and memories are left as they are. */
void harness_start(Harness *h);
/* Set both copies of env/memory from env 0 and memory 0. */
void harness_sync_copies(Harness *h);
/* Optimise and compile the block, run it both ways. -1 if compilation failed. */
int harness_run(Harness *h);
/* Compare the two runs; prints differences to stderr; true if identical. */
bool harness_same(Harness *h);

#endif
