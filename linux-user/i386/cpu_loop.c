/*
 * The i386 user-mode CPU loop: run translated code, serve int $0x80 system
 * calls (eax = number, ebx ecx edx esi edi ebp = arguments, eax = result),
 * turn CPU exceptions into the signals Linux sends for them, and deliver
 * pending signals between blocks.
 */
#include <errno.h>
#include <signal.h>

#include "linux-user/signal-common.h"
#include "linux-user/syscall-common.h"
#include "linux-user/target.h"
#include "target-i386/cpu.h"
#include "target-i386/fpu.h"

/* Restart an interrupted call unless a handler without SA_RESTART runs
 * (or the call never restarts once a handler ran). */
static bool syscall_restarts(UserTask *t, int num)
{
    const SyscallDef *d = target_syscall_lookup(num);
    int flags = signal_pending_handler_flags(t);

    if (flags < 0) {
        return true;
    }
    if (d && (d->flags & SYSF_NORESTART)) {
        return false;
    }
    return (flags & SA_RESTART) != 0;
}

static void do_int80(UserTask *t, CPUX86State *env)
{
    int num = (int)env->regs[R_EAX];
    uint64_t args[6] = { env->regs[R_EBX], env->regs[R_ECX], env->regs[R_EDX],
                         env->regs[R_ESI], env->regs[R_EDI], env->regs[R_EBP] };
    int64_t r = do_syscall(t, num, args);

    if (r == SYSCALL_NO_RESULT) {
        return;
    }
    if (r == -EINTR && syscall_restarts(t, num)) {
        env->eip -= 2;      /* back onto the int $0x80 */
        return;
    }
    env->regs[R_EAX] = (uint32_t)r;
}

/* FPU and SSE exceptions: the si_code for the unmasked exception raised. */
static int fpe_code(unsigned status)
{
    if (status & 0x01) {
        return FPE_FLTINV;
    }
    if (status & 0x04) {
        return FPE_FLTDIV;
    }
    if (status & 0x08) {
        return FPE_FLTOVF;
    }
    if (status & 0x10) {
        return FPE_FLTUND;
    }
    if (status & 0x20) {
        return FPE_FLTRES;
    }
    return 0;
}

static void exception_to_signal(UserTask *t, CPUX86State *env, int excp)
{
    CPUState *cpu = t->cpu;
    uint32_t pc = env->eip;

    switch (excp) {
    case EXCP00_DIVZ:
        signal_force_sync(t, SIGFPE, FPE_INTDIV, pc);
        break;
    case EXCP01_DB:
        signal_force_sync(t, SIGTRAP, TRAP_TRACE, pc);
        break;
    case EXCP03_INT3:
        signal_force_sync(t, SIGTRAP, SI_KERNEL, 0);
        break;
    case EXCP04_INTO:
    case EXCP05_BOUND:
    case EXCP0D_GPF:
        signal_force_sync(t, SIGSEGV, SI_KERNEL, 0);
        break;
    case EXCP06_ILLOP:
        signal_force_sync(t, SIGILL, ILL_ILLOPN, pc);
        break;
    case EXCP07_PREX:
        signal_force_sync(t, SIGSEGV, SI_KERNEL, 0);
        break;
    case EXCP0E_PAGE:
        signal_force_sync(t, SIGSEGV, guest_page_flags(&t->proc->space, cpu->fault_addr) &
                                      PAGE_VALID ? SEGV_ACCERR : SEGV_MAPERR, cpu->fault_addr);
        break;
    case EXCP10_COPR: {
        unsigned sw = env->fpu.fsw & ~env->fpu.fcw & 0x3f;
        signal_force_sync(t, SIGFPE, fpe_code(sw), pc);
        break;
    }
    case EXCP11_ALGN:
        signal_force_sync(t, SIGBUS, BUS_ADRALN, 0);
        break;
    case EXCP13_XMM: {
        unsigned m = env->fpu.mxcsr;
        signal_force_sync(t, SIGFPE, fpe_code(m & ~(m >> 7) & 0x3f), pc);
        break;
    }
    default:
        log_mask(&t->proc->log, LOG_UNIMP, "unexpected CPU exception %#x at %#x\n", excp, pc);
        signal_force_sync(t, SIGILL, ILL_ILLOPN, pc);
        break;
    }
    t->sync_info.trapno = excp;
    t->sync_info.err = cpu->error_code;
}

_Noreturn void target_cpu_loop(UserTask *t)
{
    CPUState *cpu = t->cpu;
    CPUX86State *env = cpu->env;

    for (;;) {
        int excp = cpu_exec(cpu);

        switch (excp) {
        case EXCP_SYSCALL:
            do_int80(t, env);
            break;
        case EXCP_INTERRUPT:
        case EXCP_HLT:
        case EXCP_HALTED:
            break;
        case EXCP_DEBUG:
            signal_force_sync(t, SIGTRAP, TRAP_BRKPT, env->eip);
            break;
        default:
            log_mask(&t->proc->log, LOG_INT, "exception %#x at eip %#x\n", excp, env->eip);
            exception_to_signal(t, env, excp);
            break;
        }
        signal_process_pending(t);
    }
}
