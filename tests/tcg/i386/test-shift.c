/*
 * Shifts and rotates: shl/shr/sar/rol/ror/rcl/rcr (by CL, by 1, by imm8) and
 * shld/shrd in 8/16/32 bits, counts 0..33 and 63, with all arithmetic flags
 * including the ones the SDM leaves undefined (the host CPU defines them).
 */
#include "common.h"

typedef uint32_t (*ShiftFn)(uint32_t a, uint32_t b, uint32_t cnt, uint32_t *fl);

#define SHCL(fname, insn, mod, cons) \
    static uint32_t fname(uint32_t a, uint32_t b, uint32_t cnt, uint32_t *fl) \
    { \
        uint32_t f = *fl; \
        (void)b; \
        asm volatile("push %1\n\tpopf\n\t" insn " %%cl, %" mod "0\n\tpushf\n\tpop %1" \
                     : "+" cons(a), "+r"(f) : "c"(cnt) : "cc"); \
        *fl = f; \
        return a; \
    }
#define SHDCL(fname, insn, mod) \
    static uint32_t fname(uint32_t a, uint32_t b, uint32_t cnt, uint32_t *fl) \
    { \
        uint32_t f = *fl; \
        asm volatile("push %1\n\tpopf\n\t" insn " %%cl, %" mod "2, %" mod "0\n\t" \
                     "pushf\n\tpop %1" : "+r"(a), "+r"(f) : "r"(b), "c"(cnt) : "cc"); \
        *fl = f; \
        return a; \
    }

SHCL(shl8, "shlb", "b", "q") SHCL(shl16, "shlw", "w", "r") SHCL(shl32, "shll", "", "r")
SHCL(shr8, "shrb", "b", "q") SHCL(shr16, "shrw", "w", "r") SHCL(shr32, "shrl", "", "r")
SHCL(sar8, "sarb", "b", "q") SHCL(sar16, "sarw", "w", "r") SHCL(sar32, "sarl", "", "r")
SHCL(rol8, "rolb", "b", "q") SHCL(rol16, "rolw", "w", "r") SHCL(rol32, "roll", "", "r")
SHCL(ror8, "rorb", "b", "q") SHCL(ror16, "rorw", "w", "r") SHCL(ror32, "rorl", "", "r")
SHCL(rcl8, "rclb", "b", "q") SHCL(rcl16, "rclw", "w", "r") SHCL(rcl32, "rcll", "", "r")
SHCL(rcr8, "rcrb", "b", "q") SHCL(rcr16, "rcrw", "w", "r") SHCL(rcr32, "rcrl", "", "r")
SHDCL(shld16, "shldw", "w") SHDCL(shld32, "shldl", "")
SHDCL(shrd16, "shrdw", "w") SHDCL(shrd32, "shrdl", "")

#define SH_ENTRY(n) { #n "8", n##8 }, { #n "16", n##16 }, { #n "32", n##32 }

static const struct {
    const char *name;
    ShiftFn fn;
} shift_ops[] = {
    SH_ENTRY(shl), SH_ENTRY(shr), SH_ENTRY(sar), SH_ENTRY(rol), SH_ENTRY(ror),
    SH_ENTRY(rcl), SH_ENTRY(rcr),
    { "shld16", shld16 }, { "shld32", shld32 }, { "shrd16", shrd16 }, { "shrd32", shrd32 },
};

static const uint32_t shift_vals[] = {
    0, 1, 0x80, 0x81, 0xc0, 0x8000, 0x8001, 0x4000, 0x80000000, 0x80000001,
    0x40000000, 0xffffffff, 0x12345678, 0x87654321, 0x55aa55aa,
};

static void test_by_cl(void)
{
    static const uint32_t flags_in[] = { 0, FL_ARITH };

    for (unsigned o = 0; o < ARRAY_SIZE(shift_ops); o++) {
        for (unsigned i = 0; i < ARRAY_SIZE(shift_vals); i++) {
            for (uint32_t cnt = 0; cnt < 35; cnt++) {
                uint32_t c = cnt == 34 ? 63 : cnt;
                for (unsigned k = 0; k < ARRAY_SIZE(flags_in); k++) {
                    uint32_t b = shift_vals[(i + 5) % ARRAY_SIZE(shift_vals)];
                    uint32_t fl = flags_in[k];
                    uint32_t r = shift_ops[o].fn(shift_vals[i], b, c, &fl);
                    printf("%s %08x %08x %2u %03x -> %08x %03x\n", shift_ops[o].name,
                           shift_vals[i], b, c, flags_in[k], r, fl & FL_ARITH);
                }
            }
        }
    }
}

/* The by-1 (D0/D1) and imm8 (C0/C1) encodings are separate decoder paths. */
static void test_by_one_imm(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(shift_vals); i++) {
        uint32_t v = shift_vals[i], r[8], f[8];
        r[0] = v; asm("push $0x8d4\n\tpopf\n\tstc\n\tshll $1, %0\n\tpushf\n\t"
            "pop %1" : "+r"(r[0]), "=r"(f[0]) :: "cc");
        r[1] = v; asm("push $0x8d4\n\tpopf\n\tstc\n\tsarw $1, %w0\n\tpushf\n\t"
            "pop %1" : "+r"(r[1]), "=r"(f[1]) :: "cc");
        r[2] = v; asm("push $0x8d4\n\tpopf\n\tstc\n\trcrb $1, %b0\n\tpushf\n\t"
            "pop %1" : "+q"(r[2]), "=r"(f[2]) :: "cc");
        r[3] = v; asm("push $0x8d4\n\tpopf\n\tclc\n\trcll $1, %0\n\tpushf\n\t"
            "pop %1" : "+r"(r[3]), "=r"(f[3]) :: "cc");
        r[4] = v; asm("push $0x8d4\n\tpopf\n\tstc\n\troll $7, %0\n\tpushf\n\t"
            "pop %1" : "+r"(r[4]), "=r"(f[4]) :: "cc");
        r[5] = v; asm("push $0x8d4\n\tpopf\n\tstc\n\tshrw $9, %w0\n\tpushf\n\t"
            "pop %1" : "+r"(r[5]), "=r"(f[5]) :: "cc");
        r[6] = v; asm("push $0x8d4\n\tpopf\n\tstc\n\trcrl $31, %0\n\tpushf\n\t"
            "pop %1" : "+r"(r[6]), "=r"(f[6]) :: "cc");
        r[7] = v; asm("push $0x8d4\n\tpopf\n\tclc\n\tshldl $13, %2, %0\n\tpushf\n\tpop %1"
                      : "+r"(r[7]), "=r"(f[7]) : "r"(~v) : "cc");
        printf("%08x:", v);
        for (int k = 0; k < 8; k++) {
            printf(" %08x/%03x", r[k], f[k] & FL_ARITH);
        }
        printf("\n");
    }
}

/* Shifts with a memory destination. */
static void test_mem(void)
{
    for (unsigned i = 0; i < ARRAY_SIZE(shift_vals); i++) {
        for (uint32_t c = 0; c < 33; c += 4) {
            volatile uint32_t m1 = shift_vals[i];
            volatile uint16_t m2 = shift_vals[i];
            uint32_t f1, f2;
            asm volatile("push $0x8d4\n\tpopf\n\tstc\n\trcll %%cl, %0\n\tpushf\n\tpop %1"
                         : "+m"(m1), "=r"(f1) : "c"(c) : "cc");
            asm volatile("push $0x8d5\n\tpopf\n\tclc\n\tshrdw %%cl, %2, %0\n\tpushf\n\tpop %1"
                         : "+m"(m2), "=r"(f2) : "r"((uint16_t)~shift_vals[i]), "c"(c) : "cc");
            printf("mem %08x %2u -> %08x/%03x %04x/%03x\n", shift_vals[i], c, m1,
                   f1 & FL_ARITH, m2, f2 & FL_ARITH);
        }
    }
}

static const TestSection sections[] = {
    { "by_cl", test_by_cl },
    { "by_one_imm", test_by_one_imm },
    { "mem", test_mem },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
