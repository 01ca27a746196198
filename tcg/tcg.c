/*
 * The TCG context: the op table, temporaries (globals, block temps,
 * interned constants), labels, the op list of the block being built, the IR
 * dumper (-d op, op_opt) and the frozen IR handed to the interpreter.
 */
#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = { #n, o, i, c, f },
#include "tcg/tcg-opc.h"
};

int64_t tcg_normalize(TCGType type, int64_t v)
{
    return type == TCG_TYPE_I32 ? (int64_t)(int32_t)v : v;
}

TCGContext *tcg_context_new(intptr_t env_offset, bool user_mode, uintptr_t guest_base)
{
    TCGContext *s = calloc(1, sizeof(*s));
    TCGTemp *env;

    if (!s) {
        return NULL;
    }
    s->env_offset = env_offset;
    s->user_mode = user_mode;
    s->guest_base = guest_base;
    s->ops_cap = 1024;
    s->ops = malloc(s->ops_cap * sizeof(TCGOp));
    s->relocs_cap = 256;
    s->relocs = malloc(s->relocs_cap * sizeof(TCGReloc));
    if (!s->ops || !s->relocs) {
        tcg_context_free(s);
        return NULL;
    }
    env = &s->temps[0];
    env->type = TCG_TYPE_I64;
    env->kind = TEMP_FIXED;
    env->in_use = true;
    env->name = "env";
    s->nb_globals = s->nb_temps = 1;
    tcg_target_init(s);
    tcg_func_start(s);
    return s;
}

void tcg_context_free(TCGContext *s)
{
    if (s) {
        free(s->ops);
        free(s->relocs);
        free(s);
    }
}

void tcg_set_frontend_data(TCGContext *s, void *data)
{
    s->frontend_data = data;
}

void *tcg_frontend_data(TCGContext *s)
{
    return s->frontend_data;
}

/* Forget the previous block: its temps, constants, ops and labels. */
void tcg_func_start(TCGContext *s)
{
    s->nb_temps = s->nb_globals;
    s->nb_block_temps = 0;
    memset(s->free_temps, -1, sizeof(s->free_temps));
    for (int i = 0; i < s->nb_const_used; i++) {
        s->const_hash[s->const_used[i]] = NULL;
    }
    s->nb_const_used = 0;
    s->nb_ops = 0;
    s->nb_labels = 0;
    s->nb_insns = 0;
    s->has_loop_back = false;
}

TCGv_ptr tcg_env(TCGContext *s)
{
    return temp_tcgv_ptr(&s->temps[0]);
}

static TCGTemp *tcg_temp_alloc(TCGContext *s)
{
    TCGTemp *t;

    if (s->nb_temps >= TCG_MAX_TEMPS) {
        fprintf(stderr, "tcg: more than %d temporaries in one block\n", TCG_MAX_TEMPS);
        abort();
    }
    t = &s->temps[s->nb_temps];
    *t = (TCGTemp){ 0 };     /* inline stores, not a memset call */
    t->index = s->nb_temps++;
    t->next_free = -1;
    return t;
}

static TCGTemp *tcg_global_mem_new(TCGContext *s, TCGType type, intptr_t ofs, const char *name)
{
    TCGTemp *t;

    /* Globals are created once, before any block. */
    assert(s->nb_temps == s->nb_globals);
    t = tcg_temp_alloc(s);
    t->type = type;
    t->kind = TEMP_GLOBAL;
    t->in_use = true;
    t->mem_offset = ofs;
    t->name = name;
    s->nb_globals++;
    return t;
}

TCGv_i32 tcg_global_mem_new_i32(TCGContext *s, intptr_t env_offset, const char *name)
{
    return temp_tcgv_i32(tcg_global_mem_new(s, TCG_TYPE_I32, env_offset, name));
}

TCGv_i64 tcg_global_mem_new_i64(TCGContext *s, intptr_t env_offset, const char *name)
{
    return temp_tcgv_i64(tcg_global_mem_new(s, TCG_TYPE_I64, env_offset, name));
}

TCGTemp *tcg_temp_new_internal(TCGContext *s, TCGType type, TCGTempKind kind)
{
    int k = kind == TEMP_TB;
    int idx = s->free_temps[type][k];
    TCGTemp *t;

    if (idx >= 0) {
        t = &s->temps[idx];
        s->free_temps[type][k] = t->next_free;
    } else {
        t = tcg_temp_alloc(s);
        t->type = type;
        t->kind = kind;
        s->block_temps[s->nb_block_temps++] = t->index;
    }
    t->in_use = true;
    return t;
}

TCGv_i32 tcg_temp_new_i32(TCGContext *s)
{
    return temp_tcgv_i32(tcg_temp_new_internal(s, TCG_TYPE_I32, TEMP_TB));
}

TCGv_i64 tcg_temp_new_i64(TCGContext *s)
{
    return temp_tcgv_i64(tcg_temp_new_internal(s, TCG_TYPE_I64, TEMP_TB));
}

TCGv_ptr tcg_temp_new_ptr(TCGContext *s)
{
    return temp_tcgv_ptr(tcg_temp_new_internal(s, TCG_TYPE_I64, TEMP_TB));
}

TCGv_i32 tcg_temp_ebb_new_i32(TCGContext *s)
{
    return temp_tcgv_i32(tcg_temp_new_internal(s, TCG_TYPE_I32, TEMP_EBB));
}

TCGv_i64 tcg_temp_ebb_new_i64(TCGContext *s)
{
    return temp_tcgv_i64(tcg_temp_new_internal(s, TCG_TYPE_I64, TEMP_EBB));
}

void tcg_temp_free_internal(TCGContext *s, TCGTemp *t)
{
    int k;

    if (t->kind != TEMP_EBB && t->kind != TEMP_TB) {
        return;     /* globals and constants are never freed */
    }
    assert(t->in_use);
    k = t->kind == TEMP_TB;
    t->in_use = false;
    t->next_free = s->free_temps[t->type][k];
    s->free_temps[t->type][k] = t->index;
}

void tcg_temp_free_i32(TCGContext *s, TCGv_i32 t)
{
    tcg_temp_free_internal(s, tcgv_i32_temp(t));
}

void tcg_temp_free_i64(TCGContext *s, TCGv_i64 t)
{
    tcg_temp_free_internal(s, tcgv_i64_temp(t));
}

void tcg_temp_free_ptr(TCGContext *s, TCGv_ptr t)
{
    tcg_temp_free_internal(s, tcgv_ptr_temp(t));
}

TCGTemp *tcg_constant_internal(TCGContext *s, TCGType type, int64_t val)
{
    uint64_t h;
    unsigned i, n;
    TCGTemp *t;

    val = tcg_normalize(type, val);
    h = ((uint64_t)val * 0x9e3779b97f4a7c15ull) ^ type;
    for (n = 0; n < TCG_CONST_HASH; n++) {
        i = (unsigned)((h >> 40) + n) & (TCG_CONST_HASH - 1);
        t = s->const_hash[i];
        if (!t) {
            t = tcg_temp_alloc(s);
            t->type = type;
            t->kind = TEMP_CONST;
            t->in_use = true;
            t->val = val;
            s->const_hash[i] = t;
            s->const_used[s->nb_const_used++] = i;
            return t;
        }
        if (t->type == type && t->val == val) {
            return t;
        }
    }
    /* Table full: an uninterned constant is still correct. */
    t = tcg_temp_alloc(s);
    t->type = type;
    t->kind = TEMP_CONST;
    t->in_use = true;
    t->val = val;
    return t;
}

TCGv_i32 tcg_constant_i32(TCGContext *s, int32_t val)
{
    return temp_tcgv_i32(tcg_constant_internal(s, TCG_TYPE_I32, val));
}

TCGv_i64 tcg_constant_i64(TCGContext *s, int64_t val)
{
    return temp_tcgv_i64(tcg_constant_internal(s, TCG_TYPE_I64, val));
}

TCGv_ptr tcg_constant_ptr(TCGContext *s, intptr_t val)
{
    return temp_tcgv_ptr(tcg_constant_internal(s, TCG_TYPE_I64, val));
}

TCGLabel *gen_new_label(TCGContext *s)
{
    TCGLabel *l;

    if (s->nb_labels >= TCG_MAX_LABELS) {
        fprintf(stderr, "tcg: more than %d labels in one block\n", TCG_MAX_LABELS);
        abort();
    }
    l = &s->labels[s->nb_labels];
    memset(l, 0, sizeof(*l));
    l->id = s->nb_labels++;
    return l;
}

/* tcg_emit_op's slow path: twice the room for ops. */
void tcg_ops_grow(TCGContext *s)
{
    TCGOp *n = realloc(s->ops, 2 * s->ops_cap * sizeof(TCGOp));

    if (!n) {
        fprintf(stderr, "tcg: out of memory for ops\n");
        abort();
    }
    s->ops = n;
    s->ops_cap *= 2;
}

bool tcg_op_buf_full(TCGContext *s)
{
    return s->nb_temps > TCG_MAX_TEMPS - 256 || s->nb_labels > TCG_MAX_LABELS - 64 ||
           s->nb_insns >= TCG_MAX_INSNS - 1 || s->nb_ops > 16384;
}

/* Ops are removed in place: a nop is skipped by every later pass. */
void tcg_op_remove(TCGContext *s, TCGOp *op)
{
    op->opc = INDEX_op_nop;
}

static const char *const cond_names[16] = {
    [TCG_COND_NEVER] = "never", [TCG_COND_ALWAYS] = "always", [TCG_COND_EQ] = "eq",
    [TCG_COND_NE] = "ne", [TCG_COND_LT] = "lt", [TCG_COND_GE] = "ge",
    [TCG_COND_LE] = "le", [TCG_COND_GT] = "gt", [TCG_COND_LTU] = "ltu",
    [TCG_COND_GEU] = "geu", [TCG_COND_LEU] = "leu", [TCG_COND_GTU] = "gtu",
};

static void tcg_dump_temp(TCGContext *s, TCGTemp *t, FILE *f)
{
    switch (t->kind) {
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        fprintf(f, "%s", t->name);
        break;
    case TEMP_CONST:
        fprintf(f, "$0x%" PRIx64, t->type == TCG_TYPE_I32 ? (uint32_t)t->val : t->val);
        break;
    case TEMP_TB:
        fprintf(f, "tmp%d", t->index - s->nb_globals);
        break;
    default:
        fprintf(f, "loc%d", t->index - s->nb_globals);
        break;
    }
}

static void tcg_dump_op(TCGContext *s, const TCGOp *op, FILE *f)
{
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int no = op_nb_oargs(op), ni = op_nb_iargs(op), i, k = 0;
    const char *sep = " ";

    if (op->opc == INDEX_op_insn_start) {
        fprintf(f, " ---- %016" PRIx64 " %016" PRIx64 "\n", (uint64_t)op->args[0],
                (uint64_t)op->args[1]);
        return;
    }
    if (op->opc == INDEX_op_call) {
        fprintf(f, " call %s", op_call_info(op)->name);
        sep = ",";
    } else {
        fprintf(f, " %s", def->name);
        if (!strstr(def->name, "_i")) {
            fprintf(f, "_i%d", op->type == TCG_TYPE_I32 ? 32 : 64);
        }
    }
    for (i = 0; i < no + ni; i++, k++) {
        fputs(i ? "," : sep, f);
        tcg_dump_temp(s, arg_temp(op->args[k]), f);
    }
    if (op->opc == INDEX_op_call) {
        fputc('\n', f);
        return;
    }
    for (i = 0; i < def->nb_cargs; i++, k++) {
        TCGArg a = op->args[k];
        fputs(k ? "," : " ", f);
        if ((op->opc == INDEX_op_setcond || op->opc == INDEX_op_movcond ||
             op->opc == INDEX_op_brcond) && i == 0) {
            fputs(cond_names[a & 15] ? cond_names[a & 15] : "?", f);
        } else if (op->opc == INDEX_op_br || op->opc == INDEX_op_set_label ||
                   (op->opc == INDEX_op_brcond && i == 1)) {
            fprintf(f, "$L%d", arg_label(a)->id);
        } else {
            fprintf(f, "$0x%" PRIx64, (uint64_t)a);
        }
    }
    fputc('\n', f);
}

void tcg_dump_ops(TCGContext *s, FILE *f)
{
    for (int i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc != INDEX_op_nop) {
            tcg_dump_op(s, &s->ops[i], f);
        }
    }
}

static bool op_is_label_arg(const TCGOp *op, int carg)
{
    return op->opc == INDEX_op_br || op->opc == INDEX_op_set_label ||
           (op->opc == INDEX_op_brcond && carg == 1);
}

TCGIR *tcg_ir_snapshot(TCGContext *s)
{
    size_t sz = sizeof(TCGIR) + s->nb_ops * sizeof(TCGOp) + s->nb_temps * sizeof(TCGIRTemp) +
                (s->nb_labels + 1) * sizeof(int);
    TCGIR *ir = malloc(sz);
    int i, n = 0;

    if (!ir) {
        return NULL;
    }
    ir->ops = (TCGOp *)(ir + 1);
    ir->temps = (TCGIRTemp *)(ir->ops + s->nb_ops);
    ir->label_op = (int *)(ir->temps + s->nb_temps);
    ir->nb_temps = s->nb_temps;
    ir->nb_labels = s->nb_labels;
    for (i = 0; i < s->nb_temps; i++) {
        ir->temps[i].type = s->temps[i].type;
        ir->temps[i].kind = s->temps[i].kind;
        ir->temps[i].val = s->temps[i].val;
        ir->temps[i].mem_offset = s->temps[i].mem_offset;
    }
    for (i = 0; i < s->nb_ops; i++) {
        const TCGOp *op = &s->ops[i];
        TCGOp *o;
        int nt, k, nc;

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        o = &ir->ops[n];
        *o = *op;
        nt = op_nb_oargs(op) + op_nb_iargs(op);
        for (k = 0; k < nt; k++) {
            o->args[k] = arg_temp(op->args[k])->index;
        }
        nc = op->opc == INDEX_op_call ? 0 : tcg_op_defs[op->opc].nb_cargs;
        for (k = 0; k < nc; k++) {
            if (op_is_label_arg(op, k)) {
                o->args[nt + k] = arg_label(op->args[nt + k])->id;
            }
        }
        if (op->opc == INDEX_op_set_label) {
            ir->label_op[o->args[0]] = n;
        }
        n++;
    }
    ir->nb_ops = n;
    return ir;
}
