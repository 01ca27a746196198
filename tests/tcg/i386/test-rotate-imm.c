/*
 * Rotates and double shifts by an immediate: rol/ror in 8 (low and high byte), 16 and
 * 32 bits on registers and memory, shld/shrd, each after flag-setting ops, and
 * adc/sbb/rcl/rcr reading the carry left by add/sub/inc/dec/neg.
 */
#include "common.h"

/*
 * Flag-setting prefixes run in the same asm block as the op under test: some work
 * on the rotated register itself (%0), others on a scratch copy (%2).
 */
#define PRE0 "addl $0x7fffffff, %0"
#define PRE1 "cmpl $0x7fffffff, %0"
#define PRE2 "testl %0, %0\n\tstc"
#define PRE3 "xorl %2, %2\n\tnotl %2\n\txorl %2, %2"
#define PRE4 "subl $1, %2"
#define PRE5 "stc\n\tincl %2"
#define N_PRE 6

static const char *const pre_names[N_PRE] = {
    "add-self", "cmp-self", "test-stc", "xor-not-xor", "sub-scratch", "stc-inc",
};

#define ROT_ASM(pre, insn) \
    asm volatile(pre "\n\t" insn "\n\tpushf\n\tpop %1" : "+a"(v), "=r"(f), "+r"(t) : : "cc")

/* fname(v, pre, &fl): one pre-sequence then insn on eax; returns eax. */
#define ROT_FN(fname, insn) \
    static uint32_t fname(uint32_t v, unsigned pre, uint32_t *fl) \
    { \
        uint32_t f, t = v; \
        switch (pre) { \
        case 0: ROT_ASM(PRE0, insn); break; \
        case 1: ROT_ASM(PRE1, insn); break; \
        case 2: ROT_ASM(PRE2, insn); break; \
        case 3: ROT_ASM(PRE3, insn); break; \
        case 4: ROT_ASM(PRE4, insn); break; \
        default: ROT_ASM(PRE5, insn); break; \
        } \
        *fl = f; \
        return v; \
    }

/*
 * Name, instruction.  gas encodes a count of 1 as D0/D1; the "c1" entries spell
 * out the C0/C1 imm8 encoding with a count of 1 (ModRM c0 = rol eax, c8 = ror eax,
 * c4/cc = rol/ror ah).
 */
#define ROT_LIST(X) \
    X(roll_1, "roll $1, %0") X(roll_9, "roll $9, %0") X(roll_16, "roll $16, %0") \
    X(roll_31, "roll $31, %0") X(roll_32, "roll $32, %0") X(roll_33, "roll $33, %0") \
    X(rorl_1, "rorl $1, %0") X(rorl_9, "rorl $9, %0") X(rorl_31, "rorl $31, %0") \
    X(rorl_255, "rorl $255, %0") \
    X(roll_c1, ".byte 0xc1, 0xc0, 0x01") X(rorl_c1, ".byte 0xc1, 0xc8, 0x01") \
    X(rolw_1, "rolw $1, %w0") X(rolw_8, "rolw $8, %w0") X(rolw_15, "rolw $15, %w0") \
    X(rolw_16, "rolw $16, %w0") X(rorw_3, "rorw $3, %w0") X(rorw_17, "rorw $17, %w0") \
    X(rorw_31, "rorw $31, %w0") \
    X(rolw_c1, ".byte 0x66, 0xc1, 0xc0, 0x01") X(rorw_c1, ".byte 0x66, 0xc1, 0xc8, 0x01") \
    X(rolb_1, "rolb $1, %b0") X(rolb_5, "rolb $5, %b0") X(rolb_8, "rolb $8, %b0") \
    X(rolb_13, "rolb $13, %b0") X(rorb_1, "rorb $1, %b0") X(rorb_7, "rorb $7, %b0") \
    X(rorb_8, "rorb $8, %b0") X(rorb_9, "rorb $9, %b0") \
    X(rolb_c1, ".byte 0xc0, 0xc0, 0x01") X(rorb_c1, ".byte 0xc0, 0xc8, 0x01") \
    X(rolh_1, "rolb $1, %h0") X(rolh_3, "rolb $3, %h0") X(rolh_16, "rolb $16, %h0") \
    X(rorh_1, "rorb $1, %h0") X(rorh_6, "rorb $6, %h0") X(rorh_12, "rorb $12, %h0") \
    X(rolh_c1, ".byte 0xc0, 0xc4, 0x01") X(rorh_c1, ".byte 0xc0, 0xcc, 0x01")

#define ROT_DEFINE(name, insn) ROT_FN(rot_##name, insn)
ROT_LIST(ROT_DEFINE)

typedef uint32_t (*RotFn)(uint32_t v, unsigned pre, uint32_t *fl);

static const struct {
    const char *name;
    RotFn fn;
} rot_ops[] = {
#define ROT_ENTRY(name, insn) { #name, rot_##name },
    ROT_LIST(ROT_ENTRY)
#undef ROT_ENTRY
};

static const uint32_t rot_vals[] = {
    0, 1, 0x80000000, 0x7fffffff, 0x12345678, 0xfedcba98, 0x80, 0x40, 0x8000, 0x4000,
    0xc0, 0xffffffff, 0x8001c001, 0x00008100,
};

static void test_rotate_reg(void)
{
    for (unsigned o = 0; o < ARRAY_SIZE(rot_ops); o++) {
        for (unsigned i = 0; i < ARRAY_SIZE(rot_vals); i++) {
            for (unsigned p = 0; p < N_PRE; p++) {
                uint32_t fl;
                uint32_t r = rot_ops[o].fn(rot_vals[i], p, &fl);
                printf("%s %s %08x -> %08x %03x\n", rot_ops[o].name, pre_names[p], rot_vals[i],
                       r, fl & FL_ARITH);
            }
        }
    }
}

/* Rotates with a memory destination; the flags come from an add of f's seed. */
static void test_rotate_mem(void)
{
    static uint32_t m[4];

    for (unsigned i = 0; i < ARRAY_SIZE(rot_vals); i++) {
        for (uint32_t k = 0; k < 4; k++) {
            uint32_t f = k * 0x3fffffff;
            m[0] = rot_vals[i];
            m[1] = ~rot_vals[i];
            m[2] = rot_vals[(i + 3) % ARRAY_SIZE(rot_vals)];
            m[3] = rot_vals[(i + 7) % ARRAY_SIZE(rot_vals)];
            asm volatile("addl $0x7fffffff, %1\n\troll $1, %0\n\troll $7, 4+%0\n\t"
                         "rorw $1, 8+%0\n\trorb $9, 12+%0\n\tpushf\n\tpop %1"
                         : "+m"(m), "+r"(f) : : "cc", "memory");
            printf("mem-a %08x %u: %08x %08x %08x %08x %03x\n", rot_vals[i], k, m[0], m[1],
                   m[2], m[3], f & FL_ARITH);
            f = k * 0x3fffffff;
            asm volatile("subl $0x40000000, %1\n\trorl $13, %0\n\trolw $4, 6+%0\n\t"
                         "rolb $3, 9+%0\n\t.byte 0xc1, 0x05\n\t.long 12+%0\n\t.byte 0x01\n\t"
                         "pushf\n\tpop %1"
                         : "+m"(m), "+r"(f) : : "cc", "memory");
            printf("mem-b %08x %u: %08x %08x %08x %08x %03x\n", rot_vals[i], k, m[0], m[1],
                   m[2], m[3], f & FL_ARITH);
        }
    }
}

/* Two-operand ops: one pre-sequence, then insn with %0 = a (written) and %1 = b. */
#define OP2_ASM(pre, insn) \
    asm volatile(pre "\n\t" insn "\n\tpushf\n\tpop %2" : "+q"(a), "+q"(b), "=r"(f) : : "cc")

#define OP2_FN(fname, insn) \
    static uint32_t fname(uint32_t a, uint32_t b, unsigned pre, uint32_t *fl) \
    { \
        uint32_t f; \
        switch (pre) { \
        case 0: OP2_ASM("addl $0x7fffffff, %0", insn); break; \
        case 1: OP2_ASM("testl %0, %0\n\tstc", insn); break; \
        case 2: OP2_ASM("clc", insn); break; \
        default: OP2_ASM("stc", insn); break; \
        } \
        *fl = f; \
        return a; \
    }

static const char *const pre2_names[] = { "add", "test-stc", "clc", "stc" };

#define SHD_LIST(X) \
    X(shldl_1, "shldl $1, %1, %0") X(shldl_13, "shldl $13, %1, %0") \
    X(shldl_31, "shldl $31, %1, %0") X(shldl_32, "shldl $32, %1, %0") \
    X(shrdl_1, "shrdl $1, %1, %0") X(shrdl_13, "shrdl $13, %1, %0") \
    X(shrdl_31, "shrdl $31, %1, %0") X(shrdl_32, "shrdl $32, %1, %0") \
    X(shldw_1, "shldw $1, %w1, %w0") X(shldw_7, "shldw $7, %w1, %w0") \
    X(shldw_15, "shldw $15, %w1, %w0") X(shrdw_1, "shrdw $1, %w1, %w0") \
    X(shrdw_9, "shrdw $9, %w1, %w0") X(shrdw_16, "shrdw $16, %w1, %w0")

#define CARRY_LIST(X) \
    X(add_adc, "addl %1, %0\n\tadcl %1, %0") \
    X(add_adc_adc, "addl %1, %0\n\tadcl %1, %0\n\tadcl %0, %0") \
    X(sub_sbb, "subl %1, %0\n\tsbbl %1, %0") \
    X(sub_sbb_sbb, "subl %1, %0\n\tsbbl %1, %0\n\tsbbl %0, %1") \
    X(inc_adc, "incl %0\n\tadcl %1, %0") \
    X(dec_sbb, "decl %0\n\tsbbl %1, %0") \
    X(add_inc_adc, "addl %1, %0\n\tincl %0\n\tadcl %1, %0") \
    X(sub_dec_sbb, "subl %1, %0\n\tdecl %0\n\tsbbl %1, %0") \
    X(neg_adc, "negl %0\n\tadcl %1, %0") \
    X(cmp_rcl, "cmpl %1, %0\n\trcll $1, %0") \
    X(add_rcr, "addl %1, %0\n\trcrl $3, %0") \
    X(add_sbb_self, "addl %1, %0\n\tsbbl %0, %0") \
    X(addw_adcw, "addw %w1, %w0\n\tadcw %w1, %w0") \
    X(subb_sbbb, "subb %b1, %b0\n\tsbbb %b1, %b0") \
    X(incb_adcb, "incb %b0\n\tadcb %b1, %b0")

#define OP2_DEFINE(name, insn) OP2_FN(op2_##name, insn)
SHD_LIST(OP2_DEFINE)
CARRY_LIST(OP2_DEFINE)

typedef uint32_t (*Op2Fn)(uint32_t a, uint32_t b, unsigned pre, uint32_t *fl);

typedef struct Op2 {
    const char *name;
    Op2Fn fn;
} Op2;

#define OP2_ENTRY(name, insn) { #name, op2_##name },
static const Op2 shd_ops[] = { SHD_LIST(OP2_ENTRY) };
static const Op2 carry_ops[] = { CARRY_LIST(OP2_ENTRY) };
#undef OP2_ENTRY

static const uint32_t op2_vals[] = {
    0, 1, 0x80000000, 0x7fffffff, 0x12345678, 0xfedcba98, 0xc0000001, 0xffffffff,
};

static void run_op2(const Op2 *ops, unsigned n_ops, unsigned first_pre, unsigned end_pre)
{
    for (unsigned o = 0; o < n_ops; o++) {
        for (unsigned i = 0; i < ARRAY_SIZE(op2_vals); i++) {
            for (unsigned j = 0; j < ARRAY_SIZE(op2_vals); j++) {
                for (unsigned p = first_pre; p < end_pre; p++) {
                    uint32_t fl;
                    uint32_t r = ops[o].fn(op2_vals[i], op2_vals[j], p, &fl);
                    printf("%s %s %08x %08x -> %08x %03x\n", ops[o].name, pre2_names[p],
                           op2_vals[i], op2_vals[j], r, fl & FL_ARITH);
                }
            }
        }
    }
}

static void test_shd(void)
{
    run_op2(shd_ops, ARRAY_SIZE(shd_ops), 0, 2);
}

static void test_carry(void)
{
    run_op2(carry_ops, ARRAY_SIZE(carry_ops), 0, 4);
}

/* shld/shrd with a memory destination after an add. */
static void test_shd_mem(void)
{
    static uint32_t m[2];

    for (unsigned i = 0; i < ARRAY_SIZE(op2_vals); i++) {
        for (uint32_t k = 0; k < 4; k++) {
            uint32_t f = k * 0x3fffffff, r = op2_vals[(i + 3) % ARRAY_SIZE(op2_vals)];
            m[0] = op2_vals[i];
            m[1] = ~op2_vals[i];
            asm volatile("addl $0x7fffffff, %1\n\tshldl $3, %2, %0\n\tshrdl $7, %2, 4+%0\n\t"
                         "pushf\n\tpop %1"
                         : "+m"(m), "+r"(f) : "r"(r) : "cc", "memory");
            printf("mem %08x %u: %08x %08x %03x\n", op2_vals[i], k, m[0], m[1], f & FL_ARITH);
            f = k * 0x3fffffff;
            asm volatile("subl $0x40000000, %1\n\tshrdw $5, %w2, %0\n\tshldw $11, %w2, 6+%0\n\t"
                         "pushf\n\tpop %1"
                         : "+m"(m), "+r"(f) : "r"(r) : "cc", "memory");
            printf("memw %08x %u: %08x %08x %03x\n", op2_vals[i], k, m[0], m[1], f & FL_ARITH);
        }
    }
}

static const TestSection sections[] = {
    { "rotate-reg", test_rotate_reg },
    { "rotate-mem", test_rotate_mem },
    { "shd", test_shd },
    { "shd-mem", test_shd_mem },
    { "carry", test_carry },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
