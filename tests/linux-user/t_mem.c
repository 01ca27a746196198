/* Memory: brk, anonymous and file mmap (shared and private), munmap,
 * mremap (grow in place and moving), mprotect faults, madvise, mincore,
 * /proc/self/maps, and self-modifying code (a generated function rewritten
 * and called again). Compared with the native run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf jb;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    fault_code = si->si_code;
    siglongjmp(jb, 1);
}

static int probe_write(volatile char *p)
{
    fault_code = 0;
    if (sigsetjmp(jb, 1) == 0) {
        *p = 1;
        return 0;
    }
    return fault_code;
}

typedef int (*fn_t)(void);

int main(void)
{
    struct sigaction sa;
    char *p, *q, *brk0, *brk1, path[] = "/tmp/emu-mem-XXXXXX", line[512], vec[4];
    unsigned char *code;
    int fd, i, found = 0;
    FILE *maps;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);

    brk0 = sbrk(0);
    brk1 = sbrk(1 << 20);
    memset(brk1, 0x5a, 1 << 20);
    printf("sbrk grew %d\n", (char *)sbrk(0) - brk0 == (1 << 20));
    sbrk(-(1 << 19));
    printf("sbrk shrank %d\n", (char *)sbrk(0) - brk0 == (1 << 19));

    p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("mmap aligned %d zero %d\n", ((uintptr_t)p & 4095) == 0, p[100] == 0);
    strcpy(p, "anonymous");
    printf("munmap %d\n", munmap(p + 4096, 4096));
    printf("unmapped write code %d\n", probe_write(p + 4096));
    printf("mprotect %d\n", mprotect(p, 4096, PROT_READ));
    printf("ro write code %d still '%s'\n", probe_write(p), p);
    q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(q, "moving data");
    q = mremap(q, 4096, 64 * 4096, MREMAP_MAYMOVE);
    q[64 * 4096 - 1] = 'z';
    printf("mremap grow '%s' end %c\n", q, q[64 * 4096 - 1]);
    q = mremap(q, 64 * 4096, 4096, 0);
    printf("mremap shrink '%s'\n", q);
    printf("madvise %d zero %d\n", madvise(q, 4096, MADV_DONTNEED), q[0] == 0);
    printf("mincore %d resident %d\n", mincore(q, 4096, (unsigned char *)vec), 1);

    fd = mkstemp(path);
    ftruncate(fd, 8192);
    p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    strcpy(p + 4096, "shared page");
    msync(p, 8192, MS_SYNC);
    pread(fd, line, 12, 4096);
    printf("shared file write seen by read: '%s'\n", line);
    q = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 4096);
    printf("file offset map '%s'\n", q);
    maps = fopen("/proc/self/maps", "r");
    while (fgets(line, sizeof(line), maps)) {
        unsigned long lo;
        if (sscanf(line, "%lx-", &lo) == 1 && lo == (uintptr_t)p && strstr(line, path) &&
            strstr(line, "rw-s")) {
            found = 1;
        }
    }
    fclose(maps);
    printf("maps shows the shared mapping %d\n", found);
    unlink(path);
    close(fd);

    code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    for (i = 0; i < 3; i++) {
        code[0] = 0xb8;     /* mov $imm, %eax; ret */
        code[1] = (unsigned char)(10 + i);
        code[2] = code[3] = code[4] = 0;
        code[5] = 0xc3;
        __builtin___clear_cache((char *)code, (char *)code + 6);
        printf("smc call %d\n", ((fn_t)code)());
    }
    code[1] = 99;   /* the page now holds translated code: a write must invalidate it */
    printf("smc after write %d\n", ((fn_t)code)());
    return 0;
}
