/*
 * Bit instructions: bt/bts/btr/btc (register and immediate offsets, register
 * and memory operands with offsets beyond the operand), bsf/bsr (zero source
 * keeps the destination), bswap.
 */
#include "common.h"

static void test_bt_reg(void)
{
    static const uint32_t offs[] = { 0, 1, 7, 15, 16, 31, 32, 33, 63, 0xffffffff };

    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        for (unsigned j = 0; j < ARRAY_SIZE(offs); j++) {
            uint32_t v = edge32[i], o = offs[j], r[4], f[4], w;
            r[0] = v;
            asm("push $0x8d5\n\tpopf\n\tbtl %2, %0\n\tpushf\n\t"
                "pop %1" : "+r"(r[0]), "=r"(f[0]) : "r"(o) : "cc");
            r[1] = v;
            asm("push $0\n\tpopf\n\tbtsl %2, %0\n\tpushf\n\t"
                "pop %1" : "+r"(r[1]), "=r"(f[1]) : "r"(o) : "cc");
            r[2] = v;
            asm("push $0x8d5\n\tpopf\n\tbtrl %2, %0\n\tpushf\n\t"
                "pop %1" : "+r"(r[2]), "=r"(f[2]) : "r"(o) : "cc");
            r[3] = v;
            asm("push $0\n\tpopf\n\tbtcl %2, %0\n\tpushf\n\t"
                "pop %1" : "+r"(r[3]), "=r"(f[3]) : "r"(o) : "cc");
            w = v;
            asm("btcw %w1, %w0" : "+r"(w) : "r"(o) : "cc");
            printf("bt %08x %2d:", v, (int)o);
            for (int k = 0; k < 4; k++) {
                printf(" %08x/%03x", r[k], f[k] & FL_ARITH);
            }
            printf(" w %08x\n", w);
        }
    }
}

static void test_bt_imm_mem(void)
{
    uint32_t mem[24];
    static const int32_t offs[] = { 0, 5, 31, 32, 100, 255, -1, -32, -33, -200 };

    for (unsigned j = 0; j < ARRAY_SIZE(offs); j++) {
        for (int k = 0; k < 24; k++) {
            mem[k] = 0x01234567u * (k + 1);
        }
        uint32_t f1, f2, f3, f4;
        /* register offsets address memory outside the dword (signed) */
        int32_t o = offs[j];
        asm volatile("btsl %2, %1\n\tpushf\n\tpop %0" : "=r"(f1), "+m"(mem[12]) : "r"(o)
                     : "cc", "memory");
        asm volatile("btrw %w2, %1\n\tpushf\n\tpop %0" : "=r"(f2), "+m"(mem[12]) : "r"(o + 3)
                     : "cc", "memory");
        asm volatile("btcl $77, %1\n\tpushf\n\tpop %0" : "=r"(f3), "+m"(mem[10]) : : "cc");
        asm volatile("lock btsl %2, %1\n\tpushf\n\tpop %0" : "=r"(f4), "+m"(mem[12]) : "r"(o - 5)
                     : "cc", "memory");
        printf("btmem %4d: %03x %03x %03x %03x", (int)o, f1 & FL_CF, f2 & FL_CF, f3 & FL_CF,
               f4 & FL_CF);
        for (int k = 0; k < 24; k++) {
            printf(" %08x", mem[k]);
        }
        printf("\n");
    }
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        uint32_t v = edge32[i], a = v, b = v, c = v, fa, fb, fc;
        asm("push $0x8d5\n\tpopf\n\tbtl $35, %0\n\tpushf\n\tpop %1" : "+r"(a), "=r"(fa) : : "cc");
        asm("push $0\n\tpopf\n\tbtsw $19, %w0\n\tpushf\n\tpop %1" : "+r"(b), "=r"(fb) : : "cc");
        asm("push $0x8d5\n\tpopf\n\tbtrl $255, %0\n\tpushf\n\t"
            "pop %1" : "+r"(c), "=r"(fc) : : "cc");
        printf("btimm %08x: %08x/%03x %08x/%03x %08x/%03x\n", v, a, fa & FL_ARITH, b,
               fb & FL_ARITH, c, fc & FL_ARITH);
    }
}

static void test_bsf_bsr(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        uint32_t v = edge32[i], a = 0xcafebabe, b = 0xcafebabe, c = 0xcafebabe;
        uint32_t d = 0xcafebabe, fa, fb, fc, fd;
        asm("push $0x8d5\n\tpopf\n\tbsfl %2, %0\n\tpushf\n\t"
            "pop %1" : "+r"(a), "=r"(fa) : "r"(v) : "cc");
        asm("push $0\n\tpopf\n\tbsrl %2, %0\n\tpushf\n\t"
            "pop %1" : "+r"(b), "=r"(fb) : "r"(v) : "cc");
        asm("push $0\n\tpopf\n\tbsfw %w2, %w0\n\tpushf\n\t"
            "pop %1" : "+r"(c), "=r"(fc) : "r"(v) : "cc");
        asm("push $0x8d5\n\tpopf\n\tbsrw %w2, %w0\n\tpushf\n\t"
            "pop %1" : "+r"(d), "=r"(fd) : "r"(v) : "cc");
        printf("bsf/bsr %08x: %08x/%03x %08x/%03x %08x/%03x %08x/%03x\n", v, a, fa & FL_ARITH,
               b, fb & FL_ARITH, c, fc & FL_ARITH, d, fd & FL_ARITH);
    }
}

static void test_bswap(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        uint32_t v = edge32[i];
        asm("bswap %0" : "+r"(v));
        printf("bswap %08x -> %08x\n", edge32[i], v);
    }
}

static const TestSection sections[] = {
    { "bt_reg", test_bt_reg },
    { "bt_imm_mem", test_bt_imm_mem },
    { "bsf_bsr", test_bsf_bsr },
    { "bswap", test_bswap },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
