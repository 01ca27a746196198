/*
 * The IR optimiser: one forward pass of constant propagation and folding,
 * copy propagation and algebraic simplification. Knowledge is dropped at
 * labels, and for globals at helper calls that may write them. Dead code is
 * then removed by liveness (tcg/liveness.c).
 */
#include "tcg/tcg-internal.h"

typedef struct OptState {
    TCGContext *s;
} OptState;

/* t is written: what was known about it goes, and so do copies of it. */
static void opt_forget(OptState *os, TCGTemp *t)
{
    if (t->kind == TEMP_CONST) {
        return;
    }
    t->opt_epoch = 0;
    t->opt_gen++;
}

static void opt_forget_all(OptState *os, bool globals_only)
{
    TCGContext *s = os->s;

    if (!globals_only) {
        s->opt_epoch++;
        return;
    }
    for (int k = 0; k < s->nb_globals; k++) {
        opt_forget(os, &s->temps[k]);
    }
}

/* After opt_forget(t): t now holds constant v (copy NULL) or a copy of c. */
static void opt_set_known(OptState *os, TCGTemp *t, TCGTemp *c)
{
    t->opt_epoch = os->s->opt_epoch;
    t->opt_const = c == NULL;
    t->opt_copy = c;
    t->opt_copy_gen = c ? c->opt_gen : 0;
}

static void opt_set_const(OptState *os, TCGTemp *t, uint64_t v)
{
    opt_forget(os, t);
    opt_set_known(os, t, NULL);
    t->opt_val = v;
}

/* What to read instead of t: a constant, the source of a copy, or t. */
static TCGTemp *opt_subst(OptState *os, TCGTemp *t, TCGType type)
{
    if (t->kind == TEMP_CONST || t->opt_epoch != os->s->opt_epoch) {
        return t;
    }
    if (t->opt_const) {
        return tcg_constant_internal(os->s, type, t->opt_val);
    }
    if (t->opt_copy->opt_gen == t->opt_copy_gen) {
        return t->opt_copy;
    }
    return t;
}

static bool arg_const(OptState *os, TCGArg a, uint64_t *v)
{
    TCGTemp *t = arg_temp(a);

    if (t->kind == TEMP_CONST) {
        *v = t->val;
        return true;
    }
    return false;
}

/* Bits of t (of the given type) that may be nonzero. */
static uint64_t opt_zmask(OptState *os, TCGTemp *t, TCGType type)
{
    uint64_t m = type == TCG_TYPE_I32 ? 0xffffffffull : ~0ull;

    if (t->kind == TEMP_CONST) {
        return t->val & m;
    }
    if (t->opt_z_epoch == os->s->opt_epoch && t->opt_z_gen == t->opt_gen) {
        return t->opt_zmask & m;
    }
    return m;
}

/* After t was written (opt_forget): only the bits of z may be nonzero. */
static void opt_set_zmask(OptState *os, TCGTemp *t, uint64_t z)
{
    if (t->kind == TEMP_CONST) {
        return;
    }
    t->opt_zmask = z;
    t->opt_z_epoch = os->s->opt_epoch;
    t->opt_z_gen = t->opt_gen;
}

/* Zero-extending loads and masks: what op (just done) leaves nonzero. */
static void opt_note_zmask(OptState *os, TCGOp *op)
{
    TCGType type = op->type;
    uint64_t m = type == TCG_TYPE_I32 ? 0xffffffffull : ~0ull;
    TCGTemp *r = arg_temp(op->args[0]);
    uint64_t za, zb, z;

    if (op_nb_oargs(op) != 1 || (type != TCG_TYPE_I32 && type != TCG_TYPE_I64)) {
        return;
    }
    switch (op->opc) {
    case INDEX_op_qemu_ld: {
        MemOp mo = get_memop(op->args[2]);

        if ((mo & MO_SIGN) || (mo & MO_SIZE) >= (type == TCG_TYPE_I32 ? MO_32 : MO_64)) {
            return;
        }
        z = (1ull << (8 << (mo & MO_SIZE))) - 1;
        break;
    }
    case INDEX_op_ext8u:
        z = opt_zmask(os, arg_temp(op->args[1]), type) & 0xff;
        break;
    case INDEX_op_ext16u:
        z = opt_zmask(os, arg_temp(op->args[1]), type) & 0xffff;
        break;
    case INDEX_op_setcond:
        z = 1;
        break;
    case INDEX_op_and:
    case INDEX_op_or:
    case INDEX_op_xor:
        za = opt_zmask(os, arg_temp(op->args[1]), type);
        zb = opt_zmask(os, arg_temp(op->args[2]), type);
        z = op->opc == INDEX_op_and ? za & zb : za | zb;
        break;
    case INDEX_op_deposit: {
        unsigned pos = op->args[3], len = op->args[4];
        uint64_t field = (len >= 64 ? ~0ull : (1ull << len) - 1) << pos;

        za = opt_zmask(os, arg_temp(op->args[1]), type);
        zb = opt_zmask(os, arg_temp(op->args[2]), type);
        z = (za & ~field) | ((zb << pos) & field);
        break;
    }
    case INDEX_op_shr:
        if (arg_temp(op->args[2])->kind != TEMP_CONST) {
            return;
        }
        zb = arg_temp(op->args[2])->val;
        if (zb >= (type == TCG_TYPE_I32 ? 32 : 64)) {
            return;
        }
        z = opt_zmask(os, arg_temp(op->args[1]), type) >> zb;
        break;
    default:
        return;
    }
    opt_set_zmask(os, r, z & m);
}

static void opt_to_movi(OptState *os, TCGOp *op, uint64_t v)
{
    TCGTemp *r = arg_temp(op->args[0]);

    v = tcg_normalize(op->type, v);
    op->opc = INDEX_op_movi;
    op->args[1] = v;
    op->life = 0;
    opt_set_const(os, r, v);
}

static void opt_to_mov(OptState *os, TCGOp *op, TCGArg src)
{
    TCGTemp *r = arg_temp(op->args[0]);
    TCGTemp *a = arg_temp(src);
    uint64_t v;

    if (arg_const(os, src, &v)) {
        opt_to_movi(os, op, v);
        return;
    }
    op->opc = INDEX_op_mov;
    op->args[1] = src;
    if (a != r) {
        uint64_t z = opt_zmask(os, a, r->type);

        opt_forget(os, r);
        opt_set_zmask(os, r, z);
        if (a->type == r->type) {
            opt_set_known(os, r, a);
        }
    }
}

static bool op_foldable(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add: case INDEX_op_sub: case INDEX_op_neg: case INDEX_op_mul:
    case INDEX_op_div: case INDEX_op_divu: case INDEX_op_rem: case INDEX_op_remu:
    case INDEX_op_mulsh: case INDEX_op_muluh: case INDEX_op_and: case INDEX_op_or:
    case INDEX_op_xor: case INDEX_op_not: case INDEX_op_andc: case INDEX_op_orc:
    case INDEX_op_eqv: case INDEX_op_nand: case INDEX_op_nor: case INDEX_op_shl:
    case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl: case INDEX_op_rotr:
    case INDEX_op_ext8s: case INDEX_op_ext8u: case INDEX_op_ext16s: case INDEX_op_ext16u:
    case INDEX_op_ext32s: case INDEX_op_ext32u: case INDEX_op_ext_i32_i64:
    case INDEX_op_extu_i32_i64: case INDEX_op_extrl_i64_i32: case INDEX_op_extrh_i64_i32:
    case INDEX_op_extract: case INDEX_op_sextract: case INDEX_op_deposit:
    case INDEX_op_bswap16: case INDEX_op_bswap32: case INDEX_op_bswap64:
    case INDEX_op_clz: case INDEX_op_ctz: case INDEX_op_ctpop:
        return true;
    default:
        return false;
    }
}

/* x op x, x op 0, x op -1...: a constant, a move, or nothing known. */
static bool opt_simplify(OptState *os, TCGOp *op)
{
    TCGArg a = op->args[1], b = op->args[2];
    uint64_t m = op->type == TCG_TYPE_I32 ? 0xffffffffull : ~0ull;
    uint64_t v;
    bool bc = arg_const(os, b, &v);

    v &= m;
    switch (op->opc) {
    case INDEX_op_add: case INDEX_op_or: case INDEX_op_xor: case INDEX_op_shl:
    case INDEX_op_shr: case INDEX_op_sar: case INDEX_op_rotl: case INDEX_op_rotr:
    case INDEX_op_sub: case INDEX_op_andc:
        if (bc && v == 0) {
            opt_to_mov(os, op, a);
            return true;
        }
        break;
    case INDEX_op_and:
        if (bc && v == m) {
            opt_to_mov(os, op, a);
            return true;
        }
        if (bc && v == 0) {
            opt_to_movi(os, op, 0);
            return true;
        }
        break;
    case INDEX_op_mul:
        if (bc && v == 1) {
            opt_to_mov(os, op, a);
            return true;
        }
        if (bc && v == 0) {
            opt_to_movi(os, op, 0);
            return true;
        }
        break;
    default:
        break;
    }
    if (a == b) {
        switch (op->opc) {
        case INDEX_op_and: case INDEX_op_or:
            opt_to_mov(os, op, a);
            return true;
        case INDEX_op_sub: case INDEX_op_xor: case INDEX_op_andc:
            opt_to_movi(os, op, 0);
            return true;
        default:
            break;
        }
    }
    return false;
}

/* A zero-extension or mask that clears only bits known to be zero: a move. */
static bool opt_zero_ext_redundant(OptState *os, TCGOp *op)
{
    uint64_t keep, za;

    switch (op->opc) {
    case INDEX_op_ext8u:
        keep = 0xff;
        break;
    case INDEX_op_ext16u:
        keep = 0xffff;
        break;
    case INDEX_op_and:
        if (arg_temp(op->args[2])->kind != TEMP_CONST) {
            return false;
        }
        keep = arg_temp(op->args[2])->val;
        break;
    default:
        return false;
    }
    za = opt_zmask(os, arg_temp(op->args[1]), op->type);
    if (za & ~keep) {
        return false;
    }
    opt_to_mov(os, op, op->args[1]);
    return true;
}

static void opt_outputs_changed(OptState *os, TCGOp *op)
{
    for (int k = 0; k < op_nb_oargs(op); k++) {
        opt_forget(os, arg_temp(op->args[k]));
    }
}

/*
 * A compare of args[ia] with args[ib] under args[ic]: the constant goes second,
 * and an unsigned compare with 0 becomes EQ/NE (x86's "neg" leaves its carry as
 * 0 <u x, tested as x != 0). Returns the condition when it is decided (NEVER or
 * ALWAYS), -1 otherwise.
 */
static int opt_cond_norm(OptState *os, TCGOp *op, int ia, int ib, int ic)
{
    uint64_t v;
    int c = op->args[ic];

    if (arg_const(os, op->args[ia], &v) && !arg_const(os, op->args[ib], &v)) {
        TCGArg x = op->args[ia];

        op->args[ia] = op->args[ib];
        op->args[ib] = x;
        if (c >= TCG_COND_LT && c <= TCG_COND_GT) {
            c = TCG_COND_LT + TCG_COND_GT - c;
        } else if (c >= TCG_COND_LTU) {
            c = TCG_COND_LTU + TCG_COND_GTU - c;
        }
        op->args[ic] = c;
    }
    if (arg_const(os, op->args[ib], &v) && v == 0) {
        switch (c) {
        case TCG_COND_GTU: c = TCG_COND_NE; break;
        case TCG_COND_LEU: c = TCG_COND_EQ; break;
        case TCG_COND_LTU: return TCG_COND_NEVER;
        case TCG_COND_GEU: return TCG_COND_ALWAYS;
        default: break;
        }
    }
    op->args[ic] = c;
    return -1;
}

static void opt_op(OptState *os, TCGOp *op)
{
    int no = op_nb_oargs(op), ni = op_nb_iargs(op), k;
    uint64_t va = 0, vb = 0, vc, vd;
    const TCGOpDef *def = &tcg_op_defs[op->opc];

    for (k = no; k < no + ni; k++) {
        TCGTemp *t = arg_temp(op->args[k]);
        op->args[k] = temp_arg(opt_subst(os, t, t->type));
    }
    switch (op->opc) {
    case INDEX_op_mov:
        opt_to_mov(os, op, op->args[1]);
        return;
    case INDEX_op_movi:
        opt_set_const(os, arg_temp(op->args[0]), tcg_normalize(op->type, op->args[1]));
        return;
    case INDEX_op_set_label:
        opt_forget_all(os, false);
        return;
    case INDEX_op_call:
        if (!(op_call_info(op)->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
            opt_forget_all(os, true);
        }
        opt_outputs_changed(os, op);
        return;
    case INDEX_op_brcond:
        switch (opt_cond_norm(os, op, 0, 1, 2)) {
        case TCG_COND_ALWAYS:
            op->opc = INDEX_op_br;
            op->args[0] = op->args[3];
            return;
        case TCG_COND_NEVER:
            tcg_op_remove(os->s, op);
            return;
        default:
            break;
        }
        if (arg_const(os, op->args[0], &va) && arg_const(os, op->args[1], &vb)) {
            if (tcg_cond_eval(op->type, op->args[2], va, vb)) {
                op->opc = INDEX_op_br;
                op->args[0] = op->args[3];
            } else {
                tcg_op_remove(os->s, op);
            }
        }
        return;
    case INDEX_op_setcond: {
        int decided = opt_cond_norm(os, op, 1, 2, 3);

        if (decided >= 0) {
            opt_to_movi(os, op, decided == TCG_COND_ALWAYS);
            return;
        }
        if (arg_const(os, op->args[1], &va) && arg_const(os, op->args[2], &vb)) {
            opt_to_movi(os, op, tcg_cond_eval(op->type, op->args[3], va, vb));
            return;
        }
        break;
    }
    case INDEX_op_movcond:
        if (arg_const(os, op->args[1], &va) && arg_const(os, op->args[2], &vb)) {
            opt_to_mov(os, op, tcg_cond_eval(op->type, op->args[5], va, vb) ? op->args[3]
                                                                             : op->args[4]);
            return;
        }
        if (op->args[3] == op->args[4]) {
            opt_to_mov(os, op, op->args[3]);
            return;
        }
        break;
    default:
        break;
    }
    if (opt_zero_ext_redundant(os, op)) {
        return;
    }
    if (op_foldable(op->opc)) {
        bool ca = arg_const(os, op->args[1], &va);
        bool cb = def->nb_iargs < 2 || arg_const(os, op->args[2], &vb);

        if (ca && cb) {
            vc = def->nb_iargs == 1 ? op->args[2] : op->args[3];
            vd = def->nb_iargs == 1 ? op->args[3] : op->args[4];
            opt_to_movi(os, op, tcg_fold_op(op->opc, op->type, va, vb, vc, vd));
            return;
        }
        if (def->nb_iargs == 2 && def->nb_cargs == 0 && opt_simplify(os, op)) {
            return;
        }
    }
    opt_outputs_changed(os, op);
    opt_note_zmask(os, op);
}

void tcg_optimize(TCGContext *s)
{
    OptState os = { s };

    s->opt_epoch++;     /* nothing known from the previous block */
    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];

        if (op->opc != INDEX_op_nop && op->opc != INDEX_op_insn_start) {
            opt_op(&os, op);
        }
    }
}
