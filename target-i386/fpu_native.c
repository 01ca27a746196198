/*
 * Host execution of guest x87/MMX/SSE instructions: tables of one-instruction
 * stubs assembled at build time (same encodings in 64-bit mode, registers
 * renumbered, memory operand [rdi]) and the glue that loads the guest state
 * into the host unit, calls a stub and stores the state back.
 */
#include <stddef.h>
#include <string.h>

#include "target-i386/fpu-native.h"

/*
 * x87: 8 opcodes x 256 ModRM, 4 bytes each; memory forms use [rdi] with the
 * guest's reg field. o16: 66-prefixed fldenv, fnstenv, frstor, fnsave.
 * SSE: 4 prefixes x 256 opcodes x {reg (ModRM c1), mem ([rdi])}, 8 bytes each.
 */
__asm__(
    "    .pushsection .text.x86_fpu_stubs, \"ax\", @progbits\n"
    "    .balign 64\n"
    "x86_x87_stubs:\n"
    "    .irp op, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf\n"
    "    .set .Lxm, 0\n"
    "    .rept 256\n"
    "    .ifge .Lxm - 0xc0\n"
    "    .byte \\op, .Lxm, 0xc3, 0xcc\n"
    "    .else\n"
    "    .byte \\op, (.Lxm & 0x38) | 7, 0xc3, 0xcc\n"
    "    .endif\n"
    "    .set .Lxm, .Lxm + 1\n"
    "    .endr\n"
    "    .endr\n"
    "x86_x87_o16_stubs:\n"
    "    .byte 0x66, 0xd9, 0x27, 0xc3\n"
    "    .byte 0x66, 0xd9, 0x37, 0xc3\n"
    "    .byte 0x66, 0xdd, 0x27, 0xc3\n"
    "    .byte 0x66, 0xdd, 0x37, 0xc3\n"
    "    .balign 64\n"
    "x86_sse_stubs:\n"
    "    .irp pfx, 0, 0x66, 0xf3, 0xf2\n"
    "    .set .Lso, 0\n"
    "    .rept 256\n"
    "    .if \\pfx\n"
    "    .byte \\pfx\n"
    "    .endif\n"
    "    .byte 0x0f, .Lso, 0xc1, 0xc3\n"
    "    .balign 8, 0xcc\n"
    "    .if \\pfx\n"
    "    .byte \\pfx\n"
    "    .endif\n"
    "    .byte 0x0f, .Lso, 0x07, 0xc3\n"
    "    .balign 8, 0xcc\n"
    "    .set .Lso, .Lso + 1\n"
    "    .endr\n"
    "    .endr\n"
    "x86_sse38_stubs:\n"
    "    .irp pfx, 0, 0x66\n"
    "    .set .Lso, 0\n"
    "    .rept 256\n"
    "    .if \\pfx\n"
    "    .byte \\pfx\n"
    "    .endif\n"
    "    .byte 0x0f, 0x38, .Lso, 0xc1, 0xc3\n"
    "    .balign 8, 0xcc\n"
    "    .if \\pfx\n"
    "    .byte \\pfx\n"
    "    .endif\n"
    "    .byte 0x0f, 0x38, .Lso, 0x07, 0xc3\n"
    "    .balign 8, 0xcc\n"
    "    .set .Lso, .Lso + 1\n"
    "    .endr\n"
    "    .endr\n"
    "x86_sse_cmp_stubs:\n"
    "    .irp pfx, 0, 0x66, 0xf3, 0xf2\n"
    "    .set .Lso, 0\n"
    "    .rept 8\n"
    "    .if \\pfx\n"
    "    .byte \\pfx\n"
    "    .endif\n"
    "    .byte 0x0f, 0xc2, 0xc1, .Lso, 0xc3\n"
    "    .balign 8, 0xcc\n"
    "    .if \\pfx\n"
    "    .byte \\pfx\n"
    "    .endif\n"
    "    .byte 0x0f, 0xc2, 0x07, .Lso, 0xc3\n"
    "    .balign 8, 0xcc\n"
    "    .set .Lso, .Lso + 1\n"
    "    .endr\n"
    "    .endr\n"
    "    .popsection\n");

extern const uint8_t x86_x87_stubs[], x86_x87_o16_stubs[], x86_sse_stubs[];
extern const uint8_t x86_sse38_stubs[], x86_sse_cmp_stubs[];

const void *x86_x87_stub(unsigned b, unsigned modrm)
{
    return x86_x87_stubs + ((((b & 7) << 8) | (modrm & 0xff)) << 2);
}

const void *x86_x87_o16_stub(unsigned b, unsigned reg)
{
    return x86_x87_o16_stubs + (((b == 0xdd) << 1 | (reg == 6)) << 2);
}

const void *x86_sse_stub(unsigned pfx, unsigned op, bool mem)
{
    return x86_sse_stubs + ((((pfx & 3) << 8 | (op & 0xff)) << 4) | (mem << 3));
}

const void *x86_sse38_stub(unsigned pfx, unsigned op, bool mem)
{
    return x86_sse38_stubs + ((((pfx & 1) << 8 | (op & 0xff)) << 4) | (mem << 3));
}

const void *x86_sse_cmp_stub(unsigned pfx, unsigned imm, bool mem)
{
    return x86_sse_cmp_stubs + ((((pfx & 3) << 3 | (imm & 7)) << 4) | (mem << 3));
}

/* XSAVE area, standard format: legacy FXSAVE region then the 64-byte header. */
typedef struct __attribute__((aligned(64))) X86XSaveArea {
    X86FPUState legacy;
    uint64_t xstate_bv;
    uint64_t xcomp_bv;
    uint64_t rsvd[6];
} X86XSaveArea;

/* x87 component only (XSAVE/XRSTOR with RFBM = 1): FCW..FDS and ST0-7. */
#define X87_IMAGE_BYTES offsetof(X86FPUState, xmm)

static void x87_area_init(X86XSaveArea *area, const X86FPUState *fpu)
{
    memcpy(&area->legacy, fpu, X87_IMAGE_BYTES);
    area->xstate_bv = 1;
    area->xcomp_bv = 0;
    memset(area->rsvd, 0, sizeof(area->rsvd));
}

void x86_native_x87_load(const X86FPUState *fpu)
{
    X86XSaveArea area;

    x87_area_init(&area, fpu);
    __asm__ volatile("xrstor %0" : : "m"(area), "a"(1), "d"(0) : "memory");
}

void x86_native_x87(X86FPUState *fpu, const void *stub, void *mem, uint32_t *eax,
                    uint32_t *eflags)
{
    X86XSaveArea area;
    uint32_t mask = 1;
    uint64_t fl = (*eflags & 0x8d5) | 0x202;
    uint32_t ax = *eax;

    x87_area_init(&area, fpu);
    /* The host's x87 is empty with FCW 0x37f between helpers (ABI), so it
     * needs no saving; fninit puts it back that way. Stubs touch only the
     * x87 unit, eax, the flags and [rdi]; the red zone is skipped. */
    __asm__ volatile(
        "xrstor %[area]\n\t"
        "mov %[ax], %%eax\n\t"
        "sub $128, %%rsp\n\t"
        "push %[fl]\n\t"
        "popfq\n\t"
        "call *%[stub]\n\t"
        "pushfq\n\t"
        "pop %[fl]\n\t"
        "add $128, %%rsp\n\t"
        "mov %%eax, %[ax]\n\t"
        "mov $1, %%eax\n\t"
        "xsave %[area]\n\t"
        "fninit\n\t"
        : [area] "+m"(area), [fl] "+r"(fl), [ax] "+r"(ax), "+a"(mask)
        : "d"(0), [stub] "r"(stub), "D"(mem)
        : "memory", "cc");
    memcpy(fpu, &area.legacy, X87_IMAGE_BYTES);
    *eax = ax;
    *eflags = (uint32_t)fl;
}

_Static_assert(offsetof(X86NativeSSE, mm) == 32 && offsetof(X86NativeSSE, gpr) == 48 &&
               offsetof(X86NativeSSE, eflags) == 56 && offsetof(X86NativeSSE, mxcsr) == 60,
               "the asm below uses these offsets");

/*
 * Loading MXCSR is slow on some hosts (tens of ns around a stmxcsr), so it is
 * only done when the guest's control bits differ from the host's.
 */
#define SSE_LOAD \
    "movdqu 0(%[r]), %%xmm0\n\t" \
    "movdqu 16(%[r]), %%xmm1\n\t" \
    "mov 48(%[r]), %%eax\n\t" \
    "mov 52(%[r]), %%ecx\n\t"
#define SSE_CALL \
    "sub $128, %%rsp\n\t" \
    "call *%[stub]\n\t" \
    "pushfq\n\t" \
    "popq %%rdx\n\t" \
    "add $128, %%rsp\n\t"
#define SSE_SAVE \
    "mov %%edx, 56(%[r])\n\t" \
    "movdqu %%xmm0, 0(%[r])\n\t" \
    "movdqu %%xmm1, 16(%[r])\n\t" \
    "mov %%eax, 48(%[r])\n\t" \
    "mov %%ecx, 52(%[r])\n\t" \
    "stmxcsr 60(%[r])\n\t"

uint32_t x86_native_sse_xx(X86XMMReg *d, const void *src, const void *stub)
{
    uint32_t m;

    __asm__ volatile(
        "movdqu (%[d]), %%xmm0\n\t"
        "movdqu (%[s]), %%xmm1\n\t"
        "mov (%[s]), %%ecx\n\t"
        "sub $128, %%rsp\n\t"
        "call *%[stub]\n\t"
        "add $128, %%rsp\n\t"
        "movdqu %%xmm0, (%[d])\n\t"
        "stmxcsr %[m]\n\t"
        : [m] "=m"(m)
        : [d] "r"(d), [s] "r"(src), [stub] "r"(stub), "D"(src)
        : "rcx", "xmm0", "xmm1", "memory", "cc");
    return m;
}

void x86_native_sse(X86NativeSSE *r, const void *stub, void *mem, bool mmx, bool load_mxcsr)
{
    uint32_t host;

    if (load_mxcsr) {
        __asm__ volatile("stmxcsr %0\n\tldmxcsr %1" : "=m"(host) : "m"(r->mxcsr));
    }
    if (mmx) {
        __asm__ volatile(
            SSE_LOAD
            "movq 32(%[r]), %%mm0\n\t"
            "movq 40(%[r]), %%mm1\n\t"
            SSE_CALL
            "movq %%mm0, 32(%[r])\n\t"
            "movq %%mm1, 40(%[r])\n\t"
            "emms\n\t"
            SSE_SAVE
            :
            : [r] "S"(r), [stub] "b"(stub), "D"(mem)
            : "rax", "rcx", "rdx", "xmm0", "xmm1", "memory", "cc");
    } else {
        __asm__ volatile(
            SSE_LOAD
            SSE_CALL
            SSE_SAVE
            :
            : [r] "S"(r), [stub] "b"(stub), "D"(mem)
            : "rax", "rcx", "rdx", "xmm0", "xmm1", "memory", "cc");
    }
    if (load_mxcsr) {
        /* Back to the host's control bits, keeping only flags the guest has
         * too, so that the next instruction can take the fast path. */
        host = (host & ~0x3fu) | (host & r->mxcsr & 0x3f);
        __asm__ volatile("ldmxcsr %0" : : "m"(host));
    }
}
