/*
 * cmpxchg/xadd/cmpxchg8b semantics (equal and unequal cases, flags), then
 * atomicity: threads hammer shared counters with lock add/inc/xadd/cmpxchg/
 * cmpxchg8b/bts and xchg; totals must be exact.
 */
#include "common.h"

#include <pthread.h>

static void test_cmpxchg(void)
{
    static const uint32_t vals[] = { 0, 1, 0x7fffffff, 0x80000000, 0xffffffff };
    for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
        for (unsigned j = 0; j < ARRAY_SIZE(vals); j++) {
            uint32_t a = vals[i], m = vals[j], f, a8 = vals[i], f8;
            volatile uint32_t mm = vals[j] ^ 0x01010101;
            asm("cmpxchgl %3, %1\n\tpushf\n\tpop %2"
                : "+a"(a), "+m"(m), "=r"(f) : "r"(0x5555aaaa) : "cc");
            asm("lock cmpxchgb %b3, %1\n\tpushf\n\tpop %2"
                : "+a"(a8), "+m"(mm), "=r"(f8) : "q"(0x77) : "cc");
            uint32_t r = vals[i], x = vals[j], fx, r16 = 0x12340000 | (vals[j] & 0xffff);
            asm("xaddl %0, %1\n\tpushf\n\tpop %2" : "+r"(r), "+r"(x), "=r"(fx) : : "cc");
            asm("xaddw %w0, %w0" : "+r"(r16) : : "cc");
            printf("cx %08x %08x: %08x %08x %03x | %08x %08x %03x | xadd %08x %08x %03x %08x\n",
                   vals[i], vals[j], a, m, f & FL_ARITH, a8, mm, f8 & FL_ARITH, r, x,
                   fx & FL_ARITH, r16);
        }
    }
    /* register-destination cmpxchg and the self case */
    uint32_t a = 5, d = 5, f;
    asm("cmpxchgl %0, %0\n\tpushf\n\tpop %1" : "+a"(a), "=r"(f) : : "cc");
    asm("cmpxchgl %2, %0" : "+r"(d), "+a"(a) : "r"(9) : "cc");
    printf("cx self %08x %03x %08x\n", a, f & FL_ARITH, d);
}

static void test_cmpxchg8b(void)
{
    static const uint64_t vals[] = { 0, 1, 0xffffffffffffffffull, 0x123456789abcdef0ull };
    for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
        for (unsigned j = 0; j < ARRAY_SIZE(vals); j++) {
            volatile uint64_t m = vals[j];
            uint32_t lo = (uint32_t)vals[i], hi = vals[i] >> 32, f;
            asm volatile("lock cmpxchg8b %2\n\tpushf\n\tpop %3"
                         : "+a"(lo), "+d"(hi), "+m"(m), "=r"(f)
                         : "b"(0xcafef00d), "c"(0xdeadbeef) : "cc");
            printf("cx8b %016llx %016llx: %08x:%08x %016llx zf %d\n",
                   (unsigned long long)vals[i], (unsigned long long)vals[j], hi, lo,
                   (unsigned long long)m, !!(f & FL_ZF));
        }
    }
}

#define N_THREADS 4
#define N_ITERS 100000

typedef struct Shared {
    uint32_t add, inc, xadd, cas, bts_hits, spin;
    uint64_t cas8;
    uint32_t bits[N_ITERS / 8];
    uint32_t sum_xchg;
    uint32_t ready;
} Shared;

static void *worker(void *p)
{
    Shared *s = p;
    /* start together so that the threads really contend */
    asm volatile("lock incl %0" : "+m"(s->ready) : : "cc");
    while (__atomic_load_n(&s->ready, __ATOMIC_ACQUIRE) < N_THREADS) {
        asm volatile("pause");
    }
    for (int i = 0; i < N_ITERS; i++) {
        uint32_t one = 1, old, nv;
        asm volatile("lock addl $3, %0" : "+m"(s->add) : : "cc");
        asm volatile("lock incl %0" : "+m"(s->inc) : : "cc");
        asm volatile("lock xaddl %0, %1" : "+r"(one), "+m"(s->xadd) : : "cc");
        do {
            old = s->cas;
            nv = old + 2;
            asm volatile("lock cmpxchgl %2, %1" : "+a"(old), "+m"(s->cas) : "r"(nv) : "cc");
        } while (old != nv - 2);
        uint64_t o8 = s->cas8, n8;
        uint32_t zf;
        do {
            n8 = o8 + 0x100000001ull;
            uint32_t lo = (uint32_t)o8, hi = o8 >> 32;
            asm volatile("lock cmpxchg8b %2\n\tsetz %b3"
                         : "+a"(lo), "+d"(hi), "+m"(s->cas8), "=q"(zf)
                         : "b"((uint32_t)n8), "c"((uint32_t)(n8 >> 32)) : "cc");
            o8 = ((uint64_t)hi << 32) | lo;
        } while (!(zf & 1));
        /* each bit index set by exactly one thread: lock bts reports it */
        uint32_t bit = (uint32_t)i * 2 % (N_ITERS / 8 * 32), was;
        asm volatile("lock btsl %2, %1\n\tsetc %b0" : "=q"(was), "+m"(s->bits) : "r"(bit)
                     : "cc");
        if (!(was & 1)) {
            asm volatile("lock incl %0" : "+m"(s->bts_hits) : : "cc");
        }
        /* xchg as a spin lock around a plain increment */
        uint32_t t;
        do {
            t = 1;
            asm volatile("xchgl %0, %1" : "+r"(t), "+m"(s->spin) : : "memory");
        } while (t);
        s->sum_xchg++;
        asm volatile("movl $0, %0" : "=m"(s->spin) : : "memory");
    }
    return NULL;
}

static void test_threads(void)
{
    static Shared s;
    pthread_t th[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        pthread_create(&th[i], NULL, worker, &s);
    }
    for (int i = 0; i < N_THREADS; i++) {
        pthread_join(th[i], NULL);
    }
    printf("threads %d x %d: add %u inc %u xadd %u cas %u cas8 %016llx bts %u xchg %u\n",
           N_THREADS, N_ITERS, s.add, s.inc, s.xadd, s.cas, (unsigned long long)s.cas8,
           s.bts_hits, s.sum_xchg);
}

static const TestSection sections[] = {
    { "cmpxchg_xadd", test_cmpxchg },
    { "cmpxchg8b", test_cmpxchg8b },
    { "threads", test_threads },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
