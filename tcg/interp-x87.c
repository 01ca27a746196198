/*
 * The interpreter's forms of the host x87 ops (tcg/x87.h): the front end's
 * stub runs the very instruction, so they do exactly what the compiled code
 * does. The stubs touch only the x87 unit, [rdi] and (fnstsw ax) eax; the
 * call happens below the red zone, which the compiler may be using.
 */
#include <stdint.h>

#include "tcg/x87.h"

/* Run stub with rdi = mem and the arithmetic flags `flags`; the flags and
 * eax after it. */
static uint64_t x87_call(const void *stub, void *mem, uint64_t flags, uint32_t *eax)
{
    uint64_t fl = (flags & 0x8d5) | 0x202;
    uint64_t ax = 0;

    __asm__ volatile("sub $128, %%rsp\n\t"
                     "push %[fl]\n\t"
                     "popfq\n\t"
                     "call *%[stub]\n\t"
                     "pushfq\n\t"
                     "pop %[fl]\n\t"
                     "add $128, %%rsp"
                     : [fl] "+&r"(fl), "+a"(ax), "+D"(mem)
                     : [stub] "r"(stub)
                     : "memory", "cc");
    if (eax) {
        *eax = (uint32_t)ax;
    }
    return fl;
}

void tcg_interp_x87(const void *stub, void *mem)
{
    x87_call(stub, mem, 0, NULL);
}

uint32_t tcg_interp_x87_r(uint32_t insn, const void *stub)
{
    uint32_t ax;
    uint64_t fl = x87_call(stub, NULL, 0, &ax);

    return (insn & 0xffff) == TCG_X87_FNSTSW_AX ? ax & 0xffff : (uint32_t)fl & 0x8d5;
}

void tcg_interp_x87_cmov(const void *stub, uint32_t c)
{
    x87_call(stub, NULL, c ? 0 : 0x40, NULL);      /* fcmovne: moves when ZF = 0 */
}
