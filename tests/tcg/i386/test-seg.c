/*
 * Segment registers in a Linux process: selector values, moves between
 * segment registers, %gs-relative TLS accesses as glibc emits them (in the
 * main thread and in a second thread), lfs/lgs far-pointer loads, segment
 * override prefixes, and the faults of bad selector loads.
 */
#include "common.h"

#include <pthread.h>

__thread uint32_t tls_var = 0x600d;
__thread uint32_t tls_arr[4] = { 1, 2, 3, 4 };

static void show_tls(const char *who)
{
    uint32_t self, via_gs, arr2, gs_sel;
    /* %gs:0 holds the thread pointer itself (TLS ABI variant II) */
    asm volatile("movl %%gs:0, %0" : "=r"(self));
    asm volatile("movl %%gs:tls_var@ntpoff, %0" : "=r"(via_gs));
    asm volatile("movl %%gs:tls_arr@ntpoff+8, %0" : "=r"(arr2));
    asm volatile("movl %%gs, %0" : "=r"(gs_sel));
    tls_var += 1;
    uint32_t after;
    asm volatile("movl %%gs:tls_var@ntpoff, %0" : "=r"(after));
    /* copy gs to fs and read the same data through fs */
    uint32_t via_fs;
    asm volatile("movw %%gs, %%ax\n\tmovw %%ax, %%fs\n\tmovl %%fs:tls_var@ntpoff, %0"
                 : "=r"(via_fs) : : "eax");
    printf("%s: gs nonnull %d self==&tls %d var %x arr2 %u after %x via_fs %x\n", who,
           gs_sel != 0, self == (uint32_t)__builtin_thread_pointer(),
           via_gs, arr2, after, via_fs);
}

static void *thread_fn(void *p)
{
    (void)p;
    tls_var = 0xbeef;
    show_tls("thread");
    return NULL;
}

static void test_tls(void)
{
    show_tls("main");
    pthread_t t;
    pthread_create(&t, NULL, thread_fn, NULL);
    pthread_join(t, NULL);
    show_tls("main again");
}

static void test_selectors(void)
{
    uint32_t cs, ds, es, ss, v;
    asm("movl %%cs, %0" : "=r"(cs));
    asm("movl %%ds, %0" : "=r"(ds));
    asm("movl %%es, %0" : "=r"(es));
    asm("movl %%ss, %0" : "=r"(ss));
    /* a 16-bit store of a selector to memory writes 2 bytes only */
    uint32_t m = 0xaaaaaaaa;
    asm("movw %%ds, %0" : "+m"(m));
    /* The values are the kernel's choice (a 64-bit host kernel gives 32-bit
     * processes other selectors than an i386 kernel): print their properties. */
    printf("selectors cs rpl %u ti %u ds rpl %u ti %u cs!=ds %d es==ds %d ss==ds %d "
           "mem==ds %d high %04x\n", cs & 3, (cs >> 2) & 1, ds & 3, (ds >> 2) & 1, cs != ds,
           ds == es, ds == ss, (m & 0xffff) == ds, m >> 16);
    /* a 32-bit push of a segment register: which bytes of the slot change */
    uint32_t slot[3] = { 0xcccccccc, 0xcccccccc, 0xcccccccc }, sp;
    asm volatile("mov %%esp, %0\n\tlea 12+%1, %%esp\n\tpushl %%ds\n\tpushw %%ss\n\t"
                 "pushw %%es\n\tpushl %%es\n\tmov %0, %%esp"
                 : "=&r"(sp), "+m"(slot) : : "memory");
    printf("push seg: high %04x low==ds %d | pushw %d %d | high %04x low==es %d\n",
           slot[2] >> 16, (slot[2] & 0xffff) == ds, (slot[1] >> 16) == ss,
           (slot[1] & 0xffff) == es, slot[0] >> 16, (slot[0] & 0xffff) == es);
    /* reload ds/es from themselves and through the stack */
    asm volatile("movw %%ds, %%ax\n\tmovw %%ax, %%es\n\tpush %%es\n\tpop %%ds" : : : "eax");
    /* overrides: ds/es/ss all have base 0 */
    static uint32_t word = 0x31415926;
    uint32_t a, b, c;
    asm("movl %%es:%1, %0" : "=r"(a) : "m"(word));
    asm("movl %%ss:%1, %0" : "=r"(b) : "m"(word));
    asm("movl %%cs:%1, %0" : "=r"(c) : "m"(word));
    printf("overrides %08x %08x %08x\n", a, b, c);
    /* lfs / lgs load a far pointer (offset, selector) */
    struct __attribute__((packed)) {
        uint32_t off;
        uint16_t sel;
    } fp = { 0x12345678, 0 };
    asm("movw %%gs, %0" : "=m"(fp.sel));
    asm volatile("lfs %1, %0\n\tmovl %%fs, %%eax\n\tmovw %%gs, %%cx\n\tcmpw %%ax, %%cx\n\t"
                 "sete %%al\n\tmovzbl %%al, %%eax\n\tmovl %%eax, %1" : "=r"(v), "+m"(fp) : : "eax",
                 "ecx", "cc");
    printf("lfs off %08x same_sel %u\n", v, fp.off);
    /* a null selector may be loaded into fs (use faults later) */
    asm volatile("xor %%eax, %%eax\n\tmovw %%ax, %%fs\n\tmovl %%fs, %0" : "=r"(v) : : "eax");
    printf("null fs %u\n", v);
}

static void load_ss_null(void *p)
{
    (void)p;
    asm volatile("push %%ss\n\txor %%eax, %%eax\n\tmovw %%ax, %%ss\n\tpop %%ss" : : : "eax");
}

static void load_ds_bad(void *p)
{
    (void)p;
    asm volatile("push %%ds\n\tmovw $0xfff8, %%ax\n\tmovw %%ax, %%ds\n\tpop %%ds" : : : "eax");
}

static void use_null_fs(void *p)
{
    uint32_t v;
    asm volatile("xor %%eax, %%eax\n\tmovw %%ax, %%fs\n\tmovl %%fs:0, %0" : "=r"(v) : : "eax");
    *(uint32_t *)p = v;
}

static void test_faults(void)
{
    uint32_t v = 0;
    printf("mov ss, null: %s\n", sig_name(test_catch(load_ss_null, NULL)));
    printf("mov ds, bad: %s\n", sig_name(test_catch(load_ds_bad, NULL)));
    printf("fs:0 with null fs: %s\n", sig_name(test_catch(use_null_fs, &v)));
}

static const TestSection sections[] = {
    { "tls", test_tls },
    { "selectors", test_selectors },
    { "faults", test_faults },
};

int main(int argc, char **argv)
{
    return test_main(argc, argv, sections, ARRAY_SIZE(sections));
}
