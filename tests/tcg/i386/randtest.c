/*
 * Random differential tester, runner side: executes each generated case
 * in-process (code copied to a fixed executable page, state loaded with
 * fxrstor/popf/movs, captured with movs/pushf/fxsave) and prints a digest of
 * the final state, or the full state with -v.  Faults are caught (sigaltstack
 * handler) and reported with the signal, faulting offset and registers.
 *
 * The assembly glue reaches its state through the globals below: they are the
 * interface between C and the hand-written entry/exit code.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "randtest.h"

RtState rt_in, rt_out;
uint32_t rt_host_esp;
uint32_t rt_code_entry = RT_CODE_ADDR;
uint32_t rt_mxcsr_default = 0x1f80;
static uint8_t *rt_scratch;     /* RT_SCRATCH_SIZE bytes, 64 KiB aligned */

void rt_run(void);
extern char rt_exit[];

asm(".text\n"
    ".globl rt_run\n"
    "rt_run:\n\t"
    "pushal\n\t"
    "movl %esp, rt_host_esp\n\t"
    "fxrstor rt_in+48\n\t"
    "pushl rt_in+32\n\t"
    "popfl\n\t"
    "movl rt_in+4, %ecx\n\t"
    "movl rt_in+8, %edx\n\t"
    "movl rt_in+12, %ebx\n\t"
    "movl rt_in+20, %ebp\n\t"
    "movl rt_in+24, %esi\n\t"
    "movl rt_in+28, %edi\n\t"
    "movl rt_in+16, %esp\n\t"
    "movl rt_in+0, %eax\n\t"
    "jmp *rt_code_entry\n"
    ".globl rt_exit\n"
    "rt_exit:\n\t"
    "movl %eax, rt_out+0\n\t"
    "movl %ecx, rt_out+4\n\t"
    "movl %edx, rt_out+8\n\t"
    "movl %ebx, rt_out+12\n\t"
    "movl %esp, rt_out+16\n\t"
    "movl %ebp, rt_out+20\n\t"
    "movl %esi, rt_out+24\n\t"
    "movl %edi, rt_out+28\n\t"
    "movl rt_host_esp, %esp\n\t"
    "pushfl\n\t"
    "popl rt_out+32\n\t"
    "fxsave rt_out+48\n\t"
    "fninit\n\t"
    "ldmxcsr rt_mxcsr_default\n\t"
    "cld\n\t"
    "popal\n\t"
    "ret\n");

_Static_assert(__builtin_offsetof(RtState, fx) == 48, "fx offset used by the glue");

typedef struct Fault {
    sigjmp_buf jb;
    int signo;
    uint32_t eip;
} Fault;

static Fault rt_fault;

static void rt_on_signal(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    greg_t *gr = uc->uc_mcontext.gregs;

    rt_fault.signo = sig;
    rt_fault.eip = gr[REG_EIP];
    rt_out.gpr[0] = gr[REG_EAX];
    rt_out.gpr[1] = gr[REG_ECX];
    rt_out.gpr[2] = gr[REG_EDX];
    rt_out.gpr[3] = gr[REG_EBX];
    rt_out.gpr[4] = gr[REG_ESP];
    rt_out.gpr[5] = gr[REG_EBP];
    rt_out.gpr[6] = gr[REG_ESI];
    rt_out.gpr[7] = gr[REG_EDI];
    rt_out.eflags = gr[REG_EFL];
    siglongjmp(rt_fault.jb, 1);
}

static void rt_setup(void)
{
    static uint8_t altstack[65536];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct sigaction sa;
    static const int sigs[] = { SIGSEGV, SIGILL, SIGFPE, SIGTRAP, SIGBUS };

    if (sigaltstack(&ss, NULL) != 0) {
        perror("sigaltstack");
        exit(2);
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = rt_on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        sigaction(sigs[i], &sa, NULL);
    }
    /* Scratch memory below 64 KiB when vm.mmap_min_addr allows it, so that
     * the 16-bit addressing forms reach it (the generator uses them only
     * then).  The choice reads the host's setting, the same file natively
     * and under the emulator.  Either address is 64 KiB aligned: all scratch
     * addresses share their upper 16 bits, as 16-bit stack operations need. */
    uint32_t min_addr = 65536;
    FILE *f = fopen("/proc/sys/vm/mmap_min_addr", "r");
    if (f) {
        if (fscanf(f, "%u", &min_addr) != 1) {
            min_addr = 65536;
        }
        fclose(f);
    }
    uint32_t addr = min_addr <= RT_SCRATCH_LOW ? RT_SCRATCH_LOW : RT_SCRATCH_HIGH;
    rt_scratch = mmap((void *)addr, RT_SCRATCH_SIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (rt_scratch != (uint8_t *)addr) {
        perror("randtest: cannot map the scratch memory");
        exit(2);
    }
    void *p = mmap((void *)RT_CODE_ADDR, RT_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (p != (void *)RT_CODE_ADDR) {
        perror("randtest: cannot map the code page at 0x30000000");
        exit(2);
    }
}

/* Bytes of the fxsave image that are compared: FCW FSW FTW, MXCSR, ST0-7 (10
 * bytes each), XMM0-7.  The FPU instruction/data pointers and opcode are
 * left out: the host model decides whether they are kept (FDP_EXCPTN_ONLY). */
static int fx_compared(unsigned off)
{
    if (off < 5) {
        return 1;
    }
    if (off >= 24 && off < 28) {
        return 1;
    }
    if (off >= 32 && off < 160) {
        return (off - 32) % 16 < 10;
    }
    return off >= 160 && off < 288;
}

/* Two 32-bit multiplicative hashes over 32-bit words: cheap in i386 code,
 * where the digest of 8 KiB per case dominates the run time. */
typedef struct Digest {
    uint32_t a, b;
} Digest;

static void digest_words(Digest *d, const void *p, size_t n)
{
    const uint32_t *w = p;
    uint32_t a = d->a, b = d->b;
    for (size_t i = 0; i < n / 4; i++) {
        a = (a ^ w[i]) * 0x01000193u;
        b = ((b + w[i]) * 0x9e3779b1u) ^ (b >> 13);
    }
    d->a = a;
    d->b = b;
}

/* Everything user-visible after the case; eflags: arithmetic + DF. */
static uint64_t rt_digest(int signo, uint32_t eip)
{
    Digest d = { 0x811c9dc5u, 0x12345678u };
    uint32_t head[3] = { signo, eip, rt_out.eflags & 0x0cd5 };

    digest_words(&d, head, sizeof(head));
    digest_words(&d, rt_out.gpr, sizeof(rt_out.gpr));
    if (!signo) {
        uint32_t fx[288 / 4];
        memcpy(fx, rt_out.fx, sizeof(fx));
        for (unsigned i = 0; i < sizeof(fx); i++) {
            if (!fx_compared(i)) {
                ((uint8_t *)fx)[i] = 0;
            }
        }
        digest_words(&d, fx, sizeof(fx));
    }
    digest_words(&d, rt_scratch, RT_SCRATCH_SIZE);
    return (uint64_t)d.a << 32 | d.b;
}

static void rt_dump(const RtCode *code, int signo, uint32_t eip, const uint8_t *mem_in)
{
    static const char *names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

    for (unsigned u = 0; u < code->n_units; u++) {
        printf("  unit %u:", u);
        for (uint32_t i = code->unit_start[u]; i < code->unit_end[u]; i++) {
            printf("%s%02x", i == code->insn_start[u] ? " | " : " ", code->bytes[i]);
        }
        printf("\n");
    }
    printf("  signal %d at +%#x\n", signo, eip);
    for (int i = 0; i < 8; i++) {
        printf("  %s %08x -> %08x\n", names[i], rt_in.gpr[i], rt_out.gpr[i]);
    }
    printf("  eflags %08x -> %08x (compared %03x)\n", rt_in.eflags, rt_out.eflags,
           rt_out.eflags & 0x0cd5);
    if (signo) {
        printf("  (FPU/SSE state not compared after a fault)\n");
    } else {
        uint16_t cw[2], sw[2];
        uint32_t mx[2];
        memcpy(&cw[0], rt_in.fx, 2);
        memcpy(&cw[1], rt_out.fx, 2);
        memcpy(&sw[0], rt_in.fx + 2, 2);
        memcpy(&sw[1], rt_out.fx + 2, 2);
        memcpy(&mx[0], rt_in.fx + 24, 4);
        memcpy(&mx[1], rt_out.fx + 24, 4);
        printf("  fcw %04x -> %04x  fsw %04x -> %04x  ftw %02x -> %02x  mxcsr %08x -> %08x\n",
               cw[0], cw[1], sw[0], sw[1], rt_in.fx[4], rt_out.fx[4], mx[0], mx[1]);
        for (int i = 0; i < 8; i++) {
            const uint8_t *a = rt_in.fx + 32 + 16 * i, *b = rt_out.fx + 32 + 16 * i;
            printf("  st%d %04x:%016" PRIx64 " -> %04x:%016" PRIx64 "\n", i,
                   a[8] | a[9] << 8, *(const uint64_t *)a, b[8] | b[9] << 8,
                   *(const uint64_t *)b);
        }
        for (int i = 0; i < 8; i++) {
            const uint8_t *a = rt_in.fx + 160 + 16 * i, *b = rt_out.fx + 160 + 16 * i;
            printf("  xmm%d %016" PRIx64 "%016" PRIx64 " -> %016" PRIx64 "%016" PRIx64 "\n", i,
                   *(const uint64_t *)(a + 8), *(const uint64_t *)a,
                   *(const uint64_t *)(b + 8), *(const uint64_t *)b);
        }
    }
    for (unsigned i = 0; i < RT_SCRATCH_SIZE; i += 16) {
        if (memcmp(mem_in + i, rt_scratch + i, 16) != 0) {
            printf("  mem +%04x:", i);
            for (int k = 0; k < 16; k++) {
                printf(" %02x", rt_scratch[i + k]);
            }
            printf("  (was");
            for (int k = 0; k < 16; k++) {
                printf(" %02x", mem_in[i + k]);
            }
            printf(")\n");
        }
    }
}

static unsigned parse_classes(const char *s)
{
    unsigned c = 0;
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", s);
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        if (strcmp(t, "int") == 0) {
            c |= RT_CLASS_INT;
        } else if (strcmp(t, "x87") == 0) {
            c |= RT_CLASS_X87;
        } else if (strcmp(t, "sse") == 0) {
            c |= RT_CLASS_SSE;
        } else if (strcmp(t, "sse3") == 0) {
            c |= RT_CLASS_SSE3;
        } else if (strcmp(t, "all") == 0) {
            c |= RT_CLASS_ALL;
        } else {
            fprintf(stderr, "randtest: unknown class '%s' (int, x87, sse, sse3, all)\n", t);
            exit(2);
        }
    }
    return c;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: randtest [-s SEED] [-c CLASSES] [-f FIRST] [-n COUNT] [-u UNITS] [-v]\n"
            "  prints 'CASE UNITS DIGEST' per case; -u keeps the first UNITS units;\n"
            "  -v dumps the code and the full state; CLASSES: int,x87,sse,sse3,all\n");
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1, first = 0, count = 1000;
    unsigned classes = RT_CLASS_ALL, max_units = RT_MAX_UNITS;
    int verbose = 0;
    static RtCode code;
    static uint8_t mem_in[RT_SCRATCH_SIZE];

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-v") == 0) {
            verbose = 1;
            continue;
        }
        if (!v) {
            usage();
        }
        i++;
        if (strcmp(a, "-s") == 0) {
            seed = strtoull(v, NULL, 0);
        } else if (strcmp(a, "-c") == 0) {
            classes = parse_classes(v);
        } else if (strcmp(a, "-f") == 0) {
            first = strtoull(v, NULL, 0);
        } else if (strcmp(a, "-n") == 0) {
            count = strtoull(v, NULL, 0);
        } else if (strcmp(a, "-u") == 0) {
            max_units = strtoul(v, NULL, 0);
        } else {
            usage();
        }
    }
    if (!classes) {
        usage();
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    rt_setup();
    uint32_t scratch = (uint32_t)(uintptr_t)rt_scratch;
    uint64_t insns = 0;
    for (uint64_t n = first; n < first + count; n++) {
        rt_gen_state(seed, n, classes, scratch, &rt_in, rt_scratch);
        rt_gen_code(seed, n, classes, max_units, scratch, (uint32_t)(uintptr_t)rt_exit,
                    &code);
        if (verbose) {
            memcpy(mem_in, rt_scratch, sizeof(mem_in));
        }
        memcpy((void *)RT_CODE_ADDR, code.bytes, code.len);
        memset(&rt_out, 0, sizeof(rt_out));
        insns += code.n_units;
        volatile int signo = 0;
        uint32_t eip = 0;
        if (sigsetjmp(rt_fault.jb, 1) == 0) {
            rt_run();
        } else {
            signo = rt_fault.signo;
            eip = rt_fault.eip - RT_CODE_ADDR;
            asm volatile("fninit\n\tldmxcsr %0\n\tcld" : : "m"(rt_mxcsr_default));
        }
        printf("%" PRIu64 " %u %016" PRIx64 "\n", n, code.n_units, rt_digest(signo, eip));
        if (verbose) {
            rt_dump(&code, signo, eip, mem_in);
        }
    }
    fprintf(stderr, "randtest: %" PRIu64 " cases, %" PRIu64 " instructions\n", count, insns);
    return 0;
}
