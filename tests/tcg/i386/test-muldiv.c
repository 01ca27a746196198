/*
 * mul/imul (one-, two- and three-operand forms) and div/idiv in 8, 16 and 32
 * bits; division by zero and quotient overflow must raise #DE (SIGFPE with
 * FPE_INTDIV at the faulting instruction).
 */
#include "common.h"

static void test_mul(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        for (unsigned j = 0; j < ARRAY_SIZE(edge32); j++) {
            uint32_t a = edge32[i], b = edge32[j];
            uint32_t lo, hi, f;
            asm("xor %%edx, %%edx\n\tmull %3\n\tpushf\n\tpop %2"
                : "=a"(lo), "=&d"(hi), "=r"(f) : "r"(b), "0"(a) : "cc");
            printf("mul32 %08x %08x -> %08x:%08x %03x\n", a, b, hi, lo, f & FL_ARITH);
            asm("xor %%edx, %%edx\n\timull %3\n\tpushf\n\tpop %2"
                : "=a"(lo), "=&d"(hi), "=r"(f) : "r"(b), "0"(a) : "cc");
            printf("imul32 %08x %08x -> %08x:%08x %03x\n", a, b, hi, lo, f & FL_ARITH);
            asm("mov $0x5555, %%edx\n\tmulw %w3\n\tpushf\n\tpop %2"
                : "=a"(lo), "=&d"(hi), "=r"(f) : "r"(b), "0"(a) : "cc");
            printf("mul16 %08x %08x -> %08x:%08x %03x\n", a, b, hi, lo, f & FL_ARITH);
            asm("mov $0x5555, %%edx\n\timulw %w3\n\tpushf\n\tpop %2"
                : "=a"(lo), "=&d"(hi), "=r"(f) : "r"(b), "0"(a) : "cc");
            printf("imul16 %08x %08x -> %08x:%08x %03x\n", a, b, hi, lo, f & FL_ARITH);
            asm("mulb %b2\n\tpushf\n\tpop %1" : "=a"(lo), "=r"(f) : "q"(b), "0"(a) : "cc");
            printf("mul8 %08x %08x -> %08x %03x\n", a, b, lo, f & FL_ARITH);
            asm("imulb %b2\n\tpushf\n\tpop %1" : "=a"(lo), "=r"(f) : "q"(b), "0"(a) : "cc");
            printf("imul8 %08x %08x -> %08x %03x\n", a, b, lo, f & FL_ARITH);
            lo = a;
            asm("imull %2, %0\n\tpushf\n\tpop %1" : "+r"(lo), "=r"(f) : "r"(b) : "cc");
            printf("imul2_32 %08x %08x -> %08x %03x\n", a, b, lo, f & FL_ARITH);
            lo = a;
            asm("imulw %w2, %w0\n\tpushf\n\tpop %1" : "+r"(lo), "=r"(f) : "r"(b) : "cc");
            printf("imul2_16 %08x %08x -> %08x %03x\n", a, b, lo, f & FL_ARITH);
        }
        uint32_t a = edge32[i], r1, r2, r3, f1, f2, f3;
        asm("imull $-3, %2, %0\n\tpushf\n\tpop %1" : "=r"(r1), "=r"(f1) : "r"(a) : "cc");
        asm("imull $0x12345, %2, %0\n\tpushf\n\tpop %1" : "=r"(r2), "=r"(f2) : "r"(a) : "cc");
        r3 = 0xaaaa0000;
        asm("imulw $0x7fff, %w2, %w0\n\tpushf\n\tpop %1" : "+r"(r3), "=r"(f3) : "r"(a) : "cc");
        printf("imul3 %08x -> %08x %03x %08x %03x %08x %03x\n", a, r1, f1 & FL_ARITH,
               r2, f2 & FL_ARITH, r3, f3 & FL_ARITH);
    }
}

typedef struct DivArgs {
    int kind;
    uint32_t hi, lo, d, q, r, f;
} DivArgs;

static void div_run(void *p)
{
    DivArgs *a = p;
    uint32_t q = a->lo, r = a->hi, f;

    switch (a->kind) {
    case 0:
        asm volatile("push $0x8d5\n\tpopf\n\tdivl %3\n\tpushf\n\t"
            "pop %2" : "+a"(q), "+d"(r), "=r"(f) : "r"(a->d) : "cc");
        break;
    case 1:
        asm volatile("push $0\n\tpopf\n\tidivl %3\n\tpushf\n\t"
            "pop %2" : "+a"(q), "+d"(r), "=r"(f) : "r"(a->d) : "cc");
        break;
    case 2:
        asm volatile("push $0\n\tpopf\n\tdivw %w3\n\tpushf\n\t"
            "pop %2" : "+a"(q), "+d"(r), "=r"(f) : "r"(a->d) : "cc");
        break;
    case 3:
        asm volatile("push $0x8d5\n\tpopf\n\tidivw %w3\n\tpushf\n\t"
            "pop %2" : "+a"(q), "+d"(r), "=r"(f) : "r"(a->d) : "cc");
        break;
    case 4:
        asm volatile("push $0x8d5\n\tpopf\n\tdivb %b3\n\tpushf\n\t"
            "pop %2" : "+a"(q), "+d"(r), "=r"(f) : "q"(a->d) : "cc");
        break;
    default:
        asm volatile("push $0\n\tpopf\n\tidivb %b3\n\tpushf\n\t"
            "pop %2" : "+a"(q), "+d"(r), "=r"(f) : "q"(a->d) : "cc");
        break;
    }
    a->q = q;
    a->r = r;
    a->f = f;
}

static void test_div(void)
{
    static const char *names[] = { "div32", "idiv32", "div16", "idiv16", "div8", "idiv8" };
    static const uint32_t hi[] = { 0, 1, 0x7f, 0xffffffff, 0x80000000, 0x12345 };

    for (int kind = 0; kind < 6; kind++) {
        for (unsigned h = 0; h < ARRAY_SIZE(hi); h++) {
            for (unsigned i = 0; i < ARRAY_SIZE(edge32); i += 2) {
                for (unsigned j = 0; j < ARRAY_SIZE(edge32); j++) {
                    DivArgs a = { kind, hi[h], edge32[i], edge32[j], 0, 0, 0 };
                    int sig = test_catch(div_run, &a);
                    if (sig) {
                        printf("%s %08x:%08x / %08x -> %s code %d\n", names[kind], a.hi, a.lo,
                               a.d, sig_name(sig), catch_state.code);
                    } else {
                        /* Flags after div are undefined; the host's are shown. */
                        printf("%s %08x:%08x / %08x -> %08x %08x %03x\n", names[kind], a.hi,
                               a.lo, a.d, a.q, a.r, a.f & FL_ARITH);
                    }
                }
            }
        }
    }
}

/* The faulting eip must point at the div itself, with registers intact. */
static void div_zero_at_label(void *p)
{
    uint32_t *out = p;
    asm volatile("mov $7, %%eax\n\txor %%edx, %%edx\n\txor %%ecx, %%ecx\n\t"
                 ".globl div_fault_insn\n\tdiv_fault_insn: divl %%ecx\n\t"
                 : : : "eax", "ecx", "edx", "cc");
    *out = 1;
}

static void test_div_eip(void)
{
    extern char div_fault_insn[];
    uint32_t out = 0;
    int sig = test_catch(div_zero_at_label, &out);
    printf("div0: %s code %d at_insn %d trapno %u out %u\n", sig_name(sig), catch_state.code,
           catch_state.eip == (uint32_t)div_fault_insn, catch_state.trapno, out);
}

static const TestSection sections[] = {
    { "mul", test_mul },
    { "div", test_div },
    { "div_eip", test_div_eip },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
