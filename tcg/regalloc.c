/*
 * The register allocator and code generation driver: walks the optimised
 * ops once, keeps temps in host registers as long as liveness allows, syncs
 * globals to env only where a branch, a call or the block's end needs them
 * (a user-mode guest access records where they are instead: tcg/fault.c),
 * keeps a loop's globals in registers around loop_back, and asks the backend
 * (tcg/x86_64/) to emit each op.
 */
#include <stdlib.h>
#include <string.h>

#include "tcg/x86_64/tcg-target.h"
#include "tcg/x87.h"

#define RA_ALLOC (TCG_REGS_ALL & ~TCG_REGS_RESERVED)

/* Allocation order: callee-saved first, so values survive helper calls. */
static const int alloc_order[] = {
    TCG_REG_RBP, TCG_REG_RBX, TCG_REG_R12, TCG_REG_R13, TCG_REG_R10, TCG_REG_R9,
    TCG_REG_R8, TCG_REG_RCX, TCG_REG_RDX, TCG_REG_RSI, TCG_REG_RDI, TCG_REG_RAX,
};

static void temp_mem(TCGContext *s, TCGTemp *t, int *base, intptr_t *ofs)
{
    if (t->kind == TEMP_GLOBAL) {
        *base = TCG_REG_ENV;
        *ofs = t->mem_offset;
    } else {
        *base = TCG_REG_CALL_STACK;
        *ofs = t->index * 8;
    }
}

/* t now lives in a register or as a constant; written says env is stale. */
static inline void ra_note_global(TCGContext *s, TCGTemp *t, bool written)
{
    if (t->kind == TEMP_GLOBAL) {
        uint64_t bit = (uint64_t)1 << (t->index < 63 ? t->index : 63);

        s->ra_globals_in_regs |= bit;
        s->ra_globals_unsynced |= written ? bit : 0;
    }
}

/* Make memory hold t's value (the register, if any, stays valid). */
static void temp_sync(TCGContext *s, TCGTemp *t)
{
    int base;
    intptr_t ofs;

    if (t->kind == TEMP_CONST || t->kind == TEMP_FIXED) {
        return;
    }
    temp_mem(s, t, &base, &ofs);
    if (t->val_type == TEMP_VAL_REG && !t->mem_coherent) {
        tcg_out_st(s, t->type, t->reg, base, ofs);
        t->mem_coherent = true;
    } else if (t->val_type == TEMP_VAL_CONST) {
        tcg_out_sti(s, t->type, t->cval, base, ofs);
        t->val_type = TEMP_VAL_MEM;
        t->mem_coherent = true;
    }
}

static void temp_free_reg(TCGContext *s, TCGTemp *t)
{
    if (t->val_type == TEMP_VAL_REG) {
        s->reg_to_temp[t->reg] = NULL;
        t->val_type = t->mem_coherent ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
    }
}

/* Store t (if needed) and drop its register: its value lives in memory. */
static void temp_save(TCGContext *s, TCGTemp *t)
{
    if (t->val_type == TEMP_VAL_DEAD) {
        return;
    }
    temp_sync(s, t);
    temp_free_reg(s, t);
}

/* t's value is not needed in a register any more; memory if `sync`. */
static void temp_dead(TCGContext *s, TCGTemp *t, bool sync)
{
    if (t->kind == TEMP_CONST || t->kind == TEMP_FIXED) {
        return;
    }
    if (sync) {
        temp_sync(s, t);
    }
    if (t->val_type == TEMP_VAL_REG) {
        s->reg_to_temp[t->reg] = NULL;
    }
    /* A global unsynced here is dead: it is redefined before anyone reads env. */
    t->val_type = t->kind == TEMP_GLOBAL || sync ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
    t->mem_coherent = t->val_type == TEMP_VAL_MEM;
}

/*
 * An output global written for the last time (synced if it had to be): a
 * pinned loop global keeps its register, coherent with env, for the jump
 * back (the register is still free to take: dropping a coherent value costs
 * nothing).
 */
static void temp_dead_output(TCGContext *s, TCGTemp *t)
{
    if (t->loop_pinned && t->val_type == TEMP_VAL_REG && t->mem_coherent) {
        return;
    }
    temp_dead(s, t, false);
}

static void reg_evict(TCGContext *s, int r)
{
    TCGTemp *t = s->reg_to_temp[r];

    if (t) {
        temp_save(s, t);
    }
}

static int reg_alloc(TCGContext *s, uint16_t regs, uint16_t locked)
{
    uint16_t ok = regs & ~locked & ~s->reserved_regs;
    unsigned i;

    for (i = 0; i < sizeof(alloc_order) / sizeof(alloc_order[0]); i++) {
        int r = alloc_order[i];
        if ((ok & R(r)) && !s->reg_to_temp[r]) {
            return r;
        }
    }
    for (i = 0; i < sizeof(alloc_order) / sizeof(alloc_order[0]); i++) {
        int r = alloc_order[i];
        if (ok & R(r)) {
            reg_evict(s, r);
            return r;
        }
    }
    abort();    /* constraints always leave a register */
}

static bool single_reg(uint16_t regs)
{
    return regs && !(regs & (regs - 1));
}

/* Put t's current value into register r, leaving t's own location alone. */
static void temp_copy_to(TCGContext *s, TCGTemp *t, int r)
{
    int base;
    intptr_t ofs;

    if (t->kind == TEMP_CONST) {
        tcg_out_movi(s, t->type, r, t->val);
    } else if (t->kind == TEMP_FIXED) {
        tcg_out_mov(s, TCG_TYPE_I64, r, TCG_REG_ENV);
    } else if (t->val_type == TEMP_VAL_REG) {
        tcg_out_mov(s, t->type, r, t->reg);
    } else if (t->val_type == TEMP_VAL_CONST) {
        tcg_out_movi(s, t->type, r, t->cval);
    } else if (t->val_type == TEMP_VAL_MEM) {
        temp_mem(s, t, &base, &ofs);
        tcg_out_ld(s, t->type, r, base, ofs);
    }
}

/* Make t live in a register from regs (not in locked); returns it. */
static int temp_load(TCGContext *s, TCGTemp *t, uint16_t regs, uint16_t locked)
{
    int r;

    if (t->kind == TEMP_FIXED && !single_reg(regs)) {
        return TCG_REG_ENV;
    }
    if (t->val_type == TEMP_VAL_REG && (regs & R(t->reg))) {
        return t->reg;
    }
    r = reg_alloc(s, regs, locked | (t->val_type == TEMP_VAL_REG ? R(t->reg) : 0));
    temp_copy_to(s, t, r);
    if (t->kind == TEMP_CONST || t->kind == TEMP_FIXED) {
        return r;       /* a scratch copy, owned by nobody */
    }
    if (t->val_type == TEMP_VAL_REG) {
        s->reg_to_temp[t->reg] = NULL;
    } else {
        t->mem_coherent = t->val_type == TEMP_VAL_MEM;
    }
    t->val_type = TEMP_VAL_REG;
    t->reg = r;
    s->reg_to_temp[r] = t;
    ra_note_global(s, t, !t->mem_coherent);
    return r;
}

static void sync_globals(TCGContext *s, bool free)
{
    uint64_t todo = s->ra_globals_unsynced | (free ? s->ra_globals_in_regs : 0);

    tcg_fault_close(s);     /* what follows may fault or leave: a new record */
    if (!todo) {
        return;     /* env is up to date (and nothing to free) */
    }
    s->ra_globals_unsynced = 0;
    s->ra_globals_in_regs &= free ? 0 : ~(uint64_t)0;
    /* Only the globals noted since (bit 63: all from 63 on). */
    for (int i = __builtin_ctzll(todo), n = s->nb_globals; i < n; i = tcg_next_global(&todo, i, n)) {
        TCGTemp *t = &s->temps[i];

        /* The common case, inline: already in memory and nothing to free. */
        if (t->val_type == TEMP_VAL_MEM || t->val_type == TEMP_VAL_DEAD ||
            (!free && t->val_type == TEMP_VAL_REG && t->mem_coherent)) {
            continue;
        }
        if (free) {
            temp_save(s, t);
        } else {
            temp_sync(s, t);
        }
    }
}

/*
 * Exit stubs (tcg_liveness): a conditional branch to one leaves the globals
 * where they are, noting it here; the stub's label takes this state over and
 * its exit stores them. Out of slots: the branch stores them as usual.
 */
static bool stub_snap(TCGContext *s, const TCGLabel *l)
{
    int n = s->nb_stub_snaps;

    if (n == TCG_STUB_SNAPS) {
        return false;
    }
    s->stub_snaps[n].label = l->id;
    for (int i = 0; i < s->nb_globals; i++) {
        const TCGTemp *t = &s->temps[i];

        s->stub_snaps[n].g[i].val_type = t->val_type;
        s->stub_snaps[n].g[i].reg = t->reg;
        s->stub_snaps[n].g[i].coherent = t->mem_coherent;
        s->stub_snaps[n].g[i].cval = t->cval;
    }
    s->nb_stub_snaps++;
    return true;
}

/* At stub l, after everything was freed: the globals as at its branch. */
static void stub_restore(TCGContext *s, const TCGLabel *l)
{
    int n;

    for (n = 0; n < s->nb_stub_snaps && s->stub_snaps[n].label != l->id; n++) {
    }
    if (n == s->nb_stub_snaps) {
        return;     /* its branch stored them */
    }
    for (int i = 0; i < s->nb_globals; i++) {
        TCGTemp *t = &s->temps[i];

        t->val_type = s->stub_snaps[n].g[i].val_type;
        t->reg = s->stub_snaps[n].g[i].reg;
        t->mem_coherent = s->stub_snaps[n].g[i].coherent;
        t->cval = s->stub_snaps[n].g[i].cval;
        if (t->val_type == TEMP_VAL_REG) {
            s->reg_to_temp[t->reg] = t;
        }
        if (t->val_type == TEMP_VAL_REG || t->val_type == TEMP_VAL_CONST) {
            ra_note_global(s, t, !t->mem_coherent);
        }
    }
}

/*
 * End of a basic block: globals and TB temps to memory, EBB temps die. l is
 * the label it leads to (a branch's target or the label itself), or NULL;
 * liveness found whether any TB temp is read after it.
 */
static void bb_end(TCGContext *s, bool free, const TCGLabel *l)
{
    bool none = l && l->no_tb_temps;

    if (!free && l && l->stub && stub_snap(s, l)) {
        tcg_fault_close(s);     /* the globals stay where they are */
    } else {
        sync_globals(s, free);
    }
    for (int j = 0, n = s->nb_block_temps; j < n; j++) {
        TCGTemp *t = tcg_block_temp(s, j);

        if (t->val_type == TEMP_VAL_DEAD) {
            continue;       /* nothing to store or free */
        }
        if (t->kind == TEMP_TB) {
            if (none || !tcg_tb_temp_used_after(s, t, s->cur_op)) {
                if (free) {
                    temp_dead(s, t, false);     /* nobody reads it again */
                }
            } else if (free) {
                temp_save(s, t);
            } else {
                temp_sync(s, t);
            }
        } else if (free && t->kind == TEMP_EBB) {
            temp_dead(s, t, false);
        }
    }
}

/*
 * Loops (loop_back): the globals the block reads most (chosen before
 * liveness, tcg_loop_prepare) are loaded into fixed registers before its head
 * (the exit-request check) and are in them at each jump back, newer than env
 * if the loop changed them: a loop's registers go around without touching
 * env. Every way out of the loop stores them as any changed global (the
 * head's exit-request stub too).
 */
static const int loop_regs[TCG_LOOP_PINNED] = {
    TCG_REG_RBP, TCG_REG_RBX, TCG_REG_R12, TCG_REG_R13, TCG_REG_R10,
};

void tcg_loop_prepare(TCGContext *s)
{
    uint32_t reads[s->nb_globals];

    for (int k = 0; k < s->nb_loop_pinned; k++) {
        s->temps[s->loop_pinned[k]].loop_pinned = false;
    }
    s->nb_loop_pinned = 0;
    if (!s->has_loop_back) {
        return;
    }
    memset(reads, 0, sizeof(reads));
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        int no = op_nb_oargs(op), ni = op_nb_iargs(op);

        for (int k = no; k < no + ni; k++) {
            TCGTemp *t = arg_temp(op->args[k]);
            if (t->kind == TEMP_GLOBAL) {
                reads[t->index]++;
            }
        }
    }
    /* The most read first (a few globals: selection is fine). */
    while (s->nb_loop_pinned < TCG_LOOP_PINNED) {
        int best = -1;
        for (int g = 0; g < s->nb_globals && g < 63; g++) {
            if (reads[g] && (best < 0 || reads[g] > reads[best])) {
                best = g;
            }
        }
        if (best < 0) {
            break;
        }
        reads[best] = 0;
        s->temps[best].loop_pinned = true;
        s->loop_pinned[s->nb_loop_pinned++] = best;
    }
}

/* Before the head: the pinned globals into their registers; after it they
 * may be newer than env (from a jump back). */
static void loop_head(TCGContext *s)
{
    for (int k = 0; k < s->nb_loop_pinned; k++) {
        TCGTemp *t = &s->temps[s->loop_pinned[k]];
        int r = loop_regs[k];

        tcg_out_ld(s, t->type, r, TCG_REG_ENV, t->mem_offset);
        t->val_type = TEMP_VAL_REG;
        t->reg = r;
        t->mem_coherent = false;
        s->reg_to_temp[r] = t;
        ra_note_global(s, t, true);
    }
    s->loop_head = s->code_ptr - s->code_start;
}

/* The head's exit-request stub: the pinned globals to env first. */
static void loop_exit_stores(TCGContext *s)
{
    for (int k = 0; k < s->nb_loop_pinned; k++) {
        const TCGTemp *t = &s->temps[s->loop_pinned[k]];
        tcg_out_st(s, t->type, loop_regs[k], TCG_REG_ENV, t->mem_offset);
    }
}

/*
 * The jump back: the other globals stored, the pinned ones moved into their
 * registers. A move waits while its destination is still the source of
 * another; a cycle goes through the scratch register.
 */
static void reg_alloc_loop_back(TCGContext *s)
{
    int src[TCG_LOOP_PINNED];
    unsigned pending = 0;
    uint64_t pinned_bits = 0;

    tcg_fault_close(s);
    for (int i = 0; i < s->nb_globals; i++) {
        TCGTemp *t = &s->temps[i];
        if (!t->loop_pinned) {
            temp_sync(s, t);
        }
    }
    for (int k = 0; k < s->nb_loop_pinned; k++) {
        const TCGTemp *t = &s->temps[s->loop_pinned[k]];

        pinned_bits |= (uint64_t)1 << s->loop_pinned[k];
        src[k] = t->val_type == TEMP_VAL_REG ? t->reg : -1;
        if (src[k] != loop_regs[k]) {
            pending |= 1u << k;
        }
    }
    s->ra_globals_unsynced &= pinned_bits;
    while (pending) {
        int pick = -1;

        for (int k = 0; k < s->nb_loop_pinned && pick < 0; k++) {
            bool blocked = false;
            if (!(pending & (1u << k))) {
                continue;
            }
            for (int j = 0; j < s->nb_loop_pinned; j++) {
                blocked |= j != k && (pending & (1u << j)) && src[j] == loop_regs[k];
            }
            if (!blocked) {
                pick = k;
            }
        }
        if (pick < 0) {
            /* a cycle: park one source in the scratch register */
            int k = __builtin_ctz(pending);
            tcg_out_mov(s, TCG_TYPE_I64, TCG_REG_TMP, src[k]);
            src[k] = TCG_REG_TMP;
            continue;
        }
        const TCGTemp *t = &s->temps[s->loop_pinned[pick]];
        int r = loop_regs[pick];
        if (src[pick] >= 0) {
            tcg_out_mov(s, t->type, r, src[pick]);
        } else if (t->val_type == TEMP_VAL_CONST) {
            tcg_out_movi(s, t->type, r, t->cval);
        } else {
            tcg_out_ld(s, t->type, r, TCG_REG_ENV, t->mem_offset);  /* env holds it */
        }
        pending &= ~(1u << pick);
    }
    tcg_out_jmp_abs(s, s->code_start + s->loop_head);
}

static bool const_fits(TCGTemp *t, uint8_t flags)
{
    int64_t v;

    if (t->kind == TEMP_CONST) {
        v = t->val;
    } else if (t->val_type == TEMP_VAL_CONST) {
        v = tcg_normalize(t->type, t->cval);
    } else {
        return false;
    }
    return (flags & CT_CONST_ANY) || ((flags & CT_CONST_S32) && v == (int32_t)v);
}

static int64_t temp_const_val(TCGTemp *t)
{
    return t->kind == TEMP_CONST ? t->val : tcg_normalize(t->type, t->cval);
}

/* Input k of op (arguments no..no+ni-1) once, or -1: absent or repeated. */
static int op_single_input(const TCGOp *op, int no, int ni, TCGTemp *t)
{
    int found = -1;

    for (int k = 0; k < ni; k++) {
        if (arg_temp(op->args[no + k]) == t) {
            if (found >= 0) {
                return -1;
            }
            found = k;
        }
    }
    return found;
}

/*
 * Whether register r, which op overwrites, holds an input that must be in r
 * and dies here without a store: then it is consumed in place, not saved.
 */
static bool fixed_input_dies_in(TCGContext *s, const TCGOp *op, const TCGConstraint *ct, int r)
{
    TCGTemp *t = s->reg_to_temp[r];
    int no = op_nb_oargs(op), i;

    if (!t) {
        return false;
    }
    i = op_single_input(op, no, op_nb_iargs(op), t);
    return i >= 0 && ct->i[i].regs == R(r) && (op->life & DEAD_ARG(no + i)) &&
           !(op->life & SYNC_ARG(no + i));
}

static void reg_alloc_op(TCGContext *s, const TCGOp *op)
{
    TCGConstraint ct;
    TCGArg args[TCG_MAX_OP_ARGS];
    bool cargs[TCG_MAX_OP_ARGS] = { false };
    int no = op_nb_oargs(op), ni = op_nb_iargs(op);
    uint16_t locked = 0, fixed_out = 0, aliased = 0;
    int order[6], n = 0, k, j;
    unsigned flags = tcg_op_defs[op->opc].flags;
    bool user_access = s->user_mode &&
                       (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st ||
                        op->opc == INDEX_op_fp_sse_m || op->opc == INDEX_op_fp_st_m);

    tcg_target_constraint(s, op, &ct);
    memcpy(args, op->args, sizeof(args));
    for (k = 0; k < no; k++) {
        if (ct.o[k].flags & CT_ALIAS) {
            aliased |= 1u << ct.o[k].alias;
        } else if (single_reg(ct.o[k].regs)) {
            fixed_out |= ct.o[k].regs;
        }
    }
    fixed_out |= ct.clobber;
    for (uint16_t m = fixed_out; m; m &= m - 1) {
        k = __builtin_ctz(m);
        if (!fixed_input_dies_in(s, op, &ct, k)) {
            reg_evict(s, k);
        }
    }
    /* Inputs with a fixed register first. */
    for (k = 0; k < ni; k++) {
        if (single_reg(ct.i[k].regs)) {
            order[n++] = k;
        }
    }
    for (k = 0; k < ni; k++) {
        if (!single_reg(ct.i[k].regs)) {
            order[n++] = k;
        }
    }
    for (j = 0; j < ni; j++) {
        int i = order[j];
        TCGTemp *t = arg_temp(op->args[no + i]);
        TCGArgCt *ic = &ct.i[i];
        uint16_t regs = single_reg(ic->regs) ? ic->regs : ic->regs & ~fixed_out;
        bool dies = (op->life & DEAD_ARG(no + i)) != 0;
        bool other_use = false;
        int r;

        if (const_fits(t, ic->flags) && !(aliased & (1u << i))) {
            args[no + i] = temp_const_val(t);
            cargs[no + i] = true;
            continue;
        }
        for (k = 0; k < ni; k++) {
            if (k != i && op->args[no + k] == op->args[no + i]) {
                other_use = true;
            }
        }
        if ((aliased & (1u << i)) || (single_reg(ic->regs) && (fixed_out & ic->regs))) {
            /* The op overwrites this register: it must be a private copy. */
            if (dies && !other_use && t->kind != TEMP_CONST && t->kind != TEMP_FIXED &&
                t->val_type == TEMP_VAL_REG && (regs & R(t->reg)) && !(locked & R(t->reg))) {
                r = t->reg;
                temp_dead(s, t, (op->life & SYNC_ARG(no + i)) != 0);
            } else {
                if (!dies && (t->kind == TEMP_GLOBAL || t->kind == TEMP_TB ||
                              t->kind == TEMP_EBB) && t->val_type == TEMP_VAL_MEM) {
                    /* Still needed after the op: keep a register copy too. */
                    temp_load(s, t, RA_ALLOC & ~fixed_out, locked);
                }
                r = reg_alloc(s, regs, locked | (t->val_type == TEMP_VAL_REG ? R(t->reg) : 0));
                temp_copy_to(s, t, r);
            }
        } else {
            r = temp_load(s, t, regs, locked);
        }
        locked |= R(r);
        args[no + i] = r;
    }
    /* User mode: a guest access records where the changed globals are, for
     * the fault handler, with every input still in its register. */
    if (user_access && !tcg_fault_record(s)) {
        sync_globals(s, false);
    }
    /* Inputs that die here release their registers (still locked for the op). */
    for (k = no; k < no + ni; k++) {
        if (op->life & DEAD_ARG(k)) {
            temp_dead(s, arg_temp(op->args[k]), (op->life & SYNC_ARG(k)) != 0);
        }
    }
    if (flags & (TCG_OPF_BB_END | TCG_OPF_BB_EXIT)) {
        bb_end(s, false, op->opc == INDEX_op_brcond ? arg_label(op->args[3])
                         : op->opc == INDEX_op_br ? arg_label(op->args[0]) : NULL);
    } else if (user_access) {
        /* recorded above */
    } else if (op->opc == INDEX_op_qemu_ld || op->opc == INDEX_op_qemu_st ||
               op->opc == INDEX_op_fp_sse_m || op->opc == INDEX_op_fp_st_m ||
               op->opc == INDEX_op_fp_align || tcg_x87_may_fault(op)) {
        sync_globals(s, false);
    }
    for (k = 0; k < no; k++) {
        TCGTemp *t = arg_temp(op->args[k]);
        int r;

        if (ct.o[k].flags & CT_ALIAS) {
            r = args[no + ct.o[k].alias];
        } else if (single_reg(ct.o[k].regs)) {
            r = __builtin_ctz(ct.o[k].regs);
        } else {
            r = reg_alloc(s, ct.o[k].regs & ~fixed_out, locked);
        }
        if (t->val_type == TEMP_VAL_REG && s->reg_to_temp[t->reg] == t) {
            s->reg_to_temp[t->reg] = NULL;
        }
        t->val_type = TEMP_VAL_REG;
        t->reg = r;
        t->mem_coherent = false;
        s->reg_to_temp[r] = t;
        ra_note_global(s, t, true);
        locked |= R(r);
        args[k] = r;
    }
    tcg_out_op(s, op, args, cargs);
    if (user_access) {
        tcg_fault_record_end(s);
    }
    for (k = 0; k < no; k++) {
        TCGTemp *t = arg_temp(op->args[k]);
        if (op->life & DEAD_ARG(k)) {
            if (op->life & SYNC_ARG(k)) {
                temp_sync(s, t);
            }
            temp_dead_output(s, t);
        }
    }
}

/*
 * Whether a mov/movi must store its output d now. A global still in a
 * register after it is stored later, at the sync point that needs it (a
 * branch, a call, the block's end; a register taken from it is stored
 * first): on the paths that do not reach one, or when d is written again
 * before, never.
 */
static bool sync_now(const TCGTemp *d, uint32_t life)
{
    return (life & SYNC_ARG(0)) && (d->kind != TEMP_GLOBAL || (life & DEAD_ARG(0)));
}

static void reg_alloc_mov(TCGContext *s, const TCGOp *op)
{
    TCGTemp *d = arg_temp(op->args[0]), *src = arg_temp(op->args[1]);
    bool src_dies = (op->life & DEAD_ARG(1)) != 0;
    int r;

    if (d == src) {
        if (op->life & SYNC_ARG(0)) {
            temp_sync(s, d);
        }
        if (op->life & DEAD_ARG(0)) {
            temp_dead(s, d, false);
        }
        return;
    }
    if (src->kind == TEMP_CONST || src->val_type == TEMP_VAL_CONST) {
        int64_t v = src->kind == TEMP_CONST ? src->val : src->cval;
        if (src_dies) {
            temp_dead(s, src, (op->life & SYNC_ARG(1)) != 0);
        }
        temp_free_reg(s, d);
        d->val_type = TEMP_VAL_CONST;
        d->cval = v;
        d->mem_coherent = false;
        ra_note_global(s, d, true);
    } else if (d->kind == TEMP_GLOBAL && (op->life & DEAD_ARG(0)) &&
               src->val_type == TEMP_VAL_REG && !d->loop_pinned) {
        /* A global written and not read again here: store it directly. */
        temp_free_reg(s, d);
        tcg_out_st(s, d->type, src->reg, TCG_REG_ENV, d->mem_offset);
        d->val_type = TEMP_VAL_MEM;
        d->mem_coherent = true;
        if (src_dies) {
            temp_dead(s, src, (op->life & SYNC_ARG(1)) != 0);
        }
        return;
    } else {
        if (d->val_type == TEMP_VAL_REG) {
            s->reg_to_temp[d->reg] = NULL;
            d->val_type = TEMP_VAL_DEAD;
        }
        if (src->val_type == TEMP_VAL_REG && src_dies && src->kind != TEMP_FIXED) {
            r = src->reg;
            temp_dead(s, src, (op->life & SYNC_ARG(1)) != 0);
        } else {
            r = reg_alloc(s, TCG_REGS_ALL,
                          src->val_type == TEMP_VAL_REG ? R(src->reg) : 0);
            temp_copy_to(s, src, r);
            if (src_dies) {
                temp_dead(s, src, (op->life & SYNC_ARG(1)) != 0);
            }
        }
        d->val_type = TEMP_VAL_REG;
        d->reg = r;
        d->mem_coherent = false;
        s->reg_to_temp[r] = d;
        ra_note_global(s, d, true);
    }
    if (sync_now(d, op->life)) {
        temp_sync(s, d);
    }
    if (op->life & DEAD_ARG(0)) {
        temp_dead_output(s, d);
    }
}

static void reg_alloc_movi(TCGContext *s, const TCGOp *op)
{
    TCGTemp *d = arg_temp(op->args[0]);

    temp_free_reg(s, d);
    d->val_type = TEMP_VAL_CONST;
    d->cval = op->args[1];
    d->mem_coherent = false;
    ra_note_global(s, d, true);
    if (sync_now(d, op->life)) {
        temp_sync(s, d);
    }
    if (op->life & DEAD_ARG(0)) {
        temp_dead(s, d, false);
    }
}

/*
 * A call's arguments go straight from where they are to their registers:
 * only values the call would destroy and that are still needed afterwards
 * are stored, and arguments that die here are never stored.
 */
static void reg_alloc_call(TCGContext *s, const TCGOp *op)
{
    const TCGHelperInfo *info = op_call_info(op);
    int no = op->callo, ni = op->calli, k;
    uint16_t arg_regs = 0;

    tcg_fault_close(s);
    for (k = 0; k < ni; k++) {
        arg_regs |= R(tcg_target_call_iarg_regs[k]);
    }
    /* Keep in place only arguments sitting in their own register or in a
     * clobbered register no argument is loaded into. */
    for (uint16_t m = TCG_REGS_CALL_CLOBBERED; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        TCGTemp *t = s->reg_to_temp[r];
        bool keep = false;

        if (!t) {
            continue;
        }
        for (k = 0; k < ni && !keep; k++) {
            keep = arg_temp(op->args[no + k]) == t &&
                   (tcg_target_call_iarg_regs[k] == r || !(arg_regs & R(r)));
        }
        if (!keep) {
            reg_evict(s, r);
        }
    }
    for (k = 0; k < ni; k++) {
        temp_copy_to(s, arg_temp(op->args[no + k]), tcg_target_call_iarg_regs[k]);
    }
    for (k = no; k < no + ni; k++) {
        if (op->life & DEAD_ARG(k)) {
            temp_dead(s, arg_temp(op->args[k]), (op->life & SYNC_ARG(k)) != 0);
        }
    }
    /* Arguments still needed after the call leave its clobbered registers. */
    for (uint16_t m = TCG_REGS_CALL_CLOBBERED; m; m &= m - 1) {
        reg_evict(s, __builtin_ctz(m));
    }
    if (!(info->flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        sync_globals(s, true);
    } else if (!(info->flags & TCG_CALL_NO_READ_GLOBALS)) {
        sync_globals(s, false);
    }
    tcg_out_call(s, info->func);
    if (no) {
        TCGTemp *t = arg_temp(op->args[0]);

        temp_free_reg(s, t);
        if ((info->typemask & 7) == TCG_HTYPE_I32) {
            tcg_out_mov(s, TCG_TYPE_I32, TCG_REG_RAX, TCG_REG_RAX);   /* zero-extend */
        }
        t->val_type = TEMP_VAL_REG;
        t->reg = TCG_REG_RAX;
        t->mem_coherent = false;
        s->reg_to_temp[TCG_REG_RAX] = t;
        ra_note_global(s, t, true);
        if (op->life & SYNC_ARG(0)) {
            temp_sync(s, t);
        }
        if (op->life & DEAD_ARG(0)) {
            temp_dead(s, t, false);
        }
    }
}

static void reg_alloc_label(TCGContext *s, const TCGOp *op)
{
    TCGLabel *l = arg_label(op->args[0]);

    bb_end(s, true, l);
    if (l->stub) {
        stub_restore(s, l);
    }
    l->code_offset = s->code_ptr - s->code_start;
    /* Nothing is known to be in a register at a label. */
    for (int j = 0, n = s->nb_block_temps; j < n; j++) {
        TCGTemp *t = tcg_block_temp(s, j);
        if (t->kind == TEMP_TB && t->val_type == TEMP_VAL_DEAD) {
            t->val_type = TEMP_VAL_MEM;
            t->mem_coherent = true;
        }
    }
}

static void reg_alloc_insn_start(TCGContext *s, const TCGOp *op)
{
    TCGInsnRecord *rec;

    /* A helper's return address must never equal the next insn's start. */
    if (s->code_ptr == s->last_call_ret) {
        tcg_out_nop(s);
    }
    if (s->nb_insn_records >= TCG_MAX_INSNS) {
        return;
    }
    rec = &s->insns[s->nb_insn_records++];
    rec->host_start = s->code_ptr - s->code_start;
    for (int i = 0; i < TCG_INSN_START_WORDS; i++) {
        rec->data[i] = op->args[i];
    }
}

static void regalloc_reset(TCGContext *s)
{
    memset(s->reg_to_temp, 0, sizeof(s->reg_to_temp));
    s->ra_globals_in_regs = 0;
    s->ra_globals_unsynced = 0;
    for (int i = 0; i < tcg_nb_live_temps(s); i++) {
        TCGTemp *t = tcg_live_temp(s, i);
        t->val_type = t->kind == TEMP_GLOBAL ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
        t->mem_coherent = t->kind == TEMP_GLOBAL;
    }
}

int tcg_gen_code(TCGContext *s, uint8_t *code, uint8_t *limit, uintptr_t tb_value)
{
    uint32_t stub_jump;

    s->code_start = s->code_ptr = code;
    s->code_limit = limit;
    s->tb_value = tb_value;
    memset(s->goto_tb_jmp, 0, sizeof(s->goto_tb_jmp));
    memset(s->goto_tb_reset, 0, sizeof(s->goto_tb_reset));
    s->nb_relocs = 0;
    s->nb_insn_records = 0;
    s->nb_fault_words = 0;
    s->fault_open = s->fault_pending = -1;
    s->last_call_ret = NULL;
    if (sigsetjmp(s->overflow, 0)) {
        return -1;
    }
    regalloc_reset(s);
    tcg_out_fp_reset(s);
    s->nb_stub_snaps = 0;
    loop_head(s);
    tcg_out_exit_request_check(s, &stub_jump);
    for (int i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];

        if (op->opc == INDEX_op_nop) {
            continue;       /* about half the entries after optimize and liveness */
        }
        s->cur_op = i;
        if (s->code_ptr > s->code_limit - 65536) {
            return -1;
        }
        tcg_out_fp_barrier(s, op);
        switch (op->opc) {
        case INDEX_op_nop:
            break;
        case INDEX_op_discard:
            temp_dead(s, arg_temp(op->args[0]), false);
            break;
        case INDEX_op_insn_start:
            reg_alloc_insn_start(s, op);
            break;
        case INDEX_op_set_label:
            reg_alloc_label(s, op);
            break;
        case INDEX_op_mov:
            reg_alloc_mov(s, op);
            break;
        case INDEX_op_movi:
            reg_alloc_movi(s, op);
            break;
        case INDEX_op_call:
            reg_alloc_call(s, op);
            break;
        case INDEX_op_loop_back:
            reg_alloc_loop_back(s);
            break;
        default:
            reg_alloc_op(s, op);
            break;
        }
    }
    if (s->nb_loop_pinned) {
        uint32_t at = s->code_ptr - s->code_start;

        loop_exit_stores(s);
        tcg_out_exit_request_stub(s, stub_jump);
        tcg_out_reloc_patch(s, stub_jump, at);      /* the stores first */
    } else {
        tcg_out_exit_request_stub(s, stub_jump);
    }
    for (int i = 0; i < s->nb_relocs; i++) {
        tcg_out_reloc_patch(s, s->relocs[i].at, s->labels[s->relocs[i].label].code_offset);
    }
    if (s->code_ptr > s->code_limit) {
        return -1;
    }
    return s->code_ptr - s->code_start;
}
