/*
 * Shared helpers of the guest benchmark programs: argument parsing, a
 * deterministic pseudo-random generator and the checksum every program prints.
 * Header only, so each benchmark stays one self-contained static binary.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* FNV-1a, 32 bits: the checksum all programs fold their results into. */
#define BENCH_FNV_INIT 0x811c9dc5u

static inline uint32_t bench_fnv(uint32_t h, const void *data, size_t len)
{
    const unsigned char *p = data;

    for (size_t i = 0; i < len; i++) {
        h = (h ^ p[i]) * 0x01000193u;
    }
    return h;
}

static inline uint32_t bench_fnv_u32(uint32_t h, uint32_t v)
{
    return bench_fnv(h, &v, sizeof(v));
}

/* xorshift32: cheap, deterministic, the same on every host. */
static inline uint32_t bench_rand(uint32_t *state)
{
    uint32_t x = *state;

    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* The optional first argument scales the work; it must be a positive count. */
static inline long bench_arg(int argc, char **argv, long dflt)
{
    char *end;
    long v;

    if (argc < 2) {
        return dflt;
    }
    v = strtol(argv[1], &end, 10);
    if (*argv[1] == '\0' || *end != '\0' || v <= 0) {
        fprintf(stderr, "%s: the argument must be a positive count, not '%s'\n", argv[0],
                argv[1]);
        exit(2);
    }
    return v;
}

static inline void *bench_alloc(size_t size)
{
    void *p = malloc(size);

    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", size);
        exit(1);
    }
    return p;
}

/* The one line of output that the harness compares across runners. */
static inline int bench_report(const char *name, long n, uint32_t sum)
{
    printf("%s n=%ld checksum=%08x\n", name, n, sum);
    return 0;
}

#endif
