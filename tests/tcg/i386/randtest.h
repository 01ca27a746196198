/*
 * Random differential tester for the i386 front end: the generator (randtest-
 * gen.c) turns (seed, case number) into an initial CPU state and a sequence of
 * instruction "units"; the runner (randtest.c) executes them in-process and
 * prints a digest of the final state.  See README.
 */
#ifndef TESTS_TCG_I386_RANDTEST_H
#define TESTS_TCG_I386_RANDTEST_H

#include <stddef.h>
#include <stdint.h>

#define RT_SCRATCH_SIZE 8192    /* data [0, 2048), stack above it */
#define RT_DATA_SIZE 2048
#define RT_STACK_TOP 5120       /* initial esp offset inside scratch */
#define RT_SCRATCH_LOW 0x8000u    /* below 64 KiB: 16-bit address forms reach it */
#define RT_SCRATCH_HIGH 0x20000000u /* when vm.mmap_min_addr forbids the low one */
#define RT_CODE_ADDR 0x30000000u
#define RT_CODE_SIZE 65536
#define RT_MAX_UNITS 64

enum {
    RT_CLASS_INT = 1,
    RT_CLASS_X87 = 2,
    RT_CLASS_SSE = 4,           /* MMX, SSE and SSE2 */
    RT_CLASS_SSE3 = 8,          /* SSE3 and SSSE3 (and fisttp) */
    RT_CLASS_ALL = 15,
};

typedef struct Rng {
    uint64_t s;
} Rng;

static inline uint64_t rng_next(Rng *r)
{
    /* splitmix64 */
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline uint32_t rng_below(Rng *r, uint32_t n)
{
    /* 32-bit modulo: a 64-bit one is a libgcc call in i386 code */
    return (uint32_t)(rng_next(r) >> 32) % n;
}

/* The whole guest-visible state of one case, before or after running it. */
typedef struct RtState {
    uint32_t gpr[8];            /* eax ecx edx ebx esp ebp esi edi */
    uint32_t eflags;
    uint8_t fx[512] __attribute__((aligned(16)));  /* fxsave image */
} RtState;

typedef struct RtCode {
    uint8_t bytes[RT_CODE_SIZE];
    uint32_t len;
    uint32_t n_units;
    uint32_t unit_start[RT_MAX_UNITS];  /* setup instructions start here */
    uint32_t insn_start[RT_MAX_UNITS];  /* the instruction under test */
    uint32_t unit_end[RT_MAX_UNITS];
} RtCode;

/* Build the initial state (registers, FPU/SSE state, scratch contents). */
void rt_gen_state(uint64_t seed, uint64_t case_no, unsigned classes, uint32_t scratch,
                  RtState *st, uint8_t *mem);
/* Build the code of a case, at most max_units units, ending with a jump to exit. */
void rt_gen_code(uint64_t seed, uint64_t case_no, unsigned classes, unsigned max_units,
                 uint32_t scratch, uint32_t exit_addr, RtCode *code);

#endif
