/*
 * System-call-heavy loop: cheap Linux system calls (getppid, read of
 * /dev/zero, write to /dev/null, lseek, fstat, a failing open) through thin
 * libc wrappers that cache nothing: measures the guest->host entry and exit.
 */
#include "bench.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_or_die(const char *path, int flags)
{
    int fd = open(path, flags);

    if (fd < 0) {
        perror(path);
        exit(1);
    }
    return fd;
}

int main(int argc, char **argv)
{
    long n = bench_arg(argc, argv, 600000);
    int zero = open_or_die("/dev/zero", O_RDONLY);
    int null = open_or_die("/dev/null", O_WRONLY);
    char buf[64];
    uint32_t sum = BENCH_FNV_INIT;

    memset(buf, 0x5a, sizeof(buf));
    for (long i = 0; i < n; i++) {
        struct stat st;
        long r = 0;

        /* The parent's pid varies between runs: only check it is sane. */
        if (getppid() <= 0) {
            fprintf(stderr, "syscall: getppid failed\n");
            return 1;
        }
        r += read(zero, buf, 1 + i % sizeof(buf));
        r += write(null, buf, 1 + (i * 7) % sizeof(buf));
        r += lseek(null, (off_t)i, SEEK_SET);
        if (i % 4 == 0) {
            r += fstat(zero, &st) == 0 && S_ISCHR(st.st_mode);
            r += open("/nonexistent/emu-bench", O_RDONLY) == -1;
        }
        sum = bench_fnv_u32(sum, (uint32_t)r);
        sum = bench_fnv(sum, buf, 4);
    }
    close(null);
    close(zero);
    return bench_report("syscall", n, sum);
}
