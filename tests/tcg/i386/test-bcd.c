/*
 * BCD adjustments daa/das/aaa/aas/aam/aad over all AL values with CF/AF in
 * and out (undefined flags as the host produces them); aam 0 raises #DE.
 */
#include "common.h"

#define BCD_OP(insn) \
    static uint32_t bcd_##insn(uint32_t ax, uint32_t *fl) \
    { \
        uint32_t f = *fl; \
        asm("push %1\n\tpopf\n\t" #insn "\n\tpushf\n\tpop %1" : "+a"(ax), "+r"(f) : : "cc"); \
        *fl = f; \
        return ax; \
    }

BCD_OP(daa) BCD_OP(das) BCD_OP(aaa) BCD_OP(aas)

static void test_adjust(void)
{
    static const struct {
        const char *name;
        uint32_t (*fn)(uint32_t, uint32_t *);
    } ops[] = { { "daa", bcd_daa }, { "das", bcd_das }, { "aaa", bcd_aaa }, { "aas", bcd_aas } };
    static const uint32_t fins[] = { 0, FL_CF, FL_AF, FL_CF | FL_AF | FL_ZF | FL_SF | FL_OF };

    for (unsigned o = 0; o < ARRAY_SIZE(ops); o++) {
        for (uint32_t al = 0; al < 256; al++) {
            printf("%s %02x:", ops[o].name, al);
            for (unsigned k = 0; k < ARRAY_SIZE(fins); k++) {
                uint32_t fl = fins[k];
                uint32_t r = ops[o].fn(0x12345600 | al, &fl);
                printf(" %08x/%03x", r, fl & FL_ARITH);
            }
            printf("\n");
        }
    }
}

static void test_aam_aad(void)
{
    for (uint32_t ax = 0; ax < 0x10000; ax += 0x0101 + (ax & 0x37)) {
        uint32_t a = 0xdead0000 | ax, b = a, c = a, d = a, fa, fb, fc, fd;
        asm("push $0x8d5\n\tpopf\n\taam\n\tpushf\n\tpop %1" : "+a"(a), "=r"(fa) : : "cc");
        asm("push $0x8d5\n\tpopf\n\taad\n\tpushf\n\tpop %1" : "+a"(b), "=r"(fb) : : "cc");
        asm("push $0\n\tpopf\n\t.byte 0xd4, 0x07\n\tpushf\n\tpop %1" : "+a"(c), "=r"(fc) : : "cc");
        asm("push $0\n\tpopf\n\t.byte 0xd5, 0xff\n\tpushf\n\tpop %1" : "+a"(d), "=r"(fd) : : "cc");
        printf("ax %04x: aam %08x/%03x aad %08x/%03x aam7 %08x/%03x aad255 %08x/%03x\n", ax,
               a, fa & FL_ARITH, b, fb & FL_ARITH, c, fc & FL_ARITH, d, fd & FL_ARITH);
    }
}

static void aam_zero(void *p)
{
    uint32_t ax = 0x1234;
    asm volatile(".byte 0xd4, 0x00" : "+a"(ax));
    *(uint32_t *)p = ax;
}

static void test_aam_zero(void)
{
    uint32_t out = 0;
    int sig = test_catch(aam_zero, &out);
    printf("aam 0: %s code %d out %x\n", sig_name(sig), catch_state.code, out);
}

static const TestSection sections[] = {
    { "adjust", test_adjust },
    { "aam_aad", test_aam_aad },
    { "aam_zero", test_aam_zero },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
