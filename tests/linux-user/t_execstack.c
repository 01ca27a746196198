/*
 * A program linked with -z execstack (PT_GNU_STACK RWX): code on its stack
 * runs, code in its heap does not (SIGSEGV, SEGV_ACCERR) as on the kernel.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sigjmp_buf back;
static volatile uintptr_t expect;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    printf("sig %d code %d at the code: %s\n", sig, si->si_code,
           (uintptr_t)si->si_addr == expect ? "yes" : "no");
    siglongjmp(back, 1);
}

static void try_call(const char *what, uint8_t *code)
{
    /* mov $42, %eax; ret */
    static const uint8_t ret42[] = { 0xb8, 42, 0, 0, 0, 0xc3 };

    memcpy(code, ret42, sizeof(ret42));
    expect = (uintptr_t)code;
    printf("%s: ", what);
    fflush(stdout);
    if (sigsetjmp(back, 1) == 0) {
        printf("returned %d\n", ((int (*)(void))code)());
    }
}

int main(void)
{
    struct sigaction sa;
    uint8_t stack_code[16];

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    try_call("stack", stack_code);
    try_call("heap", malloc(64));
    return 0;
}
