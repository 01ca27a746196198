/* Signals: handlers with siginfo, masks and pending signals, the alternate
 * stack, faults (SIGSEGV, SIGFPE, SIGILL, SIGTRAP, SIGBUS) with their si_code
 * and si_addr, timers, sigsuspend, sigtimedwait, signalfd, SA_RESTART, and FPU
 * state kept across a handler. Compared with the native run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <time.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t got, got_code, on_alt;
static volatile uintptr_t got_addr;
static sigjmp_buf jb;
static char altstack[65536];

static void handler(int sig, siginfo_t *si, void *uc)
{
    char probe;

    got = sig;
    got_code = si->si_code;
    got_addr = (uintptr_t)si->si_addr;
    on_alt = &probe >= altstack && &probe < altstack + sizeof(altstack);
}

static void fault_handler(int sig, siginfo_t *si, void *uc)
{
    handler(sig, si, uc);
    siglongjmp(jb, 1);
}

/* A handler that repairs the faulting context: skip the insn, set eax. */
extern char skip_fault_insn[], skip_fault_after[];

static void skip_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;

    got = uc->uc_mcontext.gregs[REG_EIP] == (greg_t)skip_fault_insn;
    got_code = (int)(uc->uc_mcontext.gregs[REG_TRAPNO] * 100 + (uc->uc_mcontext.gregs[REG_ERR] & 2));
    uc->uc_mcontext.gregs[REG_EIP] = (greg_t)skip_fault_after;
    uc->uc_mcontext.gregs[REG_EAX] = 0x1234;
}

static int fault_and_skip(void)
{
    int eax, ecx = 0x11;

    __asm__ volatile("mov $0, %%eax\n"
                     "skip_fault_insn:\n"
                     "movl $1, (%%eax)\n"
                     "skip_fault_after:\n"
                     "add $1, %%ecx\n"
                     : "=&a"(eax), "+c"(ecx) : : "memory");
    return eax + ecx;
}

static void plain_handler(int sig)
{
    got = sig;
}

static volatile int storm_count, timer_thread_value;

static void timer_thread_fn(union sigval v)
{
    timer_thread_value = v.sival_int;
}

static void count_handler(int sig)
{
    storm_count++;
}

static void fpu_handler(int sig)
{
    volatile double x = 1.0;
    int i;

    for (i = 0; i < 10; i++) {
        x = x * 3.0 + 0.5;
    }
    got = (int)x & 0xff;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void test_fault(const char *name, int sig, void (*trigger)(void))
{
    install(sig, fault_handler, SA_NODEFER);
    got = 0;
    if (sigsetjmp(jb, 1) == 0) {
        trigger();
        printf("%s: no signal\n", name);
        return;
    }
    printf("%s: sig %d code %d\n", name, got, got_code);
    signal(sig, SIG_DFL);
}

static volatile int zero = 0;
static volatile int *volatile bad_ptr = (int *)16;
static void do_segv(void) { *bad_ptr = 1; }
static void do_div(void) { printf("%d\n", 10 / zero); }
static void do_ud2(void) { __asm__ volatile("ud2"); }
static void do_int3(void) { __asm__ volatile("int3"); }
static char *ro_page, *bus_page;
static void do_bus(void) { bus_page[4096 + 10] = 1; }
static void do_write_ro(void) { ro_page[8] = 1; }

int main(void)
{
    sigset_t set, old;
    stack_t ss;
    struct sigaction sa;
    struct itimerval it;
    int p[2], r, sfd;
    char c;
    volatile double before = 2.5;

    setvbuf(stdout, NULL, _IONBF, 0);
    install(SIGUSR1, handler, 0);
    raise(SIGUSR1);
    printf("raise: sig %d code %d\n", got, got_code);

    sigemptyset(&set);
    sigaddset(&set, SIGUSR2);
    install(SIGUSR2, handler, 0);
    sigprocmask(SIG_BLOCK, &set, &old);
    got = 0;
    kill(getpid(), SIGUSR2);
    sigpending(&set);
    printf("blocked: got %d pending %d\n", got, sigismember(&set, SIGUSR2));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: got %d code %d\n", got, got_code);

    ss.ss_sp = altstack;
    ss.ss_size = sizeof(altstack);
    ss.ss_flags = 0;
    printf("sigaltstack %d\n", sigaltstack(&ss, NULL));
    install(SIGUSR1, handler, SA_ONSTACK);
    raise(SIGUSR1);
    printf("altstack: sig %d on_alt %d\n", got, on_alt);

    test_fault("segv", SIGSEGV, do_segv);
    printf("segv addr %#lx\n", (unsigned long)got_addr);
    test_fault("fpe", SIGFPE, do_div);
    test_fault("ill", SIGILL, do_ud2);
    test_fault("trap", SIGTRAP, do_int3);
    install(SIGSEGV, skip_handler, 0);
    got = 0;
    r = fault_and_skip();
    printf("context repaired: result %#x eip seen %d trapno*100+write %d\n", r, got, got_code);
    signal(SIGSEGV, SIG_DFL);
    ro_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    test_fault("ro write", SIGSEGV, do_write_ro);
    printf("ro addr ok %d\n", got_addr == (uintptr_t)ro_page + 8);
    {
        char path[] = "/tmp/emu-bus-XXXXXX";
        int fd = mkstemp(path);

        ftruncate(fd, 4096);
        bus_page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        unlink(path);
        test_fault("bus", SIGBUS, do_bus);
        printf("bus addr ok %d\n", got_addr == (uintptr_t)bus_page + 4096 + 10);
        close(fd);
    }

    signal(SIGALRM, fpu_handler);
    memset(&it, 0, sizeof(it));
    it.it_value.tv_usec = 20000;
    setitimer(ITIMER_REAL, &it, NULL);
    while (!got || got == SIGSEGV) {
        before = before * 1.0000001;
    }
    printf("itimer fpu handler %d before %d\n", got, before > 2.5);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = plain_handler;
    sigaction(SIGALRM, &sa, NULL);
    pipe(p);
    alarm(1);
    r = read(p[0], &c, 1);
    printf("read interrupted: %d errno %d\n", r, errno == EINTR);

    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    got = 0;
    if (fork() == 0) {
        usleep(300000);
        write(p[1], "x", 1);
        _exit(0);
    }
    alarm(1);
    {
        struct itimerval q = { { 0, 0 }, { 0, 100000 } };
        setitimer(ITIMER_REAL, &q, NULL);
    }
    r = read(p[0], &c, 1);
    printf("read restarted: %d '%c' got %d\n", r, c, got);

    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    install(SIGUSR1, handler, 0);
    if (fork() == 0) {
        kill(getppid(), SIGUSR1);
        _exit(0);
    }
    got = 0;
    sigemptyset(&set);
    sigsuspend(&set);
    printf("sigsuspend: got %d\n", got);

    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    kill(getpid(), SIGUSR1);
    {
        siginfo_t si;
        struct timespec ts = { 1, 0 };
        r = sigtimedwait(&set, &si, &ts);
        printf("sigtimedwait %d code %d pid ok %d\n", r, si.si_code, si.si_pid == getpid());
    }
    sfd = signalfd(-1, &set, 0);
    kill(getpid(), SIGUSR1);
    {
        struct signalfd_siginfo fi;
        printf("signalfd read %zd signo %u\n", read(sfd, &fi, sizeof(fi)), fi.ssi_signo);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);

    signal(SIGCHLD, SIG_DFL);
    while (waitpid(-1, NULL, WNOHANG) > 0) {
        continue;
    }
    if ((r = fork()) == 0) {
        raise(SIGTERM);
        _exit(0);
    }
    {
        int st;
        waitpid(r, &st, 0);
        printf("child killed %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    }
    if ((r = fork()) == 0) {
        volatile int *volatile np = NULL;
        *np = 0;
        _exit(0);
    }
    {
        int st;
        waitpid(r, &st, 0);
        printf("child segv %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));
    }
    /* POSIX timers: a signal with the timer's value, and a SIGEV_THREAD call. */
    {
        struct sigevent sev;
        struct itimerspec its = { { 0, 0 }, { 0, 20000000 } };
        timer_t tid;
        siginfo_t si;
        sigset_t ws;

        sigemptyset(&ws);
        sigaddset(&ws, SIGUSR2);
        sigprocmask(SIG_BLOCK, &ws, NULL);
        memset(&sev, 0, sizeof(sev));
        sev.sigev_notify = SIGEV_SIGNAL;
        sev.sigev_signo = SIGUSR2;
        sev.sigev_value.sival_int = 77;
        r = timer_create(CLOCK_MONOTONIC, &sev, &tid);
        printf("timer_create %d", r);
        printf(" settime %d", timer_settime(tid, 0, &its, NULL));
        r = sigwaitinfo(&ws, &si);
        printf(" wait %d code %d value %d\n", r, si.si_code == SI_TIMER, si.si_value.sival_int);
        timer_delete(tid);
        sev.sigev_notify = SIGEV_THREAD;
        sev.sigev_notify_function = timer_thread_fn;
        sev.sigev_value.sival_int = 5;
        r = timer_create(CLOCK_MONOTONIC, &sev, &tid);
        timer_settime(tid, 0, &its, NULL);
        while (!timer_thread_value) {
            usleep(1000);
        }
        printf("sigev_thread %d value %d\n", r, timer_thread_value);
        timer_delete(tid);
    }

    /* A storm of SA_RESTART signals while blocked in read: the read goes on. */
    {
        struct itimerval fast = { { 0, 1000 }, { 0, 1000 } }, stop = { { 0, 0 }, { 0, 0 } };
        int q[2];
        pid_t child;

        sa.sa_handler = count_handler;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGALRM, &sa, NULL);
        pipe(q);
        child = fork();
        if (child == 0) {
            setitimer(ITIMER_REAL, &stop, NULL);
            usleep(200000);
            write(q[1], "y", 1);
            _exit(0);
        }
        setitimer(ITIMER_REAL, &fast, NULL);
        r = read(q[0], &c, 1);
        setitimer(ITIMER_REAL, &stop, NULL);
        waitpid(child, NULL, 0);
        printf("storm read %d '%c' signals>10 %d\n", r, c, storm_count > 10);
    }
    printf("done\n");
    return 0;
}
