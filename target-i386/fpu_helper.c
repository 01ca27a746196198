/*
 * x87 FPU helpers (SDM vol. 1 ch. 8, vol. 2 D8..DF): every x87 instruction is
 * run by the host's own x87 unit on the guest state (fpu_native.c), so values,
 * C0-C3, tags, exceptions and transcendental results are those of the CPU.
 * Also the state API of fpu.h (reset, FSAVE/FXSAVE images, dump, compare).
 */
#include <string.h>

#include "exec/cpu-ldst.h"
#include "target-i386/fpu-internal.h"
#include "target-i386/fpu-native.h"
#include "target-i386/fpu.h"
#include "target-i386/helper-proto.h"
#include "target-i386/fpu-op.h"

static const uint8_t x87_mem_bytes[X87_MEM_SAVE + 1] = {
    [X87_MEM_16] = 2, [X87_MEM_32] = 4, [X87_MEM_64] = 8, [X87_MEM_80] = 10,
    [X87_MEM_ENV] = 28, [X87_MEM_SAVE] = 108,
};

static unsigned x87_op_bytes(uint32_t op)
{
    unsigned kind = (op >> X87_OP_MEM_SHIFT) & 7;
    unsigned n = x87_mem_bytes[kind];

    if (op & X87_OP_O16) {
        n = kind == X87_MEM_ENV ? 14 : 94;
    }
    return n;
}

/* Guest bytes <-> host buffer: qwords, then dwords, then bytes. */
void x86_fpu_read_buf(CPUState *cpu, uint32_t addr, uint8_t *buf, unsigned n, uintptr_t ra)
{
    unsigned i = 0;

    for (; n <= 16 && i + 8 <= n; i += 8) {
        uint64_t v = cpu_ldq_le_data_ra(cpu, (uint32_t)(addr + i), ra);
        memcpy(buf + i, &v, 8);
    }
    for (; i + 4 <= n; i += 4) {
        uint32_t v = cpu_ldl_le_data_ra(cpu, (uint32_t)(addr + i), ra);
        memcpy(buf + i, &v, 4);
    }
    for (; i < n; i++) {
        buf[i] = cpu_ldub_data_ra(cpu, (uint32_t)(addr + i), ra);
    }
}

void x86_fpu_write_buf(CPUState *cpu, uint32_t addr, const uint8_t *buf, unsigned n,
                       uintptr_t ra)
{
    unsigned i = 0;

    for (; n <= 16 && i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, buf + i, 8);
        cpu_stq_le_data_ra(cpu, (uint32_t)(addr + i), v, ra);
    }
    for (; i + 4 <= n; i += 4) {
        uint32_t v;
        memcpy(&v, buf + i, 4);
        cpu_stl_le_data_ra(cpu, (uint32_t)(addr + i), v, ra);
    }
    for (; i < n; i++) {
        cpu_stb_data_ra(cpu, (uint32_t)(addr + i), buf[i], ra);
    }
}

void x86_fpu_check_pending(CPUX86State *env, uintptr_t ra)
{
    if (env->fpu.fsw & X86_FSW_ES) {
        cpu_raise_exception(x86_env_cpu(env), EXCP10_COPR, 0, ra);
    }
}

/*
 * The last-instruction pointers: the host updates them by its own rules (some
 * CPUs record FDP and FOP only on unmasked exceptions and store zero instead,
 * newer ones zero FCS/FDS), but with host addresses. Where it changed a field
 * to a nonzero value, put the guest's value there instead.
 */
static uint32_t x87_pointer(uint32_t old, uint32_t host, uint32_t guest)
{
    return host == old || host == 0 ? host : guest;
}

static void x87_fix_pointers(CPUX86State *env, const X86FPUState *old, uint32_t op,
                             uint32_t addr, uint32_t eip)
{
    X86FPUState *f = &env->fpu;

    f->fip = x87_pointer(old->fip, f->fip, eip);
    f->fcs = x87_pointer(old->fcs, f->fcs, env->segs[R_CS].selector);
    f->fop = x87_pointer(old->fop, f->fop, op & 0x7ff);
    f->fdp = x87_pointer(old->fdp, f->fdp, addr);
    f->fds = x87_pointer(old->fds, f->fds, env->segs[R_DS].selector);
}

/*
 * One x87 instruction (op: X87_OP_* bits, see fpu-op.h). addr is the linear
 * address of the memory operand (its segment in op, for FDP), eip the insn's;
 * eflags the guest's arithmetic flags (for fcmov). Returns the new AX
 * (fnstsw ax) or the new flags (fcomi, with X87_OP_RET_FLAGS).
 */
uint32_t helper_x87(CPUX86State *env, uint32_t op, uint32_t addr, uint32_t eip,
                    uint32_t eflags)
{
    uintptr_t ra = GETPC();
    CPUState *cpu = x86_env_cpu(env);
    uint8_t buf[112] __attribute__((aligned(16)));
    unsigned b = 0xd8 | ((op >> 8) & 7), modrm = op & 0xff;
    unsigned n = (op & (X87_OP_MEM_RD | X87_OP_MEM_WR)) ? x87_op_bytes(op) : 0;
    const void *stub;
    X86FPUState old, next;
    uint32_t ax = env->regs[R_EAX];

    if (!(op & X87_OP_NOWAIT)) {
        x86_fpu_check_pending(env, ra);
    }
    if (n) {
        /* Stores read first: an unmasked exception leaves memory unchanged. */
        x86_fpu_read_buf(cpu, addr, buf, n, ra);
    }
    stub = (op & X87_OP_O16) ? x86_x87_o16_stub(b, (modrm >> 3) & 7) : x86_x87_stub(b, modrm);
    memcpy(&old, &env->fpu, offsetof(X86FPUState, xmm));
    memcpy(&next, &old, offsetof(X86FPUState, xmm));
    x86_native_x87(&next, stub, buf, &ax, &eflags);
    if (op & X87_OP_MEM_WR) {
        x86_fpu_write_buf(cpu, addr, buf, n, ra);
    }
    memcpy(&env->fpu, &next, offsetof(X86FPUState, xmm));
    if (!(op & X87_OP_CONTROL)) {
        uint32_t seg = (op >> X87_OP_SEG_SHIFT) & 7;

        x87_fix_pointers(env, &old, op, addr - env->segs[seg].base, eip);
    }
    x86_fpu_fcw_changed(env);
    return (op & X87_OP_RET_FLAGS) ? eflags : ax;
}

/* ---- The state API of fpu.h ---- */

void x86_fpu_reset(CPUX86State *env)
{
    X86FPUState *f = &env->fpu;

    x86_fpu_discard(env);
    memset(f, 0, sizeof(*f));
    f->fcw = 0x37f;
    f->mxcsr = X86_MXCSR_RESET;
    f->mxcsr_mask = X86_MXCSR_MASK;
    x86_fpu_mxcsr_changed(env);
    x86_fpu_fcw_changed(env);
}

unsigned x86_fpu_top(const X86FPUState *fpu)
{
    return (fpu->fsw >> X86_FSW_TOP_SHIFT) & 7;
}

/* SDM 8.1.7: 0 valid, 1 zero, 2 special, 3 empty, by physical register. */
uint16_t x86_fpu_tag_word(const X86FPUState *fpu)
{
    unsigned top = x86_fpu_top(fpu);
    uint16_t tw = 0;

    for (unsigned i = 0; i < 8; i++) {
        const X87Reg *r = &fpu->st[(i - top) & 7];
        unsigned exp = r->sexp & 0x7fff, tag;

        if (!(fpu->ftw & (1u << i))) {
            tag = 3;
        } else if (exp == 0x7fff) {
            tag = 2;
        } else if (exp == 0) {
            tag = r->mant ? 2 : 1;
        } else {
            tag = (r->mant >> 63) ? 0 : 2;
        }
        tw |= tag << (2 * i);
    }
    return tw;
}

void x86_fpu_fsave(CPUX86State *env, uint8_t buf[108])
{
    X86FPUState tmp;
    uint32_t ax = 0, fl = 0;
    uint8_t out[112] __attribute__((aligned(16)));

    x86_fpu_sync(env);
    /* FNSAVE itself reinitialises the FPU: run it on a copy. */
    memcpy(&tmp, &env->fpu, offsetof(X86FPUState, xmm));
    x86_native_x87(&tmp, x86_x87_stub(0xdd, 0x37), out, &ax, &fl);
    memcpy(buf, out, 108);
}

void x86_fpu_frstor(CPUX86State *env, const uint8_t buf[108])
{
    uint32_t ax = 0, fl = 0;
    uint8_t in[112] __attribute__((aligned(16)));

    x86_fpu_discard(env);
    memcpy(in, buf, 108);
    x86_native_x87(&env->fpu, x86_x87_stub(0xdd, 0x27), in, &ax, &fl);
    x86_fpu_fcw_changed(env);
}

void x86_fpu_fxsave(CPUX86State *env, uint8_t buf[512])
{
    uint32_t mask = X86_MXCSR_MASK;

    x86_fpu_sync(env);
    memcpy(buf, &env->fpu, offsetof(X86FPUState, rsvd3));
    memcpy(buf + offsetof(X86FPUState, mxcsr_mask), &mask, 4);
}

void x86_fpu_fxrstor(CPUX86State *env, const uint8_t buf[512])
{
    X86FPUState *f = &env->fpu;

    x86_fpu_discard(env);
    memcpy(f, buf, offsetof(X86FPUState, rsvd3));
    f->mxcsr &= X86_MXCSR_MASK;
    f->mxcsr_mask = X86_MXCSR_MASK;
    x86_fpu_mxcsr_changed(env);
    x86_fpu_fcw_changed(env);
}

void x86_fpu_dump(const CPUX86State *env, FILE *f)
{
    X86FPUState cur;
    const X86FPUState *s = &cur;

    x86_fpu_read(env, &cur);
    fprintf(f, "FCW=%04x FSW=%04x TOP=%u FTW=%04x FOP=%03x FIP=%08x FDP=%08x MXCSR=%08x\n",
            s->fcw, s->fsw, x86_fpu_top(s), x86_fpu_tag_word(s), s->fop, s->fip, s->fdp,
            s->mxcsr);
    for (int i = 0; i < 8; i++) {
        fprintf(f, "ST%d=%04x %016llx%s", i, s->st[i].sexp, (unsigned long long)s->st[i].mant,
                (i & 1) ? "\n" : " ");
    }
    for (int i = 0; i < 8; i++) {
        fprintf(f, "XMM%d=%016llx%016llx%s", i, (unsigned long long)s->xmm[i].q[1],
                (unsigned long long)s->xmm[i].q[0], (i & 1) ? "\n" : " ");
    }
}

static int fpu_diff(FILE *f, const char *name, uint32_t a, uint32_t b)
{
    if (a == b) {
        return 0;
    }
    fprintf(f, "%s: %x != %x\n", name, a, b);
    return 1;
}

int x86_fpu_compare(const CPUX86State *a, const CPUX86State *b, FILE *f)
{
    const X86FPUState *fa = &a->fpu, *fb = &b->fpu;
    int n = 0;

    n += fpu_diff(f, "FCW", fa->fcw, fb->fcw);
    n += fpu_diff(f, "FSW", fa->fsw, fb->fsw);
    n += fpu_diff(f, "FTW", fa->ftw, fb->ftw);
    n += fpu_diff(f, "MXCSR", fa->mxcsr, fb->mxcsr);
    for (int i = 0; i < 8; i++) {
        if (memcmp(fa->st[i].raw, fb->st[i].raw, 10)) {
            fprintf(f, "ST%d differs\n", i);
            n++;
        }
        if (memcmp(&fa->xmm[i], &fb->xmm[i], sizeof(fa->xmm[i]))) {
            fprintf(f, "XMM%d differs\n", i);
            n++;
        }
    }
    return n;
}
