/*
 * A small JIT: generates thousands of distinct functions into executable
 * memory and calls each, so that an emulator translates some 10 MB of host
 * code (enough to fill a small code buffer several times), then calls them
 * all again in another order and rewrites half of them.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define NFUNCS 4000
#define FUNC_SIZE 256
#define NADDS 60

/* mov $seed,%eax; NADDS x (add $k,%eax / xor $k,%eax); ret */
static void gen(uint8_t *p, uint32_t seed)
{
    *p++ = 0xb8;
    memcpy(p, &seed, 4);
    p += 4;
    for (int k = 0; k < NADDS; k++) {
        *p++ = 0x83;
        *p++ = (seed >> (k % 29)) & 1 ? 0xc0 : 0xf0;     /* add / xor imm8 */
        *p++ = (uint8_t)(seed * (k + 3));
    }
    *p = 0xc3;
}

int main(void)
{
    uint8_t *code = mmap(NULL, (size_t)NFUNCS * FUNC_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t sum = 0;

    if (code == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    for (uint32_t i = 0; i < NFUNCS; i++) {
        gen(code + (size_t)i * FUNC_SIZE, i * 2654435761u);
    }
    for (uint32_t i = 0; i < NFUNCS; i++) {
        sum = sum * 3 + ((uint32_t (*)(void))(code + (size_t)i * FUNC_SIZE))();
    }
    printf("first pass: %#x\n", sum);
    for (uint32_t i = 0; i < NFUNCS; i += 2) {
        gen(code + (size_t)i * FUNC_SIZE, i * 40503u + 1);
    }
    for (uint32_t j = 0; j < NFUNCS; j++) {
        uint32_t i = (j * 7919u) % NFUNCS;
        sum = sum * 5 + ((uint32_t (*)(void))(code + (size_t)i * FUNC_SIZE))();
    }
    printf("second pass: %#x\n", sum);
    return 0;
}
