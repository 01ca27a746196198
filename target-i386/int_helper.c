/*
 * i386 integer helpers: DIV/IDIV (#DE), rotates through and without carry,
 * SHLD/SHRD and the BCD adjustments (SDM vol. 2). Flags they define go into
 * env as CC_OP_EFLAGS; undefined ones follow what Intel cores produce.
 */
#include "target-i386/cpu-internal.h"
#include "target-i386/helper-proto.h"

static uint32_t x86_eflags_arith(CPUX86State *env)
{
    return x86_cc_compute_all(env->cc_op, env->cc_dst, env->cc_src, env->cc_src2);
}

static void x86_set_arith(CPUX86State *env, uint32_t f)
{
    env->cc_src = f & CC_ARITH_MASK;
    env->cc_op = CC_OP_EFLAGS;
}

static _Noreturn void x86_raise_de(CPUX86State *env, uintptr_t ra)
{
    cpu_raise_exception(x86_env_cpu(env), EXCP00_DIVZ, 0, ra);
}

void helper_div(CPUX86State *env, uint32_t ot, uint32_t divisor)
{
    uint64_t num, q, r;

    if (divisor == 0) {
        x86_raise_de(env, GETPC());
    }
    switch (ot) {
    case MO_8:
        num = env->regs[R_EAX] & 0xffff;
        q = num / divisor;
        r = num % divisor;
        if (q > 0xff) {
            x86_raise_de(env, GETPC());
        }
        env->regs[R_EAX] = (env->regs[R_EAX] & ~0xffffu) | (uint32_t)(r << 8) | (uint32_t)q;
        break;
    case MO_16:
        num = (env->regs[R_EDX] & 0xffff) << 16 | (env->regs[R_EAX] & 0xffff);
        q = num / divisor;
        r = num % divisor;
        if (q > 0xffff) {
            x86_raise_de(env, GETPC());
        }
        env->regs[R_EAX] = (env->regs[R_EAX] & ~0xffffu) | (uint32_t)q;
        env->regs[R_EDX] = (env->regs[R_EDX] & ~0xffffu) | (uint32_t)r;
        break;
    default:
        num = (uint64_t)env->regs[R_EDX] << 32 | env->regs[R_EAX];
        q = num / divisor;
        r = num % divisor;
        if (q > 0xffffffffu) {
            x86_raise_de(env, GETPC());
        }
        env->regs[R_EAX] = q;
        env->regs[R_EDX] = r;
        break;
    }
}

void helper_idiv(CPUX86State *env, uint32_t ot, uint32_t divisor)
{
    int64_t num, d, q, r;

    switch (ot) {
    case MO_8:
        num = (int16_t)env->regs[R_EAX];
        d = (int8_t)divisor;
        break;
    case MO_16:
        num = (int32_t)((env->regs[R_EDX] & 0xffff) << 16 | (env->regs[R_EAX] & 0xffff));
        d = (int16_t)divisor;
        break;
    default:
        num = (int64_t)((uint64_t)env->regs[R_EDX] << 32 | env->regs[R_EAX]);
        d = (int32_t)divisor;
        break;
    }
    if (d == 0 || (d == -1 && num == INT64_MIN)) {
        x86_raise_de(env, GETPC());
    }
    q = num / d;
    r = num % d;
    switch (ot) {
    case MO_8:
        if (q != (int8_t)q) {
            x86_raise_de(env, GETPC());
        }
        env->regs[R_EAX] = (env->regs[R_EAX] & ~0xffffu) | (uint32_t)(r & 0xff) << 8 |
                           (uint32_t)(q & 0xff);
        break;
    case MO_16:
        if (q != (int16_t)q) {
            x86_raise_de(env, GETPC());
        }
        env->regs[R_EAX] = (env->regs[R_EAX] & ~0xffffu) | (uint32_t)(q & 0xffff);
        env->regs[R_EDX] = (env->regs[R_EDX] & ~0xffffu) | (uint32_t)(r & 0xffff);
        break;
    default:
        if (q != (int32_t)q) {
            x86_raise_de(env, GETPC());
        }
        env->regs[R_EAX] = q;
        env->regs[R_EDX] = r;
        break;
    }
}

/*
 * rol/ror/rcl/rcr: op (SH_ROL..SH_RCR) | size << 4. A count of zero (after
 * masking to 5 bits) changes nothing, nor does an rcl/rcr count that is a
 * multiple of the width plus one. OF is defined for counts of 1 only; Intel
 * cores give, for any count, the OF of a one-bit rotate of the operand, except
 * rol/ror of a register by an immediate count above 1 (X86_ROT_KEEP_OF), which
 * keep OF.
 */
uint32_t helper_rotate(CPUX86State *env, uint32_t arg, uint32_t val, uint32_t count)
{
    int op = arg & 15;
    int bits = 8 << ((arg >> 4) & 3);
    uint64_t mask = (1ull << bits) - 1;
    uint32_t sign = 1u << (bits - 1);
    uint32_t f = x86_eflags_arith(env);
    uint32_t cf = f & CC_C;
    uint64_t v = val & mask;
    uint64_t res;
    bool of;
    int n;

    count &= 31;
    x86_set_arith(env, f);      /* the translator assumes CC_OP_EFLAGS after */
    if (count == 0) {
        return val;
    }
    switch (op) {
    case SH_ROL:
        n = count % bits;
        res = ((v << n) | (v >> ((bits - n) % bits))) & mask;
        cf = res & 1;
        of = ((v ^ (v << 1)) & sign) != 0;
        break;
    case SH_ROR:
        n = count % bits;
        res = ((v >> n) | (v << ((bits - n) % bits))) & mask;
        cf = (res & sign) != 0;
        of = ((v & 1) != 0) ^ ((v & sign) != 0);
        break;
    case SH_RCL:
        n = count % (bits + 1);
        if (n == 0) {
            return val;
        }
        res = v;
        for (int i = 0; i < n; i++) {
            uint32_t out = (res & sign) != 0;
            res = ((res << 1) | cf) & mask;
            cf = out;
        }
        of = ((v ^ (v << 1)) & sign) != 0;
        break;
    default:
        n = count % (bits + 1);
        if (n == 0) {
            return val;
        }
        res = v;
        of = ((v & sign) != 0) ^ cf;
        for (int i = 0; i < n; i++) {
            uint32_t out = res & 1;
            res = (res >> 1) | ((uint64_t)cf << (bits - 1));
            cf = out;
        }
        break;
    }
    if (arg & X86_ROT_KEEP_OF) {
        of = f & CC_O;
    }
    f = (f & ~(CC_C | CC_O)) | (cf ? CC_C : 0) | (of ? CC_O : 0);
    x86_set_arith(env, f);
    return res;
}

/*
 * shld (arg bit 4 clear) / shrd (set), size in bits 0-1. Counts are masked
 * to 5 bits; a 16-bit count above 16 shifts through dst:src:dst as Intel
 * cores do.
 */
uint32_t helper_shiftd(CPUX86State *env, uint32_t arg, uint32_t dst, uint32_t src,
                       uint32_t count)
{
    int bits = 8 << (arg & 3);
    bool right = arg & 16;
    uint32_t sign = 1u << (bits - 1);
    uint64_t mask = (1ull << bits) - 1;
    uint32_t f = x86_eflags_arith(env);
    uint64_t res, cf;
    bool of;

    count &= 31;
    x86_set_arith(env, f);      /* the translator assumes CC_OP_EFLAGS after */
    if (count == 0) {
        return dst;
    }
    dst &= mask;
    src &= mask;
    if (bits == 16) {
        /* Counts above 16 shift in the destination again: dst:src:dst. */
        if (right) {
            uint64_t t = (uint64_t)dst | (uint64_t)src << 16 | (uint64_t)dst << 32;
            res = (t >> count) & mask;
            cf = (t >> (count - 1)) & 1;
        } else {
            uint64_t t = (uint64_t)dst << 32 | (uint64_t)src << 16 | dst;
            res = (t >> (32 - count)) & mask;
            cf = (t >> (48 - count)) & 1;
        }
    } else if (right) {
        uint64_t t = (uint64_t)src << 32 | dst;
        res = (t >> count) & mask;
        cf = (t >> (count - 1)) & 1;
    } else {
        uint64_t t = (uint64_t)dst << 32 | src;
        res = (t << count) >> 32 & mask;
        cf = (t >> (64 - count)) & 1;
    }
    /* OF as for a one-bit shift, whatever the count (Intel behaviour). */
    of = right ? ((dst & sign) != 0) ^ (src & 1) : ((dst ^ (dst << 1)) & sign) != 0;
    f = x86_cc_szp(res, 1u << (bits - 1)) | (cf ? CC_C : 0) | (of ? CC_O : 0);
    x86_set_arith(env, f);
    return res;
}

/* daa das aaa aas aam aad (SDM vol. 2A); arg = X86_BCD_* | imm << 8. */
void helper_bcd(CPUX86State *env, uint32_t arg)
{
    uint32_t f = x86_eflags_arith(env);
    uint32_t eax = env->regs[R_EAX];
    uint32_t al = eax & 0xff, ah = (eax >> 8) & 0xff;
    uint32_t imm = arg >> 8;
    bool cf = f & CC_C, af = f & CC_A;
    uint32_t old_al = al;

    switch (arg & 0xff) {
    case X86_BCD_DAA:
    case X86_BCD_DAS: {
        bool sub = (arg & 0xff) == X86_BCD_DAS;
        bool ncf = false;
        if ((al & 0xf) > 9 || af) {
            ncf = cf || (sub ? al < 6 : al > 0xf9);
            al = (sub ? al - 6 : al + 6) & 0xff;
            af = true;
        } else {
            af = false;
        }
        if (old_al > 0x99 || cf) {
            al = (sub ? al - 0x60 : al + 0x60) & 0xff;
            ncf = true;
        }
        /* OF is undefined; Intel cores clear it. */
        f = x86_cc_szp(al, 0x80) | (ncf ? CC_C : 0) | (af ? CC_A : 0);
        eax = (eax & ~0xffu) | al;
        break;
    }
    case X86_BCD_AAA:
    case X86_BCD_AAS: {
        bool sub = (arg & 0xff) == X86_BCD_AAS;
        uint32_t ax = eax & 0xffff;
        if ((al & 0xf) > 9 || af) {
            ax = (sub ? ax - 0x106 : ax + 0x106) & 0xffff;
            af = cf = true;
        } else {
            af = cf = false;
        }
        ax &= 0xff0f;
        /* SF ZF PF (undefined) follow the final AL on Intel cores. */
        f = x86_cc_szp(ax & 0xff, 0x80) | (cf ? CC_C : 0) | (af ? CC_A : 0);
        eax = (eax & ~0xffffu) | ax;
        break;
    }
    case X86_BCD_AAM:
        if (imm == 0) {
            x86_raise_de(env, GETPC());
        }
        ah = al / imm;
        al = al % imm;
        eax = (eax & ~0xffffu) | ah << 8 | al;
        f = x86_cc_szp(al, 0x80);
        break;
    default:
        /* The flags are those of the 8-bit addition AL + AH * imm. */
        f = x86_cc_compute_all(CC_OP_ADDB, al + ((ah * imm) & 0xff), (ah * imm) & 0xff, 0);
        al = (al + ah * imm) & 0xff;
        eax = (eax & ~0xffffu) | al;
        break;
    }
    env->regs[R_EAX] = eax;
    x86_set_arith(env, f);
}
