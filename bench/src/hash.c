/*
 * Integer hashing: CRC-32 (table driven), a Murmur3-style 32-bit mixer and a
 * 64-bit multiply-xorshift hash over a buffer, repeated n times.
 * Exercises ALU ops, shifts, rotates, 32x32->64 multiplies and flags.
 */
#include "bench.h"

#include <string.h>

#define BUF_SIZE (64 * 1024)

static void crc32_table_init(uint32_t *table)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        }
        table[i] = c;
    }
}

static uint32_t crc32_buf(const uint32_t *table, const unsigned char *p, size_t len)
{
    uint32_t c = 0xffffffffu;

    for (size_t i = 0; i < len; i++) {
        c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    }
    return c ^ 0xffffffffu;
}

static inline uint32_t rotl32(uint32_t x, int r)
{
    return (x << r) | (x >> (32 - r));
}

static uint32_t murmur_buf(const unsigned char *p, size_t len, uint32_t seed)
{
    uint32_t h = seed;

    for (size_t i = 0; i + 4 <= len; i += 4) {
        uint32_t k;
        memcpy(&k, p + i, 4);
        k *= 0xcc9e2d51u;
        k = rotl32(k, 15);
        k *= 0x1b873593u;
        h ^= k;
        h = rotl32(h, 13);
        h = h * 5 + 0xe6546b64u;
    }
    h ^= (uint32_t)len;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

static uint64_t mx64_buf(const unsigned char *p, size_t len, uint64_t seed)
{
    uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ull);

    for (size_t i = 0; i + 8 <= len; i += 8) {
        uint64_t k;
        memcpy(&k, p + i, 8);
        k *= 0xff51afd7ed558ccdull;
        k ^= k >> 33;
        h = (h ^ k) * 0xc4ceb9fe1a85ec53ull;
        h += h >> 29;
    }
    return h;
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 2000);
    unsigned char *buf = bench_alloc(BUF_SIZE);
    uint32_t table[256];
    uint32_t state = 12345;
    uint32_t sum = BENCH_FNV_INIT;

    crc32_table_init(table);
    for (size_t i = 0; i < BUF_SIZE; i++) {
        buf[i] = (unsigned char)bench_rand(&state);
    }
    for (long r = 0; r < n; r++) {
        uint32_t c = crc32_buf(table, buf, BUF_SIZE);
        uint32_t m = murmur_buf(buf, BUF_SIZE, c);
        uint64_t x = mx64_buf(buf, BUF_SIZE, m);
        sum = bench_fnv_u32(sum, c);
        sum = bench_fnv_u32(sum, m);
        sum = bench_fnv(sum, &x, sizeof(x));
        /* Perturb one byte so no round can be hoisted or cached. */
        buf[r % BUF_SIZE] ^= (unsigned char)x;
    }
    free(buf);
    return bench_report("hash", n, sum);
}
