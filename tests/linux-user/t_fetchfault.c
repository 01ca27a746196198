/*
 * Code fetch faults: jumping to an unmapped, PROT_NONE or non-executable
 * page (NX), an insn that runs across into an unmapped page, code that
 * falls off the end of its mapping. Each gives SIGSEGV with si_code, si_addr
 * and the faulting eip. Also a handler installed without SA_RESTORER, which
 * returns through code the kernel provides (the stack is not executable).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile int usr1_count;

static void on_usr1(int sig)
{
    usr1_count++;
}
static volatile uintptr_t base;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    uintptr_t eip = uc->uc_mcontext.gregs[REG_EIP];
    uintptr_t addr = (uintptr_t)si->si_addr;

    /* Addresses inside our own mapping are printed relative to it. */
    if (base && addr >= base && addr < base + 0x4000) {
        printf("sig %d code %d addr base+%#lx", sig, si->si_code, (unsigned long)(addr - base));
    } else {
        printf("sig %d code %d addr %#lx", sig, si->si_code, (unsigned long)addr);
    }
    if (base && eip >= base && eip < base + 0x4000) {
        printf(" eip base+%#lx\n", (unsigned long)(eip - base));
    } else {
        printf(" eip %#lx\n", (unsigned long)eip);
    }
    siglongjmp(back, 1);
}

static void try_call(const char *what, uintptr_t target)
{
    printf("%s: ", what);
    fflush(stdout);
    if (sigsetjmp(back, 1) == 0) {
        ((void (*)(void))target)();
        printf("returned\n");
    }
}

/* Code in a buffer some pages below the caller's stack page. */
static __attribute__((noinline)) void deeper_stack_call(void)
{
    volatile uint8_t buf[0x3000];

    buf[0x100] = 0xc3;
    base = (uintptr_t)buf;
    try_call("deeper stack", (uintptr_t)&buf[0x100]);
}

int main(void)
{
    struct sigaction sa;
    uint8_t *p;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    try_call("unmapped", 0x12345000);
    try_call("unmapped odd", 0x12345677);

    /* Three pages: code, PROT_NONE, and a hole where the third was. */
    p = mmap(NULL, 0x3000, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
             -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    base = (uintptr_t)p;
    mprotect(p + 0x1000, 0x1000, PROT_NONE);
    munmap(p + 0x2000, 0x1000);
    try_call("prot none", base + 0x1000);
    try_call("hole", base + 0x2000);

    /* mov $imm32, %eax whose immediate lies on the PROT_NONE page. */
    p[0xffd] = 0xb8;
    p[0xffe] = 0x01;
    p[0xfff] = 0x02;
    try_call("insn across", base + 0xffd);

    /* A ret that works, then the same page run to its end by nops. */
    p[0] = 0xc3;
    try_call("ret", base);
    memset(p, 0x90, 0xffd);
    try_call("nops to the end", base + 0x800);

    /* The page back: the same code now runs. */
    mprotect(p + 0x1000, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC);
    p[0x1002] = 0xc3;
    try_call("mapped again", base + 0xffd);

    /* Readable and writable but not executable, then executable. */
    mprotect(p + 0x1000, 0x1000, PROT_READ | PROT_WRITE);
    p[0x1000] = 0xc3;
    try_call("not executable", base + 0x1000);
    try_call("into not executable", base + 0xffd);
    mprotect(p + 0x1000, 0x1000, PROT_READ | PROT_EXEC);
    try_call("executable again", base + 0x1000);
    {
        static const uint8_t on_stack[] = { 0xc3 };
        volatile uint8_t local[4];
        memcpy((void *)local, on_stack, 1);
        base = (uintptr_t)local;
        try_call("stack", (uintptr_t)local);
    }

    /* The stack made executable as glibc does it for an execstack library:
     * one page with PROT_GROWSDOWN changes the stack down to its bottom. */
    {
        volatile uint8_t here;
        uintptr_t pg = (uintptr_t)&here & ~(uintptr_t)0xfff;
        int r = mprotect((void *)pg, 0x1000, PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN);

        printf("mprotect growsdown: %d\n", r);
        deeper_stack_call();
    }

    /* The raw call: glibc's sigaction always adds its own SA_RESTORER. */
    {
        struct {
            void *handler;
            unsigned long flags;
            void *restorer;
            unsigned long long mask;
        } ka = { (void *)on_usr1, 0, NULL, 0 };
        syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
        raise(SIGUSR1);
        printf("no SA_RESTORER: handler ran %d time(s), back in main\n", usr1_count);
    }
    return 0;
}
