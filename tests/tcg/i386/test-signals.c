/*
 * Instructions that raise exceptions, seen by a user program as signals:
 * int3 (SIGTRAP, eip after it), ud2 and lock on a non-memory op (SIGILL),
 * into with OF set and bound out of range (SIGSEGV), int $n (SIGSEGV), hlt and
 * other privileged instructions (SIGSEGV), far call/jmp through a bad selector
 * (SIGSEGV), unimplemented encodings (SIGILL).  Prints signal, si_code where
 * Linux defines it, and where eip points relative to the instruction.
 */
#include "common.h"

/* Each probe is placed between two labels: start and end of the instruction. */
#define PROBE(fname, text) \
    static void fname(void *p) \
    { \
        (void)p; \
        asm volatile(".globl " #fname "_s, " #fname "_e\n\t" #fname "_s:\n\t" text "\n\t" \
                     #fname "_e:\n\t" : : : "memory", "cc"); \
    }

PROBE(p_int3, "int3")
PROBE(p_int3_long, ".byte 0xcd, 0x03")
PROBE(p_ud2, "ud2")
PROBE(p_lock_nop, ".byte 0xf0, 0x90")
PROBE(p_lock_mov, ".byte 0xf0, 0x89, 0xc0")
PROBE(p_into, "push $0x800\n\tpopf\n\tinto")
PROBE(p_into_noof, "push $0\n\tpopf\n\tinto")
PROBE(p_int80x, "int $0x81")
PROBE(p_int0, "int $0")
PROBE(p_hlt, "hlt")
PROBE(p_cli, "cli")
PROBE(p_in, "inb $0x80, %%al")
PROBE(p_rdmsr, "rdmsr")
PROBE(p_mov_cr, "mov %%cr0, %%eax")
PROBE(p_lcall, "lcall $0x1234, $0")
PROBE(p_ljmp, "ljmp $0x0, $0")
PROBE(p_lret, "push $0\n\tpush $0\n\tlret")
PROBE(p_iret, "iret")
PROBE(p_sysenter_ud, ".byte 0x0f, 0xff")
PROBE(p_bad_0f04, ".byte 0x0f, 0x04")
PROBE(p_div_ecx, "xor %%ecx, %%ecx\n\tdiv %%ecx")
PROBE(p_load_bad_ds, "mov $0x1234, %%eax\n\tmov %%eax, %%fs")
PROBE(p_cs_write, "push %%eax\n\tmovl $0, %%cs:(%%esp)\n\tpop %%eax")
PROBE(p_null_read, "movl 0, %%eax")

typedef struct Probe {
    const char *name;
    void (*fn)(void *);
    const char *s, *e;
} Probe;

#define P(n) { #n, n, n##_s, n##_e }
extern const char p_int3_s[], p_int3_e[], p_int3_long_s[], p_int3_long_e[], p_ud2_s[],
    p_ud2_e[], p_lock_nop_s[], p_lock_nop_e[], p_lock_mov_s[], p_lock_mov_e[], p_into_s[],
    p_into_e[], p_into_noof_s[], p_into_noof_e[], p_int80x_s[], p_int80x_e[], p_int0_s[],
    p_int0_e[], p_hlt_s[], p_hlt_e[], p_cli_s[], p_cli_e[], p_in_s[], p_in_e[], p_rdmsr_s[],
    p_rdmsr_e[], p_mov_cr_s[], p_mov_cr_e[], p_lcall_s[], p_lcall_e[], p_ljmp_s[], p_ljmp_e[],
    p_lret_s[], p_lret_e[], p_iret_s[], p_iret_e[], p_sysenter_ud_s[], p_sysenter_ud_e[],
    p_bad_0f04_s[], p_bad_0f04_e[], p_div_ecx_s[], p_div_ecx_e[], p_load_bad_ds_s[],
    p_load_bad_ds_e[], p_cs_write_s[], p_cs_write_e[], p_null_read_s[], p_null_read_e[];

static void test_faults(void)
{
    static const Probe probes[] = {
        P(p_int3), P(p_int3_long), P(p_ud2), P(p_lock_nop), P(p_lock_mov), P(p_into),
        P(p_into_noof), P(p_int80x), P(p_int0), P(p_hlt), P(p_cli), P(p_in), P(p_rdmsr),
        P(p_mov_cr), P(p_lcall), P(p_ljmp), P(p_lret), P(p_iret), P(p_sysenter_ud),
        P(p_bad_0f04), P(p_div_ecx), P(p_load_bad_ds), P(p_cs_write), P(p_null_read),
    };
    for (unsigned i = 0; i < ARRAY_SIZE(probes); i++) {
        const Probe *p = &probes[i];
        int sig = test_catch(p->fn, NULL);
        uint32_t eip = catch_state.eip;
        /* eip as an offset from the probe's first instruction */
        int off = sig ? (int)(eip - (uint32_t)p->s) : 0;
        /* si_code is only meaningful for the synchronous traps Linux fills in */
        int code = sig == SIGILL || sig == SIGFPE || sig == SIGTRAP ? catch_state.code : 0;
        printf("%-16s %-8s code %d eip %+d of %d\n", p->name, sig_name(sig), code, off,
               (int)(p->e - p->s));
    }
}

typedef struct BoundArgs {
    int32_t idx;
    int32_t lim[2];
} BoundArgs;

static void do_bound(void *p)
{
    BoundArgs *b = p;
    asm volatile("bound %0, %1" : : "r"(b->idx), "m"(b->lim));
}

static void do_boundw(void *p)
{
    BoundArgs *b = p;
    int16_t lim[2] = { (int16_t)b->lim[0], (int16_t)b->lim[1] };
    asm volatile("boundw %w0, %1" : : "r"(b->idx), "m"(lim));
}

static void test_bound(void)
{
    static const int32_t idx[] = { -5, -1, 0, 3, 9, 10, 11, 0x7fffffff };
    for (unsigned i = 0; i < ARRAY_SIZE(idx); i++) {
        BoundArgs b = { idx[i], { 0, 10 } };
        int s1 = test_catch(do_bound, &b);
        int s2 = test_catch(do_boundw, &b);
        printf("bound %d in [0,10]: %s %s\n", idx[i], sig_name(s1), sig_name(s2));
    }
}

/* Registers survive a handled SIGTRAP from int3 when the handler returns. */
static volatile int traps;

static void trap_return(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    traps++;
}

static void test_int3_resume(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = trap_return;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    uint32_t a = 0x1234, b = 0x5678;
    asm volatile("int3\n\tadd %1, %0\n\tint3" : "+r"(a) : "r"(b) : "cc");
    printf("int3 resume: traps %d a %08x\n", traps, a);
}

static const TestSection sections[] = {
    { "faults", test_faults },
    { "bound", test_bound },
    { "int3_resume", test_int3_resume },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
