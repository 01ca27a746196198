/*
 * Self-modifying code as x86 sees it: a store that patches the next insn of
 * the running block, a rewritten function, code written by rep movsb, and
 * code that the kernel writes (read(2), pread, readv) into pages already run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

/* mov $imm32, %eax; ret */
static void put_ret_imm(uint8_t *p, uint32_t v)
{
    p[0] = 0xb8;
    memcpy(p + 1, &v, 4);
    p[5] = 0xc3;
}

static uint32_t call(uint8_t *p)
{
    uint32_t r;

    __asm__ volatile("call *%1" : "=a"(r) : "r"(p), "c"(p) : "memory", "edx");
    return r;
}

int main(void)
{
    /* mov $1,%eax; movb $7,13(%ecx) (the top byte of the next imm); mov $5,%eax; ret */
    static const uint8_t same_tb[] = { 0xb8, 1, 0, 0, 0, 0xc6, 0x41, 0x0d, 0x07,
                                       0xb8, 5, 0, 0, 0, 0xc3 };
    /* mov $0x11,%dl; mov %dl,12(%ecx) (inside the next insn); mov $0x22,%eax; ret,
     * then the same through a 16-bit and a 32-bit store. */
    static const uint8_t byte_store[] = { 0xb2, 0x11, 0x88, 0x51, 0x0c, 0x90, 0x90, 0x90,
                                          0x90, 0x90, 0x90, 0xb8, 0x22, 0, 0, 0, 0xc3 };
    static const uint8_t dword_store[] = { 0xc7, 0x41, 0x08, 0x44, 0x33, 0x22, 0x11,
                                           0xb8, 0, 0, 0, 0, 0xc3 };
    uint8_t *p = mmap(NULL, 0x4000, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char path[] = "/tmp/emu-smc-XXXXXX";
    uint8_t buf[16];
    uint32_t r;
    int fd;

    if (p == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    memcpy(p, same_tb, sizeof(same_tb));
    for (int i = 0; i < 3; i++) {
        r = call(p);
        printf("same block %d: %#x\n", i, r);
        p[13] = 0;
    }
    memcpy(p + 0x100, byte_store, sizeof(byte_store));
    for (int i = 0; i < 2; i++) {
        r = call(p + 0x100);
        printf("byte store %d: %#x\n", i, r);
        p[0x10c] = 0x22;
    }
    memcpy(p + 0x200, dword_store, sizeof(dword_store));
    for (int i = 0; i < 2; i++) {
        r = call(p + 0x200);
        printf("dword store %d: %#x\n", i, r);
        memset(p + 0x208, 0, 4);
    }

    /* A function rewritten between calls, many times. */
    r = 0;
    for (uint32_t i = 0; i < 2000; i++) {
        put_ret_imm(p + 0x1000, i * 3);
        r += call(p + 0x1000);
    }
    printf("rewritten 2000 times: sum %u\n", r);

    /* rep movsb over code that has run. */
    put_ret_imm(p + 0x1100, 1);
    r = call(p + 0x1100);
    put_ret_imm(buf, 0xabcd);
    {
        void *dst = p + 0x1100, *src = buf;
        size_t n = 6;
        __asm__ volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(n) : : "memory");
    }
    r = r * 0x10000 + call(p + 0x1100);
    printf("rep movsb: %#x\n", r);

    /* The kernel writes the code: read(2) and pread into pages that ran. */
    fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        return 1;
    }
    unlink(path);
    put_ret_imm(buf, 0x1234);
    put_ret_imm(buf + 8, 0x5678);
    if (write(fd, buf, 16) != 16) {
        perror("write");
        return 1;
    }
    put_ret_imm(p + 0x2000, 7);
    r = call(p + 0x2000);
    lseek(fd, 0, SEEK_SET);
    printf("read: %zd\n", read(fd, p + 0x2000, 6));
    r = r * 0x10000 + call(p + 0x2000);
    printf("after read: %#x\n", r);
    printf("pread: %zd\n", pread(fd, p + 0x2000, 6, 8));
    printf("after pread: %#x\n", call(p + 0x2000));
    {
        struct iovec iov[2] = { { p + 0x2000, 3 }, { p + 0x2003, 3 } };
        lseek(fd, 8, SEEK_SET);
        put_ret_imm(p + 0x2000, 9);
        r = call(p + 0x2000);
        printf("readv: %zd\n", readv(fd, iov, 2));
        printf("after readv: %#x\n", r * 0x10000 + call(p + 0x2000));
    }
    close(fd);
    return 0;
}
