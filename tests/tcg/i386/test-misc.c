/*
 * Miscellaneous integer instructions: lea (32- and 16-bit address forms),
 * movzx/movsx, cbw/cwde/cwd/cdq, xchg, xlat, nop forms, 16-bit operand forms
 * of ALU ops (upper halves kept), cpuid (runs; leaf 0/1 are self-consistent)
 * and rdtsc (monotonic).
 */
#include "common.h"

#include <sys/mman.h>

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

/* One instruction per CPUID feature bit; each must run if the bit is set. */
static void feat_cmov(void *p)
{
    asm volatile("cmovel %%eax, %%eax" : : : "eax", "cc");
}

static void feat_cx8(void *p)
{
    asm volatile("cmpxchg8b %0" : "+m"(*(uint64_t *)p) : : "eax", "edx", "cc");
}

static void feat_fxsr(void *p)
{
    asm volatile("fxsave %0" : "=m"(*(uint8_t (*)[512])p));
}

static void feat_mmx(void *p)
{
    asm volatile(".byte 0x0f, 0xef, 0xc0, 0x0f, 0x77");         /* pxor mm0, mm0; emms */
}

static void feat_sse(void *p)
{
    asm volatile(".byte 0x0f, 0x58, 0xc0");                     /* addps */
}

static void feat_sse2(void *p)
{
    asm volatile(".byte 0x66, 0x0f, 0x58, 0xc0");               /* addpd */
}

static void feat_sse3(void *p)
{
    asm volatile(".byte 0xf2, 0x0f, 0x7c, 0xc0");               /* haddps */
}

static void feat_ssse3(void *p)
{
    asm volatile(".byte 0x66, 0x0f, 0x38, 0x00, 0xc0");         /* pshufb */
}

static void feat_popcnt(void *p)
{
    asm volatile(".byte 0xf3, 0x0f, 0xb8, 0xc0" : : : "eax", "cc");
}

static void feat_movbe(void *p)
{
    asm volatile(".byte 0x0f, 0x38, 0xf0, 0x00" : : "a"(p) : "memory");
}

/* "Honest CPUID": every feature the CPU claims works.  Prints one verdict per
 * feature, identical whatever the CPU claims, as long as the claims hold. */
static void test_cpuid_honest(void)
{
    static uint8_t area[512] __attribute__((aligned(16)));
    static const struct {
        const char *name;
        int reg, bit;               /* leaf 1: 0 = edx, 1 = ecx */
        void (*fn)(void *);
    } feats[] = {
        { "cmov", 0, 15, feat_cmov }, { "cx8", 0, 8, feat_cx8 }, { "fxsr", 0, 24, feat_fxsr },
        { "mmx", 0, 23, feat_mmx }, { "sse", 0, 25, feat_sse }, { "sse2", 0, 26, feat_sse2 },
        { "sse3", 1, 0, feat_sse3 }, { "ssse3", 1, 9, feat_ssse3 },
        { "popcnt", 1, 23, feat_popcnt }, { "movbe", 1, 22, feat_movbe },
    };
    uint32_t a, b, c, d;
    asm volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "0"(1), "2"(0));
    for (unsigned i = 0; i < ARRAY_SIZE(feats); i++) {
        uint32_t word = feats[i].reg ? c : d;
        int claimed = (word >> feats[i].bit) & 1;
        int sig = claimed ? test_catch(feats[i].fn, area) : 0;
        printf("cpuid %s: %s\n", feats[i].name, !claimed ? "consistent" :
               sig ? "CLAIMED BUT FAULTS" : "consistent");
    }
}

/*
 * 16-bit addressing with real memory accesses: a page range below 64 KiB is
 * mapped (Linux allows it above vm.mmap_min_addr) so that [bx+si+disp] and
 * friends, including their 16-bit wrap-around, reach memory (0x1000-0xffff).
 */
static void test_addr16_mem(void)
{
    /* Decided from the host's setting, which the emulator reads the same. */
    unsigned min_addr = 65536;
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    if (f) {
        if (fscanf(f, "%u", &min_addr) != 1) {
            min_addr = 65536;
        }
        fclose(f);
    }
    if (min_addr > 0x1000) {
        printf("addr16: skipped, vm.mmap_min_addr is above 0x1000\n");
        return;
    }
    uint8_t *low = mmap((void *)0x1000, 0xf000, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (low != (uint8_t *)0x1000) {
        printf("addr16: cannot map 0x1000 (mmap_min_addr?)\n");
        return;
    }
    for (int i = 0; i < 0xf000; i++) {
        low[i] = (uint8_t)(i * 7 + (i >> 8));
    }
    static const uint32_t bxs[] = { 0x8000, 0xa234, 0xfff0, 0x12348100, 0xffff8800 };
    for (unsigned i = 0; i < ARRAY_SIZE(bxs); i++) {
        uint32_t b = bxs[i], si = 0x1100, di = 0x7fff1123, r[5];
        /* [bx+si], [bx+di+disp8], [bx+disp16] with wrap, [si], [di+disp16] */
        asm volatile(".byte 0x67\n\tmovl (%%bx,%%si), %0" : "=r"(r[0]) : "b"(b), "S"(si));
        asm volatile(".byte 0x67\n\tmovl -0x10(%%bx,%%di), %0" : "=r"(r[1]) : "b"(b), "D"(di));
        asm volatile(".byte 0x67\n\tmovl 0x7000(%%bx), %0" : "=r"(r[2]) : "b"(b));
        asm volatile(".byte 0x67\n\tmovzwl 0x8800(%%si), %0" : "=r"(r[3]) : "S"(si));
        asm volatile(".byte 0x67\n\tmovb $0x5a, 0x9000(%%di)\n\t"
                     ".byte 0x67\n\tmovzbl 0x9000(%%di), %0" : "=r"(r[4]) : "D"(di) : "memory");
        printf("addr16 bx %08x: %08x %08x %08x %08x %08x\n", b, r[0], r[1], r[2], r[3], r[4]);
    }
    /* string ops with 16-bit addresses: si/di wrap at 64 KiB, upper halves kept */
    uint32_t si = 0xabcd9000, di = 0x1234a000, cx = 0x55550010;
    asm volatile("cld\n\t.byte 0x67\n\trep movsb" : "+S"(si), "+D"(di), "+c"(cx) : : "memory");
    printf("addr16 rep movsb: si %08x di %08x cx %08x mem %02x %02x\n", si, di, cx,
           low[0xa000 - 0x1000], low[0xa00f - 0x1000]);
    /* the 16-bit stack pointer is not used in a flat 32-bit stack segment: only
     * addressing is checked here; unmap again */
    munmap(low, 0xf000);
}

static const TestSection sections[] = {
    { "lea", test_lea },
    { "ext", test_ext },
    { "xchg_xlat_nop", test_xchg_xlat_nop },
    { "osize16", test_osize16 },
    { "cpuid_rdtsc", test_cpuid_rdtsc },
    { "addr16_mem", test_addr16_mem },
    { "cpuid_honest", test_cpuid_honest },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
