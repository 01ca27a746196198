/*
 * Miscellaneous integer instructions: lea (32- and 16-bit address forms),
 * movzx/movsx, cbw/cwde/cwd/cdq, xchg, xlat, nop forms, 16-bit operand forms
 * of ALU ops (upper halves kept), cpuid (runs; leaf 0/1 are self-consistent)
 * and rdtsc (monotonic).
 */
#include "common.h"

static void test_lea(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i += 3) {
        uint32_t b = edge32[i], x = edge32[(i + 7) % ARRAY_SIZE(edge32)];
        uint32_t r[6];
        asm("leal 0x12345678(%1,%2,4), %0" : "=r"(r[0]) : "r"(b), "r"(x));
        asm("leal -1(%1,%2,8), %0" : "=r"(r[1]) : "r"(b), "r"(x));
        asm("leal (,%1,2), %0" : "=r"(r[2]) : "r"(x));
        r[3] = 0xaaaaaaaa;
        asm("leaw 0x7ff0(%1,%2), %w0" : "+r"(r[3]) : "r"(b), "r"(x));
        /* 16-bit addressing: [bx+si+disp], [bp+di], [disp16] */
        r[4] = 0x55555555;
        asm(".byte 0x67\n\tleal 0x1234(%%bx,%%si), %0" : "+r"(r[4]) : "b"(b), "S"(x));
        r[5] = 0x55555555;
        asm("push %%ebp\n\tmov %1, %%ebp\n\t.byte 0x67\n\tleal -3(%%bp,%%di), %0\n\tpop %%ebp"
            : "+r"(r[5]) : "r"(b), "D"(x));
        printf("lea %08x %08x: %08x %08x %08x %08x %08x %08x\n", b, x, r[0], r[1], r[2], r[3],
               r[4], r[5]);
    }
}

static void test_ext(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        uint32_t v = edge32[i], r[6], a, d;
        asm("movzbl %b1, %0" : "=r"(r[0]) : "q"(v));
        asm("movzwl %w1, %0" : "=r"(r[1]) : "r"(v));
        asm("movsbl %b1, %0" : "=r"(r[2]) : "q"(v));
        asm("movswl %w1, %0" : "=r"(r[3]) : "r"(v));
        r[4] = 0x77777777;
        asm("movsbw %b1, %w0" : "+r"(r[4]) : "q"(v));
        r[5] = 0x77777777;
        asm("movzbw %b1, %w0" : "+r"(r[5]) : "q"(v));
        printf("ext %08x: %08x %08x %08x %08x %08x %08x", v, r[0], r[1], r[2], r[3], r[4], r[5]);
        a = v;
        asm("cbtw" : "+a"(a));
        printf(" cbw %08x", a);
        a = v;
        asm("cwtl" : "+a"(a));
        printf(" cwde %08x", a);
        a = v;
        d = 0x12345678;
        asm("cwtd" : "+a"(a), "+d"(d));
        printf(" cwd %08x:%08x", d, a);
        a = v;
        asm("cltd" : "+a"(a), "=d"(d));
        printf(" cdq %08x:%08x\n", d, a);
    }
}

static void test_xchg_xlat_nop(void)
{
    uint32_t a = 0x11111111, b = 0x22222222, c = 0x33333333;
    volatile uint32_t m = 0x44444444;
    asm("xchg %0, %1" : "+r"(a), "+r"(b));
    asm("xchgw %w0, %w1" : "+r"(a), "+r"(c));
    asm("xchgb %b0, %h1" : "+q"(b), "+q"(c));
    asm("xchg %0, %1" : "+r"(a), "+m"(m));
    printf("xchg %08x %08x %08x %08x\n", a, b, c, m);
    uint8_t table[256];
    for (int i = 0; i < 256; i++) {
        table[i] = (uint8_t)(255 - i * 3);
    }
    for (uint32_t al = 0; al < 256; al += 17) {
        uint32_t x = 0xabcdef00 | al;
        asm("xlat" : "+a"(x) : "b"(table), "m"(table));
        printf("xlat %02x -> %08x\n", al, x);
    }
    /* nop forms: 90, 66 90, 0F 1F /0 with memory operands, f3 90 (pause) */
    asm volatile("nop\n\txchg %%ax, %%ax\n\tnopl (%%eax)\n\tnopw 0x12345678(%%eax,%%ecx,4)\n\t"
                 ".byte 0x0f, 0x1f, 0x44, 0x00, 0x00\n\tpause" : : "a"(0), "c"(0));
    printf("nops ok\n");
}

static void test_osize16(void)
{
    /* 16-bit forms keep the upper halves of 32-bit registers */
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i += 2) {
        uint32_t v = edge32[i], r[5], f;
        r[0] = 0xa5a5a5a5;
        asm("addw %w2, %w0\n\tpushf\n\tpop %1" : "+r"(r[0]), "=r"(f) : "r"(v) : "cc");
        r[1] = 0xa5a5a5a5;
        asm("movw %w1, %w0" : "+r"(r[1]) : "r"(v));
        r[2] = 0xa5a5a5a5;
        asm("incw %w0" : "+r"(r[2]) :: "cc");
        r[3] = v;
        asm("movb $0x5a, %h0" : "+q"(r[3]));
        r[4] = v;
        asm("notw %w0\n\tnegb %b0" : "+q"(r[4]) :: "cc");
        printf("o16 %08x: %08x/%03x %08x %08x %08x %08x\n", v, r[0], f & FL_ARITH, r[1], r[2],
               r[3], r[4]);
    }
}

static void test_cpuid_rdtsc(void)
{
    uint32_t a, b, c, d, max;
    char vendor[13];

    asm volatile("cpuid" : "=a"(max), "=b"(b), "=c"(c), "=d"(d) : "0"(0));
    memcpy(vendor, &b, 4);
    memcpy(vendor + 4, &d, 4);
    memcpy(vendor + 8, &c, 4);
    vendor[12] = 0;
    int printable = 1;
    for (int i = 0; i < 12; i++) {
        printable &= vendor[i] >= 0x20 && vendor[i] < 0x7f;
    }
    asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(1), "2"(0));
    /* The feature bits differ by CPU; print only what must hold for any P6+ CPU
     * claiming them: FPU, TSC, CX8, CMOV present (every test here uses them). */
    printf("cpuid: max>=1 %d vendor printable %d fpu %u tsc %u cx8 %u cmov %u family>=6 %d\n",
           max >= 1, printable, d & 1, (d >> 4) & 1, (d >> 8) & 1, (d >> 15) & 1,
           ((a >> 8) & 0xf) >= 6);
    uint32_t lo1, hi1, lo2, hi2;
    asm volatile("rdtsc" : "=a"(lo1), "=d"(hi1));
    asm volatile("rdtsc" : "=a"(lo2), "=d"(hi2));
    uint64_t t1 = ((uint64_t)hi1 << 32) | lo1, t2 = ((uint64_t)hi2 << 32) | lo2;
    printf("rdtsc monotonic %d\n", t2 >= t1);
}

static const TestSection sections[] = {
    { "lea", test_lea },
    { "ext", test_ext },
    { "xchg_xlat_nop", test_xchg_xlat_nop },
    { "osize16", test_osize16 },
    { "cpuid_rdtsc", test_cpuid_rdtsc },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
