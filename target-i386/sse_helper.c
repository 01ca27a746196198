/*
 * MMX, SSE, SSE2, SSE3 and SSSE3 helpers (SDM vol. 1 ch. 9-12): the operands
 * are loaded into host registers and the same instruction runs on the host
 * under the guest's MXCSR (fpu_native.c); immediate shuffles are done in C.
 * Also MXCSR access, FXSAVE/FXRSTOR and the MMX <-> x87 state transitions.
 */
#include <string.h>

#include "exec/cpu-ldst.h"
#include "target-i386/fpu-internal.h"
#include "target-i386/fpu-native.h"
#include "target-i386/helper-proto.h"
#include "target-i386/sse-op.h"

static const uint8_t sse_mem_bytes[] = {
    [SSE_MEM_16] = 2, [SSE_MEM_32] = 4, [SSE_MEM_64] = 8, [SSE_MEM_128] = 16,
};

/*
 * An MMX instruction (SDM 9.5.1): TOP becomes 0 and every register valid.
 * The image keeps ST(i) in stack order, so MMi (physical register i) moves
 * to slot i when TOP changes.
 */
static void mmx_enter(X86FPUState *f)
{
    unsigned top = (f->fsw >> X86_FSW_TOP_SHIFT) & 7;

    if (top) {
        X87Reg tmp[8];

        for (unsigned i = 0; i < 8; i++) {
            tmp[i] = f->st[(i - top) & 7];
        }
        memcpy(f->st, tmp, sizeof(tmp));
        f->fsw &= ~(7 << X86_FSW_TOP_SHIFT);
    }
    f->ftw = 0xff;
}

static uint64_t mmx_read(const X86FPUState *f, unsigned i)
{
    return f->st[(i - ((f->fsw >> X86_FSW_TOP_SHIFT) & 7)) & 7].mant;
}

/* After mmx_enter: a write also sets the exponent field to all ones. */
static void mmx_write(X86FPUState *f, unsigned i, uint64_t v)
{
    f->st[i].mant = v;
    f->st[i].sexp = 0xffff;
}

static void sse_load(CPUX86State *env, X86NativeSSE *r, int slot, unsigned kind, unsigned n)
{
    switch (kind) {
    case SSE_K_X:
        r->x[slot] = env->fpu.xmm[n];
        break;
    case SSE_K_M:
        r->mm[slot] = mmx_read(&env->fpu, n);
        break;
    case SSE_K_G:
        r->gpr[slot] = env->regs[n];
        break;
    }
}

static void sse_store(CPUX86State *env, const X86NativeSSE *r, int slot, unsigned kind,
                      unsigned n)
{
    switch (kind) {
    case SSE_K_X:
        env->fpu.xmm[n] = r->x[slot];
        break;
    case SSE_K_M:
        mmx_write(&env->fpu, n, r->mm[slot]);
        break;
    case SSE_K_G:
        env->regs[n] = r->gpr[slot];
        break;
    }
}

/* A memory source operand, moved into the rm slot for the C routines. */
static void sse_mem_to_slot(X86NativeSSE *r, unsigned kind, const uint8_t *buf, unsigned n)
{
    switch (kind) {
    case SSE_K_X:
        memset(&r->x[1], 0, sizeof(r->x[1]));
        memcpy(&r->x[1], buf, n);
        break;
    case SSE_K_M:
        r->mm[1] = 0;
        memcpy(&r->mm[1], buf, n);
        break;
    default:
        r->gpr[1] = 0;
        memcpy(&r->gpr[1], buf, n);
        break;
    }
}

/*
 * Whether the instruction can run under the host's MXCSR as it is: same
 * control bits, all exceptions masked, and no sticky flag the guest lacks (the
 * flags after it are then exactly the guest's new ones, OR-ed in).
 */
static bool sse_host_mxcsr_fits(uint32_t guest)
{
    uint32_t host = x86_host_mxcsr();

    return (host & ~0x3fu) == (guest & ~0x3fu) && (host & 0x1f80) == 0x1f80 &&
           !(host & ~guest & 0x3f);
}

/*
 * Under the guest's control bits, with the host's exceptions masked. Unmasked
 * ones become #XM with the destination unchanged (SDM vol. 1, 11.5.2): a
 * pre-computation one (IE, DE, ZE) stops the operation with only those flags
 * set; a post-computation one (OE, UE, PE) keeps every flag. An unmasked UE
 * is signalled for any tiny result, exact or not: found by a second run with
 * FTZ, which flags UE for every tiny result.
 */
static void sse_run_guest_mxcsr(CPUX86State *env, X86NativeSSE *r, const void *stub,
                                uint8_t *buf, bool mmx, uintptr_t ra)
{
    uint32_t guest = env->fpu.mxcsr, unmasked = ~(guest >> 7) & 0x3f, flags;
    X86NativeSSE in = *r;

    r->mxcsr = (guest & ~0x3fu) | 0x1f80;
    x86_native_sse(r, stub, buf, mmx, true);
    flags = r->mxcsr & 0x3f;
    if ((unmasked & 0x10) && !(flags & 0x10)) {
        X86NativeSSE ftz = in;

        ftz.mxcsr = (guest & ~0x3fu) | 0x1f80 | 0x8000;
        x86_native_sse(&ftz, stub, buf, mmx, true);
        flags |= ftz.mxcsr & 0x10;
    }
    if (flags & unmasked & 0x07) {
        env->fpu.mxcsr |= flags & 0x07;
        cpu_raise_exception(x86_env_cpu(env), EXCP13_XMM, 0, ra);
    }
    env->fpu.mxcsr |= flags;
    if (flags & unmasked) {
        cpu_raise_exception(x86_env_cpu(env), EXCP13_XMM, 0, ra);
    }
}

static void sse_shuffle_words(uint16_t *dst, const uint16_t *src, unsigned imm)
{
    uint16_t t[4];

    for (int i = 0; i < 4; i++) {
        t[i] = src[(imm >> (2 * i)) & 3];
    }
    memcpy(dst, t, sizeof(t));
}

/* dst:src (2n bytes, dst high) shifted right by imm bytes, low n bytes kept. */
static void sse_palignr(uint8_t *dst, const uint8_t *src, unsigned n, unsigned imm)
{
    uint8_t cat[32], out[16];

    memcpy(cat, src, n);
    memcpy(cat + n, dst, n);
    for (unsigned i = 0; i < n; i++) {
        out[i] = i + imm < 2 * n ? cat[i + imm] : 0;
    }
    memcpy(dst, out, n);
}

static void sse_cop(X86NativeSSE *r, unsigned regkind, unsigned rmkind, unsigned aux)
{
    unsigned imm = aux >> 8;
    X86XMMReg *d = &r->x[0], *s = &r->x[1], t;

    switch ((SSECOp)(aux & 0xff)) {
    case SSE_C_PSHUFW:
        sse_shuffle_words((uint16_t *)&r->mm[0], (const uint16_t *)&r->mm[1], imm);
        break;
    case SSE_C_PSHUFD:
        for (int i = 0; i < 4; i++) {
            t.l[i] = s->l[(imm >> (2 * i)) & 3];
        }
        *d = t;
        break;
    case SSE_C_PSHUFHW:
        d->q[0] = s->q[0];
        sse_shuffle_words(&d->w[4], &s->w[4], imm);
        break;
    case SSE_C_PSHUFLW:
        d->q[1] = s->q[1];
        sse_shuffle_words(&d->w[0], &s->w[0], imm);
        break;
    case SSE_C_SHUFPS:
        t.l[0] = d->l[imm & 3];
        t.l[1] = d->l[(imm >> 2) & 3];
        t.l[2] = s->l[(imm >> 4) & 3];
        t.l[3] = s->l[(imm >> 6) & 3];
        *d = t;
        break;
    case SSE_C_SHUFPD:
        t.q[0] = d->q[imm & 1];
        t.q[1] = s->q[(imm >> 1) & 1];
        *d = t;
        break;
    case SSE_C_PINSRW:
        if (regkind == SSE_K_M) {
            ((uint16_t *)&r->mm[0])[imm & 3] = r->gpr[1];
        } else {
            d->w[imm & 7] = r->gpr[1];
        }
        break;
    case SSE_C_PEXTRW:
        r->gpr[0] = rmkind == SSE_K_M ? ((const uint16_t *)&r->mm[1])[imm & 3] : s->w[imm & 7];
        break;
    case SSE_C_PSRLDQ:
        imm = imm > 16 ? 16 : imm;
        memset(&t, 0, sizeof(t));
        memcpy(t.b, d->b + imm, 16 - imm);
        *d = t;
        break;
    case SSE_C_PSLLDQ:
        imm = imm > 16 ? 16 : imm;
        memset(&t, 0, sizeof(t));
        memcpy(t.b + imm, d->b, 16 - imm);
        *d = t;
        break;
    case SSE_C_PALIGNR:
        if (rmkind == SSE_K_M) {
            sse_palignr((uint8_t *)&r->mm[0], (const uint8_t *)&r->mm[1], 8, imm);
        } else {
            sse_palignr(d->b, s->b, 16, imm);
        }
        break;
    }
}

/*
 * One MMX/SSE instruction; desc = SSE_* bits (sse-op.h), aux = the opcode
 * byte, the cmp predicate or the C operation, addr = the memory operand.
 * Returns EFLAGS for SSE_EFL instructions.
 */
static uint32_t sse_exec(CPUX86State *env, uint32_t desc, uint32_t aux, uint32_t addr,
                         uintptr_t ra)
{
    CPUState *cpu = x86_env_cpu(env);
    unsigned regk = desc & 3, rmk = (desc >> 2) & 3;
    unsigned reg = (desc >> SSE_REG_SHIFT) & 7, rm = (desc >> SSE_RM_SHIFT) & 7;
    unsigned pfx = (desc >> SSE_PFX_SHIFT) & 3;
    bool mem = desc & SSE_MEMFORM;
    unsigned n = sse_mem_bytes[(desc >> 4) & 7];
    bool mmx = regk == SSE_K_M || (rmk == SSE_K_M && !mem && !(desc & SSE_IMMSRC));
    uint8_t buf[16] __attribute__((aligned(16)));
    X86NativeSSE r;
    uint32_t guest = env->fpu.mxcsr;

    if (mmx) {
        x86_fpu_check_pending(env, ra);
    }
    if (mem && (desc & SSE_A16) && (addr & 15)) {
        cpu_raise_exception(cpu, EXCP0D_GPF, 0, ra);
    }
    memset(&r, 0, sizeof(r));
    sse_load(env, &r, 0, regk, reg);
    if (desc & SSE_IMMSRC) {
        r.x[1].q[0] = aux >> 8;
        r.mm[1] = aux >> 8;
    } else if (!mem) {
        sse_load(env, &r, 1, rmk, rm);
    }
    if ((mem && !(desc & SSE_WRM)) || (desc & SSE_MASKMOV)) {
        x86_fpu_read_buf(cpu, addr, buf, n, ra);
    }
    if (desc & SSE_COP) {
        if (mem) {
            sse_mem_to_slot(&r, rmk, buf, n);
        }
        sse_cop(&r, regk, rmk, aux);
    } else {
        const void *stub;
        unsigned op = (desc & SSE_IMMSRC) ? aux & 0xff : aux;

        if (desc & SSE_CMP) {
            stub = x86_sse_cmp_stub(pfx, aux, mem);
        } else if (desc & SSE_MAP38) {
            stub = x86_sse38_stub(pfx, op, mem);
        } else {
            stub = x86_sse_stub(pfx, op, mem);
        }
        if (!(desc & SSE_FP)) {
            x86_native_sse(&r, stub, buf, mmx, false);
        } else if (sse_host_mxcsr_fits(guest)) {
            x86_native_sse(&r, stub, buf, mmx, false);
            env->fpu.mxcsr |= r.mxcsr & 0x3f;
        } else {
            sse_run_guest_mxcsr(env, &r, stub, buf, mmx, ra);
        }
    }
    if (mmx) {
        mmx_enter(&env->fpu);
    }
    if (desc & SSE_WREG) {
        sse_store(env, &r, 0, regk, reg);
    }
    if ((desc & SSE_WRM) && !mem) {
        sse_store(env, &r, 1, rmk, rm);
    }
    if ((mem && (desc & SSE_WRM)) || (desc & SSE_MASKMOV)) {
        x86_fpu_write_buf(cpu, addr, buf, n, ra);
    }
    return r.eflags;
}

uint32_t helper_sse(CPUX86State *env, uint32_t desc, uint32_t aux, uint32_t addr)
{
    return sse_exec(env, desc, aux, addr, GETPC());
}

/*
 * The common forms, xmm destination in ModRM.reg and xmm, general register
 * (cvtsi2sd...) or memory source, with the stub chosen by the translator: no
 * table decoding, and the guest MXCSR is not loaded when the host's fits
 * (else the general path).
 */
void helper_sse_xx(CPUX86State *env, void *stub, uint32_t desc, uint32_t aux, uint32_t addr)
{
    uintptr_t ra = GETPC();
    unsigned reg = (desc >> SSE_REG_SHIFT) & 7, rm = (desc >> SSE_RM_SHIFT) & 7;
    X86XMMReg buf;
    /* a register source is read as 16 bytes: regs[] is followed by more of env */
    const void *src = ((desc >> 2) & 3) == SSE_K_G ? (const void *)&env->regs[rm] :
                      (const void *)&env->fpu.xmm[rm];
    uint32_t m;

    if ((desc & SSE_FP) && !sse_host_mxcsr_fits(env->fpu.mxcsr)) {
        sse_exec(env, desc, aux, addr, ra);
        return;
    }
    if (desc & SSE_MEMFORM) {
        CPUState *cpu = x86_env_cpu(env);
        unsigned n = sse_mem_bytes[(desc >> 4) & 7];

        if ((desc & SSE_A16) && (addr & 15)) {
            cpu_raise_exception(cpu, EXCP0D_GPF, 0, ra);
        }
        if (n >= 8) {
            buf.q[0] = cpu_ldq_le_data_ra(cpu, addr, ra);
            if (n == 16) {
                buf.q[1] = cpu_ldq_le_data_ra(cpu, (uint32_t)(addr + 8), ra);
            }
        } else {
            x86_fpu_read_buf(cpu, addr, buf.b, n, ra);
        }
        src = &buf;
    }
    m = x86_native_sse_xx(&env->fpu.xmm[reg], src, stub);
    if (desc & SSE_FP) {
        env->fpu.mxcsr |= m & 0x3f;
    }
}

/* EMMS: every x87 register empty (SDM 9.5.1); like the other MMX
 * instructions it also sets TOP to 0 (checked on the host). */
void helper_emms(CPUX86State *env)
{
    x86_fpu_check_pending(env, GETPC());
    mmx_enter(&env->fpu);
    env->fpu.ftw = 0;
}

void helper_ldmxcsr(CPUX86State *env, uint32_t val)
{
    if (val & ~X86_MXCSR_MASK) {
        cpu_raise_exception(x86_env_cpu(env), EXCP0D_GPF, 0, GETPC());
    }
    env->fpu.mxcsr = val;
    x86_fpu_mxcsr_changed(env);
}

void x86_fpu_mxcsr_changed(CPUX86State *env)
{
    uint32_t guest = env->fpu.mxcsr, host = x86_host_mxcsr();

    if (host & ~guest & 0x3f) {
        host &= ~0x3fu | guest;
        __asm__ volatile("ldmxcsr %0" : : "m"(host));
    }
    env->hflags &= ~HF_SSE_HOSTFP_MASK;
    if ((guest & ~0x3fu) == X86_MXCSR_RESET && (host & ~0x3fu) == X86_MXCSR_RESET) {
        env->hflags |= HF_SSE_HOSTFP_MASK;
    }
}

/* FXSAVE writes bytes 0-287 in 32-bit mode (checked on the host). */
void helper_fxsave(CPUX86State *env, uint32_t addr)
{
    uintptr_t ra = GETPC();

    if (addr & 15) {
        cpu_raise_exception(x86_env_cpu(env), EXCP0D_GPF, 0, ra);
    }
    env->fpu.mxcsr_mask = X86_MXCSR_MASK;
    x86_fpu_write_buf(x86_env_cpu(env), addr, (const uint8_t *)&env->fpu,
                      offsetof(X86FPUState, rsvd3), ra);
}

void helper_fxrstor(CPUX86State *env, uint32_t addr)
{
    uintptr_t ra = GETPC();
    X86FPUState img;

    if (addr & 15) {
        cpu_raise_exception(x86_env_cpu(env), EXCP0D_GPF, 0, ra);
    }
    x86_fpu_read_buf(x86_env_cpu(env), addr, (uint8_t *)&img, offsetof(X86FPUState, rsvd3),
                     ra);
    if (img.mxcsr & ~X86_MXCSR_MASK) {
        cpu_raise_exception(x86_env_cpu(env), EXCP0D_GPF, 0, ra);
    }
    img.mxcsr_mask = X86_MXCSR_MASK;
    memcpy(&env->fpu, &img, offsetof(X86FPUState, rsvd3));
    x86_fpu_mxcsr_changed(env);
}

_Noreturn void x86_sse_align_fault(void *env)
{
    cpu_raise_exception(x86_env_cpu(env), EXCP0D_GPF, 0, GETPC());
}
