/*
 * modify_ldt (as old programs and Wine use it): install LDT descriptors,
 * load them into %fs and %es, read through them, read the LDT back,
 * clear entries, and the errors for bad requests.
 */
#define _GNU_SOURCE
#include <asm/ldt.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint32_t data[4] = { 0x11111111, 0x22222222, 0x33333333, 0x44444444 };

static long modify_ldt(int func, void *p, unsigned long n)
{
    long r = syscall(SYS_modify_ldt, func, p, n);
    return r < 0 ? -errno : r;
}

static long set_entry(int func, unsigned entry, uint32_t base, uint32_t limit, int flags)
{
    struct user_desc d;

    memset(&d, 0, sizeof(d));
    d.entry_number = entry;
    d.base_addr = base;
    d.limit = limit;
    d.seg_32bit = flags & 1;
    d.contents = (flags >> 1) & 3;
    d.read_exec_only = (flags >> 3) & 1;
    d.limit_in_pages = (flags >> 4) & 1;
    d.seg_not_present = (flags >> 5) & 1;
    d.useable = (flags >> 6) & 1;
    return modify_ldt(func, &d, sizeof(d));
}

int main(void)
{
    uint64_t ldt[8];
    uint32_t v;
    long r;

    printf("empty read: %ld\n", modify_ldt(0, ldt, sizeof(ldt)));
    r = modify_ldt(2, ldt, sizeof(ldt));
    printf("default read: %ld, all zero: %d\n", r, ldt[0] == 0 && ldt[7] == 0);

    printf("set 0: %ld\n", set_entry(0x11, 0, (uint32_t)(uintptr_t)&data[1], 0xfff, 1 | 16));
    printf("set 3 (old mode, useable): %ld\n",
           set_entry(1, 3, (uint32_t)(uintptr_t)&data[2], 7, 1 | 64));
    __asm__ volatile("mov %1, %%fs; movl %%fs:0, %0" : "=r"(v) : "r"(0 << 3 | 7));
    printf("through fs (entry 0): %#x\n", v);
    __asm__ volatile("push %%es; mov %1, %%es; movl %%es:4, %0; pop %%es"
                     : "=r"(v) : "r"(3 << 3 | 7));
    printf("through es (entry 3): %#x\n", v);
    __asm__ volatile("xor %%eax, %%eax; mov %%ax, %%fs" : : : "eax");

    memset(ldt, 0xaa, sizeof(ldt));
    r = modify_ldt(0, ldt, sizeof(ldt));
    printf("read: %ld\n", r);
    for (int i = 0; i < 6; i++) {
        printf("  ldt[%d] = %016llx\n", i, (unsigned long long)ldt[i]);
    }
    printf("short read: %ld\n", modify_ldt(0, ldt, 12));

    printf("clear 3 (old mode, base 0 limit 0): %ld\n", set_entry(1, 3, 0, 0, 1));
    printf("clear 0 (empty descriptor): %ld\n", set_entry(0x11, 0, 0, 0, 8 | 32));
    r = modify_ldt(0, ldt, sizeof(ldt));
    printf("read after clear: %ld, %016llx %016llx\n", r, (unsigned long long)ldt[0],
           (unsigned long long)ldt[3]);

    printf("bad size: %ld\n", modify_ldt(0x11, ldt, 8));
    printf("bad entry: %ld\n", set_entry(0x11, 8192, 0, 1, 1));
    printf("contents 3 present: %ld\n", set_entry(0x11, 1, 0, 1, 1 | 6));
    printf("bad func: %ld\n", modify_ldt(5, ldt, 16));
    return 0;
}
