/*
 * Which x87 instructions may take the fast path of helper_x87 and what they
 * touch (operand depth on the stack, push, condition bits): a table of the
 * SDM's D8..DF instructions, shared by the translator and the unit tests.
 */
#include <stdbool.h>

#include "target-i386/fpu-op.h"

static uint32_t x87_fast(unsigned depth, bool push, unsigned cdef)
{
    return X87_OP_FAST | depth << X87_OP_DEPTH_SHIFT | (push ? X87_OP_PUSH : 0) |
           cdef << X87_OP_CDEF_SHIFT;
}

/* Memory forms that may take the fast path: loads, stores, arithmetic. */
static uint32_t x87_fast_mem(int b, int reg)
{
    bool cmp = reg == 2 || reg == 3;

    switch (b) {
    case 0xd8: case 0xda: case 0xdc: case 0xde:
        return x87_fast(1, false, cmp ? X87_CDEF_ALL : X87_CDEF_NONE);
    case 0xd9:
        return reg == 0 ? x87_fast(0, true, 0) : cmp ? x87_fast(1, false, 0) : 0;
    case 0xdb:
        return (reg == 0 || reg == 5) ? x87_fast(0, true, 0) :
               (reg <= 3 || reg == 7) ? x87_fast(1, false, 0) : 0;
    case 0xdd:
        return reg == 0 ? x87_fast(0, true, 0) : reg <= 3 ? x87_fast(1, false, 0) : 0;
    case 0xdf:
        return (reg == 0 || reg == 4 || reg == 5) ? x87_fast(0, true, 0) : x87_fast(1, false, 0);
    }
    return 0;
}

/*
 * D9 E0-FF: the operations on ST(0) (and ST(1)), constants. Not fprem and
 * fprem1: while partial they keep C0 C1 C3, which the host stack lacks.
 */
static uint32_t x87_fast_d9(int modrm)
{
    switch (modrm) {
    case 0xe0: case 0xe1: case 0xf0: case 0xfa: case 0xfc:   /* fchs fabs f2xm1 fsqrt frndint */
        return x87_fast(1, false, X87_CDEF_NONE);
    case 0xe4: case 0xe5:                                   /* ftst fxam */
        return x87_fast(1, false, X87_CDEF_ALL);
    case 0xe8: case 0xe9: case 0xea: case 0xeb: case 0xec: case 0xed: case 0xee:
        return x87_fast(0, true, X87_CDEF_NONE);            /* fld1 ... fldz */
    case 0xf1: case 0xf3: case 0xf9: case 0xfd:             /* fyl2x fpatan fyl2xp1 fscale */
        return x87_fast(2, false, X87_CDEF_NONE);
    case 0xf4:                                              /* fxtract */
        return x87_fast(1, true, X87_CDEF_NONE);
    case 0xf2: case 0xfb:                                   /* fptan fsincos */
        return x87_fast(1, true, X87_CDEF_C2);
    case 0xfe: case 0xff:                                   /* fsin fcos */
        return x87_fast(1, false, X87_CDEF_C2);
    }
    return 0;
}

/* Register forms that may take the fast path (i = ModRM.rm). */
static uint32_t x87_fast_reg(int b, int modrm)
{
    int reg = (modrm >> 3) & 7, i = modrm & 7;

    switch (b) {
    case 0xd8: case 0xdc:
        return x87_fast(i + 1, false, (reg == 2 || reg == 3) ? X87_CDEF_ALL : X87_CDEF_NONE);
    case 0xde:
        /* Not the op-and-pop into ST(0): the popped register keeps the result,
         * which the host stack cannot give back. */
        if (i == 0 && reg != 2) {
            return 0;
        }
        return x87_fast(i + 1, false, (reg == 2 || modrm == 0xd9) ? X87_CDEF_ALL : 0);
    case 0xd9:
        return reg == 0 ? x87_fast(i + 1, true, 0) : reg == 1 ? x87_fast(i + 1, false, 0) :
               reg >= 4 ? x87_fast_d9(modrm) : 0;
    case 0xda:
        return modrm == 0xe9 ? x87_fast(2, false, X87_CDEF_ALL) : 0;    /* fucompp */
    case 0xdb:                      /* fucomi fcomi */
        return (modrm >= 0xe8 && modrm <= 0xf7) ? x87_fast(i + 1, false, X87_CDEF_KEEP) : 0;
    case 0xdd:                      /* fxch4 fst fstp fucom fucomp */
        return (reg >= 1 && reg <= 5) ? x87_fast(i + 1, false, reg >= 4 ? X87_CDEF_ALL : 0) : 0;
    case 0xdf:                      /* fxch7 fstp8 fstp9; fucomip fcomip */
        return (reg == 1 || reg == 2 || reg == 3) ? x87_fast(i + 1, false, 0) :
               (reg == 5 || reg == 6) ? x87_fast(i + 1, false, X87_CDEF_KEEP) : 0;
    }
    return 0;
}

/*
 * Register forms that are #UD on the CPU (checked on the host by executing
 * every D8..DF C0..FF encoding); everything else, including the
 * undocumented aliases (fstp1, fxch4, fcom2, ffreep...), is valid.
 */
bool x87_reg_form_valid(int b, int modrm)
{
    switch (b) {
    case 0xd9:
        return !((modrm >= 0xd1 && modrm <= 0xd7) || modrm == 0xe2 || modrm == 0xe3 ||
                 modrm == 0xe6 || modrm == 0xe7 || modrm == 0xef);
    case 0xda:
        return modrm < 0xe0 || modrm == 0xe9;
    case 0xdb:
        return !((modrm >= 0xe5 && modrm <= 0xe7) || modrm >= 0xf8);
    case 0xdd:
        return modrm < 0xf0;
    case 0xde:
        return !(modrm == 0xd8 || (modrm >= 0xda && modrm <= 0xdf));
    case 0xdf:
        return !((modrm >= 0xe1 && modrm <= 0xe7) || modrm >= 0xf8);
    default:
        return true;
    }
}

uint32_t x87_fast_class(int b, int modrm)
{
    if ((modrm >> 6) != 3) {
        return x87_fast_mem(b, (modrm >> 3) & 7);
    }
    return x87_fast_reg(b, modrm);
}
