/*
 * Fault maps: in user mode a guest memory access is a plain host access that
 * may fault (a host SIGSEGV inside generated code). Storing every global the
 * block has changed before each access would make most of them stores that a
 * later insn of the block overwrites; instead the register allocator records,
 * per access, where those globals are, and the fault handler (exec/'s
 * cpu_restore_host_regs) copies them from the faulting context into env.
 *
 * A record, in 32-bit words: host start offset, host end offset, count, then
 * per global: its index | reg << 16 (host register), or its index |
 * FAULT_CONST followed by the 64-bit constant (two words, low first); per
 * dirty entry of the backend's xmm cache (tcg/x86_64/fp.c, pinned registers
 * only): FAULT_XMM | entry followed by its env offset (16 bytes from host
 * xmm8 + entry). A
 * record covers [start, end): the access's code, extended over the next
 * access when that one needs the same record and nothing that can fault or
 * leave the block came between (tcg_fault_close).
 */
#include <string.h>

#include "tcg/fp.h"

enum { FAULT_CONST = 1u << 31, FAULT_XMM = 1u << 30, FAULT_HDR = 3 };

static bool global_dirty(const TCGTemp *t)
{
    return t->kind == TEMP_GLOBAL &&
           ((t->val_type == TEMP_VAL_REG && !t->mem_coherent) || t->val_type == TEMP_VAL_CONST);
}

void tcg_fault_close(TCGContext *s)
{
    s->fault_open = -1;
}

/* Called before the access's code is emitted, with its inputs in place. */
bool tcg_fault_record(TCGContext *s)
{
    uint32_t *w = s->fault_words;
    int at = s->nb_fault_words, k = at + FAULT_HDR, n = 0;
    intptr_t fp_ofs[8];
    unsigned fp_dirty = tcg_fp_fault_mapped(s) ? tcg_fp_dirty(s, fp_ofs) : 0;

    if (!s->ra_globals_unsynced && !fp_dirty) {
        tcg_fault_close(s);
        s->fault_pending = -1;
        return true;        /* env holds every global */
    }
    for (int e = 0; e < 8; e++) {
        if (fp_dirty >> e & 1) {
            if (k + 2 > TCG_MAX_FAULT_WORDS) {
                return false;
            }
            w[k++] = e | FAULT_XMM;
            w[k++] = (uint32_t)fp_ofs[e];
            n++;
        }
    }
    /* Only the globals noted as written since their last store. */
    uint64_t todo = s->ra_globals_unsynced;
    for (int i = todo ? __builtin_ctzll(todo) : s->nb_globals, last = s->nb_globals; i < last;
         i = tcg_next_global(&todo, i, last)) {
        const TCGTemp *t = &s->temps[i];

        if (!global_dirty(t)) {
            continue;
        }
        if (k + 3 > TCG_MAX_FAULT_WORDS) {
            return false;
        }
        if (t->val_type == TEMP_VAL_REG) {
            w[k++] = i | (uint32_t)t->reg << 16;
        } else {
            uint64_t v = (uint64_t)t->cval;
            w[k++] = i | FAULT_CONST;
            w[k++] = (uint32_t)v;
            w[k++] = (uint32_t)(v >> 32);
        }
        n++;
    }
    if (!n) {
        tcg_fault_close(s);
        s->fault_pending = -1;
        return true;
    }
    w[at] = s->code_ptr - s->code_start;
    w[at + 2] = n;
    s->fault_pending = at;
    s->fault_pending_end = k;
    return true;
}

/* After the access's code: close the record, or grow the open one. */
void tcg_fault_record_end(TCGContext *s)
{
    uint32_t *w = s->fault_words;
    int at = s->fault_pending, end = s->fault_pending_end, prev = s->fault_open;
    uint32_t here = s->code_ptr - s->code_start;

    if (at < 0) {
        return;
    }
    s->fault_pending = -1;
    if (prev >= 0 && s->nb_fault_words - prev == end - at &&
        !memcmp(&w[prev + 2], &w[at + 2], (end - at - 2) * sizeof(uint32_t))) {
        w[prev + 1] = here;     /* the same map: one record for both */
        return;
    }
    w[at + 1] = here;
    s->nb_fault_words = end;
    s->fault_open = at;
}

/* A host fault at offset host_off of the block's code: globals into env. */
void tcg_fault_globals(const TCGContext *s, const uint32_t *words, uint32_t nb_words,
                       uint32_t host_off, void *env, const uint64_t host_regs[16],
                       const uint8_t (*host_xmm)[16])
{
    uint32_t k = 0;

    while (k + FAULT_HDR <= nb_words) {
        uint32_t start = words[k], end = words[k + 1], n = words[k + 2];

        k += FAULT_HDR;
        for (uint32_t j = 0; j < n; j++) {
            uint32_t e = words[k++];
            const TCGTemp *t = &s->temps[e & 0xffff];
            uint64_t v;

            if (e & FAULT_XMM) {
                uint32_t ofs = words[k++];
                if (host_off >= start && host_off < end && host_xmm) {
                    memcpy((char *)env + ofs, host_xmm[8 + (e & 7)], 16);
                }
                continue;
            }
            if (e & FAULT_CONST) {
                v = words[k] | (uint64_t)words[k + 1] << 32;
                k += 2;
            } else {
                v = host_regs[(e >> 16) & 15];
            }
            if (host_off >= start && host_off < end) {
                memcpy((char *)env + t->mem_offset, &v, t->type == TCG_TYPE_I32 ? 4 : 8);
            }
        }
        if (host_off >= start && host_off < end) {
            return;
        }
    }
}
