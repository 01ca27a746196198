/*
 * Where the guest's x87 state is. Either in env->fpu (the FXSAVE image), or,
 * while env->hflags has HF_X87_LIVE, in the x87 unit of the host thread
 * running the guest thread: then generated code runs guest x87 instructions
 * as themselves (translate-fpu.c), at the speed of the real unit, with its
 * exact results, flags and exceptions. The instruction and operand pointers
 * (FIP, FCS, FOP, FDP, FDS) always stay in env: generated code stores the
 * guest's values there, the host's would be host addresses.
 *
 * emu's own C code never uses the x87 unit (x86-64 code computes with SSE;
 * no long double anywhere), so the guest's state can stay in it across
 * helpers, system calls and returns to the CPU loop. Whatever needs the state
 * in env (signal frames, fsave/fxsave, MMX, dumps) calls x86_fpu_sync first;
 * a host signal handler that leaves by longjmp takes it from the kernel's
 * saved context (x86_fpu_capture), since the handler itself runs with a
 * fresh x87 state that then stays.
 */
#include <pthread.h>
#include <stddef.h>
#include <string.h>

#include "target-i386/fpu-internal.h"
#include "target-i386/fpu-native.h"
#include "target-i386/fpu.h"
#include "target-i386/helper-proto.h"

/* The guest's control, status, tags and registers of an FXSAVE image. */
static void x87_take_image(X86FPUState *f, const X86FPUState *img)
{
    f->fcw = img->fcw;
    f->fsw = img->fsw;
    f->ftw = img->ftw;
    memcpy(f->st, img->st, sizeof(f->st));
}

void x86_fpu_fcw_changed(CPUX86State *env)
{
    env->hflags &= ~HF_X87_UNMASKED_MASK;
    if ((env->fpu.fcw & 0x3f) != 0x3f) {
        env->hflags |= HF_X87_UNMASKED_MASK;
    }
}

void x86_fpu_sync(CPUX86State *env)
{
    X86FPUState img __attribute__((aligned(16)));

    if (!(env->hflags & HF_X87_LIVE_MASK)) {
        return;
    }
    /* FXSAVE only stores (MXCSR and the XMM registers stay as they are);
     * FNINIT leaves the unit as the ABI wants it between functions. */
    __asm__ volatile("fxsave %0\n\tfninit" : "=m"(img) : : "memory");
    x87_take_image(&env->fpu, &img);
    env->hflags &= ~HF_X87_LIVE_MASK;
    x86_fpu_fcw_changed(env);
}

void x86_fpu_read(const CPUX86State *env, X86FPUState *out)
{
    X86FPUState img __attribute__((aligned(16)));

    *out = env->fpu;
    if (env->hflags & HF_X87_LIVE_MASK) {
        __asm__ volatile("fxsave %0" : "=m"(img) : : "memory");
        x87_take_image(out, &img);
    }
}

void x86_fpu_capture(CPUX86State *env, const void *fxsave_image)
{
    X86FPUState img;

    if (!(env->hflags & HF_X87_LIVE_MASK)) {
        return;
    }
    memcpy(&img, fxsave_image, offsetof(X86FPUState, xmm));
    x87_take_image(&env->fpu, &img);
    env->hflags &= ~HF_X87_LIVE_MASK;
    x86_fpu_fcw_changed(env);
}

void x86_fpu_discard(CPUX86State *env)
{
    if (env->hflags & HF_X87_LIVE_MASK) {
        __asm__ volatile("fninit");
        env->hflags &= ~HF_X87_LIVE_MASK;
    }
}

/* env -> host unit (XRSTOR of the x87 component only: MXCSR and XMM stay). */
void helper_x87_enter(CPUX86State *env)
{
    if (env->hflags & HF_X87_LIVE_MASK) {
        return;
    }
    x86_native_x87_load(&env->fpu);
    env->hflags |= HF_X87_LIVE_MASK;
}

void helper_x87_leave(CPUX86State *env)
{
    x86_fpu_sync(env);
}

/*
 * After a native fldcw that unmasked an exception: the TB flags change
 * (x87 instructions may now raise #MF, so generated code must keep env
 * precise before each), so leave the block and go on at next_eip.
 */
void helper_x87_unmasked(CPUX86State *env, uint32_t next_eip)
{
    env->hflags |= HF_X87_UNMASKED_MASK;
    env->eip = next_eip;
    cpu_loop_exit(x86_env_cpu(env));
}

/*
 * The host's rules for the pointers: learnt once by running a masked fld m64
 * and fld st(0) over known junk values (per field: kept, zeroed, or set to
 * the instruction's own, which generated code then stores for the guest).
 * The first call comes from the first translation of an x87 instruction,
 * before any thread's unit holds guest state (the probe uses the unit).
 */
static X87PtrPolicy x87_ptr_policy;
static pthread_once_t x87_ptr_policy_once = PTHREAD_ONCE_INIT;

static void x87_probe_ptrs(uint8_t *pol, unsigned b, unsigned modrm)
{
    X86FPUState f;
    uint8_t buf[16] __attribute__((aligned(16))) = { 0 };
    uint32_t ax = 0, fl = 0, old[X87_PTR_N] = { 0x11111111, 0x2222, 0x333, 0x44444444, 0x5555 };

    memset(&f, 0, sizeof(f));
    f.fcw = 0x37f;
    f.fsw = 7 << X86_FSW_TOP_SHIFT;
    f.ftw = 0x80;               /* ST(0) = R7 = 1.0 */
    f.st[0].mant = 1ull << 63;
    f.st[0].sexp = 0x3fff;
    f.fip = old[X87_PTR_FIP];
    f.fcs = old[X87_PTR_FCS];
    f.fop = old[X87_PTR_FOP];
    f.fdp = old[X87_PTR_FDP];
    f.fds = old[X87_PTR_FDS];
    x86_native_x87(&f, x86_x87_stub(b, modrm), buf, &ax, &fl);
    uint32_t now[X87_PTR_N] = { f.fip, f.fcs, f.fop, f.fdp, f.fds };
    for (int i = 0; i < X87_PTR_N; i++) {
        pol[i] = now[i] == old[i] ? X87_PTR_KEEP : now[i] == 0 ? X87_PTR_ZERO : X87_PTR_GUEST;
    }
}

static void x87_probe_policy(void)
{
    x87_probe_ptrs(x87_ptr_policy.mem, 0xdd, 0x07);
    x87_probe_ptrs(x87_ptr_policy.reg, 0xd9, 0xc0);
}

const X87PtrPolicy *x86_x87_ptr_policy(void)
{
    pthread_once(&x87_ptr_policy_once, x87_probe_policy);
    return &x87_ptr_policy;
}
