/*
 * TCG internals shared by the IR builder, the interpreter, the optimiser,
 * liveness, the register allocator and the x86-64 backend. Not for front ends:
 * they see only tcg/tcg.h and tcg/tcg-op.h.
 */
#ifndef TCG_TCG_INTERNAL_H
#define TCG_TCG_INTERNAL_H

#include <assert.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcg/tcg.h"

#define TCG_MAX_TEMPS 4096
#define TCG_MAX_LABELS 4096
#define TCG_MAX_OP_ARGS 10
#define TCG_MAX_INSNS 512
#define TCG_MAX_FAULT_WORDS 8192
#define TCG_LOOP_PINNED 5
#define TCG_NOFOLD_SLOTS 1024
#define TCG_STUB_SNAPS 8
#define TCG_STUB_GLOBALS 64
#define TCG_CONST_HASH 1024

typedef enum TCGTempKind {
    TEMP_EBB,       /* dies at the end of its extended basic block */
    TEMP_TB,        /* lives to the end of the translation block */
    TEMP_GLOBAL,    /* a field of env, kept across blocks */
    TEMP_FIXED,     /* env itself, always in its host register */
    TEMP_CONST,     /* read-only, interned per block */
} TCGTempKind;

/* Where the register allocator keeps a temp's value right now. */
typedef enum TCGTempVal {
    TEMP_VAL_DEAD,
    TEMP_VAL_REG,
    TEMP_VAL_MEM,
    TEMP_VAL_CONST,
} TCGTempVal;

struct TCGTemp {
    uint8_t type;           /* TCGType */
    uint8_t kind;           /* TCGTempKind */
    bool in_use;            /* allocated (globals, consts: always) */
    uint16_t index;
    int64_t val;            /* TEMP_CONST: the value (i32: sign-extended) */
    intptr_t mem_offset;    /* TEMP_GLOBAL: offset in env */
    const char *name;
    int next_free;          /* free list link (-1 = end) */

    /* Register allocator state. */
    uint8_t val_type;       /* TCGTempVal */
    int8_t reg;
    bool mem_coherent;      /* memory holds the value too */
    bool loop_pinned;       /* a global kept in a register around loop_back */
    int64_t cval;           /* TEMP_VAL_CONST: the value */

    /* Liveness and optimiser scratch. */
    uint8_t state;
    int last_use;           /* index of the last op reading it (liveness) */
    /* Optimiser: what is known holds only while opt_epoch equals the
     * context's; opt_copy only while its opt_gen is still opt_copy_gen. */
    bool opt_const;
    uint64_t opt_val;
    uint64_t opt_epoch;
    uint64_t opt_gen;       /* bumped at every write: copies of it go stale */
    TCGTemp *opt_copy;      /* a temp known to hold the same value */
    uint64_t opt_copy_gen;
    /* Bits that may be nonzero, while opt_z_epoch/opt_z_gen are current. */
    uint64_t opt_zmask;
    uint64_t opt_z_epoch, opt_z_gen;
};

struct TCGLabel {
    uint16_t id;
    bool present;
    bool used;
    uint32_t code_offset;   /* once present: offset in the code being emitted */
    bool no_tb_temps;       /* liveness: no TB temp's value is read after it */
    uint16_t refs;          /* liveness: branches to it (a br counts 2) */
    bool stub;              /* liveness: an exit stub (see tcg_liveness) */
};

typedef struct TCGOp {
    uint16_t opc;           /* TCGOpcode */
    uint8_t type;           /* TCGType of the op */
    uint8_t callo, calli;   /* call: number of outputs / inputs */
    uint32_t life;          /* liveness: DEAD_ARG(i), SYNC_ARG(i) */
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

#define DEAD_ARG(i) (1u << (i))
#define SYNC_ARG(i) (1u << ((i) + 16))

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

/* Host CPU features the backend may use (cpuid at context creation). */
enum {
    TCG_HOST_BMI1 = 1 << 0,
    TCG_HOST_BMI2 = 1 << 1,
    TCG_HOST_LZCNT = 1 << 2,
    TCG_HOST_POPCNT = 1 << 3,
    TCG_HOST_MOVBE = 1 << 4,
};

/* Backend relocation: a rel32 at code offset `at` that targets a label. */
typedef struct TCGReloc {
    uint32_t at;
    uint16_t label;
} TCGReloc;

/* Insn boundaries recorded during code generation, for precise faults. */
typedef struct TCGInsnRecord {
    uint32_t host_start;    /* offset of the insn's first host byte */
    uint64_t data[TCG_INSN_START_WORDS];
} TCGInsnRecord;

/* Services exec/ gives to generated code: addresses of its C entry points. */
typedef struct TCGExecHooks {
    void *lookup_tb_ptr;    /* const void *fn(CPUState *cpu): code or epilogue */
    void *mem_ld;           /* uint64_t fn(CPUState *, uint64_t addr, MemOpIdx, ra) */
    void *mem_st;           /* void fn(CPUState *, uint64_t addr, uint64_t val, oi, ra) */
} TCGExecHooks;

/*
 * The fp ops' backend state (x86_64/fp.c, tcg/README "Floating point"): host
 * xmm8 + i holds the 16 bytes at env + ofs[i] when valid bit i is set, newer
 * than env when dirty bit i is set; need_check: host MXCSR flags not yet
 * checked against mxcsr_ofs's since the block start or a call. mxcsr_ofs and
 * pin_ofs are declared once by the target (tcg/fp.h), -1 if not.
 */
typedef struct TCGFPCache {
    TCGArg base;            /* the env temp of the cached offsets */
    intptr_t ofs[8];
    uint8_t valid, dirty;
    bool need_check;
    bool flags_stored;      /* the word known to have the host's flags */
    uint8_t slot;           /* the frame slot of x86_64/fp.c: 0 unknown, 1 set, 2 clear */
    intptr_t mxcsr_ofs;
    intptr_t pin_ofs;       /* 8 x 16 bytes kept in xmm8-15 between blocks */
} TCGFPCache;

struct TCGContext {
    /* Set once. */
    intptr_t env_offset;        /* offset of env from the CPUState */
    bool user_mode;
    uintptr_t guest_base;
    unsigned host_features;
    TCGExecHooks hooks;
    TCGHelperInfo lookup_info;  /* the call behind tcg_gen_lookup_and_goto_ptr */
    /* The TB key as the target declared it (tcg_set_lookup_key), or key_pc NULL. */
    TCGTemp *key_pc;            /* i32 global: pc = (uint32_t)(key_pc + cs_base) */
    intptr_t key_cs_base_ofs;   /* env offset of the u32 cs_base, or -1 (cs_base 0) */
    intptr_t key_flags_ofs;     /* env offset of the u32 TB flags */
    void *frontend_data;

    /* Temps: globals first, then the block's temps. */
    int nb_globals;
    int nb_temps;
    TCGTemp temps[TCG_MAX_TEMPS];
    int free_temps[2][2];       /* [type][kind EBB/TB] free-list heads */
    uint16_t block_temps[TCG_MAX_TEMPS];   /* indices of the block's TB/EBB temps */
    int nb_block_temps;
    TCGTemp *const_hash[TCG_CONST_HASH];
    uint16_t const_used[TCG_CONST_HASH];    /* filled slots, to clear them fast */
    int nb_const_used;

    /* The block's ops and labels. */
    TCGOp *ops;
    int nb_ops, ops_cap;
    TCGLabel labels[TCG_MAX_LABELS];
    int nb_labels;
    int nb_insns;
    uint64_t opt_epoch;         /* optimiser: bumped to forget everything */

    /* Code generation. */
    uint8_t *code_start;        /* start of the TB's code */
    uint8_t *code_ptr;
    uint8_t *code_limit;        /* emitting past this aborts (buffer full) */
    sigjmp_buf overflow;
    uintptr_t tb_value;         /* the TB pointer, for exit_tb's value */
    uint32_t goto_tb_jmp[TCG_MAX_GOTO_TB];    /* offset of goto_tb's rel32, or 0 */
    uint32_t goto_tb_reset[TCG_MAX_GOTO_TB];  /* where the rel32 jumps when unchained */
    const uint8_t *last_call_ret;
    TCGReloc *relocs;
    int nb_relocs, relocs_cap;
    TCGInsnRecord insns[TCG_MAX_INSNS];
    int nb_insn_records;
    /* User mode: where globals newer than env are at each guest memory
     * access (tcg/fault.c); fault_open: the last record, if it may grow. */
    uint32_t fault_words[TCG_MAX_FAULT_WORDS];
    int nb_fault_words;
    int fault_open;
    int fault_pending, fault_pending_end;   /* the access being emitted */
    /* A block with loop_back (regalloc.c): up to TCG_LOOP_PINNED globals are
     * loaded into fixed registers before its head and are there again at
     * every jump back. */
    /* User mode with guard ranges of 2 GiB on both sides of guest memory:
     * liveness folds `add t, x, $c` into the next guest access of t, except
     * in the insns (insn_start word 0) whose folded sum wrapped once
     * (tcg_nofold_add; all of them once the set is full). */
    bool fold_guest_disp;
    bool nofold_full;
    int nb_nofold;
    uint64_t nofold_pc[TCG_NOFOLD_SLOTS];       /* open addressing, pc + 1 */
    bool has_loop_back;
    int nb_loop_pinned;
    uint16_t loop_pinned[TCG_LOOP_PINNED];
    uint32_t loop_head;
    /* Where the globals were at the branch to each exit stub (regalloc.c). */
    int nb_stub_snaps;
    struct {
        uint16_t label;
        struct {
            uint8_t val_type;
            int8_t reg;
            bool coherent;
            int64_t cval;
        } g[TCG_STUB_GLOBALS];
    } stub_snaps[TCG_STUB_SNAPS];

    bool has_backward_branch;   /* some branch targets an earlier label */
    int cur_op;                 /* index of the op being allocated */

    /* Register allocator. */
    TCGTemp *reg_to_temp[16];
    /* Bit i (global i; bit 63 also stands for all globals past 63): */
    uint64_t ra_globals_in_regs;    /* global i may be in a register or constant */
    uint64_t ra_globals_unsynced;   /* global i may need a store to env */
    uint16_t reserved_regs;
    uint16_t locked_regs;
    TCGFPCache fp_cache;        /* backend: guest xmm values in host registers */

    /* Fixed code produced once into the buffer. */
    const uint8_t *prologue;          /* uintptr_t fn(void *env, const void *code) */
    const uint8_t *epilogue;          /* return with rax already set */
    const uint8_t *epilogue_zero;     /* return 0 */
};

static inline TCGTemp *arg_temp(TCGArg a)
{
    return (TCGTemp *)(uintptr_t)a;
}

static inline TCGArg temp_arg(TCGTemp *t)
{
    return (TCGArg)(uintptr_t)t;
}

static inline TCGLabel *arg_label(TCGArg a)
{
    return (TCGLabel *)(uintptr_t)a;
}

static inline int op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->callo : tcg_op_defs[op->opc].nb_oargs;
}

static inline int op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->calli : tcg_op_defs[op->opc].nb_iargs;
}

static inline const TCGHelperInfo *op_call_info(const TCGOp *op)
{
    return (const TCGHelperInfo *)(uintptr_t)op->args[op->callo + op->calli];
}

static inline TCGTemp *tcg_temp_at(TCGContext *s, int idx)
{
    return &s->temps[idx];
}

/* The i-th temp that passes care about: globals, then the block's TB/EBB temps
 * (constants need no per-block state). Count: tcg_nb_live_temps(). */
static inline int tcg_nb_live_temps(const TCGContext *s)
{
    return s->nb_globals + s->nb_block_temps;
}

static inline TCGTemp *tcg_live_temp(TCGContext *s, int i)
{
    return &s->temps[i < s->nb_globals ? i : s->block_temps[i - s->nb_globals]];
}

/* The block's j-th TB/EBB temp, 0 <= j < nb_block_temps (hot loops). */
static inline TCGTemp *tcg_block_temp(TCGContext *s, int j)
{
    return &s->temps[s->block_temps[j]];
}

/*
 * Walking a mask of globals (TCGContext.ra_globals_*: bit i for global i,
 * bit 63 for all from 63 on), from i = ctz(mask): the next one, n if none.
 */
static inline int tcg_next_global(uint64_t *todo, int i, int n)
{
    if (i >= 63) {
        return i + 1;
    }
    *todo &= *todo - 1;
    return *todo ? __builtin_ctzll(*todo) : n;
}

/* Emitting ops (tcg.c). */
void tcg_ops_grow(TCGContext *s);

/* Append an op (its args are the caller's to fill). Inline: ~25,000 per hello world. */
static inline TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, TCGType type, int nargs)
{
    TCGOp *op;

    assert(nargs <= TCG_MAX_OP_ARGS);
    if (__builtin_expect(s->nb_ops == s->ops_cap, 0)) {
        tcg_ops_grow(s);
    }
    op = &s->ops[s->nb_ops++];
    op->opc = opc;
    op->type = type;
    op->callo = op->calli = 0;
    op->life = 0;
    return op;
}
void tcg_op_remove(TCGContext *s, TCGOp *op);
TCGTemp *tcg_constant_internal(TCGContext *s, TCGType type, int64_t val);
TCGTemp *tcg_temp_new_internal(TCGContext *s, TCGType type, TCGTempKind kind);
void tcg_temp_free_internal(TCGContext *s, TCGTemp *t);
int64_t tcg_normalize(TCGType type, int64_t v);

/* Context lifetime and per-block reset (tcg.c). */
TCGContext *tcg_context_new(intptr_t env_offset, bool user_mode, uintptr_t guest_base);
void tcg_context_free(TCGContext *s);
void tcg_func_start(TCGContext *s);
void tcg_dump_ops(TCGContext *s, FILE *f);

/* Passes. */
void tcg_optimize(TCGContext *s);
void tcg_liveness(TCGContext *s);
/* A block with loop_back: the globals kept in registers around it (regalloc.c),
 * chosen before liveness (which tcg_liveness calls it for). */
void tcg_loop_prepare(TCGContext *s);
/* Displacement folding (liveness.c): insn pc (insn_start word 0) must not
 * fold again; returns false if it was already so (the fault is not a wrap). */
bool tcg_nofold_add(TCGContext *s, uint64_t pc);
bool tcg_tb_temp_used_after(TCGContext *s, TCGTemp *t, int at);

/*
 * An IR block frozen for the interpreter: temps as indices, labels as ids.
 * One malloc'd chunk; free with free().
 */
typedef struct TCGIRTemp {
    uint8_t type, kind;
    int64_t val;
    intptr_t mem_offset;
} TCGIRTemp;

typedef struct TCGIR {
    int nb_ops, nb_temps, nb_labels;
    TCGOp *ops;                 /* temp args are indices, labels are ids */
    TCGIRTemp *temps;
    int *label_op;              /* op index of each label's set_label */
} TCGIR;

TCGIR *tcg_ir_snapshot(TCGContext *s);

/*
 * The interpreter's view of the world it runs in: env, guest memory and the
 * CPU state to keep informed of the current insn (for precise faults).
 */
typedef struct TCGInterpEnv {
    void *env;
    bool user_mode;
    uintptr_t guest_base;
    void *cpu;                                  /* CPUState *, for mem hooks */
    uint64_t (*mem_ld)(void *cpu, uint64_t addr, MemOpIdx oi, uintptr_t ra);
    void (*mem_st)(void *cpu, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t ra);
    volatile int32_t *exit_request;
    uint64_t *insn_data;        /* updated at each insn_start, may be NULL */
    const void *tb;             /* for exit_tb values: the TB pointer */
} TCGInterpEnv;

uintptr_t tcg_interp(const TCGIR *ir, const TCGInterpEnv *ie);

/* The exact semantics of one op (tcg/README), shared with the optimiser. */
bool tcg_cond_eval(TCGType type, TCGCond c, uint64_t a, uint64_t b);
uint64_t tcg_fold_op(TCGOpcode opc, TCGType type, uint64_t a, uint64_t b, uint64_t c0,
                     uint64_t c1);

/*
 * Fault maps (tcg/fault.c, tcg/README "Faults in user mode"): the register
 * allocator records, at a guest memory access, the globals that only host
 * registers (or constants) hold; a host fault there puts them in env.
 * tcg_fault_record returns false if the block's map is full (then sync).
 */
bool tcg_fault_record(TCGContext *s);
void tcg_fault_record_end(TCGContext *s);
void tcg_fault_close(TCGContext *s);
void tcg_fault_globals(const TCGContext *s, const uint32_t *words, uint32_t nb_words,
                       uint32_t host_off, void *env, const uint64_t host_regs[16],
                       const uint8_t (*host_xmm)[16]);

/* Backend (tcg/x86_64/). Returns the code size, or -1 if the buffer is full. */
int tcg_gen_code(TCGContext *s, uint8_t *code, uint8_t *limit, uintptr_t tb_value);
/* Enter generated code: returns the exit_tb value (tb | slot, or 0). */
static inline uintptr_t tcg_qemu_tb_exec(TCGContext *s, void *env, const void *code)
{
    return ((uintptr_t (*)(void *, const void *))(uintptr_t)s->prologue)(env, code);
}

/* Writes the prologue and epilogue at code; returns the bytes used. */
size_t tcg_emit_prologue(TCGContext *s, uint8_t *code);
void tcg_target_init(TCGContext *s);

#endif
