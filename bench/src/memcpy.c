/*
 * Memory copying: libc memcpy, memmove and memset on small random sizes,
 * 4 KiB blocks and 1 MiB buffers, plus a plain word-copy loop.
 * Exercises string instructions or SSE copies (as libc picks) and bandwidth.
 */
#include "bench.h"

#include <string.h>

#define BIG (1024 * 1024)

static void copy_words(uint32_t *dst, const uint32_t *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        dst[i] = src[i] ^ (uint32_t)i;
    }
}

static uint32_t copy_round(unsigned char *src, unsigned char *dst, uint32_t *state)
{
    uint32_t sum = BENCH_FNV_INIT;

    /* Small copies of random sizes at random offsets. */
    for (int i = 0; i < 20000; i++) {
        uint32_t r = bench_rand(state);
        size_t len = 1 + r % 96;
        size_t from = (r >> 8) % (BIG - 128);
        size_t to = (r >> 3) % (BIG - 128);
        memcpy(dst + to, src + from, len);
    }
    /* 4 KiB blocks, the page-sized copies kernels and allocators do. */
    for (size_t off = 0; off + 4096 <= BIG; off += 4096) {
        memcpy(dst + off, src + (BIG - 4096 - off), 4096);
    }
    /* Whole-buffer copies and overlapping moves. */
    memcpy(src, dst, BIG);
    memmove(src + 1, src, BIG - 1);
    memmove(dst, dst + 3, BIG - 3);
    memset(dst + (bench_rand(state) % 1024), (int)(bench_rand(state) & 0xff), BIG / 2);
    copy_words((uint32_t *)src, (const uint32_t *)dst, BIG / 4);
    for (size_t i = 0; i < BIG; i += 997) {
        sum = bench_fnv(sum, src + i, 8);
        sum = bench_fnv(sum, dst + i, 8);
    }
    return sum;
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 300);
    unsigned char *src = bench_alloc(BIG);
    unsigned char *dst = bench_alloc(BIG);
    uint32_t state = 88172645u;
    uint32_t sum = BENCH_FNV_INIT;

    for (size_t i = 0; i < BIG; i++) {
        src[i] = (unsigned char)bench_rand(&state);
        dst[i] = (unsigned char)i;
    }
    for (long r = 0; r < n; r++) {
        sum = bench_fnv_u32(sum, copy_round(src, dst, &state));
    }
    sum = bench_fnv(sum, src, BIG);
    sum = bench_fnv(sum, dst, BIG);
    free(dst);
    free(src);
    return bench_report("memcpy", n, sum);
}
