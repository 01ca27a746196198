/*
 * Integer ALU: add/adc/sub/sbb/and/or/xor/cmp/test, inc/dec/neg/not in 8, 16
 * and 32 bits over edge-case operands, printing results and all arithmetic
 * flags (Intel SDM vol. 2, each instruction's "Flags Affected").
 */
#include "common.h"

typedef uint32_t (*AluFn)(uint32_t a, uint32_t b, uint32_t *fl);

/* One function per (mnemonic, size): "b", "w", "" select the register width. */
#define ALU2(fname, insn, mod, cons) \
    static uint32_t fname(uint32_t a, uint32_t b, uint32_t *fl) \
    { \
        uint32_t f = *fl; \
        asm volatile("push %1\n\tpopf\n\t" insn " %" mod "2, %" mod "0\n\t" \
                     "pushf\n\tpop %1" : "+" cons(a), "+r"(f) : cons(b) : "cc"); \
        *fl = f; \
        return a; \
    }
#define ALU1(fname, insn, mod, cons) \
    static uint32_t fname(uint32_t a, uint32_t b, uint32_t *fl) \
    { \
        uint32_t f = *fl; \
        (void)b; \
        asm volatile("push %1\n\tpopf\n\t" insn " %" mod "0\n\t" \
                     "pushf\n\tpop %1" : "+" cons(a), "+r"(f) : : "cc"); \
        *fl = f; \
        return a; \
    }

ALU2(add8, "addb", "b", "q") ALU2(add16, "addw", "w", "r") ALU2(add32, "addl", "", "r")
ALU2(adc8, "adcb", "b", "q") ALU2(adc16, "adcw", "w", "r") ALU2(adc32, "adcl", "", "r")
ALU2(sub8, "subb", "b", "q") ALU2(sub16, "subw", "w", "r") ALU2(sub32, "subl", "", "r")
ALU2(sbb8, "sbbb", "b", "q") ALU2(sbb16, "sbbw", "w", "r") ALU2(sbb32, "sbbl", "", "r")
ALU2(and8, "andb", "b", "q") ALU2(and16, "andw", "w", "r") ALU2(and32, "andl", "", "r")
ALU2(or8, "orb", "b", "q") ALU2(or16, "orw", "w", "r") ALU2(or32, "orl", "", "r")
ALU2(xor8, "xorb", "b", "q") ALU2(xor16, "xorw", "w", "r") ALU2(xor32, "xorl", "", "r")
ALU2(cmp8, "cmpb", "b", "q") ALU2(cmp16, "cmpw", "w", "r") ALU2(cmp32, "cmpl", "", "r")
ALU2(test8, "testb", "b", "q") ALU2(test16, "testw", "w", "r") ALU2(test32, "testl", "", "r")
ALU1(inc8, "incb", "b", "q") ALU1(inc16, "incw", "w", "r") ALU1(inc32, "incl", "", "r")
ALU1(dec8, "decb", "b", "q") ALU1(dec16, "decw", "w", "r") ALU1(dec32, "decl", "", "r")
ALU1(neg8, "negb", "b", "q") ALU1(neg16, "negw", "w", "r") ALU1(neg32, "negl", "", "r")
ALU1(not8, "notb", "b", "q") ALU1(not16, "notw", "w", "r") ALU1(not32, "notl", "", "r")

/* Memory-destination forms, to prove the load/modify/store path too. */
static uint32_t add32m(uint32_t a, uint32_t b, uint32_t *fl)
{
    uint32_t f = *fl;
    volatile uint32_t m = a;
    asm volatile("push %1\n\tpopf\n\taddl %2, %0\n\tpushf\n\tpop %1"
                 : "+m"(m), "+r"(f) : "r"(b) : "cc");
    *fl = f;
    return m;
}

static uint32_t sbb16m(uint32_t a, uint32_t b, uint32_t *fl)
{
    uint32_t f = *fl;
    volatile uint16_t m = a;
    asm volatile("push %1\n\tpopf\n\tsbbw %2, %0\n\tpushf\n\tpop %1"
                 : "+m"(m), "+r"(f) : "r"((uint16_t)b) : "cc");
    *fl = f;
    return m;
}

static uint32_t xor8m(uint32_t a, uint32_t b, uint32_t *fl)
{
    uint32_t f = *fl;
    volatile uint8_t m = a;
    asm volatile("push %1\n\tpopf\n\txorb %2, %0\n\tpushf\n\tpop %1"
                 : "+m"(m), "+r"(f) : "q"((uint8_t)b) : "cc");
    *fl = f;
    return m;
}

static void run_table(const char *name, AluFn fn, int unary)
{
    static const uint32_t flags_in[] = { 0, FL_ARITH };

    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        for (unsigned j = 0; j < (unary ? 1 : ARRAY_SIZE(edge32)); j++) {
            for (unsigned k = 0; k < ARRAY_SIZE(flags_in); k++) {
                uint32_t fl = flags_in[k];
                uint32_t r = fn(edge32[i], edge32[j], &fl);
                printf("%s %08x %08x %03x -> %08x %03x\n", name, edge32[i],
                       unary ? 0 : edge32[j], flags_in[k], r, fl & FL_ARITH);
            }
        }
    }
}

#define ALU_ENTRY(n, u) \
    { #n "8", n##8, u }, { #n "16", n##16, u }, { #n "32", n##32, u }

static const struct {
    const char *name;
    AluFn fn;
    int unary;
} alu_ops[] = {
    ALU_ENTRY(add, 0), ALU_ENTRY(adc, 0), ALU_ENTRY(sub, 0), ALU_ENTRY(sbb, 0),
    ALU_ENTRY(and, 0), ALU_ENTRY(or, 0), ALU_ENTRY(xor, 0), ALU_ENTRY(cmp, 0),
    ALU_ENTRY(test, 0), ALU_ENTRY(inc, 1), ALU_ENTRY(dec, 1), ALU_ENTRY(neg, 1),
    ALU_ENTRY(not, 1),
    { "add32m", add32m, 0 }, { "sbb16m", sbb16m, 0 }, { "xor8m", xor8m, 0 },
};

static void test_binary(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(alu_ops); i++) {
        if (!alu_ops[i].unary) {
            run_table(alu_ops[i].name, alu_ops[i].fn, 0);
        }
    }
}

static void test_unary(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(alu_ops); i++) {
        if (alu_ops[i].unary) {
            run_table(alu_ops[i].name, alu_ops[i].fn, 1);
        }
    }
}

/* Immediate forms: 0x80 group with imm8, 0x83 sign-extended imm8, 0x81 imm32. */
static void test_imm(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        uint32_t a = edge32[i], b = a, c = a, d = a, e = a, fa, fb, fc, fd, fe;
        asm volatile("addl $-1, %0\n\tpushf\n\tpop %1" : "+r"(a), "=r"(fa) : : "cc");
        asm volatile("subl $0x7fffffff, %0\n\tpushf\n\tpop %1" : "+r"(b), "=r"(fb) : : "cc");
        asm volatile("andw $0x8001, %w0\n\tpushf\n\tpop %1" : "+r"(c), "=r"(fc) : : "cc");
        asm volatile("cmpb $0x80, %b0\n\tpushf\n\tpop %1" : "+q"(d), "=r"(fd) : : "cc");
        asm volatile("stc\n\tadcl $0x7f, %0\n\tpushf\n\tpop %1" : "+a"(e), "=r"(fe) : : "cc");
        printf("imm %08x: %08x/%03x %08x/%03x %08x/%03x %08x/%03x %08x/%03x\n", edge32[i],
               a, fa & FL_ARITH, b, fb & FL_ARITH, c, fc & FL_ARITH, d, fd & FL_ARITH,
               e, fe & FL_ARITH);
    }
}

static const TestSection sections[] = {
    { "binary", test_binary },
    { "unary", test_unary },
    { "imm", test_imm },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
