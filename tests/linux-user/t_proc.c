/* Processes: fork/vfork/wait4/waitid statuses, pipes to a child, execve of a
 * guest program (this one, again), getpid family consistency, rlimits,
 * prctl names, /proc/self/exe, getrandom, sched calls, time calls, an
 * unknown system call. Compared with the native run. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char buf[4096], exe[4096];
    struct rlimit rl;
    struct timespec t0, t1, req = { 0, 20000000 };
    struct timeval tv;
    cpu_set_t cs;
    siginfo_t si;
    int p[2], st, n;
    pid_t pid;
    ssize_t len;

    if (argc > 1 && !strcmp(argv[1], "child")) {
        printf("exec'd child argc %d arg %s env %s\n", argc, argv[2], getenv("T_PROC_VAR"));
        return 42;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("pid consistent %d %d\n", getpid() == syscall(SYS_getpid), gettid() == getpid());
    pipe(p);
    pid = fork();
    if (pid == 0) {
        close(p[0]);
        dprintf(p[1], "from child ppid ok %d", getppid() > 1);
        _exit(7);
    }
    close(p[1]);
    memset(buf, 0, sizeof(buf));
    n = read(p[0], buf, sizeof(buf) - 1);
    printf("%d '%s'\n", n, buf);
    n = wait4(pid, &st, 0, NULL) == pid;
    printf("wait4 same %d exited %d status %d\n", n, WIFEXITED(st), WEXITSTATUS(st));
    pid = vfork();
    if (pid == 0) {
        _exit(9);
    }
    memset(&si, 0, sizeof(si));
    n = waitid(P_PID, pid, &si, WEXITED);
    printf("waitid %d code %d status %d pid ok %d\n", n, si.si_code, si.si_status,
           si.si_pid == pid);
    len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[len > 0 ? len : 0] = 0;
    printf("exe matches argv0 %d\n", !strcmp(exe, realpath(argv[0], buf)));
    pid = fork();
    if (pid == 0) {
        char *args[] = { argv[0], "child", "two", NULL };
        char *envs[] = { "T_PROC_VAR=yes", NULL };
        execve(exe, args, envs);
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("execve child status %d\n", WEXITSTATUS(st));
    n = execl("/nonexistent", "x", NULL);
    printf("execve missing %d errno %d\n", n, errno);
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("getrlimit ok %d\n", rl.rlim_cur > 0);
    rl.rlim_cur = 100;
    printf("setrlimit %d\n", setrlimit(RLIMIT_NOFILE, &rl));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("nofile %ld\n", (long)rl.rlim_cur);
    printf("prlimit stack %d\n", prlimit(0, RLIMIT_STACK, NULL, &rl));
    prctl(PR_SET_NAME, "emu-test");
    memset(buf, 0, 32);
    prctl(PR_GET_NAME, buf);
    printf("prctl name %s\n", buf);
    printf("getrandom %zd\n", getrandom(buf, 64, 0));
    CPU_ZERO(&cs);
    n = sched_getaffinity(0, sizeof(cs), &cs);
    printf("affinity %d count>0 %d\n", n, CPU_COUNT(&cs) > 0);
    printf("sched_yield %d policy %d\n", sched_yield(), sched_getscheduler(0));
    clock_gettime(CLOCK_MONOTONIC, &t0);
    nanosleep(&req, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("slept >= 20ms %d\n",
           (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) >= 20000000);
    gettimeofday(&tv, NULL);
    printf("time agrees %d\n", labs((long)time(NULL) - (long)tv.tv_sec) <= 1);
    printf("times %d\n", times(NULL) != (clock_t)-1);
    len = syscall(1000);
    printf("unknown syscall %ld errno %d\n", (long)len, errno);
    printf("getuid consistent %d\n", getuid() == (uid_t)syscall(SYS_getuid32));
    n = umask(027);
    printf("umask %o %o\n", n, umask(022));
    printf("getpgrp %d getsid %d\n", getpgrp() == getpgid(0), getsid(0) > 0);
    printf("kill 0 %d\n", kill(getpid(), 0));
    return 0;
}
