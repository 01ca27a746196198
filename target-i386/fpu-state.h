/*
 * x87, MMX and SSE register state of the i386 CPU (Intel SDM vol. 1, ch. 8-11).
 * Embedded in CPUX86State as `fpu`; owned by the x87/SSE part of the front end.
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

typedef struct X86FPUState {
    /* x87 data registers in physical order, 80-bit values in 16-byte slots
     * (the host's long double layout); MMX registers alias their low 64 bits. */
    union {
        long double f;
        uint64_t mmx;
        uint8_t raw[16];
    } st[8];
    uint32_t top;       /* TOP field of the status word, kept apart */
    uint16_t fsw;       /* status word without TOP */
    uint16_t fcw;       /* control word */
    uint8_t tag_empty[8];   /* 1 = empty, by physical register */
    uint32_t fip, fdp;  /* last instruction / data pointers */
    uint16_t fcs, fds, fop;
    X86XMMReg xmm[8];
    uint32_t mxcsr;
} X86FPUState;

#endif
