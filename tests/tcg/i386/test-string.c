/*
 * String instructions movs/cmps/scas/lods/stos/ins-free set in byte, word and
 * dword sizes, without and with rep/repe/repne, DF clear and set, counts 0
 * and more, overlapping moves; registers, flags and memory are printed.
 */
#include "common.h"

static uint8_t buf[256];

static void fill(void)
{
    for (int i = 0; i < 256; i++) {
        buf[i] = (uint8_t)(i * 7 + 3);
    }
    buf[100] = 0x55;
    buf[140] = 0x55;
}

static void show(const char *name, uint32_t esi, uint32_t edi, uint32_t ecx, uint32_t eax,
                 uint32_t fl)
{
    uint32_t sum = 0;
    for (int i = 0; i < 256; i++) {
        sum = sum * 31 + buf[i];
    }
    printf("%s: esi %+d edi %+d ecx %08x eax %08x fl %03x mem %08x\n", name,
           (int)(esi - (uint32_t)buf), (int)(edi - (uint32_t)buf), ecx, eax, fl & FL_ARITH, sum);
}

/* One string op with the given prefix text, df, count and pointers. */
#define STR_OP(name, text, df, cnt, s_off, d_off, a) \
    do { \
        uint32_t s = (uint32_t)buf + (s_off), d = (uint32_t)buf + (d_off), c = (cnt), \
                 ax = (a), f; \
        fill(); \
        asm volatile("push $0x8d5\n\tpopf\n\t" df "\n\t" text "\n\tpushf\n\tpop %4\n\tcld" \
                     : "+S"(s), "+D"(d), "+c"(c), "+a"(ax), "=r"(f) : : "cc", "memory"); \
        show(name, s, d, c, ax, f); \
    } while (0)

static void test_plain(void)
{
    STR_OP("movsb", "movsb", "cld", 0, 10, 50, 0);
    STR_OP("movsw-std", "movsw", "std", 0, 10, 50, 0);
    STR_OP("movsl", "movsl", "cld", 0, 10, 50, 0);
    STR_OP("cmpsb", "cmpsb", "cld", 0, 100, 140, 0);
    STR_OP("cmpsl-std", "cmpsl", "std", 0, 100, 140, 0);
    STR_OP("scasb", "scasb", "cld", 0, 0, 100, 0x55);
    STR_OP("scasw", "scasw", "std", 0, 0, 100, 0x1234);
    STR_OP("lodsb", "lodsb", "cld", 0, 33, 0, 0xffffffff);
    STR_OP("lodsw", "lodsw", "std", 0, 33, 0, 0xffffffff);
    STR_OP("lodsl", "lodsl", "cld", 0, 33, 0, 0xffffffff);
    STR_OP("stosb", "stosb", "cld", 0, 0, 77, 0x11223344);
    STR_OP("stosw", "stosw", "std", 0, 0, 77, 0x11223344);
    STR_OP("stosl", "stosl", "cld", 0, 0, 77, 0x11223344);
}

static void test_rep(void)
{
    static const uint32_t counts[] = { 0, 1, 3, 17, 40 };
    for (unsigned i = 0; i < ARRAY_SIZE(counts); i++) {
        uint32_t n = counts[i];
        printf("-- count %u\n", n);
        STR_OP("rep movsb", "rep movsb", "cld", n, 10, 20, 0);
        STR_OP("rep movsb overlap", "rep movsb", "cld", n, 20, 23, 0);
        STR_OP("rep movsw std", "rep movsw", "std", n, 120, 200, 0);
        STR_OP("rep movsl", "rep movsl", "cld", n, 3, 90, 0);
        STR_OP("rep movsl std", "rep movsl", "std", n, 200, 180, 0);
        STR_OP("rep stosb", "rep stosb", "cld", n, 0, 5, 0xabcdef12);
        STR_OP("rep stosw std", "rep stosw", "std", n, 0, 150, 0xabcdef12);
        STR_OP("rep stosl", "rep stosl", "cld", n, 0, 64, 0xabcdef12);
        STR_OP("rep lodsb", "rep lodsb", "cld", n, 30, 0, 0);
        STR_OP("repe cmpsb", "repe cmpsb", "cld", n, 60, 60, 0);
        STR_OP("repe cmpsb diff", "repe cmpsb", "cld", n, 90, 130, 0);
        STR_OP("repne cmpsb", "repne cmpsb", "cld", n, 90, 130, 0);
        STR_OP("repe cmpsw std", "repe cmpsw", "std", n, 100, 100, 0);
        STR_OP("repne scasb", "repne scasb", "cld", n, 0, 90, 0x55);
        STR_OP("repe scasb", "repe scasb", "cld", n, 0, 90, 0x55);
        STR_OP("repne scasl std", "repne scasl", "std", n, 0, 120, 0x55);
        STR_OP("repne scasw", "repne scasw", "cld", n, 0, 90, 0x1234);
    }
}

/* 16-bit address size: si/di/cx only (the upper halves stay). */
static void test_addr16(void)
{
    /* buf lies above 64K, so only the count form without memory access is safe:
     * rep with cx = 0 must not touch esi/edi nor memory. */
    STR_OP("a16 rep movsb cx=0", ".byte 0x67\n\trep movsb", "cld", 0xffff0000, 10, 20, 0);
    STR_OP("a16 rep stosl cx=0", ".byte 0x67\n\trep stosl", "cld", 0x12340000, 10, 20, 0);
}

static const TestSection sections[] = {
    { "plain", test_plain },
    { "rep", test_rep },
    { "addr16", test_addr16 },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
