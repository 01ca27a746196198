/*
 * SSE state where the translator keeps xmm registers and MXCSR flags in host
 * registers: at a fault (the signal frame's xmm0-7 and MXCSR right after
 * arithmetic, for faulting loads, stores and memory operands), and across
 * many blocks mixed with instructions done by helpers (shufps, cmpps, pshufd,
 * cvtpi2ps) and with ldmxcsr/stmxcsr.
 */
#include "common.h"

#include <sys/mman.h>

typedef struct Vec {
    uint32_t w[4];
} __attribute__((aligned(16))) Vec;

/* Distinct doubles in every lane, so a stale or swapped register shows. */
static Vec init[8];
static Vec saved[8];
static uint32_t saved_mxcsr;
static int saved_fxsr;
static uint8_t *bad;             /* a PROT_NONE page */

/* SIGSEGV handler: copies xmm0-7 and MXCSR out of the frame (fxsave image at
 * offset 112 of the fpstate; magic 0 at 110 says it is there). */
static void state_handler(int sig, siginfo_t *si, void *uc_void)
{
    ucontext_t *uc = uc_void;
    const uint8_t *fp = (const uint8_t *)uc->uc_mcontext.fpregs;
    uint16_t magic;

    (void)si;
    catch_state.signo = sig;
    memcpy(&magic, fp + 110, 2);
    saved_fxsr = magic == 0;
    if (saved_fxsr) {
        memcpy(&saved_mxcsr, fp + 112 + 24, 4);
        memcpy(saved, fp + 112 + 160, sizeof(saved));
    }
    siglongjmp(catch_state.jb, 1);
}

static void load_init(void)
{
    for (int i = 0; i < 8; i++) {
        double d[2] = { 1.0 + i / 3.0, -2.5 * (i + 1) };

        memcpy(&init[i], d, 16);
    }
}

/* Set xmm0-7 from init and MXCSR to its reset value, run the probe. */
#define STATE_PROBE(name, text) \
    static void name(void *p) \
    { \
        asm volatile("ldmxcsr %1\n\t" \
                     "movups 0(%0), %%xmm0\n\tmovups 16(%0), %%xmm1\n\t" \
                     "movups 32(%0), %%xmm2\n\tmovups 48(%0), %%xmm3\n\t" \
                     "movups 64(%0), %%xmm4\n\tmovups 80(%0), %%xmm5\n\t" \
                     "movups 96(%0), %%xmm6\n\tmovups 112(%0), %%xmm7\n\t" \
                     "mov %2, %%eax\n\t" text \
                     : : "r"(init), "m"(mxcsr_reset), "r"(p) \
                     : "eax", "memory", "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", \
                       "xmm6", "xmm7"); \
    }

static const uint32_t mxcsr_reset = 0x1f80;

/* Arithmetic (PE from 1/3-ish quotients, ZE from xmm7 / 0) then a fault. */
#define ARITH "addsd %%xmm1, %%xmm0\n\tdivsd %%xmm3, %%xmm2\n\tmulpd %%xmm5, %%xmm4\n\t" \
              "unpcklpd %%xmm0, %%xmm6\n\txorpd %%xmm1, %%xmm1\n\t"
#define ARITH_ZE ARITH "divsd %%xmm1, %%xmm7\n\t"

STATE_PROBE(p_load_sd, ARITH "movsd (%%eax), %%xmm3")
STATE_PROBE(p_load_pd, ARITH "movupd (%%eax), %%xmm0")
STATE_PROBE(p_load_hpd, ARITH "movhpd (%%eax), %%xmm2")
STATE_PROBE(p_store_sd, ARITH "movsd %%xmm2, (%%eax)")
STATE_PROBE(p_store_pd, ARITH_ZE "movupd %%xmm4, (%%eax)")
STATE_PROBE(p_store_ss, ARITH "movss %%xmm6, 8(%%eax)")
STATE_PROBE(p_store_hpd, ARITH_ZE "movhpd %%xmm0, (%%eax)")
STATE_PROBE(p_arith_mem, ARITH "addsd (%%eax), %%xmm2")
STATE_PROBE(p_arith_mem_pd, ARITH_ZE "andpd 16(%%eax), %%xmm5")
STATE_PROBE(p_cvt_mem, ARITH "cvttsd2si (%%eax), %%eax")
STATE_PROBE(p_comi_mem, ARITH_ZE "comisd (%%eax), %%xmm0")
/* with eax 8 bytes past a 16-byte boundary: #GP, SIGSEGV */
STATE_PROBE(p_mis_load, ARITH "movapd (%%eax), %%xmm3")
STATE_PROBE(p_mis_store, ARITH_ZE "movaps %%xmm2, (%%eax)")
STATE_PROBE(p_mis_arith, ARITH "mulpd (%%eax), %%xmm4")
STATE_PROBE(p_mis_logic, ARITH_ZE "xorpd (%%eax), %%xmm0")

static const struct {
    const char *name;
    void (*fn)(void *);
    int misaligned;
} state_probes[] = {
    { "load movsd", p_load_sd }, { "load movupd", p_load_pd },
    { "load movhpd", p_load_hpd }, { "store movsd", p_store_sd },
    { "store movupd", p_store_pd }, { "store movss", p_store_ss },
    { "store movhpd", p_store_hpd }, { "addsd m64", p_arith_mem },
    { "andpd m128", p_arith_mem_pd }, { "cvttsd2si m64", p_cvt_mem },
    { "comisd m64", p_comi_mem },
    { "movapd misal", p_mis_load, 1 }, { "movaps misal st", p_mis_store, 1 },
    { "mulpd misal", p_mis_arith, 1 }, { "xorpd misal", p_mis_logic, 1 },
    /* 8 bytes readable, then the bad page: the second half faults */
    { "movupd cross", p_load_pd, 2 }, { "movupd cross st", p_store_pd, 2 },
};

static Vec misal_buf[3];

static void test_fault_state(void)
{
    struct sigaction sa;

    load_init();
    /* a readable page, then the bad one */
    uint8_t *area = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                         -1, 0);
    if (area == MAP_FAILED) {
        printf("mmap failed\n");
        return;
    }
    memset(area, 0x5a, 4096);
    bad = area + 4096;
    mprotect(bad, 4096, PROT_NONE);
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = state_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    for (unsigned n = 0; n < ARRAY_SIZE(state_probes); n++) {
        memset(saved, 0, sizeof(saved));
        saved_mxcsr = 0;
        catch_state.signo = 0;
        if (sigsetjmp(catch_state.jb, 1) == 0) {
            state_probes[n].fn(state_probes[n].misaligned == 1 ? (uint8_t *)misal_buf + 8
                               : state_probes[n].misaligned == 2 ? bad - 8 : bad);
        }
        printf("%-14s %s fxsr %d mxcsr %08x\n", state_probes[n].name,
               sig_name(catch_state.signo), saved_fxsr, saved_mxcsr);
        for (int i = 0; i < 8; i++) {
            printf("  xmm%d %08x %08x %08x %08x\n", i, saved[i].w[3], saved[i].w[2],
                   saved[i].w[1], saved[i].w[0]);
        }
    }
    signal(SIGSEGV, SIG_DFL);
    munmap(area, 2 * 4096);
}

/*
 * A loop of many small blocks: inline arithmetic, instructions done by
 * helpers, conditional branches on comisd, and MXCSR flags set by ldmxcsr in
 * the middle; prints the registers and MXCSR after each round.
 */
static void test_blocks(void)
{
    static const uint32_t flags_in[] = { 0x1f80, 0x1fa0, 0x1f81, 0x1f84 };
    Vec out[4];
    uint32_t mx;

    load_init();
    for (unsigned r = 0; r < ARRAY_SIZE(flags_in); r++) {
        asm volatile("ldmxcsr %[m]\n\t"
                     "movups 0(%[in]), %%xmm0\n\tmovups 16(%[in]), %%xmm1\n\t"
                     "movups 32(%[in]), %%xmm2\n\tmovups 48(%[in]), %%xmm3\n\t"
                     "mov $40, %%ecx\n"
                     "1:\n\t"
                     "mulpd %%xmm1, %%xmm0\n\t"
                     "shufpd $1, %%xmm0, %%xmm0\n\t"     /* helper */
                     "addpd %%xmm2, %%xmm0\n\t"
                     "comisd %%xmm3, %%xmm0\n\t"
                     "jbe 2f\n\t"
                     "divpd %%xmm1, %%xmm0\n\t"
                     "pshufd $0x4e, %%xmm2, %%xmm2\n\t"  /* helper */
                     "2:\n\t"
                     "cmpltpd %%xmm0, %%xmm3\n\t"         /* helper, sets nothing */
                     "andpd %%xmm0, %%xmm3\n\t"
                     "orpd %%xmm1, %%xmm3\n\t"
                     "sqrtsd %%xmm0, %%xmm3\n\t"
                     "dec %%ecx\n\t"
                     "jnz 1b\n\t"
                     "movups %%xmm0, 0(%[out])\n\tmovups %%xmm1, 16(%[out])\n\t"
                     "movups %%xmm2, 32(%[out])\n\tmovups %%xmm3, 48(%[out])\n\t"
                     "stmxcsr %[mx]\n\t"
                     "ldmxcsr %[reset]"
                     : [mx] "=m"(mx)
                     : [m] "m"(flags_in[r]), [in] "r"(init), [out] "r"(out),
                       [reset] "m"(mxcsr_reset)
                     : "ecx", "memory", "cc", "xmm0", "xmm1", "xmm2", "xmm3");
        printf("round %u mxcsr %08x\n", r, mx);
        for (int i = 0; i < 4; i++) {
            printf("  xmm%d %08x %08x %08x %08x\n", i, out[i].w[3], out[i].w[2],
                   out[i].w[1], out[i].w[0]);
        }
    }
}

/*
 * SSE memory operands whose base + displacement wraps around 4 GiB (emu adds
 * them in 64 bits and redoes the access when the sum leaves guest memory).
 */
double sse_wrap_d[4] __attribute__((aligned(16))) = { 1.5, -2.25, 3.0, 0.125 };

static void test_wrap(void)
{
    static volatile uint32_t base_v = 0x90000000u;     /* not a constant to fold */
    uint32_t base = base_v;
    double out[2];

    asm volatile("movsd sse_wrap_d+0x70000000(%0), %%xmm0\n\t"
                 "addsd sse_wrap_d+0x70000008(%0), %%xmm0\n\t"
                 "movsd %%xmm0, sse_wrap_d+0x70000010(%0)\n\t"
                 "movupd sse_wrap_d+0x70000000(%0), %%xmm1\n\t"
                 "mulpd sse_wrap_d+0x70000010(%0), %%xmm1\n\t"
                 "movupd %%xmm1, %1\n\t"
                 : : "r"(base), "m"(out) : "xmm0", "xmm1", "memory");
    printf("wrap: %g %g %g %g | %g %g\n", sse_wrap_d[0], sse_wrap_d[1], sse_wrap_d[2],
           sse_wrap_d[3], out[0], out[1]);
}

static const TestSection sections[] = {
    { "fault-state", test_fault_state },
    { "blocks", test_blocks },
    { "wrap", test_wrap },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
