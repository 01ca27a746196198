/*
 * Sorting: libc qsort with a comparison callback, a hand-written bottom-up
 * merge sort on integers and qsort of short strings, each verified sorted.
 * Exercises calls/returns through function pointers, branches and loads.
 */
#include "bench.h"

#include <string.h>

#define NUM_INTS (128 * 1024)
#define NUM_STRS (16 * 1024)
#define STR_LEN 12

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a;
    uint32_t y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void merge_sort(uint32_t *a, uint32_t *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            }
            while (i < mid) {
                tmp[k++] = a[i++];
            }
            while (j < hi) {
                tmp[k++] = a[j++];
            }
        }
        memcpy(a, tmp, n * sizeof(*a));
    }
}

static void check_sorted_u32(const uint32_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (a[i - 1] > a[i]) {
            fprintf(stderr, "sort: integers not sorted at %zu\n", i);
            exit(1);
        }
    }
}

static uint32_t sort_round(uint32_t *a, uint32_t *b, uint32_t *tmp, char **strs,
                           uint32_t *state)
{
    uint32_t sum = BENCH_FNV_INIT;

    for (size_t i = 0; i < NUM_INTS; i++) {
        a[i] = bench_rand(state);
        b[i] = a[i] % 100000;
    }
    qsort(a, NUM_INTS, sizeof(*a), cmp_u32);
    check_sorted_u32(a, NUM_INTS);
    merge_sort(b, tmp, NUM_INTS);
    check_sorted_u32(b, NUM_INTS);
    for (size_t i = 0; i < NUM_STRS; i++) {
        for (int k = 0; k < STR_LEN - 1; k++) {
            strs[i][k] = 'a' + bench_rand(state) % 4;
        }
        strs[i][STR_LEN - 1] = '\0';
    }
    qsort(strs, NUM_STRS, sizeof(*strs), cmp_str);
    for (size_t i = 1; i < NUM_STRS; i++) {
        if (strcmp(strs[i - 1], strs[i]) > 0) {
            fprintf(stderr, "sort: strings not sorted at %zu\n", i);
            exit(1);
        }
    }
    sum = bench_fnv(sum, a, NUM_INTS * sizeof(*a));
    sum = bench_fnv(sum, b, NUM_INTS * sizeof(*b));
    for (size_t i = 0; i < NUM_STRS; i += 64) {
        sum = bench_fnv(sum, strs[i], STR_LEN);
    }
    return sum;
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 10);
    uint32_t *a = bench_alloc(NUM_INTS * sizeof(uint32_t));
    uint32_t *b = bench_alloc(NUM_INTS * sizeof(uint32_t));
    uint32_t *tmp = bench_alloc(NUM_INTS * sizeof(uint32_t));
    char *pool = bench_alloc(NUM_STRS * STR_LEN);
    char **strs = bench_alloc(NUM_STRS * sizeof(char *));
    uint32_t state = 2463534242u;
    uint32_t sum = BENCH_FNV_INIT;

    for (long r = 0; r < n; r++) {
        for (size_t i = 0; i < NUM_STRS; i++) {
            strs[i] = pool + i * STR_LEN;
        }
        sum = bench_fnv_u32(sum, sort_round(a, b, tmp, strs, &state));
    }
    free(strs);
    free(pool);
    free(tmp);
    free(b);
    free(a);
    return bench_report("sort", n, sum);
}
