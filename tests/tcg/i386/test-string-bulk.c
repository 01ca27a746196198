/*
 * Bulk string paths: rep/non-rep movs/stos/lods/scas/cmps with short and long counts,
 * overlaps both ways, DF clear and set, page crossings, and the registers and fault
 * address when rep movs runs into a read-only or unmapped page.
 */
#include "common.h"

#include <sys/mman.h>

#define PAGE 4096

/* Registers of one string instruction; fl goes in (DF and arithmetic) and out. */
typedef struct StrRegs {
    uint32_t esi, edi, ecx, eax, fl;
} StrRegs;

#define STR_FN(fname, text) \
    static void fname(StrRegs *r) \
    { \
        uint32_t s = r->esi, d = r->edi, c = r->ecx, a = r->eax, f = r->fl; \
        asm volatile("push %4\n\tpopf\n\t" text "\n\tpushf\n\tpop %4\n\tcld" \
                     : "+S"(s), "+D"(d), "+c"(c), "+a"(a), "+r"(f) : : "cc", "memory"); \
        r->esi = s; \
        r->edi = d; \
        r->ecx = c; \
        r->eax = a; \
        r->fl = f; \
    }

STR_FN(rep_movsb, "rep movsb") STR_FN(rep_movsw, "rep movsw") STR_FN(rep_movsl, "rep movsl")
STR_FN(rep_stosb, "rep stosb") STR_FN(rep_stosw, "rep stosw") STR_FN(rep_stosl, "rep stosl")
STR_FN(rep_lodsb, "rep lodsb") STR_FN(rep_lodsw, "rep lodsw") STR_FN(rep_lodsl, "rep lodsl")
STR_FN(repne_scasb, "repne scasb") STR_FN(repne_scasw, "repne scasw")
STR_FN(repne_scasl, "repne scasl")
STR_FN(repe_cmpsb, "repe cmpsb") STR_FN(repe_cmpsw, "repe cmpsw") STR_FN(repe_cmpsl, "repe cmpsl")
STR_FN(two_movsb, "movsb\n\tmovsb") STR_FN(two_movsw, "movsw\n\tmovsw")
STR_FN(two_movsl, "movsl\n\tmovsl")
STR_FN(two_stosb, "stosb\n\tstosb") STR_FN(two_stosw, "stosw\n\tstosw")
STR_FN(two_stosl, "stosl\n\tstosl")
STR_FN(two_lodsb, "lodsb\n\tlodsb") STR_FN(two_lodsw, "lodsw\n\tlodsw")
STR_FN(two_lodsl, "lodsl\n\tlodsl")
STR_FN(two_cmpsb, "cmpsb\n\tcmpsb") STR_FN(two_cmpsw, "cmpsw\n\tcmpsw")
STR_FN(two_cmpsl, "cmpsl\n\tcmpsl")
STR_FN(two_scasb, "scasb\n\tscasb") STR_FN(two_scasw, "scasw\n\tscasw")
STR_FN(two_scasl, "scasl\n\tscasl")

typedef void (*StrFn)(StrRegs *r);

/* Index 0/1/2 = byte/word/dword. */
static const StrFn rep_movs[] = { rep_movsb, rep_movsw, rep_movsl };
static const StrFn rep_stos[] = { rep_stosb, rep_stosw, rep_stosl };
static const StrFn rep_lods[] = { rep_lodsb, rep_lodsw, rep_lodsl };
static const StrFn repne_scas[] = { repne_scasb, repne_scasw, repne_scasl };
static const StrFn repe_cmps[] = { repe_cmpsb, repe_cmpsw, repe_cmpsl };

/* Four pages plus a tail, page aligned so that offsets near PAGE cross a page. */
static uint8_t buf[4 * PAGE + 64] __attribute__((aligned(PAGE)));

static void fill(void)
{
    for (unsigned i = 0; i < sizeof(buf); i++) {
        buf[i] = (uint8_t)(i * 7 + (i >> 8));
    }
}

/* fill() without the byte scas looks for, so that only the planted match stops it. */
static void fill_no_ab(void)
{
    fill();
    for (unsigned i = 0; i < sizeof(buf); i++) {
        if (buf[i] == 0xab) {
            buf[i] = 0xac;
        }
    }
}

static uint32_t buf_hash(void)
{
    uint32_t x = 2166136261u;
    for (unsigned i = 0; i < sizeof(buf); i++) {
        x = (x ^ buf[i]) * 16777619u;
    }
    return x;
}

static uint32_t at(unsigned off)
{
    return (uint32_t)buf + off;
}

static int rel(uint32_t p)
{
    return (int)(p - (uint32_t)buf);
}

/* Runs fn with DF as given and every arithmetic flag set on entry. */
static void run(StrFn fn, StrRegs *r, int df)
{
    r->fl = (df ? FL_DF : 0) | 0x8d5;
    fn(r);
}

/* Short counts (0..40) around a page boundary, overlaps in both directions. */
static void test_short(void)
{
    static const int offs[] = { -5, -4, -1, 0, 1, 2, 3, 4, 7, 64 };

    for (int z = 0; z < 3; z++) {
        int sz = 1 << z;
        for (int df = 0; df < 2; df++) {
            for (unsigned o = 0; o < ARRAY_SIZE(offs); o++) {
                for (int n = 0; n <= 40; n += n < 6 ? 1 : 7) {
                    for (int st = PAGE - 16; st < PAGE + 4; st += 7) {
                        unsigned s = st + 100 + (df ? n * sz - sz : 0);
                        StrRegs r = { at(s), at(s + offs[o]), n, 0, 0 };
                        fill();
                        run(rep_movs[z], &r, df);
                        printf("movs %d %d %3d %2d %d: %08x %d %d %u %03x\n", sz, df, offs[o],
                               n, st, buf_hash(), rel(r.esi), rel(r.edi), r.ecx,
                               r.fl & FL_ARITH);
                    }
                }
            }
        }
    }
}

/* stos/lods/scas/cmps with short counts across a page boundary. */
static void test_short_other(void)
{
    for (int z = 0; z < 3; z++) {
        int sz = 1 << z;
        for (int df = 0; df < 2; df++) {
            for (int n = 0; n <= 40; n += n < 6 ? 1 : 7) {
                for (int st = PAGE - 16; st < PAGE + 4; st += 7) {
                    unsigned p = st + (df ? n * sz - sz : 0);
                    StrRegs r = { 0, at(p), n, 0x11223344, 0 };
                    fill();
                    run(rep_stos[z], &r, df);
                    printf("stos %d %d %2d %d: %08x %d %u\n", sz, df, n, st, buf_hash(),
                           rel(r.edi), r.ecx);
                    r = (StrRegs){ at(p), 0, n, 0xffffffff, 0 };
                    run(rep_lods[z], &r, df);
                    printf("lods %d %d %2d %d: %d %u %08x\n", sz, df, n, st, rel(r.esi),
                           r.ecx, r.eax);
                    fill_no_ab();
                    memset(buf + st + 20, 0xab, 4);
                    r = (StrRegs){ 0, at(p), n, 0xabababab, 0 };
                    run(repne_scas[z], &r, df);
                    printf("scas %d %d %2d %d: %d %u %03x\n", sz, df, n, st, rel(r.edi), r.ecx,
                           r.fl & FL_ARITH);
                    memcpy(buf + 2 * PAGE + st, buf + st, 200);
                    buf[2 * PAGE + st + 24] ^= 0x10;
                    r = (StrRegs){ at(p), at(2 * PAGE + p), n, 0, 0 };
                    run(repe_cmps[z], &r, df);
                    printf("cmps %d %d %2d %d: %d %d %u %03x\n", sz, df, n, st, rel(r.esi),
                           rel(r.edi), r.ecx, r.fl & FL_ARITH);
                }
            }
        }
    }
}

/* 5000-byte operations starting around a page boundary, crossing two more. */
static void test_long(void)
{
    static const int offs[] = { -9, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 8, 100, 4095, 5000 };
    const int len = 5000;

    for (int z = 0; z < 3; z++) {
        int sz = 1 << z, n = len / sz;
        for (int df = 0; df < 2; df++) {
            for (unsigned o = 0; o < ARRAY_SIZE(offs); o++) {
                for (int st = PAGE - 6; st < PAGE + 4; st += 3) {
                    int d = st + offs[o];
                    if (d < 16 || d + len > (int)sizeof(buf) - 16) {
                        continue;
                    }
                    unsigned s0 = st + (df ? len - sz : 0), d0 = d + (df ? len - sz : 0);
                    StrRegs r = { at(s0), at(d0), n, 0, 0 };
                    fill();
                    run(rep_movs[z], &r, df);
                    printf("movs %d %d %4d %d: %08x %d %d %u\n", sz, df, offs[o], st,
                           buf_hash(), rel(r.esi), rel(r.edi), r.ecx);
                }
            }
            for (int st = PAGE - 6; st < PAGE + 4; st += 3) {
                unsigned p = st + (df ? len - sz : 0);
                StrRegs r = { 0, at(p), n, 0x11223344, 0 };
                fill();
                run(rep_stos[z], &r, df);
                printf("stos %d %d %d: %08x %d %u\n", sz, df, st, buf_hash(), rel(r.edi),
                       r.ecx);
                fill_no_ab();
                memset(buf + st + (df ? 1000 : 3000), 0xab, 4);
                r = (StrRegs){ 0, at(p), n, 0xabababab, 0 };
                run(repne_scas[z], &r, df);
                printf("scas %d %d %d: %d %u %03x\n", sz, df, st, rel(r.edi), r.ecx,
                       r.fl & FL_ARITH);
                memcpy(buf + 2 * PAGE + 1000, buf + st, 3000);
                buf[2 * PAGE + 1000 + (df ? 500 : 2500)] ^= 1;
                unsigned s0 = st + (df ? 3000 - sz : 0);
                r = (StrRegs){ at(s0), at(s0 - st + 2 * PAGE + 1000), 3000 / sz, 0, 0 };
                run(repe_cmps[z], &r, df);
                printf("cmps %d %d %d: %d %d %u %03x\n", sz, df, st, rel(r.esi), rel(r.edi),
                       r.ecx, r.fl & FL_ARITH);
            }
        }
    }
}

/* Each non-rep instruction twice in a row (the second sees the first's pointers). */
static void test_pairs(void)
{
    static const struct {
        const char *name;
        StrFn fn;
    } ops[] = {
        { "movsb", two_movsb }, { "movsw", two_movsw }, { "movsl", two_movsl },
        { "stosb", two_stosb }, { "stosw", two_stosw }, { "stosl", two_stosl },
        { "lodsb", two_lodsb }, { "lodsw", two_lodsw }, { "lodsl", two_lodsl },
        { "cmpsb", two_cmpsb }, { "cmpsw", two_cmpsw }, { "cmpsl", two_cmpsl },
        { "scasb", two_scasb }, { "scasw", two_scasw }, { "scasl", two_scasl },
    };

    for (int df = 0; df < 2; df++) {
        for (unsigned i = 0; i < ARRAY_SIZE(ops); i++) {
            for (int st = PAGE - 6; st < PAGE + 2; st += 3) {
                StrRegs r = { at(st), at(st + 20), 0x1234, 0x8081fe7f, 0 };
                fill();
                buf[st + 20] = buf[st];
                run(ops[i].fn, &r, df);
                printf("%s %d %d: %d %d %08x %03x %08x\n", ops[i].name, df, st, rel(r.esi),
                       rel(r.edi), r.eax, r.fl & FL_ARITH, buf_hash());
            }
        }
    }
}

/* What the SIGSEGV handler saw: the string registers and the fault address. */
typedef struct FaultState {
    sigjmp_buf jb;
    uint32_t ecx, esi, edi, addr;
} FaultState;

static FaultState fault;

static void fault_handler(int sig, siginfo_t *si, void *uc_void)
{
    ucontext_t *uc = uc_void;

    (void)sig;
    fault.ecx = uc->uc_mcontext.gregs[REG_ECX];
    fault.esi = uc->uc_mcontext.gregs[REG_ESI];
    fault.edi = uc->uc_mcontext.gregs[REG_EDI];
    fault.addr = (uint32_t)si->si_addr;
    siglongjmp(fault.jb, 1);
}

/* Pages of the fault test: read/write, read-only, read/write, no access, read/write. */
#define FAULT_PAGES 5

/*
 * rep movs from or to a page boundary: case 0 writes up into the read-only page,
 * 1 reads up into the unmapped one, 2 (DF=1) writes down into the read-only page,
 * 3 (DF=1) reads down into the unmapped one; "back" bytes precede the boundary.
 */
static void test_fault(void)
{
    static const char *const what[] = { "write-ro-up", "read-none-up", "write-ro-down",
                                        "read-none-down" };
    struct sigaction sa;
    uint8_t *p = mmap(NULL, FAULT_PAGES * PAGE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED) {
        printf("mmap failed\n");
        return;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    mprotect(p + PAGE, PAGE, PROT_READ);
    mprotect(p + 3 * PAGE, PAGE, PROT_NONE);
    for (int z = 0; z < 3; z++) {
        int sz = 1 << z;
        for (int n = 1; n <= 40; n += 3) {
            for (int back = 1; back <= 20; back += 6) {
                for (int k = 0; k < 4; k++) {
                    uint32_t base = (uint32_t)p;
                    StrRegs r = { 0, 0, n, 0, 0 };
                    switch (k) {
                    case 0:
                        r.esi = base + 100;
                        r.edi = base + PAGE - back;
                        break;
                    case 1:
                        r.esi = base + 3 * PAGE - back;
                        r.edi = base + 200;
                        break;
                    case 2:
                        r.esi = base + 1000;
                        r.edi = base + 2 * PAGE + back - sz;
                        break;
                    default:
                        r.esi = base + 4 * PAGE + back - sz;
                        r.edi = base + 2000;
                        break;
                    }
                    memset(&fault, 0, sizeof(fault));
                    if (sigsetjmp(fault.jb, 1) == 0) {
                        run(rep_movs[z], &r, k >= 2);
                        printf("%s %d %2d %2d: ok ecx=%u esi=%d edi=%d\n", what[k], sz, n,
                               back, r.ecx, (int)(r.esi - base), (int)(r.edi - base));
                    } else {
                        printf("%s %d %2d %2d: segv ecx=%u esi=%d edi=%d addr=%d\n", what[k],
                               sz, n, back, fault.ecx, (int)(fault.esi - base),
                               (int)(fault.edi - base), (int)(fault.addr - base));
                    }
                }
            }
        }
    }
    signal(SIGSEGV, SIG_DFL);
    munmap(p, FAULT_PAGES * PAGE);
}

static const TestSection sections[] = {
    { "short-movs", test_short },
    { "short-other", test_short_other },
    { "long", test_long },
    { "pairs", test_pairs },
    { "fault", test_fault },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
