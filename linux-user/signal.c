/*
 * Guest signals on host signals. Each guest disposition is mirrored on the
 * host (SIG_DFL and SIG_IGN as is, a guest handler as our host handler) and
 * each thread's host signal mask mirrors its guest mask, so the host kernel
 * does the blocking, queueing and thread selection. Our host handler records
 * the signal in the task and kicks the CPU out of generated code; the CPU loop
 * then builds the guest frame. Host faults in generated code become guest
 * SIGSEGV/SIGBUS with the guest address.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "linux-user/signal-common.h"
#include "linux-user/target.h"
#include "linux-user/user.h"

/*
 * A host signal handler has no argument to carry context, so the task of the
 * running host thread is kept in thread-local storage; the process is reached
 * through it. This is the one piece of global state of linux-user.
 */
static __thread UserTask *current_task;

UserTask *user_current_task(void)
{
    return current_task;
}

void user_set_current_task(UserTask *t)
{
    current_task = t;
}

static uint64_t sigbit(int sig)
{
    return 1ull << (sig - 1);
}

/* Signals the host must always route to us: faults in generated code. */
static bool is_fault_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

static const uint64_t fault_mask = (1ull << (SIGSEGV - 1)) | (1ull << (SIGBUS - 1)) |
                                   (1ull << (SIGILL - 1)) | (1ull << (SIGFPE - 1)) |
                                   (1ull << (SIGTRAP - 1));

/* The raw call: glibc's wrappers refuse signals 32 and 33, which guests use. */
static int host_sigprocmask(int how, const uint64_t *set, uint64_t *old)
{
    return (int)syscall(SYS_rt_sigprocmask, how, set, old, 8);
}

void task_set_blocked(UserTask *t, uint64_t mask)
{
    uint64_t host;

    mask &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
    t->blocked = mask;
    host = mask & ~fault_mask;
    host_sigprocmask(SIG_SETMASK, &host, NULL);
}

/* The x86-64 host's kernel sigaction, for the raw rt_sigaction call. */
typedef struct HostKSigaction {
    void *handler;
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
} HostKSigaction;

void host_signal_restorer(void);
__asm__(".text\n"
        ".globl host_signal_restorer\n"
        "host_signal_restorer:\n"
        "    mov $15, %eax\n"       /* rt_sigreturn */
        "    syscall\n");

static void host_handler(int sig, siginfo_t *si, void *uc);

static int host_set_disposition(int sig, void *handler, unsigned long extra_flags)
{
    HostKSigaction ka = { 0 };

    ka.handler = handler;
    ka.flags = SA_RESTORER | extra_flags;
    ka.restorer = host_signal_restorer;
    if (handler != SIG_DFL && handler != SIG_IGN) {
        ka.flags |= SA_SIGINFO;
        ka.mask = ~0ull;
    }
    return (int)syscall(SYS_rt_sigaction, sig, &ka, NULL, 8);
}

void signal_apply_host(UserProcess *p, int sig)
{
    const UserSigAction *ka = &p->sigact[sig];
    unsigned long keep = ka->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT);

    if (sig == SIGKILL || sig == SIGSTOP) {
        return;
    }
    if (is_fault_signal(sig)) {
        host_set_disposition(sig, (void *)host_handler, 0);
    } else if (ka->handler == TARGET_SIG_DFL) {
        host_set_disposition(sig, SIG_DFL, keep);
    } else if (ka->handler == TARGET_SIG_IGN) {
        host_set_disposition(sig, SIG_IGN, keep);
    } else {
        host_set_disposition(sig, (void *)host_handler, keep);
    }
}

int signal_init(UserProcess *p)
{
    int sig;

    for (sig = 1; sig <= TARGET_NSIG; sig++) {
        HostKSigaction old;

        if (syscall(SYS_rt_sigaction, sig, NULL, &old, 8) == 0 && old.handler == SIG_IGN) {
            p->sigact[sig].handler = TARGET_SIG_IGN;     /* inherited through exec */
        }
        /* The host already has SIG_DFL or the inherited SIG_IGN. */
        if (is_fault_signal(sig)) {
            signal_apply_host(p, sig);
        }
    }
    return 0;
}

void signal_init_thread(UserTask *t)
{
    uint64_t host = 0;

    user_set_current_task(t);
    host_sigprocmask(SIG_SETMASK, NULL, &host);
    t->blocked = host;
}

void pending_from_host(PendingSignal *ps, const siginfo_t *si)
{
    memset(ps, 0, sizeof(*ps));
    ps->trapno = -1;
    ps->signo = si->si_signo;
    ps->code = si->si_code;
    ps->errno_ = si->si_errno;
    ps->pid = si->si_pid;
    ps->uid = si->si_uid;
    if (si->si_signo == SIGCHLD) {
        ps->status = si->si_status;
        ps->utime = si->si_utime;
        ps->stime = si->si_stime;
    }
    if (si->si_code == SI_TIMER) {
        ps->timerid = si->si_timerid;
        ps->overrun = si->si_overrun;
    }
    if (si->si_signo == SIGPOLL && si->si_code > 0) {
        ps->band = si->si_band;
        ps->fd = si->si_fd;
    }
    ps->value = (uint32_t)si->si_value.sival_int;
}

void signal_queue(UserTask *t, const PendingSignal *info)
{
    int sig = info->signo;

    if (sig < 1 || sig > TARGET_NSIG) {
        return;
    }
    /* Standard signals do not queue: a second one merges into the first. */
    if (!(t->pending & sigbit(sig))) {
        t->info[sig] = *info;
        __atomic_or_fetch(&t->pending, sigbit(sig), __ATOMIC_SEQ_CST);
    }
    t->signal_flag = 1;
    if (t->cpu) {
        cpu_exit(t->cpu);
    }
}

static _Noreturn void fatal_host_fault(int sig, siginfo_t *si, uintptr_t pc)
{
    char msg[160];
    int n = snprintf(msg, sizeof(msg), "emu: internal error: host signal %d at %p (pc %#lx)\n",
                     sig, si->si_addr, (unsigned long)pc);

    if (write(2, msg, n) < 0) {
        n = 0;
    }
    signal(sig, SIG_DFL);
    abort();
}

static void handle_guest_fault(UserTask *t, int sig, siginfo_t *si, ucontext_t *uc)
{
    UserProcess *p = t->proc;
    CPUState *cpu = t->cpu;
    uintptr_t host_addr = (uintptr_t)si->si_addr;
    uintptr_t host_pc = uc->uc_mcontext.gregs[REG_RIP];
    uint64_t gaddr = host_addr - p->space.guest_base;
    uintptr_t ra = cpu->helper_retaddr ? cpu->helper_retaddr : host_pc;

    if (host_addr < p->space.guest_base - GUEST_GUARD_SIZE ||
        host_addr >= p->space.guest_base + GUEST_SPACE_SIZE + GUEST_GUARD_SIZE) {
        fatal_host_fault(sig, si, host_pc);
    }
    /* Guest state generated code keeps in host registers, before any way out. */
    cpu_restore_host_context(cpu, uc);
    if (host_addr < p->space.guest_base || gaddr >= GUEST_SPACE_SIZE) {
        /* In a guard range: an access whose folded displacement wrapped runs
         * again unfolded; else it crossed the top of guest memory. */
        if (cpu_restart_unfolded(cpu, host_pc)) {
            target_save_host_context(cpu, uc);
            task_set_blocked(t, t->blocked);
            cpu_loop_exit(cpu);
        }
        if (host_addr < p->space.guest_base || gaddr >= GUEST_SPACE_SIZE + 65536) {
            fatal_host_fault(sig, si, host_pc);
        }
    }
    /* Only guest-writable pages are write-protected for translated code; the
     * check also keeps us out of exec/'s lock on reads of unmapped pages. */
    if (sig == SIGSEGV && si->si_code == SEGV_ACCERR &&
        (guest_page_flags(&p->space, gaddr) & (PAGE_VALID | PAGE_WRITE)) ==
            (PAGE_VALID | PAGE_WRITE)) {
        switch (tb_handle_code_write_fault_cpu(cpu, gaddr, ra)) {
        case TB_WRITE_RETRY:
            return;     /* a write to translated code: the TBs are gone, retry */
        case TB_WRITE_RESTART:
            /* It rewrote the block being run: on from the writing insn. */
            target_save_host_context(cpu, uc);
            task_set_blocked(t, t->blocked);
            cpu_loop_exit(cpu);
        case TB_WRITE_NOT_OURS:
            break;
        }
    }
    if (!cpu_restore_state(cpu, ra)) {
        fatal_host_fault(sig, si, host_pc);
    }
    cpu->helper_retaddr = 0;
    t->sync_signal = sig;
    memset(&t->sync_info, 0, sizeof(t->sync_info));
    t->sync_info.signo = sig;
    /* The reservation makes every unmapped guest page an access error on
     * the host; the guest kernel would say the address is not mapped. */
    t->sync_info.code = sig == SIGSEGV ? (guest_page_flags(&p->space, gaddr) & PAGE_VALID
                                          ? SEGV_ACCERR : SEGV_MAPERR)
                                       : si->si_code;
    t->sync_info.addr = gaddr;
    /* The host CPU's page-fault error code says the same as the guest's. */
    t->sync_info.trapno = 14;
    t->sync_info.err = (uint32_t)uc->uc_mcontext.gregs[REG_ERR];
    /* We leave the handler by longjmp: restore the thread's mask by hand. */
    target_save_host_context(cpu, uc);
    task_set_blocked(t, t->blocked);
    cpu->exception_index = EXCP_INTERRUPT;
    cpu_loop_exit(cpu);
}

/*
 * A floating-point exception of a guest instruction that generated code runs
 * as itself (i386 x87 with an unmasked exception: #MF at the next waiting
 * instruction, as on the real CPU): the guest takes it at that instruction.
 */
static void handle_guest_fp_fault(UserTask *t, int sig, siginfo_t *si, ucontext_t *uc)
{
    CPUState *cpu = t->cpu;
    uintptr_t host_pc = uc->uc_mcontext.gregs[REG_RIP];
    int excp = target_host_fp_exception((int)uc->uc_mcontext.gregs[REG_TRAPNO]);

    if (excp < 0 || cpu->helper_retaddr) {
        fatal_host_fault(sig, si, host_pc);
    }
    cpu_restore_host_context(cpu, uc);
    if (!cpu_restore_state(cpu, host_pc)) {
        fatal_host_fault(sig, si, host_pc);
    }
    target_save_host_context(cpu, uc);
    task_set_blocked(t, t->blocked);
    cpu->exception_index = excp;
    cpu_loop_exit(cpu);
}

static void host_handler(int sig, siginfo_t *si, void *uc)
{
    UserTask *t = current_task;
    PendingSignal ps;
    int saved_errno = errno;

    if (is_fault_signal(sig) && si->si_code > 0) {
        if (t && sig == SIGFPE) {
            handle_guest_fp_fault(t, sig, si, uc);
        }
        if (!t || (sig != SIGSEGV && sig != SIGBUS)) {
            fatal_host_fault(sig, si, ((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP]);
        }
        handle_guest_fault(t, sig, si, uc);
        errno = saved_errno;
        return;
    }
    if (!t) {
        return;
    }
    pending_from_host(&ps, si);
    signal_queue(t, &ps);
    /* Interrupted between the check and the kernel entry of a blocking call:
     * make it return -EINTR now (safe-syscall.S). */
    {
        ucontext_t *u = uc;
        uintptr_t pc = u->uc_mcontext.gregs[REG_RIP];
        if (pc >= (uintptr_t)safe_syscall_start && pc < (uintptr_t)safe_syscall_end) {
            u->uc_mcontext.gregs[REG_RIP] = (uintptr_t)safe_syscall_interrupted;
        }
    }
    errno = saved_errno;
}

void signal_force_sync(UserTask *t, int signo, int code, uint64_t addr)
{
    t->sync_signal = signo;
    memset(&t->sync_info, 0, sizeof(t->sync_info));
    t->sync_info.signo = signo;
    t->sync_info.code = code;
    t->sync_info.addr = addr;
    t->sync_info.trapno = -1;
}

static bool default_ignored(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

static bool default_stops(int sig)
{
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

_Noreturn void user_die_by_signal(UserTask *t, int signo)
{
    uint64_t unblock = sigbit(signo);

    fflush(NULL);
    host_set_disposition(signo, SIG_DFL, 0);
    host_sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    kill(getpid(), signo);
    syscall(SYS_tgkill, getpid(), gettid(), signo);
    _exit(128 + signo);
}

_Noreturn void user_exit_group(UserTask *t, int status)
{
    fflush(NULL);
    if (t->proc->log.file) {
        fflush(t->proc->log.file);
    }
    syscall(SYS_exit_group, status);
    _exit(status);
}

void signal_default_action(UserTask *t, int signo)
{
    if (default_ignored(signo)) {
        return;
    }
    if (default_stops(signo)) {
        kill(getpid(), SIGSTOP);
        return;
    }
    user_die_by_signal(t, signo);
}

/* Run the guest handler for sig (or its default action). */
static void deliver(UserTask *t, int sig, const PendingSignal *info)
{
    UserProcess *p = t->proc;
    UserSigAction ka;
    uint64_t oldmask;

    pthread_mutex_lock(&p->lock);
    ka = p->sigact[sig];
    if (ka.handler > TARGET_SIG_IGN && (ka.flags & SA_RESETHAND)) {
        p->sigact[sig].handler = TARGET_SIG_DFL;
        signal_apply_host(p, sig);
    }
    pthread_mutex_unlock(&p->lock);
    if (ka.handler == TARGET_SIG_IGN) {
        return;
    }
    if (ka.handler == TARGET_SIG_DFL) {
        signal_default_action(t, sig);
        return;
    }
    oldmask = t->restore_saved_mask ? t->saved_mask : t->blocked;
    t->restore_saved_mask = false;
    if (target_setup_frame(t, sig, &ka, info, oldmask) < 0) {
        /* No room for the frame: the kernel kills with SIGSEGV. */
        user_die_by_signal(t, SIGSEGV);
    }
    task_set_blocked(t, t->blocked | ka.mask | (ka.flags & SA_NODEFER ? 0 : sigbit(sig)));
}

bool signal_has_deliverable(const UserTask *t)
{
    return t->sync_signal || (t->pending & ~t->blocked);
}

/* The action a deliverable pending signal will take: handler flags, or -1. */
int signal_pending_handler_flags(UserTask *t)
{
    UserProcess *p = t->proc;
    uint64_t ready = t->pending & ~t->blocked;
    int sig;

    for (sig = 1; sig <= TARGET_NSIG; sig++) {
        if (ready & sigbit(sig)) {
            const UserSigAction *ka = &p->sigact[sig];
            if (ka->handler > TARGET_SIG_IGN) {
                return (int)(ka->flags & 0x7fffffff);
            }
        }
    }
    return -1;
}

void signal_process_pending(UserTask *t)
{
    UserProcess *p = t->proc;

    t->signal_flag = 0;
    if (t->sync_signal) {
        int sig = t->sync_signal;
        PendingSignal info = t->sync_info;

        t->sync_signal = 0;
        /* A fault that is blocked or ignored kills, as force_sig does. */
        if ((t->blocked & sigbit(sig)) || p->sigact[sig].handler == TARGET_SIG_IGN) {
            user_die_by_signal(t, sig);
        }
        deliver(t, sig, &info);
    }
    for (;;) {
        uint64_t ready = t->pending & ~t->blocked;
        uint64_t all = ~0ull, saved;
        PendingSignal info;
        int sig;

        if (!ready) {
            break;
        }
        sig = __builtin_ctzll(ready) + 1;
        host_sigprocmask(SIG_BLOCK, &all, &saved);
        info = t->info[sig];
        __atomic_and_fetch(&t->pending, ~sigbit(sig), __ATOMIC_SEQ_CST);
        host_sigprocmask(SIG_SETMASK, &saved, NULL);
        deliver(t, sig, &info);
    }
    if (t->restore_saved_mask) {
        t->restore_saved_mask = false;
        task_set_blocked(t, t->saved_mask);
    }
}
