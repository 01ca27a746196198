/*
 * The x87 state across everything that may move it between the CPU and
 * memory: system calls, signals (asynchronous, and a fault in the middle of
 * x87 code whose frame the handler reads), MMX, fxsave/fnstenv, fork, and
 * threads interrupted by signals whose handlers use x87 too. Run natively and under emu-i386; the output must be identical.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile int handled;

/* Pop n values and print them exactly (as long double bits). */
static void pop_print(const char *what, int n)
{
    printf("%s:", what);
    for (int i = 0; i < n; i++) {
        unsigned char v[10];

        __asm__ volatile("fstpt %0" : "=m"(v));
        printf(" %02x%02x:%02x%02x%02x%02x%02x%02x%02x%02x", v[9], v[8], v[7], v[6], v[5], v[4],
               v[3], v[2], v[1], v[0]);
    }
    printf("\n");
}

static void alarm_handler(int sig)
{
    volatile double x = 1.0;

    for (int i = 0; i < 20; i++) {
        x = x * 1.5 + 0.25;        /* x87 work of its own, on its own state */
    }
    handled = (int)x;
}

static void segv_handler(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;

    /* The frame holds the state at the faulting fld: three values pushed. */
    printf("segv frame: cw %04lx sw %04lx tag %04lx st0 %04x.%04x%04x\n",
           fp->cw & 0xffff, fp->sw & 0xffff, fp->tag & 0xffff, fp->_st[0].exponent,
           fp->_st[0].significand[3], fp->_st[0].significand[2]);
    siglongjmp(jb, 1);
}

static volatile int usr1_count;

/* Signal handlers run x87 code of their own in the middle of the thread's. */
static void usr1_handler(int sig)
{
    volatile double z = 0.5;

    for (int i = 0; i < 50; i++) {
        z = z * z + 0.25;
    }
    __atomic_add_fetch(&usr1_count, 1, __ATOMIC_RELAXED);
}

static long thread_iters = 20000000;

static void *thread_fn(void *arg)
{
    double x = *(double *)arg, y = 0;

    for (long i = 0; i < thread_iters; i++) {
        y = y * 0.999 + x;
    }
    /* Not done before a signal came (main keeps sending them). */
    while (!__atomic_load_n(&usr1_count, __ATOMIC_RELAXED)) {
        volatile double spin = y;

        spin = spin * 0.5 + 1.0;
    }
    *(double *)arg = y;
    return NULL;
}

/* argv[1]: iterations of each thread's loop (smaller under slow debug logs) */
int main(int argc, char **argv)
{
    struct sigaction sa;
    unsigned char fx[512] __attribute__((aligned(16)));
    uint32_t env[7];
    uintptr_t label;
    double three = 3.0;

    if (argc > 1) {
        thread_iters = atol(argv[1]);
    }

    /* Across a system call and an asynchronous signal whose handler uses x87. */
    __asm__ volatile("fninit\n\tfld1\n\tfldpi\n\tfldl2e");
    getppid();
    signal(SIGALRM, alarm_handler);
    raise(SIGALRM);
    __asm__ volatile("faddp\n\tfmul %%st(0), %%st" ::: "memory");
    printf("handler ran: %d\n", handled);
    pop_print("syscall+signal", 2);

    /* A fault in the middle of x87 code: the handler sees the state, then
     * longjmps out (the state is then the handler's: initialised). */
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = segv_handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    if (!sigsetjmp(jb, 1)) {
        __asm__ volatile("fninit\n\tfld1\n\tfldz\n\tfldl %0\n\tflds 0" : : "m"(three));
    }
    __asm__ volatile("fnstenv %0" : "=m"(env));
    printf("after longjmp: cw %04x sw %04x tag %04x\n", env[0] & 0xffff, env[1] & 0xffff,
           env[2] & 0xffff);

    /* MMX between x87 code. */
    {
        uint64_t a = 0x0001000200030004ull, b = 0x0010002000300040ull, r;

        __asm__ volatile("fninit\n\tfldpi\n\tfstpl %0" : "=m"(three));
        __asm__ volatile("movq %1, %%mm0\n\tpaddw %2, %%mm0\n\tmovq %%mm0, %0\n\temms"
                         : "=m"(r) : "m"(a), "m"(b));
        __asm__ volatile("fldl %0\n\tfld1\n\tfaddp" : : "m"(three));
        printf("mmx %016llx\n", (unsigned long long)r);
        pop_print("after mmx", 1);
    }

    /* fxsave and fnstenv right after x87 instructions. */
    __asm__ volatile("fninit\n\tfldln2\n\tfldlg2\n\tfdivp\n\tfxsave %0" : "=m"(fx));
    printf("fxsave: cw %02x%02x sw %02x%02x ftw %02x st0 %02x%02x.%02x%02x\n", fx[1], fx[0],
           fx[3], fx[2], fx[4], fx[41], fx[40], fx[39], fx[38]);
    __asm__ volatile("lea 1f, %1\n\t"
                     "1: fsqrt\n\t"
                     "fnstenv %0" : "=m"(env), "=r"(label));
    printf("fnstenv: fip at the fsqrt %d, tag %04x\n", env[3] == label, env[2] & 0xffff);
    pop_print("fsqrt", 1);

    /* fork with values on the stack: both processes go on with them. */
    __asm__ volatile("fninit\n\tfldpi\n\tfld1");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        __asm__ volatile("faddp");
        pop_print("child", 1);
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    __asm__ volatile("fsubrp");
    pop_print("parent", 1);

    /* Threads computing at the same time. */
    {
        pthread_t th[3];
        double v[3] = { 1.0, 2.5, -7.25 };

        signal(SIGUSR1, usr1_handler);
        for (int i = 0; i < 3; i++) {
            pthread_create(&th[i], NULL, thread_fn, &v[i]);
        }
        /* Interrupt them while they compute (the count depends on timing). */
        for (int k = 0; k < 30; k++) {
            for (int i = 0; i < 3; i++) {
                pthread_kill(th[i], SIGUSR1);
            }
            usleep(1000);
        }
        for (int i = 0; i < 3; i++) {
            pthread_join(th[i], NULL);
        }
        printf("threads %.17g %.17g %.17g, signals handled: %d\n", v[0], v[1], v[2],
               usr1_count > 0);
    }
    return 0;
}
