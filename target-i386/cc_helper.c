/*
 * Lazy condition codes of the i386 (SDM vol. 1, 3.4.3.1; see cpu.h for what
 * cc_dst/cc_src/cc_src2 hold per CCOp). Where the SDM leaves a flag undefined
 * we produce what the P6-and-later Intel cores produce.
 */
#include "target-i386/helper-proto.h"

uint32_t x86_cc_szp(uint32_t res, uint32_t sign)
{
    uint32_t f = 0;

    if ((res & (sign | (sign - 1))) == 0) {
        f |= CC_Z;
    }
    if (res & sign) {
        f |= CC_S;
    }
    if (!__builtin_parity(res & 0xff)) {
        f |= CC_P;
    }
    return f;
}

static uint32_t cc_add(uint32_t dst, uint32_t src, uint32_t cin, uint32_t sign)
{
    uint32_t mask = sign | (sign - 1);
    uint32_t src1 = dst - src - cin;
    uint32_t res = dst & mask;
    uint32_t f = x86_cc_szp(dst, sign);
    bool cf = cin ? res <= (src1 & mask) : res < (src1 & mask);

    f |= cf ? CC_C : 0;
    f |= (res ^ src ^ src1) & CC_A;
    if (~(src1 ^ src) & (src1 ^ res) & sign) {
        f |= CC_O;
    }
    return f;
}

static uint32_t cc_sub(uint32_t dst, uint32_t src, uint32_t bin, uint32_t sign)
{
    uint32_t mask = sign | (sign - 1);
    uint32_t src1 = (dst + src + bin) & mask;
    uint32_t f = x86_cc_szp(dst, sign);
    bool cf = bin ? src1 <= (src & mask) : src1 < (src & mask);

    f |= cf ? CC_C : 0;
    f |= (dst ^ src ^ src1) & CC_A;
    if ((src1 ^ src) & (src1 ^ dst) & sign) {
        f |= CC_O;
    }
    return f;
}

static const uint32_t cc_sign_bit[3] = { 0x80, 0x8000, 0x80000000u };

uint32_t x86_cc_compute_all(uint32_t cc_op, uint32_t dst, uint32_t src, uint32_t src2)
{
    uint32_t sign;
    uint32_t f;

    if (cc_op == CC_OP_EFLAGS || cc_op < CC_OP_ADDB || cc_op >= CC_OP_NB) {
        return src & CC_ARITH_MASK;
    }
    sign = cc_sign_bit[(cc_op - CC_OP_ADDB) % 3];
    switch ((cc_op - CC_OP_ADDB) / 3 * 3 + CC_OP_ADDB) {
    case CC_OP_ADDB:
        return cc_add(dst, src, 0, sign);
    case CC_OP_ADCB:
        return cc_add(dst, src, src2 & 1, sign);
    case CC_OP_SUBB:
        return cc_sub(dst, src, 0, sign);
    case CC_OP_SBBB:
        return cc_sub(dst, src, src2 & 1, sign);
    case CC_OP_LOGICB:
        return x86_cc_szp(dst, sign);
    case CC_OP_INCB:
        f = x86_cc_szp(dst, sign) | (src & CC_C) | ((dst ^ (dst - 1) ^ 1) & CC_A);
        return f | ((dst & (sign | (sign - 1))) == sign ? CC_O : 0);
    case CC_OP_DECB:
        f = x86_cc_szp(dst, sign) | (src & CC_C) | ((dst ^ (dst + 1) ^ 1) & CC_A);
        return f | ((dst & (sign | (sign - 1))) == sign - 1 ? CC_O : 0);
    case CC_OP_SHLB:
        /* OF (defined for count 1) is that of a one-bit shift for any count. */
        f = x86_cc_szp(dst, sign) | ((src & sign) ? CC_C : 0);
        return f | (((src2 ^ (src2 << 1)) & sign) ? CC_O : 0);
    case CC_OP_SARB:
    case CC_OP_SHRB:
        f = x86_cc_szp(dst, sign) | (src & CC_C);
        return f | (((src2 ^ dst) & sign) ? CC_O : 0);
    case CC_OP_MULB:
    case CC_OP_IMULB:
        /* SF and PF from the low half; ZF and AF are left clear. */
        f = x86_cc_szp(dst, sign) & ~CC_Z;
        return f | (src ? CC_C | CC_O : 0);
    case CC_OP_BSFB:
        /* ZF from the source; PF from the result (set for a zero source). */
        if (!(src & (sign | (sign - 1)))) {
            return CC_Z | CC_P;
        }
        return x86_cc_szp(dst, 0x80) & CC_P;
    }
    return 0;
}

uint32_t helper_cc_compute_all(uint32_t cc_op, uint32_t dst, uint32_t src, uint32_t src2)
{
    return x86_cc_compute_all(cc_op, dst, src, src2);
}

uint32_t helper_cc_compute_c(uint32_t cc_op, uint32_t dst, uint32_t src, uint32_t src2)
{
    return x86_cc_compute_all(cc_op, dst, src, src2) & CC_C;
}
