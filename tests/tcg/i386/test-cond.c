/*
 * Conditions: jcc (short and near), setcc, cmovcc over all 16 conditions and
 * all 64 combinations of CF/PF/ZF/SF/OF (AF is not a condition input),
 * loop/loope/loopne/jcxz with 32- and 16-bit counts.
 */
#include "common.h"

/* Expand the 16 condition codes in tttn order. */
#define CC_LIST(X) X(o) X(no) X(b) X(ae) X(e) X(ne) X(be) X(a) X(s) X(ns) X(p) X(np) \
    X(l) X(ge) X(le) X(g)

static uint32_t flags_of(unsigned bits)
{
    static const uint32_t map[] = { FL_CF, FL_PF, FL_ZF, FL_SF, FL_OF, FL_AF };
    uint32_t f = 0;
    for (int i = 0; i < 6; i++) {
        if (bits & (1u << i)) {
            f |= map[i];
        }
    }
    return f;
}

#define SETCC(c) \
    asm("push %2\n\tpopf\n\tset" #c " %b0" : "=q"(r) : "0"(0), "r"(f) : "cc"); \
    printf(" %u", r & 0xff);

#define JCC(c) \
    r = 0; \
    asm("push %2\n\tpopf\n\tj" #c " 1f\n\tmov $2, %0\n\t1:" : "=r"(r) : "0"(1), "r"(f) : "cc"); \
    printf("%u", r);

#define JCC_NEAR(c) \
    asm("push %2\n\tpopf\n\t.byte 0x0f, 0x80 + (%c3)\n\t.long 1f - 2f\n\t2: mov $2, %0\n\t" \
        ".fill 130, 1, 0x90\n\t1:" : "=r"(r) : "0"(1), "r"(f), "i"(cc_no) : "cc"); \
    printf("%u", r); \
    cc_no++;

#define CMOV(c) \
    asm("push %3\n\tpopf\n\tcmov" #c "l %2, %0" : "=r"(r) : "0"(0x11111111), "r"(0x22222222), \
        "r"(f) : "cc"); \
    printf("%x", r >> 28);

static void test_setcc_jcc(void)
{
    for (unsigned bits = 0; bits < 64; bits++) {
        uint32_t f = flags_of(bits), r;
        int cc_no = 0;
        printf("flags %03x set:", f);
        CC_LIST(SETCC)
        printf(" jcc ");
        CC_LIST(JCC)
        printf(" near ");
        CC_LIST(JCC_NEAR)
        printf(" cmov ");
        CC_LIST(CMOV)
        printf("\n");
        (void)cc_no;
    }
}

static void test_cmov_mem(void)
{
    volatile uint32_t m = 0xabcdef01;
    for (unsigned bits = 0; bits < 2; bits++) {
        uint32_t f = bits ? FL_ZF : 0, r = 5, r16 = 0x77777777;
        asm("push %2\n\tpopf\n\tcmovel %3, %0\n\tcmovnew %w3, %w1"
            : "+r"(r), "+r"(r16) : "r"(f), "m"(m) : "cc");
        printf("cmovmem %u: %08x %08x\n", bits, r, r16);
    }
}

static void test_loop(void)
{
    static const uint32_t counts[] = { 0, 1, 2, 5, 0x10000, 0x10001, 0xffffffff };
    for (unsigned i = 0; i < ARRAY_SIZE(counts); i++) {
        uint32_t c, n, z;
        /* every loop also stops after 300 rounds (count 0 means 2^32) */
        c = counts[i];
        n = 0;
        asm("1: incl %1\n\tcmpl $300, %1\n\tje 2f\n\tloop 1b\n\t2:" : "+c"(c), "+r"(n) : : "cc");
        printf("loop %08x: iter %u ecx %08x\n", counts[i], n, c);
        /* addr16 loop uses cx only: the upper half of ecx is kept */
        c = counts[i];
        n = 0;
        asm("1: incl %1\n\tcmpl $300, %1\n\tje 2f\n\t.byte 0x67\n\tloop 1b\n\t2:"
            : "+c"(c), "+r"(n) : : "cc");
        printf("loopw %08x: iter %u ecx %08x\n", counts[i], n, c);
        /* loope stops when ZF clears, loopne when it sets */
        c = counts[i] & 0xff;
        n = 0;
        asm("1: incl %1\n\tcmpl $3, %1\n\tloopne 1b" : "+c"(c), "+r"(n) : : "cc");
        printf("loopne %08x: iter %u ecx %08x\n", counts[i] & 0xff, n, c);
        c = counts[i] & 0xff;
        n = 0;
        asm("1: incl %1\n\tcmpl $300, %1\n\tje 2f\n\ttestl $0, %1\n\tloope 1b\n\t2:"
            : "+c"(c), "+r"(n) : : "cc");
        printf("loope %08x: iter %u ecx %08x\n", counts[i] & 0xff, n, c);
        c = counts[i];
        asm("movl $1, %1\n\tjecxz 1f\n\tmovl $0, %1\n\t1:" : "+c"(c), "=r"(z));
        printf("jecxz %08x: %u", counts[i], z);
        asm("movl $1, %1\n\t.byte 0x67\n\tjcxz 1f\n\tmovl $0, %1\n\t1:" : "+c"(c), "=r"(z));
        printf(" jcxz %u\n", z);
    }
}

/*
 * All 16 conditions read straight after one flag-setting insn (same block, so
 * the translator derives each from that insn's lazy flags): adc/sbb with CF 0
 * and 1 at each size, the cmp+sbb 64-bit compare idiom, neg + sbb r,r, mul/imul,
 * shr/sar.
 */
#define SET16 "seto 0(%[m])\n\tsetno 1(%[m])\n\tsetb 2(%[m])\n\tsetae 3(%[m])\n\t" \
    "sete 4(%[m])\n\tsetne 5(%[m])\n\tsetbe 6(%[m])\n\tseta 7(%[m])\n\t"           \
    "sets 8(%[m])\n\tsetns 9(%[m])\n\tsetp 10(%[m])\n\tsetnp 11(%[m])\n\t"          \
    "setl 12(%[m])\n\tsetge 13(%[m])\n\tsetle 14(%[m])\n\tsetg 15(%[m])"

static void print_set16(const char *what, uint32_t a, uint32_t b, uint32_t d, const uint8_t *m)
{
    unsigned bits = 0;

    for (int i = 0; i < 16; i++) {
        bits |= (m[i] & 1u) << i;
    }
    printf("%s %08x %08x: %08x cc %04x\n", what, a, b, d, bits);
}

#define CC_AFTER(what, insn, a, b)                                                  \
    do {                                                                            \
        uint8_t m[16];                                                              \
        uint32_t d = (a), sv = (b);                                                 \
        asm(insn "\n\t" SET16 : [d] "+q"(d) : [s] "q"(sv), [m] "r"(m) : "cc", "memory"); \
        print_set16(what, a, b, d, m);                                              \
    } while (0)

/* SET16 as a function: a call ends the block, so the setccs start a new one
 * with the flags of whichever insn ran before (cc_op unknown at translation). */
asm(".text\n"
    "set16_call:\n\t"
    "seto 0(%edi)\n\tsetno 1(%edi)\n\tsetb 2(%edi)\n\tsetae 3(%edi)\n\t"
    "sete 4(%edi)\n\tsetne 5(%edi)\n\tsetbe 6(%edi)\n\tseta 7(%edi)\n\t"
    "sets 8(%edi)\n\tsetns 9(%edi)\n\tsetp 10(%edi)\n\tsetnp 11(%edi)\n\t"
    "setl 12(%edi)\n\tsetge 13(%edi)\n\tsetle 14(%edi)\n\tsetg 15(%edi)\n\t"
    "ret\n");

#define CC_AFTER_CALL(what, insn, a, b)                                              \
    do {                                                                             \
        uint8_t m[16];                                                               \
        uint32_t d = (a), sv = (b);                                                  \
        asm(insn "\n\tcall set16_call" : [d] "+q"(d) : [s] "q"(sv), "D"(m) : "cc", "memory"); \
        print_set16(what, a, b, d, m);                                               \
    } while (0)

static void test_cc_after_call(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        for (unsigned j = 0; j < ARRAY_SIZE(edge32); j++) {
            uint32_t a = edge32[i], b = edge32[j];
            CC_AFTER_CALL("cmpl", "cmpl %[s], %[d]", a, b);
            CC_AFTER_CALL("subw", "subw %w[s], %w[d]", a, b);
            CC_AFTER_CALL("addl", "addl %[s], %[d]", a, b);
            CC_AFTER_CALL("sbbl1", "stc\n\tsbbl %[s], %[d]", a, b);
            CC_AFTER_CALL("adcb1", "stc\n\tadcb %b[s], %b[d]", a, b);
            CC_AFTER_CALL("andl", "andl %[s], %[d]", a, b);
            CC_AFTER_CALL("imull", "imull %[s], %[d]", a, b);
        }
        CC_AFTER_CALL("incl", "stc\n\tincl %[d]", edge32[i], 0);
        CC_AFTER_CALL("decb", "clc\n\tdecb %b[d]", edge32[i], 0);
        CC_AFTER_CALL("negw", "negw %w[d]", edge32[i], 0);
        CC_AFTER_CALL("shrl", "shrl $3, %[d]", edge32[i], 0);
    }
}

static void test_cc_after(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(edge32); i++) {
        for (unsigned j = 0; j < ARRAY_SIZE(edge32); j++) {
            uint32_t a = edge32[i], b = edge32[j];
            CC_AFTER("adcl0", "clc\n\tadcl %[s], %[d]", a, b);
            CC_AFTER("adcl1", "stc\n\tadcl %[s], %[d]", a, b);
            CC_AFTER("adcw1", "stc\n\tadcw %w[s], %w[d]", a, b);
            CC_AFTER("adcb1", "stc\n\tadcb %b[s], %b[d]", a, b);
            CC_AFTER("sbbl0", "clc\n\tsbbl %[s], %[d]", a, b);
            CC_AFTER("sbbl1", "stc\n\tsbbl %[s], %[d]", a, b);
            CC_AFTER("sbbw1", "stc\n\tsbbw %w[s], %w[d]", a, b);
            CC_AFTER("sbbb0", "clc\n\tsbbb %b[s], %b[d]", a, b);
            CC_AFTER("sbbb1", "stc\n\tsbbb %b[s], %b[d]", a, b);
            CC_AFTER("cmpsbb", "cmpl %[s], %[d]\n\tsbbl %[s], %[d]", a, b);
            CC_AFTER("imull", "imull %[s], %[d]", a, b);
            CC_AFTER("imulw", "imulw %w[s], %w[d]", a, b);
        }
        CC_AFTER("negw", "negw %w[d]", edge32[i], 0);
        CC_AFTER("negb", "negb %b[d]", edge32[i], 0);
        CC_AFTER("negsbb", "negw %w[d]\n\tsbbb %b[d], %b[d]", edge32[i], 0);
        CC_AFTER("negsbbl", "negl %[d]\n\tsbbl %[d], %[d]", edge32[i], 0);
        CC_AFTER("shrl", "shrl $3, %[d]", edge32[i], 0);
        CC_AFTER("sarw", "sarw $1, %w[d]", edge32[i], 0);
        CC_AFTER("shrb", "shrb $7, %b[d]", edge32[i], 0);
    }
}

static const TestSection sections[] = {
    { "setcc_jcc_cmov", test_setcc_jcc },
    { "cc_after_op", test_cc_after },
    { "cc_after_call", test_cc_after_call },
    { "cmov_mem", test_cmov_mem },
    { "loop", test_loop },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
