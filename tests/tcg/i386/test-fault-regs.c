/*
 * The registers a SIGSEGV handler sees when a memory access faults right
 * after the block changed them: emu keeps changed registers in host registers
 * across guest memory accesses and rebuilds them from the host fault's context
 * (tcg/fault.c). Each probe changes every register and the flags, then loads
 * or stores through a bad pointer; the handler prints the whole state. Also:
 * a fault on the Nth turn of a loop, partial-register writes, a store to a
 * read-only page that the handler makes writable and resumes, and a fault in
 * the middle of push/call sequences. Section "wrap": base + displacement
 * sums that wrap around 4 GiB (emu adds them in 64 bits and redoes the access
 * when the sum leaves guest memory), up and down, loads and stores, and one
 * that wraps to an unmapped address.
 */
#include "common.h"

#include <sys/mman.h>

static uint32_t fr_regs[8];
static uint32_t fr_eflags, fr_eip;
uint32_t fr_esp0;           /* esp at a probe's entry, set by its asm */
static sigjmp_buf fr_jb;
static uint8_t *fr_page;        /* PROT_NONE, or read-only for the resume probe */
static int fr_resume;

static void fr_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    static const int order[8] = { REG_EAX, REG_ECX, REG_EDX, REG_EBX,
                                  REG_ESP, REG_EBP, REG_ESI, REG_EDI };

    (void)sig;
    for (int i = 0; i < 8; i++) {
        fr_regs[i] = g[order[i]];
    }
    fr_eflags = g[REG_EFL];
    fr_eip = g[REG_EIP];
    printf("  fault at page+%#x\n", (unsigned)((uint8_t *)si->si_addr - fr_page));
    if (fr_resume) {
        mprotect(fr_page, 4096, PROT_READ | PROT_WRITE);
        return;
    }
    siglongjmp(fr_jb, 1);
}

/* Each probe: fr_esp0 = esp at entry, ecx = the bad page; never returns
 * normally except the resume probe (which saves and restores registers). */
#define PROBE(name, body) \
    extern const char name##_fault[]; \
    void name(uint8_t *bad); \
    asm(".text\n.globl " #name "\n" #name ":\n\t" \
        "mov %esp, fr_esp0\n\t" \
        "mov 4(%esp), %ecx\n\t" \
        body "\n\t" \
        "ud2\n");

/* Every register changed by arithmetic, flags from the last add, then a load. */
PROBE(fr_load,
      "mov $0x11111111, %eax\n\t"
      "lea 0x22(%eax,%eax,2), %edx\n\t"
      "imul $7, %edx, %ebx\n\t"
      "xor %ebx, %eax\n\t"
      "mov %eax, %esi\n\t"
      "not %esi\n\t"
      "lea -5(%esi,%edx), %edi\n\t"
      "mov $0x7fffffff, %ebp\n\t"
      "add $3, %ebp\n\t"
      ".globl fr_load_fault\nfr_load_fault:\n\t"
      "mov 0x10(%ecx), %eax")

/* The same with a store, after sub/shift, and an address in a changed register. */
PROBE(fr_store,
      "mov $0x80000000, %eax\n\t"
      "lea 0x40(%ecx), %edi\n\t"
      "shr $3, %eax\n\t"
      "mov $5, %ebx\n\t"
      "sub $6, %ebx\n\t"
      "mov %ebx, %edx\n\t"
      "shl $4, %edx\n\t"
      "mov $0x1234, %esi\n\t"
      "mov $0x55aa55aa, %ebp\n\t"
      "sub %esi, %ebp\n\t"
      ".globl fr_store_fault\nfr_store_fault:\n\t"
      "mov %ebp, (%edi)")

/* Partial registers and a flags-only insn before a read-modify-write. */
PROBE(fr_partial,
      "mov $0xdeadbeef, %eax\n\t"
      "mov %eax, %ebx\n\t"
      "mov %eax, %edx\n\t"
      "mov $0x12, %ah\n\t"
      "mov $0x3456, %bx\n\t"
      "inc %dl\n\t"
      "mov $0xfe, %dh\n\t"
      "xor %esi, %esi\n\t"
      "mov $0xffffffff, %edi\n\t"
      "inc %di\n\t"
      "mov $0x01020304, %ebp\n\t"
      "bswap %ebp\n\t"
      "cmp %eax, %ebx\n\t"
      ".globl fr_partial_fault\nfr_partial_fault:\n\t"
      "addl %ebx, 8(%ecx)")

/* esp changed by pushes and a call before a faulting push of memory. */
PROBE(fr_stack,
      "mov $1, %eax\n\t"
      "mov $0x99, %ebp\n\t"
      "mov %ebp, %esi\n\t"
      "lea 1(%esi), %edi\n\t"
      "push %eax\n\t"
      "push $2\n\t"
      "sub $12, %esp\n\t"
      "lea 3(%eax), %ebx\n\t"
      "call 1f\n"
      "1:\n\t"
      "add $7, %eax\n\t"
      ".globl fr_stack_fault\nfr_stack_fault:\n\t"
      "pushl 0x20(%ecx)")

/* A loop that faults on its 40th turn: registers of that turn, not the first. */
PROBE(fr_loop,
      "lea -156(%ecx), %esi\n\t"
      "mov $100, %ecx\n\t"
      "xor %eax, %eax\n\t"
      "xor %ebx, %ebx\n\t"
      "xor %edx, %edx\n\t"
      "mov $-1, %ebp\n\t"
      "mov $-2, %edi\n\t"
      "1:\n\t"
      "add $3, %eax\n\t"
      "add %eax, %ebx\n\t"
      ".globl fr_loop_fault\nfr_loop_fault:\n\t"
      "add (%esi), %edx\n\t"
      "add $4, %esi\n\t"
      "dec %ecx\n\t"
      "jnz 1b")

/* A store the handler lets through: registers live on after it. */
extern const char fr_resume_fault[];
void fr_resume_probe(uint8_t *ro, uint32_t out[8]);
asm(".text\n.globl fr_resume_probe\nfr_resume_probe:\n\t"
    "pusha\n\t"
    "mov 36(%esp), %ecx\n\t"
    "mov 40(%esp), %edi\n\t"
    "mov $0x1000, %eax\n\t"
    "mov $0x2000, %ebx\n\t"
    "mov $0x3000, %edx\n\t"
    "mov $0x4000, %esi\n\t"
    "mov $0x5000, %ebp\n\t"
    "add %eax, %ebx\n\t"
    "add %ebx, %edx\n\t"
    ".globl fr_resume_fault\nfr_resume_fault:\n\t"
    "mov %edx, 12(%ecx)\n\t"
    "add (%ecx), %eax\n\t"
    "adc $0, %esi\n\t"
    "mov %eax, 0(%edi)\n\t"
    "mov %ebx, 4(%edi)\n\t"
    "mov %edx, 8(%edi)\n\t"
    "mov %esi, 12(%edi)\n\t"
    "mov %ebp, 16(%edi)\n\t"
    "mov 12(%ecx), %eax\n\t"
    "mov %eax, 20(%edi)\n\t"
    "popa\n\t"
    "ret\n");

static void print_state(const char *name, const char *fault_insn)
{
    static const char *names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

    printf("%s: eip %+d, flags %03x\n", name, (int)(fr_eip - (uint32_t)fault_insn),
           fr_eflags & FL_ARITH);
    for (int i = 0; i < 8; i++) {
        uint32_t v = fr_regs[i];
        if (i == 4) {
            printf("  esp esp0%+d\n", (int)(v - fr_esp0));
        } else if (i == 1 && strcmp(name, "loop") != 0) {
            printf("  ecx page%+d\n", (int)(v - (uint32_t)fr_page));
        } else if ((i == 6 && !strcmp(name, "loop")) || (i == 7 && !strcmp(name, "store"))) {
            printf("  %s page%+d\n", names[i], (int)(v - (uint32_t)fr_page));
        } else {
            printf("  %s %08x\n", names[i], v);
        }
    }
}

static void run_probe(const char *name, void (*fn)(uint8_t *), const char *fault_insn)
{
    if (sigsetjmp(fr_jb, 1) == 0) {
        fn(fr_page);
        printf("%s: no fault\n", name);
        return;
    }
    print_state(name, fault_insn);
}

static void install(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fr_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
}

static void test_probes(void)
{
    uint8_t *area = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                         -1, 0);

    install();
    /* fr_page: no access; the page before it is readable (the loop walks it). */
    fr_page = area + 4096;
    for (int i = 0; i < 1024; i++) {
        ((uint32_t *)area)[i] = i * 0x01010101u;
    }
    mprotect(fr_page, 4096, PROT_NONE);
    run_probe("load", fr_load, fr_load_fault);
    run_probe("store", fr_store, fr_store_fault);
    run_probe("partial", fr_partial, fr_partial_fault);
    run_probe("stack", fr_stack, fr_stack_fault);
    run_probe("loop", fr_loop, fr_loop_fault);
    munmap(area, 2 * 4096);
}

static void test_resume(void)
{
    uint32_t out[8] = { 0 };

    install();
    fr_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ((uint32_t *)fr_page)[0] = 0xfffff800;
    mprotect(fr_page, 4096, PROT_READ);
    fr_resume = 1;
    fr_resume_probe(fr_page, out);
    fr_resume = 0;
    printf("resume: eip %+d, regs at fault eax %08x ebx %08x edx %08x\n",
           (int)(fr_eip - (uint32_t)fr_resume_fault), fr_regs[0], fr_regs[3], fr_regs[2]);
    printf("  after: %08x %08x %08x %08x %08x %08x\n", out[0], out[1], out[2], out[3],
           out[4], out[5]);
    munmap(fr_page, 4096);
}

uint32_t fr_wrap_var = 0x600dcafe;
#define WRAP_HIGH 0xf0000000u

static uint32_t wrap_up_load(uint32_t base)
{
    uint32_t v;
    asm volatile("mov fr_wrap_var+0x70000000(%1), %0" : "=r"(v) : "r"(base) : "memory");
    return v;
}

static void wrap_up_store(uint32_t base, uint32_t v)
{
    asm volatile("mov %1, fr_wrap_var+0x70000000(%0)" : : "r"(base), "r"(v) : "memory");
}

static uint32_t wrap_down_load(uint32_t base)
{
    uint32_t v;
    asm volatile("mov %c2-0x1000(%1), %0" : "=r"(v) : "r"(base), "i"(WRAP_HIGH + 0x10) : "memory");
    return v;
}

static uint32_t wrap_loop(uint32_t base, int n)
{
    uint32_t sum = 0;
    for (int i = 0; i < n; i++) {
        uint32_t v;
        asm volatile("mov fr_wrap_var+0x70000000(%1), %0" : "=r"(v) : "r"(base + i * 0) : "memory");
        sum += v + i;
    }
    return sum;
}

static void wrap_unmapped(void *p)
{
    uint32_t v, base = (uint32_t)(uintptr_t)p;
    asm volatile("mov -0x20(%1), %0" : "=r"(v) : "r"(base) : "memory");
}

/* Bases from memory: the translator must not see them as constants. */
static volatile uint32_t wrap_base_up = 0x90000000u, wrap_base_down = 0x1000, wrap_base_low = 0x10;

static void test_wrap(void)
{
    uint32_t *high = mmap((void *)WRAP_HIGH, 4096, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

    printf("up load: %08x\n", wrap_up_load(wrap_base_up));
    wrap_up_store(wrap_base_up, 0x12345678);
    printf("up store: %08x\n", fr_wrap_var);
    if (high == (void *)WRAP_HIGH) {
        high[4] = 0xabad1dea;
        printf("down load: %08x\n", wrap_down_load(wrap_base_down));
        munmap(high, 4096);
    } else {
        printf("down load: no mapping\n");
    }
    printf("loop: %08x\n", wrap_loop(wrap_base_up, 100));
    catch_install();
    int sig = test_catch(wrap_unmapped, (void *)(uintptr_t)wrap_base_low);
    printf("unmapped: %s\n", sig_name(sig));
}

static const TestSection sections[] = {
    { "probes", test_probes },
    { "resume", test_resume },
    { "wrap", test_wrap },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
