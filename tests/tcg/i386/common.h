/*
 * Shared helpers of the i386 oracle test programs: a named-section runner,
 * flag printing and signal catching.  Every program prints text that must be
 * identical natively and under emu-i386 (see README).
 */
#ifndef TESTS_TCG_I386_COMMON_H
#define TESTS_TCG_I386_COMMON_H

#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

/* CF PF AF ZF SF OF: the arithmetic flags every op test prints. */
#define FL_CF 0x0001
#define FL_PF 0x0004
#define FL_AF 0x0010
#define FL_ZF 0x0040
#define FL_SF 0x0080
#define FL_DF 0x0400
#define FL_OF 0x0800
#define FL_ARITH (FL_CF | FL_PF | FL_AF | FL_ZF | FL_SF | FL_OF)

typedef struct TestSection {
    const char *name;
    void (*fn)(void);
} TestSection;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Edge-case operand tables shared by the integer tests. */
static const uint32_t edge32[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000,
    0x7fffffff, 0x80000000, 0x80000001, 0xfffffffe, 0xffffffff, 0x12345678,
    0x0f0f0f0f, 0xdeadbeef, 0x55555555,
};

/*
 * Signal catching: test_catch() runs fn(arg) and returns 0, or the number of
 * the signal it raised; caught_* then hold what the handler saw.
 */
typedef struct CatchState {
    sigjmp_buf jb;
    int signo;
    int code;
    uint32_t eip;
    uint32_t trapno;
} CatchState;

static CatchState catch_state;

static void catch_handler(int sig, siginfo_t *si, void *uc_void)
{
    ucontext_t *uc = uc_void;

    catch_state.signo = sig;
    catch_state.code = si->si_code;
    catch_state.eip = uc->uc_mcontext.gregs[REG_EIP];
    catch_state.trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
    siglongjmp(catch_state.jb, 1);
}

static inline void catch_install(void)
{
    struct sigaction sa;
    static const int sigs[] = { SIGFPE, SIGSEGV, SIGILL, SIGTRAP, SIGBUS };

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = catch_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < ARRAY_SIZE(sigs); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
}

static inline int test_catch(void (*fn)(void *), void *arg)
{
    catch_install();
    catch_state.signo = 0;
    if (sigsetjmp(catch_state.jb, 1) == 0) {
        fn(arg);
        return 0;
    }
    return catch_state.signo;
}

static inline const char *sig_name(int sig)
{
    switch (sig) {
    case 0: return "none";
    case SIGFPE: return "SIGFPE";
    case SIGSEGV: return "SIGSEGV";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGBUS: return "SIGBUS";
    default: return "other";
    }
}

static inline int test_main(int argc, char **argv, const TestSection *sec, unsigned n)
{
    /* Arguments "-x NAME" exclude a section (expected skips); bare names
     * select sections; no names runs them all. */
    int selected = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-x") == 0) {
            i++;
        } else if (strcmp(argv[i], "--list") == 0) {
            for (unsigned s = 0; s < n; s++) {
                printf("%s\n", sec[s].name);
            }
            return 0;
        } else {
            selected = 1;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (unsigned s = 0; s < n; s++) {
        int run = !selected;
        for (int i = 1; i < argc; i++) {
            if (strcmp(argv[i], "-x") == 0) {
                if (i + 1 < argc && strcmp(argv[i + 1], sec[s].name) == 0) {
                    run = 0;
                    break;
                }
                i++;
            } else if (strcmp(argv[i], sec[s].name) == 0) {
                run = 1;
            }
        }
        if (run) {
            printf("== %s\n", sec[s].name);
            sec[s].fn();
        }
    }
    return 0;
}

#endif
