/*
 * Unit tests of the x87/MMX/SSE helpers of target-i386 against the host CPU:
 * each case runs guest instructions through helper_x87 / helper_sse on a
 * CPUX86State (guest memory is a flat array here) and checks the state with
 * what the host computes for the same operation with its own instructions.
 */
#include <glib.h>
#include <setjmp.h>
#include <string.h>

#include "exec/cpu-ldst.h"
#include "target-i386/fpu-internal.h"
#include "target-i386/fpu-op.h"
#include "target-i386/fpu.h"
#include "target-i386/helper-proto.h"
#include "target-i386/sse-op.h"
#include "target-i386/fpu-native.h"

/* ---- A tiny guest: flat memory, exceptions caught with a longjmp. ---- */

static X86CPU test_cpu;
static uint8_t test_mem[4096] __attribute__((aligned(16)));
static sigjmp_buf test_jmp;
static int test_excp;

uint32_t cpu_ldub_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    g_assert_cmpuint(addr, <, sizeof(test_mem));
    return test_mem[addr];
}

uint32_t cpu_ldl_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    uint32_t v;

    g_assert_cmpuint(addr + 4, <=, sizeof(test_mem));
    memcpy(&v, test_mem + addr, 4);
    return v;
}

uint64_t cpu_ldq_le_data_ra(CPUState *cpu, uint64_t addr, uintptr_t ra)
{
    uint64_t v;

    g_assert_cmpuint(addr + 8, <=, sizeof(test_mem));
    memcpy(&v, test_mem + addr, 8);
    return v;
}

void cpu_stb_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra)
{
    g_assert_cmpuint(addr, <, sizeof(test_mem));
    test_mem[addr] = val;
}

void cpu_stl_le_data_ra(CPUState *cpu, uint64_t addr, uint32_t val, uintptr_t ra)
{
    g_assert_cmpuint(addr + 4, <=, sizeof(test_mem));
    memcpy(test_mem + addr, &val, 4);
}

void cpu_stq_le_data_ra(CPUState *cpu, uint64_t addr, uint64_t val, uintptr_t ra)
{
    g_assert_cmpuint(addr + 8, <=, sizeof(test_mem));
    memcpy(test_mem + addr, &val, 8);
}

void cpu_raise_exception(CPUState *cpu, int excp, uint32_t err, uintptr_t host_pc)
{
    test_excp = excp;
    siglongjmp(test_jmp, 1);
}

void cpu_loop_exit(CPUState *cpu)
{
    test_excp = -1;
    siglongjmp(test_jmp, 1);
}

static CPUX86State *env_reset(void)
{
    CPUX86State *env = &test_cpu.env;

    memset(env, 0, sizeof(*env));
    x86_fpu_reset(env);
    memset(test_mem, 0, sizeof(test_mem));
    return env;
}

/* Guest x87 instruction b /modrm; memory forms use address addr. */
static uint32_t x87(CPUX86State *env, unsigned b, unsigned modrm, uint32_t flags,
                    uint32_t addr)
{
    return helper_x87(env, ((b & 7) << 8) | modrm | flags, addr, 0x1000, 0);
}

#define MEMOP(kind, rw) ((X87_MEM_##kind << X87_OP_MEM_SHIFT) | X87_OP_MEM_##rw)

static void put_double(uint32_t addr, double d)
{
    memcpy(test_mem + addr, &d, 8);
}

/* fld m64 (DD /0) at 0x100. */
static void fld_double(CPUX86State *env, double d)
{
    put_double(0x100, d);
    x87(env, 0xdd, 0x05, MEMOP(64, RD), 0x100);
}

/* fstp m80 (DB /7) of ST0 to 0x200, returned as a long double. */
static long double fstp_ext(CPUX86State *env)
{
    long double r = 0;

    x87(env, 0xdb, 0x3d, MEMOP(80, WR), 0x200);
    memcpy(&r, test_mem + 0x200, 10);
    return r;
}

static void test_x87_arith(void)
{
    CPUX86State *env = env_reset();
    volatile long double one = 1.0L, three = 3.0L;

    fld_double(env, 1.0);
    fld_double(env, 3.0);
    x87(env, 0xde, 0xf9, 0, 0);                 /* fdivp: ST1 / ST0 */
    g_assert_true(fstp_ext(env) == one / three);
    g_assert_cmpuint(env->fpu.ftw, ==, 0);
    g_assert_cmpuint(env->fpu.fsw & 0x20, ==, 0x20);     /* PE */
    g_assert_cmpuint(x86_fpu_top(&env->fpu), ==, 0);
}

static void test_x87_transcendental(void)
{
    static const double args[] = { 0.5, 1e10, -3.25, 1e30 };

    for (unsigned i = 0; i < G_N_ELEMENTS(args); i++) {
        CPUX86State *env = env_reset();
        long double want;
        uint16_t want_sw;

        __asm__ volatile("fninit; fldl %2; fsin; fnstsw %1; fstpt %0"
                         : "=m"(want), "=m"(want_sw) : "m"(args[i]));
        fld_double(env, args[i]);
        x87(env, 0xd9, 0xfe, 0, 0);             /* fsin */
        g_assert_cmpuint(env->fpu.fsw & 0x4700, ==, want_sw & 0x4700);
        g_assert_true(memcmp(&(long double){ fstp_ext(env) }, &want, 10) == 0);
    }
}

static void test_x87_stack_overflow(void)
{
    CPUX86State *env = env_reset();
    long double r;

    for (int i = 0; i < 9; i++) {
        x87(env, 0xd9, 0xe8, 0, 0);             /* fld1 */
    }
    /* the ninth push: IE | SF | C1, ST0 is the indefinite QNaN */
    g_assert_cmpuint(env->fpu.fsw & 0x0241, ==, 0x0241);
    r = fstp_ext(env);
    g_assert_true(r != r);
    g_assert_cmpuint(x86_fpu_tag_word(&env->fpu) & 3, ==, 0);
}

static void test_x87_unmasked_mf(void)
{
    CPUX86State *env = env_reset();

    put_double(0x100, 0.0);
    test_mem[0x300] = 0x7b;                     /* FCW 0x037b: ZE unmasked */
    test_mem[0x301] = 0x03;
    x87(env, 0xd9, 0x2d, MEMOP(16, RD) | X87_OP_CONTROL, 0x300);   /* fldcw */
    x87(env, 0xd9, 0xe8, 0, 0);                 /* fld1 */
    x87(env, 0xdc, 0x35, MEMOP(64, RD), 0x100); /* fdiv m64 0.0 */
    g_assert_cmpuint(env->fpu.fsw & 0x84, ==, 0x84);    /* ZE, ES */
    test_excp = -1;
    if (!sigsetjmp(test_jmp, 0)) {
        x87(env, 0xd9, 0xe8, 0, 0);             /* waiting insn: #MF */
    }
    g_assert_cmpint(test_excp, ==, EXCP10_COPR);
    /* fnclex is not waiting and clears it */
    x87(env, 0xdb, 0xe2, X87_OP_NOWAIT | X87_OP_CONTROL, 0);
    g_assert_cmpuint(env->fpu.fsw & 0x80ff, ==, 0);
}

static void test_x87_fnstsw_fcomi(void)
{
    CPUX86State *env = env_reset();
    uint32_t v;

    fld_double(env, 2.0);
    fld_double(env, 1.0);
    v = x87(env, 0xdb, 0xf1, X87_OP_RET_FLAGS, 0);      /* fcomi st1: 1 < 2 */
    g_assert_cmpuint(v & (CC_Z | CC_P | CC_C), ==, CC_C);
    x87(env, 0xd8, 0xd1, 0, 0);                          /* fcom st1 */
    v = x87(env, 0xdf, 0xe0, X87_OP_NOWAIT | X87_OP_CONTROL, 0);  /* fnstsw ax */
    g_assert_cmpuint(v & 0x4500, ==, 0x0100);            /* C0 */
    g_assert_cmpuint((v >> 11) & 7, ==, 6);
}

/*
 * The state moved into the host unit and back (fpu_live.c): unchanged, the
 * host unit left initialised, the TB flags following FCW.
 */
static void test_x87_live_round_trip(void)
{
    CPUX86State *env = env_reset(), before;
    uint16_t cw = 0, sw = 0;

    fld_double(env, 2.5);
    fld_double(env, -0.0);
    fld_double(env, 1e-310);
    env->fpu.fcw = 0x0c7a;                  /* round to zero, ZE and IE unmasked */
    env->fpu.fsw |= 0x0020;                 /* PE */
    x86_fpu_fcw_changed(env);
    g_assert_true(env->hflags & HF_X87_UNMASKED_MASK);
    before = *env;
    helper_x87_enter(env);
    g_assert_true(env->hflags & HF_X87_LIVE_MASK);
    /* What the host unit holds now is the guest's. */
    __asm__ volatile("fnstcw %0\n\tfnstsw %1" : "=m"(cw), "=m"(sw));
    g_assert_cmphex(cw, ==, 0x0c7a);
    g_assert_cmphex(sw, ==, before.fpu.fsw);
    env->fpu.fcw = 0;                       /* stale while live: sync must replace it */
    x86_fpu_sync(env);
    g_assert_false(env->hflags & HF_X87_LIVE_MASK);
    g_assert_true(memcmp(&before.fpu, &env->fpu, offsetof(X86FPUState, xmm)) == 0);
    __asm__ volatile("fnstcw %0\n\tfnstsw %1" : "=m"(cw), "=m"(sw));
    g_assert_cmphex(cw, ==, 0x037f);
    g_assert_cmphex(sw, ==, 0);
    x86_fpu_reset(env);
    g_assert_false(env->hflags & HF_X87_UNMASKED_MASK);
}

/* A signal context's FXSAVE image replaces the live state (x86_fpu_capture). */
static void test_x87_capture(void)
{
    CPUX86State *env = env_reset();
    X86FPUState img;

    fld_double(env, 3.0);
    img = env->fpu;
    fld_double(env, 4.0);
    helper_x87_enter(env);
    x86_fpu_capture(env, &img);
    __asm__ volatile("fninit");             /* what the handler's longjmp leaves */
    g_assert_false(env->hflags & HF_X87_LIVE_MASK);
    g_assert_true(memcmp(&img, &env->fpu, offsetof(X86FPUState, fop)) == 0);
    g_assert_true(memcmp(img.st, env->fpu.st, sizeof(img.st)) == 0);
    g_assert_true(fstp_ext(env) == 3.0L);
}

static void test_fsave_frstor(void)
{
    CPUX86State *env = env_reset();
    uint8_t img[108];

    fld_double(env, 2.5);
    fld_double(env, -7.0);
    x86_fpu_fsave(env, img);
    g_assert_cmpuint(img[0] | img[1] << 8, ==, 0x37f);
    g_assert_cmpuint(img[4] | img[5] << 8, ==, 0x3000);     /* TOP 6 */
    g_assert_cmpuint(img[8] | img[9] << 8, ==, 0x0fff);     /* tags: R6, R7 valid */
    g_assert_cmpuint(env->fpu.ftw, ==, 0xc0);               /* env untouched */
    x86_fpu_reset(env);
    x86_fpu_frstor(env, img);
    g_assert_true(fstp_ext(env) == -7.0L);
    g_assert_true(fstp_ext(env) == 2.5L);
}

/* ---- SSE ---- */

static uint32_t sse(CPUX86State *env, uint32_t entry, int pfx, int reg, int rm, uint32_t aux)
{
    return helper_sse(env, entry | reg << SSE_REG_SHIFT | rm << SSE_RM_SHIFT |
                      pfx << SSE_PFX_SHIFT, aux, 0);
}

#define XX(msz, fl) (SSE_K_X | SSE_K_X << 2 | SSE_MEM_##msz << 4 | (fl))

static void test_sse_addps_flags(void)
{
    CPUX86State *env = env_reset();
    float a[4] = { 1, 2, 3, 3e38f }, b[4] = { 0.1f, 0.2f, 0.3f, 3e38f }, want[4];

    memcpy(&env->fpu.xmm[2], a, 16);
    memcpy(&env->fpu.xmm[5], b, 16);
    sse(env, XX(128, SSE_WREG | SSE_FP), SSE_PFX_NONE, 2, 5, 0x58);   /* addps */
    for (int i = 0; i < 4; i++) {
        want[i] = a[i] + b[i];
    }
    g_assert_true(memcmp(&env->fpu.xmm[2], want, 16) == 0);
    g_assert_cmpuint(env->fpu.mxcsr, ==, 0x1f80 | 0x28);    /* OE, PE */
}

static void test_sse_unmasked_xm(void)
{
    CPUX86State *env = env_reset();
    double a[2] = { 1, 1 }, z[2] = { 0, 0 };

    env->fpu.mxcsr = 0x1f80 & ~0x200;           /* ZM clear */
    memcpy(&env->fpu.xmm[0], a, 16);
    memcpy(&env->fpu.xmm[1], z, 16);
    test_excp = -1;
    if (!sigsetjmp(test_jmp, 0)) {
        sse(env, XX(128, SSE_WREG | SSE_FP), SSE_PFX_66, 0, 1, 0x5e);  /* divpd */
    }
    g_assert_cmpint(test_excp, ==, EXCP13_XMM);
    g_assert_true(memcmp(&env->fpu.xmm[0], a, 16) == 0);   /* unchanged */
    g_assert_cmpuint(env->fpu.mxcsr & 0x3f, ==, 0x04);
}

static void test_sse_c_ops(void)
{
    CPUX86State *env = env_reset();
    X86XMMReg d, s, want;

    for (int i = 0; i < 16; i++) {
        d.b[i] = 0x10 + i;
        s.b[i] = 0xa0 + i * 3;
    }
    env->fpu.xmm[3] = d;
    env->fpu.xmm[4] = s;
    sse(env, XX(128, SSE_WREG | SSE_COP), 0, 3, 4, SSE_C_SHUFPS | 0x4e << 8);
    __asm__("movdqu %1, %%xmm0; movdqu %2, %%xmm1; shufps $0x4e, %%xmm1, %%xmm0;"
            "movdqu %%xmm0, %0" : "=m"(want) : "m"(d), "m"(s) : "xmm0", "xmm1");
    g_assert_true(memcmp(&env->fpu.xmm[3], &want, 16) == 0);
    for (unsigned imm = 0; imm < 40; imm += 3) {
        uint8_t cat[32];

        env->fpu.xmm[3] = d;
        sse(env, XX(128, SSE_WREG | SSE_COP), 0, 3, 4, SSE_C_PALIGNR | imm << 8);
        memcpy(cat, &s, 16);
        memcpy(cat + 16, &d, 16);
        for (unsigned i = 0; i < 16; i++) {
            g_assert_cmpuint(env->fpu.xmm[3].b[i], ==, i + imm < 32 ? cat[i + imm] : 0);
        }
    }
    env->fpu.xmm[3] = d;
    env->fpu.xmm[4] = s;
    sse(env, XX(128, SSE_WREG | SSE_COP), 0, 3, 4, SSE_C_PSHUFD | 0x1b << 8);
    __asm__("movdqu %1, %%xmm1; pshufd $0x1b, %%xmm1, %%xmm0; movdqu %%xmm0, %0"
            : "=m"(want) : "m"(s) : "xmm0", "xmm1");
    g_assert_true(memcmp(&env->fpu.xmm[3], &want, 16) == 0);
}

static void test_mmx_transition(void)
{
    CPUX86State *env = env_reset();
    uint32_t mm = SSE_K_M | SSE_K_M << 2 | SSE_MEM_64 << 4 | SSE_WREG;

    fld_double(env, 1.0);                       /* TOP = 7 */
    env->fpu.st[0].mant = 0x0102030405060708ull;     /* MM7 */
    sse(env, mm, SSE_PFX_NONE, 7, 7, 0xfc);      /* paddb mm7, mm7 */
    g_assert_cmpuint(x86_fpu_top(&env->fpu), ==, 0);
    g_assert_cmpuint(env->fpu.ftw, ==, 0xff);
    g_assert_cmpuint(env->fpu.st[7].mant, ==, 0x020406080a0c0e10ull);
    g_assert_cmpuint(env->fpu.st[7].sexp, ==, 0xffff);
    helper_emms(env);
    g_assert_cmpuint(env->fpu.ftw, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/x86-fpu/x87/arith", test_x87_arith);
    g_test_add_func("/x86-fpu/x87/transcendental", test_x87_transcendental);
    g_test_add_func("/x86-fpu/x87/stack-overflow", test_x87_stack_overflow);
    g_test_add_func("/x86-fpu/x87/unmasked-mf", test_x87_unmasked_mf);
    g_test_add_func("/x86-fpu/x87/fnstsw-fcomi", test_x87_fnstsw_fcomi);
    g_test_add_func("/x86-fpu/x87/live-round-trip", test_x87_live_round_trip);
    g_test_add_func("/x86-fpu/x87/capture", test_x87_capture);
    g_test_add_func("/x86-fpu/x87/fsave-frstor", test_fsave_frstor);
    g_test_add_func("/x86-fpu/sse/addps-flags", test_sse_addps_flags);
    g_test_add_func("/x86-fpu/sse/unmasked-xm", test_sse_unmasked_xm);
    g_test_add_func("/x86-fpu/sse/c-ops", test_sse_c_ops);
    g_test_add_func("/x86-fpu/mmx/transition", test_mmx_transition);
    return g_test_run();
}
