/*
 * Random instruction generator of the i386 differential tester: integer,
 * x87 and MMX/SSE/SSE2 encodings (Intel SDM vol. 2, appendix A opcode maps)
 * with random prefixes and memory operands confined to the scratch area.
 */
#include <string.h>

#include "randtest.h"

enum { EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI };

typedef struct Gen {
    Rng rng;
    RtCode *code;
    uint32_t scratch;
    uint32_t exit_addr;
    unsigned classes;
    /* Forward branches: patch the rel8/rel32 at pos to reach the end of unit. */
    struct {
        uint32_t pos;
        uint32_t unit;
        int rel32;
    } fix[RT_MAX_UNITS];
    unsigned n_fix;
    int a16_pending;    /* the planned memory operand uses 16-bit addressing */
} Gen;

/* A planned memory operand: ModRM mod/rm, optional SIB and displacement. */
typedef struct Mem {
    uint8_t mod, rm, sib;
    int has_sib;
    int disp_size;
    uint32_t disp;
} Mem;

static uint32_t rnd(Gen *g, uint32_t n)
{
    return rng_below(&g->rng, n);
}

static uint32_t rnd32(Gen *g)
{
    return (uint32_t)rng_next(&g->rng);
}

static void emit8(Gen *g, uint32_t b)
{
    if (g->code->len < RT_CODE_SIZE - 16) {
        g->code->bytes[g->code->len++] = (uint8_t)b;
    }
}

static void emit16(Gen *g, uint32_t v)
{
    emit8(g, v);
    emit8(g, v >> 8);
}

static void emit32(Gen *g, uint32_t v)
{
    emit16(g, v);
    emit16(g, v >> 16);
}

/* The instruction under test starts here (after its setup movs); a 16-bit
 * memory operand planned for it needs the address-size prefix first. */
static void mark_insn(Gen *g)
{
    g->code->insn_start[g->code->n_units] = g->code->len;
    if (g->a16_pending) {
        emit8(g, 0x67);
        g->a16_pending = 0;
    }
}

/* Interesting 32-bit values: edges more often than uniform ones. */
static uint32_t rnd_value(Gen *g)
{
    static const uint32_t edges[] = {
        0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
        0xffffffff, 0xfffffffe, 0x80000001, 0x100, 0x10000,
    };
    switch (rnd(g, 4)) {
    case 0:
        return edges[rnd(g, sizeof(edges) / sizeof(edges[0]))];
    case 1:
        return rnd(g, 64);
    default:
        return rnd32(g);
    }
}

/* mov r32, imm32 */
static void emit_set_reg(Gen *g, int reg, uint32_t v)
{
    emit8(g, 0xb8 + reg);
    emit32(g, v);
}

static int rnd_dst_reg(Gen *g)
{
    int r = rnd(g, 7);
    return r >= ESP ? r + 1 : r;
}

/*
 * 16-bit addressing (67 prefix): [bx+si] [bx+di] [bp+si] [bp+di] [si] [di]
 * [bp]/[disp16] [bx] with no, 8- or 16-bit displacement.  Register values
 * get random upper halves (ignored) and the sum wraps at 64 KiB.
 */
static int plan_mem16(Gen *g, Mem *m, uint32_t target, uint32_t avoid)
{
    static const int8_t base_of[8] = { EBX, EBX, EBP, EBP, -1, -1, EBP, EBX };
    static const int8_t index_of[8] = { ESI, EDI, ESI, EDI, ESI, EDI, -1, -1 };
    int rm = rnd(g, 8), mod = rnd(g, 3);
    int base = base_of[rm], index = index_of[rm];

    if ((base >= 0 && (avoid & (1u << base))) || (index >= 0 && (avoid & (1u << index)))) {
        return 0;
    }
    m->mod = mod;
    m->rm = rm;
    m->has_sib = 0;
    uint32_t disp = 0;
    if (mod == 0 && rm == 6) {
        m->disp_size = 2;
        m->disp = target & 0xffff;
        g->a16_pending = 1;
        return 1;
    }
    if (mod == 1) {
        disp = (uint32_t)((int32_t)rnd(g, 256) - 128);
        m->disp_size = 1;
    } else if (mod == 2) {
        disp = rnd32(g) & 0xffff;
        m->disp_size = 2;
    } else {
        m->disp_size = 0;
    }
    m->disp = disp;
    uint32_t rest = target - disp;
    if (index >= 0 && base >= 0) {
        uint32_t iv = rnd32(g);
        emit_set_reg(g, index, iv);
        rest -= iv;
    }
    emit_set_reg(g, base >= 0 ? base : index, (rest & 0xffff) | (rnd32(g) & 0xffff0000));
    g->a16_pending = 1;
    return 1;
}

/*
 * Choose an address inside the data area (aligned to align, rarely not) and
 * an addressing form reaching it; emits the setup movs of base/index
 * registers.  Registers in avoid are not used as base or index.
 */
static Mem plan_mem(Gen *g, uint32_t align, uint32_t avoid)
{
    Mem m = { 0 };
    uint32_t off = rnd(g, RT_DATA_SIZE - 64);
    uint32_t target;
    int form = rnd(g, 8);

    if (align > 1) {
        off &= ~(align - 1);
        if (rnd(g, 40) == 0) {
            off += 1 + rnd(g, align - 1);
        }
    }
    /* No access of up to 8 bytes crosses a cache line: a locked one would be
     * a split lock, which Linux answers by stalling the process. */
    if ((off & 63) > 56) {
        off -= 8;
    }
    target = g->scratch + off;
    g->a16_pending = 0;
    if (rnd(g, 4) == 0 && g->scratch < 0x10000 && plan_mem16(g, &m, target, avoid)) {
        return m;
    }
    if (form == 0) {
        m.mod = 0;
        m.rm = 5;
        m.disp_size = 4;
        m.disp = target;
        return m;
    }
    if (form == 7) {
        /* [esp + disp8]: the stack area, no setup needed. */
        m.mod = 1;
        m.rm = 4;
        m.has_sib = 1;
        m.sib = (rnd(g, 4) << 6) | (4 << 3) | ESP;     /* index none */
        m.disp_size = 1;
        m.disp = rnd(g, 16) * 4 + (align > 1 ? 0 : rnd(g, 4));
        m.disp &= align > 1 ? ~(align - 1) : ~0u;
        return m;
    }
    int base, index = -1;
    do {
        base = rnd_dst_reg(g);
    } while (avoid & (1u << base));
    if (form >= 4) {
        do {
            index = rnd_dst_reg(g);
        } while ((avoid & (1u << index)) || index == base);
    }
    switch (rnd(g, 3)) {
    case 0:
        m.mod = base == EBP ? 1 : 0;
        break;
    default:
        m.mod = 1 + rnd(g, 2);
        break;
    }
    m.disp_size = m.mod == 1 ? 1 : m.mod == 2 ? 4 : 0;
    int32_t disp = m.mod == 1 ? (int32_t)rnd(g, 256) - 128 : m.mod == 2 ? (int32_t)rnd32(g) : 0;
    m.disp = (uint32_t)disp;
    if (index < 0) {
        m.rm = base;
        if (base == ESP) {
            m.has_sib = 1;
            m.sib = (4 << 3) | ESP;
        }
        emit_set_reg(g, base, target - (uint32_t)disp);
        return m;
    }
    int scale = rnd(g, 4);
    uint32_t ival = rnd_value(g);
    m.rm = 4;
    m.has_sib = 1;
    m.sib = (scale << 6) | (index << 3) | base;
    emit_set_reg(g, index, ival);
    emit_set_reg(g, base, target - (uint32_t)disp - (ival << scale));
    return m;
}

static void emit_modrm_mem(Gen *g, int reg, const Mem *m)
{
    emit8(g, (m->mod << 6) | ((reg & 7) << 3) | m->rm);
    if (m->has_sib) {
        emit8(g, m->sib);
    }
    if (m->disp_size == 1) {
        emit8(g, m->disp);
    } else if (m->disp_size == 2) {
        emit16(g, m->disp);
    } else if (m->disp_size == 4) {
        emit32(g, m->disp);
    }
}

static void emit_modrm_reg(Gen *g, int reg, int rm)
{
    emit8(g, 0xc0 | ((reg & 7) << 3) | (rm & 7));
}

/* Random harmless segment override: ES, SS and DS have base 0 and are
 * writable (a CS override faults on writes; test-seg covers that). */
static void emit_seg_prefix(Gen *g)
{
    static const uint8_t segs[] = { 0x26, 0x36, 0x3e };
    if (rnd(g, 6) == 0) {
        emit8(g, segs[rnd(g, 3)]);
    }
}

static void add_fixup(Gen *g, uint32_t pos, unsigned ahead, int rel32)
{
    if (g->n_fix < RT_MAX_UNITS) {
        g->fix[g->n_fix].pos = pos;
        g->fix[g->n_fix].unit = g->code->n_units + ahead;
        g->fix[g->n_fix].rel32 = rel32;
        g->n_fix++;
    }
}

/* ---- integer ---- */

typedef struct IntOp {
    uint8_t op;
    uint8_t form;
} IntOp;

enum {
    F_EG,       /* op r/m, reg: both directions by opcode bit 1 */
    F_ACC_I,    /* op al/eAX, imm */
    F_GRP1,     /* 80/81/82/83 /digit r/m, imm */
    F_SHIFT,    /* C0/C1/D0-D3 /digit */
    F_GRP3,     /* F6/F7 */
    F_INCDEC,   /* FE/FF /0 /1 and 40-4F */
    F_MOV,      /* 88-8B, B0-BF, C6/C7 */
    F_XCHG,     /* 86/87, 91-97 */
    F_0F_EG,    /* 0F xx r, r/m (cmov, bt*, imul, movzx/sx, bsf/bsr, xadd, cmpxchg) */
    F_SHXD,     /* 0F A4/A5/AC/AD */
    F_BTI,      /* 0F BA /4-7 */
    F_ONE,      /* one-byte ops without operands */
    F_STACK,    /* push/pop/pusha/popa/pushf/popf/enter/leave/call/ret */
    F_STRING,   /* movs/cmps/stos/lods/scas with rep prefixes */
    F_BRANCH,   /* jcc/jmp/loop/jcxz forward */
    F_SETCC,    /* 0F 90-9F */
    F_LEA,
    F_MISC,     /* bswap, xlat, imul imm, cmpxchg8b, aam/aad, moffs, nop forms */
    F_FAULT,    /* int3, ud2, into, int n, bound, lock on a register form */
    F_NFORMS
};

static const uint8_t int_weights[F_NFORMS] = {
    [F_EG] = 14, [F_ACC_I] = 3, [F_GRP1] = 8, [F_SHIFT] = 10, [F_GRP3] = 6, [F_INCDEC] = 4,
    [F_MOV] = 4, [F_XCHG] = 3, [F_0F_EG] = 10, [F_SHXD] = 5, [F_BTI] = 3, [F_ONE] = 5,
    [F_STACK] = 5, [F_STRING] = 4, [F_BRANCH] = 4, [F_SETCC] = 3, [F_LEA] = 3,
    [F_MISC] = 5, [F_FAULT] = 1,
};

/* Prefixes of a general integer instruction: osize 66 (when allowed), segment,
 * rep/repne (ignored by plain integer ops), lock when the op allows it. */
static int emit_int_prefixes(Gen *g, int allow66, int allow_rep)
{
    int o16 = allow66 && rnd(g, 4) == 0;
    emit_seg_prefix(g);
    if (allow_rep && rnd(g, 12) == 0) {
        emit8(g, rnd(g, 2) ? 0xf3 : 0xf2);
    }
    if (o16) {
        emit8(g, 0x66);
    }
    return o16;
}

static void emit_imm(Gen *g, int size)
{
    uint32_t v = rnd_value(g);
    if (size == 1) {
        emit8(g, v);
    } else if (size == 2) {
        emit16(g, v);
    } else {
        emit32(g, v);
    }
}

/* An r/m operand: register (rm_dst: not esp for word/dword) or memory. */
static void emit_rm(Gen *g, int reg, int is_mem, const Mem *m, int byte_op, int rm_is_dst)
{
    if (is_mem) {
        emit_modrm_mem(g, reg, m);
    } else {
        int rm = byte_op || !rm_is_dst ? (int)rnd(g, 8) : rnd_dst_reg(g);
        emit_modrm_reg(g, reg, rm);
    }
}

static void gen_int_eg(Gen *g, uint8_t op, int byte_op, int rm_dst, int reg_dst, int lockable)
{
    int is_mem = rnd(g, 2);
    Mem m = { 0 };
    if (is_mem) {
        m = plan_mem(g, 1, 0);
    }
    mark_insn(g);
    emit_int_prefixes(g, !byte_op, 1);
    if (is_mem && lockable && rm_dst && rnd(g, 4) == 0) {
        emit8(g, 0xf0);
    }
    emit8(g, op);
    int reg = byte_op || !reg_dst ? (int)rnd(g, 8) : rnd_dst_reg(g);
    emit_rm(g, reg, is_mem, &m, byte_op, rm_dst);
}

static void gen_int(Gen *g)
{
    unsigned total = 0, pick, form;
    for (form = 0; form < F_NFORMS; form++) {
        total += int_weights[form];
    }
    pick = rnd(g, total);
    for (form = 0; pick >= int_weights[form]; form++) {
        pick -= int_weights[form];
    }
    RtCode *c = g->code;
    unsigned u = c->n_units;
    mark_insn(g);

    switch (form) {
    case F_EG: {
        uint8_t alu = rnd(g, 8), dir = rnd(g, 4);
        uint8_t op = alu * 8 + dir;
        gen_int_eg(g, op, !(dir & 1), !(dir & 2) && alu != 7, (dir & 2) && alu != 7,
                   !(dir & 2) && alu != 7);
        break;
    }
    case F_ACC_I: {
        uint8_t op = rnd(g, 8) * 8 + 4 + rnd(g, 2);
        int o16 = emit_int_prefixes(g, op & 1, 1);
        emit8(g, op);
        emit_imm(g, !(op & 1) ? 1 : o16 ? 2 : 4);
        if (rnd(g, 3) == 0) {
            /* test al, imm8 / test eAX, imm32 */
            if (rnd(g, 2)) {
                emit8(g, 0xa8);
                emit8(g, rnd32(g));
            } else {
                emit8(g, 0xa9);
                emit32(g, rnd_value(g));
            }
        }
        break;
    }
    case F_GRP1: {
        static const uint8_t ops[] = { 0x80, 0x81, 0x82, 0x83 };
        uint8_t op = ops[rnd(g, 4)];
        int digit = rnd(g, 8), is_mem = rnd(g, 2);
        Mem m = { 0 };
        if (is_mem) {
            m = plan_mem(g, 1, 0);
        }
        mark_insn(g);
        int o16 = emit_int_prefixes(g, op & 1, 1);
        if (is_mem && digit != 7 && rnd(g, 4) == 0) {
            emit8(g, 0xf0);
        }
        emit8(g, op);
        emit_rm(g, digit, is_mem, &m, !(op & 1), 1);
        emit_imm(g, op == 0x81 ? (o16 ? 2 : 4) : 1);
        break;
    }
    case F_SHIFT: {
        static const uint8_t ops[] = { 0xc0, 0xc1, 0xd0, 0xd1, 0xd2, 0xd3 };
        uint8_t op = ops[rnd(g, 6)];
        int digit = rnd(g, 8), is_mem = rnd(g, 3) == 0;
        Mem m = { 0 };
        if (is_mem) {
            m = plan_mem(g, 1, 1u << ECX);
        }
        if ((op == 0xd2 || op == 0xd3) && rnd(g, 2)) {
            emit8(g, 0xb1);                 /* mov cl, imm8: interesting counts */
            emit8(g, rnd(g, 3) ? rnd(g, 34) : rnd32(g));
        }
        mark_insn(g);
        emit_int_prefixes(g, op & 1, 1);
        emit8(g, op);
        emit_rm(g, digit, is_mem, &m, !(op & 1), 1);
        if (op < 0xd0) {
            emit8(g, rnd(g, 3) ? rnd(g, 34) : rnd32(g));
        }
        break;
    }
    case F_GRP3: {
        uint8_t op = 0xf6 + rnd(g, 2);
        int digit = rnd(g, 8), is_mem = rnd(g, 2);
        Mem m = { 0 };
        if (is_mem) {
            m = plan_mem(g, 1, (1u << EAX) | (1u << EDX));
        }
        if (digit >= 6 && rnd(g, 4)) {
            /* div/idiv: keep the dividend's high part small most of the time */
            if (rnd(g, 2)) {
                emit8(g, 0x31);
                emit8(g, 0xd2);             /* xor edx, edx */
            } else {
                emit8(g, 0x99);             /* cdq */
            }
            if (!(op & 1)) {
                emit8(g, 0x30);
                emit8(g, 0xe4);             /* xor ah, ah */
            }
        }
        mark_insn(g);
        int o16 = emit_int_prefixes(g, op & 1, 1);
        if (is_mem && (digit == 2 || digit == 3) && rnd(g, 4) == 0) {
            emit8(g, 0xf0);
        }
        emit8(g, op);
        emit_rm(g, digit < 2 ? 0 : digit, is_mem, &m, !(op & 1), 1);
        if (digit < 2) {
            emit_imm(g, !(op & 1) ? 1 : o16 ? 2 : 4);
        }
        break;
    }
    case F_INCDEC: {
        if (rnd(g, 2)) {
            emit_int_prefixes(g, 1, 1);
            emit8(g, 0x40 + rnd(g, 2) * 8 + rnd_dst_reg(g));
        } else {
            uint8_t op = 0xfe + rnd(g, 2);
            int is_mem = rnd(g, 2);
            Mem m = { 0 };
            if (is_mem) {
                m = plan_mem(g, 1, 0);
            }
            mark_insn(g);
            emit_int_prefixes(g, op & 1, 1);
            if (is_mem && rnd(g, 4) == 0) {
                emit8(g, 0xf0);
            }
            emit8(g, op);
            emit_rm(g, rnd(g, 2), is_mem, &m, !(op & 1), 1);
        }
        break;
    }
    case F_MOV: {
        int k = rnd(g, 4);
        if (k == 0) {
            uint8_t op = 0x88 + rnd(g, 4);
            gen_int_eg(g, op, !(op & 1), !(op & 2), op & 2, 0);
        } else if (k == 1) {
            int o16 = emit_int_prefixes(g, 1, 1);
            int wide = rnd(g, 2);
            emit8(g, (wide ? 0xb8 + rnd_dst_reg(g) : 0xb0 + rnd(g, 8)));
            emit_imm(g, !wide ? 1 : o16 ? 2 : 4);
        } else if (k == 2) {
            uint8_t op = 0xc6 + rnd(g, 2);
            int is_mem = rnd(g, 2);
            Mem m = { 0 };
            if (is_mem) {
                m = plan_mem(g, 1, 0);
            }
            mark_insn(g);
            int o16 = emit_int_prefixes(g, op & 1, 1);
            emit8(g, op);
            emit_rm(g, 0, is_mem, &m, !(op & 1), 1);
            emit_imm(g, !(op & 1) ? 1 : o16 ? 2 : 4);
        } else {
            /* mov moffs: A0-A3 with an absolute address in the data area */
            uint8_t op = 0xa0 + rnd(g, 4);
            int o16 = emit_int_prefixes(g, op & 1, 1);
            (void)o16;
            emit8(g, op);
            emit32(g, g->scratch + rnd(g, RT_DATA_SIZE - 8));
        }
        break;
    }
    case F_XCHG:
        if (rnd(g, 3) == 0) {
            emit_int_prefixes(g, 1, 1);
            emit8(g, 0x90 + rnd_dst_reg(g));
        } else {
            uint8_t op = 0x86 + rnd(g, 2);
            gen_int_eg(g, op, !(op & 1), 1, 1, 1);
        }
        break;
    case F_0F_EG: {
        /* {opcode, byte rm, reg is a destination, rm is a destination} */
        static const uint8_t ops[][4] = {
            { 0x40, 0, 1, 0 }, { 0xa3, 0, 0, 0 }, { 0xab, 0, 0, 1 }, { 0xb3, 0, 0, 1 },
            { 0xbb, 0, 0, 1 }, { 0xaf, 0, 1, 0 }, { 0xb6, 1, 1, 0 }, { 0xb7, 2, 1, 0 },
            { 0xbe, 1, 1, 0 }, { 0xbf, 2, 1, 0 }, { 0xbc, 0, 1, 0 }, { 0xbd, 0, 1, 0 },
            { 0xc0, 1, 1, 1 }, { 0xc1, 0, 1, 1 }, { 0xb0, 1, 0, 1 }, { 0xb1, 0, 0, 1 },
        };
        int k = rnd(g, sizeof(ops) / sizeof(ops[0]));
        uint8_t op = ops[k][0] + (k == 0 ? rnd(g, 16) : 0);
        int is_bt = op == 0xa3 || op == 0xab || op == 0xb3 || op == 0xbb;
        int is_mem = rnd(g, 2);
        int reg = ops[k][2] || ops[k][3] ? rnd_dst_reg(g) : (int)rnd(g, 8);
        if (ops[k][1] == 1 && !ops[k][2]) {
            reg = rnd(g, 8);                /* byte register operand */
        }
        Mem m = { 0 };
        if (is_mem) {
            m = plan_mem(g, 1, (1u << reg) | (1u << EAX));
            if (is_bt) {
                /* A register bit offset reaches bytes offset/8 away. */
                if (reg == ESP) {
                    reg = EBX;
                    m = plan_mem(g, 1, (1u << EBX) | (1u << EAX));
                }
                emit_set_reg(g, reg, (uint32_t)((int32_t)rnd(g, 2048) - 1024));
            }
        }
        mark_insn(g);
        /* bsf/bsr and movzx must not get F3 (tzcnt/lzcnt/popcnt on new CPUs) */
        emit_int_prefixes(g, 1, 0);
        if (is_mem && ops[k][3] && (op != 0xb0 && op != 0xb1 ? is_bt : 1) && rnd(g, 4) == 0) {
            emit8(g, 0xf0);
        }
        if (is_mem && (op == 0xc0 || op == 0xc1) && rnd(g, 4) == 0) {
            emit8(g, 0xf0);
        }
        emit8(g, 0x0f);
        emit8(g, op);
        if (is_mem) {
            emit_modrm_mem(g, reg, &m);
        } else {
            int rm = ops[k][3] && ops[k][1] != 1 ? rnd_dst_reg(g) : (int)rnd(g, 8);
            emit_modrm_reg(g, reg, rm);
        }
        break;
    }
    case F_SHXD: {
        uint8_t op = (rnd(g, 2) ? 0xa4 : 0xac) + rnd(g, 2);
        int is_mem = rnd(g, 2);
        Mem m = { 0 };
        if (is_mem) {
            m = plan_mem(g, 1, 1u << ECX);
        }
        if ((op & 1) && rnd(g, 2)) {
            emit8(g, 0xb1);
            emit8(g, rnd(g, 3) ? rnd(g, 34) : rnd32(g));
        }
        mark_insn(g);
        emit_int_prefixes(g, 1, 1);
        emit8(g, 0x0f);
        emit8(g, op);
        emit_rm(g, rnd(g, 8), is_mem, &m, 0, 1);
        if (!(op & 1)) {
            emit8(g, rnd(g, 3) ? rnd(g, 34) : rnd32(g));
        }
        break;
    }
    case F_BTI: {
        int is_mem = rnd(g, 2), digit = 4 + rnd(g, 4);
        Mem m = { 0 };
        if (is_mem) {
            m = plan_mem(g, 1, 0);
        }
        mark_insn(g);
        emit_int_prefixes(g, 1, 1);
        if (is_mem && digit > 4 && rnd(g, 4) == 0) {
            emit8(g, 0xf0);
        }
        emit8(g, 0x0f);
        emit8(g, 0xba);
        emit_rm(g, digit, is_mem, &m, 0, 1);
        emit8(g, rnd32(g));
        break;
    }
    case F_ONE: {
        static const uint8_t ops[] = {
            0x27, 0x2f, 0x37, 0x3f, 0x98, 0x99, 0x9e, 0x9f, 0xf5, 0xf8, 0xf9, 0xfc, 0xfd,
            0x90,
        };
        uint8_t op = ops[rnd(g, sizeof(ops))];
        emit_int_prefixes(g, op == 0x98 || op == 0x99, 1);
        emit8(g, op);
        break;
    }
    case F_STACK: {
        int k = rnd(g, 10);
        if (k == 0) {
            emit_int_prefixes(g, 1, 0);
            emit8(g, 0x50 + rnd(g, 8));
        } else if (k == 1) {
            emit_int_prefixes(g, 1, 0);
            emit8(g, 0x58 + rnd_dst_reg(g));
        } else if (k == 2) {
            emit_int_prefixes(g, 1, 0);
            emit8(g, 0x60 + rnd(g, 2));
        } else if (k == 3) {
            /* pushf, or popf of a value with only the user-changeable flags */
            int o16 = emit_int_prefixes(g, 1, 0);
            if (rnd(g, 2)) {
                emit8(g, 0x9c);
            } else {
                c->len = c->unit_start[u];
                emit8(g, 0x68);
                emit32(g, (rnd32(g) & 0x0cd5) | 0x202);
                mark_insn(g);
                if (o16) {
                    emit8(g, 0x66);
                }
                emit8(g, 0x9d);
                if (o16) {
                    emit8(g, 0x66);
                    emit8(g, 0x58 + rnd_dst_reg(g));   /* rebalance the stack */
                }
            }
        } else if (k == 4) {
            int o16 = emit_int_prefixes(g, 1, 0);
            int wide = rnd(g, 2);
            emit8(g, wide ? 0x68 : 0x6a);
            emit_imm(g, !wide ? 1 : o16 ? 2 : 4);
        } else if (k == 5) {
            /* push/pop r/m (FF /6, 8F /0) with a memory operand */
            Mem m = plan_mem(g, 1, 0);
            mark_insn(g);
            emit_int_prefixes(g, 1, 0);
            emit8(g, rnd(g, 2) ? 0xff : 0x8f);
            emit_modrm_mem(g, c->bytes[c->len - 1] == 0xff ? 6 : 0, &m);
        } else if (k == 6) {
            /* enter imm16, level; ebp must point into the stack for level > 0 */
            c->len = c->unit_start[u];
            emit8(g, 0x8d);
            emit8(g, 0x6c);
            emit8(g, 0x24);
            emit8(g, rnd(g, 16) * 4);       /* lea ebp, [esp + n] */
            mark_insn(g);
            emit_int_prefixes(g, 1, 0);
            emit8(g, 0xc8);
            emit16(g, rnd(g, 64));
            emit8(g, rnd(g, 4) ? rnd(g, 4) : rnd32(g));
        } else if (k == 7) {
            /* leave, with ebp first pointed into the stack area */
            c->len = c->unit_start[u];
            emit8(g, 0x8d);
            emit8(g, 0x6c);
            emit8(g, 0x24);
            emit8(g, rnd(g, 16) * 4);
            mark_insn(g);
            emit_int_prefixes(g, 1, 0);
            emit8(g, 0xc9);
        } else {
            /* call L; jmp over; L: ret [imm16] */
            int imm = rnd(g, 2);
            emit8(g, 0xe8);
            emit32(g, 2);
            emit8(g, 0xeb);
            emit8(g, imm ? 3 : 1);
            if (imm) {
                emit8(g, 0xc2);
                emit16(g, rnd(g, 8) * 2);
            } else {
                emit8(g, 0xc3);
            }
        }
        break;
    }
    case F_STRING: {
        static const uint8_t ops[] = { 0xa4, 0xa5, 0xa6, 0xa7, 0xaa, 0xab, 0xac, 0xad,
                                       0xae, 0xaf };
        uint8_t op = ops[rnd(g, sizeof(ops))];
        /* 16-bit address size: si/di/cx only, the upper halves must survive */
        int a16 = rnd(g, 4) == 0 && g->scratch < 0x10000;
        uint32_t upper = a16 ? rnd32(g) & 0xffff0000 : 0;
        emit_set_reg(g, ESI, upper | (g->scratch + 64 + rnd(g, RT_DATA_SIZE - 128)));
        emit_set_reg(g, EDI, (upper ^ (a16 ? 0x10000 : 0)) | (g->scratch + 64 + rnd(g,
            RT_DATA_SIZE - 128)));
        emit_set_reg(g, ECX, upper | rnd(g, 17));
        if (rnd(g, 3) == 0) {
            emit8(g, rnd(g, 2) ? 0xfc : 0xfd);      /* cld / std */
        }
        mark_insn(g);
        int rep = rnd(g, 3);
        if (a16) {
            emit8(g, 0x67);
        }
        emit_seg_prefix(g);
        if (rep) {
            emit8(g, rep == 1 ? 0xf3 : 0xf2);
        }
        emit_int_prefixes(g, op & 1, 0);
        emit8(g, op);
        break;
    }
    case F_BRANCH: {
        int k = rnd(g, 5), ahead = rnd(g, 3);
        if (k == 0) {
            emit8(g, 0x70 + rnd(g, 16));
            emit8(g, 0);
            add_fixup(g, c->len - 1, ahead, 0);
        } else if (k == 1) {
            emit8(g, 0x0f);
            emit8(g, 0x80 + rnd(g, 16));
            emit32(g, 0);
            add_fixup(g, c->len - 4, ahead, 1);
        } else if (k == 2) {
            if (rnd(g, 2)) {
                emit8(g, 0xeb);
                emit8(g, 0);
                add_fixup(g, c->len - 1, ahead, 0);
            } else {
                emit8(g, 0xe9);
                emit32(g, 0);
                add_fixup(g, c->len - 4, ahead, 1);
            }
        } else {
            /* loop/loope/loopne/jcxz, optionally with the 16-bit count (67) */
            if (rnd(g, 2)) {
                emit_set_reg(g, ECX, rnd(g, 3) ? rnd(g, 4) : rnd_value(g));
            }
            mark_insn(g);
            if (rnd(g, 4) == 0) {
                emit8(g, 0x67);
            }
            emit8(g, 0xe0 + rnd(g, 4));
            emit8(g, 0);
            add_fixup(g, c->len - 1, ahead, 0);
        }
        break;
    }
    case F_SETCC: {
        int is_mem = rnd(g, 2);
        Mem m = { 0 };
        if (is_mem) {
            m = plan_mem(g, 1, 0);
        }
        mark_insn(g);
        emit_int_prefixes(g, 0, 0);
        emit8(g, 0x0f);
        emit8(g, 0x90 + rnd(g, 16));
        emit_rm(g, 0, is_mem, &m, 1, 1);
        break;
    }
    case F_LEA: {
        /* lea with any addressing form; 67 selects the 16-bit forms */
        int a16 = rnd(g, 3) == 0;
        int o16 = emit_int_prefixes(g, 1, 0);
        (void)o16;
        if (a16) {
            emit8(g, 0x67);
        }
        emit8(g, 0x8d);
        int mod = rnd(g, 3), rm = rnd(g, 8);
        emit8(g, (mod << 6) | (rnd_dst_reg(g) << 3) | rm);
        if (a16) {
            if (mod == 1) {
                emit8(g, rnd32(g));
            } else if (mod == 2 || (mod == 0 && rm == 6)) {
                emit16(g, rnd32(g));
            }
        } else {
            if (rm == 4) {
                emit8(g, rnd32(g));
            }
            int sib_base5 = rm == 4 && (c->bytes[c->len - 1] & 7) == 5;
            if (mod == 1) {
                emit8(g, rnd32(g));
            } else if (mod == 2 || (mod == 0 && (rm == 5 || sib_base5))) {
                emit32(g, rnd32(g));
            }
        }
        break;
    }
    case F_MISC: {
        int k = rnd(g, 8);
        if (k == 0) {
            emit8(g, 0x0f);
            emit8(g, 0xc8 + rnd_dst_reg(g));            /* bswap */
        } else if (k == 1) {
            int a16 = rnd(g, 3) == 0 && g->scratch < 0x10000;
            emit_set_reg(g, EBX, (a16 ? rnd32(g) & 0xffff0000 : 0) |
                                 (g->scratch + rnd(g, RT_DATA_SIZE - 256)));
            mark_insn(g);
            if (a16) {
                emit8(g, 0x67);
            }
            emit_seg_prefix(g);
            emit8(g, 0xd7);                             /* xlat */
        } else if (k == 2) {
            uint8_t op = rnd(g, 2) ? 0x69 : 0x6b;       /* imul r, r/m, imm */
            int is_mem = rnd(g, 2);
            Mem m = { 0 };
            if (is_mem) {
                m = plan_mem(g, 1, 0);
            }
            mark_insn(g);
            int o16 = emit_int_prefixes(g, 1, 1);
            emit8(g, op);
            emit_rm(g, rnd_dst_reg(g), is_mem, &m, 0, 0);
            emit_imm(g, op == 0x6b ? 1 : o16 ? 2 : 4);
        } else if (k == 3) {
            Mem m = plan_mem(g, 8, (1u << EAX) | (1u << EBX) | (1u << ECX) | (1u << EDX));
            mark_insn(g);
            emit_seg_prefix(g);
            if (rnd(g, 2)) {
                emit8(g, 0xf0);
            }
            emit8(g, 0x0f);
            emit8(g, 0xc7);
            emit_modrm_mem(g, 1, &m);                   /* cmpxchg8b */
        } else if (k == 4) {
            emit8(g, 0xd4 + rnd(g, 2));                 /* aam / aad */
            emit8(g, rnd(g, 4) ? 10 : rnd(g, 30) == 0 ? 0 : rnd32(g));
        } else if (k == 5) {
            /* nop forms: 0F 1F /0 and 66 90 */
            int is_mem = rnd(g, 2);
            Mem m = { 0 };
            if (is_mem) {
                m = plan_mem(g, 1, 0);
            }
            mark_insn(g);
            emit_int_prefixes(g, 1, 0);
            emit8(g, 0x0f);
            emit8(g, 0x1f);
            emit_rm(g, 0, is_mem, &m, 0, 0);
        } else if (k == 6) {
            /* 0F BC/BD with a zero source keep the destination */
            emit8(g, 0x31);
            emit8(g, 0xc0 | (1 << 3) | 1);              /* xor ecx, ecx */
            mark_insn(g);
            emit8(g, 0x0f);
            emit8(g, 0xbc + rnd(g, 2));
            emit_modrm_reg(g, rnd_dst_reg(g), ECX);
        } else {
            /* movs/stos with a 66 (word) size and a direction flag set */
            emit_set_reg(g, ESI, g->scratch + 64 + rnd(g, RT_DATA_SIZE - 128));
            emit_set_reg(g, EDI, g->scratch + 64 + rnd(g, RT_DATA_SIZE - 128));
            emit_set_reg(g, ECX, rnd(g, 9));
            emit8(g, 0xfd);
            mark_insn(g);
            emit8(g, 0x66);
            emit8(g, 0xf3);
            emit8(g, rnd(g, 2) ? 0xa5 : 0xab);
            emit8(g, 0xfc);
        }
        break;
    }
    default: {
        /* Faulting forms: the runner catches the signal in both worlds. */
        static const uint8_t faults[][3] = {
            { 1, 0xcc }, { 2, 0x0f, 0x0b }, { 1, 0xce }, { 2, 0xcd, 0x80 + 0x01 },
            { 2, 0xf0, 0x90 },
        };
        int k = rnd(g, 6);
        if (k == 5) {
            /* bound r32, m32&32: in or out of range */
            Mem m = plan_mem(g, 4, 1u << EAX);
            mark_insn(g);
            emit8(g, 0x62);
            emit_modrm_mem(g, EAX, &m);
        } else {
            for (int i = 0; i < faults[k][0]; i++) {
                emit8(g, faults[k][1 + i]);
            }
        }
        break;
    }
    }
}

/* ---- x87 ---- */

static void gen_x87(Gen *g)
{
    int k = rnd(g, 16);

    if (k < 6) {
        /* register forms of D8-DF: {opcode, first ModRM byte, how many} */
        static const uint8_t rows[][3] = {
            { 0xd8, 0xc0, 64 }, { 0xd9, 0xc0, 16 }, { 0xd9, 0xd0, 1 }, { 0xd9, 0xe0, 2 },
            { 0xd9, 0xe4, 2 }, { 0xd9, 0xe8, 7 }, { 0xd9, 0xf0, 16 }, { 0xda, 0xc0, 32 },
            { 0xda, 0xe9, 1 }, { 0xdb, 0xc0, 32 }, { 0xdb, 0xe2, 2 }, { 0xdb, 0xe8, 16 },
            { 0xdc, 0xc0, 16 }, { 0xdc, 0xe0, 32 }, { 0xdd, 0xc0, 8 }, { 0xdd, 0xd0, 16 },
            { 0xdd, 0xe0, 16 }, { 0xde, 0xc0, 16 }, { 0xde, 0xd9, 1 }, { 0xde, 0xe0, 32 },
            { 0xdf, 0xe0, 1 }, { 0xdf, 0xe8, 16 }, { 0xd9, 0xf0, 16 }, { 0xd9, 0xc8, 8 },
        };
        int r = rnd(g, sizeof(rows) / sizeof(rows[0]));
        emit8(g, rows[r][0]);
        emit8(g, rows[r][1] + rnd(g, rows[r][2]));
        return;
    }
    if (k < 13) {
        /* memory forms: {opcode, reg field, access size} */
        static const uint8_t forms[][3] = {
            { 0xd8, 0xff, 4 }, { 0xd9, 0, 4 }, { 0xd9, 2, 4 }, { 0xd9, 3, 4 },
            { 0xd9, 7, 2 }, { 0xda, 0xff, 4 }, { 0xdb, 0, 4 }, { 0xdb, 2, 4 },
            { 0xdb, 3, 4 }, { 0xdb, 5, 10 }, { 0xdb, 7, 10 }, { 0xdc, 0xff, 8 },
            { 0xdd, 0, 8 }, { 0xdd, 2, 8 }, { 0xdd, 3, 8 }, { 0xdd, 7, 2 },
            { 0xde, 0xff, 2 }, { 0xdf, 0, 2 }, { 0xdf, 2, 2 }, { 0xdf, 3, 2 },
            { 0xdf, 4, 10 }, { 0xdf, 5, 8 }, { 0xdf, 6, 10 }, { 0xdf, 7, 8 },
        };
        int f = rnd(g, sizeof(forms) / sizeof(forms[0]));
        int reg = forms[f][1] == 0xff ? (int)rnd(g, 8) : forms[f][1];
        Mem m = plan_mem(g, forms[f][2] >= 4 ? 4 : 2, 0);
        mark_insn(g);
        emit_seg_prefix(g);
        emit8(g, forms[f][0]);
        emit_modrm_mem(g, reg, &m);
        return;
    }
    if (k == 13) {
        /* fldcw of a chosen control word: precision, rounding, rarely unmasked */
        uint32_t cw = 0x3f | (rnd(g, 4) << 10) | ((rnd(g, 3) == 0 ? 0 : rnd(g, 2) ? 3 : 2) << 8);
        if (rnd(g, 10) == 0) {
            cw &= ~rnd(g, 64);
        }
        uint32_t addr = g->scratch + (rnd(g, RT_DATA_SIZE - 8) & ~1u);
        emit8(g, 0x66);
        emit8(g, 0xc7);
        emit8(g, 0x05);
        emit32(g, addr);
        emit16(g, cw | 0x40);                   /* mov word [addr], cw */
        mark_insn(g);
        emit8(g, 0xd9);
        emit8(g, 0x2d);
        emit32(g, addr);
        return;
    }
    if (k == 14) {
        emit8(g, 0x9b);                         /* fwait: raises a pending #MF */
        return;
    }
    /* fnstsw ax / fnstcw, then flags from it (sahf) like compilers do */
    emit8(g, 0xdf);
    emit8(g, 0xe0);
    emit8(g, 0x9e);
}

/* ---- MMX / SSE / SSE2 ---- */

enum { K_X, K_M, K_G };                         /* register kinds */

typedef struct SseOp {
    uint8_t pfx;        /* 0, 0x66, 0xf3, 0xf2 */
    uint8_t op;         /* second opcode byte after 0F */
    uint8_t reg;        /* K_X xmm, K_M mmx, K_G gpr destination */
    uint8_t rm;         /* K_X, K_M, K_G for the r/m register form */
    uint8_t mem;        /* 0 no memory form, else access size (16 = aligned) */
    uint8_t regonly;    /* 1: r/m must be a register */
    uint8_t imm;        /* 1: imm8 follows */
} SseOp;

static const SseOp sse_ops[] = {
    /* SSE/SSE2 floating point: moves */
    { 0x00, 0x10, K_X, K_X, 17, 0, 0 }, { 0x66, 0x10, K_X, K_X, 17, 0, 0 },
    { 0xf3, 0x10, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x10, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x11, K_X, K_X, 17, 0, 0 }, { 0xf3, 0x11, K_X, K_X, 4, 0, 0 },
    { 0xf2, 0x11, K_X, K_X, 8, 0, 0 }, { 0x66, 0x11, K_X, K_X, 17, 0, 0 },
    { 0x00, 0x12, K_X, K_X, 8, 0, 0 }, { 0x66, 0x12, K_X, K_X, 8, 2, 0 },
    { 0x00, 0x13, K_X, K_X, 8, 2, 0 }, { 0x66, 0x13, K_X, K_X, 8, 2, 0 },
    { 0x00, 0x14, K_X, K_X, 16, 0, 0 }, { 0x66, 0x14, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x15, K_X, K_X, 16, 0, 0 }, { 0x66, 0x15, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x16, K_X, K_X, 8, 0, 0 }, { 0x66, 0x16, K_X, K_X, 8, 2, 0 },
    { 0x00, 0x17, K_X, K_X, 8, 2, 0 }, { 0x66, 0x17, K_X, K_X, 8, 2, 0 },
    { 0x00, 0x28, K_X, K_X, 16, 0, 0 }, { 0x66, 0x28, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x29, K_X, K_X, 16, 0, 0 }, { 0x66, 0x29, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x2b, K_X, K_X, 16, 2, 0 }, { 0x66, 0x2b, K_X, K_X, 16, 2, 0 },
    /* conversions */
    { 0x00, 0x2a, K_X, K_M, 8, 0, 0 }, { 0xf3, 0x2a, K_X, K_G, 4, 0, 0 },
    { 0x66, 0x2a, K_X, K_M, 8, 0, 0 }, { 0xf2, 0x2a, K_X, K_G, 4, 0, 0 },
    { 0x00, 0x2c, K_M, K_X, 8, 0, 0 }, { 0xf3, 0x2c, K_G, K_X, 4, 0, 0 },
    { 0x66, 0x2c, K_M, K_X, 16, 0, 0 }, { 0xf2, 0x2c, K_G, K_X, 8, 0, 0 },
    { 0x00, 0x2d, K_M, K_X, 8, 0, 0 }, { 0xf3, 0x2d, K_G, K_X, 4, 0, 0 },
    { 0x66, 0x2d, K_M, K_X, 16, 0, 0 }, { 0xf2, 0x2d, K_G, K_X, 8, 0, 0 },
    { 0x00, 0x2e, K_X, K_X, 4, 0, 0 }, { 0x66, 0x2e, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x2f, K_X, K_X, 4, 0, 0 }, { 0x66, 0x2f, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x50, K_G, K_X, 0, 1, 0 }, { 0x66, 0x50, K_G, K_X, 0, 1, 0 },
    { 0x00, 0x5a, K_X, K_X, 8, 0, 0 }, { 0x66, 0x5a, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x5a, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x5a, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x5b, K_X, K_X, 16, 0, 0 }, { 0x66, 0x5b, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x5b, K_X, K_X, 16, 0, 0 },
    { 0x66, 0xe6, K_X, K_X, 16, 0, 0 }, { 0xf3, 0xe6, K_X, K_X, 8, 0, 0 },
    { 0xf2, 0xe6, K_X, K_X, 16, 0, 0 },
    /* arithmetic and logic: 51-5F in the four prefix flavours */
    { 0x00, 0x51, K_X, K_X, 16, 0, 0 }, { 0x66, 0x51, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x51, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x51, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x52, K_X, K_X, 16, 0, 0 }, { 0xf3, 0x52, K_X, K_X, 4, 0, 0 },
    { 0x00, 0x53, K_X, K_X, 16, 0, 0 }, { 0xf3, 0x53, K_X, K_X, 4, 0, 0 },
    { 0x00, 0x54, K_X, K_X, 16, 0, 0 }, { 0x66, 0x54, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x55, K_X, K_X, 16, 0, 0 }, { 0x66, 0x55, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x56, K_X, K_X, 16, 0, 0 }, { 0x66, 0x56, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x57, K_X, K_X, 16, 0, 0 }, { 0x66, 0x57, K_X, K_X, 16, 0, 0 },
    { 0x00, 0x58, K_X, K_X, 16, 0, 0 }, { 0x66, 0x58, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x58, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x58, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x59, K_X, K_X, 16, 0, 0 }, { 0x66, 0x59, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x59, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x59, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x5c, K_X, K_X, 16, 0, 0 }, { 0x66, 0x5c, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x5c, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x5c, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x5d, K_X, K_X, 16, 0, 0 }, { 0x66, 0x5d, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x5d, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x5d, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x5e, K_X, K_X, 16, 0, 0 }, { 0x66, 0x5e, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x5e, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x5e, K_X, K_X, 8, 0, 0 },
    { 0x00, 0x5f, K_X, K_X, 16, 0, 0 }, { 0x66, 0x5f, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x5f, K_X, K_X, 4, 0, 0 }, { 0xf2, 0x5f, K_X, K_X, 8, 0, 0 },
    { 0x00, 0xc2, K_X, K_X, 16, 0, 1 }, { 0x66, 0xc2, K_X, K_X, 16, 0, 1 },
    { 0xf3, 0xc2, K_X, K_X, 4, 0, 1 }, { 0xf2, 0xc2, K_X, K_X, 8, 0, 1 },
    { 0x00, 0xc6, K_X, K_X, 16, 0, 1 }, { 0x66, 0xc6, K_X, K_X, 16, 0, 1 },
    /* integer SIMD 60-7F, D1-FE: MMX (no prefix) and SSE2 (66) forms */
    { 0x00, 0x6e, K_M, K_G, 4, 0, 0 }, { 0x66, 0x6e, K_X, K_G, 4, 0, 0 },
    { 0x00, 0x7e, K_M, K_G, 4, 0, 0 }, { 0x66, 0x7e, K_X, K_G, 4, 0, 0 },
    { 0x00, 0x6f, K_M, K_M, 8, 0, 0 }, { 0x66, 0x6f, K_X, K_X, 16, 0, 0 },
    { 0xf3, 0x6f, K_X, K_X, 17, 0, 0 }, { 0x00, 0x7f, K_M, K_M, 8, 0, 0 },
    { 0x66, 0x7f, K_X, K_X, 16, 0, 0 }, { 0xf3, 0x7f, K_X, K_X, 17, 0, 0 },
    { 0xf3, 0x7e, K_X, K_X, 8, 0, 0 }, { 0x66, 0xd6, K_X, K_X, 8, 0, 0 },
    { 0xf3, 0xd6, K_X, K_M, 0, 1, 0 }, { 0xf2, 0xd6, K_M, K_X, 0, 1, 0 },
    { 0x00, 0x70, K_M, K_M, 8, 0, 1 }, { 0x66, 0x70, K_X, K_X, 16, 0, 1 },
    { 0xf3, 0x70, K_X, K_X, 16, 0, 1 }, { 0xf2, 0x70, K_X, K_X, 16, 0, 1 },
    { 0x00, 0xc4, K_M, K_G, 2, 0, 1 }, { 0x66, 0xc4, K_X, K_G, 2, 0, 1 },
    { 0x00, 0xc5, K_G, K_M, 0, 1, 1 }, { 0x66, 0xc5, K_G, K_X, 0, 1, 1 },
    { 0x00, 0xd7, K_G, K_M, 0, 1, 0 }, { 0x66, 0xd7, K_G, K_X, 0, 1, 0 },
    { 0x00, 0xe7, K_M, K_M, 8, 2, 0 }, { 0x66, 0xe7, K_X, K_X, 16, 2, 0 },
    { 0x00, 0xc3, K_G, K_G, 4, 2, 0 },
    { 0x66, 0x6c, K_X, K_X, 16, 0, 0 }, { 0x66, 0x6d, K_X, K_X, 16, 0, 0 },
};

/* Opcodes with both an MMX and a 66 (xmm) form and no immediate. */
static const uint8_t simd_int_ops[] = {
    0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x74, 0x75,
    0x76, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
    0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef,
    0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe,
};

static void gen_sse_op(Gen *g, const SseOp *o)
{
    int is_mem = o->mem && (o->regonly == 2 || rnd(g, 2));
    int is_store = o->op == 0x11 || o->op == 0x13 || o->op == 0x17 || o->op == 0x29 ||
                   o->op == 0x2b || o->op == 0x7e || o->op == 0x7f || o->op == 0xe7 ||
                   o->op == 0xd6 || o->op == 0xc3;
    Mem m = { 0 };
    if (is_mem) {
        m = plan_mem(g, o->mem == 16 ? 16 : o->mem == 17 ? 1 : o->mem, 0);
    }
    mark_insn(g);
    emit_seg_prefix(g);
    if (o->pfx) {
        emit8(g, o->pfx);
    }
    emit8(g, 0x0f);
    emit8(g, o->op);
    int reg = rnd(g, 8);
    if (o->reg == K_G && !is_store) {
        reg = rnd_dst_reg(g);
    }
    if (is_mem) {
        emit_modrm_mem(g, reg, &m);
    } else {
        /* movd/movq to a general register write it: not esp */
        int rm = o->rm == K_G && is_store ? rnd_dst_reg(g) : (int)rnd(g, 8);
        emit_modrm_reg(g, reg, rm);
    }
    if (o->imm) {
        emit8(g, rnd32(g));
    }
}

static void gen_sse(Gen *g)
{
    int k = rnd(g, 20);

    if (k < 10) {
        gen_sse_op(g, &sse_ops[rnd(g, sizeof(sse_ops) / sizeof(sse_ops[0]))]);
    } else if (k < 16) {
        SseOp o = { rnd(g, 2) ? 0x66 : 0, simd_int_ops[rnd(g, sizeof(simd_int_ops))],
                    K_X, K_X, 16, 0, 0 };
        if (!o.pfx) {
            o.reg = o.rm = K_M;
            o.mem = 8;
        }
        gen_sse_op(g, &o);
    } else if (k < 18) {
        /* shift by immediate groups 71/72/73 */
        static const uint8_t digits[3][4] = { { 2, 4, 6, 2 }, { 2, 4, 6, 2 }, { 2, 6, 3, 7 } };
        int grp = rnd(g, 3), x = rnd(g, 2);
        int d = digits[grp][rnd(g, 4)];
        if (grp == 2 && !x) {
            d = rnd(g, 2) ? 2 : 6;              /* psrldq/pslldq are xmm only */
        }
        emit_seg_prefix(g);
        if (x) {
            emit8(g, 0x66);
        }
        emit8(g, 0x0f);
        emit8(g, 0x71 + grp);
        emit_modrm_reg(g, d, rnd(g, 8));
        emit8(g, rnd(g, 3) ? rnd(g, 70) : rnd32(g));
    } else if (k == 18) {
        /* ldmxcsr of a valid value / stmxcsr */
        uint32_t addr = g->scratch + (rnd(g, RT_DATA_SIZE - 8) & ~3u);
        if (rnd(g, 2)) {
            uint32_t v = (rnd32(g) & 0xffff) | 0x1f80;
            if (rnd(g, 10) == 0) {
                v &= ~(rnd(g, 64) << 7);
            }
            emit8(g, 0xc7);
            emit8(g, 0x05);
            emit32(g, addr);
            emit32(g, v);
            mark_insn(g);
            emit8(g, 0x0f);
            emit8(g, 0xae);
            emit8(g, 0x15);
            emit32(g, addr);
        } else {
            emit8(g, 0x0f);
            emit8(g, 0xae);
            emit8(g, 0x1d);
            emit32(g, addr);
        }
    } else {
        /* maskmovq / maskmovdqu store through edi; emms */
        if (rnd(g, 3) == 0) {
            emit8(g, 0x0f);
            emit8(g, 0x77);
            return;
        }
        emit_set_reg(g, EDI, g->scratch + rnd(g, RT_DATA_SIZE - 32));
        mark_insn(g);
        emit_seg_prefix(g);
        if (rnd(g, 2)) {
            emit8(g, 0x66);
        }
        emit8(g, 0x0f);
        emit8(g, 0xf7);
        emit_modrm_reg(g, rnd(g, 8), rnd(g, 8));
    }
}

/* ---- SSE3 and SSSE3 ---- */

typedef struct Sse3Op {
    uint8_t pfx;        /* 0, 0x66, 0xf3, 0xf2 */
    uint8_t esc;        /* 0: 0F xx, 0x38: 0F 38 xx, 0x3a: 0F 3A xx */
    uint8_t op;
    uint8_t mem;        /* access size; 16 = aligned, 17 = any alignment */
    uint8_t memonly;
    uint8_t imm;
} Sse3Op;

static const Sse3Op sse3_ops[] = {
    { 0xf2, 0, 0xd0, 16, 0, 0 }, { 0x66, 0, 0xd0, 16, 0, 0 },     /* addsubps/pd */
    { 0xf2, 0, 0x7c, 16, 0, 0 }, { 0x66, 0, 0x7c, 16, 0, 0 },     /* haddps/pd */
    { 0xf2, 0, 0x7d, 16, 0, 0 }, { 0x66, 0, 0x7d, 16, 0, 0 },     /* hsubps/pd */
    { 0xf3, 0, 0x12, 16, 0, 0 }, { 0xf3, 0, 0x16, 16, 0, 0 },     /* movsldup/movshdup */
    { 0xf2, 0, 0x12, 8, 0, 0 }, { 0xf2, 0, 0xf0, 17, 1, 0 },      /* movddup, lddqu */
    { 0x66, 0x3a, 0x0f, 16, 0, 1 }, { 0x00, 0x3a, 0x0f, 8, 0, 1 }, /* palignr xmm/mm */
};

/* SSSE3 0F 38 00-0B and 1C-1E, each in its MMX and 66 (xmm) form. */
static const uint8_t ssse3_ops[] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x1c, 0x1d, 0x1e,
};

static void gen_sse3(Gen *g)
{
    Sse3Op o;
    int k = rnd(g, 4);

    if (k == 0) {
        /* fisttp m16/m32/m64 (DF /1, DB /1, DD /1): truncating x87 stores */
        static const uint8_t ops[] = { 0xdf, 0xdb, 0xdd };
        uint8_t op = ops[rnd(g, 3)];
        Mem m = plan_mem(g, op == 0xdf ? 2 : 4, 0);
        mark_insn(g);
        emit8(g, op);
        emit_modrm_mem(g, 1, &m);
        return;
    }
    if (k == 1) {
        o = sse3_ops[rnd(g, sizeof(sse3_ops) / sizeof(sse3_ops[0]))];
    } else {
        int x = rnd(g, 2);
        Sse3Op t = { x ? 0x66 : 0, 0x38, ssse3_ops[rnd(g, sizeof(ssse3_ops))], x ? 16 : 8, 0, 0 };
        o = t;
    }
    int is_mem = o.memonly || rnd(g, 2);
    Mem m = { 0 };
    if (is_mem) {
        m = plan_mem(g, o.mem == 16 ? 16 : o.mem == 17 ? 1 : o.mem, 0);
    }
    mark_insn(g);
    emit_seg_prefix(g);
    if (o.pfx) {
        emit8(g, o.pfx);
    }
    emit8(g, 0x0f);
    if (o.esc) {
        emit8(g, o.esc);
    }
    emit8(g, o.op);
    if (is_mem) {
        emit_modrm_mem(g, rnd(g, 8), &m);
    } else {
        emit_modrm_reg(g, rnd(g, 8), rnd(g, 8));
    }
    if (o.imm) {
        emit8(g, rnd(g, 3) ? rnd(g, 33) : rnd32(g));
    }
}

/* ---- state ---- */

/* An x87 register value: specials, small integers, random doubles, raw bits. */
static void rnd_f80(Rng *r, uint8_t *out)
{
    static const uint64_t mant[] = {
        0, 0x8000000000000000ull, 0xc000000000000000ull, 0xffffffffffffffffull,
        0x0000000000000001ull, 0x4000000000000000ull,
    };
    uint64_t m;
    uint16_t se;
    uint32_t k = rng_below(r, 10);
    if (k < 2) {
        m = mant[rng_below(r, 6)];
        static const uint16_t exps[] = { 0, 0x7fff, 0x3fff, 0x1, 0x7ffe, 0x403e };
        se = exps[rng_below(r, 6)];
        if (se != 0) {
            m |= 0x8000000000000000ull;     /* unnormals come from memory loads */
        }
    } else if (k < 5) {
        int32_t v = (int32_t)rng_below(r, 2001) - 1000;
        uint32_t a = v < 0 ? -v : v;
        if (a == 0) {
            m = 0;
            se = 0;
        } else {
            int sh = __builtin_clz(a);
            m = (uint64_t)a << (32 + sh);
            se = 0x3fff + 31 - sh;
        }
        se |= v < 0 ? 0x8000 : 0;
        memcpy(out, &m, 8);
        memcpy(out + 8, &se, 2);
        return;
    } else {
        m = rng_next(r) | 0x8000000000000000ull;
        se = 0x3fff - 70 + rng_below(r, 140);
        if (k == 9) {
            se = rng_next(r);
            m = rng_next(r);
            if (se & 0x7fff) {
                m |= 0x8000000000000000ull; /* no unnormals: they are invalid encodings */
            }
        }
    }
    se ^= rng_below(r, 2) ? 0x8000 : 0;
    memcpy(out, &m, 8);
    memcpy(out + 8, &se, 2);
}

/* Memory and xmm contents: float/double specials, values near 1.0, all-zero
 * and all-one words, random bits.  A 32-bit xorshift keeps this cheap: it
 * fills 8 KiB per case. */
static void rnd_mem_bytes(Rng *r, uint8_t *p, size_t n)
{
    static const uint32_t f32sp[] = {
        0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0x00000001,
        0x807fffff, 0x3f800000, 0x7f7fffff, 0x00800000, 0x4f000000, 0xcf000000, 0x3f000000,
        0x4b000001, 0xffffffff,
    };
    static const uint64_t f64sp[] = {
        0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff4000000000000ull, 1, 0x3ff0000000000000ull,
        0x7fefffffffffffffull, 0x0010000000000000ull, 0x41e0000000000000ull,
        0xc1e0000000000000ull, 0x000fffffffffffffull, 0x8000000000000001ull,
        0x43e0000000000000ull, 0xbff8000000000000ull,
    };
    uint32_t x = (uint32_t)rng_next(r) | 1;

    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint32_t w[2];
        uint64_t v;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        w[0] = x;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        w[1] = x;
        switch (w[0] >> 28) {
        case 0:
            v = f64sp[w[1] & 15];
            memcpy(w, &v, 8);
            break;
        case 1:
            w[0] = f32sp[w[1] & 15];
            w[1] = f32sp[(w[1] >> 4) & 15];
            break;
        case 2:
            w[0] = w[1] = (w[1] & 1) ? 0 : ~0u;
            break;
        case 3:
        case 4:
            /* a double near 1.0 (exponent 1000..1046) */
            w[0] ^= w[1];
            w[1] = (w[1] & 0x800fffff) | ((1000 + (w[1] >> 20) % 47) << 20);
            break;
        case 5:
        case 6:
            /* two floats near 1.0 (exponent 100..155) */
            w[0] = (w[0] & 0x807fffff) | ((100 + (w[1] & 63) % 56) << 23);
            w[1] = (w[1] & 0x807fffff) | ((100 + (w[0] & 63) % 56) << 23);
            break;
        default:
            break;
        }
        memcpy(p + i, w, 8);
    }
}

void rt_gen_state(uint64_t seed, uint64_t case_no, unsigned classes, uint32_t scratch,
                  RtState *st, uint8_t *mem)
{
    Rng rr = { seed * 0x2545f4914f6cdd1dull + case_no * 2 + 1 };
    Rng *r = &rr;

    rng_next(r);
    memset(st, 0, sizeof(*st));
    for (int i = 0; i < 8; i++) {
        uint32_t k = rng_below(r, 4);
        st->gpr[i] = k == 0 ? rng_below(r, 64) : k == 1 ? scratch + rng_below(r, RT_DATA_SIZE)
                                                         : (uint32_t)rng_next(r);
    }
    st->gpr[ESP] = scratch + RT_STACK_TOP;
    st->eflags = 0x202 | ((uint32_t)rng_next(r) & 0x08d5);
    if (rng_below(r, 4) == 0) {
        st->eflags |= 0x400;
    }
    rnd_mem_bytes(r, mem, RT_SCRATCH_SIZE);

    /* FPU: control word, status (TOP and condition codes), tags, registers */
    uint16_t fcw = 0x037f;
    if (classes & RT_CLASS_X87) {
        static const uint16_t pc[] = { 0, 2, 3 };
        fcw = 0x3f | 0x40 | (pc[rng_below(r, 3)] << 8) | (rng_below(r, 4) << 10);
    }
    uint16_t fsw = (rng_below(r, 8) << 11) | ((uint32_t)rng_next(r) & 0x4700);
    uint8_t ftw = (uint8_t)rng_next(r) | (uint8_t)rng_next(r);
    if (rng_below(r, 4) == 0) {
        ftw = rng_below(r, 2) ? 0 : 0xff;
    }
    memcpy(st->fx + 0, &fcw, 2);
    memcpy(st->fx + 2, &fsw, 2);
    st->fx[4] = ftw;
    for (int i = 0; i < 8; i++) {
        rnd_f80(r, st->fx + 32 + 16 * i);
    }
    uint32_t mxcsr = 0x1f80;
    if (classes & (RT_CLASS_SSE | RT_CLASS_SSE3)) {
        mxcsr = 0x1f80 | (rng_below(r, 4) << 13) | ((uint32_t)rng_next(r) & 0x8040);
        mxcsr |= (uint32_t)rng_next(r) & 0x3f & -(rng_below(r, 4) == 0);
    }
    memcpy(st->fx + 24, &mxcsr, 4);
    for (int i = 0; i < 8; i++) {
        rnd_mem_bytes(r, st->fx + 160 + 16 * i, 16);
    }
}

void rt_gen_code(uint64_t seed, uint64_t case_no, unsigned classes, unsigned max_units,
                 uint32_t scratch, uint32_t exit_addr, RtCode *code)
{
    Gen gg = { .rng = { seed * 0x9e3779b97f4a7c15ull + case_no * 2 + 2 } };
    Gen *g = &gg;
    unsigned n_units, i;
    static const uint8_t cls[4] = { RT_CLASS_INT, RT_CLASS_X87, RT_CLASS_SSE, RT_CLASS_SSE3 };
    unsigned avail[4], n_avail = 0;

    g->code = code;
    g->scratch = scratch;
    g->exit_addr = exit_addr;
    g->classes = classes;
    code->len = 0;
    code->n_units = 0;
    rng_next(&g->rng);
    for (i = 0; i < 4; i++) {
        if (classes & cls[i]) {
            avail[n_avail++] = cls[i];
        }
    }
    /* One main class per case, with a sprinkling of the others. */
    unsigned main_cls = avail[rnd(g, n_avail)];
    n_units = 1 + rnd(g, 12);
    for (i = 0; i < n_units && i < RT_MAX_UNITS; i++) {
        unsigned c = rnd(g, 8) == 0 ? avail[rnd(g, n_avail)] : main_cls;
        code->unit_start[i] = code->len;
        code->insn_start[i] = code->len;
        if (i < max_units) {
            if (c == RT_CLASS_INT) {
                gen_int(g);
            } else if (c == RT_CLASS_X87) {
                gen_x87(g);
            } else if (c == RT_CLASS_SSE) {
                gen_sse(g);
            } else {
                gen_sse3(g);
            }
        }
        code->unit_end[i] = code->len;
        code->n_units = i + 1;
        if (i >= max_units) {
            break;
        }
    }
    if (code->n_units > max_units) {
        code->n_units = max_units;
        code->len = code->unit_start[max_units];
    }
    /* Resolve forward branches; targets past the last unit go to the end. */
    for (i = 0; i < g->n_fix; i++) {
        uint32_t pos = g->fix[i].pos;
        if (pos >= code->len) {
            continue;
        }
        uint32_t tgt = g->fix[i].unit < code->n_units ? code->unit_end[g->fix[i].unit]
                                                       : code->len;
        if (g->fix[i].rel32) {
            uint32_t rel = tgt - (pos + 4);
            memcpy(code->bytes + pos, &rel, 4);
        } else {
            uint32_t rel = tgt - (pos + 1);
            code->bytes[pos] = rel < 128 ? rel : 0;
        }
    }
    /* jmp rt_exit */
    uint32_t end = code->len;
    code->bytes[end] = 0xe9;
    uint32_t rel = exit_addr - (RT_CODE_ADDR + end + 5);
    memcpy(code->bytes + end + 1, &rel, 4);
    code->len = end + 5;
}
