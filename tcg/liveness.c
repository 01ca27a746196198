/*
 * Liveness analysis and dead-code elimination: one backward pass over the
 * block that marks, for each op, which arguments die there (DEAD_ARG) and
 * which must be in memory at that point (SYNC_ARG), and deletes pure ops
 * whose results nobody reads.
 */
#include <string.h>

#include "tcg/tcg-internal.h"
#include "tcg/x87.h"

enum {
    TS_DEAD = 1,    /* the register copy is not read again */
    TS_MEM = 2,     /* memory must hold the value at some later point */
};

static void set_globals(TCGContext *s, uint8_t state, bool add)
{
    TCGTemp *t = s->temps;
    int n = s->nb_globals;

    if (add) {
        for (int i = 0; i < n; i++) {
            t[i].state |= state;
        }
    } else {
        for (int i = 0; i < n; i++) {
            t[i].state = state;
        }
    }
}

/*
 * Whether a TB temp may be read after op `at` through a label. Without
 * backward branches, only ops after it in program order can read it.
 */
bool tcg_tb_temp_used_after(TCGContext *s, TCGTemp *t, int at)
{
    return s->has_backward_branch || t->last_use > at;
}

/*
 * Whether no TB temp is read after label l before being written (l->
 * no_tb_temps): known once the backward pass has seen set_label l, i.e. for
 * forward branches to l; false (unknown) before. An exit stub at the end of
 * the block (a front end's side exit) is such a label: branches to it then
 * need not store the TB temps.
 */
static bool la_label_no_tb_temps(const TCGLabel *l)
{
    return l && l->no_tb_temps;
}

static void la_note_label(TCGContext *s, TCGLabel *l)
{
    for (int j = 0, n = s->nb_block_temps; j < n; j++) {
        TCGTemp *t = tcg_block_temp(s, j);
        if (t->kind == TEMP_TB && t->state != TS_DEAD) {
            return;
        }
    }
    l->no_tb_temps = true;
}

/*
 * A label or unconditional branch (to l, when known): only memory carries
 * values across it.
 */
static void la_bb_end(TCGContext *s, int at, const TCGLabel *l)
{
    bool none = la_label_no_tb_temps(l);

    set_globals(s, TS_DEAD | TS_MEM, false);
    for (int j = 0, n = s->nb_block_temps; j < n; j++) {
        TCGTemp *t = tcg_block_temp(s, j);
        t->state = t->kind == TEMP_TB && !none && tcg_tb_temp_used_after(s, t, at)
                   ? TS_DEAD | TS_MEM : TS_DEAD;
    }
}

static void la_bb_exit(TCGContext *s)
{
    set_globals(s, TS_DEAD | TS_MEM, false);
    for (int j = 0, n = s->nb_block_temps; j < n; j++) {
        tcg_block_temp(s, j)->state = TS_DEAD;
    }
}

/* A conditional branch: the target reads globals and TB temps from memory
 * (an exit stub: the globals from wherever they are). */
static void la_cond_branch(TCGContext *s, int at, const TCGLabel *l)
{
    if (l->stub) {
        for (int g = 0; g < s->nb_globals; g++) {
            s->temps[g].state &= ~TS_DEAD;
        }
    } else {
        set_globals(s, TS_MEM, true);
    }
    if (la_label_no_tb_temps(l)) {
        return;
    }
    for (int j = 0, n = s->nb_block_temps; j < n; j++) {
        TCGTemp *t = tcg_block_temp(s, j);
        if (t->kind == TEMP_TB && tcg_tb_temp_used_after(s, t, at)) {
            t->state |= TS_MEM;
        }
    }
}

/*
 * Backward branches, and the exit stubs: labels reached by one forward
 * conditional branch only, that nothing falls into (the op before them
 * leaves). A branch to a stub need not store the globals: the register
 * allocator takes their places to the stub, whose exit stores them.
 */
static void find_backward_branches(TCGContext *s)
{
    bool seen[s->nb_labels + 1];
    bool leaves = false;

    s->has_backward_branch = false;
    if (!s->nb_labels) {
        return;     /* no branch to a label at all: nothing to scan */
    }
    memset(seen, 0, sizeof(seen));
    for (int i = 0; i < s->nb_labels; i++) {
        s->labels[i].refs = 0;
        s->labels[i].stub = false;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        TCGLabel *l;

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc == INDEX_op_set_label) {
            l = arg_label(op->args[0]);
            seen[l->id] = true;
            l->stub = leaves && l->refs == 1 && s->nb_globals <= TCG_STUB_GLOBALS;
        } else if (op->opc == INDEX_op_br || op->opc == INDEX_op_brcond) {
            l = arg_label(op->args[op->opc == INDEX_op_br ? 0 : 3]);
            l->refs += op->opc == INDEX_op_br ? 2 : 1;     /* a br: never a stub */
            l->stub = false;
            if (seen[l->id]) {
                s->has_backward_branch = true;
            }
        }
        leaves = op->opc == INDEX_op_br || (tcg_op_defs[op->opc].flags & TCG_OPF_BB_EXIT);
    }
}

static bool op_removable(const TCGOp *op)
{
    unsigned flags = tcg_op_defs[op->opc].flags;

    if (op->opc == INDEX_op_call) {
        return op->callo && (op_call_info(op)->flags & TCG_CALL_NO_SIDE_EFFECTS);
    }
    return op_nb_oargs(op) > 0 &&
           !(flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END | TCG_OPF_BB_EXIT));
}

static bool outputs_unused(const TCGOp *op)
{
    for (int k = 0, no = op_nb_oargs(op); k < no; k++) {
        if (arg_temp(op->args[k])->state != TS_DEAD) {
            return false;
        }
    }
    return true;
}

/*
 * muls2/mulu2/add2/sub2 whose high half nobody reads (nor needs in memory)
 * become a plain mul/add/sub of the low halves: one cheap insn instead of a
 * widening multiply in fixed registers or an add/adc pair.
 */
static void la_narrow_double(TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_muls2:
    case INDEX_op_mulu2:
        if (arg_temp(op->args[1])->state == TS_DEAD) {
            op->opc = INDEX_op_mul;
            op->args[1] = op->args[2];
            op->args[2] = op->args[3];
        }
        break;
    case INDEX_op_add2:
    case INDEX_op_sub2:
        if (arg_temp(op->args[1])->state == TS_DEAD) {
            op->opc = op->opc == INDEX_op_add2 ? INDEX_op_add : INDEX_op_sub;
            op->args[1] = op->args[2];
            op->args[2] = op->args[4];
        }
        break;
    default:
        break;
    }
}

/*
 * `add_i32 t, x, $c` right before a guest access whose address t dies there
 * becomes the access's displacement: the backend addresses guest_base + x +
 * (int32_t)c in 64 bits. That differs from guest_base + (x + c mod 2^32) only
 * when x + c wraps, and then lands in the 2 GiB guard below or above guest
 * memory: the fault handler notes the insn (tcg_nofold_add), drops the
 * block and runs on from the insn, retranslated. Runs after the backward
 * pass: the life bits are known.
 */
static unsigned nofold_slot(uint64_t pc)
{
    return (unsigned)((pc * 0x9e3779b97f4a7c15ull) >> 54) % TCG_NOFOLD_SLOTS;
}

static bool nofold_has(const TCGContext *s, uint64_t pc)
{
    for (unsigned i = nofold_slot(pc), n = 0; s->nofold_pc[i] && n < TCG_NOFOLD_SLOTS;
         i = (i + 1) % TCG_NOFOLD_SLOTS, n++) {
        if (s->nofold_pc[i] == pc + 1) {
            return true;
        }
    }
    return false;
}

bool tcg_nofold_add(TCGContext *s, uint64_t pc)
{
    unsigned i;

    if (s->nofold_full || nofold_has(s, pc)) {
        return false;
    }
    if (s->nb_nofold >= TCG_NOFOLD_SLOTS / 2) {
        s->nofold_full = true;      /* no folding in new blocks at all */
        return true;
    }
    for (i = nofold_slot(pc); s->nofold_pc[i]; i = (i + 1) % TCG_NOFOLD_SLOTS) {
    }
    s->nofold_pc[i] = pc + 1;
    s->nb_nofold++;
    return true;
}

/* add (right before access op, life bits known) into op's displacement. */
static void la_fold_one(TCGContext *s, TCGOp *add, TCGOp *op)
{
    TCGTemp *t, *x, *c;

    if (!(op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st ||
          op->opc == INDEX_op_fp_sse_m || op->opc == INDEX_op_fp_st_m) ||
        add->opc != INDEX_op_add || add->type != TCG_TYPE_I32 || !(op->life & DEAD_ARG(1)) ||
        arg_temp(add->args[0]) != arg_temp(op->args[1])) {
        return;
    }
    t = arg_temp(add->args[0]);
    x = arg_temp(add->args[1]);
    c = arg_temp(add->args[2]);
    if (c->kind != TEMP_CONST || x->kind == TEMP_CONST || x->kind == TEMP_FIXED ||
        t->kind == TEMP_GLOBAL || (op->opc == INDEX_op_qemu_st && arg_temp(op->args[0]) == x)) {
        return;
    }
    /* the address is args[1]; the displacement the last carg */
    op->args[1] = temp_arg(x);
    op->args[op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st ? 3 : 4] =
        (TCGArg)(int64_t)(int32_t)c->val;
    op->life &= ~(DEAD_ARG(1) | SYNC_ARG(1));
    op->life |= (add->life & DEAD_ARG(1) ? DEAD_ARG(1) : 0) |
                (add->life & SYNC_ARG(1) ? SYNC_ARG(1) : 0);
    tcg_op_remove(s, add);
}

static void la_fold_disp(TCGContext *s)
{
    TCGOp *prev = NULL;
    bool fold = true;

    for (int i = 0; i < s->nb_ops; i++) {
        TCGOp *op = &s->ops[i];

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        if (op->opc == INDEX_op_insn_start) {
            fold = !s->nb_nofold || !nofold_has(s, op->args[0]);
        }
        if (fold && prev) {
            la_fold_one(s, prev, op);
        }
        prev = op;
    }
}

void tcg_liveness(TCGContext *s)
{
    tcg_loop_prepare(s);
    find_backward_branches(s);
    for (int i = 0; i < s->nb_labels; i++) {
        s->labels[i].no_tb_temps = false;
    }
    for (int j = 0; j < s->nb_block_temps; j++) {
        tcg_block_temp(s, j)->last_use = -1;    /* read for TB temps only */
    }
    la_bb_exit(s);
    for (int i = s->nb_ops - 1; i >= 0; i--) {
        TCGOp *op = &s->ops[i];
        int no, ni, k;
        uint32_t life = 0;

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        la_narrow_double(op);
        if (op_removable(op) && outputs_unused(op)) {
            tcg_op_remove(s, op);
            continue;
        }
        no = op_nb_oargs(op);
        ni = op_nb_iargs(op);
        for (k = 0; k < no; k++) {
            TCGTemp *t = arg_temp(op->args[k]);

            if (t->state & TS_DEAD) {
                life |= DEAD_ARG(k);
            }
            if (t->state & TS_MEM) {
                life |= SYNC_ARG(k);
            }
            t->state = TS_DEAD;
        }
        switch (op->opc) {
        case INDEX_op_set_label:
            la_note_label(s, arg_label(op->args[0]));
            la_bb_end(s, i, arg_label(op->args[0]));
            break;
        case INDEX_op_br:
            la_bb_end(s, i, arg_label(op->args[0]));
            break;
        case INDEX_op_goto_tb:
        case INDEX_op_exit_tb:
        case INDEX_op_goto_ptr:
        case INDEX_op_goto_lookup:
            la_bb_exit(s);
            break;
        case INDEX_op_loop_back:
            /* the pinned globals go around in registers (regalloc.c) */
            la_bb_exit(s);
            for (int k = 0; k < s->nb_loop_pinned; k++) {
                s->temps[s->loop_pinned[k]].state = 0;
            }
            break;
        case INDEX_op_brcond:
            la_cond_branch(s, i, arg_label(op->args[3]));
            break;
        case INDEX_op_call: {
            unsigned f = op_call_info(op)->flags;
            if (!(f & TCG_CALL_NO_WRITE_GLOBALS)) {
                set_globals(s, TS_DEAD | TS_MEM, false);
            } else if (!(f & TCG_CALL_NO_READ_GLOBALS)) {
                set_globals(s, TS_MEM, true);
            }
            break;
        }
        case INDEX_op_qemu_ld:
        case INDEX_op_qemu_st:
        case INDEX_op_fp_sse_m:
        case INDEX_op_fp_st_m:
            if (s->user_mode) {
                /* A fault there needs them, from a register or env (fault.c). */
                for (int g = 0; g < s->nb_globals; g++) {
                    s->temps[g].state &= ~TS_DEAD;
                }
                break;
            }
            set_globals(s, TS_MEM, true);
            break;
        case INDEX_op_fp_align:
            set_globals(s, TS_MEM, true);   /* a fault must see them in env */
            break;
        default:
            if (tcg_x87_may_fault(op)) {
                set_globals(s, TS_MEM, true);
            }
            break;
        }
        for (k = no; k < no + ni; k++) {
            TCGTemp *t = arg_temp(op->args[k]);

            if (t->kind == TEMP_CONST || t->kind == TEMP_FIXED) {
                continue;
            }
            if (t->state & TS_DEAD) {
                life |= DEAD_ARG(k);
            }
            if (t->state & TS_MEM) {
                life |= SYNC_ARG(k);
            }
        }
        for (k = no; k < no + ni; k++) {
            TCGTemp *t = arg_temp(op->args[k]);
            t->state &= ~TS_DEAD;
            if (t->last_use < 0) {
                t->last_use = i;
            }
        }
        op->life = life;
    }
    if (s->fold_guest_disp && !s->nofold_full) {
        la_fold_disp(s);
    }
}
