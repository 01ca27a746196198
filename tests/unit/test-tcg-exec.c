/*
 * exec/ with the toy guest: the CPU loop in interpreted, compiled and
 * co-simulated modes, chaining, goto_ptr, self-modifying code with
 * unchaining, precise exceptions from helpers and from host faults, full
 * flushes and several threads on one TB cache.
 */
#include <glib.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "exec/tb.h"
#include "util/log.h"
#include "tests/unit/toy-target.h"

#define GUEST_SIZE (16u << 20)
#define CODE 0x1000
#define NOPAGE 0x7000

typedef struct Mode {
    const char *name;
    bool interpret, cosim, nochain, system;
} Mode;

static const Mode modes[] = {
    { "interp", true, false, false, false },
    { "compiled", false, false, false, false },
    { "cosim", false, true, false, false },
    { "nochain", false, false, true, false },
    { "system", false, false, false, true },
    { "system-interp", true, false, false, true },
};

typedef struct Machine {
    uint8_t *mem;
    TBContext *tbc;
    ToyCPU cpu;
} Machine;

/* The SIGSEGV handler needs the machine: signal handlers get no argument. */
static Machine *segv_machine;

static void segv_handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    Machine *m = segv_machine;
    uintptr_t a = (uintptr_t)si->si_addr;
    CPUState *cpu = &m->cpu.parent;

    cpu_restore_host_context(cpu, uc);
    if (a >= (uintptr_t)m->mem && a < (uintptr_t)m->mem + GUEST_SIZE &&
        (uc->uc_mcontext.gregs[REG_ERR] & 2)) {
        switch (tb_handle_code_write_fault_cpu(cpu, a - (uintptr_t)m->mem,
                                               (uintptr_t)uc->uc_mcontext.gregs[REG_RIP])) {
        case TB_WRITE_RETRY:
            return;
        case TB_WRITE_RESTART:
            cpu_loop_exit(cpu);
        case TB_WRITE_NOT_OURS:
            break;
        }
    }
    cpu_restore_state(cpu, cpu->helper_retaddr ? cpu->helper_retaddr
                                                : (uintptr_t)uc->uc_mcontext.gregs[REG_RIP]);
    cpu->exception_index = TOY_EXCP_SEGV;
    cpu_loop_exit(cpu);
}

/* Slow-path calls of the system-mode accessors (the TLB test counts them). */
static unsigned sys_slow_calls;

/* Map the page in the TLB, as a softmmu would; code pages stay slow for writes. */
static void sys_tlb_fill(CPUState *cpu, uint64_t addr, bool write)
{
    uint64_t page = addr & TARGET_PAGE_MASK;
    CPUTLBEntry *e = &cpu->tlb[0][(addr >> TARGET_PAGE_BITS) & (CPU_TLB_SIZE - 1)];

    if (page == (CODE & TARGET_PAGE_MASK)) {
        return;
    }
    e->addr_read = page;
    e->addr_write = page;
    e->addend = (uintptr_t)segv_machine->mem;
    (void)write;
}

/* System mode: guest memory through accessors, as the softmmu will do. */
static uint64_t sys_read(CPUState *cpu, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);
    uint64_t v = 0;

    sys_slow_calls++;
    if ((addr & ~4095ull) == NOPAGE || addr + size > GUEST_SIZE) {
        cpu_raise_exception(cpu, TOY_EXCP_SEGV, 0, ra);
    }
    sys_tlb_fill(cpu, addr, false);
    memcpy(&v, segv_machine->mem + addr, size);
    if (get_memop(oi) & MO_BSWAP) {
        v = __builtin_bswap64(v) >> (64 - 8 * size);
    }
    return v;
}

static void sys_write(CPUState *cpu, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t ra)
{
    unsigned size = 1u << (get_memop(oi) & MO_SIZE);

    sys_slow_calls++;
    if ((addr & ~4095ull) == NOPAGE || addr + size > GUEST_SIZE) {
        cpu_raise_exception(cpu, TOY_EXCP_SEGV, 0, ra);
    }
    sys_tlb_fill(cpu, addr, true);
    if (get_memop(oi) & MO_BSWAP) {
        val = __builtin_bswap64(val) >> (64 - 8 * size);
    }
    tb_invalidate_range_cpu(cpu, addr, addr + size, ra);
    memcpy(segv_machine->mem + addr, &val, size);
}

static void machine_init(Machine *m, const Mode *mode, size_t code_size)
{
    TBConfig cfg = { 0 };
    struct sigaction sa = { 0 };

    memset(m, 0, sizeof(*m));
    m->mem = toy_guest_mem(GUEST_SIZE);
    g_assert_nonnull(m->mem);
    g_assert_cmpint(mprotect(m->mem + NOPAGE, 4096, PROT_NONE), ==, 0);
    cfg.ops = &toy_target_ops;
    cfg.code_size = code_size;
    cfg.user_mode = !mode->system;
    cfg.mem_read = sys_read;
    cfg.mem_write = sys_write;
    cfg.guest_base = (uintptr_t)m->mem;
    cfg.interpret = mode->interpret;
    cfg.cosim = mode->cosim;
    cfg.nochain = mode->nochain;
    m->tbc = tb_context_new(&cfg);
    g_assert_nonnull(m->tbc);
    g_assert_cmpint(cpu_init_exec(&m->cpu.parent, m->tbc), ==, 0);
    segv_machine = m;
    sa.sa_sigaction = segv_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
}

static void machine_free(Machine *m)
{
    signal(SIGSEGV, SIG_DFL);
    cpu_exec_detach(&m->cpu.parent);
    tb_context_free(m->tbc);
    munmap(m->mem, GUEST_SIZE);
}

static void load(Machine *m, uint32_t addr, const uint32_t *prog, size_t n)
{
    memcpy(m->mem + addr, prog, n * 4);
}

static int run(Machine *m, uint32_t pc)
{
    int r;

    m->cpu.env.pc = pc;
    do {
        r = cpu_exec(&m->cpu.parent);
    } while (r == EXCP_INTERRUPT);
    return r;
}

/* r1 = n + (n-1) + ... + 1, one TB looping on itself. */
static void sum_program(Machine *m, int n)
{
    const uint32_t prog[] = {
        TOY_INSN(TOY_MOVI, 0, n & 0xff, n >> 8),
        TOY_INSN(TOY_MOVI, 1, 0, 0),
        TOY_INSN(TOY_ADD, 1, 1, 0),
        TOY_INSN(TOY_ADDI, 0, 0, -1),
        TOY_INSN(TOY_BNZ, 0, 0, -2),
        TOY_INSN(TOY_HALT, 0, 0, 0),
    };
    load(m, CODE, prog, G_N_ELEMENTS(prog));
}

static void test_loop(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    TBStats st;

    machine_init(&m, mode, 0);
    sum_program(&m, 1000);
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 500500);
    g_assert_cmphex(m.cpu.env.pc, ==, CODE + 20);
    tb_context_stats(m.tbc, &st);
    g_assert_cmpuint(st.tbs, >=, 2);
    if (mode->cosim) {
        g_assert_cmpuint(st.cosim_checked, >, 900);
        g_assert_cmpuint(st.cosim_diffs, ==, 0);
    }
    if (!mode->interpret && !mode->nochain && !mode->cosim) {
        /* Chained (once the loop is hot): the loop runs inside generated code. */
        g_assert_cmpuint(m.cpu.tb_lookups, <, 10 + TB_HOT_BACK_JUMPS);
    } else {
        g_assert_cmpuint(m.cpu.tb_lookups, >=, 1000);
    }
    machine_free(&m);
}

static void test_goto_ptr(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    const uint32_t prog[] = {
        TOY_INSN(TOY_MOVI, 0, 100, 0),
        TOY_INSN(TOY_MOVI, 1, 0, 0),
        TOY_INSN(TOY_MOVI, 2, 0x10, 0x10),    /* r2 = 0x1010 */
        TOY_INSN(TOY_MOVI, 3, 0, 0),
        TOY_INSN(TOY_ADD, 1, 1, 0),           /* 0x1010 */
        TOY_INSN(TOY_ADDI, 0, 0, -1),
        TOY_INSN(TOY_BNZ, 0, 0, 2),
        TOY_INSN(TOY_HALT, 0, 0, 0),
        TOY_INSN(TOY_JR, 2, 0, 0),            /* 0x1020 */
    };

    machine_init(&m, mode, 0);
    load(&m, CODE, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 5050);
    g_assert_cmphex(m.cpu.env.pc, ==, CODE + 0x1c);
    if (mode->interpret || mode->cosim || mode->nochain) {
        g_assert_cmpuint(m.cpu.tb_lookups, >=, 100);   /* every jr through the loop */
    } else {
        /* The jump-cache probe in generated code: lookups only on misses. */
        g_assert_cmpuint(m.cpu.tb_lookups, <, 20);
    }
    machine_free(&m);
}

/*
 * The loop body patches its own first insn (addi r1, 1 -> addi r1, 100)
 * while the TB chains to itself: the second pass must see the new code.
 */
static void test_smc(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    uint32_t patched = TOY_INSN(TOY_ADDI, 1, 1, 100);
    const uint32_t prog[] = {
        TOY_INSN(TOY_MOVI, 0, 3, 0),
        TOY_INSN(TOY_MOVI, 1, 0, 0),
        TOY_INSN(TOY_MOVI, 3, 0x20, 0x10),    /* r3 = 0x1020 */
        TOY_INSN(TOY_MOVI, 4, patched & 0xff, (patched >> 8) & 0xff),
        TOY_INSN(TOY_MOVI, 5, (patched >> 16) & 0xff, patched >> 24),
        TOY_INSN(TOY_SHLI, 5, 5, 16),
        TOY_INSN(TOY_OR, 4, 4, 5),
        TOY_INSN(TOY_BNZ, 0, 0, 1),
        TOY_INSN(TOY_ADDI, 1, 1, 1),          /* 0x1020: patched */
        TOY_INSN(TOY_ST, 4, 3, 0),
        TOY_INSN(TOY_ADDI, 0, 0, -1),
        TOY_INSN(TOY_BNZ, 0, 0, -3),
        TOY_INSN(TOY_HALT, 0, 0, 0),
    };

    machine_init(&m, mode, 0);
    load(&m, CODE, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 201);
    machine_free(&m);
}

/* A store patches the next insn of its own block: x86 sees the new code. */
static void test_smc_same_tb(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    uint32_t patched = TOY_INSN(TOY_ADDI, 1, 1, 100);
    const uint32_t prog[] = {
        TOY_INSN(TOY_MOVI, 1, 0, 0),
        TOY_INSN(TOY_MOVI, 3, 0x20, 0x10),    /* r3 = 0x1020 */
        TOY_INSN(TOY_MOVI, 4, patched & 0xff, (patched >> 8) & 0xff),
        TOY_INSN(TOY_MOVI, 5, (patched >> 16) & 0xff, patched >> 24),
        TOY_INSN(TOY_SHLI, 5, 5, 16),
        TOY_INSN(TOY_OR, 4, 4, 5),
        TOY_INSN(TOY_ST, 4, 3, 0),            /* 0x1018 */
        TOY_INSN(TOY_ADDI, 1, 1, 1),
        TOY_INSN(TOY_ADDI, 1, 1, 1),          /* 0x1020: patched */
        TOY_INSN(TOY_HALT, 0, 0, 0),
    };

    machine_init(&m, mode, 0);
    load(&m, CODE, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 101);
    /* Run again: the block is translated from the new code. */
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 101);
    machine_free(&m);
}

/* Code changed from outside (as by mmap or a loader) after being run. */
static void test_invalidate_range(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    uint32_t insn = TOY_INSN(TOY_MOVI, 1, 42, 0);

    machine_init(&m, mode, 0);
    sum_program(&m, 10);
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 55);
    tb_invalidate_range(m.tbc, CODE + 4, CODE + 8);
    memcpy(m.mem + CODE + 4, &insn, 4);     /* r1 starts at 42 now */
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 97);
    machine_free(&m);
}

/* A helper raises an exception in mid-block: pc and earlier writes exact. */
static void test_precise_helper(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    const uint32_t prog[] = {
        TOY_INSN(TOY_MOVI, 1, 7, 0),
        TOY_INSN(TOY_MOVI, 2, 0, 0),
        TOY_INSN(TOY_ADDI, 1, 1, 1),
        TOY_INSN(TOY_DIV, 3, 1, 2),           /* 0x100c: divide by zero */
        TOY_INSN(TOY_MOVI, 1, 99, 0),
        TOY_INSN(TOY_HALT, 0, 0, 0),
    };

    machine_init(&m, mode, 0);
    load(&m, CODE, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_DIVZ);
    g_assert_cmphex(m.cpu.env.pc, ==, CODE + 12);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 8);
    /* And the same block divides fine once r2 is set. */
    m.cpu.env.regs[2] = 2;
    m.cpu.env.regs[1] = 8;
    g_assert_cmpint(run(&m, CODE + 12), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[3], ==, 4);
    machine_free(&m);
}

/* A guest load faults on the host: the signal handler restores the state. */
static void test_precise_segv(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    const uint32_t prog[] = {
        TOY_INSN(TOY_MOVI, 1, 5, 0),
        TOY_INSN(TOY_ADDI, 1, 1, 1),
        TOY_INSN(TOY_MOVI, 2, NOPAGE & 0xff, NOPAGE >> 8),
        TOY_INSN(TOY_LD, 3, 2, 0),            /* 0x100c: faults */
        TOY_INSN(TOY_MOVI, 1, 99, 0),
        TOY_INSN(TOY_HALT, 0, 0, 0),
    };

    machine_init(&m, mode, 0);
    load(&m, CODE, prog, G_N_ELEMENTS(prog));
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_SEGV);
    g_assert_cmphex(m.cpu.env.pc, ==, CODE + 12);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 6);
    machine_free(&m);
}

/* 20,000 blocks in a 1 MB buffer: several full flushes, same result. */
static void test_flush(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    TBStats st;
    enum { N = 20000 };
    uint32_t *prog = g_new(uint32_t, 2 * N + 2);

    machine_init(&m, mode, 1u << 20);
    prog[0] = TOY_INSN(TOY_MOVI, 7, 1, 0);
    for (int i = 0; i < N; i++) {
        prog[1 + 2 * i] = TOY_INSN(TOY_ADDI, 1, 1, 1);
        prog[2 + 2 * i] = TOY_INSN(TOY_BNZ, 7, 0, 1);
    }
    prog[1 + 2 * N] = TOY_INSN(TOY_HALT, 0, 0, 0);
    load(&m, 0x100000, prog, 2 * N + 2);
    g_assert_cmpint(run(&m, 0x100000), ==, TOY_EXCP_HALT);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, N);
    tb_context_stats(m.tbc, &st);
    g_assert_cmpuint(st.flushes, >=, 1);
    g_free(prog);
    machine_free(&m);
}

/* Loads and stores to a data page hit the inline TLB after the first miss. */
static void test_tlb(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    uint32_t v;
    const uint32_t prog[] = {
        TOY_INSN(TOY_MOVI, 2, 0x00, 0x20),    /* r2 = 0x2000 */
        TOY_INSN(TOY_MOVI, 0, 1000 & 0xff, 1000 >> 8),
        TOY_INSN(TOY_MOVI, 1, 0, 0),
        TOY_INSN(TOY_LD, 3, 2, 0),            /* 0x100c */
        TOY_INSN(TOY_ADD, 1, 3, 0),
        TOY_INSN(TOY_ST, 1, 2, 0),
        TOY_INSN(TOY_ADDI, 0, 0, -1),
        TOY_INSN(TOY_BNZ, 0, 0, -4),
        TOY_INSN(TOY_HALT, 0, 0, 0),
    };

    machine_init(&m, mode, 0);
    load(&m, CODE, prog, G_N_ELEMENTS(prog));
    sys_slow_calls = 0;
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    memcpy(&v, m.mem + 0x2000, 4);
    g_assert_cmpuint(v, ==, 500500);
    g_assert_cmpuint(m.cpu.env.regs[1], ==, 500500);
    if (mode->interpret) {
        g_assert_cmpuint(sys_slow_calls, ==, 2000);
    } else {
        g_assert_cmpuint(sys_slow_calls, <, 4);
    }
    machine_free(&m);
}

/* -d op,op_opt,out_asm,exec: the IR, capstone's host listing, each TB run. */
static void test_log(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    Log log = { LOG_OP | LOG_OP_OPT | LOG_OUT_ASM | LOG_EXEC, NULL };
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    TBConfig cfg;

    machine_init(&m, mode, 0);
    /* Recreate the cache with logging on. */
    cpu_exec_detach(&m.cpu.parent);
    tb_context_free(m.tbc);
    memset(&cfg, 0, sizeof(cfg));
    cfg.ops = &toy_target_ops;
    cfg.user_mode = true;
    cfg.guest_base = (uintptr_t)m.mem;
    cfg.log = &log;
    log.file = f;
    m.tbc = tb_context_new(&cfg);
    g_assert_nonnull(m.tbc);
    cpu_init_exec(&m.cpu.parent, m.tbc);
    sum_program(&m, 3);
    g_assert_cmpint(run(&m, CODE), ==, TOY_EXCP_HALT);
    fclose(f);
    g_assert_nonnull(strstr(text, "OP:\n"));
    g_assert_nonnull(strstr(text, " add_i32 r1,r1,r0\n"));
    g_assert_nonnull(strstr(text, "OP after optimization"));
    g_assert_nonnull(strstr(text, "OUT: [size="));
    /* Every block starts by testing exit_request through env (r14). */
    g_assert_nonnull(strstr(text, "cmp        dword ptr [r14 - "));
    g_assert_nonnull(strstr(text, "Trace 0: 0x"));
    free(text);
    machine_free(&m);
}

typedef struct ThreadArg {
    TBContext *tbc;
    ToyCPU cpu;
    uint32_t n;
    int ret;
} ThreadArg;

static void *thread_main(void *p)
{
    ThreadArg *a = p;

    cpu_init_exec(&a->cpu.parent, a->tbc);
    for (int rep = 0; rep < 50; rep++) {
        a->cpu.env.regs[0] = a->n;
        a->cpu.env.regs[1] = 0;
        a->cpu.env.pc = CODE + 8;
        do {
            a->ret = cpu_exec(&a->cpu.parent);
        } while (a->ret == EXCP_INTERRUPT);
        if (a->ret != TOY_EXCP_HALT || a->cpu.env.regs[1] != a->n * (a->n + 1) / 2) {
            break;
        }
    }
    cpu_exec_detach(&a->cpu.parent);
    return NULL;
}

/* Four host threads run guest code from one cache, with flushes meanwhile. */
static void test_threads(gconstpointer data)
{
    const Mode *mode = data;
    Machine m;
    ThreadArg args[4];
    pthread_t th[4];

    machine_init(&m, mode, 0);
    sum_program(&m, 0);
    for (int i = 0; i < 4; i++) {
        memset(&args[i], 0, sizeof(args[i]));
        args[i].tbc = m.tbc;
        args[i].n = 1000 + 100 * i;
        pthread_create(&th[i], NULL, thread_main, &args[i]);
    }
    for (int i = 0; i < 20; i++) {
        tb_flush(m.tbc);
        g_usleep(1000);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        g_assert_cmpint(args[i].ret, ==, TOY_EXCP_HALT);
        g_assert_cmpuint(args[i].cpu.env.regs[1], ==, args[i].n * (args[i].n + 1) / 2);
    }
    machine_free(&m);
}

static void add(const char *name, GTestDataFunc fn, bool all_modes)
{
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        char *path;

        if ((!all_modes && i != 1) || (modes[i].system && fn == test_threads)) {
            continue;
        }
        path = g_strdup_printf("/exec/%s/%s", modes[i].name, name);
        g_test_add_data_func(path, &modes[i], fn);
        g_free(path);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    add("loop", test_loop, true);
    add("goto_ptr", test_goto_ptr, true);
    add("smc", test_smc, true);
    add("smc_same_tb", test_smc_same_tb, true);
    add("invalidate_range", test_invalidate_range, true);
    add("precise_helper", test_precise_helper, true);
    add("precise_segv", test_precise_segv, true);
    add("flush", test_flush, false);
    add("threads", test_threads, true);
    add("log", test_log, false);
    g_test_add_data_func("/exec/system/tlb", &modes[4], test_tlb);
    g_test_add_data_func("/exec/system-interp/tlb", &modes[5], test_tlb);
    return g_test_run();
}
