/*
 * Pointer chasing: walk a single random cycle of linked nodes (Sattolo's
 * shuffle) in sets of 32 KiB, 2 MiB and 16 MiB (L1, L2 and beyond on most
 * hosts). Each load depends on the previous one: measures load latency.
 */
#include "bench.h"

typedef struct Node {
    struct Node *next;
    uint32_t value;
} Node;

static Node *ring_build(size_t count, uint32_t *state)
{
    Node *nodes = bench_alloc(count * sizeof(Node));
    uint32_t *order = bench_alloc(count * sizeof(uint32_t));

    for (size_t i = 0; i < count; i++) {
        order[i] = (uint32_t)i;
    }
    /* Sattolo: a uniformly random permutation made of one single cycle. */
    for (size_t i = count - 1; i > 0; i--) {
        size_t j = bench_rand(state) % i;
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < count; i++) {
        nodes[order[i]].next = &nodes[order[(i + 1) % count]];
        nodes[i].value = bench_rand(state);
    }
    free(order);
    return nodes;
}

static uint32_t ring_walk(Node *start, long steps)
{
    Node *p = start;
    uint32_t acc = 0;

    for (long i = 0; i < steps; i++) {
        acc += p->value;
        p = p->next;
    }
    return acc ^ (uint32_t)(p - start);
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 8);
    uint32_t state = 521288629u;
    Node *a = ring_build(32 * 1024 / sizeof(Node), &state);
    Node *b = ring_build(2 * 1024 * 1024 / sizeof(Node), &state);
    Node *c = ring_build(16 * 1024 * 1024 / sizeof(Node), &state);
    uint32_t sum = BENCH_FNV_INIT;

    for (long r = 0; r < n; r++) {
        sum = bench_fnv_u32(sum, ring_walk(a + r, 3000000));
        sum = bench_fnv_u32(sum, ring_walk(b + r, 1000000));
        sum = bench_fnv_u32(sum, ring_walk(c + r, 500000));
    }
    free(c);
    free(b);
    free(a);
    return bench_report("ptrchase", n, sum);
}
