/*
 * Hot loops and what the translator does with them for speed: loops run
 * often enough that exec/ retranslates their head as a hot TB, which goes on
 * past conditional branches (side exits); flags and first operands of cmp
 * kept across those branches; setcc into low bytes; calls to a PIC
 * get_pc_thunk done inline; a signal arriving in a chained loop (the
 * interrupted eip must be inside the loop). Output must match native.
 */
#include "common.h"

#include <sys/time.h>

/*
 * Loop with three forward branches taken in turn (by the low bits of the
 * counter) and flag-reading insns after each: sums results into a checksum.
 * Runs far more than the 16 backward jumps that make its head hot.
 */
static uint32_t side_exit_loop(uint32_t n, uint32_t seed)
{
    uint32_t acc = seed, i = 0, t;

    asm volatile(
        "1:\n\t"
        "mov %1, %2\n\t"
        "and $3, %2\n\t"
        "cmp $1, %2\n\t"
        "jb 2f\n\t"                 /* i % 4 == 0 */
        "je 3f\n\t"                 /* i % 4 == 1 */
        "cmp $2, %2\n\t"
        "ja 4f\n\t"                 /* i % 4 == 3 */
        "add $0x9e3779b9, %0\n\t"   /* i % 4 == 2: falls through all three */
        "adc $0, %0\n\t"
        "jmp 5f\n"
        "2:\n\t"
        "rol $5, %0\n\t"
        "xor %1, %0\n\t"
        "jmp 5f\n"
        "3:\n\t"
        "sub %1, %0\n\t"
        "sbb $0, %0\n\t"
        "jmp 5f\n"
        "4:\n\t"
        "imul $0x01000193, %0, %0\n"
        "5:\n\t"
        "cmp %3, %0\n\t"            /* unsigned/signed compares of the sum */
        "setb %b2\n\t"
        "movzbl %b2, %2\n\t"
        "add %2, %0\n\t"
        "cmp %3, %0\n\t"
        "setl %b2\n\t"
        "movzbl %b2, %2\n\t"
        "shl $3, %2\n\t"
        "xor %2, %0\n\t"
        "inc %1\n\t"
        "cmp %4, %1\n\t"
        "jne 1b\n\t"
        : "+r"(acc), "+r"(i), "=&q"(t)
        : "r"(0x80000000u ^ seed), "r"(n)
        : "cc");
    return acc;
}

static void test_side_exits(void)
{
    static const uint32_t seeds[] = { 0, 1, 0x7fffffff, 0x80000000, 0xdeadbeef };

    for (unsigned k = 0; k < ARRAY_SIZE(seeds); k++) {
        printf("seed %08x: %08x %08x %08x\n", seeds[k], side_exit_loop(5, seeds[k]),
               side_exit_loop(100, seeds[k]), side_exit_loop(10007, seeds[k]));
    }
}

/*
 * Byte/word compares and partial-register results across side exits: the
 * loop stops at the first byte pair that differs (like a match finder).
 */
static uint32_t match_len(const uint8_t *a, const uint8_t *b, uint32_t max)
{
    uint32_t n = 0, flags;

    asm volatile(
        "1:\n\t"
        "movzbl (%2,%0), %%edx\n\t"
        "cmpb %%dl, (%3,%0)\n\t"
        "jne 2f\n\t"
        "inc %0\n\t"
        "cmp %4, %0\n\t"
        "jb 1b\n"
        "2:\n\t"
        "pushf\n\t"
        "pop %1\n\t"
        : "+r"(n), "=r"(flags)
        : "r"(a), "r"(b), "r"(max)
        : "edx", "cc", "memory");
    return n << 12 | (flags & FL_ARITH);
}

static void test_match(void)
{
    static uint8_t a[4096], b[4096];

    for (unsigned i = 0; i < sizeof(a); i++) {
        a[i] = b[i] = (uint8_t)(i * 7 + (i >> 5));
    }
    for (unsigned stop = 1; stop < sizeof(a); stop = stop * 3 + 1) {
        b[stop] ^= 0x80;
        for (unsigned rep = 0; rep < 20; rep++) {
            uint32_t r = match_len(a, b, sizeof(a) - 1);
            if (rep == 0 || rep == 19) {
                printf("stop %u rep %u: %08x\n", stop, rep, r);
            }
        }
        b[stop] ^= 0x80;
    }
}

/*
 * A call to a PIC thunk (mov reg, [esp]; ret) for every register but esp:
 * the register gets the return address, esp is back, the flags are kept and
 * the slot below esp holds the return address.
 */
#define THUNK(reg) \
    asm(".text\n\t.p2align 4\n\thotloop_thunk_" #reg ":\n\tmov (%esp), %" #reg "\n\tret\n\t" \
        ".previous");
THUNK(eax) THUNK(ecx) THUNK(edx) THUNK(ebx) THUNK(ebp) THUNK(esi) THUNK(edi)

#define CALL_THUNK(reg) do { \
    uint32_t got, want, below, fl, sp0, sp1; \
    asm volatile("mov %%esp, %[sp0]\n\t" \
                 "stc\n\t" \
                 "call hotloop_thunk_" #reg "\n\t" \
                 "9:\n\t" \
                 "mov %%" #reg ", %[got]\n\t" \
                 "mov -4(%%esp), %%" #reg "\n\t" \
                 "mov %%" #reg ", %[below]\n\t" \
                 "pushf\n\t" \
                 "pop %%" #reg "\n\t" \
                 "mov %%" #reg ", %[fl]\n\t" \
                 "mov %%esp, %[sp1]\n\t" \
                 "lea 9b, %%" #reg "\n\t" \
                 "mov %%" #reg ", %[want]\n\t" \
                 : [got] "=m"(got), [want] "=m"(want), [fl] "=m"(fl), [below] "=m"(below), \
                   [sp0] "=m"(sp0), [sp1] "=m"(sp1) \
                 : : #reg, "cc", "memory"); \
    printf("%s: reg %s, slot %s, CF %u, esp %s\n", #reg, got == want ? "ok" : "BAD", \
           below == want ? "ok" : "BAD", fl & FL_CF, sp0 == sp1 ? "ok" : "BAD"); \
} while (0)

static void test_pc_thunk(void)
{
    for (int rep = 0; rep < 40; rep++) {
        if (rep == 0 || rep == 39) {
            CALL_THUNK(eax);
            CALL_THUNK(ecx);
            CALL_THUNK(edx);
            CALL_THUNK(esi);
            CALL_THUNK(edi);
        } else {
            uint32_t v;
            asm volatile("call hotloop_thunk_ecx\n\tmov %%ecx, %0" : "=r"(v) : : "ecx");
            (void)v;
        }
    }
}

/*
 * SIGALRM in a tight chained loop: the handler's eip must lie inside the
 * loop. The loop is run once before (hot, chained) and entered again by
 * chained jumps after a system call stored an eip outside it: a chained jump
 * does not store eip, so an exit request at a TB entry must restore it.
 */
static volatile uint32_t alarm_eip;
static volatile int alarm_seen;

static void alarm_handler(int sig, siginfo_t *si, void *uc_void)
{
    ucontext_t *uc = uc_void;

    (void)sig;
    (void)si;
    alarm_eip = uc->uc_mcontext.gregs[REG_EIP];
    alarm_seen = 1;
}

extern const char hotloop_spin_start[], hotloop_spin_end[];

static __attribute__((noinline)) uint32_t spin(uint32_t limit)
{
    uint32_t n = 0;

    asm volatile(
        "hotloop_spin_start:\n\t"
        "1:\n\t"
        "add $1, %0\n\t"
        "test $7, %0\n\t"
        "jne 2f\n\t"
        "adc $0, %0\n"
        "2:\n\t"
        "cmp %2, %0\n\t"
        "jae 3f\n\t"
        "cmpl $0, %1\n\t"
        "je 1b\n\t"
        "3:\n\t"
        "hotloop_spin_end:\n\t"
        : "+r"(n) : "m"(alarm_seen), "r"(limit) : "cc", "memory");
    return n;
}

static void test_alarm_in_loop(void)
{
    struct sigaction sa;
    struct itimerval it = { { 0, 0 }, { 0, 20000 } };

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = alarm_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGALRM, &sa, NULL);
    alarm_seen = 0;
    printf("warm-up: %u\n", spin(5000));
    setitimer(ITIMER_REAL, &it, NULL);
    spin(0xffffffff);
    printf("alarm: seen %d, eip in loop %d\n", alarm_seen,
           alarm_eip >= (uint32_t)hotloop_spin_start && alarm_eip < (uint32_t)hotloop_spin_end);
}

static const TestSection sections[] = {
    { "side_exits", test_side_exits },
    { "match", test_match },
    { "pc_thunk", test_pc_thunk },
    { "alarm_in_loop", test_alarm_in_loop },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
