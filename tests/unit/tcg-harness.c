/*
 * The compiled-versus-interpreted bench for IR blocks (tcg-harness.h).
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "tests/unit/tcg-harness.h"

static uint64_t harness_mix(uint64_t a, uint64_t b, uint32_t c)
{
    return (a * 0x9e3779b97f4a7c15ull) ^ (b + c) ^ (b >> 7);
}

static void harness_touch(TestEnv *env)
{
    env->g32[1] = env->g32[1] * 3 + (uint32_t)env->g64[0];
    env->g64[2] ^= ((uint64_t)env->g32[3] << 32) | env->g32[4];
}

static uint32_t harness_read(TestEnv *env)
{
    return env->g32[0] ^ (uint32_t)(env->g64[1] >> 3);
}

const TCGHelperInfo harness_mix_info = {
    (void *)harness_mix, "mix", TCG_CALL_NO_RWG_SE,
    TCG_HTYPE_I64 | TCG_HTYPE_I64 << 3 | TCG_HTYPE_I64 << 6 | TCG_HTYPE_I32 << 9,
};
const TCGHelperInfo harness_touch_info = {
    (void *)harness_touch, "touch", 0, TCG_HTYPE_VOID | TCG_HTYPE_PTR << 3,
};
const TCGHelperInfo harness_read_info = {
    (void *)harness_read, "read", TCG_CALL_NO_WG, TCG_HTYPE_I32 | TCG_HTYPE_PTR << 3,
};

static uint64_t harness_mem_ld(CPUState *cpu, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    TestCPU *c = (TestCPU *)cpu;
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    uint64_t v = 0;

    memcpy(&v, c->mem + (uint32_t)addr, size);
    if (get_memop(oi) & MO_BSWAP) {
        v = __builtin_bswap64(v) >> (64 - 8 * size);
    }
    return v;
}

static void harness_mem_st(CPUState *cpu, uint64_t addr, uint64_t v, MemOpIdx oi, uintptr_t ra)
{
    TestCPU *c = (TestCPU *)cpu;
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);

    if (get_memop(oi) & MO_BSWAP) {
        v = __builtin_bswap64(v) >> (64 - 8 * size);
    }
    memcpy(c->mem + (uint32_t)addr, &v, size);
}

/* The window's pages in the TLB of the compiled CPU: page 3 missing, page 5
 * mapped for reads only, so both slow paths run too. */
static void harness_tlb_fill(Harness *h)
{
    CPUState *cpu = &h->cpu[0].cpu;

    for (int m = 0; m < NB_MMU_MODES; m++) {
        for (int i = 0; i < CPU_TLB_SIZE; i++) {
            cpu->tlb[m][i].addr_read = cpu->tlb[m][i].addr_write = TLB_INVALID;
        }
    }
    for (uint32_t p = HARNESS_WINDOW; p < HARNESS_WINDOW + 0x9000; p += 0x1000) {
        CPUTLBEntry *e = &cpu->tlb[0][(p >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];
        int k = (p - HARNESS_WINDOW) >> 12;

        if (k == 3) {
            continue;
        }
        e->addr_read = p;
        e->addr_write = k == 5 ? p | TLB_INVALID : p;
        e->addend = (uintptr_t)h->mem[0];
    }
}

Harness *harness_new(bool system)
{
    static const char *const n32[8] = { "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7" };
    static const char *const n64[8] = { "q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7" };
    Harness *h = calloc(1, sizeof(*h));

    h->code = mmap(NULL, HARNESS_CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 2; i++) {
        h->mem[i] = mmap(NULL, HARNESS_GUEST_SIZE, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
    h->system = system;
    h->s = tcg_context_new(offsetof(TestCPU, env), !system, (uintptr_t)h->mem[0]);
    h->s->hooks.mem_ld = (void *)harness_mem_ld;
    h->s->hooks.mem_st = (void *)harness_mem_st;
    h->features = h->s->host_features;
    for (int i = 0; i < 2; i++) {
        h->cpu[i].mem = h->mem[i];
    }
    harness_tlb_fill(h);
    tcg_emit_prologue(h->s, h->code);
    for (int i = 0; i < 8; i++) {
        h->g32[i] = tcg_global_mem_new_i32(h->s, offsetof(TestEnv, g32[i]), n32[i]);
    }
    for (int i = 0; i < 8; i++) {
        h->g64[i] = tcg_global_mem_new_i64(h->s, offsetof(TestEnv, g64[i]), n64[i]);
    }
    return h;
}

void harness_free(Harness *h)
{
    tcg_context_free(h->s);
    munmap(h->code, HARNESS_CODE_SIZE);
    munmap(h->mem[0], HARNESS_GUEST_SIZE);
    munmap(h->mem[1], HARNESS_GUEST_SIZE);
    free(h);
}

void harness_start(Harness *h)
{
    tcg_func_start(h->s);
}

void harness_sync_copies(Harness *h)
{
    h->cpu[1].env = h->cpu[0].env;
    memcpy(h->mem[1] + HARNESS_WINDOW, h->mem[0] + HARNESS_WINDOW, 0x8000 + 8);
}

int harness_run(Harness *h)
{
    TCGContext *s = h->s;
    TCGIR *ir = tcg_ir_snapshot(s);     /* before optimisation: checks it too */
    uint8_t *code = h->code + 4096;
    TCGInterpEnv ie = {
        .env = &h->cpu[1].env,
        .user_mode = !h->system,
        .guest_base = (uintptr_t)h->mem[1],
        .cpu = &h->cpu[1].cpu,
        .mem_ld = (uint64_t (*)(void *, uint64_t, MemOpIdx, uintptr_t))harness_mem_ld,
        .mem_st = (void (*)(void *, uint64_t, uint64_t, MemOpIdx, uintptr_t))harness_mem_st,
        .exit_request = &h->cpu[1].cpu.exit_request,
        .tb = (const void *)HARNESS_FAKE_TB,
    };

    tcg_optimize(s);
    tcg_liveness(s);
    if (tcg_gen_code(s, code, h->code + HARNESS_CODE_SIZE, HARNESS_FAKE_TB) < 0) {
        free(ir);
        return -1;
    }
    h->ret[0] = tcg_qemu_tb_exec(s, &h->cpu[0].env, code);
    h->ret[1] = tcg_interp(ir, &ie);
    free(ir);
    return 0;
}

bool harness_same(Harness *h)
{
    const TestEnv *a = &h->cpu[0].env, *b = &h->cpu[1].env;
    bool same = true;

    for (int i = 0; i < 8; i++) {
        if (a->g32[i] != b->g32[i]) {
            fprintf(stderr, "a%d: compiled %08x interpreted %08x\n", i, a->g32[i], b->g32[i]);
            same = false;
        }
        if (a->g64[i] != b->g64[i]) {
            fprintf(stderr, "q%d: compiled %016" PRIx64 " interpreted %016" PRIx64 "\n", i,
                    a->g64[i], b->g64[i]);
            same = false;
        }
    }
    if (memcmp(a->scratch, b->scratch, sizeof(a->scratch))) {
        fprintf(stderr, "env scratch bytes differ\n");
        same = false;
    }
    if (memcmp(h->mem[0] + HARNESS_WINDOW, h->mem[1] + HARNESS_WINDOW, 0x8000 + 8)) {
        fprintf(stderr, "guest memory differs\n");
        same = false;
    }
    if (h->ret[0] != h->ret[1]) {
        fprintf(stderr, "exit value: compiled %#" PRIxPTR " interpreted %#" PRIxPTR "\n",
                h->ret[0], h->ret[1]);
        same = false;
    }
    return same;
}
