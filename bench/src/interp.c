/*
 * Bytecode interpreter: a small register VM with threaded dispatch (computed
 * goto, one indirect jump per instruction), running a Collatz-length sum and a
 * sieve written in its bytecode. Stresses indirect branch prediction/lookup.
 */
#include "bench.h"

#include <string.h>

enum {
    OP_LI,   /* r[a] = imm */
    OP_MOV,  /* r[a] = r[b] */
    OP_ADD,  /* r[a] = r[b] + r[c] */
    OP_ADDI, /* r[a] = r[b] + imm */
    OP_AND,  /* r[a] = r[b] & r[c] */
    OP_SHRI, /* r[a] = r[b] >> imm */
    OP_MULI, /* r[a] = r[b] * imm */
    OP_LD,   /* r[a] = mem[r[b]] */
    OP_ST,   /* mem[r[b]] = r[a] */
    OP_BEQ,  /* if r[a] == r[b] goto imm */
    OP_BLT,  /* if r[a] < r[b] goto imm (unsigned) */
    OP_JMP,  /* goto imm */
    OP_HALT,
};

typedef struct Insn {
    uint8_t op, a, b, c;
    int32_t imm;
} Insn;

#define I(o, a_, b_, c_, i_) {OP_##o, a_, b_, c_, i_}

/*
 * r1 = n (limit), r2 = i, r3 = x, r4 = steps, r5 = total, r6 = 1, r7 = tmp,
 * r8 = const 0: total = sum over i in [1, n) of the Collatz length of i.
 */
static const Insn collatz_prog[] = {
    /* 0 */ I(LI, 2, 0, 0, 1),
    /* 1 */ I(LI, 5, 0, 0, 0),
    /* 2 */ I(LI, 6, 0, 0, 1),
    /* 3 */ I(LI, 8, 0, 0, 0),
    /* 4 */ I(BLT, 2, 1, 0, 6),      /* loop_i: while i < n */
    /* 5 */ I(HALT, 0, 0, 0, 0),
    /* 6 */ I(MOV, 3, 2, 0, 0),
    /* 7 */ I(LI, 4, 0, 0, 0),
    /* 8 */ I(BEQ, 3, 6, 0, 17),     /* loop_x: while x != 1 */
    /* 9 */ I(AND, 7, 3, 6, 0),
    /* 10 */ I(BEQ, 7, 8, 0, 14),
    /* 11 */ I(MULI, 3, 3, 0, 3),    /* odd: x = 3x + 1 */
    /* 12 */ I(ADD, 3, 3, 6, 0),
    /* 13 */ I(JMP, 0, 0, 0, 15),
    /* 14 */ I(SHRI, 3, 3, 0, 1),    /* even: x >>= 1 */
    /* 15 */ I(ADDI, 4, 4, 0, 1),
    /* 16 */ I(JMP, 0, 0, 0, 8),
    /* 17 */ I(ADD, 5, 5, 4, 0),
    /* 18 */ I(ADDI, 2, 2, 0, 1),
    /* 19 */ I(JMP, 0, 0, 0, 4),
};

/*
 * Sieve of Eratosthenes over mem[0..n): r1 = n, r2 = i, r3 = j, r5 = count,
 * r6 = 1, r8 = 0; prime count left in r5.
 */
static const Insn sieve_prog[] = {
    /* 0 */ I(LI, 6, 0, 0, 1),
    /* 1 */ I(LI, 8, 0, 0, 0),
    /* 2 */ I(LI, 2, 0, 0, 0),
    /* 3 */ I(BLT, 2, 1, 0, 5),      /* clear: mem[i] = 1 */
    /* 4 */ I(JMP, 0, 0, 0, 8),
    /* 5 */ I(ST, 6, 2, 0, 0),
    /* 6 */ I(ADDI, 2, 2, 0, 1),
    /* 7 */ I(JMP, 0, 0, 0, 3),
    /* 8 */ I(LI, 2, 0, 0, 2),
    /* 9 */ I(LI, 5, 0, 0, 0),
    /* 10 */ I(BLT, 2, 1, 0, 12),    /* outer: while i < n */
    /* 11 */ I(HALT, 0, 0, 0, 0),
    /* 12 */ I(LD, 7, 2, 0, 0),
    /* 13 */ I(BEQ, 7, 8, 0, 21),
    /* 14 */ I(ADDI, 5, 5, 0, 1),
    /* 15 */ I(ADD, 3, 2, 2, 0),     /* j = 2i */
    /* 16 */ I(BLT, 3, 1, 0, 18),    /* inner: while j < n */
    /* 17 */ I(JMP, 0, 0, 0, 21),
    /* 18 */ I(ST, 8, 3, 0, 0),
    /* 19 */ I(ADD, 3, 3, 2, 0),
    /* 20 */ I(JMP, 0, 0, 0, 16),
    /* 21 */ I(ADDI, 2, 2, 0, 1),
    /* 22 */ I(JMP, 0, 0, 0, 10),
};

static uint32_t vm_run(const Insn *prog, uint32_t *r, uint32_t *mem)
{
    static const void *const dispatch[] = {
        [OP_LI] = &&do_li,     [OP_MOV] = &&do_mov, [OP_ADD] = &&do_add,
        [OP_ADDI] = &&do_addi, [OP_AND] = &&do_and, [OP_SHRI] = &&do_shri,
        [OP_MULI] = &&do_muli, [OP_LD] = &&do_ld,   [OP_ST] = &&do_st,
        [OP_BEQ] = &&do_beq,   [OP_BLT] = &&do_blt, [OP_JMP] = &&do_jmp,
        [OP_HALT] = &&do_halt,
    };
    const Insn *pc = prog;

    goto *dispatch[pc->op];
do_li:
    r[pc->a] = pc->imm;
    pc++;
    goto *dispatch[pc->op];
do_mov:
    r[pc->a] = r[pc->b];
    pc++;
    goto *dispatch[pc->op];
do_add:
    r[pc->a] = r[pc->b] + r[pc->c];
    pc++;
    goto *dispatch[pc->op];
do_addi:
    r[pc->a] = r[pc->b] + pc->imm;
    pc++;
    goto *dispatch[pc->op];
do_and:
    r[pc->a] = r[pc->b] & r[pc->c];
    pc++;
    goto *dispatch[pc->op];
do_shri:
    r[pc->a] = r[pc->b] >> pc->imm;
    pc++;
    goto *dispatch[pc->op];
do_muli:
    r[pc->a] = r[pc->b] * pc->imm;
    pc++;
    goto *dispatch[pc->op];
do_ld:
    r[pc->a] = mem[r[pc->b]];
    pc++;
    goto *dispatch[pc->op];
do_st:
    mem[r[pc->b]] = r[pc->a];
    pc++;
    goto *dispatch[pc->op];
do_beq:
    pc = r[pc->a] == r[pc->b] ? prog + pc->imm : pc + 1;
    goto *dispatch[pc->op];
do_blt:
    pc = r[pc->a] < r[pc->b] ? prog + pc->imm : pc + 1;
    goto *dispatch[pc->op];
do_jmp:
    pc = prog + pc->imm;
    goto *dispatch[pc->op];
do_halt:
    return (uint32_t)(pc - prog);
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 20);
    uint32_t sieve_n = 1u << 16;
    uint32_t *mem = bench_alloc(sieve_n * sizeof(uint32_t));
    uint32_t sum = BENCH_FNV_INIT;
    uint32_t r[16];

    for (long k = 0; k < n; k++) {
        memset(r, 0, sizeof(r));
        r[1] = 20000 + (uint32_t)k;
        sum = bench_fnv_u32(sum, vm_run(collatz_prog, r, mem));
        sum = bench_fnv(sum, r, sizeof(r));
        memset(r, 0, sizeof(r));
        r[1] = sieve_n - (uint32_t)k;
        sum = bench_fnv_u32(sum, vm_run(sieve_prog, r, mem));
        sum = bench_fnv(sum, r, sizeof(r));
        sum = bench_fnv(sum, mem, sieve_n * sizeof(uint32_t));
    }
    free(mem);
    return bench_report("interp", n, sum);
}
