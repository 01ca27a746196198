/*
 * Stack instructions: push/pop of registers, memory, immediates and segment
 * registers, 16-bit pushes, pusha/popa (16 and 32), pushf/popf (user-visible
 * flags only: AC/ID/TF are not touched), enter with nesting levels, leave,
 * call/ret with immediate, esp as an operand.
 */
#include "common.h"

static uint32_t stk[256];
/* The host esp/ebp are parked here while the test runs on stk. */
uint32_t st_saved_esp, st_saved_ebp, st_top, st_out_sp, st_out_a, st_out_d;

/* Run text on a private stack (esp = &stk[128]) with every register set to a
 * known value, then dump what it wrote. */
#define ON_STACK(name, text, a_in, b_in) \
    do { \
        uint32_t a = (a_in), b = (b_in); \
        memset(stk, 0xcc, sizeof(stk)); \
        st_top = (uint32_t)&stk[128]; \
        asm volatile("mov %%esp, st_saved_esp\n\tmov %%ebp, st_saved_ebp\n\t" \
                     "mov st_top, %%esp\n\tmov $0xb0b0b0b0, %%ebx\n\t" \
                     "mov $0xc0c0c0c0, %%ecx\n\tmov $0x50505050, %%esi\n\t" \
                     "mov $0xd0d0d0d0, %%edi\n\tmov $0xbbbbbbbb, %%ebp\n\t" text "\n\t" \
                     "mov %%esp, st_out_sp\n\tmov %%eax, st_out_a\n\tmov %%edx, st_out_d\n\t" \
                     "mov st_saved_esp, %%esp\n\tmov st_saved_ebp, %%ebp" \
                     : "+a"(a), "+d"(b) : : "ebx", "ecx", "esi", "edi", "memory", "cc"); \
        dump(name, st_out_a, st_out_d, st_out_sp); \
    } while (0)

static void print_val(uint32_t v)
{
    /* addresses of the private stack print as offsets */
    if (v - (uint32_t)stk < sizeof(stk)) {
        printf("stk%+d", (int)(v - (uint32_t)&stk[128]));
    } else {
        printf("%08x", v);
    }
}

static void dump(const char *name, uint32_t a, uint32_t b, uint32_t sp)
{
    printf("%s: eax ", name);
    print_val(a);
    printf(" edx ");
    print_val(b);
    printf(" esp %+d |", (int)(sp - (uint32_t)&stk[128]));
    for (int i = 100; i < 136; i++) {
        if (stk[i] != 0xcccccccc) {
            printf(" [%d]=", i - 128);
            print_val(stk[i]);
        }
    }
    printf("\n");
}

static void test_push_pop(void)
{
    ON_STACK("push reg", "push %%eax\n\tpush %%edx\n\tpop %%eax", 0x11111111, 0x22222222);
    ON_STACK("push imm", "push $-5\n\tpush $0x12345678\n\tpushw $0x7788", 0, 0);
    ON_STACK("push16", "pushw %%ax\n\tpushw %%dx\n\tpopl %%eax", 0xaaaa1111, 0xbbbb2222);
    ON_STACK("pop16", "push $0x99887766\n\tpopw %%ax\n\tpopw %%dx", 0xaaaaaaaa, 0xbbbbbbbb);
    ON_STACK("push esp", "push %%esp\n\tpop %%eax", 0, 0);
    ON_STACK("pushw sp", "pushw %%sp\n\tpopw %%ax", 0, 0);
    ON_STACK("push mem", "push $7\n\tpushl (%%esp)\n\tpushl 4(%%esp)", 0, 0);
    ON_STACK("pop mem esp", "push $1\n\tpush $2\n\tpopl (%%esp)", 0, 0);
    ON_STACK("pop mem esp+4", "push $1\n\tpush $2\n\tpush $3\n\tpopl 4(%%esp)", 0, 0);
    ON_STACK("pusha", "mov $3, %%ecx\n\tmov $6, %%esi\n\tpusha", 0x11, 0x22);
    ON_STACK("popa", "push $1\n\tpush $2\n\tpush $3\n\tpush $4\n\tpush $5\n\tpush $6\n\t"
             "push $7\n\tpush $8\n\tpopa\n\tmov %%ecx, %%eax\n\tadd %%esi, %%edx", 0, 0);
    ON_STACK("pushaw", "pushaw", 0x12345678, 0x9abcdef0);
    ON_STACK("popaw", "push $0x00010002\n\tpush $0x00030004\n\tpush $0x00050006\n\t"
             "push $0x00070008\n\tpopaw", 0xffffffff, 0xffffffff);
    ON_STACK("call ret", "call 1f\n\tjmp 2f\n\t1: ret $8\n\t2:", 0, 0);
    ON_STACK("call pop", "call 1f\n\t1: pop %%eax\n\tsub $1b, %%eax\n\tpush %%ebp\n\t"
        "push %%edi", 0, 0);
}

static void test_flags(void)
{
    /* pushf shows IF and bit 1; popf changes the arithmetic flags and DF */
    static const uint32_t vals[] = { 0, 0x8d5, 0xcd5, 0x400, 0x0eff, 0x3ed7, 0x4ed7 };
    for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
        uint32_t out, out16;
        asm volatile("push %2\n\tpopf\n\tpushf\n\tpop %0\n\tcld\n\t"
                     "pushw %w2\n\tpopfw\n\tpushfw\n\tpopw %w1\n\tcld"
                     : "=r"(out), "=r"(out16) : "r"(vals[i]) : "cc");
        printf("popf %08x -> %08x popfw -> %04x\n", vals[i], out & 0xffff3fff, out16 & 0x3fff);
    }
    for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
        uint32_t ah = (vals[i] & 0xff) << 8, f;
        asm volatile("push $0\n\tpopf\n\tsahf\n\tlahf\n\tpushf\n\tpop %1"
                     : "+a"(ah), "=r"(f) : : "cc");
        printf("sahf/lahf %08x -> %08x %03x\n", vals[i], ah, f & FL_ARITH);
    }
}

static void test_enter_leave(void)
{
    ON_STACK("enter 0,0", "mov $0x1234, %%ebp\n\tenter $0, $0\n\t"
             "mov %%ebp, %%eax\n\tleave\n\tmov %%ebp, %%edx", 0, 0);
    ON_STACK("enter 16,0", "mov %%esp, %%ebp\n\tenter $16, $0\n\t"
             "mov %%esp, %%eax\n\tsub %%ebp, %%eax\n\tleave", 0, 0);
    for (int level = 1; level < 6; level++) {
        char name[32];
        snprintf(name, sizeof(name), "enter 8,%d", level);
        /* Display frames at ebp-4k are read from the stack: give it contents. */
        switch (level) {
        case 1:
            ON_STACK(name, "push $0x71\n\tpush $0x72\n\tlea 8(%%esp), %%ebp\n\t"
                     "enter $8, $1\n\tmov %%ebp, %%eax\n\tleave", 0, 0);
            break;
        case 2:
            ON_STACK(name, "push $0x71\n\tpush $0x72\n\tlea 8(%%esp), %%ebp\n\t"
                     "enter $8, $2\n\tmov %%ebp, %%eax\n\tleave", 0, 0);
            break;
        case 3:
            ON_STACK(name, "push $0x71\n\tpush $0x72\n\tlea 8(%%esp), %%ebp\n\t"
                     "enter $8, $3\n\tmov %%ebp, %%eax\n\tleave", 0, 0);
            break;
        case 4:
            ON_STACK(name, "push $0x71\n\tpush $0x72\n\tlea 8(%%esp), %%ebp\n\t"
                     "enter $4, $4\n\tmov %%ebp, %%eax\n\tleave", 0, 0);
            break;
        default:
            ON_STACK(name, "push $0x71\n\tpush $0x72\n\tlea 8(%%esp), %%ebp\n\t"
                     "enter $0, $33\n\tmov %%ebp, %%eax\n\tleave", 0, 0);
            break;
        }
    }
    ON_STACK("enterw", "mov %%esp, %%ebp\n\tenterw $4, $1\n\t"
             "mov %%ebp, %%eax\n\tleavew\n\tmov %%ebp, %%edx", 0, 0);
}

static const TestSection sections[] = {
    { "push_pop", test_push_pop },
    { "flags", test_flags },
    { "enter_leave", test_enter_leave },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
