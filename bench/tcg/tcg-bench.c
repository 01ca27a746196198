/*
 * Measures the execution core with the toy guest of tests/unit: translation
 * speed (guest insns translated per second, host bytes per guest insn) and
 * the cost of a chained TB-to-TB transition, of an indirect one (goto_ptr), and
 * of a return to the CPU loop.
 * Usage: tcg-bench [blocks]. Prints one "name: value unit" line per figure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec/tb.h"
#include "tests/unit/toy-target.h"

#define GUEST_SIZE (64u << 20)
#define CODE 0x1000

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);   /* CPU time: robust on a busy host */
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static TBContext *bench_cache(uint8_t *mem, bool nochain, bool interpret)
{
    TBConfig cfg = { 0 };

    cfg.ops = &toy_target_ops;
    cfg.user_mode = true;
    cfg.guest_base = (uintptr_t)mem;
    cfg.nochain = nochain;
    cfg.interpret = interpret;
    return tb_context_new(&cfg);
}

static int bench_run(ToyCPU *cpu, uint32_t pc)
{
    int r;

    cpu->env.pc = pc;
    do {
        r = cpu_exec(&cpu->parent);
    } while (r == EXCP_INTERRUPT);
    return r;
}

/* Straight-line code: `blocks` TBs of 7 adds and a branch, each run once. */
static void bench_translate(uint8_t *mem, int blocks)
{
    uint32_t *p = (uint32_t *)(mem + CODE);
    ToyCPU cpu;
    TBStats st;
    TBContext *tbc = bench_cache(mem, false, false);
    double t0, t;

    *p++ = TOY_INSN(TOY_MOVI, 7, 1, 0);
    for (int b = 0; b < blocks; b++) {
        for (int i = 0; i < 7; i++) {
            *p++ = TOY_INSN(TOY_ADDI, i % 6, (i + 1) % 6, i + 1);
        }
        *p++ = TOY_INSN(TOY_BNZ, 7, 0, 1);
    }
    *p = TOY_INSN(TOY_HALT, 0, 0, 0);
    memset(&cpu, 0, sizeof(cpu));
    cpu_init_exec(&cpu.parent, tbc);
    t0 = now();
    bench_run(&cpu, CODE);
    t = now() - t0;
    tb_context_stats(tbc, &st);
    printf("translated blocks: %llu\n", (unsigned long long)st.tbs);
    printf("translation speed: %.2f M guest insns/s (translate + run once)\n",
           st.insns / t / 1e6);
    printf("host code: %.1f bytes per guest insn\n", (double)st.code_bytes / st.insns);
    cpu_exec_detach(&cpu.parent);
    tb_context_free(tbc);
}

/* A ring of 64 one-insn-plus-branch blocks run `laps` times. */
static double bench_ring(uint8_t *mem, bool nochain, bool interpret, long laps, long *tbs)
{
    uint32_t *p = (uint32_t *)(mem + CODE);
    ToyCPU cpu;
    TBContext *tbc = bench_cache(mem, nochain, interpret);
    double t0, t;

    *p++ = TOY_INSN(TOY_MOVI, 7, 1, 0);
    *p++ = TOY_INSN(TOY_MOVI, 0, laps & 0xff, (laps >> 8) & 0xff);
    for (int b = 0; b < 64; b++) {
        *p++ = TOY_INSN(TOY_ADDI, 1, 1, 1);
        *p++ = TOY_INSN(TOY_BNZ, 7, 0, 1);
    }
    *p++ = TOY_INSN(TOY_ADDI, 0, 0, -1);
    *p++ = TOY_INSN(TOY_BNZ, 0, 0, -(2 * 64 + 1));
    *p = TOY_INSN(TOY_HALT, 0, 0, 0);
    memset(&cpu, 0, sizeof(cpu));
    cpu_init_exec(&cpu.parent, tbc);
    bench_run(&cpu, CODE);      /* warm: translate and chain */
    t0 = now();
    bench_run(&cpu, CODE);
    t = now() - t0;
    *tbs = laps * 65;
    cpu_exec_detach(&cpu.parent);
    tb_context_free(tbc);
    return t;
}

/*
 * A ring of 32 blocks, each `addi; movi r2, next; jr r2`: every transition
 * is an indirect jump (goto_ptr: the jump-cache probe in generated code).
 */
static double bench_jr_ring(uint8_t *mem, long laps, long *tbs)
{
    uint32_t *p = (uint32_t *)(mem + CODE);
    ToyCPU cpu;
    TBContext *tbc = bench_cache(mem, false, false);
    double t0, t;

    *p++ = TOY_INSN(TOY_MOVI, 0, laps & 0xff, (laps >> 8) & 0xff);
    for (int b = 0; b < 32; b++) {
        uint32_t next = CODE + 4 * (1 + 3 * (b + 1));

        *p++ = TOY_INSN(TOY_ADDI, 1, 1, 1);
        *p++ = TOY_INSN(TOY_MOVI, 2, next & 0xff, next >> 8);
        *p++ = TOY_INSN(TOY_JR, 2, 0, 0);
    }
    *p++ = TOY_INSN(TOY_ADDI, 0, 0, -1);
    *p++ = TOY_INSN(TOY_BNZ, 0, 0, -(3 * 32 + 1));
    *p = TOY_INSN(TOY_HALT, 0, 0, 0);
    memset(&cpu, 0, sizeof(cpu));
    cpu_init_exec(&cpu.parent, tbc);
    bench_run(&cpu, CODE);      /* warm */
    t0 = now();
    bench_run(&cpu, CODE);
    t = now() - t0;
    *tbs = laps * 33;
    cpu_exec_detach(&cpu.parent);
    tb_context_free(tbc);
    return t;
}

int main(int argc, char **argv)
{
    int blocks = argc > 1 ? atoi(argv[1]) : 20000;
    uint8_t *mem = toy_guest_mem(GUEST_SIZE);
    long tbs;
    double t;

    if (!mem || blocks <= 0 || blocks > 1000000) {
        fprintf(stderr, "usage: tcg-bench [blocks (1..1000000)]\n");
        return 1;
    }
    bench_translate(mem, blocks);
    t = bench_ring(mem, false, false, 30000, &tbs);
    printf("chained transition: %.2f ns per TB (1 add + exit check + jump)\n", t / tbs * 1e9);
    t = bench_jr_ring(mem, 30000, &tbs);
    printf("indirect transition (jr): %.2f ns per TB (3 insns + jump-cache probe)\n",
           t / tbs * 1e9);
    t = bench_ring(mem, true, false, 3000, &tbs);
    printf("unchained (via CPU loop): %.2f ns per TB\n", t / tbs * 1e9);
    t = bench_ring(mem, false, true, 1000, &tbs);
    printf("interpreted: %.2f ns per TB\n", t / tbs * 1e9);
    return 0;
}
