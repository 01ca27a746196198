/*
 * fork() while other threads keep the emulator busy (they rewrite and run
 * code, so translation and invalidation happen all the time): every child
 * must run new code and exit. A child that hangs is killed and reported.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NTHREADS 2
#define NFORKS 200
#define ADDS 300

static volatile int stop;
static volatile uint32_t started[NTHREADS];
static uint8_t *code_pages;

/*
 * mov $imm32, %eax; 300 x add $1, %eax; ret — rewritten with a new
 * immediate each time, so that it is translated again and again.
 */
static void *smc_loop(void *arg)
{
    int n = (int)(uintptr_t)arg;
    uint8_t *code = code_pages + 4096 * n;
    uint32_t sum = 0;

    for (uint32_t i = 0; !stop; i++) {
        code[0] = 0xb8;
        memcpy(code + 1, &i, 4);
        for (int k = 0; k < ADDS; k++) {
            memcpy(code + 5 + 3 * k, "\x83\xc0\x01", 3);
        }
        code[5 + 3 * ADDS] = 0xc3;
        sum += ((uint32_t (*)(void))code)();
        started[n] = i;
    }
    return (void *)(uintptr_t)sum;
}

/* Code only the children run, so that they have to translate it. */
static __attribute__((noinline)) int child_work(int n)
{
    int r = 0;

    for (int i = 0; i < n; i++) {
        r = r * 31 + (i ^ (r >> 3));
    }
    return r;
}

static int wait_child(pid_t pid)
{
    struct timespec ts = { 0, 2000000 };
    int status;

    for (int i = 0; i < 500; i++) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        nanosleep(&ts, NULL);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    return -1;
}

int main(void)
{
    pthread_t th[NTHREADS];
    int ok = 0, hung = 0, bad = 0;
    struct timespec ts = { 0, 1000000 };

    code_pages = mmap(NULL, 4096 * NTHREADS, PROT_READ | PROT_WRITE | PROT_EXEC,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code_pages == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_create(&th[i], NULL, smc_loop, (void *)(uintptr_t)i);
    }
    for (int i = 0; i < NTHREADS; i++) {
        while (started[i] < 100) {
            nanosleep(&ts, NULL);
        }
    }
    for (int i = 0; i < NFORKS; i++) {
        pid_t pid = fork();
        int r;

        if (pid == 0) {
            _exit(child_work(1000 + i) == child_work(1000 + i) ? 7 : 8);
        }
        if (pid < 0) {
            perror("fork");
            break;
        }
        r = wait_child(pid);
        if (r == 7) {
            ok++;
        } else if (r < 0) {
            hung++;
        } else {
            bad++;
        }
    }
    stop = 1;
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(th[i], NULL);
    }
    printf("forks %d: exited 7: %d, hung: %d, other: %d\n", NFORKS, ok, hung, bad);
    return hung || bad;
}
