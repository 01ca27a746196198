/*
 * The reference interpreter of the TCG IR: the executable form of tcg/README.
 * It runs a frozen block (TCGIR) op by op, reading and writing globals in env
 * directly, so guest state in memory is exact at every op. It is the oracle
 * the x86-64 backend is compared against (co-simulation, differential test).
 */
#include <string.h>

#include "tcg/fp.h"
#include "tcg/tcg-internal.h"
#include "tcg/x87.h"

typedef struct InterpState {
    const TCGIR *ir;
    const TCGInterpEnv *ie;
    uint64_t *vals;
} InterpState;

static uint64_t width_mask(TCGType type)
{
    return type == TCG_TYPE_I32 ? 0xffffffffull : ~0ull;
}

static uint64_t get(InterpState *st, TCGArg idx)
{
    const TCGIRTemp *t = &st->ir->temps[idx];
    char *p;

    switch (t->kind) {
    case TEMP_GLOBAL:
        p = (char *)st->ie->env + t->mem_offset;
        if (t->type == TCG_TYPE_I32) {
            uint32_t v;
            memcpy(&v, p, 4);
            return v;
        } else {
            uint64_t v;
            memcpy(&v, p, 8);
            return v;
        }
    case TEMP_CONST:
        return (uint64_t)t->val & width_mask(t->type);
    case TEMP_FIXED:
        return (uintptr_t)st->ie->env;
    default:
        return st->vals[idx];
    }
}

static void set(InterpState *st, TCGArg idx, uint64_t v)
{
    const TCGIRTemp *t = &st->ir->temps[idx];
    char *p;

    v &= width_mask(t->type);
    if (t->kind == TEMP_GLOBAL) {
        p = (char *)st->ie->env + t->mem_offset;
        if (t->type == TCG_TYPE_I32) {
            uint32_t v32 = v;
            memcpy(p, &v32, 4);
        } else {
            memcpy(p, &v, 8);
        }
    } else {
        st->vals[idx] = v;
    }
}

static int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

bool tcg_cond_eval(TCGType type, TCGCond c, uint64_t a, uint64_t b)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    int64_t sa = sext(a, w), sb = sext(b, w);

    a &= width_mask(type);
    b &= width_mask(type);
    switch (c) {
    case TCG_COND_NEVER:
        return false;
    case TCG_COND_ALWAYS:
        return true;
    case TCG_COND_EQ:
        return a == b;
    case TCG_COND_NE:
        return a != b;
    case TCG_COND_LT:
        return sa < sb;
    case TCG_COND_GE:
        return sa >= sb;
    case TCG_COND_LE:
        return sa <= sb;
    case TCG_COND_GT:
        return sa > sb;
    case TCG_COND_LTU:
        return a < b;
    case TCG_COND_GEU:
        return a >= b;
    case TCG_COND_LEU:
        return a <= b;
    case TCG_COND_GTU:
        return a > b;
    }
    return false;
}

static uint64_t bswap_n(uint64_t v, unsigned bytes)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < bytes; i++) {
        r = (r << 8) | ((v >> (8 * i)) & 0xff);
    }
    return r;
}

/*
 * The value of a binary or unary op (everything but control flow, memory,
 * double-word results and calls). Shared with the optimiser's folding.
 */
uint64_t tcg_fold_op(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b, uint64_t c0,
                     uint64_t c1)
{
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    uint64_t m = width_mask(type);
    int64_t sa = sext(a, w), sb = sext(b, w);
    uint64_t fm;

    /* The i64 -> i32 conversions read a full 64-bit input. */
    if (opc == INDEX_op_extrl_i64_i32) {
        return a & 0xffffffffull;
    }
    if (opc == INDEX_op_extrh_i64_i32) {
        return a >> 32;
    }
    a &= m;
    b &= m;
    switch (opc) {
    case INDEX_op_mov:
        return a;
    case INDEX_op_add:
        return (a + b) & m;
    case INDEX_op_sub:
        return (a - b) & m;
    case INDEX_op_neg:
        return -a & m;
    case INDEX_op_mul:
        return (a * b) & m;
    case INDEX_op_div:
        if (b == 0) {
            return 0;
        }
        if (sb == -1) {
            return -a & m;      /* MIN / -1 = MIN, no trap */
        }
        return (uint64_t)(sa / sb) & m;
    case INDEX_op_divu:
        return b ? a / b : 0;
    case INDEX_op_rem:
        if (b == 0) {
            return a;
        }
        if (sb == -1) {
            return 0;
        }
        return (uint64_t)(sa % sb) & m;
    case INDEX_op_remu:
        return b ? a % b : a;
    case INDEX_op_mulsh:
        if (w == 32) {
            return ((uint64_t)(sa * sb) >> 32) & m;
        }
        return (uint64_t)(((__int128)sa * sb) >> 64);
    case INDEX_op_muluh:
        if (w == 32) {
            return (a * b) >> 32;
        }
        return (uint64_t)(((unsigned __int128)a * b) >> 64);
    case INDEX_op_and:
        return a & b;
    case INDEX_op_or:
        return a | b;
    case INDEX_op_xor:
        return a ^ b;
    case INDEX_op_not:
        return ~a & m;
    case INDEX_op_andc:
        return a & ~b & m;
    case INDEX_op_orc:
        return (a | ~b) & m;
    case INDEX_op_eqv:
        return ~(a ^ b) & m;
    case INDEX_op_nand:
        return ~(a & b) & m;
    case INDEX_op_nor:
        return ~(a | b) & m;
    case INDEX_op_shl:
        return (a << (b & (w - 1))) & m;
    case INDEX_op_shr:
        return a >> (b & (w - 1));
    case INDEX_op_sar:
        return (uint64_t)(sa >> (b & (w - 1))) & m;
    case INDEX_op_rotl:
        b &= w - 1;
        return b ? ((a << b) | (a >> (w - b))) & m : a;
    case INDEX_op_rotr:
        b &= w - 1;
        return b ? ((a >> b) | (a << (w - b))) & m : a;
    case INDEX_op_ext8s:
        return (uint64_t)sext(a, 8) & m;
    case INDEX_op_ext8u:
        return a & 0xff;
    case INDEX_op_ext16s:
        return (uint64_t)sext(a, 16) & m;
    case INDEX_op_ext16u:
        return a & 0xffff;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        return (uint64_t)sext(a, 32);
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64:
        return a & 0xffffffffull;
    case INDEX_op_extract:
        return (a >> c0) & (~0ull >> (64 - c1));
    case INDEX_op_sextract:
        return (uint64_t)sext(a >> c0, c1) & m;
    case INDEX_op_deposit:
        fm = (~0ull >> (64 - c1)) << c0;
        return ((a & ~fm) | ((b << c0) & fm)) & m;
    case INDEX_op_bswap16:
        return bswap_n(a, 2);
    case INDEX_op_bswap32:
        return bswap_n(a, 4);
    case INDEX_op_bswap64:
        return bswap_n(a, 8);
    case INDEX_op_clz:
        return a ? (uint64_t)(__builtin_clzll(a) - (64 - w)) : b;
    case INDEX_op_ctz:
        return a ? (uint64_t)__builtin_ctzll(a) : b;
    case INDEX_op_ctpop:
        return __builtin_popcountll(a);
    default:
        return 0;
    }
}

static uint64_t interp_guest_ld(InterpState *st, uint64_t addr, MemOpIdx oi, TCGType type)
{
    const TCGInterpEnv *ie = st->ie;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t v = 0;

    if (!ie->user_mode) {
        v = ie->mem_ld(ie->cpu, (uint32_t)addr, oi, 0);
    } else {
        memcpy(&v, (void *)(ie->guest_base + (uint32_t)addr), size);
        if (mop & MO_BSWAP) {
            v = bswap_n(v, size);
        }
    }
    if ((mop & MO_SIGN) && size < 8) {
        v = (uint64_t)sext(v, size * 8);
    }
    return v & width_mask(type);
}

static void interp_guest_st(InterpState *st, uint64_t addr, uint64_t v, MemOpIdx oi)
{
    const TCGInterpEnv *ie = st->ie;
    MemOp mop = get_memop(oi);
    unsigned size = 1u << (mop & MO_SIZE);

    if (!ie->user_mode) {
        ie->mem_st(ie->cpu, (uint32_t)addr, v, oi, 0);
        return;
    }
    if (mop & MO_BSWAP) {
        v = bswap_n(v, size);
    }
    memcpy((void *)(ie->guest_base + (uint32_t)addr), &v, size);
}

static uint64_t interp_host_ld(TCGOpcode opc, TCGType type, const char *p)
{
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;

    switch (opc) {
    case INDEX_op_ld8u:
        memcpy(&u8, p, 1);
        return u8;
    case INDEX_op_ld8s:
        memcpy(&u8, p, 1);
        return (uint64_t)(int8_t)u8;
    case INDEX_op_ld16u:
        memcpy(&u16, p, 2);
        return u16;
    case INDEX_op_ld16s:
        memcpy(&u16, p, 2);
        return (uint64_t)(int16_t)u16;
    case INDEX_op_ld32u:
        memcpy(&u32, p, 4);
        return u32;
    case INDEX_op_ld32s:
        memcpy(&u32, p, 4);
        return (uint64_t)(int32_t)u32;
    default:
        if (type == TCG_TYPE_I32) {
            memcpy(&u32, p, 4);
            return u32;
        }
        memcpy(&u64, p, 8);
        return u64;
    }
}

static void interp_host_st(TCGOpcode opc, TCGType type, char *p, uint64_t v)
{
    unsigned size = opc == INDEX_op_st8 ? 1 : opc == INDEX_op_st16 ? 2
                    : opc == INDEX_op_st32 || type == TCG_TYPE_I32 ? 4 : 8;
    memcpy(p, &v, size);
}

typedef uint64_t (*HelperFn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

static void interp_call(InterpState *st, const TCGOp *op)
{
    const TCGHelperInfo *info = op_call_info(op);
    uint64_t a[TCG_HELPER_MAX_ARGS] = { 0 };
    uint64_t r;
    int i;

    for (i = 0; i < op->calli; i++) {
        a[i] = get(st, op->args[op->callo + i]);
    }
    r = ((HelperFn)info->func)(a[0], a[1], a[2], a[3], a[4], a[5]);
    if (op->callo) {
        set(st, op->args[0], (info->typemask & 7) == TCG_HTYPE_I32 ? (uint32_t)r : r);
    }
}

static void interp_double(InterpState *st, const TCGOp *op)
{
    TCGType type = op->type;
    unsigned w = type == TCG_TYPE_I32 ? 32 : 64;
    uint64_t m = width_mask(type);
    unsigned __int128 x, y, r;
    __int128 sr;

    switch (op->opc) {
    case INDEX_op_mulu2:
        r = (unsigned __int128)get(st, op->args[2]) * get(st, op->args[3]);
        break;
    case INDEX_op_muls2:
        sr = (__int128)sext(get(st, op->args[2]), w) * sext(get(st, op->args[3]), w);
        r = (unsigned __int128)sr;
        break;
    default:
        x = get(st, op->args[2]) | ((unsigned __int128)get(st, op->args[3]) << w);
        y = get(st, op->args[4]) | ((unsigned __int128)get(st, op->args[5]) << w);
        r = op->opc == INDEX_op_add2 ? x + y : x - y;
        break;
    }
    set(st, op->args[0], (uint64_t)r & m);
    set(st, op->args[1], (uint64_t)(r >> w) & m);
}

uintptr_t tcg_interp(const TCGIR *ir, const TCGInterpEnv *ie)
{
    uint64_t vals[ir->nb_temps > 0 ? ir->nb_temps : 1];
    InterpState st = { ir, ie, vals };
    int pc = 0;

    if (ie->exit_request && *ie->exit_request) {
        return (uintptr_t)ie->tb | TCG_EXIT_REQUESTED;
    }
    while (pc < ir->nb_ops) {
        const TCGOp *op = &ir->ops[pc++];
        TCGType type = op->type;
        const TCGArg *a = op->args;

        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_discard:
        case INDEX_op_set_label:
        case INDEX_op_goto_tb:
            break;
        case INDEX_op_insn_start:
            if (ie->insn_data) {
                memcpy(ie->insn_data, a, TCG_INSN_START_WORDS * sizeof(uint64_t));
            }
            break;
        case INDEX_op_br:
            pc = ir->label_op[a[0]];
            break;
        case INDEX_op_brcond:
            if (tcg_cond_eval(type, a[2], get(&st, a[0]), get(&st, a[1]))) {
                pc = ir->label_op[a[3]];
            }
            break;
        case INDEX_op_exit_tb:
            return a[0];
        case INDEX_op_loop_back:
            if (ie->exit_request && *ie->exit_request) {
                return (uintptr_t)ie->tb | TCG_EXIT_REQUESTED;
            }
            pc = 0;
            break;
        case INDEX_op_goto_ptr:
        case INDEX_op_goto_lookup:
            return 0;       /* the CPU loop looks the next block up itself */
        case INDEX_op_mb:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        case INDEX_op_movi:
            set(&st, a[0], a[1]);
            break;
        case INDEX_op_setcond:
            set(&st, a[0], tcg_cond_eval(type, a[3], get(&st, a[1]), get(&st, a[2])));
            break;
        case INDEX_op_movcond:
            set(&st, a[0], tcg_cond_eval(type, a[5], get(&st, a[1]), get(&st, a[2]))
                               ? get(&st, a[3]) : get(&st, a[4]));
            break;
        case INDEX_op_ld8u:
        case INDEX_op_ld8s:
        case INDEX_op_ld16u:
        case INDEX_op_ld16s:
        case INDEX_op_ld32u:
        case INDEX_op_ld32s:
        case INDEX_op_ld:
            set(&st, a[0], interp_host_ld(op->opc, type, (char *)get(&st, a[1]) + a[2]));
            break;
        case INDEX_op_st8:
        case INDEX_op_st16:
        case INDEX_op_st32:
        case INDEX_op_st:
            interp_host_st(op->opc, type, (char *)get(&st, a[1]) + a[2], get(&st, a[0]));
            break;
        case INDEX_op_qemu_ld:
            set(&st, a[0], interp_guest_ld(&st, (uint32_t)(get(&st, a[1]) + a[3]), a[2], type));
            break;
        case INDEX_op_qemu_st:
            interp_guest_st(&st, (uint32_t)(get(&st, a[1]) + a[3]), get(&st, a[0]), a[2]);
            break;
        case INDEX_op_fp_sync:
            tcg_interp_fp_sync((char *)get(&st, a[0]) + a[1]);
            break;
        case INDEX_op_fp_flags_or:
            tcg_interp_fp_flags_or((char *)get(&st, a[0]) + a[1]);
            break;
        case INDEX_op_fp_sse:
            tcg_interp_fp_sse(a[1], (char *)get(&st, a[0]) + a[2],
                              (char *)get(&st, a[0]) + a[3]);
            break;
        case INDEX_op_fp_sse_m: {
            unsigned n = tcg_fp_kinds[a[2] & TCG_FP_ARG_MASK].src_bytes;
            uint64_t src[2] = { 0, 0 };
            uint64_t addr = (uint32_t)(get(&st, a[1]) + a[4]);

            src[0] = interp_guest_ld(&st, addr, make_memop_idx(n == 4 ? MO_32 : MO_64, 0),
                                     TCG_TYPE_I64);
            if (n == 16) {
                src[1] = interp_guest_ld(&st, (uint32_t)(addr + 8), make_memop_idx(MO_64, 0),
                                         TCG_TYPE_I64);
            }
            tcg_interp_fp_sse(a[2] & TCG_FP_ARG_MASK, (char *)get(&st, a[0]) + a[3], src);
            break;
        }
        case INDEX_op_fp_align:
            if (get(&st, a[1]) & a[2]) {
                ((void (*)(void *))(uintptr_t)a[3])((void *)(uintptr_t)get(&st, a[0]));
            }
            break;
        case INDEX_op_fp_st_m: {
            uint64_t v[2] = { 0, 0 };
            uint64_t addr = (uint32_t)(get(&st, a[1]) + a[4]);
            unsigned n = a[2] & TCG_FP_ARG_MASK;

            memcpy(v, (char *)get(&st, a[0]) + a[3], n);
            interp_guest_st(&st, addr, v[0], make_memop_idx(n == 4 ? MO_32 : MO_64, 0));
            if (n == 16) {
                interp_guest_st(&st, (uint32_t)(addr + 8), v[1], make_memop_idx(MO_64, 0));
            }
            break;
        }
        case INDEX_op_fp_sse_r:
            set(&st, a[0], tcg_interp_fp_sse_r(a[2], (char *)get(&st, a[1]) + a[3],
                                               (char *)get(&st, a[1]) + a[4]));
            break;
        case INDEX_op_x87:
            tcg_interp_x87((const void *)a[1], NULL);
            break;
        case INDEX_op_x87_m:
            tcg_interp_x87((const void *)a[2],
                           (void *)(st.ie->guest_base + (uint32_t)get(&st, a[0])));
            break;
        case INDEX_op_x87_r:
            set(&st, a[0], tcg_interp_x87_r(a[1], (const void *)a[2]));
            break;
        case INDEX_op_x87_cmov:
            tcg_interp_x87_cmov((const void *)a[2], (uint32_t)get(&st, a[0]));
            break;
        case INDEX_op_call:
            interp_call(&st, op);
            break;
        case INDEX_op_muls2:
        case INDEX_op_mulu2:
        case INDEX_op_add2:
        case INDEX_op_sub2:
            interp_double(&st, op);
            break;
        case INDEX_op_extract:
        case INDEX_op_sextract:
            set(&st, a[0], tcg_fold_op(op->opc, type, get(&st, a[1]), 0, a[2], a[3]));
            break;
        case INDEX_op_deposit:
            set(&st, a[0], tcg_fold_op(op->opc, type, get(&st, a[1]), get(&st, a[2]), a[3],
                                       a[4]));
            break;
        default:
            if (tcg_op_defs[op->opc].nb_iargs == 1) {
                set(&st, a[0], tcg_fold_op(op->opc, type, get(&st, a[1]), 0, 0, 0));
            } else {
                set(&st, a[0], tcg_fold_op(op->opc, type, get(&st, a[1]), get(&st, a[2]), 0,
                                           0));
            }
            break;
        }
    }
    return 0;
}
