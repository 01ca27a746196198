/*
 * x87, MMX and SSE register state of the i386 CPU (Intel SDM vol. 1, ch. 8-11),
 * kept exactly in the 32-bit FXSAVE image layout (SDM vol. 2, FXSAVE, table 3-53)
 * so the host CPU can load and store it. Embedded in CPUX86State as `fpu`.
 */
#ifndef TARGET_I386_FPU_STATE_H
#define TARGET_I386_FPU_STATE_H

#include <stdint.h>

typedef union X86XMMReg {
    uint8_t b[16];
    uint16_t w[8];
    uint32_t l[4];
    uint64_t q[2];
    float s[4];
    double d[2];
} X86XMMReg;

/* One x87 register slot of the image: 80-bit value, 6 bytes padding. */
typedef union X87Reg {
    struct {
        uint64_t mant;          /* significand; the MMX register */
        uint16_t sexp;          /* sign and exponent; 0xffff after an MMX write */
    };
    uint8_t raw[16];
} X87Reg;

typedef struct X86FPUState {
    uint16_t fcw;               /* control word */
    uint16_t fsw;               /* status word, TOP in bits 11-13 */
    uint8_t ftw;                /* abridged tags: bit i = physical register i in use */
    uint8_t rsvd0;
    uint16_t fop;               /* last non-control opcode, 11 bits */
    uint32_t fip;               /* last non-control instruction: offset, selector */
    uint16_t fcs;
    uint16_t rsvd1;
    uint32_t fdp;               /* its memory operand: offset, selector */
    uint16_t fds;
    uint16_t rsvd2;
    uint32_t mxcsr;
    uint32_t mxcsr_mask;
    X87Reg st[8];               /* ST(0)..ST(7), in stack order (not physical) */
    X86XMMReg xmm[8];
    uint8_t rsvd3[208];
    X86XMMReg scratch;          /* emu's: memory operands of inline SSE ops */
} X86FPUState;

_Static_assert(sizeof(X86FPUState) == 512, "X86FPUState must be an FXSAVE image");

#define X86_FSW_TOP_SHIFT 11
#define X86_FSW_ES 0x0080
#define X86_MXCSR_RESET 0x1f80
/* MXCSR bits this CPU implements (FXSAVE's MXCSR_MASK): flags, masks, RC, FZ, DAZ. */
#define X86_MXCSR_MASK 0xffff

#endif
