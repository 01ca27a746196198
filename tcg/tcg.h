/*
 * TCG public interface: types shared by front ends, exec/ and the backend.
 * Front ends use only this header and tcg/tcg-op.h; the IR's internals
 * (TCGContext's layout, ops, the allocator) are private to tcg/.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct TCGContext TCGContext;
typedef struct TCGTemp TCGTemp;
typedef struct TCGLabel TCGLabel;
typedef uint64_t TCGArg;

/* Typed handles; each is really a TCGTemp * and never dereferenced. */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef struct TCGv_ptr_d *TCGv_ptr;   /* a host pointer: 64 bits on x86-64 */

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
} TCGType;

/* Number of target words recorded by insn_start for each guest insn. */
#define TCG_INSN_START_WORDS 2
/*
 * goto_tb slots per TB, and exit_tb's value for "exit request seen at TB
 * entry": TB pointer | slot (TBs are 64-byte aligned, so 3 low bits are free).
 */
#define TCG_MAX_GOTO_TB 4
#define TCG_EXIT_SLOT_MASK 7
#define TCG_EXIT_REQUESTED 7

/* Op flags, used in tcg-opc.h. */
enum {
    TCG_OPF_BB_END = 0x01,        /* ends a basic block */
    TCG_OPF_CALL_CLOBBER = 0x02,  /* may clobber call-clobbered host regs */
    TCG_OPF_SIDE_EFFECTS = 0x04,  /* never removed; globals synced first */
    TCG_OPF_64BIT = 0x08,         /* exists for TCG_TYPE_I64 only */
    TCG_OPF_NOT_PRESENT = 0x10,   /* handled by the allocator, not the backend */
    TCG_OPF_BB_EXIT = 0x20,       /* leaves the translation block */
    TCG_OPF_COND_BRANCH = 0x40,
    TCG_OPF_CALL = 0x80,
};

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
    NB_OPS,
} TCGOpcode;

/* Conditions: bit 3 set = unsigned comparison. */
typedef enum TCGCond {
    TCG_COND_NEVER = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_EQ = 2,
    TCG_COND_NE = 3,
    TCG_COND_LT = 4,
    TCG_COND_GE = 5,
    TCG_COND_LE = 6,
    TCG_COND_GT = 7,
    TCG_COND_LTU = 12,
    TCG_COND_GEU = 13,
    TCG_COND_LEU = 14,
    TCG_COND_GTU = 15,
} TCGCond;

/*
 * MemOp: what a guest memory access does. Size in bits 0-1, sign in bit 2,
 * byte order in bit 3 (the host is little-endian).
 */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,
    MO_BSWAP = 8,
    MO_LE = 0,
    MO_BE = MO_BSWAP,

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_SB = MO_8 | MO_SIGN,
    MO_SW = MO_16 | MO_SIGN,
    MO_SL = MO_32 | MO_SIGN,
    MO_UQ = MO_64,
    MO_LEUW = MO_LE | MO_UW,
    MO_LEUL = MO_LE | MO_UL,
    MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL,
    MO_LEUQ = MO_LE | MO_UQ,
    MO_BEUW = MO_BE | MO_UW,
    MO_BEUL = MO_BE | MO_UL,
    MO_BESW = MO_BE | MO_SW,
    MO_BESL = MO_BE | MO_SL,
    MO_BEUQ = MO_BE | MO_UQ,
} MemOp;

/* A MemOp and an MMU index packed into the constant of qemu_ld/qemu_st. */
typedef uint32_t MemOpIdx;

static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return (op << 4) | mmu_idx;
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return (MemOp)(oi >> 4);
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & 15;
}

/* Memory barrier argument of mb: which orderings, plus the barrier kind. */
enum {
    TCG_MO_LD_LD = 0x01,
    TCG_MO_ST_LD = 0x02,
    TCG_MO_LD_ST = 0x04,
    TCG_MO_ST_ST = 0x08,
    TCG_MO_ALL = 0x0f,
    TCG_BAR_SC = 0x30,            /* sequentially consistent */
};

/*
 * Helpers: C functions called from generated code, declared once per target
 * in target-<arch>/helper.h (see tcg/helper-gen.h). Arguments and results are
 * i32, i64 or ptr; flags say what the helper may touch so the optimiser can
 * keep globals in host registers across it.
 */
enum {
    TCG_CALL_NO_READ_GLOBALS = 0x1,   /* reads no TCG global from env */
    TCG_CALL_NO_WRITE_GLOBALS = 0x2,  /* writes no TCG global in env */
    TCG_CALL_NO_SIDE_EFFECTS = 0x4,   /* removable if its result is unused */
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_RWG_SE = TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS,
    TCG_CALL_NO_WG = TCG_CALL_NO_WRITE_GLOBALS,
};

/* Types in a helper's signature: 3 bits each, slot 0 the result. */
enum {
    TCG_HTYPE_VOID = 0,
    TCG_HTYPE_I32 = 1,
    TCG_HTYPE_I64 = 2,
    TCG_HTYPE_PTR = 3,
};
#define TCG_HELPER_MAX_ARGS 6

typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    unsigned flags;
    unsigned typemask;   /* TCG_HTYPE_* of result (bits 0-2), arg i at 3*(i+1) */
} TCGHelperInfo;

#endif
