/*
 * Forked children whose code differs from their parent's at the same
 * address. emu hands the keys of blocks a child translates back to the
 * parent, which translates its own memory there before its next fork
 * (linux-user/fork-share.c): the parent and later children must still run
 * their own code, and keys at addresses the parent has not mapped (or not
 * wholly: a first insn crossing into an unmapped page) must do no harm.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

typedef int (*fn)(void);

/* mov $v,%eax; ret */
static void put_ret(uint8_t *p, uint32_t v)
{
    p[0] = 0xb8;
    memcpy(p + 1, &v, 4);
    p[5] = 0xc3;
}

/* Run f in a child; its result as the exit status (0..255). */
static int in_child(fn f)
{
    int st;
    pid_t pid = fork();

    if (pid == 0) {
        _exit(f() & 0xff);
    }
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
        return -1;
    }
    return WEXITSTATUS(st);
}

/* At p: mov $1,%eax; jmp p+off; at p+64: add $10,%eax; ret; at p+128: add $20,%eax; ret */
static void put_jumper(uint8_t *p, int off)
{
    int32_t rel = off - 10;

    p[0] = 0xb8;
    memset(p + 1, 0, 4);
    p[1] = 1;
    p[5] = 0xe9;
    memcpy(p + 6, &rel, 4);
    p[64] = 0x83, p[65] = 0xc0, p[66] = 10, p[67] = 0xc3;
    p[128] = 0x83, p[129] = 0xc0, p[130] = 20, p[131] = 0xc3;
}

static uint8_t *jump_page;

/* The child's jump goes elsewhere: the parent must not chain its own so. */
static int child_jumps_elsewhere(void)
{
    int r = 0;

    put_jumper(jump_page, 128);
    for (int i = 0; i < 5; i++) {
        r += ((fn)jump_page)();
    }
    return r;
}

static uint8_t *code_page;
static uint8_t *fixed_at;

/* The child rewrites the (private) code page, then runs it. */
static int child_rewrites(void)
{
    put_ret(code_page, 22);
    return ((fn)code_page)();
}

/* The child maps code where the parent has nothing, then runs it. */
static int child_maps(void)
{
    uint8_t *p = mmap(fixed_at, 2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    int r;

    if (p != fixed_at) {
        return 255;
    }
    put_ret(p + 64, 33);
    memset(p + PAGE - 2, 0x90, 2);          /* nops into the second page */
    put_ret(p + PAGE, 44);
    r = ((fn)(p + 64))() + ((fn)(p + PAGE - 2))();
    return r;
}

/* Only children run this loop (a hot block). */
static int child_loop(void)
{
    volatile int n = 0;

    for (int i = 0; i < 1000; i++) {
        n += i & 3;
    }
    return n & 0x7f;
}

int main(void)
{
    int r;

    code_page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fixed_at = mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_page == MAP_FAILED || fixed_at == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    munmap(fixed_at, 2 * PAGE);
    jump_page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (jump_page == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    put_jumper(jump_page, 64);
    printf("child's jumps: %d\n", in_child(child_jumps_elsewhere));
    printf("next child's: %d\n", in_child((fn)jump_page));
    printf("parent's: %d\n", ((fn)jump_page)() + ((fn)jump_page)());
    put_ret(code_page, 11);

    r = in_child(child_rewrites);
    printf("child rewrote: %d\n", r);
    printf("next child runs the parent's code: %d\n", in_child((fn)code_page));
    printf("parent runs its code: %d\n", ((fn)code_page)());

    r = in_child(child_maps);
    printf("child mapped: %d\n", r);
    printf("a child after it: %d\n", in_child(child_loop));
    /* Now the parent maps only the first page, code crossing into the hole. */
    if (mmap(fixed_at, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != fixed_at) {
        perror("mmap fixed");
        return 1;
    }
    put_ret(fixed_at + 64, 55);
    fixed_at[PAGE - 2] = 0xb8;              /* mov imm32 crossing into the hole */
    fixed_at[PAGE - 1] = 0x01;
    printf("a child runs the parent's new page: %d\n", in_child((fn)(fixed_at + 64)));
    printf("parent runs it: %d\n", ((fn)(fixed_at + 64))());
    for (int i = 0; i < 5; i++) {
        printf("loop child %d: %d\n", i, in_child(child_loop));
    }
    return 0;
}
